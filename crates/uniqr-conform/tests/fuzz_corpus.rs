//! Replays the checked-in fuzz corpus (`fuzz/corpus/<target>/`) and every
//! crash regression (`fuzz/regressions/<target>/`) through the functions the
//! fuzz targets call, so CI covers them without nightly or cargo-fuzz.
//!
//! It lives in this crate because this crate sees all three crates the
//! targets exercise: the codec (`uniqr`), the QR layer (`scan_image`) and
//! the harness (`harness_message`).

use std::path::{Path, PathBuf};

/// Every fuzz target, by the name of its `fuzz/fuzz_targets/*.rs` file.
const TARGETS: [&str; 7] = [
    "verify_text",
    "inflate",
    "cbor",
    "cose",
    "scan_image",
    "harness_message",
    "roundtrip",
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of `dir` (none if it does not exist), skipping hidden ones.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    out.sort();
    out
}

fn replay(target: &str, check: fn(&[u8])) {
    let corpus = files(&fuzz_dir().join("corpus").join(target));
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{target}/ is missing or empty"
    );
    let regressions = files(&fuzz_dir().join("regressions").join(target));
    let failed: Vec<_> = corpus
        .iter()
        .chain(&regressions)
        .filter(|path| {
            let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            std::panic::catch_unwind(|| check(&bytes)).is_err()
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target} fails on {failed:#?}");
}

macro_rules! targets {
    ($($krate:ident: $($name:ident),*;)*) => {
        $($(
            #[test]
            fn $name() {
                replay(stringify!($name), $krate::internal::fuzzing::$name);
            }
        )*)*
    };
}

targets!(
    uniqr: verify_text, inflate, cbor, cose, roundtrip;
    uniqr_qr: scan_image;
    uniqr_conform: harness_message;
);

#[test]
fn every_target_has_a_corpus_and_every_folder_a_target() {
    let mut sources: Vec<String> = files(&fuzz_dir().join("fuzz_targets"))
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    sources.sort();
    let mut known = TARGETS.map(String::from).to_vec();
    known.sort();
    assert_eq!(sources, known, "fuzz/fuzz_targets/ and TARGETS differ");
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz_dir().join(kind)) else {
            assert_ne!(kind, "corpus", "fuzz/corpus/ is missing");
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(
                TARGETS.contains(&name.as_str()),
                "fuzz/{kind}/{name} is not a fuzz target"
            );
        }
    }
}
