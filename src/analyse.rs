//! The `analyse` pipeline: corpus → text → vectorise → cluster → describe → summarise → report.
//!
//! This is the one place that knows the order of the stages; each stage is a function of its
//! inputs, so this file reads as the data flow of the tool.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use crate::budget::{self, MemoryBudget};
use crate::cluster::{self, ClusterParams, Reduction};
use crate::corpus::{self, LoadParams};
use crate::describe::{self, round6};
use crate::error::{Error, Result};
use crate::language::{self, Language};
use crate::progress::{NoProgress, Progress};
use crate::projection;
use crate::report::{
    ClusterReport, CorpusStats, DocumentReport, Generator, InputParameters, KeySentence,
    Parameters, Report, SummarySentence, SCHEMA_VERSION,
};
use crate::summarize::{self, sparse, Sentences, SummaryParams};
use crate::text::{self, AnalyzedDocument, AnalyzerCache, AnalyzerParams, Lexicon};
use crate::vectorize::{TfidfModel, TfidfParams};

/// Everything `analyse` can be told.
#[derive(Debug, Clone, Default)]
pub struct AnalyseParams {
    pub load: LoadParams,
    /// Force one language for every document instead of detecting it.
    pub language: Option<Language>,
    /// Memory the run may need (bytes), estimated before the large allocations; `None` for no
    /// limit. [`AnalyseParams::new`] sets [`DEFAULT_MAX_MEMORY`].
    pub max_memory: Option<u64>,
    pub analyzer: AnalyzerParams,
    pub tfidf: TfidfParams,
    /// TF-IDF settings of the matrix that is clustered; `None` for
    /// [`cluster::clustering_tfidf`]'s, chosen by corpus size.
    pub cluster_tfidf: Option<TfidfParams>,
    pub cluster: ClusterParams,
    pub summary: SummaryParams,
    /// Terms listed per topic.
    pub topic_terms: usize,
    /// Keywords listed per document.
    pub document_keywords: usize,
    /// Key phrases listed per topic.
    pub topic_phrases: usize,
    /// Key phrases listed per document.
    pub document_phrases: usize,
}

impl AnalyseParams {
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
    params.tfidf.validate()?;
    params.summary.validate()?;
    let memory = MemoryBudget(params.max_memory);
    memory.check(budget::BASE, || "the program itself".into())?;
    let started = Instant::now();
    let mut corpus = corpus::load(input, &params.load)?;
    let cleaned = corpus::clean(&mut corpus.documents);
    let mut documents = Vec::with_capacity(corpus.documents.len());
    for doc in corpus.documents.drain(..) {
        if doc.text.trim().is_empty() {
            corpus.skipped.push(corpus::Skipped {
                path: doc.id,
                reason: "nothing left after removing boilerplate".into(),
            });
        } else {
            documents.push(doc);
        }
    }
    if documents.is_empty() {
        return Err(corpus::nothing_usable(input, &corpus.skipped));
    }
    params.cluster.validate(documents.len())?;
    tracing::debug!(documents = documents.len(), elapsed = ?started.elapsed(), "loaded and cleaned");
    let text_bytes: u64 = documents.iter().map(|d| d.text.len() as u64).sum();
    memory.check(budget::for_text(text_bytes), || {
        format!("{} documents, {text_bytes} bytes of text", documents.len())
    })?;

    let detected =
        language::detect_corpus(documents.iter().map(|d| d.text.as_str()), params.language);
    tracing::debug!(elapsed = ?started.elapsed(), "languages detected");
    let mut lexicon = Lexicon::new();
    let mut analyzers = AnalyzerCache::default();
    progress.start("analysing text", documents.len() as u64);
    let analyzed: Vec<AnalyzedDocument> = documents
        .iter()
        .zip(detected)
        .map(|(d, detected)| {
            progress.advance(1);
            text::analyze_document(
                &d.text,
                detected,
                params.analyzer,
                &mut analyzers,
                &mut lexicon,
            )
        })
        .collect();
    progress.finish();
    let surface = lexicon.surface_forms();
    tracing::debug!(terms = lexicon.n_terms(), elapsed = ?started.elapsed(), "tokenised");
    let n_tokens: u64 = analyzed.iter().map(|a| a.n_tokens as u64).sum();
    let dims = match params.cluster.reduction {
        Reduction::Lsa { dims } => cluster::effective_dims(dims, documents.len()) as u64,
        Reduction::None => 0,
    };
    let (n_terms, n_docs) = (lexicon.n_terms() as u64, documents.len() as u64);
    let n_sentences: u64 = analyzed.iter().map(|a| a.sentences.len() as u64).sum();
    memory.check(
        budget::for_analysis(n_tokens, n_terms, n_docs, n_sentences, dims),
        || format!("{n_docs} documents, {n_tokens} index tokens, {n_terms} terms"),
    )?;

    let doc_terms: Vec<&[(u32, u32)]> = analyzed.iter().map(|a| a.terms.as_slice()).collect();
    let model = TfidfModel::fit(
        doc_terms.iter().copied(),
        lexicon.n_terms(),
        |t| lexicon.term(t),
        &params.tfidf,
    )?;
    let doc_vectors: Vec<Vec<(usize, f64)>> =
        doc_terms.iter().map(|t| model.transform_row(t)).collect();

    let titles: Vec<(String, Option<usize>)> = documents
        .iter()
        .zip(&analyzed)
        .map(|(d, a)| text::title_of(d.title.as_deref(), &d.text, a, &d.id))
        .collect();
    // The clustered matrix has its own vocabulary limits (see `cluster::clustering_tfidf`)
    // and counts headlines more (`cluster::clustering_terms`); the model above keeps
    // weighting summaries, keywords and topic terms as the user set it.
    let cluster_terms: Vec<Vec<(u32, u32)>> = analyzed
        .iter()
        .zip(&titles)
        .map(|(a, (_, headline))| {
            cluster::clustering_terms(a, *headline, params.cluster.headline_weight)
        })
        .collect();
    let cluster_term_lists: Vec<&[(u32, u32)]> = cluster_terms.iter().map(Vec::as_slice).collect();
    let (cluster_model, cluster_tfidf) = cluster::fit_tfidf(
        &cluster_term_lists,
        lexicon.n_terms(),
        |t| lexicon.term(t),
        params.cluster_tfidf,
    )?;
    if params.cluster.reduction == Reduction::None {
        check_dense_fits(
            documents.len(),
            cluster_model.n_columns(),
            params.max_memory,
        )?;
    }
    let matrix = cluster_model.transform(cluster_term_lists.iter().copied());
    progress.start("clustering", 0);
    let (clustering, _) = cluster::cluster_tfidf(&matrix, &params.cluster)?;
    progress.finish();
    tracing::debug!(k = clustering.k, elapsed = ?started.elapsed(), "clustered");

    let common = describe::common_word_set(analyzed.iter().filter_map(|a| a.language.language()));
    let is_common = |word: &str| common.contains(word.to_lowercase().as_str());
    let common_terms: Vec<bool> = surface.iter().map(|w| is_common(w)).collect();
    let texts: Vec<&str> = documents.iter().map(|d| d.text.as_str()).collect();
    // Finding phrases is a pass over the whole text: skipped when none is to be listed.
    let phrases = if params.topic_phrases + params.document_phrases > 0 {
        text::phrases::extract(&texts, &analyzed)
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
    let any_phrase = |p: u32| !phrases.capitals_only[p as usize];
    let common_phrase = |p: u32| common_phrases[p as usize];
    let phrase_items = describe::Items {
        documents: &phrase_rows,
        n_items: phrases.texts.len(),
        eligible: &any_phrase,
        common: &common_phrase,
    };
    tracing::debug!(phrases = phrases.texts.len(), elapsed = ?started.elapsed(), "phrases found");
    let topics = describe::describe(
        &doc_terms,
        &clustering.labels,
        clustering.k,
        &model,
        &surface,
        &common_terms,
        Some((&phrase_items, phrases.texts.as_slice())),
        params.topic_terms,
        params.topic_phrases,
    );
    let document_phrases = describe::document_phrases(
        &phrase_rows,
        phrases.texts.len(),
        &common_phrases,
        params.document_phrases,
    );

    // Candidate sentences for summaries: whole sentences of reasonable length, never the title.
    let candidates: Vec<Vec<usize>> = (0..documents.len())
        .map(|i| {
            summarize::candidates(
                &documents[i].text,
                &analyzed[i],
                titles[i].1,
                &params.summary,
            )
        })
        .collect();
    let weight = summarize::term_weights(&model, params.summary.weighting);
    let sentence_text = |doc: usize, sentence: usize| {
        let s = &analyzed[doc].sentences[sentence];
        documents[doc].text[s.start..s.end].to_string()
    };

    let mut clusters = Vec::with_capacity(clustering.k);
    for (c, topic) in topics.iter().enumerate() {
        let members: Vec<usize> = (0..documents.len())
            .filter(|&i| clustering.labels[i] == c)
            .collect();
        // The candidates of the topic's most central documents pooled, each remembering its
        // document and sentence.
        let origin: Vec<(usize, usize, usize)> =
            central_documents(&members, &doc_vectors, model.n_columns())
                .iter()
                .flat_map(|&i| {
                    candidates[i]
                        .iter()
                        .enumerate()
                        .map(move |(position, &j)| (i, j, position))
                })
                .collect();
        let pool = Sentences::new(
            origin
                .iter()
                .map(|&(i, j, position)| (position, analyzed[i].sentences[j].terms.as_slice())),
            &weight,
        );
        let pool_documents: Vec<usize> = origin.iter().map(|&(i, _, _)| i).collect();
        let picks = summarize::topic_key_sentences(
            &pool,
            &pool_documents,
            params.summary.topic_sentences,
            &params.summary,
            params.summary.topic_mmr_lambda,
        );
        clusters.push(ClusterReport {
            id: c,
            label: topic.label.clone(),
            size: members.len(),
            terms: topic.terms.clone(),
            phrases: topic.phrases.clone(),
            documents: members.iter().map(|&i| documents[i].id.clone()).collect(),
            key_sentences: picks
                .iter()
                .map(|p| {
                    let (doc, sentence, _) = origin[p.index];
                    KeySentence {
                        text: sentence_text(doc, sentence),
                        document: documents[doc].id.clone(),
                        sentence,
                        score: round6(p.score),
                    }
                })
                .collect(),
        });
    }

    tracing::debug!(elapsed = ?started.elapsed(), "topics described and summarised");
    progress.start("placing documents on the map", 0);
    let map = projection::map_2d(&doc_vectors, model.n_columns(), params.cluster.seed);
    progress.finish();
    tracing::debug!(elapsed = ?started.elapsed(), "mapped");
    let mut languages = BTreeMap::new();
    let mut document_reports = Vec::with_capacity(documents.len());
    for (i, (doc, a)) in documents.iter().zip(&analyzed).enumerate() {
        *languages.entry(a.language.code().to_string()).or_insert(0) += 1;
        let sentences = Sentences::new(
            candidates[i]
                .iter()
                .enumerate()
                .map(|(position, &j)| (position, a.sentences[j].terms.as_slice())),
            &weight,
        );
        let picks: Vec<(usize, f64)> = summarize::summarize(
            &sentences,
            params.summary.document_sentences,
            &params.summary,
        )
        .iter()
        .map(|c| (candidates[i][c.index], c.score))
        .collect();
        let mut keywords: Vec<(usize, f64)> = doc_vectors[i].clone();
        keywords.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        document_reports.push(DocumentReport {
            id: doc.id.clone(),
            path: doc.path.to_string_lossy().replace('\\', "/"),
            title: titles[i].0.clone(),
            language: a.language.code().to_string(),
            tokens: a.n_tokens,
            sentences: a.sentences.len(),
            cluster: clustering.labels[i],
            keywords: keywords
                .iter()
                .take(params.document_keywords)
                .map(|&(c, _)| surface[model.term(c) as usize].clone())
                .collect(),
            phrases: document_phrases[i]
                .iter()
                .map(|&p| phrases.texts[p as usize].clone())
                .collect(),
            summary: picks
                .iter()
                .map(|&(sentence, score)| SummarySentence {
                    text: sentence_text(i, sentence),
                    sentence,
                    score: round6(score),
                })
                .collect(),
            x: round6(map[i][0]),
            y: round6(map[i][1]),
        });
    }
    tracing::debug!(elapsed = ?started.elapsed(), "summarised");

    Ok(Report {
        schema_version: SCHEMA_VERSION,
        generator: Generator {
            name: "sintesi".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        corpus: CorpusStats {
            input: input.to_string_lossy().into_owned(),
            documents: documents.len(),
            sentences: analyzed.iter().map(|a| a.sentences.len()).sum(),
            tokens: analyzed.iter().map(|a| a.n_tokens).sum(),
            terms: model.n_columns(),
            languages,
            boilerplate_lines_removed: cleaned.lines_removed,
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
            stem: params.analyzer.stem,
            stop_words: params.analyzer.stop_words,
            tfidf: params.tfidf,
            cluster_tfidf,
            reduction: clustering.reduction,
            summary: params.summary,
            topic_terms: params.topic_terms,
            document_keywords: params.document_keywords,
            topic_phrases: params.topic_phrases,
            document_phrases: params.document_phrases,
            map: projection::METHOD.into(),
        },
        documents: document_reports,
        clusters,
    })
}

/// Documents whose sentences may be a topic's key sentences, at most this many.
pub const TOPIC_POOL_DOCUMENTS: usize = 100;

/// The [`TOPIC_POOL_DOCUMENTS`] members closest (cosine) to the topic's centroid, in document
/// order; all of them in a smaller topic. A key sentence should say what the topic is about,
/// which its most typical documents do; and ranking the sentences of thousands of documents
/// together costs more than the rest of the analysis while changing little.
fn central_documents(
    members: &[usize],
    vectors: &[Vec<(usize, f64)>],
    n_columns: usize,
) -> Vec<usize> {
    if members.len() <= TOPIC_POOL_DOCUMENTS {
        return members.to_vec();
    }
    let unit: Vec<sparse::SparseVec> = members
        .iter()
        .map(|&i| {
            let mut v = vectors[i].clone();
            sparse::normalize(&mut v);
            v
        })
        .collect();
    let centroid = sparse::centroid(&unit, n_columns);
    let mut scored: Vec<(f64, usize)> = unit
        .iter()
        .zip(members)
        .map(|(v, &i)| (sparse::dot_dense(v, &centroid), i))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut central: Vec<usize> = scored[..TOPIC_POOL_DOCUMENTS]
        .iter()
        .map(|&(_, i)| i)
        .collect();
    central.sort_unstable();
    central
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
        let central = central_documents(&members, &vectors, 5);
        assert_eq!(central.len(), TOPIC_POOL_DOCUMENTS);
        assert!(central.iter().all(|&i| i >= 40), "{central:?}");
        assert!(central.windows(2).all(|w| w[0] < w[1]));
        // A small topic keeps every member.
        assert_eq!(central_documents(&members[..7], &vectors, 5), members[..7]);
    }
}
