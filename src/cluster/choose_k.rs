//! Choosing k: k-means for every k of `2..=max_k` on a seeded sample of the documents, the
//! cosine silhouette of each, and the knee of that curve.

use ndarray::Array2;

use super::kmeans::{kmeans, sample_rows};
use super::silhouette::{silhouette, SilhouetteParams};
use super::{ClusterParams, KScore};
use crate::error::Result;

/// k is chosen on at most this many documents (a seeded sample); the silhouette is exact on it.
const SELECTION_SAMPLE: usize = 2000;
/// Restarts per candidate k while choosing k (the final fit uses all of `restarts`).
const SELECTION_RESTARTS: usize = 4;

/// The k that the cosine silhouettes over `2..=max_k` point to ([`pick_k`]), fitted and scored
/// on a seeded sample of at most [`SELECTION_SAMPLE`] rows; 1 when there are too few rows.
pub(super) fn choose_k(x: &Array2<f64>, params: &ClusterParams) -> Result<(usize, Vec<KScore>)> {
    let n = x.nrows();
    let max_k = params.max_k.min(n.saturating_sub(1));
    if max_k < 2 {
        return Ok((1, Vec::new()));
    }
    let sampled;
    let rows = if n > SELECTION_SAMPLE {
        sampled = sample_rows(x, SELECTION_SAMPLE, params.seed);
        &sampled
    } else {
        x
    };
    let restarts = params.restarts.min(SELECTION_RESTARTS);
    let k_scores = (2..=max_k)
        .map(|k| {
            let labels = kmeans(rows, k, restarts, params.seed)?;
            let silhouette = silhouette(rows.view(), &labels, &SilhouetteParams::cosine())?;
            Ok(KScore { k, silhouette })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((pick_k(&k_scores), k_scores))
}

/// The k a silhouette curve points to: its knee (Kneedle, Satopää et al. 2011).
///
/// On text the mean silhouette keeps creeping up as k grows past the real number of topics
/// (splitting a broad topic in two leaves two tighter halves), so its maximum overshoots; and
/// single steps of the curve are noisy (one k-means optimum more or less), so its sharpest
/// rise is not reliable either. The knee is where the rise gives way to the plateau: with k
/// and the silhouette both scaled to [0, 1] over the range tried, the k whose silhouette
/// lies furthest above the straight line from the first k to the last. k = 2 is chosen when
/// its silhouette is the best of all (a curve that only falls). Ties go to the smaller k.
pub(crate) fn pick_k(scores: &[KScore]) -> usize {
    let Some(first) = scores.first() else {
        return 1;
    };
    let (lo, hi) = scores
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), s| {
            (lo.min(s.silhouette), hi.max(s.silhouette))
        });
    if first.silhouette >= hi - 1e-12 || scores.len() < 3 {
        let best = scores.iter().fold(*first, |b, s| {
            if s.silhouette > b.silhouette + 1e-12 {
                *s
            } else {
                b
            }
        });
        return best.k;
    }
    let span = (scores.len() - 1) as f64;
    scores
        .iter()
        .enumerate()
        .map(|(i, s)| (s.k, (s.silhouette - lo) / (hi - lo) - i as f64 / span))
        .fold((first.k, f64::NEG_INFINITY), |b, (k, d)| {
            if d > b.1 + 1e-12 {
                (k, d)
            } else {
                b
            }
        })
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_knee_of_the_silhouette_curve() {
        let scores = |s: &[f64]| -> Vec<KScore> {
            s.iter()
                .enumerate()
                .map(|(i, &silhouette)| KScore {
                    k: i + 2,
                    silhouette,
                })
                .collect()
        };
        // BBC News-like: creeping up after the jump at 5.
        assert_eq!(
            pick_k(&scores(&[0.087, 0.088, 0.106, 0.135, 0.137, 0.138, 0.144])),
            5
        );
        // Noisy steps (BBC News, seed 4): the sharpest single rise is at 3, the knee at 5.
        assert_eq!(
            pick_k(&scores(&[
                0.0776, 0.1019, 0.1173, 0.1383, 0.1351, 0.1444, 0.1406, 0.1307, 0.1446
            ])),
            5
        );
        // Best at 2: a curve that only falls.
        assert_eq!(pick_k(&scores(&[0.30, 0.20, 0.25])), 2);
        assert_eq!(pick_k(&scores(&[0.1])), 2);
        assert_eq!(pick_k(&[]), 1);
    }
}
