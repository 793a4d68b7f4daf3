//! The COSE_Sign1 layer (RFC 9052) with the UNIQR header profile (R-COSE-*).

use crate::cbor::{self, Value};
use crate::error::{CoseError, Error};

/// COSE_Sign1 tag (RFC 9052 §4.2).
pub const TAG_SIGN1: u64 = 18;
/// Header label `alg`.
const LABEL_ALG: i64 = 1;
/// Header label `kid`.
const LABEL_KID: i64 = 4;

/// The two signature algorithms of UNIQR v1 (R-COSE-4).
///
/// ```
/// use uniqr::Alg;
///
/// assert_eq!((Alg::Es256.cose_id(), Alg::Es256.name()), (-7, "ES256"));
/// assert_eq!((Alg::EdDsa.cose_id(), Alg::EdDsa.name()), (-8, "EdDSA"));
/// assert_eq!(Alg::from_name("EdDSA"), Some(Alg::EdDsa));
/// assert_eq!(Alg::from_name("es256"), None); // names are case-sensitive
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Alg {
    /// ECDSA with SHA-256 on P-256, COSE alg -7.
    Es256,
    /// EdDSA on Ed25519, COSE alg -8.
    EdDsa,
}

impl Alg {
    /// The COSE algorithm identifier: -7 or -8 (see the type's example).
    pub fn cose_id(self) -> i64 {
        match self {
            Alg::Es256 => -7,
            Alg::EdDsa => -8,
        }
    }

    /// The name used in JSON files and the CLI (`ES256`, `EdDSA`).
    pub fn name(self) -> &'static str {
        match self {
            Alg::Es256 => "ES256",
            Alg::EdDsa => "EdDSA",
        }
    }

    /// Parses [`Alg::name`] (see the type's example).
    ///
    /// # Errors
    /// `None` for any other text; the file loaders report that as
    /// `TRUST_LIST_INVALID` or `KEY_FILE_INVALID`.
    pub fn from_name(s: &str) -> Option<Alg> {
        match s {
            "ES256" => Some(Alg::Es256),
            "EdDSA" => Some(Alg::EdDsa),
            _ => None,
        }
    }
}

/// A structurally valid COSE_Sign1 message, borrowing from the input.
///
/// Parsed, not verified: the signature is checked by
/// [`PublicKey::verify`](crate::key::PublicKey::verify) over
/// [`sig_structure`], as [`verify_cose`](crate::codec::verify_cose) does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sign1<'a> {
    /// The serialized protected header (signed as is).
    pub protected: &'a [u8],
    /// The algorithm from the protected header.
    pub alg: Alg,
    /// The 8-byte key identifier from the protected header.
    pub kid: [u8; 8],
    /// The payload bytes (the CWT claims, not yet interpreted).
    pub payload: &'a [u8],
    /// The signature bytes (length checked at the signature step, R-SIG-1).
    pub signature: &'a [u8],
}

impl<'a> Sign1<'a> {
    /// Parses a COSE_Sign1 message in the fixed check order of R-ORD-1
    /// (steps 5 to 9).
    ///
    /// ```
    /// use uniqr::{Alg, cose::Sign1, demo};
    ///
    /// let cose = uniqr::codec::unwrap_text(&demo::sample_text()?)?;
    /// let msg = Sign1::parse(&cose)?;
    /// assert_eq!((msg.alg, msg.kid), (Alg::Es256, demo::signer(Alg::Es256).kid()));
    /// assert_eq!(msg.signature.len(), 64);
    ///
    /// // Without its tag 18 the message is rejected (R-COSE-1).
    /// assert_eq!(Sign1::parse(&cose[1..]).unwrap_err().code(), "COSE_INVALID");
    /// # Ok::<(), uniqr::Error>(())
    /// ```
    ///
    /// # Errors
    /// In this order: `CBOR_INVALID`, `TOO_LARGE` or `CBOR_NONCANONICAL` for
    /// the message's CBOR; `COSE_INVALID` for the tag, shape or element types;
    /// the same CBOR codes for the protected header, then `COSE_INVALID` if
    /// it is empty, not a map or has other labels; `ALG_UNSUPPORTED`;
    /// `KID_INVALID`.
    pub fn parse(msg: &'a [u8]) -> Result<Self, Error> {
        let (tags, value) = cbor::decode_message(msg)?;
        match tags.as_slice() {
            [] => return Err(CoseError::Untagged.into()),
            [TAG_SIGN1] => {}
            _ => return Err(CoseError::WrongTag.into()),
        }
        let Value::Array(items) = value else {
            return Err(CoseError::Shape.into());
        };
        let [protected, unprotected, payload, signature] = items.as_slice() else {
            return Err(CoseError::Shape.into());
        };
        let (
            Value::Bytes(protected),
            Value::Map(unprotected),
            Value::Bytes(payload),
            Value::Bytes(signature),
        ) = (protected, unprotected, payload, signature)
        else {
            return Err(CoseError::ElementType.into());
        };
        if protected.is_empty() {
            return Err(CoseError::ProtectedNotMap.into());
        }
        let header = cbor::decode(protected)?;
        let Some(header) = header.as_map() else {
            return Err(CoseError::ProtectedNotMap.into());
        };
        let label = |k: &Value<'_>| match k {
            Value::Int(i) => Some(*i),
            _ => None,
        };
        if header
            .iter()
            .any(|(k, _)| !matches!(label(k), Some(LABEL_ALG | LABEL_KID)))
            || unprotected.iter().any(|(k, _)| label(k) != Some(LABEL_KID))
        {
            return Err(CoseError::ExtraHeader.into());
        }
        let find = |l: i64| {
            header
                .iter()
                .find(|(k, _)| label(k) == Some(l))
                .map(|(_, v)| v)
        };
        let alg = match find(LABEL_ALG) {
            Some(Value::Int(-7)) => Alg::Es256,
            Some(Value::Int(-8)) => Alg::EdDsa,
            _ => return Err(CoseError::AlgUnsupported.into()),
        };
        if !unprotected.is_empty() {
            return Err(CoseError::KidUnprotected.into());
        }
        let kid = match find(LABEL_KID) {
            Some(Value::Bytes(k)) => {
                <[u8; 8]>::try_from(*k).map_err(|_| Error::from(CoseError::KidLength))?
            }
            _ => return Err(CoseError::KidMissing.into()),
        };
        Ok(Sign1 {
            protected,
            alg,
            kid,
            payload,
            signature,
        })
    }
}

/// The canonical protected header `{1: alg, 4: kid}` (R-COSE-3, R-ENC-1).
///
/// ```
/// use uniqr::{Alg, cose, hex};
///
/// let kid = hex::decode_array::<8>("4a4936ea8356c39c").unwrap();
/// let header = cose::protected_header(Alg::Es256, &kid);
/// assert_eq!(hex::encode(&header), "a2012604484a4936ea8356c39c");
/// ```
pub fn protected_header(alg: Alg, kid: &[u8; 8]) -> Vec<u8> {
    cbor::encode(&Value::Map(vec![
        (Value::Int(LABEL_ALG), Value::Int(alg.cose_id())),
        (Value::Int(LABEL_KID), Value::Bytes(kid)),
    ]))
}

/// `Sig_structure1` with empty external_aad (RFC 9052 §4.4, R-SIG-2): the
/// bytes that are signed and verified.
///
/// ```
/// // ["Signature1", h'a0', h'', h'a0']
/// let bytes = uniqr::cose::sig_structure(&[0xa0], &[0xa0]);
/// assert_eq!(&bytes[..12], b"\x84\x6aSignature1");
/// assert_eq!(&bytes[12..], [0x41, 0xa0, 0x40, 0x41, 0xa0]);
/// ```
pub fn sig_structure(protected: &[u8], payload: &[u8]) -> Vec<u8> {
    cbor::encode(&Value::Array(vec![
        Value::Text("Signature1"),
        Value::Bytes(protected),
        Value::Bytes(&[]),
        Value::Bytes(payload),
    ]))
}

/// Serializes a tagged COSE_Sign1 message (R-ENC-1) with an empty
/// unprotected header.
///
/// ```
/// use uniqr::{Alg, cose};
///
/// let protected = cose::protected_header(Alg::EdDsa, &[1; 8]);
/// let msg = cose::serialize(&protected, &[0xa0], &[7; 64]);
/// let parsed = cose::Sign1::parse(&msg)?;
/// assert_eq!((parsed.alg, parsed.kid, parsed.payload), (Alg::EdDsa, [1; 8], &[0xa0][..]));
/// # Ok::<(), uniqr::Error>(())
/// ```
pub fn serialize(protected: &[u8], payload: &[u8], signature: &[u8]) -> Vec<u8> {
    let body = cbor::encode(&Value::Array(vec![
        Value::Bytes(protected),
        Value::Map(Vec::new()),
        Value::Bytes(payload),
        Value::Bytes(signature),
    ]));
    let mut out = Vec::with_capacity(body.len() + 1);
    cbor::write_head(6, TAG_SIGN1, &mut out);
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KID: [u8; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

    fn msg_with(protected: &[u8], unprotected: Value<'_>) -> Vec<u8> {
        let mut out = vec![0xd2];
        out.extend(cbor::encode(&Value::Array(vec![
            Value::Bytes(protected),
            unprotected,
            Value::Bytes(b"\xa0"),
            Value::Bytes(&[0; 64]),
        ])));
        out
    }

    fn code(msg: &[u8]) -> &'static str {
        Sign1::parse(msg).map(|_| "OK").unwrap_or_else(|e| e.code())
    }

    #[test]
    fn parses_what_it_serializes() {
        let p = protected_header(Alg::EdDsa, &KID);
        let m = serialize(&p, b"\xa0", &[7; 64]);
        let s = Sign1::parse(&m).unwrap();
        assert_eq!(
            (s.alg, s.kid, s.payload, s.signature),
            (Alg::EdDsa, KID, &b"\xa0"[..], &[7u8; 64][..])
        );
    }

    #[test]
    fn rejects_untagged_wrong_tag_and_cwt_wrapping() {
        let m = serialize(&protected_header(Alg::Es256, &KID), b"\xa0", &[0; 64]);
        assert_eq!(code(&m[1..]), "COSE_INVALID");
        let mut wrong = m.clone();
        wrong[0] = 0xd1;
        assert_eq!(code(&wrong), "COSE_INVALID");
        let mut cwt = vec![0xd8, 0x3d];
        cwt.extend_from_slice(&m);
        assert_eq!(code(&cwt), "COSE_INVALID");
    }

    #[test]
    fn rejects_wrong_shape_and_types() {
        assert_eq!(code(&[0xd2, 0x83, 0x40, 0xa0, 0x40]), "COSE_INVALID");
        assert_eq!(code(&[0xd2, 0xa0]), "COSE_INVALID");
        assert_eq!(code(&[0xd2, 0x84, 0x40, 0x80, 0x40, 0x40]), "COSE_INVALID");
        assert_eq!(code(&msg_with(&[], Value::Map(vec![]))), "COSE_INVALID");
    }

    #[test]
    fn rejects_unsupported_algorithms() {
        for alg in [-37, -35, 0, -7 - 1000] {
            let p = cbor::encode(&Value::Map(vec![
                (Value::Int(1), Value::Int(alg)),
                (Value::Int(4), Value::Bytes(&KID)),
            ]));
            assert_eq!(
                code(&msg_with(&p, Value::Map(vec![]))),
                "ALG_UNSUPPORTED",
                "{alg}"
            );
        }
        let p = cbor::encode(&Value::Map(vec![(Value::Int(4), Value::Bytes(&KID))]));
        assert_eq!(code(&msg_with(&p, Value::Map(vec![]))), "ALG_UNSUPPORTED");
    }

    #[test]
    fn rejects_bad_kids() {
        let alg_only = cbor::encode(&Value::Map(vec![(Value::Int(1), Value::Int(-7))]));
        assert_eq!(
            code(&msg_with(&alg_only, Value::Map(vec![]))),
            "KID_INVALID"
        );
        let unprot = Value::Map(vec![(Value::Int(4), Value::Bytes(&KID))]);
        assert_eq!(code(&msg_with(&alg_only, unprot.clone())), "KID_INVALID");
        let full = protected_header(Alg::Es256, &KID);
        assert_eq!(code(&msg_with(&full, unprot)), "KID_INVALID");
        for n in [7, 9] {
            let kid = vec![0u8; n];
            let p = cbor::encode(&Value::Map(vec![
                (Value::Int(1), Value::Int(-7)),
                (Value::Int(4), Value::Bytes(&kid)),
            ]));
            assert_eq!(code(&msg_with(&p, Value::Map(vec![]))), "KID_INVALID");
        }
    }

    #[test]
    fn rejects_extra_header_labels() {
        let p = cbor::encode(&Value::Map(vec![
            (Value::Int(1), Value::Int(-7)),
            (Value::Int(3), Value::Int(0)),
            (Value::Int(4), Value::Bytes(&KID)),
        ]));
        assert_eq!(code(&msg_with(&p, Value::Map(vec![]))), "COSE_INVALID");
        let full = protected_header(Alg::Es256, &KID);
        let other = Value::Map(vec![(Value::Int(33), Value::Bytes(b"x"))]);
        assert_eq!(code(&msg_with(&full, other)), "COSE_INVALID");
    }
}
