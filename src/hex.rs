//! Lowercase hex, the one binary-to-text form in UNIQR JSON files (R-JSON-1).

/// Encodes bytes as lowercase hex.
///
/// ```
/// assert_eq!(uniqr::hex::encode(&[0x4a, 0x49, 0x0f]), "4a490f");
/// ```
pub fn encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Decodes lowercase hex.
///
/// ```
/// use uniqr::hex::decode;
///
/// assert_eq!(decode("4a490f"), Some(vec![0x4a, 0x49, 0x0f]));
/// assert_eq!(decode("4A490F"), None);
/// ```
///
/// # Errors
/// `None` for upper case, an odd length or any other character (R-JSON-1);
/// the file loaders report that as `TRUST_LIST_INVALID`,
/// `REVOCATION_LIST_INVALID` or `KEY_FILE_INVALID`.
pub fn decode(s: &str) -> Option<Vec<u8>> {
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    b.chunks(2)
        .map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

/// Decodes exactly `N` bytes of lowercase hex, such as a kid.
///
/// ```
/// use uniqr::hex::decode_array;
///
/// assert_eq!(decode_array::<2>("abcd"), Some([0xab, 0xcd]));
/// assert_eq!(decode_array::<2>("abcdef"), None);
/// ```
///
/// # Errors
/// `None` as for [`decode`], or if the length is not `N` bytes.
pub fn decode_array<const N: usize>(s: &str) -> Option<[u8; N]> {
    decode(s)?.try_into().ok()
}

/// Serde helper: bytes as lowercase hex, for
/// `#[serde(serialize_with = "uniqr::hex::serialize")]`.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Shown {
///     #[serde(serialize_with = "uniqr::hex::serialize")]
///     kid: [u8; 2],
/// }
/// let json = serde_json::to_string(&Shown { kid: [0xab, 0x01] }).unwrap();
/// assert_eq!(json, r#"{"kid":"ab01"}"#);
/// ```
///
/// # Errors
/// Only the serializer's own errors.
pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&encode(bytes))
}

/// Serde helper: exactly `N` bytes from lowercase hex, for
/// `#[serde(deserialize_with = "uniqr::hex::deserialize_array")]`.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Read {
///     #[serde(deserialize_with = "uniqr::hex::deserialize_array")]
///     kid: [u8; 2],
/// }
/// let r: Read = serde_json::from_str(r#"{"kid":"ab01"}"#).unwrap();
/// assert_eq!(r.kid, [0xab, 0x01]);
/// assert!(serde_json::from_str::<Read>(r#"{"kid":"AB01"}"#).is_err());
/// ```
///
/// # Errors
/// A custom deserializer error if the text is not `2 * N` lowercase hex
/// digits.
pub fn deserialize_array<'de, D: serde::Deserializer<'de>, const N: usize>(
    d: D,
) -> Result<[u8; N], D::Error> {
    let s = <String as serde::Deserialize>::deserialize(d)?;
    decode_array(&s)
        .ok_or_else(|| serde::de::Error::custom(format!("expected {} lowercase hex digits", 2 * N)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips_and_rejects_upper_case() {
        assert_eq!(super::encode(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(super::decode("00abff"), Some(vec![0, 0xab, 0xff]));
        assert_eq!(super::decode("00ABFF"), None);
        assert_eq!(super::decode("0"), None);
        assert_eq!(super::decode_array::<2>("abcd"), Some([0xab, 0xcd]));
        assert_eq!(super::decode_array::<2>("abcdef"), None);
    }
}
