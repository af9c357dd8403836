//! Key sentences: the sentences that best represent a document or a topic, quoted verbatim.
//!
//! Owns the scoring of candidate sentences and the choice among them; does not own sentence
//! splitting, titles or which sentences are candidates (see [`crate::text`] and
//! [`candidates`]). The same machinery serves `summarise` (one document at a time),
//! `evaluate summaries` and `analyse` (per document, and per topic over its documents' pooled
//! sentences).
//!
//! A choice is made in three steps:
//! 1. **score** every candidate with a [`Method`]: [`Method::Lead`] (position only),
//!    [`Method::Centroid`] (similarity to the whole), [`Method::LexRank`] or
//!    [`Method::TextRank`] (centrality in a sentence-similarity graph);
//! 2. optionally mix in a **position prior** (news puts the essentials first);
//! 3. **choose** with maximal marginal relevance (Carbonell & Goldstein 1998), so the picks do
//!    not repeat each other.
//!
//! Sentences are bags of index terms (stemmed, stop words out) weighted by [`Weighting`]: raw
//! counts by default, which measured best on reference summaries (see README, "Summary
//! quality"), or TF-IDF as in the LexRank and centroid papers.

mod centroid;
mod lexrank;
mod mmr;
mod position;
pub mod sparse;
mod textrank;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub(crate) use centroid::centroid_scores;
pub(crate) use lexrank::lexrank_scores;
pub use mmr::choose;
pub use position::position_prior;
pub(crate) use position::with_position_prior;
pub use sparse::dot;
pub(crate) use sparse::SparseVec;
pub(crate) use textrank::textrank_scores;

use crate::text::{AnalysedDocument, SpanKind};
use crate::vectorise::TfidfModel;

/// Documents whose sentences may be a topic's key sentences, at most this many.
pub(crate) const TOPIC_POOL_DOCUMENTS: usize = 100;
/// The same for a sub-topic of the topic tree. A sub-topic is narrower, so fewer of its most
/// central documents say what it is about; and a large corpus has a hundred of them, whose
/// sentence graphs at [`TOPIC_POOL_DOCUMENTS`] each took more time than the rest of the tree
/// (the Gutenberg chunks: about 8 s of 44).
pub(crate) const SUBTOPIC_POOL_DOCUMENTS: usize = 30;

/// How candidate sentences are scored.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The first sentences, in order: the classic news baseline (Lead-N).
    Lead,
    /// Cosine similarity to the centroid of all candidates (Radev et al. 2004).
    Centroid,
    /// Continuous LexRank (Erkan & Radev 2004): PageRank over the cosine-similarity graph.
    LexRank,
    /// TextRank (Mihalcea & Tarau 2004): PageRank over the word-overlap graph.
    TextRank,
}

impl Method {
    /// Every method, in the order `evaluate summaries` reports them.
    pub const ALL: [Method; 4] = [
        Method::Lead,
        Method::Centroid,
        Method::LexRank,
        Method::TextRank,
    ];

    /// The name used on the command line and in reports (`lead`, `lexrank`…).
    pub fn name(self) -> &'static str {
        match self {
            Method::Lead => "lead",
            Method::Centroid => "centroid",
            Method::LexRank => "lexrank",
            Method::TextRank => "textrank",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = String;

    fn from_str(s: &str) -> Result<Method, String> {
        let lower = s.to_ascii_lowercase();
        Method::ALL
            .into_iter()
            .find(|m| m.name() == lower)
            .ok_or_else(|| {
                let names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
                format!(
                    "unknown method `{s}` (expected one of {})",
                    names.join(", ")
                )
            })
    }
}

/// How the terms of a sentence are weighted in its vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    /// Raw term counts.
    Tf,
    /// Counts times the collection's smoothed IDF (scikit-learn's definition).
    TfIdf,
}

/// What to pick and how.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SummaryParams {
    /// How candidates are scored before the position prior and MMR.
    pub method: Method,
    /// Term weights of the sentence vectors: raw counts or TF-IDF.
    pub weighting: Weighting,
    /// Weight of the position prior in `[0, 1]`: 0 = the method alone, 1 = Lead.
    pub position_prior: f64,
    /// Key sentences per topic (`analyse`).
    pub topic_sentences: usize,
    /// Summary sentences per document (`analyse`).
    pub document_sentences: usize,
    /// MMR trade-off in `[0, 1]` for a document's summary: 1 = relevance only, 0 = novelty
    /// only. Within one article redundancy is rare and relevance alone measured best.
    pub mmr_lambda: f64,
    /// MMR trade-off for a topic's key sentences, pooled from many articles, where near
    /// repeats are common (agency copy, duplicated articles).
    pub topic_mmr_lambda: f64,
    /// Sentences with fewer words are fragments, not candidates.
    pub min_words: usize,
    /// Sentences with more words are run-ons (often lost punctuation), not candidates.
    pub max_words: usize,
}

impl Default for SummaryParams {
    fn default() -> Self {
        SummaryParams {
            method: Method::LexRank,
            weighting: Weighting::Tf,
            position_prior: 0.0,
            topic_sentences: 5,
            document_sentences: 3,
            mmr_lambda: 1.0,
            topic_mmr_lambda: 0.7,
            min_words: 1,
            max_words: 80,
        }
    }
}

impl SummaryParams {
    /// Checks the ranges, so nothing fails halfway.
    ///
    /// # Errors
    /// [`crate::Error::InvalidParameter`] for a prior or λ outside `[0, 1]` or
    /// `min_words > max_words`.
    pub(crate) fn validate(&self) -> crate::Result<()> {
        let bad = |name, problem: String| Err(crate::Error::invalid(name, problem));
        if !(0.0..=1.0).contains(&self.position_prior) {
            return bad(
                "position_prior",
                format!("must be in [0, 1], got {}", self.position_prior),
            );
        }
        for (name, lambda) in [
            ("mmr_lambda", self.mmr_lambda),
            ("topic_mmr_lambda", self.topic_mmr_lambda),
        ] {
            if !(0.0..=1.0).contains(&lambda) {
                return bad(name, format!("must be in [0, 1], got {lambda}"));
            }
        }
        if self.min_words > self.max_words {
            return bad(
                "min_words",
                format!("{} exceeds `max_words` {}", self.min_words, self.max_words),
            );
        }
        Ok(())
    }
}

/// Candidate sentences as every method sees them: one document's, or a topic's pooled from
/// several documents.
#[derive(Debug, Clone, Default)]
pub struct Sentences {
    /// Each candidate's rank among its own document's candidates (0 = first).
    positions: Vec<usize>,
    /// Weighted, unit-length term vectors (columns are term ids).
    vectors: Vec<SparseVec>,
    /// Index terms per candidate (counts of the terms with a positive weight).
    lengths: Vec<f64>,
    /// Unit-length sum of the weighted (unnormalised) vectors: what the candidates say together.
    centroid: SparseVec,
}

impl Sentences {
    /// Builds the candidate set from `(position, term counts)` pairs; `weight(term)` is the
    /// factor a term's count is multiplied by (0 leaves the term out).
    pub fn new<'t>(
        items: impl IntoIterator<Item = (usize, &'t [(u32, u32)])>,
        weight: impl Fn(u32) -> f64,
    ) -> Sentences {
        let mut lengths = Vec::new();
        let mut positions = Vec::new();
        let mut vectors = Vec::new();
        let mut sum: Vec<(usize, f64)> = Vec::new();
        for (position, terms) in items {
            let mut v: SparseVec = terms
                .iter()
                .map(|&(t, c)| (t as usize, f64::from(c) * weight(t)))
                .filter(|&(_, w)| w > 0.0)
                .collect();
            let length = terms
                .iter()
                .filter(|&&(t, _)| weight(t) > 0.0)
                .map(|&(_, c)| f64::from(c))
                .sum();
            sum.extend_from_slice(&v);
            sparse::normalise(&mut v);
            lengths.push(length);
            positions.push(position);
            vectors.push(v);
        }
        sum.sort_unstable_by_key(|&(t, _)| t);
        let mut centroid: SparseVec = Vec::new();
        for (t, w) in sum {
            match centroid.last_mut() {
                Some(last) if last.0 == t => last.1 += w,
                _ => centroid.push((t, w)),
            }
        }
        sparse::normalise(&mut centroid);
        Sentences {
            lengths,
            positions,
            vectors,
            centroid,
        }
    }

    /// Candidate sentences.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// Whether there are no candidates (nothing to choose).
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    /// Position of each candidate in its document (0 for the first sentence), for the prior.
    pub fn positions(&self) -> &[usize] {
        &self.positions
    }

    /// Unit-length term vector of each candidate.
    pub fn vectors(&self) -> &[SparseVec] {
        &self.vectors
    }

    /// Index terms in each candidate (the length TextRank normalises by).
    pub fn lengths(&self) -> &[f64] {
        &self.lengths
    }

    /// Unit-length mean of the candidate vectors (the centroid method's query).
    pub fn centroid(&self) -> &SparseVec {
        &self.centroid
    }
}

/// A chosen candidate: its index in the [`Sentences`] and its relevance (the method's score
/// after the position prior, scaled so the best candidate scores 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Choice {
    /// Index of the candidate in the [`Sentences`].
    pub index: usize,
    /// Relevance in `[0, 1]`, the best candidate scoring 1.
    pub score: f64,
}

/// Graph methods run on at most this many candidates; larger pools (a big topic, a book) are
/// first cut to the candidates closest to the centroid, so time and memory stay bounded.
pub(crate) const MAX_GRAPH_SENTENCES: usize = 2000;

/// Every candidate's relevance under `params.method` and the position prior, scaled to a
/// maximum of 1.
pub fn scores(sentences: &Sentences, params: &SummaryParams) -> Vec<f64> {
    let raw = match params.method {
        Method::Lead => position_prior(sentences.positions()),
        Method::Centroid => centroid_scores(sentences),
        Method::LexRank => lexrank_scores(sentences),
        Method::TextRank => textrank_scores(sentences),
    };
    with_position_prior(&raw, sentences.positions(), params.position_prior)
}

/// Picks up to `n` candidates under `params` with MMR trade-off `lambda`, most relevant first.
/// Lead takes the first `n` as they come.
pub fn key_sentences(
    sentences: &Sentences,
    n: usize,
    params: &SummaryParams,
    lambda: f64,
) -> Vec<Choice> {
    pick(sentences, None, n, params, lambda)
}

/// A topic's key sentences: as [`key_sentences`], with `documents[i]` the document of
/// candidate `i`, so the picks spread over the topic's documents instead of all coming from
/// the one whose sentences score highest (see [`choose_spread`]).
pub(crate) fn topic_key_sentences(
    sentences: &Sentences,
    documents: &[usize],
    n: usize,
    params: &SummaryParams,
    lambda: f64,
) -> Vec<Choice> {
    pick(sentences, Some(documents), n, params, lambda)
}

/// Scores the candidates with `params.method`, then chooses by MMR (relevance alone for Lead).
fn pick(
    sentences: &Sentences,
    groups: Option<&[usize]>,
    n: usize,
    params: &SummaryParams,
    lambda: f64,
) -> Vec<Choice> {
    let relevance = scores(sentences, params);
    let lambda = match params.method {
        Method::Lead => 1.0,
        _ => lambda,
    };
    mmr::choose_spread(sentences.vectors(), &relevance, groups, n, lambda)
}

/// A document's summary: up to `n` key sentences (MMR at `params.mmr_lambda`) in reading order.
pub fn summarise(sentences: &Sentences, n: usize, params: &SummaryParams) -> Vec<Choice> {
    let mut chosen = key_sentences(sentences, n, params, params.mmr_lambda);
    chosen.sort_by_key(|c| c.index);
    chosen
}

/// The factor each term's count is multiplied by under `weighting`: 1 or the IDF for terms
/// `model` keeps (so `--min-df`/`--max-df` apply), 0 for the others.
pub(crate) fn term_weights(model: &TfidfModel, weighting: Weighting) -> impl Fn(u32) -> f64 + '_ {
    move |term| match (model.column(term), weighting) {
        (None, _) => 0.0,
        (Some(_), Weighting::Tf) => 1.0,
        (Some(c), Weighting::TfIdf) => model.idf()[c],
    }
}

/// The sentences of `doc` (whose text is `text`) that may be quoted: whole sentences (not
/// headings, not the title) that read as complete when quoted alone, whose word count is
/// within the limits, and that have at least one index term.
pub fn candidates(
    text: &str,
    doc: &AnalysedDocument,
    title: Option<usize>,
    params: &SummaryParams,
) -> Vec<usize> {
    doc.sentences
        .iter()
        .enumerate()
        .filter(|&(j, s)| {
            s.kind == SpanKind::Sentence
                && Some(j) != title
                && (params.min_words..=params.max_words).contains(&(s.n_words as usize))
                && !s.terms.is_empty()
                && is_complete_sentence(&text[s.start..s.end])
        })
        .map(|(j, _)| j)
        .collect()
}

/// Whether a span reads as a whole sentence when quoted alone: it opens like a sentence
/// (capital, digit or opening quote) and closes with terminal punctuation, possibly inside
/// closing quotes. Spans cut by glued headings or truncated scraping fail this, and a report
/// must never quote a fragment.
pub(crate) fn is_complete_sentence(s: &str) -> bool {
    let opens = s
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "«“\"‘'(¿¡".contains(c));
    let body = s.trim_end_matches(['»', '”', '"', '’', '\'', ')', ' ']);
    opens && body.ends_with(['.', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[&[(u32, u32)]]) -> Vec<Vec<(u32, u32)>> {
        list.iter().map(|t| t.to_vec()).collect()
    }

    #[test]
    fn complete_sentences_open_and_close_properly() {
        assert!(is_complete_sentence(
            "Il progetto si articola in diverse fasi."
        ));
        assert!(is_complete_sentence("«Questa è una svolta», ha detto."));
        assert!(is_complete_sentence("«Una svolta per il territorio.»"));
        assert!(!is_complete_sentence(
            "basato su scoperte scientifiche o innovazioni ing"
        ));
        assert!(!is_complete_sentence(
            "e poi ha aggiunto che tutto va bene."
        ));
    }

    #[test]
    fn method_names_round_trip() {
        for m in Method::ALL {
            assert_eq!(m.name().parse::<Method>(), Ok(m));
        }
        assert!("LexRank".parse::<Method>().is_ok());
        assert!("pagerank".parse::<Method>().is_err());
    }

    #[test]
    fn sentences_weight_and_normalise() {
        let t = terms(&[&[(0, 2), (3, 1)], &[(3, 1)]]);
        let s = Sentences::new(
            t.iter().enumerate().map(|(i, x)| (i, x.as_slice())),
            |term| if term == 3 { 2.0 } else { 1.0 },
        );
        let s2 = std::f64::consts::FRAC_1_SQRT_2;
        let v = &s.vectors()[0];
        assert_eq!((v[0].0, v[1].0), (0, 3));
        assert!((v[0].1 - s2).abs() < 1e-12 && (v[1].1 - s2).abs() < 1e-12);
        assert_eq!(s.vectors()[1], [(3, 1.0)]);
        // centroid ∝ (2, 4): unit length (1, 2)/√5
        let c = s.centroid();
        assert!((c[0].1 - 1.0 / 5f64.sqrt()).abs() < 1e-12);
        assert!((c[1].1 - 2.0 / 5f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn lead_takes_the_first_sentences_in_order() {
        let t = terms(&[&[(0, 1)], &[(3, 1)], &[(1, 1)], &[(2, 1)]]);
        let s = Sentences::new(t.iter().enumerate().map(|(i, x)| (i, x.as_slice())), |_| {
            1.0
        });
        let params = SummaryParams {
            method: Method::Lead,
            mmr_lambda: 0.3,
            ..SummaryParams::default()
        };
        let picked: Vec<usize> = summarise(&s, 2, &params).iter().map(|c| c.index).collect();
        assert_eq!(picked, [0, 1]);
    }

    #[test]
    fn summaries_come_back_in_reading_order() {
        // The central sentence (index 2) shares a term with every other.
        let t = terms(&[&[(0, 1)], &[(1, 1)], &[(0, 1), (1, 1), (2, 1)], &[(2, 1)]]);
        let s = Sentences::new(t.iter().enumerate().map(|(i, x)| (i, x.as_slice())), |_| {
            1.0
        });
        let params = SummaryParams::default();
        let picked = summarise(&s, 2, &params);
        assert_eq!(picked.len(), 2);
        assert!(picked.iter().any(|c| c.index == 2));
        assert!(picked[0].index < picked[1].index);
    }

    #[test]
    fn validation_rejects_out_of_range_settings() {
        let ok = SummaryParams::default();
        assert!(ok.validate().is_ok());
        assert!(SummaryParams {
            position_prior: 1.5,
            ..ok
        }
        .validate()
        .is_err());
        assert!(SummaryParams {
            mmr_lambda: -0.1,
            ..ok
        }
        .validate()
        .is_err());
        assert!(SummaryParams {
            min_words: 9,
            max_words: 3,
            ..ok
        }
        .validate()
        .is_err());
    }
}
