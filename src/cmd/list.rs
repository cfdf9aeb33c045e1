//! `efrh list` (in progress).

use std::process::ExitCode;

/// (in progress)
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_config: &efrh::Config, _args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("efrh list is not implemented yet")
}
