//! `efrh list`: the documents in the corpus, one row each.

use super::select::{self, SelectArgs};
use efrh::corpus::Corpus;
use efrh::model::{Document, VarName};
use efrh::output::{write_rows, Format};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

/// List the documents in the corpus.
///
/// In catalogue order: nation, year, title.
/// The quality column flags documents whose text could not be fully read, e.g. scanned pages
/// that need OCR: their counts undercount. The languages column gives each detected language's
/// share of the words (`words` counts the English ones).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    select: SelectArgs,
    /// table, csv or json.
    #[arg(long, default_value = "table", help_heading = select::OPTIONS)]
    format: Format,
}

/// The fixed columns; then one `var:NAME` column per variable any listed document has.
pub const COLUMNS: [&str; 16] = [
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
    "level",
    "authority",
    "series",
    "date",
    "languages",
    "ocr_pages",
];

/// One cell: CSV and tables print `Empty` as nothing, JSON as null.
#[derive(Debug)]
enum Cell {
    Text(String),
    Number(u64),
    Empty,
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Text(t) => s.serialize_str(t),
            Cell::Number(n) => s.serialize_u64(*n),
            Cell::Empty => s.serialize_none(),
        }
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt(s: Option<impl ToString>) -> Cell {
    s.map_or(Cell::Text(String::new()), |v| Cell::Text(v.to_string()))
}

fn row(d: &Document, vars: &BTreeSet<&VarName>) -> Vec<Cell> {
    let m = &d.meta;
    let mut cells = vec![
        text(d.id.as_str()),
        text(&m.title),
        text(m.nation.as_str()),
        Cell::Number(m.year.get().into()),
        m.wave.map_or(Cell::Empty, |w| Cell::Number(w.get().into())),
        Cell::Number(d.pages.into()),
        Cell::Number(d.words),
        opt(m.publisher.as_ref()),
        opt(m.kind.as_ref()),
        text(d.quality.summary(d.pages)),
        text(m.level.as_str()),
        opt(m.authority.as_ref()),
        opt(m.series.as_ref()),
        opt(m.date.as_ref()),
        // Each detected language with its share of the words: `en 52%, cy 48%`.
        text(efrh::language::shares(&d.words_by_language)),
        Cell::Number(d.quality.ocr_pages.len() as u64),
    ];
    cells.extend(vars.iter().map(|v| opt(m.vars.get(*v))));
    cells
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::open(&config.corpus)?;
    let docs: Vec<&Document> = select::documents(&corpus, &args.select.selection(), config.quiet);
    let vars: BTreeSet<&VarName> = docs.iter().flat_map(|d| d.meta.vars.keys()).collect();
    let mut columns: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    columns.extend(vars.iter().map(|v| format!("var:{v}")));
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    let rows: Vec<Vec<Cell>> = docs.iter().map(|d| row(d, &vars)).collect();
    let mut out = std::io::stdout().lock();
    if args.format == Format::Json {
        // The csv writer takes sequences, JSON wants objects keyed by column.
        let objects: Vec<BTreeMap<&str, &Cell>> = rows
            .iter()
            .map(|r| names.iter().copied().zip(r.iter()).collect())
            .collect();
        write_rows(&mut out, args.format, &names, &objects)?;
    } else {
        write_rows(&mut out, args.format, &names, &rows)?;
    }
    Ok(ExitCode::SUCCESS)
}
