//! RFC 3339 times. Files use the one strict form `YYYY-MM-DDThh:mm:ssZ`
//! (R-JSON-2); the CLI accepts any RFC 3339 time.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Parses any RFC 3339 time to Unix seconds (fractions are truncated).
pub fn parse(s: &str) -> Option<i64> {
    OffsetDateTime::parse(s, &Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

/// Parses the strict file form `YYYY-MM-DDThh:mm:ssZ`.
pub fn parse_strict(s: &str) -> Option<i64> {
    let t = parse(s)?;
    (format(t).as_deref() == Some(s)).then_some(t)
}

/// Formats Unix seconds in the strict file form, if the year is 0..=9999.
pub fn format(t: i64) -> Option<String> {
    let dt = OffsetDateTime::from_unix_timestamp(t).ok()?;
    if !(0..=9999).contains(&dt.year()) {
        return None;
    }
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    ))
}

/// The current time in Unix seconds (the CLI default for `--now`).
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_form_round_trips() {
        assert_eq!(parse_strict("2026-01-01T00:00:00Z"), Some(1_767_225_600));
        assert_eq!(
            format(1_767_225_600).as_deref(),
            Some("2026-01-01T00:00:00Z")
        );
        assert_eq!(parse_strict("2026-01-01T07:00:00+07:00"), None);
        assert_eq!(parse("2026-01-01T07:00:00+07:00"), Some(1_767_225_600));
        assert_eq!(parse_strict("2026-01-01T00:00:00.5Z"), None);
    }
}
