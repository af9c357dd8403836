//! Writing a set of report files so that readers only ever see a complete, matching set: the
//! previous reports or the new ones, never a half-written file nor a new JSON beside an old
//! Markdown report.
//!
//! Every file is first written in full to a temporary file beside its target and synced
//! (stage); only then are they renamed over their targets (commit). If a rename fails midway,
//! the targets already replaced get their previous contents back from backups taken just
//! before the commit. Temporary files are named `.sintesi-PID-N.tmp`/`.bak`: an interrupt
//! handler (see [`discard_staged`]) removes this process's, and a later run removes those left
//! by a process that was killed outright.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::error::{Error, Result};

/// Temporary files of this process that exist right now. The commit holds the lock for its
/// whole duration, so an interrupt handler that takes it waits until the set of reports is
/// consistent again.
static STAGED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

static COUNTER: AtomicU64 = AtomicU64::new(0);

const PREFIX: &str = ".sintesi-";

fn staged() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the lock was held leaves the list as valid as before: keep using it.
    STAGED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes this process's temporary files; for an interrupt (SIGINT, SIGTERM) handler, which
/// then exits. Waits for a commit in progress to finish, so the reports stay a matching set.
/// Returns the guard so the caller can exit while still holding it: no new commit can start.
pub fn discard_staged() -> MutexGuard<'static, Vec<PathBuf>> {
    let mut files = staged();
    for path in files.drain(..) {
        let _ = std::fs::remove_file(path);
    }
    files
}

/// Writes every `(path, contents)` pair so that either all targets are replaced or none is.
///
/// # Errors
/// [`Error::Write`] naming the file that could not be written or renamed; the previous files
/// are then in place and no temporary file is left.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    for dir in files.iter().map(|(p, _)| parent(p)) {
        remove_stale(dir);
    }
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    let staged_ok = files.iter().try_for_each(|(path, contents)| {
        let tmp = stage(path, contents)?;
        temps.push(tmp);
        Ok(())
    });
    pause_for_tests();
    let mut registry = staged();
    if let Err(e) = staged_ok {
        discard(&mut registry, &temps);
        return Err(e);
    }
    let result = commit(&mut registry, files, &temps);
    discard(&mut registry, &temps);
    for dir in files.iter().map(|(p, _)| parent(p)) {
        sync_dir(dir);
    }
    result
}

/// Writes `contents` to a new temporary file beside `path` and syncs it.
fn stage(path: &Path, contents: &[u8]) -> Result<PathBuf> {
    let err = |e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source: e,
    };
    let tmp = temp_name(parent(path), "tmp");
    // Registered before it exists, so an interrupt can never miss it.
    staged().push(tmp.clone());
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(err)?;
    file.write_all(contents).map_err(err)?;
    file.sync_all().map_err(err)?;
    Ok(tmp)
}

/// Renames every staged file over its target; on a failure, puts the previous targets back.
fn commit(
    registry: &mut Vec<PathBuf>,
    files: &[(PathBuf, Vec<u8>)],
    temps: &[PathBuf],
) -> Result<()> {
    // Backups of the targets that exist, taken before anything is replaced.
    let mut backups: Vec<Option<PathBuf>> = Vec::with_capacity(files.len());
    let mut result = Ok(());
    for (path, _) in files {
        if files.len() == 1 || !path.is_file() {
            backups.push(None); // a single file needs no rollback: rename is atomic
            continue;
        }
        let bak = temp_name(parent(path), "bak");
        registry.push(bak.clone());
        let backed_up =
            std::fs::hard_link(path, &bak).or_else(|_| std::fs::copy(path, &bak).map(drop));
        backups.push(Some(bak));
        if let Err(e) = backed_up {
            result = Err(Error::Write {
                path: path.clone(),
                source: e,
            });
            break;
        }
    }
    if result.is_ok() {
        for (i, ((path, _), tmp)) in files.iter().zip(temps).enumerate() {
            if let Err(e) = std::fs::rename(tmp, path) {
                result = Err(Error::Write {
                    path: path.clone(),
                    source: e,
                });
                rollback(&files[..i], &backups[..i]);
                break;
            }
        }
    }
    for bak in backups.iter().flatten() {
        let _ = std::fs::remove_file(bak);
    }
    result
}

/// Gives the first targets of a failed commit their previous contents (or removes them when
/// there was none).
fn rollback(files: &[(PathBuf, Vec<u8>)], backups: &[Option<PathBuf>]) {
    for ((path, _), bak) in files.iter().zip(backups) {
        let _ = match bak {
            Some(bak) => std::fs::rename(bak, path),
            None => std::fs::remove_file(path),
        };
    }
}

/// Removes `temps` (those not renamed) and forgets every file of this call.
fn discard(registry: &mut Vec<PathBuf>, temps: &[PathBuf]) {
    for tmp in temps {
        let _ = std::fs::remove_file(tmp);
    }
    registry.retain(|p| !temps.contains(p) && p.exists());
}

/// With `SINTESI_PAUSE_BEFORE_COMMIT_MS` set, waits that long between staging and commit, so
/// the interrupt test can stop a run while its temporary files exist. No effect otherwise.
fn pause_for_tests() {
    let pause = std::env::var("SINTESI_PAUSE_BEFORE_COMMIT_MS")
        .ok()
        .and_then(|v| v.parse().ok());
    if let Some(ms) = pause {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

fn temp_name(dir: &Path, kind: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!("{PREFIX}{}-{n}.{kind}", std::process::id()))
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Removes temporary files that a process killed outright (SIGKILL, power loss) left in
/// `dir`. Only files whose process is gone are touched, so a concurrent run is safe.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(stale_pid) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid, &entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file name `.sintesi-PID-N.tmp` (or `.bak`).
fn stale_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(PREFIX)?;
    let rest = rest
        .strip_suffix(".tmp")
        .or_else(|| rest.strip_suffix(".bak"))?;
    let (pid, n) = rest.split_once('-')?;
    n.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Whether process `pid` may still be writing `file`. Where `/proc` tells, it decides;
/// elsewhere a file untouched for an hour is taken as abandoned.
fn process_alive(pid: u32, file: &Path) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    let age = std::fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    age.is_none_or(|a| a.as_secs() < 3600)
}

/// Makes the renames durable (POSIX needs the folder synced); best effort.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(PREFIX))
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
        assert!(leftovers(dir.path()).is_empty());
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
    }

    #[test]
    fn reads_pids_from_temporary_names() {
        assert_eq!(stale_pid(".sintesi-123-4.tmp"), Some(123));
        assert_eq!(stale_pid(".sintesi-123-4.bak"), Some(123));
        assert_eq!(stale_pid(".sintesi-abc.tmp"), None);
        assert_eq!(stale_pid("sintesi-1-2.tmp"), None);
    }
}
