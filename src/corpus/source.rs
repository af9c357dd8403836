//! Where documents come from: a folder walked recursively (text and HTML files), one text or
//! HTML file, a JSON Lines or CSV/TSV file (plain, gzip or zstd), or standard input (`-`).
//! Documents are produced one at a time so that large inputs can be streamed without holding
//! the whole corpus in memory; standard input alone is read whole (up to `max_file_size`),
//! because its format is told from its first bytes.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::document::{display_path, Document, InputFormat, LoadParams, Skipped, SourceItem};
use super::jsonl::json_lines;
use super::{decode, html, Decoded};
use crate::error::{Error, Result};

/// The shape of an input path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InputKind {
    Folder,
    TextFile,
    HtmlFile,
    JsonLines,
    Csv,
}

/// An opened input.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    root: Arc<Path>,
    kind: InputKind,
    params: LoadParams,
    /// Standard input, read whole, when the input is `-`.
    stdin: Option<Arc<[u8]>>,
}

/// A file found by walking a folder input, not read yet.
#[derive(Debug)]
pub(super) enum Walked {
    File {
        path: PathBuf,
        label: Option<String>,
    },
    Skipped(Skipped),
}

const TEXT_EXTENSIONS: [&str; 3] = ["txt", "md", "text"];
const HTML_EXTENSIONS: [&str; 3] = ["html", "htm", "xhtml"];

/// The name that stands for standard input.
pub const STDIN: &str = "-";

impl Source {
    /// Checks that `path` exists and decides how to read it: by `params.format`, else by the
    /// file name. `-` reads standard input.
    ///
    /// # Errors
    /// [`Error::InputNotFound`], [`Error::UnsupportedInput`] for a file of unknown type, and
    /// [`Error::Format`] when standard input exceeds `max_file_size`.
    pub fn open(path: &Path, params: &LoadParams) -> Result<Source> {
        if path == Path::new(STDIN) {
            let limit = params.max_file_size;
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(limit.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(path, e))?;
            if bytes.len() as u64 > limit {
                return Err(Error::Format {
                    path: path.to_path_buf(),
                    message: format!(
                        "standard input is larger than the {limit} byte limit (`max_file_size`)"
                    ),
                });
            }
            return Ok(Source::from_stdin_bytes(bytes, params));
        }
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::InputNotFound {
                path: path.to_path_buf(),
            },
            _ => Error::io(path, e),
        })?;
        let kind = if meta.is_dir() {
            InputKind::Folder
        } else {
            match params.format {
                InputFormat::Auto => {
                    kind_from_name(path).ok_or_else(|| Error::UnsupportedInput {
                        path: path.to_path_buf(),
                    })?
                }
                format => kind_of(format),
            }
        };
        Ok(Source {
            root: Arc::from(path),
            kind,
            params: params.clone(),
            stdin: None,
        })
    }

    /// A source over bytes read from standard input; the format is sniffed unless given.
    pub(crate) fn from_stdin_bytes(bytes: Vec<u8>, params: &LoadParams) -> Source {
        let kind = match params.format {
            InputFormat::Auto => sniff(&bytes),
            format => kind_of(format),
        };
        Source {
            root: Arc::from(Path::new(STDIN)),
            kind,
            params: params.clone(),
            stdin: Some(bytes.into()),
        }
    }

    pub fn kind(&self) -> InputKind {
        self.kind
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The input's path, shared by the documents of one file.
    pub(crate) fn shared_root(&self) -> &Arc<Path> {
        &self.root
    }

    pub fn params(&self) -> &LoadParams {
        &self.params
    }

    /// Documents and skipped files in a stable order: sorted paths, or line order.
    pub fn items(&self) -> Box<dyn Iterator<Item = Result<SourceItem>> + Send + '_> {
        match self.kind {
            InputKind::Folder => Box::new(self.folder_items()),
            InputKind::TextFile | InputKind::HtmlFile => {
                Box::new(std::iter::once(Ok(self.read_file(&self.root, None))))
            }
            InputKind::JsonLines => match self.json_lines() {
                Ok(iter) => iter,
                Err(e) => Box::new(std::iter::once(Err(e))),
            },
            InputKind::Csv => {
                let delimiter = if is_tsv(&self.root) { b'\t' } else { b',' };
                match self
                    .reader()
                    .and_then(|r| super::csv::records(r, &self.root, &self.params, delimiter))
                {
                    Ok(iter) => iter,
                    Err(e) => Box::new(std::iter::once(Err(e))),
                }
            }
        }
    }

    fn folder_items(&self) -> impl Iterator<Item = Result<SourceItem>> + Send + '_ {
        self.walk().map(move |entry| {
            Ok(match entry {
                Walked::File { path, label } => self.read_file(&path, label),
                Walked::Skipped(skipped) => SourceItem::Skipped(skipped),
            })
        })
    }

    /// The files of a folder input to read, in sorted order, and those left out with why.
    ///
    /// Symbolic links to files are followed; symbolic links to folders are not (as ripgrep
    /// does by default): one to a folder outside the input would take the walk out of it (a
    /// link to `/` reads the whole disk), one inside it would read its files twice, one to
    /// an ancestor loops. Each is listed as skipped with which of these it is.
    pub(super) fn walk(&self) -> impl Iterator<Item = Walked> + Send + '_ {
        let real_root = std::fs::canonicalize(&self.root).ok();
        walkdir::WalkDir::new(&self.root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            // Hidden folders are pruned here, so each entry need only be judged by its own name.
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden_name(entry.file_name()))
            .filter_map(move |entry| match entry {
                Ok(entry) if entry.file_type().is_symlink() && entry.depth() > 0 => {
                    self.symlink(entry.path(), real_root.as_deref())
                }
                Ok(entry) => {
                    let path = entry.path();
                    let meta = if entry.file_type().is_symlink() {
                        // The root itself, named through a link.
                        std::fs::metadata(path).ok()
                    } else {
                        None
                    };
                    let is_dir = meta
                        .as_ref()
                        .map_or(entry.file_type().is_dir(), |m| m.is_dir());
                    let is_file = meta
                        .as_ref()
                        .map_or(entry.file_type().is_file(), |m| m.is_file());
                    if is_dir || !(has_text_extension(path) || is_html(path)) {
                        return None;
                    }
                    if !is_file {
                        // A FIFO or device named like an article: opening it could block.
                        return Some(self.skipped(path, "not a regular file"));
                    }
                    let label = first_folder(&self.root, path);
                    Some(Walked::File {
                        path: path.to_path_buf(),
                        label,
                    })
                }
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| self.root.to_path_buf());
                    let reason = match err.io_error() {
                        _ if err.loop_ancestor().is_some() => "symbolic link loop".to_string(),
                        Some(e) if e.kind() == std::io::ErrorKind::NotFound => {
                            "broken symbolic link".to_string()
                        }
                        Some(e) => format!("cannot read: {}", io_reason(e)),
                        None => err.to_string(),
                    };
                    Some(self.skipped(&path, &reason))
                }
            })
    }

    /// A symbolic link met in the walk: the file it names, or why it is left out.
    fn symlink(&self, path: &Path, real_root: Option<&Path>) -> Option<Walked> {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Some(self.skipped(path, "broken symbolic link"))
            }
            Err(e) => return Some(self.skipped(path, &format!("cannot read: {}", io_reason(&e)))),
        };
        if meta.is_dir() {
            let target = std::fs::canonicalize(path).ok();
            let reason = match (target, real_root) {
                (Some(t), Some(r)) if r.starts_with(&t) => "symbolic link loop",
                (Some(t), Some(r)) if t.starts_with(r) => {
                    "symbolic link to a folder of the input (its files are read there)"
                }
                _ => "symbolic link to a folder outside the input (not followed)",
            };
            return Some(self.skipped(path, reason));
        }
        if !(has_text_extension(path) || is_html(path)) {
            return None;
        }
        if !meta.is_file() {
            return Some(self.skipped(path, "not a regular file"));
        }
        Some(Walked::File {
            path: path.to_path_buf(),
            label: first_folder(&self.root, path),
        })
    }

    fn skipped(&self, path: &Path, reason: &str) -> Walked {
        Walked::Skipped(Skipped {
            path: display_path(&self.root, path),
            reason: reason.to_string(),
        })
    }

    pub(super) fn read_file(&self, path: &Path, label: Option<String>) -> SourceItem {
        let shown = display_path(&self.root, path);
        let skip = |reason: String| {
            SourceItem::Skipped(Skipped {
                path: shown.clone(),
                reason,
            })
        };
        let bytes = match self.file_bytes(path) {
            Ok(b) => b,
            Err(reason) => return skip(reason),
        };
        match decode(bytes) {
            Decoded::Text { text, .. } if is_sintesi_report(&text) => {
                skip("a report written by sintesi, not an article".to_string())
            }
            Decoded::Text { text, recoded } => {
                let (title, text) = if self.kind == InputKind::HtmlFile || is_html(path) {
                    let page = html::to_text(&text);
                    if page.text.trim().is_empty() {
                        return skip("no text in the HTML page".to_string());
                    }
                    (page.title, page.text)
                } else {
                    (None, text)
                };
                let id = if self.stdin.is_some() {
                    "stdin".to_string()
                } else if self.kind != InputKind::Folder {
                    path.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or(shown)
                } else {
                    shown
                };
                SourceItem::Document {
                    document: Document {
                        id,
                        path: Arc::from(path),
                        title,
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

    /// The bytes of one file (or of standard input), within the size limit.
    fn file_bytes(&self, path: &Path) -> std::result::Result<Vec<u8>, String> {
        if let Some(bytes) = &self.stdin {
            return Ok(bytes.to_vec());
        }
        // The input named on the command line is read whatever it is, a pipe included
        // (`<(cat a.txt)`); files met in a walk must be regular files.
        let named = self.kind != InputKind::Folder;
        read_capped(path, self.params.max_file_size, named)
    }

    /// A reader over the whole input file (decompressed) or over standard input.
    pub(super) fn reader(&self) -> Result<Box<dyn Read + Send>> {
        match &self.stdin {
            Some(bytes) => Ok(Box::new(std::io::Cursor::new(Arc::clone(bytes)))),
            None => open_maybe_compressed(&self.root),
        }
    }

    fn json_lines(&self) -> Result<Box<dyn Iterator<Item = Result<SourceItem>> + Send + '_>> {
        let reader = self.reader()?;
        let reader = BufReader::with_capacity(1 << 20, reader);
        Ok(Box::new(json_lines(reader, &self.root, &self.params)))
    }
}

/// The bytes of a regular file of at most `max` bytes, or why it cannot be read. With
/// `named` (the file the user named), a pipe or device is read too, up to the cap.
///
/// The cap is enforced on what is actually read, not only on the size the file system
/// reports, so a file that grows while it is read (a log, a `/proc` file) cannot exceed it.
pub(super) fn read_capped(
    path: &Path,
    max: u64,
    named: bool,
) -> std::result::Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read: {}", io_reason(&e));
    let file = if named {
        File::open(path)
    } else {
        open_without_blocking(path)
    }
    .map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if meta.is_dir() || !named && !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    let too_large = |size: u64| format!("larger than the {max} byte limit ({size} bytes)");
    if meta.len() > max {
        return Err(too_large(meta.len()));
    }
    // A file is read as long as it was when it was opened: once that many bytes are in, no
    // further read asks for end of file (one system call fewer per file, which counts on a
    // folder of many small articles). A file the file system calls empty (a `/proc` file) is
    // read to its end, past the cap by one byte so that a larger one is told apart.
    let limit = match meta.len() {
        0 => max.saturating_add(1),
        size => size,
    };
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    (&file)
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens for reading without waiting: a FIFO named like an article would otherwise block the
/// open until a writer comes. The type is then told from the open file (one `fstat`, no
/// second path lookup); on a regular file the flag changes nothing.
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    options.open(path)
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

fn kind_from_name(path: &Path) -> Option<InputKind> {
    if is_json_lines(path) {
        Some(InputKind::JsonLines)
    } else if is_csv(path) {
        Some(InputKind::Csv)
    } else if is_html(path) {
        Some(InputKind::HtmlFile)
    } else if has_text_extension(path) {
        Some(InputKind::TextFile)
    } else {
        None
    }
}

fn kind_of(format: InputFormat) -> InputKind {
    match format {
        InputFormat::Auto | InputFormat::Text => InputKind::TextFile,
        InputFormat::JsonLines => InputKind::JsonLines,
        InputFormat::Csv => InputKind::Csv,
        InputFormat::Html => InputKind::HtmlFile,
    }
}

/// Standard input's format from its first line: a JSON object means JSON Lines, a tag means
/// HTML, anything else is one plain-text document. CSV is never guessed (`--input-format csv`).
fn sniff(bytes: &[u8]) -> InputKind {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 16)]);
    let first = head.lines().map(str::trim).find(|l| !l.is_empty());
    match first {
        Some(line) if line.starts_with('{') => {
            let whole_line = bytes
                .split(|&b| b == b'\n')
                .map(|l| l.trim_ascii())
                .find(|l| !l.is_empty());
            match whole_line.map(serde_json::from_slice::<serde_json::Value>) {
                Some(Ok(v)) if v.is_object() => InputKind::JsonLines,
                _ => InputKind::TextFile,
            }
        }
        Some(line) if line.starts_with('<') => InputKind::HtmlFile,
        _ => InputKind::TextFile,
    }
}

fn without_compression(path: &Path) -> String {
    let name = path.to_string_lossy().to_lowercase();
    name.trim_end_matches(".gz")
        .trim_end_matches(".zst")
        .to_string()
}

fn is_csv(path: &Path) -> bool {
    let name = without_compression(path);
    name.ends_with(".csv") || name.ends_with(".tsv")
}

fn is_tsv(path: &Path) -> bool {
    without_compression(path).ends_with(".tsv")
}

fn is_html(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| HTML_EXTENSIONS.contains(&e.as_str()))
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

/// Reports that sintesi wrote (`report.md`, `report.html`, with the generator mark near
/// their start): a report folder inside the input must not be read back as articles.
fn is_sintesi_report(text: &str) -> bool {
    let mut end = text.len().min(1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].contains(super::document::GENERATED_MARK)
}

/// Hidden files and folders (`.git`, `.DS_Store`) are never articles.
fn is_hidden_name(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
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
    fn sniffs_standard_input() {
        assert_eq!(
            sniff(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"),
            InputKind::JsonLines
        );
        assert_eq!(
            sniff(b"\n  <!doctype html><p>Ciao</p>"),
            InputKind::HtmlFile
        );
        assert_eq!(sniff(b"{not json} is how it starts."), InputKind::TextFile);
        assert_eq!(sniff(b"Il porto di Genova."), InputKind::TextFile);
        assert_eq!(sniff(b""), InputKind::TextFile);
    }

    #[test]
    fn reads_standard_input_bytes_in_the_format_given() {
        let params = LoadParams {
            format: InputFormat::Csv,
            ..LoadParams::default()
        };
        let source = Source::from_stdin_bytes(b"text\nUno.\nDue.\n".to_vec(), &params);
        let items: Vec<SourceItem> = source.items().collect::<Result<_>>().unwrap();
        assert_eq!(items.len(), 2);
        let source = Source::from_stdin_bytes(b"Solo testo.".to_vec(), &LoadParams::default());
        let items: Vec<SourceItem> = source.items().collect::<Result<_>>().unwrap();
        assert!(
            matches!(&items[..], [SourceItem::Document { document, .. }] if document.id == "stdin")
        );
    }
}
