//! Internals for in-tree tools (the `scan_image` fuzz target and the corpus
//! replay test). Not a stable API.

/// The `scan_image` fuzz target: arbitrary image bytes through [`scan`];
/// a text read goes on through the codec's `verify_text` invariants.
/// Panics that the scanner itself catches (it contains the QR decoder's,
/// R-QR-11) are not findings; a panic that escapes is.
pub mod fuzzing {
    use uniqr::internal::fuzzing::{check_text, contained, registered};

    use crate::{SegmentMode, scan};

    /// See the module documentation.
    pub fn scan_image(data: &[u8]) {
        match contained(|| scan(data)) {
            Ok(s) => {
                assert_eq!(s.mode, SegmentMode::Alphanumeric);
                check_text(&s.text);
            }
            Err(e) => registered(&e, &["TOO_LARGE", "QR_UNREADABLE", "QR_MODE_INVALID"]),
        }
    }
}
