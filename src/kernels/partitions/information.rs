//! Information-theoretic agreement: entropy and mutual information of a contingency table,
//! as scikit-learn computes them (homogeneity, completeness, V-measure and NMI are ratios of
//! these).

use super::Contingency;

/// Shannon entropy (nats) of a labelling given its class sizes, as sklearn's
/// `_entropy`: `-Σ (c/n)(ln c − ln n)`; empty → 1.0, one class → 0.0.
pub(super) fn entropy(class_sizes: &[u64], n_samples: u64) -> f64 {
    if n_samples == 0 {
        return 1.0;
    }
    if class_sizes.len() == 1 {
        return 0.0;
    }
    let n = n_samples as f64;
    let log_n = n.ln();
    -class_sizes
        .iter()
        .map(|&c| {
            let c = c as f64;
            (c / n) * (c.ln() - log_n)
        })
        .sum::<f64>()
}

/// Mutual information (nats), term for term as sklearn's `mutual_info_score`
/// on a sparse table: `Σ n_ij/N (ln n_ij − ln N) + n_ij/N (ln N + ln N −
/// ln(a_i b_j))`, tiny terms flushed to 0, result clipped at 0.
pub(super) fn mutual_info(table: &Contingency) -> f64 {
    if table.rows.len() == 1 || table.cols.len() == 1 {
        return 0.0;
    }
    let n = table.n_samples as f64;
    let log_n = n.ln();
    let mi: f64 = table
        .cells
        .iter()
        .map(|&(r, c, n_ij)| {
            let outer = u128::from(table.row_sums[r]) * u128::from(table.col_sums[c]);
            let p_ij = n_ij as f64 / n;
            let log_outer = -(outer as f64).ln() + log_n + log_n;
            let term = p_ij * ((n_ij as f64).ln() - log_n) + p_ij * log_outer;
            if term.abs() < f64::EPSILON {
                0.0
            } else {
                term
            }
        })
        .sum();
    mi.max(0.0)
}
