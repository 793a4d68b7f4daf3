//! The JUnit XML report: one testsuite per category, the typed outcome in
//! each failure so CI systems show it.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::RunReport;

/// Renders the JUnit report.
pub fn render(r: &RunReport) -> String {
    let mut report = Report::new("uniqr conform");
    for cat in r.categories.keys() {
        let mut suite = TestSuite::new(cat.as_str());
        for c in r.cases.iter().filter(|c| &c.category == cat) {
            let kind = c.outcome.kind();
            let status = match kind {
                "pass" => TestCaseStatus::success(),
                "skipped" | "expected_failure" => {
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
            suite.add_test_case(tc);
        }
        report.add_test_suite(suite);
    }
    report.to_string().unwrap_or_default()
}
