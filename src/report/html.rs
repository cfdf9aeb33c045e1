//! The HTML report: one self-contained file (styles inline, charts as inline SVG, no scripts,
//! no external assets), readable offline and printable.
//!
//! Everything that comes from a document or a lexicon (titles, snippets, labels, terms, paths)
//! goes through [`esc`]. A restrictive Content-Security-Policy (no scripts, no remote loads) is
//! a second line of defence, not a substitute.

use super::data::{format_value, Cell, First, Glance, Grid, Metric};
use super::{Analysis, Drawn, Figures, Provenance};
use crate::lexicon::Lexicon;
use crate::model::Document;
use std::fmt::Write;

pub use crate::markup::html as esc;

/// Every chart of the report, drawn.
pub struct DrawnFigures {
    /// Per approach: (share chart, per-10k chart).
    pub uptake: Vec<(Drawn, Drawn)>,
    pub harms: Option<Drawn>,
    pub harms_over_time: Option<Drawn>,
    pub first: Drawn,
    pub waves: Option<Drawn>,
}

impl DrawnFigures {
    pub fn all(&self) -> Vec<&Drawn> {
        let mut v: Vec<&Drawn> = Vec::new();
        for (a, b) in &self.uptake {
            v.push(a);
            v.push(b);
        }
        v.extend(self.harms.iter());
        v.extend(self.harms_over_time.iter());
        v.push(&self.first);
        v.extend(self.waves.iter());
        v
    }
}

/// What the page is made from.
pub struct Input<'a> {
    pub analysis: &'a Analysis,
    pub figures: &'a Figures,
    pub drawn: &'a DrawnFigures,
    pub talk: &'a super::talk::TalkDrawn,
    pub lexicon: &'a Lexicon,
    pub provenance: &'a Provenance,
}

const STYLE: &str = r#"
:root { --ink: #1a1a1a; --muted: #5a5a5a; --rule: #d9d9d9; --band: #f4f6f8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1100px; padding: 1.5rem 1.5rem 4rem; line-height: 1.45; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 .6rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
h3 { font-size: 1.15rem; margin: 1.8rem 0 .4rem; }
p.meta, p.note { color: var(--muted); font-size: .92rem; }
p.reading { font-size: 1.02rem; background: var(--band); border-left: 4px solid var(--accent);
            padding: .5rem .8rem; margin: .6rem 0; }
.banner { background: #fff4d6; border: 1px solid #e6b800; padding: .7rem 1rem; margin: 1rem 0;
          font-weight: bold; }
.warning { background: #fde8e4; border: 1px solid #d55e00; padding: .7rem 1rem; margin: 1rem 0; }
figure { margin: 1rem 0; }
figure svg { width: 100%; max-width: 1100px; height: auto; display: block; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .88rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid var(--rule); padding: .25rem .5rem; vertical-align: top; }
th { background: var(--band); text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.gap { color: #aaa; text-align: center; }
td.kwic-left { text-align: right; color: var(--muted); }
td.kwic-right { color: var(--muted); }
td.kwic-match { font-weight: bold; white-space: nowrap; }
.scroll { overflow-x: auto; }
nav ol { columns: 2; font-size: .95rem; }
code { font-size: .88rem; word-break: break-all; }
#table-lexicon code, #table-documents code { white-space: nowrap; word-break: normal; }
@media print { .scroll { overflow: visible; } h2 { break-before: page; } }
"#;

/// Render the report page.
pub fn render(input: &Input<'_>) -> String {
    let mut h = String::with_capacity(1 << 20);
    let a = input.analysis;
    let counts = &a.counts;
    let glance = Glance::new(counts);
    let p = input.provenance;

    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n",
    );
    let _ = writeln!(
        h,
        "<title>EFRH corpus report: {}</title>",
        esc(&p.corpus_path)
    );
    let _ = writeln!(h, "<style>{STYLE}</style>\n</head>\n<body>");

    // Header.
    h.push_str("<header>\n<h1>Extra-familial risks and harms: corpus report</h1>\n");
    let _ = writeln!(
        h,
        "<p class=\"meta\">Corpus <code>{}</code>: {} documents, {} pages, {} words. \
         Generated {} by efrh {}.</p>",
        esc(&p.corpus_path),
        glance.documents,
        glance.pages,
        glance.words,
        esc(&p.generated),
        esc(&p.tool_version)
    );
    if a.illustrative > 0 {
        let _ = writeln!(
            h,
            "<p class=\"banner\">Illustrative corpus: {} of the {} documents are marked as \
             illustrative (written for demonstration, not real policy). The figures below \
             demonstrate the tool; they are not research findings.</p>",
            a.illustrative, glance.documents
        );
    }
    warning_list(
        &mut h,
        "These documents could not be read and are left out of every figure (run <code>efrh check</code>):",
        &a.failed,
        |(id, e)| format!("<code>{}</code>: {}", esc(id.as_str()), esc(e)),
    );
    warning_list(
        &mut h,
        "These documents have no text layer (scans that need OCR) and are left out of every figure: a document without words is no evidence that a concept is absent. <code>efrh reindex --ocr</code> reads them by OCR.",
        &a.no_text,
        left_out_doc,
    );
    warning_list(
        &mut h,
        "These documents have text, but none in the lexicon's language, and are left out of every figure: they have no words to count a rate in.",
        &a.other_language,
        |d| {
            format!(
                "{}: {}",
                left_out_doc(d),
                esc(&crate::language::shares(&d.words_by_language))
            )
        },
    );
    let (ocr_pages, ocr_docs) = a.counts.docs.iter().fold((0usize, 0usize), |(p, n), dc| {
        let k = dc.doc.quality.ocr_pages.len();
        (p + k, n + usize::from(k > 0))
    });
    if ocr_pages > 0 {
        let _ = writeln!(
            h,
            "<p class=\"note\" id=\"ocr-pages\">{ocr_pages} page(s) of {ocr_docs} document(s) \
             were read by OCR (no text layer): their counts depend on the OCR's accuracy, and \
             lines in context from them are marked <em>OCR</em>.</p>"
        );
    }
    h.push_str("</header>\n");

    h.push_str(
        "<nav><h2 id=\"contents\">Contents</h2><ol>\
         <li><a href=\"#corpus\">The corpus at a glance</a></li>\
         <li><a href=\"#uptake\">Uptake over time</a></li>\
         <li><a href=\"#harms\">Harms profile</a></li>\
         <li><a href=\"#first\">First appearance</a></li>\
         <li><a href=\"#waves\">The first analysis and the update</a></li>\
         <li><a href=\"#kwic\">In context: lines to cite</a></li>\
         <li><a href=\"#levels\">National and local</a></li>\
         <li><a href=\"#series\">Series: editions of one guidance</a></li>\
         <li><a href=\"#talk\">How the approaches are talked about</a></li>\
         <li><a href=\"#documents\">Documents</a></li>\
         <li><a href=\"#methods\">Methods and provenance</a></li>\
         </ol></nav>\n",
    );

    corpus_section(&mut h, &glance);
    uptake_section(&mut h, input);
    harms_section(&mut h, input);
    first_section(&mut h, input);
    super::waves::section(&mut h, input);
    kwic_section(&mut h, input);
    let approaches = &input.figures.approaches;
    super::levels::section(&mut h, 7, counts, approaches);
    super::series::section(&mut h, 8, &a.series, counts, approaches);
    super::talk::section(&mut h, 9, &a.talk, input.talk, input.lexicon, &figure);
    documents_section(&mut h, input);
    methods_section(&mut h, input);

    h.push_str("</body>\n</html>\n");
    h
}

pub(super) fn figure(h: &mut String, d: &Drawn, caption: &str) {
    // Inline the SVG as an image with an accessible name (the caption).
    let svg = d
        .svg
        .find("<svg")
        .and_then(|i| d.svg.get(i + 4..))
        .map(|rest| {
            format!(
                "<svg role=\"img\" aria-label=\"{}\"{rest}",
                esc(caption.trim_end_matches('.'))
            )
        })
        .unwrap_or_default();
    let _ = writeln!(
        h,
        "<figure id=\"fig-{}\">\n{}\n<figcaption>{}. Files: <code>charts/{}.svg</code>, \
         <code>charts/{}.png</code>.</figcaption>\n</figure>",
        esc(&d.stem),
        svg,
        esc(caption.trim_end_matches('.')),
        esc(&d.stem),
        esc(&d.stem)
    );
}

pub(super) fn reading(h: &mut String, text: &str) {
    let _ = writeln!(h, "<p class=\"reading\">{}</p>", esc(text));
}

fn corpus_section(h: &mut String, g: &Glance) {
    h.push_str("<section>\n<h2 id=\"corpus\">1. The corpus at a glance</h2>\n");
    if g.documents == 0 {
        h.push_str("<p>The corpus has no documents yet. Add some with <code>efrh add</code>.</p>\n</section>\n");
        return;
    }
    h.push_str("<div class=\"scroll\"><table id=\"table-corpus\">\n<caption>Documents by nation, wave and year of publication</caption>\n<thead><tr><th>Nation</th><th>Wave</th>");
    for y in &g.years {
        let _ = write!(h, "<th>{y}</th>");
    }
    h.push_str("<th>Total</th></tr></thead>\n<tbody>\n");
    for r in &g.rows {
        let wave = r.wave.map_or("none".to_string(), |w| w.to_string());
        let _ = write!(h, "<tr><th>{}</th><td>{}</td>", r.nation.label(), wave);
        for n in &r.by_year {
            if *n == 0 {
                h.push_str("<td class=\"gap\">·</td>");
            } else {
                let _ = write!(h, "<td class=\"num\">{n}</td>");
            }
        }
        let _ = writeln!(h, "<td class=\"num\"><b>{}</b></td></tr>", r.total);
    }
    h.push_str("<tr><th colspan=\"2\">All</th>");
    for n in &g.year_totals {
        let _ = write!(h, "<td class=\"num\"><b>{n}</b></td>");
    }
    let _ = writeln!(
        h,
        "<td class=\"num\"><b>{}</b></td></tr>\n</tbody></table></div>",
        g.documents
    );
    h.push_str("</section>\n");
}

fn uptake_section(h: &mut String, input: &Input<'_>) {
    let f = input.figures;
    h.push_str("<section>\n<h2 id=\"uptake\">2. Uptake over time</h2>\n");
    h.push_str(
        "<p class=\"note\">For each approach, by year of publication and nation: the share of \
         that year's documents that mention it at least once (k of N in the table), and its \
         mentions per 10,000 words. A nation with no documents in a year has no point (a gap, \
         not a zero).</p>\n",
    );
    for (i, ((share, rate), (ds, dr))) in f.uptake.iter().zip(&input.drawn.uptake).enumerate() {
        let label = share.title.split(':').next().unwrap_or("").to_string();
        let _ = writeln!(h, "<h3>{}</h3>", esc(&label));
        if let Some(&c) = f.approaches.get(i) {
            super::rigour::note(h, input, c);
        }
        reading(h, &share.reading());
        figure(h, ds, &share.title);
        trend_table(
            h,
            share,
            &format!("{label}: documents mentioning it, k of N (share)"),
        );
        reading(h, &rate.reading());
        figure(h, dr, &rate.title);
        trend_table(
            h,
            rate,
            &format!("{label}: mentions per 10,000 words (mentions / words)"),
        );
    }
    h.push_str("</section>\n");
}

/// A trend as a table: one row per year, one column per series (nations fit across a page;
/// years go down).
fn trend_table(h: &mut String, t: &super::data::Trend, caption: &str) {
    let _ = write!(
        h,
        "<div class=\"scroll\"><table class=\"trend\">\n<caption>{}</caption>\n<thead><tr><th>Year</th>",
        esc(caption)
    );
    for s in &t.series {
        let _ = write!(h, "<th>{}</th>", esc(&s.label));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (i, y) in t.years.iter().enumerate() {
        let _ = write!(h, "<tr><th>{y}</th>");
        for s in &t.series {
            match s.cells.get(i) {
                Some(c) => trend_cell(h, c, t.metric),
                None => h.push_str("<td class=\"gap\">–</td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div>\n");
}

fn trend_cell(h: &mut String, c: &Cell, metric: Metric) {
    match c.value(metric) {
        None => h.push_str("<td class=\"gap\">–</td>"),
        Some(v) => {
            let detail = match metric {
                Metric::Documents => c.k_of_n(),
                _ => format!("{} / {} words", c.mentions, c.words),
            };
            let main = match metric {
                Metric::Documents => format!("{} ({})", c.k_of_n(), format_value(metric, v)),
                _ => format_value(metric, v),
            };
            let _ = write!(
                h,
                "<td class=\"num\" title=\"{}\">{}</td>",
                esc(&detail),
                esc(&main)
            );
        }
    }
}

fn harms_section(h: &mut String, input: &Input<'_>) {
    h.push_str("<section>\n<h2 id=\"harms\">3. Harms profile</h2>\n");
    let (Some(p), Some(d)) = (&input.figures.harms, &input.drawn.harms) else {
        h.push_str(
            "<p>The lexicon has no concepts in the group <code>harm</code>.</p>\n</section>\n",
        );
        return;
    };
    reading(h, &p.reading());
    figure(h, d, &p.title);
    grid_table(
        h,
        "<div class=\"scroll\"><table id=\"table-harms\">\n<caption>Mentions per 10,000 words by nation (mentions; documents mentioning it, k of N)</caption>\n<thead><tr><th>Harm</th>",
        &p.grid,
        |h, cell| match cell.value(p.metric) {
            None => h.push_str("<td class=\"gap\">–</td>"),
            Some(v) => {
                let _ = write!(
                    h,
                    "<td class=\"num\">{} <small>({}; {})</small></td>",
                    format_value(p.metric, v),
                    cell.mentions,
                    cell.k_of_n()
                );
            }
        },
    );
    h.push_str("</tbody></table></div>\n");
    if let Some(d) = &input.drawn.harms_over_time {
        h.push_str("<h3 id=\"harms-over-time\">Harms over time</h3>\n");
        figure(
            h,
            d,
            "Share of documents naming each harm, by year of publication (all nations); \
             bars: 95% intervals; hollow: fewer than 5 documents. Numbers: charts/harms-over-time.csv",
        );
    }
    h.push_str("</section>\n");
}

fn first_section(h: &mut String, input: &Input<'_>) {
    let f = &input.figures.first;
    let docs = &input.analysis.counts.docs;
    h.push_str("<section>\n<h2 id=\"first\">4. First appearance</h2>\n");
    reading(h, &f.reading());
    figure(
        h,
        &input.drawn.first,
        "The year each approach first appears in each nation's documents",
    );
    grid_table(
        h,
        "<div class=\"scroll\"><table id=\"table-first\">\n<caption>Year of first appearance, and the earliest document that mentions it</caption>\n<thead><tr><th>Approach</th>",
        &f.grid,
        |h, cell| match cell {
            First::NoDocuments => h.push_str("<td class=\"gap\">no documents</td>"),
            First::NotFound { documents } => {
                let _ = write!(
                    h,
                    "<td class=\"gap\">not mentioned in its {documents} document{}</td>",
                    if *documents == 1 { "" } else { "s" }
                );
            }
            First::Year { year, doc } => {
                let title = docs.get(*doc).map(|d| d.meta.title.as_str()).unwrap_or("");
                let _ = write!(h, "<td><b>{year}</b><br><small>{}</small></td>", esc(title));
            }
        },
    );
    h.push_str("</tbody></table></div>\n</section>\n");
}

/// The rows of a table of `grid` after its opening `head` (up to the corner cell): a column
/// per nation, then a row per concept whose cells `cell` writes; the caller closes the table.
fn grid_table<T>(h: &mut String, head: &str, grid: &Grid<T>, cell: impl Fn(&mut String, &T)) {
    h.push_str(head);
    for n in &grid.nations {
        let _ = write!(h, "<th>{}</th>", n.label());
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (c, row) in grid.concepts.iter().zip(&grid.cells) {
        let _ = write!(h, "<tr><th>{}</th>", esc(&c.label));
        for x in row {
            cell(h, x);
        }
        h.push_str("</tr>\n");
    }
}

fn kwic_section(h: &mut String, input: &Input<'_>) {
    let a = input.analysis;
    h.push_str("<section>\n<h2 id=\"kwic\">6. In context: lines to cite</h2>\n");
    h.push_str(
        "<p class=\"note\">For each approach, a few occurrences (the first in each document; \
         earliest documents first, one per nation before a second from any nation). Pages are \
         numbered from 1 as a reader of the PDF counts them. All occurrences: \
         <code>efrh kwic CONCEPT</code>.</p>\n",
    );
    for c in super::approaches(&a.counts) {
        let concept = &a.counts.concepts[c];
        let _ = writeln!(h, "<h3>{}</h3>", esc(&concept.label));
        let lines = a.kwic.get(c).map(Vec::as_slice).unwrap_or(&[]);
        if lines.is_empty() {
            h.push_str("<p>Not found in any document.</p>\n");
            continue;
        }
        let _ = writeln!(
            h,
            "<div class=\"scroll\"><table class=\"kwic\" id=\"kwic-{}\">\n<thead><tr><th>Document</th><th>Page</th><th colspan=\"3\">Context</th></tr></thead>\n<tbody>",
            esc(&concept.id)
        );
        for line in lines {
            let Some(d) = a.counts.docs.get(line.doc) else {
                continue;
            };
            let k = &line.quote;
            let _ = writeln!(
                h,
                "<tr><td>{} <small>({}, {})</small></td><td class=\"num\">{}</td><td class=\"kwic-left\">…{}</td><td class=\"kwic-match\">{}</td><td class=\"kwic-right\">{}…</td></tr>",
                esc(&d.meta.title),
                d.meta.nation.label(),
                d.meta.year,
                cite_page(k.page, k.page_label.as_deref())
                    + if d.quality.ocr_pages.contains(&k.page) {
                        " <small>(OCR)</small>"
                    } else {
                        ""
                    },
                esc(&k.left),
                esc(&k.matched),
                esc(&k.right)
            );
        }
        h.push_str("</tbody></table></div>\n");
    }
    h.push_str("</section>\n");
}

/// A warning box in the header: `intro`, then one list item per entry (`item` writes its
/// content); nothing when there are no entries.
fn warning_list<T>(h: &mut String, intro: &str, items: &[T], item: impl Fn(&T) -> String) {
    if items.is_empty() {
        return;
    }
    let _ = write!(h, "<div class=\"warning\"><p>{intro}</p><ul>");
    for x in items {
        let _ = write!(h, "<li>{}</li>", item(x));
    }
    h.push_str("</ul></div>\n");
}

/// A document left out of the figures, as a warning's list item: id, title, nation, year.
fn left_out_doc(d: &Document) -> String {
    format!(
        "<code>{}</code>: {} ({}, {})",
        esc(d.id.as_str()),
        esc(&d.meta.title),
        d.meta.nation.label(),
        d.meta.year
    )
}

/// The page to cite: the printed page number, with the PDF's page index beside it when the two
/// differ ("p. 16 <small>(PDF p. 17)</small>"); the index alone where no number is printed.
pub(super) fn cite_page(page: u32, label: Option<&str>) -> String {
    match label {
        Some(l) if l != page.to_string() => {
            format!("p. {} <small>(PDF p. {page})</small>", esc(l))
        }
        _ => format!("p. {page}"),
    }
}

fn documents_section(h: &mut String, input: &Input<'_>) {
    let docs = &input.analysis.counts.docs;
    h.push_str("<section>\n<h2 id=\"documents\">10. Documents</h2>\n");
    h.push_str("<div class=\"scroll\"><table id=\"table-documents\">\n<thead><tr><th>Id</th><th>Title</th><th>Nation</th><th>Year</th><th>Wave</th><th>Pages</th><th>Words</th></tr></thead>\n<tbody>\n");
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&docs[a], &docs[b]);
        (x.meta.nation, x.meta.year, &x.meta.title).cmp(&(
            y.meta.nation,
            y.meta.year,
            &y.meta.title,
        ))
    });
    for i in order {
        let d = &docs[i];
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(d.id.as_str()),
            esc(&d.meta.title),
            d.meta.nation.label(),
            d.meta.year,
            d.meta.wave.map_or("–".to_string(), |w| w.to_string()),
            d.pages,
            d.words
        );
    }
    h.push_str("</tbody></table></div>\n</section>\n");
}

/// The command that regenerates these figures (same efrh version, corpus and lexicon).
fn reproduce_command(p: &Provenance) -> String {
    let mut cmd = format!("efrh --corpus {} report", shell_quote(&p.corpus_path));
    // The built-in lexicon has a description in parentheses, not a path.
    if !p.lexicon_origin.starts_with('(') {
        cmd.push_str(&format!(" --lexicon {}", shell_quote(&p.lexicon_origin)));
    }
    cmd
}

/// Quote for a POSIX shell when needed.
fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn methods_section(h: &mut String, input: &Input<'_>) {
    let p = input.provenance;
    h.push_str("<section>\n<h2 id=\"methods\">11. Methods and provenance</h2>\n");
    h.push_str(
        "<p>Each document's extracted page text (running headers and footers excluded) is \
         matched against the lexicon below: terms case-insensitively, acronyms \
         case-sensitively, whole words only; spaces, hyphens and line breaks between the words \
         of a term are equivalent; within a concept occurrences are leftmost-longest and do not \
         overlap; an occurrence belongs to the page on which it starts. <b>Share</b> is the \
         number of documents mentioning a concept at least once (k) over the documents in the \
         group (N). <b>Per 10,000 words</b> is mentions × 10,000 / words, words counted in the \
         same extracted text. Years are years of publication. Counts match \
         <code>efrh count</code> with the same lexicon. Terms are listed as the matcher \
         reads them (normalised: a hyphen and a space are the same).</p>\n",
    );
    h.push_str("<table id=\"table-provenance\">\n<tbody>\n");
    let rows = [
        ("Tool", format!("efrh {}", p.tool_version)),
        ("Generated", p.generated.clone()),
        ("Corpus", p.corpus_path.clone()),
        (
            "Catalogue SHA-256",
            p.catalogue_sha256
                .clone()
                .unwrap_or_else(|| "none (no catalogue.toml)".into()),
        ),
        ("Lexicon", p.lexicon_origin.clone()),
        ("Lexicon SHA-256", p.lexicon_sha256.clone()),
        ("Reproduce", reproduce_command(p)),
    ];
    for (k, v) in rows {
        let _ = writeln!(h, "<tr><th>{k}</th><td><code>{}</code></td></tr>", esc(&v));
    }
    h.push_str("</tbody></table>\n");
    super::rigour::table(h, input);
    h.push_str("<h3>The lexicon</h3>\n<div class=\"scroll\"><table id=\"table-lexicon\">\n<thead><tr><th>Id</th><th>Label</th><th>Group</th><th>Terms (any case)</th><th>Acronyms (exact case)</th></tr></thead>\n<tbody>\n");
    for c in input.lexicon.concepts() {
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.id),
            esc(&c.label),
            esc(&c.group),
            esc(&c.terms.join("; ")),
            esc(&c.acronyms.join("; "))
        );
    }
    h.push_str("</tbody></table></div>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn shell_quoting() {
        assert_eq!(shell_quote("corpus"), "corpus");
        assert_eq!(shell_quote("/a/b-c.toml"), "/a/b-c.toml");
        assert_eq!(shell_quote("my corpus"), "'my corpus'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
