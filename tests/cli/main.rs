//! CLI tests: the real binary on real folders, reports parsed and checked.

mod analyse;
mod analyse_duplicates;
mod cluster_quality;
mod config;
mod duplicates;
mod errors;
mod evaluate_clusters;
mod evaluate_topics;
mod flags;
mod golden;
mod hostile_inputs;
mod inputs;
mod interrupt;
mod large_corpus;
mod odd_inputs;
mod outputs;
mod report;
mod schema;
mod screenshot;
mod summarise;
mod summary_quality;
mod topic_names;
mod vectorise;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sintesi() -> Command {
    let mut cmd = Command::cargo_bin("sintesi").expect("binary built");
    cmd.env_remove("SINTESI_LOG").env("NO_COLOR", "1");
    cmd
}

/// Runs `sintesi analyse INPUT --output OUT extra…` and returns the output.
pub fn analyse(input: &Path, out: &Path, extra: &[&str]) -> Output {
    sintesi()
        .arg("analyse")
        .arg(input)
        .arg("--output")
        .arg(out)
        .args(extra)
        .output()
        .expect("run sintesi")
}

pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

/// Location of the shared evaluation data, or `None` (with a notice) when it is absent.
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    let path = root().join("../shared/data").join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("notice: {} not found; skipping this test", path.display());
        None
    }
}
