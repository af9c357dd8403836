//! The adjusted Rand index (Hubert & Arabie 1985) from the pair confusion matrix.

use super::Contingency;

/// Adjusted Rand index from the pair confusion matrix, as sklearn's
/// `adjusted_rand_score`:
/// `ARI = 2 (tp·tn − fn·fp) / ((tp+fn)(fn+tn) + (tp+fp)(fp+tn))`,
/// and 1.0 when no pair is split differently (`fn == fp == 0`: empty input,
/// identical partitions, or both labellings one cluster / all singletons).
///
/// Pair counts are exact integers (i128, as sklearn uses Python ints); only
/// beyond ~10⁹ samples, where n⁴ overflows, does it fall back to f64.
pub(super) fn adjusted_rand(table: &Contingency) -> f64 {
    let sq = |xs: &[u64]| -> u128 { xs.iter().map(|&x| u128::from(x) * u128::from(x)).sum() };
    let n = u128::from(table.n_samples);
    let sum_squares: u128 = table
        .cells
        .iter()
        .map(|&(_, _, c)| u128::from(c) * u128::from(c))
        .sum();
    // Σ_ij n_ij b_j = Σ_j b_j² and Σ_ij n_ij a_i = Σ_i a_i².
    let tp = sum_squares - n;
    let fp = sq(&table.col_sums) - sum_squares;
    let fn_ = sq(&table.row_sums) - sum_squares;
    let tn = n * n - fp - fn_ - sum_squares;
    if fn_ == 0 && fp == 0 {
        return 1.0;
    }
    let exact = || -> Option<(i128, i128)> {
        let (tp, tn, fp, fn_) = (
            i128::try_from(tp).ok()?,
            i128::try_from(tn).ok()?,
            i128::try_from(fp).ok()?,
            i128::try_from(fn_).ok()?,
        );
        let num = tp.checked_mul(tn)?.checked_sub(fn_.checked_mul(fp)?)?;
        let den = (tp + fn_)
            .checked_mul(fn_ + tn)?
            .checked_add((tp + fp).checked_mul(fp + tn)?)?;
        Some((num, den))
    };
    match exact() {
        Some((num, den)) => 2.0 * (num as f64) / (den as f64),
        None => {
            let (tp, tn, fp, fn_) = (tp as f64, tn as f64, fp as f64, fn_ as f64);
            2.0 * (tp * tn - fn_ * fp) / ((tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn))
        }
    }
}
