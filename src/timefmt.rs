//! Times in files: the one strict form `YYYY-MM-DDThh:mm:ssZ` of R-JSON-2.
//!
//! Written here rather than taken from `time` or `chrono`: the spec pins
//! one form exactly (years 0000 to 9999, no fraction, no offset but `Z`, no
//! leap second `60`), which general RFC 3339 parsers accept more of, and
//! the calendar arithmetic is a few lines (Howard Hinnant's
//! `days_from_civil`). The tests check every rule and compare with `time`
//! across the whole year range. The CLI parses any RFC 3339 time for its
//! flags with `time` itself.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Days from 1970-01-01 to the given proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count from 1970-01-01: `(year, month, day)`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in a month (1..=12) of a proleptic Gregorian year.
pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses the strict file form `YYYY-MM-DDThh:mm:ssZ` to Unix seconds
/// (R-JSON-2).
///
/// ```
/// assert_eq!(uniqr::timefmt::parse_strict("2026-01-01T00:00:00Z"), Some(1_767_225_600));
/// assert_eq!(uniqr::timefmt::parse_strict("2026-01-01T07:00:00+07:00"), None);
/// ```
///
/// # Errors
/// `None` for anything else: another offset, a fraction, lower-case `t` or
/// `z`, a leap second, an impossible date. The file loaders report that as
/// `TRUST_LIST_INVALID` or `KEY_FILE_INVALID`.
pub fn parse_strict(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 20 || [b[4], b[7], b[10], b[13], b[16], b[19]] != *b"--T::Z" {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        b[from..to].iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    valid.then(|| days_from_civil(year, month, day) * DAY + hour * 3600 + minute * 60 + second)
}

/// Formats Unix seconds in the strict file form.
///
/// ```
/// assert_eq!(uniqr::timefmt::format(1_767_225_600).as_deref(), Some("2026-01-01T00:00:00Z"));
/// assert_eq!(uniqr::timefmt::format(253_402_300_800), None); // the year 10000
/// ```
///
/// # Errors
/// `None` if the year is outside 0000 to 9999.
pub fn format(t: i64) -> Option<String> {
    let (days, secs) = (t.div_euclid(DAY), t.rem_euclid(DAY));
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return None;
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    ))
}

/// The current time in Unix seconds, from the system clock (the CLI default
/// for `--now`). A verifier should use a clock it trusts: with a wrong clock
/// it accepts expired codes.
///
/// ```
/// let now = uniqr::timefmt::now();
/// assert!(now > 1_600_000_000); // after 2020-09-13
/// assert!(uniqr::timefmt::format(now).is_some());
/// ```
pub fn now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
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
        assert_eq!(parse_strict("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_strict("0000-01-01T00:00:00Z"), Some(-62_167_219_200));
        assert_eq!(parse_strict("9999-12-31T23:59:59Z"), Some(253_402_300_799));
        assert_eq!(format(253_402_300_800), None);
        assert_eq!(format(-62_167_219_201), None);
    }

    #[test]
    fn rejects_every_other_form() {
        for s in [
            "2026-01-01T07:00:00+07:00",
            "2026-01-01T00:00:00.5Z",
            "2026-01-01t00:00:00Z",
            "2026-01-01T00:00:00z",
            "2026-01-01 00:00:00Z",
            "2026-1-01T00:00:00Z",
            "+026-01-01T00:00:00Z",
            "2026-01-01T00:00:60Z",
            "2016-12-31T23:59:60Z",
            "2026-00-01T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-01-32T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "２026-01-01T00:00:00Z",
            "",
        ] {
            assert_eq!(parse_strict(s), None, "{s}");
        }
        assert!(parse_strict("2000-02-29T00:00:00Z").is_some());
        assert!(parse_strict("2024-02-29T23:59:59Z").is_some());
    }

    #[test]
    fn agrees_with_the_time_crate_over_the_whole_range() {
        use time::OffsetDateTime;
        // Every day boundary ±1 s at a stride that visits every month and
        // day-of-month over years 0000 to 9999, plus a spread of times.
        let first = -62_167_219_200i64;
        let last = 253_402_300_799i64;
        let mut t = first;
        while t <= last {
            for u in [t, t + 1, t + DAY - 1, t + 45_296] {
                let dt = OffsetDateTime::from_unix_timestamp(u).unwrap();
                let want = format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                    dt.year(),
                    u8::from(dt.month()),
                    dt.day(),
                    dt.hour(),
                    dt.minute(),
                    dt.second()
                );
                assert_eq!(format(u).as_deref(), Some(want.as_str()), "{u}");
                assert_eq!(parse_strict(&want), Some(u), "{want}");
            }
            t += 37 * DAY + 3_607;
        }
    }

    #[test]
    fn now_is_after_the_format_was_written() {
        assert!(now() > 1_767_225_600);
    }
}
