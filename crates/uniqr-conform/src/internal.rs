//! Internals for in-tree tools (the `harness_message` fuzz target and the
//! corpus replay test). Not a stable API.

/// The `harness_message` fuzz target.
pub mod fuzzing {
    use uniqr::error::REGISTRY;
    use uniqr::internal::fuzzing::contained;

    use crate::harness::protocol::parse_reply;
    use crate::harness::shim;

    /// `harness_message`: arbitrary lines through the runner's reply parser and
    /// the reference shim ([`shim::serve`]). Every non-blank line gets exactly
    /// one reply line; every reply parses, and carries a registry code or
    /// `PROTOCOL`; a parsed reply re-serializes to an equal reply.
    pub fn harness_message(data: &[u8]) {
        let input = String::from_utf8_lossy(data);
        for line in input.split('\n') {
            if let Ok(reply) = parse_reply(line) {
                let again = serde_json::to_string(&reply).map(|s| parse_reply(&s));
                assert_eq!(again.ok(), Some(Ok(reply)), "reply does not round-trip");
            }
        }
        let mut out = Vec::new();
        let served = contained(|| shim::serve(&mut input.as_bytes(), &mut out));
        assert!(served.is_ok(), "serve failed: {served:?}");
        let out = String::from_utf8(out).unwrap_or_default();
        let requests = input.split('\n').filter(|l| !l.trim().is_empty()).count();
        assert_eq!(out.lines().count(), requests, "one reply per request line");
        for line in out.lines() {
            let reply = parse_reply(line);
            assert!(reply.is_ok(), "unparsable reply {line}");
            if let Some(code) = reply.ok().and_then(|r| r.response.error) {
                assert!(
                    code == "PROTOCOL" || REGISTRY.iter().any(|(c, _)| *c == code),
                    "{code} is not a registry code"
                );
            }
        }
    }
}
