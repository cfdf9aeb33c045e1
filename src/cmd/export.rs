//! `efrh export`: hand the findings on. `export qdpx`: a REFI-QDA project for NVivo,
//! ATLAS.ti, MAXQDA and QualCoder (built by [`efrh::export::qdpx`]). `export pages`: one row
//! per page with the document's metadata and the page text, the tidy shape R's
//! readtext/quanteda and pandas expect.
//!
//! Columns (`../shared/spec/cli.md`):
//! `id,title,nation,year,wave,level,authority,series,kind,publisher,page,page_label,text`
//! (`page_label` is an extension: the printed page number, empty where unknown).

use super::select::{self, SelectArgs};
use efrh::corpus::Corpus;
use efrh::export::qdpx;
use efrh::lexicon::Lexicon;
use efrh::output::{write_rows, Format};
use serde::Serialize;
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
                level: d.meta.level.as_str(),
                authority: d.meta.authority.as_ref().map(|a| a.as_str()),
                series: d.meta.series.as_ref().map(|x| x.as_str()),
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
