//! Just enough curve arithmetic to craft what no signing library makes: the
//! Ed25519 corner cases of R-SIG-3 (small-order and mixed-order points,
//! signatures with a chosen R) and the non-canonical key encodings of
//! R-KEY-2 on both curves. Vector generation only: variable time, slow.

use p256::elliptic_curve::bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use p256::elliptic_curve::bigint::{Encoding, NonZero, U256, U512};
use sha2::{Digest, Sha512};

/// An element of a prime field (or of the scalars mod L).
type Fe = DynResidue<{ U256::LIMBS }>;
type Params = DynResidueParams<{ U256::LIMBS }>;

/// The Ed25519 field prime 2^255 − 19.
pub const P25519: U256 =
    U256::from_be_hex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
/// The Ed25519 group order L.
pub const L: U256 =
    U256::from_be_hex("1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed");
const FP: Params = DynResidueParams::new(&P25519);
const FL: Params = DynResidueParams::new(&L);
/// The curve constant d = −121665/121666.
const D: U256 =
    U256::from_be_hex("52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3");
/// A square root of −1 mod p.
const SQRT_M1: U256 =
    U256::from_be_hex("2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0");
/// The base point B, encoded (y = 4/5, x even).
const BASE: [u8; 32] = [
    0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
];
/// A point of order 8 (the torsion subgroup is cyclic of order 8).
const T8: [u8; 32] = [
    0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
    0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
];

fn fe(n: &U256) -> Fe {
    Fe::new(n, FP)
}

fn is_zero(x: &Fe) -> bool {
    x.retrieve() == U256::ZERO
}

/// A point of edwards25519 in extended coordinates (X:Y:Z:T), x = X/Z,
/// y = Y/Z, xy = T/Z.
#[derive(Clone, Copy, Debug)]
pub struct Point {
    x: Fe,
    y: Fe,
    z: Fe,
    t: Fe,
}

impl Point {
    /// The neutral element (0, 1).
    pub fn identity() -> Point {
        let (zero, one) = (Fe::zero(FP), Fe::one(FP));
        Point {
            x: zero,
            y: one,
            z: one,
            t: zero,
        }
    }

    /// The base point B.
    pub fn base() -> Point {
        Point::decode(&BASE).unwrap_or_else(Point::identity)
    }

    /// A point of order exactly 8.
    pub fn torsion8() -> Point {
        Point::decode(&T8).unwrap_or_else(Point::identity)
    }

    /// Strict RFC 8032 §5.1.3 decoding: `None` for y ≥ p, for no square
    /// root, and for x = 0 with the sign bit set.
    pub fn decode(bytes: &[u8; 32]) -> Option<Point> {
        let mut le = *bytes;
        let sign = le[31] >> 7;
        le[31] &= 0x7f;
        let y = U256::from_le_slice(&le);
        if y >= P25519 {
            return None;
        }
        let y = fe(&y);
        let one = Fe::one(FP);
        let (u, v) = (y.square() - one, fe(&D) * y.square() + one);
        let v3 = v.square() * v;
        let exp = P25519.wrapping_sub(&U256::from_u8(5)).shr_vartime(3);
        let mut x = u * v3 * (u * v3.square() * v).pow(&exp);
        let vx2 = v * x.square();
        if vx2 == -u {
            x *= fe(&SQRT_M1);
        } else if vx2 != u {
            return None;
        }
        let odd = x.retrieve().bit_vartime(0);
        if is_zero(&x) && sign == 1 {
            return None;
        }
        if odd != (sign == 1) {
            x = -x;
        }
        Some(Point {
            x,
            y,
            z: one,
            t: x * y,
        })
    }

    /// The canonical 32-byte encoding.
    pub fn encode(&self) -> [u8; 32] {
        let (zinv, _) = self.z.invert();
        let (x, y) = ((self.x * zinv).retrieve(), (self.y * zinv).retrieve());
        let mut out = y.to_le_bytes();
        if x.bit_vartime(0) {
            out[31] |= 0x80;
        }
        out
    }

    /// The unified addition of Hisil–Wong–Carter–Dawson (a = −1), complete
    /// on this curve, so it also doubles.
    pub fn add(&self, o: &Point) -> Point {
        let two_d = fe(&D) + fe(&D);
        let a = (self.y - self.x) * (o.y - o.x);
        let b = (self.y + self.x) * (o.y + o.x);
        let c = self.t * two_d * o.t;
        let d = (self.z + self.z) * o.z;
        let (e, f, g, h) = (b - a, d - c, d + c, b + a);
        Point {
            x: e * f,
            y: g * h,
            z: f * g,
            t: e * h,
        }
    }

    /// `[n]self`.
    pub fn mul(&self, n: &U256) -> Point {
        let mut acc = Point::identity();
        for i in (0..n.bits_vartime()).rev() {
            acc = acc.add(&acc);
            if n.bit_vartime(i) {
                acc = acc.add(self);
            }
        }
        acc
    }

    /// Whether two points are equal.
    pub fn same(&self, o: &Point) -> bool {
        self.encode() == o.encode()
    }
}

/// `n mod L` of a little-endian integer of up to 64 bytes.
pub fn reduce(le: &[u8]) -> U256 {
    let mut wide = [0u8; 64];
    wide[..le.len()].copy_from_slice(le);
    let mut l = [0u8; 64];
    l[..32].copy_from_slice(&L.to_le_bytes());
    let l: Option<NonZero<U512>> = NonZero::new(U512::from_le_slice(&l)).into();
    l.map_or(U256::ZERO, |l| {
        let r = U512::from_le_slice(&wide).rem(&l).to_le_bytes();
        U256::from_le_slice(&r[..32])
    })
}

/// An Ed25519 key pair from a 32-byte seed (RFC 8032 §5.1.5): the secret
/// scalar mod L and the public point.
pub struct Keypair {
    /// The clamped secret scalar, reduced mod L.
    pub a: U256,
    /// The public point A = [a]B.
    pub point: Point,
}

impl Keypair {
    /// Expands a seed as RFC 8032 does.
    pub fn from_seed(seed: &[u8; 32]) -> Keypair {
        let h = Sha512::digest(seed);
        let mut s = [0u8; 32];
        s.copy_from_slice(&h[..32]);
        s[0] &= 248;
        s[31] &= 127;
        s[31] |= 64;
        let a = reduce(&s);
        Keypair {
            a,
            point: Point::base().mul(&a),
        }
    }
}

/// The challenge k = SHA-512(R || A || M) mod L of RFC 8032 §5.1.7, over
/// the bytes as sent.
pub fn challenge(r: &[u8; 32], a: &[u8; 32], msg: &[u8]) -> U256 {
    let h = Sha512::new()
        .chain_update(r)
        .chain_update(a)
        .chain_update(msg)
        .finalize();
    reduce(&h)
}

/// `R || S` with S = r + k·a mod L, for any R bytes: with R = [r]B it is
/// an ordinary signature, with another R a crafted one.
pub fn sign_with(
    r_bytes: &[u8; 32],
    r: &U256,
    a: &U256,
    a_bytes: &[u8; 32],
    msg: &[u8],
) -> [u8; 64] {
    let k = challenge(r_bytes, a_bytes, msg);
    let s = (Fe::new(r, FL) + Fe::new(&k, FL) * Fe::new(a, FL)).retrieve();
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(r_bytes);
    out[32..].copy_from_slice(&s.to_le_bytes());
    out
}

/// A nonce scalar derived from a label (deterministic, not secret).
pub fn nonce(label: &str) -> U256 {
    reduce(&Sha512::digest(format!("uniqr-v1-vectors-nonce:{label}")))
}

/// The little-endian bytes of `P25519 + n` with the sign bit set or not:
/// a non-canonical encoding of y = n (for n < 19).
pub fn y_above_p(n: u8, sign: bool) -> [u8; 32] {
    let mut out = P25519.wrapping_add(&U256::from_u8(n)).to_le_bytes();
    if sign {
        out[31] |= 0x80;
    }
    out
}

/// The P-256 field prime.
const P256: U256 =
    U256::from_be_hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
const F256: Params = DynResidueParams::new(&P256);
/// The curve's `b` (`a` = −3).
const P256_B: U256 =
    U256::from_be_hex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");

fn f256(n: &U256) -> Fe {
    Fe::new(n, F256)
}

/// x³ − 3x + b.
fn p256_rhs(x: &Fe) -> Fe {
    x.square() * x - f256(&U256::from_u8(3)) * x + f256(&P256_B)
}

/// The first P-256 point (x, y) with x = 0, 1, 2, …: its x is small, so
/// `x + p` still fits in 32 bytes (a non-canonical x).
pub fn p256_point_small_x() -> Option<([u8; 32], [u8; 32])> {
    // p ≡ 3 mod 4: a square root is a power (p + 1)/4.
    let exp = P256.wrapping_add(&U256::ONE).shr_vartime(2);
    (0..64u8).find_map(|i| {
        let x = f256(&U256::from_u8(i));
        let rhs = p256_rhs(&x);
        let y = rhs.pow(&exp);
        (y.square() == rhs).then(|| (x.retrieve().to_be_bytes(), y.retrieve().to_be_bytes()))
    })
}

/// A polynomial over the P-256 field, lowest coefficient first.
type Poly = Vec<Fe>;

fn trim(mut a: Poly) -> Poly {
    while a.last().is_some_and(is_zero) {
        a.pop();
    }
    a
}

/// `a mod b`, b non-zero.
fn poly_rem(a: &Poly, b: &Poly) -> Poly {
    let mut r = trim(a.clone());
    let Some(lead) = b.last() else {
        return r;
    };
    let (inv, _) = lead.invert();
    while r.len() >= b.len() {
        let shift = r.len() - b.len();
        let q = r[r.len() - 1] * inv;
        for (i, c) in b.iter().enumerate() {
            r[shift + i] -= q * c;
        }
        r = trim(r);
    }
    r
}

/// The first P-256 point (x, y) with y = 1, 2, 3, …: its y is small, so
/// `y + p` still fits in 32 bytes (a non-canonical y). Solving
/// x³ − 3x + (b − y²) = 0: when that cubic has exactly one root,
/// gcd(f, X^p − X) is linear and gives it.
pub fn p256_point_small_y() -> Option<([u8; 32], [u8; 32])> {
    (1..64u8).find_map(|i| {
        let y = f256(&U256::from_u8(i));
        let c0 = f256(&P256_B) - y.square();
        let three = f256(&U256::from_u8(3));
        let zero = Fe::zero(F256);
        // Multiplication modulo f = X³ − 3X + c0, where X³ = 3X − c0.
        let mul = |a: &[Fe; 3], b: &[Fe; 3]| {
            let mut q = [zero; 5];
            for i in 0..3 {
                for j in 0..3 {
                    q[i + j] += a[i] * b[j];
                }
            }
            [
                q[0] - c0 * q[3],
                q[1] + three * q[3] - c0 * q[4],
                q[2] + three * q[4],
            ]
        };
        let one = Fe::one(F256);
        let xpoly = [zero, one, zero];
        let mut acc = [one, zero, zero];
        for bit in (0..P256.bits_vartime()).rev() {
            acc = mul(&acc, &acc);
            if P256.bit_vartime(bit) {
                acc = mul(&acc, &xpoly);
            }
        }
        let h: Poly = vec![acc[0], acc[1] - one, acc[2]];
        let f: Poly = vec![c0, -three, zero, one];
        let (mut a, mut b) = (f, trim(h));
        while !b.is_empty() {
            let r = poly_rem(&a, &b);
            a = b;
            b = r;
        }
        if a.len() != 2 {
            return None;
        }
        let (inv, _) = a[1].invert();
        let x = -(a[0] * inv);
        (p256_rhs(&x) == y.square())
            .then(|| (x.retrieve().to_be_bytes(), y.retrieve().to_be_bytes()))
    })
}

/// `n + p` for a big-endian P-256 coordinate below 2^256 − p.
pub fn p256_above_p(be: &[u8; 32]) -> [u8; 32] {
    U256::from_be_slice(be).wrapping_add(&P256).to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use uniqr::cose::Alg;
    use uniqr::key::SecretKey;

    #[test]
    fn keys_and_signatures_agree_with_the_reference() {
        for i in 0..4u8 {
            let seed = [i; 32];
            let ours = Keypair::from_seed(&seed);
            let secret = SecretKey::from_seed(Alg::EdDsa, seed);
            let bytes = ours.point.encode();
            let jwk = secret.public().to_jwk();
            let theirs = uniqr::key::PublicKey::from_jwk(&jwk).map(|k| k.to_jwk());
            assert_eq!(Ok(jwk), theirs);
            use base64::Engine;
            let x = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(secret.public().to_jwk().x)
                .unwrap();
            assert_eq!(bytes.to_vec(), x);
            // A signature with a chosen nonce verifies under the reference.
            let r = nonce("test");
            let rb = Point::base().mul(&r).encode();
            let sig = sign_with(&rb, &r, &ours.a, &bytes, b"m");
            assert!(secret.public().verify(b"m", &sig).is_ok());
        }
    }

    #[test]
    fn torsion_point_has_order_eight() {
        let t = Point::torsion8();
        let id = Point::identity();
        assert!(!t.mul(&U256::from_u8(4)).same(&id));
        assert!(t.mul(&U256::from_u8(8)).same(&id));
        assert!(Point::base().mul(&L).same(&id));
        // Decoding is strict: y ≥ p and x = 0 with the sign bit fail.
        assert!(Point::decode(&y_above_p(1, false)).is_none());
        let mut minus_identity = id.encode();
        minus_identity[31] |= 0x80;
        assert!(Point::decode(&minus_identity).is_none());
        assert_eq!(Point::decode(&BASE).map(|b| b.encode()), Some(BASE));
    }

    #[test]
    fn p256_points_with_small_coordinates_are_on_the_curve() {
        for (x, y) in [p256_point_small_x(), p256_point_small_y()]
            .into_iter()
            .flatten()
        {
            let pt = p256::EncodedPoint::from_affine_coordinates(&x.into(), &y.into(), false);
            assert!(p256::PublicKey::from_sec1_bytes(pt.as_bytes()).is_ok());
        }
        assert!(p256_point_small_x().is_some() && p256_point_small_y().is_some());
    }
}
