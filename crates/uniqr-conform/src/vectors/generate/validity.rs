//! Key windows, key usage, time, revocation, and check-order cases.

use serde_json::{Value as Json, json};

use super::{Gen, context_at, default_context};
use crate::forge;
use uniqr::claims::Claims;
use uniqr::cose::Alg;
use uniqr::key::SecretKey;
use uniqr::payload::{EntryKind, Payload};
use uniqr::signer::Signer;
use uniqr::timefmt;
use uniqr::trust::Usage;

fn at(t: i64) -> String {
    timefmt::format(t).unwrap_or_default()
}

pub(super) fn cases(g: &mut Gen) {
    files(g);
    trust_lists(g);
    revocation_lists(g);
    key_files(g);
    windows(g);
    usage(g);
    times(g);
    revocations(g);
    order(g);
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

// ---------------------------------------------------------------------------
// List and key files on both sides of each rule (R-TRUST-6 to R-TRUST-9,
// R-REV-2, R-KEY-3, R-JSON-1 to R-JSON-3).

/// The default key window: 2025-01-01 .. 2031-01-01.
const NB: i64 = 1_735_689_600;
const NA: i64 = 1_924_992_000;

/// The file form of a JSON document: pretty, with a final newline.
fn pretty(v: &Json) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// A signer's trust-list entry as JSON.
fn entry(s: &Signer) -> Json {
    serde_json::to_value(s.trusted().to_entry()).unwrap_or_default()
}

fn trust_doc(keys: Vec<Json>) -> Json {
    json!({"format": "uniqr-trust-list", "version": 1, "keys": keys})
}

fn revoked_doc(hashes: Vec<String>) -> Json {
    json!({"format": "uniqr-revocation-list", "version": 1, "revoked": hashes})
}

/// SHA-256 of a cti as it appears in a revocation list.
fn digest(cti: &[u8; 16]) -> String {
    uniqr::hex::encode(&sha(cti))
}

/// One change to a JSON document, at a JSON pointer.
enum Edit {
    Set(Json),
    Remove,
}

fn apply(doc: &mut Json, ptr: &str, edit: Edit) {
    let (parent, key) = ptr.rsplit_once('/').unwrap_or(("", ptr));
    match (doc.pointer_mut(parent), edit) {
        (Some(Json::Object(m)), Edit::Set(v)) => {
            m.insert(key.to_owned(), v);
        }
        (Some(Json::Object(m)), Edit::Remove) => {
            m.remove(key);
        }
        (Some(Json::Array(a)), Edit::Set(v)) => {
            if let Some(slot) = key.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                *slot = v;
            }
        }
        _ => {}
    }
}

/// `text` with the first `from` replaced; the edit must apply (a no-op
/// would make the case test nothing).
fn edit(text: &str, from: &str, to: &str) -> String {
    debug_assert!(text.contains(from), "{from:?} not in the file");
    text.replacen(from, to, 1)
}

fn ctx(now: &str, trust: &str, revoked: &str) -> super::Context {
    super::Context {
        now: now.into(),
        trust: trust.into(),
        revoked: revoked.into(),
    }
}

/// A trust list that must not load; the standard code is checked against
/// it, so a verifier that loads it anyway answers something else.
fn bad_trust(g: &mut Gen, id: &str, title: &str, reqs: &[&str], file: String) {
    let path = format!("trust/{id}.json");
    g.file(&path, file.into_bytes());
    let text = g.code(&g.k.es, "trust-files", &g.payload());
    let c = ctx(super::NOW, &path, super::REVOKED);
    g.invalid_at(
        "trust-files",
        id,
        title,
        reqs,
        text,
        "TRUST_LIST_INVALID",
        c,
    );
}

/// A trust list on the accepting side of a rule: a code of the standard
/// shape, signed by `signer` with `claims`, verifies against it.
fn good_trust(
    g: &mut Gen,
    id: &str,
    title: &str,
    reqs: &[&str],
    file: String,
    signer: &Signer,
    claims: &Claims,
) {
    let path = format!("trust/{id}.json");
    g.file(&path, file.into_bytes());
    let p = g.payload();
    let text = forge::text_from_cose(&forge::cose(signer, claims, &p));
    let c = ctx(super::NOW, &path, super::REVOKED);
    g.valid_at("trust-files", id, title, reqs, text, &p, claims, c);
}

/// A revocation list that must not load.
fn bad_revoked(g: &mut Gen, id: &str, title: &str, reqs: &[&str], file: String) {
    let path = format!("trust/{id}.json");
    g.file(&path, file.into_bytes());
    let text = g.code(&g.k.es, "trust-files", &g.payload());
    let c = ctx(super::NOW, super::TRUST, &path);
    g.invalid_at(
        "trust-files",
        id,
        title,
        reqs,
        text,
        "REVOCATION_LIST_INVALID",
        c,
    );
}

/// An encode case: the payload and claims signed with the key file at
/// `key`; `signer` gives the expected bytes when the case is valid.
#[allow(clippy::too_many_arguments)]
fn encode_case(
    g: &mut Gen,
    cat: &str,
    id: &str,
    title: &str,
    reqs: &[&str],
    key: &str,
    payload: &Payload,
    claims: &Claims,
    outcome: Result<&Signer, &str>,
) {
    use crate::vectors::{Case, Expected, Input, Op};
    let expected = match outcome {
        Ok(signer) => Expected {
            valid: true,
            cose_hex: Some(uniqr::hex::encode(&forge::cose(signer, claims, payload))),
            ..Expected::default()
        },
        Err(code) => Expected {
            valid: false,
            error: Some(code.into()),
            ..Expected::default()
        },
    };
    g.case(Case {
        id: id.into(),
        title: title.into(),
        category: cat.into(),
        requirements: reqs.iter().map(|r| (*r).into()).collect(),
        op: Op::Encode,
        input: Input {
            payload: serde_json::to_value(payload).ok(),
            claims: serde_json::to_value(claims).ok(),
            key: Some(key.into()),
            ..Input::default()
        },
        context: None,
        expected,
    });
}

/// A key file at `keys/<id>.json` and an encode case with it.
fn key_file_case(
    g: &mut Gen,
    id: &str,
    title: &str,
    reqs: &[&str],
    file: String,
    outcome: Result<&Signer, &str>,
) {
    let path = format!("keys/{id}.json");
    g.file(&path, file.into_bytes());
    let (p, c) = (g.payload(), g.claims(id));
    encode_case(g, "trust-files", id, title, reqs, &path, &p, &c, outcome);
}

/// The kid with its first decimal digit written as a full-width digit
/// (U+FF10 to U+FF19): the same digit to a Unicode-aware parser.
fn fullwidth_digit(hex: &str) -> String {
    let mut done = false;
    hex.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if !done => {
                done = true;
                char::from_u32(0xff10 + d).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

fn trust_lists(g: &mut Gen) {
    let es = g.k.es.clone();
    let base = trust_doc(vec![entry(&es)]);
    let kid = uniqr::hex::encode(&es.kid());
    let spaced = kid
        .as_bytes()
        .chunks(2)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let t = |s: &str| Edit::Set(json!(s));
    let rows: Vec<(&str, &str, &[&str], &str, Edit)> = vec![
        // Top-level members (R-TRUST-9).
        (
            "trust-list-format-of-revocation-list",
            "format \"uniqr-revocation-list\" (another file kind)",
            &["R-TRUST-9"],
            "/format",
            t("uniqr-revocation-list"),
        ),
        (
            "trust-list-format-lookalike",
            "format \"uniqr-trust-l\u{456}st\" with a Cyrillic і (U+0456) for the Latin i",
            &["R-TRUST-9"],
            "/format",
            t("uniqr-trust-l\u{456}st"),
        ),
        (
            "trust-list-format-missing",
            "no format member",
            &["R-TRUST-9"],
            "/format",
            Edit::Remove,
        ),
        (
            "trust-list-version-2",
            "version 2 (the first version above 1)",
            &["R-TRUST-9"],
            "/version",
            Edit::Set(json!(2)),
        ),
        (
            "trust-list-version-0",
            "version 0 (the version below 1)",
            &["R-TRUST-9"],
            "/version",
            Edit::Set(json!(0)),
        ),
        (
            "trust-list-version-string",
            "version as the text \"1\"",
            &["R-TRUST-9"],
            "/version",
            t("1"),
        ),
        (
            "trust-list-version-missing",
            "no version member",
            &["R-TRUST-9"],
            "/version",
            Edit::Remove,
        ),
        (
            "trust-list-keys-missing",
            "no keys member",
            &["R-TRUST-9"],
            "/keys",
            Edit::Remove,
        ),
        (
            "trust-list-keys-null",
            "keys is null",
            &["R-JSON-3", "R-TRUST-9"],
            "/keys",
            Edit::Set(Json::Null),
        ),
        (
            "trust-list-keys-not-array",
            "keys is the one key entry itself, not an array of entries",
            &["R-TRUST-9"],
            "/keys",
            Edit::Set(entry(&es)),
        ),
        (
            "trust-list-unknown-top-member",
            "an unknown top-level member \"updated\"",
            &["R-TRUST-9", "R-JSON-3"],
            "/updated",
            t("2026-01-01T00:00:00Z"),
        ),
        // Entry members (R-TRUST-9).
        (
            "trust-list-entry-member-missing",
            "a key entry without its usage member",
            &["R-TRUST-9"],
            "/keys/0/usage",
            Edit::Remove,
        ),
        (
            "trust-list-entry-member-null",
            "a key entry whose usage is null",
            &["R-JSON-3", "R-TRUST-9"],
            "/keys/0/usage",
            Edit::Set(Json::Null),
        ),
        (
            "trust-list-jwk-d-null",
            "a key entry whose jwk has \"d\": null (a private-key member, even if null)",
            &["R-TRUST-8", "R-JSON-3"],
            "/keys/0/jwk/d",
            Edit::Set(Json::Null),
        ),
        // kid (R-TRUST-7, R-JSON-1).
        (
            "trust-list-kid-odd-length",
            "kid of 15 hex digits (the last one dropped)",
            &["R-JSON-1"],
            "/keys/0/kid",
            t(&kid[..15]),
        ),
        (
            "trust-list-kid-7-bytes",
            "kid of 7 bytes: the first 14 hex digits of the key's kid",
            &["R-TRUST-7"],
            "/keys/0/kid",
            t(&kid[..14]),
        ),
        (
            "trust-list-kid-9-bytes",
            "kid of 9 bytes: the key's kid followed by 00",
            &["R-TRUST-7"],
            "/keys/0/kid",
            t(&format!("{kid}00")),
        ),
        (
            "trust-list-kid-non-hex-digit",
            "kid with its last digit replaced by g",
            &["R-JSON-1"],
            "/keys/0/kid",
            t(&format!("{}g", &kid[..15])),
        ),
        (
            "trust-list-kid-spaced-bytes",
            "kid written as hex bytes separated by spaces",
            &["R-JSON-1"],
            "/keys/0/kid",
            t(&spaced),
        ),
        (
            "trust-list-kid-0x-prefix",
            "kid with a 0x prefix",
            &["R-JSON-1"],
            "/keys/0/kid",
            t(&format!("0x{kid}")),
        ),
        (
            "trust-list-kid-fullwidth-digit",
            "kid with one digit written as a full-width digit (U+FF10 to U+FF19)",
            &["R-JSON-1"],
            "/keys/0/kid",
            t(&fullwidth_digit(&kid)),
        ),
        // alg (R-TRUST-7).
        (
            "trust-list-alg-mismatch",
            "alg EdDSA on a P-256 key",
            &["R-TRUST-7"],
            "/keys/0/alg",
            t("EdDSA"),
        ),
        (
            "trust-list-alg-lowercase",
            "alg \"es256\" in lower case",
            &["R-TRUST-7"],
            "/keys/0/alg",
            t("es256"),
        ),
        (
            "trust-list-alg-cose-number",
            "alg as the COSE number -7 instead of the name ES256",
            &["R-TRUST-7"],
            "/keys/0/alg",
            Edit::Set(json!(-7)),
        ),
        // issuer (R-TRUST-7, the iss pattern of R-CWT-2).
        (
            "trust-list-issuer-lowercase",
            "issuer \"vn-hn\" in lower case",
            &["R-TRUST-7"],
            "/keys/0/issuer",
            t("vn-hn"),
        ),
        (
            "trust-list-issuer-subdivision-4-chars",
            "issuer \"VN-HNOI\": a subdivision of 4 characters (at most 3)",
            &["R-TRUST-7"],
            "/keys/0/issuer",
            t("VN-HNOI"),
        ),
        (
            "trust-list-issuer-empty-subdivision",
            "issuer \"VN-\": a hyphen without a subdivision",
            &["R-TRUST-7"],
            "/keys/0/issuer",
            t("VN-"),
        ),
        (
            "trust-list-issuer-fullwidth",
            "issuer \"ＶＮ-ＨＮ\" in full-width letters (Unicode upper case, not A-Z)",
            &["R-TRUST-7"],
            "/keys/0/issuer",
            t("ＶＮ-ＨＮ"),
        ),
        (
            "trust-list-issuer-trailing-space",
            "issuer \"VN-HN \" with a trailing space",
            &["R-TRUST-7"],
            "/keys/0/issuer",
            t("VN-HN "),
        ),
        // usage (R-TRUST-7).
        (
            "trust-list-usage-empty",
            "usage is an empty list",
            &["R-TRUST-7"],
            "/keys/0/usage",
            Edit::Set(json!([])),
        ),
        (
            "trust-list-usage-duplicate",
            "usage lists v twice",
            &["R-TRUST-7"],
            "/keys/0/usage",
            Edit::Set(json!(["id", "v", "t", "r", "v"])),
        ),
        (
            "trust-list-usage-unknown-kind",
            "usage holds the unknown kind \"vaccination\"",
            &["R-TRUST-7"],
            "/keys/0/usage",
            Edit::Set(json!(["id", "vaccination", "t", "r"])),
        ),
        (
            "trust-list-usage-uppercase-kind",
            "usage holds \"V\" in upper case",
            &["R-TRUST-7"],
            "/keys/0/usage",
            Edit::Set(json!(["id", "V", "t", "r"])),
        ),
        (
            "trust-list-usage-not-list",
            "usage is the text \"id v t r\", not a list",
            &["R-TRUST-7"],
            "/keys/0/usage",
            t("id v t r"),
        ),
        // Times (R-JSON-2): every way to leave the one form.
        (
            "trust-list-time-offset-zero",
            "not_before with the offset +00:00 instead of Z",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2025-01-01T00:00:00+00:00"),
        ),
        (
            "trust-list-time-lowercase-z",
            "not_before ending in a lower-case z",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2025-01-01T00:00:00z"),
        ),
        (
            "trust-list-time-lowercase-t",
            "not_before with a lower-case t separator",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2025-01-01t00:00:00Z"),
        ),
        (
            "trust-list-time-space-separator",
            "not_before with a space instead of T",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2025-01-01 00:00:00Z"),
        ),
        (
            "trust-list-time-fraction",
            "not_before with a fraction .000",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2025-01-01T00:00:00.000Z"),
        ),
        (
            "trust-list-time-no-seconds",
            "not_before without seconds",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2025-01-01T00:00Z"),
        ),
        (
            "trust-list-time-date-only",
            "not_before as a date without a time",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2025-01-01"),
        ),
        (
            "trust-list-time-no-zone",
            "not_before without Z",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2025-01-01T00:00:00"),
        ),
        (
            "trust-list-time-unix-seconds",
            "not_before as the number of Unix seconds 1735689600",
            &["R-JSON-2"],
            "/keys/0/not_before",
            Edit::Set(json!(NB)),
        ),
        (
            "trust-list-time-leap-second",
            "not_before at the real leap second 2016-12-31T23:59:60Z",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2016-12-31T23:59:60Z"),
        ),
        (
            "trust-list-time-second-60",
            "not_before with second 60 (59 is the last)",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2024-06-30T12:00:60Z"),
        ),
        (
            "trust-list-time-minute-60",
            "not_before with minute 60",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2024-12-31T23:60:00Z"),
        ),
        (
            "trust-list-time-hour-24",
            "not_before at 24:00:00 (ISO 8601 end of day)",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2024-12-31T24:00:00Z"),
        ),
        (
            "trust-list-time-month-13",
            "not_before in month 13 (12 is the last)",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2024-13-01T00:00:00Z"),
        ),
        (
            "trust-list-time-month-00",
            "not_before in month 00",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2025-00-01T00:00:00Z"),
        ),
        (
            "trust-list-time-day-00",
            "not_before on day 00",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2025-01-00T00:00:00Z"),
        ),
        (
            "trust-list-time-day-32",
            "not_before on December 32",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2024-12-32T00:00:00Z"),
        ),
        (
            "trust-list-time-april-31",
            "not_before on April 31",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2024-04-31T00:00:00Z"),
        ),
        (
            "trust-list-time-feb-29-non-leap",
            "not_before on February 29 of the non-leap year 2025",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("2025-02-29T00:00:00Z"),
        ),
        (
            "trust-list-time-feb-29-2100",
            "not_after on February 29 of 2100 (a century, not a leap year)",
            &["R-JSON-2"],
            "/keys/0/not_after",
            t("2100-02-29T00:00:00Z"),
        ),
        (
            "trust-list-time-year-10000",
            "not_after in the year 10000 (five digits; 9999 is the last)",
            &["R-JSON-2"],
            "/keys/0/not_after",
            t("10000-01-01T00:00:00Z"),
        ),
        (
            "trust-list-time-negative-year",
            "not_before in the year -0001",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("-0001-01-01T00:00:00Z"),
        ),
        (
            "trust-list-time-arabic-indic-digits",
            "not_before with the year in Arabic-Indic digits (٢٠٢٥)",
            &["R-JSON-2"],
            "/keys/0/not_before",
            t("\u{662}\u{660}\u{662}\u{665}-01-01T00:00:00Z"),
        ),
        // The window (R-TRUST-7): not_before < not_after.
        (
            "trust-list-window-empty",
            "not_after equal to not_before",
            &["R-TRUST-7"],
            "/keys/0/not_after",
            t("2025-01-01T00:00:00Z"),
        ),
        (
            "trust-list-window-reversed",
            "not_after one second before not_before",
            &["R-TRUST-7"],
            "/keys/0/not_after",
            t("2024-12-31T23:59:59Z"),
        ),
    ];
    for (id, title, reqs, ptr, change) in rows {
        let mut doc = base.clone();
        apply(&mut doc, ptr, change);
        bad_trust(g, id, title, reqs, pretty(&doc));
    }
    // Objects written as arrays of their member values, in the order of the
    // spec (a form some JSON binders read into the same record).
    let e = entry(&es);
    let as_array = |e: &Json| {
        json!([
            e["kid"],
            e["alg"],
            e["issuer"],
            e["usage"],
            e["not_before"],
            e["not_after"],
            e["jwk"]
        ])
    };
    let doc = json!(["uniqr-trust-list", 1, [e.clone()]]);
    bad_trust(
        g,
        "trust-list-not-object",
        "the file is the array [format, version, keys] instead of an object",
        &["R-TRUST-9"],
        pretty(&doc),
    );
    let cut = pretty(&trust_doc(vec![e.clone()]));
    bad_trust(
        g,
        "trust-list-not-json",
        "the file cut short in the middle of a key entry: not JSON",
        &["R-TRUST-9", "R-JSON-3"],
        cut[..cut.len() / 2].to_owned(),
    );
    bad_trust(
        g,
        "trust-list-entry-not-object",
        "a key entry is the array of its member values instead of an object",
        &["R-TRUST-9"],
        pretty(&trust_doc(vec![as_array(&e)])),
    );
    // Duplicates and number forms need the file text itself (R-JSON-3).
    let base_text = pretty(&base);
    let text = &base_text;
    for (id, title, file) in [
        (
            "trust-list-duplicate-top-member",
            "the member version twice, both 1",
            edit(text, "{\n", "{\n  \"version\": 1,\n"),
        ),
        (
            "trust-list-duplicate-entry-member",
            "a key entry with the member issuer twice, both \"VN-HN\"",
            edit(
                text,
                "\"issuer\": \"VN-HN\",",
                "\"issuer\": \"VN-HN\",\n      \"issuer\": \"VN-HN\",",
            ),
        ),
        (
            "trust-list-duplicate-jwk-member",
            "a key entry whose jwk has the member kty twice, both \"EC\"",
            edit(
                text,
                "\"kty\": \"EC\",",
                "\"kty\": \"EC\",\n        \"kty\": \"EC\",",
            ),
        ),
        (
            "trust-list-version-fraction",
            "version written 1.0",
            edit(text, "\"version\": 1\n", "\"version\": 1.0\n"),
        ),
        (
            "trust-list-version-exponent",
            "version written 1e0",
            edit(text, "\"version\": 1\n", "\"version\": 1e0\n"),
        ),
    ] {
        bad_trust(g, id, title, &["R-JSON-3"], file);
    }
    // Two entries for one key, each valid alone: a rotation written as a
    // second entry instead of a new key (R-TRUST-6).
    let mut early = entry(&es);
    early["not_before"] = json!("2020-01-01T00:00:00Z");
    early["not_after"] = json!("2025-01-01T00:00:00Z");
    bad_trust(
        g,
        "trust-list-duplicate-kid-two-windows",
        "the same key in two entries with different windows",
        &["R-TRUST-6"],
        pretty(&trust_doc(vec![early, entry(&es)])),
    );
    // A list with no keys loads; the code's kid is then unknown.
    let path = "trust/trust-list-no-keys.json";
    g.file(path, pretty(&trust_doc(Vec::new())).into_bytes());
    let text = g.code(&es, "trust-files", &g.payload());
    g.invalid_at(
        "trust-files",
        "trust-list-no-keys",
        "a trust list with an empty keys array loads; the code's kid is then unknown",
        &["R-TRUST-9", "R-TRUST-1"],
        text,
        "KEY_UNKNOWN",
        ctx(super::NOW, path, super::REVOKED),
    );
    // The accepting side.
    let valid = |id: &str, ptr: &str, v: Json| {
        let mut doc = base.clone();
        apply(&mut doc, ptr, Edit::Set(v));
        (id.to_owned(), pretty(&doc))
    };
    for ((id, file), title, reqs) in [
        (
            valid(
                "trust-list-time-year-0000-valid",
                "/keys/0/not_before",
                json!("0000-01-01T00:00:00Z"),
            ),
            "not_before 0000-01-01T00:00:00Z, the first time of the form",
            &["R-JSON-2", "R-TRUST-7"][..],
        ),
        (
            valid(
                "trust-list-time-year-9999-valid",
                "/keys/0/not_after",
                json!("9999-12-31T23:59:59Z"),
            ),
            "not_after 9999-12-31T23:59:59Z, the last time of the form",
            &["R-JSON-2", "R-TRUST-7"],
        ),
        (
            valid(
                "trust-list-time-leap-day-valid",
                "/keys/0/not_before",
                json!("2024-02-29T23:59:59Z"),
            ),
            "not_before on February 29 of the leap year 2024 at 23:59:59",
            &["R-JSON-2", "R-TRUST-7"],
        ),
        (
            valid(
                "trust-list-time-leap-day-2000-valid",
                "/keys/0/not_before",
                json!("2000-02-29T00:00:00Z"),
            ),
            "not_before on February 29, 2000 (a century divisible by 400 is a leap year)",
            &["R-JSON-2", "R-TRUST-7"],
        ),
        (
            valid(
                "trust-list-time-last-of-year-valid",
                "/keys/0/not_before",
                json!("2025-12-31T23:59:59Z"),
            ),
            "not_before 2025-12-31T23:59:59Z: month 12, day 31, hour 23, minute 59, second 59",
            &["R-JSON-2", "R-TRUST-7"],
        ),
        (
            valid(
                "trust-list-usage-any-order-valid",
                "/keys/0/usage",
                json!(["r", "t", "v", "id"]),
            ),
            "usage lists the four kinds in reverse order",
            &["R-TRUST-7", "R-TRUST-5"],
        ),
    ] {
        let c = g.claims(&id);
        good_trust(g, &id, title, reqs, file, &es, &c);
    }
    // A one-second window holds exactly its first second.
    let id = "trust-list-window-one-second-valid";
    let mut doc = base.clone();
    doc["keys"][0]["not_before"] = json!("2026-01-01T00:00:00Z");
    doc["keys"][0]["not_after"] = json!("2026-01-01T00:00:01Z");
    let c = g.claims(id);
    good_trust(
        g,
        id,
        "window 2026-01-01T00:00:00Z to 2026-01-01T00:00:01Z (one second) and iat at its start",
        &["R-TRUST-7", "R-TRUST-4"],
        pretty(&doc),
        &es,
        &c,
    );
    // Issuers at the ends of the pattern; the code's iss matches.
    for (id, iss, title) in [
        (
            "trust-list-issuer-country-only-valid",
            "VN",
            "issuer \"VN\": a country without a subdivision",
        ),
        (
            "trust-list-issuer-subdivision-3-chars-valid",
            "KZ-ALA",
            "issuer \"KZ-ALA\": a subdivision of 3 characters",
        ),
        (
            "trust-list-issuer-subdivision-digit-valid",
            "VN-7",
            "issuer \"VN-7\": a subdivision of one digit",
        ),
    ] {
        let mut doc = base.clone();
        doc["keys"][0]["issuer"] = json!(iss);
        let c = Claims {
            iss: iss.into(),
            ..g.claims(id)
        };
        good_trust(
            g,
            id,
            title,
            &["R-TRUST-7", "R-TRUST-3"],
            pretty(&doc),
            &es,
            &c,
        );
    }
    // Two keys with the same issuer, window and usage, the signer second.
    let c = g.claims("trust-list-two-keys-one-issuer-valid");
    let other = g.k.es_stranger.clone();
    good_trust(
        g,
        "trust-list-two-keys-one-issuer-valid",
        "two ES256 keys with the same issuer, window and usage but different kids; the second signs",
        &["R-TRUST-6"],
        pretty(&trust_doc(vec![entry(&other), entry(&es)])),
        &es,
        &c,
    );
    // JSON escapes are the same text; member order and layout are free.
    let c = g.claims("trust-list-escaped-strings-valid");
    let file = edit(
        &edit(
            &base_text,
            "\"uniqr-trust-list\"",
            "\"uniqr\\u002dtrust\\u002Dlist\"",
        ),
        "\"VN-HN\"",
        "\"VN\\u002dHN\"",
    );
    good_trust(
        g,
        "trust-list-escaped-strings-valid",
        "format and issuer written with \\u escapes for their hyphens",
        &["R-JSON-3", "R-TRUST-9"],
        file,
        &es,
        &c,
    );
    let c = g.claims("trust-list-reordered-compact-valid");
    good_trust(
        g,
        "trust-list-reordered-compact-valid",
        "members in reverse order, on one line without spaces",
        &["R-JSON-3", "R-TRUST-9"],
        reversed_compact(&trust_doc(vec![entry(&es)])),
        &es,
        &c,
    );
}

/// A document on one line with the members of every object in reverse
/// order of the spec (and of what the tools write).
fn reversed_compact(v: &Json) -> String {
    const ORDER: [&str; 17] = [
        "format",
        "version",
        "keys",
        "revoked",
        "key",
        "kid",
        "alg",
        "issuer",
        "usage",
        "not_before",
        "not_after",
        "jwk",
        "kty",
        "crv",
        "x",
        "y",
        "d",
    ];
    let rank = |k: &str| ORDER.iter().position(|o| *o == k).unwrap_or(ORDER.len());
    match v {
        Json::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_by_key(|k| std::cmp::Reverse(rank(k)));
            let members: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        Json::String((*k).clone()),
                        reversed_compact(&m[*k])
                    )
                })
                .collect();
            format!("{{{}}}", members.join(","))
        }
        Json::Array(a) => format!(
            "[{}]",
            a.iter().map(reversed_compact).collect::<Vec<_>>().join(",")
        ),
        other => other.to_string(),
    }
}

fn revocation_lists(g: &mut Gen) {
    // The code's own digest is listed, so a verifier that loads a broken
    // list anyway answers REVOKED instead of REVOCATION_LIST_INVALID.
    let own = digest(&g.claims("trust-files").cti);
    let base = revoked_doc(vec![own.clone()]);
    let t = |s: &str| Edit::Set(json!(s));
    let rows: Vec<(&str, &str, &[&str], &str, Edit)> = vec![
        (
            "revocation-list-format-of-trust-list",
            "format \"uniqr-trust-list\" (another file kind)",
            &["R-REV-2"],
            "/format",
            t("uniqr-trust-list"),
        ),
        (
            "revocation-list-format-missing",
            "no format member",
            &["R-REV-2"],
            "/format",
            Edit::Remove,
        ),
        (
            "revocation-list-version-2",
            "version 2 (the first version above 1)",
            &["R-REV-2"],
            "/version",
            Edit::Set(json!(2)),
        ),
        (
            "revocation-list-version-string",
            "version as the text \"1\"",
            &["R-REV-2"],
            "/version",
            t("1"),
        ),
        (
            "revocation-list-version-missing",
            "no version member",
            &["R-REV-2"],
            "/version",
            Edit::Remove,
        ),
        (
            "revocation-list-revoked-missing",
            "no revoked member",
            &["R-REV-2"],
            "/revoked",
            Edit::Remove,
        ),
        (
            "revocation-list-revoked-null",
            "revoked is null",
            &["R-JSON-3", "R-REV-2"],
            "/revoked",
            Edit::Set(Json::Null),
        ),
        (
            "revocation-list-revoked-not-array",
            "revoked is one digest as text, not an array",
            &["R-REV-2"],
            "/revoked",
            t(&own),
        ),
        (
            "revocation-list-unknown-member",
            "an unknown member \"updated\"",
            &["R-REV-2", "R-JSON-3"],
            "/updated",
            t("2026-01-01T00:00:00Z"),
        ),
        (
            "revocation-list-digest-uppercase",
            "a digest in upper-case hex",
            &["R-JSON-1"],
            "/revoked/0",
            t(&own.to_uppercase()),
        ),
        (
            "revocation-list-digest-odd-length",
            "a digest of 63 hex digits (the last one dropped)",
            &["R-JSON-1"],
            "/revoked/0",
            t(&own[..63]),
        ),
        (
            "revocation-list-digest-31-bytes",
            "a digest of 31 bytes (62 hex digits)",
            &["R-REV-2"],
            "/revoked/0",
            t(&own[..62]),
        ),
        (
            "revocation-list-digest-33-bytes",
            "a digest of 33 bytes (the digest followed by 00)",
            &["R-REV-2"],
            "/revoked/0",
            t(&format!("{own}00")),
        ),
        (
            "revocation-list-digest-non-hex-digit",
            "a digest whose last digit is replaced by g",
            &["R-JSON-1"],
            "/revoked/0",
            t(&format!("{}g", &own[..63])),
        ),
        (
            "revocation-list-digest-fullwidth-digit",
            "a digest with one digit written as a full-width digit (U+FF10 to U+FF19)",
            &["R-JSON-1"],
            "/revoked/0",
            t(&fullwidth_digit(&own)),
        ),
        (
            "revocation-list-digest-prefixed",
            "a digest written \"sha256:\" followed by the hex",
            &["R-REV-2"],
            "/revoked/0",
            t(&format!("sha256:{own}")),
        ),
        (
            "revocation-list-digest-number",
            "a digest entry that is a number",
            &["R-REV-2"],
            "/revoked/0",
            Edit::Set(json!(0)),
        ),
        (
            "revocation-list-digest-repeated",
            "the same digest twice",
            &["R-REV-2"],
            "/revoked",
            Edit::Set(json!([own, own])),
        ),
    ];
    for (id, title, reqs, ptr, change) in rows {
        let mut doc = base.clone();
        apply(&mut doc, ptr, change);
        bad_revoked(g, id, title, reqs, pretty(&doc));
    }
    // A file that is not JSON travels as null in the harness (R-H-15), which
    // is a broken file, not an absent list (R-H-16).
    let cut = pretty(&base);
    bad_revoked(
        g,
        "revocation-list-not-json",
        "the file cut short in the middle of the list: not JSON",
        &["R-REV-2", "R-JSON-3"],
        cut[..cut.len() / 2].to_owned(),
    );
    bad_revoked(
        g,
        "revocation-list-not-object",
        "the file is the array [format, version, revoked] instead of an object",
        &["R-REV-2"],
        pretty(&json!(["uniqr-revocation-list", 1, [own]])),
    );
    let text = pretty(&base);
    for (id, title, file) in [
        (
            "revocation-list-duplicate-member",
            "the member revoked twice, both holding the same digest",
            edit(&text, "{\n", &format!("{{\n  \"revoked\": [\"{own}\"],\n")),
        ),
        (
            "revocation-list-version-fraction",
            "version written 1.0",
            edit(&text, "\"version\": 1\n", "\"version\": 1.0\n"),
        ),
    ] {
        bad_revoked(g, id, title, &["R-JSON-3"], file);
    }
    // The accepting side: the lowest and highest digests, any member order.
    let p = g.payload();
    for (id, title, reqs, file) in [
        (
            "revocation-list-extreme-digests-valid",
            "a list holding the digests 00…00 and ff…ff (64 digits each) loads; the code is not listed",
            &["R-REV-2", "R-JSON-1"][..],
            pretty(&revoked_doc(vec!["0".repeat(64), "f".repeat(64)])),
        ),
        (
            "revocation-list-reordered-compact-valid",
            "members in reverse order, on one line without spaces; the code is not listed",
            &["R-REV-2", "R-JSON-3"],
            reversed_compact(&revoked_doc(vec![digest(
                &g.claims("revoked-certificate").cti,
            )])),
        ),
    ] {
        let path = format!("trust/{id}.json");
        g.file(&path, file.into_bytes());
        let c = g.claims(id);
        let text = g.code(&g.k.es, id, &p);
        let cx = ctx(super::NOW, super::TRUST, &path);
        g.valid_at("trust-files", id, title, reqs, text, &p, &c, cx);
    }
}

fn key_files(g: &mut Gen) {
    let es = g.k.es.clone();
    let base: Json = serde_json::from_str(&es.to_json()).unwrap_or_default();
    let other: Json = serde_json::from_str(&g.k.es_sg.to_json()).unwrap_or_default();
    let t = |s: &str| Edit::Set(json!(s));
    let rows: Vec<(&str, &str, &[&str], &str, Edit)> = vec![
        (
            "key-file-format-of-trust-list",
            "format \"uniqr-trust-list\" (another file kind)",
            &["R-KEY-3"],
            "/format",
            t("uniqr-trust-list"),
        ),
        (
            "key-file-version-2",
            "version 2 (the first version above 1)",
            &["R-KEY-3"],
            "/version",
            Edit::Set(json!(2)),
        ),
        (
            "key-file-key-missing",
            "no key member",
            &["R-KEY-3"],
            "/key",
            Edit::Remove,
        ),
        (
            "key-file-unknown-member",
            "an unknown top-level member \"created\"",
            &["R-KEY-3", "R-JSON-3"],
            "/created",
            t("2025-01-01T00:00:00Z"),
        ),
        (
            "key-file-entry-unknown-member",
            "a key entry with an unknown member \"comment\"",
            &["R-KEY-3", "R-JSON-3"],
            "/key/comment",
            t("test key"),
        ),
        (
            "key-file-d-missing",
            "a jwk without d",
            &["R-KEY-3"],
            "/key/jwk/d",
            Edit::Remove,
        ),
        (
            "key-file-d-of-another-key",
            "a jwk whose d is the private key of another P-256 key",
            &["R-KEY-3"],
            "/key/jwk/d",
            Edit::Set(other["key"]["jwk"]["d"].clone()),
        ),
        (
            "key-file-d-null",
            "a jwk with \"d\": null",
            &["R-JSON-3", "R-KEY-3"],
            "/key/jwk/d",
            Edit::Set(Json::Null),
        ),
        (
            "key-file-kid-uppercase",
            "a kid in upper-case hex",
            &["R-JSON-1"],
            "/key/kid",
            t(&uniqr::hex::encode(&es.kid()).to_uppercase()),
        ),
        (
            "key-file-alg-mismatch",
            "alg EdDSA on a P-256 key",
            &["R-TRUST-7", "R-KEY-3"],
            "/key/alg",
            t("EdDSA"),
        ),
        (
            "key-file-issuer-lowercase",
            "issuer \"vn-hn\" in lower case",
            &["R-TRUST-7", "R-KEY-3"],
            "/key/issuer",
            t("vn-hn"),
        ),
        (
            "key-file-usage-empty",
            "usage is an empty list",
            &["R-TRUST-7", "R-KEY-3"],
            "/key/usage",
            Edit::Set(json!([])),
        ),
        (
            "key-file-time-leap-second",
            "not_before at the leap second 2016-12-31T23:59:60Z",
            &["R-JSON-2", "R-KEY-3"],
            "/key/not_before",
            t("2016-12-31T23:59:60Z"),
        ),
        (
            "key-file-window-empty",
            "not_after equal to not_before",
            &["R-TRUST-7", "R-KEY-3"],
            "/key/not_after",
            t("2025-01-01T00:00:00Z"),
        ),
    ];
    for (id, title, reqs, ptr, change) in rows {
        let mut doc = base.clone();
        apply(&mut doc, ptr, change);
        key_file_case(
            g,
            id,
            &format!("an encoder must refuse a key file with {title}"),
            reqs,
            pretty(&doc),
            Err("KEY_FILE_INVALID"),
        );
    }
    let e = &base["key"];
    let entry_array = json!([
        e["kid"],
        e["alg"],
        e["issuer"],
        e["usage"],
        e["not_before"],
        e["not_after"],
        e["jwk"]
    ]);
    let mut doc = base.clone();
    doc["key"] = entry_array;
    key_file_case(
        g,
        "key-file-entry-not-object",
        "an encoder must refuse a key file whose key entry is the array of its member values",
        &["R-KEY-3"],
        pretty(&doc),
        Err("KEY_FILE_INVALID"),
    );
    let text = pretty(&base);
    for (id, title, file) in [
        (
            "key-file-duplicate-top-member",
            "an encoder must refuse a key file with the member format twice, both \"uniqr-private-key\"",
            edit(&text, "{\n", "{\n  \"format\": \"uniqr-private-key\",\n"),
        ),
        (
            "key-file-duplicate-entry-member",
            "an encoder must refuse a key file whose key entry has the member alg twice, both \"ES256\"",
            edit(
                &text,
                "\"alg\": \"ES256\",",
                "\"alg\": \"ES256\",\n    \"alg\": \"ES256\",",
            ),
        ),
        (
            "key-file-version-fraction",
            "an encoder must refuse a key file with version written 1.0",
            edit(&text, "\"version\": 1\n", "\"version\": 1.0\n"),
        ),
    ] {
        key_file_case(g, id, title, &["R-JSON-3"], file, Err("KEY_FILE_INVALID"));
    }
    // The accepting side.
    let mut wide = base.clone();
    wide["key"]["not_before"] = json!("0000-01-01T00:00:00Z");
    wide["key"]["not_after"] = json!("9999-12-31T23:59:59Z");
    let mut v_only = base.clone();
    v_only["key"]["usage"] = json!(["v"]);
    let escaped = edit(
        &edit(
            &reversed_compact(&base),
            "\"uniqr-private-key\"",
            "\"uniqr\\u002dprivate\\u002Dkey\"",
        ),
        "\"VN-HN\"",
        "\"VN\\u002dHN\"",
    );
    for (id, title, reqs, file) in [
        (
            "key-file-extreme-window-valid",
            "an encoder reads a key file whose window is 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z",
            &["R-KEY-3", "R-JSON-2"][..],
            pretty(&wide),
        ),
        (
            "key-file-usage-one-kind-valid",
            "an encoder reads a key file whose usage is [\"v\"] and signs vaccination entries with it",
            &["R-KEY-3", "R-TRUST-7", "R-TRUST-5"],
            pretty(&v_only),
        ),
        (
            "key-file-escaped-reordered-valid",
            "an encoder reads a key file on one line, members in reverse order, format and issuer with \\u escapes",
            &["R-KEY-3", "R-JSON-3"],
            escaped,
        ),
    ] {
        key_file_case(g, id, title, reqs, file, Ok(&es));
    }
}

/// A signer derived from a label, not from the generator's RNG, so that
/// adding one leaves every other generated byte as it was.
fn derived(label: &str, alg: Alg, usage: Usage, nb: i64, na: i64) -> Option<Signer> {
    let seed = sha(format!("uniqr-v1-vectors-key:{label}").as_bytes());
    Signer::new(SecretKey::from_seed(alg, seed), "VN-HN", usage, nb, na).ok()
}

/// The key file paths of the generator's window keys.
const KEY_WINDOW_LATER: &str = "keys/test-es256-vn-hn-window-later.json";
const KEY_WINDOW_ENDED: &str = "keys/test-es256-vn-hn-window-ended.json";
const KEY_TESTS_ONLY: &str = "keys/test-eddsa-vn-hn-tests-only.json";

/// Key windows at calendar boundaries, and the encoder's side (R-TRUST-4).
fn windows(g: &mut Gen) {
    let cat = "key-window";
    let p = g.payload();
    // not_before 2028-02-29T00:00:00Z (a leap day), not_after
    // 2100-03-01T00:00:00Z (2100 is not a leap year): the file times
    // themselves sit on the boundaries a date parser gets wrong.
    let (nb, na) = (1_835_395_200, 4_107_542_400);
    let mut doc = trust_doc(vec![entry(&g.k.es)]);
    doc["keys"][0]["not_before"] = json!("2028-02-29T00:00:00Z");
    doc["keys"][0]["not_after"] = json!("2100-03-01T00:00:00Z");
    let path = "trust/key-window-calendar.json";
    g.file(path, pretty(&doc).into_bytes());
    for (id, title, iat, ok) in [
        (
            "key-window-leap-day-start-valid",
            "window from 2028-02-29T00:00:00Z, iat at that second",
            nb,
            true,
        ),
        (
            "key-window-leap-day-start-one-second-early",
            "window from 2028-02-29T00:00:00Z, iat one second before (2028-02-28T23:59:59Z)",
            nb - 1,
            false,
        ),
        (
            "key-window-century-end-last-second-valid",
            "window until 2100-03-01T00:00:00Z, iat one second before (2100-02-28T23:59:59Z; 2100 has no February 29)",
            na - 1,
            true,
        ),
        (
            "key-window-century-end",
            "window until 2100-03-01T00:00:00Z, iat at that second (exclusive)",
            na,
            false,
        ),
    ] {
        let c = Claims {
            iat,
            exp: iat + 3_600,
            ..g.claims(id)
        };
        let text = forge::text_from_cose(&forge::cose(&g.k.es, &c, &p));
        let cx = ctx(&at(iat), path, super::REVOKED);
        let reqs = &["R-TRUST-4", "R-JSON-2"];
        if ok {
            g.valid_at(cat, id, title, reqs, text, &p, &c, cx);
        } else {
            g.invalid_at(cat, id, title, reqs, text, "KEY_NOT_VALID", cx);
        }
    }
    // The encoder checks the same window (R-ENC-1).
    let late = g.k.es_late.clone();
    let old = g.k.es_old.clone();
    for (id, title, key, signer, iat, ok) in [
        (
            "key-window-encode-at-not-before-valid",
            "an encoder signs with iat equal to its key's not_before",
            KEY_WINDOW_LATER,
            &late,
            super::IAT + 1,
            true,
        ),
        (
            "key-window-encode-before-not-before",
            "an encoder must refuse iat one second before its key's not_before",
            KEY_WINDOW_LATER,
            &late,
            super::IAT,
            false,
        ),
        (
            "key-window-encode-last-second-valid",
            "an encoder signs with iat one second before its key's not_after",
            KEY_WINDOW_ENDED,
            &old,
            super::IAT - 1,
            true,
        ),
        (
            "key-window-encode-at-not-after",
            "an encoder must refuse iat equal to its key's not_after (exclusive)",
            KEY_WINDOW_ENDED,
            &old,
            super::IAT,
            false,
        ),
    ] {
        let c = Claims {
            iat,
            ..g.claims(id)
        };
        let outcome = if ok { Ok(signer) } else { Err("KEY_NOT_VALID") };
        encode_case(
            g,
            cat,
            id,
            title,
            &["R-TRUST-4", "R-ENC-1"],
            key,
            &p,
            &c,
            outcome,
        );
    }
}

/// Each entry kind allowed and denied (R-TRUST-5), with keys whose usage is
/// exactly one kind or a few.
fn usage(g: &mut Gen) {
    use EntryKind::{Id, R, T, V};
    let cat = "key-usage";
    let examples = super::examples();
    let example = |name: &str| {
        examples
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| p.clone())
    };
    let (Some(identity), Some(vacc), Some(test), Some(recovery), Some(all)) = (
        example("identity-only"),
        example("vaccination-two-doses"),
        example("test-negative"),
        example("recovery"),
        example("all-kinds-russian"),
    ) else {
        return;
    };
    let keys: Vec<(&str, Alg, &[EntryKind])> = vec![
        ("usage-id", Alg::EdDsa, &[Id]),
        ("usage-v", Alg::Es256, &[V]),
        ("usage-t", Alg::EdDsa, &[T]),
        ("usage-r", Alg::Es256, &[R]),
        ("usage-v-t", Alg::Es256, &[V, T]),
        ("usage-v-t-r", Alg::EdDsa, &[V, T, R]),
    ];
    let mut signers = std::collections::BTreeMap::new();
    for (label, alg, kinds) in keys {
        if let Some(s) = derived(label, alg, Usage::from_kinds(kinds), NB, NA) {
            signers.insert(label, s);
        }
    }
    let path = "trust/key-usage.json";
    g.file(
        path,
        pretty(&trust_doc(signers.values().map(entry).collect())).into_bytes(),
    );
    for (id, title, key, payload, ok) in [
        (
            "usage-identity-with-id-key-valid",
            "a key with usage [id] signs an identity-only code",
            "usage-id",
            &identity,
            true,
        ),
        (
            "usage-vaccination-with-id-key",
            "a key with usage [id] signs vaccination entries (id does not cover entries)",
            "usage-id",
            &vacc,
            false,
        ),
        (
            "usage-vaccination-with-v-key-valid",
            "a key with usage [v] signs vaccination entries",
            "usage-v",
            &vacc,
            true,
        ),
        (
            "usage-identity-with-v-key",
            "a key with usage [v] signs an identity-only code (v does not cover id)",
            "usage-v",
            &identity,
            false,
        ),
        (
            "usage-recovery-with-t-key",
            "a key with usage [t] signs a recovery entry",
            "usage-t",
            &recovery,
            false,
        ),
        (
            "usage-recovery-with-r-key-valid",
            "a key with usage [r] signs a recovery entry",
            "usage-r",
            &recovery,
            true,
        ),
        (
            "usage-test-with-r-key",
            "a key with usage [r] signs a test entry",
            "usage-r",
            &test,
            false,
        ),
        (
            "usage-all-kinds-with-v-t-key",
            "a key with usage [v, t] signs a code with v, t and r entries (r is missing)",
            "usage-v-t",
            &all,
            false,
        ),
        (
            "usage-all-kinds-with-v-t-r-key-valid",
            "a key with usage [v, t, r] signs a code with v, t and r entries (id is not needed)",
            "usage-v-t-r",
            &all,
            true,
        ),
    ] {
        let Some(signer) = signers.get(key) else {
            continue;
        };
        let c = g.claims(id);
        let text = forge::text_from_cose(&forge::cose(signer, &c, payload));
        let cx = ctx(super::NOW, path, super::REVOKED);
        if ok {
            g.valid_at(cat, id, title, &["R-TRUST-5"], text, payload, &c, cx);
        } else {
            g.invalid_at(cat, id, title, &["R-TRUST-5"], text, "KEY_USAGE_DENIED", cx);
        }
    }
    // The encoder checks the same usage (R-ENC-1).
    let tests_only = g.k.ed_tests.clone();
    let mut test = test;
    test.pid = "VN-TEST-0001".into();
    for (id, title, payload, ok) in [
        (
            "usage-encode-test-with-test-key-valid",
            "an encoder whose key may sign tests only signs a test entry",
            &test,
            true,
        ),
        (
            "usage-encode-vaccination-with-test-key",
            "an encoder whose key may sign tests only must refuse vaccination entries",
            &vacc,
            false,
        ),
    ] {
        let c = g.claims(id);
        let outcome = if ok {
            Ok(&tests_only)
        } else {
            Err("KEY_USAGE_DENIED")
        };
        encode_case(
            g,
            cat,
            id,
            title,
            &["R-TRUST-5", "R-ENC-1"],
            KEY_TESTS_ONLY,
            payload,
            &c,
            outcome,
        );
    }
}

/// `iat` and `exp` at calendar boundaries, `now` one second either side
/// (R-TIME-1, R-TIME-2). The seconds are written out (from `date -u`), not
/// computed by the reference, so the suite does not inherit its calendar.
fn times(g: &mut Gen) {
    let cat = "time";
    let p = g.payload();
    // 2000-01-01 .. 2200-01-01, for codes outside the main list's window.
    let mut doc = trust_doc(vec![entry(&g.k.es)]);
    doc["keys"][0]["not_before"] = json!("2000-01-01T00:00:00Z");
    doc["keys"][0]["not_after"] = json!("2200-01-01T00:00:00Z");
    let long = "trust/time-long-window.json";
    g.file(long, pretty(&doc).into_bytes());
    // (label, what, the boundary B, B as text, the second before B as text, list).
    let boundaries: [(&str, &str, i64, &str, &str, &str); 7] = [
        (
            "day-boundary",
            "midnight",
            1_780_358_400,
            "2026-06-02T00:00:00Z",
            "2026-06-01T23:59:59Z",
            super::TRUST,
        ),
        (
            "month-boundary",
            "the first of a month after a 30-day month",
            1_777_593_600,
            "2026-05-01T00:00:00Z",
            "2026-04-30T23:59:59Z",
            super::TRUST,
        ),
        (
            "year-boundary",
            "new year",
            1_830_297_600,
            "2028-01-01T00:00:00Z",
            "2027-12-31T23:59:59Z",
            super::TRUST,
        ),
        (
            "leap-day",
            "the leap day 2028-02-29",
            1_835_395_200,
            "2028-02-29T00:00:00Z",
            "2028-02-28T23:59:59Z",
            super::TRUST,
        ),
        (
            "leap-day-end",
            "the day after the leap day 2028-02-29",
            1_835_481_600,
            "2028-03-01T00:00:00Z",
            "2028-02-29T23:59:59Z",
            super::TRUST,
        ),
        (
            "century-2100",
            "2100-03-01 (2100 is not a leap year: February has 28 days)",
            4_107_542_400,
            "2100-03-01T00:00:00Z",
            "2100-02-28T23:59:59Z",
            long,
        ),
        (
            "leap-second",
            "2017-01-01, just after the leap second 2016-12-31T23:59:60Z (POSIX seconds do not count it)",
            1_483_228_800,
            "2017-01-01T00:00:00Z",
            "2016-12-31T23:59:59Z",
            long,
        ),
    ];
    for (label, what, b, at_b, before_b, trust) in boundaries {
        // iat = B, valid for an hour.
        let id = format!("time-{label}-iat");
        let c = Claims {
            iat: b,
            exp: b + 3_600,
            ..g.claims(&id)
        };
        let text = forge::text_from_cose(&forge::cose(&g.k.es, &c, &p));
        g.invalid_at(
            cat,
            &format!("time-{label}-before-iat"),
            &format!("iat at {what} ({at_b}), now one second before ({before_b})"),
            &["R-TIME-1"],
            text.clone(),
            "NOT_YET_VALID",
            ctx(before_b, trust, super::REVOKED),
        );
        g.valid_at(
            cat,
            &format!("time-{label}-at-iat-valid"),
            &format!("iat at {what} ({at_b}), now at iat; exp an hour later"),
            &["R-TIME-1"],
            text,
            &p,
            &c,
            ctx(at_b, trust, super::REVOKED),
        );
        // exp = B, issued an hour before.
        let id = format!("time-{label}-exp");
        let c = Claims {
            iat: b - 3_600,
            exp: b,
            ..g.claims(&id)
        };
        let text = forge::text_from_cose(&forge::cose(&g.k.es, &c, &p));
        g.valid_at(
            cat,
            &format!("time-{label}-last-second-valid"),
            &format!("exp at {what} ({at_b}), now one second before ({before_b})"),
            &["R-TIME-2"],
            text.clone(),
            &p,
            &c,
            ctx(before_b, trust, super::REVOKED),
        );
        g.invalid_at(
            cat,
            &format!("time-{label}-at-exp"),
            &format!("exp at {what} ({at_b}), now at exp"),
            &["R-TIME-2"],
            text,
            "EXPIRED",
            ctx(at_b, trust, super::REVOKED),
        );
    }
}

/// A neighbouring cti is not revoked; list order does not matter (R-REV-1).
fn revocations(g: &mut Gen) {
    let cat = "revocation";
    let p = g.payload();
    let id = "revoked-neighbour-cti-valid";
    let mut c = g.claims(id);
    c.cti = g.claims("revoked-certificate").cti;
    c.cti[15] ^= 1;
    let text = forge::text_from_cose(&forge::cose(&g.k.es, &c, &p));
    g.valid(
        cat,
        id,
        "a cti differing in its last bit from a revoked cti is not revoked",
        &["R-REV-1"],
        text,
        &p,
        &c,
    );
    // The code's digest first in a list sorted in descending order: a
    // verifier that binary-searches the list as given misses it.
    let id = "revoked-in-unsorted-list";
    let c = g.claims(id);
    let own = digest(&c.cti);
    let mut others: Vec<String> = (0..4096)
        .map(|i| digest(&super::cti_of(&format!("{id}-{i}"))))
        .filter(|d| *d < own)
        .take(6)
        .collect();
    others.sort_unstable_by(|a, b| b.cmp(a));
    let mut list = vec![own];
    list.extend(others);
    let path = "trust/revoked-unsorted.json";
    g.file(path, pretty(&revoked_doc(list)).into_bytes());
    let text = g.code(&g.k.es, id, &p);
    g.invalid_at(
        cat,
        id,
        "the cti's digest is listed first in a list in descending order (order is not significant)",
        &["R-REV-1", "R-REV-2"],
        text,
        "REVOKED",
        ctx(super::NOW, super::TRUST, path),
    );
}

/// One case for each pair of adjacent checks of R-ORD-1 with different
/// codes: both defects present, the earlier check's code expected. Pairs
/// with one code (steps 6 and 7, the sub-checks of steps 3, 9, 12 and 14)
/// cannot show their order; steps 19 and 20 cannot both fail, since
/// R-CWT-3 makes exp greater than iat.
fn order(g: &mut Gen) {
    use uniqr::cbor::{self, Value as C};
    let cat = "check-order";
    let p = g.payload();
    let es = g.k.es.clone();
    let body = |g: &Gen, id: &str| forge::claims_bytes(&g.claims(id), &p);
    let valid_text = |g: &Gen, id: &str| g.code(&es, id, &p);
    // Before the order: loading the lists.
    let bad_prefix = valid_text(g, "order-lists-before-text").to_lowercase();
    for (id, title, trust, revoked, text, code) in [
        (
            "order-trust-list-before-text",
            "an invalid trust list and a text with prefix uq1:: TRUST_LIST_INVALID (lists load first)",
            "trust/invalid-duplicate-kids.json",
            super::REVOKED,
            bad_prefix.clone(),
            "TRUST_LIST_INVALID",
        ),
        (
            "order-revocation-list-before-text",
            "an invalid revocation list and a text with prefix uq1:: REVOCATION_LIST_INVALID (lists load first)",
            super::TRUST,
            "trust/invalid-raw-cti.json",
            bad_prefix,
            "REVOCATION_LIST_INVALID",
        ),
        (
            "order-trust-list-before-revocation-list",
            "an invalid trust list and an invalid revocation list: TRUST_LIST_INVALID (the trust list loads first)",
            "trust/invalid-duplicate-kids.json",
            "trust/invalid-raw-cti.json",
            valid_text(g, "order-trust-list-before-revocation-list"),
            "TRUST_LIST_INVALID",
        ),
    ] {
        let cx = ctx(super::NOW, trust, revoked);
        g.invalid_at(cat, id, title, &["R-ORD-1"], text, code, cx);
    }
    let push = |g: &mut Gen, id: &str, title: &str, reqs: &[&str], text: String, code: &str| {
        let mut all = vec!["R-ORD-1"];
        all.extend_from_slice(reqs);
        g.invalid(cat, id, title, &all, text, code);
    };
    // 1 and 2.
    push(
        g,
        "order-length-before-prefix",
        "a 2421-byte text starting HC1:: TOO_LARGE before PREFIX_INVALID",
        &["R-LIM-1"],
        format!("HC1:{}", "0".repeat(2417)),
        "TOO_LARGE",
    );
    // 2 and 3.
    let cose = g.cose("order-prefix-before-base45");
    let lower = forge::text_from_cose(&cose).to_lowercase();
    push(
        g,
        "order-prefix-before-base45-lowercase",
        "prefix uq1: and a body in lower case: PREFIX_INVALID before BASE45_INVALID",
        &["R-PFX-1", "R-B45-1"],
        lower.clone(),
        "PREFIX_INVALID",
    );
    push(
        g,
        "order-version-before-base45-lowercase",
        "prefix UQ2: and a body in lower case: VERSION_UNSUPPORTED before BASE45_INVALID",
        &["R-PFX-2", "R-B45-1"],
        lower.replacen("uq1:", "UQ2:", 1),
        "VERSION_UNSUPPORTED",
    );
    // 3 and 4: raw DEFLATE (no ZLIB header) then the group GGW (65536).
    let mut raw = forge::raw_deflate(&g.cose("order-base45-before-zlib"));
    if raw.len() % 2 == 1 {
        raw.push(0);
    }
    push(
        g,
        "order-base45-group-before-zlib-header",
        "raw DEFLATE without a ZLIB header, then the Base45 group GGW (65536): BASE45_INVALID before DECOMPRESS_INVALID",
        &["R-B45-3", "R-ZLIB-1"],
        format!("{}GGW", forge::text_from_deflated(&raw)),
        "BASE45_INVALID",
    );
    // 4 and 5: a bad checksum over bytes that are not one CBOR item.
    let mut trailing = g.cose("order-zlib-before-cbor");
    trailing.push(0);
    let mut z = uniqr::zlib::compress(&trailing);
    if let Some(last) = z.last_mut() {
        *last ^= 1;
    }
    push(
        g,
        "order-checksum-before-trailing-cbor",
        "a wrong Adler-32 over a COSE message followed by a stray byte: DECOMPRESS_INVALID before CBOR_INVALID",
        &["R-ZLIB-2", "R-CBOR-1"],
        forge::text_from_deflated(&z),
        "DECOMPRESS_INVALID",
    );
    // Inside 4: the header, then inflation with its limit, then the checksum.
    let zeros = vec![0u8; 20_000];
    let mut z = forge::zlib_level(&zeros, 9);
    z[0] = 0x88; // CINFO 8: a 64 KiB window
    let flg = z[1] & 0xe0;
    z[1] = flg | ((31 - ((0x8800u16 | u16::from(flg)) % 31) as u8) % 31);
    push(
        g,
        "order-zlib-header-before-limit",
        "ZLIB header with CINFO 8 over 20000 inflated bytes: DECOMPRESS_INVALID before TOO_LARGE",
        &["R-ZLIB-1", "R-LIM-2"],
        forge::text_from_deflated(&z),
        "DECOMPRESS_INVALID",
    );
    let mut z = forge::zlib_level(&zeros, 9);
    if let Some(last) = z.last_mut() {
        *last ^= 1;
    }
    push(
        g,
        "order-limit-before-checksum",
        "20000 inflated bytes and a wrong Adler-32: TOO_LARGE before DECOMPRESS_INVALID",
        &["R-LIM-2", "R-ZLIB-2"],
        forge::text_from_deflated(&z),
        "TOO_LARGE",
    );
    push(
        g,
        "order-limit-before-broken-deflate",
        "20000 inflated bytes, then a block of the reserved type 3: TOO_LARGE before DECOMPRESS_INVALID",
        &["R-LIM-2", "R-ZLIB-1"],
        forge::text_from_deflated(&broken_after(&zeros)),
        "TOO_LARGE",
    );
    // 5 and 6: tag 61 in a two-byte argument (not the shortest form).
    let cose = g.cose("order-cose-cbor-before-tag");
    let mut wrapped = vec![0xd9, 0x00, 0x3d];
    wrapped.extend_from_slice(&cose[1..]);
    push(
        g,
        "order-cose-cbor-before-tag",
        "tag 61 instead of 18, its head 0xd9003d not in shortest form: CBOR_NONCANONICAL before COSE_INVALID",
        &["R-CBOR-3", "R-COSE-1"],
        forge::text_from_cose(&wrapped),
        "CBOR_NONCANONICAL",
    );
    // Inside 7: element types, then the protected header's CBOR, then
    // that it is a map.
    let claims = body(g, "order-structure-before-protected-cbor");
    let bad = [0xa2, 0x01, 0x26];
    let sig = forge::signature(&es, &bad, &claims);
    let msg = forge::assemble(
        &[0xd2],
        &[
            &forge::bstr(&bad),
            &[0x80],
            &forge::bstr(&claims),
            &forge::bstr(&sig),
        ],
    );
    push(
        g,
        "order-structure-before-protected-cbor",
        "unprotected header an array and protected header a truncated map: COSE_INVALID before CBOR_INVALID",
        &["R-COSE-2", "R-COSE-3", "R-CBOR-1"],
        forge::text_from_cose(&msg),
        "COSE_INVALID",
    );
    let prot = [0x82, 0x18, 0x01, 0x26];
    let msg = forge::signed(&es, &prot, &body(g, "order-protected-cbor-before-map"));
    push(
        g,
        "order-protected-cbor-before-map",
        "protected header the array [1, -7] with 1 written 0x1801: CBOR_NONCANONICAL before COSE_INVALID (not a map)",
        &["R-COSE-3", "R-CBOR-3"],
        forge::text_from_cose(&msg),
        "CBOR_NONCANONICAL",
    );
    // 7 and 8.
    let kid = es.kid();
    let prot = cbor::encode(&C::Map(vec![
        (C::Int(1), C::Int(-35)),
        (C::Int(3), C::Int(0)),
        (C::Int(4), C::Bytes(&kid)),
    ]));
    let msg = forge::signed(&es, &prot, &body(g, "order-labels-before-alg"));
    push(
        g,
        "order-labels-before-alg",
        "protected header with label 3 and alg -35: COSE_INVALID before ALG_UNSUPPORTED",
        &["R-COSE-3", "R-COSE-4"],
        forge::text_from_cose(&msg),
        "COSE_INVALID",
    );
    // 9 and 10.
    let stranger = g.k.es_stranger.clone();
    let prot = forge::protected(&stranger);
    let claims = body(g, "order-kid-before-unknown-key");
    let unprot = cbor::encode(&C::Map(vec![(C::Int(4), C::Bytes(&kid))]));
    let sig = forge::signature(&stranger, &prot, &claims);
    push(
        g,
        "order-kid-before-unknown-key",
        "a trusted kid in the unprotected header and an unknown kid in the protected one: KID_INVALID before KEY_UNKNOWN",
        &["R-COSE-6", "R-TRUST-1"],
        forge::text_from_cose(&forge::sign1(&prot, &unprot, &claims, &sig)),
        "KID_INVALID",
    );
    // 10 and 11.
    let prot = forge::protected_with(Alg::EdDsa, &stranger.kid());
    let msg = forge::signed(
        &stranger,
        &prot,
        &body(g, "order-unknown-key-before-alg-mismatch"),
    );
    push(
        g,
        "order-unknown-key-before-alg-mismatch",
        "alg EdDSA with the kid of an untrusted P-256 key that signed: KEY_UNKNOWN before ALG_KEY_MISMATCH",
        &["R-TRUST-1", "R-TRUST-2"],
        forge::text_from_cose(&msg),
        "KEY_UNKNOWN",
    );
    // 11 and 12.
    let prot = forge::protected_with(Alg::EdDsa, &kid);
    let mut msg = forge::signed(&es, &prot, &body(g, "order-alg-mismatch-before-signature"));
    let n = msg.len();
    msg[n - 1] ^= 1;
    push(
        g,
        "order-alg-mismatch-before-signature",
        "alg EdDSA on a trusted P-256 key and a signature that verifies under neither: ALG_KEY_MISMATCH before SIGNATURE_INVALID",
        &["R-TRUST-2", "R-SIG-2"],
        forge::text_from_cose(&msg),
        "ALG_KEY_MISMATCH",
    );
    // 12 and 13.
    let mut e = super::claims_entries(
        &g.claims("order-signature-before-claims-cbor"),
        &cbor::encode(&p.to_cbor()),
    );
    e[4].1 = vec![0xf9, 0x3c, 0x00];
    let mut msg = forge::signed(&es, &forge::protected(&es), &super::raw_map(&e));
    let n = msg.len();
    msg[n - 1] ^= 1;
    push(
        g,
        "order-signature-before-claims-cbor",
        "a signature that does not verify over claims holding a float: SIGNATURE_INVALID before CBOR_INVALID",
        &["R-SIG-2", "R-CBOR-2"],
        forge::text_from_cose(&msg),
        "SIGNATURE_INVALID",
    );
    // 13 and 14: no exp, and iat in a 9-byte head.
    let mut e = super::claims_entries(
        &g.claims("order-claims-cbor-before-claims"),
        &cbor::encode(&p.to_cbor()),
    );
    e.remove(1);
    let mut iat = vec![0x1b];
    iat.extend_from_slice(&(super::IAT as u64).to_be_bytes());
    e[1].1 = iat;
    push(
        g,
        "order-claims-cbor-before-claims",
        "claims without exp and with iat in a 9-byte head: CBOR_NONCANONICAL before CLAIMS_INVALID",
        &["R-CBOR-3", "R-CWT-1"],
        g.signed_body(&super::raw_map(&e)),
        "CBOR_NONCANONICAL",
    );
    // Inside 13 (R-CBOR-5): a malformation outranks a limit met earlier.
    let mut e = super::claims_entries(
        &g.claims("order-cbor-invalid-over-limit"),
        &cbor::encode(&p.to_cbor()),
    );
    e[0].1 = cbor::encode(&C::Text(&"A".repeat(600)));
    e[4].1 = vec![0xf9, 0x3c, 0x00];
    push(
        g,
        "order-cbor-invalid-over-limit",
        "claims with a 600-byte iss, then a float: CBOR_INVALID outranks TOO_LARGE",
        &["R-CBOR-5", "R-LIM-4"],
        g.signed_body(&super::raw_map(&e)),
        "CBOR_INVALID",
    );
    // 14 and 15.
    let c = Claims {
        iss: "VN-SG".into(),
        exp: super::IAT,
        ..g.claims("order-claims-before-issuer")
    };
    push(
        g,
        "order-claims-before-issuer",
        "exp equal to iat and iss VN-SG for a VN-HN key: CLAIMS_INVALID before ISSUER_MISMATCH",
        &["R-CWT-3", "R-TRUST-3"],
        g.signed_body(&forge::claims_bytes(&c, &p)),
        "CLAIMS_INVALID",
    );
    // 16 and 17.
    let mut bad = p.clone();
    bad.dob = "1990-02-30".into();
    let old = g.k.es_old.clone();
    let claims =
        forge::claims_bytes_with(&g.claims("order-payload-before-key-window"), bad.to_cbor());
    let msg = forge::signed(&old, &forge::protected(&old), &claims);
    push(
        g,
        "order-payload-before-key-window",
        "dob 1990-02-30 and iat at the key's not_after: PAYLOAD_INVALID before KEY_NOT_VALID",
        &["R-PAY-5", "R-TRUST-4"],
        forge::text_from_cose(&msg),
        "PAYLOAD_INVALID",
    );
    // 17 and 18.
    let tests_only = g.k.ed_tests.clone();
    let c = Claims {
        iat: NB - 1,
        ..g.claims("order-window-before-usage")
    };
    push(
        g,
        "order-window-before-usage",
        "a tests-only key signs vaccination entries one second before its window: KEY_NOT_VALID before KEY_USAGE_DENIED",
        &["R-TRUST-4", "R-TRUST-5"],
        forge::text_from_cose(&forge::cose(&tests_only, &c, &p)),
        "KEY_NOT_VALID",
    );
    // 18 and 19.
    let text = g.code(&tests_only, "order-usage-before-not-yet-valid", &p);
    g.invalid_at(
        cat,
        "order-usage-before-not-yet-valid",
        "a tests-only key signs vaccination entries, now one second before iat: KEY_USAGE_DENIED before NOT_YET_VALID",
        &["R-ORD-1", "R-TRUST-5", "R-TIME-1"],
        text,
        "KEY_USAGE_DENIED",
        context_at(&at(super::IAT - 1)),
    );
}

/// A ZLIB stream whose DEFLATE data yields `data` in non-final blocks and
/// then a block of the reserved type 3, with the right Adler-32.
fn broken_after(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail; the sync flush ends byte-aligned
    // without a final block.
    let _ = e.write_all(data);
    let _ = e.flush();
    let mut z = vec![0x78, 0xda];
    z.extend_from_slice(e.get_ref());
    z.push(0b111); // BFINAL 1, BTYPE 11
    let good = forge::zlib_level(data, 9);
    z.extend_from_slice(&good[good.len() - 4..]);
    z
}
