//! Polishing k-means clusters found in the LSA space with spherical k-means on the unit
//! TF-IDF rows themselves.

use rayon::prelude::*;

use crate::kernels::sparse::{accumulate_row, TermMatrix};

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
/// defaults"). Deterministic: the sums are built in document order and then changed by the
/// documents that moved, in document order; each document's choice depends on nothing else.
/// A step that would empty a cluster is not taken. Iterations also stop once at most `settled`
/// documents moved in one (0: until none moves; a large corpus never stops shuffling a few
/// documents at its edges).
pub(super) fn refine_on_terms(x: &TermMatrix, labels: &mut [usize], k: usize, settled: usize) {
    let n_terms = x.cols();
    if k < 2 || !x.is_csr() || k.saturating_mul(n_terms) > REFINE_MAX_CENTROID_ENTRIES {
        return;
    }
    // Term-major (`sums[t * k + c]`): a document's terms each read k neighbouring values,
    // instead of one value in each of k rows as long as the vocabulary; on the Gutenberg
    // chunks at k = 92 that made the polish several times faster. The sums are kept from one
    // iteration to the next and only the documents that moved are taken out and put in: after
    // the first iteration a few thousand of 78,000 move, and summing every row again was a
    // third of each iteration.
    let mut sums = vec![0.0f64; k * n_terms];
    for (row, &c) in x.outer_iterator().zip(labels.iter()) {
        for (t, &v) in row.iter() {
            sums[t * k + c] += v;
        }
    }
    // Rows are viewed where they are needed: a list of a million views would weigh 40 MB.
    for iteration in 0..REFINE_ITERATIONS {
        // A cosine is the row's product with a cluster's sum over the sum's norm.
        let mut norms = vec![0.0f64; k];
        for per_term in sums.chunks(k) {
            norms
                .iter_mut()
                .zip(per_term)
                .for_each(|(n, v)| *n += v * v);
        }
        let inverse_norms: Vec<f64> = norms
            .into_iter()
            .map(|n| if n > 0.0 { 1.0 / n.sqrt() } else { 0.0 })
            .collect();
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
                    accumulate_row(row.indices(), row.data(), &sums, cosines);
                    let mut best = (current, f64::NEG_INFINITY);
                    for (c, (&product, &inverse)) in cosines.iter().zip(&inverse_norms).enumerate()
                    {
                        let cosine = product * inverse;
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
        for (i, (&to, from)) in moved.iter().zip(labels.iter_mut()).enumerate() {
            if to == *from {
                continue;
            }
            if let Some(row) = x.outer_view(i) {
                for (t, &v) in row.iter() {
                    sums[t * k + *from] -= v;
                    sums[t * k + to] += v;
                }
            }
            *from = to;
        }
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
