//! `efrh export`: hand the findings on. `export qdpx`: a REFI-QDA project for NVivo,
//! ATLAS.ti, MAXQDA and QualCoder (built by [`efrh::export::qdpx`]). `export pages`: one row
//! per page with the document's metadata and the page text, the tidy shape R's
//! readtext/quanteda and pandas expect.
//!
//! Columns (`../shared/spec/cli.md`):
//! `id,title,nation,year,wave,level,authority,series,kind,publisher,page,page_label,text`
//! (`page_label` is an extension: the printed page number, empty where unknown), then one
//! `var:NAME` column per document variable.

use super::select::{self, SelectArgs};
use efrh::corpus::Corpus;
use efrh::export::qdpx;
use efrh::lexicon::Lexicon;
use efrh::model::{Document, PageText, VarName};
use efrh::output::csv_io;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Export the corpus for other tools.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// A REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA or QualCoder: each document's
    /// text and PDF, one code per concept, every occurrence coded, the metadata as variables.
    Qdpx(QdpxArgs),
    /// One row per page: the document's metadata and the page's text (CSV or JSON).
    Pages(PagesArgs),
}

#[derive(Debug, clap::Args)]
pub struct QdpxArgs {
    /// The project file to write (replaced if it exists); must end in .qdpx.
    #[arg(long, value_name = "FILE.qdpx")]
    pub out: PathBuf,
    /// Lexicon file (TOML). Default: ./lexicons/efrh.toml if present, else the built-in one.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    #[command(flatten)]
    pub select: SelectArgs,
}

#[derive(Debug, clap::Args)]
pub struct PagesArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    /// Output format: csv or json.
    #[arg(long, value_enum, default_value = "csv", help_heading = select::OPTIONS)]
    pub format: PagesFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PagesFormat {
    Csv,
    Json,
}

/// The fixed columns of `export pages`; then one `var:NAME` column per variable any selected
/// document has (as `list` shows them).
pub const PAGE_COLUMNS: &[&str] = &[
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

/// One page of one document, in the order of `columns` (JSON values: numbers stay numbers,
/// a missing value is null in JSON and an empty field in CSV).
fn page_row(d: &Document, vars: &BTreeSet<&VarName>, page: usize, p: PageText) -> Vec<Value> {
    let m = &d.meta;
    let opt = |s: Option<&str>| s.map_or(Value::Null, Value::from);
    let mut row = vec![
        Value::from(d.id.to_string()),
        Value::from(m.title.as_str()),
        Value::from(m.nation.as_str()),
        Value::from(m.year.get()),
        m.wave.map_or(Value::Null, |w| Value::from(w.get())),
        Value::from(m.level.as_str()),
        opt(m.authority.as_ref().map(|a| a.as_str())),
        opt(m.series.as_ref().map(|x| x.as_str())),
        opt(m.kind.as_deref()),
        opt(m.publisher.as_deref()),
        Value::from(page),
        p.label.map_or(Value::Null, Value::from),
        Value::from(p.body),
    ];
    row.extend(vars.iter().map(|v| opt(m.vars.get(*v).map(String::as_str))));
    row
}

/// Where `export pages` writes: rows go out as they are made, one document at a time, so the
/// export of a large corpus holds one document's pages in memory.
enum PageSink<'a, W: Write> {
    Csv(Box<csv::Writer<W>>),
    Json {
        out: W,
        columns: &'a [String],
        first: bool,
    },
}

impl<'a, W: Write> PageSink<'a, W> {
    fn new(format: PagesFormat, out: W, columns: &'a [String]) -> std::io::Result<Self> {
        match format {
            PagesFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(columns).map_err(csv_io)?;
                Ok(PageSink::Csv(Box::new(w)))
            }
            PagesFormat::Json => Ok(PageSink::Json {
                out,
                columns,
                first: true,
            }),
        }
    }

    fn row(&mut self, row: Vec<Value>) -> std::io::Result<()> {
        match self {
            PageSink::Csv(w) => {
                let fields = row.into_iter().map(|v| match v {
                    Value::Null => String::new(),
                    Value::String(s) => s,
                    other => other.to_string(),
                });
                w.write_record(fields).map_err(csv_io)
            }
            PageSink::Json {
                out,
                columns,
                first,
            } => {
                // Written by hand so the keys keep the column order (a JSON map sorts them).
                out.write_all(if *first { b"[\n  {" } else { b",\n  {" })?;
                *first = false;
                for (i, (column, value)) in columns.iter().zip(&row).enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *out, column)?;
                    out.write_all(b":")?;
                    serde_json::to_writer(&mut *out, value)?;
                }
                out.write_all(b"}")
            }
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            PageSink::Csv(mut w) => w.flush(),
            PageSink::Json { mut out, first, .. } => {
                out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
                out.flush()
            }
        }
    }
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Qdpx(a) => export_qdpx(config, a),
        What::Pages(a) => pages(config, a),
    }
}

fn export_qdpx(config: &efrh::Config, args: QdpxArgs) -> anyhow::Result<ExitCode> {
    let is_qdpx = args
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("qdpx"));
    if !is_qdpx || args.out.is_dir() {
        return Err(efrh::Error::Usage(format!(
            "--out {}: give a file name ending in .qdpx (QDA tools open only those), e.g. \
             --out project.qdpx",
            args.out.display()
        ))
        .into());
    }
    let lexicon = Lexicon::resolve(args.lexicon.as_deref())?;
    let corpus = Corpus::open(&config.corpus)?;
    let selection = args.select.selection();
    let docs = select::documents(&corpus, &selection, config.quiet);
    // Named after the corpus, not the output file, so two exports of one corpus are equal.
    let name = std::fs::canonicalize(&config.corpus)
        .ok()
        .and_then(|p| p.file_name().map(|s| s.to_string_lossy().into_owned()))
        .map_or_else(|| "efrh".to_string(), |c| format!("efrh: {c}"));
    let project = qdpx::Project {
        lexicon: &lexicon,
        version: env!("CARGO_PKG_VERSION"),
        name,
        selection: selection.describe(),
    };
    let bar = select::progress_bar(config, docs.len() as u64, "exporting");
    let summary = qdpx::write(&corpus, &docs, &project, &args.out, &|| bar.inc(1))?;
    bar.finish_and_clear();
    for (id, why) in &summary.failed {
        eprintln!("error: {id}: {why}");
    }
    if !config.quiet {
        if !summary.no_text.is_empty() {
            eprintln!(
                "note: {} document(s) have no text layer (scans that need OCR) and are left out; \
                 `efrh list` names them",
                summary.no_text.len()
            );
        }
        eprintln!(
            "wrote {}: {} document(s), {} coded occurrence(s)",
            args.out.display(),
            summary.documents,
            summary.codings
        );
    }
    Ok(select::exit_code(
        summary.failed.len(),
        " and are not in the project",
    ))
}

fn pages(config: &efrh::Config, args: PagesArgs) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::open(&config.corpus)?;
    let docs = select::documents(&corpus, &args.select.selection(), config.quiet);
    let vars: BTreeSet<&VarName> = docs.iter().flat_map(|d| d.meta.vars.keys()).collect();
    let mut columns: Vec<String> = PAGE_COLUMNS.iter().map(|c| c.to_string()).collect();
    columns.extend(vars.iter().map(|v| format!("var:{v}")));
    let mut sink = PageSink::new(
        args.format,
        std::io::BufWriter::new(std::io::stdout().lock()),
        &columns,
    )?;
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
            sink.row(page_row(d, &vars, i + 1, p))?;
        }
    }
    sink.finish()?;
    if failed > 0 {
        eprintln!("error: {failed} document(s) could not be read; run `efrh check`");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
