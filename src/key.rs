//! Keys: public keys as JWK, key ids, signature verification and signing
//! (R-KEY-*, R-SIG-*).
//!
//! ES256 verification uses `ring` (about 5x faster than `p256` here) and
//! EdDSA verification `ed25519-dalek` (faster than `ring` here, see
//! BENCHMARKS.md); signing uses `p256` (deterministic RFC 6979 ECDSA) and
//! `ed25519-dalek`. Tests prove that signers and verifiers agree.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use p256::pkcs8::EncodePublicKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cose::Alg;
use crate::error::{Error, FileError, SignatureError};

/// A public key of one of the two UNIQR algorithms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicKey {
    /// A P-256 point, SEC1 uncompressed (65 bytes).
    P256(Box<[u8; 65]>),
    /// An Ed25519 public key, decompressed once when loaded (the verify
    /// hot path must not pay for point decompression).
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// A JSON Web Key (RFC 7517) for P-256 (`EC`) or Ed25519 (`OKP`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jwk {
    /// `EC` or `OKP`.
    pub kty: String,
    /// `P-256` or `Ed25519`.
    pub crv: String,
    /// base64url x coordinate or Ed25519 public key.
    pub x: String,
    /// base64url y coordinate (EC only).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present"
    )]
    pub y: Option<String>,
    /// base64url private key (key files only, never in trust lists).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present"
    )]
    pub d: Option<String>,
}

fn b64_32(s: &str) -> Result<[u8; 32], FileError> {
    let v = B64.decode(s).map_err(|_| FileError::Key)?;
    v.try_into().map_err(|_| FileError::Key)
}

impl PublicKey {
    /// The algorithm this key is for.
    pub fn alg(&self) -> Alg {
        match self {
            PublicKey::P256(_) => Alg::Es256,
            PublicKey::Ed25519(_) => Alg::EdDsa,
        }
    }

    /// Reads a public JWK, checking the point is valid.
    ///
    /// # Errors
    /// [`FileError::Key`] for an unknown key type, bad base64url or an
    /// invalid point.
    pub fn from_jwk(jwk: &Jwk) -> Result<PublicKey, FileError> {
        match (jwk.kty.as_str(), jwk.crv.as_str(), &jwk.y) {
            ("EC", "P-256", Some(y)) => {
                let mut point = [4u8; 65];
                point[1..33].copy_from_slice(&b64_32(&jwk.x)?);
                point[33..].copy_from_slice(&b64_32(y)?);
                p256::PublicKey::from_sec1_bytes(&point).map_err(|_| FileError::Key)?;
                Ok(PublicKey::P256(Box::new(point)))
            }
            ("OKP", "Ed25519", None) => {
                let x = b64_32(&jwk.x)?;
                let key =
                    ed25519_dalek::VerifyingKey::from_bytes(&x).map_err(|_| FileError::Key)?;
                Ok(PublicKey::Ed25519(key))
            }
            _ => Err(FileError::Key),
        }
    }

    /// The public JWK.
    pub fn to_jwk(&self) -> Jwk {
        match self {
            PublicKey::P256(p) => Jwk {
                kty: "EC".into(),
                crv: "P-256".into(),
                x: B64.encode(&p[1..33]),
                y: Some(B64.encode(&p[33..])),
                d: None,
            },
            PublicKey::Ed25519(x) => Jwk {
                kty: "OKP".into(),
                crv: "Ed25519".into(),
                x: B64.encode(x.as_bytes()),
                y: None,
                d: None,
            },
        }
    }

    /// The DER SubjectPublicKeyInfo (RFC 5480 / RFC 8410).
    pub fn spki_der(&self) -> Vec<u8> {
        let der = match self {
            PublicKey::P256(p) => p256::PublicKey::from_sec1_bytes(&p[..])
                .ok()
                .and_then(|k| k.to_public_key_der().ok()),
            PublicKey::Ed25519(k) => k.to_public_key_der().ok(),
        };
        // Keys are validated on construction, so encoding cannot fail.
        der.map(|d| d.as_bytes().to_vec()).unwrap_or_default()
    }

    /// R-KEY-1: the kid is the first 8 bytes of SHA-256 over the SPKI DER.
    pub fn kid(&self) -> [u8; 8] {
        let h = Sha256::digest(self.spki_der());
        let mut kid = [0u8; 8];
        kid.copy_from_slice(&h[..8]);
        kid
    }

    /// Verifies a raw 64-byte signature (R-SIG-1, R-SIG-2).
    ///
    /// # Errors
    /// `SIGNATURE_INVALID` if the signature is not 64 bytes or does not verify.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        if sig.len() != 64 {
            return Err(Error::Signature(SignatureError::Length));
        }
        let ok = match self {
            PublicKey::P256(p) => ring::signature::UnparsedPublicKey::new(
                &ring::signature::ECDSA_P256_SHA256_FIXED,
                &p[..],
            )
            .verify(msg, sig),
            // ed25519-dalek's strict verification: S < L, and no
            // small-order R or A (R-SIG-3).
            PublicKey::Ed25519(k) => {
                let sig = ed25519_dalek::Signature::from_slice(sig)
                    .map_err(|_| Error::Signature(SignatureError::Mismatch))?;
                return k
                    .verify_strict(msg, &sig)
                    .map_err(|_| Error::Signature(SignatureError::Mismatch));
            }
        };
        ok.map_err(|_| Error::Signature(SignatureError::Mismatch))
    }
}

/// A private signing key.
#[derive(Clone)]
pub enum SecretKey {
    /// P-256; signs deterministically (RFC 6979).
    P256(p256::ecdsa::SigningKey),
    /// Ed25519.
    Ed25519(ed25519_dalek::SigningKey),
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SecretKey::P256(_) => "SecretKey::P256(..)",
            SecretKey::Ed25519(_) => "SecretKey::Ed25519(..)",
        })
    }
}

impl SecretKey {
    /// Derives a key from 32 seed bytes, deterministically. For P-256 a seed
    /// that is not a valid scalar is re-hashed until it is.
    pub fn from_seed(alg: Alg, seed: [u8; 32]) -> SecretKey {
        match alg {
            Alg::EdDsa => SecretKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed)),
            Alg::Es256 => {
                let mut s = seed;
                loop {
                    if let Ok(k) = p256::ecdsa::SigningKey::from_slice(&s) {
                        return SecretKey::P256(k);
                    }
                    s = Sha256::digest(s).into();
                }
            }
        }
    }

    /// The algorithm of this key.
    pub fn alg(&self) -> Alg {
        match self {
            SecretKey::P256(_) => Alg::Es256,
            SecretKey::Ed25519(_) => Alg::EdDsa,
        }
    }

    /// The matching public key.
    pub fn public(&self) -> PublicKey {
        match self {
            SecretKey::P256(k) => {
                let point = k.verifying_key().to_encoded_point(false);
                let mut p = [0u8; 65];
                p.copy_from_slice(point.as_bytes());
                PublicKey::P256(Box::new(p))
            }
            SecretKey::Ed25519(k) => PublicKey::Ed25519(k.verifying_key()),
        }
    }

    /// Signs, giving the raw 64-byte signature (`r || s` for ES256).
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        use p256::ecdsa::signature::Signer as _;
        match self {
            SecretKey::P256(k) => {
                let sig: p256::ecdsa::Signature = k.sign(msg);
                sig.to_bytes().into()
            }
            SecretKey::Ed25519(k) => ed25519_dalek::Signer::sign(k, msg).to_bytes(),
        }
    }

    /// The private JWK (with `d`).
    pub fn to_jwk(&self) -> Jwk {
        let mut jwk = self.public().to_jwk();
        jwk.d = Some(match self {
            SecretKey::P256(k) => B64.encode(k.to_bytes()),
            SecretKey::Ed25519(k) => B64.encode(k.to_bytes()),
        });
        jwk
    }

    /// Reads a private JWK and checks that its public part matches `d`.
    ///
    /// # Errors
    /// [`FileError::Key`] for a bad or inconsistent key.
    pub fn from_jwk(jwk: &Jwk) -> Result<SecretKey, FileError> {
        let d = b64_32(jwk.d.as_deref().ok_or(FileError::Key)?)?;
        let mut public = jwk.clone();
        public.d = None;
        let declared = PublicKey::from_jwk(&public)?;
        let key = match declared {
            PublicKey::P256(_) => SecretKey::P256(
                p256::ecdsa::SigningKey::from_slice(&d).map_err(|_| FileError::Key)?,
            ),
            PublicKey::Ed25519(_) => SecretKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&d)),
        };
        if key.public() != declared {
            return Err(FileError::Key);
        }
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signer_and_verifier_agree_on_each_others_bytes() {
        for alg in [Alg::Es256, Alg::EdDsa] {
            let k = SecretKey::from_seed(alg, [42; 32]);
            let msg = b"Sig_structure bytes";
            let sig = k.sign(msg);
            k.public().verify(msg, &sig).unwrap();
            // Deterministic: same key, same message, same signature.
            assert_eq!(sig, k.sign(msg));
            let mut bad = sig;
            bad[10] ^= 1;
            assert_eq!(
                k.public().verify(msg, &bad),
                Err(Error::Signature(SignatureError::Mismatch))
            );
            assert_eq!(
                k.public().verify(msg, &sig[..63]),
                Err(Error::Signature(SignatureError::Length))
            );
        }
    }

    #[test]
    fn ring_signatures_verify_with_the_dalek_and_p256_verifiers() {
        use ring::signature::{Ed25519KeyPair, KeyPair};
        let pair = Ed25519KeyPair::from_seed_unchecked(&[7; 32]).unwrap();
        let sig = pair.sign(b"m");
        let vk =
            ed25519_dalek::VerifyingKey::from_bytes(pair.public_key().as_ref().try_into().unwrap())
                .unwrap();
        let s = ed25519_dalek::Signature::from_slice(sig.as_ref()).unwrap();
        vk.verify_strict(b"m", &s).unwrap();
        let k = SecretKey::from_seed(Alg::Es256, [3; 32]);
        let sig = k.sign(b"m");
        let SecretKey::P256(sk) = &k else {
            unreachable!()
        };
        use p256::ecdsa::signature::Verifier;
        let s = p256::ecdsa::Signature::from_slice(&sig).unwrap();
        sk.verifying_key().verify(b"m", &s).unwrap();
    }

    #[test]
    fn spki_has_the_rfc_prefixes() {
        let ec = SecretKey::from_seed(Alg::Es256, [1; 32])
            .public()
            .spki_der();
        assert_eq!(
            hex(&ec[..26]),
            "3059301306072a8648ce3d020106082a8648ce3d030107034200"
        );
        let ed = SecretKey::from_seed(Alg::EdDsa, [1; 32])
            .public()
            .spki_der();
        assert_eq!(hex(&ed[..12]), "302a300506032b6570032100");
        assert_eq!(ed.len(), 44);
    }

    fn hex(b: &[u8]) -> String {
        crate::hex::encode(b)
    }

    #[test]
    fn jwk_round_trips_and_rejects_bad_points() {
        for alg in [Alg::Es256, Alg::EdDsa] {
            let k = SecretKey::from_seed(alg, [5; 32]);
            let jwk = k.to_jwk();
            assert_eq!(SecretKey::from_jwk(&jwk).unwrap().public(), k.public());
            let mut pubjwk = jwk.clone();
            pubjwk.d = None;
            assert_eq!(PublicKey::from_jwk(&pubjwk).unwrap(), k.public());
        }
        let mut bad = SecretKey::from_seed(Alg::Es256, [5; 32]).public().to_jwk();
        bad.y = Some(B64.encode([0u8; 32]));
        assert_eq!(PublicKey::from_jwk(&bad), Err(FileError::Key));
    }
}
