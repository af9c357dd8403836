//! The report writers on arbitrary report values: every string a file name, a title, a
//! sentence or a skip reason could hold, and any number.
//!
//! Checks: the JSON parses back with the same strings and holds no raw control or bidi
//! character; the Markdown keeps its structure whatever the strings hold (one title, one
//! heading per section and topic, one table row per document, no HTML but its own anchors
//! and marker, no link but its own, whose destinations are relative paths it built, no
//! control character).
use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use sintesi::cluster::KScore;
use sintesi::corpus::RenamedIds;
use sintesi::corpus::Skipped;
use sintesi::describe::TermWeight;
use sintesi::report::{
    to_json, to_markdown, to_markdown_with_links, ClusterReport, CorpusStats, DocumentReport,
    DuplicateGroupReport, DuplicatesReport, Generator, KeySentence, Links, Parameters, Report,
    SummarySentence, SCHEMA_VERSION,
};
use sintesi::summarise::SummaryParams;
use sintesi::vectorise::TfidfParams;

#[derive(Debug, Arbitrary)]
struct Input {
    input: String,
    link_base: String,
    languages: Vec<(String, u16)>,
    recoded: Vec<String>,
    skipped: Vec<(String, String)>,
    k_scores: Vec<(u8, f64)>,
    documents: Vec<Doc>,
    clusters: Vec<Cluster>,
    language: Option<String>,
    seed: u64,
    renamed_ids: Vec<(String, Vec<String>)>,
    k_note: Option<String>,
    /// Groups of near-duplicates: kept, members, a similarity (documents by index).
    duplicates: Vec<(u8, Vec<u8>, f64)>,
}

#[derive(Debug, Arbitrary)]
struct Doc {
    id: String,
    path: String,
    title: String,
    language: String,
    tokens: u32,
    keywords: Vec<String>,
    summary: Vec<(String, u16, f64)>,
}

#[derive(Debug, Arbitrary)]
struct Cluster {
    label: String,
    terms: Vec<(String, f64)>,
    documents: Vec<u8>,
    key_sentences: Vec<(String, u8, u16, f64)>,
}

/// Checks the writers on the report that `data` describes.
pub fn check(data: &[u8]) {
    let Ok(input) = Input::arbitrary_take_rest(arbitrary::Unstructured::new(data)) else {
        return;
    };
    let input = &input;
    let report = build(input);
    let json = to_json(&report);
    assert!(
        !json
            .chars()
            .any(|c| sintesi::report::printable::is_unsafe(c) && c != '\n'),
        "raw control character in the JSON"
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("the JSON report parses");
    assert_eq!(
        value["corpus"]["input"].as_str(),
        Some(input.input.as_str())
    );
    for (d, v) in input
        .documents
        .iter()
        .zip(value["documents"].as_array().unwrap())
    {
        assert_eq!(v["title"].as_str(), Some(d.title.as_str()));
        assert_eq!(v["path"].as_str(), Some(d.path.as_str()));
    }
    check_markdown(&report, &to_markdown(&report), "");
    // A base as the writer computes it: climbs, then names.
    let base: String = input
        .link_base
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(8)
        .collect();
    let base = if base.is_empty() {
        "../".to_string()
    } else {
        format!("../{base}/")
    };
    check_markdown(
        &report,
        &to_markdown_with_links(&report, &Links::relative(&base)),
        &base,
    );
}

/// Every live link of `md` (an unescaped `](`): a topic anchor, a chart, or a relative path
/// (starting with `base` when there is one) without a scheme.
fn check_links(md: &str, base: &str) {
    let bytes = md.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                // A code span: its content is literal, up to a run of as many backticks.
                let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let fence = "`".repeat(n);
                let after = i + n;
                i = md[after..]
                    .match_indices(&fence)
                    .find(|(j, _)| bytes.get(after + j + n) != Some(&b'`'))
                    .map_or(after, |(j, _)| after + j + n);
            }
            b']' if bytes[i + 1] == b'(' => {
                let url = &md[i + 2..];
                let url = &url[..url.find(')').unwrap_or(url.len())];
                let ours = url.starts_with("#topic-")
                    || url.ends_with(".svg") && !url.contains('/')
                    || base.is_empty()
                    || url.starts_with(base);
                assert!(
                    ours && !url.starts_with('/'),
                    "a link the writer did not build: {url:?}"
                );
                assert!(
                    !url.split('/').next().unwrap_or_default().contains(':'),
                    "a scheme in {url:?}"
                );
                i += 2;
            }
            _ => i += 1,
        }
    }
}

fn check_markdown(report: &Report, md: &str, base: &str) {
    assert!(
        !md.chars()
            .any(|c| sintesi::report::printable::is_unsafe(c) && c != '\n'),
        "raw control character in the Markdown"
    );
    check_links(md, base);
    let lines: Vec<&str> = md.lines().collect();
    let count = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count("# "), 1, "one title:\n{md}");
    let c = &report.corpus;
    let notes =
        usize::from(!c.skipped.is_empty() || !c.recoded.is_empty() || !c.renamed_ids.is_empty());
    assert_eq!(
        count("## "),
        2 + report.clusters.len() + notes,
        "headings:\n{md}"
    );
    assert_eq!(count("### "), 1, "one summaries heading:\n{md}");
    let table = lines
        .iter()
        .position(|l| *l == "## Documents")
        .expect("documents section");
    let rows = lines[table + 2..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .count();
    assert_eq!(
        rows,
        report.documents.len() + 2,
        "one row per document:\n{md}"
    );
    for (i, _) in md.match_indices('<') {
        let rest = &md[i..];
        assert!(
            rest.starts_with("<a id=\"topic-")
                || rest.starts_with("</a>")
                || rest.starts_with("<!-- generated by sintesi"),
            "raw HTML from a string: {:?}",
            &rest[..rest.len().min(40)]
        );
    }
}

fn build(input: &Input) -> Report {
    let documents: Vec<DocumentReport> = input
        .documents
        .iter()
        .map(|d| DocumentReport {
            id: d.id.clone(),
            path: d.path.clone(),
            title: d.title.clone(),
            language: d.language.clone(),
            tokens: d.tokens as usize,
            sentences: d.summary.len(),
            cluster: 0,
            subtopic: None,
            x: 0.0,
            y: 0.0,
            keywords: d.keywords.clone(),
            phrases: d.keywords.iter().rev().cloned().collect(),
            summary: d
                .summary
                .iter()
                .map(|(text, sentence, score)| SummarySentence {
                    text: text.clone(),
                    sentence: usize::from(*sentence),
                    score: *score,
                })
                .collect(),
        })
        .collect();
    let doc_id = |i: u8| {
        documents
            .get(usize::from(i) % documents.len().max(1))
            .map_or_else(|| format!("missing-{i}"), |d| d.id.clone())
    };
    let clusters: Vec<ClusterReport> = input
        .clusters
        .iter()
        .enumerate()
        .map(|(id, c)| ClusterReport {
            id,
            level: 0,
            parent: None,
            children: Vec::new(),
            label: c.label.clone(),
            size: c.documents.len(),
            terms: c
                .terms
                .iter()
                .map(|(term, weight)| TermWeight {
                    term: term.clone(),
                    weight: *weight,
                })
                .collect(),
            phrases: c
                .terms
                .iter()
                .rev()
                .map(|(term, weight)| TermWeight {
                    term: format!("{term} {term}"),
                    weight: *weight,
                })
                .collect(),
            documents: c.documents.iter().map(|&i| doc_id(i)).collect(),
            key_sentences: c
                .key_sentences
                .iter()
                .map(|(text, doc, sentence, score)| KeySentence {
                    text: text.clone(),
                    document: doc_id(*doc),
                    sentence: usize::from(*sentence),
                    score: *score,
                })
                .collect(),
        })
        .collect();
    let languages: BTreeMap<String, usize> = input
        .languages
        .iter()
        .map(|(l, n)| (l.clone(), usize::from(*n)))
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        generator: Generator {
            name: "sintesi".into(),
            version: "0.0.0".into(),
        },
        corpus: CorpusStats {
            input: input.input.clone(),
            documents: documents.len(),
            sentences: documents.iter().map(|d| d.sentences).sum(),
            tokens: documents.iter().map(|d| d.tokens).sum(),
            terms: 0,
            languages,
            boilerplate_lines_removed: input.recoded.len(),
            recoded: input.recoded.clone(),
            skipped: input
                .skipped
                .iter()
                .map(|(path, reason)| Skipped {
                    path: path.clone(),
                    reason: reason.clone(),
                })
                .collect(),
            renamed_ids: input
                .renamed_ids
                .iter()
                .map(|(id, renamed)| RenamedIds {
                    id: id.clone(),
                    renamed: renamed.clone(),
                })
                .collect(),
        },
        parameters: Parameters {
            config: None,
            input: sintesi::report::InputParameters {
                format: sintesi::corpus::InputFormat::Auto,
                text_field: "text".into(),
                id_field: "id".into(),
                title_field: "title".into(),
                max_file_size: 1 << 20,
            },
            max_k: 10,
            topic_terms: 10,
            document_keywords: 8,
            topic_phrases: 5,
            document_phrases: 3,
            map: "none".into(),
            k: clusters.len(),
            k_chosen_automatically: input.seed.is_multiple_of(2),
            k_note: input.k_note.clone(),
            k_scores: input
                .k_scores
                .iter()
                .map(|&(k, silhouette)| KScore {
                    k: usize::from(k),
                    silhouette,
                })
                .collect(),
            seed: input.seed,
            restarts: 10,
            headline_weight: 2,
            neighbours: 0,
            language: input.language.clone(),
            stem: true,
            stop_words: true,
            tfidf: TfidfParams::default(),
            cluster_tfidf: TfidfParams::default(),
            reduction: sintesi::cluster::ReductionReport {
                method: sintesi::cluster::ReductionMethod::Lsa,
                dims: 100,
                explained_variance: Some(0.25),
            },
            summary: SummaryParams::default(),
        },
        duplicates: DuplicatesReport {
            groups_found: None,
            counted_once: !input.duplicates.is_empty(),
            threshold: (!input.duplicates.is_empty()).then_some(0.7),
            counted: documents.len(),
            groups: input
                .duplicates
                .iter()
                .map(|(kept, members, similarity)| {
                    let id = |i: &u8| {
                        documents
                            .get(usize::from(*i) % documents.len().max(1))
                            .map_or_else(|| format!("doc{i}"), |d| d.id.clone())
                    };
                    let members: Vec<String> = members.iter().map(id).collect();
                    DuplicateGroupReport {
                        kept: id(kept),
                        similarities: members
                            .windows(2)
                            .map(|w| (w[0].clone(), w[1].clone(), *similarity))
                            .collect(),
                        members,
                    }
                })
                .collect(),
        },
        documents,
        documents_file: None,
        documents_in_file: None,
        clusters,
        subtopics: Vec::new(),
        topic_tree: None,
    }
}
