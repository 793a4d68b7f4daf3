//! The JSON report (`spec/schema/report.schema.json`).

use super::RunReport;

/// Renders the report as pretty JSON with a final newline.
pub fn render(r: &RunReport) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_default();
    s.push('\n');
    s
}
