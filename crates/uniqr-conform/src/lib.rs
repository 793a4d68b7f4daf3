//! # uniqr-conform
//!
//! The conformance tools of **UNIQR v1**, built on the reference codec
//! ([`uniqr`]) and its QR layer ([`uniqr_qr`]). Data flows one way, each
//! module using only those above it:
//!
//! - [`vectors`]: the golden cases (format, suite loader, judge, coverage
//!   check, generator) and [`forge`], which builds the defective codes the
//!   generator needs;
//! - [`harness`]: the vendor protocol (`spec/harness-protocol.md`), the
//!   requests made from cases, and the reference [`harness::shim::Shim`];
//! - [`profile`]: the conformance profiles a vendor claims (verifier,
//!   scanner, issuer, inspector, renderer);
//! - [`runner`]: the conformance runner and its transports (subprocess,
//!   vendor library in a host process or in process), and baselines;
//! - [`report`]: text, JSON, JUnit and HTML reports of a run, written by
//!   [`output`];
//! - [`fuzz`]: differential fuzzing of a vendor against the reference;
//! - [`interop`]: the cross-vendor matrix, every issuer through every
//!   verifier, as text and as images;
//! - [`attest`]: signed attestations (in-toto statements in DSSE
//!   envelopes) of conformance results and matrices;
//! - [`publish`]: the static results site a regulator publishes.
//!
//! The `uniqr` command (crate `uniqr-cli`) is a thin layer over this crate.

#![warn(missing_docs)]
// Unsafe code only where the runner loads a vendor library (`runner::vendor_lib`).
#![deny(unsafe_code)]

pub mod attest;
pub mod forge;
pub mod fuzz;
pub mod harness;
#[doc(hidden)]
pub mod internal;
pub mod interop;
pub mod output;
pub mod profile;
pub mod publish;
pub mod report;
pub mod runner;
pub mod vectors;
