//! Conformance reports: one ordered [`RunReport`] rendered by separate
//! reporters — [`text`], [`json`] (`spec/schema/report.schema.json`),
//! [`junit`] and [`html`]. Files are written with [`crate::output`].

pub mod html;
pub mod json;
pub mod junit;
pub mod text;
pub mod verdict;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::profile::Claim;
use crate::vectors::{Case, Outcome, Response, SuiteKind};
pub use verdict::{Kind, Verdict};

/// Version of the JSON report format.
pub const REPORT_VERSION: u32 = 2;

/// The vendor as the report records it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct VendorInfo {
    /// The command run, or `built-in reference`.
    pub command: String,
    /// `in-process`, `persistent` or `spawn-per-case`.
    pub mode: String,
    /// From the vendor's hello.
    pub name: Option<String>,
    /// From the vendor's hello.
    pub version: Option<String>,
    /// From the vendor's hello.
    pub protocol: Option<u32>,
    /// From the vendor's hello.
    pub ops: Option<Vec<String>>,
}

/// Where a report came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Provenance {
    /// `uniqr <version>`.
    pub runner: String,
    /// The suite version from its manifest.
    pub suite_version: String,
    /// SHA-256 of the suite manifest (of a manifest of the files as they
    /// are, for a modified suite).
    pub suite_digest: String,
    /// Official, custom or modified.
    pub suite_kind: SuiteKind,
    /// Cases in the suite.
    pub suite_cases: usize,
    /// Cases selected by filters.
    pub selected_cases: usize,
    /// The codec under test.
    pub vendor: VendorInfo,
    /// The profiles judged, and where the claim came from.
    pub claim: Claim,
    /// `--filter` globs.
    pub filters: Vec<String>,
    /// `--skip` globs.
    pub skips: Vec<String>,
    /// The other options used.
    pub options: serde_json::Value,
    /// Start time (RFC 3339).
    pub started: String,
    /// End time (RFC 3339).
    pub finished: String,
}

/// One case in a report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseReport {
    /// Case id.
    pub id: String,
    /// Category.
    pub category: String,
    /// Operation.
    pub op: String,
    /// Title.
    pub title: String,
    /// Requirement IDs.
    pub requirements: Vec<String>,
    /// What the case expects: `valid` or the error code.
    pub expected: String,
    /// The typed outcome with its details.
    pub outcome: Outcome,
    /// What the codec answered: `valid`, its error code, or nothing.
    pub got: Option<String>,
    /// The input text (verify/decode) or image path (scan_verify), for
    /// the failure listing.
    pub input: Option<String>,
    /// How long the case took, in microseconds (0 if it was not sent).
    pub duration_us: u64,
}

impl CaseReport {
    /// Builds the report entry of one case.
    pub fn new(case: &Case, outcome: Outcome, got: Option<Response>) -> CaseReport {
        CaseReport {
            id: case.id.clone(),
            category: case.category.clone(),
            op: case.op.name().into(),
            title: case.title.clone(),
            requirements: case.requirements.clone(),
            expected: case
                .expected
                .error
                .clone()
                .unwrap_or_else(|| "valid".into()),
            outcome,
            got: got.and_then(|r| match r.ok {
                Some(true) => Some("valid".into()),
                Some(false) => r.error,
                None => r.unsupported.map(|_| "unsupported".into()),
            }),
            input: case.input.text.clone().or_else(|| case.input.image.clone()),
            duration_us: 0,
        }
    }

    /// The same, with how long the case took.
    pub fn timed(mut self, duration_us: u64) -> CaseReport {
        self.duration_us = duration_us;
        self
    }
}

/// The whole run, cases in suite order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunReport {
    /// Always `uniqr-conformance-report`.
    pub format: &'static str,
    /// [`REPORT_VERSION`].
    pub version: u32,
    /// False if the run was interrupted or hit its deadline.
    pub complete: bool,
    /// Why the run did not complete, if it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<String>,
    /// The verdict about what ran.
    pub verdict: Verdict,
    /// Where the report came from.
    pub provenance: Provenance,
    /// Case count per outcome kind.
    pub totals: BTreeMap<String, usize>,
    /// Per category: case count per outcome kind.
    pub categories: BTreeMap<String, BTreeMap<String, usize>>,
    /// Baseline lines to remove because they are stale.
    pub stale_baseline: Vec<String>,
    /// Baseline lines whose waiver has expired: they waive nothing and
    /// fail the run.
    pub expired_waivers: Vec<String>,
    /// Every case run.
    pub cases: Vec<CaseReport>,
}

/// Outcome kinds from most to least severe, for ordering failures.
pub const SEVERITY: [&str; 12] = [
    "accepted_invalid",
    "crash",
    "timeout",
    "protocol_error",
    "refused",
    "wrong_error",
    "wrong_payload",
    "wrong_encoding",
    "rejected_valid",
    "expected_failure",
    "skipped",
    "pass",
];

/// The rank of an outcome kind in [`SEVERITY`].
pub fn severity(kind: &str) -> usize {
    SEVERITY
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(SEVERITY.len())
}

impl RunReport {
    /// Builds a report, its totals and its verdict. `incomplete` says why
    /// the run did not finish, if it did not.
    pub fn new(
        provenance: Provenance,
        incomplete: Option<String>,
        cases: Vec<CaseReport>,
        stale: Vec<String>,
        expired: Vec<String>,
    ) -> RunReport {
        let mut totals = BTreeMap::new();
        let mut categories: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for c in &cases {
            let k = c.outcome.kind().to_owned();
            *totals.entry(k.clone()).or_insert(0) += 1;
            *categories
                .entry(c.category.clone())
                .or_default()
                .entry(k)
                .or_insert(0) += 1;
        }
        let verdict = Verdict::decide(&verdict::Facts {
            profiles: provenance.claim.profiles.clone(),
            failures: cases.iter().filter(|c| c.outcome.is_failure()).count(),
            waivers: cases
                .iter()
                .filter(|c| matches!(c.outcome, Outcome::ExpectedFailure { .. }))
                .count(),
            stale: stale.len(),
            expired: expired.len(),
            incomplete: incomplete.clone(),
            filtered: !provenance.filters.is_empty(),
            skip_globs: !provenance.skips.is_empty(),
            suite: Some(provenance.suite_kind),
        });
        RunReport {
            format: "uniqr-conformance-report",
            version: REPORT_VERSION,
            complete: incomplete.is_none(),
            incomplete,
            verdict,
            provenance,
            totals,
            categories,
            stale_baseline: stale,
            expired_waivers: expired,
            cases,
        }
    }

    /// Whether nothing failed among what ran, the baseline is current and
    /// the run completed: exit code 0, the CI gate.
    pub fn passed(&self) -> bool {
        matches!(
            self.verdict.kind,
            Kind::Conformant | Kind::ConformantWithWaivers | Kind::Partial
        ) && self.complete
    }

    /// Whether the verdict is a plain `CONFORMANT`: exit code 0 with
    /// `--certify`.
    pub fn certified(&self) -> bool {
        self.verdict.kind == Kind::Conformant
    }

    /// Failing cases, most severe first, then by id.
    pub fn failures(&self) -> Vec<&CaseReport> {
        let mut f: Vec<_> = self
            .cases
            .iter()
            .filter(|c| c.outcome.is_failure())
            .collect();
        f.sort_by(|a, b| {
            severity(a.outcome.kind())
                .cmp(&severity(b.outcome.kind()))
                .then_with(|| a.id.cmp(&b.id))
        });
        f
    }

    /// A copy with the time stamps and durations blanked, for determinism
    /// checks and snapshots.
    pub fn without_timestamps(&self) -> RunReport {
        let mut r = self.clone();
        r.provenance.started = "<started>".into();
        r.provenance.finished = "<finished>".into();
        for c in &mut r.cases {
            c.duration_us = 0;
        }
        r
    }
}

/// A report format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// JSON.
    Json,
    /// JUnit XML.
    Junit,
    /// Self-contained HTML.
    Html,
}

impl Format {
    /// Parses `text`, `json`, `junit` or `html`.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "junit" => Some(Format::Junit),
            "html" => Some(Format::Html),
            _ => None,
        }
    }

    /// Renders a report in this format.
    pub fn render(self, r: &RunReport, suite: &crate::vectors::Suite) -> String {
        match self {
            Format::Text => text::render(r),
            Format::Json => json::render(r),
            Format::Junit => junit::render(r),
            Format::Html => html::render(r, suite),
        }
    }
}
