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
use crate::report::{CaseReport, Provenance, RunReport, VendorInfo};
use crate::vectors::{Case, Outcome, Response, Suite, judge};

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
    /// Time limit per request.
    pub timeout: Duration,
    /// Parallel vendor processes.
    pub jobs: usize,
    /// Time limit for the whole run; cases not started by then are not run
    /// and the report is marked incomplete.
    pub deadline: Duration,
    /// Known failures.
    pub baseline: Option<Baseline>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            vendor: Vendor::Reference,
            filters: Vec::new(),
            skips: Vec::new(),
            timeout: Duration::from_millis(5000),
            jobs: 1,
            deadline: Duration::from_secs(1800),
            baseline: None,
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

fn transport(v: &Vendor) -> Box<dyn Transport> {
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
        Failure::Timeout(detail) => Outcome::Timeout { detail },
        Failure::Protocol(detail) => Outcome::ProtocolError { detail },
    }
}

/// A case's outcome and the vendor's answer, if it gave one.
type Answer = (Outcome, Option<Response>);

/// One worker's view of the vendor: its transport and loaded contexts.
pub(crate) struct Worker {
    t: Box<dyn Transport>,
    inline: bool,
    /// Context name → (transport generation, load error code if any).
    contexts: HashMap<String, (u64, Option<Response>)>,
    next_id: u64,
}

impl Worker {
    /// A worker with its own connection to `vendor`.
    pub(crate) fn new(vendor: &Vendor) -> Worker {
        Worker {
            t: transport(vendor),
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

    /// Runs one case; returns the outcome and the vendor's answer.
    pub(crate) fn run(
        &mut self,
        case: &Case,
        suite: &Suite,
        timeout: Duration,
        hello: Option<&Reply>,
    ) -> (Outcome, Option<Response>) {
        if let Some(ops) = hello.and_then(|h| h.ops.as_ref()) {
            if !ops.iter().any(|o| o == case.op.name()) {
                return (
                    Outcome::Skipped {
                        reason: format!("vendor does not support {}", case.op.name()),
                    },
                    None,
                );
            }
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
                        let err = (reply.response.ok != Some(true)).then_some(reply.response);
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
/// progress.
///
/// # Errors
/// A message if the vendor cannot be started or fails the handshake, or a
/// filter glob is invalid.
pub fn run(
    suite: &Suite,
    opts: &Options,
    interrupted: &AtomicBool,
    events: &(dyn Fn(Event) + Sync),
) -> Result<RunReport, String> {
    let started = uniqr::timefmt::now();
    let cases = select(suite, &opts.filters, &opts.skips)?;
    let hello = handshake(&opts.vendor, opts.timeout)?;
    events(Event::Started(cases.len()));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Answer>>> = Mutex::new(vec![None; cases.len()]);
    let deadline = Instant::now() + opts.deadline;
    let (tx, rx) = mpsc::channel::<(usize, &'static str)>();
    std::thread::scope(|s| {
        for _ in 0..opts.jobs.max(1) {
            let tx = tx.clone();
            let (cases, next, results, hello) = (&cases, &next, &results, hello.as_ref());
            s.spawn(move || {
                let mut w = Worker::new(&opts.vendor);
                loop {
                    if interrupted.load(Ordering::SeqCst) || Instant::now() >= deadline {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { return };
                    let (outcome, got) = w.run(case, suite, opts.timeout, hello);
                    let outcome = match &opts.baseline {
                        Some(b) => b.apply(case, outcome),
                        None => outcome,
                    };
                    let kind = outcome.kind();
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some((outcome, got));
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
    let complete = results.iter().all(Option::is_some);
    let done: Vec<(&Case, Outcome, Option<Response>)> = cases
        .iter()
        .zip(results)
        .filter_map(|(c, r)| r.map(|(o, g)| (*c, o, g)))
        .collect();
    let stale = match &opts.baseline {
        Some(b) if complete => {
            let pairs: Vec<(&Case, &Outcome)> = done.iter().map(|(c, o, _)| (*c, o)).collect();
            b.stale(&pairs)
        }
        _ => Vec::new(),
    };
    let (mode, command) = describe(&opts.vendor);
    let provenance = Provenance {
        runner: format!("uniqr {}", env!("CARGO_PKG_VERSION")),
        suite_version: suite.manifest().map(|m| m.version).unwrap_or_default(),
        suite_digest: suite.digest(),
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
        options: serde_json::json!({
            "filters": opts.filters, "skips": opts.skips,
            "timeout_ms": opts.timeout.as_millis() as u64, "jobs": opts.jobs,
            "deadline_s": opts.deadline.as_secs(), "baseline_entries": opts.baseline.as_ref().map(|b| b.expected.len()),
        }),
        started: uniqr::timefmt::format(started).unwrap_or_default(),
        finished: uniqr::timefmt::format(uniqr::timefmt::now()).unwrap_or_default(),
    };
    Ok(RunReport::new(
        provenance,
        complete && !interrupted.load(Ordering::SeqCst),
        done.into_iter()
            .map(|(c, o, g)| CaseReport::new(c, o, g))
            .collect(),
        stale,
    ))
}

/// Starts the vendor once and exchanges `hello`: a vendor that cannot
/// start is a runner error, not a case failure.
///
/// # Errors
/// A message saying why the handshake failed.
pub(crate) fn handshake(vendor: &Vendor, timeout: Duration) -> Result<Option<Reply>, String> {
    let failed = |f| format!("vendor handshake failed: {}", failure(f).detail());
    Ok(match vendor {
        Vendor::Command {
            argv,
            spawn_per_case: false,
        } => {
            let mut p = Persistent::new(argv.clone());
            p.start(timeout).map_err(failed)?;
            p.hello()
        }
        Vendor::Library { path, host } => {
            let mut t = vendor_lib::Isolated::new(host, path);
            t.start(timeout).map_err(failed)?;
            t.hello()
        }
        Vendor::LibraryInProcess { path } => {
            let mut t = vendor_lib::InProcessLib::new(path);
            t.start().map_err(failed)?;
            t.hello()
        }
        v => transport(v).hello(),
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
