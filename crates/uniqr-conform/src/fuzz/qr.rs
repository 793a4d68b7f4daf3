//! `scan_verify` cases (R-FZ-14): the case's QR text drawn by the reference
//! renderer and degraded with one class of the robustness set (R-QR-13),
//! sent as an image the way golden `scan_verify` cases are.

use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

use uniqr_qr::degrade::{self, Expect};

/// The degradation classes the fuzzer draws, by index
/// ([`super::plan::Edit::Degrade`]). Left out: the classes either outcome
/// conforms to (`mirrored`, `scale1.5px`, R-QR-13), and the large scenes
/// (`photo`, `small-in-large`, `no-symbol`) whose exhaustive search costs
/// more than a thousand text cases.
pub const CLASSES: &[&str] = &[
    "clean",
    "mask-version",
    "rot15",
    "rot90",
    "noise",
    "blur",
    "jpeg30",
    "low-contrast",
    "tilt",
    "damage10",
    "inverted",
    "byte-mode",
    "split-segments",
    "cropped",
];

/// The class of index `i` (modulo the table size).
pub fn class(i: u8) -> &'static str {
    CLASSES[i as usize % CLASSES.len()]
}

/// Whether a verifier must read images of class `i` (R-QR-13 "decode"):
/// when the reference cannot, the case says nothing about the vendor.
pub fn must_decode(i: u8) -> bool {
    let name = class(i);
    degrade::CLASSES
        .iter()
        .any(|(c, e)| *c == name && *e == Expect::Decode)
}

/// The image of `text` degraded with class `i`, seeded with `seed`, and its
/// file extension; `None` if the text cannot be drawn.
pub fn image(text: &str, i: u8, seed: u32) -> Option<(Vec<u8>, &'static str)> {
    let mut rng = ChaCha8Rng::seed_from_u64(u64::from(seed));
    let (bytes, jpeg) = degrade::make(class(i), text, &mut rng).ok()?;
    Some((bytes, if jpeg { "jpg" } else { "png" }))
}
