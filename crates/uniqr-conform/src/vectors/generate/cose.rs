//! COSE_Sign1 structure, algorithm, kid and signature cases.

use super::Gen;
use crate::forge::{self, add_l, high_s};
use uniqr::cbor::{Value, encode};
use uniqr::cose::Alg;

/// Raw parts of the standard message signed by `es`.
fn parts(g: &Gen, id: &str) -> (Vec<u8>, Vec<u8>, [u8; 64]) {
    let p = forge::protected(&g.k.es);
    let body = forge::claims_bytes(&g.claims(id), &g.payload());
    let sig = forge::signature(&g.k.es, &p, &body);
    (p, body, sig)
}

/// A protected header from raw (label, value) pairs, in the given order.
fn header(pairs: &[(Value<'_>, Value<'_>)]) -> Vec<u8> {
    let mut out = Vec::new();
    uniqr::cbor::write_head(5, pairs.len() as u64, &mut out);
    for (k, v) in pairs {
        out.extend(encode(k));
        out.extend(encode(v));
    }
    out
}

/// A code with this protected header, validly signed by `es`.
fn with_header(g: &Gen, id: &str, protected: &[u8]) -> String {
    let body = forge::claims_bytes(&g.claims(id), &g.payload());
    forge::text_from_cose(&forge::signed(&g.k.es, protected, &body))
}

pub(super) fn cases(g: &mut Gen) {
    structure(g);
    alg(g);
    kid(g);
    signature(g);
}

fn structure(g: &mut Gen) {
    let cat = "cose-structure";
    let ci = "COSE_INVALID";
    let t = |b: &[u8]| forge::text_from_cose(b);
    let cose = g.cose("cose-s");
    g.invalid(
        cat,
        "cose-untagged",
        "COSE_Sign1 array without tag 18",
        &["R-COSE-1"],
        t(&cose[1..]),
        ci,
    );
    for (tag, id, title) in [
        (
            &[0xd8, 0x62][..],
            "cose-tag-98-sign",
            "tag 98 (COSE_Sign) instead of 18",
        ),
        (
            &[0xd1][..],
            "cose-tag-17-mac0",
            "tag 17 (COSE_Mac0) instead of 18",
        ),
        (
            &[0xd0][..],
            "cose-tag-16-encrypt0",
            "tag 16 (COSE_Encrypt0) instead of 18",
        ),
        (
            &[0xd8, 0x3d, 0xd2][..],
            "cose-cwt-tag-61-wrapping",
            "CWT tag 61 wrapping tag 18",
        ),
        (&[0xd2, 0xd2][..], "cose-tag-18-twice", "tag 18 twice"),
        (
            &[0xd9, 0xd9, 0xf7, 0xd2][..],
            "cose-self-described-cbor",
            "self-described CBOR tag 55799 before tag 18",
        ),
    ] {
        let m = [tag, &cose[1..]].concat();
        g.invalid(cat, id, title, &["R-COSE-1"], t(&m), ci);
    }
    let (p, body, sig) = parts(g, "cose-shape");
    let (pb, bb, sb) = (forge::bstr(&p), forge::bstr(&body), forge::bstr(&sig));
    let empty = [0xa0u8];
    let shapes: [(&str, &str, Vec<u8>); 8] = [
        (
            "cose-three-elements",
            "array of 3 elements (no signature)",
            forge::assemble(&[0xd2], &[&pb, &empty, &bb]),
        ),
        (
            "cose-five-elements",
            "array of 5 elements",
            forge::assemble(&[0xd2], &[&pb, &empty, &bb, &sb, &forge::bstr(&[])]),
        ),
        ("cose-map-instead-of-array", "a map instead of an array", {
            let mut m = vec![0xd2, 0xa2, 0x01];
            m.extend(&pb);
            m.push(0x02);
            m.extend(&bb);
            m
        }),
        (
            "cose-protected-as-map",
            "protected header as a map, not a byte string",
            forge::assemble(&[0xd2], &[&p, &empty, &bb, &sb]),
        ),
        (
            "cose-unprotected-as-bytes",
            "unprotected header as an empty byte string",
            forge::assemble(&[0xd2], &[&pb, &[0x40], &bb, &sb]),
        ),
        (
            "cose-payload-as-text",
            "payload as a text string",
            forge::assemble(
                &[0xd2],
                &[&pb, &empty, &encode(&Value::Text("claims")), &sb],
            ),
        ),
        (
            "cose-signature-as-array",
            "signature as an array",
            forge::assemble(&[0xd2], &[&pb, &empty, &bb, &[0x80]]),
        ),
        ("cose-empty-protected", "zero-length protected header", {
            let sig = forge::signature(&g.k.es, &[], &body);
            forge::assemble(&[0xd2], &[&[0x40], &empty, &bb, &forge::bstr(&sig)])
        }),
    ];
    for (id, title, m) in shapes {
        let req = if id.contains("protected") {
            "R-COSE-3"
        } else {
            "R-COSE-2"
        };
        g.invalid(cat, id, title, &[req], t(&m), ci);
    }
    g.invalid(
        cat,
        "cose-detached-payload",
        "payload nil (detached content)",
        &["R-COSE-2", "R-CBOR-2"],
        t(&forge::assemble(&[0xd2], &[&pb, &empty, &[0xf6], &sb])),
        "CBOR_INVALID",
    );
    let arr = header(&[]);
    let arr = [&[0x80][..], &arr[1..]].concat();
    g.invalid(
        cat,
        "cose-protected-not-a-map",
        "protected header encodes an array",
        &["R-COSE-3"],
        with_header(g, "cose-p-arr", &arr),
        ci,
    );
    let kid = g.k.es.kid();
    let extra = header(&[
        (Value::Int(1), Value::Int(-7)),
        (Value::Int(3), Value::Text("application/cwt")),
        (Value::Int(4), Value::Bytes(&kid)),
    ]);
    g.invalid(
        cat,
        "cose-protected-content-type",
        "protected header with content type (label 3)",
        &["R-COSE-3"],
        with_header(g, "cose-p-ct", &extra),
        ci,
    );
    let extra = header(&[
        (Value::Int(1), Value::Int(-7)),
        (Value::Int(4), Value::Bytes(&kid)),
        (Value::Text("x"), Value::Int(0)),
    ]);
    g.invalid(
        cat,
        "cose-protected-text-label",
        "protected header with a text label",
        &["R-COSE-3"],
        with_header(g, "cose-p-tl", &extra),
        ci,
    );
    let (p, body, sig) = parts(g, "cose-unprot-x5");
    let unprot = header(&[(Value::Int(33), Value::Bytes(b"certificate"))]);
    let m = forge::sign1(&p, &unprot, &body, &sig);
    g.invalid(
        cat,
        "cose-unprotected-x5chain",
        "unprotected header with x5chain (label 33)",
        &["R-COSE-3"],
        t(&m),
        ci,
    );
    let unprot = header(&[(Value::Int(1), Value::Int(-7))]);
    let m = forge::sign1(&p, &unprot, &body, &sig);
    g.invalid(
        cat,
        "cose-unprotected-alg",
        "alg repeated in the unprotected header",
        &["R-COSE-3"],
        t(&m),
        ci,
    );
}

fn alg(g: &mut Gen) {
    let cat = "cose-alg";
    let kid = g.k.es.kid();
    for (alg, id, title) in [
        (-37, "alg-ps256", "PS256 (-37)"),
        (-35, "alg-es384", "ES384 (-35)"),
        (-36, "alg-es512", "ES512 (-36)"),
        (5, "alg-hs256", "HMAC 256/256 (5)"),
        (0, "alg-zero", "alg 0 (reserved)"),
        (-47, "alg-es256k", "ES256K (-47)"),
    ] {
        let h = header(&[
            (Value::Int(1), Value::Int(alg)),
            (Value::Int(4), Value::Bytes(&kid)),
        ]);
        g.invalid(
            cat,
            id,
            &format!("unsupported algorithm {title}"),
            &["R-COSE-4"],
            with_header(g, id, &h),
            "ALG_UNSUPPORTED",
        );
    }
    for (v, id, title) in [
        ("none", "alg-text-none", "alg \"none\" as text"),
        (
            "ES256",
            "alg-text-es256",
            "alg \"ES256\" as text instead of -7",
        ),
    ] {
        let h = header(&[
            (Value::Int(1), Value::Text(v)),
            (Value::Int(4), Value::Bytes(&kid)),
        ]);
        g.invalid(
            cat,
            id,
            title,
            &["R-COSE-4"],
            with_header(g, id, &h),
            "ALG_UNSUPPORTED",
        );
    }
    let h = header(&[(Value::Int(4), Value::Bytes(&kid))]);
    g.invalid(
        cat,
        "alg-missing",
        "protected header without alg",
        &["R-COSE-4"],
        with_header(g, "alg-missing", &h),
        "ALG_UNSUPPORTED",
    );
    // alg that does not match the trusted key's type.
    let body = forge::claims_bytes(&g.claims("alg-mismatch-eddsa-on-p256"), &g.payload());
    let p = forge::protected_with(Alg::EdDsa, &g.k.es.kid());
    let text = forge::text_from_cose(&forge::signed(&g.k.es, &p, &body));
    g.invalid(
        cat,
        "alg-mismatch-eddsa-on-p256",
        "alg EdDSA with the kid of a P-256 key",
        &["R-TRUST-2"],
        text,
        "ALG_KEY_MISMATCH",
    );
    let body = forge::claims_bytes(&g.claims("alg-mismatch-es256-on-ed25519"), &g.payload());
    let p = forge::protected_with(Alg::Es256, &g.k.ed.kid());
    let text = forge::text_from_cose(&forge::signed(&g.k.ed, &p, &body));
    g.invalid(
        cat,
        "alg-mismatch-es256-on-ed25519",
        "alg ES256 with the kid of an Ed25519 key",
        &["R-TRUST-2"],
        text,
        "ALG_KEY_MISMATCH",
    );
}

fn kid(g: &mut Gen) {
    let cat = "cose-kid";
    let ki = "KID_INVALID";
    let kid = g.k.es.kid();
    let alg_only = header(&[(Value::Int(1), Value::Int(-7))]);
    g.invalid(
        cat,
        "kid-missing",
        "no kid anywhere",
        &["R-COSE-5"],
        with_header(g, "kid-missing", &alg_only),
        ki,
    );
    for (n, id) in [
        (7usize, "kid-7-bytes"),
        (9, "kid-9-bytes"),
        (0, "kid-empty"),
        (32, "kid-32-bytes-full-hash"),
    ] {
        let mut k = kid.to_vec();
        k.resize(n, 0xab);
        let h = header(&[
            (Value::Int(1), Value::Int(-7)),
            (Value::Int(4), Value::Bytes(&k)),
        ]);
        g.invalid(
            cat,
            id,
            &format!("kid of {n} bytes"),
            &["R-COSE-5"],
            with_header(g, id, &h),
            ki,
        );
    }
    let hex = uniqr::hex::encode(&kid);
    let h = header(&[
        (Value::Int(1), Value::Int(-7)),
        (Value::Int(4), Value::Text(&hex)),
    ]);
    g.invalid(
        cat,
        "kid-as-text",
        "kid as a hex text string",
        &["R-COSE-5"],
        with_header(g, "kid-as-text", &h),
        ki,
    );
    let body = forge::claims_bytes(&g.claims("kid-unprotected-only"), &g.payload());
    let sig = forge::signature(&g.k.es, &alg_only, &body);
    let unprot = header(&[(Value::Int(4), Value::Bytes(&kid))]);
    let m = forge::sign1(&alg_only, &unprot, &body, &sig);
    g.invalid(
        cat,
        "kid-unprotected-only",
        "kid only in the unprotected header",
        &["R-COSE-6"],
        forge::text_from_cose(&m),
        ki,
    );
    let full = forge::protected(&g.k.es);
    let body = forge::claims_bytes(&g.claims("kid-in-both-headers"), &g.payload());
    let sig = forge::signature(&g.k.es, &full, &body);
    let m = forge::sign1(&full, &unprot, &body, &sig);
    g.invalid(
        cat,
        "kid-in-both-headers",
        "kid in the protected and the unprotected header",
        &["R-COSE-6"],
        forge::text_from_cose(&m),
        ki,
    );
    // Unknown keys.
    let text = g.code(&g.k.es_stranger, "kid-unknown-es256", &g.payload());
    g.invalid(
        cat,
        "kid-unknown-es256",
        "ES256 key not in the trust list",
        &["R-TRUST-1"],
        text,
        "KEY_UNKNOWN",
    );
    let text = g.code(&g.k.ed_stranger, "kid-unknown-eddsa", &g.payload());
    g.invalid(
        cat,
        "kid-unknown-eddsa",
        "EdDSA key not in the trust list",
        &["R-TRUST-1"],
        text,
        "KEY_UNKNOWN",
    );
    let mut k = kid;
    k[7] ^= 1;
    let h = forge::protected_with(Alg::Es256, &k);
    g.invalid(
        cat,
        "kid-one-bit-off",
        "kid of a trusted key with its last bit flipped",
        &["R-TRUST-1"],
        with_header(g, "kid-one-bit-off", &h),
        "KEY_UNKNOWN",
    );
    let k = g.k.es_stranger.kid();
    let h = forge::protected_with(Alg::Es256, &k);
    g.invalid(
        cat,
        "kid-of-untrusted-spki",
        "kid computed correctly for a key that is not trusted",
        &["R-KEY-1", "R-TRUST-1"],
        with_header(g, "kid-untrusted-spki", &h),
        "KEY_UNKNOWN",
    );
}

fn signature(g: &mut Gen) {
    let cat = "signature";
    let si = "SIGNATURE_INVALID";
    let t = |b: &[u8]| forge::text_from_cose(b);
    let (p, body, sig) = parts(g, "sig");
    let with_sig = |s: &[u8]| {
        forge::assemble(
            &[0xd2],
            &[
                &forge::bstr(&p),
                &[0xa0],
                &forge::bstr(&body),
                &forge::bstr(s),
            ],
        )
    };
    g.invalid(
        cat,
        "sig-der-encoded",
        "ES256 signature DER-encoded instead of raw r||s",
        &["R-SIG-1"],
        t(&with_sig(&der(&sig))),
        si,
    );
    g.invalid(
        cat,
        "sig-63-bytes",
        "signature of 63 bytes",
        &["R-SIG-1"],
        t(&with_sig(&sig[..63])),
        si,
    );
    let mut s65 = sig.to_vec();
    s65.push(0);
    g.invalid(
        cat,
        "sig-65-bytes",
        "signature of 65 bytes",
        &["R-SIG-1"],
        t(&with_sig(&s65)),
        si,
    );
    g.invalid(
        cat,
        "sig-empty",
        "empty signature",
        &["R-SIG-1"],
        t(&with_sig(&[])),
        si,
    );
    g.invalid(
        cat,
        "sig-all-zero",
        "64 zero bytes",
        &["R-SIG-2"],
        t(&with_sig(&[0; 64])),
        si,
    );
    let mut flip = sig;
    flip[20] ^= 0x01;
    g.invalid(
        cat,
        "sig-bit-flipped",
        "one bit of the signature flipped",
        &["R-SIG-2"],
        t(&with_sig(&flip)),
        si,
    );
    let mut body2 = body.clone();
    let pos = body2
        .windows(3)
        .position(|w| w == b"Nam")
        .unwrap_or(body2.len() / 2);
    body2[pos] = b'M';
    let m = forge::sign1(&p, &[0xa0], &body2, &sig);
    g.invalid(
        cat,
        "sig-payload-modified",
        "one payload letter changed after signing",
        &["R-SIG-2"],
        t(&m),
        si,
    );
    let wrong = forge::signature(&g.k.es_stranger, &p, &body);
    g.invalid(
        cat,
        "sig-wrong-key-correct-kid-es256",
        "signed by another P-256 key under a trusted kid",
        &["R-SIG-2"],
        t(&with_sig(&wrong)),
        si,
    );
    let pe = forge::protected(&g.k.ed);
    let be = forge::claims_bytes(&g.claims("sig-ed"), &g.payload());
    let wrong = forge::signature(&g.k.ed_stranger, &pe, &be);
    let m = forge::sign1(&pe, &[0xa0], &be, &wrong);
    g.invalid(
        cat,
        "sig-wrong-key-correct-kid-eddsa",
        "signed by another Ed25519 key under a trusted kid",
        &["R-SIG-2"],
        t(&m),
        si,
    );
    // Signatures over the wrong bytes.
    let es = g.k.es.clone();
    let over = |msg: &[u8]| es.sign(msg);
    let aad = encode(&Value::Array(vec![
        Value::Text("Signature1"),
        Value::Bytes(&p),
        Value::Bytes(b"uniqr"),
        Value::Bytes(&body),
    ]));
    g.invalid(
        cat,
        "sig-nonempty-external-aad",
        "signed with a non-empty external_aad",
        &["R-SIG-2"],
        t(&with_sig(&over(&aad))),
        si,
    );
    let ctx = encode(&Value::Array(vec![
        Value::Text("Signature"),
        Value::Bytes(&p),
        Value::Bytes(&[]),
        Value::Bytes(&body),
    ]));
    g.invalid(
        cat,
        "sig-context-signature",
        "signed with context \"Signature\" (COSE_Sign) instead of \"Signature1\"",
        &["R-SIG-2"],
        t(&with_sig(&over(&ctx))),
        si,
    );
    g.invalid(
        cat,
        "sig-over-payload-only",
        "signature over the payload bytes instead of Sig_structure1",
        &["R-SIG-2"],
        t(&with_sig(&over(&body))),
        si,
    );
    // High-S ES256 signatures are valid: UNIQR sets no low-S rule.
    let high = high_s(&sig);
    let claims = g.claims("sig");
    let payload = g.payload();
    g.valid(
        cat,
        "sig-es256-high-s-valid",
        "ES256 signature (r, n-s) is valid too: there is no low-S rule",
        &["R-SIG-2", "R-ENC-3"],
        t(&with_sig(&high)),
        &payload,
        &claims,
    );
    // Ed25519 with S >= L (non-canonical scalar) must fail.
    let pe = forge::protected(&g.k.ed);
    let be = forge::claims_bytes(&g.claims("sig-ed-s"), &g.payload());
    let mut s = forge::signature(&g.k.ed, &pe, &be);
    add_l(&mut s[32..]);
    let m = forge::sign1(&pe, &[0xa0], &be, &s);
    g.invalid(
        cat,
        "sig-ed25519-s-not-reduced",
        "Ed25519 signature with S + L (not reduced)",
        &["R-SIG-3"],
        t(&m),
        si,
    );
}

/// DER `SEQUENCE { INTEGER r, INTEGER s }` of a raw signature.
fn der(sig: &[u8; 64]) -> Vec<u8> {
    let int = |x: &[u8]| {
        let mut v: Vec<u8> = x.iter().copied().skip_while(|b| *b == 0).collect();
        if v.first().is_some_and(|b| b & 0x80 != 0) {
            v.insert(0, 0);
        }
        let mut out = vec![0x02, v.len() as u8];
        out.extend(v);
        out
    };
    let body = [int(&sig[..32]), int(&sig[32..])].concat();
    [vec![0x30, body.len() as u8], body].concat()
}
