//! The model of a results site: every conformance run and interop matrix
//! found ([`Results`]), and the view the pages are drawn from ([`View`]):
//! vendors with slugs, their runs newest first, the current run per
//! profile, and the new failures of each run since the one before.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::attest::{ConformancePredicate, InteropPredicate, RunnerRef, SuiteRef, VendorRef};
use crate::interop::matrix::Matrix;

/// Where a result came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// A DSSE envelope (`*.intoto.json`).
    Attestation,
    /// A JSON conformance report (`report.json`).
    Report,
    /// An interop matrix (`matrix.json`).
    Matrix,
}

impl Origin {
    /// The word `results.json` uses.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Attestation => "attestation",
            Origin::Report => "report",
            Origin::Matrix => "matrix",
        }
    }
}

/// Whether a result is certified.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Trust {
    /// An attestation that verifies with a given lab key.
    Certified {
        /// The lab key's id.
        kid: String,
    },
    /// Anything else, with the reason.
    SelfReported {
        /// Why it is not certified.
        why: String,
    },
}

impl Trust {
    /// Whether the result is certified.
    pub fn certified(&self) -> bool {
        matches!(self, Trust::Certified { .. })
    }

    /// `certified` or `self-reported` (the pages' `data-trust`).
    pub fn word(&self) -> &'static str {
        if self.certified() {
            "certified"
        } else {
            "self-reported"
        }
    }
}

/// One conformance run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The result, as an attestation predicate (a report is read into the
    /// same shape).
    pub predicate: ConformancePredicate,
    /// The file it was read from, as found under the folder given.
    pub source: String,
    /// What kind of file that is.
    pub origin: Origin,
    /// Certified or self-reported.
    pub trust: Trust,
}

impl Run {
    /// The vendor's name: the implementation name of its hello, else its
    /// command.
    pub fn vendor(&self) -> String {
        let v = &self.predicate.vendor;
        v.name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| v.command.clone())
    }

    /// What identifies the run across files: an attestation and the report
    /// it was made from are one run.
    fn key(&self) -> (String, String, String, String) {
        let p = &self.predicate;
        (
            self.vendor(),
            p.started.clone(),
            p.finished.clone(),
            p.suite.digest.clone(),
        )
    }
}

/// One interop result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interop {
    /// The matrix file, when one was found (its page is rendered).
    pub matrix: Option<Matrix>,
    /// The result as an attestation predicate.
    pub predicate: InteropPredicate,
    /// The file it was read from.
    pub source: String,
    /// What kind of file that is.
    pub origin: Origin,
    /// Certified or self-reported.
    pub trust: Trust,
}

/// Every result found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Results {
    /// Conformance runs.
    pub runs: Vec<Run>,
    /// Interop matrices.
    pub interop: Vec<Interop>,
    /// Files that looked like inputs but could not be read: path → why.
    pub ignored: BTreeMap<String, String>,
}

impl Results {
    /// Adds a run; when the same run is already there (an attestation and
    /// its report), the certified one, else the attestation, is kept.
    pub fn add_run(&mut self, run: Run) {
        if let Some(i) = self.runs.iter().position(|r| r.key() == run.key()) {
            let old = &self.runs[i];
            let better = (run.trust.certified(), run.origin == Origin::Attestation)
                > (old.trust.certified(), old.origin == Origin::Attestation)
                || ((run.trust.certified(), run.origin == Origin::Attestation)
                    == (old.trust.certified(), old.origin == Origin::Attestation)
                    && run.source < old.source);
            if better {
                self.runs[i] = run;
            }
        } else {
            self.runs.push(run);
        }
    }

    /// Adds an interop result; an attested predicate made from a matrix
    /// already found (or found later) is merged with it.
    pub fn add_interop(&mut self, mut it: Interop) {
        let same = |a: &Interop, b: &Interop| match (&a.matrix, &b.matrix) {
            (Some(m), None) => attested(m, &b.predicate),
            (None, Some(m)) => attested(m, &a.predicate),
            _ => a.predicate == b.predicate,
        };
        if let Some(i) = self.interop.iter().position(|x| same(x, &it)) {
            let old = &mut self.interop[i];
            let matrix = old.matrix.take().or(it.matrix.take());
            let keep_new = (it.trust.certified(), it.origin == Origin::Attestation)
                > (old.trust.certified(), old.origin == Origin::Attestation)
                || (it.trust.certified() == old.trust.certified() && it.source < old.source);
            if keep_new {
                *old = it;
            }
            old.matrix = matrix;
        } else {
            self.interop.push(it);
        }
    }
}

/// Whether `p` is the predicate of matrix `m`.
fn attested(m: &Matrix, p: &InteropPredicate) -> bool {
    crate::attest::interop(m, &p.runner.sha256, &p.host) == *p
}

/// The predicate of a matrix file that is not attested.
pub fn matrix_predicate(m: &Matrix) -> InteropPredicate {
    crate::attest::interop(m, "", "")
}

#[derive(Deserialize)]
struct ReportFile {
    format: String,
    verdict: ReportVerdict,
    provenance: ReportProvenance,
    #[serde(default)]
    totals: BTreeMap<String, usize>,
    #[serde(default)]
    cases: Vec<ReportCase>,
}

#[derive(Deserialize)]
struct ReportVerdict {
    kind: String,
    text: String,
    #[serde(default)]
    profiles: Vec<String>,
}

#[derive(Deserialize)]
struct ReportProvenance {
    runner: String,
    suite_version: String,
    suite_digest: String,
    suite_kind: String,
    vendor: ReportVendor,
    started: String,
    finished: String,
    #[serde(default)]
    options: serde_json::Value,
}

#[derive(Deserialize)]
struct ReportVendor {
    command: String,
    mode: String,
    name: Option<String>,
    version: Option<String>,
}

#[derive(Deserialize)]
struct ReportCase {
    id: String,
    #[serde(default)]
    requirements: Vec<String>,
    outcome: ReportOutcome,
}

#[derive(Deserialize)]
struct ReportOutcome {
    kind: String,
}

/// The `format` of a JSON conformance report.
pub const REPORT_FORMAT: &str = "uniqr-conformance-report";

/// Reads a JSON conformance report (`spec/schema/report.schema.json`)
/// into the shape of a conformance predicate, as `attest::conformance`
/// builds it (its `lists` stay empty: a report does not name them).
///
/// # Errors
/// A message when the text is not a conformance report.
pub fn predicate_from_report(
    json: &str,
    runner_sha256: &str,
    host: &str,
) -> Result<ConformancePredicate, String> {
    let r: ReportFile = serde_json::from_str(json).map_err(|e| format!("not a report: {e}"))?;
    if r.format != REPORT_FORMAT {
        return Err(format!("format {:?}: expected {REPORT_FORMAT:?}", r.format));
    }
    let mut requirements: BTreeMap<String, String> = BTreeMap::new();
    for c in &r.cases {
        if c.outcome.kind == "skipped" {
            continue;
        }
        for req in &c.requirements {
            let e = requirements
                .entry(req.clone())
                .or_insert_with(|| "pass".into());
            if c.outcome.kind != "pass" {
                *e = "fail".into();
            }
        }
    }
    let p = r.provenance;
    Ok(ConformancePredicate {
        suite: SuiteRef {
            version: p.suite_version,
            digest: p.suite_digest,
            kind: p.suite_kind,
        },
        runner: RunnerRef {
            version: p.runner,
            sha256: runner_sha256.into(),
        },
        vendor: VendorRef {
            id: None,
            name: p.vendor.name,
            version: p.vendor.version,
            command: p.vendor.command,
            mode: p.vendor.mode,
        },
        profiles: r.verdict.profiles,
        verdict: r.verdict.kind,
        verdict_text: r.verdict.text,
        certify: p
            .options
            .get("certify")
            .and_then(serde_json::Value::as_bool)
            == Some(true),
        totals: r.totals,
        cases: r
            .cases
            .iter()
            .map(|c| (c.id.clone(), c.outcome.kind.clone()))
            .collect(),
        requirements,
        lists: Vec::new(),
        started: p.started,
        finished: p.finished,
        host: host.into(),
    })
}

/// Whether an outcome kind is a failure (not a pass, a skip or an expected
/// failure).
pub fn failing(kind: &str) -> bool {
    !matches!(kind, "pass" | "skipped" | "expected_failure")
}

/// A vendor as the pages show it.
#[derive(Clone, Debug)]
pub struct VendorView<'a> {
    /// Its name.
    pub name: String,
    /// Its slug (unique on the site).
    pub slug: String,
    /// Its runs, newest first.
    pub runs: Vec<&'a Run>,
    /// The newest run per profile it covers.
    pub current: BTreeMap<&'static str, &'a Run>,
    /// Per run (same order as `runs`): the cases failing in it that passed
    /// in the run before.
    pub new_failures: Vec<Vec<String>>,
}

impl VendorView<'_> {
    /// The status of each requirement over the current runs: `fail` if any
    /// fails it, else `pass`.
    pub fn requirements(&self) -> BTreeMap<&str, &str> {
        let mut out: BTreeMap<&str, &str> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for run in self
            .current
            .values()
            .filter(|r| seen.insert(r.source.as_str()))
        {
            for (id, status) in &run.predicate.requirements {
                let e = out.entry(id.as_str()).or_insert("pass");
                if status != "pass" {
                    *e = "fail";
                }
            }
        }
        out
    }
}

/// What the pages are drawn from.
#[derive(Clone, Debug)]
pub struct View<'a> {
    /// Vendors by name.
    pub vendors: Vec<VendorView<'a>>,
    /// Interop results, oldest first, each with its page (when its
    /// matrix was found).
    pub interop: Vec<(Option<String>, &'a Interop)>,
    /// Files ignored.
    pub ignored: &'a BTreeMap<String, String>,
}

/// Newest first: by finish and start time, then certified first, then
/// source.
fn newest_first(a: &Run, b: &Run) -> std::cmp::Ordering {
    (&b.predicate.finished, &b.predicate.started)
        .cmp(&(&a.predicate.finished, &a.predicate.started))
        .then(b.trust.certified().cmp(&a.trust.certified()))
        .then(a.source.cmp(&b.source))
}

impl<'a> View<'a> {
    /// Groups the results by vendor and orders everything.
    pub fn of(results: &'a Results) -> View<'a> {
        let mut by_name: BTreeMap<String, Vec<&Run>> = BTreeMap::new();
        for r in &results.runs {
            by_name.entry(r.vendor()).or_default().push(r);
        }
        let mut used = BTreeSet::new();
        let mut vendors = Vec::new();
        for (name, mut runs) in by_name {
            let base = super::slug(&name);
            let mut slug = base.clone();
            let mut n = 2;
            while !used.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            runs.sort_by(|a, b| newest_first(a, b));
            let mut current = BTreeMap::new();
            for p in super::PROFILES {
                if let Some(r) = runs
                    .iter()
                    .find(|r| r.predicate.profiles.iter().any(|x| x == p))
                {
                    current.insert(p, *r);
                }
            }
            let new_failures = (0..runs.len())
                .map(|i| match runs.get(i + 1) {
                    Some(prev) => new_failures(runs[i], prev),
                    None => Vec::new(),
                })
                .collect();
            vendors.push(VendorView {
                name,
                slug,
                runs,
                current,
                new_failures,
            });
        }
        let mut interop: Vec<&Interop> = results.interop.iter().collect();
        interop.sort_by(|a, b| {
            (&a.predicate.started, &a.predicate.finished, &a.source).cmp(&(
                &b.predicate.started,
                &b.predicate.finished,
                &b.source,
            ))
        });
        View {
            vendors,
            interop: interop
                .into_iter()
                .enumerate()
                .map(|(i, x)| {
                    let page = x
                        .matrix
                        .as_ref()
                        .map(|_| format!("interop/matrix-{}.html", i + 1));
                    (page, x)
                })
                .collect(),
            ignored: &results.ignored,
        }
    }
}

/// The cases failing in `now` that passed in `before`.
pub fn new_failures(now: &Run, before: &Run) -> Vec<String> {
    now.predicate
        .cases
        .iter()
        .filter(|(id, kind)| {
            failing(kind) && before.predicate.cases.get(*id).map(String::as_str) == Some("pass")
        })
        .map(|(id, _)| id.clone())
        .collect()
}
