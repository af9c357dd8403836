//! Centroid scoring (Radev, Jing, Styś & Tam 2004, "Centroid-based summarization of multiple
//! documents"): a sentence is as relevant as it is similar to what all candidates say
//! together.

use super::sparse::dot;
use super::Sentences;

/// Cosine similarity of every candidate to the centroid of all candidates (both vectors are
/// unit length, so the dot product is the cosine).
pub(crate) fn centroid_scores(sentences: &Sentences) -> Vec<f64> {
    sentences
        .vectors()
        .iter()
        .map(|v| dot(v, sentences.centroid()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_nearest_the_centroid_scores_highest() {
        let terms: Vec<Vec<(u32, u32)>> = vec![
            vec![(0, 1)],
            vec![(0, 1), (1, 1)],
            vec![(1, 1)],
            vec![(2, 1)],
        ];
        let s = Sentences::new(
            terms.iter().enumerate().map(|(i, t)| (i, t.as_slice())),
            |_| 1.0,
        );
        // centroid ∝ (2, 2, 1) / 3
        let got = centroid_scores(&s);
        let want = [2.0 / 3.0, 4.0 / (3.0 * 2f64.sqrt()), 2.0 / 3.0, 1.0 / 3.0];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{got:?}");
        }
    }
}
