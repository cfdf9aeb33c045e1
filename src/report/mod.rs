//! Charts and the HTML report: the only module that knows plotters.
//!
//! - [`data`]: the numbers behind every chart and table, from per-document counts (pure).
//! - [`charts`]: drawing those datasets as SVG and PNG with plotters.
//! - [`font`]: the embedded font the charts are drawn with.
//! - [`html`]: the self-contained HTML report, everything from a document escaped.
//!
//! [`analyse`] is one pass of [`crate::analysis`] over the selected documents, keeping what the report
//! needs: per-document counts and a few keyword-in-context lines per concept.
//! [`write_report`] draws every chart and writes `report.html` beside `charts/`.

pub mod charts;
pub mod data;
pub mod font;
pub mod html;
pub mod levels;
pub mod rigour;
pub mod series;
pub mod tables;
pub mod talk;
pub mod waves;

use crate::analysis::Quote;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::matcher::Matcher;
use crate::model::DocId;
use data::{ConceptRef, Counts, DocCounts, FirstSeen, Metric, Profile, Trend, WaveCompare};
use std::path::{Path, PathBuf};

/// The lexicon group whose concepts are charted as approaches (charts 1, 3, 4).
pub const APPROACH: &str = "approach";
/// The lexicon group whose concepts are charted as harms (chart 2).
pub const HARM: &str = "harm";

/// Keyword-in-context lines kept per concept.
pub const KWIC_PER_CONCEPT: usize = 6;
/// Characters of context each side of a KWIC match.
pub const KWIC_WIDTH: usize = 70;

/// A keyword-in-context line to cite: document, page, context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine {
    /// Index into [`Counts::docs`].
    pub doc: usize,
    pub quote: Quote,
}

/// What one pass of the matcher over the corpus yields for the report.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub counts: Counts,
    /// `kwic[concept]`: up to [`KWIC_PER_CONCEPT`] lines, from different documents, spread
    /// over nations, earliest documents first.
    pub kwic: Vec<Vec<KwicLine>>,
    /// Documents whose stored text could not be read (left out of every figure).
    pub failed: Vec<(DocId, String)>,
    /// Documents without a text layer (scans that need OCR): left out of every figure, and
    /// the report says how many.
    pub no_text: Vec<crate::model::Document>,
    /// Documents with text but none in the lexicon's language (e.g. all in Welsh): left out
    /// of every figure, and the report says which.
    pub other_language: Vec<crate::model::Document>,
    /// Documents marked as illustrative (the word in their title or publisher), e.g. the
    /// bundled demonstration corpus: the report then says its figures are not findings.
    pub illustrative: u64,
    /// `variants[concept][variant]`: occurrences of each of a concept's terms and acronyms
    /// (numbered as [`crate::lexicon::Concept::variant`]) over the documents counted, as
    /// `efrh count --by term` gives them.
    pub variants: Vec<Vec<u64>>,
    /// The audit files of the corpus, scored ([`rigour::audits`]; empty unless the command
    /// reads them).
    pub audits: rigour::Audits,
    /// "How the approaches are talked about": paragraph co-occurrence and collocates.
    pub talk: talk::Talk,
    /// The series of the selection, their editions and what each added.
    pub series: Vec<series::Timeline>,
}

/// True when a document says it is illustrative (not real policy).
pub fn is_illustrative(d: &crate::model::Document) -> bool {
    let marked = |s: &str| s.to_lowercase().contains("illustrative");
    marked(&d.meta.title) || d.meta.publisher.as_deref().is_some_and(marked)
}

/// How much of the analysis to compute: what `chart` draws (counts, variants and lines to
/// cite), or also the report's sections on how the approaches are talked about and on
/// series, which need sentence and paragraph splits and a second pass over series' editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    Charts,
    Report,
}

/// Match the selected documents of `corpus` against `lexicon`: one pass of
/// [`crate::analysis::each_document`], keeping each document's counts and its first line in
/// context per concept. A lexicon that cannot be compiled is an error, never a report of
/// zeros.
pub fn analyse(
    corpus: &Corpus,
    docs: &[&crate::model::Document],
    lexicon: &Lexicon,
    depth: Depth,
    progress: &(dyn Fn() + Sync),
) -> Result<Analysis> {
    let matcher = Matcher::try_new(lexicon)?;
    let nconcepts = lexicon.concepts().len();
    let in_group = |g: &str| -> Vec<usize> {
        (0..nconcepts)
            .filter(|&c| lexicon.concepts().get(c).is_some_and(|x| x.group == g))
            .collect()
    };
    let (lex_approaches, lex_harms) = match in_group(APPROACH) {
        a if a.is_empty() => ((0..nconcepts).collect(), in_group(HARM)),
        a => (a, in_group(HARM)),
    };
    let talk = match depth {
        Depth::Report => Some(talk::Collector::new(lexicon, &lex_approaches)?),
        Depth::Charts => None,
    };
    let pass = crate::analysis::each_document(corpus, docs, &matcher, progress, |d, text, occ| {
        let tally = talk.as_ref().map(|t| t.document(d, text, &occ));
        let mut counts = vec![0u64; nconcepts];
        let mut variants: Vec<Vec<u64>> = lexicon
            .concepts()
            .iter()
            .map(|c| vec![0u64; c.variants()])
            .collect();
        // The first occurrence of each concept in this document, for KWIC.
        let mut first: Vec<Option<KwicLine>> = vec![None; nconcepts];
        for o in &occ {
            if let Some(c) = counts.get_mut(o.concept) {
                *c += 1;
            }
            if let Some(v) = variants.get_mut(o.concept).and_then(|v| v.get_mut(o.term)) {
                *v += 1;
            }
            if let Some(slot @ None) = first.get_mut(o.concept) {
                *slot = Some(KwicLine {
                    doc: 0,
                    quote: Quote::new(text, o, lexicon, KWIC_WIDTH),
                });
            }
        }
        (counts, first, variants, tally)
    });
    let mut analysis = Analysis {
        counts: Counts {
            concepts: lexicon
                .concepts()
                .iter()
                .map(|c| ConceptRef {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    group: c.group.clone(),
                })
                .collect(),
            docs: Vec::with_capacity(pass.documents.len()),
        },
        kwic: vec![Vec::new(); nconcepts],
        failed: pass.failed,
        no_text: pass.no_text,
        other_language: pass.other_language,
        illustrative: docs.iter().filter(|d| is_illustrative(d)).count() as u64,
        variants: lexicon
            .concepts()
            .iter()
            .map(|c| vec![0u64; c.variants()])
            .collect(),
        audits: rigour::Audits::default(),
        talk: talk::Talk::default(),
        series: Vec::new(),
    };
    let mut candidates: Vec<Vec<KwicLine>> = vec![Vec::new(); nconcepts];
    let mut tally = crate::cooccur::Tally::new(nconcepts);
    for (idx, (doc, (counts, first, variants, t))) in
        pass.documents.into_iter().zip(pass.results).enumerate()
    {
        if let Some(t) = t {
            tally = tally.merge(t);
        }
        analysis.counts.docs.push(DocCounts { doc, counts });
        for (total, per_doc) in analysis.variants.iter_mut().zip(variants) {
            for (t, n) in total.iter_mut().zip(per_doc) {
                *t += n;
            }
        }
        for (c, k) in first.into_iter().enumerate() {
            if let (Some(mut k), Some(cands)) = (k, candidates.get_mut(c)) {
                k.doc = idx;
                cands.push(k);
            }
        }
    }
    for (c, cands) in candidates.into_iter().enumerate() {
        analysis.kwic[c] = pick_kwic(&analysis.counts.docs, cands, KWIC_PER_CONCEPT);
    }
    if let Some(talk) = talk {
        analysis.talk = talk.finish(tally, &lex_harms);
        analysis.series = series::build(
            corpus,
            &analysis.counts,
            lexicon,
            &matcher,
            &approaches(&analysis.counts),
        );
    }
    Ok(analysis)
}

/// Choose up to `n` lines: earliest document first, one per nation before a second from any
/// nation, so the lines show the spread of usage.
fn pick_kwic(docs: &[DocCounts], mut cands: Vec<KwicLine>, n: usize) -> Vec<KwicLine> {
    let key = |k: &KwicLine| {
        docs.get(k.doc)
            .map(|d| (d.year(), d.title().to_string(), d.doc.id.clone()))
    };
    cands.sort_by_key(key);
    let mut chosen: Vec<KwicLine> = Vec::new();
    let mut rest = Vec::new();
    for k in cands {
        let nation = docs.get(k.doc).map(|d| d.nation());
        let seen = chosen
            .iter()
            .any(|c| docs.get(c.doc).map(|d| d.nation()) == nation);
        if !seen && chosen.len() < n {
            chosen.push(k);
        } else {
            rest.push(k);
        }
    }
    chosen.extend(rest.into_iter().take(n.saturating_sub(chosen.len())));
    chosen.sort_by_key(key);
    chosen
}

/// The concepts charted as approaches: the "approach" group, else every concept.
pub fn approaches(counts: &Counts) -> Vec<usize> {
    let a = counts.group(APPROACH);
    if a.is_empty() {
        (0..counts.concepts.len()).collect()
    } else {
        a
    }
}

/// Everything the report shows, computed and drawn.
#[derive(Debug, Clone)]
pub struct Figures {
    /// The concepts charted as approaches (indices into the lexicon) and their ids.
    pub approaches: Vec<usize>,
    pub approach_ids: Vec<String>,
    /// The concepts of the harms profile.
    pub harm_concepts: Vec<usize>,
    /// Per approach: (share-of-documents trend, per-10k trend).
    pub uptake: Vec<(Trend, Trend)>,
    pub harms: Option<Profile>,
    /// Harms over time: one trend per harm (share of documents by year, all nations).
    pub harms_over_time: Vec<Trend>,
    pub first: FirstSeen,
    pub waves: Option<WaveCompare>,
}

impl Figures {
    pub fn new(counts: &Counts) -> Figures {
        let a = approaches(counts);
        let harms = counts.group(HARM);
        Figures {
            approach_ids: a
                .iter()
                .filter_map(|&c| counts.concepts.get(c).map(|x| x.id.clone()))
                .collect(),
            harm_concepts: harms.clone(),
            uptake: a
                .iter()
                .map(|&c| {
                    (
                        Trend::by_nation(counts, c, Metric::Documents),
                        Trend::by_nation(counts, c, Metric::Per10k),
                    )
                })
                .collect(),
            harms: (!harms.is_empty()).then(|| Profile::new(counts, &harms, Metric::Per10k)),
            harms_over_time: Trend::each_concept(counts, &harms, Metric::Documents),
            first: FirstSeen::new(counts, &a),
            waves: WaveCompare::new(counts, &a),
            approaches: a,
        }
    }
}

/// Facts about the run printed in the methods section, for reproducing the figures.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub tool_version: String,
    /// UTC date and time of the run, `YYYY-MM-DD HH:MM UTC`.
    pub generated: String,
    pub corpus_path: String,
    /// Hex SHA-256 of `catalogue.toml` (`None` for an empty corpus without one).
    pub catalogue_sha256: Option<String>,
    pub lexicon_origin: String,
    pub lexicon_sha256: String,
}

impl Provenance {
    pub fn new(corpus: &Corpus, lexicon: &Lexicon) -> Provenance {
        let catalogue = corpus.root().join("catalogue.toml");
        let catalogue_sha256 = std::fs::read(&catalogue).ok().map(|b| {
            use sha2::Digest;
            sha2::Sha256::digest(&b)
                .iter()
                .map(|x| format!("{x:02x}"))
                .collect()
        });
        Provenance {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            generated: utc_now(),
            corpus_path: corpus.root().display().to_string(),
            catalogue_sha256,
            lexicon_origin: lexicon.origin().to_string(),
            lexicon_sha256: lexicon.sha256().to_string(),
        }
    }
}

/// Now in UTC as `YYYY-MM-DD HH:MM UTC`; `SOURCE_DATE_EPOCH` (seconds) overrides the clock
/// so a report can be regenerated byte for byte.
pub fn utc_now() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    format_utc(secs)
}

/// Seconds since 1970 as `YYYY-MM-DD HH:MM UTC` (proleptic Gregorian calendar).
pub fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-from-civil inverse.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60
    )
}

/// What [`write_report`] wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub html: PathBuf,
    pub charts: Vec<PathBuf>,
}

/// One chart of the report: its file stem, drawn SVG (inlined in the HTML) and PNG.
pub struct Drawn {
    pub stem: String,
    pub svg: String,
    pub png: Vec<u8>,
}

fn draw(stem: String, chart: charts::Chart<'_>, footnote: Option<&str>) -> Result<Drawn> {
    Ok(Drawn {
        stem,
        svg: charts::svg_with(chart, footnote)?,
        png: charts::png_with(chart, footnote)?,
    })
}

/// The footnote every chart of an analysis carries: a warning when any document is marked
/// illustrative, so a chart copied into slides still says it is not a finding.
pub fn footnote(analysis: &Analysis) -> Option<String> {
    let n = analysis.counts.docs.len() as u64
        + analysis.failed.len() as u64
        + analysis.no_text.len() as u64
        + analysis.other_language.len() as u64;
    match analysis.illustrative {
        0 => None,
        k if k >= n => Some(
            "Illustrative data: demonstration documents, not real policy. Not research findings."
                .to_string(),
        ),
        k => Some(format!(
            "{k} of {n} documents are illustrative (demonstration, not real policy)."
        )),
    }
}

/// The file stem of the report's harms-over-time chart.
pub const HARMS_OVER_TIME: &str = "harms-over-time";

/// Draw every chart of the report (in parallel: PNG rasterising dominates).
pub fn draw_all(
    figures: &Figures,
    counts: &Counts,
    footnote: Option<&str>,
) -> Result<html::DrawnFigures> {
    use rayon::prelude::*;
    let ids: Vec<&str> = approaches(counts)
        .into_iter()
        .map(|c| counts.concepts[c].id.as_str())
        .collect();
    let uptake: Vec<Result<(Drawn, Drawn)>> = figures
        .uptake
        .par_iter()
        .zip(ids.par_iter())
        .map(|((share, rate), id)| {
            Ok((
                draw(
                    format!("uptake-{id}-share"),
                    charts::Chart::Trends(std::slice::from_ref(share)),
                    footnote,
                )?,
                draw(
                    format!("uptake-{id}-per10k"),
                    charts::Chart::Trends(std::slice::from_ref(rate)),
                    footnote,
                )?,
            ))
        })
        .collect();
    let uptake = uptake.into_iter().collect::<Result<Vec<_>>>()?;
    let ((harms, harms_over_time), (first, waves)) = rayon::join(
        || {
            let profile = figures
                .harms
                .as_ref()
                .map(|p| draw("harms-per10k".into(), charts::Chart::Profile(p), footnote))
                .transpose();
            let title = Trend::over_time_title(HARM, Metric::Documents);
            let trends = &figures.harms_over_time;
            let over_time = (!trends.is_empty())
                .then(|| {
                    draw(
                        HARMS_OVER_TIME.into(),
                        charts::Chart::Grid {
                            title: &title,
                            trends,
                        },
                        footnote,
                    )
                })
                .transpose();
            (profile, over_time)
        },
        || {
            rayon::join(
                || {
                    draw(
                        "first-appearance".into(),
                        charts::Chart::First(&figures.first),
                        footnote,
                    )
                },
                || {
                    figures
                        .waves
                        .as_ref()
                        .map(|w| draw("waves".into(), charts::Chart::Waves(w), footnote))
                        .transpose()
                },
            )
        },
    );
    Ok(html::DrawnFigures {
        uptake,
        harms: harms?,
        harms_over_time: harms_over_time?,
        first: first?,
        waves: waves?,
    })
}

/// Write `dir/report.html` and `dir/charts/*.svg|png`. Every file is written atomically.
pub fn write_report(
    dir: &Path,
    analysis: &Analysis,
    lexicon: &Lexicon,
    provenance: &Provenance,
) -> Result<Written> {
    let figures = Figures::new(&analysis.counts);
    let note = footnote(analysis);
    let drawn = draw_all(&figures, &analysis.counts, note.as_deref())?;
    let talk_drawn = talk::draw(&analysis.talk, lexicon, note.as_deref())?;
    let chart_dir = dir.join("charts");
    std::fs::create_dir_all(&chart_dir).map_err(|e| Error::io(&chart_dir, e))?;
    let mut written = Vec::new();
    for d in drawn.all().into_iter().chain(talk_drawn.all()) {
        for (ext, bytes) in [("svg", d.svg.as_bytes()), ("png", d.png.as_slice())] {
            let path = chart_dir.join(format!("{}.{ext}", d.stem));
            atomic_write(&path, bytes)?;
            written.push(path);
        }
    }
    for (stem, numbers) in chart_numbers(&figures) {
        let path = chart_dir.join(format!("{stem}.csv"));
        let bytes = tables::csv(&analysis.counts, numbers).map_err(|e| Error::io(&path, e))?;
        atomic_write(&path, &bytes)?;
        written.push(path);
    }
    // The numbers of the sections on levels and on how the approaches are talked about.
    let level_csvs = levels::csvs(&analysis.counts, &figures.approaches)
        .map_err(|e| Error::io(&chart_dir, e))?;
    let talk_csvs = talk::csvs(&analysis.talk, lexicon)
        .into_iter()
        .map(|(stem, text)| (stem, text.into_bytes()));
    for (stem, bytes) in level_csvs.into_iter().chain(talk_csvs) {
        let path = chart_dir.join(format!("{stem}.csv"));
        atomic_write(&path, &bytes)?;
        written.push(path);
    }
    let page = html::render(&html::Input {
        analysis,
        figures: &figures,
        drawn: &drawn,
        talk: &talk_drawn,
        lexicon,
        provenance,
    });
    let html_path = dir.join("report.html");
    atomic_write(&html_path, page.as_bytes())?;
    Ok(Written {
        html: html_path,
        charts: written,
    })
}

/// The numbers behind each chart of the report, by the chart's file stem (as [`draw_all`]
/// names them).
fn chart_numbers(figures: &Figures) -> Vec<(String, tables::Numbers<'_>)> {
    use tables::Numbers;
    let mut out = Vec::new();
    for (i, id) in figures.approaches.iter().zip(&figures.approach_ids) {
        let one = std::slice::from_ref(i);
        let n = Numbers::Uptake {
            concepts: one,
            by_nation: true,
        };
        out.push((format!("uptake-{id}-share"), n));
        out.push((format!("uptake-{id}-per10k"), n));
    }
    if figures.harms.is_some() {
        out.push((
            "harms-per10k".to_string(),
            Numbers::Profile {
                concepts: &figures.harm_concepts,
            },
        ));
    }
    if !figures.harms_over_time.is_empty() {
        out.push((
            HARMS_OVER_TIME.to_string(),
            Numbers::Uptake {
                concepts: &figures.harm_concepts,
                by_nation: false,
            },
        ));
    }
    out.push((
        "first-appearance".to_string(),
        Numbers::First {
            concepts: &figures.approaches,
        },
    ));
    if let Some(w) = &figures.waves {
        out.push((
            "waves".to_string(),
            Numbers::Waves {
                concepts: &figures.approaches,
                baseline: w.baseline,
                update: w.update,
            },
        ));
    }
    out
}

/// Write `bytes` to `path` through a temporary file in the same folder (flushed, renamed).
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".efrh-tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(&dir, plain_io(e)))?;
    std::io::Write::write_all(tmp.as_file_mut(), bytes).map_err(|e| Error::io(path, e))?;
    // Temporary files are private (0600); a report is meant to be read and shared.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::Permissions::from_mode(0o644);
        std::fs::set_permissions(tmp.path(), perms).map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path)
        .map_err(|e| Error::io(path, plain_io(e.error)))?;
    Ok(())
}

/// The OS's own words for an I/O error, without the temporary file's name that `tempfile`
/// appends ("… at path \"/x/.efrh-tmpYVd7gl\""): the user never named that file.
fn plain_io(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    // `tempfile`'s own error type has no accessor for the OS error: cut its suffix.
    let text = e.to_string();
    match text.find(" at path \"") {
        Some(cut) => std::io::Error::new(e.kind(), text.get(..cut).unwrap_or(&text).to_string()),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_formatting() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_utc(1_700_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(format_utc(4_107_542_399), "2100-02-28 23:59 UTC");
    }

    #[test]
    fn kwic_spreads_over_nations_then_fills() {
        let c = data::tests::sample();
        let line = |doc| KwicLine {
            doc,
            quote: Quote {
                page: 1,
                page_label: None,
                left: String::new(),
                matched: "x".into(),
                right: String::new(),
            },
        };
        // Docs 0, 1, 2 are English (2017, 2017, 2019), 3 Scottish 2018, 5 Welsh 2019.
        let picked = pick_kwic(&c.docs, (0..6).map(line).collect(), 3);
        let docs: Vec<usize> = picked.iter().map(|k| k.doc).collect();
        // One per nation first (earliest of each), in year order.
        assert_eq!(docs, vec![0, 3, 5]);
        let picked = pick_kwic(&c.docs, (0..6).map(line).collect(), 5);
        let docs: Vec<usize> = picked.iter().map(|k| k.doc).collect();
        assert_eq!(docs, vec![0, 1, 3, 2, 5]);
    }
}
