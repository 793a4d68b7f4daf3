//! # uniqr-qr
//!
//! The QR symbol layer of **UNIQR v1** (spec §"QR symbol", R-QR-*), on top
//! of the codec [`uniqr`].
//!
//! [`render_png`] and [`render_svg`] draw QR text as one alphanumeric-mode
//! segment at error correction level Q in the smallest version that fits
//! (R-QR-1..R-QR-5). [`scan`] finds and decodes a symbol in a PNG or JPEG
//! image and checks that it is one alphanumeric segment (R-QR-6..R-QR-12, R-LIM-6);
//! [`read`] does the same without the segment check, for diagnostics.
//! [`degrade`] builds the deterministic robustness image set (R-QR-13).
//!
//! A crate of its own, not a feature of `uniqr`: the image decoders and the
//! QR reader are most of the weight of a scanning build, and a verifier that
//! receives text (a keyboard-wedge scanner, a phone's own camera API) needs
//! none of them. As a separate crate the codec cannot come to depend on the
//! scanner by accident, and Cargo's feature unification cannot switch it on
//! in an app that never asked for it. Failures are the codec's registry
//! codes ([`uniqr::Error`]: `QR_UNREADABLE`, `QR_MODE_INVALID`, `TOO_LARGE`).
//!
//! ```
//! use uniqr::demo;
//! let text = demo::sample_text().unwrap();
//! let png = uniqr_qr::render_png(&text, &uniqr_qr::RenderOptions::default()).unwrap();
//! assert_eq!(uniqr_qr::scan(&png).unwrap().text, text);
//! ```

#![warn(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(feature = "robustness")]
pub mod degrade;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod internal;
mod render;
mod scan;

pub use render::{RenderOptions, Segments, Symbol, render_png, render_svg};
pub use scan::{BoundingBox, Scanned, SegmentMode, read, scan};
