//! `efrh list`: the documents in the corpus, one row each.

use efrh::corpus::Corpus;
use efrh::model::{Nation, Wave};
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
    /// Only documents of this nation (england, scotland, wales, northern-ireland, uk).
    #[arg(long)]
    nation: Option<Nation>,
    /// Only documents of this year, or a range such as 2018-2022.
    #[arg(long, value_name = "Y|Y1-Y2")]
    year: Option<YearRange>,
    /// Only documents first included in this wave.
    #[arg(long)]
    wave: Option<Wave>,
    /// table, csv or json.
    #[arg(long, default_value = "table")]
    format: Format,
}

/// An inclusive range of years (`2019` or `2018-2022`).
#[derive(Debug, Clone, Copy)]
struct YearRange(u16, u16);

impl std::str::FromStr for YearRange {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parse = |t: &str| t.trim().parse::<efrh::model::Year>().map(|y| y.get());
        match s.split_once(['-', ':']).or_else(|| s.split_once("..")) {
            Some((a, b)) => {
                let (a, b) = (parse(a)?, parse(b.trim_start_matches('.'))?);
                if a > b {
                    return Err(format!("the range {a}-{b} is empty (write it low-high)"));
                }
                Ok(YearRange(a, b))
            }
            None => parse(s).map(|y| YearRange(y, y)),
        }
    }
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
    let rows: Vec<Row> = corpus
        .documents()
        .iter()
        .filter(|d| args.nation.is_none_or(|n| d.meta.nation == n))
        .filter(|d| {
            args.year
                .is_none_or(|YearRange(a, b)| (a..=b).contains(&d.meta.year.get()))
        })
        .filter(|d| args.wave.is_none_or(|w| d.meta.wave == Some(w)))
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
