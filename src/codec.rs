//! The pipeline: verify, decode (unverified) and encode, in the normative
//! check order of R-ORD-1.
//!
//! [`verify`], [`decode`] and `encode` (feature `encode`) work on QR text and
//! are re-exported at the crate root. Each is split at the ZLIB layer for
//! callers that hold the inflated COSE bytes: [`unwrap_text`] (text to COSE
//! bytes, steps 1 to 4), [`verify_cose`] (steps 5 to 21) and `encode_cose`.

use serde::Serialize;

use crate::claims::Claims;
use crate::cose::{self, Sign1};
use crate::error::{Error, Limit, TimeError, TrustError};
#[cfg(feature = "encode")]
use crate::limits::MAX_INFLATED;
use crate::limits::MAX_TEXT_LEN;
use crate::payload::Payload;
#[cfg(feature = "encode")]
use crate::signer::Signer;
use crate::trust::{Revocations, TrustList, TrustedKey};
use crate::{base45, cbor, prefix, zlib};

/// The result of a successful verification: what an app may act on.
///
/// ```
/// use uniqr::{Revocations, demo};
///
/// let text = demo::sample_text()?;
/// let ok = uniqr::verify(&text, &demo::trust_list(), &Revocations::none(), demo::NOW)?;
/// assert_eq!(ok.payload.nam.fnt, "NGUYEN");
/// assert_eq!(ok.claims.cti, *b"uniqr-demo-cti-1");
/// assert_eq!(ok.kid, demo::signer(uniqr::Alg::Es256).kid());
/// // The JSON form that the CLI and the bindings print.
/// let json = serde_json::to_value(&ok).unwrap();
/// assert_eq!(json["kid"], "4a4936ea8356c39c");
/// # Ok::<(), uniqr::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verified {
    /// The payload.
    pub payload: Payload,
    /// The claims.
    pub claims: Claims,
    /// The signing key's id, as lowercase hex in JSON.
    #[serde(serialize_with = "crate::hex::serialize")]
    pub kid: [u8; 8],
}

/// An unverified view of a code, for inspection only: the signature, the
/// trust list, the validity times and revocation were not checked (see
/// [`decode`]).
///
/// ```
/// let shown = uniqr::decode(&uniqr::demo::sample_text()?)?;
/// assert_eq!((shown.header.alg, shown.claims.iss.as_str()), ("ES256", "VN-HN"));
/// assert_eq!(shown.payload.v.map(|v| v.len()), Some(2));
/// # Ok::<(), uniqr::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decoded {
    /// The protected header.
    pub header: Header,
    /// The claims.
    pub claims: Claims,
    /// The payload (shape and rules checked, signature not).
    pub payload: Payload,
}

/// The protected header of a decoded code: the algorithm and the id of the
/// key that claims to have signed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Header {
    /// `ES256` or `EdDSA`.
    pub alg: &'static str,
    /// The key id, lowercase hex in JSON.
    #[serde(serialize_with = "crate::hex::serialize")]
    pub kid: [u8; 8],
}

/// Encodes a payload into the canonical COSE_Sign1 bytes (before ZLIB).
///
/// The bytes are unique for a payload, claims and key (deterministic CBOR
/// and signatures, R-ENC-3), so encoders are compared on them.
///
/// ```
/// use uniqr::{Alg, demo};
///
/// let signer = demo::signer(Alg::Es256);
/// let cose = uniqr::codec::encode_cose(&demo::sample_payload(), &signer, &demo::sample_claims())?;
/// assert_eq!(cose.len(), 512); // tag 18 (0xd2), then an array of 4 (0x84)
/// assert_eq!(&cose[..2], &[0xd2, 0x84]);
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// The encoder never emits what a verifier must reject (R-ENC-1), and
/// refuses with the code a verifier would give, the first in this order
/// (R-ENC-4): `CLAIMS_INVALID` if the claims break a rule,
/// `ISSUER_MISMATCH` if `claims.iss` is not the signer's issuer,
/// `PAYLOAD_INVALID` if the payload breaks a rule, `KEY_NOT_VALID` if
/// `claims.iat` is outside the signer's window (R-TRUST-4), `KEY_USAGE_DENIED` if the
/// signer's usage does not allow an entry kind of the payload (R-TRUST-5),
/// and `TOO_LARGE` if the COSE message would exceed R-LIM-2.
#[cfg(feature = "encode")]
#[cfg_attr(docsrs, doc(cfg(feature = "encode")))]
pub fn encode_cose(payload: &Payload, signer: &Signer, claims: &Claims) -> Result<Vec<u8>, Error> {
    // R-ENC-4: the refusal order mirrors steps 14 to 18 of R-ORD-1.
    check_claims(claims, signer)?;
    payload.validate()?;
    key_may_sign(signer.trusted(), claims.iat, payload)?;
    let body = cbor::encode(&claims.to_cbor(payload.to_cbor()));
    let protected = cose::protected_header(signer.alg(), &signer.kid());
    let signature = signer.sign(&cose::sig_structure(&protected, &body));
    let cose = cose::serialize(&protected, &body, &signature);
    // R-ENC-1: never emit what a verifier rejects under R-LIM-2 (a highly
    // compressible payload can pass the text limit and still be too large).
    if cose.len() > MAX_INFLATED {
        return Err(Limit::Inflated.into());
    }
    Ok(cose)
}

/// Encodes from the three JSON documents of an encode request, refusing in
/// the order of R-ENC-4: the key file, the claims, the issuer, then the
/// payload (its JSON shape included) and the rest of [`encode`].
///
/// ```
/// use uniqr::{Alg, demo};
///
/// let key = demo::signer(Alg::EdDsa).to_json();
/// let claims = serde_json::to_string(&demo::sample_claims()).unwrap();
/// let payload = serde_json::to_string(&demo::sample_payload()).unwrap();
/// assert!(uniqr::codec::encode_json(&payload, &claims, &key)?.starts_with("UQ1:"));
/// // A broken payload and a foreign issuer: the issuer is checked first.
/// let foreign = claims.replace("VN-HN", "VN-SG");
/// let err = uniqr::codec::encode_json("[]", &foreign, &key).unwrap_err();
/// assert_eq!(err.code(), "ISSUER_MISMATCH");
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// `KEY_FILE_INVALID`, `CLAIMS_INVALID`, `ISSUER_MISMATCH`,
/// `PAYLOAD_INVALID`, then as [`encode`].
#[cfg(feature = "encode")]
#[cfg_attr(docsrs, doc(cfg(feature = "encode")))]
pub fn encode_json(payload: &str, claims: &str, key: &str) -> Result<String, Error> {
    encode_json_with(payload, claims, &Signer::from_json(key)?)
}

/// [`encode_json`] with a signer already loaded (a harness that keeps its
/// key files parsed): the claims, the issuer, then the payload (R-ENC-4).
///
/// # Errors
/// As [`encode_json`], without `KEY_FILE_INVALID`.
#[cfg(feature = "encode")]
#[cfg_attr(docsrs, doc(cfg(feature = "encode")))]
pub fn encode_json_with(payload: &str, claims: &str, signer: &Signer) -> Result<String, Error> {
    let claims = Claims::from_json(claims)?;
    match Payload::parse_json(payload) {
        // `encode` checks the claims first itself.
        Ok(payload) => encode(&payload, signer, &claims),
        Err(e) => check_claims(&claims, signer).and(Err(e)),
    }
}

/// The claims checks an encoder makes before it looks at the payload
/// (R-ENC-4 steps 2 and 3): the claims themselves (R-CWT-1 to R-CWT-3), then
/// `iss` against the signing key's issuer (R-TRUST-3). For callers that
/// parse the payload after the claims, as the harness shim does.
///
/// ```
/// use uniqr::{Alg, Claims, demo};
///
/// let signer = demo::signer(Alg::EdDsa);
/// let mut claims = Claims { iss: "VN-HN".into(), iat: 1767225600, exp: 1798761600, cti: [1; 16] };
/// assert!(uniqr::codec::check_claims(&claims, &signer).is_ok());
/// claims.iss = "VN-SG".into();
/// assert_eq!(uniqr::codec::check_claims(&claims, &signer).unwrap_err().code(), "ISSUER_MISMATCH");
/// ```
///
/// # Errors
/// `CLAIMS_INVALID`, then `ISSUER_MISMATCH`.
#[cfg(feature = "encode")]
#[cfg_attr(docsrs, doc(cfg(feature = "encode")))]
pub fn check_claims(claims: &Claims, signer: &Signer) -> Result<(), Error> {
    claims.validate()?;
    if claims.iss != signer.issuer() {
        return Err(TrustError::IssuerMismatch.into());
    }
    Ok(())
}

/// Steps 17 and 18 of R-ORD-1, shared by the verifier and the encoder so
/// that an encoder refuses exactly what a verifier rejects (R-ENC-1).
fn key_may_sign(key: &TrustedKey, iat: i64, payload: &Payload) -> Result<(), Error> {
    if !(key.not_before..key.not_after).contains(&iat) {
        return Err(TrustError::KeyNotValid.into());
    }
    if !payload
        .required_usage()
        .iter()
        .all(|k| key.usage.allows(*k))
    {
        return Err(TrustError::UsageDenied.into());
    }
    Ok(())
}

/// Encodes a payload into QR text: `UQ1:` + Base45(ZLIB(COSE_Sign1)).
///
/// ```
/// use uniqr::{Alg, Claims, Payload, demo};
///
/// let payload = Payload::from_json(
///     r#"{"ver": "1.0.0", "pid": "VN-1", "nam": {"fnt": "NGUYEN"}, "dob": "1990"}"#,
/// )?;
/// let claims = Claims { iss: "VN-HN".into(), iat: demo::IAT, exp: demo::EXP, cti: [7; 16] };
/// let text = uniqr::encode(&payload, &demo::signer(Alg::EdDsa), &claims)?;
/// assert!(text.starts_with("UQ1:"));
/// assert_eq!(uniqr::decode(&text)?.payload, payload);
///
/// // The issuer must be the signing key's own, and iat inside its window
/// // (R-ENC-1).
/// let other = Claims { iss: "VN-SG".into(), ..claims.clone() };
/// let err = uniqr::encode(&payload, &demo::signer(Alg::EdDsa), &other).unwrap_err();
/// assert_eq!(err.code(), "ISSUER_MISMATCH");
/// let early = Claims { iat: 0, ..claims };
/// let err = uniqr::encode(&payload, &demo::signer(Alg::EdDsa), &early).unwrap_err();
/// assert_eq!(err.code(), "KEY_NOT_VALID");
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// As [`encode_cose`] (`PAYLOAD_INVALID`, `CLAIMS_INVALID`,
/// `ISSUER_MISMATCH`, `KEY_NOT_VALID`, `KEY_USAGE_DENIED`, `TOO_LARGE`), and
/// `TOO_LARGE` if the text would exceed R-LIM-1.
#[cfg(feature = "encode")]
#[cfg_attr(docsrs, doc(cfg(feature = "encode")))]
pub fn encode(payload: &Payload, signer: &Signer, claims: &Claims) -> Result<String, Error> {
    let cose = encode_cose(payload, signer, claims)?;
    let text = format!(
        "{}{}",
        prefix::PREFIX,
        base45::encode(&zlib::compress(&cose))
    );
    if text.len() > MAX_TEXT_LEN {
        return Err(Limit::Text.into());
    }
    Ok(text)
}

/// Steps 1–4 of R-ORD-1: text to COSE bytes (length, prefix, Base45,
/// ZLIB), with nothing trimmed first (R-PFX-3).
///
/// ```
/// let cose = uniqr::codec::unwrap_text(&uniqr::demo::sample_text()?)?;
/// assert_eq!(cose[0], 0xd2); // tag 18: COSE_Sign1
///
/// let err = uniqr::codec::unwrap_text("UQ2:6BFOXN").unwrap_err();
/// assert_eq!(err.code(), "VERSION_UNSUPPORTED");
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// In check order: `TOO_LARGE` (more than 2420 bytes, R-LIM-1),
/// `VERSION_UNSUPPORTED` or `PREFIX_INVALID`, `BASE45_INVALID`, then
/// `DECOMPRESS_INVALID` or `TOO_LARGE` (inflated beyond 16384 bytes, R-LIM-2).
pub fn unwrap_text(text: &str) -> Result<Vec<u8>, Error> {
    if text.len() > MAX_TEXT_LEN {
        return Err(Limit::Text.into());
    }
    let body = prefix::strip(text)?;
    let deflated = base45::decode(body)?;
    zlib::inflate(&deflated)
}

/// Decodes a code without verifying its signature or validity: for
/// inspection, never for decisions.
///
/// Runs steps 1–9, 13, 14 and 16 of R-ORD-1: every format rule, none of
/// the checks that need a trust list, a revocation list or the time.
///
/// ```
/// let shown = uniqr::decode(&uniqr::demo::sample_text()?)?;
/// assert_eq!(shown.payload.pid, "VN-079-0001");
/// assert_eq!(uniqr::hex::encode(&shown.header.kid), "4a4936ea8356c39c");
///
/// assert_eq!(uniqr::decode("uq1:6BFOXN").unwrap_err().code(), "PREFIX_INVALID");
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// The first failing check, in this order: `TOO_LARGE`,
/// `VERSION_UNSUPPORTED` or `PREFIX_INVALID`, `BASE45_INVALID`,
/// `DECOMPRESS_INVALID`, then for the COSE message, the protected header and
/// the claims `CBOR_INVALID`, `TOO_LARGE` or `CBOR_NONCANONICAL`,
/// `COSE_INVALID`, `ALG_UNSUPPORTED`, `KID_INVALID`, `CLAIMS_INVALID`,
/// `PAYLOAD_INVALID`.
pub fn decode(text: &str) -> Result<Decoded, Error> {
    let cose = unwrap_text(text)?;
    let msg = Sign1::parse(&cose)?;
    let claims_value = cbor::decode(msg.payload)?;
    let (claims, payload) = Claims::from_cbor(&claims_value)?;
    let payload = Payload::from_cbor(payload)?;
    Ok(Decoded {
        header: Header {
            alg: msg.alg.name(),
            kid: msg.kid,
        },
        claims,
        payload,
    })
}

/// Verifies a code at time `now` (Unix seconds), in the order of R-ORD-1.
///
/// `trust` holds the issuer keys the app trusts, `revoked` the revoked
/// certificate ids ([`Revocations::none`] if the app has no list), and `now`
/// should come from a trusted clock. Only an `Ok` result may be acted on.
///
/// ```
/// use uniqr::{Revocations, demo};
///
/// let text = demo::sample_text()?;
/// let trust = demo::trust_list();
/// let ok = uniqr::verify(&text, &trust, &Revocations::none(), demo::NOW)?;
/// assert_eq!(ok.payload.pid, "VN-079-0001");
///
/// let revoked = Revocations::from_ctis(&[ok.claims.cti]);
/// let err = uniqr::verify(&text, &trust, &revoked, demo::NOW).unwrap_err();
/// assert_eq!((err.code(), err.number()), ("REVOKED", 21));
/// let err = uniqr::verify(&text, &trust, &Revocations::none(), demo::IAT - 1).unwrap_err();
/// assert_eq!(err.code(), "NOT_YET_VALID");
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// The registry code of the first failing check of R-ORD-1: as [`decode`] for
/// the format (`TOO_LARGE`, `PREFIX_INVALID`, `VERSION_UNSUPPORTED`,
/// `BASE45_INVALID`, `DECOMPRESS_INVALID`, `CBOR_INVALID`,
/// `CBOR_NONCANONICAL`, `COSE_INVALID`, `ALG_UNSUPPORTED`, `KID_INVALID`),
/// then `KEY_UNKNOWN`, `ALG_KEY_MISMATCH`, `SIGNATURE_INVALID`, the claims
/// (`CBOR_INVALID`, `TOO_LARGE`, `CBOR_NONCANONICAL`, `CLAIMS_INVALID`),
/// `ISSUER_MISMATCH`, `PAYLOAD_INVALID`, `KEY_NOT_VALID`, `KEY_USAGE_DENIED`,
/// `NOT_YET_VALID`, `EXPIRED` and `REVOKED`.
pub fn verify(
    text: &str,
    trust: &TrustList,
    revoked: &Revocations,
    now: i64,
) -> Result<Verified, Error> {
    let cose = unwrap_text(text)?;
    verify_cose(&cose, trust, revoked, now)
}

/// Steps 5–21 of R-ORD-1 on inflated COSE bytes, as from [`unwrap_text`].
///
/// ```
/// use uniqr::{Revocations, codec, demo};
///
/// let cose = codec::unwrap_text(&demo::sample_text()?)?;
/// let ok = codec::verify_cose(&cose, &demo::trust_list(), &Revocations::none(), demo::NOW)?;
/// assert_eq!(ok.claims.iss, "VN-HN");
///
/// let nobody = uniqr::TrustList::default();
/// let err = codec::verify_cose(&cose, &nobody, &Revocations::none(), demo::NOW).unwrap_err();
/// assert_eq!(err.code(), "KEY_UNKNOWN");
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// As [`verify`], from `CBOR_INVALID` on: every code but those of steps 1 to
/// 4 (`TOO_LARGE` is still possible for CBOR limits).
pub fn verify_cose(
    cose: &[u8],
    trust: &TrustList,
    revoked: &Revocations,
    now: i64,
) -> Result<Verified, Error> {
    let msg = Sign1::parse(cose)?;
    let key = trust.find(&msg.kid).ok_or(TrustError::KeyUnknown)?;
    if key.key.alg() != msg.alg {
        return Err(TrustError::AlgKeyMismatch.into());
    }
    key.key.verify(
        &cose::sig_structure(msg.protected, msg.payload),
        msg.signature,
    )?;
    let claims_value = cbor::decode(msg.payload)?;
    let (claims, payload) = Claims::from_cbor(&claims_value)?;
    if claims.iss != key.issuer {
        return Err(TrustError::IssuerMismatch.into());
    }
    let payload = Payload::from_cbor(payload)?;
    key_may_sign(key, claims.iat, &payload)?;
    if now < claims.iat {
        return Err(Error::Time(TimeError::NotYetValid));
    }
    if now >= claims.exp {
        return Err(Error::Time(TimeError::Expired));
    }
    if revoked.contains(&claims.cti) {
        return Err(Error::Revoked);
    }
    Ok(Verified {
        payload,
        claims,
        kid: msg.kid,
    })
}

#[cfg(all(test, feature = "encode"))]
mod tests {
    use super::*;
    use crate::demo;
    use crate::key::SecretKey;
    use crate::payload::EntryKind;
    use crate::trust::Usage;

    /// An ES256 signer for VN-HN with this usage and window.
    fn signer(usage: Usage, not_before: i64, not_after: i64) -> Signer {
        let secret = SecretKey::from_seed(crate::Alg::Es256, [5; 32]);
        Signer::new(secret, "VN-HN", usage, not_before, not_after).unwrap()
    }

    fn code(s: &Signer, payload: &Payload) -> &'static str {
        match encode_cose(payload, s, &demo::sample_claims()) {
            Ok(_) => "ENCODED",
            Err(e) => e.code(),
        }
    }

    #[test]
    fn encoder_refuses_iat_outside_the_key_window() {
        let p = demo::sample_payload();
        assert_eq!(
            code(&signer(Usage::ALL, demo::IAT, demo::EXP), &p),
            "ENCODED"
        );
        assert_eq!(
            code(&signer(Usage::ALL, demo::IAT + 1, demo::EXP), &p),
            "KEY_NOT_VALID",
            "iat before not_before"
        );
        assert_eq!(
            code(&signer(Usage::ALL, 0, demo::IAT), &p),
            "KEY_NOT_VALID",
            "not_after is exclusive"
        );
    }

    #[test]
    fn encoder_refuses_entry_kinds_the_key_may_not_sign() {
        let tests_only = signer(Usage::from_kinds(&[EntryKind::T]), 0, demo::EXP);
        let p = demo::sample_payload();
        assert_eq!(code(&tests_only, &p), "KEY_USAGE_DENIED");
        // An identity-only payload needs `id`.
        let mut identity = p.clone();
        identity.v = None;
        assert_eq!(code(&tests_only, &identity), "KEY_USAGE_DENIED");
        let id_only = signer(Usage::from_kinds(&[EntryKind::Id]), 0, demo::EXP);
        assert_eq!(code(&id_only, &identity), "ENCODED");
    }

    #[test]
    fn encoder_refusals_match_the_verifiers_codes() {
        // What the encoder refuses, a verifier trusting the same key rejects
        // with the same code (R-ENC-1, steps 17 and 18 of R-ORD-1).
        let p = demo::sample_payload();
        let claims = demo::sample_claims();
        for s in [
            signer(Usage::ALL, demo::IAT + 1, demo::EXP),
            signer(Usage::from_kinds(&[EntryKind::T]), 0, demo::EXP),
        ] {
            let refused = encode_cose(&p, &s, &claims).unwrap_err();
            let body = cbor::encode(&claims.to_cbor(p.to_cbor()));
            let protected = cose::protected_header(s.alg(), &s.kid());
            let signature = s.sign(&cose::sig_structure(&protected, &body));
            let forged = cose::serialize(&protected, &body, &signature);
            let trust = TrustList::new(vec![s.trusted().clone()]).unwrap();
            let rejected =
                verify_cose(&forged, &trust, &Revocations::none(), demo::NOW).unwrap_err();
            assert_eq!(refused, rejected);
        }
    }
}
