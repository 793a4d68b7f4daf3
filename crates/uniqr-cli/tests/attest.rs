//! Signed attestations through the command line (spec/attestation.md): lab
//! keys that sign attestations and never codes, a certified run attested
//! and verified against the tested binary, and every way a verification
//! must fail: a changed byte, another lab's key, another artifact.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const UNIQR: &str = env!("CARGO_BIN_EXE_uniqr");
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("attest-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn uniqr(args: &[&str]) -> Output {
    Command::new(UNIQR)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run uniqr")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A lab key pair in `dir`: (private, public).
fn lab_key(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let key = dir.join(format!("{name}.key.json"));
    let o = uniqr(&["keygen", "--usage", "attest", "--out", p(&key)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let public = dir.join(format!("{name}.pub.json"));
    assert!(
        public.exists(),
        "keygen writes the public half beside the key"
    );
    assert_eq!(text(&o.stdout).trim().len(), 16, "prints the kid");
    (key, public)
}

#[test]
fn lab_keys_sign_attestations_and_never_codes() {
    let dir = tmp("keys");
    let (lab, _) = lab_key(&dir, "lab");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&lab).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // A lab key cannot sign a code.
    let payload = format!("{ROOT}/examples/payloads/identity-only.json");
    let o = uniqr(&["encode", "--key", p(&lab), "--payload", &payload]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    // A code key cannot sign an attestation.
    let code = dir.join("code.key.json");
    let o = uniqr(&[
        "keygen",
        "--alg",
        "eddsa",
        "--issuer",
        "VN",
        "--out",
        p(&code),
    ]);
    assert!(o.status.success());
    let out = dir.join("a.json");
    let o = uniqr(&[
        "conform",
        "--certify",
        "--attest",
        p(&code),
        "--attest-out",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("code key never signs attestations"),
        "{}",
        text(&o.stderr)
    );
    assert!(!out.exists());
    // Only a certifying run is attested.
    let o = uniqr(&["conform", "--attest", p(&lab), "--attest-out", p(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--certify"), "{}", text(&o.stderr));
    // A lab key is Ed25519 with no issuer or window.
    let o = uniqr(&[
        "keygen",
        "--usage",
        "attest",
        "--alg",
        "es256",
        "--out",
        p(&dir.join("x.json")),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_certified_run_is_attested_and_verifies_against_the_tested_binary() {
    let dir = tmp("certified");
    let (lab, public) = lab_key(&dir, "lab");
    let (_, other_public) = lab_key(&dir, "other");
    let apk = dir.join("acme.apk");
    std::fs::write(&apk, b"an app bundle").unwrap();
    let reports = dir.join("results");
    let o = uniqr(&[
        "conform",
        "--certify",
        "--jobs",
        "2",
        "--report-dir",
        p(&reports),
        "--attest",
        p(&lab),
        "--artifact",
        p(&apk),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let att = reports.join("attestation.intoto.json");
    assert!(att.exists());
    // The tested binary (the built-in reference is the uniqr binary) and the
    // extra artifact are subjects.
    let ok = uniqr(&[
        "attest",
        "verify",
        p(&att),
        "--key",
        p(&public),
        "--artifact",
        UNIQR,
        "--artifact",
        p(&apk),
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let line = text(&ok.stdout);
    assert!(
        line.starts_with("verified: conformance of uniqr-reference"),
        "{line}"
    );
    assert!(
        line.contains("CONFORMANT (verifier, scanner, issuer, inspector, renderer)"),
        "{line}"
    );
    assert!(line.contains("acme.apk sha256:"), "{line}");
    // Another artifact, another lab's key, or a changed byte: rejected.
    let other = dir.join("other.apk");
    std::fs::write(&other, b"another app").unwrap();
    for (args, why) in [
        (
            vec!["--key", p(&public), "--artifact", p(&other)],
            "artifact other.apk",
        ),
        (vec!["--key", p(&other_public)], "no signature verifies"),
    ] {
        let mut all = vec!["attest", "verify", p(&att)];
        all.extend(args);
        let o = uniqr(&all);
        assert_eq!(o.status.code(), Some(1), "{all:?}");
        assert!(text(&o.stderr).contains(why), "{}", text(&o.stderr));
    }
    let bytes = std::fs::read(&att).unwrap();
    let tampered = dir.join("tampered.json");
    for i in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 20] {
        let mut bad = bytes.clone();
        bad[i] ^= 0x01;
        std::fs::write(&tampered, &bad).unwrap();
        let o = uniqr(&["attest", "verify", p(&tampered), "--key", p(&public)]);
        assert_eq!(o.status.code(), Some(1), "byte {i}: {}", text(&o.stdout));
    }
    // A usage error is not a verdict.
    let o = uniqr(&[
        "attest",
        "verify",
        p(&dir.join("missing.json")),
        "--key",
        p(&public),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_interop_matrix_is_attested_for_every_vendor() {
    let dir = tmp("interop");
    let (lab, public) = lab_key(&dir, "lab");
    let payloads = dir.join("payloads");
    std::fs::create_dir_all(&payloads).unwrap();
    std::fs::copy(
        format!("{ROOT}/examples/payloads/identity-only.json"),
        payloads.join("identity-only.json"),
    )
    .unwrap();
    let out = dir.join("matrix");
    let shim = format!("shim={UNIQR} shim");
    let o = uniqr(&[
        "interop",
        "--vendor",
        &shim,
        "--payloads",
        p(&payloads),
        "--out",
        p(&out),
        "--attest",
        p(&lab),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let att = out.join("attestation.intoto.json");
    let o = uniqr(&[
        "attest",
        "verify",
        p(&att),
        "--key",
        p(&public),
        "--artifact",
        UNIQR,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("interop matrix of 2 vendors: INTEROPERABLE"));
}
