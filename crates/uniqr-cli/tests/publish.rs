//! `uniqr publish` end to end: small `uniqr conform` runs (the reference,
//! and a vendor that never checks signatures, twice, so it has a history),
//! one attested with a trusted lab key and one with an unknown key, are
//! published; the site marks certified and self-reported results, shows
//! every verdict state in its `data-*` hooks, is byte-identical apart from
//! time stamps when built twice, and every internal link resolves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use uniqr_conform::attest::{self, LabKey, Subject};
use uniqr_conform::publish::predicate_from_report;

#[path = "support/mutant.rs"]
mod mutant;
use mutant::{Scratch, mutant};

const UNIQR: &str = env!("CARGO_BIN_EXE_uniqr");

fn uniqr(args: &[&str]) -> std::process::Output {
    Command::new(UNIQR)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// `uniqr conform` with a filter into `dir/report.json`.
fn conform(dir: &Path, vendor: Option<&str>, filter: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let mut args = vec!["conform", "--filter", filter, "--timeout-ms", "10000"];
    if let Some(v) = vendor {
        args.extend(["--vendor", v]);
    }
    let report = format!("json={}", dir.join("report.json").display());
    args.extend(["--report", &report]);
    let out = uniqr(&args);
    assert!(
        dir.join("report.json").exists(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Rewrites a report's vendor name, verdict and times (a report is a
/// self-reported file: the site believes what it says, unless attested).
fn restate(path: &Path, name: &str, kind: &str, finished: &str) {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["provenance"]["vendor"]["name"] = name.into();
    v["verdict"]["kind"] = kind.into();
    v["provenance"]["finished"] = finished.into();
    v["provenance"]["started"] = finished.into();
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

fn attest_report(report: &Path, out: &Path, seed: u8) {
    let text = std::fs::read_to_string(report).unwrap();
    let p = predicate_from_report(&text, &"00".repeat(32), "lab").unwrap();
    let e = attest::sign(
        vec![Subject::of("report.json", text.as_bytes())],
        attest::CONFORMANCE,
        &p,
        &LabKey::from_seed([seed; 32]),
    )
    .unwrap();
    std::fs::write(out, e).unwrap();
}

/// The inputs: returns (input folder, lab public key file).
fn inputs(dir: &Scratch) -> (PathBuf, PathBuf) {
    let input = dir.file("in");
    // The reference, filtered: partial, then attested by the trusted lab.
    conform(&input.join("ref"), None, "sig-*");
    attest_report(
        &input.join("ref/report.json"),
        &input.join("ref/run.intoto.json"),
        1,
    );
    // A vendor that never checks signatures: passes `sig-63-bytes`… then
    // a run where it fails; its first run restated as passing.
    conform(
        &input.join("skip/1"),
        Some(&mutant("skip-signature")),
        "sig-6*",
    );
    conform(
        &input.join("skip/2"),
        Some(&mutant("skip-signature")),
        "sig-6*",
    );
    let first = input.join("skip/1/report.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&first).unwrap()).unwrap();
    for c in v["cases"].as_array_mut().unwrap() {
        c["outcome"] = serde_json::json!({"kind": "pass"});
    }
    std::fs::write(&first, serde_json::to_string(&v).unwrap()).unwrap();
    restate(&first, "Skipper", "partial", "2026-01-01T00:00:00Z");
    restate(
        &input.join("skip/2/report.json"),
        "Skipper",
        "not_conformant",
        "2026-02-01T00:00:00Z",
    );
    // Two more states, from copies of the reference's report, and one
    // attested by an unknown lab key.
    for (name, kind) in [
        ("Waiver Corp", "conformant_with_waivers"),
        ("Clean Inc", "conformant"),
        ("Stranger <Lab> & Co", "conformant"),
    ] {
        let d = input.join(mutant_slug(name));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::copy(input.join("ref/report.json"), d.join("report.json")).unwrap();
        restate(&d.join("report.json"), name, kind, "2026-03-01T00:00:00Z");
    }
    attest_report(
        &input.join("stranger-lab-co/report.json"),
        &input.join("stranger-lab-co/signed.intoto.json"),
        9,
    );
    // Not an input: passed over.
    std::fs::write(input.join("notes.txt"), "hello").unwrap();
    let key = dir.file("lab.pub.json");
    std::fs::write(&key, LabKey::from_seed([1; 32]).public().to_json()).unwrap();
    (input, key)
}

fn mutant_slug(name: &str) -> String {
    uniqr_conform::publish::slug(name)
}

fn publish(input: &Path, key: &Path, out: &Path) {
    let o = uniqr(&[
        "publish",
        input.to_str().unwrap(),
        "--lab-key",
        key.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// The page without its generation time stamp.
fn stamp_free(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if let Some(i) = line.find("<time id=\"generated\">") {
            let end = line[i..].find("</time>").map_or(line.len(), |e| i + e);
            out.push_str(&line[..i]);
            out.push_str(&line[end..]);
        } else if line.trim_start().starts_with("\"generated\":") {
            continue;
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Every `attr="…"` value in an HTML text.
fn attrs<'t>(html: &'t str, attr: &str) -> Vec<&'t str> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .filter_map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            rest.find('"').map(|e| &rest[..e])
        })
        .collect()
}

/// The `data-*` cells of the front page: (vendor, profile) → (verdict, trust).
fn cells(index: &str) -> BTreeMap<(String, String), (String, String)> {
    let mut out = BTreeMap::new();
    for (i, _) in index.match_indices("<td ") {
        let tag = &index[i..i + index[i..].find('>').unwrap()];
        let get = |a: &str| {
            attrs(tag, a)
                .first()
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        if get("data-profile").is_empty() {
            continue;
        }
        out.insert(
            (get("data-vendor"), get("data-profile")),
            (get("data-verdict"), get("data-trust")),
        );
    }
    out
}

#[test]
fn a_published_site_marks_trust_and_verdicts_and_its_links_resolve() {
    let dir = Scratch::new("publish-site");
    let (input, key) = inputs(&dir);
    let site = dir.file("site");
    publish(&input, &key, &site);
    let all = files(&site);

    let index = String::from_utf8(all["index.html"].clone()).unwrap();
    let cells = cells(&index);
    let at = |v: &str| cells[&(v.to_string(), "verifier".to_string())].clone();
    assert_eq!(
        at("uniqr-reference"),
        ("partial".into(), "certified".into())
    );
    assert_eq!(
        at("skipper"),
        ("not_conformant".into(), "self-reported".into())
    );
    assert_eq!(
        at("waiver-corp"),
        ("conformant_with_waivers".into(), "self-reported".into())
    );
    assert_eq!(
        at("clean-inc"),
        ("conformant".into(), "self-reported".into())
    );
    // Signed, but by a key the site was not given.
    assert_eq!(
        at("stranger-lab-co"),
        ("conformant".into(), "self-reported".into())
    );
    assert!(index.contains("Stranger &lt;Lab&gt; &amp; Co"));
    assert!(!index.contains("<Lab>"));

    let results: Value = serde_json::from_slice(&all["results.json"]).unwrap();
    let vendor = |slug: &str| {
        results["vendors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["slug"] == slug)
            .unwrap()
            .clone()
    };
    let stranger = vendor("stranger-lab-co");
    let why = stranger["runs"][0]["trust"]["why"].as_str().unwrap();
    assert!(why.contains("not trusted"), "{why}");
    let reference = vendor("uniqr-reference");
    assert_eq!(
        reference["runs"].as_array().unwrap().len(),
        1,
        "report and attestation are one run"
    );
    assert_eq!(
        reference["runs"][0]["trust"]["kid"],
        LabKey::from_seed([1; 32]).public().kid()
    );

    // History, newest first, with the new failures since the first run.
    let skipper = String::from_utf8(all["vendors/skipper.html"].clone()).unwrap();
    assert_eq!(attrs(&skipper, "data-run"), ["1", "2"]);
    assert_eq!(
        attrs(&skipper, "data-verdict"),
        ["not_conformant", "partial"]
    );
    let fresh = vendor("skipper")["runs"][0]["new_failures"].clone();
    assert!(!fresh.as_array().unwrap().is_empty(), "{results:#}");
    assert_eq!(
        attrs(&skipper, "data-count")[0],
        fresh.as_array().unwrap().len().to_string()
    );
    assert_eq!(
        attrs(&skipper, "data-case").len(),
        fresh.as_array().unwrap().len()
    );

    // The requirement matrix: a failure of the vendor that skips
    // signatures, untested rows, and links into the spec.
    let req = String::from_utf8(all["requirements.html"].clone()).unwrap();
    let statuses: BTreeSet<&str> = attrs(&req, "data-status").into_iter().collect();
    assert!(
        statuses.contains("fail") && statuses.contains("pass") && statuses.contains("untested")
    );
    assert!(req.contains("href=\"spec/uniqr-v1.html#R-"));

    for f in all.keys() {
        assert!(!f.contains(".tmp"), "a temporary file was left: {f}");
    }
    assert_links_resolve(&all);
    for b in [
        "badges/skipper-verifier.svg",
        "badges/skipper-verifier.json",
    ] {
        assert!(all.contains_key(b), "{b}");
    }

    // The same inputs again: the same bytes apart from time stamps; a
    // rebuild into the previous site keeps a file the site did not write.
    let again = dir.file("again");
    publish(&input, &key, &again);
    let second = files(&again);
    assert_eq!(
        all.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &all {
        assert_eq!(
            stamp_free(&String::from_utf8_lossy(bytes)),
            stamp_free(&String::from_utf8_lossy(&second[name])),
            "{name} differs"
        );
    }
    std::fs::write(site.join("CNAME"), "results.example").unwrap();
    publish(&input, &key, &site);
    assert_eq!(
        std::fs::read_to_string(site.join("CNAME")).unwrap(),
        "results.example"
    );
}

/// Every relative `href` of every page names a file of the site, and its
/// fragment an `id` in that file.
fn assert_links_resolve(all: &BTreeMap<String, Vec<u8>>) {
    let mut checked = 0;
    for (name, bytes) in all.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let base = Path::new(name).parent().unwrap_or(Path::new(""));
        for href in attrs(&html, "href") {
            assert!(
                !href.starts_with("http:") && !href.starts_with("//"),
                "{name}: a link out of the site: {href}"
            );
            if href.starts_with("https:") {
                continue;
            }
            let (file, frag) = href.split_once('#').unwrap_or((href, ""));
            let target = if file.is_empty() {
                name.clone()
            } else {
                normalise(&base.join(file))
            };
            let Some(t) = all.get(&target) else {
                panic!("{name}: {href} names no file of the site ({target})")
            };
            if !frag.is_empty() {
                let t = String::from_utf8_lossy(t);
                assert!(
                    t.contains(&format!("id=\"{frag}\"")),
                    "{name}: {href}: no id {frag} in {target}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} links");
}

fn normalise(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn publish_refuses_an_out_folder_it_did_not_write_and_a_symlink() {
    let dir = Scratch::new("publish-refuses");
    let input = dir.file("in");
    std::fs::create_dir_all(&input).unwrap();
    let foreign = dir.file("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
    let o = uniqr(&[
        "publish",
        input.to_str().unwrap(),
        "--out",
        foreign.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(files(&foreign).len(), 1);
    #[cfg(unix)]
    {
        let link = dir.file("link");
        std::os::unix::fs::symlink(&foreign, &link).unwrap();
        let o = uniqr(&[
            "publish",
            input.to_str().unwrap(),
            "--out",
            link.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("symlink"));
    }
    let bad_key = dir.file("k.json");
    std::fs::write(&bad_key, "{}").unwrap();
    let o = uniqr(&[
        "publish",
        input.to_str().unwrap(),
        "--lab-key",
        bad_key.to_str().unwrap(),
        "--out",
        dir.file("site").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let help = uniqr(&["publish", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Exit codes:"));
}
