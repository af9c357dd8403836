use super::*;

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".sintesi"))
        .collect()
}

#[test]
fn replaces_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.md");
    std::fs::write(&a, "old a").unwrap();
    write_all(&[
        (a.clone(), b"new a".to_vec()),
        (b.clone(), b"new b".to_vec()),
    ])
    .unwrap();
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
    assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn removes_files_as_part_of_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let old = dir.path().join("old.html");
    std::fs::write(&old, "old").unwrap();
    let mut tx = Transaction::begin(&[&a]).unwrap();
    tx.stage(&a, b"new a").unwrap();
    tx.remove(&old);
    tx.commit().unwrap();
    assert!(a.exists() && !old.exists());
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn a_failed_second_rename_restores_the_first_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.md");
    std::fs::write(&a, "old a").unwrap();
    // A non-empty folder where the second file should go: its rename fails.
    std::fs::create_dir(&b).unwrap();
    std::fs::write(b.join("x"), "x").unwrap();
    let err = write_all(&[
        (a.clone(), b"new a".to_vec()),
        (b.clone(), b"new b".to_vec()),
    ]);
    assert!(
        matches!(err, Err(Error::Write { ref path, .. }) if path == &b),
        "{err:?}"
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );

    let c = dir.path().join("c.json");
    let err = write_all(&[
        (c.clone(), b"new c".to_vec()),
        (b.clone(), b"new b".to_vec()),
    ]);
    assert!(err.is_err());
    assert!(
        !c.exists(),
        "a file that did not exist before is removed again"
    );
}

#[test]
fn a_journal_left_by_a_killed_commit_puts_the_previous_files_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The state a run killed after its first rename leaves: a.json replaced (its
    // backup kept), b.md still staged, old.html not yet moved aside, c.svg new.
    std::fs::write(d.join("a.json"), "new a").unwrap();
    std::fs::write(d.join(".sintesi-4294967295-1.bak"), "old a").unwrap();
    std::fs::write(d.join("b.md"), "old b").unwrap();
    std::fs::write(d.join(".sintesi-4294967295-2.bak"), "old b").unwrap();
    std::fs::write(d.join(".sintesi-4294967295-3.tmp"), "new b").unwrap();
    std::fs::write(d.join("c.svg"), "new c").unwrap();
    std::fs::write(d.join("old.html"), "old html").unwrap();
    let steps = vec![
        Step::Replace {
            target: d.join("a.json"),
            tmp: d.join(".sintesi-4294967295-0.tmp"),
            backup: Some(d.join(".sintesi-4294967295-1.bak")),
        },
        Step::Replace {
            target: d.join("c.svg"),
            tmp: d.join(".sintesi-4294967295-5.tmp"),
            backup: None,
        },
        Step::Replace {
            target: d.join("b.md"),
            tmp: d.join(".sintesi-4294967295-3.tmp"),
            backup: Some(d.join(".sintesi-4294967295-2.bak")),
        },
        Step::Remove {
            target: d.join("old.html"),
            aside: d.join(".sintesi-4294967295-4.bak"),
        },
    ];
    let journal = write_journal(&steps).unwrap();
    std::fs::rename(&journal, d.join(".sintesi-4294967295-9.journal")).unwrap();
    assert_eq!(
        read_journal(&d.join(".sintesi-4294967295-9.journal")),
        Some(steps)
    );
    assert!(recover(d).unwrap());
    let read = |n: &str| std::fs::read_to_string(d.join(n)).ok();
    assert_eq!(read("a.json").as_deref(), Some("old a"));
    assert_eq!(read("b.md").as_deref(), Some("old b"));
    assert_eq!(read("old.html").as_deref(), Some("old html"));
    assert_eq!(read("c.svg"), None, "a file new in the killed commit goes");
    assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
    assert!(!recover(d).unwrap(), "nothing left to recover");
}

#[test]
fn removes_what_killed_processes_left() {
    let dir = tempfile::tempdir().unwrap();
    // No process has pid 4294967295; the current process is alive.
    let dead = dir.path().join(".sintesi-4294967295-0.tmp");
    let own = dir
        .path()
        .join(format!(".sintesi-{}-999999.tmp", std::process::id()));
    let other = dir.path().join(".sintesi-notes.txt");
    for p in [&dead, &own, &other] {
        std::fs::write(p, "x").unwrap();
    }
    write_all(&[(dir.path().join("r.json"), b"{}".to_vec())]).unwrap();
    if Path::new("/proc/self").exists() {
        assert!(!dead.exists());
    }
    assert!(own.exists() && other.exists());
    assert!(!dir.path().join(LOCK_FILE).exists(), "the lock file goes");
}

#[test]
fn reads_pids_from_temporary_names() {
    assert_eq!(temp_pid(".sintesi-123-4.tmp"), Some(123));
    assert_eq!(temp_pid(".sintesi-123-4.bak"), Some(123));
    assert_eq!(temp_pid(".sintesi-123-4.journal"), Some(123));
    assert_eq!(temp_pid(".sintesi-abc.tmp"), None);
    assert_eq!(temp_pid("sintesi-1-2.tmp"), None);
}

#[cfg(unix)]
#[test]
fn runs_into_one_folder_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("r.json");
    let first = Transaction::begin(&[&target]).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let second = Transaction::begin(&[&target]).unwrap();
        tx.send(()).unwrap();
        drop(second);
    });
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(rx.try_recv().is_err(), "the second run waits");
    drop(first);
    rx.recv_timeout(std::time::Duration::from_secs(10))
        .expect("and goes on once the first is done");
    waiter.join().unwrap();
    assert!(!dir.path().join(LOCK_FILE).exists());
}
