//! Textual edits of the trust-list and revocation-list files (R-FZ-9).
//!
//! Requests carry these files verbatim (R-H-15), so their syntax can be
//! fuzzed byte for byte: duplicate members, wrong types, `null`, integer
//! notations, times, hex case, and bytes that are not JSON at all. Each
//! edit makes one file from the fuzzer's own valid list; [`super::World`]
//! makes them once and cases name them by index. Most are invalid
//! (R-TRUST-7, R-TRUST-9, R-REV-2, R-JSON-1 to R-JSON-3), a few are valid
//! spellings; the reference decides which.

use serde_json::{Value as J, json};

/// One edit: the valid file's compact JSON text in, the new file out.
pub type FileEdit = fn(&str) -> Vec<u8>;

/// Path of trust-list variant `i`.
pub fn trust_path(i: usize) -> String {
    format!("trust/fuzz-trust-file-{i:02}.json")
}

/// Path of revocation-list variant `i`.
pub fn revocation_path(i: usize) -> String {
    format!("trust/fuzz-revocation-file-{i:02}.json")
}

/// Trust-list edits, by index ([`super::plan::Edit::TrustFile`]). The
/// first key entry is the one edited.
pub const TRUST_EDITS: &[(&str, FileEdit)] = &[
    ("format twice", |t| dup(t, "format")),
    ("kid twice in a key entry", |t| dup(t, "kid")),
    ("x twice in a jwk", |t| dup(t, "x")),
    ("keys twice", |t| dup(t, "keys")),
    ("top level an array", |t| format!("[{t}]").into_bytes()),
    ("key entry an array", |t| {
        edit(t, |v| {
            let e = v["keys"][0].clone();
            v["keys"][0] = values(&e);
        })
    }),
    ("jwk an array", |t| {
        edit(t, |v| {
            let j = v["keys"][0]["jwk"].clone();
            v["keys"][0]["jwk"] = values(&j);
        })
    }),
    ("unknown top-level member", |t| {
        edit(t, |v| v["comment"] = json!("x"))
    }),
    ("unknown key entry member", |t| {
        edit(t, |v| v["keys"][0]["note"] = json!("x"))
    }),
    ("not_after null", |t| {
        edit(t, |v| v["keys"][0]["not_after"] = J::Null)
    }),
    ("jwk d null", |t| {
        edit(t, |v| v["keys"][0]["jwk"]["d"] = J::Null)
    }),
    ("version 2", |t| edit(t, |v| v["version"] = json!(2))),
    ("version 1.0", |t| {
        replace(t, "\"version\":1", "\"version\":1.0")
    }),
    ("version 1e0", |t| {
        replace(t, "\"version\":1", "\"version\":1e0")
    }),
    ("version as text", |t| {
        edit(t, |v| v["version"] = json!("1"))
    }),
    ("keys empty (valid)", |t| edit(t, |v| v["keys"] = json!([]))),
    ("keys missing", |t| edit(t, |v| remove(v, "keys"))),
    ("issuer missing", |t| {
        edit(t, |v| remove(&mut v["keys"][0], "issuer"))
    }),
    ("format a number", |t| edit(t, |v| v["format"] = json!(1))),
    ("usage a text", |t| {
        edit(t, |v| v["keys"][0]["usage"] = json!("v"))
    }),
    ("not_before a number", |t| {
        edit(t, |v| v["keys"][0]["not_before"] = json!(1_735_689_600))
    }),
    ("invalid UTF-8 in issuer", |t| {
        let mut b = t.as_bytes().to_vec();
        if let Some(i) = t.find("\"issuer\":\"") {
            b.insert(i + 10, 0xff);
        }
        b
    }),
    ("byte order mark", |t| format!("\u{feff}{t}").into_bytes()),
    ("trailing garbage", |t| format!("{t}x").into_bytes()),
    ("a second document", |t| format!("{t}\n{{}}").into_bytes()),
    ("not_before second 60", |t| {
        edit(t, |v| {
            v["keys"][0]["not_before"] = json!("2025-01-01T00:00:60Z");
        })
    }),
    ("not_before with offset", |t| {
        edit(t, |v| {
            v["keys"][0]["not_before"] = json!("2025-01-01T00:00:00+00:00");
        })
    }),
    ("not_before lowercase z", |t| {
        edit(t, |v| {
            v["keys"][0]["not_before"] = json!("2025-01-01T00:00:00z");
        })
    }),
    ("not_before equal to not_after", |t| {
        edit(t, |v| {
            v["keys"][0]["not_before"] = v["keys"][0]["not_after"].clone();
        })
    }),
    ("not_before after not_after", |t| {
        edit(t, |v| {
            let e = &mut v["keys"][0];
            let (a, b) = (e["not_before"].clone(), e["not_after"].clone());
            (e["not_before"], e["not_after"]) = (b, a);
        })
    }),
    ("kid uppercase", |t| {
        edit(t, |v| {
            let kid = v["keys"][0]["kid"].as_str().unwrap_or("").to_uppercase();
            v["keys"][0]["kid"] = json!(kid);
        })
    }),
    ("key entry repeated", |t| {
        edit(t, |v| {
            let e = v["keys"][0].clone();
            if let Some(keys) = v["keys"].as_array_mut() {
                keys.push(e);
            }
        })
    }),
    ("usage repeated", |t| {
        edit(t, |v| v["keys"][0]["usage"] = json!(["v", "v"]))
    }),
    ("format escaped (valid)", |t| {
        replace(t, "\"uniqr-trust-list\"", "\"uniqr\\u002dtrust-list\"")
    }),
];

/// Revocation-list edits, by index ([`super::plan::Edit::RevocationFile`]).
/// The last three are files that are not JSON: they travel as `null`
/// (R-H-15), which is a broken file and not an absent list (R-H-16).
pub const REVOCATION_EDITS: &[(&str, FileEdit)] = &[
    ("format twice", |t| dup(t, "format")),
    ("revoked twice", |t| dup(t, "revoked")),
    ("version twice", |t| dup(t, "version")),
    ("top level an array", |t| format!("[{t}]").into_bytes()),
    ("revoked an object", |t| {
        edit(t, |v| {
            let r = v["revoked"].clone();
            v["revoked"] = json!({ "digests": r });
        })
    }),
    ("unknown member", |t| edit(t, |v| v["comment"] = json!("x"))),
    ("revoked null", |t| edit(t, |v| v["revoked"] = J::Null)),
    ("a digest null", |t| edit(t, |v| v["revoked"][0] = J::Null)),
    ("version 2", |t| edit(t, |v| v["version"] = json!(2))),
    ("version 1.0", |t| {
        replace(t, "\"version\":1", "\"version\":1.0")
    }),
    ("version 1e0", |t| {
        replace(t, "\"version\":1", "\"version\":1e0")
    }),
    ("version as text", |t| {
        edit(t, |v| v["version"] = json!("1"))
    }),
    ("revoked missing", |t| edit(t, |v| remove(v, "revoked"))),
    ("format missing", |t| edit(t, |v| remove(v, "format"))),
    ("revoked a text", |t| edit(t, |v| v["revoked"] = json!("x"))),
    ("a digest a number", |t| {
        edit(t, |v| v["revoked"][0] = json!(1))
    }),
    ("a digest uppercase", |t| {
        edit(t, |v| {
            let d = v["revoked"][0].as_str().unwrap_or("").to_uppercase();
            v["revoked"][0] = json!(d);
        })
    }),
    ("a digest repeated", |t| {
        edit(t, |v| {
            let d = v["revoked"][0].clone();
            if let Some(r) = v["revoked"].as_array_mut() {
                r.push(d);
            }
        })
    }),
    ("a digest of 63 digits", |t| {
        edit(t, |v| {
            let d = v["revoked"][0].as_str().unwrap_or("").to_owned();
            v["revoked"][0] = json!(d.get(1..).unwrap_or(""));
        })
    }),
    ("format escaped (valid)", |t| {
        replace(
            t,
            "\"uniqr-revocation-list\"",
            "\"uniqr\\u002drevocation-list\"",
        )
    }),
    ("revoked empty (valid)", |t| {
        edit(t, |v| v["revoked"] = json!([]))
    }),
    ("invalid UTF-8 in a digest", |t| {
        let mut b = t.as_bytes().to_vec();
        if let Some(i) = t.find("\"revoked\":[\"") {
            b.insert(i + 12, 0xff);
        }
        b
    }),
    ("byte order mark", |t| format!("\u{feff}{t}").into_bytes()),
    ("trailing garbage", |t| format!("{t}x").into_bytes()),
];

/// A valid list file as compact JSON, the base the edits work on.
pub fn compact(text: &str) -> Option<String> {
    serde_json::from_str::<J>(text).ok().map(|v| v.to_string())
}

/// The file after a structural edit of its JSON value.
fn edit(text: &str, f: impl FnOnce(&mut J)) -> Vec<u8> {
    let mut v: J = serde_json::from_str(text).unwrap_or(J::Null);
    f(&mut v);
    v.to_string().into_bytes()
}

fn remove(v: &mut J, key: &str) {
    if let Some(m) = v.as_object_mut() {
        m.remove(key);
    }
}

/// An object's member values as an array.
fn values(v: &J) -> J {
    J::Array(
        v.as_object()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default(),
    )
}

fn replace(text: &str, from: &str, to: &str) -> Vec<u8> {
    text.replacen(from, to, 1).into_bytes()
}

/// The first member `key` written twice in a row (a duplicate member name,
/// which a parser into a map silently merges).
fn dup(text: &str, key: &str) -> Vec<u8> {
    let name = format!("\"{key}\":");
    let Some(start) = text.find(&name) else {
        return text.as_bytes().to_vec();
    };
    let value = start + name.len();
    let end = value + value_len(&text[value..]);
    format!("{},{}", &text[..end], &text[start..]).into_bytes()
}

/// The length of the JSON value at the start of compact text.
fn value_len(s: &str) -> usize {
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    for (i, c) in s.char_indices() {
        if in_str {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' if depth == 0 => return i + 1,
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '[' | '{' => depth += 1,
            ']' | '}' if depth == 0 => return i,
            ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            ',' if depth == 0 => return i,
            _ => {}
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_repeat_the_whole_member() {
        let t = r#"{"a":[1,{"b":"x,]"}],"c":"d\"e","n":12}"#;
        assert_eq!(
            String::from_utf8(dup(t, "a")).unwrap(),
            r#"{"a":[1,{"b":"x,]"}],"a":[1,{"b":"x,]"}],"c":"d\"e","n":12}"#
        );
        assert!(
            String::from_utf8(dup(t, "c"))
                .unwrap()
                .contains(r#""c":"d\"e","c":"d\"e""#)
        );
        assert!(
            String::from_utf8(dup(t, "n"))
                .unwrap()
                .ends_with(r#""n":12,"n":12}"#)
        );
    }
}
