//! The values every reader of the corpus stage shares: a [`Document`], a [`Skipped`] file or
//! record, the [`SourceItem`] a reader yields (one or the other), and [`LoadParams`], how to
//! read. The readers (`source`, `csv`, `jsonl`, `html`, `batches`) import these from here, so
//! none of them depends on another for its types.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Error;

/// One article: its identity and its text (UTF-8, `\n` line ends, no BOM).
#[derive(Debug, Clone)]
pub struct Document {
    /// Stable identifier: the path relative to the input folder with `/` separators, or the
    /// `id` field (else the line number) of a JSON Lines record.
    pub id: String,
    /// Where the text came from, for messages and report links.
    pub path: PathBuf,
    /// A title given by the input (JSON Lines `title` field), if any.
    pub title: Option<String>,
    /// A gold label given by the input (JSON Lines `label` field or the first sub-folder), used
    /// only by evaluation.
    pub label: Option<String>,
    pub text: String,
}

/// A file or record left out of the analysis, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Records that repeated an id the input had already given: every document keeps a
/// distinct id, so the later ones were renamed `id#2`, `id#3`…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RenamedIds {
    /// The id as the input gave it.
    pub id: String,
    /// The ids the second and later records carry instead, in input order.
    pub renamed: Vec<String>,
}

/// One step of reading an input.
#[derive(Debug, Clone)]
pub enum SourceItem {
    Document { document: Document, recoded: bool },
    Skipped(Skipped),
}

/// How to read the input.
#[derive(Debug, Clone)]
pub struct LoadParams {
    /// Files larger than this are skipped (bytes).
    pub max_file_size: u64,
    /// JSON Lines field or CSV column holding the text.
    pub text_field: String,
    /// JSON Lines field or CSV column holding the document id (else the line or row number).
    pub id_field: String,
    /// JSON Lines field or CSV column holding the title (else it is found in the text).
    pub title_field: String,
    /// How to read a file or standard input; folders are always walked for text and HTML files.
    pub format: InputFormat,
    /// The most text (bytes, after decoding) the whole corpus may hold; loading stops with
    /// [`crate::Error::CorpusTooLarge`] beyond it, before memory runs out.
    pub max_corpus_size: u64,
}

/// The format of a single input file or of standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// From the file name (`.jsonl`, `.csv`, `.tsv`, `.html`, `.txt`…, each optionally `.gz` or
    /// `.zst` where it streams); standard input is JSON Lines when its first line is a JSON
    /// object, HTML when it starts with a tag, else plain text.
    #[default]
    Auto,
    Text,
    #[serde(rename = "jsonl")]
    JsonLines,
    Csv,
    Html,
}

/// Default of [`LoadParams::max_corpus_size`]: 2 GiB of text. `analyse` sets it from its
/// memory budget ([`crate::budget::text_limit`]): the analysis holds some sixteen bytes of
/// tokens, spans and terms for every byte of text.
pub const DEFAULT_MAX_CORPUS_SIZE: u64 = 2 * 1024 * 1024 * 1024;

impl Default for LoadParams {
    fn default() -> Self {
        LoadParams {
            max_file_size: 64 * 1024 * 1024,
            text_field: "text".to_string(),
            id_field: "id".to_string(),
            title_field: "title".to_string(),
            format: InputFormat::Auto,
            max_corpus_size: DEFAULT_MAX_CORPUS_SIZE,
        }
    }
}

/// A path for display: relative to `root` when inside it.
pub(crate) fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let shown = if rel.as_os_str().is_empty() {
        path
    } else {
        rel
    };
    let text = shown.to_string_lossy();
    if text.contains('\\') {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

/// The error for an input with no usable document, naming the first skipped file and why.
pub(crate) fn nothing_usable(input: &Path, skipped: &[Skipped]) -> Error {
    match skipped.first() {
        None => Error::NoDocuments {
            path: input.to_path_buf(),
        },
        Some(first) => Error::NothingUsable {
            path: input.to_path_buf(),
            skipped: skipped.len(),
            first: format!("{}: {}", first.path, first.reason),
        },
    }
}
