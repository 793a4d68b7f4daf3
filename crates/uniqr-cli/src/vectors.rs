//! `uniqr vectors generate|list|check`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use uniqr_conform::vectors::{self, Suite};

use super::{Failure, emit, exit, print_json};

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
    if out.join("manifest.json").exists() {
        // Only ever delete inside a folder that is a suite already.
        let old = Suite::load(out).map_err(Failure)?;
        for rel in old.files().keys().filter(|p| suite.file(p).is_none()) {
            std::fs::remove_file(out.join(rel)).map_err(|e| Failure(format!("{rel}: {e}")))?;
        }
    }
    suite.write(out).map_err(Failure)?;
    eprintln!(
        "wrote {} cases ({} files) to {}",
        suite.cases().len(),
        suite.files().len(),
        out.display()
    );
    Ok(exit::OK)
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
