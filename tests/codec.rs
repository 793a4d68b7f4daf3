//! The full pipeline: round trips, determinism, and one test per registry
//! code that builds exactly that defect and nothing else.

use uniqr::cbor::Value;
use uniqr::claims::Claims;
use uniqr::key::SecretKey;
use uniqr::payload::Payload;
use uniqr::trust::{TrustList, Usage};
use uniqr::{Alg, Error, Revocations, Signer, demo};
use uniqr_conform::forge;

const NOW: i64 = demo::NOW;

fn examples() -> Vec<(String, Payload)> {
    let mut out = Vec::new();
    for entry in
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/payloads")).unwrap()
    {
        let path = entry.unwrap().path();
        let json = std::fs::read_to_string(&path).unwrap();
        let payload =
            Payload::from_json(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push((path.display().to_string(), payload));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 6, "expected the example payloads");
    out
}

fn es() -> Signer {
    demo::signer(Alg::Es256)
}

fn claims() -> Claims {
    demo::sample_claims()
}

fn payload() -> Payload {
    demo::sample_payload()
}

fn verify(text: &str) -> Result<uniqr::Verified, Error> {
    uniqr::verify(text, &demo::trust_list(), &Revocations::none(), NOW)
}

fn code_of(text: &str) -> &'static str {
    match verify(text) {
        Ok(_) => "VALID",
        Err(e) => e.code(),
    }
}

/// A valid text whose COSE bytes are `cose`.
fn from_cose(cose: &[u8]) -> String {
    forge::text_from_cose(cose)
}

/// A validly signed code over arbitrary claims bytes.
fn signed_body(body: &[u8]) -> String {
    let s = es();
    from_cose(&forge::signed(&s, &forge::protected(&s), body))
}

#[test]
fn round_trips_every_example_with_both_algorithms() {
    for (name, p) in examples() {
        for alg in [Alg::Es256, Alg::EdDsa] {
            let text = uniqr::encode(&p, &demo::signer(alg), &claims()).unwrap();
            let v = verify(&text).unwrap_or_else(|e| panic!("{name} {alg:?}: {e}"));
            assert_eq!(v.payload, p, "{name} {alg:?}");
            assert_eq!(v.claims, claims(), "{name}");
            assert_eq!(v.kid, demo::signer(alg).kid());
            let d = uniqr::decode(&text).unwrap();
            assert_eq!(d.payload, p);
        }
    }
}

#[test]
fn encoding_is_byte_identical_across_runs() {
    for (name, p) in examples() {
        for alg in [Alg::Es256, Alg::EdDsa] {
            let a = uniqr::encode(&p, &demo::signer(alg), &claims()).unwrap();
            let b = uniqr::encode(&p, &demo::signer(alg), &claims()).unwrap();
            assert_eq!(a, b, "{name} {alg:?}");
        }
    }
}

#[test]
fn encoder_refuses_what_a_verifier_must_reject() {
    let mut p = payload();
    p.nam.fnt = "nguyen".into();
    assert_eq!(
        uniqr::encode(&p, &es(), &claims()).unwrap_err().code(),
        "PAYLOAD_INVALID"
    );
    let mut c = claims();
    c.exp = c.iat;
    assert_eq!(
        uniqr::encode(&payload(), &es(), &c).unwrap_err().code(),
        "CLAIMS_INVALID"
    );
    c = claims();
    c.iss = "VN".into();
    assert_eq!(
        uniqr::encode(&payload(), &es(), &c).unwrap_err().code(),
        "ISSUER_MISMATCH"
    );
}

#[test]
fn rejects_text_over_the_length_limit_as_too_large() {
    let text = format!("UQ1:{}", "0".repeat(uniqr::limits::MAX_TEXT_LEN));
    assert_eq!(code_of(&text), "TOO_LARGE");
}

#[test]
fn rejects_bad_prefix_and_unsupported_version() {
    let good = demo::sample_text().unwrap();
    assert_eq!(code_of(&good.replacen("UQ1:", "HC1:", 1)), "PREFIX_INVALID");
    assert_eq!(
        code_of(&good.replacen("UQ1:", "UQ2:", 1)),
        "VERSION_UNSUPPORTED"
    );
}

#[test]
fn rejects_invalid_base45() {
    let good = demo::sample_text().unwrap();
    assert_eq!(code_of(&format!("{good}a")), "BASE45_INVALID");
}

#[test]
fn rejects_raw_deflate_as_decompress_invalid() {
    let cose = forge::cose(&es(), &claims(), &payload());
    let z = uniqr::zlib::compress(&cose);
    assert_eq!(
        code_of(&forge::text_from_deflated(&z[2..])),
        "DECOMPRESS_INVALID"
    );
}

#[test]
fn rejects_malformed_cbor() {
    let cose = forge::cose(&es(), &claims(), &payload());
    assert_eq!(code_of(&from_cose(&cose[..cose.len() - 1])), "CBOR_INVALID");
}

#[test]
fn rejects_non_canonical_claims_even_when_signed() {
    // The claims map with iss written as a non-preferred text length.
    let body = forge::claims_bytes(&claims(), &payload());
    let mut nc = vec![body[0], body[1]];
    assert_eq!(body[2], 0x65, "iss is a 5-byte text");
    nc.extend_from_slice(&[0x78, 0x05]);
    nc.extend_from_slice(&body[3..]);
    assert_eq!(code_of(&signed_body(&nc)), "CBOR_NONCANONICAL");
}

#[test]
fn rejects_untagged_cose() {
    let cose = forge::cose(&es(), &claims(), &payload());
    assert_eq!(code_of(&from_cose(&cose[1..])), "COSE_INVALID");
}

#[test]
fn rejects_unsupported_alg() {
    let s = es();
    let p = uniqr::cbor::encode(&Value::Map(vec![
        (Value::Int(1), Value::Int(-35)),
        (Value::Int(4), Value::Bytes(&s.kid())),
    ]));
    let body = forge::claims_bytes(&claims(), &payload());
    assert_eq!(
        code_of(&from_cose(&forge::signed(&s, &p, &body))),
        "ALG_UNSUPPORTED"
    );
}

#[test]
fn rejects_kid_in_unprotected_header() {
    let s = es();
    let p = uniqr::cbor::encode(&Value::Map(vec![(Value::Int(1), Value::Int(-7))]));
    let body = forge::claims_bytes(&claims(), &payload());
    let sig = forge::signature(&s, &p, &body);
    let unprotected =
        uniqr::cbor::encode(&Value::Map(vec![(Value::Int(4), Value::Bytes(&s.kid()))]));
    let cose = forge::assemble(
        &[0xd2],
        &[
            &forge::bstr(&p),
            &unprotected,
            &forge::bstr(&body),
            &forge::bstr(&sig),
        ],
    );
    assert_eq!(code_of(&from_cose(&cose)), "KID_INVALID");
}

#[test]
fn rejects_unknown_kid() {
    let stranger = Signer::new(
        SecretKey::from_seed(Alg::Es256, [77; 32]),
        "VN-HN",
        Usage::ALL,
        0,
        4_000_000_000,
    )
    .unwrap();
    let text = uniqr::encode(&payload(), &stranger, &claims()).unwrap();
    assert_eq!(code_of(&text), "KEY_UNKNOWN");
}

#[test]
fn rejects_alg_that_does_not_match_the_trusted_key() {
    let s = es();
    let p = forge::protected_with(Alg::EdDsa, &s.kid());
    let body = forge::claims_bytes(&claims(), &payload());
    assert_eq!(
        code_of(&from_cose(&forge::signed(&s, &p, &body))),
        "ALG_KEY_MISMATCH"
    );
}

#[test]
fn rejects_modified_signature() {
    let mut cose = forge::cose(&es(), &claims(), &payload());
    let n = cose.len();
    cose[n - 5] ^= 0x40;
    assert_eq!(code_of(&from_cose(&cose)), "SIGNATURE_INVALID");
}

#[test]
fn rejects_exp_not_after_iat() {
    let mut c = claims();
    c.exp = c.iat;
    let body = forge::claims_bytes_with(&c, payload().to_cbor());
    assert_eq!(code_of(&signed_body(&body)), "CLAIMS_INVALID");
}

#[test]
fn rejects_issuer_that_differs_from_the_key() {
    let mut c = claims();
    c.iss = "VN-SG".into();
    let body = forge::claims_bytes_with(&c, payload().to_cbor());
    assert_eq!(code_of(&signed_body(&body)), "ISSUER_MISMATCH");
}

#[test]
fn rejects_payload_breaking_a_schema_rule() {
    let mut p = payload();
    p.dob = "1990-02-30".into();
    let body = forge::claims_bytes_with(&claims(), p.to_cbor());
    assert_eq!(code_of(&signed_body(&body)), "PAYLOAD_INVALID");
}

/// A trust list with one ES256 key of the given window and usage.
fn trust_with(usage: Usage, not_before: i64, not_after: i64) -> (Signer, TrustList) {
    let s = Signer::new(
        SecretKey::from_seed(Alg::Es256, [5; 32]),
        "VN-HN",
        usage,
        not_before,
        not_after,
    )
    .unwrap();
    let t = TrustList::new(vec![s.trusted().clone()]).unwrap();
    (s, t)
}

#[test]
fn rejects_key_not_valid_at_issuance() {
    let (s, t) = trust_with(Usage::ALL, demo::IAT + 1, demo::EXP);
    let text = from_cose(&forge::cose(&s, &claims(), &payload()));
    let e = uniqr::verify(&text, &t, &Revocations::none(), NOW).unwrap_err();
    assert_eq!(e.code(), "KEY_NOT_VALID");
    let (s, t) = trust_with(Usage::ALL, 0, demo::IAT);
    let text = from_cose(&forge::cose(&s, &claims(), &payload()));
    let e = uniqr::verify(&text, &t, &Revocations::none(), NOW).unwrap_err();
    assert_eq!(e.code(), "KEY_NOT_VALID", "not_after is exclusive");
}

#[test]
fn rejects_key_usage_denied() {
    use uniqr::payload::EntryKind;
    let (s, t) = trust_with(
        Usage::from_kinds(&[EntryKind::Id, EntryKind::T]),
        0,
        demo::EXP,
    );
    let text = from_cose(&forge::cose(&s, &claims(), &payload()));
    let e = uniqr::verify(&text, &t, &Revocations::none(), NOW).unwrap_err();
    assert_eq!(e.code(), "KEY_USAGE_DENIED");
    // An identity-only code needs `id`.
    let (s, t) = trust_with(Usage::from_kinds(&[EntryKind::V]), 0, demo::EXP);
    let mut p = payload();
    p.v = None;
    let text = from_cose(&forge::cose(&s, &claims(), &p));
    let e = uniqr::verify(&text, &t, &Revocations::none(), NOW).unwrap_err();
    assert_eq!(e.code(), "KEY_USAGE_DENIED");
}

#[test]
fn rejects_before_iat_and_at_exp() {
    let text = demo::sample_text().unwrap();
    let t = demo::trust_list();
    let r = Revocations::none();
    let at = |now| {
        uniqr::verify(&text, &t, &r, now)
            .map(|_| "VALID")
            .unwrap_or_else(|e| e.code())
    };
    assert_eq!(at(demo::IAT - 1), "NOT_YET_VALID");
    assert_eq!(at(demo::IAT), "VALID");
    assert_eq!(at(demo::EXP - 1), "VALID");
    assert_eq!(at(demo::EXP), "EXPIRED");
}

#[test]
fn rejects_revoked_certificate_id() {
    let text = demo::sample_text().unwrap();
    let revoked = Revocations::from_ctis(&[claims().cti]);
    let e = uniqr::verify(&text, &demo::trust_list(), &revoked, NOW).unwrap_err();
    assert_eq!(e.code(), "REVOKED");
    let other = Revocations::from_ctis(&[[0; 16]]);
    assert!(uniqr::verify(&text, &demo::trust_list(), &other, NOW).is_ok());
}

#[test]
fn reports_the_earliest_defect_in_check_order() {
    // Expired AND revoked AND signed by an unknown key: KEY_UNKNOWN comes first.
    let stranger = Signer::new(
        SecretKey::from_seed(Alg::EdDsa, [78; 32]),
        "VN-HN",
        Usage::ALL,
        0,
        4_000_000_000,
    )
    .unwrap();
    let text = uniqr::encode(&payload(), &stranger, &claims()).unwrap();
    let revoked = Revocations::from_ctis(&[claims().cti]);
    let e = uniqr::verify(&text, &demo::trust_list(), &revoked, demo::EXP + 10).unwrap_err();
    assert_eq!(e.code(), "KEY_UNKNOWN");
    // Expired AND revoked: EXPIRED comes before REVOKED.
    let text = demo::sample_text().unwrap();
    let e = uniqr::verify(&text, &demo::trust_list(), &revoked, demo::EXP).unwrap_err();
    assert_eq!(e.code(), "EXPIRED");
}

#[test]
fn every_text_layer_code_is_covered_by_this_file() {
    // The registry codes this file must produce; QR and file-loading codes
    // are covered next to their layers (src/qr, src/trust, src/signer).
    let src = include_str!("codec.rs");
    for (code, _) in uniqr::error::REGISTRY {
        if code.starts_with("QR_") || code.ends_with("_LIST_INVALID") || *code == "KEY_FILE_INVALID"
        {
            continue;
        }
        assert!(
            src.contains(&format!("\"{code}\"")),
            "no test produces {code}"
        );
    }
}
