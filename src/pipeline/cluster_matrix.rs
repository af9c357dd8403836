//! The matrix that is clustered, built from the analysed text: each document's terms with its
//! headline counted again ([`clustering_terms`]), weighted by a TF-IDF of its own
//! ([`clustering_tfidf`]: sublinear tf, vocabulary limits on larger corpora). The model that
//! weights keywords, summaries and topic terms keeps the user's TF-IDF settings; this one only
//! decides which documents go together. Data flows one way: text → vectorise (here) →
//! [`crate::cluster`] (reduce, k-means), which never sees terms.

use std::borrow::Cow;

use super::prepare::PreparedCorpus;
use crate::error::{Error, Result};
use crate::kernels::sparse::TermMatrix;
use crate::text::AnalysedDocument;
use crate::vectorise::{DfLimit, TfidfModel, TfidfParams};

/// The clustered matrix and the TF-IDF settings that made it.
#[derive(Debug)]
pub struct ClusterMatrix {
    /// Documents × the clustering vocabulary's columns, rows as the settings normalise them.
    pub matrix: TermMatrix,
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
    // Rows are made again where needed rather than held: a million of them weigh more than
    // the matrix.
    let row = |i: usize| clustering_terms(&analysed[i], corpus.headlines[i], headline_weight);
    let counts = DocumentCounts::of(documents.iter().map(|&i| row(i)), corpus.analysis.n_terms());
    let (model, params) = fit_tfidf(&counts, |t| corpus.analysis.term(t), params)?;
    let matrix = transform(&model, documents, row);
    Ok(ClusterMatrix {
        matrix,
        model,
        params,
    })
}

/// Rows weighted in parallel straight into one CSR matrix sized exactly: a first pass finds
/// each row's length, a second fills blocks of rows in place, so no row is held twice.
fn transform<'a>(
    model: &TfidfModel,
    documents: &[usize],
    row: impl Fn(usize) -> Cow<'a, [(u32, u32)]> + Sync,
) -> TermMatrix {
    use rayon::prelude::*;
    const BLOCK: usize = 4096;
    // A row keeps the terms the model has a column for: counted, not weighted and sorted.
    let lengths: Vec<usize> = documents
        .par_iter()
        .map(|&i| {
            row(i)
                .iter()
                .filter(|&&(t, _)| model.column(t).is_some())
                .count()
        })
        .collect();
    let mut indptr = Vec::with_capacity(documents.len() + 1);
    indptr.push(0);
    for len in &lengths {
        indptr.push(indptr[indptr.len() - 1] + len);
    }
    drop(lengths);
    let nnz = indptr[indptr.len() - 1];
    let mut indices = vec![0u32; nnz];
    let mut data = vec![0.0f64; nnz];
    let mut blocks = Vec::with_capacity(documents.len().div_ceil(BLOCK));
    let (mut rest_indices, mut rest_data) = (indices.as_mut_slice(), data.as_mut_slice());
    for (b, block) in documents.chunks(BLOCK).enumerate() {
        let first = b * BLOCK;
        let len = indptr[first + block.len()] - indptr[first];
        let (these_indices, more_indices) = rest_indices.split_at_mut(len);
        let (these_data, more_data) = rest_data.split_at_mut(len);
        blocks.push((block, these_indices, these_data));
        (rest_indices, rest_data) = (more_indices, more_data);
    }
    blocks.into_par_iter().for_each(|(block, indices, data)| {
        let mut at = 0;
        for &i in block {
            for (c, w) in model.transform_row(&row(i)) {
                indices[at] = c as u32;
                data[at] = w;
                at += 1;
            }
        }
    });
    TermMatrix::new((documents.len(), model.n_columns()), indptr, indices, data)
}

/// A document's `(term, count)` list for the clustered matrix: its words, with those of its
/// headline (sentence `headline`, from [`crate::text::title_of`]) counted `weight` times.
pub(crate) fn clustering_terms(
    doc: &AnalysedDocument,
    headline: Option<usize>,
    weight: u32,
) -> Cow<'_, [(u32, u32)]> {
    let extra = match headline.filter(|&j| j < doc.sentences.len()) {
        Some(j) if weight > 1 => doc.sentence_terms(j),
        _ => return Cow::Borrowed(&doc.terms),
    };
    let mut terms = doc.terms.clone();
    for &(term, count) in extra {
        if let Ok(i) = terms.binary_search_by_key(&term, |&(t, _)| t) {
            terms[i].1 += count * (weight - 1);
        }
    }
    Cow::Owned(terms)
}

/// What a TF-IDF is fitted on: each term's document frequency and total count.
pub(crate) struct DocumentCounts {
    df: Vec<u32>,
    total: Vec<u64>,
    n_docs: usize,
}

impl DocumentCounts {
    /// The counts of `documents`' `(term, count)` lists over `n_terms` terms.
    pub(crate) fn of<R: AsRef<[(u32, u32)]>>(
        documents: impl IntoIterator<Item = R>,
        n_terms: usize,
    ) -> DocumentCounts {
        let mut counts = DocumentCounts {
            df: vec![0; n_terms],
            total: vec![0; n_terms],
            n_docs: 0,
        };
        for doc in documents {
            counts.n_docs += 1;
            for &(t, c) in doc.as_ref() {
                counts.df[t as usize] += 1;
                counts.total[t as usize] += u64::from(c);
            }
        }
        counts
    }
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

/// Fits the TF-IDF of the matrix to cluster on its documents' term counts: with
/// `params` when given, else with [`clustering_tfidf`]'s settings — and when their limits leave
/// no term (a corpus of a few words that every document uses), with sublinear tf alone.
/// Returns the model and the settings it used.
///
/// # Errors
/// [`Error::EmptyVocabulary`] and invalid limits, as [`TfidfModel::fit`].
pub(crate) fn fit_tfidf<'a>(
    counts: &DocumentCounts,
    term_name: impl Fn(u32) -> &'a str + Copy,
    params: Option<TfidfParams>,
) -> Result<(TfidfModel, TfidfParams)> {
    let fit = |p: TfidfParams| {
        TfidfModel::from_document_frequencies(
            &counts.df,
            &counts.total,
            counts.n_docs,
            term_name,
            &p,
        )
        .map(|m| (m, p))
    };
    match params {
        Some(p) => fit(p),
        None => match fit(clustering_tfidf(counts.n_docs)) {
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
        assert_eq!(*clustering_terms(doc, None, 3), doc.terms);
        assert_eq!(*clustering_terms(doc, Some(0), 1), doc.terms);
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
        assert_eq!(*clustering_terms(doc, Some(99), 3), doc.terms);
    }
}
