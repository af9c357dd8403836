//! k-means on dense unit rows: linfa-clustering's Lloyd iterations from our own k-means++
//! starts, with seeded restarts run in parallel and screened before the best one converges.
//!
//! Every restart has its own generator derived from the seed and the lowest inertia wins
//! (ties: the lower restart), so the labels are the same whatever the number of threads.

use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use linfa_nn::distance::Distance;
use ndarray::{Array2, ArrayView, ArrayView2, Axis, Dimension};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use super::consensus::agreed_partition;
use super::lloyd::{lloyd, Fitted};
use crate::error::{Error, Result};
use crate::kernels::distance::squared_euclidean;
use crate::kernels::sampling::sorted_sample;

/// Lloyd iterations at most for the final fit.
const MAX_ITERATIONS: u64 = 100;
/// Lloyd iterations of each restart before the restarts are compared.
const SCREENING_ITERATIONS: u64 = 10;
/// A fit stops when its centroids move less than this (Euclidean norm over all centroids).
/// Rows have unit length, so this is about scikit-learn's default `tol=1e-4` (relative to the
/// data's per-feature variance, ~1/dims here, on the squared shift).
const TOLERANCE: f64 = 1e-3;
/// Above this many documents the restarts are screened on a seeded sample of
/// [`RESTART_SAMPLE`] documents and only the best one runs on the whole corpus: linfa's Lloyd
/// iterations cost O(n·k·dims) each.
const FULL_RESTARTS_UP_TO: usize = 10_000;
/// Documents the restarts are screened on above [`FULL_RESTARTS_UP_TO`].
const RESTART_SAMPLE: usize = 5_000;
/// From this many clusters a fit runs [`lloyd`], which gives linfa's fit to the bit while
/// skipping the distances Elkan's bounds decide; with fewer, a row's full scan costs little
/// more than keeping its bounds, and linfa fits.
const BOUNDED_FROM_K: usize = 16;
/// [`lloyd`] holds a bound per row and centroid: above this many (32 MB) linfa fits, which
/// holds none. The fine level of the largest exact corpus (50,000 documents, k = 79) stays
/// under it; `--k 1000` on as many documents would have held 400 MB.
const MAX_BOUNDS: usize = 1 << 22;

/// The rows at `m` seeded random positions (in ascending order).
pub(super) fn sample_rows(x: &Array2<f64>, m: usize, seed: u64) -> Array2<f64> {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed ^ 0x5EED_5A3D_1E5C_0DE5);
    x.select(Axis(0), &sorted_sample(&mut rng, x.nrows(), m))
}

/// The seed of restart `r`: distinct streams for every restart, fixed by `seed` alone.
fn restart_seed(seed: u64, r: usize) -> u64 {
    seed.wrapping_add((r as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Best-of-`restarts` k-means labels of the rows of `x`.
///
/// Every restart runs [`SCREENING_ITERATIONS`] Lloyd iterations from its own k-means++ start;
/// the one of lowest inertia is then run to convergence. After a few iterations the ranking
/// of the restarts by inertia is already that of their converged fits, and screening costs a
/// fraction of converging all of them (linfa's iterations are the expensive part).
pub(super) fn kmeans(x: &Array2<f64>, k: usize, restarts: usize, seed: u64) -> Result<Vec<usize>> {
    if k == 1 {
        return Ok(vec![0; x.nrows()]);
    }
    let n = x.nrows();
    let screened = if restarts == 1 {
        None
    } else if n > FULL_RESTARTS_UP_TO {
        // Screen on a sample: the starts are compared, not fitted.
        let rows = sample_rows(x, RESTART_SAMPLE, seed);
        let fits = fit_restarts(&rows, k, restarts, seed, None, SCREENING_ITERATIONS)?;
        Some(lowest_inertia(fits)?.centroids)
    } else {
        let fits = fit_restarts(x, k, restarts, seed, None, SCREENING_ITERATIONS)?;
        Some(lowest_inertia(fits)?.centroids)
    };
    Ok(lowest_inertia(fit_restarts(x, k, 1, seed, screened, MAX_ITERATIONS)?)?.labels)
}

/// k-means labels of the rows of `x`: the partition that `restarts` fits agree on.
///
/// Every restart runs to convergence from its own k-means++ start (on a seeded sample of
/// [`RESTART_SAMPLE`] rows above [`FULL_RESTARTS_UP_TO`], the result then converging on
/// every row). The lowest inertia alone is a poor judge between optima of nearly equal
/// inertia: on Reuters R8 it let NMI range over 0.52–0.64 with the seed. Instead the fits
/// vote ([`agreed_partition`]): the partition that keeps the most pairs of rows that most
/// fits put together. It is what most restarts come back to, a property of the corpus rather than of one start,
/// and needs no labels (README, "Measurements behind the defaults").
pub(super) fn kmeans_consensus(
    x: &Array2<f64>,
    k: usize,
    restarts: usize,
    seed: u64,
) -> Result<Vec<usize>> {
    if k == 1 || restarts == 1 {
        return kmeans(x, k, restarts, seed);
    }
    let n = x.nrows();
    let sampled = n > FULL_RESTARTS_UP_TO;
    let rows;
    let rows = if sampled {
        rows = sample_rows(x, RESTART_SAMPLE, seed);
        &rows
    } else {
        x
    };
    let started = std::time::Instant::now();
    let fits = fit_restarts(rows, k, restarts, seed, None, MAX_ITERATIONS)?;
    tracing::debug!(elapsed = ?started.elapsed(), restarts, rows = rows.nrows(), "k-means: restarts fitted");
    let fits: Vec<Vec<usize>> = fits.into_iter().map(|f| f.labels).collect();
    let labels = agreed_partition(&fits, k);
    tracing::debug!(elapsed = ?started.elapsed(), "k-means: restarts agreed");
    if !sampled {
        return Ok(labels);
    }
    lloyd_from(x, centroids_of(rows, &labels, k), seed)
}

/// Lloyd's k-means on `x` started from the centroids of `labels` (a partition found some
/// other way, such as a cut of the topic tree), run to convergence.
pub(super) fn polish(x: &Array2<f64>, labels: &[usize], k: usize, seed: u64) -> Result<Vec<usize>> {
    lloyd_from(x, centroids_of(x, labels, k), seed)
}

/// Lloyd's k-means on `x` from `centroids` (one per cluster), run to convergence.
fn lloyd_from(x: &Array2<f64>, centroids: Array2<f64>, seed: u64) -> Result<Vec<usize>> {
    let k = centroids.nrows();
    Ok(lowest_inertia(fit_restarts(
        x,
        k,
        1,
        seed,
        Some(centroids),
        MAX_ITERATIONS,
    )?)?
    .labels)
}

/// The mean row of each cluster (a zero row for an empty one).
fn centroids_of(x: &Array2<f64>, labels: &[usize], k: usize) -> Array2<f64> {
    let mut centroids = Array2::zeros((k, x.ncols()));
    let mut sizes = vec![0usize; k];
    for (row, &c) in x.outer_iter().zip(labels) {
        let mut centroid = centroids.row_mut(c);
        centroid += &row;
        sizes[c] += 1;
    }
    for (mut centroid, &size) in centroids.outer_iter_mut().zip(&sizes) {
        if size > 0 {
            centroid /= size as f64;
        }
    }
    centroids
}

/// The fit of lowest inertia; ties go to the lower restart, so the choice does not depend on
/// which thread finished first.
fn lowest_inertia(fits: Vec<Fitted>) -> Result<Fitted> {
    fits.into_iter()
        .reduce(|best, fit| {
            if fit.inertia.total_cmp(&best.inertia).is_lt() {
                fit
            } else {
                best
            }
        })
        .ok_or_else(|| Error::Internal("no k-means run finished".into()))
}

/// `restarts` independent fits of at most `iterations` Lloyd steps, run in parallel, in
/// restart order (k-means++ starts unless `start` is given).
fn fit_restarts(
    x: &Array2<f64>,
    k: usize,
    restarts: usize,
    seed: u64,
    start: Option<Array2<f64>>,
    iterations: u64,
) -> Result<Vec<Fitted>> {
    let dataset = DatasetBase::from(x.view());
    (0..restarts)
        .into_par_iter()
        .map(|r| {
            let mut rng = Xoshiro256Plus::seed_from_u64(restart_seed(seed, r));
            let init = match &start {
                Some(c) => c.clone(),
                None => kmeans_plus_plus(x.view(), k, &mut rng),
            };
            if k >= BOUNDED_FROM_K && x.nrows().saturating_mul(k) <= MAX_BOUNDS {
                return Ok(lloyd(x.view(), init, iterations, TOLERANCE));
            }
            let p = KMeans::params_with(k, rng, SquaredEuclidean)
                .n_runs(1)
                .max_n_iterations(iterations)
                .tolerance(TOLERANCE)
                .init_method(KMeansInit::Precomputed(init));
            let model = p.fit(&dataset)?;
            // Labels from predict, not from the fit: linfa's counts describe its last run.
            Ok(Fitted {
                labels: model.predict(x).to_vec(),
                inertia: model.inertia(),
                centroids: model.centroids().clone(),
            })
        })
        .collect()
}

/// k-means++ starting centroids (Arthur & Vassilvitskii 2007), drawing exactly what
/// linfa's `KMeansInit::KMeansPlusPlus` draws from the same generator, so fits are unchanged.
///
/// linfa recomputes every row's distance to all centroids chosen so far at each step, which
/// makes its start O(n·k²): at k = 50 it costs more than the Lloyd iterations it precedes.
/// Keeping each row's distance to its closest centroid and updating it with the newest one
/// only is O(n·k) and gives the same minimum, hence the same draws.
fn kmeans_plus_plus(x: ArrayView2<f64>, k: usize, rng: &mut Xoshiro256Plus) -> Array2<f64> {
    use rand::distributions::{Distribution, WeightedIndex};
    let (n, dims) = x.dim();
    let mut centroids = Array2::zeros((k, dims));
    let first = WeightedIndex::new(std::iter::repeat_n(1.0f64, n))
        .expect("k-means++ needs at least one row")
        .sample(rng);
    centroids.row_mut(0).assign(&x.row(first));
    let mut closest = vec![f64::INFINITY; n];
    for c in 1..k {
        let newest = centroids.row(c - 1);
        let newest = newest.as_slice().expect("centroids are contiguous");
        closest
            .par_iter_mut()
            .zip(x.axis_iter(Axis(0)).into_par_iter())
            .for_each(|(d, row)| {
                let distance = match row.as_slice() {
                    Some(row) => squared_euclidean(newest, row),
                    None => SquaredEuclidean.rdistance(ndarray::aview1(newest), row),
                };
                if distance < *d {
                    *d = distance;
                }
            });
        // All rows on a centroid already: any row will do (linfa takes the first).
        let next = WeightedIndex::new(closest.iter())
            .map(|w| w.sample(rng))
            .unwrap_or(0);
        centroids.row_mut(c).assign(&x.row(next));
    }
    centroids
}

/// Euclidean distance for linfa's k-means, computed over contiguous slices by
/// [`squared_euclidean`] (linfa's own `L2Dist` goes through a generic ndarray fold, several
/// times slower on the 100-dimensional rows that LSA gives).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SquaredEuclidean;

impl Distance<f64> for SquaredEuclidean {
    fn distance<D: Dimension>(&self, a: ArrayView<f64, D>, b: ArrayView<f64, D>) -> f64 {
        self.rdistance(a, b).sqrt()
    }

    #[inline]
    fn rdistance<D: Dimension>(&self, a: ArrayView<f64, D>, b: ArrayView<f64, D>) -> f64 {
        match (a.as_slice(), b.as_slice()) {
            (Some(x), Some(y)) => squared_euclidean(x, y),
            _ => a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum(),
        }
    }

    fn rdist_to_dist(&self, rdist: f64) -> f64 {
        rdist.sqrt()
    }

    fn dist_to_rdist(&self, dist: f64) -> f64 {
        dist * dist
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kmeans_plus_plus_draws_what_linfa_draws() {
        use rand::Rng;
        let mut data_rng = Xoshiro256Plus::seed_from_u64(7);
        let x = Array2::from_shape_fn((300, 12), |_| data_rng.gen_range(-1.0..1.0));
        for (k, seed) in [(2, 0), (17, 3), (50, 11)] {
            let dataset = DatasetBase::from(x.view());
            let fit = |init: KMeansInit<f64>| {
                KMeans::params_with(k, Xoshiro256Plus::seed_from_u64(seed), SquaredEuclidean)
                    .n_runs(1)
                    .max_n_iterations(1)
                    .init_method(init)
                    .fit(&dataset)
                    .unwrap()
                    .centroids()
                    .clone()
            };
            let ours = kmeans_plus_plus(x.view(), k, &mut Xoshiro256Plus::seed_from_u64(seed));
            assert_eq!(
                fit(KMeansInit::KMeansPlusPlus),
                fit(KMeansInit::Precomputed(ours)),
                "k = {k}"
            );
        }
    }
}
