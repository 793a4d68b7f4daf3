//! The HTML pages of the results site. No page has a script; the one style
//! sheet is inline, badges are inline SVG, and a Content-Security-Policy
//! allows nothing else. Every input text is escaped.
//!
//! Stable hooks for checkers: each front-page cell is
//! `td[data-vendor][data-profile][data-verdict][data-trust][data-suite]`
//! (`data-verdict` `untested` where the vendor has no run of the profile);
//! each requirement cell `td[data-requirement][data-vendor][data-status]`;
//! each history row of a vendor page `tr[data-run][data-verdict][data-trust]`
//! and its new failures `#new-failures[data-count]` with `li[data-case]`.

use std::fmt::Write;

use super::Site;
use super::badge::{self, Badge, verdict_words};
use super::docs::{self, Doc};
use super::model::{Run, Trust, VendorView, View};
use crate::report::html::esc;

const CSS: &str = r#"
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg2:#f6f8fa;--brand:#0b2a4a;--accent:#1d5c96;--pass:#1a7f37;--passbg:#dafbe1;--fail:#cf222e;--failbg:#ffebe9;--warn:#9a6700;--warnbg:#fff8c5}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
header.site{background:var(--brand);color:#fff}
header.site .in{max-width:82rem;margin:0 auto;padding:.9rem 1.25rem;display:flex;flex-wrap:wrap;align-items:baseline;gap:.4rem 2rem}
header.site .brand{font-weight:800;font-size:1.2rem;color:#fff;text-decoration:none;letter-spacing:.01em}
header.site .brand small{font-weight:400;opacity:.8;margin-left:.5rem;font-size:.9rem}
nav.site a{color:#dbe7f3;text-decoration:none;margin-right:1.2rem;font-weight:600}
nav.site a[aria-current]{color:#fff;border-bottom:3px solid #7fb3e6;padding-bottom:.15rem}
nav.site a:hover,nav.site a:focus{color:#fff;text-decoration:underline}
main{max-width:82rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
h1{font-size:1.9rem;margin:.2rem 0 .3rem;color:var(--brand)}
h2{font-size:1.3rem;margin:2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line);color:var(--brand)}
.lead{color:var(--muted);margin:0 0 1.2rem;max-width:60rem}
a{color:var(--accent)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
table{border-collapse:collapse}
.wide{overflow-x:auto}
table.results{width:100%;font-size:.95rem}
.results th,.results td{border:1px solid var(--line);padding:.55rem .7rem;vertical-align:top;text-align:left}
.results thead th{background:var(--bg2);font-weight:700}
.results th.vendor{background:var(--bg2);min-width:12rem}
.results td.none{color:var(--muted);text-align:center;vertical-align:middle}
.verdict{display:inline-block;border-radius:4px;padding:.05rem .5rem;font-weight:700;font-size:.9rem;border:1px solid;white-space:nowrap}
.v-conformant{color:#0b4d1e;background:var(--passbg);border-color:var(--pass)}
.v-conformant_with_waivers{color:#2f5d14;background:#eaf7d9;border-color:#4d8c2a}
.v-partial{color:#5c3d00;background:var(--warnbg);border-color:var(--warn)}
.v-not_conformant{color:#82071e;background:var(--failbg);border-color:var(--fail)}
.meta{display:block;color:var(--muted);font-size:.82rem;margin-top:.25rem}
.mark{display:inline-block;margin-top:.3rem;font-size:.8rem;font-weight:700;border-radius:1rem;padding:0 .55rem}
.m-certified{color:#fff;background:var(--brand)}
.m-self-reported{color:var(--muted);background:#fff;border:1px dashed var(--muted)}
.legend{color:var(--muted);font-size:.9rem;max-width:60rem}
table.req{font-size:.9rem}
.req th,.req td{border:1px solid var(--line);padding:.3rem .6rem;text-align:center}
.req thead th{background:var(--bg2);position:sticky;top:0}
.req th.id{text-align:left;white-space:nowrap}
.req td.pass{background:var(--passbg);color:#0b4d1e;font-weight:700}
.req td.fail{background:var(--failbg);color:#82071e;font-weight:800}
.req td.untested{color:var(--muted)}
table.kv th,table.kv td{border-bottom:1px solid var(--line);padding:.35rem 1rem .35rem 0;text-align:left;vertical-align:top}
table.kv th{color:var(--muted);font-weight:600;white-space:nowrap}
.badges{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}
.why{color:var(--muted);font-size:.85rem}
ul.cases{columns:3 16rem;font-family:ui-monospace,monospace;font-size:.88rem}
.spec{max-width:60rem}
.spec strong.req{scroll-margin-top:1rem}
.spec strong.req:target{background:#fff8c5;outline:2px solid var(--warn)}
.spec table{border-collapse:collapse;margin:.6rem 0}
.spec th,.spec td{border:1px solid var(--line);padding:.25rem .5rem}
.spec pre{background:var(--bg2);padding:.7rem;overflow-x:auto}
footer{max-width:82rem;margin:0 auto;padding:1rem 1.25rem 2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
"#;

/// Which navigation entry a page is under.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nav {
    Home,
    Requirements,
    Interop,
    Spec,
    Vendor,
}

/// A whole page: `root` is the way back to the site's top (`` or `../`).
fn page(title: &str, root: &str, nav: Nav, body: &str, generated: &str) -> String {
    let mut s = String::with_capacity(body.len() + 8 * 1024);
    let _ = write!(
        s,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; \
         img-src data:; base-uri 'none'; form-action 'none'\">\n\
         <title>{} — UNIQR v1 conformance results</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <header class=\"site\"><div class=\"in\"><a class=\"brand\" href=\"{root}index.html\">UNIQR v1 \
         <small>conformance results</small></a><nav class=\"site\">",
        esc(title)
    );
    for (n, href, label) in [
        (Nav::Home, "index.html", "Implementations"),
        (Nav::Requirements, "requirements.html", "Requirements"),
        (Nav::Interop, "interop.html", "Interoperability"),
        (Nav::Spec, "spec/uniqr-v1.html", "Specification"),
    ] {
        let current = if n == nav {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(s, "<a href=\"{root}{href}\"{current}>{label}</a>");
    }
    let _ = write!(
        s,
        "</nav></div></header>\n<main>\n{body}</main>\n<footer><p>Results are <strong>certified</strong> \
         only when a lab attestation verifies with a lab key this site trusts; every other result is \
         <strong>self-reported</strong>. Generated <time id=\"generated\">{}</time> by <code>uniqr publish</code>.</p>\
         </footer>\n</body>\n</html>\n",
        esc(generated)
    );
    s
}

/// The date part of an RFC 3339 time.
fn date(t: &str) -> &str {
    t.get(..10).unwrap_or(t)
}

fn verdict_chip(kind: &str) -> String {
    format!(
        "<span class=\"verdict v-{}\">{}</span>",
        esc(kind),
        verdict_words(kind)
    )
}

fn mark(t: &Trust) -> String {
    match t {
        Trust::Certified { kid } => format!(
            "<span class=\"mark m-certified\" title=\"verified with lab key {}\">✔ Certified</span>",
            esc(kid)
        ),
        Trust::SelfReported { why } => format!(
            "<span class=\"mark m-self-reported\" title=\"{}\">Self-reported</span>",
            esc(why)
        ),
    }
}

/// Every page except the spec documents and the badges.
pub fn render_all(view: &View<'_>, generated: &str, site: &mut Site) {
    site.add(
        "index.html",
        page("Implementations", "", Nav::Home, &front(view), generated),
    );
    site.add(
        "requirements.html",
        page(
            "Requirements",
            "",
            Nav::Requirements,
            &requirements(view),
            generated,
        ),
    );
    site.add(
        "interop.html",
        page(
            "Interoperability",
            "",
            Nav::Interop,
            &interop(view),
            generated,
        ),
    );
    for (page_name, x) in &view.interop {
        if let (Some(name), Some(m)) = (page_name, &x.matrix) {
            site.add(
                name.clone(),
                crate::interop::html::render(m, &std::collections::BTreeMap::new()),
            );
        }
    }
    for v in &view.vendors {
        site.add(
            format!("vendors/{}.html", v.slug),
            page(&v.name, "../", Nav::Vendor, &vendor(v), generated),
        );
    }
}

fn front(view: &View<'_>) -> String {
    let mut s = String::from(
        "<h1>Implementations</h1>\n<p class=\"lead\">The newest conformance result of each \
         implementation for each profile of the UNIQR v1 standard. Select an implementation for \
         its history and details.</p>\n",
    );
    if view.vendors.is_empty() {
        s.push_str("<p id=\"no-results\">No results have been published yet.</p>\n");
        return s;
    }
    s.push_str(
        "<div class=\"wide\"><table class=\"results\" id=\"implementations\"><thead><tr>\
         <th scope=\"col\">Implementation</th>",
    );
    for p in super::PROFILES {
        let _ = write!(s, "<th scope=\"col\">{}</th>", capital(p));
    }
    s.push_str("</tr></thead><tbody>\n");
    for v in &view.vendors {
        let _ = write!(
            s,
            "<tr data-vendor=\"{slug}\"><th class=\"vendor\" scope=\"row\"><a href=\"vendors/{slug}.html\">{}</a></th>",
            esc(&v.name),
            slug = v.slug
        );
        for p in super::PROFILES {
            match v.current.get(p) {
                None => {
                    let _ = write!(
                        s,
                        "<td class=\"none\" data-vendor=\"{}\" data-profile=\"{p}\" data-verdict=\"untested\">—</td>",
                        v.slug
                    );
                }
                Some(r) => {
                    let pr = &r.predicate;
                    let _ = write!(
                        s,
                        "<td data-vendor=\"{}\" data-profile=\"{p}\" data-verdict=\"{}\" data-trust=\"{}\" \
                         data-suite=\"{}\">{}<span class=\"meta\">suite {} · tested {}</span>{}</td>",
                        v.slug,
                        esc(&pr.verdict),
                        r.trust.word(),
                        esc(&pr.suite.version),
                        verdict_chip(&pr.verdict),
                        esc(&pr.suite.version),
                        esc(date(&pr.finished)),
                        mark(&r.trust),
                    );
                }
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></div>\n");
    s.push_str(
        "<h2>How to read this table</h2><p class=\"legend\"><strong>Conformant</strong>: the official \
         suite ran complete and every case of the profile passed. <strong>Conformant with waivers</strong>: \
         the same, with failures waived by a baseline. <strong>Partial</strong>: nothing failed, but the run \
         covered less than a conformance claim needs. <strong>Not conformant</strong>: a case failed. \
         <strong>Certified</strong> results carry a test lab's signed attestation that this site verified; \
         <strong>self-reported</strong> results do not.</p>\n",
    );
    s
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn requirements(view: &View<'_>) -> String {
    let mut s = String::from(
        "<h1>Requirements</h1>\n<p class=\"lead\">Each requirement of the specification against each \
         implementation, over the newest run of each of its profiles: <strong>pass</strong> when every \
         case citing the requirement passed, <strong>fail</strong> when one failed, \
         <strong>untested</strong> when no case that ran cites it.</p>\n",
    );
    let statuses: Vec<_> = view.vendors.iter().map(|v| (v, v.requirements())).collect();
    let index = docs::requirement_index();
    let mut last_doc = "";
    for (id, doc) in &index {
        if doc.stem != last_doc {
            if !last_doc.is_empty() {
                s.push_str("</tbody></table></div>\n");
            }
            last_doc = doc.stem;
            let _ = write!(
                s,
                "<h2 id=\"doc-{stem}\"><a href=\"spec/{stem}.html\">{}</a></h2>\
                 <div class=\"wide\"><table class=\"req\"><thead><tr><th scope=\"col\">Requirement</th>",
                esc(doc.title),
                stem = doc.stem
            );
            for (v, _) in &statuses {
                let _ = write!(
                    s,
                    "<th scope=\"col\"><a href=\"vendors/{}.html\">{}</a></th>",
                    v.slug,
                    esc(&v.name)
                );
            }
            s.push_str("</tr></thead><tbody>\n");
        }
        let _ = write!(
            s,
            "<tr data-requirement=\"{id}\"><th class=\"id\" scope=\"row\"><a href=\"spec/{}.html#{id}\">{id}</a></th>",
            doc.stem
        );
        for (v, st) in &statuses {
            let status = st.get(id.as_str()).copied().unwrap_or("untested");
            let label = match status {
                "pass" => "✔ pass",
                "fail" => "✘ fail",
                _ => "untested",
            };
            let _ = write!(
                s,
                "<td class=\"{status}\" data-requirement=\"{id}\" data-vendor=\"{}\" data-status=\"{status}\">{label}</td>",
                v.slug
            );
        }
        s.push_str("</tr>\n");
    }
    if !last_doc.is_empty() {
        s.push_str("</tbody></table></div>\n");
    }
    s
}

fn interop(view: &View<'_>) -> String {
    let mut s = String::from(
        "<h1>Interoperability</h1>\n<p class=\"lead\">Cross-vendor matrices: every issuer's codes, as \
         text and as QR images, through every verifier.</p>\n",
    );
    if view.interop.is_empty() {
        s.push_str("<p id=\"no-interop\">No interop matrix has been published yet.</p>\n");
        return s;
    }
    s.push_str(
        "<table class=\"results\" id=\"matrices\"><thead><tr><th scope=\"col\">Run</th>\
         <th scope=\"col\">Vendors</th><th scope=\"col\">Verdict</th><th scope=\"col\">Result</th></tr></thead><tbody>\n",
    );
    for (page_name, x) in &view.interop {
        let p = &x.predicate;
        let when = esc(date(&p.started));
        let run = match page_name {
            Some(n) => format!("<a href=\"{n}\">{when}</a>"),
            None => when,
        };
        let vendors: Vec<String> = p
            .vendors
            .iter()
            .map(|v| esc(v.id.as_deref().unwrap_or(&v.command)))
            .collect();
        let _ = writeln!(
            s,
            "<tr data-interop=\"{}\" data-trust=\"{}\"><td>{run}</td><td>{}</td><td>{}</td><td>{}<span class=\"meta mono\">{}</span></td></tr>",
            esc(&x.source),
            x.trust.word(),
            vendors.join(", "),
            esc(&p.verdict),
            mark(&x.trust),
            esc(&x.source),
        );
    }
    s.push_str("</tbody></table>\n");
    s
}

fn run_trust(r: &Run) -> String {
    match &r.trust {
        Trust::Certified { kid } => format!(
            "{}<span class=\"meta\">lab key <code>{}</code></span>",
            mark(&r.trust),
            esc(kid)
        ),
        Trust::SelfReported { why } => {
            format!(
                "{}<span class=\"meta why\">{}</span>",
                mark(&r.trust),
                esc(why)
            )
        }
    }
}

fn vendor(v: &VendorView<'_>) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<h1 id=\"vendor\" data-vendor=\"{}\">{}</h1>\n<p class=\"lead\">Conformance results of this \
         implementation, newest first.</p>\n",
        v.slug,
        esc(&v.name)
    );
    if let Some(latest) = v.runs.first() {
        let p = &latest.predicate;
        let _ = writeln!(
            s,
            "<table class=\"kv\" id=\"latest\"><tr><th>Latest verdict</th><td>{} {}</td></tr>\
             <tr><th>Profiles</th><td>{}</td></tr><tr><th>Version tested</th><td>{}</td></tr>\
             <tr><th>Suite</th><td>{} ({})</td></tr><tr><th>Tested</th><td>{}</td></tr>\
             <tr><th>Result</th><td>{}</td></tr></table>",
            verdict_chip(&p.verdict),
            esc(&p.verdict_text),
            esc(&p.profiles.join(", ")),
            esc(p.vendor.version.as_deref().unwrap_or("not given")),
            esc(&p.suite.version),
            esc(&p.suite.kind),
            esc(&p.finished),
            run_trust(latest),
        );
    }
    s.push_str("<h2>Badges</h2><div class=\"badges\">");
    for (profile, r) in &v.current {
        let b = Badge::of(profile, r);
        let _ = write!(
            s,
            "<a href=\"../badges/{slug}-{profile}.svg\" data-badge=\"{profile}\">{}</a>",
            badge::svg(&b.label, &b.message, b.color),
            slug = v.slug
        );
    }
    s.push_str(
        "</div><p class=\"legend\">Each badge is also a shields.io endpoint: \
         <code>badges/&lt;vendor&gt;-&lt;profile&gt;.json</code>.</p>\n",
    );
    let fresh = v.new_failures.first().map(Vec::as_slice).unwrap_or(&[]);
    let _ = write!(
        s,
        "<h2>New failures since the previous run</h2><div id=\"new-failures\" data-count=\"{}\">",
        fresh.len()
    );
    if v.runs.len() < 2 {
        s.push_str("<p>There is no previous run to compare with.</p>");
    } else if fresh.is_empty() {
        s.push_str("<p>None: no case that passed in the previous run fails now.</p>");
    } else {
        s.push_str("<p>Cases that fail in the newest run and passed in the run before it:</p><ul class=\"cases\">");
        for id in fresh {
            let kind = v.runs[0]
                .predicate
                .cases
                .get(id)
                .map(String::as_str)
                .unwrap_or("");
            let _ = write!(
                s,
                "<li data-case=\"{}\" data-kind=\"{}\">{} <span class=\"why\">{}</span></li>",
                esc(id),
                esc(kind),
                esc(id),
                esc(kind)
            );
        }
        s.push_str("</ul>");
    }
    s.push_str("</div>\n<h2>History</h2><div class=\"wide\"><table class=\"results\" id=\"history\"><thead><tr>\
        <th scope=\"col\">Tested</th><th scope=\"col\">Suite</th><th scope=\"col\">Version</th>\
        <th scope=\"col\">Profiles</th><th scope=\"col\">Verdict</th><th scope=\"col\">Cases</th>\
        <th scope=\"col\">New failures</th><th scope=\"col\">Result</th></tr></thead><tbody>\n");
    for (i, (r, fresh)) in v.runs.iter().zip(&v.new_failures).enumerate() {
        let p = &r.predicate;
        let total: usize = p.totals.values().sum();
        let passed = p.totals.get("pass").copied().unwrap_or(0);
        let _ = writeln!(
            s,
            "<tr data-run=\"{}\" data-verdict=\"{}\" data-trust=\"{}\"><td>{}</td><td>{} <span class=\"meta\">{}</span></td>\
             <td>{}</td><td>{}</td><td>{}<span class=\"meta\">{}</span></td><td>{passed} of {total} passed</td>\
             <td data-new-failures=\"{}\">{}</td><td>{}<span class=\"meta mono\">{}</span></td></tr>",
            i + 1,
            esc(&p.verdict),
            r.trust.word(),
            esc(&p.finished),
            esc(&p.suite.version),
            esc(&p.suite.kind),
            esc(p.vendor.version.as_deref().unwrap_or("—")),
            esc(&p.profiles.join(", ")),
            verdict_chip(&p.verdict),
            esc(&p.verdict_text),
            fresh.len(),
            fresh.len(),
            run_trust(r),
            esc(&r.source),
        );
    }
    s.push_str("</tbody></table></div>\n");
    s
}

/// A spec document's page.
pub fn spec_page(doc: &Doc, generated: &str) -> String {
    let mut body = String::from("<p class=\"legend\">Documents: ");
    let links: Vec<String> = docs::DOCS
        .iter()
        .map(|d| format!("<a href=\"{}.html\">{}</a>", d.stem, esc(d.title)))
        .collect();
    body.push_str(&links.join(" · "));
    body.push_str("</p>\n<article class=\"spec\">\n");
    body.push_str(&docs::render(doc));
    body.push_str("</article>\n");
    page(doc.title, "../", Nav::Spec, &body, generated)
}
