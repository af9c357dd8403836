//! Articles paired with the summaries people wrote for them, for `evaluate summaries`.
//!
//! Two layouts: one JSON Lines file whose records carry the article and its reference summary
//! (`text` and `summary`, as `bbc-news-summary/data.jsonl`), or two folders of text files
//! paired by relative path (`articles/business/001.txt` ↔ `summaries/business/001.txt`).
//! Articles without a summary (or with an empty one) are skipped with the reason.

use std::io::BufReader;
use std::path::Path;

use super::jsonl::each_capped_line;
use super::source::open_maybe_compressed;
use super::{decode, Decoded, LoadParams, Skipped, Source, SourceItem};
use crate::error::{Error, Result};

/// An article and its reference summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryPair {
    /// Record id (or line number), as `analyse` names documents.
    pub id: String,
    /// The article whose summary is scored.
    pub text: String,
    /// The reference summary written for it.
    pub summary: String,
}

/// What loading pairs produced.
#[derive(Debug, Default)]
pub struct Pairs {
    /// Pairs with both an article and a summary, in input order.
    pub pairs: Vec<SummaryPair>,
    /// Records or files left out (no summary, unreadable…), with the reason.
    pub skipped: Vec<Skipped>,
}

/// JSON Lines field holding the reference summary.
pub(crate) const SUMMARY_FIELD: &str = "summary";

/// Reads article/summary pairs: from the JSON Lines file `input` (then `summaries` must be
/// `None`), or from the folder `input` with its summaries under the folder `summaries`.
///
/// # Errors
/// The input errors of [`super::load`]; [`Error::InvalidParameter`] when a folder comes
/// without a summaries folder or a JSON Lines file with one; [`Error::NoDocuments`] when no
/// pair was found.
pub fn load_pairs(input: &Path, summaries: Option<&Path>, params: &LoadParams) -> Result<Pairs> {
    let source = Source::open(input, params)?;
    let pairs = match (source.kind(), summaries) {
        (super::InputKind::JsonLines, None) => json_pairs(input, params)?,
        (super::InputKind::Folder, Some(dir)) => folder_pairs(&source, dir)?,
        (super::InputKind::JsonLines, Some(dir)) => {
            return Err(Error::Format {
                path: input.to_path_buf(),
                message: format!(
                    "a JSON Lines input carries its summaries; drop the extra argument {}",
                    dir.display()
                ),
            })
        }
        _ => {
            return Err(Error::Format {
                path: input.to_path_buf(),
                message: format!(
                    "give a JSON Lines file with \"{}\" and \"{SUMMARY_FIELD}\" fields, or a folder of articles and a folder of summaries",
                    params.text_field
                ),
            })
        }
    };
    if pairs.pairs.is_empty() {
        return Err(super::nothing_usable(input, &pairs.skipped));
    }
    Ok(pairs)
}

fn json_pairs(path: &Path, params: &LoadParams) -> Result<Pairs> {
    let reader = BufReader::with_capacity(1 << 20, open_maybe_compressed(path)?);
    let cap = usize::try_from(params.max_file_size).unwrap_or(usize::MAX);
    let mut out = Pairs::default();
    each_capped_line(reader, path, cap, &mut out.skipped, |line_no, bytes| {
        match std::str::from_utf8(bytes) {
            Ok(line) if line.trim().is_empty() => {}
            Ok(line) => out
                .pairs
                .push(json_pair(line, line_no, &params.text_field)?),
            Err(_) => return Err("not valid UTF-8".to_string()),
        }
        Ok(())
    });
    Ok(out)
}

fn json_pair(
    line: &str,
    line_no: usize,
    text_field: &str,
) -> std::result::Result<SummaryPair, String> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let field = |name: &str| match value.get(name) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Ok(s.replace("\r\n", "\n")),
        Some(serde_json::Value::String(_)) => Err(format!("empty `{name}`")),
        Some(_) => Err(format!("field `{name}` is not a string")),
        None => Err(format!("no `{name}` field")),
    };
    let text = field(text_field)?;
    let summary = field(SUMMARY_FIELD)?;
    let id = match value.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("line-{line_no}"),
    };
    Ok(SummaryPair { id, text, summary })
}

fn folder_pairs(source: &Source, summaries: &Path) -> Result<Pairs> {
    if !summaries.is_dir() {
        return Err(Error::Format {
            path: summaries.to_path_buf(),
            message: "not a folder of summaries".into(),
        });
    }
    let mut out = Pairs::default();
    for item in source.items() {
        let document = match item? {
            SourceItem::Document { document, .. } => document,
            SourceItem::Skipped(s) => {
                out.skipped.push(s);
                continue;
            }
        };
        let path = summaries.join(&document.id);
        let skip = |reason: String| Skipped {
            path: document.id.clone(),
            reason,
        };
        match std::fs::read(&path) {
            Ok(bytes) => match decode(bytes) {
                Decoded::Text { text, .. } => out.pairs.push(SummaryPair {
                    id: document.id.clone(),
                    text: document.text,
                    summary: text,
                }),
                Decoded::Binary => out
                    .skipped
                    .push(skip(format!("{}: binary summary", path.display()))),
                Decoded::Empty => out
                    .skipped
                    .push(skip(format!("{}: empty summary", path.display()))),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => out
                .skipped
                .push(skip(format!("no summary at {}", path.display()))),
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_json_pair() {
        let pair = json_pair(
            r#"{"id": "b/1", "text": "A. B.", "summary": "A."}"#,
            1,
            "text",
        )
        .unwrap();
        assert_eq!(pair.id, "b/1");
        assert_eq!(pair.summary, "A.");
        assert!(json_pair(r#"{"text": "A."}"#, 2, "text")
            .unwrap_err()
            .contains("summary"));
        assert!(json_pair(r#"{"text": "A.", "summary": " "}"#, 2, "text").is_err());
    }

    #[test]
    fn pairs_folders_by_relative_path() {
        let dir = tempfile::tempdir().unwrap();
        let (a, s) = (dir.path().join("a"), dir.path().join("s"));
        std::fs::create_dir_all(a.join("x")).unwrap();
        std::fs::create_dir_all(s.join("x")).unwrap();
        std::fs::write(a.join("x/1.txt"), "One. Two.").unwrap();
        std::fs::write(s.join("x/1.txt"), "One.").unwrap();
        std::fs::write(a.join("x/2.txt"), "Three.").unwrap();
        let pairs = load_pairs(&a, Some(&s), &LoadParams::default()).unwrap();
        assert_eq!(pairs.pairs.len(), 1);
        assert_eq!(pairs.pairs[0].id, "x/1.txt");
        assert_eq!(pairs.skipped.len(), 1);
        assert!(load_pairs(&a, None, &LoadParams::default()).is_err());
    }
}
