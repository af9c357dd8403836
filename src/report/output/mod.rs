//! Writing a set of files so that readers only ever see a complete, matching set: the
//! previous files or the new ones, never a half-written file nor a new JSON beside an old
//! Markdown report — whatever else runs, fails or is killed meanwhile.
//!
//! A write is a [`Transaction`]:
//!
//! 1. **begin** locks every folder written to (`.sintesi.lock`, an advisory lock that the
//!    system releases however the process ends), so runs into one folder take turns, and
//!    undoes what a run killed in that folder left ([`recover`]);
//! 2. **stage** writes every file in full to a temporary file beside its target and syncs it;
//! 3. **commit** hard-links the targets that exist to backups, writes and syncs a journal
//!    naming every step, renames the temporary files over their targets (and moves the files
//!    to remove aside), then deletes the journal — the moment the new set counts as written
//!    — and the backups.
//!
//! A failed rename, or an interrupt (SIGINT, SIGTERM: see [`interrupt`]), before the journal
//! is deleted puts every target back from its backup. A process killed outright (SIGKILL,
//! power loss) leaves the journal, from which the next run in that folder puts the previous
//! set back the same way. Temporary files are named `.sintesi-PID-N.tmp`/`.bak`/`.journal`.
//!
//! Test hooks (environment variables read by this module only; no effect when unset):
//! `SINTESI_PAUSE_BEFORE_COMMIT_MS` waits that long between staging and commit, and
//! `SINTESI_TEST_RENAME_DELAY_MS` that long before each rename of the commit, so tests can
//! interrupt, kill or race a run at those points.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::error::{Error, Result};

mod journal;
mod lock;
#[cfg(test)]
mod tests;

use journal::*;
use lock::FolderLock;

/// Temporary files of this process that exist right now. A commit holds the lock for its
/// whole duration, so an interrupt handler that takes it waits until the set of files is
/// consistent again.
static STAGED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Set by [`interrupt`]: a commit in progress rolls back instead of finishing.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Set when a commit of this process has replaced its targets for good.
static COMMITTED: AtomicBool = AtomicBool::new(false);

/// Lock files this process holds, removed by [`interrupt`] (the locks themselves go with the
/// process).
static LOCKS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

static COUNTER: AtomicU64 = AtomicU64::new(0);

const PREFIX: &str = ".sintesi-";

/// The lock file of a folder being written to; it exists only while a run holds it.
pub(crate) const LOCK_FILE: &str = ".sintesi.lock";

fn locks() -> MutexGuard<'static, Vec<PathBuf>> {
    LOCKS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn staged() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the lock was held leaves the list as valid as before: keep using it.
    STAGED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What an interrupted process has left, for its interrupt handler.
pub struct Interrupted {
    /// Held until the process exits, so no commit can start.
    _guard: MutexGuard<'static, Vec<PathBuf>>,
    /// A commit of this process finished before the interrupt: its files are in place.
    pub committed: bool,
}

/// For an interrupt (SIGINT, SIGTERM) handler, which then exits: makes a commit in progress
/// roll back, waits for it, and removes this process's temporary files. Returns whether a
/// commit had already finished (then the new files are in place, else the previous ones),
/// with a guard to hold until exit so that no new commit can start.
pub fn interrupt() -> Interrupted {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let mut files = staged();
    for path in files.drain(..) {
        let _ = std::fs::remove_file(path);
    }
    for lock in locks().iter() {
        let _ = std::fs::remove_file(lock);
    }
    Interrupted {
        _guard: files,
        committed: COMMITTED.load(Ordering::SeqCst),
    }
}

/// Writes every `(path, contents)` pair so that either all targets are replaced or none is.
///
/// # Errors
/// [`Error::Write`] naming the file that could not be written or renamed; the previous files
/// are then in place and no temporary file is left. [`Error::Interrupted`] when an interrupt
/// arrived during the commit (the previous files are in place).
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let targets: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    let mut tx = Transaction::begin(&targets)?;
    for (path, contents) in files {
        tx.stage(path, contents)?;
    }
    tx.commit()
}

/// Puts back the files of a run that was killed while committing in `dir`, and removes the
/// temporary files of runs that are gone. Returns whether there was a commit to undo. Waits
/// while another run writes into `dir`. Nothing happens when `dir` does not exist.
///
/// # Errors
/// [`Error::Write`] when the folder cannot be locked.
pub fn recover(dir: &Path) -> Result<bool> {
    if !dir.is_dir() {
        return Ok(false);
    }
    let _lock = FolderLock::acquire(dir)?;
    Ok(recover_locked(dir))
}

/// One all-or-nothing write of several files (see the module documentation).
pub struct Transaction {
    /// Folder locks, released (and their files removed) when the transaction ends.
    _locks: Vec<FolderLock>,
    /// Targets and their staged temporary files, in staging order.
    staged: Vec<(PathBuf, PathBuf)>,
    /// Files to remove as part of the commit.
    removals: Vec<PathBuf>,
    /// [`recover`] found a killed run's commit to undo when the folders were locked.
    recovered: bool,
}

impl Transaction {
    /// Locks the folders of `targets`, the files to be written (waiting for other runs
    /// writing there), and recovers what killed runs left in them.
    ///
    /// # Errors
    /// [`Error::Write`] naming a target whose folder cannot be locked (it does not exist, it
    /// is read-only).
    pub fn begin(targets: &[&Path]) -> Result<Transaction> {
        // The same order in every process, so two runs cannot each wait for the other.
        let mut dirs: Vec<(PathBuf, &Path)> = targets
            .iter()
            .map(|t| {
                let d = parent(t);
                (
                    std::path::absolute(d).unwrap_or_else(|_| d.to_path_buf()),
                    *t,
                )
            })
            .collect();
        dirs.sort();
        dirs.dedup_by(|a, b| a.0 == b.0);
        let mut locks = Vec::with_capacity(dirs.len());
        let mut recovered = false;
        for (dir, target) in &dirs {
            let lock = FolderLock::acquire(dir).map_err(|e| match e {
                Error::Write { source, .. } => Error::Write {
                    path: target.to_path_buf(),
                    source,
                },
                other => other,
            })?;
            locks.push(lock);
            recovered |= recover_locked(dir);
        }
        Ok(Transaction {
            _locks: locks,
            staged: Vec::new(),
            removals: Vec::new(),
            recovered,
        })
    }

    /// Whether a killed run's half-done commit was undone when the folders were locked.
    pub(crate) fn recovered(&self) -> bool {
        self.recovered
    }

    /// Stages `contents` as the new `path`.
    ///
    /// # Errors
    /// [`Error::Write`] naming `path`.
    pub fn stage(&mut self, path: &Path, contents: &[u8]) -> Result<()> {
        self.stage_with(path, |w| w.write_all(contents))
    }

    /// Stages the new `path` from what `write` writes (buffered).
    ///
    /// # Errors
    /// [`Error::Write`] naming `path` when `write` or the file system fails.
    pub fn stage_with(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let err = |e: std::io::Error| Error::Write {
            path: path.to_path_buf(),
            source: e,
        };
        let tmp = temp_name(parent(path), "tmp");
        // Registered before it exists, so an interrupt can never miss it.
        staged().push(tmp.clone());
        self.staged.push((path.to_path_buf(), tmp.clone()));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(err)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, &file);
        write(&mut out).map_err(err)?;
        out.flush().map_err(err)?;
        drop(out);
        file.sync_all().map_err(err)?;
        Ok(())
    }

    /// Removes `path` as part of the commit (put back if the commit is undone).
    pub fn remove(&mut self, path: &Path) {
        self.removals.push(path.to_path_buf());
    }

    /// Replaces every staged target and removes the files to remove, all or nothing.
    ///
    /// # Errors
    /// [`Error::Write`] naming the file that could not be replaced, [`Error::Interrupted`];
    /// the previous files are then in place.
    pub fn commit(self) -> Result<()> {
        pause_for_tests("SINTESI_PAUSE_BEFORE_COMMIT_MS");
        let registry = staged();
        if INTERRUPTED.load(Ordering::SeqCst) {
            return Err(Error::Interrupted);
        }
        let result = self.apply();
        drop(registry);
        result
    }

    fn apply(&self) -> Result<()> {
        let steps = self.steps()?;
        let single = steps.len() == 1 && matches!(steps[0], Step::Replace { .. });
        // A single rename is atomic by itself: no backup, no journal.
        let journal = if single {
            None
        } else {
            match write_journal(&steps) {
                Ok(j) => Some(j),
                Err(e) => {
                    remove_backups(&steps);
                    return Err(e);
                }
            }
        };
        let mut done = 0;
        let mut failure = None;
        for step in &steps {
            pause_for_tests("SINTESI_TEST_RENAME_DELAY_MS");
            if INTERRUPTED.load(Ordering::SeqCst) {
                failure = Some(Error::Interrupted);
                break;
            }
            if let Err(e) = step.apply() {
                failure = Some(e);
                break;
            }
            done += 1;
        }
        if failure.is_none() && INTERRUPTED.load(Ordering::SeqCst) {
            failure = Some(Error::Interrupted);
        }
        if let Some(e) = failure {
            for step in steps[..done].iter().rev() {
                step.undo();
            }
            if let Some(j) = &journal {
                let _ = std::fs::remove_file(j);
            }
            remove_backups(&steps);
            return Err(e);
        }
        COMMITTED.store(true, Ordering::SeqCst);
        if let Some(j) = &journal {
            let _ = std::fs::remove_file(j);
            sync_dir(parent(j));
        }
        remove_backups(&steps);
        for dir in steps.iter().map(|s| parent(s.target())) {
            sync_dir(dir);
        }
        Ok(())
    }

    /// The steps of the commit, with the backups of the targets that exist taken.
    fn steps(&self) -> Result<Vec<Step>> {
        let several = self.staged.len() + self.removals.len() > 1;
        let mut steps: Vec<Step> = Vec::new();
        for (target, tmp) in &self.staged {
            let backup = if several && target.is_file() {
                let bak = temp_name(parent(target), "bak");
                let taken = std::fs::hard_link(target, &bak)
                    .or_else(|_| std::fs::copy(target, &bak).map(drop));
                if let Err(e) = taken {
                    let _ = std::fs::remove_file(&bak);
                    remove_backups(&steps);
                    return Err(Error::Write {
                        path: target.clone(),
                        source: e,
                    });
                }
                Some(bak)
            } else {
                None
            };
            steps.push(Step::Replace {
                target: target.clone(),
                tmp: tmp.clone(),
                backup,
            });
        }
        for target in &self.removals {
            steps.push(Step::Remove {
                target: target.clone(),
                aside: temp_name(parent(target), "bak"),
            });
        }
        Ok(steps)
    }
}

impl Drop for Transaction {
    /// Removes the staged files that were not renamed (all of them after a failure).
    fn drop(&mut self) {
        let mut registry = staged();
        for (_, tmp) in &self.staged {
            let _ = std::fs::remove_file(tmp);
        }
        registry.retain(|p| !self.staged.iter().any(|(_, tmp)| tmp == p));
    }
}

/// Waits as long as the test hook `var` says (milliseconds); nothing when it is unset.
fn pause_for_tests(var: &str) {
    let pause = std::env::var(var).ok().and_then(|v| v.parse().ok());
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

/// The process id in a temporary file name `.sintesi-PID-N.tmp` (or `.bak`, `.journal`).
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(PREFIX)?;
    let rest = [".tmp", ".bak", ".journal"]
        .iter()
        .find_map(|suffix| rest.strip_suffix(suffix))?;
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
