//! `uniqr encode`, `decode`, `verify` and `demo`.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Deserialize;
use serde_json::json;
use uniqr::error::{PayloadError, TrustError};
use uniqr::payload::EntryKind;
use uniqr::{Claims, Error, Payload, Revocations, Signer, TrustList};

use super::keys::{entry_defect, load_key};
use super::{
    Defect, Failure, Format, Problem, emit, exit, parse_time, print_json, read_file, shape_defect,
    text_arg,
};

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
    /// How failures are reported: `json` also prints
    /// {"error":{"code":…,"message":…}} on stdout (exit code 2 either way).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
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
    /// How failures to check (exit code 2: usage, I/O, a bad trust or
    /// revocation list) are reported: `json` also prints
    /// {"error":{"code":…,"message":…}} on stdout. The verdict is JSON
    /// either way.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct DemoArgs {}

fn error_json(e: &Error) -> serde_json::Value {
    json!({"valid": false, "error": {"code": e.code(), "message": e.message()}})
}

pub fn encode(a: EncodeArgs) -> Result<u8, Failure> {
    let format = a.format;
    run_encode(a).map_err(|p| p.report(format))
}

fn run_encode(a: EncodeArgs) -> Result<u8, Problem> {
    let signer = load_key(&a.key)?;
    let payload = load_payload(&a.payload)?;
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
        .map_err(|e| Problem::coded(e.code(), refusal(&e, &signer, &claims, &payload)))?;
    emit(&text)?;
    Ok(exit::OK)
}

/// Why the encoder refused, with the key's window or usage where that is
/// the reason (R-TRUST-4, R-TRUST-5).
fn refusal(e: &Error, signer: &Signer, claims: &Claims, payload: &Payload) -> String {
    let key = signer.trusted();
    let time = |t| uniqr::timefmt::format(t).unwrap_or_else(|| t.to_string());
    match e {
        Error::Trust(TrustError::KeyNotValid) => format!(
            "cannot encode: iat {} is outside the key's window, not_before {} (inclusive) to \
             not_after {} (exclusive) (R-TRUST-4); give --iat inside it, or a key made with \
             `keygen --not-before`",
            time(claims.iat),
            time(key.not_before),
            time(key.not_after)
        ),
        Error::Trust(TrustError::UsageDenied) => format!(
            "cannot encode: the key may sign {} but the payload needs {} (R-TRUST-5)",
            key.usage.names().join(","),
            names(&payload.required_usage())
        ),
        _ => format!("cannot encode: {e}"),
    }
}

fn names(kinds: &[EntryKind]) -> String {
    let names: Vec<_> = kinds.iter().map(|k| k.name()).collect();
    names.join(",")
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
    let format = a.format;
    run_verify(a).map_err(|p| p.report(format))
}

fn run_verify(a: VerifyArgs) -> Result<u8, Problem> {
    let trust = load_trust(&a.trust)?;
    let revoked = match &a.revoked {
        Some(p) => load_revocations(p)?,
        None => Revocations::none(),
    };
    let now = a.now.unwrap_or_else(uniqr::timefmt::now);
    let text = match &a.image {
        Some(path) => match super::qr::scan_file(path)? {
            Ok(scanned) => scanned.text,
            Err(e) => return Ok(verdict(Err(e))?),
        },
        None => text_arg(a.text)?,
    };
    Ok(verdict(uniqr::verify(&text, &trust, &revoked, now))?)
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

/// Loads an input file with the codec's own loader, which decides whether
/// it is valid and which registry code a failure gets (`code` for a file
/// that cannot be read); when it fails, `diagnose` names the field.
pub fn load<T>(
    path: &Path,
    code: &'static str,
    parse: impl FnOnce(&str) -> Result<T, Error>,
    diagnose: impl FnOnce(&str) -> Option<Defect>,
) -> Result<T, Problem> {
    let json = read_file(path).map_err(|Failure(m)| Problem::coded(code, m))?;
    parse(&json).map_err(|e| {
        let detail = match diagnose(&json) {
            Some(d) => d.line(),
            None => e.to_string(),
        };
        Problem::coded(e.code(), format!("{}: {detail}", path.display()))
    })
}

/// A payload file (`PAYLOAD_INVALID`), with field paths rooted at
/// `payload` as in the spec: `payload.v[0].dn: …`.
pub fn load_payload(path: &Path) -> Result<Payload, Problem> {
    load(path, "PAYLOAD_INVALID", Payload::from_json, |json| {
        let mut d = match serde_json::from_str::<Payload>(json) {
            Ok(p) => payload_rule_defect(&p)?,
            Err(_) => shape_defect::<Payload>(json)?,
        };
        d.path = match d.path.as_str() {
            "" => "payload".into(),
            p if p.starts_with('[') => format!("payload{p}"),
            p => format!("payload.{p}"),
        };
        Some(d)
    })
}

/// The member or entry that breaks a payload rule: the rules run on the
/// identity alone, then on each entry alone, so the first that fails is
/// the one to name.
fn payload_rule_defect(p: &Payload) -> Option<Defect> {
    let leaf = |e: Error| match e {
        Error::Payload(l) => (Some(l), l.to_string()),
        other => (None, other.to_string()),
    };
    let identity = Payload {
        v: None,
        t: None,
        r: None,
        ..p.clone()
    };
    if let Err(e) = identity.validate() {
        let (l, problem) = leaf(e);
        let member = match l {
            Some(PayloadError::Version) => "ver",
            Some(PayloadError::Pid) => "pid",
            Some(PayloadError::Date) => "dob",
            Some(PayloadError::Name | PayloadError::Transliteration) => "nam",
            _ => "",
        };
        return Some(Defect::at(member, problem));
    }
    let kinds = [
        (EntryKind::V, p.v.as_ref().map(Vec::len)),
        (EntryKind::T, p.t.as_ref().map(Vec::len)),
        (EntryKind::R, p.r.as_ref().map(Vec::len)),
    ];
    for (kind, len) in kinds {
        let Some(len) = len else { continue };
        let Err(whole) = with_entries(p, kind, None).validate() else {
            continue;
        };
        for i in 0..len {
            if let Err(e) = with_entries(p, kind, Some(i)).validate() {
                return Some(Defect::at(format!("{}[{i}]", kind.name()), leaf(e).1));
            }
        }
        // A rule on the array itself (empty, too many entries).
        return Some(Defect::at(kind.name(), leaf(whole).1));
    }
    p.validate().err().map(|e| Defect::at("", leaf(e).1))
}

/// The identity with the entries of one kind: all, or only entry `i`.
fn with_entries(p: &Payload, kind: EntryKind, i: Option<usize>) -> Payload {
    fn pick<T: Clone>(list: Option<&Vec<T>>, i: Option<usize>) -> Option<Vec<T>> {
        let list = list?;
        match i {
            Some(i) => list.get(i..=i).map(<[T]>::to_vec),
            None => Some(list.clone()),
        }
    }
    let mut q = Payload {
        v: None,
        t: None,
        r: None,
        ..p.clone()
    };
    match kind {
        EntryKind::V => q.v = pick(p.v.as_ref(), i),
        EntryKind::T => q.t = pick(p.t.as_ref(), i),
        EntryKind::R => q.r = pick(p.r.as_ref(), i),
        EntryKind::Id => {}
    }
    q
}

/// The `format` of a trust list file (R-TRUST-9).
const TRUST_FORMAT: &str = "uniqr-trust-list";
/// The `format` of a revocation list file (R-REV-2).
const REVOCATION_FORMAT: &str = "uniqr-revocation-list";

/// The members of a trust list file, as the codec reads them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustFile {
    format: String,
    version: u32,
    keys: Vec<uniqr::trust::KeyEntry>,
}

/// A trust list file (`TRUST_LIST_INVALID`); the checks follow the
/// codec's order, so the defect named is the one it found.
pub fn load_trust(path: &Path) -> Result<TrustList, Problem> {
    load(path, "TRUST_LIST_INVALID", TrustList::from_json, |json| {
        let file: TrustFile = match serde_json::from_str(json) {
            Ok(f) => f,
            Err(_) => return shape_defect::<TrustFile>(json),
        };
        if let Some(d) = header_defect(&file.format, file.version, TRUST_FORMAT) {
            return Some(d);
        }
        for (i, e) in file.keys.iter().enumerate() {
            if e.jwk.d.is_some() {
                return Some(Defect::at(
                    format!("keys[{i}].jwk.d"),
                    "private key material in a trust list (R-TRUST-8); build the list with \
                     `uniqr trust build`",
                ));
            }
            if let Some(d) = entry_defect(e, &format!("keys[{i}]")) {
                return Some(d);
            }
        }
        let kids: Vec<&str> = file.keys.iter().map(|e| e.kid.as_str()).collect();
        duplicate(&kids).map(|(first, again)| {
            Defect::at(
                format!("keys[{again}].kid"),
                format!("the same kid as keys[{first}] (R-TRUST-6)"),
            )
        })
    })
}

/// The members of a revocation list file, as the codec reads them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevocationFile {
    format: String,
    version: u32,
    revoked: Vec<String>,
}

/// A revocation list file (`REVOCATION_LIST_INVALID`).
pub fn load_revocations(path: &Path) -> Result<Revocations, Problem> {
    load(
        path,
        "REVOCATION_LIST_INVALID",
        Revocations::from_json,
        |json| {
            let file: RevocationFile = match serde_json::from_str(json) {
                Ok(f) => f,
                Err(_) => return shape_defect::<RevocationFile>(json),
            };
            if let Some(d) = header_defect(&file.format, file.version, REVOCATION_FORMAT) {
                return Some(d);
            }
            for (i, h) in file.revoked.iter().enumerate() {
                if uniqr::hex::decode_array::<32>(h).is_none() {
                    return Some(Defect::at(
                        format!("revoked[{i}]"),
                        "not 64 lowercase hex digits (the SHA-256 digest of a cti, R-REV-1)",
                    ));
                }
            }
            let hashes: Vec<&str> = file.revoked.iter().map(String::as_str).collect();
            duplicate(&hashes).map(|(first, again)| {
                Defect::at(
                    format!("revoked[{again}]"),
                    format!("the same digest as revoked[{first}]"),
                )
            })
        },
    )
}

/// The `format` and `version` members of a file of the given format.
pub fn header_defect(format: &str, version: u32, expected: &str) -> Option<Defect> {
    if format != expected {
        return Some(Defect::at(
            "format",
            format!("expected {expected:?}, found {format:?}"),
        ));
    }
    (version != 1).then(|| Defect::at("version", format!("expected 1, found {version}")))
}

/// The first value seen twice: (its first index, its second index).
fn duplicate(values: &[&str]) -> Option<(usize, usize)> {
    let mut seen = std::collections::HashMap::with_capacity(values.len());
    values
        .iter()
        .enumerate()
        .find_map(|(j, v)| seen.insert(*v, j).map(|i| (i, j)))
}
