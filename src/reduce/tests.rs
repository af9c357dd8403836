//! LSA against exact singular values (LAPACK fixtures), its invariants (orthonormal
//! components, sign convention, thread-count independence) and degenerate inputs.

use std::path::PathBuf;

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use sprs::{CsMat, TriMat};

use super::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lsa")
        .join(name)
}

fn json(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(fixture(name)).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn floats(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

fn csr_from_dense(rows: usize, cols: usize, data: &[f64]) -> CsMat<f64> {
    let mut tri = TriMat::new((rows, cols));
    for i in 0..rows {
        for j in 0..cols {
            if data[i * cols + j] != 0.0 {
                tri.add_triplet(i, j, data[i * cols + j]);
            }
        }
    }
    tri.to_csr()
}

/// A TF-IDF-like 300 × 2,000 matrix: Zipf-distributed terms, 40 per row, unit rows.
fn bbc300() -> CsMat<f64> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut tri = TriMat::new((300, 2000));
    for r in 0..300 {
        let mut row: Vec<(usize, f64)> = (0..40)
            .map(|_| (((2000.0f64).powf(next()) as usize) - 1, 1.0 + next()))
            .collect();
        row.sort_by_key(|&(c, _)| c);
        row.dedup_by_key(|e| e.0);
        let norm = row.iter().map(|&(_, w)| w * w).sum::<f64>().sqrt();
        for (c, w) in row {
            tri.add_triplet(r, c, w / norm);
        }
    }
    tri.to_csr()
}

fn params(n_components: usize, n_oversamples: usize, n_iter: usize, seed: u64) -> LsaParams {
    LsaParams {
        n_components,
        n_oversamples,
        n_iter,
        seed,
    }
}

/// max |V·Vᵀ − I| over the components.
fn orthonormality_error(components: &Array2<f64>) -> f64 {
    let g = components.dot(&components.t());
    g.indexed_iter()
        .map(|((i, j), &v)| (v - if i == j { 1.0 } else { 0.0 }).abs())
        .fold(0.0, f64::max)
}

fn max_abs_diff(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
    assert_eq!(a.dim(), b.dim());
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

fn max_rel_diff(ours: &[f64], reference: &[f64]) -> f64 {
    ours.iter()
        .zip(reference)
        .map(|(a, b)| (a - b).abs() / b.abs())
        .fold(0.0, f64::max)
}

fn bits(a: impl IntoIterator<Item = f64>) -> Vec<u64> {
    a.into_iter().map(f64::to_bits).collect()
}

/// Two fits and their document coordinates agree to the bit: determinism is exact equality,
/// not closeness.
fn assert_same_bits((a, coords_a): (&Lsa, &Array2<f64>), (b, coords_b): (&Lsa, &Array2<f64>)) {
    assert_eq!(
        bits(a.singular_values().iter().copied()),
        bits(b.singular_values().iter().copied())
    );
    assert_eq!(
        bits(a.components().iter().copied()),
        bits(b.components().iter().copied())
    );
    assert_eq!(
        bits(a.explained_variance().iter().copied()),
        bits(b.explained_variance().iter().copied())
    );
    assert_eq!(
        bits(coords_a.iter().copied()),
        bits(coords_b.iter().copied())
    );
}

/// Each component's largest-magnitude entry (first on ties) is positive.
fn assert_sign_convention(components: &Array2<f64>) {
    for row in components.rows() {
        let mut best = 0.0f64;
        let mut sign = 1.0;
        for &x in row {
            if x.abs() > best {
                best = x.abs();
                sign = x.signum();
            }
        }
        assert_eq!(sign, 1.0, "component not sign-fixed: {row:?}");
    }
}

#[test]
fn small_matrices_match_exact_singular_values() {
    let cases = json("small.json");
    for case in cases["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().expect("name");
        let r = case["rows"].as_u64().expect("rows") as usize;
        let c = case["cols"].as_u64().expect("cols") as usize;
        let original = csr_from_dense(r, c, &floats(&case["data"]));
        let exact = floats(&case["singular_values"]);
        // n_components is clamped to min(shape) - 1 and k + p covers the whole rank, so
        // the randomised SVD is exact up to rounding. Both orientations: the basis is
        // built on the documents' side for wide matrices and on the terms' side for tall.
        let transposed = original.transpose_view().to_csr();
        for (x, n_iter) in [
            (&original, 0),
            (&original, 5),
            (&transposed, 0),
            (&transposed, 5),
        ] {
            let (rows, cols) = x.shape();
            let (lsa, coords) = fit_transform(x, &params(100, 10, n_iter, 3)).expect("fit");
            let k = rows.min(cols) - 1;
            assert_eq!(lsa.n_components(), k, "{name}");
            assert_eq!(lsa.components().dim(), (k, cols));
            assert_eq!(coords.dim(), (rows, k));
            let s1 = exact[0];
            let mut worst: f64 = 0.0;
            for (i, &ours) in lsa.singular_values().iter().enumerate() {
                let err = if exact[i] > 1e-8 * s1 {
                    (ours - exact[i]).abs() / exact[i]
                } else {
                    ours / s1
                };
                worst = worst.max(err);
                // Documented bound of the B·Bᵀ route: relative error ~ l·ε·(σ₁/σᵢ)².
                let bound = if exact[i] > 1e-8 * s1 {
                    1e-10 + 100.0 * f64::EPSILON * (s1 / exact[i]).powi(2)
                } else {
                    1e-7
                };
                assert!(
                    err <= bound,
                    "{name} σ{i}: {ours} vs {} (err {err:e})",
                    exact[i]
                );
            }
            eprintln!(
                "{name} as {rows}x{cols}, n_iter={n_iter}: worst relative σ error {worst:.2e}"
            );
            assert!(orthonormality_error(lsa.components()) < 1e-10, "{name}");
            assert_sign_convention(lsa.components());
            // Exact factorisation, so U·Σ and X·V agree.
            let projected = lsa.transform(x);
            assert!(max_abs_diff(&coords, &projected) < 1e-9 * s1, "{name}");
        }
    }
}

#[test]
fn top_singular_values_within_1e6_of_exact_when_rank_is_covered() {
    // The "top" values: rank-5 and rank-6 cases, n_components below the rank.
    let cases = json("small.json");
    for case in cases["cases"].as_array().expect("cases") {
        let rows = case["rows"].as_u64().expect("rows") as usize;
        let cols = case["cols"].as_u64().expect("cols") as usize;
        let rank = case["rank"].as_u64().expect("rank") as usize;
        let x = csr_from_dense(rows, cols, &floats(&case["data"]));
        let exact = floats(&case["singular_values"]);
        let k = (rank / 2).max(1);
        let lsa = Lsa::fit(&x, &LsaParams::new(k, 11)).expect("fit");
        let ours = lsa.singular_values().to_vec();
        assert!(
            max_rel_diff(&ours, &exact[..k]) < 1e-6,
            "{:?}",
            case["name"]
        );
    }
}

#[test]
fn csc_input_gives_the_same_bits_as_csr() {
    let x = bbc300();
    let p = params(10, 10, 3, 5);
    let (a, ca) = fit_transform(&x, &p).expect("fit csr");
    let (b, cb) = fit_transform(&x.to_csc(), &p).expect("fit csc");
    assert_same_bits((&a, &ca), (&b, &cb));
    assert_eq!(
        bits(a.transform(&x).iter().copied()),
        bits(a.transform(&x.to_csc()).iter().copied())
    );
}

#[test]
fn same_seed_gives_identical_bits_whatever_the_thread_count() {
    let x = bbc300();
    let p = params(20, 10, 4, 99);
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| fit_transform(&x, &p).expect("fit"))
    };
    let (a, ca) = run(1);
    for threads in [1, 2, 3] {
        let (b, cb) = run(threads);
        assert_same_bits((&a, &ca), (&b, &cb));
    }
    // A different seed does change the randomised result on a full-rank matrix.
    let (c, _) = fit_transform(&x, &params(20, 10, 4, 100)).expect("fit");
    assert_ne!(
        bits(a.singular_values().iter().copied()),
        bits(c.singular_values().iter().copied())
    );
}

/// A sparse non-negative matrix of exact rank `rank` (product of sparse factors).
fn low_rank(rows: usize, cols: usize, rank: usize, seed: u64) -> CsMat<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    // About 30 % of the entries non-zero, drawn in order: the factors depend on the seed only.
    let mut sparse_factor = |len: usize| -> Vec<f64> {
        (0..len)
            .map(|_| {
                if rng.gen_bool(0.3) {
                    rng.gen::<f64>()
                } else {
                    0.0
                }
            })
            .collect()
    };
    let w = sparse_factor(rows * rank);
    let h = sparse_factor(rank * cols);
    let mut x = vec![0.0; rows * cols];
    for i in 0..rows {
        for r in 0..rank {
            for j in 0..cols {
                x[i * cols + j] += w[i * rank + r] * h[r * cols + j];
            }
        }
    }
    csr_from_dense(rows, cols, &x)
}

#[test]
fn different_seeds_agree_on_a_low_rank_matrix() {
    for (rows, cols) in [(200, 300), (300, 120)] {
        let x = low_rank(rows, cols, 8, 17);
        let (base, base_coords) = fit_transform(&x, &params(5, 10, 2, 1)).expect("fit");
        for seed in [2, 3, 1234567] {
            let (other, other_coords) = fit_transform(&x, &params(5, 10, 2, seed)).expect("fit");
            let diff = max_rel_diff(
                other.singular_values().as_slice().expect("contiguous"),
                base.singular_values().as_slice().expect("contiguous"),
            );
            assert!(diff < 1e-6, "{rows}x{cols} seed {seed}: {diff:e}");
            // Sign-fixed components are the same vectors too.
            assert!(max_abs_diff(other.components(), base.components()) < 1e-6);
            assert!(max_abs_diff(&other_coords, &base_coords) < 1e-6 * base.singular_values()[0]);
        }
    }
}

#[test]
fn components_stay_orthonormal_beyond_the_rank() {
    // Rank 8, 12 components: the last four singular values are zero and their components
    // come from the Gram–Schmidt completion, on both the wide and the tall path.
    for (rows, cols) in [(150, 220), (220, 150)] {
        let x = low_rank(rows, cols, 8, 3);
        let (lsa, coords) = fit_transform(&x, &params(12, 4, 3, 8)).expect("fit");
        let s = lsa.singular_values();
        assert!(s.iter().skip(8).all(|v| *v < 1e-12 * s[0]), "{s:?}");
        assert!(orthonormality_error(lsa.components()) < 1e-12);
        assert_sign_convention(lsa.components());
        let projected = lsa.transform(&x);
        assert!(max_abs_diff(&coords, &projected) < 1e-10 * s[0]);
    }
}

#[test]
fn refuses_empty_matrices_zero_components_and_non_finite_values() {
    let p = LsaParams::new(3, 0);
    for shape in [(0, 5), (5, 0), (0, 0)] {
        let x = CsMat::<f64>::zero(shape);
        assert_eq!(
            Lsa::fit(&x, &p).err(),
            Some(LsaError::EmptyMatrix {
                n_docs: shape.0,
                n_terms: shape.1
            })
        );
    }
    let x = csr_from_dense(2, 2, &[1.0, 0.0, 0.0, 1.0]);
    assert_eq!(
        Lsa::fit(&x, &LsaParams::new(0, 0)).err(),
        Some(LsaError::ZeroComponents)
    );
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let x = csr_from_dense(2, 3, &[1.0, 0.0, 0.0, 0.0, 0.0, bad]);
        let expected = Some(LsaError::NonFinite { doc: 1, term: 2 });
        assert_eq!(Lsa::fit(&x, &p).err(), expected);
        assert_eq!(Lsa::fit(&x.to_csc(), &p).err(), expected);
        assert!(!expected
            .map(|e| e.to_string())
            .unwrap_or_default()
            .is_empty());
    }
}

fn check_fit(x: &CsMat<f64>, p: &LsaParams) {
    let (lsa, coords) = fit_transform(x, p).expect("fit");
    let k = lsa.n_components();
    let min_dim = x.rows().min(x.cols());
    assert_eq!(k, p.n_components.min(min_dim.saturating_sub(1).max(1)));
    assert_eq!(coords.dim(), (x.rows(), k));
    assert_eq!(lsa.components().dim(), (k, x.cols()));
    assert_eq!(lsa.n_terms(), x.cols());
    let s = lsa.singular_values();
    assert!(s.iter().all(|v| v.is_finite() && *v >= 0.0), "{s:?}");
    assert!(s.windows(2).into_iter().all(|w| w[0] >= w[1]), "{s:?}");
    assert!(coords.iter().all(|v| v.is_finite()));
    assert!(lsa.explained_variance().iter().all(|v| v.is_finite()));
    assert!(lsa.explained_variance_ratio().iter().all(|v| v.is_finite()));
    let err = orthonormality_error(lsa.components());
    assert!(
        err < 1e-9,
        "orthonormality {err:e} for {:?} {p:?}",
        x.shape()
    );
    assert_sign_convention(lsa.components());
    // Σσ² ≤ ‖X‖²_F, in units of the largest entry so nothing overflows.
    let m = x.data().iter().fold(0.0f64, |a, v| a.max(v.abs()));
    if m > 0.0 {
        let fro2: f64 = x.data().iter().map(|v| (v / m) * (v / m)).sum();
        let sig2: f64 = s.iter().map(|v| (v / m) * (v / m)).sum();
        assert!(sig2 <= fro2 * (1.0 + 1e-9), "{sig2} > {fro2}");
    } else {
        assert!(s.iter().all(|v| *v == 0.0));
        assert!(coords.iter().all(|v| *v == 0.0));
    }
    assert!(lsa.transform(x).iter().all(|v| v.is_finite()));
}

#[test]
fn degenerate_inputs_fit_without_panicking() {
    let shapes = [
        (1, 1),
        (1, 7),
        (7, 1),
        (2, 2),
        (3, 40),
        (40, 3),
        (4, 6),
        (6, 4),
    ];
    for (rows, cols) in shapes {
        for p in [
            params(5, 10, 5, 1),
            params(1, 0, 0, 2),
            params(usize::MAX, usize::MAX, 1, 3),
        ] {
            // All zero, one non-zero, all ones (rank 1), identity-like.
            check_fit(&CsMat::zero((rows, cols)), &p);
            let mut one = vec![0.0; rows * cols];
            one[rows * cols - 1] = 2.5;
            check_fit(&csr_from_dense(rows, cols, &one), &p);
            check_fit(&csr_from_dense(rows, cols, &vec![1.0; rows * cols]), &p);
            let eye: Vec<f64> = (0..rows * cols)
                .map(|t| if t / cols == t % cols { 1.0 } else { 0.0 })
                .collect();
            check_fit(&csr_from_dense(rows, cols, &eye), &p);
        }
    }
    // An all-zero matrix still yields orthonormal components and zero coordinates.
    let (lsa, coords) = fit_transform(&CsMat::zero((5, 9)), &LsaParams::new(3, 0)).expect("fit");
    assert!(lsa.singular_values().iter().all(|v| *v == 0.0));
    assert!(coords.iter().all(|v| *v == 0.0));
    assert!(lsa.explained_variance_ratio().iter().all(|v| *v == 0.0));
}

#[test]
fn copies_of_one_row_explain_no_variance() {
    // Five copies of one TF-IDF row: no spread at all, so no share of it is explained
    // (rounding once made the ratio 3.1).
    let row = [0.1, 0.0, 0.3, 0.7, 0.0, 0.2, 0.6, 0.05, 0.01];
    let dense: Vec<f64> = (0..5).flat_map(|_| row).collect();
    let x = csr_from_dense(5, row.len(), &dense);
    let lsa = Lsa::fit(&x, &LsaParams::new(2, 0)).expect("fit");
    let ratio = lsa.explained_variance_ratio();
    assert!(ratio.iter().all(|v| *v == 0.0), "{ratio}");
}

#[test]
fn random_small_matrices_fit_without_panicking() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
    for _ in 0..300 {
        let rows = rng.gen_range(1..12);
        let cols = rng.gen_range(1..12);
        let density = rng.gen::<f64>();
        let magnitude = 10f64.powi(rng.gen_range(-150..150));
        let mut data: Vec<f64> = (0..rows * cols)
            .map(|_| {
                if rng.gen_bool(density) {
                    rng.gen_range(-1.0..1.0) * magnitude
                } else {
                    0.0
                }
            })
            .collect();
        if rows > 1 && rng.gen_bool(0.3) {
            // A duplicated document.
            let (first, rest) = data.split_at_mut(cols);
            rest[..cols].copy_from_slice(first);
        }
        let p = params(
            rng.gen_range(1..14),
            rng.gen_range(0..12),
            rng.gen_range(0..4),
            rng.gen(),
        );
        let x = csr_from_dense(rows, cols, &data);
        check_fit(&x, &p);
        check_fit(&x.to_csc(), &p);
    }
    // Extreme magnitudes are rescaled internally (f64::MAX: σ itself overflows to +inf,
    // but the components stay orthonormal).
    for magnitude in [1e300, 1e-300, f64::MIN_POSITIVE / 4.0, f64::MAX] {
        let x = csr_from_dense(
            3,
            4,
            &[
                magnitude, 0.0, magnitude, 0.0, 0.0, magnitude, 0.0, 0.0, magnitude, magnitude,
                0.0, 0.0,
            ],
        );
        let lsa = Lsa::fit(&x, &LsaParams::new(2, 0)).expect("fit");
        let finite = lsa.singular_values().iter().all(|v| v.is_finite());
        assert!(finite || magnitude == f64::MAX, "{magnitude:e}");
        assert!(orthonormality_error(lsa.components()) < 1e-9);
    }
}

#[test]
fn transform_ignores_terms_beyond_the_fitted_vocabulary() {
    let x = low_rank(30, 20, 4, 5);
    let lsa = Lsa::fit(&x, &LsaParams::new(3, 1)).expect("fit");
    // Same documents with three extra (unknown) terms appended.
    let mut tri = TriMat::new((30, 23));
    for (&v, (i, j)) in x.iter() {
        tri.add_triplet(i, j, v);
    }
    for i in 0..30 {
        tri.add_triplet(i, 20 + i % 3, 7.0);
    }
    let wider: CsMat<f64> = tri.to_csr();
    assert_eq!(
        bits(lsa.transform(&x).iter().copied()),
        bits(lsa.transform(&wider).iter().copied())
    );
    // Fewer terms: the missing ones count as zero.
    let narrow = csr_from_dense(1, 5, &[1.0, 0.0, 0.0, 0.0, 2.0]);
    let t = lsa.transform(&narrow);
    let expected = &lsa.components().column(0) * 1.0 + &lsa.components().column(4) * 2.0;
    for (a, b) in t.row(0).iter().zip(expected.iter()) {
        assert!((a - b).abs() < 1e-15);
    }
}

#[test]
fn auto_n_iter_follows_scikit_learn() {
    assert_eq!(LsaParams::auto_n_iter(100, 5000, 20000), 7);
    assert_eq!(LsaParams::auto_n_iter(500, 5000, 20000), 4);
    assert_eq!(LsaParams::auto_n_iter(10, 50, 20000), 4);
    let p = LsaParams::new(100, 7);
    assert_eq!((p.n_oversamples, p.n_iter, p.seed), (10, 5, 7));
}
