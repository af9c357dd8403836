//! The memory-budget tests, in a test binary of their own. They measure a child's peak resident
//! set with wait4, and a child forked from the test process starts with that process's pages:
//! in the `cli` binary, the other tests running beside them pushed the harness past the 21 MB
//! being measured, and the test failed only in full runs.

mod budget;

#[path = "../common/mod.rs"]
mod common;

pub use common::{root, shared_data};
