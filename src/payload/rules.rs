//! The payload rules (R-PAY-2 .. R-PAY-9), shared by encoder and verifier.

use super::{Names, Payload, Recovery, Test, VERSION, Vaccination};
use crate::error::{Error, PayloadError as E};
use crate::limits::{MAX_ENTRIES, MAX_NAME_CHARS};
use crate::timefmt;

/// R-PAY-7: test types (EU DCC value set `covid-19-lab-test-type`).
pub const TEST_TYPES: [&str; 2] = ["LP6464-4", "LP217198-3"];
/// R-PAY-7: test results (EU DCC value set `covid-19-lab-result`).
pub const TEST_RESULTS: [&str; 2] = ["260415000", "260373001"];

impl Payload {
    /// Checks every payload rule, in field order: `ver`, `pid`, `nam`, `dob`,
    /// then `v`, `t`, `r` entries in order (R-PAY-*).
    ///
    /// Run by [`Payload::from_json`], [`Payload::from_cbor`] and the encoder,
    /// so a payload built in code is checked before it is signed.
    ///
    /// ```
    /// let mut p = uniqr::demo::sample_payload();
    /// assert!(p.validate().is_ok());
    /// p.dob = "17/05/1990".into(); // not YYYY-MM-DD (R-PAY-5)
    /// let err = p.validate().unwrap_err();
    /// assert_eq!(err.code(), "PAYLOAD_INVALID");
    /// assert_eq!(err.message(), "payload: date not in the required form or not a real date");
    /// ```
    ///
    /// # Errors
    /// `PAYLOAD_INVALID`, whose leaf ([`PayloadError`](crate::error::PayloadError))
    /// names the first rule broken.
    pub fn validate(&self) -> Result<(), Error> {
        check(self.ver == VERSION, E::Version)?;
        check(is_pid(&self.pid), E::Pid)?;
        names(&self.nam)?;
        check(is_dob(&self.dob), E::Date)?;
        entries(self.v.as_deref(), vaccination)?;
        entries(self.t.as_deref(), test)?;
        entries(self.r.as_deref(), recovery)?;
        Ok(())
    }
}

fn check(ok: bool, e: E) -> Result<(), Error> {
    if ok { Ok(()) } else { Err(Error::Payload(e)) }
}

fn entries<T>(list: Option<&[T]>, each: fn(&T) -> Result<(), Error>) -> Result<(), Error> {
    let Some(list) = list else { return Ok(()) };
    check(!list.is_empty(), E::EmptyEntries)?;
    check(list.len() <= MAX_ENTRIES, E::TooManyEntries)?;
    list.iter().try_for_each(each)
}

fn names(n: &Names) -> Result<(), Error> {
    if let Some(f) = &n.family {
        check(is_text(f), E::Name)?;
    }
    check(is_icao(&n.fnt), E::Transliteration)?;
    if let Some(g) = &n.gn {
        check(is_text(g), E::Name)?;
    }
    if let Some(g) = &n.gnt {
        check(is_icao(g), E::Transliteration)?;
    }
    Ok(())
}

fn vaccination(v: &Vaccination) -> Result<(), Error> {
    check(is_snomed(&v.tg), E::Code)?;
    check(is_code(&v.vp) && is_code(&v.mp) && is_code(&v.ma), E::Code)?;
    check((1..=9).contains(&v.dn) && (1..=9).contains(&v.sd), E::Dose)?;
    check(is_date(&v.dt), E::Date)?;
    common(&v.co, &v.is, &v.ci)
}

fn test(t: &Test) -> Result<(), Error> {
    check(is_snomed(&t.tg), E::Code)?;
    check(TEST_TYPES.contains(&t.tt.as_str()), E::Code)?;
    if let Some(nm) = &t.nm {
        check(is_text(nm), E::Text)?;
    }
    if let Some(ma) = &t.ma {
        check(is_code(ma), E::Code)?;
    }
    check(is_date_time(&t.sc), E::DateTime)?;
    check(TEST_RESULTS.contains(&t.tr.as_str()), E::Code)?;
    if let Some(tc) = &t.tc {
        check(is_text(tc), E::Text)?;
    }
    common(&t.co, &t.is, &t.ci)
}

fn recovery(r: &Recovery) -> Result<(), Error> {
    check(is_snomed(&r.tg), E::Code)?;
    check(is_date(&r.fr), E::Date)?;
    check(is_country(&r.co), E::Country)?;
    check(is_text(&r.is) && is_text(&r.ci), E::Text)?;
    check(is_date(&r.df) && is_date(&r.du), E::Date)?;
    // Full dates in one fixed form compare correctly as strings.
    check(r.df <= r.du, E::Range)
}

fn common(co: &str, is: &str, ci: &str) -> Result<(), Error> {
    check(is_country(co), E::Country)?;
    check(is_text(is) && is_text(ci), E::Text)
}

/// R-PAY-2: `^[0-9A-Za-z._-]{1,64}$`.
fn is_pid(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// R-PAY-3: 1 to 80 characters, none of them a control character, and no
/// leading or trailing white space. Also NFC (R-CBOR-3), so that the encoder
/// refuses text the verifier would reject as non-canonical (R-ENC-1).
pub(crate) fn is_text(s: &str) -> bool {
    let n = s.chars().count();
    (1..=MAX_NAME_CHARS).contains(&n)
        && !s.chars().any(char::is_control)
        && s.trim() == s
        && (s.is_ascii() || unicode_normalization::is_nfc(s))
}

/// R-PAY-4: ICAO 9303 transliteration `^[A-Z](?:[A-Z<]{0,78}[A-Z])?$`.
fn is_icao(s: &str) -> bool {
    let b = s.as_bytes();
    (1..=MAX_NAME_CHARS).contains(&b.len())
        && b.iter().all(|&c| c.is_ascii_uppercase() || c == b'<')
        && b.first() != Some(&b'<')
        && b.last() != Some(&b'<')
}

/// R-PAY-7: SNOMED CT concept id `^[1-9][0-9]{5,17}$`.
fn is_snomed(s: &str) -> bool {
    (6..=18).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

/// R-PAY-7: product, manufacturer and device codes
/// `^[A-Za-z0-9][A-Za-z0-9/._-]{0,49}$`.
fn is_code(s: &str) -> bool {
    let b = s.as_bytes();
    (1..=50).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || b"/._-".contains(&c))
}

/// R-PAY-8: ISO 3166-1 alpha-2 shape `^[A-Z]{2}$`.
fn is_country(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Year 1900..=2099, as four digits.
fn year(s: &str) -> Option<u32> {
    digits(s).filter(|y| s.len() == 4 && (1900..=2099).contains(y))
}

/// R-PAY-5: a real calendar date `YYYY-MM-DD`, years 1900 to 2099.
pub(crate) fn is_date(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    match (year(y), digits(m), digits(d)) {
        (Some(y), Some(mo), Some(da)) if m.len() == 2 && d.len() == 2 => {
            (1..=12).contains(&mo)
                && (1..=timefmt::days_in_month(y.into(), mo.into())).contains(&i64::from(da))
        }
        _ => false,
    }
}

/// R-PAY-5: date of birth: empty, `YYYY`, `YYYY-MM` or a full date.
fn is_dob(s: &str) -> bool {
    match s.len() {
        0 => true,
        4 => year(s).is_some(),
        7 => {
            // Checked split: a multi-byte character may straddle byte 4.
            let Some((y, m)) = s.split_at_checked(4) else {
                return false;
            };
            year(y).is_some()
                && m.strip_prefix('-').is_some_and(|m| {
                    m.len() == 2 && digits(m).is_some_and(|mo| (1..=12).contains(&mo))
                })
        }
        10 => is_date(s),
        _ => false,
    }
}

/// R-PAY-6: `YYYY-MM-DDThh:mm:ssZ`, a real UTC time, no fractions or offsets.
fn is_date_time(s: &str) -> bool {
    let Some((date, rest)) = s.split_once('T') else {
        return false;
    };
    let Some(hms) = rest.strip_suffix('Z') else {
        return false;
    };
    let mut p = hms.split(':');
    let (Some(h), Some(m), Some(sec), None) = (p.next(), p.next(), p.next(), p.next()) else {
        return false;
    };
    let two = |x: &str, max: u32| x.len() == 2 && digits(x).is_some_and(|v| v <= max);
    is_date(date) && two(h, 23) && two(m, 59) && two(sec, 59)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_partial_and_empty_dates_of_birth() {
        for d in ["", "1990", "1990-02", "2000-02-29", "1900-01-01"] {
            assert!(is_dob(d), "{d}");
        }
        for d in [
            "1990-2",
            "1899",
            "2100",
            "1990-13",
            "1990-02-30",
            "1900-02-29",
            "90",
            "199é-1",
            "1990-1é",
            "1990-00",
            "199O",
        ] {
            assert!(!is_dob(d), "{d}");
        }
    }

    #[test]
    fn checks_date_times() {
        assert!(is_date_time("2026-03-01T08:30:00Z"));
        for d in [
            "2026-03-01T08:30:00+07:00",
            "2026-03-01T08:30:00.5Z",
            "2026-03-01 08:30:00Z",
            "2026-03-01T24:00:00Z",
            "2026-03-01T08:30Z",
        ] {
            assert!(!is_date_time(d), "{d}");
        }
    }

    #[test]
    fn checks_icao_transliteration() {
        for n in ["NGUYEN", "VAN<AN", "A"] {
            assert!(is_icao(n), "{n}");
        }
        for n in ["Nguyen", "NGUYỄN", "<VAN", "VAN<", "VAN AN", "", "VAN-AN"] {
            assert!(!is_icao(n), "{n}");
        }
    }

    #[test]
    fn checks_native_names() {
        assert!(is_text("Nguyễn Văn An"));
        assert!(is_text("Жанұзақов"));
        assert!(!is_text(" An"));
        assert!(!is_text("A\u{7}"));
        assert!(!is_text(&"a".repeat(81)));
        assert!(is_text(&"ễ".repeat(80)));
        assert!(!is_text("Nguye\u{302}\u{303}n"), "NFD text is refused");
    }
}
