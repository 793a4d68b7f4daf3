//! A vendor's codec as a shared library (vendor ABI, `spec/uniqr_vendor.h`,
//! `spec/vendor-abi.md`), reached in one of two ways:
//!
//! - [`Isolated`] (`conform --vendor-lib`): the library is loaded inside a
//!   host process (`uniqr vendor-host LIB`, served by [`serve_host`]) that
//!   speaks the NDJSON protocol, driven by a [`Persistent`] transport. A
//!   segfault, abort or hang in the library is a `crash` or `timeout` for
//!   that case, and the host is respawned.
//! - [`InProcessLib`] (`--in-process`): loaded into the runner itself, for
//!   speed. No crash isolation and no time limit: trusted libraries only.
//!
//! Loading a library runs its code in the loading process; the library must
//! implement the vendor ABI. This module is the only place in the crate with
//! `unsafe` code.

use std::io::{BufRead, Write};
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use libloading::Library;

use super::transport::{Failure, Persistent, Transport};
use crate::harness::protocol::{MAX_LINE, PROTOCOL, Reply, Request, parse_reply};
use crate::harness::shim::read_line;
use crate::harness::vendor_abi::{UNIQR_VENDOR_ABI_VERSION, UNIQR_VENDOR_THREAD_SAFE};

type CallFn = unsafe extern "C" fn(*const u8, usize, *mut *mut u8, *mut usize) -> i32;
type FreeFn = unsafe extern "C" fn(*mut u8, usize);
type U32Fn = unsafe extern "C" fn() -> u32;

/// Serialises calls into libraries that do not declare themselves
/// thread-safe (one lock for all: a run loads one library).
static SERIAL: Mutex<()> = Mutex::new(());

/// The `op` of the host's reply when `uniqr_vendor_call` failed: internal
/// to the runner and its host, never sent by a vendor.
const HOST_FAILURE_OP: &str = "vendor_lib_failure";

/// A loaded vendor library.
pub struct VendorLib {
    call: CallFn,
    free: FreeFn,
    thread_safe: bool,
    /// Never unloaded: the function pointers above point into it, and a
    /// library with threads or thread-local destructors can crash when
    /// unloaded mid-process.
    _lib: ManuallyDrop<Library>,
}

/// A reply buffer owned by the library, freed exactly once on drop.
struct Owned<'l> {
    ptr: *mut u8,
    len: usize,
    lib: &'l VendorLib,
}

impl Drop for Owned<'_> {
    fn drop(&mut self) {
        // SAFETY: the pair written by this library's `uniqr_vendor_call`,
        // freed once (vendor ABI ownership rule).
        unsafe { (self.lib.free)(self.ptr, self.len) }
    }
}

impl VendorLib {
    /// Loads a library and checks its ABI version.
    ///
    /// # Errors
    /// A message if it cannot be loaded, lacks a required symbol, or speaks
    /// another ABI version.
    ///
    /// # Safety
    /// Loading runs the library's initialisers in this process, and later
    /// calls run its code: it must implement `spec/uniqr_vendor.h`.
    pub unsafe fn open(path: &Path) -> Result<VendorLib, String> {
        let shown = path.display();
        // SAFETY: the caller accepts running the library's code.
        let lib = unsafe { Library::new(path) }.map_err(|e| format!("cannot load {shown}: {e}"))?;
        // Never unloaded, even when refused below (see `_lib`).
        let lib = ManuallyDrop::new(lib);
        // SAFETY: the symbol types are those of spec/uniqr_vendor.h; the
        // pointers are kept only as long as `lib` (same struct).
        unsafe {
            let version = *lib
                .get::<U32Fn>(b"uniqr_vendor_abi_version\0")
                .map_err(|e| format!("{shown}: {e}"))?;
            let call = *lib
                .get::<CallFn>(b"uniqr_vendor_call\0")
                .map_err(|e| format!("{shown}: {e}"))?;
            let free = *lib
                .get::<FreeFn>(b"uniqr_vendor_free\0")
                .map_err(|e| format!("{shown}: {e}"))?;
            let flags = lib
                .get::<U32Fn>(b"uniqr_vendor_abi_flags\0")
                .map(|f| f())
                .unwrap_or(0);
            let v = version();
            if v != UNIQR_VENDOR_ABI_VERSION {
                return Err(format!(
                    "{shown} implements vendor ABI version {v}; this runner speaks {UNIQR_VENDOR_ABI_VERSION}"
                ));
            }
            Ok(VendorLib {
                call,
                free,
                thread_safe: flags & UNIQR_VENDOR_THREAD_SAFE != 0,
                _lib: lib,
            })
        }
    }

    /// Sends one request JSON and hands the reply bytes to `f` before they
    /// are freed.
    ///
    /// # Errors
    /// A message for a nonzero status or an impossible reply pointer.
    pub fn call<T>(&self, req: &[u8], f: impl FnOnce(&[u8]) -> T) -> Result<T, String> {
        let _serial = (!self.thread_safe).then(|| SERIAL.lock().unwrap_or_else(|p| p.into_inner()));
        let (mut ptr, mut len) = (std::ptr::null_mut::<u8>(), 0usize);
        // SAFETY: a valid request slice and two writable locals, as the ABI
        // requires; calls are serialised unless the library is thread-safe.
        let status = unsafe { (self.call)(req.as_ptr(), req.len(), &mut ptr, &mut len) };
        if status != 0 {
            return Err(format!("uniqr_vendor_call returned status {status}"));
        }
        if ptr.is_null() || len > isize::MAX as usize {
            return Err("uniqr_vendor_call returned 0 without a reply".into());
        }
        let owned = Owned {
            ptr,
            len,
            lib: self,
        };
        // SAFETY: on success the library gives `len` readable bytes at
        // `ptr`, valid until freed (by `owned`, after `f`).
        let bytes = unsafe { std::slice::from_raw_parts(owned.ptr, owned.len) };
        Ok(f(bytes))
    }
}

fn check_reply(req: &Request, bytes: &[u8]) -> Result<Reply, Failure> {
    if bytes.len() > MAX_LINE {
        return Err(Failure::Protocol("reply longer than 4 MiB".into()));
    }
    // One parse on the fast path; `parse_reply` only to explain a failure.
    let reply = match serde_json::from_slice::<Reply>(bytes) {
        Ok(r) => r,
        Err(_) => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| Failure::Protocol("reply is not UTF-8".into()))?;
            parse_reply(text).map_err(Failure::Protocol)?
        }
    };
    if reply.id != req.id {
        return Err(Failure::Protocol(format!(
            "reply id {:?} for request id {:?}",
            reply.id, req.id
        )));
    }
    Ok(reply)
}

fn hello_request() -> Request {
    Request {
        op: "hello".into(),
        protocol: Some(PROTOCOL),
        ..Request::default()
    }
}

/// The library loaded into the runner process (`--in-process`). No crash
/// isolation, and the time limit is not enforced: a crash ends the run, a
/// hang hangs it.
pub struct InProcessLib {
    path: PathBuf,
    lib: Option<VendorLib>,
    hello: Option<Reply>,
}

impl InProcessLib {
    /// A library loaded on first use.
    pub fn new(path: &Path) -> InProcessLib {
        InProcessLib {
            path: path.to_owned(),
            lib: None,
            hello: None,
        }
    }

    /// Loads the library and shakes hands, so that the hello is known.
    ///
    /// # Errors
    /// A failure to load, or a bad hello.
    pub fn start(&mut self) -> Result<(), Failure> {
        if self.lib.is_some() {
            return Ok(());
        }
        // SAFETY: the user chose to run this library in process (`--in-process`
        // is for trusted libraries, documented in --help and vendor-abi.md).
        let lib = unsafe { VendorLib::open(&self.path) }.map_err(Failure::Crash)?;
        let hello = hello_request();
        let line = serde_json::to_vec(&hello).unwrap_or_default();
        let reply = lib
            .call(&line, |b| check_reply(&hello, b))
            .map_err(Failure::Protocol)??;
        if reply.op.as_deref() != Some("hello") || reply.protocol != Some(PROTOCOL) {
            return Err(Failure::Protocol(format!(
                "hello reply must say op \"hello\" and protocol {PROTOCOL}"
            )));
        }
        self.hello = Some(reply);
        self.lib = Some(lib);
        Ok(())
    }
}

impl Transport for InProcessLib {
    fn call(&mut self, req: &Request, _timeout: Duration) -> Result<Reply, Failure> {
        self.start()?;
        let Some(lib) = &self.lib else {
            return Err(Failure::Crash("library not loaded".into()));
        };
        let line = serde_json::to_vec(req).unwrap_or_default();
        lib.call(&line, |b| check_reply(req, b))
            .map_err(Failure::Protocol)?
    }
    fn generation(&self) -> u64 {
        // Never reloaded: contexts stay loaded once it is.
        u64::from(self.lib.is_some())
    }
    fn hello(&self) -> Option<Reply> {
        self.hello.clone()
    }
}

/// The library inside a host process (`uniqr vendor-host LIB`), respawned
/// after a crash, a timeout, or a failed `uniqr_vendor_call`.
pub struct Isolated {
    argv: Vec<String>,
    inner: Persistent,
    /// Generations of earlier hosts, so that [`Transport::generation`]
    /// never repeats.
    base: u64,
    hello: Option<Reply>,
}

impl Isolated {
    /// `host` is the host command without the library, e.g.
    /// `[current_exe, "vendor-host"]`.
    pub fn new(host: &[String], path: &Path) -> Isolated {
        let mut argv = host.to_vec();
        argv.push(path.to_string_lossy().into_owned());
        Isolated {
            inner: Persistent::new(argv.clone()),
            argv,
            base: 0,
            hello: None,
        }
    }

    /// Starts the host and shakes hands, so that the hello is known.
    ///
    /// # Errors
    /// A failure to start or load (the host's stderr says why), or a bad
    /// hello.
    pub fn start(&mut self, timeout: Duration) -> Result<(), Failure> {
        self.inner.start(timeout)?;
        if self.hello.is_none() {
            self.hello = self.inner.hello();
        }
        Ok(())
    }
}

impl Transport for Isolated {
    fn call(&mut self, req: &Request, timeout: Duration) -> Result<Reply, Failure> {
        self.start(timeout)?;
        let reply = self.inner.call(req, timeout).inspect_err(|_| {
            // The host is gone: contexts loaded so far are gone with it,
            // even before the next host starts (R-H-6).
            self.base += 1;
        })?;
        if reply.op.as_deref() == Some(HOST_FAILURE_OP) {
            // The library's state is unknown: start a fresh host.
            self.base += self.inner.generation() + 1;
            self.inner = Persistent::new(self.argv.clone());
            return Err(Failure::Protocol(
                reply.response.message.unwrap_or_default(),
            ));
        }
        Ok(reply)
    }
    fn generation(&self) -> u64 {
        self.base + self.inner.generation()
    }
    fn hello(&self) -> Option<Reply> {
        self.hello.clone().or_else(|| self.inner.hello())
    }
}

/// The host side (`uniqr vendor-host LIB`): loads the library, then answers
/// each request line with `uniqr_vendor_call`, one reply line each, flushed
/// (R-H-1). A failed call is answered with an internal
/// `"op":"vendor_lib_failure"` reply that [`Isolated`] turns into a
/// `protocol_error`. The library's own writes to stdout go to stderr, so
/// that they cannot break the protocol.
///
/// # Errors
/// A message if the library cannot be loaded, or on I/O errors.
pub fn serve_host(path: &Path, input: &mut impl BufRead) -> Result<(), String> {
    let io = |e: std::io::Error| format!("vendor-host: {e}");
    // Keep the protocol on a private copy of stdout, then point fd 1 at
    // stderr before any library code runs.
    let proto = rustix::io::dup(std::io::stdout()).map_err(|e| io(e.into()))?;
    rustix::stdio::dup2_stdout(std::io::stderr()).map_err(|e| io(e.into()))?;
    let mut out = std::io::BufWriter::new(std::fs::File::from(proto));
    // SAFETY: running the library is what the host is for; a crash here
    // ends only the host, which the runner reports and respawns.
    let lib = unsafe { VendorLib::open(path) }?;
    while let Some(line) = read_line(input).map_err(io)? {
        if line.trim().is_empty() {
            continue;
        }
        let written = lib.call(line.as_bytes(), |reply| {
            if reply.contains(&b'\n') || reply.contains(&b'\r') {
                // Keep one line per reply: re-serialise compactly.
                let v = serde_json::from_slice::<serde_json::Value>(reply)
                    .map(|v| v.to_string().into_bytes())
                    .unwrap_or_else(|_| b"reply with a line break that is not JSON".to_vec());
                out.write_all(&v)
            } else {
                out.write_all(reply)
            }
        });
        match written {
            Ok(r) => r.map_err(io)?,
            Err(message) => {
                let id = serde_json::from_str::<serde_json::Value>(&line)
                    .ok()
                    .and_then(|v| v.get("id").cloned());
                let failure = serde_json::json!({
                    "id": id, "op": HOST_FAILURE_OP, "message": message,
                });
                out.write_all(failure.to_string().as_bytes()).map_err(io)?;
            }
        }
        out.write_all(b"\n")
            .and_then(|()| out.flush())
            .map_err(io)?;
    }
    Ok(())
}
