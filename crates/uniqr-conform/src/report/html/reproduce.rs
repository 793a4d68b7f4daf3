//! The command that reruns one failing case, for a vendor to paste.

use super::*;

/// Quotes a word for a POSIX shell: inside single quotes nothing is special
/// but the single quote itself, written `'\''`.
pub(super) fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A shell word, quoted only when it needs to be.
pub(super) fn sh_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if plain { s.to_owned() } else { sh_quote(s) }
}

/// The command that re-runs one case against the same vendor, and the
/// notes on what the report cannot know.
pub(super) fn reproduce(p: &Provenance, c: &CaseReport) -> (String, Vec<String>) {
    // `--filter` takes a glob: a custom suite's ids may hold `*?[`.
    let mut cmd = format!(
        "uniqr conform --filter {}",
        sh_word(&glob::Pattern::escape(&c.id))
    );
    let mut notes = Vec::new();
    let v = &p.vendor;
    match v.mode.as_str() {
        "persistent" => {
            let _ = write!(cmd, " --vendor {}", sh_quote(&v.command));
        }
        "spawn-per-case" => {
            let _ = write!(cmd, " --vendor {} --spawn-per-case", sh_quote(&v.command));
        }
        "library-isolated" => {
            let _ = write!(cmd, " --vendor-lib {}", sh_word(&v.command));
        }
        "library-in-process" => {
            let _ = write!(cmd, " --vendor-lib {} --in-process", sh_word(&v.command));
        }
        // The built-in reference: no vendor flag.
        "in-process" => {}
        other => notes.push(format!(
            "add the vendor flags of the run: this report does not know the vendor mode {other:?}"
        )),
    }
    if p.claim.source == Source::Flag {
        for prof in &p.claim.profiles {
            let _ = write!(cmd, " --profile {}", prof.name());
        }
    }
    // A time-out is only reproduced under the same limit.
    if matches!(c.outcome, Outcome::Timeout { .. })
        && let Some(ms) = p.options.get("timeout_ms").and_then(|v| v.as_u64())
    {
        let _ = write!(cmd, " --timeout-ms {ms}");
    }
    match p.suite_kind {
        SuiteKind::Official => {}
        SuiteKind::Custom => notes.push("add --suite DIR if you ran a suite folder".into()),
        SuiteKind::Modified => notes.push(
            "add --suite DIR --allow-modified-suite if you ran a suite folder (the suite was modified)"
                .into(),
        ),
    }
    (cmd, notes)
}
