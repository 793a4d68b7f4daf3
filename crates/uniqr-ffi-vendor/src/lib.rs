//! # uniqr-ffi-vendor
//!
//! `libuniqr_vendor.so`: the vendor ABI (`spec/uniqr_vendor.h`,
//! `spec/vendor-abi.md`) backed by the reference codec, so that
//! `uniqr conform --vendor-lib libuniqr_vendor.so` tests the reference
//! itself and adapters can forward to it. One request JSON in, one reply
//! JSON out, the same messages as the subprocess protocol
//! (`spec/harness-protocol.md`). Apps link the app library (`uniqr-ffi`,
//! `libuniqr.so`) instead; this one carries the harness.
//!
//! The reference keeps its loaded contexts in one process-wide
//! [`Shim`] behind a read-write lock: `load_context` writes, every other
//! request only reads, so calls from several threads run in parallel. It
//! is thread-safe and says so through [`uniqr_vendor_abi_flags`].

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{LazyLock, PoisonError, RwLock};

use uniqr_conform::harness::protocol::{Reply, Request};
use uniqr_conform::harness::shim::Shim;
pub use uniqr_conform::harness::vendor_abi::{
    UNIQR_VENDOR_ABI_VERSION, UNIQR_VENDOR_ERR_ARGUMENT, UNIQR_VENDOR_ERR_INTERNAL,
    UNIQR_VENDOR_OK, UNIQR_VENDOR_THREAD_SAFE,
};

static SHIM: LazyLock<RwLock<Shim>> = LazyLock::new(RwLock::default);

/// Answers one request line with the reference; a line that is not a
/// request gets an id-less rejection, as `uniqr shim` does.
fn answer(req: &[u8]) -> Vec<u8> {
    let reply = match serde_json::from_slice::<Request>(req) {
        // A panic while holding the lock poisons it; the contexts map is
        // still consistent, so carry on.
        Ok(r) if r.op == "load_context" => SHIM
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .handle(&r),
        Ok(r) => SHIM
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .respond(&r),
        Err(e) => Reply::error(None, "PROTOCOL", &format!("not a request: {e}")),
    };
    serde_json::to_vec(&reply).unwrap_or_default()
}

fn call(req: *const u8, req_len: usize, resp: *mut *mut u8, resp_len: *mut usize) -> i32 {
    if req.is_null() || resp.is_null() || resp_len.is_null() || req_len > isize::MAX as usize {
        return UNIQR_VENDOR_ERR_ARGUMENT;
    }
    let run = AssertUnwindSafe(|| {
        // SAFETY: non-null and within isize::MAX (checked); readable for
        // `req_len` bytes by the contract of `uniqr_vendor_call`.
        let req = unsafe { std::slice::from_raw_parts(req, req_len) };
        answer(req).into_boxed_slice()
    });
    match catch_unwind(run) {
        Ok(reply) if !reply.is_empty() => {
            let len = reply.len();
            // SAFETY: both checked non-null, writable by contract; the box
            // is given up and comes back in `free`.
            unsafe {
                *resp = Box::into_raw(reply).cast::<u8>();
                *resp_len = len;
            }
            UNIQR_VENDOR_OK
        }
        _ => UNIQR_VENDOR_ERR_INTERNAL,
    }
}

fn free(resp: *mut u8, resp_len: usize) {
    if resp.is_null() {
        return;
    }
    let _ = catch_unwind(|| {
        // SAFETY: `resp`/`resp_len` are exactly what `call` wrote from
        // `Box<[u8]>::into_raw` (the caller's contract), freed once.
        drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(resp, resp_len)) });
    });
}

/// Answers one harness request (vendor ABI, `spec/uniqr_vendor.h`).
///
/// `req` holds one request JSON object (`req_len` bytes, UTF-8, no line
/// ending needed). On success returns 0 and sets `*resp`/`*resp_len` to the
/// reply JSON object, owned by the caller until it passes both to
/// [`uniqr_vendor_free`]. On failure returns nonzero and writes nothing.
///
/// # Safety
/// `req` must be readable for `req_len` bytes; `resp` and `resp_len` must be
/// writable. Null pointers return `UNIQR_VENDOR_ERR_ARGUMENT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uniqr_vendor_call(
    req: *const u8,
    req_len: usize,
    resp: *mut *mut u8,
    resp_len: *mut usize,
) -> i32 {
    call(req, req_len, resp, resp_len)
}

/// Frees a reply of [`uniqr_vendor_call`]; `NULL` is a no-op.
///
/// # Safety
/// `resp` and `resp_len` must be exactly a pair written by
/// [`uniqr_vendor_call`] of this library, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uniqr_vendor_free(resp: *mut u8, resp_len: usize) {
    free(resp, resp_len);
}

/// The vendor ABI version: 1.
#[unsafe(no_mangle)]
pub extern "C" fn uniqr_vendor_abi_version() -> u32 {
    UNIQR_VENDOR_ABI_VERSION
}

/// Optional vendor ABI flags: the reference is thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn uniqr_vendor_abi_flags() -> u32 {
    UNIQR_VENDOR_THREAD_SAFE
}

/// The reference codec as a vendor, under a name that does not clash with a
/// vendor library's own `uniqr_vendor_call`: for adapters that wrap or
/// forward to the reference. Same contract as `uniqr_vendor_call` (see
/// `spec/uniqr_vendor.h`); free the reply with
/// `uniqr_reference_vendor_free`.
///
/// # Safety
/// As `uniqr_vendor_call`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uniqr_reference_vendor_call(
    req: *const u8,
    req_len: usize,
    resp: *mut *mut u8,
    resp_len: *mut usize,
) -> i32 {
    call(req, req_len, resp, resp_len)
}

/// Frees a reply of `uniqr_reference_vendor_call`; `NULL` is a no-op.
///
/// # Safety
/// As `uniqr_vendor_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uniqr_reference_vendor_free(resp: *mut u8, resp_len: usize) {
    free(resp, resp_len);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(req: &[u8]) -> (i32, String) {
        let (mut p, mut n) = (std::ptr::null_mut(), 0usize);
        // SAFETY: valid slice and out pointers.
        let rc = unsafe { uniqr_vendor_call(req.as_ptr(), req.len(), &mut p, &mut n) };
        if rc != UNIQR_VENDOR_OK {
            return (rc, String::new());
        }
        // SAFETY: written by the call.
        let s = String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(p, n) }).into_owned();
        // SAFETY: the pair from the call, freed once.
        unsafe { uniqr_vendor_free(p, n) };
        (rc, s)
    }

    #[test]
    fn hello_garbage_and_null_pointers() {
        let (rc, s) = roundtrip(br#"{"op":"hello","protocol":1}"#);
        assert_eq!(rc, 0);
        assert!(s.contains(r#""protocol":1"#) && s.contains("uniqr-reference"));
        let (rc, s) = roundtrip(b"not json");
        assert_eq!(rc, 0);
        assert!(s.contains("not a request"), "{s}");
        let mut n = 7usize;
        let mut p = std::ptr::null_mut();
        // SAFETY: null request pointer: must be refused, outputs untouched.
        let rc = unsafe { uniqr_vendor_call(std::ptr::null(), 3, &mut p, &mut n) };
        assert_eq!((rc, n, p.is_null()), (UNIQR_VENDOR_ERR_ARGUMENT, 7, true));
        // SAFETY: null response pointer.
        let rc = unsafe { uniqr_vendor_call(b"{}".as_ptr(), 2, std::ptr::null_mut(), &mut n) };
        assert_eq!(rc, UNIQR_VENDOR_ERR_ARGUMENT);
        // SAFETY: freeing null is a no-op.
        unsafe { uniqr_vendor_free(std::ptr::null_mut(), 0) };
        assert_eq!(uniqr_vendor_abi_version(), 1);
    }
}
