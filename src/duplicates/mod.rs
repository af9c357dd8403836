//! Near-duplicate documents: the same story syndicated with other boilerplate, edited and
//! republished, or cut short. News archives are full of them, and each copy would otherwise
//! count as a document of its own in every topic and every figure.
//!
//! The method, one file per step:
//! 1. [`shingles`] — each text becomes its set of hashed word 3-grams, after lower-casing and
//!    the crate's Unicode tokeniser (case, punctuation, line breaks and quotes do not count);
//! 2. [`minhash`] — the set becomes a 128-position MinHash signature (256 bytes), and that, its
//!    size and a fingerprint of the whole text are all that is kept of a document: memory grows
//!    with the number of documents, not their length, and documents are read once, streamed
//!    and in parallel, through the corpus readers;
//! 3. [`lsh`] — banded locality-sensitive hashing proposes candidate pairs;
//! 4. [`verify`] — a candidate pair is a duplicate when the *containment* of the two sets,
//!    |A∩B| / min(|A|, |B|), reaches the threshold: a copy cut to its first 70 %, or a story
//!    framed by another site's headline and boilerplate, is contained in the other whole,
//!    though their Jaccard similarity may be 0.7 or lower. Duplicates form groups (connected
//!    components), each keeping its longest member.
//!
//! This module does not read dates (the corpus readers give none) and does not change
//! the documents; [`find_duplicates`] says which to drop, callers drop them.

pub(crate) mod lsh;
pub(crate) mod minhash;
pub mod shingles;
pub mod verify;

use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

pub use verify::Group as DuplicateGroup;

use crate::corpus::{self, LoadParams, RawBatch, RenamedIds, Skipped, Source, SourceItem};
use crate::error::{Error, Result};
use crate::progress::Progress;
use minhash::Signature;
use shingles::Shingled;
use verify::{Signed, Summary};

/// What near-duplicate detection can be told.
#[derive(Debug, Clone)]
pub struct DuplicateParams {
    /// How to read the input (fields, formats, size limits), as for `analyse`.
    pub load: LoadParams,
    /// Least containment, |A∩B| / min(|A|, |B|) of the shingle sets, for two documents to be
    /// duplicates. Default 0.7: a copy with one word in twelve changed still shares 0.75 of
    /// its 3-grams, unrelated articles of one paper share under 0.1; on DICE with copies 0.7
    /// gave the best F1 of 0.5–0.9 (see the README).
    pub threshold: f64,
    /// Words per shingle (default 3): fewer find more edited copies and more false ones.
    pub shingle_words: usize,
}

impl Default for DuplicateParams {
    fn default() -> Self {
        DuplicateParams {
            load: LoadParams::default(),
            threshold: DEFAULT_THRESHOLD,
            shingle_words: DEFAULT_SHINGLE_WORDS,
        }
    }
}

/// Default of [`DuplicateParams::threshold`].
pub const DEFAULT_THRESHOLD: f64 = 0.7;
/// Default of [`DuplicateParams::shingle_words`].
pub const DEFAULT_SHINGLE_WORDS: usize = 3;

impl DuplicateParams {
    /// Rejects settings that cannot work, before any file is read.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a threshold outside (0, 1] or shingles of 0 or more
    /// than 16 words.
    pub(crate) fn validate(&self) -> Result<()> {
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return Err(Error::invalid(
                "threshold",
                format!("must be in (0, 1], got {}", self.threshold),
            ));
        }
        if !(1..=16).contains(&self.shingle_words) {
            return Err(Error::invalid(
                "shingle_words",
                format!("must be 1 to 16, got {}", self.shingle_words),
            ));
        }
        Ok(())
    }
}

/// The near-duplicates of a corpus.
#[derive(Debug, Default)]
pub struct Duplicates {
    /// Every document's id, in input order, as `analyse` gives them (`x`, `x#2` for a
    /// repeated JSON Lines id).
    pub ids: Vec<String>,
    /// Groups of two or more documents, by first member; members index [`Duplicates::ids`].
    pub groups: Vec<DuplicateGroup>,
    /// Where each document sits in the input's batches (see [`DocumentPositions`]).
    positions: Vec<u64>,
    /// Files and records left out before shingling, with the reason.
    pub skipped: Vec<Skipped>,
    /// Files read as Windows-1252 because they were not UTF-8.
    pub recoded: Vec<String>,
    /// Ids the input repeated, and what the repeats were renamed to.
    pub renamed_ids: Vec<RenamedIds>,
    /// Bytes of text read.
    pub bytes: u64,
}

impl Duplicates {
    /// Documents compared.
    pub fn n_docs(&self) -> usize {
        self.ids.len()
    }

    /// The documents to leave out to keep one copy of each group: every member but the kept
    /// one.
    pub fn dropped(&self) -> DocumentPositions {
        let mut positions: Vec<u64> = self
            .groups
            .iter()
            .flat_map(|g| g.members.iter().filter(move |&&m| m != g.kept))
            .map(|&m| self.positions[m])
            .collect();
        positions.sort_unstable();
        DocumentPositions(positions)
    }
}

/// Documents named by where they sit in the input read in batches ([`Source::batches`] with
/// [`BATCH_BYTES`] and [`BATCH_FILES`]): batch number and rank among the batch's documents.
/// A second pass over the same input meets them at the same places, without ids (which need
/// not be unique before renaming) or a map from id to document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentPositions(Vec<u64>);

impl DocumentPositions {
    /// Whether the `rank`-th document of batch `batch` is in the set.
    pub fn contains(&self, batch: usize, rank: usize) -> bool {
        self.0.binary_search(&position(batch, rank)).is_ok()
    }

    /// Documents in the set.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no document is in the set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn position(batch: usize, rank: usize) -> u64 {
    ((batch as u64) << 32) | rank as u64
}

// Batches are the corpus's (`corpus::BATCH_BYTES`, `corpus::BATCH_FILES`), as the
// vectoriser's, so that [`DocumentPositions`] found here name the same documents there.
pub(crate) use crate::corpus::{BATCH_BYTES, BATCH_FILES};

/// Reads every document of `input` once (streamed, in parallel) and groups its
/// near-duplicates.
///
/// # Errors
/// Invalid parameters; input errors (missing path, unsupported file, nothing usable, a read
/// that fails midway), each naming the file.
pub fn find_duplicates(
    input: &Path,
    params: &DuplicateParams,
    progress: &dyn Progress,
) -> Result<Duplicates> {
    params.validate()?;
    let source = Source::open(input, &params.load)?;
    let chunks = sign_batches(&source, params, progress)?;
    let n_docs: usize = chunks.iter().map(|c| c.ids.len()).sum();
    let mut found = Duplicates::default();
    if n_docs == 0 {
        let skipped: Vec<Skipped> = chunks.into_iter().flat_map(|c| c.skipped).collect();
        return Err(corpus::nothing_usable(input, &skipped));
    }
    let mut signed = Signed {
        summaries: Vec::with_capacity(n_docs),
        signatures: Vec::with_capacity(n_docs),
    };
    found.ids.reserve(n_docs);
    found.positions.reserve(n_docs);
    for chunk in chunks {
        // One chunk at a time, so the signatures are never held twice.
        for (rank, id) in chunk.ids.into_iter().enumerate() {
            found.ids.push(id);
            found.positions.push(position(chunk.index, rank));
        }
        signed.summaries.extend(chunk.summaries);
        signed.signatures.extend(chunk.signatures);
        found.skipped.extend(chunk.skipped);
        found.recoded.extend(chunk.recoded);
        found.bytes += chunk.bytes;
    }
    found.renamed_ids = corpus::make_ids_unique_by(&mut found.ids, |id| id);
    found.groups = signed.groups(params.threshold);
    Ok(found)
}

/// Groups the near-duplicates among `texts` held in memory (as `analyse` holds them); the
/// groups' members index `texts`.
///
/// # Errors
/// Invalid parameters.
pub fn group_texts(texts: &[&str], params: &DuplicateParams) -> Result<Vec<DuplicateGroup>> {
    params.validate()?;
    let started = std::time::Instant::now();
    let signed: Vec<(Summary, Signature)> = texts
        .par_iter()
        .map_init(
            || (Shingled::default(), Vec::new()),
            |(sh, words), text| sign(text, params.shingle_words, sh, words),
        )
        .collect();
    let (summaries, signatures) = signed.into_iter().unzip();
    tracing::debug!(elapsed = ?started.elapsed(), "near-duplicates: texts signed");
    let groups = Signed {
        summaries,
        signatures,
    }
    .groups(params.threshold);
    tracing::debug!(elapsed = ?started.elapsed(), "near-duplicates: grouped");
    Ok(groups)
}

fn sign(text: &str, n: usize, sh: &mut Shingled, words: &mut Vec<u64>) -> (Summary, Signature) {
    shingles::shingle(text, n, sh, words);
    let summary = Summary {
        n_shingles: u32::try_from(sh.hashes.len()).unwrap_or(u32::MAX),
        n_words: sh.n_words,
        fingerprint: sh.fingerprint,
        figures: sh.figures,
    };
    (summary, minhash::signature(&sh.hashes))
}

/// The documents of one batch, reduced to what grouping needs.
#[derive(Debug, Default)]
struct Chunk {
    index: usize,
    ids: Vec<String>,
    summaries: Vec<Summary>,
    signatures: Vec<Signature>,
    skipped: Vec<Skipped>,
    recoded: Vec<String>,
    bytes: u64,
}

/// Signs every batch on the rayon pool, reading on a thread of its own (as the vectoriser
/// does); returns the chunks in input order.
fn sign_batches(
    source: &Source,
    params: &DuplicateParams,
    progress: &dyn Progress,
) -> Result<Vec<Chunk>> {
    let n_threads = rayon::current_num_threads().max(1);
    let chunks: Mutex<Vec<Chunk>> = Mutex::new(Vec::new());
    progress.start("reading", 0);
    let read = source.read_ahead(BATCH_BYTES, BATCH_FILES, 2 * n_threads, |rx| {
        rx.into_iter().par_bridge().for_each_init(
            || (Shingled::default(), Vec::new()),
            |(sh, words), batch| {
                let chunk = sign_batch(batch, source, params.shingle_words, sh, words);
                progress.advance(chunk.bytes);
                chunks.lock().unwrap_or_else(|e| e.into_inner()).push(chunk);
            },
        );
    });
    progress.finish();
    read?;
    let mut chunks = chunks.into_inner().unwrap_or_else(|e| e.into_inner());
    chunks.sort_unstable_by_key(|c| c.index);
    Ok(chunks)
}

fn sign_batch(
    batch: RawBatch,
    source: &Source,
    n: usize,
    sh: &mut Shingled,
    words: &mut Vec<u64>,
) -> Chunk {
    let mut chunk = Chunk {
        index: batch.index,
        ..Chunk::default()
    };
    batch.for_each_item(source, |item| match item {
        SourceItem::Document { document, recoded } => {
            let (summary, signature) = sign(&document.text, n, sh, words);
            chunk.summaries.push(summary);
            chunk.signatures.push(signature);
            chunk.bytes += document.text.len() as u64;
            if recoded {
                chunk.recoded.push(document.id.clone());
            }
            chunk.ids.push(document.id);
        }
        SourceItem::Skipped(s) => chunk.skipped.push(s),
    });
    chunk
}

/// What `sintesi duplicates --json` prints, built from [`Duplicates`] with ids in place of
/// indices.
#[derive(Debug, Serialize)]
pub struct DuplicatesReport<'a> {
    /// JSON `documents`: how many documents were compared.
    pub documents: usize,
    /// JSON `seconds`: wall-clock time of the run.
    pub seconds: f64,
    /// JSON `groups`: the near-duplicate groups, by first member.
    pub groups: Vec<GroupReport<&'a str>>,
}

/// One group with ids (`Id`: `&str` here, `String` in `analyse`'s report) in place of
/// indices.
#[derive(Debug, Serialize)]
pub struct GroupReport<Id> {
    /// JSON `kept`: the id of the copy `--dedup` keeps (the longest, the earliest among equals).
    pub kept: Id,
    /// JSON `members`: ids of every document of the group, the kept one included.
    pub members: Vec<Id>,
    /// JSON `similarities`: `[id, id, containment]` for pairs of members, containment in
    /// `[0, 1]` rounded to three decimals.
    pub similarities: Vec<(Id, Id, f64)>,
}

impl DuplicateGroup {
    /// The group with `id(i)` in place of each document index `i`.
    pub fn with_ids<Id>(&self, id: impl Fn(usize) -> Id) -> GroupReport<Id> {
        GroupReport {
            kept: id(self.kept),
            members: self.members.iter().map(|&m| id(m)).collect(),
            similarities: self
                .similarities
                .iter()
                .map(|&(i, j, s)| (id(i), id(j), s))
                .collect(),
        }
    }
}

impl Duplicates {
    /// The groups with ids, for a report.
    pub fn report(&self, seconds: f64) -> DuplicatesReport<'_> {
        DuplicatesReport {
            documents: self.n_docs(),
            seconds,
            groups: self
                .groups
                .iter()
                .map(|g| g.with_ids(|i| self.ids[i].as_str()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_find_what_was_dropped() {
        let set = DocumentPositions(vec![position(0, 3), position(2, 0)]);
        assert!(set.contains(0, 3) && set.contains(2, 0));
        assert!(!set.contains(0, 0) && !set.contains(3, 2));
    }

    #[test]
    fn rejects_bad_parameters() {
        for threshold in [0.0, 1.5, f64::NAN] {
            let p = DuplicateParams {
                threshold,
                ..DuplicateParams::default()
            };
            assert!(p.validate().is_err());
        }
        let p = DuplicateParams {
            shingle_words: 0,
            ..DuplicateParams::default()
        };
        assert!(p.validate().is_err());
    }

    #[test]
    fn reads_a_folder_and_names_documents_by_path() {
        let dir = tempfile::tempdir().unwrap();
        let story = "Il consiglio comunale ha approvato il bilancio del porto dopo un lungo \
            dibattito; il sindaco ha detto che i fondi andranno al dragaggio del canale.";
        std::fs::write(dir.path().join("a.txt"), story).unwrap();
        std::fs::write(dir.path().join("b.txt"), format!("Leggi anche\n\n{story}")).unwrap();
        std::fs::write(
            dir.path().join("c.txt"),
            "Tutt'altra storia: piove a Milano da tre giorni e il Seveso è esondato.",
        )
        .unwrap();
        let found = find_duplicates(
            dir.path(),
            &DuplicateParams::default(),
            &crate::progress::NoProgress,
        )
        .unwrap();
        assert_eq!(found.ids, ["a.txt", "b.txt", "c.txt"]);
        assert_eq!(found.groups.len(), 1);
        assert_eq!(found.groups[0].members, [0, 1]);
        assert_eq!(found.groups[0].kept, 1);
        assert_eq!(found.dropped(), DocumentPositions(vec![position(0, 0)]));
    }
}
