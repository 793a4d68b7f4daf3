//! Signs a conformance report as an attestation with a lab key made from a
//! seed, for the results-site checks (`tests/html/site.sh`) until the
//! `uniqr conform --attest` of the CLI is at hand.
//!
//! Usage: `attest_sign SEED_HEX REPORT.json OUT.intoto.json [PUBLIC_OUT.json]`
//! (SEED_HEX: 64 hex digits). The predicate is read from the report JSON;
//! the report file is the statement's subject. With PUBLIC_OUT, the lab's
//! public key file is written there too.

use std::path::Path;
use std::process::ExitCode;

use uniqr_conform::attest::{self, LabKey, Subject};
use uniqr_conform::output::write_atomic;
use uniqr_conform::publish::predicate_from_report;

fn run(args: &[String]) -> Result<(), String> {
    let [seed, report, out, rest @ ..] = args else {
        return Err(
            "usage: attest_sign SEED_HEX REPORT.json OUT.intoto.json [PUBLIC_OUT.json]".into(),
        );
    };
    let seed: [u8; 32] =
        uniqr::hex::decode_array(seed).ok_or("SEED_HEX: expected 64 hex digits")?;
    let key = LabKey::from_seed(seed);
    let text = std::fs::read_to_string(report).map_err(|e| format!("{report}: {e}"))?;
    let predicate = predicate_from_report(&text, &"00".repeat(32), &attest::host())
        .map_err(|e| format!("{report}: {e}"))?;
    let envelope = attest::sign(
        vec![Subject::of("report.json", text.as_bytes())],
        attest::CONFORMANCE,
        &predicate,
        &key,
    )?;
    write_atomic(Path::new(out), &envelope)?;
    if let Some(public) = rest.first() {
        write_atomic(Path::new(public), &key.public().to_json())?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("attest_sign: {e}");
            ExitCode::from(2)
        }
    }
}
