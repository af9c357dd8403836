//! The gold classes × predicted clusters contingency table every label-agreement score is
//! computed from.

use ndarray::Array2;

use super::MetricError;

/// Gold classes × predicted clusters co-occurrence counts.
///
/// Stored sparsely (row-major non-zero cells) because the interesting
/// degenerate case — every document its own cluster — would make a dense
/// table quadratic in the corpus size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Contingency {
    pub(super) rows: Vec<usize>,
    pub(super) cols: Vec<usize>,
    pub(super) cells: Vec<(usize, usize, u64)>,
    pub(super) row_sums: Vec<u64>,
    pub(super) col_sums: Vec<u64>,
    pub(super) n_samples: u64,
}

impl Contingency {
    /// Distinct gold labels, ascending; row `i` of the table is `rows()[i]`.
    #[cfg(test)]
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }

    /// Distinct predicted cluster ids, ascending; column `j` is `cols()[j]`.
    #[cfg(test)]
    pub fn cols(&self) -> &[usize] {
        &self.cols
    }

    /// Count at `(row index, column index)`; 0 outside the table.
    #[cfg(test)]
    pub fn get(&self, row: usize, col: usize) -> u64 {
        self.cells
            .binary_search_by(|&(r, c, _)| (r, c).cmp(&(row, col)))
            .map_or(0, |k| self.cells[k].2)
    }

    /// Dense `rows × cols` table. Costs `rows × cols` memory: meant for
    /// reports and tests, the metrics never build it.
    pub fn counts(&self) -> Array2<u64> {
        let mut dense = Array2::zeros((self.rows.len(), self.cols.len()));
        for &(r, c, n) in &self.cells {
            dense[(r, c)] = n;
        }
        dense
    }
}

/// Builds the contingency table; labels need not be contiguous, they are
/// mapped to rows/columns in ascending order like `np.unique` does.
pub fn contingency(
    labels_true: &[usize],
    labels_pred: &[usize],
) -> Result<Contingency, MetricError> {
    if labels_true.len() != labels_pred.len() {
        return Err(MetricError::LengthMismatch {
            n_true: labels_true.len(),
            n_pred: labels_pred.len(),
        });
    }
    let rows = sorted_unique(labels_true);
    let cols = sorted_unique(labels_pred);
    let mut pairs: Vec<(usize, usize)> = labels_true
        .iter()
        .zip(labels_pred)
        .map(|(t, p)| (dense_index(&rows, *t), dense_index(&cols, *p)))
        .collect();
    pairs.sort_unstable();

    let mut cells: Vec<(usize, usize, u64)> = Vec::new();
    let mut row_sums = vec![0u64; rows.len()];
    let mut col_sums = vec![0u64; cols.len()];
    for (r, c) in pairs {
        row_sums[r] += 1;
        col_sums[c] += 1;
        match cells.last_mut() {
            Some(last) if last.0 == r && last.1 == c => last.2 += 1,
            _ => cells.push((r, c, 1)),
        }
    }
    Ok(Contingency {
        rows,
        cols,
        cells,
        row_sums,
        col_sums,
        n_samples: labels_true.len() as u64,
    })
}

pub(super) fn sorted_unique(labels: &[usize]) -> Vec<usize> {
    let mut uniq = labels.to_vec();
    uniq.sort_unstable();
    uniq.dedup();
    uniq
}

/// Position of `label` in `uniq`, which was built from the same labels, so
/// the search always hits; `unwrap_or_else` keeps this panic-free anyway.
pub(super) fn dense_index(uniq: &[usize], label: usize) -> usize {
    uniq.binary_search(&label).unwrap_or_else(|k| k)
}
