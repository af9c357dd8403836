//! cargo-fuzz target; the checks live in `tests/fuzz_checks/csv.rs`, shared with the
//! regression tests that replay `tests/fixtures/fuzz-regressions/csv/`.
#![no_main]

#[path = "../../tests/fuzz_checks/csv.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check(data));
