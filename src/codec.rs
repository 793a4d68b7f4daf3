//! The pipeline: encode, decode (unverified) and verify, in the normative
//! check order of R-ORD-1.

use serde::Serialize;

use crate::claims::Claims;
use crate::cose::{self, Sign1};
use crate::error::{Error, Limit, TimeError, TrustError};
use crate::limits::{MAX_INFLATED, MAX_TEXT_LEN};
use crate::payload::Payload;
use crate::signer::Signer;
use crate::trust::{Revocations, TrustList};
use crate::{base45, cbor, prefix, zlib};

/// The result of a successful verification.
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

/// An unverified view of a code, for inspection only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decoded {
    /// The protected header.
    pub header: Header,
    /// The claims.
    pub claims: Claims,
    /// The payload (shape and rules checked, signature not).
    pub payload: Payload,
}

/// The protected header of a decoded code.
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
/// # Errors
/// `PAYLOAD_INVALID` or `CLAIMS_INVALID` if the inputs break a rule (the
/// encoder never emits what a verifier must reject, R-ENC-1),
/// `ISSUER_MISMATCH` if `claims.iss` is not the signer's issuer, and
/// `TOO_LARGE` if the COSE message would exceed R-LIM-2.
pub fn encode_cose(payload: &Payload, signer: &Signer, claims: &Claims) -> Result<Vec<u8>, Error> {
    payload.validate()?;
    claims.validate()?;
    if claims.iss != signer.issuer() {
        return Err(TrustError::IssuerMismatch.into());
    }
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

/// Encodes a payload into QR text: `UQ1:` + Base45(ZLIB(COSE_Sign1)).
///
/// # Errors
/// As [`encode_cose`], and `TOO_LARGE` if the text would exceed R-LIM-1.
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

/// Steps 1–4 of R-ORD-1: text to COSE bytes.
///
/// # Errors
/// `TOO_LARGE`, `PREFIX_INVALID`, `VERSION_UNSUPPORTED`, `BASE45_INVALID`,
/// `DECOMPRESS_INVALID`.
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
/// # Errors
/// Every error of steps 1–9, 13, 14 and 16 of R-ORD-1.
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
/// # Errors
/// The first failing check's registry code; see the spec's check order.
pub fn verify(
    text: &str,
    trust: &TrustList,
    revoked: &Revocations,
    now: i64,
) -> Result<Verified, Error> {
    let cose = unwrap_text(text)?;
    verify_cose(&cose, trust, revoked, now)
}

/// Steps 5–21 of R-ORD-1 on inflated COSE bytes.
///
/// # Errors
/// As [`verify`].
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
    if !(key.not_before..key.not_after).contains(&claims.iat) {
        return Err(TrustError::KeyNotValid.into());
    }
    if !payload
        .required_usage()
        .iter()
        .all(|k| key.usage.allows(*k))
    {
        return Err(TrustError::UsageDenied.into());
    }
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
