//! JSON Lines input: one document per line, the text in a configurable field.
//!
//! Lines are read with a length cap, so a file without line breaks (or a decompression bomb)
//! cannot make one line take all memory. A line that is not usable (invalid JSON, not UTF-8,
//! no text field, too long) is skipped with its reason; a stream that breaks midway (a
//! truncated or corrupt `.gz`/`.zst`) ends with a skipped entry saying where, and the records
//! read before it are kept.

use std::collections::HashMap;
use std::io::{BufRead, ErrorKind};
use std::path::Path;
use std::sync::Arc;

use serde_json::value::RawValue;

use super::document::{Document, LoadParams, Skipped, SourceItem};
use crate::error::Result;

/// The records of a JSON Lines stream, in line order.
///
/// `path` names the stream in ids of skipped records (`data.jsonl:7`) and in documents.
pub fn json_lines<R: BufRead + Send>(
    reader: R,
    path: &Path,
    params: &LoadParams,
) -> impl Iterator<Item = Result<SourceItem>> + Send {
    JsonLines {
        reader,
        path: Arc::from(path),
        params: params.clone(),
        max_line: usize::try_from(params.max_file_size).unwrap_or(usize::MAX),
        line_no: 0,
        buf: Vec::new(),
        done: false,
    }
}

struct JsonLines<R> {
    reader: R,
    path: Arc<Path>,
    params: LoadParams,
    max_line: usize,
    line_no: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<SourceItem>;

    fn next(&mut self) -> Option<Result<SourceItem>> {
        while !self.done {
            self.line_no += 1;
            let line_no = self.line_no;
            let skip = |reason: String| {
                Some(Ok(SourceItem::Skipped(Skipped {
                    path: format!("{}:{line_no}", self.path.display()),
                    reason,
                })))
            };
            match read_line_capped(&mut self.reader, &mut self.buf, self.max_line) {
                Ok(Line::End) => self.done = true,
                Ok(Line::TooLong(n)) => {
                    return skip(format!(
                        "line longer than the {} byte limit ({n} bytes)",
                        self.max_line
                    ))
                }
                Ok(Line::Read) => match line_item(&self.path, line_no, &self.buf, &self.params) {
                    Some(item) => return Some(Ok(item)),
                    None => continue,
                },
                Err(e) => {
                    // The stream is broken (truncated or corrupt compression): keep what was
                    // read and say where it stopped.
                    self.done = true;
                    return skip(format!("unreadable from this line on: {e}"));
                }
            }
        }
        None
    }
}

/// The record of one line (without its `\n`), or `None` for a blank line.
pub(crate) fn line_item(
    path: &Arc<Path>,
    line_no: usize,
    bytes: &[u8],
    params: &LoadParams,
) -> Option<SourceItem> {
    let bytes = match line_no {
        1 => bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
        _ => bytes,
    };
    let Ok(line) = std::str::from_utf8(bytes) else {
        return Some(SourceItem::Skipped(Skipped {
            path: format!("{}:{line_no}", path.display()),
            reason: "not valid UTF-8".to_string(),
        }));
    };
    if line.trim().is_empty() {
        return None;
    }
    Some(json_record(path, line_no, line, params))
}

/// Hands every line of `reader` (without its `\n`) to `line` with its number, from 1, until
/// the input ends; a reason `line` returns skips that line. Lines are read with the `cap`, so
/// one huge line cannot take all memory: a longer one is skipped, and a read error (a
/// truncated or corrupt compressed stream) is skipped with the rest of the input. Skipped
/// entries are named `path:line`, in line order.
pub(crate) fn each_capped_line(
    mut reader: impl BufRead,
    path: &Path,
    cap: usize,
    skipped: &mut Vec<Skipped>,
    mut line: impl FnMut(usize, &[u8]) -> std::result::Result<(), String>,
) {
    let mut buf = Vec::new();
    for line_no in 1.. {
        let skip = |reason: String| Skipped {
            path: format!("{}:{line_no}", path.display()),
            reason,
        };
        match read_line_capped(&mut reader, &mut buf, cap) {
            Ok(Line::End) => break,
            Ok(Line::TooLong(n)) => skipped.push(skip(format!(
                "line longer than the {cap} byte limit ({n} bytes)"
            ))),
            Ok(Line::Read) => {
                if let Err(reason) = line(line_no, &buf) {
                    skipped.push(skip(reason));
                }
            }
            Err(e) => {
                skipped.push(skip(format!("unreadable from this line on: {e}")));
                break;
            }
        }
    }
}

/// What one call to [`read_line_capped`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// A line (without its `\n`) is in the buffer.
    Read,
    /// The line had this many bytes, more than the cap; it was consumed but not kept.
    TooLong(u64),
    /// No more input.
    End,
}

/// Reads the next line into `buf` unless it exceeds `cap` bytes, in which case the rest of it
/// is read and thrown away without being stored.
pub(crate) fn read_line_capped<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (part, found_newline) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], true),
            None => (chunk, false),
        };
        total += part.len() as u64;
        if total <= cap as u64 {
            buf.extend_from_slice(part);
        }
        let used = part.len() + usize::from(found_newline);
        reader.consume(used);
        if found_newline {
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(match (any, total > cap as u64) {
        (false, _) => Line::End,
        (true, true) => {
            buf.clear();
            Line::TooLong(total)
        }
        (true, false) => Line::Read,
    })
}

/// One JSON Lines record to a document, or the reason it cannot be one.
///
/// The text is the `text_field` string; the id, title and label are strings or numbers (a
/// number as it is written, `18446744073709551616` included), and an empty or blank one counts
/// as absent, as an empty CSV cell does: the id is then `line-N`.
pub(crate) fn json_record(
    path: &Arc<Path>,
    line_no: usize,
    line: &str,
    params: &LoadParams,
) -> SourceItem {
    let field = params.text_field.as_str();
    let skip = |reason: String| {
        SourceItem::Skipped(Skipped {
            path: format!("{}:{line_no}", path.display()),
            reason,
        })
    };
    // Fields as written: only those used are decoded, and numbers keep their digits.
    let record: HashMap<String, &RawValue> = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => {
            return match serde_json::from_str::<serde::de::IgnoredAny>(line) {
                Ok(_) => skip("not a JSON object".to_string()),
                Err(_) => skip(format!("invalid JSON: {e}")),
            }
        }
    };
    let text = match record.get(field) {
        Some(raw) => match serde_json::from_str::<String>(raw.get()) {
            Ok(s) => normalise_line_ends(s),
            Err(_) => return skip(format!("field `{field}` is not a string")),
        },
        None => return skip(format!("no `{field}` field")),
    };
    if text.trim().is_empty() {
        return skip("empty text".to_string());
    }
    let as_string = |key: &str| {
        let raw = record.get(key)?.get();
        let value = match raw.as_bytes().first()? {
            b'"' => serde_json::from_str::<String>(raw).ok()?,
            b'-' | b'0'..=b'9' => raw.to_string(),
            _ => return None,
        };
        let value = super::decode::strip_controls(value);
        (!value.trim().is_empty()).then(|| value.trim().to_string())
    };
    let id = as_string(&params.id_field).unwrap_or_else(|| format!("line-{line_no}"));
    SourceItem::Document {
        document: Document {
            id,
            path: path.clone(),
            title: as_string(&params.title_field),
            label: as_string("label"),
            text,
        },
        recoded: false,
    }
}

/// `\r\n` and lone `\r` to `\n`, a leading BOM dropped and control characters removed, as
/// for text files.
fn normalise_line_ends(s: String) -> String {
    let s = match s.strip_prefix('\u{feff}') {
        Some(rest) => {
            super::decode::normalise_line_ends(rest.trim_start_matches('\u{feff}').to_string())
        }
        None => super::decode::normalise_line_ends(s),
    };
    super::decode::strip_controls(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(input: &[u8], max: u64) -> Vec<SourceItem> {
        let params = LoadParams {
            max_file_size: max,
            ..LoadParams::default()
        };
        json_lines(input, Path::new("x.jsonl"), &params)
            .map(|r| r.expect("no fatal error"))
            .collect()
    }

    fn reasons(items: &[SourceItem]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match i {
                SourceItem::Skipped(s) => Some(format!("{}: {}", s.path, s.reason)),
                SourceItem::Document { .. } => None,
            })
            .collect()
    }

    #[test]
    fn parses_a_json_record() {
        let item = json_record(
            &Arc::from(Path::new("x.jsonl")),
            3,
            r#"{"id": 7, "text": "Ciao.", "label": "a"}"#,
            &LoadParams::default(),
        );
        match item {
            SourceItem::Document { document, .. } => {
                assert_eq!(document.id, "7");
                assert_eq!(document.label.as_deref(), Some("a"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn ids_are_kept_as_written_and_empty_fields_are_absent() {
        let doc = |line: &str| match json_record(
            &Arc::from(Path::new("x.jsonl")),
            4,
            line,
            &LoadParams::default(),
        ) {
            SourceItem::Document { document, .. } => document,
            other => panic!("unexpected {other:?}"),
        };
        let d = doc(r#"{"id": 18446744073709551616, "text": "Ciao.", "label": "", "title": " "}"#);
        assert_eq!(d.id, "18446744073709551616");
        assert_eq!((d.label, d.title), (None, None));
        let d = doc(r#"{"id": "", "text": "Ciao\u001b[2J.\u202e", "title": "T\u0007"}"#);
        assert_eq!(d.id, "line-4");
        assert_eq!(d.text, "Ciao[2J.");
        assert_eq!(d.title.as_deref(), Some("T"));
    }

    #[test]
    fn skips_bad_records_and_keeps_the_rest() {
        let input = b"{\"text\": \"Uno.\"}\n{\n[1, 2]\n{\"text\": 3}\n{\"body\": \"x\"}\n{\"text\": \"\xff\"}\n\n{\"text\": \"Due.\"}\r\n";
        let got = items(input, 1 << 20);
        let docs = got
            .iter()
            .filter(|i| matches!(i, SourceItem::Document { .. }))
            .count();
        assert_eq!(docs, 2);
        let r = reasons(&got);
        assert_eq!(r.len(), 5, "{r:?}");
        assert!(r[0].starts_with("x.jsonl:2: invalid JSON"), "{r:?}");
        assert_eq!(r[1], "x.jsonl:3: not a JSON object");
        assert_eq!(r[2], "x.jsonl:4: field `text` is not a string");
        assert_eq!(r[3], "x.jsonl:5: no `text` field");
        assert_eq!(r[4], "x.jsonl:6: not valid UTF-8");
    }

    #[test]
    fn an_overlong_line_is_skipped_without_being_kept() {
        let long = format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"Breve.\"}}\n",
            "a".repeat(500)
        );
        let got = items(long.as_bytes(), 100);
        assert_eq!(
            reasons(&got),
            ["x.jsonl:1: line longer than the 100 byte limit (512 bytes)"]
        );
        assert!(
            matches!(&got[1], SourceItem::Document { document, .. } if document.text == "Breve.")
        );
    }

    #[test]
    fn a_broken_stream_keeps_what_came_before() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"{\"text\": \"Uno.\"}\n{\"text\": \"Due.\"}\n")
            .unwrap();
        let mut bytes = gz.finish().unwrap();
        bytes.truncate(bytes.len() - 6);
        let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(&bytes[..]));
        let got: Vec<SourceItem> =
            json_lines(reader, Path::new("x.jsonl.gz"), &LoadParams::default())
                .map(|r| r.expect("not fatal"))
                .collect();
        let r = reasons(&got);
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(r[0].contains("unreadable from this line on"), "{r:?}");
    }

    #[test]
    fn caps_lines_exactly() {
        let mut buf = Vec::new();
        let mut r: &[u8] = b"abc\nabcd\n\nxy";
        assert_eq!(read_line_capped(&mut r, &mut buf, 3).unwrap(), Line::Read);
        assert_eq!(buf, b"abc");
        assert_eq!(
            read_line_capped(&mut r, &mut buf, 3).unwrap(),
            Line::TooLong(4)
        );
        assert_eq!(read_line_capped(&mut r, &mut buf, 3).unwrap(), Line::Read);
        assert!(buf.is_empty());
        assert_eq!(read_line_capped(&mut r, &mut buf, 3).unwrap(), Line::Read);
        assert_eq!(buf, b"xy");
        assert_eq!(read_line_capped(&mut r, &mut buf, 3).unwrap(), Line::End);
    }
}
