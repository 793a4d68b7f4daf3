//! `spec/schema/harness.schema.json` describes the harness traffic: every
//! request the runner makes for the embedded golden suite, in both context
//! modes, and every reply of the reference shim to it validate against the
//! schema; malformed messages do not; and the schema names every operation,
//! member and error code that the spec's tables name.

use std::collections::{BTreeSet, HashMap};

use jsonschema::{Draft, Resource, Validator};
use serde_json::{Value, json};
use uniqr_conform::harness::shim::{Shim, serve};
use uniqr_conform::harness::{
    ContextRef, Request, context_name, load_context_request, request_for,
};
use uniqr_conform::vectors::{self, Suite};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn read(rel: &str) -> String {
    let path = format!("{ROOT}/{rel}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn schema_doc() -> Value {
    serde_json::from_str(&read("spec/schema/harness.schema.json"))
        .unwrap_or_else(|e| panic!("harness.schema.json: {e}"))
}

/// A validator for one definition of the schema, reached by its `$id` as a
/// vendor's tooling would.
fn validator(def: &str) -> Validator {
    let doc = schema_doc();
    let id = doc["$id"].as_str().expect("$id").to_owned();
    let resource = Resource::from_contents(doc).expect("schema resource");
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .with_resource(id.clone(), resource)
        .build(&json!({ "$ref": format!("{id}#/$defs/{def}") }))
        .unwrap_or_else(|e| panic!("$defs/{def} does not compile: {e}"))
}

/// The errors of an instance, each cut short: a scan request's image is
/// long, and error messages quote the instance.
fn errors(v: &Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| {
            let text: String = e.to_string().chars().take(200).collect();
            format!("{text} at {}", e.instance_path)
        })
        .collect()
}

/// The `$defs` name of the reply to an operation.
fn reply_def(op: &str) -> &'static str {
    match op {
        "hello" => "helloReply",
        "load_context" => "loadContextReply",
        "verify" => "verifyReply",
        "scan_verify" => "scanVerifyReply",
        "encode" => "encodeReply",
        "decode" => "decodeReply",
        "render" => "renderReply",
        other => panic!("no reply definition for {other}"),
    }
}

struct Schemas {
    request: Validator,
    reply: Validator,
    /// The reply definition of each op, by op.
    replies: HashMap<&'static str, Validator>,
}

impl Schemas {
    fn new() -> Schemas {
        let ops = [
            "hello",
            "load_context",
            "verify",
            "scan_verify",
            "encode",
            "decode",
            "render",
        ];
        Schemas {
            request: validator("request"),
            reply: validator("reply"),
            replies: ops.map(|op| (op, validator(reply_def(op)))).into(),
        }
    }
}

/// What a line sent to the shim is.
#[derive(Clone, Copy)]
enum Kind {
    /// A request of protocol version 1.
    Request,
    /// A well-formed request with an op outside version 1.
    UnknownOp,
    /// Not JSON at all.
    Garbage,
}

struct Exchange {
    /// The case id, or what the line is for.
    label: String,
    kind: Kind,
    request: String,
    reply: String,
}

fn line(req: &Request) -> String {
    serde_json::to_string(req).expect("request serializes")
}

/// Runs the reference shim as one vendor process: the lines in, the reply
/// lines out.
fn converse(lines: &[(String, Kind, String)]) -> Vec<Exchange> {
    let input: String = lines.iter().map(|(_, _, l)| format!("{l}\n")).collect();
    let mut out = Vec::new();
    serve(&mut input.as_bytes(), &mut out).expect("serve");
    let text = String::from_utf8(out).expect("replies are UTF-8");
    let replies: Vec<&str> = text.lines().collect();
    assert_eq!(
        replies.len(),
        lines.len(),
        "one reply line per request line (R-H-1)"
    );
    lines
        .iter()
        .zip(replies)
        .map(|((label, kind, request), reply)| Exchange {
            label: label.clone(),
            kind: *kind,
            request: request.clone(),
            reply: reply.to_owned(),
        })
        .collect()
}

fn hello_line() -> String {
    line(&Request {
        op: "hello".into(),
        protocol: Some(1),
        ..Request::default()
    })
}

/// One persistent process, as the runner drives it (R-H-6): hello, then
/// each context loaded once before the first case that names it; cases of a
/// context that failed to load are judged by its error and not sent. An
/// unknown op and a garbage line come early, so the cases also show that
/// the shim survives them.
fn named_session(suite: &Suite) -> Vec<Exchange> {
    let mut lines = vec![
        ("hello".to_owned(), Kind::Request, hello_line()),
        (
            "unknown op".to_owned(),
            Kind::UnknownOp,
            json!({"id": 1, "op": "sign_with_hsm"}).to_string(),
        ),
        ("garbage".to_owned(), Kind::Garbage, "garbage {".to_owned()),
    ];
    let mut id = 1;
    // Context name -> whether it loaded, asked of a shim of its own.
    let mut loaded = HashMap::new();
    for case in suite.cases() {
        let name = context_name(case);
        if let Some(name) = &name {
            if !loaded.contains_key(name) {
                id += 1;
                let req = load_context_request(case, suite, id).expect("case has a context");
                let ok = Shim::default().handle(&req).response.ok == Some(true);
                loaded.insert(name.clone(), ok);
                lines.push((
                    format!("{} (load_context)", case.id),
                    Kind::Request,
                    line(&req),
                ));
            }
            if !loaded[name] {
                continue;
            }
        }
        id += 1;
        let ctx = name
            .as_deref()
            .map_or(ContextRef::Inline, ContextRef::Named);
        let req = request_for(case, suite, id, ctx);
        lines.push((case.id.clone(), Kind::Request, line(&req)));
    }
    converse(&lines)
}

/// Spawn-per-case mode (R-H-9): one process per case, one request with its
/// context inline.
fn inline_sessions(suite: &Suite) -> Vec<Exchange> {
    suite
        .cases()
        .iter()
        .flat_map(|case| {
            let req = request_for(case, suite, 1, ContextRef::Inline);
            converse(&[(case.id.clone(), Kind::Request, line(&req))])
        })
        .collect()
}

/// The form of a valid reply, for the coverage check.
fn form(reply: &Value) -> &'static str {
    if reply.get("op").is_some() {
        "hello"
    } else if reply.get("unsupported") == Some(&json!(true)) {
        "unsupported"
    } else if reply.get("ok") == Some(&json!(true)) {
        "ok"
    } else {
        "rejected"
    }
}

/// Validates one exchange; returns the failures and records `op form`
/// in `seen`.
fn check(s: &Schemas, x: &Exchange, seen: &mut BTreeSet<String>) -> Vec<String> {
    let mut failures = Vec::new();
    let mut fail = |what: &str, errs: Vec<String>| {
        if !errs.is_empty() {
            failures.push(format!("{}: {what}: {}", x.label, errs.join("; ")));
        }
    };
    let reply: Value = match serde_json::from_str(&x.reply) {
        Ok(v) => v,
        Err(e) => return vec![format!("{}: reply is not JSON: {e}", x.label)],
    };
    fail("reply", errors(&s.reply, &reply));
    let op = match x.kind {
        Kind::Request => {
            let req: Value = serde_json::from_str(&x.request).expect("requests are JSON");
            fail("request", errors(&s.request, &req));
            let op = req["op"].as_str().unwrap_or_default().to_owned();
            fail(
                &format!("reply to {op}"),
                errors(&s.replies[op.as_str()], &reply),
            );
            op
        }
        Kind::UnknownOp => {
            let req: Value = serde_json::from_str(&x.request).expect("JSON");
            if s.request.is_valid(&req) {
                fail(
                    "request",
                    vec!["an op outside version 1 is accepted".into()],
                );
            }
            req["op"].as_str().unwrap_or_default().to_owned()
        }
        Kind::Garbage => {
            assert!(serde_json::from_str::<Value>(&x.request).is_err());
            if reply["error"] != "PROTOCOL" {
                fail("reply", vec![format!("not a PROTOCOL rejection: {reply}")]);
            }
            "garbage".to_owned()
        }
    };
    seen.insert(format!("{op} {}", form(&reply)));
    failures
}

fn check_all(s: &Schemas, exchanges: &[Exchange], seen: &mut BTreeSet<String>) {
    let failures: Vec<String> = exchanges.iter().flat_map(|x| check(s, x, seen)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} exchanges break the schema:\n{}",
        failures.len(),
        exchanges.len(),
        failures.join("\n")
    );
}

fn strings(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn embedded() -> Suite {
    let suite = vectors::embedded().expect("embedded suite");
    assert!(!suite.cases().is_empty(), "the embedded suite is empty");
    suite
}

#[test]
fn every_request_and_reply_with_named_contexts_matches_the_schema() {
    let suite = embedded();
    let s = Schemas::new();
    let exchanges = named_session(&suite);
    let mut seen = BTreeSet::new();
    check_all(&s, &exchanges, &mut seen);
    // Every reply form of every op was exercised, so the test proves something.
    let wanted = strings(&[
        "hello hello",
        "sign_with_hsm unsupported",
        "garbage rejected",
        "load_context ok",
        "load_context rejected",
        "verify ok",
        "verify rejected",
        "scan_verify ok",
        "scan_verify rejected",
        "encode ok",
        "encode rejected",
        "decode ok",
        "decode rejected",
    ]);
    let missing: Vec<_> = wanted.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "no exchange of {missing:?}; saw {seen:?}"
    );
}

#[test]
fn every_request_and_reply_with_inline_contexts_matches_the_schema() {
    let suite = embedded();
    let s = Schemas::new();
    let exchanges = inline_sessions(&suite);
    assert_eq!(exchanges.len(), suite.cases().len());
    for x in &exchanges {
        assert!(!x.request.contains("\"load_context\""), "{}", x.label);
    }
    let mut seen = BTreeSet::new();
    check_all(&s, &exchanges, &mut seen);
    let wanted = strings(&[
        "verify ok",
        "verify rejected",
        "scan_verify ok",
        "scan_verify rejected",
        "encode ok",
        "encode rejected",
        "decode ok",
        "decode rejected",
    ]);
    let missing: Vec<_> = wanted.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "no exchange of {missing:?}; saw {seen:?}"
    );
    // Inline requests carry the lists themselves: the trust list is
    // required when no context is named, the revocation list optional
    // (R-H-16).
    let inline = exchanges
        .iter()
        .find(|x| x.request.contains("\"op\":\"verify\""))
        .expect("a verify case");
    let mut req: Value = serde_json::from_str(&inline.request).unwrap();
    assert!(req.get("context").is_none() && req.get("trust").is_some());
    req.as_object_mut().unwrap().remove("revoked");
    assert!(s.request.is_valid(&req), "inline trust without revoked");
    req.as_object_mut().unwrap().remove("trust");
    assert!(!s.request.is_valid(&req), "inline context without trust");
}

#[test]
fn the_whole_document_accepts_a_line_in_either_direction() {
    let doc = schema_doc();
    let root = jsonschema::options()
        .should_validate_formats(true)
        .build(&doc)
        .unwrap_or_else(|e| panic!("harness.schema.json does not compile: {e}"));
    for (name, v) in [
        ("hello request", json!({"op": "hello", "protocol": 1})),
        (
            "verify reply",
            json!({"id": 2, "ok": true, "payload": {}, "claims": claims()}),
        ),
        ("unsupported", json!({"id": 4, "unsupported": true})),
    ] {
        assert_eq!(errors(&root, &v), Vec::<String>::new(), "{name}");
    }
    assert!(
        !root.is_valid(&json!({"id": 1})),
        "neither request nor reply"
    );
    assert!(!root.is_valid(&json!([])), "not an object");
}

fn claims() -> Value {
    json!({"iss": "VN-HN", "iat": 1_767_225_600, "exp": 1_798_761_600, "cti": "00112233445566778899aabbccddeeff"})
}

fn trust() -> Value {
    json!({"format": "uniqr-trust-list", "version": 1, "keys": []})
}

fn revoked() -> Value {
    json!({"format": "uniqr-revocation-list", "version": 1, "revoked": []})
}

/// Valid messages of every kind, with the definition each is valid under.
fn valid_messages() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        ("hello", "request", json!({"op": "hello", "protocol": 1})),
        (
            "load_context",
            "request",
            json!({"id": 1, "op": "load_context", "context": "main", "trust": trust(), "revoked": revoked()}),
        ),
        (
            "verify",
            "request",
            json!({"id": 2, "op": "verify", "context": "main", "now": "2026-06-01T00:00:00Z", "text": "UQ1:NCF"}),
        ),
        (
            "verify inline",
            "request",
            json!({"id": 2, "op": "verify", "trust": trust(), "revoked": revoked(), "now": "2026-06-01T00:00:00Z", "text": "UQ1:NCF"}),
        ),
        (
            "scan_verify",
            "request",
            json!({"id": 3, "op": "scan_verify", "context": "main", "now": "2026-06-01T00:00:00Z", "image": "iVBORw0KGgo="}),
        ),
        (
            "encode",
            "request",
            json!({"id": 4, "op": "encode", "payload": {"ver": "1.0.0"}, "claims": claims(), "key": {"format": "uniqr-private-key"}}),
        ),
        (
            "decode",
            "request",
            json!({"id": 5, "op": "decode", "text": "UQ1:NCF"}),
        ),
        (
            "render",
            "request",
            json!({"id": 6, "op": "render", "text": "UQ1:NCF"}),
        ),
        (
            "hello reply",
            "helloReply",
            json!({"op": "hello", "protocol": 1, "name": "acme", "version": "2.4.0", "ops": ["verify", "decode"], "profiles": ["verifier", "inspector"]}),
        ),
        (
            "verify reply",
            "verifyReply",
            json!({"id": 2, "ok": true, "payload": {"ver": "1.0.0"}, "claims": claims()}),
        ),
        (
            "rejection",
            "reply",
            json!({"id": 3, "ok": false, "error": "EXPIRED", "message": "now is at or after exp"}),
        ),
        (
            "unsupported",
            "reply",
            json!({"id": 4, "unsupported": true}),
        ),
        (
            "encode reply",
            "encodeReply",
            json!({"id": 4, "ok": true, "cose_hex": "d28443a10126a0"}),
        ),
        (
            "decode reply",
            "decodeReply",
            json!({"id": 5, "ok": true, "payload": {}, "claims": claims(), "header": {"alg": "ES256", "kid": "0011223344556677"}}),
        ),
        (
            "render reply",
            "renderReply",
            json!({"id": 6, "ok": true, "image": "iVBORw0KGgo="}),
        ),
        (
            "load_context refusal",
            "loadContextReply",
            json!({"id": 1, "ok": false, "error": "TRUST_LIST_INVALID", "message": "duplicate kid"}),
        ),
    ]
}

fn base(name: &str) -> (&'static str, Value) {
    valid_messages()
        .into_iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, def, v)| (def, v))
        .unwrap_or_else(|| panic!("no valid message {name}"))
}

/// `base` with the member at a JSON Pointer set, or removed (`None`).
fn edited(mut doc: Value, pointer: &str, to: Option<Value>) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer");
    let obj = doc
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent:?}"));
    match to {
        Some(v) => obj.insert(key.to_owned(), v),
        None => obj.remove(key),
    };
    doc
}

#[test]
fn valid_messages_and_unknown_members_are_accepted() {
    for (name, def, v) in valid_messages() {
        let schema = validator(def);
        assert_eq!(errors(&schema, &v), Vec::<String>::new(), "{name}");
        // R-H-3: members a later revision adds are ignored, not refused.
        let extended = edited(v, "/future_member", Some(json!({"any": [1, "thing"]})));
        assert_eq!(
            errors(&schema, &extended),
            Vec::<String>::new(),
            "{name} + unknown member"
        );
    }
}

/// One defect: a valid message of [`valid_messages`] with the member at a
/// JSON Pointer set to a value, or removed.
struct Defect {
    of: &'static str,
    pointer: &'static str,
    to: Option<Value>,
}

fn set(of: &'static str, pointer: &'static str, v: Value) -> Defect {
    Defect {
        of,
        pointer,
        to: Some(v),
    }
}

fn del(of: &'static str, pointer: &'static str) -> Defect {
    Defect {
        of,
        pointer,
        to: None,
    }
}

fn defective_replies() -> Vec<Defect> {
    vec![
        set("verify reply", "/ok", json!("yes")),
        del("verify reply", "/ok"),
        set("verify reply", "/id", json!("2")),
        set("verify reply", "/id", json!(-1)),
        del("rejection", "/error"),
        del("rejection", "/message"),
        del("rejection", "/id"),
        // R-H-7: registry codes only.
        set("rejection", "/error", json!("INTERNAL")),
        set("rejection", "/error", json!("expired")),
        del("unsupported", "/id"),
        set("unsupported", "/unsupported", json!(false)),
        set("hello reply", "/ops", json!(["verify", "sign"])),
        set("hello reply", "/ops", json!(["verify", "verify"])),
        set("hello reply", "/profiles", json!(["verifyer"])),
        del("hello reply", "/ops"),
        del("hello reply", "/name"),
        // The hello request has no id, so its reply has none to echo.
        set("hello reply", "/id", json!(1)),
        // Members an op requires of a success.
        del("verify reply", "/claims"),
        del("decode reply", "/header"),
        del("encode reply", "/cose_hex"),
        set(
            "verify reply",
            "/claims/cti",
            json!("00112233445566778899AABBCCDDEEFF"),
        ),
        set("verify reply", "/claims/iat", json!("1767225600")),
        set("decode reply", "/header/kid", json!("00112233445566")),
        set("decode reply", "/header/alg", json!("ES384")),
        set("encode reply", "/cose_hex", json!("D284")),
        set("encode reply", "/cose_hex", json!("d28")),
        set("encode reply", "/text", json!("HC1:NCF")),
        del("render reply", "/image"),
        set("render reply", "/image", json!("iVBORw0KGgo")),
        // R-H-6: loading fails only with the error of a list.
        set("load_context refusal", "/error", json!("EXPIRED")),
    ]
}

fn defective_requests() -> Vec<Defect> {
    vec![
        del("verify", "/id"),
        del("decode", "/id"),
        set("verify", "/id", json!(2.5)),
        // `now` in any form but YYYY-MM-DDThh:mm:ssZ, or not a real time.
        set("verify", "/now", json!("2026-06-01 00:00:00Z")),
        set("verify", "/now", json!("2026-06-01T00:00:00+00:00")),
        set("verify", "/now", json!("2026-06-01T00:00:00.5Z")),
        set("verify", "/now", json!("2026-06-01t00:00:00z")),
        set("verify", "/now", json!("2026-06-30T23:59:60Z")),
        set("verify", "/now", json!("2026-02-30T00:00:00Z")),
        set("verify", "/now", json!(1_780_272_000)),
        del("verify", "/now"),
        del("verify", "/text"),
        // A context by name or inline: exactly one of the two.
        del("verify", "/context"),
        set("verify inline", "/context", json!("main")),
        del("verify inline", "/trust"),
        set("verify inline", "/trust", json!("trust/main.json")),
        // Standard base64 with padding, nothing else.
        set("scan_verify", "/image", json!("iVBORw0KGgo-_A==")),
        set("scan_verify", "/image", json!("iVBORw0KGgo")),
        del("scan_verify", "/image"),
        del("encode", "/key"),
        del("encode", "/claims/cti"),
        set(
            "encode",
            "/claims/cti",
            json!("00112233445566778899aabbccddee"),
        ),
        del("load_context", "/context"),
        del("load_context", "/trust"),
        del("decode", "/text"),
        del("render", "/text"),
        set("hello", "/protocol", json!("1")),
        set("decode", "/op", json!("sign_with_hsm")),
        del("decode", "/op"),
    ]
}

#[test]
fn defective_replies_and_requests_are_rejected() {
    let defects: Vec<Defect> = defective_replies()
        .into_iter()
        .chain(defective_requests())
        .collect();
    let mut accepted = Vec::new();
    for d in defects {
        let (def, valid) = base(d.of);
        let schema = validator(def);
        // The base is valid, so the defect is what the schema refuses.
        assert!(schema.is_valid(&valid), "{} is invalid", d.of);
        let v = edited(valid, d.pointer, d.to);
        if schema.is_valid(&v) {
            accepted.push(format!("{} with {}: {v}", d.of, d.pointer));
        }
    }
    assert!(
        accepted.is_empty(),
        "the schema accepts:\n{}",
        accepted.join("\n")
    );
}

/// The backticked words of a Markdown table cell.
fn backticked(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

/// The rows of the first table after a heading, as cells.
fn table_rows<'a>(text: &'a str, heading: &str) -> Vec<Vec<&'a str>> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?}"));
    text[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| l.split('|').map(str::trim).collect())
        .collect()
}

/// Every property name the schema describes, at any depth.
fn property_names(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Object(props)) = m.get("properties") {
                out.extend(props.keys().cloned());
            }
            m.values().for_each(|x| property_names(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| property_names(x, out)),
        _ => {}
    }
}

fn enum_of(doc: &Value, pointer: &str) -> BTreeSet<String> {
    doc.pointer(pointer)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("no enum at {pointer}"))
        .iter()
        .map(|v| v.as_str().expect("string").to_owned())
        .collect()
}

#[test]
fn every_op_member_and_code_of_the_spec_request_table_is_in_the_schema() {
    let spec = read("spec/harness-protocol.md");
    let rows = table_rows(&spec, "## Requests");
    let table_ops: BTreeSet<String> = rows
        .iter()
        .map(|r| backticked(r[1]).first().expect("op cell").to_string())
        .collect();
    assert!(
        table_ops.contains("verify") && table_ops.len() >= 5,
        "{table_ops:?}"
    );

    let doc = schema_doc();
    let mut request_ops = enum_of(&doc, "/$defs/request/properties/op/enum");
    assert!(request_ops.remove("hello"), "hello is a request (R-H-4)");
    assert_eq!(request_ops, table_ops, "request ops against the spec table");
    let mut table_ops_in_hello = table_ops.clone();
    table_ops_in_hello.remove("load_context");
    assert_eq!(
        enum_of(&doc, "/$defs/op/enum"),
        table_ops_in_hello,
        "ops of the hello reply (R-H-4)"
    );

    let request = validator("request");
    let mut names = BTreeSet::new();
    property_names(&doc, &mut names);
    let codes = enum_of(&doc, "/$defs/errorCode/enum");
    for row in &rows {
        let op = backticked(row[1])[0];
        // Each op has members of its own, and a reply definition.
        assert!(
            !request.is_valid(&json!({"id": 1, "op": op})),
            "{op} without members"
        );
        assert!(
            doc["$defs"].get(reply_def(op)).is_some(),
            "{op}: no reply definition"
        );
        for word in backticked(row[2]).into_iter().chain(backticked(row[3])) {
            if word.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !table_ops.contains(word)
            {
                assert!(
                    names.contains(word),
                    "{op}: member {word} is not in the schema"
                );
            } else if word.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                assert!(
                    codes.contains(word),
                    "{op}: code {word} is not in the schema"
                );
            }
        }
    }
}

#[test]
fn the_error_codes_are_the_spec_registry_and_protocol() {
    let spec = read("spec/uniqr-v1.md");
    let from_spec: BTreeSet<String> = table_rows(&spec, "## Error registry")
        .iter()
        .map(|r| backticked(r[1])[0].to_owned())
        .collect();
    let from_code: BTreeSet<String> = uniqr::error::REGISTRY
        .iter()
        .map(|(c, _)| (*c).to_owned())
        .collect();
    assert_eq!(
        from_spec, from_code,
        "spec registry against uniqr::error::REGISTRY"
    );
    let mut schema = enum_of(&schema_doc(), "/$defs/errorCode/enum");
    assert!(
        schema.remove("PROTOCOL"),
        "PROTOCOL answers unreadable requests"
    );
    assert_eq!(schema, from_spec);
}

#[test]
fn the_profiles_and_their_ops_are_those_of_the_spec_profile_table() {
    let spec = read("spec/harness-protocol.md");
    let rows = table_rows(&spec, "## Profiles");
    let cell = |r: &Vec<&str>, i: usize| backticked(r[i])[0].to_owned();
    let profiles: BTreeSet<String> = rows.iter().map(|r| cell(r, 1)).collect();
    let ops: BTreeSet<String> = rows.iter().map(|r| cell(r, 2)).collect();
    assert_eq!(profiles.len(), rows.len(), "one row per profile");
    let doc = schema_doc();
    assert_eq!(enum_of(&doc, "/$defs/profile/enum"), profiles);
    assert_eq!(enum_of(&doc, "/$defs/op/enum"), ops, "one op per profile");
}
