//! Latent semantic analysis: a randomised truncated SVD of a sparse TF-IDF matrix.
//!
//! Owns the LSA parameters ([`LsaParams`]), the refusals ([`LsaError`]) and the fitted model
//! ([`Lsa`]: singular values, components, explained variance); `randomised_svd` fits it. The
//! method is Halko, Martinsson & Tropp (2011), "Finding structure with randomness", SIAM
//! Review 53(2), Algorithms 4.4 and 5.1, as scikit-learn 1.9's `randomized_svd` /
//! `TruncatedSVD(algorithm="randomized")` run it. The products, orthonormalisations and the
//! eigensolver it is built of are the crate's `kernels`. This module does not cluster.

use std::fmt;

use ndarray::{Array1, Array2};
use sprs::{CsMatI, SpIndex};

use crate::kernels::sparse::SparseRows;

mod randomised_svd;
#[cfg(test)]
mod tests;

pub use randomised_svd::{fit_transform, fit_transform_owned};

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
    pub fn fit<I: SpIndex, Iptr: SpIndex>(
        x: &CsMatI<f64, I, Iptr>,
        params: &LsaParams,
    ) -> Result<Lsa, LsaError> {
        fit_transform(x, params).map(|(lsa, _)| lsa)
    }

    /// Document coordinates X·V for (new) documents over the same vocabulary. Terms beyond
    /// the fitted vocabulary are ignored rather than rejected, so a grown vocabulary still
    /// projects.
    pub fn transform<I: SpIndex, Iptr: SpIndex>(&self, x: &CsMatI<f64, I, Iptr>) -> Array2<f64> {
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
