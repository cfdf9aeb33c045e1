//! The document-selection flags every reading command shares (flattened into its `Args`), and
//! the small pieces of plumbing those commands share: the concept or phrase to read, choosing
//! the documents, the pass with its progress bar, and the exit code.

use efrh::analysis::select::YearRange;
use efrh::analysis::{Pass, Selection};
use efrh::corpus::Corpus;
use efrh::lexicon::Lexicon;
use efrh::model::{Document, Level, Nation, SeriesId, VarAssign, Wave, Year};
use efrh::output::Format;
use std::path::PathBuf;

/// The help heading of a flag declared after [`SelectArgs`] in a command: none, that is back
/// under "Options" (the heading [`SelectArgs`] sets would carry over to it).
pub const OPTIONS: Option<&str> = None;

/// `--nation`, `--year`, `--wave`, `--kind`, `--publisher`, `--level`, `--series`, `--var`:
/// AND across flags, OR within one (a comma list or the flag repeated); `--as-of YEAR`.
/// Shown under the help heading "Selecting documents", which carries over to the flags
/// declared after these in the command: those take `help_heading = OPTIONS`.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Selecting documents")]
pub struct SelectArgs {
    /// Only documents of these nations (england, scotland, wales, northern-ireland, uk).
    #[arg(long, value_name = "N,...", value_delimiter = ',')]
    nation: Vec<Nation>,
    /// Only documents published in these years or ranges (2019, 2018-2022).
    #[arg(long, value_name = "Y|Y1-Y2,...", value_delimiter = ',')]
    year: Vec<YearRange>,
    /// Only documents first included in these analysis waves.
    #[arg(long, value_name = "W,...", value_delimiter = ',')]
    wave: Vec<Wave>,
    /// Only documents of these kinds (e.g. statutory-guidance; case-insensitive).
    #[arg(long, value_name = "K,...", value_delimiter = ',')]
    kind: Vec<String>,
    /// Only documents of these publishers (case-insensitive).
    #[arg(long, value_name = "P")]
    publisher: Vec<String>,
    /// Only documents of these levels (national, regional, local).
    #[arg(long, value_name = "L,...", value_delimiter = ',')]
    level: Vec<Level>,
    /// Only the editions of these series (ids as in `efrh list`).
    #[arg(long, value_name = "S,...", value_delimiter = ',')]
    series: Vec<SeriesId>,
    /// Only documents whose variable NAME is VALUE (case-insensitive; repeat the flag: one name
    /// OR, names AND; NAME= selects documents without it).
    #[arg(long, value_name = "NAME=VALUE")]
    var: Vec<VarAssign>,
    /// What was in force in YEAR: per series only its latest edition published in or before
    /// YEAR (by year, then date), plus every other document published in or before YEAR.
    #[arg(long, value_name = "YEAR")]
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

/// The flags a reading command that prints rows ends with: which documents, and the output
/// format.
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    /// Output format: table, csv or json.
    #[arg(long, default_value = "table", help_heading = OPTIONS)]
    pub format: Format,
}

/// The concept or phrase a command reads (`kwic`, `collocates`), and the lexicon it is from.
#[derive(Debug, Clone, clap::Args)]
pub struct QueryArgs {
    /// A concept id of the lexicon, or a phrase.
    #[arg(value_name = "CONCEPT_ID_OR_PHRASE")]
    pub query: String,
    /// Lexicon file (TOML). Default: ./lexicons/efrh.toml if present, else the built-in one.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

impl QueryArgs {
    /// The concept id or phrase, trimmed.
    pub fn query(&self) -> &str {
        self.query.trim()
    }

    /// The lexicon of the query alone: its concept from the lexicon given (or the default
    /// one), or else the query as an ad-hoc phrase matched like a lexicon term.
    pub fn lexicon(&self) -> efrh::Result<Lexicon> {
        let lexicon = Lexicon::resolve(self.lexicon.as_deref())?;
        match lexicon.concept(self.query()) {
            Some(c) => lexicon.select(std::slice::from_ref(&c.id)),
            None => Lexicon::adhoc(self.query()),
        }
    }
}

/// The columns a row citing a page starts with (`kwic`, `search`): the document, then the
/// page (`page` counts PDF pages from 1, `page_label` is the number printed on it).
pub const PAGE_COLUMNS: [&str; 6] = ["id", "title", "nation", "year", "page", "page_label"];

/// [`PAGE_COLUMNS`], then `rest`: the columns of a row that cites a page (`M` = 6 + `N`).
pub const fn page_columns<const N: usize, const M: usize>(
    rest: [&'static str; N],
) -> [&'static str; M] {
    assert!(M == PAGE_COLUMNS.len() + N, "M must be 6 + N");
    let mut out = [""; M];
    let mut i = 0;
    while i < M {
        out[i] = if i < PAGE_COLUMNS.len() {
            PAGE_COLUMNS[i]
        } else {
            rest[i - PAGE_COLUMNS.len()]
        };
        i += 1;
    }
    out
}

/// The id of concept `i` of `lexicon` (empty if there is none).
pub fn concept_id(lexicon: &Lexicon, i: usize) -> String {
    lexicon
        .concepts()
        .get(i)
        .map(|c| c.id.clone())
        .unwrap_or_default()
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

/// Runs a pass over `len` documents under a progress bar labelled `what` (`pass` is handed the
/// tick to call per document), then clears the bar and says on stderr which documents were
/// left out ([`Pass::report_left_out`]).
pub fn with_progress<T>(
    config: &efrh::Config,
    len: usize,
    what: &str,
    pass: impl FnOnce(&(dyn Fn() + Sync)) -> Pass<T>,
) -> Pass<T> {
    let bar = progress_bar(config, len as u64, what);
    let pass = pass(&|| bar.inc(1));
    bar.finish_and_clear();
    pass.report_left_out(config.quiet);
    pass
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_columns_come_first() {
        assert_eq!(
            page_columns::<2, 8>(["score", "snippet"]),
            [
                "id",
                "title",
                "nation",
                "year",
                "page",
                "page_label",
                "score",
                "snippet"
            ]
        );
    }
}
