//! `uniqr interop`: the cross-vendor matrix.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use uniqr_conform::interop::lab::{Lab, Sources};
use uniqr_conform::interop::matrix::Matrix;
use uniqr_conform::interop::{self, Event, Options, Participant, html, report};
use uniqr_conform::output::{self, write_atomic};
use uniqr_conform::runner::Vendor;

use super::attest::{self, AttestArgs};
use super::vectors::load_suite;
use super::{Failure, exit, parse_time, progress_bar};

const EXIT_HELP: &str = "\
Exit codes:
  0  every cell passes (INTEROPERABLE)
  1  a cell fails, or a vendor did not start (NOT INTEROPERABLE)
  2  usage error: a bad flag, vendor name, payload or key folder, a
     --previous file that is not a matrix, or a lab set the reference
     itself cannot issue and verify at --now

Every --vendor is one row (if it lists encode) and one column per channel
(verify: text, scan_verify: image); the reference is always both.
Example:
  uniqr interop --vendor shim='uniqr shim' --report html=matrix.html";

/// Largest --previous file read.
const MAX_PREVIOUS: u64 = 64 << 20;

#[derive(Args)]
#[command(after_help = EXIT_HELP)]
pub struct InteropArgs {
    /// A vendor command: NAME='CMD ARGS' (repeatable). NAME is what the
    /// matrix shows (A-Z a-z 0-9 - _ .); the command is split like a shell
    /// splits words, and no shell is started.
    #[arg(long, value_name = "NAME='CMD ARGS'")]
    vendor: Vec<String>,
    /// A vendor shared library (vendor ABI): NAME=PATH (repeatable), loaded
    /// in a host process of its own.
    #[arg(long, value_name = "NAME=PATH")]
    vendor_lib: Vec<String>,
    /// A folder of payload files (*.json) to issue; default: the golden
    /// suite's valid issuing payloads. Claims are derived from --now.
    #[arg(long, value_name = "DIR")]
    payloads: Option<PathBuf>,
    /// A folder of private key files (*.json) to sign with, in turn;
    /// default: the golden suite's test keys.
    #[arg(long, value_name = "DIR")]
    keys: Option<PathBuf>,
    /// Verification time, RFC 3339 (default: 2026-06-01T00:00:00Z, inside
    /// the default lab set's validity, so a run gives the same matrix on
    /// any date).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    now: Option<i64>,
    /// Parallel vendor tasks.
    #[arg(long, value_name = "N", default_value_t = 1)]
    jobs: usize,
    /// Write matrix.json, the four reports and every issued text and image
    /// (issued/ISSUER/PAYLOAD.txt, .png) into this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// An earlier matrix.json: every report lists the new failures and the
    /// fixes since.
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    /// Write a report: FORMAT=PATH with FORMAT text, json, junit or html
    /// (repeatable; PATH - is stdout).
    #[arg(long, value_name = "FORMAT=PATH")]
    report: Vec<String>,
    /// Time limit per request, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    timeout_ms: u64,
    /// Time limit for starting a vendor and its hello, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 30_000)]
    handshake_timeout_ms: u64,
    /// Time limit for the whole run, in seconds: requests not sent by then
    /// fail their cells.
    #[arg(long, value_name = "N", default_value_t = 1800)]
    deadline_s: u64,
    #[command(flatten)]
    attest: AttestArgs,
}

/// The report formats of `--report`.
#[derive(Clone, Copy)]
enum Format {
    Text,
    Json,
    Junit,
    Html,
}

fn render(f: Format, run: &interop::Run) -> String {
    match f {
        Format::Text => report::text(&run.matrix),
        Format::Json => report::json(&run.matrix),
        Format::Junit => report::junit(&run.matrix),
        Format::Html => html::render(&run.matrix, &run.issued),
    }
}

fn participants(a: &InteropArgs) -> Result<Vec<Participant>, Failure> {
    let mut out = Vec::new();
    for v in &a.vendor {
        let (name, cmd) = v
            .split_once('=')
            .ok_or_else(|| Failure(format!("--vendor {v:?}: expected NAME='CMD ARGS'")))?;
        let argv = shlex::split(cmd)
            .filter(|w| !w.is_empty())
            .ok_or_else(|| Failure(format!("--vendor {v:?}: cannot split into words")))?;
        out.push(Participant {
            name: name.to_owned(),
            vendor: Vendor::Command {
                argv,
                spawn_per_case: false,
            },
        });
    }
    for v in &a.vendor_lib {
        let (name, lib) = v
            .split_once('=')
            .ok_or_else(|| Failure(format!("--vendor-lib {v:?}: expected NAME=PATH")))?;
        // dlopen searches system paths for a bare name: make it a path.
        let path = std::path::absolute(lib)
            .and_then(|p| std::fs::metadata(&p).map(|_| p))
            .map_err(|e| Failure(format!("--vendor-lib {v}: {e}")))?;
        let exe = std::env::current_exe()
            .map_err(|e| Failure(format!("cannot find the uniqr binary: {e}")))?;
        out.push(Participant {
            name: name.to_owned(),
            vendor: Vendor::Library {
                path,
                host: vec![exe.to_string_lossy().into_owned(), "vendor-host".into()],
            },
        });
    }
    Ok(out)
}

/// Writes the matrix, the reports and the issued codes into `dir`.
fn write_out(dir: &Path, run: &interop::Run) -> Result<(), Failure> {
    output::real_dir(dir).map_err(Failure)?;
    for (f, name) in [
        (Format::Json, "matrix.json"),
        (Format::Text, "report.txt"),
        (Format::Junit, "junit.xml"),
        (Format::Html, "report.html"),
    ] {
        write_atomic(&dir.join(name), &render(f, run)).map_err(Failure)?;
    }
    let issued = dir.join("issued");
    output::real_dir(&issued).map_err(Failure)?;
    for ((issuer, id), code) in &run.issued {
        // Vendor names are checked (R-IO-1) and ids are suite ids or file
        // stems: neither holds a path separator.
        let folder = issued.join(issuer);
        output::real_dir(&folder).map_err(Failure)?;
        if let Ok(text) = &code.text {
            write_atomic(&folder.join(format!("{id}.txt")), &format!("{text}\n"))
                .map_err(Failure)?;
        }
        if let Some(Ok(png)) = &code.image {
            output::write(
                &folder.join(format!("{id}.png")),
                png,
                output::Options::default(),
            )
            .map_err(Failure)?;
        }
    }
    Ok(())
}

fn previous(path: &Path) -> Result<Matrix, Failure> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_PREVIOUS + 1).read_to_string(&mut text))
        .map_err(|e| Failure(format!("--previous {}: {e}", path.display())))?;
    if text.len() as u64 > MAX_PREVIOUS {
        return Err(Failure(format!(
            "--previous {}: larger than {MAX_PREVIOUS} bytes",
            path.display()
        )));
    }
    Matrix::from_json(&text).map_err(|e| Failure(format!("--previous {}: {e}", path.display())))
}

pub fn interop(a: InteropArgs) -> Result<u8, Failure> {
    let mut reports = Vec::new();
    for r in &a.report {
        let (f, p) = r
            .split_once('=')
            .ok_or_else(|| Failure(format!("--report {r}: expected FORMAT=PATH")))?;
        let f = match f {
            "text" => Format::Text,
            "json" => Format::Json,
            "junit" => Format::Junit,
            "html" => Format::Html,
            _ => {
                return Err(Failure(format!(
                    "--report {r}: FORMAT is text, json, junit or html"
                )));
            }
        };
        reports.push((f, PathBuf::from(p)));
    }
    for (_, path) in &reports {
        output::check_writable(path).map_err(Failure)?;
    }
    let earlier = a.previous.as_deref().map(previous).transpose()?;
    let attester = a.attest.attester(a.out.as_deref())?;
    let suite = load_suite(None)?;
    let lab = Lab::load(
        &suite,
        &Sources {
            payloads: a.payloads.as_deref(),
            keys: a.keys.as_deref(),
            now: a.now,
        },
    )
    .map_err(Failure)?;
    let participants = participants(&a)?;
    // Every vendor's file is a subject, the reference's (this binary) too.
    let mut vendor_files = Vec::new();
    if attester.is_some() {
        vendor_files.push(attest::vendor_file(&Vendor::Reference)?);
        for p in &participants {
            vendor_files.push(attest::vendor_file(&p.vendor)?);
        }
    }
    let opts = Options {
        participants,
        jobs: a.jobs.max(1),
        timeout: Duration::from_millis(a.timeout_ms.max(1)),
        handshake_timeout: Duration::from_millis(a.handshake_timeout_ms.max(1)),
        deadline: Duration::from_secs(a.deadline_s.max(1)),
    };
    let bar = progress_bar("{bar:40} {pos}/{len} requests");
    let on_event = |e: Event| {
        if let Some(b) = &bar {
            match e {
                Event::Started(n) => b.set_length(n as u64),
                Event::Done => b.inc(1),
            }
        }
    };
    let mut run = interop::run(&lab, &opts, &on_event).map_err(Failure)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if let Some(p) = &earlier {
        run.matrix.compare(p);
    }
    if let Some(dir) = &a.out {
        write_out(dir, &run)?;
    }
    for (f, path) in &reports {
        output::write(
            path,
            render(*f, &run).as_bytes(),
            output::Options::default(),
        )
        .map_err(Failure)?;
    }
    if let Some(at) = &attester {
        let predicate = uniqr_conform::attest::interop(
            &run.matrix,
            &attest::runner_sha256()?,
            &uniqr_conform::attest::host(),
        );
        at.write(&vendor_files, uniqr_conform::attest::INTEROP, &predicate)?;
    }
    eprint!("{}", report::text(&run.matrix));
    if let Some(d) = &a.out {
        eprintln!("matrix: {}", d.join("matrix.json").display());
    }
    for (_, path) in reports.iter().filter(|(_, p)| !output::is_stdout(p)) {
        eprintln!("report: {}", path.display());
    }
    Ok(if run.matrix.passes() {
        exit::OK
    } else {
        exit::INVALID
    })
}
