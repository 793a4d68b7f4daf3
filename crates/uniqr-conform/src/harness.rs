//! The vendor harness protocol (`spec/harness-protocol.md`): newline-
//! delimited JSON between the conformance runner and a vendor's codec.
//!
//! [`protocol`] holds the messages, [`shim`] the reference codec speaking the
//! protocol (`uniqr shim`), [`vendor_abi`] the constants of the same
//! messages as a C ABI, [`request_for`] turns a golden case into a request
//! and [`answer`] gives the reference's answer to a case.

pub mod protocol;
pub mod shim;
pub mod vendor_abi;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

pub use protocol::{Document, PROTOCOL, Reply, Request};

use crate::vectors::{Case, Op, Response, Suite};
use shim::Shim;

/// How a request names its verification context.
#[derive(Clone, Copy, Debug)]
pub enum ContextRef<'a> {
    /// By the name of a context loaded earlier with `load_context`.
    Named(&'a str),
    /// Inline: the trust and revocation lists travel with the request
    /// (spawn-per-case mode).
    Inline,
}

/// The name of a case's context: its two file paths.
pub fn context_name(case: &Case) -> Option<String> {
    case.context
        .as_ref()
        .map(|c| format!("{}+{}", c.trust, c.revoked))
}

/// A suite file as it goes into a request: its text verbatim (R-H-15), or
/// `null` when it is missing or not JSON.
fn json_file(suite: &Suite, path: &str) -> Document {
    suite
        .file(path)
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(Document::from_text)
        .unwrap_or_else(Document::null)
}

/// The `load_context` request for a case's context.
pub fn load_context_request(case: &Case, suite: &Suite, id: u64) -> Option<Request> {
    let ctx = case.context.as_ref()?;
    Some(Request {
        id: Some(id),
        op: "load_context".into(),
        context: context_name(case),
        trust: Some(json_file(suite, &ctx.trust)),
        revoked: Some(json_file(suite, &ctx.revoked)),
        ..Request::default()
    })
}

/// The request that asks a codec to run a case.
pub fn request_for(case: &Case, suite: &Suite, id: u64, ctx: ContextRef<'_>) -> Request {
    let mut r = Request {
        id: Some(id),
        op: case.op.name().into(),
        ..Request::default()
    };
    if let Some(c) = &case.context {
        r.now = Some(c.now.clone());
        match ctx {
            ContextRef::Named(name) => r.context = Some(name.into()),
            ContextRef::Inline => {
                r.trust = Some(json_file(suite, &c.trust));
                r.revoked = Some(json_file(suite, &c.revoked));
            }
        }
    }
    match case.op {
        Op::Verify | Op::Decode | Op::Render => r.text = case.input.text.clone(),
        Op::ScanVerify => {
            let image = case.input.image.as_deref().and_then(|p| suite.file(p));
            r.image = image.map(|b| B64.encode(b));
        }
        Op::Encode => {
            r.payload = case.input.payload.clone();
            r.claims = case.input.claims.clone();
            r.key = case.input.key.as_deref().map(|k| json_file(suite, k));
        }
    }
    r
}

/// The reference codec's answer to a case, through the same request a
/// vendor receives (inline context).
pub fn answer(case: &Case, suite: &Suite, shim: &mut Shim) -> Response {
    shim.handle(&request_for(case, suite, 0, ContextRef::Inline))
        .response
}
