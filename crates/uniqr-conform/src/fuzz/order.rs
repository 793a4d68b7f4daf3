//! Adjacent check-order pairs (R-FZ-13): one case with a defect for step k
//! of R-ORD-1 and one for step k + 1, so a verifier that runs the two
//! checks the other way round reports the wrong code. Step 0 stands for
//! loading the lists (the trust list before the revocation list).

use super::plan::Edit;
use super::world::KeyId;
use uniqr::Alg;
use uniqr::payload::EntryKind;
use uniqr::payload::Payload;

/// The first step of each pair, 0 to 20. Step 19 (`NOT_YET_VALID`) has no
/// pair: a code cannot be both not yet valid and expired, as `exp` ≤ `iat`
/// already fails step 14.
pub const STEPS: [u8; 20] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20,
];

/// The registry code of the first step of each pair, the code the
/// reference must report (tests check it).
pub fn code(step: u8) -> &'static str {
    match step {
        0 => "TRUST_LIST_INVALID",
        1 => "TOO_LARGE",
        2 => "VERSION_UNSUPPORTED",
        3 => "BASE45_INVALID",
        4 => "DECOMPRESS_INVALID",
        5 => "CBOR_NONCANONICAL",
        6 | 7 => "COSE_INVALID",
        8 => "ALG_UNSUPPORTED",
        9 => "KID_INVALID",
        10 => "KEY_UNKNOWN",
        11 => "ALG_KEY_MISMATCH",
        12 => "SIGNATURE_INVALID",
        13 => "CBOR_NONCANONICAL",
        14 => "CLAIMS_INVALID",
        15 => "ISSUER_MISMATCH",
        16 => "PAYLOAD_INVALID",
        17 => "KEY_NOT_VALID",
        18 => "KEY_USAGE_DENIED",
        _ => "EXPIRED",
    }
}

/// Before the window of the sample keys (2025-01-01T00:00:00Z).
const BEFORE_WINDOW: i64 = 1_735_689_600 - 1;

/// The two defects of pair `step` for a sample signed by `key` with
/// `payload`; `None` when this sample cannot carry them. `pos` places the
/// Base45 edit and picks the revoked id.
pub fn pair(step: u8, key: KeyId, alg: Alg, payload: &Payload, pos: u32) -> Option<Vec<Edit>> {
    let other_alg: &'static [u8] = match alg {
        Alg::Es256 => &[0x27],
        Alg::EdDsa => &[0x26],
    };
    let unknown = match alg {
        Alg::Es256 => KeyId::EsStranger,
        Alg::EdDsa => KeyId::EdStranger,
    };
    let other_issuer = if key == KeyId::EsSg { "VN-HN" } else { "VN-SG" };
    // The test-only key allows `t` entries only: its defect needs another.
    let needs_more_than_t = payload.required_usage().iter().any(|k| *k != EntryKind::T);
    Some(match step {
        0 => vec![Edit::TrustFile(0), Edit::RevocationFile(0)],
        1 => vec![Edit::Prefix("HC1:"), Edit::OverLength],
        2 => vec![Edit::Version("UQ2:"), Edit::B45Set(pos, '#')],
        3 => vec![Edit::B45Set(pos, '#'), Edit::ZTruncate(500)],
        4 => vec![Edit::ZTruncate(999), Edit::Trailing(0x00)],
        5 => vec![Edit::Widen(0), Edit::Tags(&[])],
        6 => vec![Edit::Tags(&[0xd1]), Edit::ExtraElem],
        7 => vec![
            // Label -2 sorts after 1 and 4: canonical, but not allowed.
            Edit::ProtectedLabel(&[0x21], &[0x40]),
            Edit::Alg(&[0x38, 0x22]),
        ],
        8 => vec![Edit::Alg(&[0x38, 0x22]), Edit::KidLen(7)],
        9 => vec![Edit::SignWith(unknown), Edit::KidLen(9)],
        10 => vec![Edit::KidOf(unknown), Edit::Alg(other_alg)],
        11 => vec![Edit::Alg(other_alg), Edit::SZero],
        12 => vec![Edit::SZero, Edit::ClaimWiden(0)],
        13 => vec![Edit::ClaimWiden(1), Edit::CtiLen(8)],
        14 => vec![Edit::CtiLen(8), Edit::Iss(other_issuer)],
        15 => vec![Edit::Iss(other_issuer), Edit::Field(1)],
        16 => vec![Edit::Field(1), Edit::IatAt(BEFORE_WINDOW)],
        // The test-only key is VN-HN's: a VN-SG sample takes its issuer.
        17 | 18 if needs_more_than_t => {
            let mut e = match step {
                17 => vec![Edit::IatAt(BEFORE_WINDOW), Edit::SignWith(KeyId::EdTests)],
                _ => vec![Edit::SignWith(KeyId::EdTests), Edit::NowIat(-1)],
            };
            if key == KeyId::EsSg {
                e.push(Edit::Iss("VN-HN"));
            }
            e
        }
        20 => vec![Edit::NowExp(0), Edit::Revoke((pos % 4) as u8)],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzz::build::{Memo, build};
    use crate::fuzz::mutate::plan;
    use crate::fuzz::plan::Layer;
    use crate::fuzz::world::World;
    use crate::harness::shim::Shim;
    use crate::vectors::Op;

    #[test]
    fn the_reference_reports_the_first_defect_of_every_pair() {
        let w = World::new().unwrap();
        let mut memo = Memo::default();
        let mut shim = Shim::default();
        for key in [KeyId::Es, KeyId::Ed, KeyId::EsSg] {
            // A valid sample with a vaccination entry (usage beyond `t`).
            let mut p = plan(&w, 5, 0, &[Op::Verify]);
            p.payload = uniqr::demo::sample_payload();
            p.key = key;
            p.claims.iss = w.signer(key).issuer().to_owned();
            p.layer = Layer::CheckOrder;
            let alg = w.signer(key).alg();
            for step in STEPS {
                p.edits = pair(step, key, alg, &p.payload, 7).unwrap();
                let case = build(&w, &p, "pair", &mut memo);
                let a = crate::harness::answer(&case, &w.suite, &mut shim);
                let b = crate::harness::answer(&case, &w.suite, &mut shim);
                assert_eq!(a, b, "step {step} {key:?}: not deterministic");
                assert_eq!(
                    a.error.as_deref(),
                    Some(code(step)),
                    "step {step} {key:?}: {:?}",
                    p.edits
                );
                // Each defect alone is a defect too: the pair has two.
                for e in pair(step, key, alg, &p.payload, 7).unwrap() {
                    p.edits = vec![e];
                    let one = build(&w, &p, "one", &mut memo);
                    let r = crate::harness::answer(&one, &w.suite, &mut shim);
                    assert_eq!(
                        r.ok,
                        Some(false),
                        "step {step} {key:?}: {e:?} alone is valid"
                    );
                }
            }
        }
    }

    #[test]
    fn step_19_has_no_pair() {
        let p = uniqr::demo::sample_payload();
        assert!(!STEPS.contains(&19));
        assert!(pair(19, KeyId::Es, Alg::Es256, &p, 0).is_none());
    }
}
