//! The case lists: failures with their details, waived, stale and expired
//! baseline lines, skipped and passing cases.

use super::*;

pub(super) fn got_html(c: &CaseReport) -> String {
    c.got.as_deref().map_or_else(
        || "<span class=\"note\">(no answer)</span>".into(),
        |g| format!("<code>{}</code>", esc(g)),
    )
}

pub(super) const NO_MATCH: &str =
    "<p class=\"nomatch\" data-nomatch hidden>No case here matches the search.</p>\n";

pub(super) fn failures(s: &mut String, r: &RunReport, suite: &Suite, by_id: &HashMap<&str, &Case>) {
    let f = r.failures();
    let _ = writeln!(
        s,
        "<section id=\"failures\" aria-labelledby=\"h-failures\">\n<h2 id=\"h-failures\">Failures ({})</h2>",
        f.len()
    );
    if f.is_empty() {
        s.push_str("<p>No case failed.</p>\n</section>\n");
        return;
    }
    s.push_str(
        "<p>Most severe first. Each entry has a command that runs the case again, the case's \
         verification context and its input.</p>\n",
    );
    s.push_str(NO_MATCH);
    s.push_str(
        "<table id=\"failure-index\" data-group>\n<thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\">Case</th>\
         <th scope=\"col\">Category</th><th scope=\"col\">Expected</th><th scope=\"col\">Got</th></tr></thead>\n<tbody>\n",
    );
    for c in &f {
        let _ = writeln!(
            s,
            "<tr{}><td>{}</td><td><a href=\"#case-{id}\"><code>{id}</code></a></td><td><code>{}</code></td>\
             <td><code>{}</code></td><td>{}</td></tr>",
            case_attrs(c, c.outcome.kind()),
            badge(c.outcome.kind()),
            esc(&c.category),
            esc(&c.expected),
            got_html(c),
            id = esc(&c.id),
        );
    }
    s.push_str("</tbody>\n</table>\n");
    for c in &f {
        failure(s, r, c, suite, by_id.get(c.id.as_str()).copied());
    }
    s.push_str("</section>\n");
}

pub(super) fn failure(
    s: &mut String,
    r: &RunReport,
    c: &CaseReport,
    suite: &Suite,
    case: Option<&Case>,
) {
    let kind = c.outcome.kind();
    let _ = write!(
        s,
        "<article class=\"case\" id=\"case-{id}\"{} aria-labelledby=\"t-{id}\">\n\
         <h3 id=\"t-{id}\">{} <code>{id}</code></h3>\n<p>{}</p>\n",
        case_attrs(c, kind),
        badge(kind),
        esc(&c.title),
        id = esc(&c.id),
    );
    let (cmd, notes) = reproduce(&r.provenance, c);
    let _ = write!(
        s,
        "<div class=\"repro\"><h4>Reproduce</h4><div class=\"cmdline\"><pre class=\"cmd\"><code>{}</code></pre></div>",
        esc(&cmd)
    );
    for n in notes {
        let _ = write!(s, "<p class=\"note\">{}</p>", esc(&n));
    }
    s.push_str("</div>\n<table class=\"kv\">\n<tbody>\n");
    kv(s, "Category", &format!("<code>{}</code>", esc(&c.category)));
    kv(s, "Operation", &format!("<code>{}</code>", esc(&c.op)));
    kv(
        s,
        "Requirements",
        &c.requirements
            .iter()
            .map(|q| format!("<a href=\"#req-{q}\"><code>{q}</code></a>", q = esc(q)))
            .collect::<Vec<_>>()
            .join(" "),
    );
    kv(s, "Expected", &format!("<code>{}</code>", esc(&c.expected)));
    kv(s, "Got", &got_html(c));
    outcome_rows(s, &c.outcome);
    context_rows(s, c, case);
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

/// The verification context of a case (verify and scan_verify), and the key
/// file of an encode case: the rest of what reproducing it needs.
pub(super) fn context_rows(s: &mut String, c: &CaseReport, case: Option<&Case>) {
    let Some(case) = case else {
        kv(
            s,
            "Verification context",
            "<span class=\"note\">(the case is not in the suite the report was rendered with)</span>",
        );
        return;
    };
    match &case.context {
        Some(ctx) => {
            let _ = writeln!(
                s,
                "<tr class=\"context\" data-now=\"{now}\" data-trust=\"{trust}\" data-revoked=\"{revoked}\">\
                 <th scope=\"row\">Verification context</th><td><dl class=\"ctx\">\
                 <div><dt>now</dt><dd><code>{now}</code></dd></div>\
                 <div><dt>trust list</dt><dd><code>{trust}</code></dd></div>\
                 <div><dt>revocation list</dt><dd><code>{revoked}</code></dd></div></dl></td></tr>",
                now = esc(&ctx.now),
                trust = esc(&ctx.trust),
                revoked = esc(&ctx.revoked),
            );
        }
        None => kv(
            s,
            "Verification context",
            &format!(
                "<span class=\"note\">none: <code>{}</code> cases are not verified</span>",
                esc(&c.op)
            ),
        ),
    }
    if let Some(key) = &case.input.key {
        kv(s, "Key file", &format!("<code>{}</code>", esc(key)));
    }
}

/// The rows that show an outcome's own fields.
pub(super) fn outcome_rows(s: &mut String, o: &Outcome) {
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
        | Outcome::ProtocolError { detail }
        | Outcome::Refused { detail } => {
            kv(s, "Detail", &pre(detail));
        }
        _ => kv(s, "Detail", &esc(&o.detail())),
    }
}

/// An input image as a `data:` URI, or a note saying why it is not shown.
pub(super) fn image(suite: &Suite, path: &str) -> String {
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

pub(super) fn waived(s: &mut String, r: &RunReport) {
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
        "<section id=\"waived\" aria-labelledby=\"h-waived\">\n<h2 id=\"h-waived\">Waived failures ({})</h2>",
        xf.len()
    );
    if xf.is_empty() {
        s.push_str("<p>None: no failure was waived by a baseline.</p>\n</section>\n");
        return;
    }
    s.push_str(
        "<p>Failures listed in the vendor's baseline, with the vendor's reason. They do not fail \
         the run, but the verdict counts them: at best <strong>CONFORMANT WITH N WAIVERS</strong>.</p>\n",
    );
    s.push_str(NO_MATCH);
    s.push_str(
        "<table id=\"expected-failures\" data-group>\n<thead><tr><th scope=\"col\">Case</th><th scope=\"col\">Category</th>\
         <th scope=\"col\">Failed as</th><th scope=\"col\">Expected</th><th scope=\"col\">Got</th>\
         <th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n",
    );
    for (c, actual, reason) in xf {
        let _ = writeln!(
            s,
            "<tr id=\"waived-{id}\"{}><td><code>{id}</code><br><span class=\"note\">{}</span></td><td><code>{}</code></td>\
             <td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            case_attrs(c, "expected_failure"),
            esc(&c.title),
            esc(&c.category),
            badge(actual),
            esc(&c.expected),
            got_html(c),
            esc(reason),
            id = esc(&c.id),
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
}

pub(super) fn baseline(s: &mut String, r: &RunReport) {
    let (stale, expired) = (&r.stale_baseline, &r.expired_waivers);
    s.push_str(
        "<section id=\"baseline\" aria-labelledby=\"h-baseline\">\n<h2 id=\"h-baseline\">Baseline</h2>\n",
    );
    let used = r
        .provenance
        .options
        .get("baseline_entries")
        .is_some_and(|v| !v.is_null());
    if !used && stale.is_empty() && expired.is_empty() {
        s.push_str("<p>No baseline was used.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        s,
        "<h3 class=\"part\" id=\"h-stale\">Stale baseline lines ({})</h3>",
        stale.len()
    );
    if stale.is_empty() {
        s.push_str("<p>None.</p>\n");
    } else {
        s.push_str(
            "<p>These entries no longer match a failure; a stale baseline fails the run. Remove them:</p>\n\
             <pre class=\"block\" id=\"stale-baseline\">",
        );
        for l in stale {
            let _ = writeln!(s, "{}", esc(l));
        }
        s.push_str("</pre>\n");
    }
    let _ = writeln!(
        s,
        "<h3 class=\"part\" id=\"h-expired\">Expired waivers ({})</h3>",
        expired.len()
    );
    if expired.is_empty() {
        s.push_str("<p>None.</p>\n");
    } else {
        s.push_str(
            "<p>These entries are past their <code>expires</code> day: they waive nothing and fail the run.</p>\n\
             <pre class=\"block\" id=\"expired-waivers\">",
        );
        for l in expired {
            let _ = writeln!(s, "{}", esc(l));
        }
        s.push_str("</pre>\n");
    }
    s.push_str("</section>\n");
}

pub(super) fn skipped(s: &mut String, r: &RunReport) {
    let sk: Vec<_> = r
        .cases
        .iter()
        .filter_map(|c| match &c.outcome {
            Outcome::Skipped { reason } => Some((c, reason)),
            _ => None,
        })
        .collect();
    let _ = writeln!(
        s,
        "<section id=\"skipped\" aria-labelledby=\"h-skipped\">\n<h2 id=\"h-skipped\">Skipped cases ({})</h2>",
        sk.len()
    );
    if sk.is_empty() {
        s.push_str("<p>None: every selected case belongs to a claimed profile.</p>\n</section>\n");
        return;
    }
    s.push_str(
        "<p>Cases of operations outside the claimed profiles: not sent to the codec, and not part of the verdict.</p>\n",
    );
    s.push_str(NO_MATCH);
    s.push_str(
        "<details data-group><summary>Show the skipped cases</summary>\n<table id=\"skipped-table\">\n<thead><tr>\
         <th scope=\"col\">Case</th><th scope=\"col\">Category</th><th scope=\"col\">Operation</th>\
         <th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n",
    );
    for (c, reason) in sk {
        let _ = writeln!(
            s,
            "<tr{}><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
            case_attrs(c, "skipped"),
            esc(&c.id),
            esc(&c.category),
            esc(&c.op),
            esc(reason),
        );
    }
    s.push_str("</tbody>\n</table>\n</details>\n</section>\n");
}

pub(super) fn passing(s: &mut String, r: &RunReport) {
    let mut by_cat: BTreeMap<&str, Vec<&CaseReport>> = BTreeMap::new();
    for c in r.cases.iter().filter(|c| c.outcome == Outcome::Pass) {
        by_cat.entry(&c.category).or_default().push(c);
    }
    let n: usize = by_cat.values().map(Vec::len).sum();
    let _ = writeln!(
        s,
        "<section id=\"passing\" aria-labelledby=\"h-passing\">\n<h2 id=\"h-passing\">Passing cases ({n})</h2>"
    );
    if n == 0 {
        s.push_str("<p>None.</p>\n</section>\n");
        return;
    }
    s.push_str(NO_MATCH);
    let _ = writeln!(
        s,
        "<details class=\"all\" data-group><summary>Show the {n} passing cases, by category</summary>"
    );
    for (cat, cases) in by_cat {
        let _ = write!(
            s,
            "<details class=\"cat\" data-group data-passing=\"{c}\"><summary><code>{c}</code> \
             <span class=\"note\">{} passed</span></summary>\n<ul class=\"cases\">\n",
            cases.len(),
            c = esc(cat),
        );
        for c in cases {
            let _ = writeln!(
                s,
                "<li{}><code>{}</code> {} <span class=\"reqs\">{}</span></li>",
                case_attrs(c, "pass"),
                esc(&c.id),
                esc(&c.title),
                esc(&c.requirements.join(" ")),
            );
        }
        s.push_str("</ul>\n</details>\n");
    }
    s.push_str("</details>\n</section>\n");
}
