//! The HTML report: one self-contained file (no external scripts, styles,
//! fonts, images or CDNs; it works from `file://`) that a regulator can
//! publish as is and a vendor can act on: the verdict words, a command that
//! reproduces each failure, each failing case's verification context, and a
//! view by spec requirement.
//!
//! One inline script adds a search box, outcome filters and copy buttons.
//! It is progressive enhancement: without JavaScript the page shows
//! everything and the controls stay hidden. The script is a constant, so
//! nothing a vendor controls is ever inside it; the data it filters on is in
//! escaped `data-*` attributes. A Content-Security-Policy allows only that
//! script (by its hash), so even markup that slipped past the escaping could
//! not run a script or load anything.
//!
//! Stable hooks for checkers: `#verdict[data-verdict][data-complete]`
//! (`data-verdict` is the machine kind of the verdict); `#total-cases`,
//! `#total-failures`, `#total-stale`, `#total-expired` and `#total-<kind>`
//! (every outcome kind) carry `data-count`; each category row
//! `tr[data-category]` carries `data-total`, `data-pass`, `data-failed`,
//! `data-expected-failure` and `data-skipped`, and each requirement row
//! `tr[data-requirement]` the same counts; each failure is
//! `article#case-<id>[data-kind]` with its command in `pre.cmd`; every
//! listed case carries `data-case` and `data-kind`.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};

use super::{CaseReport, Kind, Provenance, RunReport, SEVERITY};
use crate::profile::Source;
use crate::vectors::{Case, Outcome, Suite, SuiteKind};

mod assets;
mod cases;
mod reproduce;
mod requirements;

use assets::{CSS, SCRIPT};
use cases::{baseline, failures, passing, skipped, waived};
use reproduce::reproduce;
use requirements::requirements;

/// Escapes text for HTML element content and double- or single-quoted
/// attributes.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Largest image (in pixels) embedded; larger ones (decompression bombs)
/// are named but not shown.
const MAX_IMAGE_PIXELS: u64 = 25_000_000;

/// What each outcome kind means (from `spec/harness-protocol.md`).
fn meaning(kind: &str) -> &'static str {
    match kind {
        "pass" => "the answer matches the case",
        "accepted_invalid" => "valid answer to an invalid case: a security failure",
        "rejected_valid" => "rejection of a valid case",
        "wrong_error" => "rejection with another error code",
        "wrong_payload" => "valid, but payload, claims or header differ",
        "wrong_encoding" => "encoded bytes differ",
        "crash" => "the codec process died",
        "timeout" => "no reply in time",
        "protocol_error" => "malformed reply, wrong id or missing member",
        "refused" => "unsupported reply to an operation of a claimed profile",
        "skipped" => "outside the claimed profiles: not sent",
        "expected_failure" => "a failure waived by the baseline",
        _ => "",
    }
}

/// The badge and bar class of an outcome kind.
fn class(kind: &str) -> &'static str {
    match kind {
        "pass" => "pass",
        "skipped" => "skip",
        "expected_failure" => "xfail",
        _ => "fail",
    }
}

fn label(kind: &str) -> String {
    match kind {
        "expected_failure" => "waived".into(),
        k => k.replace('_', " "),
    }
}

fn badge(kind: &str) -> String {
    format!(
        "<span class=\"badge b-{}\">{}</span>",
        class(kind),
        esc(&label(kind))
    )
}

fn is_failure_kind(kind: &str) -> bool {
    !matches!(kind, "pass" | "skipped" | "expected_failure")
}

/// The machine word of a verdict, as in the JSON report.
fn verdict_word(k: Kind) -> &'static str {
    match k {
        Kind::Conformant => "conformant",
        Kind::ConformantWithWaivers => "conformant_with_waivers",
        Kind::Partial => "partial",
        Kind::NotConformant => "not_conformant",
    }
}

fn suite_word(k: SuiteKind) -> &'static str {
    match k {
        SuiteKind::Official => "official",
        SuiteKind::Custom => "custom",
        SuiteKind::Modified => "modified",
    }
}

/// Known kinds in severity order, then any unknown kind of the totals.
fn kinds_of(r: &RunReport) -> Vec<&str> {
    let extra = r.totals.keys().filter(|k| !SEVERITY.contains(&k.as_str()));
    SEVERITY
        .iter()
        .copied()
        .chain(extra.map(String::as_str))
        .collect()
}

/// The attributes of a listed case: what the script filters on.
fn case_attrs(c: &CaseReport, kind: &str) -> String {
    let q = format!(
        "{} {} {} {}",
        c.id,
        c.category,
        c.title,
        c.requirements.join(" ")
    );
    format!(
        " data-case=\"{}\" data-kind=\"{}\" data-q=\"{}\"",
        esc(&c.id),
        esc(kind),
        esc(&q)
    )
}

/// Renders the HTML report.
pub fn render(r: &RunReport, suite: &Suite) -> String {
    let mut s = String::with_capacity(256 * 1024);
    let p = &r.provenance;
    let vendor = match (&p.vendor.name, &p.vendor.version) {
        (Some(n), Some(v)) => format!("{n} {v}"),
        (Some(n), None) => n.clone(),
        _ => p.vendor.command.clone(),
    };
    let script_hash = B64.encode(Sha256::digest(SCRIPT.as_bytes()));
    let _ = write!(
        s,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; \
         style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"generator\" content=\"{}\">\n\
         <title>UNIQR v1 conformance report: {} ({})</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">Skip to the results</a>\n",
        esc(&p.runner),
        esc(&vendor),
        esc(&r.verdict.text),
    );
    header(&mut s, r, &vendor);
    finder(&mut s, r);
    s.push_str("<main id=\"main\">\n");
    let by_id: HashMap<&str, &Case> = suite.cases().iter().map(|c| (c.id.as_str(), c)).collect();
    summary(&mut s, r);
    categories(&mut s, r);
    failures(&mut s, r, suite, &by_id);
    waived(&mut s, r);
    baseline(&mut s, r);
    requirements(&mut s, r);
    skipped(&mut s, r);
    passing(&mut s, r);
    provenance(&mut s, r);
    let _ = write!(
        s,
        "</main>\n<footer><p>Generated by {} for suite {} ({}, manifest SHA-256 <span class=\"mono\">{}</span>). \
         Verdicts, outcome kinds and exit codes are defined in the UNIQR harness protocol, version 1.</p></footer>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        esc(&p.runner),
        esc(&p.suite_version),
        suite_word(p.suite_kind),
        esc(&p.suite_digest),
    );
    s
}

fn header(s: &mut String, r: &RunReport, vendor: &str) {
    let p = &r.provenance;
    let v = &r.verdict;
    let (class, icon) = match v.kind {
        Kind::Conformant => ("v-conformant", "✔"),
        Kind::ConformantWithWaivers => ("v-waivers", "✔"),
        Kind::Partial => ("v-partial", "◐"),
        Kind::NotConformant => ("v-not", "✖"),
    };
    let short = p.suite_digest.get(..12).unwrap_or(&p.suite_digest);
    let _ = write!(
        s,
        "<header class=\"top\">\n<h1>UNIQR v1 conformance report</h1>\n\
         <p class=\"sub\">Codec under test: <strong>{}</strong> · suite <strong>{}</strong> \
         <span class=\"suite suite-{k}\">{k}</span> <span class=\"mono\" title=\"SHA-256 {}\">{}…</span> · \
         {} of {} cases run · finished <time>{}</time></p>\n",
        esc(vendor),
        esc(&p.suite_version),
        esc(&p.suite_digest),
        esc(short),
        r.cases.len(),
        p.suite_cases,
        esc(&p.finished),
        k = suite_word(p.suite_kind),
    );
    let _ = write!(
        s,
        "<section id=\"verdict\" class=\"verdict {class}\" data-verdict=\"{}\" data-complete=\"{}\" \
         data-waivers=\"{}\" aria-label=\"Verdict\">\n\
         <p class=\"verdict-word\"><span class=\"icon\" aria-hidden=\"true\">{icon}</span>\
         <span id=\"verdict-text\">{}</span></p>\n<dl class=\"verdict-facts\">\n",
        verdict_word(v.kind),
        r.complete,
        v.waivers,
        esc(&v.text),
    );
    let chips: String = if v.profiles.is_empty() {
        "<span class=\"note\">(none)</span>".into()
    } else {
        v.profiles
            .iter()
            .map(|x| format!("<span class=\"chip\">{}</span>", x.name()))
            .collect()
    };
    let source = match p.claim.source {
        Source::Flag => "claimed with --profile",
        Source::Hello => "claimed in the vendor's hello",
        Source::Ops => "from the operations in the vendor's hello",
    };
    let names: Vec<&str> = v.profiles.iter().map(|x| x.name()).collect();
    let _ = writeln!(
        s,
        "<div><dt>Profiles judged</dt><dd id=\"verdict-profiles\" data-profiles=\"{}\">{chips}\
         <span class=\"claim\">({})</span></dd></div>",
        names.join(" "),
        esc(source),
    );
    let _ = writeln!(
        s,
        "<div><dt>Waived failures</dt><dd id=\"verdict-waivers\" data-count=\"{n}\">{}</dd></div>",
        if v.waivers == 0 {
            "none".to_owned()
        } else {
            format!("<a href=\"#waived\">{n}</a>", n = v.waivers)
        },
        n = v.waivers,
    );
    let failed = r.failures().len();
    if failed > 0 {
        let _ = writeln!(
            s,
            "<div><dt>Failing cases</dt><dd><a href=\"#failures\">{failed}</a></dd></div>"
        );
    }
    if !v.partial.is_empty() {
        s.push_str("<div><dt>Partial because</dt><dd><ul id=\"verdict-partial\">");
        for why in &v.partial {
            let _ = write!(s, "<li>{}</li>", esc(why));
        }
        s.push_str("</ul></dd></div>\n");
    }
    s.push_str("</dl>\n</section>\n");
    if !r.complete {
        let _ = writeln!(
            s,
            "<p id=\"incomplete\" class=\"incomplete\">Incomplete run: {}. Some selected cases were not run.</p>",
            esc(r
                .incomplete
                .as_deref()
                .unwrap_or("interrupted or out of time"))
        );
    }
    let n = |k: &str| r.totals.get(k).copied().unwrap_or(0);
    let _ = writeln!(
        s,
        "<nav class=\"toc\" aria-label=\"Sections\"><ul>\
         <li><a href=\"#summary\">Summary</a></li><li><a href=\"#failures\">Failures ({failed})</a></li>\
         <li><a href=\"#waived\">Waived ({})</a></li><li><a href=\"#baseline\">Baseline</a></li>\
         <li><a href=\"#requirements\">Requirements</a></li><li><a href=\"#skipped\">Skipped ({})</a></li>\
         <li><a href=\"#passing\">Passing ({})</a></li><li><a href=\"#provenance\">Provenance</a></li></ul></nav>\n</header>",
        n("expected_failure"),
        n("skipped"),
        n("pass"),
    );
}

/// The search box and outcome filters, hidden until the script shows them.
fn finder(s: &mut String, r: &RunReport) {
    let none_failed = r.failures().is_empty();
    let _ = write!(
        s,
        "<div id=\"finder\" class=\"finder\" role=\"search\" aria-label=\"Find cases\" hidden>\n<div class=\"finder-in\">\n\
         <div class=\"finder-row\"><label for=\"finder-q\">Find cases</label>\
         <input type=\"search\" id=\"finder-q\" autocomplete=\"off\" spellcheck=\"false\" \
         placeholder=\"case id, title or requirement (R-CBOR-2)\" aria-describedby=\"finder-status\">\
         <button type=\"button\" id=\"finder-failures\"{}>Failures only</button>\
         <button type=\"button\" id=\"finder-all\">Show everything</button>\
         <span id=\"finder-status\" class=\"status\" role=\"status\"></span></div>\n\
         <fieldset><legend>Outcomes</legend>",
        if none_failed { " disabled" } else { "" },
    );
    for kind in kinds_of(r) {
        let Some(n) = r.totals.get(kind) else {
            continue;
        };
        let _ = write!(
            s,
            "<label><input type=\"checkbox\" name=\"kind\" value=\"{}\"{} checked> {} {n}</label>",
            esc(kind),
            if is_failure_kind(kind) {
                " data-failure"
            } else {
                ""
            },
            badge(kind),
        );
    }
    s.push_str("</fieldset>\n</div>\n</div>\n");
}

fn kv(s: &mut String, th: &str, td_html: &str) {
    let _ = writeln!(
        s,
        "<tr><th scope=\"row\">{}</th><td>{td_html}</td></tr>",
        esc(th)
    );
}

fn opt(v: Option<&str>) -> String {
    v.map_or_else(|| "<span class=\"note\">(not given)</span>".into(), esc)
}

fn json_inline(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(t) => esc(t),
        serde_json::Value::Null => "<span class=\"note\">(none)</span>".into(),
        serde_json::Value::Array(a) if a.is_empty() => "<span class=\"note\">(none)</span>".into(),
        serde_json::Value::Array(a) => a
            .iter()
            .map(|x| match x {
                serde_json::Value::String(t) => format!("<code>{}</code>", esc(t)),
                other => format!("<code>{}</code>", esc(&other.to_string())),
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => esc(&other.to_string()),
    }
}

/// A readable label for a run option of the report.
fn option_label(key: &str) -> String {
    match key {
        "timeout_ms" => "Timeout per request (ms)".into(),
        "handshake_timeout_ms" => "Handshake timeout (ms)".into(),
        "jobs" => "Parallel jobs".into(),
        "deadline_s" => "Run deadline (s)".into(),
        "baseline_entries" => "Baseline entries".into(),
        other => format!("Option {other}"),
    }
}

fn globs(g: &[String]) -> String {
    if g.is_empty() {
        "<span class=\"note\">(none)</span>".into()
    } else {
        g.iter()
            .map(|x| format!("<code>{}</code>", esc(x)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn provenance(s: &mut String, r: &RunReport) {
    let p = &r.provenance;
    let v = &p.vendor;
    s.push_str(
        "<section id=\"provenance\" aria-labelledby=\"h-provenance\">\n<h2 id=\"h-provenance\">Provenance</h2>\n\
         <table class=\"kv\" id=\"provenance-table\">\n<tbody>\n",
    );
    kv(s, "Runner", &esc(&p.runner));
    kv(s, "Suite version", &esc(&p.suite_version));
    let (what, digest_of) = match p.suite_kind {
        SuiteKind::Official => (
            "this release's suite, every file verified against its manifest",
            "SHA-256 of manifest.json",
        ),
        SuiteKind::Custom => (
            "a suite other than this release's (its files match its own manifest): the verdict is at best PARTIAL",
            "SHA-256 of manifest.json",
        ),
        SuiteKind::Modified => (
            "files that do not match the manifest (run with --allow-modified-suite): the verdict is at best PARTIAL",
            "SHA-256 of a manifest of the files as they are",
        ),
    };
    let k = suite_word(p.suite_kind);
    kv(
        s,
        "Suite kind",
        &format!(
            "<span id=\"suite-kind\" class=\"suite suite-{k}\" data-suite-kind=\"{k}\">{k}</span> {what}"
        ),
    );
    kv(
        s,
        "Suite digest",
        &format!(
            "<code id=\"suite-digest\">{}</code> <span class=\"note\">({digest_of})</span>",
            esc(&p.suite_digest)
        ),
    );
    kv(
        s,
        "Cases",
        &format!(
            "{} selected of {} in the suite, {} run",
            p.selected_cases,
            p.suite_cases,
            r.cases.len()
        ),
    );
    let profiles: Vec<&str> = p.claim.profiles.iter().map(|x| x.name()).collect();
    let source = match p.claim.source {
        Source::Flag => "--profile flags",
        Source::Hello => "the vendor's hello",
        Source::Ops => "the operations in the vendor's hello",
    };
    kv(
        s,
        "Profiles claimed",
        &format!(
            "{} <span class=\"note\">(from {})</span>",
            profiles.join(", "),
            esc(source)
        ),
    );
    kv(s, "Filters (--filter)", &globs(&p.filters));
    kv(s, "Skips (--skip)", &globs(&p.skips));
    kv(s, "Vendor name", &opt(v.name.as_deref()));
    kv(s, "Vendor version", &opt(v.version.as_deref()));
    kv(s, "Mode", &esc(&v.mode));
    kv(s, "Command", &format!("<code>{}</code>", esc(&v.command)));
    kv(
        s,
        "Protocol",
        &v.protocol
            .map_or_else(|| opt(None), |n| format!("version {n}")),
    );
    kv(
        s,
        "Operations",
        &v.ops.as_ref().map_or_else(
            || opt(None),
            |ops| {
                ops.iter()
                    .map(|o| format!("<code>{}</code>", esc(o)))
                    .collect::<Vec<_>>()
                    .join(" ")
            },
        ),
    );
    match &p.options {
        serde_json::Value::Object(m) => {
            for (k, val) in m {
                kv(s, &option_label(k), &json_inline(val));
            }
        }
        other => kv(s, "Options", &json_inline(other)),
    }
    kv(s, "Started", &format!("<time>{}</time>", esc(&p.started)));
    kv(s, "Finished", &format!("<time>{}</time>", esc(&p.finished)));
    s.push_str("</tbody>\n</table>\n</section>\n");
}

fn count(r: &RunReport, kind: &str) -> usize {
    r.totals.get(kind).copied().unwrap_or(0)
}

fn summary(s: &mut String, r: &RunReport) {
    let total: usize = r.totals.values().sum();
    let failed: usize = r
        .totals
        .iter()
        .filter(|(k, _)| is_failure_kind(k))
        .map(|(_, n)| n)
        .sum();
    let bad = |n: usize| if n > 0 { " class=\"bad\"" } else { "" };
    let (stale, expired) = (r.stale_baseline.len(), r.expired_waivers.len());
    let _ = write!(
        s,
        "<section id=\"summary\" aria-labelledby=\"h-summary\">\n<h2 id=\"h-summary\">Summary</h2>\n<dl class=\"stats\">\n\
         <div><dt>Cases run</dt><dd id=\"total-cases\" data-count=\"{total}\">{total}</dd></div>\n\
         <div><dt>Passed</dt><dd>{}</dd></div>\n\
         <div{}><dt>Failed</dt><dd id=\"total-failures\" data-count=\"{failed}\">{failed}</dd></div>\n\
         <div><dt>Waived</dt><dd>{}</dd></div>\n\
         <div><dt>Skipped</dt><dd>{}</dd></div>\n\
         <div{}><dt>Stale baseline lines</dt><dd id=\"total-stale\" data-count=\"{stale}\">{stale}</dd></div>\n\
         <div{}><dt>Expired waivers</dt><dd id=\"total-expired\" data-count=\"{expired}\">{expired}</dd></div>\n</dl>\n",
        count(r, "pass"),
        bad(failed),
        count(r, "expected_failure"),
        count(r, "skipped"),
        bad(stale),
        bad(expired),
    );
    s.push_str(
        "<table id=\"totals\">\n<caption class=\"note\">Cases per outcome, most severe first</caption>\n\
         <thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\" class=\"num\">Cases</th>\
         <th scope=\"col\">Meaning</th></tr></thead>\n<tbody>\n",
    );
    // Every known kind (zero rows too), then any unknown kind in the totals.
    for kind in kinds_of(r) {
        let n = count(r, kind);
        let _ = writeln!(
            s,
            "<tr{}><th scope=\"row\">{}</th><td class=\"num\" id=\"total-{}\" data-kind=\"{}\" data-count=\"{n}\">{n}</td><td>{}</td></tr>",
            if n == 0 { " class=\"zero\"" } else { "" },
            badge(kind),
            esc(kind),
            esc(kind),
            esc(meaning(kind)),
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
}

fn pct(n: usize, total: usize) -> String {
    if total == 0 {
        "0".into()
    } else {
        format!("{:.3}", n as f64 * 100.0 / total as f64)
    }
}

/// Counts of a set of cases: total, pass, failed, waived, skipped.
fn tally<'a>(kinds: impl Iterator<Item = &'a str>) -> [usize; 5] {
    let mut t = [0; 5];
    for k in kinds {
        t[0] += 1;
        match k {
            "pass" => t[1] += 1,
            "expected_failure" => t[3] += 1,
            "skipped" => t[4] += 1,
            _ => t[2] += 1,
        }
    }
    t
}

fn categories(s: &mut String, r: &RunReport) {
    s.push_str(
        "<section id=\"by-category\" aria-labelledby=\"h-categories\">\n<h2 id=\"h-categories\">Results by category</h2>\n\
         <ul class=\"legend\" aria-hidden=\"true\"><li><span class=\"s-pass\"></span>pass</li>\
         <li><span class=\"s-fail\"></span>fail</li><li><span class=\"s-xfail\"></span>waived</li>\
         <li><span class=\"s-skip\"></span>skipped</li></ul>\n\
         <table id=\"categories\">\n<thead><tr><th scope=\"col\">Category</th><th scope=\"col\" class=\"num\">Cases</th>\
         <th scope=\"col\" class=\"num\">Pass</th><th scope=\"col\" class=\"num\">Fail</th>\
         <th scope=\"col\" class=\"num\">Waived</th><th scope=\"col\" class=\"num\">Skipped</th>\
         <th scope=\"col\" class=\"barcell\">Chart</th></tr></thead>\n<tbody>\n",
    );
    for (cat, counts) in &r.categories {
        let get = |k: &str| counts.get(k).copied().unwrap_or(0);
        let total: usize = counts.values().sum();
        let (pass, xfail, skip) = (get("pass"), get("expected_failure"), get("skipped"));
        let fail: usize = counts
            .iter()
            .filter(|(k, _)| is_failure_kind(k))
            .map(|(_, n)| n)
            .sum();
        let label =
            format!("{cat}: {pass} pass, {fail} fail, {xfail} waived, {skip} skipped of {total}");
        let mut bar = String::new();
        for (n, cls, what) in [
            (pass, "pass", "pass"),
            (fail, "fail", "fail"),
            (xfail, "xfail", "waived"),
            (skip, "skip", "skipped"),
        ] {
            if n > 0 {
                let _ = write!(
                    bar,
                    "<span class=\"s-{cls}\" style=\"width:{}%\" title=\"{n} {what}\"></span>",
                    pct(n, total)
                );
            }
        }
        let _ = writeln!(
            s,
            "<tr data-category=\"{c}\" data-total=\"{total}\" data-pass=\"{pass}\" data-failed=\"{fail}\" \
             data-expected-failure=\"{xfail}\" data-skipped=\"{skip}\"{}><th scope=\"row\"><code>{c}</code></th>\
             <td class=\"num\">{total}</td><td class=\"num\">{pass}</td><td class=\"num\">{fail}</td>\
             <td class=\"num\">{xfail}</td><td class=\"num\">{skip}</td>\
             <td class=\"barcell\"><div class=\"bar\" role=\"img\" aria-label=\"{l}\">{bar}</div></td></tr>",
            if fail > 0 { " class=\"has-fail\"" } else { "" },
            c = esc(cat),
            l = esc(&label),
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
}
