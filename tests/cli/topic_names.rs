//! Topic names a reader would choose, on real corpora: no label made of words that say
//! nothing ("stato", "due", "year", "would"), key phrases found in every language, and titles
//! that are headlines, not datelines. Skipped with a notice without `../shared/data`.
//! How coherent and distinct the words are (NPMI, diversity) is measured by
//! `evaluate topics` against BERTopic; see README, "Topic words".

use std::path::Path;

use super::{analyse, read_json, root, shared_data};

/// Words the issue found in our labels, and their kin: each tells nothing about a topic.
const EMPTY_WORDS: &[&str] = &[
    // Italian
    "stato", "stata", "stati", "due", "tre", "anni", "anno", "via", "dopo", "ieri", "oggi", "poi",
    "quando", "ancora", "sempre", "fatto", "parte", "volta", "essere", "può", "dove",
    // English
    "year", "years", "would", "could", "use", "one", "two", "may", "look", "said", "says", "also",
    "mr", "new", "told", "last", "time", "people", "us", "like", "just",
];

fn labels_of(input: &Path, extra: &[&str]) -> (Vec<String>, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["--format", "json", "-q"];
    args.extend_from_slice(extra);
    let run = analyse(input, dir.path(), &args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report = read_json(&dir.path().join("report.json"));
    let labels = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap().to_string())
        .collect();
    (labels, report)
}

fn assert_no_empty_words(corpus: &str, labels: &[String]) {
    for label in labels {
        for word in label.split(" · ").flat_map(|part| part.split(' ')) {
            assert!(
                !EMPTY_WORDS.contains(&word.to_lowercase().as_str()),
                "{corpus}: label {label:?} has {word:?}"
            );
        }
    }
}

fn check(corpus: &str, rel: &str, k: &str) -> Option<serde_json::Value> {
    let data = shared_data(rel)?;
    let (labels, report) = labels_of(&data, &["--k", k, "--seed", "0"]);
    assert_eq!(labels.len(), k.parse::<usize>().unwrap());
    assert_no_empty_words(corpus, &labels);
    // Every topic has ten words and, on news, key phrases.
    for c in report["clusters"].as_array().unwrap() {
        assert_eq!(c["terms"].as_array().unwrap().len(), 10, "{corpus}: {c}");
    }
    let with_phrases = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["phrases"].as_array().unwrap().is_empty())
        .count();
    assert!(
        with_phrases * 10 >= labels.len() * 8,
        "{corpus}: {with_phrases} topics with phrases"
    );
    Some(report)
}

#[test]
fn bbc_news_labels_say_something() {
    check("BBC News", "bbc-news", "10");
}

#[test]
fn reuters_r8_labels_say_something() {
    check("Reuters R8", "reuters-r8/data.jsonl.gz", "8");
}

#[test]
fn octis_bbc_labels_say_something() {
    check("OCTIS BBC", "octis-bbc-news/data.jsonl", "20");
}

#[test]
fn dice_labels_say_something_and_titles_are_not_datelines() {
    let Some(report) = check("DICE", "dice-italian-crime-news/texts.jsonl.gz", "10") else {
        return;
    };
    // DICE stories open with "CARPI." or "MODENA –": never a title.
    for d in report["documents"].as_array().unwrap() {
        let title = d["title"].as_str().unwrap();
        assert!(
            !sintesi::text::dateline::is_whole(title),
            "title {title:?} of {}",
            d["id"]
        );
        assert_eq!(
            sintesi::text::dateline::strip(title),
            title,
            "title {title:?} of {}",
            d["id"]
        );
    }
}

#[test]
fn sample_corpus_topics_and_documents_have_the_phrases_it_is_about() {
    let (_, report) = labels_of(&root().join("corpus"), &[]);
    let document_phrases: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["phrases"].as_array().unwrap())
        .map(|p| p.as_str().unwrap())
        .collect();
    for want in [
        "Regione Lombardia",
        "Politecnico di Milano",
        "industria 4.0",
    ] {
        assert!(
            document_phrases
                .iter()
                .any(|p| p.eq_ignore_ascii_case(want)),
            "{want} not in {document_phrases:?}"
        );
    }
    let topic_phrases = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["phrases"].as_array().unwrap())
        .count();
    assert!(topic_phrases >= 4, "{report}");
}
