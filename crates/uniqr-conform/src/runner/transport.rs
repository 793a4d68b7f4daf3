//! How the runner reaches a codec: in process (the built-in reference), a
//! persistent vendor process, or one process per case. A vendor that
//! crashes, hangs or prints garbage fails the case, never the runner.

use std::collections::VecDeque;
use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::harness::protocol::{PROTOCOL, Reply, Request, parse_reply};
use crate::harness::shim::{Shim, read_line};

/// Bytes of vendor stderr kept for crash reports.
const STDERR_TAIL: usize = 4096;

/// Why a call did not produce a usable reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The process died; exit status or signal, and the tail of stderr.
    Crash(String),
    /// No reply within the time limit; the process group was killed.
    Timeout(String),
    /// A reply that is not a valid protocol message, or for another id.
    Protocol(String),
}

/// One connection to a codec.
pub trait Transport: Send {
    /// Sends one request and waits for its reply.
    ///
    /// # Errors
    /// A [`Failure`]; the transport is then ready for the next call
    /// (a dead or confused process is replaced).
    fn call(&mut self, req: &Request, timeout: Duration) -> Result<Reply, Failure>;

    /// Whether named contexts loaded earlier are still there (false after
    /// a respawn, so the runner reloads them).
    fn generation(&self) -> u64;

    /// The vendor's hello reply, once known.
    fn hello(&self) -> Option<Reply>;
}

/// The built-in reference, called directly.
#[derive(Default)]
pub struct InProcess {
    shim: Shim,
}

impl Transport for InProcess {
    fn call(&mut self, req: &Request, _timeout: Duration) -> Result<Reply, Failure> {
        Ok(self.shim.handle(req))
    }
    fn generation(&self) -> u64 {
        // Never restarted: contexts stay loaded.
        1
    }
    fn hello(&self) -> Option<Reply> {
        Some(Shim::default().handle(&Request {
            op: "hello".into(),
            protocol: Some(PROTOCOL),
            ..Request::default()
        }))
    }
}

/// What the reader thread passes on.
enum Line {
    Text(String),
    Bad(String),
    Eof,
}

/// A running vendor process.
struct Proc {
    child: Child,
    /// Request lines for the writer thread: a vendor that stops reading
    /// blocks that thread, never the runner, whose wait for the reply is
    /// timed (R-H-8).
    requests: Sender<Vec<u8>>,
    lines: Receiver<Line>,
    stderr: Arc<Mutex<VecDeque<u8>>>,
    stderr_done: Receiver<()>,
}

impl Proc {
    fn spawn(argv: &[String]) -> Result<Proc, Failure> {
        let (program, args) = argv
            .split_first()
            .ok_or_else(|| Failure::Crash("empty vendor command".into()))?;
        let mut cmd = Command::new(program);
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Own process group, so that a hang is killed with all its children.
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let mut child = cmd
            .spawn()
            .map_err(|e| Failure::Crash(format!("cannot start {program}: {e}")))?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(Failure::Crash("vendor pipes unavailable".into()));
        };
        let (requests, to_write) = channel::<Vec<u8>>();
        thread::spawn(move || write_lines(stdin, &to_write));
        let (tx, lines) = channel();
        thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let msg = match read_line(&mut r) {
                    Ok(Some(l)) => Line::Text(l),
                    Ok(None) => Line::Eof,
                    Err(e) => Line::Bad(e.to_string()),
                };
                let end = !matches!(msg, Line::Text(_));
                if tx.send(msg).is_err() || end {
                    return;
                }
            }
        });
        let tail = Arc::new(Mutex::new(VecDeque::with_capacity(STDERR_TAIL)));
        let sink = Arc::clone(&tail);
        let (done, stderr_done) = channel();
        thread::spawn(move || {
            let _done = done;
            use std::io::Read;
            let mut stderr = stderr;
            let mut buf = [0u8; 1024];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    return;
                }
                if let Ok(mut t) = sink.lock() {
                    t.extend(&buf[..n]);
                    let excess = t.len().saturating_sub(STDERR_TAIL);
                    t.drain(..excess);
                }
            }
        });
        Ok(Proc {
            child,
            requests,
            lines,
            stderr: tail,
            stderr_done,
        })
    }

    fn stderr_tail(&self) -> String {
        let t = self
            .stderr
            .lock()
            .map(|t| t.iter().copied().collect::<Vec<_>>());
        let text = String::from_utf8_lossy(&t.unwrap_or_default()).into_owned();
        let text = text.trim();
        if text.is_empty() {
            "no stderr".into()
        } else {
            format!(
                "stderr: {}",
                text.lines()
                    .rev()
                    .take(5)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        }
    }

    /// Kills the whole process group and reaps the child.
    fn kill(&mut self) {
        let pid = self.child.id();
        if let Some(pid) = rustix::process::Pid::from_raw(pid as i32) {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The exit status after end of output, waiting briefly for it.
    fn death(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_millis(500);
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(s)) => break Some(s),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(5)),
                _ => break None,
            }
        };
        let _ = self.stderr_done.recv_timeout(Duration::from_millis(200));
        let status = match status {
            Some(s) => {
                use std::os::unix::process::ExitStatusExt;
                match (s.code(), s.signal()) {
                    (Some(c), _) => format!("exited with status {c}"),
                    (None, Some(sig)) => format!("killed by signal {sig}"),
                    _ => "ended".into(),
                }
            }
            None => {
                self.kill();
                "closed its output".into()
            }
        };
        format!("{status}; {}", self.stderr_tail())
    }

    /// Sends a request and waits for one reply line: the time limit covers
    /// the whole exchange, the write included, since the writing is done by
    /// another thread and no reply can come before the request is read.
    fn exchange(&mut self, req: &Request, timeout: Duration) -> Result<String, Failure> {
        let mut line = serde_json::to_string(req).unwrap_or_default();
        line.push('\n');
        if self.requests.send(line.into_bytes()).is_err() {
            // The writer stopped: the vendor closed its input or died.
            return Err(Failure::Crash(self.death()));
        }
        match self.lines.recv_timeout(timeout) {
            Ok(Line::Text(l)) => Ok(l),
            Ok(Line::Bad(e)) => Err(Failure::Protocol(e)),
            Ok(Line::Eof) | Err(RecvTimeoutError::Disconnected) => {
                Err(Failure::Crash(self.death()))
            }
            Err(RecvTimeoutError::Timeout) => {
                self.kill();
                Err(Failure::Timeout(format!(
                    "no reply within {} ms",
                    timeout.as_millis()
                )))
            }
        }
    }
}

/// The writer thread of a vendor process: writes each request line and
/// flushes it; ends when the runner drops the process or the pipe breaks
/// (the vendor exited or was killed, which also unblocks a stuck write).
fn write_lines(mut stdin: ChildStdin, lines: &Receiver<Vec<u8>>) {
    for line in lines {
        if stdin.write_all(&line).and_then(|()| stdin.flush()).is_err() {
            return;
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Checks a reply line against the request it answers.
fn check(req: &Request, line: &str) -> Result<Reply, Failure> {
    let reply =
        parse_reply(line).map_err(|e| Failure::Protocol(format!("{e}: {}", snippet(line))))?;
    if reply.id != req.id {
        let show = |id: Option<u64>| id.map_or_else(|| "none".to_owned(), |i| i.to_string());
        return Err(Failure::Protocol(format!(
            "reply id {} for request id {}",
            show(reply.id),
            show(req.id)
        )));
    }
    Ok(reply)
}

fn snippet(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

fn hello_request() -> Request {
    Request {
        op: "hello".into(),
        protocol: Some(PROTOCOL),
        ..Request::default()
    }
}

fn handshake(p: &mut Proc, timeout: Duration) -> Result<Reply, Failure> {
    let line = p.exchange(&hello_request(), timeout)?;
    let reply = check(&hello_request(), &line)?;
    if reply.op.as_deref() != Some("hello")
        || reply.protocol != Some(PROTOCOL)
        || reply.ops.is_none()
    {
        return Err(Failure::Protocol(format!(
            "hello reply must say op \"hello\", protocol {PROTOCOL} and its ops: {}",
            snippet(&line)
        )));
    }
    Ok(reply)
}

/// One persistent vendor process, respawned after any failure.
pub struct Persistent {
    argv: Vec<String>,
    proc: Option<Proc>,
    generation: u64,
    hello: Option<Reply>,
}

impl Persistent {
    /// A vendor started on first use.
    pub fn new(argv: Vec<String>) -> Persistent {
        Persistent {
            argv,
            proc: None,
            generation: 0,
            hello: None,
        }
    }

    /// Starts the vendor and shakes hands, so that the hello is known.
    ///
    /// # Errors
    /// A failure to start, or a bad hello.
    pub fn start(&mut self, timeout: Duration) -> Result<(), Failure> {
        if self.proc.is_none() {
            let mut p = Proc::spawn(&self.argv)?;
            let hello = handshake(&mut p, timeout)?;
            self.hello.get_or_insert(hello);
            self.proc = Some(p);
            self.generation += 1;
        }
        Ok(())
    }
}

impl Transport for Persistent {
    fn call(&mut self, req: &Request, timeout: Duration) -> Result<Reply, Failure> {
        self.start(timeout)?;
        let Some(p) = self.proc.as_mut() else {
            return Err(Failure::Crash("vendor not running".into()));
        };
        let result = p.exchange(req, timeout).and_then(|line| check(req, &line));
        if result.is_err() {
            // Dead, killed, or out of step: start afresh for the next case.
            self.proc = None;
            self.generation += 1;
        }
        result
    }
    fn generation(&self) -> u64 {
        self.generation
    }
    fn hello(&self) -> Option<Reply> {
        self.hello.clone()
    }
}

/// One vendor process per request (toml-test style): the request on stdin,
/// one reply on stdout, then the process ends.
pub struct PerCase {
    argv: Vec<String>,
}

impl PerCase {
    /// A vendor command.
    pub fn new(argv: Vec<String>) -> PerCase {
        PerCase { argv }
    }

    /// Starts one process for the `hello` request alone, so that a vendor
    /// that cannot start stops the run before any case, and its claim is
    /// known, as in persistent mode.
    ///
    /// # Errors
    /// A failure to start, or a bad hello.
    pub fn handshake(&self, timeout: Duration) -> Result<Reply, Failure> {
        let mut p = Proc::spawn(&self.argv)?;
        let hello = handshake(&mut p, timeout);
        p.kill();
        hello
    }
}

impl Transport for PerCase {
    fn call(&mut self, req: &Request, timeout: Duration) -> Result<Reply, Failure> {
        let mut p = Proc::spawn(&self.argv)?;
        let result = p.exchange(req, timeout).and_then(|line| check(req, &line));
        p.kill();
        result
    }
    fn generation(&self) -> u64 {
        0
    }
    fn hello(&self) -> Option<Reply> {
        None
    }
}
