//! The memory-budget tests, in a test binary of their own. They measure a child's peak resident
//! set with wait4, and a child forked from the test process starts with that process's pages:
//! in the `cli` binary, the other tests running beside them pushed the harness past the 21 MB
//! being measured, and the test failed only in full runs.

mod budget;

use std::path::PathBuf;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
