//! `efrh audit`: the lexicon's precision, judged by people.
//!
//! - `audit sample CONCEPT... --n N [--seed S] [--out FILE.csv]`: N occurrences per concept,
//!   drawn reproducibly and spread over nations and years ([`efrh::audit::sample`]), written
//!   as CSV with an empty `judgement` column. Without `--out` the file is kept in
//!   `<corpus>/audits/`, written atomically under the corpus lock; `--out -` prints it.
//! - `audit score FILE.csv...`: per concept, precision = yes / (yes + no) with its Wilson 95%
//!   interval; two or more files add the analysts' agreement and Cohen's kappa. Rows whose
//!   occurrence no longer exists are named on stderr and left out (exit 1).
//!
//! Columns: `../shared/spec/cli.md` (`audit`).

use super::select;
use efrh::audit::{self, AuditRow, Score};
use efrh::corpus::{atomic, Corpus};
use efrh::lexicon::Lexicon;
use efrh::matcher::Matcher;
use efrh::model::Document;
use efrh::output::{print_rows, write_rows, Format};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Judge how often the lexicon's matches are true uses of their concepts.
///
/// `audit sample` draws occurrences for analysts to judge; they write yes, no or unsure in the
/// `judgement` column; `audit score` turns the judgements into precision per concept.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Sample(SampleArgs),
    Score(ScoreArgs),
}

/// Draw occurrences of concepts to judge (the same seed draws the same sample).
///
/// The draw is spread over nation × year and over documents within each, so one document with
/// many mentions cannot dominate. The file has the columns
/// occurrence,id,title,nation,year,page,concept,left,match,right,judgement; fill `judgement`
/// with yes (a true use of the concept), no or unsure.
#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// Concept ids of the lexicon.
    #[arg(value_name = "CONCEPT", required = true)]
    pub concepts: Vec<String>,
    /// Occurrences to draw per concept.
    #[arg(long, value_name = "N")]
    pub n: usize,
    /// Seed of the draw. Default: one chosen from the clock, printed so the sample can be drawn
    /// again.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Where to write the sample (`-`: standard output). Default: a new file in
    /// <corpus>/audits/. An existing file is never overwritten (it may hold judgements).
    #[arg(long, value_name = "FILE.csv")]
    pub out: Option<PathBuf>,
    /// Characters of context on each side.
    #[arg(long, default_value_t = 80)]
    pub width: usize,
    /// Lexicon file (TOML). Default: ./lexicons/efrh.toml if present, else the built-in one.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

/// Precision per concept from judged audit files (two analysts' files: agreement and kappa).
///
/// Columns concept,judged,yes,no,unsure,precision,precision_low,precision_high (yes / (yes +
/// no), Wilson 95%); with two or more files also agreement,kappa over the occurrences both
/// judged yes or no. An occurrence the analysts disagree on counts as unsure.
#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// Audit files (from `efrh audit sample`, judged).
    #[arg(value_name = "FILE.csv", required = true)]
    pub files: Vec<PathBuf>,
    /// Lexicon file (TOML). Default: ./lexicons/efrh.toml if present, else the built-in one.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Output format: table, csv or json.
    #[arg(long, default_value = "table")]
    pub format: Format,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Sample(a) => sample(config, a),
        Command::Score(a) => score(config, a),
    }
}

fn sample(config: &efrh::Config, args: SampleArgs) -> anyhow::Result<ExitCode> {
    if args.n == 0 {
        return Err(efrh::Error::Usage("--n must be at least 1".into()).into());
    }
    let lexicon = Lexicon::resolve(args.lexicon.as_deref())?.select(&args.concepts)?;
    let concepts: Vec<String> = lexicon.concepts().iter().map(|c| c.id.clone()).collect();
    let corpus = Corpus::open(&config.corpus)?;
    if let Some(out) = args.out.as_deref().filter(|p| *p != Path::new("-")) {
        if out.exists() {
            return Err(efrh::Error::Usage(format!(
                "{}: already exists and may hold judgements; choose another --out or remove it",
                out.display()
            ))
            .into());
        }
    }
    let seed = args.seed.unwrap_or_else(clock_seed);
    let matcher = Matcher::try_new(&lexicon)?;
    let docs: Vec<&Document> = corpus.documents().iter().collect();
    let pass = select::with_progress(config, docs.len(), "reading", |tick| {
        audit::candidates(&corpus, &docs, &lexicon, &matcher, args.width, tick)
    });
    let all: Vec<AuditRow> = pass.results.iter().flatten().cloned().collect();
    let rows = audit::sample(&all, &concepts, args.n, seed);

    let bytes = csv_bytes(&rows)?;
    let written = match args.out.as_deref() {
        Some(p) if p == Path::new("-") => {
            use std::io::Write;
            std::io::stdout().lock().write_all(&bytes)?;
            None
        }
        Some(p) => {
            atomic::write_atomic(p, &bytes)?;
            Some(p.to_path_buf())
        }
        None => Some(keep_in_corpus(&corpus, &concepts, seed, &bytes)?),
    };
    if !config.quiet {
        for c in &concepts {
            let k = rows.iter().filter(|r| &r.concept == c).count();
            if k < args.n {
                eprintln!("note: {c}: only {k} occurrence(s) in the corpus, all of them drawn");
            }
        }
        match written {
            Some(p) => eprintln!(
                "wrote {} occurrence(s) to {} (seed {seed}: --seed {seed} draws this sample \
                 again). Fill the judgement column with yes, no or unsure, then run `efrh audit \
                 score {}`",
                rows.len(),
                p.display(),
                p.display()
            ),
            None => eprintln!("seed {seed}: --seed {seed} draws this sample again"),
        }
    }
    if !pass.failed.is_empty() {
        eprintln!(
            "error: {} document(s) could not be read and were not sampled; run `efrh check`",
            pass.failed.len()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn score(config: &efrh::Config, args: ScoreArgs) -> anyhow::Result<ExitCode> {
    let lexicon = Lexicon::resolve(args.lexicon.as_deref())?;
    let corpus = Corpus::open(&config.corpus)?;
    let outcome = audit::score_files(&corpus, &lexicon, &args.files)?;
    print_rows(
        args.format,
        &Score::columns(outcome.several),
        &outcome.scores,
    )?;
    if !config.quiet {
        for (file, n) in &outcome.unjudged {
            eprintln!(
                "note: {}: {n} row(s) not judged yet, left out",
                file.display()
            );
        }
    }
    for m in &outcome.missing {
        eprintln!("error: {m}");
    }
    for (id, why) in &outcome.failed {
        eprintln!("error: {id}: {why} (its audit rows are left out; run `efrh check`)");
    }
    if !outcome.missing.is_empty() || !outcome.failed.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The sample as CSV (header row, then the rows).
fn csv_bytes(rows: &[AuditRow]) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write_rows(&mut bytes, Format::Csv, AuditRow::COLUMNS, rows)?;
    Ok(bytes)
}

/// Write the sample into `<corpus>/audits/` under the corpus lock, atomically, as a new file
/// (`sample-<concepts>-seed<S>.csv`, with `-2`, `-3`, … if that name is taken).
fn keep_in_corpus(
    corpus: &Corpus,
    concepts: &[String],
    seed: u64,
    bytes: &[u8],
) -> anyhow::Result<PathBuf> {
    let _lock = corpus.lock()?;
    let dir = audit::audits_dir(corpus.root());
    std::fs::create_dir_all(&dir).map_err(|e| efrh::Error::io(&dir, e))?;
    let mut stem: String = concepts.join("+");
    if stem.chars().count() > 60 {
        stem = format!(
            "{}-and-{}-more",
            concepts.first().map_or("", |c| c.as_str()),
            concepts.len() - 1
        );
    }
    let base = format!("sample-{stem}-seed{seed}");
    let path = (1..10_000)
        .map(|k| {
            if k == 1 {
                dir.join(format!("{base}.csv"))
            } else {
                dir.join(format!("{base}-{k}.csv"))
            }
        })
        .find(|p| !p.exists())
        .ok_or_else(|| {
            efrh::Error::Usage(format!("{}: no free file name for {base}", dir.display()))
        })?;
    atomic::write_atomic(&path, bytes)?;
    Ok(path)
}

/// A seed from the clock (nanoseconds), for a draw without `--seed`.
fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 ^ u64::from(std::process::id()))
        .unwrap_or(0)
        % 1_000_000_000
}
