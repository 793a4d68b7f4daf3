//! Building codes layer by layer, including deliberately defective ones, for
//! the golden vectors, the tests and the fuzzers.
//!
//! Each function does one layer exactly as the encoder does, so a vector can
//! swap one layer's bytes for defective ones and keep every other layer
//! well-formed (one defect per vector).

use std::io::Write;

use flate2::Compression;
use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};

use uniqr::cbor::{self, Value};
use uniqr::claims::Claims;
use uniqr::cose::{self, Alg};
use uniqr::payload::Payload;
use uniqr::signer::Signer;
use uniqr::{base45, prefix, zlib};

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

/// Encodes JSON as canonical CBOR, including the JSON types the UNIQR
/// profile forbids (`true`, `false`, `null`, floats), for defect cases.
pub fn json_cbor(v: &serde_json::Value) -> Vec<u8> {
    let mut out = Vec::new();
    json_cbor_into(v, &mut out);
    out
}

fn json_cbor_into(v: &serde_json::Value, out: &mut Vec<u8>) {
    use serde_json::Value as J;
    match v {
        J::Null => out.push(0xf6),
        J::Bool(b) => out.push(if *b { 0xf5 } else { 0xf4 }),
        J::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) if i >= 0 => cbor::write_head(0, i.unsigned_abs(), out),
            (Some(i), _) => cbor::write_head(1, (-1 - i) as u64, out),
            (None, Some(f)) => {
                out.push(0xfb);
                out.extend_from_slice(&f.to_be_bytes());
            }
            _ => out.push(0xf7),
        },
        J::String(s) => {
            cbor::write_head(3, s.len() as u64, out);
            out.extend_from_slice(s.as_bytes());
        }
        J::Array(a) => {
            cbor::write_head(4, a.len() as u64, out);
            for i in a {
                json_cbor_into(i, out);
            }
        }
        J::Object(m) => {
            cbor::write_head(5, m.len() as u64, out);
            let mut entries: Vec<(Vec<u8>, Vec<u8>)> = m
                .iter()
                .map(|(k, v)| (json_cbor(&J::String(k.clone())), json_cbor(v)))
                .collect();
            entries.sort();
            for (k, v) in entries {
                out.extend(k);
                out.extend(v);
            }
        }
    }
}

/// A CBOR map from already-encoded entries, in the given order.
pub fn raw_map(entries: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    cbor::write_head(5, entries.len() as u64, &mut out);
    for (k, v) in entries {
        out.extend_from_slice(k);
        out.extend_from_slice(v);
    }
    out
}

/// The claims map entries, canonical order, with raw payload bytes.
pub fn claims_entries(c: &Claims, payload: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    vec![
        (
            cbor::encode(&Value::Int(1)),
            cbor::encode(&Value::Text(&c.iss)),
        ),
        (
            cbor::encode(&Value::Int(4)),
            cbor::encode(&Value::Int(c.exp)),
        ),
        (
            cbor::encode(&Value::Int(6)),
            cbor::encode(&Value::Int(c.iat)),
        ),
        (
            cbor::encode(&Value::Int(7)),
            cbor::encode(&Value::Bytes(&c.cti)),
        ),
        (cbor::encode(&Value::Int(-65537)), payload.to_vec()),
    ]
}

/// A zlib stream at compression `level` (0 to 9); every level is valid.
pub fn zlib_level(data: &[u8], level: u32) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::new(), Compression::new(level));
    // Writing into a Vec cannot fail.
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// A raw DEFLATE stream, without the zlib header and Adler-32 trailer.
pub fn raw_deflate(data: &[u8]) -> Vec<u8> {
    let mut e = DeflateEncoder::new(Vec::new(), Compression::best());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// A gzip stream (RFC 1952) instead of zlib.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// The P-256 group order n.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// (r, s) → (r, n - s): the other valid signature.
pub fn high_s(sig: &[u8; 64]) -> [u8; 64] {
    let mut out = *sig;
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(N[i]) - i16::from(sig[32 + i]) - borrow;
        borrow = i16::from(d < 0);
        out[32 + i] = d.rem_euclid(256) as u8;
    }
    out
}

/// Adds the Ed25519 group order L to a little-endian 32-byte scalar.
pub fn add_l(s: &mut [u8]) {
    const L: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let mut carry = 0u16;
    for i in 0..32 {
        let v = u16::from(s[i]) + u16::from(L[i]) + carry;
        s[i] = v as u8;
        carry = v >> 8;
    }
}
