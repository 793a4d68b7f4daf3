//! A suite in memory: every file by relative path, the parsed cases, and
//! the manifest of digests.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Case, SUITE_VERSION};
use uniqr::hex;

/// The manifest (`manifest.json`): suite version and a digest of every
/// other file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always `uniqr-v1-vectors`.
    pub suite: String,
    /// [`SUITE_VERSION`] of the generator that wrote it.
    pub version: String,
    /// The generator seed.
    pub seed: u64,
    /// Number of cases.
    pub cases: usize,
    /// Case count per category.
    pub categories: BTreeMap<String, usize>,
    /// SHA-256 (hex) of every file but the manifest, by relative path.
    pub files: BTreeMap<String, String>,
}

/// A whole suite: files by relative path (with `/` separators) and cases in
/// id order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Suite {
    files: BTreeMap<String, Vec<u8>>,
    cases: Vec<Case>,
}

/// Name of the manifest file.
pub const MANIFEST: &str = "manifest.json";

/// What a suite is, for the verdict: only the official suite, intact, can
/// make a run `CONFORMANT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuiteKind {
    /// The suite of this release, every file matching its manifest.
    Official,
    /// Another suite whose files match its own manifest (a findings suite
    /// of `uniqr fuzz`, an older or newer release).
    Custom,
    /// Files that do not match the manifest (edited, added or removed).
    Modified,
}

/// A suite's identity: its kind and the digest a report names it by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Official, custom or modified.
    pub kind: SuiteKind,
    /// The manifest's SHA-256 when the files match it; for a modified
    /// suite, the SHA-256 of a manifest computed from the files as they
    /// are, so it can never pass for the suite it was copied from.
    pub digest: String,
    /// For a modified suite, what differs from the manifest.
    pub problems: Vec<String>,
}

fn sha256_hex(b: &[u8]) -> String {
    hex::encode(&Sha256::digest(b))
}

impl Suite {
    /// Builds a suite from its files, parsing every case file (a `.json`
    /// file inside a category folder other than `keys/` and `trust/`).
    ///
    /// # Errors
    /// A message naming the first file that is not a valid case.
    pub fn from_files(files: BTreeMap<String, Vec<u8>>) -> Result<Suite, String> {
        let mut cases = Vec::new();
        for (path, bytes) in &files {
            if !is_case_path(path) {
                continue;
            }
            let case: Case = serde_json::from_slice(bytes).map_err(|e| format!("{path}: {e}"))?;
            let want = format!("{}/{}.json", case.category, case.id);
            if *path != want {
                return Err(format!("{path}: case must live at {want}"));
            }
            cases.push(case);
        }
        cases.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(w) = cases.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(format!("duplicate case id {}", w[0].id));
        }
        Ok(Suite { files, cases })
    }

    /// Loads a suite folder.
    ///
    /// # Errors
    /// I/O errors and invalid cases, with the path.
    pub fn load(dir: &Path) -> Result<Suite, String> {
        let mut files = BTreeMap::new();
        let mut budget = Budget {
            files: MAX_FILES,
            bytes: MAX_TOTAL_BYTES,
        };
        read_tree(dir, dir, 0, &mut budget, &mut files)?;
        Suite::from_files(files)
    }

    /// Writes every file under `dir` (each atomically).
    ///
    /// # Errors
    /// I/O errors, with the path.
    pub fn write(&self, dir: &Path) -> Result<(), String> {
        crate::output::real_dir(dir)?;
        for (rel, bytes) in &self.files {
            // Every folder on the way is a real folder inside `dir`, never a
            // symlink out of it.
            let mut at = dir.to_path_buf();
            let parts: Vec<&str> = rel.split('/').collect();
            for part in &parts[..parts.len().saturating_sub(1)] {
                at.push(part);
                crate::output::real_dir(&at)?;
            }
            let path = dir.join(rel);
            if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
                return Err(format!(
                    "{}: not a regular file (a suite never writes through a symlink)",
                    path.display()
                ));
            }
            // An unpredictable temporary name, created exclusively, then
            // renamed over the file.
            crate::output::write(&path, bytes, crate::output::Options::default())?;
        }
        Ok(())
    }

    /// The cases, in id order.
    pub fn cases(&self) -> &[Case] {
        &self.cases
    }

    /// A file by relative path.
    pub fn file(&self, rel: &str) -> Option<&[u8]> {
        self.files.get(rel).map(Vec::as_slice)
    }

    /// Every file by relative path.
    pub fn files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.files
    }

    /// The parsed manifest, if present and valid.
    pub fn manifest(&self) -> Option<Manifest> {
        serde_json::from_slice(self.file(MANIFEST)?).ok()
    }

    /// SHA-256 (hex) of the manifest: one digest for the whole suite.
    pub fn digest(&self) -> String {
        sha256_hex(self.file(MANIFEST).unwrap_or_default())
    }

    /// Computes the manifest for the current files.
    pub fn compute_manifest(&self, seed: u64) -> Manifest {
        let mut categories = BTreeMap::new();
        for c in &self.cases {
            *categories.entry(c.category.clone()).or_insert(0) += 1;
        }
        Manifest {
            suite: "uniqr-v1-vectors".into(),
            version: SUITE_VERSION.into(),
            seed,
            cases: self.cases.len(),
            categories,
            files: self
                .files
                .iter()
                .filter(|(p, _)| p.as_str() != MANIFEST)
                .map(|(p, b)| (p.clone(), sha256_hex(b)))
                .collect(),
        }
    }

    /// Checks the manifest against the files: every file listed with the
    /// right digest, nothing unlisted, counts right.
    ///
    /// # Errors
    /// One message per problem.
    pub fn check_manifest(&self) -> Result<(), Vec<String>> {
        let Some(m) = self.manifest() else {
            return Err(vec![format!("{MANIFEST} missing or invalid")]);
        };
        let want = self.compute_manifest(m.seed);
        let mut problems = Vec::new();
        for (p, d) in &want.files {
            match m.files.get(p) {
                None => problems.push(format!("{p}: not in the manifest")),
                Some(x) if x != d => problems.push(format!("{p}: digest mismatch")),
                _ => {}
            }
        }
        for p in m.files.keys() {
            if !want.files.contains_key(p) {
                problems.push(format!("{p}: in the manifest but missing"));
            }
        }
        if m.cases != want.cases || m.categories != want.categories {
            problems.push("case counts in the manifest are wrong".into());
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Checks the files against the manifest and against `official`, the
    /// manifest digest of the suite this runner was built with.
    pub fn identity(&self, official: &str) -> Identity {
        match self.check_manifest() {
            Ok(()) => {
                let digest = self.digest();
                let kind = if digest == official {
                    SuiteKind::Official
                } else {
                    SuiteKind::Custom
                };
                Identity {
                    kind,
                    digest,
                    problems: Vec::new(),
                }
            }
            Err(problems) => {
                let seed = self.manifest().map_or(0, |m| m.seed);
                let actual = serde_json::to_vec(&self.compute_manifest(seed)).unwrap_or_default();
                Identity {
                    kind: SuiteKind::Modified,
                    digest: sha256_hex(&actual),
                    problems,
                }
            }
        }
    }

    /// Adds or replaces a file (used by the generator).
    pub(crate) fn put(&mut self, rel: String, bytes: Vec<u8>) {
        self.files.insert(rel, bytes);
    }

    /// Replaces the case list (used by the generator).
    pub(crate) fn set_cases(&mut self, cases: Vec<Case>) {
        self.cases = cases;
    }
}

/// Case files are `.json` files one folder deep, outside `keys/` and `trust/`.
fn is_case_path(path: &str) -> bool {
    let mut parts = path.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(dir), Some(file), None) => {
            !matches!(dir, "keys" | "trust" | "images") && file.ends_with(".json")
        }
        _ => false,
    }
}

/// Most files a suite folder may hold (R-LIM of `vectors/README.md`).
pub const MAX_FILES: usize = 20_000;
/// Largest file read from a suite folder.
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// Most bytes read from a suite folder in all.
pub const MAX_TOTAL_BYTES: u64 = 1 << 30;
/// Deepest folder nesting read.
const MAX_DEPTH: usize = 16;

/// What is left to read.
struct Budget {
    files: usize,
    bytes: u64,
}

/// Reads the regular files under `dir`: symlinks, devices and FIFOs are
/// refused (never followed, never opened), and every file, the count and
/// the total are bounded.
fn read_tree(
    root: &Path,
    dir: &Path,
    depth: usize,
    budget: &mut Budget,
    out: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), String> {
    use std::io::Read;
    if depth > MAX_DEPTH {
        return Err(format!("{}: folders nested too deep", dir.display()));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = entry.path();
        // The entry's own type: a symlink is a symlink here, not its target.
        let kind = entry
            .file_type()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if kind.is_dir() {
            read_tree(root, &path, depth + 1, budget, out)?;
            continue;
        }
        if !kind.is_file() {
            return Err(format!(
                "{}: not a regular file (a suite holds only regular files; symlinks are \
                 not followed)",
                path.display()
            ));
        }
        let rel = path
            .strip_prefix(root)
            .map_err(|e| e.to_string())?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if budget.files == 0 {
            return Err(format!("{}: more than {MAX_FILES} files", root.display()));
        }
        budget.files -= 1;
        let limit = MAX_FILE_BYTES.min(budget.bytes);
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if bytes.len() as u64 > limit {
            return Err(format!(
                "{}: larger than {MAX_FILE_BYTES} bytes, or the suite larger than \
                 {MAX_TOTAL_BYTES} bytes",
                path.display()
            ));
        }
        budget.bytes -= bytes.len() as u64;
        out.insert(rel, bytes);
    }
    Ok(())
}
