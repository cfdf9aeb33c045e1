//! The command line as the user types it (clap derive). Turned into an `efrh::Config`
//! before anything runs; the library never sees these structs.

use crate::cmd::Command;
use clap::Parser;
use std::io::IsTerminal;
use std::path::PathBuf;

/// efrh: analyse a corpus of UK policy documents for extra-familial risks and harms (EFRH)
/// and the uptake of Trauma-informed Practice, Contextual Safeguarding and Transitional
/// Safeguarding.
#[derive(Debug, Parser)]
#[command(name = "efrh", version, about, long_about = None)]
pub struct Cli {
    /// The corpus directory.
    #[arg(long, global = true, env = "EFRH_CORPUS", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Print nothing but data and errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print extra diagnostics on stderr.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    pub fn config(&self) -> efrh::Config {
        efrh::Config {
            corpus: self.corpus.clone(),
            quiet: self.quiet,
            verbose: self.verbose,
            progress: !self.quiet && std::io::stderr().is_terminal(),
        }
    }
}
