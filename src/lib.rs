//! # uniqr
//!
//! The reference codec of **UNIQR v1**, one national personal health QR
//! format (`spec/uniqr-v1.md`):
//!
//! `QR text = "UQ1:" + Base45( ZLIB( COSE_Sign1( CWT claims ) ) )`
//!
//! One module per wire layer — [`prefix`], [`base45`], [`zlib`], [`cbor`],
//! [`cose`], [`claims`], [`payload`] — plus [`trust`] and [`key`] for keys,
//! and [`codec`] for the pipeline in the normative check order; [`qr`] draws
//! and reads the QR symbol itself. Every failure is an [`Error`] with a
//! stable registry code ([`Error::code`]). [`ffi`] is the C ABI of the
//! `cdylib` build (`include/uniqr.h`, `spec/uniqr_vendor.h`).
//!
//! ```
//! use uniqr::{demo, verify, Revocations};
//! let text = demo::sample_text().unwrap();
//! let ok = verify(&text, &demo::trust_list(), &Revocations::none(), demo::NOW).unwrap();
//! assert_eq!(ok.payload.pid, "VN-079-0001");
//! ```

#![warn(missing_docs)]
// Unsafe code only at the C boundary: `ffi` and `runner::vendor_lib` (issue 6).
#![deny(unsafe_code)]

pub mod base45;
pub mod cbor;
pub mod claims;
pub mod codec;
pub mod cose;
pub mod demo;
pub mod error;
#[allow(unsafe_code)]
pub mod ffi;
pub mod forge;
pub mod fuzz;
pub mod harness;
pub mod hex;
#[doc(hidden)]
pub mod internal;
pub mod json;
pub mod key;
pub mod limits;
pub mod payload;
pub mod prefix;
pub mod qr;
pub mod report;
pub mod runner;
pub mod signer;
pub mod timefmt;
pub mod trust;
pub mod vectors;
pub mod zlib;

pub use claims::Claims;
pub use codec::{Decoded, Verified, decode, encode, verify};
pub use cose::Alg;
pub use error::Error;
pub use payload::Payload;
pub use signer::Signer;
pub use trust::{Revocations, TrustList};
