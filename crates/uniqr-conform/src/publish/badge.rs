//! Badges: a small flat SVG, and the same as a shields.io endpoint JSON
//! (`schemaVersion`, `label`, `message`, `color`).

use super::model::Run;
use crate::report::html::esc;

/// One badge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    /// The left text: `UNIQR <profile>`.
    pub label: String,
    /// The right text: the verdict, and `self-reported` unless certified.
    pub message: String,
    /// A hex colour (`#rrggbb`).
    pub color: &'static str,
}

/// The verdict words a person reads.
pub fn verdict_words(kind: &str) -> &'static str {
    match kind {
        "conformant" => "Conformant",
        "conformant_with_waivers" => "Conformant with waivers",
        "partial" => "Partial",
        "not_conformant" => "Not conformant",
        _ => "Unknown verdict",
    }
}

/// The colour of a verdict.
pub fn color(kind: &str) -> &'static str {
    match kind {
        "conformant" => "#1a7f37",
        "conformant_with_waivers" => "#4d8c2a",
        "partial" => "#9a6700",
        "not_conformant" => "#cf222e",
        _ => "#6e7781",
    }
}

impl Badge {
    /// The badge of a vendor's run for a profile.
    pub fn of(profile: &str, run: &Run) -> Badge {
        let words = verdict_words(&run.predicate.verdict).to_lowercase();
        Badge {
            label: format!("UNIQR {profile}"),
            message: if run.trust.certified() {
                format!("{words} (certified)")
            } else {
                format!("{words} (self-reported)")
            },
            color: color(&run.predicate.verdict),
        }
    }

    /// The shields.io endpoint JSON.
    pub fn endpoint(&self) -> String {
        let v = serde_json::json!({
            "schemaVersion": 1,
            "label": self.label,
            "message": self.message,
            "color": self.color.trim_start_matches('#'),
        });
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Width of a text in the badge's 11px sans-serif, roughly.
fn width(text: &str) -> usize {
    text.chars().count() * 7 + 12
}

/// A flat badge: the label on grey, the message on `color`.
pub fn svg(label: &str, message: &str, color: &str) -> String {
    let (lw, mw) = (width(label), width(message));
    let w = lw + mw;
    let (l, m, c) = (esc(label), esc(message), esc(color));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" role=\"img\" aria-label=\"{l}: {m}\">\
<title>{l}: {m}</title>\
<rect width=\"{lw}\" height=\"20\" rx=\"3\" fill=\"#555\"/>\
<rect x=\"{lw}\" width=\"{mw}\" height=\"20\" rx=\"3\" fill=\"{c}\"/>\
<rect x=\"{lw}\" width=\"4\" height=\"20\" fill=\"{c}\"/>\
<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\" text-anchor=\"middle\">\
<text x=\"{lx}\" y=\"14\">{l}</text><text x=\"{mx}\" y=\"14\">{m}</text></g></svg>\n",
        lx = lw / 2,
        mx = lw + mw / 2,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badge_text_is_escaped() {
        let s = svg("UNIQR <verifier>", "a & b", "#1a7f37");
        assert!(s.contains("UNIQR &lt;verifier&gt;"), "{s}");
        assert!(s.contains("a &amp; b"), "{s}");
        assert!(!s.contains("<verifier>"));
    }

    #[test]
    fn the_endpoint_json_has_the_shields_members() {
        let b = Badge {
            label: "UNIQR verifier".into(),
            message: "conformant (certified)".into(),
            color: "#1a7f37",
        };
        let v: serde_json::Value = serde_json::from_str(&b.endpoint()).unwrap();
        assert_eq!(v["schemaVersion"], 1);
        assert_eq!(v["label"], "UNIQR verifier");
        assert_eq!(v["message"], "conformant (certified)");
        assert_eq!(v["color"], "1a7f37");
    }
}
