//! The HTML report: one self-contained file (no external scripts, fonts or
//! CDNs) that a regulator can publish as is.

use super::RunReport;
use crate::vectors::Suite;

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders the HTML report.
pub fn render(r: &RunReport, _suite: &Suite) -> String {
    let mut s = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>uniqr conformance report</title></head><body>",
    );
    s.push_str(&format!(
        "<h1>{}</h1><pre>{}</pre>",
        esc(r.verdict),
        esc(&super::text::render(r))
    ));
    s.push_str("</body></html>\n");
    s
}
