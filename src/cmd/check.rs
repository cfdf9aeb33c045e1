//! `efrh check`: is the corpus consistent (catalogue, stored PDFs, page texts, index)?

use efrh::corpus::{check, Corpus};
use std::process::ExitCode;

/// Check that catalogue, stored PDFs, page texts and search index agree.
///
/// Every catalogue record must have its original PDF and its extracted text, unchanged.
/// Exit 0 when consistent; 2 with each problem named when damaged. The index is derived data:
/// if it disagrees it is rebuilt on the spot (said on stderr) and the check still passes.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also delete files no catalogue record owns (left by interrupted commands).
    #[arg(long)]
    clean: bool,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let mut corpus = Corpus::open(&config.corpus)?;
    let lock = corpus.lock()?;
    corpus.reload()?;
    let report = check::check(&corpus);
    for p in &report.problems {
        eprintln!("error: {p}");
    }
    if !report.problems.is_empty() {
        eprintln!(
            "error: the corpus at {} is not consistent ({} problem(s) above; each says what to do)",
            corpus.root().display(),
            report.problems.len()
        );
        return Ok(ExitCode::from(2));
    }
    if args.clean {
        let n = corpus.clean_leftovers(&lock);
        if !config.quiet {
            eprintln!("removed {n} leftover file(s)");
        }
    } else if !config.quiet {
        for n in &report.notes {
            eprintln!("note: {n}");
        }
    }
    if let Some(problem) = corpus.verify_catalogue_cache()? {
        eprintln!("note: the catalogue cache was {problem}; rebuilt it from catalogue.toml");
    }
    if let Some(problem) = efrh::index::verify(&corpus)? {
        eprintln!("note: the search index disagreed with the catalogue ({problem}); repairing it");
        // An update first (cheap when the catalogue was only edited); when it fails or leaves
        // the index wrong, a rebuild from scratch: an update trusts the index's own record of
        // what it holds, and that record (or a file it names) may be what is damaged.
        let updated = match efrh::index::update(&corpus) {
            Ok(r) if r.failed.is_empty() => {
                efrh::index::verify(&corpus)?.is_none().then_some(r.rebuilt)
            }
            _ => None,
        };
        let rebuilt = match updated {
            Some(rebuilt) => rebuilt,
            None => {
                efrh::index::rebuild(&corpus)?;
                if let Some(still) = efrh::index::verify(&corpus)? {
                    eprintln!("error: the search index is still wrong after a rebuild: {still}");
                    return Ok(ExitCode::from(2));
                }
                true
            }
        };
        let how = if rebuilt { "rebuilt" } else { "updated" };
        eprintln!("note: search index {how}");
    }
    drop(lock);
    let pages: u64 = corpus.documents().iter().map(|d| u64::from(d.pages)).sum();
    println!(
        "ok: {} document(s), {pages} page(s): catalogue, PDFs, texts and index agree",
        corpus.documents().len()
    );
    Ok(ExitCode::SUCCESS)
}
