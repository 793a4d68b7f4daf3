//! The CBOR layer: the UNIQR profile of RFC 8949 deterministic encoding
//! (R-CBOR-*).
//!
//! Written here rather than taken from `ciborium`/`coset`: the spec must
//! control exactly which inputs are rejected and with which code, and general
//! CBOR crates accept non-canonical input by design. [`decode`] works in two
//! passes: a validation pass checks the whole item without recursion and
//! ranks the defects (R-CBOR-5), then a second pass builds a borrowed
//! [`Value`] from input already known to be canonical. [`encode`] writes the
//! one deterministic form.

mod read;
mod write;

pub use read::{decode, decode_message};
pub use write::encode;
pub use write::head as write_head;

/// A decoded CBOR item of the UNIQR profile, borrowing from the input.
///
/// There are no floats, simple values or (inner) tags in the profile
/// (R-CBOR-2), so there are no variants for them.
///
/// ```
/// use uniqr::cbor::{self, Value};
///
/// // {7: h'0102', 1: "VN"} encodes canonically, keys sorted: {1: "VN", 7: h'0102'}.
/// let map = Value::Map(vec![
///     (Value::Int(7), Value::Bytes(&[1, 2])),
///     (Value::Int(1), Value::Text("VN")),
/// ]);
/// let bytes = cbor::encode(&map);
/// assert_eq!(bytes, [0xa2, 0x01, 0x62, b'V', b'N', 0x07, 0x42, 1, 2]);
///
/// let back = cbor::decode(&bytes)?;
/// assert_eq!(back.int_key(1), Some(&Value::Text("VN")));
/// assert_eq!(back.int_key(4), None);
/// assert_eq!(back.as_map().map(<[_]>::len), Some(2));
/// assert_eq!(Value::Int(1).as_map(), None);
/// # Ok::<(), uniqr::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// Major types 0 and 1, limited to the signed 64-bit range.
    Int(i64),
    /// Major type 2.
    Bytes(&'a [u8]),
    /// Major type 3, valid UTF-8 in NFC.
    Text(&'a str),
    /// Major type 4.
    Array(Vec<Value<'a>>),
    /// Major type 5, in encoded-key order.
    Map(Vec<(Value<'a>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// Looks up an integer key in a map; `None` if the key is absent or
    /// `self` is not a map (see the type's example).
    pub fn int_key(&self, key: i64) -> Option<&Value<'a>> {
        match self {
            Value::Map(m) => m
                .iter()
                .find(|(k, _)| *k == Value::Int(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The entries if this is a map, else `None` (see the type's example).
    pub fn as_map(&self) -> Option<&[(Value<'a>, Value<'a>)]> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
}
