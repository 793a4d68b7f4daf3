//! The HTML report: the verdict badge in each verdict state, the provenance
//! of the suite, a reproduce command per failure for every vendor mode, the
//! verification context of failing cases, the requirement view, waived,
//! stale, expired, skipped and passing cases, the search script, and
//! escaping of hostile vendor text. Reports are built from case reports
//! directly; only [`reference`] runs the reference codec, over four small
//! categories.

use std::collections::BTreeMap;

use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};
use uniqr_conform::profile::{Claim, Profile, Source};
use uniqr_conform::report::{CaseReport, Kind, Provenance, RunReport, SEVERITY, VendorInfo, html};
use uniqr_conform::vectors::{Outcome, SuiteKind};

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::{accepted, case, reference, suite, synthetic};

/// Provenance of a run of the whole official suite by a persistent vendor
/// claiming verifier and scanner in its hello.
fn provenance() -> Provenance {
    Provenance {
        runner: "uniqr 0.1.0".into(),
        suite_version: "1.0.0".into(),
        suite_digest: suite().digest(),
        suite_kind: SuiteKind::Official,
        suite_cases: suite().cases().len(),
        selected_cases: suite().cases().len(),
        vendor: VendorInfo {
            command: "acme-verifier --harness".into(),
            mode: "persistent".into(),
            name: Some("acme-verifier".into()),
            version: Some("2.4.0".into()),
            protocol: Some(1),
            ops: Some(vec!["verify".into(), "scan_verify".into()]),
        },
        claim: Claim {
            profiles: vec![Profile::Verifier, Profile::Scanner],
            source: Source::Hello,
        },
        filters: Vec::new(),
        skips: Vec::new(),
        options: json!({
            "timeout_ms": 5000,
            "handshake_timeout_ms": 30000,
            "jobs": 1,
            "deadline_s": 1800,
            "baseline_entries": null,
        }),
        started: "2026-06-01T10:00:00Z".into(),
        finished: "2026-06-01T10:02:00Z".into(),
    }
}

/// Every case of the suite: the claimed profiles' cases pass, the others
/// are skipped, as in a clean run.
fn clean_cases(p: &Provenance) -> Vec<CaseReport> {
    suite()
        .cases()
        .iter()
        .map(|c| {
            if p.claim.profiles.contains(&Profile::of(c.op)) {
                CaseReport::new(c, Outcome::Pass, accepted())
            } else {
                let reason = format!("{} is outside the claimed profiles", c.op.name());
                CaseReport::new(c, Outcome::Skipped { reason }, None)
            }
        })
        .collect()
}

/// Replaces the outcomes of some cases.
fn with(mut cases: Vec<CaseReport>, changes: &[(&str, Outcome)]) -> Vec<CaseReport> {
    for (id, outcome) in changes {
        let c = cases
            .iter_mut()
            .find(|c| c.id == *id)
            .unwrap_or_else(|| panic!("no case {id}"));
        c.outcome = outcome.clone();
    }
    cases
}

fn report(p: Provenance, cases: Vec<CaseReport>) -> RunReport {
    RunReport::new(p, None, cases, Vec::new(), Vec::new())
}

fn conformant() -> RunReport {
    let p = provenance();
    let cases = clean_cases(&p);
    report(p, cases)
}

fn waived(actual: &str, reason: &str) -> Outcome {
    Outcome::ExpectedFailure {
        actual: actual.into(),
        reason: reason.into(),
    }
}

fn wrong_error(id: &str) -> Outcome {
    Outcome::WrongError {
        expected: case(id).expected.error.clone().unwrap_or_default(),
        got: "SIGNATURE_INVALID".into(),
    }
}

fn with_waivers() -> RunReport {
    let mut p = provenance();
    p.options["baseline_entries"] = json!(2);
    let cases = with(
        clean_cases(&p),
        &[
            (
                "version-uq0",
                waived("wrong_error", "prefix checks land in 3.1"),
            ),
            ("qr-no-symbol", waived("wrong_error", "scanner rewrite")),
        ],
    );
    report(p, cases)
}

/// A filtered run of a custom suite: nothing failed.
fn partial() -> RunReport {
    let mut p = provenance();
    p.suite_kind = SuiteKind::Custom;
    p.filters = vec!["prefix-version/*".into()];
    let cases: Vec<_> = clean_cases(&p)
        .into_iter()
        .filter(|c| c.category == "prefix-version")
        .collect();
    p.selected_cases = cases.len();
    report(p, cases)
}

/// One failure of each severity class, a waiver and a time-out.
fn not_conformant() -> RunReport {
    let p = provenance();
    let cases = with(
        clean_cases(&p),
        &[
            ("version-uq0", wrong_error("version-uq0")),
            (
                "time-a-year-before-iat",
                Outcome::AcceptedInvalid {
                    expected: "NOT_YET_VALID".into(),
                },
            ),
            (
                "version-uq9",
                Outcome::Timeout {
                    detail: "no reply within 5000 ms".into(),
                },
            ),
            ("version-uq2", waived("wrong_error", "known")),
        ],
    );
    report(p, cases)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The HTML from `start` up to and including the first `end` after it.
fn between<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in the HTML"));
    let rest = &html[at..];
    let stop = rest.find(end).map_or(rest.len(), |i| i + end.len());
    &rest[..stop]
}

fn article<'h>(html: &'h str, id: &str) -> &'h str {
    between(
        html,
        &format!("<article class=\"case\" id=\"case-{id}\""),
        "</article>",
    )
}

/// The reproduce command of a failing case, as a vendor would copy it.
fn command(html: &str, id: &str) -> String {
    let a = article(html, id);
    let cmd = between(a, "<pre class=\"cmd\"><code>", "</code></pre>");
    unescape(&cmd["<pre class=\"cmd\"><code>".len()..cmd.len() - "</code></pre>".len()])
}

/// Every `attr="…"` value in the HTML.
fn attr_values<'h>(html: &'h str, attr: &str) -> Vec<&'h str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The text of the page's one script element.
fn script(html: &str) -> &str {
    let s = between(html, "<script>", "</script>");
    &s["<script>".len()..s.len() - "</script>".len()]
}

fn assert_self_contained(name: &str, html: &str) {
    for bad in [
        "http://", "https://", "src=\"//", "<link", "@import", "<iframe", "<object", "<embed",
    ] {
        assert!(!html.contains(bad), "{name}: HTML contains {bad:?}");
    }
    // One inline script, allowed by hash and by nothing else.
    assert_eq!(html.matches("<script").count(), 1, "{name}: <script");
    assert_eq!(html.matches("</script").count(), 1, "{name}: </script");
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script(html)));
    let csp = format!(
        "content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{hash}'; \
         base-uri 'none'; form-action 'none'\""
    );
    assert!(html.contains(&csp), "{name}: no CSP for the script's hash");
    for (i, _) in html.match_indices("url(") {
        let arg = html[i + 4..].trim_start_matches(['"', '\'', ' ']);
        assert!(arg.starts_with("data:"), "{name}: url( at byte {i}");
    }
    for src in attr_values(html, "src") {
        assert!(src.starts_with("data:"), "{name}: src {src:.40}");
    }
    for href in attr_values(html, "href") {
        assert!(href.starts_with('#'), "{name}: href {href}");
    }
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn html_reports_are_self_contained() {
    assert_self_contained("reference", &html::render(reference(), suite()));
    assert_self_contained("synthetic", &html::render(&synthetic(), suite()));
    for (name, r) in [
        ("conformant", conformant()),
        ("with waivers", with_waivers()),
        ("partial", partial()),
        ("not conformant", not_conformant()),
    ] {
        assert_self_contained(name, &html::render(&r, suite()));
    }
}

#[test]
fn html_lists_every_failure_most_severe_first_with_its_details() {
    let r = synthetic();
    let out = html::render(&r, suite());
    let mut last = 0;
    for c in r.failures() {
        let anchor = format!("<article class=\"case\" id=\"case-{}\"", c.id);
        let at = out
            .find(&anchor)
            .unwrap_or_else(|| panic!("{} missing from the HTML", c.id));
        assert!(at > last, "{} out of order", c.id);
        last = at;
        assert!(out.contains(&format!("data-kind=\"{}\"", c.outcome.kind())));
    }
    for id in [
        "qr-byte-mode",
        "version-uqz-lowercase-letter",
        "decode-eddsa",
    ] {
        assert!(!out.contains(&format!("id=\"case-{id}\"")), "{id} listed");
    }
    // Text input, diff lines, encoding offset, refusal, waiver, stale line.
    let text = case("version-uq0").input.text.clone().unwrap_or_default();
    assert!(out.contains(&format!("<pre class=\"block\">{}</pre>", html::esc(&text))));
    assert!(out.contains("<li><code>/claims/iat: missing</code></li>"));
    assert!(out.contains("byte 17, in the claims"));
    assert!(out.contains("<pre>answered unsupported to decode"));
    assert!(out.contains("lowercase prefixes land in release 3.1"));
    assert!(out.contains("remove (matches no case): { case = &quot;gone-*&quot;"));
    assert!(out.contains("id=\"incomplete\""));
    assert!(out.contains("deadline reached after 1800 s (--deadline-s)"));
    assert!(out.contains("data-verdict=\"not_conformant\" data-complete=\"false\""));
}

#[test]
fn html_escapes_codec_text() {
    let out = html::render(&synthetic(), suite());
    assert!(!out.contains("<script>alert(1)</script>"));
    assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(out.contains("no finder &lt;pattern&gt; &amp; &quot;quotes&quot; &#39;here&#39;"));
}

#[test]
fn html_embeds_failing_input_images_as_data_uris() {
    let out = html::render(&synthetic(), suite());
    for (id, mime) in [
        ("qr-clean-eddsa", "image/png"),
        ("qr-no-symbol", "image/jpeg"),
    ] {
        let path = case(id).input.image.clone().unwrap_or_default();
        let bytes = suite().file(&path).unwrap_or_else(|| panic!("{path}"));
        let uri = format!(
            "src=\"data:{mime};base64,{}\"",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        );
        assert!(article(&out, id).contains(&uri), "{id}: no {mime} data URI");
    }
}

#[test]
fn html_does_not_embed_unreadable_or_huge_images() {
    let mut r = synthetic();
    for c in &mut r.cases {
        if c.id == "qr-clean-eddsa" {
            c.input = Some("images/qr-file-pixel-bomb.png".into());
        }
        if c.id == "qr-no-symbol" {
            c.input = Some("images/qr-file-not-an-image.png".into());
        }
    }
    let out = html::render(&r, suite());
    assert!(!out.contains("data:image"));
    assert!(out.contains("too large to show"));
    assert!(out.contains("not a readable PNG or JPEG image"));
    // That file holds QR text: it is shown as text.
    let bytes = suite()
        .file("images/qr-file-not-an-image.png")
        .unwrap_or_default();
    let shown = html::esc(std::str::from_utf8(bytes).unwrap_or("?"));
    assert!(out.contains(&format!("<pre class=\"block\">{shown}</pre>")));
}

#[test]
fn html_summary_numbers_match_the_totals() {
    for r in [reference().clone(), synthetic(), with_waivers()] {
        let out = html::render(&r, suite());
        let total: usize = r.totals.values().sum();
        assert!(out.contains(&format!("id=\"total-cases\" data-count=\"{total}\"")));
        let failed = r.failures().len();
        assert!(out.contains(&format!("id=\"total-failures\" data-count=\"{failed}\"")));
        let (stale, expired) = (r.stale_baseline.len(), r.expired_waivers.len());
        assert!(out.contains(&format!("id=\"total-stale\" data-count=\"{stale}\"")));
        assert!(out.contains(&format!("id=\"total-expired\" data-count=\"{expired}\"")));
        for kind in SEVERITY {
            let n = r.totals.get(kind).copied().unwrap_or(0);
            let hook = format!("id=\"total-{kind}\" data-kind=\"{kind}\" data-count=\"{n}\"");
            assert!(out.contains(&hook), "{hook}");
        }
        for (cat, counts) in &r.categories {
            let n: usize = counts.values().sum();
            let hook = format!("data-category=\"{cat}\" data-total=\"{n}\"");
            assert!(out.contains(&hook), "{hook}");
        }
    }
}

#[test]
fn html_of_a_clean_filtered_run_says_partial_and_lists_no_failure() {
    let out = html::render(reference(), suite());
    assert!(out.contains("data-verdict=\"partial\" data-complete=\"true\""));
    assert!(
        out.contains(
            "PARTIAL (verifier, scanner, issuer, inspector, renderer): filtered (--filter)"
        )
    );
    assert!(out.contains("<p>No case failed.</p>"));
    assert!(!out.contains("id=\"incomplete\""));
    assert!(!out.contains("<article"));
}

/// The verdict element, up to the end of its facts.
fn verdict(html: &str) -> &str {
    between(html, "<section id=\"verdict\"", "</section>")
}

#[test]
fn html_verdict_badge_shows_the_verdict_words_and_kind_of_each_state() {
    for (r, kind, class, text) in [
        (
            conformant(),
            "conformant",
            "v-conformant",
            "CONFORMANT (verifier, scanner)",
        ),
        (
            with_waivers(),
            "conformant_with_waivers",
            "v-waivers",
            "CONFORMANT WITH 2 WAIVERS (verifier, scanner)",
        ),
        (
            partial(),
            "partial",
            "v-partial",
            "PARTIAL (verifier, scanner): filtered (--filter); custom suite",
        ),
        (
            not_conformant(),
            "not_conformant",
            "v-not",
            "NOT CONFORMANT (verifier, scanner): 3 failures",
        ),
    ] {
        assert_eq!(r.verdict.text, text);
        let out = html::render(&r, suite());
        let v = verdict(&out);
        assert!(
            v.starts_with(&format!(
                "<section id=\"verdict\" class=\"verdict {class}\" data-verdict=\"{kind}\" data-complete=\"true\""
            )),
            "{v:.200}"
        );
        assert!(v.contains(&format!(
            "<span id=\"verdict-text\">{}</span>",
            html::esc(text)
        )));
        assert!(v.contains("data-profiles=\"verifier scanner\""), "{kind}");
        assert!(
            v.contains("<span class=\"chip\">verifier</span><span class=\"chip\">scanner</span>")
        );
        assert!(v.contains("(claimed in the vendor&#39;s hello)"), "{kind}");
        // The title names the verdict too, for a tab or a bookmark.
        assert!(out.contains(&format!("({})</title>", html::esc(text))));
        let waivers = r.verdict.waivers;
        assert!(
            v.contains(&format!("id=\"verdict-waivers\" data-count=\"{waivers}\"")),
            "{kind}"
        );
        assert_eq!(v.contains("id=\"verdict-partial\""), kind == "partial");
        assert_eq!(
            v.contains("<dt>Failing cases</dt>"),
            kind == "not_conformant"
        );
    }
}

#[test]
fn html_verdict_lists_the_partial_reasons_and_the_waiver_count() {
    let out = html::render(&partial(), suite());
    assert!(verdict(&out).contains(
        "<ul id=\"verdict-partial\"><li>filtered (--filter)</li><li>custom suite</li></ul>"
    ));
    let out = html::render(&with_waivers(), suite());
    assert!(verdict(&out).contains("data-count=\"2\"><a href=\"#waived\">2</a></dd>"));
    let out = html::render(&conformant(), suite());
    assert!(verdict(&out).contains("data-count=\"0\">none</dd>"));
}

#[test]
fn html_provenance_names_the_suite_kind_and_digest() {
    for (kind, word) in [
        (SuiteKind::Official, "official"),
        (SuiteKind::Custom, "custom"),
        (SuiteKind::Modified, "modified"),
    ] {
        let mut p = provenance();
        p.suite_kind = kind;
        p.suite_digest = format!("{word}0123456789abcdef");
        let cases = clean_cases(&p);
        let out = html::render(&report(p, cases), suite());
        let prov = between(&out, "<section id=\"provenance\"", "</section>");
        assert!(
            prov.contains(&format!(
                "<span id=\"suite-kind\" class=\"suite suite-{word}\" data-suite-kind=\"{word}\">{word}</span>"
            )),
            "{word}"
        );
        assert!(prov.contains(&format!(
            "<code id=\"suite-digest\">{word}0123456789abcdef</code>"
        )));
        // The header names both too.
        assert!(out.contains(&format!("<span class=\"suite suite-{word}\">{word}</span>")));
        assert_eq!(
            prov.contains("at best PARTIAL"),
            kind != SuiteKind::Official,
            "{word}"
        );
    }
}

/// A report whose one failure is `version-uq0`, run by the given vendor.
fn failing_with(mode: &str, command: &str, source: Source) -> String {
    let mut p = provenance();
    p.vendor.mode = mode.into();
    p.vendor.command = command.into();
    p.claim.source = source;
    let cases = with(
        clean_cases(&p),
        &[("version-uq0", wrong_error("version-uq0"))],
    );
    html::render(&report(p, cases), suite())
}

#[test]
fn html_reproduce_command_recovers_the_vendor_flags_of_each_mode() {
    let base = "uniqr conform --filter version-uq0";
    for (mode, command, source, want) in [
        (
            "persistent",
            "acme-verifier --harness",
            Source::Hello,
            format!("{base} --vendor 'acme-verifier --harness'"),
        ),
        (
            "spawn-per-case",
            "./one-shot-cli",
            Source::Ops,
            format!("{base} --vendor './one-shot-cli' --spawn-per-case"),
        ),
        (
            "library-isolated",
            "/opt/acme/libacme.so",
            Source::Hello,
            format!("{base} --vendor-lib /opt/acme/libacme.so"),
        ),
        (
            "library-in-process",
            "/opt/acme lib/libacme.so",
            Source::Hello,
            format!("{base} --vendor-lib '/opt/acme lib/libacme.so' --in-process"),
        ),
        (
            "in-process",
            "built-in reference",
            Source::Hello,
            base.to_owned(),
        ),
        // Profiles given with --profile are given again.
        (
            "persistent",
            "acme",
            Source::Flag,
            format!("{base} --vendor 'acme' --profile verifier --profile scanner"),
        ),
    ] {
        let out = failing_with(mode, command, source);
        assert_eq!(command_of(&out), want, "{mode}");
        assert!(!article(&out, "version-uq0").contains("if you ran a suite folder"));
    }
    let out = failing_with("telepathy", "acme", Source::Hello);
    assert_eq!(command_of(&out), base);
    assert!(
        article(&out, "version-uq0")
            .contains("does not know the vendor mode &quot;telepathy&quot;")
    );
}

fn command_of(html: &str) -> String {
    command(html, "version-uq0")
}

/// Runs the arguments of a reproduce command through a POSIX shell and
/// returns them as the shell split them.
#[cfg(unix)]
fn shell_words(cmd: &str) -> Vec<String> {
    let args = cmd
        .strip_prefix("uniqr ")
        .unwrap_or_else(|| panic!("{cmd}"));
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("printf '%s\\0' {args}"))
        .output()
        .unwrap_or_else(|e| panic!("sh: {e}"));
    assert!(out.status.success(), "sh failed on {cmd}");
    String::from_utf8_lossy(&out.stdout)
        .split_terminator('\0')
        .map(str::to_owned)
        .collect()
}

#[cfg(unix)]
#[test]
fn html_reproduce_command_quotes_single_quotes_and_shell_syntax() {
    let hostile = "python3 -c 'print(\"it'\\''s\")' $HOME `id` ; rm -rf / # it's";
    let out = failing_with("spawn-per-case", hostile, Source::Hello);
    let cmd = command_of(&out);
    assert!(cmd.contains("'\\''"), "{cmd}");
    assert_eq!(
        shell_words(&cmd),
        [
            "conform",
            "--filter",
            "version-uq0",
            "--vendor",
            hostile,
            "--spawn-per-case"
        ]
    );
    // In the HTML the quotes are escaped.
    assert!(article(&out, "version-uq0").contains("&#39;\\&#39;&#39;"));
    let out = failing_with("library-isolated", "/tmp/it's here/lib.so", Source::Hello);
    assert_eq!(
        shell_words(&command_of(&out)),
        [
            "conform",
            "--filter",
            "version-uq0",
            "--vendor-lib",
            "/tmp/it's here/lib.so"
        ]
    );
}

#[cfg(unix)]
#[test]
fn html_reproduce_command_filters_exactly_one_case_whatever_its_id() {
    // A custom suite's ids may hold glob and shell syntax.
    let mut p = provenance();
    p.suite_kind = SuiteKind::Custom;
    let mut cases = with(
        clean_cases(&p),
        &[("version-uq0", wrong_error("version-uq0"))],
    );
    let odd = "odd[1]*?'x'";
    cases.iter_mut().find(|c| c.id == "version-uq0").unwrap().id = odd.into();
    let out = html::render(&report(p, cases), suite());
    let words = shell_words(&command(&out, &html::esc(odd)));
    let glob = glob::Pattern::new(&words[2]).unwrap_or_else(|e| panic!("{e}"));
    assert!(glob.matches(odd));
    assert!(!glob.matches("odd1x"));
}

#[test]
fn html_reproduce_command_notes_the_suite_folder_and_time_limit_when_they_matter() {
    let out = html::render(&not_conformant(), suite());
    // The official suite is embedded: no --suite note.
    assert!(!out.contains("if you ran a suite folder"));
    // A time-out is reproduced under the same limit.
    assert_eq!(
        command(&out, "version-uq9"),
        "uniqr conform --filter version-uq9 --vendor 'acme-verifier --harness' --timeout-ms 5000"
    );
    assert!(!command(&out, "version-uq0").contains("--timeout-ms"));
    for (kind, note) in [
        (
            SuiteKind::Custom,
            "add --suite DIR if you ran a suite folder",
        ),
        (
            SuiteKind::Modified,
            "add --suite DIR --allow-modified-suite if you ran a suite folder",
        ),
    ] {
        let mut r = not_conformant();
        r.provenance.suite_kind = kind;
        let out = html::render(&r, suite());
        for c in r.failures() {
            assert!(article(&out, &c.id).contains(note), "{kind:?} {}", c.id);
        }
    }
}

#[test]
fn html_failure_shows_the_verification_context_of_its_case() {
    let out = html::render(&not_conformant(), suite());
    let ctx = case("time-a-year-before-iat").context.clone().unwrap();
    assert_eq!(ctx.now, "2025-01-01T00:00:00Z");
    let a = article(&out, "time-a-year-before-iat");
    assert!(a.contains(&format!(
        "<tr class=\"context\" data-now=\"{}\" data-trust=\"{}\" data-revoked=\"{}\">",
        ctx.now, ctx.trust, ctx.revoked
    )));
    for shown in [
        format!("<dt>now</dt><dd><code>{}</code></dd>", ctx.now),
        format!("<dt>trust list</dt><dd><code>{}</code></dd>", ctx.trust),
        format!(
            "<dt>revocation list</dt><dd><code>{}</code></dd>",
            ctx.revoked
        ),
    ] {
        assert!(a.contains(&shown), "{shown}");
    }
    // Scan cases have their own context; decode and encode cases have none,
    // and encode cases name their key file.
    let out = html::render(&synthetic(), suite());
    let scan = case("qr-no-symbol").context.clone().unwrap();
    assert!(article(&out, "qr-no-symbol").contains(&format!("data-now=\"{}\"", scan.now)));
    assert!(
        article(&out, "decode-es256").contains("none: <code>decode</code> cases are not verified")
    );
    let key = case("encode-es256-identity-only")
        .input
        .key
        .clone()
        .unwrap();
    let enc = article(&out, "encode-es256-identity-only");
    assert!(enc.contains(&format!(
        "<th scope=\"row\">Key file</th><td><code>{key}</code></td>"
    )));
    assert!(!enc.contains("data-now="));
}

/// A key that sorts requirement ids the natural way, independently of the
/// reporter's: the text, then the number after the last `-`.
fn natural_key(id: &str) -> (String, u64) {
    let (text, n) = id.rsplit_once('-').unwrap_or((id, ""));
    (text.to_owned(), n.parse().unwrap_or(0))
}

#[test]
fn html_requirement_view_counts_outcomes_per_requirement_in_natural_order() {
    let r = not_conformant();
    let out = html::render(&r, suite());
    let view = between(&out, "<section id=\"requirements\"", "</section>");
    let mut want: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    for c in &r.cases {
        for q in &c.requirements {
            let t = want.entry(q).or_default();
            t[0] += 1;
            match c.outcome.kind() {
                "pass" => t[1] += 1,
                "expected_failure" => t[3] += 1,
                "skipped" => t[4] += 1,
                _ => t[2] += 1,
            }
        }
    }
    let order = attr_values(view, "data-requirement");
    assert_eq!(order.len(), want.len());
    let mut sorted = order.clone();
    sorted.sort_by_key(|q| natural_key(q));
    assert_eq!(order, sorted);
    let at = |q: &str| order.iter().position(|x| *x == q).unwrap();
    assert!(at("R-PAY-2") < at("R-PAY-10") && at("R-QR-9") < at("R-QR-10"));
    for (q, [total, pass, fail, xfail, skip]) in &want {
        let hook = format!(
            "data-requirement=\"{q}\" data-total=\"{total}\" data-pass=\"{pass}\" data-failed=\"{fail}\" \
             data-expected-failure=\"{xfail}\" data-skipped=\"{skip}\""
        );
        assert!(view.contains(&hook), "{hook}");
    }
    // Failing cases link to their failure, waived ones to their waiver, and
    // every case of the requirement is listed.
    for c in &r.cases {
        for q in &c.requirements {
            let row = between(view, &format!("<tr id=\"req-{q}\""), "</tr>");
            let link = match c.outcome.kind() {
                "expected_failure" => Some(format!("<a href=\"#waived-{}\">", c.id)),
                k if k != "pass" && k != "skipped" => Some(format!("<a href=\"#case-{}\">", c.id)),
                _ => None,
            };
            if let Some(link) = link {
                assert!(row.contains(&link), "{q}: {link}");
            }
            assert!(
                row.contains(&format!("data-case=\"{}\"", c.id)),
                "{q}: {}",
                c.id
            );
        }
    }
    // Failures name their requirements as links into the view.
    let q = &case("version-uq0").requirements[0];
    assert!(
        article(&out, "version-uq0")
            .contains(&format!("<a href=\"#req-{q}\"><code>{q}</code></a>"))
    );
}

#[test]
fn html_waived_cases_are_listed_apart_with_their_reason() {
    let out = html::render(&with_waivers(), suite());
    let section = between(&out, "<section id=\"waived\"", "</section>");
    assert!(section.contains("Waived failures (2)"));
    for (id, reason) in [
        ("version-uq0", "prefix checks land in 3.1"),
        ("qr-no-symbol", "scanner rewrite"),
    ] {
        let row = between(section, &format!("<tr id=\"waived-{id}\""), "</tr>");
        assert!(row.contains("data-kind=\"expected_failure\""));
        assert!(row.contains(reason), "{id}");
        assert!(row.contains("wrong error"), "{id}");
        assert!(
            !out.contains(&format!("id=\"case-{id}\"")),
            "{id} listed as a failure"
        );
    }
    let passing = between(&out, "<section id=\"passing\"", "</section>");
    assert!(!passing.contains("data-case=\"version-uq0\""));
    assert!(out.contains("<p>No case failed.</p>"));
}

#[test]
fn html_lists_stale_baseline_lines_and_expired_waivers() {
    let out = html::render(&synthetic(), suite());
    let section = between(&out, "<section id=\"baseline\"", "</section>");
    assert!(section.contains("Stale baseline lines (1)"));
    assert!(section.contains("Expired waivers (1)"));
    assert!(section.contains(
        "<pre class=\"block\" id=\"expired-waivers\">expired on 2026-11-30: { case = &quot;b45-*&quot;"
    ));
    assert!(
        section.contains("<pre class=\"block\" id=\"stale-baseline\">remove (matches no case)")
    );
    let out = html::render(&conformant(), suite());
    assert!(out.contains("<p>No baseline was used.</p>"));
}

#[test]
fn html_passing_cases_are_collapsed_per_category() {
    let r = conformant();
    let out = html::render(&r, suite());
    let section = between(&out, "<section id=\"passing\"", "</section>");
    let mut per_cat: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in r.cases.iter().filter(|c| c.outcome == Outcome::Pass) {
        per_cat.entry(&c.category).or_default().push(&c.id);
    }
    assert_eq!(
        attr_values(section, "data-passing"),
        per_cat.keys().copied().collect::<Vec<_>>()
    );
    for (cat, ids) in per_cat {
        let d = between(
            section,
            &format!("<details class=\"cat\" data-group data-passing=\"{cat}\">"),
            "</details>",
        );
        assert!(d.contains(&format!("{} passed", ids.len())));
        assert_eq!(attr_values(d, "data-case"), ids);
    }
    // Collapsed: no details element of the page starts open.
    assert!(!out.contains("<details open"));
    let skipped = between(&out, "<section id=\"skipped\"", "</section>");
    assert_eq!(attr_values(skipped, "data-case").len(), r.totals["skipped"]);
}

#[test]
fn html_without_javascript_shows_every_case_and_hides_only_the_controls() {
    for r in [synthetic(), with_waivers(), partial()] {
        let out = html::render(&r, suite());
        // Only the search bar and the no-match notes start hidden.
        let hidden: Vec<&str> = out
            .match_indices(" hidden>")
            .map(|(i, _)| &out[out[..i].rfind('<').unwrap()..i])
            .collect();
        for h in &hidden {
            assert!(
                h.starts_with("<div id=\"finder\"") || h.starts_with("<p class=\"nomatch\""),
                "{h}"
            );
        }
        assert!(out.contains(
            "<div id=\"finder\" class=\"finder\" role=\"search\" aria-label=\"Find cases\" hidden>"
        ));
        assert!(out.contains(
            "<label for=\"finder-q\">Find cases</label><input type=\"search\" id=\"finder-q\""
        ));
        // Every case is in the page, with what the search matches on.
        let listed: std::collections::BTreeSet<&str> =
            attr_values(&out, "data-case").into_iter().collect();
        for c in &r.cases {
            assert!(listed.contains(c.id.as_str()), "{} not listed", c.id);
            let q = html::esc(&format!(
                "{} {} {} {}",
                c.id,
                c.category,
                c.title,
                c.requirements.join(" ")
            ));
            assert!(out.contains(&format!("data-q=\"{q}\"")), "{}", c.id);
        }
        // One checkbox per outcome kind of the run.
        for kind in r.totals.keys() {
            assert!(
                out.contains(&format!("name=\"kind\" value=\"{kind}\"")),
                "{kind}"
            );
        }
        // "Failures only" has nothing to show in a run without failures.
        assert_eq!(
            out.contains("id=\"finder-failures\" disabled>"),
            r.failures().is_empty()
        );
    }
}

#[test]
fn html_script_is_the_same_for_every_report_and_holds_no_report_data() {
    let reports = [conformant(), synthetic(), partial()];
    let pages: Vec<String> = reports.iter().map(|r| html::render(r, suite())).collect();
    let first = script(&pages[0]);
    for page in &pages {
        assert_eq!(script(page), first);
    }
    assert!(!first.contains("innerHTML") && !first.contains("eval("));
    for c in &reports[1].cases {
        assert!(!first.contains(&c.id), "{}", c.id);
    }
}

#[test]
fn html_hostile_vendor_text_cannot_break_out_of_the_page() {
    let evil = "</script><script>alert(\"x\")</script>\"><img src=x onerror=alert(1)>'";
    let mut p = provenance();
    p.vendor.name = Some(evil.into());
    p.vendor.version = Some(evil.into());
    p.vendor.command = format!("acme {evil}");
    p.vendor.ops = Some(vec![evil.into()]);
    p.filters = vec![evil.into()];
    let mut cases = with(
        clean_cases(&p),
        &[
            (
                "version-uq0",
                Outcome::ProtocolError {
                    detail: evil.into(),
                },
            ),
            ("version-uq2", waived("wrong_error", evil)),
            (
                "qr-clean-eddsa",
                Outcome::RejectedValid {
                    got: evil.into(),
                    message: evil.into(),
                },
            ),
        ],
    );
    for c in cases.iter_mut().filter(|c| c.id == "version-uq0") {
        c.got = Some(evil.into());
        c.title = evil.into();
        c.requirements.push(evil.into());
    }
    let r = RunReport::new(
        p,
        Some(evil.into()),
        cases,
        vec![evil.into()],
        vec![evil.into()],
    );
    let out = html::render(&r, suite());
    assert_self_contained("hostile", &out);
    assert_eq!(script(&out), script(&html::render(&conformant(), suite())));
    for raw in ["<script>alert", "<img src=x", "onerror=alert(1)>"] {
        assert!(!out.contains(raw), "{raw} got through");
    }
    assert!(out.contains(&html::esc(evil)));
    // Attribute values hold no raw markup or quote.
    for attr in [
        "data-q",
        "data-case",
        "data-requirement",
        "id",
        "href",
        "title",
    ] {
        for v in attr_values(&out, attr) {
            assert!(!v.contains(['<', '>', '\'']), "{attr}={v}");
        }
    }
    // The reproduce command still round-trips through a shell.
    #[cfg(unix)]
    assert_eq!(
        shell_words(&command(&out, "version-uq0"))[4],
        format!("acme {evil}")
    );
    assert_eq!(r.verdict.kind, Kind::NotConformant);
}
