//! Bytes to text. UTF-8 (with or without BOM) is the norm; anything else that is not binary is
//! read as Windows-1252, the usual encoding of legacy Western European files, and flagged so the
//! user can see which files were guessed.

/// The result of decoding one file.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    Text { text: String, recoded: bool },
    Binary,
    Empty,
}

/// Decodes `bytes`, normalising line ends to `\n` and dropping a leading BOM.
pub fn decode(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if looks_binary(bytes) {
        return Decoded::Binary;
    }
    let (text, recoded) = match std::str::from_utf8(bytes) {
        Ok(s) => (normalise_line_ends(s), false),
        Err(_) => {
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (normalise_line_ends(&cow), true)
        }
    };
    if text.chars().all(is_blank) {
        Decoded::Empty
    } else {
        Decoded::Text { text, recoded }
    }
}

/// NUL bytes never occur in text files; a high share of other control bytes in the first
/// kilobytes means an image, archive or executable.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
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

fn normalise_line_ends(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
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
    fn skips_binary_and_empty() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0"), Decoded::Binary);
        assert_eq!(decode(b"  \n\t\n"), Decoded::Empty);
        assert_eq!(decode(" \u{feff}\u{200b}\r\n".as_bytes()), Decoded::Empty);
        assert_eq!(decode(b""), Decoded::Empty);
    }
}
