//! The one-defect rule for canonical-encoding cases: every invalid case
//! outside `check-order` carries exactly one defect, so a verifier that gets
//! it right got it right for that reason. A `CBOR_NONCANONICAL` case is the
//! easiest to get wrong (re-sorting a map while duplicating a key adds a
//! second defect), so its COSE message is walked here, leniently, and the
//! kinds of deviation from deterministic encoding (R-CBOR-3, R-CBOR-4) are
//! counted. The reference decoder stops at the first defect by design and
//! cannot count them, hence this separate walker.

use std::collections::BTreeSet;

/// A kind of deviation from deterministic encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Defect {
    /// An argument not in its shortest form (R-CBOR-3).
    LongArgument,
    /// An indefinite length (R-CBOR-3).
    Indefinite,
    /// A text string not in NFC (R-CBOR-3).
    NotNfc,
    /// Map keys out of bytewise order (R-CBOR-4).
    Unsorted,
    /// A key twice in one map (R-CBOR-4).
    Duplicate,
}

/// Deeper nesting than any case has; a malformed walk stops there.
const MAX_DEPTH: usize = 32;

/// The defect kinds of a COSE_Sign1 message, the protected header and the
/// claims (with the payload inside them) included.
pub fn defects(cose: &[u8]) -> BTreeSet<Defect> {
    let mut w = Walker {
        data: cose,
        pos: 0,
        found: BTreeSet::new(),
    };
    w.item(0, true);
    w.found
}

struct Walker<'a> {
    data: &'a [u8],
    pos: usize,
    found: BTreeSet<Defect>,
}

impl Walker<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    /// The head of an item: major type and argument (`None` for an
    /// indefinite length).
    fn head(&mut self) -> Option<(u8, Option<u64>)> {
        let b = self.byte()?;
        let (major, info) = (b >> 5, b & 0x1f);
        let arg = match info {
            0..=23 => Some(u64::from(info)),
            24..=27 => {
                let n = 1usize << (info - 24);
                let v = self
                    .take(n)?
                    .iter()
                    .fold(0u64, |v, b| v << 8 | u64::from(*b));
                let shortest = [24, 0x100, 0x1_0000, 0x1_0000_0000][usize::from(info - 24)];
                if major != 7 && v < shortest {
                    self.found.insert(Defect::LongArgument);
                }
                Some(v)
            }
            31 => None,
            _ => return None,
        };
        Some((major, arg))
    }

    /// Walks one item. `top`: the COSE array, whose protected header and
    /// payload byte strings hold CBOR of their own.
    fn item(&mut self, depth: usize, top: bool) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        let (major, arg) = self.head()?;
        let Some(n) = arg else {
            self.found.insert(Defect::Indefinite);
            return self.indefinite(major, depth);
        };
        let n = usize::try_from(n).ok();
        match major {
            0 | 1 | 7 => Some(()),
            2 | 3 => {
                let bytes = self.take(n?)?.to_vec();
                if major == 3 {
                    self.text(&bytes);
                }
                Some(())
            }
            4 => {
                for i in 0..n? {
                    if top && (i == 0 || i == 2) {
                        self.nested(depth)?;
                    } else {
                        self.item(depth + 1, false)?;
                    }
                }
                Some(())
            }
            5 => {
                let mut keys: Vec<Vec<u8>> = Vec::new();
                for _ in 0..n? {
                    let k = self.pos;
                    self.item(depth + 1, false)?;
                    keys.push(self.data.get(k..self.pos)?.to_vec());
                    self.item(depth + 1, false)?;
                }
                self.order(&keys);
                Some(())
            }
            // A tag: the tagged item (tag 18 wraps the COSE array).
            6 => self.item(depth + 1, top || start == 0),
            _ => None,
        }
    }

    /// A byte string holding CBOR (the protected header, the claims).
    fn nested(&mut self, depth: usize) -> Option<()> {
        let (major, arg) = self.head()?;
        if major != 2 {
            return None;
        }
        let Some(n) = arg else {
            self.found.insert(Defect::Indefinite);
            return self.indefinite(major, depth);
        };
        let inner = self.take(usize::try_from(n).ok()?)?.to_vec();
        let mut w = Walker {
            data: &inner,
            pos: 0,
            found: BTreeSet::new(),
        };
        w.item(depth + 1, false);
        self.found.extend(w.found);
        Some(())
    }

    /// The rest of an indefinite-length item, up to its break.
    fn indefinite(&mut self, major: u8, depth: usize) -> Option<()> {
        loop {
            if *self.data.get(self.pos)? == 0xff {
                self.pos += 1;
                return Some(());
            }
            self.item(depth + 1, false)?;
            if major == 5 {
                self.item(depth + 1, false)?;
            }
        }
    }

    fn text(&mut self, bytes: &[u8]) {
        if let Ok(s) = std::str::from_utf8(bytes)
            && !s.is_ascii()
            && !unicode_normalization::is_nfc(s)
        {
            self.found.insert(Defect::NotNfc);
        }
    }

    fn order(&mut self, keys: &[Vec<u8>]) {
        for pair in keys.windows(2) {
            match pair[0].cmp(&pair[1]) {
                std::cmp::Ordering::Greater => self.found.insert(Defect::Unsorted),
                std::cmp::Ordering::Equal => self.found.insert(Defect::Duplicate),
                std::cmp::Ordering::Less => false,
            };
        }
        let distinct: BTreeSet<&Vec<u8>> = keys.iter().collect();
        if distinct.len() != keys.len() {
            self.found.insert(Defect::Duplicate);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cose_with_claims(claims: &[u8]) -> Vec<u8> {
        let mut c = vec![0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26, 0xa0];
        c.push(0x40 + u8::try_from(claims.len()).unwrap());
        c.extend_from_slice(claims);
        c.extend_from_slice(&[0x40]);
        c
    }

    #[test]
    fn counts_each_kind_once_and_finds_none_in_canonical_cbor() {
        assert!(defects(&cose_with_claims(&[0xa2, 0x01, 0x00, 0x02, 0x00])).is_empty());
        let unsorted = cose_with_claims(&[0xa3, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00]);
        assert_eq!(defects(&unsorted), BTreeSet::from([Defect::Unsorted]));
        let dup = cose_with_claims(&[0xa2, 0x01, 0x00, 0x01, 0x00]);
        assert_eq!(defects(&dup), BTreeSet::from([Defect::Duplicate]));
        let both = cose_with_claims(&[0xa3, 0x02, 0x00, 0x01, 0x00, 0x01, 0x00]);
        assert_eq!(
            defects(&both),
            BTreeSet::from([Defect::Unsorted, Defect::Duplicate])
        );
        let long = cose_with_claims(&[0xa1, 0x18, 0x01, 0x00]);
        assert_eq!(defects(&long), BTreeSet::from([Defect::LongArgument]));
        let indefinite = cose_with_claims(&[0xbf, 0x01, 0x00, 0xff]);
        assert_eq!(defects(&indefinite), BTreeSet::from([Defect::Indefinite]));
        let nfd = cose_with_claims(&[0xa1, 0x01, 0x63, b'e', 0xcc, 0x81]);
        assert_eq!(defects(&nfd), BTreeSet::from([Defect::NotNfc]));
    }
}
