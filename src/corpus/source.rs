//! Where documents come from: a folder walked recursively, one text file, or a JSON Lines file
//! (plain, gzip or zstd). Documents are produced one at a time so that large inputs can be
//! streamed without holding the whole corpus in memory.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use super::jsonl::json_lines;
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
            .filter_entry(move |entry| !is_hidden(&self.root, entry.path()))
            .filter_map(move |entry| match entry {
                Ok(entry) => {
                    let path = entry.path();
                    if entry.file_type().is_dir() || !has_text_extension(path) {
                        return None;
                    }
                    if !entry.file_type().is_file() {
                        // A FIFO or device named like an article: opening it could block.
                        return Some(Ok(SourceItem::Skipped(Skipped {
                            path: display_path(&self.root, path),
                            reason: "not a regular file".to_string(),
                        })));
                    }
                    let label = first_folder(&self.root, path);
                    Some(Ok(self.read_file(path, label)))
                }
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| self.root.clone());
                    let reason = match err.io_error() {
                        _ if err.loop_ancestor().is_some() => "symbolic link loop".to_string(),
                        Some(e) if e.kind() == std::io::ErrorKind::NotFound => {
                            "broken symbolic link".to_string()
                        }
                        Some(e) => format!("cannot read: {}", io_reason(e)),
                        None => err.to_string(),
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
        let bytes = match read_capped(path, self.params.max_file_size) {
            Ok(b) => b,
            Err(reason) => {
                return SourceItem::Skipped(Skipped {
                    path: shown,
                    reason,
                })
            }
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
            Decoded::Binary => SourceItem::Skipped(Skipped {
                path: shown,
                reason: "binary file".to_string(),
            }),
            Decoded::Empty => SourceItem::Skipped(Skipped {
                path: shown,
                reason: "empty file".to_string(),
            }),
        }
    }

    fn json_lines(&self) -> Result<Box<dyn Iterator<Item = Result<SourceItem>> + Send + '_>> {
        let reader = open_maybe_compressed(&self.root)?;
        let reader = BufReader::with_capacity(1 << 20, reader);
        Ok(Box::new(json_lines(reader, &self.root, &self.params)))
    }
}

/// The bytes of a regular file of at most `max` bytes, or why it cannot be read.
///
/// The cap is enforced on what is actually read, not only on the size the file system
/// reports, so a file that grows while it is read (a log, a `/proc` file) cannot exceed it.
fn read_capped(path: &Path, max: u64) -> std::result::Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read: {}", io_reason(&e));
    // Checked before opening: opening a FIFO would wait for a writer forever.
    if !std::fs::metadata(path).map_err(cannot)?.is_file() {
        return Err("not a regular file".to_string());
    }
    let file = File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    let too_large = |size: u64| format!("larger than the {max} byte limit ({size} bytes)");
    if meta.len() > max {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// An I/O error as a short lower-case phrase (`permission denied`), without the OS code.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => format!("{:?}", e.kind()),
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
}
