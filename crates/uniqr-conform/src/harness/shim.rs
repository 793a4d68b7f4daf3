//! The reference codec as a harness vendor (`uniqr shim`).

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::sync::{Arc, PoisonError, RwLock};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

use super::protocol::{Document, MAX_LINE, PROTOCOL, Reply, Request};
use crate::profile::Profile;
use crate::vectors::Response;
use uniqr::error::{Error, FileError, LoadError};
use uniqr::trust::{Revocations, TrustList};
use uniqr::{Signer, timefmt};

/// The operations the reference supports.
pub const OPS: [&str; 5] = ["verify", "scan_verify", "encode", "decode", "render"];

type Loaded = Result<Arc<(TrustList, Revocations)>, Error>;

/// Most parsed key files a shim keeps.
const MAX_KEYS: usize = 64;

/// The reference codec behind the protocol, with its loaded contexts.
#[derive(Default)]
pub struct Shim {
    contexts: HashMap<String, Loaded>,
    /// Signers by key file text: parsing a key derives its public key, a
    /// scalar multiplication that would otherwise double every encode.
    keys: RwLock<HashMap<String, Arc<Signer>>>,
}

/// Loads a context from the documents of a request, with the file loaders'
/// rules (R-JSON-3 included: the documents arrive verbatim, R-H-15). The
/// revocation list is optional: without one, nothing is revoked (R-H-16).
fn load(trust: Option<&Document>, revoked: Option<&Document>) -> Loaded {
    // The trust list loads first, then the revocation list (R-ORD-1).
    let trust = trust.ok_or(Error::Load(LoadError::TrustList(FileError::Json)))?;
    let trust = TrustList::from_json(trust.text())?;
    let revoked = match revoked {
        Some(r) => Revocations::from_json(r.text())?,
        None => Revocations::none(),
    };
    Ok(Arc::new((trust, revoked)))
}

/// Why a request got no answer from the codec: a codec failure (a registry
/// code), or a request the shim cannot read (`PROTOCOL`, R-H-7).
enum Fault {
    Codec(Error),
    Protocol(String),
}

impl From<Error> for Fault {
    fn from(e: Error) -> Fault {
        Fault::Codec(e)
    }
}

fn rejection(e: &Error) -> Response {
    Response {
        ok: Some(false),
        error: Some(e.code().into()),
        message: Some(e.message()),
        ..Response::default()
    }
}

fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

impl Shim {
    /// Answers one request.
    pub fn handle(&mut self, req: &Request) -> Reply {
        if req.op != "load_context" {
            return self.respond(req);
        }
        let loaded = load(req.trust.as_ref(), req.revoked.as_ref());
        let response = match &loaded {
            Ok(_) => Response {
                ok: Some(true),
                ..Response::default()
            },
            Err(e) => rejection(e),
        };
        self.contexts
            .insert(req.context.clone().unwrap_or_default(), loaded);
        Reply::to(req.id, response)
    }

    /// Answers a request that leaves the shim as it is: every operation
    /// but `load_context` (which gets a rejection here). Takes `&self`, so
    /// callers on several threads can share one shim behind a read lock.
    pub fn respond(&self, req: &Request) -> Reply {
        match req.op.as_str() {
            "hello" => Reply {
                op: Some("hello".into()),
                protocol: Some(PROTOCOL),
                name: Some("uniqr-reference".into()),
                version: Some(env!("CARGO_PKG_VERSION").into()),
                ops: Some(OPS.iter().map(|s| (*s).to_owned()).collect()),
                profiles: Some(Profile::ALL.iter().map(|p| p.name().to_owned()).collect()),
                ..Reply::default()
            },
            "verify" | "scan_verify" | "encode" | "decode" | "render" => match self.answer(req) {
                Ok(r) => Reply::to(req.id, r),
                Err(Fault::Codec(e)) => Reply::to(req.id, rejection(&e)),
                Err(Fault::Protocol(why)) => Reply::error(req.id, "PROTOCOL", &why),
            },
            "load_context" => {
                Reply::error(req.id, "PROTOCOL", "load_context needs a writable shim")
            }
            _ => Reply::to(
                req.id,
                Response {
                    unsupported: Some(true),
                    ..Response::default()
                },
            ),
        }
    }

    /// The signer of a key file, parsed once.
    fn signer(&self, text: String) -> Result<Arc<Signer>, Error> {
        let read = self.keys.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = read.get(&text) {
            return Ok(Arc::clone(s));
        }
        drop(read);
        let signer = Arc::new(Signer::from_json(&text)?);
        let mut keys = self.keys.write().unwrap_or_else(PoisonError::into_inner);
        if keys.len() >= MAX_KEYS {
            keys.clear();
        }
        keys.insert(text, Arc::clone(&signer));
        Ok(signer)
    }

    /// The context of a request; loaded contexts are shared, not copied,
    /// so a verify costs no trust-list clone.
    /// A missing or malformed `now`, or an unknown context name, is a
    /// request the shim cannot read (R-H-16).
    fn context(&self, req: &Request) -> Result<(Arc<(TrustList, Revocations)>, i64), Fault> {
        let now = match req.now.as_deref() {
            None => return Err(Fault::Protocol("request without now".into())),
            Some(t) => timefmt::parse_strict(t).ok_or_else(|| {
                Fault::Protocol(format!("now {t:?} is not in the form YYYY-MM-DDThh:mm:ssZ"))
            })?,
        };
        let lists =
            match &req.context {
                Some(name) => self.contexts.get(name).cloned().ok_or_else(|| {
                    Fault::Protocol(format!("no context named {name:?} is loaded"))
                })??,
                None => load(req.trust.as_ref(), req.revoked.as_ref())?,
            };
        Ok((lists, now))
    }

    fn answer(&self, req: &Request) -> Result<Response, Fault> {
        let text = || req.text.clone().unwrap_or_default();
        match req.op.as_str() {
            "verify" | "scan_verify" => {
                // The lists load before any check of the code, even the
                // image's (R-ORD-1: loading is not part of the order).
                let (lists, now) = self.context(req)?;
                let text = if req.op == "scan_verify" {
                    let bytes = req
                        .image
                        .as_deref()
                        .and_then(|b| B64.decode(b).ok())
                        .unwrap_or_default();
                    uniqr_qr::scan(&bytes)?.text
                } else {
                    text()
                };
                let v = uniqr::verify(&text, &lists.0, &lists.1, now)?;
                Ok(Response {
                    ok: Some(true),
                    payload: json(&v.payload),
                    claims: json(&v.claims),
                    ..Response::default()
                })
            }
            "render" => {
                let png = uniqr_qr::render_png(&text(), &uniqr_qr::RenderOptions::default())?;
                Ok(Response {
                    ok: Some(true),
                    image: Some(B64.encode(png)),
                    ..Response::default()
                })
            }
            "decode" => {
                let d = uniqr::decode(&text())?;
                Ok(Response {
                    ok: Some(true),
                    payload: json(&d.payload),
                    claims: json(&d.claims),
                    header: json(&d.header),
                    ..Response::default()
                })
            }
            _ => {
                let key = req
                    .key
                    .as_ref()
                    .ok_or(Error::Load(LoadError::KeyFile(FileError::Json)))?;
                let signer = self.signer(key.text().to_owned())?;
                // R-ENC-4: key file, claims, issuer, then the payload; a
                // missing member reads as `null`, which is neither.
                let json = |v: &Option<serde_json::Value>| {
                    v.as_ref()
                        .map_or_else(|| "null".to_owned(), ToString::to_string)
                };
                // The whole text, not only the COSE bytes: the judge then
                // checks every layer of the encoder, Base45 and ZLIB too.
                let text = uniqr::codec::encode_json_with(
                    &json(&req.payload),
                    &json(&req.claims),
                    &signer,
                )?;
                Ok(Response {
                    ok: Some(true),
                    text: Some(text),
                    ..Response::default()
                })
            }
        }
    }
}

/// Reads one line of at most [`MAX_LINE`] bytes, without the line ending.
/// `Ok(None)` at end of input.
///
/// # Errors
/// I/O errors, and `InvalidData` for an over-long or non-UTF-8 line.
pub fn read_line(input: &mut impl BufRead) -> std::io::Result<Option<String>> {
    use std::io::{Error as IoError, ErrorKind, Read};
    let mut buf = Vec::new();
    let n = input
        .by_ref()
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
    } else if buf.len() > MAX_LINE {
        return Err(IoError::new(
            ErrorKind::InvalidData,
            "line longer than 4 MiB",
        ));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| IoError::new(ErrorKind::InvalidData, "line is not UTF-8"))
}

/// Serves the protocol until end of input: one reply line per request line,
/// flushed after each (R-H-1). A line that is not a request gets a reply
/// without id saying so.
///
/// # Errors
/// I/O errors on the streams.
pub fn serve(input: &mut impl BufRead, output: &mut impl Write) -> std::io::Result<()> {
    let mut shim = Shim::default();
    while let Some(line) = read_line(input)? {
        if line.trim().is_empty() {
            continue;
        }
        let reply = match serde_json::from_str::<Request>(&line) {
            Ok(req) => shim.handle(&req),
            Err(e) => Reply::error(None, "PROTOCOL", &format!("not a request: {e}")),
        };
        let mut out = serde_json::to_string(&reply).unwrap_or_default();
        out.push('\n');
        output.write_all(out.as_bytes())?;
        output.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_hello_and_unknown_ops() {
        let mut s = Shim::default();
        let hello = s.handle(&Request {
            op: "hello".into(),
            protocol: Some(1),
            ..Request::default()
        });
        assert_eq!(hello.protocol, Some(PROTOCOL));
        assert_eq!(hello.ops.unwrap().len(), 5);
        let r = s.handle(&Request {
            id: Some(7),
            op: "sign_with_hsm".into(),
            ..Request::default()
        });
        assert_eq!((r.id, r.response.unsupported), (Some(7), Some(true)));
    }

    /// The demo trust list as a file text, and a verify request using it.
    fn demo_lists() -> (String, Request) {
        let trust = uniqr::demo::trust_list().to_json();
        let req = Request {
            id: Some(3),
            op: "verify".into(),
            now: Some("2026-06-01T00:00:00Z".into()),
            text: uniqr::demo::sample_text().ok(),
            trust: Document::from_text(&trust),
            ..Request::default()
        };
        (trust, req)
    }

    #[test]
    fn the_revocation_list_is_optional() {
        let (_, req) = demo_lists();
        let mut s = Shim::default();
        assert_eq!(s.handle(&req).response.ok, Some(true), "inline, no revoked");
        let (_, mut load) = demo_lists();
        load.op = "load_context".into();
        load.context = Some("main".into());
        assert_eq!(s.handle(&load).response.ok, Some(true));
    }

    #[test]
    fn duplicate_members_in_a_list_are_the_file_error() {
        let (trust, mut req) = demo_lists();
        let doubled = trust.replacen('{', "{\"format\":\"uniqr-trust-list\",", 1);
        req.trust = Document::from_text(&doubled);
        let r = Shim::default().handle(&req);
        assert_eq!(r.response.error.as_deref(), Some("TRUST_LIST_INVALID"));
    }

    #[test]
    fn a_bad_now_or_unknown_context_is_a_protocol_rejection() {
        let s = Shim::default();
        for (now, context) in [
            (None, None),
            (Some("2026-06-01 00:00:00"), None),
            (Some("2026-06-01T00:00:00Z"), Some("never-loaded")),
        ] {
            let (_, mut req) = demo_lists();
            req.now = now.map(str::to_owned);
            if let Some(c) = context {
                req.context = Some(c.into());
                req.trust = None;
            }
            let r = s.respond(&req);
            assert_eq!(
                (r.id, r.response.error.as_deref()),
                (Some(3), Some("PROTOCOL")),
                "{now:?} {context:?}"
            );
        }
    }

    #[test]
    fn serves_lines_and_survives_garbage() {
        let input = b"garbage\n{\"op\":\"hello\",\"protocol\":1,\"future_member\":true}\n";
        let mut out = Vec::new();
        serve(&mut &input[..], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].contains("not a request"));
        assert!(lines[1].contains("\"protocol\":1"));
    }

    #[test]
    fn keeps_parsed_keys_and_bounds_them() {
        use uniqr::cose::Alg;
        use uniqr::key::SecretKey;
        use uniqr::trust::Usage;
        let s = Shim::default();
        let key = |i: u8| {
            let k = SecretKey::from_seed(Alg::EdDsa, [i; 32]);
            let signer = Signer::new(k, "VN-HN", Usage::ALL, 1_735_689_600, 1_924_992_000);
            let file: serde_json::Value = serde_json::from_str(&signer.unwrap().to_json()).unwrap();
            file.to_string()
        };
        let a = s.signer(key(1)).unwrap();
        assert!(Arc::ptr_eq(&a, &s.signer(key(1)).unwrap()), "parsed once");
        for i in 2..=(MAX_KEYS as u8 + 5) {
            s.signer(key(i)).unwrap();
        }
        assert!(s.keys.read().unwrap().len() <= MAX_KEYS);
        assert!(s.signer("{}".into()).is_err());
    }

    #[test]
    fn rejects_over_long_lines() {
        let long = vec![b'a'; MAX_LINE + 10];
        let e = read_line(&mut &long[..]).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
    }
}
