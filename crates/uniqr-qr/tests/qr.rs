//! The QR symbol layer: rendering, scanning, the robustness set and hostile
//! image files (the commands are tested in crate `uniqr-cli`).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use qrcode::bits::Bits;
use qrcode::{EcLevel, QrCode, Version};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use uniqr::error::{Error, Limit, QrError};
use uniqr::{Alg, Payload, demo};
use uniqr_qr::degrade::{self, Expect, Gray};
use uniqr_qr::{self as qr, RenderOptions, SegmentMode, Segments, Symbol};

/// Every example payload, signed with the demo ES256 key at fixed claims.
fn example_texts() -> Vec<(String, String)> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("examples/payloads");
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let payload = Payload::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let text = uniqr::encode(&payload, &demo::signer(Alg::Es256), &demo::sample_claims())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push((path.display().to_string(), text));
    }
    assert!(out.len() >= 5, "expected the example payloads");
    out
}

fn code(r: Result<qr::Scanned, Error>) -> &'static str {
    match r {
        Ok(_) => "OK",
        Err(e) => e.code(),
    }
}

#[test]
fn png_render_scans_back_to_the_same_text_for_every_example_payload() {
    for (name, text) in example_texts() {
        let png = qr::render_png(&text, &RenderOptions::default()).unwrap();
        let s = qr::scan(&png).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(s.text, text, "{name}");
        assert_eq!(s.mode, SegmentMode::Alphanumeric, "{name}");
        assert_eq!(s.ec_level, 'Q', "{name}");
        assert_eq!(s.version, Symbol::new(&text).unwrap().version(), "{name}");
        assert!(!s.inverted && !s.mirrored, "{name}");
        // 8 px modules and a 4-module quiet zone: the symbol starts at 32 px.
        let side = (usize::from(s.version) * 4 + 17) as u32 * 8;
        assert_eq!(
            (s.bounds.x, s.bounds.y, s.bounds.width, s.bounds.height),
            (32, 32, side, side),
            "{name}"
        );
    }
}

/// Rasterizes the SVG that `render_svg` writes (a background rect and one
/// path of `M{x},{y}h{n}v1h-{n}z` runs in module units) at `px` per module.
fn rasterize_own_svg(svg: &str, px: u32) -> Gray {
    let attr = |name: &str| -> &str {
        let start = svg.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        &svg[start..start + svg[start..].find('"').unwrap()]
    };
    let n: u32 = attr("viewBox").split(' ').nth(2).unwrap().parse().unwrap();
    let mut g = Gray::filled(n * px, n * px, 255);
    for run in attr("d").split('M').filter(|r| !r.is_empty()) {
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(',').unwrap();
        let (x, y): (u32, u32) = (x.parse().unwrap(), y.parse().unwrap());
        let len: u32 = rest.split_once('v').unwrap().0.parse().unwrap();
        assert_eq!(rest, format!("{len}v1h-{len}z"), "unexpected path syntax");
        for py in y * px..(y + 1) * px {
            for pxl in x * px..(x + len) * px {
                g.pixels[(py * n * px + pxl) as usize] = 0;
            }
        }
    }
    g
}

#[test]
fn svg_render_scans_back_to_the_same_text_for_every_example_payload() {
    for (name, text) in example_texts() {
        let svg = qr::render_svg(&text, &RenderOptions::default()).unwrap();
        let sym = Symbol::new(&text).unwrap();
        let n = sym.width() + 8;
        assert!(svg.contains(&format!("width=\"{}\"", n * 8)), "{name}");
        let img = rasterize_own_svg(&svg, 3);
        assert_eq!(
            img,
            Gray::from_symbol(&sym, 3),
            "{name}: SVG and PNG differ"
        );
        let s = qr::scan(&img.png()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(s.text, text, "{name}");
    }
}

#[test]
fn symbol_is_one_alphanumeric_segment_in_the_smallest_version_at_level_q() {
    let text = demo::sample_text().unwrap();
    let sym = Symbol::new(&text).unwrap();
    let fits = |v: u8| {
        let mut bits = Bits::new(Version::Normal(i16::from(v)));
        bits.push_alphanumeric_data(text.as_bytes()).is_ok()
            && bits.push_terminator(EcLevel::Q).is_ok()
    };
    assert!(fits(sym.version()) && !fits(sym.version() - 1));
    // Same modules as the qrcode crate makes from the same bit stream, so
    // the same mask wins the penalty score.
    let mut bits = Bits::new(Version::Normal(i16::from(sym.version())));
    bits.push_alphanumeric_data(text.as_bytes()).unwrap();
    bits.push_terminator(EcLevel::Q).unwrap();
    let reference = QrCode::with_bits(bits, EcLevel::Q).unwrap();
    assert_eq!(reference.width(), sym.width());
    for y in 0..sym.width() {
        for x in 0..sym.width() {
            assert_eq!(
                reference[(x, y)] == qrcode::Color::Dark,
                sym.is_dark(x, y),
                "module ({x}, {y})"
            );
        }
    }
}

#[test]
fn text_outside_the_alphanumeric_set_or_too_long_is_not_encodable() {
    let bad = Error::Qr(QrError::TextNotEncodable);
    for text in ["uq1:abc", "UQ1:ÄB", "UQ1:A\nB", "UQ1:A_B"] {
        assert_eq!(
            qr::render_png(text, &RenderOptions::default()),
            Err(bad),
            "{text:?}"
        );
        assert_eq!(
            qr::render_svg(text, &RenderOptions::default()),
            Err(bad),
            "{text:?}"
        );
    }
    // 2420 characters fill version 40 at level Q; one more does not fit.
    let full = "A".repeat(2420);
    assert_eq!(Symbol::new(&full).unwrap().version(), 40);
    assert_eq!(Symbol::new(&format!("{full}A")), Err(bad));
}

#[test]
fn render_options_are_clamped_to_the_spec() {
    let text = "UQ1:ABC";
    let sym = Symbol::new(text).unwrap();
    let png = qr::render_png(
        text,
        &RenderOptions {
            module_px: 0,
            quiet_zone: 1,
        },
    )
    .unwrap();
    let img = image::load_from_memory(&png).unwrap();
    let side = (sym.width() + 8) as u32;
    assert_eq!((img.width(), img.height()), (side, side));
    let huge = RenderOptions {
        module_px: 1000,
        quiet_zone: 1000,
    };
    let (_, side) = sym.to_luma(&huge);
    assert_eq!(side as usize, (sym.width() + 32) * 32);
}

fn robustness_set() -> &'static [degrade::Sample] {
    static SET: OnceLock<Vec<degrade::Sample>> = OnceLock::new();
    SET.get_or_init(|| degrade::robustness_set(1).unwrap())
}

#[test]
fn robustness_set_meets_every_expectation() {
    let set = robustness_set();
    assert_eq!(set.len(), degrade::CLASSES.len() * 3);
    let mut failures = Vec::new();
    for s in set {
        let got = qr::scan(&s.image);
        let ok = match (s.expect, &got) {
            (Expect::Decode, Ok(r)) => r.text == s.text,
            (Expect::Decode, Err(_)) => false,
            (Expect::Reject(c), r) => code(r.clone()) == c,
            (Expect::Optional, Ok(r)) => r.text == s.text,
            (Expect::Optional, Err(e)) => e.code() == "QR_UNREADABLE",
        };
        if !ok {
            let got = got.map(|r| r.mode);
            failures.push(format!(
                "{}: expected {}, got {got:?}",
                s.file,
                s.expect.label()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn robustness_set_is_deterministic() {
    let set = robustness_set();
    // Regenerate the classes that use the random generator most.
    for class in ["noise", "damage10", "photo", "no-symbol"] {
        let ci = degrade::CLASSES
            .iter()
            .position(|(c, _)| *c == class)
            .unwrap();
        let again = degrade::sample(ci, 1, 0).unwrap().unwrap();
        let first = set.iter().find(|s| s.file == again.file).unwrap();
        assert!(first.image == again.image, "{class} differs between runs");
    }
    assert!(
        degrade::sample(degrade::CLASSES.len(), 0, 0)
            .unwrap()
            .is_none()
    );
}

#[test]
fn byte_mode_and_split_symbols_are_rejected_as_mode_invalid() {
    let text = "UQ1:ABC123456789012345678901234567890DEF";
    for (segments, mode) in [
        (Segments::Byte, SegmentMode::Byte),
        (Segments::SplitAlphanumeric(4), SegmentMode::Mixed),
        // The crate's optimizer puts the digit run in a numeric segment.
        (Segments::Optimized, SegmentMode::Mixed),
    ] {
        let png = Symbol::build(text, segments, 1, None)
            .unwrap()
            .to_png(&RenderOptions::default())
            .unwrap();
        assert_eq!(
            qr::scan(&png),
            Err(Error::Qr(QrError::ModeInvalid)),
            "{segments:?}"
        );
        let read = qr::read(&png).unwrap();
        assert_eq!(
            (read.text.as_str(), read.mode),
            (text, mode),
            "{segments:?}"
        );
    }
}

#[test]
fn any_mask_and_any_larger_version_are_accepted() {
    let text = "UQ1:MASKS AND VERSIONS";
    for mask in 0..8 {
        let sym = Symbol::build(text, Segments::Alphanumeric, 3 + mask, Some(mask)).unwrap();
        let png = sym
            .to_png(&RenderOptions {
                module_px: 3,
                quiet_zone: 4,
            })
            .unwrap();
        let s = qr::scan(&png).unwrap_or_else(|e| panic!("mask {mask}: {e}"));
        assert_eq!((s.text.as_str(), s.version), (text, 3 + mask));
    }
}

/// A PNG signature and IHDR chunk declaring `w`×`h` 8-bit grey pixels.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&w.to_be_bytes());
    chunk.extend_from_slice(&h.to_be_bytes());
    chunk.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&chunk);
    png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    png
}

#[test]
fn oversized_image_is_too_large_before_any_pixel_is_decoded() {
    let too_large = Err(Error::TooLarge(Limit::ImagePixels));
    assert_eq!(qr::scan(&png_header(100_000, 100_000)), too_large);
    // Just over the limit; the header alone says so.
    let side = (uniqr::limits::MAX_IMAGE_PIXELS as f64).sqrt() as u32 + 1;
    assert_eq!(qr::scan(&png_header(side, side)), too_large);
    // JPEG: the frame header (SOF0) says 65535×65535.
    let jpeg = b"\xFF\xD8\xFF\xC0\x00\x0B\x08\xFF\xFF\xFF\xFF\x01\x01\x11\x00\xFF\xD9";
    assert_eq!(qr::scan(jpeg), too_large);
    // Under the limit the header passes, and the missing pixel data is corrupt.
    assert_eq!(
        qr::scan(&png_header(1000, 1000)),
        Err(Error::Qr(QrError::ImageCorrupt))
    );
}

#[test]
fn corrupt_truncated_and_non_image_files_are_unreadable_without_panic() {
    let png = qr::render_png(
        "UQ1:HOSTILE INPUT",
        &RenderOptions {
            module_px: 2,
            quiet_zone: 4,
        },
    )
    .unwrap();
    let jpeg = Gray::from_symbol(&Symbol::new("UQ1:HOSTILE INPUT").unwrap(), 2).jpeg(80);
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut random = vec![0u8; 4096];
    rng.fill_bytes(&mut random);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty file", Vec::new()),
        ("random bytes", random),
        ("text file", b"UQ1:NOT AN IMAGE".to_vec()),
        ("GIF header", b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec()),
        ("PNG signature only", png[..8].to_vec()),
        ("truncated PNG", png[..png.len() / 2].to_vec()),
        ("truncated JPEG", jpeg[..jpeg.len() / 2].to_vec()),
        ("blank PNG", Gray::filled(200, 200, 255).png()),
    ];
    for (name, bytes) in cases {
        assert_eq!(code(qr::scan(&bytes)), "QR_UNREADABLE", "{name}");
    }
    // Random byte flips in valid files: any outcome but a panic; a decode
    // must still be the exact text (the error correction is checked).
    for (base, n) in [(&png, 40), (&jpeg, 40)] {
        for _ in 0..n {
            let mut b = base.clone();
            for _ in 0..1 + rng.next_u32() % 8 {
                let i = rng.next_u32() as usize % b.len();
                b[i] ^= 1 << (rng.next_u32() % 8);
            }
            if let Ok(s) = qr::scan(&b) {
                assert_eq!(s.text, "UQ1:HOSTILE INPUT");
            }
        }
    }
}

#[test]
fn inverted_and_rotated_images_decode() {
    let text = demo::sample_text().unwrap();
    let base = Gray::from_symbol(&Symbol::new(&text).unwrap(), 3);
    let inverted = qr::scan(&base.clone().map(|v| 255 - v).png()).unwrap();
    assert!(inverted.inverted);
    assert_eq!(inverted.text, text);
    for deg in [90.0, 180.0, 270.0, 30.0] {
        let s = qr::scan(&base.rotate(deg).png()).unwrap_or_else(|e| panic!("{deg}°: {e}"));
        assert_eq!(s.text, text, "{deg}°");
    }
}
