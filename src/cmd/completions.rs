//! `efrh completions SHELL`: a completion script for bash, zsh, fish or PowerShell on stdout,
//! generated from the clap definitions (so it never drifts from the real flags).

use clap::CommandFactory;
use std::process::ExitCode;

/// Print a shell completion script on stdout.
///
/// bash: `efrh completions bash > ~/.local/share/bash-completion/completions/efrh`;
/// zsh: `efrh completions zsh > "${fpath[1]}/_efrh"`;
/// fish: `efrh completions fish > ~/.config/fish/completions/efrh.fish`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell: bash, zsh, fish or powershell.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    use clap_complete::Shell as S;
    let shell = match args.shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
    };
    let mut command = crate::cli::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut command, "efrh", &mut out);
    Ok(ExitCode::SUCCESS)
}
