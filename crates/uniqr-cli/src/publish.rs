//! `uniqr publish`: the static results site (`spec/results-site.md`).

use std::path::PathBuf;

use clap::Args;
use uniqr_conform::attest::LabPublicKey;
use uniqr_conform::publish::{self, Limits};

use super::{Failure, exit, read_file};

const EXIT_HELP: &str = "\
Exit codes:
  0  the site was written
  2  usage or I/O error: a folder that cannot be read, a --lab-key that is
     not a public lab key, or an --out that is a symlink, not a folder, or a
     folder holding files and no previous site

Each DIR is walked recursively (no symlink is followed; at most 10,000
files, none larger than 64 MiB read) for attestations (DSSE envelopes),
conformance reports (report.json) and interop matrices (matrix.json). A
result is Certified only if it is an attestation that verifies with one of
the --lab-key files; everything else is Self-reported.
Example:
  uniqr publish results/ --lab-key lab.pub.json --out site/";

#[derive(Args)]
#[command(after_help = EXIT_HELP)]
pub struct PublishArgs {
    /// Folders holding attestations, reports and matrices.
    #[arg(value_name = "DIR", required = true)]
    dirs: Vec<PathBuf>,
    /// The site folder: new, empty, or holding a previous site (only the
    /// site's own files are replaced; nothing is deleted).
    #[arg(long, value_name = "SITE")]
    out: PathBuf,
    /// A public lab key file (uniqr-lab-public-key) whose attestations are
    /// certified (repeatable).
    #[arg(long, value_name = "LAB.pub")]
    lab_key: Vec<PathBuf>,
}

fn now() -> String {
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

pub fn publish(a: PublishArgs) -> Result<u8, Failure> {
    let mut keys = Vec::new();
    for k in &a.lab_key {
        let key = LabPublicKey::from_json(&read_file(k)?)
            .map_err(|e| Failure(format!("--lab-key {}: {e}", k.display())))?;
        keys.push(key);
    }
    publish::check_out(&a.out).map_err(Failure)?;
    let results = publish::collect(&a.dirs, &keys, Limits::default()).map_err(Failure)?;
    let site = publish::build(&results, &now());
    publish::write(&a.out, &site).map_err(Failure)?;
    let certified = results.runs.iter().filter(|r| r.trust.certified()).count();
    eprintln!(
        "site: {} ({} files; {} runs, {certified} certified; {} interop; {} ignored)",
        a.out.display(),
        site.files.len(),
        results.runs.len(),
        results.interop.len(),
        results.ignored.len()
    );
    for (path, why) in &results.ignored {
        eprintln!("ignored {path}: {why}");
    }
    Ok(exit::OK)
}
