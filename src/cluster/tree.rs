//! The topic tree: fine topics (k-means with a k that grows with the corpus, [`fine_k`])
//! merged bottom-up by Ward's criterion on their centroids in the clustered space, so any
//! number of topics from the fine k down to one is a cut of one tree, found without refitting.
//! Choosing which cut a report leads with is [`super::cluster_tfidf`]'s job; naming the
//! topics is [`crate::describe`]'s.

use ndarray::{Array1, ArrayView2};

/// Corpora whose [`fine_k`] is below this get no tree (a flat k chosen by silhouette, as
/// before): a tree over a handful of topics has nothing to show.
pub const MIN_FINE_K: usize = 10;

/// The fewest topics a report leads with when it has a tree (and k is not given).
pub const MIN_TOP_K: usize = 5;

/// The k of the fine level for `n` documents: `√(n / 8)`, rounded, at most
/// [`super::MAX_K_TRIED`] (BBC News' 2,225 articles: 17; Reuters R8's 7,668: 31; 81,833
/// Gutenberg chunks: 100). Fine enough that a broad topic splits into its parts (sport into
/// football, rugby, tennis, athletics), coarse enough that each fine topic has dozens of
/// documents to be described by.
pub fn fine_k(n: usize) -> usize {
    ((n as f64 / 8.0).sqrt().round() as usize).min(super::MAX_K_TRIED)
}

/// One merge of the tree: nodes `a` and `b` (ids below the fine k are fine topics, id
/// `fine_k + i` is the node made by merge `i`) joined at Ward cost `cost`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Merge {
    /// The first node merged (a fine topic below the fine k, else the node of merge `a − fine_k`).
    pub a: usize,
    /// The second node merged, numbered as `a`.
    pub b: usize,
    /// Increase of the within-topic sum of squares the merge costs.
    pub cost: f64,
}

/// Fine topics and the order they merge in.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicTree {
    /// Number of fine topics.
    pub fine_k: usize,
    /// Every document's fine topic (ids by size, largest first).
    pub fine_labels: Vec<usize>,
    /// `fine_k − 1` merges, cheapest first.
    pub merges: Vec<Merge>,
}

impl TopicTree {
    /// Merges the fine topics of `points` (rows: documents) bottom-up by Ward's criterion:
    /// at each step the two nodes whose union raises the within-topic sum of squares least,
    /// `|A|·|B| / (|A| + |B|) · ‖c_A − c_B‖²` (Ward 1963), ties to the lower ids.
    /// Deterministic; O(k³ + n·dims) for k fine topics.
    pub fn build(points: ArrayView2<f64>, fine_labels: Vec<usize>, fine_k: usize) -> TopicTree {
        let dims = points.ncols();
        let mut sums = vec![Array1::<f64>::zeros(dims); fine_k];
        let mut sizes = vec![0usize; fine_k];
        for (row, &c) in points.outer_iter().zip(&fine_labels) {
            sums[c] += &row;
            sizes[c] += 1;
        }
        // Live nodes: (id, size, centroid).
        let mut live: Vec<(usize, usize, Array1<f64>)> = (0..fine_k)
            .filter(|&c| sizes[c] > 0)
            .map(|c| (c, sizes[c], &sums[c] / sizes[c] as f64))
            .collect();
        // Average linkage on the centroids' cosine gave BBC News' 5-topic cut NMI 0.45
        // (one giant topic), Ward 0.82.
        let ward = |a: &(usize, usize, Array1<f64>), b: &(usize, usize, Array1<f64>)| {
            let d: f64 =
                a.2.iter()
                    .zip(b.2.iter())
                    .map(|(x, y)| (x - y) * (x - y))
                    .sum();
            (a.1 * b.1) as f64 / (a.1 + b.1) as f64 * d
        };
        let mut merges = Vec::with_capacity(fine_k.saturating_sub(1));
        while live.len() > 1 {
            let mut best = (0, 1, f64::INFINITY);
            for i in 0..live.len() {
                for j in i + 1..live.len() {
                    let cost = ward(&live[i], &live[j]);
                    if cost < best.2 - 1e-15 {
                        best = (i, j, cost);
                    }
                }
            }
            let (i, j, cost) = best;
            let b = live.remove(j);
            let a = live.remove(i);
            let size = a.1 + b.1;
            let centroid = (&a.2 * a.1 as f64 + &b.2 * b.1 as f64) / size as f64;
            merges.push(Merge {
                a: a.0,
                b: b.0,
                cost,
            });
            live.push((fine_k + merges.len() - 1, size, centroid));
        }
        TopicTree {
            fine_k,
            fine_labels,
            merges,
        }
    }

    /// The tree cut into `n` topics (at most the fine k, at least 1): the group of every fine
    /// topic, ids `0..n` in no particular order (undo the last `n − 1` merges).
    pub fn cut(&self, n: usize) -> Vec<usize> {
        let n = n.clamp(1, self.fine_k.max(1));
        let kept = self.merges.len().saturating_sub(n - 1);
        // Union-find over nodes, following only the first `kept` merges.
        let mut root: Vec<usize> = (0..self.fine_k + self.merges.len()).collect();
        for (i, m) in self.merges[..kept].iter().enumerate() {
            root[m.a] = self.fine_k + i;
            root[m.b] = self.fine_k + i;
        }
        let find = |mut x: usize| {
            while root[x] != x {
                x = root[x];
            }
            x
        };
        let mut ids: Vec<usize> = Vec::new();
        (0..self.fine_k)
            .map(|c| {
                let r = find(c);
                match ids.iter().position(|&x| x == r) {
                    Some(p) => p,
                    None => {
                        ids.push(r);
                        ids.len() - 1
                    }
                }
            })
            .collect()
    }

    /// Every document's topic when the tree is cut into `n` topics (ids as [`TopicTree::cut`]).
    pub fn labels_at(&self, n: usize) -> Vec<usize> {
        let group = self.cut(n);
        self.fine_labels.iter().map(|&c| group[c]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn tree() -> TopicTree {
        // Four fine topics on a line: 0 and 1 close, 2 and 3 close, the pairs far apart.
        let points = array![
            [0.0, 0.0],
            [0.1, 0.0],
            [1.0, 0.0],
            [1.2, 0.0],
            [5.0, 0.0],
            [5.1, 0.0]
        ];
        TopicTree::build(points.view(), vec![0, 0, 1, 1, 2, 3], 4)
    }

    #[test]
    fn merges_the_closest_topics_first_and_cuts_into_any_number() {
        let t = tree();
        assert_eq!(t.merges.len(), 3);
        assert_eq!((t.merges[0].a, t.merges[0].b), (2, 3));
        assert!(t.merges.windows(2).all(|w| w[0].cost <= w[1].cost));
        assert_eq!(t.cut(4), [0, 1, 2, 3]);
        assert_eq!(t.cut(3), [0, 1, 2, 2]);
        assert_eq!(t.cut(2), [0, 0, 1, 1]);
        assert_eq!(t.cut(1), [0, 0, 0, 0]);
        assert_eq!(t.cut(9), t.cut(4));
    }

    #[test]
    fn every_document_is_in_one_leaf_and_sizes_add_up() {
        let t = tree();
        for n in 1..=4 {
            let labels = t.labels_at(n);
            assert_eq!(labels.len(), t.fine_labels.len());
            let mut sizes = vec![0; n];
            labels.iter().for_each(|&l| sizes[l] += 1);
            assert_eq!(sizes.iter().sum::<usize>(), 6);
            assert!(sizes.iter().all(|&s| s > 0), "{n}: {sizes:?}");
            // A cut into n refines the cut into n − 1: each group of n lies in one of n − 1.
            if n > 1 {
                let coarser = t.labels_at(n - 1);
                for i in 0..6 {
                    for j in 0..6 {
                        if labels[i] == labels[j] {
                            assert_eq!(coarser[i], coarser[j]);
                        }
                    }
                }
            }
        }
        assert_eq!(tree(), t, "deterministic");
    }

    #[test]
    fn fine_k_grows_with_the_corpus() {
        assert_eq!(fine_k(5), 1);
        assert_eq!(fine_k(2225), 17);
        assert_eq!(fine_k(7668), 31);
        assert_eq!(fine_k(81_833), 100);
    }
}
