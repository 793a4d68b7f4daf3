//! Trust: the trust list of issuer keys and the revocation list (R-TRUST-*,
//! R-REV-*). Both are JSON files with schemas in `spec/schema/`.

mod list;
mod revocation;

pub use list::{KeyEntry, TrustList, TrustedKey, Usage};
pub use revocation::Revocations;
