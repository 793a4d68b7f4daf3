//! Strict JSON helpers (R-JSON-3).

use serde::{Deserialize, Deserializer};

/// For optional members: present means a value, never `null`. An absent
/// member stays `None` through `#[serde(default)]`; `null` is an error
/// instead of a second way to say "absent".
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Names {
///     #[serde(default, deserialize_with = "uniqr::json::present")]
///     gn: Option<String>,
/// }
/// let absent: Names = serde_json::from_str("{}").unwrap();
/// assert_eq!(absent.gn, None);
/// let given: Names = serde_json::from_str(r#"{"gn": "An"}"#).unwrap();
/// assert_eq!(given.gn.as_deref(), Some("An"));
/// assert!(serde_json::from_str::<Names>(r#"{"gn": null}"#).is_err());
/// ```
///
/// # Errors
/// The deserializer's error for `null` or a value that is not a `T`.
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

#[cfg(all(test, feature = "encode"))]
mod tests {
    #[test]
    fn rejects_null_for_optional_members() {
        let mut p: serde_json::Value =
            serde_json::from_str(include_str!("../examples/payloads/identity-only.json")).unwrap();
        assert!(crate::Payload::from_json(&p.to_string()).is_ok());
        p["nam"]["gn"] = serde_json::Value::Null;
        assert_eq!(
            crate::Payload::from_json(&p.to_string())
                .unwrap_err()
                .code(),
            "PAYLOAD_INVALID"
        );
        let mut jwk = serde_json::to_value(
            crate::demo::signer(crate::Alg::EdDsa)
                .trusted()
                .key
                .to_jwk(),
        )
        .unwrap();
        jwk["y"] = serde_json::Value::Null;
        assert!(serde_json::from_value::<crate::key::Jwk>(jwk).is_err());
    }
}
