//! Strict JSON helpers (R-JSON-3).

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, MapAccess, Visitor};
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

/// A `T` read from a JSON object only (R-JSON-3). serde's derived structs
/// also accept a JSON array, read by position (`["uniqr-trust-list", 1, []]`
/// would load as a trust list); this asks the parser for a map instead,
/// without a second, generic parse.
pub(crate) struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Map<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Map<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(Map(PhantomData)).map(Object)
    }
}

/// For a member that must be an object (see [`Object`]).
///
/// # Errors
/// The deserializer's error for a value that is not an object holding a `T`.
pub(crate) fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Object::deserialize(d).map(|o: Object<T>| o.0)
}

/// For an array whose elements must be objects (see [`Object`]).
///
/// # Errors
/// The deserializer's error for a value that is not an array of objects.
pub(crate) fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Vec::<Object<T>>::deserialize(d).map(|v| v.into_iter().map(|o| o.0).collect())
}

/// [`present`] and [`objects`] together: an optional array of objects.
///
/// # Errors
/// As [`objects`], and for `null`.
pub(crate) fn present_objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    objects(d).map(Some)
}

/// Parses a file of one of the JSON formats: an object (see [`Object`]).
pub(crate) fn from_str_object<T: DeserializeOwned>(json: &str) -> Option<T> {
    serde_json::from_str::<Object<T>>(json).ok().map(|o| o.0)
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

    #[test]
    fn rejects_arrays_where_objects_belong() {
        let file = crate::demo::signer(crate::Alg::EdDsa).to_json();
        assert!(crate::Signer::from_json(&file).is_ok());
        let v: serde_json::Value = serde_json::from_str(&file).unwrap();
        let as_array = |o: &serde_json::Value| {
            serde_json::Value::Array(o.as_object().unwrap().values().cloned().collect())
        };
        for edit in ["", "/key", "/key/jwk"] {
            let mut w = v.clone();
            let target = w.pointer_mut(edit).unwrap();
            *target = as_array(target);
            let e = crate::Signer::from_json(&w.to_string()).unwrap_err();
            assert_eq!(e.code(), "KEY_FILE_INVALID", "{edit}");
        }
        let mut p: serde_json::Value = serde_json::to_value(crate::demo::sample_payload()).unwrap();
        assert!(crate::Payload::from_json(&p.to_string()).is_ok());
        p["nam"] = as_array(&p["nam"]);
        assert!(crate::Payload::from_json(&p.to_string()).is_err());
    }
}
