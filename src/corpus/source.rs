//! Where documents come from: a folder walked recursively, one text file, or a JSON Lines file
//! (plain, gzip or zstd). Documents are produced one at a time so that large inputs can be
//! streamed without holding the whole corpus in memory.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::{decode, display_path, Decoded, Document, LoadParams, Skipped};
use crate::error::{Error, Result};

/// The shape of an input path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Folder,
    TextFile,
    JsonLines,
}

/// An opened input.
#[derive(Debug, Clone)]
pub struct Source {
    root: PathBuf,
    kind: InputKind,
    params: LoadParams,
}

/// One step of reading an input.
#[derive(Debug)]
pub enum SourceItem {
    Document { document: Document, recoded: bool },
    Skipped(Skipped),
}

const TEXT_EXTENSIONS: [&str; 3] = ["txt", "md", "text"];

impl Source {
    /// Checks that `path` exists and decides how to read it.
    pub fn open(path: &Path, params: &LoadParams) -> Result<Source> {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::InputNotFound {
                path: path.to_path_buf(),
            },
            _ => Error::io(path, e),
        })?;
        let kind = if meta.is_dir() {
            InputKind::Folder
        } else if is_json_lines(path) {
            InputKind::JsonLines
        } else if has_text_extension(path) {
            InputKind::TextFile
        } else {
            return Err(Error::UnsupportedInput {
                path: path.to_path_buf(),
            });
        };
        Ok(Source {
            root: path.to_path_buf(),
            kind,
            params: params.clone(),
        })
    }

    pub fn kind(&self) -> InputKind {
        self.kind
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Documents and skipped files in a stable order: sorted paths, or line order.
    pub fn items(&self) -> Box<dyn Iterator<Item = Result<SourceItem>> + Send + '_> {
        match self.kind {
            InputKind::Folder => Box::new(self.folder_items()),
            InputKind::TextFile => Box::new(std::iter::once(Ok(self.read_file(&self.root, None)))),
            InputKind::JsonLines => match self.json_lines() {
                Ok(iter) => iter,
                Err(e) => Box::new(std::iter::once(Err(e))),
            },
        }
    }

    fn folder_items(&self) -> impl Iterator<Item = Result<SourceItem>> + Send + '_ {
        walkdir::WalkDir::new(&self.root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_map(move |entry| match entry {
                Ok(entry) => {
                    let path = entry.path();
                    if !entry.file_type().is_file()
                        || !has_text_extension(path)
                        || is_hidden(&self.root, path)
                    {
                        return None;
                    }
                    let label = first_folder(&self.root, path);
                    Some(Ok(self.read_file(path, label)))
                }
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| self.root.clone());
                    let reason = if err.loop_ancestor().is_some() {
                        "symbolic link loop".to_string()
                    } else {
                        err.io_error()
                            .map(|e| e.to_string())
                            .unwrap_or_else(|| err.to_string())
                    };
                    Some(Ok(SourceItem::Skipped(Skipped {
                        path: display_path(&self.root, &path),
                        reason,
                    })))
                }
            })
    }

    fn read_file(&self, path: &Path, label: Option<String>) -> SourceItem {
        let shown = display_path(&self.root, path);
        let skip = |reason: String| {
            SourceItem::Skipped(Skipped {
                path: shown.clone(),
                reason,
            })
        };
        let size = match std::fs::metadata(path) {
            Ok(m) => m.len(),
            Err(e) => return skip(e.to_string()),
        };
        if size > self.params.max_file_size {
            return skip(format!(
                "larger than the {} byte limit ({size} bytes)",
                self.params.max_file_size
            ));
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return skip(e.to_string()),
        };
        match decode(&bytes) {
            Decoded::Text { text, recoded } => {
                let id = if self.kind == InputKind::TextFile {
                    path.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or(shown)
                } else {
                    shown
                };
                SourceItem::Document {
                    document: Document {
                        id,
                        path: path.to_path_buf(),
                        title: None,
                        label,
                        text,
                    },
                    recoded,
                }
            }
            Decoded::Binary => skip("binary file".to_string()),
            Decoded::Empty => skip("empty file".to_string()),
        }
    }

    fn json_lines(&self) -> Result<Box<dyn Iterator<Item = Result<SourceItem>> + Send + '_>> {
        let reader = open_maybe_compressed(&self.root)?;
        let path = self.root.clone();
        let field = self.params.text_field.clone();
        let lines = BufReader::with_capacity(1 << 20, reader).lines();
        Ok(Box::new(lines.enumerate().filter_map(move |(i, line)| {
            let line_no = i + 1;
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    return Some(Err(Error::Json {
                        path: path.clone(),
                        line: line_no,
                        message: e.to_string(),
                    }))
                }
            };
            if line.trim().is_empty() {
                return None;
            }
            Some(Ok(json_record(&path, line_no, &line, &field)))
        })))
    }
}

/// One JSON Lines record to a document, or the reason it cannot be one.
fn json_record(path: &Path, line_no: usize, line: &str, field: &str) -> SourceItem {
    let skip = |reason: String| {
        SourceItem::Skipped(Skipped {
            path: format!("{}:{line_no}", path.display()),
            reason,
        })
    };
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return skip(format!("invalid JSON: {e}")),
    };
    let text = match value.get(field) {
        Some(serde_json::Value::String(s)) => s.replace("\r\n", "\n"),
        Some(_) => return skip(format!("field `{field}` is not a string")),
        None => return skip(format!("no `{field}` field")),
    };
    if text.trim().is_empty() {
        return skip("empty text".to_string());
    }
    let as_string = |key: &str| match value.get(key) {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let id = as_string("id").unwrap_or_else(|| format!("line-{line_no}"));
    SourceItem::Document {
        document: Document {
            id,
            path: path.to_path_buf(),
            title: as_string("title").filter(|t| !t.trim().is_empty()),
            label: as_string("label"),
            text,
        },
        recoded: false,
    }
}

/// Opens a file, decompressing `.gz` and `.zst` on the fly.
pub(crate) fn open_maybe_compressed(path: &Path) -> Result<Box<dyn Read + Send>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let name = path.to_string_lossy().to_lowercase();
    Ok(if name.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))
    } else if name.ends_with(".zst") {
        Box::new(zstd::Decoder::new(file).map_err(|e| Error::io(path, e))?)
    } else {
        Box::new(file)
    })
}

fn is_json_lines(path: &Path) -> bool {
    let name = path.to_string_lossy().to_lowercase();
    let name = name.trim_end_matches(".gz").trim_end_matches(".zst");
    name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json")
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str()))
}

/// Hidden files and folders (`.git`, `.DS_Store`) are never articles.
fn is_hidden(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// The first sub-folder under the root, which evaluation reads as the gold label.
fn first_folder(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components();
    let first = parts.next()?;
    parts.next()?;
    Some(first.as_os_str().to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_json_lines_names() {
        assert!(is_json_lines(Path::new("a/data.jsonl.gz")));
        assert!(is_json_lines(Path::new("b.JSONL.zst")));
        assert!(!is_json_lines(Path::new("c.txt")));
    }

    #[test]
    fn reads_label_from_first_folder() {
        let root = Path::new("/data/bbc");
        assert_eq!(
            first_folder(root, Path::new("/data/bbc/sport/001.txt")).as_deref(),
            Some("sport")
        );
        assert_eq!(first_folder(root, Path::new("/data/bbc/001.txt")), None);
    }

    #[test]
    fn parses_a_json_record() {
        let item = json_record(
            Path::new("x.jsonl"),
            3,
            r#"{"id": 7, "text": "Ciao.", "label": "a"}"#,
            "text",
        );
        match item {
            SourceItem::Document { document, .. } => {
                assert_eq!(document.id, "7");
                assert_eq!(document.label.as_deref(), Some("a"));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            json_record(Path::new("x"), 1, "{", "text"),
            SourceItem::Skipped(_)
        ));
    }
}
