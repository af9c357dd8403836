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

/// One step of a commit, as the journal records it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// Rename `tmp` over `target`; `backup` is a hard link to the previous target, if any.
    Replace {
        target: PathBuf,
        tmp: PathBuf,
        backup: Option<PathBuf>,
    },
    /// Move `target` aside to `aside` (deleted with the backups once the commit is done).
    Remove { target: PathBuf, aside: PathBuf },
}

impl Step {
    fn target(&self) -> &Path {
        match self {
            Step::Replace { target, .. } | Step::Remove { target, .. } => target,
        }
    }

    fn apply(&self) -> Result<()> {
        let (from, to, target) = match self {
            Step::Replace { target, tmp, .. } => (tmp, target, target),
            Step::Remove { target, aside } => (target, aside, target),
        };
        std::fs::rename(from, to).map_err(|source| Error::Write {
            path: target.clone(),
            source,
        })
    }

    /// Undoes the step, applied or not: puts the previous target back. Safe to repeat.
    fn undo(&self) {
        match self {
            Step::Replace {
                target,
                tmp,
                backup,
            } => {
                if tmp.exists() {
                    return; // never renamed: the target is as it was
                }
                match backup {
                    Some(bak) if bak.exists() => {
                        let _ = std::fs::rename(bak, target);
                    }
                    Some(_) => {} // put back already
                    None => {
                        let _ = std::fs::remove_file(target);
                    }
                }
            }
            Step::Remove { target, aside } => {
                if aside.exists() {
                    let _ = std::fs::rename(aside, target);
                }
            }
        }
    }

    fn backup(&self) -> Option<&Path> {
        match self {
            Step::Replace { backup, .. } => backup.as_deref(),
            Step::Remove { aside, .. } => Some(aside),
        }
    }
}

fn remove_backups(steps: &[Step]) {
    for bak in steps.iter().filter_map(Step::backup) {
        let _ = std::fs::remove_file(bak);
    }
}

const JOURNAL_HEADER: &str = "sintesi journal 1";

/// Writes the journal of `steps` (absolute paths, hex-encoded) beside the first target,
/// durably, and returns its path.
fn write_journal(steps: &[Step]) -> Result<PathBuf> {
    let dir = parent(steps[0].target());
    let mut text = format!("{JOURNAL_HEADER}\n");
    for step in steps {
        let line = match step {
            Step::Replace {
                target,
                tmp,
                backup,
            } => format!(
                "replace {} {} {}",
                hex_path(target),
                hex_path(tmp),
                backup.as_deref().map_or("-".to_string(), hex_path)
            ),
            Step::Remove { target, aside } => {
                format!("remove {} {}", hex_path(target), hex_path(aside))
            }
        };
        text.push_str(&line);
        text.push('\n');
    }
    let tmp = temp_name(dir, "tmp");
    let journal = tmp.with_extension("journal");
    let err = |source| Error::Write {
        path: dir.to_path_buf(),
        source,
    };
    let written = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, &journal)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    sync_dir(dir);
    Ok(journal)
}

/// The steps a journal names, or `None` if it cannot be read.
fn read_journal(path: &Path) -> Option<Vec<Step>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != JOURNAL_HEADER {
        return None;
    }
    lines
        .map(|line| {
            let parts: Vec<&str> = line.split(' ').collect();
            match parts[..] {
                ["replace", target, tmp, backup] => Some(Step::Replace {
                    target: unhex_path(target)?,
                    tmp: unhex_path(tmp)?,
                    backup: match backup {
                        "-" => None,
                        b => Some(unhex_path(b)?),
                    },
                }),
                ["remove", target, aside] => Some(Step::Remove {
                    target: unhex_path(target)?,
                    aside: unhex_path(aside)?,
                }),
                _ => None,
            }
        })
        .collect()
}

fn hex_path(path: &Path) -> String {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    path.as_os_str()
        .as_encoded_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn unhex_path(hex: &str) -> Option<PathBuf> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

/// In a locked folder: undoes the commits that killed runs left half done (their journals),
/// then removes the temporary files of runs that are gone. Returns whether there was a
/// commit to undo.
fn recover_locked(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut names: Vec<(PathBuf, String)> = entries
        .flatten()
        .filter_map(|e| Some((e.path(), e.file_name().to_str()?.to_string())))
        .filter(|(_, n)| n.starts_with(PREFIX))
        .collect();
    names.sort();
    let own = std::process::id();
    let mut recovered = false;
    // Under the folder lock no other run is committing here: every journal but ours is a
    // killed run's.
    for (path, name) in &names {
        if name.ends_with(".journal") && temp_pid(name).is_some_and(|pid| pid != own) {
            if let Some(steps) = read_journal(path) {
                for step in steps.iter().rev() {
                    step.undo();
                }
                remove_backups(&steps);
                for step in &steps {
                    if let Step::Replace { tmp, .. } = step {
                        let _ = std::fs::remove_file(tmp);
                    }
                }
                recovered = true;
            }
            let _ = std::fs::remove_file(path);
        }
    }
    for (path, name) in &names {
        let Some(pid) = temp_pid(name) else {
            continue;
        };
        if pid != own && path.exists() && !process_alive(pid, path) {
            let _ = std::fs::remove_file(path);
        }
    }
    if recovered {
        sync_dir(dir);
    }
    recovered
}

/// An advisory lock on a folder, held while a run writes into it: `.sintesi.lock`, locked
/// with `File::lock` (`flock`), which the system releases when the process ends however it ends. The file
/// is removed on release; a run that finds the file it locked gone or replaced locks again.
struct FolderLock {
    #[cfg(unix)]
    file: File,
    path: PathBuf,
}

impl FolderLock {
    #[cfg(unix)]
    fn acquire(dir: &Path) -> Result<FolderLock> {
        use std::fs::TryLockError;
        use std::os::unix::fs::MetadataExt;
        let path = dir.join(LOCK_FILE);
        let err = |source| Error::Write {
            path: dir.to_path_buf(),
            source,
        };
        let mut told = false;
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .or_else(|_| File::open(&path))
                .map_err(err)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if !told {
                        tracing::info!(
                            "waiting for another sintesi run writing into {}",
                            dir.display()
                        );
                        told = true;
                    }
                    // Blocks until the holder releases or exits.
                    loop {
                        match file.lock() {
                            Ok(()) => break,
                            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                            Err(e) => return Err(err(e)),
                        }
                    }
                }
                Err(TryLockError::Error(e)) => {
                    // A file system without locks: go on as before locking existed.
                    tracing::warn!("{}: cannot lock ({e}); writing unlocked", dir.display());
                    return Ok(FolderLock { file, path });
                }
            }
            // The holder before us removes the file on release: if the path no longer names
            // the file we locked, lock the one that is there now.
            let same = match (file.metadata(), std::fs::metadata(&path)) {
                (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
                _ => false,
            };
            if same {
                locks().push(path.clone());
                return Ok(FolderLock { file, path });
            }
        }
    }

    #[cfg(not(unix))]
    fn acquire(dir: &Path) -> Result<FolderLock> {
        // No advisory locks here: runs into one folder are not kept apart.
        Ok(FolderLock {
            path: dir.join(LOCK_FILE),
        })
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the file descriptor.
        #[cfg(unix)]
        {
            let mut held = locks();
            if let Some(i) = held.iter().position(|p| p == &self.path) {
                held.swap_remove(i);
                let _ = std::fs::remove_file(&self.path);
            }
            let _ = &self.file;
        }
        #[cfg(not(unix))]
        let _ = &self.path;
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

#[cfg(test)]
mod tests {
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
}
