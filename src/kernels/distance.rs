//! Dot products and squared Euclidean distances of dense vectors: the inner loops of k-means,
//! k-means++ and the document map.
//!
//! Both kernels sum with four independent accumulators, which lets the compiler vectorise the
//! loop (several times faster than a plain fold on the 100-dimensional rows LSA gives), and
//! add them up in one fixed order, `((a₀ + a₁) + a₂) + a₃` then the tail, so a given pair of
//! slices always gives the same bits.

with_avx! {
    /// x · y over the common length of the slices.
    pub fn dot / dot_avx = dot_portable(x: &[f64], y: &[f64]) -> f64
}

with_avx! {
    /// ‖x − y‖² over the common length of the slices.
    pub(crate) fn squared_euclidean / squared_euclidean_avx = squared_euclidean_portable(
        x: &[f64],
        y: &[f64]
    ) -> f64
}

#[inline(always)]
fn dot_portable(x: &[f64], y: &[f64]) -> f64 {
    sum_of_terms(x, y, |a, b| a * b)
}

#[inline(always)]
fn squared_euclidean_portable(x: &[f64], y: &[f64]) -> f64 {
    sum_of_terms(x, y, |a, b| {
        let d = a - b;
        d * d
    })
}

/// Σ term(xᵢ, yᵢ) with four accumulators summed in one fixed order, then the tail.
#[inline(always)]
fn sum_of_terms(x: &[f64], y: &[f64], term: impl Fn(f64, f64) -> f64) -> f64 {
    let mut acc = [0.0f64; 4];
    let (xc, yc) = (x.chunks_exact(4), y.chunks_exact(4));
    let tail: f64 = xc
        .remainder()
        .iter()
        .zip(yc.remainder())
        .map(|(&a, &b)| term(a, b))
        .sum();
    for (a, b) in xc.zip(yc) {
        for i in 0..4 {
            acc[i] += term(a[i], b[i]);
        }
    }
    acc[0] + acc[1] + acc[2] + acc[3] + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_the_textbook_formulas_on_every_tail_length() {
        for n in 0..11 {
            let x: Vec<f64> = (0..n).map(|i| 0.5 + i as f64).collect();
            let y: Vec<f64> = (0..n).map(|i| 2.0 - 0.25 * i as f64).collect();
            let plain_dot: f64 = x.iter().zip(&y).map(|(a, b)| a * b).sum();
            let plain_d2: f64 = x.iter().zip(&y).map(|(a, b)| (a - b) * (a - b)).sum();
            assert!((dot(&x, &y) - plain_dot).abs() < 1e-12, "n = {n}");
            assert!(
                (squared_euclidean(&x, &y) - plain_d2).abs() < 1e-12,
                "n = {n}"
            );
            assert_eq!(squared_euclidean(&x, &x), 0.0);
        }
    }

    #[test]
    fn the_avx_build_gives_the_portable_bits() {
        // Values whose sums round differently in any other order.
        let x: Vec<f64> = (0..103)
            .map(|i| (i as f64 * 0.7).sin() * 1e3f64.powi(i % 5))
            .collect();
        let y: Vec<f64> = (0..103).map(|i| (i as f64 * 1.3).cos() / 3.0).collect();
        for n in [0, 1, 3, 4, 7, 100, 103] {
            let (x, y) = (&x[..n], &y[..n]);
            assert_eq!(dot(x, y).to_bits(), dot_portable(x, y).to_bits());
            assert_eq!(
                squared_euclidean(x, y).to_bits(),
                squared_euclidean_portable(x, y).to_bits()
            );
        }
    }
}
