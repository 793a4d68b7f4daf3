//! The standard (`spec/uniqr-v1.md`) agrees with the code: the error registry
//! table is `uniqr::error::REGISTRY`, every requirement id the code cites is
//! defined exactly once, every absolute requirement carries an id, the limits
//! and the check order match, and the worked example is the demo code. The
//! companion documents (harness protocol, vendor ABI, fuzzing) define their
//! own ids under the same rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use uniqr::{Alg, Revocations, demo};

const SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/uniqr-v1.md");

/// Every normative document that defines requirement ids, the standard first.
const DOCS: [&str; 6] = [
    "uniqr-v1.md",
    "harness-protocol.md",
    "vendor-abi.md",
    "fuzzing.md",
    "interop.md",
    "attestation.md",
];

/// The documents written under the standard's requirements language: every
/// line with an absolute keyword is a requirement that starts with its id.
const STRICT_DOCS: [&str; 4] = ["uniqr-v1.md", "fuzzing.md", "interop.md", "attestation.md"];

/// The placeholder of the QR symbol section; while it is there, the R-QR-*
/// ids cited by crate `uniqr-qr` are not yet expected in the spec.
const QR_PLACEHOLDER: &str = "This section is specified in a separate change.";

fn spec() -> String {
    std::fs::read_to_string(SPEC_PATH).unwrap_or_else(|e| panic!("{SPEC_PATH}: {e}"))
}

/// A document of `spec/` by file name.
fn doc(name: &str) -> String {
    let path = format!("{}/spec/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The ids defined in all of [`DOCS`].
fn all_defined_ids() -> BTreeSet<String> {
    DOCS.iter().flat_map(|d| defined_ids(&doc(d))).collect()
}

/// The lines of the `## <title>` section, up to the next `## ` heading.
fn section(spec: &str, title: &str) -> Vec<String> {
    under_heading(spec, &format!("## {title}"))
}

/// The lines under `heading` up to the next heading of the same or a higher
/// level.
fn under_heading(spec: &str, heading: &str) -> Vec<String> {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let mut lines = spec.lines().skip_while(|l| l.trim_end() != heading);
    assert!(lines.next().is_some(), "spec has no heading {heading:?}");
    lines
        .take_while(|l| {
            let hashes = l.chars().take_while(|&c| c == '#').count();
            !(hashes > 0 && hashes <= level && l[hashes..].starts_with(' '))
        })
        .map(str::to_owned)
        .collect()
}

/// The cells of the body rows of the markdown tables in `lines`.
fn table_rows(lines: &[String]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut in_table = false;
    for line in lines {
        let line = line.trim();
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        let cells: Vec<String> = line
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().trim_matches('`').to_owned())
            .collect();
        if !in_table {
            in_table = true; // the header row
            continue;
        }
        if cells
            .iter()
            .all(|c| c.chars().all(|ch| ch == '-' || ch == ':'))
        {
            continue; // the separator row
        }
        rows.push(cells);
    }
    rows
}

/// Every requirement id in `text`, with `A..B` ranges expanded
/// (`R-LIM-3..5`, `R-PAY-2 .. R-PAY-9`, `R-QR-1..R-QR-4`).
fn ids_in(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = text[i..].find("R-") {
        let start = i + off;
        i = start + 2;
        if start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'-') {
            continue;
        }
        let Some((prefix, n, end)) = parse_id(text, start) else {
            continue;
        };
        out.push(format!("R-{prefix}-{n}"));
        i = end;
        // An optional range: spaces, "..", spaces, optional "R-<prefix>-", digits.
        let rest = &text[end..];
        let after_dots = rest.trim_start().strip_prefix("..").map(str::trim_start);
        if let Some(r) = after_dots {
            let r = r.strip_prefix(&format!("R-{prefix}-")).unwrap_or(r);
            let digits: String = r.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(last) = digits.parse::<u32>() {
                out.extend((n + 1..=last).map(|k| format!("R-{prefix}-{k}")));
                // Continue after the range's last number.
                i = text.len() - (r.len() - digits.len());
            }
        }
    }
    out
}

/// Parses `R-<PREFIX>-<n>` at `start`: (prefix, n, end offset).
fn parse_id(text: &str, start: usize) -> Option<(String, u32, usize)> {
    let rest = &text[start + 2..];
    let prefix: String = rest
        .chars()
        .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        .collect();
    if prefix.is_empty() || !prefix.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let rest = rest[prefix.len()..].strip_prefix('-')?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let n = digits.parse().ok()?;
    Some((
        prefix.clone(),
        n,
        start + 2 + prefix.len() + 1 + digits.len(),
    ))
}

/// The ids defined in the spec: each `**R-...**`, in order of appearance.
fn defined_ids(spec: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = spec;
    while let Some(off) = rest.find("**R-") {
        let tail = &rest[off + 2..];
        if let Some(end) = tail.find("**") {
            let id = &tail[..end];
            if ids_in(id) == [id.to_owned()] {
                out.push(id.to_owned());
            }
        }
        rest = &rest[off + 4..];
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn registry_table_equals_the_code_registry() {
    let spec = spec();
    let rows = table_rows(&section(&spec, "Error registry"));
    let table: Vec<(String, u16)> = rows
        .iter()
        .map(|r| {
            assert!(r.len() == 4, "registry row needs 4 columns: {r:?}");
            let n = r[1]
                .parse()
                .unwrap_or_else(|_| panic!("bad number in registry row {r:?}"));
            (r[0].clone(), n)
        })
        .collect();
    let code: Vec<(String, u16)> = uniqr::error::REGISTRY
        .iter()
        .map(|(c, n)| ((*c).to_owned(), *n))
        .collect();
    for (i, (s, c)) in table.iter().zip(&code).enumerate() {
        assert_eq!(s, c, "registry row {} differs (spec, code)", i + 1);
    }
    assert_eq!(
        table.len(),
        code.len(),
        "spec has {} registry rows, code has {}",
        table.len(),
        code.len()
    );
    for row in &rows {
        assert!(
            !row[2].is_empty() && !row[3].is_empty(),
            "empty cell: {row:?}"
        );
    }
}

#[test]
fn every_requirement_cited_in_the_code_is_defined_in_the_spec() {
    let spec = spec();
    // The harness protocol (R-H-*), the vendor ABI (R-VA-*) and the fuzzer
    // (R-FZ-*) have their own documents.
    let defined = all_defined_ids();
    for prefix in ["R-H-", "R-VA-", "R-FZ-"] {
        assert!(
            defined.iter().any(|id| id.starts_with(prefix)),
            "no {prefix}* id defined in {DOCS:?}"
        );
    }
    let qr_pending = spec.contains(QR_PLACEHOLDER);
    // The codec (src/) and every crate of the workspace (crates/).
    let mut files = Vec::new();
    for dir in ["src", "crates"] {
        rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    }
    assert!(
        files
            .iter()
            .any(|f| f.starts_with(concat!(env!("CARGO_MANIFEST_DIR"), "/crates")))
    );
    let mut cited: BTreeMap<String, String> = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for id in ids_in(line) {
                cited
                    .entry(id)
                    .or_insert_with(|| format!("{}:{}", file.display(), n + 1));
            }
        }
    }
    assert!(cited.len() > 50, "found only {} cited ids", cited.len());
    let missing: Vec<String> = cited
        .iter()
        .filter(|(id, _)| !defined.contains(*id))
        .filter(|(id, _)| !(qr_pending && id.starts_with("R-QR-")))
        .map(|(id, at)| format!("{id} (cited at {at})"))
        .collect();
    assert!(
        missing.is_empty(),
        "requirement ids cited in the code but not defined as **R-...** in the spec:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_requirement_referenced_in_the_spec_is_defined() {
    // The standard stands alone: it references only its own ids.
    let spec = spec();
    let defined: BTreeSet<String> = defined_ids(&spec).into_iter().collect();
    let undefined: BTreeSet<String> = ids_in(&spec)
        .into_iter()
        .filter(|id| !defined.contains(id))
        .collect();
    assert!(
        undefined.is_empty(),
        "ids referenced but never defined: {undefined:?}"
    );
    // The companion documents may reference the standard's and each other's.
    let all = all_defined_ids();
    for name in &DOCS[1..] {
        let undefined: BTreeSet<String> = ids_in(&doc(name))
            .into_iter()
            .filter(|id| !all.contains(id))
            .collect();
        assert!(
            undefined.is_empty(),
            "{name}: ids referenced but never defined: {undefined:?}"
        );
    }
}

#[test]
fn requirement_ids_are_defined_once() {
    // Once across all documents: an id belongs to one document.
    let mut seen = BTreeSet::new();
    let dups: Vec<String> = DOCS
        .iter()
        .flat_map(|d| defined_ids(&doc(d)))
        .filter(|id| !seen.insert(id.clone()))
        .collect();
    assert!(dups.is_empty(), "ids defined more than once: {dups:?}");
}

#[test]
fn requirement_ids_are_numbered_from_one_without_gaps() {
    for name in DOCS {
        let ids = defined_ids(&doc(name));
        assert!(!ids.is_empty(), "{name} defines no requirement id");
        let mut by_prefix: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for id in ids {
            let (prefix, n) = id.rsplit_once('-').unwrap();
            by_prefix
                .entry(prefix.to_owned())
                .or_default()
                .push(n.parse().unwrap());
        }
        for (prefix, mut ns) in by_prefix {
            ns.sort_unstable();
            let expected: Vec<u32> = (1..=ns.len() as u32).collect();
            assert_eq!(ns, expected, "{name}: {prefix}-* ids are not 1..n");
        }
    }
}

/// Whether a line uses an absolute requirement keyword (all capitals).
fn has_absolute_keyword(line: &str) -> bool {
    line.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| matches!(w, "MUST" | "REQUIRED" | "SHALL"))
}

#[test]
fn every_absolute_requirement_starts_with_its_id() {
    for name in STRICT_DOCS {
        absolute_requirements_start_with_their_id(name, &doc(name));
    }
}

fn absolute_requirements_start_with_their_id(name: &str, spec: &str) {
    let mut offenders = Vec::new();
    let mut in_keyword_definitions = false;
    let mut in_code = false;
    for (n, line) in spec.lines().enumerate() {
        if line.starts_with('#') {
            // Only the subsection that defines the keywords is exempt.
            in_keyword_definitions = line.trim() == "### Requirements language";
        }
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_keyword_definitions || in_code || !has_absolute_keyword(line) {
            continue;
        }
        let item = line.trim_start();
        let item = item
            .strip_prefix("- ")
            .or_else(|| item.strip_prefix("* "))
            .unwrap_or(item);
        let digits = item.chars().take_while(char::is_ascii_digit).count();
        let item = if digits > 0 {
            item[digits..].strip_prefix(". ").unwrap_or(item)
        } else {
            item
        };
        let starts_with_id = item.strip_prefix("**").is_some_and(|rest| {
            rest.split_once("**")
                .is_some_and(|(id, _)| ids_in(id) == [id.to_owned()])
        });
        if !starts_with_id {
            offenders.push(format!("{name} line {}: {line}", n + 1));
        }
    }
    assert!(
        offenders.is_empty(),
        "lines with MUST/REQUIRED/SHALL that do not start with a bold requirement id:\n{}",
        offenders.join("\n")
    );
    assert!(
        spec.contains("### Requirements language"),
        "{name}: the keyword definitions subsection is missing"
    );
}

#[test]
fn qr_symbol_section_exists_between_overview_and_prefix() {
    let spec = spec();
    let pos = |h: &str| {
        spec.lines()
            .position(|l| l.trim_end() == h)
            .unwrap_or_else(|| panic!("missing heading {h:?}"))
    };
    let (overview, qr, prefix) = (pos("## Overview"), pos("## QR symbol"), pos("## Prefix"));
    assert!(
        overview < qr && qr < prefix,
        "QR symbol must sit between Overview and Prefix"
    );
}

#[test]
fn limits_table_matches_the_code_constants() {
    use uniqr::limits::*;
    let spec = spec();
    let rows = table_rows(&section(&spec, "Limits"));
    let expected: [(&str, u64); 9] = [
        ("R-LIM-1", MAX_TEXT_LEN as u64),
        ("R-LIM-2", MAX_INFLATED as u64),
        ("R-LIM-3", MAX_DEPTH as u64),
        ("R-LIM-4", MAX_TEXT_STRING as u64),
        ("R-LIM-5", MAX_ITEMS as u64),
        ("R-LIM-6", MAX_IMAGE_PIXELS),
        ("R-PAY-9", MAX_ENTRIES as u64),
        ("R-PAY-3, R-PAY-4", MAX_NAME_CHARS as u64),
        ("R-PAY-2", 64),
    ];
    for (id, value) in expected {
        let row = rows
            .iter()
            .find(|r| r[0] == id)
            .unwrap_or_else(|| panic!("no limits row for {id}"));
        let first = row[2].split_whitespace().next().unwrap_or_default();
        assert_eq!(first, value.to_string(), "limit {id}: {row:?}");
        let defining = section(&spec, "Limits")
            .into_iter()
            .find(|l| l.starts_with(&format!("- **{id}**")));
        if let Some(line) = defining {
            assert!(line.contains(&value.to_string()), "{id}: {line}");
        }
    }
}

#[test]
fn check_order_has_21_steps_naming_every_verification_code() {
    let spec = spec();
    let steps: Vec<String> = section(&spec, "Check order")
        .into_iter()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    for (i, step) in steps.iter().enumerate() {
        assert!(
            step.starts_with(&format!("{}. ", i + 1)),
            "step {} is out of order: {step}",
            i + 1
        );
    }
    assert_eq!(steps.len(), 21, "R-ORD-1 has 21 steps");
    // Every code a verification can return appears in the steps, and steps
    // 10 to 21 each name their own code.
    let order = steps.join("\n");
    for (code, n) in uniqr::error::REGISTRY {
        if *n <= 21 {
            assert!(order.contains(&format!("`{code}`")), "{code} missing");
        }
    }
    let tail = [
        "KEY_UNKNOWN",
        "ALG_KEY_MISMATCH",
        "SIGNATURE_INVALID",
        "CBOR_INVALID",
        "CLAIMS_INVALID",
        "ISSUER_MISMATCH",
        "PAYLOAD_INVALID",
        "KEY_NOT_VALID",
        "KEY_USAGE_DENIED",
        "NOT_YET_VALID",
        "EXPIRED",
        "REVOKED",
    ];
    for (step, code) in steps[9..].iter().zip(tail) {
        assert!(step.contains(&format!("`{code}`")), "{code} not in: {step}");
    }
}

/// The first fenced block of `lang` in a section.
fn code_block(lines: &[String], lang: &str) -> String {
    let open = format!("```{lang}");
    let mut it = lines.iter().skip_while(|l| l.trim() != open);
    assert!(it.next().is_some(), "no ```{lang} block");
    it.take_while(|l| l.trim() != "```")
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn worked_example_is_the_demo_code() {
    let spec = spec();
    let example = under_heading(&spec, "### Worked example");
    let joined = example.join("\n");
    let text = demo::sample_text().unwrap();
    let signer = demo::signer(Alg::Es256);
    let protected = uniqr::hex::encode(&uniqr::cose::protected_header(Alg::Es256, &signer.kid()));
    assert!(
        joined.contains(&format!("\n{protected}\n")),
        "protected header {protected} not shown"
    );
    let shown = code_block(&example, "");
    let shown = shown.trim().trim_end_matches('…');
    assert!(
        shown.len() >= 20 && text.starts_with(shown),
        "the text shown ({shown}) is not the start of the demo text ({text})"
    );
    assert!(joined.contains(&format!("{} characters", text.len())));
    let cose = uniqr::codec::encode_cose(&demo::sample_payload(), &signer, &demo::sample_claims())
        .unwrap();
    assert!(joined.contains(&format!("{} bytes", cose.len())));
    let decoded: serde_json::Value = serde_json::from_str(&code_block(&example, "json"))
        .expect("the worked example's JSON block parses");
    let actual = serde_json::to_value(uniqr::decode(&text).unwrap()).unwrap();
    assert_eq!(
        decoded, actual,
        "the decoded JSON in the spec is not `uniqr decode`"
    );
}

#[test]
fn revocation_list_example_revokes_the_demo_code() {
    let spec = spec();
    let shown: serde_json::Value =
        serde_json::from_str(&code_block(&section(&spec, "Revocation list"), "json")).unwrap();
    let list = Revocations::from_ctis(&[demo::sample_claims().cti]);
    let actual: serde_json::Value = serde_json::from_str(&list.to_json()).unwrap();
    assert_eq!(shown, actual);
    let text = demo::sample_text().unwrap();
    let err = uniqr::verify(&text, &demo::trust_list(), &list, demo::NOW).unwrap_err();
    assert_eq!(err.code(), "REVOKED");
}

#[test]
fn id_scanner_expands_ranges_and_ignores_lookalikes() {
    assert_eq!(ids_in("R-LIM-3..5"), ["R-LIM-3", "R-LIM-4", "R-LIM-5"]);
    assert_eq!(
        ids_in("(R-PAY-2 .. R-PAY-4)"),
        ["R-PAY-2", "R-PAY-3", "R-PAY-4"]
    );
    assert_eq!(
        ids_in("R-QR-1..R-QR-2, R-B45-1"),
        ["R-QR-1", "R-QR-2", "R-B45-1"]
    );
    assert!(ids_in("R-PAY-*, HR-X-1, SHA-256, R-12").is_empty());
    assert_eq!(defined_ids("**R-CBOR-5** x **bold** R-X-1"), ["R-CBOR-5"]);
}
