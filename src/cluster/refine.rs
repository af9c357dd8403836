//! Polishing k-means clusters found in the LSA space with spherical k-means on the unit
//! TF-IDF rows themselves.

use rayon::prelude::*;

use crate::kernels::sparse::{accumulate_row_in_order, TermMatrix};

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
pub(super) fn refine_on_terms(x: &TermMatrix, labels: &mut [usize], k: usize, settled: usize) {
    let n_terms = x.cols();
    if k < 2 || !x.is_csr() || k.saturating_mul(n_terms) > REFINE_MAX_CENTROID_ENTRIES {
        return;
    }
    // Rows are viewed where they are needed: a list of a million views would weigh 40 MB.
    for iteration in 0..REFINE_ITERATIONS {
        // Term-major (`centroids[t * k + c]`): a document's terms each read k neighbouring
        // values, instead of one value in each of k rows as long as the vocabulary; on the
        // Gutenberg chunks at k = 92 that made the polish several times faster. The sums run
        // in the same order either way, so the results are bit-for-bit the same.
        let mut centroids = vec![0.0f64; k * n_terms];
        for (row, &c) in x.outer_iterator().zip(labels.iter()) {
            for (t, &v) in row.iter() {
                centroids[t * k + c] += v;
            }
        }
        let mut norms = vec![0.0f64; k];
        for per_term in centroids.chunks(k) {
            norms
                .iter_mut()
                .zip(per_term)
                .for_each(|(n, v)| *n += v * v);
        }
        let norms: Vec<f64> = norms.into_iter().map(f64::sqrt).collect();
        for per_term in centroids.chunks_mut(k) {
            per_term
                .iter_mut()
                .zip(&norms)
                .filter(|(_, &n)| n > 0.0)
                .for_each(|(v, n)| *v /= n);
        }
        let moved: Vec<usize> = (0..x.rows())
            .into_par_iter()
            .zip(labels.par_iter())
            .map_init(
                || vec![0.0f64; k],
                |cosines, (i, &current)| {
                    cosines.iter_mut().for_each(|c| *c = 0.0);
                    let Some(row) = x.outer_view(i) else {
                        return current;
                    };
                    accumulate_row_in_order(row.indices(), row.data(), &centroids, cosines);
                    let mut best = (current, f64::NEG_INFINITY);
                    for (c, &cosine) in cosines.iter().enumerate() {
                        if cosine > best.1 + 1e-12 || (c == current && cosine >= best.1 - 1e-12) {
                            best = (c, cosine);
                        }
                    }
                    best.0
                },
            )
            .collect();
        let changed = moved
            .iter()
            .zip(labels.iter())
            .filter(|(a, b)| a != b)
            .count();
        tracing::trace!(iteration, changed, "polish on the terms");
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
