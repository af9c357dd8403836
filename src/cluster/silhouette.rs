//! The silhouette coefficient (Rousseeuw 1987): how much closer each document is to its own
//! cluster than to the next one, averaged. Clustering scores every candidate k with it; the
//! evaluation ([`crate::evaluate::clusters`]) reports it for the final clusters.
//!
//! One implementation, computed as scikit-learn 1.9's `silhouette_score` computes it: pairwise
//! distances from dot products, `‖x − y‖² = ‖x‖² + ‖y‖² − 2 x·y` clipped at 0 (its
//! `euclidean_distances`), or `1 − cos(x, y)` clipped to [0, 2]; the tests hold it to
//! scikit-learn's values within 1e-9. The dot products come from one matrix product per block
//! of rows (never the whole n × n matrix), which is several times faster than distances pair
//! by pair on thousands of dense LSA rows.

use std::fmt;

use ndarray::{s, ArrayView2, Axis};
use rayon::prelude::*;

use crate::kernels::sampling::seeded_sample;

/// Rows per block: a 256 × n block of dot products at a time.
const GRAM_BLOCK: usize = 256;

/// The distance between two rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SilhouetteMetric {
    /// `‖x − y‖`.
    Euclidean,
    /// `1 − cos(x, y)` clipped to [0, 2]; a zero vector has cosine 0 with everything
    /// (scikit-learn's `normalize` leaves it zero), so it is at distance 1 from all.
    Cosine,
}

/// How to compute a silhouette: the metric, and optionally a seeded sample of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SilhouetteParams {
    /// Distance between rows.
    pub metric: SilhouetteMetric,
    /// Score a seeded random subset of this many rows, for corpora where O(n²) is too slow;
    /// `None` (or a size of at least the rows) scores them all. The subset is deterministic
    /// per seed but differs from scikit-learn's (`RandomState.permutation`), so sampled values
    /// match it only in expectation.
    pub sample_size: Option<usize>,
    /// Seed of the sample; unused without one.
    pub seed: u64,
}

impl SilhouetteParams {
    /// All rows, Euclidean distance: scikit-learn's `silhouette_score(X, labels)`.
    pub(crate) fn euclidean() -> Self {
        Self {
            metric: SilhouetteMetric::Euclidean,
            sample_size: None,
            seed: 0,
        }
    }

    /// All rows, cosine distance: `silhouette_score(X, labels, metric="cosine")`, the usual
    /// choice for TF-IDF or embedding rows.
    pub fn cosine() -> Self {
        Self {
            metric: SilhouetteMetric::Cosine,
            ..Self::euclidean()
        }
    }

    /// The same metric on a seeded sample of `sample_size` rows.
    pub(crate) fn sampled(self, sample_size: usize, seed: u64) -> Self {
        Self {
            sample_size: Some(sample_size),
            seed,
            ..self
        }
    }
}

/// Input no silhouette can be computed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SilhouetteError {
    /// The point matrix has a different number of rows than there are labels.
    ShapeMismatch {
        /// Rows of the point matrix.
        n_points: usize,
        /// Labels given.
        n_labels: usize,
    },
    /// A coordinate is NaN or infinite (scikit-learn rejects these too).
    NonFinite {
        /// Row of the first such coordinate.
        sample: usize,
    },
}

impl fmt::Display for SilhouetteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ShapeMismatch { n_points, n_labels } => {
                write!(f, "shape mismatch: {n_points} points vs {n_labels} labels")
            }
            Self::NonFinite { sample } => {
                write!(f, "point {sample} has a NaN or infinite coordinate")
            }
        }
    }
}

impl std::error::Error for SilhouetteError {}

/// Mean silhouette coefficient of the rows of `points` labelled `labels`.
///
/// `s_i = (b_i − a_i) / max(a_i, b_i)` with `a_i` the mean distance to the rest of its
/// cluster and `b_i` the smallest mean distance to another cluster; members of singleton
/// clusters score 0. Labels need not be contiguous.
///
/// Returns `Ok(0.0)` for fewer than 2 samples, fewer than 2 clusters, or as many clusters as
/// samples (in the sample, when sampling), where scikit-learn raises `ValueError`.
///
/// # Errors
/// [`SilhouetteError::ShapeMismatch`] when the rows and labels differ in number,
/// [`SilhouetteError::NonFinite`] for a NaN or infinite coordinate.
pub fn silhouette(
    points: ArrayView2<f64>,
    labels: &[usize],
    params: &SilhouetteParams,
) -> Result<f64, SilhouetteError> {
    let n_points = points.nrows();
    if n_points != labels.len() {
        return Err(SilhouetteError::ShapeMismatch {
            n_points,
            n_labels: labels.len(),
        });
    }
    if let Some((sample, _)) = points
        .outer_iter()
        .enumerate()
        .find(|(_, row)| row.iter().any(|x| !x.is_finite()))
    {
        return Err(SilhouetteError::NonFinite { sample });
    }
    let selected: Vec<usize> = match params.sample_size {
        Some(size) if size < n_points => seeded_sample(n_points, size, params.seed),
        _ => (0..n_points).collect(),
    };
    let n_samples = selected.len();

    // Re-encode labels densely over the (possibly sampled) subset, as scikit-learn's
    // LabelEncoder does after sampling.
    let subset_labels: Vec<usize> = selected.iter().map(|&i| labels[i]).collect();
    let mut uniq = subset_labels.clone();
    uniq.sort_unstable();
    uniq.dedup();
    let n_clusters = uniq.len();
    if n_samples < 2 || n_clusters < 2 || n_clusters >= n_samples {
        return Ok(0.0);
    }
    let codes: Vec<usize> = subset_labels
        .iter()
        .map(|l| uniq.binary_search(l).unwrap_or_default())
        .collect();
    let mut cluster_sizes = vec![0usize; n_clusters];
    for &c in &codes {
        cluster_sizes[c] += 1;
    }
    let cosine = params.metric == SilhouetteMetric::Cosine;
    let mut data = points.select(Axis(0), &selected);
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
    // Each sample sums its distances in row order within its block, so the result does not
    // depend on the thread count.
    let n_blocks = n_samples.div_ceil(GRAM_BLOCK);
    let scores: Vec<f64> = (0..n_blocks)
        .into_par_iter()
        .flat_map_iter(|block| {
            let rows = block * GRAM_BLOCK..((block + 1) * GRAM_BLOCK).min(n_samples);
            let gram = data.slice(s![rows.clone(), ..]).dot(&data_t);
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

/// One sample's coefficient from its per-cluster distance sums; 0/0 (a singleton cluster, or
/// a = b = 0) becomes 0 like scikit-learn's `nan_to_num`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::sklearn_fixtures::{self, close, labels_of};
    use ndarray::{array, Array2};

    fn euclidean(points: ArrayView2<f64>, labels: &[usize]) -> Result<f64, SilhouetteError> {
        silhouette(points, labels, &SilhouetteParams::euclidean())
    }

    fn cosine(points: ArrayView2<f64>, labels: &[usize]) -> Result<f64, SilhouetteError> {
        silhouette(points, labels, &SilhouetteParams::cosine())
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

    /// Checks every silhouette case of a scikit-learn fixture; returns how many there were.
    fn check_fixture(name: &str) -> usize {
        let Some(doc) = sklearn_fixtures::read(name) else {
            return 0;
        };
        let cases = doc["silhouette_cases"]
            .as_array()
            .expect("silhouette_cases");
        for (k, case) in cases.iter().enumerate() {
            let points = points_of(&case["points"]);
            let labels = labels_of(&case["labels"]);
            let got = match case["metric"].as_str().unwrap_or("euclidean") {
                "cosine" => cosine(points.view(), &labels),
                _ => euclidean(points.view(), &labels),
            }
            .unwrap();
            let want = case["silhouette"].as_f64().expect("number");
            assert!(
                close(got, want),
                "{name} silhouette case {k}: got {got}, want {want}"
            );
        }
        cases.len()
    }

    #[test]
    fn matches_scikit_learn_on_the_fixtures() {
        let n = check_fixture("clustering.json") + check_fixture("clustering_extra.json");
        eprintln!("{n} silhouettes checked");
    }

    /// The textbook definition, distances pair by pair.
    fn reference(points: ArrayView2<f64>, labels: &[usize], cosine: bool) -> f64 {
        let n = points.nrows();
        let distance = |i: usize, j: usize| -> f64 {
            let (x, y) = (points.row(i), points.row(j));
            if cosine {
                let (nx, ny) = (x.dot(&x).sqrt(), y.dot(&y).sqrt());
                let cos = if nx > 0.0 && ny > 0.0 {
                    x.dot(&y) / (nx * ny)
                } else {
                    0.0
                };
                (1.0 - cos).clamp(0.0, 2.0)
            } else {
                x.iter()
                    .zip(y.iter())
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f64>()
                    .sqrt()
            }
        };
        let k = labels.iter().max().map_or(0, |m| m + 1);
        let mut total = 0.0;
        for i in 0..n {
            let mut sums = vec![0.0; k];
            let mut sizes = vec![0usize; k];
            for j in 0..n {
                sizes[labels[j]] += 1;
                if i != j {
                    sums[labels[j]] += distance(i, j);
                }
            }
            total += sample_silhouette(&sums, &sizes, labels[i]);
        }
        total / n as f64
    }

    #[test]
    fn matches_the_textbook_definition() {
        let points = Array2::from_shape_fn((300, 7), |(i, j)| {
            (i % 3) as f64 + ((i * 7919 + j * 104_729) % 1000) as f64 / 700.0
        });
        let labels: Vec<usize> = (0..300).map(|i| (i % 3 + i % 2) % 3).collect();
        let e = euclidean(points.view(), &labels).unwrap();
        let c = cosine(points.view(), &labels).unwrap();
        assert!(close(e, reference(points.view(), &labels, false)), "{e}");
        assert!(close(c, reference(points.view(), &labels, true)), "{c}");
    }

    #[test]
    fn length_mismatch_is_an_error() {
        let points = Array2::<f64>::zeros((3, 2));
        assert_eq!(
            euclidean(points.view(), &[0, 1]),
            Err(SilhouetteError::ShapeMismatch {
                n_points: 3,
                n_labels: 2
            })
        );
    }

    #[test]
    fn degenerate_inputs_score_zero() {
        let points = array![[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]];
        assert_eq!(euclidean(points.view(), &[0, 0, 0]), Ok(0.0)); // one cluster
        assert_eq!(euclidean(points.view(), &[0, 1, 2]), Ok(0.0)); // all singletons
        let empty = Array2::<f64>::zeros((0, 2));
        assert_eq!(euclidean(empty.view(), &[]), Ok(0.0));
        assert_eq!(cosine(points.slice(s![..1, ..]), &[0]), Ok(0.0));
        let no_features = Array2::<f64>::zeros((4, 0));
        assert_eq!(euclidean(no_features.view(), &[0, 0, 1, 1]), Ok(0.0));
    }

    #[test]
    fn singleton_members_score_zero() {
        // Cluster {2} is a singleton: its sample contributes 0 to the mean.
        let points = array![[0.0], [1.0], [10.0]];
        let got = euclidean(points.view(), &[0, 0, 1]).unwrap();
        let s0 = (10.0 - 1.0) / 10.0;
        let s1 = (9.0 - 1.0) / 9.0;
        assert!(close(got, (s0 + s1 + 0.0) / 3.0));
    }

    #[test]
    fn rejects_non_finite_coordinates() {
        let points = array![[0.0], [f64::NAN], [1.0]];
        assert_eq!(
            euclidean(points.view(), &[0, 1, 1]),
            Err(SilhouetteError::NonFinite { sample: 1 })
        );
    }

    #[test]
    fn accepts_non_standard_layouts() {
        let points = array![
            [0.0, 0.1, 5.0],
            [0.2, 0.0, 5.1],
            [3.0, 3.1, 0.0],
            [3.2, 2.9, 0.3]
        ];
        let labels = [0, 0, 1, 1];
        let transposed = points.t().to_owned();
        let want = euclidean(points.view(), &labels).unwrap();
        assert!(close(euclidean(transposed.t(), &labels).unwrap(), want));
        assert!(want > 0.5);
    }

    #[test]
    fn a_sample_is_deterministic_and_all_rows_when_large() {
        let n_samples = 200;
        let points = Array2::from_shape_fn((n_samples, 3), |(i, j)| {
            ((i * 7 + j * 13) % 17) as f64 + (i % 4) as f64 * 10.0
        });
        let labels: Vec<usize> = (0..n_samples).map(|i| i % 4).collect();
        let full = euclidean(points.view(), &labels).unwrap();
        let sampled = |size: usize, seed: u64| {
            let p = SilhouetteParams::euclidean().sampled(size, seed);
            silhouette(points.view(), &labels, &p)
        };
        assert_eq!(sampled(n_samples, 1).unwrap(), full);
        assert_eq!(sampled(10 * n_samples, 1).unwrap(), full);
        let a = sampled(50, 42).unwrap();
        assert_eq!(a, sampled(50, 42).unwrap());
        assert!((a - full).abs() < 0.2, "sample {a} far from full {full}");
        assert_eq!(sampled(1, 42), Ok(0.0));
        assert_eq!(sampled(0, 42), Ok(0.0));
        let c = silhouette(
            points.view(),
            &labels,
            &SilhouetteParams::cosine().sampled(50, 42),
        )
        .unwrap();
        assert!(c.is_finite());
    }

    #[test]
    fn the_same_on_any_thread_count() {
        let points = Array2::from_shape_fn((700, 5), |(i, j)| ((i * 31 + j * 7) % 13) as f64);
        let labels: Vec<usize> = (0..700).map(|i| i % 5).collect();
        let many = cosine(points.view(), &labels).unwrap();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool")
            .install(|| cosine(points.view(), &labels).unwrap());
        assert_eq!(many.to_bits(), one.to_bits());
    }

    #[test]
    fn a_zero_vector_is_at_cosine_distance_one() {
        // Rows 0 and 1 point the same way; row 2 is zero (distance 1 to all).
        let points = array![[1.0, 0.0], [2.0, 0.0], [0.0, 0.0], [0.0, 3.0]];
        let got = cosine(points.view(), &[0, 0, 1, 1]).unwrap();
        // s0 = s1 = (1 - 0) / 1 = 1 with b = mean(1, 1); s2: a = 1, b = 1 → 0;
        // s3: a = 1, b = 1 → 0.
        assert!(close(got, 0.5));
    }
}
