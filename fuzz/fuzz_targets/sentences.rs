//! cargo-fuzz target; the checks live in `tests/fuzz_checks/sentences.rs`, shared with the
//! regression tests that replay `tests/fixtures/fuzz-regressions/sentences/`.
#![no_main]

#[path = "../../tests/fuzz_checks/sentences.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check(data));
