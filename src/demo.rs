//! Built-in demo keys and a sample payload, for the README's first command
//! and for documentation (feature `encode`). The keys are derived from public
//! seeds: **test only, never trust them in production**.
//!
//! The sample is the worked example of the spec (§"Encoding"): issued at
//! [`IAT`], expiring at [`EXP`], valid at [`NOW`].
//!
//! ```
//! use uniqr::{Revocations, demo};
//!
//! let text = demo::sample_text()?;
//! assert_eq!(text.len(), 588);
//! let ok = uniqr::verify(&text, &demo::trust_list(), &Revocations::none(), demo::NOW)?;
//! assert_eq!((ok.payload, ok.claims), (demo::sample_payload(), demo::sample_claims()));
//! # Ok::<(), uniqr::Error>(())
//! ```

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

/// The demo signer for `alg` (issuer `VN-HN`, every usage, issuing from
/// 2025-01-01 to 2031-01-01).
///
/// ```
/// use uniqr::{Alg, demo};
///
/// let signer = demo::signer(Alg::Es256);
/// assert_eq!(uniqr::hex::encode(&signer.kid()), "4a4936ea8356c39c");
/// assert_eq!(signer.issuer(), "VN-HN");
/// ```
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
///
/// ```
/// use uniqr::{Alg, demo};
///
/// let trust = demo::trust_list();
/// assert_eq!(trust.keys().len(), 2);
/// assert!(trust.find(&demo::signer(Alg::EdDsa).kid()).is_some());
/// ```
pub fn trust_list() -> TrustList {
    let keys = [Alg::Es256, Alg::EdDsa]
        .map(|a| signer(a).trusted().clone())
        .to_vec();
    TrustList::new(keys).unwrap_or_default()
}

/// The sample payload: two vaccination doses, Vietnamese names
/// (`examples/payloads/vaccination-two-doses.json`).
///
/// ```
/// let p = uniqr::demo::sample_payload();
/// assert_eq!((p.pid.as_str(), p.nam.gn.as_deref()), ("VN-079-0001", Some("Văn An")));
/// assert_eq!(p.v.map(|v| v.len()), Some(2));
/// ```
pub fn sample_payload() -> Payload {
    let json = include_str!("../examples/payloads/vaccination-two-doses.json");
    // A bundled, tested file: this cannot fail.
    serde_json::from_str(json).expect("bundled example payload is valid")
}

/// The sample claims: issuer `VN-HN`, [`IAT`], [`EXP`], `cti`
/// `uniqr-demo-cti-1`.
///
/// ```
/// let c = uniqr::demo::sample_claims();
/// assert_eq!((c.iss.as_str(), c.iat, c.exp), ("VN-HN", uniqr::demo::IAT, uniqr::demo::EXP));
/// assert_eq!(&c.cti, b"uniqr-demo-cti-1");
/// ```
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
/// ```
/// let text = uniqr::demo::sample_text()?;
/// assert!(text.starts_with("UQ1:NCFOXN%TSMAHN-H%XORZQ5"));
/// # Ok::<(), uniqr::Error>(())
/// ```
///
/// # Errors
/// None in practice (the sample is valid); the codes of
/// [`encode`](crate::encode) in principle.
pub fn sample_text() -> Result<String, Error> {
    crate::encode(&sample_payload(), &signer(Alg::Es256), &sample_claims())
}
