//! Continuous LexRank (Erkan & Radev 2004, "LexRank: Graph-based lexical centrality as
//! salience in text summarization", §3.3): sentences are nodes, every pair that shares a term
//! is an edge weighted by the cosine similarity of their vectors, and a sentence's score is its
//! PageRank — how often a random reader who hops to similar sentences lands on it. No
//! similarity threshold: the weights themselves carry the graph.

use super::sparse::{dot, Graph, SparseVec};
use super::{Sentences, MAX_GRAPH_SENTENCES};

/// Probability of following an edge rather than jumping anywhere (the paper's `1 − d` with
/// `d = 0.15`).
pub(crate) const DAMPING: f64 = 0.85;
/// Power iteration stops when the scores move less than this (L1) between steps.
pub(crate) const TOLERANCE: f64 = 1e-10;
pub(crate) const MAX_ITERATIONS: usize = 200;

/// The LexRank score of every candidate (a probability distribution: they sum to 1 over the
/// candidates that take part; see [`MAX_GRAPH_SENTENCES`] for the others, which score 0).
pub(crate) fn lexrank_scores(sentences: &Sentences) -> Vec<f64> {
    on_graph_subset(sentences, |_, vectors| {
        Graph::from_shared_terms(vectors, |a, b| a * b, |_, _, cosine| cosine).pagerank(
            DAMPING,
            TOLERANCE,
            MAX_ITERATIONS,
        )
    })
}

/// Runs `rank(indices, vectors)` on all candidates, or, when there are more than
/// [`MAX_GRAPH_SENTENCES`], on those closest to the centroid (`indices` says which, in order);
/// the rest score 0.
pub(super) fn on_graph_subset(
    sentences: &Sentences,
    rank: impl FnOnce(&[usize], &[SparseVec]) -> Vec<f64>,
) -> Vec<f64> {
    let vectors = sentences.vectors();
    if vectors.len() <= MAX_GRAPH_SENTENCES {
        let all: Vec<usize> = (0..vectors.len()).collect();
        return rank(&all, vectors);
    }
    let mut order: Vec<(usize, f64)> = vectors
        .iter()
        .enumerate()
        .map(|(i, v)| (i, dot(v, sentences.centroid())))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    order.truncate(MAX_GRAPH_SENTENCES);
    let mut kept: Vec<usize> = order.into_iter().map(|(i, _)| i).collect();
    kept.sort_unstable();
    let subset: Vec<SparseVec> = kept.iter().map(|&i| vectors[i].clone()).collect();
    let ranked = rank(&kept, &subset);
    let mut scores = vec![0.0; vectors.len()];
    for (&i, r) in kept.iter().zip(ranked) {
        scores[i] = r;
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three sentences: a = {x}, b = {x, y}, c = {y}. Unit vectors give cos(a, b) = cos(b, c)
    /// = 1/√2 and cos(a, c) = 0, a path a – b – c with equal weights. By hand (d = 0.85):
    ///   p_b = 0.05 + 0.85 · (p_a + p_c) = 0.05 + 0.85 · (1 − p_b) ⇒ p_b = 0.9 / 1.85
    ///   p_a = p_c = (1 − p_b) / 2
    #[test]
    fn matches_the_hand_computed_walk_on_a_tiny_graph() {
        let terms: Vec<Vec<(u32, u32)>> = vec![vec![(0, 1)], vec![(0, 1), (1, 1)], vec![(1, 1)]];
        let s = Sentences::new(
            terms.iter().enumerate().map(|(i, t)| (i, t.as_slice())),
            |_| 1.0,
        );
        let got = lexrank_scores(&s);
        let pb = 0.9 / 1.85;
        let want = [(1.0 - pb) / 2.0, pb, (1.0 - pb) / 2.0];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-9, "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn weights_shape_the_walk() {
        // a – b strongly similar (two shared terms), b – c weakly (one of three).
        let terms: Vec<Vec<(u32, u32)>> = vec![
            vec![(0, 1), (1, 1)],
            vec![(0, 1), (1, 1), (2, 1)],
            vec![(2, 1), (3, 1), (4, 1)],
        ];
        let s = Sentences::new(
            terms.iter().enumerate().map(|(i, t)| (i, t.as_slice())),
            |_| 1.0,
        );
        let got = lexrank_scores(&s);
        assert!(got[1] > got[0] && got[0] > got[2], "{got:?}");
        assert!((got.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn large_pools_rank_only_the_candidates_nearest_the_centroid() {
        let n = MAX_GRAPH_SENTENCES + 5;
        // Every sentence shares term 0; the last five are off-topic (term 1 only).
        let terms: Vec<Vec<(u32, u32)>> = (0..n)
            .map(|i| {
                if i < MAX_GRAPH_SENTENCES {
                    vec![(0, 1), (2 + i as u32, 1)]
                } else {
                    vec![(1, 1)]
                }
            })
            .collect();
        let s = Sentences::new(
            terms.iter().enumerate().map(|(i, t)| (i, t.as_slice())),
            |_| 1.0,
        );
        let got = lexrank_scores(&s);
        assert_eq!(got.len(), n);
        assert!(got[MAX_GRAPH_SENTENCES..].iter().all(|&x| x == 0.0));
        assert!(got[..MAX_GRAPH_SENTENCES].iter().all(|&x| x > 0.0));
    }
}
