//! `efrh compare`: two disjoint sets of documents, per concept — shares of documents
//! mentioning it, Fisher's exact p-value, and the ratio of rates per 10,000 words with its 95%
//! interval.
//!
//! Columns (`../shared/spec/cli.md`): `concept,a_documents,a_mentioning,a_share,b_documents,
//! b_mentioning,b_share,share_diff,p_value,a_per_10k,b_per_10k,rate_ratio,rate_ratio_low,
//! rate_ratio_high`. A figure that is undefined is empty (CSV, table) or null (JSON): no share
//! or p-value for an empty set, no rate ratio where a count is 0.
//!
//! The sets are [`efrh::analysis::Selection`]s written as `field:value` lists; one pass of
//! [`efrh::analysis::count`] reads the union; [`efrh::stats::compare`] does the rest.

use super::select;
use efrh::aggregate::Rate;
use efrh::analysis::{self, Selection};
use efrh::corpus::Corpus;
use efrh::lexicon::Lexicon;
use efrh::matcher::Matcher;
use efrh::model::{DocId, Document};
use efrh::output::{print_rows, Format};
use efrh::stats::{self, SetCounts};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

/// Compare two sets of documents (e.g. the 2020 analysis and its 2022 update), per concept.
///
/// Each set is a comma list of `field:value` filters (nation, year, wave, kind, publisher),
/// e.g. `--a wave:2020 --b wave:2022` or `--a year:2010-2017 --b year:2018-2024,nation:wales`.
/// The sets must not share a document. `p_value` is two-sided Fisher's exact test on documents
/// mentioning / not mentioning the concept (as R's fisher.test); `rate_ratio` is b's rate per
/// 10,000 words over a's, with a 95% interval (Poisson, log method). Testing many concepts at
/// once, expect about one in twenty to show p < 0.05 by chance alone.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The first set: field:value filters separated by commas (e.g. wave:2020).
    #[arg(long = "a", value_name = "FILTERS")]
    pub a: String,
    /// The second set, compared against the first (e.g. wave:2022).
    #[arg(long = "b", value_name = "FILTERS")]
    pub b: String,
    /// Lexicon file (TOML). Default: ./lexicons/efrh.toml if present, else the built-in one.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Only these concepts (by id; repeat the flag or separate with commas).
    #[arg(long = "concept", value_name = "ID", value_delimiter = ',')]
    pub concepts: Vec<String>,
    /// Output format: table, csv or json.
    #[arg(long, default_value = "table")]
    pub format: Format,
}

/// One row per concept.
#[derive(Debug, Serialize)]
pub struct Row {
    pub concept: String,
    pub a_documents: u64,
    pub a_mentioning: u64,
    pub a_share: Option<f64>,
    pub b_documents: u64,
    pub b_mentioning: u64,
    pub b_share: Option<f64>,
    pub share_diff: Option<f64>,
    pub p_value: Option<f64>,
    /// 3 fixed decimals in CSV and tables, as every rate (`aggregate::Rate`).
    pub a_per_10k: Option<Rate>,
    pub b_per_10k: Option<Rate>,
    pub rate_ratio: Option<f64>,
    pub rate_ratio_low: Option<f64>,
    pub rate_ratio_high: Option<f64>,
}

impl Row {
    pub const COLUMNS: &'static [&'static str] = &[
        "concept",
        "a_documents",
        "a_mentioning",
        "a_share",
        "b_documents",
        "b_mentioning",
        "b_share",
        "share_diff",
        "p_value",
        "a_per_10k",
        "b_per_10k",
        "rate_ratio",
        "rate_ratio_low",
        "rate_ratio_high",
    ];

    fn new(concept: String, a: &SetCounts, b: &SetCounts) -> Row {
        let c = stats::compare(a, b);
        let r4 = |x: Option<f64>| x.map(|v| (v * 10_000.0).round() / 10_000.0);
        Row {
            concept,
            a_documents: a.documents,
            a_mentioning: a.mentioning,
            a_share: r4(c.a_share),
            b_documents: b.documents,
            b_mentioning: b.mentioning,
            b_share: r4(c.b_share),
            share_diff: r4(c.share_diff),
            // unrounded: a small p-value is a finding, not noise
            p_value: c.p_value,
            a_per_10k: c.a_per_10k.map(Rate),
            b_per_10k: c.b_per_10k.map(Rate),
            rate_ratio: r4(c.rate_ratio.map(|r| r.0)),
            rate_ratio_low: r4(c.rate_ratio.map(|r| r.1)),
            rate_ratio_high: r4(c.rate_ratio.map(|r| r.2)),
        }
    }
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let sel_a = Selection::from_filters(&args.a)?;
    let sel_b = Selection::from_filters(&args.b)?;
    let mut lexicon = Lexicon::resolve(args.lexicon.as_deref())?;
    if !args.concepts.is_empty() {
        lexicon = lexicon.select(&args.concepts)?;
    }
    let corpus = Corpus::open(&config.corpus)?;
    let docs_a = sel_a.apply(corpus.documents());
    let docs_b = sel_b.apply(corpus.documents());
    refuse_overlap(&docs_a, &docs_b, &sel_a, &sel_b)?;
    if !config.quiet {
        eprintln!(
            "lexicon: {} (sha256 {})",
            lexicon.origin(),
            lexicon.sha256()
        );
        for (name, sel, docs) in [("a", &sel_a, &docs_a), ("b", &sel_b, &docs_b)] {
            if docs.is_empty() {
                eprintln!(
                    "note: set {name} ({}) selects no document: its shares, the p-values and \
                     rate ratios are left empty",
                    sel.describe()
                );
            }
        }
    }
    let matcher = Matcher::try_new(&lexicon)?;
    let union: Vec<&Document> = docs_a.iter().chain(&docs_b).copied().collect();
    let pass = select::with_progress(config, union.len(), "counting", |tick| {
        analysis::count(&corpus, &union, &matcher, tick)
    });

    let in_a: BTreeSet<&DocId> = docs_a.iter().map(|d| &d.id).collect();
    let rows: Vec<Row> = lexicon
        .concepts()
        .iter()
        .enumerate()
        .map(|(c, concept)| {
            let of = |want_a: bool| {
                SetCounts::of(
                    pass.iter()
                        .filter(|(d, _)| in_a.contains(&d.id) == want_a)
                        .map(|(d, counts)| (d.words, counts.get(c).copied().unwrap_or(0))),
                )
            };
            Row::new(concept.id.clone(), &of(true), &of(false))
        })
        .collect();
    print_rows(args.format, Row::COLUMNS, &rows)?;
    if !config.quiet && rows.len() > 1 {
        eprintln!("note: {}", stats::multiple_comparison_note(rows.len()));
    }
    if !pass.failed.is_empty() {
        return Ok(super::select::exit_code(
            pass.failed.len(),
            " and are not counted",
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Sets that share a document would compare a document with itself: refused (exit 2), naming
/// the shared documents (the first 20, then how many more).
fn refuse_overlap(
    a: &[&Document],
    b: &[&Document],
    sel_a: &Selection,
    sel_b: &Selection,
) -> efrh::Result<()> {
    let ids_b: BTreeSet<&DocId> = b.iter().map(|d| &d.id).collect();
    let shared: Vec<&&Document> = a.iter().filter(|d| ids_b.contains(&d.id)).collect();
    if shared.is_empty() {
        return Ok(());
    }
    const SHOWN: usize = 20;
    let mut names: Vec<String> = shared
        .iter()
        .take(SHOWN)
        .map(|d| format!("{} ({})", d.id, d.meta.title))
        .collect();
    if shared.len() > SHOWN {
        names.push(format!("and {} more", shared.len() - SHOWN));
    }
    Err(efrh::Error::Usage(format!(
        "the two sets share {} document(s): {}. Make --a ({}) and --b ({}) disjoint, e.g. by \
         adding a filter that tells them apart (wave:, year:, nation:)",
        shared.len(),
        names.join("; "),
        sel_a.describe(),
        sel_b.describe()
    )))
}
