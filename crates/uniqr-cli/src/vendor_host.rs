//! `uniqr vendor-host LIB` (hidden): the host process of
//! `conform --vendor-lib`. It loads the library and serves the NDJSON
//! protocol on stdin/stdout by forwarding each request line to
//! `uniqr_vendor_call` (`spec/vendor-abi.md`). A crash in the library ends
//! only this process; the runner reports it and starts a new one.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, exit};

#[derive(Args)]
pub struct VendorHostArgs {
    /// The vendor library.
    lib: PathBuf,
}

pub fn run(a: VendorHostArgs) -> Result<u8, Failure> {
    let stdin = std::io::stdin();
    uniqr_conform::runner::vendor_lib::serve_host(&a.lib, &mut stdin.lock()).map_err(Failure)?;
    Ok(exit::OK)
}
