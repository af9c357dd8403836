//! Bytes to text. UTF-8 (with or without BOM) is the norm; UTF-16 is recognised by its BOM
//! (what Windows editors write as "Unicode"); anything else that is not binary is read as
//! Windows-1252, the usual encoding of legacy Western European files, and flagged so the user
//! can see which files were guessed.

/// The result of decoding one file.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// `recoded` is true when the text was guessed to be Windows-1252.
    Text {
        /// The decoded text.
        text: String,
        /// True when the bytes were not UTF-8 and were read as Windows-1252.
        recoded: bool,
    },
    /// A NUL byte or too many control characters in the first 8 KiB: not text, skipped.
    Binary,
    /// No bytes, or only whitespace: skipped.
    Empty,
}

/// Decodes `bytes`, normalising line ends to `\n` and dropping byte-order marks at the start.
/// Valid UTF-8 (the usual case) becomes the text without being copied.
pub fn decode(bytes: impl Into<Vec<u8>>) -> Decoded {
    let mut bytes = bytes.into();
    let (text, recoded) = if let Some(utf16) = utf16(&bytes) {
        let (cow, _) = utf16.decode_with_bom_removal(&bytes);
        if looks_binary_text(&cow) {
            return Decoded::Binary;
        }
        (normalise_line_ends(cow.into_owned()), false)
    } else {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        if looks_binary(&bytes) {
            return Decoded::Binary;
        }
        match String::from_utf8(bytes) {
            Ok(s) => (normalise_line_ends(s), false),
            Err(e) => {
                // No BOM sniffing here: that was done above.
                let cow = encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(e.as_bytes())
                    .0;
                (normalise_line_ends(cow.into_owned()), true)
            }
        }
    };
    // Controls first: one before a second BOM would otherwise leave that BOM leading.
    let text = strip_controls(text);
    // A file saved twice with a BOM starts with two of them.
    let text = match text.trim_start_matches('\u{feff}') {
        trimmed if trimmed.len() == text.len() => text,
        trimmed => trimmed.to_string(),
    };
    if text.chars().all(is_blank) {
        Decoded::Empty
    } else {
        Decoded::Text { text, recoded }
    }
}

/// UTF-16 when the bytes start with its byte-order mark.
fn utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

/// As [`looks_binary`], on decoded text: NUL or many control characters near the start.
fn looks_binary_text(text: &str) -> bool {
    let head = text.chars().take(8192);
    let (mut n, mut control) = (0usize, 0usize);
    for c in head {
        if c == '\0' {
            return true;
        }
        n += 1;
        control += usize::from(c < ' ' && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    }
    control * 10 > n
}

/// NUL bytes never occur in text files; a high share of other control bytes in the first
/// kilobytes means an image, archive or executable.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    // Counted without branches, so that the count runs as vector instructions.
    let control: usize = head
        .iter()
        .map(|&b| {
            usize::from((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t') & (b != 0x0C))
        })
        .sum();
    !head.is_empty() && control * 10 > head.len()
}

/// White space and the invisible characters editors leave behind (a stray BOM, zero-width
/// spaces): a file of nothing else is empty.
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
        )
}

/// Text without the characters that have no place in an article and could do harm where it
/// is shown: control characters other than line breaks and tabs (a terminal escape
/// sequence, NUL, BEL; vertical tab and form feed become line breaks) and the bidirectional
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what
/// follows them. The string itself when it has none (the usual case); expects `\n` line ends.
pub(crate) fn strip_controls(text: String) -> String {
    if !needs_stripping(text.as_bytes()) {
        return text;
    }
    text.chars()
        .filter_map(|c| match c {
            '\u{b}' | '\u{c}' => Some('\n'),
            '\n' | '\t' => Some(c),
            c if crate::printable::is_unsafe(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Whether the UTF-8 `bytes` hold a character [`strip_controls`] removes. Blocks of 32 bytes
/// are screened without branches (a form the compiler turns into vector instructions) for a
/// byte that could start one; only a block with such a byte is looked at closely. Text is
/// nearly always clean, so this costs a fraction of reading it.
fn needs_stripping(bytes: &[u8]) -> bool {
    const BLOCK: usize = 32;
    let suspect =
        |b: u8| (b < 0x20) & (b != b'\n') & (b != b'\t') | (b == 0x7F) | (b == 0xC2) | (b == 0xE2);
    let mut start = 0;
    for block in bytes.chunks(BLOCK) {
        if block.iter().fold(false, |any, &b| any | suspect(b))
            && needs_stripping_from(bytes, start, start + block.len())
        {
            return true;
        }
        start += block.len();
    }
    false
}

/// Whether a character [`strip_controls`] removes starts in `bytes[from..to]` (the bytes
/// after `to` may finish it).
fn needs_stripping_from(bytes: &[u8], from: usize, to: usize) -> bool {
    (from..to).any(|i| match bytes[i] {
        b'\n' | b'\t' => false,
        0..=0x1F | 0x7F => true,
        // U+0080–U+009F, the C1 controls.
        0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
        // U+202A–U+202E and U+2066–U+2069.
        0xE2 => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
        ),
        _ => false,
    })
}

/// `\r\n` and lone `\r` to `\n`; the string itself when it has no `\r`.
pub(crate) fn normalise_line_ends(s: String) -> String {
    let Some(first) = memchr::memchr(b'\r', s.as_bytes()) else {
        return s;
    };
    // One pass from the first `\r`: Windows files have one on every line.
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut rest = &s[first..];
    while let Some(i) = memchr::memchr(b'\r', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let d = decode(b"\xEF\xBB\xBFUno.\r\nDue.\r\n");
        assert_eq!(
            d,
            Decoded::Text {
                text: "Uno.\nDue.\n".into(),
                recoded: false
            }
        );
    }

    #[test]
    fn reads_latin1_as_windows_1252() {
        let d = decode(b"perch\xe9 citt\xe0");
        assert_eq!(
            d,
            Decoded::Text {
                text: "perché città".into(),
                recoded: true
            }
        );
    }

    #[test]
    fn reads_utf16_with_a_bom() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("città\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("città\r\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [le, be] {
            assert_eq!(
                decode(bytes.clone()),
                Decoded::Text {
                    text: "città\n".into(),
                    recoded: false
                }
            );
        }
    }

    /// Found by fuzzing: two UTF-16 BOMs left one in the text.
    #[test]
    fn drops_repeated_boms() {
        let d = decode(b"\xFE\xFF\xFE\xFF\x00a");
        assert_eq!(
            d,
            Decoded::Text {
                text: "a".into(),
                recoded: false
            }
        );
        let d = decode("\u{feff}\u{feff}b".as_bytes());
        assert_eq!(
            d,
            Decoded::Text {
                text: "b".into(),
                recoded: false
            }
        );
    }

    #[test]
    fn skips_binary_and_empty() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0"), Decoded::Binary);
        assert_eq!(decode(b"  \n\t\n"), Decoded::Empty);
        assert_eq!(decode(" \u{feff}\u{200b}\r\n".as_bytes()), Decoded::Empty);
        assert_eq!(decode(b""), Decoded::Empty);
    }

    #[test]
    fn strips_control_and_bidi_characters() {
        let text =
            "Titolo\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{0}\u{202e}txt.exe\u{9b}\ncolonna\tdue\u{c}fine";
        assert_eq!(
            strip_controls(text.to_string()),
            "Titolo]0;PWNED[2Jtxt.exe\ncolonna\tdue\nfine"
        );
        let clean = "L’economia “cresce” – più 2,5 °C…".to_string();
        assert!(!needs_stripping(clean.as_bytes()));
        assert_eq!(strip_controls(clean.clone()), clean);
    }

    proptest::proptest! {
        /// The block screen finds exactly the texts the character-by-character rule changes,
        /// wherever in a block (or across two) the character falls.
        #[test]
        fn the_screen_finds_what_stripping_changes(
            text in "([a-zà-ü \n\t’“”–]|\u{1b}|\u{7}|\u{b}|\u{c}|\u{7f}|\u{85}|\u{9b}|\u{a0}|\u{202a}|\u{202e}|\u{2066}|\u{2069}|\u{2019}|\u{2026}){0,80}"
        ) {
            let changed: String = text
                .chars()
                .filter_map(|c| match c {
                    '\u{b}' | '\u{c}' => Some('\n'),
                    '\n' | '\t' => Some(c),
                    c if crate::printable::is_unsafe(c) => None,
                    c => Some(c),
                })
                .collect();
            proptest::prop_assert_eq!(needs_stripping(text.as_bytes()), changed != text);
        }
    }
}
