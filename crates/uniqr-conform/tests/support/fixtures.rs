//! Shared by the report tests: the embedded suite, a real filtered run of
//! the reference, and a synthetic run with one case of every outcome kind.
#![allow(dead_code)]

use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use uniqr_conform::profile::Claim;
use uniqr_conform::report::{CaseReport, RunReport, VendorInfo};
use uniqr_conform::runner::{self, Options};
use uniqr_conform::vectors::{Case, Outcome, Response, Suite};

/// Categories of the real run: every operation, small enough to snapshot.
pub const CATEGORIES: [&str; 5] = [
    "prefix-version",
    "qr-mode",
    "encode-es256",
    "decode",
    "render",
];

pub fn suite() -> &'static Suite {
    static SUITE: OnceLock<Suite> = OnceLock::new();
    SUITE
        .get_or_init(|| uniqr_conform::vectors::embedded().unwrap_or_else(|e| panic!("suite: {e}")))
}

pub fn options(jobs: usize) -> Options {
    Options {
        filters: CATEGORIES.iter().map(|c| format!("{c}/*")).collect(),
        jobs,
        ..Options::default()
    }
}

pub fn run(opts: &Options) -> RunReport {
    runner::run(suite(), opts, &AtomicBool::new(false), &|_| {})
        .unwrap_or_else(|e| panic!("run: {e}"))
}

/// The reference run over [`CATEGORIES`], with its time stamps.
pub fn reference() -> &'static RunReport {
    static REPORT: OnceLock<RunReport> = OnceLock::new();
    REPORT.get_or_init(|| run(&options(1)))
}

pub fn case(id: &str) -> &'static Case {
    suite()
        .cases()
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

pub fn rejection(code: &str, message: &str) -> Option<Response> {
    Some(Response {
        ok: Some(false),
        error: Some(code.into()),
        message: Some(message.into()),
        ..Response::default()
    })
}

pub fn accepted() -> Option<Response> {
    Some(Response {
        ok: Some(true),
        ..Response::default()
    })
}

/// A run with one case of every outcome kind, hostile text in the details,
/// a stale baseline line, and the incomplete flag.
pub fn synthetic() -> RunReport {
    let s = |t: &str| t.to_owned();
    let cases = vec![
        CaseReport::new(case("decode-eddsa"), Outcome::Pass, accepted()),
        CaseReport::new(
            case("version-uq0"),
            Outcome::AcceptedInvalid {
                expected: s("VERSION_UNSUPPORTED"),
            },
            accepted(),
        ),
        CaseReport::new(
            case("qr-clean-eddsa"),
            Outcome::RejectedValid {
                got: s("QR_UNREADABLE"),
                message: s("no finder <pattern> & \"quotes\" 'here'"),
            },
            rejection("QR_UNREADABLE", "no finder <pattern>"),
        ),
        CaseReport::new(
            case("qr-no-symbol"),
            Outcome::WrongError {
                expected: case("qr-no-symbol")
                    .expected
                    .error
                    .clone()
                    .unwrap_or_default(),
                got: s("SIGNATURE_INVALID"),
            },
            rejection("SIGNATURE_INVALID", "bad signature"),
        ),
        CaseReport::new(
            case("decode-es256"),
            Outcome::WrongPayload {
                diff: s("/payload/pid: expected \"VN-079-0001\", got \"X\"; /claims/iat: missing"),
            },
            accepted(),
        ),
        CaseReport::new(
            case("encode-es256-identity-only"),
            Outcome::WrongEncoding {
                offset: 17,
                layer: s("claims"),
            },
            accepted(),
        ),
        CaseReport::new(
            case("version-uq2"),
            Outcome::Crash {
                detail: s("exit status 101\nthread 'main' panicked at src/lib.rs:1:1: <boom>"),
            },
            None,
        ),
        CaseReport::new(
            case("version-uq9"),
            Outcome::Timeout {
                detail: s("no reply within 5000 ms; process group killed"),
            },
            None,
        ),
        CaseReport::new(
            case("version-uqa"),
            Outcome::ProtocolError {
                detail: s("reply id 7, expected 6: <script>alert(1)</script>"),
            },
            None,
        ),
        CaseReport::new(
            case("qr-byte-mode"),
            Outcome::Skipped {
                reason: s(
                    "scan_verify is outside the claimed profiles (verifier, issuer, inspector)",
                ),
            },
            None,
        ),
        CaseReport::new(
            case("decode-untrusted-key"),
            Outcome::Refused {
                detail: s("answered unsupported to decode, an operation of a claimed profile"),
            },
            Some(Response {
                unsupported: Some(true),
                ..Response::default()
            }),
        ),
        CaseReport::new(
            case("version-uqz-lowercase-letter"),
            Outcome::ExpectedFailure {
                actual: s("wrong_error"),
                reason: s("lowercase prefixes land in release 3.1"),
            },
            rejection("PREFIX_INVALID", "x"),
        ),
    ];
    let mut p = reference().provenance.clone();
    p.selected_cases = cases.len() + 1;
    p.vendor = VendorInfo {
        command: s("python3 acme.py --strict"),
        mode: s("persistent"),
        name: Some(s("acme-verifier")),
        version: Some(s("2.4.0")),
        protocol: Some(1),
        ops: Some(vec![s("verify"), s("decode"), s("encode")]),
    };
    p.claim = Claim::resolve(&[], None, p.vendor.ops.as_deref()).unwrap();
    RunReport::new(
        p,
        Some(s("deadline reached after 1800 s (--deadline-s)")),
        cases,
        vec![s(
            "remove (matches no case): { case = \"gone-*\", outcome = \"any\", reason = \"old\" }",
        )],
        vec![s(
            "expired on 2026-11-30: { case = \"b45-*\", outcome = \"any\", reason = \"x\", expires = \"2026-11-30\" }",
        )],
    )
}
