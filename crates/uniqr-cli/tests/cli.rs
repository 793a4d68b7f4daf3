//! The CLI contract: commands, JSON shapes and exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The workspace root: the command runs there, as in the README.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn uniqr(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uniqr"))
        .current_dir(ROOT)
        .args(args)
        .output()
        .expect("run uniqr")
}

fn uniqr_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_uniqr"))
        .current_dir(ROOT)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn uniqr");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("uniqr-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

const SEED: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const PAYLOAD: &str = "examples/payloads/vaccination-two-doses.json";

/// keygen + trust build in `dir`, returning (key, trust) paths.
fn issuer(dir: &Path, alg: &str) -> (PathBuf, PathBuf) {
    let key = dir.join(format!("{alg}.key.json"));
    let trust = dir.join(format!("{alg}.trust.json"));
    let o = uniqr(&[
        "keygen",
        "--alg",
        alg,
        "--issuer",
        "VN-HN",
        "--not-before",
        "2025-01-01T00:00:00Z",
        "--seed",
        SEED,
        "--out",
        p(&key),
    ]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(
        stdout(&o).trim().len(),
        16,
        "keygen prints the 8-byte kid as hex"
    );
    let o = uniqr(&["trust", "build", p(&key), "--out", p(&trust)]);
    assert!(o.status.success(), "{o:?}");
    let t = std::fs::read_to_string(&trust).unwrap();
    assert!(
        !t.contains("\"d\""),
        "trust list must not contain private keys"
    );
    (key, trust)
}

fn encode(key: &Path) -> String {
    let o = uniqr(&[
        "encode",
        "--key",
        p(key),
        "--payload",
        PAYLOAD,
        "--iat",
        "2026-01-01T00:00:00Z",
        "--exp",
        "2027-01-01T00:00:00Z",
        "--cti",
        "00112233445566778899aabbccddeeff",
    ]);
    assert!(o.status.success(), "{o:?}");
    stdout(&o).trim().to_owned()
}

#[test]
fn issues_and_verifies_with_both_algorithms() {
    let dir = tmp("roundtrip");
    for alg in ["es256", "eddsa"] {
        let (key, trust) = issuer(&dir, alg);
        let text = encode(&key);
        assert!(text.starts_with("UQ1:"));
        assert_eq!(
            text,
            encode(&key),
            "encode is byte-identical with fixed inputs"
        );
        let o = uniqr(&[
            "verify",
            "--trust",
            p(&trust),
            "--now",
            "2026-06-01T00:00:00Z",
            &text,
        ]);
        assert_eq!(o.status.code(), Some(0), "{o:?}");
        let v = json(&o);
        assert_eq!(v["valid"], true);
        assert_eq!(v["payload"]["pid"], "VN-079-0001");
        assert_eq!(v["claims"]["iss"], "VN-HN");
        assert_eq!(v["kid"].as_str().unwrap().len(), 16);
    }
}

#[test]
fn keygen_with_a_seed_is_reproducible() {
    let dir = tmp("seed");
    let a = dir.join("a.json");
    let b = dir.join("b.json");
    for out in [&a, &b] {
        let o = uniqr(&[
            "keygen",
            "--alg",
            "es256",
            "--issuer",
            "VN",
            "--not-before",
            "2025-01-01T00:00:00Z",
            "--seed",
            SEED,
            "--out",
            p(out),
        ]);
        assert!(o.status.success());
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn verify_reports_failures_as_json_with_exit_1() {
    let dir = tmp("expired");
    let (key, trust) = issuer(&dir, "es256");
    let text = encode(&key);
    let o = uniqr_stdin(
        &[
            "verify",
            "--trust",
            p(&trust),
            "--now",
            "2027-01-01T00:00:00Z",
            "-",
        ],
        &format!("{text}\n"),
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let v = json(&o);
    assert_eq!(v["valid"], false);
    assert_eq!(v["error"]["code"], "EXPIRED");
    assert!(v["error"]["message"].as_str().unwrap().contains("exp"));
}

#[test]
fn verify_honours_the_revocation_list() {
    use sha2::Digest;
    let dir = tmp("revoked");
    let (key, trust) = issuer(&dir, "eddsa");
    let text = encode(&key);
    let cti = uniqr::hex::decode("00112233445566778899aabbccddeeff").unwrap();
    let h = uniqr::hex::encode(&sha2::Sha256::digest(&cti));
    let list = dir.join("revoked.json");
    std::fs::write(
        &list,
        format!(r#"{{"format":"uniqr-revocation-list","version":1,"revoked":["{h}"]}}"#),
    )
    .unwrap();
    let o = uniqr(&[
        "verify",
        "--trust",
        p(&trust),
        "--revoked",
        p(&list),
        "--now",
        "2026-06-01T00:00:00Z",
        &text,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["error"]["code"], "REVOKED");
}

#[test]
fn decode_prints_header_claims_and_payload() {
    let dir = tmp("decode");
    let (key, _) = issuer(&dir, "es256");
    let o = uniqr_stdin(&["decode"], &encode(&key));
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let v = json(&o);
    assert_eq!(v["header"]["alg"], "ES256");
    assert_eq!(v["claims"]["iat"], 1_767_225_600);
    assert_eq!(v["payload"]["nam"]["fn"], "Nguyễn");
    let o = uniqr(&["decode", "UQ2:ABC"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["error"]["code"], "VERSION_UNSUPPORTED");
}

#[test]
fn usage_and_io_errors_exit_2_with_one_line_on_stderr() {
    let o = uniqr(&["verify", "--trust", "/nonexistent/trust.json", "UQ1:00"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/nonexistent/trust.json"));
    let dir = tmp("badtrust");
    let bad = dir.join("trust.json");
    std::fs::write(&bad, "{}").unwrap();
    let o = uniqr(&["verify", "--trust", p(&bad), "UQ1:00"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().contains("trust list"));
    assert_eq!(uniqr(&["verify"]).status.code(), Some(2));
    assert_eq!(uniqr(&["encode", "--key", "x"]).status.code(), Some(2));
}

#[test]
fn demo_issues_and_verifies_a_sample() {
    let o = uniqr(&["demo"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let out = stdout(&o);
    let (text, verdict) = out.split_once('\n').unwrap();
    assert!(text.starts_with("UQ1:"));
    let v: serde_json::Value = serde_json::from_str(verdict).unwrap();
    assert_eq!(v["valid"], true);
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["keygen", "--help"],
        &["trust", "build", "--help"],
        &["encode", "--help"],
        &["decode", "--help"],
        &["verify", "--help"],
        &["demo", "--help"],
    ] {
        let o = uniqr(args);
        assert!(o.status.success(), "{args:?}");
        assert!(stdout(&o).contains("Usage"), "{args:?}");
    }
}
