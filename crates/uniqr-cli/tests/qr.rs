//! The `render`, `scan` and `verify --image` commands (the QR layer itself
//! is tested in crate `uniqr-qr`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use uniqr::demo;
use uniqr_qr::degrade::Gray;
use uniqr_qr::{self as qr, RenderOptions, Segments, Symbol};

fn uniqr(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uniqr"))
        .args(args)
        .output()
        .expect("run uniqr")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("uniqr-qr-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

#[test]
fn cli_renders_png_and_svg_and_scans_them_back() {
    let dir = tmp("render");
    let text = demo::sample_text().unwrap();
    let png = dir.join("code.png");
    let o = uniqr(&["render", &text, "--out", s(&png), "--module-px", "3"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = uniqr(&["scan", s(&png)]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), format!("{text}\n"));
    let o = uniqr(&["scan", s(&png), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["text"], text.as_str());
    assert_eq!(v["mode"], "alphanumeric");
    assert_eq!(v["ec_level"], "Q");
    assert_eq!(v["version"], Symbol::new(&text).unwrap().version());
    assert_eq!(v["bounds"]["x"], 12);

    let svg = dir.join("code.svg");
    let o = uniqr(&["render", &text, "--out", s(&svg), "--quiet-zone", "6"]);
    assert_eq!(o.status.code(), Some(0));
    let body = std::fs::read_to_string(&svg).unwrap();
    assert!(body.starts_with("<svg") && body.contains("viewBox"));
}

#[test]
fn cli_render_refuses_bad_arguments_with_exit_2() {
    let dir = tmp("render-bad");
    let out = dir.join("x.png");
    for args in [
        vec!["render", "UQ1:ABC", "--out", s(&out), "--quiet-zone", "3"],
        vec!["render", "UQ1:ABC", "--out", s(&out), "--module-px", "0"],
        vec!["render", "UQ1:ABC", "--out", "x.gif"],
        vec!["render", "uq1:lowercase", "--out", s(&out)],
    ] {
        assert_eq!(uniqr(&args).status.code(), Some(2), "{args:?}");
    }
    assert!(!out.exists());
}

#[test]
fn cli_scan_of_an_unreadable_image_reports_the_code_and_exits_1() {
    let dir = tmp("scan-bad");
    let bad = dir.join("bad.png");
    std::fs::write(&bad, b"\x89PNG\r\n\x1a\n truncated").unwrap();
    let o = uniqr(&["scan", s(&bad), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["error"]["code"], "QR_UNREADABLE");
    let o = uniqr(&["scan", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("QR_UNREADABLE"));
    let byte = dir.join("byte.png");
    let png = Symbol::build("UQ1:ABC", Segments::Byte, 1, None)
        .unwrap()
        .to_png(&RenderOptions::default())
        .unwrap();
    std::fs::write(&byte, png).unwrap();
    let o = uniqr(&["scan", s(&byte), "--format", "json"]);
    assert_eq!(
        (o.status.code(), json(&o)["error"]["code"].clone()),
        (Some(1), "QR_MODE_INVALID".into())
    );
    let o = uniqr(&["scan", s(&dir.join("missing.png"))]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn cli_verify_reads_the_code_from_an_image() {
    let dir = tmp("verify");
    let trust = dir.join("trust.json");
    std::fs::write(&trust, demo::trust_list().to_json()).unwrap();
    let text = demo::sample_text().unwrap();
    let png = dir.join("code.png");
    std::fs::write(
        &png,
        qr::render_png(
            &text,
            &RenderOptions {
                module_px: 3,
                quiet_zone: 4,
            },
        )
        .unwrap(),
    )
    .unwrap();
    let now = "2026-06-01T00:00:00Z";
    let o = uniqr(&[
        "verify",
        "--trust",
        s(&trust),
        "--now",
        now,
        "--image",
        s(&png),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let v = json(&o);
    assert_eq!(v["valid"], true);
    assert_eq!(v["payload"]["pid"], "VN-079-0001");
    // Same verdict shape for an image without a symbol.
    let blank = dir.join("blank.png");
    std::fs::write(&blank, Gray::filled(64, 64, 255).png()).unwrap();
    let o = uniqr(&[
        "verify",
        "--trust",
        s(&trust),
        "--now",
        now,
        "--image",
        s(&blank),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(
        (v["valid"].clone(), v["error"]["code"].clone()),
        (false.into(), "QR_UNREADABLE".into())
    );
    // --image and TEXT together are a usage error.
    let o = uniqr(&["verify", "--trust", s(&trust), "--image", s(&png), &text]);
    assert_eq!(o.status.code(), Some(2));
}
