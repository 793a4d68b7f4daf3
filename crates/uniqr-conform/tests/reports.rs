//! The conformance reports: snapshots of the text, JSON and JUnit renderings
//! of a real run of the reference and of a synthetic run with one case of
//! every outcome kind; the JSON report against `spec/schema/report.schema.json`;
//! a self-contained HTML report; and deterministic runs.

use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use base64::Engine;
use jsonschema::Validator;
use serde_json::{Value, json};
use uniqr_conform::report::{
    CaseReport, Format, RunReport, SEVERITY, VendorInfo, html, json, junit, text,
};
use uniqr_conform::runner::{self, Options, Vendor};
use uniqr_conform::vectors::{Case, Outcome, Response, Suite};

/// Categories of the real run: every operation, small enough to snapshot.
const CATEGORIES: [&str; 4] = ["prefix-version", "qr-mode", "encode-es256", "decode"];

fn suite() -> &'static Suite {
    static SUITE: OnceLock<Suite> = OnceLock::new();
    SUITE
        .get_or_init(|| uniqr_conform::vectors::embedded().unwrap_or_else(|e| panic!("suite: {e}")))
}

fn options(jobs: usize) -> Options {
    Options {
        filters: CATEGORIES.iter().map(|c| format!("{c}/*")).collect(),
        jobs,
        ..Options::default()
    }
}

fn run(opts: &Options) -> RunReport {
    runner::run(suite(), opts, &AtomicBool::new(false), &|_| {})
        .unwrap_or_else(|e| panic!("run: {e}"))
}

/// The reference run over [`CATEGORIES`], with its time stamps.
fn reference() -> &'static RunReport {
    static REPORT: OnceLock<RunReport> = OnceLock::new();
    REPORT.get_or_init(|| run(&options(1)))
}

fn case(id: &str) -> &'static Case {
    suite()
        .cases()
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

fn rejection(code: &str, message: &str) -> Option<Response> {
    Some(Response {
        ok: Some(false),
        error: Some(code.into()),
        message: Some(message.into()),
        ..Response::default()
    })
}

fn accepted() -> Option<Response> {
    Some(Response {
        ok: Some(true),
        ..Response::default()
    })
}

/// A run with one case of every outcome kind, hostile text in the details,
/// a stale baseline line, and the incomplete flag.
fn synthetic() -> RunReport {
    let s = |t: &str| t.to_owned();
    let cases = vec![
        CaseReport::new(case("decode-eddsa"), Outcome::Pass, accepted()),
        CaseReport::new(
            case("version-uq0"),
            Outcome::AcceptedInvalid {
                expected: s("VERSION_UNSUPPORTED"),
            },
            accepted(),
        ),
        CaseReport::new(
            case("qr-clean-eddsa"),
            Outcome::RejectedValid {
                got: s("QR_UNREADABLE"),
                message: s("no finder <pattern> & \"quotes\" 'here'"),
            },
            rejection("QR_UNREADABLE", "no finder <pattern>"),
        ),
        CaseReport::new(
            case("qr-no-symbol"),
            Outcome::WrongError {
                expected: case("qr-no-symbol")
                    .expected
                    .error
                    .clone()
                    .unwrap_or_default(),
                got: s("SIGNATURE_INVALID"),
            },
            rejection("SIGNATURE_INVALID", "bad signature"),
        ),
        CaseReport::new(
            case("decode-es256"),
            Outcome::WrongPayload {
                diff: s("/payload/pid: expected \"VN-079-0001\", got \"X\"; /claims/iat: missing"),
            },
            accepted(),
        ),
        CaseReport::new(
            case("encode-es256-identity-only"),
            Outcome::WrongEncoding {
                offset: 17,
                layer: s("claims"),
            },
            accepted(),
        ),
        CaseReport::new(
            case("version-uq2"),
            Outcome::Crash {
                detail: s("exit status 101\nthread 'main' panicked at src/lib.rs:1:1: <boom>"),
            },
            None,
        ),
        CaseReport::new(
            case("version-uq9"),
            Outcome::Timeout {
                detail: s("no reply within 5000 ms; process group killed"),
            },
            None,
        ),
        CaseReport::new(
            case("version-uqa"),
            Outcome::ProtocolError {
                detail: s("reply id 7, expected 6: <script>alert(1)</script>"),
            },
            None,
        ),
        CaseReport::new(
            case("qr-byte-mode"),
            Outcome::Skipped {
                reason: s("vendor does not support scan_verify"),
            },
            None,
        ),
        CaseReport::new(
            case("version-uqz-lowercase-letter"),
            Outcome::ExpectedFailure {
                actual: s("wrong_error"),
                reason: s("lowercase prefixes land in release 3.1"),
            },
            rejection("PREFIX_INVALID", "x"),
        ),
    ];
    let mut p = reference().provenance.clone();
    p.selected_cases = cases.len() + 1;
    p.vendor = VendorInfo {
        command: s("python3 acme.py --strict"),
        mode: s("persistent"),
        name: Some(s("acme-verifier")),
        version: Some(s("2.4.0")),
        protocol: Some(1),
        ops: Some(vec![s("verify"), s("decode"), s("encode")]),
    };
    RunReport::new(
        p,
        false,
        cases,
        vec![s(
            "remove (matches no case): case = \"gone-*\"  outcome = \"any\"  reason = \"old\"",
        )],
    )
}

/// What the snapshots hold: no time stamps, and no suite digest or runner
/// version, so that a regenerated suite or a version bump alone does not
/// change them.
fn for_snapshot(r: &RunReport) -> RunReport {
    let mut r = r.without_timestamps();
    r.provenance.suite_digest = "<suite-digest>".into();
    r.provenance.runner = "uniqr <version>".into();
    r
}

fn schema() -> Validator {
    let path = format!(
        "{}/spec/schema/report.schema.json",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    jsonschema::options()
        .should_validate_formats(true)
        .build(&value)
        .unwrap_or_else(|e| panic!("{path} does not compile: {e}"))
}

fn schema_errors(v: &Validator, report: &Value) -> Vec<String> {
    v.iter_errors(report)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect()
}

fn json_value(r: &RunReport) -> Value {
    serde_json::from_str(&json::render(r)).unwrap_or_else(|e| panic!("report JSON: {e}"))
}

#[test]
fn reference_run_covers_every_op_and_passes() {
    let r = reference();
    let ops: std::collections::BTreeSet<_> = r.cases.iter().map(|c| c.op.as_str()).collect();
    assert_eq!(ops.len(), 4, "ops: {ops:?}");
    assert_eq!(r.verdict, "conformant");
    assert!(r.complete);
    assert_eq!(r.totals.get("pass"), Some(&r.cases.len()));
}

#[test]
fn synthetic_run_has_every_outcome_kind() {
    let r = synthetic();
    for kind in SEVERITY {
        assert_eq!(r.totals.get(kind), Some(&1), "{kind}");
    }
    assert_eq!(r.verdict, "not conformant");
}

#[test]
fn reference_text_json_and_junit_match_snapshots() {
    let r = for_snapshot(reference());
    insta::assert_snapshot!("reference_text", text::render(&r));
    insta::assert_snapshot!("reference_json", json::render(&r));
    insta::assert_snapshot!("reference_junit", junit::render(&r));
}

#[test]
fn synthetic_text_json_and_junit_match_snapshots() {
    let r = for_snapshot(&synthetic());
    insta::assert_snapshot!("synthetic_text", text::render(&r));
    insta::assert_snapshot!("synthetic_json", json::render(&r));
    insta::assert_snapshot!("synthetic_junit", junit::render(&r));
}

#[test]
fn snapshots_hold_no_timestamps() {
    for r in [reference(), &synthetic()] {
        let r = for_snapshot(r);
        for out in [text::render(&r), json::render(&r), junit::render(&r)] {
            assert!(!out.contains(&reference().provenance.started));
            assert!(!out.contains(&reference().provenance.finished));
        }
    }
}

#[test]
fn json_reports_validate_against_the_schema() {
    let v = schema();
    for (name, r) in [
        ("reference", reference().clone()),
        ("synthetic", synthetic()),
    ] {
        let errors = schema_errors(&v, &json_value(&r));
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn schema_rejects_mutated_reports() {
    let v = schema();
    let base = json_value(&synthetic());
    let outcome = |i: usize| format!("/cases/{i}/outcome");
    let kind_at = |kind: &str| {
        base["cases"]
            .as_array()
            .and_then(|cs| cs.iter().position(|c| c["outcome"]["kind"] == kind))
            .unwrap_or_else(|| panic!("no {kind} case"))
    };
    let mutations: Vec<(&str, String, Option<Value>)> = vec![
        (
            "unknown outcome kind",
            outcome(kind_at("crash")),
            Some(json!({"kind": "exploded", "detail": "x"})),
        ),
        (
            "outcome without its field",
            outcome(kind_at("wrong_encoding")),
            Some(json!({"kind": "wrong_encoding", "layer": "claims"})),
        ),
        (
            "outcome with another kind's field",
            outcome(kind_at("pass")),
            Some(json!({"kind": "pass", "detail": "x"})),
        ),
        (
            "offset as text",
            format!("{}/offset", outcome(kind_at("wrong_encoding"))),
            Some(json!("17")),
        ),
        (
            "expected failure of a passing kind",
            format!("{}/actual", outcome(kind_at("expected_failure"))),
            Some(json!("pass")),
        ),
        ("no verdict", "/verdict".into(), None),
        ("unknown verdict", "/verdict".into(), Some(json!("mostly"))),
        ("other format", "/format".into(), Some(json!("junit"))),
        ("later version", "/version".into(), Some(json!(2))),
        ("unknown top member", "/extra".into(), Some(json!(1))),
        (
            "unknown case member",
            "/cases/0/extra".into(),
            Some(json!(1)),
        ),
        ("case without got", "/cases/0/got".into(), None),
        (
            "unknown kind in totals",
            "/totals/fine".into(),
            Some(json!(1)),
        ),
        ("zero count", "/totals/pass".into(), Some(json!(0))),
        (
            "bad digest",
            "/provenance/suite_digest".into(),
            Some(json!("abc")),
        ),
        (
            "bad time stamp",
            "/provenance/started".into(),
            Some(json!("yesterday")),
        ),
        (
            "unknown mode",
            "/provenance/vendor/mode".into(),
            Some(json!("cloud")),
        ),
        (
            "unknown option",
            "/provenance/options/colour".into(),
            Some(json!(true)),
        ),
    ];
    for (what, pointer, value) in mutations {
        let mut doc = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap_or_default();
        let obj = doc
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("{what}: no object at {parent}"));
        match value {
            Some(v) => obj.insert(key.to_owned(), v),
            None => obj.remove(key),
        };
        assert!(
            !v.is_valid(&doc),
            "{what}: the schema accepts {pointer} = {:?}",
            doc.pointer(&pointer)
        );
    }
}

/// Every `attr="…"` value in the HTML.
fn attr_values<'h>(html: &'h str, attr: &str) -> Vec<&'h str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

fn assert_self_contained(name: &str, html: &str) {
    for bad in [
        "http://", "https://", "src=\"//", "<link", "@import", "<script", "<iframe", "<object",
        "<embed",
    ] {
        assert!(!html.contains(bad), "{name}: HTML contains {bad:?}");
    }
    for (i, _) in html.match_indices("url(") {
        let arg = html[i + 4..].trim_start_matches(['"', '\'', ' ']);
        assert!(arg.starts_with("data:"), "{name}: url( at byte {i}");
    }
    for src in attr_values(html, "src") {
        assert!(src.starts_with("data:"), "{name}: src {src:.40}");
    }
    for href in attr_values(html, "href") {
        assert!(href.starts_with('#'), "{name}: href {href}");
    }
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn html_reports_are_self_contained() {
    assert_self_contained("reference", &html::render(reference(), suite()));
    assert_self_contained("synthetic", &html::render(&synthetic(), suite()));
}

#[test]
fn html_lists_every_failure_most_severe_first_with_its_details() {
    let r = synthetic();
    let out = html::render(&r, suite());
    let mut last = 0;
    for c in r.failures() {
        let anchor = format!("<article class=\"case\" id=\"case-{}\"", c.id);
        let at = out
            .find(&anchor)
            .unwrap_or_else(|| panic!("{} missing from the HTML", c.id));
        assert!(at > last, "{} out of order", c.id);
        last = at;
        assert!(out.contains(&format!("data-kind=\"{}\"", c.outcome.kind())));
    }
    for id in [
        "qr-byte-mode",
        "version-uqz-lowercase-letter",
        "decode-eddsa",
    ] {
        assert!(!out.contains(&format!("id=\"case-{id}\"")), "{id} listed");
    }
    // Text input, diff lines, encoding offset, expected failure, stale line.
    let text = case("version-uq0").input.text.clone().unwrap_or_default();
    assert!(out.contains(&format!("<pre class=\"block\">{}</pre>", html::esc(&text))));
    assert!(out.contains("<li><code>/claims/iat: missing</code></li>"));
    assert!(out.contains("byte 17, in the claims"));
    assert!(out.contains("lowercase prefixes land in release 3.1"));
    assert!(out.contains("remove (matches no case): case = &quot;gone-*&quot;"));
    assert!(out.contains("id=\"incomplete\""));
    assert!(out.contains("data-verdict=\"not conformant\" data-complete=\"false\""));
}

#[test]
fn html_escapes_codec_text() {
    let out = html::render(&synthetic(), suite());
    assert!(!out.contains("<script>alert(1)</script>"));
    assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(out.contains("no finder &lt;pattern&gt; &amp; &quot;quotes&quot; &#39;here&#39;"));
}

#[test]
fn html_embeds_failing_input_images_as_data_uris() {
    let out = html::render(&synthetic(), suite());
    for (id, mime) in [
        ("qr-clean-eddsa", "image/png"),
        ("qr-no-symbol", "image/jpeg"),
    ] {
        let path = case(id).input.image.clone().unwrap_or_default();
        let bytes = suite().file(&path).unwrap_or_else(|| panic!("{path}"));
        let uri = format!(
            "src=\"data:{mime};base64,{}\"",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        );
        let article = &out[out.find(&format!("id=\"case-{id}\"")).unwrap_or(0)..];
        let article = &article[..article.find("</article>").unwrap_or(article.len())];
        assert!(article.contains(&uri), "{id}: no {mime} data URI");
    }
}

#[test]
fn html_does_not_embed_unreadable_or_huge_images() {
    let mut r = synthetic();
    for c in &mut r.cases {
        if c.id == "qr-clean-eddsa" {
            c.input = Some("images/qr-file-pixel-bomb.png".into());
        }
        if c.id == "qr-no-symbol" {
            c.input = Some("images/qr-file-not-an-image.png".into());
        }
    }
    let out = html::render(&r, suite());
    assert!(!out.contains("data:image"));
    assert!(out.contains("too large to show"));
    assert!(out.contains("not a readable PNG or JPEG image"));
    // That file holds QR text: it is shown as text.
    let bytes = suite()
        .file("images/qr-file-not-an-image.png")
        .unwrap_or_default();
    let shown = html::esc(std::str::from_utf8(bytes).unwrap_or("?"));
    assert!(out.contains(&format!("<pre class=\"block\">{shown}</pre>")));
}

#[test]
fn html_summary_numbers_match_the_totals() {
    for r in [reference().clone(), synthetic()] {
        let out = html::render(&r, suite());
        let total: usize = r.totals.values().sum();
        assert!(out.contains(&format!("id=\"total-cases\" data-count=\"{total}\"")));
        let failed = r.failures().len();
        assert!(out.contains(&format!("id=\"total-failures\" data-count=\"{failed}\"")));
        for kind in SEVERITY {
            let n = r.totals.get(kind).copied().unwrap_or(0);
            let hook = format!("id=\"total-{kind}\" data-kind=\"{kind}\" data-count=\"{n}\"");
            assert!(out.contains(&hook), "{hook}");
        }
        for (cat, counts) in &r.categories {
            let n: usize = counts.values().sum();
            let hook = format!("data-category=\"{cat}\" data-total=\"{n}\"");
            assert!(out.contains(&hook), "{hook}");
        }
    }
}

#[test]
fn html_of_a_clean_run_says_conformant_and_lists_no_failure() {
    let out = html::render(reference(), suite());
    assert!(out.contains("data-verdict=\"conformant\" data-complete=\"true\""));
    assert!(out.contains("<p>No case failed.</p>"));
    assert!(!out.contains("id=\"incomplete\""));
    assert!(!out.contains("<article"));
}

#[test]
fn format_render_dispatches_to_each_reporter() {
    let r = synthetic();
    assert_eq!(Format::Text.render(&r, suite()), text::render(&r));
    assert_eq!(Format::Json.render(&r, suite()), json::render(&r));
    assert_eq!(Format::Junit.render(&r, suite()), junit::render(&r));
    assert_eq!(Format::Html.render(&r, suite()), html::render(&r, suite()));
}

#[test]
fn two_runs_give_identical_reports() {
    let again = run(&options(1));
    assert_eq!(
        json::render(&reference().without_timestamps()),
        json::render(&again.without_timestamps())
    );
    assert_eq!(
        html::render(&reference().without_timestamps(), suite()),
        html::render(&again.without_timestamps(), suite())
    );
}

#[test]
fn parallel_jobs_give_the_same_report() {
    let mut two = run(&options(2)).without_timestamps();
    assert_eq!(two.provenance.options["jobs"], json!(2));
    two.provenance.options["jobs"] = json!(1);
    assert_eq!(two, reference().without_timestamps());
}

#[test]
fn reference_vendor_is_recorded_in_provenance() {
    let p = &reference().provenance;
    assert_eq!(p.vendor.mode, "in-process");
    assert_eq!(p.vendor.command, "built-in reference");
    assert_eq!(p.suite_digest, suite().digest());
    assert_eq!(p.suite_cases, suite().cases().len());
    assert!(matches!(options(1).vendor, Vendor::Reference));
}
