//! Both sides of every payload rule: for each boundary the last accepted
//! and the first rejected value, and one case per distinct way to break a
//! rule, each carrying exactly one defect.
//!
//! Text cases cover the six texts of R-PAY-3 (`fn`, `gn`, `nm`, `tc`, `is`,
//! `ci`) with the Unicode classes vendors get wrong: astral characters,
//! combining marks (lengths count code points), non-ASCII white space and
//! controls, format characters, and NFC under the pinned Unicode version of
//! R-CBOR-3.

use serde_json::{Value as J, json};

use super::super::cbor::{body_with_payload, with_payload_json};
use super::super::{Expected, Gen, default_context, raw_map, verify_case};
use super::{rec_entry, remove, set_rec, set_test, test_entry};
use crate::forge;

const INVALID: &str = "PAYLOAD_INVALID";
const NONCANONICAL: &str = "CBOR_NONCANONICAL";
const TOO_LARGE: &str = "TOO_LARGE";

/// Where a value goes in the sample payload.
#[derive(Clone, Copy)]
enum At {
    /// A member of the payload map.
    Top(&'static str),
    /// A member of `nam`.
    Nam(&'static str),
    /// A member of the first vaccination entry.
    V(&'static str),
    /// A member of a lone NAAT test entry that replaces the vaccinations.
    T(&'static str),
    /// A member of a lone recovery entry that replaces the vaccinations.
    R(&'static str),
}

impl At {
    fn set(self, p: &mut J, value: J) {
        match self {
            At::Top(f) => p[f] = value,
            At::Nam(f) => p["nam"][f] = value,
            At::V(f) => p["v"][0][f] = value,
            At::T(f) => set_test(p, f, value),
            At::R(f) => set_rec(p, f, value),
        }
    }
}

type Step = Box<dyn Fn(&mut J)>;

/// One case: the sample payload with some edits, and its verdict.
struct Edit {
    cat: &'static str,
    id: String,
    title: String,
    reqs: &'static [&'static str],
    steps: Vec<Step>,
    /// The expected code; `None` for a valid case.
    error: Option<&'static str>,
}

/// A case rejected with `PAYLOAD_INVALID` until told otherwise.
fn case(
    cat: &'static str,
    id: impl Into<String>,
    title: impl Into<String>,
    reqs: &'static [&'static str],
) -> Edit {
    Edit {
        cat,
        id: id.into(),
        title: title.into(),
        reqs,
        steps: Vec::new(),
        error: Some(INVALID),
    }
}

impl Edit {
    fn set(mut self, at: At, value: J) -> Edit {
        self.steps.push(Box::new(move |p| at.set(p, value.clone())));
        self
    }

    fn with(mut self, f: impl Fn(&mut J) + 'static) -> Edit {
        self.steps.push(Box::new(f));
        self
    }

    fn valid(mut self) -> Edit {
        self.error = None;
        self
    }

    fn code(mut self, code: &'static str) -> Edit {
        self.error = Some(code);
        self
    }
}

fn emit(g: &mut Gen, edits: Vec<Edit>) {
    for e in edits {
        let mut p = super::payload_json(g);
        for step in &e.steps {
            step(&mut p);
        }
        let text = with_payload_json(g, &e.id, &p);
        match e.error {
            Some(code) => g.invalid(e.cat, &e.id, &e.title, e.reqs, text, code),
            None => valid(g, e.cat, &e.id, &e.title, e.reqs, text, p),
        }
    }
}

/// A valid case whose expected payload is the JSON it was encoded from, so
/// that the reference encoder's own rules play no part in making it.
fn valid(g: &mut Gen, cat: &str, id: &str, title: &str, reqs: &[&str], text: String, payload: J) {
    let expected = Expected {
        valid: true,
        payload: Some(payload),
        claims: serde_json::to_value(g.claims(id)).ok(),
        ..Expected::default()
    };
    g.case(verify_case(
        cat,
        id,
        title,
        reqs,
        text,
        default_context(),
        expected,
    ));
}

pub(super) fn cases(g: &mut Gen) {
    let mut all = Vec::new();
    all.extend(text_lengths());
    all.extend(white_space());
    all.extend(unicode_version());
    all.extend(controls_and_format());
    all.extend(scripts());
    all.extend(nfc());
    all.extend(transliterations());
    all.extend(identity());
    all.extend(dates_of_birth());
    all.extend(entry_dates());
    all.extend(date_times());
    all.extend(codes());
    all.extend(countries());
    all.extend(entries_and_doses());
    all.extend(recovery_range());
    all.extend(structure());
    all.extend(limits());
    emit(g, all);
    raw_structure(g);
}

/// The texts of R-PAY-3, each in a payload that holds it: names in `nam`,
/// `nm` and `tc` in a test entry, `is` in a vaccination entry and `ci` in a
/// recovery entry, with a realistic value to edit.
const TEXTS: [(&str, At, &str); 6] = [
    ("fn", At::Nam("fn"), "Nguyễn"),
    ("gn", At::Nam("gn"), "Văn An"),
    ("nm", At::T("nm"), "Roche LightCycler qPCR"),
    ("tc", At::T("tc"), "Bệnh viện Bạch Mai"),
    ("is", At::V("is"), "Bộ Y tế Việt Nam"),
    ("ci", At::R("ci"), "URN:UVCI:01:VN:R-0001"),
];

fn text_at(name: &str) -> At {
    TEXTS
        .iter()
        .find(|t| t.0 == name)
        .map_or(At::Nam("fn"), |t| t.1)
}

const PAY3: &[&str] = &["R-PAY-3"];

/// Lengths count code points (R-PAY-3), not bytes, UTF-16 units or
/// user-perceived characters: 80 on one side, 81 on the other, for each
/// text with a different character width.
fn text_lengths() -> Vec<Edit> {
    let cat = "payload-text";
    let ok_bad = |field: &str, unit: &str, what: &str, id: &str| {
        let at = text_at(field);
        [
            case(
                cat,
                format!("text-{field}-80-{id}-valid"),
                format!("{field} of 80 code points: {what}"),
                PAY3,
            )
            .set(at, json!(unit.repeat(80)))
            .valid(),
            case(
                cat,
                format!("text-{field}-81-{id}"),
                format!("{field} of 81 code points: {what}"),
                PAY3,
            )
            .set(at, json!(unit.repeat(81))),
        ]
    };
    let mut v = Vec::new();
    // The longest valid text, 320 bytes: also the accepted side of R-LIM-4
    // closest to its limit that a valid payload can reach.
    v.push(
        case(
            cat,
            "text-fn-80-astral-valid",
            "fn of 80 code points U+20000, outside the BMP (320 bytes, 160 UTF-16 units)",
            &["R-PAY-3", "R-LIM-4"],
        )
        .set(At::Nam("fn"), json!("\u{20000}".repeat(80)))
        .valid(),
    );
    v.push(
        case(
            cat,
            "text-fn-81-astral",
            "fn of 81 code points U+20000, outside the BMP",
            PAY3,
        )
        .set(At::Nam("fn"), json!("\u{20000}".repeat(81))),
    );
    // "ọ̀" is two code points in NFC: ọ (U+1ECD) then U+0300.
    let pair = "\u{1ECD}\u{300}";
    v.push(
        case(
            cat,
            "text-gn-80-combining-valid",
            "gn of 80 code points: 40 letters ọ each followed by U+0300, which NFC keeps separate",
            PAY3,
        )
        .set(At::Nam("gn"), json!(pair.repeat(40)))
        .valid(),
    );
    v.push(
        case(
            cat,
            "text-gn-81-combining",
            "gn of 81 code points but 41 letters: 40 ọ each followed by U+0300, then ọ",
            PAY3,
        )
        .set(At::Nam("gn"), json!(format!("{}\u{1ECD}", pair.repeat(40)))),
    );
    v.extend(ok_bad("nm", "N", "ASCII letters", "ascii"));
    v.extend(ok_bad(
        "tc",
        "\u{1F3E5}",
        "emoji U+1F3E5 HOSPITAL, outside the BMP",
        "emoji",
    ));
    v.extend(ok_bad("is", "Д", "Cyrillic letters of 2 bytes", "cyrillic"));
    v.extend(ok_bad(
        "ci",
        "U",
        "ASCII letters, in a recovery entry",
        "ascii",
    ));
    // The lower bound: one code point is enough, none is not.
    v.push(
        case(
            cat,
            "text-gn-one-astral-valid",
            "gn of one code point U+20BB7 (4 bytes, 2 UTF-16 units)",
            PAY3,
        )
        .set(At::Nam("gn"), json!("\u{20BB7}"))
        .valid(),
    );
    v.push(
        case(cat, "text-ci-one-char-valid", "ci of one character", PAY3)
            .set(At::R("ci"), json!("1"))
            .valid(),
    );
    for field in ["gn", "tc", "ci"] {
        v.push(
            case(
                cat,
                format!("text-{field}-empty"),
                format!("empty {field} (omit an optional text instead)"),
                PAY3,
            )
            .set(text_at(field), json!("")),
        );
    }
    v
}

/// White_Space characters outside ASCII that are not controls; U+0085 is
/// both, and is a control case. U+2000 EN QUAD and U+2001 EM QUAD are not
/// here: NFC maps them to U+2002 and U+2003, so a text holding them fails
/// R-CBOR-3 first (see `NFC_SINGLETONS`).
const WHITE_SPACE: [(char, &str); 16] = [
    ('\u{A0}', "NO-BREAK SPACE"),
    ('\u{1680}', "OGHAM SPACE MARK"),
    ('\u{2002}', "EN SPACE"),
    ('\u{2003}', "EM SPACE"),
    ('\u{2004}', "THREE-PER-EM SPACE"),
    ('\u{2005}', "FOUR-PER-EM SPACE"),
    ('\u{2006}', "SIX-PER-EM SPACE"),
    ('\u{2007}', "FIGURE SPACE"),
    ('\u{2008}', "PUNCTUATION SPACE"),
    ('\u{2009}', "THIN SPACE"),
    ('\u{200A}', "HAIR SPACE"),
    ('\u{2028}', "LINE SEPARATOR"),
    ('\u{2029}', "PARAGRAPH SEPARATOR"),
    ('\u{202F}', "NARROW NO-BREAK SPACE"),
    ('\u{205F}', "MEDIUM MATHEMATICAL SPACE"),
    ('\u{3000}', "IDEOGRAPHIC SPACE"),
];

/// R-CBOR-3 pins NFC to Unicode 18.0.0. U+1ADD (assigned in Unicode 17.0)
/// has combining class 220, so it sorts before U+0301 (class 230) and
/// does not block the composition of `a` and U+0301; an implementation on
/// an older database sees an unassigned starter and judges both of the
/// invalid texts below NFC.
/// U+0378 is unassigned in 18.0.0: a starter that NFC leaves as it is.
fn unicode_version() -> Vec<Edit> {
    let cat = "payload-text";
    let reqs: &'static [&'static str] = &["R-CBOR-3"];
    vec![
        case(
            cat,
            "text-nm-recent-mark-misordered-not-nfc",
            "nm with x, U+0301 (class 230), then U+1ADD (class 220, Unicode 17.0): not NFC in Unicode 18.0.0",
            reqs,
        )
        .set(At::T("nm"), json!("Roche x\u{301}\u{1ADD} qPCR"))
        .code("CBOR_NONCANONICAL"),
        case(
            cat,
            "text-nm-recent-mark-uncomposed-not-nfc",
            "nm with a, U+1ADD, then U+0301: NFC composes a and U+0301 across the class-220 mark",
            reqs,
        )
        .set(At::T("nm"), json!("Roche a\u{1ADD}\u{301} qPCR"))
        .code("CBOR_NONCANONICAL"),
        case(
            cat,
            "text-nm-recent-mark-nfc-valid",
            "nm with U+00E1 then U+1ADD: the NFC form in Unicode 18.0.0",
            reqs,
        )
        .set(At::T("nm"), json!("Roche \u{E1}\u{1ADD} qPCR"))
        .valid(),
        case(
            cat,
            "text-nm-unassigned-code-point-valid",
            "nm with U+0378, unassigned in Unicode 18.0.0, before U+0301: NFC leaves it as it is",
            reqs,
        )
        .set(At::T("nm"), json!("Roche \u{378}\u{301} qPCR"))
        .valid(),
    ]
}

/// White_Space characters with a singleton canonical decomposition.
const NFC_SINGLETONS: [(char, &str); 2] = [('\u{2000}', "EN QUAD"), ('\u{2001}', "EM QUAD")];

/// R-PAY-3: no White_Space at either end, whatever the character; inside,
/// white space is allowed.
fn white_space() -> Vec<Edit> {
    let cat = "payload-text";
    let edge = |i: usize, (ch, name): (char, &str), leading: bool| {
        let (field, at, base) = TEXTS[i % TEXTS.len()];
        let (pos, verb, value) = if leading {
            ("leading", "starting", format!("{ch}{base}"))
        } else {
            ("trailing", "ending", format!("{base}{ch}"))
        };
        case(
            cat,
            format!("text-{field}-{pos}-u{:04x}", u32::from(ch)),
            format!(
                "{field} {verb} with U+{:04X} {name} (White_Space)",
                u32::from(ch)
            ),
            PAY3,
        )
        .set(at, json!(value))
    };
    let mut v = Vec::new();
    // Every character once, each text at both ends across the list.
    for (i, &w) in WHITE_SPACE.iter().enumerate() {
        v.push(edge(i, w, (i / TEXTS.len()).is_multiple_of(2)));
    }
    // The no-break spaces, which some libraries do not count as white
    // space, also at the other end of another text.
    for (i, &w) in WHITE_SPACE.iter().enumerate() {
        if matches!(w.0, '\u{A0}' | '\u{2007}' | '\u{202F}') {
            v.push(edge(i + 3, w, (i / TEXTS.len()) % 2 == 1));
        }
    }
    let all: String = WHITE_SPACE.iter().map(|(c, _)| format!("{c}x")).collect();
    // White space whose NFC form is another character: not canonical text,
    // at either end or inside.
    for (i, (ch, name)) in NFC_SINGLETONS.into_iter().enumerate() {
        v.push(
            case(
                cat,
                format!("text-tc-u{:04x}-inside-not-nfc", u32::from(ch)),
                format!(
                    "tc with U+{:04X} {name} inside, which NFC replaces (R-CBOR-3 before R-PAY-3)",
                    u32::from(ch)
                ),
                &["R-CBOR-3", "R-ORD-1"],
            )
            .set(At::T("tc"), json!(format!("Bệnh{ch}viện")))
            .code("CBOR_NONCANONICAL"),
        );
        let (field, at, base) = TEXTS[i % TEXTS.len()];
        v.push(
            case(
                cat,
                format!("text-{field}-leading-u{:04x}-not-nfc", u32::from(ch)),
                format!(
                    "{field} starting with U+{:04X} {name}: not NFC (step 13) before leading white space (step 16)",
                    u32::from(ch)
                ),
                &["R-CBOR-3", "R-PAY-3", "R-ORD-1"],
            )
            .set(at, json!(format!("{ch}{base}")))
            .code("CBOR_NONCANONICAL"),
        );
    }
    v.push(
        case(
            cat,
            "text-tc-white-space-inside-valid",
            "tc with each of the 16 non-ASCII White_Space characters that are not controls and are NFC-stable inside",
            PAY3,
        )
        .set(At::T("tc"), json!(format!("Bệnh{all}")))
        .valid(),
    );
    v.push(
        case(
            cat,
            "text-fn-no-break-space-inside-valid",
            "fn with U+00A0 NO-BREAK SPACE inside",
            PAY3,
        )
        .set(At::Nam("fn"), json!("Nguyễn\u{A0}Thị"))
        .valid(),
    );
    v.push(
        case(
            cat,
            "text-gn-ideographic-space-inside-valid",
            "gn with U+3000 IDEOGRAPHIC SPACE inside",
            PAY3,
        )
        .set(At::Nam("gn"), json!("太郎\u{3000}次郎"))
        .valid(),
    );
    v.push(
        case(
            cat,
            "text-is-line-separator-inside-valid",
            "is with U+2028 LINE SEPARATOR inside",
            PAY3,
        )
        .set(At::V("is"), json!("Bộ Y tế\u{2028}Việt Nam"))
        .valid(),
    );
    v
}

/// R-PAY-3: controls (general category Cc) are refused anywhere, ASCII and
/// C1 alike; format characters (Cf) are not controls and not White_Space,
/// so they are allowed, even at the ends.
fn controls_and_format() -> Vec<Edit> {
    let cat = "payload-text";
    let controls: [(&str, char, &str, &str); 6] = [
        ("fn", '\u{0}', "null", "U+0000 NULL"),
        ("gn", '\u{1F}', "u001f", "U+001F, the last C0 control"),
        ("nm", '\u{7F}', "delete", "U+007F DELETE"),
        ("tc", '\u{80}', "u0080", "U+0080, the first C1 control"),
        (
            "is",
            '\u{85}',
            "next-line",
            "U+0085 NEXT LINE, a C1 control that is also White_Space",
        ),
        ("ci", '\u{9F}', "u009f", "U+009F, the last C1 control"),
    ];
    let mut v = Vec::new();
    for (field, ch, slug, what) in controls {
        let (_, at, base) = TEXTS[TEXTS.iter().position(|t| t.0 == field).unwrap_or(0)];
        let mid = base.len() / 2;
        let mid = (mid..base.len())
            .find(|&i| base.is_char_boundary(i))
            .unwrap_or(0);
        v.push(
            case(
                cat,
                format!("text-{field}-control-{slug}"),
                format!("{field} with {what} inside"),
                PAY3,
            )
            .set(at, json!(format!("{}{ch}{}", &base[..mid], &base[mid..]))),
        );
    }
    v.push(
        case(
            cat,
            "text-ci-tilde-valid",
            "ci with U+007E TILDE, the last printable ASCII character before DELETE",
            PAY3,
        )
        .set(At::R("ci"), json!("URN:UVCI:01:VN:R~0001"))
        .valid(),
    );
    let format_chars: [(&str, &str, &str, &str); 4] = [
        (
            "fn",
            "Nguyễn\u{200B}",
            "zero-width-space",
            "fn ending with U+200B ZERO WIDTH SPACE (Cf, not White_Space)",
        ),
        (
            "gn",
            "\u{FEFF}Văn An",
            "bom",
            "gn starting with U+FEFF ZERO WIDTH NO-BREAK SPACE (Cf, not White_Space)",
        ),
        (
            "nm",
            "Roche LightCycler qPCR\u{180E}",
            "mongolian-vowel-separator",
            "nm ending with U+180E MONGOLIAN VOWEL SEPARATOR (Cf, not White_Space since Unicode 6.3)",
        ),
        (
            "is",
            "\u{200F}משרד הבריאות",
            "rlm",
            "is starting with U+200F RIGHT-TO-LEFT MARK (Cf, not White_Space)",
        ),
    ];
    for (field, value, slug, title) in format_chars {
        v.push(
            case(cat, format!("text-{field}-{slug}-valid"), title, PAY3)
                .set(text_at(field), json!(value))
                .valid(),
        );
    }
    v
}

/// R-PAY-3 allows any script: astral characters, combining marks and
/// emoji are ordinary characters.
fn scripts() -> Vec<Edit> {
    let cat = "payload-text";
    vec![
        case(
            cat,
            "text-fn-astral-cjk-valid",
            "fn 𠮷田 with U+20BB7, a CJK character outside the BMP",
            PAY3,
        )
        .set(At::Nam("fn"), json!("\u{20BB7}田"))
        .valid(),
        case(
            cat,
            "text-gn-yoruba-combining-valid",
            "gn Adéwọ̀lé in NFC: U+0300 stays a separate code point after ọ",
            PAY3,
        )
        .set(At::Nam("gn"), json!("Ad\u{E9}w\u{1ECD}\u{300}l\u{E9}"))
        .valid(),
        case(
            cat,
            "text-gn-leading-combining-mark-valid",
            "gn starting with U+0301 COMBINING ACUTE ACCENT (no rule forbids a leading mark)",
            PAY3,
        )
        .set(At::Nam("gn"), json!("\u{301}An"))
        .valid(),
        case(
            cat,
            "text-tc-emoji-valid",
            "tc with the emoji U+1F9EA TEST TUBE, outside the BMP",
            PAY3,
        )
        .set(At::T("tc"), json!("Phòng xét nghiệm \u{1F9EA}"))
        .valid(),
        case(
            cat,
            "text-is-thai-valid",
            "is in Thai with combining vowel signs",
            PAY3,
        )
        .set(At::V("is"), json!("กรมควบคุมโรค"))
        .valid(),
    ]
}

/// R-CBOR-3: every text in NFC of Unicode 18.0.0. A text that is not NFC
/// fails at step 13 of R-ORD-1 (claims CBOR, `CBOR_NONCANONICAL`), before
/// the payload rules of step 16.
fn nfc() -> Vec<Edit> {
    let cat = "payload-unicode";
    let reqs: &[&str] = &["R-CBOR-3"];
    let bad = |id: &str, title: &str, at: At, value: &str| {
        case(cat, id, title, reqs)
            .set(at, json!(value))
            .code(NONCANONICAL)
    };
    let good = |id: &str, title: &str, at: At, value: &str| {
        case(cat, id, title, &["R-CBOR-3", "R-PAY-3"])
            .set(at, json!(value))
            .valid()
    };
    vec![
        bad(
            "nfc-is-nfd",
            "vaccination issuer Bộ Y tế Việt Nam in NFD",
            At::V("is"),
            "Bo\u{323}\u{302} Y te\u{302}\u{301} Vie\u{323}\u{302}t Nam",
        ),
        bad(
            "nfc-tc-nfd",
            "testing centre Bệnh viện Bạch Mai in NFD",
            At::T("tc"),
            "Be\u{323}\u{302}nh vie\u{323}\u{302}n Ba\u{323}ch Mai",
        ),
        bad(
            "nfc-fn-angstrom-sign",
            "fn with U+212B ANGSTROM SIGN, which NFC replaces by U+00C5",
            At::Nam("fn"),
            "\u{212B}ngstr\u{F6}m",
        ),
        good(
            "nfc-fn-a-ring-valid",
            "fn Ångström with U+00C5, its NFC form",
            At::Nam("fn"),
            "\u{C5}ngstr\u{F6}m",
        ),
        bad(
            "nfc-gn-hangul-jamo",
            "gn 민준 as conjoining jamo, which NFC composes into syllables",
            At::Nam("gn"),
            "\u{1106}\u{1175}\u{11AB}\u{110C}\u{116E}\u{11AB}",
        ),
        good(
            "nfc-gn-hangul-valid",
            "gn 민준 as precomposed syllables",
            At::Nam("gn"),
            "민준",
        ),
        bad(
            "nfc-gn-mark-order",
            "gn with Ó then U+0323 (class 220): NFC is Ọ (U+1ECC) then U+0301",
            At::Nam("gn"),
            "\u{D3}\u{323}la",
        ),
        bad(
            "nfc-fn-unicode17-mark-order",
            "fn with U+1AE0 (Unicode 17.0, class 230) before U+0323 (class 220): not in canonical order",
            At::Nam("fn"),
            "Ka\u{1AE0}\u{323}n",
        ),
        bad(
            "nfc-gn-unicode18-mark-order",
            "gn with U+1ADE (Unicode 18.0, class 230) before U+0323 (class 220): not in canonical order",
            At::Nam("gn"),
            "Ka\u{1ADE}\u{323}n",
        ),
        good(
            "nfc-gn-unicode18-mark-valid",
            "gn with ạ (U+1EA1) then U+1ADE (Unicode 18.0, class 230): NFC",
            At::Nam("gn"),
            "K\u{1EA1}\u{1ADE}n",
        ),
        good(
            "nfc-fn-unassigned-then-mark-valid",
            "fn with U+0378, unassigned in Unicode 18.0.0 and so a starter, then U+0301: NFC",
            At::Nam("fn"),
            "A\u{378}\u{301}n",
        ),
        good(
            "nfc-fn-compatibility-ligature-valid",
            "fn with U+FB03 LATIN SMALL LIGATURE FFI: NFC keeps it (NFKC would not)",
            At::Nam("fn"),
            "Ru\u{FB03}n",
        ),
    ]
}

/// R-PAY-4: `^[A-Z](?:[A-Z<]{0,78}[A-Z])?$` for `fnt` and `gnt`.
fn transliterations() -> Vec<Edit> {
    let cat = "payload-names";
    let reqs: &[&str] = &["R-PAY-4"];
    let fnt = |id: &str, title: &str, value: &str| {
        case(cat, id, title, reqs).set(At::Nam("fnt"), json!(value))
    };
    let gnt = |id: &str, title: &str, value: &str| {
        case(cat, id, title, reqs).set(At::Nam("gnt"), json!(value))
    };
    vec![
        gnt("names-gnt-one-letter-valid", "gnt of one letter", "A").valid(),
        fnt(
            "names-fnt-double-filler-valid",
            "fnt with two fillers << inside",
            "NGUYEN<<TRAN",
        )
        .valid(),
        gnt(
            "names-gnt-80-chars-valid",
            "gnt of 80 letters Z",
            &"Z".repeat(80),
        )
        .valid(),
        gnt("names-gnt-81-chars", "gnt of 81 letters Z", &"Z".repeat(81)),
        fnt("names-fnt-filler-only", "fnt of one filler <", "<"),
        fnt("names-fnt-digit", "fnt with a digit", "NGUYEN2"),
        fnt(
            "names-fnt-at-sign",
            "fnt with @ (U+0040, just before A)",
            "NGUY@N",
        ),
        fnt(
            "names-fnt-left-bracket",
            "fnt with [ (U+005B, just after Z)",
            "NGUY[N",
        ),
        fnt(
            "names-fnt-trailing-newline",
            "fnt followed by a line feed",
            "NGUYEN\n",
        ),
        fnt(
            "names-fnt-fullwidth",
            "fnt in fullwidth Latin capitals",
            "ＮＧＵＹＥＮ",
        ),
    ]
}

/// R-PAY-1 and R-PAY-2: `ver` exactly `1.0.0`; `pid` `^[0-9A-Za-z._-]{1,64}$`.
fn identity() -> Vec<Edit> {
    let cat = "payload-identity";
    let reqs: &[&str] = &["R-PAY-2"];
    let pid = |id: &str, title: &str, value: &str| {
        case(cat, id, title, reqs).set(At::Top("pid"), json!(value))
    };
    let every = "-._0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxy";
    vec![
        pid(
            "payload-pid-64-chars-valid",
            "pid of 64 characters, every allowed class, starting with a hyphen",
            every,
        )
        .valid(),
        pid("payload-pid-one-char-valid", "pid of one digit", "7").valid(),
        pid(
            "payload-pid-trailing-newline",
            "pid followed by a line feed",
            "VN-079-0001\n",
        ),
        pid(
            "payload-pid-two-lines",
            "pid of two lines, each of which alone matches the pattern",
            "VN-079-0001\nVN-079-0002",
        ),
        pid(
            "payload-pid-latin-letter",
            "pid with the non-ASCII letter é",
            "VN-079-\u{E9}01",
        ),
        pid("payload-pid-colon", "pid with colons", "VN:079:0001"),
        case(cat, "payload-ver-1-0", "ver 1.0", &["R-PAY-1"]).set(At::Top("ver"), json!("1.0")),
    ]
}

const PAY5: &[&str] = &["R-PAY-5"];

/// R-PAY-5 for `dob`: empty, `YYYY`, `YYYY-MM` or a real date, years 1900
/// to 2099, ASCII digits.
fn dates_of_birth() -> Vec<Edit> {
    let cat = "payload-dates";
    let dob = |id: &str, title: &str, value: &str| {
        case(cat, id, title, PAY5).set(At::Top("dob"), json!(value))
    };
    vec![
        dob(
            "dob-leap-day-2024-valid",
            "dob 2024-02-29 (leap year)",
            "2024-02-29",
        )
        .valid(),
        dob(
            "dob-2023-02-29",
            "dob 2023-02-29 (not a leap year)",
            "2023-02-29",
        ),
        dob(
            "dob-2099-12-31-valid",
            "dob 2099-12-31, the last allowed day",
            "2099-12-31",
        )
        .valid(),
        dob(
            "dob-1899-12-31",
            "dob 1899-12-31, the day before the range",
            "1899-12-31",
        ),
        dob(
            "dob-2100-01-01",
            "dob 2100-01-01, the day after the range",
            "2100-01-01",
        ),
        dob(
            "dob-year-1900-valid",
            "dob 1900, the first allowed year",
            "1900",
        )
        .valid(),
        dob(
            "dob-year-2099-valid",
            "dob 2099, the last allowed year",
            "2099",
        )
        .valid(),
        dob(
            "dob-1900-01-valid",
            "dob 1900-01, the first allowed month",
            "1900-01",
        )
        .valid(),
        dob(
            "dob-2099-12-valid",
            "dob 2099-12, the last allowed month",
            "2099-12",
        )
        .valid(),
        dob(
            "dob-1899-12",
            "dob 1899-12, the month before the range",
            "1899-12",
        ),
        dob(
            "dob-2100-01",
            "dob 2100-01, the month after the range",
            "2100-01",
        ),
        dob("dob-may-31-valid", "dob 1990-05-31", "1990-05-31").valid(),
        dob("dob-day-00", "dob 1990-05-00", "1990-05-00"),
        dob("dob-day-32", "dob 1990-05-32", "1990-05-32"),
        dob("dob-three-digit-year", "dob 199", "199"),
        dob("dob-five-digit-year", "dob 19900", "19900"),
        dob(
            "dob-trailing-hyphen",
            "dob 1990- (year and a hyphen)",
            "1990-",
        ),
        dob(
            "dob-year-month-trailing-hyphen",
            "dob 1990-05- (year, month and a hyphen)",
            "1990-05-",
        ),
        dob("dob-single-digit-day", "dob 1990-05-1", "1990-05-1"),
        dob(
            "dob-arabic-indic-digits",
            "dob ١٩٩٠ in Arabic-Indic digits",
            "\u{661}\u{669}\u{669}\u{660}",
        ),
        dob(
            "dob-trailing-newline",
            "dob 1990-05-17 followed by a line feed",
            "1990-05-17\n",
        ),
    ]
}

/// R-PAY-5 for the entry dates `dt`, `fr`, `df`, `du`: full dates only.
fn entry_dates() -> Vec<Edit> {
    let cat = "payload-dates";
    let dt = |id: &str, title: &str, value: &str| {
        case(cat, id, title, PAY5).set(At::V("dt"), json!(value))
    };
    // Entries dated on the given days, one dose each.
    let dated = |days: &'static [&'static str]| {
        move |p: &mut J| {
            let e = p["v"][0].clone();
            p["v"] = J::Array(
                days.iter()
                    .zip(1..)
                    .map(|(d, i)| {
                        let mut x = e.clone();
                        x["dn"] = json!(i);
                        x["sd"] = json!(days.len());
                        x["dt"] = json!(d);
                        x
                    })
                    .collect(),
            );
        }
    };
    vec![
        dt(
            "vac-dt-leap-day-2024-valid",
            "vaccination date 2024-02-29 (leap year)",
            "2024-02-29",
        )
        .valid(),
        dt(
            "vac-dt-2023-02-29",
            "vaccination date 2023-02-29 (not a leap year)",
            "2023-02-29",
        ),
        dt("vac-dt-day-00", "vaccination date 2021-08-00", "2021-08-00"),
        dt(
            "vac-dt-month-00",
            "vaccination date 2021-00-10",
            "2021-00-10",
        ),
        dt(
            "vac-dt-month-13",
            "vaccination date 2021-13-10",
            "2021-13-10",
        ),
        dt(
            "vac-dt-april-31",
            "vaccination date 2021-04-31",
            "2021-04-31",
        ),
        dt(
            "vac-dt-september-31",
            "vaccination date 2021-09-31",
            "2021-09-31",
        ),
        dt(
            "vac-dt-november-31",
            "vaccination date 2021-11-31",
            "2021-11-31",
        ),
        case(
            cat,
            "vac-dt-month-ends-31-valid",
            "seven doses dated the 31st of January, March, May, July, August, October and December",
            PAY5,
        )
        .with(dated(&[
            "2021-01-31",
            "2021-03-31",
            "2021-05-31",
            "2021-07-31",
            "2021-08-31",
            "2021-10-31",
            "2021-12-31",
        ]))
        .valid(),
        case(
            cat,
            "vac-dt-month-ends-30-valid",
            "five doses dated 2023-02-28 and the 30th of April, June, September and November",
            PAY5,
        )
        .with(dated(&[
            "2023-02-28",
            "2023-04-30",
            "2023-06-30",
            "2023-09-30",
            "2023-11-30",
        ]))
        .valid(),
        dt(
            "vac-dt-1900-01-01-valid",
            "vaccination date 1900-01-01, the first allowed day",
            "1900-01-01",
        )
        .valid(),
        dt(
            "vac-dt-2099-12-31-valid",
            "vaccination date 2099-12-31, the last allowed day",
            "2099-12-31",
        )
        .valid(),
        dt(
            "vac-dt-1899-12-31",
            "vaccination date 1899-12-31, the day before the range",
            "1899-12-31",
        ),
        dt(
            "vac-dt-2100-01-01",
            "vaccination date 2100-01-01, the day after the range",
            "2100-01-01",
        ),
        dt(
            "vac-dt-empty",
            "empty vaccination date (only dob may be empty)",
            "",
        ),
        dt(
            "vac-dt-year-only",
            "vaccination date 2021 (only dob may be partial)",
            "2021",
        ),
        dt(
            "vac-dt-fullwidth-digits",
            "vaccination date in fullwidth digits",
            "２０２１-０８-０２",
        ),
        case(
            cat,
            "rec-fr-leap-day-2000-valid",
            "first positive 2000-02-29 (2000 is a leap year)",
            PAY5,
        )
        .set(At::R("fr"), json!("2000-02-29"))
        .valid(),
        case(
            cat,
            "rec-fr-1900-02-29",
            "first positive 1900-02-29 (1900 is not a leap year)",
            PAY5,
        )
        .set(At::R("fr"), json!("1900-02-29")),
        case(
            cat,
            "rec-df-year-month",
            "valid-from 2026-02 (partial)",
            PAY5,
        )
        .set(At::R("df"), json!("2026-02")),
        case(
            cat,
            "rec-du-2099-12-31-valid",
            "valid-until 2099-12-31, the last allowed day",
            PAY5,
        )
        .set(At::R("du"), json!("2099-12-31"))
        .valid(),
        case(
            cat,
            "rec-du-2100-01-01",
            "valid-until 2100-01-01, the day after the range",
            PAY5,
        )
        .set(At::R("du"), json!("2100-01-01")),
    ]
}

/// R-PAY-6: `YYYY-MM-DDThh:mm:ssZ`, a date as in R-PAY-5, seconds 00 to 59
/// (no leap second).
fn date_times() -> Vec<Edit> {
    let cat = "payload-test";
    let sc = |id: &str, title: &str, value: &str| {
        case(cat, id, title, &["R-PAY-6"]).set(At::T("sc"), json!(value))
    };
    vec![
        sc(
            "test-sc-last-second-valid",
            "sample time 2099-12-31T23:59:59Z, the last allowed second",
            "2099-12-31T23:59:59Z",
        )
        .valid(),
        sc(
            "test-sc-first-second-valid",
            "sample time 1900-01-01T00:00:00Z, the first allowed second",
            "1900-01-01T00:00:00Z",
        )
        .valid(),
        sc(
            "test-sc-leap-day-valid",
            "sample time on 2024-02-29",
            "2024-02-29T12:00:00Z",
        )
        .valid(),
        sc(
            "test-sc-leap-second",
            "sample time 2016-12-31T23:59:60Z, a real leap second (seconds stop at 59)",
            "2016-12-31T23:59:60Z",
        ),
        sc(
            "test-sc-minute-60",
            "sample time with minute 60",
            "2026-03-01T08:60:00Z",
        ),
        sc(
            "test-sc-2023-02-29",
            "sample time on 2023-02-29 (not a leap year)",
            "2023-02-29T08:30:00Z",
        ),
        sc(
            "test-sc-year-2100",
            "sample time 2100-01-01T00:00:00Z, after the year range",
            "2100-01-01T00:00:00Z",
        ),
        sc(
            "test-sc-year-1899",
            "sample time 1899-12-31T23:59:59Z, before the year range",
            "1899-12-31T23:59:59Z",
        ),
        sc(
            "test-sc-offset-zero",
            "sample time with the offset +00:00 instead of Z",
            "2026-03-01T08:30:00+00:00",
        ),
        sc(
            "test-sc-no-zone",
            "sample time without Z",
            "2026-03-01T08:30:00",
        ),
        sc(
            "test-sc-space-separator",
            "sample time with a space instead of T",
            "2026-03-01 08:30:00Z",
        ),
        sc(
            "test-sc-lowercase-t",
            "sample time with a lower-case t",
            "2026-03-01t08:30:00Z",
        ),
        sc(
            "test-sc-no-seconds",
            "sample time without seconds",
            "2026-03-01T08:30Z",
        ),
        sc(
            "test-sc-trailing-newline",
            "sample time followed by a line feed",
            "2026-03-01T08:30:00Z\n",
        ),
    ]
}

const PAY7: &[&str] = &["R-PAY-7"];

/// R-PAY-7: `tg` SNOMED CT ids of 6 to 18 digits, product codes of 1 to 50
/// characters starting with a letter or digit, and the two value sets.
fn codes() -> Vec<Edit> {
    let v = "payload-vaccination";
    let t = "payload-test";
    let long = format!("EU/1/20/1528{}", "-._/".repeat(10)); // 52
    vec![
        case(
            v,
            "vac-tg-6-digits-valid",
            "tg of 6 digits, the shortest",
            PAY7,
        )
        .set(At::V("tg"), json!("100005"))
        .valid(),
        case(
            v,
            "vac-tg-18-digits-valid",
            "tg of 18 digits, the longest",
            PAY7,
        )
        .set(At::V("tg"), json!("123456789012345678"))
        .valid(),
        case(v, "vac-tg-19-digits", "tg of 19 digits", PAY7)
            .set(At::V("tg"), json!("1234567890123456789")),
        case(
            t,
            "test-tg-trailing-newline",
            "test tg followed by a line feed",
            PAY7,
        )
        .set(At::T("tg"), json!("840539006\n")),
        case(
            "payload-recovery",
            "rec-tg-leading-zero",
            "recovery tg with a leading zero",
            PAY7,
        )
        .set(At::R("tg"), json!("0840539006")),
        case(v, "vac-vp-one-char-valid", "vp of one character", PAY7)
            .set(At::V("vp"), json!("J"))
            .valid(),
        case(
            v,
            "vac-mp-50-chars-valid",
            "mp of 50 characters using / . _ -",
            PAY7,
        )
        .set(At::V("mp"), json!(&long[..50]))
        .valid(),
        case(v, "vac-mp-51-chars", "mp of 51 characters", PAY7)
            .set(At::V("mp"), json!(&long[..51])),
        case(v, "vac-ma-lowercase-valid", "ma in lower case", PAY7)
            .set(At::V("ma"), json!("org-100030215"))
            .valid(),
        case(
            v,
            "vac-ma-leading-hyphen",
            "ma starting with a hyphen",
            PAY7,
        )
        .set(At::V("ma"), json!("-ORG-100030215")),
        case(v, "vac-ma-leading-slash", "ma starting with a slash", PAY7)
            .set(At::V("ma"), json!("/ORG-100030215")),
        case(v, "vac-mp-plus", "mp with a plus sign", PAY7)
            .set(At::V("mp"), json!("EU/1/20/1528+")),
        case(
            v,
            "vac-vp-non-ascii-letter",
            "vp with the non-ASCII letter é",
            PAY7,
        )
        .set(At::V("vp"), json!("J07BX03\u{E9}")),
        case(t, "test-ma-51-chars", "device id of 51 characters", PAY7)
            .set(At::T("ma"), json!("1".repeat(51))),
        case(
            t,
            "test-ma-empty",
            "empty device id (omit the optional ma instead)",
            PAY7,
        )
        .set(At::T("ma"), json!("")),
        case(
            t,
            "test-tt-rat-valid",
            "test type LP217198-3 (rapid antigen test)",
            PAY7,
        )
        .set(At::T("tt"), json!("LP217198-3"))
        .valid(),
        case(
            t,
            "test-tt-lowercase",
            "test type lp6464-4 in lower case",
            PAY7,
        )
        .set(At::T("tt"), json!("lp6464-4")),
        case(
            t,
            "test-tt-prefix",
            "test type LP6464, a prefix of a value",
            PAY7,
        )
        .set(At::T("tt"), json!("LP6464")),
        case(
            t,
            "test-tr-detected-valid",
            "test result 260373001 (detected)",
            PAY7,
        )
        .set(At::T("tr"), json!("260373001"))
        .valid(),
        case(
            t,
            "test-tr-other-snomed",
            "test result 260385009, a SNOMED CT id outside the value set",
            PAY7,
        )
        .set(At::T("tr"), json!("260385009")),
    ]
}

/// R-PAY-8: the shape `^[A-Z]{2}$`, not the list of countries.
fn countries() -> Vec<Edit> {
    let cat = "payload-vaccination";
    let reqs: &[&str] = &["R-PAY-8"];
    let co = |id: &str, title: &str, value: &str| {
        case(cat, id, title, reqs).set(At::V("co"), json!(value))
    };
    vec![
        co(
            "vac-co-xk-valid",
            "country XK, a user-assigned code of the right shape",
            "XK",
        )
        .valid(),
        co("vac-co-one-letter", "country V", "V"),
        co("vac-co-fullwidth", "country in fullwidth capitals", "ＶＮ"),
        co(
            "vac-co-trailing-newline",
            "country VN followed by a line feed",
            "VN\n",
        ),
        case("payload-test", "test-co-empty", "empty test country", reqs)
            .set(At::T("co"), json!("")),
    ]
}

/// `n` test entries with distinct certificate ids.
fn tests(n: usize) -> J {
    J::Array(
        (1..=n)
            .map(|i| {
                let mut e = test_entry();
                e["ci"] = json!(format!("URN:UVCI:01:VN:T-{i:04}"));
                e
            })
            .collect(),
    )
}

/// `n` recovery entries with distinct certificate ids.
fn recoveries(n: usize) -> J {
    J::Array(
        (1..=n)
            .map(|i| {
                let mut e = rec_entry();
                e["ci"] = json!(format!("URN:UVCI:01:VN:R-{i:04}"));
                e
            })
            .collect(),
    )
}

/// `n` vaccination doses of one series.
fn doses(p: &J, n: usize) -> J {
    let e = p["v"][0].clone();
    J::Array(
        (1..=n)
            .map(|i| {
                let mut x = e.clone();
                x["dn"] = json!(i.min(9));
                x["sd"] = json!(n.min(9));
                x
            })
            .collect(),
    )
}

/// R-PAY-9 per kind, and R-PAY-11 at its ends and where a narrow integer
/// would wrap into the range.
fn entries_and_doses() -> Vec<Edit> {
    let e = "payload-entries";
    let pay9: &[&str] = &["R-PAY-9"];
    let v = "payload-vaccination";
    let pay11: &[&str] = &["R-PAY-11"];
    vec![
        case(
            e,
            "entries-eight-tests-valid",
            "eight test entries, the maximum",
            pay9,
        )
        .with(|p| {
            remove(p, "v");
            p["t"] = tests(8);
        })
        .valid(),
        case(
            e,
            "entries-nine-tests",
            "nine test entries, one over the limit",
            pay9,
        )
        .with(|p| {
            remove(p, "v");
            p["t"] = tests(9);
        }),
        case(
            e,
            "entries-eight-recoveries-valid",
            "eight recovery entries, the maximum",
            pay9,
        )
        .with(|p| {
            remove(p, "v");
            p["r"] = recoveries(8);
        })
        .valid(),
        case(
            e,
            "entries-nine-recoveries",
            "nine recovery entries, one over the limit",
            pay9,
        )
        .with(|p| {
            remove(p, "v");
            p["r"] = recoveries(9);
        }),
        case(
            e,
            "entries-eight-of-each-kind-valid",
            "eight entries of each kind, 24 in all (the limit is per kind)",
            pay9,
        )
        .with(|p| {
            p["v"] = doses(p, 8);
            p["t"] = tests(8);
            p["r"] = recoveries(8);
        })
        .valid(),
        case(
            v,
            "vac-dose-1-of-1-valid",
            "dose 1 of 1, the minimum",
            pay11,
        )
        .set(At::V("dn"), json!(1))
        .set(At::V("sd"), json!(1))
        .valid(),
        case(v, "vac-sd-zero", "series of 0 doses", pay11).set(At::V("sd"), json!(0)),
        case(v, "vac-sd-ten", "series of 10 doses", pay11).set(At::V("sd"), json!(10)),
        case(
            v,
            "vac-dn-257",
            "dose number 257 (1 if cut to 8 bits)",
            pay11,
        )
        .set(At::V("dn"), json!(257)),
        case(
            v,
            "vac-sd-4294967297",
            "series of 4294967297 doses (1 if cut to 32 bits)",
            pay11,
        )
        .set(At::V("sd"), json!(4_294_967_297_i64)),
    ]
}

/// R-PAY-12: `df` not after `du`, compared as whole dates.
fn recovery_range() -> Vec<Edit> {
    let cat = "payload-recovery";
    let reqs: &[&str] = &["R-PAY-12"];
    let range = |id: &str, title: &str, df: &str, du: &str| {
        case(cat, id, title, reqs)
            .set(At::R("df"), json!(df))
            .set(At::R("du"), json!(du))
    };
    vec![
        range(
            "rec-df-one-day-after-du",
            "valid-from 2026-08-11, one day after valid-until 2026-08-10",
            "2026-08-11",
            "2026-08-10",
        ),
        range(
            "rec-df-dec-31-du-jan-1-valid",
            "valid-from 2026-12-31, valid-until 2027-01-01 (one day, across a year)",
            "2026-12-31",
            "2027-01-01",
        )
        .valid(),
        range(
            "rec-df-jan-1-du-dec-31",
            "valid-from 2027-01-01 after valid-until 2026-12-31 (earlier month and day, later year)",
            "2027-01-01",
            "2026-12-31",
        ),
        case(
            cat,
            "rec-fr-after-df-valid",
            "first positive 2026-03-01 after valid-from 2026-02-21 (no rule orders fr)",
            reqs,
        )
        .set(At::R("fr"), json!("2026-03-01"))
        .valid(),
    ]
}

/// R-PAY-10: member names are exact, every map and array is checked, and
/// optional members are either absent or valid.
fn structure() -> Vec<Edit> {
    let cat = "payload-structure";
    let reqs: &[&str] = &["R-PAY-10"];
    vec![
        case(
            cat,
            "payload-key-uppercase-v",
            "vaccination array under the key V instead of v",
            reqs,
        )
        .with(|p| {
            let v = p["v"].take();
            remove(p, "v");
            p["V"] = v;
        }),
        case(
            cat,
            "payload-second-entry-not-a-map",
            "the second vaccination entry as a text",
            reqs,
        )
        .with(|p| p["v"][1] = json!("840539006")),
        case(cat, "payload-test-nm-as-integer", "optional test name as an integer", reqs)
            .set(At::T("nm"), json!(1)),
        case(
            cat,
            "payload-all-members-valid",
            "every optional member present: all four names, and one entry of each kind with nm, ma and tc",
            reqs,
        )
        .with(|p| {
            p["v"] = json!([p["v"][0].clone()]);
            p["t"] = json!([test_entry()]);
            p["r"] = json!([rec_entry()]);
        })
        .valid(),
        case(
            cat,
            "payload-required-members-only-valid",
            "only the required members: ver, pid, nam with fnt, and an empty dob",
            reqs,
        )
        .with(|p| {
            remove(p, "v");
            p["nam"] = json!({"fnt": "NGUYEN"});
            p["dob"] = json!("");
        })
        .valid(),
    ]
}

/// The CBOR limits met by payload texts, keys and containers, on both
/// sides: at the limit the payload rules decide, over it `TOO_LARGE`.
fn limits() -> Vec<Edit> {
    let cat = "limits";
    let extras = |n: usize| {
        move |p: &mut J| {
            for i in 0..n {
                p["nam"][format!("x{i:02}")] = json!("X");
            }
        }
    };
    vec![
        case(
            cat,
            "limit-text-string-513-bytes-in-entry",
            "recovery certificate id of 513 ASCII bytes",
            &["R-LIM-4"],
        )
        .set(At::R("ci"), json!("U".repeat(513)))
        .code(TOO_LARGE),
        case(
            cat,
            "limit-text-key-513-bytes",
            "a payload key of 513 bytes",
            &["R-LIM-4"],
        )
        .with(|p| p["k".repeat(513)] = json!("X"))
        .code(TOO_LARGE),
        case(
            cat,
            "limit-text-key-512-bytes",
            "a payload key of 512 bytes is within the CBOR limit but unknown",
            &["R-LIM-4", "R-PAY-10"],
        )
        .with(|p| p["k".repeat(512)] = json!("X")),
        case(
            cat,
            "limit-items-32",
            "vaccination array of 32 entries is within the CBOR limit but over 8 entries",
            &["R-LIM-5", "R-PAY-9"],
        )
        .with(|p| p["v"] = J::Array(vec![p["v"][0].clone(); 32])),
        case(
            cat,
            "limit-map-33-entries",
            "nam map of 33 entries",
            &["R-LIM-5"],
        )
        .with(extras(29))
        .code(TOO_LARGE),
        case(
            cat,
            "limit-map-32-entries",
            "nam map of 32 entries is within the CBOR limit but has unknown members",
            &["R-LIM-5", "R-PAY-10"],
        )
        .with(extras(28)),
    ]
}

/// Shapes JSON cannot express: an integer key and a byte-string value.
fn raw_structure(g: &mut Gen) {
    let cat = "payload-structure";
    let p = super::payload_json(g);
    let Some(map) = p.as_object() else { return };
    let entries = |pid: Vec<u8>, extra: Option<(Vec<u8>, Vec<u8>)>| {
        let mut e: Vec<(Vec<u8>, Vec<u8>)> = map
            .iter()
            .map(|(k, v)| {
                let val = if k == "pid" {
                    pid.clone()
                } else {
                    forge::json_cbor(v)
                };
                (forge::json_cbor(&J::String(k.clone())), val)
            })
            .collect();
        e.extend(extra);
        // Canonical order: bytewise on the encoded keys (R-CBOR-4).
        e.sort();
        raw_map(&e)
    };
    let pid = map
        .get("pid")
        .and_then(J::as_str)
        .unwrap_or_default()
        .to_owned();
    let id = "payload-pid-as-bytes";
    let body = body_with_payload(g, id, &entries(forge::bstr(pid.as_bytes()), None));
    let text = g.signed_body(&body);
    g.invalid(
        cat,
        id,
        "pid as a byte string holding the same characters",
        &["R-PAY-10"],
        text,
        INVALID,
    );
    let id = "payload-integer-key";
    let text_pid = forge::json_cbor(&J::String(pid));
    let one = (vec![0x01], forge::json_cbor(&json!("X")));
    let body = body_with_payload(g, id, &entries(text_pid, Some(one)));
    let text = g.signed_body(&body);
    g.invalid(
        cat,
        id,
        "an extra payload member under the integer key 1",
        &["R-PAY-1"],
        text,
        INVALID,
    );
}
