//! Every bad input gets one line naming the problem, exit code 2, and no report.

use std::path::Path;

use super::{analyse, root};

fn assert_fails_cleanly(output: &std::process::Output, out_dir: &Path, needle: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "want one line, got: {stderr}"
    );
    assert!(stderr.contains(needle), "{needle:?} not in {stderr:?}");
    assert!(!stderr.contains("panicked"));
    assert!(
        !out_dir.join("report.json").exists() && !out_dir.join("report.md").exists(),
        "partial report left"
    );
}

#[test]
fn missing_folder() {
    let out = tempfile::tempdir().unwrap();
    let o = analyse(Path::new("no/such/folder"), out.path(), &[]);
    assert_fails_cleanly(&o, out.path(), "no/such/folder: no such file or directory");
}

#[test]
fn empty_folder() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = analyse(input.path(), out.path(), &[]);
    assert_fails_cleanly(&o, out.path(), "no readable document");
}

#[test]
fn folder_without_readable_documents() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("image.png"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    std::fs::write(input.path().join("empty.txt"), b"").unwrap();
    std::fs::write(input.path().join("binary.txt"), b"\0\x01\x02\x03").unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = analyse(input.path(), out.path(), &[]);
    assert_fails_cleanly(
        &o,
        out.path(),
        "no usable document (2 skipped; first binary.txt: binary file)",
    );
}

#[test]
fn k_zero() {
    let out = tempfile::tempdir().unwrap();
    let o = analyse(&root().join("corpus"), out.path(), &["--k", "0"]);
    assert_fails_cleanly(&o, out.path(), "--k must be at least 1");
}

#[test]
fn k_larger_than_documents() {
    let out = tempfile::tempdir().unwrap();
    let o = analyse(&root().join("corpus"), out.path(), &["--k", "6"]);
    assert_fails_cleanly(&o, out.path(), "larger than the number of documents (5)");
}

#[test]
fn output_path_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("taken");
    std::fs::write(&file, "mine").unwrap();
    let o = analyse(&root().join("corpus"), &file, &[]);
    assert_fails_cleanly(&o, dir.path(), "output path exists and is not a folder");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn output_cannot_be_created() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("file"), "x").unwrap();
    let target = dir.path().join("file/reports");
    let o = analyse(&root().join("corpus"), &target, &[]);
    assert_fails_cleanly(&o, dir.path(), "cannot write");
}

#[test]
fn user_file_is_never_overwritten() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("report.md"), "# my notes\n").unwrap();
    let o = analyse(&root().join("corpus"), out.path(), &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("was not written by sintesi"));
    assert_eq!(
        std::fs::read_to_string(out.path().join("report.md")).unwrap(),
        "# my notes\n"
    );
    assert!(
        !out.path().join("report.json").exists(),
        "no partial report"
    );
    let forced = analyse(&root().join("corpus"), out.path(), &["--force"]);
    assert!(forced.status.success());
}

#[test]
fn impossible_df_limits() {
    let out = tempfile::tempdir().unwrap();
    let o = analyse(
        &root().join("corpus"),
        out.path(),
        &["--min-df", "4", "--max-df", "2"],
    );
    assert_fails_cleanly(&o, out.path(), "--min-df 4 is larger than --max-df 2");
}
