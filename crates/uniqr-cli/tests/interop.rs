//! `uniqr interop` end to end: a matrix of the reference shim, the
//! reference C library and three vendors with one planted bug each fails
//! exactly the expected cells with the right attribution; `--previous`
//! reports the difference after one bug is fixed; a vendor that crashes,
//! hangs or does not start fails its own cells only; the reports agree.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

#[path = "support/mutant.rs"]
mod mutant;
use mutant::{Scratch, mutant};

const UNIQR: &str = env!("CARGO_BIN_EXE_uniqr");
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// The reference vendor library of this build, next to this test binary
/// (a dev-dependency of this crate).
fn vendor_lib() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let lib = exe.parent().unwrap().join("libuniqr_vendor.so");
    assert!(lib.exists(), "{} missing", lib.display());
    lib
}

/// A payload folder with the first `n` example payloads: a small lab set
/// keeps image scanning in a debug build quick.
fn payloads(dir: &Scratch, n: usize) -> PathBuf {
    let out = dir.file("payloads");
    std::fs::create_dir_all(&out).unwrap();
    let mut names: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("examples/payloads"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names.iter().take(n) {
        std::fs::copy(p, out.join(p.file_name().unwrap())).unwrap();
    }
    out
}

/// `spec/schema/interop.schema.json`, compiled once.
fn schema() -> &'static jsonschema::Validator {
    static V: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        let path = format!("{ROOT}/spec/schema/interop.schema.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        jsonschema::options()
            .should_validate_formats(true)
            .build(&value)
            .unwrap_or_else(|e| panic!("{path} does not compile: {e}"))
    })
}

struct Run {
    code: Option<i32>,
    stderr: String,
    matrix: Value,
}

fn interop(dir: &Scratch, name: &str, args: &[String]) -> Run {
    let json = dir.file(&format!("{name}.json"));
    let out = Command::new(UNIQR)
        .arg("interop")
        .args(args)
        .arg("--report")
        .arg(format!("json={}", json.display()))
        .stdin(Stdio::null())
        .output()
        .expect("run uniqr interop");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let matrix = std::fs::read_to_string(&json)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null);
    if !matrix.is_null() {
        let errors: Vec<String> = schema()
            .iter_errors(&matrix)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "{name}: the matrix breaks its schema: {errors:#?}"
        );
    }
    Run {
        code: out.status.code(),
        stderr,
        matrix,
    }
}

fn s(v: &str) -> String {
    v.to_owned()
}

/// `(issuer, verifier, channel)` of every failing cell.
fn failing(m: &Value) -> BTreeSet<(String, String, String)> {
    m["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["failures"].as_array().unwrap().is_empty())
        .map(|c| {
            (
                c["issuer"].as_str().unwrap().to_owned(),
                c["verifier"].as_str().unwrap().to_owned(),
                c["channel"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn cell<'m>(m: &'m Value, issuer: &str, verifier: &str, channel: &str) -> &'m Value {
    m["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["issuer"] == issuer && c["verifier"] == verifier && c["channel"] == channel)
        .unwrap_or_else(|| panic!("no cell {issuer} → {verifier} ({channel})"))
}

/// Every failure of a cell has this fault, kind and blamed layer.
fn assert_failures(c: &Value, fault: &str, kind: &str, side: &str, layer: &str) {
    let fs = c["failures"].as_array().unwrap();
    assert!(!fs.is_empty(), "{c}");
    for f in fs {
        assert_eq!(f["fault"], fault, "{f}");
        assert_eq!(f["kind"], kind, "{f}");
        assert_eq!(f[side]["layer"], layer, "{f}");
    }
}

const VENDORS: [&str; 6] = [
    "reference",
    "shim",
    "noncanon",
    "truncnames",
    "bytemode",
    "clib",
];

fn buggy_matrix_args(dir: &Scratch, bytemode_bug: &str) -> Vec<String> {
    vec![
        s("--vendor"),
        format!("shim={UNIQR} shim"),
        s("--vendor"),
        format!("noncanon={}", mutant("noncanonical-issuer")),
        s("--vendor"),
        format!("truncnames={}", mutant("truncate-names")),
        s("--vendor"),
        format!("bytemode={}", mutant(bytemode_bug)),
        s("--vendor-lib"),
        format!("clib={}", vendor_lib().display()),
        s("--payloads"),
        payloads(dir, 3).display().to_string(),
        s("--jobs"),
        s("2"),
        s("--timeout-ms"),
        s("20000"),
    ]
}

#[test]
fn a_matrix_of_buggy_vendors_fails_exactly_the_expected_cells() {
    let dir = Scratch::new("interop-buggy");
    let mut args = buggy_matrix_args(&dir, "byte-mode-renderer");
    args.extend([s("--out"), dir.file("out").display().to_string()]);
    let run = interop(&dir, "first", &args);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let m = &run.matrix;
    let names: Vec<&str> = m["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, VENDORS);
    // The non-canonical issuer's row, the name-truncating verifier's
    // column, and the byte-mode renderer's image row: nothing else.
    let mut want = BTreeSet::new();
    for v in VENDORS {
        for ch in ["text", "image"] {
            want.insert((s("noncanon"), s(v), s(ch)));
            want.insert((s(v), s("truncnames"), s(ch)));
        }
        want.insert((s("bytemode"), s(v), s("image")));
    }
    assert_eq!(failing(m), want);
    // Attribution: the issuer when the reference also rejects its output,
    // with the layer; the verifier when the reference reads it as issued.
    for v in VENDORS {
        for ch in ["text", "image"] {
            let c = cell(m, "noncanon", v, ch);
            assert_failures(c, "issuer", "not_recognised", "issuer", "cbor");
            assert_eq!(
                c["failures"][0]["issuer"]["code"], "CBOR_NONCANONICAL",
                "{c}"
            );
            // The truncating verifier reads every other issuer's (readable)
            // codes wrongly: its own fault, with the names in the diff.
            if v != "noncanon" && !(v == "bytemode" && ch == "image") {
                let c = cell(m, v, "truncnames", ch);
                assert_failures(c, "verifier", "recognised_wrongly", "verifier", "data");
                for f in c["failures"].as_array().unwrap() {
                    let diff = f["diff"].as_array().unwrap();
                    assert!(!diff.is_empty(), "{f}");
                    assert!(
                        diff.iter()
                            .all(|d| d["path"].as_str().unwrap().starts_with("/payload/nam/")),
                        "{f}"
                    );
                }
            }
        }
        // Every scanner rejects the byte-mode drawings: the renderer's fault.
        let c = cell(m, "bytemode", v, "image");
        assert_failures(c, "issuer", "not_recognised", "issuer", "qr");
        assert_eq!(c["failures"][0]["issuer"]["code"], "QR_MODE_INVALID", "{c}");
        assert_eq!(c["drawn_by"], "issuer");
    }
    assert_eq!(cell(m, "shim", "reference", "image")["drawn_by"], "issuer");
    // Who must fix what.
    let blame: Vec<(&str, u64, u64)> = m["blame"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["vendor"].as_str().unwrap(),
                b["as_issuer"].as_u64().unwrap(),
                b["as_verifier"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        blame.iter().map(|b| b.0).collect::<Vec<_>>(),
        ["noncanon", "truncnames", "bytemode"]
    );
    assert!(blame.iter().all(|b| b.1 + b.2 > 0));
    // The text report names the failing cells and the verdict.
    assert!(
        run.stderr.contains("noncanon → reference (text)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("NOT INTEROPERABLE"), "{}", run.stderr);
    // --out holds the matrix, the reports and every issued code.
    let out = dir.file("out");
    for f in ["matrix.json", "report.txt", "junit.xml", "report.html"] {
        assert!(out.join(f).exists(), "{f}");
    }
    let text = std::fs::read_to_string(out.join("issued/bytemode/all-kinds-russian.txt")).unwrap();
    assert!(text.starts_with("UQ1:"), "{text}");
    let png = std::fs::read(out.join("issued/bytemode/all-kinds-russian.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let junit = std::fs::read_to_string(out.join("junit.xml")).unwrap();
    let cells = m["cells"].as_array().unwrap().len();
    assert_eq!(junit.matches("<testcase ").count(), cells);
    assert!(junit.contains("noncanon → clib"), "{junit}");

    // The byte-mode bug fixed: --previous reports exactly its cells fixed.
    let args = buggy_matrix_args(&dir, "none");
    let mut with_previous = args.clone();
    with_previous.extend([
        s("--previous"),
        out.join("matrix.json").display().to_string(),
    ]);
    let again = interop(&dir, "second", &with_previous);
    assert_eq!(again.code, Some(1), "{}", again.stderr);
    let changes = &again.matrix["changes"];
    assert_eq!(
        changes["new_failures"],
        Value::Array(Vec::new()),
        "{changes}"
    );
    let fixed: BTreeSet<&str> = changes["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert!(!fixed.is_empty());
    for k in &fixed {
        assert!(k.starts_with("bytemode → ") && k.contains("(image)"), "{k}");
        assert!(!k.contains("→ truncnames"), "{k}");
    }
    assert_eq!(fixed.len(), 5 * 3, "5 scanners × 3 payloads: {fixed:?}");
    assert!(again.stderr.contains("fixed since: 15"), "{}", again.stderr);
}

#[test]
fn reference_implementations_interoperate() {
    let dir = Scratch::new("interop-clean");
    let args = vec![
        s("--vendor"),
        format!("shim={UNIQR} shim"),
        s("--vendor-lib"),
        format!("clib={}", vendor_lib().display()),
        s("--payloads"),
        payloads(&dir, 2).display().to_string(),
    ];
    let run = interop(&dir, "clean", &args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.matrix["verdict"], "INTEROPERABLE");
    // 3 issuers × 3 verifiers × 2 channels.
    assert_eq!(run.matrix["summary"]["cells"], 18);
    assert_eq!(run.matrix["summary"]["checks"], 36);
    assert!(
        run.stderr.contains("interop: 18 of 18 cells pass"),
        "{}",
        run.stderr
    );
    // Deterministic: the same inputs give the same matrix, time stamps aside.
    let again = interop(&dir, "clean-again", &args);
    let strip = |m: &Value| {
        let mut m = m.clone();
        m["started"] = Value::Null;
        m["finished"] = Value::Null;
        m
    };
    assert_eq!(strip(&again.matrix), strip(&run.matrix));
}

/// A vendor that proxies to the reference shim, but does not draw (its
/// hello drops `render`), exits on every `verify` and never answers a
/// `scan_verify`.
const FLAKY: &str = r#"
import json, os, subprocess, sys, time
shim = subprocess.Popen([sys.argv[1], "shim"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
for line in sys.stdin:
    op = json.loads(line).get("op")
    if op == "verify":
        os._exit(3)
    if op == "scan_verify":
        time.sleep(1000)
    shim.stdin.write(line if line.endswith("\n") else line + "\n")
    shim.stdin.flush()
    reply = json.loads(shim.stdout.readline())
    if op == "hello":
        reply["ops"] = [o for o in reply["ops"] if o != "render"]
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
"#;

#[test]
fn a_vendor_that_crashes_hangs_or_does_not_start_fails_only_its_own_cells() {
    let dir = Scratch::new("interop-isolation");
    let script = dir.file("flaky.py");
    std::fs::write(&script, FLAKY).unwrap();
    let args = vec![
        s("--vendor"),
        format!("flaky=python3 {} {UNIQR}", script.display()),
        s("--vendor"),
        s("dead=sh -c 'exit 7'"),
        s("--payloads"),
        payloads(&dir, 2).display().to_string(),
        s("--timeout-ms"),
        s("1500"),
        s("--handshake-timeout-ms"),
        s("20000"),
    ];
    let run = interop(&dir, "isolation", &args);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let m = &run.matrix;
    let dead = &m["vendors"][2];
    assert_eq!(dead["name"], "dead");
    assert!(
        dead["unavailable"].as_str().unwrap().contains("handshake"),
        "{dead}"
    );
    assert!(
        m["verdict"]
            .as_str()
            .unwrap()
            .contains("dead did not start")
    );
    // The flaky vendor issues fine: its row passes with the reference; the
    // reference draws its images, and the matrix says so.
    assert_eq!(
        cell(m, "flaky", "reference", "image")["drawn_by"],
        "reference"
    );
    assert_eq!(
        cell(m, "reference", "reference", "image")["drawn_by"],
        "issuer"
    );
    for ch in ["text", "image"] {
        assert!(
            cell(m, "flaky", "reference", ch)["failures"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert!(
            cell(m, "reference", "reference", ch)["failures"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }
    // Its columns fail, on its own account, with the transport failure.
    for issuer in ["reference", "flaky"] {
        let c = cell(m, issuer, "flaky", "text");
        for f in c["failures"].as_array().unwrap() {
            assert_eq!(
                (f["fault"].as_str(), f["verifier"]["code"].as_str()),
                (Some("verifier"), Some("crash")),
                "{f}"
            );
        }
        let c = cell(m, issuer, "flaky", "image");
        for f in c["failures"].as_array().unwrap() {
            assert_eq!(
                (f["fault"].as_str(), f["verifier"]["code"].as_str()),
                (Some("verifier"), Some("timeout")),
                "{f}"
            );
        }
    }
    // After three time-outs in a row nothing more is sent.
    let details: Vec<&str> = ["reference", "flaky"]
        .iter()
        .flat_map(|i| {
            cell(m, i, "flaky", "image")["failures"]
                .as_array()
                .unwrap()
                .iter()
        })
        .map(|f| f["verifier"]["detail"].as_str().unwrap())
        .collect();
    assert_eq!(
        details.iter().filter(|d| d.starts_with("not sent")).count(),
        1,
        "{details:?}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = Scratch::new("interop-usage");
    for (args, want) in [
        (vec![s("--vendor"), s("no-equals-sign")], "expected NAME="),
        (vec![s("--vendor"), s("reference=uniqr shim")], "reserved"),
        (vec![s("--vendor"), s("a/b=uniqr shim")], "vendor name"),
        (
            vec![
                s("--vendor"),
                format!("x={UNIQR} shim"),
                s("--vendor"),
                format!("x={UNIQR} shim"),
            ],
            "used twice",
        ),
        (
            vec![s("--now"), s("2040-01-01T00:00:00Z")],
            "the reference rejects it",
        ),
        (
            vec![s("--payloads"), dir.file("missing").display().to_string()],
            "missing",
        ),
        (
            vec![s("--previous"), format!("{ROOT}/README.md")],
            "--previous",
        ),
        (vec![s("--report"), s("pdf=x.pdf")], "FORMAT is"),
    ] {
        let run = interop(&dir, "usage", &args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(want), "{args:?}: {}", run.stderr);
    }
}
