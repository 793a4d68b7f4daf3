//! The reference codec's answers to cases, in the harness response shape.

use std::collections::HashMap;

use super::{Case, Context, Op, Response, Suite};
use crate::error::Error;
use crate::trust::{Revocations, TrustList};
use crate::{Claims, Payload, Signer, hex, timefmt};

/// Loaded contexts, cached by their file paths.
#[derive(Default)]
pub struct Contexts {
    loaded: HashMap<Context, Result<(TrustList, Revocations, i64), Error>>,
}

impl Contexts {
    /// Loads (once) the trust list, revocation list and time of a context.
    ///
    /// # Errors
    /// `TRUST_LIST_INVALID` or `REVOCATION_LIST_INVALID` for a missing or
    /// invalid file or time.
    pub fn get(
        &mut self,
        suite: &Suite,
        ctx: &Context,
    ) -> Result<&(TrustList, Revocations, i64), Error> {
        self.loaded
            .entry(ctx.clone())
            .or_insert_with(|| load(suite, ctx))
            .as_ref()
            .map_err(|e| *e)
    }
}

fn load(suite: &Suite, ctx: &Context) -> Result<(TrustList, Revocations, i64), Error> {
    use crate::error::{FileError, LoadError};
    let text = |p: &str| {
        suite
            .file(p)
            .and_then(|b| std::str::from_utf8(b).ok())
            .map(str::to_owned)
    };
    let trust = text(&ctx.trust)
        .ok_or(Error::Load(LoadError::TrustList(FileError::Json)))
        .and_then(|t| TrustList::from_json(&t))?;
    let revoked = text(&ctx.revoked)
        .ok_or(Error::Load(LoadError::Revocations(FileError::Json)))
        .and_then(|t| Revocations::from_json(&t))?;
    let now = timefmt::parse_strict(&ctx.now)
        .ok_or(Error::Load(LoadError::TrustList(FileError::Field)))?;
    Ok((trust, revoked, now))
}

fn rejection(e: Error) -> Response {
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

/// The reference codec's answer to a case.
pub fn answer(case: &Case, suite: &Suite, contexts: &mut Contexts) -> Response {
    match try_answer(case, suite, contexts) {
        Ok(r) => r,
        Err(e) => rejection(e),
    }
}

fn try_answer(case: &Case, suite: &Suite, contexts: &mut Contexts) -> Result<Response, Error> {
    let text_input = || case.input.text.clone().unwrap_or_default();
    match case.op {
        Op::Verify | Op::ScanVerify => {
            let text = if case.op == Op::ScanVerify {
                let path = case.input.image.as_deref().unwrap_or_default();
                let image = suite.file(path).unwrap_or_default();
                crate::qr::scan(image)?.text
            } else {
                text_input()
            };
            let ctx =
                case.context
                    .as_ref()
                    .ok_or(Error::Load(crate::error::LoadError::TrustList(
                        crate::error::FileError::Json,
                    )))?;
            let (trust, revoked, now) = contexts.get(suite, ctx)?;
            let v = crate::verify(&text, trust, revoked, *now)?;
            Ok(Response {
                ok: Some(true),
                payload: json(&v.payload),
                claims: json(&v.claims),
                ..Response::default()
            })
        }
        Op::Decode => {
            let d = crate::decode(&text_input())?;
            Ok(Response {
                ok: Some(true),
                payload: json(&d.payload),
                claims: json(&d.claims),
                header: json(&d.header),
                ..Response::default()
            })
        }
        Op::Encode => {
            use crate::error::{ClaimsError, FileError, LoadError, PayloadError};
            let key = case
                .input
                .key
                .as_deref()
                .and_then(|k| suite.file(k))
                .and_then(|b| std::str::from_utf8(b).ok())
                .ok_or(Error::Load(LoadError::KeyFile(FileError::Json)))?;
            let signer = Signer::from_json(key)?;
            let payload: Payload = case
                .input
                .payload
                .clone()
                .and_then(|p| serde_json::from_value(p).ok())
                .ok_or(Error::Payload(PayloadError::Type))?;
            let claims: Claims = case
                .input
                .claims
                .clone()
                .and_then(|c| serde_json::from_value(c).ok())
                .ok_or(Error::Claims(ClaimsError::Type))?;
            let cose = crate::codec::encode_cose(&payload, &signer, &claims)?;
            Ok(Response {
                ok: Some(true),
                cose_hex: Some(hex::encode(&cose)),
                ..Response::default()
            })
        }
    }
}
