//! The `efrh` command: parse the command line, run one subcommand, exit with its code.
//! Everything real lives in the library (`src/lib.rs`); subcommands are in `src/cmd/`.

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse_from(cli::search_query_last(std::env::args_os().collect()));
    let config = match cli.config() {
        Ok(c) => c,
        Err(err) => return report(&err.into()),
    };
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
