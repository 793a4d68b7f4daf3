//! `uniqr encode`, `decode`, `verify` and `demo`.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;
use uniqr::{Claims, Error, Payload, Revocations, Signer, TrustList};

use super::{Failure, emit, exit, parse_time, print_json, read_file, text_arg};

/// Default lifetime of a code: 365 days.
const YEAR: i64 = 365 * 86_400;

#[derive(Args)]
pub struct EncodeArgs {
    /// Private key file (from `uniqr keygen`).
    #[arg(long)]
    key: PathBuf,
    /// Payload JSON file (spec/schema/payload.schema.json).
    #[arg(long)]
    payload: PathBuf,
    /// Issued-at time (RFC 3339; default: now).
    #[arg(long, value_parser = parse_time)]
    iat: Option<i64>,
    /// Expiry time (RFC 3339; default: iat + 365 days).
    #[arg(long, value_parser = parse_time)]
    exp: Option<i64>,
    /// Certificate id, 32 lowercase hex digits (default: random).
    #[arg(long)]
    cti: Option<String>,
}

#[derive(Args)]
pub struct DecodeArgs {
    /// The QR text, or `-` (default) for stdin.
    text: Option<String>,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// Trust list file.
    #[arg(long)]
    trust: PathBuf,
    /// Revocation list file.
    #[arg(long)]
    revoked: Option<PathBuf>,
    /// Verification time (RFC 3339; default: now).
    #[arg(long, value_parser = parse_time)]
    now: Option<i64>,
    /// Read the QR text from this image (PNG or JPEG) instead of TEXT.
    #[arg(long, conflicts_with = "text")]
    image: Option<PathBuf>,
    /// The QR text, or `-` (default) for stdin.
    text: Option<String>,
}

#[derive(Args)]
pub struct DemoArgs {}

fn error_json(e: &Error) -> serde_json::Value {
    json!({"valid": false, "error": {"code": e.code(), "message": e.message()}})
}

pub fn encode(a: EncodeArgs) -> Result<u8, Failure> {
    let signer = Signer::from_json(&read_file(&a.key)?)
        .map_err(|e| Failure(format!("{}: {e}", a.key.display())))?;
    let json = read_file(&a.payload)?;
    let payload: Payload = serde_json::from_str(&json)
        .map_err(|e| Failure(format!("{}: {e}", a.payload.display())))?;
    let iat = a.iat.unwrap_or_else(uniqr::timefmt::now);
    let cti = match &a.cti {
        Some(h) => uniqr::hex::decode_array(h)
            .ok_or_else(|| Failure("--cti: expected 32 lowercase hex digits".into()))?,
        None => {
            let mut c = [0u8; 16];
            getrandom::getrandom(&mut c).map_err(|e| Failure(format!("randomness: {e}")))?;
            c
        }
    };
    let claims = Claims {
        iss: signer.issuer().to_owned(),
        iat,
        exp: a.exp.unwrap_or(iat.saturating_add(YEAR)),
        cti,
    };
    let text = uniqr::encode(&payload, &signer, &claims)
        .map_err(|e| Failure(format!("cannot encode: {} ({})", e.code(), e)))?;
    emit(&text)?;
    Ok(exit::OK)
}

pub fn decode(a: DecodeArgs) -> Result<u8, Failure> {
    let text = text_arg(a.text)?;
    match uniqr::decode(&text) {
        Ok(d) => {
            print_json(&d)?;
            Ok(exit::OK)
        }
        Err(e) => {
            print_json(&json!({"error": {"code": e.code(), "message": e.message()}}))?;
            Ok(exit::INVALID)
        }
    }
}

pub fn verify(a: VerifyArgs) -> Result<u8, Failure> {
    let trust = TrustList::from_json(&read_file(&a.trust)?)
        .map_err(|e| Failure(format!("{}: {e}", a.trust.display())))?;
    let revoked = match &a.revoked {
        Some(p) => Revocations::from_json(&read_file(p)?)
            .map_err(|e| Failure(format!("{}: {e}", p.display())))?,
        None => Revocations::none(),
    };
    let now = a.now.unwrap_or_else(uniqr::timefmt::now);
    let text = match &a.image {
        Some(path) => match super::qr::scan_file(path)? {
            Ok(scanned) => scanned.text,
            Err(e) => return verdict(Err(e)),
        },
        None => text_arg(a.text)?,
    };
    verdict(uniqr::verify(&text, &trust, &revoked, now))
}

fn verdict(r: Result<uniqr::Verified, Error>) -> Result<u8, Failure> {
    match r {
        Ok(v) => {
            print_json(
                &json!({"valid": true, "payload": v.payload, "claims": v.claims,
                "kid": uniqr::hex::encode(&v.kid)}),
            )?;
            Ok(exit::OK)
        }
        Err(e) => {
            print_json(&error_json(&e))?;
            Ok(exit::INVALID)
        }
    }
}

pub fn demo(_: DemoArgs) -> Result<u8, Failure> {
    use uniqr::demo;
    let text = demo::sample_text().map_err(|e| Failure(format!("demo: {e}")))?;
    eprintln!("Issued a sample code with the built-in demo ES256 key (test only):");
    emit(&text)?;
    eprintln!(
        "Verifying it at {}:",
        uniqr::timefmt::format(demo::NOW).unwrap_or_default()
    );
    verdict(uniqr::verify(
        &text,
        &demo::trust_list(),
        &Revocations::none(),
        demo::NOW,
    ))
}
