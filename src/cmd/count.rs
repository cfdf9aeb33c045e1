//! `efrh count`: term uptake — occurrences of each lexicon concept, per document or per group.
//!
//! Reads the stored page texts, matches them with the lexicon given (rules 1–5), aggregates
//! and prints. Columns (`../shared/spec/cli.md`):
//! - `--by document`: `id,title,nation,year,wave,concept,count,words`;
//! - grouped: `<group columns>,concept,documents,documents_mentioning,count,words,per_10k_words`.
//!
//! A document whose stored text cannot be read is named on stderr, left out of the counts,
//! and the exit code is 1.

use efrh::aggregate::{aggregate, GroupBy, GroupCount, GroupKey};
use efrh::corpus::Corpus;
use efrh::lexicon::Lexicon;
use efrh::matcher::{count_corpus_with, Matcher};
use efrh::model::Document;
use efrh::output::{write_rows, Format};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// Count occurrences of each concept of a lexicon in every document (term uptake).
///
/// Rows include zero counts. Grouped rows add `documents` (in the group),
/// `documents_mentioning` (at least once), `words` and `per_10k_words`. The lexicon used and
/// its SHA-256 are printed on stderr: cite them with the counts.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Lexicon file (TOML). Default: ./lexicons/efrh.toml if present, else the built-in one.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// One row per document (default) or per nation, year, nation,year or wave.
    #[arg(long, value_name = "GROUPING", default_value = "document")]
    pub by: GroupBy,
    /// Only these concepts (by id; repeat the flag or separate with commas).
    #[arg(long = "concept", value_name = "ID", value_delimiter = ',')]
    pub concepts: Vec<String>,
    /// Output format: table, csv or json.
    #[arg(long, default_value = "table")]
    pub format: Format,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let mut lexicon = Lexicon::resolve(args.lexicon.as_deref())?;
    if !args.concepts.is_empty() {
        lexicon = lexicon.select(&args.concepts)?;
    }
    let corpus = Corpus::open(&config.corpus)?;
    if !config.quiet {
        eprintln!(
            "lexicon: {} (sha256 {})",
            lexicon.origin(),
            lexicon.sha256()
        );
    }
    let matcher = Matcher::try_new(&lexicon)?;
    let bar = progress_bar(config, corpus.documents().len() as u64, "counting");
    let results = count_corpus_with(&corpus, &matcher, &|| bar.inc(1));
    bar.finish_and_clear();

    let mut documents: Vec<Document> = Vec::with_capacity(results.len());
    let mut counts: Vec<Vec<u64>> = Vec::with_capacity(results.len());
    let mut failed = 0usize;
    for (doc, result) in corpus.documents().iter().zip(results) {
        match result.1 {
            Ok(c) => {
                documents.push(doc.clone());
                counts.push(c);
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }

    let no_text = documents
        .iter()
        .filter(|d| d.quality.needs_ocr(d.pages))
        .count();
    if no_text > 0 && !config.quiet {
        eprintln!(
            "note: {no_text} document(s) have no text layer (scans that need OCR) and count 0 \
             words and 0 mentions; `efrh list` names them"
        );
    }
    let groups = aggregate(&documents, &counts, matcher.concepts(), args.by);
    let out = &mut std::io::stdout().lock();
    let concept_id = |g: &GroupCount| {
        lexicon
            .concepts()
            .get(g.concept)
            .map(|c| c.id.clone())
            .unwrap_or_default()
    };
    match args.by {
        GroupBy::Document => {
            let rows: Vec<DocRow> = groups
                .iter()
                .filter_map(|g| match g.key {
                    GroupKey::Document(i) => documents.get(i).map(|d| DocRow {
                        id: d.id.to_string(),
                        title: d.meta.title.clone(),
                        nation: d.meta.nation.as_str(),
                        year: d.meta.year.get(),
                        wave: d.meta.wave.map(|w| w.get()),
                        concept: concept_id(g),
                        count: g.count,
                        words: g.words,
                    }),
                    _ => None,
                })
                .collect();
            write_rows(out, args.format, DocRow::COLUMNS, &rows)?;
        }
        by => {
            let rows: Vec<GroupRow> = groups
                .iter()
                .map(|g| GroupRow::new(g, concept_id(g)))
                .collect();
            write_rows(out, args.format, &GroupRow::columns(by), &rows)?;
        }
    }
    if failed > 0 {
        eprintln!(
            "error: {failed} document(s) could not be read and are not counted; run `efrh check`"
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on stderr when it is a terminal and not `--quiet` (hidden otherwise).
pub(crate) fn progress_bar(config: &efrh::Config, len: u64, what: &str) -> indicatif::ProgressBar {
    if !config.progress {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} documents")
    {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}

/// A `--by document` row.
#[derive(Debug, Serialize)]
pub struct DocRow {
    pub id: String,
    pub title: String,
    pub nation: &'static str,
    pub year: u16,
    pub wave: Option<u16>,
    pub concept: String,
    pub count: u64,
    pub words: u64,
}

impl DocRow {
    pub const COLUMNS: &'static [&'static str] = &[
        "id", "title", "nation", "year", "wave", "concept", "count", "words",
    ];
}

/// A grouped row: the group columns present are exactly those of the grouping (absent ones
/// are skipped when serialising).
#[derive(Debug, Serialize)]
pub struct GroupRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nation: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// `Some(None)`: the group of documents without a wave (empty in CSV, null in JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wave: Option<Option<u16>>,
    pub concept: String,
    pub documents: u64,
    pub documents_mentioning: u64,
    pub count: u64,
    pub words: u64,
    pub per_10k_words: f64,
}

impl GroupRow {
    fn new(g: &GroupCount, concept: String) -> GroupRow {
        let (nation, year, wave) = match g.key {
            GroupKey::Nation(n) => (Some(n.as_str()), None, None),
            GroupKey::Year(y) => (None, Some(y.get()), None),
            GroupKey::NationYear(n, y) => (Some(n.as_str()), Some(y.get()), None),
            GroupKey::Wave(w) => (None, None, Some(w.wave().map(|w| w.get()))),
            GroupKey::Document(_) => (None, None, None),
        };
        GroupRow {
            nation,
            year,
            wave,
            concept,
            documents: g.documents,
            documents_mentioning: g.documents_mentioning,
            count: g.count,
            words: g.words,
            per_10k_words: g.per_10k_words,
        }
    }

    fn columns(by: GroupBy) -> Vec<&'static str> {
        let mut cols: Vec<&'static str> = by.columns().to_vec();
        cols.extend([
            "concept",
            "documents",
            "documents_mentioning",
            "count",
            "words",
            "per_10k_words",
        ]);
        cols
    }
}
