//! The `efrh` command: parse the command line, run one subcommand, exit with its code.
//! Everything real lives in the library (`src/lib.rs`); subcommands are in `src/cmd/`.

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let config = cli.config();
    match cmd::run(&config, cli.command) {
        Ok(code) => code,
        Err(err) => report(&err),
    }
}

/// Print an error the way the spec asks (`error: …` on stderr) and choose the exit code.
fn report(err: &anyhow::Error) -> ExitCode {
    // A closed pipe (`efrh list | head`) is not an error.
    if let Some(io) = err.downcast_ref::<std::io::Error>() {
        if io.kind() == std::io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS;
        }
    }
    let code = err
        .downcast_ref::<efrh::Error>()
        .map(efrh::Error::exit_code)
        .unwrap_or(2);
    eprintln!("error: {err:#}");
    ExitCode::from(code)
}
