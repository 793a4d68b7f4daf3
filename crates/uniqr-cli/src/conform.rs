//! `uniqr conform` and `uniqr shim`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use uniqr_conform::output::write_atomic;
use uniqr_conform::profile::Profile;
use uniqr_conform::report::Format;
use uniqr_conform::runner::{self, Baseline, Event, Options, Vendor};
use uniqr_conform::vectors::{self, Suite, SuiteKind};

use super::attest::{self, AttestArgs};
use super::vectors::load_suite;
use super::{Failure, exit, progress_bar, read_file};

/// Which codec to drive: shared by `conform` and `fuzz`.
#[derive(Args)]
pub struct VendorArgs {
    /// Vendor command, split like a shell splits words (no shell is
    /// started). Default: the built-in reference, in process.
    #[arg(long, value_name = "'CMD ARGS'", conflicts_with = "vendor_lib")]
    vendor: Option<String>,
    /// Vendor shared library implementing the vendor ABI
    /// (spec/uniqr_vendor.h). It is loaded in a separate host process, so a
    /// crash or hang in it fails only the case at hand.
    #[arg(long, value_name = "PATH.so")]
    vendor_lib: Option<PathBuf>,
    /// Load --vendor-lib into the runner process itself, for speed (long
    /// fuzz runs). NO CRASH ISOLATION: a crash in the library ends the run
    /// and --timeout-ms is not enforced. Trusted libraries only.
    #[arg(long, requires = "vendor_lib")]
    in_process: bool,
    /// Start one vendor process per case (one request, one reply).
    #[arg(long, requires = "vendor")]
    spawn_per_case: bool,
    /// Judge this profile (repeatable): verifier, scanner, issuer or
    /// inspector. Overrides the profiles the vendor claims in its hello;
    /// without either, the profiles follow from the operations it lists.
    #[arg(long, value_name = "PROFILE", value_parser = parse_profile)]
    pub profile: Vec<Profile>,
    /// Time limit for starting the vendor and answering its hello, in
    /// milliseconds (interpreters and version managers can be slow to
    /// start on a loaded machine).
    #[arg(long, value_name = "N", default_value_t = 30_000)]
    pub handshake_timeout_ms: u64,
}

/// Parses a profile name for clap.
fn parse_profile(s: &str) -> Result<Profile, String> {
    Profile::parse(s)
        .ok_or_else(|| format!("{s:?}: profiles are verifier, scanner, issuer and inspector"))
}

impl VendorArgs {
    /// The vendor these flags name.
    pub fn vendor(&self) -> Result<Vendor, Failure> {
        Ok(match (&self.vendor, &self.vendor_lib) {
            (_, Some(lib)) => {
                // dlopen searches system paths for a bare name: make it a path.
                let path = std::path::absolute(lib)
                    .and_then(|p| std::fs::metadata(&p).map(|_| p))
                    .map_err(|e| Failure(format!("--vendor-lib {}: {e}", lib.display())))?;
                if self.in_process {
                    Vendor::LibraryInProcess { path }
                } else {
                    let exe = std::env::current_exe()
                        .map_err(|e| Failure(format!("cannot find the uniqr binary: {e}")))?;
                    Vendor::Library {
                        path,
                        host: vec![exe.to_string_lossy().into_owned(), "vendor-host".into()],
                    }
                }
            }
            (None, None) => Vendor::Reference,
            (Some(cmd), None) => Vendor::Command {
                argv: shlex::split(cmd)
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| Failure(format!("--vendor {cmd:?}: cannot split into words")))?,
                spawn_per_case: self.spawn_per_case,
            },
        })
    }
}

/// What `conform` exits with.
const EXIT_HELP: &str = "\
Exit codes:
  0  nothing failed among the cases that ran (CONFORMANT, CONFORMANT WITH N
     WAIVERS or PARTIAL); with --certify, only a plain CONFORMANT
  1  a failure, a stale baseline line, an expired waiver, or a run that did
     not complete (deadline or Ctrl-C); with --certify, any verdict but
     CONFORMANT
  2  usage error, the vendor could not start or claims nothing to certify,
     no case selected, or a suite that does not match its manifest";

#[derive(Args)]
#[command(after_help = EXIT_HELP)]
pub struct ConformArgs {
    #[command(flatten)]
    vendor: VendorArgs,
    /// Suite folder (default: the suite embedded in this binary). Its files
    /// must match its manifest; a suite other than this release's is a
    /// custom suite, and its verdict at best PARTIAL.
    #[arg(long, value_name = "DIR")]
    suite: Option<PathBuf>,
    /// Run a --suite whose files do not match its manifest; the verdict is
    /// then PARTIAL (modified suite) and the report names the suite by the
    /// digest of its files as they are.
    #[arg(long, requires = "suite")]
    allow_modified_suite: bool,
    /// The regulator's mode: exit 0 only for a plain CONFORMANT verdict;
    /// baselines, filters, skips and custom or modified suites are refused.
    #[arg(long)]
    certify: bool,
    /// Run only cases whose id or category/id matches (repeatable).
    #[arg(long, value_name = "GLOB")]
    filter: Vec<String>,
    /// Skip cases whose id or category/id matches (repeatable).
    #[arg(long, value_name = "GLOB")]
    skip: Vec<String>,
    /// Expected-failure baseline (TOML).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write a baseline listing every current failure, then exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Time limit per request, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    timeout_ms: u64,
    /// Time limit for the whole run, in seconds.
    #[arg(long, value_name = "N", default_value_t = 1800)]
    deadline_s: u64,
    /// Parallel vendor processes.
    #[arg(long, value_name = "N", default_value_t = 1)]
    jobs: usize,
    /// Write a report: FORMAT=PATH with FORMAT text, json, junit or html
    /// (repeatable).
    #[arg(long, value_name = "FORMAT=PATH")]
    report: Vec<String>,
    /// Write all four reports into this folder.
    #[arg(long, value_name = "DIR")]
    report_dir: Option<PathBuf>,
    #[command(flatten)]
    attest: AttestArgs,
}

/// Refuses what a certifying run must not have.
fn check_certify(a: &ConformArgs) -> Result<(), Failure> {
    let refused = [
        (a.baseline.is_some(), "--baseline"),
        (a.write_baseline.is_some(), "--write-baseline"),
        (!a.filter.is_empty(), "--filter"),
        (!a.skip.is_empty(), "--skip"),
        (a.allow_modified_suite, "--allow-modified-suite"),
    ];
    match refused.iter().find(|(given, _)| *given) {
        Some((_, flag)) => Err(Failure(format!(
            "--certify: {flag} is refused (a certified verdict covers the whole official suite)"
        ))),
        None => Ok(()),
    }
}

/// Loads the suite and checks it against its manifest (and, with
/// --certify, against this release's suite).
fn checked_suite(a: &ConformArgs) -> Result<Suite, Failure> {
    let suite = load_suite(a.suite.as_deref())?;
    if suite.cases().is_empty() {
        return Err(Failure("the suite has no cases".into()));
    }
    let identity = suite.identity(&vectors::official_digest());
    match identity.kind {
        SuiteKind::Modified if !a.allow_modified_suite => Err(Failure(format!(
            "the suite does not match its manifest (use --allow-modified-suite to run it \
             anyway, with a PARTIAL verdict):\n  {}",
            identity.problems.join("\n  ")
        ))),
        SuiteKind::Custom | SuiteKind::Modified if a.certify => Err(Failure(format!(
            "--certify: the suite is not this release's official suite (its digest is {})",
            identity.digest
        ))),
        _ => Ok(suite),
    }
}

pub fn conform(a: ConformArgs) -> Result<u8, Failure> {
    if a.certify {
        check_certify(&a)?;
    }
    // A signed result is a certification: only --certify runs are signed
    // (R-AT-3).
    if a.attest.is_set() && !a.certify {
        return Err(Failure("--attest: only a --certify run is attested".into()));
    }
    let attester = a.attest.attester(a.report_dir.as_deref())?;
    let suite = checked_suite(&a)?;
    let mut reports: Vec<(Format, PathBuf)> = Vec::new();
    for r in &a.report {
        let (f, p) = r
            .split_once('=')
            .ok_or_else(|| Failure(format!("--report {r}: expected FORMAT=PATH")))?;
        let f = Format::parse(f)
            .ok_or_else(|| Failure(format!("--report {r}: FORMAT is text, json, junit or html")))?;
        reports.push((f, PathBuf::from(p)));
    }
    if let Some(d) = &a.report_dir {
        for (f, name) in [
            (Format::Text, "report.txt"),
            (Format::Json, "report.json"),
            (Format::Junit, "junit.xml"),
            (Format::Html, "report.html"),
        ] {
            reports.push((f, d.join(name)));
        }
    }
    // Every output is checked before the first case: a run of an hour is
    // never lost to a report path that cannot be written.
    for (_, path) in &reports {
        uniqr_conform::output::check_writable(path).map_err(Failure)?;
    }
    if let Some(p) = &a.write_baseline {
        uniqr_conform::output::check_writable(p).map_err(Failure)?;
    }
    let baseline = match &a.baseline {
        Some(p) => Some(
            Baseline::parse(&read_file(p)?)
                .map_err(|e| Failure(format!("{}: {e}", p.display())))?,
        ),
        None => None,
    };
    let vendor = a.vendor.vendor()?;
    let vendor_file = match &attester {
        Some(_) => Some(attest::vendor_file(&vendor)?),
        None => None,
    };
    let opts = Options {
        vendor,
        filters: a.filter.clone(),
        skips: a.skip.clone(),
        timeout: Duration::from_millis(a.timeout_ms.max(1)),
        handshake_timeout: Duration::from_millis(a.vendor.handshake_timeout_ms.max(1)),
        profiles: a.vendor.profile.clone(),
        jobs: a.jobs.max(1),
        deadline: Duration::from_secs(a.deadline_s.max(1)),
        baseline,
        now: None,
    };
    let interrupted = runner::interrupt_flag();
    let bar = progress_bar("{bar:40} {pos}/{len} {msg}");
    let on_event = |e: Event| {
        if let Some(b) = &bar {
            match e {
                Event::Started(n) => b.set_length(n as u64),
                Event::Finished(id, kind) => {
                    b.inc(1);
                    if kind != "pass" {
                        b.set_message(format!("{kind}: {id}"));
                    }
                }
            }
        }
    };
    let report = runner::run(&suite, &opts, &interrupted, &on_event).map_err(Failure)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    for (f, path) in &reports {
        write_atomic(path, &f.render(&report, &suite)).map_err(Failure)?;
    }
    if let (Some(at), Some(file)) = (&attester, &vendor_file) {
        let predicate = uniqr_conform::attest::conformance(
            &report,
            &suite,
            &attest::runner_sha256()?,
            a.certify,
            &uniqr_conform::attest::host(),
        );
        at.write(
            std::slice::from_ref(file),
            uniqr_conform::attest::CONFORMANCE,
            &predicate,
        )?;
    }
    eprint!("{}", Format::Text.render(&report, &suite));
    for (_, path) in &reports {
        eprintln!("report: {}", path.display());
    }
    if let Some(p) = &a.write_baseline {
        let pairs: Vec<_> = report
            .cases
            .iter()
            .filter_map(|c| {
                suite
                    .cases()
                    .iter()
                    .find(|s| s.id == c.id)
                    .map(|s| (s, &c.outcome))
            })
            .collect();
        let b = Baseline::from_failures(&pairs);
        write_atomic(p, &b.to_toml()).map_err(Failure)?;
        eprintln!("baseline: {} ({} entries)", p.display(), b.expected.len());
        return Ok(exit::OK);
    }
    let ok = if a.certify {
        report.certified()
    } else {
        report.passed()
    };
    Ok(if ok { exit::OK } else { exit::INVALID })
}

#[derive(Args)]
pub struct ShimArgs {}

pub fn shim(_: ShimArgs) -> Result<u8, Failure> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    uniqr_conform::harness::shim::serve(&mut stdin.lock(), &mut stdout.lock())
        .map_err(|e| Failure(format!("shim: {e}")))?;
    Ok(exit::OK)
}
