//! The fuzz report (`spec/schema/fuzz-report.schema.json`): what ran, how
//! fast, how deep the cases got, and the findings by signature (R-FZ-6).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::plan::Layer;
use crate::report::VendorInfo;

/// Format name of the JSON report.
pub const FORMAT: &str = "uniqr-fuzz-report";

/// How far the reference got with a verify or decode case: the check-order
/// stage (R-ORD-1) that stopped it, or `Accepted`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Loading the trust or revocation list.
    Context,
    /// Steps 1–2: text length and prefix.
    Text,
    /// Step 3.
    Base45,
    /// Step 4.
    Zlib,
    /// Steps 5–9: the COSE message's CBOR, tag, structure, alg, kid.
    Cose,
    /// Steps 10–11: trusted key and key type.
    Trust,
    /// Step 12.
    Signature,
    /// Steps 13–15: claims CBOR, claims, issuer.
    Claims,
    /// Step 16.
    Payload,
    /// Steps 17–18: key window and usage.
    KeyPolicy,
    /// Steps 19–20.
    Time,
    /// Step 21.
    Revocation,
    /// Every check passed.
    Accepted,
}

impl Stage {
    /// Every stage, in check order.
    pub const ALL: [Stage; 13] = [
        Stage::Context,
        Stage::Text,
        Stage::Base45,
        Stage::Zlib,
        Stage::Cose,
        Stage::Trust,
        Stage::Signature,
        Stage::Claims,
        Stage::Payload,
        Stage::KeyPolicy,
        Stage::Time,
        Stage::Revocation,
        Stage::Accepted,
    ];

    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Context => "context",
            Stage::Text => "text",
            Stage::Base45 => "base45",
            Stage::Zlib => "zlib",
            Stage::Cose => "cose",
            Stage::Trust => "trust",
            Stage::Signature => "signature",
            Stage::Claims => "claims",
            Stage::Payload => "payload",
            Stage::KeyPolicy => "key_policy",
            Stage::Time => "time",
            Stage::Revocation => "revocation",
            Stage::Accepted => "accepted",
        }
    }
}

/// A finding's identity: cases with the same signature are one finding
/// (R-FZ-4).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Signature {
    /// The operation.
    pub op: String,
    /// The reference's verdict: a registry code or `valid`.
    pub reference: String,
    /// The vendor's outcome: `accepted`, `rejected CODE`, `wrong payload`,
    /// `wrong encoding (LAYER)`, `crash`, `timeout` or `protocol error`.
    pub vendor: String,
    /// The mutated layer.
    pub layer: Layer,
}

/// One stage's row of the layer-reach table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reach {
    /// The stage.
    pub stage: Stage,
    /// Cases that reached the stage.
    pub reached: u64,
    /// Cases that got past it.
    pub passed: u64,
    /// Cases it stopped.
    pub stopped: u64,
    /// `passed` as a share of all verify and decode cases.
    pub share_passed: f64,
}

/// One mutated layer's row of the layer table: how many cases the fuzzer
/// made at it, how many of them the reference rejected, and how many
/// distinct findings it gave. Every layer has a row, so a layer or edit
/// family the generator never reaches shows as 0 (R-FZ-15).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LayerRow {
    /// The mutated layer.
    pub layer: Layer,
    /// Cases mutated at it.
    pub cases: u64,
    /// Of those, cases the reference rejected.
    pub rejected: u64,
    /// Distinct signatures at it (minimised or not).
    pub signatures: usize,
}

/// How minimisation went for one finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Minimised {
    /// Builds tried.
    pub steps: usize,
    /// Edits before and after.
    pub edits: (usize, usize),
    /// Input size in bytes (text, or payload JSON for encode) before and
    /// after.
    pub size: (usize, usize),
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The saved vector's id.
    pub id: String,
    /// The signature.
    pub signature: Signature,
    /// Cases with this signature.
    pub count: u64,
    /// The first case index with it (replay with the same seed).
    pub first_case: u64,
    /// The judge's description of the first case's outcome.
    pub detail: String,
    /// Minimisation result, if minimised.
    pub minimised: Option<Minimised>,
    /// The vector file, relative to `--out`, once saved.
    pub vector: Option<String>,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FuzzReport {
    /// Always [`FORMAT`].
    pub format: &'static str,
    /// Report format version.
    pub version: u32,
    /// `uniqr <version>`.
    pub runner: String,
    /// The vendor.
    pub vendor: VendorInfo,
    /// The seed.
    pub seed: u64,
    /// The vendor's claimed profiles.
    pub profiles: Vec<String>,
    /// Operations fuzzed: those requested that the claimed profiles cover.
    pub ops: Vec<String>,
    /// Parallel workers.
    pub jobs: usize,
    /// Whether the whole budget ran (false after Ctrl-C).
    pub complete: bool,
    /// Cases run.
    pub cases: u64,
    /// Seconds the cases took (without minimisation).
    pub elapsed_s: f64,
    /// Cases per second.
    pub cases_per_s: f64,
    /// Cases by mutated layer.
    pub mutated: BTreeMap<String, u64>,
    /// Cases by operation.
    pub by_op: BTreeMap<String, u64>,
    /// Reach of verify and decode cases through the check order.
    pub reach: Vec<Reach>,
    /// Cases, rejections and findings per mutated layer, every layer.
    pub layers: Vec<LayerRow>,
    /// Vendor outcomes by kind (`pass`, `accepted_invalid`, …).
    pub outcomes: BTreeMap<String, u64>,
    /// Distinct signatures seen (findings may be capped).
    pub signatures: usize,
    /// The findings, by first case.
    pub findings: Vec<Finding>,
    /// Start time, RFC 3339.
    pub started: String,
    /// End time, RFC 3339.
    pub finished: String,
}

impl FuzzReport {
    /// Whether the run found nothing.
    pub fn clean(&self) -> bool {
        self.signatures == 0
    }

    /// The JSON report.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The human summary (stderr).
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "uniqr fuzz: {} cases in {:.1} s ({:.0} cases/s), seed {}, vendor {} ({}){}",
            self.cases,
            self.elapsed_s,
            self.cases_per_s,
            self.seed,
            self.vendor.command,
            self.vendor.mode,
            if self.complete { "" } else { ", INCOMPLETE" }
        );
        let _ = writeln!(s, "layer reach (share of verify/decode cases past each):");
        for r in &self.reach {
            let _ = writeln!(
                s,
                "  {:<11} {:>6.1} %  (stopped {})",
                r.stage.name(),
                100.0 * r.share_passed,
                r.stopped
            );
        }
        let _ = writeln!(
            s,
            "mutated layers (cases, rejected by the reference, findings):"
        );
        for l in &self.layers {
            let _ = writeln!(
                s,
                "  {:<18} {:>7} {:>7} {:>4}",
                l.layer.name(),
                l.cases,
                l.rejected,
                l.signatures
            );
        }
        if self.findings.is_empty() {
            let _ = writeln!(s, "no findings");
        }
        for f in &self.findings {
            let sig = &f.signature;
            let _ = writeln!(
                s,
                "FINDING {}: {} at layer {}: reference {}, vendor {} ({} cases, first #{})",
                f.id,
                sig.op,
                sig.layer.name(),
                sig.reference,
                sig.vendor,
                f.count,
                f.first_case
            );
            if let Some(v) = &f.vector {
                let _ = writeln!(s, "  vector: {v}");
            }
        }
        if self.signatures > self.findings.len() {
            let _ = writeln!(
                s,
                "{} more signatures not minimised (raise --max-findings)",
                self.signatures - self.findings.len()
            );
        }
        s
    }
}
