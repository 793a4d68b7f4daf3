//! The text, JSON and JUnit reports of an interop matrix; the HTML report
//! is [`super::html`]. Every format carries the verdict and the changes
//! since `--previous` (R-IO-7).

use std::fmt::Write;

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::matrix::{Blame, Cell, Channel, Failure, Fault, Matrix, Side};

/// Failures listed per cell in the text report.
pub const TEXT_FAILURES: usize = 3;

/// Vendor text made safe for one line of a terminal: every control
/// character, line feeds included, is shown escaped, never interpreted.
pub fn term(s: &str) -> String {
    crate::output::terminal_text(s)
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

/// One side of a failure in a line: `CODE (layer): detail`.
pub fn side_text(s: &Side) -> String {
    let mut out = s.code.clone().unwrap_or_default();
    if let Some(l) = &s.layer {
        if out.is_empty() {
            out = format!("[{l}]");
        } else {
            let _ = write!(out, " [{l}]");
        }
    }
    if let Some(d) = &s.detail {
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(d);
    }
    if out.is_empty() { "-".into() } else { out }
}

/// One failure in a line.
pub fn failure_text(f: &Failure) -> String {
    let fault = match f.fault {
        Fault::Issuer => "issuer at fault",
        Fault::Verifier => "verifier at fault",
    };
    let kind = serde_json::to_value(f.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    format!(
        "{}: {kind}, {fault}; reference: {}; verifier: {}",
        f.payload,
        side_text(&f.issuer),
        side_text(&f.verifier)
    )
}

/// A vendor's causes in one line: `cbor CBOR_NONCANONICAL ×28, data ×4`.
pub fn causes(b: &Blame) -> String {
    b.causes
        .iter()
        .map(|(c, n)| format!("{c} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A cell's short mark for grids: `ok 14/14` or `FAIL 3/14`.
pub fn mark(c: &Cell) -> String {
    let total = c.passed + c.failures.len();
    if c.passes() {
        format!("ok {}/{total}", c.passed)
    } else {
        format!("FAIL {}/{total}", c.failures.len())
    }
}

/// The names of the issuers (rows) and of the verifiers of a channel
/// (columns), in vendor order.
pub fn axes(m: &Matrix, channel: Channel) -> (Vec<&str>, Vec<&str>) {
    let mut rows: Vec<&str> = Vec::new();
    let mut cols: Vec<&str> = Vec::new();
    for v in &m.vendors {
        if m.cells
            .iter()
            .any(|c| c.issuer == v.name && c.channel == channel)
        {
            rows.push(&v.name);
        }
        if m.cells
            .iter()
            .any(|c| c.verifier == v.name && c.channel == channel)
        {
            cols.push(&v.name);
        }
    }
    (rows, cols)
}

fn grid(s: &mut String, m: &Matrix, channel: Channel) {
    let (rows, cols) = axes(m, channel);
    if rows.is_empty() || cols.is_empty() {
        return;
    }
    let title = match channel {
        Channel::Text => "QR TEXT: rows issue, columns verify (verify)",
        Channel::Image => {
            "QR IMAGE: rows issue and draw (* drawn by the reference), columns scan (scan_verify)"
        }
    };
    let _ = writeln!(s, "\n{title}");
    let width = cols
        .iter()
        .chain(rows.iter())
        .map(|n| n.chars().count() + 2)
        .chain([12])
        .max()
        .unwrap_or(12);
    let _ = write!(s, "  {:<width$}", "");
    for c in &cols {
        let _ = write!(s, "{:<width$}", term(c));
    }
    s.push('\n');
    for r in &rows {
        let drawn = m
            .cells
            .iter()
            .find(|c| c.issuer == *r && c.channel == channel)
            .and_then(|c| c.drawn_by.as_deref())
            == Some("reference");
        let label = format!("{}{}", term(r), if drawn { " *" } else { "" });
        let _ = write!(s, "  {label:<width$}");
        for c in &cols {
            let cell = m.cell(r, c, channel).map_or_else(|| "-".to_owned(), mark);
            let _ = write!(s, "{cell:<width$}");
        }
        s.push('\n');
    }
}

/// Renders the text report (printed on stderr).
pub fn text(m: &Matrix) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "uniqr interop: {} vendors, {} payloads, now {}",
        m.vendors.len(),
        m.payloads.len(),
        m.now
    );
    for v in &m.vendors {
        let what = match &v.unavailable {
            Some(why) => format!("UNAVAILABLE: {}", term(why)),
            None => format!(
                "{} {} ({}), ops: {}",
                term(v.implementation.as_deref().unwrap_or("?")),
                term(v.version.as_deref().unwrap_or("")),
                v.mode,
                term(&v.ops.join(" "))
            ),
        };
        let _ = writeln!(s, "  {}: {what}", term(&v.name));
    }
    grid(&mut s, m, Channel::Text);
    grid(&mut s, m, Channel::Image);
    let failing: Vec<&Cell> = m.cells.iter().filter(|c| !c.passes()).collect();
    if !failing.is_empty() {
        let _ = writeln!(s, "\nFAILING CELLS ({})", failing.len());
        for c in failing {
            let _ = writeln!(
                s,
                "  {} → {} ({}): {}",
                term(&c.issuer),
                term(&c.verifier),
                c.channel.name(),
                mark(c)
            );
            for f in c.failures.iter().take(TEXT_FAILURES) {
                let _ = writeln!(s, "    {}", term(&failure_text(f)));
            }
            if c.failures.len() > TEXT_FAILURES {
                let _ = writeln!(
                    s,
                    "    … and {} more (every failure is in the JSON and HTML reports)",
                    c.failures.len() - TEXT_FAILURES
                );
            }
        }
    }
    if !m.blame.is_empty() {
        let _ = writeln!(
            s,
            "\nWHO MUST FIX WHAT (failing checks at fault, and the causes)"
        );
        for b in &m.blame {
            let _ = writeln!(
                s,
                "  {}: {} as issuer, {} as verifier: {}",
                term(&b.vendor),
                b.as_issuer,
                b.as_verifier,
                term(&causes(b))
            );
        }
    }
    if let Some(ch) = &m.changes {
        let _ = writeln!(s, "\nCHANGES SINCE {}", term(&ch.previous_started));
        let _ = writeln!(s, "  new failures since: {}", ch.new_failures.len());
        for k in &ch.new_failures {
            let _ = writeln!(s, "    {}", term(k));
        }
        let _ = writeln!(s, "  fixed since: {}", ch.fixed.len());
        for k in &ch.fixed {
            let _ = writeln!(s, "    {}", term(k));
        }
    }
    let _ = writeln!(
        s,
        "\ninterop: {} of {} cells pass, {} of {} checks fail: {}",
        m.summary.passing_cells,
        m.summary.cells,
        m.summary.failed_checks,
        m.summary.checks,
        m.verdict
    );
    s
}

/// Renders the JSON matrix (`spec/schema/interop.schema.json`).
pub fn json(m: &Matrix) -> String {
    let mut s = serde_json::to_string_pretty(m).unwrap_or_default();
    s.push('\n');
    s
}

/// Renders the JUnit report: one test per cell, in one suite per channel.
pub fn junit(m: &Matrix) -> String {
    let mut report = Report::new("uniqr interop");
    let started = chrono::DateTime::parse_from_rfc3339(&m.started).ok();
    let mut props = vec![
        Property::new("uniqr.verdict", m.verdict.as_str()),
        Property::new("uniqr.runner", m.runner.as_str()),
        Property::new("uniqr.now", m.now.as_str()),
        Property::new("uniqr.trust.sha256", m.trust_sha256.as_str()),
    ];
    if let Some(ch) = &m.changes {
        props.push(Property::new(
            "uniqr.new_failures_since",
            ch.new_failures.join("\n"),
        ));
        props.push(Property::new("uniqr.fixed_since", ch.fixed.join("\n")));
    }
    for channel in [Channel::Text, Channel::Image] {
        let cells: Vec<&Cell> = m.cells.iter().filter(|c| c.channel == channel).collect();
        if cells.is_empty() {
            continue;
        }
        let mut suite = TestSuite::new(format!("interop.{}", channel.name()));
        if let Some(t) = started {
            suite.set_timestamp(t);
        }
        suite.add_properties(props.clone());
        for c in cells {
            let status = if c.passes() {
                TestCaseStatus::success()
            } else {
                let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
                st.set_type("interop_failure");
                st.set_message(format!(
                    "{} of {} payloads fail",
                    c.failures.len(),
                    c.passed + c.failures.len()
                ));
                st.set_description(
                    c.failures
                        .iter()
                        .map(failure_text)
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
                st
            };
            let mut tc = TestCase::new(format!("{} → {}", c.issuer, c.verifier), status);
            tc.set_classname(format!("uniqr.interop.{}", channel.name()));
            suite.add_test_case(tc);
        }
        report.add_test_suite(suite);
    }
    // Vendor text XML 1.0 forbids is escaped.
    crate::output::xml_text(&report.to_string().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_cannot_carry_escape_sequences() {
        assert_eq!(term("a\u{1b}[31mb\r"), "a\\u{1b}[31mb\\r");
        assert_eq!(term("Соколов"), "Соколов");
    }

    #[test]
    fn sides_read_as_code_layer_and_detail() {
        let s = Side {
            code: Some("CBOR_NONCANONICAL".into()),
            layer: Some("cbor".into()),
            detail: Some("map length".into()),
        };
        assert_eq!(side_text(&s), "CBOR_NONCANONICAL [cbor]: map length");
        assert_eq!(side_text(&Side::default()), "-");
    }
}
