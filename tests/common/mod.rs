//! What the test binaries share (`cli` and `budget` include this file with `#[path]`): where
//! the repository and the shared evaluation data are.

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
