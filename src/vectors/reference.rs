//! The reference codec's answers to cases, through the same requests a
//! vendor receives (inline contexts).

use super::{Case, Response, Suite};
use crate::harness::shim::Shim;
use crate::harness::{ContextRef, request_for};

/// The reference codec's answer to a case.
pub fn answer(case: &Case, suite: &Suite, shim: &mut Shim) -> Response {
    shim.handle(&request_for(case, suite, 0, ContextRef::Inline))
        .response
}
