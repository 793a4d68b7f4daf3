//! Built-in demo keys and a sample payload, for the README's first command
//! and for documentation. The keys are derived from public seeds: **test
//! only, never trust them in production**.

use crate::claims::Claims;
use crate::cose::Alg;
use crate::error::Error;
use crate::key::SecretKey;
use crate::payload::Payload;
use crate::signer::Signer;
use crate::trust::{TrustList, Usage};

/// Demo issuance time: 2026-01-01T00:00:00Z.
pub const IAT: i64 = 1_767_225_600;
/// Demo expiry: 2027-01-01T00:00:00Z.
pub const EXP: i64 = 1_798_761_600;
/// A verification time inside the demo window: 2026-06-01T00:00:00Z.
pub const NOW: i64 = 1_780_272_000;
/// Demo key window start: 2025-01-01T00:00:00Z.
const NOT_BEFORE: i64 = 1_735_689_600;
/// Demo key window end: 2031-01-01T00:00:00Z.
const NOT_AFTER: i64 = 1_924_992_000;

/// The demo signer for `alg` (issuer `VN-HN`, every usage).
pub fn signer(alg: Alg) -> Signer {
    let seed = match alg {
        Alg::Es256 => *b"uniqr demo key ES256 - TEST ONLY",
        Alg::EdDsa => *b"uniqr demo key EdDSA - TEST ONLY",
    };
    let secret = SecretKey::from_seed(alg, seed);
    // Constant, valid metadata: this cannot fail.
    Signer::new(secret, "VN-HN", Usage::ALL, NOT_BEFORE, NOT_AFTER)
        .expect("demo key metadata is valid")
}

/// The trust list holding both demo keys.
pub fn trust_list() -> TrustList {
    let keys = [Alg::Es256, Alg::EdDsa]
        .map(|a| signer(a).trusted().clone())
        .to_vec();
    TrustList::new(keys).unwrap_or_default()
}

/// The sample payload: two vaccination doses, Vietnamese names.
pub fn sample_payload() -> Payload {
    let json = include_str!("../examples/payloads/vaccination-two-doses.json");
    // A bundled, tested file: this cannot fail.
    serde_json::from_str(json).expect("bundled example payload is valid")
}

/// The sample claims.
pub fn sample_claims() -> Claims {
    Claims {
        iss: "VN-HN".into(),
        iat: IAT,
        exp: EXP,
        cti: *b"uniqr-demo-cti-1",
    }
}

/// The sample code, signed with the demo ES256 key.
///
/// # Errors
/// None in practice; the sample is a valid payload.
pub fn sample_text() -> Result<String, Error> {
    crate::encode(&sample_payload(), &signer(Alg::Es256), &sample_claims())
}
