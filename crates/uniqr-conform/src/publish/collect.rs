//! Finding the inputs of a results site: each folder is walked without
//! following symlinks, within [`Limits`]; every `*.json` file is read as an
//! attestation (a DSSE envelope), a conformance report or an interop
//! matrix, and other files are passed over.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

use super::model::{self, Interop, Origin, Results, Run, Trust};
use crate::attest::{self, Envelope, LabPublicKey, Predicate, Statement};
use crate::interop::matrix::{self, Matrix};

/// Bounds on what is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most files looked at (of any kind) over all folders.
    pub max_files: usize,
    /// Largest file read; larger ones are ignored with a reason.
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_files: 10_000,
            max_file_bytes: 64 << 20,
        }
    }
}

/// Walks `dirs` and reads every input found, judging attestations with
/// `keys`.
///
/// # Errors
/// A message when a folder cannot be read, is not a folder, or holds more
/// than [`Limits::max_files`] files.
pub fn collect(dirs: &[PathBuf], keys: &[LabPublicKey], limits: Limits) -> Result<Results, String> {
    let mut files = Vec::new();
    for d in dirs {
        let meta = std::fs::symlink_metadata(d).map_err(|e| format!("{}: {e}", d.display()))?;
        if !meta.is_dir() {
            return Err(format!(
                "{}: not a folder (a symlink is not followed)",
                d.display()
            ));
        }
        let mut found = Vec::new();
        walk(d, &mut found, limits.max_files.saturating_sub(files.len()))?;
        // Files are named relative to the folder given, under its own
        // name: the site shows no path of the machine that built it, and
        // the same inputs anywhere give the same site.
        let base = d
            .file_name()
            .map_or_else(|| "input".to_owned(), |n| n.to_string_lossy().into_owned());
        for p in found {
            let rel = p
                .strip_prefix(d)
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned();
            files.push((format!("{base}/{rel}"), p));
        }
    }
    files.sort();
    files.dedup();
    let mut results = Results::default();
    for (name, path) in files {
        if !name.ends_with(".json") {
            continue;
        }
        match read(&path, limits.max_file_bytes) {
            Ok(text) => classify(&mut results, &name, &text, keys),
            Err(why) => {
                results.ignored.insert(name, why);
            }
        }
    }
    Ok(results)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, max: usize) -> Result<(), String> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        // DirEntry::file_type does not follow symlinks: a link is neither
        // a folder nor a file here, and is passed over.
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            walk(&e.path(), out, max)?;
        } else if t.is_file() {
            if out.len() >= max {
                return Err(format!(
                    "{}: more than {max} files in the input folders",
                    dir.display()
                ));
            }
            out.push(e.path());
        }
    }
    Ok(())
}

fn read(path: &Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    f.take(max + 1)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    if buf.len() as u64 > max {
        return Err(format!("larger than {max} bytes"));
    }
    String::from_utf8(buf).map_err(|_| "not UTF-8".into())
}

/// Reads one input file's text into `results`; `source` names it.
pub fn classify(results: &mut Results, source: &str, text: &str, keys: &[LabPublicKey]) {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            if source.ends_with(".intoto.json") {
                results
                    .ignored
                    .insert(source.into(), format!("not JSON: {e}"));
            }
            return;
        }
    };
    if value.get("payloadType").is_some() && value.get("signatures").is_some() {
        match attestation(text, keys) {
            Ok((Predicate::Conformance(p), trust)) => results.add_run(Run {
                predicate: *p,
                source: source.into(),
                origin: Origin::Attestation,
                trust,
            }),
            Ok((Predicate::Interop(p), trust)) => results.add_interop(Interop {
                matrix: None,
                predicate: *p,
                source: source.into(),
                origin: Origin::Attestation,
                trust,
            }),
            Err(why) => {
                results.ignored.insert(source.into(), why);
            }
        }
        return;
    }
    let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
    if format == model::REPORT_FORMAT {
        match model::predicate_from_report(text, "", "") {
            Ok(p) => results.add_run(Run {
                predicate: p,
                source: source.into(),
                origin: Origin::Report,
                trust: Trust::SelfReported {
                    why: "an unsigned report".into(),
                },
            }),
            Err(why) => {
                results.ignored.insert(source.into(), why);
            }
        }
    } else if format == matrix::FORMAT {
        match Matrix::from_json(text) {
            Ok(m) => results.add_interop(Interop {
                predicate: model::matrix_predicate(&m),
                matrix: Some(m),
                source: source.into(),
                origin: Origin::Matrix,
                trust: Trust::SelfReported {
                    why: "an unsigned matrix".into(),
                },
            }),
            Err(why) => {
                results.ignored.insert(source.into(), why);
            }
        }
    } else if source.ends_with(".intoto.json") {
        results
            .ignored
            .insert(source.into(), "not a DSSE envelope".into());
    }
}

/// Judges an envelope: certified if it verifies with one of `keys`, else
/// self-reported with the reason, its statement read without trust.
///
/// # Errors
/// A message when the statement cannot be read at all.
fn attestation(text: &str, keys: &[LabPublicKey]) -> Result<(Predicate, Trust), String> {
    let mut rejected = Vec::new();
    for k in keys {
        match attest::verify(text, k, &[]) {
            Ok(v) => {
                return Ok((v.predicate, Trust::Certified { kid: v.kid.clone() }));
            }
            Err(attest::Rejection::Signature) => {}
            Err(e) => rejected.push(format!("lab key {}: {e}", k.kid())),
        }
    }
    let env: Envelope =
        serde_json::from_str(text).map_err(|e| format!("not a DSSE envelope: {e}"))?;
    let payload = B64
        .decode(&env.payload)
        .map_err(|_| "payload: not standard base64".to_string())?;
    let st: Statement = serde_json::from_slice(&payload)
        .map_err(|e| format!("not a uniqr in-toto statement: {e}"))?;
    let predicate = match st.predicate_type.as_str() {
        attest::CONFORMANCE => serde_json::from_value(st.predicate).map(Predicate::Conformance),
        attest::INTEROP => serde_json::from_value(st.predicate).map(Predicate::Interop),
        other => return Err(format!("unknown predicate type {other:?}")),
    }
    .map_err(|e| format!("predicate: {e}"))?;
    let kids: Vec<&str> = env.signatures.iter().map(|s| s.keyid.as_str()).collect();
    let named = keys.iter().any(|k| kids.contains(&k.kid()));
    let why = if let Some(first) = rejected.first() {
        format!("attestation rejected: {first}")
    } else if keys.is_empty() {
        "attestation not checked: no lab key was given".into()
    } else if named {
        "attestation rejected: its signature does not verify (the envelope was changed)".into()
    } else {
        format!(
            "attestation signed by a lab key that is not trusted here (kid {})",
            kids.join(", ")
        )
    };
    Ok((predicate, Trust::SelfReported { why }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attest::{LabKey, Subject};

    pub(crate) const REPORT: &str = r#"{"format":"uniqr-conformance-report","version":2,"complete":true,
      "verdict":{"kind":"not_conformant","text":"NOT CONFORMANT (verifier): 1 failure","profiles":["verifier"],"waivers":0,"partial":[]},
      "provenance":{"runner":"uniqr 0.1.0","suite_version":"1.0.0","suite_digest":"ab","suite_kind":"official",
        "suite_cases":2,"selected_cases":2,"vendor":{"command":"v","mode":"persistent","name":"Acme <V>","version":"1","protocol":1,"ops":[]},
        "claim":{},"filters":[],"skips":[],"options":{},"started":"2026-06-01T00:00:00Z","finished":"2026-06-01T00:01:00Z"},
      "totals":{"pass":1,"accepted_invalid":1},"categories":{},"stale_baseline":[],"expired_waivers":[],
      "cases":[{"id":"a","category":"c","requirements":["R-SIG-1"],"outcome":{"kind":"pass"}},
               {"id":"b","category":"c","requirements":["R-SIG-1","R-ORD-1"],"outcome":{"kind":"accepted_invalid"}}]}"#;

    fn envelope(seed: u8) -> String {
        let p = model::predicate_from_report(REPORT, "00", "lab").unwrap();
        attest::sign(
            vec![Subject::of("report.json", REPORT.as_bytes())],
            attest::CONFORMANCE,
            &p,
            &LabKey::from_seed([seed; 32]),
        )
        .unwrap()
    }

    #[test]
    fn a_report_reads_as_a_self_reported_run_with_requirement_statuses() {
        let mut r = Results::default();
        classify(&mut r, "d/report.json", REPORT, &[]);
        assert_eq!(r.runs.len(), 1);
        let run = &r.runs[0];
        assert_eq!(run.vendor(), "Acme <V>");
        assert!(!run.trust.certified());
        assert_eq!(run.predicate.requirements["R-SIG-1"], "fail");
        assert_eq!(run.predicate.requirements["R-ORD-1"], "fail");
    }

    #[test]
    fn only_an_attestation_verifying_with_a_given_key_is_certified() {
        let lab = LabKey::from_seed([7; 32]);
        let e = envelope(7);
        let mut r = Results::default();
        classify(&mut r, "a.intoto.json", &e, &[lab.public().clone()]);
        assert_eq!(
            r.runs[0].trust,
            Trust::Certified {
                kid: lab.public().kid().into()
            }
        );
        let other = LabKey::from_seed([8; 32]);
        let mut r = Results::default();
        classify(&mut r, "a.intoto.json", &e, &[other.public().clone()]);
        let Trust::SelfReported { why } = &r.runs[0].trust else {
            panic!("certified by another key")
        };
        assert!(why.contains("not trusted here"), "{why}");
        let mut r = Results::default();
        classify(&mut r, "a.intoto.json", &e, &[]);
        assert!(!r.runs[0].trust.certified());
        let tampered = e.replacen("\"sig\": \"", "\"sig\": \"AAAA", 1);
        let mut r = Results::default();
        classify(&mut r, "a.intoto.json", &tampered, &[lab.public().clone()]);
        let Trust::SelfReported { why } = &r.runs[0].trust else {
            panic!("a tampered envelope is certified")
        };
        assert!(why.contains("does not verify"), "{why}");
    }

    #[test]
    fn an_attestation_and_its_report_are_one_run_kept_as_the_certified_one() {
        let lab = LabKey::from_seed([7; 32]);
        let keys = [lab.public().clone()];
        let mut r = Results::default();
        classify(&mut r, "d/report.json", REPORT, &keys);
        classify(&mut r, "d/run.intoto.json", &envelope(7), &keys);
        classify(&mut r, "d/z/report.json", REPORT, &keys);
        assert_eq!(r.runs.len(), 1);
        assert!(r.runs[0].trust.certified());
        assert_eq!(r.runs[0].source, "d/run.intoto.json");
    }

    #[test]
    fn unreadable_inputs_are_ignored_with_a_reason_and_other_json_is_passed_over() {
        let mut r = Results::default();
        classify(&mut r, "x.intoto.json", "{", &[]);
        classify(&mut r, "baseline.json", "{\"format\":\"other\"}", &[]);
        classify(
            &mut r,
            "report.json",
            "{\"format\":\"uniqr-conformance-report\"}",
            &[],
        );
        assert!(r.runs.is_empty());
        assert_eq!(
            r.ignored.keys().collect::<Vec<_>>(),
            ["report.json", "x.intoto.json"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_walk_follows_no_symlink_and_bounds_the_file_count() {
        let d = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("report.json"), REPORT).unwrap();
        std::os::unix::fs::symlink(outside.path(), d.path().join("linked")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("report.json"), d.path().join("r.json"))
            .unwrap();
        let r = collect(&[d.path().into()], &[], Limits::default()).unwrap();
        assert!(r.runs.is_empty(), "a symlink was followed");
        std::fs::write(d.path().join("a.json"), "{}").unwrap();
        std::fs::write(d.path().join("b.json"), "{}").unwrap();
        let tight = Limits {
            max_files: 1,
            max_file_bytes: 10,
        };
        assert!(collect(&[d.path().into()], &[], tight).is_err());
        let small = Limits {
            max_files: 10,
            max_file_bytes: 10,
        };
        std::fs::write(d.path().join("report.json"), REPORT).unwrap();
        let r = collect(&[d.path().into()], &[], small).unwrap();
        assert!(r.ignored.values().any(|w| w.contains("larger than")));
    }
}
