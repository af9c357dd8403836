//! The CSV reader (csv-core into bounded buffers): arbitrary bytes as CSV or TSV, plain or
//! gzip, with a small row limit.
//!
//! Checks beyond "no panic": no document holds more text than the row limit allows, none is
//! blank or holds `\r` or a control character, ids are never blank, and a broken stream ends
//! the records (nothing follows its "unreadable" entry).
use std::io::Read;
use std::path::Path;

use sintesi::corpus::{self, LoadParams, SourceItem};

/// Runs the reader on `data` and checks its contract; panics on a violation.
pub fn check(data: &[u8]) {
    let Some((&mode, data)) = data.split_first() else {
        return;
    };
    let params = LoadParams {
        max_file_size: 512,
        text_field: if mode & 4 == 0 { "text" } else { "b" }.to_string(),
        ..LoadParams::default()
    };
    let delimiter = if mode & 1 == 0 { b',' } else { b'\t' };
    let reader: Box<dyn Read + Send> = if mode & 2 == 0 {
        Box::new(std::io::Cursor::new(data.to_vec()))
    } else {
        Box::new(flate2::read::MultiGzDecoder::new(std::io::Cursor::new(
            data.to_vec(),
        )))
    };
    let Ok(items) = corpus::csv_records(reader, Path::new("f.csv"), &params, delimiter) else {
        return; // no header, or no text column: an error naming the file
    };
    let mut broken = false;
    for item in items.take(10_000) {
        let item = item.expect("rows are skipped, never fatal");
        assert!(!broken, "a record after the stream broke");
        match item {
            SourceItem::Document { document, .. } => {
                assert!(
                    document.text.len() <= 4 * 512,
                    "{} bytes",
                    document.text.len()
                );
                assert!(!document.text.trim().is_empty());
                assert!(!document.id.trim().is_empty());
                assert!(
                    !document.text.chars().any(|c| c != '\n'
                        && c != '\t'
                        && sintesi::report::printable::is_unsafe(c)),
                    "control character in {:?}",
                    document.text
                );
            }
            SourceItem::Skipped(s) => {
                broken |= s.reason.starts_with("unreadable from this line on");
            }
        }
    }
}
