//! Typed verdicts: compares a codec's [`Response`] with a case's
//! [`Expected`](super::Expected).

use serde::Serialize;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

use super::{Case, Op, Response};
use uniqr::hex;
use uniqr_qr::SegmentMode;

/// The typed outcome of one case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The answer matches.
    Pass,
    /// Valid answer to an invalid case: a security failure, ranked first.
    AcceptedInvalid {
        /// The code the case expects.
        expected: String,
    },
    /// Rejection of a valid case.
    RejectedValid {
        /// The code the codec gave.
        got: String,
        /// The codec's message.
        message: String,
    },
    /// Rejection with another code.
    WrongError {
        /// The code the case expects.
        expected: String,
        /// The code the codec gave.
        got: String,
    },
    /// Valid, but the payload, claims or header differ, or a rendered
    /// symbol breaks a rule of the symbol an encoder draws (R-QR-1..R-QR-5).
    WrongPayload {
        /// A structural diff: one `path: expected …, got …` line per difference.
        diff: String,
    },
    /// Encoded bytes differ.
    WrongEncoding {
        /// Offset of the first differing byte in the COSE message.
        offset: usize,
        /// The layer that byte lies in.
        layer: String,
    },
    /// The codec process died.
    Crash {
        /// Exit status or signal, and the tail of its stderr.
        detail: String,
    },
    /// The codec did not answer in time.
    Timeout {
        /// The limit that was exceeded.
        detail: String,
    },
    /// Malformed or mismatched protocol message.
    ProtocolError {
        /// What was wrong.
        detail: String,
    },
    /// The case's operation is outside the claimed profiles: not run.
    Skipped {
        /// Why.
        reason: String,
    },
    /// The vendor answered `unsupported` to an operation of a profile it
    /// claims: a failure, not a skip.
    Refused {
        /// What was refused.
        detail: String,
    },
    /// A failure listed in the baseline.
    ExpectedFailure {
        /// The outcome kind that was expected and seen.
        actual: String,
        /// The baseline's reason.
        reason: String,
    },
}

/// Longest vendor text an outcome keeps for the reports (R-H-17): a reply
/// of megabytes is judged whole, but only this much of it is reported.
pub const MAX_DETAIL: usize = 64 * 1024;

/// `s` cut to at most `max` bytes on a character boundary, marked when cut.
pub(crate) fn excerpt(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let cut = s.len() - end;
        // A new string, not `truncate`: that would keep the whole reply's
        // allocation alive for the rest of the run.
        *s = format!("{} … ({cut} more bytes truncated)", &s[..end]);
        s.shrink_to_fit();
    }
}

impl Outcome {
    /// The outcome with every text cut to [`MAX_DETAIL`] bytes, so that what
    /// a vendor sends never grows the runner's memory or the reports beyond
    /// a bound per case.
    pub fn bounded(mut self) -> Outcome {
        match &mut self {
            Outcome::Pass | Outcome::WrongEncoding { .. } => {}
            Outcome::AcceptedInvalid { expected: a } => excerpt(a, MAX_DETAIL),
            Outcome::RejectedValid { got: a, message: b }
            | Outcome::WrongError {
                expected: a,
                got: b,
            }
            | Outcome::ExpectedFailure {
                actual: a,
                reason: b,
            } => {
                excerpt(a, MAX_DETAIL);
                excerpt(b, MAX_DETAIL);
            }
            Outcome::WrongPayload { diff: a }
            | Outcome::Crash { detail: a }
            | Outcome::Timeout { detail: a }
            | Outcome::ProtocolError { detail: a }
            | Outcome::Skipped { reason: a }
            | Outcome::Refused { detail: a } => excerpt(a, MAX_DETAIL),
        }
        self
    }

    /// The outcome's kind name, as in reports.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::AcceptedInvalid { .. } => "accepted_invalid",
            Outcome::RejectedValid { .. } => "rejected_valid",
            Outcome::WrongError { .. } => "wrong_error",
            Outcome::WrongPayload { .. } => "wrong_payload",
            Outcome::WrongEncoding { .. } => "wrong_encoding",
            Outcome::Crash { .. } => "crash",
            Outcome::Timeout { .. } => "timeout",
            Outcome::ProtocolError { .. } => "protocol_error",
            Outcome::Skipped { .. } => "skipped",
            Outcome::Refused { .. } => "refused",
            Outcome::ExpectedFailure { .. } => "expected_failure",
        }
    }

    /// Whether this outcome fails a conformance run.
    pub fn is_failure(&self) -> bool {
        !matches!(
            self,
            Outcome::Pass | Outcome::Skipped { .. } | Outcome::ExpectedFailure { .. }
        )
    }

    /// A one-line description for reports.
    pub fn detail(&self) -> String {
        match self {
            Outcome::Pass => "pass".into(),
            Outcome::AcceptedInvalid { expected } => {
                format!("accepted an invalid input (expected {expected})")
            }
            Outcome::RejectedValid { got, message } => {
                format!("rejected a valid input with {got}: {message}")
            }
            Outcome::WrongError { expected, got } => format!("expected {expected}, got {got}"),
            Outcome::WrongPayload { diff } => format!("wrong content: {diff}"),
            Outcome::WrongEncoding { offset, layer } => {
                format!("encoding differs at byte {offset} ({layer})")
            }
            Outcome::Crash { detail } => format!("crash: {detail}"),
            Outcome::Timeout { detail } => format!("timeout: {detail}"),
            Outcome::ProtocolError { detail } => format!("protocol error: {detail}"),
            Outcome::Skipped { reason } => format!("skipped: {reason}"),
            Outcome::Refused { detail } => format!("refused: {detail}"),
            Outcome::ExpectedFailure { actual, reason } => {
                format!("expected failure ({actual}): {reason}")
            }
        }
    }
}

/// Judges one answer. The runner sends only cases of claimed profiles, so
/// an `unsupported` reply is a refusal (R-H-12).
pub fn judge(case: &Case, r: &Response) -> Outcome {
    if r.unsupported == Some(true) {
        return Outcome::Refused {
            detail: format!(
                "answered unsupported to {}, an operation of a claimed profile",
                case.op.name()
            ),
        };
    }
    let Some(ok) = r.ok else {
        return protocol("response has neither \"ok\" nor \"unsupported\"");
    };
    // R-H-7: a rejection speaks the registry (or PROTOCOL); any other code
    // is a broken reply, not a wrong answer.
    if let (false, Some(code)) = (ok, &r.error)
        && code != "PROTOCOL"
        && uniqr::error::number_of(code).is_none()
    {
        return protocol(&format!(
            "rejection with error {:?}, which is not a registry code (R-H-7)",
            code.chars().take(64).collect::<String>()
        ));
    }
    let exp = &case.expected;
    match (exp.valid, ok) {
        (false, true) => Outcome::AcceptedInvalid {
            expected: exp.error.clone().unwrap_or_default(),
        },
        (false, false) => match &r.error {
            None => protocol("rejection without \"error\""),
            Some(got) if Some(got) == exp.error.as_ref() => Outcome::Pass,
            Some(got) => Outcome::WrongError {
                expected: exp.error.clone().unwrap_or_default(),
                got: got.clone(),
            },
        },
        (true, false) => Outcome::RejectedValid {
            got: r.error.clone().unwrap_or_else(|| "(no code)".into()),
            message: r.message.clone().unwrap_or_default(),
        },
        (true, true) if case.op == Op::Encode => judge_encoding(exp.cose_hex.as_deref(), r),
        (true, true) if case.op == Op::Render => judge_render(case, r),
        (true, true) => judge_content(case, r),
    }
}

fn protocol(detail: &str) -> Outcome {
    Outcome::ProtocolError {
        detail: detail.into(),
    }
}

fn judge_content(case: &Case, r: &Response) -> Outcome {
    let exp = &case.expected;
    let mut fields = vec![
        ("payload", &exp.payload, &r.payload),
        ("claims", &exp.claims, &r.claims),
    ];
    if case.op == Op::Decode {
        fields.push(("header", &exp.header, &r.header));
    }
    let mut diff = Vec::new();
    for (name, want, got) in fields {
        let Some(want) = want else { continue };
        let Some(got) = got else {
            return protocol(&format!("valid response without \"{name}\""));
        };
        json_diff(&format!("/{name}"), want, got, &mut diff);
    }
    if diff.is_empty() {
        Outcome::Pass
    } else {
        Outcome::WrongPayload {
            diff: diff.join("; "),
        }
    }
}

/// Judges a rendered image: read back, the symbol must hold the case's
/// text as the reference would draw it (R-QR-1, R-QR-2, R-QR-3, R-QR-5).
/// Every broken rule is one `R-QR-n: what was found` item of the diff.
fn judge_render(case: &Case, r: &Response) -> Outcome {
    let Some(text) = case.input.text.as_deref() else {
        return protocol("render case without input text");
    };
    let Ok(smallest) = uniqr_qr::Symbol::new(text).map(|s| s.version()) else {
        return protocol("valid render case whose text the reference cannot draw");
    };
    let Some(image) = &r.image else {
        return protocol("render response without \"image\"");
    };
    let wrong = |diff: String| Outcome::WrongPayload { diff };
    let Ok(png) = B64.decode(image) else {
        return wrong("image: not standard base64".into());
    };
    let read = match uniqr_qr::read(&png) {
        Ok(read) => read,
        Err(e) => return wrong(format!("image: no QR symbol could be read ({})", e.code())),
    };
    let mut found = Vec::new();
    if read.text != text {
        found.push(format!(
            "text: the symbol holds {} characters, not the {} of the case",
            read.text.chars().count(),
            text.chars().count()
        ));
    }
    if read.mode != SegmentMode::Alphanumeric {
        found.push(format!("R-QR-1: {} segment", read.mode.as_str()));
    }
    if read.ec_level != 'Q' {
        found.push(format!("R-QR-2: error correction level {}", read.ec_level));
    }
    if read.version != smallest {
        found.push(format!(
            "R-QR-3: version {}, the smallest that holds the text is {smallest}",
            read.version
        ));
    }
    if read.inverted {
        found.push("R-QR-5: light modules on a dark background".into());
    }
    if read.mirrored {
        found.push("R-QR-5: mirrored".into());
    }
    if found.is_empty() {
        Outcome::Pass
    } else {
        wrong(found.join("; "))
    }
}

/// Lists the differences between two JSON values (at most 8).
pub fn json_diff(
    path: &str,
    want: &serde_json::Value,
    got: &serde_json::Value,
    out: &mut Vec<String>,
) {
    use serde_json::Value as J;
    if out.len() >= 8 {
        return;
    }
    match (want, got) {
        (J::Object(a), J::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => json_diff(&format!("{path}/{k}"), v, w, out),
                    None => out.push(format!("{path}/{k}: missing")),
                }
            }
            for k in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{path}/{k}: unexpected"));
            }
        }
        (J::Array(a), J::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                json_diff(&format!("{path}/{i}"), v, w, out);
            }
        }
        _ if want == got => {}
        _ => out.push(format!("{path}: expected {want}, got {got}")),
    }
}

fn judge_encoding(want_hex: Option<&str>, r: &Response) -> Outcome {
    let Some(want) = want_hex.and_then(hex::decode) else {
        return protocol("case has no valid cose_hex");
    };
    let got = match (&r.cose_hex, &r.text) {
        (Some(h), _) => match hex::decode(h) {
            Some(b) => b,
            None => return protocol("cose_hex is not lowercase hex"),
        },
        (None, Some(t)) => match uniqr::codec::unwrap_text(t) {
            Ok(b) => b,
            Err(e) => {
                return Outcome::WrongEncoding {
                    offset: 0,
                    layer: format!("text layers ({})", e.code()),
                };
            }
        },
        (None, None) => return protocol("encode response without \"cose_hex\" or \"text\""),
    };
    match want.iter().zip(&got).position(|(a, b)| a != b) {
        None if want.len() == got.len() => Outcome::Pass,
        pos => {
            let offset = pos.unwrap_or(want.len().min(got.len()));
            Outcome::WrongEncoding {
                offset,
                layer: layer_at(&want, offset).into(),
            }
        }
    }
}

/// Names the COSE layer that byte `offset` of a canonical message lies in.
pub fn layer_at(msg: &[u8], offset: usize) -> &'static str {
    let Ok(s) = uniqr::cose::Sign1::parse(msg) else {
        return "cose";
    };
    let range = |part: &[u8]| {
        let start = part.as_ptr() as usize - msg.as_ptr() as usize;
        start..start + part.len()
    };
    if range(s.protected).contains(&offset) {
        "protected header"
    } else if range(s.payload).contains(&offset) {
        "claims"
    } else if range(s.signature).contains(&offset) {
        "signature"
    } else if offset >= msg.len() {
        "length"
    } else {
        "cose structure"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectors::{Expected, Input};
    use uniqr_qr::{RenderOptions, Segments, Symbol};

    const TEXT: &str = "UQ1:NCFOXN%TSMAHN-H+M4H%ME.K3CT:+U099AZA393";

    fn render_case() -> Case {
        Case {
            id: "render-test".into(),
            title: "test".into(),
            category: "render".into(),
            requirements: vec!["R-QR-1".into()],
            op: Op::Render,
            input: Input {
                text: Some(TEXT.into()),
                ..Input::default()
            },
            context: None,
            expected: Expected {
                valid: true,
                ..Expected::default()
            },
        }
    }

    fn drawn(segments: Segments, min_version: u8) -> Response {
        let png = Symbol::build(TEXT, segments, min_version, None)
            .and_then(|s| s.to_png(&RenderOptions::default()))
            .unwrap();
        Response {
            ok: Some(true),
            image: Some(B64.encode(png)),
            ..Response::default()
        }
    }

    fn diff(o: &Outcome) -> &str {
        match o {
            Outcome::WrongPayload { diff } => diff,
            other => panic!("not wrong_payload: {other:?}"),
        }
    }

    #[test]
    fn outcomes_keep_a_bounded_excerpt_of_vendor_text() {
        let o = Outcome::RejectedValid {
            got: "EXPIRED".into(),
            message: "ж".repeat(MAX_DETAIL),
        }
        .bounded();
        let Outcome::RejectedValid { got, message } = o else {
            panic!()
        };
        assert_eq!(got, "EXPIRED");
        assert!(message.len() < MAX_DETAIL + 64, "{}", message.len());
        assert!(
            message.capacity() < MAX_DETAIL + 64,
            "the reply's memory is freed"
        );
        assert!(message.ends_with("more bytes truncated)"));
    }

    #[test]
    fn a_rejection_outside_the_registry_is_a_protocol_error() {
        let case = render_case();
        let reply = |code: &str| Response {
            ok: Some(false),
            error: Some(code.into()),
            ..Response::default()
        };
        let o = judge(&case, &reply("NOT_A_CODE"));
        assert_eq!(o.kind(), "protocol_error", "{o:?}");
        // A registry code, or PROTOCOL, is an answer: here a wrong one.
        assert_eq!(judge(&case, &reply("EXPIRED")).kind(), "rejected_valid");
        assert_eq!(judge(&case, &reply("PROTOCOL")).kind(), "rejected_valid");
    }

    #[test]
    fn a_conforming_symbol_passes() {
        let ok = judge(&render_case(), &drawn(Segments::Alphanumeric, 1));
        assert_eq!(ok, Outcome::Pass);
    }

    #[test]
    fn a_byte_segment_breaks_r_qr_1() {
        let o = judge(&render_case(), &drawn(Segments::Byte, 1));
        assert!(diff(&o).starts_with("R-QR-1: byte segment"), "{o:?}");
    }

    #[test]
    fn a_larger_version_than_needed_breaks_r_qr_3() {
        let o = judge(&render_case(), &drawn(Segments::Alphanumeric, 10));
        assert_eq!(
            diff(&o),
            "R-QR-3: version 10, the smallest that holds the text is 3"
        );
    }

    #[test]
    fn a_missing_or_unreadable_image_fails() {
        let none = Response {
            ok: Some(true),
            ..Response::default()
        };
        assert_eq!(judge(&render_case(), &none).kind(), "protocol_error");
        for image in ["not base64!", "aGVsbG8="] {
            let r = Response {
                image: Some(image.into()),
                ..none.clone()
            };
            assert!(diff(&judge(&render_case(), &r)).starts_with("image: "));
        }
    }
}
