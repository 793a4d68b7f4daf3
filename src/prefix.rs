//! The `UQ1:` prefix layer (R-PFX-*).

use crate::error::{Error, PrefixError};

/// The exact, case-sensitive prefix of a UNIQR v1 text (R-PFX-1).
pub const PREFIX: &str = "UQ1:";

/// Strips the `UQ1:` prefix, returning the Base45 body.
///
/// Nothing is trimmed or unescaped first (R-PFX-3): whitespace, a BOM or
/// `%`-escapes in front of the prefix are errors.
///
/// ```
/// use uniqr::prefix::strip;
///
/// assert_eq!(strip("UQ1:6BFOXN"), Ok("6BFOXN"));
/// assert_eq!(strip("UQ2:6BFOXN").unwrap_err().code(), "VERSION_UNSUPPORTED");
/// assert_eq!(strip(" UQ1:6BFOXN").unwrap_err().code(), "PREFIX_INVALID");
/// ```
///
/// # Errors
/// `VERSION_UNSUPPORTED` for `UQ<digit or ASCII letter>:` other than `UQ1:`
/// (R-PFX-2); `PREFIX_INVALID` for anything else (R-PFX-1).
pub fn strip(text: &str) -> Result<&str, Error> {
    if let Some(body) = text.strip_prefix(PREFIX) {
        return Ok(body);
    }
    match text.as_bytes() {
        [b'U', b'Q', v, b':', ..] if v.is_ascii_alphanumeric() => {
            Err(Error::Prefix(PrefixError::VersionUnsupported))
        }
        _ => Err(Error::Prefix(PrefixError::Missing)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(t: &str) -> &'static str {
        strip(t).map(|_| "OK").unwrap_or_else(|e| e.code())
    }

    #[test]
    fn accepts_exact_prefix() {
        assert_eq!(strip("UQ1:ABC"), Ok("ABC"));
    }

    #[test]
    fn rejects_other_versions_as_unsupported() {
        for t in ["UQ2:ABC", "UQ0:", "UQA:X", "UQz:X"] {
            assert_eq!(code(t), "VERSION_UNSUPPORTED", "{t}");
        }
    }

    #[test]
    fn rejects_lowercase_whitespace_bom_and_escapes() {
        for t in [
            "uq1:ABC",
            "Uq1:ABC",
            " UQ1:ABC",
            "\u{feff}UQ1:ABC",
            "UQ1%3AABC",
            "HC1:ABC",
            "",
            "UQ1",
            "UQ12:A",
            "UQ-:A",
        ] {
            assert_eq!(code(t), "PREFIX_INVALID", "{t:?}");
        }
    }
}
