//! `sintesi vectorise`: figures as JSON, a Matrix Market file consistent with them (and
//! readable by scipy when it is installed), the vocabulary file, the same terms as `analyse`,
//! and errors as one line with exit code 2.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::{analyse, read_json, root, sintesi};

fn vectorise(input: &Path, extra: &[&str]) -> Output {
    sintesi()
        .arg("vectorise")
        .arg(input)
        .args(extra)
        .output()
        .expect("run sintesi")
}

fn figures(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON object on stdout")
}

/// A folder of English texts without boilerplate (so `analyse` keeps every line).
fn english_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        "Robots build cars in the factory. The factory robots never sleep.",
        "Cloud data centres store the data of the factory.",
        "Farmers grow wheat; the wheat harvest was large this year.",
        "The harvest of grapes gives wine. Wine makers praise the harvest.",
    ];
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i}.txt")), t).unwrap();
    }
    dir
}

#[test]
fn prints_the_figures_as_json() {
    let o = vectorise(&root().join("corpus"), &["--json"]);
    let f = figures(&o);
    for key in ["documents", "bytes", "terms", "nnz", "seconds", "mb_per_s"] {
        assert!(f.get(key).is_some(), "{key} missing in {f}");
    }
    assert_eq!(f["documents"], 5);
    assert!(f["terms"].as_u64().unwrap() > 100);
    assert!(f["nnz"].as_u64().unwrap() >= f["terms"].as_u64().unwrap());
    let plain = vectorise(&root().join("corpus"), &[]);
    let text = String::from_utf8_lossy(&plain.stdout);
    assert!(text.starts_with("5 documents"), "{text}");
}

#[test]
fn writes_a_matrix_market_file_and_the_vocabulary() {
    let input = english_folder();
    let out = tempfile::tempdir().unwrap();
    let mtx = out.path().join("m.mtx");
    let vocab = out.path().join("vocab.json");
    let o = vectorise(
        input.path(),
        &[
            "--json",
            "--language",
            "english",
            "-o",
            mtx.to_str().unwrap(),
            "--vocabulary",
            vocab.to_str().unwrap(),
        ],
    );
    let f = figures(&o);
    let text = std::fs::read_to_string(&mtx).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('%'));
    assert!(text.starts_with("%%MatrixMarket matrix coordinate real general\n"));
    let size: Vec<usize> = lines
        .next()
        .unwrap()
        .split(' ')
        .map(|x| x.parse().unwrap())
        .collect();
    assert_eq!(size[0] as u64, f["documents"].as_u64().unwrap());
    assert_eq!(size[1] as u64, f["terms"].as_u64().unwrap());
    assert_eq!(size[2] as u64, f["nnz"].as_u64().unwrap());
    let mut norms = vec![0.0f64; size[0]];
    let mut n = 0;
    for line in lines {
        let parts: Vec<&str> = line.split(' ').collect();
        let (r, c, v): (usize, usize, f64) = (
            parts[0].parse().unwrap(),
            parts[1].parse().unwrap(),
            parts[2].parse().unwrap(),
        );
        assert!(r >= 1 && r <= size[0] && c >= 1 && c <= size[1]);
        norms[r - 1] += v * v;
        n += 1;
    }
    assert_eq!(n, size[2]);
    assert!(norms.iter().all(|s| (s - 1.0).abs() < 1e-9), "{norms:?}");
    let v = read_json(&vocab);
    let terms = v["terms"].as_array().unwrap();
    assert_eq!(terms.len(), size[1]);
    let robot = terms.iter().find(|t| t["term"] == "robot").expect("robot");
    assert_eq!(robot["surface_form"], "robots");
    assert_eq!(robot["document_frequency"], 1);
    let names: Vec<&str> = terms.iter().map(|t| t["term"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "columns in alphabetical order");
    assert!(terms.iter().enumerate().all(|(i, t)| t["column"] == i));
    scipy_reads(&mtx, size[0], size[1], size[2]);
}

/// Reads the file with `scipy.io.mmread` when a Python with scipy is around (the peers'
/// venv, or `PY`); skips with a notice otherwise.
fn scipy_reads(mtx: &Path, rows: usize, cols: usize, nnz: usize) {
    let candidates: Vec<PathBuf> = std::env::var_os("PY")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            root().join(".venv-peers/bin/python"),
            root().join("../.venv-peers/bin/python"),
        ])
        .collect();
    let Some(py) = candidates.iter().find(|p| p.exists()) else {
        eprintln!("notice: no Python with scipy found; skipping the scipy.io.mmread check");
        return;
    };
    let script = format!(
        "import scipy.io; m = scipy.io.mmread({:?}).tocsr(); print(m.shape[0], m.shape[1], m.nnz)",
        mtx.to_str().unwrap()
    );
    let out = std::process::Command::new(py)
        .args(["-c", &script])
        .output()
        .unwrap();
    if !out.status.success() {
        eprintln!(
            "notice: {} cannot run scipy ({}); skipping",
            py.display(),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
        return;
    }
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("{rows} {cols} {nnz}")
    );
}

#[test]
fn has_the_terms_analyse_has() {
    let input = english_folder();
    let out = tempfile::tempdir().unwrap();
    let o = analyse(
        input.path(),
        out.path(),
        &["--format", "json", "--k", "2", "--language", "english"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report = read_json(&out.path().join("report.json"));
    let f = figures(&vectorise(
        input.path(),
        &["--json", "--language", "english"],
    ));
    assert_eq!(f["terms"], report["corpus"]["terms"]);
    assert_eq!(f["tokens"], report["corpus"]["tokens"]);
    assert_eq!(f["documents"], report["corpus"]["documents"]);
}

#[test]
fn reads_json_lines_with_another_text_field_and_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(
        &mut gz,
        b"{\"body\": \"Robots and more robots.\"}\n{\"body\": \"Wheat and wine.\"}\nnot json\n",
    )
    .unwrap();
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let f = figures(&vectorise(
        &path,
        &["--json", "--text-field", "body", "--language", "en"],
    ));
    assert_eq!(f["documents"], 2);
    assert_eq!(f["skipped"], 1);
    assert_eq!(f["terms"], 3);
    let h = figures(&vectorise(
        &path,
        &[
            "--json",
            "--text-field",
            "body",
            "--language",
            "en",
            "--hashing",
            "64",
        ],
    ));
    assert_eq!(h["terms"], 64);
    assert_eq!(h["documents"], 2);
    let b = figures(&vectorise(
        &path,
        &[
            "--json",
            "--text-field",
            "body",
            "--language",
            "en",
            "--ngram-range",
            "1..2",
        ],
    ));
    assert_eq!(b["terms"], 5, "robot, robot robot, wheat, wheat wine, wine");
}

fn assert_one_line_error(o: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(needle), "{needle:?} not in {stderr:?}");
    assert!(o.stdout.is_empty());
}

#[test]
fn errors_are_one_line_naming_the_file() {
    assert_one_line_error(
        &vectorise(Path::new("no/such.jsonl"), &[]),
        "no/such.jsonl: no such file or directory",
    );
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("x.jsonl");
    std::fs::write(&bad, "not json\n").unwrap();
    assert_one_line_error(&vectorise(&bad, &[]), "x.jsonl: no usable document");
    let out = dir.path().join("no-such-dir/m.mtx");
    assert_one_line_error(
        &vectorise(&root().join("corpus"), &["-o", out.to_str().unwrap()]),
        "no-such-dir/m.mtx: cannot write",
    );
    assert_one_line_error(
        &vectorise(&root().join("corpus"), &["--min-df", "4", "--max-df", "2"]),
        "--min-df 4 is larger than --max-df 2",
    );
    assert_one_line_error(
        &vectorise(&root().join("corpus"), &["--ngram-range", "2..1"]),
        "--ngram-range",
    );
}
