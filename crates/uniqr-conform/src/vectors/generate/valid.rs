//! Valid codes of every shape with both algorithms, the largest code that
//! fits, encode cases (byte-exact COSE) and decode cases.

use serde_json::json;

use super::{Gen, examples};
use crate::forge;
use crate::vectors::{Case, Expected, Input, Op};
use uniqr::claims::Claims;
use uniqr::cose::Alg;
use uniqr::error::Error;
use uniqr::hex;
use uniqr::payload::{Payload, Recovery, Test, Vaccination};
use uniqr::signer::Signer;

/// The key file of each signer used by encode cases.
fn key_path(alg: Alg) -> &'static str {
    match alg {
        Alg::Es256 => "keys/test-es256-vn-hn.json",
        Alg::EdDsa => "keys/test-eddsa-vn-hn.json",
    }
}

fn alg_slug(alg: Alg) -> &'static str {
    match alg {
        Alg::Es256 => "es256",
        Alg::EdDsa => "eddsa",
    }
}

pub(super) fn cases(g: &mut Gen) -> Result<(), Error> {
    let examples = examples();
    for alg in [Alg::Es256, Alg::EdDsa] {
        let s = alg_slug(alg);
        let signer = signer(g, alg);
        for (name, p) in &examples {
            let id = format!("valid-{s}-{name}");
            let c = g.claims(&id);
            let text = g.code(&signer, &id, p);
            g.valid(
                &format!("valid-{s}"),
                &id,
                &format!("{name} signed with {}", alg.name()),
                // The accepted side of the prohibitions every code obeys.
                &[
                    "R-ORD-1",
                    "R-COSE-4",
                    "R-PAY-1",
                    "R-B45-1",
                    "R-CBOR-1",
                    "R-CBOR-2",
                    "R-CWT-1",
                    "R-CWT-2",
                    "R-TRUST-8",
                ],
                text,
                p,
                &c,
            );
            encode_case(g, alg, name, p)?;
        }
    }
    largest(g)?;
    encode_at_inflated_limit(g);
    encode_exp_year_9999(g);
    encode_over_text_limit(g)?;
    minimal(g);
    encode_refused(g);
    decode(g);
    Ok(())
}

fn signer(g: &Gen, alg: Alg) -> Signer {
    match alg {
        Alg::Es256 => g.k.es.clone(),
        Alg::EdDsa => g.k.ed.clone(),
    }
}

/// R-LIM-2 from the encoder's side: a COSE message of exactly the limit is
/// encoded (its payload repeats one letter, so the text stays short).
fn encode_at_inflated_limit(g: &mut Gen) {
    let id = "encode-es256-cose-at-inflated-limit";
    let c = g.claims(id);
    let Some(p) = super::text::payload_of_cose_len(g, &c, 8, 8, uniqr::limits::MAX_INFLATED) else {
        return;
    };
    push_encoded(
        g,
        id,
        "a COSE message of exactly 16384 bytes, the R-LIM-2 limit, is still issued",
        &["R-ENC-1", "R-LIM-2"],
        &p,
        &c,
    );
}

/// The last allowed `exp`, above 2^32: the encoder writes its one 8-byte
/// integer head (R-CBOR-3, R-CWT-2).
fn encode_exp_year_9999(g: &mut Gen) {
    let id = "encode-es256-exp-year-9999";
    let c = Claims {
        exp: uniqr::claims::MAX_TIME - 1,
        ..g.claims(id)
    };
    let p = g.payload();
    push_encoded(
        g,
        id,
        "exp at 9999-12-31T23:59:59Z, an integer in 8 bytes: the canonical COSE bytes",
        &["R-ENC-1", "R-CBOR-3", "R-CWT-2"],
        &p,
        &c,
    );
}

/// A valid ES256 `encode` case: the canonical COSE bytes of `p` and `c`.
fn push_encoded(g: &mut Gen, id: &str, title: &str, reqs: &[&str], p: &Payload, c: &Claims) {
    let cose = forge::cose(&g.k.es, c, p);
    g.case(Case {
        id: id.into(),
        title: title.into(),
        category: "encode-es256".into(),
        requirements: reqs.iter().map(|r| (*r).into()).collect(),
        op: Op::Encode,
        input: Input {
            payload: serde_json::to_value(p).ok(),
            claims: serde_json::to_value(c).ok(),
            key: Some(key_path(Alg::Es256).into()),
            ..Input::default()
        },
        context: None,
        expected: Expected {
            valid: true,
            cose_hex: Some(hex::encode(&cose)),
            ..Expected::default()
        },
    });
}

/// R-LIM-1 from the encoder's side: test and recovery entries whose texts
/// are 80 random letters and digits, far over the text limit whatever the
/// compressor (R-ENC-2 lets DEFLATE output differ, hence the margin),
/// while the COSE message stays under R-LIM-2.
fn encode_over_text_limit(g: &mut Gen) -> Result<(), Error> {
    const ALNUM: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let id = "encode-refuses-text-over-limit";
    let c = g.claims(id);
    let mut random = |n: usize| -> String {
        g.bytes(n)
            .iter()
            .map(|b| char::from(ALNUM[usize::from(*b) % ALNUM.len()]))
            .collect()
    };
    let tests: Vec<Test> = (0..uniqr::limits::MAX_ENTRIES)
        .map(|n| Test {
            tg: "840539006".into(),
            tt: "LP217198-3".into(),
            nm: Some(random(80)),
            ma: None,
            sc: format!("2025-12-{:02}T08:00:00Z", n + 1),
            tr: "260415000".into(),
            tc: Some(random(80)),
            co: "VN".into(),
            is: random(80),
            ci: random(80),
        })
        .collect();
    let recoveries: Vec<Recovery> = (0..uniqr::limits::MAX_ENTRIES)
        .map(|n| Recovery {
            tg: "840539006".into(),
            fr: format!("2025-11-{:02}", n + 1),
            co: "VN".into(),
            is: random(80),
            df: format!("2025-11-{:02}", n + 11),
            du: "2026-05-01".into(),
            ci: random(80),
        })
        .collect();
    let p = Payload {
        t: Some(tests),
        r: Some(recoveries),
        ..g.payload()
    };
    let cose = uniqr::codec::encode_cose(&p, &g.k.es, &c)?;
    let text_len =
        uniqr::prefix::PREFIX.len() + uniqr::base45::encode(&uniqr::zlib::compress(&cose)).len();
    if text_len > uniqr::limits::MAX_TEXT_LEN * 3 / 2 {
        push_refused(
            g,
            id,
            &format!(
                "a code of {text_len} characters (entry texts of random letters and digits): over 2420 with any compressor"
            ),
            &["R-ENC-1", "R-LIM-1"],
            key_path(Alg::Es256),
            serde_json::to_value(&p).unwrap_or_default(),
            serde_json::to_value(&c).unwrap_or_default(),
            "TOO_LARGE",
        );
    }
    Ok(())
}

fn encode_case(g: &mut Gen, alg: Alg, name: &str, p: &Payload) -> Result<(), Error> {
    let s = alg_slug(alg);
    let id = format!("encode-{s}-{name}");
    let c = g.claims(&id);
    let cose = uniqr::codec::encode_cose(p, &signer(g, alg), &c)?;
    g.case(Case {
        id: id.clone(),
        title: format!("canonical COSE bytes of {name} with {}", alg.name()),
        category: format!("encode-{s}"),
        requirements: vec![
            "R-ENC-1".into(),
            "R-ENC-3".into(),
            "R-CBOR-3".into(),
            "R-CBOR-4".into(),
            "R-SIG-2".into(),
        ],
        op: Op::Encode,
        input: Input {
            payload: serde_json::to_value(p).ok(),
            claims: serde_json::to_value(&c).ok(),
            key: Some(key_path(alg).into()),
            ..Input::default()
        },
        context: None,
        expected: Expected {
            valid: true,
            cose_hex: Some(hex::encode(&cose)),
            ..Expected::default()
        },
    });
    Ok(())
}

/// The largest code: entries of every kind, with incompressible ids, added
/// round-robin until one more would exceed the text limit (R-LIM-1).
fn largest(g: &mut Gen) -> Result<(), Error> {
    let base = g.payload();
    let Some(first) = base.v.as_ref().and_then(|v| v.first()).cloned() else {
        return Ok(());
    };
    let id = "valid-largest-code";
    let c = g.claims(id);
    let mut p = Payload {
        v: Some(Vec::new()),
        t: Some(Vec::new()),
        r: Some(Vec::new()),
        ..base
    };
    let mut best = None;
    for i in 0..3 * uniqr::limits::MAX_ENTRIES {
        let ci = format!("URN:UVCI:01:VN:{}", hex::encode(&g.bytes(20)));
        let n = i / 3 + 1;
        match i % 3 {
            0 => p.v.get_or_insert_with(Vec::new).push(Vaccination {
                dn: n as i64,
                sd: 8,
                ci,
                ..first.clone()
            }),
            1 => p.t.get_or_insert_with(Vec::new).push(Test {
                tg: "840539006".into(),
                tt: "LP217198-3".into(),
                nm: None,
                ma: Some("1232".into()),
                sc: format!("2025-12-{n:02}T08:00:00Z"),
                tr: "260415000".into(),
                tc: None,
                co: "VN".into(),
                is: "Bộ Y tế".into(),
                ci,
            }),
            _ => p.r.get_or_insert_with(Vec::new).push(Recovery {
                tg: "840539006".into(),
                fr: format!("2025-11-{n:02}"),
                co: "VN".into(),
                is: "Bộ Y tế".into(),
                df: format!("2025-11-{:02}", n + 10),
                du: "2026-05-01".into(),
                ci,
            }),
        }
        if i < 2 {
            continue;
        }
        match uniqr::encode(&p, &g.k.es, &c) {
            Ok(text) => best = Some((p.clone(), text)),
            Err(Error::TooLarge(_)) => break,
            Err(e) => return Err(e),
        }
    }
    if let Some((p, text)) = best {
        let n = text.len();
        g.valid(
            "valid-limits",
            id,
            &format!("the largest code of the suite ({n} characters, limit 2420)"),
            &["R-LIM-1", "R-PAY-1"],
            text,
            &p,
            &c,
        );
    }
    Ok(())
}

fn minimal(g: &mut Gen) {
    let p = Payload {
        ver: "1.0.0".into(),
        pid: "0".into(),
        nam: uniqr::payload::Names {
            family: None,
            fnt: "A".into(),
            gn: None,
            gnt: None,
        },
        dob: String::new(),
        v: None,
        t: None,
        r: None,
    };
    for alg in [Alg::Es256, Alg::EdDsa] {
        let id = format!("valid-minimal-{}", alg_slug(alg));
        let c = g.claims(&id);
        let text = g.code(&signer(g, alg), &id, &p);
        g.valid(
            "valid-limits",
            &id,
            &format!("the smallest valid payload, {}", alg.name()),
            &["R-PAY-1", "R-PAY-2", "R-PAY-4"],
            text,
            &p,
            &c,
        );
    }
}

fn encode_refused(g: &mut Gen) {
    let p = g.payload();
    let push = |g: &mut Gen,
                id: &str,
                title: &str,
                reqs: &[&str],
                payload: serde_json::Value,
                claims: serde_json::Value,
                code: &str| {
        let key = key_path(Alg::Es256);
        push_refused(g, id, title, reqs, key, payload, claims, code);
    };
    let pj = serde_json::to_value(&p).unwrap_or_default();
    let cj = serde_json::to_value(g.claims("encode-refused")).unwrap_or_default();
    let mut bad = pj.clone();
    bad["nam"]["fnt"] = json!("nguyen");
    push(
        g,
        "encode-refuses-invalid-payload",
        "an encoder must refuse a payload that breaks a rule",
        &["R-ENC-1", "R-PAY-4"],
        bad,
        cj.clone(),
        "PAYLOAD_INVALID",
    );
    let mut bad = pj.clone();
    bad["v"][0]["dn"] = json!(1.0);
    push(
        g,
        "encode-refuses-float-dose",
        "a JSON payload with dose number 1.0 is not an integer",
        &["R-JSON-3", "R-PAY-11"],
        bad,
        cj.clone(),
        "PAYLOAD_INVALID",
    );
    let mut bad = pj.clone();
    bad["nam"]["gn"] = json!(null);
    push(
        g,
        "encode-refuses-null-member",
        "an optional member set to null is not the same as absent",
        &["R-JSON-3"],
        bad,
        cj.clone(),
        "PAYLOAD_INVALID",
    );
    let mut bad = pj.clone();
    bad["nam"]["fn"] = json!("Nguye\u{302}\u{303}n");
    push(
        g,
        "encode-refuses-nfd-name",
        "an encoder must refuse text not in NFC instead of signing it",
        &["R-ENC-1", "R-CBOR-3"],
        bad,
        cj.clone(),
        "PAYLOAD_INVALID",
    );
    let mut bad = pj.clone();
    bad["v"] = json!([]);
    push(
        g,
        "encode-refuses-empty-entries",
        "an encoder must refuse an empty entry array",
        &["R-ENC-1", "R-PAY-9"],
        bad,
        cj.clone(),
        "PAYLOAD_INVALID",
    );
    // Compressible but too large once inflated (a fuzzing regression).
    let mut big = pj.clone();
    let long = "ễ".repeat(80);
    let entry = |extra: serde_json::Value| {
        let mut e = extra;
        e["is"] = json!(long);
        e["ci"] = json!(long);
        e
    };
    big["v"] = serde_json::Value::Array(vec![entry(pj["v"][0].clone()); 8]);
    big["t"] = serde_json::Value::Array(vec![
        entry(
            json!({"tg": "840539006", "tt": "LP6464-4", "nm": long, "sc": "2026-03-01T08:30:00Z", "tr": "260415000", "tc": long, "co": "VN"})
        );
        8
    ]);
    big["r"] = serde_json::Value::Array(vec![
        entry(
            json!({"tg": "840539006", "fr": "2026-02-10", "co": "VN", "df": "2026-02-21", "du": "2026-08-10"})
        );
        8
    ]);
    push(
        g,
        "encode-refuses-over-inflated-limit",
        "an encoder must refuse a payload whose COSE message exceeds 16384 bytes, however well it compresses",
        &["R-ENC-1", "R-LIM-2"],
        big.clone(),
        cj.clone(),
        "TOO_LARGE",
    );
    let mut c = cj.clone();
    c["exp"] = c["iat"].clone();
    push(
        g,
        "encode-refuses-exp-equal-iat",
        "an encoder must refuse exp equal to iat",
        &["R-ENC-1", "R-CWT-3"],
        pj.clone(),
        c,
        "CLAIMS_INVALID",
    );
    let mut c = cj.clone();
    c["iss"] = json!("VN-SG");
    push(
        g,
        "encode-refuses-foreign-issuer",
        "an encoder must refuse an iss that is not its key's issuer",
        &["R-ENC-1", "R-TRUST-3"],
        pj.clone(),
        c,
        "ISSUER_MISMATCH",
    );
    encode_order(g, &pj, &cj, &big);
}

/// R-ENC-4: each pair of adjacent refusals, with both defects in one
/// request; the earlier check's code wins.
fn encode_order(
    g: &mut Gen,
    pj: &serde_json::Value,
    cj: &serde_json::Value,
    big: &serde_json::Value,
) {
    let es = key_path(Alg::Es256);
    let (broken_key, old_key, tests_key) = (
        "keys/key-file-d-missing.json",
        "keys/test-es256-vn-hn-window-ended.json",
        "keys/test-eddsa-vn-hn-tests-only.json",
    );
    let mut bad_claims = cj.clone();
    bad_claims["exp"] = bad_claims["iat"].clone();
    let mut foreign = cj.clone();
    foreign["iss"] = json!("VN-SG");
    let mut bad_both = bad_claims.clone();
    bad_both["iss"] = json!("VN-SG");
    let mut bad_payload = pj.clone();
    bad_payload["nam"]["fnt"] = json!("nguyen");
    // An iat before the tests-only key's window (2025-01-01).
    let mut early = cj.clone();
    early["iat"] = json!(1_704_067_200);
    let cases: [(
        &str,
        &str,
        &str,
        &serde_json::Value,
        &serde_json::Value,
        &str,
    ); 6] = [
        (
            "encode-order-key-file-before-claims",
            "a key file without d and exp equal to iat: the key file is read first",
            broken_key,
            pj,
            &bad_claims,
            "KEY_FILE_INVALID",
        ),
        (
            "encode-order-claims-before-issuer",
            "exp equal to iat and a foreign iss: the claims are checked before the issuer",
            es,
            pj,
            &bad_both,
            "CLAIMS_INVALID",
        ),
        (
            "encode-order-issuer-before-payload",
            "a foreign iss and a lowercase fnt: the issuer is checked before the payload",
            es,
            &bad_payload,
            &foreign,
            "ISSUER_MISMATCH",
        ),
        (
            "encode-order-payload-before-key-window",
            "a lowercase fnt and a key whose window has ended: the payload is checked first",
            old_key,
            &bad_payload,
            cj,
            "PAYLOAD_INVALID",
        ),
        (
            "encode-order-key-window-before-usage",
            "iat before the key's window and vaccinations for a tests-only key: the window is checked first",
            tests_key,
            pj,
            &early,
            "KEY_NOT_VALID",
        ),
        (
            "encode-order-usage-before-size",
            "vaccinations for a tests-only key in a payload over the inflated limit: usage is checked first",
            tests_key,
            big,
            cj,
            "KEY_USAGE_DENIED",
        ),
    ];
    for (id, title, key, payload, claims, code) in cases {
        let reqs = ["R-ENC-4"];
        push_refused(
            g,
            id,
            title,
            &reqs,
            key,
            payload.clone(),
            claims.clone(),
            code,
        );
    }
}

/// An `encode` case the encoder must refuse with `code`.
#[allow(clippy::too_many_arguments)]
fn push_refused(
    g: &mut Gen,
    id: &str,
    title: &str,
    reqs: &[&str],
    key: &str,
    payload: serde_json::Value,
    claims: serde_json::Value,
    code: &str,
) {
    g.case(Case {
        id: id.into(),
        title: title.into(),
        category: "encode-refused".into(),
        requirements: reqs.iter().map(|r| (*r).into()).collect(),
        op: Op::Encode,
        input: Input {
            payload: Some(payload),
            claims: Some(claims),
            key: Some(key.into()),
            ..Input::default()
        },
        context: None,
        expected: Expected {
            valid: false,
            error: Some(code.into()),
            ..Expected::default()
        },
    });
}

fn decode(g: &mut Gen) {
    let cat = "decode";
    let p = g.payload();
    let push =
        |g: &mut Gen, id: &str, title: &str, reqs: &[&str], text: String, expected: Expected| {
            g.case(Case {
                id: id.into(),
                title: title.into(),
                category: cat.into(),
                requirements: reqs.iter().map(|r| (*r).into()).collect(),
                op: Op::Decode,
                input: Input {
                    text: Some(text),
                    ..Input::default()
                },
                context: None,
                expected,
            });
        };
    for (signer, alg, id) in [
        (g.k.es.clone(), "ES256", "decode-es256"),
        (g.k.ed.clone(), "EdDSA", "decode-eddsa"),
        (g.k.es_stranger.clone(), "ES256", "decode-untrusted-key"),
    ] {
        let c = g.claims(id);
        let text = forge::text_from_cose(&forge::cose(&signer, &c, &p));
        let expected = Expected {
            valid: true,
            payload: serde_json::to_value(&p).ok(),
            claims: serde_json::to_value(&c).ok(),
            header: Some(json!({"alg": alg, "kid": hex::encode(&signer.kid())})),
            ..Expected::default()
        };
        push(
            g,
            id,
            "decode shows header, claims and payload without verifying",
            &["R-ORD-1"],
            text,
            expected,
        );
    }
    let c = g.claims("decode-prefix");
    let text = forge::text_from_cose(&forge::cose(&g.k.es, &c, &p)).replacen("UQ1:", "UQ2:", 1);
    push(
        g,
        "decode-unsupported-version",
        "decode applies the prefix rules",
        &["R-PFX-2"],
        text,
        Expected {
            valid: false,
            error: Some("VERSION_UNSUPPORTED".into()),
            ..Expected::default()
        },
    );
    let mut pj = serde_json::to_value(&p).unwrap_or_default();
    pj["nam"]["fn"] = json!("Nguye\u{302}\u{303}n");
    let text = super::cbor::with_payload_json(g, "decode-nfd", &pj);
    push(
        g,
        "decode-non-canonical",
        "decode applies the canonical CBOR rules",
        &["R-CBOR-3"],
        text,
        Expected {
            valid: false,
            error: Some("CBOR_NONCANONICAL".into()),
            ..Expected::default()
        },
    );
    let mut pj = serde_json::to_value(&p).unwrap_or_default();
    pj["pid"] = json!("");
    let text = super::cbor::with_payload_json(g, "decode-bad-payload", &pj);
    push(
        g,
        "decode-invalid-payload",
        "decode applies the payload rules",
        &["R-PAY-2"],
        text,
        Expected {
            valid: false,
            error: Some("PAYLOAD_INVALID".into()),
            ..Expected::default()
        },
    );
}
