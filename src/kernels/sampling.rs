//! Seeded random draws: Gaussian test matrices, uniform start vectors and random subsets.
//!
//! Every generator comes from one crate, rand_xoshiro, and is seeded from `--seed` alone, so
//! the same seed gives the same draws on any machine and any number of threads. Three of its
//! generators are in use, each where its stream is part of a result users see (report bytes,
//! or evaluation scores) and so cannot change without changing that result:
//!
//! - xoshiro256++ for the Gaussian test matrix of LSA and the document map's start vectors;
//! - xoshiro256+ for k-means (linfa draws k-means++ from it) and the documents k is chosen on
//!   (`crate::cluster`), drawn with rand's `index::sample`;
//! - SplitMix64 for the silhouette's sample (a partial Fisher–Yates shuffle with Lemire's
//!   unbiased bounded integers).
//!
//! The standard normal draws use Marsaglia's polar method rather than rand_distr's
//! `StandardNormal` (a ziggurat): the Gaussian test matrix decides LSA's last bits, which
//! `report.json` prints in full (the explained variance), so another sampler would change
//! every report.

use ndarray::Array2;
use rand::seq::index::sample;
use rand::{Rng, RngCore, SeedableRng};
use rand_xoshiro::{SplitMix64, Xoshiro256PlusPlus};
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

/// The first `k` positions of a seeded partial Fisher–Yates shuffle of `0..n` (SplitMix64,
/// Steele, Lea & Flood 2014), ascending so the subset is visited in corpus order.
pub(crate) fn shuffled_subset(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut rng = SplitMix64::seed_from_u64(seed);
    let mut idx: Vec<usize> = (0..n).collect();
    for i in 0..k.min(n) {
        let j = i + below(&mut rng, (n - i) as u64) as usize;
        idx.swap(i, j);
    }
    idx.truncate(k);
    idx.sort_unstable();
    idx
}

/// Unbiased integer in `0..bound` (Lemire 2019, multiply-and-reject); `bound` must be non-zero.
/// rand's `gen_range` rejects a different set of draws, hence a different stream.
fn below(rng: &mut impl RngCore, bound: u64) -> u64 {
    let threshold = bound.wrapping_neg() % bound;
    loop {
        let m = u128::from(rng.next_u64()) * u128::from(bound);
        if (m as u64) >= threshold {
            return (m >> 64) as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64 as Steele, Lea & Flood wrote it (and as sintesi carried it by hand before it
    /// used rand_xoshiro's): the subsets of [`shuffled_subset`] depend on this exact stream.
    struct ReferenceSplitMix64(u64);

    impl ReferenceSplitMix64 {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
    }

    #[test]
    fn rand_xoshiro_splitmix64_is_the_reference_stream() {
        for seed in [0, 1, 42, 0x5EED, u64::MAX] {
            let mut ours = SplitMix64::seed_from_u64(seed);
            let mut reference = ReferenceSplitMix64(seed);
            for _ in 0..1000 {
                assert_eq!(ours.next_u64(), reference.next_u64(), "seed {seed}");
            }
        }
    }

    #[test]
    fn shuffled_subsets_are_distinct_sorted_and_seeded() {
        let idx = shuffled_subset(1000, 100, 9);
        assert_eq!(idx.len(), 100);
        assert!(idx.windows(2).all(|w| w[0] < w[1]));
        assert!(idx.iter().all(|&i| i < 1000));
        assert_eq!(idx, shuffled_subset(1000, 100, 9));
        assert_ne!(idx, shuffled_subset(1000, 100, 10));
        assert_eq!(shuffled_subset(5, 10, 1), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn shuffled_subsets_are_those_of_the_hand_written_generator() {
        // The silhouette sample of `evaluate clusters` as it was drawn before rand_xoshiro's
        // SplitMix64 replaced the hand-written one.
        fn reference(n: usize, k: usize, seed: u64) -> Vec<usize> {
            let mut rng = ReferenceSplitMix64(seed);
            let mut idx: Vec<usize> = (0..n).collect();
            for i in 0..k.min(n) {
                let bound = (n - i) as u64;
                let threshold = bound.wrapping_neg() % bound;
                let j = loop {
                    let m = u128::from(rng.next_u64()) * u128::from(bound);
                    if (m as u64) >= threshold {
                        break (m >> 64) as usize;
                    }
                };
                idx.swap(i, i + j);
            }
            idx.truncate(k);
            idx.sort_unstable();
            idx
        }
        for (n, k, seed) in [(2225, 2000, 0), (7674, 2000, 42), (10, 3, 7), (3, 3, 1)] {
            assert_eq!(shuffled_subset(n, k, seed), reference(n, k, seed));
        }
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
