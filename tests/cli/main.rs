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

#[path = "../common/mod.rs"]
mod common;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

pub use common::{root, shared_data};

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
