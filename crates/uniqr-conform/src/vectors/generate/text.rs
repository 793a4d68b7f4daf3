//! Prefix, Base45, ZLIB and text-length cases.

use super::{Gen, cti_of};
use crate::forge;
use crate::forge::{gzip, raw_deflate, zlib_level};
use uniqr::claims::Claims;
use uniqr::payload::{Payload, Recovery, Test};
use uniqr::{base45, cose, zlib};

pub(super) fn cases(g: &mut Gen) {
    prefix(g);
    prefix_more(g);
    base45_cases(g);
    base45_more(g);
    zlib_cases(g);
    zlib_more(g);
    text_limits(g);
    inflated_limits(g);
    order(g);
}

fn prefix(g: &mut Gen) {
    let good = g.code(&g.k.es, "prefix", &g.payload());
    let body = good["UQ1:".len()..].to_owned();
    let cat = "prefix";
    let p = &["R-PFX-1"];
    let cases: [(&str, &str, String); 10] = [
        (
            "prefix-hc1",
            "EU DCC prefix HC1: instead of UQ1:",
            format!("HC1:{body}"),
        ),
        ("prefix-lowercase", "lower-case uq1:", format!("uq1:{body}")),
        (
            "prefix-mixed-case",
            "mixed-case Uq1:",
            format!("Uq1:{body}"),
        ),
        (
            "prefix-missing",
            "Base45 body without any prefix",
            body.clone(),
        ),
        (
            "prefix-no-colon",
            "UQ1 without the colon",
            format!("UQ1{body}"),
        ),
        ("prefix-empty-text", "empty text", String::new()),
        (
            "prefix-url-escaped-colon",
            "colon URL-escaped as %3A",
            format!("UQ1%3A{body}"),
        ),
        (
            "prefix-bom",
            "UTF-8 byte order mark before the prefix",
            format!("\u{feff}UQ1:{body}"),
        ),
        (
            "prefix-leading-space",
            "leading space before the prefix",
            format!(" UQ1:{body}"),
        ),
        (
            "prefix-leading-newline",
            "leading newline before the prefix",
            format!("\nUQ1:{body}"),
        ),
    ];
    for (id, title, text) in cases {
        let reqs: &[&str] =
            if id.contains("bom") || id.contains("leading") || id.contains("escaped") {
                &["R-PFX-1", "R-PFX-3"]
            } else {
                p
            };
        g.invalid(cat, id, title, reqs, text, "PREFIX_INVALID");
    }
    for (v, id) in [
        ("2", "version-uq2"),
        ("0", "version-uq0"),
        ("A", "version-uqa"),
        ("z", "version-uqz-lowercase-letter"),
        ("9", "version-uq9"),
    ] {
        g.invalid(
            "prefix-version",
            id,
            &format!("prefix UQ{v}: names another version"),
            &["R-PFX-2"],
            format!("UQ{v}:{body}"),
            "VERSION_UNSUPPORTED",
        );
    }
}

/// Every other way a prefix can be wrong, and the prefix's accepting side.
fn prefix_more(g: &mut Gen) {
    let cat = "prefix";
    let payload = g.payload();
    let good = g.code(&g.k.es, "prefix-more", &payload);
    let body = good["UQ1:".len()..].to_owned();
    let pfx1: &[&str] = &["R-PFX-1"];
    let pfx12: &[&str] = &["R-PFX-1", "R-PFX-2"];
    let pfx13: &[&str] = &["R-PFX-1", "R-PFX-3"];
    let cases: [(&str, &str, String, &[&str]); 11] = [
        (
            "prefix-uq01",
            "UQ01: is not a version (one character between UQ and the colon)",
            format!("UQ01:{body}"),
            pfx12,
        ),
        (
            "prefix-uq10",
            "UQ10: is not a version (two characters between UQ and the colon)",
            format!("UQ10:{body}"),
            pfx12,
        ),
        (
            "prefix-space-before-colon",
            "UQ1 : with a space before the colon",
            format!("UQ1 :{body}"),
            pfx1,
        ),
        (
            "prefix-text-uq1-only",
            "the whole text is UQ1",
            "UQ1".into(),
            pfx1,
        ),
        (
            "prefix-version-missing",
            "UQ: without a version character",
            format!("UQ:{body}"),
            pfx12,
        ),
        (
            "prefix-fullwidth",
            "full-width \u{ff35}\u{ff31}\u{ff11}\u{ff1a} (U+FF35 U+FF31 U+FF11 U+FF1A), which NFKC would turn into UQ1:",
            format!("\u{ff35}\u{ff31}\u{ff11}\u{ff1a}{body}"),
            pfx13,
        ),
        (
            "prefix-fullwidth-colon",
            "UQ1 then a full-width colon U+FF1A",
            format!("UQ1\u{ff1a}{body}"),
            pfx13,
        ),
        (
            "prefix-cyrillic-qa",
            "look-alike Cyrillic \u{51a} (U+051A) in place of Q",
            format!("U\u{51a}1:{body}"),
            pfx1,
        ),
        (
            "prefix-leading-tab",
            "a tab before the prefix",
            format!("\tUQ1:{body}"),
            pfx13,
        ),
        (
            "prefix-leading-nbsp",
            "a no-break space U+00A0 (Unicode white space) before the prefix",
            format!("\u{a0}UQ1:{body}"),
            pfx13,
        ),
        (
            "prefix-leading-zero-width-space",
            "a zero-width space U+200B before the prefix",
            format!("\u{200b}UQ1:{body}"),
            pfx13,
        ),
    ];
    for (id, title, text, reqs) in cases {
        g.invalid(cat, id, title, reqs, text, "PREFIX_INVALID");
    }

    // R-PFX-2: exactly one ASCII letter or digit names a version.
    let vcat = "prefix-version";
    for (v, id, title) in [
        (
            "Z",
            "version-uqz-uppercase-letter",
            "UQZ: names another version",
        ),
        (
            "a",
            "version-uqa-lowercase-letter",
            "UQa: names another version",
        ),
    ] {
        g.invalid(
            vcat,
            id,
            title,
            &["R-PFX-2"],
            format!("UQ{v}:{body}"),
            "VERSION_UNSUPPORTED",
        );
    }
    g.invalid(
        vcat,
        "version-uq2-empty-body",
        "UQ2: with nothing after it: the version is checked before any body",
        &["R-PFX-2"],
        "UQ2:".into(),
        "VERSION_UNSUPPORTED",
    );
    for (v, id, what) in [
        (
            "\u{ff11}",
            "version-fullwidth-digit",
            "full-width digit U+FF11 is not an ASCII digit",
        ),
        (
            "\u{662}",
            "version-arabic-indic-digit",
            "Arabic-Indic digit two U+0662 is not an ASCII digit",
        ),
        (
            "\u{410}",
            "version-cyrillic-letter",
            "Cyrillic A U+0410 is not an ASCII letter",
        ),
        (
            "\u{c4}",
            "version-latin1-letter",
            "U+00C4 (A with diaeresis) is not an ASCII letter",
        ),
        (
            "/",
            "version-char-slash",
            "'/' comes just before '0' in ASCII",
        ),
        (
            ":",
            "version-char-colon",
            "':' comes just after '9' in ASCII",
        ),
        ("@", "version-char-at", "'@' comes just before 'A' in ASCII"),
        (
            "[",
            "version-char-left-bracket",
            "'[' comes just after 'Z' in ASCII",
        ),
        (
            "`",
            "version-char-backtick",
            "'`' comes just before 'a' in ASCII",
        ),
        (
            "{",
            "version-char-left-brace",
            "'{' comes just after 'z' in ASCII",
        ),
    ] {
        g.invalid(
            vcat,
            id,
            &format!("UQ{v}: is not a version: {what}"),
            pfx12,
            format!("UQ{v}:{body}"),
            "PREFIX_INVALID",
        );
    }

    // The accepting side: the exact prefix, and a body kept byte for byte.
    let c = g.claims("prefix-exact-valid");
    let text = g.code(&g.k.es, "prefix-exact-valid", &payload);
    g.valid(
        cat,
        "prefix-exact-valid",
        "exactly UQ1: then the body: valid",
        &["R-PFX-1", "R-PFX-2"],
        text,
        &payload,
        &c,
    );
    let escaped = |t: &str| {
        let b = t.as_bytes();
        b.windows(3)
            .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
    };
    let id = "prefix-body-verbatim-valid";
    if let Some((c, text)) = find_code(g, id, 200, |t| {
        t.contains("  ") && t.contains('+') && escaped(t)
    }) {
        g.valid(
            cat,
            id,
            "valid code whose body holds two spaces in a row, '+' and '%' before two hex digits: nothing is collapsed or unescaped",
            &["R-PFX-3"],
            text,
            &payload,
            &c,
        );
    }
}

fn base45_cases(g: &mut Gen) {
    let cat = "base45";
    let good = g.code(&g.k.es, "b45", &g.payload());
    let body = &good[4..];
    let mid = body.len() / 2;
    let splice = |c: &str| format!("UQ1:{}{c}{}", &body[..mid], &body[mid + 1..]);
    for (id, title, ch) in [
        (
            "b45-lowercase-letter",
            "a lower-case letter inside the Base45 body",
            "a",
        ),
        ("b45-underscore", "'_' is not in the Base45 alphabet", "_"),
        ("b45-hash", "'#' is not in the Base45 alphabet", "#"),
        ("b45-non-ascii", "a non-ASCII letter inside the body", "É"),
        ("b45-equals-padding", "'=' padding is not Base45", "="),
    ] {
        g.invalid(cat, id, title, &["R-B45-1"], splice(ch), "BASE45_INVALID");
    }
    g.invalid(
        cat,
        "b45-trailing-newline",
        "trailing newline after the body",
        &["R-B45-1", "R-PFX-3"],
        format!("{good}\n"),
        "BASE45_INVALID",
    );
    g.invalid(
        cat,
        "b45-trailing-crlf",
        "trailing CR LF after the body",
        &["R-B45-1", "R-PFX-3"],
        format!("{good}\r\n"),
        "BASE45_INVALID",
    );
    g.invalid(
        cat,
        "b45-empty-body",
        "nothing after UQ1:",
        &["R-B45-4"],
        "UQ1:".into(),
        "BASE45_INVALID",
    );

    // Dangling: a body whose length is a multiple of 3, plus one character.
    let (id3, text3) = body_len_mod(g, 0);
    let _ = id3;
    g.invalid(
        cat,
        "b45-dangling-character",
        "one lone character after whole groups",
        &["R-B45-2"],
        format!("{text3}0"),
        "BASE45_INVALID",
    );
    g.invalid(
        cat,
        "b45-trailing-space",
        "a trailing space makes a lone trailing character",
        &["R-B45-2", "R-PFX-3"],
        format!("{text3} "),
        "BASE45_INVALID",
    );
    g.invalid(
        cat,
        "b45-overflow-final-triple",
        "final 3-character group ':::' exceeds 65535",
        &["R-B45-3"],
        format!("{text3}:::"),
        "BASE45_INVALID",
    );
    g.invalid(
        cat,
        "b45-overflow-65536",
        "3-character group 'GGW' is 65536, one past the maximum",
        &["R-B45-3"],
        format!("{text3}GGW"),
        "BASE45_INVALID",
    );
    // Overflow in a final 2-character group: replace it with "::" (2024).
    let (_, text2) = body_len_mod(g, 2);
    let n = text2.len();
    g.invalid(
        cat,
        "b45-overflow-final-pair",
        "final 2-character group '::' exceeds 255",
        &["R-B45-3"],
        format!("{}::", &text2[..n - 2]),
        "BASE45_INVALID",
    );
    g.invalid(
        cat,
        "b45-overflow-final-pair-256",
        "final 2-character group 'V5' is 256, one past the maximum",
        &["R-B45-3"],
        format!("{}V5", &text2[..n - 2]),
        "BASE45_INVALID",
    );
    // Overflow in the first group, everything else intact.
    g.invalid(
        cat,
        "b45-overflow-first-group",
        "first group ':::' overflows",
        &["R-B45-3"],
        format!("UQ1::::{}", &body[3..]),
        "BASE45_INVALID",
    );
}

/// A valid code whose Base45 body length is `r` modulo 3 (r = 0 or 2).
fn body_len_mod(g: &Gen, r: usize) -> (String, String) {
    for i in 0..100 {
        let id = format!("b45-len-{r}-{i}");
        let text = g.code(&g.k.es, &id, &g.payload());
        if (text.len() - 4) % 3 == r {
            return (id, text);
        }
    }
    (String::new(), String::new())
}

/// The Base45 alphabet, by value (RFC 9285 §4).
const B45: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// The `n` Base45 characters of value `v`, least significant first; `v`
/// may exceed what `n` characters may validly hold (R-B45-3).
fn b45_chars(mut v: u32, n: usize) -> String {
    (0..n)
        .map(|_| {
            let c = char::from(B45[(v % 45) as usize]);
            v /= 45;
            c
        })
        .collect()
}

/// The value of a group of Base45 characters.
fn b45_value(group: &[u8]) -> u32 {
    group.iter().rev().fold(0, |acc, c| {
        acc * 45 + B45.iter().position(|b| b == c).unwrap_or(0) as u32
    })
}

/// The claims of `id` with its `i`-th alternative `cti` (0: its own).
fn claims_n(g: &Gen, id: &str, i: usize) -> Claims {
    let mut c = g.claims(id);
    if i > 0 {
        c.cti = cti_of(&format!("{id}#{i}"));
    }
    c
}

/// The first standard code of `id`, trying other `cti`s, whose text
/// satisfies `pred`: a deterministic search for a code with a property.
fn find_code(
    g: &Gen,
    id: &str,
    tries: usize,
    pred: impl Fn(&str) -> bool,
) -> Option<(Claims, String)> {
    let p = g.payload();
    (0..tries).find_map(|i| {
        let c = claims_n(g, id, i);
        let text = forge::text_from_cose(&forge::cose(&g.k.es, &c, &p));
        pred(&text).then_some((c, text))
    })
}

/// Both sides of every Base45 rule, inside real codes.
fn base45_more(g: &mut Gen) {
    let cat = "base45";
    let payload = g.payload();
    let good = g.code(&g.k.es, "b45-more", &payload);
    let body = good[4..].to_owned();
    let mid = body.len() / 2;
    let splice = |c: &str| format!("UQ1:{}{c}{}", &body[..mid], &body[mid + 1..]);
    // R-B45-1: the ASCII neighbours of the alphabet's characters.
    for (id, title, ch) in [
        (
            "b45-char-exclamation",
            "'!' (between space and '$' in ASCII)",
            "!",
        ),
        (
            "b45-char-ampersand",
            "'&' (between '%' and '*' in ASCII)",
            "&",
        ),
        ("b45-char-comma", "',' (between '+' and '-' in ASCII)", ","),
        ("b45-char-semicolon", "';' (just after ':' in ASCII)", ";"),
        ("b45-char-at", "'@' (just before 'A' in ASCII)", "@"),
        (
            "b45-char-left-bracket",
            "'[' (just after 'Z' in ASCII)",
            "[",
        ),
        ("b45-char-nul", "a NUL character U+0000", "\0"),
        ("b45-char-tab", "a tab", "\t"),
        ("b45-char-del", "DEL U+007F", "\u{7f}"),
    ] {
        g.invalid(
            cat,
            id,
            &format!("{title} inside the body is not Base45"),
            &["R-B45-1"],
            splice(ch),
            "BASE45_INVALID",
        );
    }
    // R-B45-1 with Unicode: look-alikes of alphabet characters.
    let b1 = &["R-B45-1"];
    let b13 = &["R-B45-1", "R-PFX-3"];
    let replace_first = |find: &dyn Fn(char) -> Option<char>| -> Option<String> {
        let (i, c) = body
            .char_indices()
            .find_map(|(i, c)| find(c).map(|r| (i, r)))?;
        Some(format!("UQ1:{}{c}{}", &body[..i], &body[i + 1..]))
    };
    let unicode: [(&str, &str, &[&str], Option<String>); 4] = [
        (
            "b45-nbsp-for-space",
            "a no-break space U+00A0 in place of a space of the body",
            b13,
            replace_first(&|c| (c == ' ').then_some('\u{a0}')),
        ),
        (
            "b45-fullwidth-letter",
            "a full-width letter (U+FF21..U+FF3A) in place of its ASCII letter, which NFKC would undo",
            b13,
            replace_first(&|c| {
                c.is_ascii_uppercase()
                    .then(|| char::from_u32(0xff21 + (c as u32 - 'A' as u32)))
                    .flatten()
            }),
        ),
        (
            "b45-cyrillic-lookalike",
            "a Cyrillic look-alike (such as U+0410 for A) in place of a Latin letter",
            b1,
            replace_first(&|c| {
                let latin = "ABCEHKMOPTX";
                let cyrillic =
                    "\u{410}\u{412}\u{421}\u{415}\u{41d}\u{41a}\u{41c}\u{41e}\u{420}\u{422}\u{425}";
                latin.find(c).and_then(|k| cyrillic.chars().nth(k))
            }),
        ),
        (
            "b45-zero-width-space",
            "a zero-width space U+200B inserted in the body",
            b1,
            Some(format!("UQ1:{}\u{200b}{}", &body[..mid], &body[mid..])),
        ),
    ];
    for (id, title, reqs, text) in unicode {
        if let Some(text) = text {
            g.invalid(cat, id, title, reqs, text, "BASE45_INVALID");
        }
    }
    g.invalid(
        cat,
        "b45-body-lowercase",
        "the whole body in lower case (a case-insensitive decoder would accept it)",
        b13,
        format!("UQ1:{}", body.to_ascii_lowercase()),
        "BASE45_INVALID",
    );
    if let Some(c) = body.chars().next().filter(char::is_ascii_uppercase) {
        g.invalid(
            cat,
            "b45-lowercase-first-char",
            "the first character of the body in lower case",
            b1,
            format!("UQ1:{}{}", c.to_ascii_lowercase(), &body[1..]),
            "BASE45_INVALID",
        );
    }
    let id = "b45-lowercase-last-char";
    if let Some((_, text)) = find_code(g, id, 200, |t| {
        (t.len() - 4) % 3 == 0 && t.as_bytes().last().is_some_and(u8::is_ascii_uppercase)
    }) {
        let n = text.len();
        let last = text[n - 1..].to_ascii_lowercase();
        g.invalid(
            cat,
            id,
            "the last character of the body in lower case",
            b1,
            format!("{}{last}", &text[..n - 1]),
            "BASE45_INVALID",
        );
    }
    for (id, title, tail) in [
        (
            "b45-trailing-cr",
            "a trailing carriage return after the body",
            "\r",
        ),
        (
            "b45-trailing-nul",
            "a trailing NUL U+0000 after the body",
            "\0",
        ),
        (
            "b45-trailing-line-separator",
            "a trailing line separator U+2028 after the body",
            "\u{2028}",
        ),
    ] {
        g.invalid(
            cat,
            id,
            title,
            b13,
            format!("{good}{tail}"),
            "BASE45_INVALID",
        );
    }
    g.invalid(
        cat,
        "b45-newline-after-prefix",
        "a newline between UQ1: and the body",
        b13,
        format!("UQ1:\n{body}"),
        "BASE45_INVALID",
    );
    let wrapped: Vec<&str> = body
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    g.invalid(
        cat,
        "b45-line-wrapped",
        "the body wrapped with a newline every 76 characters",
        b13,
        format!("UQ1:{}", wrapped.join("\n")),
        "BASE45_INVALID",
    );

    // R-B45-2 and R-B45-4: lengths.
    g.invalid(
        cat,
        "b45-single-character",
        "a body of one character",
        &["R-B45-2"],
        "UQ1:0".into(),
        "BASE45_INVALID",
    );
    let id = "b45-truncated-one-character";
    if let Some((_, text)) = find_code(g, id, 100, |t| (t.len() - 4) % 3 == 2) {
        g.invalid(
            cat,
            id,
            "a valid body of 3k+2 characters with its last character cut off",
            &["R-B45-2"],
            text[..text.len() - 1].to_owned(),
            "BASE45_INVALID",
        );
    }
    g.invalid(
        cat,
        "b45-shortest-body-reaches-zlib",
        "the shortest valid Base45 body '00' decodes to one zero byte, which is not a zlib stream",
        &["R-B45-2", "R-B45-4", "R-ZLIB-1"],
        "UQ1:00".into(),
        "DECOMPRESS_INVALID",
    );
    for (r, id) in [
        (0, "b45-body-length-0-mod-3"),
        (2, "b45-body-length-2-mod-3"),
    ] {
        if let Some((c, text)) = find_code(g, id, 100, |t| (t.len() - 4) % 3 == r) {
            g.valid(
                cat,
                id,
                &format!("valid code whose body length is {r} modulo 3"),
                &["R-B45-2", "R-B45-4"],
                text,
                &payload,
                &c,
            );
        }
    }

    // R-B45-3: the largest group values are valid, the next ones are not.
    // Stored blocks keep the cti bytes ff ff in the zlib stream as they are.
    let id = "b45-group-fgw-65535";
    let mut c = g.claims(id);
    c.cti = [0xff; 16];
    let cose = forge::cose(&g.k.es, &c, &payload);
    let text = forge::text_from_deflated(&zlib_stored(&cose));
    if group_at(&text, "FGW") {
        g.valid(
            cat,
            id,
            "valid code holding the group FGW (bytes ff ff = 65535, the largest 3-character value)",
            &["R-B45-3"],
            text,
            &payload,
            &c,
        );
    }
    let id = "b45-final-pair-u5-255";
    if let Some((c, text)) = find_code(g, id, 4000, |t| (t.len() - 4) % 3 == 2 && t.ends_with("U5"))
    {
        g.valid(
            cat,
            id,
            "valid code ending in the group U5 (byte ff = 255, the largest 2-character value)",
            &["R-B45-3"],
            text,
            &payload,
            &c,
        );
    }
    // A decoder that wraps values instead of rejecting them decodes the
    // same bytes from these aliases, so it would accept them.
    let groups = body.as_bytes().chunks(3);
    let alias = groups
        .enumerate()
        .find(|(_, grp)| grp.len() == 3 && b45_value(grp) <= 91_124 - 65_536);
    if let Some((k, grp)) = alias {
        let v = b45_value(grp);
        let i = 3 * k;
        g.invalid(
            cat,
            "b45-group-alias-plus-65536",
            &format!(
                "group {} (value {v}) written as {} (value {}): the same bytes modulo 65536",
                String::from_utf8_lossy(grp),
                b45_chars(v + 65_536, 3),
                v + 65_536
            ),
            &["R-B45-3"],
            format!(
                "UQ1:{}{}{}",
                &body[..i],
                b45_chars(v + 65_536, 3),
                &body[i + 3..]
            ),
            "BASE45_INVALID",
        );
    }
    let id = "b45-final-pair-alias-plus-256";
    if let Some((_, text)) = find_code(g, id, 100, |t| (t.len() - 4) % 3 == 2) {
        let n = text.len();
        let v = b45_value(&text.as_bytes()[n - 2..]);
        g.invalid(
            cat,
            id,
            &format!(
                "final pair {} (value {v}) written as {} (value {}): the same byte modulo 256",
                &text[n - 2..],
                b45_chars(v + 256, 2),
                v + 256
            ),
            &["R-B45-3"],
            format!("{}{}", &text[..n - 2], b45_chars(v + 256, 2)),
            "BASE45_INVALID",
        );
    }
}

/// Whether the body of `text` holds `group` at a group boundary.
fn group_at(text: &str, group: &str) -> bool {
    text.as_bytes()[4..]
        .chunks(3)
        .any(|grp| grp == group.as_bytes())
}

fn zlib_cases(g: &mut Gen) {
    let cat = "zlib";
    let cose = g.cose("zlib");
    let z = zlib::compress(&cose);
    let inv = |g: &mut Gen, id: &str, title: &str, reqs: &[&str], z: Vec<u8>| {
        g.invalid(
            cat,
            id,
            title,
            reqs,
            forge::text_from_deflated(&z),
            "DECOMPRESS_INVALID",
        );
    };
    inv(
        g,
        "zlib-raw-deflate",
        "raw deflate without the zlib header and checksum",
        &["R-ZLIB-1"],
        raw_deflate(&cose),
    );
    inv(
        g,
        "zlib-uncompressed",
        "the COSE bytes without any compression",
        &["R-ZLIB-1"],
        cose.clone(),
    );
    inv(
        g,
        "zlib-gzip",
        "gzip (RFC 1952) instead of zlib",
        &["R-ZLIB-1"],
        gzip(&cose),
    );
    let mut bad_cm = z.clone();
    bad_cm[0] = 0x77; // CM = 7
    bad_cm[1] = fcheck(0x77, bad_cm[1] & 0xe0);
    inv(
        g,
        "zlib-header-method-7",
        "compression method 7 instead of 8",
        &["R-ZLIB-1"],
        bad_cm,
    );
    let mut bad_fcheck = z.clone();
    bad_fcheck[1] ^= 0x01;
    inv(
        g,
        "zlib-header-bad-fcheck",
        "header check bits wrong",
        &["R-ZLIB-1"],
        bad_fcheck,
    );
    let mut window = z.clone();
    window[0] = 0x88; // CINFO = 8 (window 64 KiB, not allowed)
    window[1] = fcheck(0x88, window[1] & 0xe0);
    inv(
        g,
        "zlib-header-window-too-large",
        "CINFO 8 declares a window beyond 32 KiB",
        &["R-ZLIB-1"],
        window,
    );
    let mut dict = vec![0x78, fcheck(0x78, 0x20 | 0xc0)];
    dict.extend_from_slice(&[0, 0, 0, 1]);
    dict.extend_from_slice(&z[2..]);
    inv(
        g,
        "zlib-preset-dictionary",
        "FDICT set with a dictionary id",
        &["R-ZLIB-1"],
        dict,
    );
    let mut sum = z.clone();
    let n = sum.len();
    sum[n - 1] ^= 0x01;
    inv(
        g,
        "zlib-bad-adler32",
        "Adler-32 checksum off by one bit",
        &["R-ZLIB-2"],
        sum,
    );
    let mut trailing = z.clone();
    trailing.push(0x00);
    inv(
        g,
        "zlib-trailing-zero-byte",
        "one zero byte after the zlib stream",
        &["R-ZLIB-3"],
        trailing,
    );
    let mut two = z.clone();
    two.extend_from_slice(&zlib::compress(b"x"));
    inv(
        g,
        "zlib-two-streams",
        "a second zlib stream after the first",
        &["R-ZLIB-3"],
        two,
    );
    inv(
        g,
        "zlib-truncated-checksum",
        "the last 2 checksum bytes missing",
        &["R-ZLIB-1"],
        z[..z.len() - 2].to_vec(),
    );
    inv(
        g,
        "zlib-truncated-half",
        "the stream cut in half",
        &["R-ZLIB-1"],
        z[..z.len() / 2].to_vec(),
    );
    let mut flipped = z.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0xff;
    let flip_ok = zlib::inflate(&flipped).map(|_| ()).map_err(|e| e.code());
    if flip_ok == Err("DECOMPRESS_INVALID") {
        inv(
            g,
            "zlib-corrupt-block",
            "corrupted bits in the middle of the deflate data",
            &["R-ZLIB-1", "R-ZLIB-2"],
            flipped,
        );
    }
    inv(
        g,
        "zlib-header-only",
        "only the two header bytes",
        &["R-ZLIB-1"],
        z[..2].to_vec(),
    );

    // Valid alternative deflate encodings: any valid zlib stream is accepted.
    let payload = g.payload();
    for (level, id, title) in [
        (
            0,
            "zlib-stored-blocks",
            "zlib with stored (uncompressed) deflate blocks is valid",
        ),
        (
            1,
            "zlib-fastest-level",
            "zlib at the fastest level is valid",
        ),
    ] {
        let claims = g.claims(id);
        let cose = forge::cose(&g.k.es, &claims, &payload);
        let text = forge::text_from_deflated(&zlib_level(&cose, level));
        g.valid(
            "zlib",
            id,
            title,
            &["R-ZLIB-1", "R-ENC-2"],
            text,
            &payload,
            &claims,
        );
    }

    // The bomb guard and the inflated-size boundary.
    let bomb = zlib::compress(&vec![0u8; 1 << 20]);
    g.invalid(
        "limits",
        "limit-zlib-bomb-1mib",
        "1 MiB of zeros: inflation must stop at 16384 bytes",
        &["R-LIM-2"],
        forge::text_from_deflated(&bomb),
        "TOO_LARGE",
    );
    let over = zlib::compress(&vec![0x41u8; uniqr::limits::MAX_INFLATED + 1]);
    g.invalid(
        "limits",
        "limit-inflated-16385",
        "inflates to 16385 bytes, one over the limit",
        &["R-LIM-2"],
        forge::text_from_deflated(&over),
        "TOO_LARGE",
    );
    // 16384 bytes of one byte string item header + filler: passes ZLIB,
    // then fails CBOR (trailing bytes after the first item).
    let at = zlib::compress(&vec![0x41u8; uniqr::limits::MAX_INFLATED]);
    g.invalid(
        "limits",
        "limit-inflated-16384",
        "inflates to exactly 16384 bytes (allowed), which are not CBOR",
        &["R-LIM-2", "R-CBOR-1"],
        forge::text_from_deflated(&at),
        "CBOR_INVALID",
    );
    let _ = base45::encode(b"");
}

/// The FLG byte with the given high bits and a correct FCHECK for `cmf`.
fn fcheck(cmf: u8, high: u8) -> u8 {
    let base = (u16::from(cmf) << 8) | u16::from(high);
    let rem = base % 31;
    high | if rem == 0 { 0 } else { (31 - rem) as u8 }
}

/// DEFLATE output, packed least significant bit first (RFC 1951 §3.1.1).
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u8,
    n: u32,
}

impl Bits {
    fn bit(&mut self, b: u32) {
        self.acc |= ((b & 1) as u8) << self.n;
        self.n += 1;
        if self.n == 8 {
            self.out.push(self.acc);
            (self.acc, self.n) = (0, 0);
        }
    }

    /// A value of `len` bits, least significant first.
    fn put(&mut self, v: u32, len: u32) {
        (0..len).for_each(|i| self.bit(v >> i));
    }

    /// A Huffman code of `len` bits, most significant first.
    fn code(&mut self, c: u32, len: u32) {
        (0..len).rev().for_each(|i| self.bit(c >> i));
    }

    /// Fills the last byte with `fill` bits.
    fn align(&mut self, fill: u32) {
        while self.n != 0 {
            self.bit(fill);
        }
    }

    /// A literal/length symbol in the fixed Huffman code (RFC 1951 §3.2.6).
    fn fixed(&mut self, sym: u32) {
        match sym {
            0..=143 => self.code(0x30 + sym, 8),
            144..=255 => self.code(0x190 + sym - 144, 9),
            256..=279 => self.code(sym - 256, 7),
            _ => self.code(0xc0 + sym - 280, 8),
        }
    }

    /// A block header: BFINAL, then BTYPE.
    fn header(&mut self, last: bool, btype: u32) {
        self.put(u32::from(last), 1);
        self.put(btype, 2);
    }

    /// A fixed-Huffman block of literals only.
    fn fixed_block(&mut self, data: &[u8], last: bool) {
        self.header(last, 1);
        data.iter().for_each(|&b| self.fixed(b.into()));
        self.fixed(256);
    }

    /// A stored block whose NLEN is `!LEN ^ nlen_xor` (0: correct).
    fn stored_block(&mut self, data: &[u8], last: bool, nlen_xor: u16) {
        self.header(last, 0);
        self.align(0);
        let len = data.len() as u16;
        self.out.extend(len.to_le_bytes());
        self.out.extend((!len ^ nlen_xor).to_le_bytes());
        self.out.extend_from_slice(data);
    }
}

/// Adler-32 (RFC 1950 §8.2).
fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    b << 16 | a
}

/// A zlib stream from its CMF, FLEVEL, the DEFLATE bytes and the data
/// they inflate to (for the checksum).
fn zlib_wrap(cmf: u8, flevel: u8, deflate: &[u8], data: &[u8]) -> Vec<u8> {
    let mut z = vec![cmf, fcheck(cmf, flevel << 6)];
    z.extend_from_slice(deflate);
    z.extend(adler32(data).to_be_bytes());
    z
}

/// `data` in one stored block, header 78 01: its bytes appear as they are.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut b = Bits::default();
    b.stored_block(data, true, 0);
    zlib_wrap(0x78, 0, &b.out, data)
}

/// `data` as fixed-Huffman literals, header `cmf` 01, padding bits `fill`.
fn zlib_fixed(cmf: u8, data: &[u8], fill: u32) -> Vec<u8> {
    let mut b = Bits::default();
    b.fixed_block(data, true);
    b.align(fill);
    zlib_wrap(cmf, 0, &b.out, data)
}

/// Both sides of the ZLIB header and block rules.
fn zlib_more(g: &mut Gen) {
    let cat = "zlib";
    let payload = g.payload();
    let valid_z =
        |g: &mut Gen, id: &str, title: &str, reqs: &[&str], z: &dyn Fn(&[u8]) -> Vec<u8>| {
            let claims = g.claims(id);
            let cose = forge::cose(&g.k.es, &claims, &payload);
            let text = forge::text_from_deflated(&z(&cose));
            g.valid(cat, id, title, reqs, text, &payload, &claims);
        };
    let r1 = &["R-ZLIB-1", "R-ENC-2"];
    // Every valid header: CINFO 0 to 7, any FLEVEL (informative only).
    for level in [4, 6] {
        let id = format!("zlib-level-{level}");
        let head = zlib_level(b"", level);
        let title = format!(
            "zlib at level {level} (header {:02x} {:02x}) is valid",
            head[0], head[1]
        );
        valid_z(g, &id, &title, r1, &|c| zlib_level(c, level));
    }
    valid_z(
        g,
        "zlib-header-cinfo-0",
        "CINFO 0 (256-byte window, header 08 1d) over literal-only data is valid",
        r1,
        &|c| zlib_fixed(0x08, c, 0),
    );
    let cose = g.cose("zlib-header-cinfo-1");
    if cose.len() <= 512 {
        // Every distance of a message of at most 512 bytes fits the window.
        valid_z(
            g,
            "zlib-header-cinfo-1",
            "CINFO 1 (512-byte window) and FLEVEL 2: header 18 95 is valid",
            r1,
            &|c| zlib_wrap(0x18, 2, &raw_deflate(c), c),
        );
    }
    valid_z(
        g,
        "zlib-header-flevel-mismatch",
        "best-compressed data under header 78 01 (FLEVEL 0, 'fastest') is valid: FLEVEL is informative",
        r1,
        &|c| zlib_wrap(0x78, 0, &raw_deflate(c), c),
    );
    // Other block structures.
    valid_z(
        g,
        "zlib-fixed-huffman",
        "one fixed-Huffman block of literals (BTYPE 01) with its Adler-32 is valid",
        &["R-ZLIB-1", "R-ZLIB-2", "R-ENC-2"],
        &|c| zlib_fixed(0x78, c, 0),
    );
    valid_z(
        g,
        "zlib-mixed-block-types",
        "a fixed-Huffman block then a final stored block is valid",
        r1,
        &|c| {
            let mut b = Bits::default();
            b.fixed_block(&c[..c.len() / 2], false);
            b.stored_block(&c[c.len() / 2..], true, 0);
            zlib_wrap(0x78, 0, &b.out, c)
        },
    );
    valid_z(
        g,
        "zlib-empty-stored-block-first",
        "an empty non-final stored block (LEN 0) before the compressed data is valid",
        r1,
        &|c| {
            let mut b = Bits::default();
            b.stored_block(&[], false, 0);
            b.out.extend(raw_deflate(c));
            zlib_wrap(0x78, 3, &b.out, c)
        },
    );
    // The bits after the end of the final block, up to the byte boundary,
    // are not data (RFC 1951): set to 1 they do not make a trailing byte.
    let id = "zlib-padding-bits-set";
    let padded = (0..50).find_map(|i| {
        let claims = claims_n(g, id, i);
        let cose = forge::cose(&g.k.es, &claims, &payload);
        let mut b = Bits::default();
        b.fixed_block(&cose, true);
        (b.n != 0).then(|| {
            b.align(1);
            (claims, zlib_wrap(0x78, 0, &b.out, &cose))
        })
    });
    if let Some((claims, z)) = padded {
        g.valid(
            cat,
            id,
            "the unused bits after the final block's end set to 1 are not trailing data: valid",
            &["R-ZLIB-1", "R-ZLIB-3"],
            forge::text_from_deflated(&z),
            &payload,
            &claims,
        );
    }

    // Invalid headers, blocks and checksums, one defect each.
    let inv = |g: &mut Gen, id: &str, title: &str, reqs: &[&str], z: Vec<u8>| {
        g.invalid(
            cat,
            id,
            title,
            reqs,
            forge::text_from_deflated(&z),
            "DECOMPRESS_INVALID",
        );
    };
    let cose = g.cose("zlib-more");
    let z = zlib::compress(&cose);
    let r1 = &["R-ZLIB-1"];
    let mut h = z.clone();
    h[0] = 0x7f; // CM = 15, reserved
    h[1] = fcheck(0x7f, h[1] & 0xe0);
    inv(
        g,
        "zlib-header-method-15",
        "compression method 15 (reserved)",
        r1,
        h,
    );
    let mut h = z.clone();
    h[0] = 0xf8; // CINFO = 15
    h[1] = fcheck(0xf8, h[1] & 0xe0);
    inv(g, "zlib-header-cinfo-15", "CINFO 15 (window 2^23)", r1, h);
    // An FLG whose check holds only with the two header bytes swapped.
    if let Some(flg) = (0..=255u8).find(|&f| {
        f & 0x20 == 0 && (u16::from(f) << 8 | 0x78) % 31 == 0 && (0x7800 | u16::from(f)) % 31 != 0
    }) {
        let mut h = z.clone();
        h[1] = flg;
        inv(
            g,
            "zlib-header-fcheck-byte-swapped",
            &format!("FLG {flg:02x}: FCHECK computed over FLG*256+CMF instead of CMF*256+FLG"),
            r1,
            h,
        );
    }
    let n = z.len();
    let mut le = z.clone();
    le[n - 4..].reverse();
    if le != z {
        inv(
            g,
            "zlib-adler32-little-endian",
            "the right Adler-32 written little-endian",
            &["R-ZLIB-2"],
            le,
        );
    }
    let mut zero = z.clone();
    zero[n - 4..].fill(0);
    inv(
        g,
        "zlib-adler32-zero",
        "Adler-32 written as zero",
        &["R-ZLIB-2"],
        zero,
    );
    inv(
        g,
        "zlib-checksum-missing",
        "the DEFLATE data complete but no Adler-32 after it",
        &["R-ZLIB-2"],
        z[..n - 4].to_vec(),
    );
    let mut before = z[..n - 4].to_vec();
    before.push(0x00);
    before.extend_from_slice(&z[n - 4..]);
    inv(
        g,
        "zlib-byte-before-checksum",
        "a zero byte between the DEFLATE data and the right Adler-32 (the last 4 bytes)",
        &["R-ZLIB-2", "R-ZLIB-3"],
        before,
    );
    let mut b = Bits::default();
    b.fixed_block(&cose, false);
    b.align(0);
    inv(
        g,
        "zlib-no-final-block",
        "the only block is not marked final (BFINAL 0), then the Adler-32",
        r1,
        zlib_wrap(0x78, 0, &b.out, &cose),
    );
    let mut b = Bits::default();
    b.header(true, 3);
    cose.iter().for_each(|&x| b.fixed(x.into()));
    b.fixed(256);
    b.align(0);
    inv(
        g,
        "zlib-reserved-block-type",
        "a block of the reserved type BTYPE 11",
        r1,
        zlib_wrap(0x78, 0, &b.out, &cose),
    );
    let mut b = Bits::default();
    b.stored_block(&cose, true, 1);
    inv(
        g,
        "zlib-stored-length-mismatch",
        "a stored block whose NLEN is not the complement of LEN",
        r1,
        zlib_wrap(0x78, 0, &b.out, &cose),
    );
    let mut b = Bits::default();
    b.header(true, 1);
    b.fixed(257); // length 3
    b.code(0, 5); // distance 1, before any output
    cose.iter().for_each(|&x| b.fixed(x.into()));
    b.fixed(256);
    b.align(0);
    inv(
        g,
        "zlib-distance-too-far-back",
        "a match at distance 1 before any byte has been output",
        r1,
        zlib_wrap(0x78, 0, &b.out, &cose),
    );
    let mut b = Bits::default();
    b.header(true, 1);
    b.fixed(286);
    cose.iter().for_each(|&x| b.fixed(x.into()));
    b.fixed(256);
    b.align(0);
    inv(
        g,
        "zlib-fixed-code-286",
        "fixed-Huffman length symbol 286, which does not occur in valid data",
        r1,
        zlib_wrap(0x78, 0, &b.out, &cose),
    );
}

/// Text bytes of `n` (1 to 320) bytes in at most 80 characters: 4-byte
/// characters and one shorter one.
fn text_of_bytes(n: usize) -> String {
    let tail = ["", "A", "\u{110}", "\u{1ec5}"][n % 4];
    format!("{}{tail}", "\u{20000}".repeat(n / 4))
}

/// The sample payload with `nt` test and `nr` recovery entries added,
/// their free texts grown so that the COSE message signed with claims `c`
/// is exactly `target` bytes; `None` if out of reach.
pub(super) fn payload_of_cose_len(
    g: &Gen,
    c: &Claims,
    nt: usize,
    nr: usize,
    target: usize,
) -> Option<Payload> {
    let one = || "A".to_owned();
    let mut p = g.payload();
    p.t = (nt > 0).then(|| {
        (0..nt)
            .map(|i| Test {
                tg: "840539006".into(),
                tt: "LP6464-4".into(),
                nm: Some(one()),
                ma: None,
                sc: format!("2025-12-{:02}T08:00:00Z", i + 1),
                tr: "260415000".into(),
                tc: Some(one()),
                co: "VN".into(),
                is: one(),
                ci: one(),
            })
            .collect()
    });
    p.r = (nr > 0).then(|| {
        (0..nr)
            .map(|i| Recovery {
                tg: "840539006".into(),
                fr: format!("2025-11-{:02}", i + 1),
                co: "VN".into(),
                is: one(),
                df: "2025-12-01".into(),
                du: "2026-06-01".into(),
                ci: one(),
            })
            .collect()
    });
    let cose_len = |p: &Payload| {
        let protected = forge::protected(&g.k.es);
        cose::serialize(&protected, &forge::claims_bytes(c, p), &[0; 64]).len()
    };
    // A text of L bytes takes L + 1 (L < 24), L + 2 (L < 256) or L + 3
    // bytes: growing one from 1 byte adds 0..=22, 24..=255 or 257..=321.
    let mut rest = target.checked_sub(cose_len(&p))?;
    let mut slots: Vec<&mut String> = Vec::new();
    for t in p.t.iter_mut().flatten() {
        slots.extend([&mut t.is, &mut t.ci]);
        slots.extend(t.nm.as_mut());
        slots.extend(t.tc.as_mut());
    }
    for r in p.r.iter_mut().flatten() {
        slots.extend([&mut r.is, &mut r.ci]);
    }
    for s in slots {
        let mut add = rest.min(321);
        if add == 23 || add == 256 {
            add -= 1;
        }
        let len = match add {
            0..=22 => add + 1,
            24..=255 => add,
            _ => add - 1,
        };
        *s = text_of_bytes(len);
        rest -= add;
    }
    (rest == 0 && cose_len(&p) == target).then_some(p)
}

/// R-LIM-1 at the boundary: the text limit counts bytes, and 2420 bytes
/// cannot be a valid code (a body of 2416 characters is 1 modulo 3).
fn text_limits(g: &mut Gen) {
    let cat = "limits";
    // One stored block: 11 bytes of zlib around the COSE bytes, so the text
    // length follows from the message length exactly.
    let stored_text = |g: &Gen, id: &str, cose_len: usize| {
        let c = g.claims(id);
        let p = payload_of_cose_len(g, &c, 1, 0, cose_len)?;
        let cose = forge::cose(&g.k.es, &c, &p);
        Some((c, p, forge::text_from_deflated(&zlib_stored(&cose))))
    };
    let longest = stored_text(g, "limit-text-2419-longest-valid", 1599);
    if let Some((c, p, text)) = &longest
        && text.len() == 2419
    {
        g.valid(
            cat,
            "limit-text-2419-longest-valid",
            "valid code of 2419 characters, the longest a valid text can be (2420 would leave a lone Base45 character)",
            &["R-LIM-1"],
            text.clone(),
            p,
            c,
        );
    }
    if let Some((_, _, text)) = stored_text(g, "limit-text-2421", 1600)
        && text.len() == 2421
    {
        g.invalid(
            cat,
            "limit-text-2421",
            "text of 2421 characters, one over the limit",
            &["R-LIM-1"],
            text,
            "TOO_LARGE",
        );
    }
    let Some((_, _, text)) = stored_text(g, "limit-text-2420", 1599) else {
        return;
    };
    g.invalid(
        cat,
        "limit-text-2420-bytes-dangling",
        "text of exactly 2420 bytes (a valid 2419-character code and one more character) is not too large: a lone Base45 character",
        &["R-LIM-1", "R-B45-2"],
        format!("{text}0"),
        "BASE45_INVALID",
    );
    let mid = text.len() / 2;
    g.invalid(
        cat,
        "limit-text-2420-bytes-2419-characters",
        "2419 characters of which one is the 2-byte \u{c9}: 2420 bytes is not too large, the character is not Base45",
        &["R-LIM-1", "R-B45-1"],
        format!("{}\u{c9}{}", &text[..mid], &text[mid + 1..]),
        "BASE45_INVALID",
    );
}

/// R-LIM-2 at the boundary with real messages: 8 test and 8 recovery
/// entries of repetitive texts make a COSE message of 16 KiB that
/// compresses into a text within R-LIM-1.
fn inflated_limits(g: &mut Gen) {
    let cat = "limits";
    let max = uniqr::limits::MAX_INFLATED;
    let big = |g: &Gen, id: &str, len: usize| {
        let c = g.claims(id);
        let p = payload_of_cose_len(g, &c, 8, 8, len)?;
        let cose = forge::cose(&g.k.es, &c, &p);
        let z = zlib::compress(&cose);
        let fits = forge::text_from_deflated(&z).len() <= uniqr::limits::MAX_TEXT_LEN;
        fits.then_some((c, p, z))
    };
    let id = "limit-inflated-16384-valid";
    if let Some((c, p, z)) = big(g, id, max) {
        g.valid(
            cat,
            id,
            "valid code whose COSE message is exactly 16384 bytes (8 entries of each kind, nesting 4 deep)",
            &["R-LIM-2", "R-LIM-3", "R-LIM-5"],
            forge::text_from_deflated(&z),
            &p,
            &c,
        );
    }
    let id = "limit-inflated-16385-signed-message";
    if let Some((_, _, z)) = big(g, id, max + 1) {
        g.invalid(
            cat,
            id,
            "a validly signed code whose COSE message is 16385 bytes, one over the limit",
            &["R-LIM-2"],
            forge::text_from_deflated(&z),
            "TOO_LARGE",
        );
    }
    let id = "limit-inflated-16384-bad-checksum";
    if let Some((_, _, mut z)) = big(g, id, max) {
        let n = z.len();
        z[n - 1] ^= 1;
        g.invalid(
            cat,
            id,
            "a 16384-byte message (not too large) with a wrong Adler-32",
            &["R-LIM-2", "R-ZLIB-2"],
            forge::text_from_deflated(&z),
            "DECOMPRESS_INVALID",
        );
    }
}

/// Adjacent checks of steps 1 to 5 of R-ORD-1, two defects each.
fn order(g: &mut Gen) {
    let cat = "check-order";
    let c = g.claims("order-text-layers");
    let Some(p) = payload_of_cose_len(g, &c, 1, 0, 1600) else {
        return;
    };
    let cose = forge::cose(&g.k.es, &c, &p);
    let long = forge::text_from_deflated(&zlib_stored(&cose));
    g.invalid(
        cat,
        "order-text-length-before-prefix",
        "2421 characters and prefix uq1: TOO_LARGE first",
        &["R-ORD-1", "R-LIM-1", "R-PFX-1"],
        format!("uq1:{}", &long[4..]),
        "TOO_LARGE",
    );
    let Some(p) = payload_of_cose_len(g, &c, 1, 0, 1599) else {
        return;
    };
    let cose = forge::cose(&g.k.es, &c, &p);
    let text = forge::text_from_deflated(&zlib_stored(&cose));
    let mid = text.len() / 2;
    g.invalid(
        cat,
        "order-text-length-before-base45",
        "2419 characters of which one is the 3-byte \u{20ac}, so 2421 bytes: TOO_LARGE first (the limit counts bytes)",
        &["R-ORD-1", "R-LIM-1", "R-B45-1"],
        format!("{}\u{20ac}{}", &text[..mid], &text[mid + 1..]),
        "TOO_LARGE",
    );
    let good = g.code(&g.k.es, "order-text-layers", &g.payload());
    let body = &good[4..];
    let mid = body.len() / 2;
    let hash = format!("{}#{}", &body[..mid], &body[mid + 1..]);
    g.invalid(
        cat,
        "order-prefix-before-base45",
        "prefix uq1: and a '#' in the body: PREFIX_INVALID first",
        &["R-ORD-1", "R-PFX-1", "R-B45-1"],
        format!("uq1:{hash}"),
        "PREFIX_INVALID",
    );
    g.invalid(
        cat,
        "order-version-before-base45",
        "prefix UQ2: and a '#' in the body: VERSION_UNSUPPORTED first",
        &["R-ORD-1", "R-PFX-2", "R-B45-1"],
        format!("UQ2:{hash}"),
        "VERSION_UNSUPPORTED",
    );
    let cose = g.cose("order-text-layers");
    let raw = base45::encode(&raw_deflate(&cose));
    let mid = raw.len() / 2;
    g.invalid(
        cat,
        "order-base45-before-zlib",
        "raw deflate (no zlib header) and a lower-case letter in the body: BASE45_INVALID first",
        &["R-ORD-1", "R-B45-1", "R-ZLIB-1"],
        format!("UQ1:{}a{}", &raw[..mid], &raw[mid + 1..]),
        "BASE45_INVALID",
    );
    let mut z = zlib::compress(&cose[..cose.len() - 1]);
    let n = z.len();
    z[n - 1] ^= 1;
    g.invalid(
        cat,
        "order-zlib-before-cbor",
        "COSE message missing its last byte, with a wrong Adler-32: DECOMPRESS_INVALID first",
        &["R-ORD-1", "R-ZLIB-2", "R-CBOR-1"],
        forge::text_from_deflated(&z),
        "DECOMPRESS_INVALID",
    );
    let c = g.claims("order-inflated-limit-before-checksum");
    if let Some(p) = payload_of_cose_len(g, &c, 8, 8, uniqr::limits::MAX_INFLATED + 1) {
        let mut z = zlib::compress(&forge::cose(&g.k.es, &c, &p));
        let n = z.len();
        z[n - 1] ^= 1;
        g.invalid(
            cat,
            "order-inflated-limit-before-checksum",
            "a 16385-byte message with a wrong Adler-32: TOO_LARGE, as inflation stops at the limit",
            &["R-ORD-1", "R-LIM-2", "R-ZLIB-2"],
            forge::text_from_deflated(&z),
            "TOO_LARGE",
        );
    }
}
