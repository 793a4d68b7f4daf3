//! The HTML interop report: one self-contained page (no external files; it
//! works from `file://`) with the verdict, a coloured grid per channel,
//! each cell's failures with their attribution and differences, the
//! issuer's image next to a failing image cell, and the changes since
//! `--previous`. Every vendor text is escaped.
//!
//! Every cell's details are a `<details>` element, so the page works
//! without JavaScript; one constant script opens the details of a grid cell
//! that is clicked (allowed by its hash in the Content-Security-Policy).

use std::collections::BTreeMap;
use std::fmt::Write;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};

use super::Issued;
use super::matrix::{Cell, Channel, Fault, Matrix};
use super::report::{axes, causes, mark, side_text};
use crate::report::html::esc;

/// Most issuer images embedded in one page.
pub const MAX_IMAGES: usize = 40;
/// Largest image embedded, in bytes; larger ones are named, not shown.
pub const MAX_IMAGE_BYTES: usize = 512 * 1024;

const CSS: &str = r#"
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg2:#f6f8fa;--pass:#1a7f37;--passbg:#dafbe1;--fail:#cf222e;--failbg:#ffebe9;--link:#0a3069}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
main{max-width:80rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
h1{font-size:1.9rem;margin:0 0 .2rem}
h2{font-size:1.35rem;margin:2.2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
.sub{color:var(--muted);margin:0 0 1rem}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
.verdict{border:2px solid;border-radius:10px;padding:1rem 1.25rem;font-size:1.5rem;font-weight:800;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.v-pass{color:#0b4d1e;background:var(--passbg);border-color:var(--pass)}
.v-fail{color:#82071e;background:var(--failbg);border-color:var(--fail)}
.facts{display:flex;flex-wrap:wrap;gap:.4rem 2.5rem;margin:.6rem 0 0;font-size:1rem;font-weight:600}
.facts span{font-weight:400}
table{border-collapse:collapse}
table.grid{margin:.5rem 0 1rem;font-size:1rem}
.grid th,.grid td{border:1px solid var(--line);padding:.55rem .8rem;text-align:center;min-width:8.5rem}
.grid thead th{background:var(--bg2);font-weight:700}
.grid th.row{text-align:left;background:var(--bg2)}
.grid .corner{font-weight:400;color:var(--muted);font-size:.85rem;text-align:left}
.grid td.pass{background:var(--passbg);color:#0b4d1e;font-weight:700}
.grid td.fail{background:var(--failbg);color:#82071e;font-weight:800}
.grid td.none{color:var(--muted)}
.grid td a{color:inherit;text-decoration:none;display:block}
.grid td a:hover,.grid td a:focus{text-decoration:underline}
.drawn{font-weight:400;color:var(--muted);font-size:.8rem}
.legend{color:var(--muted);font-size:.9rem}
table.kv{margin:.5rem 0}
.kv th,.kv td{border-bottom:1px solid var(--line);padding:.3rem .8rem .3rem 0;text-align:left;vertical-align:top}
details.cell{border:1px solid var(--line);border-left:6px solid var(--fail);border-radius:6px;margin:.6rem 0;padding:.4rem .9rem}
details.cell>summary{cursor:pointer;font-weight:700;padding:.2rem 0}
.failure{border-top:1px solid var(--line);padding:.6rem 0;display:flex;gap:1.25rem;align-items:flex-start}
.failure:first-of-type{border-top:0}
.failure .body{flex:1}
.fault{display:inline-block;border-radius:1rem;padding:0 .6rem;font-size:.85rem;font-weight:700;border:1px solid}
.f-issuer{color:#6e3b00;background:#fff1d6;border-color:#bf8700}
.f-verifier{color:#3b1d80;background:#eee6ff;border-color:#8250df}
.diff th,.diff td{border:1px solid var(--line);padding:.2rem .5rem;font-size:.9rem;text-align:left}
.diff td.exp{background:#eefbf1}
.diff td.got{background:#fff0ef}
figure{margin:0;text-align:center;font-size:.8rem;color:var(--muted)}
figure img{width:12rem;height:auto;image-rendering:pixelated;border:1px solid var(--line)}
ul.changes li{font-family:ui-monospace,monospace;font-size:.9rem}
footer{color:var(--muted);font-size:.85rem;margin-top:2.5rem}
@media print{details.cell{break-inside:avoid}}
"#;

/// Opens the details of the cell a grid link points to.
const SCRIPT: &str = r#"(function(){function open(){var id=location.hash.slice(1);if(!id)return;var d=document.getElementById(id);if(d&&d.tagName==="DETAILS"){d.open=true;}}window.addEventListener("hashchange",open);document.addEventListener("click",function(e){var a=e.target.closest("a[data-cell]");if(!a)return;var d=document.getElementById(a.getAttribute("data-cell"));if(d){d.open=true;}});open();})();"#;

fn cell_id(i: usize) -> String {
    format!("cell-{i}")
}

fn grid(s: &mut String, m: &Matrix, channel: Channel) {
    let (rows, cols) = axes(m, channel);
    if rows.is_empty() || cols.is_empty() {
        return;
    }
    let (title, note) = match channel {
        Channel::Text => (
            "QR text",
            "Each issuer (row) issues every lab payload; each verifier (column) verifies the text.",
        ),
        Channel::Image => (
            "QR image",
            "Each issuer draws its codes (render), or the reference draws them (marked); each scanner (column) reads the image.",
        ),
    };
    let _ = write!(
        s,
        "<h2 id=\"grid-{ch}\">{title}</h2><p class=\"legend\">{note}</p>\
         <table class=\"grid\" data-channel=\"{ch}\"><thead><tr><th class=\"corner\">issuer ↓ verifier →</th>",
        ch = channel.name()
    );
    for c in &cols {
        let _ = write!(s, "<th scope=\"col\">{}</th>", esc(c));
    }
    s.push_str("</tr></thead><tbody>");
    for r in &rows {
        let drawn = m
            .cells
            .iter()
            .find(|c| c.issuer == *r && c.channel == channel)
            .and_then(|c| c.drawn_by.as_deref());
        let drawn = match drawn {
            Some("reference") => "<br><span class=\"drawn\">drawn by the reference</span>",
            Some(_) => "<br><span class=\"drawn\">its own drawing</span>",
            None => "",
        };
        let _ = write!(
            s,
            "<tr><th class=\"row\" scope=\"row\">{}{drawn}</th>",
            esc(r)
        );
        for c in &cols {
            let found = m
                .cells
                .iter()
                .position(|x| x.issuer == *r && x.verifier == *c && x.channel == channel);
            match found {
                None => s.push_str("<td class=\"none\">—</td>"),
                Some(i) => {
                    let cell = &m.cells[i];
                    let (class, icon) = if cell.passes() {
                        ("pass", "✔")
                    } else {
                        ("fail", "✘")
                    };
                    let label = format!("{icon} {}", mark(cell));
                    if cell.passes() {
                        let _ = write!(
                            s,
                            "<td class=\"pass\" data-cell=\"{}\" title=\"{} → {}\">{}</td>",
                            cell_id(i),
                            esc(r),
                            esc(c),
                            esc(&label)
                        );
                    } else {
                        let _ = write!(
                            s,
                            "<td class=\"{class}\"><a href=\"#{id}\" data-cell=\"{id}\">{}</a></td>",
                            esc(&label),
                            id = cell_id(i)
                        );
                    }
                }
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
}

fn details(
    s: &mut String,
    i: usize,
    c: &Cell,
    issued: &BTreeMap<(String, String), Issued>,
    images: &mut usize,
) {
    let _ = write!(
        s,
        "<details class=\"cell\" id=\"{}\" data-issuer=\"{}\" data-verifier=\"{}\" data-channel=\"{}\">\
         <summary>{} → {} ({}): {} of {} payloads fail</summary>",
        cell_id(i),
        esc(&c.issuer),
        esc(&c.verifier),
        c.channel.name(),
        esc(&c.issuer),
        esc(&c.verifier),
        c.channel.name(),
        c.failures.len(),
        c.passed + c.failures.len()
    );
    for f in &c.failures {
        let (fault_class, fault) = match f.fault {
            Fault::Issuer => ("f-issuer", format!("issuer at fault: {}", c.issuer)),
            Fault::Verifier => ("f-verifier", format!("verifier at fault: {}", c.verifier)),
        };
        let kind = serde_json::to_value(f.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let _ = write!(
            s,
            "<div class=\"failure\" data-payload=\"{}\"><div class=\"body\">\
             <strong class=\"mono\">{}</strong> <span class=\"fault {fault_class}\">{}</span> <code>{}</code>\
             <table class=\"kv\"><tr><th>the reference on the issuer's output</th><td>{}</td></tr>\
             <tr><th>the verifier</th><td>{}</td></tr></table>",
            esc(&f.payload),
            esc(&f.payload),
            esc(&fault),
            esc(&kind),
            esc(&side_text(&f.issuer)),
            esc(&side_text(&f.verifier))
        );
        if !f.diff.is_empty() {
            s.push_str(
                "<table class=\"diff\"><thead><tr><th>member</th><th>issued</th><th>read</th></tr></thead><tbody>",
            );
            for d in &f.diff {
                let show = |v: &Option<serde_json::Value>| {
                    v.as_ref()
                        .map_or_else(|| "(absent)".to_owned(), ToString::to_string)
                };
                let _ = write!(
                    s,
                    "<tr><td class=\"mono\">{}</td><td class=\"exp mono\">{}</td><td class=\"got mono\">{}</td></tr>",
                    esc(&d.path),
                    esc(&show(&d.expected)),
                    esc(&show(&d.got))
                );
            }
            s.push_str("</tbody></table>");
        }
        s.push_str("</div>");
        if c.channel == Channel::Image {
            let png = issued
                .get(&(c.issuer.clone(), f.payload.clone()))
                .and_then(|x| x.image.as_ref())
                .and_then(|r| r.as_ref().ok());
            match png {
                Some(png) if png.len() <= MAX_IMAGE_BYTES && *images < MAX_IMAGES => {
                    *images += 1;
                    let _ = write!(
                        s,
                        "<figure><img alt=\"the QR image {} drew for {}\" src=\"data:image/png;base64,{}\">\
                         <figcaption>as drawn by {}</figcaption></figure>",
                        esc(c.drawn_by.as_deref().unwrap_or(&c.issuer)),
                        esc(&f.payload),
                        B64.encode(png),
                        esc(if c.drawn_by.as_deref() == Some("reference") {
                            "the reference"
                        } else {
                            &c.issuer
                        })
                    );
                }
                Some(_) => s.push_str(
                    "<figure><figcaption>image not embedded (size or count limit)</figcaption></figure>",
                ),
                None => {}
            }
        }
        s.push_str("</div>");
    }
    s.push_str("</details>");
}

/// Renders the page. `issued` holds the issuers' images (empty when
/// rendering a matrix read back from JSON: no images are shown then).
pub fn render(m: &Matrix, issued: &BTreeMap<(String, String), Issued>) -> String {
    let script_hash = B64.encode(Sha256::digest(SCRIPT.as_bytes()));
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>UNIQR interop matrix: {}</title><style>{CSS}</style></head><body><main>\
         <h1>UNIQR v1 interop matrix</h1>\
         <p class=\"sub\">Every issuer's codes, as text and as QR images, through every verifier. A cell passes when the verifier reports exactly the payload and claims the issuer was given.</p>",
        esc(&m.verdict)
    );
    let pass = m.passes();
    let _ = write!(
        s,
        "<div id=\"verdict\" class=\"verdict {}\" data-verdict=\"{}\"><span id=\"verdict-text\">{}</span>\
         <div class=\"facts\"><div>cells <span id=\"total-cells\" data-count=\"{}\">{}</span></div>\
         <div>passing <span id=\"passing-cells\" data-count=\"{}\">{}</span></div>\
         <div>failing <span id=\"failing-cells\" data-count=\"{}\">{}</span></div>\
         <div>payload checks failing <span data-count=\"{}\">{} of {}</span></div>\
         <div>lab payloads <span>{}</span></div><div>verification time <span>{}</span></div></div></div>",
        if pass { "v-pass" } else { "v-fail" },
        if pass { "pass" } else { "fail" },
        esc(&m.verdict),
        m.summary.cells,
        m.summary.cells,
        m.summary.passing_cells,
        m.summary.passing_cells,
        m.summary.failing_cells,
        m.summary.failing_cells,
        m.summary.failed_checks,
        m.summary.failed_checks,
        m.summary.checks,
        m.payloads.len(),
        esc(&m.now)
    );
    grid(&mut s, m, Channel::Text);
    grid(&mut s, m, Channel::Image);
    if !m.blame.is_empty() {
        s.push_str(
            "<h2 id=\"blame\">Who must fix what</h2><table class=\"kv blame\"><thead><tr><th>vendor</th>\
             <th>failing checks as issuer</th><th>as verifier</th><th>causes (layer and code)</th></tr></thead><tbody>",
        );
        for b in &m.blame {
            let _ = write!(
                s,
                "<tr data-vendor=\"{}\"><td><strong>{}</strong></td><td>{}</td><td>{}</td><td class=\"mono\">{}</td></tr>",
                esc(&b.vendor),
                esc(&b.vendor),
                b.as_issuer,
                b.as_verifier,
                esc(&causes(b))
            );
        }
        s.push_str("</tbody></table>");
    }
    if let Some(ch) = &m.changes {
        let _ = write!(
            s,
            "<h2 id=\"changes\">Changes since the run of {}</h2>",
            esc(&ch.previous_started)
        );
        for (id, title, list) in [
            ("new-failures", "New failures since", &ch.new_failures),
            ("fixed", "Fixed since", &ch.fixed),
        ] {
            let _ = write!(
                s,
                "<h3>{title} (<span id=\"{id}\" data-count=\"{n}\">{n}</span>)</h3><ul class=\"changes\">",
                n = list.len()
            );
            for k in list {
                let _ = write!(s, "<li>{}</li>", esc(k));
            }
            s.push_str("</ul>");
        }
    }
    let failing: Vec<(usize, &Cell)> = m
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.passes())
        .collect();
    if !failing.is_empty() {
        s.push_str("<h2 id=\"failures\">Failing cells</h2><p class=\"legend\">Open a cell for its failing payloads. <em>Issuer at fault</em>: the reference also rejects or misreads the issuer's output. <em>Verifier at fault</em>: the reference reads it exactly as issued.</p>");
        let mut images = 0;
        for (i, c) in failing {
            details(&mut s, i, c, issued, &mut images);
        }
    }
    s.push_str("<h2 id=\"vendors\">Vendors</h2><table class=\"kv\"><thead><tr><th>name</th><th>implementation</th><th>mode</th><th>operations</th><th>command</th></tr></thead><tbody>");
    for v in &m.vendors {
        let ops = match &v.unavailable {
            Some(why) => format!("UNAVAILABLE: {why}"),
            None => v.ops.join(", "),
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td class=\"mono\">{}</td></tr>",
            esc(&v.name),
            esc(v.implementation.as_deref().unwrap_or("")),
            esc(v.version.as_deref().unwrap_or("")),
            esc(&v.mode),
            esc(&ops),
            esc(&v.command)
        );
    }
    s.push_str("</tbody></table><h2 id=\"lab\">Lab payloads</h2><table class=\"kv\"><thead><tr><th>id</th><th>key</th><th>SHA-256 of payload and claims</th></tr></thead><tbody>");
    for p in &m.payloads {
        let _ = write!(
            s,
            "<tr><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>",
            esc(&p.id),
            esc(&p.key),
            esc(&p.sha256)
        );
    }
    let _ = writeln!(
        s,
        "</tbody></table><footer>{} · started {} · finished {} · lab trust list SHA-256 <span class=\"mono\">{}</span></footer>\
         </main><script>{SCRIPT}</script></body></html>",
        esc(&m.runner),
        esc(&m.started),
        esc(&m.finished),
        esc(&m.trust_sha256)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::super::matrix::{Failure, Kind, Side, Vendor};
    use super::*;

    #[test]
    fn vendor_text_is_escaped_everywhere() {
        let evil = "</script><script>alert(1)</script>&\"'";
        let mut m = Matrix {
            format: super::super::matrix::FORMAT.into(),
            version: super::super::matrix::VERSION,
            runner: "uniqr test".into(),
            now: "2026-06-01T00:00:00Z".into(),
            started: String::new(),
            finished: String::new(),
            trust_sha256: String::new(),
            payloads: Vec::new(),
            vendors: vec![Vendor {
                name: "a".into(),
                mode: "persistent".into(),
                command: evil.into(),
                implementation: Some(evil.into()),
                version: Some(evil.into()),
                ops: vec![evil.into()],
                unavailable: None,
            }],
            cells: vec![Cell {
                issuer: "a".into(),
                verifier: "a".into(),
                channel: Channel::Image,
                drawn_by: Some("issuer".into()),
                passed: 0,
                failures: vec![Failure {
                    payload: "p".into(),
                    kind: Kind::NotRecognised,
                    fault: Fault::Verifier,
                    issuer: Side::default(),
                    verifier: Side {
                        code: Some(evil.into()),
                        layer: None,
                        detail: Some(evil.into()),
                    },
                    diff: Vec::new(),
                }],
            }],
            summary: Default::default(),
            blame: Vec::new(),
            verdict: String::new(),
            changes: None,
        };
        m.finish();
        let page = render(&m, &BTreeMap::new());
        assert_eq!(
            page.matches("<script>").count(),
            1,
            "only the page's own script"
        );
        assert!(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)"));
        assert!(!page.contains(evil));
        assert!(page.contains("id=\"cell-0\""));
        assert!(page.contains("href=\"#cell-0\""));
    }
}
