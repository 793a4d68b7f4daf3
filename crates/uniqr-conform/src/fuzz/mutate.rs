//! Generates plans: a valid sample across the whole schema (built with
//! `arbitrary`), then one layer and one to three edits at it (R-FZ-2).
//! Case `i` of seed `s` depends on nothing else, so runs are reproducible
//! at any `--jobs` (R-FZ-7).

use std::cell::RefCell;

use arbitrary::Unstructured;
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use super::fields::{EDITS, SHRINKS, TEXT_FIELDS, UNICODE};
use super::order;
use super::plan::{Edit, Layer, Plan, SigForm};
use super::qr::CLASSES;
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
    let edits = match layer {
        Layer::Valid => Vec::new(),
        // One image per case; a pair is its two defects (R-FZ-13, R-FZ-14).
        Layer::Qr => vec![Edit::Degrade(r.below(CLASSES.len() as u64) as u8, r.pos())],
        Layer::CheckOrder => order_pair(w, &s, &mut r),
        _ => {
            let n = r.weighted(&[(1, 14), (2, 4), (3, 2)]);
            (0..n).map(|_| edit(w, op, layer, &s, &mut r)).collect()
        }
    };
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
        Op::Verify => 160,
        Op::Decode => 20,
        Op::Encode => 10,
        // Drawing, degrading and scanning an image twice costs as much as
        // a hundred text cases (R-FZ-14).
        Op::ScanVerify => 1,
        // Rendering is judged on the golden suite only, never fuzzed.
        Op::Render => 0,
    }
}

/// The two defects of an adjacent check-order pair this sample can carry
/// (R-FZ-13).
fn order_pair(w: &World, s: &Sample, r: &mut Rng) -> Vec<Edit> {
    let alg = w.signer(s.key).alg();
    let pos = r.pos();
    let first = r.below(order::STEPS.len() as u64) as usize;
    // From the drawn step on, the first pair this sample can carry; step 0
    // always can, so the search ends.
    (0..order::STEPS.len())
        .map(|i| order::STEPS[(first + i) % order::STEPS.len()])
        .find_map(|step| order::pair(step, s.key, alg, &s.payload, pos))
        .unwrap_or_default()
}

/// The layers an operation's cases are mutated at, by weight.
fn layers(op: Op) -> &'static [(Layer, u64)] {
    match op {
        Op::Encode => &[
            (Layer::Valid, 4),
            (Layer::Payload, 6),
            (Layer::Unicode, 2),
            (Layer::Claims, 3),
            (Layer::Trust, 2),
            (Layer::Key, 1),
        ],
        Op::ScanVerify => &[(Layer::Qr, 1)],
        Op::Render => &[(Layer::Valid, 1)],
        Op::Decode => &[
            (Layer::Valid, 4),
            (Layer::Text, 3),
            (Layer::Base45, 3),
            (Layer::Zlib, 3),
            (Layer::Cbor, 4),
            (Layer::Cose, 5),
            (Layer::Claims, 4),
            (Layer::Payload, 5),
            (Layer::PrefixVersion, 2),
            (Layer::Unicode, 3),
        ],
        Op::Verify => &[
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
            (Layer::TrustFile, 4),
            (Layer::RevocationFile, 3),
            (Layer::PrefixVersion, 3),
            (Layer::SignatureEncoding, 5),
            (Layer::Unicode, 8),
            (Layer::CheckOrder, 6),
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

/// Prefix versions (R-PFX-1 to R-PFX-3): other versions, the right one
/// misspelt, and near misses of the `UQ`, digit, colon shape.
const VERSIONS: [&str; 14] = [
    "UQ2:",
    "UQ9:",
    "UQ0:",
    "UQA:",
    "UQz:",
    "UQ10:",
    "UQ01:",
    "uq1:",
    "Uq1:",
    "UQ1",
    "UQ:",
    "UQ1::",
    "UQ-:",
    "UQ\u{661}:",
];

/// Signature forms for ES256 and for EdDSA (R-FZ-11).
const ES_FORMS: [SigForm; 8] = [
    SigForm::Der,
    SigForm::HighS,
    SigForm::LowS,
    SigForm::RZero,
    SigForm::SZero,
    SigForm::RIsN,
    SigForm::SIsN,
    SigForm::SMax,
];
const ED_FORMS: [SigForm; 9] = [
    SigForm::Der,
    SigForm::SIsN,
    SigForm::SPlusL,
    SigForm::SMax,
    SigForm::RIdentity,
    SigForm::ROrder2,
    SigForm::RAboveP(1),
    SigForm::RAboveP(4),
    SigForm::RZero,
];

/// One edit at `layer`, for sample `s`.
fn edit(w: &World, op: Op, layer: Layer, s: &Sample, r: &mut Rng) -> Edit {
    match layer {
        Layer::Valid | Layer::Qr | Layer::CheckOrder => Edit::NowIat(0),
        Layer::TrustFile => Edit::TrustFile(r.below(w.trust_files.len() as u64) as u8),
        Layer::RevocationFile => {
            Edit::RevocationFile(r.below(w.revocation_files.len() as u64) as u8)
        }
        Layer::PrefixVersion => Edit::Version(r.pick(&VERSIONS)),
        Layer::SignatureEncoding => match r.below(5) {
            0 => Edit::SLen(r.pick(&[0, 63, 65, 70, 72])),
            _ if w.signer(s.key).alg() == uniqr::Alg::Es256 => Edit::SigForm(r.pick(&ES_FORMS)),
            _ => Edit::SigForm(r.pick(&ED_FORMS)),
        },
        Layer::Unicode => Edit::Unicode(
            r.below(TEXT_FIELDS.len() as u64) as u8,
            r.below(UNICODE.len() as u64) as u8,
        ),
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

    /// A reference answer to a built case, with its image if it has one.
    fn answer(w: &World, p: &Plan) -> crate::vectors::Response {
        let mut memo = crate::fuzz::build::Memo::default();
        let (case, file) = crate::fuzz::build::build_with_file(w, p, "x", &mut memo);
        let mut suite = w.suite.clone();
        if let Some((path, bytes)) = file {
            suite.put(path, bytes);
        }
        let mut shim = crate::harness::shim::Shim::default();
        crate::harness::answer(&case, &suite, &mut shim)
    }

    #[test]
    fn every_layer_is_reached_and_the_reference_answers_each_deterministically() {
        let w = World::new().unwrap();
        let ops = [Op::Verify, Op::Decode, Op::Encode, Op::ScanVerify];
        let mut first = std::collections::BTreeMap::new();
        for i in 0..1500 {
            let p = plan(&w, 1, i, &ops);
            first.entry(p.layer).or_insert(i);
        }
        for layer in Layer::ALL {
            assert!(
                first.contains_key(&layer),
                "no {} case in 1500",
                layer.name()
            );
        }
        let new = [
            Layer::TrustFile,
            Layer::RevocationFile,
            Layer::Qr,
            Layer::PrefixVersion,
            Layer::SignatureEncoding,
            Layer::Unicode,
            Layer::CheckOrder,
        ];
        for layer in new {
            let p = plan(&w, 1, first[&layer], &ops);
            assert!(!p.edits.is_empty(), "{}", layer.name());
            assert_eq!(answer(&w, &p), answer(&w, &p), "{}: {p:?}", layer.name());
        }
    }

    #[test]
    fn signature_encodings_are_valid_only_as_the_raw_twins() {
        let w = World::new().unwrap();
        let mut p = plan(&w, 2, 0, &[Op::Verify]);
        p.layer = Layer::SignatureEncoding;
        for key in [KeyId::Es, KeyId::Ed] {
            p.key = key;
            p.claims.iss = w.signer(key).issuer().to_owned();
            let forms: &[SigForm] = if key == KeyId::Es {
                &ES_FORMS
            } else {
                &ED_FORMS
            };
            for &f in forms {
                p.edits = vec![Edit::SigForm(f)];
                let r = answer(&w, &p);
                let valid = matches!(f, SigForm::HighS | SigForm::LowS);
                let code = (!valid).then_some("SIGNATURE_INVALID");
                assert_eq!(r.error.as_deref(), code, "{key:?} {f:?}");
            }
        }
    }

    #[test]
    fn unicode_classes_follow_the_text_rules() {
        let w = World::new().unwrap();
        let mut p = plan(&w, 2, 0, &[Op::Verify]);
        p.layer = Layer::Unicode;
        // Field 1 is `fn` (R-PAY-3), field 0 `pid` (R-PAY-2).
        let cases = [
            (1, "non-ASCII letters", true),
            (0, "non-ASCII letters", false),
            (1, "astral letters", true),
            (1, "NFD combining marks", false),
            (1, "combining mark without precomposed form", true),
            (1, "leading U+3000", false),
            (1, "trailing U+1680", false),
            (1, "inner U+3000", true),
            (1, "inner U+0085", false),
            (1, "leading U+200B", true),
            (1, "80 astral code points", true),
            (1, "81 astral code points", false),
            (1, "80 code points with combining marks", true),
            (1, "81 code points with combining marks", false),
        ];
        for (field, name, valid) in cases {
            let class = UNICODE.iter().position(|(n, _)| *n == name).unwrap();
            p.edits = vec![Edit::Unicode(field, class as u8)];
            let r = answer(&w, &p);
            // NFC is a rule of the CBOR form (R-CBOR-3), checked first.
            let code = match name {
                _ if valid => None,
                "NFD combining marks" => Some("CBOR_NONCANONICAL"),
                _ => Some("PAYLOAD_INVALID"),
            };
            assert_eq!(
                r.error.as_deref(),
                code,
                "{} {name}",
                TEXT_FIELDS[field as usize].0
            );
        }
    }

    #[test]
    fn prefix_versions_are_told_apart() {
        let w = World::new().unwrap();
        let mut p = plan(&w, 2, 0, &[Op::Verify]);
        p.layer = Layer::PrefixVersion;
        for v in VERSIONS {
            p.edits = vec![Edit::Version(v)];
            let r = answer(&w, &p);
            // R-PFX-2: `UQ`, one ASCII letter or digit, `:`.
            let b = v.as_bytes();
            let other =
                b.len() == 4 && v.starts_with("UQ") && b[2].is_ascii_alphanumeric() && b[3] == b':';
            let code = match v {
                _ if other => "VERSION_UNSUPPORTED",
                // The prefix is right; the extra `:` is a Base45 character.
                "UQ1::" => "BASE45_INVALID",
                _ => "PREFIX_INVALID",
            };
            assert_eq!(r.error.as_deref(), Some(code), "{v}");
        }
    }

    #[test]
    fn degraded_images_scan_as_their_class_says() {
        let w = World::new().unwrap();
        let mut p = plan(&w, 4, 0, &[Op::ScanVerify]);
        p.op = Op::ScanVerify;
        p.layer = Layer::Qr;
        for (i, class) in CLASSES.iter().enumerate() {
            p.edits = vec![Edit::Degrade(i as u8, 9)];
            let r = answer(&w, &p);
            let want = match *class {
                "byte-mode" | "split-segments" => Some("QR_MODE_INVALID"),
                "cropped" => Some("QR_UNREADABLE"),
                _ => None,
            };
            assert_eq!(r.error.as_deref(), want, "{class}");
        }
    }
}
