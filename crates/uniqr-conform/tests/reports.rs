//! The conformance reports: snapshots of the text, JSON and JUnit renderings
//! of a real run of the reference and of a synthetic run with one case of
//! every outcome kind; the JSON report against `spec/schema/report.schema.json`;
//! and deterministic runs. The HTML report has its own tests, in
//! `html_report.rs`.

use jsonschema::Validator;
use serde_json::{Value, json};
use uniqr_conform::report::{Format, Kind, RunReport, SEVERITY, html, json, junit, text};
use uniqr_conform::runner::Vendor;

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::{options, reference, run, suite, synthetic};

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
    assert_eq!(ops.len(), 5, "ops: {ops:?}");
    // Filtered to five categories: nothing failed, but that is no claim.
    assert_eq!(r.verdict.kind, Kind::Partial);
    assert_eq!(r.verdict.partial, ["filtered (--filter)"]);
    assert_eq!(
        r.verdict.text,
        "PARTIAL (verifier, scanner, issuer, inspector, renderer): filtered (--filter)"
    );
    assert!(r.complete && r.passed() && !r.certified());
    assert_eq!(r.totals.get("pass"), Some(&r.cases.len()));
}

#[test]
fn synthetic_run_has_every_outcome_kind() {
    let r = synthetic();
    for kind in SEVERITY {
        assert_eq!(r.totals.get(kind), Some(&1), "{kind}");
    }
    assert_eq!(r.verdict.kind, Kind::NotConformant);
    assert!(!r.passed() && !r.complete);
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
        (
            "unknown verdict",
            "/verdict/kind".into(),
            Some(json!("mostly")),
        ),
        (
            "verdict text in other words",
            "/verdict/text".into(),
            Some(json!("Looks fine")),
        ),
        (
            "unknown profile",
            "/provenance/claim/profiles".into(),
            Some(json!(["printer"])),
        ),
        (
            "unknown suite kind",
            "/provenance/suite_kind".into(),
            Some(json!("official-ish")),
        ),
        ("other format", "/format".into(), Some(json!("junit"))),
        ("earlier version", "/version".into(), Some(json!(1))),
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

#[test]
fn junit_carries_case_times_the_start_and_the_provenance() {
    let out = junit::render(reference());
    let started = &reference().provenance.started;
    assert!(
        out.contains(&format!("timestamp=\"{}", &started[..19])),
        "no timestamp {started}"
    );
    assert!(out.contains("<property name=\"uniqr.verdict\" value=\"PARTIAL ("));
    assert!(out.contains("<property name=\"uniqr.suite.kind\" value=\"official\"/>"));
    // Every case carries its time; the reference's are not all zero.
    let tags: Vec<&str> = out
        .split("<testcase ")
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or_default())
        .collect();
    assert_eq!(tags.len(), reference().cases.len());
    assert!(tags.iter().all(|t| t.contains(" time=\"")), "{tags:?}");
    assert!(reference().cases.iter().any(|c| c.duration_us > 0));
}

#[test]
fn vendor_text_cannot_drive_a_terminal_or_break_junit() {
    use uniqr_conform::vectors::Outcome;
    let mut r = synthetic();
    r.provenance.vendor.name = Some("evil\u{1b}]0;pwned\u{7}".into());
    r.cases[1].outcome = Outcome::Crash {
        detail: "stderr: \u{1b}[2J\rCONFORMANT\u{fffe}\u{1}\u{ffff}".into(),
    };
    let t = text::render(&r);
    assert!(
        !t.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{t}"
    );
    assert!(t.contains("\\u{1b}[2J\\rCONFORMANT"), "{t}");
    let x = junit::render(&r);
    for c in ['\u{fffe}', '\u{ffff}', '\u{1}', '\u{1b}', '\u{7}'] {
        assert!(!x.contains(c), "{c:?} in the JUnit XML");
    }
    assert!(x.contains("\\u{fffe}"), "escaped visibly");
}
