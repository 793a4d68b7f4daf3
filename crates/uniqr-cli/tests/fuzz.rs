//! `uniqr fuzz` end to end: against the reference behind the protocol (no
//! finding, every layer reached), against each mutant vendor (its planted
//! bug found within a small fixed budget, and nothing else), determinism
//! across `--jobs`, and replay of the saved findings with `uniqr conform`.

use std::process::{Command, Stdio};

use serde_json::Value;

#[path = "support/mutant.rs"]
mod mutant;
use mutant::{Scratch, mutant};

/// Cases per mutant: the budget in which each planted bug must be found.
const BUDGET: &str = "800";

/// One `uniqr fuzz` run.
struct Run {
    code: Option<i32>,
    stderr: String,
    report: Value,
}

impl Run {
    fn findings(&self) -> &[Value] {
        self.report["findings"]
            .as_array()
            .map_or(&[], Vec::as_slice)
    }

    fn signatures(&self) -> Vec<String> {
        self.findings()
            .iter()
            .map(|f| {
                let s = &f["signature"];
                format!(
                    "{} {} / {} / {}",
                    s["op"], s["layer"], s["reference"], s["vendor"]
                )
            })
            .collect()
    }
}

/// Runs `uniqr fuzz --out DIR --format json ARGS` (with `--vendor` unless
/// `vendor` is empty).
fn fuzz(dir: &Scratch, vendor: &str, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_uniqr"));
    cmd.arg("fuzz").arg("--out").arg(&dir.0);
    if !vendor.is_empty() {
        cmd.args(["--vendor", vendor]);
    }
    let out = cmd
        .args(["--format", "json"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run uniqr fuzz");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    Run {
        code: out.status.code(),
        stderr,
        report,
    }
}

fn shim() -> String {
    format!(
        "{} shim",
        shlex::try_quote(env!("CARGO_BIN_EXE_uniqr")).expect("quotable path")
    )
}

#[test]
fn the_reference_behind_the_protocol_has_no_finding_and_every_layer_is_reached() {
    let dir = Scratch::new("fuzz-reference");
    let run = fuzz(&dir, &shim(), &["--cases", "1500", "--jobs", "2"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let r = &run.report;
    assert_eq!(r["format"], "uniqr-fuzz-report");
    assert_eq!(r["cases"], 1500);
    assert_eq!(r["signatures"], 0, "{:?}", run.signatures());
    assert_eq!(r["vendor"]["name"], "uniqr-reference");
    // Every layer is mutated, and every check-order stage stops some cases.
    let layers = [
        "valid",
        "trust_file",
        "revocation_file",
        "qr",
        "text",
        "prefix_version",
        "base45",
        "zlib",
        "cbor",
        "cose",
        "signature",
        "signature_encoding",
        "claims",
        "payload",
        "unicode",
        "time",
        "trust",
        "revocation",
        "check_order",
        "key",
    ];
    for layer in layers {
        assert!(r["mutated"][layer].as_u64() > Some(0), "no {layer} case");
    }
    // The layer table has every layer, the edit families included.
    let rows = r["layers"].as_array().expect("layer table");
    let names: Vec<&str> = rows
        .iter()
        .filter_map(|row| row["layer"].as_str())
        .collect();
    assert_eq!(names, layers);
    for row in rows {
        assert_eq!(row["signatures"], 0, "{row}");
        assert!(row["cases"].as_u64() > Some(0), "{row}");
    }
    assert!(run.stderr.contains("check_order"), "{}", run.stderr);
    let reach = r["reach"].as_array().expect("reach table");
    assert_eq!(reach.len(), 12);
    for row in reach {
        assert!(
            row["stopped"].as_u64() > Some(0),
            "nothing stopped at {row}"
        );
    }
    // Most cases get past the early layers, and some get all the way.
    let passed = |stage: &str| {
        reach
            .iter()
            .find(|row| row["stage"] == stage)
            .and_then(|row| row["share_passed"].as_f64())
            .unwrap_or(0.0)
    };
    assert!(passed("base45") > 0.6, "{reach:?}");
    assert!(passed("revocation") > 0.1, "{reach:?}");
    // Nothing found, so no suite is written; the report is.
    assert!(!dir.file("manifest.json").exists());
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.file("fuzz-report.json")).unwrap())
            .unwrap();
    assert_eq!(saved["cases"], 1500);
}

/// The planted bug of each mutant, as a test on each finding: every finding
/// must be the planted bug, and there must be at least one.
fn planted(name: &str) -> fn(&Value) -> bool {
    match name {
        "skip-signature" => |s| s["reference"] == "SIGNATURE_INVALID",
        // With a revoked `cti` too (a check-order pair), the next check
        // answers.
        "accept-expired" => |s| {
            s["reference"] == "EXPIRED"
                && (s["vendor"] == "accepted" || s["vendor"] == "rejected REVOKED")
        },
        "ignore-revocation" => |s| s["reference"] == "REVOKED" && s["vendor"] == "accepted",
        "accept-noncanonical" => {
            |s| s["reference"] == "CBOR_NONCANONICAL" && s["vendor"] == "accepted"
        }
        "accept-untagged" => |s| s["reference"] == "COSE_INVALID",
        "accept-unprotected-kid" => |s| s["reference"] == "KID_INVALID",
        "strip-diacritics" | "truncate-partial-dates" => {
            |s| s["reference"] == "valid" && s["vendor"] == "wrong payload"
        }
        "reject-eddsa" => |s| s["vendor"] == "rejected ALG_UNSUPPORTED",
        "one-error-code" => |s| s["vendor"] == "rejected PAYLOAD_INVALID",
        "crash-on-one" => |s| s["vendor"] == "crash",
        "hang-on-one" => |s| s["vendor"] == "timeout",
        "garbage" | "wrong-id" => |s| s["vendor"] == "protocol error",
        "trust-duplicates" => |s| s["reference"] == "TRUST_LIST_INVALID",
        "lax-version" => |s| s["reference"] == "PREFIX_INVALID" && s["vendor"] == "accepted",
        "accept-der-signature" => {
            |s| s["reference"] == "SIGNATURE_INVALID" && s["vendor"] == "accepted"
        }
        "trim-ideographic-space" => {
            |s| s["reference"] == "PAYLOAD_INVALID" && s["vendor"] == "accepted"
        }
        "time-before-usage" => {
            |s| s["reference"] == "KEY_USAGE_DENIED" && s["vendor"] == "rejected NOT_YET_VALID"
        }
        "scanner-fails-degraded" => {
            |s| s["op"] == "scan_verify" && s["vendor"] == "rejected QR_UNREADABLE"
        }
        other => panic!("no planted bug for {other}"),
    }
}

fn finds_the_planted_bug(name: &str) {
    finds_the_planted_bug_with(name, &["--cases", BUDGET]);
}

/// As [`finds_the_planted_bug`], with the case budget and operations in
/// `args`.
fn finds_the_planted_bug_with(name: &str, args: &[&str]) {
    let dir = Scratch::new(&format!("fuzz-{name}"));
    // The timeout only matters for hang-on-one; a healthy debug-build
    // request takes milliseconds.
    let mut all = vec![
        "--jobs",
        "2",
        "--timeout-ms",
        "3000",
        "--minimise-steps",
        "40",
    ];
    all.extend_from_slice(args);
    let run = fuzz(&dir, &mutant(name), &all);
    assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
    let ok = planted(name);
    assert!(!run.findings().is_empty(), "{name}: nothing found");
    for f in run.findings() {
        assert!(ok(&f["signature"]), "{name}: unexpected finding {f}");
        let vector = f["vector"].as_str().expect("saved vector");
        assert!(dir.file(vector).exists(), "{name}: {vector} missing");
    }
    // The saved findings replay: the mutant fails them, the reference
    // passes them.
    let replay = |vendor: Option<String>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_uniqr"));
        cmd.args(["conform", "--suite"]).arg(&dir.0);
        cmd.args(["--timeout-ms", "3000"]);
        if let Some(v) = vendor {
            cmd.args(["--vendor", &v]);
        }
        cmd.stdin(Stdio::null())
            .output()
            .expect("run uniqr conform")
    };
    let by_reference = replay(None);
    assert_eq!(
        by_reference.status.code(),
        Some(0),
        "{name}: the reference fails its own findings\n{}",
        String::from_utf8_lossy(&by_reference.stderr)
    );
    let by_mutant = replay(Some(mutant(name)));
    assert_eq!(
        by_mutant.status.code(),
        Some(1),
        "{name}: the mutant passes its findings\n{}",
        String::from_utf8_lossy(&by_mutant.stderr)
    );
}

macro_rules! mutant_tests {
    ($($test:ident: $name:literal,)*) => {$(
        #[test]
        fn $test() {
            finds_the_planted_bug($name);
        }
    )*};
}

mutant_tests! {
    finds_skipped_signature_checks: "skip-signature",
    finds_accepted_expired_codes: "accept-expired",
    finds_an_ignored_revocation_list: "ignore-revocation",
    finds_accepted_noncanonical_cbor: "accept-noncanonical",
    finds_accepted_untagged_messages: "accept-untagged",
    finds_a_kid_taken_from_the_unprotected_header: "accept-unprotected-kid",
    finds_stripped_diacritics: "strip-diacritics",
    finds_truncated_partial_dates: "truncate-partial-dates",
    finds_rejected_eddsa: "reject-eddsa",
    finds_a_single_error_code: "one-error-code",
    finds_a_crash: "crash-on-one",
    finds_a_hang: "hang-on-one",
    finds_garbage_replies: "garbage",
    finds_replies_to_the_wrong_id: "wrong-id",
    finds_merged_duplicate_members_in_the_trust_list: "trust-duplicates",
    finds_a_lax_prefix_version: "lax-version",
    finds_accepted_der_signatures: "accept-der-signature",
    finds_trimmed_ideographic_spaces: "trim-ideographic-space",
    finds_time_checked_before_key_usage: "time-before-usage",
}

#[test]
fn finds_a_scanner_that_fails_on_degraded_images() {
    // Images only: a scan case is a hundredth as likely among the rest.
    finds_the_planted_bug_with(
        "scanner-fails-degraded",
        &["--cases", "16", "--ops", "scan_verify"],
    );
}

#[test]
fn the_same_seed_gives_the_same_findings_at_any_jobs() {
    let one = Scratch::new("fuzz-jobs-1");
    let two = Scratch::new("fuzz-jobs-2");
    let args = |jobs| vec!["--cases", "400", "--seed", "7", "--jobs", jobs];
    let a = fuzz(&one, &mutant("accept-expired"), &args("1"));
    let b = fuzz(&two, &mutant("accept-expired"), &args("2"));
    assert_eq!(
        (a.code, b.code),
        (Some(1), Some(1)),
        "{}{}",
        a.stderr,
        b.stderr
    );
    let strip = |r: &Value| {
        let mut r = r.clone();
        for k in ["started", "finished", "elapsed_s", "cases_per_s", "jobs"] {
            r[k] = Value::Null;
        }
        r
    };
    assert_eq!(strip(&a.report), strip(&b.report));
    for f in a.findings() {
        let v = f["vector"].as_str().unwrap();
        let (x, y) = (
            std::fs::read(one.file(v)).unwrap(),
            std::fs::read(two.file(v)).unwrap(),
        );
        assert_eq!(x, y, "{v} differs between --jobs 1 and 2");
    }
    // The manifests differ only in the report's digest (its time stamps).
    let manifest = |dir: &Scratch| {
        let text = std::fs::read_to_string(dir.file("manifest.json")).unwrap();
        let mut m: Value = serde_json::from_str(&text).unwrap();
        let report = m["files"]
            .as_object_mut()
            .and_then(|f| f.remove("fuzz-report.json"));
        assert!(report.is_some(), "the report is listed in the manifest");
        m
    };
    assert_eq!(manifest(&one), manifest(&two));
}

#[test]
fn findings_are_minimised() {
    let dir = Scratch::new("fuzz-minimise");
    let run = fuzz(
        &dir,
        &mutant("ignore-revocation"),
        &["--cases", "300", "--jobs", "2"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let f = &run.findings()[0];
    let m = &f["minimised"];
    let (before, after) = (
        m["size"][0].as_u64().unwrap(),
        m["size"][1].as_u64().unwrap(),
    );
    assert!(after <= before && after > 0, "{m}");
    assert!(m["steps"].as_u64() > Some(1), "{m}");
    assert_eq!(m["edits"][1], 1, "one edit is enough to be revoked: {m}");
}

#[test]
fn rejects_operations_it_cannot_fuzz() {
    let dir = Scratch::new("fuzz-usage");
    let run = fuzz(&dir, "", &["--ops", "verify,load_context", "--cases", "1"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("load_context"), "{}", run.stderr);
    let run = fuzz(&dir, "", &["--time", "5x"]);
    assert_eq!(run.code, Some(2));
}
