//! `efrh kwic`: keyword in context — every occurrence of a concept (or of an ad-hoc phrase,
//! matched with the same rules) with its left and right context, the page it starts on, and
//! the document's title, nation and year.
//!
//! Columns (`../shared/spec/cli.md`): `id,title,nation,year,page,page_label,concept,left,match,right`,
//! then `ocr`: `true` when the page had no text layer and was read by OCR (`add --ocr`), so
//! the line may hold OCR errors.
//! Rows are in catalogue order, then text order. Pages are numbered from 1 as a reader of the
//! PDF counts them (rule 5: the page where the occurrence starts). `match` is the matched
//! words as a reader sees them: a line that broke inside them is joined again
//! ([`efrh::matcher::as_read`]).

use super::select::{self, QueryArgs, ReadArgs};
use efrh::analysis::{self, Quote};
use efrh::corpus::Corpus;
use efrh::matcher::Matcher;
use efrh::output::print_rows;
use serde::Serialize;
use std::process::ExitCode;

/// Show every occurrence of a concept or phrase in context, with its page.
///
/// The argument is a concept id of the lexicon (e.g. `county-lines`); anything else is taken
/// as a phrase, matched like a lexicon term (case-insensitive, whole words, any spaces,
/// hyphens or line breaks between words). `page` counts PDF pages from 1; `page_label` is the
/// page number printed on that page, the one to cite (empty where unknown).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub what: QueryArgs,
    /// Characters of context on each side.
    #[arg(long, default_value_t = 40)]
    pub width: usize,
    /// Left and right context are the rest of the sentence (instead of --width characters).
    #[arg(long)]
    pub sentence: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// One keyword-in-context row.
#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub nation: &'static str,
    pub year: u16,
    pub page: u32,
    pub page_label: Option<String>,
    pub concept: String,
    pub left: String,
    #[serde(rename = "match")]
    pub matched: String,
    pub right: String,
    /// The page was read by OCR (its text may hold OCR errors).
    pub ocr: bool,
}

impl Row {
    pub const COLUMNS: &'static [&'static str] =
        &select::page_columns::<5, 11>(["concept", "left", "match", "right", "ocr"]);
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let query = args.what.query();
    let lexicon = args.what.lexicon()?;
    let concept = select::concept_id(&lexicon, 0);
    let matcher = Matcher::try_new(&lexicon)?;
    let corpus = Corpus::open(&config.corpus)?;
    let docs = select::documents(&corpus, &args.read.select.selection(), config.quiet);
    let width = args.width;
    let sentence = args.sentence;
    let pass = select::with_progress(config, docs.len(), "searching", |tick| {
        analysis::each_document(&corpus, &docs, &matcher, tick, |d, text, occ| {
            let segments = sentence.then(|| efrh::segment::Segments::of_doc(text));
            occ.iter()
                .map(|o| {
                    let q = Quote::new(text, o, &lexicon, width);
                    let (left, right) = match &segments {
                        Some(seg) => seg.sentence_context(text.text(), o.doc_start, o.doc_end),
                        None => (q.left, q.right),
                    };
                    Row {
                        id: d.id.to_string(),
                        title: d.meta.title.clone(),
                        nation: d.meta.nation.as_str(),
                        year: d.meta.year.get(),
                        page: q.page,
                        page_label: q.page_label,
                        concept: concept.clone(),
                        left,
                        matched: q.matched,
                        right,
                        ocr: d.quality.ocr_pages.contains(&o.page),
                    }
                })
                .collect::<Vec<Row>>()
        })
    });
    let rows: Vec<Row> = pass.results.into_iter().flatten().collect();
    if rows.is_empty() && !docs.is_empty() && !config.quiet {
        eprintln!(
            "note: no occurrence of '{query}' in the {} document(s) read",
            pass.documents.len()
        );
    }
    print_rows(args.read.format, Row::COLUMNS, &rows)?;
    Ok(select::exit_code(pass.failed.len(), ""))
}
