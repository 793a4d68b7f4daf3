//! `uniqr vectors check`: digests, case consistency and coverage of every
//! spec requirement and every registry code.

use std::collections::BTreeSet;

use super::{Op, Suite};
use uniqr::error::REGISTRY;

mod defects;

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
            Op::Verify | Op::Decode | Op::Render => c.input.text.is_some(),
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
        let content = !matches!(c.op, Op::Encode | Op::Render);
        if e.valid && content && (e.payload.is_none() || e.claims.is_none()) {
            problems.push(format!("{id}: valid case without payload and claims"));
        }
        if e.valid && c.op == Op::Encode && e.cose_hex.is_none() {
            problems.push(format!("{id}: valid encode case without cose_hex"));
        }
        problems.extend(one_defect(c));
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

/// The one-defect rule where it can be checked mechanically: a
/// `CBOR_NONCANONICAL` case outside `check-order` deviates from
/// deterministic encoding in exactly one way.
fn one_defect(c: &super::Case) -> Option<String> {
    if c.category == "check-order" || c.expected.error.as_deref() != Some("CBOR_NONCANONICAL") {
        return None;
    }
    let cose = uniqr::codec::unwrap_text(c.input.text.as_deref()?).ok()?;
    let found = defects::defects(&cose);
    (found.len() != 1).then(|| {
        format!(
            "{}: an invalid case carries exactly one defect, this one {} ({found:?})",
            c.id,
            found.len()
        )
    })
}

/// How one requirement is covered: by cases that must be accepted and by
/// cases that must be rejected.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Sides {
    /// The requirement id.
    pub requirement: String,
    /// Cases citing it whose input is valid (verified, decoded, encoded).
    pub accepted: usize,
    /// Cases citing it whose input must be rejected.
    pub rejected: usize,
    /// Why the rule has one side only, for a rule that says only what must
    /// be accepted or only how rejections rank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_sided: Option<&'static str>,
}

impl Sides {
    /// Whether both sides of the rule are tested.
    pub fn both(&self) -> bool {
        self.accepted > 0 && self.rejected > 0
    }

    /// Whether the rule is covered as far as it can be: both sides, or the
    /// one side a one-sided rule has.
    pub fn complete(&self) -> bool {
        self.both() || self.one_sided.is_some() && self.accepted + self.rejected > 0
    }
}

/// Requirements with one side by their nature, and why.
const ONE_SIDED: &[(&str, &str)] = &[
    // R-QR-1 and R-QR-3 have a rejected side: `render` refuses a text
    // that no conforming symbol can hold.
    (
        "R-QR-2",
        "how an encoder draws: judged on the symbols it draws",
    ),
    (
        "R-QR-4",
        "how an encoder draws: judged on the symbols it draws",
    ),
    (
        "R-QR-5",
        "how an encoder draws: judged on the symbols it draws",
    ),
    ("R-QR-6", "says only what a verifier must accept"),
    ("R-QR-7", "says only what a verifier must accept"),
    ("R-QR-8", "says only what a verifier must accept"),
    ("R-QR-9", "says only what a verifier must accept"),
    ("R-QR-11", "says only what a verifier must reject"),
    ("R-QR-12", "ranks rejections"),
    ("R-CBOR-5", "ranks rejections"),
    ("R-ENC-4", "ranks refusals"),
    ("R-ENC-2", "says only what a verifier must accept"),
    (
        "R-ENC-3",
        "an encoder obligation, judged byte for byte on valid encodes",
    ),
];

/// Per requirement defined in the spec, how many cases test each side of
/// it, in natural id order (`R-PAY-2` before `R-PAY-12`). A rule tested
/// only on one side can be broken on the other without the suite noticing.
pub fn sides(suite: &Suite) -> Vec<Sides> {
    let mut map: std::collections::BTreeMap<String, (usize, usize)> = spec_requirements()
        .into_iter()
        .map(|r| (r, (0, 0)))
        .collect();
    for c in suite.cases() {
        for r in &c.requirements {
            let e = map.entry(r.clone()).or_default();
            if c.expected.valid {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    let mut out: Vec<Sides> = map
        .into_iter()
        .map(|(requirement, (accepted, rejected))| Sides {
            one_sided: ONE_SIDED
                .iter()
                .find(|(r, _)| *r == requirement)
                .map(|(_, why)| *why),
            requirement,
            accepted,
            rejected,
        })
        .collect();
    out.sort_by(|a, b| natural_key(&a.requirement).cmp(&natural_key(&b.requirement)));
    out
}

/// `R-PAY-12` as (`R-PAY-`, 12), for natural order.
fn natural_key(id: &str) -> (&str, u64) {
    let digits = id.trim_end_matches(|c: char| c.is_ascii_digit());
    (digits, id[digits.len()..].parse().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectors::{Case, Expected, Input};

    fn noncanonical(claims: &[u8]) -> Case {
        let mut cose = vec![0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26, 0xa0];
        cose.push(0x40 + u8::try_from(claims.len()).unwrap());
        cose.extend_from_slice(claims);
        cose.push(0x40);
        Case {
            id: "cbor-test".into(),
            title: "test".into(),
            category: "cbor-noncanonical".into(),
            requirements: vec!["R-CBOR-4".into()],
            op: Op::Verify,
            input: Input {
                text: Some(crate::forge::text_from_cose(&cose)),
                ..Input::default()
            },
            context: None,
            expected: Expected {
                valid: false,
                error: Some("CBOR_NONCANONICAL".into()),
                ..Expected::default()
            },
        }
    }

    #[test]
    fn flags_a_canonical_encoding_case_with_two_defects_or_none() {
        // A key twice, in order: one defect.
        assert_eq!(
            one_defect(&noncanonical(&[0xa2, 0x01, 0x00, 0x01, 0x00])),
            None
        );
        // A key twice and out of order: two.
        let two = one_defect(&noncanonical(&[0xa3, 0x02, 0x00, 0x01, 0x00, 0x01, 0x00]));
        assert!(two.is_some_and(|p| p.contains("this one 2")));
        // Canonical after all: the case's defect is not there.
        let none = one_defect(&noncanonical(&[0xa2, 0x01, 0x00, 0x02, 0x00]));
        assert!(none.is_some_and(|p| p.contains("this one 0")));
        // check-order cases carry two defects by design.
        let mut order = noncanonical(&[0xa3, 0x02, 0x00, 0x01, 0x00, 0x01, 0x00]);
        order.category = "check-order".into();
        assert_eq!(one_defect(&order), None);
    }
}
