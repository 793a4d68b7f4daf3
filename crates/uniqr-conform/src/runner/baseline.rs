//! Expected-failure baselines (TOML): a vendor adopts the suite gradually by
//! listing the failures it knows about, each with a reason. A baseline that
//! goes stale — a listed case now passes, or a glob matches nothing — fails
//! the run, and the runner prints the exact lines to change.

use serde::{Deserialize, Serialize};

use crate::vectors::{Case, Outcome};

/// One baseline entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// A glob over case ids (`*` and `?`), e.g. `cbor-*`.
    pub case: String,
    /// The outcome kind expected, e.g. `wrong_error`.
    pub outcome: String,
    /// Why this failure is accepted for now (mandatory, non-empty).
    pub reason: String,
}

/// A baseline file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The entries, in file order.
    #[serde(default)]
    pub expected: Vec<Entry>,
}

/// Outcome kinds a baseline may list (the failing ones).
pub const FAILURE_KINDS: [&str; 9] = [
    "accepted_invalid",
    "rejected_valid",
    "wrong_error",
    "wrong_payload",
    "wrong_encoding",
    "crash",
    "timeout",
    "protocol_error",
    "any",
];

impl Baseline {
    /// Parses and checks a baseline.
    ///
    /// # Errors
    /// A message for bad TOML, a bad glob, an unknown outcome kind or an
    /// empty reason.
    pub fn parse(toml_text: &str) -> Result<Baseline, String> {
        let b: Baseline = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        for e in &b.expected {
            glob::Pattern::new(&e.case).map_err(|err| format!("case = {:?}: {err}", e.case))?;
            if !FAILURE_KINDS.contains(&e.outcome.as_str()) {
                return Err(format!(
                    "case = {:?}: outcome {:?} is not one of {}",
                    e.case,
                    e.outcome,
                    FAILURE_KINDS.join(", ")
                ));
            }
            if e.reason.trim().is_empty() {
                return Err(format!("case = {:?}: a reason is mandatory", e.case));
            }
        }
        Ok(b)
    }

    fn find(&self, id: &str) -> Option<&Entry> {
        self.expected.iter().find(|e| {
            glob::Pattern::new(&e.case)
                .map(|p| p.matches(id))
                .unwrap_or(false)
        })
    }

    /// Applies the baseline to one judged case: a listed failure of the
    /// listed kind becomes [`Outcome::ExpectedFailure`].
    pub fn apply(&self, case: &Case, outcome: Outcome) -> Outcome {
        match self.find(&case.id) {
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

    /// Stale entries, as the lines to remove: entries matching no case of
    /// the run, and entries whose every matched case passed.
    pub fn stale(&self, results: &[(&Case, &Outcome)]) -> Vec<String> {
        let mut out = Vec::new();
        for e in &self.expected {
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

    /// A baseline listing every failure of a run, one exact id per entry.
    pub fn from_failures(results: &[(&Case, &Outcome)]) -> Baseline {
        Baseline {
            expected: results
                .iter()
                .filter(|(_, o)| o.is_failure())
                .map(|(c, o)| Entry {
                    case: c.id.clone(),
                    outcome: o.kind().into(),
                    reason: format!("to explain: {}", o.detail()),
                })
                .collect(),
        }
    }

    /// The TOML text, with a header comment.
    pub fn to_toml(&self) -> String {
        let mut s = String::from(
            "# uniqr conformance baseline: known failures, each with a reason.\n\
             # A listed case that passes, or a glob that matches nothing, fails the run.\n\n",
        );
        for e in &self.expected {
            s.push_str(&format!(
                "[[expected]]\ncase = {}\noutcome = {}\nreason = {}\n\n",
                quote(&e.case),
                quote(&e.outcome),
                quote(&e.reason)
            ));
        }
        s
    }
}

/// One entry as a TOML inline table.
fn entry_toml(e: &Entry) -> String {
    format!(
        "{{ case = {}, outcome = {}, reason = {} }}",
        quote(&e.case),
        quote(&e.outcome),
        quote(&e.reason)
    )
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(
            Baseline::parse(
                "[[expected]]\ncase = \"a\"\noutcome = \"crash\"\nreason = \"x\"\nextra = 1\n"
            )
            .is_err()
        );
        assert!(
            Baseline::parse(
                "[[expected]]\ncase = \"cbor-*\"\noutcome = \"wrong_error\"\nreason = \"x\"\n"
            )
            .is_ok()
        );
    }

    #[test]
    fn written_baselines_parse_back() {
        let b = Baseline {
            expected: vec![Entry {
                case: "cbor-\"odd\"".into(),
                outcome: "crash".into(),
                reason: "a reason, with \"quotes\"".into(),
            }],
        };
        assert_eq!(Baseline::parse(&b.to_toml()).unwrap(), b);
    }
}
