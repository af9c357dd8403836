//! `sintesi analyse` on the sample corpus: the reports' content and reproducibility.

use std::collections::HashSet;

use super::{analyse, read_json, root};

fn corpus_report() -> (tempfile::TempDir, serde_json::Value) {
    let out = tempfile::tempdir().unwrap();
    let result = analyse(&root().join("corpus"), out.path(), &[]);
    assert!(
        result.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let json = read_json(&out.path().join("report.json"));
    (out, json)
}

/// The text of a corpus file as the tool reads it (line ends normalised).
fn article(id: &str) -> String {
    std::fs::read_to_string(root().join("corpus").join(id))
        .unwrap()
        .replace("\r\n", "\n")
}

const BOILERPLATE: [&str; 8] = [
    "Loading",
    "loading",
    "Riproduzione riservata",
    "Iscriviti",
    "Newsletter",
    "Brand connect",
    "di lettura",
    "©",
];

fn assert_whole_sentence(text: &str) {
    let words = text.split_whitespace().count();
    assert!(words >= 6, "fragment (too short): {text:?}");
    let first = text.chars().next().unwrap();
    assert!(
        first.is_uppercase() || first.is_numeric() || "«“\"'‘(".contains(first),
        "starts mid-sentence: {text:?}"
    );
    let last = text
        .trim_end_matches(['»', '”', '"', '’', '\'', ')'])
        .chars()
        .last()
        .unwrap();
    assert!(".!?…".contains(last), "does not end a sentence: {text:?}");
    for b in BOILERPLATE {
        assert!(!text.contains(b), "boilerplate {b:?} in {text:?}");
    }
}

#[test]
fn reports_five_italian_documents() {
    let (out, json) = corpus_report();
    assert_eq!(json["schema_version"], 3);
    assert_eq!(json["corpus"]["documents"], 5);
    assert_eq!(json["corpus"]["languages"]["it"], 5);
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 5);
    let k = json["parameters"]["k"].as_u64().unwrap() as usize;
    assert_eq!(json["clusters"].as_array().unwrap().len(), k);
    let sizes: u64 = json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .sum();
    assert_eq!(sizes, 5);
    for d in docs {
        assert_eq!(d["keywords"].as_array().unwrap().len(), 8, "{d}");
        let summary = d["summary"].as_array().unwrap();
        assert!((1..=3).contains(&summary.len()), "{d}");
    }
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    assert!(md.contains("## Topics at a glance"));
    assert!(md.contains("## Documents"));
}

#[test]
fn key_sentences_are_verbatim_whole_sentences() {
    let (_out, json) = corpus_report();
    let mut n = 0;
    for cluster in json["clusters"].as_array().unwrap() {
        let key = cluster["key_sentences"].as_array().unwrap();
        assert!((1..=5).contains(&key.len()), "{cluster}");
        for s in key {
            let text = s["text"].as_str().unwrap();
            let doc = s["document"].as_str().unwrap();
            assert!(
                article(doc).contains(text),
                "not verbatim in {doc}: {text:?}"
            );
            assert_whole_sentence(text);
            n += 1;
        }
    }
    for d in json["documents"].as_array().unwrap() {
        for s in d["summary"].as_array().unwrap() {
            let text = s["text"].as_str().unwrap();
            assert!(article(d["id"].as_str().unwrap()).contains(text));
            assert_whole_sentence(text);
        }
    }
    assert!(n >= 3);
}

#[test]
fn topic_terms_are_corpus_words_not_stems() {
    let (_out, json) = corpus_report();
    let mut words = HashSet::new();
    for entry in std::fs::read_dir(root().join("corpus")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path())
            .unwrap()
            .to_lowercase();
        words.extend(
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(String::from),
        );
    }
    for cluster in json["clusters"].as_array().unwrap() {
        let terms = cluster["terms"].as_array().unwrap();
        assert_eq!(terms.len(), 10);
        for t in terms {
            let term = t["term"].as_str().unwrap().to_lowercase();
            assert!(
                words.contains(&term),
                "{term:?} is not a word of the corpus"
            );
        }
        for part in cluster["label"].as_str().unwrap().split(" · ") {
            assert!(words.contains(&part.to_lowercase()), "label part {part:?}");
        }
    }
}

#[test]
fn same_input_and_seed_give_identical_reports() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        assert!(
            analyse(&root().join("corpus"), dir.path(), &["--seed", "7"])
                .status
                .success()
        );
    }
    for file in ["report.json", "report.md"] {
        let x = std::fs::read(a.path().join(file)).unwrap();
        let y = std::fs::read(b.path().join(file)).unwrap();
        assert!(x == y, "{file} differs between runs");
    }
}

#[test]
fn committed_reports_are_current() {
    // reports/ is committed so visitors can read it; it must be what the tool writes today.
    let out = tempfile::tempdir().unwrap();
    let result = super::sintesi()
        .current_dir(root())
        .args(["analyse", "corpus/", "--output"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(result.status.success());
    let fresh = read_json(&out.path().join("report.json"));
    let committed = read_json(&root().join("reports/report.json"));
    assert_eq!(
        fresh["clusters"], committed["clusters"],
        "reports/ is stale: rerun `cargo run --release -- analyse corpus/`"
    );
    assert_eq!(
        fresh["documents"], committed["documents"],
        "reports/ is stale"
    );
}

#[test]
fn format_md_writes_only_markdown() {
    let out = tempfile::tempdir().unwrap();
    assert!(analyse(
        &root().join("corpus"),
        out.path(),
        &["--format", "md", "--k", "2"]
    )
    .status
    .success());
    assert!(out.path().join("report.md").exists());
    assert!(!out.path().join("report.json").exists());
}

/// BBC News gets a topic tree: every fine topic under one topic, sizes that add up, every
/// document in one fine topic of its own topic, the whole merge order, and both readable
/// reports going down a level (the icicle chart, the sub-topic tables). The five sample
/// articles are too few for a tree and get none.
#[test]
fn a_large_enough_corpus_gets_a_topic_tree_in_every_report() {
    let Some(input) = super::shared_data("bbc-news") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let result = analyse(&input, out.path(), &["-q"]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let json = read_json(&out.path().join("report.json"));
    let clusters = json["clusters"].as_array().unwrap();
    let subtopics = json["subtopics"].as_array().unwrap();
    assert!(
        subtopics.len() > clusters.len(),
        "{} fine topics",
        subtopics.len()
    );
    let tree = &json["topic_tree"];
    assert_eq!(tree["top_k"].as_u64().unwrap() as usize, clusters.len());
    assert_eq!(tree["fine_k"].as_u64().unwrap() as usize, subtopics.len());
    assert_eq!(
        tree["merges"].as_array().unwrap().len(),
        subtopics.len() - 1
    );
    for c in clusters {
        assert_eq!(c["level"], 0);
        assert!(c["parent"].is_null());
        let children = c["children"].as_array().unwrap();
        let sizes: u64 = children
            .iter()
            .map(|id| {
                let sub = &subtopics[id.as_u64().unwrap() as usize];
                assert_eq!(sub["level"], 1);
                assert_eq!(sub["parent"], c["id"]);
                sub["size"].as_u64().unwrap()
            })
            .sum();
        assert_eq!(sizes, c["size"].as_u64().unwrap(), "topic {}", c["id"]);
    }
    for d in json["documents"].as_array().unwrap() {
        let sub = &subtopics[d["subtopic"].as_u64().unwrap() as usize];
        assert_eq!(sub["parent"], d["cluster"], "{}", d["id"]);
    }
    // Every node of the tree: what its merge joins, the fine topics under it, their sizes
    // added up, a name and key sentences; the node that gathers a topic is that topic.
    let fine_k = subtopics.len();
    let nodes = tree["nodes"].as_array().unwrap();
    let merges = tree["merges"].as_array().unwrap();
    assert_eq!(nodes.len(), merges.len());
    let mut under: Vec<Vec<u64>> = (0..fine_k as u64).map(|f| vec![f]).collect();
    let size_of = |ids: &[u64]| -> u64 {
        ids.iter()
            .map(|&f| subtopics[f as usize]["size"].as_u64().unwrap())
            .sum()
    };
    for (i, (node, merge)) in nodes.iter().zip(merges).enumerate() {
        assert_eq!(node["id"].as_u64().unwrap() as usize, fine_k + i);
        let (a, b) = (merge[0].as_u64().unwrap(), merge[1].as_u64().unwrap());
        assert_eq!(node["children"], serde_json::json!([a, b]));
        let mut ids: Vec<u64> = under[a as usize]
            .iter()
            .chain(&under[b as usize])
            .copied()
            .collect();
        ids.sort_unstable();
        assert_eq!(node["subtopics"], serde_json::json!(ids), "node {i}");
        assert_eq!(node["size"].as_u64().unwrap(), size_of(&ids), "node {i}");
        assert!(!node["terms"].as_array().unwrap().is_empty(), "node {i}");
        assert!(
            !node["key_sentences"].as_array().unwrap().is_empty(),
            "node {i}"
        );
        if node["is_topic"].as_bool().unwrap() {
            let topic = &clusters[node["topic"].as_u64().unwrap() as usize];
            assert_eq!(node["label"], topic["label"]);
            assert_eq!(node["size"], topic["size"]);
        }
        under.push(ids);
    }
    let root = nodes.last().unwrap();
    assert!(root["topic"].is_null());
    assert_eq!(
        root["size"].as_u64().unwrap(),
        clusters
            .iter()
            .map(|c| c["size"].as_u64().unwrap())
            .sum::<u64>()
    );
    for c in clusters
        .iter()
        .filter(|c| c["children"].as_array().unwrap().len() > 1)
    {
        let gathering: Vec<_> = nodes
            .iter()
            .filter(|n| n["is_topic"].as_bool().unwrap() && n["topic"] == c["id"])
            .collect();
        assert_eq!(gathering.len(), 1, "topic {}", c["id"]);
    }
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    assert!(md.contains("sub-topics**") && md.contains("(topic-tree.svg)"));
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("<details class=\"subtopics\">"));
    let svg = std::fs::read_to_string(out.path().join("topic-tree.svg")).unwrap();
    for c in clusters {
        let first_word = c["label"].as_str().unwrap().split(' ').next().unwrap();
        assert!(
            svg.contains(first_word),
            "{first_word} not in the tree chart"
        );
    }

    let (small, report) = corpus_report();
    assert!(report["subtopics"].as_array().unwrap().is_empty());
    assert!(report.get("topic_tree").is_none());
    assert!(!small.path().join("topic-tree.svg").exists());
}
