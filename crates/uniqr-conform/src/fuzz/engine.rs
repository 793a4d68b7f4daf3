//! The fuzz loop: each worker builds case after case, asks the reference
//! (in process) and the vendor (through the runner's transports), and
//! compares the answers with the runner's judge (R-FZ-3). Findings are
//! grouped by signature, keeping the lowest case index, so the result does
//! not depend on how the cases were spread over the workers (R-FZ-7).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::build::{CaseFile, Memo, build_with_file};
use super::minimise::minimise;
use super::mutate::{GROUP, plan};
use super::plan::{Edit, Layer, Plan};
use super::report::{Finding, FuzzReport, LayerRow, Reach, Signature, Stage};
use super::world::World;
use crate::profile::{Claim, Profile};
use crate::report::VendorInfo;
use crate::runner::{self, Vendor, Worker};
use crate::vectors::{Case, Expected, Op, Outcome, Response, Suite};
use uniqr::limits::MAX_TEXT_LEN;

/// Most cases one run may have (R-FZ-8).
pub const MAX_CASES: u64 = 1_000_000_000;
/// Most parallel workers (R-FZ-8).
pub const MAX_JOBS: usize = 256;
/// Most findings minimised and saved in one run (R-FZ-8).
pub const MAX_FINDINGS: usize = 1000;
/// Longest `--time` (R-FZ-8).
pub const MAX_TIME: Duration = Duration::from_secs(7 * 24 * 3600);

/// Most builds the minimiser tries for a finding whose vendor outcome is a
/// timeout (R-FZ-5).
pub const TIMEOUT_STEPS: usize = 8;

/// Fuzz options.
#[derive(Clone, Debug)]
pub struct Options {
    /// The codec under test.
    pub vendor: Vendor,
    /// Parallel workers, each with its own reference and vendor connection.
    pub jobs: usize,
    /// The seed.
    pub seed: u64,
    /// Run this many cases (the default budget when `time` is absent).
    pub cases: u64,
    /// Or run until this much time has passed.
    pub time: Option<Duration>,
    /// Operations to fuzz; only those of the vendor's claimed profiles run.
    pub ops: Vec<Op>,
    /// Profiles to fuzz, overriding the vendor's claim (`--profile`).
    pub profiles: Vec<Profile>,
    /// Time limit per vendor request.
    pub timeout: Duration,
    /// Time limit for starting the vendor and its hello.
    pub handshake_timeout: Duration,
    /// Builds the minimiser may try per finding (0: no minimisation).
    pub minimise_steps: usize,
    /// Signatures minimised and saved (the rest are counted).
    pub max_findings: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            vendor: Vendor::Reference,
            jobs: 1,
            seed: 1,
            cases: 10_000,
            time: None,
            ops: vec![Op::Verify, Op::Decode, Op::Encode, Op::ScanVerify],
            profiles: Vec::new(),
            timeout: Duration::from_millis(5000),
            handshake_timeout: Duration::from_millis(30_000),
            minimise_steps: 200,
            max_findings: 100,
        }
    }
}

/// Live progress.
#[derive(Clone, Debug)]
pub enum Event {
    /// Fuzzing starts; the case budget, if it is a count.
    Started(Option<u64>),
    /// One case ran; whether it disagreed.
    Case(bool),
    /// Minimising finding N of M.
    Minimising(usize, usize),
}

/// A finished run: the report, the finding vectors and the world they
/// name files of.
pub struct Fuzzed {
    /// The report.
    pub report: FuzzReport,
    /// One minimised case per reported finding, expected = the reference.
    pub vectors: Vec<Case>,
    /// The files the vectors name beyond the world's (`scan_verify`
    /// images), by path.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The keys and trust files the vectors refer to (for [`super::save`]).
    pub world: World,
}

/// Per-worker counters, summed at the end.
#[derive(Default)]
struct Stats {
    mutated: BTreeMap<Layer, u64>,
    /// Cases per mutated layer that the reference rejected.
    rejected: BTreeMap<Layer, u64>,
    by_op: BTreeMap<Op, u64>,
    stages: BTreeMap<Stage, u64>,
    outcomes: BTreeMap<&'static str, u64>,
}

impl Stats {
    fn add(&mut self, o: Stats) {
        for (k, v) in o.mutated {
            *self.mutated.entry(k).or_default() += v;
        }
        for (k, v) in o.rejected {
            *self.rejected.entry(k).or_default() += v;
        }
        for (k, v) in o.by_op {
            *self.by_op.entry(k).or_default() += v;
        }
        for (k, v) in o.stages {
            *self.stages.entry(k).or_default() += v;
        }
        for (k, v) in o.outcomes {
            *self.outcomes.entry(k).or_default() += v;
        }
    }
}

/// The first case of a signature and how many cases had it.
#[derive(Clone)]
struct Seen {
    first: u64,
    count: u64,
    detail: String,
}

/// A reference and a vendor connection, and the run they belong to.
pub(crate) struct Pair<'a> {
    world: &'a World,
    /// The world's files plus the image of the last `scan_verify` case.
    suite: Suite,
    reference: Worker,
    vendor: Worker,
    memo: Memo,
    timeout: Duration,
    claim: &'a Claim,
}

/// One case's result.
pub(crate) struct Ran {
    pub case: Case,
    pub file: CaseFile,
    pub outcome: Outcome,
    pub stage: Option<Stage>,
}

impl<'a> Pair<'a> {
    fn new(world: &'a World, opts: &Options, claim: &'a Claim, vendor: Worker) -> Pair<'a> {
        Pair {
            world,
            suite: world.suite.clone(),
            reference: Worker::new(&Vendor::Reference),
            vendor,
            memo: Memo::default(),
            timeout: opts.timeout,
            claim,
        }
    }

    /// Builds a plan, takes the reference's answer as the expectation, and
    /// judges the vendor's answer against it.
    pub fn run(&mut self, plan: &Plan, id: &str) -> Ran {
        let (mut case, file) = build_with_file(self.world, plan, id, &mut self.memo);
        if let Some((path, bytes)) = &file {
            self.suite.put(path.clone(), bytes.clone());
        }
        let suite = &self.suite;
        let (_, reference) = self
            .reference
            .run(&case, suite, self.timeout, &Claim::all());
        let reference = reference.unwrap_or_default();
        case.expected = expected(case.op, &reference);
        let stage = stage(&case, &reference);
        let outcome = if unreadable_to_the_reference(plan, &reference) {
            Outcome::Skipped {
                reason: "the reference cannot read this image (R-FZ-14)".into(),
            }
        } else {
            // An `unsupported` reply to a claimed operation is `refused`: a
            // finding (R-H-12, R-FZ-4).
            self.vendor.run(&case, suite, self.timeout, self.claim).0
        };
        Ran {
            case,
            file,
            outcome,
            stage,
        }
    }
}

/// Whether the reference failed to read an image of a class a verifier
/// must read (R-QR-13): its answer is then no expectation for the vendor
/// (R-FZ-14).
fn unreadable_to_the_reference(plan: &Plan, r: &Response) -> bool {
    let must_read = plan.edits.iter().any(|e| match *e {
        Edit::Degrade(class, _) => super::qr::must_decode(class),
        _ => false,
    });
    plan.op == Op::ScanVerify && must_read && r.error.as_deref() == Some("QR_UNREADABLE")
}

/// The expectation a reference answer sets.
fn expected(op: Op, r: &Response) -> Expected {
    if r.ok != Some(true) {
        return Expected {
            valid: false,
            error: Some(r.error.clone().unwrap_or_default()),
            ..Expected::default()
        };
    }
    let content = op != Op::Encode;
    Expected {
        valid: true,
        payload: r.payload.clone().filter(|_| content),
        claims: r.claims.clone().filter(|_| content),
        header: r.header.clone().filter(|_| op == Op::Decode),
        // The reference answers with the text: the expectation is its
        // COSE bytes (R-ENC-2: compared after inflating).
        cose_hex: r
            .cose_hex
            .clone()
            .or_else(|| {
                let text = r.text.as_deref()?;
                uniqr::codec::unwrap_text(text)
                    .ok()
                    .map(|c| uniqr::hex::encode(&c))
            })
            .filter(|_| !content),
        ..Expected::default()
    }
}

/// The check-order stage that stopped a verify or decode case.
fn stage(case: &Case, r: &Response) -> Option<Stage> {
    if matches!(case.op, Op::Encode | Op::ScanVerify) {
        return None;
    }
    let Some(code) = r.error.as_deref().filter(|_| r.ok != Some(true)) else {
        return Some(Stage::Accepted);
    };
    Some(match code {
        "TRUST_LIST_INVALID" | "REVOCATION_LIST_INVALID" => Stage::Context,
        "PREFIX_INVALID" | "VERSION_UNSUPPORTED" => Stage::Text,
        "BASE45_INVALID" => Stage::Base45,
        "DECOMPRESS_INVALID" => Stage::Zlib,
        "COSE_INVALID" | "ALG_UNSUPPORTED" | "KID_INVALID" => Stage::Cose,
        "KEY_UNKNOWN" | "ALG_KEY_MISMATCH" => Stage::Trust,
        "SIGNATURE_INVALID" => Stage::Signature,
        "CLAIMS_INVALID" | "ISSUER_MISMATCH" => Stage::Claims,
        "PAYLOAD_INVALID" => Stage::Payload,
        "KEY_NOT_VALID" | "KEY_USAGE_DENIED" => Stage::KeyPolicy,
        "NOT_YET_VALID" | "EXPIRED" => Stage::Time,
        "REVOKED" => Stage::Revocation,
        // TOO_LARGE and the CBOR codes occur at several steps: find which.
        _ => {
            let text = case.input.text.as_deref().unwrap_or_default();
            if text.len() > MAX_TEXT_LEN {
                Stage::Text
            } else {
                match uniqr::codec::unwrap_text(text) {
                    Err(_) => Stage::Zlib,
                    Ok(msg) if uniqr::cose::Sign1::parse(&msg).is_err() => Stage::Cose,
                    Ok(_) => Stage::Claims,
                }
            }
        }
    })
}

/// A finding's signature, or `None` when the vendor agreed (or skipped).
pub(crate) fn signature(ran: &Ran, layer: Layer) -> Option<Signature> {
    if !ran.outcome.is_failure() {
        return None;
    }
    let exp = &ran.case.expected;
    let reference = match &exp.error {
        Some(code) if !exp.valid => code.clone(),
        _ => "valid".into(),
    };
    let vendor = match &ran.outcome {
        Outcome::AcceptedInvalid { .. } => "accepted".into(),
        Outcome::RejectedValid { got, .. } | Outcome::WrongError { got, .. } => {
            format!("rejected {got}")
        }
        Outcome::WrongPayload { .. } => "wrong payload".into(),
        Outcome::WrongEncoding { layer, .. } => format!("wrong encoding ({layer})"),
        o => o.kind().replace('_', " "),
    };
    Some(Signature {
        op: ran.case.op.name().into(),
        reference,
        vendor,
        layer,
    })
}

/// The stable vector id of a signature.
fn finding_id(sig: &Signature) -> String {
    let h = Sha256::digest(format!(
        "{}|{}|{}|{}",
        sig.op,
        sig.reference,
        sig.vendor,
        sig.layer.name()
    ));
    format!(
        "fuzz-{}-{}-{}",
        sig.op.replace('_', "-"),
        sig.layer.name(),
        uniqr::hex::encode(&h[..4])
    )
}

/// Runs the fuzzer.
///
/// # Errors
/// A message if the world cannot be built or the vendor fails the
/// handshake.
pub fn run(
    opts: &Options,
    interrupted: &AtomicBool,
    events: &(dyn Fn(Event) + Sync),
) -> Result<Fuzzed, String> {
    // One order for the operations, so `--ops` order changes nothing
    // (R-FZ-7); limits as in R-FZ-8.
    let mut ops = opts.ops.clone();
    ops.sort();
    ops.dedup();
    if ops.is_empty() {
        return Err("no operation to fuzz: use verify, decode, encode or scan_verify".into());
    }
    let opts = &Options {
        ops,
        jobs: opts.jobs.clamp(1, MAX_JOBS),
        max_findings: opts.max_findings.min(MAX_FINDINGS),
        ..opts.clone()
    };
    let world = World::new()?;
    let started = uniqr::timefmt::now();
    let (hello, first) = runner::handshake(&opts.vendor, opts.handshake_timeout)?;
    let claim = Claim::resolve(
        &opts.profiles,
        hello.as_ref().and_then(|h| h.profiles.as_deref()),
        hello.as_ref().and_then(|h| h.ops.as_deref()),
    )?;
    // Only the operations of claimed profiles: the rest would all be
    // skipped, and a clean exit would claim what was not tested.
    let ops: Vec<Op> = opts
        .ops
        .iter()
        .copied()
        .filter(|o| claim.covers(*o))
        .collect();
    if ops.is_empty() {
        return Err(format!(
            "nothing to fuzz: the vendor claims {} and the operations to fuzz are {}",
            claim.names(),
            opts.ops
                .iter()
                .map(|o| o.name())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let opts = &Options {
        ops,
        ..opts.clone()
    };
    let first = Mutex::new(first);
    let budget = opts.cases.min(MAX_CASES);
    let deadline = opts.time.map(|t| Instant::now() + t.min(MAX_TIME));
    events(Event::Started(deadline.is_none().then_some(budget)));
    let next = AtomicU64::new(0);
    let seen: Mutex<BTreeMap<Signature, Seen>> = Mutex::new(BTreeMap::new());
    let total = Mutex::new(Stats::default());
    let clock = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..opts.jobs.max(1) {
            let (world, next, seen, total, claim, first) =
                (&world, &next, &seen, &total, &claim, &first);
            s.spawn(move || {
                // The handshake's connection serves the first worker.
                let vendor = match first.lock().ok().and_then(|mut f| f.take()) {
                    Some(t) => Worker::with(&opts.vendor, t),
                    None => Worker::new(&opts.vendor),
                };
                let mut pair = Pair::new(world, opts, claim, vendor);
                let mut stats = Stats::default();
                // A group at a time, so the worker's memo serves it, and
                // always whole: a --time run covers cases 0..n (R-FZ-7).
                'groups: loop {
                    if interrupted.load(Ordering::SeqCst)
                        || deadline.is_some_and(|d| Instant::now() >= d)
                    {
                        break;
                    }
                    let start = next.fetch_add(GROUP, Ordering::SeqCst);
                    for i in start..start + GROUP {
                        if deadline.is_none() && i >= budget {
                            break 'groups;
                        }
                        let p = plan(world, opts.seed, i, &opts.ops);
                        let ran = pair.run(&p, "fuzz-case");
                        *stats.mutated.entry(p.layer).or_default() += 1;
                        if ran.case.expected.error.is_some() {
                            *stats.rejected.entry(p.layer).or_default() += 1;
                        }
                        *stats.by_op.entry(p.op).or_default() += 1;
                        if let Some(st) = ran.stage {
                            *stats.stages.entry(st).or_default() += 1;
                        }
                        *stats.outcomes.entry(ran.outcome.kind()).or_default() += 1;
                        let sig = signature(&ran, p.layer);
                        if let (Some(sig), Ok(mut seen)) = (&sig, seen.lock()) {
                            let e = seen.entry(sig.clone()).or_insert(Seen {
                                first: i,
                                count: 0,
                                detail: ran.outcome.detail(),
                            });
                            e.count += 1;
                            if i < e.first {
                                e.first = i;
                                e.detail = ran.outcome.detail();
                            }
                        }
                        events(Event::Case(sig.is_some()));
                    }
                }
                if let Ok(mut t) = total.lock() {
                    t.add(stats);
                }
            });
        }
    });
    let elapsed = clock.elapsed().as_secs_f64();
    let stats = total.into_inner().unwrap_or_default();
    let cases: u64 = stats.by_op.values().sum();
    let mut seen: Vec<(Signature, Seen)> =
        seen.into_inner().unwrap_or_default().into_iter().collect();
    seen.sort_by_key(|(_, s)| s.first);
    let signatures = seen.len();
    let layers = Layer::ALL
        .iter()
        .map(|&layer| LayerRow {
            layer,
            cases: stats.mutated.get(&layer).copied().unwrap_or(0),
            rejected: stats.rejected.get(&layer).copied().unwrap_or(0),
            signatures: seen.iter().filter(|(sig, _)| sig.layer == layer).count(),
        })
        .collect();
    seen.truncate(opts.max_findings);
    // Minimise one finding after another, in case order: deterministic.
    let mut findings = Vec::new();
    let mut vectors = Vec::new();
    let mut files = BTreeMap::new();
    let mut pair = Pair::new(&world, opts, &claim, Worker::new(&opts.vendor));
    for (n, (sig, s)) in seen.into_iter().enumerate() {
        events(Event::Minimising(n + 1, signatures.min(opts.max_findings)));
        let id = finding_id(&sig);
        let p = plan(&world, opts.seed, s.first, &opts.ops);
        let (best, minimised) = if interrupted.load(Ordering::SeqCst) || opts.minimise_steps == 0 {
            (p, None)
        } else {
            // Each build of a hanging case costs a whole --timeout-ms.
            let steps = match sig.vendor.as_str() {
                "timeout" => opts.minimise_steps.min(TIMEOUT_STEPS),
                _ => opts.minimise_steps,
            };
            let (best, m) = minimise(&mut pair, &p, &sig, steps);
            (best, Some(m))
        };
        let ran = pair.run(&best, &id);
        files.extend(ran.file);
        let mut case = ran.case;
        case.title = format!(
            "fuzz finding (seed {}, case {}): reference {}, vendor {}",
            opts.seed, s.first, sig.reference, sig.vendor
        );
        vectors.push(case);
        findings.push(Finding {
            id,
            signature: sig,
            count: s.count,
            first_case: s.first,
            detail: s.detail,
            minimised,
            vector: None,
        });
    }
    let (mode, command) = runner::describe(&opts.vendor);
    let report = FuzzReport {
        format: super::report::FORMAT,
        version: 1,
        runner: format!("uniqr {}", env!("CARGO_PKG_VERSION")),
        vendor: VendorInfo {
            command,
            mode: mode.into(),
            name: hello.as_ref().and_then(|h| h.name.clone()),
            version: hello.as_ref().and_then(|h| h.version.clone()),
            protocol: hello.as_ref().and_then(|h| h.protocol),
            ops: hello.as_ref().and_then(|h| h.ops.clone()),
        },
        seed: opts.seed,
        profiles: claim.profiles.iter().map(|p| p.name().to_owned()).collect(),
        ops: opts.ops.iter().map(|o| o.name().to_owned()).collect(),
        jobs: opts.jobs.max(1),
        complete: !interrupted.load(Ordering::SeqCst),
        cases,
        elapsed_s: elapsed,
        cases_per_s: if elapsed > 0.0 {
            cases as f64 / elapsed
        } else {
            0.0
        },
        mutated: Layer::ALL
            .iter()
            .filter_map(|l| stats.mutated.get(l).map(|n| (l.name().to_owned(), *n)))
            .collect(),
        by_op: stats
            .by_op
            .iter()
            .map(|(o, n)| (o.name().to_owned(), *n))
            .collect(),
        reach: reach(&stats.stages),
        layers,
        outcomes: stats
            .outcomes
            .iter()
            .map(|(k, n)| ((*k).to_owned(), *n))
            .collect(),
        signatures,
        findings,
        started: uniqr::timefmt::format(started).unwrap_or_default(),
        finished: uniqr::timefmt::format(uniqr::timefmt::now()).unwrap_or_default(),
    };
    Ok(Fuzzed {
        report,
        vectors,
        files,
        world,
    })
}

/// The layer-reach table from the stop stage counts.
fn reach(stops: &BTreeMap<Stage, u64>) -> Vec<Reach> {
    let all: u64 = stops.values().sum();
    let mut before = 0;
    Stage::ALL
        .iter()
        .filter(|s| **s != Stage::Accepted)
        .map(|&stage| {
            let stopped = stops.get(&stage).copied().unwrap_or(0);
            let reached = all - before;
            before += stopped;
            let passed = reached - stopped;
            Reach {
                stage,
                reached,
                passed,
                stopped,
                share_passed: if all == 0 {
                    0.0
                } else {
                    passed as f64 / all as f64
                },
            }
        })
        .collect()
}
