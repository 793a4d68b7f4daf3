//! Shared by the tests that drive `mutant_vendor` (an example of crate
//! `uniqr-conform`): building and
//! naming the vendor, and scratch folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The vendor binary, which `cargo test` builds into
/// `target/<profile>/examples`, next to the `uniqr` binary. A narrower
/// `cargo test --test conform` builds no examples, so the first test to need
/// it builds it when it is missing or older than `uniqr` (and so perhaps
/// built from an older library).
pub fn mutant_vendor() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let bin = Path::new(env!("CARGO_BIN_EXE_uniqr"));
        let profile_dir = bin.parent().expect("uniqr has a folder");
        let path = profile_dir
            .join("examples")
            .join(format!("mutant_vendor{}", std::env::consts::EXE_SUFFIX));
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        if modified(&path) < modified(bin) {
            build_mutant_vendor(profile_dir);
        }
        assert!(path.exists(), "{} missing after a build", path.display());
        path
    })
}

/// `cargo build -p uniqr-conform --example mutant_vendor` into the same target folder and
/// profile as this test; a no-op when it is up to date.
fn build_mutant_vendor(profile_dir: &Path) {
    let target_dir = profile_dir.parent().expect("a target folder");
    let mut cmd = Command::new(env!("CARGO"));
    // Cargo gives a test process its package's variables; a build script
    // that watches one (ring watches CARGO_MANIFEST_DIR) would see a change
    // and rebuild the world, twice: here and in the next `cargo test`.
    for (key, _) in std::env::vars_os() {
        let k = key.to_string_lossy();
        let from_cargo = ["CARGO_PKG_", "CARGO_BIN_EXE_", "CARGO_MANIFEST_"]
            .iter()
            .any(|p| k.starts_with(p))
            || [
                "CARGO_CRATE_NAME",
                "CARGO_BIN_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
                "OUT_DIR",
            ]
            .contains(&k.as_ref());
        if from_cargo {
            cmd.env_remove(&key);
        }
    }
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "build",
            "--quiet",
            "--locked",
            "-p",
            "uniqr-conform",
            "--example",
            "mutant_vendor",
        ])
        .arg("--target-dir")
        .arg(target_dir);
    match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") | None => {}
        Some("release") => {
            cmd.arg("--release");
        }
        Some(other) => {
            cmd.args(["--profile", other]);
        }
    }
    let status = cmd.status().expect("run cargo");
    assert!(
        status.success(),
        "cargo build --example mutant_vendor failed"
    );
}

/// The `--vendor` value that runs one mutant.
pub fn mutant(args: &str) -> String {
    let path = mutant_vendor().to_str().expect("UTF-8 path");
    format!("{} {args}", shlex::try_quote(path).expect("quotable path"))
}

/// A scratch folder for one test, removed afterwards.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(test: &str) -> Scratch {
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch folder");
        Scratch(dir)
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
