//! Clustering quality metrics that reproduce scikit-learn 1.9 numerically.
//!
//! Owns the gold-vs-predicted contingency table, the label-agreement scores
//! (homogeneity, completeness, V-measure, NMI, ARI) and the silhouette
//! coefficient (euclidean, cosine, sampled). Reference values are produced by
//! `sklearn.metrics` and checked in the tests to 1e-9.
//!
//! Where scikit-learn raises (empty or degenerate silhouette input) this module
//! returns a documented value instead, so a report never aborts on one odd
//! topic model; genuinely inconsistent input (length mismatch, NaN) is an
//! [`MetricError`].

use std::fmt;

use ndarray::{Array2, ArrayView2};
use rayon::prelude::*;

/// Input that no metric value can be defined for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricError {
    /// `labels_true` and `labels_pred` describe different numbers of samples.
    LengthMismatch { n_true: usize, n_pred: usize },
    /// The point matrix has a different number of rows than there are labels.
    ShapeMismatch { n_points: usize, n_labels: usize },
    /// A coordinate is NaN or infinite (scikit-learn rejects these too).
    NonFinite { sample: usize },
}

impl fmt::Display for MetricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LengthMismatch { n_true, n_pred } => write!(
                f,
                "label length mismatch: {n_true} gold labels vs {n_pred} predicted labels"
            ),
            Self::ShapeMismatch { n_points, n_labels } => {
                write!(f, "shape mismatch: {n_points} points vs {n_labels} labels")
            }
            Self::NonFinite { sample } => {
                write!(f, "point {sample} has a NaN or infinite coordinate")
            }
        }
    }
}

impl std::error::Error for MetricError {}

/// Gold classes × predicted clusters co-occurrence counts.
///
/// Stored sparsely (row-major non-zero cells) because the interesting
/// degenerate case — every document its own cluster — would make a dense
/// table quadratic in the corpus size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contingency {
    rows: Vec<usize>,
    cols: Vec<usize>,
    cells: Vec<(usize, usize, u64)>,
    row_sums: Vec<u64>,
    col_sums: Vec<u64>,
    n_samples: u64,
}

impl Contingency {
    /// Distinct gold labels, ascending; row `i` of the table is `rows()[i]`.
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }

    /// Distinct predicted cluster ids, ascending; column `j` is `cols()[j]`.
    pub fn cols(&self) -> &[usize] {
        &self.cols
    }

    /// Non-zero cells as `(row index, column index, count)`, row-major.
    pub fn nonzero(&self) -> &[(usize, usize, u64)] {
        &self.cells
    }

    /// Count at `(row index, column index)`; 0 outside the table.
    pub fn get(&self, row: usize, col: usize) -> u64 {
        self.cells
            .binary_search_by(|&(r, c, _)| (r, c).cmp(&(row, col)))
            .map_or(0, |k| self.cells[k].2)
    }

    /// Dense `rows × cols` table. Costs `rows × cols` memory: meant for
    /// reports and tests, the metrics never build it.
    pub fn counts(&self) -> Array2<u64> {
        let mut dense = Array2::zeros((self.rows.len(), self.cols.len()));
        for &(r, c, n) in &self.cells {
            dense[(r, c)] = n;
        }
        dense
    }

    /// Samples per gold class (row marginals).
    pub fn row_sums(&self) -> &[u64] {
        &self.row_sums
    }

    /// Samples per predicted cluster (column marginals).
    pub fn col_sums(&self) -> &[u64] {
        &self.col_sums
    }

    pub fn n_samples(&self) -> u64 {
        self.n_samples
    }
}

/// Builds the contingency table; labels need not be contiguous, they are
/// mapped to rows/columns in ascending order like `np.unique` does.
pub fn contingency(
    labels_true: &[usize],
    labels_pred: &[usize],
) -> Result<Contingency, MetricError> {
    if labels_true.len() != labels_pred.len() {
        return Err(MetricError::LengthMismatch {
            n_true: labels_true.len(),
            n_pred: labels_pred.len(),
        });
    }
    let rows = sorted_unique(labels_true);
    let cols = sorted_unique(labels_pred);
    let mut pairs: Vec<(usize, usize)> = labels_true
        .iter()
        .zip(labels_pred)
        .map(|(t, p)| (dense_index(&rows, *t), dense_index(&cols, *p)))
        .collect();
    pairs.sort_unstable();

    let mut cells: Vec<(usize, usize, u64)> = Vec::new();
    let mut row_sums = vec![0u64; rows.len()];
    let mut col_sums = vec![0u64; cols.len()];
    for (r, c) in pairs {
        row_sums[r] += 1;
        col_sums[c] += 1;
        match cells.last_mut() {
            Some(last) if last.0 == r && last.1 == c => last.2 += 1,
            _ => cells.push((r, c, 1)),
        }
    }
    Ok(Contingency {
        rows,
        cols,
        cells,
        row_sums,
        col_sums,
        n_samples: labels_true.len() as u64,
    })
}

fn sorted_unique(labels: &[usize]) -> Vec<usize> {
    let mut uniq = labels.to_vec();
    uniq.sort_unstable();
    uniq.dedup();
    uniq
}

/// Position of `label` in `uniq`, which was built from the same labels, so
/// the search always hits; `unwrap_or_else` keeps this panic-free anyway.
fn dense_index(uniq: &[usize], label: usize) -> usize {
    uniq.binary_search(&label).unwrap_or_else(|k| k)
}

/// Label-agreement scores between gold classes and predicted clusters.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ClusterScores {
    pub homogeneity: f64,
    pub completeness: f64,
    pub v_measure: f64,
    /// Normalised mutual information, `average_method='arithmetic'`.
    pub nmi: f64,
    /// Adjusted Rand index (Hubert & Arabie 1985).
    pub ari: f64,
}

/// All label-agreement scores from one contingency table.
///
/// Edge cases follow scikit-learn: empty input scores 1.0 everywhere; a
/// single gold class *and* a single cluster (e.g. one sample) is a perfect
/// match (1.0); one cluster against several classes gives homogeneity 0,
/// completeness 1, V-measure/NMI/ARI 0.
pub fn cluster_scores(
    labels_true: &[usize],
    labels_pred: &[usize],
) -> Result<ClusterScores, MetricError> {
    Ok(ClusterScores::from_contingency(&contingency(
        labels_true,
        labels_pred,
    )?))
}

impl ClusterScores {
    pub fn from_contingency(table: &Contingency) -> Self {
        if table.n_samples == 0 {
            return Self {
                homogeneity: 1.0,
                completeness: 1.0,
                v_measure: 1.0,
                nmi: 1.0,
                ari: 1.0,
            };
        }
        let h_true = entropy(&table.row_sums, table.n_samples);
        let h_pred = entropy(&table.col_sums, table.n_samples);
        let mi = mutual_info(table);

        // sklearn `homogeneity_completeness_v_measure` (Rosenberg & Hirschberg
        // 2007): h = I(C;K)/H(C), c = I(C;K)/H(K), zero entropy counts as 1.
        let homogeneity = if h_true != 0.0 { mi / h_true } else { 1.0 };
        let completeness = if h_pred != 0.0 { mi / h_pred } else { 1.0 };
        let v_measure = if homogeneity + completeness == 0.0 {
            0.0
        } else {
            // (1 + beta) h c / (beta h + c) with beta = 1.
            2.0 * homogeneity * completeness / (homogeneity + completeness)
        };

        // sklearn `normalized_mutual_info_score`: NMI = I / mean(H(C), H(K)).
        // Mathematically equal to the V-measure here, but computed the same
        // way as sklearn so the last bits agree too.
        let (n_rows, n_cols) = (table.rows.len(), table.cols.len());
        let nmi = if n_rows == 1 && n_cols == 1 {
            1.0
        } else if mi == 0.0 {
            0.0
        } else {
            mi / ((h_true + h_pred) / 2.0)
        };

        Self {
            homogeneity,
            completeness,
            v_measure,
            nmi,
            ari: adjusted_rand(table),
        }
    }
}

/// Shannon entropy (nats) of a labelling given its class sizes, as sklearn's
/// `_entropy`: `-Σ (c/n)(ln c − ln n)`; empty → 1.0, one class → 0.0.
fn entropy(class_sizes: &[u64], n_samples: u64) -> f64 {
    if n_samples == 0 {
        return 1.0;
    }
    if class_sizes.len() == 1 {
        return 0.0;
    }
    let n = n_samples as f64;
    let log_n = n.ln();
    -class_sizes
        .iter()
        .map(|&c| {
            let c = c as f64;
            (c / n) * (c.ln() - log_n)
        })
        .sum::<f64>()
}

/// Mutual information (nats), term for term as sklearn's `mutual_info_score`
/// on a sparse table: `Σ n_ij/N (ln n_ij − ln N) + n_ij/N (ln N + ln N −
/// ln(a_i b_j))`, tiny terms flushed to 0, result clipped at 0.
fn mutual_info(table: &Contingency) -> f64 {
    if table.rows.len() == 1 || table.cols.len() == 1 {
        return 0.0;
    }
    let n = table.n_samples as f64;
    let log_n = n.ln();
    let mi: f64 = table
        .cells
        .iter()
        .map(|&(r, c, n_ij)| {
            let outer = u128::from(table.row_sums[r]) * u128::from(table.col_sums[c]);
            let p_ij = n_ij as f64 / n;
            let log_outer = -(outer as f64).ln() + log_n + log_n;
            let term = p_ij * ((n_ij as f64).ln() - log_n) + p_ij * log_outer;
            if term.abs() < f64::EPSILON {
                0.0
            } else {
                term
            }
        })
        .sum();
    mi.max(0.0)
}

/// Adjusted Rand index from the pair confusion matrix, as sklearn's
/// `adjusted_rand_score`:
/// `ARI = 2 (tp·tn − fn·fp) / ((tp+fn)(fn+tn) + (tp+fp)(fp+tn))`,
/// and 1.0 when no pair is split differently (`fn == fp == 0`: empty input,
/// identical partitions, or both labellings one cluster / all singletons).
///
/// Pair counts are exact integers (i128, as sklearn uses Python ints); only
/// beyond ~10⁹ samples, where n⁴ overflows, does it fall back to f64.
fn adjusted_rand(table: &Contingency) -> f64 {
    let sq = |xs: &[u64]| -> u128 { xs.iter().map(|&x| u128::from(x) * u128::from(x)).sum() };
    let n = u128::from(table.n_samples);
    let sum_squares: u128 = table
        .cells
        .iter()
        .map(|&(_, _, c)| u128::from(c) * u128::from(c))
        .sum();
    // Σ_ij n_ij b_j = Σ_j b_j² and Σ_ij n_ij a_i = Σ_i a_i².
    let tp = sum_squares - n;
    let fp = sq(&table.col_sums) - sum_squares;
    let fn_ = sq(&table.row_sums) - sum_squares;
    let tn = n * n - fp - fn_ - sum_squares;
    if fn_ == 0 && fp == 0 {
        return 1.0;
    }
    let exact = || -> Option<(i128, i128)> {
        let (tp, tn, fp, fn_) = (
            i128::try_from(tp).ok()?,
            i128::try_from(tn).ok()?,
            i128::try_from(fp).ok()?,
            i128::try_from(fn_).ok()?,
        );
        let num = tp.checked_mul(tn)?.checked_sub(fn_.checked_mul(fp)?)?;
        let den = (tp + fn_)
            .checked_mul(fn_ + tn)?
            .checked_add((tp + fp).checked_mul(fp + tn)?)?;
        Some((num, den))
    };
    match exact() {
        Some((num, den)) => 2.0 * (num as f64) / (den as f64),
        None => {
            let (tp, tn, fp, fn_) = (tp as f64, tn as f64, fp as f64, fn_ as f64);
            2.0 * (tp * tn - fn_ * fp) / ((tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn))
        }
    }
}

/// Samples scored together; 16 rows of a few hundred features stay in L1/L2.
const ROW_BLOCK: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Distance {
    Euclidean,
    /// `1 − cos(x, y)` clipped to [0, 2]; a zero vector has cosine 0 with
    /// everything (sklearn's `normalize` leaves it zero).
    Cosine,
}

/// Mean silhouette coefficient with euclidean distance, as sklearn's
/// `silhouette_score(X, labels)`.
///
/// `s_i = (b_i − a_i) / max(a_i, b_i)` with `a_i` the mean distance to the
/// rest of its cluster and `b_i` the smallest mean distance to another
/// cluster (Rousseeuw 1987); members of singleton clusters score 0.
///
/// Returns `Ok(0.0)` for fewer than 2 samples, fewer than 2 clusters, or as
/// many clusters as samples, where sklearn raises `ValueError`.
///
/// Distances are `sqrt(Σ (x − y)²)` pair by pair, not sklearn's
/// `‖x‖² − 2x·y + ‖y‖²` expansion: for near-duplicate points sklearn carries
/// cancellation error (~1e-8 relative) that this does not reproduce.
pub fn silhouette(points: ArrayView2<f64>, labels: &[usize]) -> Result<f64, MetricError> {
    silhouette_impl(points, labels, Distance::Euclidean, None)
}

/// [`silhouette`] with cosine distance, as `silhouette_score(X, labels,
/// metric="cosine")` — the usual choice for TF-IDF or embedding rows.
pub fn silhouette_cosine(points: ArrayView2<f64>, labels: &[usize]) -> Result<f64, MetricError> {
    silhouette_impl(points, labels, Distance::Cosine, None)
}

/// Euclidean [`silhouette`] over a seeded random subset of `sample_size`
/// points (all points when `sample_size >= n_samples`), for corpora where
/// O(n²) is too slow. Deterministic per `seed`, but the subset differs from
/// sklearn's (`RandomState.permutation`), so values match it only in
/// expectation. Subsets with < 2 samples or clusters score 0.0 as above.
pub fn silhouette_sample(
    points: ArrayView2<f64>,
    labels: &[usize],
    sample_size: usize,
    seed: u64,
) -> Result<f64, MetricError> {
    silhouette_impl(
        points,
        labels,
        Distance::Euclidean,
        Some((sample_size, seed)),
    )
}

/// Cosine [`silhouette_sample`].
pub fn silhouette_sample_cosine(
    points: ArrayView2<f64>,
    labels: &[usize],
    sample_size: usize,
    seed: u64,
) -> Result<f64, MetricError> {
    silhouette_impl(points, labels, Distance::Cosine, Some((sample_size, seed)))
}

fn silhouette_impl(
    points: ArrayView2<f64>,
    labels: &[usize],
    distance: Distance,
    sample: Option<(usize, u64)>,
) -> Result<f64, MetricError> {
    let n_points = points.nrows();
    if n_points != labels.len() {
        return Err(MetricError::ShapeMismatch {
            n_points,
            n_labels: labels.len(),
        });
    }
    if let Some((sample, _)) = points
        .outer_iter()
        .enumerate()
        .find(|(_, row)| row.iter().any(|x| !x.is_finite()))
    {
        return Err(MetricError::NonFinite { sample });
    }
    let selected: Vec<usize> = match sample {
        Some((sample_size, seed)) if sample_size < n_points => {
            sample_indices(n_points, sample_size, seed)
        }
        _ => (0..n_points).collect(),
    };
    let n_samples = selected.len();

    // Re-encode labels densely over the (possibly sampled) subset, as
    // sklearn's LabelEncoder does after sampling.
    let subset_labels: Vec<usize> = selected.iter().map(|&i| labels[i]).collect();
    let uniq = sorted_unique(&subset_labels);
    let n_clusters = uniq.len();
    if n_samples < 2 || n_clusters < 2 || n_clusters >= n_samples {
        return Ok(0.0);
    }
    let codes: Vec<usize> = subset_labels
        .iter()
        .map(|&l| dense_index(&uniq, l))
        .collect();
    let mut cluster_sizes = vec![0usize; n_clusters];
    for &c in &codes {
        cluster_sizes[c] += 1;
    }

    // Contiguous row-major copy (n × d, never n × n) so the inner loop runs
    // over slices; cosine rows are pre-normalised like sklearn's `normalize`.
    let n_features = points.ncols();
    let mut data: Vec<f64> = Vec::with_capacity(n_samples * n_features);
    for &i in &selected {
        let row = points.row(i);
        match distance {
            Distance::Euclidean => data.extend(row.iter()),
            Distance::Cosine => {
                let norm = row.iter().map(|x| x * x).sum::<f64>().sqrt();
                let scale = if norm == 0.0 { 1.0 } else { norm };
                data.extend(row.iter().map(|x| x / scale));
            }
        }
    }
    let row = |i: usize| &data[i * n_features..(i + 1) * n_features];

    // Rows are scored in blocks so each row `j` is streamed from memory once
    // per block rather than once per sample (the loop is memory-bound
    // otherwise); each sample still sums its distances in `j` order, so the
    // result does not depend on the block size or the thread count.
    let n_blocks = n_samples.div_ceil(ROW_BLOCK);
    let scores: Vec<f64> = (0..n_blocks)
        .into_par_iter()
        .flat_map_iter(|block| {
            let rows = block * ROW_BLOCK..((block + 1) * ROW_BLOCK).min(n_samples);
            let mut sums = vec![0.0f64; rows.len() * n_clusters];
            for (j, &cj) in codes.iter().enumerate() {
                let xj = row(j);
                for (r, i) in rows.clone().enumerate() {
                    if i != j {
                        sums[r * n_clusters + cj] += match distance {
                            Distance::Euclidean => squared_euclidean(row(i), xj).sqrt(),
                            Distance::Cosine => (1.0 - dot(row(i), xj)).clamp(0.0, 2.0),
                        };
                    }
                }
            }
            let codes = &codes;
            let cluster_sizes = &cluster_sizes;
            rows.enumerate()
                .map(|(r, i)| {
                    let own = &sums[r * n_clusters..(r + 1) * n_clusters];
                    sample_silhouette(own, cluster_sizes, codes[i])
                })
                .collect::<Vec<f64>>()
        })
        .collect();
    Ok(scores.iter().sum::<f64>() / n_samples as f64)
}

/// Rows per block of the Gram-matrix silhouette: a 256 × n block of dot products at a time.
const GRAM_BLOCK: usize = 256;

/// [`silhouette_sample`] (`cosine = false`) or [`silhouette_sample_cosine`] computed from
/// dot products, block by block with a matrix product: `‖x − y‖² = ‖x‖² + ‖y‖² − 2 x·y`,
/// clipped at 0, as scikit-learn's `euclidean_distances` computes them. Several times faster
/// than the pair-by-pair distances of the exact functions on the thousands of dense LSA rows
/// that clustering scores, at the price of ~1e-8 relative error on near-duplicate rows. Same
/// sample (for the same seed), same degenerate cases.
pub fn silhouette_sample_fast(
    points: ArrayView2<f64>,
    labels: &[usize],
    sample_size: usize,
    seed: u64,
    cosine: bool,
) -> Result<f64, MetricError> {
    let n_points = points.nrows();
    if n_points != labels.len() {
        return Err(MetricError::ShapeMismatch {
            n_points,
            n_labels: labels.len(),
        });
    }
    if let Some((sample, _)) = points
        .outer_iter()
        .enumerate()
        .find(|(_, row)| row.iter().any(|x| !x.is_finite()))
    {
        return Err(MetricError::NonFinite { sample });
    }
    let selected: Vec<usize> = if sample_size < n_points {
        sample_indices(n_points, sample_size, seed)
    } else {
        (0..n_points).collect()
    };
    let n_samples = selected.len();
    let subset_labels: Vec<usize> = selected.iter().map(|&i| labels[i]).collect();
    let uniq = sorted_unique(&subset_labels);
    let n_clusters = uniq.len();
    if n_samples < 2 || n_clusters < 2 || n_clusters >= n_samples {
        return Ok(0.0);
    }
    let codes: Vec<usize> = subset_labels
        .iter()
        .map(|&l| dense_index(&uniq, l))
        .collect();
    let mut cluster_sizes = vec![0usize; n_clusters];
    for &c in &codes {
        cluster_sizes[c] += 1;
    }
    let mut data = points.select(ndarray::Axis(0), &selected);
    if cosine {
        for mut row in data.outer_iter_mut() {
            let norm = row.dot(&row).sqrt();
            if norm > 0.0 {
                row /= norm;
            }
        }
    }
    let sq_norms: Vec<f64> = data.outer_iter().map(|r| r.dot(&r)).collect();
    let data_t = data.t();
    let n_blocks = n_samples.div_ceil(GRAM_BLOCK);
    let scores: Vec<f64> = (0..n_blocks)
        .into_par_iter()
        .flat_map_iter(|block| {
            let rows = block * GRAM_BLOCK..((block + 1) * GRAM_BLOCK).min(n_samples);
            let gram = data.slice(ndarray::s![rows.clone(), ..]).dot(&data_t);
            let mut out = Vec::with_capacity(rows.len());
            let mut sums = vec![0.0f64; n_clusters];
            for (r, i) in rows.enumerate() {
                sums.iter_mut().for_each(|s| *s = 0.0);
                for (j, (&g, &cj)) in gram.row(r).iter().zip(&codes).enumerate() {
                    if i != j {
                        sums[cj] += if cosine {
                            (1.0 - g).clamp(0.0, 2.0)
                        } else {
                            (sq_norms[i] + sq_norms[j] - 2.0 * g).max(0.0).sqrt()
                        };
                    }
                }
                out.push(sample_silhouette(&sums, &cluster_sizes, codes[i]));
            }
            out
        })
        .collect();
    Ok(scores.iter().sum::<f64>() / n_samples as f64)
}

/// One sample's coefficient from its per-cluster distance sums; 0/0 (a
/// singleton cluster, or a = b = 0) becomes 0 like sklearn's `nan_to_num`.
fn sample_silhouette(sums: &[f64], cluster_sizes: &[usize], own: usize) -> f64 {
    let own_size = cluster_sizes[own];
    if own_size <= 1 {
        return 0.0;
    }
    let a = sums[own] / (own_size - 1) as f64;
    let b = sums
        .iter()
        .zip(cluster_sizes)
        .enumerate()
        .filter(|&(k, _)| k != own)
        .map(|(_, (&s, &size))| s / size as f64)
        .fold(f64::INFINITY, f64::min);
    let denom = a.max(b);
    if denom > 0.0 {
        (b - a) / denom
    } else {
        0.0
    }
}

/// Four independent accumulators let the compiler vectorise the reduction.
fn squared_euclidean(x: &[f64], y: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (xc, yc) = (x.chunks_exact(4), y.chunks_exact(4));
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (a, b) in xc.zip(yc) {
        for k in 0..4 {
            let d = a[k] - b[k];
            acc[k] += d * d;
        }
    }
    let tail: f64 = xr.iter().zip(yr).map(|(a, b)| (a - b) * (a - b)).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

fn dot(x: &[f64], y: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (xc, yc) = (x.chunks_exact(4), y.chunks_exact(4));
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (a, b) in xc.zip(yc) {
        for k in 0..4 {
            acc[k] += a[k] * b[k];
        }
    }
    let tail: f64 = xr.iter().zip(yr).map(|(a, b)| a * b).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// First `k` indices of a seeded partial Fisher–Yates shuffle of `0..n`,
/// sorted so the subset is visited in corpus order.
fn sample_indices(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut rng = SplitMix64(seed);
    let mut idx: Vec<usize> = (0..n).collect();
    for i in 0..k.min(n) {
        let j = i + rng.below((n - i) as u64) as usize;
        idx.swap(i, j);
    }
    idx.truncate(k);
    idx.sort_unstable();
    idx
}

/// Steele, Lea & Flood's SplitMix64 (2014): tiny, seedable, good enough to
/// pick a subset; not for anything security-sensitive.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Unbiased integer in `0..bound` (Lemire 2019, multiply-and-reject);
    /// `bound` must be non-zero.
    fn below(&mut self, bound: u64) -> u64 {
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let m = u128::from(self.next_u64()) * u128::from(bound);
            if (m as u64) >= threshold {
                return (m >> 64) as u64;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array2};

    const TOL: f64 = 1e-9;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= TOL
    }

    fn labels_of(v: &serde_json::Value) -> Vec<usize> {
        v.as_array()
            .expect("label array")
            .iter()
            .map(|x| x.as_u64().expect("label") as usize)
            .collect()
    }

    fn points_of(v: &serde_json::Value) -> Array2<f64> {
        let rows: Vec<Vec<f64>> = v
            .as_array()
            .expect("points")
            .iter()
            .map(|r| {
                r.as_array()
                    .expect("row")
                    .iter()
                    .map(|x| x.as_f64().expect("coord"))
                    .collect()
            })
            .collect();
        let d = rows.first().map_or(0, Vec::len);
        Array2::from_shape_vec((rows.len(), d), rows.concat()).expect("rectangular")
    }

    /// Checks every case in a fixture; returns how many values were compared.
    fn check_fixture(path: &str) -> usize {
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("fixture {path} not found; skipping");
            return 0;
        };
        let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let mut checked = 0;
        for (k, case) in doc["label_cases"]
            .as_array()
            .expect("label_cases")
            .iter()
            .enumerate()
        {
            let got = cluster_scores(
                &labels_of(&case["labels_true"]),
                &labels_of(&case["labels_pred"]),
            )
            .unwrap();
            for (name, value) in [
                ("homogeneity", got.homogeneity),
                ("completeness", got.completeness),
                ("v_measure", got.v_measure),
                ("nmi", got.nmi),
                ("ari", got.ari),
            ] {
                let want = case[name].as_f64().expect("number");
                assert!(
                    close(value, want),
                    "{path} label case {k} {name}: got {value}, want {want}"
                );
                checked += 1;
            }
        }
        for (k, case) in doc["silhouette_cases"]
            .as_array()
            .expect("silhouette_cases")
            .iter()
            .enumerate()
        {
            let points = points_of(&case["points"]);
            let labels = labels_of(&case["labels"]);
            let got = match case["metric"].as_str().unwrap_or("euclidean") {
                "cosine" => silhouette_cosine(points.view(), &labels),
                _ => silhouette(points.view(), &labels),
            }
            .unwrap();
            let want = case["silhouette"].as_f64().expect("number");
            assert!(
                close(got, want),
                "{path} silhouette case {k}: got {got}, want {want}"
            );
            checked += 1;
        }
        checked
    }

    #[test]
    fn shared_sklearn_fixture() {
        let n = check_fixture(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/clustering.json"
        ));
        eprintln!("clustering.json: {n} values checked");
    }

    #[test]
    fn extra_sklearn_fixture() {
        let n = check_fixture(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/clustering_extra.json"
        ));
        eprintln!("clustering_extra.json: {n} values checked");
    }

    #[test]
    fn contingency_maps_sparse_labels_in_sorted_order() {
        let t = contingency(&[10, 3, 10, 400], &[7, 7, 1_000_000, 7]).unwrap();
        assert_eq!(t.rows(), &[3, 10, 400]);
        assert_eq!(t.cols(), &[7, 1_000_000]);
        assert_eq!(t.counts(), array![[1, 0], [1, 1], [1, 0]]);
        assert_eq!(t.get(1, 1), 1);
        assert_eq!(t.get(5, 5), 0);
        assert_eq!(t.row_sums(), &[1, 2, 1]);
        assert_eq!(t.col_sums(), &[3, 1]);
        assert_eq!(t.n_samples(), 4);
    }

    #[test]
    fn length_mismatch_is_an_error() {
        assert_eq!(
            cluster_scores(&[0, 1], &[0]),
            Err(MetricError::LengthMismatch {
                n_true: 2,
                n_pred: 1
            })
        );
        let points = Array2::<f64>::zeros((3, 2));
        assert_eq!(
            silhouette(points.view(), &[0, 1]),
            Err(MetricError::ShapeMismatch {
                n_points: 3,
                n_labels: 2
            })
        );
    }

    #[test]
    fn empty_input_is_a_perfect_match() {
        let s = cluster_scores(&[], &[]).unwrap();
        assert_eq!(
            (s.homogeneity, s.completeness, s.v_measure, s.nmi, s.ari),
            (1.0, 1.0, 1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn one_sample_is_a_perfect_match() {
        let s = cluster_scores(&[4], &[9]).unwrap();
        assert_eq!(
            (s.homogeneity, s.completeness, s.v_measure, s.nmi, s.ari),
            (1.0, 1.0, 1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn single_cluster_is_complete_but_not_homogeneous() {
        let s = cluster_scores(&[0, 1, 2, 3], &[5, 5, 5, 5]).unwrap();
        assert_eq!(
            (s.homogeneity, s.completeness, s.v_measure, s.nmi, s.ari),
            (0.0, 1.0, 0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn all_singletons_are_homogeneous_but_not_complete() {
        let s = cluster_scores(&[0, 0, 0, 0], &[0, 1, 2, 3]).unwrap();
        assert_eq!(
            (s.homogeneity, s.completeness, s.v_measure, s.nmi, s.ari),
            (1.0, 0.0, 0.0, 0.0, 0.0)
        );
        // Both sides all-singleton: no pair disagrees, ARI's special case.
        let s = cluster_scores(&[0, 1, 2], &[5, 6, 7]).unwrap();
        assert_eq!(s.ari, 1.0);
        assert_eq!(s.nmi, 1.0);
    }

    #[test]
    fn ari_can_be_negative() {
        let s = cluster_scores(&[0, 0, 1, 1], &[0, 1, 0, 1]).unwrap();
        assert!(close(s.ari, -0.5));
    }

    #[test]
    fn ari_is_exact_for_large_inputs() {
        // 2 × 10⁵ samples: pair counts ~10¹⁰, their products ~10²⁰ (> u64).
        let n_samples = 200_000;
        let labels_true: Vec<usize> = (0..n_samples).map(|i| i % 2).collect();
        let s = cluster_scores(&labels_true, &labels_true).unwrap();
        assert_eq!(s.ari, 1.0);
        let labels_pred: Vec<usize> = (0..n_samples).map(|i| (i / 2) % 2).collect();
        let s = cluster_scores(&labels_true, &labels_pred).unwrap();
        // sklearn: adjusted_rand_score(...) == -5.000050000500005e-06
        assert!((s.ari - -5.000050000500005e-06).abs() < 1e-20, "{}", s.ari);
    }

    #[test]
    fn silhouette_degenerate_inputs_score_zero() {
        let points = array![[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]];
        assert_eq!(silhouette(points.view(), &[0, 0, 0]), Ok(0.0)); // one cluster
        assert_eq!(silhouette(points.view(), &[0, 1, 2]), Ok(0.0)); // all singletons
        let empty = Array2::<f64>::zeros((0, 2));
        assert_eq!(silhouette(empty.view(), &[]), Ok(0.0));
        assert_eq!(
            silhouette_cosine(points.slice(ndarray::s![..1, ..]), &[0]),
            Ok(0.0)
        );
        let no_features = Array2::<f64>::zeros((4, 0));
        assert_eq!(silhouette(no_features.view(), &[0, 0, 1, 1]), Ok(0.0));
    }

    #[test]
    fn silhouette_singleton_members_score_zero() {
        // Cluster {2} is a singleton: its sample contributes 0 to the mean.
        let points = array![[0.0], [1.0], [10.0]];
        let got = silhouette(points.view(), &[0, 0, 1]).unwrap();
        let s0 = (10.0 - 1.0) / 10.0;
        let s1 = (9.0 - 1.0) / 9.0;
        assert!(close(got, (s0 + s1 + 0.0) / 3.0));
    }

    #[test]
    fn silhouette_rejects_non_finite() {
        let points = array![[0.0], [f64::NAN], [1.0]];
        assert_eq!(
            silhouette(points.view(), &[0, 1, 1]),
            Err(MetricError::NonFinite { sample: 1 })
        );
    }

    #[test]
    fn silhouette_accepts_non_standard_layouts() {
        let points = array![
            [0.0, 0.1, 5.0],
            [0.2, 0.0, 5.1],
            [3.0, 3.1, 0.0],
            [3.2, 2.9, 0.3]
        ];
        let labels = [0, 0, 1, 1];
        let transposed = points.t().to_owned();
        let want = silhouette(points.view(), &labels).unwrap();
        assert!(close(silhouette(transposed.t(), &labels).unwrap(), want));
        assert!(want > 0.5);
    }

    #[test]
    fn sampled_silhouette_is_deterministic_and_full_when_large() {
        let n_samples = 200;
        let points = Array2::from_shape_fn((n_samples, 3), |(i, j)| {
            ((i * 7 + j * 13) % 17) as f64 + (i % 4) as f64 * 10.0
        });
        let labels: Vec<usize> = (0..n_samples).map(|i| i % 4).collect();
        let full = silhouette(points.view(), &labels).unwrap();
        assert_eq!(
            silhouette_sample(points.view(), &labels, n_samples, 1).unwrap(),
            full
        );
        assert_eq!(
            silhouette_sample(points.view(), &labels, 10 * n_samples, 1).unwrap(),
            full
        );
        let a = silhouette_sample(points.view(), &labels, 50, 42).unwrap();
        assert_eq!(
            a,
            silhouette_sample(points.view(), &labels, 50, 42).unwrap()
        );
        assert!((a - full).abs() < 0.2, "sample {a} far from full {full}");
        assert_eq!(silhouette_sample(points.view(), &labels, 1, 42), Ok(0.0));
        assert_eq!(silhouette_sample(points.view(), &labels, 0, 42), Ok(0.0));
        let c = silhouette_sample_cosine(points.view(), &labels, 50, 42).unwrap();
        assert!(c.is_finite());
    }

    #[test]
    fn fast_silhouette_matches_the_exact_one() {
        let mut rng = SplitMix64(3);
        let points = Array2::from_shape_fn((300, 7), |(i, _)| {
            (i % 3) as f64 + (rng.next_u64() % 1000) as f64 / 700.0
        });
        let labels: Vec<usize> = (0..300).map(|i| (i % 3 + i % 2) % 3).collect();
        for (sample, cosine) in [(1000, false), (1000, true), (120, false), (120, true)] {
            let exact = if cosine {
                silhouette_sample_cosine(points.view(), &labels, sample, 5).unwrap()
            } else {
                silhouette_sample(points.view(), &labels, sample, 5).unwrap()
            };
            let fast = silhouette_sample_fast(points.view(), &labels, sample, 5, cosine).unwrap();
            assert!((exact - fast).abs() < 1e-9, "{exact} vs {fast}");
        }
    }

    #[test]
    fn sample_indices_are_distinct_and_in_range() {
        let idx = sample_indices(1000, 100, 9);
        assert_eq!(idx.len(), 100);
        assert!(idx.windows(2).all(|w| w[0] < w[1]));
        assert!(idx.iter().all(|&i| i < 1000));
        assert_ne!(idx, sample_indices(1000, 100, 10));
    }

    #[test]
    fn cosine_zero_vector_is_at_distance_one() {
        // Rows 0 and 1 point the same way; row 2 is zero (distance 1 to all).
        let points = array![[1.0, 0.0], [2.0, 0.0], [0.0, 0.0], [0.0, 3.0]];
        let got = silhouette_cosine(points.view(), &[0, 0, 1, 1]).unwrap();
        // s0 = s1 = (1 - 0) / 1 = 1 with b = mean(1, 1); s2: a = 1, b = 1 → 0;
        // s3: a = 1, b = 1 → 0.
        assert!(close(got, 0.5));
    }
}
