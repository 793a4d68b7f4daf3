//! Signature encodings (R-FZ-11): the forms of [`SigForm`] applied to a
//! valid 64-byte signature. R-SIG-1 fixes the raw 64-byte form, R-SIG-3 the
//! strict Ed25519 checks; ES256 has no low-S rule, so both twins verify.

use super::plan::SigForm;
use uniqr::Alg;

/// The P-256 group order n, big-endian.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// The Ed25519 group order L, little-endian.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// The field prime p = 2^255 − 19, little-endian: y + p for y < 19 is a
/// non-canonical encoding of y.
const P: [u8; 32] = [
    0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
];

/// Re-encodes `sig` (the signer's valid signature) in `form`. A signature
/// that is not 64 bytes is left alone.
pub fn apply(form: SigForm, sig: &mut Vec<u8>, alg: Alg) {
    let Ok(raw) = <[u8; 64]>::try_from(sig.as_slice()) else {
        return;
    };
    let es = alg == Alg::Es256;
    let (first, second) = sig.split_at_mut(32);
    match form {
        SigForm::Der => *sig = der(&raw),
        SigForm::HighS | SigForm::LowS if es => {
            let twin = crate::forge::high_s(&raw);
            // Big-endian: byte order is numeric order.
            let high = raw[32..] > twin[32..];
            if high != (form == SigForm::HighS) {
                *sig = twin.to_vec();
            }
        }
        SigForm::HighS => crate::forge::add_l(second),
        SigForm::LowS => {}
        SigForm::RZero => first.fill(0),
        SigForm::SZero => second.fill(0),
        SigForm::RIsN => first.copy_from_slice(if es { &N } else { &P }),
        SigForm::SIsN | SigForm::SPlusL if es => second.copy_from_slice(&N),
        SigForm::SIsN => second.copy_from_slice(&L),
        SigForm::SMax => second.fill(0xff),
        SigForm::SPlusL => crate::forge::add_l(second),
        SigForm::RIdentity => {
            first.fill(0);
            first[0] = 1;
        }
        SigForm::ROrder2 => {
            // y = −1 = p − 1: the point (0, −1), of order 2.
            first.copy_from_slice(&P);
            first[0] -= 1;
        }
        SigForm::RAboveP(y) => {
            first.copy_from_slice(&P);
            first[0] = first[0].wrapping_add(y % 19);
        }
    }
}

/// `SEQUENCE { INTEGER first half, INTEGER second half }` in DER, each half
/// read as a big-endian unsigned integer.
fn der(raw: &[u8; 64]) -> Vec<u8> {
    let int = |b: &[u8]| {
        let skip = b.iter().take_while(|&&x| x == 0).count().min(b.len() - 1);
        let mut v = b[skip..].to_vec();
        if v[0] & 0x80 != 0 {
            v.insert(0, 0);
        }
        let mut out = vec![0x02, v.len() as u8];
        out.extend(v);
        out
    };
    let body = [int(&raw[..32]), int(&raw[32..])].concat();
    let mut out = vec![0x30, body.len() as u8];
    out.extend(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_is_a_sequence_of_two_integers() {
        let mut raw = [0x11u8; 64];
        raw[32] = 0x80;
        let d = der(&raw);
        assert_eq!(d.len(), 2 + 2 + 32 + 2 + 33);
        assert_eq!(&d[..4], &[0x30, 69, 0x02, 32]);
        assert_eq!(&d[36..39], &[0x02, 33, 0x00]);
        let mut zeros = [0u8; 64];
        zeros[63] = 1;
        assert_eq!(der(&zeros), vec![0x30, 6, 0x02, 1, 0, 0x02, 1, 1]);
    }

    #[test]
    fn the_twins_are_one_high_and_one_low() {
        let mut sig = vec![0x22u8; 64];
        apply(SigForm::HighS, &mut sig, Alg::Es256);
        let high = sig.clone();
        apply(SigForm::LowS, &mut sig, Alg::Es256);
        assert_ne!(high, sig);
        assert!(high[32..] > sig[32..]);
        let mut again = sig.clone();
        apply(SigForm::LowS, &mut again, Alg::Es256);
        assert_eq!(again, sig, "low-S of a low-S signature is itself");
    }
}
