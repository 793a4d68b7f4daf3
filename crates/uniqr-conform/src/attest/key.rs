//! Lab keys (R-AT-2): Ed25519 keys that sign attestations and nothing else.
//! Their file formats differ from the code keys' (`uniqr-private-key`), so
//! a lab key never loads as a code signer and a code key never loads as a
//! lab key.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `format` of a private lab key file.
pub const SECRET_FORMAT: &str = "uniqr-lab-key";
/// `format` of a public lab key file.
pub const PUBLIC_FORMAT: &str = "uniqr-lab-public-key";
/// The one usage of a lab key.
pub const USAGE: &str = "attest";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    version: u32,
    kid: String,
    alg: String,
    usage: Vec<String>,
    public: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

/// The id of a public key: the first 8 bytes of its SHA-256, as hex.
fn kid_of(public: &VerifyingKey) -> String {
    uniqr::hex::encode(&Sha256::digest(public.as_bytes())[..8])
}

/// Reads a key file of `format`, checking every member.
fn read(json: &str, format: &str) -> Result<(File, VerifyingKey), String> {
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("not a lab key file: {e}"))?;
    let found = v.get("format").and_then(serde_json::Value::as_str);
    if found != Some(format) {
        return Err(format!(
            "format {}: expected {format:?} (a code key never signs attestations)",
            found.map_or_else(|| "missing".to_owned(), |f| format!("{f:?}"))
        ));
    }
    let f: File = serde_json::from_value(v).map_err(|e| format!("not a lab key file: {e}"))?;
    if f.version != 1 || f.alg != "Ed25519" || f.usage != [USAGE] {
        return Err("a lab key is version 1, alg Ed25519, usage [\"attest\"]".into());
    }
    let public: [u8; 32] = B64URL
        .decode(&f.public)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("public: expected 32 bytes of base64url")?;
    let public = VerifyingKey::from_bytes(&public).map_err(|_| "public: not an Ed25519 point")?;
    if public.is_weak() {
        return Err("public: a weak (small-order) key".into());
    }
    if f.kid != kid_of(&public) {
        return Err("kid: not the first 8 bytes of SHA-256 of the public key".into());
    }
    Ok((f, public))
}

/// A lab's public key: what `attest verify` and `publish` trust.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabPublicKey {
    key: VerifyingKey,
    kid: String,
}

impl LabPublicKey {
    /// Parses a public lab key file (a private one is refused: publish the
    /// public half only).
    ///
    /// # Errors
    /// A message naming what is wrong.
    pub fn from_json(json: &str) -> Result<LabPublicKey, String> {
        let (f, key) = read(json, PUBLIC_FORMAT)?;
        if f.secret.is_some() {
            return Err("a public lab key file holds no secret".into());
        }
        Ok(LabPublicKey { key, kid: f.kid })
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Whether `sig` is this key's signature of `msg` (strict: no
    /// malleable or small-order forms).
    pub fn verifies(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = <[u8; 64]>::try_from(sig) else {
            return false;
        };
        self.key
            .verify_strict(msg, &Signature::from_bytes(&sig))
            .is_ok()
    }

    /// The public key file.
    pub fn to_json(&self) -> String {
        let f = File {
            format: PUBLIC_FORMAT.into(),
            version: 1,
            kid: self.kid.clone(),
            alg: "Ed25519".into(),
            usage: vec![USAGE.into()],
            public: B64URL.encode(self.key.as_bytes()),
            secret: None,
        };
        let mut s = serde_json::to_string_pretty(&f).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// A lab's private key.
pub struct LabKey {
    key: SigningKey,
    public: LabPublicKey,
}

/// Shows the key id only, never the secret.
impl std::fmt::Debug for LabKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LabKey")
            .field("kid", &self.public.kid)
            .finish_non_exhaustive()
    }
}

impl LabKey {
    /// The key of a 32-byte seed.
    pub fn from_seed(seed: [u8; 32]) -> LabKey {
        let key = SigningKey::from_bytes(&seed);
        let verifying = key.verifying_key();
        LabKey {
            public: LabPublicKey {
                kid: kid_of(&verifying),
                key: verifying,
            },
            key,
        }
    }

    /// Parses a private lab key file; the public key in it must be the
    /// secret's.
    ///
    /// # Errors
    /// A message naming what is wrong; a code key file is refused.
    pub fn from_json(json: &str) -> Result<LabKey, String> {
        let (f, public) = read(json, SECRET_FORMAT)?;
        let seed: [u8; 32] = f
            .secret
            .as_deref()
            .and_then(|s| B64URL.decode(s).ok())
            .and_then(|b| b.try_into().ok())
            .ok_or("secret: expected 32 bytes of base64url")?;
        let key = LabKey::from_seed(seed);
        if key.public.key != public {
            return Err("public: not the public key of the secret".into());
        }
        Ok(key)
    }

    /// The private key file (keep it secret: write it with mode 0600).
    pub fn to_json(&self) -> String {
        let f = File {
            format: SECRET_FORMAT.into(),
            version: 1,
            kid: self.public.kid.clone(),
            alg: "Ed25519".into(),
            usage: vec![USAGE.into()],
            public: B64URL.encode(self.public.key.as_bytes()),
            secret: Some(B64URL.encode(self.key.to_bytes())),
        };
        let mut s = serde_json::to_string_pretty(&f).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The public half.
    pub fn public(&self) -> &LabPublicKey {
        &self.public
    }

    /// Signs `msg` (Ed25519 is deterministic).
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.key.sign(msg).to_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lab_keys_round_trip_and_sign() {
        let k = LabKey::from_seed([7; 32]);
        let again = LabKey::from_json(&k.to_json()).unwrap();
        assert_eq!(again.public(), k.public());
        let public = LabPublicKey::from_json(&k.public().to_json()).unwrap();
        let sig = k.sign(b"msg");
        assert!(public.verifies(b"msg", &sig));
        assert!(!public.verifies(b"msh", &sig));
        assert!(!public.verifies(b"msg", &sig[..63]));
        assert_eq!(public.kid().len(), 16);
    }

    #[test]
    fn lab_keys_and_code_keys_never_mix() {
        let k = LabKey::from_seed([7; 32]);
        // A lab key is not a code key.
        assert!(uniqr::Signer::from_json(&k.to_json()).is_err());
        // A code key is not a lab key.
        let code = uniqr::Signer::new(
            uniqr::key::SecretKey::from_seed(uniqr::Alg::EdDsa, [7; 32]),
            "VN-HN",
            uniqr::trust::Usage::ALL,
            1_735_689_600,
            1_924_992_000,
        )
        .unwrap()
        .to_json();
        assert!(
            LabKey::from_json(&code)
                .unwrap_err()
                .contains("code key never signs")
        );
        // The private file is not a public one, nor the reverse.
        assert!(LabPublicKey::from_json(&k.to_json()).is_err());
        assert!(LabKey::from_json(&k.public().to_json()).is_err());
        // Another usage, or a kid that is not the key's, is refused.
        let other = k.to_json().replace("\"attest\"", "\"v\"");
        assert!(LabKey::from_json(&other).is_err());
        let kid = k.public().kid().to_owned();
        let wrong = k.to_json().replace(&kid, "0000000000000000");
        assert!(LabKey::from_json(&wrong).unwrap_err().starts_with("kid"));
    }
}
