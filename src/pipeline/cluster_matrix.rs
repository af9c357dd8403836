//! The matrix that is clustered, built from the analysed text: each document's terms with its
//! headline counted again ([`clustering_terms`]), weighted by a TF-IDF of its own
//! ([`clustering_tfidf`]: sublinear tf, vocabulary limits on larger corpora). The model that
//! weights keywords, summaries and topic terms keeps the user's TF-IDF settings; this one only
//! decides which documents go together. Data flows one way: text → vectorise (here) →
//! [`crate::cluster`] (reduce, k-means), which never sees terms.

use sprs::CsMat;

use super::prepare::PreparedCorpus;
use crate::error::{Error, Result};
use crate::text::AnalysedDocument;
use crate::vectorise::{DfLimit, TfidfModel, TfidfParams};

/// The clustered matrix and the TF-IDF settings that made it.
#[derive(Debug)]
pub struct ClusterMatrix {
    /// Documents × the clustering vocabulary's columns, rows as the settings normalise them.
    pub matrix: CsMat<f64>,
    /// The columns kept and their idf: maps matrix columns back to terms.
    pub model: TfidfModel,
    /// The settings used: the caller's, else [`clustering_tfidf`]'s (see [`fit_tfidf`]).
    pub params: TfidfParams,
}

/// Builds the matrix to cluster for the documents `documents` (indices into `corpus`, one
/// row each, in that order; the counted ones of [`super::CountedOnce`]): headlines counted
/// `headline_weight` times, weighted with `params` when given, else as [`fit_tfidf`] chooses.
///
/// # Errors
/// [`Error::EmptyVocabulary`] and invalid limits, as [`TfidfModel::fit`].
pub fn build(
    corpus: &PreparedCorpus,
    documents: &[usize],
    headline_weight: u32,
    params: Option<TfidfParams>,
) -> Result<ClusterMatrix> {
    let analysed = &corpus.analysis.documents;
    let terms: Vec<Vec<(u32, u32)>> = documents
        .iter()
        .map(|&i| clustering_terms(&analysed[i], corpus.titles[i].headline, headline_weight))
        .collect();
    let rows: Vec<&[(u32, u32)]> = terms.iter().map(Vec::as_slice).collect();
    let (model, params) = fit_tfidf(
        &rows,
        corpus.analysis.n_terms(),
        |t| corpus.analysis.term(t),
        params,
    )?;
    let matrix = model.transform(rows.iter().copied());
    Ok(ClusterMatrix {
        matrix,
        model,
        params,
    })
}

/// A document's `(term, count)` list for the clustered matrix: its words, with those of its
/// headline (sentence `headline`, from [`crate::text::title_of`]) counted `weight` times.
pub(crate) fn clustering_terms(
    doc: &AnalysedDocument,
    headline: Option<usize>,
    weight: u32,
) -> Vec<(u32, u32)> {
    let extra = match headline.and_then(|j| doc.sentences.get(j)) {
        Some(h) if weight > 1 => &h.terms,
        _ => return doc.terms.clone(),
    };
    let mut terms = doc.terms.clone();
    for &(term, count) in extra {
        if let Ok(i) = terms.binary_search_by_key(&term, |&(t, _)| t) {
            terms[i].1 += count * (weight - 1);
        }
    }
    terms
}

/// Corpora at least this large get the clustering vocabulary limits of [`clustering_tfidf`].
pub(crate) const VOCABULARY_LIMITS_FROM: usize = 50;

/// TF-IDF settings of the matrix that is clustered, unless the user sets their own:
/// sublinear tf (`1 + ln tf`, so one word repeated does not pull a document away from its
/// topic) and, on corpora of at least [`VOCABULARY_LIMITS_FROM`] documents, terms found in at
/// least 2 documents (hapaxes cannot relate documents) and in at most half of them (terms that
/// common cannot separate topics). scikit-learn users set the same for text clustering.
pub fn clustering_tfidf(n_docs: usize) -> TfidfParams {
    let limits = n_docs >= VOCABULARY_LIMITS_FROM;
    TfidfParams {
        sublinear_tf: true,
        min_df: DfLimit::Count(if limits { 2 } else { 1 }),
        max_df: DfLimit::Fraction(if limits { 0.5 } else { 1.0 }),
        ..TfidfParams::default()
    }
}

/// Fits the TF-IDF of the matrix to cluster over per-document `(term, count)` lists: with
/// `params` when given, else with [`clustering_tfidf`]'s settings — and when their limits leave
/// no term (a corpus of a few words that every document uses), with sublinear tf alone.
/// Returns the model and the settings it used.
///
/// # Errors
/// [`Error::EmptyVocabulary`] and invalid limits, as [`TfidfModel::fit`].
pub(crate) fn fit_tfidf<'a>(
    documents: &[&'a [(u32, u32)]],
    n_terms: usize,
    term_name: impl Fn(u32) -> &'a str + Copy,
    params: Option<TfidfParams>,
) -> Result<(TfidfModel, TfidfParams)> {
    let fit = |p: TfidfParams| {
        TfidfModel::fit(documents.iter().copied(), n_terms, term_name, &p).map(|m| (m, p))
    };
    match params {
        Some(p) => fit(p),
        None => match fit(clustering_tfidf(documents.len())) {
            Err(Error::EmptyVocabulary) => fit(clustering_tfidf(0)),
            other => other,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_headline_counts_its_words_again_and_adds_none() {
        use crate::language::{Detected, Language};
        use crate::progress::NoProgress;
        use crate::text::AnalyserParams;
        let body =
            "Cocoa prices rose.\n\nShowers helped the cocoa harvest in Bahia while prices rose.";
        let analysis = crate::vectorise::analyse_documents(
            &[body],
            &[Detected::Known(Language::English)],
            AnalyserParams::default(),
            &NoProgress,
        )
        .unwrap();
        let doc = &analysis.documents[0];
        assert_eq!(clustering_terms(doc, None, 3), doc.terms);
        assert_eq!(clustering_terms(doc, Some(0), 1), doc.terms);
        let weighted = clustering_terms(doc, Some(0), 3);
        let count = |terms: &[(u32, u32)], word: &str| {
            terms
                .iter()
                .find(|&&(t, _)| analysis.term(t) == word)
                .map_or(0, |&(_, c)| c)
        };
        // "cocoa" and "rose" are in the headline once: 2 + 2 × 1; "harvest" is not.
        assert_eq!(count(&doc.terms, "cocoa"), 2);
        assert_eq!(count(&weighted, "cocoa"), 4);
        assert_eq!(count(&weighted, "rose"), 4);
        assert_eq!(count(&weighted, "harvest"), 1);
        assert_eq!(weighted.len(), doc.terms.len());
        assert_eq!(clustering_terms(doc, Some(99), 3), doc.terms);
    }
}
