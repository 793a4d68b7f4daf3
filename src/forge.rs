//! Building codes layer by layer, including deliberately defective ones, for
//! the golden vectors, the tests and the fuzzers.
//!
//! Each function does one layer exactly as the encoder does, so a vector can
//! swap one layer's bytes for defective ones and keep every other layer
//! well-formed (one defect per vector).

use crate::cbor::{self, Value};
use crate::claims::Claims;
use crate::cose::{self, Alg};
use crate::payload::Payload;
use crate::signer::Signer;
use crate::{base45, prefix, zlib};

/// `UQ1:` + Base45 of already-deflated bytes.
pub fn text_from_deflated(deflated: &[u8]) -> String {
    format!("{}{}", prefix::PREFIX, base45::encode(deflated))
}

/// `UQ1:` + Base45(ZLIB(cose)).
pub fn text_from_cose(cose: &[u8]) -> String {
    text_from_deflated(&zlib::compress(cose))
}

/// The canonical claims bytes (the COSE payload) for a payload.
pub fn claims_bytes(claims: &Claims, payload: &Payload) -> Vec<u8> {
    cbor::encode(&claims.to_cbor(payload.to_cbor()))
}

/// The canonical claims bytes with an arbitrary payload value.
pub fn claims_bytes_with(claims: &Claims, payload: Value<'_>) -> Vec<u8> {
    cbor::encode(&claims.to_cbor(payload))
}

/// The canonical protected header of a signer.
pub fn protected(signer: &Signer) -> Vec<u8> {
    cose::protected_header(signer.alg(), &signer.kid())
}

/// A protected header with an explicit alg and kid.
pub fn protected_with(alg: Alg, kid: &[u8; 8]) -> Vec<u8> {
    cose::protected_header(alg, kid)
}

/// The signature a signer makes over `protected` and `body`.
pub fn signature(signer: &Signer, protected: &[u8], body: &[u8]) -> [u8; 64] {
    signer.sign(&cose::sig_structure(protected, body))
}

/// A tagged COSE_Sign1 with an empty unprotected header and a valid
/// signature over any `protected` and `body` bytes.
pub fn signed(signer: &Signer, protected: &[u8], body: &[u8]) -> Vec<u8> {
    cose::serialize(protected, body, &signature(signer, protected, body))
}

/// The whole valid COSE message for a payload.
pub fn cose(signer: &Signer, claims: &Claims, payload: &Payload) -> Vec<u8> {
    signed(signer, &protected(signer), &claims_bytes(claims, payload))
}

/// Assembles a COSE_Sign1 array from raw parts: each element given as its
/// already-encoded CBOR item, preceded by `tags` (raw tag heads).
pub fn assemble(tags: &[u8], elements: &[&[u8]]) -> Vec<u8> {
    let mut out = tags.to_vec();
    cbor::write_head(4, elements.len() as u64, &mut out);
    for e in elements {
        out.extend_from_slice(e);
    }
    out
}

/// A tagged COSE_Sign1 from raw parts: the protected header, body and
/// signature as byte-string contents, the unprotected header already encoded.
pub fn sign1(protected: &[u8], unprotected: &[u8], body: &[u8], signature: &[u8]) -> Vec<u8> {
    assemble(
        &[0xd2],
        &[&bstr(protected), unprotected, &bstr(body), &bstr(signature)],
    )
}

/// The CBOR encoding of a byte string.
pub fn bstr(b: &[u8]) -> Vec<u8> {
    cbor::encode(&Value::Bytes(b))
}
