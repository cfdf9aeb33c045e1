//! `efrh chart`: one chart to an SVG or PNG file.

use super::select::SelectArgs;
use efrh::corpus::Corpus;
use efrh::lexicon::Lexicon;
use efrh::report::charts::{self, Chart};
use efrh::report::data::{FirstSeen, Metric, Profile, Trend, WaveCompare};
use efrh::report::tables::{self, Numbers};
use efrh::report::{self, APPROACH, HARM};
use std::path::PathBuf;
use std::process::ExitCode;

/// Draw one chart to an SVG or PNG file (the format follows the file's extension), and the
/// numbers it draws beside it as CSV (`chart.svg` → `chart.csv`, the columns of `count --by`).
///
/// Charts (`--chart`): `uptake` (default) plots a measure by year of publication: with `--by nation` one
/// line per nation and one panel per concept, with `--by group` one line per concept, all
/// nations together. `harms` is a heatmap of concepts by nation. `first` shows the year each
/// concept first appears in each nation. `harms-over-time` draws one small panel per concept
/// (default: the harms), the share of all nations' documents naming it by year, with its 95%
/// interval. `waves` compares the first analysis (earliest wave)
/// with the cumulative corpus of the update (latest wave); documents without a wave are left
/// out of it. A nation with no documents in a year is a gap, not a zero.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Lexicon file (TOML). Default: ./lexicons/efrh.toml if present, else the built-in one.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Concepts to chart, by id (repeat the flag or separate with commas). Default: every
    /// concept of --group.
    #[arg(long, value_name = "ID", num_args = 1.., value_delimiter = ',')]
    concept: Vec<String>,
    /// The lexicon group charted when no --concept is given. Default: "harm" for
    /// `--chart harms` and `--chart harms-over-time`, "approach" otherwise.
    #[arg(long, value_name = "GROUP")]
    group: Option<String>,
    /// Lines per nation (default), or one line per concept over all nations (uptake charts
    /// only).
    #[arg(long, value_enum)]
    by: Option<By>,
    /// What to measure: share of documents mentioning it, number of mentions, or mentions
    /// per 10,000 words (uptake and harms charts; `first` and `waves` count documents).
    /// Shares are drawn with their 95% Wilson interval, as `count --by` gives it.
    /// Default: documents (per-10k for `--chart harms`).
    #[arg(long, value_name = "documents|mentions|per-10k")]
    metric: Option<Metric>,
    /// Which chart. (`--kind` selects documents by their kind, as in every command.)
    #[arg(long = "chart", visible_alias = "type", value_enum, default_value_t = Kind::Uptake)]
    chart: Kind,
    /// The file to write: .svg or .png.
    #[arg(long, value_name = "FILE.svg|FILE.png", default_value = "chart.svg")]
    out: PathBuf,
    #[command(flatten)]
    select: SelectArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum By {
    Nation,
    Group,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    Uptake,
    Harms,
    First,
    Waves,
    HarmsOverTime,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    // Check the output name before any work.
    charts::ImageFormat::from_path(&args.out)?;
    // `--kind` selects documents by kind; before the selection flags it named the chart.
    let selection = args.select.selection();
    if let Some(k) = selection.kinds.iter().find(|k| {
        ["uptake", "harms", "first", "waves", "harms-over-time"]
            .contains(&k.to_ascii_lowercase().as_str())
    }) {
        return Err(efrh::Error::Usage(format!(
            "--kind selects documents by their kind (e.g. statutory-guidance); to choose the \
             chart, write --chart {k}"
        ))
        .into());
    }
    // An option the chart cannot honour is refused, not silently dropped: a chart labelled
    // with another measure than the one asked for would be cited as that measure.
    let kind_name = match args.chart {
        Kind::Uptake => "uptake",
        Kind::Harms => "harms",
        Kind::First => "first",
        Kind::Waves => "waves",
        Kind::HarmsOverTime => "harms-over-time",
    };
    if args.metric.is_some() && matches!(args.chart, Kind::First | Kind::Waves) {
        return Err(efrh::Error::Usage(format!(
            "--metric does not apply to --chart {kind_name} (it counts documents); \
             drop --metric, or use --kind uptake or --chart harms"
        ))
        .into());
    }
    if args.by.is_some() && args.chart != Kind::Uptake {
        return Err(efrh::Error::Usage(format!(
            "--by applies to uptake charts only, not to --chart {kind_name}; drop --by"
        ))
        .into());
    }
    let corpus = Corpus::open(&config.corpus)?;
    let full = Lexicon::resolve(args.lexicon.as_deref())?;
    let harms_chart = matches!(args.chart, Kind::Harms | Kind::HarmsOverTime);
    let lexicon = if args.concept.is_empty() {
        let group = args
            .group
            .clone()
            .unwrap_or_else(|| if harms_chart { HARM } else { APPROACH }.to_string());
        let ids: Vec<String> = full
            .concepts()
            .iter()
            .filter(|c| c.group == group)
            .map(|c| c.id.clone())
            .collect();
        if ids.is_empty() {
            return Err(efrh::Error::Usage(format!(
                "no concept in group '{group}' in {} (pass --concept ID or --group NAME)",
                full.origin()
            ))
            .into());
        }
        full.select(&ids)?
    } else {
        full.select(&args.concept)?
    };
    let analysis = super::report::analyse(
        config,
        &corpus,
        &args.select,
        &lexicon,
        efrh::report::Depth::Charts,
    )?;
    let counts = &analysis.counts;
    let all: Vec<usize> = (0..counts.concepts.len()).collect();
    let default_metric = if args.chart == Kind::Harms {
        Metric::Per10k
    } else {
        Metric::Documents
    };
    let metric = args.metric.unwrap_or(default_metric);
    let note = report::footnote(&analysis);
    let write = |chart| charts::write_with(chart, &args.out, note.as_deref());
    let by_nation = args.by.unwrap_or(By::Nation) == By::Nation;
    let numbers = match args.chart {
        Kind::Uptake => {
            let trends: Vec<Trend> = match args.by.unwrap_or(By::Nation) {
                By::Nation => all
                    .iter()
                    .map(|&c| Trend::by_nation(counts, c, metric))
                    .collect(),
                By::Group => vec![Trend::by_concept(counts, &all, metric)],
            };
            write(Chart::Trends(&trends))?;
            Numbers::Uptake {
                concepts: &all,
                by_nation,
            }
        }
        Kind::Harms => {
            let p = Profile::new(counts, &all, metric);
            write(Chart::Profile(&p))?;
            Numbers::Profile { concepts: &all }
        }
        Kind::HarmsOverTime => {
            let trends = Trend::each_concept(counts, &all, metric);
            let group = shared_group(counts, &all);
            let title = Trend::over_time_title(group.unwrap_or(""), metric);
            write(Chart::Grid {
                title: &title,
                trends: &trends,
            })?;
            Numbers::Uptake {
                concepts: &all,
                by_nation: false,
            }
        }
        Kind::First => {
            let f = FirstSeen::new(counts, &all);
            write(Chart::First(&f))?;
            Numbers::First { concepts: &all }
        }
        Kind::Waves => {
            let Some(w) = WaveCompare::new(counts, &all) else {
                return Err(efrh::Error::Usage(
                    "no document has a wave, so there is nothing to compare (add documents with --wave)"
                        .into(),
                )
                .into());
            };
            write(Chart::Waves(&w))?;
            Numbers::Waves {
                concepts: &all,
                baseline: w.baseline,
                update: w.update,
            }
        }
    };
    // The numbers the chart draws, beside it (`chart.svg` → `chart.csv`).
    let table = args.out.with_extension("csv");
    let bytes = tables::csv(counts, numbers).map_err(|e| efrh::Error::io(&table, e))?;
    report::atomic_write(&table, &bytes)?;
    if !config.quiet {
        eprintln!(
            "wrote {} and its numbers {} ({} documents)",
            args.out.display(),
            table.display(),
            counts.docs.len()
        );
    }
    Ok(if analysis.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The lexicon group every charted concept belongs to, if they share one.
fn shared_group<'a>(counts: &'a efrh::report::data::Counts, concepts: &[usize]) -> Option<&'a str> {
    let mut groups = concepts
        .iter()
        .filter_map(|&c| counts.concepts.get(c))
        .map(|c| c.group.as_str());
    let first = groups.next()?;
    groups.all(|g| g == first).then_some(first)
}
