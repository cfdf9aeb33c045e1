//! `efrh collocates`: the words around a concept, ranked by log-likelihood.
//!
//! Columns (`../shared/spec/cli.md`): `word,near,total,ll,mi`. The statistics and what is
//! counted are documented in [`efrh::collocates`].

use super::select::{self, QueryArgs, ReadArgs};
use efrh::analysis;
use efrh::collocates::{Counter, StopWords};
use efrh::corpus::Corpus;
use efrh::matcher::Matcher;
use efrh::output::print_rows;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// The words around a concept (or phrase), ranked by log-likelihood G² (Dunning 1993).
///
/// Words within `--span` words either side of each occurrence, within its document, are
/// "near" it; `near` counts them, `total` counts the word in all the selected text (the
/// occurrences' own words are not counted). `ll` is G² of near against the rest of the text,
/// `mi` the mutual information log2(observed / expected near). Only words found near the
/// concept more often than expected are listed. Common function words
/// (lexicons/stopwords-en.txt, shipped with efrh) are left out unless `--no-stopwords`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub what: QueryArgs,
    /// Words either side of an occurrence that count as near it (1 to 100).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub span: u16,
    /// Only words found near the concept at least this many times.
    #[arg(long, default_value_t = 3)]
    pub min_freq: u64,
    /// At most this many words (the highest G²).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Keep the common function words (the shipped stop-word list is not applied).
    #[arg(long, conflicts_with = "stopwords")]
    pub no_stopwords: bool,
    /// Your own stop-word list instead of the shipped one: one word a line, `#` comments.
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// One collocate.
#[derive(Debug, Serialize)]
pub struct Row {
    pub word: String,
    pub near: u64,
    pub total: u64,
    pub ll: f64,
    pub mi: f64,
}

impl Row {
    pub const COLUMNS: &'static [&'static str] = &["word", "near", "total", "ll", "mi"];
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let stop = stop_words(&args)?;
    let query = args.what.query();
    let lexicon = args.what.lexicon()?;
    let matcher = Matcher::try_new(&lexicon)?;
    let corpus = Corpus::open(&config.corpus)?;
    let span = usize::from(args.span);
    let docs = select::documents(&corpus, &args.read.select.selection(), config.quiet);
    let pass = select::with_progress(config, docs.len(), "reading", |tick| {
        analysis::each_document(&corpus, &docs, &matcher, tick, |_, text, occ| {
            let spans: Vec<(usize, usize)> = occ.iter().map(|o| (o.doc_start, o.doc_end)).collect();
            let mut counter = Counter::new();
            counter.add_document(text.text(), &spans, span);
            counter
        })
    });
    let failed = pass.failed.len();
    let counter = pass
        .results
        .into_iter()
        .fold(Counter::new(), |a, b| a.merge(b));
    if counter.near_positions() == 0 && !docs.is_empty() && !config.quiet {
        eprintln!("note: '{query}' does not occur in the selected documents");
    }
    let rows: Vec<Row> = counter
        .collocates(args.min_freq, &stop, args.limit)
        .into_iter()
        .map(|c| Row {
            word: c.word,
            near: c.near,
            total: c.total,
            ll: super::cooccur::round4(c.ll),
            mi: super::cooccur::round4(c.mi),
        })
        .collect();
    print_rows(args.read.format, Row::COLUMNS, &rows)?;
    Ok(select::exit_code(failed, " and are not counted"))
}

fn stop_words(args: &Args) -> anyhow::Result<StopWords> {
    if args.no_stopwords {
        return Ok(StopWords::default());
    }
    let Some(path) = &args.stopwords else {
        return Ok(StopWords::english());
    };
    let text = std::fs::read_to_string(path).map_err(|e| efrh::Error::Config {
        path: path.clone(),
        message: format!(
            "cannot read the stop-word list ({e}); give a UTF-8 text file, one word a line"
        ),
    })?;
    Ok(StopWords::parse(&text))
}
