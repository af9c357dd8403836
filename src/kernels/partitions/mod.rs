//! How much two labellings of the same rows agree, as scikit-learn 1.9 computes it: the
//! contingency table ([`contingency`]), homogeneity, completeness, V-measure and NMI
//! (`information`), and ARI (`ari`). Reference values are produced by `sklearn.metrics` and
//! checked in the tests to 1e-9.
//!
//! One implementation for both its users: clustering, which compares its own restarts and
//! cuts (the restarts' vote, whether a polished cut is kept), and the evaluation against gold
//! labels ([`crate::evaluate::clusters`]). Where scikit-learn raises on degenerate input these
//! functions return a documented value instead, so a report never aborts on one odd topic
//! model; genuinely inconsistent input (a length mismatch) is a [`MetricError`].

use std::fmt;

mod ari;
mod contingency;
mod information;

pub use contingency::contingency;
pub(crate) use contingency::Contingency;

use ari::adjusted_rand;
use information::{entropy, mutual_info};

/// Input that no metric value can be defined for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricError {
    /// `labels_true` and `labels_pred` describe different numbers of samples.
    LengthMismatch {
        /// Gold labels given.
        n_true: usize,
        /// Predicted labels given.
        n_pred: usize,
    },
}

impl fmt::Display for MetricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LengthMismatch { n_true, n_pred } => write!(
                f,
                "label length mismatch: {n_true} gold labels vs {n_pred} predicted labels"
            ),
        }
    }
}

impl std::error::Error for MetricError {}

/// Label-agreement scores between gold classes and predicted clusters.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub(crate) struct ClusterScores {
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
pub(crate) fn cluster_scores(
    labels_true: &[usize],
    labels_pred: &[usize],
) -> Result<ClusterScores, MetricError> {
    Ok(ClusterScores::from_contingency(&contingency(
        labels_true,
        labels_pred,
    )?))
}

impl ClusterScores {
    pub(crate) fn from_contingency(table: &Contingency) -> Self {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::sklearn_fixtures::{self, close, labels_of};
    use ndarray::array;

    /// Checks every case in a fixture; returns how many values were compared.
    fn check_fixture(name: &str) -> usize {
        let Some(doc) = sklearn_fixtures::read(name) else {
            return 0;
        };
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
            for (metric, value) in [
                ("homogeneity", got.homogeneity),
                ("completeness", got.completeness),
                ("v_measure", got.v_measure),
                ("nmi", got.nmi),
                ("ari", got.ari),
            ] {
                let want = case[metric].as_f64().expect("number");
                assert!(
                    close(value, want),
                    "{name} label case {k} {metric}: got {value}, want {want}"
                );
                checked += 1;
            }
        }
        checked
    }

    #[test]
    fn shared_sklearn_fixture() {
        let n = check_fixture("clustering.json");
        eprintln!("clustering.json: {n} values checked");
    }

    #[test]
    fn extra_sklearn_fixture() {
        let n = check_fixture("clustering_extra.json");
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
        assert_eq!(t.row_sums, &[1, 2, 1]);
        assert_eq!(t.col_sums, &[3, 1]);
        assert_eq!(t.n_samples, 4);
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
    }

    /// Homogeneity, completeness, V-measure, NMI and ARI, for cases that pin all five.
    fn all_scores(labels_true: &[usize], labels_pred: &[usize]) -> (f64, f64, f64, f64, f64) {
        let s = cluster_scores(labels_true, labels_pred).unwrap();
        (s.homogeneity, s.completeness, s.v_measure, s.nmi, s.ari)
    }

    #[test]
    fn empty_input_is_a_perfect_match() {
        assert_eq!(all_scores(&[], &[]), (1.0, 1.0, 1.0, 1.0, 1.0));
    }

    #[test]
    fn one_sample_is_a_perfect_match() {
        assert_eq!(all_scores(&[4], &[9]), (1.0, 1.0, 1.0, 1.0, 1.0));
    }

    #[test]
    fn single_cluster_is_complete_but_not_homogeneous() {
        assert_eq!(
            all_scores(&[0, 1, 2, 3], &[5, 5, 5, 5]),
            (0.0, 1.0, 0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn all_singletons_are_homogeneous_but_not_complete() {
        assert_eq!(
            all_scores(&[0, 0, 0, 0], &[0, 1, 2, 3]),
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
}
