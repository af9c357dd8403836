//! `sintesi summarise` and `sintesi evaluate summaries` on small, hand-made articles.

use std::path::Path;

use super::sintesi;

const ARTICLE: &str = "Dollar gains on Greenspan speech\n\n\
The dollar has hit its highest level against the euro in almost three months after the Federal Reserve head said the US trade deficit is set to stabilise.\n\n\
Market concerns about the deficit have hit the greenback in recent months. The dollar rose as traders bought the currency after the speech.\n\n\
\"I think the chairman is taking a much more sanguine view on the deficit,\" said Robert Sinche, head of currency strategy at Bank of America in New York. The weather in New York was cold and grey all week.\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn run(args: &[&str]) -> std::process::Output {
    sintesi().args(args).output().expect("run sintesi")
}

fn stdout(o: &std::process::Output) -> String {
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn summarises_one_article_without_its_headline() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dollar.txt");
    write(&file, ARTICLE);
    let out = stdout(&run(&[
        "summarise",
        file.to_str().unwrap(),
        "--sentences",
        "2",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(!out.contains("Dollar gains on Greenspan speech"));
    for line in &lines {
        assert!(ARTICLE.contains(line), "not verbatim: {line}");
    }
    // Reading order: the first line comes before the second in the article.
    assert!(ARTICLE.find(lines[0]) < ARTICLE.find(lines[1]));
}

#[test]
fn json_lists_every_document_with_its_title() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a/dollar.txt"), ARTICLE);
    write(
        &dir.path().join("b/schools.txt"),
        "Budget boost for schools\n\nThe chancellor promised more money for schools today. Teachers welcomed the budget money for schools and pupils. Pupils and teachers in London had a grey and cold day.\n",
    );
    let out = stdout(&run(&[
        "summarise",
        dir.path().to_str().unwrap(),
        "--ratio",
        "0.5",
        "--json",
        "--method",
        "textrank",
    ]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["method"], "textrank");
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], "a/dollar.txt");
    assert_eq!(docs[0]["title"], "Dollar gains on Greenspan speech");
    assert_eq!(docs[1]["title"], "Budget boost for schools");
    for doc in docs {
        let n = doc["candidates"].as_u64().unwrap();
        let expected = ((n as f64) * 0.5).round().max(1.0) as usize;
        assert_eq!(doc["sentences"].as_array().unwrap().len(), expected);
    }
}

#[test]
fn same_input_same_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dollar.txt");
    write(&file, ARTICLE);
    let args = ["summarise", file.to_str().unwrap(), "--json"];
    assert_eq!(stdout(&run(&args)), stdout(&run(&args)));
}

#[test]
fn bad_lengths_and_methods_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dollar.txt");
    write(&file, ARTICLE);
    let f = file.to_str().unwrap();
    for args in [
        vec!["summarise", f, "--sentences", "0"],
        vec!["summarise", f, "--ratio", "1.5"],
        vec!["summarise", f, "--ratio", "0.5", "--sentences", "2"],
        vec!["summarise", f, "--method", "pagerank"],
        vec!["summarise", f, "--position-prior", "2"],
        vec!["summarise", "no/such/file.txt"],
    ] {
        let o = run(&args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn evaluates_folders_paired_by_relative_path() {
    let dir = tempfile::tempdir().unwrap();
    let (articles, summaries) = (dir.path().join("articles"), dir.path().join("summaries"));
    write(&articles.join("x/1.txt"), ARTICLE);
    // Two article sentences glued without a space, as BBC references are.
    write(
        &summaries.join("x/1.txt"),
        "Market concerns about the deficit have hit the greenback in recent months.The dollar rose as traders bought the currency after the speech.",
    );
    write(&articles.join("x/2.txt"), ARTICLE); // no summary: skipped with a warning
    let o = run(&[
        "evaluate",
        "summaries",
        articles.to_str().unwrap(),
        summaries.to_str().unwrap(),
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("x/2.txt"));
    assert_eq!(json["default_method"], "lexrank");
    assert_eq!(json["documents"], 1);
    assert_eq!(json["mean_summary_sentences"], 2.0);
    let methods = json["methods"].as_object().unwrap();
    let names: Vec<&str> = methods.keys().map(String::as_str).collect();
    assert_eq!(names, ["centroid", "lead", "lexrank", "textrank"]);
    for scores in methods.values() {
        for key in ["rouge1", "rouge2", "rougeL"] {
            for part in ["p", "r", "f1"] {
                let x = scores[key][part].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&x), "{key}.{part} = {x}");
            }
        }
    }
}

#[test]
fn evaluate_needs_summaries_for_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("1.txt"), ARTICLE);
    let o = run(&["evaluate", "summaries", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("folder of summaries"), "{stderr}");
}
