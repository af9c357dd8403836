//! Eigenvalues and eigenvectors of small symmetric matrices (up to a few hundred rows) by the
//! cyclic Jacobi method.
//!
//! LSA ([`crate::reduce`]) solves the (k+p) × (k+p) Gram matrix of its sketch with it, the
//! document map ([`crate::projection`]) its Rayleigh–Ritz step. Jacobi is slower than a
//! tridiagonal QR for large matrices but simple, accurate to the last bits for small ones
//! (small eigenvalues keep a relative accuracy), and deterministic.

use ndarray::Array2;

/// The cyclic Jacobi method converges quadratically; this is only a guard against a loop.
const MAX_JACOBI_SWEEPS: usize = 64;

/// Eigenvalues (descending; ties in their original order) and eigenvectors (columns) of a
/// small symmetric matrix by the cyclic Jacobi method (Golub & Van Loan, Matrix Computations,
/// 4th ed., §8.5.3), with the rotation formulas of Rutishauser (1971) and the relative skip
/// test |gₚq| ≤ ε·√(gₚₚ gqq) of Demmel & Veselić (1992). `g` must be symmetric.
pub(crate) fn symmetric_eigen(g: Array2<f64>) -> (Vec<f64>, Array2<f64>) {
    let n = g.nrows();
    // Row-major working copies; `vt` holds the eigenvectors as rows so that every rotation
    // except the column half of A·J touches contiguous memory.
    let mut a: Vec<f64> = g.iter().copied().collect();
    let mut vt = vec![0.0; n * n];
    for i in 0..n {
        vt[i * n + i] = 1.0;
    }
    for _ in 0..MAX_JACOBI_SWEEPS {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let (apq, app, aqq) = (a[p * n + q], a[p * n + p], a[q * n + q]);
                if apq == 0.0 || apq.abs() <= f64::EPSILON * (app * aqq).abs().sqrt() {
                    continue;
                }
                rotated = true;
                let theta = (aqq - app) / (2.0 * apq);
                let t = if theta.abs() > 1e150 {
                    0.5 / theta
                } else {
                    theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt())
                };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let sn = t * c;
                // A ← Jᵀ·A·J, J the rotation with Jₚₚ = J_qq = c, Jₚq = sn, J_qp = −sn.
                rotate_rows(&mut a, n, p, q, c, sn);
                for row in a.chunks_exact_mut(n) {
                    let (x, y) = (row[p], row[q]);
                    row[p] = c * x - sn * y;
                    row[q] = sn * x + c * y;
                }
                a[p * n + p] = app - t * apq;
                a[q * n + q] = aqq + t * apq;
                a[p * n + q] = 0.0;
                a[q * n + p] = 0.0;
                rotate_rows(&mut vt, n, p, q, c, sn);
            }
        }
        if !rotated {
            break;
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| a[j * n + j].total_cmp(&a[i * n + i]));
    let values = order.iter().map(|&i| a[i * n + i]).collect();
    let mut vectors = Array2::zeros((n, n));
    for (dst, &src) in order.iter().enumerate() {
        for (r, x) in vectors.column_mut(dst).iter_mut().enumerate() {
            *x = vt[src * n + r];
        }
    }
    (values, vectors)
}

/// Rows p < q of a row-major n-column matrix become (c·rₚ − s·r_q, s·rₚ + c·r_q).
fn rotate_rows(m: &mut [f64], n: usize, p: usize, q: usize, c: f64, s: f64) {
    let (low, high) = m.split_at_mut(q * n);
    let rp = &mut low[p * n..(p + 1) * n];
    let rq = &mut high[..n];
    for (x, y) in rp.iter_mut().zip(rq.iter_mut()) {
        let (u, v) = (*x, *y);
        *x = c * u - s * v;
        *y = s * u + c * v;
    }
}
