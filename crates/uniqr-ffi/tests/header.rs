//! `include/uniqr.h` is what cbindgen generates from this crate, committed,
//! and declares the whole app API and no vendor ABI.

const CRATE: &str = env!("CARGO_MANIFEST_DIR");
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

#[test]
fn header_is_generated_and_committed() {
    let config = cbindgen::Config::from_file(format!("{CRATE}/cbindgen.toml")).unwrap();
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_config(config)
        // The crate root; cbindgen follows its `mod app`.
        .with_src(format!("{CRATE}/src/lib.rs"))
        .generate()
        .expect("cbindgen")
        .write(&mut generated);
    let path = format!("{ROOT}/include/uniqr.h");
    if std::env::var_os("UNIQR_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/uniqr.h differs from what cbindgen generates from crates/uniqr-ffi; regenerate \
         with\n  UNIQR_BLESS=1 cargo test -p uniqr-ffi --test header"
    );
    let h = String::from_utf8_lossy(&generated);
    for name in [
        "uniqr_verify_text",
        "uniqr_verify_image",
        "uniqr_encode",
        "uniqr_decode",
        "uniqr_render_png",
        "uniqr_render_svg",
        "uniqr_scan",
        "uniqr_error_code_name",
        "uniqr_error_message",
        "uniqr_free",
        "uniqr_free_bytes",
        "#define UNIQR_EXPIRED 20",
    ] {
        assert!(h.contains(name), "header lacks {name}");
    }
    // The vendor ABI has its own, hand-written header and library.
    assert!(!h.contains("uniqr_vendor_call(") && !h.contains("uniqr_reference_vendor"));
}
