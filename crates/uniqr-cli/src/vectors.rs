//! `uniqr vectors generate|list|check`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use uniqr_conform::vectors::{self, Suite};

use super::{Failure, emit, exit, print_json, read_file};

/// Output format for machine or human readers.
#[derive(Clone, Copy, Default, ValueEnum)]
pub enum Format {
    /// Human-readable lines.
    #[default]
    Text,
    /// JSON on stdout.
    Json,
}

#[derive(Subcommand)]
pub enum VectorsCommand {
    /// Regenerate the whole suite from the fixed seed.
    Generate {
        /// Output folder (files not in the suite are removed from an
        /// existing suite folder).
        #[arg(long, default_value = "vectors")]
        out: PathBuf,
    },
    /// List the cases.
    List(ListArgs),
    /// Check digests, case consistency and coverage.
    Check(SuiteArgs),
}

#[derive(Args)]
pub struct SuiteArgs {
    /// Suite folder (default: the suite embedded in this binary).
    #[arg(long)]
    suite: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    suite: SuiteArgs,
    /// Only cases of this category.
    #[arg(long)]
    category: Option<String>,
}

/// Loads `--suite DIR` or the embedded suite.
pub fn load_suite(dir: Option<&Path>) -> Result<Suite, Failure> {
    match dir {
        Some(d) => Suite::load(d).map_err(Failure),
        None => vectors::embedded().map_err(|e| Failure(format!("embedded suite: {e}"))),
    }
}

pub fn run(c: VectorsCommand) -> Result<u8, Failure> {
    match c {
        VectorsCommand::Generate { out } => generate(&out),
        VectorsCommand::List(a) => list(a),
        VectorsCommand::Check(a) => check(a),
    }
}

fn generate(out: &Path) -> Result<u8, Failure> {
    let suite = vectors::generate().map_err(|e| Failure(format!("generator: {e}")))?;
    let stale = previous_suite_files(out)?;
    suite.write(out).map_err(Failure)?;
    // Only files the previous suite's own manifest lists, and that the new
    // suite does not write, are removed: never anything else in the folder.
    let mut removed = 0;
    for rel in stale.iter().filter(|p| suite.file(p).is_none()) {
        let path = out.join(rel);
        if plain_file_inside(out, rel) {
            std::fs::remove_file(&path).map_err(|e| Failure(format!("{rel}: {e}")))?;
            removed += 1;
        }
    }
    eprintln!(
        "wrote {} cases ({} files) to {}{}",
        suite.cases().len(),
        suite.files().len(),
        out.display(),
        if removed > 0 {
            format!("; removed {removed} files of the previous suite")
        } else {
            String::new()
        }
    );
    Ok(exit::OK)
}

/// Whether `rel` names a regular file under `out` through real folders
/// only: no component on the way is a symlink, so a removal never reaches
/// outside `out`.
fn plain_file_inside(out: &Path, rel: &str) -> bool {
    let mut at = out.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let Ok(m) = std::fs::symlink_metadata(&at) else {
            return false;
        };
        let last = i + 1 == parts.len();
        if (last && !m.is_file()) || (!last && !m.is_dir()) {
            return false;
        }
    }
    true
}

/// The files the suite already in `out` lists in its manifest: none for a
/// missing or empty folder. A non-empty folder must be a uniqr suite (a
/// manifest of this format at its top), or nothing is written; a symlink
/// is never followed.
fn previous_suite_files(out: &Path) -> Result<Vec<String>, Failure> {
    let meta = match std::fs::symlink_metadata(out) {
        Err(_) => return Ok(Vec::new()),
        Ok(m) => m,
    };
    if !meta.is_dir() {
        return Err(Failure(format!(
            "{}: not a folder (a symlink is not followed)",
            out.display()
        )));
    }
    let empty = std::fs::read_dir(out)
        .map_err(|e| Failure(format!("{}: {e}", out.display())))?
        .next()
        .is_none();
    if empty {
        return Ok(Vec::new());
    }
    let refuse = |why: &str| {
        Failure(format!(
            "{}: {why}; vectors generate writes only into a new or empty folder or over a \
             uniqr suite",
            out.display()
        ))
    };
    let manifest = out.join(vectors::MANIFEST);
    if !std::fs::symlink_metadata(&manifest).is_ok_and(|m| m.is_file()) {
        return Err(refuse("not empty and holds no manifest.json"));
    }
    let text = read_file(&manifest)?;
    let m: vectors::Manifest = serde_json::from_str(&text)
        .map_err(|_| refuse("its manifest.json is not a uniqr suite manifest"))?;
    if m.suite != "uniqr-v1-vectors" {
        return Err(refuse("its manifest.json is not a uniqr suite manifest"));
    }
    // A listed path stays inside the folder: relative, no `..`.
    Ok(m.files
        .into_keys()
        .filter(|p| {
            !p.is_empty()
                && !p.starts_with('/')
                && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
        })
        .collect())
}

fn list(a: ListArgs) -> Result<u8, Failure> {
    let suite = load_suite(a.suite.suite.as_deref())?;
    let cases: Vec<_> = suite
        .cases()
        .iter()
        .filter(|c| a.category.as_ref().is_none_or(|cat| &c.category == cat))
        .collect();
    match a.suite.format {
        Format::Json => {
            let rows: Vec<_> = cases
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "id": c.id, "category": c.category, "op": c.op.name(),
                        "valid": c.expected.valid, "error": c.expected.error,
                        "requirements": c.requirements, "title": c.title,
                    })
                })
                .collect();
            print_json(&rows)?;
        }
        Format::Text => {
            for c in cases {
                let verdict = c.expected.error.as_deref().unwrap_or("valid");
                emit(&format!(
                    "{:<48} {:<12} {:<24} {}",
                    c.id,
                    c.op.name(),
                    verdict,
                    c.title
                ))?;
            }
        }
    }
    Ok(exit::OK)
}

fn check(a: SuiteArgs) -> Result<u8, Failure> {
    let suite = load_suite(a.suite.as_deref())?;
    let problems = vectors::check(&suite);
    let sides = vectors::sides(&suite);
    let both = sides.iter().filter(|s| s.both()).count();
    let complete = sides.iter().filter(|s| s.complete()).count();
    match a.format {
        Format::Json => print_json(&serde_json::json!({
            "ok": problems.is_empty(), "cases": suite.cases().len(),
            "digest": suite.digest(), "problems": problems,
            "requirements": sides,
        }))?,
        Format::Text => {
            for p in &problems {
                emit(p)?;
            }
            // Both sides of each rule: cases that must pass and cases that
            // must fail (informative; a one-sided rule is a gap to close).
            emit("requirement    accepted  rejected")?;
            for s in &sides {
                let mark = match (s.both(), s.one_sided) {
                    (true, _) => String::new(),
                    (false, Some(why)) => format!("  one-sided rule: {why}"),
                    (false, None) => "  one side only".into(),
                };
                emit(&format!(
                    "{:<14} {:>8}  {:>8}{mark}",
                    s.requirement, s.accepted, s.rejected
                ))?;
            }
            emit(&format!(
                "{both} of {} requirements covered from both sides, {} more one-sided by nature, {} with a side missing",
                sides.len(),
                complete - both,
                sides.len() - complete
            ))?;
            emit(&format!(
                "{} cases, {} problems, suite digest {}",
                suite.cases().len(),
                problems.len(),
                suite.digest()
            ))?;
        }
    }
    Ok(if problems.is_empty() {
        exit::OK
    } else {
        exit::INVALID
    })
}
