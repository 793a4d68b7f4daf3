//! Saves findings as a suite folder (R-FZ-6): each finding one case file in
//! the golden format, with the keys and trust files the cases name and a
//! manifest, so `uniqr conform --suite DIR` replays them. Findings of
//! earlier runs in the same folder are kept (a case with the same
//! signature is replaced), so the folder grows into a regression suite.
//! The JSON report is saved with them and listed in the manifest.

use std::collections::BTreeMap;
use std::path::Path;

use super::world::World;
use crate::vectors::{Case, Suite};

const MANIFEST: &str = "manifest.json";

const README: &str = "# Fuzz findings

Each case here is a disagreement between a vendor codec and the reference,
found by `uniqr fuzz` and minimised. The expected outcome is the reference's
answer. Replay them with:

    uniqr conform --suite THIS_FOLDER --vendor 'YOUR CODEC'

Case ids name the operation, the mutated layer and a hash of the finding's
signature; a later run that finds the same signature replaces the case.
";

/// Name of the report file in `--out`.
pub const REPORT: &str = "fuzz-report.json";

/// Where a case is saved, relative to the folder.
pub fn path_of(case: &Case) -> String {
    format!("{}/{}.json", case.category, case.id)
}

/// Whether `path` is an image of the case `id` (any folder, any format).
fn is_image_of(path: &str, id: &str) -> bool {
    [".png", ".jpg"]
        .iter()
        .any(|ext| path.ends_with(&format!("/{id}{ext}")))
}

/// Writes `cases`, the `files` they name beyond the world's (`scan_verify`
/// images) and the report into `dir`, merged with a suite already there. The report is one of the suite's files, listed in its manifest;
/// with no case to save and no suite there, only the report is written.
///
/// # Errors
/// I/O errors, or an existing folder that is not a valid suite.
pub fn save(
    dir: &Path,
    world: &World,
    cases: &[Case],
    files_of_cases: &BTreeMap<String, Vec<u8>>,
    seed: u64,
    report: &str,
) -> Result<(), String> {
    if cases.is_empty() && !dir.join(MANIFEST).exists() {
        return crate::output::write_atomic(&dir.join(REPORT), report);
    }
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    if dir.join(MANIFEST).exists() {
        let old = Suite::load(dir)?;
        files.extend(old.files().clone());
    }
    files.extend(world.suite.files().clone());
    files.insert("README.md".into(), README.as_bytes().to_vec());
    files.insert(REPORT.into(), report.as_bytes().to_vec());
    for c in cases {
        let path = path_of(c);
        // Same id in another category (a changed layer name): drop it.
        files.retain(|p, _| !p.ends_with(&format!("/{}.json", c.id)) || *p == path);
        if let Some(image) = &c.input.image {
            files.retain(|p, _| !is_image_of(p, &c.id) || p == image);
            if let Some(bytes) = files_of_cases.get(image) {
                files.insert(image.clone(), bytes.clone());
            }
        }
        let mut json = serde_json::to_string_pretty(c).map_err(|e| e.to_string())?;
        json.push('\n');
        files.insert(path, json.into_bytes());
    }
    files.remove(MANIFEST);
    let mut suite = Suite::from_files(files)?;
    let manifest = suite.compute_manifest(seed);
    let mut json = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    json.push('\n');
    suite.put(MANIFEST.into(), json.into_bytes());
    suite.write(dir)
}
