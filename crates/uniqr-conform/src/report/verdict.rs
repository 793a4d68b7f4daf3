//! The verdict of a run (`spec/harness-protocol.md`, "Verdicts"): one word
//! for what was actually run, never more than was tested.

use serde::Serialize;

use crate::profile::Profile;
use crate::vectors::SuiteKind;

/// The verdict, from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The official suite, intact; no filter or skip glob; every case of
    /// the claimed profiles ran and passed; no waivers; the run completed.
    Conformant,
    /// As [`Kind::Conformant`], but some failures were waived by the
    /// baseline.
    ConformantWithWaivers,
    /// Nothing failed, but the run does not cover what a conformance claim
    /// needs (filtered, skip globs, not completed, custom or modified suite).
    Partial,
    /// A failure, a stale baseline line or an expired waiver.
    NotConformant,
}

/// What the verdict is decided on.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// The claimed profiles.
    pub profiles: Vec<Profile>,
    /// Failing cases (waived ones excluded).
    pub failures: usize,
    /// Waived failures.
    pub waivers: usize,
    /// Stale baseline lines.
    pub stale: usize,
    /// Expired waivers.
    pub expired: usize,
    /// Why the run did not complete, if it did not.
    pub incomplete: Option<String>,
    /// `--filter` was given.
    pub filtered: bool,
    /// `--skip` was given.
    pub skip_globs: bool,
    /// What suite ran.
    pub suite: Option<SuiteKind>,
}

/// The verdict with its reasons, as every report shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The machine-readable word.
    pub kind: Kind,
    /// The words a person reads: `CONFORMANT (verifier, scanner)`,
    /// `CONFORMANT WITH 2 WAIVERS (verifier)`, `PARTIAL (filtered)`,
    /// `NOT CONFORMANT (verifier): 3 failures`.
    pub text: String,
    /// The claimed profiles the verdict is about.
    pub profiles: Vec<Profile>,
    /// Waived failures.
    pub waivers: usize,
    /// Why the run is partial (empty unless it is).
    pub partial: Vec<String>,
}

impl Verdict {
    /// Decides the verdict.
    pub fn decide(f: &Facts) -> Verdict {
        let names: Vec<&str> = f.profiles.iter().map(|p| p.name()).collect();
        let profiles = format!("({})", names.join(", "));
        let mut partial = Vec::new();
        if f.filtered {
            partial.push("filtered (--filter)".to_owned());
        }
        if f.skip_globs {
            partial.push("cases skipped (--skip)".to_owned());
        }
        if let Some(why) = &f.incomplete {
            partial.push(why.clone());
        }
        match f.suite {
            Some(SuiteKind::Official) => {}
            Some(SuiteKind::Custom) => partial.push("custom suite".to_owned()),
            Some(SuiteKind::Modified) => partial.push("modified suite".to_owned()),
            None => partial.push("unknown suite".to_owned()),
        }
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let (kind, text) = if f.failures + f.stale + f.expired > 0 {
            let mut why = Vec::new();
            if f.failures > 0 {
                why.push(plural(f.failures, "failure"));
            }
            if f.stale > 0 {
                why.push(plural(f.stale, "stale baseline line"));
            }
            if f.expired > 0 {
                why.push(plural(f.expired, "expired waiver"));
            }
            (
                Kind::NotConformant,
                format!("NOT CONFORMANT {profiles}: {}", why.join(", ")),
            )
        } else if !partial.is_empty() {
            let mut why = partial.clone();
            if f.waivers > 0 {
                why.push(plural(f.waivers, "waiver"));
            }
            (
                Kind::Partial,
                format!("PARTIAL {profiles}: {}", why.join("; ")),
            )
        } else if f.waivers > 0 {
            (
                Kind::ConformantWithWaivers,
                format!(
                    "CONFORMANT WITH {} {profiles}",
                    plural(f.waivers, "WAIVER").to_uppercase()
                ),
            )
        } else {
            (Kind::Conformant, format!("CONFORMANT {profiles}"))
        };
        Verdict {
            kind,
            text,
            profiles: f.profiles.clone(),
            waivers: f.waivers,
            partial: if kind == Kind::Partial {
                partial
            } else {
                Vec::new()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean() -> Facts {
        Facts {
            profiles: vec![Profile::Verifier, Profile::Scanner],
            suite: Some(SuiteKind::Official),
            ..Facts::default()
        }
    }

    #[test]
    fn only_a_clean_official_complete_run_is_conformant() {
        let v = Verdict::decide(&clean());
        assert_eq!(v.kind, Kind::Conformant);
        assert_eq!(v.text, "CONFORMANT (verifier, scanner)");
    }

    #[test]
    fn waivers_are_named_in_the_verdict() {
        let v = Verdict::decide(&Facts {
            waivers: 2,
            ..clean()
        });
        assert_eq!(v.kind, Kind::ConformantWithWaivers);
        assert_eq!(v.text, "CONFORMANT WITH 2 WAIVERS (verifier, scanner)");
        let one = Verdict::decide(&Facts {
            waivers: 1,
            ..clean()
        });
        assert_eq!(one.text, "CONFORMANT WITH 1 WAIVER (verifier, scanner)");
    }

    #[test]
    fn filters_skips_incomplete_runs_and_other_suites_are_partial() {
        for (facts, reason) in [
            (
                Facts {
                    filtered: true,
                    ..clean()
                },
                "filtered (--filter)",
            ),
            (
                Facts {
                    skip_globs: true,
                    ..clean()
                },
                "cases skipped (--skip)",
            ),
            (
                Facts {
                    incomplete: Some("deadline reached (--deadline-s)".into()),
                    ..clean()
                },
                "deadline reached (--deadline-s)",
            ),
            (
                Facts {
                    suite: Some(SuiteKind::Custom),
                    ..clean()
                },
                "custom suite",
            ),
            (
                Facts {
                    suite: Some(SuiteKind::Modified),
                    waivers: 3,
                    ..clean()
                },
                "modified suite",
            ),
        ] {
            let v = Verdict::decide(&facts);
            assert_eq!(v.kind, Kind::Partial, "{reason}");
            assert_eq!(v.partial, [reason]);
            assert!(
                v.text.starts_with("PARTIAL (verifier, scanner): "),
                "{}",
                v.text
            );
        }
        let v = Verdict::decide(&Facts {
            suite: Some(SuiteKind::Modified),
            waivers: 3,
            ..clean()
        });
        assert!(v.text.ends_with("modified suite; 3 waivers"), "{}", v.text);
    }

    #[test]
    fn any_failure_stale_line_or_expired_waiver_is_not_conformant() {
        let v = Verdict::decide(&Facts {
            failures: 1,
            filtered: true,
            ..clean()
        });
        assert_eq!(v.kind, Kind::NotConformant);
        assert_eq!(v.text, "NOT CONFORMANT (verifier, scanner): 1 failure");
        assert!(v.partial.is_empty());
        let v = Verdict::decide(&Facts {
            stale: 2,
            expired: 1,
            ..clean()
        });
        assert_eq!(
            v.text,
            "NOT CONFORMANT (verifier, scanner): 2 stale baseline lines, 1 expired waiver"
        );
    }
}
