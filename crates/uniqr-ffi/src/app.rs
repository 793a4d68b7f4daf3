//! The native C API for apps (`include/uniqr.h`): verify QR text or an
//! image against a trust list at a given time, decode, encode, render a QR
//! symbol, scan an image.
//!
//! Inputs are `(pointer, length)` pairs (no NUL needed); JSON inputs are the
//! file formats of `spec/schema/`. Outputs are written only when the
//! function returns `UNIQR_OK`: strings are NUL-terminated, owned by the
//! caller and freed with `uniqr_free`; byte buffers are freed with
//! `uniqr_free_bytes`. On failure the return value is a registry number or
//! a negative API error, and `uniqr_error_message` says what was wrong.

use std::ffi::{CStr, c_char};

use codec::trust::{Revocations, TrustList};
use uniqr_qr::RenderOptions;

use super::{Fail, UNIQR_ERR_INTERNAL, bytes, returning, utf8};

/// The version of this native API; changes only when a signature changes.
pub const UNIQR_ABI_VERSION: u32 = 1;

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Fail> {
    serde_json::to_string(v).map_err(|e| Fail::new(UNIQR_ERR_INTERNAL, e.to_string()))
}

/// Parses the trust and revocation lists.
///
/// # Safety
/// As [`utf8`] for both pairs.
unsafe fn lists(
    trust: *const c_char,
    trust_len: usize,
    revoked: *const c_char,
    revoked_len: usize,
) -> Result<(TrustList, Revocations), Fail> {
    // SAFETY: forwarded contract.
    let (t, r) = unsafe {
        (
            utf8(trust, trust_len, "trust_json")?,
            utf8(revoked, revoked_len, "revoked_json")?,
        )
    };
    Ok((TrustList::from_json(t)?, Revocations::from_json(r)?))
}

/// The version of the uniqr library, e.g. `"0.1.0"` (static; never free).
#[unsafe(no_mangle)]
pub extern "C" fn uniqr_version() -> *const c_char {
    VERSION.as_ptr()
}

/// The version of this native API (`UNIQR_ABI_VERSION`, 1): check it
/// against the header's constant when loading the library dynamically.
#[unsafe(no_mangle)]
pub extern "C" fn uniqr_abi_version() -> u32 {
    UNIQR_ABI_VERSION
}

/// Verifies QR text (`UQ1:…`) at time `now` (Unix seconds) against a trust
/// list and a revocation list (their JSON file contents), in the normative
/// check order.
///
/// Returns `UNIQR_OK` and sets `*out_json` to
/// `{"payload":{…},"claims":{"iss","iat","exp","cti"},"kid":"…"}` (length in
/// `*out_len`, free with `uniqr_free`). Otherwise returns the registry
/// number of the first failed check (e.g. `UNIQR_EXPIRED`),
/// `UNIQR_TRUST_LIST_INVALID`/`UNIQR_REVOCATION_LIST_INVALID` for a bad
/// list, or a negative API error; nothing is written.
///
/// # Safety
/// Every input pointer must be readable for its length; `out_json` and
/// `out_len` must be writable. Null pointers return
/// `UNIQR_ERR_NULL_ARGUMENT`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn uniqr_verify_text(
    text: *const c_char,
    text_len: usize,
    trust_json: *const c_char,
    trust_len: usize,
    revoked_json: *const c_char,
    revoked_len: usize,
    now: i64,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> i32 {
    returning(out_json, out_len, || {
        // SAFETY: the caller's contract covers each pair.
        let (qr, (trust, revoked)) = unsafe {
            (
                utf8(text, text_len, "text")?,
                lists(trust_json, trust_len, revoked_json, revoked_len)?,
            )
        };
        to_json(&codec::verify(qr, &trust, &revoked, now)?)
    })
}

/// Reads the QR symbol in a PNG or JPEG image (the file's bytes) and
/// verifies its text as `uniqr_verify_text` does. Image failures are
/// `UNIQR_QR_UNREADABLE` or `UNIQR_QR_MODE_INVALID`.
///
/// # Safety
/// As `uniqr_verify_text`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn uniqr_verify_image(
    image: *const u8,
    image_len: usize,
    trust_json: *const c_char,
    trust_len: usize,
    revoked_json: *const c_char,
    revoked_len: usize,
    now: i64,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> i32 {
    returning(out_json, out_len, || {
        // SAFETY: the caller's contract covers each pair.
        let (image, (trust, revoked)) = unsafe {
            (
                bytes(image, image_len, "image")?,
                lists(trust_json, trust_len, revoked_json, revoked_len)?,
            )
        };
        let scanned = uniqr_qr::scan(image)?;
        to_json(&codec::verify(&scanned.text, &trust, &revoked, now)?)
    })
}

/// Decodes QR text **without verifying it** (for inspection, never for
/// decisions). On success `*out_json` is
/// `{"header":{"alg","kid"},"claims":{…},"payload":{…}}`.
///
/// # Safety
/// `text` must be readable for `text_len` bytes; `out_json` and `out_len`
/// must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uniqr_decode(
    text: *const c_char,
    text_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> i32 {
    returning(out_json, out_len, || {
        // SAFETY: the caller's contract.
        let qr = unsafe { utf8(text, text_len, "text")? };
        to_json(&codec::decode(qr)?)
    })
}

/// Encodes and signs a payload into QR text (`UQ1:…`, in `*out_text`).
///
/// `payload_json` is a payload (`spec/schema/payload.schema.json`),
/// `claims_json` is `{"iss","iat","exp","cti"}` with `cti` as 32 hex digits,
/// `key_json` a private key file. Errors: `UNIQR_PAYLOAD_INVALID`,
/// `UNIQR_CLAIMS_INVALID`, `UNIQR_KEY_FILE_INVALID`,
/// `UNIQR_ISSUER_MISMATCH`, `UNIQR_KEY_NOT_VALID` (`iat` outside the key's
/// window), `UNIQR_KEY_USAGE_DENIED` (an entry kind the key may not sign),
/// `UNIQR_TOO_LARGE`, or an API error.
///
/// # Safety
/// Every input pointer must be readable for its length; `out_text` and
/// `out_len` must be writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn uniqr_encode(
    payload_json: *const c_char,
    payload_len: usize,
    claims_json: *const c_char,
    claims_len: usize,
    key_json: *const c_char,
    key_len: usize,
    out_text: *mut *mut c_char,
    out_len: *mut usize,
) -> i32 {
    returning(out_text, out_len, || {
        // SAFETY: the caller's contract covers each pair.
        let (p, c, k) = unsafe {
            (
                utf8(payload_json, payload_len, "payload_json")?,
                utf8(claims_json, claims_len, "claims_json")?,
                utf8(key_json, key_len, "key_json")?,
            )
        };
        // The refusal order of R-ENC-4.
        Ok(codec::codec::encode_json(p, c, k)?)
    })
}

/// Draws QR text as a PNG image of one alphanumeric segment at error
/// correction level Q (R-QR-1..R-QR-5), `module_px` pixels per module (0
/// for the default, 8; at most 32). On success `*out_png` holds the PNG
/// file's bytes, `*out_len` its length; free it with `uniqr_free_bytes`.
/// Text that cannot be drawn (not QR alphanumeric, or too long for version
/// 40) gives `UNIQR_QR_UNREADABLE`.
///
/// # Safety
/// `text` must be readable for `text_len` bytes; `out_png` and `out_len`
/// must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uniqr_render_png(
    text: *const c_char,
    text_len: usize,
    module_px: u32,
    out_png: *mut *mut u8,
    out_len: *mut usize,
) -> i32 {
    returning(out_png, out_len, || {
        // SAFETY: the caller's contract.
        let qr = unsafe { utf8(text, text_len, "text")? };
        let mut options = RenderOptions::default();
        if module_px != 0 {
            options.module_px = module_px;
        }
        Ok(uniqr_qr::render_png(qr, &options)?)
    })
}

/// Draws QR text as an SVG document (the same symbol as
/// `uniqr_render_png`); free `*out_svg` with `uniqr_free`.
///
/// # Safety
/// `text` must be readable for `text_len` bytes; `out_svg` and `out_len`
/// must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uniqr_render_svg(
    text: *const c_char,
    text_len: usize,
    out_svg: *mut *mut c_char,
    out_len: *mut usize,
) -> i32 {
    returning(out_svg, out_len, || {
        // SAFETY: the caller's contract.
        let qr = unsafe { utf8(text, text_len, "text")? };
        Ok(uniqr_qr::render_svg(qr, &RenderOptions::default())?)
    })
}

/// Reads the QR symbol in a PNG or JPEG image and checks that it is one
/// alphanumeric segment (R-QR-6..R-QR-12), without verifying the text. On
/// success `*out_json` is
/// `{"text","mode","version","ec_level","bounds":{…},"inverted","mirrored"}`.
/// Errors: `UNIQR_TOO_LARGE` (pixel limit), `UNIQR_QR_UNREADABLE`,
/// `UNIQR_QR_MODE_INVALID`.
///
/// # Safety
/// `image` must be readable for `image_len` bytes; `out_json` and `out_len`
/// must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uniqr_scan(
    image: *const u8,
    image_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> i32 {
    returning(out_json, out_len, || {
        // SAFETY: the caller's contract.
        let image = unsafe { bytes(image, image_len, "image")? };
        to_json(&uniqr_qr::scan(image)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        UNIQR_ERR_NULL_ARGUMENT, UNIQR_EXPIRED, UNIQR_OK, UNIQR_QR_UNREADABLE, uniqr_free,
        uniqr_free_bytes,
    };
    use codec::demo;

    /// Takes a string output: checks the length and frees it.
    fn take(out: *mut c_char, n: usize) -> String {
        // SAFETY: written on success, NUL-terminated.
        let s = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
        assert_eq!(s.len(), n);
        // SAFETY: returned by the call, freed once.
        unsafe { uniqr_free(out) };
        s
    }

    #[test]
    fn verifies_and_writes_nothing_on_failure() {
        let qr = demo::sample_text().unwrap();
        let trust = demo::trust_list().to_json();
        let revoked = Revocations::none().to_json();
        let call = |now: i64, out: &mut *mut c_char, n: &mut usize| {
            // SAFETY: valid slices and out pointers.
            unsafe {
                uniqr_verify_text(
                    qr.as_ptr().cast(),
                    qr.len(),
                    trust.as_ptr().cast(),
                    trust.len(),
                    revoked.as_ptr().cast(),
                    revoked.len(),
                    now,
                    out,
                    n,
                )
            }
        };
        let (mut out, mut n) = (std::ptr::null_mut(), 0usize);
        assert_eq!(call(demo::NOW, &mut out, &mut n), UNIQR_OK);
        assert!(take(out, n).contains("VN-079-0001"));
        let (mut out, mut n) = (std::ptr::null_mut(), 99usize);
        assert_eq!(call(demo::EXP, &mut out, &mut n), UNIQR_EXPIRED);
        assert!(out.is_null() && n == 99);
        // SAFETY: null input pointer must be refused.
        let rc = unsafe { uniqr_decode(std::ptr::null(), 4, &mut out, &mut n) };
        assert_eq!(rc, UNIQR_ERR_NULL_ARGUMENT);
        // SAFETY: a null output pointer must be refused before any work.
        let rc =
            unsafe { uniqr_decode(qr.as_ptr().cast(), qr.len(), &mut out, std::ptr::null_mut()) };
        assert_eq!((rc, out.is_null()), (UNIQR_ERR_NULL_ARGUMENT, true));
    }

    #[test]
    fn renders_and_scans_back_the_same_text() {
        let qr = demo::sample_text().unwrap();
        let (mut png, mut n) = (std::ptr::null_mut(), 0usize);
        // SAFETY: valid slice and out pointers.
        let rc = unsafe { uniqr_render_png(qr.as_ptr().cast(), qr.len(), 4, &mut png, &mut n) };
        assert_eq!(rc, UNIQR_OK);
        let (mut json, mut m) = (std::ptr::null_mut(), 0usize);
        // SAFETY: the buffer just returned, then freed once.
        let rc = unsafe {
            let rc = uniqr_scan(png, n, &mut json, &mut m);
            uniqr_free_bytes(png, n);
            rc
        };
        assert_eq!(rc, UNIQR_OK);
        let scanned: serde_json::Value = serde_json::from_str(&take(json, m)).unwrap();
        assert_eq!(scanned["text"], qr.as_str());
        assert_eq!(scanned["mode"], "alphanumeric");
        assert_eq!(scanned["ec_level"], "Q");

        let (mut svg, mut k) = (std::ptr::null_mut(), 0usize);
        // SAFETY: valid slice and out pointers.
        let rc = unsafe { uniqr_render_svg(qr.as_ptr().cast(), qr.len(), &mut svg, &mut k) };
        assert_eq!(rc, UNIQR_OK);
        assert!(take(svg, k).starts_with("<svg "));
        let lower = "uq1:lowercase is not alphanumeric";
        // SAFETY: valid slice and out pointers.
        let rc =
            unsafe { uniqr_render_png(lower.as_ptr().cast(), lower.len(), 0, &mut png, &mut n) };
        assert_eq!(rc, UNIQR_QR_UNREADABLE);
    }
}
