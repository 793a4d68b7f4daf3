//! Finding and decoding a symbol in an image (R-QR-6..R-QR-12).
//!
//! Detection, sampling and error correction are rxing's (a port of
//! zxing-cpp's QR reader); this module adds the image limits, the reading
//! passes, and the segment check on the corrected data codewords.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use rxing::common::{BitMatrix, DetectorRXingResult, GlobalHistogramBinarizer, HybridBinarizer};
use rxing::qrcode::cpp_port::detector::{FindFinderPatterns, GenerateFinderPatternSets, SampleQR};
use rxing::{Binarizer, BinaryBitmap, Luma8Source};

use serde::Serialize;
use uniqr::error::{Error, Limit, QrError};
use uniqr::limits::MAX_IMAGE_PIXELS;

/// The segment structure of a decoded symbol; in JSON its
/// [`as_str`](SegmentMode::as_str) name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SegmentMode {
    /// One numeric segment.
    Numeric,
    /// One alphanumeric segment: the only conforming structure (R-QR-1).
    Alphanumeric,
    /// One byte segment.
    Byte,
    /// One Kanji segment.
    Kanji,
    /// One Hanzi segment.
    Hanzi,
    /// Several segments, or ECI, FNC1 or structured-append headers.
    Mixed,
    /// No data segment at all.
    Empty,
}

impl SegmentMode {
    /// Lowercase name, e.g. `"alphanumeric"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            SegmentMode::Numeric => "numeric",
            SegmentMode::Alphanumeric => "alphanumeric",
            SegmentMode::Byte => "byte",
            SegmentMode::Kanji => "kanji",
            SegmentMode::Hanzi => "hanzi",
            SegmentMode::Mixed => "mixed",
            SegmentMode::Empty => "empty",
        }
    }
}

/// Where the symbol is in the image, in pixels: the axis-aligned box around
/// its four outer corners, clipped to the image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct BoundingBox {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// A decoded QR symbol. Its JSON form (`uniqr scan --format json`, the C
/// and Python bindings) has the same members, `ec_level` as a one-letter
/// string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scanned {
    /// The decoded text.
    pub text: String,
    /// The segment structure ([`SegmentMode::Alphanumeric`] after [`scan`]).
    pub mode: SegmentMode,
    /// The QR version, 1..=40.
    pub version: u8,
    /// The error correction level: `'L'`, `'M'`, `'Q'` or `'H'`.
    pub ec_level: char,
    /// Where the symbol is.
    pub bounds: BoundingBox,
    /// Whether it was read as light modules on a dark background (R-QR-9).
    pub inverted: bool,
    /// Whether it was read mirrored (allowed, not required).
    pub mirrored: bool,
}

/// Reads the QR symbol in a PNG or JPEG image and checks that it is one
/// alphanumeric segment (R-QR-6..R-QR-12). Never panics.
///
/// # Errors
/// - [`Error::TooLarge`]`(`[`Limit::ImagePixels`]`)` if the header declares
///   more than [`MAX_IMAGE_PIXELS`] pixels (checked before decoding pixels).
/// - [`QrError::ImageCorrupt`] for a corrupt, truncated or non-PNG/JPEG file.
/// - [`QrError::NoSymbol`] if no symbol is found or it cannot be decoded.
/// - [`QrError::ModeInvalid`] if the symbol is not one alphanumeric segment
///   (R-QR-10).
pub fn scan(image: &[u8]) -> Result<Scanned, Error> {
    let s = read(image)?;
    if s.mode != SegmentMode::Alphanumeric {
        return Err(Error::Qr(QrError::ModeInvalid));
    }
    Ok(s)
}

/// Reads the QR symbol in a PNG or JPEG image, whatever its segments
/// (for diagnostics; a verifier uses [`scan`]). Never panics.
///
/// # Errors
/// As [`scan`], without [`QrError::ModeInvalid`].
pub fn read(image: &[u8]) -> Result<Scanned, Error> {
    let (luma, w, h) = load(image)?;
    // rxing is a port with indexing throughout: a panic on a hostile image
    // must still end as QR_UNREADABLE (R-QR-11).
    catch_unwind(AssertUnwindSafe(|| locate(&luma, w, h)))
        .ok()
        .flatten()
        .ok_or(Error::Qr(QrError::NoSymbol))
}

/// Decodes a PNG or JPEG to 8-bit grey, refusing oversized images from
/// the header alone (R-LIM-6, R-QR-12).
///
/// The decoders are `png` and `zune-jpeg`, called directly rather than
/// through `image`, which would bring a dozen formats and colour management
/// into every app that scans. Grey is Rec. 709 luma in integer arithmetic,
/// alpha dropped, 16 bits rounded to 8: what `image`'s `into_luma8` computes
/// in floating point, to within one level (a test compares the two).
fn load(bytes: &[u8]) -> Result<(Vec<u8>, u32, u32), Error> {
    const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
    let png = bytes.starts_with(PNG_MAGIC);
    if !png && !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Err(CORRUPT);
    }
    let (w, h) = if png {
        // The PNG decoder reads on to the first IDAT before it tells the
        // size; IHDR alone is enough and must be the first chunk.
        match (bytes.get(12..16), bytes.get(16..20), bytes.get(20..24)) {
            (Some(b"IHDR"), Some(w), Some(h)) => (be32(w), be32(h)),
            _ => return Err(CORRUPT),
        }
    } else {
        jpeg_dimensions(bytes).ok_or(CORRUPT)?
    };
    if u64::from(w) * u64::from(h) > MAX_IMAGE_PIXELS {
        return Err(Error::TooLarge(Limit::ImagePixels));
    }
    if w == 0 || h == 0 {
        return Err(CORRUPT);
    }
    let grey = if png {
        load_png(bytes)?
    } else {
        load_jpeg(bytes, w, h)?
    };
    // A decoder that disagrees with its own header is a corrupt file.
    if grey.len() as u64 != u64::from(w) * u64::from(h) {
        return Err(CORRUPT);
    }
    Ok((grey, w, h))
}

const CORRUPT: Error = Error::Qr(QrError::ImageCorrupt);

/// The grey level of an RGB pixel: Rec. 709 weights, rounded, in integers
/// so that every machine computes the same pixels.
fn luma(r: u32, g: u32, b: u32) -> u32 {
    (2126 * r + 7152 * g + 722 * b + 5_000) / 10_000
}

fn load_png(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    // 16-bit RGBA is the widest pixel a PNG can produce.
    let limits = png::Limits {
        bytes: usize::try_from(MAX_IMAGE_PIXELS * 8).unwrap_or(usize::MAX),
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    // Palettes and depths below 8 expand to 8 bits; 16 bits stay 16.
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(|_| CORRUPT)?;
    let size = reader.output_buffer_size().ok_or(CORRUPT)?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|_| CORRUPT)?;
    buf.truncate(frame.buffer_size());
    let (color, depth) = reader.output_color_type();
    let rgb = matches!(color, png::ColorType::Rgb | png::ColorType::Rgba);
    let channels = color.samples();
    // One loop per pixel layout, so that the common grey PNG costs nothing.
    Ok(match (depth == png::BitDepth::Sixteen, rgb) {
        (false, false) if channels == 1 => buf,
        (false, false) => buf.chunks_exact(channels).map(|px| px[0]).collect(),
        (false, true) => buf
            .chunks_exact(channels)
            .map(|px| luma(px[0].into(), px[1].into(), px[2].into()) as u8)
            .collect(),
        (true, rgb) => buf
            .chunks_exact(2 * channels)
            .map(|px| {
                let s = |i: usize| u32::from(u16::from_be_bytes([px[2 * i], px[2 * i + 1]]));
                let l = if rgb { luma(s(0), s(1), s(2)) } else { s(0) };
                // 16 bits round to 8: round(l * 255 / 65535).
                ((l + 128) / 257) as u8
            })
            .collect(),
    })
}

fn load_jpeg(bytes: &[u8], w: u32, h: u32) -> Result<Vec<u8>, Error> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .set_strict_mode(false)
        .set_max_width(w as usize)
        .set_max_height(h as usize);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(|_| CORRUPT)?;
    let out = match decoder.input_colorspace() {
        Some(c @ (ColorSpace::Luma | ColorSpace::LumaA | ColorSpace::RGB | ColorSpace::RGBA)) => c,
        _ => ColorSpace::RGB,
    };
    decoder.set_options(decoder.options().jpeg_set_out_colorspace(out));
    let pixels = decoder.decode().map_err(|_| CORRUPT)?;
    let n = out.num_components();
    Ok(match out {
        ColorSpace::Luma => pixels,
        ColorSpace::RGB | ColorSpace::RGBA => pixels
            .chunks_exact(n)
            .map(|px| luma(px[0].into(), px[1].into(), px[2].into()) as u8)
            .collect(),
        _ => pixels.chunks_exact(n).map(|px| px[0]).collect(),
    })
}

/// Width and height from the first JPEG frame header (SOFn), walking the
/// marker segments without decoding anything.
fn jpeg_dimensions(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2; // after SOI
    loop {
        if *b.get(i)? != 0xFF {
            return None;
        }
        let marker = *b.get(i + 1)?;
        i += 2;
        match marker {
            0xFF => i -= 1, // fill byte
            0x01 | 0xD0..=0xD7 => {}
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let h = be32(b.get(i + 3..i + 5)?);
                let w = be32(b.get(i + 5..i + 7)?);
                return Some((w, h));
            }
            0xD9 | 0xDA => return None, // EOI or SOS before any frame
            _ => i += be32(b.get(i..i + 2)?) as usize,
        }
    }
}

fn be32(b: &[u8]) -> u32 {
    b.iter().fold(0, |v, &x| (v << 8) | u32::from(x))
}

/// Tries the reading passes in order of cost, stopping at the first symbol;
/// each pass tries the image as is, then inverted (R-QR-9):
/// 1. rxing's local-threshold binarizer;
/// 2. the same after a 3×3 box filter (recovers noisy images);
/// 3. a global-histogram binarizer (recovers low-contrast images);
/// 4. for images taller than [`FAST_SEARCH_MAX_HEIGHT`], an exhaustive
///    finder-pattern search (finds small symbols in large images, R-QR-8).
///
/// Each later pass decodes images of the robustness set that the earlier
/// ones miss (benches/qr-results).
fn locate(luma: &[u8], w: u32, h: u32) -> Option<Scanned> {
    let hybrid = |pixels: &[u8], exhaustive: bool| {
        let source = Luma8Source::new_with_slice(pixels, w, h).ok()?;
        read_bitmap(BinaryBitmap::new(HybridBinarizer::new(source)), exhaustive)
    };
    let global = || {
        let source = Luma8Source::new_with_slice(luma, w, h).ok()?;
        read_bitmap(
            BinaryBitmap::new(GlobalHistogramBinarizer::new(source)),
            false,
        )
    };
    hybrid(luma, false)
        .or_else(|| hybrid(&smooth(luma, w, h), false))
        .or_else(global)
        .or_else(|| (h > FAST_SEARCH_MAX_HEIGHT).then(|| hybrid(luma, true))?)
}

/// Up to this height rxing's fast finder-pattern search already looks at
/// every third row, the same as the exhaustive one.
const FAST_SEARCH_MAX_HEIGHT: u32 = 4 * 97;

fn read_bitmap<B: Binarizer>(mut bitmap: BinaryBitmap<B>, exhaustive: bool) -> Option<Scanned> {
    for inverted in [false, true] {
        if inverted {
            bitmap.invert();
        }
        if let Some(mut s) = decode_matrix(bitmap.get_black_matrix(), exhaustive) {
            s.inverted = inverted;
            return Some(s);
        }
    }
    None
}

/// 3×3 box filter (edges clamped).
fn smooth(luma: &[u8], w: u32, h: u32) -> Vec<u8> {
    let (w, h) = (w as usize, h as usize);
    let mut rows = vec![0u16; w * h];
    for y in 0..h {
        let r = &luma[y * w..(y + 1) * w];
        for x in 0..w {
            let l = r[x.saturating_sub(1)];
            let c = r[x];
            let rr = r[(x + 1).min(w - 1)];
            rows[y * w + x] = u16::from(l) + u16::from(c) + u16::from(rr);
        }
    }
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        let (a, b, c) = (y.saturating_sub(1), y, (y + 1).min(h - 1));
        for x in 0..w {
            let s = rows[a * w + x] + rows[b * w + x] + rows[c * w + x];
            out[y * w + x] = (s / 9) as u8;
        }
    }
    out
}

/// Finds finder-pattern triples in a binarized image and decodes the first
/// symbol that samples and corrects cleanly.
fn decode_matrix(matrix: &BitMatrix, exhaustive: bool) -> Option<Scanned> {
    let mut patterns = FindFinderPatterns(matrix, exhaustive, 0);
    for set in GenerateFinderPatternSets(&mut patterns) {
        let Ok(detected) = SampleQR(matrix, &set) else {
            continue;
        };
        if let Some(mut s) = decode_bits(detected.getBits()) {
            s.bounds = bounds(detected.getPoints(), matrix.getWidth(), matrix.getHeight());
            return Some(s);
        }
    }
    None
}

/// Decodes a sampled module matrix: text, version, level, and the segment
/// structure from the corrected data codewords.
fn decode_bits(bits: &BitMatrix) -> Option<Scanned> {
    let version = u8::try_from(bits.getWidth().checked_sub(17)? / 4).ok()?;
    // Reading the version information (versions 7 and up) can fail where
    // the sampled size is right; restore it from the size and retry.
    decode_modules(bits).or_else(|| match version {
        7..=40 => decode_modules(&with_version_info(bits, version)),
        _ => None,
    })
}

/// Reads a module matrix as rxing's QR decoder does (format and version
/// information, codewords, Reed-Solomon correction per block, then the same
/// again mirrored), but parses the data bit stream here ([`parse_stream`]):
/// UNIQR needs the segment structure, not rxing's character-set guessing,
/// whose tables (`encoding_rs`) would be a tenth of every app's library.
fn decode_modules(bits: &BitMatrix) -> Option<Scanned> {
    use rxing::qrcode::decoder::BitMatrixParser;
    let mut parser = BitMatrixParser::new(bits.clone()).ok()?;
    if let Some(s) = read_stream(&mut parser) {
        return Some(s);
    }
    parser.remask().ok()?;
    parser.setMirror(true);
    parser.readVersion().ok()?;
    parser.readFormatInformation().ok()?;
    parser.mirror();
    let mut s = read_stream(&mut parser)?;
    s.mirrored = true;
    Some(s)
}

/// One reading: the error-corrected data codewords, parsed.
fn read_stream(parser: &mut rxing::qrcode::decoder::BitMatrixParser) -> Option<Scanned> {
    use rxing::common::reedsolomon::{PredefinedGenericGF, ReedSolomonDecoder};
    use rxing::qrcode::common::ErrorCorrectionLevel;
    use rxing::qrcode::decoder::DataBlock;
    use std::sync::LazyLock;
    static RS: LazyLock<ReedSolomonDecoder> =
        LazyLock::new(|| ReedSolomonDecoder::new(PredefinedGenericGF::QrCodeField256.into()));

    let version = parser.readVersion().ok()?;
    let level = parser
        .readFormatInformation()
        .ok()?
        .getErrorCorrectionLevel();
    let codewords = parser.readCodewords().ok()?;
    let mut data = Vec::new();
    for block in DataBlock::getDataBlocks(&codewords, version, level).ok()? {
        let mut words = block.getCodewords().to_vec();
        let n = block.getNumDataCodewords() as usize;
        let ec_words = i32::try_from(words.len().checked_sub(n)?).ok()?;
        RS.decode(&mut words, ec_words).ok()?;
        data.extend_from_slice(words.get(..n)?);
    }
    let version = u8::try_from(version.getVersionNumber()).ok()?;
    let (mode, text) = parse_stream(&data, version)?;
    let ec_level = match level {
        ErrorCorrectionLevel::L => 'L',
        ErrorCorrectionLevel::M => 'M',
        ErrorCorrectionLevel::Q => 'Q',
        ErrorCorrectionLevel::H => 'H',
        ErrorCorrectionLevel::Invalid => return None,
    };
    Some(Scanned {
        text,
        mode,
        version,
        ec_level,
        bounds: BoundingBox::default(),
        inverted: false,
        mirrored: false,
    })
}

/// The module matrix with both version information blocks rewritten for
/// `version` (ISO/IEC 18004 §7.10: BCH(18,6), generator 0x1F25).
fn with_version_info(bits: &BitMatrix, version: u8) -> BitMatrix {
    let info = version_info(version);
    let mut b = bits.clone();
    let dim = b.getWidth();
    for k in 0..18 {
        let (a, c) = (k / 3, dim - 11 + k % 3);
        for (x, y) in [(c, a), (a, c)] {
            if (info >> k) & 1 == 1 {
                b.set(x, y);
            } else {
                b.unset(x, y);
            }
        }
    }
    b
}

fn version_info(version: u8) -> u32 {
    let v = u32::from(version);
    let mut rem = v << 12;
    for i in (12..18).rev() {
        if rem & (1 << i) != 0 {
            rem ^= 0x1F25 << (i - 12);
        }
    }
    (v << 12) | rem
}

fn bounds(points: &[rxing::Point], w: u32, h: u32) -> BoundingBox {
    if points.is_empty() {
        return BoundingBox::default();
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for p in points {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    // rxing's corners are pixel centres (+0.5). `as` saturates: NaN and
    // negatives become 0.
    let clip = |v: f32, max: u32| ((v - 0.5).round() as u32).min(max);
    let (x0, y0) = (clip(x0, w), clip(y0, h));
    let (x1, y1) = (clip(x1, w), clip(y1, h));
    BoundingBox {
        x: x0,
        y: y0,
        width: x1.saturating_sub(x0),
        height: y1.saturating_sub(y0),
    }
}

/// The segment structure of a data bit stream ([`parse_stream`]).
#[cfg(test)]
pub(crate) fn segments(data: &[u8], version: u8) -> Option<SegmentMode> {
    parse_stream(data, version).map(|(mode, _)| mode)
}

/// The QR alphanumeric character set, by value (ISO/IEC 18004 Table 5).
const ALPHANUMERIC: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Parses a QR Model 2 data bit stream (ISO/IEC 18004:2015 §7.4): the
/// segment structure and the text. `None` if it is malformed (a value out
/// of range, a count past the end, an unknown mode). Numeric, alphanumeric
/// and byte segments give their characters (bytes as UTF-8 when valid,
/// else ISO-8859-1); Kanji and Hanzi characters, which no conforming code
/// carries, read as U+FFFD.
fn parse_stream(data: &[u8], version: u8) -> Option<(SegmentMode, String)> {
    let mut r = BitReader { data, pos: 0 };
    let size = match version {
        1..=9 => 0,
        10..=26 => 1,
        _ => 2,
    };
    let mut text = String::new();
    let mut found: Option<SegmentMode> = None;
    let mut count = 0usize;
    let mut extra = false;
    while r.left() >= 4 {
        let mode = r.read(4)?;
        let kind = match mode {
            0b0000 => break,
            0b0001 => SegmentMode::Numeric,
            0b0010 => SegmentMode::Alphanumeric,
            0b0100 => SegmentMode::Byte,
            0b1000 => SegmentMode::Kanji,
            0b1101 => {
                r.read(4)?; // Hanzi subset
                SegmentMode::Hanzi
            }
            0b0111 => {
                let first = r.read(8)?;
                let more = if first & 0x80 == 0 {
                    0
                } else if first & 0xC0 == 0x80 {
                    8
                } else if first & 0xE0 == 0xC0 {
                    16
                } else {
                    return None;
                };
                r.read(more)?;
                extra = true;
                continue;
            }
            0b0011 => {
                r.read(16)?;
                extra = true;
                continue;
            }
            0b0101 => {
                extra = true;
                continue;
            }
            0b1001 => {
                r.read(8)?;
                extra = true;
                continue;
            }
            _ => return None,
        };
        let count_bits = match kind {
            SegmentMode::Numeric => [10, 12, 14][size],
            SegmentMode::Alphanumeric => [9, 11, 13][size],
            SegmentMode::Byte => [8, 16, 16][size],
            _ => [8, 10, 12][size],
        };
        let n = r.read(count_bits)? as usize;
        match kind {
            SegmentMode::Numeric => {
                for group in (0..n).step_by(3) {
                    let digits = (n - group).min(3);
                    let v = r.read([0, 4, 7, 10][digits])?;
                    if v >= [1, 10, 100, 1000][digits] {
                        return None;
                    }
                    text.push_str(&format!("{v:0digits$}"));
                }
            }
            SegmentMode::Alphanumeric => {
                for _ in 0..n / 2 {
                    let v = r.read(11)? as usize;
                    text.push(char::from(*ALPHANUMERIC.get(v / 45)?));
                    text.push(char::from(*ALPHANUMERIC.get(v % 45)?));
                }
                if n % 2 == 1 {
                    text.push(char::from(*ALPHANUMERIC.get(r.read(6)? as usize)?));
                }
            }
            SegmentMode::Byte => {
                let bytes = (0..n)
                    .map(|_| r.read(8).map(|b| b as u8))
                    .collect::<Option<Vec<u8>>>()?;
                match std::str::from_utf8(&bytes) {
                    Ok(s) => text.push_str(s),
                    Err(_) => text.extend(bytes.iter().map(|&b| char::from(b))),
                }
            }
            _ => {
                r.skip(13 * n)?;
                text.extend(std::iter::repeat_n('\u{FFFD}', n));
            }
        }
        count += 1;
        found = Some(kind);
    }
    let mode = match (count, extra, found) {
        (0, false, _) => SegmentMode::Empty,
        (1, false, Some(kind)) => kind,
        _ => SegmentMode::Mixed,
    };
    Some((mode, text))
}

struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl BitReader<'_> {
    fn left(&self) -> usize {
        (self.data.len() * 8).saturating_sub(self.pos)
    }

    fn read(&mut self, n: usize) -> Option<u32> {
        if n > 32 || n > self.left() {
            return None;
        }
        let mut v = 0u32;
        for _ in 0..n {
            let byte = self.data[self.pos / 8];
            v = (v << 1) | u32::from((byte >> (7 - self.pos % 8)) & 1);
            self.pos += 1;
        }
        Some(v)
    }

    fn skip(&mut self, n: usize) -> Option<()> {
        if n > self.left() {
            return None;
        }
        self.pos += n;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `image` makes of the same file.
    fn image_luma(bytes: &[u8]) -> Vec<u8> {
        image::load_from_memory(bytes)
            .unwrap()
            .into_luma8()
            .into_raw()
    }

    /// A PNG of `w`×2 pixels in a colour type and depth, with varied samples.
    fn png_of(color: png::ColorType, depth: png::BitDepth) -> Vec<u8> {
        let w = 7u32;
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, w, 2);
        e.set_color(color);
        e.set_depth(depth);
        if color == png::ColorType::Indexed {
            e.set_palette(
                (0..=255u8)
                    .flat_map(|i| [i, 255 - i, i / 3])
                    .collect::<Vec<_>>(),
            );
        }
        let bits = color.samples() * depth as usize * w as usize;
        let row = bits.div_ceil(8);
        let data: Vec<u8> = (0..row * 2).map(|i| (i * 97 + 13) as u8).collect();
        let mut wr = e.write_header().unwrap();
        wr.write_image_data(&data).unwrap();
        wr.finish().unwrap();
        out
    }

    #[test]
    fn grey_levels_match_the_image_crate() {
        use png::{BitDepth as D, ColorType as C};
        for (c, d) in [
            (C::Grayscale, D::One),
            (C::Grayscale, D::Four),
            (C::Grayscale, D::Eight),
            (C::Grayscale, D::Sixteen),
            (C::GrayscaleAlpha, D::Eight),
            (C::GrayscaleAlpha, D::Sixteen),
            (C::Rgb, D::Eight),
            (C::Rgb, D::Sixteen),
            (C::Rgba, D::Eight),
            (C::Rgba, D::Sixteen),
            (C::Indexed, D::Two),
            (C::Indexed, D::Eight),
        ] {
            let file = png_of(c, d);
            let (grey, _, _) = load(&file).unwrap();
            assert_close(&grey, &image_luma(&file), &format!("{c:?} {d:?}"));
        }
        // Every image of the robustness set, PNG and JPEG, colour and grey.
        let set = crate::degrade::robustness_set(1).unwrap();
        let jpegs = set
            .iter()
            .filter(|s| s.image.starts_with(&[0xFF, 0xD8]))
            .count();
        assert!(jpegs > 0);
        for sample in &set {
            let (grey, _, _) = load(&sample.image).unwrap();
            assert_close(&grey, &image_luma(&sample.image), &sample.file);
        }
    }

    /// Same size, and every grey level within one of `image`'s.
    fn assert_close(ours: &[u8], theirs: &[u8], what: &str) {
        assert_eq!(ours.len(), theirs.len(), "{what}");
        let worst = ours.iter().zip(theirs).map(|(a, b)| a.abs_diff(*b)).max();
        assert!(worst <= Some(1), "{what}: grey levels differ by {worst:?}");
    }
    use crate::{Segments, Symbol};

    fn data_codewords(text: &str, segs: Segments) -> (Vec<u8>, u8) {
        let sym = Symbol::build(text, segs, 1, None).unwrap();
        let version = qrcode::Version::Normal(i16::from(sym.version()));
        let mut bits = qrcode::bits::Bits::new(version);
        match segs {
            Segments::Alphanumeric => bits.push_alphanumeric_data(text.as_bytes()).unwrap(),
            Segments::Byte => bits.push_byte_data(text.as_bytes()).unwrap(),
            _ => bits.push_optimal_data(text.as_bytes()).unwrap(),
        }
        bits.push_terminator(qrcode::EcLevel::Q).unwrap();
        (bits.into_bytes(), sym.version())
    }

    #[test]
    fn version_information_matches_iso_18004_annex_d() {
        assert_eq!(version_info(7), 0x07C94);
        assert_eq!(version_info(21), 0x15683);
        assert_eq!(version_info(40), 0x28C69);
    }

    #[test]
    fn segment_walker_classifies_modes() {
        let (d, v) = data_codewords("UQ1:ABC 123", Segments::Alphanumeric);
        assert_eq!(segments(&d, v), Some(SegmentMode::Alphanumeric));
        let (d, v) = data_codewords("UQ1:ABC 123", Segments::Byte);
        assert_eq!(segments(&d, v), Some(SegmentMode::Byte));
        let (d, v) = data_codewords("UQ1:A1234567890123456789", Segments::Optimized);
        assert_eq!(segments(&d, v), Some(SegmentMode::Mixed));
        assert_eq!(segments(&[0, 0], 1), Some(SegmentMode::Empty));
        assert_eq!(segments(&[0b1111_0000], 1), None);
    }
}
