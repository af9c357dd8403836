//! Seeded random draws: Gaussian test matrices, uniform start vectors and random subsets.
//!
//! One generator family, xoshiro (rand_xoshiro), seeded from `--seed` alone, so the same seed
//! gives the same draws on any machine and any number of threads: xoshiro256++ here, and
//! xoshiro256+ where clustering draws (linfa's k-means++, the documents k is chosen on, the
//! anchors of `crate::neighbours`). Uniform values and random subsets are rand's own
//! (`gen_range`; `index::sample`, sorted so a subset is visited in corpus order).
//!
//! Standard normal draws are rand_distr's `StandardNormal` (a ziggurat), not a sampler of our
//! own. The Gaussian test matrix decides LSA's basis, and through it which optimum k-means
//! starts near; the restarts' vote (`crate::cluster`) keeps the result the same across seeds,
//! which `tests/cli/cluster_quality.rs` checks on BBC News and Reuters R8.

use ndarray::Array2;
use rand::seq::index::sample;
use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use super::dense::filled;

/// Rows of the Gaussian test matrix drawn from one xoshiro stream.
const GAUSS_ROWS: usize = 256;

/// A rows × cols matrix with independent N(0, 1) entries. Each block of rows draws from its
/// own xoshiro256++ stream, 2¹²⁸ draws apart (`jump`), so the matrix is the same whatever the
/// thread count.
pub(crate) fn gaussian_matrix(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
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

/// Standard normal draws by rand_distr's `StandardNormal` (a ziggurat).
fn fill_standard_normal(out: &mut [f64], rng: &mut Xoshiro256PlusPlus) {
    for v in out.iter_mut() {
        *v = rng.sample(StandardNormal);
    }
}

/// A rows × cols matrix with entries uniform on [-1, 1), drawn row after row from one
/// xoshiro256++ stream.
pub(crate) fn uniform_matrix(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    Array2::from_shape_simple_fn((rows, cols), || rng.gen_range(-1.0..1.0))
}

/// `m` distinct positions of `0..n` chosen by rand's `index::sample` from `rng`, ascending
/// (all of them when `m >= n`).
pub(crate) fn sorted_sample<R: Rng + ?Sized>(rng: &mut R, n: usize, m: usize) -> Vec<usize> {
    let mut idx = sample(rng, n, m.min(n)).into_vec();
    idx.sort_unstable();
    idx
}

/// `m` distinct positions of `0..n`, ascending, drawn by [`sorted_sample`] from a
/// xoshiro256++ stream seeded with `seed`.
pub(crate) fn seeded_sample(n: usize, m: usize, seed: u64) -> Vec<usize> {
    sorted_sample(&mut Xoshiro256PlusPlus::seed_from_u64(seed), n, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_samples_are_distinct_sorted_and_seeded() {
        let idx = seeded_sample(1000, 100, 9);
        assert_eq!(idx.len(), 100);
        assert!(idx.windows(2).all(|w| w[0] < w[1]));
        assert!(idx.iter().all(|&i| i < 1000));
        assert_eq!(idx, seeded_sample(1000, 100, 9));
        assert_ne!(idx, seeded_sample(1000, 100, 10));
        assert_eq!(seeded_sample(5, 10, 1), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn sorted_samples_are_distinct_and_sorted() {
        let mut rng = rand_xoshiro::Xoshiro256Plus::seed_from_u64(3);
        let idx = sorted_sample(&mut rng, 50, 20);
        assert_eq!(idx.len(), 20);
        assert!(idx.windows(2).all(|w| w[0] < w[1]) && idx[19] < 50);
        assert_eq!(sorted_sample(&mut rng, 4, 9), vec![0, 1, 2, 3]);
    }

    #[test]
    fn gaussian_matrix_is_standard_normal_and_seeded() {
        let g = gaussian_matrix(2000, 50, 1);
        let n = g.len() as f64;
        let mean = g.sum() / n;
        let var = g.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        assert!(
            mean.abs() < 0.01 && (var - 1.0).abs() < 0.01,
            "{mean} {var}"
        );
        assert_eq!(g, gaussian_matrix(2000, 50, 1));
        // The same bits on one thread as on many (each block has its own stream).
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool")
            .install(|| gaussian_matrix(2000, 50, 1));
        assert_eq!(g, one);
    }

    #[test]
    fn uniform_matrix_is_in_range_and_seeded() {
        let u = uniform_matrix(6, 100, 4);
        assert!(u.iter().all(|v| (-1.0..1.0).contains(v)));
        assert_eq!(u, uniform_matrix(6, 100, 4));
    }
}
