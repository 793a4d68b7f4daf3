//! Conformance profiles (`spec/harness-protocol.md`, "Profiles"): what a
//! vendor claims to do, each defined by the one operation it requires. A
//! verdict is only ever about the claimed profiles, and every case of their
//! operations must run: an `unsupported` reply to a claimed operation is a
//! failure (`refused`), and only cases of unclaimed operations are
//! `skipped` (R-H-11, R-H-12).

use serde::Serialize;

use crate::vectors::Op;

/// A conformance profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Verifies QR text: operation `verify`.
    Verifier,
    /// Verifies QR images: operation `scan_verify`.
    Scanner,
    /// Issues codes: operation `encode`.
    Issuer,
    /// Shows codes without verifying them: operation `decode`.
    Inspector,
    /// Draws QR symbols: operation `render`.
    Renderer,
}

impl Profile {
    /// Every profile, in report order.
    pub const ALL: [Profile; 5] = [
        Profile::Verifier,
        Profile::Scanner,
        Profile::Issuer,
        Profile::Inspector,
        Profile::Renderer,
    ];

    /// The name used in `hello`, `--profile` and reports.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Verifier => "verifier",
            Profile::Scanner => "scanner",
            Profile::Issuer => "issuer",
            Profile::Inspector => "inspector",
            Profile::Renderer => "renderer",
        }
    }

    /// Parses a profile name.
    pub fn parse(s: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == s)
    }

    /// The operation the profile requires; its cases are every case of that
    /// operation.
    pub fn op(self) -> Op {
        match self {
            Profile::Verifier => Op::Verify,
            Profile::Scanner => Op::ScanVerify,
            Profile::Issuer => Op::Encode,
            Profile::Inspector => Op::Decode,
            Profile::Renderer => Op::Render,
        }
    }

    /// The profile an operation belongs to.
    pub fn of(op: Op) -> Profile {
        match op {
            Op::Verify => Profile::Verifier,
            Op::ScanVerify => Profile::Scanner,
            Op::Encode => Profile::Issuer,
            Op::Decode => Profile::Inspector,
            Op::Render => Profile::Renderer,
        }
    }
}

/// Where a claim came from, for reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `--profile` on the command line.
    Flag,
    /// `profiles` in the vendor's hello.
    Hello,
    /// Derived from `ops` in the vendor's hello.
    Ops,
}

/// The profiles a run judges, in report order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Claim {
    /// The claimed profiles, sorted, without duplicates.
    pub profiles: Vec<Profile>,
    /// Where the claim came from.
    pub source: Source,
}

impl Claim {
    /// Resolves the claim: `--profile` flags override what the vendor's
    /// hello says; with neither, the profiles follow from the operations
    /// the hello lists.
    ///
    /// # Errors
    /// A message for an unknown profile or operation name in the hello, and
    /// "nothing to certify" when the result is empty.
    pub fn resolve(
        flags: &[Profile],
        hello_profiles: Option<&[String]>,
        hello_ops: Option<&[String]>,
    ) -> Result<Claim, String> {
        let (mut profiles, source) = if !flags.is_empty() {
            (flags.to_vec(), Source::Flag)
        } else if let Some(names) = hello_profiles.filter(|p| !p.is_empty()) {
            let parsed = names
                .iter()
                .map(|n| {
                    Profile::parse(n).ok_or_else(|| {
                        format!(
                            "the vendor's hello claims profile {n:?}; profiles are {}",
                            names_of(&Profile::ALL)
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            (parsed, Source::Hello)
        } else {
            let ops = hello_ops.unwrap_or_default();
            let parsed = ops
                .iter()
                .map(|o| {
                    Op::parse(o)
                        .map(Profile::of)
                        .ok_or_else(|| format!("the vendor's hello lists unknown operation {o:?}"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            (parsed, Source::Ops)
        };
        profiles.sort();
        profiles.dedup();
        if profiles.is_empty() {
            return Err(
                "nothing to certify: the vendor claims no profile and lists no \
                        operation in its hello (see --profile)"
                    .into(),
            );
        }
        Ok(Claim { profiles, source })
    }

    /// Every profile, for the built-in reference.
    pub fn all() -> Claim {
        Claim {
            profiles: Profile::ALL.to_vec(),
            source: Source::Hello,
        }
    }

    /// Whether cases of `op` belong to the claim.
    pub fn covers(&self, op: Op) -> bool {
        self.profiles.contains(&Profile::of(op))
    }

    /// The operations of the claimed profiles.
    pub fn ops(&self) -> Vec<Op> {
        self.profiles.iter().map(|p| p.op()).collect()
    }

    /// `verifier, scanner`.
    pub fn names(&self) -> String {
        names_of(&self.profiles)
    }
}

fn names_of(profiles: &[Profile]) -> String {
    profiles
        .iter()
        .map(|p| p.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn flags_override_the_hello_and_the_hello_overrides_the_ops() {
        let ops = strings(&["verify", "decode", "encode"]);
        let claimed = strings(&["scanner"]);
        let c = Claim::resolve(&[Profile::Issuer], Some(&claimed), Some(&ops)).unwrap();
        assert_eq!(
            (c.profiles, c.source),
            (vec![Profile::Issuer], Source::Flag)
        );
        let c = Claim::resolve(&[], Some(&claimed), Some(&ops)).unwrap();
        assert_eq!(
            (c.profiles, c.source),
            (vec![Profile::Scanner], Source::Hello)
        );
        let c = Claim::resolve(&[], None, Some(&ops)).unwrap();
        assert_eq!(
            (c.names(), c.source),
            ("verifier, issuer, inspector".to_owned(), Source::Ops)
        );
        assert!(c.covers(Op::Decode) && !c.covers(Op::ScanVerify));
    }

    #[test]
    fn claiming_nothing_is_nothing_to_certify() {
        let e = Claim::resolve(&[], Some(&[]), Some(&[])).unwrap_err();
        assert!(e.starts_with("nothing to certify"), "{e}");
        assert!(Claim::resolve(&[], None, None).is_err());
    }

    #[test]
    fn unknown_names_in_the_hello_are_errors() {
        let e = Claim::resolve(&[], Some(&strings(&["verifyer"])), None).unwrap_err();
        assert!(e.contains("\"verifyer\""), "{e}");
        let e = Claim::resolve(&[], None, Some(&strings(&["sign"]))).unwrap_err();
        assert!(e.contains("\"sign\""), "{e}");
    }

    #[test]
    fn names_round_trip() {
        for p in Profile::ALL {
            assert_eq!(Profile::parse(p.name()), Some(p));
            assert_eq!(Profile::of(p.op()), p);
        }
    }
}
