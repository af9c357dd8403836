//! The contracts the fuzz targets check, one file per target, shared by `fuzz/` (cargo-fuzz)
//! and `tests/fuzz_regressions.rs` (which replays the inputs that once broke them).

pub mod csv;
pub mod decode;
pub mod html;
pub mod report;
pub mod sentences;
pub mod tokens;
