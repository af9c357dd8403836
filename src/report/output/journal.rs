//! The journal of a commit and recovery from it: the steps a commit takes, written and synced
//! before the first rename, so that the next run in the folder can put back the previous set
//! of files if this one is killed half way.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{parent, process_alive, sync_dir, temp_name, temp_pid, PREFIX};
use crate::error::{Error, Result};

/// One step of a commit, as the journal records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
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
    pub(super) fn target(&self) -> &Path {
        match self {
            Step::Replace { target, .. } | Step::Remove { target, .. } => target,
        }
    }

    pub(super) fn apply(&self) -> Result<()> {
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
    pub(super) fn undo(&self) {
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

pub(super) fn remove_backups(steps: &[Step]) {
    for bak in steps.iter().filter_map(Step::backup) {
        let _ = std::fs::remove_file(bak);
    }
}

pub(super) const JOURNAL_HEADER: &str = "sintesi journal 1";

/// Writes the journal of `steps` (absolute paths, hex-encoded) beside the first target,
/// durably, and returns its path.
pub(super) fn write_journal(steps: &[Step]) -> Result<PathBuf> {
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
pub(super) fn read_journal(path: &Path) -> Option<Vec<Step>> {
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

pub(super) fn hex_path(path: &Path) -> String {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    path.as_os_str()
        .as_encoded_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(super) fn unhex_path(hex: &str) -> Option<PathBuf> {
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
pub(super) fn recover_locked(dir: &Path) -> bool {
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
