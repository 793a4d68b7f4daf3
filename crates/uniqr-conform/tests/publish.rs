//! The results site from synthetic inputs: `results.json` matches its
//! schema and its snapshot (time stamps fixed), and the front page carries
//! every verdict state with its trust mark.

use jsonschema::Validator;
use serde_json::{Value, json};
use uniqr_conform::attest::{self, LabKey, Subject};
use uniqr_conform::publish::{self, Results, collect::classify};

fn schema(name: &str) -> Validator {
    let path = format!("{}/../../spec/schema/{name}", env!("CARGO_MANIFEST_DIR"));
    let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::options().build(&value).unwrap()
}

/// A small report of `vendor` with `kind`, finished at `at`, whose case
/// `b` (requirement R-SIG-1) has outcome `b`.
fn report(vendor: &str, kind: &str, at: &str, b: &str) -> String {
    json!({
        "format": "uniqr-conformance-report", "version": 2, "complete": true,
        "verdict": {"kind": kind, "text": format!("{} (verifier)", kind.to_uppercase()),
                    "profiles": ["verifier"], "waivers": 0, "partial": []},
        "provenance": {"runner": "uniqr 0.1.0", "suite_version": "1.2.0", "suite_digest": "ab".repeat(32),
            "suite_kind": "official", "suite_cases": 2, "selected_cases": 2,
            "vendor": {"command": "vendor", "mode": "persistent", "name": vendor, "version": "2.1", "protocol": 1, "ops": ["verify"]},
            "claim": {}, "filters": [], "skips": [], "options": {}, "started": at, "finished": at},
        "totals": {"pass": 2}, "categories": {}, "stale_baseline": [], "expired_waivers": [],
        "cases": [
            {"id": "a", "category": "sig", "requirements": ["R-ORD-1"], "outcome": {"kind": "pass"}},
            {"id": "b", "category": "sig", "requirements": ["R-SIG-1"], "outcome": {"kind": b}}
        ]
    })
    .to_string()
}

fn results() -> (Results, LabKey) {
    let lab = LabKey::from_seed([3; 32]);
    let keys = [lab.public().clone()];
    let mut r = Results::default();
    let certified = report(
        "Acme Verifier",
        "conformant",
        "2026-05-01T10:00:00Z",
        "pass",
    );
    let p = publish::predicate_from_report(&certified, &"00".repeat(32), "lab").unwrap();
    let env = attest::sign(
        vec![Subject::of("report.json", certified.as_bytes())],
        attest::CONFORMANCE,
        &p,
        &lab,
    )
    .unwrap();
    classify(&mut r, "in/acme/run.intoto.json", &env, &keys);
    classify(
        &mut r,
        "in/acme/old/report.json",
        &report(
            "Acme Verifier",
            "conformant",
            "2026-04-01T10:00:00Z",
            "pass",
        ),
        &keys,
    );
    classify(
        &mut r,
        "in/beta/report.json",
        &report(
            "Beta <b>",
            "not_conformant",
            "2026-05-02T10:00:00Z",
            "accepted_invalid",
        ),
        &keys,
    );
    classify(
        &mut r,
        "in/beta/old.json",
        &report("Beta <b>", "partial", "2026-03-02T10:00:00Z", "pass"),
        &keys,
    );
    classify(
        &mut r,
        "in/gamma/report.json",
        &report(
            "Gamma",
            "conformant_with_waivers",
            "2026-05-03T10:00:00Z",
            "pass",
        ),
        &keys,
    );
    classify(
        &mut r,
        "in/broken.intoto.json",
        "{\"payloadType\":1,\"signatures\":[]}",
        &keys,
    );
    (r, lab)
}

#[test]
fn results_json_matches_its_schema_and_snapshot() {
    let (r, _) = results();
    let site = publish::build(&r, "2026-06-01T00:00:00Z");
    let text = String::from_utf8(site.files["results.json"].clone()).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = schema("results.schema.json")
        .iter_errors(&v)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The snapshot keeps the requirements some vendor tested.
    let mut small = v.clone();
    let reqs = small["requirements"].as_object_mut().unwrap();
    reqs.retain(|_, r| {
        r["vendors"]
            .as_object()
            .unwrap()
            .values()
            .any(|s| s != "untested")
    });
    small["files"] = json!(v["files"].as_array().unwrap().len());
    insta::assert_json_snapshot!("results_json", small);
}

#[test]
fn the_front_page_shows_each_verdict_with_its_trust_mark() {
    let (r, lab) = results();
    let site = publish::build(&r, "2026-06-01T00:00:00Z");
    let index = String::from_utf8(site.files["index.html"].clone()).unwrap();
    for (slug, verdict, trust) in [
        ("acme-verifier", "conformant", "certified"),
        ("beta-b", "not_conformant", "self-reported"),
        ("gamma", "conformant_with_waivers", "self-reported"),
    ] {
        let cell = format!(
            "data-vendor=\"{slug}\" data-profile=\"verifier\" data-verdict=\"{verdict}\" data-trust=\"{trust}\""
        );
        assert!(index.contains(&cell), "{cell}");
    }
    assert!(index.contains("Beta &lt;b&gt;") && !index.contains("Beta <b>"));
    let beta = String::from_utf8(site.files["vendors/beta-b.html"].clone()).unwrap();
    assert!(beta.contains("data-verdict=\"partial\""));
    assert!(
        beta.contains("<li data-case=\"b\""),
        "the new failure since the partial run"
    );
    let acme = String::from_utf8(site.files["vendors/acme-verifier.html"].clone()).unwrap();
    assert!(acme.contains(lab.public().kid()));
    assert_eq!(
        site,
        publish::build(&r, "2026-06-01T00:00:00Z"),
        "deterministic"
    );
}
