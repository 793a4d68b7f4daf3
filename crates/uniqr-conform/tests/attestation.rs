//! Attestations end to end in the library: the predicates of a real run
//! and of a synthetic run with every outcome (insta snapshots), the
//! envelope and the statement against `spec/schema/attestation.schema.json`,
//! and verification of what was signed.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use jsonschema::Validator;
use serde_json::Value;
use uniqr_conform::attest::{self, LabKey, Predicate, Subject};

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::{reference, suite, synthetic};

const RUNNER_SHA: &str = "1111111111111111111111111111111111111111111111111111111111111111";

/// The schema, rooted at `pointer` (`""` for the envelope).
fn schema(pointer: &str) -> Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../spec/schema/attestation.schema.json"
    );
    let mut full: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    if !pointer.is_empty() {
        let defs = full["$defs"].take();
        full = serde_json::json!({ "$defs": defs, "$ref": format!("#{pointer}") });
    }
    jsonschema::options()
        .build(&full)
        .unwrap_or_else(|e| panic!("{path} does not compile: {e}"))
}

fn assert_valid(v: &Validator, doc: &Value) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{doc:#}");
}

/// A predicate without what changes from run to run (times, host, the
/// suite digest and the runner version), for snapshots.
fn stable(mut p: attest::ConformancePredicate) -> attest::ConformancePredicate {
    p.started = "<started>".into();
    p.finished = "<finished>".into();
    p.suite.digest = "<suite-digest>".into();
    p.runner.version = "uniqr <version>".into();
    p
}

#[test]
fn conformance_predicates_snapshot() {
    let p = attest::conformance(&synthetic(), suite(), RUNNER_SHA, false, "lab-host");
    assert!(p.requirements.values().any(|v| v == "fail"));
    insta::assert_json_snapshot!("synthetic_predicate", stable(p));
    let p = attest::conformance(reference(), suite(), RUNNER_SHA, true, "lab-host");
    assert!(
        p.requirements.values().all(|v| v == "pass"),
        "{:?}",
        p.requirements
    );
    assert!(p.lists.iter().any(|l| l.path == "trust/main.json"));
    insta::assert_json_snapshot!("reference_predicate", stable(p));
}

#[test]
fn signed_results_match_the_schema_and_verify() {
    let key = LabKey::from_seed([9; 32]);
    let p = attest::conformance(reference(), suite(), RUNNER_SHA, true, "lab-host");
    let app = Subject::of("acme.apk", b"the app bundle");
    let envelope = attest::sign(vec![app.clone()], attest::CONFORMANCE, &p, &key).unwrap();
    let doc: Value = serde_json::from_str(&envelope).unwrap();
    assert_valid(&schema(""), &doc);
    let statement: Value =
        serde_json::from_slice(&B64.decode(doc["payload"].as_str().unwrap()).unwrap()).unwrap();
    assert_valid(&schema("/$defs/statement"), &statement);
    let v = attest::verify(&envelope, key.public(), &[app]).unwrap();
    assert_eq!(v.predicate, Predicate::Conformance(Box::new(p)));
    // The same inputs and key give the same bytes.
    let p = attest::conformance(reference(), suite(), RUNNER_SHA, true, "lab-host");
    let again = attest::sign(
        vec![Subject::of("acme.apk", b"the app bundle")],
        attest::CONFORMANCE,
        &p,
        &key,
    )
    .unwrap();
    assert_eq!(again, envelope);
    // An interop predicate is a statement of the schema too.
    let m: uniqr_conform::interop::matrix::Matrix = serde_json::from_value(serde_json::json!({
        "format": "uniqr-interop-matrix", "version": 1, "runner": "uniqr 0.1.0",
        "now": "2026-06-01T00:00:00Z", "started": "", "finished": "",
        "trust_sha256": RUNNER_SHA, "payloads": [{"id": "p", "key": "k", "sha256": RUNNER_SHA}],
        "vendors": [{"name": "reference", "mode": "in-process", "command": "built-in reference", "ops": ["verify"]}],
        "cells": [{"issuer": "reference", "verifier": "reference", "channel": "text", "passed": 1, "failures": []}],
        "summary": {"cells": 1, "passing_cells": 1, "failing_cells": 0, "checks": 1, "failed_checks": 0},
        "blame": [], "verdict": "INTEROPERABLE"
    }))
    .unwrap();
    let p = attest::interop(&m, RUNNER_SHA, "lab-host");
    let envelope =
        attest::sign(vec![Subject::of("uniqr", b"x")], attest::INTEROP, &p, &key).unwrap();
    let doc: Value = serde_json::from_str(&envelope).unwrap();
    let statement: Value =
        serde_json::from_slice(&B64.decode(doc["payload"].as_str().unwrap()).unwrap()).unwrap();
    assert_valid(&schema("/$defs/statement"), &statement);
    assert!(matches!(
        attest::verify(&envelope, key.public(), &[])
            .unwrap()
            .predicate,
        Predicate::Interop(_)
    ));
}
