//! The reference texts of topic coherence (`evaluate topics`): the documents exactly as
//! `../shared/peers/topic_eval.py` reads them, so that scores can be compared with the peer's
//! and with published ones computed the same way.
//!
//! That is not what `analyse` reads. A folder gives every file whose name ends in `.txt`,
//! recursively, hidden ones included (no `.md` or `.html`), each read as UTF-8 with invalid
//! bytes replaced (no Windows-1252 guess); a JSON Lines file gives the text field of every
//! non-blank line, empty texts included. Empty documents matter: each is one document for
//! UMass and one window for NPMI and C_V. Nothing is cleaned of boilerplate. Other inputs
//! (CSV, one text or HTML file, standard input), which the peer does not read, give the
//! documents as [`super::load`] reads them, uncleaned.

use std::io::BufReader;
use std::path::Path;

use super::jsonl::each_capped_line;
use super::source::{io_reason, read_capped};
use super::{display_path, nothing_usable, InputKind, LoadParams, Skipped, Source, SourceItem};
use crate::error::{Error, Result};

/// What reading the reference produced.
#[derive(Debug, Default)]
pub(crate) struct ReferenceTexts {
    /// One text per document, in the peer's order (sorted paths, or line order).
    pub texts: Vec<String>,
    /// Files and records that could not be read (the peer would stop on them).
    pub skipped: Vec<Skipped>,
}

/// Reads the reference texts of `input` as `topic_eval.py` does (see the module comment).
///
/// # Errors
/// The input errors of [`super::load`]: a missing path, an unsupported file, a broken
/// compressed stream at its start; [`Error::Format`] for a folder without `.txt` files,
/// [`Error::NothingUsable`] when no text could be read.
pub(crate) fn reference_texts(input: &Path, params: &LoadParams) -> Result<ReferenceTexts> {
    let source = Source::open(input, params)?;
    let reference = match source.kind() {
        InputKind::Folder => folder_texts(&source),
        InputKind::JsonLines => json_lines_texts(&source)?,
        _ => {
            let mut reference = ReferenceTexts::default();
            for item in source.items() {
                match item? {
                    SourceItem::Document { document, .. } => reference.texts.push(document.text),
                    SourceItem::Skipped(skipped) => reference.skipped.push(skipped),
                }
            }
            reference
        }
    };
    if reference.texts.is_empty()
        && reference.skipped.is_empty()
        && source.kind() == InputKind::Folder
    {
        return Err(Error::Format {
            path: input.to_path_buf(),
            message: "no .txt file: the reference of topic coherence is a folder's .txt files, \
                      as topic_eval.py reads it"
                .into(),
        });
    }
    if reference.texts.is_empty() {
        return Err(nothing_usable(input, &reference.skipped));
    }
    Ok(reference)
}

/// Every `*.txt` file under the folder, as Python's `os.walk` finds them (hidden ones too;
/// symbolic links to folders not followed) and `open(…, errors="replace").read()` reads them.
fn folder_texts(source: &Source) -> ReferenceTexts {
    let root = source.root();
    let mut reference = ReferenceTexts::default();
    // os.walk's order: in each folder its files, sorted, then its sub-folders, sorted.
    let walk = walkdir::WalkDir::new(root).sort_by(|a, b| {
        (a.file_type().is_dir(), a.file_name()).cmp(&(b.file_type().is_dir(), b.file_name()))
    });
    for entry in walk {
        let skip = |path: &Path, reason: String| Skipped {
            path: display_path(root, path),
            reason,
        };
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let reason = err.io_error().map_or_else(|| err.to_string(), io_reason);
                reference
                    .skipped
                    .push(skip(&path, format!("cannot read: {reason}")));
                continue;
            }
        };
        let path = entry.path();
        let is_txt = entry.file_name().as_encoded_bytes().ends_with(b".txt");
        if !is_txt || entry.file_type().is_dir() || path.is_dir() {
            continue;
        }
        match read_capped(path, source.params().max_file_size, false) {
            Ok(bytes) => reference
                .texts
                .push(String::from_utf8_lossy(&bytes).into_owned()),
            Err(reason) => reference.skipped.push(skip(path, reason)),
        }
    }
    reference
}

/// The text field of every non-blank line, as `json.loads(line)["text"]` for each line with
/// `line.strip()`; a text may be empty.
fn json_lines_texts(source: &Source) -> Result<ReferenceTexts> {
    let params = source.params();
    let field = params.text_field.as_str();
    let path = source.root();
    let reader = BufReader::with_capacity(1 << 20, source.reader()?);
    let max_line = usize::try_from(params.max_file_size).unwrap_or(usize::MAX);
    let mut reference = ReferenceTexts::default();
    each_capped_line(
        reader,
        path,
        max_line,
        &mut reference.skipped,
        |line_no, bytes| {
            let bytes = match line_no {
                1 => bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
                _ => bytes,
            };
            let line = std::str::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_string())?;
            if line.trim().is_empty() {
                return Ok(());
            }
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(serde_json::Value::Object(mut record)) => match record.remove(field) {
                    Some(serde_json::Value::String(text)) => reference.texts.push(text),
                    Some(_) => return Err(format!("field `{field}` is not a string")),
                    None => return Err(format!("no `{field}` field")),
                },
                Ok(_) => return Err("not a JSON object".to_string()),
                Err(e) => return Err(format!("invalid JSON: {e}")),
            }
            Ok(())
        },
    );
    Ok(reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_folder_as_the_peer() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/.hidden")).unwrap();
        std::fs::write(root.join("a.txt"), "Primo.").unwrap();
        std::fs::write(root.join("empty.txt"), "").unwrap();
        std::fs::write(root.join("notes.md"), "Not read.").unwrap();
        std::fs::write(root.join("b/latin1.txt"), b"citt\xe0").unwrap();
        std::fs::write(root.join("b/.hidden/c.txt"), "Nascosto.").unwrap();
        std::fs::write(root.join("b/upper.TXT"), "Not read either.").unwrap();
        let reference = reference_texts(root, &LoadParams::default()).unwrap();
        assert_eq!(reference.texts, ["Primo.", "", "citt\u{fffd}", "Nascosto."]);
        assert!(reference.skipped.is_empty());
        std::fs::remove_file(root.join("a.txt")).unwrap();
        std::fs::remove_file(root.join("empty.txt")).unwrap();
        std::fs::remove_dir_all(root.join("b")).unwrap();
        let err = reference_texts(root, &LoadParams::default()).unwrap_err();
        assert!(err.to_string().contains("no .txt file"), "{err}");
    }

    #[test]
    fn reads_every_json_line_with_empty_texts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        std::fs::write(
            &path,
            "\u{feff}{\"text\": \"Uno\"}\n\n  \n{\"text\": \"\"}\n{\"body\": 1}\n{\"text\": \"Due\"}",
        )
        .unwrap();
        let reference = reference_texts(&path, &LoadParams::default()).unwrap();
        assert_eq!(reference.texts, ["Uno", "", "Due"]);
        assert_eq!(reference.skipped.len(), 1);
        assert_eq!(reference.skipped[0].reason, "no `text` field");
    }
}
