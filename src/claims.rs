//! The CWT claims layer (RFC 8392) with the UNIQR claim set (R-CWT-*).

use serde::{Deserialize, Serialize};

use crate::cbor::Value;
use crate::error::{ClaimsError, Error};

/// Claim key `iss`.
pub const ISS: i64 = 1;
/// Claim key `exp`.
pub const EXP: i64 = 4;
/// Claim key `iat`.
pub const IAT: i64 = 6;
/// Claim key `cti`.
pub const CTI: i64 = 7;
/// The private claim holding the payload map.
pub const PAYLOAD: i64 = -65537;

/// Latest allowed time, exclusive: 10000-01-01T00:00:00Z (R-CWT-2).
pub const MAX_TIME: i64 = 253_402_300_800;

/// The CWT claims of a code, without the payload.
///
/// Its JSON form (serde) is the one the CLI and the bindings print, with
/// `cti` as lowercase hex.
///
/// ```
/// use uniqr::Claims;
///
/// let claims = Claims {
///     iss: "VN-HN".into(),
///     iat: 1_767_225_600,
///     exp: 1_798_761_600,
///     cti: [0xab; 16],
/// };
/// claims.validate()?;
/// let json = serde_json::to_string(&claims).unwrap();
/// assert!(json.contains(r#""cti":"abababababababababababababababab""#));
/// assert_eq!(serde_json::from_str::<Claims>(&json).unwrap(), claims);
/// # Ok::<(), uniqr::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    /// Issuing authority, ISO 3166-1 alpha-2 or ISO 3166-2 (`VN`, `VN-HN`).
    pub iss: String,
    /// Issued at, seconds since the Unix epoch.
    pub iat: i64,
    /// Expires at, seconds since the Unix epoch; after `iat`.
    pub exp: i64,
    /// Certificate id, 16 bytes, serialized as lowercase hex.
    #[serde(
        serialize_with = "crate::hex::serialize",
        deserialize_with = "crate::hex::deserialize_array"
    )]
    pub cti: [u8; 16],
}

impl Claims {
    /// Reads the claims map, returning the claims and the payload value.
    ///
    /// ```
    /// use uniqr::{Claims, cbor::Value};
    ///
    /// let claims = Claims { iss: "VN".into(), iat: 0, exp: 60, cti: [1; 16] };
    /// let map = claims.to_cbor(Value::Map(vec![]));
    /// let (back, payload) = Claims::from_cbor(&map)?;
    /// assert_eq!(back, claims);
    /// assert_eq!(payload, &Value::Map(vec![]));
    ///
    /// assert_eq!(Claims::from_cbor(&Value::Int(1)).unwrap_err().code(), "CLAIMS_INVALID");
    /// # Ok::<(), uniqr::Error>(())
    /// ```
    ///
    /// # Errors
    /// `CLAIMS_INVALID`: not a map, a missing or extra claim (R-CWT-1), a
    /// claim of the wrong type or format (R-CWT-2), `exp <= iat` (R-CWT-3).
    pub fn from_cbor<'v, 'a>(v: &'v Value<'a>) -> Result<(Claims, &'v Value<'a>), Error> {
        let map = v.as_map().ok_or(ClaimsError::NotMap)?;
        let mut slots: [Option<&Value<'_>>; 5] = [None; 5];
        for (k, val) in map {
            let i = match k {
                Value::Int(ISS) => 0,
                Value::Int(EXP) => 1,
                Value::Int(IAT) => 2,
                Value::Int(CTI) => 3,
                Value::Int(PAYLOAD) => 4,
                _ => return Err(ClaimsError::Extra.into()),
            };
            slots[i] = Some(val);
        }
        let [Some(iss), Some(exp), Some(iat), Some(cti), Some(payload)] = slots else {
            return Err(ClaimsError::Missing.into());
        };
        let time = |v: &Value<'_>| match v {
            Value::Int(t) if (0..MAX_TIME).contains(t) => Ok(*t),
            _ => Err(Error::from(ClaimsError::Type)),
        };
        let claims = Claims {
            iss: match iss {
                Value::Text(s) if is_issuer(s) => (*s).to_owned(),
                _ => return Err(ClaimsError::Type.into()),
            },
            exp: time(exp)?,
            iat: time(iat)?,
            cti: match cti {
                Value::Bytes(b) => <[u8; 16]>::try_from(*b).map_err(|_| ClaimsError::Type)?,
                _ => return Err(ClaimsError::Type.into()),
            },
        };
        if !matches!(payload, Value::Map(_)) {
            return Err(ClaimsError::Type.into());
        }
        if claims.exp <= claims.iat {
            return Err(ClaimsError::ExpNotAfterIat.into());
        }
        Ok((claims, payload))
    }

    /// The claims map with `payload` under [`PAYLOAD`], for the encoder.
    ///
    /// ```
    /// use uniqr::{Claims, cbor::{self, Value}};
    ///
    /// let claims = Claims { iss: "VN".into(), iat: 0, exp: 60, cti: [1; 16] };
    /// let map = claims.to_cbor(Value::Map(vec![]));
    /// assert_eq!(map.int_key(uniqr::claims::ISS), Some(&Value::Text("VN")));
    /// // The canonical key order is 1, 4, 6, 7, -65537.
    /// assert_eq!(&cbor::encode(&map)[..4], [0xa5, 0x01, 0x62, b'V']);
    /// ```
    pub fn to_cbor<'a>(&'a self, payload: Value<'a>) -> Value<'a> {
        Value::Map(vec![
            (Value::Int(ISS), Value::Text(&self.iss)),
            (Value::Int(EXP), Value::Int(self.exp)),
            (Value::Int(IAT), Value::Int(self.iat)),
            (Value::Int(CTI), Value::Bytes(&self.cti)),
            (Value::Int(PAYLOAD), payload),
        ])
    }

    /// Reads the JSON form (`iss`, `iat`, `exp`, `cti` as 32 lowercase hex
    /// digits) without checking the rules of [`Claims::validate`]; a JSON
    /// array is not an object (R-JSON-3).
    ///
    /// ```
    /// use uniqr::Claims;
    ///
    /// let json = r#"{"iss": "VN-HN", "iat": 100, "exp": 200,
    ///                "cti": "01010101010101010101010101010101"}"#;
    /// assert_eq!(Claims::from_json(json)?.iat, 100);
    /// let array = r#"["VN-HN", 100, 200, "01010101010101010101010101010101"]"#;
    /// assert_eq!(Claims::from_json(array).unwrap_err().code(), "CLAIMS_INVALID");
    /// # Ok::<(), uniqr::Error>(())
    /// ```
    ///
    /// # Errors
    /// `CLAIMS_INVALID` for JSON that does not have the claims' shape.
    pub fn from_json(json: &str) -> Result<Claims, Error> {
        crate::json::from_str_object(json).ok_or(Error::Claims(ClaimsError::Type))
    }

    /// Checks the claims an encoder is about to sign (R-ENC-1).
    ///
    /// ```
    /// use uniqr::Claims;
    ///
    /// let mut claims = Claims { iss: "VN-HN".into(), iat: 100, exp: 200, cti: [1; 16] };
    /// assert!(claims.validate().is_ok());
    /// claims.exp = 100; // exp must be after iat (R-CWT-3)
    /// assert_eq!(claims.validate().unwrap_err().code(), "CLAIMS_INVALID");
    /// ```
    ///
    /// # Errors
    /// `CLAIMS_INVALID` as in [`Claims::from_cbor`].
    pub fn validate(&self) -> Result<(), Error> {
        let payload = Value::Map(Vec::new());
        let v = self.to_cbor(payload);
        Claims::from_cbor(&v).map(|_| ())
    }
}

/// Whether `s` is an issuer code, R-CWT-2: `^[A-Z]{2}(-[A-Z0-9]{1,3})?$`
/// (ISO 3166-1 alpha-2, or ISO 3166-2).
///
/// ```
/// use uniqr::claims::is_issuer;
///
/// assert!(is_issuer("VN") && is_issuer("VN-HN") && is_issuer("KZ-ALA"));
/// assert!(!is_issuer("vn") && !is_issuer("VNM") && !is_issuer("VN-ABCD"));
/// ```
pub fn is_issuer(s: &str) -> bool {
    let b = s.as_bytes();
    let country = b.len() >= 2 && b[..2].iter().all(u8::is_ascii_uppercase);
    country
        && match &b[2..] {
            [] => true,
            [b'-', sub @ ..] => {
                (1..=3).contains(&sub.len())
                    && sub
                        .iter()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            }
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            iss: "VN-HN".into(),
            iat: 1_767_225_600,
            exp: 1_798_761_600,
            cti: [9; 16],
        }
    }

    fn code(v: &Value<'_>) -> &'static str {
        Claims::from_cbor(v)
            .map(|_| "OK")
            .unwrap_or_else(|e| e.code())
    }

    #[test]
    fn round_trips() {
        let c = claims();
        let v = c.to_cbor(Value::Map(vec![]));
        assert_eq!(Claims::from_cbor(&v).unwrap().0, c);
    }

    #[test]
    fn rejects_missing_extra_and_mistyped_claims() {
        let c = claims();
        let Value::Map(mut m) = c.to_cbor(Value::Map(vec![])) else {
            unreachable!()
        };
        let mut missing = m.clone();
        missing.remove(1);
        assert_eq!(code(&Value::Map(missing)), "CLAIMS_INVALID");
        let mut extra = m.clone();
        extra.push((Value::Int(2), Value::Text("sub")));
        assert_eq!(code(&Value::Map(extra)), "CLAIMS_INVALID");
        m[2].1 = Value::Text("2026-01-01");
        assert_eq!(code(&Value::Map(m)), "CLAIMS_INVALID");
        assert_eq!(code(&Value::Array(vec![])), "CLAIMS_INVALID");
    }

    #[test]
    fn rejects_exp_not_after_iat() {
        let mut c = claims();
        c.exp = c.iat;
        assert_eq!(
            c.validate().unwrap_err(),
            Error::Claims(ClaimsError::ExpNotAfterIat)
        );
    }

    #[test]
    fn checks_issuer_codes() {
        for s in ["VN", "VN-HN", "KZ-ALA", "RU-MOW", "VN-01"] {
            assert!(is_issuer(s), "{s}");
        }
        for s in ["vn", "V", "VNM", "VN-", "VN-ABCD", "VN_HN", ""] {
            assert!(!is_issuer(s), "{s}");
        }
    }
}
