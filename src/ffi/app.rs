//! The native C API for apps (`include/uniqr.h`): verify QR text or an
//! image against a trust list at a given time, decode, encode.
//!
//! Inputs are `(pointer, length)` pairs (no NUL needed); JSON inputs are the
//! file formats of `spec/schema/`. String outputs are NUL-terminated, owned
//! by the caller and freed with `uniqr_free`; they are written only when the
//! function returns `UNIQR_OK`. On failure the return value is a registry
//! number or a negative API error, and `uniqr_error_message` says what was
//! wrong.

use std::ffi::{CStr, c_char};

use super::{Fail, UNIQR_ERR_NULL_ARGUMENT, bytes, guard, put_string, utf8};
use crate::error::{ClaimsError, Error};
use crate::trust::{Revocations, TrustList};
use crate::{Claims, Payload, Signer};

/// The version of this native API; changes only when a signature changes.
pub const UNIQR_ABI_VERSION: u32 = 1;

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };

fn outputs(out: *mut *mut c_char, out_len: *mut usize) -> Result<(), Fail> {
    if out.is_null() || out_len.is_null() {
        return Err(Fail::new(UNIQR_ERR_NULL_ARGUMENT, "output pointer is null"));
    }
    Ok(())
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Fail> {
    serde_json::to_string(v).map_err(|e| Fail::new(super::UNIQR_ERR_INTERNAL, e.to_string()))
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
    guard(|| {
        outputs(out_json, out_len)?;
        // SAFETY: the caller's contract covers each pair.
        let qr = unsafe { utf8(text, text_len, "text")? };
        // SAFETY: as above.
        let (trust, revoked) = unsafe { lists(trust_json, trust_len, revoked_json, revoked_len)? };
        let verified = crate::verify(qr, &trust, &revoked, now)?;
        // SAFETY: outputs checked non-null above.
        unsafe { put_string(to_json(&verified)?, out_json, out_len) }
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
    guard(|| {
        outputs(out_json, out_len)?;
        // SAFETY: the caller's contract covers each pair.
        let image = unsafe { bytes(image, image_len, "image")? };
        // SAFETY: as above.
        let (trust, revoked) = unsafe { lists(trust_json, trust_len, revoked_json, revoked_len)? };
        let scanned = crate::qr::scan(image)?;
        let verified = crate::verify(&scanned.text, &trust, &revoked, now)?;
        // SAFETY: outputs checked non-null above.
        unsafe { put_string(to_json(&verified)?, out_json, out_len) }
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
    guard(|| {
        outputs(out_json, out_len)?;
        // SAFETY: the caller's contract.
        let qr = unsafe { utf8(text, text_len, "text")? };
        let decoded = crate::decode(qr)?;
        // SAFETY: outputs checked non-null above.
        unsafe { put_string(to_json(&decoded)?, out_json, out_len) }
    })
}

/// Encodes and signs a payload into QR text (`UQ1:…`, in `*out_text`).
///
/// `payload_json` is a payload (`spec/schema/payload.schema.json`),
/// `claims_json` is `{"iss","iat","exp","cti"}` with `cti` as 32 hex digits,
/// `key_json` a private key file. Errors: `UNIQR_PAYLOAD_INVALID`,
/// `UNIQR_CLAIMS_INVALID`, `UNIQR_KEY_FILE_INVALID`,
/// `UNIQR_ISSUER_MISMATCH`, `UNIQR_TOO_LARGE`, or an API error.
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
    guard(|| {
        outputs(out_text, out_len)?;
        // SAFETY: the caller's contract covers each pair.
        let (p, c, k) = unsafe {
            (
                utf8(payload_json, payload_len, "payload_json")?,
                utf8(claims_json, claims_len, "claims_json")?,
                utf8(key_json, key_len, "key_json")?,
            )
        };
        let payload = Payload::from_json(p)?;
        let claims: Claims =
            serde_json::from_str(c).map_err(|_| Error::Claims(ClaimsError::Type))?;
        let signer = Signer::from_json(k)?;
        let qr = crate::encode(&payload, &signer, &claims)?;
        // SAFETY: outputs checked non-null above.
        unsafe { put_string(qr, out_text, out_len) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::{UNIQR_EXPIRED, UNIQR_OK, uniqr_free};
    use crate::{demo, trust::Revocations};

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
        // SAFETY: written on success, NUL-terminated.
        let json = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
        assert_eq!(json.len(), n);
        assert!(json.contains("VN-079-0001"));
        // SAFETY: returned by the call, freed once.
        unsafe { uniqr_free(out) };
        let (mut out, mut n) = (std::ptr::null_mut(), 99usize);
        assert_eq!(call(demo::EXP, &mut out, &mut n), UNIQR_EXPIRED);
        assert!(out.is_null() && n == 99);
        // SAFETY: null input pointer must be refused.
        let rc = unsafe { uniqr_decode(std::ptr::null(), 4, &mut out, &mut n) };
        assert_eq!(rc, UNIQR_ERR_NULL_ARGUMENT);
    }
}
