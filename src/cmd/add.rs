//! `efrh add`: store PDFs with their metadata (one file with flags, or many from a manifest).

use efrh::corpus::ingest::{
    self, AddOptions, Field, FileResult, Input, MetaSpec, Outcome, Summary,
};
use efrh::corpus::Corpus;
use efrh::model::{Authority, Level, Nation, PubDate, SeriesId, VarAssign, Wave, Year};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Add PDF documents to the corpus, with their metadata.
///
/// One or more files: `efrh add FILE.pdf... --nation N --year Y [--title T] [--wave W]`.
///
/// From a manifest: `efrh add --manifest FILE.csv [--wave W]`.
///
/// From the web: `efrh add --fetch URL... --nation N --year Y [...]` downloads each PDF
/// (at most 5 redirects, checked to be a PDF, a pause between requests to one host, busy
/// servers asked again) and records its URL and the retrieval date.
///
/// The manifest is CSV with a header: path,title,nation,year required; publisher,kind,url,wave,
/// level,authority,series,date and var:NAME columns optional; paths relative to the
/// manifest's folder. It is checked whole before anything is added; a column efrh does not
/// know is named in a warning and ignored. A row with a url and an empty path is downloaded
/// (as with --fetch).
///
/// A file whose bytes are already stored is not stored again; the metadata you state for it
/// replaces the catalogue's (that is how metadata is corrected), except that --wave only
/// applies to documents new in this run. Files with no text at all (scans) are refused
/// unless --allow-no-text.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["files", "manifest", "fetch"])))]
pub struct Args {
    /// PDF files to add (all get the metadata given by the flags).
    #[arg(value_name = "FILE.pdf")]
    files: Vec<PathBuf>,
    /// Download these PDFs (http:// or https:// addresses), then add them with the flags'
    /// metadata; the URL and the retrieval date are recorded.
    #[arg(long, value_name = "URL", num_args = 1.., conflicts_with_all = ["files", "manifest", "url"])]
    fetch: Vec<String>,
    /// For downloads (--fetch, manifest rows with a url and no path): give up on a server
    /// silent for this long (seconds).
    #[arg(long, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..))]
    fetch_timeout: u64,
    /// For downloads: refuse files larger than this (megabytes).
    #[arg(long, value_name = "MB", default_value_t = 200,
          value_parser = clap::value_parser!(u64).range(1..))]
    max_download_mb: u64,
    /// A CSV manifest listing files and their metadata.
    #[arg(long, value_name = "FILE.csv", conflicts_with_all = ["files", "nation", "year", "title", "publisher", "kind", "url", "level", "authority", "series", "date", "var"])]
    manifest: Option<PathBuf>,
    /// england, scotland, wales, northern-ireland or uk (UK-wide).
    #[arg(long, required_unless_present = "manifest")]
    nation: Option<Nation>,
    /// Year of publication.
    #[arg(long, required_unless_present = "manifest")]
    year: Option<Year>,
    /// Title (default: the file name; kept for a document already present).
    #[arg(long)]
    title: Option<String>,
    /// Issuing body.
    #[arg(long)]
    publisher: Option<String>,
    /// e.g. legislation, statutory-guidance, guidance, policy, strategy, inspection.
    #[arg(long)]
    kind: Option<String>,
    /// Where the document was obtained.
    #[arg(long)]
    url: Option<String>,
    /// national (the default for new documents), regional or local.
    #[arg(long)]
    level: Option<Level>,
    /// The issuing local authority, health board or partnership of a regional or local
    /// document (e.g. Devon; empty clears it).
    #[arg(long)]
    authority: Option<String>,
    /// The series these are editions of: lower-case letters, digits, hyphens (e.g. kcsie;
    /// empty clears it).
    #[arg(long)]
    series: Option<String>,
    /// Publication date inside --year, YYYY-MM or YYYY-MM-DD: orders editions of one year
    /// (empty clears it).
    #[arg(long)]
    date: Option<String>,
    /// A variable of your own, NAME=VALUE (NAME: a-z, 0-9, _ and -; repeat for several;
    /// NAME= clears it).
    #[arg(long, value_name = "NAME=VALUE")]
    var: Vec<VarAssign>,
    /// The analysis round adding these documents (e.g. 2020, 2022); applies to new documents.
    #[arg(long)]
    wave: Option<Wave>,
    /// Add documents that have no extractable text at all (scans), flagged as needing OCR,
    /// instead of refusing them.
    #[arg(long)]
    allow_no_text: bool,
    /// Read pages without a text layer (scans) by OCR: tesseract and pdftoppm (Debian
    /// packages tesseract-ocr, tesseract-ocr-eng, tesseract-ocr-cym, poppler-utils). The
    /// original PDF is stored unchanged; `efrh list` shows how many pages were read by OCR.
    #[arg(long)]
    ocr: bool,
    /// Show what would be added and which metadata would change, without changing anything.
    #[arg(long)]
    dry_run: bool,
    /// Give up on a file whose text takes longer than this to extract (seconds).
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    timeout: u64,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    if args.title.is_some() && (args.files.len() > 1 || args.fetch.len() > 1) {
        return Err(efrh::Error::Usage(
            "--title applies to one file; add files one at a time or use a manifest".into(),
        )
        .into());
    }
    let inputs = match &args.manifest {
        Some(m) => match ingest::read_manifest(m, args.wave) {
            Ok(manifest) => {
                if !config.quiet {
                    for w in &manifest.warnings {
                        eprintln!("warning: {w}");
                    }
                }
                manifest.inputs
            }
            Err(e) => {
                for line in e.to_string().lines() {
                    eprintln!("error: {line}");
                }
                return Ok(ExitCode::from(2));
            }
        },
        None => inputs_from_flags(&args)?,
    };
    // Downloads happen before the corpus is touched; a failed one is reported with the
    // others' results (exit 1) and the rest are still added.
    // A corpus this run creates is taken away again if the add is refused (exit 2 changes
    // nothing, and that includes not leaving an empty corpus behind).
    let created = !args.dry_run && !config.corpus.join("catalogue.toml").exists();
    // Before the corpus is touched: without the programs nothing changes.
    let ocr = find_ocr(args.ocr)?;
    let mut corpus = if args.dry_run {
        Corpus::open_or_empty(&config.corpus)?
    } else {
        Corpus::open_or_create(&config.corpus)?
    };
    // Downloads (`--fetch`, manifest rows with a url and no path) into a temporary folder;
    // a failed one is reported with the others' results (exit 1), the rest are still added.
    let downloads = tempfile::tempdir()?;
    let (inputs, fetched) = download_inputs(&args, inputs, downloads.path())?;
    let mut opts = AddOptions {
        allow_no_text: args.allow_no_text,
        dry_run: args.dry_run,
        manifest: args.manifest.clone(),
        ocr,
        ..AddOptions::default()
    };
    opts.limits.timeout = Duration::from_secs(args.timeout.max(1));

    quiet_extractor_panics();
    let bar = progress_bar(config, inputs.len());
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let report = match ingest::add(&mut corpus, &inputs, &opts, &efrh::index::KeepInStep, &tick) {
        Ok(r) => r,
        Err(e) => {
            if created && corpus.documents().is_empty() {
                undo_create(&config.corpus);
            }
            return Err(e.into());
        }
    };
    let results = if fetched.is_empty() {
        report.files
    } else {
        with_downloads(report.files, fetched)
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }

    for r in &results {
        match &r.outcome {
            Outcome::Failed(msg) => eprintln!("error: {}: {msg}", r.label),
            Outcome::NoText => eprintln!(
                "error: {}: no page has extractable text (a scan without a text layer?); run \
                 OCR on it (add it again with --ocr) or add it anyway with --allow-no-text",
                r.label
            ),
            Outcome::AddedNeedsOcr { id } if !config.quiet => eprintln!(
                "warning: {}: added as {id} but no page has text: it needs OCR before its \
                 words count",
                r.label
            ),
            Outcome::Added { id, quality } if !quality.is_clean() && !config.quiet => {
                let mut notes = Vec::new();
                if !quality.empty_pages.is_empty() {
                    notes.push(format!(
                        "page(s) {} have no text (scanned?) and are not counted",
                        page_list(&quality.empty_pages)
                    ));
                }
                if !quality.ocr_pages.is_empty() {
                    notes.push(format!(
                        "{} page(s) without a text layer were read by OCR",
                        quality.ocr_pages.len()
                    ));
                }
                if !quality.failed_pages.is_empty() {
                    notes.push(format!(
                        "page(s) {} could not be fully read",
                        page_list(&quality.failed_pages)
                    ));
                }
                if quality.unmapped_glyphs > 0 {
                    notes.push(format!(
                        "{} character(s) could not be decoded and were dropped",
                        quality.unmapped_glyphs
                    ));
                }
                if !quality.suspicious_pages.is_empty() {
                    notes.push(format!(
                        "{} page(s) have suspicious spacing",
                        quality.suspicious_pages.len()
                    ));
                }
                eprintln!(
                    "warning: {}: added as {id}, but {}; `efrh list` shows it in the quality \
                     column",
                    r.label,
                    notes.join("; ")
                )
            }
            Outcome::Updated {
                id,
                stored_as: Some(stored),
                changes,
            } if !config.quiet => eprintln!(
                "warning: {} has the same bytes as the stored document {id} (added as \
                 {stored:?}); {} its metadata: {}",
                r.label,
                if args.dry_run {
                    "would update"
                } else {
                    "updated"
                },
                changes.join("; ")
            ),
            Outcome::Updated { id, changes, .. } if !config.quiet => {
                eprintln!("updated: {} ({id}): {}", r.label, changes.join("; "))
            }
            Outcome::Added { id, .. } if config.verbose => eprintln!("added: {} ({id})", r.label),
            Outcome::AlreadyPresent { id } if config.verbose => {
                eprintln!("already present: {} ({id})", r.label)
            }
            _ => {}
        }
    }
    if let Some(p) = &report.index_problem {
        eprintln!(
            "warning: the documents were added but the search index could not be updated ({p}); \
             `efrh check` rebuilds it"
        );
    }
    let s = Summary::of(&results);
    if !config.quiet {
        eprintln!(
            "{}added {}, already present {}, updated {}, failed {}, no extractable text (needs \
             OCR) {}",
            if args.dry_run {
                "dry run, nothing changed: would have "
            } else {
                ""
            },
            s.added,
            s.already_present,
            s.updated,
            s.failed,
            s.no_text
        );
    }
    let refused = results
        .iter()
        .filter(|r| r.outcome == Outcome::NoText)
        .count();
    Ok(if s.failed + refused > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What became of one input: kept as it was, downloaded from this URL (and kept), or a
/// download that failed.
enum Slot {
    Kept,
    Downloaded(String),
    Failed(String, String),
}

/// The URL an input is to be downloaded from: `--fetch`, or a manifest row with a `url`
/// and no `path`.
fn to_download(input: &Input) -> Option<&str> {
    match &input.meta.url {
        Field::Set(Some(url)) if input.path.as_os_str().is_empty() => Some(url),
        _ => None,
    }
}

/// Download every input that names a URL instead of a file into `dir` (requests to one host
/// spaced out); each becomes an input for the downloaded file with the retrieval date in its
/// metadata. The slots say, in input order, what became of each.
fn download_inputs(
    args: &Args,
    inputs: Vec<Input>,
    dir: &std::path::Path,
) -> anyhow::Result<(Vec<Input>, Vec<Slot>)> {
    if !inputs.iter().any(|i| to_download(i).is_some()) {
        return Ok((inputs, Vec::new()));
    }
    let fetcher = efrh::fetch::Fetcher::new(efrh::fetch::FetchOptions {
        read_timeout: Duration::from_secs(args.fetch_timeout),
        max_bytes: args.max_download_mb.saturating_mul(1024 * 1024),
        ..efrh::fetch::FetchOptions::default()
    });
    let mut kept = Vec::new();
    let mut slots = Vec::new();
    for (i, mut input) in inputs.into_iter().enumerate() {
        let Some(url) = to_download(&input).map(str::to_string) else {
            kept.push(input);
            slots.push(Slot::Kept);
            continue;
        };
        match fetcher.get(&url) {
            Ok(file) => {
                // One folder per download keeps the server's file name (the stored name).
                let folder = dir.join(i.to_string());
                std::fs::create_dir_all(&folder)?;
                input.path = folder.join(&file.file_name);
                std::fs::write(&input.path, &file.bytes)?;
                input.meta.retrieved = Some(file.retrieved.clone());
                kept.push(input);
                slots.push(Slot::Downloaded(url));
            }
            Err(e) => {
                let message = e.to_string();
                let why = message
                    .strip_prefix(&format!("{url}: "))
                    .unwrap_or(&message)
                    .to_string();
                slots.push(Slot::Failed(url, why));
            }
        }
    }
    Ok((kept, slots))
}

/// The add's results with each download named by its URL, and the failed downloads in
/// their place.
fn with_downloads(added: Vec<FileResult>, slots: Vec<Slot>) -> Vec<FileResult> {
    let mut added = added.into_iter();
    slots
        .into_iter()
        .filter_map(|slot| match slot {
            Slot::Kept => added.next(),
            Slot::Downloaded(url) => added.next().map(|r| FileResult {
                label: url,
                outcome: r.outcome,
            }),
            Slot::Failed(url, why) => Some(FileResult {
                label: url,
                outcome: Outcome::Failed(format!("download failed: {why}")),
            }),
        })
        .collect()
}

/// One input per file, all with the flags' metadata.
fn inputs_from_flags(args: &Args) -> anyhow::Result<Vec<Input>> {
    let (Some(nation), Some(year)) = (args.nation, args.year) else {
        return Err(efrh::Error::Usage("--nation and --year are required".into()).into());
    };
    let stated = |v: &Option<String>| match v {
        Some(s) if !s.trim().is_empty() => Field::Set(Some(s.trim().to_string())),
        Some(_) => Field::Set(None),
        None => Field::Keep,
    };
    let mut meta = MetaSpec {
        title: args.title.clone().filter(|t| !t.trim().is_empty()),
        publisher: stated(&args.publisher),
        kind: stated(&args.kind),
        url: stated(&args.url),
        run_wave: args.wave,
        level: args.level.map_or(Field::Keep, |l| Field::Set(Some(l))),
        authority: typed::<Authority>(&args.authority)?,
        series: typed::<SeriesId>(&args.series)?,
        date: typed::<PubDate>(&args.date)?,
        ..MetaSpec::new(nation, year)
    };
    if let Field::Set(Some(d)) = &meta.date {
        d.check_year(year)
            .map_err(|e| efrh::Error::Usage(format!("--date: {e}")))?;
    }
    for v in &args.var {
        if meta.vars.contains_key(&v.name) {
            return Err(efrh::Error::Usage(format!("--var {} is given twice", v.name)).into());
        }
        meta.vars.insert(
            v.name.clone(),
            (!v.value.is_empty()).then(|| v.value.clone()),
        );
    }
    if !args.fetch.is_empty() {
        // No file yet: each is downloaded from its URL (`download_inputs`).
        return Ok(args
            .fetch
            .iter()
            .map(|url| {
                let mut meta = meta.clone();
                meta.url = Field::Set(Some(url.trim().to_string()));
                Input {
                    path: PathBuf::new(),
                    meta,
                    line: None,
                }
            })
            .collect());
    }
    Ok(args
        .files
        .iter()
        .map(|path| Input {
            path: path.clone(),
            meta: meta.clone(),
            line: None,
        })
        .collect())
}

/// A typed optional flag: absent keeps, empty clears, else parsed (a bad value is a usage
/// error naming the flag).
fn typed<T: std::str::FromStr<Err = String>>(v: &Option<String>) -> anyhow::Result<Field<T>> {
    Ok(match v.as_deref().map(str::trim) {
        None => Field::Keep,
        Some("") => Field::Set(None),
        Some(s) => Field::Set(Some(s.parse().map_err(efrh::Error::Usage)?)),
    })
}

pub(crate) fn progress_bar(config: &efrh::Config, len: usize) -> Option<indicatif::ProgressBar> {
    if !config.progress || len < 2 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} files  {elapsed} ({eta} left)",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// A panic inside the PDF parser is caught and reported as one `error:` line; keep the
/// default hook's backtrace message off the user's screen for those threads.
pub(crate) fn quiet_extractor_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(ingest::EXTRACT_THREAD) {
            default(info);
        }
    }));
}

/// Remove what `Corpus::open_or_create` made in a folder that held nothing: the empty
/// catalogue, the empty `pdf/`, `text/` and `index/` folders, the lock file, and the folder
/// itself if it is then empty. Best effort: anything else in it is left alone.
fn undo_create(root: &std::path::Path) {
    let _ = std::fs::remove_file(root.join("catalogue.toml"));
    for sub in ["pdf", "text", "index", ".staging"] {
        let _ = std::fs::remove_dir(root.join(sub));
    }
    let _ = std::fs::remove_file(root.join(".lock"));
    let _ = std::fs::remove_dir(root);
}

/// The OCR programs when `--ocr` is given (a usage error naming the packages to install when
/// they are missing).
pub(crate) fn find_ocr(wanted: bool) -> anyhow::Result<Option<efrh::ocr::Ocr>> {
    if !wanted {
        return Ok(None);
    }
    efrh::ocr::Ocr::find()
        .map(Some)
        .map_err(|e| efrh::Error::Usage(e).into())
}

/// Page numbers as "1, 4, 7".
fn page_list(pages: &[u32]) -> String {
    pages
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::page_list;

    #[test]
    fn page_lists_are_comma_separated() {
        assert_eq!(page_list(&[1, 4, 7]), "1, 4, 7");
        assert_eq!(page_list(&[2]), "2");
    }
}
