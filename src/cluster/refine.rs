//! Polishing k-means clusters found in the LSA space with spherical k-means on the unit
//! TF-IDF rows themselves.

use rayon::prelude::*;
use sprs::CsMat;

/// Spherical k-means iterations at most when refining on the terms.
const REFINE_ITERATIONS: usize = 20;
/// Refinement is skipped when the dense centroids (k × terms) would hold more entries.
const REFINE_MAX_CENTROID_ENTRIES: usize = 1 << 23;

/// Polishes clusters found in the LSA space with spherical k-means on the unit TF-IDF rows
/// themselves: centroid = normalised sum of the members' rows, each document moved to the
/// centroid of highest cosine, until no document moves. LSA keeps the directions that explain
/// the most variance, which is what makes k-means there stable, but drops the rarer terms
/// that often decide the documents at a topic's edge; starting from the LSA clusters, a few
/// iterations in the full space put those documents right (README, "Measurements behind the
/// defaults"). Deterministic: centroids are summed in document
/// order, and each document's choice depends on nothing else. A step that would empty a
/// cluster is not taken. Iterations also stop once at most `settled` documents moved in one
/// (0: until none moves; a large corpus never stops shuffling a few documents at its edges).
pub(super) fn refine_on_terms(x: &CsMat<f64>, labels: &mut [usize], k: usize, settled: usize) {
    let n_terms = x.cols();
    if k < 2 || !x.is_csr() || k.saturating_mul(n_terms) > REFINE_MAX_CENTROID_ENTRIES {
        return;
    }
    let rows: Vec<_> = x.outer_iterator().collect();
    for _ in 0..REFINE_ITERATIONS {
        let mut centroids = vec![0.0f64; k * n_terms];
        for (row, &c) in rows.iter().zip(labels.iter()) {
            let centroid = &mut centroids[c * n_terms..(c + 1) * n_terms];
            for (t, &v) in row.iter() {
                centroid[t] += v;
            }
        }
        for centroid in centroids.chunks_mut(n_terms) {
            let norm = centroid.iter().map(|v| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                centroid.iter_mut().for_each(|v| *v /= norm);
            }
        }
        let moved: Vec<usize> = rows
            .par_iter()
            .zip(labels.par_iter())
            .map(|(row, &current)| {
                let mut best = (current, f64::NEG_INFINITY);
                for (c, centroid) in centroids.chunks(n_terms).enumerate() {
                    let cosine: f64 = row.iter().map(|(t, &v)| v * centroid[t]).sum();
                    if cosine > best.1 + 1e-12 || (c == current && cosine >= best.1 - 1e-12) {
                        best = (c, cosine);
                    }
                }
                best.0
            })
            .collect();
        let changed = moved
            .iter()
            .zip(labels.iter())
            .filter(|(a, b)| a != b)
            .count();
        if changed == 0 {
            return;
        }
        let mut sizes = vec![0usize; k];
        moved.iter().for_each(|&c| sizes[c] += 1);
        if sizes.contains(&0) {
            return;
        }
        labels.copy_from_slice(&moved);
        if changed <= settled {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::tests::{csr, two_groups};
    use crate::kernels::dense::normalise_rows;

    #[test]
    fn refining_on_the_terms_moves_a_misplaced_document_and_never_empties_a_cluster() {
        let mut x = two_groups();
        normalise_rows(&mut x);
        let x = csr(&x);
        let mut labels = vec![0, 0, 1, 1, 1, 1];
        refine_on_terms(&x, &mut labels, 2, 0);
        assert_eq!(labels, [0, 0, 0, 1, 1, 1]);
        // Everything in one cluster but one document: the other cluster must not vanish.
        let mut labels = vec![0, 0, 0, 0, 0, 1];
        refine_on_terms(&x, &mut labels, 2, 0);
        assert!(labels.contains(&0) && labels.contains(&1), "{labels:?}");
    }
}
