//! `sintesi evaluate clusters` on small labelled corpora built in a temporary folder: the
//! JSON keys, the contingency table, and one-line errors with exit status 2.

use std::path::Path;

use super::sintesi;

/// Three topics, four articles each, in one sub-folder per gold label.
fn labelled_folder(dir: &Path) {
    let topics: [(&str, &[&str]); 3] = [
        (
            "football",
            &[
                "The striker scored twice and the goalkeeper saved a penalty in the derby.",
                "A late goal from the striker won the match; the goalkeeper kept a clean sheet.",
                "The coach praised the striker after the derby; the penalty decided the match.",
                "Fans watched the goalkeeper save a penalty as the match ended in a derby win.",
            ],
        ),
        (
            "markets",
            &[
                "Shares fell as investors sold bonds and the central bank raised interest rates.",
                "The central bank kept interest rates high; bonds and shares slipped on the news.",
                "Investors bought shares after the bank cut rates; bond yields dropped.",
                "Interest rates and bond yields rose, and shares lost ground as investors worried.",
            ],
        ),
        (
            "cooking",
            &[
                "Simmer the tomatoes with garlic and basil, then add the pasta and olive oil.",
                "Fry the garlic in olive oil, add tomatoes and basil, and toss with the pasta.",
                "The recipe needs fresh basil, ripe tomatoes, garlic and good olive oil.",
                "Boil the pasta, then stir in a sauce of tomatoes, garlic, basil and oil.",
            ],
        ),
    ];
    for (label, texts) in topics {
        std::fs::create_dir_all(dir.join(label)).unwrap();
        for (i, text) in texts.iter().enumerate() {
            std::fs::write(dir.join(label).join(format!("{i}.txt")), text).unwrap();
        }
    }
}

/// `sintesi evaluate clusters INPUT extra…`.
fn run(input: &Path, extra: &[&str]) -> std::process::Output {
    sintesi()
        .args(["evaluate", "clusters"])
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

#[test]
fn json_has_the_scores_and_the_contingency_table() {
    let dir = tempfile::tempdir().unwrap();
    labelled_folder(dir.path());
    let json = run_json(dir.path(), &["--k", "3", "--seed", "1"]);
    for key in [
        "k",
        "nmi",
        "ari",
        "v_measure",
        "homogeneity",
        "completeness",
        "silhouette",
        "contingency",
    ] {
        assert!(json.get(key).is_some(), "missing {key}: {json}");
    }
    assert_eq!(json["k"], 3);
    assert_eq!(json["documents"], 12);
    let table = &json["contingency"];
    assert_eq!(
        table["labels"],
        serde_json::json!(["cooking", "football", "markets"])
    );
    let counts: Vec<Vec<u64>> = serde_json::from_value(table["counts"].clone()).unwrap();
    assert_eq!(counts.len(), 3);
    assert!(counts.iter().all(|row| row.len() == 3));
    assert_eq!(counts.iter().flatten().sum::<u64>(), 12);
    // Three obvious topics: every label lands in one cluster of its own.
    assert!((json["nmi"].as_f64().unwrap() - 1.0).abs() < 1e-9, "{json}");
    assert!((json["ari"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    for row in &counts {
        assert_eq!(row.iter().filter(|&&c| c > 0).count(), 1, "{counts:?}");
    }
}

#[test]
fn same_seed_same_result_and_k_chosen_with_scores() {
    let dir = tempfile::tempdir().unwrap();
    labelled_folder(dir.path());
    let a = run_json(dir.path(), &["--seed", "4"]);
    let b = run_json(dir.path(), &["--seed", "4"]);
    assert_eq!(a, b);
    assert_eq!(a["k_chosen_automatically"], true);
    let scores = a["k_scores"].as_array().unwrap();
    assert!(!scores.is_empty());
    assert!(scores.iter().any(|s| s["k"] == a["k"]));
}

#[test]
fn headline_weight_and_neighbours_keep_clear_topics_apart() {
    let dir = tempfile::tempdir().unwrap();
    labelled_folder(dir.path());
    for extra in [
        &["--headline-weight", "1"][..],
        &["--neighbours", "3"],
        &["--headline-weight", "5", "--neighbours", "11"],
    ] {
        let json = run_json(dir.path(), &[&["--k", "3"], extra].concat());
        assert_eq!(json["nmi"], 1.0, "{extra:?}: {}", json["contingency"]);
    }
    let o = run(dir.path(), &["--neighbours", "3", "--no-lsa"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--no-lsa"));
}

#[test]
fn reads_labels_from_json_lines_and_prints_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    let mut lines = String::new();
    for i in 0..4 {
        lines.push_str(&format!(
            "{{\"text\": \"The striker scored a goal in match {i}; the goalkeeper saved a penalty.\", \"label\": \"sport\"}}\n"
        ));
        lines.push_str(&format!(
            "{{\"text\": \"Central bank interest rates {i}: bonds and shares fell, investors sold.\", \"label\": \"money\"}}\n"
        ));
    }
    std::fs::write(&path, lines).unwrap();
    let o = run(&path, &["--k", "2", "--no-lsa"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(table.contains("| NMI | 1.0000 |"), "{table}");
    assert!(table.contains("| money |"), "{table}");
    assert!(table.contains("no LSA"), "{table}");
}

#[test]
fn json_lines_without_labels_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unlabelled.jsonl");
    std::fs::write(
        &path,
        "{\"text\": \"One article.\"}\n{\"text\": \"Another one.\"}\n",
    )
    .unwrap();
    let o = run(&path, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("unlabelled.jsonl"), "{err}");
    assert!(err.contains("label"), "{err}");
}

#[test]
fn bad_parameters_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    labelled_folder(dir.path());
    for args in [
        &["--k", "0"][..],
        &["--k", "50"],
        &["--restarts", "0"],
        &["--dims", "0"],
        &["--headline-weight", "0"],
    ] {
        let o = run(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
    let o = run(&dir.path().join("missing"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().contains("missing"));
}

#[test]
fn files_left_out_are_named_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    labelled_folder(dir.path());
    std::fs::write(dir.path().join("football/empty.txt"), "").unwrap();
    std::fs::write(
        dir.path().join("markets/image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0",
    )
    .unwrap();
    let o = run(dir.path(), &["--k", "3"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("skipped football/empty.txt: empty file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped markets/image.txt: binary file"),
        "{stderr}"
    );
    let json = run_json(dir.path(), &["--k", "3", "-q"]);
    assert_eq!(json["skipped"].as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(json["documents"], 12);
}

#[test]
fn an_empty_label_is_no_label_in_json_lines_as_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        (
            "a",
            "The striker scored twice and the goalkeeper saved a penalty in the derby.",
        ),
        (
            "a",
            "A late goal from the striker won the match; the goalkeeper kept a clean sheet.",
        ),
        (
            "b",
            "Shares fell as investors sold bonds and the central bank raised interest rates.",
        ),
        (
            "b",
            "The central bank kept interest rates high; bonds and shares slipped on the news.",
        ),
        (
            "",
            "Simmer the tomatoes with garlic and basil, then add the pasta and olive oil.",
        ),
        (
            "  ",
            "Fry the garlic in olive oil, add tomatoes and basil, and toss with the pasta.",
        ),
    ];
    let mut jsonl = String::new();
    let mut csv = String::from("label,text\n");
    for (label, text) in texts {
        jsonl.push_str(&format!(
            "{}\n",
            serde_json::json!({"label": label, "text": text})
        ));
        csv.push_str(&format!("{label},\"{text}\"\n"));
    }
    std::fs::write(dir.path().join("l.jsonl"), jsonl).unwrap();
    std::fs::write(dir.path().join("l.csv"), csv).unwrap();
    let from_jsonl = run_json(&dir.path().join("l.jsonl"), &["--k", "2"]);
    let from_csv = run_json(&dir.path().join("l.csv"), &["--k", "2"]);
    for json in [&from_jsonl, &from_csv] {
        assert_eq!(json["documents"], 4, "{json}");
        assert_eq!(json["unlabelled"], 2, "{json}");
        assert_eq!(json["contingency"]["labels"], serde_json::json!(["a", "b"]));
    }
}
