//! Polishing k-means clusters found in the LSA space with spherical k-means on the unit
//! TF-IDF rows themselves.

use rayon::prelude::*;

use crate::kernels::sparse::{accumulate_row, accumulate_row_f32, accumulated_entry, TermMatrix};

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
    let mut narrow: Vec<f32> = Vec::with_capacity(sums.len());
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
        narrow.clear();
        narrow.extend(sums.iter().map(|&v| v as f32));
        let table = Sums {
            exact: &sums,
            narrow: &narrow,
            inverse_norms: &inverse_norms,
        };
        let moved: Vec<usize> = (0..x.rows())
            .into_par_iter()
            .zip(labels.par_iter())
            .map_init(
                || (vec![0.0f64; k], Vec::new()),
                |(cosines, candidates), (i, &current)| match x.outer_view(i) {
                    Some(row) => {
                        table.nearest(row.indices(), row.data(), current, cosines, candidates)
                    }
                    None => current,
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

/// How far a cosine read off the f32 table can be from the f64 one: the table's rounding
/// (2⁻²⁴ of each entry) times Σ|row · sum| / |sum|, which is at most 1 for a unit row
/// (Cauchy–Schwarz), with a margin of sixteen.
const NARROW_ERROR: f64 = 1e-6;
/// Clusters whose cosine is this far below the best cannot be chosen, whatever the ties.
const OUT_OF_REACH: f64 = 4e-6;
/// The tie tolerance of [`choose`] and more: two cosines this far apart are never a tie.
const APART: f64 = 1e-11;

/// The clusters' sums (term-major), as f64 and rounded to f32, with their inverse norms.
struct Sums<'a> {
    exact: &'a [f64],
    narrow: &'a [f32],
    inverse_norms: &'a [f64],
}

impl Sums<'_> {
    /// The cluster whose centroid is nearest the row (`cols`, `vals`), as [`choose`] over the
    /// f64 cosines of every cluster decides it, for half the memory: the cosines are read
    /// off the f32 table (most of the time is spent fetching a row's terms' sums, and f32
    /// halves it). When the best of them leads by more than their error, it is the choice;
    /// else the clusters within reach of the best are computed again in f64, summed as
    /// [`accumulate_row`] would, to the bit. The rest are more than
    /// [`OUT_OF_REACH`] below the best, and any near tie is among the few: clusters below
    /// the best by more than half that reach are left out, which cannot change the choice
    /// when none lies within [`APART`] under that line (the best of those left is then more
    /// than a tie above every one left out, and takes over from them as [`choose`] reaches
    /// it); when one does, every cluster is computed in f64. `cosines` and `candidates` are
    /// scratch.
    fn nearest(
        &self,
        cols: &[u32],
        vals: &[f64],
        current: usize,
        cosines: &mut [f64],
        candidates: &mut Vec<(usize, f64)>,
    ) -> usize {
        let k = self.inverse_norms.len();
        cosines.fill(0.0);
        accumulate_row_f32(cols, vals, self.narrow, cosines);
        // The best estimate and the runner-up's.
        let (mut leader, mut estimated_best, mut runner_up) =
            (0, f64::NEG_INFINITY, f64::NEG_INFINITY);
        for (c, (cosine, &inverse)) in cosines.iter_mut().zip(self.inverse_norms).enumerate() {
            *cosine *= inverse;
            if *cosine > estimated_best {
                (leader, estimated_best, runner_up) = (c, *cosine, estimated_best);
            } else {
                runner_up = runner_up.max(*cosine);
            }
        }
        // Far ahead even with every rounding against it: the f64 cosines put it first by more
        // than a tie, so `choose` takes it (nearly every document, every pass).
        if estimated_best - runner_up > 2.0 * NARROW_ERROR + APART {
            return leader;
        }
        let floor = estimated_best - 2.0 * NARROW_ERROR - OUT_OF_REACH;
        candidates.clear();
        for (c, &estimate) in cosines.iter().enumerate() {
            if estimate >= floor || c == current {
                let product = accumulated_entry(cols, vals, self.exact, k, c);
                candidates.push((c, product * self.inverse_norms[c]));
            }
        }
        let best = candidates
            .iter()
            .fold(f64::NEG_INFINITY, |best, &(_, cosine)| best.max(cosine));
        let line = best - OUT_OF_REACH / 2.0;
        if candidates
            .iter()
            .any(|&(_, cosine)| cosine < line && cosine >= line - APART)
        {
            cosines.fill(0.0);
            accumulate_row(cols, vals, self.exact, cosines);
            let all = cosines
                .iter()
                .zip(self.inverse_norms)
                .map(|(&product, &inverse)| product * inverse)
                .enumerate();
            return choose(all, current);
        }
        choose(
            candidates
                .iter()
                .copied()
                .filter(|&(c, cosine)| cosine >= line || c == current),
            current,
        )
    }
}

/// The cluster of highest cosine, `(cluster, cosine)` in cluster order: a later cluster must
/// beat the best so far by more than a rounding error (1e-12), and the current one keeps the
/// document on a tie.
fn choose(cosines: impl Iterator<Item = (usize, f64)>, current: usize) -> usize {
    let mut best = (current, f64::NEG_INFINITY);
    for (c, cosine) in cosines {
        if cosine > best.1 + 1e-12 || (c == current && cosine >= best.1 - 1e-12) {
            best = (c, cosine);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::tests::{csr, two_groups};
    use crate::kernels::dense::normalise_rows;

    proptest::proptest! {
        /// The f32 table's choice is the f64 scan's, ties and near ties included: clusters are
        /// copies of one another (exact ties), copies nudged by a rounding error (near ties)
        /// or apart.
        #[test]
        fn the_narrow_table_chooses_as_the_exact_scan(
            base in proptest::collection::vec(0.0f64..3.0, 24),
            kinds in proptest::collection::vec(0usize..3, 6),
            row in proptest::collection::btree_map(0u32..4, 0.01f64..1.0, 1..4),
        ) {
            let (k, n_terms) = (kinds.len(), 4);
            // Cluster c's sums: its own column of `base`, or the first cluster's, exactly
            // or nudged by a few units in the last place.
            let mut exact = vec![0.0; k * n_terms];
            for (c, &kind) in kinds.iter().enumerate() {
                for t in 0..n_terms {
                    exact[t * k + c] = match kind {
                        0 => base[t * 6 + c],
                        1 => base[t * 6],
                        _ => base[t * 6] * (1.0 + 3.0 * f64::EPSILON),
                    };
                }
            }
            let narrow: Vec<f32> = exact.iter().map(|&v| v as f32).collect();
            let inverse_norms: Vec<f64> = (0..k)
                .map(|c| {
                    let n: f64 = (0..n_terms).map(|t| exact[t * k + c].powi(2)).sum();
                    if n > 0.0 { 1.0 / n.sqrt() } else { 0.0 }
                })
                .collect();
            let norm = row.values().map(|v| v * v).sum::<f64>().sqrt();
            let cols: Vec<u32> = row.keys().copied().collect();
            let vals: Vec<f64> = row.values().map(|v| v / norm).collect();
            let sums = Sums { exact: &exact, narrow: &narrow, inverse_norms: &inverse_norms };
            for current in 0..k {
                let mut cosines = vec![0.0; k];
                accumulate_row(&cols, &vals, &exact, &mut cosines);
                let all = cosines.iter().zip(&inverse_norms).map(|(&p, &i)| p * i).enumerate();
                let expected = choose(all, current);
                let got = sums.nearest(&cols, &vals, current, &mut vec![0.0; k], &mut Vec::new());
                proptest::prop_assert_eq!(got, expected, "current {}", current);
            }
        }
    }

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
