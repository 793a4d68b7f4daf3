//! The JSON Schemas in `spec/schema/` agree with the Rust loaders: whatever
//! one accepts the other accepts, for the example payloads, for a table of
//! single-defect mutations, for valid edge cases, and for the trust list,
//! revocation list and key file formats. The few places where a schema cannot
//! agree are listed once, in `*_DIVERGENCES` tests, with the reason. The
//! fuzz report schema matches what `uniqr_conform::fuzz::run` writes, and every schema
//! in the folder compiles.

use jsonschema::Validator;
use serde_json::{Value, json};
use uniqr::{Alg, Payload, Revocations, Signer, TrustList, demo};

fn schema(name: &str) -> Validator {
    let path = format!(
        "{}/spec/schema/{name}",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    jsonschema::options()
        .should_validate_formats(true)
        .build(&value)
        .unwrap_or_else(|e| panic!("{path} does not compile: {e}"))
}

fn schema_errors(v: &Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

/// Whether the payload schema accepts a JSON text (unparsable JSON: no).
fn schema_accepts(v: &Validator, json: &str) -> bool {
    serde_json::from_str::<Value>(json).is_ok_and(|i| v.is_valid(&i))
}

fn rust_payload(json: &str) -> Result<(), &'static str> {
    Payload::from_json(json).map(|_| ()).map_err(|e| e.code())
}

/// A valid payload that uses every field, so each mutation can hit one.
fn full_payload() -> Value {
    json!({
        "ver": "1.0.0",
        "pid": "VN-079-0001",
        "nam": { "fn": "Nguyễn", "fnt": "NGUYEN", "gn": "Văn An", "gnt": "VAN<AN" },
        "dob": "1990-05-17",
        "v": [{
            "tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528",
            "ma": "ORG-100030215", "dn": 1, "sd": 2, "dt": "2021-08-02", "co": "VN",
            "is": "Bộ Y tế Việt Nam", "ci": "URN:UVCI:01:VN:79A0001#1"
        }],
        "t": [{
            "tg": "840539006", "tt": "LP217198-3", "nm": "Roche LightCycler qPCR",
            "ma": "1232", "sc": "2026-03-01T08:30:00Z", "tr": "260415000",
            "tc": "Городская поликлиника № 5", "co": "RU", "is": "Минздрав России",
            "ci": "URN:UVCI:01:RU:T-55120"
        }],
        "r": [{
            "tg": "840539006", "fr": "2026-02-10", "co": "KZ", "is": "Қазақстан ДСМ",
            "df": "2026-02-21", "du": "2026-08-10", "ci": "URN:UVCI:01:KZ:R-300123"
        }]
    })
}

/// One edit of a JSON document at a JSON Pointer.
enum Op {
    /// Replace the value at the pointer.
    Set(Value),
    /// Remove the member at the pointer.
    Remove,
}

fn apply(doc: &mut Value, pointer: &str, op: &Op) {
    match op {
        Op::Set(v) => match doc.pointer_mut(pointer) {
            Some(slot) => *slot = v.clone(),
            None => {
                // A new member: the parent must be an object.
                let (parent, key) = pointer.rsplit_once('/').expect("pointer");
                let obj = doc
                    .pointer_mut(parent)
                    .and_then(Value::as_object_mut)
                    .unwrap_or_else(|| panic!("no object at {parent:?}"));
                obj.insert(key.to_owned(), v.clone());
            }
        },
        Op::Remove => {
            let (parent, key) = pointer.rsplit_once('/').expect("pointer");
            let obj = doc
                .pointer_mut(parent)
                .and_then(Value::as_object_mut)
                .unwrap_or_else(|| panic!("no object at {parent:?}"));
            assert!(obj.remove(key).is_some(), "nothing to remove at {pointer}");
        }
    }
}

fn set(pointer: &'static str, v: Value) -> (&'static str, Op) {
    (pointer, Op::Set(v))
}

fn remove(pointer: &'static str) -> (&'static str, Op) {
    (pointer, Op::Remove)
}

fn mutated(edits: &[(&str, Op)]) -> String {
    let mut doc = full_payload();
    for (pointer, op) in edits {
        apply(&mut doc, pointer, op);
    }
    doc.to_string()
}

fn vaccinations(n: usize) -> Value {
    let one = full_payload()["v"][0].clone();
    Value::Array(vec![one; n])
}

/// Single-defect mutations of [`full_payload`]: both must reject each.
fn invalid_payloads() -> Vec<(&'static str, String)> {
    let m = |name, edit: (&'static str, Op)| (name, mutated(&[edit]));
    vec![
        m("ver other version", set("/ver", json!("1.0.1"))),
        m(
            "optional native name is null (R-JSON-3)",
            set("/nam/fn", Value::Null),
        ),
        m(
            "optional entry array is null (R-JSON-3)",
            set("/t", Value::Null),
        ),
        m(
            "dob of 7 bytes with a multi-byte character (a past panic)",
            set("/dob", json!("199é-1")),
        ),
        m("ver short form", set("/ver", json!("1.0"))),
        m("ver as number", set("/ver", json!(1))),
        m("pid with space", set("/pid", json!("VN 079 0001"))),
        m("pid empty", set("/pid", json!(""))),
        m("pid 65 characters", set("/pid", json!("A".repeat(65)))),
        m("pid non-ASCII letter", set("/pid", json!("VN-079-Đ"))),
        m("pid with slash", set("/pid", json!("VN/079"))),
        m("fnt lowercase", set("/nam/fnt", json!("Nguyen"))),
        m("fnt leading filler", set("/nam/fnt", json!("<NGUYEN"))),
        m("fnt trailing filler", set("/nam/fnt", json!("NGUYEN<"))),
        m("fnt with space", set("/nam/fnt", json!("NGUYEN VAN"))),
        m("fnt with hyphen", set("/nam/fnt", json!("NGUYEN-VAN"))),
        m("fnt with diacritic", set("/nam/fnt", json!("NGUYỄN"))),
        m("fnt empty", set("/nam/fnt", json!(""))),
        m("fnt 81 characters", set("/nam/fnt", json!("A".repeat(81)))),
        m("gnt lowercase", set("/nam/gnt", json!("van<an"))),
        m("fn with control char", set("/nam/fn", json!("Nguy\u{7}n"))),
        m("fn with line feed", set("/nam/fn", json!("Nguyễn\nVăn"))),
        m("fn with DEL", set("/nam/fn", json!("Nguyễn\u{7f}"))),
        m(
            "fn with C1 control NEL",
            set("/nam/fn", json!("Nguyễn\u{85}Văn")),
        ),
        m("fn with leading space", set("/nam/fn", json!(" Nguyễn"))),
        m("fn with trailing space", set("/nam/fn", json!("Nguyễn "))),
        m(
            "fn with trailing NBSP",
            set("/nam/fn", json!("Nguyễn\u{a0}")),
        ),
        m(
            "fn with leading ideographic space",
            set("/nam/fn", json!("\u{3000}Nguyễn")),
        ),
        m(
            "fn with trailing en quad",
            set("/nam/fn", json!("Nguyễn\u{2000}")),
        ),
        m("fn empty", set("/nam/fn", json!(""))),
        m("fn 81 characters", set("/nam/fn", json!("ễ".repeat(81)))),
        m("gn with tab", set("/nam/gn", json!("Văn\tAn"))),
        m("fn as number", set("/nam/fn", json!(7))),
        m("dob single-digit month", set("/dob", json!("1990-2"))),
        m("dob February 30", set("/dob", json!("1990-02-30"))),
        m(
            "dob 1900-02-29 (not a leap year)",
            set("/dob", json!("1900-02-29")),
        ),
        m("dob year 1899", set("/dob", json!("1899"))),
        m("dob year 2100", set("/dob", json!("2100-01-01"))),
        m("dob month 13", set("/dob", json!("1990-13"))),
        m("dob month 00", set("/dob", json!("1990-00"))),
        m("dob two-digit year", set("/dob", json!("90"))),
        m("dob with letter O", set("/dob", json!("199O"))),
        m("dob with time", set("/dob", json!("1990-05-17T00:00:00Z"))),
        m("dob with slashes", set("/dob", json!("1990/05/17"))),
        m("dob as number", set("/dob", json!(1990))),
        m("empty v array", set("/v", json!([]))),
        m("empty t array", set("/t", json!([]))),
        m("empty r array", set("/r", json!([]))),
        m("9 vaccination entries", set("/v", vaccinations(9))),
        m("v as object", set("/v", full_payload()["v"][0].clone())),
        m("v entry as string", set("/v/0", json!("dose 1"))),
        m("dn 0", set("/v/0/dn", json!(0))),
        m("dn 10", set("/v/0/dn", json!(10))),
        m("dn negative", set("/v/0/dn", json!(-1))),
        m("sd 0", set("/v/0/sd", json!(0))),
        m("dn as string", set("/v/0/dn", json!("1"))),
        m("dn fractional", set("/v/0/dn", json!(1.5))),
        m("tg leading zero", set("/v/0/tg", json!("0840539006"))),
        m("tg 5 digits", set("/v/0/tg", json!("84053"))),
        m("tg 19 digits", set("/v/0/tg", json!("1".repeat(19)))),
        m("tg with letter", set("/t/0/tg", json!("84053900X"))),
        m("vp empty", set("/v/0/vp", json!(""))),
        m("mp with space", set("/v/0/mp", json!("EU/1/20 1528"))),
        m("mp leading slash", set("/v/0/mp", json!("/EU/1/20/1528"))),
        m("ma 51 characters", set("/v/0/ma", json!("A".repeat(51)))),
        m("test device ma with colon", set("/t/0/ma", json!("12:32"))),
        m(
            "dt February 29 of 2021",
            set("/v/0/dt", json!("2021-02-29")),
        ),
        m("dt year only", set("/v/0/dt", json!("2021"))),
        m("co lowercase vn", set("/v/0/co", json!("vn"))),
        m("co alpha-3", set("/t/0/co", json!("RUS"))),
        m("co subdivision", set("/r/0/co", json!("KZ-ALA"))),
        m("is empty", set("/v/0/is", json!(""))),
        m("ci 81 characters", set("/v/0/ci", json!("x".repeat(81)))),
        m(
            "ci trailing space",
            set("/r/0/ci", json!("URN:UVCI:01:KZ:R-300123 ")),
        ),
        m("tt unknown", set("/t/0/tt", json!("LP1234-5"))),
        m("tt lowercase", set("/t/0/tt", json!("lp6464-4"))),
        m("tr unknown", set("/t/0/tr", json!("260415001"))),
        m("tr as number", set("/t/0/tr", json!(260415000))),
        m(
            "sc with offset",
            set("/t/0/sc", json!("2026-03-01T08:30:00+07:00")),
        ),
        m(
            "sc with fractions",
            set("/t/0/sc", json!("2026-03-01T08:30:00.5Z")),
        ),
        m(
            "sc lowercase z",
            set("/t/0/sc", json!("2026-03-01T08:30:00z")),
        ),
        m(
            "sc space separator",
            set("/t/0/sc", json!("2026-03-01 08:30:00Z")),
        ),
        m("sc hour 24", set("/t/0/sc", json!("2026-03-01T24:00:00Z"))),
        m(
            "sc leap second",
            set("/t/0/sc", json!("2016-12-31T23:59:60Z")),
        ),
        m(
            "sc without seconds",
            set("/t/0/sc", json!("2026-03-01T08:30Z")),
        ),
        m("sc date only", set("/t/0/sc", json!("2026-03-01"))),
        m("sc April 31", set("/t/0/sc", json!("2026-04-31T08:30:00Z"))),
        m("nm with tab", set("/t/0/nm", json!("Roche\tLightCycler"))),
        m("tc trailing space", set("/t/0/tc", json!("Clinic 5 "))),
        m("fr February 30", set("/r/0/fr", json!("2026-02-30"))),
        m("df year 1899", set("/r/0/df", json!("1899-12-31"))),
        m(
            "du with time",
            set("/r/0/du", json!("2026-08-10T00:00:00Z")),
        ),
        m("unknown field at top", set("/xyz", json!("1"))),
        m("EU DCC field at top", set("/ma", json!("ORG-100030215"))),
        m("unknown field in nam", set("/nam/mn", json!("Văn"))),
        m("unknown field in v entry", set("/v/0/xx", json!("1"))),
        m(
            "unknown field in t entry",
            set("/t/0/dr", json!("2026-03-01T09:00:00Z")),
        ),
        m(
            "unknown field in r entry",
            set("/r/0/fr2", json!("2026-02-10")),
        ),
        m("missing ver", remove("/ver")),
        m("missing pid", remove("/pid")),
        m("missing nam", remove("/nam")),
        m("missing fnt", remove("/nam/fnt")),
        m("missing dob", remove("/dob")),
        m("missing v ci", remove("/v/0/ci")),
        m("missing t tt", remove("/t/0/tt")),
        m("missing t sc", remove("/t/0/sc")),
        m("missing r du", remove("/r/0/du")),
        m("null pid", set("/pid", Value::Null)),
        m("null fnt", set("/nam/fnt", Value::Null)),
        m("null dob", set("/dob", Value::Null)),
        m("null dn", set("/v/0/dn", Value::Null)),
        m("nam as array", set("/nam", json!(["NGUYEN"]))),
        m("payload is an array", set("", json!([]))),
    ]
}

/// Valid edge cases: both must accept each.
fn valid_payloads() -> Vec<(&'static str, String)> {
    let m = |name, edits: Vec<(&'static str, Op)>| (name, mutated(&edits));
    let minimal = json!({"ver": "1.0.0", "pid": "X", "nam": {"fnt": "A"}, "dob": ""});
    let mut eight_each = full_payload();
    for kind in ["v", "t", "r"] {
        let one = eight_each[kind][0].clone();
        eight_each[kind] = Value::Array(vec![one; 8]);
    }
    vec![
        ("minimal identity only", minimal.to_string()),
        ("all three kinds, 8 entries each", eight_each.to_string()),
        m("empty dob", vec![set("/dob", json!(""))]),
        m("dob year only", vec![set("/dob", json!("1990"))]),
        m("dob year and month", vec![set("/dob", json!("1990-02"))]),
        m("dob leap day 2000", vec![set("/dob", json!("2000-02-29"))]),
        m(
            "dob first day of 1900",
            vec![set("/dob", json!("1900-01-01"))],
        ),
        m(
            "dob last day of 2099",
            vec![set("/dob", json!("2099-12-31"))],
        ),
        m(
            "80-character Vietnamese name",
            vec![set("/nam/fn", json!("ễ".repeat(80)))],
        ),
        m(
            "80 astral-plane characters count as 80",
            vec![set("/nam/gn", json!("𝔸".repeat(80)))],
        ),
        m(
            "80-character transliteration",
            vec![set("/nam/fnt", json!(format!("A{}A", "<".repeat(78))))],
        ),
        m(
            "one-letter transliteration and double filler",
            vec![
                set("/nam/fnt", json!("A")),
                set("/nam/gnt", json!("VAN<<AN")),
            ],
        ),
        m(
            "inner spaces and NBSP in a name",
            vec![set("/nam/gn", json!("Văn  An\u{a0}Mai"))],
        ),
        m(
            "leading BOM is not white space",
            vec![set("/nam/fn", json!("\u{feff}Nguyễn"))],
        ),
        m(
            "64-character pid with dots and underscores",
            vec![set("/pid", json!(format!("a._-{}", "Z".repeat(60))))],
        ),
        m(
            "no native names",
            vec![remove("/nam/fn"), remove("/nam/gn")],
        ),
        m(
            "test without optional fields",
            vec![remove("/t/0/nm"), remove("/t/0/ma"), remove("/t/0/tc")],
        ),
        m(
            "dose 9 of 9",
            vec![set("/v/0/dn", json!(9)), set("/v/0/sd", json!(9))],
        ),
        m(
            "booster dose above series total",
            vec![set("/v/0/dn", json!(3)), set("/v/0/sd", json!(2))],
        ),
        m(
            "sample time at the last second of a day",
            vec![set("/t/0/sc", json!("2099-12-31T23:59:59Z"))],
        ),
        m(
            "18-digit SNOMED code",
            vec![set("/v/0/tg", json!("1".repeat(18)))],
        ),
        m(
            "50-character product code",
            vec![set("/v/0/mp", json!(format!("a{}", "/".repeat(49))))],
        ),
        m(
            "recovery valid for one day",
            vec![
                set("/r/0/df", json!("2026-02-21")),
                set("/r/0/du", json!("2026-02-21")),
            ],
        ),
        m("NAAT test type", vec![set("/t/0/tt", json!("LP6464-4"))]),
        m("detected result", vec![set("/t/0/tr", json!("260373001"))]),
    ]
}

#[test]
fn every_example_payload_matches_the_schema_and_the_rust_rules() {
    let v = schema("payload.schema.json");
    let dir = format!(
        "{}/examples/payloads",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    );
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let instance: Value = serde_json::from_str(&text).unwrap();
        let errors = schema_errors(&v, &instance);
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        assert_eq!(rust_payload(&text), Ok(()), "{}", path.display());
        n += 1;
    }
    assert!(n >= 6, "expected the example payloads in {dir}");
}

#[test]
fn schema_and_rust_reject_every_single_defect_mutation() {
    let v = schema("payload.schema.json");
    let cases = invalid_payloads();
    assert!(cases.len() >= 30);
    let mut failures = Vec::new();
    for (name, json) in &cases {
        // A panic in the Rust rules is a failure of this case, not the test.
        let rust = std::panic::catch_unwind(|| rust_payload(json));
        let schema_ok = schema_accepts(&v, json);
        match rust {
            Ok(Err("PAYLOAD_INVALID")) if !schema_ok => {}
            other => failures.push(format!(
                "{name}: schema accepts = {schema_ok}, rust = {other:?}\n    {json}"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "mutations not rejected by both:\n{}",
        failures.join("\n")
    );
}

#[test]
fn schema_and_rust_accept_every_valid_edge_case() {
    let v = schema("payload.schema.json");
    let cases = valid_payloads();
    assert!(cases.len() >= 10);
    let mut failures = Vec::new();
    for (name, json) in &cases {
        let instance: Value = serde_json::from_str(json).unwrap();
        let errors = schema_errors(&v, &instance);
        let rust = rust_payload(json);
        if !errors.is_empty() || rust.is_err() {
            failures.push(format!(
                "{name}: schema {errors:?}, rust {rust:?}\n    {json}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "edge cases not accepted by both:\n{}",
        failures.join("\n")
    );
}

/// What `Payload::from_json` does with a JSON text.
#[derive(Debug, PartialEq, Eq)]
enum Rust {
    Accepts,
    Rejects,
    Panics,
}

fn rust_outcome(json: &str) -> Rust {
    match std::panic::catch_unwind(|| rust_payload(json)) {
        Ok(Ok(())) => Rust::Accepts,
        Ok(Err(_)) => Rust::Rejects,
        Err(_) => Rust::Panics,
    }
}

/// Where the payload schema and `Payload::from_json` legitimately or
/// knowingly differ: (name, JSON, schema accepts, Rust outcome, why). If a
/// case starts to agree (for example after a fix in `src/`), move it into
/// the tables above.
fn payload_divergences() -> Vec<(&'static str, String, bool, Rust, &'static str)> {
    let base = full_payload().to_string();
    vec![
        (
            "recovery df after du",
            mutated(&[set("/r/0/df", json!("2026-08-11"))]),
            true,
            Rust::Rejects,
            "R-PAY-12 compares two members; JSON Schema cannot express it",
        ),
        (
            "dn written as 1.0",
            base.replacen("\"dn\":1", "\"dn\":1.0", 1),
            true,
            Rust::Rejects,
            "R-JSON-3; JSON Schema treats 1.0 as the integer 1",
        ),
        (
            "dn written as 1e0",
            base.replacen("\"dn\":1", "\"dn\":1e0", 1),
            true,
            Rust::Rejects,
            "R-JSON-3; JSON Schema treats 1e0 as the integer 1",
        ),
        (
            "member name repeated",
            base.replacen("{\"dob\"", "{\"pid\":\"X\",\"dob\"", 1),
            true,
            Rust::Rejects,
            "R-JSON-3; a parsed JSON value keeps one of the repeats",
        ),
    ]
}

#[test]
fn schema_and_rust_differ_only_on_the_documented_payload_cases() {
    let v = schema("payload.schema.json");
    let base = full_payload().to_string();
    for (name, json, schema_ok, rust, why) in payload_divergences() {
        assert_ne!(json, base, "{name}: the edit did not apply");
        assert_eq!(
            (schema_accepts(&v, &json), rust_outcome(&json)),
            (schema_ok, rust),
            "{name} ({why}) no longer behaves as documented:\n    {json}"
        );
    }
}

fn rust_trust_list(json: &str) -> Result<(), &'static str> {
    TrustList::from_json(json).map(|_| ()).map_err(|e| e.code())
}

fn demo_trust_list() -> Value {
    serde_json::from_str(&demo::trust_list().to_json()).unwrap()
}

#[test]
fn demo_trust_list_matches_the_trust_list_schema() {
    let v = schema("trust-list.schema.json");
    let instance = demo_trust_list();
    assert_eq!(schema_errors(&v, &instance), Vec::<String>::new());
    assert_eq!(rust_trust_list(&instance.to_string()), Ok(()));
    let empty = json!({"format": "uniqr-trust-list", "version": 1, "keys": []});
    assert!(v.is_valid(&empty));
    assert_eq!(rust_trust_list(&empty.to_string()), Ok(()));
}

/// Single-defect edits of the demo trust list (key 0 is ES256, key 1 EdDSA).
fn invalid_trust_lists() -> Vec<(&'static str, String)> {
    let m = |name, edit: (&'static str, Op)| {
        let mut doc = demo_trust_list();
        apply(&mut doc, edit.0, &edit.1);
        (name, doc.to_string())
    };
    let ed_x = demo_trust_list()["keys"][1]["jwk"]["x"].clone();
    let key_file: Value = serde_json::from_str(&demo::signer(Alg::EdDsa).to_json()).unwrap();
    let ed_d = key_file["key"]["jwk"]["d"].clone();
    let ec_x = demo_trust_list()["keys"][0]["jwk"]["x"].as_str().unwrap()[..42].to_owned();
    vec![
        m(
            "OKP jwk with y: null (R-JSON-3)",
            set("/keys/1/jwk/y", Value::Null),
        ),
        m("missing issuer", remove("/keys/0/issuer")),
        m("missing jwk", remove("/keys/1/jwk")),
        m("missing keys", remove("/keys")),
        m(
            "kid of 15 hex digits",
            set("/keys/0/kid", json!("4a4936ea8356c39")),
        ),
        m(
            "kid in upper case",
            set("/keys/0/kid", json!("4A4936EA8356C39C")),
        ),
        m("unknown alg", set("/keys/0/alg", json!("RS256"))),
        m(
            "alg of the other key type",
            set("/keys/1/alg", json!("ES256")),
        ),
        m("issuer lowercase", set("/keys/0/issuer", json!("vn-hn"))),
        m("usage empty", set("/keys/0/usage", json!([]))),
        m("usage repeated", set("/keys/0/usage", json!(["v", "v"]))),
        m(
            "usage unknown kind",
            set("/keys/0/usage", json!(["vaccination"])),
        ),
        m(
            "not_before with offset",
            set("/keys/0/not_before", json!("2025-01-01T07:00:00+07:00")),
        ),
        m(
            "not_after with fraction",
            set("/keys/0/not_after", json!("2031-01-01T00:00:00.0Z")),
        ),
        m(
            "not_before date only",
            set("/keys/0/not_before", json!("2025-01-01")),
        ),
        m(
            "not_after February 30",
            set("/keys/0/not_after", json!("2031-02-30T00:00:00Z")),
        ),
        m(
            "unknown member in entry",
            set("/keys/0/comment", json!("x")),
        ),
        m(
            "unknown member in jwk",
            set("/keys/0/jwk/use", json!("sig")),
        ),
        m("EC key without y", remove("/keys/0/jwk/y")),
        m("OKP key with y", set("/keys/1/jwk/y", ed_x)),
        m("private key d published", set("/keys/1/jwk/d", ed_d)),
        m("wrong curve", set("/keys/0/jwk/crv", json!("P-384"))),
        m("x one character short", set("/keys/0/jwk/x", json!(ec_x))),
        m(
            "x with non-zero trailing bits",
            set("/keys/1/jwk/x", json!(format!("{}B", "A".repeat(42)))),
        ),
        m(
            "x padded",
            set("/keys/1/jwk/x", json!(format!("{}A=", "A".repeat(42)))),
        ),
        m(
            "format of another file",
            set("/format", json!("uniqr-private-key")),
        ),
        m("version 2", set("/version", json!(2))),
        m(
            "unknown top-level member",
            set("/updated", json!("2026-01-01T00:00:00Z")),
        ),
    ]
}

#[test]
fn schema_and_rust_reject_broken_trust_lists() {
    let v = schema("trust-list.schema.json");
    let mut failures = Vec::new();
    for (name, json) in invalid_trust_lists() {
        let schema_ok = schema_accepts(&v, &json);
        let rust = rust_trust_list(&json);
        if schema_ok || rust != Err("TRUST_LIST_INVALID") {
            failures.push(format!(
                "{name}: schema accepts = {schema_ok}, rust = {rust:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn schema_and_rust_differ_only_on_the_documented_trust_list_cases() {
    let v = schema("trust-list.schema.json");
    let list = demo_trust_list();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut doc = list.clone();
        f(&mut doc);
        doc.to_string()
    };
    let cases: Vec<(&str, String, bool, bool, &str)> = vec![
        (
            "two keys with the same kid",
            with(&|d| {
                let k = d["keys"][0].clone();
                d["keys"].as_array_mut().unwrap().push(k);
            }),
            true,
            false,
            "R-TRUST-6: uniqueness of one member across items is not expressible",
        ),
        (
            "kid of another key",
            with(&|d| d["keys"][0]["kid"] = d["keys"][1]["kid"].clone()),
            true,
            false,
            "R-KEY-1: a hash is not expressible",
        ),
        (
            "not_after before not_before",
            with(&|d| d["keys"][0]["not_after"] = json!("2024-01-01T00:00:00Z")),
            true,
            false,
            "R-TRUST-7: comparing two members is not expressible",
        ),
        (
            "EC point not on the curve",
            with(&|d| d["keys"][0]["jwk"]["y"] = json!("A".repeat(43))),
            true,
            false,
            "R-KEY-2: point validation is not expressible",
        ),
    ];
    for (name, json, schema_ok, rust_ok, why) in cases {
        assert_eq!(
            (schema_accepts(&v, &json), rust_trust_list(&json).is_ok()),
            (schema_ok, rust_ok),
            "{name} ({why}) no longer behaves as documented"
        );
    }
}

fn rust_revocations(json: &str) -> Result<(), &'static str> {
    Revocations::from_json(json)
        .map(|_| ())
        .map_err(|e| e.code())
}

#[test]
fn revocation_lists_match_the_revocation_list_schema() {
    let v = schema("revocation-list.schema.json");
    for list in [
        Revocations::from_ctis(&[[1; 16]]),
        Revocations::from_ctis(&[[1; 16], [2; 16], [3; 16]]),
        Revocations::none(),
    ] {
        let json = list.to_json();
        let instance: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(schema_errors(&v, &instance), Vec::<String>::new(), "{json}");
        assert_eq!(rust_revocations(&json), Ok(()));
    }
}

#[test]
fn schema_and_rust_reject_broken_revocation_lists() {
    let v = schema("revocation-list.schema.json");
    let h = "ab".repeat(32);
    let doc = |revoked: Value| {
        json!({"format": "uniqr-revocation-list", "version": 1, "revoked": revoked}).to_string()
    };
    let cases = [
        ("raw 16-byte cti", doc(json!(["01".repeat(16)]))),
        ("upper-case hex", doc(json!([h.to_uppercase()]))),
        ("63 hex digits", doc(json!([&h[1..]]))),
        ("repeated hash", doc(json!([h, h]))),
        ("hash as number", doc(json!([7]))),
        (
            "missing revoked",
            json!({"format": "uniqr-revocation-list", "version": 1}).to_string(),
        ),
        (
            "version 2",
            json!({"format": "uniqr-revocation-list", "version": 2, "revoked": []}).to_string(),
        ),
        (
            "trust-list format",
            json!({"format": "uniqr-trust-list", "version": 1, "revoked": []}).to_string(),
        ),
        (
            "unknown member",
            json!({"format": "uniqr-revocation-list", "version": 1, "revoked": [], "x": 1})
                .to_string(),
        ),
    ];
    for (name, json) in cases {
        let schema_ok = schema_accepts(&v, &json);
        let rust = rust_revocations(&json);
        assert!(
            !schema_ok && rust == Err("REVOCATION_LIST_INVALID"),
            "{name}: schema accepts = {schema_ok}, rust = {rust:?}"
        );
    }
}

fn rust_key_file(json: &str) -> Result<(), &'static str> {
    Signer::from_json(json).map(|_| ()).map_err(|e| e.code())
}

#[test]
fn demo_key_files_match_the_key_file_schema() {
    let v = schema("key-file.schema.json");
    for alg in [Alg::EdDsa, Alg::Es256] {
        let json = demo::signer(alg).to_json();
        let instance: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(schema_errors(&v, &instance), Vec::<String>::new(), "{json}");
        assert_eq!(rust_key_file(&json), Ok(()));
    }
}

#[test]
fn schema_and_rust_reject_broken_key_files() {
    let v = schema("key-file.schema.json");
    let file = |alg| -> Value { serde_json::from_str(&demo::signer(alg).to_json()).unwrap() };
    let m = |name, alg, edit: (&'static str, Op)| {
        let mut doc = file(alg);
        apply(&mut doc, edit.0, &edit.1);
        (name, doc.to_string())
    };
    let cases = [
        m("public key only", Alg::EdDsa, remove("/key/jwk/d")),
        m("EC public key only", Alg::Es256, remove("/key/jwk/d")),
        m(
            "trust-list format",
            Alg::EdDsa,
            set("/format", json!("uniqr-trust-list")),
        ),
        m("version 2", Alg::EdDsa, set("/version", json!(2))),
        m("d too short", Alg::EdDsa, set("/key/jwk/d", json!("AAAA"))),
        m(
            "kid upper case",
            Alg::Es256,
            set("/key/kid", json!("4A4936EA8356C39C")),
        ),
        m("usage empty", Alg::Es256, set("/key/usage", json!([]))),
        m("unknown member", Alg::Es256, set("/key/note", json!("x"))),
        m("missing key", Alg::Es256, remove("/key")),
    ];
    for (name, json) in cases {
        let schema_ok = schema_accepts(&v, &json);
        let rust = rust_key_file(&json);
        assert!(
            !schema_ok && rust == Err("KEY_FILE_INVALID"),
            "{name}: schema accepts = {schema_ok}, rust = {rust:?}"
        );
    }
    // Not expressible in a schema: d must be the private key of x (R-KEY-2).
    let mut other = file(Alg::EdDsa);
    other["key"]["jwk"]["d"] = json!("A".repeat(43));
    assert!(v.is_valid(&other));
    assert_eq!(rust_key_file(&other.to_string()), Err("KEY_FILE_INVALID"));
}

#[test]
fn every_schema_in_spec_schema_compiles() {
    let dir = format!(
        "{}/spec/schema",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".schema.json"))
        .collect();
    names.sort();
    for name in &names {
        schema(name);
    }
    assert!(
        names.iter().any(|n| n == "fuzz-report.schema.json"),
        "{names:?}"
    );
}

/// A fuzz report from a real in-process run (the reference against itself,
/// so no findings), plus two synthetic findings that cover both forms of
/// `minimised` and `vector`.
fn fuzz_report() -> Value {
    static REPORT: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    REPORT.get_or_init(run_fuzz_report).clone()
}

fn run_fuzz_report() -> Value {
    use std::sync::atomic::AtomicBool;
    use uniqr_conform::fuzz::report::{Finding, Minimised, Signature};
    use uniqr_conform::fuzz::{Layer, Options};
    let opts = Options {
        cases: 300,
        ..Default::default()
    };
    let fuzzed = uniqr_conform::fuzz::run(&opts, &AtomicBool::new(false), &|_| {}).unwrap();
    let mut report = fuzzed.report;
    assert_eq!(report.cases, 300);
    assert!(report.clean(), "the reference disagrees with itself");
    let finding = |layer: Layer, vendor: &str, minimised, vector: Option<&str>| Finding {
        id: format!("fuzz-verify-{}-0123abcd", layer.name()),
        signature: Signature {
            op: "verify".into(),
            reference: "CBOR_NONCANONICAL".into(),
            vendor: vendor.into(),
            layer,
        },
        count: 3,
        first_case: 7,
        detail: "accepted an invalid input (expected CBOR_NONCANONICAL)".into(),
        minimised,
        vector: vector.map(str::to_owned),
    };
    report.findings = vec![
        finding(
            Layer::Cbor,
            "accepted",
            Some(Minimised {
                steps: 6,
                edits: (2, 1),
                size: (1225, 286),
            }),
            Some("fuzz-cbor/fuzz-verify-cbor-0123abcd.json"),
        ),
        finding(Layer::Claims, "rejected CLAIMS_INVALID", None, None),
    ];
    report.signatures = 2;
    serde_json::from_str(&report.to_json()).unwrap()
}

#[test]
fn fuzz_reports_match_the_fuzz_report_schema() {
    let v = schema("fuzz-report.schema.json");
    let report = fuzz_report();
    assert_eq!(
        schema_errors(&v, &report),
        Vec::<String>::new(),
        "{report:#}"
    );
    assert_eq!(report["reach"].as_array().map(Vec::len), Some(12));
    assert!(report["findings"][0]["minimised"]["edits"].is_array());
    assert!(report["findings"][1]["minimised"].is_null());
}

#[test]
fn the_fuzz_report_schema_rejects_unknown_members_and_malformed_values() {
    let v = schema("fuzz-report.schema.json");
    let report = fuzz_report();
    let cases = [
        ("unknown top-level member", "/extra", json!(1)),
        (
            "unknown member in a finding",
            "/findings/0/note",
            json!("x"),
        ),
        (
            "unknown member in a signature",
            "/findings/0/signature/x",
            json!(1),
        ),
        ("unknown member in a reach row", "/reach/0/x", json!(1)),
        ("unknown vendor member", "/vendor/x", json!(1)),
        ("other format", "/format", json!("uniqr-conformance-report")),
        ("version 2", "/version", json!(2)),
        (
            "edits of three numbers",
            "/findings/0/minimised/edits",
            json!([2, 1, 0]),
        ),
        (
            "size as an object",
            "/findings/0/minimised/size",
            json!({"before": 1}),
        ),
        ("reach rows out of order", "/reach/0/stage", json!("text")),
        (
            "an operation that is not fuzzed",
            "/findings/0/signature/op",
            json!("load_context"),
        ),
        (
            "unknown layer",
            "/findings/0/signature/layer",
            json!("photo"),
        ),
        ("unknown member in a layer row", "/layers/0/x", json!(1)),
        (
            "vendor outcome not in the list",
            "/findings/0/signature/vendor",
            json!("skipped"),
        ),
        (
            "id without hash",
            "/findings/0/id",
            json!("fuzz-verify-cbor"),
        ),
        (
            "unknown outcome kind",
            "/outcomes/expected_failure",
            json!(1),
        ),
        ("unknown layer count", "/mutated/photo", json!(1)),
    ];
    for (name, pointer, value) in cases {
        let mut doc = report.clone();
        apply(&mut doc, pointer, &Op::Set(value));
        assert!(!v.is_valid(&doc), "{name}: the schema accepts it");
    }
}

/// A baseline file as the JSON value its TOML parses to, and what the
/// runner's own parser says of it.
fn baseline_both(toml_text: &str) -> (bool, bool) {
    let v = schema("baseline.schema.json");
    let as_json: Value = toml::from_str::<toml::Value>(toml_text)
        .ok()
        .and_then(|t| serde_json::to_value(t).ok())
        .unwrap_or(Value::Null);
    (
        v.is_valid(&as_json),
        uniqr_conform::runner::Baseline::parse(toml_text).is_ok(),
    )
}

#[test]
fn baseline_schema_and_parser_agree_on_both_versions() {
    let entry = "[[expected]]\ncase = \"cbor-*\"\noutcome = \"wrong_error\"\nreason = \"3.1\"\n";
    let v2 = "version = 2\n";
    for (name, text, ok) in [
        ("version 1", entry.to_owned(), true),
        ("empty", String::new(), true),
        (
            "version 2 with issue and expiry",
            format!("{v2}{entry}issue = \"https://t.example/1\"\nexpires = \"2027-01-31\"\n"),
            true,
        ),
        (
            "refused kind",
            entry.replace("wrong_error", "refused"),
            true,
        ),
        (
            "expiry in a version 1 file",
            format!("{entry}expires = \"2027-01-31\"\n"),
            false,
        ),
        (
            "issue that is not a URL",
            format!("{v2}{entry}issue = \"t/1\"\n"),
            false,
        ),
        (
            "expiry in another form",
            format!("{v2}{entry}expires = \"31.01.2027\"\n"),
            false,
        ),
        ("blank reason", entry.replace("\"3.1\"", "\"  \""), false),
        (
            "pass is not waivable",
            entry.replace("wrong_error", "pass"),
            false,
        ),
        ("unknown member", format!("{entry}owner = \"me\"\n"), false),
        ("version 3", format!("version = 3\n{entry}"), false),
    ] {
        assert_eq!(baseline_both(&text), (ok, ok), "{name}");
    }
    // What --write-baseline writes is valid too.
    let written = uniqr_conform::runner::Baseline {
        version: Some(2),
        expected: vec![uniqr_conform::runner::baseline::Entry {
            case: "time-at-exp".into(),
            outcome: "accepted_invalid".into(),
            reason: "to explain: accepted".into(),
            issue: None,
            expires: Some("2027-06-30".into()),
        }],
    }
    .to_toml();
    assert_eq!(baseline_both(&written), (true, true), "{written}");
}

/// The profile table of spec/harness-protocol.md names every category of
/// the suite under the profile of its cases' operation.
#[test]
fn the_profile_table_matches_the_suite() {
    use uniqr_conform::profile::Profile;
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../spec/harness-protocol.md"
    ))
    .unwrap();
    let suite = uniqr_conform::vectors::embedded().unwrap();
    for p in Profile::ALL {
        let row = spec
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", p.name())))
            .unwrap_or_else(|| panic!("no table row for {}", p.name()));
        let named: Vec<&str> = row.split('`').skip(1).step_by(2).skip(2).collect();
        assert!(row.contains(&format!("| `{}` |", p.op().name())), "{row}");
        let mut cats: Vec<&str> = suite
            .cases()
            .iter()
            .filter(|c| c.op == p.op())
            .map(|c| c.category.as_str())
            .collect();
        cats.sort_unstable();
        cats.dedup();
        for cat in cats {
            let covered = named
                .iter()
                .any(|n| glob::Pattern::new(n).is_ok_and(|g| g.matches(cat)));
            assert!(
                covered,
                "{cat} ({}) missing from the row of {}",
                p.op().name(),
                p.name()
            );
        }
        for n in named {
            let pattern = glob::Pattern::new(n).unwrap();
            assert!(
                suite
                    .cases()
                    .iter()
                    .any(|c| c.op == p.op() && pattern.matches(&c.category)),
                "{n} in the row of {} has no {} case",
                p.name(),
                p.op().name()
            );
        }
    }
}
