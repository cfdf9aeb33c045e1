//! `efrh diff`: what changed between two documents, typically two editions of one series —
//! each concept's count and rate in A and B and how it moved (`new`, `dropped`, `up`, `down`,
//! `same`). Columns (`../shared/spec/cli.md`): `concept,count_a,count_b,per_10k_a,per_10k_b,change`.
//! `--passages`: the sentences that mention a concept and are in one edition only, columns
//! `change,concept,page,sentence` (sentences from `efrh::segment`, compared as `efrh::diff`
//! describes).

use efrh::corpus::Corpus;
use efrh::lexicon::Lexicon;
use efrh::matcher::Matcher;
use efrh::model::{Document, SeriesId, Year};
use efrh::output::{write_rows, Format};
use efrh::{diff, editions, Error};
use std::path::PathBuf;
use std::process::ExitCode;

/// Compare two documents, or two editions of a series, concept by concept.
///
/// `efrh diff ID_A ID_B`: two documents by id (a unique prefix of 4+ characters will do).
///
/// `efrh diff --series S --from YEAR --to YEAR`: the editions of series S in force in those
/// years (the latest published in or before each, by year then date, as --as-of).
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["ids", "series"])))]
pub struct Args {
    /// The two documents: A (the older, usually) and B.
    #[arg(value_name = "ID", num_args = 2)]
    ids: Vec<String>,
    /// A series id (as in `efrh list`): compare two of its editions.
    #[arg(long, requires_all = ["from", "to"], conflicts_with = "ids")]
    series: Option<SeriesId>,
    /// With --series: the year whose edition is A.
    #[arg(long, value_name = "YEAR", requires = "series")]
    from: Option<Year>,
    /// With --series: the year whose edition is B.
    #[arg(long, value_name = "YEAR", requires = "series")]
    to: Option<Year>,
    /// The sentences mentioning a concept that one edition has and the other lacks (change
    /// `added`: in B only, page in B; `removed`: in A only, page in A), instead of counts.
    #[arg(long)]
    passages: bool,
    /// Lexicon file (TOML). Default: ./lexicons/efrh.toml if present, else the built-in one.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// table, csv or json.
    #[arg(long, default_value = "table")]
    format: Format,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::open(&config.corpus)?;
    let (a, b) = match (&args.series, args.from, args.to) {
        (Some(series), Some(from), Some(to)) => editions_of(&corpus, series, from, to)?,
        _ => match args.ids.as_slice() {
            [a, b] => (corpus.resolve(a)?, corpus.resolve(b)?),
            _ => return Err(Error::Usage("diff takes two document ids".into()).into()),
        },
    };
    if args.series.is_none() && a.id == b.id {
        return Err(Error::Usage(format!(
            "both ids name the same document {}; give two different documents",
            a.id
        ))
        .into());
    }
    if !config.quiet {
        for (side, d) in [("A", a), ("B", b)] {
            eprintln!(
                "{side}: {} {:?} ({})",
                d.id,
                d.meta.title,
                editions::label(d)
            );
        }
    }
    let lexicon = Lexicon::resolve(args.lexicon.as_deref())?;
    let matcher = Matcher::try_new(&lexicon)?;
    let (pages_a, pages_b) = (corpus.load_pages(&a.id)?, corpus.load_pages(&b.id)?);
    let mut out = std::io::stdout().lock();
    if args.passages {
        let (side_a, side_b) = (
            diff::Edition::new(&matcher, &pages_a),
            diff::Edition::new(&matcher, &pages_b),
        );
        let rows = diff::passages(&lexicon, &side_a.side(), &side_b.side());
        if rows.is_empty() && !config.quiet {
            eprintln!("note: no sentence mentioning a concept is in one document only");
        }
        write_rows(&mut out, args.format, diff::PassageRow::COLUMNS, &rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let counts_a = matcher.count_in_document(&pages_a);
    let counts_b = matcher.count_in_document(&pages_b);
    let rows = diff::counts(&lexicon, &counts_a, a.words, &counts_b, b.words);
    write_rows(&mut out, args.format, diff::CountRow::COLUMNS, &rows)?;
    Ok(ExitCode::SUCCESS)
}

/// The editions of `series` in force in `from` and `to`.
fn editions_of<'a>(
    corpus: &'a Corpus,
    series: &SeriesId,
    from: Year,
    to: Year,
) -> anyhow::Result<(&'a Document, &'a Document)> {
    let all = editions::editions(corpus.documents(), series);
    let Some(first) = all.first() else {
        return Err(Error::Usage(format!(
            "no document of series '{series}' in the corpus (`efrh list` shows each document's \
             series)"
        ))
        .into());
    };
    if all.len() < 2 {
        return Err(Error::Usage(format!(
            "series '{series}' has one edition ({} {:?}): there is nothing to compare it with",
            editions::label(first),
            first.meta.title
        ))
        .into());
    }
    let pick = |y: Year| {
        editions::in_force(corpus.documents(), series, y.get()).ok_or_else(|| {
            Error::Usage(format!(
                "series '{series}' has no edition in or before {y} (its first is {})",
                editions::label(first)
            ))
        })
    };
    let (a, b) = (pick(from)?, pick(to)?);
    if a.id == b.id {
        return Err(Error::Usage(format!(
            "the same edition of '{series}' ({}) is in force in {from} and in {to}; pick years \
             with different editions (its editions: {})",
            editions::label(a),
            all.iter()
                .map(|d| editions::label(d))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into());
    }
    Ok((a, b))
}
