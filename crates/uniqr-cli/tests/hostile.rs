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
