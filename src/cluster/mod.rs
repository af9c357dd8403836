//! Grouping documents into topics: LSA (randomised truncated SVD, [`crate::reduce`]) of the
//! sparse TF-IDF matrix, rows scaled to unit length, then k-means (linfa-clustering, k-means++
//! initialisation) with several restarts run in parallel; and choosing k when the user does not.
//!
//! Unit rows make Euclidean k-means rank like cosine similarity (spherical k-means). Every
//! restart has its own generator derived from the seed and the partition the restarts agree
//! on wins (`consensus.rs`), so the result is the same whatever the number of threads. k is chosen from
//! the cosine silhouettes of `2..=min(max_k, n − 1)` (see [`pick_k`]), fitted and scored on a
//! seeded sample of documents for large corpora. This module does not name topics ([`crate::describe`] does).

use ndarray::{Array2, ArrayView2};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::kernels::dense::normalise_rows;
use crate::kernels::partitions::cluster_scores;
use crate::kernels::sparse::TermMatrix;
use crate::neighbours;
use crate::reduce::{self, LsaParams};

mod choose_k;
mod consensus;
mod kmeans;
mod large;
mod lloyd;
mod refine;
pub mod silhouette;
#[cfg(test)]
pub(crate) mod sklearn_fixtures;
pub mod tree;

pub use large::{FIT_SAMPLE, LARGE_CORPUS};
pub use silhouette::silhouette;
pub use silhouette::SilhouetteError;
pub use silhouette::SilhouetteMetric;
pub use silhouette::SilhouetteParams;

use choose_k::{choose_k, pick_k};
use kmeans::kmeans_consensus;
use refine::refine_on_terms;
pub use tree::TopicTree;

/// Default k-means restarts: the vote between restarts (`consensus.rs`) settles on one
/// partition with 40 (on Reuters R8, NMI over seeds 0–9 within 0.01; with 10, within 0.07).
pub const DEFAULT_RESTARTS: usize = 40;

/// Default LSA dimensions (scikit-learn's text-clustering example uses 100 too).
pub const DEFAULT_DIMS: usize = 100;

/// What k-means runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase", tag = "method")]
pub enum Reduction {
    /// LSA: the TF-IDF matrix reduced to at most `dims` latent dimensions (fewer for small
    /// corpora, see [`effective_dims`]).
    Lsa {
        /// Dimensions asked for; at most half the documents are used.
        dims: usize,
    },
    /// The unit TF-IDF rows themselves (dense: memory grows with documents × terms).
    None,
}

impl Default for Reduction {
    fn default() -> Self {
        Reduction::Lsa { dims: DEFAULT_DIMS }
    }
}

/// How to cluster.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClusterParams {
    /// Number of topics; `None` chooses it.
    pub k: Option<usize>,
    /// Largest k tried when choosing.
    pub max_k: usize,
    /// k-means restarts (the partition they agree on wins).
    pub restarts: usize,
    /// Seeds every random choice (k-means++ starts, restarts, samples): the same input and seed
    /// give the same clustering.
    pub seed: u64,
    /// What k-means runs on: LSA coordinates (default) or the unit TF-IDF rows.
    pub reduction: Reduction,
    /// Times a headline's words count in the clustered matrix (1: like any other words).
    pub headline_weight: u32,
    /// Nearest neighbours each LSA-reduced document is moved towards before k-means
    /// ([`crate::neighbours::smooth`]; 0: none).
    pub neighbours: usize,
    /// Topics the topic tree is cut into for the first level (`--reduce-topics`); `None`
    /// chooses the cut by silhouette. Only without `k`; implies `tree`.
    pub reduce_topics: Option<usize>,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            k: None,
            max_k: 10,
            restarts: DEFAULT_RESTARTS,
            seed: 42,
            reduction: Reduction::default(),
            headline_weight: DEFAULT_HEADLINE_WEIGHT,
            neighbours: neighbours::DEFAULT_NEIGHBOURS,
            reduce_topics: None,
        }
    }
}

impl ClusterParams {
    /// Checks k, restarts and dimensions against the number of documents before any work starts.
    pub(crate) fn validate(&self, n_docs: usize) -> Result<()> {
        match self.k {
            Some(0) => Err(Error::invalid("k", "must be at least 1")),
            Some(k) if k > n_docs => Err(Error::invalid(
                "k",
                format!("{k} is larger than the number of documents ({n_docs})"),
            )),
            _ if self.reduce_topics == Some(0) => {
                Err(Error::invalid("reduce_topics", "must be at least 1"))
            }
            Some(_) if self.reduce_topics.is_some() => Err(Error::invalid(
                "reduce_topics",
                "reduces the topic tree, which a fixed k does not build; give one of the two",
            )),
            _ if self.restarts == 0 => Err(Error::invalid("restarts", "must be at least 1")),
            _ if self.restarts > MAX_RESTARTS => Err(Error::invalid(
                "restarts",
                format!(
                    "{} is more than {MAX_RESTARTS}; beyond a few dozen more restarts change nothing",
                    self.restarts
                ),
            )),
            _ if self.reduction == (Reduction::Lsa { dims: 0 }) => {
                Err(Error::invalid("dims", "must be at least 1"))
            }
            _ if self.headline_weight == 0 || self.headline_weight > MAX_HEADLINE_WEIGHT => {
                Err(Error::invalid(
                    "headline_weight",
                    format!(
                        "{} is out of range (1 to {MAX_HEADLINE_WEIGHT})",
                        self.headline_weight
                    ),
                ))
            }
            _ => Ok(()),
        }
    }
}

/// The most `--restarts` allowed: more cannot change the result, only the time.
pub(crate) const MAX_RESTARTS: usize = 1000;

/// The most `--headline-weight` allowed: past it a headline is the whole document, and the
/// weighted counts leave the range TF-IDF is computed in.
pub(crate) const MAX_HEADLINE_WEIGHT: u32 = 100;

/// The largest k tried when choosing k: each k tried costs a k-means fit whose time grows
/// with k, so past this the choice takes minutes; a larger k can be asked for with `--k`.
pub(crate) const MAX_K_TRIED: usize = 100;

/// A headline is written to name what the article is about (`BAHIA COCOA REVIEW`, `Ad sales
/// boost Time Warner profit`): counting its words three times pulls an article towards its
/// topic. Three is the one weight that scored better than one on all four labelled corpora
/// measured (README, "Measurements behind the defaults").
pub const DEFAULT_HEADLINE_WEIGHT: u32 = 3;

/// LSA dimensions used for a corpus: `dims`, but at most half the documents (at least 2), so a
/// small corpus is not described by as many directions as it has documents.
pub(crate) fn effective_dims(dims: usize, n_docs: usize) -> usize {
    dims.min((n_docs / 2).max(2))
}

/// The silhouette of one candidate k.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct KScore {
    /// The number of clusters tried.
    pub k: usize,
    /// Mean cosine silhouette of that clustering, in `[-1, 1]`; the highest wins.
    pub silhouette: f64,
}

/// What k-means ran on, as reports name it: `lsa` or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReductionMethod {
    /// LSA coordinates.
    Lsa,
    /// The unit TF-IDF rows themselves.
    None,
}

/// The reduction a clustering used, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ReductionReport {
    /// `lsa` or `none`.
    pub method: ReductionMethod,
    /// Dimensions k-means ran in (LSA components, or TF-IDF terms without LSA).
    pub dims: usize,
    /// Share of the TF-IDF matrix's variance the LSA components keep (scikit-learn's
    /// `explained_variance_ratio_.sum()`); `None` without LSA.
    pub explained_variance: Option<f64>,
}

/// A fitted clustering. Cluster ids are ordered by size (largest first), ties by the first
/// document, so ids are stable across runs.
#[derive(Debug, Clone)]
pub struct Clustering {
    /// Number of clusters; labels are `0..k`.
    pub k: usize,
    /// Cluster of each document, in document order; 0 is the largest cluster.
    pub labels: Vec<usize>,
    /// Every k tried when k was chosen automatically.
    pub k_scores: Vec<KScore>,
    /// What k-means ran on, for the report.
    pub reduction: ReductionReport,
    /// Why k (or the range k was chosen from) is not what was asked: fewer distinct
    /// documents than topics, or more candidates than [`MAX_K_TRIED`]. `None` otherwise.
    pub note: Option<String>,
    /// Documents whose reduced rows the returned points are, when the corpus was clustered on
    /// a sample ([`LARGE_CORPUS`]); `None` when the points are every document's.
    pub sample: Option<Vec<usize>>,
    /// Every document's position in the plane of the reduced rows' two principal axes, when
    /// the corpus was clustered on a sample (the exact map costs a second factorisation).
    pub map: Option<Vec<[f64; 2]>>,
    /// The topic tree when k was not given and the corpus is large enough for one
    /// ([`tree::fine_k`] at least [`tree::MIN_FINE_K`]): `labels` are then a cut of it.
    pub tree: Option<TopicTree>,
}

impl Clustering {
    /// Documents per cluster, indexed by cluster id (so non-increasing).
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.k];
        for &l in &self.labels {
            sizes[l] += 1;
        }
        sizes
    }
}

/// Reduces the TF-IDF matrix `x` (documents × terms, CSR) as `params.reduction` says and
/// clusters its rows. Returns the clustering and the unit-length rows of the reduced space (before
/// [`neighbours::smooth`]: silhouettes and the map describe the documents, not their neighbourhoods).
/// A corpus of more than [`LARGE_CORPUS`] documents is reduced and clustered on a sample
/// ([`large`]): the rows returned are then the sample's, listed in [`Clustering::sample`].
///
/// # Errors
/// [`Error::InvalidParameter`] for k = 0, k > rows, zero restarts or dims;
/// [`Error::Lsa`] or [`Error::KMeans`] if the SVD or k-means fails.
pub fn cluster_tfidf(x: &TermMatrix, params: &ClusterParams) -> Result<(Clustering, Array2<f64>)> {
    let n = x.rows();
    params.validate(n)?;
    if let Reduction::Lsa { dims } = params.reduction {
        if n > LARGE_CORPUS && x.is_csr() && x.cols() > 1 {
            let sampled = large::cluster_sampled(x, params, effective_dims(dims, n))?;
            let mut clustering = sampled.clustering;
            clustering.sample = Some(sampled.sample);
            clustering.map = Some(sampled.map);
            return Ok((clustering, sampled.sample_points));
        }
    }
    let distinct = distinct_sparse_rows(x);
    let (mut points, reduction) = match params.reduction {
        Reduction::Lsa { dims } if x.cols() > 1 && n > 1 => {
            let dims = effective_dims(dims, n);
            // As many extra random directions as kept ones (Halko et al. §4.2 advise p ≈ k
            // when the spectrum decays slowly, as TF-IDF spectra do), not only scikit-learn's 10:
            // with few extra directions the trailing components are noisy and change with the
            // seed, and the clusters with them (README, "Measurements behind the defaults").
            let base = LsaParams::new(dims, params.seed);
            let lsa_params = LsaParams {
                n_oversamples: dims.max(base.n_oversamples),
                ..base
            };
            let (lsa, coords) = reduce::fit_transform(x, &lsa_params)?;
            tracing::debug!(dims = lsa.n_components(), "LSA fitted");
            let report = ReductionReport {
                method: ReductionMethod::Lsa,
                dims: lsa.n_components(),
                explained_variance: Some(lsa.explained_variance_ratio().sum()),
            };
            (coords, report)
        }
        _ => {
            let mut dense = Array2::<f64>::zeros((n, x.cols()));
            for (v, (r, c)) in x.iter() {
                dense[[r as usize, c as usize]] = *v;
            }
            let report = ReductionReport {
                method: ReductionMethod::None,
                dims: x.cols(),
                explained_variance: None,
            };
            (dense, report)
        }
    };
    normalise_rows(&mut points);
    let terms = (reduction.method == ReductionMethod::Lsa).then_some(x);
    let clustering = cluster_points(terms, &points, params, distinct, reduction)?;
    Ok((clustering, points))
}

/// Clusters the unit rows `points` (reduced from the TF-IDF rows `terms`, which polish the
/// clusters when given: see [`refine_on_terms`]), as [`cluster_tfidf`] says: a flat fit with
/// `params.k`, else the topic tree when the corpus (`distinct` documents that differ) is large
/// enough for one, else a flat fit with k chosen by silhouette.
pub(super) fn cluster_points(
    terms: Option<&TermMatrix>,
    points: &Array2<f64>,
    params: &ClusterParams,
    distinct: usize,
    reduction: ReductionReport,
) -> Result<Clustering> {
    let lsa = terms.is_some();
    let fine_k = tree::fine_k(distinct);
    let with_tree = params.k.is_none() && fine_k >= tree::MIN_FINE_K;
    let flat = match params.reduce_topics {
        // Too few documents for a tree: the topics asked for, fitted flat.
        Some(n) if !with_tree => ClusterParams {
            k: Some(n),
            reduce_topics: None,
            ..*params
        },
        _ => *params,
    };
    let asked = *params;
    let params = &if with_tree {
        ClusterParams {
            k: Some(fine_k),
            restarts: params.restarts.min(FINE_RESTARTS),
            reduce_topics: None,
            ..*params
        }
    } else {
        flat
    };
    let mut clustering = if lsa && params.neighbours > 0 {
        let started = std::time::Instant::now();
        let smoothed = neighbours::smooth(points.view(), params.neighbours, params.seed);
        tracing::debug!(elapsed = ?started.elapsed(), "documents moved towards their neighbours");
        cluster_distinct(smoothed.view(), params, distinct)?
    } else {
        cluster_distinct(points.view(), params, distinct)?
    };
    if let Some(x) = terms {
        refine_on_terms(x, &mut clustering.labels, clustering.k, 0);
    }
    if with_tree {
        let started = std::time::Instant::now();
        let fine = finish(
            clustering.k,
            std::mem::take(&mut clustering.labels),
            Vec::new(),
            reduction,
        );
        let merged = TopicTree::build(points.view(), fine.labels, fine.k);
        let (top_k, k_scores) = match asked.reduce_topics {
            Some(n) => (n.min(merged.fine_k), Vec::new()),
            None => choose_cut(&merged, points.view(), &asked)?,
        };
        let note = clustering.note.take();
        let cut = merged.labels_at(top_k);
        let polished = polish_cut(terms, points, &cut, top_k, asked.seed)?;
        let agreed = agreement(&cut, &polished);
        let keep_polish = agreed >= MIN_POLISH_AGREEMENT;
        tracing::debug!(agreed, keep_polish, "cut polished");
        let top = if keep_polish { polished } else { cut };
        clustering = finish(top_k, top, k_scores, reduction);
        clustering.note = note;
        let mut tree = TopicTree::nest(
            points.view(),
            &merged.fine_labels,
            merged.fine_k,
            &clustering.labels,
            clustering.k,
        );
        tree.polished = keep_polish;
        clustering.tree = Some(tree);
        tracing::debug!(elapsed = ?started.elapsed(), top_k, "topic tree built and cut");
    }
    clustering.reduction = reduction;
    Ok(clustering)
}

/// Restarts of the fine level's k-means: its topics are merged into the tree, so a topic of
/// the fine level more or less moves the levels above little, and each restart at k ≈ 100
/// costs as much as a whole fit at k ≈ 10.
const FINE_RESTARTS: usize = 10;

/// The cut of `tree` into `k` topics, polished as a flat fit is: Lloyd's k-means in the LSA
/// space from the cut's centroids, then spherical k-means on the terms ([`refine_on_terms`]).
/// A cut of Ward's tree is held to the fine topics' borders, which were drawn for the fine k;
/// on BBC News the 5-topic cut scored NMI 0.837 and polished 0.895–0.904 over seeds 0–9, where
/// a flat fit with k = 5 scores 0.900–0.905 (Reuters R8 at 8 topics: polished 0.580–0.594,
/// flat 0.585–0.587). Polishing costs one k-means run, not a refit with restarts.
fn polish_cut(
    terms: Option<&TermMatrix>,
    points: &Array2<f64>,
    cut: &[usize],
    k: usize,
    seed: u64,
) -> Result<Vec<usize>> {
    let mut labels = kmeans::polish(points, cut, k, seed)?;
    if let Some(x) = terms {
        refine_on_terms(x, &mut labels, k, 0);
    }
    Ok(labels)
}

/// The least agreement (NMI) between a cut of the topic tree and its polish for the polish to
/// be kept. Polishing moves the documents at the cut's borders (BBC News and Reuters R8:
/// 0.78–0.84, and the top level gains 0.06 NMI on BBC News); when the fine topics do not
/// group into that many topics it redraws them instead (the Gutenberg chunks, 92 authors cut
/// into 5: 0.36), and nesting the fine topics under a redrawn top level would tear them
/// apart (their NMI against the authors fell from 0.45 to 0.36). Then the plain cut is kept.
const MIN_POLISH_AGREEMENT: f64 = 0.6;

/// Normalised mutual information of two labellings of the same documents (scikit-learn's,
/// arithmetic mean): 1 when they are the same partition.
fn agreement(a: &[usize], b: &[usize]) -> f64 {
    cluster_scores(a, b).map_or(0.0, |s| s.nmi)
}

/// The cut of `tree` a report leads with: the knee of the cosine silhouettes ([`pick_k`]) of
/// the cuts into `2..=max(max_k, MIN_TOP_K)` topics (fewer than the fine k), on a seeded
/// sample of at most 2,000 documents, but at least [`tree::MIN_TOP_K`]: a corpus large
/// enough for a tree is described in fewer topics than that only by its coarsest split (the
/// Gutenberg books cut into 2 KB chunks: two topics), and the tree holds the coarser levels
/// anyway. The knee is looked for from 2 because the curve's rise from 2 is what marks it (on
/// BBC News the knee over cuts into 2–10 topics is 5 for seeds 0, 1 and 6; over 5–10 it
/// was 5, 6, 7, 8 or 9 with the seed). Cutting needs no refit, so every candidate costs one
/// silhouette.
fn choose_cut(
    tree: &TopicTree,
    points: ArrayView2<f64>,
    params: &ClusterParams,
) -> Result<(usize, Vec<KScore>)> {
    let hi = params.max_k.max(tree::MIN_TOP_K).min(tree.fine_k - 1);
    let lo = 2.min(hi);
    let sampled = SilhouetteParams::cosine().sampled(2000, params.seed);
    let k_scores = (lo..=hi)
        .map(|k| {
            let silhouette = silhouette(points, &tree.labels_at(k), &sampled)?;
            Ok(KScore { k, silhouette })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((pick_k(&k_scores).max(tree::MIN_TOP_K.min(hi)), k_scores))
}

/// Clusters the rows of `points` (they are scaled to unit length first).
///
/// # Errors
/// [`Error::InvalidParameter`] for k = 0 or k > rows; [`Error::Clustering`] if k-means fails.
pub fn cluster(points: ArrayView2<f64>, params: &ClusterParams) -> Result<Clustering> {
    cluster_distinct(points, params, distinct_dense_rows(points))
}

/// [`cluster`] of points among which `distinct` rows differ (k is at most that).
fn cluster_distinct(
    points: ArrayView2<f64>,
    params: &ClusterParams,
    distinct: usize,
) -> Result<Clustering> {
    let n = points.nrows();
    params.validate(n)?;
    let (limited, note) = within_corpus(params, n, distinct);
    let params = &limited;
    let mut x = points.to_owned();
    normalise_rows(&mut x);
    let reduction = ReductionReport {
        method: ReductionMethod::None,
        dims: x.ncols(),
        explained_variance: None,
    };
    let (k, k_scores) = match params.k {
        Some(k) => (k, Vec::new()),
        None => choose_k(&x, params)?,
    };
    let started = std::time::Instant::now();
    let labels = kmeans_consensus(&x, k, params.restarts, params.seed)?;
    tracing::debug!(elapsed = ?started.elapsed(), k, "k-means fitted");
    let mut clustering = finish(k, labels, k_scores, reduction);
    clustering.note = note;
    Ok(clustering)
}

/// `params` with k, or the largest k tried, lowered to what `n` documents of which `distinct`
/// differ allow, and why when it was lowered: k topics need k documents that differ (k-means
/// cannot split copies), and choosing among more than [`MAX_K_TRIED`] candidates takes
/// minutes. (Choosing k among at most n − 1 is the silhouette's own limit and goes without
/// saying.)
pub(crate) fn within_corpus(
    params: &ClusterParams,
    n: usize,
    distinct: usize,
) -> (ClusterParams, Option<String>) {
    let mut p = *params;
    let differ = || {
        let (verb, their) = if distinct == 1 {
            ("differs", "its")
        } else {
            ("differ", "their")
        };
        format!(
            "only {distinct} of the {n} documents {verb} in {their} terms (the others are copies)"
        )
    };
    let note = match p.k {
        Some(k) if k > distinct => {
            p.k = Some(distinct.max(1));
            Some(format!("{k} topics requested, but {}", differ()))
        }
        Some(_) => None,
        None if distinct < 3 && distinct < n => {
            p.k = Some(distinct.max(1));
            // The report prints "k = N: " before the note.
            Some(differ())
        }
        None => {
            let mut note = None;
            if distinct < n && p.max_k > distinct - 1 {
                p.max_k = distinct - 1;
                note = Some(format!(
                    "k chosen among 2..={} because {}",
                    p.max_k,
                    differ()
                ));
            }
            if p.max_k > MAX_K_TRIED {
                note = Some(format!(
                    "k chosen among 2..={MAX_K_TRIED}, not up to `max_k` {}: each k tried is a \
                     k-means fit, and more take minutes (ask for a larger k with `k`)",
                    params.max_k
                ));
                p.max_k = MAX_K_TRIED;
            }
            note
        }
    };
    (p, note)
}

/// How many rows of the CSR matrix differ (rows compared by a 64-bit hash of their terms and
/// weights).
fn distinct_sparse_rows(x: &TermMatrix) -> usize {
    use std::hash::{Hash, Hasher};
    let rows: rustc_hash::FxHashSet<u64> = x
        .outer_iterator()
        .map(|row| {
            let mut h = rustc_hash::FxHasher::default();
            for (t, v) in row.iter() {
                (t, v.to_bits()).hash(&mut h);
            }
            h.finish()
        })
        .collect();
    if x.is_csr() {
        rows.len()
    } else {
        x.rows()
    }
}

/// How many rows of `x` differ (compared bit for bit, through a 64-bit hash).
fn distinct_dense_rows(x: ArrayView2<f64>) -> usize {
    use std::hash::{Hash, Hasher};
    let rows: rustc_hash::FxHashSet<u64> = x
        .rows()
        .into_iter()
        .map(|row| {
            let mut h = rustc_hash::FxHasher::default();
            for v in row {
                v.to_bits().hash(&mut h);
            }
            h.finish()
        })
        .collect();
    rows.len()
}

/// Renumbers clusters by size (descending), then by first member; drops empty clusters.
fn finish(
    k: usize,
    labels: Vec<usize>,
    k_scores: Vec<KScore>,
    reduction: ReductionReport,
) -> Clustering {
    let mut order: Vec<(usize, usize, usize)> = (0..k)
        .map(|c| {
            let size = labels.iter().filter(|&&l| l == c).count();
            let first = labels.iter().position(|&l| l == c).unwrap_or(usize::MAX);
            (c, size, first)
        })
        .filter(|&(_, size, _)| size > 0)
        .collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let mut new_id = vec![0; k];
    for (i, &(c, _, _)) in order.iter().enumerate() {
        new_id[c] = i;
    }
    let labels = labels.into_iter().map(|l| new_id[l]).collect();
    Clustering {
        k: order.len(),
        labels,
        k_scores,
        reduction,
        note: None,
        sample: None,
        map: None,
        tree: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// Two clear groups of three, shared with the other algorithms' tests.
    pub(in crate::cluster) fn two_groups() -> Array2<f64> {
        array![
            [1.0, 0.1, 0.0],
            [0.9, 0.0, 0.1],
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.9],
            [0.1, 0.9, 1.0],
            [0.0, 1.0, 1.0]
        ]
    }

    pub(in crate::cluster) fn csr(x: &Array2<f64>) -> TermMatrix {
        let triplets: Vec<(usize, usize, f64)> = x
            .indexed_iter()
            .filter(|(_, &v)| v != 0.0)
            .map(|((r, c), &v)| (r, c, v))
            .collect();
        crate::vectorise::csr_from_triplets(x.dim(), &triplets).to_other_types()
    }

    #[test]
    fn finds_two_obvious_groups() {
        let c = cluster(two_groups().view(), &ClusterParams::default()).unwrap();
        assert_eq!(c.k, 2);
        assert_eq!(c.labels[..3], [0, 0, 0]);
        assert_eq!(c.labels[3..], [1, 1, 1]);
        let best = c.k_scores.iter().find(|s| s.k == 2).unwrap();
        assert!(best.silhouette > 0.5);
    }

    #[test]
    fn finds_two_groups_through_lsa() {
        let (c, points) = cluster_tfidf(&csr(&two_groups()), &ClusterParams::default()).unwrap();
        assert_eq!(c.labels, [0, 0, 0, 1, 1, 1]);
        assert_eq!(c.reduction.method, ReductionMethod::Lsa);
        assert_eq!(c.reduction.dims, 2);
        assert_eq!(points.nrows(), 6);
        let plain = ClusterParams {
            reduction: Reduction::None,
            ..ClusterParams::default()
        };
        let (c, _) = cluster_tfidf(&csr(&two_groups()), &plain).unwrap();
        assert_eq!(c.labels, [0, 0, 0, 1, 1, 1]);
        assert_eq!(
            (c.reduction.method, c.reduction.dims),
            (ReductionMethod::None, 3)
        );
    }

    #[test]
    fn same_seed_same_labels_whatever_the_threads() {
        let p = ClusterParams {
            k: Some(3),
            ..ClusterParams::default()
        };
        let a = cluster(two_groups().view(), &p).unwrap();
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let b = one_thread.install(|| cluster(two_groups().view(), &p).unwrap());
        assert_eq!(a.labels, b.labels);
    }

    #[test]
    fn the_topic_tree_nests_its_levels_and_is_deterministic() {
        use rand::{Rng, SeedableRng};
        // 1,000 documents of 40 terms in 5 groups of 8 terms each, plus noise.
        let mut rng = rand_xoshiro::Xoshiro256Plus::seed_from_u64(1);
        let x = Array2::from_shape_fn((1000, 40), |(i, j)| {
            let own = j / 8 == i % 5;
            if own || rng.gen_bool(0.05) {
                rng.gen_range(0.5..1.5)
            } else {
                0.0
            }
        });
        let p = ClusterParams::default();
        let (c, _) = cluster_tfidf(&csr(&x), &p).unwrap();
        let tree = c.tree.as_ref().expect("a tree for 1,000 documents");
        assert!(tree.fine_k <= tree::fine_k(1000) + c.k, "{}", tree.fine_k);
        assert!((tree::MIN_TOP_K..=p.max_k).contains(&c.k), "k = {}", c.k);
        assert_nested(&c);
        assert_eq!(c.sizes().iter().sum::<usize>(), 1000);
        let (again, _) = cluster_tfidf(&csr(&x), &p).unwrap();
        assert_eq!(again.labels, c.labels);
        assert_eq!(again.tree, c.tree);
        // --reduce-topics: the tree cut elsewhere (and polished), its fine level nested again.
        let reduced = ClusterParams {
            reduce_topics: Some(3),
            ..p
        };
        let (r, _) = cluster_tfidf(&csr(&x), &reduced).unwrap();
        assert_eq!(r.k, 3);
        assert_nested(&r);
        // With --k, the flat fit and no tree.
        let flat = ClusterParams { k: Some(5), ..p };
        let (flat, _) = cluster_tfidf(&csr(&x), &flat).unwrap();
        assert!(flat.tree.is_none());
        assert_eq!(flat.k, 5);
    }

    /// Every fine topic lies inside one top topic, its `parent`; every document is in one fine
    /// topic; cutting the tree into the top k gives the top level back.
    fn assert_nested(c: &Clustering) {
        let tree = c.tree.as_ref().expect("a tree");
        assert_eq!(tree.fine_labels.len(), c.labels.len());
        assert_eq!(tree.parents.len(), tree.fine_k);
        for (&fine, &top) in tree.fine_labels.iter().zip(&c.labels) {
            assert_eq!(tree.parents[fine], top, "fine topic {fine} split");
        }
        let mut sizes = vec![0; tree.fine_k];
        tree.fine_labels.iter().for_each(|&f| sizes[f] += 1);
        assert!(sizes.iter().all(|&s| s > 0), "{sizes:?}");
        assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "by size: {sizes:?}");
        assert_eq!(tree.merges.len(), tree.fine_k - 1);
        let cut = tree.labels_at(c.k);
        let labels = &c.labels;
        for i in 0..labels.len() {
            for j in i + 1..labels.len().min(i + 50) {
                assert_eq!(cut[i] == cut[j], labels[i] == labels[j]);
            }
        }
    }

    #[test]
    fn agreement_is_one_for_the_same_partition_under_other_names() {
        let a = [0, 0, 1, 1, 2, 2, 2, 0];
        assert!((agreement(&a, &[2, 2, 0, 0, 1, 1, 1, 2]) - 1.0).abs() < 1e-12);
        assert!(agreement(&a, &[0, 1, 1, 1, 2, 0, 2, 2]) < 0.5);
        assert_eq!(agreement(&[0, 0], &[1, 1]), 1.0);
    }

    #[test]
    fn small_corpora_get_fewer_dims() {
        assert_eq!(effective_dims(100, 5), 2);
        assert_eq!(effective_dims(100, 60), 30);
        assert_eq!(effective_dims(100, 2225), 100);
    }

    #[test]
    fn one_document_is_one_topic() {
        let c = cluster(array![[1.0, 2.0]].view(), &ClusterParams::default()).unwrap();
        assert_eq!((c.k, c.labels.clone()), (1, vec![0]));
    }

    #[test]
    fn rejects_bad_parameters() {
        let x = two_groups();
        for p in [
            ClusterParams {
                k: Some(0),
                ..Default::default()
            },
            ClusterParams {
                k: Some(7),
                ..Default::default()
            },
            ClusterParams {
                restarts: 0,
                ..Default::default()
            },
            ClusterParams {
                reduction: Reduction::Lsa { dims: 0 },
                ..Default::default()
            },
            ClusterParams {
                headline_weight: 0,
                ..Default::default()
            },
        ] {
            assert!(cluster_tfidf(&csr(&x), &p).is_err());
        }
    }
}
