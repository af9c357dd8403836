//! Key sentences: the sentences that best represent a topic or a document, quoted verbatim.
//!
//! Candidates are whole sentences (never headings or titles) of reasonable length. Each is
//! scored by cosine similarity between its TF-IDF vector and the centroid of what it should
//! represent (the cluster's documents, or the document itself), and the final choice uses
//! maximal marginal relevance (Carbonell & Goldstein 1998) so the picks do not repeat each other.

use serde::Serialize;

/// A sparse vector: (column, weight) sorted by column.
pub type SparseVec = Vec<(usize, f64)>;

/// A candidate sentence.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub document: usize,
    pub sentence: usize,
    pub vector: SparseVec,
}

/// A chosen sentence and its relevance score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pick {
    pub document: usize,
    pub sentence: usize,
    pub score: f64,
}

/// How many sentences to pick and how strongly to penalise redundancy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SummaryParams {
    /// Key sentences per topic.
    pub topic_sentences: usize,
    /// Summary sentences per document.
    pub document_sentences: usize,
    /// MMR trade-off: 1 = relevance only, 0 = novelty only.
    pub mmr_lambda: f64,
    /// Sentences with fewer words are fragments, not candidates.
    pub min_words: usize,
    /// Sentences with more words are run-ons (often lost punctuation), not candidates.
    pub max_words: usize,
}

impl Default for SummaryParams {
    fn default() -> Self {
        SummaryParams {
            topic_sentences: 5,
            document_sentences: 3,
            mmr_lambda: 0.7,
            min_words: 6,
            max_words: 80,
        }
    }
}

/// Dot product of two sparse vectors.
pub fn dot(a: &[(usize, f64)], b: &[(usize, f64)]) -> f64 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// Dot product of a sparse vector with a dense one.
pub fn dot_dense(a: &[(usize, f64)], dense: &[f64]) -> f64 {
    a.iter()
        .map(|&(c, w)| w * dense.get(c).copied().unwrap_or(0.0))
        .sum()
}

/// The unit-length mean of sparse vectors, as a dense vector of `n_cols`.
pub fn centroid<'a>(vectors: impl IntoIterator<Item = &'a SparseVec>, n_cols: usize) -> Vec<f64> {
    let mut c = vec![0.0; n_cols];
    for v in vectors {
        for &(col, w) in v {
            c[col] += w;
        }
    }
    let norm = c.iter().map(|w| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        c.iter_mut().for_each(|w| *w /= norm);
    }
    c
}

/// Picks up to `n` candidates most similar to `target` (a unit vector), with MMR; candidates
/// are assumed unit-length. Ties go to the earlier document and sentence.
pub fn pick(candidates: &[Candidate], target: &[f64], n: usize, lambda: f64) -> Vec<Pick> {
    let relevance: Vec<f64> = candidates
        .iter()
        .map(|c| dot_dense(&c.vector, target))
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    let mut max_sim = vec![0.0f64; candidates.len()];
    while chosen.len() < n.min(candidates.len()) {
        let best = (0..candidates.len())
            .filter(|i| !chosen.contains(i))
            .map(|i| (i, lambda * relevance[i] - (1.0 - lambda) * max_sim[i]))
            .fold(None, |acc: Option<(usize, f64)>, (i, s)| match acc {
                Some((_, bs)) if bs >= s => acc,
                _ => Some((i, s)),
            });
        let Some((i, _)) = best else { break };
        if relevance[i] <= 0.0 && !chosen.is_empty() {
            break;
        }
        chosen.push(i);
        for (j, cand) in candidates.iter().enumerate() {
            max_sim[j] = max_sim[j].max(dot(&cand.vector, &candidates[i].vector));
        }
    }
    chosen
        .into_iter()
        .map(|i| Pick {
            document: candidates[i].document,
            sentence: candidates[i].sentence,
            score: relevance[i],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(sentence: usize, v: SparseVec) -> Candidate {
        Candidate {
            document: 0,
            sentence,
            vector: v,
        }
    }

    #[test]
    fn sparse_dot_products() {
        assert_eq!(dot(&[(0, 1.0), (2, 2.0)], &[(2, 3.0), (5, 1.0)]), 6.0);
        assert_eq!(dot_dense(&[(1, 2.0)], &[1.0, 0.5]), 1.0);
    }

    #[test]
    fn mmr_skips_a_near_duplicate() {
        let s = std::f64::consts::FRAC_1_SQRT_2;
        let candidates = vec![
            cand(0, vec![(0, 1.0)]),
            cand(1, vec![(0, 1.0)]),
            cand(2, vec![(0, s), (1, s)]),
        ];
        let target = centroid(candidates.iter().map(|c| &c.vector), 2);
        let picks = pick(&candidates, &target, 2, 0.5);
        let sentences: Vec<usize> = picks.iter().map(|p| p.sentence).collect();
        assert_eq!(sentences, [0, 2]);
    }
}
