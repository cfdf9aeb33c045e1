//! The resolved configuration the library sees (the CLI's clap structs never leave `main`).

use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    /// The corpus directory (`--corpus`, `$EFRH_CORPUS`, else `./corpus`).
    pub corpus: PathBuf,
    /// `--quiet`: no progress, no summaries on stderr (errors still shown).
    pub quiet: bool,
    /// `--verbose`: extra diagnostics on stderr.
    pub verbose: bool,
    /// Show progress bars: stderr is a terminal and not `--quiet`.
    pub progress: bool,
}
