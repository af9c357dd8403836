//! The advisory lock on an output folder that makes runs into one folder take turns.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::{locks, LOCK_FILE};
use crate::error::{Error, Result};

/// An advisory lock on a folder, held while a run writes into it: `.sintesi.lock`, locked
/// with `File::lock` (`flock`), which the system releases when the process ends however it ends. The file
/// is removed on release; a run that finds the file it locked gone or replaced locks again.
pub(super) struct FolderLock {
    #[cfg(unix)]
    file: File,
    path: PathBuf,
}

impl FolderLock {
    #[cfg(unix)]
    pub(super) fn acquire(dir: &Path) -> Result<FolderLock> {
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
    pub(super) fn acquire(dir: &Path) -> Result<FolderLock> {
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
