//! CSV and TSV files: one document per row, the text in a named column.
//!
//! The first row names the columns. `--text-field` (default `text`) must be one of them;
//! `--id-field` (default `id`) and `--title-field` (default `title`) are used when present, and
//! a `label` column gives the gold label that evaluation reads. Without an id column a row's id
//! is `row-N` (N counted from 1, header excluded). Quoted fields may span lines. A field that
//! is not UTF-8 is read as Windows-1252 and the row is flagged as recoded. Rows that cannot be
//! used (too few columns, empty text) are skipped with the reason and their line; a file
//! without the text column is an error that lists the columns it has.

use std::io::Read;
use std::path::Path;

use super::source::SourceItem;
use super::{Document, LoadParams, Skipped};
use crate::error::{Error, Result};

/// The records of a CSV stream. `shown` names the input in messages (`data.csv`, `-`).
pub(super) fn records<'a>(
    reader: Box<dyn Read + Send + 'a>,
    path: &Path,
    params: &LoadParams,
    delimiter: u8,
) -> Result<Box<dyn Iterator<Item = Result<SourceItem>> + Send + 'a>> {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(reader);
    let headers = csv.byte_headers().map_err(|e| format_error(path, &e))?;
    let names: Vec<String> = headers
        .iter()
        .map(|h| super::decode::strip_controls(String::from_utf8_lossy(h).trim().to_string()))
        .collect();
    let column = |name: &str| names.iter().position(|n| n == name);
    let text_col = column(&params.text_field).ok_or_else(|| Error::Format {
        path: path.to_path_buf(),
        message: format!(
            "no `{}` column (columns: {}); choose one with --text-field",
            params.text_field,
            names.join(", ")
        ),
    })?;
    let id_col = column(&params.id_field);
    let title_col = column(&params.title_field);
    let label_col = column("label");
    let path = path.to_path_buf();
    let iter = csv.into_byte_records().enumerate().map(move |(i, record)| {
        let row = i + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => return Err(format_error(&path, &e)),
        };
        let line = record.position().map_or(row as u64 + 1, |p| p.line());
        let skip = |reason: &str| {
            SourceItem::Skipped(Skipped {
                path: format!("{}:{line}", path.display()),
                reason: reason.to_string(),
            })
        };
        let mut recoded = false;
        let mut field = |col: Option<usize>| -> Option<String> {
            let (text, was_recoded) = decode_field(record.get(col?)?);
            recoded |= was_recoded;
            Some(text)
        };
        let Some(text) = field(Some(text_col)) else {
            return Ok(skip("row has no text column"));
        };
        if text.trim().is_empty() {
            return Ok(skip("empty text"));
        }
        let id = field(id_col)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("row-{row}"));
        let title = field(title_col)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let label = field(label_col).filter(|s| !s.trim().is_empty());
        Ok(SourceItem::Document {
            document: Document {
                id,
                path: path.clone(),
                title,
                label,
                text,
            },
            recoded,
        })
    });
    Ok(Box::new(iter))
}

/// A field as text with `\n` line ends; not UTF-8 means Windows-1252.
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

fn format_error(path: &Path, e: &csv::Error) -> Error {
    let message = match e.position() {
        Some(p) => format!("line {}: {}", p.line(), csv_reason(e)),
        None => csv_reason(e),
    };
    Error::Format {
        path: path.to_path_buf(),
        message,
    }
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => format!("invalid CSV: {e}"),
    }
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
