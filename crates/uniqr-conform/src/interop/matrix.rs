//! The interop matrix (`spec/schema/interop.schema.json`): one cell per
//! issuer, verifier and channel, each failure attributed to the side that
//! deviates from the reference (R-IO-5), and the changes since an earlier
//! matrix (R-IO-7).

use serde::{Deserialize, Serialize};

/// The `format` member of a matrix file.
pub const FORMAT: &str = "uniqr-interop-matrix";
/// The matrix file version this runner writes and reads.
pub const VERSION: u32 = 1;

/// Most differences listed per failure.
pub const MAX_DIFFS: usize = 20;

/// How a code reaches the verifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The QR text (`verify`).
    Text,
    /// The QR image (`scan_verify`).
    Image,
}

impl Channel {
    /// `text` or `image`.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Text => "text",
            Channel::Image => "image",
        }
    }
}

/// Which side of a cell deviates from the reference (R-IO-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fault {
    /// The issuer (or its renderer): the reference rejects or misreads its
    /// output, or it issued nothing.
    Issuer,
    /// The verifier: the reference reads the issuer's output correctly.
    Verifier,
}

/// What went wrong with one payload in one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The issuer gave no text (a rejection, `unsupported`, a crash).
    NotIssued,
    /// The issuer gave no image for its text.
    NotRendered,
    /// The verifier rejected the code.
    NotRecognised,
    /// The verifier accepted the code with other data than was issued.
    RecognisedWrongly,
    /// The verifier crashed, hung, broke the protocol or declined.
    VerifierFailed,
}

/// What one side did, as the matrix reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    /// The registry code given, if any (or `crash`, `timeout`,
    /// `protocol_error`, `unsupported` for a transport failure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The layer of the code (R-IO-5): `prefix`, `base45`, …, `qr`, or
    /// `data` for a payload or claims difference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// A human detail (vendor text: escape it for every output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// One difference between what was issued and what was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diff {
    /// JSON pointer into `{"payload": …, "claims": …}`.
    pub path: String,
    /// What the issuer was given (absent: the member was not there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<serde_json::Value>,
    /// What the verifier reported (absent: it left the member out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub got: Option<serde_json::Value>,
}

/// One failing payload of a cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The lab item id.
    pub payload: String,
    /// What went wrong.
    pub kind: Kind,
    /// Who deviates from the reference.
    pub fault: Fault,
    /// What the reference says of the issuer's output (or what the issuer
    /// said when it issued nothing).
    pub issuer: Side,
    /// What the verifier said.
    pub verifier: Side,
    /// Payload and claims differences, for `recognised_wrongly`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diff: Vec<Diff>,
}

/// One issuer × verifier × channel cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The issuing vendor's name.
    pub issuer: String,
    /// The verifying vendor's name.
    pub verifier: String,
    /// Text or image.
    pub channel: Channel,
    /// For images: `issuer` when the issuer drew them (`render`), else
    /// `reference` (R-IO-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drawn_by: Option<String>,
    /// Payloads read exactly as issued.
    pub passed: usize,
    /// Failing payloads, in lab order.
    pub failures: Vec<Failure>,
}

impl Cell {
    /// Whether every payload passed.
    pub fn passes(&self) -> bool {
        self.failures.is_empty()
    }

    /// The key of one payload of this cell, for comparing matrices.
    fn key(&self, payload: &str) -> String {
        format!(
            "{} → {} ({}): {payload}",
            self.issuer,
            self.verifier,
            self.channel.name()
        )
    }
}

/// A vendor of the matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vendor {
    /// The name given on the command line (`reference` for the reference).
    pub name: String,
    /// How it is reached: `in-process`, `persistent`, `spawn-per-case`,
    /// `library-isolated`.
    pub mode: String,
    /// Its command or library path.
    pub command: String,
    /// The implementation name from its hello.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation: Option<String>,
    /// The version from its hello.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The operations its hello lists.
    pub ops: Vec<String>,
    /// Why it could not take part, if it could not start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

impl Vendor {
    /// Whether the hello lists `op` (a vendor that did not start lists
    /// nothing).
    pub fn has(&self, op: &str) -> bool {
        self.ops.iter().any(|o| o == op)
    }
}

/// A lab item as the matrix names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabPayload {
    /// The item id.
    pub id: String,
    /// The signing key's name.
    pub key: String,
    /// The SHA-256 of the payload and claims JSON, lowercase hex.
    pub sha256: String,
}

/// Totals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Cells in the matrix.
    pub cells: usize,
    /// Cells where every payload passed.
    pub passing_cells: usize,
    /// Cells with a failure.
    pub failing_cells: usize,
    /// Payload checks (cells × payloads).
    pub checks: usize,
    /// Failing payload checks.
    pub failed_checks: usize,
}

/// Who must fix what: one vendor's share of the failures (R-IO-5).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blame {
    /// The vendor.
    pub vendor: String,
    /// Failing payload checks where it issued (or drew) and is at fault.
    pub as_issuer: usize,
    /// Failing payload checks where it verified and is at fault.
    pub as_verifier: usize,
    /// The layers and codes blamed, most frequent first (`layer CODE`, or
    /// `data` for a payload or claims difference), with their counts.
    pub causes: Vec<(String, usize)>,
}

/// What changed since an earlier matrix (R-IO-7).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// The earlier matrix's start time.
    pub previous_started: String,
    /// Cell payloads failing now that passed (or did not exist) then.
    pub new_failures: Vec<String>,
    /// Cell payloads that failed then and pass now.
    pub fixed: Vec<String>,
}

/// The matrix of one `uniqr interop` run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// The runner, `uniqr X.Y.Z`.
    pub runner: String,
    /// The verification time.
    pub now: String,
    /// When the run started.
    pub started: String,
    /// When it finished.
    pub finished: String,
    /// The SHA-256 of the lab trust list.
    pub trust_sha256: String,
    /// The lab set.
    pub payloads: Vec<LabPayload>,
    /// The vendors, the reference first.
    pub vendors: Vec<Vendor>,
    /// The cells: issuers in vendor order, then verifiers, then channels.
    pub cells: Vec<Cell>,
    /// Totals.
    pub summary: Summary,
    /// Each vendor at fault somewhere, in vendor order.
    pub blame: Vec<Blame>,
    /// `INTEROPERABLE` or `NOT INTEROPERABLE: …`.
    pub verdict: String,
    /// Changes since `--previous`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
}

impl Matrix {
    /// Fills in the summary and the verdict from the cells.
    pub fn finish(&mut self) {
        let failing = self.cells.iter().filter(|c| !c.passes()).count();
        self.summary = Summary {
            cells: self.cells.len(),
            passing_cells: self.cells.len() - failing,
            failing_cells: failing,
            checks: self.cells.iter().map(|c| c.passed + c.failures.len()).sum(),
            failed_checks: self.cells.iter().map(|c| c.failures.len()).sum(),
        };
        self.blame = self.blame();
        let down: Vec<&str> = self
            .vendors
            .iter()
            .filter(|v| v.unavailable.is_some())
            .map(|v| v.name.as_str())
            .collect();
        let mut reasons = Vec::new();
        if failing > 0 {
            reasons.push(format!("{failing} of {} cells fail", self.cells.len()));
        }
        if !down.is_empty() {
            reasons.push(format!("{} did not start", down.join(", ")));
        }
        let idle = self.idle();
        if !idle.is_empty() {
            reasons.push(format!(
                "{} took part in no cell (no encode, verify or scan_verify)",
                idle.join(", ")
            ));
        }
        self.verdict = if reasons.is_empty() {
            "INTEROPERABLE".into()
        } else {
            format!("NOT INTEROPERABLE: {}", reasons.join("; "))
        };
    }

    /// Each vendor's share of the failures.
    fn blame(&self) -> Vec<Blame> {
        let mut out = Vec::new();
        for v in &self.vendors {
            let mut b = Blame {
                vendor: v.name.clone(),
                ..Blame::default()
            };
            let mut causes: std::collections::BTreeMap<String, usize> = Default::default();
            for c in &self.cells {
                for f in &c.failures {
                    let side = match f.fault {
                        Fault::Issuer if c.issuer == v.name => {
                            b.as_issuer += 1;
                            &f.issuer
                        }
                        Fault::Verifier if c.verifier == v.name => {
                            b.as_verifier += 1;
                            &f.verifier
                        }
                        _ => continue,
                    };
                    let cause = match (&side.layer, &side.code) {
                        (Some(l), Some(code)) => format!("{l} {code}"),
                        (Some(l), None) => l.clone(),
                        (None, Some(code)) => code.clone(),
                        (None, None) => "unknown".into(),
                    };
                    *causes.entry(cause).or_default() += 1;
                }
            }
            if b.as_issuer + b.as_verifier > 0 {
                let mut causes: Vec<(String, usize)> = causes.into_iter().collect();
                causes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                b.causes = causes;
                out.push(b);
            }
        }
        out
    }

    /// Vendors that started but are in no cell: a matrix never calls a
    /// vendor interoperable that it did not test.
    fn idle(&self) -> Vec<&str> {
        self.vendors
            .iter()
            .filter(|v| v.unavailable.is_none())
            .filter(|v| {
                !self
                    .cells
                    .iter()
                    .any(|c| c.issuer == v.name || c.verifier == v.name)
            })
            .map(|v| v.name.as_str())
            .collect()
    }

    /// Whether every cell passes and every vendor took part.
    pub fn passes(&self) -> bool {
        self.cells.iter().all(Cell::passes)
            && self.vendors.iter().all(|v| v.unavailable.is_none())
            && self.idle().is_empty()
    }

    /// The cell of an issuer, verifier and channel.
    pub fn cell(&self, issuer: &str, verifier: &str, channel: Channel) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| c.issuer == issuer && c.verifier == verifier && c.channel == channel)
    }

    /// Every failing cell payload, by key.
    fn failing_keys(&self) -> Vec<String> {
        self.cells
            .iter()
            .flat_map(|c| c.failures.iter().map(move |f| c.key(&f.payload)))
            .collect()
    }

    /// Every checked cell payload, by key (failing or not).
    fn checked_keys(&self) -> std::collections::BTreeSet<String> {
        let ids: Vec<&str> = self.payloads.iter().map(|p| p.id.as_str()).collect();
        self.cells
            .iter()
            .flat_map(|c| ids.iter().map(move |p| c.key(p)))
            .collect()
    }

    /// Records what changed since `previous` (R-IO-7): new failures are
    /// failing now and were not failing then; fixed ones failed then and
    /// were checked and pass now.
    pub fn compare(&mut self, previous: &Matrix) {
        let then: std::collections::BTreeSet<String> =
            previous.failing_keys().into_iter().collect();
        let now: std::collections::BTreeSet<String> = self.failing_keys().into_iter().collect();
        let checked = self.checked_keys();
        self.changes = Some(Changes {
            previous_started: previous.started.clone(),
            new_failures: now.difference(&then).cloned().collect(),
            fixed: then
                .difference(&now)
                .filter(|k| checked.contains(*k))
                .cloned()
                .collect(),
        });
    }

    /// Parses a matrix file, refusing another format or version.
    ///
    /// # Errors
    /// A message for text that is not a matrix of this version.
    pub fn from_json(text: &str) -> Result<Matrix, String> {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        if v.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(format!("not a {FORMAT} file"));
        }
        if v.get("version").and_then(serde_json::Value::as_u64) != Some(u64::from(VERSION)) {
            return Err(format!("not a version {VERSION} matrix"));
        }
        serde_json::from_value(v).map_err(|e| format!("bad matrix: {e}"))
    }

    /// The matrix without its time stamps, for comparing runs.
    pub fn without_timestamps(&self) -> Matrix {
        let mut m = self.clone();
        m.started.clear();
        m.finished.clear();
        if let Some(c) = &mut m.changes {
            c.previous_started.clear();
        }
        m
    }
}

/// The layer a registry code belongs to (R-IO-5), as in the order of checks
/// of R-ORD-1; `None` for a code outside the registry.
pub fn layer(code: &str) -> Option<&'static str> {
    Some(match code {
        "TOO_LARGE" => "limits",
        "PREFIX_INVALID" | "VERSION_UNSUPPORTED" => "prefix",
        "BASE45_INVALID" => "base45",
        "DECOMPRESS_INVALID" => "zlib",
        "CBOR_INVALID" | "CBOR_NONCANONICAL" => "cbor",
        "COSE_INVALID" | "ALG_UNSUPPORTED" | "KID_INVALID" => "cose",
        "KEY_UNKNOWN" | "ALG_KEY_MISMATCH" | "SIGNATURE_INVALID" => "signature",
        "CLAIMS_INVALID" | "ISSUER_MISMATCH" => "claims",
        "PAYLOAD_INVALID" => "payload",
        "KEY_NOT_VALID" | "KEY_USAGE_DENIED" => "key",
        "NOT_YET_VALID" | "EXPIRED" => "time",
        "REVOKED" => "revocation",
        "QR_UNREADABLE" | "QR_MODE_INVALID" => "qr",
        "TRUST_LIST_INVALID" | "REVOCATION_LIST_INVALID" | "KEY_FILE_INVALID" => "files",
        _ => return None,
    })
}

/// The differences between what was issued and what was read, as JSON
/// pointers, at most [`MAX_DIFFS`].
pub fn diff(expected: &serde_json::Value, got: &serde_json::Value) -> Vec<Diff> {
    let mut out = Vec::new();
    walk("", Some(expected), Some(got), &mut out);
    out
}

fn walk(
    path: &str,
    a: Option<&serde_json::Value>,
    b: Option<&serde_json::Value>,
    out: &mut Vec<Diff>,
) {
    use serde_json::Value;
    if out.len() >= MAX_DIFFS || a == b {
        return;
    }
    let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                walk(&format!("{path}/{}", escape(k)), x.get(k), y.get(k), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            for i in 0..x.len().max(y.len()) {
                walk(&format!("{path}/{i}"), x.get(i), y.get(i), out);
            }
        }
        _ => out.push(Diff {
            path: if path.is_empty() {
                "/".into()
            } else {
                path.into()
            },
            expected: a.cloned(),
            got: b.cloned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_registry_code_has_a_layer() {
        for (code, _) in uniqr::error::REGISTRY {
            assert!(layer(code).is_some(), "{code}");
        }
        assert_eq!(layer("SOMETHING_ELSE"), None);
        assert_eq!(layer("CBOR_NONCANONICAL"), Some("cbor"));
    }

    #[test]
    fn diffs_name_the_changed_members() {
        let a = json!({"payload": {"nam": {"fn": "Соколов", "gn": "Пётр"}, "v": [1, 2]}, "claims": {"iat": 1}});
        let b = json!({"payload": {"nam": {"fn": "Сок", "gn": "Пётр"}, "v": [1]}, "claims": {"iat": 1, "x/y": 2}});
        let d = diff(&a, &b);
        let paths: Vec<&str> = d.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["/claims/x~1y", "/payload/nam/fn", "/payload/v/1"]);
        assert_eq!(d[1].got, Some(json!("Сок")));
        assert_eq!(d[2].got, None);
        assert!(diff(&a, &a).is_empty());
        assert_eq!(diff(&json!(1), &json!(2))[0].path, "/");
    }

    fn cell(verifier: &str, failing: &[&str], passed: usize) -> Cell {
        Cell {
            issuer: "a".into(),
            verifier: verifier.into(),
            channel: Channel::Text,
            drawn_by: None,
            passed,
            failures: failing
                .iter()
                .map(|p| Failure {
                    payload: (*p).into(),
                    kind: Kind::NotRecognised,
                    fault: Fault::Verifier,
                    issuer: Side::default(),
                    verifier: Side::default(),
                    diff: Vec::new(),
                })
                .collect(),
        }
    }

    fn matrix(cells: Vec<Cell>) -> Matrix {
        let mut m = Matrix {
            format: FORMAT.into(),
            version: VERSION,
            runner: String::new(),
            now: String::new(),
            started: "then".into(),
            finished: String::new(),
            trust_sha256: String::new(),
            payloads: ["p1", "p2"]
                .iter()
                .map(|p| LabPayload {
                    id: (*p).into(),
                    key: "k".into(),
                    sha256: String::new(),
                })
                .collect(),
            vendors: Vec::new(),
            cells,
            summary: Summary::default(),
            blame: Vec::new(),
            verdict: String::new(),
            changes: None,
        };
        m.finish();
        m
    }

    #[test]
    fn compares_with_a_previous_matrix() {
        let then = matrix(vec![cell("b", &["p1"], 1), cell("c", &[], 2)]);
        assert_eq!(then.verdict, "NOT INTEROPERABLE: 1 of 2 cells fail");
        let mut now = matrix(vec![cell("b", &[], 2), cell("c", &["p2"], 1)]);
        now.compare(&then);
        let c = now.changes.as_ref().unwrap();
        assert_eq!(c.new_failures, ["a → c (text): p2"]);
        assert_eq!(c.fixed, ["a → b (text): p1"]);
        assert_eq!(c.previous_started, "then");
        // A cell that is gone is not "fixed".
        let mut gone = matrix(vec![cell("c", &[], 2)]);
        gone.compare(&then);
        assert!(gone.changes.unwrap().fixed.is_empty());
    }

    #[test]
    fn a_vendor_in_no_cell_is_not_called_interoperable() {
        let mut m = matrix(vec![cell("b", &[], 2)]);
        let vendor = |name: &str, ops: &[&str]| Vendor {
            name: name.into(),
            mode: "persistent".into(),
            command: String::new(),
            implementation: None,
            version: None,
            ops: ops.iter().map(|o| (*o).to_owned()).collect(),
            unavailable: None,
        };
        m.vendors = vec![vendor("a", &["encode"]), vendor("b", &["verify"])];
        m.finish();
        assert!(m.passes());
        m.vendors.push(vendor("c", &["decode"]));
        m.finish();
        assert!(!m.passes());
        assert_eq!(
            m.verdict,
            "NOT INTEROPERABLE: c took part in no cell (no encode, verify or scan_verify)"
        );
    }

    #[test]
    fn reads_only_its_own_format() {
        let m = matrix(vec![cell("b", &[], 2)]);
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(Matrix::from_json(&text).unwrap(), m);
        assert!(Matrix::from_json("{}").unwrap_err().contains("not a"));
        let v2 = text.replace("\"version\":1", "\"version\":2");
        assert!(Matrix::from_json(&v2).unwrap_err().contains("version 1"));
    }
}
