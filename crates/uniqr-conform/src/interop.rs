//! The cross-vendor interop matrix (`uniqr interop`,
//! `spec/interop.md`): every issuer issues every payload of a lab set,
//! draws it (or has the reference draw it), and every verifier reads every
//! text and image. A cell passes when the verifier reports exactly the
//! payload and claims the issuer was given; each failure is attributed to
//! the side that deviates from the reference (R-IO-5).
//!
//! Vendors are reached through the conformance runner's transports, so a
//! vendor that crashes or hangs fails its own requests only (R-IO-6).

pub mod html;
pub mod lab;
pub mod matrix;
pub mod report;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};

use crate::harness::protocol::{Document, Request};
use crate::runner::transport::{Failure as TransportFailure, Transport};
use crate::runner::{self, Vendor};
use crate::vectors::Response;
pub use lab::Lab;
use matrix::{Cell, Channel, Fault, Kind, LabPayload, Matrix, Side};

/// The reference's name in every matrix.
pub const REFERENCE: &str = "reference";

/// Time-outs in a row on one operation after which a vendor gets no more
/// requests of that operation (R-IO-6): each costs a full `--timeout-ms`.
pub const MAX_TIMEOUTS_IN_A_ROW: u32 = 3;

/// Longest vendor name (R-IO-1).
pub const MAX_NAME: usize = 40;

/// A vendor taking part, by the name the matrix shows.
#[derive(Clone, Debug)]
pub struct Participant {
    /// `NAME` of `--vendor NAME=…`.
    pub name: String,
    /// How to reach it.
    pub vendor: Vendor,
}

/// Run options.
#[derive(Clone, Debug)]
pub struct Options {
    /// The vendors besides the reference, in command-line order.
    pub participants: Vec<Participant>,
    /// Parallel vendor tasks.
    pub jobs: usize,
    /// Time limit per request.
    pub timeout: Duration,
    /// Time limit for starting a vendor and its hello.
    pub handshake_timeout: Duration,
    /// Time limit for the whole run: requests not sent by then fail.
    pub deadline: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            participants: Vec::new(),
            jobs: 1,
            timeout: Duration::from_millis(5000),
            handshake_timeout: Duration::from_millis(30_000),
            deadline: Duration::from_secs(1800),
        }
    }
}

/// Progress, for a progress bar.
#[derive(Clone, Copy, Debug)]
pub enum Event {
    /// This many requests will be made.
    Started(usize),
    /// One more request answered (or failed).
    Done,
}

/// What an issuer issued for one lab item.
#[derive(Clone, Debug)]
pub struct Issued {
    /// The QR text, or what the issuer said instead.
    pub text: Result<String, Side>,
    /// The PNG image, or why there is none (`None`: no text to draw).
    pub image: Option<Result<Vec<u8>, Side>>,
    /// `issuer` or `reference`: who drew the image.
    pub drawn_by: &'static str,
}

/// A finished run: the matrix, and what each issuer issued, by issuer
/// name and lab item id (for `--out` and the HTML report's images).
#[derive(Debug)]
pub struct Run {
    /// The matrix.
    pub matrix: Matrix,
    /// Issued codes by (issuer, item id).
    pub issued: BTreeMap<(String, String), Issued>,
}

/// What a verifier made of one code.
#[derive(Clone, Debug)]
enum Seen {
    /// Accepted, with this payload and claims.
    Read(serde_json::Value, serde_json::Value),
    /// Rejected with a registry code (or none).
    Rejected(Side),
    /// A transport failure, `unsupported`, or a reply of neither form.
    Failed(Side),
}

impl Seen {
    fn of(r: Result<Response, TransportFailure>) -> Seen {
        match r {
            Err(f) => Seen::Failed(failure_side(f)),
            Ok(r) if r.ok == Some(true) => Seen::Read(
                r.payload.unwrap_or(serde_json::Value::Null),
                r.claims.unwrap_or(serde_json::Value::Null),
            ),
            Ok(r) if r.ok == Some(false) => Seen::Rejected(code_side(r.error, r.message)),
            Ok(r) if r.unsupported == Some(true) => Seen::Failed(Side {
                code: Some("unsupported".into()),
                layer: None,
                detail: Some("the vendor answered unsupported".into()),
            }),
            Ok(_) => Seen::Failed(Side {
                code: Some("protocol_error".into()),
                layer: None,
                detail: Some("a reply with neither ok nor unsupported".into()),
            }),
        }
    }

    /// Whether this is exactly what `item` holds.
    fn correct(&self, item: &lab::Item) -> bool {
        matches!(self, Seen::Read(p, c) if *p == item.payload && *c == item.claims)
    }
}

fn code_side(code: Option<String>, message: Option<String>) -> Side {
    Side {
        layer: code.as_deref().and_then(matrix::layer).map(str::to_owned),
        code,
        detail: message,
    }
}

fn failure_side(f: TransportFailure) -> Side {
    let (code, detail) = match f {
        TransportFailure::Crash(d) => ("crash", d),
        TransportFailure::Timeout(d) => ("timeout", d),
        TransportFailure::Protocol(d) => ("protocol_error", d),
    };
    Side {
        code: Some(code.into()),
        layer: None,
        detail: Some(detail),
    }
}

/// One connection to a vendor, with the lab context loaded on demand.
struct Session {
    t: Box<dyn Transport + Send>,
    /// Whether lists travel with each request (spawn-per-case).
    inline: bool,
    /// The transport generation the lab context was loaded in, and the
    /// vendor's refusal of it, if it refused.
    loaded: Option<(u64, Option<Response>)>,
    next_id: u64,
    /// Time-outs in a row, by operation.
    timeouts: BTreeMap<String, u32>,
}

impl Session {
    fn call(
        &mut self,
        mut req: Request,
        lab: &Lab,
        timeout: Duration,
        deadline: Instant,
    ) -> Result<Response, TransportFailure> {
        if self.timeouts.get(&req.op).copied().unwrap_or(0) >= MAX_TIMEOUTS_IN_A_ROW {
            return Err(TransportFailure::Timeout(format!(
                "not sent: the vendor timed out on {} {MAX_TIMEOUTS_IN_A_ROW} times in a row",
                req.op
            )));
        }
        if Instant::now() >= deadline {
            return Err(TransportFailure::Timeout(
                "not sent: the run's deadline passed (--deadline-s)".into(),
            ));
        }
        if matches!(req.op.as_str(), "verify" | "scan_verify") {
            req.now = uniqr::timefmt::format(lab.now);
            if self.inline {
                req.trust = Document::from_text(&lab.trust);
                req.revoked = Document::from_text(&lab.revoked);
            } else {
                if let Some(refusal) = self.context(lab, timeout)? {
                    return Ok(refusal);
                }
                req.context = Some("lab".into());
            }
        }
        self.next_id += 1;
        req.id = Some(self.next_id);
        let r = self.t.call(&req, timeout);
        self.count(&req.op, &r);
        r.map(|reply| reply.response)
    }

    fn count<T>(&mut self, op: &str, r: &Result<T, TransportFailure>) {
        let n = self.timeouts.entry(op.to_owned()).or_default();
        if matches!(r, Err(TransportFailure::Timeout(_))) {
            *n += 1;
        } else {
            *n = 0;
        }
    }

    /// Loads the lab context if this process has not; the vendor's refusal
    /// of the lab lists stands for its answer to every verification.
    fn context(
        &mut self,
        lab: &Lab,
        timeout: Duration,
    ) -> Result<Option<Response>, TransportFailure> {
        let generation = self.t.generation();
        if let Some((g, refusal)) = &self.loaded
            && *g == generation
            && generation > 0
        {
            return Ok(refusal.clone());
        }
        self.next_id += 1;
        let req = Request {
            id: Some(self.next_id),
            op: "load_context".into(),
            context: Some("lab".into()),
            trust: Document::from_text(&lab.trust),
            revoked: Document::from_text(&lab.revoked),
            ..Request::default()
        };
        let r = self.t.call(&req, timeout);
        self.count(&req.op, &r);
        let reply = r?;
        let refusal = (reply.response.ok != Some(true)).then_some(reply.response);
        self.loaded = Some((self.t.generation(), refusal.clone()));
        Ok(refusal)
    }
}

/// Checks the vendor names: unique, not `reference`, and safe as file
/// names (R-IO-1).
fn check_names(participants: &[Participant]) -> Result<(), String> {
    let mut seen = vec![REFERENCE];
    for p in participants {
        let n = p.name.as_str();
        let ok = !n.is_empty()
            && n.len() <= MAX_NAME
            && !n.starts_with('.')
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !ok {
            return Err(format!(
                "vendor name {n:?}: use 1 to {MAX_NAME} of A-Z a-z 0-9 - _ . (not first)"
            ));
        }
        if seen.contains(&n) {
            return Err(format!("vendor name {n:?} is used twice (or is reserved)"));
        }
        seen.push(n);
    }
    Ok(())
}

/// A unit of work for [`pool`].
type Task<'a, T> = Box<dyn FnOnce() -> T + Send + 'a>;

/// Runs `tasks` on `jobs` threads; results in task order.
fn pool<T: Send>(jobs: usize, tasks: Vec<Task<'_, T>>) -> Vec<T> {
    let n = tasks.len();
    let tasks: Vec<Mutex<Option<Task<'_, T>>>> =
        tasks.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let results: Vec<Mutex<Option<T>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, n.max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(slot) = tasks.get(i) else { return };
                    let task = slot.lock().ok().and_then(|mut t| t.take());
                    if let Some(task) = task {
                        let out = task();
                        if let Ok(mut r) = results[i].lock() {
                            *r = Some(out);
                        }
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .filter_map(|m| m.into_inner().ok().flatten())
        .collect()
}

/// The reference issues and reads back every lab item before any vendor
/// starts: a lab set the reference cannot round-trip (a `--now` outside the
/// claims, a payload that breaks a rule) is a usage error, not a matrix.
fn preflight(lab: &Lab) -> Result<(), String> {
    let trust = uniqr::TrustList::from_json(&lab.trust).map_err(|e| e.message())?;
    for item in &lab.items {
        let Some(key) = lab.keys.get(&item.key) else {
            return Err(format!("{}: no key {}", item.id, item.key));
        };
        let text = uniqr::codec::encode_json_with(
            &item.payload.to_string(),
            &item.claims.to_string(),
            &key.signer,
        )
        .map_err(|e| {
            format!(
                "lab payload {}: the reference cannot issue it: {e}",
                item.id
            )
        })?;
        uniqr::verify(&text, &trust, &uniqr::Revocations::none(), lab.now).map_err(|e| {
            format!(
                "lab payload {}: the reference rejects it at --now {}: {} {e}",
                item.id,
                uniqr::timefmt::format(lab.now).unwrap_or_default(),
                e.code()
            )
        })?;
    }
    Ok(())
}

/// A vendor that started, with its connection.
struct Live {
    entry: matrix::Vendor,
    session: Mutex<Option<Session>>,
}

fn start(name: &str, vendor: &Vendor, timeout: Duration) -> Live {
    let (mode, command) = runner::describe(vendor);
    let mut entry = matrix::Vendor {
        name: name.into(),
        mode: mode.into(),
        command,
        implementation: None,
        version: None,
        ops: Vec::new(),
        unavailable: None,
    };
    let session = match runner::handshake(vendor, timeout) {
        Ok((hello, t)) => {
            if let Some(h) = &hello {
                entry.implementation.clone_from(&h.name);
                entry.version.clone_from(&h.version);
                entry.ops = h.ops.clone().unwrap_or_default();
            }
            Some(Session {
                t: t.unwrap_or_else(|| runner::transport(vendor)),
                inline: matches!(
                    vendor,
                    Vendor::Command {
                        spawn_per_case: true,
                        ..
                    }
                ),
                loaded: None,
                next_id: 0,
                timeouts: BTreeMap::new(),
            })
        }
        Err(e) => {
            entry.unavailable = Some(e);
            None
        }
    };
    Live {
        entry,
        session: Mutex::new(session),
    }
}

/// What an `encode` or `render` reply produced (`take` picks it out of an
/// accepting reply), or what the vendor said instead.
fn produced<T>(
    r: Result<Response, TransportFailure>,
    take: impl FnOnce(Response) -> Option<T>,
    missing: &str,
) -> Result<T, Side> {
    match r {
        Ok(r) if r.ok == Some(true) => take(r).ok_or_else(|| Side {
            code: Some("protocol_error".into()),
            layer: None,
            detail: Some(missing.into()),
        }),
        other => Err(match Seen::of(other) {
            Seen::Rejected(s) | Seen::Failed(s) => s,
            Seen::Read(..) => Side::default(),
        }),
    }
}

/// Issues (and draws) every lab item with one issuer.
fn issue(
    live: &Live,
    lab: &Lab,
    opts: &Options,
    deadline: Instant,
    tick: &dyn Fn(),
) -> Vec<Issued> {
    let mut guard = live.session.lock().ok();
    let Some(session) = guard.as_mut().and_then(|g| g.as_mut()) else {
        return Vec::new();
    };
    let renders = live.entry.has("render");
    lab.items
        .iter()
        .map(|item| {
            let key = lab.keys.get(&item.key).map(|k| k.text.as_str());
            let req = Request {
                op: "encode".into(),
                payload: Some(item.payload.clone()),
                claims: Some(item.claims.clone()),
                key: key.and_then(Document::from_text),
                ..Request::default()
            };
            let text = produced(
                session.call(req, lab, opts.timeout, deadline),
                |r| r.text,
                "encode gave no text (interop needs the QR text, R-IO-3)",
            );
            tick();
            let Ok(t) = &text else {
                return Issued {
                    text,
                    image: None,
                    drawn_by: if renders { "issuer" } else { REFERENCE },
                };
            };
            let image = if renders {
                let req = Request {
                    op: "render".into(),
                    text: Some(t.clone()),
                    ..Request::default()
                };
                let r = session.call(req, lab, opts.timeout, deadline);
                tick();
                produced(
                    r,
                    |r| r.image.as_deref().and_then(|b| B64.decode(b).ok()),
                    "render gave no base64 image",
                )
            } else {
                uniqr_qr::render_png(t, &uniqr_qr::RenderOptions::default()).map_err(|e| Side {
                    code: Some(e.code().into()),
                    layer: matrix::layer(e.code()).map(str::to_owned),
                    detail: Some(format!("the reference could not draw it: {e}")),
                })
            };
            Issued {
                text,
                image: Some(image),
                drawn_by: if renders { "issuer" } else { REFERENCE },
            }
        })
        .collect()
}

/// What one verifier made of every issued code, by issuer index, item
/// index and channel.
type Readings = BTreeMap<(usize, usize, Channel), Seen>;

fn verify_all(
    live: &Live,
    lab: &Lab,
    issued: &[Vec<Issued>],
    opts: &Options,
    deadline: Instant,
    tick: &dyn Fn(),
) -> Readings {
    let mut out = Readings::new();
    let mut guard = live.session.lock().ok();
    let Some(session) = guard.as_mut().and_then(|g| g.as_mut()) else {
        return out;
    };
    let (text, image) = (live.entry.has("verify"), live.entry.has("scan_verify"));
    for (i, codes) in issued.iter().enumerate() {
        for (j, code) in codes.iter().enumerate() {
            if let (true, Ok(t)) = (text, &code.text) {
                let req = Request {
                    op: "verify".into(),
                    text: Some(t.clone()),
                    ..Request::default()
                };
                let seen = Seen::of(session.call(req, lab, opts.timeout, deadline));
                out.insert((i, j, Channel::Text), seen);
                tick();
            }
            if let (true, Some(Ok(png))) = (image, &code.image) {
                let req = Request {
                    op: "scan_verify".into(),
                    image: Some(B64.encode(png)),
                    ..Request::default()
                };
                let seen = Seen::of(session.call(req, lab, opts.timeout, deadline));
                out.insert((i, j, Channel::Image), seen);
                tick();
            }
        }
    }
    out
}

/// Builds one cell from the readings, attributing each failure (R-IO-5).
fn cell(
    lab: &Lab,
    (issuer, verifier): (&Live, &Live),
    (i, channel): (usize, Channel),
    issued: &[Issued],
    (readings, reference): (&Readings, &Readings),
) -> Cell {
    let mut c = Cell {
        issuer: issuer.entry.name.clone(),
        verifier: verifier.entry.name.clone(),
        channel,
        drawn_by: (channel == Channel::Image)
            .then(|| issued.first().map_or(REFERENCE, |x| x.drawn_by).to_owned()),
        passed: 0,
        failures: Vec::new(),
    };
    for (j, item) in lab.items.iter().enumerate() {
        let failure = |kind, fault, issuer: Side, verifier: Side| matrix::Failure {
            payload: item.id.clone(),
            kind,
            fault,
            issuer,
            verifier,
            diff: Vec::new(),
        };
        let code = issued.get(j);
        let not_issued = match code.map(|x| (&x.text, &x.image)) {
            None => Some((Kind::NotIssued, Side::default())),
            Some((Err(s), _)) => Some((Kind::NotIssued, s.clone())),
            Some((Ok(_), Some(Err(s)))) if channel == Channel::Image => {
                Some((Kind::NotRendered, s.clone()))
            }
            _ => None,
        };
        if let Some((kind, side)) = not_issued {
            c.failures
                .push(failure(kind, Fault::Issuer, side, Side::default()));
            continue;
        }
        let Some(seen) = readings.get(&(i, j, channel)) else {
            c.failures.push(failure(
                Kind::VerifierFailed,
                Fault::Verifier,
                Side::default(),
                Side {
                    code: Some("not_run".into()),
                    layer: None,
                    detail: Some("the verifier was not reached".into()),
                },
            ));
            continue;
        };
        if seen.correct(item) {
            c.passed += 1;
            continue;
        }
        // What the reference makes of the same code decides the fault.
        let reference_view = match reference.get(&(i, j, channel)) {
            Some(r) if r.correct(item) => None,
            Some(Seen::Read(p, cl)) => Some(Side {
                code: None,
                layer: Some("data".into()),
                detail: Some(format!(
                    "the reference reads other data: {}",
                    describe_diff(item, p, cl)
                )),
            }),
            Some(Seen::Rejected(s) | Seen::Failed(s)) => Some(s.clone()),
            None => Some(Side {
                detail: Some("the reference did not read it".into()),
                ..Side::default()
            }),
        };
        let fault = if reference_view.is_some() {
            Fault::Issuer
        } else {
            Fault::Verifier
        };
        let mut f = match seen {
            Seen::Read(p, cl) => {
                let mut f = failure(
                    Kind::RecognisedWrongly,
                    fault,
                    Side::default(),
                    Side {
                        code: None,
                        layer: Some("data".into()),
                        detail: Some(describe_diff(item, p, cl)),
                    },
                );
                f.diff = matrix::diff(&expected_of(item), &got_of(p, cl));
                f
            }
            Seen::Rejected(s) => failure(Kind::NotRecognised, fault, Side::default(), s.clone()),
            Seen::Failed(s) => failure(Kind::VerifierFailed, fault, Side::default(), s.clone()),
        };
        f.issuer = reference_view.unwrap_or_else(|| Side {
            detail: Some("reads it exactly as issued".into()),
            ..Side::default()
        });
        c.failures.push(f);
    }
    c
}

fn expected_of(item: &lab::Item) -> serde_json::Value {
    serde_json::json!({"payload": item.payload, "claims": item.claims})
}

fn got_of(p: &serde_json::Value, c: &serde_json::Value) -> serde_json::Value {
    serde_json::json!({"payload": p, "claims": c})
}

fn describe_diff(item: &lab::Item, p: &serde_json::Value, c: &serde_json::Value) -> String {
    let d = matrix::diff(&expected_of(item), &got_of(p, c));
    let paths: Vec<&str> = d.iter().map(|d| d.path.as_str()).collect();
    format!("{} differ: {}", paths.len(), paths.join(", "))
}

/// Runs the matrix.
///
/// # Errors
/// A message for bad vendor names (R-IO-1) or a lab set the reference
/// cannot round-trip (R-IO-2). A vendor that fails to start is not an
/// error: it is listed `unavailable` and the matrix fails.
pub fn run(lab: &Lab, opts: &Options, events: &(dyn Fn(Event) + Sync)) -> Result<Run, String> {
    check_names(&opts.participants)?;
    preflight(lab)?;
    let started = uniqr::timefmt::now();
    let deadline = Instant::now() + opts.deadline;
    let mut all = vec![Participant {
        name: REFERENCE.into(),
        vendor: Vendor::Reference,
    }];
    all.extend(opts.participants.iter().cloned());
    let live: Vec<Live> = pool(
        opts.jobs,
        all.iter()
            .map(|p| {
                Box::new(move || start(&p.name, &p.vendor, opts.handshake_timeout))
                    as Box<dyn FnOnce() -> Live + Send>
            })
            .collect(),
    );
    let issuers: Vec<usize> = (0..live.len())
        .filter(|&v| live[v].entry.has("encode"))
        .collect();
    let n = lab.items.len();
    let total: usize = issuers
        .iter()
        .map(|&v| n * if live[v].entry.has("render") { 2 } else { 1 })
        .sum::<usize>()
        + live
            .iter()
            .map(|l| {
                issuers.len()
                    * n
                    * (usize::from(l.entry.has("verify")) + usize::from(l.entry.has("scan_verify")))
            })
            .sum::<usize>();
    events(Event::Started(total));
    let tick = || events(Event::Done);
    let issued: Vec<Vec<Issued>> = pool(
        opts.jobs,
        issuers
            .iter()
            .map(|&v| {
                let (live, tick) = (&live, &tick);
                Box::new(move || issue(&live[v], lab, opts, deadline, tick))
                    as Box<dyn FnOnce() -> Vec<Issued> + Send>
            })
            .collect(),
    );
    let readings: Vec<Readings> = pool(
        opts.jobs,
        (0..live.len())
            .map(|v| {
                let (live, issued, tick) = (&live, &issued, &tick);
                Box::new(move || verify_all(&live[v], lab, issued, opts, deadline, tick))
                    as Box<dyn FnOnce() -> Readings + Send>
            })
            .collect(),
    );
    let mut cells = Vec::new();
    for (i, &iv) in issuers.iter().enumerate() {
        for (v, verifier) in live.iter().enumerate() {
            for (channel, op) in [(Channel::Text, "verify"), (Channel::Image, "scan_verify")] {
                if verifier.entry.has(op) {
                    cells.push(cell(
                        lab,
                        (&live[iv], verifier),
                        (i, channel),
                        &issued[i],
                        (&readings[v], &readings[0]),
                    ));
                }
            }
        }
    }
    let mut issued_by = BTreeMap::new();
    for (i, &iv) in issuers.iter().enumerate() {
        for (item, code) in lab.items.iter().zip(&issued[i]) {
            issued_by.insert((live[iv].entry.name.clone(), item.id.clone()), code.clone());
        }
    }
    let mut matrix = Matrix {
        format: matrix::FORMAT.into(),
        version: matrix::VERSION,
        runner: format!("uniqr {}", env!("CARGO_PKG_VERSION")),
        now: uniqr::timefmt::format(lab.now).unwrap_or_default(),
        started: uniqr::timefmt::format(started).unwrap_or_default(),
        finished: uniqr::timefmt::format(uniqr::timefmt::now()).unwrap_or_default(),
        trust_sha256: lab.trust_digest(),
        payloads: lab
            .items
            .iter()
            .map(|i| LabPayload {
                id: i.id.clone(),
                key: i.key.clone(),
                sha256: uniqr::hex::encode(&Sha256::digest(expected_of(i).to_string())),
            })
            .collect(),
        vendors: live.into_iter().map(|l| l.entry).collect(),
        cells,
        summary: matrix::Summary::default(),
        blame: Vec::new(),
        verdict: String::new(),
        changes: None,
    };
    matrix.finish();
    Ok(Run {
        matrix,
        issued: issued_by,
    })
}
