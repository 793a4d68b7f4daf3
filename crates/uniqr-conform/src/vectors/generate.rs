//! The deterministic generator of the golden suite (`uniqr vectors
//! generate`). Everything — keys, codes, images — derives from [`SEED`], so
//! regeneration is byte-identical.
//!
//! Each invalid case carries exactly one defect, built with [`crate::forge`]
//! at its own layer so every other layer stays well-formed; the expected code
//! is the generator's intent, not the reference's output, and a data-driven
//! test checks that the reference agrees. The one exception is the
//! `check-order` category, whose cases carry two defects on purpose.

mod cbor;
mod claims;
mod cose;
mod payload;
mod qr;
mod render;
mod text;
mod valid;
mod validity;

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use sha2::{Digest, Sha256};

use super::{Case, Context, Expected, Input, Op, Suite, suite::MANIFEST};
use crate::forge;
use uniqr::claims::Claims;
use uniqr::cose::Alg;
use uniqr::error::Error;
use uniqr::key::SecretKey;
use uniqr::payload::{EntryKind, Payload};
use uniqr::signer::Signer;
use uniqr::trust::{Revocations, TrustList, Usage};

/// The generator seed ("UQR1").
pub const SEED: u64 = 0x5551_5231;

/// 2026-01-01T00:00:00Z: `iat` of most cases.
pub(crate) const IAT: i64 = 1_767_225_600;
/// 2027-01-01T00:00:00Z: `exp` of most cases.
pub(crate) const EXP: i64 = 1_798_761_600;
/// 2026-06-01T00:00:00Z: `now` of most cases.
pub(crate) const NOW: &str = "2026-06-01T00:00:00Z";
/// The default trust list.
pub(crate) const TRUST: &str = "trust/main.json";
/// The default revocation list.
pub(crate) const REVOKED: &str = "trust/revoked.json";

/// The suite's keys. All are test keys derived from the seed.
pub(crate) struct Keys {
    /// ES256, VN-HN, every usage.
    pub es: Signer,
    /// EdDSA, VN-HN, every usage.
    pub ed: Signer,
    /// ES256, VN-SG, every usage.
    pub es_sg: Signer,
    /// EdDSA, VN-HN, may sign test entries only.
    pub ed_tests: Signer,
    /// ES256, VN-HN, window 2020-01-01 .. 2026-01-01 (ends at IAT).
    pub es_old: Signer,
    /// ES256, VN-HN, window 2026-01-01T00:00:01Z .. 2030.
    pub es_late: Signer,
    /// ES256, VN-HN, not in any trust list.
    pub es_stranger: Signer,
    /// EdDSA, VN-HN, not in any trust list.
    pub ed_stranger: Signer,
}

/// Generator state.
pub(crate) struct Gen {
    rng: ChaCha20Rng,
    pub k: Keys,
    cases: Vec<Case>,
    suite: Suite,
    /// Certificate ids put on the default revocation list.
    revoked: Vec<[u8; 16]>,
}

/// The example payloads bundled with the crate, by name.
pub(crate) fn examples() -> Vec<(&'static str, Payload)> {
    let files: [(&str, &str); 6] = [
        (
            "identity-only",
            include_str!("../../../../examples/payloads/identity-only.json"),
        ),
        (
            "vaccination-two-doses",
            include_str!("../../../../examples/payloads/vaccination-two-doses.json"),
        ),
        (
            "test-negative",
            include_str!("../../../../examples/payloads/test-negative.json"),
        ),
        (
            "recovery",
            include_str!("../../../../examples/payloads/recovery.json"),
        ),
        (
            "rapid-test-kazakh",
            include_str!("../../../../examples/payloads/rapid-test-kazakh.json"),
        ),
        (
            "all-kinds-russian",
            include_str!("../../../../examples/payloads/all-kinds-russian.json"),
        ),
    ];
    files
        .into_iter()
        // Bundled files are checked by tests; a broken one is skipped, and
        // the coverage tests then fail loudly.
        .filter_map(|(n, j)| Payload::from_json(j).ok().map(|p| (n, p)))
        .collect()
}

impl Gen {
    fn new() -> Result<Gen, Error> {
        let mut rng = ChaCha20Rng::seed_from_u64(SEED);
        let mut key = |alg, issuer: &str, usage, nb, na| {
            let mut seed = [0u8; 32];
            rng.fill_bytes(&mut seed);
            Signer::new(SecretKey::from_seed(alg, seed), issuer, usage, nb, na)
        };
        let (nb, na) = (1_735_689_600, 1_924_992_000); // 2025-01-01 .. 2031-01-01
        let k = Keys {
            es: key(Alg::Es256, "VN-HN", Usage::ALL, nb, na)?,
            ed: key(Alg::EdDsa, "VN-HN", Usage::ALL, nb, na)?,
            es_sg: key(Alg::Es256, "VN-SG", Usage::ALL, nb, na)?,
            ed_tests: key(
                Alg::EdDsa,
                "VN-HN",
                Usage::from_kinds(&[EntryKind::T]),
                nb,
                na,
            )?,
            es_old: key(Alg::Es256, "VN-HN", Usage::ALL, 1_577_836_800, IAT)?,
            es_late: key(Alg::Es256, "VN-HN", Usage::ALL, IAT + 1, 1_893_456_000)?,
            es_stranger: key(Alg::Es256, "VN-HN", Usage::ALL, nb, na)?,
            ed_stranger: key(Alg::EdDsa, "VN-HN", Usage::ALL, nb, na)?,
        };
        Ok(Gen {
            rng,
            k,
            cases: Vec::new(),
            suite: Suite::default(),
            revoked: Vec::new(),
        })
    }

    /// Deterministic random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut b = vec![0u8; n];
        self.rng.fill_bytes(&mut b);
        b
    }

    /// The standard claims of a case: a `cti` unique to the case id.
    pub fn claims(&self, id: &str) -> Claims {
        Claims {
            iss: "VN-HN".into(),
            iat: IAT,
            exp: EXP,
            cti: cti_of(id),
        }
    }

    /// The sample payload (two vaccination doses).
    pub fn payload(&self) -> Payload {
        uniqr::demo::sample_payload()
    }

    /// A valid code of the standard shape.
    pub fn code(&self, signer: &Signer, id: &str, payload: &Payload) -> String {
        forge::text_from_cose(&forge::cose(signer, &self.claims(id), payload))
    }

    /// The valid COSE message of the standard shape.
    pub fn cose(&self, id: &str) -> Vec<u8> {
        forge::cose(&self.k.es, &self.claims(id), &self.payload())
    }

    /// A code whose claims bytes are `body`, validly signed by `es`.
    pub fn signed_body(&self, body: &[u8]) -> String {
        let s = &self.k.es;
        forge::text_from_cose(&forge::signed(s, &forge::protected(s), body))
    }

    /// Adds a certificate id to the default revocation list.
    pub fn revoke(&mut self, cti: [u8; 16]) {
        self.revoked.push(cti);
    }

    fn push(&mut self, case: Case) {
        self.cases.push(case);
    }

    /// An invalid verify case in the default context.
    pub fn invalid(
        &mut self,
        cat: &str,
        id: &str,
        title: &str,
        reqs: &[&str],
        text: String,
        code: &str,
    ) {
        self.invalid_at(cat, id, title, reqs, text, code, default_context());
    }

    /// An invalid verify case in a given context.
    #[allow(clippy::too_many_arguments)]
    pub fn invalid_at(
        &mut self,
        cat: &str,
        id: &str,
        title: &str,
        reqs: &[&str],
        text: String,
        code: &str,
        context: Context,
    ) {
        let expected = Expected {
            valid: false,
            error: Some(code.into()),
            ..Expected::default()
        };
        self.push(verify_case(cat, id, title, reqs, text, context, expected));
    }

    /// A valid verify case in a given context, with its exact content.
    #[allow(clippy::too_many_arguments)]
    pub fn valid_at(
        &mut self,
        cat: &str,
        id: &str,
        title: &str,
        reqs: &[&str],
        text: String,
        payload: &Payload,
        claims: &Claims,
        context: Context,
    ) {
        let expected = Expected {
            valid: true,
            payload: serde_json::to_value(payload).ok(),
            claims: serde_json::to_value(claims).ok(),
            ..Expected::default()
        };
        self.push(verify_case(cat, id, title, reqs, text, context, expected));
    }

    /// A valid verify case in the default context.
    #[allow(clippy::too_many_arguments)]
    pub fn valid(
        &mut self,
        cat: &str,
        id: &str,
        title: &str,
        reqs: &[&str],
        text: String,
        payload: &Payload,
        claims: &Claims,
    ) {
        self.valid_at(
            cat,
            id,
            title,
            reqs,
            text,
            payload,
            claims,
            default_context(),
        );
    }

    /// Any case, pushed as is.
    pub fn case(&mut self, case: Case) {
        self.push(case);
    }

    /// Adds a file to the suite.
    pub fn file(&mut self, rel: &str, bytes: Vec<u8>) {
        self.suite.put(rel.into(), bytes);
    }

    fn finish(mut self) -> Result<Suite, String> {
        // Key files and trust lists.
        let k = &self.k;
        let named = [
            ("keys/test-es256-vn-hn.json", &k.es),
            ("keys/test-eddsa-vn-hn.json", &k.ed),
            ("keys/test-es256-vn-sg.json", &k.es_sg),
            ("keys/test-eddsa-vn-hn-tests-only.json", &k.ed_tests),
            ("keys/test-es256-vn-hn-window-ended.json", &k.es_old),
            ("keys/test-es256-vn-hn-window-later.json", &k.es_late),
            ("keys/test-es256-untrusted.json", &k.es_stranger),
            ("keys/test-eddsa-untrusted.json", &k.ed_stranger),
        ];
        let key_files: Vec<(String, Vec<u8>)> = named
            .iter()
            .map(|(p, s)| ((*p).to_owned(), s.to_json().into_bytes()))
            .collect();
        let trusted = [&k.es, &k.ed, &k.es_sg, &k.ed_tests, &k.es_old, &k.es_late]
            .map(|s| s.trusted().clone())
            .to_vec();
        let trust = TrustList::new(trusted).map_err(|e| e.to_string())?;
        let revoked = Revocations::from_ctis(&self.revoked);
        for (p, b) in key_files {
            self.suite.put(p, b);
        }
        self.suite.put(TRUST.into(), trust.to_json().into_bytes());
        self.suite
            .put(REVOKED.into(), revoked.to_json().into_bytes());
        self.suite.put(
            "trust/revoked-none.json".into(),
            Revocations::none().to_json().into_bytes(),
        );
        self.suite
            .put("keys/README.md".into(), KEYS_README.as_bytes().to_vec());
        // Cases.
        self.cases.sort_by(|a, b| a.id.cmp(&b.id));
        // Ids are stable and unique; a second case with an id would
        // silently replace the first one's file.
        if let Some(w) = self.cases.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(format!("two cases have the id {}", w[0].id));
        }
        for c in &self.cases {
            let mut json = serde_json::to_string_pretty(c).map_err(|e| e.to_string())?;
            json.push('\n');
            self.suite
                .put(format!("{}/{}.json", c.category, c.id), json.into_bytes());
        }
        let cases = std::mem::take(&mut self.cases);
        self.suite.set_cases(cases);
        let readme = super::readme::render(&self.suite);
        self.suite.put("README.md".into(), readme.into_bytes());
        let manifest = self.suite.compute_manifest(SEED);
        let mut json = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
        json.push('\n');
        self.suite.put(MANIFEST.into(), json.into_bytes());
        // Re-parse so the result is exactly what a loader sees.
        Suite::from_files(self.suite.files().clone())
    }
}

/// A verify case.
fn verify_case(
    cat: &str,
    id: &str,
    title: &str,
    reqs: &[&str],
    text: String,
    context: Context,
    expected: Expected,
) -> Case {
    Case {
        id: id.into(),
        title: title.into(),
        category: cat.into(),
        requirements: reqs.iter().map(|r| (*r).into()).collect(),
        op: Op::Verify,
        input: Input {
            text: Some(text),
            ..Input::default()
        },
        context: Some(context),
        expected,
    }
}

const KEYS_README: &str = "# TEST KEYS ONLY\n\nThese private keys are derived from the public generator seed of the UNIQR \
golden vectors. Anyone can recompute them. Never trust them outside conformance testing.\n";

/// The default context: 2026-06-01, the main trust list, the default
/// revocation list.
pub(crate) fn default_context() -> Context {
    context_at(NOW)
}

/// The default lists at another time.
pub(crate) fn context_at(now: &str) -> Context {
    Context {
        now: now.into(),
        trust: TRUST.into(),
        revoked: REVOKED.into(),
    }
}

/// A case's certificate id: SHA-256 of its id, truncated to 16 bytes.
pub(crate) fn cti_of(id: &str) -> [u8; 16] {
    let h = Sha256::digest(format!("uniqr-v1-vectors:{id}"));
    let mut c = [0u8; 16];
    c.copy_from_slice(&h[..16]);
    c
}

pub(crate) use crate::forge::{claims_entries, json_cbor, raw_map};

/// Generates the whole suite.
///
/// # Errors
/// A message if a fixed input of the generator is broken (a bug).
pub fn generate() -> Result<Suite, String> {
    let mut g = Gen::new().map_err(|e| e.to_string())?;
    text::cases(&mut g);
    cbor::cases(&mut g);
    cose::cases(&mut g);
    claims::cases(&mut g);
    payload::cases(&mut g);
    validity::cases(&mut g);
    valid::cases(&mut g).map_err(|e| e.to_string())?;
    qr::cases(&mut g).map_err(|e| e.to_string())?;
    render::cases(&mut g);
    g.finish()
}
