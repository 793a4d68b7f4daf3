//! Waivers: the expected-failure baseline (TOML,
//! `spec/schema/baseline.schema.json`). A vendor adopts the suite gradually
//! by listing the failures it knows about, each with a reason, optionally a
//! tracking `issue` and a date it `expires` on. A waived failure makes the
//! verdict `CONFORMANT WITH N WAIVERS`, never `CONFORMANT`. A baseline that
//! goes stale (a listed case now passes, or a glob matches nothing) or
//! holds an expired waiver fails the run, and the runner prints the exact
//! lines to change.
//!
//! Version 2 files say `version = 2`; files without `version` are version
//! 1, which had neither `issue` nor `expires`, and are still read.

use serde::{Deserialize, Serialize};

use crate::vectors::{Case, Outcome};

/// The baseline format this runner writes.
pub const VERSION: u32 = 2;

/// One waiver.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// A glob over case ids (`*` and `?`), e.g. `cbor-*`.
    pub case: String,
    /// The outcome kind expected, e.g. `wrong_error`, or `any`.
    pub outcome: String,
    /// Why this failure is accepted for now (mandatory, non-empty).
    pub reason: String,
    /// Where the fix is tracked: an `http(s)` URL (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// The last day the waiver holds, `YYYY-MM-DD` (version 2); from the
    /// next day it fails the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// A baseline file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// 1 or 2; absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The entries, in file order.
    #[serde(default)]
    pub expected: Vec<Entry>,
}

/// Outcome kinds a baseline may list (the failing ones).
pub const FAILURE_KINDS: [&str; 10] = [
    "accepted_invalid",
    "rejected_valid",
    "wrong_error",
    "wrong_payload",
    "wrong_encoding",
    "crash",
    "timeout",
    "protocol_error",
    "refused",
    "any",
];

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Unix seconds of the start of a `YYYY-MM-DD` day, UTC.
fn day_start(date: &str) -> Option<i64> {
    uniqr::timefmt::parse_strict(&format!("{date}T00:00:00Z"))
}

impl Baseline {
    /// Parses and checks a baseline.
    ///
    /// # Errors
    /// A message for bad TOML, an unknown version, a bad glob, an unknown
    /// outcome kind, an empty reason, or (version 2) a bad `issue` URL or
    /// `expires` date; version 1 entries may not carry `issue` or
    /// `expires`.
    pub fn parse(toml_text: &str) -> Result<Baseline, String> {
        let b: Baseline = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        let version = b.version.unwrap_or(1);
        if !(1..=VERSION).contains(&version) {
            return Err(format!(
                "version = {version}: this runner reads versions 1 and {VERSION}"
            ));
        }
        for e in &b.expected {
            let at = format!("case = {:?}", e.case);
            glob::Pattern::new(&e.case).map_err(|err| format!("{at}: {err}"))?;
            if !FAILURE_KINDS.contains(&e.outcome.as_str()) {
                return Err(format!(
                    "{at}: outcome {:?} is not one of {}",
                    e.outcome,
                    FAILURE_KINDS.join(", ")
                ));
            }
            if e.reason.trim().is_empty() {
                return Err(format!("{at}: a reason is mandatory"));
            }
            if version == 1 && (e.issue.is_some() || e.expires.is_some()) {
                return Err(format!(
                    "{at}: issue and expires need version = {VERSION} at the top of the file"
                ));
            }
            if let Some(url) = &e.issue {
                let scheme = url.starts_with("https://") || url.starts_with("http://");
                if !scheme || url.chars().any(char::is_whitespace) {
                    return Err(format!("{at}: issue {url:?} is not an http(s) URL"));
                }
            }
            if let Some(date) = &e.expires {
                day_start(date)
                    .ok_or_else(|| format!("{at}: expires {date:?} is not a YYYY-MM-DD date"))?;
            }
        }
        Ok(b)
    }

    /// Whether a waiver has expired at `now` (Unix seconds): after the end
    /// of its `expires` day, UTC.
    fn expired(e: &Entry, now: i64) -> bool {
        e.expires
            .as_deref()
            .and_then(day_start)
            .is_some_and(|start| now >= start + DAY)
    }

    fn find(&self, id: &str, now: i64) -> Option<&Entry> {
        self.expected.iter().find(|e| {
            !Baseline::expired(e, now)
                && glob::Pattern::new(&e.case)
                    .map(|p| p.matches(id))
                    .unwrap_or(false)
        })
    }

    /// Applies the baseline at time `now` to one judged case: a failure of
    /// the listed kind, under a waiver that has not expired, becomes
    /// [`Outcome::ExpectedFailure`].
    pub fn apply(&self, case: &Case, outcome: Outcome, now: i64) -> Outcome {
        match self.find(&case.id, now) {
            Some(e)
                if outcome.is_failure() && (e.outcome == "any" || e.outcome == outcome.kind()) =>
            {
                Outcome::ExpectedFailure {
                    actual: outcome.kind().into(),
                    reason: e.reason.clone(),
                }
            }
            _ => outcome,
        }
    }

    /// The expired waivers at `now`, as the lines to change.
    pub fn expired_lines(&self, now: i64) -> Vec<String> {
        self.expected
            .iter()
            .filter(|e| Baseline::expired(e, now))
            .map(|e| {
                format!(
                    "expired on {}: {}",
                    e.expires.as_deref().unwrap_or_default(),
                    entry_toml(e)
                )
            })
            .collect()
    }

    /// Stale entries, as the lines to remove: unexpired entries matching no
    /// case of the run, and entries whose every matched case passed.
    pub fn stale(&self, results: &[(&Case, &Outcome)], now: i64) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.expected.iter().filter(|e| !Baseline::expired(e, now)) {
            let Ok(p) = glob::Pattern::new(&e.case) else {
                continue;
            };
            let matched: Vec<_> = results.iter().filter(|(c, _)| p.matches(&c.id)).collect();
            let why = if matched.is_empty() {
                "matches no case"
            } else if matched
                .iter()
                .all(|(_, o)| !matches!(o, Outcome::ExpectedFailure { .. }) && !o.is_failure())
            {
                "every matched case passes now"
            } else {
                continue;
            };
            out.push(format!("remove ({why}): {}", entry_toml(e)));
        }
        out
    }

    /// A version-2 baseline listing every failure of a run, one exact id
    /// per entry, each reason to be written by a person.
    pub fn from_failures(results: &[(&Case, &Outcome)]) -> Baseline {
        Baseline {
            version: Some(VERSION),
            expected: results
                .iter()
                .filter(|(_, o)| o.is_failure())
                .map(|(c, o)| Entry {
                    case: c.id.clone(),
                    outcome: o.kind().into(),
                    reason: format!("to explain: {}", o.detail()),
                    issue: None,
                    expires: None,
                })
                .collect(),
        }
    }

    /// The TOML text, with a header comment.
    pub fn to_toml(&self) -> String {
        let mut s = String::from(
            "# uniqr conformance baseline: waived failures, each with a reason, and\n\
             # optionally issue = \"https://…\" and expires = \"YYYY-MM-DD\".\n\
             # A listed case that passes, a glob that matches nothing, or an expired\n\
             # waiver fails the run. Schema: spec/schema/baseline.schema.json.\n\n",
        );
        if let Some(v) = self.version {
            s.push_str(&format!("version = {v}\n\n"));
        }
        for e in &self.expected {
            s.push_str(&format!(
                "[[expected]]\ncase = {}\noutcome = {}\nreason = {}\n",
                quote(&e.case),
                quote(&e.outcome),
                quote(&e.reason)
            ));
            if let Some(i) = &e.issue {
                s.push_str(&format!("issue = {}\n", quote(i)));
            }
            if let Some(x) = &e.expires {
                s.push_str(&format!("expires = {}\n", quote(x)));
            }
            s.push('\n');
        }
        s
    }
}

/// One entry as a TOML inline table.
fn entry_toml(e: &Entry) -> String {
    let mut s = format!(
        "{{ case = {}, outcome = {}, reason = {}",
        quote(&e.case),
        quote(&e.outcome),
        quote(&e.reason)
    );
    if let Some(i) = &e.issue {
        s.push_str(&format!(", issue = {}", quote(i)));
    }
    if let Some(x) = &e.expires {
        s.push_str(&format!(", expires = {}", quote(x)));
    }
    s.push_str(" }");
    s
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = "[[expected]]\ncase = \"a\"\noutcome = \"crash\"\nreason = \"x\"\n";

    #[test]
    fn requires_reasons_and_known_kinds() {
        assert!(
            Baseline::parse("[[expected]]\ncase = \"a\"\noutcome = \"crash\"\nreason = \"\"\n")
                .is_err()
        );
        assert!(
            Baseline::parse("[[expected]]\ncase = \"a\"\noutcome = \"pass\"\nreason = \"x\"\n")
                .is_err()
        );
        assert!(Baseline::parse(&format!("{ENTRY}extra = 1\n")).is_err());
        assert!(
            Baseline::parse(
                "[[expected]]\ncase = \"cbor-*\"\noutcome = \"wrong_error\"\nreason = \"x\"\n"
            )
            .is_ok()
        );
    }

    #[test]
    fn version_2_adds_issue_and_expiry_and_version_1_still_reads() {
        let v2 = format!(
            "version = 2\n{ENTRY}issue = \"https://tracker.example/1\"\nexpires = \"2027-01-31\"\n"
        );
        let b = Baseline::parse(&v2).unwrap();
        assert_eq!(b.expected[0].expires.as_deref(), Some("2027-01-31"));
        assert_eq!(Baseline::parse(ENTRY).unwrap().version, None);
        let e = Baseline::parse(&format!("{ENTRY}expires = \"2027-01-31\"\n")).unwrap_err();
        assert!(e.contains("version = 2"), "{e}");
        for bad in [
            "issue = \"tracker/1\"",
            "issue = \"https://a b\"",
            "expires = \"2027-02-30\"",
            "expires = \"31.01.2027\"",
        ] {
            assert!(
                Baseline::parse(&format!("version = 2\n{ENTRY}{bad}\n")).is_err(),
                "{bad}"
            );
        }
        assert!(Baseline::parse(&format!("version = 3\n{ENTRY}")).is_err());
    }

    #[test]
    fn a_waiver_holds_through_its_expiry_day_and_not_after() {
        let b =
            Baseline::parse(&format!("version = 2\n{ENTRY}expires = \"2027-01-31\"\n")).unwrap();
        let last_second = day_start("2027-02-01").unwrap() - 1;
        assert!(b.expired_lines(last_second).is_empty());
        assert!(b.find("a", last_second).is_some());
        let next_day = last_second + 1;
        let lines = b.expired_lines(next_day);
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].starts_with("expired on 2027-01-31: { case = \"a\""),
            "{}",
            lines[0]
        );
        assert!(b.find("a", next_day).is_none());
    }

    #[test]
    fn written_baselines_parse_back() {
        let b = Baseline {
            version: Some(VERSION),
            expected: vec![Entry {
                case: "cbor-\"odd\"".into(),
                outcome: "crash".into(),
                reason: "a reason, with \"quotes\"".into(),
                issue: Some("https://tracker.example/7".into()),
                expires: Some("2027-06-30".into()),
            }],
        };
        assert_eq!(Baseline::parse(&b.to_toml()).unwrap(), b);
    }
}
