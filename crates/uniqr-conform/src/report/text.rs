//! The text report: failures first, most severe first, grouped by category,
//! then per-category counts and a one-line verdict.

use std::fmt::Write;

use super::RunReport;

/// Renders the text report.
pub fn render(r: &RunReport) -> String {
    let mut s = String::new();
    let p = &r.provenance;
    let vendor = p.vendor.name.as_deref().unwrap_or(&p.vendor.command);
    let _ = writeln!(
        s,
        "uniqr conform: {} {} ({}), suite {} {} ({} of {} cases), profiles: {}",
        vendor,
        p.vendor.version.as_deref().unwrap_or(""),
        p.vendor.mode,
        p.suite_version,
        serde_json::to_value(p.suite_kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        p.selected_cases,
        p.suite_cases,
        p.claim.names()
    );
    let failures = r.failures();
    if !failures.is_empty() {
        let _ = writeln!(s, "\nFAILURES ({})", failures.len());
        let mut cats: Vec<&str> = failures.iter().map(|c| c.category.as_str()).collect();
        cats.sort_unstable();
        cats.dedup();
        for cat in cats {
            let _ = writeln!(s, "  {cat}");
            for c in failures.iter().filter(|c| c.category == cat) {
                // Multi-line details (stderr tails) stay indented under their case.
                let detail = c
                    .outcome
                    .detail()
                    .lines()
                    .collect::<Vec<_>>()
                    .join("\n      ");
                let _ = writeln!(s, "    {:<16} {}: {}", c.outcome.kind(), c.id, detail);
            }
        }
    }
    let expected: Vec<_> = r
        .cases
        .iter()
        .filter(|c| c.outcome.kind() == "expected_failure")
        .collect();
    if !expected.is_empty() {
        let _ = writeln!(s, "\nWAIVED ({}, by the baseline)", expected.len());
        for c in expected {
            let _ = writeln!(s, "    {}: {}", c.id, c.outcome.detail());
        }
    }
    if !r.stale_baseline.is_empty() {
        let _ = writeln!(
            s,
            "\nSTALE BASELINE ({}): change these lines",
            r.stale_baseline.len()
        );
        for l in &r.stale_baseline {
            let _ = writeln!(s, "    {l}");
        }
    }
    if !r.expired_waivers.is_empty() {
        let _ = writeln!(
            s,
            "\nEXPIRED WAIVERS ({}): renew with a new date, or fix and remove",
            r.expired_waivers.len()
        );
        for l in &r.expired_waivers {
            let _ = writeln!(s, "    {l}");
        }
    }
    let _ = writeln!(s, "\nCATEGORIES");
    for (cat, counts) in &r.categories {
        let total: usize = counts.values().sum();
        let pass = counts.get("pass").copied().unwrap_or(0);
        let rest: Vec<String> = counts
            .iter()
            .filter(|(k, _)| *k != "pass")
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let _ = writeln!(
            s,
            "  {cat:<28} {pass:>3}/{total:<3} pass{}",
            if rest.is_empty() {
                String::new()
            } else {
                format!("  ({})", rest.join(", "))
            }
        );
    }
    let totals: Vec<String> = r.totals.iter().map(|(k, n)| format!("{n} {k}")).collect();
    if let Some(why) = &r.incomplete {
        let _ = writeln!(
            s,
            "\nINCOMPLETE: {why}; cases not run are not in this report"
        );
    }
    let _ = writeln!(s, "\n{}", r.verdict.text);
    let _ = writeln!(s, "cases: {}", totals.join(", "));
    // Vendor names, messages and stderr tails are in it: no control
    // character reaches a terminal or report.txt as it is.
    crate::output::terminal_text(&s)
}
