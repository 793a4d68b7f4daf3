//! CWT claims cases.

use super::{Gen, claims_entries, raw_map};
use crate::forge;
use uniqr::cbor::{Value, encode};

pub(super) fn cases(g: &mut Gen) {
    let cat = "claims";
    let ci = "CLAIMS_INVALID";
    let pay = encode(&g.payload().to_cbor());
    let entries = |g: &Gen, id: &str| claims_entries(&g.claims(id), &pay);
    // Missing claims.
    for (idx, name) in [
        (0, "iss"),
        (1, "exp"),
        (2, "iat"),
        (3, "cti"),
        (4, "payload"),
    ] {
        let id = format!("claims-missing-{name}");
        let mut e = entries(g, &id);
        e.remove(idx);
        let text = g.signed_body(&raw_map(&e));
        g.invalid(
            cat,
            &id,
            &format!("claim {name} missing"),
            &["R-CWT-1"],
            text,
            ci,
        );
    }
    // Extra claims, inserted at their canonical place.
    for (key, val, id, title) in [
        (
            encode(&Value::Int(2)),
            encode(&Value::Text("subject")),
            "claims-extra-sub",
            "extra claim 2 (sub)",
        ),
        (
            encode(&Value::Int(5)),
            encode(&Value::Int(super::IAT)),
            "claims-extra-nbf",
            "extra claim 5 (nbf)",
        ),
        (
            encode(&Value::Int(-65538)),
            encode(&Value::Map(vec![])),
            "claims-extra-private",
            "extra private claim -65538",
        ),
        (
            encode(&Value::Text("iss")),
            encode(&Value::Text("VN-HN")),
            "claims-text-key",
            "claim with a text key \"iss\"",
        ),
    ] {
        let mut e = entries(g, id);
        e.push((key, val));
        e.sort();
        let text = g.signed_body(&raw_map(&e));
        g.invalid(cat, id, title, &["R-CWT-1"], text, ci);
    }
    let arr = {
        let mut v = vec![0x85];
        for (_, val) in entries(g, "claims-as-array") {
            v.extend(val);
        }
        v
    };
    g.invalid(
        cat,
        "claims-as-array",
        "claims as an array instead of a map",
        &["R-CWT-1"],
        g.signed_body(&arr),
        ci,
    );
    // Wrong types and formats.
    let typed = |g: &mut Gen, id: &str, title: &str, idx: usize, val: Vec<u8>| {
        let mut e = entries(g, id);
        e[idx].1 = val;
        let text = g.signed_body(&raw_map(&e));
        g.invalid(cat, id, title, &["R-CWT-2"], text, ci);
    };
    typed(
        g,
        "claims-iss-integer",
        "iss as an integer",
        0,
        encode(&Value::Int(704)),
    );
    typed(
        g,
        "claims-iss-lowercase",
        "iss in lower case (vn-hn)",
        0,
        encode(&Value::Text("vn-hn")),
    );
    typed(
        g,
        "claims-iss-alpha3",
        "iss as an alpha-3 code (VNM)",
        0,
        encode(&Value::Text("VNM")),
    );
    typed(
        g,
        "claims-iss-long-subdivision",
        "iss subdivision of 4 characters",
        0,
        encode(&Value::Text("VN-HANO")),
    );
    typed(
        g,
        "claims-iss-empty",
        "empty iss",
        0,
        encode(&Value::Text("")),
    );
    typed(
        g,
        "claims-exp-text",
        "exp as an RFC 3339 text",
        1,
        encode(&Value::Text("2027-01-01T00:00:00Z")),
    );
    typed(
        g,
        "claims-iat-negative",
        "iat before 1970",
        2,
        encode(&Value::Int(-1)),
    );
    typed(
        g,
        "claims-exp-year-10000",
        "exp at 10000-01-01, past the last allowed time",
        1,
        encode(&Value::Int(uniqr::claims::MAX_TIME)),
    );
    // The other side of that boundary: the last allowed time, in the
    // 8-byte integer form (R-CBOR-3: shortest for a value above 2^32).
    let last = uniqr::claims::Claims {
        exp: uniqr::claims::MAX_TIME - 1,
        ..g.claims("claims-exp-year-9999-valid")
    };
    let payload = g.payload();
    let text = forge::text_from_cose(&forge::cose(&g.k.es, &last, &payload));
    g.valid(
        "claims",
        "claims-exp-year-9999-valid",
        "exp at 9999-12-31T23:59:59Z, the last allowed time",
        &["R-CWT-2", "R-CBOR-2"],
        text,
        &payload,
        &last,
    );
    typed(
        g,
        "claims-iat-bytes",
        "iat as a byte string",
        2,
        encode(&Value::Bytes(&[0x69, 0x55])),
    );
    typed(
        g,
        "claims-cti-15-bytes",
        "cti of 15 bytes",
        3,
        encode(&Value::Bytes(&[7; 15])),
    );
    typed(
        g,
        "claims-cti-17-bytes",
        "cti of 17 bytes",
        3,
        encode(&Value::Bytes(&[7; 17])),
    );
    typed(
        g,
        "claims-cti-text",
        "cti as a text string",
        3,
        encode(&Value::Text("0123456789abcdef")),
    );
    typed(
        g,
        "claims-payload-array",
        "payload claim as an array",
        4,
        encode(&Value::Array(vec![])),
    );
    typed(
        g,
        "claims-payload-bytes",
        "payload claim as a byte string holding the map",
        4,
        forge::bstr(&pay),
    );
    // exp <= iat.
    let mut c = g.claims("claims-exp-equals-iat");
    c.exp = c.iat;
    g.invalid(
        cat,
        "claims-exp-equals-iat",
        "exp equal to iat",
        &["R-CWT-3"],
        g.signed_body(&forge::claims_bytes_with(&c, g.payload().to_cbor())),
        ci,
    );
    let mut c = g.claims("claims-exp-before-iat");
    c.exp = c.iat - 86_400;
    g.invalid(
        cat,
        "claims-exp-before-iat",
        "exp one day before iat",
        &["R-CWT-3"],
        g.signed_body(&forge::claims_bytes_with(&c, g.payload().to_cbor())),
        ci,
    );
    // Issuer mismatch.
    let cat = "claims-issuer";
    for (iss, id, title) in [
        (
            "VN-SG",
            "issuer-other-province",
            "iss VN-SG signed with a VN-HN key",
        ),
        (
            "VN",
            "issuer-country-for-province-key",
            "iss VN signed with a VN-HN key",
        ),
        (
            "KZ",
            "issuer-other-country",
            "iss KZ signed with a VN-HN key",
        ),
    ] {
        let mut c = g.claims(id);
        c.iss = iss.into();
        let text = g.signed_body(&forge::claims_bytes_with(&c, g.payload().to_cbor()));
        g.invalid(cat, id, title, &["R-TRUST-3"], text, "ISSUER_MISMATCH");
    }
    let mut c = g.claims("issuer-province-for-other-key");
    c.iss = "VN-HN".into();
    let p = g.payload();
    let text = forge::text_from_cose(&forge::cose(&g.k.es_sg, &c, &p));
    g.invalid(
        cat,
        "issuer-province-for-other-key",
        "iss VN-HN signed with the VN-SG key",
        &["R-TRUST-3"],
        text,
        "ISSUER_MISMATCH",
    );
    let mut c = g.claims("issuer-matching-sg");
    c.iss = "VN-SG".into();
    let text = forge::text_from_cose(&forge::cose(&g.k.es_sg, &c, &p));
    g.valid(
        cat,
        "issuer-matching-sg",
        "iss VN-SG signed with the VN-SG key is valid",
        &["R-TRUST-3"],
        text,
        &p,
        &c,
    );
}
