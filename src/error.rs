//! One error type for every way an input can be wrong.
//!
//! Each [`Error`] variant is one wire layer (as in rustls); each wraps a small
//! `Copy` leaf enum that says exactly what was wrong. [`Error::code`] returns the
//! stable registry code from `spec/uniqr-v1.md` §"Error registry"; codes are
//! never renamed or reused. [`Error::number`] is the numeric form used by the
//! C ABI. Several leaves can share one code (every [`PayloadError`] is
//! `PAYLOAD_INVALID`): the code is the contract, the leaf is detail for
//! messages and tests.

use std::fmt;

/// Every registry code, in registry order, with its numeric id.
///
/// The numbers are part of the contract (C ABI, spec registry) and are never
/// reused; a retired code keeps its number forever.
///
/// ```
/// assert_eq!(uniqr::error::REGISTRY[0], ("TOO_LARGE", 1));
/// assert!(uniqr::error::REGISTRY.iter().any(|&(code, _)| code == "EXPIRED"));
/// ```
pub const REGISTRY: &[(&str, u16)] = &[
    ("TOO_LARGE", 1),
    ("PREFIX_INVALID", 2),
    ("VERSION_UNSUPPORTED", 3),
    ("BASE45_INVALID", 4),
    ("DECOMPRESS_INVALID", 5),
    ("CBOR_INVALID", 6),
    ("CBOR_NONCANONICAL", 7),
    ("COSE_INVALID", 8),
    ("ALG_UNSUPPORTED", 9),
    ("KID_INVALID", 10),
    ("KEY_UNKNOWN", 11),
    ("ALG_KEY_MISMATCH", 12),
    ("SIGNATURE_INVALID", 13),
    ("CLAIMS_INVALID", 14),
    ("ISSUER_MISMATCH", 15),
    ("PAYLOAD_INVALID", 16),
    ("KEY_NOT_VALID", 17),
    ("KEY_USAGE_DENIED", 18),
    ("NOT_YET_VALID", 19),
    ("EXPIRED", 20),
    ("REVOKED", 21),
    ("QR_UNREADABLE", 22),
    ("QR_MODE_INVALID", 23),
    ("TRUST_LIST_INVALID", 24),
    ("REVOCATION_LIST_INVALID", 25),
    ("KEY_FILE_INVALID", 26),
];

/// A failure of the codec, the trust store or an input file.
///
/// Apps use [`Error::code`] (the stable registry code), [`Error::number`] (its
/// number) and [`Error::message`] (the same text as `Display`); the variant
/// and its leaf say exactly what was wrong.
///
/// ```
/// use uniqr::Error;
/// use uniqr::error::PrefixError;
///
/// let err = uniqr::decode("HC1:6BFOXN").unwrap_err();
/// assert_eq!(err, Error::Prefix(PrefixError::Missing));
/// assert_eq!(err.code(), "PREFIX_INVALID");
/// assert_eq!(err.number(), 2);
/// assert_eq!(err.message(), "prefix: text does not start with \"UQ1:\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A normative size, depth or count limit was exceeded (R-LIM-*).
    TooLarge(Limit),
    /// The text does not start with `UQ1:` (R-PFX-*).
    Prefix(PrefixError),
    /// The Base45 layer is not strict RFC 9285 (R-B45-*).
    Base45(Base45Error),
    /// The ZLIB layer is not one exact RFC 1950 stream (R-ZLIB-*).
    Zlib(ZlibError),
    /// The CBOR is malformed, outside the profile, or not canonical (R-CBOR-*).
    Cbor(CborError),
    /// The COSE_Sign1 structure or its headers are wrong (R-COSE-*).
    Cose(CoseError),
    /// The signing key is unknown, mismatched or not allowed (R-TRUST-*).
    Trust(TrustError),
    /// The signature does not verify (R-SIG-*).
    Signature(SignatureError),
    /// The CWT claims are wrong (R-CWT-*).
    Claims(ClaimsError),
    /// The payload breaks a schema rule (R-PAY-*).
    Payload(PayloadError),
    /// The code is not valid at the verification time (R-TIME-*).
    Time(TimeError),
    /// The certificate id is on the revocation list (R-REV-*).
    Revoked,
    /// The QR symbol layer failed (R-QR-*).
    Qr(QrError),
    /// A trust list, revocation list or key file could not be loaded.
    Load(LoadError),
}

impl Error {
    /// The stable registry code, e.g. `"EXPIRED"` (see the type's example).
    pub fn code(&self) -> &'static str {
        match self {
            Error::TooLarge(_) => "TOO_LARGE",
            Error::Prefix(PrefixError::VersionUnsupported) => "VERSION_UNSUPPORTED",
            Error::Prefix(_) => "PREFIX_INVALID",
            Error::Base45(_) => "BASE45_INVALID",
            Error::Zlib(_) => "DECOMPRESS_INVALID",
            Error::Cbor(CborError::Noncanonical(_)) => "CBOR_NONCANONICAL",
            Error::Cbor(_) => "CBOR_INVALID",
            Error::Cose(CoseError::AlgUnsupported) => "ALG_UNSUPPORTED",
            Error::Cose(
                CoseError::KidMissing | CoseError::KidLength | CoseError::KidUnprotected,
            ) => "KID_INVALID",
            Error::Cose(_) => "COSE_INVALID",
            Error::Trust(TrustError::KeyUnknown) => "KEY_UNKNOWN",
            Error::Trust(TrustError::AlgKeyMismatch) => "ALG_KEY_MISMATCH",
            Error::Trust(TrustError::IssuerMismatch) => "ISSUER_MISMATCH",
            Error::Trust(TrustError::KeyNotValid) => "KEY_NOT_VALID",
            Error::Trust(TrustError::UsageDenied) => "KEY_USAGE_DENIED",
            Error::Signature(_) => "SIGNATURE_INVALID",
            Error::Claims(_) => "CLAIMS_INVALID",
            Error::Payload(_) => "PAYLOAD_INVALID",
            Error::Time(TimeError::NotYetValid) => "NOT_YET_VALID",
            Error::Time(TimeError::Expired) => "EXPIRED",
            Error::Revoked => "REVOKED",
            Error::Qr(QrError::ModeInvalid) => "QR_MODE_INVALID",
            Error::Qr(_) => "QR_UNREADABLE",
            Error::Load(LoadError::TrustList(_)) => "TRUST_LIST_INVALID",
            Error::Load(LoadError::Revocations(_)) => "REVOCATION_LIST_INVALID",
            Error::Load(LoadError::KeyFile(_)) => "KEY_FILE_INVALID",
        }
    }

    /// The numeric id of [`Error::code`] in the registry (never reused), e.g.
    /// `20` for `EXPIRED`; never 0, which numeric interfaces use for success.
    pub fn number(&self) -> u16 {
        number_of(self.code()).unwrap_or(0)
    }

    /// A one-line human explanation of the exact defect, for logs and
    /// diagnostics; it may change between releases, unlike the code.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

/// The numeric id of a registry code, if it is one.
///
/// ```
/// assert_eq!(uniqr::error::number_of("EXPIRED"), Some(20));
/// assert_eq!(uniqr::error::number_of("expired"), None);
/// ```
///
/// # Errors
/// `None` if `code` is not in [`REGISTRY`] (codes are case-sensitive).
pub fn number_of(code: &str) -> Option<u16> {
    REGISTRY.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TooLarge(l) => write!(f, "limit exceeded: {l}"),
            Error::Prefix(e) => write!(f, "prefix: {e}"),
            Error::Base45(e) => write!(f, "base45: {e}"),
            Error::Zlib(e) => write!(f, "zlib: {e}"),
            Error::Cbor(e) => write!(f, "cbor: {e}"),
            Error::Cose(e) => write!(f, "cose: {e}"),
            Error::Trust(e) => write!(f, "trust: {e}"),
            Error::Signature(e) => write!(f, "signature: {e}"),
            Error::Claims(e) => write!(f, "claims: {e}"),
            Error::Payload(e) => write!(f, "payload: {e}"),
            Error::Time(e) => write!(f, "time: {e}"),
            Error::Revoked => f.write_str("revoked: the certificate id is on the revocation list"),
            Error::Qr(e) => write!(f, "qr: {e}"),
            Error::Load(e) => write!(f, "{e}"),
        }
    }
}

/// Declares a `Copy` leaf enum whose `Display` is a fixed message per variant.
macro_rules! leaf {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident => $msg:literal,)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name { $($(#[$vm])* $var,)* }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self { $($name::$var => $msg,)* })
            }
        }
    };
}

leaf! {
    /// Which normative limit was exceeded.
    Limit {
        /// R-LIM-1: the QR text is longer than [`crate::limits::MAX_TEXT_LEN`].
        Text => "text longer than 2420 bytes",
        /// R-LIM-2: inflating would exceed [`crate::limits::MAX_INFLATED`].
        Inflated => "inflated data larger than 16384 bytes",
        /// R-LIM-3: CBOR nesting deeper than [`crate::limits::MAX_DEPTH`].
        Depth => "CBOR nesting deeper than 8",
        /// R-LIM-4: a CBOR text string longer than [`crate::limits::MAX_TEXT_STRING`].
        TextString => "CBOR text string longer than 512 bytes",
        /// R-LIM-5: an array or map with more than [`crate::limits::MAX_ITEMS`] items.
        Items => "CBOR array or map with more than 32 items",
        /// R-LIM-6: an image with more pixels than [`crate::limits::MAX_IMAGE_PIXELS`].
        ImagePixels => "image larger than the pixel limit",
    }
}

leaf! {
    /// Why the prefix is wrong.
    PrefixError {
        /// R-PFX-1: the text does not start with `UQ1:`.
        Missing => "text does not start with \"UQ1:\"",
        /// R-PFX-2: a `UQ<x>:` prefix of another version.
        VersionUnsupported => "prefix names an unsupported UNIQR version",
    }
}

leaf! {
    /// Why the Base45 layer is wrong.
    Base45Error {
        /// R-B45-1: a character outside the 45-character alphabet.
        InvalidCharacter => "character outside the Base45 alphabet",
        /// R-B45-2: a lone trailing character.
        Dangling => "lone trailing character",
        /// R-B45-3: a group whose value overflows.
        Overflow => "group value overflows",
        /// R-B45-4: nothing after the prefix.
        Empty => "no data after the prefix",
    }
}

leaf! {
    /// Why the ZLIB layer is wrong.
    ZlibError {
        /// R-ZLIB-1: the two header bytes are not a valid RFC 1950 header.
        Header => "not an RFC 1950 zlib header",
        /// R-ZLIB-1: the deflate data is broken or truncated.
        Stream => "broken or truncated deflate stream",
        /// R-ZLIB-2: the Adler-32 checksum does not match.
        Checksum => "Adler-32 checksum mismatch",
        /// R-ZLIB-3: bytes follow the end of the zlib stream.
        TrailingBytes => "bytes after the end of the zlib stream",
        /// R-ZLIB-1: a preset dictionary is requested.
        Dictionary => "preset dictionary not allowed",
    }
}

/// Why CBOR is rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CborError {
    /// R-CBOR-1: not well-formed CBOR.
    Malformed(Malformed),
    /// R-CBOR-2: well-formed but outside the UNIQR CBOR profile.
    Profile(Profile),
    /// R-CBOR-3: well-formed but not in deterministic encoding.
    Noncanonical(Noncanonical),
}

impl fmt::Display for CborError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CborError::Malformed(e) => write!(f, "malformed: {e}"),
            CborError::Profile(e) => write!(f, "not allowed: {e}"),
            CborError::Noncanonical(e) => write!(f, "not canonical: {e}"),
        }
    }
}

leaf! {
    /// Ways CBOR can be malformed (RFC 8949 §3).
    Malformed {
        /// The input ends inside an item.
        Truncated => "input ends inside an item",
        /// Bytes follow the single top-level item.
        TrailingBytes => "bytes after the top-level item",
        /// Additional information 28–30 is reserved.
        ReservedInfo => "reserved additional information",
        /// A break code where no indefinite item is open.
        UnexpectedBreak => "unexpected break",
        /// A text string is not valid UTF-8.
        Utf8 => "text is not valid UTF-8",
        /// An indefinite-length string has a chunk of the wrong type.
        BadChunk => "bad chunk in indefinite-length string",
    }
}

leaf! {
    /// Well-formed CBOR that the UNIQR profile forbids (R-CBOR-2).
    Profile {
        /// Floating-point numbers are forbidden.
        Float => "floating-point value",
        /// `false`, `true`, `null`, `undefined` and other simple values are forbidden.
        Simple => "simple value (false, true, null, undefined or other)",
        /// Tags are allowed only in front of the COSE message.
        Tag => "tag inside the message",
        /// Integers outside the signed 64-bit range are forbidden.
        IntRange => "integer outside the 64-bit signed range",
        /// Map keys must be integers or text strings.
        KeyType => "map key that is neither an integer nor a text string",
    }
}

leaf! {
    /// Ways well-formed CBOR breaks deterministic encoding (RFC 8949 §4.2.1).
    Noncanonical {
        /// An argument not in its shortest form.
        NonPreferredInt => "argument not in shortest form",
        /// An indefinite-length item.
        IndefiniteLength => "indefinite-length item",
        /// Map keys not sorted by their encoded bytes.
        UnsortedKeys => "map keys not sorted by encoded bytes",
        /// The same key twice in one map.
        DuplicateKey => "duplicate map key",
        /// Text not in Unicode Normalization Form C.
        NotNfc => "text not in Unicode NFC",
    }
}

leaf! {
    /// Why the COSE_Sign1 structure is rejected.
    CoseError {
        /// R-COSE-1: no leading tag 18.
        Untagged => "not tagged as COSE_Sign1 (tag 18)",
        /// R-COSE-1: a tag other than exactly one tag 18.
        WrongTag => "tag other than a single tag 18",
        /// R-COSE-2: not an array of four elements.
        Shape => "not an array of exactly 4 elements",
        /// R-COSE-2: an element has the wrong type.
        ElementType => "element of the wrong type",
        /// R-COSE-3: the protected header is not a map.
        ProtectedNotMap => "protected header is not a map",
        /// R-COSE-3: a header label other than alg and kid.
        ExtraHeader => "header label other than 1 (alg) and 4 (kid)",
        /// R-COSE-4: alg is missing or not -7 / -8.
        AlgUnsupported => "alg missing or not ES256 (-7) / EdDSA (-8)",
        /// R-COSE-5: kid missing from the protected header or not a bstr.
        KidMissing => "kid missing from the protected header or not a byte string",
        /// R-COSE-5: kid is not exactly 8 bytes.
        KidLength => "kid is not exactly 8 bytes",
        /// R-COSE-6: kid in the unprotected header.
        KidUnprotected => "kid in the unprotected header",
    }
}

leaf! {
    /// Why the signing key cannot be used.
    TrustError {
        /// R-TRUST-1: kid not in the trust list.
        KeyUnknown => "kid not in the trust list",
        /// R-TRUST-2: the trusted key's type does not match alg.
        AlgKeyMismatch => "trusted key type does not match alg",
        /// R-TRUST-3: iss differs from the key's issuer.
        IssuerMismatch => "iss differs from the signing key's issuer",
        /// R-TRUST-4: iat outside the key's validity window.
        KeyNotValid => "iat outside the signing key's validity window",
        /// R-TRUST-5: the key may not sign an entry kind present.
        UsageDenied => "signing key may not sign an entry kind present",
    }
}

leaf! {
    /// Why the signature is rejected.
    SignatureError {
        /// R-SIG-1: not 64 bytes (for example DER-encoded).
        Length => "signature is not 64 raw bytes",
        /// R-SIG-2: the signature does not verify.
        Mismatch => "signature does not verify",
    }
}

leaf! {
    /// Why the CWT claims are rejected.
    ClaimsError {
        /// R-CWT-1: the claims are not a map.
        NotMap => "claims are not a map",
        /// R-CWT-1: a required claim is missing.
        Missing => "required claim missing",
        /// R-CWT-1: a claim other than 1, 4, 6, 7, -65537.
        Extra => "claim other than 1, 4, 6, 7 and -65537",
        /// R-CWT-2: a claim has the wrong type or format.
        Type => "claim of the wrong type or format",
        /// R-CWT-3: exp is not after iat.
        ExpNotAfterIat => "exp is not after iat",
    }
}

leaf! {
    /// Which payload rule is broken (R-PAY-*).
    PayloadError {
        /// The payload or a nested object is not a map.
        NotMap => "payload or entry is not a map",
        /// A required field is missing.
        MissingField => "required field missing",
        /// A field not in the schema.
        UnknownField => "field not in the schema",
        /// A field has the wrong type.
        Type => "field of the wrong type",
        /// `ver` is not "1.0.0".
        Version => "ver is not \"1.0.0\"",
        /// `pid` does not match its pattern.
        Pid => "pid does not match [0-9A-Za-z._-]{1,64}",
        /// A native-script name is empty, too long or has control characters.
        Name => "name empty, longer than 80 characters or with control characters",
        /// A transliterated name does not follow ICAO 9303.
        Transliteration => "transliterated name is not ICAO 9303 [A-Z<]",
        /// A date is not a real calendar date in the required form.
        Date => "date not in the required form or not a real date",
        /// A date-time is not `YYYY-MM-DDThh:mm:ssZ`.
        DateTime => "date-time not YYYY-MM-DDThh:mm:ssZ",
        /// An entry array is empty.
        EmptyEntries => "entry array is empty",
        /// An entry array has more than 8 entries.
        TooManyEntries => "entry array has more than 8 entries",
        /// A code is not in its value set or pattern.
        Code => "code not in its value set or pattern",
        /// A country is not ISO 3166-1 alpha-2.
        Country => "country is not an ISO 3166-1 alpha-2 code",
        /// A dose number is outside 1..=9.
        Dose => "dose number outside 1..9",
        /// An issuer or certificate-id text is empty or too long.
        Text => "text field empty or longer than 80 characters",
        /// A recovery validity range is reversed.
        Range => "df is after du",
    }
}

leaf! {
    /// Why the code is not valid at `now`.
    TimeError {
        /// R-TIME-1: now < iat.
        NotYetValid => "now is before iat",
        /// R-TIME-2: now >= exp.
        Expired => "now is at or after exp",
    }
}

leaf! {
    /// Why the QR layer failed.
    QrError {
        /// The image file could not be decoded as an image.
        ImageCorrupt => "image file is corrupt, truncated or not an image",
        /// No QR symbol was found or it could not be decoded.
        NoSymbol => "no QR symbol found or it cannot be decoded",
        /// The symbol is not one alphanumeric segment.
        ModeInvalid => "symbol is not a single alphanumeric-mode segment",
        /// Rendering refused: the text does not fit a QR symbol at level Q.
        /// Its code is `QR_UNREADABLE`, which otherwise means a failed scan,
        /// so the message says plainly that this is a render refusal.
        TextNotEncodable => "render refused: text is not all QR alphanumeric characters or is too long for version 40 at level Q",
    }
}

/// Why a trust list, revocation list or key file could not be loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LoadError {
    /// A trust list is invalid.
    TrustList(FileError),
    /// A revocation list is invalid.
    Revocations(FileError),
    /// A private key file is invalid.
    KeyFile(FileError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::TrustList(e) => write!(f, "trust list: {e}"),
            LoadError::Revocations(e) => write!(f, "revocation list: {e}"),
            LoadError::KeyFile(e) => write!(f, "key file: {e}"),
        }
    }
}

leaf! {
    /// What is wrong with a JSON input file.
    FileError {
        /// Not JSON of the documented shape.
        Json => "not JSON of the documented shape (see spec/schema)",
        /// Unsupported format version.
        Version => "unsupported format version",
        /// Two entries with the same kid or hash.
        Duplicate => "duplicate entry",
        /// A kid that does not match the key's SubjectPublicKeyInfo.
        KidMismatch => "kid does not match SHA-256 of the key's SubjectPublicKeyInfo",
        /// An unusable key (bad point, wrong length, unknown type).
        Key => "unusable key material",
        /// `alg` does not match the key type.
        Alg => "alg does not match the key type",
        /// A malformed field (hex, time, issuer, usage).
        Field => "malformed field (hex, time, issuer or usage)",
        /// A validity window that ends before it starts.
        Window => "validity window ends before it starts",
        /// Private key material where only public keys belong.
        PrivateKey => "private key material (jwk member d) in a trust list",
    }
}

impl From<CborError> for Error {
    fn from(e: CborError) -> Self {
        Error::Cbor(e)
    }
}
impl From<Malformed> for Error {
    fn from(e: Malformed) -> Self {
        Error::Cbor(CborError::Malformed(e))
    }
}
impl From<Profile> for Error {
    fn from(e: Profile) -> Self {
        Error::Cbor(CborError::Profile(e))
    }
}
impl From<Noncanonical> for Error {
    fn from(e: Noncanonical) -> Self {
        Error::Cbor(CborError::Noncanonical(e))
    }
}
impl From<CoseError> for Error {
    fn from(e: CoseError) -> Self {
        Error::Cose(e)
    }
}
impl From<ClaimsError> for Error {
    fn from(e: ClaimsError) -> Self {
        Error::Claims(e)
    }
}
impl From<PayloadError> for Error {
    fn from(e: PayloadError) -> Self {
        Error::Payload(e)
    }
}
impl From<TrustError> for Error {
    fn from(e: TrustError) -> Self {
        Error::Trust(e)
    }
}
impl From<Limit> for Error {
    fn from(e: Limit) -> Self {
        Error::TooLarge(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_codes_and_numbers_are_unique() {
        let mut codes: Vec<_> = REGISTRY.iter().map(|(c, _)| *c).collect();
        let mut nums: Vec<_> = REGISTRY.iter().map(|(_, n)| *n).collect();
        codes.sort_unstable();
        codes.dedup();
        nums.sort_unstable();
        nums.dedup();
        assert_eq!(codes.len(), REGISTRY.len());
        assert_eq!(nums.len(), REGISTRY.len());
        assert!(!nums.contains(&0), "0 is reserved for success in the C ABI");
    }

    #[test]
    fn text_not_encodable_reads_as_a_render_refusal() {
        let e = Error::Qr(QrError::TextNotEncodable);
        assert_eq!(e.code(), "QR_UNREADABLE", "codes are never renamed");
        assert!(e.message().starts_with("qr: render refused:"), "{e}");
        assert!(!e.message().contains("scan"), "{e}");
    }

    #[test]
    fn every_error_code_is_in_the_registry() {
        let samples = [
            Error::Revoked,
            Error::TooLarge(Limit::Text),
            Error::Qr(QrError::ModeInvalid),
            Error::Load(LoadError::KeyFile(FileError::Json)),
            Error::Cose(CoseError::KidLength),
        ];
        for e in samples {
            assert_ne!(e.number(), 0, "{} missing from REGISTRY", e.code());
        }
    }
}
