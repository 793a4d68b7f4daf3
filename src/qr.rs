//! The QR symbol layer (spec §"QR symbol", R-QR-*).
//!
//! [`render_png`] and [`render_svg`] draw QR text as one alphanumeric-mode
//! segment at error correction level Q in the smallest version that fits
//! (R-QR-1..R-QR-5). [`scan`] finds and decodes a symbol in a PNG or JPEG
//! image and checks that it is one alphanumeric segment (R-QR-6..R-QR-12, R-LIM-6);
//! [`read`] does the same without the segment check, for diagnostics.
//! [`degrade`] builds the deterministic robustness image set (R-QR-13).
//!
//! ```
//! use uniqr::{demo, qr};
//! let text = demo::sample_text().unwrap();
//! let png = qr::render_png(&text, &qr::RenderOptions::default()).unwrap();
//! assert_eq!(qr::scan(&png).unwrap().text, text);
//! ```

pub mod degrade;
mod render;
mod scan;

pub use render::{RenderOptions, Segments, Symbol, render_png, render_svg};
pub use scan::{BoundingBox, Scanned, SegmentMode, read, scan};
