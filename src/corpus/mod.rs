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

pub(crate) use batches::{RawBatch, BATCH_BYTES, BATCH_FILES};
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
    let batches = decode_in_parallel(&source)?;
    let mut corpus = Corpus::default();
    let too_large = |documents: usize| Error::CorpusTooLarge {
        path: input.to_path_buf(),
        limit: params.max_corpus_size,
        documents,
    };
    let mut total: u64 = 0;
    for (expected, batch) in batches.into_iter().enumerate() {
        // A batch missing means decoding stopped past the limit: its total is already over.
        if batch.index != expected {
            return Err(too_large(corpus.documents.len()));
        }
        for item in batch.items {
            match item {
                SourceItem::Document { document, recoded } => {
                    total += document.text.len() as u64;
                    if total > params.max_corpus_size {
                        return Err(too_large(corpus.documents.len()));
                    }
                    if recoded {
                        corpus.recoded.push(document.id.clone());
                    }
                    corpus.documents.push(document);
                }
                SourceItem::Skipped(skipped) => corpus.skipped.push(skipped),
            }
        }
    }
    if corpus.documents.is_empty() {
        return Err(nothing_usable(input, &corpus.skipped));
    }
    corpus.renamed_ids = make_ids_unique(&mut corpus.documents);
    Ok(corpus)
}

/// One batch of the input, decoded.
struct DecodedBatch {
    index: usize,
    items: Vec<SourceItem>,
}

/// Every batch of `source` decoded (JSON parsed, files read), in input order: a thread reads
/// while the pool decodes, as `vectorise` does. Read one at a time, a million JSON Lines
/// records took 2 s. Once the text decoded passes `max_corpus_size`, the batches still to come
/// are not decoded, so a huge input stops early; the list then ends or has a gap there.
fn decode_in_parallel(source: &Source) -> Result<Vec<DecodedBatch>> {
    use rayon::iter::{ParallelBridge, ParallelIterator};
    use std::sync::atomic::{AtomicU64, Ordering};
    let limit = source.params().max_corpus_size;
    let decoded_bytes = AtomicU64::new(0);
    let batches = std::sync::Mutex::new(Vec::new());
    let n_threads = rayon::current_num_threads().max(1);
    source.read_ahead(BATCH_BYTES, BATCH_FILES, 2 * n_threads, |rx| {
        rx.into_iter().par_bridge().for_each(|batch| {
            if decoded_bytes.load(Ordering::Relaxed) > limit {
                return;
            }
            let index = batch.index;
            let mut items = Vec::with_capacity(batch.len());
            batch.for_each_item(source, |item| items.push(item));
            let bytes: u64 = items
                .iter()
                .map(|item| match item {
                    SourceItem::Document { document, .. } => document.text.len() as u64,
                    SourceItem::Skipped(_) => 0,
                })
                .sum();
            decoded_bytes.fetch_add(bytes, Ordering::Relaxed);
            let decoded = DecodedBatch { index, items };
            batches
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(decoded);
        });
    })?;
    let mut batches = batches.into_inner().unwrap_or_else(|e| e.into_inner());
    batches.sort_unstable_by_key(|b| b.index);
    Ok(batches)
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

    /// A JSON Lines file of `n` records of about 600 bytes: several batches of
    /// [`BATCH_BYTES`], with a bad line and a blank one among them.
    fn many_records(n: usize) -> tempfile::NamedTempFile {
        use std::io::Write;
        let mut file = tempfile::Builder::new()
            .suffix(".jsonl")
            .tempfile()
            .unwrap();
        for i in 0..n {
            let text = format!("Record {i} says something. ").repeat(20);
            writeln!(
                file,
                "{}",
                serde_json::json!({"id": format!("r{}", i % 997), "text": text})
            )
            .unwrap();
            if i == 2500 {
                writeln!(file, "{{not json").unwrap();
                writeln!(file).unwrap();
            }
        }
        file.flush().unwrap();
        file
    }

    #[test]
    fn loading_in_parallel_keeps_the_order_and_the_skipped_lines_of_reading_in_turn() {
        let file = many_records(6000);
        let params = LoadParams::default();
        let loaded = load(file.path(), &params).unwrap();
        // The sequential reader, record by record, as the reference.
        let source = Source::open(file.path(), &params).unwrap();
        let (mut documents, mut skipped) = (Vec::new(), Vec::new());
        for item in source.items() {
            match item.unwrap() {
                SourceItem::Document { document, .. } => documents.push(document),
                SourceItem::Skipped(s) => skipped.push(s),
            }
        }
        let renamed = make_ids_unique(&mut documents);
        assert_eq!(loaded.documents.len(), 6000);
        let fields = |d: &Document| {
            (
                d.id.clone(),
                d.path.clone(),
                d.title.clone(),
                d.text.clone(),
            )
        };
        let expected: Vec<_> = documents.iter().map(fields).collect();
        assert_eq!(
            loaded.documents.iter().map(fields).collect::<Vec<_>>(),
            expected
        );
        assert_eq!(loaded.skipped, skipped);
        assert_eq!(loaded.renamed_ids, renamed);
    }

    #[test]
    fn a_corpus_past_its_size_limit_stops_with_the_documents_read_until_then() {
        let file = many_records(6000);
        let text_of_one = "Record 0 says something. ".repeat(20).len() as u64;
        let params = LoadParams {
            max_corpus_size: 1000 * text_of_one,
            ..LoadParams::default()
        };
        // Reading in turn, the documents before the one that passes the limit.
        let source = Source::open(file.path(), &params).unwrap();
        let mut total = 0;
        let before = source
            .items()
            .filter_map(|item| match item.unwrap() {
                SourceItem::Document { document, .. } => Some(document.text.len() as u64),
                SourceItem::Skipped(_) => None,
            })
            .take_while(|&len| {
                total += len;
                total <= params.max_corpus_size
            })
            .count();
        assert!((900..1000).contains(&before), "{before}");
        match load(file.path(), &params) {
            Err(Error::CorpusTooLarge {
                limit, documents, ..
            }) => {
                assert_eq!(limit, params.max_corpus_size);
                assert_eq!(documents, before);
            }
            other => panic!("expected CorpusTooLarge, got {other:?}"),
        }
    }

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
