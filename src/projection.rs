//! A 2-D map of the documents, for the report's scatter chart.
//!
//! The map is classical multidimensional scaling (Torgerson MDS) on the documents' cosine
//! distances. For unit-length TF-IDF rows the squared Euclidean distance is `2 (1 − cos)`, so
//! classical MDS on those distances is exactly principal component analysis of the rows: the two
//! coordinates of a document are its projections on the first two principal axes of the
//! centred TF-IDF matrix. Documents close on the map use the same words in the same
//! proportions.
//!
//! It is computed without densifying the matrix or forming the n × n distance matrix: a few
//! vectors are refined by subspace iteration with the centred Gram operator
//! `K q = Xc (Xcᵀ q)`, where `Xc = X − 1 μᵀ` is applied as `X (·) − 1 μᵀ (·)`, then a small
//! Rayleigh–Ritz step picks the two leading directions. Cost per iteration: O(nnz + terms).
//! The start vectors come from the seed and the sign of each axis is fixed (its largest
//! coordinate is positive), so the same input and seed give the same map.
//!
//! This module does not cluster or reduce for clustering: it only draws.

use ndarray::{Array2, ArrayView2};
use rayon::prelude::*;

use crate::kernels::distance::dot;
use crate::kernels::eigen::symmetric_eigen;
use crate::kernels::orthonormal::orthonormalise_rows;
use crate::kernels::sampling::uniform_matrix;

/// Vectors refined together; more than the two kept, so that the leading two converge fast.
const BLOCK: usize = 6;
/// Subspace iterations at most; each multiplies by the Gram operator once.
const MAX_ITERATIONS: usize = 300;
/// Iteration stops when the Ritz values change by less than this, relatively. Ritz values
/// settle as the square of the vectors' error, and the final Rayleigh–Ritz step over the whole
/// block sharpens the two kept directions further: on 20,000 documents a tolerance of 1e-6
/// already gives the same six decimals the report prints as 1e-12, which never converged
/// within the iteration cap.
const TOLERANCE: f64 = 1e-9;

/// How the map was made, for the report's parameters.
pub(crate) const METHOD: &str =
    "classical MDS on cosine distances, i.e. PCA of the unit TF-IDF rows";
/// How the map of a corpus clustered on a sample ([`crate::cluster::LARGE_CORPUS`]) was made:
/// from the LSA coordinates k-means used, with no second factorisation.
pub(crate) const SAMPLED_METHOD: &str =
    "PCA of the unit LSA rows k-means ran on (axes fitted on the clustering's sample)";

/// Two coordinates per document: rows are sparse `(column, weight)` lists of unit length (or
/// any weights: the map is then PCA of whatever the rows hold). Fewer than three documents,
/// or documents all alike, give zeros on the axes that have no spread.
pub(crate) fn map_2d(rows: &[Vec<(usize, f64)>], n_columns: usize, seed: u64) -> Vec<[f64; 2]> {
    let n = rows.len();
    if n < 2 {
        return vec![[0.0, 0.0]; n];
    }
    let gram = Gram::new(rows, n_columns);

    let p = BLOCK.min(n);
    // The block as rows: `basis.row(j)` is the j-th vector, over the n documents.
    let mut basis = uniform_matrix(p, n, seed);
    orthonormalise_rows(&mut basis, 0);
    let mut images = Array2::zeros((p, n));
    let mut previous = vec![f64::INFINITY; p];
    for _ in 0..MAX_ITERATIONS {
        gram.apply(basis.view(), &mut images);
        let ritz: Vec<f64> = (0..p)
            .map(|j| dot(row(&basis, j), row(&images, j)))
            .collect();
        std::mem::swap(&mut basis, &mut images);
        orthonormalise_rows(&mut basis, 0);
        let converged = ritz
            .iter()
            .zip(&previous)
            .take(2)
            .all(|(a, b)| (a - b).abs() <= TOLERANCE * a.abs().max(1e-300));
        previous = ritz;
        if converged {
            break;
        }
    }

    // Rayleigh–Ritz: the eigenvectors of Qᵀ K Q give the best two directions in the span.
    gram.apply(basis.view(), &mut images);
    let small = Array2::from_shape_fn((p, p), |(i, j)| {
        0.5 * (dot(row(&basis, i), row(&images, j)) + dot(row(&basis, j), row(&images, i)))
    });
    // Eigenvalues come in descending order, ties in their original order.
    let (values, vectors) = symmetric_eigen(small);

    let mut coords = vec![[0.0; 2]; n];
    for (axis, &value) in values.iter().take(2).enumerate() {
        let scale = value.max(0.0).sqrt();
        if scale <= 1e-9 {
            continue; // no spread along this axis
        }
        let mut column: Vec<f64> = (0..n)
            .map(|i| {
                (0..p)
                    .map(|j| basis[[j, i]] * vectors[[j, axis]])
                    .sum::<f64>()
                    * scale
            })
            .collect();
        let largest = column
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()).then(b.0.cmp(&a.0)))
            .map_or(0.0, |(_, v)| *v);
        if largest < 0.0 {
            column.iter_mut().for_each(|v| *v = -*v);
        }
        for (c, v) in coords.iter_mut().zip(column) {
            c[axis] = v;
        }
    }
    coords
}

/// The centred Gram operator `K Q = Xc (Xcᵀ Q)` applied to the whole block at once: one pass
/// over the matrix per product instead of one per vector, and both products in parallel —
/// `Xcᵀ Q` column by column over a column-major copy, `Xc Z` row by row. Every entry is summed
/// in the same order as a plain sequential loop would, so the map does not depend on the
/// number of threads.
struct Gram<'a> {
    rows: &'a [Vec<(usize, f64)>],
    /// Column-major copy of `rows`: column `c` holds `(row, weight)` in
    /// `column_start[c]..column_start[c + 1]`, rows ascending.
    column_start: Vec<usize>,
    column_entries: Vec<(u32, f64)>,
    mean: Vec<f64>,
}

impl<'a> Gram<'a> {
    fn new(rows: &'a [Vec<(usize, f64)>], n_columns: usize) -> Gram<'a> {
        let mut column_start = vec![0usize; n_columns + 1];
        for &(c, _) in rows.iter().flatten() {
            column_start[c + 1] += 1;
        }
        for c in 0..n_columns {
            column_start[c + 1] += column_start[c];
        }
        let mut next = column_start.clone();
        let mut column_entries = vec![(0u32, 0.0); column_start[n_columns]];
        for (r, row) in rows.iter().enumerate() {
            for &(c, w) in row {
                column_entries[next[c]] = (r as u32, w);
                next[c] += 1;
            }
        }
        Gram {
            rows,
            column_start,
            column_entries,
            mean: column_mean(rows, n_columns),
        }
    }

    /// `images.row(j) = K basis.row(j)` for every vector (row) of the block.
    fn apply(&self, basis: ArrayView2<f64>, images: &mut Array2<f64>) {
        let p = basis.nrows();
        let n = self.rows.len();
        let q: Vec<[f64; BLOCK]> = (0..n)
            .map(|i| std::array::from_fn(|j| if j < p { basis[[j, i]] } else { 0.0 }))
            .collect();
        let sum_q: [f64; BLOCK] = std::array::from_fn(|j| {
            if j < p {
                basis.row(j).iter().sum()
            } else {
                0.0
            }
        });
        // z = Xcᵀ q = Xᵀ q − μ Σq, then out = Xc z = X z − (μ·z) 1.
        let z: Vec<[f64; BLOCK]> = (0..self.mean.len())
            .into_par_iter()
            .map(|c| {
                let mut acc = [0.0; BLOCK];
                let entries = &self.column_entries[self.column_start[c]..self.column_start[c + 1]];
                for &(r, w) in entries {
                    let qr = &q[r as usize];
                    for j in 0..BLOCK {
                        acc[j] += w * qr[j];
                    }
                }
                for j in 0..BLOCK {
                    acc[j] -= self.mean[c] * sum_q[j];
                }
                acc
            })
            .collect();
        let mut mu_z = [0.0; BLOCK];
        for (m, zc) in self.mean.iter().zip(&z) {
            for j in 0..BLOCK {
                mu_z[j] += m * zc[j];
            }
        }
        let out: Vec<[f64; BLOCK]> = self
            .rows
            .par_iter()
            .map(|row| {
                let mut acc = [0.0; BLOCK];
                for &(c, w) in row {
                    for j in 0..BLOCK {
                        acc[j] += w * z[c][j];
                    }
                }
                for j in 0..BLOCK {
                    acc[j] -= mu_z[j];
                }
                acc
            })
            .collect();
        for (j, mut image) in images.rows_mut().into_iter().enumerate().take(p) {
            for (o, row) in image.iter_mut().zip(&out) {
                *o = row[j];
            }
        }
    }
}

fn column_mean(rows: &[Vec<(usize, f64)>], n_columns: usize) -> Vec<f64> {
    let mut mean = vec![0.0; n_columns];
    for row in rows {
        for &(c, w) in row {
            mean[c] += w;
        }
    }
    let n = rows.len() as f64;
    mean.iter_mut().for_each(|m| *m /= n);
    mean
}

/// Row `j` of a standard-layout matrix as a slice.
fn row(m: &Array2<f64>, j: usize) -> &[f64] {
    let n = m.ncols();
    let Some(all) = m.as_slice() else {
        unreachable!("the block matrices are created in standard layout");
    };
    &all[j * n..(j + 1) * n]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(row: &[(usize, f64)]) -> Vec<(usize, f64)> {
        let norm = row.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        row.iter().map(|&(c, w)| (c, w / norm)).collect()
    }

    /// Classical MDS done the textbook way: double-centre the squared distances of dense rows
    /// and take the two leading eigenvectors of the n × n matrix.
    fn dense_mds(rows: &[Vec<(usize, f64)>], m: usize) -> Vec<[f64; 2]> {
        let n = rows.len();
        let dense: Vec<Vec<f64>> = rows
            .iter()
            .map(|r| {
                let mut d = vec![0.0; m];
                r.iter().for_each(|&(c, w)| d[c] = w);
                d
            })
            .collect();
        let d2 = |i: usize, j: usize| -> f64 {
            dense[i]
                .iter()
                .zip(&dense[j])
                .map(|(a, b)| (a - b).powi(2))
                .sum()
        };
        let mut b = Array2::zeros((n, n));
        let row_mean: Vec<f64> = (0..n)
            .map(|i| (0..n).map(|j| d2(i, j)).sum::<f64>() / n as f64)
            .collect();
        let all_mean = row_mean.iter().sum::<f64>() / n as f64;
        for i in 0..n {
            for j in 0..n {
                b[[i, j]] = -0.5 * (d2(i, j) - row_mean[i] - row_mean[j] + all_mean);
            }
        }
        let (values, vectors) = symmetric_eigen(b);
        (0..n)
            .map(|i| std::array::from_fn(|axis| vectors[[i, axis]] * values[axis].sqrt()))
            .collect()
    }

    fn sample() -> Vec<Vec<(usize, f64)>> {
        [
            vec![(0, 3.0), (1, 1.0)],
            vec![(0, 2.0), (1, 2.0), (4, 0.5)],
            vec![(2, 1.0), (3, 2.0)],
            vec![(2, 2.0), (3, 1.0), (4, 1.0)],
            vec![(1, 1.0), (4, 3.0)],
            vec![(0, 1.0), (3, 1.0), (5, 2.0)],
            vec![(5, 1.0), (6, 1.0)],
        ]
        .iter()
        .map(|r| unit(r))
        .collect()
    }

    #[test]
    fn matches_textbook_classical_mds_up_to_sign() {
        let rows = sample();
        let ours = map_2d(&rows, 7, 42);
        let reference = dense_mds(&rows, 7);
        for axis in 0..2 {
            let sign = if ours[0][axis] * reference[0][axis] < 0.0 {
                -1.0
            } else {
                1.0
            };
            for (o, r) in ours.iter().zip(&reference) {
                assert!(
                    (o[axis] - sign * r[axis]).abs() < 1e-6,
                    "axis {axis}: {o:?} vs {r:?}"
                );
            }
        }
    }

    #[test]
    fn same_map_for_any_seed() {
        let rows = sample();
        let a = map_2d(&rows, 7, 1);
        let b = map_2d(&rows, 7, 99);
        for (x, y) in a.iter().zip(&b) {
            assert!((x[0] - y[0]).abs() < 1e-9 && (x[1] - y[1]).abs() < 1e-9);
        }
    }

    #[test]
    fn same_map_whatever_the_threads() {
        let rows: Vec<Vec<(usize, f64)>> = (0..300)
            .map(|i| {
                unit(&[
                    (i % 7, 1.0 + (i % 5) as f64),
                    ((i * 3) % 11, 0.5),
                    (11 + i % 4, 2.0),
                ])
            })
            .collect();
        let many = map_2d(&rows, 15, 3);
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let one = one_thread.install(|| map_2d(&rows, 15, 3));
        assert_eq!(many, one);
    }

    #[test]
    fn small_inputs_give_zeros_where_there_is_no_spread() {
        assert_eq!(map_2d(&[vec![(0, 1.0)]], 1, 0), vec![[0.0, 0.0]]);
        let two = map_2d(&[vec![(0, 1.0)], vec![(1, 1.0)]], 2, 0);
        assert!((two[0][0] - two[1][0]).abs() > 1.0, "{two:?}");
        assert!(two.iter().all(|c| c[1].abs() < 1e-9), "{two:?}");
        let alike = map_2d(&[vec![(0, 1.0)], vec![(0, 1.0)], vec![(0, 1.0)]], 1, 0);
        assert!(alike.iter().flatten().all(|v| v.abs() < 1e-9));
    }
}
