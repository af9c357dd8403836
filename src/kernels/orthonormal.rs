//! Orthonormalisation of a few vectors: the columns of a tall matrix (Cholesky-QR, with a
//! Gram–Schmidt fallback) and the rows of a wide one (classical Gram–Schmidt, twice, with
//! completion).
//!
//! Used by LSA's randomised SVD ([`crate::reduce`]) and the document map's subspace iteration
//! ([`crate::projection`]). Both routines return an orthonormal set even for rank-deficient or
//! all-zero input: a vector in the span of the earlier ones is replaced by the coordinate
//! vector least covered by them.

use ndarray::{Array2, Axis};

use super::dense::{gram, matmul};

/// Cholesky pivots below this fraction of their column's squared norm mean the column is
/// numerically dependent on the earlier ones (condition number beyond ~1e6), where
/// Cholesky-QR stops being reliable even with a second pass (Yamamoto et al. 2015).
const CHOLESKY_PIVOT_TOL: f64 = 1e-12;
/// Gram–Schmidt residuals below this fraction of the original norm are numerically zero.
const DEPENDENT_TOL: f64 = 1e-10;

/// Orthonormalises the columns of a tall `a` (s × l, s ≥ l) in place by Cholesky-QR:
/// AᵀA = RᵀR, Q = A·R⁻¹. Two passes (CholeskyQR2, Yamamoto et al. 2015) give orthogonality
/// to working precision for condition numbers up to ~1e8; one pass leaves an error of about
/// ε·κ², enough inside power iterations, which only need a well-conditioned basis. Both
/// steps are GEMMs, several times faster than Householder QR here. When a pivot shows
/// numerical rank deficiency (tiny or degenerate corpora, all-zero data), the columns go
/// through Gram–Schmidt with completion instead, so Q is always orthonormal.
pub(crate) fn orthonormalise_columns(a: &mut Array2<f64>, passes: usize) {
    for _ in 0..passes {
        match cholesky_upper(&gram(a)) {
            Some(r) => *a = matmul(a, upper_triangular_inverse(&r).view()),
            None => {
                let mut rows = a.t().as_standard_layout().into_owned();
                orthonormalise_rows(&mut rows, 0);
                *a = rows.t().as_standard_layout().into_owned();
                return;
            }
        }
    }
}

/// Upper-triangular R with RᵀR = G, or None when a pivot falls below
/// [`CHOLESKY_PIVOT_TOL`] of its diagonal entry (or G is not finite).
fn cholesky_upper(g: &Array2<f64>) -> Option<Array2<f64>> {
    let l = g.nrows();
    let mut r = Array2::<f64>::zeros((l, l));
    for j in 0..l {
        let pivot = g[[j, j]] - (0..j).map(|i| r[[i, j]] * r[[i, j]]).sum::<f64>();
        let well_conditioned = pivot.is_finite() && pivot > CHOLESKY_PIVOT_TOL * g[[j, j]];
        if !well_conditioned {
            return None;
        }
        let rjj = pivot.sqrt();
        r[[j, j]] = rjj;
        for c in j + 1..l {
            let dot = (0..j).map(|i| r[[i, j]] * r[[i, c]]).sum::<f64>();
            r[[j, c]] = (g[[j, c]] - dot) / rjj;
        }
    }
    Some(r)
}

/// R⁻¹ by back substitution, column by column; it is applied to the tall matrix as one GEMM.
fn upper_triangular_inverse(r: &Array2<f64>) -> Array2<f64> {
    let l = r.nrows();
    let mut inv = Array2::<f64>::zeros((l, l));
    for c in 0..l {
        for i in (0..=c).rev() {
            let rhs = if i == c { 1.0 } else { 0.0 };
            let dot = (i + 1..=c).map(|t| r[[i, t]] * inv[[t, c]]).sum::<f64>();
            inv[[i, c]] = (rhs - dot) / r[[i, i]];
        }
    }
    inv
}

/// Makes rows `start..` of `rows` orthonormal to all rows before them, assuming rows
/// `..start` already are. Classical Gram–Schmidt run twice ("twice is enough", Giraud et
/// al. 2005); a row that is numerically in the span of its predecessors is replaced by the
/// coordinate vector least covered by them, whose residual has squared norm ≥ 1 − j/dim > 0,
/// so the result is orthonormal even for rank-deficient or all-zero input.
pub(crate) fn orthonormalise_rows(rows: &mut Array2<f64>, start: usize) {
    let (n_vec, dim) = rows.dim();
    if start >= n_vec {
        return;
    }
    let mut covered = vec![0.0f64; dim];
    for row in rows.rows().into_iter().take(start) {
        for (c, &v) in covered.iter_mut().zip(row) {
            *c += v * v;
        }
    }
    for j in start.min(n_vec)..n_vec {
        let (done, mut rest) = rows.view_mut().split_at(Axis(0), j);
        let mut v = rest.row_mut(0);
        let norm0 = v.dot(&v).sqrt();
        let mut independent = norm0 > 0.0 && norm0.is_finite();
        if independent {
            project_out(&done, &mut v);
            let n1 = v.dot(&v).sqrt();
            if n1 > DEPENDENT_TOL * norm0 {
                project_out(&done, &mut v);
                independent = v.dot(&v).sqrt() >= 0.5 * n1;
            } else {
                independent = false;
            }
        }
        if !independent {
            let t = covered
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(b.1))
                .map_or(0, |(t, _)| t);
            v.fill(0.0);
            v[t] = 1.0;
            project_out(&done, &mut v);
            project_out(&done, &mut v);
        }
        let norm = v.dot(&v).sqrt();
        if norm > 0.0 {
            v.mapv_inplace(|x| x / norm);
        }
        for (c, &x) in covered.iter_mut().zip(v.iter()) {
            *c += x * x;
        }
    }
}

/// v ← v − Σᵢ (dᵢ·v) dᵢ over the rows dᵢ of `done` (one classical Gram–Schmidt pass).
fn project_out(done: &ndarray::ArrayViewMut2<f64>, v: &mut ndarray::ArrayViewMut1<f64>) {
    let coeffs: Vec<f64> = done.rows().into_iter().map(|d| d.dot(v)).collect();
    for (d, &c) in done.rows().into_iter().zip(&coeffs) {
        v.scaled_add(-c, &d);
    }
}
