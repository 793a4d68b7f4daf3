//! Payload cases: structure, identity, names, dates, each entry kind, entry
//! counts, and the CBOR size limits inside the payload.

use serde_json::{Value as J, json};

use super::Gen;
use super::cbor::{payload_json, with_payload_json};
use uniqr::payload::Payload;

mod boundaries;

/// One mutation of the sample payload JSON.
type Mutation = fn(&mut J);

pub(super) fn cases(g: &mut Gen) {
    let invalid: &[(&str, &str, &str, &[&str], Mutation)] = &[
        // Dates whose parts are not exactly two ASCII digits (R-PAY-5).
        (
            "payload-dates",
            "vac-dt-plus-sign-month",
            "dt 2021-+8-02: a month written with a plus sign",
            &["R-PAY-5"],
            |p| p["v"][0]["dt"] = json!("2021-+8-02"),
        ),
        (
            "payload-dates",
            "vac-dt-single-digit-month",
            "dt 2021-8-02: a one-digit month",
            &["R-PAY-5"],
            |p| p["v"][0]["dt"] = json!("2021-8-02"),
        ),
        (
            "payload-dates",
            "vac-dt-single-digit-day",
            "dt 2021-08-2: a one-digit day",
            &["R-PAY-5"],
            |p| p["v"][0]["dt"] = json!("2021-08-2"),
        ),
        // Structure (R-PAY-1, R-PAY-10).
        (
            "payload-structure",
            "payload-unknown-top-field",
            "unknown top-level field \"sex\"",
            &["R-PAY-10"],
            |p| p["sex"] = json!("F"),
        ),
        (
            "payload-structure",
            "payload-missing-ver",
            "ver missing",
            &["R-PAY-10"],
            |p| remove(p, "ver"),
        ),
        (
            "payload-structure",
            "payload-missing-pid",
            "pid missing",
            &["R-PAY-10"],
            |p| remove(p, "pid"),
        ),
        (
            "payload-structure",
            "payload-missing-nam",
            "nam missing",
            &["R-PAY-10"],
            |p| remove(p, "nam"),
        ),
        (
            "payload-structure",
            "payload-missing-dob",
            "dob missing (empty string is the way to say unknown)",
            &["R-PAY-10"],
            |p| remove(p, "dob"),
        ),
        (
            "payload-structure",
            "payload-nam-not-a-map",
            "nam as a text string",
            &["R-PAY-10"],
            |p| p["nam"] = json!("NGUYEN<<VAN<AN"),
        ),
        (
            "payload-structure",
            "payload-v-not-an-array",
            "v as a single entry map",
            &["R-PAY-10"],
            |p| p["v"] = p["v"][0].clone(),
        ),
        (
            "payload-structure",
            "payload-entry-not-a-map",
            "a vaccination entry as an array",
            &["R-PAY-10"],
            |p| p["v"][0] = json!(["840539006"]),
        ),
        (
            "payload-structure",
            "payload-unknown-entry-field",
            "unknown field \"lot\" in a vaccination entry",
            &["R-PAY-10"],
            |p| p["v"][0]["lot"] = json!("A1"),
        ),
        (
            "payload-structure",
            "payload-missing-entry-field",
            "vaccination entry without mp",
            &["R-PAY-10"],
            |p| remove(&mut p["v"][0], "mp"),
        ),
        (
            "payload-structure",
            "payload-dn-as-text",
            "dose number as text \"1\"",
            &["R-PAY-10"],
            |p| p["v"][0]["dn"] = json!("1"),
        ),
        (
            "payload-structure",
            "payload-pid-as-integer",
            "pid as an integer",
            &["R-PAY-10"],
            |p| p["pid"] = json!(79001),
        ),
        (
            "payload-structure",
            "payload-unknown-name-field",
            "unknown field \"mn\" in nam",
            &["R-PAY-10"],
            |p| p["nam"]["mn"] = json!("X"),
        ),
        (
            "payload-structure",
            "payload-ver-as-integer",
            "ver as an integer",
            &["R-PAY-10"],
            |p| p["ver"] = json!(1),
        ),
        // Identity.
        (
            "payload-identity",
            "payload-ver-1-0-1",
            "ver 1.0.1",
            &["R-PAY-1"],
            |p| p["ver"] = json!("1.0.1"),
        ),
        (
            "payload-identity",
            "payload-ver-2",
            "ver 2.0.0",
            &["R-PAY-1"],
            |p| p["ver"] = json!("2.0.0"),
        ),
        (
            "payload-identity",
            "payload-pid-empty",
            "empty pid",
            &["R-PAY-2"],
            |p| p["pid"] = json!(""),
        ),
        (
            "payload-identity",
            "payload-pid-65-chars",
            "pid of 65 characters",
            &["R-PAY-2"],
            |p| p["pid"] = json!("A".repeat(65)),
        ),
        (
            "payload-identity",
            "payload-pid-space",
            "pid with a space",
            &["R-PAY-2"],
            |p| p["pid"] = json!("VN 079 0001"),
        ),
        (
            "payload-identity",
            "payload-pid-slash",
            "pid with a slash",
            &["R-PAY-2"],
            |p| p["pid"] = json!("VN/079/0001"),
        ),
        (
            "payload-identity",
            "payload-pid-non-ascii",
            "pid with a non-ASCII digit",
            &["R-PAY-2"],
            |p| p["pid"] = json!("VN-079-٠٠١"),
        ),
        // Names.
        (
            "payload-names",
            "names-fnt-lowercase",
            "transliteration in lower case",
            &["R-PAY-4"],
            |p| p["nam"]["fnt"] = json!("nguyen"),
        ),
        (
            "payload-names",
            "names-fnt-diacritics",
            "transliteration keeps diacritics",
            &["R-PAY-4"],
            |p| p["nam"]["fnt"] = json!("NGUYỄN"),
        ),
        (
            "payload-names",
            "names-fnt-leading-filler",
            "transliteration starts with <",
            &["R-PAY-4"],
            |p| p["nam"]["fnt"] = json!("<NGUYEN"),
        ),
        (
            "payload-names",
            "names-gnt-trailing-filler",
            "given-name transliteration ends with <",
            &["R-PAY-4"],
            |p| p["nam"]["gnt"] = json!("VAN<AN<"),
        ),
        (
            "payload-names",
            "names-gnt-space",
            "space instead of < in a transliteration",
            &["R-PAY-4"],
            |p| p["nam"]["gnt"] = json!("VAN AN"),
        ),
        (
            "payload-names",
            "names-fnt-hyphen",
            "hyphen in a transliteration",
            &["R-PAY-4"],
            |p| p["nam"]["fnt"] = json!("NGUYEN-TRAN"),
        ),
        (
            "payload-names",
            "names-fnt-cyrillic",
            "Cyrillic letters in a transliteration",
            &["R-PAY-4"],
            |p| p["nam"]["fnt"] = json!("ИВАНОВА"),
        ),
        (
            "payload-names",
            "names-fnt-81-chars",
            "transliteration of 81 characters",
            &["R-PAY-4"],
            |p| p["nam"]["fnt"] = json!("A".repeat(81)),
        ),
        (
            "payload-names",
            "names-fnt-missing",
            "fnt missing",
            &["R-PAY-10"],
            |p| remove(&mut p["nam"], "fnt"),
        ),
        (
            "payload-names",
            "names-fnt-empty",
            "empty fnt",
            &["R-PAY-4"],
            |p| p["nam"]["fnt"] = json!(""),
        ),
        (
            "payload-names",
            "names-fn-control-char",
            "family name with a tab",
            &["R-PAY-3"],
            |p| p["nam"]["fn"] = json!("Nguyễn\tVăn"),
        ),
        (
            "payload-names",
            "names-fn-leading-space",
            "family name with a leading space",
            &["R-PAY-3"],
            |p| p["nam"]["fn"] = json!(" Nguyễn"),
        ),
        (
            "payload-names",
            "names-gn-trailing-space",
            "given name with a trailing space",
            &["R-PAY-3"],
            |p| p["nam"]["gn"] = json!("Văn An "),
        ),
        (
            "payload-names",
            "names-fn-empty",
            "empty family name (omit it instead)",
            &["R-PAY-3"],
            |p| p["nam"]["fn"] = json!(""),
        ),
        (
            "payload-names",
            "names-fn-81-chars",
            "family name of 81 characters",
            &["R-PAY-3"],
            |p| p["nam"]["fn"] = json!("ễ".repeat(81)),
        ),
        // Dates.
        (
            "payload-dates",
            "dob-single-digit-month",
            "dob 1990-5",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1990-5"),
        ),
        (
            "payload-dates",
            "dob-february-30",
            "dob 1990-02-30",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1990-02-30"),
        ),
        (
            "payload-dates",
            "dob-non-leap-29",
            "dob 2001-02-29 (not a leap year)",
            &["R-PAY-5"],
            |p| p["dob"] = json!("2001-02-29"),
        ),
        (
            "payload-dates",
            "dob-1900-not-leap",
            "dob 1900-02-29 (1900 is not a leap year)",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1900-02-29"),
        ),
        (
            "payload-dates",
            "dob-year-1899",
            "dob 1899, before the allowed range",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1899"),
        ),
        (
            "payload-dates",
            "dob-year-2100",
            "dob 2100, after the allowed range",
            &["R-PAY-5"],
            |p| p["dob"] = json!("2100"),
        ),
        (
            "payload-dates",
            "dob-month-13",
            "dob 1990-13",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1990-13"),
        ),
        (
            "payload-dates",
            "dob-month-00",
            "dob 1990-00",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1990-00"),
        ),
        (
            "payload-dates",
            "dob-slashes",
            "dob 1990/05/17",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1990/05/17"),
        ),
        (
            "payload-dates",
            "dob-day-first",
            "dob 17-05-1990",
            &["R-PAY-5"],
            |p| p["dob"] = json!("17-05-1990"),
        ),
        (
            "payload-dates",
            "dob-two-digit-year",
            "dob 90-05-17",
            &["R-PAY-5"],
            |p| p["dob"] = json!("90-05-17"),
        ),
        (
            "payload-dates",
            "dob-with-time",
            "dob with a time part",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1990-05-17T00:00:00Z"),
        ),
        (
            "payload-dates",
            "dob-multibyte-straddle",
            "7-byte dob whose 4th character is multi-byte (a past panic)",
            &["R-PAY-5"],
            |p| p["dob"] = json!("199é-1"),
        ),
        (
            "payload-dates",
            "dob-xx-placeholder",
            "dob 1990-XX-XX placeholder",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1990-XX-XX"),
        ),
        // Vaccination entries.
        (
            "payload-vaccination",
            "vac-tg-leading-zero",
            "tg with a leading zero",
            &["R-PAY-7"],
            |p| p["v"][0]["tg"] = json!("0840539006"),
        ),
        (
            "payload-vaccination",
            "vac-tg-short",
            "tg of 5 digits",
            &["R-PAY-7"],
            |p| p["v"][0]["tg"] = json!("84053"),
        ),
        (
            "payload-vaccination",
            "vac-mp-space",
            "mp with a space",
            &["R-PAY-7"],
            |p| p["v"][0]["mp"] = json!("EU/1/20 1528"),
        ),
        (
            "payload-vaccination",
            "vac-ma-empty",
            "empty ma",
            &["R-PAY-7"],
            |p| p["v"][0]["ma"] = json!(""),
        ),
        (
            "payload-vaccination",
            "vac-vp-leading-dot",
            "vp starting with a dot",
            &["R-PAY-7"],
            |p| p["v"][0]["vp"] = json!(".J07BX03"),
        ),
        (
            "payload-vaccination",
            "vac-dn-zero",
            "dose number 0",
            &["R-PAY-11"],
            |p| p["v"][0]["dn"] = json!(0),
        ),
        (
            "payload-vaccination",
            "vac-dn-ten",
            "dose number 10",
            &["R-PAY-11"],
            |p| p["v"][0]["dn"] = json!(10),
        ),
        (
            "payload-vaccination",
            "vac-sd-negative",
            "series of -1 doses",
            &["R-PAY-11"],
            |p| p["v"][0]["sd"] = json!(-1),
        ),
        (
            "payload-vaccination",
            "vac-dt-partial",
            "vaccination date 2021-08 (partial)",
            &["R-PAY-5"],
            |p| p["v"][0]["dt"] = json!("2021-08"),
        ),
        (
            "payload-vaccination",
            "vac-dt-datetime",
            "vaccination date with a time",
            &["R-PAY-5"],
            |p| p["v"][0]["dt"] = json!("2021-08-02T10:00:00Z"),
        ),
        (
            "payload-vaccination",
            "vac-co-lowercase",
            "country vn",
            &["R-PAY-8"],
            |p| p["v"][0]["co"] = json!("vn"),
        ),
        (
            "payload-vaccination",
            "vac-co-alpha3",
            "country VNM",
            &["R-PAY-8"],
            |p| p["v"][0]["co"] = json!("VNM"),
        ),
        (
            "payload-vaccination",
            "vac-is-empty",
            "empty issuer",
            &["R-PAY-3"],
            |p| p["v"][0]["is"] = json!(""),
        ),
        (
            "payload-vaccination",
            "vac-ci-81-chars",
            "certificate id of 81 characters",
            &["R-PAY-3"],
            |p| p["v"][0]["ci"] = json!("U".repeat(81)),
        ),
        // Test entries.
        (
            "payload-test",
            "test-tt-unknown",
            "test type not in the value set",
            &["R-PAY-7"],
            |p| set_test(p, "tt", json!("LP12345-6")),
        ),
        (
            "payload-test",
            "test-tr-unknown",
            "test result not in the value set",
            &["R-PAY-7"],
            |p| set_test(p, "tr", json!("positive")),
        ),
        (
            "payload-test",
            "test-sc-offset",
            "sample time with a +07:00 offset",
            &["R-PAY-6"],
            |p| set_test(p, "sc", json!("2026-03-01T15:30:00+07:00")),
        ),
        (
            "payload-test",
            "test-sc-fraction",
            "sample time with fractional seconds",
            &["R-PAY-6"],
            |p| set_test(p, "sc", json!("2026-03-01T08:30:00.000Z")),
        ),
        (
            "payload-test",
            "test-sc-date-only",
            "sample time as a date only",
            &["R-PAY-6"],
            |p| set_test(p, "sc", json!("2026-03-01")),
        ),
        (
            "payload-test",
            "test-sc-hour-24",
            "sample time at hour 24",
            &["R-PAY-6"],
            |p| set_test(p, "sc", json!("2026-03-01T24:00:00Z")),
        ),
        (
            "payload-test",
            "test-sc-lowercase-z",
            "sample time with a lower-case z",
            &["R-PAY-6"],
            |p| set_test(p, "sc", json!("2026-03-01T08:30:00z")),
        ),
        (
            "payload-test",
            "test-nm-empty",
            "empty test name",
            &["R-PAY-3"],
            |p| set_test(p, "nm", json!("")),
        ),
        (
            "payload-test",
            "test-ma-space",
            "device id with a space",
            &["R-PAY-7"],
            |p| set_test(p, "ma", json!("12 32")),
        ),
        (
            "payload-test",
            "test-missing-tr",
            "test entry without a result",
            &["R-PAY-10"],
            |p| {
                set_test(p, "tr", json!("x"));
                remove(&mut p["t"][0], "tr")
            },
        ),
        // Recovery entries.
        (
            "payload-recovery",
            "rec-df-after-du",
            "valid-from after valid-until",
            &["R-PAY-12"],
            |p| set_rec(p, "df", json!("2026-09-01")),
        ),
        (
            "payload-recovery",
            "rec-fr-partial",
            "first positive 2026-02 (partial)",
            &["R-PAY-5"],
            |p| set_rec(p, "fr", json!("2026-02")),
        ),
        (
            "payload-recovery",
            "rec-du-invalid",
            "valid-until 2026-06-31",
            &["R-PAY-5"],
            |p| set_rec(p, "du", json!("2026-06-31")),
        ),
        (
            "payload-recovery",
            "rec-co-digits",
            "country 84",
            &["R-PAY-8"],
            |p| set_rec(p, "co", json!("84")),
        ),
        // Entry counts.
        (
            "payload-entries",
            "entries-empty-v",
            "empty vaccination array (omit it instead)",
            &["R-PAY-9"],
            |p| p["v"] = json!([]),
        ),
        (
            "payload-entries",
            "entries-empty-t",
            "empty test array",
            &["R-PAY-9"],
            |p| p["t"] = json!([]),
        ),
        (
            "payload-entries",
            "entries-empty-r",
            "empty recovery array",
            &["R-PAY-9"],
            |p| p["r"] = json!([]),
        ),
        (
            "payload-entries",
            "entries-nine-doses",
            "nine vaccination entries, one over the limit",
            &["R-PAY-9"],
            |p| {
                let e = p["v"][0].clone();
                p["v"] = J::Array(vec![e; 9]);
            },
        ),
    ];
    for (cat, id, title, reqs, mutate) in invalid {
        let mut p = payload_json(g);
        mutate(&mut p);
        let text = with_payload_json(g, id, &p);
        g.invalid(cat, id, title, reqs, text, "PAYLOAD_INVALID");
    }
    valid_edges(g);
    limits(g);
    boundaries::cases(g);
}

fn remove(v: &mut J, key: &str) {
    if let Some(m) = v.as_object_mut() {
        m.remove(key);
    }
}

/// The NAAT test entry of the test cases.
fn test_entry() -> J {
    json!({
        "tg": "840539006", "tt": "LP6464-4", "nm": "Roche LightCycler qPCR", "ma": "1232",
        "sc": "2026-03-01T08:30:00Z", "tr": "260415000", "tc": "Bệnh viện Bạch Mai",
        "co": "VN", "is": "Bộ Y tế Việt Nam", "ci": "URN:UVCI:01:VN:T-0001"
    })
}

/// The recovery entry of the recovery cases.
fn rec_entry() -> J {
    json!({
        "tg": "840539006", "fr": "2026-02-10", "co": "VN", "is": "Bộ Y tế Việt Nam",
        "df": "2026-02-21", "du": "2026-08-10", "ci": "URN:UVCI:01:VN:R-0001"
    })
}

/// Replaces the sample's entries with one NAAT test (once, so that edits
/// add up) and sets one field.
fn set_test(p: &mut J, field: &str, value: J) {
    remove(p, "v");
    if !p["t"].is_array() {
        p["t"] = json!([test_entry()]);
    }
    p["t"][0][field] = value;
}

/// Replaces the sample's entries with one recovery entry (once, so that
/// edits add up) and sets one field.
fn set_rec(p: &mut J, field: &str, value: J) {
    remove(p, "v");
    if !p["r"].is_array() {
        p["r"] = json!([rec_entry()]);
    }
    p["r"][0][field] = value;
}

/// Valid edge cases: each must verify with exactly this payload.
fn valid_edges(g: &mut Gen) {
    let valid: &[(&str, &str, &str, &[&str], Mutation)] = &[
        (
            "payload-dates",
            "dob-empty-valid",
            "empty dob (unknown) is valid",
            &["R-PAY-5"],
            |p| p["dob"] = json!(""),
        ),
        (
            "payload-dates",
            "dob-year-only-valid",
            "dob year only",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1990"),
        ),
        (
            "payload-dates",
            "dob-year-month-valid",
            "dob year and month",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1990-05"),
        ),
        (
            "payload-dates",
            "dob-leap-day-2000-valid",
            "dob 2000-02-29 (2000 is a leap year)",
            &["R-PAY-5"],
            |p| p["dob"] = json!("2000-02-29"),
        ),
        (
            "payload-dates",
            "dob-1900-01-01-valid",
            "dob 1900-01-01, the first allowed day",
            &["R-PAY-5"],
            |p| p["dob"] = json!("1900-01-01"),
        ),
        (
            "payload-names",
            "names-80-chars-vietnamese-valid",
            "80-character Vietnamese family name (multi-byte)",
            &["R-PAY-3", "R-LIM-4"],
            |p| p["nam"]["fn"] = json!("Nguyễn".repeat(14).chars().take(80).collect::<String>()),
        ),
        (
            "payload-names",
            "names-80-chars-transliteration-valid",
            "80-character transliteration",
            &["R-PAY-4"],
            |p| p["nam"]["fnt"] = json!(format!("A{}A", "<B".repeat(39))),
        ),
        (
            "payload-names",
            "names-transliteration-only-valid",
            "only fnt, no native names",
            &["R-PAY-4"],
            |p| p["nam"] = json!({"fnt": "NGUYEN"}),
        ),
        (
            "payload-names",
            "names-kazakh-valid",
            "Kazakh letters ә ұ қ ң ө ү і",
            &["R-PAY-3"],
            |p| p["nam"] = json!({"fn": "Жақсылықова-Өмірзақ", "fnt": "ZHAKSYLYKOVA<OMIRZAK", "gn": "Әсем Ұлжан", "gnt": "ASEM<ULZHAN"}),
        ),
        (
            "payload-names",
            "names-russian-yo-valid",
            "Russian names with ё",
            &["R-PAY-3"],
            |p| {
                p["nam"] =
                    json!({"fn": "Артёмова", "fnt": "ARTEMOVA", "gn": "Алёна", "gnt": "ALENA"})
            },
        ),
        (
            "payload-names",
            "names-vietnamese-stacked-diacritics-valid",
            "Vietnamese letters with stacked diacritics (NFC)",
            &["R-PAY-3", "R-CBOR-3"],
            |p| p["nam"] = json!({"fn": "Đặng", "fnt": "DANG", "gn": "Thị Hường Ngọc", "gnt": "THI<HUONG<NGOC"}),
        ),
        (
            "payload-vaccination",
            "vac-booster-3-of-2-valid",
            "booster recorded as dose 3 of 2 (allowed, as in EU DCC)",
            &["R-PAY-11"],
            |p| {
                p["v"][1]["dn"] = json!(3);
            },
        ),
        (
            "payload-vaccination",
            "vac-dose-9-of-9-valid",
            "dose 9 of 9, the maximum",
            &["R-PAY-11"],
            |p| {
                p["v"][0]["dn"] = json!(9);
                p["v"][0]["sd"] = json!(9);
            },
        ),
        (
            "payload-test",
            "test-minimal-valid",
            "test entry without the optional nm, ma and tc",
            &["R-PAY-1"],
            |p| {
                set_test(p, "tr", json!("260373001"));
                for f in ["nm", "ma", "tc"] {
                    remove(&mut p["t"][0], f)
                }
            },
        ),
        (
            "payload-recovery",
            "rec-df-equals-du-valid",
            "recovery valid for one day (df = du)",
            &["R-PAY-12"],
            |p| {
                set_rec(p, "du", json!("2026-02-21"));
            },
        ),
        (
            "payload-entries",
            "entries-eight-doses-valid",
            "eight vaccination entries, the maximum",
            &["R-PAY-9"],
            |p| {
                let e = p["v"][0].clone();
                p["v"] = J::Array(
                    (1..=8)
                        .map(|i| {
                            let mut x = e.clone();
                            x["dn"] = json!(i);
                            x["sd"] = json!(8);
                            x
                        })
                        .collect(),
                );
            },
        ),
        (
            "payload-entries",
            "entries-identity-only-valid",
            "identity only, for venue check-in",
            &["R-PAY-1"],
            |p| remove(p, "v"),
        ),
    ];
    for (cat, id, title, reqs, mutate) in valid {
        let mut j = payload_json(g);
        mutate(&mut j);
        let Ok(p) = serde_json::from_value::<Payload>(j) else {
            continue;
        };
        let claims = g.claims(id);
        let text = g.code(&g.k.es, id, &p);
        g.valid(cat, id, title, reqs, text, &p, &claims);
    }
}

/// CBOR size limits reached inside a signed payload.
fn limits(g: &mut Gen) {
    let cat = "limits";
    let mut p = payload_json(g);
    // 9 nested arrays/maps: claims(1) > payload(2) > v(3) > entry(4) > ... (9).
    p["v"][0]["ma"] = json!([[[[["ORG-100030215"]]]]]);
    g.invalid(
        cat,
        "limit-depth-9",
        "payload nesting 9 levels deep",
        &["R-LIM-3"],
        with_payload_json(g, "limit-depth", &p),
        "TOO_LARGE",
    );
    // One level less: 8 is the limit, so the payload rules answer instead.
    let mut p = payload_json(g);
    p["v"][0]["ma"] = json!([[[["ORG-100030215"]]]]);
    g.invalid(
        cat,
        "limit-depth-8",
        "payload nesting 8 levels deep: at the limit, so the payload rules reject the array in ma",
        &["R-LIM-3", "R-PAY-10"],
        with_payload_json(g, "limit-depth-8", &p),
        "PAYLOAD_INVALID",
    );
    let mut p = payload_json(g);
    p["v"] = J::Array(vec![p["v"][0].clone(); 33]);
    g.invalid(
        cat,
        "limit-items-33",
        "vaccination array of 33 entries",
        &["R-LIM-5"],
        with_payload_json(g, "limit-items", &p),
        "TOO_LARGE",
    );
    let mut p = payload_json(g);
    p["nam"]["fn"] = json!("ễ".repeat(171)); // 513 bytes
    g.invalid(
        cat,
        "limit-text-string-513-bytes",
        "family name of 513 bytes",
        &["R-LIM-4"],
        with_payload_json(g, "limit-text-string", &p),
        "TOO_LARGE",
    );
    let mut p = payload_json(g);
    p["nam"]["fn"] = json!(format!("{}ab", "ễ".repeat(170))); // 512 bytes, 172 chars
    g.invalid(
        cat,
        "limit-text-string-512-bytes",
        "family name of 512 bytes is within the CBOR limit but over 80 characters",
        &["R-LIM-4", "R-PAY-3"],
        with_payload_json(g, "limit-text-string-512", &p),
        "PAYLOAD_INVALID",
    );
}
