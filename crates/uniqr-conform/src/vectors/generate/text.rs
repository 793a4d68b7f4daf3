//! Prefix, Base45, ZLIB and text-length cases.

use super::Gen;
use crate::forge;
use crate::forge::{gzip, raw_deflate, zlib_level};
use uniqr::{base45, zlib};

pub(super) fn cases(g: &mut Gen) {
    prefix(g);
    base45_cases(g);
    zlib_cases(g);
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
    let good = g.code(&g.k.es, "limit-text", &payload);
    let pad = uniqr::limits::MAX_TEXT_LEN + 1 - good.len();
    g.invalid(
        "limits",
        "limit-text-2421",
        "text of 2421 characters, one over the limit",
        &["R-LIM-1"],
        format!("{good}{}", "0".repeat(pad)),
        "TOO_LARGE",
    );
    let _ = base45::encode(b"");
}

/// The FLG byte with the given high bits and a correct FCHECK for `cmf`.
fn fcheck(cmf: u8, high: u8) -> u8 {
    let base = (u16::from(cmf) << 8) | u16::from(high);
    let rem = base % 31;
    high | if rem == 0 { 0 } else { (31 - rem) as u8 }
}
