//! Key windows, key usage, time, revocation, and check-order cases.

use super::{Gen, context_at, default_context};
use crate::forge;
use uniqr::claims::Claims;
use uniqr::timefmt;

fn at(t: i64) -> String {
    timefmt::format(t).unwrap_or_default()
}

pub(super) fn cases(g: &mut Gen) {
    files(g);
    let p = g.payload();
    // Key validity window (R-TRUST-4): not_before <= iat < not_after.
    let cat = "key-window";
    let text = g.code(&g.k.es_old, "key-window-ended", &p);
    g.invalid(
        cat,
        "key-window-ended-at-iat",
        "iat equals the key's not_after (exclusive)",
        &["R-TRUST-4"],
        text,
        "KEY_NOT_VALID",
    );
    let text = g.code(&g.k.es_late, "key-window-starts-after-iat", &p);
    g.invalid(
        cat,
        "key-window-starts-after-iat",
        "iat one second before the key's not_before",
        &["R-TRUST-4"],
        text,
        "KEY_NOT_VALID",
    );
    let mut c = g.claims("key-window-last-second");
    c.iat = super::IAT - 1;
    let text = forge::text_from_cose(&forge::cose(&g.k.es_old, &c, &p));
    g.valid(
        cat,
        "key-window-last-second-valid",
        "iat in the key window's last second",
        &["R-TRUST-4"],
        text,
        &p,
        &c,
    );
    let mut c = g.claims("key-window-first-second");
    c.iat = super::IAT + 1;
    let text = forge::text_from_cose(&forge::cose(&g.k.es_late, &c, &p));
    g.valid(
        cat,
        "key-window-first-second-valid",
        "iat equal to the key's not_before",
        &["R-TRUST-4"],
        text,
        &p,
        &c,
    );
    // Key usage (R-TRUST-5).
    let cat = "key-usage";
    let text = g.code(&g.k.ed_tests, "usage-vaccination-with-test-key", &p);
    g.invalid(
        cat,
        "usage-vaccination-with-test-key",
        "a tests-only key signs vaccination entries",
        &["R-TRUST-5"],
        text,
        "KEY_USAGE_DENIED",
    );
    let mut id_only = p.clone();
    id_only.v = None;
    let text = g.code(&g.k.ed_tests, "usage-identity-with-test-key", &id_only);
    g.invalid(
        cat,
        "usage-identity-with-test-key",
        "a tests-only key signs an identity-only code",
        &["R-TRUST-5"],
        text,
        "KEY_USAGE_DENIED",
    );
    let examples = super::examples();
    if let Some((_, all)) = examples.iter().find(|(n, _)| *n == "all-kinds-russian") {
        let text = g.code(&g.k.ed_tests, "usage-all-kinds-with-test-key", all);
        g.invalid(
            cat,
            "usage-all-kinds-with-test-key",
            "a tests-only key signs a code with v, t and r entries",
            &["R-TRUST-5"],
            text,
            "KEY_USAGE_DENIED",
        );
    }
    if let Some((_, test)) = examples.iter().find(|(n, _)| *n == "test-negative") {
        let mut test = test.clone();
        test.pid = "VN-TEST-0001".into();
        let c = g.claims("usage-test-with-test-key-valid");
        let text = g.code(&g.k.ed_tests, "usage-test-with-test-key-valid", &test);
        g.valid(
            cat,
            "usage-test-with-test-key-valid",
            "a tests-only key signs a test entry",
            &["R-TRUST-5"],
            text,
            &test,
            &c,
        );
    }
    // Time (R-TIME-1, R-TIME-2).
    let cat = "time";
    let id = "time-window";
    let text = g.code(&g.k.es, id, &p);
    let c = g.claims(id);
    g.invalid_at(
        cat,
        "time-before-iat",
        "now one second before iat",
        &["R-TIME-1"],
        text.clone(),
        "NOT_YET_VALID",
        context_at(&at(c.iat - 1)),
    );
    g.invalid_at(
        cat,
        "time-a-year-before-iat",
        "now a year before iat (clock far behind)",
        &["R-TIME-1"],
        text.clone(),
        "NOT_YET_VALID",
        context_at(&at(c.iat - 365 * 86_400)),
    );
    g.valid_at(
        cat,
        "time-at-iat-valid",
        "now exactly at iat",
        &["R-TIME-1"],
        text.clone(),
        &p,
        &c,
        context_at(&at(c.iat)),
    );
    g.valid_at(
        cat,
        "time-last-second-valid",
        "now one second before exp",
        &["R-TIME-2"],
        text.clone(),
        &p,
        &c,
        context_at(&at(c.exp - 1)),
    );
    g.invalid_at(
        cat,
        "time-at-exp",
        "now exactly at exp",
        &["R-TIME-2"],
        text.clone(),
        "EXPIRED",
        context_at(&at(c.exp)),
    );
    g.invalid_at(
        cat,
        "time-long-after-exp",
        "now ten years after exp",
        &["R-TIME-2"],
        text.clone(),
        "EXPIRED",
        context_at(&at(c.exp + 3650 * 86_400)),
    );
    let short = Claims {
        exp: super::IAT + 1,
        ..g.claims("time-one-second-life")
    };
    let t1 = forge::text_from_cose(&forge::cose(&g.k.es, &short, &p));
    g.valid_at(
        cat,
        "time-one-second-life-valid",
        "a code valid for exactly one second, checked in it",
        &["R-TIME-1", "R-TIME-2", "R-CWT-3"],
        t1.clone(),
        &p,
        &short,
        context_at(&at(short.iat)),
    );
    g.invalid_at(
        cat,
        "time-one-second-life-expired",
        "a code valid for one second, checked one second later",
        &["R-TIME-2"],
        t1,
        "EXPIRED",
        context_at(&at(short.exp)),
    );
    // Revocation (R-REV-1).
    let cat = "revocation";
    let id = "revoked-certificate";
    let c = g.claims(id);
    g.revoke(c.cti);
    let text = g.code(&g.k.es, id, &p);
    g.invalid(
        cat,
        id,
        "cti on the revocation list",
        &["R-REV-1"],
        text.clone(),
        "REVOKED",
    );
    let mut none = default_context();
    none.revoked = "trust/revoked-none.json".into();
    g.valid_at(
        cat,
        "revoked-elsewhere-valid",
        "the same code against an empty revocation list",
        &["R-REV-1"],
        text,
        &p,
        &c,
        none,
    );
    let id = "revoked-eddsa";
    let c = g.claims(id);
    g.revoke(c.cti);
    let text = g.code(&g.k.ed, id, &p);
    g.invalid(
        cat,
        id,
        "an EdDSA code whose cti is revoked",
        &["R-REV-1"],
        text,
        "REVOKED",
    );
    // A cti whose *raw bytes* are listed must not match: lists hold SHA-256.
    let id = "revocation-raw-cti-not-matched";
    let c = g.claims(id);
    let raw_as_hash = {
        let mut h = [0u8; 16];
        h.copy_from_slice(&sha(&g.claims("revoked-certificate").cti)[..16]);
        h
    };
    let mut c2 = c.clone();
    c2.cti = raw_as_hash;
    let text = forge::text_from_cose(&forge::cose(&g.k.es, &c2, &p));
    g.valid(
        cat,
        id,
        "a cti equal to the first half of a listed hash is not revoked",
        &["R-REV-1"],
        text,
        &p,
        &c2,
    );
    // Check order: two defects, the earlier check wins (R-ORD-1).
    let cat = "check-order";
    let text = g.code(&g.k.es_stranger, "order-unknown-and-expired", &p);
    let c = g.claims("order-unknown-and-expired");
    g.invalid_at(
        cat,
        "order-unknown-key-before-expiry",
        "unknown key and expired: KEY_UNKNOWN first",
        &["R-ORD-1"],
        text,
        "KEY_UNKNOWN",
        context_at(&at(c.exp + 1)),
    );
    let text = g.code(&g.k.es, "order-revoked-and-expired", &p);
    g.revoke(g.claims("order-revoked-and-expired").cti);
    g.invalid_at(
        cat,
        "order-expiry-before-revocation",
        "expired and revoked: EXPIRED first",
        &["R-ORD-1"],
        text,
        "EXPIRED",
        context_at(&at(super::EXP)),
    );
    let mut bad = g.payload();
    bad.dob = "1990-02-30".into();
    let c = g.claims("order-payload-before-time");
    let body = forge::claims_bytes_with(&c, bad.to_cbor());
    g.invalid_at(
        cat,
        "order-payload-before-time",
        "invalid payload and not yet valid: PAYLOAD_INVALID first",
        &["R-ORD-1"],
        g.signed_body(&body),
        "PAYLOAD_INVALID",
        context_at(&at(c.iat - 10)),
    );
    let mut c = g.claims("order-issuer-before-payload");
    c.iss = "VN-SG".into();
    let body = forge::claims_bytes_with(&c, bad.to_cbor());
    g.invalid(
        cat,
        "order-issuer-before-payload",
        "issuer mismatch and invalid payload: ISSUER_MISMATCH first",
        &["R-ORD-1"],
        g.signed_body(&body),
        "ISSUER_MISMATCH",
    );
    let mut cose = g.cose("order-signature-before-claims");
    let n = cose.len();
    cose[n - 1] ^= 1;
    g.invalid_at(
        cat,
        "order-signature-before-expiry",
        "bad signature and expired: SIGNATURE_INVALID first",
        &["R-ORD-1"],
        forge::text_from_cose(&cose),
        "SIGNATURE_INVALID",
        context_at(&at(super::EXP + 1)),
    );
    let text = g.code(&g.k.es_old, "order-key-window-before-usage", &p);
    g.invalid_at(
        cat,
        "order-key-window-before-time",
        "key window ended and code not yet valid: KEY_NOT_VALID first",
        &["R-ORD-1"],
        text,
        "KEY_NOT_VALID",
        context_at(&at(super::IAT - 5)),
    );
    let text = g.code(&g.k.ed_tests, "order-usage-before-time", &p);
    g.invalid_at(
        cat,
        "order-usage-before-expiry",
        "usage denied and expired: KEY_USAGE_DENIED first",
        &["R-ORD-1"],
        text,
        "KEY_USAGE_DENIED",
        context_at(&at(super::EXP + 5)),
    );
    // R-CBOR-5: inside one CBOR item, CBOR_INVALID > TOO_LARGE > CBOR_NONCANONICAL.
    let mut e = super::claims_entries(
        &g.claims("order-cbor-invalid-first"),
        &uniqr::cbor::encode(&p.to_cbor()),
    );
    e.swap(1, 2);
    e[4].1 = vec![0xf9, 0x3c, 0x00];
    g.invalid(
        cat,
        "order-cbor-invalid-over-noncanonical",
        "unsorted claims then a float: CBOR_INVALID outranks CBOR_NONCANONICAL",
        &["R-CBOR-5"],
        g.signed_body(&super::raw_map(&e)),
        "CBOR_INVALID",
    );
    let mut e = super::claims_entries(
        &g.claims("order-cbor-limit-first"),
        &uniqr::cbor::encode(&p.to_cbor()),
    );
    e.swap(1, 2);
    e[4].1 = uniqr::cbor::encode(&uniqr::cbor::Value::Text(&"A".repeat(600)));
    g.invalid(
        cat,
        "order-limit-over-noncanonical",
        "unsorted claims and a 600-byte text: TOO_LARGE outranks CBOR_NONCANONICAL",
        &["R-CBOR-5", "R-LIM-4"],
        g.signed_body(&super::raw_map(&e)),
        "TOO_LARGE",
    );
    let body = forge::claims_bytes(&g.claims("order-alg-before-kid"), &p);
    let h = uniqr::cbor::encode(&uniqr::cbor::Value::Map(vec![(
        uniqr::cbor::Value::Int(1),
        uniqr::cbor::Value::Int(-35),
    )]));
    g.invalid(
        cat,
        "order-alg-before-kid",
        "unsupported alg and no kid: ALG_UNSUPPORTED first",
        &["R-ORD-1", "R-COSE-4"],
        forge::text_from_cose(&forge::signed(&g.k.es, &h, &body)),
        "ALG_UNSUPPORTED",
    );
}

fn sha(b: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(b).into()
}

/// Broken trust lists, revocation lists and key files: a verifier must
/// refuse to load them rather than guess.
fn files(g: &mut Gen) {
    use crate::vectors::{Case, Expected, Input, Op};
    let cat = "trust-files";
    let entry = |s: &uniqr::signer::Signer| {
        serde_json::to_value(s.trusted().to_entry()).unwrap_or_default()
    };
    let list = |keys: Vec<serde_json::Value>| {
        let mut s = serde_json::to_string_pretty(&serde_json::json!({
            "format": "uniqr-trust-list", "version": 1, "keys": keys
        }))
        .unwrap_or_default();
        s.push('\n');
        s.into_bytes()
    };
    let es = entry(&g.k.es);
    g.file(
        "trust/invalid-duplicate-kids.json",
        list(vec![es.clone(), es.clone()]),
    );
    let mut wrong = es.clone();
    wrong["kid"] = serde_json::json!(uniqr::hex::encode(&g.k.ed.kid()));
    g.file("trust/invalid-kid-mismatch.json", list(vec![wrong]));
    let mut private = es.clone();
    private["jwk"]["d"] = serde_json::json!("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    g.file("trust/invalid-private-key.json", list(vec![private]));
    let mut unknown = es.clone();
    unknown["country"] = serde_json::json!("VN");
    g.file("trust/invalid-unknown-member.json", list(vec![unknown]));
    let mut point = es.clone();
    point["jwk"]["y"] = serde_json::json!("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    g.file("trust/invalid-point.json", list(vec![point]));
    let mut upper = es.clone();
    upper["kid"] = serde_json::json!(uniqr::hex::encode(&g.k.es.kid()).to_uppercase());
    g.file("trust/invalid-uppercase-kid.json", list(vec![upper]));
    let mut offset = es.clone();
    offset["not_before"] = serde_json::json!("2025-01-01T07:00:00+07:00");
    g.file("trust/invalid-time-offset.json", list(vec![offset]));
    let mut raw = serde_json::to_string_pretty(&serde_json::json!({
        "format": "uniqr-revocation-list", "version": 1,
        "revoked": [uniqr::hex::encode(&g.claims("trust-files").cti)]
    }))
    .unwrap_or_default();
    raw.push('\n');
    g.file("trust/invalid-raw-cti.json", raw.into_bytes());
    let p = g.payload();
    let text = g.code(&g.k.es, "trust-files", &p);
    for (id, title, trust, revoked, code, req) in [
        (
            "trust-list-duplicate-kids",
            "a trust list with the same kid twice must not load",
            "trust/invalid-duplicate-kids.json",
            super::REVOKED,
            "TRUST_LIST_INVALID",
            "R-TRUST-6",
        ),
        (
            "trust-list-kid-mismatch",
            "a trust list whose kid does not match its key must not load",
            "trust/invalid-kid-mismatch.json",
            super::REVOKED,
            "TRUST_LIST_INVALID",
            "R-TRUST-7",
        ),
        (
            "revocation-list-raw-cti",
            "a revocation list of raw ctis instead of SHA-256 hashes must not load",
            super::TRUST,
            "trust/invalid-raw-cti.json",
            "REVOCATION_LIST_INVALID",
            "R-REV-2",
        ),
        (
            "trust-list-private-key",
            "a trust list carrying a private key must not load",
            "trust/invalid-private-key.json",
            super::REVOKED,
            "TRUST_LIST_INVALID",
            "R-TRUST-8",
        ),
        (
            "trust-list-unknown-member",
            "a trust list entry with an unknown member must not load",
            "trust/invalid-unknown-member.json",
            super::REVOKED,
            "TRUST_LIST_INVALID",
            "R-TRUST-9",
        ),
        (
            "trust-list-point-not-on-curve",
            "a P-256 key whose point is not on the curve must not load",
            "trust/invalid-point.json",
            super::REVOKED,
            "TRUST_LIST_INVALID",
            "R-KEY-2",
        ),
        (
            "trust-list-uppercase-kid",
            "a kid in upper-case hex must not load",
            "trust/invalid-uppercase-kid.json",
            super::REVOKED,
            "TRUST_LIST_INVALID",
            "R-JSON-1",
        ),
        (
            "trust-list-time-with-offset",
            "a key window time with a +07:00 offset must not load",
            "trust/invalid-time-offset.json",
            super::REVOKED,
            "TRUST_LIST_INVALID",
            "R-JSON-2",
        ),
    ] {
        let ctx = super::Context {
            now: super::NOW.into(),
            trust: trust.into(),
            revoked: revoked.into(),
        };
        g.invalid_at(cat, id, title, &[req], text.clone(), code, ctx);
    }
    let mut key: serde_json::Value = serde_json::from_str(&g.k.es.to_json()).unwrap_or_default();
    key["key"]["kid"] = serde_json::json!(uniqr::hex::encode(&g.k.ed.kid()));
    let mut key = serde_json::to_string_pretty(&key).unwrap_or_default();
    key.push('\n');
    g.file("keys/invalid-kid-mismatch.json", key.into_bytes());
    let id = "key-file-kid-mismatch";
    g.case(Case {
        id: id.into(),
        title: "an encoder must refuse a key file whose kid does not match its key".into(),
        category: cat.into(),
        requirements: vec!["R-KEY-1".into()],
        op: Op::Encode,
        input: Input {
            payload: serde_json::to_value(&p).ok(),
            claims: serde_json::to_value(g.claims(id)).ok(),
            key: Some("keys/invalid-kid-mismatch.json".into()),
            ..Input::default()
        },
        context: None,
        expected: Expected {
            valid: false,
            error: Some("KEY_FILE_INVALID".into()),
            ..Expected::default()
        },
    });
}
