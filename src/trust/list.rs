//! The trust list (`spec/schema/trust-list.schema.json`).

use serde::{Deserialize, Serialize};

use crate::claims::is_issuer;
use crate::cose::Alg;
use crate::error::{Error, FileError, LoadError};
use crate::hex;
use crate::key::{Jwk, PublicKey};
use crate::payload::EntryKind;
use crate::timefmt;

/// The `format` value of a trust list file.
pub const FORMAT: &str = "uniqr-trust-list";

/// The set of entry kinds a key may sign (R-TRUST-5).
///
/// ```
/// use uniqr::{payload::EntryKind, trust::Usage};
///
/// let u = Usage::from_names(&["v", "id"]).unwrap();
/// assert!(u.allows(EntryKind::V) && !u.allows(EntryKind::T));
/// assert_eq!(u.kinds(), [EntryKind::Id, EntryKind::V]);
/// assert_eq!(u.names(), ["id", "v"]); // canonical order
/// assert_eq!(Usage::from_kinds(&[EntryKind::Id, EntryKind::V]), u);
/// assert_eq!(Usage::ALL.names(), ["id", "v", "t", "r"]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Usage(u8);

impl Usage {
    /// Every kind: `id`, `v`, `t`, `r`.
    pub const ALL: Usage = Usage(0b1111);

    fn bit(k: EntryKind) -> u8 {
        1 << (k as u8)
    }

    /// Builds a usage set from kinds; repeats are harmless and an empty
    /// slice gives the empty set, which no trust list may hold (see the
    /// type's example).
    pub fn from_kinds(kinds: &[EntryKind]) -> Usage {
        Usage(kinds.iter().fold(0, |a, k| a | Usage::bit(*k)))
    }

    /// Whether `k` is allowed (see the type's example).
    pub fn allows(self, k: EntryKind) -> bool {
        self.0 & Usage::bit(k) != 0
    }

    /// The kinds allowed, in canonical order (see the type's example).
    pub fn kinds(self) -> Vec<EntryKind> {
        EntryKind::ALL
            .into_iter()
            .filter(|k| self.allows(*k))
            .collect()
    }

    /// Parses a list of names, as in a trust list's `usage` (R-TRUST-7).
    ///
    /// ```
    /// use uniqr::trust::Usage;
    ///
    /// assert_eq!(Usage::from_names(&["id", "v", "t", "r"]), Some(Usage::ALL));
    /// assert_eq!(Usage::from_names(&["v", "v"]), None);
    /// assert_eq!(Usage::from_names::<&str>(&[]), None);
    /// ```
    ///
    /// # Errors
    /// `None` for an empty list, an unknown name or a repeat; the file
    /// loaders report that as `TRUST_LIST_INVALID` or `KEY_FILE_INVALID`.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Option<Usage> {
        let mut u = 0u8;
        for n in names {
            let bit = Usage::bit(EntryKind::from_name(n.as_ref())?);
            if u & bit != 0 {
                return None;
            }
            u |= bit;
        }
        (u != 0).then_some(Usage(u))
    }

    /// The names, in canonical order (see the type's example).
    pub fn names(self) -> Vec<String> {
        self.kinds().iter().map(|k| k.name().to_owned()).collect()
    }
}

/// One trusted key: a public key with the issuer it signs for, what it may
/// sign and when it may issue (R-TRUST-3 to R-TRUST-5). Validated when it
/// comes from [`KeyEntry::to_trusted`], a loaded list or a signer.
///
/// ```
/// use uniqr::payload::EntryKind;
///
/// let trust = uniqr::demo::trust_list();
/// let key = &trust.keys()[0];
/// assert_eq!((key.issuer.as_str(), key.not_before), ("VN-HN", 1_735_689_600));
/// assert!(key.usage.allows(EntryKind::T));
/// // Back to the JSON entry of a trust list.
/// assert_eq!(key.to_entry().not_before, "2025-01-01T00:00:00Z");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedKey {
    /// The key id, SHA-256(SPKI)[..8].
    pub kid: [u8; 8],
    /// The public key.
    pub key: PublicKey,
    /// The issuer the key signs for.
    pub issuer: String,
    /// What the key may sign.
    pub usage: Usage,
    /// First second at which `iat` may lie (inclusive).
    pub not_before: i64,
    /// End of the window for `iat` (exclusive).
    pub not_after: i64,
}

/// The JSON form of a key entry, shared by trust lists and key files; see
/// [`KeyEntry::to_trusted`] and [`TrustedKey::to_entry`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyEntry {
    /// Lowercase hex of the 8-byte kid.
    pub kid: String,
    /// `ES256` or `EdDSA`.
    pub alg: String,
    /// Issuer code, e.g. `VN-HN`.
    pub issuer: String,
    /// Allowed kinds: a non-empty subset of `id`, `v`, `t`, `r`.
    pub usage: Vec<String>,
    /// `YYYY-MM-DDThh:mm:ssZ`, inclusive.
    pub not_before: String,
    /// `YYYY-MM-DDThh:mm:ssZ`, exclusive.
    pub not_after: String,
    /// The key.
    #[serde(deserialize_with = "crate::json::object")]
    pub jwk: Jwk,
}

impl KeyEntry {
    /// Validates an entry (R-TRUST-7), ignoring any private `d` in its JWK.
    ///
    /// ```
    /// use uniqr::{error::FileError, trust::KeyEntry};
    ///
    /// let mut entry = uniqr::demo::trust_list().keys()[0].to_entry();
    /// assert_eq!(entry.to_trusted()?.issuer, "VN-HN");
    /// entry.kid = "0000000000000000".into();
    /// assert_eq!(entry.to_trusted().unwrap_err(), FileError::KidMismatch);
    /// # Ok::<(), FileError>(())
    /// ```
    ///
    /// # Errors
    /// The [`FileError`] that describes the first problem: the key
    /// ([`FileError::Key`]), `alg` ([`FileError::Alg`]), the kid
    /// ([`FileError::Field`] or [`FileError::KidMismatch`]), the issuer, usage
    /// or times ([`FileError::Field`]), or the window ([`FileError::Window`]).
    /// The loaders report it as `TRUST_LIST_INVALID` or `KEY_FILE_INVALID`.
    pub fn to_trusted(&self) -> Result<TrustedKey, FileError> {
        let mut public = self.jwk.clone();
        public.d = None;
        let key = PublicKey::from_jwk(&public)?;
        let alg = Alg::from_name(&self.alg).ok_or(FileError::Alg)?;
        if alg != key.alg() {
            return Err(FileError::Alg);
        }
        let kid = hex::decode_array::<8>(&self.kid).ok_or(FileError::Field)?;
        if kid != key.kid() {
            return Err(FileError::KidMismatch);
        }
        if !is_issuer(&self.issuer) {
            return Err(FileError::Field);
        }
        let usage = Usage::from_names(&self.usage).ok_or(FileError::Field)?;
        let not_before = timefmt::parse_strict(&self.not_before).ok_or(FileError::Field)?;
        let not_after = timefmt::parse_strict(&self.not_after).ok_or(FileError::Field)?;
        if not_after <= not_before {
            return Err(FileError::Window);
        }
        Ok(TrustedKey {
            kid,
            key,
            issuer: self.issuer.clone(),
            usage,
            not_before,
            not_after,
        })
    }
}

impl TrustedKey {
    /// The JSON entry (public parts only); see the type's example.
    pub fn to_entry(&self) -> KeyEntry {
        KeyEntry {
            kid: hex::encode(&self.kid),
            alg: self.key.alg().name().into(),
            issuer: self.issuer.clone(),
            usage: self.usage.names(),
            not_before: timefmt::format(self.not_before).unwrap_or_default(),
            not_after: timefmt::format(self.not_after).unwrap_or_default(),
            jwk: self.key.to_jwk(),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    version: u32,
    #[serde(deserialize_with = "crate::json::objects")]
    keys: Vec<KeyEntry>,
}

/// A trust list: keys with unique kids. From [`TrustList::from_json`] every
/// entry is also validated (R-TRUST-7), every kid matching its key.
///
/// Load it once from the file the health authority publishes and reuse it
/// for every verification. The default is the empty list, which trusts no
/// one.
///
/// ```
/// use uniqr::TrustList;
///
/// let json = r#"{
///   "format": "uniqr-trust-list",
///   "version": 1,
///   "keys": [{
///     "kid": "34ab1fb581078f39", "alg": "EdDSA", "issuer": "VN-HN",
///     "usage": ["id", "v", "t", "r"],
///     "not_before": "2025-01-01T00:00:00Z", "not_after": "2031-01-01T00:00:00Z",
///     "jwk": {"kty": "OKP", "crv": "Ed25519", "x": "IssYSsFp2QX_U0svTgcAuvhtAPXTsGYi0m3ZrAJq6uc"}
///   }]
/// }"#;
/// let trust = TrustList::from_json(json)?;
/// assert_eq!(trust.keys().len(), 1);
/// let kid = uniqr::hex::decode_array::<8>("34ab1fb581078f39").unwrap();
/// assert_eq!(trust.find(&kid).map(|k| k.issuer.as_str()), Some("VN-HN"));
/// assert!(trust.find(&[0; 8]).is_none());
/// assert_eq!(TrustList::from_json(&trust.to_json())?, trust);
/// # Ok::<(), uniqr::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustList {
    keys: Vec<TrustedKey>,
}

impl TrustList {
    /// Builds a trust list from keys as they are: only the kids' uniqueness is
    /// checked, so build each key with [`KeyEntry::to_trusted`] (or take it
    /// from a loaded list or a signer).
    ///
    /// ```
    /// use uniqr::TrustList;
    ///
    /// let key = uniqr::demo::trust_list().keys()[0].clone();
    /// assert_eq!(TrustList::new(vec![key.clone()])?.keys().len(), 1);
    /// let err = TrustList::new(vec![key.clone(), key]).unwrap_err();
    /// assert_eq!(err.code(), "TRUST_LIST_INVALID");
    /// # Ok::<(), uniqr::Error>(())
    /// ```
    ///
    /// # Errors
    /// `TRUST_LIST_INVALID` if two keys share a kid (R-TRUST-6).
    pub fn new(keys: Vec<TrustedKey>) -> Result<TrustList, Error> {
        let mut kids: Vec<_> = keys.iter().map(|k| k.kid).collect();
        kids.sort_unstable();
        if kids.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::Load(LoadError::TrustList(FileError::Duplicate)));
        }
        Ok(TrustList { keys })
    }

    /// Parses and validates a trust list file (R-TRUST-6 to R-TRUST-9,
    /// `spec/schema/trust-list.schema.json`); see the type's example.
    ///
    /// ```
    /// use uniqr::TrustList;
    ///
    /// let empty = r#"{"format": "uniqr-trust-list", "version": 1, "keys": []}"#;
    /// assert!(TrustList::from_json(empty)?.keys().is_empty());
    /// let v2 = empty.replace("1,", "2,");
    /// assert_eq!(TrustList::from_json(&v2).unwrap_err().code(), "TRUST_LIST_INVALID");
    /// # Ok::<(), uniqr::Error>(())
    /// ```
    ///
    /// # Errors
    /// `TRUST_LIST_INVALID` for bad JSON, an unknown format or version, a bad
    /// entry or key (R-TRUST-7, R-KEY-2), private key material (R-TRUST-8),
    /// or duplicate kids (R-TRUST-6).
    pub fn from_json(json: &str) -> Result<TrustList, Error> {
        let err = |e| Error::Load(LoadError::TrustList(e));
        let file: File = crate::json::from_str_object(json).ok_or(err(FileError::Json))?;
        if file.format != FORMAT || file.version != 1 {
            return Err(err(FileError::Version));
        }
        let keys = file
            .keys
            .iter()
            .map(|e| {
                // R-TRUST-8: never accept (or silently strip) a private key.
                if e.jwk.d.is_some() {
                    return Err(err(FileError::PrivateKey));
                }
                e.to_trusted().map_err(err)
            })
            .collect::<Result<Vec<_>, _>>()?;
        TrustList::new(keys)
    }

    /// The file form, pretty-printed, keys in the given order (see the
    /// type's example).
    pub fn to_json(&self) -> String {
        let file = File {
            format: FORMAT.into(),
            version: 1,
            keys: self.keys.iter().map(TrustedKey::to_entry).collect(),
        };
        let mut s = serde_json::to_string_pretty(&file).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Finds the key with this kid (see the type's example).
    ///
    /// # Errors
    /// `None` if no key has this kid; [`verify`](crate::verify) reports that
    /// as `KEY_UNKNOWN`.
    pub fn find(&self, kid: &[u8; 8]) -> Option<&TrustedKey> {
        self.keys.iter().find(|k| &k.kid == kid)
    }

    /// The keys, in file order (see the type's example).
    pub fn keys(&self) -> &[TrustedKey] {
        &self.keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::SecretKey;

    fn entry(alg: Alg, seed: u8) -> KeyEntry {
        let key = SecretKey::from_seed(alg, [seed; 32]).public();
        TrustedKey {
            kid: key.kid(),
            key,
            issuer: "VN-HN".into(),
            usage: Usage::ALL,
            not_before: 1_767_225_600,
            not_after: 1_893_456_000,
        }
        .to_entry()
    }

    fn load(keys: Vec<KeyEntry>) -> Result<TrustList, Error> {
        let f = File {
            format: FORMAT.into(),
            version: 1,
            keys,
        };
        TrustList::from_json(&serde_json::to_string(&f).unwrap())
    }

    #[test]
    fn round_trips_through_json() {
        let t = load(vec![entry(Alg::Es256, 1), entry(Alg::EdDsa, 2)]).unwrap();
        assert_eq!(TrustList::from_json(&t.to_json()).unwrap(), t);
    }

    #[test]
    fn rejects_duplicate_kids() {
        let e = load(vec![entry(Alg::Es256, 1), entry(Alg::Es256, 1)]).unwrap_err();
        assert_eq!(e, Error::Load(LoadError::TrustList(FileError::Duplicate)));
        assert_eq!(e.code(), "TRUST_LIST_INVALID");
    }

    #[test]
    fn rejects_kid_that_does_not_match_the_key() {
        let mut e = entry(Alg::Es256, 1);
        e.kid = entry(Alg::Es256, 2).kid;
        assert_eq!(
            load(vec![e]).unwrap_err(),
            Error::Load(LoadError::TrustList(FileError::KidMismatch))
        );
    }

    #[test]
    fn rejects_bad_fields() {
        let cases: [fn(&mut KeyEntry); 6] = [
            |e| e.alg = "EdDSA".into(),
            |e| e.usage = vec![],
            |e| e.usage = vec!["v".into(), "v".into()],
            |e| e.issuer = "Hanoi".into(),
            |e| e.not_after = e.not_before.clone(),
            |e| e.not_before = "2026-01-01".into(),
        ];
        for (i, f) in cases.iter().enumerate() {
            let mut e = entry(Alg::Es256, 1);
            f(&mut e);
            assert_eq!(
                load(vec![e]).unwrap_err().code(),
                "TRUST_LIST_INVALID",
                "case {i}"
            );
        }
        assert_eq!(
            TrustList::from_json("{").unwrap_err().code(),
            "TRUST_LIST_INVALID"
        );
        assert_eq!(
            TrustList::from_json(r#"{"format":"uniqr-trust-list","version":2,"keys":[]}"#)
                .unwrap_err(),
            Error::Load(LoadError::TrustList(FileError::Version))
        );
    }
}
