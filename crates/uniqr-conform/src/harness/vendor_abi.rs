//! The constants of the vendor ABI (`spec/uniqr_vendor.h`,
//! `spec/vendor-abi.md`), shared by the runner that loads a vendor library
//! ([`crate::runner::vendor_lib`]) and the reference library that exports
//! the ABI (crate `uniqr-ffi-vendor`). The numbers are those of the C
//! header and never change meaning.

/// The vendor ABI version this library implements and the runner speaks.
pub const UNIQR_VENDOR_ABI_VERSION: u32 = 1;
/// `uniqr_vendor_call`: the reply was written.
pub const UNIQR_VENDOR_OK: i32 = 0;
/// `uniqr_vendor_call`: a pointer argument was null.
pub const UNIQR_VENDOR_ERR_ARGUMENT: i32 = 1;
/// `uniqr_vendor_call`: an internal failure (allocation, caught panic).
pub const UNIQR_VENDOR_ERR_INTERNAL: i32 = 2;
/// `uniqr_vendor_abi_flags` bit: calls may come from several threads at
/// once.
pub const UNIQR_VENDOR_THREAD_SAFE: u32 = 1;
