//! Shared by the tests that run `uniqr conform` and read its JSON report.
#![allow(dead_code)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::mutant::{Scratch, mutant};

/// A per-request limit no healthy request comes near, even in a debug build
/// on a busy machine: runs that must not time out use it.
pub const PATIENT_MS: &str = "10000";

/// One `uniqr conform` run and its JSON report.
pub struct Run {
    pub code: Option<i32>,
    pub stderr: String,
    pub report: Value,
    pub elapsed: Duration,
}

/// Runs `uniqr conform --vendor VENDOR ARGS`, with a JSON report in `dir`.
pub fn conform_in(dir: &Scratch, vendor: &str, args: &[&str]) -> Run {
    let report = dir.file("report.json");
    let _ = std::fs::remove_file(&report);
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_uniqr"))
        .args(["conform", "--vendor", vendor, "--report"])
        .arg(format!("json={}", report.display()))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run uniqr conform");
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report = match std::fs::read_to_string(&report) {
        Ok(text) => serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("the JSON report does not parse: {e}\n{text}")),
        Err(_) => Value::Null,
    };
    Run {
        code: out.status.code(),
        stderr,
        report,
        elapsed,
    }
}

/// Runs one mutant (persistent mode) on the cases the filters select.
pub fn conform(test: &str, mutant_name: &str, args: &[&str]) -> Run {
    let dir = Scratch::new(test);
    let mut all = vec!["--timeout-ms", PATIENT_MS];
    all.extend_from_slice(args);
    conform_in(&dir, &mutant(mutant_name), &all)
}

pub fn str_at<'v>(v: &'v Value, pointer: &str) -> &'v str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

impl Run {
    pub fn cases(&self) -> &[Value] {
        self.report["cases"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_else(|| panic!("no report; stderr:\n{}", self.stderr))
    }

    pub fn case(&self, id: &str) -> &Value {
        self.cases()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("case {id} not in the report"))
    }

    pub fn kind(&self, id: &str) -> &str {
        str_at(self.case(id), "/outcome/kind")
    }

    pub fn total(&self, kind: &str) -> u64 {
        self.report["totals"][kind].as_u64().unwrap_or(0)
    }

    pub fn assert_exit(&self, code: i32) {
        assert_eq!(
            self.code,
            Some(code),
            "exit status; stderr:\n{}",
            self.stderr
        );
    }

    /// Exit 1, a complete report whose verdict is NOT CONFORMANT.
    pub fn assert_caught(&self) {
        self.assert_exit(1);
        assert_eq!(self.report["verdict"]["kind"], "not_conformant");
        assert_eq!(self.report["complete"], true);
    }

    /// Checks every case's outcome kind against `want(case)`, listing all
    /// mismatches at once.
    pub fn assert_outcomes(&self, want: impl Fn(&Value) -> &'static str) {
        assert!(!self.cases().is_empty(), "no cases selected");
        let wrong: Vec<String> = self
            .cases()
            .iter()
            .filter(|c| str_at(c, "/outcome/kind") != want(c))
            .map(|c| {
                format!(
                    "{}: want {}, got {}",
                    c["id"],
                    want(c),
                    serde_json::to_string(&c["outcome"]).unwrap_or_default()
                )
            })
            .collect();
        assert!(
            wrong.is_empty(),
            "unexpected outcomes:\n{}",
            wrong.join("\n")
        );
    }

    /// Case ids with their outcome kinds, in report order.
    pub fn kinds(&self) -> Vec<(String, String)> {
        self.cases()
            .iter()
            .map(|c| (str_at(c, "/id").into(), str_at(c, "/outcome/kind").into()))
            .collect()
    }
}

pub fn id(c: &Value) -> &str {
    str_at(c, "/id")
}

pub fn category(c: &Value) -> &str {
    str_at(c, "/category")
}

pub fn expected(c: &Value) -> &str {
    str_at(c, "/expected")
}
