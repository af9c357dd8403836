//! The randomised truncated SVD behind [`Lsa`]: a Gaussian sketch refined by power
//! iterations (Halko et al. Algorithm 4.4), then the SVD of the small projected matrix through
//! the eigendecomposition of its Gram matrix (Algorithm 5.1).

use std::borrow::Cow;

use ndarray::{s, Array1, Array2};
use rayon::prelude::*;
use sprs::{CsMatI, SpIndex};

use super::{Lsa, LsaError, LsaParams};
use crate::kernels::dense::{gram, matmul, matmul_transposed};
use crate::kernels::eigen::symmetric_eigen;
use crate::kernels::orthonormal::{orthonormalise_columns, orthonormalise_rows};
use crate::kernels::sampling::gaussian_matrix;
use crate::kernels::sparse::{Panelled, SparseRows};

/// Components whose singular value is below this fraction of the largest are recomputed by
/// Gram–Schmidt: `V = C W Σ⁻¹` loses orthogonality like ε·(σ₁/σᵢ)², 1e-10 at this ratio.
const RELIABLE_SIGMA: f64 = 1e-3;

/// Fits and returns the training documents' coordinates U·Σ (n_docs × n_components), which is
/// what scikit-learn's `fit_transform` returns; equal to `transform(x)` up to the rounding
/// error of the approximation.
pub fn fit_transform<I: SpIndex, Iptr: SpIndex>(
    x: &CsMatI<f64, I, Iptr>,
    params: &LsaParams,
) -> Result<(Lsa, Array2<f64>), LsaError> {
    fit(Cow::Borrowed(x), params)
}

/// [`fit_transform`] of a matrix the caller no longer needs: it is freed once LSA has its own
/// copies, before the range finder's dense buffers (the peak) are allocated.
pub fn fit_transform_owned<I: SpIndex, Iptr: SpIndex>(
    x: CsMatI<f64, I, Iptr>,
    params: &LsaParams,
) -> Result<(Lsa, Array2<f64>), LsaError> {
    fit(Cow::Owned(x), params)
}

fn fit<I: SpIndex, Iptr: SpIndex>(
    x: Cow<'_, CsMatI<f64, I, Iptr>>,
    params: &LsaParams,
) -> Result<(Lsa, Array2<f64>), LsaError> {
    let (n_docs, n_terms) = (x.rows(), x.cols());
    if n_docs == 0 || n_terms == 0 {
        return Err(LsaError::EmptyMatrix { n_docs, n_terms });
    }
    if params.n_components == 0 {
        return Err(LsaError::ZeroComponents);
    }
    let max_abs = max_abs_checked(&x)?;
    let min_dim = n_docs.min(n_terms);
    let k = params.n_components.min(min_dim.saturating_sub(1).max(1));
    let l = k.saturating_add(params.n_oversamples).min(min_dim);

    // A power of two keeps the scaling exact while putting the largest entry in [1, 2), so
    // no Gram matrix can overflow or underflow whatever the input's magnitude.
    let scale = if max_abs > 0.0 {
        (-max_abs.log2().floor()).clamp(-1000.0, 1000.0).exp2()
    } else {
        1.0
    };
    let outer = SparseRows::from_outer(&x, scale);
    let (xr, xt) = if x.is_csr() {
        let t = outer.transpose();
        (outer, t)
    } else {
        (outer.transpose(), outer)
    };
    drop(x);
    let total_variance = column_variance_sum(&xt, n_docs) / (scale * scale);
    let mean_square = (0..xt.nrows())
        .map(|j| xt.row_values(j).iter().map(|v| v * v).sum::<f64>())
        .sum::<f64>()
        / (n_docs.max(1) as f64 * scale * scale);

    // The basis Q lives on the smaller side (as scikit-learn's transpose="auto"), so only the
    // cheaper tall matrix is orthonormalised at each step.
    let wide = n_docs <= n_terms;
    let (a, at) = if wide { (xr, xt) } else { (xt, xr) };
    // Each unpanelled copy goes as soon as its panelled one exists: three copies of the
    // sample at most, not four.
    let a = {
        let panelled = a.panelled(l);
        drop(a);
        panelled
    };
    let at = {
        let panelled = at.panelled(l);
        drop(at);
        panelled
    };
    let (q, c) = range_finder(&a, &at, l, params.n_iter, params.seed);
    drop((a, at));

    // B = Qᵀ·A = Cᵀ, and B·Bᵀ = W Σ² Wᵀ gives B's singular values and left vectors.
    // G = B·Bᵀ is formed explicitly, so in the worst case its eigenvalues carry an absolute
    // error of about l·ε·σ₁², i.e. σᵢ a relative error up to ≈ l·ε·(σ₁/σᵢ)²/2: negligible for
    // the flat spectra of TF-IDF matrices (σ₁₀₀/σ₁ ≈ 0.1). The tests hold it to that bound
    // against LAPACK (fixtures/lsa/small.json).
    let (lambda, w) = symmetric_eigen(gram(&c));
    let sigma: Array1<f64> = lambda.iter().take(k).map(|&v| v.max(0.0).sqrt()).collect();
    let wk = w.slice(s![.., ..k]);
    let (mut components, mut coords) = if wide {
        // A = X: V = Bᵀ W Σ⁻¹ = C W Σ⁻¹ and U·Σ = Q W Σ.
        let mut w_inv = wk.to_owned();
        for (mut col, &sv) in w_inv.columns_mut().into_iter().zip(sigma.iter()) {
            col *= if sv > 0.0 { 1.0 / sv } else { 0.0 };
        }
        let mut components = matmul_transposed(w_inv.view(), &c);
        let first_unreliable = sigma
            .iter()
            .position(|&sv| sv <= RELIABLE_SIGMA * sigma[0])
            .unwrap_or(k);
        orthonormalise_rows(&mut components, first_unreliable);
        let mut coords = matmul(&q, wk);
        for (mut col, &sv) in coords.columns_mut().into_iter().zip(sigma.iter()) {
            col *= sv;
        }
        (components, coords)
    } else {
        // A = Xᵀ: V = Q W (orthonormal by construction) and X·V = C W.
        (matmul_transposed(wk, &q), matmul(&c, wk))
    };

    let singular_values = sigma.mapv(|v| v / scale);
    coords.mapv_inplace(|v| v / scale);
    flip_signs(&mut components, &mut coords);
    let explained_variance: Array1<f64> = coords
        .columns()
        .into_iter()
        .map(|col| population_variance(col.iter().copied(), n_docs))
        .collect();
    // Rows that are all alike (copies of one document) have no variance; what the two-pass
    // sums leave is rounding, and a ratio of rounding to rounding can be anything (3.1 was seen).
    let explained_variance_ratio = if total_variance > VARIANCE_NOISE * mean_square {
        explained_variance.mapv(|v| v / total_variance)
    } else {
        Array1::zeros(k)
    };
    let lsa = Lsa {
        singular_values,
        components,
        explained_variance,
        explained_variance_ratio,
    };
    Ok((lsa, coords))
}

/// Randomised subspace iteration (Halko et al. Algorithm 4.4) for A (s × b): returns an
/// orthonormal Q (s × l) spanning approximately A's dominant left singular subspace, and
/// C = Aᵀ·Q (b × l).
///
/// scikit-learn renormalises (by LU) after every product; here only the s-side sample is
/// orthonormalised, once per iteration. Skipping the b side costs at most a factor
/// (σ₁/σₗ)² in conditioning per step, harmless in double precision for the spectra LSA
/// keeps, and saves the most expensive dense step of each iteration.
fn range_finder(
    a: &Panelled,
    at: &Panelled,
    l: usize,
    n_iter: usize,
    seed: u64,
) -> (Array2<f64>, Array2<f64>) {
    // Ω, then each Aᵀ·Q, share one buffer on the long side (see `mul_dense_into`).
    let mut long = gaussian_matrix(a.ncols(), l, seed);
    let mut q = a.mul_dense(&long);
    // The last orthonormalisation gets a second Cholesky-QR pass: Q must be orthonormal to
    // working precision for B = QᵀA to carry A's singular values.
    orthonormalise_columns(&mut q, if n_iter == 0 { 2 } else { 1 });
    for it in 0..n_iter {
        at.mul_dense_into(&q, &mut long);
        a.mul_dense_into(&long, &mut q);
        orthonormalise_columns(&mut q, if it + 1 == n_iter { 2 } else { 1 });
    }
    at.mul_dense_into(&q, &mut long);
    (q, long)
}

/// The largest stored magnitude, after refusing NaN and infinities (which would silently
/// poison every singular value).
fn max_abs_checked<I: SpIndex, Iptr: SpIndex>(x: &CsMatI<f64, I, Iptr>) -> Result<f64, LsaError> {
    let mut max_abs = 0.0f64;
    for (outer, vec) in x.outer_iterator().enumerate() {
        for (inner, &v) in vec.iter() {
            if !v.is_finite() {
                let (doc, term) = if x.is_csr() {
                    (outer, inner)
                } else {
                    (inner, outer)
                };
                return Err(LsaError::NonFinite { doc, term });
            }
            max_abs = max_abs.max(v.abs());
        }
    }
    Ok(max_abs)
}

/// svd_flip(u_based_decision=False): each component's largest-magnitude entry (first on
/// ties) made positive, with the matching coordinate column flipped alongside.
fn flip_signs(components: &mut Array2<f64>, coords: &mut Array2<f64>) {
    for (mut comp, mut coord) in components.rows_mut().into_iter().zip(coords.columns_mut()) {
        let mut best = 0.0f64;
        let mut negative = false;
        for &x in comp.iter() {
            if x.abs() > best {
                best = x.abs();
                negative = x < 0.0;
            }
        }
        if negative {
            comp.mapv_inplace(|x| -x);
            coord.mapv_inplace(|x| -x);
        }
    }
}

/// Variance below this share of the rows' mean square is rounding, not spread.
const VARIANCE_NOISE: f64 = 1e-12;

/// Σⱼ Var(X[:, j]) over terms, from the term-major rows: two-pass per term, counting the
/// implicit zeros, as scikit-learn's `mean_variance_axis`.
fn column_variance_sum(xt: &SparseRows, n_docs: usize) -> f64 {
    let per_term: Vec<f64> = (0..xt.nrows())
        .into_par_iter()
        .map(|j| {
            let vals = xt.row_values(j);
            let zeros = n_docs.saturating_sub(vals.len());
            let mean = vals.iter().sum::<f64>() / n_docs as f64;
            let sq: f64 = vals.iter().map(|v| (v - mean) * (v - mean)).sum();
            (sq + zeros as f64 * mean * mean) / n_docs as f64
        })
        .collect();
    per_term.iter().sum()
}

/// Population variance (ddof = 0), two-pass.
fn population_variance(values: impl Iterator<Item = f64> + Clone, n: usize) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let mean = values.clone().sum::<f64>() / n as f64;
    values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64
}
