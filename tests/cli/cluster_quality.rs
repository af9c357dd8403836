//! Topic quality on BBC News (2,225 articles, 5 gold labels, one sub-folder each): clusters
//! against the labels with `--k 5` over a few seeds, and the k chosen without `--k`. Skipped
//! with a notice without `../shared/data`.
//!
//! The floors are what this pipeline measures (seeds 0–9: NMI 0.889 mean, worst 0.883; ARI
//! 0.918 mean), a little under scikit-learn's tuned LSA pipeline (BASELINES.md §2b: NMI 0.896,
//! ARI 0.922, worst seed 0.894): the targets of NMI ≥ 0.897 and ARI ≥ 0.922 are not met
//! yet, and these floors guard what is.

use super::{shared_data, sintesi};

const SEEDS: [u64; 3] = [0, 1, 2];
const FLOOR_MEAN_NMI: f64 = 0.885;
const FLOOR_MEAN_ARI: f64 = 0.912;
const FLOOR_SEED_NMI: f64 = 0.88;

fn evaluate(data: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let o = sintesi()
        .args(["evaluate", "clusters"])
        .arg(data)
        .args(["--json", "-q"])
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn bbc_clusters_match_the_labels() {
    let Some(data) = shared_data("bbc-news") else {
        return;
    };
    let (mut nmi, mut ari) = (0.0, 0.0);
    for seed in SEEDS {
        let json = evaluate(&data, &["--k", "5", "--seed", &seed.to_string()]);
        assert_eq!(json["documents"], 2225);
        assert_eq!(json["k"], 5);
        let seed_nmi = json["nmi"].as_f64().unwrap();
        assert!(seed_nmi >= FLOOR_SEED_NMI, "seed {seed}: NMI {seed_nmi:.4}");
        nmi += seed_nmi / SEEDS.len() as f64;
        ari += json["ari"].as_f64().unwrap() / SEEDS.len() as f64;
    }
    assert!(
        nmi >= FLOOR_MEAN_NMI,
        "mean NMI {nmi:.4} < {FLOOR_MEAN_NMI}"
    );
    assert!(
        ari >= FLOOR_MEAN_ARI,
        "mean ARI {ari:.4} < {FLOOR_MEAN_ARI}"
    );
}

#[test]
fn bbc_k_chosen_within_one_of_the_labels() {
    let Some(data) = shared_data("bbc-news") else {
        return;
    };
    let json = evaluate(&data, &["--seed", "0"]);
    let k = json["k"].as_u64().unwrap();
    assert!((4..=6).contains(&k), "chose k = {k}");
    assert_eq!(json["k_scores"].as_array().unwrap().len(), 9);
}
