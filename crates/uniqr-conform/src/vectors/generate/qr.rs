//! QR image cases: clean renders of every valid shape, degraded images that
//! must decode, symbols of the wrong mode, and unreadable files (R-QR-*).

use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

use super::{Gen, examples};
use crate::vectors::{Case, Expected, Input, Op};
use uniqr::error::Error;
use uniqr::payload::Payload;
use uniqr_qr::{self as qr, RenderOptions};

/// A scan_verify case on an image file added to the suite.
#[allow(clippy::too_many_arguments)]
fn case(
    g: &mut Gen,
    cat: &str,
    id: &str,
    title: &str,
    reqs: &[&str],
    image: Vec<u8>,
    jpeg: bool,
    expected: Expected,
) {
    let path = format!("images/{id}.{}", if jpeg { "jpg" } else { "png" });
    g.file(&path, image);
    g.case(Case {
        id: id.into(),
        title: title.into(),
        category: cat.into(),
        requirements: reqs.iter().map(|r| (*r).into()).collect(),
        op: Op::ScanVerify,
        input: Input {
            image: Some(path),
            ..Input::default()
        },
        context: Some(super::default_context()),
        expected,
    });
}

fn valid(g: &Gen, id: &str, p: &Payload) -> Expected {
    Expected {
        valid: true,
        payload: serde_json::to_value(p).ok(),
        claims: serde_json::to_value(g.claims(id)).ok(),
        ..Expected::default()
    }
}

fn invalid(code: &str) -> Expected {
    Expected {
        valid: false,
        error: Some(code.into()),
        ..Expected::default()
    }
}

pub(super) fn cases(g: &mut Gen) -> Result<(), Error> {
    let small = RenderOptions {
        module_px: 4,
        ..RenderOptions::default()
    };
    // Clean renders of every example, both algorithms for the sample.
    for (name, p) in examples() {
        let id = format!("qr-clean-{name}");
        let text = g.code(&g.k.es, &id, &p);
        let png = qr::render_png(&text, &small)?;
        let exp = valid(g, &id, &p);
        case(
            g,
            "qr-clean",
            &id,
            &format!("clean rendering of {name}"),
            &["R-QR-1", "R-QR-2", "R-QR-3", "R-QR-4", "R-QR-5", "R-QR-10"],
            png,
            false,
            exp,
        );
    }
    let p = g.payload();
    let id = "qr-clean-eddsa";
    let text = g.code(&g.k.ed, id, &p);
    let png = qr::render_png(&text, &small)?;
    let exp = valid(g, id, &p);
    case(
        g,
        "qr-clean",
        id,
        "clean rendering of an EdDSA code",
        &["R-QR-1", "R-QR-5"],
        png,
        false,
        exp,
    );

    // Degradations a verifier must read (R-QR-13).
    for (i, (class, expect)) in qr::degrade::CLASSES.iter().enumerate() {
        let reqs: &[&str] = match *class {
            "mask-version" => &["R-QR-6", "R-QR-13"],
            "rot15" | "rot45" | "rot90" | "tilt" => &["R-QR-7", "R-QR-13"],
            "scale2px" | "photo" => &["R-QR-8", "R-QR-13"],
            "small-in-large" => &["R-QR-8", "R-QR-13", "R-LIM-6"],
            "inverted" => &["R-QR-9", "R-QR-13"],
            "byte-mode" | "split-segments" => &["R-QR-10", "R-QR-13"],
            "cropped" | "no-symbol" => &["R-QR-11", "R-QR-13"],
            _ => &["R-QR-13"],
        };
        let slug: String = class
            .chars()
            .map(|c| if c == '.' { '-' } else { c })
            .collect();
        let (cat, exp_fn): (&str, Option<&str>) = match expect {
            qr::degrade::Expect::Decode => ("qr-degraded", None),
            qr::degrade::Expect::Reject(code) if code.starts_with("QR_MODE") => {
                ("qr-mode", Some(code))
            }
            qr::degrade::Expect::Reject(code) => ("qr-unreadable", Some(code)),
            // Optional classes have no definite expectation: not a vector.
            qr::degrade::Expect::Optional => continue,
        };
        if *class == "clean" {
            continue;
        }
        let id = format!("qr-{slug}");
        let text = g.code(&g.k.es, &id, &p);
        let mut rng = ChaCha8Rng::seed_from_u64(super::SEED ^ i as u64);
        let (image, jpeg) = qr::degrade::make(class, &text, &mut rng)?;
        let exp = match exp_fn {
            None => valid(g, &id, &p),
            Some(code) => invalid(code),
        };
        case(
            g,
            cat,
            &id,
            &format!("{class}: the typical code, degraded"),
            reqs,
            image,
            jpeg,
            exp,
        );
    }

    // R-QR-10: each other way to put the same characters in a symbol.
    let modes: [(&str, &str, qr::Segments); 5] = [
        (
            "qr-numeric-run",
            "the first digit run of the text in a numeric segment between two alphanumeric ones",
            qr::Segments::NumericRun,
        ),
        (
            "qr-eci-utf8",
            "an ECI header (designator 26, UTF-8) before the alphanumeric segment",
            qr::Segments::Eci(26),
        ),
        (
            "qr-fnc1-first",
            "an FNC1 first-position header before the alphanumeric segment",
            qr::Segments::Fnc1First,
        ),
        (
            "qr-kanji-segment",
            "a one-character Kanji segment before the alphanumeric segment",
            qr::Segments::KanjiFirst,
        ),
        (
            "qr-structured-append",
            "a structured append header (symbol 1 of 2) before the alphanumeric segment",
            qr::Segments::StructuredAppend,
        ),
    ];
    for (id, title, segments) in modes {
        let text = g.code(&g.k.es, id, &p);
        let png = qr::Symbol::build(&text, segments, 1, None)?.to_png(&small)?;
        case(
            g,
            "qr-mode",
            id,
            title,
            &["R-QR-10"],
            png,
            false,
            invalid("QR_MODE_INVALID"),
        );
    }

    // Files that are not readable images.
    let text = g.code(&g.k.es, "qr-files", &p);
    let png = qr::render_png(&text, &small)?;
    type File<'a> = (&'a str, &'a str, Vec<u8>, &'a str, &'a [&'a str]);
    let files: [File<'_>; 5] = [
        (
            "qr-file-truncated-png",
            "a PNG cut in half",
            png[..png.len() / 2].to_vec(),
            "QR_UNREADABLE",
            &["R-QR-11"],
        ),
        (
            "qr-file-empty",
            "an empty file",
            Vec::new(),
            "QR_UNREADABLE",
            &["R-QR-11"],
        ),
        (
            "qr-file-not-an-image",
            "the QR text itself instead of an image",
            text.clone().into_bytes(),
            "QR_UNREADABLE",
            &["R-QR-11"],
        ),
        (
            "qr-file-blank-white",
            "a white image without a symbol",
            blank_png(),
            "QR_UNREADABLE",
            &["R-QR-11"],
        ),
        (
            "qr-file-pixel-bomb",
            "a PNG header declaring 100000 x 100000 pixels",
            pixel_bomb(),
            "TOO_LARGE",
            &["R-LIM-6", "R-QR-12"],
        ),
    ];
    for (id, title, bytes, code, reqs) in files {
        case(
            g,
            "qr-unreadable",
            id,
            title,
            reqs,
            bytes,
            false,
            invalid(code),
        );
    }
    Ok(())
}

fn blank_png() -> Vec<u8> {
    qr::degrade::Gray::filled(120, 120, 255).png()
}

/// A PNG whose IHDR declares 100000 x 100000 pixels, with a tiny IDAT: the
/// size must be refused from the header, before any pixel is decoded.
fn pixel_bomb() -> Vec<u8> {
    let mut png = qr::degrade::Gray::filled(8, 8, 255).png();
    // IHDR width and height live at bytes 16..24; its CRC at 29..33.
    if png.len() > 33 {
        png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
    }
    png
}

/// CRC-32 (ISO 3309) as PNG chunks use it.
fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}
