//! Reports byte for byte as committed in `tests/fixtures/golden/reports.sha256`: a refactor
//! that means to change nothing must change no byte of what users read. A deliberate change
//! regenerates the list (`SINTESI_BLESS=1 cargo test --release --test cli golden`) and says
//! why in its commit message.
//!
//! Each corpus is analysed with its default options and `--seed 0` into a fixed folder under
//! `target/`, so the relative links in report.md and report.html are the same on every run.
//! Corpora from `../shared/data` are skipped with a notice when absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{root, sintesi};

/// (name, input relative to the repository root, extra options).
const CORPORA: &[(&str, &str, &[&str])] = &[
    ("corpus", "corpus", &[]),
    ("bbc-news", "../shared/data/bbc-news", &[]),
    (
        "dice",
        "../shared/data/dice-italian-crime-news/texts.jsonl.gz",
        &[],
    ),
    ("reuters-r8", "../shared/data/reuters-r8/data.jsonl.gz", &[]),
];

fn golden_file() -> PathBuf {
    root().join("tests/fixtures/golden/reports.sha256")
}

/// `name/file` → sha256 of every file a run of `analyse` wrote.
fn hashes(name: &str, input: &str, extra: &[&str]) -> BTreeMap<String, String> {
    let out = Path::new("target/golden").join(name);
    let _ = std::fs::remove_dir_all(root().join(&out));
    let run = sintesi()
        .current_dir(root())
        .args(["analyse", input, "--output"])
        .arg(&out)
        .args(["--seed", "0", "-q"])
        .args(extra)
        .output()
        .expect("run sintesi");
    assert!(
        run.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut files: Vec<_> = std::fs::read_dir(root().join(&out))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let file = path.file_name().unwrap().to_string_lossy();
            (
                format!("{name}/{file}"),
                format!("{:x}", Sha256::digest(&bytes)),
            )
        })
        .collect()
}

fn committed(bless: bool) -> BTreeMap<String, String> {
    let text = match std::fs::read_to_string(golden_file()) {
        Err(e) if bless && e.kind() == std::io::ErrorKind::NotFound => String::new(),
        other => other.expect("tests/fixtures/golden/reports.sha256"),
    };
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (hash, file) = l.split_once("  ").expect("`HASH  name/file` lines");
            (file.to_string(), hash.to_string())
        })
        .collect()
}

#[test]
fn reports_are_byte_identical_to_the_committed_ones() {
    let bless = std::env::var_os("SINTESI_BLESS").is_some();
    let mut expected = committed(bless);
    let mut differ = Vec::new();
    for &(name, input, extra) in CORPORA {
        if !root().join(input).exists() {
            eprintln!("notice: {input} not found; its reports are not compared");
            continue;
        }
        let got = hashes(name, input, extra);
        let prefix = format!("{name}/");
        let before: Vec<String> = expected
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect();
        for key in &before {
            if !got.contains_key(key) {
                differ.push(format!("{key}: no longer written"));
            }
        }
        for (key, hash) in &got {
            match expected.get(key) {
                Some(h) if h == hash => {}
                Some(_) => differ.push(format!("{key}: changed")),
                None => differ.push(format!("{key}: new")),
            }
        }
        if bless {
            for key in before {
                expected.remove(&key);
            }
            expected.extend(got);
        }
    }
    if bless {
        let mut text = String::from(
            "# sha256 of the reports `analyse --seed 0` writes; see tests/cli/golden.rs\n",
        );
        for (file, hash) in &expected {
            text.push_str(&format!("{hash}  {file}\n"));
        }
        std::fs::create_dir_all(golden_file().parent().unwrap()).unwrap();
        std::fs::write(golden_file(), text).unwrap();
        eprintln!("blessed: {}", differ.join("; "));
        return;
    }
    assert!(
        differ.is_empty(),
        "reports differ from tests/fixtures/golden/reports.sha256 (outputs in target/golden/): {}",
        differ.join("; ")
    );
}
