//! Strict Base45 (RFC 9285) layer (R-B45-*).
//!
//! Both directions are written here. Decoding because the spec must control
//! it exactly: the `base45` crate truncates an overflowing final 2-character
//! group instead of rejecting it, which would let two texts decode to the
//! same bytes (R-B45-3). Encoding because it is a dozen lines next to the
//! decoder's alphabet, and a crate for it would be one more dependency of
//! every app that embeds the codec; the tests check it against RFC 9285's
//! examples and by round trip.

use crate::error::{Base45Error, Error};

const INVALID: u8 = 0xff;

/// The 45 characters, by value (RFC 9285 §4).
const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Maps an ASCII byte to its Base45 value, or [`INVALID`].
const TABLE: [u8; 256] = {
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Encodes bytes as Base45 (RFC 9285): each 2 bytes as 3 characters, least
/// significant first, and a final odd byte as 2.
///
/// ```
/// assert_eq!(uniqr::base45::encode(b"AB"), "BB8");
/// assert_eq!(uniqr::base45::encode(&[0xff]), "U5");
/// ```
pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(2) * 3);
    for pair in data.chunks(2) {
        let mut v = pair.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
        // 2 bytes give 3 characters, 1 byte gives 2.
        for _ in 0..=pair.len() {
            out.push(char::from(ALPHABET[(v % 45) as usize]));
            v /= 45;
        }
    }
    out
}

/// Decodes strict Base45: exactly one text for every byte string.
///
/// ```
/// use uniqr::base45::decode;
///
/// assert_eq!(decode("BB8")?, b"AB");
/// assert_eq!(decode("V5").unwrap_err().code(), "BASE45_INVALID"); // 256 > 255
/// assert_eq!(decode("bb8").unwrap_err().code(), "BASE45_INVALID"); // lower case
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// `BASE45_INVALID` for an empty body (R-B45-4), a character outside the
/// alphabet (R-B45-1), a lone trailing character (R-B45-2), or a group whose
/// value exceeds 65535 (3 characters) or 255 (2 characters) (R-B45-3).
/// Characters are checked first, then the length, then the groups in order.
pub fn decode(text: &str) -> Result<Vec<u8>, Error> {
    let input = text.as_bytes();
    if input.is_empty() {
        return Err(Error::Base45(Base45Error::Empty));
    }
    if input.iter().any(|&b| TABLE[b as usize] == INVALID) {
        return Err(Error::Base45(Base45Error::InvalidCharacter));
    }
    if input.len() % 3 == 1 {
        return Err(Error::Base45(Base45Error::Dangling));
    }
    let mut out = Vec::with_capacity(input.len() / 3 * 2 + 1);
    for group in input.chunks(3) {
        let v = group
            .iter()
            .rev()
            .fold(0u32, |acc, &b| acc * 45 + u32::from(TABLE[b as usize]));
        match group.len() {
            3 if v <= 0xffff => out.extend_from_slice(&(v as u16).to_be_bytes()),
            2 if v <= 0xff => out.push(v as u8),
            _ => return Err(Error::Base45(Base45Error::Overflow)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC9285: [(&str, &[u8]); 4] = [
        ("BB8", b"AB"),
        ("%69 VD92EX0", b"Hello!!"),
        ("UJCLQE7W581", b"base-45"),
        ("QED8WEX0", b"ietf!"),
    ];

    #[test]
    fn encodes_and_decodes_rfc9285_examples() {
        for (text, bytes) in RFC9285 {
            assert_eq!(encode(bytes), text);
            assert_eq!(decode(text).unwrap(), bytes);
        }
    }

    #[test]
    fn round_trips_all_byte_values_and_agrees_with_the_crate() {
        let data: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for n in 0..data.len() {
            let enc = encode(&data[..n]);
            assert_eq!(enc, base45::encode(&data[..n]), "{n} bytes");
            if n > 0 {
                assert_eq!(decode(&enc).unwrap(), &data[..n]);
                assert_eq!(base45::decode(&enc).unwrap(), &data[..n]);
            }
        }
    }

    #[test]
    fn rejects_characters_outside_the_alphabet() {
        for t in ["bb8", "BB8\n", "BB_", "BB8é"] {
            assert_eq!(
                decode(t),
                Err(Error::Base45(Base45Error::InvalidCharacter)),
                "{t}"
            );
        }
    }

    #[test]
    fn rejects_dangling_character() {
        assert_eq!(decode("BB8A"), Err(Error::Base45(Base45Error::Dangling)));
    }

    #[test]
    fn rejects_overflowing_groups() {
        // ":::" = 44 + 44*45 + 44*2025 = 91124 > 65535; "::" = 2024 > 255.
        assert_eq!(decode(":::"), Err(Error::Base45(Base45Error::Overflow)));
        assert_eq!(decode("BB8::"), Err(Error::Base45(Base45Error::Overflow)));
        // "GGW" = 16 + 16*45 + 32*2025 = 65536: one past the maximum.
        assert_eq!(decode("GGW"), Err(Error::Base45(Base45Error::Overflow)));
        assert_eq!(decode("FGW").unwrap(), vec![0xff, 0xff]);
        assert_eq!(decode("U5").unwrap(), vec![0xff]);
        assert_eq!(decode("V5"), Err(Error::Base45(Base45Error::Overflow)));
    }

    #[test]
    fn rejects_empty_body() {
        assert_eq!(decode(""), Err(Error::Base45(Base45Error::Empty)));
    }
}
