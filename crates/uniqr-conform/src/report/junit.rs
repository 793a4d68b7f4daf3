//! The JUnit XML report: one testsuite per category, the typed outcome in
//! each failure so CI systems show it, each case's time, the run's start
//! as every suite's timestamp, and the provenance and verdict as
//! properties.

use std::time::Duration;

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::RunReport;

/// The provenance and verdict, as `<property>` pairs.
fn properties(r: &RunReport) -> Vec<Property> {
    let p = &r.provenance;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let kind = serde_json::to_value(p.suite_kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    [
        ("uniqr.verdict", r.verdict.text.clone()),
        ("uniqr.profiles", p.claim.names()),
        ("uniqr.runner", p.runner.clone()),
        ("uniqr.suite.version", p.suite_version.clone()),
        ("uniqr.suite.digest", p.suite_digest.clone()),
        ("uniqr.suite.kind", kind),
        ("uniqr.vendor.name", opt(&p.vendor.name)),
        ("uniqr.vendor.version", opt(&p.vendor.version)),
        ("uniqr.vendor.command", p.vendor.command.clone()),
        ("uniqr.vendor.mode", p.vendor.mode.clone()),
        ("uniqr.filters", p.filters.join(" ")),
        ("uniqr.skips", p.skips.join(" ")),
        ("uniqr.started", p.started.clone()),
        ("uniqr.finished", p.finished.clone()),
    ]
    .into_iter()
    .map(|(k, v)| Property::new(k, v))
    .collect()
}

/// Renders the JUnit report.
pub fn render(r: &RunReport) -> String {
    let mut report = Report::new("uniqr conform");
    let started = chrono::DateTime::parse_from_rfc3339(&r.provenance.started).ok();
    let props = properties(r);
    for cat in r.categories.keys() {
        let mut suite = TestSuite::new(cat.as_str());
        if let Some(t) = started {
            suite.set_timestamp(t);
        }
        suite.add_properties(props.clone());
        for c in r.cases.iter().filter(|c| &c.category == cat) {
            let kind = c.outcome.kind();
            let status = match kind {
                "pass" => TestCaseStatus::success(),
                "skipped" | "expected_failure" => {
                    // A waived failure is not a pass: JUnit's nearest word
                    // is skipped, with the waiver's reason.
                    let mut st = TestCaseStatus::skipped();
                    st.set_message(c.outcome.detail());
                    st
                }
                _ => {
                    let nk = if matches!(kind, "crash" | "timeout" | "protocol_error") {
                        NonSuccessKind::Error
                    } else {
                        NonSuccessKind::Failure
                    };
                    let mut st = TestCaseStatus::non_success(nk);
                    st.set_type(kind);
                    st.set_message(format!("{kind}: {}", c.outcome.detail()));
                    st.set_description(format!(
                        "{}\nexpected: {}\ngot: {}\nrequirements: {}",
                        c.title,
                        c.expected,
                        c.got.as_deref().unwrap_or("(no answer)"),
                        c.requirements.join(", ")
                    ));
                    st
                }
            };
            let mut tc = TestCase::new(c.id.as_str(), status);
            tc.set_classname(format!("uniqr.{cat}"));
            tc.set_time(Duration::from_micros(c.duration_us));
            suite.add_test_case(tc);
        }
        report.add_test_suite(suite);
    }
    // Vendor text XML 1.0 forbids (U+FFFE, most C0 controls) is escaped.
    crate::output::xml_text(&report.to_string().unwrap_or_default())
}
