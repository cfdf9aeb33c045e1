//! One file per subcommand: its clap arguments (the `///` doc is the help) and a `run`
//! that reads top to bottom.

use clap::Subcommand;
use std::process::ExitCode;

mod add;
mod audit;
mod chart;
mod check;
mod collocates;
mod compare;
mod completions;
mod cooccur;
mod count;
mod diff;
mod export;
mod kwic;
mod lexicon;
mod list;
mod man;
mod reindex;
mod remove;
mod report;
mod search;
mod select;
mod show;
mod text;

#[derive(Debug, Subcommand)]
pub enum Command {
    Add(add::Args),
    List(list::Args),
    Remove(remove::Args),
    Check(check::Args),
    Reindex(reindex::Args),
    Text(text::Args),
    Show(show::Args),
    Count(count::Args),
    Diff(diff::Args),
    Kwic(kwic::Args),
    Lexicon(lexicon::Args),
    Search(search::Args),
    Report(report::Args),
    Chart(chart::Args),
    Export(export::Args),
    Completions(completions::Args),
    #[command(hide = true)]
    Man(man::Args),
    Compare(compare::Args),
    Audit(audit::Args),
    Cooccur(cooccur::Args),
    Collocates(collocates::Args),
}

pub fn run(config: &efrh::Config, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Add(args) => add::run(config, args),
        Command::List(args) => list::run(config, args),
        Command::Remove(args) => remove::run(config, args),
        Command::Check(args) => check::run(config, args),
        Command::Reindex(args) => reindex::run(config, args),
        Command::Text(args) => text::run(config, args),
        Command::Show(args) => show::run(config, args),
        Command::Count(args) => count::run(config, args),
        Command::Diff(args) => diff::run(config, args),
        Command::Kwic(args) => kwic::run(config, args),
        Command::Lexicon(args) => lexicon::run(config, args),
        Command::Search(args) => search::run(config, args),
        Command::Report(args) => report::run(config, args),
        Command::Chart(args) => chart::run(config, args),
        Command::Export(args) => export::run(config, args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Compare(args) => compare::run(config, args),
        Command::Audit(args) => audit::run(config, args),
        Command::Cooccur(args) => cooccur::run(config, args),
        Command::Collocates(args) => collocates::run(config, args),
    }
}
