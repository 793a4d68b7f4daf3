//! Normative limits (spec §"Limits", R-LIM-*). Exceeding one is `TOO_LARGE`.
//!
//! Every limit is checked before the work it guards is done, so that a hostile
//! input never costs more than the limit (R-LIM-2: inflation stops at the limit).

/// R-LIM-1: maximum QR text length in bytes: the alphanumeric capacity of a
/// version 40 QR symbol at error correction level Q.
pub const MAX_TEXT_LEN: usize = 2420;

/// R-LIM-2: maximum size of the inflated COSE message in bytes.
pub const MAX_INFLATED: usize = 16 * 1024;

/// R-LIM-3: maximum CBOR nesting depth (the top-level item is depth 1).
pub const MAX_DEPTH: usize = 8;

/// R-LIM-4: maximum length of one CBOR text string, in bytes.
pub const MAX_TEXT_STRING: usize = 512;

/// R-LIM-5: maximum number of items in one CBOR array or entries in one map.
pub const MAX_ITEMS: usize = 32;

/// R-LIM-6: maximum pixel count of an image given to the scanner.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// Payload rule R-PAY-*: maximum entries per entry kind (`v`, `t`, `r`).
pub const MAX_ENTRIES: usize = 8;

/// Payload rule R-PAY-*: maximum length of a name or free text, in characters.
pub const MAX_NAME_CHARS: usize = 80;
