//! The requirement view: each spec requirement with its cases and outcomes.

use super::*;

/// Orders strings with digit runs compared as numbers: `R-PAY-2` before
/// `R-PAY-12`. Ties (`R-1`, `R-01`) fall back to byte order, so the order
/// is total.
pub(super) fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunk(s: &str) -> (&str, &str) {
        let digits = s.starts_with(|c: char| c.is_ascii_digit());
        let end = s
            .find(|c: char| c.is_ascii_digit() != digits)
            .unwrap_or(s.len());
        s.split_at(end)
    }
    let (mut x, mut y) = (a, b);
    while !x.is_empty() && !y.is_empty() {
        let ((cx, rx), (cy, ry)) = (chunk(x), chunk(y));
        let numeric = |c: &str| c.starts_with(|c: char| c.is_ascii_digit());
        let ord = if numeric(cx) && numeric(cy) {
            let (tx, ty) = (cx.trim_start_matches('0'), cy.trim_start_matches('0'));
            tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty))
        } else {
            cx.cmp(cy)
        };
        if ord != Ordering::Equal {
            return ord;
        }
        (x, y) = (rx, ry);
    }
    x.len().cmp(&y.len()).then_with(|| a.cmp(b))
}

pub(super) fn requirements(s: &mut String, r: &RunReport) {
    let mut by_req: BTreeMap<&str, Vec<&CaseReport>> = BTreeMap::new();
    for c in &r.cases {
        // A case citing a requirement twice is counted once.
        let reqs: BTreeSet<&str> = c.requirements.iter().map(String::as_str).collect();
        for q in reqs {
            by_req.entry(q).or_default().push(c);
        }
    }
    let mut reqs: Vec<_> = by_req.into_iter().collect();
    reqs.sort_by(|a, b| natural_cmp(a.0, b.0));
    let _ = writeln!(
        s,
        "<section id=\"requirements\" aria-labelledby=\"h-requirements\">\n\
         <h2 id=\"h-requirements\">Requirements ({})</h2>\n\
         <p>Each requirement of the specification that the run's cases test, with the outcomes of those cases.</p>",
        reqs.len()
    );
    if reqs.is_empty() {
        s.push_str("<p>No case cites a requirement.</p>\n</section>\n");
        return;
    }
    s.push_str(super::cases::NO_MATCH);
    s.push_str(
        "<table id=\"requirement-table\" data-group>\n<thead><tr><th scope=\"col\">Requirement</th>\
         <th scope=\"col\" class=\"num\">Cases</th><th scope=\"col\" class=\"num\">Pass</th>\
         <th scope=\"col\" class=\"num\">Fail</th><th scope=\"col\" class=\"num\">Waived</th>\
         <th scope=\"col\" class=\"num\">Skipped</th><th scope=\"col\">Failing and waived cases; all cases</th></tr></thead>\n<tbody>\n",
    );
    for (q, cases) in reqs {
        let [total, pass, fail, xfail, skip] = tally(cases.iter().map(|c| c.outcome.kind()));
        let kinds: BTreeSet<&str> = cases.iter().map(|c| c.outcome.kind()).collect();
        let mut links = String::new();
        let mut bad: Vec<&&CaseReport> = cases
            .iter()
            .filter(|c| c.outcome.is_failure() || c.outcome.kind() == "expected_failure")
            .collect();
        bad.sort_by(|a, b| {
            super::super::severity(a.outcome.kind())
                .cmp(&super::super::severity(b.outcome.kind()))
                .then_with(|| a.id.cmp(&b.id))
        });
        if !bad.is_empty() {
            links.push_str("<ul class=\"links\">");
            for c in bad {
                let waived = !c.outcome.is_failure();
                let _ = write!(
                    links,
                    "<li><a href=\"#{}-{id}\"><code>{id}</code></a>{}</li>",
                    if waived { "waived" } else { "case" },
                    if waived {
                        " <span class=\"k k-xfail\">waived</span>"
                    } else {
                        ""
                    },
                    id = esc(&c.id),
                );
            }
            links.push_str("</ul>");
        }
        let _ = write!(
            links,
            "<details><summary>all {total} case{}</summary><ul class=\"cases\">",
            if total == 1 { "" } else { "s" }
        );
        for c in &cases {
            let k = c.outcome.kind();
            let _ = write!(
                links,
                "<li{}><code>{}</code> <span class=\"k k-{}\">{}</span></li>",
                case_attrs(c, k),
                esc(&c.id),
                class(k),
                esc(&label(k)),
            );
        }
        links.push_str("</ul></details>");
        let kinds: Vec<&str> = kinds.into_iter().collect();
        let _ = writeln!(
            s,
            "<tr id=\"req-{q}\" data-requirement=\"{q}\" data-total=\"{total}\" data-pass=\"{pass}\" \
             data-failed=\"{fail}\" data-expected-failure=\"{xfail}\" data-skipped=\"{skip}\" \
             data-kind=\"{}\" data-q=\"{}\"{}><th scope=\"row\"><code>{q}</code></th>\
             <td class=\"num\">{total}</td><td class=\"num\">{pass}</td><td class=\"num\">{fail}</td>\
             <td class=\"num\">{xfail}</td><td class=\"num\">{skip}</td><td>{links}</td></tr>",
            esc(&kinds.join(" ")),
            esc(q),
            if fail > 0 { " class=\"has-fail\"" } else { "" },
            q = esc(q),
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
}
