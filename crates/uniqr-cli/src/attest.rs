//! `uniqr attest verify`, and the `--attest` flags `conform` and `interop`
//! share (spec/attestation.md).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use uniqr_conform::attest::{self, LabKey, LabPublicKey, Predicate, Subject};
use uniqr_conform::interop::report::term;
use uniqr_conform::output::write_atomic;
use uniqr_conform::runner::Vendor;

use super::{Failure, emit, exit, read_file};

/// Largest artifact hashed (an app bundle can be large, not unbounded).
const MAX_ARTIFACT: u64 = 4 << 30;

/// The flags that sign a result.
#[derive(Args, Clone, Default)]
pub struct AttestArgs {
    /// Sign the result with this lab key (`uniqr keygen --usage attest`):
    /// an in-toto statement in a DSSE envelope, bound to the SHA-256 of the
    /// tested artifacts.
    #[arg(long, value_name = "LAB.key")]
    attest: Option<PathBuf>,
    /// Another artifact to bind the attestation to, such as the APK or IPA
    /// that ships the tested codec (repeatable; the vendor's executable or
    /// library is always one).
    #[arg(long, value_name = "FILE", requires = "attest")]
    artifact: Vec<PathBuf>,
    /// Where to write the attestation (default: attestation.intoto.json in
    /// the report folder).
    #[arg(long, value_name = "PATH", requires = "attest")]
    attest_out: Option<PathBuf>,
}

/// A lab key and where its attestation goes, checked before the run.
pub struct Attester {
    key: LabKey,
    out: PathBuf,
    artifacts: Vec<PathBuf>,
}

impl AttestArgs {
    /// Whether `--attest` was given.
    pub fn is_set(&self) -> bool {
        self.attest.is_some()
    }

    /// Loads the lab key and settles the output path, so that a bad key
    /// fails before a long run.
    pub fn attester(&self, report_dir: Option<&Path>) -> Result<Option<Attester>, Failure> {
        let Some(path) = &self.attest else {
            return Ok(None);
        };
        let key = LabKey::from_json(&read_file(path)?)
            .map_err(|e| Failure(format!("--attest {}: {e}", path.display())))?;
        let out = match (&self.attest_out, report_dir) {
            (Some(p), _) => p.clone(),
            (None, Some(d)) => d.join("attestation.intoto.json"),
            (None, None) => {
                return Err(Failure(
                    "--attest: say where the attestation goes (--attest-out PATH, or a \
                     report folder)"
                        .into(),
                ));
            }
        };
        uniqr_conform::output::check_writable(&out).map_err(Failure)?;
        for a in &self.artifact {
            std::fs::metadata(a)
                .map_err(|e| Failure(format!("--artifact {}: {e}", a.display())))?;
        }
        Ok(Some(Attester {
            key,
            out,
            artifacts: self.artifact.clone(),
        }))
    }
}

/// Hashes a file (streamed) into a subject named by its file name.
pub fn subject(path: &Path) -> Result<Subject, Failure> {
    Subject::of_file(path, MAX_ARTIFACT).map_err(Failure)
}

/// The file that is the vendor (R-AT-1): its executable, found on `PATH`
/// like a shell finds it, its library, or this binary for the built-in
/// reference.
pub fn vendor_file(v: &Vendor) -> Result<PathBuf, Failure> {
    match v {
        Vendor::Reference => std::env::current_exe()
            .map_err(|e| Failure(format!("cannot find the uniqr binary: {e}"))),
        Vendor::Library { path, .. } | Vendor::LibraryInProcess { path } => Ok(path.clone()),
        Vendor::Command { argv, .. } => {
            let program = argv.first().map(String::as_str).unwrap_or_default();
            if program.contains('/') {
                return Ok(PathBuf::from(program));
            }
            std::env::var_os("PATH")
                .iter()
                .flat_map(std::env::split_paths)
                .map(|d| d.join(program))
                .find(|p| p.is_file())
                .ok_or_else(|| Failure(format!("--attest: {program} is not on PATH")))
        }
    }
}

/// The runner binary's SHA-256 (R-AT-3).
pub fn runner_sha256() -> Result<String, Failure> {
    let exe = std::env::current_exe()
        .map_err(|e| Failure(format!("cannot find the uniqr binary: {e}")))?;
    Ok(subject(&exe)?
        .digest
        .get("sha256")
        .cloned()
        .unwrap_or_default())
}

impl Attester {
    /// Signs `predicate` for `vendors` plus the `--artifact` files and
    /// writes the envelope.
    pub fn write<P: serde::Serialize>(
        &self,
        vendors: &[PathBuf],
        predicate_type: &str,
        predicate: &P,
    ) -> Result<(), Failure> {
        let mut subjects = Vec::new();
        for p in vendors.iter().chain(&self.artifacts) {
            let s = subject(p)?;
            if !subjects.contains(&s) {
                subjects.push(s);
            }
        }
        let envelope =
            attest::sign(subjects, predicate_type, predicate, &self.key).map_err(Failure)?;
        write_atomic(&self.out, &envelope).map_err(Failure)?;
        eprintln!(
            "attestation: {} (lab key {})",
            self.out.display(),
            self.key.public().kid()
        );
        Ok(())
    }
}

#[derive(Subcommand)]
pub enum AttestCommand {
    /// Verify an attestation: its signature by a lab key, its statement,
    /// and that each --artifact is one of its subjects. Exit 0 verified,
    /// 1 rejected (with the reason), 2 usage or I/O error.
    Verify(VerifyArgs),
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The attestation file (a DSSE envelope).
    file: PathBuf,
    /// The lab's public key file.
    #[arg(long, value_name = "LAB.pub")]
    key: PathBuf,
    /// A file that must be a subject of the attestation (repeatable).
    #[arg(long, value_name = "FILE")]
    artifact: Vec<PathBuf>,
}

pub fn run(c: AttestCommand) -> Result<u8, Failure> {
    let AttestCommand::Verify(a) = c;
    let key = LabPublicKey::from_json(&read_file(&a.key)?)
        .map_err(|e| Failure(format!("--key {}: {e}", a.key.display())))?;
    let envelope = read_file(&a.file)?;
    let artifacts = a
        .artifact
        .iter()
        .map(|p| subject(p))
        .collect::<Result<Vec<_>, _>>()?;
    match attest::verify(&envelope, &key, &artifacts) {
        Ok(v) => {
            let what = match &v.predicate {
                Predicate::Conformance(p) => format!(
                    "conformance of {} {}: {} (suite {}, {})",
                    p.vendor.name.as_deref().unwrap_or(&p.vendor.command),
                    p.vendor.version.as_deref().unwrap_or(""),
                    p.verdict_text,
                    p.suite.version,
                    p.suite.kind
                ),
                Predicate::Interop(p) => format!(
                    "interop matrix of {} vendors: {}",
                    p.vendors.len(),
                    p.verdict
                ),
            };
            let subjects: Vec<String> = v
                .subjects
                .iter()
                .map(|s| {
                    format!(
                        "{} sha256:{}",
                        s.name,
                        s.digest.get("sha256").map_or("", String::as_str)
                    )
                })
                .collect();
            // Signed, but the vendor wrote its name: shown escaped.
            emit(&term(&format!(
                "verified: {what}; signed by lab key {}; subjects: {}",
                v.kid,
                subjects.join(", ")
            )))?;
            Ok(exit::OK)
        }
        Err(why) => {
            eprintln!("uniqr: attestation rejected: {}", term(&why.to_string()));
            Ok(exit::INVALID)
        }
    }
}
