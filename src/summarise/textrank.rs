//! TextRank for sentences (Mihalcea & Tarau 2004, "TextRank: Bringing order into texts", §4):
//! PageRank over a graph whose edge between two sentences is the number of distinct index
//! terms they share, divided by the sum of the logarithms of their lengths, so that long
//! sentences do not win by length alone.

use super::lexrank::{on_graph_subset, DAMPING, MAX_ITERATIONS, TOLERANCE};
use super::sparse::Graph;
use super::Sentences;

/// The TextRank score of every candidate (see [`super::MAX_GRAPH_SENTENCES`] for very large
/// pools). The edge `i–j` weighs `overlap / (ln |S_i| + ln |S_j|)`, `|S|` counting index terms;
/// two one-word sentences that share their word (denominator 0) get the overlap itself.
pub(crate) fn textrank_scores(sentences: &Sentences) -> Vec<f64> {
    let lengths = sentences.lengths();
    on_graph_subset(sentences, |kept, vectors| {
        Graph::from_shared_terms(
            vectors,
            |_, _| 1.0,
            |i, j, overlap| {
                let norm = lengths[kept[i]].max(1.0).ln() + lengths[kept[j]].max(1.0).ln();
                if norm > 0.0 {
                    overlap / norm
                } else {
                    overlap
                }
            },
        )
        .pagerank(DAMPING, TOLERANCE, MAX_ITERATIONS)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// a = {x, y}, b = {x, y, z, w}, c = {z}: overlap(a, b) = 2 over ln 2 + ln 4 = 3 ln 2,
    /// overlap(b, c) = 1 over ln 4 + ln 1 = 2 ln 2, no a–c edge. A path with weights
    /// 2/(3 ln 2) and 1/(2 ln 2), i.e. proportional to 4 and 3. By hand (d = 0.85, n = 3):
    ///   p_b = 0.9 / 1.85 (as on any path whose middle node holds all the edges)
    ///   p_a = 0.05 + 0.85 · p_b · 4/7,  p_c = 0.05 + 0.85 · p_b · 3/7
    #[test]
    fn matches_the_hand_computed_walk_on_a_tiny_graph() {
        let terms: Vec<Vec<(u32, u32)>> = vec![
            vec![(0, 1), (1, 1)],
            vec![(0, 1), (1, 1), (2, 1), (3, 1)],
            vec![(2, 1)],
        ];
        let s = Sentences::new(
            terms.iter().enumerate().map(|(i, t)| (i, t.as_slice())),
            |_| 1.0,
        );
        let got = textrank_scores(&s);
        let pb = 0.9 / 1.85;
        let want = [
            0.05 + 0.85 * pb * 4.0 / 7.0,
            pb,
            0.05 + 0.85 * pb * 3.0 / 7.0,
        ];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-9, "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn repeated_words_count_once_in_the_overlap_but_in_the_length() {
        // b repeats x: the overlap with a is still 1, but b is longer (ln 3).
        let terms: Vec<Vec<(u32, u32)>> =
            vec![vec![(0, 1), (1, 1)], vec![(0, 3)], vec![(1, 1), (2, 1)]];
        let s = Sentences::new(
            terms.iter().enumerate().map(|(i, t)| (i, t.as_slice())),
            |_| 1.0,
        );
        assert_eq!(s.lengths(), [2.0, 3.0, 2.0]);
        let got = textrank_scores(&s);
        // a is the hub; c's edge (1 / 2 ln 2) outweighs b's (1 / ln 6), so c outranks b.
        assert!(got[0] > got[2] && got[2] > got[1], "{got:?}");
    }
}
