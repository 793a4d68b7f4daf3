//! Fast signing for the fuzzer's test keys.
//!
//! An ES256 signature by `p256` (RFC 6979) costs about 170 µs here, mostly
//! the scalar multiplication k·G, and most fuzz cases need a fresh one: it
//! was a quarter of the fuzzer's time. Signing with one fixed nonce per key
//! computes k·G once; each signature is then `s = k⁻¹ (z + r·d) mod n`, a
//! microsecond. The signatures are valid ECDSA (the reference checks every
//! one it accepts) and deterministic, though not those of RFC 6979.
//!
//! A fixed nonce gives the private key away to anyone holding two
//! signatures. That is harmless only because these are the golden suite's
//! published test keys, private halves included (`vectors/keys/`); the
//! fuzzer signs with no other key. Never use this for a real key.

use p256::elliptic_curve::ops::Reduce;
use p256::elliptic_curve::point::AffineCoordinates;
use p256::elliptic_curve::{Field, PrimeField};
use p256::{ProjectivePoint, Scalar, U256};
use sha2::{Digest, Sha256};

use uniqr::key::SecretKey;

/// An ES256 key with its fixed nonce prepared.
#[derive(Clone, Debug)]
pub struct FixedNonce {
    d: Scalar,
    r: Scalar,
    k_inv: Scalar,
}

impl FixedNonce {
    /// Prepares a P-256 key (`None` for Ed25519, which signs fast anyway).
    pub fn new(key: &SecretKey) -> Option<FixedNonce> {
        let SecretKey::P256(k) = key else {
            return None;
        };
        let d: Scalar = *k.as_nonzero_scalar().as_ref();
        // The nonce: a hash of the key, so each key has its own.
        let mut h = Sha256::new();
        h.update(b"uniqr-fuzz-nonce");
        h.update(d.to_repr());
        let k = <Scalar as Reduce<U256>>::reduce_bytes(&h.finalize());
        let k_inv = Option::<Scalar>::from(k.invert())?;
        let x = (ProjectivePoint::GENERATOR * k).to_affine().x();
        let r = <Scalar as Reduce<U256>>::reduce_bytes(&x);
        (!bool::from(r.is_zero())).then_some(FixedNonce { d, r, k_inv })
    }

    /// The raw signature `r || s` over `msg` (SHA-256, as ES256).
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        let z = <Scalar as Reduce<U256>>::reduce_bytes(&Sha256::digest(msg));
        let s = self.k_inv * (z + self.r * self.d);
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.r.to_repr());
        out[32..].copy_from_slice(&s.to_repr());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uniqr::cose::Alg;

    #[test]
    fn signatures_verify_and_are_deterministic() {
        let key = SecretKey::from_seed(Alg::Es256, [7; 32]);
        let f = FixedNonce::new(&key).unwrap();
        for msg in [&b""[..], b"Sig_structure", &[0xff; 3000]] {
            let sig = f.sign(msg);
            key.public().verify(msg, &sig).unwrap();
            assert_eq!(sig, f.sign(msg));
        }
        let mut bad = f.sign(b"a");
        bad[40] ^= 1;
        assert!(key.public().verify(b"a", &bad).is_err());
        assert!(FixedNonce::new(&SecretKey::from_seed(Alg::EdDsa, [7; 32])).is_none());
    }
}
