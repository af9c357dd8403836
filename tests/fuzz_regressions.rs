//! Replays every input that once broke a fuzz target (`tests/fixtures/fuzz-regressions/TARGET/`)
//! through the same checks the target runs (`tests/fuzz_checks/`), so a fixed bug stays fixed.
//! New findings: copy the file from `fuzz/artifacts/TARGET/` into the folder of its target.

mod fuzz_checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz-regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    files.sort();
    for file in files {
        let data = std::fs::read(&file).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails again", file.display());
    }
}

#[test]
fn decode_regressions() {
    replay("decode", fuzz_checks::decode::check);
}

#[test]
fn sentences_regressions() {
    replay("sentences", fuzz_checks::sentences::check);
}

#[test]
fn tokens_regressions() {
    replay("tokens", fuzz_checks::tokens::check);
}

#[test]
fn report_regressions() {
    replay("report", fuzz_checks::report::check);
}

#[test]
fn csv_regressions() {
    replay("csv", fuzz_checks::csv::check);
}

#[test]
fn html_regressions() {
    replay("html", fuzz_checks::html::check);
}
