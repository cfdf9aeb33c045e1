//! `efrh diff`: what changed between two documents, typically two editions of one series —
//! each concept's count and rate in A and B and how it moved (`new`, `dropped`, `up`, `down`,
//! `same`). Columns (`../shared/spec/cli.md`): `concept,count_a,count_b,per_10k_a,per_10k_b,change`.

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
            eprintln!("{side}: {} {:?} ({})", d.id, d.meta.title, edition(d));
        }
    }
    let lexicon = Lexicon::resolve(args.lexicon.as_deref())?;
    let matcher = Matcher::try_new(&lexicon)?;
    let counts_a = matcher.count_in_document(&corpus.load_pages(&a.id)?);
    let counts_b = matcher.count_in_document(&corpus.load_pages(&b.id)?);
    let rows = diff::counts(&lexicon, &counts_a, a.words, &counts_b, b.words);
    let mut out = std::io::stdout().lock();
    write_rows(&mut out, args.format, diff::CountRow::COLUMNS, &rows)?;
    Ok(ExitCode::SUCCESS)
}

/// "2021-09" or "2021": how an edition is told apart in messages.
fn edition(d: &Document) -> String {
    d.meta
        .date
        .map_or_else(|| d.meta.year.to_string(), |x| x.to_string())
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
            edition(first),
            first.meta.title
        ))
        .into());
    }
    let pick = |y: Year| {
        editions::in_force(corpus.documents(), series, y.get()).ok_or_else(|| {
            Error::Usage(format!(
                "series '{series}' has no edition in or before {y} (its first is {})",
                edition(first)
            ))
        })
    };
    let (a, b) = (pick(from)?, pick(to)?);
    if a.id == b.id {
        return Err(Error::Usage(format!(
            "the same edition of '{series}' ({}) is in force in {from} and in {to}; pick years \
             with different editions (its editions: {})",
            edition(a),
            all.iter()
                .map(|d| edition(d))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into());
    }
    Ok((a, b))
}
