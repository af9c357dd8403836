//! `sintesi.toml` and `--config`: defaults for options, the command line wins, and the
//! effective parameters are echoed in the report.

use std::path::Path;
use std::process::Output;

use super::{read_json, root, sintesi};

/// Runs `sintesi analyse <corpus> --output out extra…` in `dir`.
fn analyse_in(dir: &Path, extra: &[&str]) -> Output {
    sintesi()
        .current_dir(dir)
        .arg("analyse")
        .arg(root().join("corpus"))
        .args(["--output", "out"])
        .args(extra)
        .output()
        .unwrap()
}

fn report(dir: &Path) -> serde_json::Value {
    read_json(&dir.join("out/report.json"))
}

#[test]
fn sintesi_toml_in_the_working_directory_sets_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sintesi.toml"),
        "# sample settings\nk = 3\nseed = 7\nsublinear_tf = true\nmax-df = 1.0\n\n[analyse]\nkey-sentences = 2\n",
    )
    .unwrap();
    let run = analyse_in(dir.path(), &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json = report(dir.path());
    let p = &json["parameters"];
    assert_eq!(p["config"], "sintesi.toml");
    assert_eq!(p["k"], 3);
    assert_eq!(p["seed"], 7);
    assert_eq!(p["tfidf"]["sublinear_tf"], true);
    assert_eq!(p["tfidf"]["max_df"], 1.0);
    assert_eq!(p["summary"]["topic_sentences"], 2);
    assert!(json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["key_sentences"].as_array().unwrap().len() <= 2));

    // The command line wins over the file.
    let run = analyse_in(dir.path(), &["--k", "2", "--seed", "9"]);
    assert!(run.status.success());
    let p = report(dir.path())["parameters"].clone();
    assert_eq!((p["k"].as_u64(), p["seed"].as_u64()), (Some(2), Some(9)));
    assert_eq!(p["summary"]["topic_sentences"], 2);

    // --no-config reads nothing.
    let run = analyse_in(dir.path(), &["--no-config"]);
    assert!(run.status.success());
    let p = report(dir.path())["parameters"].clone();
    assert_eq!(p["config"], serde_json::Value::Null);
    assert_eq!(p["seed"], 42);
    assert_eq!(p["headline_weight"], 3);
    assert_eq!(p["neighbours"], 0);

    let run = analyse_in(
        dir.path(),
        &["--no-config", "--headline-weight", "1", "--neighbours", "2"],
    );
    assert!(run.status.success());
    let p = report(dir.path())["parameters"].clone();
    assert_eq!(
        (p["headline_weight"].as_u64(), p["neighbours"].as_u64()),
        (Some(1), Some(2))
    );
}

#[test]
fn config_flag_names_another_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tuned.toml"), "k = 2\nno-stem = true\n").unwrap();
    let run = analyse_in(dir.path(), &["--config", "tuned.toml"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let p = report(dir.path())["parameters"].clone();
    assert_eq!(p["config"], "tuned.toml");
    assert_eq!(p["stem"], false);
    assert_eq!(p["k_chosen_automatically"], false);

    let run = analyse_in(dir.path(), &["--config", "missing.toml"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("missing.toml"));
}

#[test]
fn bad_settings_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (toml, expect) in [
        ("themes = 3\n", "unknown option `themes`"),
        ("k = \"many\"\n", "'many'"),
        ("k = [\n", "sintesi.toml"),
        ("sublinear-tf = \"yes\"\n", "is a flag"),
        ("k = 0\n", "k"),
        // A table of another subcommand is checked all the same (issue 20, item 23).
        (
            "[summarise]\nsentencez = 2\n",
            "[summarise]: unknown option `sentencez`",
        ),
        (
            "[summarise]\nmax-k = 2\n",
            "[summarise]: unknown option `max-k`",
        ),
        (
            "[evaluate.clusters]\nkk = 2\n",
            "[evaluate.clusters]: unknown option `kk`",
        ),
    ] {
        std::fs::write(dir.path().join("sintesi.toml"), toml).unwrap();
        let run = analyse_in(dir.path(), &[]);
        assert_eq!(run.status.code(), Some(2), "{toml}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(expect), "{toml}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn other_subcommands_ignore_settings_they_do_not_have() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sintesi.toml"), "k = 3\n").unwrap();
    let run = sintesi()
        .current_dir(dir.path())
        .arg("schema")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
