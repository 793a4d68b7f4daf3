//! Seeds the fuzz corpus (`fuzz/corpus/<target>/seed-*`) from the embedded
//! golden vectors, deterministically. Files the fuzzer added are kept.
//!
//! ```text
//! cargo run -p uniqr-conform --example fuzz_seed [DIR]    DIR defaults to fuzz/corpus
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use uniqr::cose::Sign1;
use uniqr::{base45, prefix, zlib};
use uniqr_conform::harness::{self, ContextRef, Reply, Request};
use uniqr_conform::vectors::{self, Op};

/// Largest image copied into the `scan_image` seeds, in bytes.
const MAX_IMAGE: usize = 5_100;

/// Seeds by target, then by file name.
type Seeds = BTreeMap<&'static str, BTreeMap<String, Vec<u8>>>;

fn main() -> ExitCode {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fuzz/corpus".into());
    match seed(Path::new(&dir)) {
        Ok(n) => {
            eprintln!("wrote {n} seed files under {dir}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fuzz_seed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn seed(dir: &Path) -> Result<usize, String> {
    let suite = vectors::embedded()?;
    if suite.cases().is_empty() {
        return Err("no embedded vectors".into());
    }
    let mut seeds = Seeds::new();
    let mut add = |target: &'static str, name: &str, bytes: Vec<u8>| {
        let files = seeds.entry(target).or_default();
        if !files.values().any(|b| *b == bytes) {
            files.insert(format!("seed-{name}"), bytes);
        }
    };
    let mut categories = BTreeMap::new();
    for case in suite.cases() {
        if let Some(text) = &case.input.text {
            add("verify_text", &case.id, text.clone().into_bytes());
            layers(text, &case.id, &mut add);
        }
        if let Some(image) = case.input.image.as_deref().and_then(|p| suite.file(p))
            && image.len() <= MAX_IMAGE
        {
            add("scan_image", &case.id, image.to_vec());
        }
        // One protocol exchange per category (scan_verify: small images only).
        let small = case.op != Op::ScanVerify || case.id.contains("identity-only");
        if small && categories.insert(case.category.clone(), ()).is_none() {
            add("harness_message", &case.id, exchange(case, &suite));
        }
    }
    add(
        "harness_message",
        "garbage",
        b"garbage\n\n{}\n[1]\n".to_vec(),
    );
    // Roundtrip input is raw entropy for the payload builder.
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for (i, len) in [16, 64, 256, 512, 1024, 2048, 4096, 8192]
        .iter()
        .enumerate()
    {
        let bytes = (0..*len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        add("roundtrip", &format!("random-{i}"), bytes);
    }
    let mut n = 0;
    for (target, files) in seeds {
        let sub = dir.join(target);
        std::fs::create_dir_all(&sub).map_err(|e| format!("{}: {e}", sub.display()))?;
        for (name, bytes) in files {
            let path = sub.join(name);
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            n += 1;
        }
    }
    Ok(n)
}

/// The inner layers of a text, as far as they decode: deflated bytes, COSE
/// bytes, and the CBOR inside the COSE.
fn layers(text: &str, id: &str, add: &mut impl FnMut(&'static str, &str, Vec<u8>)) {
    let Some(deflated) = prefix::strip(text)
        .ok()
        .and_then(|b| base45::decode(b).ok())
    else {
        return;
    };
    add("inflate", id, deflated.clone());
    let Ok(cose) = zlib::inflate(&deflated) else {
        return;
    };
    add("cose", id, cose.clone());
    match Sign1::parse(&cose) {
        Ok(msg) => {
            add("cbor", id, msg.payload.to_vec());
            add("cbor", &format!("{id}-protected"), msg.protected.to_vec());
        }
        Err(_) => add("cbor", id, cose),
    }
}

/// hello, load_context, the case's request and the reference's reply, one
/// JSON line each.
fn exchange(case: &vectors::Case, suite: &vectors::Suite) -> Vec<u8> {
    let hello = Request {
        op: "hello".into(),
        protocol: Some(harness::PROTOCOL),
        ..Request::default()
    };
    let name = harness::context_name(case);
    let ctx = name
        .as_deref()
        .map_or(ContextRef::Inline, ContextRef::Named);
    let mut lines = vec![serde_json::to_string(&hello)];
    if let Some(load) = harness::load_context_request(case, suite, 1) {
        lines.push(serde_json::to_string(&load));
    }
    lines.push(serde_json::to_string(&harness::request_for(
        case, suite, 2, ctx,
    )));
    let mut shim = harness::shim::Shim::default();
    let answer = uniqr_conform::harness::answer(case, suite, &mut shim);
    lines.push(serde_json::to_string(&Reply::to(Some(2), answer)));
    let mut out = String::new();
    for line in lines.into_iter().flatten() {
        out.push_str(&line);
        out.push('\n');
    }
    out.into_bytes()
}
