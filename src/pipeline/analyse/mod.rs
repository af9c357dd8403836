//! The `analyse` pipeline: the prepared corpus → near-duplicates → TF-IDF → the clustered
//! matrix → clusters → topic words → key sentences → map → report.
//!
//! Each group of near-duplicates counts once ([`CountedOnce`]): clustering, topic sizes,
//! topic words and key sentences see only its kept member; every copy is still a document
//! of the report, in its kept member's topic.
//!
//! [`analyse_with_progress`] is the list of steps, in order; each step is a function of what
//! the steps before it produced, so this file reads as the data flow of the tool. Steps 1–6
//! (parameters, loading, near-duplicates, words, weights, clusters) are here; describing and
//! summarising the topics (7–9) is `topics.rs`; the documents' records and the report (10–11)
//! are `records.rs`.

mod records;
mod topics;

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use records::{duplicates_report, report, DocumentRecords};
use topics::{describe_topics, topic_reports};

use super::cluster_matrix;
use super::counted::{CountedOnce, DuplicatePolicy};
use super::prepare::{self, LoadedCorpus, PreparedCorpus};
use crate::budget::{self, MemoryBudget};
use crate::cluster::{self, ClusterParams, Clustering, Reduction};
use crate::corpus::LoadParams;
use crate::error::{Error, Result};
use crate::language::Language;
use crate::progress::{NoProgress, Progress};
use crate::projection;
use crate::report::{Report, DOCUMENTS_INLINE_MAX};
use crate::summarise::{self, SummaryParams, TOPIC_POOL_DOCUMENTS};
use crate::text::AnalyserParams;
use crate::vectorise::{TfidfModel, TfidfParams};

/// Everything `analyse` can be told.
#[derive(Debug, Clone, Default)]
pub struct AnalyseParams {
    /// How to read the input (fields, formats, size limits).
    pub load: LoadParams,
    /// Force one language for every document instead of detecting it.
    pub language: Option<Language>,
    /// Memory the run may need (bytes), estimated before the large allocations; `None` for no
    /// limit. [`AnalyseParams::new`] sets [`DEFAULT_MAX_MEMORY`].
    pub max_memory: Option<u64>,
    /// Stemming and stop words.
    pub analyser: AnalyserParams,
    /// TF-IDF of the topic terms and the summaries (scikit-learn's defaults).
    pub tfidf: TfidfParams,
    /// TF-IDF settings of the matrix that is clustered; `None` for
    /// [`cluster_matrix::clustering_tfidf`]'s, chosen by corpus size.
    pub cluster_tfidf: Option<TfidfParams>,
    /// k, restarts, seed and reduction of the clustering.
    pub cluster: ClusterParams,
    /// Method, weighting and lengths of key sentences and document summaries.
    pub summary: SummaryParams,
    /// Terms listed per topic.
    pub topic_terms: usize,
    /// Keywords listed per document.
    pub document_keywords: usize,
    /// Key phrases listed per topic.
    pub topic_phrases: usize,
    /// Key phrases listed per document.
    pub document_phrases: usize,
    /// Whether each group of near-duplicates counts once (the default) or every copy counts.
    pub duplicates: DuplicatePolicy,
}

impl AnalyseParams {
    /// The defaults of the command line (memory budget included); `Default` leaves the
    /// memory unlimited.
    pub fn new() -> AnalyseParams {
        AnalyseParams {
            topic_terms: 10,
            document_keywords: 8,
            topic_phrases: 5,
            document_phrases: 3,
            max_memory: Some(DEFAULT_MAX_MEMORY),
            ..Default::default()
        }
    }
}

/// The default memory budget: 8 GiB.
pub const DEFAULT_MAX_MEMORY: u64 = 8 * 1024 * 1024 * 1024;

/// Runs the whole pipeline on `input` and returns the report (nothing is written).
///
/// # Errors
/// Input errors (missing path, nothing readable), invalid parameters (k = 0, k larger than the
/// number of documents, impossible df limits) and an empty vocabulary.
pub fn analyse(input: &Path, params: &AnalyseParams) -> Result<Report> {
    analyse_with_progress(input, params, &NoProgress)
}

/// As [`analyse`], telling `progress` how far each long stage has got.
pub fn analyse_with_progress(
    input: &Path,
    params: &AnalyseParams,
    progress: &dyn Progress,
) -> Result<Report> {
    let started = Instant::now();
    let memory = check_parameters(params)?;
    let loaded = load(input, params, &memory)?;
    tracing::debug!(documents = loaded.documents.len(), elapsed = ?started.elapsed(), "loaded and cleaned");
    let counted = find_duplicates(&loaded, params)?;
    tracing::debug!(
        groups = counted.groups.len(),
        counted = counted.n_counted(),
        elapsed = ?started.elapsed(),
        "near-duplicates found"
    );
    let corpus = prepare::analyse_text(loaded, params.language, params.analyser, progress)?;
    check_analysis_fits(&corpus, params, &memory)?;
    let weighted = weight_terms(&corpus, &params.tfidf)?;
    let (clustering, cluster_tfidf) = cluster_documents(&corpus, &counted, params, progress)?;
    tracing::debug!(k = clustering.k, elapsed = ?started.elapsed(), "clustered");
    let described = describe_topics(&corpus, &weighted, &clustering, &counted, params);
    tracing::debug!(elapsed = ?started.elapsed(), "topics described");
    // A large corpus's topics list their most central documents, not all of them.
    let list_every_member = corpus.len() <= DOCUMENTS_INLINE_MAX;
    let topics = topic_reports(
        &corpus,
        &weighted,
        &clustering,
        &counted,
        &described,
        &params.summary,
        list_every_member,
    );
    tracing::debug!(elapsed = ?started.elapsed(), "topics summarised");
    progress.start("placing documents on the map", 0);
    let map = match &clustering.map {
        Some(map) => map.clone(),
        None => projection::map_2d(
            &(0..corpus.len())
                .map(|i| weighted.row(&corpus, i))
                .collect::<Vec<_>>(),
            weighted.model.n_columns(),
            params.cluster.seed,
        ),
    };
    progress.finish();
    tracing::debug!(elapsed = ?started.elapsed(), "mapped");
    let mut duplicates = duplicates_report(&corpus, &counted, params.duplicates);
    let records = DocumentRecords {
        corpus: &corpus,
        weighted: &weighted,
        clustering: &clustering,
        described: &described,
        map: &map,
        params,
    };
    let (documents, documents_in_file) = if !list_every_member {
        // A large corpus: the largest groups of near-duplicates are listed, and the records
        // are encoded as they are built.
        duplicates.shorten();
        let quoted: HashSet<&str> = topics
            .clusters
            .iter()
            .chain(&topics.subtopics)
            .flat_map(|c| {
                c.documents
                    .iter()
                    .chain(c.key_sentences.iter().map(|s| &s.document))
            })
            .chain(
                topics
                    .nodes
                    .iter()
                    .flat_map(|n| n.key_sentences.iter().map(|s| &s.document)),
            )
            .chain(
                duplicates
                    .groups
                    .iter()
                    .flat_map(|g| std::iter::once(&g.kept).chain(g.shown_copies())),
            )
            .map(String::as_str)
            .collect();
        (Vec::new(), Some(records.encode(&quoted, progress)?))
    } else {
        (records.build(0..corpus.len()), None)
    };
    tracing::debug!(elapsed = ?started.elapsed(), "summarised");
    Ok(report(
        input,
        params,
        corpus,
        &weighted,
        clustering,
        cluster_tfidf,
        topics,
        duplicates,
        documents,
        documents_in_file,
    ))
}

/// Step 1: parameters that cannot work are refused before anything is read, and the memory
/// budget must at least hold the program.
fn check_parameters(params: &AnalyseParams) -> Result<MemoryBudget> {
    params.tfidf.validate()?;
    params.summary.validate()?;
    let memory = MemoryBudget(params.max_memory);
    memory.check(budget::BASE, || "the program itself".into())?;
    Ok(memory)
}

/// Step 2: the corpus read and cleaned ([`prepare::load`]); then the text checked against
/// the memory budget.
fn load(input: &Path, params: &AnalyseParams, memory: &MemoryBudget) -> Result<LoadedCorpus> {
    let loaded = prepare::load(input, &params.load)?;
    let documents = &loaded.documents;
    let text_bytes: u64 = documents.iter().map(|d| d.text.len() as u64).sum();
    memory.check(budget::for_text(text_bytes), || {
        format!("{} documents, {text_bytes} bytes of text", documents.len())
    })?;
    Ok(loaded)
}

/// Step 3: the groups of near-duplicates among the cleaned texts, each to count once
/// ([`CountedOnce`]), after the clustering parameters are checked against the number of
/// documents (a k larger than the stories is lowered with a note, as for exact copies).
fn find_duplicates(loaded: &LoadedCorpus, params: &AnalyseParams) -> Result<CountedOnce> {
    let texts: Vec<&str> = loaded.documents.iter().map(|d| d.text.as_str()).collect();
    params.cluster.validate(texts.len())?;
    CountedOnce::find(&texts, params.duplicates)
}

/// Step 4 (after [`prepare::analyse_text`]): what the analysis will hold, against the memory
/// budget, before the large allocations.
fn check_analysis_fits(
    corpus: &PreparedCorpus,
    params: &AnalyseParams,
    memory: &MemoryBudget,
) -> Result<()> {
    let analysed = &corpus.analysis.documents;
    let n_tokens: u64 = analysed.iter().map(|a| a.n_tokens as u64).sum();
    let dims = match params.cluster.reduction {
        Reduction::Lsa { dims } => cluster::effective_dims(dims, corpus.len()) as u64,
        Reduction::None => 0,
    };
    let (n_terms, n_docs) = (corpus.analysis.n_terms() as u64, corpus.len() as u64);
    let n_sentences: u64 = analysed.iter().map(|a| a.sentences.len() as u64).sum();
    memory.check(
        budget::for_analysis(
            n_tokens,
            n_terms,
            n_docs,
            n_sentences,
            dims,
            budget::SentencePool {
                documents: TOPIC_POOL_DOCUMENTS as u64,
                sentences: summarise::MAX_GRAPH_SENTENCES as u64,
            },
        ),
        || format!("{n_docs} documents, {n_tokens} index tokens, {n_terms} terms"),
    )
}

/// The TF-IDF the reports weight terms with (keywords, summaries, topic terms).
struct Weighted {
    model: TfidfModel,
}

impl Weighted {
    /// Document `i`'s row, `(column, weight)` sorted by column: computed when needed, since a
    /// million rows held would weigh more than the documents' text.
    fn row(&self, corpus: &PreparedCorpus, i: usize) -> Vec<(usize, f64)> {
        self.model
            .transform_row(&corpus.analysis.documents[i].terms)
    }
}

/// Step 5: TF-IDF with the user's settings, over every document (copies included: it weights
/// each document's own keywords and summary).
fn weight_terms(corpus: &PreparedCorpus, params: &TfidfParams) -> Result<Weighted> {
    let analysis = &corpus.analysis;
    let model = TfidfModel::fit(
        analysis.documents.iter().map(|a| a.terms.as_slice()),
        analysis.n_terms(),
        |t| analysis.term(t),
        params,
    )?;
    Ok(Weighted { model })
}

/// Step 6: the documents that count grouped into topics, each copy then given its kept
/// member's topic: `labels` of the result has one per document. The clustered matrix has its
/// own vocabulary limits and counts headlines more ([`cluster_matrix`]); the model of
/// [`weight_terms`] keeps weighting summaries, keywords and topic terms as the user set it.
/// Returns the clustering and the TF-IDF settings of the clustered matrix.
fn cluster_documents(
    corpus: &PreparedCorpus,
    counted: &CountedOnce,
    params: &AnalyseParams,
    progress: &dyn Progress,
) -> Result<(Clustering, TfidfParams)> {
    let built = cluster_matrix::build(
        corpus,
        counted.counted(),
        params.cluster.headline_weight,
        params.cluster_tfidf,
    )?;
    tracing::debug!(terms = built.model.n_columns(), "clustered matrix built");
    if params.cluster.reduction == Reduction::None {
        check_dense_fits(
            counted.n_counted(),
            built.model.n_columns(),
            params.max_memory,
        )?;
    }
    let (cluster_params, note) = counted.within_counted(&params.cluster);
    progress.start("clustering", 0);
    let clustered = cluster::cluster_tfidf(&built.matrix, &cluster_params);
    progress.finish();
    let (mut clustering, _) = clustered?;
    if note.is_some() {
        clustering.note = note;
    }
    clustering.labels = counted.spread(&clustering.labels);
    if let Some(tree) = &mut clustering.tree {
        tree.fine_labels = counted.spread(&tree.fine_labels);
    }
    // Copies sit where their kept member does on the map too.
    clustering.map = clustering.map.map(|map| counted.spread(&map));
    Ok((clustering, built.params))
}

/// Without LSA k-means runs on dense TF-IDF rows, and clustering holds three copies of the
/// matrix (the rows, their normalised copy, the points returned): refuse a corpus whose matrix would not fit
/// in the memory budget with a clear error instead of being killed for running out of memory.
fn check_dense_fits(n_docs: usize, n_terms: usize, max_memory: Option<u64>) -> Result<()> {
    let Some(budget) = max_memory else {
        return Ok(());
    };
    let needed = (n_docs as u64)
        .saturating_mul(n_terms as u64)
        .saturating_mul(3 * std::mem::size_of::<f64>() as u64);
    if needed <= budget {
        return Ok(());
    }
    let gib = |b: u64| b as f64 / f64::from(1u32 << 30);
    Err(Error::MemoryBudget(format!(
        "{n_docs} documents × {n_terms} terms need about {:.1} GiB to cluster, more than \
         `max_memory` ({:.1} GiB); drop rare terms with `min_df` or raise `max_memory`",
        gib(needed),
        gib(budget)
    )))
}
