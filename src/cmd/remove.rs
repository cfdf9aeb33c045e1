//! `efrh remove`: take documents out of the corpus (their PDF, text and catalogue record).

use efrh::corpus::Corpus;
use std::process::ExitCode;

/// Remove documents (their PDF, text and catalogue record) by id.
///
/// Ids are as shown by `efrh list`; an unambiguous prefix of at least 4 characters will do.
/// Ids not in the corpus are named (exit 1) and the others still removed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Document ids.
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let mut corpus = Corpus::open(&config.corpus)?;
    let mut ids = Vec::new();
    let mut failed = 0;
    for raw in &args.ids {
        match corpus.resolve(raw) {
            Ok(d) => ids.push(d.id.clone()),
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    if !ids.is_empty() {
        let r = corpus.remove(&ids, &efrh::index::KeepInStep)?;
        for d in &r.removed {
            if !config.quiet {
                eprintln!(
                    "removed {} ({}, {} {})",
                    d.id, d.meta.title, d.meta.nation, d.meta.year
                );
            }
        }
        if let Some(p) = &r.index_problem {
            eprintln!(
                "warning: the search index could not be updated ({p}); `efrh check` rebuilds it"
            );
        }
        for id in r.unknown {
            // Removed by another command between our look and the lock.
            eprintln!("error: no document {id} in the corpus (see `efrh list`)");
            failed += 1;
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
