//! Topic quality without gold labels (`sintesi evaluate topics`): the coherence and diversity
//! ([`super::coherence`]) of topics — sintesi's own, found by the topic half of `analyse`, or
//! any tool's, given in a file — with the corpus itself as the reference, read as
//! `../shared/peers/topic_eval.py` reads it ([`corpus::reference_texts`]).

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::corpus::{self, LoadParams, Skipped};
use crate::error::{Error, Result};
use crate::evaluate::coherence::{self, CoherenceScores, TOP_WORDS};
use crate::pipeline::AnalyseParams;

/// Where the topics come from.
#[derive(Debug, Clone)]
pub enum TopicSource {
    /// sintesi's topics, found by `analyse` with these parameters.
    Analyse(Box<AnalyseParams>),
    /// A topics file (see [`corpus::load_topics`]).
    File(PathBuf),
}

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct TopicEvalParams {
    /// How to read the reference (the text field of JSON Lines, the size limit).
    pub load: LoadParams,
    /// The topics to score: found by `analyse` with its parameters, or read from a file.
    pub source: TopicSource,
}

/// The scores of one set of topics.
#[derive(Debug, Clone, Serialize)]
pub struct TopicEvaluation {
    /// Topics scored (found or given).
    pub k: usize,
    /// Where the topics came from: `sintesi analyse`, or the topics file.
    pub topics_from: String,
    /// Seed of the analysis (`None` for topics from a file).
    pub seed: Option<u64>,
    /// Reference documents the words were counted in.
    pub documents: usize,
    /// JSON: coherence (NPMI, C_V, UMass) and diversity, per topic and averaged, flattened into
    /// this object.
    #[serde(flatten)]
    pub scores: CoherenceScores,
    /// Reference files or records that could not be read.
    pub skipped: Vec<Skipped>,
}

/// Finds or reads the topics, reads the reference texts of `input` and scores the topics.
///
/// # Errors
/// Input errors of [`corpus::reference_texts`], [`corpus::load_topics`] and
/// [`crate::analyse()`]; [`Error::Format`] when topics are to be found in standard
/// input, which cannot be read twice.
pub fn evaluate_topics(input: &Path, params: &TopicEvalParams) -> Result<TopicEvaluation> {
    let started = Instant::now();
    let (topics, topics_from, seed) = match &params.source {
        TopicSource::File(path) => (corpus::load_topics(path)?, path.display().to_string(), None),
        TopicSource::Analyse(analyse) => {
            if input == Path::new(corpus::STDIN) {
                return Err(Error::Format {
                    path: input.to_path_buf(),
                    message: "standard input can be read only once: save it to a file, or \
                              score a topics file (`topics`)"
                        .into(),
                });
            }
            let topics = analysed_topics(input, analyse)?;
            (
                topics,
                "sintesi analyse".to_string(),
                Some(analyse.cluster.seed),
            )
        }
    };
    tracing::info!(elapsed = ?started.elapsed(), topics = topics.len(), "topics");
    let reference = corpus::reference_texts(input, &params.load)?;
    tracing::info!(elapsed = ?started.elapsed(), documents = reference.texts.len(), "reference read");
    let scores = coherence::score_topics(&reference.texts, &topics);
    tracing::info!(elapsed = ?started.elapsed(), "scored");
    Ok(TopicEvaluation {
        k: topics.len(),
        topics_from,
        seed,
        documents: reference.texts.len(),
        scores,
        skipped: reference.skipped,
    })
}

/// sintesi's topics of `input`: the first [`TOP_WORDS`] terms (surface forms) of each cluster
/// of [`crate::analyse()`], largest cluster first. Key sentences and summaries, which are not
/// scored, are not computed. This is the one place that says how sintesi's topics are found,
/// so a faster topic-only path can replace it.
pub(crate) fn analysed_topics(input: &Path, params: &AnalyseParams) -> Result<Vec<Vec<String>>> {
    let mut params = params.clone();
    params.topic_terms = params.topic_terms.max(TOP_WORDS);
    params.summary.topic_sentences = 0;
    params.summary.document_sentences = 0;
    // Topic words do not depend on phrases: none are looked for.
    params.topic_phrases = 0;
    params.document_phrases = 0;
    let report = crate::analyse(input, &params)?;
    Ok(report
        .clusters
        .iter()
        .map(|c| {
            c.terms
                .iter()
                .take(TOP_WORDS)
                .map(|t| t.term.clone())
                .collect()
        })
        .collect())
}
