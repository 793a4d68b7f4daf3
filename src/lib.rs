//! # uniqr
//!
//! The reference codec of **UNIQR v1**, the national personal health QR
//! format (`spec/uniqr-v1.md` in the repository). A code is one line of text,
//! carried in a QR symbol:
//!
//! ```text
//! QR text = "UQ1:" + Base45( ZLIB( COSE_Sign1( CWT claims + payload ) ) )
//! ```
//!
//! The [`Payload`] is an identity block (an opaque personal id, names, date
//! of birth) with optional vaccination, test and recovery entries under EU DCC
//! v1.3 field names; the [`Claims`] name the issuer, the issue and expiry
//! times and a certificate id; an issuer's key signs both (ES256 or EdDSA).
//!
//! An app does one of three things with a code:
//!
//! - **verify** it with [`verify`], against a [`TrustList`] of issuer keys and
//!   a [`Revocations`] list, at a time `now`. Only a verified code may be acted
//!   on.
//! - **decode** it with [`decode`], to show its contents without checking the
//!   signature or validity: for inspection and diagnostics, never for decisions.
//! - **encode** (issue) one with [`encode`] and a [`Signer`], with the feature
//!   `encode`.
//!
//! ## Verifying
//!
//! ```
//! use uniqr::{Revocations, TrustList};
//!
//! // An app reads its health authority's trust list and revocation list
//! // files once, at start-up. Here: a trust list of the test-only demo keys.
//! let trust_json = uniqr::demo::trust_list().to_json(); // or fs::read_to_string
//! let trust = TrustList::from_json(&trust_json)?;
//! let revoked = Revocations::from_json(
//!     r#"{"format": "uniqr-revocation-list", "version": 1, "revoked": []}"#,
//! )?;
//!
//! // The scanned text, and the time in Unix seconds from a trusted clock.
//! let text = uniqr::demo::sample_text()?;
//! let now = 1_780_272_000; // 2026-06-01T00:00:00Z
//!
//! let ok = uniqr::verify(&text, &trust, &revoked, now)?;
//! assert_eq!(ok.payload.pid, "VN-079-0001");
//! assert_eq!(ok.claims.iss, "VN-HN");
//!
//! // A year later the same code has expired.
//! let err = uniqr::verify(&text, &trust, &revoked, now + 365 * 86_400).unwrap_err();
//! assert_eq!((err.code(), err.number()), ("EXPIRED", 20));
//! # Ok::<(), uniqr::Error>(())
//! ```
//!
//! ## Decoding and encoding
//!
//! ```
//! use uniqr::{Alg, demo};
//!
//! // Issue (feature `encode`): a payload and its claims, signed by a key
//! // that knows its issuer and trust-list metadata.
//! let signer = demo::signer(Alg::EdDsa);
//! let text = uniqr::encode(&demo::sample_payload(), &signer, &demo::sample_claims())?;
//! assert!(text.starts_with("UQ1:"));
//!
//! // Show a code without verifying it.
//! let shown = uniqr::decode(&text)?;
//! assert_eq!(shown.header.alg, "EdDSA");
//! assert_eq!(shown.payload, demo::sample_payload());
//! # Ok::<(), uniqr::Error>(())
//! ```
//!
//! ## Errors
//!
//! Every failure, of a code or of a list file, is one [`Error`]:
//!
//! - [`Error::code`]: the stable registry code, such as `"EXPIRED"`;
//! - [`Error::number`]: its number, such as `20` (the C and Python bindings
//!   report both);
//! - [`Error::message`]: a one-line explanation of the exact defect, for logs.
//!
//! Codes and numbers come from the error registry of `spec/uniqr-v1.md` and are
//! never renamed or reused; base decisions on the code (or the [`Error`]
//! variant), never on the message. A verifier runs its checks in the one order
//! of R-ORD-1 and stops at the first failure, so every text has exactly one
//! code. Each function lists the codes it can return under "Errors".
//!
//! ## Features
//!
//! - `encode` (off by default; `features = ["encode"]`): issuing codes:
//!   [`encode`], [`Signer`], [`SecretKey`], `codec::encode_cose` and the
//!   test-only [`demo`] keys. Off by default so that a verifier embeds about
//!   40 crates instead of about 50:
//!   ES256 signing needs the RFC 6979 signer of `p256` (R-ENC-3), which
//!   verification does not.
//! - `fuzzing`: internals for the in-tree fuzz targets; not a stable API.
//!
//! ## Modules
//!
//! - The wire layers, outermost first, which is also the order a verifier
//!   checks them in (R-ORD-1): [`prefix`], [`base45`], [`zlib`], [`cbor`],
//!   [`cose`], the signature ([`key`]), [`claims`], [`payload`].
//! - Keys and trust: [`key`] (public keys as JWK, key ids, signature checks),
//!   [`trust`] (trust list and revocation list files).
//! - The pipeline: [`codec`] runs the layers in order: [`verify`], [`decode`],
//!   [`encode`] and their byte-level halves.
//! - Support: [`error`] (the registry), [`limits`] (R-LIM-*), [`hex`], [`json`]
//!   and [`timefmt`] (the strict forms of the JSON files).
//! - Issuing (feature `encode`): [`signer`] (key files), [`demo`].
//!
//! ## Other crates of the repository
//!
//! - QR images: `uniqr-qr` draws the text as a QR symbol (`render_png`,
//!   `render_svg`) and reads it from PNG or JPEG photographs (`scan`).
//! - C: `uniqr-ffi` builds `libuniqr.so`, declared in `include/uniqr.h`.
//! - Python: `crates/uniqr-py` gives `import uniqr`, built with maturin.
//! - The `uniqr` command line tool is `uniqr-cli`; the conformance suite and
//!   fuzzer for other vendors' codecs are `uniqr-conform`.
//!
// Links to items of feature `encode` point to "Features" when it is off.
#![cfg_attr(
    feature = "encode",
    doc = "[`encode`]: crate::encode\n[`Signer`]: crate::Signer\n\
           [`SecretKey`]: crate::key::SecretKey\n[`demo`]: crate::demo\n\
           [`signer`]: crate::signer"
)]
#![cfg_attr(
    not(feature = "encode"),
    doc = "[`encode`]: crate#features\n[`Signer`]: crate#features\n\
           [`SecretKey`]: crate#features\n[`demo`]: crate#features\n\
           [`signer`]: crate#features"
)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]
// The C boundary is crates/uniqr-ffi; the codec needs no unsafe code.
#![forbid(unsafe_code)]

pub mod base45;
pub mod cbor;
pub mod claims;
pub mod codec;
pub mod cose;
#[cfg(feature = "encode")]
#[cfg_attr(docsrs, doc(cfg(feature = "encode")))]
pub mod demo;
pub mod error;
pub mod hex;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod internal;
pub mod json;
pub mod key;
pub mod limits;
pub mod payload;
pub mod prefix;
#[cfg(feature = "encode")]
#[cfg_attr(docsrs, doc(cfg(feature = "encode")))]
pub mod signer;
pub mod timefmt;
pub mod trust;
pub mod zlib;

pub use claims::Claims;
#[cfg(feature = "encode")]
#[cfg_attr(docsrs, doc(cfg(feature = "encode")))]
pub use codec::encode;
pub use codec::{Decoded, Verified, decode, verify};
pub use cose::Alg;
pub use error::Error;
pub use payload::Payload;
#[cfg(feature = "encode")]
#[cfg_attr(docsrs, doc(cfg(feature = "encode")))]
pub use signer::Signer;
pub use trust::{Revocations, TrustList};
