//! Hostile vendors: a vendor that misbehaves on purpose must never hang the
//! runner or keep it from writing its report.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Answers the hello, then never reads its input again: large requests
/// (images) fill the pipe.
const DEAF: &str = r#"
import json, sys, time
sys.stdin.readline()
print(json.dumps({"op": "hello", "protocol": 1, "name": "deaf", "version": "1",
                  "ops": ["verify", "scan_verify"]}), flush=True)
time.sleep(1000)
"#;

#[test]
fn a_vendor_that_stops_reading_cannot_hang_the_run() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-deaf");
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("deaf.py");
    std::fs::write(&script, DEAF).unwrap();
    let report = dir.join("report.json");
    let _ = std::fs::remove_file(&report);
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_uniqr"))
        .args(["conform", "--vendor"])
        .arg(format!("python3 {}", script.display()))
        .args([
            "--filter",
            "qr-degraded/*",
            "--timeout-ms",
            "1000",
            "--deadline-s",
            "4",
        ])
        .arg("--report")
        .arg(format!("json={}", report.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Generous: the run must end by its deadline plus one request; a hang
    // is killed here so the test fails instead of hanging too.
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("conform did not end against a vendor that stops reading");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(1));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(r["complete"], false, "{r}");
    assert!(r["incomplete"].as_str().unwrap().contains("--deadline-s"));
    assert!(
        r["totals"]["timeout"].as_u64().unwrap() >= 1,
        "{}",
        r["totals"]
    );
}

fn uniqr(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_uniqr"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn vectors_generate_deletes_only_what_the_previous_suite_listed() {
    let dir = scratch("generate");
    // A folder that is not a suite, even with a file named manifest.json,
    // is refused and left as it was.
    let app = dir.join("webapp");
    std::fs::create_dir_all(app.join("src")).unwrap();
    std::fs::write(app.join("src/app.js"), "app").unwrap();
    std::fs::write(app.join("manifest.json"), r#"{"name":"my web app"}"#).unwrap();
    let o = uniqr(&["vectors", "generate", "--out", app.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert_eq!(
        std::fs::read_to_string(app.join("src/app.js")).unwrap(),
        "app"
    );
    // Over a suite: a user's file and a folder a symlink points to stay; a
    // file the old manifest lists and the new suite lacks goes.
    let suite = dir.join("suite");
    let o = uniqr(&["vectors", "generate", "--out", suite.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    let outside = dir.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("precious.txt"), "keep").unwrap();
    std::os::unix::fs::symlink(&outside, suite.join("linked")).unwrap();
    std::fs::write(suite.join("notes.txt"), "mine").unwrap();
    std::fs::write(suite.join("prefix/stale-case.json"), "{}").unwrap();
    let manifest = suite.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    m["files"]["prefix/stale-case.json"] = "00".repeat(32).into();
    m["files"]["linked/precious.txt"] = "00".repeat(32).into();
    m["files"]["../outside/precious.txt"] = "00".repeat(32).into();
    std::fs::write(&manifest, m.to_string()).unwrap();
    let o = uniqr(&["vectors", "generate", "--out", suite.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    assert!(!suite.join("prefix/stale-case.json").exists());
    assert_eq!(
        std::fs::read_to_string(suite.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("precious.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn a_suite_folder_is_read_as_regular_files_only() {
    let dir = scratch("suite-files");
    let suite = dir.join("suite");
    let o = uniqr(&["vectors", "generate", "--out", suite.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    // A symlink to a secret is refused, not read into a report.
    std::os::unix::fs::symlink("/etc/passwd", suite.join("prefix/passwd.json")).unwrap();
    let o = uniqr(&["vectors", "check", "--suite", suite.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file"));
    std::fs::remove_file(suite.join("prefix/passwd.json")).unwrap();
    // A FIFO is refused, never opened (opening one would hang).
    let fifo = suite.join("prefix/pipe.json");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = uniqr(&["conform", "--suite", suite.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file"));
}

/// Answers every request with a rejection carrying a 3 MB message.
const FLOOD: &str = r#"
import json, sys
for line in sys.stdin:
    req = json.loads(line)
    if req.get("op") == "hello":
        print(json.dumps({"op": "hello", "protocol": 1, "name": "flood", "version": "1",
                          "ops": ["verify"]}), flush=True)
    else:
        print(json.dumps({"id": req.get("id"), "ok": False, "error": "EXPIRED",
                          "message": "x" * 3000000}), flush=True)
"#;

#[test]
fn a_flooding_vendor_gets_bounded_reports() {
    let dir = scratch("flood");
    let script = dir.join("flood.py");
    std::fs::write(&script, FLOOD).unwrap();
    let report = dir.join("report.json");
    let o = Command::new(env!("CARGO_BIN_EXE_uniqr"))
        .args(["conform", "--vendor"])
        .arg(format!("python3 {}", script.display()))
        .args(["--filter", "prefix/*", "--timeout-ms", "20000", "--report"])
        .arg(format!("json={}", report.display()))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let cases = r["cases"].as_array().unwrap().len();
    assert!(cases >= 5, "{cases}");
    // 3 MB per reply would be megabytes per case; 64 KiB is kept.
    let size = std::fs::metadata(&report).unwrap().len();
    assert!(
        size < (cases as u64) * 80_000,
        "{size} bytes for {cases} cases"
    );
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("more bytes truncated")
    );
}

#[test]
fn a_report_path_that_cannot_be_written_stops_the_run_before_it_starts() {
    let dir = scratch("report-path");
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let good = dir.join("report.json");
    let o = uniqr(&[
        "conform",
        "--report",
        &format!("json={}", good.display()),
        "--report",
        &format!("html={}/report.html", file.display()),
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("a-file"), "{err}");
    assert!(!err.contains("cases:"), "no case ran: {err}");
    assert!(!good.exists(), "no report of a run that did not happen");
}
