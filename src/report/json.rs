//! The JSON writer: the report as it is, pretty-printed, keys in declaration order.

use super::Report;

/// The report as pretty JSON with a final newline; control and bidi characters that JSON
/// writers leave raw are `\uXXXX` escapes ([`super::printable::json_safe`]).
pub fn to_json(report: &Report) -> String {
    // Serialising plain structs of strings and numbers cannot fail; NaN never reaches here
    // because every score is finite by construction.
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    super::printable::json_safe(s)
}
