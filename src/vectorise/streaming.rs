//! The streaming, parallel vectoriser behind `sintesi vectorise`: documents are read in batches by one thread (reading and decompressing),
//! handed over a bounded channel to rayon workers that decode, detect the language, tokenise
//! and count, and forgotten as soon as they are counted. What stays in memory is the
//! vocabulary and one packed `(term, count)` per non-zero, so memory grows with the
//! vocabulary and the non-zeros, not with the bytes of text. The other commands count with
//! the same workers ([`super::counting`]) through [`super::analysis`], on documents already
//! loaded and cleaned, keeping each sentence's terms.
//!
//! At the end the document frequencies of the workers are summed, the columns chosen
//! ([`TfidfModel::from_document_frequencies`], scikit-learn's rules), and every row remapped to
//! sorted columns with its norm. Weights are computed when the matrix is read
//! ([`Vectorised::rows`]), in `f64`, so the matrix costs 8 bytes per non-zero.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::analysis::workers_surface_forms;
use super::counting::{CountParams, RowEntries, Terms, Worker};
use super::vocabulary::{spell, SharedVocabulary, TermName};
use super::{Norm, TfidfModel, TfidfParams};
use crate::corpus::{self, LoadParams, RawBatch, Skipped, Source, SourceItem};
use crate::error::{Error, Result};
use crate::language::{self, Language};
use crate::progress::Progress;
use crate::text::AnalyserParams;

// Batches as `duplicates` reads them, so that the documents it drops are found by position.
use crate::duplicates::{DocumentPositions, BATCH_BYTES, BATCH_FILES};

/// Everything `vectorise` can be told; defaults are scikit-learn's and `analyse`'s.
#[derive(Debug, Clone, Default)]
pub struct VectoriseParams {
    /// How to read the input (fields, formats, size limits).
    pub load: LoadParams,
    /// One language for every document instead of detecting each one.
    pub language: Option<Language>,
    /// Stemming and stop words.
    pub analyser: AnalyserParams,
    /// Which n-grams are terms (default words only).
    pub ngram_range: NgramRange,
    /// Weighting and pruning (scikit-learn's defaults).
    pub tfidf: TfidfParams,
    /// Hash terms into this many columns instead of building a vocabulary.
    pub hashing: Option<u32>,
    /// Leave [`Vectorised::vocabulary`] out: choosing every term's surface form means merging
    /// the workers' word caches, a tenth of the time on a 20,000-file folder, for a caller who
    /// only wants the matrix or the figures.
    pub without_vocabulary: bool,
    /// Documents to leave out, as if absent from the input (`vectorise --dedup`: all but one
    /// copy of each group of near-duplicates).
    pub drop_documents: DocumentPositions,
}

/// Lengths of the n-grams counted, `min..=max` (default 1..=1: words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NgramRange {
    /// Shortest n-gram counted, at least 1.
    pub min: usize,
    /// Longest n-gram counted, at least `min`.
    pub max: usize,
}

impl Default for NgramRange {
    fn default() -> Self {
        NgramRange { min: 1, max: 1 }
    }
}

impl std::str::FromStr for NgramRange {
    type Err = String;

    /// `1..2`, `1,2` or `2` (= `2..2`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parse = |p: &str| {
            p.trim()
                .parse::<usize>()
                .map_err(|_| format!("`{s}` is not an n-gram range like 1..2"))
        };
        let (min, max) = match s.split_once("..").or_else(|| s.split_once(',')) {
            Some((a, b)) => (parse(a)?, parse(b.trim_start_matches('='))?),
            None => {
                let n = parse(s)?;
                (n, n)
            }
        };
        Ok(NgramRange { min, max })
    }
}

impl VectoriseParams {
    /// Rejects settings that cannot work, before any file is read.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`].
    pub(crate) fn validate(&self) -> Result<()> {
        self.tfidf.validate()?;
        let NgramRange { min, max } = self.ngram_range;
        if min == 0 || min > max || max > 8 {
            return Err(Error::invalid(
                "ngram_range",
                format!("{min}..{max}: need 1 ≤ min ≤ max ≤ 8"),
            ));
        }
        if self.hashing == Some(0) {
            return Err(Error::invalid("hashing", "needs at least 1 bucket"));
        }
        Ok(())
    }

    fn count_params(&self) -> CountParams {
        CountParams {
            analyser: self.analyser,
            ngram_range: (self.ngram_range.min, self.ngram_range.max),
        }
    }
}

/// A column of the matrix with what is known about it.
#[derive(Debug, Clone, Serialize)]
pub struct VocabularyEntry {
    /// The stemmed term (n-grams joined by spaces), as columns are named.
    pub term: String,
    /// Its column in the matrix.
    pub column: usize,
    /// The word form seen most often for the term (`innovazione` for `innov`).
    pub surface_form: String,
    /// Documents containing the term.
    pub document_frequency: u32,
    /// Its inverse document frequency, as the matrix weights it.
    pub idf: f64,
}

/// The result of vectorising a corpus: a sparse document × term TF-IDF matrix.
#[derive(Debug)]
pub struct Vectorised {
    /// Documents vectorised: the matrix's rows.
    pub n_docs: usize,
    /// Bytes of document text (UTF-8, after decoding) vectorised.
    pub bytes: u64,
    /// Index tokens (after stop words) counted.
    pub n_tokens: u64,
    /// The columns and their idf; weights are computed from it when rows are read.
    pub model: TfidfModel,
    /// The columns' terms in column order; `None` in hashing mode.
    pub vocabulary: Option<Vec<VocabularyEntry>>,
    /// Documents per language code.
    pub languages: BTreeMap<String, usize>,
    /// Files and records left out, with the reason.
    pub skipped: Vec<Skipped>,
    /// Files read as Windows-1252 because they were not UTF-8.
    pub recoded: Vec<String>,
    chunks: Vec<Chunk>,
}

/// The rows of one batch: `(term, count)` as counted, then `(column, count)` sorted by
/// column within a row once the vocabulary is known.
#[derive(Debug, Default)]
struct Chunk {
    index: usize,
    entries: RowEntries,
    row_len: Vec<u32>,
    /// Each row's norm (1 when the row is empty or not normalised).
    norms: Vec<f64>,
    bytes: u64,
    n_docs: usize,
    languages: FxHashMap<&'static str, usize>,
    skipped: Vec<Skipped>,
    recoded: Vec<String>,
}

/// Reads, tokenises and counts every document of `input`, then weights the counts.
///
/// # Errors
/// Input errors (missing path, unsupported file, nothing usable), invalid parameters and an
/// empty vocabulary.
pub fn vectorise(
    input: &Path,
    params: &VectoriseParams,
    progress: &dyn Progress,
) -> Result<Vectorised> {
    params.validate()?;
    let started = std::time::Instant::now();
    let source = Source::open(input, &params.load)?;
    let vocabulary = SharedVocabulary::new();
    let terms = match params.hashing {
        Some(n) => Terms::Hashing(n),
        None => Terms::Vocabulary(&vocabulary),
    };
    let (chunks, mut workers) = count_batches(&source, params, terms, progress)?;
    tracing::debug!(elapsed = ?started.elapsed(), "counted");
    let n_docs: usize = chunks.iter().map(|c| c.n_docs).sum();
    if n_docs == 0 {
        let skipped: Vec<Skipped> = chunks.into_iter().flat_map(|c| c.skipped).collect();
        return Err(corpus::nothing_usable(input, &skipped));
    }
    let n_terms = match params.hashing {
        Some(n) => n as usize,
        None => vocabulary.n_terms(),
    };
    let mut df = vec![0u32; n_terms];
    let mut total = vec![0u64; n_terms];
    for w in &workers {
        for (t, (&d, &c)) in w.df.iter().zip(&w.total).enumerate().take(n_terms) {
            df[t] += d;
            total[t] += c;
        }
    }
    let n_tokens = workers.iter().map(|w| w.n_tokens).sum();
    let (model, vocabulary) = weigh(
        &df,
        &total,
        n_docs,
        vocabulary,
        params,
        !params.without_vocabulary,
        &mut workers,
    )?;
    tracing::debug!(elapsed = ?started.elapsed(), "weighted");
    drop(workers);
    drop(df);
    drop(total);
    let vectorised = assemble(chunks, model, vocabulary, n_tokens);
    tracing::debug!(elapsed = ?started.elapsed(), "assembled");
    Ok(vectorised)
}

/// Counts every batch on the rayon pool, reading on a thread of its own; returns the chunks
/// in input order and the workers (for their df, totals and word caches).
fn count_batches(
    source: &Source,
    params: &VectoriseParams,
    terms: Terms<'_>,
    progress: &dyn Progress,
) -> Result<(Vec<Chunk>, Vec<Worker>)> {
    let n_threads = rayon::current_num_threads().max(1);
    let workers: Vec<Mutex<Worker>> = (0..n_threads).map(|_| Mutex::new(Worker::new())).collect();
    let chunks: Mutex<Vec<Chunk>> = Mutex::new(Vec::new());
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let count = params.count_params();
    progress.start("vectorising", 0);
    let read = source.read_ahead(BATCH_BYTES, BATCH_FILES, 2 * n_threads, |rx| {
        // The corpus's language, for documents too weak to tell their own
        // (`Detection::settle`), is read off the first batch: known before anything is
        // counted, and the same on every run.
        let first = rx.recv().ok();
        let dominant = match (&first, params.language) {
            (Some(batch), None) => first_batch_language(batch, source),
            _ => None,
        };
        first.into_iter().chain(rx).par_bridge().for_each(|batch| {
            if failure.lock().map_or(true, |f| f.is_some()) {
                return;
            }
            let slot = rayon::current_thread_index().unwrap_or(0) % n_threads;
            let mut worker = workers[slot].lock().unwrap_or_else(|e| e.into_inner());
            match count_batch(&mut worker, batch, source, params, &count, terms, dominant) {
                Ok(chunk) => {
                    progress.advance(chunk.bytes);
                    chunks.lock().unwrap_or_else(|e| e.into_inner()).push(chunk);
                }
                Err(e) => {
                    if let Ok(mut f) = failure.lock() {
                        f.get_or_insert(e);
                    }
                }
            }
        });
    });
    progress.finish();
    read?;
    if let Some(e) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    let mut chunks = chunks.into_inner().unwrap_or_else(|e| e.into_inner());
    chunks.sort_unstable_by_key(|c| c.index);
    let workers = workers
        .into_iter()
        .map(|w| w.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect();
    Ok((chunks, workers))
}

fn count_batch(
    worker: &mut Worker,
    batch: RawBatch,
    source: &Source,
    params: &VectoriseParams,
    count: &CountParams,
    terms: Terms<'_>,
    dominant: Option<Language>,
) -> Result<Chunk> {
    let mut chunk = Chunk {
        index: batch.index,
        entries: RowEntries::with_capacity(batch.len() * 64),
        row_len: Vec::with_capacity(batch.len()),
        ..Chunk::default()
    };
    let mut failed = None;
    let (batch_index, mut rank) = (batch.index, 0);
    batch.for_each_item(source, |item| match item {
        SourceItem::Document { document, recoded } => {
            rank += 1;
            if failed.is_some() || params.drop_documents.contains(batch_index, rank - 1) {
                return;
            }
            let detected = params.language.map_or_else(
                || language::detect_one(&document.text).settle(&document.text, dominant),
                language::Detected::Known,
            );
            match worker.count_text(
                &document.text,
                detected.language(),
                count,
                terms,
                &mut chunk.entries,
            ) {
                Ok(n) => chunk.row_len.push(n),
                Err(e) => failed = Some(e),
            }
            *chunk.languages.entry(detected.code()).or_insert(0) += 1;
            chunk.bytes += document.text.len() as u64;
            chunk.n_docs += 1;
            if recoded {
                chunk.recoded.push(document.id);
            }
        }
        SourceItem::Skipped(s) => chunk.skipped.push(s),
    });
    if let Some(e) = failed {
        return Err(e);
    }
    chunk.entries.shrink_to_fit();
    Ok(chunk)
}

/// The language that dominates the documents of the first batch ([`language::dominant_language`]).
fn first_batch_language(batch: &RawBatch, source: &Source) -> Option<Language> {
    let mut detections = Vec::new();
    batch.peek_items(source, |item| {
        if let SourceItem::Document { document, .. } = item {
            detections.push(language::detect_one(&document.text));
        }
    });
    language::dominant_language(&detections)
}

/// Weights the summed counts into the model: buckets when hashing, otherwise the columns
/// chosen from the vocabulary, with its entries (surface forms from `workers`' word caches)
/// when `with_entries`.
fn weigh(
    df: &[u32],
    total: &[u64],
    n_docs: usize,
    vocabulary: SharedVocabulary,
    params: &VectoriseParams,
    with_entries: bool,
    workers: &mut [Worker],
) -> Result<(TfidfModel, Option<Vec<VocabularyEntry>>)> {
    if params.hashing.is_some() {
        return Ok((
            TfidfModel::for_buckets(df, total, n_docs, &params.tfidf)?,
            None,
        ));
    }
    let names = vocabulary.into_names();
    let spelt = spell(&names);
    let model = TfidfModel::from_document_frequencies(
        df,
        total,
        n_docs,
        |t| &spelt[t as usize],
        &params.tfidf,
    )?;
    let entries = with_entries.then(|| vocabulary_entries(&model, &names, &spelt, workers));
    Ok((model, entries))
}

/// The vocabulary in column order, with surface forms from the workers' word caches (summed
/// over workers, then the rule of [`crate::text::surface_forms`]).
fn vocabulary_entries(
    model: &TfidfModel,
    names: &[TermName],
    spelt: &[Box<str>],
    workers: &mut [Worker],
) -> Vec<VocabularyEntry> {
    // Per language slot, as `analyse` keeps them: the workers' counts summed into the first
    // worker's caches.
    let forms = workers_surface_forms(
        workers,
        names.len(),
        |token| token as u32,
        |t| &spelt[t as usize],
    );
    let surface = |t: u32| -> String {
        let mut parts = Vec::new();
        let mut cur = t;
        while let TermName::Pair(prefix, last) = &names[cur as usize] {
            parts.push(forms[*last as usize].as_str());
            cur = *prefix;
        }
        parts.push(forms[cur as usize].as_str());
        parts.reverse();
        parts.join(" ")
    };
    (0..model.n_columns())
        .map(|col| {
            let t = model.term(col);
            VocabularyEntry {
                term: spelt[t as usize].to_string(),
                column: col,
                surface_form: surface(t),
                document_frequency: model.document_frequency()[col],
                idf: model.idf()[col],
            }
        })
        .collect()
}

/// Remaps every row to sorted columns (dropping pruned terms) and computes its norm.
fn assemble(
    mut chunks: Vec<Chunk>,
    model: TfidfModel,
    vocabulary: Option<Vec<VocabularyEntry>>,
    n_tokens: u64,
) -> Vectorised {
    chunks.par_iter_mut().for_each(|chunk| {
        chunk.norms = Vec::with_capacity(chunk.row_len.len());
        let norms = &mut chunk.norms;
        chunk.entries.rewrite_rows(&mut chunk.row_len, |row| {
            row.retain_mut(|e| match model.column((*e >> 32) as u32) {
                Some(col) => {
                    *e = ((col as u64) << 32) | (*e & u64::from(u32::MAX));
                    true
                }
                None => false,
            });
            row.sort_unstable();
            let weights = row
                .iter()
                .map(|&e| model.weight((e >> 32) as usize, e as u32));
            let norm = match model.params().norm {
                Norm::L2 => weights.map(|w| w * w).sum::<f64>().sqrt(),
                Norm::L1 => weights.map(f64::abs).sum::<f64>(),
                Norm::None => 1.0,
            };
            norms.push(if norm > 0.0 { norm } else { 1.0 });
        });
        chunk.entries.shrink_to_fit();
    });
    let mut languages = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut recoded = Vec::new();
    for chunk in &mut chunks {
        for (code, n) in chunk.languages.drain() {
            *languages.entry(code.to_string()).or_insert(0) += n;
        }
        skipped.append(&mut chunk.skipped);
        recoded.append(&mut chunk.recoded);
    }
    Vectorised {
        n_docs: chunks.iter().map(|c| c.n_docs).sum(),
        bytes: chunks.iter().map(|c| c.bytes).sum(),
        n_tokens,
        model,
        vocabulary,
        languages,
        skipped,
        recoded,
        chunks,
    }
}

/// Vectorises documents given as token lists (already analysed), with the same counting,
/// n-grams and weighting as [`vectorise`]: what the parity tests with scikit-learn check.
///
/// # Errors
/// Invalid parameters and an empty vocabulary.
pub fn vectorise_tokens<'t>(
    documents: impl IntoIterator<Item = &'t [&'t str]>,
    params: &VectoriseParams,
) -> Result<Vectorised> {
    params.validate()?;
    let vocabulary = SharedVocabulary::new();
    let terms = match params.hashing {
        Some(n) => Terms::Hashing(n),
        None => Terms::Vocabulary(&vocabulary),
    };
    let count = params.count_params();
    let mut worker = Worker::new();
    let mut chunk = Chunk::default();
    for doc in documents {
        let n = worker.count_tokens(doc.iter().copied(), &count, terms, &mut chunk.entries)?;
        chunk.row_len.push(n);
        chunk.n_docs += 1;
    }
    let n_docs = chunk.n_docs;
    let n_terms = match params.hashing {
        Some(n) => n as usize,
        None => vocabulary.n_terms(),
    };
    let mut df = std::mem::take(&mut worker.df);
    let mut total = std::mem::take(&mut worker.total);
    df.resize(n_terms, 0);
    total.resize(n_terms, 0);
    let (model, vocab) = weigh(&df, &total, n_docs, vocabulary, params, true, &mut [])?;
    let n_tokens = worker.n_tokens;
    Ok(assemble(vec![chunk], model, vocab, n_tokens))
}

impl Vectorised {
    /// Columns of the matrix.
    pub fn n_columns(&self) -> usize {
        self.model.n_columns()
    }

    /// Stored non-zeros.
    pub fn nnz(&self) -> usize {
        self.chunks.iter().map(|c| c.entries.len()).sum()
    }

    /// Every row in document order, as `(column, weight)` sorted by column.
    pub fn rows(&self) -> impl Iterator<Item = Vec<(usize, f64)>> + '_ {
        self.chunks
            .iter()
            .flat_map(move |chunk| self.chunk_rows(chunk))
    }

    fn chunk_rows<'a>(&'a self, chunk: &'a Chunk) -> impl Iterator<Item = Vec<(usize, f64)>> + 'a {
        let mut entries = chunk.entries.iter_from(0);
        chunk
            .row_len
            .iter()
            .zip(&chunk.norms)
            .map(move |(&len, &norm)| {
                entries
                    .by_ref()
                    .take(len as usize)
                    .map(|(col, c)| (col as usize, self.model.weight(col as usize, c) / norm))
                    .collect()
            })
    }

    /// The matrix in CSR form (sprs), materialised: 16 bytes per non-zero.
    pub fn to_csr(&self) -> sprs::CsMat<f64> {
        let mut indptr = Vec::with_capacity(self.n_docs + 1);
        let mut indices = Vec::with_capacity(self.nnz());
        let mut data = Vec::with_capacity(self.nnz());
        indptr.push(0);
        for row in self.rows() {
            for (c, w) in row {
                indices.push(c);
                data.push(w);
            }
            indptr.push(indices.len());
        }
        sprs::CsMat::new((self.n_docs, self.n_columns()), indptr, indices, data)
    }

    /// Writes the matrix in Matrix Market coordinate format (1-based indices, as
    /// `scipy.io.mmread` reads it). Rows are formatted in parallel, a few batches at a time.
    ///
    /// # Errors
    /// Any error of `out`.
    pub fn write_matrix_market(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(out, "%%MatrixMarket matrix coordinate real general")?;
        writeln!(
            out,
            "% sintesi vectorise: documents x terms, TF-IDF ({} {})",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION")
        )?;
        writeln!(out, "{} {} {}", self.n_docs, self.n_columns(), self.nnz())?;
        let mut first_row = 0usize;
        let window = 4 * rayon::current_num_threads().max(1);
        for group in self.chunks.chunks(window) {
            let starts: Vec<usize> = group
                .iter()
                .scan(first_row, |row, c| {
                    let start = *row;
                    *row += c.row_len.len();
                    Some(start)
                })
                .collect();
            let texts: Vec<String> = group
                .par_iter()
                .zip(starts)
                .map(|(chunk, start)| {
                    use std::fmt::Write;
                    let mut s = String::with_capacity(chunk.entries.len() * 28);
                    for (i, row) in self.chunk_rows(chunk).enumerate() {
                        for (c, w) in row {
                            let _ = writeln!(s, "{} {} {}", start + i + 1, c + 1, w);
                        }
                    }
                    s
                })
                .collect();
            for t in texts {
                out.write_all(t.as_bytes())?;
            }
            first_row += group.iter().map(|c| c.row_len.len()).sum::<usize>();
        }
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ngram_ranges() {
        assert_eq!("1..2".parse(), Ok(NgramRange { min: 1, max: 2 }));
        assert_eq!("1,3".parse(), Ok(NgramRange { min: 1, max: 3 }));
        assert_eq!("2".parse(), Ok(NgramRange { min: 2, max: 2 }));
        assert!("a..b".parse::<NgramRange>().is_err());
    }

    #[test]
    fn streams_a_folder_into_sorted_columns() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Robots in the factory. Robots!").unwrap();
        std::fs::write(dir.path().join("b.txt"), "The factory data.").unwrap();
        std::fs::write(dir.path().join("c.txt"), "").unwrap();
        let params = VectoriseParams {
            language: Some(Language::English),
            ..VectoriseParams::default()
        };
        let v = vectorise(dir.path(), &params, &crate::progress::NoProgress).unwrap();
        assert_eq!(v.n_docs, 2);
        assert_eq!(v.skipped.len(), 1);
        let vocab = v.vocabulary.as_ref().unwrap();
        let terms: Vec<&str> = vocab.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["data", "factori", "robot"]);
        assert_eq!(vocab[2].surface_form, "Robots");
        let rows: Vec<_> = v.rows().collect();
        assert_eq!(rows[0].iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2]);
        let norm: f64 = rows[1].iter().map(|r| r.1 * r.1).sum();
        assert!((norm - 1.0).abs() < 1e-12);
        assert_eq!(v.to_csr().nnz(), v.nnz());
    }
}
