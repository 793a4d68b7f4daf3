//! The lab set of an interop run (R-IO-2): the payloads every issuer
//! issues, with their claims and signing keys, and the trust list every
//! verifier is given.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};
use uniqr::trust::{Revocations, TrustList};
use uniqr::{Signer, timefmt};

use crate::vectors::{Op, Suite};

/// Most payloads in a lab set (R-IO-2).
pub const MAX_PAYLOADS: usize = 1000;
/// Most keys in a lab set (R-IO-2).
pub const MAX_KEYS: usize = 100;
/// Largest payload or key file read, in bytes (R-IO-2).
pub const MAX_FILE: u64 = 1 << 20;

/// The verification time of the default lab set: the suite's `now`.
pub const DEFAULT_NOW: &str = "2026-06-01T00:00:00Z";

/// One code to issue.
#[derive(Clone, Debug)]
pub struct Item {
    /// Stable id: the suite case id or the payload file's name.
    pub id: String,
    /// The payload JSON, as given to every issuer.
    pub payload: serde_json::Value,
    /// The claims JSON (`iss`, `iat`, `exp`, `cti`).
    pub claims: serde_json::Value,
    /// The name of the signing key (a key of [`Lab::keys`]).
    pub key: String,
}

/// A signing key of the lab: its file text, as sent in `encode` requests
/// (R-H-15), and the parsed signer.
#[derive(Clone, Debug)]
pub struct Key {
    /// The key file, verbatim.
    pub text: String,
    /// The parsed key.
    pub signer: Signer,
}

/// Everything the issuers and verifiers of a run are given.
#[derive(Clone, Debug)]
pub struct Lab {
    /// The codes to issue, in report order.
    pub items: Vec<Item>,
    /// Signing keys by name.
    pub keys: BTreeMap<String, Key>,
    /// The trust list of every key's public half (a trust-list file).
    pub trust: String,
    /// An empty revocation list (a revocation-list file).
    pub revoked: String,
    /// The verification time, Unix seconds.
    pub now: i64,
}

/// Where the lab set comes from.
#[derive(Clone, Debug, Default)]
pub struct Sources<'a> {
    /// A folder of payload files (`--payloads`); default: the suite's
    /// valid encode cases.
    pub payloads: Option<&'a Path>,
    /// A folder of private key files (`--keys`); default: the suite's test
    /// keys.
    pub keys: Option<&'a Path>,
    /// The verification time (`--now`); default [`DEFAULT_NOW`].
    pub now: Option<i64>,
}

/// Reads a file of at most [`MAX_FILE`] bytes as UTF-8.
fn read_small(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = String::new();
    f.take(MAX_FILE + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if text.len() as u64 > MAX_FILE {
        return Err(format!(
            "{}: larger than {MAX_FILE} bytes (R-IO-2)",
            path.display()
        ));
    }
    Ok(text)
}

/// The `*.json` regular files of a folder, sorted by name, at most `max`.
fn json_files(dir: &Path, max: usize, what: &str) -> Result<Vec<(String, String)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names = Vec::new();
    for e in entries {
        let e = e.map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = e.file_name().to_string_lossy().into_owned();
        // No symlinks followed, no folders: only what the folder holds.
        let is_file = e.file_type().map(|t| t.is_file()).unwrap_or(false);
        if is_file && name.ends_with(".json") {
            names.push(name);
        }
    }
    names.sort();
    if names.len() > max {
        return Err(format!(
            "{}: {} {what} files, more than the {max} allowed (R-IO-2)",
            dir.display(),
            names.len()
        ));
    }
    if names.is_empty() {
        return Err(format!("{}: no {what} file (*.json)", dir.display()));
    }
    names
        .into_iter()
        .map(|n| {
            let text = read_small(&dir.join(&n))?;
            let stem = n.trim_end_matches(".json").to_owned();
            Ok((stem, text))
        })
        .collect()
}

/// Claims for a payload without its own: issued a day before `now`, valid
/// for a year, with a certificate id derived from the item id, so the same
/// lab set always gives the same claims.
fn derived_claims(id: &str, signer: &Signer, now: i64) -> serde_json::Value {
    let digest = Sha256::digest(format!("uniqr-interop:{id}").as_bytes());
    let iat = now - 86_400;
    serde_json::json!({
        "iss": signer.issuer(),
        "iat": iat,
        "exp": iat + 365 * 86_400,
        "cti": uniqr::hex::encode(&digest[..16]),
    })
}

impl Lab {
    /// The lab set from `sources`, with the suite's cases and keys as the
    /// defaults.
    ///
    /// # Errors
    /// A message for an unreadable folder or file, a file that is not a
    /// payload object or a private key, too many files (R-IO-2), or an
    /// empty lab set.
    pub fn load(suite: &Suite, sources: &Sources<'_>) -> Result<Lab, String> {
        let now = match sources.now {
            Some(t) => t,
            None => timefmt::parse_strict(DEFAULT_NOW).ok_or("bad default time")?,
        };
        let mut keys = BTreeMap::new();
        let key_files = match sources.keys {
            Some(dir) => json_files(dir, MAX_KEYS, "key")?,
            None => suite_keys(suite),
        };
        for (name, text) in key_files {
            let signer =
                Signer::from_json(&text).map_err(|e| format!("key {name}: {}", e.message()))?;
            keys.insert(name, Key { text, signer });
        }
        let names: Vec<String> = keys.keys().cloned().collect();
        let items = match (sources.payloads, sources.keys) {
            (None, None) => suite_items(suite),
            (None, Some(_)) => {
                // The suite's payloads, signed with the given keys.
                let mut items = suite_items(suite);
                for (i, item) in items.iter_mut().enumerate() {
                    item.key = names[i % names.len()].clone();
                }
                items
            }
            (Some(dir), _) => {
                let mut items = Vec::new();
                for (i, (id, text)) in json_files(dir, MAX_PAYLOADS, "payload")?
                    .into_iter()
                    .enumerate()
                {
                    let payload: serde_json::Value = serde_json::from_str(&text)
                        .map_err(|e| format!("payload {id}: not JSON: {e}"))?;
                    if !payload.is_object() {
                        return Err(format!("payload {id}: not a JSON object"));
                    }
                    items.push(Item {
                        id,
                        payload,
                        claims: serde_json::Value::Null,
                        key: names[i % names.len()].clone(),
                    });
                }
                items
            }
        };
        let mut items = items;
        for item in &mut items {
            let key = keys
                .get(&item.key)
                .ok_or_else(|| format!("{}: no key named {}", item.id, item.key))?;
            if item.claims.is_null() || sources.keys.is_some() {
                item.claims = derived_claims(&item.id, &key.signer, now);
            }
        }
        if items.is_empty() {
            return Err("the lab set has no payload".into());
        }
        let trust = TrustList::new(keys.values().map(|k| k.signer.trusted().clone()).collect())
            .map_err(|e| format!("lab trust list: {}", e.message()))?
            .to_json();
        Ok(Lab {
            items,
            keys,
            trust,
            revoked: Revocations::from_ctis(&[]).to_json(),
            now,
        })
    }

    /// The SHA-256 of the trust list, lowercase hex.
    pub fn trust_digest(&self) -> String {
        uniqr::hex::encode(&Sha256::digest(self.trust.as_bytes()))
    }
}

/// The suite's plain issuing cases: the valid encode cases of categories
/// `encode-es256` and `encode-eddsa` (the example payloads with each
/// algorithm, and payloads at the limits), not the key-file corner cases.
fn is_lab_case(c: &crate::vectors::Case) -> bool {
    c.op == Op::Encode
        && c.expected.valid
        && matches!(c.category.as_str(), "encode-es256" | "encode-eddsa")
}

/// The suite's private keys that sign its plain issuing cases.
fn suite_keys(suite: &Suite) -> Vec<(String, String)> {
    let mut used: Vec<String> = suite
        .cases()
        .iter()
        .filter(|c| is_lab_case(c))
        .filter_map(|c| c.input.key.clone())
        .collect();
    used.sort();
    used.dedup();
    used.into_iter()
        .filter_map(|path| {
            let text = std::str::from_utf8(suite.file(&path)?).ok()?.to_owned();
            let name = path
                .rsplit('/')
                .next()
                .unwrap_or(&path)
                .trim_end_matches(".json")
                .to_owned();
            Some((name, text))
        })
        .collect()
}

/// The suite's valid encode cases as lab items, with their own claims and
/// keys.
fn suite_items(suite: &Suite) -> Vec<Item> {
    suite
        .cases()
        .iter()
        .filter(|c| is_lab_case(c))
        .filter_map(|c| {
            let key = c.input.key.as_deref()?;
            let key = key.rsplit('/').next()?.trim_end_matches(".json").to_owned();
            Some(Item {
                id: c.id.clone(),
                payload: c.input.payload.clone()?,
                claims: c.input.claims.clone()?,
                key,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_lab_is_the_suites_valid_encode_cases() {
        let suite = crate::vectors::embedded().unwrap();
        let lab = Lab::load(&suite, &Sources::default()).unwrap();
        assert!(lab.items.len() >= 10, "{}", lab.items.len());
        assert!(lab.items.iter().any(|i| i.id.contains("eddsa")));
        assert!(lab.items.iter().all(|i| lab.keys.contains_key(&i.key)));
        let trust = TrustList::from_json(&lab.trust).unwrap();
        assert_eq!(trust.keys().len(), lab.keys.len());
        assert_eq!(Some(lab.now), timefmt::parse_strict(DEFAULT_NOW));
    }

    #[test]
    fn payload_folders_get_derived_claims_and_rotate_keys() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b", "a", "c"] {
            std::fs::write(
                dir.path().join(format!("{name}.json")),
                include_str!("../../../../examples/payloads/identity-only.json"),
            )
            .unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let suite = crate::vectors::embedded().unwrap();
        let src = Sources {
            payloads: Some(dir.path()),
            now: Some(1_780_272_000),
            ..Sources::default()
        };
        let lab = Lab::load(&suite, &src).unwrap();
        let ids: Vec<&str> = lab.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_ne!(lab.items[0].key, lab.items[1].key);
        assert_eq!(lab.items[0].claims["iat"], 1_780_272_000 - 86_400);
        assert_ne!(lab.items[0].claims["cti"], lab.items[1].claims["cti"]);
        let again = Lab::load(&suite, &src).unwrap();
        assert_eq!(again.items[2].claims, lab.items[2].claims, "deterministic");
    }

    #[test]
    fn key_folders_resign_the_suite_payloads_with_derived_claims() {
        let suite = crate::vectors::embedded().unwrap();
        let dir = tempfile::tempdir().unwrap();
        for k in ["test-es256-vn-sg", "test-eddsa-vn-hn"] {
            let text = suite.file(&format!("keys/{k}.json")).unwrap();
            std::fs::write(dir.path().join(format!("{k}.json")), text).unwrap();
        }
        let src = Sources {
            keys: Some(dir.path()),
            ..Sources::default()
        };
        let lab = Lab::load(&suite, &src).unwrap();
        assert_eq!(lab.keys.len(), 2);
        let sg = lab
            .items
            .iter()
            .find(|i| i.key == "test-es256-vn-sg")
            .unwrap();
        assert_eq!(sg.claims["iss"], "VN-SG");
        assert!(lab.items.iter().any(|i| i.key == "test-eddsa-vn-hn"));
        let trust = TrustList::from_json(&lab.trust).unwrap();
        assert_eq!(trust.keys().len(), 2);
        std::fs::write(dir.path().join("broken.json"), "{}").unwrap();
        assert!(
            Lab::load(&suite, &src)
                .unwrap_err()
                .starts_with("key broken")
        );
    }

    #[test]
    fn refuses_bad_payload_folders() {
        let suite = crate::vectors::embedded().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let src = Sources {
            payloads: Some(dir.path()),
            ..Sources::default()
        };
        assert!(
            Lab::load(&suite, &src)
                .unwrap_err()
                .contains("no payload file")
        );
        std::fs::write(dir.path().join("x.json"), "[1]").unwrap();
        assert!(
            Lab::load(&suite, &src)
                .unwrap_err()
                .contains("not a JSON object")
        );
        std::fs::write(dir.path().join("x.json"), vec![b' '; MAX_FILE as usize + 1]).unwrap();
        assert!(Lab::load(&suite, &src).unwrap_err().contains("larger than"));
        // Too many files are refused before any is read (R-IO-2).
        let keys = tempfile::tempdir().unwrap();
        for i in 0..=MAX_KEYS {
            std::fs::write(keys.path().join(format!("k{i}.json")), "").unwrap();
        }
        let src = Sources {
            keys: Some(keys.path()),
            ..Sources::default()
        };
        assert!(
            Lab::load(&suite, &src)
                .unwrap_err()
                .contains("more than the 100 allowed")
        );
    }
}
