//! Harness messages (`spec/schema/harness.schema.json`). One JSON object per
//! line in each direction. Unknown members are ignored by both sides, so a
//! later minor revision can add members without breaking anyone (R-H-3).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::vectors::Response;

/// The protocol version this runner speaks.
pub const PROTOCOL: u32 = 1;

/// Longest line either side must accept: 4 MiB (R-H-2).
pub const MAX_LINE: usize = 4 << 20;

/// A JSON document inside a request, carried byte for byte as in its file
/// (R-H-15): duplicate member names and all, so that a vendor can apply
/// R-JSON-3 to the lists and keys it is given.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Document(Box<RawValue>);

impl Document {
    /// The document of a file's text, if it is JSON (duplicate members are
    /// JSON too); `None` for anything else.
    pub fn from_text(text: &str) -> Option<Document> {
        // Validate first, then drop the white space between tokens: a
        // request is one line (R-H-1), and a file may span many.
        RawValue::from_string(text.to_owned()).ok()?;
        RawValue::from_string(compact(text)).ok().map(Document)
    }

    /// A document of a JSON value (one that has no duplicate members).
    pub fn from_value(v: &serde_json::Value) -> Document {
        // Serialising a `Value` gives valid JSON, so this cannot fail.
        Document::from_text(&v.to_string()).unwrap_or_else(Document::null)
    }

    /// `null`: what a request carries for a file that is not JSON.
    pub fn null() -> Document {
        Document(RawValue::NULL.to_owned())
    }

    /// The JSON text.
    pub fn text(&self) -> &str {
        self.0.get()
    }
}

/// JSON text without white space outside strings; everything else, member
/// order and duplicate members included, stays as it is.
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}

impl PartialEq for Document {
    fn eq(&self, other: &Document) -> bool {
        self.text() == other.text()
    }
}

/// A request from the runner to the vendor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Request id, echoed by the reply; absent only in `hello`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// `hello`, `load_context`, `verify`, `scan_verify`, `encode`, `decode`
    /// or `render`.
    pub op: String,
    /// Protocol version (`hello`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<u32>,
    /// Context name (`load_context`, and verify/scan_verify by reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Trust list file contents (`load_context`, or inline).
    /// `null` (a file that is not JSON) is a file; only an absent member
    /// is no file (R-H-15, R-H-16), hence `present` instead of `Option`'s
    /// reading of `null`.
    #[serde(
        default,
        deserialize_with = "uniqr::json::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub trust: Option<Document>,
    /// Revocation list file contents (`load_context`, or inline).
    /// `null` (a file that is not JSON) is a file; only an absent member
    /// is no file (R-H-15, R-H-16), hence `present` instead of `Option`'s
    /// reading of `null`.
    #[serde(
        default,
        deserialize_with = "uniqr::json::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub revoked: Option<Document>,
    /// Verification time, `YYYY-MM-DDThh:mm:ssZ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// QR text (verify, decode, render).
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
    /// `null` (a file that is not JSON) is a file; only an absent member
    /// is no file (R-H-15, R-H-16), hence `present` instead of `Option`'s
    /// reading of `null`.
    #[serde(
        default,
        deserialize_with = "uniqr::json::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub key: Option<Document>,
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
    image: Option<String>,
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
                image: f.image,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_keep_duplicate_members_on_one_line() {
        let file =
            "{\n  \"format\": \"a\",\n  \"format\": \"b \\\" \\n\",\n  \"keys\": [ 1, 2 ]\n}\n";
        let d = Document::from_text(file).unwrap();
        assert_eq!(
            d.text(),
            r#"{"format":"a","format":"b \" \n","keys":[1,2]}"#
        );
        let line = serde_json::to_string(&Request {
            op: "load_context".into(),
            trust: Some(d),
            ..Request::default()
        })
        .unwrap();
        assert!(!line.contains('\n'));
        assert!(
            line.contains(r#""trust":{"format":"a","format":"b"#),
            "{line}"
        );
        let back: Request = serde_json::from_str(&line).unwrap();
        assert_eq!(back.trust.unwrap().text().matches("format").count(), 2);
        assert!(Document::from_text("{not json").is_none());
        // A file that is not JSON travels as null and stays a file.
        let r: Request = serde_json::from_str(
            r#"{"id":1,"op":"load_context","context":"c","trust":{},"revoked":null}"#,
        )
        .unwrap();
        assert_eq!(r.revoked.as_ref().map(Document::text), Some("null"));
        let r: Request =
            serde_json::from_str(r#"{"id":1,"op":"load_context","context":"c","trust":{}}"#)
                .unwrap();
        assert!(r.revoked.is_none());
        assert_eq!(Document::null().text(), "null");
    }
}
