//! `efrh export`: hand the findings on. `export pages`: one row per page with the document's
//! metadata and the page text, the tidy shape R's readtext/quanteda and pandas expect.
//!
//! Columns (`../shared/spec/cli.md`):
//! `id,title,nation,year,wave,level,authority,series,kind,publisher,page,page_label,text`
//! (`page_label` is an extension: the printed page number, empty where unknown). `level`,
//! `authority` and `series` are not yet in the catalogue: `level` is `national`, the other two
//! are empty.

use super::select::{self, SelectArgs};
use efrh::corpus::Corpus;
use efrh::output::{write_rows, Format};
use serde::Serialize;
use std::process::ExitCode;

/// Export the corpus for other tools.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// One row per page: the document's metadata and the page's text (CSV or JSON).
    Pages(PagesArgs),
}

#[derive(Debug, clap::Args)]
pub struct PagesArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    /// Output format: csv or json.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: PagesFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PagesFormat {
    Csv,
    Json,
}

/// One page of one document.
#[derive(Debug, Serialize)]
pub struct PageRow<'a> {
    pub id: String,
    pub title: &'a str,
    pub nation: &'static str,
    pub year: u16,
    pub wave: Option<u16>,
    pub level: &'static str,
    pub authority: Option<&'a str>,
    pub series: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub page: u32,
    pub page_label: Option<String>,
    pub text: String,
}

impl PageRow<'_> {
    pub const COLUMNS: &'static [&'static str] = &[
        "id",
        "title",
        "nation",
        "year",
        "wave",
        "level",
        "authority",
        "series",
        "kind",
        "publisher",
        "page",
        "page_label",
        "text",
    ];
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Pages(a) => pages(config, a),
    }
}

fn pages(config: &efrh::Config, args: PagesArgs) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::open(&config.corpus)?;
    let docs = select::documents(&corpus, &args.select.selection(), config.quiet);
    let mut rows = Vec::new();
    let mut failed = 0usize;
    for d in &docs {
        let pages = match corpus.load_pages(&d.id) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {}: {e}", d.id);
                failed += 1;
                continue;
            }
        };
        for (i, p) in pages.into_iter().enumerate() {
            rows.push(PageRow {
                id: d.id.to_string(),
                title: &d.meta.title,
                nation: d.meta.nation.as_str(),
                year: d.meta.year.get(),
                wave: d.meta.wave.map(|w| w.get()),
                level: "national",
                authority: None,
                series: None,
                kind: d.meta.kind.as_deref(),
                publisher: d.meta.publisher.as_deref(),
                page: u32::try_from(i + 1).unwrap_or(u32::MAX),
                page_label: p.label,
                text: p.body,
            });
        }
    }
    let format = match args.format {
        PagesFormat::Csv => Format::Csv,
        PagesFormat::Json => Format::Json,
    };
    write_rows(
        &mut std::io::stdout().lock(),
        format,
        PageRow::COLUMNS,
        &rows,
    )?;
    if failed > 0 {
        eprintln!("error: {failed} document(s) could not be read; run `efrh check`");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
