//! The golden vectors: the reference passes every case, the checked-in
//! suite is exactly what the generator makes, and coverage is complete.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use uniqr_conform::harness::shim::Shim;
use uniqr_conform::vectors::{self, Outcome, Suite};

fn generated() -> &'static Suite {
    static SUITE: OnceLock<Suite> = OnceLock::new();
    SUITE.get_or_init(|| vectors::generate().unwrap_or_else(|e| panic!("generator failed: {e}")))
}

/// The reference against the checked-in suite, without regenerating it:
/// the test `benches/mutation.sh` runs, so that a mutant of the codec cannot
/// also change the expected answers it is judged by.
#[test]
fn reference_passes_the_checked_in_suite() {
    let suite = vectors::embedded().unwrap_or_else(|e| panic!("{e}"));
    passes_every_case(&suite);
}

#[test]
fn reference_passes_every_case() {
    passes_every_case(generated());
}

fn passes_every_case(suite: &Suite) {
    let mut shim = Shim::default();
    let mut failures = Vec::new();
    for case in suite.cases() {
        let answer = uniqr_conform::harness::answer(case, suite, &mut shim);
        let outcome = vectors::judge(case, &answer);
        if outcome != Outcome::Pass {
            failures.push(format!("{}: {}", case.id, outcome.detail()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        suite.cases().len(),
        failures.join("\n")
    );
}

#[test]
fn suite_is_large_and_broad() {
    let suite = generated();
    let cats: BTreeSet<_> = suite.cases().iter().map(|c| c.category.as_str()).collect();
    assert!(
        suite.cases().len() >= 200,
        "only {} cases",
        suite.cases().len()
    );
    assert!(cats.len() >= 30, "only {} categories: {cats:?}", cats.len());
}

#[test]
fn every_registry_code_is_expected_by_a_vector() {
    let expected: BTreeSet<_> = generated()
        .cases()
        .iter()
        .filter_map(|c| c.expected.error.as_deref())
        .collect();
    let missing: Vec<_> = uniqr::error::REGISTRY
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| !expected.contains(c))
        .collect();
    assert!(missing.is_empty(), "no vector expects {missing:?}");
}

#[test]
fn every_case_is_valid_only_with_its_content() {
    for c in generated().cases() {
        let e = &c.expected;
        assert_eq!(e.valid, e.error.is_none(), "{}: valid xor error", c.id);
        // Valid encode and render cases are judged on what the codec
        // produces (bytes, a symbol), not on content in the case.
        let content = !matches!(c.op, vectors::Op::Encode | vectors::Op::Render);
        if e.valid && content {
            assert!(
                e.payload.is_some() && e.claims.is_some(),
                "{}: valid without content",
                c.id
            );
        }
        assert!(!c.requirements.is_empty(), "{}: cites no requirement", c.id);
    }
}

#[test]
fn generation_is_deterministic() {
    let again = vectors::generate().unwrap();
    assert!(again == *generated(), "two generations differ");
}

#[test]
fn checked_in_suite_matches_the_generator_byte_for_byte() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("vectors");
    let on_disk = Suite::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let fresh = generated();
    let a: BTreeSet<_> = on_disk.files().keys().collect();
    let b: BTreeSet<_> = fresh.files().keys().collect();
    let missing: Vec<_> = b.difference(&a).collect();
    let extra: Vec<_> = a.difference(&b).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "run `cargo run -- vectors generate --out vectors/`: missing {missing:?}, extra {extra:?}"
    );
    for (path, bytes) in fresh.files() {
        assert!(
            on_disk.file(path) == Some(bytes.as_slice()),
            "{path} differs from the generator; regenerate"
        );
    }
    on_disk
        .check_manifest()
        .unwrap_or_else(|p| panic!("{}", p.join("\n")));
}

#[test]
fn every_case_validates_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../spec/schema/vector.schema.json")).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    for c in generated().cases() {
        let v = serde_json::to_value(c).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {}", c.id, errors.join("; "));
    }
    // The schema is not vacuous: a valid case carrying an error fails it.
    let mut bad = serde_json::to_value(&generated().cases()[0]).unwrap();
    bad["expected"] = serde_json::json!({"valid": true, "error": "EXPIRED"});
    assert!(!validator.is_valid(&bad));
}

#[test]
fn library_check_finds_no_problem_in_the_generated_suite() {
    let problems = vectors::check(generated());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn library_check_reports_a_tampered_case() {
    let mut files = generated().files().clone();
    let (path, bytes) = files
        .iter_mut()
        .find(|(p, _)| p.starts_with("claims/"))
        .unwrap();
    let path = path.clone();
    bytes.extend_from_slice(b" ");
    let tampered = Suite::from_files(files).unwrap();
    let problems = vectors::check(&tampered);
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&path) && p.contains("digest")),
        "{problems:?}"
    );
}
