//! The document-selection flags every reading command shares (flattened into its `Args`), and
//! the small pieces of plumbing those commands share: choosing the documents and the
//! progress bar.

use efrh::analysis::select::YearRange;
use efrh::analysis::Selection;
use efrh::corpus::Corpus;
use efrh::model::{Document, Level, Nation, SeriesId, VarAssign, Wave, Year};

/// `--nation`, `--year`, `--wave`, `--kind`, `--publisher`, `--level`, `--series`, `--var`:
/// AND across flags, OR within one (a comma list or the flag repeated); `--as-of YEAR`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SelectArgs {
    /// Only documents of these nations (england, scotland, wales, northern-ireland, uk).
    #[arg(
        long,
        value_name = "N,...",
        value_delimiter = ',',
        help_heading = "Selecting documents"
    )]
    nation: Vec<Nation>,
    /// Only documents published in these years or ranges (2019, 2018-2022).
    #[arg(
        long,
        value_name = "Y|Y1-Y2,...",
        value_delimiter = ',',
        help_heading = "Selecting documents"
    )]
    year: Vec<YearRange>,
    /// Only documents first included in these analysis waves.
    #[arg(
        long,
        value_name = "W,...",
        value_delimiter = ',',
        help_heading = "Selecting documents"
    )]
    wave: Vec<Wave>,
    /// Only documents of these kinds (e.g. statutory-guidance; case-insensitive).
    #[arg(
        long,
        value_name = "K,...",
        value_delimiter = ',',
        help_heading = "Selecting documents"
    )]
    kind: Vec<String>,
    /// Only documents of these publishers (case-insensitive).
    #[arg(long, value_name = "P", help_heading = "Selecting documents")]
    publisher: Vec<String>,
    /// Only documents of these levels (national, regional, local).
    #[arg(
        long,
        value_name = "L,...",
        value_delimiter = ',',
        help_heading = "Selecting documents"
    )]
    level: Vec<Level>,
    /// Only the editions of these series (ids as in `efrh list`).
    #[arg(
        long,
        value_name = "S,...",
        value_delimiter = ',',
        help_heading = "Selecting documents"
    )]
    series: Vec<SeriesId>,
    /// Only documents whose variable NAME is VALUE (case-insensitive; repeat the flag: one name
    /// OR, names AND; NAME= selects documents without it).
    #[arg(long, value_name = "NAME=VALUE", help_heading = "Selecting documents")]
    var: Vec<VarAssign>,
    /// What was in force in YEAR: per series only its latest edition published in or before
    /// YEAR (by year, then date), plus every other document published in or before YEAR.
    #[arg(long, value_name = "YEAR", help_heading = "Selecting documents")]
    as_of: Option<Year>,
}

impl SelectArgs {
    pub fn selection(&self) -> Selection {
        Selection {
            nations: self.nation.clone(),
            years: self.year.clone(),
            waves: self.wave.clone(),
            kinds: self.kind.iter().map(|k| k.trim().to_string()).collect(),
            publishers: self
                .publisher
                .iter()
                .map(|p| p.trim().to_string())
                .collect(),
            levels: self.level.clone(),
            series: self.series.clone(),
            vars: self.var.clone(),
            as_of: self.as_of,
        }
    }
}

/// The documents of `corpus` that `selection` selects. An empty selection is not an error:
/// stderr says so (unless `quiet`) and the command prints an empty result.
pub fn documents<'a>(corpus: &'a Corpus, selection: &Selection, quiet: bool) -> Vec<&'a Document> {
    let docs = selection.apply(corpus.documents());
    if docs.is_empty() && !quiet {
        let earliest = corpus.documents().iter().map(|d| d.meta.year).min();
        if corpus.documents().is_empty() {
            eprintln!("note: the corpus holds no document yet (`efrh add` adds some)");
        } else if let (Some(y), Some(first)) = (
            selection.as_of,
            earliest.filter(|e| selection.as_of < Some(*e)),
        ) {
            eprintln!(
                "note: --as-of {y} is before every document (the earliest is from {first}); \
                 the output is empty"
            );
        } else {
            eprintln!(
                "note: no document matches the selection ({}); the output is empty",
                selection.describe()
            );
        }
    }
    docs
}

/// A progress bar on stderr when it is a terminal and not `--quiet` (hidden otherwise).
pub fn progress_bar(config: &efrh::Config, len: u64, what: &str) -> indicatif::ProgressBar {
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

/// The exit code of a reading command: 1 (with the count and what to do on stderr) when some
/// documents could not be read, else 0. `consequence` says what that meant for the output
/// (" and are not counted"), or is empty.
pub fn exit_code(failed: usize, consequence: &str) -> std::process::ExitCode {
    if failed == 0 {
        return std::process::ExitCode::SUCCESS;
    }
    eprintln!("error: {failed} document(s) could not be read{consequence}; run `efrh check`");
    std::process::ExitCode::from(1)
}
