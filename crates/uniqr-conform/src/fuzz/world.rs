//! The fixed world every fuzz case lives in: the golden suite's test keys
//! and trust files, plus two fuzz-only files (a revocation list of known
//! certificate ids and an ES256-only trust list). Findings are saved with
//! these files, so a saved vector replays exactly.

use sha2::{Digest, Sha256};

use super::files::{REVOCATION_EDITS, TRUST_EDITS, compact, revocation_path, trust_path};
use super::sign::FixedNonce;
use crate::vectors::Suite;
use uniqr::cose::Alg;
use uniqr::signer::Signer;
use uniqr::trust::{Revocations, TrustList};

/// The default trust list.
pub const TRUST: &str = "trust/main.json";
/// The ES256-only trust list (EdDSA keys are unknown in it).
pub const TRUST_ES256: &str = "trust/fuzz-es256-only.json";
/// The empty revocation list.
pub const REVOKED_NONE: &str = "trust/revoked-none.json";
/// The revocation list of [`World::revoked_cti`].
pub const REVOKED: &str = "trust/fuzz-revoked.json";
/// A key file whose kid does not match its key (`KEY_FILE_INVALID`).
pub const BAD_KEY: &str = "keys/invalid-kid-mismatch.json";

/// Number of certificate ids on [`REVOKED`].
pub const REVOKED_CTIS: usize = 4;

/// The signing keys, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyId {
    /// ES256, VN-HN, every usage.
    Es,
    /// EdDSA, VN-HN, every usage.
    Ed,
    /// ES256, VN-SG, every usage.
    EsSg,
    /// EdDSA, VN-HN, test entries only.
    EdTests,
    /// ES256, VN-HN, window ended 2026-01-01.
    EsOld,
    /// ES256, VN-HN, window from 2026-01-01T00:00:01Z.
    EsLate,
    /// ES256, in no trust list.
    EsStranger,
    /// EdDSA, in no trust list.
    EdStranger,
}

const KEY_FILES: [(KeyId, &str); 8] = [
    (KeyId::Es, "keys/test-es256-vn-hn.json"),
    (KeyId::Ed, "keys/test-eddsa-vn-hn.json"),
    (KeyId::EsSg, "keys/test-es256-vn-sg.json"),
    (KeyId::EdTests, "keys/test-eddsa-vn-hn-tests-only.json"),
    (KeyId::EsOld, "keys/test-es256-vn-hn-window-ended.json"),
    (KeyId::EsLate, "keys/test-es256-vn-hn-window-later.json"),
    (KeyId::EsStranger, "keys/test-es256-untrusted.json"),
    (KeyId::EdStranger, "keys/test-eddsa-untrusted.json"),
];

/// Keys, trust files and their paths.
pub struct World {
    /// The files (`keys/`, `trust/`), in suite form, without cases.
    pub suite: Suite,
    signers: Vec<(KeyId, &'static str, Signer, Option<FixedNonce>)>,
    /// Trust list files that fail to load (`TRUST_LIST_INVALID`).
    pub bad_trust: Vec<String>,
    /// Revocation list files that fail to load (`REVOCATION_LIST_INVALID`).
    pub bad_revoked: Vec<String>,
    /// The trust-list syntax variants of [`super::files::TRUST_EDITS`].
    pub trust_files: Vec<String>,
    /// The revocation-list syntax variants of
    /// [`super::files::REVOCATION_EDITS`].
    pub revocation_files: Vec<String>,
}

/// The `i`-th revoked certificate id (fixed, independent of the seed).
pub fn revoked_cti(i: usize) -> [u8; 16] {
    let h = Sha256::digest(format!("uniqr-fuzz-revoked:{i}"));
    let mut c = [0u8; 16];
    c.copy_from_slice(&h[..16]);
    c
}

impl World {
    /// Builds the world from the suite embedded in this build.
    ///
    /// # Errors
    /// A message if the embedded suite lacks a key or trust file.
    pub fn new() -> Result<World, String> {
        let golden = crate::vectors::embedded()?;
        let mut files = std::collections::BTreeMap::new();
        for (path, bytes) in golden.files() {
            if path.starts_with("keys/") && path.ends_with(".json") || path.starts_with("trust/") {
                files.insert(path.clone(), bytes.clone());
            }
        }
        let text = |p: &str| {
            files
                .get(p)
                .and_then(|b| String::from_utf8(b.clone()).ok())
                .ok_or_else(|| format!("embedded suite lacks {p}"))
        };
        let mut signers = Vec::new();
        for (id, path) in KEY_FILES {
            let s = Signer::from_json(&text(path)?).map_err(|e| format!("{path}: {e}"))?;
            let fast = FixedNonce::new(s.secret());
            signers.push((id, path, s, fast));
        }
        let main_text = text(TRUST)?;
        let main = TrustList::from_json(&main_text).map_err(|e| format!("{TRUST}: {e}"))?;
        let es256: Vec<_> = main
            .keys()
            .iter()
            .filter(|k| k.key.alg() == Alg::Es256)
            .cloned()
            .collect();
        let es256 = TrustList::new(es256).map_err(|e| e.to_string())?;
        let ctis: Vec<[u8; 16]> = (0..REVOKED_CTIS).map(revoked_cti).collect();
        files.insert(TRUST_ES256.into(), es256.to_json().into_bytes());
        files.insert(
            REVOKED.into(),
            Revocations::from_ctis(&ctis).to_json().into_bytes(),
        );
        // Syntax variants of the two lists the cases use most (R-FZ-9).
        let trust_base = compact(&main_text).ok_or("trust/main.json is not JSON")?;
        let revoked_base = compact(&Revocations::from_ctis(&ctis).to_json())
            .ok_or("the fuzz revocation list is not JSON")?;
        let mut trust_files = Vec::new();
        for (i, (_, edit)) in TRUST_EDITS.iter().enumerate() {
            files.insert(trust_path(i), edit(&trust_base));
            trust_files.push(trust_path(i));
        }
        let mut revocation_files = Vec::new();
        for (i, (_, edit)) in REVOCATION_EDITS.iter().enumerate() {
            files.insert(revocation_path(i), edit(&revoked_base));
            revocation_files.push(revocation_path(i));
        }
        let (mut bad_trust, mut bad_revoked) = (Vec::new(), Vec::new());
        for (path, bytes) in &files {
            if !path.starts_with("trust/invalid-") {
                continue;
            }
            let format = serde_json::from_slice::<serde_json::Value>(bytes)
                .ok()
                .and_then(|v| v.get("format").and_then(|f| f.as_str()).map(str::to_owned));
            match format.as_deref() {
                Some("uniqr-revocation-list") => bad_revoked.push(path.clone()),
                _ => bad_trust.push(path.clone()),
            }
        }
        Ok(World {
            suite: Suite::from_files(files)?,
            signers,
            bad_trust,
            bad_revoked,
            trust_files,
            revocation_files,
        })
    }

    /// The signer of a key.
    pub fn signer(&self, k: KeyId) -> &Signer {
        &self.entry(k).2
    }

    fn entry(&self, k: KeyId) -> &(KeyId, &'static str, Signer, Option<FixedNonce>) {
        // KEY_FILES lists every KeyId, and `new` loads each or fails.
        let i = self.signers.iter().position(|(id, ..)| *id == k);
        &self.signers[i.unwrap_or(0)]
    }

    /// A signature by key `k` over `msg`: fixed-nonce ECDSA for ES256
    /// ([`FixedNonce`]), the signer's own for EdDSA.
    pub fn sign(&self, k: KeyId, msg: &[u8]) -> [u8; 64] {
        match &self.entry(k).3 {
            Some(fast) => fast.sign(msg),
            None => self.entry(k).2.sign(msg),
        }
    }

    /// The key file path of a key.
    pub fn key_path(&self, k: KeyId) -> &'static str {
        KEY_FILES
            .iter()
            .find(|(id, _)| *id == k)
            .map_or(KEY_FILES[0].1, |(_, p)| p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_from_the_embedded_suite() {
        let w = World::new().unwrap();
        assert_eq!(w.signer(KeyId::Ed).alg(), Alg::EdDsa);
        assert_eq!(w.signer(KeyId::EsSg).issuer(), "VN-SG");
        assert!(w.suite.file(REVOKED).is_some() && w.suite.file(TRUST_ES256).is_some());
        let revoked =
            Revocations::from_json(std::str::from_utf8(w.suite.file(REVOKED).unwrap()).unwrap())
                .unwrap();
        assert!(revoked.contains(&revoked_cti(REVOKED_CTIS - 1)));
        assert!(!w.bad_trust.is_empty() && !w.bad_revoked.is_empty());
        assert!(w.suite.cases().is_empty());
    }

    #[test]
    fn list_syntax_variants_load_only_when_marked_valid() {
        let w = World::new().unwrap();
        let text = |p: &str| {
            std::str::from_utf8(w.suite.file(p).unwrap())
                .ok()
                .map(str::to_owned)
        };
        assert_eq!(w.trust_files.len(), TRUST_EDITS.len());
        assert_eq!(w.revocation_files.len(), REVOCATION_EDITS.len());
        for (path, (name, _)) in w.trust_files.iter().zip(TRUST_EDITS) {
            let ok = text(path).is_some_and(|t| TrustList::from_json(&t).is_ok());
            assert_eq!(ok, name.contains("(valid)"), "{name}");
        }
        for (path, (name, _)) in w.revocation_files.iter().zip(REVOCATION_EDITS) {
            let ok = text(path).is_some_and(|t| Revocations::from_json(&t).is_ok());
            assert_eq!(ok, name.contains("(valid)"), "{name}");
        }
    }
}
