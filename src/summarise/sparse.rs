//! Sparse sentence vectors and the similarity graph built from them.
//!
//! A sentence is a handful of terms out of thousands, so vectors are `(column, weight)` lists
//! sorted by column, and the pairwise similarities of a document's sentences are computed
//! through an inverted index: only pairs that share a term are ever looked at, which keeps the
//! graph sparse and the cost proportional to the shared terms rather than to `n²`.

/// A sparse vector: (column, weight) sorted by column.
pub(crate) type SparseVec = Vec<(usize, f64)>;

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

/// Dot product of a sparse vector with a dense one (missing columns count as 0).
pub(crate) fn dot_dense(a: &[(usize, f64)], dense: &[f64]) -> f64 {
    a.iter()
        .map(|&(c, w)| w * dense.get(c).copied().unwrap_or(0.0))
        .sum()
}

/// Scales `v` to unit length in place (a zero vector stays zero).
pub fn normalise(v: &mut [(usize, f64)]) {
    let norm = v.iter().map(|&(_, w)| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w)| *w /= norm);
    }
}

/// The unit-length sum of sparse vectors, as a dense vector of `n_cols`.
pub fn centroid<'a>(vectors: impl IntoIterator<Item = &'a SparseVec>, n_cols: usize) -> Vec<f64> {
    let mut c = vec![0.0; n_cols];
    for v in vectors {
        for &(col, w) in v {
            if let Some(slot) = c.get_mut(col) {
                *slot += w;
            }
        }
    }
    let norm = c.iter().map(|w| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        c.iter_mut().for_each(|w| *w /= norm);
    }
    c
}

/// An undirected weighted graph as adjacency lists: `edges[i]` holds `(j, weight)` for every
/// `j != i` with a positive weight, sorted by `j`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Graph {
    pub(crate) edges: Vec<Vec<(usize, f64)>>,
}

impl Graph {
    pub(crate) fn n_nodes(&self) -> usize {
        self.edges.len()
    }

    /// The graph whose edge `i–j` weighs `edge(i, j, shared)`, where `shared` is the sum over
    /// the terms the two vectors have in common of `combine(a_i, a_j)`. Pairs that share no
    /// term get no edge; self-loops are never made. Edges with a weight ≤ 0 are left out.
    pub(crate) fn from_shared_terms(
        vectors: &[SparseVec],
        combine: impl Fn(f64, f64) -> f64,
        edge: impl Fn(usize, usize, f64) -> f64,
    ) -> Graph {
        let n = vectors.len();
        // Inverted index, built by sorting (term, sentence, weight) so the order is fixed.
        let mut postings: Vec<(usize, usize, f64)> = vectors
            .iter()
            .enumerate()
            .flat_map(|(i, v)| v.iter().map(move |&(t, w)| (t, i, w)))
            .collect();
        postings.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut starts: Vec<usize> = Vec::new();
        for (k, p) in postings.iter().enumerate() {
            if k == 0 || postings[k - 1].0 != p.0 {
                starts.push(k);
            }
        }
        starts.push(postings.len());
        // For each sentence, where each of its terms' posting lists begins.
        let mut term_lists: Vec<Vec<(usize, usize, f64)>> = vec![Vec::new(); n];
        for window in starts.windows(2) {
            let (lo, hi) = (window[0], window[1]);
            for &(_, i, w) in &postings[lo..hi] {
                term_lists[i].push((lo, hi, w));
            }
        }
        let mut shared = vec![0.0f64; n];
        let mut touched: Vec<usize> = Vec::new();
        let mut edges: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for i in 0..n {
            for &(lo, hi, wi) in &term_lists[i] {
                for &(_, j, wj) in &postings[lo..hi] {
                    if j <= i {
                        continue;
                    }
                    if shared[j] == 0.0 {
                        touched.push(j);
                    }
                    shared[j] += combine(wi, wj);
                }
            }
            touched.sort_unstable();
            for &j in &touched {
                let w = edge(i, j, shared[j]);
                shared[j] = 0.0;
                if w > 0.0 {
                    edges[i].push((j, w));
                    edges[j].push((i, w));
                }
            }
            touched.clear();
        }
        for list in &mut edges {
            list.sort_unstable_by_key(|&(j, _)| j);
        }
        Graph { edges }
    }

    /// Weighted degree of every node.
    pub(crate) fn degrees(&self) -> Vec<f64> {
        self.edges
            .iter()
            .map(|list| list.iter().map(|&(_, w)| w).sum())
            .collect()
    }

    /// The stationary distribution of a random walk that follows an edge with probability
    /// `damping` (chosen in proportion to its weight) and jumps to a uniformly random node
    /// otherwise — PageRank (Brin & Page 1998) on the row-normalised graph, as LexRank and
    /// TextRank use it. A node without edges jumps uniformly. Power iteration from the uniform
    /// vector until the L1 change falls below `tolerance` or after `max_iterations`.
    pub fn pagerank(&self, damping: f64, tolerance: f64, max_iterations: usize) -> Vec<f64> {
        let n = self.n_nodes();
        if n == 0 {
            return Vec::new();
        }
        let degrees = self.degrees();
        let uniform = 1.0 / n as f64;
        let mut p = vec![uniform; n];
        let mut next = vec![0.0; n];
        for _ in 0..max_iterations {
            let mut dangling = 0.0;
            next.iter_mut().for_each(|x| *x = 0.0);
            for (i, list) in self.edges.iter().enumerate() {
                if degrees[i] > 0.0 {
                    let share = p[i] / degrees[i];
                    for &(j, w) in list {
                        next[j] += share * w;
                    }
                } else {
                    dangling += p[i];
                }
            }
            let base = (1.0 - damping) * uniform + damping * dangling * uniform;
            let mut change = 0.0;
            for (x, old) in next.iter_mut().zip(&p) {
                *x = base + damping * *x;
                change += (*x - old).abs();
            }
            std::mem::swap(&mut p, &mut next);
            if change < tolerance {
                break;
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_dot_products() {
        assert_eq!(dot(&[(0, 1.0), (2, 2.0)], &[(2, 3.0), (5, 1.0)]), 6.0);
        assert_eq!(dot_dense(&[(1, 2.0)], &[1.0, 0.5]), 1.0);
        assert_eq!(dot_dense(&[(9, 2.0)], &[1.0]), 0.0);
    }

    #[test]
    fn graph_links_only_sentences_that_share_a_term() {
        let vectors = vec![
            vec![(0, 1.0), (1, 2.0)],
            vec![(1, 3.0)],
            vec![(2, 1.0)],
            vec![(0, 1.0), (2, 1.0)],
        ];
        let g = Graph::from_shared_terms(&vectors, |a, b| a * b, |_, _, s| s);
        assert_eq!(g.edges[0], [(1, 6.0), (3, 1.0)]);
        assert_eq!(g.edges[1], [(0, 6.0)]);
        assert_eq!(g.edges[2], [(3, 1.0)]);
        assert_eq!(g.edges[3], [(0, 1.0), (2, 1.0)]);
        assert_eq!(g.degrees(), [7.0, 6.0, 1.0, 2.0]);
    }

    /// A path a – b – c with weights 1 and 3, d = 0.85, n = 3. By hand:
    ///   p_a = 0.05 + 0.85 · p_b · 1/4
    ///   p_b = 0.05 + 0.85 · (p_a + p_c) = 0.05 + 0.85 · (1 − p_b)  ⇒  p_b = 0.9 / 1.85
    ///   p_c = 0.05 + 0.85 · p_b · 3/4
    #[test]
    fn pagerank_matches_the_hand_solution_on_a_path() {
        let g = Graph {
            edges: vec![vec![(1, 1.0)], vec![(0, 1.0), (2, 3.0)], vec![(1, 3.0)]],
        };
        let p = g.pagerank(0.85, 1e-12, 1000);
        let pb = 0.9 / 1.85;
        let expected = [0.05 + 0.2125 * pb, pb, 0.05 + 0.6375 * pb];
        for (got, want) in p.iter().zip(expected) {
            assert!((got - want).abs() < 1e-9, "{p:?} vs {expected:?}");
        }
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn pagerank_spreads_an_isolated_node_uniformly() {
        let g = Graph {
            edges: vec![vec![(1, 1.0)], vec![(0, 1.0)], vec![]],
        };
        let p = g.pagerank(0.85, 1e-12, 1000);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!((p[0] - p[1]).abs() < 1e-12);
        assert!(p[2] < p[0]);
    }
}
