//! Clustering a large corpus on a seeded sample, then placing every document.
//!
//! On hundreds of thousands of documents the exact path costs what grows with the corpus
//! several times over: a randomised SVD of the whole matrix (a dozen passes over it), k-means
//! to convergence on every reduced row, and a dense n × dims matrix held in memory. Topics are
//! a property of the corpus, not of each document, so here the LSA basis and the k-means
//! centroids are fitted on a seeded sample of [`FIT_SAMPLE`] documents, and every document is
//! then projected, assigned to its nearest centroid and placed on the map in one parallel pass
//! that holds one reduced row per thread. The map is the plane of the two principal axes of
//! the sample's reduced rows, so no second factorisation of the matrix is needed.
//!
//! Below [`LARGE_CORPUS`] documents nothing here runs and reports are as exact as before.

use ndarray::{Array2, Axis};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use super::tree;
use super::{
    cluster_points, distinct_sparse_rows, finish, refine_on_terms, ClusterParams, Clustering,
    ReductionMethod, ReductionReport, TopicTree,
};
use crate::error::Result;
use crate::kernels::dense::normalise_rows;
use crate::kernels::distance::squared_euclidean;
use crate::kernels::eigen::symmetric_eigen;
use crate::kernels::sampling::sorted_sample;
use crate::kernels::sparse::TermMatrix;
use crate::reduce::{self, LsaParams};

/// Corpora of more documents than this are clustered on a sample (see the module
/// documentation); smaller ones exactly.
pub const LARGE_CORPUS: usize = 50_000;
/// Documents the LSA basis and the centroids are fitted on.
pub const FIT_SAMPLE: usize = 20_000;
/// Rows projected per parallel task in the placing pass.
const PASS_ROWS: usize = 1024;
/// Mixed into the seed so the sample does not share a stream with k-means.
const SAMPLE_STREAM: u64 = 0x5A3B_1E0F_C0A2_7E55;

/// What the sampled path found: the clustering of every document, the fit sample's reduced
/// rows (unit length) with the documents they belong to, and every document's map position.
pub(super) struct Sampled {
    pub clustering: Clustering,
    pub sample: Vec<usize>,
    pub sample_points: Array2<f64>,
    pub map: Vec<[f64; 2]>,
}

/// Fits LSA with `dims` components and k-means on a sample of the rows of `x` (CSR), then
/// assigns and maps every row.
pub(super) fn cluster_sampled(
    x: &TermMatrix,
    params: &ClusterParams,
    dims: usize,
) -> Result<Sampled> {
    let n = x.rows();
    let mut rng = Xoshiro256Plus::seed_from_u64(params.seed ^ SAMPLE_STREAM);
    let sample = sorted_sample(&mut rng, n, FIT_SAMPLE);
    // Only the terms the sample uses: the others get all-zero components anyway, and the
    // random test matrix and the basis of a large vocabulary would cost hundreds of MB.
    let (fit_rows, sample_column) = select_rows(x, &sample);
    let base = LsaParams::new(dims, params.seed);
    let lsa_params = LsaParams {
        n_oversamples: dims.max(base.n_oversamples),
        ..base
    };
    let (lsa, mut points) = reduce::fit_transform_owned(fit_rows, &lsa_params)?;
    tracing::debug!(
        dims = lsa.n_components(),
        sample = sample.len(),
        "LSA fitted on a sample"
    );
    normalise_rows(&mut points);
    let reduction = ReductionReport {
        method: ReductionMethod::Lsa,
        dims: lsa.n_components(),
        explained_variance: Some(lsa.explained_variance_ratio().sum()),
    };
    let on_sample = cluster_points(None, &points, params, distinct_sparse_rows(x), reduction)?;
    // With a topic tree, every document goes to its nearest fine topic, and so to that fine
    // topic's top-level topic; without one, to its nearest topic.
    let (assigned_k, assigned_to) = match &on_sample.tree {
        Some(tree) => (tree.fine_k, &tree.fine_labels),
        None => (on_sample.k, &on_sample.labels),
    };
    let centroids = centroids_of_labels(&points, assigned_to, assigned_k);
    let axes = principal_axes(&points);

    // Every document: its reduced row, nearest centroid and map position.
    let terms_by_dims = lsa.components().t().as_standard_layout().into_owned();
    let dims = terms_by_dims.ncols();
    let project = |i: usize, row: &mut Vec<f64>| {
        row.iter_mut().for_each(|v| *v = 0.0);
        let outer = x.outer_view(i).expect("row within the matrix");
        for (t, &w) in outer.iter() {
            if let Some(t) = sample_column[t] {
                let component = terms_by_dims.row(t as usize);
                let component = component.as_slice().expect("standard layout");
                row.iter_mut().zip(component).for_each(|(r, c)| *r += w * c);
            }
        }
        let norm = row.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            row.iter_mut().for_each(|v| *v /= norm);
        }
    };
    // A polished top level is not a union of fine topics: its own centroids place documents.
    let polished_top = on_sample
        .tree
        .as_ref()
        .filter(|t| t.polished)
        .map(|_| centroids_of_labels(&points, &on_sample.labels, on_sample.k));
    let placed: Vec<(usize, Option<usize>, [f64; 2])> = (0..n)
        .into_par_iter()
        .with_min_len(PASS_ROWS)
        .map_init(
            || vec![0.0; dims],
            |row, i| {
                project(i, row);
                let top = polished_top.as_ref().map(|c| nearest(row, c, |_| true));
                (nearest(row, &centroids, |_| true), top, axes.project(row))
            },
        )
        .collect();
    let mut assigned = Vec::with_capacity(n);
    let mut map = Vec::with_capacity(n);
    let mut labels: Vec<usize> = Vec::with_capacity(n);
    for (a, top, xy) in placed {
        assigned.push(a);
        map.push(xy);
        labels.push(match (&on_sample.tree, top) {
            (_, Some(top)) => top,
            (Some(tree), None) => tree.parents[a],
            (None, None) => a,
        });
    }
    tracing::debug!("every document assigned and mapped");
    let Some(tree) = on_sample.tree else {
        let mut clustering = finish(on_sample.k, labels, on_sample.k_scores, reduction);
        clustering.note = on_sample.note;
        let started = std::time::Instant::now();
        // Refined until fewer than one document in a thousand moves.
        refine_on_terms(x, &mut clustering.labels, clustering.k, n / 1000);
        tracing::debug!(elapsed = ?started.elapsed(), "refined on the terms");
        return Ok(Sampled {
            clustering,
            sample,
            sample_points: points,
            map,
        });
    };
    // The fine level polished on the terms as the exact path polishes it, until fewer than
    // one document in a hundred moves: each iteration costs as much as k (≈ 100) cosines per
    // document, and the last ones move few (on the Gutenberg chunks, stopping at one in a
    // thousand took 11.6 s for NMI 0.460 against the authors, at one in a hundred 4.0 s for
    // 0.456, at one in thirty 1.8 s for 0.454).
    let mut fine_labels = assigned;
    let started = std::time::Instant::now();
    refine_on_terms(x, &mut fine_labels, tree.fine_k, n / 100);
    tracing::debug!(elapsed = ?started.elapsed(), "fine topics refined on the terms");
    if tree.polished {
        // The top level polished too; a document it put in another top-level topic than
        // its fine topic's goes to the nearest fine topic under its own, so the levels nest.
        refine_on_terms(x, &mut labels, on_sample.k, n / 1000);
        let mut row = vec![0.0; dims];
        for (i, (fine, &top)) in fine_labels.iter_mut().zip(&labels).enumerate() {
            if tree.parents[*fine] != top {
                project(i, &mut row);
                *fine = nearest(&row, &centroids, |f| tree.parents[f] == top);
            }
        }
    } else {
        // The top level is a cut of the tree: each fine topic's top-level topic.
        labels = fine_labels.iter().map(|&f| tree.parents[f]).collect();
    }
    // Top-level ids by size over the whole corpus (the sample's may differ).
    let top_ids = tree::ids_by_size(on_sample.k, &labels);
    let labels = labels.iter().map(|&t| top_ids[t]).collect();
    let mut clustering = finish(on_sample.k, labels, on_sample.k_scores, reduction);
    clustering.note = on_sample.note;
    clustering.tree = Some(
        TopicTree {
            fine_labels,
            parents: tree.parents.iter().map(|&t| top_ids[t]).collect(),
            ..tree
        }
        .fine_ids_by_size(),
    );
    Ok(Sampled {
        clustering,
        sample,
        sample_points: points,
        map,
    })
}

/// The rows of `x` (CSR) at `rows`, in that order, as a CSR matrix of only the columns they
/// use (in the order of `x`), with the column each column of `x` became (`None` when unused).
fn select_rows(x: &TermMatrix, rows: &[usize]) -> (TermMatrix, Vec<Option<u32>>) {
    let mut column: Vec<Option<u32>> = vec![None; x.cols()];
    for &r in rows {
        for (t, _) in x.outer_view(r).expect("row within the matrix").iter() {
            column[t] = Some(0);
        }
    }
    let mut used = 0u32;
    for c in column.iter_mut().flatten() {
        *c = used;
        used += 1;
    }
    let mut indptr = Vec::with_capacity(rows.len() + 1);
    let mut indices = Vec::new();
    let mut data = Vec::new();
    indptr.push(0);
    for &r in rows {
        let row = x.outer_view(r).expect("row within the matrix");
        for (t, &v) in row.iter() {
            indices.push(column[t].expect("a column the sample uses"));
            data.push(v);
        }
        indptr.push(indices.len());
    }
    let matrix = TermMatrix::new((rows.len(), used as usize), indptr, indices, data);
    (matrix, column)
}

/// The mean of the rows of each of `k` clusters (k-means' centroids: nearest-centroid
/// assignment by Euclidean distance to them is k-means' own rule).
fn centroids_of_labels(points: &Array2<f64>, labels: &[usize], k: usize) -> Array2<f64> {
    let mut sums = Array2::<f64>::zeros((k, points.ncols()));
    let mut counts = vec![0usize; k];
    for (row, &l) in points.outer_iter().zip(labels) {
        sums.row_mut(l).scaled_add(1.0, &row);
        counts[l] += 1;
    }
    for (mut row, &c) in sums.outer_iter_mut().zip(&counts) {
        if c > 0 {
            row /= c as f64;
        }
    }
    sums
}

/// The centroid nearest to `row` among those `allowed`; ties go to the lower id.
fn nearest(row: &[f64], centroids: &Array2<f64>, allowed: impl Fn(usize) -> bool) -> usize {
    let mut best = (0, f64::INFINITY);
    for (c, centroid) in centroids.outer_iter().enumerate() {
        if !allowed(c) {
            continue;
        }
        let d = squared_euclidean(row, centroid.as_slice().expect("standard layout"));
        if d < best.1 {
            best = (c, d);
        }
    }
    best.0
}

/// The plane of the two principal axes of a set of rows: the map of [`cluster_sampled`].
struct Axes {
    mean: Vec<f64>,
    axes: [Vec<f64>; 2],
}

impl Axes {
    fn project(&self, row: &[f64]) -> [f64; 2] {
        let along = |axis: &[f64]| -> f64 {
            row.iter()
                .zip(&self.mean)
                .zip(axis)
                .map(|((r, m), a)| (r - m) * a)
                .sum()
        };
        [along(&self.axes[0]), along(&self.axes[1])]
    }
}

/// The two leading eigenvectors of the covariance of `points`' rows, each signed so that its
/// largest entry is positive (the same input gives the same map).
fn principal_axes(points: &Array2<f64>) -> Axes {
    let (n, d) = points.dim();
    let mean = points
        .mean_axis(Axis(0))
        .map(|m| m.to_vec())
        .unwrap_or_else(|| vec![0.0; d]);
    let mut centred = points.clone();
    for mut row in centred.outer_iter_mut() {
        row.iter_mut().zip(&mean).for_each(|(v, m)| *v -= m);
    }
    let covariance = centred.t().dot(&centred) / (n.max(1) as f64);
    let (_, vectors) = symmetric_eigen(covariance);
    let axis = |j: usize| -> Vec<f64> {
        if j >= vectors.ncols() {
            return vec![0.0; d];
        }
        let mut v = vectors.column(j).to_vec();
        let largest = v.iter().copied().fold(
            0.0f64,
            |best, x| if x.abs() > best.abs() { x } else { best },
        );
        if largest < 0.0 {
            v.iter_mut().for_each(|x| *x = -*x);
        }
        v
    };
    Axes {
        mean,
        axes: [axis(0), axis(1)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selected_rows_keep_their_entries() {
        let x = TermMatrix::new(
            (3, 3),
            vec![0, 1, 3, 4],
            vec![0, 1, 2, 0],
            vec![1.0, 2.0, 3.0, 4.0],
        );
        // Row 2 uses column 0, row 1 columns 1 and 2: all three kept, in order.
        let (picked, column) = select_rows(&x, &[2, 1]);
        assert_eq!(
            picked.to_dense(),
            ndarray::arr2(&[[4.0, 0.0, 0.0], [0.0, 2.0, 3.0]])
        );
        assert_eq!(column, [Some(0), Some(1), Some(2)]);
        // Row 0 uses column 0 only: the others are left out.
        let (picked, column) = select_rows(&x, &[0, 2]);
        assert_eq!(picked.to_dense(), ndarray::arr2(&[[1.0], [4.0]]));
        assert_eq!(column, [Some(0), None, None]);
    }

    #[test]
    fn principal_axes_follow_the_spread() {
        // Points spread along the first coordinate, a little along the second.
        let points = ndarray::arr2(&[
            [-2.0, 0.0, 0.0],
            [2.0, 0.0, 0.0],
            [0.0, 0.5, 0.0],
            [0.0, -0.5, 0.0],
        ]);
        let axes = principal_axes(&points);
        assert!(
            (axes.axes[0][0].abs() - 1.0).abs() < 1e-9,
            "{:?}",
            axes.axes
        );
        assert!(axes.axes[0][0] > 0.0);
        assert!(axes.axes[1][1].abs() > 0.99, "{:?}", axes.axes);
        let [x, _] = axes.project(&[2.0, 0.0, 0.0]);
        assert!((x - 2.0).abs() < 1e-9);
    }

    /// Two groups of documents with their own words, `n` of each.
    fn two_topics(n: usize) -> TermMatrix {
        let mut tri = sprs::TriMat::new((2 * n, 8));
        for i in 0..2 * n {
            let base = if i < n { 0 } else { 4 };
            tri.add_triplet(i, base + i % 3, 0.8);
            tri.add_triplet(i, base + 3, 0.6);
        }
        tri.to_csr::<usize>().to_other_types()
    }

    #[test]
    fn the_sampled_path_finds_the_groups_and_places_every_document() {
        let x = two_topics(150);
        let params = ClusterParams {
            k: Some(2),
            ..ClusterParams::default()
        };
        let found = cluster_sampled(&x, &params, 4).unwrap();
        let labels = &found.clustering.labels;
        assert_eq!(labels.len(), 300);
        assert!(labels[..150].iter().all(|&l| l == labels[0]));
        assert!(labels[150..].iter().all(|&l| l == labels[150]));
        assert_ne!(labels[0], labels[150]);
        assert_eq!(found.map.len(), 300);
        assert_eq!(found.sample_points.nrows(), found.sample.len());
        // The groups lie apart on the map's first axis.
        let mean_x = |r: std::ops::Range<usize>| {
            let len = r.len() as f64;
            r.map(|i| found.map[i][0]).sum::<f64>() / len
        };
        assert!((mean_x(0..150) - mean_x(150..300)).abs() > 0.5);
        // Deterministic.
        let again = cluster_sampled(&x, &params, 4).unwrap();
        assert_eq!(&again.clustering.labels, labels);
        assert_eq!(again.map, found.map);
    }

    #[test]
    fn nearest_centroid_breaks_ties_low_among_those_allowed() {
        let c = ndarray::arr2(&[[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]);
        assert_eq!(nearest(&[0.9, 0.1], &c, |_| true), 0);
        assert_eq!(nearest(&[0.1, 0.9], &c, |_| true), 1);
        assert_eq!(nearest(&[0.9, 0.1], &c, |c| c != 0), 2);
    }
}
