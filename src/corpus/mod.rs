//! The corpus stage: finding, reading, decoding and cleaning documents.
//!
//! This module is, with the report writers, the only part of the library that touches the file
//! system. It turns an input (a folder, a single text or HTML file, a JSON Lines or CSV file,
//! plain or compressed, or standard input) into [`Document`]s with clean UTF-8 text and a list of [`Skipped`] files with the
//! reason each was left out. It knows nothing about languages or tokens. It also reads what
//! evaluation compares against: reference summaries ([`load_pairs`]), the reference texts of
//! topic coherence as the peer script reads them ([`reference_texts`]) and topics given in a
//! file ([`load_topics`]).

mod batches;
mod clean;
mod csv;
mod decode;
mod html;
mod jsonl;
mod pairs;
mod reference;
mod source;
mod topics;

pub use batches::RawBatch;
pub use clean::{clean, CleanReport};
pub use csv::records as csv_records;
pub use decode::{decode, Decoded};
pub use html::{limit_nesting, to_text as html_to_text, Page};
pub use jsonl::json_lines;
pub use pairs::{load_pairs, Pairs, SummaryPair, SUMMARY_FIELD};
pub use reference::{reference_texts, ReferenceTexts};
pub use source::{InputKind, Source, SourceItem, STDIN};
pub use topics::{load_topics, parse_topics};

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

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

/// What loading produced.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
    /// Files read as Windows-1252 because they were not UTF-8.
    pub recoded: Vec<String>,
    /// Ids that several records gave, and what the later ones are called.
    pub renamed_ids: Vec<RenamedIds>,
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
    /// [`Error::CorpusTooLarge`] beyond it, before memory runs out.
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

/// Reads every document under `input` into memory, in a stable order (sorted paths, or file
/// order for JSON Lines).
///
/// # Errors
/// [`Error::InputNotFound`] when the path does not exist, [`Error::NoDocuments`] or
/// [`Error::NothingUsable`] when nothing usable was found, [`Error::CorpusTooLarge`] past
/// `max_corpus_size`, I/O errors naming the file.
pub fn load(input: &Path, params: &LoadParams) -> Result<Corpus> {
    let source = Source::open(input, params)?;
    let mut corpus = Corpus::default();
    let mut total: u64 = 0;
    for item in source.items() {
        match item? {
            SourceItem::Document { document, recoded } => {
                total += document.text.len() as u64;
                if total > params.max_corpus_size {
                    return Err(Error::CorpusTooLarge {
                        path: input.to_path_buf(),
                        limit: params.max_corpus_size,
                        documents: corpus.documents.len(),
                    });
                }
                if recoded {
                    corpus.recoded.push(document.id.clone());
                }
                corpus.documents.push(document);
            }
            SourceItem::Skipped(skipped) => corpus.skipped.push(skipped),
        }
    }
    if corpus.documents.is_empty() {
        return Err(nothing_usable(input, &corpus.skipped));
    }
    corpus.renamed_ids = make_ids_unique(&mut corpus.documents);
    Ok(corpus)
}

/// Gives every document a distinct id: the second record with id `x` becomes `x#2`, the third
/// `x#3` (skipping any the input already uses), so no report names two documents alike.
/// Returns what was renamed, in order of first appearance.
pub fn make_ids_unique(documents: &mut [Document]) -> Vec<RenamedIds> {
    make_ids_unique_by(documents, |d| &mut d.id)
}

/// [`make_ids_unique`] for anything that carries an id (`id_of` reaches it): the ids of
/// a corpus streamed rather than loaded get the same names.
pub fn make_ids_unique_by<T>(
    documents: &mut [T],
    mut id_of: impl FnMut(&mut T) -> &mut String,
) -> Vec<RenamedIds> {
    use std::collections::{HashMap, HashSet};
    let mut taken: HashSet<String> = HashSet::with_capacity(documents.len());
    let mut repeated: Vec<usize> = Vec::new();
    for (i, d) in documents.iter_mut().enumerate() {
        if !taken.insert(id_of(d).clone()) {
            repeated.push(i);
        }
    }
    let mut renamed: Vec<RenamedIds> = Vec::new();
    let mut slot: HashMap<String, (usize, usize)> = HashMap::new(); // id → (entry, last n)
    for i in repeated {
        let id = id_of(&mut documents[i]).clone();
        let (entry, n) = slot.entry(id.clone()).or_insert_with(|| {
            renamed.push(RenamedIds {
                id: id.clone(),
                renamed: Vec::new(),
            });
            (renamed.len() - 1, 1)
        });
        let new_id = loop {
            *n += 1;
            let candidate = format!("{id}#{n}");
            if taken.insert(candidate.clone()) {
                break candidate;
            }
        };
        renamed[*entry].renamed.push(new_id.clone());
        *id_of(&mut documents[i]) = new_id;
    }
    renamed
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_ids_are_numbered() {
        let doc = |id: &str| Document {
            id: id.to_string(),
            path: PathBuf::from("x.jsonl"),
            title: None,
            label: None,
            text: "t".into(),
        };
        let mut docs = vec![doc("x"), doc("x"), doc("y"), doc("x#3"), doc("x")];
        let renamed = make_ids_unique(&mut docs);
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["x", "x#2", "y", "x#3", "x#4"]);
        assert_eq!(
            renamed,
            [RenamedIds {
                id: "x".into(),
                renamed: vec!["x#2".into(), "x#4".into()]
            }]
        );
    }
}
