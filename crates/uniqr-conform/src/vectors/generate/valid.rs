//! Valid codes of every shape with both algorithms, the largest code that
//! fits, encode cases (byte-exact COSE) and decode cases.

use serde_json::json;

use super::{Gen, examples};
use crate::forge;
use crate::vectors::{Case, Expected, Input, Op};
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
                &["R-ORD-1", "R-COSE-4", "R-PAY-1"],
                text,
                p,
                &c,
            );
            encode_case(g, alg, name, p)?;
        }
    }
    largest(g)?;
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
    let cat = "encode-refused";
    let p = g.payload();
    let push = |g: &mut Gen,
                id: &str,
                title: &str,
                reqs: &[&str],
                payload: serde_json::Value,
                claims: serde_json::Value,
                code: &str| {
        g.case(Case {
            id: id.into(),
            title: title.into(),
            category: cat.into(),
            requirements: reqs.iter().map(|r| (*r).into()).collect(),
            op: Op::Encode,
            input: Input {
                payload: Some(payload),
                claims: Some(claims),
                key: Some(key_path(Alg::Es256).into()),
                ..Input::default()
            },
            context: None,
            expected: Expected {
                valid: false,
                error: Some(code.into()),
                ..Expected::default()
            },
        });
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
        big,
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
        pj,
        c,
        "ISSUER_MISMATCH",
    );
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
