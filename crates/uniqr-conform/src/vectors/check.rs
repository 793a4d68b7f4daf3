//! `uniqr vectors check`: digests, case consistency and coverage of every
//! spec requirement and every registry code.

use std::collections::BTreeSet;

use super::{Op, Suite};
use uniqr::error::REGISTRY;

/// The normative spec, embedded for the coverage check.
pub const SPEC: &str = include_str!("../../../../spec/uniqr-v1.md");

/// Every requirement ID the spec defines (written `**R-AREA-N**`).
pub fn spec_requirements() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for part in SPEC.split("**").skip(1).step_by(2) {
        let mut it = part.splitn(3, '-');
        if let (Some("R"), Some(area), Some(n)) = (it.next(), it.next(), it.next())
            && !area.is_empty()
            && area
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            ids.insert(part.to_owned());
        }
    }
    ids
}

/// All problems of a suite; empty means it is complete and consistent.
pub fn check(suite: &Suite) -> Vec<String> {
    let mut problems = suite.check_manifest().err().unwrap_or_default();
    let defined = spec_requirements();
    let mut cited = BTreeSet::new();
    let mut expected_codes = BTreeSet::new();
    for c in suite.cases() {
        let id = &c.id;
        let e = &c.expected;
        if e.valid == e.error.is_some() {
            problems.push(format!("{id}: exactly one of valid and error"));
        }
        if let Some(code) = &e.error {
            if !REGISTRY.iter().any(|(r, _)| r == code) {
                problems.push(format!("{id}: {code} is not a registry code"));
            }
            expected_codes.insert(code.clone());
        }
        if c.requirements.is_empty() {
            problems.push(format!("{id}: cites no requirement"));
        }
        for r in &c.requirements {
            if !defined.contains(r) {
                problems.push(format!("{id}: {r} is not defined in the spec"));
            }
            cited.insert(r.clone());
        }
        let has = |p: &Option<String>| p.as_deref().is_some_and(|p| suite.file(p).is_some());
        let inputs_ok = match c.op {
            Op::Verify | Op::Decode => c.input.text.is_some(),
            Op::ScanVerify => has(&c.input.image),
            Op::Encode => {
                c.input.payload.is_some() && c.input.claims.is_some() && has(&c.input.key)
            }
        };
        if !inputs_ok {
            problems.push(format!("{id}: inputs missing for {}", c.op.name()));
        }
        let needs_ctx = matches!(c.op, Op::Verify | Op::ScanVerify);
        match &c.context {
            Some(ctx) if needs_ctx => {
                for f in [&ctx.trust, &ctx.revoked] {
                    if suite.file(f).is_none() {
                        problems.push(format!("{id}: context file {f} missing"));
                    }
                }
            }
            None if !needs_ctx => {}
            _ => problems.push(format!(
                "{id}: context must be given exactly for verify and scan_verify"
            )),
        }
        if e.valid && c.op != Op::Encode && (e.payload.is_none() || e.claims.is_none()) {
            problems.push(format!("{id}: valid case without payload and claims"));
        }
        if e.valid && c.op == Op::Encode && e.cose_hex.is_none() {
            problems.push(format!("{id}: valid encode case without cose_hex"));
        }
    }
    for r in defined.difference(&cited) {
        problems.push(format!("{r}: no vector cites this requirement"));
    }
    for (code, _) in REGISTRY {
        if !expected_codes.contains(*code) {
            problems.push(format!("{code}: no vector expects this code"));
        }
    }
    problems
}
