//! Dense matrix kernels for tall matrices (many rows, few columns): Gram matrices, products
//! with a small matrix, row scaling.
//!
//! Every kernel works on fixed blocks of [`DENSE_ROWS`] rows, whatever the thread count, and
//! sums their partial results in block order, so results are bit-identical on any number of
//! threads. The products themselves are ndarray's (matrixmultiply) GEMMs. This module owns no
//! algorithm: LSA ([`crate::reduce`]) and the document map ([`crate::projection`]) decide what
//! to multiply.

use std::borrow::Cow;

use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView2, Axis};
use rayon::prelude::*;

/// Rows per parallel task in the dense products; also the blocks whose partial Gram matrices
/// are summed in a fixed order, which keeps results independent of the thread count.
const DENSE_ROWS: usize = 512;

/// AᵀA for a tall A, as partial products over fixed row blocks (each a cache-blocked
/// `matrixmultiply` GEMM) summed in block order; the upper triangle is mirrored so the
/// result is exactly symmetric.
pub fn gram(a: &Array2<f64>) -> Array2<f64> {
    let l = a.ncols();
    let parts: Vec<Array2<f64>> = a
        .axis_chunks_iter(Axis(0), DENSE_ROWS)
        .into_par_iter()
        .map(|block| {
            let mut g = Array2::zeros((l, l));
            general_mat_mul(1.0, &block.t(), &block, 0.0, &mut g);
            g
        })
        .collect();
    let mut g = Array2::zeros((l, l));
    for part in &parts {
        g += part;
    }
    for i in 0..l {
        for j in 0..i {
            g[[i, j]] = g[[j, i]];
        }
    }
    g
}

/// a · w for a tall a, parallel over fixed row blocks.
pub(crate) fn matmul(a: &Array2<f64>, w: ArrayView2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros((a.nrows(), w.ncols()));
    out.axis_chunks_iter_mut(Axis(0), DENSE_ROWS)
        .into_par_iter()
        .zip(a.axis_chunks_iter(Axis(0), DENSE_ROWS).into_par_iter())
        .for_each(|(mut o, block)| general_mat_mul(1.0, &block, &w, 0.0, &mut o));
    out
}

/// wᵀ·aᵀ (the transpose of a·w) for a tall a, parallel over fixed column blocks of the
/// result; GEMM on transposed views avoids copying a transpose of the tall matrix.
pub(crate) fn matmul_transposed(w: ArrayView2<f64>, a: &Array2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros((w.ncols(), a.nrows()));
    out.axis_chunks_iter_mut(Axis(1), DENSE_ROWS)
        .into_par_iter()
        .zip(a.axis_chunks_iter(Axis(0), DENSE_ROWS).into_par_iter())
        .for_each(|(mut o, block)| general_mat_mul(1.0, &w.t(), &block.t(), 0.0, &mut o));
    out
}

/// Scales each row to unit Euclidean length (so Euclidean k-means on the rows ranks like cosine
/// similarity); all-zero rows are left at zero rather than turned into NaN.
pub(crate) fn normalise_rows(m: &mut Array2<f64>) {
    m.axis_iter_mut(Axis(0))
        .into_par_iter()
        .for_each(|mut row| {
            // Dividing by the largest magnitude first keeps the sum of squares from
            // overflowing or underflowing for extreme rows.
            let largest = row.iter().fold(0.0f64, |a, v| a.max(v.abs()));
            if !(largest > 0.0 && largest.is_finite()) {
                return;
            }
            let norm = largest
                * row
                    .iter()
                    .map(|v| (v / largest) * (v / largest))
                    .sum::<f64>()
                    .sqrt();
            row.mapv_inplace(|v| v / norm);
        });
}

/// Row-major storage of `a`, borrowed when it already is (always, for the arrays the kernels
/// make) and copied otherwise.
pub(crate) fn row_major(a: &Array2<f64>) -> Cow<'_, [f64]> {
    match a.as_slice() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(a.iter().copied().collect()),
    }
}

/// A rows × cols matrix whose row-major storage `fill` writes.
pub fn filled(rows: usize, cols: usize, fill: impl FnOnce(&mut [f64])) -> Array2<f64> {
    let mut data = vec![0.0; rows * cols];
    fill(&mut data);
    Array2::from_shape_vec((rows, cols), data).unwrap_or_else(|_| Array2::zeros((rows, cols)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_rows_gives_unit_rows_and_keeps_zero_rows() {
        let mut m = ndarray::arr2(&[[3.0, 4.0], [0.0, 0.0], [-1e-200, 0.0], [1e200, 1e200]]);
        normalise_rows(&mut m);
        assert_eq!(m.row(0).to_vec(), vec![0.6, 0.8]);
        assert_eq!(m.row(1).to_vec(), vec![0.0, 0.0]);
        assert_eq!(m.row(2).to_vec(), vec![-1.0, 0.0]);
        let r = std::f64::consts::FRAC_1_SQRT_2;
        assert!(m.row(3).iter().all(|v| (v - r).abs() < 1e-15));
    }

    #[test]
    fn gram_is_symmetric_and_the_same_on_any_thread_count() {
        let a = Array2::from_shape_fn((1500, 7), |(i, j)| ((i * 31 + j * 17) % 23) as f64 - 11.0);
        let g = gram(&a);
        assert_eq!(g, g.t());
        let naive = a.t().dot(&a);
        assert!(g
            .iter()
            .zip(naive.iter())
            .all(|(x, y)| (x - y).abs() < 1e-9));
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool")
            .install(|| gram(&a));
        assert_eq!(g, one);
        let w = Array2::from_shape_fn((7, 3), |(i, j)| (i + 2 * j) as f64);
        assert_eq!(matmul(&a, w.view()), a.dot(&w));
        assert_eq!(matmul_transposed(w.view(), &a), a.dot(&w).t());
    }
}
