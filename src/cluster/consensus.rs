//! Choosing among k-means restarts by what they agree on: the fits vote, and the partition
//! that keeps the most co-association (pairs of documents most fits put together) wins.
//! Works on labels only; fitting the restarts is [`super::kmeans`]'s job.

use rayon::prelude::*;

use crate::kernels::partitions::cluster_scores;

/// Fits a consensus starts from: the most agreed-with ones (see [`agreed_partition`]).
const CONSENSUS_STARTS: usize = 8;
/// Passes at most of [`consensus`] (it usually settles in a few).
const MAX_PASSES: usize = 100;

/// The partition into at most `k` clusters that the labellings `fits` (one per restart, all of
/// the same rows, ids below `k`) agree on.
///
/// Starting from each of the [`CONSENSUS_STARTS`] fits that agree most with the others
/// ([`by_agreement`]), [`consensus`] moves rows to the group the fits put them with most
/// often; the result that keeps the most co-association ([`co_association`]) wins, ties to
/// the earlier start. Deterministic given the fits.
pub(super) fn agreed_partition(fits: &[Vec<usize>], k: usize) -> Vec<usize> {
    let starts: Vec<usize> = by_agreement(fits)
        .into_iter()
        .take(CONSENSUS_STARTS)
        .collect();
    // The starts run in parallel (a pass's shares are built on one thread); the choice
    // among them is made in start order.
    let results: Vec<(f64, Vec<usize>)> = starts
        .par_iter()
        .map(|&start| {
            let labels = consensus(fits, fits[start].clone(), k);
            (co_association(fits, &labels, k), labels)
        })
        .collect();
    let mut best: Option<(f64, Vec<usize>)> = None;
    for (kept, labels) in results {
        if best.as_ref().is_none_or(|b| kept > b.0 + 1e-12) {
            best = Some((kept, labels));
        }
    }
    best.map(|b| b.1).unwrap_or_default()
}

/// The fits in decreasing order of their mean adjusted Rand index with the other fits; ties
/// in restart order.
fn by_agreement(fits: &[Vec<usize>]) -> Vec<usize> {
    let r = fits.len();
    let pairs: Vec<(usize, usize)> = (0..r)
        .flat_map(|a| (a + 1..r).map(move |b| (a, b)))
        .collect();
    let scores: Vec<f64> = pairs
        .par_iter()
        .map(|&(a, b)| adjusted_rand_index(&fits[a], &fits[b]))
        .collect();
    let mut agreement = vec![0.0f64; r];
    for (&(a, b), &s) in pairs.iter().zip(&scores) {
        agreement[a] += s;
        agreement[b] += s;
    }
    let mut order: Vec<usize> = (0..r).collect();
    order.sort_by(|&a, &b| agreement[b].total_cmp(&agreement[a]).then(a.cmp(&b)));
    order
}

/// Adjusted Rand index of two labellings of the same rows (Hubert & Arabie 1985).
fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    cluster_scores(a, b).map(|s| s.ari).unwrap_or(0.0)
}

/// The partition the fits agree on, from `labels`: k-means in the space of co-memberships,
/// each row described by the cluster every fit put it in. A cluster's centre is, per fit,
/// the share of its members in each of that fit's clusters; a row goes to the centre whose
/// shares of the row's own clusters are highest (squared distance
/// `Σ_r 1 − 2·p_r(label_r) + ‖p_r‖²`). Two rows are close when most fits put them together:
/// the co-association of Fred & Jain (2005), without its n × n matrix.
fn consensus(fits: &[Vec<usize>], mut labels: Vec<usize>, k: usize) -> Vec<usize> {
    let width = fits.len() * k;
    for _ in 0..MAX_PASSES {
        let (shares, sizes) = shares(fits, &labels, k);
        let norms: Vec<f64> = shares
            .chunks(width)
            .map(|p| p.iter().map(|v| v * v).sum())
            .collect();
        // Per fit and cluster of that fit, the centres with members in it and their share:
        // a row's score for a centre sums its own clusters' shares, and most are zero.
        let sharing: Vec<Vec<(usize, f64)>> = (0..width)
            .map(|column| {
                (0..k)
                    .map(|c| (c, shares[c * width + column]))
                    .filter(|&(_, p)| p != 0.0)
                    .collect()
            })
            .collect();
        let moved: Vec<usize> = labels
            .par_iter()
            .enumerate()
            .map_init(
                || vec![0.0f64; k],
                |own, (i, &current)| {
                    // Σ_r p_{c,r}(label_r) for every centre c, in fit order: the zero shares
                    // left out add nothing, so the sums are those of the dense formula.
                    own.iter_mut().for_each(|o| *o = 0.0);
                    for (r, fit) in fits.iter().enumerate() {
                        for &(c, p) in &sharing[r * k + fit[i]] {
                            own[c] += p;
                        }
                    }
                    let score = |c: usize| 2.0 * own[c] - norms[c];
                    let mut best = (current, score(current));
                    for c in (0..k).filter(|&c| c != current && sizes[c] > 0) {
                        let s = score(c);
                        if s > best.1 + 1e-12 {
                            best = (c, s);
                        }
                    }
                    best.0
                },
            )
            .collect();
        if moved == labels {
            break;
        }
        labels = moved;
    }
    labels
}

/// Per cluster of `labels` (row-major, k × fits × k): the share of its members that each fit
/// put in each of its clusters; and the clusters' sizes.
fn shares(fits: &[Vec<usize>], labels: &[usize], k: usize) -> (Vec<f64>, Vec<usize>) {
    let width = fits.len() * k;
    let mut shares = vec![0.0f64; k * width];
    let mut sizes = vec![0usize; k];
    for (i, &c) in labels.iter().enumerate() {
        sizes[c] += 1;
        for (r, fit) in fits.iter().enumerate() {
            shares[c * width + r * k + fit[i]] += 1.0;
        }
    }
    for (c, &size) in sizes.iter().enumerate() {
        if size > 0 {
            shares[c * width..(c + 1) * width]
                .iter_mut()
                .for_each(|p| *p /= size as f64);
        }
    }
    (shares, sizes)
}

/// How much co-association a partition keeps: pairs of rows in one cluster, each weighted by
/// the share of fits that put the two together, `Σ_c |c| · Σ_r ‖p_{c,r}‖²` (up to the pairs
/// of a row with itself).
fn co_association(fits: &[Vec<usize>], labels: &[usize], k: usize) -> f64 {
    let width = fits.len() * k;
    let (shares, sizes) = shares(fits, labels, k);
    shares
        .chunks(width)
        .zip(&sizes)
        .map(|(p, &size)| size as f64 * p.iter().map(|v| v * v).sum::<f64>())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partition_most_fits_share_wins_over_an_odd_one() {
        // Three fits split 0–2 from 3–5; one odd fit puts row 2 with the others.
        let agreed = vec![0, 0, 0, 1, 1, 1];
        let odd = vec![1, 1, 0, 0, 0, 0];
        let relabelled = vec![1, 1, 1, 0, 0, 0];
        let fits = vec![odd, agreed.clone(), relabelled, agreed.clone()];
        let labels = agreed_partition(&fits, 2);
        let same = |a: &[usize], b: &[usize]| {
            (0..a.len()).all(|i| (0..a.len()).all(|j| (a[i] == a[j]) == (b[i] == b[j])))
        };
        assert!(same(&labels, &agreed), "{labels:?}");
        assert_eq!(agreed_partition(&fits, 2), labels);
    }
}
