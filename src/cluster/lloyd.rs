//! Lloyd's iterations exactly as linfa-clustering runs them, with Elkan's bounds (2003) to
//! skip the distances that cannot change an assignment.
//!
//! linfa computes every row's distance to every centroid at every iteration, O(n·k·dims), and
//! its update counts the old centroid as one more member, so centroids creep and a fit takes
//! 30–50 iterations. At the hundred fine topics of a large corpus that was most of the topic
//! tree's cost (on the Gutenberg chunks, 10 restarts on 5,000 rows and one fit on 20,000: 2.6
//! of the 3.1 s of k-means). Elkan keeps, per row, an upper bound on the distance to its
//! centroid and a lower bound on the distance to each other centroid, each moved by how far its
//! centroid moved. A distance is computed only where the bounds (or half the distance between
//! the two centroids) cannot rule that centroid out. Hamerly's single lower bound per row was
//! tried first: in LSA's 100 dimensions topics are close, the largest of 97 centroid moves
//! loosened every row's bound, and 70 % of rows were still scanned in full each iteration.
//!
//! Every value that decides something is computed as linfa computes it: the same distance
//! function, the same tie rule (lowest index), the same damped centroid update and the same
//! sums. A bound rules a centroid out only with a margin far above rounding, so labels,
//! centroids and inertia are linfa's to the bit (a test compares them) and reports did not
//! change.

use ndarray::{Array1, Array2, ArrayView2, Axis};
use rayon::prelude::*;

use crate::kernels::distance::squared_euclidean;

/// A bound decides only when it clears the other by this much (relative and absolute): the
/// distances behind the bounds carry rounding of about 1e-15, so a decision with this margin
/// is the one exact arithmetic, and so linfa's computed distances, make.
const MARGIN: f64 = 1e-9;

/// One k-means fit: its centroids, the label of every row and the mean squared distance.
pub(super) struct Fitted {
    pub centroids: Array2<f64>,
    /// Each row's nearest final centroid (what linfa's `predict` gives).
    pub labels: Vec<usize>,
    /// Mean squared distance of the rows to their centroids at the last assignment (linfa's
    /// `inertia`).
    pub inertia: f64,
}

/// What a row knows between iterations: its centroid, an upper bound on the distance to it,
/// and (in [`Bounds::lower`], k per row) a lower bound on the distance to every centroid.
struct Bounds {
    labels: Vec<usize>,
    upper: Vec<f64>,
    lower: Vec<f64>,
}

/// Lloyd's k-means of the rows of `x` from `start` (k × dims), as linfa's `KMeans::fit` with
/// one run, `max_iterations` and `tolerance` (on the Euclidean norm of all centroids' moves),
/// followed by its `predict`.
pub(super) fn lloyd(
    x: ArrayView2<f64>,
    start: Array2<f64>,
    max_iterations: u64,
    tolerance: f64,
) -> Fitted {
    let x = x.as_standard_layout();
    let rows: Vec<&[f64]> = x
        .outer_iter()
        .map(|row| row.to_slice().expect("standard layout"))
        .collect();
    let mut centroids = start.as_standard_layout().into_owned();
    let k = centroids.nrows();
    let mut bounds = Bounds {
        labels: vec![0; rows.len()],
        upper: vec![f64::INFINITY; rows.len()],
        lower: vec![0.0; rows.len() * k],
    };
    let mut iterations = 0;
    let previous = loop {
        assign(&rows, &centroids, &mut bounds);
        let next = updated_centroids(&centroids, x.view(), &bounds.labels);
        let moved = squared_euclidean(slice(&centroids), slice(&next)).sqrt();
        bounds.loosen(&centroids, &next);
        let previous = std::mem::replace(&mut centroids, next);
        iterations += 1;
        if moved < tolerance || iterations == max_iterations {
            break previous;
        }
    };
    // The inertia of the last assignment, summed as linfa sums it.
    let distances: Array1<f64> = rows
        .par_iter()
        .zip(&bounds.labels)
        .map(|(row, &c)| squared_euclidean(centroid(&previous, c), row))
        .collect::<Vec<_>>()
        .into();
    let inertia = distances.sum() / rows.len() as f64;
    assign(&rows, &centroids, &mut bounds);
    Fitted {
        labels: bounds.labels,
        centroids,
        inertia,
    }
}

/// `bound` rules out what lies beyond `distance`, with the margin rounding needs.
fn clears(distance: f64, bound: f64) -> bool {
    distance * (1.0 + MARGIN) + MARGIN < bound
}

/// Moves every row to its nearest centroid as linfa's `closest_centroid` picks it (strictly
/// smaller squared distance wins, so ties go to the lower index), computing only the
/// distances the bounds leave undecided.
fn assign(rows: &[&[f64]], centroids: &Array2<f64>, bounds: &mut Bounds) {
    let k = centroids.nrows();
    // Half the distance between every two centroids: a row closer than that to its centroid
    // is closer to it than to the other (triangle inequality).
    let half_gaps: Vec<f64> = (0..k * k)
        .into_par_iter()
        .map(|p| {
            let (a, b) = (p / k, p % k);
            squared_euclidean(centroid(centroids, a), centroid(centroids, b)).sqrt() / 2.0
        })
        .collect();
    let nearest_other: Vec<f64> = half_gaps
        .chunks(k)
        .enumerate()
        .map(|(a, gaps)| {
            gaps.iter()
                .enumerate()
                .filter(|&(b, _)| b != a)
                .map(|(_, &g)| g)
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    let Bounds {
        labels,
        upper,
        lower,
        ..
    } = bounds;
    rows.par_iter()
        .zip(labels.par_iter_mut())
        .zip(upper.par_iter_mut())
        .zip(lower.par_chunks_mut(k))
        .for_each(|(((row, label), upper), lower)| {
            if clears(*upper, nearest_other[*label]) {
                return;
            }
            // The exact squared distance to the current centroid, once computed.
            let mut own: Option<f64> = None;
            for c in 0..k {
                let a = *label;
                if c == a || clears(*upper, lower[c]) || clears(*upper, half_gaps[a * k + c]) {
                    continue;
                }
                let own_distance = match own {
                    Some(d) => d,
                    None => {
                        let d = squared_euclidean(centroid(centroids, a), row);
                        own = Some(d);
                        *upper = d.sqrt();
                        lower[a] = *upper;
                        if clears(*upper, lower[c]) || clears(*upper, half_gaps[a * k + c]) {
                            continue;
                        }
                        d
                    }
                };
                let d = squared_euclidean(centroid(centroids, c), row);
                lower[c] = d.sqrt();
                if d < own_distance || (d == own_distance && c < a) {
                    *label = c;
                    *upper = lower[c];
                    own = Some(d);
                }
            }
        });
}

impl Bounds {
    /// Widens every bound by how far its centroid moved from `old` to `new`.
    fn loosen(&mut self, old: &Array2<f64>, new: &Array2<f64>) {
        let moves: Vec<f64> = (0..old.nrows())
            .map(|c| squared_euclidean(centroid(old, c), centroid(new, c)).sqrt())
            .collect();
        self.upper
            .par_iter_mut()
            .zip(self.labels.par_iter())
            .zip(self.lower.par_chunks_mut(moves.len()))
            .for_each(|((upper, &label), lower)| {
                *upper += moves[label];
                lower.iter_mut().zip(&moves).for_each(|(l, m)| *l -= m);
            });
    }
}

/// linfa's `compute_centroids`: each centroid becomes the mean of its members and its old
/// self (an empty cluster keeps its centroid), summed in row order.
fn updated_centroids(old: &Array2<f64>, x: ArrayView2<f64>, labels: &[usize]) -> Array2<f64> {
    let mut counts = vec![1usize; old.nrows()];
    let mut next = Array2::zeros(old.raw_dim());
    for (row, &c) in x.outer_iter().zip(labels) {
        let mut sum = next.row_mut(c);
        sum += &row;
        counts[c] += 1;
    }
    next += old;
    for (mut c, &count) in next.axis_iter_mut(Axis(0)).zip(&counts) {
        c /= count as f64;
    }
    next
}

/// Centroid `c` as a slice of the (standard layout) centroid matrix.
fn centroid(centroids: &Array2<f64>, c: usize) -> &[f64] {
    let dims = centroids.ncols();
    &slice(centroids)[c * dims..(c + 1) * dims]
}

fn slice(m: &Array2<f64>) -> &[f64] {
    m.as_slice().expect("centroids in standard layout")
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::prelude::*;
    use linfa_clustering::{KMeans, KMeansInit};
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256Plus;

    /// Unit rows around `groups` random directions, as LSA gives them.
    fn grouped_unit_rows(n: usize, dims: usize, groups: usize, seed: u64) -> Array2<f64> {
        let mut rng = Xoshiro256Plus::seed_from_u64(seed);
        let centres = Array2::from_shape_fn((groups, dims), |_| rng.gen_range(-1.0..1.0));
        let mut x = Array2::from_shape_fn((n, dims), |(i, j)| {
            centres[[i % groups, j]] + rng.gen_range(-0.6..0.6)
        });
        crate::kernels::dense::normalise_rows(&mut x);
        x
    }

    #[test]
    fn fits_what_linfa_fits_to_the_bit() {
        for (n, dims, groups, k, iterations, seed) in [
            (400, 8, 5, 5, 100, 1),
            (900, 20, 12, 30, 100, 2),
            (1500, 50, 40, 60, 100, 3),
            (600, 10, 3, 17, 4, 4),
            (300, 6, 300, 40, 100, 5),
        ] {
            let x = grouped_unit_rows(n, dims, groups, seed);
            let mut rng = Xoshiro256Plus::seed_from_u64(seed);
            // Some starts twice: rows then tie between two centroids.
            let mut picks: Vec<usize> = (0..k).map(|_| rng.gen_range(0..n)).collect();
            picks[k - 1] = picks[0];
            let start = x.select(Axis(0), &picks);
            let dataset = DatasetBase::from(x.view());
            let model = KMeans::params_with(k, rng, super::super::kmeans::SquaredEuclidean)
                .n_runs(1)
                .max_n_iterations(iterations)
                .tolerance(1e-3)
                .init_method(KMeansInit::Precomputed(start.clone()))
                .fit(&dataset)
                .unwrap();
            let ours = lloyd(x.view(), start, iterations, 1e-3);
            let case = format!("n {n}, k {k}, seed {seed}");
            assert_eq!(ours.labels, model.predict(&x).to_vec(), "{case}");
            assert_eq!(&ours.centroids, model.centroids(), "{case}");
            assert_eq!(ours.inertia.to_bits(), model.inertia().to_bits(), "{case}");
        }
    }

    #[test]
    fn rows_on_a_tie_go_to_the_lower_centroid() {
        let x = ndarray::array![[0.0, 0.0], [2.0, 0.0], [1.0, 0.0]];
        let start = ndarray::array![[0.0, 0.0], [2.0, 0.0]];
        let fit = lloyd(x.view(), start, 1, 1e-3);
        assert_eq!(fit.labels[..2], [0, 1]);
        // The middle row is as far from both starts; it joined the first.
        assert!(fit.centroids[[0, 0]] > 0.0);
    }
}
