//! `uniqr fuzz`: differential fuzzing of a vendor against the reference.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use uniqr_conform::fuzz::{self, Event, Options};
use uniqr_conform::runner;
use uniqr_conform::vectors::Op;

use super::conform::VendorArgs;
use super::{Failure, emit, exit, progress_bar};

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Text,
    Json,
}

#[derive(Args)]
pub struct FuzzArgs {
    #[command(flatten)]
    vendor: VendorArgs,
    /// Parallel workers, each with its own vendor connection.
    #[arg(long, value_name = "N", default_value_t = 1)]
    jobs: usize,
    /// Seed: the same seed and vendor give the same cases and findings.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    /// Run for this long (`90s`, `10m`, `2h`) instead of a case count.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "cases")]
    time: Option<Duration>,
    /// Number of cases (default 10000 without --time).
    #[arg(long, value_name = "N")]
    cases: Option<u64>,
    /// Operations to fuzz, comma-separated: verify, decode, encode,
    /// scan_verify.
    #[arg(
        long,
        value_name = "OPS",
        value_delimiter = ',',
        default_value = "verify,decode,encode,scan_verify"
    )]
    ops: Vec<String>,
    /// Write the findings (a suite `uniqr conform --suite` replays) and
    /// `fuzz-report.json` into this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Time limit per vendor request, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    timeout_ms: u64,
    /// Builds the minimiser may try per finding (0 turns it off).
    #[arg(long, value_name = "N", default_value_t = 200)]
    minimise_steps: usize,
    /// Findings minimised and saved; further signatures are only counted.
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_findings: usize,
    /// `json` also prints the JSON report on stdout; the summary always
    /// goes to stderr.
    #[arg(long, value_enum, default_value = "text")]
    format: OutFormat,
}

/// Parses `500ms`, `90s`, `10m`, `2h` or plain seconds.
fn parse_duration(s: &str) -> Result<Duration, String> {
    let (num, unit) = s
        .find(|c: char| !c.is_ascii_digit())
        .map_or((s, "s"), |i| s.split_at(i));
    let n: u64 = num.parse().map_err(|_| format!("not a duration: {s}"))?;
    let ms = match unit {
        "ms" => Some(n),
        "s" => n.checked_mul(1000),
        "m" => n.checked_mul(60_000),
        "h" => n.checked_mul(3_600_000),
        _ => None,
    };
    ms.map(Duration::from_millis)
        .filter(|d| *d <= fuzz::engine::MAX_TIME && !d.is_zero())
        .ok_or_else(|| format!("duration {s}: use ms, s, m or h, more than 0 and at most 7 days"))
}

fn parse_op(s: &str) -> Result<Op, Failure> {
    match s.trim() {
        "verify" => Ok(Op::Verify),
        "decode" => Ok(Op::Decode),
        "encode" => Ok(Op::Encode),
        "scan_verify" => Ok(Op::ScanVerify),
        other => Err(Failure(format!(
            "--ops {other}: fuzzable operations are verify, decode, encode and scan_verify"
        ))),
    }
}

pub fn fuzz(a: FuzzArgs) -> Result<u8, Failure> {
    let mut ops = Vec::new();
    for s in &a.ops {
        let op = parse_op(s)?;
        if !ops.contains(&op) {
            ops.push(op);
        }
    }
    if a.cases.is_some_and(|n| n > fuzz::engine::MAX_CASES) {
        return Err(Failure(format!(
            "--cases: at most {}",
            fuzz::engine::MAX_CASES
        )));
    }
    let opts = Options {
        vendor: a.vendor.vendor()?,
        jobs: a.jobs,
        seed: a.seed,
        cases: a.cases.unwrap_or(10_000),
        time: a.time,
        ops,
        timeout: Duration::from_millis(a.timeout_ms.max(1)),
        handshake_timeout: Duration::from_millis(a.vendor.handshake_timeout_ms.max(1)),
        profiles: a.vendor.profile.clone(),
        minimise_steps: a.minimise_steps,
        max_findings: a.max_findings,
    };
    let interrupted = runner::interrupt_flag();
    let bar = progress_bar("{bar:40} {pos}/{len} {per_sec} {elapsed_precise} {msg}");
    let found = std::sync::atomic::AtomicU64::new(0);
    let on_event = |e: Event| {
        let Some(b) = &bar else { return };
        match e {
            Event::Started(Some(n)) => b.set_length(n),
            // A --time run has no length: count up instead.
            Event::Started(None) => b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {pos} cases {per_sec} {elapsed_precise} {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            ),
            Event::Case(finding) => {
                b.inc(1);
                if finding {
                    let n = found.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    b.set_message(format!("{n} disagreeing cases"));
                }
            }
            Event::Minimising(i, n) => b.set_message(format!("minimising finding {i}/{n}")),
        }
    };
    let mut fuzzed = fuzz::run(&opts, &interrupted, &on_event).map_err(Failure)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if let Some(dir) = &a.out {
        for (f, v) in fuzzed.report.findings.iter_mut().zip(&fuzzed.vectors) {
            f.vector = Some(fuzz::save::path_of(v));
        }
        let report = fuzzed.report.to_json();
        fuzz::save::save(
            dir,
            &fuzzed.world,
            &fuzzed.vectors,
            &fuzzed.files,
            opts.seed,
            &report,
        )
        .map_err(Failure)?;
        eprintln!("report: {}", dir.join(fuzz::save::REPORT).display());
    }
    eprint!("{}", fuzzed.report.to_text());
    if let OutFormat::Json = a.format {
        emit(fuzzed.report.to_json().trim_end())?;
    }
    Ok(if fuzzed.report.clean() {
        exit::OK
    } else {
        exit::INVALID
    })
}
