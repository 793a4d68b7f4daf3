//! A test-only vendor for `uniqr conform`: the reference codec behind the
//! harness protocol (`spec/harness-protocol.md`) with ONE planted bug, so
//! that `tests/conform.rs` can check that the runner catches each kind of
//! bug with the right typed outcome. Not part of the shipped binary.
//!
//! ```text
//! mutant_vendor MUTANT [--per-case]
//! ```
//!
//! Without `--per-case` it serves one request line after another until end
//! of input (persistent mode); with it, it answers one request and exits
//! (`--spawn-per-case` mode, R-H-9). Mutants:
//!
//! | name | planted bug |
//! |---|---|
//! | `none` | none: behaves like the reference |
//! | `skip-signature` | never checks signatures |
//! | `accept-expired` | never checks `exp` |
//! | `ignore-revocation` | never checks the revocation list |
//! | `accept-noncanonical` | accepts non-canonical CBOR |
//! | `accept-untagged` | accepts a COSE_Sign1 array without tag 18 |
//! | `accept-unprotected-kid` | takes the kid from the unprotected header |
//! | `strip-diacritics` | drops combining marks from native-script names |
//! | `truncate-partial-dates` | reports a `YYYY-MM` date of birth as `YYYY` |
//! | `reject-eddsa` | rejects EdDSA codes and keys with `ALG_UNSUPPORTED` |
//! | `one-error-code` | every rejection says `PAYLOAD_INVALID` |
//! | `crash-on-one` | aborts on the one target input |
//! | `hang-on-one` | sleeps forever on the one target input |
//! | `garbage` | prints a non-JSON line for the one target input |
//! | `wrong-id` | answers the one target input with id + 1 |
//! | `no-ops` | its hello lists no operation and claims no profile |
//! | `decode-only` | lists only `decode`; answers `unsupported` to the rest |
//! | `unsupported-rejections` | answers `unsupported` to every input the reference rejects |
//! | `claims-verifier` | claims the `verifier` profile in its hello (and lists every op) |
//! | `trust-duplicates` | reads the trust list into a map: duplicate members are merged |
//! | `lax-version` | takes any prefix `UQ1…:` (such as `UQ10:`) as version 1 |
//! | `accept-der-signature` | converts a DER-encoded signature to `r \|\| s` |
//! | `trim-ideographic-space` | ignores U+3000 at the ends of payload texts |
//! | `time-before-usage` | checks `now` < `iat` before the key usage |
//! | `scanner-fails-degraded` | reads only images of pure black and white pixels |
//! | `byte-mode-renderer` | renders the text as one byte-mode segment (refuses what byte mode cannot hold) |
//! | `renderer-level-l` | renders at error correction level L (in the version level Q needs) |
//! | `noncanonical-issuer` | encodes the claims map's length in two bytes (`b8 05`), re-signed |
//! | `truncate-names` | reports `nam.fn` and `nam.gn` cut to their first 3 characters |
//!
//! The target input of the last four is the only QR text of the suite that
//! ends with CR LF (case `b45-trailing-crlf`).

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use uniqr::cbor::{self, Value};
use uniqr::cose::{self, Sign1};
use uniqr::error::{CoseError, QrError, TimeError, TrustError};
use uniqr::{Alg, Claims, Error, Payload, Revocations, Signer, TrustList};
use uniqr_conform::forge;
use uniqr_conform::harness::protocol::{Document, Reply, Request};
use uniqr_conform::harness::shim::{Shim, read_line};
use uniqr_conform::vectors::Response;

/// The planted bugs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mutant {
    None,
    SkipSignature,
    AcceptExpired,
    IgnoreRevocation,
    AcceptNoncanonical,
    AcceptUntagged,
    AcceptUnprotectedKid,
    StripDiacritics,
    TruncatePartialDates,
    RejectEddsa,
    OneErrorCode,
    CrashOnOne,
    HangOnOne,
    Garbage,
    WrongId,
    NoOps,
    DecodeOnly,
    UnsupportedRejections,
    ClaimsVerifier,
    TrustDuplicates,
    LaxVersion,
    AcceptDerSignature,
    TrimIdeographicSpace,
    TimeBeforeUsage,
    ScannerFailsDegraded,
    ByteModeRenderer,
    RendererLevelL,
    NoncanonicalIssuer,
    TruncateNames,
}

const MUTANTS: [(&str, Mutant); 29] = [
    ("none", Mutant::None),
    ("skip-signature", Mutant::SkipSignature),
    ("accept-expired", Mutant::AcceptExpired),
    ("ignore-revocation", Mutant::IgnoreRevocation),
    ("accept-noncanonical", Mutant::AcceptNoncanonical),
    ("accept-untagged", Mutant::AcceptUntagged),
    ("accept-unprotected-kid", Mutant::AcceptUnprotectedKid),
    ("strip-diacritics", Mutant::StripDiacritics),
    ("truncate-partial-dates", Mutant::TruncatePartialDates),
    ("reject-eddsa", Mutant::RejectEddsa),
    ("one-error-code", Mutant::OneErrorCode),
    ("crash-on-one", Mutant::CrashOnOne),
    ("hang-on-one", Mutant::HangOnOne),
    ("garbage", Mutant::Garbage),
    ("wrong-id", Mutant::WrongId),
    ("no-ops", Mutant::NoOps),
    ("decode-only", Mutant::DecodeOnly),
    ("unsupported-rejections", Mutant::UnsupportedRejections),
    ("claims-verifier", Mutant::ClaimsVerifier),
    ("trust-duplicates", Mutant::TrustDuplicates),
    ("lax-version", Mutant::LaxVersion),
    ("accept-der-signature", Mutant::AcceptDerSignature),
    ("trim-ideographic-space", Mutant::TrimIdeographicSpace),
    ("time-before-usage", Mutant::TimeBeforeUsage),
    ("scanner-fails-degraded", Mutant::ScannerFailsDegraded),
    ("byte-mode-renderer", Mutant::ByteModeRenderer),
    ("renderer-level-l", Mutant::RendererLevelL),
    ("noncanonical-issuer", Mutant::NoncanonicalIssuer),
    ("truncate-names", Mutant::TruncateNames),
];

/// The one code every rejection of `one-error-code` carries.
const ONE_CODE: &str = "PAYLOAD_INVALID";

/// What the vendor does with one request.
enum Action {
    /// Write this line (a reply, or for `garbage` something else).
    Line(String),
    /// Abort the process.
    Abort,
    /// Never answer.
    Hang,
}

impl Action {
    fn reply(r: &Reply) -> Action {
        Action::Line(serde_json::to_string(r).unwrap_or_default())
    }
}

/// A loaded context, as the mutant's own verification path needs it.
type Context = Option<(TrustList, Revocations)>;

/// The reference plus one bug.
struct Vendor {
    name: &'static str,
    mutant: Mutant,
    shim: Shim,
    /// The mutant's own copy of the loaded contexts (the shim's are private).
    contexts: HashMap<String, Context>,
}

/// Whether a request is the one input the `*-on-one` mutants trip over.
fn is_target(req: &Request) -> bool {
    req.text.as_deref().is_some_and(|t| t.ends_with("\r\n"))
}

fn load(trust: Option<&Document>, revoked: Option<&Document>) -> Context {
    Some((
        TrustList::from_json(trust?.text()).ok()?,
        Revocations::from_json(revoked?.text()).ok()?,
    ))
}

fn valid(payload: &Payload, claims: &Claims) -> Response {
    Response {
        ok: Some(true),
        payload: serde_json::to_value(payload).ok(),
        claims: serde_json::to_value(claims).ok(),
        ..Response::default()
    }
}

fn rejection(e: &Error) -> Response {
    Response {
        ok: Some(false),
        error: Some(e.code().into()),
        message: Some(e.message()),
        ..Response::default()
    }
}

/// The parts of a COSE_Sign1 message the verification steps use.
struct Parts<'a> {
    protected: &'a [u8],
    alg: Alg,
    kid: [u8; 8],
    payload: &'a [u8],
    signature: &'a [u8],
}

impl<'a> From<Sign1<'a>> for Parts<'a> {
    fn from(s: Sign1<'a>) -> Parts<'a> {
        Parts {
            protected: s.protected,
            alg: s.alg,
            kid: s.kid,
            payload: s.payload,
            signature: s.signature,
        }
    }
}

/// A lax parser that merges the headers: a kid found only in the
/// unprotected header is taken as if it were protected (the
/// `accept-unprotected-kid` bug). Anything else fails as the reference does.
fn parse_merging_headers(msg: &[u8]) -> Result<Parts<'_>, Error> {
    let strict = match Sign1::parse(msg) {
        Err(e) if e == Error::Cose(CoseError::KidUnprotected) => e,
        other => return other.map(Parts::from),
    };
    let (_, value) = cbor::decode_message(msg)?;
    let Value::Array(items) = value else {
        return Err(strict);
    };
    let [
        Value::Bytes(protected),
        Value::Map(unprotected),
        Value::Bytes(payload),
        Value::Bytes(signature),
    ] = items.as_slice()
    else {
        return Err(strict);
    };
    let header = cbor::decode(protected)?;
    let alg = match header.int_key(1) {
        Some(Value::Int(-7)) => Alg::Es256,
        Some(Value::Int(-8)) => Alg::EdDsa,
        _ => return Err(strict),
    };
    let kid = header.int_key(4).or_else(|| {
        unprotected
            .iter()
            .find(|(k, _)| *k == Value::Int(4))
            .map(|(_, v)| v)
    });
    let Some(Value::Bytes(kid)) = kid else {
        return Err(strict);
    };
    let kid = <[u8; 8]>::try_from(*kid).map_err(|_| strict)?;
    Ok(Parts {
        protected,
        alg,
        kid,
        payload,
        signature,
    })
}

/// The reference's verification steps (R-ORD-1, as in
/// `uniqr::codec::verify_cose`) with the one check this mutant gets wrong.
fn lax_verify(
    mutant: Mutant,
    text: &str,
    (trust, revoked): &(TrustList, Revocations),
    now: i64,
) -> Result<(Payload, Claims), Error> {
    let mut msg = uniqr::codec::unwrap_text(text)?;
    // An untagged COSE_Sign1 array (0x84): "just add the tag".
    if mutant == Mutant::AcceptUntagged && msg.first() == Some(&0x84) {
        msg.insert(0, 0xd2);
    }
    let m = if mutant == Mutant::AcceptUnprotectedKid {
        parse_merging_headers(&msg)?
    } else {
        Parts::from(Sign1::parse(&msg)?)
    };
    let key = trust.find(&m.kid).ok_or(TrustError::KeyUnknown)?;
    if key.key.alg() != m.alg {
        return Err(TrustError::AlgKeyMismatch.into());
    }
    if mutant != Mutant::SkipSignature {
        let der = (mutant == Mutant::AcceptDerSignature)
            .then(|| der_to_raw(m.signature))
            .flatten();
        let signature = der.as_ref().map_or(m.signature, |d| &d[..]);
        key.key
            .verify(&cose::sig_structure(m.protected, m.payload), signature)?;
    }
    let claims_value = cbor::decode(m.payload)?;
    let (claims, payload) = Claims::from_cbor(&claims_value)?;
    if claims.iss != key.issuer {
        return Err(TrustError::IssuerMismatch.into());
    }
    let payload = Payload::from_cbor(payload)?;
    if !(key.not_before..key.not_after).contains(&claims.iat) {
        return Err(TrustError::KeyNotValid.into());
    }
    if !payload
        .required_usage()
        .iter()
        .all(|k| key.usage.allows(*k))
    {
        return Err(TrustError::UsageDenied.into());
    }
    if now < claims.iat {
        return Err(Error::Time(TimeError::NotYetValid));
    }
    if mutant != Mutant::AcceptExpired && now >= claims.exp {
        return Err(Error::Time(TimeError::Expired));
    }
    if mutant != Mutant::IgnoreRevocation && revoked.contains(&claims.cti) {
        return Err(Error::Revoked);
    }
    Ok((payload, claims))
}

/// `r || s` of a DER `SEQUENCE { INTEGER r, INTEGER s }` (the
/// `accept-der-signature` bug: what an X.509-minded library hands back).
fn der_to_raw(der: &[u8]) -> Option<[u8; 64]> {
    let (&[0x30, len], body) = der.split_first_chunk::<2>()? else {
        return None;
    };
    if body.len() != len as usize {
        return None;
    }
    let mut out = [0u8; 64];
    let mut rest = body;
    for half in out.chunks_mut(32) {
        let (&[0x02, n], tail) = rest.split_first_chunk::<2>()? else {
            return None;
        };
        let int = tail.get(..n as usize)?;
        let int = &int[int.iter().take_while(|&&b| b == 0).count()..];
        half.get_mut(32usize.checked_sub(int.len())?..)?
            .copy_from_slice(int);
        rest = &tail[n as usize..];
    }
    rest.is_empty().then_some(out)
}

/// The COSE message of a verify, decode or scan_verify request.
fn message(req: &Request) -> Option<Vec<u8>> {
    let text = match req.op.as_str() {
        "decode" => req.text.clone(),
        _ => Vendor::text(req),
    }?;
    uniqr::codec::unwrap_text(&text).ok()
}

/// Whether a text of the message's claims starts or ends with U+3000.
fn has_ideographic_space(msg: &[u8]) -> bool {
    fn walk(v: &Value) -> bool {
        match v {
            Value::Text(t) => t.starts_with('\u{3000}') || t.ends_with('\u{3000}'),
            Value::Array(items) => items.iter().any(walk),
            Value::Map(entries) => entries.iter().any(|(k, v)| walk(k) || walk(v)),
            _ => false,
        }
    }
    Sign1::parse(msg)
        .ok()
        .and_then(|s| cbor::decode(s.payload).ok())
        .is_some_and(|v| walk(&v))
}

/// The `iat` claim of a message, unverified.
fn iat(msg: &[u8]) -> Option<i64> {
    let s = Sign1::parse(msg).ok()?;
    let v = cbor::decode(s.payload).ok()?;
    Claims::from_cbor(&v).ok().map(|(c, _)| c.iat)
}

/// Whether an image has a pixel that is neither black nor white: anything
/// but a clean rendering (the `scanner-fails-degraded` bug).
fn is_degraded(image: &[u8]) -> bool {
    image::load_from_memory(image)
        .map(|i| i.to_luma8().pixels().any(|p| p.0[0] != 0 && p.0[0] != 255))
        .unwrap_or(false)
}

/// A PNG of `text` as one byte-mode segment at level Q, in the smallest
/// version that holds it (the `byte-mode-renderer` bug: breaks R-QR-1).
fn byte_mode_png(text: &str) -> Option<Vec<u8>> {
    uniqr_qr::Symbol::build(text, uniqr_qr::Segments::Byte, 1, None)
        .and_then(|s| s.to_png(&uniqr_qr::RenderOptions::default()))
        .ok()
}

/// A PNG of `text` as one alphanumeric segment at level L, in the version
/// level Q would need (the `renderer-level-l` bug: breaks R-QR-2 only).
fn level_l_png(text: &str) -> Option<Vec<u8>> {
    use qrcode::bits::Bits;
    use qrcode::{Color, EcLevel, QrCode, Version};
    let version = uniqr_qr::Symbol::new(text).ok()?.version();
    let mut bits = Bits::new(Version::Normal(i16::from(version)));
    bits.push_alphanumeric_data(text.as_bytes()).ok()?;
    bits.push_terminator(EcLevel::L).ok()?;
    let code = QrCode::with_bits(bits, EcLevel::L).ok()?;
    let (width, colors) = (code.width(), code.to_colors());
    // 8 px modules and a 4-module quiet zone, as the reference draws.
    let (module, quiet) = (8, 4);
    let side = u32::try_from((width + 2 * quiet) * module).ok()?;
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (x, y) = (x as usize / module, y as usize / module);
        let dark = (quiet..quiet + width).contains(&x)
            && (quiet..quiet + width).contains(&y)
            && colors[(y - quiet) * width + (x - quiet)] == Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).ok()?;
    Some(png.into_inner())
}

/// The reference's encoded text with the claims map's length written in
/// the two-byte form (`b8 05` for `a5`), re-signed with the request's key:
/// only canonical encoding (R-CBOR-4) is wrong (the `noncanonical-issuer`
/// bug).
fn noncanonical_text(text: &str, key: &Document) -> Option<String> {
    let msg = uniqr::codec::unwrap_text(text).ok()?;
    let s = Sign1::parse(&msg).ok()?;
    let (&head, rest) = s.payload.split_first()?;
    // A map of fewer than 24 entries: major type 5, the count in the head.
    if head & 0xe0 != 0xa0 || head & 0x1f >= 24 {
        return None;
    }
    let mut body = vec![0xb8, head & 0x1f];
    body.extend_from_slice(rest);
    let signer = Signer::from_json(key.text()).ok()?;
    Some(forge::text_from_cose(&forge::signed(
        &signer,
        s.protected,
        &body,
    )))
}

/// Native-script names without their combining marks ("Nguyễn" → "Nguyen").
fn strip_marks(s: &str) -> String {
    s.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect()
}

/// Whether a date is `YYYY-MM`.
fn is_year_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}

impl Vendor {
    fn new(name: &'static str, mutant: Mutant) -> Vendor {
        Vendor {
            name,
            mutant,
            shim: Shim::default(),
            contexts: HashMap::new(),
        }
    }

    fn handle(&mut self, req: &Request) -> Action {
        let target = is_target(req);
        match self.mutant {
            Mutant::CrashOnOne if target => return Action::Abort,
            Mutant::HangOnOne if target => return Action::Hang,
            Mutant::Garbage if target => {
                return Action::Line("panicked at src/verify.rs:42: index out of bounds".into());
            }
            _ => {}
        }
        let rewritten = self.rewrite(req);
        let req = rewritten.as_ref().unwrap_or(req);
        if req.op == "load_context" {
            let ctx = load(req.trust.as_ref(), req.revoked.as_ref());
            self.contexts
                .insert(req.context.clone().unwrap_or_default(), ctx);
        }
        let unsupported = || {
            Action::reply(&Reply::to(
                req.id,
                Response {
                    unsupported: Some(true),
                    ..Response::default()
                },
            ))
        };
        if self.mutant == Mutant::DecodeOnly && !matches!(req.op.as_str(), "hello" | "decode") {
            return unsupported();
        }
        let mut reply = self.shim.handle(req);
        if req.op == "hello" {
            reply.name = Some(format!("mutant-{}", self.name));
            // The mutants that do not claim every profile say so.
            match self.mutant {
                Mutant::NoOps => (reply.ops, reply.profiles) = (Some(Vec::new()), None),
                Mutant::DecodeOnly => {
                    (reply.ops, reply.profiles) = (Some(vec!["decode".into()]), None);
                }
                Mutant::ClaimsVerifier => reply.profiles = Some(vec!["verifier".into()]),
                _ => {}
            }
        } else {
            self.mutate(req, &mut reply.response);
        }
        if self.mutant == Mutant::UnsupportedRejections && reply.response.ok == Some(false) {
            return unsupported();
        }
        if self.mutant == Mutant::WrongId && target {
            reply.id = reply.id.map(|id| id + 1);
        }
        Action::reply(&reply)
    }

    /// The request as the buggy front end passes it on, if it changes it.
    fn rewrite(&self, req: &Request) -> Option<Request> {
        match self.mutant {
            Mutant::TrustDuplicates => {
                // Parsed into a map, the last of two members wins.
                let doc = req.trust.as_ref()?;
                let v: serde_json::Value = serde_json::from_str(doc.text()).ok()?;
                Some(Request {
                    trust: Some(Document::from_value(&v)),
                    ..req.clone()
                })
            }
            Mutant::LaxVersion => {
                // `UQ1…:` read as version 1, whatever the digits after the 1.
                let text = req.text.as_deref()?;
                let colon = text.get(..6)?.find(':')?;
                let lax = text.starts_with("UQ1") && colon > 3;
                lax.then(|| Request {
                    text: Some(format!("UQ1:{}", &text[colon + 1..])),
                    ..req.clone()
                })
            }
            _ => None,
        }
    }

    /// The QR text of a verify or scan_verify request.
    fn text(req: &Request) -> Option<String> {
        match req.op.as_str() {
            "verify" => req.text.clone(),
            "scan_verify" => {
                let image = B64.decode(req.image.as_deref()?).ok()?;
                uniqr_qr::scan(&image).ok().map(|s| s.text)
            }
            _ => None,
        }
    }

    /// The trust and revocation lists of a verify request, by name or inline.
    fn context(&self, req: &Request) -> Context {
        match &req.context {
            Some(name) => self.contexts.get(name).cloned().flatten(),
            None => load(req.trust.as_ref(), req.revoked.as_ref()),
        }
    }

    /// Re-runs a rejected verification through the buggy path.
    fn reverify(&self, req: &Request, r: &mut Response) {
        let (Some(text), Some(ctx), Some(now)) = (
            Self::text(req),
            self.context(req),
            req.now.as_deref().and_then(uniqr::timefmt::parse_strict),
        ) else {
            return;
        };
        *r = match lax_verify(self.mutant, &text, &ctx, now) {
            Ok((payload, claims)) => valid(&payload, &claims),
            Err(e) => rejection(&e),
        };
    }

    fn mutate(&self, req: &Request, r: &mut Response) {
        let error = r.error.clone().unwrap_or_default();
        let rejected = r.ok == Some(false);
        let accepted = r.ok == Some(true);
        match self.mutant {
            Mutant::SkipSignature if error == "SIGNATURE_INVALID" => self.reverify(req, r),
            Mutant::AcceptExpired if error == "EXPIRED" => self.reverify(req, r),
            Mutant::IgnoreRevocation if error == "REVOKED" => self.reverify(req, r),
            Mutant::AcceptUntagged if error == "COSE_INVALID" => self.reverify(req, r),
            Mutant::AcceptUnprotectedKid if error == "KID_INVALID" => self.reverify(req, r),
            Mutant::AcceptNoncanonical if error == "CBOR_NONCANONICAL" => {
                // A general-purpose CBOR decoder takes the message as it is;
                // the reference has no such decoder to rebuild the content
                // from, and the judge needs only the verdict here.
                *r = Response {
                    ok: Some(true),
                    payload: Some(serde_json::json!({})),
                    claims: Some(serde_json::json!({})),
                    header: (req.op == "decode").then(|| serde_json::json!({})),
                    ..Response::default()
                };
            }
            Mutant::StripDiacritics if accepted => {
                let names = r
                    .payload
                    .as_mut()
                    .and_then(|p| p.get_mut("nam"))
                    .and_then(serde_json::Value::as_object_mut);
                for (k, v) in names.into_iter().flatten() {
                    if let (true, serde_json::Value::String(s)) = (k == "fn" || k == "gn", v) {
                        *s = strip_marks(s);
                    }
                }
            }
            Mutant::TruncateNames if accepted => {
                let names = r
                    .payload
                    .as_mut()
                    .and_then(|p| p.get_mut("nam"))
                    .and_then(serde_json::Value::as_object_mut);
                for (k, v) in names.into_iter().flatten() {
                    if let (true, serde_json::Value::String(s)) = (k == "fn" || k == "gn", v) {
                        *s = s.chars().take(3).collect();
                    }
                }
            }
            Mutant::ByteModeRenderer if accepted && req.op == "render" => {
                // A text too long for byte mode is refused as the reference
                // refuses a text too long for alphanumeric mode.
                *r = match req.text.as_deref().and_then(byte_mode_png) {
                    Some(png) => Response {
                        ok: Some(true),
                        image: Some(B64.encode(png)),
                        ..Response::default()
                    },
                    None => rejection(&Error::Qr(QrError::TextNotEncodable)),
                };
            }
            Mutant::RendererLevelL if accepted && req.op == "render" => {
                let png = req.text.as_deref().and_then(level_l_png);
                if let Some(png) = png {
                    r.image = Some(B64.encode(png));
                }
            }
            Mutant::NoncanonicalIssuer if accepted && req.op == "encode" => {
                let text = r.text.as_deref().zip(req.key.as_ref());
                if let Some(t) = text.and_then(|(t, k)| noncanonical_text(t, k)) {
                    r.text = Some(t);
                }
            }
            Mutant::TruncatePartialDates if accepted => {
                let dob = r.payload.as_mut().and_then(|p| p.get_mut("dob"));
                if let Some(serde_json::Value::String(d)) = dob
                    && is_year_month(d)
                {
                    d.truncate(4);
                }
            }
            Mutant::RejectEddsa if Self::uses_eddsa(req) => {
                *r = Response {
                    ok: Some(false),
                    error: Some("ALG_UNSUPPORTED".into()),
                    message: Some("EdDSA is not supported".into()),
                    ..Response::default()
                };
            }
            Mutant::OneErrorCode if rejected => r.error = Some(ONE_CODE.into()),
            Mutant::AcceptDerSignature if error == "SIGNATURE_INVALID" => self.reverify(req, r),
            Mutant::TrimIdeographicSpace
                if error == "PAYLOAD_INVALID"
                    && message(req).is_some_and(|m| has_ideographic_space(&m)) =>
            {
                // Trimmed, the texts pass; the judge needs only the verdict.
                *r = Response {
                    ok: Some(true),
                    payload: Some(serde_json::json!({})),
                    claims: Some(serde_json::json!({})),
                    header: (req.op == "decode").then(|| serde_json::json!({})),
                    ..Response::default()
                };
            }
            Mutant::TimeBeforeUsage if error == "KEY_USAGE_DENIED" => {
                let now = req.now.as_deref().and_then(uniqr::timefmt::parse_strict);
                let iat = message(req).and_then(|m| iat(&m));
                if let (Some(now), Some(iat)) = (now, iat)
                    && now < iat
                {
                    *r = rejection(&Error::Time(TimeError::NotYetValid));
                }
            }
            Mutant::ScannerFailsDegraded
                if req.op == "scan_verify"
                    && req
                        .image
                        .as_deref()
                        .and_then(|b| B64.decode(b).ok())
                        .is_some_and(|i| is_degraded(&i)) =>
            {
                *r = Response {
                    ok: Some(false),
                    error: Some("QR_UNREADABLE".into()),
                    message: Some("no QR symbol found".into()),
                    ..Response::default()
                };
            }
            _ => {}
        }
    }

    /// Whether a request carries an EdDSA code or an EdDSA signing key.
    fn uses_eddsa(req: &Request) -> bool {
        match req.op.as_str() {
            "verify" | "decode" => req
                .text
                .as_deref()
                .and_then(|t| uniqr::codec::unwrap_text(t).ok())
                .is_some_and(|msg| Sign1::parse(&msg).is_ok_and(|s| s.alg == Alg::EdDsa)),
            "encode" => req
                .key
                .as_ref()
                .and_then(|k| serde_json::from_str::<serde_json::Value>(k.text()).ok())
                .is_some_and(|k| k.pointer("/key/alg").is_some_and(|a| a == "EdDSA")),
            _ => false,
        }
    }
}

/// Answers one line; `None` for a blank line.
fn answer(v: &mut Vendor, line: &str) -> Option<Action> {
    if line.trim().is_empty() {
        return None;
    }
    Some(match serde_json::from_str::<Request>(line) {
        Ok(req) => v.handle(&req),
        Err(e) => Action::reply(&Reply::error(
            None,
            "PROTOCOL",
            &format!("not a request: {e}"),
        )),
    })
}

fn emit(out: &mut impl Write, action: Action, name: &str) -> std::io::Result<()> {
    let line = match action {
        Action::Line(l) => l,
        Action::Abort => {
            eprintln!("mutant_vendor {name}: aborting on the target input");
            // No core file: the test wants the signal, fast, not a dump.
            let mut core = rustix::process::getrlimit(rustix::process::Resource::Core);
            core.current = Some(0);
            let _ = rustix::process::setrlimit(rustix::process::Resource::Core, core);
            std::process::abort();
        }
        Action::Hang => loop {
            std::thread::sleep(Duration::from_secs(3600));
        },
    };
    out.write_all(line.as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()
}

fn serve(v: &mut Vendor, per_case: bool) -> std::io::Result<()> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    while let Some(line) = read_line(&mut input)? {
        if let Some(action) = answer(v, &line) {
            emit(&mut out, action, v.name)?;
            if per_case {
                break;
            }
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let per_case = args.iter().any(|a| a == "--per-case");
    let names: Vec<&String> = args.iter().filter(|a| *a != "--per-case").collect();
    let found = match names.as_slice() {
        [name] => MUTANTS.iter().find(|(n, _)| n == name),
        _ => None,
    };
    let Some(&(name, mutant)) = found else {
        let all: Vec<&str> = MUTANTS.iter().map(|(n, _)| *n).collect();
        eprintln!(
            "usage: mutant_vendor MUTANT [--per-case]\nMUTANT: {}",
            all.join(", ")
        );
        return ExitCode::from(2);
    };
    match serve(&mut Vendor::new(name, mutant), per_case) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mutant_vendor {name}: {e}");
            ExitCode::FAILURE
        }
    }
}
