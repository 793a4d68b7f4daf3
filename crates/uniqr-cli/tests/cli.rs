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

/// A new, empty folder for one test (keygen refuses to overwrite, so a
/// folder left by an earlier run must not be reused).
fn tmp(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("uniqr-cli-{}-{name}-{nanos}", std::process::id()));
    std::fs::create_dir(&dir).unwrap();
    dir
}

fn uniqr_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uniqr"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run uniqr")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
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
    assert!(stderr(&o).contains("TRUST_LIST_INVALID"), "{o:?}");
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

/// keygen of an ES256 key for VN-HN with this usage and window.
fn keygen(key: &Path, usage: &str, not_before: &str, not_after: &str) -> Output {
    uniqr(&[
        "keygen",
        "--alg",
        "es256",
        "--issuer",
        "VN-HN",
        "--usage",
        usage,
        "--not-before",
        not_before,
        "--not-after",
        not_after,
        "--seed",
        SEED,
        "--out",
        p(key),
    ])
}

fn encode_with(key: &Path, payload: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "encode",
        "--key",
        p(key),
        "--payload",
        payload,
        "--iat",
        "2026-01-01T00:00:00Z",
        "--exp",
        "2027-01-01T00:00:00Z",
        "--cti",
        "00112233445566778899aabbccddeeff",
    ];
    args.extend_from_slice(extra);
    uniqr(&args)
}

/// The JSON error of a failure with exit code 2 and `--format json`: the
/// registry code and the message.
fn json_error(o: &Output) -> (String, String) {
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert_eq!(stderr(o).lines().count(), 1, "{o:?}");
    let v = json(o);
    let code = v["error"]["code"].as_str().unwrap_or_default().to_owned();
    let message = v["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (code, message)
}

#[test]
fn readme_walkthrough_with_explicit_times_works_on_any_date() {
    let dir = tmp("walkthrough");
    let key = dir.join("issuer.key.json");
    let trust = dir.join("trust.json");
    let png = dir.join("code.png");
    let o = keygen(&key, "id,v", "2025-01-01T00:00:00Z", "2031-01-01T00:00:00Z");
    assert!(o.status.success(), "{o:?}");
    let o = uniqr(&["trust", "build", p(&key), "--out", p(&trust)]);
    assert!(o.status.success(), "{o:?}");
    let o = encode_with(&key, PAYLOAD, &[]);
    assert!(o.status.success(), "{o:?}");
    let text = stdout(&o);
    let o = uniqr_stdin(&["decode", "-"], &text);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let now = "2026-06-01T00:00:00Z";
    let o = uniqr_stdin(&["verify", "--trust", p(&trust), "--now", now, "-"], &text);
    assert_eq!(json(&o)["valid"], true, "{o:?}");
    let o = uniqr_stdin(&["render", "-", "--out", p(&png)], &text);
    assert!(o.status.success(), "{o:?}");
    let o = uniqr(&["scan", p(&png), "--format", "json"]);
    assert_eq!(json(&o)["text"].as_str(), Some(text.trim_end()), "{o:?}");
    let o = uniqr(&[
        "verify",
        "--trust",
        p(&trust),
        "--now",
        now,
        "--image",
        p(&png),
    ]);
    assert_eq!(json(&o)["valid"], true, "{o:?}");
}

#[test]
fn encode_refuses_an_iat_outside_the_key_window_as_verify_would() {
    let dir = tmp("window");
    let key = dir.join("late.key.json");
    // As keygen without --not-before does on any day after the iat.
    let o = keygen(
        &key,
        "id,v,t,r",
        "2026-03-01T00:00:00Z",
        "2031-01-01T00:00:00Z",
    );
    assert!(o.status.success(), "{o:?}");
    let o = encode_with(&key, PAYLOAD, &[]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(o.stdout.is_empty(), "no code is issued: {o:?}");
    let err = stderr(&o);
    assert!(err.contains("KEY_NOT_VALID"), "{err}");
    assert!(
        err.contains("2026-03-01T00:00:00Z"),
        "names the window: {err}"
    );
    let (code, _) = json_error(&encode_with(&key, PAYLOAD, &["--format", "json"]));
    assert_eq!(code, "KEY_NOT_VALID");
}

#[test]
fn encode_refuses_entry_kinds_the_key_may_not_sign() {
    let dir = tmp("usage");
    let key = dir.join("tests-only.key.json");
    let o = keygen(&key, "t", "2025-01-01T00:00:00Z", "2031-01-01T00:00:00Z");
    assert!(o.status.success(), "{o:?}");
    let (code, message) = json_error(&encode_with(&key, PAYLOAD, &["--format", "json"]));
    assert_eq!(code, "KEY_USAGE_DENIED");
    assert!(message.contains("needs v"), "{message}");
}

#[test]
fn keygen_refuses_to_overwrite_a_key() {
    let dir = tmp("overwrite");
    let key = dir.join("k.json");
    let first = keygen(&key, "id", "2025-01-01T00:00:00Z", "2031-01-01T00:00:00Z");
    assert!(first.status.success(), "{first:?}");
    let before = std::fs::read(&key).unwrap();
    let o = uniqr(&[
        "keygen",
        "--alg",
        "eddsa",
        "--issuer",
        "VN",
        "--out",
        p(&key),
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("--force"), "{o:?}");
    assert_eq!(std::fs::read(&key).unwrap(), before, "the key is kept");
    let entries = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(entries, 1, "no temporary file is left");
}

#[test]
fn keygen_replaces_a_key_only_with_force() {
    let dir = tmp("force");
    let key = dir.join("k.json");
    std::fs::write(&key, "old").unwrap();
    let o = uniqr(&[
        "keygen",
        "--alg",
        "eddsa",
        "--issuer",
        "VN",
        "--force",
        "--out",
        p(&key),
    ]);
    assert!(o.status.success(), "{o:?}");
    let file = std::fs::read_to_string(&key).unwrap();
    assert!(file.contains("uniqr-private-key"), "{file}");
}

#[cfg(unix)]
#[test]
fn keygen_creates_the_key_file_with_mode_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp("mode");
    let key = dir.join("k.json");
    let o = keygen(&key, "id", "2025-01-01T00:00:00Z", "2031-01-01T00:00:00Z");
    assert!(o.status.success(), "{o:?}");
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    // Replacing a wider file with --force narrows it too.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = uniqr(&[
        "keygen",
        "--alg",
        "eddsa",
        "--issuer",
        "VN",
        "--force",
        "--out",
        p(&key),
    ]);
    assert!(o.status.success(), "{o:?}");
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn keygen_refuses_stdout_for_a_private_key() {
    let o = uniqr(&["keygen", "--alg", "eddsa", "--issuer", "VN", "--out", "-"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(o.stdout.is_empty(), "{o:?}");
}

#[test]
fn conform_report_dash_goes_to_stdout_and_writes_no_file() {
    let dir = tmp("report-dash");
    let o = uniqr_in(
        &dir,
        &["conform", "--filter", "prefix/*", "--report", "json=-"],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(json(&o)["format"], "uniqr-conformance-report");
    assert!(!dir.join("-").exists(), "a file named - was written");
}

#[cfg(target_os = "linux")]
#[test]
fn conform_report_to_dev_stdout_writes_through_and_keeps_the_link() {
    // First a private link made like /dev/stdout, so that a regression
    // replaces that one rather than the system's.
    let dir = tmp("dev-stdout");
    let own = dir.join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &own).unwrap();
    for link in [own.as_path(), Path::new("/dev/stdout")] {
        let report = format!("json={}", p(link));
        let o = uniqr(&["conform", "--filter", "prefix/*", "--report", &report]);
        assert_eq!(o.status.code(), Some(0), "{o:?}");
        assert_eq!(json(&o)["format"], "uniqr-conformance-report");
        let meta = std::fs::symlink_metadata(link).unwrap();
        assert!(
            meta.file_type().is_symlink(),
            "{} was replaced",
            link.display()
        );
    }
}

#[cfg(unix)]
#[test]
fn output_refuses_a_symlink_to_a_device_and_keeps_it() {
    let dir = tmp("symlink");
    let (key, _) = issuer(&dir, "eddsa");
    let link = dir.join("trust.json");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let o = uniqr(&["trust", "build", p(&key), "--out", p(&link)]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("not to a regular file"), "{o:?}");
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("/dev/null"));
}

#[test]
fn trust_build_dash_writes_the_list_to_stdout() {
    let dir = tmp("trust-dash");
    let (key, _) = issuer(&dir, "es256");
    let o = uniqr(&["trust", "build", p(&key), "--out", "-"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(json(&o)["format"], "uniqr-trust-list");
}

#[test]
fn render_dash_writes_the_image_to_stdout() {
    let text = uniqr_stdin(&["demo"], "").stdout;
    let text = String::from_utf8(text).unwrap();
    let text = text.lines().next().unwrap();
    let o = uniqr(&["render", text, "--out", "-", "--image-format", "svg"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(stdout(&o).starts_with("<svg"), "{o:?}");
    let o = uniqr(&["render", text, "--out", "-", "--image-format", "png"]);
    assert!(o.stdout.starts_with(b"\x89PNG"), "{o:?}");
    let o = uniqr(&["render", text, "--out", "-"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "the format cannot be guessed: {o:?}"
    );
    assert!(stderr(&o).contains("--image-format"), "{o:?}");
}

#[test]
fn render_refusal_says_render_refused_with_its_registry_code() {
    let dir = tmp("render-refused");
    let out = dir.join("x.png");
    let o = uniqr(&["render", "uq1:abc", "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = stderr(&o);
    assert!(err.contains("render refused"), "{err}");
    assert!(err.contains("'u'"), "names the character: {err}");
    assert!(err.contains("QR_UNREADABLE"), "the code stays: {err}");
    assert!(!out.exists());
    let long = format!("UQ1:{}", "A".repeat(2500));
    let o = uniqr(&["render", &long, "--out", p(&out)]);
    assert!(stderr(&o).contains("do not fit"), "{o:?}");
}

#[test]
fn trust_list_errors_name_the_field_and_give_the_code_in_json() {
    let dir = tmp("trust-shape");
    let bad = dir.join("trust.json");
    std::fs::write(
        &bad,
        r#"{"format": "uniqr-trust-list", "version": 1, "keys": {}}"#,
    )
    .unwrap();
    let o = uniqr(&["verify", "--trust", p(&bad), "UQ1:00"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = stderr(&o);
    assert!(
        err.contains("keys: invalid type: object, expected an array"),
        "{err}"
    );
    assert!(err.contains("TRUST_LIST_INVALID"), "{err}");
    let o = uniqr(&["verify", "--format", "json", "--trust", p(&bad), "UQ1:00"]);
    let (code, message) = json_error(&o);
    assert_eq!(code, "TRUST_LIST_INVALID");
    assert!(
        message.starts_with(&format!("{}: keys:", bad.display())),
        "{message}"
    );
}

/// An edit of a trust list's JSON.
type Edit = fn(&mut serde_json::Value);

#[test]
fn trust_list_rule_errors_name_the_entry_and_member() {
    let dir = tmp("trust-rules");
    let (_, trust) = issuer(&dir, "es256");
    let good: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&trust).unwrap()).unwrap();
    let cases: [(&str, Edit); 3] = [
        ("keys[0].not_before", |t| {
            t["keys"][0]["not_before"] = "2025-01-01".into()
        }),
        ("keys[1].kid", |t| {
            let k = t["keys"][0].clone();
            t["keys"].as_array_mut().unwrap().push(k)
        }),
        ("keys[0].jwk.d", |t| {
            t["keys"][0]["jwk"]["d"] = "AAAA".into()
        }),
    ];
    for (path, edit) in cases {
        let mut t = good.clone();
        edit(&mut t);
        let file = dir.join("bad.json");
        std::fs::write(&file, t.to_string()).unwrap();
        let o = uniqr(&["verify", "--format", "json", "--trust", p(&file), "UQ1:00"]);
        let (code, message) = json_error(&o);
        assert_eq!(code, "TRUST_LIST_INVALID", "{path}");
        assert!(
            message.contains(&format!(": {path}: ")),
            "{path}: {message}"
        );
    }
}

#[test]
fn payload_errors_name_the_field_path() {
    let dir = tmp("payload");
    let (key, _) = issuer(&dir, "es256");
    let mut payload: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(Path::new(ROOT).join(PAYLOAD)).unwrap())
            .unwrap();
    payload["v"][0]["dn"] = "1".into();
    let file = dir.join("payload.json");
    std::fs::write(&file, payload.to_string()).unwrap();
    let o = encode_with(&key, p(&file), &[]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = stderr(&o);
    assert!(
        err.contains("payload.v[0].dn: invalid type: string \"1\", expected an integer"),
        "{err}"
    );
    let (code, _) = json_error(&encode_with(&key, p(&file), &["--format", "json"]));
    assert_eq!(code, "PAYLOAD_INVALID");
    // A value of the right type that breaks a rule names its entry.
    payload["v"][0]["dn"] = 1.into();
    payload["v"][1]["dn"] = 12.into();
    std::fs::write(&file, payload.to_string()).unwrap();
    let (code, message) = json_error(&encode_with(&key, p(&file), &["--format", "json"]));
    assert_eq!(code, "PAYLOAD_INVALID");
    assert!(message.contains(": payload.v[1]: dose number"), "{message}");
}

#[test]
fn key_file_errors_name_the_field_and_give_the_code_in_json() {
    let dir = tmp("keyfile");
    let (key, _) = issuer(&dir, "eddsa");
    let mut k: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&key).unwrap()).unwrap();
    k["key"]["usage"] = serde_json::json!([]);
    let bad = dir.join("bad.key.json");
    std::fs::write(&bad, k.to_string()).unwrap();
    let out = dir.join("trust.json");
    let o = uniqr(&[
        "trust",
        "build",
        p(&bad),
        "--out",
        p(&out),
        "--format",
        "json",
    ]);
    let (code, message) = json_error(&o);
    assert_eq!(code, "KEY_FILE_INVALID");
    assert!(message.contains(": key.usage: "), "{message}");
    assert!(!out.exists());
    let o = encode_with(&bad, PAYLOAD, &["--format", "json"]);
    assert_eq!(json_error(&o).0, "KEY_FILE_INVALID");
}

#[test]
fn revocation_list_errors_name_the_entry_and_give_the_code_in_json() {
    let dir = tmp("revocation");
    let (_, trust) = issuer(&dir, "es256");
    let bad = dir.join("revoked.json");
    std::fs::write(
        &bad,
        r#"{"format": "uniqr-revocation-list", "version": 1, "revoked": ["abc"]}"#,
    )
    .unwrap();
    let o = uniqr(&[
        "verify",
        "--format",
        "json",
        "--trust",
        p(&trust),
        "--revoked",
        p(&bad),
        "UQ1:00",
    ]);
    let (code, message) = json_error(&o);
    assert_eq!(code, "REVOCATION_LIST_INVALID");
    assert!(message.contains(": revoked[0]: "), "{message}");
}

#[test]
fn an_unreadable_input_file_exits_2_with_the_code_of_its_kind() {
    let o = uniqr(&[
        "verify",
        "--format",
        "json",
        "--trust",
        "/nonexistent/trust.json",
        "UQ1:00",
    ]);
    let (code, message) = json_error(&o);
    assert_eq!(code, "TRUST_LIST_INVALID");
    assert!(message.contains("/nonexistent/trust.json"), "{message}");
}
