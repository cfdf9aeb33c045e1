//! The report's section "How the approaches are talked about" (issue 13): which harms each
//! approach is written beside, and the words around each approach in each wave.
//!
//! - The heatmap: for each approach (rows) and harm (columns), the share of the approach's
//!   paragraphs that also name the harm = `windows_both / windows_a` of
//!   `efrh cooccur --window paragraph` ([`crate::cooccur`], the same tally over the same
//!   occurrences of the same lexicon).
//! - Collocates: for each approach and wave, the top [`TOP`] words of
//!   `efrh collocates APPROACH --wave W` with its defaults ([`SPAN`], [`MIN_FREQ`], the shipped
//!   stop words): the approach is matched alone (as `collocates` does), so another concept's
//!   overlapping term cannot hide one of its occurrences.
//!
//! [`Collector`] gathers both during the report's one pass over the documents. Each
//! document's words are read once for all the approaches ([`WaveWords`]); the statistics and
//! the ranking are those of [`crate::collocates`] (`scores`, then G², near, word).

use super::html::esc;
use super::Drawn;
use crate::collocates::{lower_into, mark_roles, ranked, tokens, Collocate, StopWords};
use crate::cooccur::{place, Tally, Window};
use crate::error::Result;
use crate::lexicon::Lexicon;
use crate::matcher::{DocText, Matcher, Occurrence};
use crate::model::{Document, Wave};
use crate::segment::Segments;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::Mutex;

/// Words either side of an occurrence (the default of `efrh collocates --span`).
pub const SPAN: usize = 5;
/// The default of `efrh collocates --min-freq`.
pub const MIN_FREQ: u64 = 3;
/// Collocates shown per approach and wave.
pub const TOP: usize = 10;

/// Collects the section's numbers during the report's pass (documents in parallel).
pub struct Collector {
    /// (concept index, a matcher of that concept alone).
    approaches: Vec<(usize, Matcher)>,
    concepts: usize,
    /// Each wave's words, for every approach at once.
    waves: Mutex<BTreeMap<Wave, WaveWords>>,
}

/// The words of some documents, counted for `k` approaches at once: for each word its
/// positions in all, and for each approach its positions near an occurrence and inside one
/// (an occurrence's own words, which `collocates` leaves out of every count).
#[derive(Debug, Clone, Default)]
pub struct WaveWords {
    k: usize,
    /// word → row of `counts`.
    index: HashMap<String, usize>,
    /// Rows of `1 + 2k`: all positions, then (near, own) per approach.
    counts: Vec<u64>,
    positions: u64,
    /// Per approach: (near positions, own positions).
    per: Vec<(u64, u64)>,
}

impl WaveWords {
    fn new(k: usize) -> WaveWords {
        WaveWords {
            k,
            per: vec![(0, 0); k],
            ..WaveWords::default()
        }
    }

    fn stride(&self) -> usize {
        1 + 2 * self.k
    }

    fn row(&mut self, word: &str) -> usize {
        if let Some(&r) = self.index.get(word) {
            return r;
        }
        let r = self.index.len();
        self.index.insert(word.to_string(), r);
        let stride = self.stride();
        self.counts.resize(self.counts.len() + stride, 0);
        r
    }

    fn bump(&mut self, row: usize, col: usize, by: u64) {
        let stride = self.stride();
        if let Some(x) = self.counts.get_mut(row * stride + col) {
            *x += by;
        }
    }

    /// Count one document: `text` its joined text; `spans[a]` approach `a`'s occurrences as
    /// byte spans; `span` the words each side that are near.
    fn add_document(&mut self, text: &str, spans: &[Vec<(usize, usize)>], span: usize) {
        let toks = tokens(text);
        // role[a * n + t]: 0 elsewhere, 1 near, 2 inside an occurrence (as `Counter`).
        let n = toks.len();
        let mut role = vec![0u8; n * self.k];
        for (a, occ) in spans.iter().enumerate().take(self.k) {
            let Some(r) = role.get_mut(a * n..(a + 1) * n) else {
                continue;
            };
            for &occurrence in occ {
                mark_roles(r, &toks, occurrence, span);
            }
        }
        let mut buf = String::new();
        for (t, tok) in toks.iter().enumerate() {
            let Some(word) = text.get(tok.start..tok.end) else {
                continue;
            };
            // Lowercase as `collocates` does.
            lower_into(word, &mut buf);
            let row = self.row(&buf);
            self.positions += 1;
            self.bump(row, 0, 1);
            for a in 0..self.k {
                match role.get(a * n + t) {
                    Some(1) => {
                        self.bump(row, 1 + 2 * a, 1);
                        if let Some(p) = self.per.get_mut(a) {
                            p.0 += 1;
                        }
                    }
                    Some(2) => {
                        self.bump(row, 2 + 2 * a, 1);
                        if let Some(p) = self.per.get_mut(a) {
                            p.1 += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// Add the words of other documents (same approaches).
    fn merge(&mut self, other: &WaveWords) {
        if other.k != self.k {
            return;
        }
        let stride = self.stride();
        for (word, &r) in &other.index {
            let mine = self.row(word);
            for col in 0..stride {
                let v = other.counts.get(r * stride + col).copied().unwrap_or(0);
                self.bump(mine, col, v);
            }
        }
        self.positions += other.positions;
        for (a, b) in self.per.iter_mut().zip(&other.per) {
            a.0 += b.0;
            a.1 += b.1;
        }
    }

    /// Word positions near approach `a`.
    pub fn near_positions(&self, a: usize) -> u64 {
        self.per.get(a).map_or(0, |p| p.0)
    }

    /// Approach `a`'s collocates exactly as `Counter::collocates` ranks them: words near it
    /// at least `min_freq` times, more often than expected, not stop words; by G², then near,
    /// then the word; at most `limit`.
    pub fn collocates(
        &self,
        a: usize,
        min_freq: u64,
        stop: &StopWords,
        limit: usize,
    ) -> Vec<Collocate> {
        let stride = self.stride();
        let (near_total, own) = self.per.get(a).copied().unwrap_or((0, 0));
        let n = self.positions.saturating_sub(own) as f64;
        let cell = |r: usize, col: usize| self.counts.get(r * stride + col).copied().unwrap_or(0);
        let out: Vec<Collocate> = self
            .index
            .iter()
            .filter_map(|(w, &r)| {
                let near = cell(r, 1 + 2 * a);
                if near < min_freq.max(1) || stop.contains(w) {
                    return None;
                }
                let total = cell(r, 0).saturating_sub(cell(r, 2 + 2 * a));
                Collocate::scored(w, near, total, near_total as f64, n)
            })
            .collect();
        ranked(out, limit)
    }
}

impl Collector {
    /// `approaches`: indices into `lexicon`'s concepts.
    pub fn new(lexicon: &Lexicon, approaches: &[usize]) -> Result<Collector> {
        let mut out = Vec::with_capacity(approaches.len());
        for &c in approaches {
            if let Some(concept) = lexicon.concepts().get(c) {
                let alone = lexicon.select(std::slice::from_ref(&concept.id))?;
                out.push((c, Matcher::try_new(&alone)?));
            }
        }
        Ok(Collector {
            approaches: out,
            concepts: lexicon.concepts().len(),
            waves: Mutex::new(BTreeMap::new()),
        })
    }

    /// One document: its paragraph co-occurrence tally (returned, for the caller to merge);
    /// its word counts are added to the collocate counters of its wave.
    pub fn document(&self, d: &Document, text: &DocText, occ: &[Occurrence]) -> Tally {
        let segments = Segments::of_doc(text);
        let mut tally = Tally::new(self.concepts);
        tally.add_document(&mut place(Window::Paragraph, &segments, occ));
        if let Some(wave) = d.meta.wave {
            let spans: Vec<Vec<(usize, usize)>> = self
                .approaches
                .iter()
                .map(|(_, matcher)| {
                    matcher
                        .find_in_text(text)
                        .iter()
                        .map(|o| (o.doc_start, o.doc_end))
                        .collect()
                })
                .collect();
            let k = self.approaches.len();
            let mut words = WaveWords::new(k);
            words.add_document(text.text(), &spans, SPAN);
            let mut all = match self.waves.lock() {
                Ok(g) => g,
                Err(poisoned) => poisoned.into_inner(),
            };
            all.entry(wave)
                .or_insert_with(|| WaveWords::new(k))
                .merge(&words);
        }
        tally
    }

    /// The section's numbers, once every document has been seen; `tally` is the merge of
    /// every [`Collector::document`] result.
    pub fn finish(self, tally: Tally, harms: &[usize]) -> Talk {
        let waves = match self.waves.into_inner() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        let stop = StopWords::english();
        let mut collocates: Vec<ApproachCollocates> = self
            .approaches
            .iter()
            .map(|(c, _)| ApproachCollocates {
                concept: *c,
                waves: Vec::new(),
            })
            .collect();
        for (wave, words) in &waves {
            for (k, a) in collocates.iter_mut().enumerate() {
                a.waves.push((
                    *wave,
                    words.near_positions(k),
                    words.collocates(k, MIN_FREQ, &stop, TOP),
                ));
            }
        }
        Talk {
            approaches: self.approaches.iter().map(|(c, _)| *c).collect(),
            harms: harms.to_vec(),
            tally: Some(tally),
            collocates,
        }
    }
}

/// The numbers of the section.
#[derive(Debug, Clone, Default)]
pub struct Talk {
    /// Concept indices of the rows (approaches) and columns (harms) of the heatmap.
    pub approaches: Vec<usize>,
    pub harms: Vec<usize>,
    /// Paragraph windows of every concept of the lexicon (`None` before the pass).
    pub tally: Option<Tally>,
    pub collocates: Vec<ApproachCollocates>,
}

/// One approach's collocates in each wave (waves ascending).
#[derive(Debug, Clone)]
pub struct ApproachCollocates {
    pub concept: usize,
    /// (wave, word positions near the approach, top collocates).
    pub waves: Vec<(Wave, u64, Vec<Collocate>)>,
}

/// One cell of the heatmap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeatCell {
    /// Paragraphs naming the approach.
    pub windows: u64,
    /// Of those, paragraphs also naming the harm.
    pub both: u64,
}

impl HeatCell {
    /// `both / windows`; `None` when the approach is in no paragraph.
    pub fn share(&self) -> Option<f64> {
        (self.windows > 0).then(|| self.both as f64 / self.windows as f64)
    }
}

/// The heatmap: approaches × harms, with labels.
#[derive(Debug, Clone)]
pub struct Heat {
    pub rows: Vec<(String, String)>,
    pub columns: Vec<(String, String)>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<HeatCell>>,
}

impl Talk {
    /// The heatmap (`None` without approaches, harms or a tally).
    pub fn heat(&self, lexicon: &Lexicon) -> Option<Heat> {
        let tally = self.tally.as_ref()?;
        if self.approaches.is_empty() || self.harms.is_empty() {
            return None;
        }
        let name = |c: usize| {
            lexicon
                .concepts()
                .get(c)
                .map(|x| (x.id.clone(), x.label.clone()))
                .unwrap_or_default()
        };
        Some(Heat {
            rows: self.approaches.iter().map(|&c| name(c)).collect(),
            columns: self.harms.iter().map(|&c| name(c)).collect(),
            cells: self
                .approaches
                .iter()
                .map(|&a| {
                    self.harms
                        .iter()
                        .map(|&h| HeatCell {
                            windows: tally.windows(a),
                            both: tally.both(a, h),
                        })
                        .collect()
                })
                .collect(),
        })
    }
}

/// `charts/talk-heatmap.csv`: `approach,harm,paragraphs_approach,paragraphs_both,share`
/// (share rounded to 4 decimals, empty when the approach is in no paragraph).
pub fn heat_csv(heat: &Heat) -> String {
    let mut out = String::from("approach,harm,paragraphs_approach,paragraphs_both,share\n");
    for (r, row) in heat.rows.iter().zip(&heat.cells) {
        for (c, cell) in heat.columns.iter().zip(row) {
            let share = cell
                .share()
                .map_or(String::new(), |s| format!("{}", round4(s)));
            let _ = writeln!(
                out,
                "{},{},{},{},{}",
                csv_field(&r.0),
                csv_field(&c.0),
                cell.windows,
                cell.both,
                share
            );
        }
    }
    out
}

/// `charts/collocates-ID.csv`: `wave,rank,word,near,total,ll,mi` (the columns of `efrh
/// collocates` after the wave and rank; ll and mi rounded to 4 decimals as it prints them).
pub fn collocates_csv(a: &ApproachCollocates) -> String {
    let mut out = String::from("wave,rank,word,near,total,ll,mi\n");
    for (wave, _, list) in &a.waves {
        for (i, c) in list.iter().enumerate() {
            let _ = writeln!(
                out,
                "{wave},{},{},{},{},{},{}",
                i + 1,
                csv_field(&c.word),
                c.near,
                c.total,
                round4(c.ll),
                round4(c.mi)
            );
        }
    }
    out
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A CSV field, quoted when it holds a comma, quote or line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The section's charts, drawn.
pub struct TalkDrawn {
    pub heat: Option<Drawn>,
    /// One per approach with collocates, in the order of [`Talk::collocates`].
    pub collocates: Vec<Option<Drawn>>,
}

impl TalkDrawn {
    pub fn all(&self) -> Vec<&Drawn> {
        self.heat
            .iter()
            .chain(self.collocates.iter().flatten())
            .collect()
    }
}

/// The file stem of an approach's collocates chart.
pub fn collocates_stem(id: &str) -> String {
    format!("collocates-{id}")
}

/// Draw the section's charts.
pub fn draw(talk: &Talk, lexicon: &Lexicon, footnote: Option<&str>) -> Result<TalkDrawn> {
    use super::charts::{png_with, svg_with, Chart};
    let heat = match talk.heat(lexicon) {
        Some(h) => Some(Drawn {
            stem: "talk-heatmap".into(),
            svg: svg_with(Chart::Cooccur(&h), footnote)?,
            png: png_with(Chart::Cooccur(&h), footnote)?,
        }),
        None => None,
    };
    let mut collocates = Vec::new();
    for a in &talk.collocates {
        let Some(concept) = lexicon.concepts().get(a.concept) else {
            collocates.push(None);
            continue;
        };
        if a.waves.is_empty() {
            collocates.push(None);
            continue;
        }
        let chart = Chart::Collocates {
            label: &concept.label,
            data: a,
        };
        collocates.push(Some(Drawn {
            stem: collocates_stem(&concept.id),
            svg: svg_with(chart, footnote)?,
            png: png_with(chart, footnote)?,
        }));
    }
    Ok(TalkDrawn { heat, collocates })
}

/// The CSV files beside the section's charts: (file stem, contents).
pub fn csvs(talk: &Talk, lexicon: &Lexicon) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(h) = talk.heat(lexicon) {
        out.push(("talk-heatmap".to_string(), heat_csv(&h)));
    }
    for a in &talk.collocates {
        if let Some(c) = lexicon.concepts().get(a.concept) {
            if !a.waves.is_empty() {
                out.push((collocates_stem(&c.id), collocates_csv(a)));
            }
        }
    }
    out
}

/// Write the section into the page.
pub fn section(
    h: &mut String,
    number: u32,
    talk: &Talk,
    drawn: &TalkDrawn,
    lexicon: &Lexicon,
    figure: &dyn Fn(&mut String, &Drawn, &str),
) {
    let _ = writeln!(
        h,
        "<section>\n<h2 id=\"talk\">{number}. How the approaches are talked about</h2>"
    );
    h.push_str(
        "<p class=\"note\">Which harms each approach is written beside, and the words around \
         it. A paragraph is a block of lines the layout keeps together (numbered paragraphs, \
         bullets, headings start new ones). The same figures as <code>efrh cooccur --window \
         paragraph</code> and <code>efrh collocates ID --wave W</code>.</p>\n",
    );
    h.push_str("<h3>Approaches and harms in the same paragraph</h3>\n");
    match talk.heat(lexicon) {
        None => h.push_str(
            "<p>The lexicon has no harms group (or no approaches): nothing to cross.</p>\n",
        ),
        Some(heat) => {
            if let Some(d) = &drawn.heat {
                figure(
                    h,
                    d,
                    "Share of each approach's paragraphs that also name the harm (%)",
                );
            }
            h.push_str(
                "<div class=\"scroll\"><table id=\"table-talk-heatmap\">\n<caption>Paragraphs \
                 naming the approach that also name the harm: k of N (share)</caption>\n\
                 <thead><tr><th>Approach</th><th>Paragraphs</th>",
            );
            for (_, label) in &heat.columns {
                let _ = write!(h, "<th>{}</th>", esc(label));
            }
            h.push_str("</tr></thead>\n<tbody>\n");
            for ((id, label), row) in heat.rows.iter().zip(&heat.cells) {
                let n = row.first().map_or(0, |c| c.windows);
                let _ = write!(
                    h,
                    "<tr data-approach=\"{}\"><th>{}</th><td class=\"num\">{n}</td>",
                    esc(id),
                    esc(label)
                );
                for (c, (hid, _)) in row.iter().zip(&heat.columns) {
                    match c.share() {
                        None => h.push_str("<td class=\"gap\">–</td>"),
                        Some(s) => {
                            let _ = write!(
                                h,
                                "<td class=\"num\" data-harm=\"{}\">{} of {} ({:.0}%)</td>",
                                esc(hid),
                                c.both,
                                c.windows,
                                s * 100.0
                            );
                        }
                    }
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody></table></div>\n");
        }
    }
    h.push_str("<h3>The words around each approach, by wave</h3>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">Words within {SPAN} words of an occurrence, ranked by \
         log-likelihood G² against the rest of the wave's text, with mutual information (MI) \
         beside it; words seen near the approach at least {MIN_FREQ} times, common function \
         words left out; the top {TOP}. Documents without a wave are in no column.</p>"
    );
    let mut drawn_iter = drawn.collocates.iter();
    for a in &talk.collocates {
        let d = drawn_iter.next().and_then(Option::as_ref);
        let Some(concept) = lexicon.concepts().get(a.concept) else {
            continue;
        };
        let _ = writeln!(h, "<h4>{}</h4>", esc(&concept.label));
        if a.waves.is_empty() {
            h.push_str("<p>No document of the selection has a wave.</p>\n");
            continue;
        }
        if let Some(d) = d {
            figure(
                h,
                d,
                &format!("{}: top collocates by wave (G²)", concept.label),
            );
        }
        let _ = write!(
            h,
            "<div class=\"scroll\"><table class=\"collocates\" data-approach=\"{}\">\n\
             <caption>{}: top collocates by wave</caption>\n<thead><tr><th>Rank</th>",
            esc(&concept.id),
            esc(&concept.label)
        );
        for (wave, near, _) in &a.waves {
            let _ = write!(
                h,
                "<th>Wave {wave} ({near} words near): word</th><th>near / total</th><th>G²</th><th>MI</th>"
            );
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        let rows = a.waves.iter().map(|w| w.2.len()).max().unwrap_or(0);
        if rows == 0 {
            let _ = writeln!(
                h,
                "<tr><td colspan=\"{}\">No word is near it {MIN_FREQ} times or more.</td></tr>",
                1 + 4 * a.waves.len()
            );
        }
        for i in 0..rows {
            let _ = write!(h, "<tr><th>{}</th>", i + 1);
            for (_, _, list) in &a.waves {
                match list.get(i) {
                    Some(c) => {
                        let _ = write!(
                            h,
                            "<td>{}</td><td class=\"num\">{} / {}</td><td class=\"num\">{:.2}</td><td class=\"num\">{:.2}</td>",
                            esc(&c.word),
                            c.near,
                            c.total,
                            c.ll,
                            c.mi
                        );
                    }
                    None => h.push_str("<td></td><td></td><td></td><td></td>"),
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table></div>\n");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collocates::Counter;

    /// The byte spans of `needle` in `text` (ASCII lowercase search).
    fn spans(text: &str, needle: &str) -> Vec<(usize, usize)> {
        let lower = text.to_ascii_lowercase();
        lower
            .match_indices(needle)
            .map(|(i, m)| (i, i + m.len()))
            .collect()
    }

    /// Counting all approaches in one pass gives `collocates`' own figures for each.
    #[test]
    fn one_pass_for_all_approaches_equals_counter_per_approach() {
        let docs = [
            "Contextual safeguarding looks at peer groups. Peer groups and county lines; \
             trauma informed practice meets peer groups in parks. Contextual safeguarding \
             again near parks and peer groups, Ünïcode PARKS.",
            "Trauma informed practice in schools: peer groups, parks, parks and schools. \
             Contextual safeguarding in schools with peer groups and trauma informed staff.",
            "Nothing here but parks and schools and peer groups.",
        ];
        let needles = ["contextual safeguarding", "trauma informed", "peer groups"];
        let stop = StopWords::parse("and\nthe\n");
        let mut one = WaveWords::new(needles.len());
        for (i, d) in docs.iter().enumerate() {
            let mut w = WaveWords::new(needles.len());
            let s: Vec<Vec<(usize, usize)>> = needles.iter().map(|n| spans(d, n)).collect();
            w.add_document(d, &s, 2);
            if i == 0 {
                one = w;
            } else {
                one.merge(&w);
            }
        }
        for (a, needle) in needles.iter().enumerate() {
            let counter = docs.iter().fold(Counter::new(), |c, d| {
                let mut x = Counter::new();
                x.add_document(d, &spans(d, needle), 2);
                c.merge(x)
            });
            for min in [1, 2] {
                let want = counter.collocates(min, &stop, 50);
                assert!(!want.is_empty(), "{needle}");
                assert_eq!(one.collocates(a, min, &stop, 50), want, "{needle}");
            }
            assert_eq!(one.near_positions(a), counter.near_positions(), "{needle}");
        }
    }
}
