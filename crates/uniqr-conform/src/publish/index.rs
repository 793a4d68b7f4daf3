//! `results.json`: the site's results for machines
//! (`spec/schema/results.schema.json`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{Run, Trust, View};

/// The file name.
pub const FILE: &str = "results.json";
/// Its `format`.
pub const FORMAT: &str = "uniqr-results-site";
/// Its `version`.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Index<'a> {
    format: &'static str,
    version: u32,
    generated: &'a str,
    vendors: Vec<Vendor<'a>>,
    interop: Vec<InteropEntry<'a>>,
    requirements: BTreeMap<String, Requirement<'a>>,
    ignored: &'a BTreeMap<String, String>,
    files: &'a [String],
}

#[derive(Serialize)]
struct Vendor<'a> {
    name: &'a str,
    slug: &'a str,
    page: String,
    profiles: BTreeMap<&'static str, Current<'a>>,
    runs: Vec<RunEntry<'a>>,
}

#[derive(Serialize)]
struct Current<'a> {
    verdict: &'a str,
    suite_version: &'a str,
    tested: &'a str,
    certified: bool,
    source: &'a str,
    badge: String,
    endpoint: String,
}

#[derive(Serialize)]
struct TrustEntry<'a> {
    certified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'a str>,
}

fn trust(t: &Trust) -> TrustEntry<'_> {
    match t {
        Trust::Certified { kid } => TrustEntry {
            certified: true,
            kid: Some(kid),
            why: None,
        },
        Trust::SelfReported { why } => TrustEntry {
            certified: false,
            kid: None,
            why: Some(why),
        },
    }
}

#[derive(Serialize)]
struct RunEntry<'a> {
    source: &'a str,
    origin: &'static str,
    trust: TrustEntry<'a>,
    implementation_version: Option<&'a str>,
    runner: &'a str,
    suite: &'a crate::attest::SuiteRef,
    profiles: &'a [String],
    verdict: &'a str,
    verdict_text: &'a str,
    started: &'a str,
    finished: &'a str,
    totals: &'a BTreeMap<String, usize>,
    new_failures: &'a [String],
}

fn run<'a>(r: &'a Run, new_failures: &'a [String]) -> RunEntry<'a> {
    let p = &r.predicate;
    RunEntry {
        source: &r.source,
        origin: r.origin.name(),
        trust: trust(&r.trust),
        implementation_version: p.vendor.version.as_deref(),
        runner: &p.runner.version,
        suite: &p.suite,
        profiles: &p.profiles,
        verdict: &p.verdict,
        verdict_text: &p.verdict_text,
        started: &p.started,
        finished: &p.finished,
        totals: &p.totals,
        new_failures,
    }
}

#[derive(Serialize)]
struct InteropEntry<'a> {
    page: Option<&'a str>,
    source: &'a str,
    origin: &'static str,
    trust: TrustEntry<'a>,
    verdict: &'a str,
    started: &'a str,
    finished: &'a str,
    vendors: Vec<String>,
}

#[derive(Serialize)]
struct Requirement<'a> {
    page: String,
    vendors: BTreeMap<&'a str, &'a str>,
}

/// Renders `results.json`; `files` lists every file of the site.
pub fn render(view: &View<'_>, files: &[String], generated: &str) -> String {
    let mut requirements: BTreeMap<String, Requirement<'_>> = BTreeMap::new();
    let statuses: Vec<_> = view
        .vendors
        .iter()
        .map(|v| (v.slug.as_str(), v.requirements()))
        .collect();
    for (id, doc) in super::docs::requirement_index() {
        let vendors = statuses
            .iter()
            .map(|(slug, st)| (*slug, st.get(id.as_str()).copied().unwrap_or("untested")))
            .collect();
        requirements.insert(
            id.clone(),
            Requirement {
                page: format!("spec/{}.html#{id}", doc.stem),
                vendors,
            },
        );
    }
    let index = Index {
        format: FORMAT,
        version: VERSION,
        generated,
        vendors: view
            .vendors
            .iter()
            .map(|v| Vendor {
                name: &v.name,
                slug: &v.slug,
                page: format!("vendors/{}.html", v.slug),
                profiles: v
                    .current
                    .iter()
                    .map(|(p, r)| {
                        (
                            *p,
                            Current {
                                verdict: &r.predicate.verdict,
                                suite_version: &r.predicate.suite.version,
                                tested: &r.predicate.finished,
                                certified: r.trust.certified(),
                                source: &r.source,
                                badge: format!("badges/{}-{p}.svg", v.slug),
                                endpoint: format!("badges/{}-{p}.json", v.slug),
                            },
                        )
                    })
                    .collect(),
                runs: v
                    .runs
                    .iter()
                    .zip(&v.new_failures)
                    .map(|(r, n)| run(r, n))
                    .collect(),
            })
            .collect(),
        interop: view
            .interop
            .iter()
            .map(|(page, x)| InteropEntry {
                page: page.as_deref(),
                source: &x.source,
                origin: x.origin.name(),
                trust: trust(&x.trust),
                verdict: &x.predicate.verdict,
                started: &x.predicate.started,
                finished: &x.predicate.finished,
                vendors: x
                    .predicate
                    .vendors
                    .iter()
                    .map(|v| v.id.clone().unwrap_or_else(|| v.command.clone()))
                    .collect(),
            })
            .collect(),
        requirements,
        ignored: view.ignored,
        files,
    };
    let mut s = serde_json::to_string_pretty(&index).unwrap_or_default();
    s.push('\n');
    s
}
