//! `--max-memory` is a real budget: a run either stays within it (peak resident set, measured
//! with wait4) or stops before the analysis with an error saying what it needs.

#![cfg(unix)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{root, shared_data};

/// Runs `sintesi analyse INPUT -o OUT --max-memory BUDGET -q`; returns the exit code, stderr
/// and the peak resident set in bytes.
// The child is reaped by wait4 (for its rusage), not by Child::wait.
#[allow(clippy::zombie_processes)]
fn run(input: &Path, out: &Path, budget: u64) -> (i32, String, u64) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("sintesi"))
        .env("NO_COLOR", "1")
        .args([
            "analyse",
            "-q",
            "--max-memory",
            &budget.to_string(),
            "--output",
        ])
        .arg(out)
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 reaps this child, whose pid we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, stderr, usage.ru_maxrss as u64 * 1024)
}

/// The megabytes an error says the analysis needs.
fn needed(stderr: &str) -> Option<u64> {
    let rest = stderr.split("needs about ").nth(1)?;
    let mb: f64 = rest.split(" MB").next()?.parse().ok()?;
    Some((mb * 1e6).ceil() as u64)
}

/// Raises the budget to what the errors say until the run is allowed; checks it kept to it.
fn stays_within_what_it_asks_for(input: &Path) {
    let out = tempfile::tempdir().unwrap();
    let mut budget = 1_000_000;
    for _ in 0..8 {
        let (code, stderr, peak) = run(input, out.path(), budget);
        if code == 0 {
            assert!(
                peak <= budget,
                "{}: peak {peak} bytes over the budget {budget}",
                input.display()
            );
            return;
        }
        assert_eq!(code, 2, "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        // "needs about N MB", or (while loading) "holds more than N bytes of text".
        let more = needed(&stderr).unwrap_or(budget * 2);
        assert!(more > budget, "{stderr}");
        budget = more + 1_000_000;
    }
    panic!("{}: never allowed", input.display());
}

/// 600 documents of made-up words, six topics.
fn generated(dir: &Path) -> PathBuf {
    let root = dir.join("generated");
    std::fs::create_dir_all(&root).unwrap();
    let mut state: u64 = 3;
    for d in 0..600 {
        let mut text = String::new();
        for _ in 0..12 {
            let words: Vec<String> = (0..14)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    format!("w{}x{}", d % 6, (state >> 33) % 2000)
                })
                .collect();
            let _ = writeln!(text, "Parola {}.", words.join(" "));
        }
        std::fs::write(root.join(format!("{d:03}.txt")), text).unwrap();
    }
    root
}

#[test]
fn a_run_the_budget_allows_stays_within_it() {
    stays_within_what_it_asks_for(&root().join("corpus"));
    let dir = tempfile::tempdir().unwrap();
    stays_within_what_it_asks_for(&generated(dir.path()));
    if let Some(bbc) = shared_data("bbc-news/business") {
        stays_within_what_it_asks_for(&bbc);
    }
}

#[test]
fn bbc_news_does_not_run_in_21_mb() {
    let Some(bbc) = shared_data("bbc-news") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let (code, stderr, peak) = run(&bbc, out.path(), 21_000_000);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("raise --max-memory"), "{stderr}");
    assert!(peak <= 21_000_000, "peak {peak} before the error");
    assert!(!out.path().join("report.json").exists());
}
