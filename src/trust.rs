//! Trust: the trust list of issuer keys and the revocation list (R-TRUST-1
//! to R-TRUST-9, R-REV-1, R-REV-2). Both are JSON files with schemas in `spec/schema/`; an app
//! loads them with [`TrustList::from_json`] and [`Revocations::from_json`]
//! and passes them to [`verify`](crate::verify).

mod list;
mod revocation;

pub use list::{KeyEntry, TrustList, TrustedKey, Usage};
pub use revocation::Revocations;
