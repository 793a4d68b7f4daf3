//! The hand-written `spec/uniqr_vendor.h` agrees with the constants this
//! library and the runner use.

use uniqr_vendor::*;

#[test]
fn vendor_header_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/uniqr_vendor.h");
    let h = std::fs::read_to_string(path).unwrap();
    for (name, value) in [
        (
            "UNIQR_VENDOR_ABI_VERSION",
            UNIQR_VENDOR_ABI_VERSION.to_string(),
        ),
        ("UNIQR_VENDOR_OK", UNIQR_VENDOR_OK.to_string()),
        (
            "UNIQR_VENDOR_ERR_ARGUMENT",
            UNIQR_VENDOR_ERR_ARGUMENT.to_string(),
        ),
        (
            "UNIQR_VENDOR_ERR_INTERNAL",
            UNIQR_VENDOR_ERR_INTERNAL.to_string(),
        ),
        (
            "UNIQR_VENDOR_THREAD_SAFE",
            format!("{UNIQR_VENDOR_THREAD_SAFE}u"),
        ),
    ] {
        assert!(
            h.contains(&format!("#define {name} {value}\n")),
            "spec/uniqr_vendor.h: {name} should be {value}"
        );
    }
    let sig = "int32_t uniqr_vendor_call(const uint8_t *req, size_t req_len, uint8_t **resp,";
    assert!(h.contains(sig));
}
