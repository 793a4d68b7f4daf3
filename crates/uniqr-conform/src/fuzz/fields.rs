//! Payload edits against the schema (R-PAY-*), on the payload JSON, and
//! the payload shrinkers the minimiser tries.

use serde_json::{Map, Value as J, json};

use uniqr::payload::Payload;

/// One schema edit.
type FieldEdit = fn(&mut J);

/// The schema edits, by index ([`super::plan::Edit::Field`]). Most make the
/// payload invalid at exactly one field; a few are edge values that stay
/// valid. Changing the table changes the cases a seed generates.
pub const EDITS: &[(&str, FieldEdit)] = &[
    ("unknown top-level field", |p| set(p, "sex", json!("F"))),
    ("ver missing", |p| remove(p, "ver")),
    ("pid missing", |p| remove(p, "pid")),
    ("nam missing", |p| remove(p, "nam")),
    ("dob missing", |p| remove(p, "dob")),
    ("ver 9.9.9", |p| set(p, "ver", json!("9.9.9"))),
    ("pid empty", |p| set(p, "pid", json!(""))),
    ("pid 65 characters", |p| {
        set(p, "pid", json!("P".repeat(65)))
    }),
    ("pid with a space", |p| set(p, "pid", json!("VN 079"))),
    ("fnt lowercase", |p| {
        set_in(p, "nam", "fnt", json!("nguyen"))
    }),
    ("fnt ends with <", |p| {
        set_in(p, "nam", "fnt", json!("NGUYEN<"))
    }),
    ("fn not NFC", |p| {
        set_in(p, "nam", "fn", json!("Nguye\u{302}\u{303}n"))
    }),
    ("fn 81 characters", |p| {
        set_in(p, "nam", "fn", json!("Ằ".repeat(81)))
    }),
    ("fn leading space", |p| set_in(p, "nam", "fn", json!(" An"))),
    ("gn empty", |p| set_in(p, "nam", "gn", json!(""))),
    ("gn null", |p| set_in(p, "nam", "gn", J::Null)),
    ("dob month 13", |p| set(p, "dob", json!("2026-13-01"))),
    ("dob 30 February", |p| set(p, "dob", json!("1990-02-30"))),
    ("dob two-digit year", |p| set(p, "dob", json!("90-01-01"))),
    ("dob one-digit month", |p| set(p, "dob", json!("1990-1"))),
    ("dob true", |p| set(p, "dob", json!(true))),
    ("dob year only (valid)", |p| set(p, "dob", json!("1990"))),
    ("dob unknown (valid)", |p| set(p, "dob", json!(""))),
    ("v empty", |p| set(p, "v", json!([]))),
    ("v nine entries", |p| {
        let e = entry(p, "v").map(|e| J::Object(e.clone()));
        set(p, "v", J::Array(vec![e.unwrap_or_default(); 9]));
    }),
    ("v not an array", |p| {
        let e = entry(p, "v").map(|e| J::Object(e.clone()));
        set(p, "v", e.unwrap_or_default());
    }),
    ("v dn 0", |p| put(p, "v", "dn", json!(0))),
    ("v dn as text", |p| put(p, "v", "dn", json!("1"))),
    ("v dn 1.5", |p| put(p, "v", "dn", json!(1.5))),
    ("v sd 0", |p| put(p, "v", "sd", json!(0))),
    ("v dt 29 February 2021", |p| {
        put(p, "v", "dt", json!("2021-02-29"))
    }),
    ("v co lowercase", |p| put(p, "v", "co", json!("vn"))),
    ("v unknown field", |p| put(p, "v", "lot", json!("A1"))),
    ("v tg leading zero", |p| {
        put(p, "v", "tg", json!("0840539006"))
    }),
    ("v is empty", |p| put(p, "v", "is", json!(""))),
    ("t sc without zone", |p| {
        put(p, "t", "sc", json!("2026-01-20T09:00:00"))
    }),
    ("t tt unknown", |p| put(p, "t", "tt", json!("XX"))),
    ("t tr unknown", |p| put(p, "t", "tr", json!("123"))),
    ("t ma null", |p| put(p, "t", "ma", J::Null)),
    ("r df after du", |p| {
        put(p, "r", "df", json!("2026-07-19"));
        put(p, "r", "du", json!("2026-01-31"));
    }),
    ("r fr missing", |p| {
        entry(p, "r").map(|e| e.remove("fr"));
    }),
    ("r du 30 February", |p| {
        put(p, "r", "du", json!("2026-02-30"))
    }),
    ("nam as text", |p| set(p, "nam", json!("NGUYEN<<AN"))),
    ("nam empty map", |p| set(p, "nam", json!({}))),
    ("entry as array", |p| {
        entry(p, "t");
        if let Some(first) = p.get_mut("t").and_then(|t| t.get_mut(0)) {
            *first = json!(["840539006"]);
        }
    }),
];

/// Where a text field is: top level, in `nam`, or in the first entry of a
/// kind (added when missing, as for the schema edits).
#[derive(Clone, Copy, Debug)]
pub enum Place {
    /// A member of the payload map.
    Top(&'static str),
    /// A member of `nam`.
    Name(&'static str),
    /// A member of the first `v`, `t` or `r` entry.
    Entry(&'static str, &'static str),
}

/// Every text field of the payload schema whose characters are free or
/// pattern-bound (R-PAY-2, R-PAY-3, R-PAY-4), by index
/// ([`super::plan::Edit::Unicode`]).
pub const TEXT_FIELDS: &[(&str, Place)] = &[
    ("pid", Place::Top("pid")),
    ("fn", Place::Name("fn")),
    ("gn", Place::Name("gn")),
    ("fnt", Place::Name("fnt")),
    ("gnt", Place::Name("gnt")),
    ("v is", Place::Entry("v", "is")),
    ("v ci", Place::Entry("v", "ci")),
    ("t nm", Place::Entry("t", "nm")),
    ("t tc", Place::Entry("t", "tc")),
    ("t is", Place::Entry("t", "is")),
    ("t ci", Place::Entry("t", "ci")),
    ("r is", Place::Entry("r", "is")),
    ("r ci", Place::Entry("r", "ci")),
];

/// A Unicode edit: the field's current text (or a default) in, the new
/// text out.
type TextEdit = fn(&str) -> String;

/// Character classes for the text fields (R-FZ-12), by index. Whether each
/// is valid depends on the field (a name takes what `pid` does not); the
/// reference decides. R-PAY-3 counts characters as code points, White_Space
/// is the Unicode property (U+200B and U+FEFF are not in it) and Cc the
/// general category (U+0085 is in both).
pub const UNICODE: &[(&str, TextEdit)] = &[
    ("non-ASCII letters", |_| "Đặng Thị Ánh".into()),
    ("astral letters", |_| "𠀋𡈽𡌛".into()),
    ("NFD combining marks", |_| "Nguye\u{302}\u{303}n".into()),
    ("combining mark without precomposed form", |_| {
        "Mq\u{301}".into()
    }),
    ("leading U+00A0", |v| format!("\u{a0}{}", fit(v, 79))),
    ("trailing U+2002", |v| format!("{}\u{2002}", fit(v, 79))),
    ("leading U+3000", |v| format!("\u{3000}{}", fit(v, 79))),
    ("trailing U+3000", |v| format!("{}\u{3000}", fit(v, 79))),
    ("trailing U+1680", |v| format!("{}\u{1680}", fit(v, 79))),
    ("inner U+3000", |v| inner(v, '\u{3000}')),
    ("inner U+2028", |v| inner(v, '\u{2028}')),
    ("inner U+0085", |v| inner(v, '\u{85}')),
    ("trailing U+0085", |v| format!("{}\u{85}", fit(v, 79))),
    ("inner U+0007", |v| inner(v, '\u{7}')),
    ("leading U+200B", |v| format!("\u{200b}{}", fit(v, 79))),
    ("trailing U+FEFF", |v| format!("{}\u{feff}", fit(v, 79))),
    ("80 astral code points", |_| "𠀋".repeat(80)),
    ("81 astral code points", |_| "𠀋".repeat(81)),
    ("80 code points with combining marks", |_| {
        "q\u{301}".repeat(40)
    }),
    ("81 code points with combining marks", |_| {
        format!("{}q", "q\u{301}".repeat(40))
    }),
    ("64 ASCII characters", |_| "A".repeat(64)),
];

/// The first `n` characters of `v`: room for the one an edit adds, so the
/// length limit (R-PAY-3) is not what the edit breaks.
fn fit(v: &str, n: usize) -> String {
    v.chars().take(n).collect()
}

/// `c` in the middle of `v` (of at least two characters, at most 79 in all).
fn inner(v: &str, c: char) -> String {
    let mut chars: Vec<char> = v.chars().take(78).collect();
    if chars.len() < 2 {
        chars = vec!['A', 'n'];
    }
    chars.insert(chars.len() / 2, c);
    chars.into_iter().collect()
}

/// Applies Unicode class `class` to text field `field` (both modulo their
/// table sizes).
pub fn apply_unicode(field: u8, class: u8, p: &mut J) {
    let (Some((_, place)), Some((_, f))) = (
        TEXT_FIELDS.get(field as usize % TEXT_FIELDS.len()),
        UNICODE.get(class as usize % UNICODE.len()),
    ) else {
        return;
    };
    let target = match *place {
        Place::Top(k) => p.as_object_mut().map(|m| (m, k)),
        Place::Name(k) => {
            if p.get("nam").is_none_or(|n| !n.is_object()) {
                set(p, "nam", json!({"fnt": "A"}));
            }
            p.get_mut("nam").and_then(J::as_object_mut).map(|m| (m, k))
        }
        Place::Entry(kind, k) => entry(p, kind).map(|m| (m, k)),
    };
    if let Some((m, k)) = target {
        let old = m.get(k).and_then(J::as_str).unwrap_or("An").to_owned();
        m.insert(k.into(), J::from(f(&old)));
    }
}

/// Applies schema edit `i` (modulo the table size).
pub fn apply(i: u8, p: &mut J) {
    if let Some((_, f)) = EDITS.get(i as usize % EDITS.len()) {
        f(p);
    }
}

fn set(p: &mut J, key: &str, v: J) {
    if let Some(m) = p.as_object_mut() {
        m.insert(key.into(), v);
    }
}

fn remove(p: &mut J, key: &str) {
    if let Some(m) = p.as_object_mut() {
        m.remove(key);
    }
}

fn set_in(p: &mut J, outer: &str, key: &str, v: J) {
    if let Some(m) = p.get_mut(outer).and_then(J::as_object_mut) {
        m.insert(key.into(), v);
    }
}

fn put(p: &mut J, kind: &str, key: &str, v: J) {
    if let Some(e) = entry(p, kind) {
        e.insert(key.into(), v);
    }
}

/// The first entry of kind `v`, `t` or `r`, adding a valid one when the
/// payload has none, so an entry edit always has a target.
fn entry<'p>(p: &'p mut J, kind: &str) -> Option<&'p mut Map<String, J>> {
    let sample = match kind {
        "v" => json!({"tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528",
            "ma": "ORG-100030215", "dn": 2, "sd": 2, "dt": "2026-01-15", "co": "VN",
            "is": "Bộ Y tế", "ci": "URN:UVCI:01:VN:V-1"}),
        "t" => json!({"tg": "840539006", "tt": "LP6464-4", "sc": "2026-01-20T09:00:00Z",
            "tr": "260415000", "co": "VN", "is": "Bộ Y tế", "ci": "URN:UVCI:01:VN:T-1"}),
        _ => json!({"tg": "840539006", "fr": "2026-01-20", "co": "VN", "is": "Bộ Y tế",
            "df": "2026-01-31", "du": "2026-07-19", "ci": "URN:UVCI:01:VN:R-1"}),
    };
    let fresh = || J::Array(vec![sample.clone()]);
    if !p.is_object() {
        *p = json!({});
    }
    let ok = p
        .get(kind)
        .and_then(J::as_array)
        .is_some_and(|a| a.first().is_some_and(J::is_object));
    if !ok {
        set(p, kind, fresh());
    }
    p.get_mut(kind)
        .and_then(|l| l.get_mut(0))
        .and_then(J::as_object_mut)
}

/// One payload shrink step: returns false when it changes nothing.
type Shrink = fn(&mut Payload) -> bool;

/// Shrink steps, tried in order by the minimiser; each keeps the payload
/// valid (R-FZ-5).
pub const SHRINKS: &[Shrink] = &[
    |p| p.v.take().is_some(),
    |p| p.t.take().is_some(),
    |p| p.r.take().is_some(),
    |p| truncate(&mut p.v),
    |p| truncate(&mut p.t),
    |p| truncate(&mut p.r),
    |p| p.nam.gn.take().is_some(),
    |p| p.nam.gnt.take().is_some(),
    |p| p.nam.family.take().is_some(),
    |p| shorten(&mut p.pid),
    |p| shorten(&mut p.nam.fnt),
];

fn truncate<T>(v: &mut Option<Vec<T>>) -> bool {
    match v {
        Some(list) if list.len() > 1 => {
            list.truncate(1);
            true
        }
        _ => false,
    }
}

fn shorten(s: &mut String) -> bool {
    match s.chars().next() {
        Some(c) if s.chars().count() > 1 => {
            *s = c.to_string();
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_edits_add_a_target_when_missing() {
        let mut p = json!({"pid": "X"});
        apply(26, &mut p); // "v dn 0"
        assert_eq!(p["v"][0]["dn"], json!(0));
        let mut q = json!("not an object");
        put(&mut q, "r", "fr", json!("2026-01-01"));
        assert_eq!(q["r"][0]["fr"], json!("2026-01-01"));
    }

    #[test]
    fn unicode_edits_reach_every_field() {
        for field in 0..TEXT_FIELDS.len() {
            for class in 0..UNICODE.len() {
                let mut p =
                    json!({"ver": "1.0.0", "pid": "A", "nam": {"fnt": "A"}, "dob": "1990-01-01"});
                let before = p.clone();
                apply_unicode(field as u8, class as u8, &mut p);
                assert_ne!(p, before, "{field} {class}");
            }
        }
        let mut p = json!({"nam": {"fn": "An"}});
        apply_unicode(1, 6, &mut p);
        assert_eq!(p["nam"]["fn"], json!("\u{3000}An"));
    }

    #[test]
    fn every_edit_runs_on_a_minimal_payload() {
        for (i, (name, _)) in EDITS.iter().enumerate() {
            let mut p =
                json!({"ver": "1.0.0", "pid": "A", "nam": {"fnt": "A"}, "dob": "1990-01-01"});
            let before = p.clone();
            apply(i as u8, &mut p);
            assert_ne!(p, before, "{name} changed nothing");
        }
    }
}
