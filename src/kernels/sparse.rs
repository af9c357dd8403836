//! Sparse × dense products, parallel and reproducible.
//!
//! Owns [`SparseRows`] (compressed rows with owned, zero-based storage, and their O(nnz)
//! transpose) and [`Panelled`] (the same rows split into column panels for cache-friendly
//! products with a dense right-hand side). Holding X and Xᵀ both makes X·D and Xᵀ·D
//! row-parallel gathers with no write conflicts and no per-thread accumulators; every output
//! row is summed in a fixed order, so products do not depend on the thread count. It does not
//! build TF-IDF matrices ([`crate::vectorise`] does) or decide what to multiply.

use ndarray::Array2;
use rayon::prelude::*;
use sprs::{CsMatI, SpIndex};

use super::dense::row_major;

/// The TF-IDF matrix that LSA and clustering read: compressed rows with 32-bit column indices
/// (term ids are 32-bit from the counting engine on). At 64 bits the indices were a third of
/// the matrix, the largest thing `analyse` builds after the analysed text (README, "Large
/// corpora").
pub type TermMatrix = CsMatI<f64, u32, usize>;

/// Rows per parallel task in the sparse products. Fixed rather than derived from the thread
/// count, so each output row is computed by the same code whatever the pool size.
const SPMM_ROWS: usize = 64;
/// Size of the slice of the dense operand that one column panel reads (the README's
/// "Performance notes" has the measurements behind it).
const PANEL_BYTES: usize = 2 * 1024 * 1024;
/// A dense operand up to this size stays in L3 anyway, so it is not split: each extra panel
/// would cost one more pass over the output.
const SINGLE_PANEL_BYTES: usize = 8 * 1024 * 1024;

/// Compressed rows with owned, zero-based storage. Holding X and Xᵀ both (an O(nnz)
/// counting-sort transpose) makes X·D and Xᵀ·D row-parallel gathers with no write conflicts
/// and no per-thread accumulators.
pub(crate) struct SparseRows {
    nrows: usize,
    ncols: usize,
    indptr: Vec<usize>,
    /// 32-bit, as [`TermMatrix`]'s: LSA holds four copies of its sample at once.
    indices: Vec<u32>,
    data: Vec<f64>,
}

impl SparseRows {
    /// The outer dimension of `x` as rows (documents for CSR, terms for CSC), times `scale`;
    /// explicit zeros are dropped. Both dimensions fit in 32 bits (term ids are 32-bit, and
    /// 4·10⁹ documents are beyond any corpus this runs on).
    pub(crate) fn from_outer<I: SpIndex, Iptr: SpIndex>(
        x: &CsMatI<f64, I, Iptr>,
        scale: f64,
    ) -> Self {
        let (nrows, ncols) = (x.outer_dims(), x.inner_dims());
        let mut indptr = Vec::with_capacity(nrows + 1);
        let mut indices = Vec::with_capacity(x.nnz());
        let mut data = Vec::with_capacity(x.nnz());
        indptr.push(0);
        for vec in x.outer_iterator() {
            for (j, &v) in vec.iter() {
                if j < ncols && v != 0.0 {
                    indices.push(j as u32);
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
    pub(crate) fn csr_of<I: SpIndex, Iptr: SpIndex>(x: &CsMatI<f64, I, Iptr>, scale: f64) -> Self {
        let outer = Self::from_outer(x, scale);
        if x.is_csr() {
            outer
        } else {
            outer.transpose()
        }
    }

    /// Rows.
    pub(crate) fn nrows(&self) -> usize {
        self.nrows
    }

    /// The stored (non-zero) values of row `i`, in column order.
    pub(crate) fn row_values(&self, i: usize) -> &[f64] {
        &self.data[self.indptr[i]..self.indptr[i + 1]]
    }

    /// Counting-sort transpose; rows of the result come out with sorted column indices.
    pub(crate) fn transpose(&self) -> Self {
        let mut indptr = vec![0usize; self.ncols + 1];
        for &j in &self.indices {
            indptr[j as usize + 1] += 1;
        }
        for j in 0..self.ncols {
            indptr[j + 1] += indptr[j];
        }
        let mut next = indptr.clone();
        let mut indices = vec![0u32; self.indices.len()];
        let mut data = vec![0.0; self.data.len()];
        for i in 0..self.nrows {
            for p in self.indptr[i]..self.indptr[i + 1] {
                let j = self.indices[p] as usize;
                let dst = next[j];
                indices[dst] = i as u32;
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
    pub(crate) fn with_ncols(self, ncols: usize) -> Self {
        if self.ncols <= ncols {
            return Self { ncols, ..self };
        }
        let mut indptr = Vec::with_capacity(self.nrows + 1);
        let mut indices = Vec::with_capacity(self.indices.len());
        let mut data = Vec::with_capacity(self.data.len());
        indptr.push(0);
        for i in 0..self.nrows {
            for p in self.indptr[i]..self.indptr[i + 1] {
                if (self.indices[p] as usize) < ncols {
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
    pub(crate) fn panelled(&self, l: usize) -> Panelled {
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
                let j = self.indices[p] as usize;
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

/// A sparse matrix as column panels, each in compressed-row form with panel-local column
/// indices.
///
/// Why: in X·D every stored entry reads a whole row of D (l doubles). Gathering those rows at
/// random from a D of 20,000 × 110 doubles (17.6 MB) misses cache on nearly every entry.
/// Processing one panel of columns at a time keeps the rows of D it touches in cache, at the
/// price of revisiting each output row once per panel (cheap while the output is the smaller
/// operand; it is read sequentially).
pub(crate) struct Panelled {
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
    /// Columns of the matrix (rows of the dense operand).
    pub(crate) fn ncols(&self) -> usize {
        self.ncols
    }

    /// self · d for a dense d (ncols × l). Output rows are split into fixed blocks and each
    /// row sums its panels in order, so the result does not depend on the thread count.
    pub(crate) fn mul_dense(&self, d: &Array2<f64>) -> Array2<f64> {
        let mut out = Array2::zeros((self.nrows, d.ncols()));
        self.mul_dense_into(d, &mut out);
        out
    }

    /// As [`Panelled::mul_dense`], into `out` (nrows × l, overwritten). The long side of a
    /// wide corpus gives a product of terms × l (70 MB for 80,000 terms): reusing one buffer
    /// through the power iterations saves the page faults of a fresh one each time, which
    /// cost more than the product itself on some machines.
    pub(crate) fn mul_dense_into(&self, d: &Array2<f64>, out: &mut Array2<f64>) {
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

with_avx! {
    /// `out += Σₚ vals[p] · d[cols[p], :]`, two stored entries at a time to halve the passes
    /// over `out`; the summation order is fixed, so the result is reproducible.
    pub(crate) fn accumulate_row / accumulate_row_avx = accumulate_row_portable(
        cols: &[u32],
        vals: &[f64],
        d: &[f64],
        out: &mut [f64]
    )
}

#[inline(always)]
fn accumulate_row_portable(cols: &[u32], vals: &[f64], d: &[f64], out: &mut [f64]) {
    accumulate_pairs(cols, vals, d, out, |_| {});
}

/// The loop of every `accumulate_row` build: `out += Σₚ vals[p] · d[cols[p], :]`, entries
/// taken two at a time and added in that one order, whatever `d` is stored in;
/// `before_pair(p)` runs before pair `p` is summed (the f32 build fetches blocks ahead there).
#[inline(always)]
fn accumulate_pairs<T: Copy + Into<f64>>(
    cols: &[u32],
    vals: &[f64],
    d: &[T],
    out: &mut [f64],
    mut before_pair: impl FnMut(usize),
) {
    let l = out.len();
    let mut pairs_c = cols.chunks_exact(2);
    let mut pairs_v = vals.chunks_exact(2);
    for (p, (c, v)) in (&mut pairs_c).zip(&mut pairs_v).enumerate() {
        before_pair(p);
        let (c0, c1) = (c[0] as usize * l, c[1] as usize * l);
        let d0 = &d[c0..c0 + l];
        let d1 = &d[c1..c1 + l];
        let (v0, v1) = (v[0], v[1]);
        for ((o, &a), &b) in out.iter_mut().zip(d0).zip(d1) {
            *o += v0 * a.into() + v1 * b.into();
        }
    }
    if let (Some(&c), Some(&v)) = (pairs_c.remainder().first(), pairs_v.remainder().first()) {
        let c0 = c as usize * l;
        for (o, &a) in out.iter_mut().zip(&d[c0..c0 + l]) {
            *o += v * a.into();
        }
    }
}

/// [`accumulate_row`] with `d` stored in f32 and summed in f64, for a table too large for the
/// cache that is read a block per stored entry (the polish on the terms): each block is
/// asked for a few entries ahead, since waiting for one block at a time, not the bytes
/// read, was what a row cost.
pub(crate) fn accumulate_row_f32(cols: &[u32], vals: &[f64], d: &[f32], out: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx") {
            // SAFETY: the processor has AVX, the one feature the function is compiled for.
            #[allow(unsafe_code)]
            return unsafe { accumulate_row_f32_avx(cols, vals, d, out) };
        }
    }
    accumulate_row_f32_portable(cols, vals, d, out);
}

/// Pairs of entries ahead whose blocks are fetched while a pair is summed.
#[cfg(target_arch = "x86_64")]
const PREFETCH_PAIRS: usize = 4;

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
fn accumulate_row_f32_avx(cols: &[u32], vals: &[f64], d: &[f32], out: &mut [f64]) {
    use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
    let l = out.len();
    let fetch = |col: u32| {
        let block = d.as_ptr().wrapping_add(col as usize * l);
        for line in (0..l).step_by(16) {
            _mm_prefetch::<_MM_HINT_T0>(block.wrapping_add(line).cast());
        }
    };
    cols.iter().take(2 * PREFETCH_PAIRS).for_each(|&c| fetch(c));
    accumulate_pairs(cols, vals, d, out, |p| {
        cols.iter()
            .skip(2 * (p + PREFETCH_PAIRS))
            .take(2)
            .for_each(|&c| fetch(c));
    });
}

#[inline(always)]
fn accumulate_row_f32_portable(cols: &[u32], vals: &[f64], d: &[f32], out: &mut [f64]) {
    accumulate_pairs(cols, vals, d, out, |_| {});
}

/// Entry `column` of what [`accumulate_row`] adds to a zeroed `out` of width `l`, to the bit:
/// the same pairs, summed in the same order.
pub(crate) fn accumulated_entry(
    cols: &[u32],
    vals: &[f64],
    d: &[f64],
    l: usize,
    column: usize,
) -> f64 {
    let mut pairs_c = cols.chunks_exact(2);
    let mut pairs_v = vals.chunks_exact(2);
    let mut o = 0.0;
    for (c, v) in (&mut pairs_c).zip(&mut pairs_v) {
        let (a, b) = (d[c[0] as usize * l + column], d[c[1] as usize * l + column]);
        o += v[0] * a + v[1] * b;
    }
    if let (Some(&c), Some(&v)) = (pairs_c.remainder().first(), pairs_v.remainder().first()) {
        o += v * d[c as usize * l + column];
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_avx_builds_give_the_portable_bits() {
        let l = 13;
        let d: Vec<f64> = (0..7 * l)
            .map(|i| (i as f64 * 0.37).sin() * 10f64.powi(i % 7 - 3))
            .collect();
        let cols = [4u32, 0, 6, 2, 2, 5, 1];
        let vals = [0.3, -1.7, 2.9e-3, 5.0, 1.0 / 3.0, -0.25, 7.5];
        for n in 0..=cols.len() {
            let (c, v) = (&cols[..n], &vals[..n]);
            let start: Vec<f64> = (0..l).map(|i| i as f64 / 7.0).collect();
            let (mut a, mut b) = (start.clone(), start);
            accumulate_row(c, v, &d, &mut a);
            accumulate_row_portable(c, v, &d, &mut b);
            assert_eq!(a, b, "pairs, {n} entries");
        }
    }

    #[test]
    fn one_entry_is_the_bits_of_the_whole_row_and_the_f32_table_is_close() {
        let l: usize = 13;
        let d: Vec<f64> = (0..7 * l)
            .map(|i| (i as f64 * 0.37).sin() * 10f64.powi(i as i32 % 7 - 3))
            .collect();
        let d32: Vec<f32> = d.iter().map(|&v| v as f32).collect();
        let cols = [4u32, 0, 6, 2, 2, 5, 1];
        let vals = [0.3, -1.7, 2.9e-3, 5.0, 1.0 / 3.0, -0.25, 7.5];
        for n in 0..=cols.len() {
            let (c, v) = (&cols[..n], &vals[..n]);
            let mut row = vec![0.0; l];
            accumulate_row(c, v, &d, &mut row);
            let (mut wide, mut narrow) = (vec![0.0; l], vec![0.0; l]);
            accumulate_row_f32(c, v, &d32, &mut wide);
            accumulate_row_f32_portable(c, v, &d32, &mut narrow);
            assert_eq!(wide, narrow, "f32 table, {n} entries");
            for (column, (&whole, &approx)) in row.iter().zip(&wide).enumerate() {
                assert_eq!(
                    accumulated_entry(c, v, &d, l, column).to_bits(),
                    whole.to_bits()
                );
                let scale: f64 = c
                    .iter()
                    .zip(v)
                    .map(|(&t, x)| (x * d[t as usize * l + column]).abs())
                    .sum();
                assert!(
                    (whole - approx).abs() <= scale * 2f64.powi(-24) + 1e-300,
                    "{n} {column}"
                );
            }
        }
    }
}
