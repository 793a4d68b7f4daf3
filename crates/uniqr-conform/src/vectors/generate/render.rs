//! Render cases: QR text in, a PNG of its symbol out, judged by reading the
//! symbol back (R-QR-1, R-QR-2, R-QR-3, R-QR-5). Texts of several sizes,
//! texts exactly at a version's level-Q alphanumeric capacity and one
//! character over it (both sides of R-QR-3), the longest drawable text, and
//! texts that cannot be drawn.

use super::{Gen, examples};
use crate::vectors::{Case, Expected, Input, Op};

/// The category of every render case.
const CAT: &str = "render";

/// Level-Q alphanumeric capacities (spec table after R-QR-5) of the
/// versions the boundary cases use.
const CAPACITY: [(u8, usize); 6] = [
    (1, 16),
    (2, 29),
    (10, 221),
    (25, 1041),
    (39, 2298),
    (40, 2420),
];

/// The QR alphanumeric characters (ISO/IEC 18004 Table 5), the Base45
/// alphabet.
const ALPHANUMERIC: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

fn case(g: &mut Gen, id: &str, title: &str, reqs: &[&str], text: String, expected: Expected) {
    g.case(Case {
        id: id.into(),
        title: title.into(),
        category: CAT.into(),
        requirements: reqs.iter().map(|r| (*r).into()).collect(),
        op: Op::Render,
        input: Input {
            text: Some(text),
            ..Input::default()
        },
        context: None,
        expected,
    });
}

fn drawn() -> Expected {
    Expected {
        valid: true,
        ..Expected::default()
    }
}

/// The refusal of a text that cannot be drawn: the reference's
/// `QrError::TextNotEncodable`.
fn refused() -> Expected {
    Expected {
        valid: false,
        error: Some("QR_UNREADABLE".into()),
        ..Expected::default()
    }
}

/// A text of `len` QR alphanumeric characters that starts like a code:
/// `UQ1:` and deterministic characters from the generator.
fn text_of(g: &mut Gen, len: usize) -> String {
    let mut t = String::from("UQ1:");
    t.extend(
        g.bytes(len.saturating_sub(t.len()))
            .into_iter()
            .map(|b| char::from(ALPHANUMERIC[usize::from(b) % ALPHANUMERIC.len()])),
    );
    t.truncate(len);
    t
}

pub(super) fn cases(g: &mut Gen) {
    // The suite's valid codes, small to large.
    let wanted = [
        "identity-only",
        "vaccination-two-doses",
        "all-kinds-russian",
    ];
    for (name, p) in examples().into_iter().filter(|(n, _)| wanted.contains(n)) {
        let id = format!("render-{name}");
        let text = g.code(&g.k.es, &id, &p);
        case(
            g,
            &id,
            &format!("render the code of {name} ({} characters)", text.len()),
            &["R-QR-1", "R-QR-2", "R-QR-3", "R-QR-5"],
            text,
            drawn(),
        );
    }
    let p = g.payload();
    let id = "render-eddsa";
    let text = g.code(&g.k.ed, id, &p);
    case(
        g,
        id,
        "render an EdDSA code",
        &["R-QR-1", "R-QR-2", "R-QR-3", "R-QR-5"],
        text,
        drawn(),
    );

    // Both sides of each chosen version's capacity (R-QR-3); one over
    // version 40's is a text no version holds.
    for (v, cap) in CAPACITY {
        let text = text_of(g, cap + 1);
        let at = text[..cap].to_owned();
        let title = if v == 40 {
            format!("the longest drawable text: {cap} characters, version 40")
        } else {
            format!("{cap} characters, the capacity of version {v}: version {v}")
        };
        case(
            g,
            &format!("render-v{v}-at-capacity"),
            &title,
            &["R-QR-1", "R-QR-2", "R-QR-3"],
            at,
            drawn(),
        );
        if v == 40 {
            case(
                g,
                "render-over-v40-capacity",
                &format!(
                    "{} characters, more than version 40 holds: refused",
                    cap + 1
                ),
                &["R-QR-3"],
                text,
                refused(),
            );
        } else {
            case(
                g,
                &format!("render-v{v}-capacity-plus-one"),
                &format!(
                    "{} characters, one more than version {v} holds: version {}",
                    cap + 1,
                    v + 1
                ),
                &["R-QR-3"],
                text,
                drawn(),
            );
        }
    }

    // Characters outside the QR alphanumeric set cannot be one
    // alphanumeric segment (R-QR-1): refused, never drawn in byte mode.
    let outside = [
        ("lowercase", "a lowercase letter", 'x'),
        ("hash", "'#', ASCII outside the alphanumeric set", '#'),
        ("non-ascii", "a non-ASCII letter", 'É'),
    ];
    for (slug, what, c) in outside {
        let mut text = text_of(g, 40);
        text.insert(20, c);
        case(
            g,
            &format!("render-refused-{slug}"),
            &format!("a text with {what}: refused"),
            &["R-QR-1"],
            text,
            refused(),
        );
    }
}
