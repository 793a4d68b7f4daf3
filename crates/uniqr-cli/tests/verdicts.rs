//! Honest verdicts: what `uniqr conform` and `uniqr fuzz` say about a vendor
//! is about what actually ran (spec/harness-protocol.md, "Profiles",
//! R-H-10 to R-H-14). Vendors that claim nothing, claim little, or decline
//! what they claim; filtered, waived, custom, modified and empty suites;
//! expired waivers; `--certify`; the handshake.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;
use uniqr_conform::vectors::Suite;

#[path = "support/mutant.rs"]
mod mutant;
#[path = "support/run.rs"]
mod run;
use mutant::{Scratch, mutant};
use run::{PATIENT_MS, Run, conform, conform_in, str_at};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn verdict(run: &Run) -> (&str, &str) {
    (
        str_at(&run.report, "/verdict/kind"),
        str_at(&run.report, "/verdict/text"),
    )
}

/// A copy of the checked-in suite in `dir`.
fn copy_suite(dir: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    copy(&Path::new(ROOT).join("vectors"), dir);
}

/// Rewrites `manifest.json` of a suite folder for its files as they are.
fn reseal(dir: &Path) {
    let suite = Suite::load(dir).unwrap();
    let seed = suite.manifest().map_or(0, |m| m.seed);
    let manifest = serde_json::to_string_pretty(&suite.compute_manifest(seed)).unwrap();
    std::fs::write(dir.join("manifest.json"), manifest).unwrap();
}

#[test]
fn a_vendor_that_claims_nothing_has_nothing_to_certify() {
    let dir = Scratch::new("no-ops");
    let run = conform_in(&dir, &mutant("no-ops"), &[]);
    run.assert_exit(2);
    assert!(run.stderr.contains("nothing to certify"), "{}", run.stderr);
    assert_eq!(run.report, Value::Null);
}

#[test]
fn a_decode_only_vendor_is_conformant_as_an_inspector_only() {
    let run = conform("decode-only", "decode-only", &[]);
    run.assert_exit(0);
    assert_eq!(verdict(&run), ("conformant", "CONFORMANT (inspector)"));
    assert_eq!(run.report["provenance"]["claim"]["source"], "ops");
    run.assert_outcomes(|c| {
        if c["op"] == "decode" {
            "pass"
        } else {
            "skipped"
        }
    });
}

#[test]
fn declining_a_claimed_profile_is_refused_not_skipped() {
    // The decode-only vendor made to claim `verifier` with --profile.
    let run = conform(
        "decode-only-as-verifier",
        "decode-only",
        &["--profile", "verifier", "--filter", "base45/*"],
    );
    run.assert_caught();
    run.assert_outcomes(|_| "refused");
    assert_eq!(run.report["provenance"]["claim"]["source"], "flag");
    assert!(
        verdict(&run)
            .1
            .starts_with("NOT CONFORMANT (verifier): 45 failures"),
        "{:?}",
        verdict(&run)
    );
}

#[test]
fn answering_unsupported_to_every_rejection_fails_each_rejection() {
    let run = conform(
        "unsupported-rejections",
        "unsupported-rejections",
        &["--filter", "base45/*", "--filter", "valid-es256/*"],
    );
    run.assert_caught();
    run.assert_outcomes(|c| {
        if c["expected"] == "valid" {
            "pass"
        } else {
            "refused"
        }
    });
    assert!(run.total("refused") > 10);
}

#[test]
fn a_vendor_claiming_one_profile_is_judged_on_that_profile_only() {
    let run = conform("claims-verifier", "claims-verifier", &[]);
    run.assert_exit(0);
    assert_eq!(verdict(&run), ("conformant", "CONFORMANT (verifier)"));
    assert_eq!(run.report["provenance"]["claim"]["source"], "hello");
    run.assert_outcomes(|c| {
        if c["op"] == "verify" {
            "pass"
        } else {
            "skipped"
        }
    });
}

#[test]
fn a_filtered_run_is_partial_and_certify_refuses_filters_and_baselines() {
    let run = conform("filtered", "none", &["--filter", "b45-*"]);
    run.assert_exit(0);
    assert_eq!(
        verdict(&run),
        (
            "partial",
            "PARTIAL (verifier, scanner, issuer, inspector, renderer): filtered (--filter)"
        )
    );
    for (name, extra) in [
        ("certify-filter", vec!["--filter", "b45-*"]),
        ("certify-skip", vec!["--skip", "qr-*"]),
        ("certify-baseline", vec!["--baseline", "/dev/null"]),
    ] {
        let mut args = vec!["--certify"];
        args.extend(extra.iter().copied());
        let run = conform(name, "none", &args);
        run.assert_exit(2);
        assert!(run.stderr.contains("--certify"), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(extra[0]), "{name}: {}", run.stderr);
    }
}

#[test]
fn waived_failures_are_conformant_with_waivers_and_never_certified() {
    let dir = Scratch::new("waivers");
    let baseline = dir.file("b.toml");
    let b = baseline.to_str().unwrap();
    // The verifier profile alone: the whole of it, without filters.
    let with = |extra: &[&str]| {
        let mut args = vec!["--timeout-ms", PATIENT_MS, "--profile", "verifier"];
        args.extend_from_slice(extra);
        conform_in(&dir, &mutant("accept-expired"), &args)
    };
    with(&["--write-baseline", b]).assert_exit(0);
    let written = std::fs::read_to_string(&baseline).unwrap();
    assert!(written.contains("version = 2"), "{written}");
    let waived = with(&["--baseline", b]);
    waived.assert_exit(0);
    let n = waived.total("expected_failure");
    assert!(n > 0);
    assert_eq!(verdict(&waived).0, "conformant_with_waivers");
    assert_eq!(
        verdict(&waived).1,
        format!("CONFORMANT WITH {n} WAIVERS (verifier)")
    );
    assert!(waived.stderr.contains("WAIVED ("), "{}", waived.stderr);
    // The regulator's mode refuses a baseline outright.
    let certify = with(&["--baseline", b, "--certify"]);
    certify.assert_exit(2);
}

#[test]
fn an_expired_waiver_fails_the_run_and_names_its_line() {
    let dir = Scratch::new("expired");
    let baseline = dir.file("b.toml");
    std::fs::write(
        &baseline,
        "version = 2\n\n[[expected]]\ncase = \"time-at-exp\"\noutcome = \"accepted_invalid\"\n\
         reason = \"fix in 3.1\"\nissue = \"https://tracker.example/1\"\nexpires = \"2020-01-31\"\n",
    )
    .unwrap();
    let run = conform_in(
        &dir,
        &mutant("accept-expired"),
        &[
            "--timeout-ms",
            PATIENT_MS,
            "--filter",
            "time/*",
            "--baseline",
            baseline.to_str().unwrap(),
        ],
    );
    run.assert_caught();
    // Expired: it waives nothing, so the case fails as it is.
    assert_eq!(run.kind("time-at-exp"), "accepted_invalid");
    let expired = run.report["expired_waivers"].as_array().unwrap();
    assert_eq!(expired.len(), 1);
    let line = expired[0].as_str().unwrap();
    assert!(
        line.starts_with("expired on 2020-01-31: { case = \"time-at-exp\""),
        "{line}"
    );
    assert!(run.stderr.contains("EXPIRED WAIVERS (1)"), "{}", run.stderr);
    assert!(
        verdict(&run).1.ends_with("1 expired waiver"),
        "{:?}",
        verdict(&run)
    );
}

#[test]
fn an_edited_suite_is_refused_or_run_as_modified_under_its_own_digest() {
    let dir = Scratch::new("modified-suite");
    let suite = dir.file("suite");
    copy_suite(&suite);
    let case = suite.join("base45/b45-lowercase-letter.json");
    let text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, text.replace("BASE45_INVALID", "PREFIX_INVALID")).unwrap();
    let s = suite.to_str().unwrap();
    let refused = conform_in(&dir, &mutant("none"), &["--suite", s]);
    refused.assert_exit(2);
    assert!(
        refused
            .stderr
            .contains("base45/b45-lowercase-letter.json: digest mismatch"),
        "{}",
        refused.stderr
    );
    let run = conform_in(
        &dir,
        &mutant("none"),
        &[
            "--suite",
            s,
            "--allow-modified-suite",
            "--filter",
            "base45/*",
        ],
    );
    // The reference now "fails" the edited case: the report says so, under
    // a digest that is not the official one.
    assert_eq!(run.report["provenance"]["suite_kind"], "modified");
    let official = uniqr_conform::vectors::official_digest();
    assert_ne!(str_at(&run.report, "/provenance/suite_digest"), official);
    assert_eq!(run.kind("b45-lowercase-letter"), "wrong_error");
}

#[test]
fn a_custom_suite_is_partial_and_an_empty_suite_is_an_error() {
    let dir = Scratch::new("custom-suite");
    let suite = dir.file("suite");
    copy_suite(&suite);
    // A smaller suite, sealed with its own manifest.
    for entry in std::fs::read_dir(&suite).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let keep = ["base45", "keys", "trust", "images", "manifest.json"];
        if keep.contains(&name.as_str()) {
            continue;
        }
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
    }
    reseal(&suite);
    let s = suite.to_str().unwrap();
    let run = conform_in(&dir, &mutant("none"), &["--suite", s]);
    run.assert_exit(0);
    assert_eq!(run.report["provenance"]["suite_kind"], "custom");
    assert_eq!(verdict(&run).0, "partial");
    assert!(
        verdict(&run).1.ends_with("custom suite"),
        "{:?}",
        verdict(&run)
    );
    let certify = conform_in(&dir, &mutant("none"), &["--suite", s, "--certify"]);
    certify.assert_exit(2);
    assert!(certify.stderr.contains("official"), "{}", certify.stderr);

    let empty = dir.file("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let run = conform_in(&dir, &mutant("none"), &["--suite", empty.to_str().unwrap()]);
    run.assert_exit(2);
    assert!(run.stderr.contains("no cases"), "{}", run.stderr);
}

#[test]
fn a_vendor_that_cannot_start_in_spawn_mode_is_a_runner_error() {
    let dir = Scratch::new("spawn-missing");
    let run = conform_in(&dir, "/nonexistent/one-shot", &["--spawn-per-case"]);
    run.assert_exit(2);
    assert_eq!(run.report, Value::Null);
    assert!(
        run.stderr.contains("/nonexistent/one-shot"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_slow_handshake_names_its_flag() {
    let dir = Scratch::new("slow-hello");
    let run = conform_in(&dir, "sleep 5", &["--handshake-timeout-ms", "300"]);
    run.assert_exit(2);
    assert!(
        run.stderr.contains("--handshake-timeout-ms"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_persistent_vendor_is_greeted_once() {
    let dir = Scratch::new("one-hello");
    let log = dir.file("requests.log");
    // A shell that copies every request line to a log on its way in.
    let vendor = format!(
        "sh -c {}",
        shlex::try_quote(&format!("tee {} | {}", log.display(), mutant("none"))).unwrap()
    );
    let run = conform_in(&dir, &vendor, &["--filter", "base45/*"]);
    run.assert_exit(0);
    let lines = std::fs::read_to_string(&log).unwrap();
    let hellos = lines
        .lines()
        .filter(|l| l.contains("\"op\":\"hello\""))
        .count();
    assert_eq!(hellos, 1, "{lines}");
    assert!(lines.lines().nth(1).unwrap_or("").contains("load_context"));
}

/// Runs `uniqr fuzz` against a mutant and returns (exit code, JSON report).
fn fuzz(test: &str, mutant_name: &str, cases: &str) -> (Option<i32>, Value, String) {
    let dir = Scratch::new(test);
    let out = Command::new(env!("CARGO_BIN_EXE_uniqr"))
        .args(["fuzz", "--vendor", &mutant(mutant_name), "--cases", cases])
        .args(["--format", "json", "--minimise-steps", "0", "--out"])
        .arg(dir.file("findings"))
        .stdin(Stdio::null())
        .output()
        .expect("run uniqr fuzz");
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code(),
        report,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_fuzzer_turns_refusals_into_findings_and_fuzzes_only_what_is_claimed() {
    let (code, report, stderr) = fuzz("fuzz-refusals", "unsupported-rejections", "200");
    assert_eq!(code, Some(1), "{stderr}");
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["signature"]["vendor"] == "refused"),
        "{findings:#?}"
    );
    let (code, _, stderr) = fuzz("fuzz-no-ops", "no-ops", "10");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("nothing to certify"), "{stderr}");
    let (code, report, stderr) = fuzz("fuzz-decode-only", "decode-only", "100");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(report["ops"], serde_json::json!(["decode"]));
    assert_eq!(report["profiles"], serde_json::json!(["inspector"]));
}

#[test]
fn a_findings_suite_is_custom_and_replays_under_its_own_digest() {
    let dir = Scratch::new("findings-replay");
    let out = dir.file("findings");
    let status = Command::new(env!("CARGO_BIN_EXE_uniqr"))
        .args([
            "fuzz",
            "--vendor",
            &mutant("accept-expired"),
            "--cases",
            "300",
        ])
        .args(["--minimise-steps", "20", "--out"])
        .arg(&out)
        .stdin(Stdio::null())
        .output()
        .expect("run uniqr fuzz");
    assert_eq!(status.status.code(), Some(1));
    let run = conform_in(
        &dir,
        &mutant("accept-expired"),
        &["--suite", out.to_str().unwrap()],
    );
    run.assert_exit(1);
    assert_eq!(run.report["provenance"]["suite_kind"], "custom");
    assert_ne!(
        str_at(&run.report, "/provenance/suite_digest"),
        uniqr_conform::vectors::official_digest()
    );
}
