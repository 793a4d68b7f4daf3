//! What the transport benches share: the golden suite's valid ES256 verify
#![allow(dead_code)] // each bench uses its part
//! cases, their context, and the protocol requests that carry them.

use criterion::black_box;
use uniqr::trust::{Revocations, TrustList};
use uniqr_conform::harness::{
    ContextRef, Request, context_name, load_context_request, request_for,
};
use uniqr_conform::vectors::{self, Case, Op};

/// The valid ES256 verify cases, ready to send or to verify directly.
pub struct Setup {
    /// Its `valid-es256` verify cases.
    pub cases: Vec<Case>,
    /// The cases' QR texts.
    pub texts: Vec<String>,
    /// Their trust list, revocation list and time.
    pub trust: TrustList,
    pub revoked: Revocations,
    pub now: i64,
    /// `load_context` for their context, then one request per case naming
    /// it.
    pub load: Request,
    pub requests: Vec<Request>,
}

impl Setup {
    pub fn new() -> Setup {
        let suite = vectors::embedded().expect("embedded suite");
        let cases: Vec<Case> = suite
            .cases()
            .iter()
            .filter(|c| c.category == "valid-es256" && c.op == Op::Verify)
            .cloned()
            .collect();
        assert!(!cases.is_empty());
        let ctx = cases[0].context.clone().expect("context");
        let text =
            |p: &str| String::from_utf8(suite.file(p).expect("file").to_vec()).expect("utf-8");
        let trust = TrustList::from_json(&text(&ctx.trust)).expect("trust");
        let revoked = Revocations::from_json(&text(&ctx.revoked)).expect("revoked");
        let now = uniqr::timefmt::parse_strict(&ctx.now).expect("now");
        let texts = cases.iter().filter_map(|c| c.input.text.clone()).collect();
        let name = context_name(&cases[0]).expect("context name");
        let load = load_context_request(&cases[0], &suite, 1).expect("load request");
        let requests = cases
            .iter()
            .enumerate()
            .map(|(k, c)| request_for(c, &suite, k as u64 + 2, ContextRef::Named(&name)))
            .collect();
        Setup {
            cases,
            texts,
            trust,
            revoked,
            now,
            load,
            requests,
        }
    }

    /// The baseline: `uniqr::verify` in process on the `i`-th text (mod the
    /// number of texts).
    pub fn verify_directly(&self, i: usize) {
        let text = &self.texts[i % self.texts.len()];
        uniqr::verify(black_box(text), &self.trust, &self.revoked, self.now).expect("valid");
    }
}
