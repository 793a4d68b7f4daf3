//! The HTML report: one self-contained file (no external scripts, fonts,
//! images or CDNs, no JavaScript) that a regulator can publish as is.
//!
//! Stable hooks for checkers: `#verdict[data-verdict][data-complete]`,
//! `#total-cases`, `#total-failures` and `#total-<kind>` (every outcome kind)
//! carry `data-count`; each category row `tr[data-category]` carries
//! `data-total`, `data-pass`, `data-failed`, `data-expected-failure` and
//! `data-skipped`; each failure is `article#case-<id>[data-kind]`.

use std::fmt::Write;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

use super::{CaseReport, RunReport, SEVERITY};
use crate::vectors::{Outcome, Suite};

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

const CSS: &str = r#"
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg2:#f6f8fa;--pass:#1a7f37;--fail:#cf222e;--fail2:#a40e26;--xfail:#9a6700;--skip:#6e7781}
*{box-sizing:border-box}
html{color-scheme:light}
body{margin:0;color:var(--fg);background:#fff;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
main,header.top,footer{max-width:72rem;margin:0 auto;padding:0 1.25rem}
header.top{padding-top:1.5rem}
h1{font-size:1.8rem;margin:0 0 .75rem}
h2{font-size:1.35rem;margin:2.25rem 0 .75rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:0 0 .35rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em}
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-all}
pre.block{background:var(--bg2);border:1px solid var(--line);border-radius:6px;padding:.6rem .75rem}
a{color:#0a3069}
.verdict{display:inline-block;font-size:1.25rem;font-weight:700;padding:.5rem 1rem;border-radius:6px;border:2px solid}
.verdict.ok{color:#0b4d1e;background:#dafbe1;border-color:var(--pass)}
.verdict.bad{color:#82071e;background:#ffebe9;border-color:var(--fail)}
.incomplete{margin:.75rem 0 0;padding:.5rem .75rem;border-left:4px solid var(--xfail);background:#fff8c5;color:#4d2d00;font-weight:600}
.sub{color:var(--muted);margin:.5rem 0 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.35rem .6rem;border-bottom:1px solid var(--line)}
thead th{background:var(--bg2);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.kv th{width:14rem;font-weight:600;color:var(--muted)}
tr.zero td{color:var(--muted)}
.stats{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0 1rem;padding:0}
.stats div{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;min-width:9rem}
.stats dt{color:var(--muted);font-size:.9rem}
.stats dd{margin:0;font-size:1.6rem;font-weight:700;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:1rem;padding:0 .6rem;font-size:.85rem;font-weight:600;border:1px solid;white-space:nowrap}
.b-pass{color:#0b4d1e;background:#dafbe1;border-color:#4ac26b}
.b-fail{color:#82071e;background:#ffebe9;border-color:#ff8182}
.b-xfail{color:#4d2d00;background:#fff8c5;border-color:#d4a72c}
.b-skip{color:#24292f;background:#eaeef2;border-color:#afb8c1}
.bar{display:flex;height:1.1rem;min-width:8rem;border:1px solid var(--line);border-radius:3px;overflow:hidden;background:#fff}
.bar span{display:block;height:100%;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.s-pass{background:var(--pass)}
.s-fail{background:repeating-linear-gradient(45deg,var(--fail) 0 4px,var(--fail2) 4px 8px)}
.s-xfail{background:var(--xfail)}
.s-skip{background:var(--skip)}
.legend{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0;margin:.25rem 0;color:var(--muted);font-size:.9rem}
.legend span{display:inline-block;width:.9rem;height:.9rem;vertical-align:-.1rem;margin-right:.3rem;border-radius:2px}
td.barcell{width:40%}
article.case{border:1px solid var(--line);border-left:5px solid var(--fail);border-radius:6px;padding:.75rem 1rem;margin:1rem 0;break-inside:avoid}
article.case>p{margin:0 0 .5rem}
ul.diff{margin:0;padding-left:1.2rem}
figure{margin:0}
figure img{display:block;max-width:min(100%,20rem);height:auto;border:1px solid var(--line)}
figcaption,.note{color:var(--muted);font-size:.9rem}
footer{margin-top:3rem;padding-bottom:2rem;color:var(--muted);font-size:.9rem}
footer p{margin:0;border-top:1px solid var(--line);padding-top:1rem}
@media print{a{color:inherit;text-decoration:none}h2{break-after:avoid}}
"#;

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
        "skipped" => "the codec does not support the operation",
        "expected_failure" => "a failure listed in the baseline",
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

fn badge(kind: &str) -> String {
    format!(
        "<span class=\"badge b-{}\">{}</span>",
        class(kind),
        esc(&kind.replace('_', " "))
    )
}

fn is_failure_kind(kind: &str) -> bool {
    !matches!(kind, "pass" | "skipped" | "expected_failure")
}

/// Renders the HTML report.
pub fn render(r: &RunReport, suite: &Suite) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let p = &r.provenance;
    let vendor = match (&p.vendor.name, &p.vendor.version) {
        (Some(n), Some(v)) => format!("{n} {v}"),
        (Some(n), None) => n.clone(),
        _ => p.vendor.command.clone(),
    };
    let ok = r.passed();
    let verdict_text = if ok { "Conformant" } else { "Not conformant" };
    let _ = write!(
        s,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{}\">\n\
         <title>UNIQR v1 conformance report: {} ({})</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&p.runner),
        esc(&vendor),
        esc(r.verdict),
    );
    let _ = write!(
        s,
        "<header class=\"top\">\n<h1>UNIQR v1 conformance report</h1>\n\
         <p id=\"verdict\" class=\"verdict {}\" data-verdict=\"{}\" data-complete=\"{}\">{verdict_text}</p>\n",
        if ok { "ok" } else { "bad" },
        esc(r.verdict),
        r.complete,
    );
    if !r.complete {
        s.push_str(
            "<p id=\"incomplete\" class=\"incomplete\">Incomplete run: it was interrupted or \
             hit its deadline, so some selected cases were not run.</p>\n",
        );
    }
    let _ = writeln!(
        s,
        "<p class=\"sub\">Codec under test: <strong>{}</strong>, suite {} ({} of {} cases run).</p>\n</header>\n<main>",
        esc(&vendor),
        esc(&p.suite_version),
        r.cases.len(),
        p.suite_cases,
    );
    provenance(&mut s, r);
    summary(&mut s, r);
    categories(&mut s, r);
    failures(&mut s, r, suite);
    stale(&mut s, r);
    expected_failures(&mut s, r);
    skipped(&mut s, r);
    let _ = write!(
        s,
        "</main>\n<footer><p>Generated by {} for suite {} (manifest SHA-256 <span class=\"mono\">{}</span>). \
         Outcome kinds and exit codes are defined in the UNIQR harness protocol, version 1.</p></footer>\n\
         </body>\n</html>\n",
        esc(&p.runner),
        esc(&p.suite_version),
        esc(&p.suite_digest),
    );
    s
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
        "filters" => "Filters".into(),
        "skips" => "Skips".into(),
        "timeout_ms" => "Timeout per request (ms)".into(),
        "jobs" => "Parallel jobs".into(),
        "deadline_s" => "Run deadline (s)".into(),
        "baseline_entries" => "Baseline entries".into(),
        other => format!("Option {other}"),
    }
}

fn provenance(s: &mut String, r: &RunReport) {
    let p = &r.provenance;
    let v = &p.vendor;
    s.push_str(
        "<section aria-labelledby=\"h-provenance\">\n<h2 id=\"h-provenance\">Provenance</h2>\n\
         <table class=\"kv\" id=\"provenance\">\n<tbody>\n",
    );
    kv(s, "Runner", &esc(&p.runner));
    kv(s, "Suite version", &esc(&p.suite_version));
    kv(
        s,
        "Suite digest",
        &format!(
            "<code>{}</code> <span class=\"note\">(SHA-256 of manifest.json)</span>",
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
    let _ = write!(
        s,
        "<section aria-labelledby=\"h-summary\">\n<h2 id=\"h-summary\">Summary</h2>\n<dl class=\"stats\">\n\
         <div><dt>Cases run</dt><dd id=\"total-cases\" data-count=\"{total}\">{total}</dd></div>\n\
         <div><dt>Passed</dt><dd>{}</dd></div>\n\
         <div><dt>Failed</dt><dd id=\"total-failures\" data-count=\"{failed}\">{failed}</dd></div>\n\
         <div><dt>Expected failures</dt><dd>{}</dd></div>\n\
         <div><dt>Skipped</dt><dd>{}</dd></div>\n\
         <div><dt>Stale baseline lines</dt><dd id=\"total-stale\" data-count=\"{}\">{}</dd></div>\n</dl>\n",
        count(r, "pass"),
        count(r, "expected_failure"),
        count(r, "skipped"),
        r.stale_baseline.len(),
        r.stale_baseline.len(),
    );
    s.push_str(
        "<table id=\"totals\">\n<caption class=\"note\">Cases per outcome, most severe first</caption>\n\
         <thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\" class=\"num\">Cases</th>\
         <th scope=\"col\">Meaning</th></tr></thead>\n<tbody>\n",
    );
    // Every known kind (zero rows too), then any unknown kind in the totals.
    let extra = r.totals.keys().filter(|k| !SEVERITY.contains(&k.as_str()));
    for kind in SEVERITY.iter().copied().chain(extra.map(String::as_str)) {
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

fn categories(s: &mut String, r: &RunReport) {
    s.push_str(
        "<section aria-labelledby=\"h-categories\">\n<h2 id=\"h-categories\">Results by category</h2>\n\
         <ul class=\"legend\" aria-hidden=\"true\"><li><span class=\"s-pass\"></span>pass</li>\
         <li><span class=\"s-fail\"></span>fail</li><li><span class=\"s-xfail\"></span>expected failure</li>\
         <li><span class=\"s-skip\"></span>skipped</li></ul>\n\
         <table id=\"categories\">\n<thead><tr><th scope=\"col\">Category</th><th scope=\"col\" class=\"num\">Cases</th>\
         <th scope=\"col\" class=\"num\">Pass</th><th scope=\"col\" class=\"num\">Fail</th>\
         <th scope=\"col\" class=\"num\">Expected failure</th><th scope=\"col\" class=\"num\">Skipped</th>\
         <th scope=\"col\">Chart</th></tr></thead>\n<tbody>\n",
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
        let label = format!(
            "{cat}: {pass} pass, {fail} fail, {xfail} expected failure, {skip} skipped of {total}"
        );
        let mut bar = String::new();
        for (n, cls, what) in [
            (pass, "pass", "pass"),
            (fail, "fail", "fail"),
            (xfail, "xfail", "expected failure"),
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
             data-expected-failure=\"{xfail}\" data-skipped=\"{skip}\"><th scope=\"row\"><code>{c}</code></th>\
             <td class=\"num\">{total}</td><td class=\"num\">{pass}</td><td class=\"num\">{fail}</td>\
             <td class=\"num\">{xfail}</td><td class=\"num\">{skip}</td>\
             <td class=\"barcell\"><div class=\"bar\" role=\"img\" aria-label=\"{l}\">{bar}</div></td></tr>",
            c = esc(cat),
            l = esc(&label),
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
}

fn got_html(c: &CaseReport) -> String {
    c.got.as_deref().map_or_else(
        || "<span class=\"note\">(no answer)</span>".into(),
        |g| format!("<code>{}</code>", esc(g)),
    )
}

fn failures(s: &mut String, r: &RunReport, suite: &Suite) {
    let f = r.failures();
    let _ = writeln!(
        s,
        "<section aria-labelledby=\"h-failures\">\n<h2 id=\"h-failures\">Failures ({})</h2>",
        f.len()
    );
    if f.is_empty() {
        s.push_str("<p>No case failed.</p>\n</section>\n");
        return;
    }
    s.push_str(
        "<p>Most severe first. Each entry shows the case's input so the failure can be reproduced.</p>\n\
         <table id=\"failure-index\">\n<thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\">Case</th>\
         <th scope=\"col\">Category</th><th scope=\"col\">Expected</th><th scope=\"col\">Got</th></tr></thead>\n<tbody>\n",
    );
    for c in &f {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td><a href=\"#case-{id}\"><code>{id}</code></a></td><td><code>{}</code></td>\
             <td><code>{}</code></td><td>{}</td></tr>",
            badge(c.outcome.kind()),
            esc(&c.category),
            esc(&c.expected),
            got_html(c),
            id = esc(&c.id),
        );
    }
    s.push_str("</tbody>\n</table>\n");
    for c in &f {
        failure(s, c, suite);
    }
    s.push_str("</section>\n");
}

fn failure(s: &mut String, c: &CaseReport, suite: &Suite) {
    let kind = c.outcome.kind();
    let _ = write!(
        s,
        "<article class=\"case\" id=\"case-{id}\" data-kind=\"{k}\" aria-labelledby=\"t-{id}\">\n\
         <h3 id=\"t-{id}\">{} <code>{id}</code></h3>\n<p>{}</p>\n<table class=\"kv\">\n<tbody>\n",
        badge(kind),
        esc(&c.title),
        id = esc(&c.id),
        k = esc(kind),
    );
    kv(s, "Category", &format!("<code>{}</code>", esc(&c.category)));
    kv(s, "Operation", &format!("<code>{}</code>", esc(&c.op)));
    kv(
        s,
        "Requirements",
        &c.requirements
            .iter()
            .map(|q| format!("<code>{}</code>", esc(q)))
            .collect::<Vec<_>>()
            .join(" "),
    );
    kv(s, "Expected", &format!("<code>{}</code>", esc(&c.expected)));
    kv(s, "Got", &got_html(c));
    outcome_rows(s, &c.outcome);
    let input = match (&c.input, c.op.as_str()) {
        (Some(path), "scan_verify") => image(suite, path),
        (Some(text), _) => format!("<pre class=\"block\">{}</pre>", esc(text)),
        (None, _) => format!(
            "<span class=\"note\">in the case file <code>{}/{}.json</code></span>",
            esc(&c.category),
            esc(&c.id)
        ),
    };
    kv(s, "Input", &input);
    s.push_str("</tbody>\n</table>\n</article>\n");
}

/// The rows that show an outcome's own fields.
fn outcome_rows(s: &mut String, o: &Outcome) {
    let pre = |t: &str| format!("<pre>{}</pre>", esc(t));
    match o {
        Outcome::WrongPayload { diff } => {
            let items: String = diff
                .split("; ")
                .map(|d| format!("<li><code>{}</code></li>", esc(d)))
                .collect();
            kv(
                s,
                "Differences",
                &format!("<ul class=\"diff\">{items}</ul>"),
            );
        }
        Outcome::WrongEncoding { offset, layer } => kv(
            s,
            "First difference",
            &format!("byte {offset}, in the {}", esc(layer)),
        ),
        Outcome::RejectedValid { message, .. } => kv(s, "Codec message", &pre(message)),
        Outcome::Crash { detail }
        | Outcome::Timeout { detail }
        | Outcome::ProtocolError { detail } => {
            kv(s, "Detail", &pre(detail));
        }
        _ => kv(s, "Detail", &esc(&o.detail())),
    }
}

/// An input image as a `data:` URI, or a note saying why it is not shown.
fn image(suite: &Suite, path: &str) -> String {
    let name = format!("<code>{}</code>", esc(path));
    let Some(bytes) = suite.file(path) else {
        return format!("{name} <span class=\"note\">(not in the suite)</span>");
    };
    let lower = path.to_ascii_lowercase();
    let mime = if lower.ends_with(".png") {
        Some("image/png")
    } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
        Some("image/jpeg")
    } else {
        None
    };
    let dims = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok());
    let why = match (mime, dims) {
        _ if bytes.is_empty() => "empty file".to_owned(),
        (None, _) => "not a PNG or JPEG file name".to_owned(),
        (_, None) => "not a readable PNG or JPEG image".to_owned(),
        (_, Some((w, h))) if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_IMAGE_PIXELS => {
            format!("declares {w}×{h} pixels, too large to show")
        }
        (Some(m), Some((w, h))) => {
            return format!(
                "<figure><img src=\"data:{m};base64,{}\" width=\"{w}\" height=\"{h}\" \
                 alt=\"Input image {p}, {w}×{h} pixels\"><figcaption>{name}, {w}×{h} px, {} bytes</figcaption></figure>",
                B64.encode(bytes),
                bytes.len(),
                p = esc(path),
            );
        }
    };
    let mut out = format!(
        "{name} <span class=\"note\">(not embedded: {why}; {} bytes)</span>",
        bytes.len()
    );
    // A small text file posing as an image: show its text.
    let text = std::str::from_utf8(bytes)
        .ok()
        .filter(|t| !t.is_empty() && t.len() <= 8192 && !t.contains('\0'));
    if let Some(t) = text {
        let _ = write!(out, "<pre class=\"block\">{}</pre>", esc(t));
    }
    out
}

fn stale(s: &mut String, r: &RunReport) {
    let _ = writeln!(
        s,
        "<section aria-labelledby=\"h-stale\">\n<h2 id=\"h-stale\">Stale baseline lines ({})</h2>",
        r.stale_baseline.len()
    );
    if r.stale_baseline.is_empty() {
        s.push_str("<p>None.</p>\n");
    } else {
        s.push_str(
            "<p>These baseline entries no longer match a failure; a stale baseline fails the run.</p>\n\
             <pre class=\"block\" id=\"stale-baseline\">",
        );
        for l in &r.stale_baseline {
            let _ = writeln!(s, "{}", esc(l));
        }
        s.push_str("</pre>\n");
    }
    s.push_str("</section>\n");
}

fn expected_failures(s: &mut String, r: &RunReport) {
    let xf: Vec<_> = r
        .cases
        .iter()
        .filter_map(|c| match &c.outcome {
            Outcome::ExpectedFailure { actual, reason } => Some((c, actual, reason)),
            _ => None,
        })
        .collect();
    let _ = writeln!(
        s,
        "<section aria-labelledby=\"h-expected\">\n<h2 id=\"h-expected\">Expected failures ({})</h2>",
        xf.len()
    );
    if xf.is_empty() {
        s.push_str("<p>None.</p>\n</section>\n");
        return;
    }
    s.push_str(
        "<p>Failures listed in the vendor's baseline, with the vendor's reason. They do not fail the run.</p>\n\
         <table id=\"expected-failures\">\n<thead><tr><th scope=\"col\">Case</th><th scope=\"col\">Category</th>\
         <th scope=\"col\">Outcome</th><th scope=\"col\">Expected</th><th scope=\"col\">Got</th>\
         <th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n",
    );
    for (c, actual, reason) in xf {
        let _ = writeln!(
            s,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            esc(&c.id),
            esc(&c.category),
            badge(actual),
            esc(&c.expected),
            got_html(c),
            esc(reason),
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
}

fn skipped(s: &mut String, r: &RunReport) {
    let sk: Vec<_> = r
        .cases
        .iter()
        .filter_map(|c| match &c.outcome {
            Outcome::Skipped { reason } => Some((c, reason)),
            _ => None,
        })
        .collect();
    if sk.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "<section aria-labelledby=\"h-skipped\">\n<h2 id=\"h-skipped\">Skipped cases ({})</h2>\n\
         <details><summary>Show the skipped cases</summary>\n<table id=\"skipped\">\n<thead><tr>\
         <th scope=\"col\">Case</th><th scope=\"col\">Category</th><th scope=\"col\">Operation</th>\
         <th scope=\"col\">Reason</th></tr></thead>\n<tbody>",
        sk.len()
    );
    for (c, reason) in sk {
        let _ = writeln!(
            s,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
            esc(&c.id),
            esc(&c.category),
            esc(&c.op),
            esc(reason),
        );
    }
    s.push_str("</tbody>\n</table>\n</details>\n</section>\n");
}
