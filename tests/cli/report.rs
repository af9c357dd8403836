//! The reports people read: report.md (snapshot), its SVG charts, and report.html.

use std::path::{Path, PathBuf};

use super::{read_json, root, sintesi};

/// Runs `sintesi analyse corpus/` as the README does, in a scratch copy of the sample corpus,
/// so links and paths in the reports are the committed ones (`../corpus/…`).
fn sample_reports() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(root().join("corpus")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
    }
    let run = sintesi()
        .current_dir(dir.path())
        .args(["analyse", "corpus/"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let reports = dir.path().join("reports");
    (dir, reports)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn markdown_report_of_the_sample_corpus() {
    let (_dir, reports) = sample_reports();
    insta::assert_snapshot!("report.md", read(&reports.join("report.md")));
}

#[test]
fn markdown_links_every_chart_and_quote() {
    let (_dir, reports) = sample_reports();
    let md = read(&reports.join("report.md"));
    for chart in ["topic-sizes.svg", "topic-terms.svg", "document-map.svg"] {
        assert!(md.contains(&format!("]({chart})")), "{chart} not linked");
        let svg = read(&reports.join(chart));
        assert!(
            svg.contains("<svg") && svg.trim_end().ends_with("</svg>"),
            "{chart}"
        );
        assert!(svg.contains("<title>"), "{chart} has no title");
    }
    // Every key sentence is attributed with a link to its article.
    let attributions = md.lines().filter(|l| l.starts_with("> — ")).count();
    let linked = md
        .lines()
        .filter(|l| l.starts_with("> — [*") && l.contains("](../corpus/"))
        .count();
    assert!(attributions > 0);
    assert_eq!(attributions, linked);
}

#[test]
fn charts_show_every_topic_and_document() {
    let (_dir, reports) = sample_reports();
    let json = read_json(&reports.join("report.json"));
    let sizes = read(&reports.join("topic-sizes.svg"));
    let terms = read(&reports.join("topic-terms.svg"));
    let map = read(&reports.join("document-map.svg"));
    for c in json["clusters"].as_array().unwrap() {
        // Charts shorten long labels at a word boundary: the first word always shows.
        let label = c["label"].as_str().unwrap();
        let head = label.split(" · ").next().unwrap();
        assert!(sizes.contains(head), "{label} not in the sizes chart");
        assert!(terms.contains(c["terms"][0]["term"].as_str().unwrap()));
        assert!(map.contains(head), "{label} not in the map legend");
    }
    let n_docs = json["documents"].as_array().unwrap().len();
    // One filled dot and one white ring per document, plus one legend dot per topic.
    let k = json["clusters"].as_array().unwrap().len();
    assert_eq!(map.matches("<circle").count(), 2 * n_docs + k);
}

#[test]
fn html_report_is_self_contained() {
    let (_dir, reports) = sample_reports();
    let html = read(&reports.join("report.html"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta name=\"viewport\""));
    assert!(html.contains("@media print"));
    let json = read_json(&reports.join("report.json"));
    let k = json["clusters"].as_array().unwrap().len();
    // Sizes and map, then one terms chart in each topic's section.
    assert_eq!(html.matches("<svg").count(), 2 + k, "charts inline");
    for external in [
        "<script",
        "<link",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(",
    ] {
        assert!(!html.contains(external), "{external} in report.html");
    }
    for c in json["clusters"].as_array().unwrap() {
        for s in c["key_sentences"].as_array().unwrap() {
            let text = s["text"].as_str().unwrap();
            let escaped = text
                .replace('&', "&amp;")
                .replace('\'', "&#39;")
                .replace('"', "&quot;");
            assert!(html.contains(&escaped), "key sentence missing: {text}");
        }
    }
    for d in json["documents"].as_array().unwrap() {
        let path = d["path"].as_str().unwrap();
        assert!(
            html.contains(&format!("href=\"../{path}\"")),
            "{path} not linked"
        );
    }
}

#[test]
fn format_list_writes_only_what_is_asked() {
    let out = tempfile::tempdir().unwrap();
    let run = super::analyse(
        &root().join("corpus"),
        out.path(),
        &["--format", "json,html"],
    );
    assert!(run.status.success());
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["report.html", "report.json"]);
}

#[test]
fn charts_and_html_are_not_written_over_a_users_file() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("topic-sizes.svg"), "<svg>mine</svg>").unwrap();
    let run = super::analyse(&root().join("corpus"), out.path(), &[]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(read(&out.path().join("topic-sizes.svg")), "<svg>mine</svg>");
    assert!(!out.path().join("report.json").exists());
    // A rerun over sintesi's own files is fine.
    std::fs::remove_file(out.path().join("topic-sizes.svg")).unwrap();
    for _ in 0..2 {
        assert!(super::analyse(&root().join("corpus"), out.path(), &[])
            .status
            .success());
    }
}

#[test]
fn every_report_file_is_byte_identical_across_runs() {
    let runs: Vec<tempfile::TempDir> = (0..3)
        .map(|_| {
            let out = tempfile::tempdir().unwrap();
            assert!(super::analyse(&root().join("corpus"), out.path(), &[])
                .status
                .success());
            out
        })
        .collect();
    let files = [
        "report.json",
        "report.md",
        "report.html",
        "topic-sizes.svg",
        "topic-terms.svg",
        "document-map.svg",
    ];
    for file in files {
        let first = std::fs::read(runs[0].path().join(file)).unwrap();
        for run in &runs[1..] {
            assert!(
                std::fs::read(run.path().join(file)).unwrap() == first,
                "{file} differs between runs"
            );
        }
    }
}
