//! `efrh cooccur`: concepts that appear together in one sentence, paragraph or page.
//!
//! Columns (`../shared/spec/cli.md`):
//! `concept_a,concept_b,windows_a,windows_b,windows_both,documents_both,jaccard`, one row per
//! unordered pair found together at least once, `concept_a` < `concept_b` by id, rows in that
//! order. Windows come from [`efrh::segment`] (sentences, paragraphs) or are pages (an
//! occurrence belongs to the page where it starts, as in `kwic`); counting is
//! [`efrh::cooccur`].

use super::select::{self, ReadArgs};
use efrh::analysis;
use efrh::cooccur::{place, Tally, Window};
use efrh::corpus::Corpus;
use efrh::lexicon::Lexicon;
use efrh::matcher::Matcher;
use efrh::output::print_rows;
use efrh::segment::Segments;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// Concepts of the lexicon that appear together in one sentence, paragraph or page.
///
/// `windows_a`, `windows_b`: windows holding the concept; `windows_both`: windows holding
/// both; `documents_both`: documents with such a window; `jaccard` = windows_both /
/// (windows_a + windows_b - windows_both). Sentences and paragraphs are read from the
/// layout of the stored text (bullets, numbered paragraphs, headings, short last lines).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Lexicon file (TOML). Default: ./lexicons/efrh.toml if present, else the built-in one.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// The window two concepts must share: sentence, paragraph or page.
    #[arg(long, default_value = "paragraph")]
    pub window: Window,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// One pair of concepts.
#[derive(Debug, Serialize)]
pub struct Row {
    pub concept_a: String,
    pub concept_b: String,
    pub windows_a: u64,
    pub windows_b: u64,
    pub windows_both: u64,
    pub documents_both: u64,
    pub jaccard: f64,
}

impl Row {
    pub const COLUMNS: &'static [&'static str] = &[
        "concept_a",
        "concept_b",
        "windows_a",
        "windows_b",
        "windows_both",
        "documents_both",
        "jaccard",
    ];
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let lexicon = Lexicon::resolve(args.lexicon.as_deref())?;
    let matcher = Matcher::try_new(&lexicon)?;
    let corpus = Corpus::open(&config.corpus)?;
    let n = lexicon.concepts().len();
    let window = args.window;
    let docs = select::documents(&corpus, &args.read.select.selection(), config.quiet);
    let pass = select::with_progress(config, docs.len(), "reading", |tick| {
        analysis::each_document(&corpus, &docs, &matcher, tick, |_, text, occ| {
            let segments = match window {
                Window::Page => Segments::default(),
                _ => Segments::of_doc(text),
            };
            let mut tally = Tally::new(n);
            tally.add_document(&mut place(window, &segments, &occ));
            tally
        })
    });
    let failed = pass.failed.len();
    let tally = pass
        .results
        .into_iter()
        .fold(Tally::new(n), |a, b| a.merge(b));
    let id = |i: usize| select::concept_id(&lexicon, i);
    let rows: Vec<Row> = tally
        .pairs(id)
        .into_iter()
        .map(|p| Row {
            concept_a: id(p.concept_a),
            concept_b: id(p.concept_b),
            windows_a: p.windows_a,
            windows_b: p.windows_b,
            windows_both: p.windows_both,
            documents_both: p.documents_both,
            jaccard: round4(p.jaccard),
        })
        .collect();
    print_rows(args.read.format, Row::COLUMNS, &rows)?;
    Ok(select::exit_code(failed, " and are not counted"))
}

/// `x` rounded to 4 decimals (shown and compared without float noise).
pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
