//! `efrh count`: term uptake — occurrences of each lexicon concept, per document or per group.
//!
//! Reads the stored page texts, matches them with the lexicon given (rules 1–5), aggregates
//! and prints. Columns (`../shared/spec/cli.md`):
//! - `--by document`: `id,title,nation,year,wave,concept,count,words`;
//! - grouped: `<group columns>,concept,documents,documents_mentioning,count,words,per_10k_words`
//!   ([`efrh::aggregate::GroupRow`], the same rows the report writes beside its charts).
//!
//! The pass is [`efrh::analysis::count`] over the selected documents; grouping is
//! [`efrh::aggregate`]. A document whose stored text cannot be read is named on stderr, left
//! out of the counts, and the exit code is 1.

use super::select::{self, ReadArgs};
use efrh::aggregate::{aggregate, GroupBy, GroupKey, GroupRow};
use efrh::analysis;
use efrh::corpus::Corpus;
use efrh::lexicon::Lexicon;
use efrh::matcher::Matcher;
use efrh::output::{print_rows, write_rows, Format};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// Count occurrences of each concept of a lexicon in every document (term uptake).
///
/// Rows include zero counts. Grouped rows add `documents` (in the group),
/// `documents_mentioning` (at least once), `words` and `per_10k_words`. Documents without a
/// text layer (scans that need OCR) are left out of every row: a document without words is no
/// evidence that a concept is absent. The lexicon used and its SHA-256 are printed on stderr:
/// cite them with the counts.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Lexicon file (TOML). Default: ./lexicons/efrh.toml if present, else the built-in one.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// One row per document (default); per group: a comma list of nation, year, wave, kind,
    /// publisher (e.g. `nation,year`); or `term`: which of each concept's terms and acronyms
    /// carry its count.
    #[arg(long, value_name = "GROUPING", default_value = "document")]
    pub by: By,
    /// Only these concepts (by id; repeat the flag or separate with commas).
    #[arg(long = "concept", value_name = "ID", value_delimiter = ',')]
    pub concepts: Vec<String>,
    #[command(flatten)]
    pub read: ReadArgs,
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
    let docs = select::documents(&corpus, &args.read.select.selection(), config.quiet);
    let format = args.read.format;
    let by = match args.by {
        By::Term => return by_term(config, &corpus, &docs, &lexicon, &matcher, format),
        By::Group(by) => by,
    };
    let pass = select::with_progress(config, docs.len(), "counting", |tick| {
        analysis::count(&corpus, &docs, &matcher, tick)
    });

    let groups = aggregate(&pass.documents, &pass.results, matcher.concepts(), &by);
    let concept_id = |i: usize| select::concept_id(&lexicon, i);
    let out = &mut std::io::stdout().lock();
    match &by {
        GroupBy::Document => {
            let rows: Vec<DocRow> = groups
                .iter()
                .filter_map(|g| match g.key {
                    GroupKey::Document(i) => pass.documents.get(i).map(|d| DocRow {
                        id: d.id.to_string(),
                        title: d.meta.title.clone(),
                        nation: d.meta.nation.as_str(),
                        year: d.meta.year.get(),
                        wave: d.meta.wave.map(|w| w.get()),
                        concept: concept_id(g.concept),
                        count: g.count,
                        words: g.words,
                    }),
                    _ => None,
                })
                .collect();
            write_rows(out, format, DocRow::COLUMNS, &rows)?;
        }
        by => {
            let rows: Vec<GroupRow> = groups
                .iter()
                .filter_map(|g| GroupRow::new(g, by, concept_id(g.concept)))
                .collect();
            write_rows(out, format, &GroupRow::columns(by), &rows)?;
        }
    }
    Ok(select::exit_code(pass.failed.len(), " and are not counted"))
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

/// What `--by` asks for: a grouping of documents, or the variants of each concept.
#[derive(Debug, Clone)]
pub enum By {
    Group(GroupBy),
    Term,
}

impl std::str::FromStr for By {
    type Err = String;
    fn from_str(s: &str) -> Result<By, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "term" | "terms" | "variant" => Ok(By::Term),
            _ => s
                .parse()
                .map(By::Group)
                .map_err(|e: String| format!("{e}, or term")),
        }
    }
}

/// A `--by term` row: how much of a concept's count one variant carries.
#[derive(Debug, Serialize)]
pub struct TermRow {
    pub concept: String,
    pub term: String,
    pub count: u64,
    pub documents_mentioning: u64,
}

impl TermRow {
    pub const COLUMNS: &'static [&'static str] =
        &["concept", "term", "count", "documents_mentioning"];
}

/// `count --by term`: one row per (concept, variant as the lexicon lists it), zeros included.
fn by_term(
    config: &efrh::Config,
    corpus: &Corpus,
    docs: &[&efrh::model::Document],
    lexicon: &Lexicon,
    matcher: &Matcher,
    format: Format,
) -> anyhow::Result<ExitCode> {
    // Per document: occurrences of each (concept, variant).
    let offsets: Vec<usize> = lexicon
        .concepts()
        .iter()
        .scan(0, |acc, c| {
            let at = *acc;
            *acc += c.variants();
            Some(at)
        })
        .collect();
    let slots: usize = lexicon.concepts().iter().map(|c| c.variants()).sum();
    let pass = select::with_progress(config, docs.len(), "counting", |tick| {
        analysis::each_document(corpus, docs, matcher, tick, |_, _, occ| {
            let mut n = vec![0u64; slots];
            for o in occ {
                if let Some(slot) = offsets.get(o.concept).and_then(|at| n.get_mut(at + o.term)) {
                    *slot += 1;
                }
            }
            n
        })
    });
    let mut rows = Vec::with_capacity(slots);
    for (c, concept) in lexicon.concepts().iter().enumerate() {
        for t in 0..concept.variants() {
            let slot = offsets.get(c).map_or(usize::MAX, |at| at + t);
            let per_doc = pass
                .results
                .iter()
                .map(|n| n.get(slot).copied().unwrap_or(0));
            rows.push(TermRow {
                concept: concept.id.clone(),
                term: concept.variant(t).unwrap_or_default().to_string(),
                count: per_doc.clone().sum(),
                documents_mentioning: per_doc.filter(|&k| k > 0).count() as u64,
            });
        }
    }
    print_rows(format, TermRow::COLUMNS, &rows)?;
    Ok(select::exit_code(pass.failed.len(), " and are not counted"))
}
