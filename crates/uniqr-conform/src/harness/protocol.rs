//! Harness messages (`spec/schema/harness.schema.json`). One JSON object per
//! line in each direction. Unknown members are ignored by both sides, so a
//! later minor revision can add members without breaking anyone (R-H-3).

use serde::{Deserialize, Serialize};

use crate::vectors::Response;

/// The protocol version this runner speaks.
pub const PROTOCOL: u32 = 1;

/// Longest line either side must accept: 4 MiB (R-H-2).
pub const MAX_LINE: usize = 4 << 20;

/// A request from the runner to the vendor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Request id, echoed by the reply; absent only in `hello`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// `hello`, `load_context`, `verify`, `scan_verify`, `encode` or `decode`.
    pub op: String,
    /// Protocol version (`hello`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<u32>,
    /// Context name (`load_context`, and verify/scan_verify by reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Trust list file contents (`load_context`, or inline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<serde_json::Value>,
    /// Revocation list file contents (`load_context`, or inline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<serde_json::Value>,
    /// Verification time, `YYYY-MM-DDThh:mm:ssZ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// QR text (verify, decode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Image file bytes, standard base64 (scan_verify).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Payload JSON (encode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<serde_json::Value>,
    /// Claims JSON (encode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<serde_json::Value>,
    /// Private key file contents (encode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<serde_json::Value>,
}

/// A reply from the vendor: a [`Response`] plus the id and the hello fields.
///
/// Read through [`FlatReply`]: serde's `flatten` buffers every member
/// before it can assign it, which made parsing replies a tenth of the cost
/// of a fuzz case.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "FlatReply")]
pub struct Reply {
    /// The request id echoed (absent in the hello reply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// `hello` in the hello reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<String>,
    /// Protocol version (hello).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<u32>,
    /// Implementation name (hello).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Implementation version (hello).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Supported operations (hello).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ops: Option<Vec<String>>,
    /// Conformance profiles the vendor claims (hello; see
    /// [`crate::profile`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
    /// The answer.
    #[serde(flatten)]
    pub response: Response,
}

/// Every member of a [`Reply`] at one level, as on the wire.
#[derive(Deserialize)]
struct FlatReply {
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    op: Option<String>,
    #[serde(default)]
    protocol: Option<u32>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    ops: Option<Vec<String>>,
    #[serde(default)]
    profiles: Option<Vec<String>>,
    #[serde(default)]
    ok: Option<bool>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    payload: Option<serde_json::Value>,
    #[serde(default)]
    claims: Option<serde_json::Value>,
    #[serde(default)]
    header: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    cose_hex: Option<String>,
    #[serde(default)]
    unsupported: Option<bool>,
}

impl From<FlatReply> for Reply {
    fn from(f: FlatReply) -> Reply {
        Reply {
            id: f.id,
            op: f.op,
            protocol: f.protocol,
            name: f.name,
            version: f.version,
            ops: f.ops,
            profiles: f.profiles,
            response: Response {
                ok: f.ok,
                error: f.error,
                message: f.message,
                payload: f.payload,
                claims: f.claims,
                header: f.header,
                text: f.text,
                cose_hex: f.cose_hex,
                unsupported: f.unsupported,
            },
        }
    }
}

impl Reply {
    /// A reply to request `id`.
    pub fn to(id: Option<u64>, response: Response) -> Reply {
        Reply {
            id,
            response,
            ..Reply::default()
        }
    }

    /// A rejection with a registry code.
    pub fn error(id: Option<u64>, code: &str, message: &str) -> Reply {
        Reply::to(
            id,
            Response {
                ok: Some(false),
                error: Some(code.into()),
                message: Some(message.into()),
                ..Response::default()
            },
        )
    }
}

/// Parses one line; the error text says what is wrong, for protocol errors.
///
/// # Errors
/// Invalid JSON or a line that is not a JSON object.
pub fn parse_reply(line: &str) -> Result<Reply, String> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    if !v.is_object() {
        return Err("not a JSON object".into());
    }
    serde_json::from_value(v).map_err(|e| format!("bad member: {e}"))
}
