//! A fuzz case before it is built: a valid sample (payload, claims, key,
//! time, context) and the edits of one mutated layer (spec/fuzzing.md,
//! R-FZ-2). Edits are small values, so the minimiser can drop them one by
//! one and rebuild (R-FZ-5).

use serde::Serialize;

use super::world::KeyId;
use crate::vectors::Op;
use uniqr::claims::Claims;
use uniqr::payload::Payload;

/// The layer a case's edits apply to (the "mutated layer" of a finding).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// No edit: a valid sample.
    Valid,
    /// The trust-list file's syntax, edited as text (R-FZ-9).
    TrustFile,
    /// The revocation-list file's syntax, edited as text (R-FZ-9).
    RevocationFile,
    /// A `scan_verify` image: the rendered code, degraded (R-FZ-14).
    Qr,
    /// The whole text: prefix, trailing characters, length.
    Text,
    /// The prefix's version part (R-FZ-10).
    PrefixVersion,
    /// The Base45 characters.
    Base45,
    /// The ZLIB stream.
    Zlib,
    /// The COSE message's CBOR encoding (canonical-form breakers).
    Cbor,
    /// COSE_Sign1 structure and headers (re-signed).
    Cose,
    /// The signature bytes.
    Signature,
    /// The signature's encoding: DER, lengths, scalar and point ranges
    /// (R-FZ-11).
    SignatureEncoding,
    /// The CWT claims (re-signed).
    Claims,
    /// Payload fields against the schema (re-signed).
    Payload,
    /// Unicode character classes in the payload's text fields (R-FZ-12).
    Unicode,
    /// `now`, `iat` and `exp` around their edges.
    Time,
    /// Signing key and trust-list variants.
    Trust,
    /// Revoked certificate ids and revocation-list variants.
    Revocation,
    /// Two defects of adjacent check-order steps in one case (R-FZ-13).
    CheckOrder,
    /// The encoder's private key file (encode only).
    Key,
}

impl Layer {
    /// Every layer, in check order.
    pub const ALL: [Layer; 20] = [
        Layer::Valid,
        Layer::TrustFile,
        Layer::RevocationFile,
        Layer::Qr,
        Layer::Text,
        Layer::PrefixVersion,
        Layer::Base45,
        Layer::Zlib,
        Layer::Cbor,
        Layer::Cose,
        Layer::Signature,
        Layer::SignatureEncoding,
        Layer::Claims,
        Layer::Payload,
        Layer::Unicode,
        Layer::Time,
        Layer::Trust,
        Layer::Revocation,
        Layer::CheckOrder,
        Layer::Key,
    ];

    /// The name used in reports and vector ids.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Valid => "valid",
            Layer::TrustFile => "trust_file",
            Layer::RevocationFile => "revocation_file",
            Layer::Qr => "qr",
            Layer::Text => "text",
            Layer::PrefixVersion => "prefix_version",
            Layer::Base45 => "base45",
            Layer::Zlib => "zlib",
            Layer::Cbor => "cbor",
            Layer::Cose => "cose",
            Layer::Signature => "signature",
            Layer::SignatureEncoding => "signature_encoding",
            Layer::Claims => "claims",
            Layer::Payload => "payload",
            Layer::Unicode => "unicode",
            Layer::Time => "time",
            Layer::Trust => "trust",
            Layer::Revocation => "revocation",
            Layer::CheckOrder => "check_order",
            Layer::Key => "key",
        }
    }

    /// The spec requirements a finding at this layer relates to.
    pub fn requirements(self) -> &'static [&'static str] {
        match self {
            Layer::Valid => &["R-ORD-1", "R-PAY-1"],
            Layer::TrustFile => &["R-TRUST-7", "R-TRUST-9", "R-JSON-1", "R-JSON-2", "R-JSON-3"],
            Layer::RevocationFile => &["R-REV-2", "R-JSON-1", "R-JSON-3"],
            Layer::Qr => &["R-QR-10", "R-QR-11", "R-QR-12", "R-QR-13"],
            Layer::Text => &["R-ORD-1", "R-PFX-1", "R-LIM-1"],
            Layer::PrefixVersion => &["R-PFX-1", "R-PFX-2", "R-PFX-3"],
            Layer::Base45 => &["R-ORD-1", "R-B45-1"],
            Layer::Zlib => &["R-ORD-1", "R-ZLIB-1"],
            Layer::Cbor => &["R-ORD-1", "R-CBOR-5"],
            Layer::Cose => &["R-ORD-1", "R-COSE-2"],
            Layer::Signature => &["R-ORD-1", "R-SIG-2"],
            Layer::SignatureEncoding => &["R-SIG-1", "R-SIG-2", "R-SIG-3"],
            Layer::Claims => &["R-ORD-1", "R-CWT-1"],
            Layer::Payload => &["R-ORD-1", "R-PAY-10"],
            Layer::Unicode => &["R-PAY-2", "R-PAY-3", "R-PAY-4", "R-CBOR-3"],
            Layer::Time => &["R-ORD-1", "R-TIME-2"],
            Layer::Trust => &["R-ORD-1", "R-TRUST-1"],
            Layer::Revocation => &["R-ORD-1", "R-REV-1"],
            Layer::CheckOrder => &["R-ORD-1"],
            Layer::Key => &["R-ENC-1"],
        }
    }
}

/// One edit. Positions are taken modulo the length of what they edit, so
/// an edit stays applicable when the minimiser shrinks the sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    // Text.
    /// Replace the 4-character prefix.
    Prefix(&'static str),
    /// Append characters.
    Append(&'static str),
    /// Prepend characters.
    Prepend(&'static str),
    /// Keep this many per mille of the text.
    Truncate(u16),
    /// Pad with Base45 `0` characters past the text length limit.
    OverLength,
    // Base45 (the characters after the prefix).
    /// Replace one character.
    B45Set(u32, char),
    /// Delete one character.
    B45Delete(u32),
    /// Insert one character.
    B45Insert(u32, char),
    /// Overwrite the aligned triplet at a position.
    B45Triplet(u32, &'static str),
    // ZLIB.
    /// Flip one bit.
    ZFlip(u32, u8),
    /// Keep this many per mille of the stream.
    ZTruncate(u16),
    /// Append bytes after the stream.
    ZAppend(&'static [u8]),
    /// Compress at this level instead of 9 (still valid zlib).
    ZLevel(u8),
    /// Raw DEFLATE without the zlib wrapper.
    ZRaw,
    /// Gzip instead of zlib.
    ZGzip,
    /// Set the FDICT flag (with a valid header check).
    ZDict,
    /// Inflate past the inflated-size limit.
    ZBomb,
    // CBOR of the COSE message.
    /// Widen the head of element N (0 = the array) to a longer form.
    Widen(u8),
    /// Make element N (0 = the array) indefinite-length.
    Indefinite(u8),
    /// Append one byte after the message.
    Trailing(u8),
    /// Flip one bit of the message.
    CFlip(u32, u8),
    /// Encode tag 18 in two bytes (`d8 12`).
    TagWiden,
    // COSE structure and headers.
    /// Replace the leading tags with these raw bytes.
    Tags(&'static [u8]),
    /// Drop element N (1 to 4).
    DropElem(u8),
    /// Append a fifth element.
    ExtraElem,
    /// Replace element N (1 to 4) with this raw CBOR item.
    ElemAs(u8, &'static [u8]),
    /// Protected `alg` as this raw CBOR item.
    Alg(&'static [u8]),
    /// Protected `kid` of this many bytes.
    KidLen(u8),
    /// Protected `kid` as a text string.
    KidText,
    /// Protected `kid` of another key (the signature stays the signer's).
    KidOf(KeyId),
    /// An empty protected header (zero-length byte string).
    ProtectedEmpty,
    /// A protected header that is an empty map.
    ProtectedEmptyMap,
    /// An extra protected label (raw key and value).
    ProtectedLabel(&'static [u8], &'static [u8]),
    /// The protected map's two entries in reverse (non-canonical) order.
    ProtectedReversed,
    /// `kid` moved from the protected to the unprotected header.
    UnprotectedKid,
    /// An extra unprotected label (raw key and value).
    UnprotectedLabel(&'static [u8], &'static [u8]),
    // Signature.
    /// Flip one bit.
    SFlip(u8, u8),
    /// Truncate or zero-extend to this length.
    SLen(u8),
    /// All zero.
    SZero,
    /// ES256: the high-S twin (valid, R-ENC-3); EdDSA: S + L (invalid).
    SHighS,
    /// Signed by another key, headers unchanged.
    SOtherKey(KeyId),
    // Claims (the map bytes are rebuilt and re-signed).
    /// `iss` set to this text.
    Iss(&'static str),
    /// Drop claim N (0 iss, 1 exp, 2 iat, 3 cti, 4 payload).
    ClaimDrop(u8),
    /// An extra claim (raw key and value), kept in canonical order.
    ClaimExtra(&'static [u8], &'static [u8]),
    /// `cti` of this many bytes.
    CtiLen(u8),
    /// Claim N's value as this raw CBOR item.
    ClaimValue(u8, &'static [u8]),
    /// Claims N and N+1 swapped (non-canonical order).
    ClaimSwap(u8),
    /// Claim N's value head widened (non-canonical).
    ClaimWiden(u8),
    /// `exp` set to `iat` plus this many seconds.
    ExpAfterIat(i64),
    // Payload.
    /// Schema edit N of [`super::fields::EDITS`] on the payload JSON.
    Field(u8),
    /// The payload map's entries in reverse (non-canonical) order.
    PayloadReversed,
    // Time (no re-encoding unless the claims change).
    /// `now` = `iat` + seconds.
    NowIat(i64),
    /// `now` = `exp` + seconds.
    NowExp(i64),
    /// `iat` set to this time (re-signed); `exp` kept after it.
    IatAt(i64),
    // Trust.
    /// Signed by another key, with its kid and alg in the header.
    SignWith(KeyId),
    /// Trust-list file N of [`super::world::World::bad_trust`].
    BadTrust(u8),
    /// The ES256-only trust list.
    TrustEs256,
    // Revocation.
    /// `cti` set to revoked id N, checked against the fuzz revocation list.
    Revoke(u8),
    /// The fuzz revocation list, `cti` unchanged.
    RevokedList,
    /// Revocation-list file N of [`super::world::World::bad_revoked`].
    BadRevoked(u8),
    // Key (encode).
    /// Encode with a key file that fails to load.
    BadKeyFile,
    // Trust and revocation files, as text (R-FZ-9).
    /// Trust-list variant N of [`super::files::TRUST_EDITS`].
    TrustFile(u8),
    /// Revocation-list variant N of [`super::files::REVOCATION_EDITS`].
    RevocationFile(u8),
    // Prefix version (R-FZ-10).
    /// Replace the prefix `UQ1:` with this text.
    Version(&'static str),
    // Signature encoding (R-FZ-11).
    /// Re-encode the signature in this form.
    SigForm(SigForm),
    // Unicode (R-FZ-12).
    /// Text class N of [`super::fields::UNICODE`] in text field M of
    /// [`super::fields::TEXT_FIELDS`]: `Unicode(M, N)`.
    Unicode(u8, u8),
    // QR (R-FZ-14).
    /// Render the text and degrade it with class N of
    /// [`super::qr::CLASSES`], seeded with the second value.
    Degrade(u8, u32),
}

/// A signature encoding (R-FZ-11). ES256 forms work on `r || s` as two
/// big-endian integers, EdDSA forms on `R || S` (little-endian `S`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigForm {
    /// ES256: ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }` (R-SIG-1 wants
    /// raw); EdDSA: the same around `R` and `S`.
    Der,
    /// ES256: `s` replaced by `max(s, n - s)` (valid: no low-S rule).
    HighS,
    /// ES256: `s` replaced by `min(s, n - s)` (valid).
    LowS,
    /// The first half (`r` or `R`) all zero.
    RZero,
    /// The second half (`s` or `S`) all zero.
    SZero,
    /// ES256: `r` = n; EdDSA: `R` = the non-canonical encoding p of y = 0.
    RIsN,
    /// ES256: `s` = n; EdDSA: `S` = L.
    SIsN,
    /// The second half all `ff` (2^256 − 1, above n and L).
    SMax,
    /// EdDSA: `S` + L (the same point, a non-canonical scalar); ES256: as
    /// `SIsN`.
    SPlusL,
    /// EdDSA: `R` the identity point `01 00…00` (small order).
    RIdentity,
    /// EdDSA: `R` the point of order 2 `ec ff…ff 7f`.
    ROrder2,
    /// EdDSA: `R` = y + p for small y, a non-canonical encoding.
    RAboveP(u8),
}

/// A case to build: the sample and its edits.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The operation.
    pub op: Op,
    /// The payload (valid).
    pub payload: Payload,
    /// The claims (valid for the key).
    pub claims: Claims,
    /// The signing key.
    pub key: KeyId,
    /// Verification time.
    pub now: i64,
    /// The zlib compression level (1 to 9).
    pub level: u8,
    /// The layer the edits apply to.
    pub layer: Layer,
    /// The edits.
    pub edits: Vec<Edit>,
}
