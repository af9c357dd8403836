//! Grouping documents into topics with k-means (linfa-clustering: k-means++ initialisation,
//! several restarts, seeded), and choosing k when the user does not.
//!
//! Input rows are document vectors (TF-IDF or LSA coordinates); they are l2-normalised here, so
//! Euclidean k-means ranks like cosine similarity (spherical k-means). k is chosen by the best
//! cosine silhouette over `2..=min(max_k, n − 1)`.

use linfa::prelude::*;
use linfa_clustering::KMeans;
use ndarray::{Array2, ArrayView2, Axis};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::evaluate::clustering_metrics::{silhouette_cosine, silhouette_sample_cosine};

/// How to cluster.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClusterParams {
    /// Number of topics; `None` chooses it.
    pub k: Option<usize>,
    /// Largest k tried when choosing.
    pub max_k: usize,
    /// k-means restarts (best inertia wins).
    pub restarts: usize,
    pub seed: u64,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            k: None,
            max_k: 10,
            restarts: 10,
            seed: 42,
        }
    }
}

impl ClusterParams {
    /// Checks k against the number of documents before any work starts.
    pub fn validate(&self, n_docs: usize) -> Result<()> {
        match self.k {
            Some(0) => Err(Error::InvalidParameter("--k must be at least 1".into())),
            Some(k) if k > n_docs => Err(Error::InvalidParameter(format!(
                "--k {k} is larger than the number of documents ({n_docs})"
            ))),
            _ if self.restarts == 0 => Err(Error::InvalidParameter(
                "--restarts must be at least 1".into(),
            )),
            _ => Ok(()),
        }
    }
}

/// The silhouette of one candidate k.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct KScore {
    pub k: usize,
    pub silhouette: f64,
}

/// A fitted clustering. Cluster ids are ordered by size (largest first), ties by the first
/// document, so ids are stable across runs.
#[derive(Debug, Clone)]
pub struct Clustering {
    pub k: usize,
    pub labels: Vec<usize>,
    /// Silhouette (cosine) of the chosen k; 0 for one cluster.
    pub silhouette: f64,
    /// Every k tried when k was chosen automatically.
    pub k_scores: Vec<KScore>,
}

impl Clustering {
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.k];
        for &l in &self.labels {
            sizes[l] += 1;
        }
        sizes
    }
}

/// Clusters the rows of `points`.
///
/// # Errors
/// [`Error::InvalidParameter`] for k = 0 or k > rows; [`Error::Clustering`] if k-means fails.
pub fn cluster(points: ArrayView2<f64>, params: &ClusterParams) -> Result<Clustering> {
    let n = points.nrows();
    params.validate(n)?;
    let mut x = points.to_owned();
    normalize_rows(&mut x);
    if let Some(k) = params.k {
        let labels = kmeans(&x, k, params)?;
        let silhouette = cosine_silhouette(x.view(), &labels, params.seed);
        return Ok(finish(k, labels, silhouette, Vec::new()));
    }
    let max_k = params.max_k.min(n.saturating_sub(1));
    if max_k < 2 {
        return Ok(finish(1, vec![0; n], 0.0, Vec::new()));
    }
    let mut best: Option<(usize, Vec<usize>, f64)> = None;
    let mut k_scores = Vec::new();
    for k in 2..=max_k {
        let labels = kmeans(&x, k, params)?;
        let s = cosine_silhouette(x.view(), &labels, params.seed);
        k_scores.push(KScore { k, silhouette: s });
        if best.as_ref().is_none_or(|(_, _, b)| s > *b + 1e-12) {
            best = Some((k, labels, s));
        }
    }
    let (k, labels, s) = best.unwrap_or((1, vec![0; n], 0.0));
    Ok(finish(k, labels, s, k_scores))
}

fn kmeans(x: &Array2<f64>, k: usize, params: &ClusterParams) -> Result<Vec<usize>> {
    if k == 1 {
        return Ok(vec![0; x.nrows()]);
    }
    let rng = Xoshiro256Plus::seed_from_u64(params.seed);
    let dataset = DatasetBase::from(x.clone());
    let model = KMeans::params_with_rng(k, rng)
        .n_runs(params.restarts)
        .max_n_iterations(300)
        .tolerance(1e-6)
        .fit(&dataset)
        .map_err(|e| Error::Clustering(e.to_string()))?;
    Ok(model.predict(x).to_vec())
}

/// Renumbers clusters by size (descending), then by first member; drops empty clusters.
fn finish(k: usize, labels: Vec<usize>, silhouette: f64, k_scores: Vec<KScore>) -> Clustering {
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
        silhouette,
        k_scores,
    }
}

/// Scales rows to unit l2 norm; zero rows stay zero.
pub fn normalize_rows(x: &mut Array2<f64>) {
    for mut row in x.axis_iter_mut(Axis(0)) {
        let norm = row.dot(&row).sqrt();
        if norm > 0.0 {
            row /= norm;
        }
    }
}

/// Mean cosine silhouette; on a sample of 2,000 documents for large corpora (the exact value
/// costs O(n²)). Degenerate cases (one cluster, all singletons) score 0.
fn cosine_silhouette(x: ArrayView2<f64>, labels: &[usize], seed: u64) -> f64 {
    const SAMPLE: usize = 2000;
    let score = if x.nrows() > SAMPLE {
        silhouette_sample_cosine(x, labels, SAMPLE, seed)
    } else {
        silhouette_cosine(x, labels)
    };
    score.unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn two_groups() -> Array2<f64> {
        array![
            [1.0, 0.1, 0.0],
            [0.9, 0.0, 0.1],
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.9],
            [0.1, 0.9, 1.0],
            [0.0, 1.0, 1.0]
        ]
    }

    #[test]
    fn finds_two_obvious_groups() {
        let c = cluster(two_groups().view(), &ClusterParams::default()).unwrap();
        assert_eq!(c.k, 2);
        assert_eq!(c.labels[..3], [0, 0, 0]);
        assert_eq!(c.labels[3..], [1, 1, 1]);
        assert!(c.silhouette > 0.5);
    }

    #[test]
    fn same_seed_same_labels() {
        let p = ClusterParams {
            k: Some(3),
            ..ClusterParams::default()
        };
        let a = cluster(two_groups().view(), &p).unwrap();
        let b = cluster(two_groups().view(), &p).unwrap();
        assert_eq!(a.labels, b.labels);
    }

    #[test]
    fn one_document_is_one_topic() {
        let c = cluster(array![[1.0, 2.0]].view(), &ClusterParams::default()).unwrap();
        assert_eq!((c.k, c.labels.clone()), (1, vec![0]));
    }

    #[test]
    fn rejects_bad_k() {
        let x = two_groups();
        assert!(cluster(
            x.view(),
            &ClusterParams {
                k: Some(0),
                ..Default::default()
            }
        )
        .is_err());
        assert!(cluster(
            x.view(),
            &ClusterParams {
                k: Some(7),
                ..Default::default()
            }
        )
        .is_err());
    }
}
