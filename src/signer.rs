//! Signing keys and their key files (`spec/schema/key-file.schema.json`,
//! spec §"Key files"). Feature `encode`.

use serde::{Deserialize, Serialize};

use crate::cose::Alg;
use crate::error::{Error, FileError, LoadError};
use crate::key::SecretKey;
use crate::trust::{KeyEntry, TrustedKey, Usage};

/// The `format` value of a private key file.
pub const FORMAT: &str = "uniqr-private-key";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    version: u32,
    #[serde(deserialize_with = "crate::json::object")]
    key: KeyEntry,
}

/// A private key with the trust metadata it will be published with: what
/// [`encode`](crate::encode) signs with.
///
/// ```
/// use uniqr::{Alg, Signer, TrustList, key::SecretKey, trust::Usage};
///
/// let secret = SecretKey::from_seed(Alg::EdDsa, [7; 32]); // use 32 random bytes
/// let signer = Signer::new(secret, "VN-HN", Usage::ALL, 1_735_689_600, 1_924_992_000)?;
/// assert_eq!((signer.alg(), signer.issuer()), (Alg::EdDsa, "VN-HN"));
/// assert_eq!(signer.kid(), signer.secret().public().kid());
///
/// // Its public half goes into the verifiers' trust list.
/// let trust = TrustList::new(vec![signer.trusted().clone()])?;
/// let sig = signer.sign(b"message");
/// assert!(trust.find(&signer.kid()).unwrap().key.verify(b"message", &sig).is_ok());
/// # Ok::<(), uniqr::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Signer {
    secret: SecretKey,
    trusted: TrustedKey,
}

impl Signer {
    /// Builds a signer from a secret key and its metadata: the issuer code
    /// (R-CWT-2), the entry kinds it may sign, and the window (Unix seconds,
    /// `not_before` inclusive, `not_after` exclusive) in which it may issue.
    ///
    /// ```
    /// use uniqr::{Alg, Signer, key::SecretKey, trust::Usage};
    ///
    /// let secret = SecretKey::from_seed(Alg::Es256, [1; 32]);
    /// let err = Signer::new(secret, "Hanoi", Usage::ALL, 0, 100).unwrap_err();
    /// assert_eq!(err.code(), "KEY_FILE_INVALID");
    /// ```
    ///
    /// # Errors
    /// `KEY_FILE_INVALID` if the issuer, the usage (empty) or the window
    /// (empty, or outside the years 0000 to 9999) is invalid.
    pub fn new(
        secret: SecretKey,
        issuer: &str,
        usage: Usage,
        not_before: i64,
        not_after: i64,
    ) -> Result<Signer, Error> {
        let key = secret.public();
        let trusted = TrustedKey {
            kid: key.kid(),
            key,
            issuer: issuer.to_owned(),
            usage,
            not_before,
            not_after,
        };
        // Round-trip through the file form so every field rule applies.
        trusted
            .to_entry()
            .to_trusted()
            .map_err(|e| Error::Load(LoadError::KeyFile(e)))?;
        Ok(Signer { secret, trusted })
    }

    /// Parses a private key file.
    ///
    /// ```
    /// use uniqr::{Alg, Signer};
    ///
    /// let signer = uniqr::demo::signer(Alg::EdDsa);
    /// let file = signer.to_json(); // a secret: store it encrypted
    /// assert!(file.contains(r#""format": "uniqr-private-key""#));
    /// assert_eq!(Signer::from_json(&file)?.trusted(), signer.trusted());
    /// assert_eq!(Signer::from_json("{}").unwrap_err().code(), "KEY_FILE_INVALID");
    /// # Ok::<(), uniqr::Error>(())
    /// ```
    ///
    /// # Errors
    /// `KEY_FILE_INVALID` for bad JSON, an unknown format, a bad key or an
    /// entry that breaks a trust-list rule.
    pub fn from_json(json: &str) -> Result<Signer, Error> {
        let err = |e| Error::Load(LoadError::KeyFile(e));
        let file: File = crate::json::from_str_object(json).ok_or(err(FileError::Json))?;
        if file.format != FORMAT || file.version != 1 {
            return Err(err(FileError::Version));
        }
        let trusted = file.key.to_trusted().map_err(err)?;
        let secret = SecretKey::from_jwk(&file.key.jwk).map_err(err)?;
        Ok(Signer { secret, trusted })
    }

    /// The key file, pretty-printed, with the private key (see
    /// [`Signer::from_json`]).
    pub fn to_json(&self) -> String {
        let mut key = self.trusted.to_entry();
        key.jwk = self.secret.to_jwk();
        let file = File {
            format: FORMAT.into(),
            version: 1,
            key,
        };
        let mut s = serde_json::to_string_pretty(&file).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The algorithm (see the type's example).
    pub fn alg(&self) -> Alg {
        self.secret.alg()
    }

    /// The key id (see the type's example).
    pub fn kid(&self) -> [u8; 8] {
        self.trusted.kid
    }

    /// The issuer code (see the type's example).
    pub fn issuer(&self) -> &str {
        &self.trusted.issuer
    }

    /// The public trust-list entry (see the type's example).
    pub fn trusted(&self) -> &TrustedKey {
        &self.trusted
    }

    /// The private key (for tools that sign by other means, such as the
    /// fuzzer's fixed-nonce signer for published test keys); see the type's
    /// example.
    pub fn secret(&self) -> &SecretKey {
        &self.secret
    }

    /// Signs bytes, giving the raw 64-byte signature (see the type's
    /// example).
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.secret.sign(msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_round_trips_and_rejects_tampering() {
        let s = Signer::new(
            SecretKey::from_seed(Alg::Es256, [9; 32]),
            "VN",
            Usage::ALL,
            0,
            4_102_444_800,
        )
        .unwrap();
        let json = s.to_json();
        let back = Signer::from_json(&json).unwrap();
        assert_eq!(back.trusted(), s.trusted());
        assert_eq!(back.sign(b"x"), s.sign(b"x"));
        let other = Signer::new(
            SecretKey::from_seed(Alg::Es256, [8; 32]),
            "VN",
            Usage::ALL,
            0,
            1,
        )
        .unwrap();
        let tampered = json.replace(
            &crate::hex::encode(&s.kid()),
            &crate::hex::encode(&other.kid()),
        );
        assert_eq!(
            Signer::from_json(&tampered).unwrap_err().code(),
            "KEY_FILE_INVALID"
        );
    }
}
