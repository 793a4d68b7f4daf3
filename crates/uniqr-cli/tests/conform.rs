//! `uniqr conform` end to end, against `examples/mutant_vendor`: the
//! reference codec behind the harness protocol with one planted bug per run.
//! Every bug must be caught with the right typed outcome on the right cases
//! and nowhere else; a vendor that crashes, hangs or prints garbage must cost
//! one case, never the run.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

#[path = "support/mutant.rs"]
mod mutant;
#[path = "support/run.rs"]
mod run;
use mutant::{Scratch, mutant, mutant_vendor};
use run::{PATIENT_MS, Run, category, conform, conform_in, expected, id, str_at};

/// The case the `*-on-one` mutants trip over: the only QR text of the suite
/// that ends with CR LF.
const TARGET: &str = "b45-trailing-crlf";

/// A per-request limit no healthy request comes near, even in a debug build
/// on a busy machine: runs that must not time out use it.
/// Skips the image cases where only the transport is under test: scanning
/// is most of a debug run's time and adds nothing there.
const NO_IMAGES: [&str; 2] = ["--skip", "qr-*"];

#[test]
fn the_reference_behind_the_protocol_passes_every_case() {
    let run = conform("none", "none", &[]);
    run.assert_exit(0);
    assert_eq!(run.report["verdict"]["kind"], "conformant");
    assert_eq!(
        run.report["verdict"]["text"],
        "CONFORMANT (verifier, scanner, issuer, inspector, renderer)"
    );
    assert_eq!(run.report["complete"], true);
    run.assert_outcomes(|_| "pass");
    assert_eq!(run.total("pass"), run.cases().len() as u64);
    assert_eq!(
        run.cases().len() as u64,
        run.report["provenance"]["suite_cases"].as_u64().unwrap()
    );
    let vendor = &run.report["provenance"]["vendor"];
    assert_eq!(vendor["mode"], "persistent");
    assert_eq!(vendor["name"], "mutant-none");
    assert_eq!(vendor["protocol"], 1);
}

#[test]
fn skipping_signature_checks_is_caught_as_accepted_invalid() {
    let run = conform(
        "skip-signature",
        "skip-signature",
        &["--filter", "signature/*", "--filter", "check-order/*"],
    );
    run.assert_caught();
    run.assert_outcomes(|c| match (category(c), expected(c), id(c)) {
        ("signature", "SIGNATURE_INVALID", _) => "accepted_invalid",
        // With the signature unchecked, the next check in order answers.
        (_, _, "order-signature-before-expiry" | "order-signature-before-claims-cbor") => {
            "wrong_error"
        }
        _ => "pass",
    });
    assert_eq!(run.kind("sig-bit-flipped"), "accepted_invalid");
    assert_eq!(
        run.case("sig-bit-flipped")["outcome"]["expected"],
        "SIGNATURE_INVALID"
    );
    assert_eq!(run.kind("sig-es256-high-s-valid"), "pass");
}

#[test]
fn accepting_expired_codes_is_caught_as_accepted_invalid() {
    let run = conform(
        "accept-expired",
        "accept-expired",
        &["--filter", "time/*", "--filter", "check-order/*"],
    );
    run.assert_caught();
    run.assert_outcomes(|c| match (expected(c), id(c)) {
        ("EXPIRED", "order-expiry-before-revocation") => "wrong_error",
        ("EXPIRED", _) => "accepted_invalid",
        _ => "pass",
    });
    assert_eq!(run.kind("time-at-exp"), "accepted_invalid");
    assert_eq!(run.case("time-at-exp")["got"], "valid");
}

#[test]
fn ignoring_the_revocation_list_is_caught_as_accepted_invalid() {
    let run = conform(
        "ignore-revocation",
        "ignore-revocation",
        &["--filter", "revocation/*", "--filter", "check-order/*"],
    );
    run.assert_caught();
    run.assert_outcomes(|c| match expected(c) {
        "REVOKED" => "accepted_invalid",
        _ => "pass",
    });
    assert_eq!(run.kind("revoked-certificate"), "accepted_invalid");
}

#[test]
fn accepting_noncanonical_cbor_is_caught_as_accepted_invalid() {
    let run = conform(
        "accept-noncanonical",
        "accept-noncanonical",
        &[
            "--filter",
            "cbor-*/*",
            "--filter",
            "decode/*",
            "--filter",
            "check-order/*",
        ],
    );
    run.assert_caught();
    run.assert_outcomes(|c| match expected(c) {
        "CBOR_NONCANONICAL" => "accepted_invalid",
        _ => "pass",
    });
    assert_eq!(run.kind("decode-non-canonical"), "accepted_invalid");
    assert!(run.total("accepted_invalid") >= 19);
}

#[test]
fn accepting_an_untagged_cose_message_is_caught_as_accepted_invalid() {
    let run = conform(
        "accept-untagged",
        "accept-untagged",
        &["--filter", "cose-structure/*"],
    );
    run.assert_caught();
    run.assert_outcomes(|c| match id(c) {
        "cose-untagged" => "accepted_invalid",
        _ => "pass",
    });
}

#[test]
fn taking_the_kid_from_the_unprotected_header_is_caught_as_accepted_invalid() {
    let run = conform(
        "accept-unprotected-kid",
        "accept-unprotected-kid",
        &["--filter", "cose-kid/*"],
    );
    run.assert_caught();
    run.assert_outcomes(|c| match id(c) {
        // Merging the headers also lets the duplicated kid through, and
        // an unprotected map that holds a kid, empty or of another key.
        "kid-unprotected-only"
        | "kid-in-both-headers"
        | "kid-unprotected-empty"
        | "kid-unprotected-other-key" => "accepted_invalid",
        _ => "pass",
    });
}

#[test]
fn stripping_diacritics_from_names_is_caught_as_wrong_payload() {
    let run = conform(
        "strip-diacritics",
        "strip-diacritics",
        &["--filter", "payload-names/*"],
    );
    run.assert_caught();
    for c in run.cases() {
        let kind = str_at(c, "/outcome/kind");
        if expected(c) != "valid" {
            assert_eq!(kind, "pass", "{}: rejections are untouched", c["id"]);
        } else if kind == "wrong_payload" {
            let diff = str_at(c, "/outcome/diff");
            assert!(
                diff.split("; ").all(|d| d.starts_with("/payload/nam/")),
                "{}: only native names differ: {diff}",
                c["id"]
            );
        } else {
            assert_eq!(kind, "pass", "{}", c["id"]);
        }
    }
    let c = run.case("names-vietnamese-stacked-diacritics-valid");
    assert_eq!(str_at(c, "/outcome/kind"), "wrong_payload");
    assert!(str_at(c, "/outcome/diff").contains("/payload/nam/fn: expected"));
    assert_eq!(run.kind("names-transliteration-only-valid"), "pass");
}

#[test]
fn rendering_in_byte_mode_is_caught_citing_r_qr_1() {
    let run = conform(
        "byte-mode-renderer",
        "byte-mode-renderer",
        &["--filter", "render/*"],
    );
    run.assert_caught();
    // Refusals are untouched; every drawn symbol is one byte segment, and
    // texts longer than version 40 holds in byte mode (1663 characters at
    // level Q) are refused.
    run.assert_outcomes(|c| match (expected(c), id(c)) {
        (
            _,
            "render-v39-at-capacity" | "render-v39-capacity-plus-one" | "render-v40-at-capacity",
        ) => "rejected_valid",
        ("valid", _) => "wrong_payload",
        _ => "pass",
    });
    for c in run
        .cases()
        .iter()
        .filter(|c| str_at(c, "/outcome/kind") == "wrong_payload")
    {
        let diff = str_at(c, "/outcome/diff");
        assert!(
            diff.starts_with("R-QR-1: byte segment"),
            "{}: {diff}",
            c["id"]
        );
    }
}

#[test]
fn rendering_at_level_l_is_caught_citing_r_qr_2() {
    let run = conform(
        "renderer-level-l",
        "renderer-level-l",
        &["--filter", "render/render-v1*"],
    );
    run.assert_caught();
    run.assert_outcomes(|_| "wrong_payload");
    for c in run.cases() {
        let diff = str_at(c, "/outcome/diff");
        assert_eq!(diff, "R-QR-2: error correction level L", "{}", c["id"]);
    }
}

#[test]
fn issuing_noncanonical_cbor_is_not_conformant() {
    let run = conform(
        "noncanonical-issuer",
        "noncanonical-issuer",
        &["--filter", "encode-es256/*", "--filter", "encode-refused/*"],
    );
    run.assert_caught();
    run.assert_outcomes(|c| match expected(c) {
        "valid" => "wrong_encoding",
        _ => "pass",
    });
    // The claims grow by a byte: the first difference is the length of
    // the payload's byte string.
    assert_eq!(
        run.case("encode-es256-all-kinds-russian")["outcome"]["layer"],
        "cose structure"
    );
}

#[test]
fn truncating_names_is_not_conformant() {
    let run = conform(
        "truncate-names",
        "truncate-names",
        &["--filter", "payload-names/*", "--filter", "decode/*"],
    );
    run.assert_caught();
    let c = run.case("names-fnt-double-filler-valid");
    assert_eq!(str_at(c, "/outcome/kind"), "wrong_payload");
    let diff = str_at(c, "/outcome/diff");
    assert!(
        diff.contains("/payload/nam/fn: expected \"Nguyễn\", got \"Ngu\""),
        "{diff}"
    );
    assert!(diff.contains("/payload/nam/gn: expected"), "{diff}");
    for c in run.cases().iter().filter(|c| expected(c) != "valid") {
        assert_eq!(str_at(c, "/outcome/kind"), "pass", "{}", c["id"]);
    }
}

#[test]
fn truncating_partial_dates_of_birth_is_caught_as_wrong_payload() {
    let run = conform(
        "truncate-partial-dates",
        "truncate-partial-dates",
        &[
            "--filter",
            "payload-dates/*",
            "--filter",
            "valid-es256/*",
            "--filter",
            "valid-eddsa/*",
        ],
    );
    run.assert_caught();
    run.assert_outcomes(|c| match id(c) {
        "dob-year-month-valid"
        | "dob-1900-01-valid"
        | "dob-2099-12-valid"
        | "valid-es256-identity-only"
        | "valid-eddsa-identity-only" => "wrong_payload",
        _ => "pass",
    });
    assert_eq!(
        str_at(run.case("dob-year-month-valid"), "/outcome/diff"),
        "/payload/dob: expected \"1990-05\", got \"1990\""
    );
}

#[test]
fn rejecting_eddsa_is_caught_as_rejected_valid() {
    let run = conform(
        "reject-eddsa",
        "reject-eddsa",
        &[
            "--filter",
            "valid-*/*",
            "--filter",
            "encode-*/*",
            "--filter",
            "decode/*",
        ],
    );
    run.assert_caught();
    run.assert_outcomes(|c| {
        let eddsa = id(c).contains("eddsa");
        // These refusals sign with the tests-only EdDSA key: the mutant
        // refuses the key itself, with another code (R-ENC-4).
        let eddsa_key = matches!(
            id(c),
            "encode-order-key-window-before-usage" | "encode-order-usage-before-size"
        );
        match (eddsa, expected(c)) {
            (true, "valid") => "rejected_valid",
            _ if eddsa_key => "wrong_error",
            _ => "pass",
        }
    });
    for c in run
        .cases()
        .iter()
        .filter(|c| id(c).starts_with("valid-eddsa-"))
    {
        assert_eq!(c["got"], "ALG_UNSUPPORTED", "{}", c["id"]);
    }
}

#[test]
fn one_error_code_for_every_rejection_is_caught_as_wrong_error() {
    let run = conform(
        "one-error-code",
        "one-error-code",
        &[
            "--filter",
            "signature/*",
            "--filter",
            "payload-names/*",
            "--filter",
            "trust-files/*",
        ],
    );
    run.assert_caught();
    run.assert_outcomes(|c| match expected(c) {
        "valid" | "PAYLOAD_INVALID" => "pass",
        _ => "wrong_error",
    });
    let c = run.case("sig-bit-flipped");
    assert_eq!(c["outcome"]["expected"], "SIGNATURE_INVALID");
    assert_eq!(c["outcome"]["got"], "PAYLOAD_INVALID");
    // A context the vendor refuses to load is judged by that refusal.
    assert_eq!(run.kind("trust-list-duplicate-kids"), "wrong_error");
}

/// The run goes on after the vendor failed once: the report is complete and
/// every other case passes, so the process was restarted and its contexts
/// reloaded.
fn assert_only_target_failed(run: &Run, kind: &'static str) {
    run.assert_caught();
    run.assert_outcomes(|c| if id(c) == TARGET { kind } else { "pass" });
    assert_eq!(run.total(kind), 1);
    assert_eq!(
        run.total("pass") + 1,
        run.report["provenance"]["selected_cases"].as_u64().unwrap()
    );
}

#[test]
fn a_vendor_crash_fails_one_case_and_the_run_goes_on() {
    let run = conform("crash-on-one", "crash-on-one", &NO_IMAGES);
    assert_only_target_failed(&run, "crash");
    let detail = str_at(run.case(TARGET), "/outcome/detail");
    assert!(
        detail.contains("signal 6") || detail.contains("exited with status"),
        "exit status or signal: {detail}"
    );
    assert!(
        detail.contains("aborting on the target input"),
        "stderr tail: {detail}"
    );
}

#[test]
fn a_vendor_hang_times_out_one_case_and_the_run_goes_on() {
    let dir = Scratch::new("hang-on-one");
    let run = conform_in(
        &dir,
        &mutant("hang-on-one"),
        &["--timeout-ms", "1500", "--filter", "base45/*"],
    );
    assert_only_target_failed(&run, "timeout");
    assert!(str_at(run.case(TARGET), "/outcome/detail").contains("1500 ms"));
    assert!(
        run.elapsed < Duration::from_secs(30),
        "the hang was not cut short: {:?}",
        run.elapsed
    );
}

#[test]
fn a_run_past_its_deadline_is_incomplete_and_fails() {
    let dir = Scratch::new("deadline");
    // The hang alone outlasts the 1 s deadline: the cases after it never
    // start, whatever the machine's speed.
    let run = conform_in(
        &dir,
        &mutant("hang-on-one"),
        &[
            "--timeout-ms",
            "1500",
            "--deadline-s",
            "1",
            "--filter",
            "base45/*",
        ],
    );
    run.assert_exit(1);
    assert_eq!(run.report["complete"], false);
    assert_eq!(run.report["verdict"]["kind"], "not_conformant");
    assert!(
        str_at(&run.report, "/incomplete").contains("--deadline-s"),
        "{}",
        run.report["incomplete"]
    );
    let selected = run.report["provenance"]["selected_cases"].as_u64().unwrap();
    assert!((run.cases().len() as u64) < selected);
    assert!(run.stderr.contains("INCOMPLETE"), "{}", run.stderr);
}

#[test]
fn a_non_json_reply_is_one_protocol_error_and_the_run_goes_on() {
    let run = conform("garbage", "garbage", &NO_IMAGES);
    assert_only_target_failed(&run, "protocol_error");
    let detail = str_at(run.case(TARGET), "/outcome/detail");
    assert!(detail.contains("not JSON"), "{detail}");
}

#[test]
fn a_reply_with_another_id_is_one_protocol_error_and_the_run_goes_on() {
    let run = conform("wrong-id", "wrong-id", &NO_IMAGES);
    assert_only_target_failed(&run, "protocol_error");
    let detail = str_at(run.case(TARGET), "/outcome/detail");
    assert!(detail.contains("id"), "{detail}");
}

#[test]
fn spawn_per_case_with_a_one_shot_vendor_passes() {
    let dir = Scratch::new("per-case");
    let run = conform_in(
        &dir,
        &mutant("none --per-case"),
        &[
            "--spawn-per-case",
            "--timeout-ms",
            PATIENT_MS,
            "--filter",
            "valid-*/*",
            "--filter",
            "time/*",
            "--filter",
            "revocation/*",
            "--filter",
            "trust-files/*",
            "--filter",
            "decode/*",
            "--filter",
            "encode-refused/*",
        ],
    );
    run.assert_exit(0);
    assert_eq!(run.report["verdict"]["kind"], "partial");
    assert_eq!(run.report["provenance"]["vendor"]["mode"], "spawn-per-case");
    // The claim came from a hello in a process of its own.
    assert_eq!(run.report["provenance"]["vendor"]["name"], "mutant-none");
    run.assert_outcomes(|_| "pass");
}

#[test]
fn spawn_per_case_isolates_a_crash_to_its_case() {
    let dir = Scratch::new("per-case-crash");
    let run = conform_in(
        &dir,
        &mutant("crash-on-one --per-case"),
        &[
            "--spawn-per-case",
            "--timeout-ms",
            PATIENT_MS,
            "--filter",
            "base45/*",
        ],
    );
    assert_only_target_failed(&run, "crash");
}

#[test]
fn parallel_jobs_give_the_same_report_as_one_job() {
    let dir = Scratch::new("jobs");
    let vendor = mutant("crash-on-one");
    let cases = |jobs: &str| {
        let run = conform_in(
            &dir,
            &vendor,
            &[
                "--jobs",
                jobs,
                "--timeout-ms",
                PATIENT_MS,
                NO_IMAGES[0],
                NO_IMAGES[1],
            ],
        );
        run.assert_exit(1);
        assert_eq!(run.report["complete"], true);
        // Everything but how long each case took.
        let mut cases = run.report["cases"].clone();
        for c in cases.as_array_mut().into_iter().flatten() {
            c.as_object_mut().map(|o| o.remove("duration_us"));
        }
        cases
    };
    let one = cases("1");
    let two = cases("2");
    assert_eq!(one.as_array().map(Vec::len), two.as_array().map(Vec::len));
    for (a, b) in one.as_array().unwrap().iter().zip(two.as_array().unwrap()) {
        assert_eq!(a, b, "case differs between --jobs 1 and --jobs 2");
    }
}

#[test]
fn a_written_baseline_turns_failures_into_expected_ones_and_goes_stale() {
    let dir = Scratch::new("baseline");
    let baseline = dir.file("b.toml");
    let b = baseline.to_str().unwrap();
    let filters = ["--filter", "time/*", "--filter", "check-order/*"];
    let with = |vendor: &str, extra: &[&str]| {
        let mut args = vec!["--timeout-ms", PATIENT_MS];
        args.extend_from_slice(&filters);
        args.extend_from_slice(extra);
        conform_in(&dir, &mutant(vendor), &args)
    };

    // 1. Write: exit 0, one entry per failure, each with a reason.
    let written = with("accept-expired", &["--write-baseline", b]);
    written.assert_exit(0);
    let failing: Vec<(String, String)> = written
        .kinds()
        .into_iter()
        .filter(|(_, k)| k != "pass")
        .collect();
    assert_eq!(failing.len(), 11, "{failing:?}");
    let text = std::fs::read_to_string(&baseline).expect("baseline written");
    let toml: toml::Value = toml::from_str(&text).expect("baseline is TOML");
    let entries: Vec<(String, String)> = toml["expected"]
        .as_array()
        .expect("[[expected]] entries")
        .iter()
        .map(|e| {
            assert!(!e["reason"].as_str().unwrap().trim().is_empty());
            (
                e["case"].as_str().unwrap().to_owned(),
                e["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(entries, failing);

    // 2. Apply: exit 0, the failures are expected ones.
    let applied = with("accept-expired", &["--baseline", b]);
    applied.assert_exit(0);
    // Filtered and waived: at best PARTIAL, and the waivers are counted.
    assert_eq!(applied.report["verdict"]["kind"], "partial");
    assert_eq!(applied.report["verdict"]["waivers"], 11);
    assert!(
        str_at(&applied.report, "/verdict/text").ends_with("filtered (--filter); 11 waivers"),
        "{}",
        applied.report["verdict"]
    );
    for (id, _) in &failing {
        assert_eq!(applied.kind(id), "expected_failure", "{id}");
    }
    assert_eq!(applied.total("expected_failure"), failing.len() as u64);

    // 3. Fixed vendor, old baseline: exit 1, the stale lines to remove.
    let fixed = with("none", &["--baseline", b]);
    fixed.assert_exit(1);
    assert_eq!(fixed.total("pass"), fixed.cases().len() as u64);
    let stale = fixed.report["stale_baseline"].as_array().unwrap();
    assert_eq!(stale.len(), failing.len());
    for (id, _) in &failing {
        let line = format!("case = \"{id}\"");
        assert!(
            stale
                .iter()
                .any(|s| s.as_str().unwrap().starts_with("remove")
                    && s.as_str().unwrap().contains(&line)),
            "{id} not listed as stale: {stale:?}"
        );
        assert!(
            fixed
                .stderr
                .lines()
                .any(|l| l.contains("remove") && l.contains(&line)),
            "stderr does not say to remove {id}:\n{}",
            fixed.stderr
        );
    }

    // 4. An entry without a reason is a usage error.
    std::fs::write(
        &baseline,
        "[[expected]]\ncase = \"time-at-exp\"\noutcome = \"accepted_invalid\"\nreason = \"\"\n",
    )
    .unwrap();
    let unreasoned = with("accept-expired", &["--baseline", b]);
    unreasoned.assert_exit(2);
    assert_eq!(
        unreasoned.stderr.trim().lines().count(),
        1,
        "{}",
        unreasoned.stderr
    );
    assert!(
        unreasoned.stderr.contains("reason"),
        "{}",
        unreasoned.stderr
    );
}

/// Runs a vendor that cannot take part: exit 2 and one line on stderr.
fn assert_vendor_refused(test: &str, vendor: &str) -> String {
    let dir = Scratch::new(test);
    let run = conform_in(&dir, vendor, &["--timeout-ms", "2000"]);
    run.assert_exit(2);
    let stderr = run.stderr.trim().to_owned();
    assert_eq!(stderr.lines().count(), 1, "one line:\n{stderr}");
    assert_eq!(
        run.report,
        Value::Null,
        "no report for a run that never started"
    );
    stderr
}

#[test]
fn a_vendor_that_does_not_exist_is_a_runner_error() {
    let msg = assert_vendor_refused("missing", "/nonexistent/uniqr-vendor --flag");
    assert!(msg.contains("/nonexistent/uniqr-vendor"), "{msg}");
}

#[test]
fn a_vendor_that_exits_at_once_fails_the_handshake() {
    let msg = assert_vendor_refused("true", "true");
    assert!(msg.contains("handshake"), "{msg}");
    let msg = assert_vendor_refused("bad-mutant", &mutant("no-such-mutant"));
    assert!(msg.contains("usage: mutant_vendor"), "stderr tail: {msg}");
}

#[test]
fn a_vendor_that_echoes_the_hello_fails_the_handshake() {
    // `cat` sends the hello back: op and protocol are right, but there is
    // no name, version or ops list, so it does not speak the protocol.
    let msg = assert_vendor_refused("cat", "cat");
    assert!(msg.contains("handshake"), "{msg}");
}

#[test]
fn an_empty_vendor_command_is_a_usage_error() {
    let msg = assert_vendor_refused("empty", "");
    assert!(msg.contains("--vendor"), "{msg}");
}

#[test]
fn the_mutant_vendor_answers_bad_lines_and_one_request_per_case() {
    use std::io::Write;
    let talk = |args: &[&str], input: &str| {
        let mut child = Command::new(mutant_vendor())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mutant_vendor");
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let hello = "{\"op\":\"hello\",\"protocol\":1}\n";
    let out = talk(&["none"], &format!("garbage\n\n[1]\n{hello}"));
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(lines[0]["ok"], false);
    assert_eq!(lines[1]["ok"], false);
    assert_eq!(lines[2]["op"], "hello");
    assert_eq!(lines[2]["name"], "mutant-none");
    // One-shot mode: one reply, then exit without reading on.
    let out = talk(&["none", "--per-case"], &format!("{hello}{hello}"));
    assert_eq!(out.lines().count(), 1, "{out}");
}
