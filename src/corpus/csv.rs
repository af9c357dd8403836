//! CSV and TSV files: one document per row, the text in a named column.
//!
//! The first row names the columns. `--text-field` (default `text`) must be one of them;
//! `--id-field` (default `id`) and `--title-field` (default `title`) are used when present, and
//! a `label` column gives the gold label that evaluation reads; an empty cell counts as absent.
//! Without an id a row's id is `row-N` (N counted from 1, header excluded). Quoted fields may
//! span lines. A field that is not UTF-8 is read as Windows-1252 and the row is flagged as
//! recoded. Rows that cannot be used (too few columns, empty text, longer than
//! `max_file_size`) are skipped with the reason and their line; a stream that breaks midway (a
//! truncated `.gz`) ends with a skipped entry saying where, and the rows read before it are
//! kept — as for JSON Lines. A file without the text column is an error that lists the
//! columns it has.
//!
//! Rows are parsed with csv-core into buffers this module owns, so a row over the size limit
//! (one field of a gigabyte in a small `.zst`) is read through and dropped without being
//! held in memory.

use std::io::{ErrorKind, Read};
use std::path::Path;
use std::sync::Arc;

use super::document::{Document, LoadParams, Skipped, SourceItem};
use crate::error::{Error, Result};

/// The records of a CSV stream (`delimiter` `b','` or `b'\t'`), rows over
/// `params.max_file_size` skipped. `path` names the input in messages (`data.csv`, `-`).
///
/// # Errors
/// [`Error::Format`] when the header row cannot be read, is over the size limit, or lacks
/// the text column.
pub fn records<'a>(
    reader: Box<dyn Read + Send + 'a>,
    path: &Path,
    params: &LoadParams,
    delimiter: u8,
) -> Result<Box<dyn Iterator<Item = Result<SourceItem>> + Send + 'a>> {
    let mut rows = Rows::new(reader, delimiter, params.max_file_size);
    let format = |message: String| Error::Format {
        path: path.to_path_buf(),
        message,
    };
    let names: Vec<String> = match rows.next_row() {
        Row::Record { .. } => (0..rows.n_fields())
            .map(|i| {
                let name = String::from_utf8_lossy(rows.field(i).unwrap_or_default());
                super::decode::strip_controls(name.trim().to_string())
            })
            .collect(),
        Row::End => Vec::new(),
        Row::TooLong { bytes, .. } => {
            return Err(format(format!(
                "the header row is longer than the {} byte limit ({bytes} bytes)",
                params.max_file_size
            )))
        }
        Row::Broken { error, .. } => return Err(format(format!("unreadable: {error}"))),
    };
    let column = |name: &str| names.iter().position(|n| n == name);
    let text_col = column(&params.text_field).ok_or_else(|| {
        format(format!(
            "no `{}` column (columns: {}); choose one with `text_field`",
            params.text_field,
            names.join(", ")
        ))
    })?;
    Ok(Box::new(CsvRecords {
        rows,
        path: Arc::from(path),
        max: params.max_file_size,
        text_col,
        id_col: column(&params.id_field),
        title_col: column(&params.title_field),
        label_col: column("label"),
        row: 0,
        done: false,
    }))
}

struct CsvRecords<'a> {
    rows: Rows<'a>,
    path: Arc<Path>,
    max: u64,
    text_col: usize,
    id_col: Option<usize>,
    title_col: Option<usize>,
    label_col: Option<usize>,
    /// Data rows read so far (the header excluded).
    row: usize,
    done: bool,
}

impl Iterator for CsvRecords<'_> {
    type Item = Result<SourceItem>;

    fn next(&mut self) -> Option<Result<SourceItem>> {
        if self.done {
            return None;
        }
        let skip = |line: u64, reason: String| {
            Some(Ok(SourceItem::Skipped(Skipped {
                path: format!("{}:{line}", self.path.display()),
                reason,
            })))
        };
        let line = match self.rows.next_row() {
            Row::End => {
                self.done = true;
                return None;
            }
            Row::Broken { line, error } => {
                // Truncated or corrupt compression: keep what was read, say where it stopped.
                self.done = true;
                return skip(line, format!("unreadable from this line on: {error}"));
            }
            Row::TooLong { line, bytes } => {
                self.row += 1;
                return skip(
                    line,
                    format!(
                        "row longer than the {} byte limit ({bytes} bytes)",
                        self.max
                    ),
                );
            }
            Row::Record { line } => line,
        };
        self.row += 1;
        let mut recoded = false;
        let mut field = |col: Option<usize>| -> Option<String> {
            let (text, was_recoded) = decode_field(self.rows.field(col?)?);
            recoded |= was_recoded;
            Some(text)
        };
        let Some(text) = field(Some(self.text_col)) else {
            return skip(line, "row has no text column".to_string());
        };
        if text.trim().is_empty() {
            return skip(line, "empty text".to_string());
        }
        let mut optional = |col: Option<usize>| {
            field(col)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let id = optional(self.id_col).unwrap_or_else(|| format!("row-{}", self.row));
        let title = optional(self.title_col);
        let label = optional(self.label_col);
        Some(Ok(SourceItem::Document {
            document: Document {
                id,
                path: self.path.clone(),
                title,
                label,
                text,
            },
            recoded,
        }))
    }
}

/// What [`Rows::next_row`] found.
#[derive(Debug)]
enum Row {
    /// A row starting on `line`; its fields are in the buffers.
    Record {
        line: u64,
    },
    /// A row of more than the limit's bytes, read through and dropped.
    TooLong {
        line: u64,
        bytes: u64,
    },
    /// The stream failed (a truncated or corrupt `.gz`, `.zst`).
    Broken {
        line: u64,
        error: std::io::Error,
    },
    End,
}

/// Rows of a CSV stream, parsed by csv-core into reused buffers of bounded size.
struct Rows<'a> {
    reader: Box<dyn Read + Send + 'a>,
    core: csv_core::Reader,
    input: Vec<u8>,
    /// `input[pos..filled]` is read and not parsed yet.
    pos: usize,
    filled: usize,
    eof: bool,
    /// The fields of the last row, one after the other, and where each ends.
    output: Vec<u8>,
    ends: Vec<usize>,
    n_ends: usize,
    /// Bytes of input a row may take.
    max: u64,
}

impl<'a> Rows<'a> {
    fn new(reader: Box<dyn Read + Send + 'a>, delimiter: u8, max: u64) -> Rows<'a> {
        Rows {
            reader,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            input: vec![0; 1 << 16],
            pos: 0,
            filled: 0,
            eof: false,
            output: vec![0; 1 << 12],
            ends: vec![0; 64],
            n_ends: 0,
            max,
        }
    }

    fn n_fields(&self) -> usize {
        self.n_ends
    }

    /// Field `i` of the last row read.
    fn field(&self, i: usize) -> Option<&[u8]> {
        if i >= self.n_ends {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.output.get(start..self.ends[i])
    }

    fn next_row(&mut self) -> Row {
        let line = self.core.line();
        let mut out_len = 0usize;
        let mut n_ends = 0usize;
        let mut taken: u64 = 0;
        let mut too_long = false;
        loop {
            if self.pos == self.filled && !self.eof {
                match self.reader.read(&mut self.input) {
                    Ok(0) => self.eof = true,
                    Ok(n) => {
                        self.pos = 0;
                        self.filled = n;
                    }
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(error) => {
                        self.eof = true;
                        return Row::Broken { line, error };
                    }
                }
            }
            let (result, n_in, n_out, n_end) = self.core.read_record(
                &self.input[self.pos..self.filled],
                &mut self.output[out_len..],
                &mut self.ends[n_ends..],
            );
            self.pos += n_in;
            taken += n_in as u64;
            out_len += n_out;
            n_ends += n_end;
            if taken > self.max && !too_long {
                // Read the rest of the row through, keeping nothing of it.
                too_long = true;
            }
            use csv_core::ReadRecordResult as R;
            match result {
                R::InputEmpty => {}
                R::OutputFull if too_long => out_len = 0,
                R::OutputFull => {
                    let len = self.output.len();
                    self.output.resize(len * 2, 0);
                }
                R::OutputEndsFull if too_long => n_ends = 0,
                R::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                R::Record if too_long => {
                    self.n_ends = 0;
                    return Row::TooLong { line, bytes: taken };
                }
                R::Record => {
                    self.n_ends = n_ends;
                    return Row::Record { line };
                }
                R::End => return Row::End,
            }
        }
    }
}

/// A field as text with `\n` line ends and no control characters; not UTF-8 means
/// Windows-1252.
fn decode_field(bytes: &[u8]) -> (String, bool) {
    let (text, recoded) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), false),
        Err(_) => (encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(), true),
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    (super::decode::strip_controls(text), recoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(data: &str, params: &LoadParams) -> Result<Vec<SourceItem>> {
        let reader: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(data.as_bytes().to_vec()));
        records(reader, Path::new("x.csv"), params, b',')?.collect()
    }

    #[test]
    fn reads_rows_with_named_columns() {
        let items = read(
            "id,title,text\n7,Porto,\"Il porto cresce.\r\nLe navi arrivano.\"\n,,\n8,,Treni in ritardo.\n",
            &LoadParams::default(),
        )
        .unwrap();
        assert_eq!(items.len(), 3);
        match &items[0] {
            SourceItem::Document { document, .. } => {
                assert_eq!(document.id, "7");
                assert_eq!(document.title.as_deref(), Some("Porto"));
                assert_eq!(document.text, "Il porto cresce.\nLe navi arrivano.");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(
            matches!(&items[1], SourceItem::Skipped(s) if s.reason == "empty text" && s.path == "x.csv:4")
        );
        assert!(
            matches!(&items[2], SourceItem::Document { document, .. } if document.title.is_none())
        );
    }

    #[test]
    fn uses_the_fields_it_is_told_and_numbers_rows_without_ids() {
        let params = LoadParams {
            text_field: "body".into(),
            ..LoadParams::default()
        };
        let items = read("headline,body\nA,Uno due tre.\nB,Quattro.\n", &params).unwrap();
        let ids: Vec<&str> = items
            .iter()
            .map(|i| match i {
                SourceItem::Document { document, .. } => document.id.as_str(),
                SourceItem::Skipped(_) => "skipped",
            })
            .collect();
        assert_eq!(ids, ["row-1", "row-2"]);
    }

    #[test]
    fn an_overlong_row_is_skipped_without_being_kept() {
        let params = LoadParams {
            max_file_size: 100,
            ..LoadParams::default()
        };
        let data = format!("id,text\n1,\"{}\"\n2,Breve.\n", "a\n,b".repeat(200));
        let items = read(&data, &params).unwrap();
        assert!(
            matches!(&items[0], SourceItem::Skipped(s) if s.path == "x.csv:2" && s.reason.starts_with("row longer than the 100 byte limit")),
            "{items:?}"
        );
        assert!(
            matches!(&items[1], SourceItem::Document { document, .. } if document.id == "2" && document.text == "Breve."),
            "{items:?}"
        );
    }

    #[test]
    fn a_broken_stream_keeps_the_rows_before_it() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"id,text\n1,Uno.\n2,Due.\n3,Tre.\n").unwrap();
        let mut bytes = gz.finish().unwrap();
        bytes.truncate(bytes.len() - 6);
        let reader: Box<dyn Read + Send> = Box::new(flate2::read::MultiGzDecoder::new(
            std::io::Cursor::new(bytes),
        ));
        let items: Vec<SourceItem> =
            records(reader, Path::new("x.csv.gz"), &LoadParams::default(), b',')
                .unwrap()
                .collect::<Result<_>>()
                .unwrap();
        let docs = items
            .iter()
            .filter(|i| matches!(i, SourceItem::Document { .. }))
            .count();
        assert!(docs >= 1, "{items:?}");
        assert!(
            matches!(items.last(), Some(SourceItem::Skipped(s)) if s.reason.starts_with("unreadable from this line on")),
            "{items:?}"
        );
    }

    #[test]
    fn missing_text_column_names_the_columns() {
        let Err(err) = read("a,b\n1,2\n", &LoadParams::default()) else {
            panic!("expected an error");
        };
        let msg = err.to_string();
        assert!(
            msg.contains("x.csv") && msg.contains("`text`") && msg.contains("a, b"),
            "{msg}"
        );
    }
}
