//! `sintesi duplicates`: syndicated, edited and truncated copies found, unrelated articles
//! sharing boilerplate left apart, the same groups on any number of threads, ids as
//! `analyse` gives them, bad input as one line with exit code 2, `vectorise --dedup`.

use std::path::Path;
use std::process::Output;

use super::{shared_data, sintesi};

pub const STORY: &str = "The city council approved the new budget for the harbour on Tuesday \
after a long and often heated debate. The mayor said the money would go to dredging the \
channel and repairing the old quay, which has been closed to ships since the winter storms \
damaged it. Opposition members asked for an independent review of the costs before any \
contract is signed, and the council agreed to publish the tender documents next month. \
Fishermen who use the harbour welcomed the decision but warned that the works must not \
block the entrance during the summer season, when most of the catch is landed. The port \
authority expects the dredging to take about six weeks and the repairs to the quay most \
of next year.";

pub const OTHER: &str = "Heavy rain is expected across the north of the country this weekend, \
with strong winds along the coast and snow on the higher ground of the mountains. \
Forecasters advised drivers to avoid unnecessary journeys on Saturday night, when the storm \
is due to reach its peak, and warned that rivers in the valleys could burst their banks. \
Schools in several districts will stay closed on Monday as a precaution.";

pub const THIRD: &str = "A small museum in the old town has reopened after three years of \
restoration, with its collection of maps and ship models shown in rooms that had been \
closed to the public since the roof began to leak. The curator said that volunteers had \
cleaned and catalogued every object by hand, and that the museum now hopes to attract \
school visits and tourists arriving on the cruise ships in the spring.";

pub const HEADER: &str = "Daily Courier | News | Sport | Weather\nShare this article\nFollow us";
pub const FOOTER: &str = "Copyright 2024 Daily Courier Media Group. All rights reserved.\nSign up \
for our newsletter to get the top stories every morning";

fn duplicates(input: &Path, extra: &[&str]) -> Output {
    sintesi()
        .arg("duplicates")
        .arg(input)
        .args(extra)
        .output()
        .expect("run sintesi")
}

fn groups(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    json["groups"].clone()
}

pub fn members(group: &serde_json::Value) -> Vec<&str> {
    group["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect()
}

pub fn folder(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn finds_syndicated_edited_and_truncated_copies() {
    let cut = &STORY[..STORY.len() * 7 / 10];
    let edited = STORY
        .replace("long and often heated", "long and heated")
        .replace("Fishermen", "Local fishermen")
        .replace("six weeks", "two months");
    let dir = folder(&[
        ("a-original.txt", STORY.to_string()),
        (
            "b-wire.txt",
            format!("Harbour budget passes after heated debate\n{HEADER}\n\n{STORY}\n\n{FOOTER}"),
        ),
        ("c-edited.txt", edited),
        ("d-truncated.txt", cut.to_string()),
        ("e-weather.txt", format!("{HEADER}\n\n{OTHER}\n\n{FOOTER}")),
        ("f-museum.txt", format!("{HEADER}\n\n{THIRD}\n\n{FOOTER}")),
    ]);
    let out = duplicates(dir.path(), &["--json"]);
    let groups = groups(&out);
    assert_eq!(groups.as_array().unwrap().len(), 1, "{groups}");
    let g = &groups[0];
    assert_eq!(
        members(g),
        [
            "a-original.txt",
            "b-wire.txt",
            "c-edited.txt",
            "d-truncated.txt"
        ]
    );
    assert_eq!(g["kept"], "b-wire.txt", "the longest copy is kept");
    let similarities = g["similarities"].as_array().unwrap();
    assert_eq!(similarities.len(), 6);
    for s in similarities {
        let value = s[2].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&value), "{s}");
    }
    // The human output: a summary line, then the group.
    let text = duplicates(dir.path(), &[]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.starts_with("6 documents, 1 groups"), "{text}");
    assert!(text.contains("keep b-wire.txt"), "{text}");
}

#[test]
fn unrelated_articles_sharing_boilerplate_are_not_grouped() {
    let dir = folder(&[
        ("1.txt", format!("{HEADER}\n\n{OTHER}\n\n{FOOTER}")),
        ("2.txt", format!("{HEADER}\n\n{THIRD}\n\n{FOOTER}")),
        ("3.txt", format!("{HEADER}\n\n{STORY}\n\n{FOOTER}")),
    ]);
    let groups = groups(&duplicates(dir.path(), &["--json"]));
    assert_eq!(groups, serde_json::json!([]));
}

/// A JSON Lines corpus over several read batches (1 MiB each), with copies scattered.
fn large_jsonl(dir: &Path) -> std::path::PathBuf {
    let words: Vec<&str> = [STORY, OTHER, THIRD]
        .iter()
        .flat_map(|t| t.split_whitespace())
        .collect();
    let mut state: u64 = 7;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    let mut lines = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for i in 0..3000 {
        let text = if i % 10 == 9 {
            let source = &texts[next(texts.len())];
            source[..source.len() * 3 / 4].to_string()
        } else {
            (0..150)
                .map(|_| words[next(words.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        // The last hundred records repeat the first hundred ids.
        let id = format!("d{}", i % 2900);
        lines.push(serde_json::json!({ "id": id, "text": text }).to_string());
        texts.push(text);
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

#[test]
fn groups_are_the_same_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let input = large_jsonl(dir.path());
    assert!(std::fs::metadata(&input).unwrap().len() > 2 << 20);
    let run = |threads: &str| {
        let out = sintesi()
            .env("RAYON_NUM_THREADS", threads)
            .arg("duplicates")
            .arg(&input)
            .arg("--json")
            .output()
            .unwrap();
        assert!(out.status.success());
        let mut json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json.as_object_mut().unwrap().remove("seconds");
        json
    };
    let one = run("1");
    assert_eq!(one["documents"], 3000);
    let groups = one["groups"].as_array().unwrap();
    assert!(groups.len() >= 100, "{} groups", groups.len());
    // Ids as report.json gives them: the second record with id d5 is d5#2.
    let all: Vec<&str> = groups.iter().flat_map(members).collect();
    assert!(all.iter().any(|id| id.ends_with("#2")), "{all:?}");
    assert_eq!(one, run("2"));
}

#[test]
fn bad_input_is_one_line_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let out = duplicates(&missing, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nowhere"), "{stderr}");
    let out = duplicates(dir.path(), &["--threshold", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--threshold"), "{stderr}");
}

#[test]
fn vectorise_dedup_keeps_one_copy_of_each_group() {
    let dir = folder(&[
        ("a.txt", STORY.to_string()),
        ("b.txt", format!("{HEADER}\n\n{STORY}\n\n{FOOTER}")),
        ("c.txt", STORY[..STORY.len() * 7 / 10].to_string()),
        ("d.txt", OTHER.to_string()),
    ]);
    let figures = |extra: &[&str]| -> serde_json::Value {
        let out = sintesi()
            .arg("vectorise")
            .arg(dir.path())
            .arg("--json")
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let all = figures(&[]);
    let deduplicated = figures(&["--dedup"]);
    assert_eq!(all["documents"], 4);
    assert!(all.get("duplicates_dropped").is_none());
    assert_eq!(deduplicated["documents"], 2);
    assert_eq!(deduplicated["duplicates_dropped"], 2);
}

/// BBC News: its 98 pairs of identical articles are all found, and little else (the other
/// pairs found are the same story under two headlines).
#[test]
fn finds_every_exact_duplicate_of_bbc_news() {
    let Some(input) = shared_data("bbc-news") else {
        return;
    };
    let groups = groups(&duplicates(&input, &["--json"]));
    let exact_pairs = identical_files_share_a_group(&input, groups.as_array().unwrap());
    assert_eq!(exact_pairs, 98);
    let pairs: usize = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| members(g).len() * (members(g).len() - 1) / 2)
        .sum();
    // Measured: 173 pairs (98 exact, 75 the same story under another headline).
    assert!((98..=200).contains(&pairs), "{pairs} pairs");
}

/// Checks that the files of `input` with the same text (trimmed) are all members of one of
/// `groups`, and returns how many pairs of identical files there are.
pub fn identical_files_share_a_group(input: &Path, groups: &[serde_json::Value]) -> usize {
    let mut by_text: std::collections::HashMap<String, Vec<String>> = Default::default();
    for entry in walk(input) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        let id = entry
            .strip_prefix(input)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        by_text.entry(text.trim().to_string()).or_default().push(id);
    }
    let group_of: std::collections::HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(n, g)| members(g).into_iter().map(move |m| (m, n)))
        .collect();
    let mut exact_pairs = 0;
    for ids in by_text.values().filter(|ids| ids.len() > 1) {
        exact_pairs += ids.len() * (ids.len() - 1) / 2;
        let first = group_of.get(ids[0].as_str());
        assert!(first.is_some(), "{ids:?} not grouped");
        assert!(
            ids.iter().all(|id| group_of.get(id.as_str()) == first),
            "{ids:?}"
        );
    }
    exact_pairs
}

pub fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    out
}
