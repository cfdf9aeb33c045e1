//! The corpus lock: an exclusive advisory lock on `<corpus>/.lock`, held by every command that
//! writes. The operating system releases it when the process ends, even by `kill -9`, so a
//! crash never leaves a corpus locked.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a second writer waits for the first before giving up (overridable with
/// `EFRH_LOCK_WAIT_SECS`, e.g. for scripts that queue many `efrh add` runs).
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// Held while alive; dropping it releases the lock.
#[derive(Debug)]
pub struct CorpusLock {
    _file: File,
}

impl CorpusLock {
    /// Take the lock of the corpus at `root`, waiting up to [`DEFAULT_WAIT`] (or
    /// `$EFRH_LOCK_WAIT_SECS`) for another writer to finish.
    pub fn acquire(root: &Path) -> Result<CorpusLock> {
        let wait = std::env::var("EFRH_LOCK_WAIT_SECS")
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(Duration::from_secs_f64)
            .unwrap_or(DEFAULT_WAIT);
        Self::acquire_within(root, wait)
    }

    /// Take the lock, waiting at most `wait`.
    pub fn acquire_within(root: &Path, wait: Duration) -> Result<CorpusLock> {
        let path = root.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(CorpusLock { _file: file }),
                Err(std::fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= wait {
                        return Err(Error::Corpus(format!(
                            "the corpus at {} is in use by another efrh command (an add, remove, \
                             reindex or check); waited {} s. Wait for it to finish and run this \
                             again",
                            root.display(),
                            wait.as_secs()
                        )));
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_times_out_then_succeeds_after_release() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = CorpusLock::acquire_within(dir.path(), Duration::ZERO).expect("first");
        let second = CorpusLock::acquire_within(dir.path(), Duration::from_millis(200));
        let err = second.expect_err("locked");
        assert!(
            err.to_string().contains("in use by another efrh command"),
            "{err}"
        );
        assert_eq!(err.exit_code(), 2);
        drop(first);
        CorpusLock::acquire_within(dir.path(), Duration::ZERO).expect("free again");
    }
}
