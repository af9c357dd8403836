//! TF-IDF weighting of term counts into a sparse document × term matrix (CSR), with
//! scikit-learn's `TfidfVectorizer` definitions so figures can be compared with it:
//!
//! * tf: the raw count, or `1 + ln(count)` with `sublinear_tf`;
//! * idf: `ln((1 + n) / (1 + df)) + 1` (smooth, the default) or `ln(n / df) + 1`;
//! * rows scaled to unit l2 (default) or l1 norm, or left as they are;
//! * terms kept when `min_df ≤ df ≤ max_df` (counts, or fractions of the documents), then the
//!   `max_features` most frequent over the corpus; columns in alphabetical order of the terms.
//!
//! This file sees term ids and counts only. Counting is done once, for every command, by the
//! parallel workers of [`counting`] (word cache, shared vocabulary): [`analysis`] runs them on
//! loaded documents, sentence by sentence, for `analyse`, `summarise` and `evaluate`; the
//! streaming, parallel vectoriser of whole corpora (`sintesi vectorise`) is in [`streaming`]
//! (reading and counting), [`counting`] (one worker's caches and counters) and
//! [`vocabulary`] (terms shared by the workers); [`hashing`] holds the stable hashes of
//! `--hashing`.

pub mod analysis;
mod counting;
pub mod hashing;
pub mod streaming;
mod vocabulary;
mod word_cache;

pub use analysis::analyse_documents;
pub use analysis::Analysis;
pub use streaming::{
    vectorise, vectorise_tokens, NgramRange, VectoriseParams, Vectorised, VocabularyEntry,
};

use rustc_hash::FxHashMap;
use serde::Serialize;
use sprs::{CsMat, TriMat};

use crate::error::{Error, Result};

/// Row normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Norm {
    /// Rows scaled to unit sum of absolute weights.
    L1,
    /// Rows scaled to unit Euclidean length (default; cosine similarity is a dot product).
    L2,
    /// Rows left as weighted.
    None,
}

/// A document-frequency bound: an absolute count or a fraction of the documents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum DfLimit {
    /// At least (min_df) or at most (max_df) this many documents.
    Count(usize),
    /// This share of the documents, in `[0, 1]`.
    Fraction(f64),
}

impl DfLimit {
    fn documents(self, n_docs: usize) -> f64 {
        match self {
            DfLimit::Count(c) => c as f64,
            DfLimit::Fraction(f) => f * n_docs as f64,
        }
    }
}

impl std::str::FromStr for DfLimit {
    type Err = String;

    /// `5` is a count, `0.5` or `1.0` a fraction (as in scikit-learn, an integer is a count).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(c) = s.parse::<usize>() {
            return Ok(DfLimit::Count(c));
        }
        match s.parse::<f64>() {
            Ok(f) if (0.0..=1.0).contains(&f) => Ok(DfLimit::Fraction(f)),
            _ => Err(format!(
                "`{s}` is neither a document count nor a fraction in [0, 1]"
            )),
        }
    }
}

/// How to weight terms; defaults are scikit-learn's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TfidfParams {
    /// tf = 1 + ln(count) instead of the count (default false).
    pub sublinear_tf: bool,
    /// Multiply by idf (default true); false gives term frequencies only.
    pub use_idf: bool,
    /// idf = ln((1 + n) / (1 + df)) + 1, as if one document held every term (default true);
    /// false gives ln(n / df) + 1.
    pub smooth_idf: bool,
    /// Row normalisation (default L2).
    pub norm: Norm,
    /// Drop terms in fewer documents (default 1: keep all).
    pub min_df: DfLimit,
    /// Drop terms in more documents (default 1.0: keep all).
    pub max_df: DfLimit,
    /// Keep only this many terms, the most frequent in the corpus (ties by term); `None` keeps
    /// all.
    pub max_features: Option<usize>,
}

impl Default for TfidfParams {
    fn default() -> Self {
        TfidfParams {
            sublinear_tf: false,
            use_idf: true,
            smooth_idf: true,
            norm: Norm::L2,
            min_df: DfLimit::Count(1),
            max_df: DfLimit::Fraction(1.0),
            max_features: None,
        }
    }
}

impl TfidfParams {
    /// Rejects settings that cannot select any term, before any work is done.
    pub(crate) fn validate(&self) -> Result<()> {
        if let (DfLimit::Count(min), DfLimit::Count(max)) = (self.min_df, self.max_df) {
            if min > max {
                return Err(Error::invalid(
                    "min_df",
                    format!("{min} is larger than `max_df` {max}"),
                ));
            }
        }
        if let (DfLimit::Fraction(min), DfLimit::Fraction(max)) = (self.min_df, self.max_df) {
            if min > max {
                return Err(Error::invalid(
                    "min_df",
                    format!("{min} is larger than `max_df` {max}"),
                ));
            }
        }
        if self.max_features == Some(0) {
            return Err(Error::invalid("max_features", "must be at least 1"));
        }
        Ok(())
    }
}

/// A fitted weighting: which terms are columns, and their idf.
#[derive(Debug, Clone)]
pub struct TfidfModel {
    params: TfidfParams,
    /// Column → term id.
    columns: Vec<u32>,
    /// Term id → column (`u32::MAX` when the term was pruned).
    column_of: Vec<u32>,
    idf: Vec<f64>,
    document_frequency: Vec<u32>,
    n_docs: usize,
}

impl TfidfModel {
    /// Learns document frequencies and idf from per-document term counts.
    ///
    /// `term_name` gives the string of a term id: columns are ordered by it.
    ///
    /// # Errors
    /// [`Error::EmptyVocabulary`] when no term survives the limits, [`Error::InvalidParameter`]
    /// when `max_df` allows fewer documents than `min_df`.
    pub fn fit<'a>(
        documents: impl IntoIterator<Item = &'a [(u32, u32)]>,
        n_terms: usize,
        term_name: impl Fn(u32) -> &'a str,
        params: &TfidfParams,
    ) -> Result<TfidfModel> {
        params.validate()?;
        let mut df = vec![0u32; n_terms];
        let mut total = vec![0u64; n_terms];
        let mut n_docs = 0usize;
        for doc in documents {
            n_docs += 1;
            for &(t, c) in doc {
                df[t as usize] += 1;
                total[t as usize] += u64::from(c);
            }
        }
        TfidfModel::from_document_frequencies(&df, &total, n_docs, term_name, params)
    }

    /// Learns idf and the columns from document frequencies gathered elsewhere (the streaming
    /// vectoriser counts them as documents go by): `df[t]` documents contain term `t`, which
    /// occurs `total[t]` times in all (used by `max_features`), over `n_docs` documents.
    ///
    /// # Errors
    /// As [`TfidfModel::fit`].
    pub(crate) fn from_document_frequencies<'a>(
        df: &[u32],
        total: &[u64],
        n_docs: usize,
        term_name: impl Fn(u32) -> &'a str,
        params: &TfidfParams,
    ) -> Result<TfidfModel> {
        params.validate()?;
        let n_terms = df.len();
        let mut kept = select_terms(df, total, n_docs, params, |a, b| {
            term_name(a).cmp(term_name(b))
        })?;
        kept.sort_by(|&a, &b| term_name(a).cmp(term_name(b)));
        let mut column_of = vec![u32::MAX; n_terms];
        for (col, &t) in kept.iter().enumerate() {
            column_of[t as usize] = col as u32;
        }
        let document_frequency: Vec<u32> = kept.iter().map(|&t| df[t as usize]).collect();
        let idf = document_frequency
            .iter()
            .map(|&d| idf(params, n_docs, d))
            .collect();
        Ok(TfidfModel {
            params: *params,
            columns: kept,
            column_of,
            idf,
            document_frequency,
            n_docs,
        })
    }

    /// As [`TfidfModel::from_document_frequencies`] for the hashing vectoriser: every bucket
    /// is a column (column = bucket), and buckets outside the df limits or past
    /// `max_features` are emptied rather than removed, so columns keep their meaning.
    ///
    /// # Errors
    /// As [`TfidfModel::fit`].
    pub(crate) fn for_buckets(
        df: &[u32],
        total: &[u64],
        n_docs: usize,
        params: &TfidfParams,
    ) -> Result<TfidfModel> {
        params.validate()?;
        let n_buckets = df.len();
        let kept = select_terms(df, total, n_docs, params, |a, b| a.cmp(&b))?;
        let mut column_of = vec![u32::MAX; n_buckets];
        for &b in &kept {
            column_of[b as usize] = b;
        }
        let document_frequency: Vec<u32> = (0..n_buckets)
            .map(|b| if column_of[b] == u32::MAX { 0 } else { df[b] })
            .collect();
        let idf = document_frequency
            .iter()
            .map(|&d| if d == 0 { 0.0 } else { idf(params, n_docs, d) })
            .collect();
        Ok(TfidfModel {
            params: *params,
            columns: (0..n_buckets as u32).collect(),
            column_of,
            idf,
            document_frequency,
            n_docs,
        })
    }

    /// The settings the model was fitted with.
    pub fn params(&self) -> &TfidfParams {
        &self.params
    }

    /// The weight of a term occurring `count` times in a row, before the row is normalised.
    #[inline]
    pub fn weight(&self, column: usize, count: u32) -> f64 {
        let tf = if self.params.sublinear_tf {
            1.0 + f64::from(count).ln()
        } else {
            f64::from(count)
        };
        tf * self.idf[column]
    }

    /// Terms kept: the width of the matrix.
    pub fn n_columns(&self) -> usize {
        self.columns.len()
    }

    /// Documents the model was fitted on (the `n` of idf).
    pub fn n_docs(&self) -> usize {
        self.n_docs
    }

    /// The term id of a column.
    pub fn term(&self, column: usize) -> u32 {
        self.columns[column]
    }

    /// The column of a term id, if it was kept.
    pub fn column(&self, term: u32) -> Option<usize> {
        self.column_of
            .get(term as usize)
            .copied()
            .filter(|&c| c != u32::MAX)
            .map(|c| c as usize)
    }

    /// Inverse document frequency of each column.
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// Documents containing each column's term.
    pub fn document_frequency(&self) -> &[u32] {
        &self.document_frequency
    }

    /// Weights one document (or sentence): `(column, weight)` sorted by column.
    pub(crate) fn transform_row(&self, counts: &[(u32, u32)]) -> Vec<(usize, f64)> {
        let mut row: Vec<(usize, f64)> = counts
            .iter()
            .filter_map(|&(t, c)| {
                let col = self.column(t)?;
                Some((col, self.weight(col, c)))
            })
            .collect();
        row.sort_unstable_by_key(|&(c, _)| c);
        let norm = match self.params.norm {
            Norm::L2 => row.iter().map(|&(_, w)| w * w).sum::<f64>().sqrt(),
            Norm::L1 => row.iter().map(|&(_, w)| w.abs()).sum::<f64>(),
            Norm::None => 1.0,
        };
        if norm > 0.0 {
            row.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        row
    }

    /// The document × term matrix of `documents`, in CSR form.
    pub fn transform<'a>(
        &self,
        documents: impl IntoIterator<Item = &'a [(u32, u32)]>,
    ) -> CsMat<f64> {
        let mut indptr = vec![0usize];
        let mut indices = Vec::new();
        let mut data = Vec::new();
        for doc in documents {
            for (c, w) in self.transform_row(doc) {
                indices.push(c);
                data.push(w);
            }
            indptr.push(indices.len());
        }
        let n_rows = indptr.len() - 1;
        CsMat::new((n_rows, self.n_columns()), indptr, indices, data)
    }
}

/// The terms kept by the df limits and `max_features`, in no particular order.
/// `order` breaks ties in `max_features` (scikit-learn keeps the first in alphabetical order).
fn select_terms(
    df: &[u32],
    total: &[u64],
    n_docs: usize,
    params: &TfidfParams,
    order: impl Fn(u32, u32) -> std::cmp::Ordering,
) -> Result<Vec<u32>> {
    let max_docs = params.max_df.documents(n_docs);
    let min_docs = params.min_df.documents(n_docs);
    if max_docs < min_docs {
        return Err(Error::invalid(
            "max_df",
            "corresponds to fewer documents than `min_df`",
        ));
    }
    let mut kept: Vec<u32> = (0..df.len() as u32)
        .filter(|&t| {
            let d = f64::from(df[t as usize]);
            d > 0.0 && d >= min_docs && d <= max_docs
        })
        .collect();
    if let Some(limit) = params.max_features {
        if kept.len() > limit {
            // Most frequent first, ties in term order, as scikit-learn does.
            kept.sort_by(|&a, &b| {
                total[b as usize]
                    .cmp(&total[a as usize])
                    .then_with(|| order(a, b))
            });
            kept.truncate(limit);
        }
    }
    if kept.is_empty() {
        return Err(Error::EmptyVocabulary);
    }
    Ok(kept)
}

/// idf of a term in `d` of `n_docs` documents: `ln((1 + n) / (1 + d)) + 1` when smoothed,
/// `ln(n / d) + 1` otherwise, 1 without idf.
fn idf(params: &TfidfParams, n_docs: usize, d: u32) -> f64 {
    let (n, d) = (n_docs as f64, f64::from(d));
    match (params.use_idf, params.smooth_idf) {
        (false, _) => 1.0,
        (true, true) => ((1.0 + n) / (1.0 + d)).ln() + 1.0,
        (true, false) => (n / d).ln() + 1.0,
    }
}

/// Builds a CSR matrix from `(row, col, value)` triplets; used by tests and fixtures.
pub fn csr_from_triplets(shape: (usize, usize), triplets: &[(usize, usize, f64)]) -> CsMat<f64> {
    let mut tri = TriMat::new(shape);
    for &(r, c, v) in triplets {
        tri.add_triplet(r, c, v);
    }
    tri.to_csr()
}

/// Term counts of a token list, for tests and callers that already have tokens.
pub fn count_terms(tokens: &[u32]) -> Vec<(u32, u32)> {
    let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
    for &t in tokens {
        *counts.entry(t).or_insert(0) += 1;
    }
    let mut out: Vec<(u32, u32)> = counts.into_iter().collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 3] = ["apple", "banana", "cherry"];

    fn fit(docs: &[Vec<(u32, u32)>], params: &TfidfParams) -> Result<TfidfModel> {
        TfidfModel::fit(
            docs.iter().map(|d| d.as_slice()),
            3,
            |t| NAMES[t as usize],
            params,
        )
    }

    /// Hand-computed: docs {apple×2, banana}, {banana, cherry}, {cherry}; n = 3.
    /// idf(apple) = ln(4/2)+1 = 1.693147, idf(banana) = idf(cherry) = ln(4/3)+1 = 1.287682.
    /// Row 0 before norm: (3.386294, 1.287682); l2 norm 3.622861 → (0.934702, 0.355432).
    #[test]
    fn matches_hand_computed_tfidf() {
        let docs = vec![vec![(0, 2), (1, 1)], vec![(1, 1), (2, 1)], vec![(2, 1)]];
        let model = fit(&docs, &TfidfParams::default()).unwrap();
        assert!((model.idf()[0] - 1.693147).abs() < 1e-6);
        assert!((model.idf()[1] - 1.287682).abs() < 1e-6);
        let m = model.transform(docs.iter().map(|d| d.as_slice()));
        let row0 = m.outer_view(0).unwrap();
        assert!((row0.get(0).unwrap() - 0.934702).abs() < 1e-6);
        assert!((row0.get(1).unwrap() - 0.355432).abs() < 1e-6);
        let row1 = m.outer_view(1).unwrap();
        assert!((row1.get(1).unwrap() - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-9);
        assert!((m.outer_view(2).unwrap().get(2).unwrap() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn prunes_by_document_frequency() {
        let docs = vec![vec![(0, 1), (1, 1)], vec![(1, 1), (2, 1)], vec![(1, 1)]];
        let params = TfidfParams {
            min_df: DfLimit::Count(2),
            ..TfidfParams::default()
        };
        let model = fit(&docs, &params).unwrap();
        assert_eq!(model.n_columns(), 1);
        assert_eq!(model.term(0), 1);
        let params = TfidfParams {
            max_df: DfLimit::Fraction(0.5),
            ..TfidfParams::default()
        };
        assert_eq!(fit(&docs, &params).unwrap().n_columns(), 2);
    }

    #[test]
    fn rejects_impossible_limits() {
        let docs = vec![vec![(0, 1)]];
        let params = TfidfParams {
            min_df: DfLimit::Count(3),
            max_df: DfLimit::Count(2),
            ..TfidfParams::default()
        };
        assert!(matches!(
            fit(&docs, &params),
            Err(Error::InvalidParameter { .. })
        ));
        let params = TfidfParams {
            min_df: DfLimit::Count(5),
            ..TfidfParams::default()
        };
        assert!(matches!(
            fit(&docs, &params),
            Err(Error::EmptyVocabulary) | Err(Error::InvalidParameter { .. })
        ));
    }

    #[test]
    fn parses_df_limits_like_scikit_learn() {
        assert_eq!("2".parse::<DfLimit>(), Ok(DfLimit::Count(2)));
        assert_eq!("0.5".parse::<DfLimit>(), Ok(DfLimit::Fraction(0.5)));
        assert!("1.5".parse::<DfLimit>().is_err());
    }
}
