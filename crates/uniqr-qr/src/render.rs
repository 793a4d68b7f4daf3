//! Building and drawing the symbol (R-QR-1..R-QR-5).

use std::fmt::Write as _;

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, Version};

use uniqr::error::{Error, QrError};

/// Module size of [`RenderOptions::default`], in pixels: 8 px is 1 mm at
/// 203 dpi, a common label-printer resolution.
pub const DEFAULT_MODULE_PX: u32 = 8;
/// Quiet zone of [`RenderOptions::default`] and the minimum (R-QR-4), in modules.
pub const MIN_QUIET_ZONE: u32 = 4;
/// Largest module size accepted, in pixels (larger values are lowered to it).
pub const MAX_MODULE_PX: u32 = 32;
/// Largest quiet zone accepted, in modules (larger values are lowered to it).
pub const MAX_QUIET_ZONE: u32 = 16;

/// How a rendered symbol looks.
///
/// Out-of-range values are clamped when rendering: `module_px` to
/// 1..=[`MAX_MODULE_PX`], `quiet_zone` to [`MIN_QUIET_ZONE`]..=[`MAX_QUIET_ZONE`]
/// (R-QR-4), so a render never breaks the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// Side of one module, in pixels (PNG) or user units (SVG).
    pub module_px: u32,
    /// Light border around the symbol, in modules.
    pub quiet_zone: u32,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            module_px: DEFAULT_MODULE_PX,
            quiet_zone: MIN_QUIET_ZONE,
        }
    }
}

impl RenderOptions {
    fn clamped(&self) -> (u32, u32) {
        (
            self.module_px.clamp(1, MAX_MODULE_PX),
            self.quiet_zone.clamp(MIN_QUIET_ZONE, MAX_QUIET_ZONE),
        )
    }
}

/// How the text is split into QR segments. Only [`Segments::Alphanumeric`]
/// conforms (R-QR-1); the others exist to build non-conforming test symbols.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segments {
    /// One alphanumeric-mode segment holding the whole text (R-QR-1).
    Alphanumeric,
    /// One byte-mode segment carrying the same characters.
    Byte,
    /// Two alphanumeric segments, the first holding this many characters.
    SplitAlphanumeric(usize),
    /// Whatever the `qrcode` crate's segment optimizer picks (it may mix
    /// numeric and alphanumeric segments).
    Optimized,
    /// The first run of two or more digits in a numeric segment of its
    /// own, the characters before and after it in alphanumeric segments.
    NumericRun,
    /// An ECI header (mode 0111) with this designator (below 128), then
    /// one alphanumeric segment.
    Eci(u8),
    /// An FNC1 first-position header (mode 0101), then one alphanumeric
    /// segment.
    Fnc1First,
    /// A Kanji segment of one character (Shift JIS 0x935F), then one
    /// alphanumeric segment.
    KanjiFirst,
    /// A structured append header (mode 0011: symbol 1 of 2, parity of the
    /// text), then one alphanumeric segment.
    StructuredAppend,
}

/// A QR Model 2 symbol at error correction level Q: a square of modules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    version: u8,
    width: usize,
    dark: Vec<bool>,
}

/// Whether `text` is all QR alphanumeric characters (ISO/IEC 18004 Table 5).
pub(crate) fn is_alphanumeric(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() || b" $%*+-./:".contains(&b))
}

impl Symbol {
    /// The conforming symbol for `text`: one alphanumeric segment, level Q,
    /// the smallest version that fits, the mask of lowest penalty
    /// (R-QR-1..R-QR-3).
    ///
    /// # Errors
    /// [`QrError::TextNotEncodable`] if `text` has a character outside the QR
    /// alphanumeric set or does not fit version 40 at level Q.
    pub fn new(text: &str) -> Result<Symbol, Error> {
        Symbol::build(text, Segments::Alphanumeric, 1, None)
    }

    /// A symbol with the given segments, version at least `min_version`
    /// (1..=40) and a fixed mask pattern (0..=7) or the lowest-penalty one.
    ///
    /// # Errors
    /// [`QrError::TextNotEncodable`] if the text has a character the segment
    /// mode cannot carry, does not fit version 40, or an argument is out of
    /// range.
    pub fn build(
        text: &str,
        segments: Segments,
        min_version: u8,
        mask: Option<u8>,
    ) -> Result<Symbol, Error> {
        const BAD: Error = Error::Qr(QrError::TextNotEncodable);
        if segments != Segments::Byte && !is_alphanumeric(text) {
            return Err(BAD);
        }
        if !(1..=40).contains(&min_version) {
            return Err(BAD);
        }
        let mask = match mask {
            None => None,
            Some(m) => Some(mask_pattern(m).ok_or(BAD)?),
        };
        for v in min_version..=40 {
            let version = Version::Normal(i16::from(v));
            let Some(data) = bits_for(text, segments, version) else {
                continue;
            };
            let (data, ec) =
                qrcode::ec::construct_codewords(&data, version, EcLevel::Q).map_err(|_| BAD)?;
            let mut canvas = Canvas::new(version, EcLevel::Q);
            canvas.draw_all_functional_patterns();
            canvas.draw_data(&data, &ec);
            let width = usize::from(v) * 4 + 17;
            let masks = match mask {
                Some(m) => vec![m],
                None => ALL_MASKS.to_vec(),
            };
            let mut best: Option<(u32, Vec<bool>)> = None;
            for m in masks {
                let mut c = canvas.clone();
                c.apply_mask(m);
                let dark: Vec<bool> = c
                    .into_colors()
                    .into_iter()
                    .map(|c| c == Color::Dark)
                    .collect();
                let score = if mask.is_some() {
                    0
                } else {
                    penalty(&dark, width)
                };
                if best.as_ref().is_none_or(|(b, _)| score < *b) {
                    best = Some((score, dark));
                }
            }
            let Some((_, dark)) = best else {
                return Err(BAD);
            };
            let width = usize::from(v) * 4 + 17;
            return Ok(Symbol {
                version: v,
                width,
                dark,
            });
        }
        Err(BAD)
    }

    /// The QR version, 1..=40.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark (false outside).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Sets the module at column `x`, row `y` (ignored outside the symbol);
    /// used to damage symbols for robustness tests.
    pub fn set_dark(&mut self, x: usize, y: usize, dark: bool) {
        if x < self.width && y < self.width {
            self.dark[y * self.width + x] = dark;
        }
    }

    /// Draws the symbol as 8-bit grey pixels (dark 0, light 255), row-major;
    /// returns the pixels and the side length.
    pub fn to_luma(&self, options: &RenderOptions) -> (Vec<u8>, u32) {
        let (px, qz) = options.clamped();
        let (px, qz) = (px as usize, qz as usize);
        let side = (self.width + 2 * qz) * px;
        let mut out = vec![255u8; side * side];
        for y in 0..self.width {
            let mut row = vec![255u8; side];
            for x in 0..self.width {
                if self.is_dark(x, y) {
                    let start = (x + qz) * px;
                    row[start..start + px].fill(0);
                }
            }
            for r in 0..px {
                let start = ((y + qz) * px + r) * side;
                out[start..start + side].copy_from_slice(&row);
            }
        }
        (out, side as u32)
    }

    /// Encodes the symbol as a 1-bit greyscale PNG (R-QR-4, R-QR-5).
    ///
    /// # Errors
    /// None in practice (in-memory PNG encoding of a valid buffer).
    pub fn to_png(&self, options: &RenderOptions) -> Result<Vec<u8>, Error> {
        let (px, qz) = options.clamped();
        let (px, qz) = (px as usize, qz as usize);
        let side = (self.width + 2 * qz) * px;
        let stride = side.div_ceil(8);
        // 1-bit greyscale: a set bit is white.
        let mut data = vec![0xFFu8; stride * side];
        for y in 0..self.width {
            let mut row = vec![0xFFu8; stride];
            for x in 0..self.width {
                if self.is_dark(x, y) {
                    for p in (x + qz) * px..(x + qz + 1) * px {
                        row[p / 8] &= !(0x80 >> (p % 8));
                    }
                }
            }
            for r in 0..px {
                let start = ((y + qz) * px + r) * stride;
                data[start..start + stride].copy_from_slice(&row);
            }
        }
        let side = side as u32;
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::Filter::Up);
        encoder
            .write_header()
            .and_then(|mut w| w.write_image_data(&data))
            .map_err(|_| Error::Qr(QrError::ImageCorrupt))?;
        Ok(out)
    }

    /// Draws the symbol as SVG: a light background and one path of dark
    /// row runs, in module units scaled by `module_px` (R-QR-4, R-QR-5).
    pub fn to_svg(&self, options: &RenderOptions) -> String {
        let (px, qz) = options.clamped();
        let n = self.width + 2 * qz as usize;
        let side = n * px as usize;
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{side}\" \
             height=\"{side}\" viewBox=\"0 0 {n} {n}\" shape-rendering=\"crispEdges\">\n\
             <rect width=\"{n}\" height=\"{n}\" fill=\"#ffffff\"/>\n<path fill=\"#000000\" d=\""
        );
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while self.is_dark(x, y) {
                    x += 1;
                }
                let len = x - start;
                let (sx, sy) = (start + qz as usize, y + qz as usize);
                // Writing to a String cannot fail.
                let _ = write!(svg, "M{sx},{sy}h{len}v1h-{len}z");
            }
        }
        svg.push_str("\"/>\n</svg>\n");
        svg
    }
}

const ALL_MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

fn mask_pattern(m: u8) -> Option<MaskPattern> {
    ALL_MASKS.get(usize::from(m)).copied()
}

/// The mask penalty of ISO/IEC 18004 §7.8.3, scored exactly as the `qrcode`
/// crate does (so the same mask wins), without its per-module dynamic
/// dispatch, which made mask selection ~6 ms for a typical code.
fn penalty(d: &[bool], n: usize) -> u32 {
    const FINDER: [bool; 7] = [true, false, true, true, true, false, true];
    let mut score = 0u32;
    for horizontal in [true, false] {
        let at = |i: usize, j: usize| {
            if horizontal {
                d[i * n + j]
            } else {
                d[j * n + i]
            }
        };
        for i in 0..n {
            let mut run = 1u32;
            for j in 1..=n {
                if j < n && at(i, j) == at(i, j - 1) {
                    run += 1;
                } else {
                    if run >= 5 {
                        score += run - 2;
                    }
                    run = 1;
                }
            }
            for j in 0..n.saturating_sub(6) {
                if (0..7).any(|k| at(i, j + k) != FINDER[k]) {
                    continue;
                }
                let light = |from: usize, to: usize| (from..to.min(n)).all(|k| !at(i, k));
                if light(j.saturating_sub(4), j) || light(j + 7, j + 11) {
                    score += 40;
                }
            }
        }
    }
    for y in 0..n.saturating_sub(1) {
        for x in 0..n - 1 {
            let c = d[y * n + x];
            if d[y * n + x + 1] == c && d[(y + 1) * n + x] == c && d[(y + 1) * n + x + 1] == c {
                score += 3;
            }
        }
    }
    let dark = d.iter().filter(|&&b| b).count();
    let ratio = dark * 200 / d.len().max(1);
    score + ratio.abs_diff(100) as u32
}

/// The data bit stream for `version`, or `None` if the text does not fit.
/// Built by hand (not `QrCode::new`) because the crate's optimizer may split
/// the text into numeric and alphanumeric segments, which R-QR-1 forbids.
fn bits_for(text: &str, segments: Segments, version: Version) -> Option<Vec<u8>> {
    let data = text.as_bytes();
    let mut bits = Bits::new(version);
    let pushed = match segments {
        Segments::Alphanumeric => bits.push_alphanumeric_data(data),
        Segments::Byte => bits.push_byte_data(data),
        Segments::SplitAlphanumeric(n) => {
            let (a, b) = data.split_at(n.min(data.len()));
            bits.push_alphanumeric_data(a)
                .and_then(|()| bits.push_alphanumeric_data(b))
        }
        Segments::Optimized => bits.push_optimal_data(data),
        Segments::NumericRun => {
            let start = data
                .windows(2)
                .position(|w| w.iter().all(u8::is_ascii_digit))?;
            let len = data[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let (head, rest) = data.split_at(start);
            let (digits, tail) = rest.split_at(len);
            let mut r = Ok(());
            if !head.is_empty() {
                r = r.and_then(|()| bits.push_alphanumeric_data(head));
            }
            r = r.and_then(|()| bits.push_numeric_data(digits));
            if !tail.is_empty() {
                r = r.and_then(|()| bits.push_alphanumeric_data(tail));
            }
            r
        }
        Segments::Eci(designator) => bits
            .push_eci_designator(u32::from(designator))
            .and_then(|()| bits.push_alphanumeric_data(data)),
        Segments::Fnc1First => bits
            .push_fnc1_first_position()
            .and_then(|()| bits.push_alphanumeric_data(data)),
        Segments::KanjiFirst => bits
            .push_kanji_data(&[0x93, 0x5F])
            .and_then(|()| bits.push_alphanumeric_data(data)),
        Segments::StructuredAppend => return structured_append(data, version),
    };
    pushed.ok()?;
    bits.push_terminator(EcLevel::Q).ok()?;
    Some(bits.into_bytes())
}

/// The data bits of a structured append symbol (ISO/IEC 18004 §8): the
/// `qrcode` crate has no public way to push the header's 16 data bits, so
/// the stream is written here, terminator and pad codewords included.
fn structured_append(data: &[u8], version: Version) -> Option<Vec<u8>> {
    const ALPHANUMERIC: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let value = |c: &u8| ALPHANUMERIC.iter().position(|a| a == c);
    let mut out: Vec<bool> = Vec::new();
    let mut push = |n: usize, v: usize| out.extend((0..n).rev().map(|i| v >> i & 1 == 1));
    let parity = data.iter().fold(0u8, |p, b| p ^ b);
    push(4, 0b0011);
    push(4, 0); // symbol 1
    push(4, 1); // of 2
    push(8, usize::from(parity));
    push(4, 0b0010);
    let Version::Normal(v) = version else {
        return None;
    };
    push(
        match v {
            1..=9 => 9,
            10..=26 => 11,
            _ => 13,
        },
        data.len(),
    );
    for pair in data.chunks(2) {
        match pair {
            [a, b] => push(11, value(a)? * 45 + value(b)?),
            [a] => push(6, value(a)?),
            _ => {}
        }
    }
    let capacity = Bits::new(version).max_len(EcLevel::Q).ok()?;
    if out.len() > capacity {
        return None;
    }
    // Terminator, then padding to a byte and the pad codewords.
    let terminator = (capacity - out.len()).min(4);
    out.extend(std::iter::repeat_n(false, terminator));
    while !out.len().is_multiple_of(8) {
        out.push(false);
    }
    let mut bytes: Vec<u8> = out
        .chunks(8)
        .map(|c| c.iter().fold(0u8, |b, &bit| b << 1 | u8::from(bit)))
        .collect();
    for pad in [0xEC, 0x11].into_iter().cycle() {
        if bytes.len() * 8 >= capacity {
            break;
        }
        bytes.push(pad);
    }
    Some(bytes)
}

/// Renders QR text as a PNG image (R-QR-1..R-QR-5).
///
/// # Errors
/// [`QrError::TextNotEncodable`] if the text is not all QR alphanumeric
/// characters or does not fit version 40 at level Q.
pub fn render_png(text: &str, options: &RenderOptions) -> Result<Vec<u8>, Error> {
    Symbol::new(text)?.to_png(options)
}

/// Renders QR text as an SVG document (R-QR-1..R-QR-5).
///
/// # Errors
/// [`QrError::TextNotEncodable`] if the text is not all QR alphanumeric
/// characters or does not fit version 40 at level Q.
pub fn render_svg(text: &str, options: &RenderOptions) -> Result<String, Error> {
    Ok(Symbol::new(text)?.to_svg(options))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{SegmentMode, read};

    #[test]
    fn each_non_conforming_segment_kind_reads_back_as_mixed() {
        let text = "UQ1:NCFOXN%TSMAHN-H+M4H%ME.K3CT:+U099AZA393";
        let kinds = [
            Segments::NumericRun,
            Segments::Eci(26),
            Segments::Fnc1First,
            Segments::KanjiFirst,
            Segments::StructuredAppend,
            Segments::SplitAlphanumeric(5),
        ];
        for kind in kinds {
            let png = Symbol::build(text, kind, 1, None)
                .and_then(|s| s.to_png(&RenderOptions::default()))
                .unwrap();
            let read = read(&png).unwrap();
            assert_eq!(read.mode, SegmentMode::Mixed, "{kind:?}");
            // The Kanji character reads as U+FFFD; the rest is the text.
            assert!(read.text.ends_with(text), "{kind:?}: {}", read.text);
        }
        let png = Symbol::new(text)
            .unwrap()
            .to_png(&RenderOptions::default())
            .unwrap();
        assert_eq!(read(&png).unwrap().mode, SegmentMode::Alphanumeric);
    }
}
