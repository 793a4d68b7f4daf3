//! CBOR cases: malformed, outside the profile, and non-canonical, at the
//! outer message, the protected header, the claims and the payload.

use serde_json::json;

use super::{Gen, claims_entries, json_cbor, raw_map};
use crate::forge;
use uniqr::cbor::{Value, encode};

/// Claims bytes with the standard claims of `id` and raw payload bytes.
pub(super) fn body_with_payload(g: &Gen, id: &str, payload: &[u8]) -> Vec<u8> {
    raw_map(&claims_entries(&g.claims(id), payload))
}

/// The sample payload as JSON, for mutation.
pub(super) fn payload_json(g: &Gen) -> serde_json::Value {
    serde_json::to_value(g.payload()).unwrap_or_default()
}

/// A signed code whose payload claim is `payload` encoded by [`json_cbor`].
pub(super) fn with_payload_json(g: &Gen, id: &str, payload: &serde_json::Value) -> String {
    g.signed_body(&body_with_payload(g, id, &json_cbor(payload)))
}

/// A code with custom protected-header bytes, validly signed.
fn with_protected(g: &Gen, id: &str, protected: &[u8]) -> String {
    let body = forge::claims_bytes(&g.claims(id), &g.payload());
    forge::text_from_cose(&forge::signed(&g.k.es, protected, &body))
}

/// The standard claims entries of `id` with the sample payload.
fn entries(g: &Gen, id: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    claims_entries(&g.claims(id), &encode(&g.payload().to_cbor()))
}

/// The raw parts of the standard message: protected, body, signature.
fn parts(g: &Gen, id: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let p = forge::protected(&g.k.es);
    let body = forge::claims_bytes(&g.claims(id), &g.payload());
    let sig = forge::signature(&g.k.es, &p, &body).to_vec();
    (p, body, sig)
}

pub(super) fn cases(g: &mut Gen) {
    malformed(g);
    profile(g);
    noncanonical(g);
}

fn malformed(g: &mut Gen) {
    let cat = "cbor-malformed";
    let r = &["R-CBOR-1"];
    let cose = g.cose("cbor-m");
    let t = |b: &[u8]| forge::text_from_cose(b);
    g.invalid(
        cat,
        "cbor-truncated-message",
        "COSE message missing its last byte",
        r,
        t(&cose[..cose.len() - 1]),
        "CBOR_INVALID",
    );
    let mut trailing = cose.clone();
    trailing.push(0x00);
    g.invalid(
        cat,
        "cbor-trailing-byte",
        "a zero byte after the COSE message",
        r,
        t(&trailing),
        "CBOR_INVALID",
    );
    g.invalid(
        cat,
        "cbor-lone-break",
        "the message is a lone break code 0xff",
        r,
        t(&[0xff]),
        "CBOR_INVALID",
    );
    g.invalid(
        cat,
        "cbor-empty-message",
        "the inflated message is empty",
        r,
        t(&[]),
        "CBOR_INVALID",
    );
    let mut reserved = cose.clone();
    reserved[0] = 0xdc; // major 6 with reserved additional information 28
    g.invalid(
        cat,
        "cbor-reserved-additional-info",
        "reserved additional information 28 in the first byte",
        r,
        t(&reserved),
        "CBOR_INVALID",
    );
    let (p, body, sig) = parts(g, "cbor-m-5");
    let mut five = forge::sign1(&p, &[0xa0], &body, &sig);
    five[1] = 0x85; // declares 5 elements, has 4
    g.invalid(
        cat,
        "cbor-array-count-too-large",
        "array declares 5 elements but holds 4",
        r,
        t(&five),
        "CBOR_INVALID",
    );
    let bad_protected = [0xa2, 0x01, 0x26];
    g.invalid(
        cat,
        "cbor-protected-truncated",
        "protected header map declares 2 entries, holds 1",
        r,
        with_protected(g, "cbor-m-p", &bad_protected),
        "CBOR_INVALID",
    );
    let body = forge::claims_bytes(&g.claims("cbor-claims-truncated"), &g.payload());
    g.invalid(
        cat,
        "cbor-claims-truncated",
        "signed claims missing their last byte",
        r,
        g.signed_body(&body[..body.len() - 1]),
        "CBOR_INVALID",
    );
    let mut body = forge::claims_bytes(&g.claims("cbor-claims-trailing"), &g.payload());
    body.push(0x00);
    g.invalid(
        cat,
        "cbor-claims-trailing-byte",
        "signed claims followed by a zero byte",
        r,
        g.signed_body(&body),
        "CBOR_INVALID",
    );
    let mut e = entries(g, "cbor-claims-bad-utf8");
    e[0].1 = vec![0x65, b'V', b'N', 0xff, b'H', b'N'];
    g.invalid(
        cat,
        "cbor-claims-invalid-utf8",
        "iss text with an invalid UTF-8 byte",
        r,
        g.signed_body(&raw_map(&e)),
        "CBOR_INVALID",
    );
    // Reserved information 28 on a text head, laid out as an indefinite
    // text would be: malformed, not merely non-canonical (R-CBOR-1 before
    // R-CBOR-3 in the ranking of R-CBOR-5).
    let mut e = entries(g, "cbor-claims-reserved-text-head");
    e[0].1 = vec![0x7c, 0x65, b'V', b'N', b'-', b'H', b'N', 0xff];
    g.invalid(
        cat,
        "cbor-reserved-info-text-head",
        "iss with the text head 0x7c (reserved information 28) before one chunk and a break",
        &["R-CBOR-1", "R-CBOR-5"],
        g.signed_body(&raw_map(&e)),
        "CBOR_INVALID",
    );
    cbor_edges(g);
    let mut e = entries(g, "cbor-claims-bad-chunk");
    e[3].1 = vec![0x5f, 0x61, b'a', 0xff];
    g.invalid(
        cat,
        "cbor-indefinite-bad-chunk",
        "indefinite byte string with a text chunk",
        r,
        g.signed_body(&raw_map(&e)),
        "CBOR_INVALID",
    );
    let mut e = entries(g, "cbor-odd-map");
    e.pop();
    let mut odd = raw_map(&e);
    odd[0] = 0xa5; // declares 5 entries, holds 4
    g.invalid(
        cat,
        "cbor-claims-map-short",
        "claims map declares 5 entries, holds 4",
        r,
        g.signed_body(&odd),
        "CBOR_INVALID",
    );
}

fn profile(g: &mut Gen) {
    let cat = "cbor-profile";
    let r = &["R-CBOR-2"];
    let int = |i: i64| encode(&Value::Int(i));
    // Claims-level (after a valid signature).
    let claim = |g: &mut Gen, id: &str, title: &str, idx: usize, value: Vec<u8>| {
        let mut e = entries(g, id);
        e[idx].1 = value;
        let text = g.signed_body(&raw_map(&e));
        g.invalid(cat, id, title, r, text, "CBOR_INVALID");
    };
    let mut double = vec![0xfb];
    double.extend_from_slice(&(super::IAT as f64).to_be_bytes());
    claim(
        g,
        "cbor-float-iat",
        "iat as a 64-bit float (float time)",
        2,
        double,
    );
    let mut single = vec![0xfa];
    single.extend_from_slice(&(super::IAT as f32).to_be_bytes());
    claim(g, "cbor-float32-iat", "iat as a 32-bit float", 2, single);
    claim(
        g,
        "cbor-half-float-exp",
        "exp as a half-precision float",
        1,
        vec![0xf9, 0x7c, 0x00],
    );
    let mut tagged = vec![0xc1];
    tagged.extend(int(super::IAT));
    claim(
        g,
        "cbor-tag1-iat",
        "iat wrapped in tag 1 (epoch time)",
        2,
        tagged,
    );
    let mut big = vec![0xc2, 0x48];
    big.extend_from_slice(&(super::EXP as u64).to_be_bytes());
    claim(g, "cbor-bignum-exp", "exp as a bignum (tag 2)", 1, big);
    claim(
        g,
        "cbor-uint64-exp",
        "exp beyond the signed 64-bit range",
        1,
        vec![0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    );
    claim(
        g,
        "cbor-undefined-payload",
        "payload claim is undefined (0xf7)",
        4,
        vec![0xf7],
    );
    claim(g, "cbor-simple-16", "cti is simple value 16", 3, vec![0xf0]);
    let mut embedded = vec![0xd8, 0x18];
    embedded.extend(forge::bstr(&encode(&g.payload().to_cbor())));
    claim(
        g,
        "cbor-tag24-payload",
        "payload wrapped as embedded CBOR (tag 24)",
        4,
        embedded,
    );

    // Payload-level.
    let mut pj = payload_json(g);
    pj["nam"]["gn"] = json!(null);
    g.invalid(
        cat,
        "cbor-null-in-payload",
        "a name set to null",
        r,
        with_payload_json(g, "cbor-null", &pj),
        "CBOR_INVALID",
    );
    let mut pj = payload_json(g);
    pj["v"][0]["dn"] = json!(true);
    g.invalid(
        cat,
        "cbor-true-in-payload",
        "dose number true",
        r,
        with_payload_json(g, "cbor-true", &pj),
        "CBOR_INVALID",
    );
    let mut pj = payload_json(g);
    pj["v"][0]["dn"] = json!(1.0);
    g.invalid(
        cat,
        "cbor-float-dose",
        "dose number 1.0 as a float",
        r,
        with_payload_json(g, "cbor-float-dn", &pj),
        "CBOR_INVALID",
    );
    let mut pm = encode(&g.payload().to_cbor());
    // Replace the map head (a5 → a6) and append a bstr key: h'01': 0.
    pm[0] += 1;
    pm.extend_from_slice(&[0x41, 0x01, 0x00]);
    let text = g.signed_body(&body_with_payload(g, "cbor-bstr-key", &pm));
    g.invalid(
        cat,
        "cbor-bstr-map-key",
        "a payload map key that is a byte string",
        r,
        text,
        "CBOR_INVALID",
    );
    let mut dob = vec![0xc0];
    dob.extend(encode(&Value::Text("1990-05-17")));
    let mut pj = payload_json(g);
    pj["dob"] = json!("@@DOB@@");
    let raw = json_cbor(&pj);
    let marker = encode(&Value::Text("@@DOB@@"));
    let raw = replace(&raw, &marker, &dob);
    let text = g.signed_body(&body_with_payload(g, "cbor-tag0", &raw));
    g.invalid(
        cat,
        "cbor-tag0-date",
        "dob wrapped in tag 0 (date/time string)",
        r,
        text,
        "CBOR_INVALID",
    );

    // Header-level (before the signature).
    let mut p = vec![0xa2, 0x01, 0xfb];
    p.extend_from_slice(&(-7.0f64).to_be_bytes());
    p.extend(encode(&Value::Int(4)));
    p.extend(encode(&Value::Bytes(&g.k.es.kid())));
    g.invalid(
        cat,
        "cbor-float-alg",
        "alg -7.0 as a float in the protected header",
        r,
        with_protected(g, "cbor-float-alg", &p),
        "CBOR_INVALID",
    );
}

/// Replaces the first occurrence of `from` in `hay`.
pub(super) fn replace(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    match hay.windows(from.len()).position(|w| w == from) {
        Some(i) => [&hay[..i], to, &hay[i + from.len()..]].concat(),
        None => hay.to_vec(),
    }
}

fn noncanonical(g: &mut Gen) {
    let cat = "cbor-noncanonical";
    let nc = "CBOR_NONCANONICAL";
    // Claims.
    let mut e = entries(g, "cbor-claims-int-order");
    e.rotate_right(1); // -65537 first: sorted by integer value, not bytes
    g.invalid(
        cat,
        "cbor-claims-sorted-by-value",
        "claims keys sorted by integer value (-65537 first)",
        &["R-CBOR-4"],
        g.signed_body(&raw_map(&e)),
        nc,
    );
    let mut e = entries(g, "cbor-claims-swap");
    e.swap(1, 2);
    g.invalid(
        cat,
        "cbor-claims-unsorted",
        "iat before exp in the claims map",
        &["R-CBOR-4"],
        g.signed_body(&raw_map(&e)),
        nc,
    );
    let mut e = entries(g, "cbor-claims-dup");
    let iss = e[0].clone();
    e.insert(1, iss);
    g.invalid(
        cat,
        "cbor-claims-duplicate-key",
        "iss twice in the claims map",
        &["R-CBOR-4"],
        g.signed_body(&raw_map(&e)),
        nc,
    );
    let mut e = entries(g, "cbor-iat-8-bytes");
    let mut v = vec![0x1b];
    v.extend_from_slice(&(super::IAT as u64).to_be_bytes());
    e[2].1 = v;
    g.invalid(
        cat,
        "cbor-iat-non-preferred",
        "iat in 8 bytes where 4 suffice",
        &["R-CBOR-3"],
        g.signed_body(&raw_map(&e)),
        nc,
    );
    let mut e = entries(g, "cbor-iss-long-length");
    let iss = e[0].1.clone();
    let mut v = vec![0x78, (iss.len() - 1) as u8];
    v.extend_from_slice(&iss[1..]);
    e[0].1 = v;
    g.invalid(
        cat,
        "cbor-text-length-non-preferred",
        "iss length in a 1-byte argument where it fits the head",
        &["R-CBOR-3"],
        g.signed_body(&raw_map(&e)),
        nc,
    );
    // Payload.
    let pm = encode(&g.payload().to_cbor());
    let mut indef = vec![0xbf];
    indef.extend_from_slice(&pm[1..]);
    indef.push(0xff);
    g.invalid(
        cat,
        "cbor-indefinite-payload-map",
        "payload as an indefinite-length map",
        &["R-CBOR-3"],
        g.signed_body(&body_with_payload(g, "cbor-indef-map", &indef)),
        nc,
    );
    let mut pj = payload_json(g);
    pj["nam"]["fn"] = json!("@@FN@@");
    let raw = json_cbor(&pj);
    let mut chunked = vec![0x7f];
    for part in ["Nguy", "ễn"] {
        uniqr::cbor::write_head(3, part.len() as u64, &mut chunked);
        chunked.extend_from_slice(part.as_bytes());
    }
    chunked.push(0xff);
    let raw = replace(&raw, &encode(&Value::Text("@@FN@@")), &chunked);
    g.invalid(
        cat,
        "cbor-indefinite-text",
        "family name as an indefinite-length text string",
        &["R-CBOR-3"],
        g.signed_body(&body_with_payload(g, "cbor-indef-text", &raw)),
        nc,
    );
    let mut pj = payload_json(g);
    pj["v"][0]["dn"] = json!(424242);
    let raw = json_cbor(&pj);
    let raw = replace(&raw, &encode(&Value::Int(424242)), &[0x18, 0x01]);
    g.invalid(
        cat,
        "cbor-small-int-non-preferred",
        "dose number 1 as 0x18 0x01",
        &["R-CBOR-3"],
        g.signed_body(&body_with_payload(g, "cbor-dn-np", &raw)),
        nc,
    );
    // Payload keys sorted as strings ("dob" < "nam" < "pid" < "v" < "ver").
    let p = g.payload();
    let Value::Map(mut m) = p.to_cbor() else {
        return;
    };
    m.sort_by(|a, b| match (&a.0, &b.0) {
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    });
    let pe: Vec<(Vec<u8>, Vec<u8>)> = m.iter().map(|(k, v)| (encode(k), encode(v))).collect();
    g.invalid(
        cat,
        "cbor-payload-keys-sorted-as-strings",
        "payload keys sorted as strings instead of by encoded bytes",
        &["R-CBOR-4"],
        g.signed_body(&body_with_payload(g, "cbor-str-sort", &raw_map(&pe))),
        nc,
    );
    // One defect only: keys in canonical order, one of them twice in a row.
    let mut dup = pe.clone();
    dup.sort_by(|a, b| a.0.cmp(&b.0));
    dup.insert(2, dup[2].clone());
    g.invalid(
        cat,
        "cbor-payload-duplicate-key",
        "a payload key twice",
        &["R-CBOR-4"],
        g.signed_body(&body_with_payload(g, "cbor-pay-dup", &raw_map(&dup))),
        nc,
    );
    let mut pj = payload_json(g);
    pj["nam"]["fn"] = json!("Nguye\u{302}\u{303}n"); // NFD of "Nguyễn"
    g.invalid(
        cat,
        "cbor-text-not-nfc-vietnamese",
        "Vietnamese family name in NFD, not NFC",
        &["R-CBOR-3"],
        with_payload_json(g, "cbor-nfd-vi", &pj),
        nc,
    );
    let mut pj = payload_json(g);
    pj["nam"]["gn"] = json!("Андре\u{438}\u{306}"); // "й" decomposed
    g.invalid(
        cat,
        "cbor-text-not-nfc-cyrillic",
        "Cyrillic given name with a decomposed й",
        &["R-CBOR-3"],
        with_payload_json(g, "cbor-nfd-ru", &pj),
        nc,
    );
    // Protected header (before the signature).
    let kid = g.k.es.kid();
    let mut p = vec![0xa2, 0x01, 0x38, 0x06];
    p.extend(encode(&Value::Int(4)));
    p.extend(encode(&Value::Bytes(&kid)));
    g.invalid(
        cat,
        "cbor-protected-alg-non-preferred",
        "alg -7 as 0x38 0x06 in the protected header",
        &["R-CBOR-3"],
        with_protected(g, "cbor-p-np", &p),
        nc,
    );
    let mut p = vec![0xa2];
    p.extend(encode(&Value::Int(4)));
    p.extend(encode(&Value::Bytes(&kid)));
    p.extend([0x01, 0x26]);
    g.invalid(
        cat,
        "cbor-protected-unsorted",
        "protected header as {4: kid, 1: alg}",
        &["R-CBOR-4"],
        with_protected(g, "cbor-p-unsorted", &p),
        nc,
    );
    // The outer message.
    let cose = g.cose("cbor-outer");
    let mut tag = vec![0xd8, 0x12];
    tag.extend_from_slice(&cose[1..]);
    g.invalid(
        cat,
        "cbor-tag18-non-preferred",
        "tag 18 encoded as 0xd8 0x12",
        &["R-CBOR-3"],
        forge::text_from_cose(&tag),
        nc,
    );
    let mut arr = vec![0xd2, 0x98, 0x04];
    arr.extend_from_slice(&cose[2..]);
    g.invalid(
        cat,
        "cbor-array-head-non-preferred",
        "COSE array length as 0x98 0x04",
        &["R-CBOR-3"],
        forge::text_from_cose(&arr),
        nc,
    );
    let (p, body, sig) = parts(g, "cbor-sig-len");
    let long_sig = [&[0x59, 0x00, 0x40][..], &sig].concat();
    let m = forge::assemble(
        &[0xd2],
        &[&forge::bstr(&p), &[0xa0], &forge::bstr(&body), &long_sig],
    );
    g.invalid(
        cat,
        "cbor-signature-length-non-preferred",
        "signature length 64 in a 2-byte argument",
        &["R-CBOR-3"],
        forge::text_from_cose(&m),
        nc,
    );
    let (p, body, sig) = parts(g, "cbor-unprot");
    let m = forge::assemble(
        &[0xd2],
        &[
            &forge::bstr(&p),
            &[0xb8, 0x00],
            &forge::bstr(&body),
            &forge::bstr(&sig),
        ],
    );
    g.invalid(
        cat,
        "cbor-empty-map-non-preferred",
        "empty unprotected map as 0xb8 0x00",
        &["R-CBOR-3"],
        forge::text_from_cose(&m),
        nc,
    );
    let mut indef = vec![0xd2, 0x9f];
    indef.extend_from_slice(&cose[2..]);
    indef.push(0xff);
    g.invalid(
        cat,
        "cbor-indefinite-cose-array",
        "COSE array as an indefinite-length array",
        &["R-CBOR-3"],
        forge::text_from_cose(&indef),
        nc,
    );
}

/// Edges of the CBOR layer inside the claims, each where a looser reader
/// gives another code: breaks and chunks of indefinite items (R-CBOR-1),
/// the string and count limits counted over indefinite items (R-LIM-4,
/// R-LIM-5), and the top of the integer range (R-CBOR-2).
fn cbor_edges(g: &mut Gen) {
    let one = |g: &Gen, id: &str, at: usize, value: Vec<u8>| {
        let mut e = entries(g, id);
        e[at].1 = value;
        g.signed_body(&raw_map(&e))
    };
    // The claims in canonical order: iss, exp, iat, cti, payload.
    let (iss, exp, cti, payload) = (0, 1, 3, 4);
    let chunks = |major: u8, total: usize| {
        let mut v = vec![0x1f | major << 5];
        let mut left = total;
        while left > 0 {
            let n = left.min(200);
            v.extend_from_slice(&[major << 5 | 24, n as u8]);
            v.extend(std::iter::repeat_n(b'A', n));
            left -= n;
        }
        v.push(0xff);
        v
    };
    let indefinite_array = |n: usize| {
        let mut v = vec![0x9f];
        v.extend(std::iter::repeat_n(0x00, n));
        v.push(0xff);
        v
    };
    let indefinite_map = |n: u8| {
        let mut v = vec![0xbf];
        for k in 0..n {
            // Keys 0 to n − 1 in their shortest form: one defect only.
            if k < 24 {
                v.extend_from_slice(&[k, 0x00]);
            } else {
                v.extend_from_slice(&[0x18, k, 0x00]);
            }
        }
        v.push(0xff);
        v
    };
    let mut i64_max = vec![0x1b, 0x7f];
    i64_max.extend([0xff; 7]);
    // (category, id, title, requirements, claim index, value, code).
    type Edge<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a [&'a str],
        usize,
        Vec<u8>,
        &'a str,
    );
    let cases: [Edge<'_>; 10] = [
        (
            "cbor-malformed",
            "cbor-indefinite-map-break-after-key",
            "an indefinite map closed by a break right after a key",
            &["R-CBOR-1", "R-CBOR-5"],
            payload,
            vec![0xbf, 0x63, b'v', b'e', b'r', 0xff],
            "CBOR_INVALID",
        ),
        (
            "cbor-malformed",
            "cbor-indefinite-bytes-null-chunk",
            "an indefinite byte string whose chunk is null (0xf6), not a byte string or a break",
            &["R-CBOR-1", "R-CBOR-5"],
            payload,
            vec![0x5f, 0xf6],
            "CBOR_INVALID",
        ),
        (
            "cbor-noncanonical",
            "cbor-indefinite-bytes-600",
            "cti as an indefinite byte string of 600 bytes: only text strings have the 512-byte limit",
            &["R-CBOR-3", "R-LIM-4"],
            cti,
            chunks(2, 600),
            "CBOR_NONCANONICAL",
        ),
        (
            "cbor-noncanonical",
            "cbor-indefinite-text-512",
            "iss as an indefinite text of 512 bytes in chunks: at the limit, only non-canonical",
            &["R-CBOR-3", "R-LIM-4"],
            iss,
            chunks(3, 512),
            "CBOR_NONCANONICAL",
        ),
        (
            "limits",
            "cbor-indefinite-text-513",
            "iss as an indefinite text of 513 bytes in chunks: the limit counts the chunks together",
            &["R-LIM-4", "R-CBOR-5"],
            iss,
            chunks(3, 513),
            "TOO_LARGE",
        ),
        (
            "cbor-noncanonical",
            "cbor-indefinite-array-32",
            "payload an indefinite array of 32 items: at the limit, only non-canonical",
            &["R-CBOR-3", "R-LIM-5"],
            payload,
            indefinite_array(32),
            "CBOR_NONCANONICAL",
        ),
        (
            "limits",
            "cbor-indefinite-array-33",
            "payload an indefinite array of 33 items: over the limit",
            &["R-LIM-5", "R-CBOR-5"],
            payload,
            indefinite_array(33),
            "TOO_LARGE",
        ),
        (
            "cbor-noncanonical",
            "cbor-indefinite-map-32",
            "payload an indefinite map of 32 entries: at the limit, only non-canonical",
            &["R-CBOR-3", "R-LIM-5"],
            payload,
            indefinite_map(32),
            "CBOR_NONCANONICAL",
        ),
        (
            "limits",
            "cbor-indefinite-map-33",
            "payload an indefinite map of 33 entries: over the limit",
            &["R-LIM-5", "R-CBOR-5"],
            payload,
            indefinite_map(33),
            "TOO_LARGE",
        ),
        (
            "cbor-profile",
            "cbor-exp-i64-max",
            "exp 2^63 − 1, the largest integer of the profile: past 9999 (R-CWT-2), not a CBOR error",
            &["R-CBOR-2", "R-CWT-2"],
            exp,
            i64_max,
            "CLAIMS_INVALID",
        ),
    ];
    for (cat, id, title, reqs, at, value, code) in cases {
        let text = one(g, id, at, value);
        g.invalid(cat, id, title, reqs, text, code);
    }
    // R-CBOR-5 ranks a malformation or profile violation above a later
    // non-canonical argument: two defects by design, so `check-order`.
    let mut long_iat = vec![0x1b];
    long_iat.extend_from_slice(&super::IAT.to_be_bytes());
    let ranked = |g: &Gen, id: &str, exp_value: Vec<u8>, tag: bool| {
        let mut e = entries(g, id);
        e[exp].1 = exp_value;
        e[2].1 = long_iat.clone();
        let mut body = if tag { vec![0xc1] } else { Vec::new() };
        body.extend_from_slice(&raw_map(&e));
        g.signed_body(&body)
    };
    for (id, title, exp_value, tag) in [
        (
            "order-cbor-indefinite-int-before-long-argument",
            "exp with the head 0x1f (an integer of indefinite length), then iat in 8 bytes: CBOR_INVALID first",
            vec![0x1f],
            false,
        ),
        (
            "order-cbor-reserved-info-before-long-argument",
            "exp with the head 0x1c (reserved information 28), then iat in 8 bytes: CBOR_INVALID first",
            vec![0x1c],
            false,
        ),
        (
            "order-cbor-simple-before-long-argument",
            "exp the simple value 0 (0xe0), then iat in 8 bytes: CBOR_INVALID first",
            vec![0xe0],
            false,
        ),
        (
            "order-cbor-tag-before-long-argument",
            "the claims tagged 1, with iat in 8 bytes inside: CBOR_INVALID first",
            super::EXP.to_be_bytes().to_vec(),
            true,
        ),
    ] {
        let exp_value = if tag {
            let mut v = vec![0x1a];
            v.extend_from_slice(&exp_value[4..]);
            v
        } else {
            exp_value
        };
        let text = ranked(g, id, exp_value, tag);
        g.invalid(
            "check-order",
            id,
            title,
            &["R-CBOR-5", "R-ORD-1"],
            text,
            "CBOR_INVALID",
        );
    }
}
