//! The payload layer (R-PAY-*): the identity block and the optional health
//! entries, with EU DCC v1.3 field names.
//!
//! The logical model is JSON ([`Payload`] with serde, schema in
//! `spec/schema/payload.schema.json`); on the wire it is a CBOR map with text
//! keys ([`Payload::from_cbor`], [`Payload::to_cbor`]). Both directions go
//! through one rule checker,
//! [`Payload::validate`], so the encoder can never emit what the verifier
//! rejects. Rules are checked in Rust rather than by a JSON Schema engine on
//! the hot path; a test proves the schema and the rules agree.

mod cbor;
mod rules;

use serde::{Deserialize, Serialize};

use crate::error::{Error, PayloadError};

/// The one payload schema version of UNIQR v1 (R-PAY-1).
pub const VERSION: &str = "1.0.0";

/// A UNIQR payload: the identity block and the optional vaccination (`v`),
/// test (`t`) and recovery (`r`) entries (R-PAY-*).
///
/// Field names are the member names of the wire and JSON forms (but
/// [`Names::family`] is `fn`). Deserializing with serde checks the shape only;
/// [`Payload::from_json`] also checks every rule.
///
/// ```
/// use uniqr::Payload;
///
/// let p = Payload::from_json(r#"{
///     "ver": "1.0.0", "pid": "VN-079-0001", "dob": "1990-05",
///     "nam": {"fn": "Nguyễn", "fnt": "NGUYEN", "gn": "Văn An", "gnt": "VAN<AN"}
/// }"#)?;
/// assert_eq!(p.nam.family.as_deref(), Some("Nguyễn"));
/// assert!(p.v.is_none() && p.t.is_none() && p.r.is_none()); // identity only
/// # Ok::<(), uniqr::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    /// Schema version, exactly `"1.0.0"`.
    pub ver: String,
    /// Opaque personal identifier that authorised systems query.
    pub pid: String,
    /// Names in native script and ICAO 9303 transliteration.
    #[serde(deserialize_with = "crate::json::object")]
    pub nam: Names,
    /// Date of birth: `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or empty.
    pub dob: String,
    /// Vaccination entries.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present_objects"
    )]
    pub v: Option<Vec<Vaccination>>,
    /// Test entries.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present_objects"
    )]
    pub t: Option<Vec<Test>>,
    /// Recovery entries.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present_objects"
    )]
    pub r: Option<Vec<Recovery>>,
}

/// Names (EU DCC `nam`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// Family name in native script.
    #[serde(
        rename = "fn",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present"
    )]
    pub family: Option<String>,
    /// Family name, ICAO 9303 transliteration (`[A-Z<]`), required.
    pub fnt: String,
    /// Given name in native script.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present"
    )]
    pub gn: Option<String>,
    /// Given name, ICAO 9303 transliteration.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present"
    )]
    pub gnt: Option<String>,
}

/// A vaccination entry (EU DCC `v`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vaccination {
    /// Disease or agent targeted (SNOMED CT).
    pub tg: String,
    /// Vaccine or prophylaxis.
    pub vp: String,
    /// Medicinal product.
    pub mp: String,
    /// Marketing authorisation holder or manufacturer.
    pub ma: String,
    /// Dose number, 1 to 9.
    pub dn: i64,
    /// Total doses in the series, 1 to 9.
    pub sd: i64,
    /// Date of vaccination.
    pub dt: String,
    /// Country of vaccination.
    pub co: String,
    /// Certificate issuer.
    pub is: String,
    /// Certificate identifier.
    pub ci: String,
}

/// A test entry (EU DCC `t`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Test {
    /// Disease or agent targeted.
    pub tg: String,
    /// Type of test (`LP6464-4` NAAT or `LP217198-3` RAT).
    pub tt: String,
    /// NAAT test name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present"
    )]
    pub nm: Option<String>,
    /// RAT test device identifier.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present"
    )]
    pub ma: Option<String>,
    /// Sample collection time, `YYYY-MM-DDThh:mm:ssZ`.
    pub sc: String,
    /// Test result (`260415000` not detected, `260373001` detected).
    pub tr: String,
    /// Testing centre.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present"
    )]
    pub tc: Option<String>,
    /// Country of test.
    pub co: String,
    /// Certificate issuer.
    pub is: String,
    /// Certificate identifier.
    pub ci: String,
}

/// A recovery entry (EU DCC `r`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// Disease or agent targeted.
    pub tg: String,
    /// Date of the first positive test.
    pub fr: String,
    /// Country of test.
    pub co: String,
    /// Certificate issuer.
    pub is: String,
    /// Certificate valid from.
    pub df: String,
    /// Certificate valid until.
    pub du: String,
    /// Certificate identifier.
    pub ci: String,
}

/// The kinds of content a signing key may be allowed to sign (R-TRUST-5).
///
/// ```
/// use uniqr::payload::EntryKind;
///
/// assert_eq!(EntryKind::ALL.map(EntryKind::name), ["id", "v", "t", "r"]);
/// assert_eq!(EntryKind::from_name("t"), Some(EntryKind::T));
/// assert_eq!(EntryKind::from_name("T"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// An identity-only code (no entries).
    Id,
    /// Vaccination entries.
    V,
    /// Test entries.
    T,
    /// Recovery entries.
    R,
}

impl EntryKind {
    /// All kinds, in canonical order.
    pub const ALL: [EntryKind; 4] = [EntryKind::Id, EntryKind::V, EntryKind::T, EntryKind::R];

    /// The name in trust lists and the CLI: `id`, `v`, `t`, `r` (see the
    /// type's example).
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Id => "id",
            EntryKind::V => "v",
            EntryKind::T => "t",
            EntryKind::R => "r",
        }
    }

    /// Parses [`EntryKind::name`] (see the type's example).
    ///
    /// # Errors
    /// `None` for any other text; the file loaders report that as
    /// `TRUST_LIST_INVALID` or `KEY_FILE_INVALID`.
    pub fn from_name(s: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

impl Payload {
    /// Parses and validates the JSON form (R-JSON-3: no unknown members, no
    /// `null`).
    ///
    /// ```
    /// use uniqr::Payload;
    ///
    /// let ok = r#"{"ver": "1.0.0", "pid": "A-1", "nam": {"fnt": "DOE"}, "dob": ""}"#;
    /// assert_eq!(Payload::from_json(ok)?.pid, "A-1");
    ///
    /// let lower = r#"{"ver": "1.0.0", "pid": "A-1", "nam": {"fnt": "doe"}, "dob": ""}"#;
    /// assert_eq!(Payload::from_json(lower).unwrap_err().code(), "PAYLOAD_INVALID");
    /// # Ok::<(), uniqr::Error>(())
    /// ```
    ///
    /// # Errors
    /// `PAYLOAD_INVALID` if the JSON does not have the schema's shape or breaks
    /// a rule of [`Payload::validate`].
    pub fn from_json(json: &str) -> Result<Payload, Error> {
        let p = Payload::parse_json(json)?;
        p.validate()?;
        Ok(p)
    }

    /// Reads the JSON form's shape only (R-JSON-3, R-PAY-10 types; objects
    /// where the schema has maps), leaving the other rules to
    /// [`Payload::validate`]: for an encoder that checks the claims before
    /// the payload (R-ENC-4).
    ///
    /// ```
    /// use uniqr::Payload;
    ///
    /// let lower = r#"{"ver": "1.0.0", "pid": "A-1", "nam": {"fnt": "doe"}, "dob": ""}"#;
    /// assert!(Payload::parse_json(lower).is_ok());
    /// let array = r#"{"ver": "1.0.0", "pid": "A-1", "nam": ["DOE"], "dob": ""}"#;
    /// assert_eq!(Payload::parse_json(array).unwrap_err().code(), "PAYLOAD_INVALID");
    /// ```
    ///
    /// # Errors
    /// `PAYLOAD_INVALID` if the JSON does not have the schema's shape.
    pub fn parse_json(json: &str) -> Result<Payload, Error> {
        crate::json::from_str_object(json).ok_or(Error::Payload(PayloadError::Type))
    }

    /// The entry kinds this payload needs its signing key to allow:
    /// `{id}` for an identity-only code, else the kinds present (R-TRUST-5).
    ///
    /// ```
    /// use uniqr::payload::EntryKind;
    ///
    /// let mut p = uniqr::demo::sample_payload();
    /// assert_eq!(p.required_usage(), [EntryKind::V]);
    /// p.v = None;
    /// assert_eq!(p.required_usage(), [EntryKind::Id]);
    /// ```
    pub fn required_usage(&self) -> Vec<EntryKind> {
        let mut kinds = Vec::new();
        if self.v.is_some() {
            kinds.push(EntryKind::V);
        }
        if self.t.is_some() {
            kinds.push(EntryKind::T);
        }
        if self.r.is_some() {
            kinds.push(EntryKind::R);
        }
        if kinds.is_empty() {
            kinds.push(EntryKind::Id);
        }
        kinds
    }
}
