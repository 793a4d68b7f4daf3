//! COSE_Sign1 structure, algorithm, kid and signature cases, and the key
//! cases of `trust-files` (ids `key-…`): each rule from both sides, the last
//! accepted form next to the first rejected one.

mod curve;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Gen, NOW, REVOKED};
use crate::forge::{self, add_l, high_s};
use crate::vectors::{Case, Context, Expected, Input, Op};
use curve::{Keypair, Point};
use p256::elliptic_curve::bigint::U256;
use uniqr::cbor::{Value, encode};
use uniqr::cose::Alg;
use uniqr::key::SecretKey;
use uniqr::signer::Signer;
use uniqr::trust::Usage;

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
    structure_boundaries(g);
    alg(g);
    alg_boundaries(g);
    kid(g);
    kid_boundaries(g);
    signature(g);
    es256_signatures(g);
    ed25519_signatures(g);
    keys(g);
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
    // Both forms of an ES256 signature are valid: UNIQR sets no low-S rule
    // (R-ENC-3). RFC 6979 gives either; (r, n − s) is the other. Big-endian
    // bytes compare as the numbers do.
    let twin = high_s(&sig);
    let (high, low) = if sig[32..] > twin[32..] {
        (sig, twin)
    } else {
        (twin, sig)
    };
    let claims = g.claims("sig");
    let payload = g.payload();
    g.valid(
        cat,
        "sig-es256-high-s-valid",
        "ES256 signature with a high S (s > n/2) is valid: there is no low-S rule",
        &["R-SIG-2", "R-ENC-3"],
        t(&with_sig(&high)),
        &payload,
        &claims,
    );
    g.valid(
        cat,
        "sig-es256-low-s-valid",
        "ES256 signature with a low S (s < n/2) is valid",
        &["R-SIG-2", "R-ENC-3"],
        t(&with_sig(&low)),
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

/// The one accepted form next to each rejected variant of the tag, the
/// array and both headers (R-COSE-1, R-COSE-2, R-COSE-3, R-COSE-6).
fn structure_boundaries(g: &mut Gen) {
    let cat = "cose-structure";
    let ci = "COSE_INVALID";
    let nc = "CBOR_NONCANONICAL";
    let t = |b: &[u8]| forge::text_from_cose(b);
    let payload = g.payload();
    for (signer, id, alg) in [
        (g.k.es.clone(), "cose-canonical-es256-valid", "ES256"),
        (g.k.ed.clone(), "cose-canonical-eddsa-valid", "EdDSA"),
    ] {
        let text = g.code(&signer, id, &payload);
        g.valid(
            cat,
            id,
            &format!(
                "the accepted form ({alg}): one tag 18 (d2), an array of 4, the protected header \
                 {{1: alg, 4: kid}} in canonical form, the empty unprotected map a0"
            ),
            &["R-COSE-1", "R-COSE-2", "R-COSE-3", "R-COSE-6"],
            text,
            &payload,
            &g.claims(id),
        );
    }
    // The tag in a longer head than needed is a CBOR defect, found first.
    let cose = g.cose("cose-tag-18-two-byte-head");
    let m = [&[0xd8, 0x12][..], &cose[1..]].concat();
    g.invalid(
        cat,
        "cose-tag-18-two-byte-head",
        "tag 18 written with a two-byte head (d8 12) instead of d2",
        &["R-COSE-1", "R-CBOR-3"],
        t(&m),
        nc,
    );
    let (p, body, sig) = parts(g, "cose-shape-2");
    let (pb, bb, sb) = (forge::bstr(&p), forge::bstr(&body), forge::bstr(&sig));
    let empty = [0xa0u8];
    for (id, title, m) in [
        (
            "cose-empty-array",
            "tag 18 on an empty array",
            forge::assemble(&[0xd2], &[]),
        ),
        (
            "cose-payload-as-map",
            "the claims map embedded directly as the payload, not wrapped in a byte string",
            forge::assemble(&[0xd2], &[&pb, &empty, &body, &sb]),
        ),
        (
            "cose-unprotected-as-array",
            "unprotected header as an empty array",
            forge::assemble(&[0xd2], &[&pb, &[0x80], &bb, &sb]),
        ),
        (
            "cose-signature-as-text",
            "signature as a text string of 128 hex digits",
            forge::assemble(
                &[0xd2],
                &[
                    &pb,
                    &empty,
                    &bb,
                    &encode(&Value::Text(&uniqr::hex::encode(&sig))),
                ],
            ),
        ),
    ] {
        g.invalid(cat, id, title, &["R-COSE-2"], t(&m), ci);
    }
    let kid = g.k.es.kid();
    let canonical = forge::protected(&g.k.es);
    // Protected headers that are not one canonical map of labels 1 and 4.
    let crit = header(&[
        (Value::Int(1), Value::Int(-7)),
        (Value::Int(2), Value::Array(vec![Value::Int(1)])),
        (Value::Int(4), Value::Bytes(&kid)),
    ]);
    let neg = header(&[
        (Value::Int(1), Value::Int(-7)),
        (Value::Int(4), Value::Bytes(&kid)),
        (Value::Int(-1), Value::Int(1)),
    ]);
    for (id, title, h) in [
        (
            "cose-protected-crit",
            "protected header with crit (label 2) naming alg",
            crit,
        ),
        (
            "cose-protected-negative-label",
            "protected header with the extra integer label -1",
            neg,
        ),
        (
            "cose-protected-bstr-in-bstr",
            "protected header wrapped twice: a byte string holding the header's byte string",
            forge::bstr(&canonical),
        ),
    ] {
        g.invalid(cat, id, title, &["R-COSE-3"], with_header(g, id, &h), ci);
    }
    let dup = header(&[
        (Value::Int(1), Value::Int(-7)),
        (Value::Int(1), Value::Int(-8)),
        (Value::Int(4), Value::Bytes(&kid)),
    ]);
    let unsorted = header(&[
        (Value::Int(4), Value::Bytes(&kid)),
        (Value::Int(1), Value::Int(-7)),
    ]);
    let indefinite = [&[0xbf][..], &canonical[1..], &[0xff]].concat();
    let long_alg = [&[0xa2, 0x01, 0x38, 0x06][..], &canonical[3..]].concat();
    for (id, title, reqs, h, code) in [
        (
            "cose-protected-duplicate-alg",
            "protected header with label 1 twice (-7, then -8)",
            &["R-COSE-3", "R-CBOR-4"][..],
            dup,
            nc,
        ),
        (
            "cose-protected-labels-unsorted",
            "protected header {4: kid, 1: -7}: labels not in canonical order",
            &["R-COSE-3", "R-CBOR-4"],
            unsorted,
            nc,
        ),
        (
            "cose-protected-indefinite-map",
            "protected header as an indefinite-length map",
            &["R-COSE-3", "R-CBOR-3"],
            indefinite,
            nc,
        ),
        (
            "cose-protected-alg-two-byte-head",
            "protected header with alg -7 written in two bytes (38 06)",
            &["R-COSE-3", "R-CBOR-3"],
            long_alg,
            nc,
        ),
        (
            "cose-protected-trailing-byte",
            "protected header with a byte after its map",
            &["R-COSE-3", "R-CBOR-1"],
            [&canonical[..], &[0x00]].concat(),
            "CBOR_INVALID",
        ),
        (
            "cose-protected-tagged",
            "protected header map under tag 24: no tags inside the header",
            &["R-COSE-3", "R-CBOR-2"],
            [&[0xd8, 0x18][..], &canonical].concat(),
            "CBOR_INVALID",
        ),
    ] {
        g.invalid(cat, id, title, reqs, with_header(g, id, &h), code);
    }
    // The empty unprotected header in a non-canonical form is a defect of
    // the message's CBOR (step 5), before any header rule.
    let (p, body, sig) = parts(g, "cose-unprot-form");
    for (id, title, unprot) in [
        (
            "cose-unprotected-empty-two-byte-head",
            "empty unprotected map written b8 00 instead of a0",
            &[0xb8, 0x00][..],
        ),
        (
            "cose-unprotected-empty-indefinite",
            "empty unprotected map written as an indefinite-length map (bf ff)",
            &[0xbf, 0xff],
        ),
    ] {
        g.invalid(
            cat,
            id,
            title,
            &["R-COSE-6", "R-CBOR-3"],
            t(&forge::sign1(&p, unprot, &body, &sig)),
            nc,
        );
    }
    let unprot = header(&[(Value::Text("kid"), Value::Bytes(&kid))]);
    g.invalid(
        cat,
        "cose-unprotected-text-label-kid",
        "unprotected header with the text label \"kid\"",
        &["R-COSE-3"],
        t(&forge::sign1(&p, &unprot, &body, &sig)),
        ci,
    );
}

/// alg values around -7 and -8, both sides (R-COSE-4, R-TRUST-2).
fn alg_boundaries(g: &mut Gen) {
    let cat = "cose-alg";
    let payload = g.payload();
    for (signer, id, title) in [
        (
            g.k.es.clone(),
            "alg-es256-valid",
            "alg -7 (ES256) with a P-256 key is accepted",
        ),
        (
            g.k.ed.clone(),
            "alg-eddsa-valid",
            "alg -8 (EdDSA) with an Ed25519 key is accepted",
        ),
    ] {
        let text = g.code(&signer, id, &payload);
        let claims = g.claims(id);
        g.valid(
            cat,
            id,
            title,
            &["R-COSE-4", "R-TRUST-2"],
            text,
            &payload,
            &claims,
        );
    }
    // Each is signed validly by the ES256 key (or the EdDSA key, for the
    // values next to -8), so a verifier that maps it to a supported
    // algorithm would accept it.
    let es = g.k.es.clone();
    let ed = g.k.ed.clone();
    for (signer, alg, id, title) in [
        (&es, -6, "alg-minus-6", "alg -6 (direct), next to -7"),
        (
            &es,
            -9,
            "alg-minus-9-esp256",
            "alg -9 (ESP256, the fully-specified ECDSA P-256), not -7",
        ),
        (
            &ed,
            -19,
            "alg-minus-19-ed25519",
            "alg -19 (Ed25519, the fully-specified EdDSA), not -8",
        ),
        (
            &es,
            7,
            "alg-plus-7",
            "alg +7: ES256's number with the wrong sign",
        ),
        (
            &ed,
            8,
            "alg-plus-8",
            "alg +8: EdDSA's number with the wrong sign",
        ),
        (
            &es,
            -7 - (1 << 16),
            "alg-minus-7-minus-2-16",
            "alg -65543 (-7 - 2^16): -7 only if cut to 16 bits",
        ),
        (
            &es,
            -7 - (1 << 32),
            "alg-minus-7-minus-2-32",
            "alg -4294967303 (-7 - 2^32): -7 only if cut to 32 bits",
        ),
    ] {
        let h = header(&[
            (Value::Int(1), Value::Int(alg)),
            (Value::Int(4), Value::Bytes(&signer.kid())),
        ]);
        let body = forge::claims_bytes(&g.claims(id), &payload);
        let text = forge::text_from_cose(&forge::signed(signer, &h, &body));
        g.invalid(cat, id, title, &["R-COSE-4"], text, "ALG_UNSUPPORTED");
    }
    let h = header(&[
        (Value::Int(1), Value::Bytes(&[0x26])),
        (Value::Int(4), Value::Bytes(&g.k.es.kid())),
    ]);
    g.invalid(
        cat,
        "alg-as-bytes",
        "alg as the byte string h'26' (the encoding of -7) instead of the integer",
        &["R-COSE-4"],
        with_header(g, "alg-as-bytes", &h),
        "ALG_UNSUPPORTED",
    );
    // A non-empty protected header holding an empty map passes R-COSE-3;
    // alg is then missing.
    g.invalid(
        cat,
        "alg-protected-empty-map",
        "protected header h'a0' (an empty map, not an empty byte string): alg missing",
        &["R-COSE-4"],
        with_header(g, "alg-protected-empty-map", &[0xa0]),
        "ALG_UNSUPPORTED",
    );
}

/// kid lengths and forms around 8 bytes, and kids in the unprotected header
/// (R-COSE-5, R-COSE-6).
fn kid_boundaries(g: &mut Gen) {
    let cat = "cose-kid";
    let ki = "KID_INVALID";
    let payload = g.payload();
    let id = "kid-8-bytes-valid";
    let text = g.code(&g.k.es, id, &payload);
    g.valid(
        cat,
        id,
        "kid of exactly 8 bytes, the kid of a trusted key (between the rejected 7 and 9)",
        &["R-COSE-5", "R-TRUST-1"],
        text,
        &payload,
        &g.claims(id),
    );
    let kid = g.k.es.kid();
    let ascii = uniqr::hex::encode(&kid)[..8].to_owned();
    let long_kid = [&[0xa2, 0x01, 0x26, 0x04, 0x58, 0x08][..], &kid].concat();
    for (id, title, h, reqs, code) in [
        (
            "kid-as-8-char-text",
            "kid as an 8-character text string",
            header(&[
                (Value::Int(1), Value::Int(-7)),
                (Value::Int(4), Value::Text(&ascii)),
            ]),
            &["R-COSE-5"][..],
            ki,
        ),
        (
            "kid-as-integer",
            "kid as an integer",
            header(&[
                (Value::Int(1), Value::Int(-7)),
                (Value::Int(4), Value::Int(8)),
            ]),
            &["R-COSE-5"],
            ki,
        ),
        (
            "kid-two-byte-length-head",
            "kid of 8 bytes with its length in a two-byte head (58 08)",
            long_kid,
            &["R-COSE-5", "R-CBOR-3"],
            "CBOR_NONCANONICAL",
        ),
    ] {
        g.invalid(cat, id, title, reqs, with_header(g, id, &h), code);
    }
    // A kid in the unprotected header is rejected whatever its value, even
    // next to a valid protected kid.
    let full = forge::protected(&g.k.es);
    for (id, title, value) in [
        (
            "kid-unprotected-other-key",
            "valid protected kid, and the kid of another trusted key in the unprotected header",
            g.k.ed.kid().to_vec(),
        ),
        (
            "kid-unprotected-empty",
            "valid protected kid, and an empty kid in the unprotected header",
            Vec::new(),
        ),
    ] {
        let body = forge::claims_bytes(&g.claims(id), &payload);
        let sig = forge::signature(&g.k.es, &full, &body);
        let unprot = header(&[(Value::Int(4), Value::Bytes(&value))]);
        let m = forge::sign1(&full, &unprot, &body, &sig);
        g.invalid(cat, id, title, &["R-COSE-6"], forge::text_from_cose(&m), ki);
    }
}

/// Where the searches for a property of a signature or key start: the
/// index each found when the generator was written, so a run tries once.
/// A wrong hint only makes the search longer, never the result different.
const HINT_R_LEADING_ZERO: u32 = 0;
const HINT_S_LEADING_ZERO: u32 = 0;
const HINT_P256_X_LEADING_ZERO: u32 = 0;
const HINT_ED25519_SIGN_BIT: u32 = 0;

/// ES256 signatures at the edges of R-SIG-1 and R-SIG-2: r and s at 0, at
/// n and above n; valid signatures whose r or s has a leading zero byte.
fn es256_signatures(g: &mut Gen) {
    let cat = "signature";
    let si = "SIGNATURE_INVALID";
    let (p, body, sig) = parts(g, "sig-es256-range");
    let with = |r: &[u8], s: &[u8]| {
        forge::text_from_cose(&forge::sign1(&p, &[0xa0], &body, &[r, s].concat()))
    };
    // (0, n − 0): the group order n in the s half.
    let n = high_s(&[0; 64]);
    let n = &n[32..];
    let (r, s) = (&sig[..32], &sig[32..]);
    let (zero, ones) = ([0u8; 32], [0xffu8; 32]);
    for (id, title, rr, ss) in [
        (
            "sig-es256-r-zero",
            "ES256 r = 0 with a valid s",
            &zero[..],
            s,
        ),
        (
            "sig-es256-s-zero",
            "ES256 s = 0 with a valid r",
            r,
            &zero[..],
        ),
        (
            "sig-es256-r-equals-n",
            "ES256 r = n (the group order), the first value out of range, with a valid s",
            n,
            s,
        ),
        (
            "sig-es256-s-equals-n",
            "ES256 s = n (the group order), the first value out of range, with a valid r",
            r,
            n,
        ),
        (
            "sig-es256-r-s-equal-n",
            "ES256 r = s = n: both zero if reduced mod n (the 'psychic signature')",
            n,
            n,
        ),
        (
            "sig-es256-r-all-ones",
            "ES256 r = 2^256 - 1 (above n and p) with a valid s",
            &ones[..],
            s,
        ),
        (
            "sig-es256-s-all-ones",
            "ES256 s = 2^256 - 1 (above n) with a valid r",
            r,
            &ones[..],
        ),
    ] {
        g.invalid(cat, id, title, &["R-SIG-2"], with(rr, ss), si);
    }
    // Valid signatures whose r or s is below 2^248: the raw form keeps the
    // leading zero byte (R-SIG-1), a DER form would drop it.
    let payload = g.payload();
    for (id, title, at, hint) in [
        (
            "sig-es256-r-leading-zero-valid",
            "valid ES256 signature whose r has a leading zero byte (r < 2^248)",
            0,
            HINT_R_LEADING_ZERO,
        ),
        (
            "sig-es256-s-leading-zero-valid",
            "valid ES256 signature whose s has a leading zero byte (s < 2^248)",
            32,
            HINT_S_LEADING_ZERO,
        ),
    ] {
        let found = (hint..hint + 8192).find_map(|i| {
            let label = format!("{id}-{i}");
            let body = forge::claims_bytes(&g.claims(&label), &payload);
            let sig = forge::signature(&g.k.es, &p, &body);
            (sig[at] == 0).then(|| (label, forge::sign1(&p, &[0xa0], &body, &sig)))
        });
        if let Some((label, m)) = found {
            let claims = g.claims(&label);
            g.valid(
                cat,
                id,
                title,
                &["R-SIG-1", "R-SIG-2"],
                forge::text_from_cose(&m),
                &payload,
                &claims,
            );
        }
    }
}

/// The Ed25519 seed of a signer.
fn ed25519_seed(s: &Signer) -> [u8; 32] {
    let d = s.secret().to_jwk().d.unwrap_or_default();
    B64.decode(d)
        .ok()
        .and_then(|v| v.try_into().ok())
        .unwrap_or([0; 32])
}

/// The low three bits of a scalar: k mod 8.
fn low_bits(k: &U256) -> u8 {
    use p256::elliptic_curve::bigint::Encoding;
    k.to_le_bytes()[0] & 7
}

/// An EdDSA code under a key given by its bytes and secret scalar (`None`
/// for a point of small order, whose discrete log is unknown), with the
/// signature made by `sign` from the protected header and claims bytes.
fn ed25519_code(g: &Gen, id: &str, key: &[u8; 32], sign: impl FnOnce(&[u8]) -> [u8; 64]) -> String {
    let p = forge::protected_with(Alg::EdDsa, &kid_ed25519(key));
    let body = forge::claims_bytes(&g.claims(id), &g.payload());
    let sig = sign(&uniqr::cose::sig_structure(&p, &body));
    forge::text_from_cose(&forge::sign1(&p, &[0xa0], &body, &sig))
}

/// A signature (R, S) = ([r]B, r + k·a) with r stepped from `nonce` until
/// `want(k)` holds; a = 0 stands for a key of small order, for which the
/// equation holds only when [k]A is the identity.
fn ed25519_sign_until(
    msg: &[u8],
    key: &[u8; 32],
    a: &U256,
    label: &str,
    want: impl Fn(&U256) -> bool,
) -> [u8; 64] {
    let mut r = curve::nonce(label);
    let base = Point::base();
    let mut big_r = base.mul(&r);
    for _ in 0..4096 {
        let rb = big_r.encode();
        if want(&curve::challenge(&rb, key, msg)) {
            return curve::sign_with(&rb, &r, a, key, msg);
        }
        r = r.wrapping_add(&U256::ONE);
        big_r = big_r.add(&base);
    }
    [0; 64]
}

/// Ed25519 signatures at the edges of R-SIG-3: each small order of R and of
/// the key, non-canonical encodings of R, mixed-order R and keys (which
/// only cofactored verification accepts, or which cofactorless
/// verification accepts too), and what strict verification accepts.
fn ed25519_signatures(g: &mut Gen) {
    let cat = "signature";
    let si = "SIGNATURE_INVALID";
    let payload = g.payload();
    let ed = g.k.ed.clone();
    let kp = Keypair::from_seed(&ed25519_seed(&ed));
    let a_bytes = kp.point.encode();
    let t8 = Point::torsion8();
    let order = |n: u8| t8.mul(&U256::from_u8(8 / n));
    // R of small order with S = k·a: [S]B − [k]A is the identity, so a
    // cofactorless verifier without the small-order check accepts R = O,
    // and a cofactored one accepts every R below.
    let mut identity_sign = Point::identity().encode();
    identity_sign[31] |= 0x80;
    for (id, title, r_bytes) in [
        (
            "sig-ed25519-r-identity",
            "Ed25519 R is the identity (order 1) and S = k·a: holds without the small-order check",
            order(1).encode(),
        ),
        (
            "sig-ed25519-r-order-2",
            "Ed25519 R of order 2, (0, -1), and S = k·a",
            order(2).encode(),
        ),
        (
            "sig-ed25519-r-order-4",
            "Ed25519 R of order 4 and S = k·a",
            order(4).encode(),
        ),
        (
            "sig-ed25519-r-order-8",
            "Ed25519 R of order 8 and S = k·a",
            order(8).encode(),
        ),
        (
            "sig-ed25519-r-identity-y-above-p",
            "Ed25519 R is the identity written non-canonically (y = p + 1) and S = k·a",
            curve::y_above_p(1, false),
        ),
        (
            "sig-ed25519-r-identity-sign-bit",
            "Ed25519 R is the identity written with the sign bit set (x = 0) and S = k·a",
            identity_sign,
        ),
    ] {
        let text = ed25519_code(g, id, &a_bytes, |m| {
            curve::sign_with(&r_bytes, &U256::ZERO, &kp.a, &a_bytes, m)
        });
        g.invalid(cat, id, title, &["R-SIG-3"], text, si);
    }
    // R with a torsion component: [S]B − [k]A = [r]B ≠ R, though the two
    // agree once multiplied by the cofactor 8.
    let id = "sig-ed25519-r-mixed-order";
    let r = curve::nonce(id);
    let r_bytes = Point::base().mul(&r).add(&t8).encode();
    let text = ed25519_code(g, id, &a_bytes, |m| {
        curve::sign_with(&r_bytes, &r, &kp.a, &a_bytes, m)
    });
    g.invalid(
        cat,
        id,
        "Ed25519 R = [r]B + T (T of order 8): only cofactored verification accepts it",
        &["R-SIG-3"],
        text,
        si,
    );
    // A valid signature whose R has the sign bit (bit 255) set.
    let id = "sig-ed25519-r-sign-bit-valid";
    let text = ed25519_code(g, id, &a_bytes, |m| {
        let base = Point::base();
        let mut r = curve::nonce(id);
        let mut big_r = base.mul(&r);
        // Half of all points have an odd x; the bound only guards the loop.
        for _ in 0..256 {
            if big_r.encode()[31] & 0x80 != 0 {
                break;
            }
            r = r.wrapping_add(&U256::ONE);
            big_r = big_r.add(&base);
        }
        curve::sign_with(&big_r.encode(), &r, &kp.a, &a_bytes, m)
    });
    let claims = g.claims(id);
    g.valid(
        cat,
        id,
        "valid Ed25519 signature whose R has the sign bit (bit 255) set",
        &["R-SIG-3"],
        text,
        &payload,
        &claims,
    );
    // Keys of small order, each in a trust list of its own (they load:
    // R-KEY-2 asks only for a valid encoding). With (R, S) = ([r]B, r), the
    // equation holds whenever [k]A is the identity, for any message.
    for (id, title, n) in [
        (
            "sig-ed25519-key-identity",
            "Ed25519 key is the identity (order 1): (R, S) = ([r]B, r) verifies every message without the small-order check",
            1u8,
        ),
        (
            "sig-ed25519-key-order-2",
            "Ed25519 key (0, -1) of order 2 (y = p - 1, the largest canonical y: it loads) and (R, S) = ([r]B, r) with k even",
            2,
        ),
        (
            "sig-ed25519-key-order-4",
            "Ed25519 key of order 4 and (R, S) = ([r]B, r) with k a multiple of 4",
            4,
        ),
        (
            "sig-ed25519-key-order-8",
            "Ed25519 key of order 8 and (R, S) = ([r]B, r) with k a multiple of 8",
            8,
        ),
    ] {
        let key = order(n).encode();
        let text = ed25519_code(g, id, &key, |m| {
            ed25519_sign_until(m, &key, &U256::ZERO, id, |k| low_bits(k).is_multiple_of(n))
        });
        let file = format!("trust/{id}.json");
        g.file(&file, trust_list(vec![ed25519_entry(g, &key)]));
        g.invalid_at(cat, id, title, &["R-SIG-3"], text, si, context(&file));
    }
    // A key with a torsion component, A = [a]B + T: not of small order, so
    // it loads and is checked like any key. Where k is a multiple of 8,
    // [k]T vanishes and the cofactorless equation holds: valid. Otherwise
    // only cofactored verification accepts.
    let mixed = Keypair::from_seed(&Sha256::digest("uniqr-v1-vectors-key:mixed-order").into());
    let key = mixed.point.add(&t8).encode();
    let file = "trust/sig-ed25519-key-mixed-order.json";
    g.file(file, trust_list(vec![ed25519_entry(g, &key)]));
    let id = "sig-ed25519-key-mixed-order-valid";
    let text = ed25519_code(g, id, &key, |m| {
        ed25519_sign_until(m, &key, &mixed.a, id, |k| low_bits(k) == 0)
    });
    let claims = g.claims(id);
    g.valid_at(
        cat,
        id,
        "Ed25519 key [a]B + T (T of order 8) and k a multiple of 8: the cofactorless equation holds, valid",
        &["R-SIG-3", "R-KEY-2"],
        text,
        &payload,
        &claims,
        context(file),
    );
    let id = "sig-ed25519-key-mixed-order-cofactored-only";
    let text = ed25519_code(g, id, &key, |m| {
        ed25519_sign_until(m, &key, &mixed.a, id, |k| low_bits(k) != 0)
    });
    g.invalid_at(
        cat,
        id,
        "Ed25519 key [a]B + T (T of order 8) and k not a multiple of 8: only cofactored verification accepts",
        &["R-SIG-3"],
        text,
        si,
        context(file),
    );
}

/// The DER prefixes of the SubjectPublicKeyInfo forms of R-KEY-1: P-256
/// (RFC 5480, before the 65-byte uncompressed point) and Ed25519 (RFC 8410,
/// before the 32 key bytes). Kids of crafted keys are computed over the
/// bytes exactly as written, so that the kid is never the defect.
const SPKI_P256: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];
const SPKI_ED25519: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

fn kid_of(spki: &[u8]) -> [u8; 8] {
    let h = Sha256::digest(spki);
    let mut kid = [0u8; 8];
    kid.copy_from_slice(&h[..8]);
    kid
}

/// R-KEY-1 over an Ed25519 key's bytes as written.
fn kid_ed25519(key: &[u8; 32]) -> [u8; 8] {
    kid_of(&[&SPKI_ED25519[..], key].concat())
}

/// R-KEY-1 over P-256 coordinates as written.
fn kid_p256(x: &[u8], y: &[u8]) -> [u8; 8] {
    kid_of(&[&SPKI_P256[..], &[4], x, y].concat())
}

/// The trust-list entry of a signer, as JSON.
fn entry(s: &Signer) -> serde_json::Value {
    serde_json::to_value(s.trusted().to_entry()).unwrap_or_default()
}

/// The suite's EdDSA entry with another key (any 32 bytes) and its kid.
fn ed25519_entry(g: &Gen, key: &[u8; 32]) -> serde_json::Value {
    let mut e = entry(&g.k.ed);
    e["kid"] = json!(uniqr::hex::encode(&kid_ed25519(key)));
    e["jwk"]["x"] = json!(B64.encode(key));
    e
}

/// The suite's ES256 entry with other coordinates (any bytes) and their
/// kid.
fn p256_entry(g: &Gen, x: &[u8], y: &[u8]) -> serde_json::Value {
    let mut e = entry(&g.k.es);
    e["kid"] = json!(uniqr::hex::encode(&kid_p256(x, y)));
    e["jwk"]["x"] = json!(B64.encode(x));
    e["jwk"]["y"] = json!(B64.encode(y));
    e
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

/// A trust list file of these entries.
fn trust_list(keys: Vec<serde_json::Value>) -> Vec<u8> {
    pretty(&json!({"format": "uniqr-trust-list", "version": 1, "keys": keys}))
}

/// The default time and revocation list with another trust list.
fn context(trust: &str) -> Context {
    Context {
        now: NOW.into(),
        trust: trust.into(),
        revoked: REVOKED.into(),
    }
}

/// A signer from a seed derived from a label and an index.
fn signer_from(g: &Gen, alg: Alg, label: &str, i: u32) -> Option<Signer> {
    let seed: [u8; 32] = Sha256::digest(format!("uniqr-v1-vectors-key:{label}:{i}")).into();
    let t = g.k.es.trusted();
    Signer::new(
        SecretKey::from_seed(alg, seed),
        "VN-HN",
        Usage::ALL,
        t.not_before,
        t.not_after,
    )
    .ok()
}

/// Keys on both sides of R-KEY-1 and R-KEY-2 (`trust-files`, ids `key-…`):
/// trust lists and key files whose key is encoded outside the one accepted
/// form, or computed a wrong way, next to keys at the edge of that form.
fn keys(g: &mut Gen) {
    let cat = "trust-files";
    let tli = "TRUST_LIST_INVALID";
    let payload = g.payload();
    let es_text = g.code(&g.k.es, "key-lists-es256", &payload);
    let ed_text = g.code(&g.k.ed, "key-lists-eddsa", &payload);
    let mut lists: Vec<(&str, String, &[&str], serde_json::Value, &String)> = Vec::new();
    // Ed25519 encodings strict RFC 8032 §5.1.3 decoding rejects.
    let small = |n: u8| {
        let mut b = [0u8; 32];
        b[0] = n;
        b
    };
    let torsion_free = |b: &[u8; 32]| {
        Point::decode(b).is_some_and(|pt| !pt.mul(&U256::from_u8(8)).same(&Point::identity()))
    };
    let mut identity_sign = small(1);
    identity_sign[31] |= 0x80;
    let mut minus_one_sign = Point::torsion8().mul(&U256::from_u8(4)).encode();
    minus_one_sign[31] |= 0x80;
    let mut ed_keys: Vec<(&str, String, [u8; 32])> = vec![
        (
            "key-ed25519-y-equals-p",
            "Ed25519 key with y = p, the first value not below p (non-canonical for y = 0)".into(),
            curve::y_above_p(0, false),
        ),
        (
            "key-ed25519-identity-sign-bit",
            "Ed25519 key 01 00 … 80: the identity (x = 0) with the sign bit set".into(),
            identity_sign,
        ),
        (
            "key-ed25519-order-2-sign-bit",
            "Ed25519 key ec ff … ff: y = p - 1 (x = 0) with the sign bit set".into(),
            minus_one_sign,
        ),
    ];
    // A point of large order whose y is small enough to be written again
    // as y + p: non-canonical and nothing else.
    if let Some(n) = (2..19u8).find(|n| torsion_free(&small(*n))) {
        ed_keys.push((
            "key-ed25519-y-above-p",
            format!(
                "Ed25519 key with y = p + {n}: a point of large order, written non-canonically"
            ),
            curve::y_above_p(n, false),
        ));
    }
    if let Some(n) = (2..64u8).find(|n| Point::decode(&small(*n)).is_none()) {
        ed_keys.push((
            "key-ed25519-not-on-curve",
            format!("Ed25519 key with y = {n}, for which no x exists: not a curve point"),
            small(n),
        ));
    }
    for (id, title, key) in &ed_keys {
        lists.push((
            id,
            title.clone(),
            &["R-KEY-2"],
            ed25519_entry(g, key),
            &ed_text,
        ));
    }
    // The base64url form of R-KEY-2.
    let ed = entry(&g.k.ed);
    let x = ed["jwk"]["x"].as_str().unwrap_or_default().to_owned();
    let mut trailing = x.clone();
    if let Some(last) = trailing.pop() {
        // The last of 43 characters carries 4 bits and 2 unused zero bits.
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let v = ALPHABET
            .iter()
            .position(|c| *c as char == last)
            .unwrap_or(0);
        trailing.push(ALPHABET[v | 1] as char);
    }
    let mut with_x = |id: &'static str, title: &str, x: String| {
        let mut e = ed.clone();
        e["jwk"]["x"] = json!(x);
        lists.push((id, title.into(), &["R-KEY-2"], e, &ed_text));
    };
    with_x(
        "key-ed25519-x-trailing-bits",
        "Ed25519 x whose 2 unused trailing bits are not zero (decodes to the same bytes)",
        trailing.clone(),
    );
    with_x(
        "key-ed25519-x-padded",
        "Ed25519 x with base64 padding (44 characters, '=')",
        format!("{x}="),
    );
    let mut e = ed.clone();
    e["jwk"]["y"] = e["jwk"]["x"].clone();
    lists.push((
        "key-ed25519-with-y",
        "Ed25519 JWK with a y member".into(),
        &["R-KEY-2"],
        e,
        &ed_text,
    ));
    let mut e = ed.clone();
    e["jwk"]["crv"] = json!("X25519");
    lists.push((
        "key-okp-crv-x25519",
        "OKP JWK with crv X25519 (a key-agreement curve)".into(),
        &["R-KEY-2"],
        e,
        &ed_text,
    ));
    let mut e = entry(&g.k.es);
    e["jwk"]["use"] = json!("sig");
    lists.push((
        "key-jwk-extra-member",
        "JWK with the extra member \"use\": \"sig\"".into(),
        &["R-KEY-2"],
        e,
        &es_text,
    ));
    // The standard-alphabet form needs a coordinate with '-' or '_'.
    let coords = [&g.k.ed, &g.k.es, &g.k.ed_tests, &g.k.es_sg]
        .map(entry)
        .into_iter()
        .flat_map(|e| ["x", "y"].map(|c| (e.clone(), c)))
        .find(|(e, c)| e["jwk"][c].as_str().is_some_and(|v| v.contains(['-', '_'])));
    if let Some((mut e, c)) = coords {
        let v = e["jwk"][c]
            .as_str()
            .unwrap_or_default()
            .replace('-', "+")
            .replace('_', "/");
        e["jwk"][c] = json!(v);
        lists.push((
            "key-x-standard-base64-alphabet",
            format!(
                "key coordinate {c} in the standard base64 alphabet ('+', '/') instead of base64url"
            ),
            &["R-KEY-2"],
            e,
            &es_text,
        ));
    }
    // P-256 points outside the one accepted form.
    if let Some((x, y)) = curve::p256_point_small_x() {
        let xp = curve::p256_above_p(&x);
        lists.push((
            "key-p256-x-above-p",
            "P-256 key with x + p in place of x (the reduced point is on the curve)".into(),
            &["R-KEY-2"],
            p256_entry(g, &xp, &y),
            &es_text,
        ));
    }
    if let Some((x, y)) = curve::p256_point_small_y() {
        let yp = curve::p256_above_p(&y);
        lists.push((
            "key-p256-y-above-p",
            "P-256 key with y + p in place of y (the reduced point is on the curve)".into(),
            &["R-KEY-2"],
            p256_entry(g, &x, &yp),
            &es_text,
        ));
    }
    lists.push((
        "key-p256-point-at-infinity",
        "P-256 key (0, 0), a common stand-in for the point at infinity: not on the curve".into(),
        &["R-KEY-2"],
        p256_entry(g, &[0; 32], &[0; 32]),
        &es_text,
    ));
    let es = entry(&g.k.es);
    let point =
        *g.k.es
            .secret()
            .public()
            .spki_der()
            .last_chunk::<65>()
            .unwrap_or(&[0; 65]);
    let mut e = es.clone();
    if let Some(j) = e["jwk"].as_object_mut() {
        j.remove("y");
    }
    lists.push((
        "key-p256-no-y",
        "P-256 JWK without y (the compressed form's information)".into(),
        &["R-KEY-2"],
        e.clone(),
        &es_text,
    ));
    let compressed = [&[2 + (point[64] & 1)][..], &point[1..33]].concat();
    e["jwk"]["x"] = json!(B64.encode(&compressed));
    lists.push((
        "key-p256-x-sec1-compressed",
        "P-256 JWK whose x is the 33-byte SEC1 compressed point, without y".into(),
        &["R-KEY-2"],
        e,
        &es_text,
    ));
    // R-KEY-1: kids computed over another form of the key.
    let spki = g.k.es.secret().public().spki_der();
    let compressed_spki = [
        &[0x30, 0x39, 0x30, 0x13][..],
        &SPKI_P256[4..23],
        &[0x03, 0x22, 0x00],
        &compressed,
    ]
    .concat();
    let digest = Sha256::digest(&spki);
    let ed_raw = g.k.ed.secret().public().spki_der()[12..].to_vec();
    for (id, title, e, kid, text) in [
        (
            "key-kid-over-raw-point",
            "P-256 kid over the 65-byte point instead of the SubjectPublicKeyInfo",
            &es,
            kid_of(&point),
            &es_text,
        ),
        (
            "key-kid-over-compressed-spki",
            "P-256 kid over a SubjectPublicKeyInfo with the compressed point",
            &es,
            kid_of(&compressed_spki),
            &es_text,
        ),
        (
            "key-kid-last-8-bytes",
            "P-256 kid from the last 8 bytes of the SHA-256 digest instead of the first",
            &es,
            digest[24..].try_into().unwrap_or([0; 8]),
            &es_text,
        ),
        (
            "key-kid-ed25519-over-raw-key",
            "Ed25519 kid over the 32 key bytes instead of the SubjectPublicKeyInfo",
            &ed,
            kid_of(&ed_raw),
            &ed_text,
        ),
    ] {
        let mut e = e.clone();
        e["kid"] = json!(uniqr::hex::encode(&kid));
        lists.push((id, title.into(), &["R-KEY-1"], e, text));
    }
    for (id, title, reqs, e, text) in lists {
        let file = format!("trust/{id}.json");
        g.file(&file, trust_list(vec![e]));
        g.invalid_at(cat, id, &title, reqs, text.clone(), tli, context(&file));
    }
    // A P-256 key whose x has a leading zero byte, and an Ed25519 key whose
    // encoding has the sign bit set: both in the one accepted form.
    let lead = (HINT_P256_X_LEADING_ZERO..HINT_P256_X_LEADING_ZERO + 8192).find_map(|i| {
        signer_from(g, Alg::Es256, "p256-x-leading-zero", i)
            .filter(|s| s.secret().public().spki_der()[27] == 0)
    });
    let sign_bit = (HINT_ED25519_SIGN_BIT..HINT_ED25519_SIGN_BIT + 256).find_map(|i| {
        signer_from(g, Alg::EdDsa, "ed25519-sign-bit", i)
            .filter(|s| s.secret().public().spki_der()[43] & 0x80 != 0)
    });
    for (id, file_id, title, file_title, signer) in [
        (
            "key-p256-x-leading-zero-valid",
            "key-file-p256-x-leading-zero-valid",
            "P-256 key whose x has a leading zero byte, written as 32 bytes: it loads, its kid covers all 32 bytes, its code verifies",
            "an encoder reads a P-256 key file whose x has a leading zero byte and signs under the kid of all 32 bytes",
            &lead,
        ),
        (
            "key-ed25519-sign-bit-set-valid",
            "key-file-ed25519-sign-bit-set-valid",
            "Ed25519 key whose encoding has the sign bit (bit 255) set: canonical, it loads and its code verifies",
            "an encoder reads an Ed25519 key file whose key has the sign bit (bit 255) set",
            &sign_bit,
        ),
    ] {
        let Some(s) = signer else { continue };
        let file = format!("trust/{id}.json");
        g.file(&file, trust_list(vec![entry(s)]));
        let text = g.code(s, id, &payload);
        let claims = g.claims(id);
        g.valid_at(
            cat,
            id,
            title,
            &["R-KEY-1", "R-KEY-2"],
            text,
            &payload,
            &claims,
            context(&file),
        );
        let key = format!("keys/{file_id}.json");
        g.file(&key, s.to_json().into_bytes());
        let claims = g.claims(file_id);
        let Ok(cose) = uniqr::codec::encode_cose(&payload, s, &claims) else {
            continue;
        };
        let expected = Expected {
            valid: true,
            cose_hex: Some(uniqr::hex::encode(&cose)),
            ..Expected::default()
        };
        encode_case(
            g,
            file_id,
            file_title,
            &["R-KEY-1", "R-KEY-2"],
            &key,
            expected,
        );
    }
    // R-KEY-2 rejects exactly two Ed25519 encodings besides non-points: y ≥ p
    // and x = 0 with the sign bit. Valid keys with the sign bit set that
    // share part of the pattern of y = p − 1 (low byte 0xec; bytes 1 to 30
    // all 0xff) must load: an extra entry of the trust list, unused by the
    // code, which the suite's ES256 key signs.
    let with_sign = |low: u8, middle: u8| {
        (0u8..0x7f).find_map(|top| {
            let mut y = [middle; 32];
            y[0] = low;
            y[31] = top | 0x80;
            Point::decode(&y).map(|_| y)
        })
    };
    let near_minus_one = [
        (
            "key-ed25519-low-byte-ec-sign-bit-valid",
            "a trust list with an extra Ed25519 key whose encoding starts with 0xec and has the sign bit set (not y = p − 1): it loads",
            with_sign(0xec, 0x00),
        ),
        (
            "key-ed25519-middle-bytes-ff-sign-bit-valid",
            "a trust list with an extra Ed25519 key whose bytes 1 to 30 are 0xff, with the sign bit set (not y = p − 1): it loads",
            (0u8..=0xff).find_map(|low| with_sign(low, 0xff).filter(|y| y[31] != 0xff)),
        ),
    ];
    for (id, title, key) in near_minus_one {
        let Some(key) = key else { continue };
        let file = format!("trust/{id}.json");
        g.file(
            &file,
            trust_list(vec![entry(&g.k.es), ed25519_entry(g, &key)]),
        );
        let text = g.code(&g.k.es, id, &payload);
        let claims = g.claims(id);
        g.valid_at(
            cat,
            id,
            title,
            &["R-KEY-2", "R-TRUST-7"],
            text,
            &payload,
            &claims,
            context(&file),
        );
    }
    // Key files whose public key breaks R-KEY-2 (the tools reject them with
    // KEY_FILE_INVALID, spec section "Key files").
    let key_file = |s: &Signer, edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap_or_default();
        edit(&mut v["key"]);
        pretty(&v)
    };
    let mut files: Vec<(&str, String, Vec<u8>)> = Vec::new();
    if let Some(s) = &lead {
        files.push((
            "key-file-p256-x-31-bytes",
            "key file whose P-256 x has its leading zero byte dropped (31 bytes, 42 characters)"
                .into(),
            key_file(s, &|k| {
                let x = B64
                    .decode(k["jwk"]["x"].as_str().unwrap_or_default())
                    .unwrap_or_default();
                k["jwk"]["x"] = json!(B64.encode(x.get(1..).unwrap_or_default()));
            }),
        ));
    }
    files.push((
        "key-file-p256-no-y",
        "key file whose P-256 JWK has no y".into(),
        key_file(&g.k.es, &|k| {
            if let Some(j) = k["jwk"].as_object_mut() {
                j.remove("y");
            }
        }),
    ));
    files.push((
        "key-file-ed25519-x-trailing-bits",
        "key file whose Ed25519 x has non-zero unused trailing bits (decodes to the right key)"
            .into(),
        key_file(&g.k.ed, &|k| k["jwk"]["x"] = json!(trailing)),
    ));
    // No private key has a non-canonical public key, so these files cannot
    // have a matching d either: the encoding is the defect, d follows it.
    for (id, title, key) in ed_keys.iter().filter(|(id, _, _)| {
        matches!(
            *id,
            "key-ed25519-y-above-p" | "key-ed25519-identity-sign-bit"
        )
    }) {
        let file_id = if id.ends_with("y-above-p") {
            "key-file-ed25519-y-above-p"
        } else {
            "key-file-ed25519-identity-sign-bit"
        };
        let title = format!("key file with a non-canonical public key: {title}");
        files.push((
            file_id,
            title,
            key_file(&g.k.ed, &|k| {
                k["kid"] = json!(uniqr::hex::encode(&kid_ed25519(key)));
                k["jwk"]["x"] = json!(B64.encode(key));
            }),
        ));
    }
    for (id, title, bytes) in files {
        let key = format!("keys/{id}.json");
        g.file(&key, bytes);
        let expected = Expected {
            valid: false,
            error: Some("KEY_FILE_INVALID".into()),
            ..Expected::default()
        };
        encode_case(g, id, &title, &["R-KEY-2"], &key, expected);
    }
}

/// An encode case of `trust-files` with the sample payload.
fn encode_case(g: &mut Gen, id: &str, title: &str, reqs: &[&str], key: &str, expected: Expected) {
    let payload = serde_json::to_value(g.payload()).ok();
    let claims = serde_json::to_value(g.claims(id)).ok();
    g.case(Case {
        id: id.into(),
        title: title.into(),
        category: "trust-files".into(),
        requirements: reqs.iter().map(|r| (*r).into()).collect(),
        op: Op::Encode,
        input: Input {
            payload,
            claims,
            key: Some(key.into()),
            ..Input::default()
        },
        context: None,
        expected,
    });
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
