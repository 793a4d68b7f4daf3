//! Generates plans: a valid sample across the whole schema (built with
//! `arbitrary`), then one layer and one to three edits at it (R-FZ-2).
//! Case `i` of seed `s` depends on nothing else, so runs are reproducible
//! at any `--jobs` (R-FZ-7).

use std::cell::RefCell;

use arbitrary::Unstructured;
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use super::fields::{EDITS, SHRINKS};
use super::plan::{Edit, Layer, Plan};
use super::world::{KeyId, World};
use crate::vectors::Op;
use uniqr::claims::{Claims, MAX_TIME};
use uniqr::internal::fuzzing::arbitrary_payload;
use uniqr::limits::MAX_TEXT_LEN;
use uniqr::payload::Payload;

/// A seeded random stream for one case.
pub struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream of case `index` under `seed`.
    pub fn new(seed: u64, index: u64) -> Rng {
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        r.set_stream(index);
        Rng(r)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.0.next_u64() % n }
    }

    /// One of `xs`, a non-empty constant table.
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }

    /// One of `xs` by weight.
    fn weighted<T: Copy>(&mut self, xs: &[(T, u64)]) -> T {
        let total: u64 = xs.iter().map(|(_, w)| w).sum();
        let mut r = self.below(total);
        for (x, w) in xs {
            if r < *w {
                return *x;
            }
            r -= w;
        }
        xs[0].0
    }

    fn pos(&mut self) -> u32 {
        self.0.next_u32()
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut b = vec![0; n];
        self.0.fill_bytes(&mut b);
        b
    }
}

/// Demo key window: 2025-01-01 to 2031-01-01 (the valid keys' window).
const WINDOW: (i64, i64) = (1_735_689_600, 1_924_992_000);

/// Consecutive cases share one sample in groups of this size, so the
/// costly steps (building the payload, signing, compressing) are shared by
/// the edits that do not touch them (see [`super::build::Memo`]).
pub const GROUP: u64 = 16;

/// The shared part of a group's cases.
#[derive(Clone)]
struct Sample {
    payload: Payload,
    claims: Claims,
    key: KeyId,
    now: i64,
    level: u8,
}

thread_local! {
    /// The last sample built on this thread, by (seed, group).
    static LAST: RefCell<Option<((u64, u64), Sample)>> = const { RefCell::new(None) };
}

/// The sample of group `group`: its own random stream, apart from the
/// cases' streams (which are below 2^63).
fn sample(w: &World, seed: u64, group: u64) -> Sample {
    if let Some(s) = LAST.with(|l| {
        l.borrow()
            .as_ref()
            .filter(|(k, _)| *k == (seed, group))
            .map(|(_, s)| s.clone())
    }) {
        return s;
    }
    let mut r = Rng::new(seed, group | 1 << 63);
    let key = r.weighted(&[(KeyId::Es, 9), (KeyId::Ed, 9), (KeyId::EsSg, 2)]);
    // Payload sizes from tiny to the limits: `arbitrary` takes minimal
    // choices once the bytes run out.
    let size = r.weighted(&[(40, 3), (120, 3), (400, 3), (1500, 2), (4000, 1)]);
    let data = r.bytes(size);
    let mut payload = arbitrary_payload(&mut Unstructured::new(&data)).unwrap_or_else(|_| {
        // Only running out of bytes fails, and then it returns minimal
        // values instead; keep a fixed fallback all the same.
        uniqr::demo::sample_payload()
    });
    let iat = WINDOW.0 + r.below((WINDOW.1 - WINDOW.0) as u64) as i64;
    let span = r.pick(&[1, 3600, 86_400 * 30, 86_400 * 365, i64::MAX]);
    let exp = iat + 1 + (r.below(span.min(MAX_TIME - iat - 1) as u64) as i64);
    let now = iat + r.below((exp - iat) as u64) as i64;
    let mut cti = [0u8; 16];
    cti.copy_from_slice(&r.bytes(16));
    let claims = Claims {
        iss: w.signer(key).issuer().to_owned(),
        iat,
        exp,
        cti,
    };
    // Encoders use any zlib level (only the inflated bytes are normative,
    // R-ENC-2); level 1 is also four times faster to build than 9.
    let level = r.weighted(&[(1, 5), (6, 2), (9, 3)]);
    // A valid sample must be a valid code: within the text limit (R-LIM-1),
    // with room for the few bytes an edit adds.
    let mut shrinks = SHRINKS.iter();
    while text_len(w, &payload, &claims, key, level) > MAX_TEXT_LEN - HEADROOM {
        let Some(shrink) = shrinks.next() else { break };
        while shrink(&mut payload)
            && text_len(w, &payload, &claims, key, level) > MAX_TEXT_LEN - HEADROOM
        {}
    }
    let s = Sample {
        payload,
        claims,
        key,
        now,
        level,
    };
    LAST.with(|l| *l.borrow_mut() = Some(((seed, group), s.clone())));
    s
}

/// Bytes of text a valid sample leaves free under the limit.
const HEADROOM: usize = 100;

/// The length of the sample's QR text, signature aside (it is always 64
/// bytes that do not compress, so 64 such bytes stand in for it).
fn text_len(w: &World, payload: &Payload, claims: &Claims, key: KeyId, level: u8) -> usize {
    let body = crate::forge::claims_bytes(claims, payload);
    // Deflate never expands much: small bodies fit without compressing.
    if (body.len() + 200) * 3 / 2 < MAX_TEXT_LEN - HEADROOM {
        return 0;
    }
    let protected = crate::forge::protected(w.signer(key));
    let noise: Vec<u8> = (0..64u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let cose = crate::forge::sign1(&protected, &[0xa0], &body, &noise);
    let z = crate::forge::zlib_level(&cose, level.into());
    uniqr::prefix::PREFIX.len() + z.len() / 2 * 3 + z.len() % 2 * 2
}

/// The plan of case `index` under `seed`, for one of `ops`.
pub fn plan(w: &World, seed: u64, index: u64, ops: &[Op]) -> Plan {
    let s = sample(w, seed, index / GROUP);
    let mut r = Rng::new(seed, index);
    let ops = if ops.is_empty() {
        &[Op::Verify][..]
    } else {
        ops
    };
    let op = r.weighted(&ops.iter().map(|&o| (o, op_weight(o))).collect::<Vec<_>>());
    let layer = r.weighted(layers(op));
    let n = match layer {
        Layer::Valid => 0,
        _ => r.weighted(&[(1, 14), (2, 4), (3, 2)]),
    };
    let edits = (0..n).map(|_| edit(w, op, layer, &mut r)).collect();
    Plan {
        op,
        payload: s.payload,
        claims: s.claims,
        key: s.key,
        now: s.now,
        level: s.level,
        layer,
        edits,
    }
}

fn op_weight(op: Op) -> u64 {
    match op {
        // Verification is the surface that decides; an encode case costs
        // two signatures (reference and vendor), so it comes less often.
        Op::Verify => 16,
        Op::Decode => 2,
        Op::Encode => 1,
        Op::ScanVerify => 0,
    }
}

/// The layers an operation's cases are mutated at, by weight.
fn layers(op: Op) -> &'static [(Layer, u64)] {
    match op {
        Op::Encode => &[
            (Layer::Valid, 4),
            (Layer::Payload, 6),
            (Layer::Claims, 3),
            (Layer::Trust, 2),
            (Layer::Key, 1),
        ],
        Op::Decode => &[
            (Layer::Valid, 4),
            (Layer::Text, 3),
            (Layer::Base45, 3),
            (Layer::Zlib, 3),
            (Layer::Cbor, 4),
            (Layer::Cose, 5),
            (Layer::Claims, 4),
            (Layer::Payload, 5),
        ],
        Op::Verify | Op::ScanVerify => &[
            (Layer::Valid, 10),
            (Layer::Text, 6),
            (Layer::Base45, 6),
            (Layer::Zlib, 7),
            (Layer::Cbor, 8),
            (Layer::Cose, 12),
            (Layer::Signature, 8),
            (Layer::Claims, 10),
            (Layer::Payload, 12),
            (Layer::Time, 9),
            (Layer::Trust, 8),
            (Layer::Revocation, 6),
        ],
    }
}

const B45_CHARS: [char; 10] = ['a', 'z', '#', '~', '_', 'é', 'A', '0', ' ', ':'];
const OTHER_KEYS: [KeyId; 6] = [
    KeyId::EsSg,
    KeyId::EdTests,
    KeyId::EsOld,
    KeyId::EsLate,
    KeyId::EsStranger,
    KeyId::EdStranger,
];

/// One edit at `layer`.
fn edit(w: &World, op: Op, layer: Layer, r: &mut Rng) -> Edit {
    match layer {
        Layer::Valid => Edit::NowIat(0),
        Layer::Text => match r.below(7) {
            0 => Edit::Prefix(r.pick(&[
                "uq1:", "UQ1 ", "UQ2:", "UQ0:", "UQ1;", "HC1:", "UQ11", "UQ:1",
            ])),
            // Trailing line endings are the classic defect: keyboard-wedge
            // scanners and copy-paste add them.
            1..=3 => Edit::Append(r.pick(&["\r\n", "\r\n", "\r\n", "\n", " ", "\t", "0", "="])),
            4 => Edit::Prepend(r.pick(&[" ", "\u{feff}", "UQ1:"])),
            5 => Edit::Truncate(r.below(1000) as u16),
            _ => Edit::OverLength,
        },
        Layer::Base45 => match r.below(4) {
            0 => Edit::B45Set(r.pos(), r.pick(&B45_CHARS)),
            1 => Edit::B45Delete(r.pos()),
            2 => Edit::B45Insert(r.pos(), r.pick(&B45_CHARS)),
            _ => Edit::B45Triplet(r.pos(), r.pick(&["GGW", ":::", "ZZZ", "FGW", "00"])),
        },
        Layer::Zlib => match r.below(8) {
            0 => Edit::ZFlip(r.pos(), r.below(8) as u8),
            1 => Edit::ZTruncate(r.below(1000) as u16),
            2 => Edit::ZAppend(r.pick(&[&[0u8][..], &[0, 0, 0, 0], &[0x78, 0xda]])),
            3 => Edit::ZLevel(r.below(10) as u8),
            4 => Edit::ZRaw,
            5 => Edit::ZGzip,
            6 => Edit::ZDict,
            _ => Edit::ZBomb,
        },
        Layer::Cbor => match r.below(5) {
            0 => Edit::Widen(r.below(5) as u8),
            1 => Edit::Indefinite(r.below(5) as u8),
            2 => Edit::Trailing(r.pick(&[0x00, 0xff, 0xf6, 0x40])),
            3 => Edit::CFlip(r.pos(), r.below(8) as u8),
            _ => Edit::TagWiden,
        },
        Layer::Cose => match r.below(13) {
            0 => Edit::Tags(r.pick(&[
                &[][..],
                &[0xd2, 0xd2],
                &[0xd8, 0x62],
                &[0xd1],
                &[0xd9, 0xd9, 0xf7, 0xd2],
            ])),
            1 => Edit::DropElem(1 + r.below(4) as u8),
            2 => Edit::ExtraElem,
            3 => Edit::ElemAs(
                1 + r.below(4) as u8,
                r.pick(&[&[0xa0u8][..], &[0x40], &[0x60], &[0xf6], &[0x80]]),
            ),
            4 => Edit::Alg(r.pick(&[
                &[0x26u8][..],
                &[0x27],
                &[0x38, 0x22],
                &[0x39, 0x01, 0x00],
                b"\x65ES256",
            ])),
            5 => Edit::KidLen(r.pick(&[0, 7, 9, 16])),
            6 => Edit::KidText,
            7 => Edit::KidOf(r.pick(&OTHER_KEYS)),
            8 => Edit::ProtectedEmpty,
            9 => Edit::ProtectedEmptyMap,
            10 => {
                let (k, v) = r.pick(&[(&[0x03u8][..], &[0x00u8][..]), (&[0x21], &[0x40])]);
                Edit::ProtectedLabel(k, v)
            }
            11 => Edit::UnprotectedKid,
            _ => match r.below(2) {
                0 => Edit::UnprotectedLabel(&[0x01], &[0x26]),
                _ => Edit::ProtectedReversed,
            },
        },
        Layer::Signature => match r.below(5) {
            0 => Edit::SFlip(r.below(64) as u8, r.below(8) as u8),
            1 => Edit::SLen(r.pick(&[0, 32, 63, 65, 128])),
            2 => Edit::SZero,
            3 => Edit::SHighS,
            _ => Edit::SOtherKey(r.pick(&[KeyId::Es, KeyId::Ed, KeyId::EsStranger])),
        },
        Layer::Claims => claims_edit(op, r),
        Layer::Payload => match r.below(12) {
            0 if op != Op::Encode => Edit::PayloadReversed,
            _ => Edit::Field(r.below(EDITS.len() as u64) as u8),
        },
        Layer::Time => match r.below(4) {
            0 => Edit::NowIat(r.pick(&[-1, 0, -86_400, -1_000_000_000])),
            1 => Edit::NowExp(r.pick(&[-1, 0, 1, 86_400])),
            2 => Edit::IatAt(r.pick(&[WINDOW.0 - 1, WINDOW.0, WINDOW.1 - 1, WINDOW.1])),
            _ => Edit::ExpAfterIat(1),
        },
        Layer::Trust => match r.below(if op == Op::Encode { 1 } else { 4 }) {
            0 => Edit::SignWith(r.pick(&OTHER_KEYS)),
            1 => Edit::BadTrust(r.below(w.bad_trust.len() as u64) as u8),
            2 => Edit::TrustEs256,
            _ => Edit::KidOf(r.pick(&OTHER_KEYS)),
        },
        Layer::Revocation => match r.below(4) {
            0 | 1 => Edit::Revoke(r.below(4) as u8),
            2 => Edit::RevokedList,
            _ => Edit::BadRevoked(r.below(w.bad_revoked.len() as u64) as u8),
        },
        Layer::Key => Edit::BadKeyFile,
    }
}

fn claims_edit(op: Op, r: &mut Rng) -> Edit {
    let iss = ["VN-SG", "vn-hn", "", "VN-HN ", "VN-HNX", "XX", "VN"];
    let choices = if op == Op::Encode { 4 } else { 8 };
    match r.below(choices) {
        0 => Edit::Iss(r.pick(&iss)),
        1 => Edit::ExpAfterIat(r.pick(&[0, -1, 1])),
        2 => Edit::CtiLen(r.pick(&[0, 8, 15, 17, 32])),
        3 => Edit::ClaimDrop(r.below(if op == Op::Encode { 4 } else { 5 }) as u8),
        4 => {
            let (k, v) = r.pick(&[
                (&[0x02u8][..], &b"\x61x"[..]),
                (&[0x05], &[0x00]),
                (&[0x08], &[0xa0]),
                (&[0x3a, 0x00, 0x01, 0x00, 0x01], &[0x00]),
            ]);
            Edit::ClaimExtra(k, v)
        }
        5 => Edit::ClaimValue(
            r.below(5) as u8,
            r.pick(&[
                &[0x60u8][..],
                &[0x40],
                &[0x20],
                &[0xf6],
                &[0xf9, 0x3c, 0x00],
            ]),
        ),
        6 => Edit::ClaimSwap(r.below(4) as u8),
        _ => Edit::ClaimWiden(r.below(5) as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_depend_only_on_seed_and_index() {
        let w = World::new().unwrap();
        let ops = [Op::Verify, Op::Decode, Op::Encode];
        for i in [0, 1, 77, 1 << 40] {
            assert_eq!(plan(&w, 9, i, &ops), plan(&w, 9, i, &ops));
        }
        assert_ne!(plan(&w, 9, 1, &ops), plan(&w, 10, 1, &ops));
    }

    #[test]
    fn samples_are_valid_and_inside_the_key_window() {
        let w = World::new().unwrap();
        for i in 0..200 {
            let p = plan(&w, 1, i, &[Op::Verify]);
            assert_eq!(p.payload.validate(), Ok(()), "case {i}");
            assert_eq!(p.claims.validate(), Ok(()), "case {i}");
            assert!((p.claims.iat..p.claims.exp).contains(&p.now), "case {i}");
            assert!((WINDOW.0..WINDOW.1).contains(&p.claims.iat), "case {i}");
            assert_eq!(p.layer == Layer::Valid, p.edits.is_empty(), "case {i}");
        }
    }

    #[test]
    fn valid_plans_build_into_codes_that_verify() {
        let w = World::new().unwrap();
        let file = |p: &str| {
            std::str::from_utf8(w.suite.file(p).unwrap())
                .unwrap()
                .to_owned()
        };
        let trust = uniqr::TrustList::from_json(&file(crate::fuzz::world::TRUST)).unwrap();
        let mut memo = crate::fuzz::build::Memo::default();
        let mut checked = 0;
        for i in 0..2000 {
            let p = plan(&w, 3, i, &[Op::Verify]);
            if p.layer != Layer::Valid {
                continue;
            }
            let case = crate::fuzz::build::build(&w, &p, "x", &mut memo);
            let text = case.input.text.unwrap();
            assert!(
                text.len() <= MAX_TEXT_LEN - HEADROOM,
                "case {i}: {} bytes, estimated {}, level {}, payload {:?}",
                text.len(),
                text_len(&w, &p.payload, &p.claims, p.key, p.level),
                p.level,
                p.payload
            );
            let v = uniqr::verify(&text, &trust, &uniqr::Revocations::none(), p.now);
            assert_eq!(v.map(|v| v.payload), Ok(p.payload), "case {i}");
            checked += 1;
        }
        assert!(checked > 100, "only {checked} valid plans");
    }
}
