//! `efrh list`: the documents in the corpus, one row each.

use super::select::{self, SelectArgs};
use efrh::corpus::Corpus;
use efrh::model::Wave;
use efrh::output::{write_rows, Format};
use serde::Serialize;
use std::process::ExitCode;

/// List the documents in the corpus.
///
/// In catalogue order: nation, year, title.
/// The quality column flags documents whose text could not be fully read, e.g. scanned pages
/// that need OCR: their counts undercount.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    select: SelectArgs,
    /// table, csv or json.
    #[arg(long, default_value = "table")]
    format: Format,
}

pub const COLUMNS: [&str; 10] = [
    "id",
    "title",
    "nation",
    "year",
    "wave",
    "pages",
    "words",
    "publisher",
    "kind",
    "quality",
];

#[derive(Debug, Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    nation: &'a str,
    year: u16,
    wave: Option<u16>,
    pages: u32,
    words: u64,
    publisher: &'a str,
    kind: &'a str,
    quality: String,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::open(&config.corpus)?;
    let rows: Vec<Row> = select::documents(&corpus, &args.select.selection(), config.quiet)
        .into_iter()
        .map(|d| Row {
            id: d.id.as_str(),
            title: &d.meta.title,
            nation: d.meta.nation.as_str(),
            year: d.meta.year.get(),
            wave: d.meta.wave.map(Wave::get),
            pages: d.pages,
            words: d.words,
            publisher: d.meta.publisher.as_deref().unwrap_or(""),
            kind: d.meta.kind.as_deref().unwrap_or(""),
            quality: d.quality.summary(d.pages),
        })
        .collect();
    let mut out = std::io::stdout().lock();
    write_rows(&mut out, args.format, &COLUMNS, &rows)?;
    Ok(ExitCode::SUCCESS)
}
