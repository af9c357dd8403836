//! Every input format `analyse` reads: CSV/TSV, HTML files, standard input, one file, JSON Lines.

use std::io::Write;
use std::process::{Output, Stdio};

use super::{analyse, read_json, root, sintesi};

fn fixture(rel: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/inputs").join(rel)
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "status {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The ids and titles of the report's documents, in input order.
fn documents(json: &serde_json::Value) -> Vec<(String, String)> {
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every quoted sentence of a report, summaries and key sentences.
fn quoted(json: &serde_json::Value) -> String {
    let mut all = String::new();
    for d in json["documents"].as_array().unwrap() {
        for s in d["summary"].as_array().unwrap() {
            all.push_str(s["text"].as_str().unwrap());
            all.push('\n');
        }
    }
    for c in json["clusters"].as_array().unwrap() {
        for s in c["key_sentences"].as_array().unwrap() {
            all.push_str(s["text"].as_str().unwrap());
            all.push('\n');
        }
    }
    all
}

/// Runs `sintesi analyse - …` with `stdin` as standard input.
fn analyse_stdin(stdin: &[u8], out: &std::path::Path, extra: &[&str]) -> Output {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sintesi"))
        .env("NO_COLOR", "1")
        .env_remove("SINTESI_LOG")
        .args(["analyse", "-", "--no-config", "--output"])
        .arg(out)
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sintesi");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

#[test]
fn reads_csv_rows_with_named_columns() {
    let out = tempfile::tempdir().unwrap();
    let run = analyse(
        &fixture("news.csv"),
        out.path(),
        &[
            "--text-field",
            "body",
            "--title-field",
            "headline",
            "--k",
            "2",
        ],
    );
    ok(&run);
    let json = read_json(&out.path().join("report.json"));
    assert_eq!(
        documents(&json),
        [
            ("port-1", "Genoa port traffic grows"),
            ("rail-1", "Regional trains late again"),
            ("port-2", "Trieste terminal expands"),
            ("rail-2", "New high-speed line opens"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // Ports and railways are told apart.
    let cluster = |i: usize| json["documents"][i]["cluster"].as_u64().unwrap();
    assert_eq!(cluster(0), cluster(2));
    assert_eq!(cluster(1), cluster(3));
    assert_ne!(cluster(0), cluster(1));
    assert_eq!(json["parameters"]["input"]["text_field"], "body");
}

#[test]
fn csv_without_the_text_column_is_an_input_error() {
    let out = tempfile::tempdir().unwrap();
    let run = analyse(&fixture("news.csv"), out.path(), &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("news.csv") && stderr.contains("no `text` column"),
        "{stderr}"
    );
    assert!(!out.path().join("report.json").exists());
}

#[test]
fn reads_html_pages_without_markup_scripts_or_navigation() {
    let out = tempfile::tempdir().unwrap();
    let run = analyse(&fixture("html"), out.path(), &["--k", "2"]);
    ok(&run);
    let json = read_json(&out.path().join("report.json"));
    let docs = documents(&json);
    assert_eq!(
        docs.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
        [
            "Genoa port traffic grows",
            "Regional trains late again",
            "Trieste terminal expands"
        ]
    );
    let text = quoted(&json);
    for furniture in [
        "Subscribe",
        "analytics",
        "Sign in",
        "Home",
        "Cookie",
        "Related stories",
        "Search the archive",
        "NewsArticle",
        "font-family",
        "JavaScript",
        "<",
    ] {
        assert!(!text.contains(furniture), "{furniture:?} in {text}");
    }
    assert!(text.contains("Commuters complained about crowded carriages and cancelled trains."));
    let keywords: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["keywords"].as_array().unwrap())
        .map(|k| k.as_str().unwrap())
        .collect();
    for nav in ["cookie", "harbour", "login", "analytics"] {
        assert!(
            !keywords.contains(&nav),
            "{nav} among keywords {keywords:?}"
        );
    }
}

#[test]
fn reads_one_html_file() {
    let out = tempfile::tempdir().unwrap();
    let run = analyse(&fixture("html/trains.htm"), out.path(), &[]);
    ok(&run);
    let json = read_json(&out.path().join("report.json"));
    assert_eq!(
        documents(&json),
        [(
            "trains.htm".to_string(),
            "Regional trains late again".to_string()
        )]
    );
}

#[test]
fn reads_one_text_file() {
    let out = tempfile::tempdir().unwrap();
    let file = root().join("corpus/kilometro-rosso-joiint-lab-bergamo.txt");
    let run = analyse(&file, out.path(), &[]);
    ok(&run);
    let json = read_json(&out.path().join("report.json"));
    assert_eq!(json["corpus"]["documents"], 1);
    assert_eq!(json["clusters"].as_array().unwrap().len(), 1);
    assert_eq!(
        json["documents"][0]["id"],
        "kilometro-rosso-joiint-lab-bergamo.txt"
    );
}

#[test]
fn reads_json_lines_with_custom_fields() {
    let out = tempfile::tempdir().unwrap();
    let run = analyse(
        &fixture("news.jsonl"),
        out.path(),
        &[
            "--text-field",
            "body",
            "--id-field",
            "doc",
            "--title-field",
            "heading",
        ],
    );
    ok(&run);
    let json = read_json(&out.path().join("report.json"));
    let docs = documents(&json);
    assert_eq!(docs.len(), 4);
    assert_eq!(docs[0], ("a".into(), "Genoa port traffic grows".into()));
    assert_eq!(docs[3].0, "d");
}

#[test]
fn reads_text_from_standard_input() {
    let out = tempfile::tempdir().unwrap();
    let text = std::fs::read(root().join("corpus/kilometro-rosso-joiint-lab-bergamo.txt")).unwrap();
    let run = analyse_stdin(&text, out.path(), &[]);
    ok(&run);
    let json = read_json(&out.path().join("report.json"));
    assert_eq!(json["corpus"]["input"], "-");
    assert_eq!(json["documents"][0]["id"], "stdin");
    assert_eq!(json["documents"][0]["path"], "-");
    // A document from standard input has no file to link to.
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    assert!(!md.contains("](-)"), "{md}");
}

#[test]
fn reads_json_lines_from_standard_input_when_it_looks_like_it() {
    let out = tempfile::tempdir().unwrap();
    let data = std::fs::read(fixture("news.jsonl")).unwrap();
    let run = analyse_stdin(
        &data,
        out.path(),
        &["--text-field", "body", "--id-field", "doc"],
    );
    ok(&run);
    let json = read_json(&out.path().join("report.json"));
    let ids: Vec<String> = documents(&json).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
}

#[test]
fn reads_csv_and_html_from_standard_input_when_told_or_sniffed() {
    let out = tempfile::tempdir().unwrap();
    let data = std::fs::read(fixture("news.csv")).unwrap();
    let run = analyse_stdin(
        &data,
        out.path(),
        &["--input-format", "csv", "--text-field", "body"],
    );
    ok(&run);
    assert_eq!(
        read_json(&out.path().join("report.json"))["corpus"]["documents"],
        4
    );

    let out = tempfile::tempdir().unwrap();
    let page = std::fs::read(fixture("html/genoa.html")).unwrap();
    let run = analyse_stdin(&page, out.path(), &[]);
    ok(&run);
    let json = read_json(&out.path().join("report.json"));
    assert_eq!(json["documents"][0]["title"], "Genoa port traffic grows");
    assert!(!quoted(&json).contains("Subscribe"));
}

#[test]
fn empty_standard_input_is_an_input_error() {
    let out = tempfile::tempdir().unwrap();
    let run = analyse_stdin(b"", out.path(), &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.starts_with("sintesi: error: -:"), "{stderr}");
}

#[test]
fn unknown_file_types_are_refused_with_the_formats_that_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.xyz");
    std::fs::write(&file, "some text").unwrap();
    let run = sintesi()
        .args(["analyse", "--no-config"])
        .arg(&file)
        .arg("--output")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("data.xyz") && stderr.contains("--input-format"),
        "{stderr}"
    );
    // … and read when told how.
    let run = sintesi()
        .args(["analyse", "--no-config", "--input-format", "text"])
        .arg(&file)
        .arg("--output")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    ok(&run);
}
