//! Strict JSON helpers (R-JSON-3).

use serde::{Deserialize, Deserializer};

/// For optional members: present means a value, never `null`. An absent
/// member stays `None` through `#[serde(default)]`; `null` is an error
/// instead of a second way to say "absent".
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

#[cfg(test)]
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
