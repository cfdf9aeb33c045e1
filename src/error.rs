//! The library's error type. Each variant knows its exit code (see `../shared/spec/cli.md`):
//! `2` for usage and configuration errors (nothing was changed), `1` when some inputs failed.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad flag value, manifest, lexicon or query: exit 2, nothing changed.
    #[error("{0}")]
    Usage(String),
    /// A file the user supplied that is malformed (manifest, lexicon): exit 2.
    #[error("{path}: {message}")]
    Config { path: PathBuf, message: String },
    /// The corpus is locked by another process, missing, or damaged: exit 2.
    #[error("{0}")]
    Corpus(String),
    /// Some inputs failed (each already reported on stderr): exit 1.
    #[error("{0}")]
    Partial(String),
    /// The message already holds the I/O error's words, so it is deliberately not a `source`
    /// (a field named `source` would be one): `main` prints with `{err:#}`, which would print
    /// a source a second time ("…: Not a directory (os error 20): Not a directory …").
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Partial(_) => 1,
            _ => 2,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            error: source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
