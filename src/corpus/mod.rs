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
mod document;
mod html;
mod jsonl;
mod pairs;
mod reference;
mod source;
mod topics;

pub(crate) use batches::RawBatch;
pub use clean::clean;
pub use clean::CleanReport;
pub use csv::records as csv_records;
pub use decode::{decode, Decoded};
pub(crate) use document::{display_path, nothing_usable, GENERATED_MARK};
pub use document::{Document, InputFormat, LoadParams, RenamedIds, Skipped, SourceItem};
pub use html::Page;
pub use html::{limit_nesting, to_text as html_to_text};
pub use jsonl::json_lines;
pub use pairs::SummaryPair;
pub use pairs::{load_pairs, Pairs};
pub(crate) use reference::reference_texts;
pub use source::STDIN;
pub(crate) use source::{InputKind, Source};
pub(crate) use topics::load_topics;

use std::path::Path;

use crate::error::{Error, Result};

/// What loading produced.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Documents read, in input order (folders sorted by path).
    pub documents: Vec<Document>,
    /// Files and records left out, with the reason.
    pub skipped: Vec<Skipped>,
    /// Files read as Windows-1252 because they were not UTF-8.
    pub recoded: Vec<String>,
    /// Ids that several records gave, and what the later ones are called.
    pub renamed_ids: Vec<RenamedIds>,
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
pub(crate) fn make_ids_unique(documents: &mut [Document]) -> Vec<RenamedIds> {
    make_ids_unique_by(documents, |d| &mut d.id)
}

/// [`make_ids_unique`] for anything that carries an id (`id_of` reaches it): the ids of
/// a corpus streamed rather than loaded get the same names.
pub(crate) fn make_ids_unique_by<T>(
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn repeated_ids_are_numbered() {
        let doc = |id: &str| Document {
            id: id.to_string(),
            path: PathBuf::from("x.jsonl").into(),
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
