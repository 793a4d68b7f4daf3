//! Canonical CBOR encoder (R-ENC-1): shortest heads, definite lengths, map
//! keys sorted by their encoded bytes.

use super::Value;

/// Encodes a value in deterministic encoding: shortest heads, definite
/// lengths, map keys sorted by their encoded bytes (R-CBOR-3, R-CBOR-4).
/// Texts are written as given; NFC is the caller's concern (R-ENC-1).
///
/// ```
/// use uniqr::cbor::{Value, encode};
///
/// assert_eq!(encode(&Value::Int(-65537)), [0x3a, 0, 1, 0, 0]);
/// let map = Value::Map(vec![(Value::Text("a"), Value::Int(0)), (Value::Int(4), Value::Int(0))]);
/// assert_eq!(encode(&map), [0xa2, 0x04, 0x00, 0x61, b'a', 0x00]); // 4 before "a"
/// ```
pub fn encode(v: &Value<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    write(v, &mut out);
    out
}

fn write(v: &Value<'_>, out: &mut Vec<u8>) {
    match v {
        Value::Int(i) if *i >= 0 => head(0, i.unsigned_abs(), out),
        Value::Int(i) => head(1, (-1 - *i) as u64, out),
        Value::Bytes(b) => {
            head(2, b.len() as u64, out);
            out.extend_from_slice(b);
        }
        Value::Text(t) => {
            head(3, t.len() as u64, out);
            out.extend_from_slice(t.as_bytes());
        }
        Value::Array(items) => {
            head(4, items.len() as u64, out);
            for i in items {
                write(i, out);
            }
        }
        Value::Map(entries) => {
            head(5, entries.len() as u64, out);
            let mut encoded: Vec<(Vec<u8>, &Value<'_>)> =
                entries.iter().map(|(k, v)| (encode(k), v)).collect();
            encoded.sort_by(|a, b| a.0.cmp(&b.0));
            for (k, v) in encoded {
                out.extend_from_slice(&k);
                write(v, out);
            }
        }
    }
}

/// Writes the head of an item (major type and argument) in its shortest
/// form (preferred serialization), for tools that assemble items by hand,
/// such as the test-vector generator.
///
/// ```
/// let mut out = Vec::new();
/// uniqr::cbor::write_head(4, 2, &mut out); // an array of two items follows
/// assert_eq!(out, [0x82]);
/// ```
pub fn head(major: u8, arg: u64, out: &mut Vec<u8>) {
    let m = major << 5;
    match arg {
        0..=23 => out.push(m | arg as u8),
        24..=0xff => out.extend_from_slice(&[m | 24, arg as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend_from_slice(&(arg as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(m | 26);
            out.extend_from_slice(&(arg as u32).to_be_bytes());
        }
        _ => {
            out.push(m | 27);
            out.extend_from_slice(&arg.to_be_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_shortest_heads() {
        assert_eq!(encode(&Value::Int(23)), [0x17]);
        assert_eq!(encode(&Value::Int(24)), [0x18, 24]);
        assert_eq!(encode(&Value::Int(256)), [0x19, 1, 0]);
        assert_eq!(encode(&Value::Int(-1)), [0x20]);
        assert_eq!(encode(&Value::Int(-65537)), [0x3a, 0, 1, 0, 0]);
        assert_eq!(encode(&Value::Int(i64::MIN))[0], 0x3b);
    }

    #[test]
    fn sorts_map_keys_by_encoded_bytes() {
        let m = Value::Map(vec![
            (Value::Int(-65537), Value::Int(0)),
            (Value::Text("a"), Value::Int(0)),
            (Value::Int(4), Value::Int(0)),
            (Value::Int(1), Value::Int(0)),
        ]);
        assert_eq!(
            encode(&m),
            [0xa4, 0x01, 0, 0x04, 0, 0x3a, 0, 1, 0, 0, 0, 0x61, b'a', 0]
        );
    }
}
