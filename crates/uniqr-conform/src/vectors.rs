//! Golden test vectors: the case format, the suite on disk, the generator,
//! and the judge that compares any codec's answer with a case's expectation.
//!
//! A suite is a folder (`vectors/`): one JSON file per case under
//! `<category>/<id>.json`, plus `keys/`, `trust/`, `images/` and
//! `manifest.json` with a SHA-256 digest of every file. The case schema is
//! `spec/schema/vector.schema.json`.

mod check;
mod generate;
pub(crate) mod judge;
mod readme;
mod suite;

use serde::{Deserialize, Serialize};

pub use check::{SPEC, Sides, check, sides, spec_requirements};
pub use generate::{SEED, generate};
pub use judge::{Outcome, judge};
pub use suite::{Identity, MANIFEST, Manifest, Suite, SuiteKind};

/// The suite as embedded at build time (empty if `vectors/` was absent).
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_vectors.rs"));
}

/// The suite embedded in this build.
///
/// # Errors
/// A message if the embedded files are not a valid suite.
pub fn embedded() -> Result<Suite, String> {
    Suite::from_files(
        embedded::FILES
            .iter()
            .map(|(p, b)| ((*p).to_owned(), b.to_vec()))
            .collect(),
    )
}

/// The manifest digest of the embedded suite: what makes a suite official.
pub fn official_digest() -> String {
    use sha2::{Digest, Sha256};
    let manifest = embedded::FILES
        .iter()
        .find(|(p, _)| *p == suite::MANIFEST)
        .map_or(&[][..], |(_, b)| b);
    uniqr::hex::encode(&Sha256::digest(manifest))
}

/// Version of the suite format and content; bump on any change of cases.
pub const SUITE_VERSION: &str = "1.2.0";

/// What a case asks the codec under test to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Text in, verdict out.
    Verify,
    /// Image in, verdict out.
    ScanVerify,
    /// Payload, claims and key in, canonical COSE bytes out.
    Encode,
    /// Text in, the unverified structure out.
    Decode,
    /// QR text in, a PNG image of its symbol out (R-QR-1..R-QR-5).
    Render,
}

impl Op {
    /// Every operation, in profile order.
    pub const ALL: [Op; 5] = [
        Op::Verify,
        Op::ScanVerify,
        Op::Encode,
        Op::Decode,
        Op::Render,
    ];

    /// The name used in files and the harness protocol.
    pub fn name(self) -> &'static str {
        match self {
            Op::Verify => "verify",
            Op::ScanVerify => "scan_verify",
            Op::Encode => "encode",
            Op::Decode => "decode",
            Op::Render => "render",
        }
    }

    /// Parses an operation name.
    pub fn parse(s: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|o| o.name() == s)
    }
}

/// One test case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Stable, unique slug; never reused once published.
    pub id: String,
    /// One line saying what the case checks.
    pub title: String,
    /// The category (also the folder name).
    pub category: String,
    /// The spec requirement IDs the case tests.
    pub requirements: Vec<String>,
    /// The operation.
    pub op: Op,
    /// The inputs.
    pub input: Input,
    /// Verification context (verify and scan_verify only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    /// The expected outcome.
    pub expected: Expected,
}

/// Case inputs; which fields are present depends on the operation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// QR text (verify, decode, render).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Image path relative to the suite root (scan_verify).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Payload JSON (encode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<serde_json::Value>,
    /// Claims JSON (encode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<serde_json::Value>,
    /// Private key file path relative to the suite root (encode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// The verification context of a case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Verification time, `YYYY-MM-DDThh:mm:ssZ`.
    pub now: String,
    /// Trust list path relative to the suite root.
    pub trust: String,
    /// Revocation list path relative to the suite root.
    pub revoked: String,
}

/// The expected outcome.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// Whether the input is valid (for encode: whether encoding succeeds).
    pub valid: bool,
    /// The registry code, for invalid cases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The exact payload (valid verify, scan_verify and decode cases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<serde_json::Value>,
    /// The exact claims (valid verify, scan_verify and decode cases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<serde_json::Value>,
    /// The protected header (valid decode cases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<serde_json::Value>,
    /// The canonical COSE_Sign1 bytes, lowercase hex (valid encode cases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cose_hex: Option<String>,
}

/// A codec's answer to a case: the fields of a harness response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// True for success, false for a rejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ok: Option<bool>,
    /// The registry code of a rejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A human message for a rejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The payload (verify, scan_verify, decode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<serde_json::Value>,
    /// The claims (verify, scan_verify, decode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<serde_json::Value>,
    /// The protected header (decode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<serde_json::Value>,
    /// Encoded QR text (encode; compared after inflating).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Encoded COSE bytes as hex (encode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cose_hex: Option<String>,
    /// A PNG image file, standard base64 (render).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The codec does not support this operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsupported: Option<bool>,
}
