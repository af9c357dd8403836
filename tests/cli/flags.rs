//! The command line itself: help, version, completions, man page, quiet/verbose, colour,
//! exit codes and a closed stdout.

use std::process::Command as Process;

use super::{analyse, root, sintesi};

fn stdout_of(args: &[&str]) -> String {
    let run = sintesi().args(args).output().unwrap();
    assert!(
        run.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn help_has_examples_and_exit_codes() {
    let help = stdout_of(&["--help"]);
    for needle in [
        "analyse",
        "schema",
        "completions",
        "man",
        "Examples:",
        "sintesi.toml",
        "Exit codes: 0 success, 1 internal failure, 2 usage or input error",
        "--quiet",
        "--verbose",
        "--color",
    ] {
        assert!(help.contains(needle), "{needle:?} not in --help");
    }
    let help = stdout_of(&["analyse", "--help"]);
    for needle in [
        "Examples:",
        "--text-field",
        "--id-field",
        "--title-field",
        "--input-format",
        "--format",
        "standard input",
        "[default: 42]",
    ] {
        assert!(help.contains(needle), "{needle:?} not in analyse --help");
    }
}

#[test]
fn version_names_the_tool() {
    assert_eq!(
        stdout_of(&["--version"]).trim(),
        format!("sintesi {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef sintesi"),
        ("fish", "complete -c sintesi"),
    ] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {marker:?} missing");
        assert!(
            script.contains("analyse") && script.contains("text-field"),
            "{shell}"
        );
    }
    let run = sintesi().args(["completions", "cmd.exe"]).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn man_pages_for_the_tool_and_its_subcommands() {
    let page = stdout_of(&["man"]);
    assert!(
        page.contains(".TH sintesi 1"),
        "{}",
        &page[..page.len().min(300)]
    );
    assert!(page.contains("analyse"));
    let page = stdout_of(&["man", "analyse"]);
    assert!(page.contains(".TH sintesi-analyse 1"));
    assert!(page.contains("text\\-field"));
    let run = sintesi().args(["man", "nothing"]).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no subcommand `nothing`"));
}

#[test]
fn quiet_prints_nothing_and_verbose_prints_timings() {
    let out = tempfile::tempdir().unwrap();
    let run = analyse(&root().join("corpus"), out.path(), &["--quiet"]);
    assert!(run.status.success());
    assert!(run.stdout.is_empty() && run.stderr.is_empty());

    let run = analyse(&root().join("corpus"), out.path(), &[]);
    assert!(run.status.success());
    assert!(String::from_utf8_lossy(&run.stdout).starts_with("5 documents, "));
    assert!(
        run.stderr.is_empty(),
        "no progress bars or logs off a terminal: {}",
        String::from_utf8_lossy(&run.stderr)
    );

    let run = analyse(&root().join("corpus"), out.path(), &["-v"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("analysis done"), "{stderr}");
    let run = analyse(&root().join("corpus"), out.path(), &["-vv"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("clustered"), "{stderr}");

    let run = sintesi().args(["-q", "-v", "schema"]).output().unwrap();
    assert_eq!(run.status.code(), Some(2), "-q and -v conflict");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal_without_no_color() {
    let missing = root().join("no-such-folder");
    let run = sintesi()
        .env_remove("NO_COLOR")
        .arg("analyse")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(!run.stderr.contains(&0x1b), "no colour off a terminal");
    let run = sintesi()
        .env_remove("NO_COLOR")
        .args(["--color", "always", "analyse"])
        .arg(&missing)
        .output()
        .unwrap();
    assert!(run.stderr.contains(&0x1b), "--color always colours");

    // On a terminal (a pseudo-terminal made by `script`), colour unless NO_COLOR is set.
    if Process::new("script").arg("--version").output().is_err() {
        eprintln!("notice: `script` not found; skipping the terminal half of this test");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("sintesi");
    let on_terminal = |no_color: bool| {
        let mut cmd = Process::new("script");
        cmd.args(["-qec"])
            .arg(format!("{} analyse {}", bin.display(), missing.display()))
            .arg("/dev/null");
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        cmd.env("TERM", "xterm-256color");
        let run = cmd.output().unwrap();
        String::from_utf8_lossy(&run.stdout).into_owned()
    };
    let coloured = on_terminal(false);
    assert!(coloured.contains("error"), "{coloured:?}");
    assert!(
        coloured.contains('\u{1b}'),
        "colour on a terminal: {coloured:?}"
    );
    let plain = on_terminal(true);
    assert!(plain.contains("error"), "{plain:?}");
    assert!(!plain.contains('\u{1b}'), "NO_COLOR honoured: {plain:?}");
}

#[test]
fn exit_codes_are_those_documented() {
    let run = sintesi()
        .args(["analyse", "no-such-folder"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    let run = sintesi()
        .args(["analyse", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let run = sintesi().output().unwrap();
    assert_eq!(run.status.code(), Some(2), "a subcommand is required");
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    // The reader is gone before sintesi writes: every write gets EPIPE.
    let bin = assert_cmd::cargo::cargo_bin("sintesi");
    for sub in ["schema", "man"] {
        let run = Process::new("bash")
            .arg("-c")
            .arg("(sleep 0.3; exec \"$0\" \"$1\") | true; echo \"status=${PIPESTATUS[0]}\"")
            .arg(&bin)
            .arg(sub)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert_eq!(stdout.trim(), "status=0", "{sub}");
        assert!(
            run.stderr.is_empty(),
            "{sub}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
}

#[test]
fn progress_bars_only_for_long_runs_on_a_terminal() {
    if Process::new("script").arg("--version").output().is_err() {
        eprintln!("notice: `script` not found; skipping the progress bar test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let words = [
        "porto", "nave", "treno", "binario", "banca", "mercato", "squadra", "partita",
    ];
    let mut lines = String::new();
    for i in 0..240usize {
        let sentence = |j: usize| -> String {
            let picked: Vec<&str> = (0..8).map(|w| words[(i * 7 + j * 3 + w * 5) % 8]).collect();
            format!(
                "Il {} e la {} di oggi.",
                picked[..4].join(" "),
                picked[4..].join(" ")
            )
        };
        let text = (0..4).map(sentence).collect::<Vec<_>>().join(" ");
        lines.push_str(&serde_json::json!({ "text": text }).to_string());
        lines.push('\n');
    }
    std::fs::write(dir.path().join("big.jsonl"), lines).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("sintesi");
    let run_on_terminal = |extra: &str| {
        let run = Process::new("script")
            .current_dir(dir.path())
            .args(["-qec"])
            .arg(format!(
                "{} analyse big.jsonl --no-config -o out --k 4 {extra}",
                bin.display()
            ))
            .arg("/dev/null")
            .env("NO_COLOR", "1")
            .env("TERM", "xterm-256color")
            .output()
            .unwrap();
        assert!(run.status.success());
        String::from_utf8_lossy(&run.stdout).into_owned()
    };
    let shown = run_on_terminal("");
    assert!(
        shown.contains("analysing text") && shown.contains("/240"),
        "{shown}"
    );
    assert!(
        !shown.contains("\u{1b}[3"),
        "no colour with NO_COLOR: {shown:?}"
    );
    let quiet = run_on_terminal("--quiet");
    assert!(!quiet.contains("analysing text"), "{quiet}");
    // Off a terminal, even a long run draws nothing.
    let run = sintesi()
        .current_dir(dir.path())
        .args([
            "analyse",
            "big.jsonl",
            "--no-config",
            "-o",
            "out",
            "--k",
            "4",
        ])
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(
        run.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
