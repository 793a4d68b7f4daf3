//! `uniqr keygen` and `uniqr trust build`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use uniqr::key::SecretKey;
use uniqr::trust::{TrustList, Usage};
use uniqr::{Alg, Signer};

use super::{Failure, emit, exit, parse_time, read_file, write_file};

/// Seconds in five years of 365 days (the default key window).
const FIVE_YEARS: i64 = 5 * 365 * 86_400;

#[derive(Clone, Copy, ValueEnum)]
pub enum AlgArg {
    /// ECDSA P-256 with SHA-256 (COSE -7).
    Es256,
    /// Ed25519 (COSE -8).
    Eddsa,
}

#[derive(Args)]
pub struct KeygenArgs {
    /// Signature algorithm.
    #[arg(long, value_enum)]
    alg: AlgArg,
    /// Issuing authority code (ISO 3166-1 alpha-2 or ISO 3166-2, e.g. VN-HN).
    #[arg(long)]
    issuer: String,
    /// Entry kinds the key may sign: comma-separated subset of id,v,t,r.
    #[arg(long, value_delimiter = ',', default_value = "id,v,t,r")]
    usage: Vec<String>,
    /// Start of the key's validity window for iat (RFC 3339; default: now).
    #[arg(long, value_parser = parse_time)]
    not_before: Option<i64>,
    /// End of the window, exclusive (RFC 3339; default: not-before + 5 years).
    #[arg(long, value_parser = parse_time)]
    not_after: Option<i64>,
    /// 64 hex digits of seed for a reproducible key (test keys only).
    #[arg(long)]
    seed: Option<String>,
    /// Where to write the private key file.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Subcommand)]
pub enum TrustCommand {
    /// Build a trust list from key files (public parts only).
    Build {
        /// Private key files.
        #[arg(required = true)]
        keys: Vec<PathBuf>,
        /// Where to write the trust list.
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn keygen(a: KeygenArgs) -> Result<u8, Failure> {
    let alg = match a.alg {
        AlgArg::Es256 => Alg::Es256,
        AlgArg::Eddsa => Alg::EdDsa,
    };
    let seed: [u8; 32] = match &a.seed {
        Some(h) => uniqr::hex::decode_array(h)
            .ok_or_else(|| Failure("--seed: expected 64 lowercase hex digits".into()))?,
        None => {
            let mut s = [0u8; 32];
            getrandom::getrandom(&mut s).map_err(|e| Failure(format!("randomness: {e}")))?;
            s
        }
    };
    let usage = Usage::from_names(&a.usage)
        .ok_or_else(|| Failure("--usage: a non-empty, non-repeating subset of id,v,t,r".into()))?;
    let not_before = a.not_before.unwrap_or_else(uniqr::timefmt::now);
    let not_after = a.not_after.unwrap_or(not_before.saturating_add(FIVE_YEARS));
    let signer = Signer::new(
        SecretKey::from_seed(alg, seed),
        &a.issuer,
        usage,
        not_before,
        not_after,
    )?;
    write_file(&a.out, &signer.to_json())?;
    emit(&uniqr::hex::encode(&signer.kid()))?;
    Ok(exit::OK)
}

pub fn trust(c: TrustCommand) -> Result<u8, Failure> {
    let TrustCommand::Build { keys, out } = c;
    let mut entries = Vec::new();
    for path in &keys {
        let signer = Signer::from_json(&read_file(path)?)
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        entries.push(signer.trusted().clone());
    }
    let list = TrustList::new(entries)?;
    write_file(&out, &list.to_json())?;
    Ok(exit::OK)
}
