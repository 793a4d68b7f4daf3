//! Private keys and signing (feature `encode`): ES256 with the
//! deterministic nonce of RFC 6979 (`p256`, R-ENC-3) and Ed25519
//! (`ed25519-dalek`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use sha2::{Digest, Sha256};

use super::{Jwk, PublicKey, b64_32};
use crate::cose::Alg;
use crate::error::FileError;

/// A private signing key.
///
/// `Debug` never prints the key material.
///
/// ```
/// use uniqr::{Alg, key::SecretKey};
///
/// let key = SecretKey::from_seed(Alg::EdDsa, [7; 32]);
/// assert_eq!(key.alg(), Alg::EdDsa);
/// let sig = key.sign(b"message");
/// assert!(key.public().verify(b"message", &sig).is_ok());
/// assert_eq!(format!("{key:?}"), "SecretKey::Ed25519(..)");
/// ```
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
    ///
    /// A real issuer key needs 32 secret random bytes; the demo keys come
    /// from public seeds and are for tests only.
    ///
    /// ```
    /// use uniqr::{Alg, key::SecretKey};
    ///
    /// let a = SecretKey::from_seed(Alg::Es256, [9; 32]);
    /// let b = SecretKey::from_seed(Alg::Es256, [9; 32]);
    /// assert_eq!(a.public(), b.public());
    /// assert_eq!(a.alg(), Alg::Es256);
    /// ```
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

    /// The algorithm of this key (see the type's example).
    pub fn alg(&self) -> Alg {
        match self {
            SecretKey::P256(_) => Alg::Es256,
            SecretKey::Ed25519(_) => Alg::EdDsa,
        }
    }

    /// The matching public key (see the type's example).
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

    /// Signs, giving the raw 64-byte signature (`r || s` for ES256, with the
    /// deterministic nonce of RFC 6979, R-ENC-3).
    ///
    /// ```
    /// use uniqr::{Alg, key::SecretKey};
    ///
    /// let key = SecretKey::from_seed(Alg::Es256, [1; 32]);
    /// assert_eq!(key.sign(b"m"), key.sign(b"m")); // deterministic
    /// assert!(key.public().verify(b"m", &key.sign(b"m")).is_ok());
    /// ```
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

    /// The private JWK (with `d`); see [`SecretKey::from_jwk`].
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
    /// ```
    /// use uniqr::{Alg, error::FileError, key::SecretKey};
    ///
    /// let key = SecretKey::from_seed(Alg::EdDsa, [7; 32]);
    /// let mut jwk = key.to_jwk();
    /// assert!(jwk.d.is_some());
    /// assert_eq!(SecretKey::from_jwk(&jwk)?.public(), key.public());
    ///
    /// jwk.d = SecretKey::from_seed(Alg::EdDsa, [8; 32]).to_jwk().d;
    /// assert_eq!(SecretKey::from_jwk(&jwk).unwrap_err(), FileError::Key);
    /// # Ok::<(), FileError>(())
    /// ```
    ///
    /// # Errors
    /// [`FileError::Key`] for a missing `d`, a bad or inconsistent key; the key
    /// file loader reports it as `KEY_FILE_INVALID`.
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
    use crate::error::{Error, SignatureError};

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
    fn jwk_round_trips_and_rejects_an_inconsistent_private_key() {
        for alg in [Alg::Es256, Alg::EdDsa] {
            let k = SecretKey::from_seed(alg, [5; 32]);
            let jwk = k.to_jwk();
            assert_eq!(SecretKey::from_jwk(&jwk).unwrap().public(), k.public());
            let mut pubjwk = jwk.clone();
            pubjwk.d = None;
            assert_eq!(PublicKey::from_jwk(&pubjwk).unwrap(), k.public());
            let mut other = jwk.clone();
            other.d = SecretKey::from_seed(alg, [6; 32]).to_jwk().d;
            assert_eq!(SecretKey::from_jwk(&other).unwrap_err(), FileError::Key);
        }
    }
}
