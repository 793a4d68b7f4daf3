//! Keys: public keys as JWK, key ids and signature verification (R-KEY-1,
//! R-KEY-2, R-SIG-1 to R-SIG-3); private keys and signing in `SecretKey`
//! (feature `encode`).
//!
//! ES256 verification uses `ring` (about 5x faster than `p256` here) and
//! EdDSA verification `ed25519-dalek` (faster than `ring` here, see
//! BENCHMARKS.md). Two small pieces are written here so that a verifier
//! needs no elliptic-curve stack: the P-256 on-curve check of R-KEY-2 (on
//! `crypto-bigint`'s modular arithmetic) and the two fixed SPKI prefixes of
//! R-KEY-1. The tests check both against RustCrypto's `p256`.

#[cfg(feature = "encode")]
mod secret;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use crypto_bigint::U256;
use crypto_bigint::modular::constant_mod::{Residue, ResidueParams};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cose::Alg;
use crate::error::{Error, FileError, SignatureError};
#[cfg(feature = "encode")]
#[cfg_attr(docsrs, doc(cfg(feature = "encode")))]
pub use secret::SecretKey;

/// The DER prefix of an RFC 5480 SubjectPublicKeyInfo of a P-256 key,
/// before its 65-byte uncompressed point: SEQUENCE { SEQUENCE {
/// id-ecPublicKey, prime256v1 }, BIT STRING }.
const SPKI_P256: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];
/// The DER prefix of an RFC 8410 SubjectPublicKeyInfo of an Ed25519 key,
/// before its 32 bytes: SEQUENCE { SEQUENCE { id-Ed25519 }, BIT STRING }.
const SPKI_ED25519: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

mod field {
    // The P-256 field prime (SEC 2 §2.4.2); a private module keeps the
    // type the macro declares out of the public API.
    crypto_bigint::impl_modulus!(
        P256Field,
        crypto_bigint::U256,
        "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"
    );
}
use field::P256Field;

/// The curve's `b` (SEC 2 §2.4.2; `a` = −3).
const P256_B: U256 =
    U256::from_be_hex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
/// An element of the P-256 field, in Montgomery form.
type Fe = Residue<P256Field, { U256::LIMBS }>;

/// R-KEY-2 for P-256: an uncompressed SEC1 point whose coordinates are
/// below the field prime and satisfy `y² = x³ − 3x + b`. The curve has
/// cofactor 1, so such a point is in the signing group; the identity has no
/// uncompressed encoding.
fn is_p256_point(point: &[u8; 65]) -> bool {
    let x = U256::from_be_slice(&point[1..33]);
    let y = U256::from_be_slice(&point[33..]);
    let p = P256Field::MODULUS;
    if point[0] != 4 || x >= p || y >= p {
        return false;
    }
    let (x, y) = (Fe::new(&x), Fe::new(&y));
    let three = Fe::new(&U256::from_u8(3));
    y.square() == x.square() * x - three * x + Fe::new(&P256_B)
}

/// R-KEY-2 for Ed25519: the two rules of RFC 8032 §5.1.3 decoding that
/// ed25519-dalek's `VerifyingKey::from_bytes` skips. The y coordinate (the
/// encoding without its top bit, little-endian) MUST be below p = 2^255 − 19,
/// and where x is 0 (y = 1 or y = p − 1, the only y with x² = 0) the sign
/// bit MUST be 0. Dalek checks the rest (that x² has a square root).
fn is_canonical_ed25519(bytes: &[u8; 32]) -> bool {
    let mut y = *bytes;
    let sign = y[31] >> 7;
    y[31] &= 0x7f;
    // y ≥ p: p is 0x7fff…ffed, so bytes 1 to 31 at their maximum and the
    // lowest byte at least 0xed.
    if y[31] == 0x7f && y[1..31].iter().all(|b| *b == 0xff) && y[0] >= 0xed {
        return false;
    }
    let one = y[0] == 1 && y[1..].iter().all(|b| *b == 0);
    let minus_one = y[0] == 0xec && y[31] == 0x7f && y[1..31].iter().all(|b| *b == 0xff);
    !(sign == 1 && (one || minus_one))
}

/// A public key of one of the two UNIQR algorithms.
///
/// Apps rarely build one themselves: [`TrustList::from_json`] reads them from
/// the trust list, and [`verify`](crate::verify) finds them by kid.
///
/// [`TrustList::from_json`]: crate::TrustList::from_json
///
/// ```
/// use uniqr::{Alg, key::{Jwk, PublicKey}};
///
/// let jwk: Jwk = serde_json::from_str(
///     r#"{"kty": "OKP", "crv": "Ed25519", "x": "IssYSsFp2QX_U0svTgcAuvhtAPXTsGYi0m3ZrAJq6uc"}"#,
/// ).unwrap();
/// let key = PublicKey::from_jwk(&jwk)?;
/// assert_eq!(key.alg(), Alg::EdDsa);
/// assert_eq!(uniqr::hex::encode(&key.kid()), "34ab1fb581078f39");
/// assert_eq!(key.spki_der().len(), 44); // RFC 8410 form
/// assert_eq!(key.to_jwk(), jwk);
/// # Ok::<(), uniqr::error::FileError>(())
/// ```
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
    /// The algorithm this key is for (see the type's example).
    pub fn alg(&self) -> Alg {
        match self {
            PublicKey::P256(_) => Alg::Es256,
            PublicKey::Ed25519(_) => Alg::EdDsa,
        }
    }

    /// Reads a public JWK, checking the point is valid (R-KEY-2). Any `d`
    /// member is ignored here; the trust-list loader rejects it (R-TRUST-8).
    ///
    /// ```
    /// use uniqr::{error::FileError, key::{Jwk, PublicKey}};
    ///
    /// // An Ed25519 key has no `y`.
    /// let jwk: Jwk = serde_json::from_str(r#"{"kty": "OKP", "crv": "Ed25519",
    ///     "x": "IssYSsFp2QX_U0svTgcAuvhtAPXTsGYi0m3ZrAJq6uc", "y": "AAAA"}"#).unwrap();
    /// assert_eq!(PublicKey::from_jwk(&jwk), Err(FileError::Key));
    /// ```
    ///
    /// # Errors
    /// [`FileError::Key`] for an unknown key type, bad base64url or an
    /// invalid point; the file loaders report it as `TRUST_LIST_INVALID` or
    /// `KEY_FILE_INVALID`.
    pub fn from_jwk(jwk: &Jwk) -> Result<PublicKey, FileError> {
        match (jwk.kty.as_str(), jwk.crv.as_str(), &jwk.y) {
            ("EC", "P-256", Some(y)) => {
                let mut point = [4u8; 65];
                point[1..33].copy_from_slice(&b64_32(&jwk.x)?);
                point[33..].copy_from_slice(&b64_32(y)?);
                if !is_p256_point(&point) {
                    return Err(FileError::Key);
                }
                Ok(PublicKey::P256(Box::new(point)))
            }
            ("OKP", "Ed25519", None) => {
                let x = b64_32(&jwk.x)?;
                if !is_canonical_ed25519(&x) {
                    return Err(FileError::Key);
                }
                let key =
                    ed25519_dalek::VerifyingKey::from_bytes(&x).map_err(|_| FileError::Key)?;
                Ok(PublicKey::Ed25519(key))
            }
            _ => Err(FileError::Key),
        }
    }

    /// The public JWK (see the type's example).
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

    /// The DER SubjectPublicKeyInfo (RFC 5480 / RFC 8410): a fixed prefix
    /// per algorithm, then the key bytes; 91 bytes for P-256, 44 for Ed25519
    /// (see the type's example).
    pub fn spki_der(&self) -> Vec<u8> {
        let (prefix, key): (&[u8], &[u8]) = match self {
            PublicKey::P256(p) => (&SPKI_P256, &p[..]),
            PublicKey::Ed25519(k) => (&SPKI_ED25519, k.as_bytes()),
        };
        [prefix, key].concat()
    }

    /// R-KEY-1: the kid is the first 8 bytes of SHA-256 over the SPKI DER
    /// (see the type's example).
    pub fn kid(&self) -> [u8; 8] {
        let h = Sha256::digest(self.spki_der());
        let mut kid = [0u8; 8];
        kid.copy_from_slice(&h[..8]);
        kid
    }

    /// Verifies a raw 64-byte signature (R-SIG-1, R-SIG-2), strictly for
    /// Ed25519 (R-SIG-3).
    ///
    /// ```
    /// use uniqr::{Alg, key::SecretKey};
    ///
    /// let secret = SecretKey::from_seed(Alg::Es256, [1; 32]);
    /// let mut sig = secret.sign(b"message");
    /// assert_eq!(secret.public().verify(b"message", &sig), Ok(()));
    /// sig[0] ^= 1;
    /// let err = secret.public().verify(b"message", &sig).unwrap_err();
    /// assert_eq!(err.code(), "SIGNATURE_INVALID");
    /// ```
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Uncompressed P-256 points of the scalars 1.., from RustCrypto.
    fn p256_points(n: u64) -> Vec<[u8; 65]> {
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        (1..=n)
            .map(|i| {
                let mut d = [0u8; 32];
                d[24..].copy_from_slice(&i.wrapping_mul(0x9e37_79b9_7f4a_7c15).to_be_bytes());
                let k = p256::SecretKey::from_slice(&d).unwrap();
                k.public_key()
                    .to_encoded_point(false)
                    .as_bytes()
                    .try_into()
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn point_check_agrees_with_p256() {
        let p = hex_bytes("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
        for point in p256_points(64) {
            assert!(is_p256_point(&point));
            // Every single-bit change of a coordinate, and the edge cases.
            let mut variants = Vec::new();
            for bit in (8..520).step_by(37) {
                let mut v = point;
                v[bit / 8] ^= 1 << (bit % 8);
                variants.push(v);
            }
            let mut x_is_p = point;
            x_is_p[1..33].copy_from_slice(&p);
            let mut y_is_p = point;
            y_is_p[33..].copy_from_slice(&p);
            let mut compressed_tag = point;
            compressed_tag[0] = 2;
            variants.extend([x_is_p, y_is_p, compressed_tag, [0; 65], {
                let mut z = [0u8; 65];
                z[0] = 4;
                z
            }]);
            for v in variants {
                let theirs = p256::PublicKey::from_sec1_bytes(&v).is_ok();
                assert_eq!(is_p256_point(&v), theirs, "{}", crate::hex::encode(&v));
            }
        }
    }

    #[test]
    fn spki_agrees_with_the_pkcs8_encoders() {
        use ed25519_dalek::pkcs8::EncodePublicKey as _;
        for point in p256_points(8) {
            let ours = PublicKey::P256(Box::new(point)).spki_der();
            let theirs = p256::PublicKey::from_sec1_bytes(&point)
                .unwrap()
                .to_public_key_der()
                .unwrap();
            assert_eq!(ours, theirs.as_bytes());
        }
        for seed in 0..8u8 {
            let k = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]).verifying_key();
            let theirs = k.to_public_key_der().unwrap();
            assert_eq!(PublicKey::Ed25519(k).spki_der(), theirs.as_bytes());
            assert_eq!(theirs.as_bytes().len(), 44);
        }
    }

    fn hex_bytes(s: &str) -> Vec<u8> {
        crate::hex::decode(s).unwrap()
    }

    /// RFC 8032 §5.1.3 decoding, step by step, on `crypto-bigint`: the rule
    /// `is_canonical_ed25519` and dalek together must follow.
    fn rfc8032_decodes(bytes: &[u8; 32]) -> bool {
        mod f {
            crypto_bigint::impl_modulus!(
                P25519,
                crypto_bigint::U256,
                "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed"
            );
        }
        type F = Residue<f::P25519, { U256::LIMBS }>;
        let mut le = *bytes;
        let x_0 = le[31] >> 7;
        le[31] &= 0x7f;
        let y = U256::from_le_slice(&le);
        // Step 1: y < p.
        if y >= f::P25519::MODULUS {
            return false;
        }
        let hex = |h: &str| F::new(&U256::from_be_hex(h));
        let d = hex("52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3");
        let sqrt_m1 = hex("2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0");
        let p_minus_5_over_8 =
            U256::from_be_hex("0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd");
        let y = F::new(&y);
        let (u, v) = (y.square() - F::ONE, d * y.square() + F::ONE);
        // Step 2: the candidate root x = u v^3 (u v^7)^((p-5)/8).
        let v3 = v.square() * v;
        let mut x = u * v3 * (u * v3.square() * v).pow(&p_minus_5_over_8);
        // Step 3: v x^2 = u, or = -u (then x times sqrt(-1)), or no root.
        if v * x.square() == -u {
            x *= sqrt_m1;
        } else if v * x.square() != u {
            return false;
        }
        // Step 4: x = 0 with the sign bit set fails.
        !(x.retrieve() == U256::ZERO && x_0 == 1)
    }

    #[test]
    fn ed25519_key_decoding_is_rfc8032_strict() {
        let p =
            U256::from_be_hex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
        let le = |n: U256| -> [u8; 32] { crypto_bigint::Encoding::to_le_bytes(&n) };
        // Every y around 0, 1, p - 1 and p, up to 2^255 - 1, and random keys
        // and random bytes, each with both sign bits.
        let mut ys: Vec<[u8; 32]> = Vec::new();
        for i in 0..24u64 {
            ys.push(le(U256::from_u64(i)));
            ys.push(le(p.wrapping_sub(&U256::from_u64(i + 1))));
            ys.push(le(p.wrapping_add(&U256::from_u64(i))));
        }
        for seed in 0..64u8 {
            let k = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]).verifying_key();
            ys.push(k.to_bytes());
            ys.push(Sha256::digest([seed]).into());
        }
        let mut rejected_by_us_only = 0;
        for y in ys {
            for sign in [0u8, 0x80] {
                let mut b = y;
                b[31] = (b[31] & 0x7f) | sign;
                let ours = is_canonical_ed25519(&b);
                let dalek = ed25519_dalek::VerifyingKey::from_bytes(&b).is_ok();
                assert_eq!(
                    ours && dalek,
                    rfc8032_decodes(&b),
                    "{}",
                    crate::hex::encode(&b)
                );
                let jwk = PublicKey::Ed25519(match ed25519_dalek::VerifyingKey::from_bytes(&b) {
                    Ok(k) => k,
                    Err(_) => continue,
                })
                .to_jwk();
                assert_eq!(PublicKey::from_jwk(&jwk).is_ok(), ours);
                rejected_by_us_only += usize::from(!ours);
            }
        }
        // The check is not vacuous: dalek alone loads these.
        assert!(rejected_by_us_only >= 4, "{rejected_by_us_only}");
    }

    #[test]
    fn public_jwk_round_trips_and_rejects_bad_points() {
        let point = p256_points(1)[0];
        let key = PublicKey::P256(Box::new(point));
        assert_eq!(PublicKey::from_jwk(&key.to_jwk()).unwrap(), key);
        let ed = ed25519_dalek::SigningKey::from_bytes(&[9; 32]).verifying_key();
        let key = PublicKey::Ed25519(ed);
        assert_eq!(PublicKey::from_jwk(&key.to_jwk()).unwrap(), key);
        let mut bad = PublicKey::P256(Box::new(point)).to_jwk();
        bad.y = Some(B64.encode([0u8; 32]));
        assert_eq!(PublicKey::from_jwk(&bad), Err(FileError::Key));
        let mut mixed = key.to_jwk();
        mixed.kty = "EC".into();
        assert_eq!(PublicKey::from_jwk(&mixed), Err(FileError::Key));
    }
}
