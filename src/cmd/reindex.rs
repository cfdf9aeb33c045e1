//! `efrh reindex`: extract every stored PDF again and rebuild everything derived.

use efrh::corpus::Corpus;
use efrh::extract::Limits;
use std::process::ExitCode;
use std::time::Duration;

/// Extract every stored PDF again and rebuild everything derived from it.
///
/// Re-extracts the text of every stored PDF with the current extractor, updates pages, words
/// and quality in the catalogue, and rebuilds the search index. Run it after upgrading efrh.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Give up on a file whose text takes longer than this to extract (seconds).
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    timeout: u64,
    /// Also read pages without a text layer by OCR (see `efrh add --ocr`). Without it, pages
    /// read by OCR before keep their OCR text.
    #[arg(long)]
    ocr: bool,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let ocr = super::add::find_ocr(args.ocr)?;
    let mut corpus = Corpus::open(&config.corpus)?;
    let limits = Limits {
        timeout: Duration::from_secs(args.timeout.max(1)),
        ..Limits::default()
    };
    super::add::quiet_extractor_panics();
    let bar = super::add::progress_bar(config, corpus.documents().len());
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let failed = corpus.reindex_with_ocr(&limits, ocr.as_ref(), &efrh::index::KeepInStep, &tick)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    for (doc, why) in &failed {
        eprintln!(
            "error: {} ({}): {why}; its previous text is kept",
            doc.id, doc.meta.title
        );
    }
    if !config.quiet {
        let words: u64 = corpus.documents().iter().map(|d| d.words).sum();
        eprintln!(
            "reindexed {} document(s), {} failed; {words} words in the corpus",
            corpus.documents().len() - failed.len(),
            failed.len()
        );
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
