//! Summary quality on BBC News Summary (1,313 articles with extractive references written by
//! people): the default method must reach the best of sumy's five summarisers and of Lead-N,
//! as `../shared/peers/summary_eval.py` measured them (BASELINES.md §3b, headline removed,
//! summaries as long as their references). Skipped with a notice without the data.

use super::{shared_data, sintesi};

/// sumy's best per measure on this split (TextRank for all three; Lead-N is lower).
const FLOOR_ROUGE1_F1: f64 = 0.7895;
const FLOOR_ROUGE2_F1: f64 = 0.7171;
const FLOOR_ROUGEL_F1: f64 = 0.5053;

#[test]
fn default_method_beats_sumy_and_lead_on_bbc() {
    let Some(data) = shared_data("bbc-news-summary/data.jsonl") else {
        return;
    };
    let o = sintesi()
        .args(["evaluate", "summaries"])
        .arg(&data)
        .arg("--json")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["documents"], 1313);
    // The protocol counts reference sentences as summary_eval.py does: 7.45 on average there.
    let mean_n = json["mean_summary_sentences"].as_f64().unwrap();
    assert!((mean_n - 7.45).abs() < 0.1, "mean summary length {mean_n}");

    let default = json["default_method"].as_str().unwrap();
    let methods = json["methods"].as_object().unwrap();
    let f1 = |method: &str, key: &str| methods[method][key]["f1"].as_f64().unwrap();
    for (key, floor) in [
        ("rouge1", FLOOR_ROUGE1_F1),
        ("rouge2", FLOOR_ROUGE2_F1),
        ("rougeL", FLOOR_ROUGEL_F1),
    ] {
        let ours = f1(default, key);
        assert!(ours >= floor, "{default} {key} F1 {ours:.4} < {floor}");
        assert!(
            ours > f1("lead", key),
            "{default} {key} F1 not above Lead-N"
        );
        // The default is the method that measures best.
        for name in methods.keys() {
            assert!(ours >= f1(name, key), "{name} beats the default on {key}");
        }
    }
}
