//! Text that is safe to show: on a terminal, in a report, in an SVG.
//!
//! File names, ids, titles and CSV headers come from the input and may hold control
//! characters — an escape sequence that retitles or clears a terminal (`ESC ] 0 ; … BEL`,
//! `ESC [ 2 J`), a NUL that makes an SVG invalid XML, a newline that splits a one-line error —
//! or the Unicode bidirectional overrides that make a name read backwards (`U+202E`). Document
//! text and titles are cleaned when they are read ([`crate::corpus`]); everything printed
//! goes through one of these functions, which write such characters as visible escapes
//! (`\n`, `\u{1b}`), so what reaches the reader is what the input held, made harmless.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal or a report as it is: C0 and C1 control characters
/// (DEL included) and the explicit bidirectional embeddings, overrides and isolates.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The explicit bidirectional formatting characters (U+202A–U+202E, U+2066–U+2069): they
/// reorder the text that follows them (`U+202E` makes `gpj.exe` show as `exe.jpg`).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` on one line with every unsafe character escaped: `\n`, `\r`, `\t`, else `\u{1b}`.
pub fn one_line(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

/// As [`one_line`], but line breaks and tabs are kept: for text of several lines.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n' || c == '\t')
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if !is_unsafe(c) || keep(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// JSON text with the unsafe characters that JSON writers leave raw (DEL, C1 controls, bidi
/// controls; serde_json escapes C0 itself) written as `\uXXXX` escapes. They can only occur
/// inside strings, so the value the JSON holds is unchanged. Line breaks and tabs (between the
/// lines of JSON Lines, in pretty JSON) stay.
pub fn json_safe(json: String) -> String {
    let Some(first) = next_json_unsafe(&json, 0) else {
        return json;
    };
    let mut out = String::with_capacity(json.len() + 16);
    let (mut from, mut next) = (0, Some(first));
    while let Some((at, c)) = next {
        out.push_str(&json[from..at]);
        let _ = write!(out, "\\u{:04x}", u32::from(c));
        from = at + c.len_utf8();
        next = next_json_unsafe(&json, from);
    }
    out.push_str(&json[from..]);
    out
}

/// The first character from byte `from` on that [`json_safe`] escapes, and where it starts.
/// Only a few bytes can start one (a C0 control, DEL, or the lead bytes of U+0080–U+009F and
/// of U+202A–U+2069), so the text is scanned a byte at a time and decoded only there: the
/// sidecar of a million records is hundreds of megabytes of JSON, and decoding every
/// character of it was a tenth of writing it.
fn next_json_unsafe(json: &str, from: usize) -> Option<(usize, char)> {
    let bytes = json.as_bytes();
    (from..bytes.len())
        .filter(|&i| matches!(bytes[i], 0x00..=0x1f | 0x7f | 0xc2 | 0xe2))
        .find_map(|i| {
            // These bytes never continue a character, so `i` starts one.
            let c = json[i..].chars().next()?;
            (is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r')).then_some((i, c))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_sequences_and_line_breaks() {
        assert_eq!(
            one_line("a\u{1b}]0;PWNED\u{7}\u{1b}[2J\nb.txt"),
            "a\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\\nb.txt"
        );
        assert_eq!(one_line("gpj\u{202e}.exe"), "gpj\\u{202e}.exe");
        assert_eq!(visible("uno\ndue\u{0}"), "uno\ndue\\u{0}");
        assert!(matches!(one_line("città/日本.txt"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_stays_the_same_value() {
        let value = serde_json::json!({"id": "a\u{9b}b\u{202e}c\u{7f}"});
        let safe = json_safe(value.to_string());
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    proptest::proptest! {
        /// The byte scan escapes what the obvious character loop escapes, and nothing else.
        #[test]
        fn json_safe_escapes_as_the_character_loop_does(
            text in "[a-z \\n\\t\\r\\x00-\\x1f\\x7f\\u{80}-\\u{a0}’«é\\u{2028}-\\u{206f}日]{0,30}"
        ) {
            let mut expected = String::new();
            for c in text.chars() {
                if is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r') {
                    expected.push_str(&format!("\\u{:04x}", u32::from(c)));
                } else {
                    expected.push(c);
                }
            }
            proptest::prop_assert_eq!(json_safe(text), expected);
        }
    }
}
