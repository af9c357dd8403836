//! The `analyse` pipeline: the prepared corpus → near-duplicates → TF-IDF → the clustered
//! matrix → clusters → topic words → key sentences → map → report.
//!
//! Each group of near-duplicates counts once ([`CountedOnce`]): clustering, topic sizes,
//! topic words and key sentences see only its kept member; every copy is still a document
//! of the report, in its kept member's topic.
//!
//! [`analyse_with_progress`] is the list of steps, in order; each step below is a function of
//! what the steps before it produced, so this file reads as the data flow of the tool.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

use super::cluster_matrix;
use super::counted::{CountedOnce, DuplicatePolicy};
use super::prepare::{self, LoadedCorpus, PreparedCorpus};
use crate::budget::{self, MemoryBudget};
use crate::cluster::{self, ClusterParams, Clustering, Reduction};
use crate::corpus::LoadParams;
use crate::describe::{self, round6, TopicDescription};
use crate::error::{Error, Result};
use crate::language::Language;
use crate::progress::{NoProgress, Progress};
use crate::projection;
use crate::report::{
    self, charts, ClusterReport, CorpusStats, DocumentReport, DocumentsEncoder, DocumentsInFile,
    DuplicatesReport, Generator, InputParameters, KeySentence, Parameters, Report, SummarySentence,
    TopicTreeReport, CENTRAL_DOCUMENTS_LISTED, DOCUMENTS_INLINE_MAX, SCHEMA_VERSION,
};
use crate::summarise::{self, sparse, Sentences, SummaryParams, TOPIC_POOL_DOCUMENTS};
use crate::text::{self, AnalyserParams};
use crate::vectorise::{TfidfModel, TfidfParams};
use rayon::prelude::*;

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
    let (clusters, central) = topic_reports(
        &corpus,
        &weighted,
        &clustering.labels,
        &counted,
        &described.topics,
        &params.summary,
    );
    let (subtopics, sub_central) = match &clustering.tree {
        Some(tree) => {
            let (mut subtopics, central) = topic_reports(
                &corpus,
                &weighted,
                &tree.fine_labels,
                &counted,
                &described.subtopics,
                &params.summary,
            );
            for (sub, &parent) in subtopics.iter_mut().zip(&tree.parents) {
                sub.level = 1;
                sub.parent = Some(parent);
            }
            (subtopics, central)
        }
        None => (Vec::new(), Vec::new()),
    };
    let mut clusters = clusters;
    for sub in &subtopics {
        if let Some(parent) = sub.parent {
            clusters[parent].children.push(sub.id);
        }
    }
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
    let mut subtopics = subtopics;
    let records = DocumentRecords {
        corpus: &corpus,
        weighted: &weighted,
        clustering: &clustering,
        described: &described,
        map: &map,
        params,
    };
    let (documents, documents_in_file) = if corpus.len() > DOCUMENTS_INLINE_MAX {
        // A large corpus: topics list their most central documents, the largest groups of
        // near-duplicates are listed, and the records are encoded as they are built.
        for (cluster, central) in clusters
            .iter_mut()
            .zip(central)
            .chain(subtopics.iter_mut().zip(sub_central))
        {
            cluster.documents = central;
        }
        duplicates.shorten();
        let quoted: HashSet<&str> = clusters
            .iter()
            .chain(&subtopics)
            .flat_map(|c| {
                c.documents
                    .iter()
                    .chain(c.key_sentences.iter().map(|s| &s.document))
            })
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
        (clusters, subtopics),
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

/// What [`describe_topics`] found: each topic's words and phrases, and each document's
/// phrases.
struct Described {
    topics: Vec<TopicDescription>,
    /// The fine topics of the topic tree, when there is one (else empty).
    subtopics: Vec<TopicDescription>,
    /// Phrase texts, by phrase id.
    phrases: Vec<String>,
    /// Per document, its phrase ids, best first.
    document_phrases: Vec<Vec<u32>>,
}

/// Step 7: each topic named by its most distinctive words and key phrases, among the
/// documents that count; each document's key phrases. Words of the documents' languages'
/// common-word lists must earn their place.
fn describe_topics(
    corpus: &PreparedCorpus,
    weighted: &Weighted,
    clustering: &Clustering,
    counted: &CountedOnce,
    params: &AnalyseParams,
) -> Described {
    let analysed = &corpus.analysis.documents;
    let common = describe::common_word_set(analysed.iter().filter_map(|a| a.language.language()));
    let is_common = |word: &str| common.contains(word.to_lowercase().as_str());
    let common_terms: Vec<bool> = corpus
        .analysis
        .surface_forms
        .iter()
        .map(|w| is_common(w))
        .collect();
    let texts = corpus.texts();
    // Finding phrases is a pass over the whole text: skipped when none is to be listed.
    let phrases = if params.topic_phrases + params.document_phrases > 0 {
        text::phrases::extract(&texts, analysed)
    } else {
        text::phrases::Phrases {
            documents: vec![Vec::new(); texts.len()],
            ..Default::default()
        }
    };
    let common_phrases: Vec<bool> = phrases
        .keys
        .iter()
        .zip(&phrases.capitals_only)
        .map(|(k, &capitals)| {
            let mut words = k.split(' ');
            capitals
                || words.next().is_some_and(is_common)
                || words.next_back().is_some_and(is_common)
        })
        .collect();
    let phrase_rows: Vec<&[(u32, u32)]> = phrases.documents.iter().map(Vec::as_slice).collect();
    let counted_phrase_rows: Vec<&[(u32, u32)]> =
        counted.counted().iter().map(|&i| phrase_rows[i]).collect();
    let any_phrase = |p: u32| !phrases.capitals_only[p as usize];
    let common_phrase = |p: u32| common_phrases[p as usize];
    let phrase_items = describe::Items {
        documents: &counted_phrase_rows,
        n_items: phrases.texts.len(),
        eligible: &any_phrase,
        common: &common_phrase,
    };
    tracing::debug!(phrases = phrases.texts.len(), "phrases found");
    let doc_terms: Vec<&[(u32, u32)]> = counted
        .counted()
        .iter()
        .map(|&i| analysed[i].terms.as_slice())
        .collect();
    let describe_level = |labels: &[usize], k: usize| {
        let labels: Vec<usize> = counted.counted().iter().map(|&i| labels[i]).collect();
        describe::describe(
            &doc_terms,
            &labels,
            k,
            &weighted.model,
            &corpus.analysis.surface_forms,
            &common_terms,
            Some((&phrase_items, phrases.texts.as_slice())),
            params.topic_terms,
            params.topic_phrases,
        )
    };
    let topics = describe_level(&clustering.labels, clustering.k);
    let subtopics = match &clustering.tree {
        Some(tree) => describe_level(&tree.fine_labels, tree.fine_k),
        None => Vec::new(),
    };
    let document_phrases = describe::document_phrases(
        &phrase_rows,
        phrases.texts.len(),
        &common_phrases,
        params.document_phrases,
    );
    Described {
        topics,
        subtopics,
        phrases: phrases.texts,
        document_phrases,
    }
}

/// Step 8 (within the next two): a document's candidate sentences for summaries: whole
/// sentences of reasonable length, never the title. Found when needed, not held for every
/// document.
fn candidate_sentences(corpus: &PreparedCorpus, i: usize, params: &SummaryParams) -> Vec<usize> {
    summarise::candidates(
        &corpus.documents[i].text,
        &corpus.analysis.documents[i],
        corpus.titles[i].headline,
        params,
    )
}

/// The text of sentence `sentence` of document `doc`, verbatim.
fn sentence_text(corpus: &PreparedCorpus, doc: usize, sentence: usize) -> String {
    let s = &corpus.analysis.documents[doc].sentences[sentence];
    corpus.documents[doc].text[s.start..s.end].to_string()
}

/// Step 9: each topic's report: its words, phrases, documents and key sentences, picked from
/// the candidates of its most central documents ([`central_documents`]). Its size and key
/// sentences count the documents that count; its documents list the copies too.
fn topic_reports(
    corpus: &PreparedCorpus,
    weighted: &Weighted,
    labels: &[usize],
    counted: &CountedOnce,
    topics: &[TopicDescription],
    params: &SummaryParams,
) -> (Vec<ClusterReport>, Vec<Vec<String>>) {
    let analysed = &corpus.analysis.documents;
    let weight = summarise::term_weights(&weighted.model, params.weighting);
    let mut clusters = Vec::with_capacity(topics.len());
    let mut central_ids = Vec::with_capacity(topics.len());
    let mut members_of = vec![Vec::new(); topics.len()];
    for (i, &c) in labels.iter().enumerate() {
        members_of[c].push(i);
    }
    for ((c, topic), members) in topics.iter().enumerate().zip(members_of) {
        let counted_members: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| counted.counts(i))
            .collect();
        // The candidates of the topic's most central documents pooled, each remembering its
        // document and sentence.
        let ranked = ranked_by_centrality(
            &counted_members,
            |i| weighted.row(corpus, i),
            weighted.model.n_columns(),
        );
        central_ids.push(
            ranked
                .iter()
                .take(CENTRAL_DOCUMENTS_LISTED)
                .map(|&i| corpus.documents[i].id.clone())
                .collect(),
        );
        let origin: Vec<(usize, usize, usize)> = central_documents(&ranked)
            .iter()
            .flat_map(|&i| {
                candidate_sentences(corpus, i, params)
                    .into_iter()
                    .enumerate()
                    .map(move |(position, j)| (i, j, position))
            })
            .collect();
        let pool = Sentences::new(
            origin
                .iter()
                .map(|&(i, j, position)| (position, analysed[i].sentence_terms(j))),
            &weight,
        );
        let pool_documents: Vec<usize> = origin.iter().map(|&(i, _, _)| i).collect();
        let picks = summarise::topic_key_sentences(
            &pool,
            &pool_documents,
            params.topic_sentences,
            params,
            params.topic_mmr_lambda,
        );
        clusters.push(ClusterReport {
            id: c,
            level: 0,
            parent: None,
            children: Vec::new(),
            label: topic.label.clone(),
            size: counted_members.len(),
            terms: topic.terms.clone(),
            phrases: topic.phrases.clone(),
            documents: members
                .iter()
                .map(|&i| corpus.documents[i].id.clone())
                .collect(),
            key_sentences: picks
                .iter()
                .map(|p| {
                    let (doc, sentence, _) = origin[p.index];
                    KeySentence {
                        text: sentence_text(corpus, doc, sentence),
                        document: corpus.documents[doc].id.clone(),
                        sentence,
                        score: round6(p.score),
                    }
                })
                .collect(),
        });
    }
    (clusters, central_ids)
}

/// Step 10 (after the map): each document's report: title, language, topic, keywords,
/// phrases, summary and place on the map. Each depends on that document alone, so they are
/// built in parallel, a range at a time.
struct DocumentRecords<'a> {
    corpus: &'a PreparedCorpus,
    weighted: &'a Weighted,
    clustering: &'a Clustering,
    described: &'a Described,
    map: &'a [[f64; 2]],
    params: &'a AnalyseParams,
}

impl DocumentRecords<'_> {
    /// The records of the documents in `range`, in input order, built in parallel.
    fn build(&self, range: std::ops::Range<usize>) -> Vec<DocumentReport> {
        let weight = summarise::term_weights(&self.weighted.model, self.params.summary.weighting);
        range
            .into_par_iter()
            .map(|i| self.record(i, &weight))
            .collect()
    }

    /// The records of the documents in `range`, in input order, on this thread.
    fn build_sequentially(&self, range: std::ops::Range<usize>) -> Vec<DocumentReport> {
        let weight = summarise::term_weights(&self.weighted.model, self.params.summary.weighting);
        range.map(|i| self.record(i, &weight)).collect()
    }

    /// Document `i`'s record, its sentences weighted by `weight`.
    fn record(&self, i: usize, weight: &impl Fn(u32) -> f64) -> DocumentReport {
        let (corpus, weighted, params) = (self.corpus, self.weighted, self.params);
        let surface = &corpus.analysis.surface_forms;
        let (doc, a) = (&corpus.documents[i], &corpus.analysis.documents[i]);
        let candidates = &candidate_sentences(corpus, i, &params.summary);
        let sentences = Sentences::new(
            candidates
                .iter()
                .enumerate()
                .map(|(position, &j)| (position, a.sentence_terms(j))),
            weight,
        );
        let picks: Vec<(usize, f64)> = summarise::summarise(
            &sentences,
            params.summary.document_sentences,
            &params.summary,
        )
        .iter()
        .map(|c| (candidates[c.index], c.score))
        .collect();
        let mut keywords: Vec<(usize, f64)> = weighted.row(corpus, i);
        keywords.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        DocumentReport {
            id: doc.id.clone(),
            path: doc.path.to_string_lossy().replace('\\', "/"),
            title: corpus.titles[i].text.clone(),
            language: a.language.code().to_string(),
            tokens: a.n_tokens,
            sentences: a.sentences.len(),
            cluster: self.clustering.labels[i],
            subtopic: self.clustering.tree.as_ref().map(|t| t.fine_labels[i]),
            keywords: keywords
                .iter()
                .take(params.document_keywords)
                .map(|&(c, _)| surface[weighted.model.term(c) as usize].clone())
                .collect(),
            phrases: self.described.document_phrases[i]
                .iter()
                .map(|&p| self.described.phrases[p as usize].clone())
                .collect(),
            summary: picks
                .iter()
                .map(|&(sentence, score)| SummarySentence {
                    text: sentence_text(corpus, i, sentence),
                    sentence,
                    score: round6(score),
                })
                .collect(),
            x: round6(self.map[i][0]),
            y: round6(self.map[i][1]),
        }
    }

    /// Every record encoded for [`crate::report::DOCUMENTS_FILE`], a round at a time, so that
    /// only one round of records is held; kept aside are the records the readable reports
    /// quote (`quoted`, by id) and those the map draws. Blocks of records are built and
    /// serialised in parallel, and each round is compressed while the next is built.
    fn encode(&self, quoted: &HashSet<&str>, progress: &dyn Progress) -> Result<DocumentsInFile> {
        let n = self.corpus.len();
        let mut on_map = vec![false; n];
        for i in charts::map_positions(n) {
            on_map[i] = true;
        }
        let build_round = |start: usize| -> Vec<(String, Vec<(usize, DocumentReport)>)> {
            let end = (start + DocumentsEncoder::ROUND).min(n);
            (start..end)
                .step_by(DocumentsEncoder::BLOCK)
                .collect::<Vec<usize>>()
                .into_par_iter()
                .map(|block| {
                    let range = block..(block + DocumentsEncoder::BLOCK).min(end);
                    let records = self.build_sequentially(range.clone());
                    let lines = DocumentsEncoder::lines(&records);
                    let kept = range
                        .zip(records)
                        .filter(|(i, r)| on_map[*i] || quoted.contains(r.id.as_str()))
                        .collect();
                    (lines, kept)
                })
                .collect()
        };
        let mut encoder = DocumentsEncoder::new()?;
        let mut in_file = DocumentsInFile::default();
        progress.start("summarising documents", n as u64);
        let mut round = build_round(0);
        let mut start = 0;
        while start < n {
            let next = start + DocumentsEncoder::ROUND;
            let blocks: Vec<String> = round
                .iter_mut()
                .map(|(lines, _)| std::mem::take(lines))
                .collect();
            let records = (n - start).min(DocumentsEncoder::ROUND);
            let (pushed, next_round) = rayon::join(
                || encoder.push_lines(&blocks, records),
                || {
                    if next < n {
                        build_round(next)
                    } else {
                        Vec::new()
                    }
                },
            );
            pushed?;
            for (i, record) in round.into_iter().flat_map(|(_, kept)| kept) {
                if on_map[i] {
                    in_file.map_points.push(record.clone());
                }
                if quoted.contains(record.id.as_str()) {
                    in_file.quoted.push(record);
                }
            }
            progress.advance(records as u64);
            round = next_round;
            start = next;
        }
        progress.finish();
        in_file.encoded = encoder.finish()?;
        Ok(in_file)
    }
}

/// Step 11: the one report value every writer renders.
#[allow(clippy::too_many_arguments)]
fn report(
    input: &Path,
    params: &AnalyseParams,
    corpus: PreparedCorpus,
    weighted: &Weighted,
    clustering: Clustering,
    cluster_tfidf: TfidfParams,
    (clusters, subtopics): (Vec<ClusterReport>, Vec<ClusterReport>),
    duplicates: DuplicatesReport,
    documents: Vec<DocumentReport>,
    documents_in_file: Option<DocumentsInFile>,
) -> Report {
    let analysed = &corpus.analysis.documents;
    let mut languages = BTreeMap::new();
    for a in analysed {
        *languages.entry(a.language.code().to_string()).or_insert(0) += 1;
    }
    Report {
        schema_version: SCHEMA_VERSION,
        generator: Generator {
            name: "sintesi".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        corpus: CorpusStats {
            input: input.to_string_lossy().into_owned(),
            documents: corpus.len(),
            sentences: analysed.iter().map(|a| a.sentences.len()).sum(),
            tokens: analysed.iter().map(|a| a.n_tokens).sum(),
            terms: weighted.model.n_columns(),
            languages,
            boilerplate_lines_removed: corpus.boilerplate_lines_removed,
            recoded: corpus.recoded,
            skipped: corpus.skipped,
            renamed_ids: corpus.renamed_ids,
        },
        parameters: Parameters {
            config: None,
            input: InputParameters {
                format: params.load.format,
                text_field: params.load.text_field.clone(),
                id_field: params.load.id_field.clone(),
                title_field: params.load.title_field.clone(),
                max_file_size: params.load.max_file_size,
            },
            k: clustering.k,
            k_chosen_automatically: params.cluster.k.is_none(),
            k_note: clustering.note.clone(),
            max_k: params.cluster.max_k,
            k_scores: clustering
                .k_scores
                .iter()
                .map(|s| cluster::KScore {
                    k: s.k,
                    silhouette: round6(s.silhouette),
                })
                .collect(),
            seed: params.cluster.seed,
            restarts: params.cluster.restarts,
            headline_weight: params.cluster.headline_weight,
            neighbours: params.cluster.neighbours,
            language: params.language.map(|l| l.name().to_string()),
            stem: params.analyser.stem,
            stop_words: params.analyser.stop_words,
            tfidf: params.tfidf,
            cluster_tfidf,
            reduction: clustering.reduction,
            summary: params.summary,
            topic_terms: params.topic_terms,
            document_keywords: params.document_keywords,
            topic_phrases: params.topic_phrases,
            document_phrases: params.document_phrases,
            map: if clustering.map.is_some() {
                projection::SAMPLED_METHOD.into()
            } else {
                projection::METHOD.into()
            },
        },
        documents,
        documents_file: documents_in_file
            .is_some()
            .then(|| report::DOCUMENTS_FILE.to_string()),
        documents_in_file,
        topic_tree: clustering.tree.as_ref().map(|tree| TopicTreeReport {
            top_k: clustering.k,
            fine_k: tree.fine_k,
            merges: tree
                .merges
                .iter()
                .map(|m| (m.a, m.b, round6(m.cost)))
                .collect(),
        }),
        clusters,
        subtopics,
        duplicates,
    }
}

/// The groups of near-duplicates with document ids, as `sintesi duplicates --json` lists them.
fn duplicates_report(
    corpus: &PreparedCorpus,
    counted: &CountedOnce,
    policy: DuplicatePolicy,
) -> DuplicatesReport {
    let id = |i: usize| corpus.documents[i].id.clone();
    DuplicatesReport {
        counted_once: policy.threshold().is_some(),
        threshold: policy.threshold(),
        counted: counted.n_counted(),
        groups: counted
            .groups
            .iter()
            .map(|g| g.with_ids(id).into())
            .collect(),
        groups_found: None,
    }
}

/// The [`TOPIC_POOL_DOCUMENTS`] members closest (cosine) to the topic's centroid, in document
/// order; all of them in a smaller topic. A key sentence should say what the topic is about,
/// which its most typical documents do; and ranking the sentences of thousands of documents
/// together costs more than the rest of the analysis while changing little.
fn central_documents(ranked: &[usize]) -> Vec<usize> {
    let mut central = ranked[..ranked.len().min(TOPIC_POOL_DOCUMENTS)].to_vec();
    central.sort_unstable();
    central
}

/// A topic's members, most central first: by cosine to the topic's centroid, ties by
/// position.
fn ranked_by_centrality(
    members: &[usize],
    row: impl Fn(usize) -> Vec<(usize, f64)> + Sync,
    n_columns: usize,
) -> Vec<usize> {
    let unit: Vec<sparse::SparseVec> = members
        .par_iter()
        .map(|&i| {
            let mut v = row(i);
            sparse::normalise(&mut v);
            v
        })
        .collect();
    let centroid = sparse::centroid(&unit, n_columns);
    let mut scored: Vec<(f64, usize)> = unit
        .par_iter()
        .zip(members)
        .map(|(v, &i)| (sparse::dot_dense(v, &centroid), i))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
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
         --max-memory ({:.1} GiB); drop rare terms with --min-df or raise --max-memory",
        gib(needed),
        gib(budget)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_topic_quotes_its_most_central_documents() {
        // 150 members: the first 40 are off-topic (term 1 only), the rest share term 0.
        let vectors: Vec<Vec<(usize, f64)>> = (0..150)
            .map(|i| {
                if i < 40 {
                    vec![(1, 1.0)]
                } else {
                    vec![(0, 0.8), (2 + i % 3, 0.6)]
                }
            })
            .collect();
        let members: Vec<usize> = (0..150).collect();
        let central = central_documents(&ranked_by_centrality(&members, |i| vectors[i].clone(), 5));
        assert_eq!(central.len(), TOPIC_POOL_DOCUMENTS);
        assert!(central.iter().all(|&i| i >= 40), "{central:?}");
        assert!(central.windows(2).all(|w| w[0] < w[1]));
        // A small topic keeps every member.
        let small = ranked_by_centrality(&members[..7], |i| vectors[i].clone(), 5);
        assert_eq!(central_documents(&small), members[..7]);
        // Ranked: the on-topic members first, most central first, ties by position.
        let ranked = ranked_by_centrality(&members, |i| vectors[i].clone(), 5);
        assert!(ranked[..110].iter().all(|&i| i >= 40), "{ranked:?}");
        assert_eq!(ranked.len(), 150);
    }
}
