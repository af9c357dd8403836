//! `sintesi evaluate topics` on the sample corpus: the JSON fields and their ranges, topics
//! from both kinds of `--topics` file, the table, and one-line errors with exit status 2.

use std::path::Path;

use super::{analyse, read_json, root, sintesi};

/// `sintesi evaluate topics INPUT extra…`.
fn run(input: &Path, extra: &[&str]) -> std::process::Output {
    sintesi()
        .args(["evaluate", "topics"])
        .arg(input)
        .args(extra)
        .output()
        .unwrap()
}

fn run_json(input: &Path, extra: &[&str]) -> serde_json::Value {
    let o = run(input, &[&["--json"], extra].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("one JSON object")
}

fn number(v: &serde_json::Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number: {v}"))
}

#[test]
fn json_has_sane_scores_for_each_topic_and_their_means() {
    let json = run_json(&root().join("corpus"), &["--k", "2", "--seed", "3"]);
    assert_eq!(json["k"], 2);
    assert_eq!(json["documents"], 5);
    assert_eq!(json["seed"], 3);
    assert_eq!(json["topics_from"], "sintesi analyse");
    let topics = json["topics"].as_array().unwrap();
    assert_eq!(topics.len(), 2);
    for t in topics {
        let words = t["words"].as_array().unwrap();
        assert_eq!(words.len(), 10, "{t}");
        // Lower-cased, as the reference is.
        assert!(words.iter().all(|w| {
            let w = w.as_str().unwrap();
            w == w.to_lowercase()
        }));
        // sintesi's topic words are surface forms found in the corpus.
        assert_eq!(t["unscored"], serde_json::json!([]), "{t}");
        assert!((-1.0..=1.0).contains(&number(t, "npmi")), "{t}");
        assert!((0.0..=1.0).contains(&number(t, "c_v")), "{t}");
        assert!(number(t, "umass") <= 1e-9, "{t}");
    }
    let mean = |key: &str| topics.iter().map(|t| number(t, key)).sum::<f64>() / 2.0;
    for key in ["npmi", "c_v", "umass"] {
        assert!(
            (number(&json, key) - mean(key)).abs() < 1e-12,
            "{key}: {json}"
        );
    }
    let diversity = number(&json, "diversity");
    assert!(diversity > 0.0 && diversity <= 1.0);
    assert_eq!(json["unscored_words"], 0);
    assert_eq!(json["scored_topics"], 2);
}

#[test]
fn scores_the_topics_of_a_report_as_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = root().join("corpus");
    let o = analyse(
        &corpus,
        dir.path(),
        &["--k", "2", "--seed", "3", "--format", "json"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report = dir.path().join("report.json");
    let from_report = run_json(&corpus, &["--topics", report.to_str().unwrap()]);
    let own = run_json(&corpus, &["--k", "2", "--seed", "3"]);
    assert_eq!(from_report["topics"], own["topics"]);
    assert_eq!(from_report["seed"], serde_json::Value::Null);
    let terms = &read_json(&report)["clusters"][0]["terms"][0]["term"];
    assert_eq!(
        from_report["topics"][0]["words"][0].as_str(),
        terms.as_str().map(str::to_lowercase).as_deref()
    );
}

#[test]
fn scores_a_topics_list_with_absent_words_and_upper_case() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("topics.json");
    std::fs::write(
        &file,
        r#"{"topics": [["Imprese", "innovazione", "tecnologie", "nonesiste"], ["Lombardia", "zzz"]]}"#,
    )
    .unwrap();
    let json = run_json(
        &root().join("corpus"),
        &["--topics", file.to_str().unwrap()],
    );
    assert_eq!(json["k"], 2);
    assert_eq!(json["unscored_words"], 2);
    assert_eq!(json["scored_topics"], 1);
    assert_eq!(json["topics"][0]["words"][0], "imprese");
    assert_eq!(
        json["topics"][0]["unscored"],
        serde_json::json!(["nonesiste"])
    );
    assert_eq!(json["topics"][1]["npmi"], serde_json::Value::Null);
    assert_eq!(json["npmi"], json["topics"][0]["npmi"]);
    assert!((number(&json, "diversity") - 1.0).abs() < 1e-12);
}

#[test]
fn prints_a_table_with_the_means() {
    let o = run(&root().join("corpus"), &["--k", "2"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("| # | top words | NPMI | C_V | UMass |"),
        "{out}"
    );
    assert!(out.contains("**mean** (2 scored topics)"), "{out}");
    assert!(out.contains("topic diversity "), "{out}");
}

#[test]
fn a_bad_topics_file_is_one_line_naming_it_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = root().join("corpus");
    for (name, contents) in [
        ("broken.json", "{\"topics\": [[\"porto\""),
        ("shape.json", "{\"words\": [\"porto\"]}"),
        ("numbers.json", "{\"topics\": [[1, 2]]}"),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, contents).unwrap();
        let o = run(&corpus, &["--topics", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.contains(name), "{err}");
        assert!(o.stdout.is_empty());
    }
    let missing = dir.path().join("missing.json");
    let o = run(&corpus, &["--topics", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.json"));
}

/// gensim's values for twelve fixed topics on octis-bbc-news and bbc-news
/// (`tests/fixtures/coherence_bbc.json`, made by `make_coherence_fixture.py`), per topic and
/// in the means, to 1e-6; skipped when `../shared/data` is absent.
#[test]
fn matches_gensim_on_bbc_news() {
    let fixture = read_json(&root().join("tests/fixtures/coherence_bbc.json"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("topics.json");
    std::fs::write(
        &file,
        serde_json::json!({"topics": fixture["topics"]}).to_string(),
    )
    .unwrap();
    for (name, expected) in fixture["corpora"].as_object().unwrap() {
        let Some(corpus) = super::shared_data(name) else {
            continue;
        };
        let json = run_json(&corpus, &["--topics", file.to_str().unwrap()]);
        assert_eq!(json["documents"], expected["documents"], "{name}");
        assert_eq!(json["unscored_words"], expected["unscored_words"], "{name}");
        assert!((number(&json, "diversity") - number(expected, "diversity")).abs() < 1e-12);
        let close = |ours: f64, gensim: f64, what: String| {
            assert!(
                (ours - gensim).abs() <= 1e-6,
                "{name} {what}: ours {ours}, gensim {gensim}"
            );
        };
        for key in ["npmi", "c_v", "umass"] {
            close(
                number(&json, key),
                number(&expected["mean"], key),
                format!("mean {key}"),
            );
            let per_topic = expected["per_topic"][key].as_array().unwrap();
            for (n, i) in expected["kept"].as_array().unwrap().iter().enumerate() {
                let i = i.as_u64().unwrap() as usize;
                let ours = number(&json["topics"][i], key);
                close(
                    ours,
                    per_topic[n].as_f64().unwrap(),
                    format!("topic {i} {key}"),
                );
            }
        }
        let scored = json["topics"].as_array().unwrap().iter();
        let kept: Vec<usize> = scored
            .enumerate()
            .filter(|(_, t)| !t["npmi"].is_null())
            .map(|(i, _)| i)
            .collect();
        assert_eq!(serde_json::json!(kept), expected["kept"], "{name}");
    }
}
