//! The topic tree: fine topics (k-means with a k that grows with the corpus, [`fine_k`])
//! merged bottom-up by Ward's criterion on their centroids in the clustered space, so any
//! number of topics from the fine k down to one is a cut of one tree, found without refitting.
//! Choosing which cut a report leads with is [`super::cluster_tfidf`]'s job; naming the
//! topics is [`crate::describe`]'s.

use ndarray::ArrayView2;

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

/// Fine topics, the top-level topics they lie in, and the order they merge in.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicTree {
    /// Number of fine topics.
    pub fine_k: usize,
    /// Every document's fine topic (ids by size, largest first).
    pub fine_labels: Vec<usize>,
    /// The top-level topic (the clustering's label) each fine topic lies in.
    pub parents: Vec<usize>,
    /// `fine_k − 1` merges: first those inside a top-level topic, cheapest first, then those
    /// joining top-level topics, so cutting the tree into the number of top-level topics gives
    /// them back exactly.
    pub merges: Vec<Merge>,
    /// Whether the top level is the cut polished by k-means (documents moved across the fine
    /// topics' borders, then the fine topics nested under it) or the plain cut.
    pub polished: bool,
}

impl TopicTree {
    /// The fine topics of `points` (rows: documents) merged bottom-up by Ward's criterion
    /// alone, for choosing how many top-level topics to cut it into (its `parents` are all 0).
    pub fn build(points: ArrayView2<f64>, fine_labels: Vec<usize>, fine_k: usize) -> TopicTree {
        let merges = ward(points, &fine_labels, fine_k, None);
        TopicTree {
            fine_k,
            parents: vec![0; fine_k],
            fine_labels,
            merges,
            polished: false,
        }
    }

    /// The tree under a top level found by other means (a cut of [`TopicTree::build`]'s tree,
    /// polished by k-means): every fine topic is put under the top-level topic that holds most
    /// of its documents, and its documents that the top level put elsewhere move to the
    /// nearest fine topic under theirs (a fine topic of their own when their top-level topic
    /// holds most of no fine topic). So the fine level nests in the top level, and the levels
    /// a reader goes down through never contradict each other. Fine topics are then numbered
    /// by size again and merged by Ward's criterion, inside each top-level topic first.
    pub fn nest(
        points: ArrayView2<f64>,
        fine_labels: &[usize],
        fine_k: usize,
        top_labels: &[usize],
        top_k: usize,
    ) -> TopicTree {
        let mut overlap = vec![vec![0usize; top_k]; fine_k];
        for (&f, &t) in fine_labels.iter().zip(top_labels) {
            overlap[f][t] += 1;
        }
        // The top-level topic holding most of each fine topic's documents (ties: the lower id).
        let home: Vec<Option<usize>> = overlap
            .iter()
            .map(|row| {
                let (t, &most) =
                    row.iter()
                        .enumerate()
                        .fold((0, &0), |b, (t, c)| if c > b.1 { (t, c) } else { b });
                (most > 0).then_some(t)
            })
            .collect();
        let centroids = centroids(points, fine_labels, fine_k);
        let mut orphan_topic: Vec<Option<usize>> = vec![None; top_k];
        let mut next = fine_k;
        let mut labels = Vec::with_capacity(fine_labels.len());
        for ((&f, &t), row) in fine_labels.iter().zip(top_labels).zip(points.outer_iter()) {
            if home[f] == Some(t) {
                labels.push(f);
                continue;
            }
            let nearest = (0..fine_k)
                .filter(|&g| home[g] == Some(t))
                .map(|g| (g, sq_distance(row.as_slice(), &centroids[g])))
                .fold(None, |b: Option<(usize, f64)>, (g, d)| match b {
                    Some((_, bd)) if bd <= d => b,
                    _ => Some((g, d)),
                });
            labels.push(match nearest {
                Some((g, _)) => g,
                None => *orphan_topic[t].get_or_insert_with(|| {
                    next += 1;
                    next - 1
                }),
            });
        }
        // Number fine topics by size (largest first, ties by first document), dropping empty ones.
        let (fine_k, labels) = by_size(next, labels);
        let mut parents = vec![0; fine_k];
        for (&f, &t) in labels.iter().zip(top_labels) {
            parents[f] = t;
        }
        let merges = ward(points, &labels, fine_k, Some(&parents));
        TopicTree {
            fine_k,
            fine_labels: labels,
            parents,
            merges,
            polished: false,
        }
    }

    /// The tree with its fine topics numbered by size (largest first, ties by first document,
    /// empty ones last), as [`TopicTree::nest`] numbers them; for a tree whose fine labels were
    /// given to more documents than it was built on.
    pub(super) fn fine_ids_by_size(self) -> TopicTree {
        let new_id = ids_by_size(self.fine_k, &self.fine_labels);
        let mut parents = vec![0; self.fine_k];
        for (f, &p) in self.parents.iter().enumerate() {
            parents[new_id[f]] = p;
        }
        let node = |x: usize| if x < self.fine_k { new_id[x] } else { x };
        TopicTree {
            fine_labels: self.fine_labels.iter().map(|&f| new_id[f]).collect(),
            parents,
            merges: self
                .merges
                .iter()
                .map(|m| Merge {
                    a: node(m.a),
                    b: node(m.b),
                    ..*m
                })
                .collect(),
            ..self
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

/// The mean row of each fine topic.
fn centroids(points: ArrayView2<f64>, labels: &[usize], k: usize) -> Vec<Vec<f64>> {
    let mut sums = vec![vec![0.0; points.ncols()]; k];
    let mut sizes = vec![0usize; k];
    for (row, &c) in points.outer_iter().zip(labels) {
        sums[c]
            .iter_mut()
            .zip(row.iter())
            .for_each(|(s, v)| *s += v);
        sizes[c] += 1;
    }
    for (sum, &size) in sums.iter_mut().zip(&sizes) {
        if size > 0 {
            sum.iter_mut().for_each(|s| *s /= size as f64);
        }
    }
    sums
}

fn sq_distance(a: Option<&[f64]>, b: &[f64]) -> f64 {
    match a {
        Some(a) => a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum(),
        None => f64::INFINITY,
    }
}

/// `labels` over `0..k` renumbered by size (largest first, ties by first member), empty ids
/// dropped; returns the number left and the new labels.
fn by_size(k: usize, labels: Vec<usize>) -> (usize, Vec<usize>) {
    let new_id = ids_by_size(k, &labels);
    let mut used = vec![false; k];
    labels.iter().for_each(|&l| used[l] = true);
    let left = used.iter().filter(|&&u| u).count();
    (left, labels.into_iter().map(|l| new_id[l]).collect())
}

/// The id each of the `k` topics of `labels` gets when numbered by size: largest first, ties
/// by first member, empty topics last (in their order).
pub(super) fn ids_by_size(k: usize, labels: &[usize]) -> Vec<usize> {
    let mut size = vec![0usize; k];
    let mut first = vec![usize::MAX; k];
    for (i, &l) in labels.iter().enumerate() {
        size[l] += 1;
        first[l] = first[l].min(i);
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| {
        size[b]
            .cmp(&size[a])
            .then(first[a].cmp(&first[b]))
            .then(a.cmp(&b))
    });
    let mut new_id = vec![0; k];
    for (i, &c) in order.iter().enumerate() {
        new_id[c] = i;
    }
    new_id
}

/// Ward's merges of the fine topics `labels` of `points`: at each step the two nodes whose
/// union raises the within-topic sum of squares least, `|A|·|B| / (|A| + |B|) · ‖c_A − c_B‖²`
/// (Ward 1963), ties to the lower ids. With `groups` (the group of every fine topic), nodes of
/// one group merge before any two groups do. Deterministic; O(k³ + n·dims) for k fine topics.
fn ward(
    points: ArrayView2<f64>,
    labels: &[usize],
    fine_k: usize,
    groups: Option<&[usize]>,
) -> Vec<Merge> {
    let mut sizes = vec![0usize; fine_k];
    labels.iter().for_each(|&c| sizes[c] += 1);
    let centroids = centroids(points, labels, fine_k);
    // Live nodes: (id, group, size, centroid).
    let mut live: Vec<(usize, usize, usize, Vec<f64>)> = (0..fine_k)
        .filter(|&c| sizes[c] > 0)
        .map(|c| {
            let group = groups.map_or(0, |g| g[c]);
            (c, group, sizes[c], centroids[c].clone())
        })
        .collect();
    // Average linkage on the centroids' cosine gave BBC News' 5-topic cut NMI 0.45
    // (one giant topic), Ward 0.82.
    let ward = |a: &(usize, usize, usize, Vec<f64>), b: &(usize, usize, usize, Vec<f64>)| {
        let d: f64 = a.3.iter().zip(&b.3).map(|(x, y)| (x - y) * (x - y)).sum();
        (a.1 != b.1, (a.2 * b.2) as f64 / (a.2 + b.2) as f64 * d)
    };
    let mut merges = Vec::with_capacity(fine_k.saturating_sub(1));
    while live.len() > 1 {
        let mut best = (0, 1, (true, f64::INFINITY));
        for i in 0..live.len() {
            for j in i + 1..live.len() {
                let (across, cost) = ward(&live[i], &live[j]);
                if (!across && best.2 .0) || (across == best.2 .0 && cost < best.2 .1 - 1e-15) {
                    best = (i, j, (across, cost));
                }
            }
        }
        let (i, j, (_, cost)) = best;
        let b = live.remove(j);
        let a = live.remove(i);
        let size = a.2 + b.2;
        let centroid =
            a.3.iter()
                .zip(&b.3)
                .map(|(x, y)| (x * a.2 as f64 + y * b.2 as f64) / size as f64)
                .collect();
        merges.push(Merge {
            a: a.0,
            b: b.0,
            cost,
        });
        live.push((fine_k + merges.len() - 1, a.1, size, centroid));
    }
    merges
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// Seven documents on a line: 0 and 1 close, 2 and 3 close, 4 and 5 close, 6 far out.
    fn on_a_line() -> ndarray::Array2<f64> {
        array![
            [0.0, 0.0],
            [0.1, 0.0],
            [1.0, 0.0],
            [1.2, 0.0],
            [5.0, 0.0],
            [5.1, 0.0],
            [9.0, 0.0]
        ]
    }

    fn tree() -> TopicTree {
        // Four fine topics of the first six documents: 0 and 1 close, 2 and 3 close, the pairs
        // far apart.
        let points = on_a_line();
        TopicTree::build(
            points.slice(ndarray::s![..6, ..]),
            vec![0, 0, 1, 1, 2, 3],
            4,
        )
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
    fn nesting_moves_documents_the_top_level_put_elsewhere_and_merges_inside_first() {
        let points = on_a_line();
        // Fine topics 0..4; the top level puts document 3 (fine topic 1, which stays under top
        // topic 0) with 4 and 5, and document 6 (fine topic 3, under top topic 1) alone in a
        // top topic that holds most of no fine topic.
        let fine = [0, 0, 1, 1, 2, 3, 3];
        let top = [0, 0, 0, 1, 1, 1, 2];
        let t = TopicTree::nest(points.view(), &fine, 4, &top, 3);
        for (&f, &t_) in t.fine_labels.iter().zip(&top) {
            assert_eq!(t.parents[f], t_);
        }
        // Document 3 joins the nearer of the fine topics under top topic 1 (fine topic 2 at 5.0,
        // not fine topic 3 at 7.05); document 6 gets a fine topic of its own.
        assert_eq!(t.fine_labels[3], t.fine_labels[4]);
        assert_eq!(t.fine_k, 5);
        assert_eq!(t.merges.len(), 4);
        // Cut into the 3 top-level topics: the top level back.
        let cut = t.labels_at(3);
        for i in 0..7 {
            for j in 0..7 {
                assert_eq!(cut[i] == cut[j], top[i] == top[j], "{i} {j}");
            }
        }
        assert_eq!(TopicTree::nest(points.view(), &fine, 4, &top, 3), t);
    }

    #[test]
    fn fine_k_grows_with_the_corpus() {
        assert_eq!(fine_k(5), 1);
        assert_eq!(fine_k(2225), 17);
        assert_eq!(fine_k(7668), 31);
        assert_eq!(fine_k(81_833), 100);
    }
}
