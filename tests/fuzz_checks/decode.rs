//! The loader: bytes → text (BOM, CRLF, Windows-1252, binary and empty detection), JSON Lines
//! records (plain, gzip, zstd) and boilerplate cleaning.
//!
//! Checks beyond "no panic": decoded text has no `\r` and no BOM, and cleaning keeps lines
//! whole (every line it keeps is a line of the document it came from).
use std::io::BufReader;
use std::path::{Path, PathBuf};

use sintesi::corpus::{self, Decoded, Document, LoadParams, SourceItem};

/// Runs the stage on `data` and checks its contract; panics on a violation.
pub fn check(data: &[u8]) {
    let Some((&mode, data)) = data.split_first() else {
        return;
    };
    let mut documents = Vec::new();
    match mode % 4 {
        0 => {
            // Several text files: split on form feeds.
            for (i, part) in data.split(|&b| b == 0x0C).enumerate() {
                if let Decoded::Text { text, .. } = corpus::decode(part) {
                    assert!(!text.contains('\r'), "carriage return left in {text:?}");
                    assert!(!text.starts_with('\u{feff}'), "BOM left in {text:?}");
                    assert!(!text.trim().is_empty());
                    documents.push(document(i, text));
                }
            }
        }
        m => {
            let params = LoadParams {
                max_file_size: 2048,
                ..LoadParams::default()
            };
            let items: Vec<_> = match m {
                1 => corpus::json_lines(data, Path::new("f.jsonl"), &params).collect(),
                2 => {
                    let gz = BufReader::new(flate2::read::MultiGzDecoder::new(data));
                    corpus::json_lines(gz, Path::new("f.jsonl.gz"), &params)
                        .take(1000)
                        .collect()
                }
                _ => match zstd::Decoder::new(data) {
                    Ok(z) => {
                        corpus::json_lines(BufReader::new(z), Path::new("f.jsonl.zst"), &params)
                            .take(1000)
                            .collect()
                    }
                    Err(_) => Vec::new(),
                },
            };
            for item in items {
                if let Ok(SourceItem::Document { document, .. }) = item {
                    assert!(!document.text.contains('\r'));
                    assert!(!document.text.trim().is_empty());
                    documents.push(document);
                }
            }
        }
    }
    let originals: Vec<String> = documents.iter().map(|d| d.text.clone()).collect();
    corpus::clean(&mut documents);
    for (doc, original) in documents.iter().zip(&originals) {
        for line in doc.text.lines().filter(|l| !l.is_empty()) {
            assert!(
                original.lines().any(|o| o.trim_end() == line),
                "cleaning changed a line: {line:?} not in {original:?}"
            );
        }
    }
}

fn document(i: usize, text: String) -> Document {
    Document {
        id: i.to_string(),
        path: PathBuf::from(format!("{i}.txt")).into(),
        title: None,
        label: None,
        text,
    }
}
