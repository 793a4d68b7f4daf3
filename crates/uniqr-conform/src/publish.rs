//! The results site a regulator publishes (`uniqr publish`,
//! `spec/results-site.md`): attestations, conformance reports and interop
//! matrices found in folders are collected into one model ([`Results`],
//! [`collect`]) and rendered as a static site ([`build`]): a front page of
//! vendors × profiles, a requirement × implementation matrix, the spec
//! documents with an anchor per requirement id, a page per vendor with its
//! history, the interop matrices, badges, and `results.json` for machines.
//!
//! A result is **certified** only when it is an attestation that verifies
//! with one of the lab keys given; everything else (an unsigned report, an
//! attestation whose key is not given or whose signature does not verify)
//! is **self-reported**, with the reason.
//!
//! Every page is self-contained (no script, style sheet, font or image is
//! loaded from elsewhere; badges are inlined), links only relatively, and
//! works from `file://`. Every text that comes from an input file is
//! escaped. The same inputs give the same bytes, apart from the generation
//! time stamp that each page and `results.json` carry.

pub mod badge;
pub mod collect;
pub mod docs;
pub mod index;
pub mod model;
pub mod pages;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use collect::{Limits, collect};
pub use model::{Origin, Results, Run, Trust, predicate_from_report};

/// The profiles, in the order the front page shows them.
pub const PROFILES: [&str; 5] = ["verifier", "scanner", "issuer", "inspector", "renderer"];

/// A rendered site: relative path (with `/`) → contents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Site {
    /// Every file of the site.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Site {
    fn add(&mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), contents.into());
    }
}

/// A vendor's slug: lowercase ASCII letters, digits and `-` (runs of other
/// characters become one `-`); `vendor` if nothing is left.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(60);
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "vendor".into() } else { out }
}

/// Renders the whole site. `generated` is the time stamp the pages show
/// (the only part that differs between two builds of the same inputs).
pub fn build(results: &Results, generated: &str) -> Site {
    let mut site = Site::default();
    let view = model::View::of(results);
    pages::render_all(&view, generated, &mut site);
    for doc in docs::DOCS {
        site.add(
            format!("spec/{}.html", doc.stem),
            pages::spec_page(&doc, generated),
        );
    }
    for v in &view.vendors {
        for (profile, run) in &v.current {
            let b = badge::Badge::of(profile, run);
            site.add(
                format!("badges/{}-{profile}.svg", v.slug),
                badge::svg(&b.label, &b.message, b.color),
            );
            site.add(format!("badges/{}-{profile}.json", v.slug), b.endpoint());
        }
    }
    let mut files: Vec<String> = site.files.keys().cloned().collect();
    files.push(index::FILE.into());
    files.sort();
    site.add(index::FILE, index::render(&view, &files, generated));
    site
}

/// Whether `dir` may receive a site: missing, empty, or holding a previous
/// site's `results.json`. A symlink is refused.
///
/// # Errors
/// A message naming the folder when it is a symlink, not a folder, cannot
/// be read, or holds files and no previous site.
pub fn check_out(dir: &Path) -> Result<(), String> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    };
    if !meta.is_dir() {
        return Err(format!(
            "{}: exists and is not a folder (a symlink is not followed)",
            dir.display()
        ));
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if entries.next().is_none() {
        return Ok(());
    }
    let previous = dir.join(index::FILE);
    let is_site = std::fs::symlink_metadata(&previous)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .and_then(|_| std::fs::read_to_string(&previous).ok())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|v| v.get("format").and_then(|f| f.as_str()) == Some(index::FORMAT));
    if is_site {
        Ok(())
    } else {
        Err(format!(
            "{}: not empty and holds no previous site ({} of format {}); \
             choose a new or empty folder",
            dir.display(),
            index::FILE,
            index::FORMAT
        ))
    }
}

/// Writes the site into `dir` ([`check_out`] first): each file atomically,
/// creating folders as needed. No symlink is followed or replaced, and no
/// file other than the site's is touched.
///
/// # Errors
/// A message naming the path on a refusal or an I/O error.
pub fn write(dir: &Path, site: &Site) -> Result<(), String> {
    check_out(dir)?;
    crate::output::real_dir(dir)?;
    for (rel, contents) in &site.files {
        let mut path = dir.to_path_buf();
        let parts: Vec<&str> = rel.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            path.push(part);
            if i + 1 < parts.len() {
                crate::output::real_dir(&path)?;
            }
        }
        refuse_link(&path)?;
        crate::output::write(&path, contents, crate::output::Options::default())?;
    }
    Ok(())
}

fn refuse_link(path: &PathBuf) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(format!(
            "{}: a symlink; refused (the site never writes through links)",
            path.display()
        )),
        Ok(m) if !m.is_file() => Err(format!("{}: not a regular file; refused", path.display())),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii_alphanumerics_and_dashes() {
        assert_eq!(slug("Acme Verifier 2.0"), "acme-verifier-2-0");
        assert_eq!(slug("proxy <trunc> & co"), "proxy-trunc-co");
        assert_eq!(slug("--Ünïcode--"), "n-code");
        assert_eq!(slug("<>"), "vendor");
    }

    #[test]
    fn an_out_folder_with_foreign_files_is_refused() {
        let d = tempfile::tempdir().unwrap();
        check_out(&d.path().join("new")).unwrap();
        check_out(d.path()).unwrap();
        std::fs::write(d.path().join("notes.txt"), "mine").unwrap();
        let err = check_out(d.path()).unwrap_err();
        assert!(err.contains("no previous site"), "{err}");
        std::fs::write(
            d.path().join(index::FILE),
            format!("{{\"format\":\"{}\"}}", index::FORMAT),
        )
        .unwrap();
        check_out(d.path()).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn writing_refuses_symlinks_in_the_site() {
        let d = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let out = d.path().join("site");
        std::os::unix::fs::symlink(elsewhere.path(), &out).unwrap();
        let mut site = Site::default();
        site.add("index.html", "x");
        assert!(write(&out, &site).unwrap_err().contains("symlink"));
        let out = d.path().join("real");
        std::fs::create_dir(&out).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), out.join("badges")).unwrap();
        std::fs::write(
            out.join(index::FILE),
            format!("{{\"format\":\"{}\"}}", index::FORMAT),
        )
        .unwrap();
        site.add("badges/a.svg", "<svg/>");
        assert!(write(&out, &site).unwrap_err().contains("not a folder"));
        assert!(
            std::fs::read_dir(elsewhere.path())
                .unwrap()
                .next()
                .is_none()
        );
    }
}
