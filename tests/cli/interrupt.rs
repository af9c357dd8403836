//! Interrupting a run (Ctrl-C, SIGTERM) must leave the previous reports exactly as they were
//! and no temporary file behind.

#![cfg(unix)]

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{analyse, root};

/// Previous reports in a fresh output folder, and their bytes.
fn previous_reports() -> (tempfile::TempDir, Vec<(PathBuf, Vec<u8>)>) {
    let out = tempfile::tempdir().unwrap();
    let first = analyse(&root().join("corpus"), out.path(), &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| {
            let p = e.path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    assert!(
        files.iter().any(|(p, _)| p.ends_with("report.json")),
        "the first run wrote no report.json"
    );
    (out, files)
}

fn assert_untouched(out: &Path, previous: &[(PathBuf, Vec<u8>)]) {
    for (path, bytes) in previous {
        let now = std::fs::read(path).unwrap();
        assert!(&now == bytes, "{} changed", path.display());
    }
    let names: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), previous.len(), "files left behind: {names:?}");
}

/// A corpus large enough that its analysis takes a while: 1,500 articles over 1,200 words.
fn large_corpus(dir: &Path) -> PathBuf {
    let root = dir.join("large");
    std::fs::create_dir_all(&root).unwrap();
    let mut state: u64 = 7;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    for d in 0..1500 {
        let mut text = String::new();
        for _ in 0..20 {
            let topic = d % 7;
            let words: Vec<String> = (0..15)
                .map(|_| format!("w{}x{}", topic, next() % 1200))
                .collect();
            let _ = writeln!(text, "Parola {}.", words.join(" "));
        }
        std::fs::write(root.join(format!("{d:04}.txt")), text).unwrap();
    }
    root
}

fn sintesi_command() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("sintesi"));
    cmd.env_remove("SINTESI_LOG").env("NO_COLOR", "1");
    cmd
}

fn signal(child: &Child, name: &str) {
    let sent = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
}

/// Waits for the child to end, killing it after `limit`.
fn wait(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the run did not stop within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_c_during_the_analysis_keeps_the_previous_reports() {
    let (out, previous) = previous_reports();
    let input_dir = tempfile::tempdir().unwrap();
    let input = large_corpus(input_dir.path());
    let mut child = sintesi_command()
        .arg("-vv")
        .arg("analyse")
        .arg(&input)
        .arg("--output")
        .arg(out.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once the documents are tokenised: midway, long before any report is written.
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let midway = loop {
        match rx.recv_timeout(Duration::from_secs(300)) {
            Ok(line) if line.contains("tokenised") => break true,
            Ok(_) => continue,
            Err(_) => break false,
        }
    };
    assert!(midway, "the run ended or stalled before tokenising");
    signal(&child, "INT");
    let status = wait(&mut child, Duration::from_secs(60));
    assert_eq!(status.code(), Some(130), "interrupted runs exit with 130");
    assert_untouched(out.path(), &previous);
}

#[test]
fn interrupt_while_reports_are_staged_removes_the_temporary_files() {
    for signal_name in ["INT", "TERM"] {
        let (out, previous) = previous_reports();
        let mut child = sintesi_command()
            .env("SINTESI_PAUSE_BEFORE_COMMIT_MS", "30000")
            .arg("analyse")
            .arg(root().join("corpus"))
            .arg("--output")
            .arg(out.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let staged = |dir: &Path| {
            std::fs::read_dir(dir)
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(".sintesi-"))
                .count()
        };
        let started = Instant::now();
        while staged(out.path()) < previous.len() {
            assert!(
                child.try_wait().unwrap().is_none(),
                "the run ended before staging"
            );
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "nothing was staged"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        signal(&child, signal_name);
        let status = wait(&mut child, Duration::from_secs(20));
        assert_eq!(status.code(), Some(130), "SIG{signal_name}");
        assert_untouched(out.path(), &previous);
    }
}

#[test]
fn a_run_killed_outright_leaves_nothing_the_next_run_keeps() {
    let (out, previous) = previous_reports();
    let mut child = sintesi_command()
        .env("SINTESI_PAUSE_BEFORE_COMMIT_MS", "30000")
        .arg("analyse")
        .arg(root().join("corpus"))
        .arg("--output")
        .arg(out.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let temps = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".sintesi-"))
            .collect()
    };
    let started = Instant::now();
    while temps(out.path()).len() < previous.len() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "nothing was staged"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL: no handler runs
    child.wait().unwrap();
    assert_eq!(
        temps(out.path()).len(),
        previous.len(),
        "SIGKILL leaves the staged files"
    );
    let next = analyse(&root().join("corpus"), out.path(), &[]);
    assert!(next.status.success());
    assert!(
        temps(out.path()).is_empty(),
        "the next run removes them: {:?}",
        temps(out.path())
    );
}

#[test]
fn vectorise_interrupted_while_staging_leaves_the_previous_files_and_no_temporary_file() {
    for signal_name in ["INT", "TERM"] {
        let out = tempfile::tempdir().unwrap();
        let (matrix, vocabulary) = (out.path().join("m.mtx"), out.path().join("v.json"));
        let vectorise = |pause: &str| {
            let mut cmd = sintesi_command();
            cmd.env("SINTESI_PAUSE_BEFORE_COMMIT_MS", pause)
                .arg("vectorise")
                .arg(root().join("corpus"))
                .arg("--output")
                .arg(&matrix)
                .arg("--vocabulary")
                .arg(&vocabulary)
                .arg("--force")
                .arg("-q")
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            cmd
        };
        assert!(vectorise("0").status().unwrap().success());
        let previous: Vec<(PathBuf, Vec<u8>)> = [&matrix, &vocabulary]
            .iter()
            .map(|p| (p.to_path_buf(), std::fs::read(p).unwrap()))
            .collect();
        let mut child = vectorise("30000").spawn().unwrap();
        let staged = || {
            std::fs::read_dir(out.path())
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                .count()
        };
        let started = Instant::now();
        while staged() < 2 {
            assert!(
                child.try_wait().unwrap().is_none(),
                "vectorise ended before staging"
            );
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "nothing was staged"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        signal(&child, signal_name);
        let status = wait(&mut child, Duration::from_secs(20));
        assert_eq!(status.code(), Some(130), "SIG{signal_name}");
        assert_untouched(out.path(), &previous);
    }
}
