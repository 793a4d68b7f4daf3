//! `uniqr keygen` and `uniqr trust build`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use serde::Deserialize;
use uniqr::error::FileError;
use uniqr::key::SecretKey;
use uniqr::trust::{KeyEntry, TrustList, Usage};
use uniqr::{Alg, Signer};
use uniqr_conform::output::{self, Options};

use super::codec::{header_defect, load};
use super::{Defect, Failure, Format, Problem, emit, exit, parse_time, shape_defect, write_file};

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
#[command(after_help = "\
A code key signs codes; a lab key (--usage attest) signs attestations of test
results (spec/attestation.md), and neither can ever do the other's work.
  uniqr keygen --alg es256 --issuer VN-HN --out issuer.key.json
  uniqr keygen --usage attest --out lab.key.json   # also writes lab.pub.json")]
pub struct KeygenArgs {
    /// Signature algorithm (code keys; a lab key is always Ed25519).
    #[arg(long, value_enum)]
    alg: Option<AlgArg>,
    /// Issuing authority code (ISO 3166-1 alpha-2 or ISO 3166-2, e.g.
    /// VN-HN); required for a code key.
    #[arg(long)]
    issuer: Option<String>,
    /// Entry kinds the key may sign: comma-separated subset of id,v,t,r;
    /// or `attest` alone for a lab key that signs attestations.
    #[arg(long, value_delimiter = ',', default_value = "id,v,t,r")]
    usage: Vec<String>,
    /// Lab keys: where to write the public key (default: --out with
    /// `.key.json` replaced by `.pub.json`, or `.pub` appended).
    #[arg(long, value_name = "PATH")]
    pub_out: Option<PathBuf>,
    /// Start of the key's validity window for iat (RFC 3339; default: now).
    #[arg(long, value_parser = parse_time)]
    not_before: Option<i64>,
    /// End of the window, exclusive (RFC 3339; default: not-before + 5 years).
    #[arg(long, value_parser = parse_time)]
    not_after: Option<i64>,
    /// 64 hex digits of seed for a reproducible key (test keys only).
    #[arg(long)]
    seed: Option<String>,
    /// Where to write the private key file (created with mode 0600).
    #[arg(long)]
    out: PathBuf,
    /// Replace an existing file at --out (its key is lost).
    #[arg(long)]
    force: bool,
}

#[derive(Subcommand)]
pub enum TrustCommand {
    /// Build a trust list from key files (public parts only).
    Build {
        /// Private key files.
        #[arg(required = true)]
        keys: Vec<PathBuf>,
        /// Where to write the trust list (`-` for stdout).
        #[arg(long)]
        out: PathBuf,
        /// How failures are reported: `json` also prints
        /// {"error":{"code":…,"message":…}} on stdout (exit code 2 either
        /// way).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn keygen(a: KeygenArgs) -> Result<u8, Failure> {
    // Checked first, so that no key is made in vain; the write itself also
    // refuses an existing file, for one that appears meanwhile.
    if output::is_stdout(&a.out) {
        return Err(Failure(
            "--out: a private key is written to a file, not to stdout".into(),
        ));
    }
    if !a.force && std::fs::symlink_metadata(&a.out).is_ok() {
        return Err(Failure(format!(
            "{}: already exists; pass --force to replace it (the key in it is lost)",
            a.out.display()
        )));
    }
    let seed: [u8; 32] = match &a.seed {
        Some(h) => uniqr::hex::decode_array(h)
            .ok_or_else(|| Failure("--seed: expected 64 lowercase hex digits".into()))?,
        None => {
            let mut s = [0u8; 32];
            getrandom::getrandom(&mut s).map_err(|e| Failure(format!("randomness: {e}")))?;
            s
        }
    };
    if a.usage == [uniqr_conform::attest::key::USAGE] {
        return lab_keygen(&a, seed);
    }
    let alg = match a.alg {
        Some(AlgArg::Es256) => Alg::Es256,
        Some(AlgArg::Eddsa) => Alg::EdDsa,
        None => return Err(Failure("--alg is required for a code key".into())),
    };
    let Some(issuer) = &a.issuer else {
        return Err(Failure("--issuer is required for a code key".into()));
    };
    let usage = Usage::from_names(&a.usage).ok_or_else(|| {
        Failure(
            "--usage: a non-empty, non-repeating subset of id,v,t,r (or attest alone, for a \
             lab key)"
                .into(),
        )
    })?;
    let not_before = a.not_before.unwrap_or_else(uniqr::timefmt::now);
    let not_after = a.not_after.unwrap_or(not_before.saturating_add(FIVE_YEARS));
    let signer = Signer::new(
        SecretKey::from_seed(alg, seed),
        issuer,
        usage,
        not_before,
        not_after,
    )?;
    let secret = Options {
        no_clobber: !a.force,
        secret: true,
    };
    write_file(&a.out, signer.to_json().as_bytes(), secret)?;
    emit(&uniqr::hex::encode(&signer.kid()))?;
    Ok(exit::OK)
}

/// The default public key path of a lab key written to `out`.
fn pub_path(out: &Path) -> PathBuf {
    let s = out.to_string_lossy();
    match s.strip_suffix(".key.json") {
        Some(stem) => PathBuf::from(format!("{stem}.pub.json")),
        None => PathBuf::from(format!("{s}.pub")),
    }
}

/// `keygen --usage attest`: an Ed25519 lab key (R-AT-2) and its public key.
fn lab_keygen(a: &KeygenArgs, seed: [u8; 32]) -> Result<u8, Failure> {
    if matches!(a.alg, Some(AlgArg::Es256)) {
        return Err(Failure(
            "a lab key is Ed25519: leave out --alg or say eddsa".into(),
        ));
    }
    if a.issuer.is_some() || a.not_before.is_some() || a.not_after.is_some() {
        return Err(Failure(
            "--issuer, --not-before and --not-after are for code keys, not lab keys".into(),
        ));
    }
    let public_path = a.pub_out.clone().unwrap_or_else(|| pub_path(&a.out));
    if !a.force && std::fs::symlink_metadata(&public_path).is_ok() {
        return Err(Failure(format!(
            "{}: already exists; pass --force to replace it",
            public_path.display()
        )));
    }
    let key = uniqr_conform::attest::LabKey::from_seed(seed);
    let secret = Options {
        no_clobber: !a.force,
        secret: true,
    };
    write_file(&a.out, key.to_json().as_bytes(), secret)?;
    let public = Options {
        no_clobber: !a.force,
        secret: false,
    };
    write_file(&public_path, key.public().to_json().as_bytes(), public)?;
    eprintln!("public key: {}", public_path.display());
    emit(key.public().kid())?;
    Ok(exit::OK)
}

pub fn trust(c: TrustCommand) -> Result<u8, Failure> {
    let TrustCommand::Build { keys, out, format } = c;
    build_trust(&keys, &out).map_err(|p| p.report(format))
}

fn build_trust(keys: &[PathBuf], out: &Path) -> Result<u8, Problem> {
    let mut entries: Vec<uniqr::trust::TrustedKey> = Vec::new();
    for path in keys {
        let key = load_key(path)?.trusted().clone();
        if let Some(i) = entries.iter().position(|k| k.kid == key.kid) {
            return Err(Problem::coded(
                "TRUST_LIST_INVALID",
                format!(
                    "{} and {} hold the same key (kid {}); a trust list has each kid once \
                     (R-TRUST-6)",
                    keys[i].display(),
                    path.display(),
                    uniqr::hex::encode(&key.kid)
                ),
            ));
        }
        entries.push(key);
    }
    let list = TrustList::new(entries).map_err(|e| Problem::coded(e.code(), e.to_string()))?;
    write_file(out, list.to_json().as_bytes(), Options::default())?;
    Ok(exit::OK)
}

/// The members of a private key file, as the codec reads them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    format: String,
    version: u32,
    key: KeyEntry,
}

/// A private key file (`KEY_FILE_INVALID`); the checks follow the codec's
/// order, so the defect named is the one it found.
pub fn load_key(path: &Path) -> Result<Signer, Problem> {
    load(path, "KEY_FILE_INVALID", Signer::from_json, |json| {
        let file: KeyFile = match serde_json::from_str(json) {
            Ok(f) => f,
            Err(_) => return shape_defect::<KeyFile>(json),
        };
        if let Some(d) = header_defect(&file.format, file.version, uniqr::signer::FORMAT) {
            return Some(d);
        }
        if let Some(d) = entry_defect(&file.key, "key") {
            return Some(d);
        }
        SecretKey::from_jwk(&file.key.jwk).err().map(|_| {
            Defect::at(
                "key.jwk.d",
                "missing, or not the private key of this public key",
            )
        })
    })
}

/// The member of a key entry (at `at`, e.g. `keys[2]`) that breaks a rule
/// of R-TRUST-7, found by the codec's own check.
pub fn entry_defect(e: &KeyEntry, at: &str) -> Option<Defect> {
    let err = e.to_trusted().err()?;
    let (member, problem) = match err {
        FileError::Key => ("jwk", "not a usable public key (R-KEY-2)".to_owned()),
        FileError::Alg if Alg::from_name(&e.alg).is_none() => {
            ("alg", "expected \"ES256\" or \"EdDSA\"".to_owned())
        }
        FileError::Alg => ("alg", "does not match the key type of jwk".to_owned()),
        FileError::KidMismatch => (
            "kid",
            "not the kid of jwk (SHA-256 of its SubjectPublicKeyInfo, R-KEY-1)".to_owned(),
        ),
        FileError::Window => ("not_after", "not after not_before".to_owned()),
        FileError::Field => field_defect(e),
        other => ("", other.to_string()),
    };
    let path = if member.is_empty() {
        at.to_owned()
    } else {
        format!("{at}.{member}")
    };
    Some(Defect::at(path, problem))
}

/// Which member a [`FileError::Field`] is about, in the codec's order.
fn field_defect(e: &KeyEntry) -> (&'static str, String) {
    let time = "expected a time of the form YYYY-MM-DDThh:mm:ssZ";
    if uniqr::hex::decode_array::<8>(&e.kid).is_none() {
        ("kid", "expected 16 lowercase hex digits".into())
    } else if !uniqr::claims::is_issuer(&e.issuer) {
        (
            "issuer",
            "expected an issuer code such as VN or VN-HN (R-CWT-2)".into(),
        )
    } else if Usage::from_names(&e.usage).is_none() {
        (
            "usage",
            "expected a non-empty list of distinct kinds from id, v, t, r".into(),
        )
    } else if uniqr::timefmt::parse_strict(&e.not_before).is_none() {
        ("not_before", time.into())
    } else if uniqr::timefmt::parse_strict(&e.not_after).is_none() {
        ("not_after", time.into())
    } else {
        ("", FileError::Field.to_string())
    }
}
