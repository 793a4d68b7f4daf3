//! The conformance runner (`uniqr conform`): drives a codec through the
//! golden cases, judges every answer, applies the baseline, and produces one
//! ordered [`RunReport`] for the reporters.

pub mod baseline;
pub mod transport;
#[allow(unsafe_code)]
pub mod vendor_lib;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

pub use baseline::Baseline;
use transport::{Failure, InProcess, PerCase, Persistent, Transport};

use crate::harness::protocol::Reply;
use crate::harness::{ContextRef, context_name, load_context_request, request_for};
use crate::profile::{Claim, Profile};
use crate::report::{CaseReport, Provenance, RunReport, VendorInfo};
use crate::vectors::{self, Case, Outcome, Response, Suite, judge};

/// Which codec to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Vendor {
    /// The built-in reference, in process.
    Reference,
    /// A vendor command (already split into words), and how to run it.
    Command {
        /// Program and arguments.
        argv: Vec<String>,
        /// One process per case instead of one persistent process.
        spawn_per_case: bool,
    },
    /// A vendor shared library (vendor ABI), loaded in a host process per
    /// worker: crashes and hangs fail one case (`--vendor-lib`).
    Library {
        /// The library file.
        path: PathBuf,
        /// The host command without the library, e.g. `[uniqr, "vendor-host"]`.
        host: Vec<String>,
    },
    /// A vendor shared library loaded into the runner: fast, no isolation
    /// (`--vendor-lib --in-process`).
    LibraryInProcess {
        /// The library file.
        path: PathBuf,
    },
}

/// Run options.
#[derive(Clone, Debug)]
pub struct Options {
    /// The codec under test.
    pub vendor: Vendor,
    /// Only cases whose id (or `category/id`) matches one of these globs.
    pub filters: Vec<String>,
    /// Skip cases whose id (or `category/id`) matches one of these globs.
    pub skips: Vec<String>,
    /// Time limit per request (`--timeout-ms`).
    pub timeout: Duration,
    /// Time limit for starting the vendor and its `hello`
    /// (`--handshake-timeout-ms`): a vendor started through an interpreter
    /// or a version manager can take seconds on a loaded machine.
    pub handshake_timeout: Duration,
    /// Profiles to judge, overriding the vendor's claim (`--profile`).
    pub profiles: Vec<Profile>,
    /// Parallel vendor processes.
    pub jobs: usize,
    /// Time limit for the whole run; cases not started by then are not run
    /// and the report is marked incomplete.
    pub deadline: Duration,
    /// Known failures.
    pub baseline: Option<Baseline>,
    /// The time waivers expire against, Unix seconds (default: now).
    pub now: Option<i64>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            vendor: Vendor::Reference,
            filters: Vec::new(),
            skips: Vec::new(),
            timeout: Duration::from_millis(5000),
            handshake_timeout: Duration::from_millis(30_000),
            profiles: Vec::new(),
            jobs: 1,
            deadline: Duration::from_secs(1800),
            baseline: None,
            now: None,
        }
    }
}

/// A live event, for progress display (in completion order).
#[derive(Clone, Debug)]
pub enum Event {
    /// The run starts with this many cases.
    Started(usize),
    /// A case finished with this outcome kind.
    Finished(String, &'static str),
}

/// Selects cases by the filter and skip globs.
///
/// # Errors
/// A message for an invalid glob.
pub fn select<'s>(
    suite: &'s Suite,
    filters: &[String],
    skips: &[String],
) -> Result<Vec<&'s Case>, String> {
    let compile = |gs: &[String]| {
        gs.iter()
            .map(|g| glob::Pattern::new(g).map_err(|e| format!("glob {g:?}: {e}")))
            .collect::<Result<Vec<_>, _>>()
    };
    let (filters, skips) = (compile(filters)?, compile(skips)?);
    let hit = |ps: &[glob::Pattern], c: &Case| {
        let path = format!("{}/{}", c.category, c.id);
        ps.iter().any(|p| p.matches(&c.id) || p.matches(&path))
    };
    Ok(suite
        .cases()
        .iter()
        .filter(|c| filters.is_empty() || hit(&filters, c))
        .filter(|c| !hit(&skips, c))
        .collect())
}

/// A new connection to a vendor.
pub(crate) fn transport(v: &Vendor) -> Box<dyn Transport + Send> {
    match v {
        Vendor::Reference => Box::new(InProcess::default()),
        Vendor::Command {
            argv,
            spawn_per_case: false,
        } => Box::new(Persistent::new(argv.clone())),
        Vendor::Command {
            argv,
            spawn_per_case: true,
        } => Box::new(PerCase::new(argv.clone())),
        Vendor::Library { path, host } => Box::new(vendor_lib::Isolated::new(host, path)),
        Vendor::LibraryInProcess { path } => Box::new(vendor_lib::InProcessLib::new(path)),
    }
}

fn failure(f: Failure) -> Outcome {
    match f {
        Failure::Crash(detail) => Outcome::Crash { detail },
        // Every time-out message names the flag that sets the limit.
        Failure::Timeout(detail) => Outcome::Timeout {
            detail: format!("{detail} (--timeout-ms)"),
        },
        Failure::Protocol(detail) => Outcome::ProtocolError { detail },
    }
}

/// A case's outcome and the vendor's answer, if it gave one.
type Answer = (Outcome, Option<Response>);

/// One worker's view of the vendor: its transport and loaded contexts.
pub(crate) struct Worker {
    t: Box<dyn Transport + Send>,
    inline: bool,
    /// Context name → (transport generation, load error code if any).
    contexts: HashMap<String, (u64, Option<Response>)>,
    next_id: u64,
}

impl Worker {
    /// A worker with its own connection to `vendor`.
    pub(crate) fn new(vendor: &Vendor) -> Worker {
        Worker::with(vendor, transport(vendor))
    }

    /// A worker on a connection already made (the handshake's).
    pub(crate) fn with(vendor: &Vendor, t: Box<dyn Transport + Send>) -> Worker {
        Worker {
            t,
            inline: matches!(
                vendor,
                Vendor::Command {
                    spawn_per_case: true,
                    ..
                }
            ),
            contexts: HashMap::new(),
            next_id: 0,
        }
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Runs one case; returns the outcome and the vendor's answer. Cases
    /// outside the claimed profiles are skipped without being sent.
    pub(crate) fn run(
        &mut self,
        case: &Case,
        suite: &Suite,
        timeout: Duration,
        claim: &Claim,
    ) -> (Outcome, Option<Response>) {
        if !claim.covers(case.op) {
            return (
                Outcome::Skipped {
                    reason: format!(
                        "{} is outside the claimed profiles ({})",
                        case.op.name(),
                        claim.names()
                    ),
                },
                None,
            );
        }
        let name = context_name(case);
        if let (Some(name), false) = (&name, self.inline) {
            let fresh = self
                .contexts
                .get(name)
                .is_some_and(|(g, _)| *g == self.t.generation() && self.t.generation() > 0);
            if !fresh {
                let id = self.id();
                let Some(req) = load_context_request(case, suite, id) else {
                    return (
                        Outcome::ProtocolError {
                            detail: "case without context".into(),
                        },
                        None,
                    );
                };
                match self.t.call(&req, timeout) {
                    Ok(reply) => {
                        // Kept for every case of the context: only what
                        // judging a refusal needs, the message bounded
                        // (R-H-17).
                        let err = (reply.response.ok != Some(true)).then(|| Response {
                            ok: reply.response.ok,
                            error: reply.response.error,
                            message: reply.response.message.map(|mut m| {
                                crate::vectors::judge::excerpt(
                                    &mut m,
                                    crate::vectors::judge::MAX_DETAIL,
                                );
                                m
                            }),
                            unsupported: reply.response.unsupported,
                            ..Response::default()
                        });
                        self.contexts
                            .insert(name.clone(), (self.t.generation(), err));
                    }
                    Err(f) => return (failure(f), None),
                }
            }
            if let Some((_, Some(err))) = self.contexts.get(name) {
                // The vendor refused the context: that is its answer.
                let r = err.clone();
                return (judge(case, &r), Some(r));
            }
        }
        let id = self.id();
        let ctx = match (&name, self.inline) {
            (Some(n), false) => ContextRef::Named(n),
            _ => ContextRef::Inline,
        };
        let req = request_for(case, suite, id, ctx);
        match self.t.call(&req, timeout) {
            Ok(reply) => (judge(case, &reply.response), Some(reply.response)),
            Err(f) => (failure(f), None),
        }
    }
}

/// Runs the selected cases and returns the report, cases in suite order.
///
/// `interrupted` stops the run early (Ctrl-C); `events` receives live
/// progress. The report's verdict covers the claimed profiles only
/// ([`Claim::resolve`]).
///
/// # Errors
/// A message if the vendor cannot be started or fails the handshake, claims
/// nothing to certify, no case is selected, or a filter glob is invalid.
pub fn run(
    suite: &Suite,
    opts: &Options,
    interrupted: &AtomicBool,
    events: &(dyn Fn(Event) + Sync),
) -> Result<RunReport, String> {
    let started = uniqr::timefmt::now();
    let now = opts.now.unwrap_or(started);
    let cases = select(suite, &opts.filters, &opts.skips)?;
    if cases.is_empty() {
        return Err(if suite.cases().is_empty() {
            "the suite has no cases".to_owned()
        } else {
            "no case matches the --filter and --skip globs".to_owned()
        });
    }
    let (hello, first) = handshake(&opts.vendor, opts.handshake_timeout)?;
    let claim = Claim::resolve(
        &opts.profiles,
        hello.as_ref().and_then(|h| h.profiles.as_deref()),
        hello.as_ref().and_then(|h| h.ops.as_deref()),
    )?;
    events(Event::Started(cases.len()));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<(Answer, u64)>>> = Mutex::new(vec![None; cases.len()]);
    let deadline = Instant::now() + opts.deadline;
    // The handshake's connection serves the first worker, so a persistent
    // vendor is greeted once, not twice.
    let first = Mutex::new(first);
    let (tx, rx) = mpsc::channel::<(usize, &'static str)>();
    std::thread::scope(|s| {
        for _ in 0..opts.jobs.max(1) {
            let tx = tx.clone();
            let (cases, next, results, claim, first) = (&cases, &next, &results, &claim, &first);
            s.spawn(move || {
                let reused = first.lock().ok().and_then(|mut f| f.take());
                let mut w = match reused {
                    Some(t) => Worker::with(&opts.vendor, t),
                    None => Worker::new(&opts.vendor),
                };
                loop {
                    if interrupted.load(Ordering::SeqCst) || Instant::now() >= deadline {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { return };
                    let t0 = Instant::now();
                    let (outcome, got) = w.run(case, suite, opts.timeout, claim);
                    // Judged from the whole reply; kept as a bounded
                    // excerpt, so replies of megabytes cannot add up
                    // (R-H-17).
                    let outcome = outcome.bounded();
                    let got = got.map(|r| Response {
                        ok: r.ok,
                        error: r.error.map(|e| e.chars().take(64).collect()),
                        unsupported: r.unsupported,
                        ..Response::default()
                    });
                    let took = u64::try_from(t0.elapsed().as_micros()).unwrap_or(u64::MAX);
                    let outcome = match &opts.baseline {
                        Some(b) => b.apply(case, outcome, now),
                        None => outcome,
                    };
                    let kind = outcome.kind();
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(((outcome, got), took));
                    }
                    let _ = tx.send((i, kind));
                }
            });
        }
        drop(tx);
        for (i, kind) in rx {
            if let Some(c) = cases.get(i) {
                events(Event::Finished(c.id.clone(), kind));
            }
        }
    });
    let results = results.into_inner().unwrap_or_default();
    let ran_all = results.iter().all(Option::is_some);
    let incomplete = if interrupted.load(Ordering::SeqCst) {
        Some("interrupted".to_owned())
    } else if !ran_all {
        Some(format!(
            "deadline reached after {} s (--deadline-s)",
            opts.deadline.as_secs()
        ))
    } else {
        None
    };
    let done: Vec<(&Case, Outcome, Option<Response>, u64)> = cases
        .iter()
        .zip(results)
        .filter_map(|(c, r)| r.map(|((o, g), t)| (*c, o, g, t)))
        .collect();
    let (stale, expired) = match &opts.baseline {
        Some(b) => {
            let pairs: Vec<(&Case, &Outcome)> = done.iter().map(|(c, o, _, _)| (*c, o)).collect();
            // Staleness needs every case: an unfinished run cannot tell.
            let stale = if incomplete.is_none() {
                b.stale(&pairs, now)
            } else {
                Vec::new()
            };
            (stale, b.expired_lines(now))
        }
        None => (Vec::new(), Vec::new()),
    };
    let identity = suite.identity(&vectors::official_digest());
    let (mode, command) = describe(&opts.vendor);
    let provenance = Provenance {
        runner: format!("uniqr {}", env!("CARGO_PKG_VERSION")),
        suite_version: suite.manifest().map(|m| m.version).unwrap_or_default(),
        suite_digest: identity.digest,
        suite_kind: identity.kind,
        suite_cases: suite.cases().len(),
        selected_cases: cases.len(),
        vendor: VendorInfo {
            command,
            mode: mode.into(),
            name: hello.as_ref().and_then(|h| h.name.clone()),
            version: hello.as_ref().and_then(|h| h.version.clone()),
            protocol: hello.as_ref().and_then(|h| h.protocol),
            ops: hello.as_ref().and_then(|h| h.ops.clone()),
        },
        claim,
        filters: opts.filters.clone(),
        skips: opts.skips.clone(),
        options: serde_json::json!({
            "timeout_ms": opts.timeout.as_millis() as u64,
            "handshake_timeout_ms": opts.handshake_timeout.as_millis() as u64,
            "jobs": opts.jobs,
            "deadline_s": opts.deadline.as_secs(),
            "baseline_entries": opts.baseline.as_ref().map(|b| b.expected.len()),
        }),
        started: uniqr::timefmt::format(started).unwrap_or_default(),
        finished: uniqr::timefmt::format(uniqr::timefmt::now()).unwrap_or_default(),
    };
    Ok(RunReport::new(
        provenance,
        incomplete,
        done.into_iter()
            .map(|(c, o, g, t)| CaseReport::new(c, o, g).timed(t))
            .collect(),
        stale,
        expired,
    ))
}

/// A started vendor: its hello, and the connection to reuse, if any.
pub(crate) type Handshake = (Option<Reply>, Option<Box<dyn Transport + Send>>);

/// Starts the vendor once and exchanges `hello`: a vendor that cannot
/// start is a runner error, not a case failure, in every mode.
///
/// # Errors
/// A message saying why the handshake failed; a time-out names
/// `--handshake-timeout-ms`.
pub(crate) fn handshake(vendor: &Vendor, timeout: Duration) -> Result<Handshake, String> {
    let failed = |f: Failure| {
        let detail = match f {
            Failure::Timeout(d) => format!("timeout: {d} (--handshake-timeout-ms)"),
            f => failure(f).detail(),
        };
        format!("vendor handshake failed: {detail}")
    };
    Ok(match vendor {
        Vendor::Command {
            argv,
            spawn_per_case: false,
        } => {
            let mut p = Persistent::new(argv.clone());
            p.start(timeout).map_err(failed)?;
            (p.hello(), Some(Box::new(p)))
        }
        Vendor::Command {
            argv,
            spawn_per_case: true,
        } => {
            // One process for the hello alone, as for any other request.
            let hello = PerCase::new(argv.clone())
                .handshake(timeout)
                .map_err(failed)?;
            (Some(hello), None)
        }
        Vendor::Library { path, host } => {
            let mut t = vendor_lib::Isolated::new(host, path);
            t.start(timeout).map_err(failed)?;
            (t.hello(), Some(Box::new(t)))
        }
        Vendor::LibraryInProcess { path } => {
            let mut t = vendor_lib::InProcessLib::new(path);
            t.start().map_err(failed)?;
            (t.hello(), Some(Box::new(t)))
        }
        Vendor::Reference => {
            let t = InProcess::default();
            (t.hello(), Some(Box::new(t)))
        }
    })
}

/// The transport mode name and the command (or library) of a vendor, for
/// reports.
pub(crate) fn describe(vendor: &Vendor) -> (&'static str, String) {
    match vendor {
        Vendor::Reference => ("in-process", "built-in reference".to_owned()),
        Vendor::Command {
            argv,
            spawn_per_case,
        } => (
            if *spawn_per_case {
                "spawn-per-case"
            } else {
                "persistent"
            },
            argv.join(" "),
        ),
        Vendor::Library { path, .. } => ("library-isolated", path.display().to_string()),
        Vendor::LibraryInProcess { path } => ("library-in-process", path.display().to_string()),
    }
}

/// A shared flag set by Ctrl-C.
pub fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = Arc::clone(&flag);
    let _ = ctrlc::set_handler(move || f.store(true, Ordering::SeqCst));
    flag
}
