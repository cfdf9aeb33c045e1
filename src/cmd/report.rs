//! `efrh report`: the analysis report (HTML with every chart, tables and provenance).

use super::select::{self, SelectArgs};
use efrh::corpus::Corpus;
use efrh::lexicon::Lexicon;
use efrh::report::{self, Depth};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Write the analysis report (HTML) and its charts.
///
/// `DIR/report.html` is self-contained (opens offline) and holds the corpus at a glance,
/// uptake over time, the harms profile, first appearances, the first analysis against the
/// update, lines in context to cite, national and local uptake (by level, nation and
/// authority), each series' editions and what they added, how the approaches are talked about
/// (harms in the same paragraph, collocates by wave), and the lexicon and hashes needed to
/// reproduce it. Every
/// chart is also written as `DIR/charts/*.svg` and `DIR/charts/*.png`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Lexicon file (TOML). Default: ./lexicons/efrh.toml if present, else the built-in one.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Folder to write into (created if missing).
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    #[command(flatten)]
    select: SelectArgs,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::open(&config.corpus)?;
    let lexicon = Lexicon::resolve(args.lexicon.as_deref())?;
    prepare_out(&args.out)?;
    let mut analysis = analyse(config, &corpus, &args.select, &lexicon, Depth::Report)?;
    analysis.audits = report::rigour::audits(&corpus, &lexicon);
    for (file, why) in &analysis.audits.problems {
        eprintln!(
            "warning: audits/{file} could not be scored and is left out of the report: {why}"
        );
    }
    let provenance = report::Provenance::new(&corpus, &lexicon);
    let written = report::write_report(&args.out, &analysis, &lexicon, &provenance)?;
    if !config.quiet {
        eprintln!(
            "wrote {} ({} documents) and {} chart files in {}",
            written.html.display(),
            analysis.counts.docs.len(),
            written.charts.len(),
            args.out.join("charts").display()
        );
    }
    Ok(if analysis.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "{} document(s) could not be read and are left out of the report",
            analysis.failed.len()
        );
        ExitCode::from(1)
    })
}

/// The report's analysis of the selected documents (shared with `chart`), with a progress bar
/// and the documents left out named on stderr.
pub(super) fn analyse(
    config: &efrh::Config,
    corpus: &Corpus,
    select: &SelectArgs,
    lexicon: &Lexicon,
    depth: Depth,
) -> anyhow::Result<report::Analysis> {
    let docs = select::documents(corpus, &select.selection(), config.quiet);
    let bar = select::progress_bar(config, docs.len() as u64, "analysing");
    let analysis = report::analyse(corpus, &docs, lexicon, depth, &|| bar.inc(1))?;
    bar.finish_and_clear();
    for (id, err) in &analysis.failed {
        eprintln!("error: {id}: {err}");
    }
    if !analysis.no_text.is_empty() && !config.quiet {
        eprintln!(
            "note: {} document(s) have no text layer (scans that need OCR) and are left out of \
             every figure; `efrh reindex --ocr` reads them (needs tesseract)",
            analysis.no_text.len()
        );
    }
    if !analysis.other_language.is_empty() && !config.quiet {
        eprintln!(
            "note: {} document(s) have text but none in the lexicon's language and are left out \
             of every figure; `efrh list` shows their languages",
            analysis.other_language.len()
        );
    }
    Ok(analysis)
}

/// Create `DIR/charts` before any work, and when that is impossible say which folder could
/// not be created, in which, and why (not a bare OS error).
fn prepare_out(out: &Path) -> Result<(), efrh::Error> {
    let charts = out.join("charts");
    let Err(e) = std::fs::create_dir_all(&charts) else {
        return Ok(());
    };
    // The first folder on the way that does not exist yet is the one that could not be made.
    let mut missing = charts.as_path();
    while let Some(parent) = missing.parent().filter(|p| !p.as_os_str().is_empty()) {
        if parent.is_dir() {
            break;
        }
        missing = parent;
    }
    let parent = missing
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let blocking_file = std::iter::successors(Some(charts.as_path()), |p| p.parent())
        .find(|p| p.exists() && !p.is_dir());
    let why = match (blocking_file, e.kind()) {
        (Some(file), _) => format!("{} is a file, not a folder ({e})", file.display()),
        (None, std::io::ErrorKind::PermissionDenied) => {
            format!(
                "permission denied: you may not create folders in {}",
                parent.display()
            )
        }
        (None, std::io::ErrorKind::ReadOnlyFilesystem) => {
            format!("{} is on a read-only file system", parent.display())
        }
        (None, std::io::ErrorKind::NotFound) if parent.is_dir() => {
            format!("{} does not allow new folders ({e})", parent.display())
        }
        (None, _) => e.to_string(),
    };
    Err(efrh::Error::Usage(format!(
        "cannot write the report to {}: could not create the folder {}: {why}; choose \
         another folder with --out DIR",
        out.display(),
        missing.display()
    )))
}
