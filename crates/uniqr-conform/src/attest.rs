//! Signed attestations (`spec/attestation.md`): a conformance result or an
//! interop matrix as an in-toto Statement v1 in a DSSE envelope, signed
//! with an Ed25519 lab key ([`key`]) and bound to the SHA-256 of the tested
//! artifacts (R-AT-1).
//!
//! The envelope's pre-authentication encoding is written here by hand
//! ([`pae`]): it is one line of the DSSE specification, the exact bytes
//! signed are what this module must control, and the Rust DSSE crates are
//! young 0.x releases of a single maintainer, or come inside whole
//! attestation stacks (in-toto-rs, sigstore) far heavier than the rest of
//! this crate.

pub mod key;

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use key::{LabKey, LabPublicKey};

use crate::interop::matrix::Matrix;
use crate::report::RunReport;
use crate::vectors::Suite;

/// The DSSE payload type of an in-toto statement.
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";
/// The in-toto statement type.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
/// The predicate type of a conformance result, version 1 (R-AT-3).
pub const CONFORMANCE: &str = "https://uniqr.example/attestation/conformance/v1";
/// The predicate type of an interop matrix, version 1 (R-AT-4).
pub const INTEROP: &str = "https://uniqr.example/attestation/interop/v1";
/// Largest envelope file read (R-AT-5).
pub const MAX_ENVELOPE: usize = 16 << 20;

/// DSSE's pre-authentication encoding: what a signature covers, the payload
/// type included, so a signature over one type is never valid for another.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "DSSEv1 {} {payload_type} {} ",
        payload_type.len(),
        payload.len()
    )
    .into_bytes();
    out.extend_from_slice(payload);
    out
}

/// A DSSE signature entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The lab key's id: not signed, so it must equal the verifying key's
    /// (R-AT-5).
    #[serde(default)]
    pub keyid: String,
    /// The Ed25519 signature over [`pae`], standard base64.
    pub sig: String,
}

/// A DSSE envelope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// The statement JSON, standard base64.
    pub payload: String,
    /// [`PAYLOAD_TYPE`].
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    /// One or more signatures.
    pub signatures: Vec<Signature>,
}

/// An attested artifact: its name and digests (`sha256`, lowercase hex).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    /// The file name (no folder).
    pub name: String,
    /// `{"sha256": …}`.
    pub digest: BTreeMap<String, String>,
}

impl Subject {
    /// The subject of a file's bytes, named by its file name.
    pub fn of(name: &str, bytes: &[u8]) -> Subject {
        Subject {
            name: name.into(),
            digest: BTreeMap::from([("sha256".into(), sha256_hex(bytes))]),
        }
    }

    /// The subject of a file, hashed as it streams in, named by its file
    /// name; a file larger than `max` bytes is refused.
    ///
    /// # Errors
    /// An I/O error, or a file over `max`, named in the message.
    pub fn of_file(path: &std::path::Path, max: u64) -> Result<Subject, String> {
        use std::io::Read;
        let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut r = f.take(max + 1);
        let mut h = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut total = 0u64;
        loop {
            let n = r
                .read(&mut buf)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            h.update(&buf[..n]);
        }
        if total > max {
            return Err(format!("{}: larger than {max} bytes", path.display()));
        }
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok(Subject {
            name,
            digest: BTreeMap::from([("sha256".into(), uniqr::hex::encode(&h.finalize()))]),
        })
    }

    fn sha256(&self) -> Option<&str> {
        self.digest.get("sha256").map(String::as_str)
    }
}

/// SHA-256, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    uniqr::hex::encode(&Sha256::digest(bytes))
}

/// An in-toto Statement v1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// [`STATEMENT_TYPE`].
    #[serde(rename = "_type")]
    pub statement_type: String,
    /// What was tested.
    pub subject: Vec<Subject>,
    /// [`CONFORMANCE`] or [`INTEROP`].
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    /// The result.
    pub predicate: serde_json::Value,
}

/// The suite a result was run on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuiteRef {
    /// The suite version.
    pub version: String,
    /// The SHA-256 of its manifest.
    pub digest: String,
    /// `official`, `custom` or `modified`.
    pub kind: String,
}

/// The runner that produced a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunnerRef {
    /// `uniqr X.Y.Z`.
    pub version: String,
    /// The SHA-256 of the runner binary.
    pub sha256: String,
}

/// A vendor as a predicate names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorRef {
    /// The name in the matrix (interop), or absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The implementation name from its hello.
    pub name: Option<String>,
    /// The version from its hello.
    pub version: Option<String>,
    /// Its command or library path.
    pub command: String,
    /// How it was reached.
    pub mode: String,
}

/// A trust or revocation list a result depends on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListRef {
    /// Its path in the suite, or `lab` for the interop lab list.
    pub path: String,
    /// Its SHA-256.
    pub sha256: String,
}

/// The predicate of a conformance result (R-AT-3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConformancePredicate {
    /// The suite.
    pub suite: SuiteRef,
    /// The runner.
    pub runner: RunnerRef,
    /// The vendor.
    pub vendor: VendorRef,
    /// The profiles judged.
    pub profiles: Vec<String>,
    /// The verdict word (`conformant`, `conformant_with_waivers`,
    /// `partial`, `not_conformant`).
    pub verdict: String,
    /// The verdict words a person reads.
    pub verdict_text: String,
    /// Whether the run was `--certify`.
    pub certify: bool,
    /// Cases per outcome kind.
    pub totals: BTreeMap<String, usize>,
    /// Each case's outcome kind, by id.
    pub cases: BTreeMap<String, String>,
    /// Each requirement cited by a case that ran: `pass` (every such case
    /// passed) or `fail`.
    pub requirements: BTreeMap<String, String>,
    /// The trust and revocation lists the cases used.
    pub lists: Vec<ListRef>,
    /// Start time.
    pub started: String,
    /// End time.
    pub finished: String,
    /// The host the run was on.
    pub host: String,
}

/// One interop cell in a predicate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellRef {
    /// The issuer.
    pub issuer: String,
    /// The verifier.
    pub verifier: String,
    /// `text` or `image`.
    pub channel: String,
    /// Payloads read exactly as issued.
    pub passed: usize,
    /// Failing payloads.
    pub failed: usize,
}

/// The predicate of an interop matrix (R-AT-4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InteropPredicate {
    /// The runner.
    pub runner: RunnerRef,
    /// The vendors, the reference first.
    pub vendors: Vec<VendorRef>,
    /// The lab set: payload id → SHA-256 of its payload and claims.
    pub payloads: BTreeMap<String, String>,
    /// The lab trust list.
    pub lists: Vec<ListRef>,
    /// The verification time.
    pub now: String,
    /// The cells.
    pub cells: Vec<CellRef>,
    /// `INTEROPERABLE` or `NOT INTEROPERABLE: …`.
    pub verdict: String,
    /// Start time.
    pub started: String,
    /// End time.
    pub finished: String,
    /// The host the run was on.
    pub host: String,
}

/// A verified predicate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Predicate {
    /// A conformance result.
    Conformance(Box<ConformancePredicate>),
    /// An interop matrix.
    Interop(Box<InteropPredicate>),
}

/// The host name, for predicates (`unknown` where it cannot be read).
pub fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// The predicate of a conformance run.
pub fn conformance(
    r: &RunReport,
    suite: &Suite,
    runner_sha256: &str,
    certify: bool,
    host: &str,
) -> ConformancePredicate {
    let p = &r.provenance;
    let kind_name = |v: serde_json::Value| v.as_str().map(str::to_owned).unwrap_or_default();
    let mut requirements: BTreeMap<String, String> = BTreeMap::new();
    let mut lists = std::collections::BTreeSet::new();
    let contexts: BTreeMap<&str, _> = suite
        .cases()
        .iter()
        .filter_map(|s| Some((s.id.as_str(), s.context.as_ref()?)))
        .collect();
    for c in &r.cases {
        let kind = c.outcome.kind();
        if kind != "skipped" {
            for req in &c.requirements {
                let e = requirements
                    .entry(req.clone())
                    .or_insert_with(|| "pass".into());
                if kind != "pass" {
                    *e = "fail".into();
                }
            }
        }
        if let Some(ctx) = contexts.get(c.id.as_str()) {
            lists.insert(ctx.trust.clone());
            lists.insert(ctx.revoked.clone());
        }
    }
    ConformancePredicate {
        suite: SuiteRef {
            version: p.suite_version.clone(),
            digest: p.suite_digest.clone(),
            kind: kind_name(serde_json::to_value(p.suite_kind).unwrap_or_default()),
        },
        runner: RunnerRef {
            version: p.runner.clone(),
            sha256: runner_sha256.into(),
        },
        vendor: VendorRef {
            id: None,
            name: p.vendor.name.clone(),
            version: p.vendor.version.clone(),
            command: p.vendor.command.clone(),
            mode: p.vendor.mode.clone(),
        },
        profiles: r
            .verdict
            .profiles
            .iter()
            .map(|x| x.name().to_owned())
            .collect(),
        verdict: kind_name(serde_json::to_value(r.verdict.kind).unwrap_or_default()),
        verdict_text: r.verdict.text.clone(),
        certify,
        totals: r.totals.clone(),
        cases: r
            .cases
            .iter()
            .map(|c| (c.id.clone(), c.outcome.kind().to_owned()))
            .collect(),
        requirements,
        lists: lists
            .into_iter()
            .filter_map(|path| {
                let bytes = suite.file(&path)?;
                Some(ListRef {
                    sha256: sha256_hex(bytes),
                    path,
                })
            })
            .collect(),
        started: p.started.clone(),
        finished: p.finished.clone(),
        host: host.into(),
    }
}

/// The predicate of an interop matrix.
pub fn interop(m: &Matrix, runner_sha256: &str, host: &str) -> InteropPredicate {
    InteropPredicate {
        runner: RunnerRef {
            version: m.runner.clone(),
            sha256: runner_sha256.into(),
        },
        vendors: m
            .vendors
            .iter()
            .map(|v| VendorRef {
                id: Some(v.name.clone()),
                name: v.implementation.clone(),
                version: v.version.clone(),
                command: v.command.clone(),
                mode: v.mode.clone(),
            })
            .collect(),
        payloads: m
            .payloads
            .iter()
            .map(|p| (p.id.clone(), p.sha256.clone()))
            .collect(),
        lists: vec![ListRef {
            path: "lab".into(),
            sha256: m.trust_sha256.clone(),
        }],
        now: m.now.clone(),
        cells: m
            .cells
            .iter()
            .map(|c| CellRef {
                issuer: c.issuer.clone(),
                verifier: c.verifier.clone(),
                channel: c.channel.name().into(),
                passed: c.passed,
                failed: c.failures.len(),
            })
            .collect(),
        verdict: m.verdict.clone(),
        started: m.started.clone(),
        finished: m.finished.clone(),
        host: host.into(),
    }
}

/// Signs a statement of `subjects` and a predicate into an envelope file.
///
/// # Errors
/// A message if the predicate does not serialise (it always does).
pub fn sign<P: Serialize>(
    subjects: Vec<Subject>,
    predicate_type: &str,
    predicate: &P,
    key: &LabKey,
) -> Result<String, String> {
    let statement = Statement {
        statement_type: STATEMENT_TYPE.into(),
        subject: subjects,
        predicate_type: predicate_type.into(),
        predicate: serde_json::to_value(predicate).map_err(|e| e.to_string())?,
    };
    let payload = serde_json::to_vec(&statement).map_err(|e| e.to_string())?;
    let sig = key.sign(&pae(PAYLOAD_TYPE, &payload));
    let envelope = Envelope {
        payload: B64.encode(&payload),
        payload_type: PAYLOAD_TYPE.into(),
        signatures: vec![Signature {
            keyid: key.public().kid().into(),
            sig: B64.encode(sig),
        }],
    };
    let mut s = serde_json::to_string_pretty(&envelope).map_err(|e| e.to_string())?;
    s.push('\n');
    Ok(s)
}

/// Why an attestation is rejected (R-AT-5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Not a DSSE envelope, or larger than [`MAX_ENVELOPE`].
    Envelope(String),
    /// No signature in it verifies with the given key: tampered, or signed
    /// by another key.
    Signature,
    /// The signed statement is not an in-toto Statement v1 of a known
    /// shape.
    Statement(String),
    /// A predicate type (or version) this runner does not know.
    UnknownPredicate(String),
    /// An artifact whose SHA-256 is no subject's.
    Artifact(String),
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::Envelope(why) => write!(f, "not a DSSE envelope: {why}"),
            Rejection::Signature => f.write_str(
                "no signature verifies with this lab key (the envelope or statement was \
                 changed, or another key signed it)",
            ),
            Rejection::Statement(why) => write!(f, "not a uniqr in-toto statement: {why}"),
            Rejection::UnknownPredicate(t) => write!(
                f,
                "unknown predicate type {t:?} (this runner reads {CONFORMANCE} and {INTEROP})"
            ),
            Rejection::Artifact(name) => write!(
                f,
                "artifact {name}: its SHA-256 is not a subject of the attestation"
            ),
        }
    }
}

/// A verified attestation.
#[derive(Clone, Debug, PartialEq)]
pub struct Verified {
    /// The statement's subjects.
    pub subjects: Vec<Subject>,
    /// The predicate.
    pub predicate: Predicate,
    /// The key id that signed it.
    pub kid: String,
}

/// Verifies an envelope with a lab key, and that every artifact is a
/// subject (R-AT-5).
///
/// # Errors
/// The first [`Rejection`]: the envelope, the signature, the statement, the
/// predicate type, then the artifacts.
pub fn verify(
    envelope: &str,
    key: &LabPublicKey,
    artifacts: &[Subject],
) -> Result<Verified, Rejection> {
    if envelope.len() > MAX_ENVELOPE {
        return Err(Rejection::Envelope(format!(
            "larger than {MAX_ENVELOPE} bytes"
        )));
    }
    let env: Envelope =
        serde_json::from_str(envelope).map_err(|e| Rejection::Envelope(e.to_string()))?;
    let payload = B64
        .decode(&env.payload)
        .map_err(|_| Rejection::Envelope("payload: not standard base64".into()))?;
    if env.payload_type != PAYLOAD_TYPE {
        return Err(Rejection::Envelope(format!(
            "payloadType {:?}: expected {PAYLOAD_TYPE:?}",
            env.payload_type
        )));
    }
    let signed = pae(&env.payload_type, &payload);
    // DSSE leaves the keyid an unsigned hint; a uniqr envelope must name
    // its lab key, so that no byte of the file can change unnoticed.
    let ok = env.signatures.iter().any(|s| {
        s.keyid == key.kid()
            && B64
                .decode(&s.sig)
                .map(|sig| key.verifies(&signed, &sig))
                .unwrap_or(false)
    });
    if !ok {
        return Err(Rejection::Signature);
    }
    let st: Statement =
        serde_json::from_slice(&payload).map_err(|e| Rejection::Statement(e.to_string()))?;
    if st.statement_type != STATEMENT_TYPE {
        return Err(Rejection::Statement(format!(
            "_type {:?}",
            st.statement_type
        )));
    }
    if st.subject.is_empty() || st.subject.iter().any(|s| s.sha256().is_none()) {
        return Err(Rejection::Statement(
            "every statement has subjects with a sha256 digest".into(),
        ));
    }
    let predicate = match st.predicate_type.as_str() {
        CONFORMANCE => serde_json::from_value(st.predicate)
            .map(|p| Predicate::Conformance(Box::new(p)))
            .map_err(|e| Rejection::Statement(format!("predicate: {e}")))?,
        INTEROP => serde_json::from_value(st.predicate)
            .map(|p| Predicate::Interop(Box::new(p)))
            .map_err(|e| Rejection::Statement(format!("predicate: {e}")))?,
        other => return Err(Rejection::UnknownPredicate(other.into())),
    };
    for a in artifacts {
        let digest = a.sha256().unwrap_or_default();
        if !st.subject.iter().any(|s| s.sha256() == Some(digest)) {
            return Err(Rejection::Artifact(a.name.clone()));
        }
    }
    Ok(Verified {
        subjects: st.subject,
        predicate,
        kid: key.kid().into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn predicate() -> InteropPredicate {
        InteropPredicate {
            runner: RunnerRef {
                version: "uniqr 0".into(),
                sha256: "00".repeat(32),
            },
            vendors: Vec::new(),
            payloads: BTreeMap::new(),
            lists: Vec::new(),
            now: "2026-06-01T00:00:00Z".into(),
            cells: Vec::new(),
            verdict: "INTEROPERABLE".into(),
            started: String::new(),
            finished: String::new(),
            host: "lab".into(),
        }
    }

    fn envelope(key: &LabKey) -> String {
        sign(
            vec![Subject::of("app", b"the app")],
            INTEROP,
            &predicate(),
            key,
        )
        .unwrap()
    }

    #[test]
    fn pae_is_the_dsse_encoding() {
        // The example of the DSSE specification (protocol.md).
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
    }

    #[test]
    fn signs_and_verifies_deterministically() {
        let key = LabKey::from_seed([1; 32]);
        let e = envelope(&key);
        assert_eq!(e, envelope(&key), "Ed25519 and the JSON are deterministic");
        let v = verify(&e, key.public(), &[Subject::of("renamed", b"the app")]).unwrap();
        assert_eq!(v.predicate, Predicate::Interop(Box::new(predicate())));
        assert_eq!(v.kid, key.public().kid());
    }

    #[test]
    fn flipping_any_byte_fails_verification() {
        let key = LabKey::from_seed([1; 32]);
        let e = envelope(&key).into_bytes();
        assert!(verify(std::str::from_utf8(&e).unwrap(), key.public(), &[]).is_ok());
        for i in 0..e.len() {
            for bit in [0x01, 0x80] {
                let mut bad = e.clone();
                bad[i] ^= bit;
                let text = String::from_utf8_lossy(&bad);
                assert!(
                    verify(&text, key.public(), &[]).is_err(),
                    "byte {i} ^ {bit:#x} still verifies"
                );
            }
        }
    }

    #[test]
    fn rejects_wrong_keys_artifacts_and_unknown_predicates() {
        let key = LabKey::from_seed([1; 32]);
        let e = envelope(&key);
        let other = LabKey::from_seed([2; 32]);
        assert_eq!(verify(&e, other.public(), &[]), Err(Rejection::Signature));
        assert_eq!(
            verify(
                &e,
                key.public(),
                &[Subject::of("other.apk", b"another app")]
            ),
            Err(Rejection::Artifact("other.apk".into()))
        );
        let v2 = sign(
            vec![Subject::of("app", b"x")],
            "https://uniqr.example/attestation/interop/v2",
            &predicate(),
            &key,
        )
        .unwrap();
        assert!(matches!(
            verify(&v2, key.public(), &[]),
            Err(Rejection::UnknownPredicate(_))
        ));
        assert!(matches!(
            verify("{}", key.public(), &[]),
            Err(Rejection::Envelope(_))
        ));
        let long = " ".repeat(MAX_ENVELOPE + 1);
        assert!(matches!(
            verify(&long, key.public(), &[]),
            Err(Rejection::Envelope(_))
        ));
    }
}
