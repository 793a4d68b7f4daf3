//! The C boundary end to end: the C example and a C driver run against the
//! app library `libuniqr.so` and the vendor library `libuniqr_vendor.so`,
//! the reference passes 100 % through `uniqr conform --vendor-lib`, and a
//! deliberately bad C vendor library is isolated case by case. (The
//! committed header is checked in crate `uniqr-ffi`.)
//!
//! Both libraries are dev-dependencies of this crate, so `cargo test` builds
//! them into `target/<profile>/deps/`, next to this test. C code is compiled
//! with the system `cc` into `CARGO_TARGET_TMPDIR`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const UNIQR: &str = env!("CARGO_BIN_EXE_uniqr");

/// The folder holding the two C libraries of this build:
/// `target/<profile>/deps`, next to this test binary. (Cargo copies them up
/// to `target/<profile>/` only for `cargo build`, not for dependencies.)
fn lib_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().to_path_buf();
    for lib in ["libuniqr.so", "libuniqr_vendor.so"] {
        assert!(
            dir.join(lib).exists(),
            "{}/{lib} missing: uniqr-ffi and uniqr-ffi-vendor are dev-dependencies",
            dir.display()
        );
    }
    dir
}

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ffi-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Compiles C sources with `cc` and links them against both libraries.
fn cc(out: &Path, sources: &[&str], extra: &[&str]) {
    let lib = lib_dir();
    let o = Command::new("cc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-O1"])
        .args([
            "-I",
            &format!("{ROOT}/include"),
            "-I",
            &format!("{ROOT}/spec"),
        ])
        .args(extra)
        .args(sources.iter().map(|s| format!("{ROOT}/{s}")))
        .arg("-o")
        .arg(out)
        .arg(format!("-L{}", lib.display()))
        .args(["-luniqr", "-luniqr_vendor"])
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .output()
        .expect("run cc");
    assert!(
        o.status.success(),
        "cc: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn uniqr(args: &[&str]) -> Output {
    Command::new(UNIQR).args(args).output().expect("run uniqr")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Outcome kind by case id from a JSON report.
fn outcomes(report: &Path) -> Vec<(String, String, serde_json::Value)> {
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    r["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["outcome"]["kind"].as_str().unwrap().to_owned(),
                c["outcome"].clone(),
            )
        })
        .collect()
}

/// A valid code of the suite and its context: (text, trust, revoked, now, now RFC 3339, exp).
fn valid_case() -> (String, PathBuf, PathBuf, i64, String, i64) {
    let case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{ROOT}/vectors/valid-es256/valid-es256-identity-only.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let ctx = &case["context"];
    let now = ctx["now"].as_str().unwrap().to_owned();
    (
        case["input"]["text"].as_str().unwrap().to_owned(),
        Path::new(ROOT)
            .join("vectors")
            .join(ctx["trust"].as_str().unwrap()),
        Path::new(ROOT)
            .join("vectors")
            .join(ctx["revoked"].as_str().unwrap()),
        uniqr::timefmt::parse_strict(&now).unwrap(),
        now,
        case["expected"]["claims"]["exp"].as_i64().unwrap(),
    )
}

#[test]
fn c_example_verifies_a_code() {
    let dir = tmp("example");
    let exe = dir.join("verify");
    cc(&exe, &["examples/c/verify.c"], &[]);
    let (qr, trust, revoked, now, _, exp) = valid_case();
    let code = dir.join("code.txt");
    std::fs::write(&code, format!("{qr}\n")).unwrap();
    let run = |now: i64| {
        Command::new(&exe)
            .arg(&code)
            .arg(&trust)
            .arg(&revoked)
            .arg(now.to_string())
            .output()
            .unwrap()
    };
    let o = run(now);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}{}", text(&o.stderr));
    assert!(out.starts_with("valid (libuniqr 0."), "{out}");
    assert!(out.contains(r#""pid":"VN-001-0000042""#), "{out}");
    let o = run(exp);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert_eq!(
        out.trim(),
        "invalid: EXPIRED (20): time: now is at or after exp"
    );
}

#[test]
fn c_driver_exercises_the_vendor_abi_and_native_api() {
    let exe = tmp("driver").join("vendor_calls");
    cc(&exe, &["tests/c/vendor_calls.c"], &[]);
    let (qr, trust, revoked, now, now_text, _) = valid_case();
    let code = exe.with_file_name("code.txt");
    std::fs::write(&code, &qr).unwrap();
    let o = Command::new(&exe)
        .arg(&code)
        .arg(&trust)
        .arg(&revoked)
        .arg(now.to_string())
        .arg(&now_text)
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}{}", text(&o.stderr));
    assert!(out.ends_with("all checks passed\n"), "{out}");
}

#[test]
fn reference_library_passes_through_vendor_lib() {
    let lib = lib_dir().join("libuniqr_vendor.so");
    let dir = tmp("reference");
    for (mode, extra) in [
        ("library-isolated", &[][..]),
        ("library-in-process", &["--in-process"][..]),
    ] {
        let report = dir.join(format!("{mode}.json"));
        let mut args = vec!["conform", "--vendor-lib", lib.to_str().unwrap(), "--report"];
        let spec = format!("json={}", report.display());
        args.push(&spec);
        args.extend(extra);
        let o = uniqr(&args);
        assert_eq!(o.status.code(), Some(0), "{mode}: {}", text(&o.stderr));
        let cases = outcomes(&report);
        assert!(cases.len() > 300);
        assert!(cases.iter().all(|(_, k, _)| k == "pass"), "{mode}");
        let r: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        let vendor = &r["provenance"]["vendor"];
        assert_eq!(vendor["mode"], mode);
        assert_eq!(vendor["name"], "uniqr-reference");
        assert_eq!(vendor["command"], lib.to_str().unwrap());
    }
}

#[test]
fn bad_c_library_fails_only_its_own_cases() {
    let dir = tmp("bad");
    let bad = dir.join("libbad_vendor.so");
    cc(&bad, &["tests/c/bad_vendor.c"], &["-shared", "-fPIC"]);
    let report = dir.join("report.json");
    let o = uniqr(&[
        "conform",
        "--vendor-lib",
        bad.to_str().unwrap(),
        "--timeout-ms",
        "2000",
        "--report",
        &format!("json={}", report.display()),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let cases = outcomes(&report);
    assert!(cases.len() > 300);
    let failed: Vec<(&str, &str)> = cases
        .iter()
        .filter(|(_, k, _)| k != "pass")
        .map(|(id, k, _)| (id.as_str(), k.as_str()))
        .collect();
    assert_eq!(
        failed,
        [
            ("version-uq0", "crash"),
            ("version-uq9", "crash"),
            ("version-uqa", "timeout")
        ]
    );
    let detail = |id: &str| {
        cases.iter().find(|(i, _, _)| i == id).unwrap().2["detail"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(detail("version-uq0").contains("signal 11"));
    assert!(detail("version-uq9").contains("signal 6"));
    // The library's stdout chatter went to stderr, not into the protocol.
    assert!(detail("version-uq0").contains("bad vendor: chatter on stdout"));
}

#[test]
fn library_level_failures_and_bad_libraries() {
    let dir = tmp("odd");
    // A nonzero status is a protocol_error for that case; the host restarts.
    let status = dir.join("libstatus_vendor.so");
    cc(
        &status,
        &["tests/c/bad_vendor.c"],
        &["-shared", "-fPIC", "-DSTATUS_ON_UQ0"],
    );
    let report = dir.join("status.json");
    let o = uniqr(&[
        "conform",
        "--vendor-lib",
        status.to_str().unwrap(),
        "--filter",
        "prefix-version/version-uq[0-2]",
        "--report",
        &format!("json={}", report.display()),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let cases = outcomes(&report);
    let kinds: Vec<_> = cases
        .iter()
        .map(|(id, k, _)| (id.as_str(), k.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [("version-uq0", "protocol_error"), ("version-uq2", "pass")]
    );
    assert!(
        cases[0].2["detail"]
            .as_str()
            .unwrap()
            .contains("uniqr_vendor_call returned status 7")
    );
    // Another ABI version, a missing file, a library without the ABI: exit 2.
    let v2 = dir.join("libv2_vendor.so");
    cc(
        &v2,
        &["tests/c/bad_vendor.c"],
        &["-shared", "-fPIC", "-DABI_VERSION=2"],
    );
    let lib = lib_dir().join("libuniqr_vendor.so");
    let missing = dir.join("missing.so");
    let no_abi = PathBuf::from(UNIQR);
    // The app library is a real library without the vendor ABI.
    let app = lib_dir().join("libuniqr.so");
    for (path, want) in [
        (&v2, "vendor ABI version 2"),
        (&missing, "No such file"),
        (&no_abi, "cannot load"),
        (&app, "undefined symbol: uniqr_vendor"),
    ] {
        for extra in [&[][..], &["--in-process"][..]] {
            let mut args = vec!["conform", "--vendor-lib", path.to_str().unwrap()];
            args.extend(extra);
            let o = uniqr(&args);
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{err}");
            // The isolated host's stderr tail can lose the race with its
            // exit status (runner/transport.rs), so only the in-process
            // message is checked word for word.
            let detailed = !extra.is_empty() || path == &missing;
            assert!(!detailed || err.contains(want), "{extra:?}: {err}");
            assert!(err.contains("--vendor-lib") || err.contains("vendor handshake failed"));
        }
    }
    // Argument rules.
    let o = uniqr(&[
        "conform",
        "--vendor",
        "x",
        "--vendor-lib",
        lib.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = uniqr(&["conform", "--in-process"]);
    assert_eq!(o.status.code(), Some(2));
    let help = text(&uniqr(&["conform", "--help"]).stdout);
    assert!(help.contains("--vendor-lib") && help.contains("NO CRASH ISOLATION"));
    let top = text(&uniqr(&["--help"]).stdout);
    assert!(
        !top.contains("vendor-host"),
        "the host subcommand is hidden"
    );
}
