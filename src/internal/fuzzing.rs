//! One function per fuzz target in `fuzz/fuzz_targets/`, each taking raw
//! bytes and asserting the reference's invariants. A failed assertion or a
//! panic is a finding. `tests/fuzz_corpus.rs` replays the checked-in corpus
//! through the same functions, so CI covers it without nightly.
//!
//! The invariants common to every target: the reference never panics, and
//! every error it returns carries a code of [`REGISTRY`].

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Once, OnceLock};

use arbitrary::{Result as ArbResult, Unstructured};
use unicode_normalization::UnicodeNormalization;

use crate::cbor::{self, Value};
use crate::claims::{Claims, MAX_TIME};
use crate::cose::{self, Alg, Sign1};
use crate::error::{Error, Limit, REGISTRY};
use crate::limits::{MAX_ENTRIES, MAX_INFLATED, MAX_NAME_CHARS, MAX_TEXT_LEN};
use crate::payload::{Names, Payload, Recovery, Test, VERSION, Vaccination};
use crate::signer::Signer;
use crate::trust::{Revocations, TrustList};
use crate::{codec, demo, zlib};

/// Asserts that `e` has a registry code, out of `allowed` if given, and that
/// its message formats.
pub fn registered(e: &Error, allowed: &[&str]) {
    let code = e.code();
    assert!(
        REGISTRY.iter().any(|(c, _)| *c == code),
        "{code} is not in the registry"
    );
    assert!(
        allowed.is_empty() || allowed.contains(&code),
        "{code} ({e}) not allowed here: {allowed:?}"
    );
    assert!(!e.message().is_empty());
}

/// The verification context: the golden suite's main trust list plus the
/// demo keys, its revocation list, and [`demo::NOW`].
fn context() -> &'static (TrustList, Revocations) {
    static CTX: OnceLock<(TrustList, Revocations)> = OnceLock::new();
    CTX.get_or_init(|| {
        // The golden suite's main lists, so that corpus texts taken from the
        // vectors reach the signature and time checks.
        let mut keys = TrustList::from_json(include_str!("../../vectors/trust/main.json"))
            .map(|t| t.keys().to_vec())
            .unwrap_or_default();
        for k in demo::trust_list().keys() {
            if !keys.iter().any(|o| o.kid == k.kid) {
                keys.push(k.clone());
            }
        }
        let revoked = Revocations::from_json(include_str!("../../vectors/trust/revoked.json"))
            .unwrap_or_else(|_| Revocations::none());
        (TrustList::new(keys).unwrap_or_default(), revoked)
    })
}

/// The demo signer for `alg`, built once.
fn signer(alg: Alg) -> &'static Signer {
    static ES256: OnceLock<Signer> = OnceLock::new();
    static EDDSA: OnceLock<Signer> = OnceLock::new();
    match alg {
        Alg::Es256 => ES256.get_or_init(|| demo::signer(alg)),
        Alg::EdDsa => EDDSA.get_or_init(|| demo::signer(alg)),
    }
}

/// `verify_text`: arbitrary text (lossy UTF-8) through [`codec::verify`] and
/// [`codec::decode`]. Only registry errors come out; a verified code decodes
/// to the same payload, claims and kid; what decode rejects, verify rejects.
pub fn verify_text(data: &[u8]) {
    check_text(&String::from_utf8_lossy(data));
}

/// The invariants of [`verify_text`] for one text (shared with the QR
/// crate's `scan_image` target).
pub fn check_text(text: &str) {
    let (trust, revoked) = context();
    let verified = codec::verify(text, trust, revoked, demo::NOW);
    let decoded = codec::decode(text);
    if let Err(e) = &verified {
        registered(e, &[]);
    }
    if let Err(e) = &decoded {
        registered(e, &[]);
    }
    match (&verified, &decoded) {
        (Ok(v), Ok(d)) => {
            assert!(text.len() <= MAX_TEXT_LEN);
            assert_eq!(
                (&v.payload, &v.claims, v.kid),
                (&d.payload, &d.claims, d.header.kid)
            );
            assert_eq!(v.payload.validate(), Ok(()));
        }
        (Ok(_), Err(e)) => panic!("verified, but decode rejects with {e}"),
        (Err(_), Err(_)) | (Err(_), Ok(_)) => {}
    }
}

/// `inflate`: the bomb limit holds. Output never exceeds [`MAX_INFLATED`],
/// errors are `DECOMPRESS_INVALID` or `TOO_LARGE`, and accepted output
/// survives a compress/inflate round trip.
pub fn inflate(data: &[u8]) {
    match zlib::inflate(data) {
        Ok(out) => {
            assert!(out.len() <= MAX_INFLATED, "inflated {} bytes", out.len());
            assert_eq!(zlib::inflate(&zlib::compress(&out)).as_ref(), Ok(&out));
        }
        Err(e) => registered(&e, &["DECOMPRESS_INVALID", "TOO_LARGE"]),
    }
}

/// `cbor`: the canonical checks. What the decoder accepts is canonical, so
/// re-encoding gives the input back byte for byte; the same holds through
/// the typed claims and payload models when they accept the value.
pub fn cbor(data: &[u8]) {
    const CBOR: [&str; 3] = ["CBOR_INVALID", "CBOR_NONCANONICAL", "TOO_LARGE"];
    let decoded = cbor::decode(data);
    let message = cbor::decode_message(data);
    match &decoded {
        Ok(v) => {
            assert_eq!(cbor::encode(v), data, "accepted but not canonical");
            typed_round_trip(v, data);
        }
        Err(e) => registered(e, &CBOR),
    }
    // Without a leading tag, the two entry points agree exactly.
    if data.first().is_none_or(|b| b >> 5 != 6) {
        let message = message.as_ref().map(|(tags, v)| (tags.is_empty(), v));
        assert_eq!(message, decoded.as_ref().map(|v| (true, v)));
    }
    match message {
        Ok((tags, v)) => {
            let mut again = Vec::new();
            for t in tags {
                cbor::write_head(6, t, &mut again);
            }
            again.extend(cbor::encode(&v));
            assert_eq!(again, data, "accepted message but not canonical");
        }
        Err(e) => registered(&e, &CBOR),
    }
}

/// Claims and payload maps that parse re-encode to the same bytes.
fn typed_round_trip(v: &Value<'_>, data: &[u8]) {
    match Payload::from_cbor(v) {
        Ok(p) => assert_eq!(cbor::encode(&p.to_cbor()), data),
        Err(e) => registered(&e, &["PAYLOAD_INVALID"]),
    }
    match Claims::from_cbor(v) {
        Ok((claims, payload)) => {
            assert_eq!(claims.validate(), Ok(()));
            if let Ok(p) = Payload::from_cbor(payload) {
                assert_eq!(cbor::encode(&claims.to_cbor(p.to_cbor())), data);
            }
        }
        Err(e) => registered(&e, &["CLAIMS_INVALID"]),
    }
}

/// `cose`: inflated COSE bytes through [`Sign1::parse`] and
/// [`codec::verify_cose`]. A parsed message is canonical (it re-serializes
/// to the input, with the one canonical protected header).
pub fn cose(data: &[u8]) {
    match Sign1::parse(data) {
        Ok(s) => {
            assert_eq!(s.protected, cose::protected_header(s.alg, &s.kid));
            assert_eq!(cose::serialize(s.protected, s.payload, s.signature), data);
        }
        Err(e) => registered(
            &e,
            &[
                "CBOR_INVALID",
                "CBOR_NONCANONICAL",
                "TOO_LARGE",
                "COSE_INVALID",
                "ALG_UNSUPPORTED",
                "KID_INVALID",
            ],
        ),
    }
    let (trust, revoked) = context();
    match codec::verify_cose(data, trust, revoked, demo::NOW) {
        Ok(v) => assert_eq!(v.payload.validate(), Ok(())),
        Err(e) => registered(&e, &[]),
    }
}

/// `roundtrip`: a valid payload and claims built from the bytes
/// ([`arbitrary_sample`]) are encoded with a demo signer, verified with the
/// demo keys, and come back equal. An encode may fail only with `TOO_LARGE`,
/// for the text or the inflated size limit (R-LIM-1, R-LIM-2).
pub fn roundtrip(data: &[u8]) {
    let Ok(s) = arbitrary_sample(&mut Unstructured::new(data)) else {
        return;
    };
    assert_eq!(
        s.payload.validate(),
        Ok(()),
        "builder made an invalid payload"
    );
    assert_eq!(s.claims.validate(), Ok(()), "builder made invalid claims");
    let json = serde_json::to_string(&s.payload).unwrap_or_default();
    assert_eq!(Payload::from_json(&json).as_ref(), Ok(&s.payload));
    let signer = signer(s.alg);
    let text = match codec::encode(&s.payload, signer, &s.claims) {
        Ok(text) => text,
        Err(e) => {
            let limit = matches!(e, Error::TooLarge(Limit::Text | Limit::Inflated));
            assert!(limit, "encode failed: {e}");
            return;
        }
    };
    assert!(text.len() <= MAX_TEXT_LEN);
    let (trust, _) = context();
    let v = codec::verify(&text, trust, &Revocations::none(), s.now);
    let v = v.unwrap_or_else(|e| panic!("encoded code does not verify: {e}"));
    assert_eq!(
        (v.payload, v.claims, v.kid),
        (s.payload, s.claims, signer.kid())
    );
}

/// Runs `f`; panics that `f` catches itself stay silent, while a panic that
/// escapes `f` is raised again as a finding, with its original message.
pub fn contained<T>(f: impl FnOnce() -> T) -> T {
    thread_local! {
        static DEPTH: Cell<u32> = const { Cell::new(0) };
        static LAST: RefCell<String> = const { RefCell::new(String::new()) };
    }
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        // Wraps whatever hook is installed (libFuzzer's aborts the process).
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) == 0 {
                previous(info);
            } else {
                LAST.with(|l| *l.borrow_mut() = info.to_string());
            }
        }));
    });
    DEPTH.with(|d| d.set(d.get() + 1));
    let r = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    match r {
        Ok(v) => v,
        Err(_) => panic!("panic escaped: {}", LAST.with(|l| l.borrow().clone())),
    }
}

/// A valid payload with claims, a demo signing algorithm and a verification
/// time inside the claims' validity, as built by [`arbitrary_sample`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    /// The payload (satisfies [`Payload::validate`]).
    pub payload: Payload,
    /// The claims, issuer `VN-HN` and `iat` inside the demo keys' window.
    pub claims: Claims,
    /// The demo signer's algorithm.
    pub alg: Alg,
    /// A time in `iat..exp`.
    pub now: i64,
}

/// Demo key window (see [`demo`]): 2025-01-01 to 2031-01-01.
const KEY_WINDOW: (i64, i64) = (1_735_689_600, 1_924_992_000);

/// Maps arbitrary bytes to a valid [`Sample`] across the whole schema:
/// Vietnamese, Cyrillic and Kazakh letters (and 4-byte characters), partial
/// dates of birth, every entry kind and optional field, sizes up to the
/// limits. Only running out of bytes is an error.
///
/// # Errors
/// [`arbitrary::Error`] if the bytes run out early.
pub fn arbitrary_sample(u: &mut Unstructured<'_>) -> ArbResult<Sample> {
    let alg = if u.arbitrary()? {
        Alg::EdDsa
    } else {
        Alg::Es256
    };
    let iat = u.int_in_range(KEY_WINDOW.0..=KEY_WINDOW.1 - 1)?;
    let exp = iat + 1 + u.int_in_range(0..=MAX_TIME - iat - 2)?;
    let now = u.int_in_range(iat..=exp - 1)?;
    let claims = Claims {
        iss: signer(alg).issuer().to_owned(),
        iat,
        exp,
        cti: u.arbitrary()?,
    };
    Ok(Sample {
        payload: arbitrary_payload(u)?,
        claims,
        alg,
        now,
    })
}

/// Maps arbitrary bytes to a payload that satisfies [`Payload::validate`].
///
/// # Errors
/// [`arbitrary::Error`] if the bytes run out early.
pub fn arbitrary_payload(u: &mut Unstructured<'_>) -> ArbResult<Payload> {
    Ok(Payload {
        ver: VERSION.into(),
        pid: chars(u, 1, 64, PID)?,
        nam: Names {
            family: opt(u, native)?,
            fnt: icao(u)?,
            gn: opt(u, native)?,
            gnt: opt(u, icao)?,
        },
        dob: dob(u)?,
        v: entries(u, |u| {
            Ok(Vaccination {
                tg: snomed(u)?,
                vp: code(u)?,
                mp: code(u)?,
                ma: code(u)?,
                dn: u.int_in_range(1..=9)?,
                sd: u.int_in_range(1..=9)?,
                dt: date(u)?,
                co: country(u)?,
                is: native(u)?,
                ci: native(u)?,
            })
        })?,
        t: entries(u, |u| {
            Ok(Test {
                tg: snomed(u)?,
                tt: (*u.choose(&["LP6464-4", "LP217198-3"])?).into(),
                nm: opt(u, native)?,
                ma: opt(u, code)?,
                sc: format!(
                    "{}T{:02}:{:02}:{:02}Z",
                    date(u)?,
                    u.int_in_range(0..=23)?,
                    u.int_in_range(0..=59)?,
                    u.int_in_range(0..=59)?
                ),
                tr: (*u.choose(&["260415000", "260373001"])?).into(),
                tc: opt(u, native)?,
                co: country(u)?,
                is: native(u)?,
                ci: native(u)?,
            })
        })?,
        r: entries(u, |u| {
            let (a, b) = (date(u)?, date(u)?);
            let (df, du) = if a <= b { (a, b) } else { (b, a) };
            Ok(Recovery {
                tg: snomed(u)?,
                fr: date(u)?,
                co: country(u)?,
                is: native(u)?,
                df,
                du,
                ci: native(u)?,
            })
        })?,
    })
}

const PID: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._-";
const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const CODE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._-";
/// Letters of native names: Vietnamese, Russian, Kazakh, Latin, punctuation,
/// combining marks (composed by NFC) and a few 4-byte characters.
const SCRIPTS: [&str; 6] = [
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz  -'.,",
    "ĂÂĐÊÔƠƯăâđêôơưÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ",
    "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "ӘәҒғҚқҢңӨөҰұҮүҺһІі",
    "\u{300}\u{301}\u{303}\u{309}\u{323}\u{306}\u{302}",
    "\u{1F600}\u{20BB7}\u{1D400}𝔘",
];

fn chars(u: &mut Unstructured<'_>, min: usize, max: usize, set: &str) -> ArbResult<String> {
    let set: Vec<char> = set.chars().collect();
    let n = u.int_in_range(min..=max)?;
    (0..n).map(|_| u.choose(&set).copied()).collect()
}

/// Native text (R-PAY-3): mixed scripts, NFC, trimmed, 1 to 80 characters.
fn native(u: &mut Unstructured<'_>) -> ArbResult<String> {
    let n = u.int_in_range(1..=MAX_NAME_CHARS)?;
    let mut s = String::new();
    for _ in 0..n {
        let script: Vec<char> = u.choose(&SCRIPTS)?.chars().collect();
        s.push(*u.choose(&script)?);
    }
    let s: String = s.nfc().take(MAX_NAME_CHARS).collect();
    let s = s.trim();
    Ok(if s.is_empty() { "A".into() } else { s.into() })
}

/// ICAO 9303 transliteration: `[A-Z]`, inner `<`, 1 to 80 characters.
fn icao(u: &mut Unstructured<'_>) -> ArbResult<String> {
    let inner = chars(u, 0, MAX_NAME_CHARS - 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ<<<")?;
    let mut s = chars(u, 1, 1, UPPER)?;
    if !inner.is_empty() || u.arbitrary()? {
        s.push_str(&inner);
        s.push_str(&chars(u, 1, 1, UPPER)?);
    }
    Ok(s)
}

fn opt<T>(
    u: &mut Unstructured<'_>,
    f: impl FnOnce(&mut Unstructured<'_>) -> ArbResult<T>,
) -> ArbResult<Option<T>> {
    Ok(if u.arbitrary()? { Some(f(u)?) } else { None })
}

/// 1 to 8 entries; sometimes copies of one, which compress well, so that
/// big payloads still fit the text limit and reach the inflated limit.
fn entries<T: Clone>(
    u: &mut Unstructured<'_>,
    mut f: impl FnMut(&mut Unstructured<'_>) -> ArbResult<T>,
) -> ArbResult<Option<Vec<T>>> {
    if !u.arbitrary::<bool>()? {
        return Ok(None);
    }
    let n = u.int_in_range(1..=MAX_ENTRIES)?;
    if u.arbitrary()? {
        return Ok(Some(vec![f(u)?; n]));
    }
    (0..n).map(|_| f(u)).collect::<ArbResult<_>>().map(Some)
}

fn date(u: &mut Unstructured<'_>) -> ArbResult<String> {
    let y: u32 = u.int_in_range(1900..=2099)?;
    let m: u32 = u.int_in_range(1..=12)?;
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let d: u32 = u.int_in_range(1..=days)?;
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// Date of birth: full, `YYYY-MM`, `YYYY` or empty.
fn dob(u: &mut Unstructured<'_>) -> ArbResult<String> {
    let full = date(u)?;
    let keep = *u.choose(&[10, 7, 4, 0])?;
    Ok(full[..keep].to_owned())
}

fn snomed(u: &mut Unstructured<'_>) -> ArbResult<String> {
    Ok(format!(
        "{}{}",
        chars(u, 1, 1, "123456789")?,
        chars(u, 5, 17, "0123456789")?
    ))
}

fn code(u: &mut Unstructured<'_>) -> ArbResult<String> {
    let first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    Ok(chars(u, 1, 1, first)? + &chars(u, 0, 49, CODE)?)
}

fn country(u: &mut Unstructured<'_>) -> ArbResult<String> {
    chars(u, 2, 2, UPPER)
}
