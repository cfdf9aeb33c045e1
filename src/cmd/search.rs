//! `efrh search`: full-text search of every page, best matches first.

use efrh::corpus::{Corpus, Lookup};
use efrh::index::{self, Marks, Query, SearchIndex, Status};
use efrh::model::Document;
use efrh::output::{write_rows, Format};
use serde::Serialize;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Search the text of every page; one row per matching page, best first.
///
/// Query language:
///   county lines          words: all must be on the page (the default is AND)
///   "county lines"        an exact phrase
///   trauma-informed       hyphenated words are a phrase: finds "trauma informed",
///                         "trauma-informed" and "trauma-" at a line end + "informed"
///   safeguarding          also finds "safe-" at a line end + "guarding"
///   exploit*              words starting with "exploit" (3 letters at least before *)
///   gangs OR knives       OR; AND binds tighter: a b OR c = (a AND b) OR c
///   gangs NOT knives      NOT (also: gangs -knives, or -knives alone); group with ( )
///   nation:wales          england, scotland, wales, northern-ireland (or ni), uk
///   year:2020  year:[2018 TO 2022]  year:[2018 TO *]  ({ } excludes an end)
///   wave:2022  kind:guidance  publisher:"home office"  title:safeguarding  id:<id>
///
/// AND, OR and NOT are operators only in capitals. Matching ignores case and is on whole
/// words: "gang" does not find "gangs" unless --stem is given. Page headers and footers are
/// not searched.
///
/// Quoting: the shell must pass phrases and ranges whole, so quote the query:
///   efrh search '"county lines" -gangs' --format json
///   efrh search 'year:[2018 TO 2022] nation:wales'
/// Options may come before or after the query; a query starting with -word needs no `--`.
/// After `--` every word is query text, so put options before it.
///
/// A query of filters or NOTs only (nation:wales, NOT gangs) scores every page alike: its
/// pages are listed in catalogue order (nation, year, title), then by page.
/// --documents: one row per document, its best page shown (first matching page when
/// there is no score). Snippets mark each match as **match** (bold on a terminal in the table
/// view; in CSV and JSON always **match**). No match: exit 0, "no matches" on stderr.
/// Exit 1 when some document's stored text could not be indexed (named on stderr): the
/// rows shown are then from the other documents only.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The query (several arguments are joined with spaces).
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    query: Vec<String>,
    /// One row per document (its best page), instead of one per page.
    #[arg(long)]
    documents: bool,
    /// Show at most N pages (with --documents: N documents).
    #[arg(long, value_name = "N", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
    /// Also match English word forms (stemming): "gang" finds "gangs", "exploit" finds
    /// "exploitation".
    #[arg(long)]
    stem: bool,
    /// Output format: table, csv or json.
    #[arg(long, default_value = "table")]
    format: Format,
}

/// One result row; the field names are the CSV/JSON columns of the spec.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    title: String,
    nation: String,
    year: u16,
    page: u32,
    /// The printed page number (empty where unknown).
    page_label: Option<String>,
    score: f64,
    snippet: String,
}

const COLUMNS: &[&str] = &super::select::page_columns::<2, 8>(["score", "snippet"]);

/// Table cells are cut at 60 characters (`output`), so table snippets are made to fit.
const TABLE_SNIPPET: usize = 60;
const DATA_SNIPPET: usize = 200;

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    // The query gets the same rule-1 normalisation as the stored text: a phrase pasted from
    // a PDF viewer ("ﬁrst", with a ligature) or a word processor (“curly quotes”) finds
    // what the page holds.
    refuse_options_in_query(&args.query)?;
    let text = efrh::normalize::normalize(&args.query.join(" "));
    let query = Query::parse(&text, args.stem).map_err(|e| efrh::Error::Usage(e.render(&text)))?;
    let (corpus, index) = open_fresh(config)?;
    // Documents whose text could not be indexed make the result incomplete: exit 1.
    let unsearchable = index.unsearchable().len();
    for (id, why) in index.unsearchable() {
        eprintln!("error: document {id} is not searchable: {why}");
    }
    let limit = args.limit as usize;
    // Without a score (filters and NOTs only), or one row per document: every matching page
    // is needed to choose, then it is cut to the limit.
    let scored = query.is_scored();
    let wanted = if scored && !args.documents {
        limit
    } else {
        usize::try_from(index.pages()).unwrap_or(usize::MAX)
    };
    let (corpus, hits) = match index.search(&query, wanted) {
        Ok(hits) => (corpus, hits),
        Err(e) if SearchIndex::is_query_error(&e) => return Err(e.into()),
        // Files damaged under a valid commit: rebuild once and search again.
        Err(e) => {
            if !config.quiet {
                eprintln!("search index: {e:#}; rebuilding it");
            }
            let (corpus, index) = repair(config, true)?;
            let corpus = Lookup::from(corpus);
            let wanted = if scored && !args.documents {
                limit
            } else {
                usize::try_from(index.pages()).unwrap_or(usize::MAX)
            };
            let hits = index.search(&query, wanted)?;
            (corpus, hits)
        }
    };
    let hits = arrange(&corpus, hits, scored, args.documents, limit);

    let rows = rows(&corpus, &hits, &query, args.format)?;
    if rows.is_empty() && !config.quiet {
        eprintln!("no matches");
    }
    if !(rows.is_empty() && args.format == Format::Table) {
        let mut out = std::io::stdout().lock();
        write_rows(&mut out, args.format, COLUMNS, &rows)?;
    }
    Ok(if unsearchable > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Words after `--` are query text, so an option typed there would be searched for as words
/// ("format", "json") without a word said: refuse it and say where options go.
fn refuse_options_in_query(words: &[String]) -> Result<(), efrh::Error> {
    let option = words.iter().find(|w| {
        w.strip_prefix("--")
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_alphabetic())
    });
    match option {
        Some(o) => Err(efrh::Error::Usage(format!(
            "'{o}' is in the query: after `--` every word is query text. Put options before \
             the query (or before `--`), e.g. efrh search {o} … -- -gangs; a query starting \
             with -word needs no `--`"
        ))),
        None => Ok(()),
    }
}

/// Order the hits and cut them to `limit`. Scored hits come best first (as the index
/// returns them); unscored ones (a query of filters and NOTs) in catalogue order, then by
/// page. `per_document`: keep each document's first hit in that order (its best page).
fn arrange(
    corpus: &Lookup,
    mut hits: Vec<index::Hit>,
    scored: bool,
    per_document: bool,
    limit: usize,
) -> Vec<index::Hit> {
    if !scored {
        // Each document's place in the catalogue, looked up once.
        let mut rank: std::collections::HashMap<efrh::model::DocId, usize> = Default::default();
        for h in &hits {
            if !rank.contains_key(&h.id) {
                let at = corpus.position(&h.id).unwrap_or(usize::MAX);
                rank.insert(h.id.clone(), at);
            }
        }
        hits.sort_by_key(|h| (rank.get(&h.id).copied().unwrap_or(usize::MAX), h.page));
    }
    if per_document {
        let mut seen = std::collections::HashSet::new();
        hits.retain(|h| seen.insert(h.id.clone()));
    }
    hits.truncate(limit);
    hits
}

/// The output rows: metadata from the catalogue (only the hits' records are read), a snippet
/// sized for the format.
fn rows(
    corpus: &Lookup,
    hits: &[index::Hit],
    query: &Query,
    format: Format,
) -> anyhow::Result<Vec<Row>> {
    let marks = if format == Format::Table
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
    {
        Marks::ANSI_BOLD
    } else {
        Marks::STARS
    };
    let width = match format {
        Format::Table => TABLE_SNIPPET,
        _ => DATA_SNIPPET,
    };
    // printed page labels from the stored text, read once per document
    let mut labels: std::collections::HashMap<String, Vec<Option<String>>> = Default::default();
    let mut records: std::collections::HashMap<efrh::model::DocId, Option<Document>> =
        Default::default();
    hits.iter()
        .map(|h| -> anyhow::Result<Row> {
            if !records.contains_key(&h.id) {
                records.insert(h.id.clone(), corpus.get(&h.id)?);
            }
            let doc = records.get(&h.id).and_then(Option::as_ref);
            let page_label = labels
                .entry(h.id.to_string())
                .or_insert_with(|| {
                    corpus
                        .load_pages(&h.id)
                        .map(|ps| ps.into_iter().map(|p| p.label).collect())
                        .unwrap_or_default()
                })
                .get((h.page as usize).wrapping_sub(1))
                .cloned()
                .flatten();
            Ok(Row {
                id: h.id.to_string(),
                title: doc.map(|d| d.meta.title.clone()).unwrap_or_default(),
                nation: doc.map(|d| d.meta.nation.to_string()).unwrap_or_default(),
                year: doc.map_or(0, |d| d.meta.year.get()),
                page: h.page,
                page_label,
                score: (f64::from(h.score) * 1000.0).round() / 1000.0,
                snippet: h.snippet(query, width, marks),
            })
        })
        .collect()
}

/// The catalogue and an index that agrees with it: opened read-only when it already agrees
/// (known in O(1) from the catalogue's hash, no record read), otherwise brought up to date
/// first (under the corpus lock).
fn open_fresh(config: &efrh::Config) -> anyhow::Result<(Lookup, SearchIndex)> {
    let lookup = Lookup::open(&config.corpus)?;
    if let Some(index) = index::open_sealed(lookup.root(), lookup.catalogue_hash()) {
        return Ok((lookup, index));
    }
    let (corpus, index) = open_checked(config)?;
    Ok((Lookup::from(corpus), index))
}

/// [`open_fresh`] when the index is not sealed for the catalogue as read: every record is
/// compared, or the index updated.
fn open_checked(config: &efrh::Config) -> anyhow::Result<(Corpus, SearchIndex)> {
    let corpus = Corpus::open(&config.corpus)?;
    match index::open(&corpus) {
        Status::Fresh(index) if index.knows_catalogue() => Ok((corpus, index)),
        // Fresh, found by comparing every record (an index from an older efrh): record the
        // catalogue's hash once so later searches know in O(1); search it as it is if that
        // cannot be done now (a read-only corpus, another writer).
        Status::Fresh(index) => Ok(repair(config, false).unwrap_or((corpus, index))),
        Status::Stale(why) | Status::Unusable(why) => {
            if config.verbose {
                eprintln!("search index: updating ({why})");
            }
            repair(config, false)
        }
    }
}

/// Bring the index up to date under the corpus lock, then open it. What was found before the
/// lock is looked at again under it: another command (e.g. an `add` whose commit replaced
/// the files we had just opened) may have finished in between. `force_rebuild`: the index
/// opened but failed while searching, so its files are damaged.
fn repair(config: &efrh::Config, force_rebuild: bool) -> anyhow::Result<(Corpus, SearchIndex)> {
    let _lock = efrh::corpus::lock::CorpusLock::acquire(&config.corpus)?;
    let corpus = Corpus::open(&config.corpus)?;
    let rebuild = force_rebuild
        || match index::open(&corpus) {
            Status::Fresh(index) if index.knows_catalogue() => return Ok((corpus, index)),
            Status::Fresh(_) | Status::Stale(_) => false,
            Status::Unusable(_) => true,
        };
    if rebuild {
        // Unreadable texts are reported by `unsearchable` once the index is open.
        if let Err(e) = index::rebuild(&corpus) {
            if !matches!(index::open(&corpus), Status::Fresh(_)) {
                return Err(e.into());
            }
        }
    } else {
        let report = index::update(&corpus)?;
        if config.verbose {
            eprintln!(
                "search index: {} {} documents, removed {}",
                if report.rebuilt {
                    "rebuilt with"
                } else {
                    "added"
                },
                report.added,
                report.removed
            );
        }
    }
    match index::open(&corpus) {
        Status::Fresh(index) => Ok((corpus, index)),
        Status::Stale(why) | Status::Unusable(why) => Err(efrh::Error::Corpus(format!(
            "the search index could not be brought up to date ({why}); run `efrh reindex`"
        ))
        .into()),
    }
}
