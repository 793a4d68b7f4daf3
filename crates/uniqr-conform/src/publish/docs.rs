//! The spec documents of the site, embedded at build time, rendered from
//! Markdown with an `id` anchor on each requirement id where it is defined
//! (`**R-…**`), so the requirement matrix can link to it.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// One spec document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Doc {
    /// The file stem: `spec/<stem>.md` becomes `spec/<stem>.html`.
    pub stem: &'static str,
    /// The title the site shows.
    pub title: &'static str,
    /// The Markdown.
    pub text: &'static str,
}

macro_rules! doc {
    ($stem:literal, $title:literal) => {
        Doc {
            stem: $stem,
            title: $title,
            text: include_str!(concat!("../../../../spec/", $stem, ".md")),
        }
    };
}

/// The documents, the standard first.
pub const DOCS: [Doc; 7] = [
    doc!("uniqr-v1", "UNIQR v1 standard"),
    doc!("harness-protocol", "Harness protocol"),
    doc!("vendor-abi", "Vendor ABI"),
    doc!("fuzzing", "Differential fuzzing"),
    doc!("interop", "Interoperability"),
    doc!("attestation", "Signed attestations"),
    doc!("results-site", "Results site"),
];

/// Whether `s` is exactly one requirement id (`R-<PREFIX>-<n>`, the prefix
/// upper-case letters and digits starting with a letter).
pub fn is_id(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("R-") else {
        return false;
    };
    let Some((prefix, n)) = rest.split_once('-') else {
        return false;
    };
    prefix.starts_with(|c: char| c.is_ascii_uppercase())
        && prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit())
}

/// The requirement ids a document defines (each `**R-…**`), in order.
pub fn defined_ids(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(off) = rest.find("**R-") {
        let tail = &rest[off + 2..];
        if let Some(end) = tail.find("**") {
            let id = &tail[..end];
            if is_id(id) && !out.iter().any(|x| x == id) {
                out.push(id.to_owned());
            }
        }
        rest = &rest[off + 4..];
    }
    out
}

/// Every defined id with the page that defines it (`spec/<stem>.html`).
pub fn requirement_index() -> Vec<(String, &'static Doc)> {
    DOCS.iter()
        .flat_map(|d| defined_ids(d.text).into_iter().map(move |id| (id, d)))
        .collect()
}

/// A link target inside the site for a Markdown link, or `None` to keep
/// only the link's text: another spec document (`x.md#frag` → `x.html#frag`),
/// a fragment, or an absolute web address.
fn rewrite(dest: &str) -> Option<String> {
    if dest.starts_with('#') || dest.starts_with("https://") || dest.starts_with("http://") {
        return Some(dest.to_owned());
    }
    let (file, frag) = dest.split_once('#').unwrap_or((dest, ""));
    let stem = file
        .strip_prefix("./")
        .unwrap_or(file)
        .strip_suffix(".md")?;
    DOCS.iter().find(|d| d.stem == stem)?;
    Some(if frag.is_empty() {
        format!("{stem}.html")
    } else {
        format!("{stem}.html#{frag}")
    })
}

/// The document's HTML body: requirement ids defined in bold get an
/// anchor, links to other documents point at their pages, and links out of
/// the site that are not web addresses keep their text only. Raw HTML in
/// the Markdown is shown as text.
pub fn render(doc: &Doc) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let events: Vec<Event<'_>> = Parser::new_ext(doc.text, opts).collect();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut link_stack: Vec<bool> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Strong) => {
                let id = match (events.get(i + 1), events.get(i + 2)) {
                    (Some(Event::Text(t)), Some(Event::End(TagEnd::Strong))) if is_id(t) => {
                        Some(t.to_string())
                    }
                    _ => None,
                };
                match id {
                    Some(id) => out.push(Event::InlineHtml(CowStr::from(format!(
                        "<strong class=\"req\" id=\"{id}\">"
                    )))),
                    None => out.push(e.clone()),
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match rewrite(dest_url) {
                Some(to) => {
                    link_stack.push(true);
                    out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: CowStr::from(to),
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                None => {
                    link_stack.push(false);
                }
            },
            Event::End(TagEnd::Link) => {
                if link_stack.pop() == Some(true) {
                    out.push(e.clone());
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => out.push(Event::Text(h.clone())),
            _ => out.push(e.clone()),
        }
    }
    let mut html = String::with_capacity(doc.text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_defined_requirement_gets_one_anchor_in_its_page() {
        let index = requirement_index();
        assert!(index.len() > 100, "only {} ids", index.len());
        for d in &DOCS {
            let html = render(d);
            for id in defined_ids(d.text) {
                let anchor = format!("id=\"{id}\"");
                assert_eq!(html.matches(&anchor).count(), 1, "{id} in {}", d.stem);
            }
        }
    }

    #[test]
    fn ids_are_recognised_exactly() {
        assert!(is_id("R-QR-1"));
        assert!(is_id("R-QR-12"));
        assert!(!is_id("R-qr-1"));
        assert!(!is_id("R-QR-"));
        assert!(!is_id("R-QR-1 and"));
    }

    #[test]
    fn links_to_other_documents_become_pages_and_others_lose_their_target() {
        assert_eq!(rewrite("interop.md#x").as_deref(), Some("interop.html#x"));
        assert_eq!(rewrite("#top").as_deref(), Some("#top"));
        assert_eq!(rewrite("schema/report.schema.json"), None);
        assert_eq!(rewrite("../README.md"), None);
        let d = Doc {
            stem: "t",
            title: "t",
            text: "See [the ABI](vendor-abi.md) and [schema](schema/x.json). <script>x</script>",
        };
        let html = render(&d);
        assert!(html.contains("href=\"vendor-abi.html\""), "{html}");
        assert!(!html.contains("schema/x.json"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }
}
