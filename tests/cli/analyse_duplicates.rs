//! `analyse` with near-duplicates: a story syndicated, edited and cut short is one group in
//! report.json and counts once in the topic sizes; `--keep-duplicates` counts every copy;
//! unrelated articles sharing a site's boilerplate stay apart; reruns are byte-identical;
//! BBC News's 98 pairs of identical articles are all found.

use std::collections::HashMap;
use std::path::Path;

use super::duplicates::{
    folder, identical_files_share_a_group, members, FOOTER, HEADER, OTHER, STORY, THIRD,
};
use super::{analyse, read_json, shared_data};

const RATES: &str = "The central bank raised its main interest rate by a quarter of a point \
on Thursday, the third rise this year, saying that prices were still climbing faster than \
wages. Economists had expected the move, although some warned that higher borrowing costs \
would weigh on house sales and on small firms that depend on bank loans to pay suppliers.";

const TRAINS: &str = "Rail passengers face a week of delays after engineers found cracks in \
a bridge on the main line to the south. The operator said trains would run at reduced speed \
over the bridge until repairs are finished, and that replacement buses would serve the two \
smaller stations on the branch line while it is closed.";

/// Four copies of one story (the original, a syndicated copy framed by another site's
/// boilerplate, an edited one, one cut to 70 %) and five unrelated articles, two of which
/// share the syndicating site's boilerplate.
fn syndicated_folder() -> tempfile::TempDir {
    let cut = &STORY[..STORY.len() * 7 / 10];
    let edited = STORY
        .replace("long and often heated", "long and heated")
        .replace("Fishermen", "Local fishermen")
        .replace("six weeks", "two months");
    folder(&[
        ("a-original.txt", STORY.to_string()),
        (
            "b-wire.txt",
            format!("Harbour budget passes after heated debate\n{HEADER}\n\n{STORY}\n\n{FOOTER}"),
        ),
        ("c-edited.txt", edited),
        ("d-truncated.txt", cut.to_string()),
        ("e-weather.txt", format!("{HEADER}\n\n{OTHER}\n\n{FOOTER}")),
        ("f-museum.txt", format!("{HEADER}\n\n{THIRD}\n\n{FOOTER}")),
        ("g-rates.txt", RATES.to_string()),
        ("h-trains.txt", TRAINS.to_string()),
        ("i-weather-again.txt", OTHER.replace("weekend", "week")),
    ])
}

fn run(input: &Path, extra: &[&str]) -> (tempfile::TempDir, serde_json::Value) {
    let out = tempfile::tempdir().unwrap();
    let result = analyse(input, out.path(), extra);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let json = read_json(&out.path().join("report.json"));
    (out, json)
}

fn sizes(report: &serde_json::Value) -> Vec<u64> {
    report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .collect()
}

#[test]
fn a_syndicated_story_counts_once_and_every_copy_is_listed() {
    let dir = syndicated_folder();
    let (out, report) = run(dir.path(), &["--k", "3", "--seed", "1"]);
    let d = &report["duplicates"];
    assert_eq!(d["counted_once"], true);
    assert_eq!(d["threshold"], 0.7);
    let groups = d["groups"].as_array().unwrap();
    // The weather story and its one-word edit are a group too; the museum, which shares only
    // the boilerplate with it, is not.
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert_eq!(
        members(&groups[0]),
        [
            "a-original.txt",
            "b-wire.txt",
            "c-edited.txt",
            "d-truncated.txt"
        ]
    );
    assert_eq!(groups[0]["kept"], "b-wire.txt");
    assert_eq!(
        members(&groups[1]),
        ["e-weather.txt", "i-weather-again.txt"]
    );
    assert_eq!(groups[0]["similarities"].as_array().unwrap().len(), 6);
    // 9 documents, 4 + 2 of them in two groups: 5 count.
    assert_eq!(report["corpus"]["documents"], 9);
    assert_eq!(d["counted"], 5);
    assert_eq!(sizes(&report).iter().sum::<u64>(), 5);
    // Every document is listed, a copy in its kept member's topic.
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 9);
    let topic: HashMap<&str, u64> = docs
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["cluster"].as_u64().unwrap()))
        .collect();
    for g in groups {
        let kept = g["kept"].as_str().unwrap();
        for m in members(g) {
            assert_eq!(topic[m], topic[kept], "{m} not in {kept}'s topic");
        }
    }
    let listed: usize = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["documents"].as_array().unwrap().len())
        .sum();
    assert_eq!(listed, 9);
    // Key sentences come from documents that count, never from a dropped copy.
    let dropped = ["a-original.txt", "c-edited.txt", "d-truncated.txt"];
    for c in report["clusters"].as_array().unwrap() {
        for ks in c["key_sentences"].as_array().unwrap() {
            let doc = ks["document"].as_str().unwrap();
            assert!(!dropped.contains(&doc), "key sentence from {doc}");
        }
    }
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    assert!(md.contains("## Near-duplicates"), "{md}");
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("<section id=\"duplicates\">"));
}

#[test]
fn keep_duplicates_counts_every_copy() {
    let dir = syndicated_folder();
    let (out, report) = run(
        dir.path(),
        &["--k", "3", "--seed", "1", "--keep-duplicates"],
    );
    let d = &report["duplicates"];
    assert_eq!(d["counted_once"], false);
    assert_eq!(d["threshold"], serde_json::Value::Null);
    assert_eq!(d["groups"], serde_json::json!([]));
    assert_eq!(d["counted"], 9);
    assert_eq!(sizes(&report).iter().sum::<u64>(), 9);
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    assert!(!md.contains("## Near-duplicates"));
}

#[test]
fn unrelated_articles_sharing_boilerplate_are_not_grouped_by_analyse() {
    let dir = folder(&[
        ("1.txt", format!("{HEADER}\n\n{OTHER}\n\n{FOOTER}")),
        ("2.txt", format!("{HEADER}\n\n{THIRD}\n\n{FOOTER}")),
        ("3.txt", format!("{HEADER}\n\n{STORY}\n\n{FOOTER}")),
        ("4.txt", format!("{HEADER}\n\n{RATES}\n\n{FOOTER}")),
        ("5.txt", format!("{HEADER}\n\n{TRAINS}\n\n{FOOTER}")),
    ]);
    let (_out, report) = run(dir.path(), &["--k", "2"]);
    assert_eq!(report["duplicates"]["groups"], serde_json::json!([]));
    assert_eq!(sizes(&report).iter().sum::<u64>(), 5);
}

#[test]
fn reruns_with_duplicates_are_byte_identical() {
    let dir = syndicated_folder();
    let files = ["report.json", "report.md", "report.html"];
    let read = |out: &Path| -> Vec<Vec<u8>> {
        files
            .iter()
            .map(|f| std::fs::read(out.join(f)).unwrap())
            .collect()
    };
    let (a, _) = run(dir.path(), &["--seed", "3"]);
    let (b, _) = run(dir.path(), &["--seed", "3"]);
    assert!(
        read(a.path()) == read(b.path()),
        "reports differ between runs"
    );
}

/// BBC News: every one of its 98 pairs of identical articles is in one group of
/// report.json's `duplicates`, and the copies count once in the topic sizes.
#[test]
fn analyse_groups_every_exact_duplicate_of_bbc_news() {
    let Some(input) = shared_data("bbc-news") else {
        return;
    };
    let (_out, report) = run(&input, &["--k", "5", "--format", "json", "-q"]);
    let groups = report["duplicates"]["groups"].as_array().unwrap();
    let exact_pairs = identical_files_share_a_group(&input, groups);
    assert_eq!(exact_pairs, 98);
    let members_total: u64 = groups.iter().map(|g| members(g).len() as u64).sum();
    let counted = report["duplicates"]["counted"].as_u64().unwrap();
    // 2,226 documents: the 2,225 articles and SOURCE.md.
    let documents = report["corpus"]["documents"].as_u64().unwrap();
    assert_eq!(counted, documents - members_total + groups.len() as u64);
    assert_eq!(sizes(&report).iter().sum::<u64>(), counted);
}
