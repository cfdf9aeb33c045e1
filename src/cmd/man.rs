//! `efrh man` (hidden): the manual page, roff, generated from the clap definitions, on stdout.
//! Install with `efrh man > efrh.1 && man ./efrh.1` (or copy to `~/.local/share/man/man1/`).

use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

/// Print the efrh(1) manual page (roff) on stdout.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    let command = crate::cli::Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    std::io::stdout().lock().write_all(&page)?;
    Ok(ExitCode::SUCCESS)
}
