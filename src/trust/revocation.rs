//! The revocation list (`spec/schema/revocation-list.schema.json`): SHA-256
//! of each revoked `cti`, never the `cti` itself (R-REV-1).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, FileError, LoadError};
use crate::hex;

/// The `format` value of a revocation list file.
pub const FORMAT: &str = "uniqr-revocation-list";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    version: u32,
    revoked: Vec<String>,
}

/// A set of revoked certificate-id hashes, sorted for binary search.
///
/// The list holds SHA-256 digests of `cti` values, never the values
/// themselves (R-REV-1). The default, [`Revocations::none`], revokes nothing.
///
/// ```
/// use uniqr::Revocations;
///
/// let revoked = Revocations::from_json(r#"{
///   "format": "uniqr-revocation-list",
///   "version": 1,
///   "revoked": ["acc734845dc175d50ad08b81ee39e42021ea3770b9b2816c4f4c959a7dcc901e"]
/// }"#)?;
/// assert!(revoked.contains(b"uniqr-demo-cti-1")); // the digest of this cti
/// assert!(!revoked.contains(&[0; 16]));
/// assert_eq!(Revocations::from_ctis(&[*b"uniqr-demo-cti-1"]), revoked);
/// assert_eq!(Revocations::from_json(&revoked.to_json())?, revoked);
/// # Ok::<(), uniqr::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Revocations {
    hashes: Vec<[u8; 32]>,
}

impl Revocations {
    /// An empty list: nothing is revoked.
    ///
    /// ```
    /// assert!(!uniqr::Revocations::none().contains(&[0; 16]));
    /// ```
    pub fn none() -> Revocations {
        Revocations::default()
    }

    /// A list revoking these certificate ids (hashed here); see the type's
    /// example.
    pub fn from_ctis(ctis: &[[u8; 16]]) -> Revocations {
        let mut hashes: Vec<[u8; 32]> = ctis.iter().map(|c| Sha256::digest(c).into()).collect();
        hashes.sort_unstable();
        hashes.dedup();
        Revocations { hashes }
    }

    /// Parses a revocation list file (R-REV-2,
    /// `spec/schema/revocation-list.schema.json`); see the type's example.
    ///
    /// ```
    /// use uniqr::Revocations;
    ///
    /// // A raw 16-byte cti instead of its SHA-256 digest.
    /// let raw = r#"{"format": "uniqr-revocation-list", "version": 1,
    ///               "revoked": ["756e6971722d64656d6f2d6374692d31"]}"#;
    /// assert_eq!(Revocations::from_json(raw).unwrap_err().code(), "REVOCATION_LIST_INVALID");
    /// ```
    ///
    /// # Errors
    /// `REVOCATION_LIST_INVALID` for bad JSON, an unknown format or version,
    /// an entry that is not 64 lowercase hex digits, or a repeated entry.
    pub fn from_json(json: &str) -> Result<Revocations, Error> {
        let err = |e| Error::Load(LoadError::Revocations(e));
        let file: File = crate::json::from_str_object(json).ok_or(err(FileError::Json))?;
        if file.format != FORMAT || file.version != 1 {
            return Err(err(FileError::Version));
        }
        let mut hashes = file
            .revoked
            .iter()
            .map(|h| hex::decode_array::<32>(h).ok_or(err(FileError::Field)))
            .collect::<Result<Vec<_>, _>>()?;
        hashes.sort_unstable();
        let n = hashes.len();
        hashes.dedup();
        if hashes.len() != n {
            return Err(err(FileError::Duplicate));
        }
        Ok(Revocations { hashes })
    }

    /// The file form, pretty-printed, hashes sorted (see the type's example).
    pub fn to_json(&self) -> String {
        let file = File {
            format: FORMAT.into(),
            version: 1,
            revoked: self.hashes.iter().map(|h| hex::encode(h)).collect(),
        };
        let mut s = serde_json::to_string_pretty(&file).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Whether this certificate id is revoked (see the type's example).
    pub fn contains(&self, cti: &[u8; 16]) -> bool {
        if self.hashes.is_empty() {
            return false;
        }
        let h: [u8; 32] = Sha256::digest(cti).into();
        self.hashes.binary_search(&h).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_hashed_ctis_and_round_trips() {
        let r = Revocations::from_ctis(&[[1; 16], [2; 16]]);
        assert!(r.contains(&[1; 16]));
        assert!(!r.contains(&[3; 16]));
        assert_eq!(Revocations::from_json(&r.to_json()).unwrap(), r);
    }

    #[test]
    fn rejects_raw_ctis_and_duplicates() {
        let raw = r#"{"format":"uniqr-revocation-list","version":1,"revoked":["01010101010101010101010101010101"]}"#;
        assert_eq!(
            Revocations::from_json(raw).unwrap_err().code(),
            "REVOCATION_LIST_INVALID"
        );
        let h = hex::encode(&[7u8; 32]);
        let dup =
            format!(r#"{{"format":"uniqr-revocation-list","version":1,"revoked":["{h}","{h}"]}}"#);
        assert_eq!(
            Revocations::from_json(&dup).unwrap_err(),
            Error::Load(LoadError::Revocations(FileError::Duplicate))
        );
    }
}
