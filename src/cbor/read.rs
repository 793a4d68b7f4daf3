//! Strict CBOR decoding: validation with ranked defects, then a tree build.

use unicode_normalization::is_nfc;

use super::Value;
use crate::error::{Error, Limit, Malformed, Noncanonical, Profile};
use crate::limits::{MAX_DEPTH, MAX_ITEMS, MAX_TEXT_STRING};

/// Decodes one canonical CBOR item that spans all of `buf`, with no tags.
///
/// ```
/// use uniqr::cbor::{Value, decode};
///
/// let item = decode(&[0x82, 0x01, 0x61, b'a'])?; // [1, "a"]
/// assert_eq!(item, Value::Array(vec![Value::Int(1), Value::Text("a")]));
/// assert_eq!(decode(&[0x18, 0x01]).unwrap_err().code(), "CBOR_NONCANONICAL"); // 1 in 2 bytes
/// assert_eq!(decode(&[0xf5]).unwrap_err().code(), "CBOR_INVALID"); // `true`
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// The highest-ranked defect of the item (R-CBOR-5): `CBOR_INVALID` for the
/// first malformation or profile violation (R-CBOR-1, R-CBOR-2, or any tag),
/// else `TOO_LARGE` for an exceeded limit (R-LIM-3 to R-LIM-5), else
/// `CBOR_NONCANONICAL` (R-CBOR-3, R-CBOR-4).
pub fn decode(buf: &[u8]) -> Result<Value<'_>, Error> {
    validate(buf, false)?;
    let mut r = Builder { buf, pos: 0 };
    r.item(0)
}

/// Decodes a COSE message: leading tags (returned in order, outermost
/// first), then one canonical item spanning the rest of `buf`.
///
/// ```
/// use uniqr::cbor::{Value, decode_message};
///
/// // 18(h''): tag 18 in front of an empty byte string.
/// assert_eq!(decode_message(&[0xd2, 0x40])?, (vec![18], Value::Bytes(&[])));
/// assert_eq!(decode_message(&[0x40])?, (vec![], Value::Bytes(&[])));
/// // A tag inside the item is outside the profile.
/// assert_eq!(decode_message(&[0x81, 0xd2, 0x40]).unwrap_err().code(), "CBOR_INVALID");
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// As [`decode`] (`CBOR_INVALID`, `TOO_LARGE`, `CBOR_NONCANONICAL`); tags are
/// allowed only in front of the top-level item (R-CBOR-2).
pub fn decode_message(buf: &[u8]) -> Result<(Vec<u64>, Value<'_>), Error> {
    validate(buf, true)?;
    let mut r = Builder { buf, pos: 0 };
    let mut tags = Vec::new();
    while let Some(&ib) = buf.get(r.pos) {
        if ib >> 5 != 6 {
            break;
        }
        tags.push(r.head()?.1);
    }
    Ok((tags, r.item(0)?))
}

/// One open container during validation.
struct Frame {
    /// Byte offset of the container's head.
    start: usize,
    /// Items still expected (map entries count twice); `None` if indefinite.
    remaining: Option<u64>,
    /// Items seen so far.
    seen: u64,
    is_map: bool,
    /// The previous key's encoded bytes, for the order check.
    prev_key: Option<(usize, usize)>,
}

/// A decoded head: major type, argument, and whether it was indefinite.
struct Head {
    major: u8,
    info: u8,
    arg: u64,
}

/// Checks a whole item without recursion (so any depth is safe) and reports
/// the highest-ranked defect (R-CBOR-5):
///
/// 1. `CBOR_INVALID`: the first malformation (R-CBOR-1) or profile violation
///    (R-CBOR-2) in byte order; checking stops there.
/// 2. `TOO_LARGE`: the first limit exceeded (R-LIM-3..5).
/// 3. `CBOR_NONCANONICAL`: the first deviation from deterministic encoding
///    (R-CBOR-3, R-CBOR-4).
///
/// # Errors
/// As listed above.
pub fn validate(buf: &[u8], allow_leading_tags: bool) -> Result<(), Error> {
    let mut v = Validator {
        buf,
        pos: 0,
        limit: None,
        noncanonical: None,
    };
    v.run(allow_leading_tags)?;
    if let Some(l) = v.limit {
        return Err(Error::TooLarge(l));
    }
    if let Some(n) = v.noncanonical {
        return Err(n.into());
    }
    Ok(())
}

struct Validator<'a> {
    buf: &'a [u8],
    pos: usize,
    limit: Option<Limit>,
    noncanonical: Option<Noncanonical>,
}

impl Validator<'_> {
    fn limit(&mut self, l: Limit) {
        self.limit.get_or_insert(l);
    }

    fn noncanonical(&mut self, n: Noncanonical) {
        self.noncanonical.get_or_insert(n);
    }

    fn take(&mut self, n: u64) -> Result<&[u8], Error> {
        let n = usize::try_from(n).map_err(|_| Malformed::Truncated)?;
        let end = self.pos.checked_add(n).ok_or(Malformed::Truncated)?;
        let s = self.buf.get(self.pos..end).ok_or(Malformed::Truncated)?;
        self.pos = end;
        Ok(s)
    }

    /// Reads a head, recording a non-shortest argument.
    fn head(&mut self) -> Result<Head, Error> {
        let ib = self.take(1)?[0];
        let (major, info) = (ib >> 5, ib & 0x1f);
        let arg = match info {
            0..=23 => u64::from(info),
            24..=27 => {
                let bytes = self.take(1 << (info - 24))?;
                let arg = bytes.iter().fold(0u64, |a, &b| a << 8 | u64::from(b));
                // Floats (major 7, info 25..27) have no "shortest" argument rule here.
                let min = match info {
                    24 => 24,
                    25 => 0x100,
                    26 => 0x1_0000,
                    _ => 0x1_0000_0000,
                };
                if arg < min && major != 7 {
                    self.noncanonical(Noncanonical::NonPreferredInt);
                }
                arg
            }
            28..=30 => return Err(Malformed::ReservedInfo.into()),
            _ => 0,
        };
        Ok(Head { major, info, arg })
    }

    fn run(&mut self, mut allow_tags: bool) -> Result<(), Error> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            let start = self.pos;
            let h = self.head()?;
            let indefinite = h.info == 31;
            match (h.major, indefinite) {
                (7, true) => {
                    // A break closes the innermost indefinite container.
                    let Some(top) = stack.last() else {
                        return Err(Malformed::UnexpectedBreak.into());
                    };
                    if top.remaining.is_some() || (top.is_map && top.seen % 2 == 1) {
                        return Err(Malformed::UnexpectedBreak.into());
                    }
                    let Some(done) = stack.pop() else {
                        return Err(Malformed::UnexpectedBreak.into());
                    };
                    let major = if done.is_map { 5 } else { 4 };
                    if self.finish_item(&mut stack, done.start, major)? {
                        break;
                    }
                    continue;
                }
                (0 | 1 | 6, true) => return Err(Malformed::ReservedInfo.into()),
                (6, false) => {
                    if allow_tags && stack.is_empty() {
                        continue;
                    }
                    return Err(Profile::Tag.into());
                }
                (7, false) => {
                    return Err(match h.info {
                        25..=27 => Profile::Float.into(),
                        _ => Profile::Simple.into(),
                    });
                }
                _ => {}
            }
            allow_tags = false;
            match h.major {
                0 | 1 => {
                    if h.arg > i64::MAX as u64 {
                        return Err(Profile::IntRange.into());
                    }
                }
                2 | 3 => {
                    if indefinite {
                        self.noncanonical(Noncanonical::IndefiniteLength);
                        let mut total = 0u64;
                        loop {
                            let c = self.head()?;
                            if c.major == 7 && c.info == 31 {
                                break;
                            }
                            if c.major != h.major || c.info == 31 {
                                return Err(Malformed::BadChunk.into());
                            }
                            total = total.saturating_add(c.arg);
                            self.string_body(c.major, c.arg)?;
                        }
                        if h.major == 3 && total > MAX_TEXT_STRING as u64 {
                            self.limit(Limit::TextString);
                        }
                    } else {
                        self.string_body(h.major, h.arg)?;
                    }
                }
                _ => {
                    // 4 (array) or 5 (map).
                    let is_map = h.major == 5;
                    if indefinite {
                        self.noncanonical(Noncanonical::IndefiniteLength);
                    } else if h.arg > MAX_ITEMS as u64 {
                        self.limit(Limit::Items);
                    }
                    if stack.len() >= MAX_DEPTH {
                        self.limit(Limit::Depth);
                    }
                    let remaining = if indefinite {
                        None
                    } else {
                        // More items than bytes left is certainly truncated;
                        // checking here keeps the counters small.
                        let n = if is_map {
                            h.arg.saturating_mul(2)
                        } else {
                            h.arg
                        };
                        if n > (self.buf.len() - self.pos) as u64 {
                            return Err(Malformed::Truncated.into());
                        }
                        Some(n)
                    };
                    if remaining != Some(0) {
                        stack.push(Frame {
                            start,
                            remaining,
                            seen: 0,
                            is_map,
                            prev_key: None,
                        });
                        continue;
                    }
                }
            }
            if self.finish_item(&mut stack, start, h.major)? {
                break;
            }
        }
        if self.pos != self.buf.len() {
            return Err(Malformed::TrailingBytes.into());
        }
        Ok(())
    }

    /// Checks a string body: bounds, UTF-8, NFC and the text length limit.
    fn string_body(&mut self, major: u8, len: u64) -> Result<(), Error> {
        let body = self.take(len)?;
        if major == 3 {
            let text = std::str::from_utf8(body).map_err(|_| Malformed::Utf8)?;
            let nfc = text.is_ascii() || is_nfc(text);
            if len > MAX_TEXT_STRING as u64 {
                self.limit(Limit::TextString);
            }
            if !nfc {
                self.noncanonical(Noncanonical::NotNfc);
            }
        }
        Ok(())
    }

    /// Records that an item `start..self.pos` of `major` type is complete,
    /// closing every container it completes. Returns true at the top level.
    fn finish_item(
        &mut self,
        stack: &mut Vec<Frame>,
        mut start: usize,
        mut major: u8,
    ) -> Result<bool, Error> {
        let end = self.pos;
        loop {
            let Some(top) = stack.last_mut() else {
                return Ok(true);
            };
            if top.is_map && top.seen % 2 == 0 {
                // This item is a key (R-CBOR-2, R-CBOR-4).
                if !matches!(major, 0 | 1 | 3) {
                    return Err(Profile::KeyType.into());
                }
                let key = &self.buf[start..end];
                if let Some((ps, pe)) = top.prev_key {
                    match self.buf[ps..pe].cmp(key) {
                        std::cmp::Ordering::Less => {}
                        std::cmp::Ordering::Equal => {
                            self.noncanonical.get_or_insert(Noncanonical::DuplicateKey);
                        }
                        std::cmp::Ordering::Greater => {
                            self.noncanonical.get_or_insert(Noncanonical::UnsortedKeys);
                        }
                    }
                }
                top.prev_key = Some((start, end));
            }
            top.seen += 1;
            if top.remaining.is_none() {
                // Indefinite: count items against the limit as they come.
                let max = if top.is_map { 2 * MAX_ITEMS } else { MAX_ITEMS } as u64;
                if top.seen > max {
                    self.limit.get_or_insert(Limit::Items);
                }
                return Ok(false);
            }
            if top.remaining != Some(top.seen) {
                return Ok(false);
            }
            let done = stack.pop().ok_or(Malformed::Truncated)?;
            start = done.start;
            major = if done.is_map { 5 } else { 4 };
        }
    }
}

/// Builds a [`Value`] from input that [`validate`] accepted, so only
/// canonical forms occur; anything else is still an error, never a panic.
struct Builder<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Builder<'a> {
    fn take(&mut self, n: u64) -> Result<&'a [u8], Error> {
        let n = usize::try_from(n).map_err(|_| Malformed::Truncated)?;
        let end = self.pos.checked_add(n).ok_or(Malformed::Truncated)?;
        let s = self.buf.get(self.pos..end).ok_or(Malformed::Truncated)?;
        self.pos = end;
        Ok(s)
    }

    fn head(&mut self) -> Result<(u8, u64), Error> {
        let ib = self.take(1)?[0];
        let (major, info) = (ib >> 5, ib & 0x1f);
        let arg = match info {
            0..=23 => u64::from(info),
            24..=27 => self
                .take(1 << (info - 24))?
                .iter()
                .fold(0u64, |a, &b| a << 8 | u64::from(b)),
            _ => return Err(Malformed::ReservedInfo.into()),
        };
        Ok((major, arg))
    }

    fn item(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        if depth > MAX_DEPTH {
            return Err(Limit::Depth.into());
        }
        let (major, arg) = self.head()?;
        let int = |a: u64| i64::try_from(a).map_err(|_| Error::from(Profile::IntRange));
        Ok(match major {
            0 => Value::Int(int(arg)?),
            1 => Value::Int(-1 - int(arg)?),
            2 => Value::Bytes(self.take(arg)?),
            3 => Value::Text(std::str::from_utf8(self.take(arg)?).map_err(|_| Malformed::Utf8)?),
            4 => {
                let n = usize::try_from(arg)
                    .map_err(|_| Limit::Items)?
                    .min(MAX_ITEMS);
                let mut items = Vec::with_capacity(n);
                for _ in 0..arg {
                    items.push(self.item(depth + 1)?);
                }
                Value::Array(items)
            }
            5 => {
                let n = usize::try_from(arg)
                    .map_err(|_| Limit::Items)?
                    .min(MAX_ITEMS);
                let mut entries = Vec::with_capacity(n);
                for _ in 0..arg {
                    let k = self.item(depth + 1)?;
                    let v = self.item(depth + 1)?;
                    entries.push((k, v));
                }
                Value::Map(entries)
            }
            6 => return Err(Profile::Tag.into()),
            _ => return Err(Profile::Simple.into()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CborError;

    /// R-CBOR-3 pins NFC to Unicode 18.0.0: a dependency update that moves
    /// the normalisation tables to another version must come with a spec
    /// change, not slip in through `cargo update`.
    #[test]
    fn nfc_tables_are_unicode_18() {
        assert_eq!(unicode_normalization::UNICODE_VERSION, (18, 0, 0));
        // U+1ADD (Unicode 17.0) has class 220: after U+0301 (230) the text
        // is not NFC, which an older table would miss.
        assert!(!is_nfc("x\u{301}\u{1ADD}"));
        assert!(is_nfc("x\u{1ADD}\u{301}"));
        // Unassigned code points are starters that NFC leaves alone.
        assert!(is_nfc("\u{378}\u{301}"));
    }

    fn code(buf: &[u8]) -> &'static str {
        match decode(buf) {
            Ok(_) => "OK",
            Err(e) => e.code(),
        }
    }

    fn err(buf: &[u8]) -> Error {
        decode(buf).expect_err("must fail")
    }

    #[test]
    fn decodes_canonical_items() {
        assert_eq!(decode(&[0x17]).unwrap(), Value::Int(23));
        assert_eq!(decode(&[0x3a, 0, 1, 0, 0]).unwrap(), Value::Int(-65537));
        assert_eq!(
            decode(&[0xa2, 0x01, 0x61, b'a', 0x20, 0x40]).unwrap(),
            Value::Map(vec![
                (Value::Int(1), Value::Text("a")),
                (Value::Int(-1), Value::Bytes(&[])),
            ])
        );
    }

    #[test]
    fn rejects_malformed_truncated_and_trailing() {
        assert_eq!(err(&[]), Malformed::Truncated.into());
        assert_eq!(err(&[0x82, 0x01]), Malformed::Truncated.into());
        assert_eq!(err(&[0x19, 0x01]), Malformed::Truncated.into());
        assert_eq!(err(&[0x01, 0x02]), Malformed::TrailingBytes.into());
        assert_eq!(err(&[0x1c]), Malformed::ReservedInfo.into());
        assert_eq!(err(&[0xff]), Malformed::UnexpectedBreak.into());
        assert_eq!(err(&[0x62, 0xc3, 0x28]), Malformed::Utf8.into());
        assert_eq!(err(&[0x5f, 0x61, b'a', 0xff]), Malformed::BadChunk.into());
        assert_eq!(
            err(&[0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            Malformed::Truncated.into()
        );
    }

    #[test]
    fn rejects_floats_simple_values_and_inner_tags() {
        assert_eq!(err(&[0xf9, 0x3c, 0x00]), Profile::Float.into());
        assert_eq!(err(&[0xfb, 0, 0, 0, 0, 0, 0, 0, 0]), Profile::Float.into());
        for s in [0xf4, 0xf5, 0xf6, 0xf7, 0xe0] {
            assert_eq!(err(&[s]), Profile::Simple.into(), "{s:#x}");
        }
        assert_eq!(err(&[0xc1, 0x01]), Profile::Tag.into());
        assert_eq!(err(&[0x81, 0xd2, 0x01]), Profile::Tag.into());
        assert_eq!(
            err(&[0x1b, 0x80, 0, 0, 0, 0, 0, 0, 0]),
            Profile::IntRange.into()
        );
        assert_eq!(err(&[0xa1, 0x40, 0x01]), Profile::KeyType.into());
    }

    #[test]
    fn rejects_non_canonical_forms() {
        let nc = |n| Error::Cbor(CborError::Noncanonical(n));
        assert_eq!(err(&[0x18, 0x17]), nc(Noncanonical::NonPreferredInt));
        assert_eq!(err(&[0x19, 0x00, 0xff]), nc(Noncanonical::NonPreferredInt));
        assert_eq!(err(&[0x9f, 0x01, 0xff]), nc(Noncanonical::IndefiniteLength));
        assert_eq!(
            err(&[0x7f, 0x61, b'a', 0xff]),
            nc(Noncanonical::IndefiniteLength)
        );
        assert_eq!(
            err(&[0xa2, 0x02, 0x00, 0x01, 0x00]),
            nc(Noncanonical::UnsortedKeys)
        );
        assert_eq!(
            err(&[0xa2, 0x01, 0x00, 0x01, 0x00]),
            nc(Noncanonical::DuplicateKey)
        );
        // "é" as e + combining acute (NFD).
        assert_eq!(err(&[0x63, b'e', 0xcc, 0x81]), nc(Noncanonical::NotNfc));
        assert_eq!(code(&[0x62, 0xc3, 0xa9]), "OK");
    }

    #[test]
    fn ranks_invalid_over_limits_over_noncanonical() {
        // Non-canonical first, then a float: CBOR_INVALID wins.
        assert_eq!(code(&[0x82, 0x18, 0x01, 0xf9, 0, 0]), "CBOR_INVALID");
        // 9 nested arrays then a non-preferred int: TOO_LARGE wins.
        let mut deep = vec![0x81; 9];
        deep.extend_from_slice(&[0x18, 0x01]);
        assert_eq!(code(&deep), "TOO_LARGE");
        // Over-deep but truncated: CBOR_INVALID wins.
        assert_eq!(code(&[0x81; 12]), "CBOR_INVALID");
    }

    #[test]
    fn enforces_depth_items_and_text_limits() {
        let mut ok = vec![0x81; MAX_DEPTH];
        ok.push(0x00);
        assert_eq!(code(&ok), "OK");
        let mut deep = vec![0x81; MAX_DEPTH + 1];
        deep.push(0x00);
        assert_eq!(err(&deep), Limit::Depth.into());
        let mut big = vec![0x98, 33];
        big.extend(std::iter::repeat_n(0u8, 33));
        assert_eq!(err(&big), Limit::Items.into());
        let mut long = vec![0x79, 0x02, 0x01];
        long.extend(std::iter::repeat_n(b'a', 513));
        assert_eq!(err(&long), Limit::TextString.into());
    }

    #[test]
    fn survives_deep_nesting_without_recursion() {
        let deep = vec![0x81; 100_000];
        assert_eq!(code(&deep), "CBOR_INVALID");
        let mut closed = vec![0x9f; 50_000];
        closed.extend(std::iter::repeat_n(0xff, 50_000));
        assert_eq!(code(&closed), "TOO_LARGE");
    }

    #[test]
    fn allows_leading_tags_only_on_messages() {
        assert_eq!(
            decode_message(&[0xd2, 0x80]).unwrap(),
            (vec![18], Value::Array(vec![]))
        );
        assert_eq!(
            decode_message(&[0xd8, 0x3d, 0xd2, 0x80]).unwrap(),
            (vec![61, 18], Value::Array(vec![]))
        );
        assert_eq!(code(&[0xd2, 0x80]), "CBOR_INVALID");
        assert_eq!(
            decode_message(&[0xd8, 0x12, 0x80]).unwrap_err().code(),
            "CBOR_NONCANONICAL"
        );
    }
}
