//! Latent semantic analysis: a randomised truncated SVD of a sparse TF-IDF matrix.
//!
//! Owns the LSA parameters, the fitted model (singular values, components, explained
//! variance) and the numerical kernels only it needs: parallel sparse × dense products,
//! orthonormalisation of tall dense matrices (Cholesky-QR with a Gram–Schmidt fallback) and a
//! Jacobi eigensolver for the small (k+p) × (k+p) Gram matrix. The method is Halko, Martinsson
//! & Tropp (2011), "Finding structure with randomness", SIAM Review 53(2), Algorithms 4.4 and
//! 5.1, as scikit-learn 1.9's `randomized_svd` / `TruncatedSVD(algorithm="randomized")` run it.

use std::borrow::Cow;
use std::fmt;

use ndarray::linalg::general_mat_mul;
use ndarray::{s, Array1, Array2, ArrayView2, Axis};
use rand::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use sprs::CsMat;

/// Rows per parallel task in the sparse products. Fixed rather than derived from the thread
/// count, so each output row is computed by the same code whatever the pool size.
const SPMM_ROWS: usize = 64;
/// Rows per parallel task in the dense products; also the blocks whose partial Gram matrices
/// are summed in a fixed order, which keeps results independent of the thread count.
const DENSE_ROWS: usize = 512;
/// Rows of the Gaussian test matrix drawn from one xoshiro stream.
const GAUSS_ROWS: usize = 256;
/// Cholesky pivots below this fraction of their column's squared norm mean the column is
/// numerically dependent on the earlier ones (condition number beyond ~1e6), where
/// Cholesky-QR stops being reliable even with a second pass (Yamamoto et al. 2015).
const CHOLESKY_PIVOT_TOL: f64 = 1e-12;
/// Components whose singular value is below this fraction of the largest are recomputed by
/// Gram–Schmidt: `V = C W Σ⁻¹` loses orthogonality like ε·(σ₁/σᵢ)², 1e-10 at this ratio.
const RELIABLE_SIGMA: f64 = 1e-3;
/// Gram–Schmidt residuals below this fraction of the original norm are numerically zero.
const DEPENDENT_TOL: f64 = 1e-10;
/// The cyclic Jacobi method converges quadratically; this is only a guard against a loop.
const MAX_JACOBI_SWEEPS: usize = 64;

/// How to fit an [`Lsa`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LsaParams {
    /// LSA dimensions kept; clamped at fit time to `min(n_docs, n_terms) - 1` (at least 1).
    pub n_components: usize,
    /// Extra random directions sampled beyond `n_components` (p in Halko et al. §4.2): the
    /// expected error exceeds the optimal one by a factor that shrinks quickly with p.
    pub n_oversamples: usize,
    /// Power (subspace) iterations q: each multiplies the sample by X·Xᵀ, so the gap that
    /// separates the kept directions from the rest grows as (σⱼ/σₖ₊₁)^(2q+1) (Halko et al.
    /// §4.5). TF-IDF spectra decay slowly, which is why a few iterations matter.
    pub n_iter: usize,
    /// Seed of the Gaussian test matrix: the same seed gives bit-identical results.
    pub seed: u64,
}

impl LsaParams {
    /// scikit-learn `TruncatedSVD` defaults: 10 oversamples and 5 power iterations.
    pub fn new(n_components: usize, seed: u64) -> Self {
        Self {
            n_components,
            n_oversamples: 10,
            n_iter: 5,
            seed,
        }
    }

    /// scikit-learn `randomized_svd(n_iter="auto")`: 7 iterations when few components are
    /// asked of a large matrix (fewer than a tenth of its smaller side), else 4.
    pub fn auto_n_iter(n_components: usize, n_docs: usize, n_terms: usize) -> usize {
        if (n_components as f64) < 0.1 * n_docs.min(n_terms) as f64 {
            7
        } else {
            4
        }
    }
}

/// Why a fit was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LsaError {
    /// The matrix has no documents or no terms.
    EmptyMatrix {
        /// Rows of the refused matrix.
        n_docs: usize,
        /// Columns of the refused matrix.
        n_terms: usize,
    },
    /// `n_components` was 0.
    ZeroComponents,
    /// A stored value is NaN or infinite.
    NonFinite {
        /// Row of the first offending value (in storage order).
        doc: usize,
        /// Column of that value.
        term: usize,
    },
}

impl fmt::Display for LsaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LsaError::EmptyMatrix { n_docs, n_terms } => write!(
                f,
                "cannot fit LSA on an empty {n_docs} x {n_terms} document-term matrix"
            ),
            LsaError::ZeroComponents => write!(f, "LSA needs at least one component"),
            LsaError::NonFinite { doc, term } => write!(
                f,
                "document-term matrix holds a non-finite value at document {doc}, term {term}"
            ),
        }
    }
}

impl std::error::Error for LsaError {}

/// A fitted LSA model: the top right singular vectors of the TF-IDF matrix.
#[derive(Debug, Clone)]
pub struct Lsa {
    singular_values: Array1<f64>,
    components: Array2<f64>,
    explained_variance: Array1<f64>,
    explained_variance_ratio: Array1<f64>,
}

impl Lsa {
    /// Fits on `x` (documents × terms, CSR preferred; CSC is converted).
    ///
    /// Sign convention: each component's entry of largest magnitude is positive (the first
    /// such entry on ties), as scikit-learn's `svd_flip(u_based_decision=False)` in
    /// `TruncatedSVD` — it depends only on the components, so it survives `transform`.
    pub fn fit(x: &CsMat<f64>, params: &LsaParams) -> Result<Lsa, LsaError> {
        fit_transform(x, params).map(|(lsa, _)| lsa)
    }

    /// Document coordinates X·V for (new) documents over the same vocabulary. Terms beyond
    /// the fitted vocabulary are ignored rather than rejected, so a grown vocabulary still
    /// projects.
    pub fn transform(&self, x: &CsMat<f64>) -> Array2<f64> {
        let rows = SparseRows::csr_of(x, 1.0).with_ncols(self.components.ncols());
        let v = self.components.t().as_standard_layout().into_owned();
        rows.panelled(v.ncols()).mul_dense(&v)
    }

    /// Singular values σ₁ ≥ σ₂ ≥ … of the fitted matrix, one per component.
    pub fn singular_values(&self) -> &Array1<f64> {
        &self.singular_values
    }

    /// Vᵀ: one orthonormal row per component, one column per term.
    pub fn components(&self) -> &Array2<f64> {
        &self.components
    }

    /// Variance of each document coordinate (population variance, as `np.var`).
    pub fn explained_variance(&self) -> &Array1<f64> {
        &self.explained_variance
    }

    /// Explained variance over the summed per-term variance of X, as scikit-learn's
    /// `explained_variance_ratio_` (uncentred SVD, so the ratios need not be decreasing).
    pub fn explained_variance_ratio(&self) -> &Array1<f64> {
        &self.explained_variance_ratio
    }

    /// Components kept, after clamping to the matrix shape.
    pub fn n_components(&self) -> usize {
        self.singular_values.len()
    }

    /// Vocabulary size the model was fitted on.
    pub fn n_terms(&self) -> usize {
        self.components.ncols()
    }
}

/// Fits and returns the training documents' coordinates U·Σ (n_docs × n_components), which is
/// what scikit-learn's `fit_transform` returns; equal to `transform(x)` up to the rounding
/// error of the approximation.
pub fn fit_transform(x: &CsMat<f64>, params: &LsaParams) -> Result<(Lsa, Array2<f64>), LsaError> {
    let (n_docs, n_terms) = (x.rows(), x.cols());
    if n_docs == 0 || n_terms == 0 {
        return Err(LsaError::EmptyMatrix { n_docs, n_terms });
    }
    if params.n_components == 0 {
        return Err(LsaError::ZeroComponents);
    }
    let max_abs = max_abs_checked(x)?;
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
    let outer = SparseRows::from_outer(x, scale);
    let (xr, xt) = if x.is_csr() {
        let t = outer.transpose();
        (outer, t)
    } else {
        (outer.transpose(), outer)
    };
    let total_variance = column_variance_sum(&xt, n_docs) / (scale * scale);
    let mean_square =
        xt.data.iter().map(|v| v * v).sum::<f64>() / (n_docs.max(1) as f64 * scale * scale);

    // The basis Q lives on the smaller side (as scikit-learn's transpose="auto"), so only the
    // cheaper tall matrix is orthonormalised at each step.
    let wide = n_docs <= n_terms;
    let (a, at) = {
        // The unpanelled copies are freed at the end of this block.
        let (a, at) = if wide { (xr, xt) } else { (xt, xr) };
        (a.panelled(l), at.panelled(l))
    };
    let (q, c) = range_finder(&a, &at, l, params.n_iter, params.seed);
    drop((a, at));

    // B = Qᵀ·A = Cᵀ, and B·Bᵀ = W Σ² Wᵀ gives B's singular values and left vectors.
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
        orthonormalize_rows(&mut components, first_unreliable);
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

/// Scales each row to unit Euclidean length so k-means on LSA coordinates clusters by cosine
/// similarity; all-zero rows are left at zero rather than turned into NaN.
pub fn normalize_rows(m: &mut Array2<f64>) {
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
    let mut long = gaussian_matrix(a.ncols, l, seed);
    let mut q = a.mul_dense(&long);
    // The last orthonormalisation gets a second Cholesky-QR pass: Q must be orthonormal to
    // working precision for B = QᵀA to carry A's singular values.
    orthonormalize(&mut q, if n_iter == 0 { 2 } else { 1 });
    for it in 0..n_iter {
        at.mul_dense_into(&q, &mut long);
        a.mul_dense_into(&long, &mut q);
        orthonormalize(&mut q, if it + 1 == n_iter { 2 } else { 1 });
    }
    at.mul_dense_into(&q, &mut long);
    (q, long)
}

/// The largest stored magnitude, after refusing NaN and infinities (which would silently
/// poison every singular value).
fn max_abs_checked(x: &CsMat<f64>) -> Result<f64, LsaError> {
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

/// Compressed rows with owned, zero-based storage. Holding X and Xᵀ both (an O(nnz)
/// counting-sort transpose) makes X·D and Xᵀ·D row-parallel gathers with no write conflicts
/// and no per-thread accumulators.
struct SparseRows {
    nrows: usize,
    ncols: usize,
    indptr: Vec<usize>,
    indices: Vec<usize>,
    data: Vec<f64>,
}

impl SparseRows {
    /// The outer dimension of `x` as rows (documents for CSR, terms for CSC), times `scale`;
    /// explicit zeros are dropped.
    fn from_outer(x: &CsMat<f64>, scale: f64) -> Self {
        let (nrows, ncols) = (x.outer_dims(), x.inner_dims());
        let mut indptr = Vec::with_capacity(nrows + 1);
        let mut indices = Vec::with_capacity(x.nnz());
        let mut data = Vec::with_capacity(x.nnz());
        indptr.push(0);
        for vec in x.outer_iterator() {
            for (j, &v) in vec.iter() {
                if j < ncols && v != 0.0 {
                    indices.push(j);
                    data.push(v * scale);
                }
            }
            indptr.push(indices.len());
        }
        Self {
            nrows,
            ncols,
            indptr,
            indices,
            data,
        }
    }

    /// Document rows of `x` whatever its storage.
    fn csr_of(x: &CsMat<f64>, scale: f64) -> Self {
        let outer = Self::from_outer(x, scale);
        if x.is_csr() {
            outer
        } else {
            outer.transpose()
        }
    }

    /// Counting-sort transpose; rows of the result come out with sorted column indices.
    fn transpose(&self) -> Self {
        let mut indptr = vec![0usize; self.ncols + 1];
        for &j in &self.indices {
            indptr[j + 1] += 1;
        }
        for j in 0..self.ncols {
            indptr[j + 1] += indptr[j];
        }
        let mut next = indptr.clone();
        let mut indices = vec![0usize; self.indices.len()];
        let mut data = vec![0.0; self.data.len()];
        for i in 0..self.nrows {
            for p in self.indptr[i]..self.indptr[i + 1] {
                let j = self.indices[p];
                let dst = next[j];
                indices[dst] = i;
                data[dst] = self.data[p];
                next[j] += 1;
            }
        }
        Self {
            nrows: self.ncols,
            ncols: self.nrows,
            indptr,
            indices,
            data,
        }
    }

    /// The same rows restricted to (or padded out to) `ncols` columns.
    fn with_ncols(self, ncols: usize) -> Self {
        if self.ncols <= ncols {
            return Self { ncols, ..self };
        }
        let mut indptr = Vec::with_capacity(self.nrows + 1);
        let mut indices = Vec::with_capacity(self.indices.len());
        let mut data = Vec::with_capacity(self.data.len());
        indptr.push(0);
        for i in 0..self.nrows {
            for p in self.indptr[i]..self.indptr[i + 1] {
                if self.indices[p] < ncols {
                    indices.push(self.indices[p]);
                    data.push(self.data[p]);
                }
            }
            indptr.push(indices.len());
        }
        Self {
            nrows: self.nrows,
            ncols,
            indptr,
            indices,
            data,
        }
    }

    /// Splits the columns into panels whose slice of a dense right-hand side with `l`
    /// columns stays cache-resident; see [`Panelled`].
    fn panelled(&self, l: usize) -> Panelled {
        let width = if self.ncols.saturating_mul(8 * l) <= SINGLE_PANEL_BYTES {
            self.ncols.max(1)
        } else {
            (PANEL_BYTES / (8 * l.max(1))).max(16)
        };
        let n_panels = self.ncols.div_ceil(width).max(1);
        let mut panels: Vec<Panel> = (0..n_panels)
            .map(|b| Panel {
                col_start: b * width,
                indptr: Vec::with_capacity(self.nrows + 1),
                indices: Vec::new(),
                data: Vec::new(),
            })
            .collect();
        for panel in &mut panels {
            panel.indptr.push(0);
        }
        for i in 0..self.nrows {
            for p in self.indptr[i]..self.indptr[i + 1] {
                let j = self.indices[p];
                if let Some(panel) = panels.get_mut(j / width) {
                    panel.indices.push((j - panel.col_start) as u32);
                    panel.data.push(self.data[p]);
                }
            }
            for panel in &mut panels {
                panel.indptr.push(panel.indices.len());
            }
        }
        Panelled {
            nrows: self.nrows,
            ncols: self.ncols,
            panels,
        }
    }
}

/// Size of the slice of the dense operand that one column panel reads. Measured on a 2-core
/// Zen 4 (1 MiB L2, 32 MiB shared L3) for 5,000 × 20,000 · 20,000 × 110: 2 MiB panels ran
/// the product in ~12 ms against ~45 ms unpanelled; 0.5 MiB panels were slower again
/// (~20 ms), the extra passes over the output outweighing the better hit rate.
const PANEL_BYTES: usize = 2 * 1024 * 1024;
/// A dense operand up to this size stays in L3 anyway, so it is not split: each extra panel
/// would cost one more pass over the output.
const SINGLE_PANEL_BYTES: usize = 8 * 1024 * 1024;

/// A sparse matrix as column panels, each in compressed-row form with panel-local column
/// indices.
///
/// Why: in X·D every stored entry reads a whole row of D (l doubles). Gathering those rows at
/// random from a D of 20,000 × 110 doubles (17.6 MB) misses cache on nearly every entry and
/// was ~4× slower than panelled. Processing one panel of columns at a time keeps the rows of
/// D it touches in cache, at the price of revisiting each output row once per panel (cheap
/// while the output is the smaller operand; it is read sequentially).
struct Panelled {
    nrows: usize,
    ncols: usize,
    panels: Vec<Panel>,
}

struct Panel {
    col_start: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    data: Vec<f64>,
}

impl Panelled {
    /// self · d for a dense d (ncols × l). Output rows are split into fixed blocks and each
    /// row sums its panels in order, so the result does not depend on the thread count.
    fn mul_dense(&self, d: &Array2<f64>) -> Array2<f64> {
        let mut out = Array2::zeros((self.nrows, d.ncols()));
        self.mul_dense_into(d, &mut out);
        out
    }

    /// As [`Panelled::mul_dense`], into `out` (nrows × l, overwritten). The long side of a
    /// wide corpus gives a product of terms × l (70 MB for 80,000 terms): reusing one buffer
    /// through the power iterations saves the page faults of a fresh one each time, which
    /// cost more than the product itself on some machines.
    fn mul_dense_into(&self, d: &Array2<f64>, out: &mut Array2<f64>) {
        let l = d.ncols();
        if out.dim() != (self.nrows, l) || !out.is_standard_layout() {
            *out = Array2::zeros((self.nrows, l));
        }
        let d = row_major(d);
        let Some(out) = out.as_slice_mut() else {
            unreachable!("a standard-layout array is one slice");
        };
        out.fill(0.0);
        if l == 0 || d.len() < self.ncols * l {
            return;
        }
        for panel in &self.panels {
            let dp = &d[panel.col_start * l..];
            out.par_chunks_mut(SPMM_ROWS * l)
                .enumerate()
                .for_each(|(block, chunk)| {
                    for (r, orow) in chunk.chunks_mut(l).enumerate() {
                        let i = block * SPMM_ROWS + r;
                        let range = panel.indptr[i]..panel.indptr[i + 1];
                        accumulate_row(&panel.indices[range.clone()], &panel.data[range], dp, orow);
                    }
                });
        }
    }
}

/// `out += Σₚ vals[p] · d[cols[p], :]`, two stored entries at a time to halve the passes over
/// `out`; the summation order is fixed, so the result is reproducible.
fn accumulate_row(cols: &[u32], vals: &[f64], d: &[f64], out: &mut [f64]) {
    let l = out.len();
    let mut pairs_c = cols.chunks_exact(2);
    let mut pairs_v = vals.chunks_exact(2);
    for (c, v) in (&mut pairs_c).zip(&mut pairs_v) {
        let (c0, c1) = (c[0] as usize * l, c[1] as usize * l);
        let d0 = &d[c0..c0 + l];
        let d1 = &d[c1..c1 + l];
        let (v0, v1) = (v[0], v[1]);
        for ((o, &a), &b) in out.iter_mut().zip(d0).zip(d1) {
            *o += v0 * a + v1 * b;
        }
    }
    if let (Some(&c), Some(&v)) = (pairs_c.remainder().first(), pairs_v.remainder().first()) {
        let c0 = c as usize * l;
        for (o, &a) in out.iter_mut().zip(&d[c0..c0 + l]) {
            *o += v * a;
        }
    }
}

/// Row-major storage of `a`, borrowed when it already is (always, for the arrays this module
/// makes) and copied otherwise.
fn row_major(a: &Array2<f64>) -> Cow<'_, [f64]> {
    match a.as_slice() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(a.iter().copied().collect()),
    }
}

/// A rows × cols matrix whose row-major storage `fill` writes.
fn filled(rows: usize, cols: usize, fill: impl FnOnce(&mut [f64])) -> Array2<f64> {
    let mut data = vec![0.0; rows * cols];
    fill(&mut data);
    Array2::from_shape_vec((rows, cols), data).unwrap_or_else(|_| Array2::zeros((rows, cols)))
}

/// Ω with independent N(0, 1) entries. Each block of rows draws from its own xoshiro stream,
/// 2¹²⁸ draws apart (`jump`), so the matrix is the same whatever the thread count.
fn gaussian_matrix(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let block_len = (GAUSS_ROWS * cols).max(1);
    let n_blocks = (rows * cols).div_ceil(block_len);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut streams = Vec::with_capacity(n_blocks);
    for _ in 0..n_blocks {
        streams.push(rng.clone());
        rng.jump();
    }
    filled(rows, cols, |out| {
        out.par_chunks_mut(block_len)
            .zip(streams.into_par_iter())
            .for_each(|(chunk, mut rng)| fill_standard_normal(chunk, &mut rng));
    })
}

/// Marsaglia's polar method (Marsaglia & Bray 1964): two independent N(0, 1) draws per
/// accepted pair of uniforms, with one logarithm and no trigonometry; about 21% of pairs are
/// rejected.
fn fill_standard_normal(out: &mut [f64], rng: &mut Xoshiro256PlusPlus) {
    // 53 random bits scaled onto [-1, 1).
    const TWO_POW_M52: f64 = 1.0 / (1u64 << 52) as f64;
    let mut uniform = || (rng.next_u64() >> 11) as f64 * TWO_POW_M52 - 1.0;
    for pair in out.chunks_mut(2) {
        let (u, v, r2) = loop {
            let (u, v) = (uniform(), uniform());
            let r2 = u * u + v * v;
            if r2 > 0.0 && r2 < 1.0 {
                break (u, v, r2);
            }
        };
        let f = (-2.0 * r2.ln() / r2).sqrt();
        pair[0] = u * f;
        if let Some(second) = pair.get_mut(1) {
            *second = v * f;
        }
    }
}

/// AᵀA for a tall A, as partial products over fixed row blocks (each a cache-blocked
/// `matrixmultiply` GEMM) summed in block order; the upper triangle is mirrored so the
/// result is exactly symmetric.
fn gram(a: &Array2<f64>) -> Array2<f64> {
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
fn matmul(a: &Array2<f64>, w: ArrayView2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros((a.nrows(), w.ncols()));
    out.axis_chunks_iter_mut(Axis(0), DENSE_ROWS)
        .into_par_iter()
        .zip(a.axis_chunks_iter(Axis(0), DENSE_ROWS).into_par_iter())
        .for_each(|(mut o, block)| general_mat_mul(1.0, &block, &w, 0.0, &mut o));
    out
}

/// wᵀ·aᵀ (the transpose of a·w) for a tall a, parallel over fixed column blocks of the
/// result; GEMM on transposed views avoids copying a transpose of the tall matrix.
fn matmul_transposed(w: ArrayView2<f64>, a: &Array2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros((w.ncols(), a.nrows()));
    out.axis_chunks_iter_mut(Axis(1), DENSE_ROWS)
        .into_par_iter()
        .zip(a.axis_chunks_iter(Axis(0), DENSE_ROWS).into_par_iter())
        .for_each(|(mut o, block)| general_mat_mul(1.0, &w.t(), &block.t(), 0.0, &mut o));
    out
}

/// Orthonormalises the columns of a tall `a` (s × l, s ≥ l) in place by Cholesky-QR:
/// AᵀA = RᵀR, Q = A·R⁻¹. Two passes (CholeskyQR2, Yamamoto et al. 2015) give orthogonality
/// to working precision for condition numbers up to ~1e8; one pass leaves an error of about
/// ε·κ², enough inside power iterations, which only need a well-conditioned basis. Both
/// steps are GEMMs, several times faster than Householder QR here. When a pivot shows
/// numerical rank deficiency (tiny or degenerate corpora, all-zero data), the columns go
/// through Gram–Schmidt with completion instead, so Q is always orthonormal.
fn orthonormalize(a: &mut Array2<f64>, passes: usize) {
    for _ in 0..passes {
        match cholesky_upper(&gram(a)) {
            Some(r) => *a = matmul(a, upper_triangular_inverse(&r).view()),
            None => {
                let mut rows = a.t().as_standard_layout().into_owned();
                orthonormalize_rows(&mut rows, 0);
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
fn orthonormalize_rows(rows: &mut Array2<f64>, start: usize) {
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

/// Eigenvalues (descending) and eigenvectors (columns) of a small symmetric matrix by the
/// cyclic Jacobi method (Golub & Van Loan, Matrix Computations, 4th ed., §8.5.3), with the
/// rotation formulas of Rutishauser (1971) and the relative skip test |gₚq| ≤ ε·√(gₚₚ gqq)
/// of Demmel & Veselić (1992).
///
/// Accuracy: G = B·Bᵀ is formed explicitly, so in the worst case its eigenvalues carry an
/// absolute error of about l·ε·σ₁², i.e. σᵢ a relative error up to ≈ l·ε·(σ₁/σᵢ)²/2. That is
/// negligible for the flat spectra of TF-IDF matrices (σ₁₀₀/σ₁ ≈ 0.1); measured against
/// LAPACK (fixtures/lsa/small.json): ≤ 6e-16 relative on well-conditioned matrices and
/// ≤ 6e-13 on a graded one with σ from 1 down to 1e-5, far inside the bound.
fn symmetric_eigen(g: Array2<f64>) -> (Vec<f64>, Array2<f64>) {
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

/// Σⱼ Var(X[:, j]) over terms, from the term-major rows: two-pass per term, counting the
/// implicit zeros, as scikit-learn's `mean_variance_axis`.
/// Variance below this share of the rows' mean square is rounding, not spread.
const VARIANCE_NOISE: f64 = 1e-12;

fn column_variance_sum(xt: &SparseRows, n_docs: usize) -> f64 {
    let per_term: Vec<f64> = (0..xt.nrows)
        .into_par_iter()
        .map(|j| {
            let vals = &xt.data[xt.indptr[j]..xt.indptr[j + 1]];
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;
    use sprs::TriMat;
    use std::path::PathBuf;

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/lsa")
            .join(name)
    }

    fn json(name: &str) -> serde_json::Value {
        let text = std::fs::read_to_string(fixture(name)).expect("fixture readable");
        serde_json::from_str(&text).expect("fixture is JSON")
    }

    fn floats(v: &serde_json::Value) -> Vec<f64> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|x| x.as_f64().expect("number"))
            .collect()
    }

    fn csr_from_dense(rows: usize, cols: usize, data: &[f64]) -> CsMat<f64> {
        let mut tri = TriMat::new((rows, cols));
        for i in 0..rows {
            for j in 0..cols {
                if data[i * cols + j] != 0.0 {
                    tri.add_triplet(i, j, data[i * cols + j]);
                }
            }
        }
        tri.to_csr()
    }

    /// A TF-IDF-like 300 × 2,000 matrix: Zipf-distributed terms, 40 per row, unit rows.
    fn bbc300() -> CsMat<f64> {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut tri = TriMat::new((300, 2000));
        for r in 0..300 {
            let mut row: Vec<(usize, f64)> = (0..40)
                .map(|_| (((2000.0f64).powf(next()) as usize) - 1, 1.0 + next()))
                .collect();
            row.sort_by_key(|&(c, _)| c);
            row.dedup_by_key(|e| e.0);
            let norm = row.iter().map(|&(_, w)| w * w).sum::<f64>().sqrt();
            for (c, w) in row {
                tri.add_triplet(r, c, w / norm);
            }
        }
        tri.to_csr()
    }

    fn params(n_components: usize, n_oversamples: usize, n_iter: usize, seed: u64) -> LsaParams {
        LsaParams {
            n_components,
            n_oversamples,
            n_iter,
            seed,
        }
    }

    /// max |V·Vᵀ − I| over the components.
    fn orthonormality_error(components: &Array2<f64>) -> f64 {
        let g = components.dot(&components.t());
        g.indexed_iter()
            .map(|((i, j), &v)| (v - if i == j { 1.0 } else { 0.0 }).abs())
            .fold(0.0, f64::max)
    }

    fn max_abs_diff(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
        assert_eq!(a.dim(), b.dim());
        a.iter()
            .zip(b.iter())
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max)
    }

    fn max_rel_diff(ours: &[f64], reference: &[f64]) -> f64 {
        ours.iter()
            .zip(reference)
            .map(|(a, b)| (a - b).abs() / b.abs())
            .fold(0.0, f64::max)
    }

    fn bits(a: impl IntoIterator<Item = f64>) -> Vec<u64> {
        a.into_iter().map(f64::to_bits).collect()
    }

    /// Each component's largest-magnitude entry (first on ties) is positive.
    fn assert_sign_convention(components: &Array2<f64>) {
        for row in components.rows() {
            let mut best = 0.0f64;
            let mut sign = 1.0;
            for &x in row {
                if x.abs() > best {
                    best = x.abs();
                    sign = x.signum();
                }
            }
            assert_eq!(sign, 1.0, "component not sign-fixed: {row:?}");
        }
    }

    #[test]
    fn small_matrices_match_exact_singular_values() {
        let cases = json("small.json");
        for case in cases["cases"].as_array().expect("cases") {
            let name = case["name"].as_str().expect("name");
            let r = case["rows"].as_u64().expect("rows") as usize;
            let c = case["cols"].as_u64().expect("cols") as usize;
            let original = csr_from_dense(r, c, &floats(&case["data"]));
            let exact = floats(&case["singular_values"]);
            // n_components is clamped to min(shape) - 1 and k + p covers the whole rank, so
            // the randomised SVD is exact up to rounding. Both orientations: the basis is
            // built on the documents' side for wide matrices and on the terms' side for tall.
            let transposed = original.transpose_view().to_csr();
            for (x, n_iter) in [
                (&original, 0),
                (&original, 5),
                (&transposed, 0),
                (&transposed, 5),
            ] {
                let (rows, cols) = x.shape();
                let (lsa, coords) = fit_transform(x, &params(100, 10, n_iter, 3)).expect("fit");
                let k = rows.min(cols) - 1;
                assert_eq!(lsa.n_components(), k, "{name}");
                assert_eq!(lsa.components().dim(), (k, cols));
                assert_eq!(coords.dim(), (rows, k));
                let s1 = exact[0];
                let mut worst: f64 = 0.0;
                for (i, &ours) in lsa.singular_values().iter().enumerate() {
                    let err = if exact[i] > 1e-8 * s1 {
                        (ours - exact[i]).abs() / exact[i]
                    } else {
                        ours / s1
                    };
                    worst = worst.max(err);
                    // Documented bound of the B·Bᵀ route: relative error ~ l·ε·(σ₁/σᵢ)².
                    let bound = if exact[i] > 1e-8 * s1 {
                        1e-10 + 100.0 * f64::EPSILON * (s1 / exact[i]).powi(2)
                    } else {
                        1e-7
                    };
                    assert!(
                        err <= bound,
                        "{name} σ{i}: {ours} vs {} (err {err:e})",
                        exact[i]
                    );
                }
                eprintln!(
                    "{name} as {rows}x{cols}, n_iter={n_iter}: worst relative σ error {worst:.2e}"
                );
                assert!(orthonormality_error(lsa.components()) < 1e-10, "{name}");
                assert_sign_convention(lsa.components());
                // Exact factorisation, so U·Σ and X·V agree.
                let projected = lsa.transform(x);
                assert!(max_abs_diff(&coords, &projected) < 1e-9 * s1, "{name}");
            }
        }
    }

    #[test]
    fn top_singular_values_within_1e6_of_exact_when_rank_is_covered() {
        // The "top" values: rank-5 and rank-6 cases, n_components below the rank.
        let cases = json("small.json");
        for case in cases["cases"].as_array().expect("cases") {
            let rows = case["rows"].as_u64().expect("rows") as usize;
            let cols = case["cols"].as_u64().expect("cols") as usize;
            let rank = case["rank"].as_u64().expect("rank") as usize;
            let x = csr_from_dense(rows, cols, &floats(&case["data"]));
            let exact = floats(&case["singular_values"]);
            let k = (rank / 2).max(1);
            let lsa = Lsa::fit(&x, &LsaParams::new(k, 11)).expect("fit");
            let ours = lsa.singular_values().to_vec();
            assert!(
                max_rel_diff(&ours, &exact[..k]) < 1e-6,
                "{:?}",
                case["name"]
            );
        }
    }

    #[test]
    fn csc_input_gives_the_same_bits_as_csr() {
        let x = bbc300();
        let p = params(10, 10, 3, 5);
        let (a, ca) = fit_transform(&x, &p).expect("fit csr");
        let (b, cb) = fit_transform(&x.to_csc(), &p).expect("fit csc");
        assert_eq!(
            bits(a.singular_values().iter().copied()),
            bits(b.singular_values().iter().copied())
        );
        assert_eq!(
            bits(a.components().iter().copied()),
            bits(b.components().iter().copied())
        );
        assert_eq!(bits(ca.iter().copied()), bits(cb.iter().copied()));
        assert_eq!(
            bits(a.transform(&x).iter().copied()),
            bits(a.transform(&x.to_csc()).iter().copied())
        );
    }

    #[test]
    fn same_seed_gives_identical_bits_whatever_the_thread_count() {
        let x = bbc300();
        let p = params(20, 10, 4, 99);
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool")
                .install(|| fit_transform(&x, &p).expect("fit"))
        };
        let (a, ca) = run(1);
        for threads in [1, 2, 3] {
            let (b, cb) = run(threads);
            assert_eq!(
                bits(a.singular_values().iter().copied()),
                bits(b.singular_values().iter().copied())
            );
            assert_eq!(
                bits(a.components().iter().copied()),
                bits(b.components().iter().copied())
            );
            assert_eq!(bits(ca.iter().copied()), bits(cb.iter().copied()));
            assert_eq!(
                bits(a.explained_variance().iter().copied()),
                bits(b.explained_variance().iter().copied())
            );
        }
        // A different seed does change the randomised result on a full-rank matrix.
        let (c, _) = fit_transform(&x, &params(20, 10, 4, 100)).expect("fit");
        assert_ne!(
            bits(a.singular_values().iter().copied()),
            bits(c.singular_values().iter().copied())
        );
    }

    /// A sparse non-negative matrix of exact rank `rank` (product of sparse factors).
    fn low_rank(rows: usize, cols: usize, rank: usize, seed: u64) -> CsMat<f64> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let w: Vec<f64> = (0..rows * rank)
            .map(|_| {
                if rng.gen_bool(0.3) {
                    rng.gen::<f64>()
                } else {
                    0.0
                }
            })
            .collect();
        let h: Vec<f64> = (0..rank * cols)
            .map(|_| {
                if rng.gen_bool(0.3) {
                    rng.gen::<f64>()
                } else {
                    0.0
                }
            })
            .collect();
        let mut x = vec![0.0; rows * cols];
        for i in 0..rows {
            for r in 0..rank {
                for j in 0..cols {
                    x[i * cols + j] += w[i * rank + r] * h[r * cols + j];
                }
            }
        }
        csr_from_dense(rows, cols, &x)
    }

    #[test]
    fn different_seeds_agree_on_a_low_rank_matrix() {
        for (rows, cols) in [(200, 300), (300, 120)] {
            let x = low_rank(rows, cols, 8, 17);
            let (base, base_coords) = fit_transform(&x, &params(5, 10, 2, 1)).expect("fit");
            for seed in [2, 3, 1234567] {
                let (other, other_coords) =
                    fit_transform(&x, &params(5, 10, 2, seed)).expect("fit");
                let diff = max_rel_diff(
                    other.singular_values().as_slice().expect("contiguous"),
                    base.singular_values().as_slice().expect("contiguous"),
                );
                assert!(diff < 1e-6, "{rows}x{cols} seed {seed}: {diff:e}");
                // Sign-fixed components are the same vectors too.
                assert!(max_abs_diff(other.components(), base.components()) < 1e-6);
                assert!(
                    max_abs_diff(&other_coords, &base_coords) < 1e-6 * base.singular_values()[0]
                );
            }
        }
    }

    #[test]
    fn components_stay_orthonormal_beyond_the_rank() {
        // Rank 8, 12 components: the last four singular values are zero and their components
        // come from the Gram–Schmidt completion, on both the wide and the tall path.
        for (rows, cols) in [(150, 220), (220, 150)] {
            let x = low_rank(rows, cols, 8, 3);
            let (lsa, coords) = fit_transform(&x, &params(12, 4, 3, 8)).expect("fit");
            let s = lsa.singular_values();
            assert!(s.iter().skip(8).all(|v| *v < 1e-12 * s[0]), "{s:?}");
            assert!(orthonormality_error(lsa.components()) < 1e-12);
            assert_sign_convention(lsa.components());
            let projected = lsa.transform(&x);
            assert!(max_abs_diff(&coords, &projected) < 1e-10 * s[0]);
        }
    }

    #[test]
    fn refuses_empty_matrices_zero_components_and_non_finite_values() {
        let p = LsaParams::new(3, 0);
        for shape in [(0, 5), (5, 0), (0, 0)] {
            let x = CsMat::<f64>::zero(shape);
            assert_eq!(
                Lsa::fit(&x, &p).err(),
                Some(LsaError::EmptyMatrix {
                    n_docs: shape.0,
                    n_terms: shape.1
                })
            );
        }
        let x = csr_from_dense(2, 2, &[1.0, 0.0, 0.0, 1.0]);
        assert_eq!(
            Lsa::fit(&x, &LsaParams::new(0, 0)).err(),
            Some(LsaError::ZeroComponents)
        );
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let x = csr_from_dense(2, 3, &[1.0, 0.0, 0.0, 0.0, 0.0, bad]);
            let expected = Some(LsaError::NonFinite { doc: 1, term: 2 });
            assert_eq!(Lsa::fit(&x, &p).err(), expected);
            assert_eq!(Lsa::fit(&x.to_csc(), &p).err(), expected);
            assert!(!expected
                .map(|e| e.to_string())
                .unwrap_or_default()
                .is_empty());
        }
    }

    fn check_fit(x: &CsMat<f64>, p: &LsaParams) {
        let (lsa, coords) = fit_transform(x, p).expect("fit");
        let k = lsa.n_components();
        let min_dim = x.rows().min(x.cols());
        assert_eq!(k, p.n_components.min(min_dim.saturating_sub(1).max(1)));
        assert_eq!(coords.dim(), (x.rows(), k));
        assert_eq!(lsa.components().dim(), (k, x.cols()));
        assert_eq!(lsa.n_terms(), x.cols());
        let s = lsa.singular_values();
        assert!(s.iter().all(|v| v.is_finite() && *v >= 0.0), "{s:?}");
        assert!(s.windows(2).into_iter().all(|w| w[0] >= w[1]), "{s:?}");
        assert!(coords.iter().all(|v| v.is_finite()));
        assert!(lsa.explained_variance().iter().all(|v| v.is_finite()));
        assert!(lsa.explained_variance_ratio().iter().all(|v| v.is_finite()));
        let err = orthonormality_error(lsa.components());
        assert!(
            err < 1e-9,
            "orthonormality {err:e} for {:?} {p:?}",
            x.shape()
        );
        assert_sign_convention(lsa.components());
        // Σσ² ≤ ‖X‖²_F, in units of the largest entry so nothing overflows.
        let m = x.data().iter().fold(0.0f64, |a, v| a.max(v.abs()));
        if m > 0.0 {
            let fro2: f64 = x.data().iter().map(|v| (v / m) * (v / m)).sum();
            let sig2: f64 = s.iter().map(|v| (v / m) * (v / m)).sum();
            assert!(sig2 <= fro2 * (1.0 + 1e-9), "{sig2} > {fro2}");
        } else {
            assert!(s.iter().all(|v| *v == 0.0));
            assert!(coords.iter().all(|v| *v == 0.0));
        }
        assert!(lsa.transform(x).iter().all(|v| v.is_finite()));
    }

    #[test]
    fn degenerate_inputs_fit_without_panicking() {
        let shapes = [
            (1, 1),
            (1, 7),
            (7, 1),
            (2, 2),
            (3, 40),
            (40, 3),
            (4, 6),
            (6, 4),
        ];
        for (rows, cols) in shapes {
            for p in [
                params(5, 10, 5, 1),
                params(1, 0, 0, 2),
                params(usize::MAX, usize::MAX, 1, 3),
            ] {
                // All zero, one non-zero, all ones (rank 1), identity-like.
                check_fit(&CsMat::zero((rows, cols)), &p);
                let mut one = vec![0.0; rows * cols];
                one[rows * cols - 1] = 2.5;
                check_fit(&csr_from_dense(rows, cols, &one), &p);
                check_fit(&csr_from_dense(rows, cols, &vec![1.0; rows * cols]), &p);
                let eye: Vec<f64> = (0..rows * cols)
                    .map(|t| if t / cols == t % cols { 1.0 } else { 0.0 })
                    .collect();
                check_fit(&csr_from_dense(rows, cols, &eye), &p);
            }
        }
        // An all-zero matrix still yields orthonormal components and zero coordinates.
        let (lsa, coords) =
            fit_transform(&CsMat::zero((5, 9)), &LsaParams::new(3, 0)).expect("fit");
        assert!(lsa.singular_values().iter().all(|v| *v == 0.0));
        assert!(coords.iter().all(|v| *v == 0.0));
        assert!(lsa.explained_variance_ratio().iter().all(|v| *v == 0.0));
    }

    #[test]
    fn copies_of_one_row_explain_no_variance() {
        // Five copies of one TF-IDF row: no spread at all, so no share of it is explained
        // (rounding once made the ratio 3.1).
        let row = [0.1, 0.0, 0.3, 0.7, 0.0, 0.2, 0.6, 0.05, 0.01];
        let dense: Vec<f64> = (0..5).flat_map(|_| row).collect();
        let x = csr_from_dense(5, row.len(), &dense);
        let lsa = Lsa::fit(&x, &LsaParams::new(2, 0)).expect("fit");
        let ratio = lsa.explained_variance_ratio();
        assert!(ratio.iter().all(|v| *v == 0.0), "{ratio}");
    }

    #[test]
    fn random_small_matrices_fit_without_panicking() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
        for _ in 0..300 {
            let rows = rng.gen_range(1..12);
            let cols = rng.gen_range(1..12);
            let density = rng.gen::<f64>();
            let magnitude = 10f64.powi(rng.gen_range(-150..150));
            let mut data: Vec<f64> = (0..rows * cols)
                .map(|_| {
                    if rng.gen_bool(density) {
                        rng.gen_range(-1.0..1.0) * magnitude
                    } else {
                        0.0
                    }
                })
                .collect();
            if rows > 1 && rng.gen_bool(0.3) {
                // A duplicated document.
                let (first, rest) = data.split_at_mut(cols);
                rest[..cols].copy_from_slice(first);
            }
            let p = params(
                rng.gen_range(1..14),
                rng.gen_range(0..12),
                rng.gen_range(0..4),
                rng.gen(),
            );
            let x = csr_from_dense(rows, cols, &data);
            check_fit(&x, &p);
            check_fit(&x.to_csc(), &p);
        }
        // Extreme magnitudes are rescaled internally (f64::MAX: σ itself overflows to +inf,
        // but the components stay orthonormal).
        for magnitude in [1e300, 1e-300, f64::MIN_POSITIVE / 4.0, f64::MAX] {
            let x = csr_from_dense(
                3,
                4,
                &[
                    magnitude, 0.0, magnitude, 0.0, 0.0, magnitude, 0.0, 0.0, magnitude, magnitude,
                    0.0, 0.0,
                ],
            );
            let lsa = Lsa::fit(&x, &LsaParams::new(2, 0)).expect("fit");
            let finite = lsa.singular_values().iter().all(|v| v.is_finite());
            assert!(finite || magnitude == f64::MAX, "{magnitude:e}");
            assert!(orthonormality_error(lsa.components()) < 1e-9);
        }
    }

    #[test]
    fn transform_ignores_terms_beyond_the_fitted_vocabulary() {
        let x = low_rank(30, 20, 4, 5);
        let lsa = Lsa::fit(&x, &LsaParams::new(3, 1)).expect("fit");
        // Same documents with three extra (unknown) terms appended.
        let mut tri = TriMat::new((30, 23));
        for (&v, (i, j)) in x.iter() {
            tri.add_triplet(i, j, v);
        }
        for i in 0..30 {
            tri.add_triplet(i, 20 + i % 3, 7.0);
        }
        let wider: CsMat<f64> = tri.to_csr();
        assert_eq!(
            bits(lsa.transform(&x).iter().copied()),
            bits(lsa.transform(&wider).iter().copied())
        );
        // Fewer terms: the missing ones count as zero.
        let narrow = csr_from_dense(1, 5, &[1.0, 0.0, 0.0, 0.0, 2.0]);
        let t = lsa.transform(&narrow);
        let expected = &lsa.components().column(0) * 1.0 + &lsa.components().column(4) * 2.0;
        for (a, b) in t.row(0).iter().zip(expected.iter()) {
            assert!((a - b).abs() < 1e-15);
        }
    }

    #[test]
    fn normalize_rows_gives_unit_rows_and_keeps_zero_rows() {
        let mut m = ndarray::arr2(&[[3.0, 4.0], [0.0, 0.0], [-1e-200, 0.0], [1e200, 1e200]]);
        normalize_rows(&mut m);
        assert_eq!(m.row(0).to_vec(), vec![0.6, 0.8]);
        assert_eq!(m.row(1).to_vec(), vec![0.0, 0.0]);
        assert_eq!(m.row(2).to_vec(), vec![-1.0, 0.0]);
        let r = std::f64::consts::FRAC_1_SQRT_2;
        assert!(m.row(3).iter().all(|v| (v - r).abs() < 1e-15));
    }

    #[test]
    fn auto_n_iter_follows_scikit_learn() {
        assert_eq!(LsaParams::auto_n_iter(100, 5000, 20000), 7);
        assert_eq!(LsaParams::auto_n_iter(500, 5000, 20000), 4);
        assert_eq!(LsaParams::auto_n_iter(10, 50, 20000), 4);
        let p = LsaParams::new(100, 7);
        assert_eq!((p.n_oversamples, p.n_iter, p.seed), (10, 5, 7));
    }

    #[test]
    fn gaussian_matrix_is_standard_normal() {
        let g = gaussian_matrix(2000, 50, 1);
        let n = g.len() as f64;
        let mean = g.sum() / n;
        let var = g.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        assert!(
            mean.abs() < 0.01 && (var - 1.0).abs() < 0.01,
            "{mean} {var}"
        );
        assert_eq!(
            bits(g.iter().copied()),
            bits(gaussian_matrix(2000, 50, 1).iter().copied())
        );
    }
}
