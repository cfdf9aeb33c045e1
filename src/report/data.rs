//! The numbers behind every chart and table, computed purely from per-document counts.
//!
//! Input: [`Counts`], one row per document (metadata, words, and the number of occurrences of
//! each concept). Output: the four chart datasets ([`Trend`], [`Profile`], [`FirstSeen`],
//! [`WaveCompare`]), the corpus-at-a-glance table ([`Glance`]) and a one-line reading of each.
//! Nothing here does I/O or drawing, so every figure is testable against hand-computed values.
//!
//! Conventions, the same in charts, tables and readings:
//! - a **cell** aggregates a set of documents: how many (`N`), how many mention the concept
//!   (`k`), total mentions and total words;
//! - a nation with no documents in a year is a **gap** (no value), never a zero;
//! - "share" is `k / N`; "per 10,000 words" is `mentions / words × 10,000` over the cell;
//! - the wave comparison uses only documents that have a wave; documents without one are
//!   counted in [`WaveCompare::unwaved`] and named in the report, not guessed into a wave.

use crate::aggregate::{aggregate, per_10k, Field, GroupBy, GroupCount, GroupKey, Value, WaveKey};
use crate::model::{Document, Nation, Wave, Year};
use std::collections::HashMap;

/// A concept as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptRef {
    pub id: String,
    pub label: String,
    pub group: String,
}

/// One document (its catalogue record) and its count of every concept (aligned with
/// [`Counts::concepts`]). Derefs to the [`Document`].
#[derive(Debug, Clone, PartialEq)]
pub struct DocCounts {
    pub doc: Document,
    pub counts: Vec<u64>,
}

impl std::ops::Deref for DocCounts {
    type Target = Document;
    fn deref(&self) -> &Document {
        &self.doc
    }
}

impl DocCounts {
    fn count(&self, concept: usize) -> u64 {
        self.counts.get(concept).copied().unwrap_or(0)
    }
    pub fn nation(&self) -> Nation {
        self.doc.meta.nation
    }
    pub fn year(&self) -> Year {
        self.doc.meta.year
    }
    pub fn wave(&self) -> Option<Wave> {
        self.doc.meta.wave
    }
    pub fn title(&self) -> &str {
        &self.doc.meta.title
    }
}

/// Per-document counts for a set of concepts: everything the charts are computed from.
/// Every figure over several documents is grouped by [`crate::aggregate`] ([`Counts::cells`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    pub concepts: Vec<ConceptRef>,
    pub docs: Vec<DocCounts>,
}

/// What a chart measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metric {
    /// Share of documents that mention the concept at least once (shown in %).
    #[default]
    Documents,
    /// Number of occurrences.
    Mentions,
    /// Occurrences per 10,000 words.
    Per10k,
}

impl Metric {
    /// The axis label, with its unit.
    pub fn axis_label(self) -> &'static str {
        match self {
            Metric::Documents => "Documents mentioning it (% of that year's documents)",
            Metric::Mentions => "Mentions (number of occurrences)",
            Metric::Per10k => "Mentions per 10,000 words",
        }
    }

    /// A short name for titles and file names.
    pub fn short(self) -> &'static str {
        match self {
            Metric::Documents => "share of documents",
            Metric::Mentions => "mentions",
            Metric::Per10k => "mentions per 10,000 words",
        }
    }
}

keyword_enum!(Metric, "metric", {
    Documents => "documents" | "docs" | "share",
    Mentions => "mentions" | "count",
    Per10k => "per-10k" | "per10k" | "per-10k-words",
});

/// A set of documents and how they mention one concept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    /// Documents in the set (`N`).
    pub documents: u64,
    /// Documents that mention the concept at least once (`k`).
    pub mentioning: u64,
    /// Occurrences of the concept.
    pub mentions: u64,
    /// Words in the set's documents.
    pub words: u64,
}

impl From<&GroupCount> for Cell {
    fn from(g: &GroupCount) -> Cell {
        Cell {
            documents: g.documents,
            mentioning: g.documents_mentioning,
            mentions: g.count,
            words: g.words,
        }
    }
}

impl Cell {
    /// Two cells of disjoint sets of documents together.
    pub fn plus(&self, other: &Cell) -> Cell {
        Cell {
            documents: self.documents + other.documents,
            mentioning: self.mentioning + other.mentioning,
            mentions: self.mentions + other.mentions,
            words: self.words + other.words,
        }
    }

    /// `k / N` as a fraction; `None` when the set is empty (a gap).
    pub fn share(&self) -> Option<f64> {
        (self.documents > 0).then(|| self.mentioning as f64 / self.documents as f64)
    }

    /// Mentions per 10,000 words, rounded as in every `count` row ([`per_10k`]); `None`
    /// when there are no words.
    pub fn per_10k(&self) -> Option<f64> {
        per_10k(self.mentions, self.words)
    }

    /// The plotted value: `None` (a gap) when the set has no documents.
    pub fn value(&self, metric: Metric) -> Option<f64> {
        if self.documents == 0 {
            return None;
        }
        match metric {
            Metric::Documents => self.share().map(|s| s * 100.0),
            Metric::Mentions => Some(self.mentions as f64),
            Metric::Per10k => self.per_10k(),
        }
    }

    /// "k of N".
    pub fn k_of_n(&self) -> String {
        format!("{} of {}", self.mentioning, self.documents)
    }
}

/// Format a value of a metric for tables and readings.
pub fn format_value(metric: Metric, v: f64) -> String {
    match metric {
        Metric::Documents => format!("{v:.0}%"),
        Metric::Mentions => format!("{v:.0}"),
        Metric::Per10k => format!("{v:.2}"),
    }
}

impl Counts {
    pub fn concept_index(&self, id: &str) -> Option<usize> {
        self.concepts.iter().position(|c| c.id == id)
    }

    /// Indices of the concepts in `group`, in lexicon order.
    pub fn group(&self, group: &str) -> Vec<usize> {
        (0..self.concepts.len())
            .filter(|&i| self.concepts[i].group == group)
            .collect()
    }

    /// Nations that have at least one document, in the canonical order.
    pub fn nations(&self) -> Vec<Nation> {
        Nation::ALL
            .into_iter()
            .filter(|n| self.docs.iter().any(|d| d.nation() == *n))
            .collect()
    }

    /// Every year from the earliest to the latest document (gaps included), empty if none.
    pub fn years(&self) -> Vec<u16> {
        let min = self.docs.iter().map(|d| d.year().get()).min();
        let max = self.docs.iter().map(|d| d.year().get()).max();
        match (min, max) {
            (Some(a), Some(b)) => (a..=b).collect(),
            _ => Vec::new(),
        }
    }

    /// Waves present, in order.
    pub fn waves(&self) -> Vec<Wave> {
        let mut w: Vec<Wave> = self.docs.iter().filter_map(|d| d.wave()).collect();
        w.sort();
        w.dedup();
        w
    }

    /// The documents that satisfy `keep`, grouped by `fields` with [`aggregate`]: one
    /// [`GroupCount`] per (group, concept) for every group that holds a document.
    pub fn grouped(&self, fields: &[Field], keep: impl Fn(&DocCounts) -> bool) -> Vec<GroupCount> {
        let kept: Vec<&DocCounts> = self.docs.iter().filter(|d| keep(d)).collect();
        let documents: Vec<Document> = kept.iter().map(|d| d.doc.clone()).collect();
        let counts: Vec<Vec<u64>> = kept.iter().map(|d| d.counts.clone()).collect();
        aggregate(
            &documents,
            &counts,
            self.concepts.len(),
            &GroupBy::fields(fields),
        )
    }

    /// [`Counts::grouped`] as cells keyed by (group values, concept).
    pub fn cells(
        &self,
        fields: &[Field],
        keep: impl Fn(&DocCounts) -> bool,
    ) -> HashMap<(Vec<Value>, usize), Cell> {
        self.grouped(fields, keep)
            .iter()
            .filter_map(|g| match &g.key {
                GroupKey::Fields(v) => Some(((v.clone(), g.concept), Cell::from(g))),
                GroupKey::Document(_) => None,
            })
            .collect()
    }

    fn label(&self, concept: usize) -> &str {
        self.concepts
            .get(concept)
            .map(|c| c.label.as_str())
            .unwrap_or("?")
    }
}

/// One line of a trend chart: a nation (or a concept), one cell per year of [`Trend::years`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrendSeries {
    pub label: String,
    /// Index into the chart palette, stable for a nation across all charts.
    pub style: usize,
    pub cells: Vec<Cell>,
}

impl TrendSeries {
    /// Documents in the whole series.
    pub fn documents(&self) -> u64 {
        self.cells.iter().map(|c| c.documents).sum()
    }
}

/// A chart over years of publication: chart 1 (uptake over time).
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub title: String,
    /// What the series are ("Nation" or "Concept"), the legend's heading.
    pub legend: String,
    pub metric: Metric,
    pub years: Vec<u16>,
    pub series: Vec<TrendSeries>,
}

impl Trend {
    /// Uptake of one concept: one line per nation that has documents.
    pub fn by_nation(counts: &Counts, concept: usize, metric: Metric) -> Trend {
        let years = counts.years();
        let cells = counts.cells(&[Field::Nation, Field::Year], |_| true);
        let series = counts
            .nations()
            .into_iter()
            .map(|n| TrendSeries {
                label: n.label().to_string(),
                style: nation_style(n),
                cells: years
                    .iter()
                    .map(|&y| cell_at(&cells, vec![Value::Nation(n), year_value(y)], concept))
                    .collect(),
            })
            .collect();
        Trend {
            title: format!("{}: {} by year", counts.label(concept), metric.short()),
            legend: "Nation".into(),
            metric,
            years,
            series,
        }
    }

    /// Several concepts compared, all nations together: one line per concept.
    pub fn by_concept(counts: &Counts, concepts: &[usize], metric: Metric) -> Trend {
        let years = counts.years();
        let cells = counts.cells(&[Field::Year], |_| true);
        let series = concepts
            .iter()
            .enumerate()
            .map(|(i, &c)| TrendSeries {
                label: counts.label(c).to_string(),
                style: i,
                cells: years
                    .iter()
                    .map(|&y| cell_at(&cells, vec![year_value(y)], c))
                    .collect(),
            })
            .collect();
        Trend {
            title: format!("All nations: {} by year", metric.short()),
            legend: "Concept".into(),
            metric,
            years,
            series,
        }
    }

    /// Small multiples: one trend per concept, all nations together, each titled with the
    /// concept's label (the report's harms over time).
    pub fn each_concept(counts: &Counts, concepts: &[usize], metric: Metric) -> Vec<Trend> {
        concepts
            .iter()
            .map(|&c| Trend {
                title: counts.label(c).to_string(),
                ..Trend::by_concept(counts, &[c], metric)
            })
            .collect()
    }

    /// The title of [`Trend::each_concept`]'s chart for concepts of `group`.
    pub fn over_time_title(group: &str, metric: Metric) -> String {
        let what = match group {
            "harm" => "Harms",
            "approach" => "Approaches",
            _ => "Concepts",
        };
        format!("{what} over time: {} by year, all nations", metric.short())
    }

    /// Largest plotted value (0 when the chart is empty).
    pub fn max_value(&self) -> f64 {
        self.series
            .iter()
            .flat_map(|s| s.cells.iter().filter_map(|c| c.value(self.metric)))
            .fold(0.0, f64::max)
    }

    /// The one-line reading. For shares: overall k of N, where and when it first appears,
    /// and k of N in the latest year. For rates and counts: overall k of N and the peak.
    pub fn reading(&self) -> String {
        let mut best: Option<(f64, &TrendSeries, u16, Cell)> = None;
        let mut first: Option<(u16, &TrendSeries)> = None;
        let mut total = Cell::default();
        let mut by_year = vec![Cell::default(); self.years.len()];
        for s in &self.series {
            for (i, (&y, c)) in self.years.iter().zip(&s.cells).enumerate() {
                for acc in [&mut total, &mut by_year[i]] {
                    *acc = acc.plus(c);
                }
                if c.mentioning > 0 && first.is_none_or(|f| y < f.0) {
                    first = Some((y, s));
                }
                if let Some(v) = c.value(self.metric) {
                    // Ties go to the first series, then its earliest year.
                    if v > 0.0 && best.as_ref().is_none_or(|b| v > b.0) {
                        best = Some((v, s, y, *c));
                    }
                }
            }
        }
        if total.documents == 0 {
            return "No documents in the corpus.".to_string();
        }
        let (Some((v, s, y, _)), Some((fy, fs))) = (best, first) else {
            return format!("Not mentioned in any of the {} documents.", total.documents);
        };
        match self.metric {
            Metric::Documents => {
                let latest = self
                    .years
                    .iter()
                    .zip(&by_year)
                    .rev()
                    .find(|(_, c)| c.documents > 0);
                let latest = latest
                    .map(|(y, c)| format!("; in {y}, {} documents mention it", c.k_of_n()))
                    .unwrap_or_default();
                format!(
                    "Mentioned in {} documents overall; first in {} in {}{}.",
                    total.k_of_n(),
                    fs.label,
                    fy,
                    latest
                )
            }
            _ => format!(
                "Mentioned in {} documents overall; the highest {} is {} in {} ({}).",
                total.k_of_n(),
                self.metric.short(),
                s.label,
                y,
                format_value(self.metric, v)
            ),
        }
    }
}

/// The cell of `concept` in the group with these values; an empty cell (a gap) where the
/// group holds no document.
fn cell_at(cells: &HashMap<(Vec<Value>, usize), Cell>, key: Vec<Value>, concept: usize) -> Cell {
    cells.get(&(key, concept)).copied().unwrap_or_default()
}

/// A year as a group value (years outside the valid range cannot occur in a catalogue).
fn year_value(y: u16) -> Value {
    Year::new(y).map_or(Value::Wave(WaveKey::None), Value::Year)
}

/// The palette index of a nation: fixed, so a nation has one colour in every chart.
pub fn nation_style(n: Nation) -> usize {
    Nation::ALL.iter().position(|m| *m == n).unwrap_or(0)
}

/// Concepts by nation: the shape of charts 2, 3 and 4.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid<T> {
    pub concepts: Vec<ConceptRef>,
    pub nations: Vec<Nation>,
    /// `cells[concept][nation]`.
    pub cells: Vec<Vec<T>>,
}

impl<T> Grid<T> {
    /// `cell(concept, nation)` for each of `concepts` (indices into [`Counts::concepts`]) and
    /// each of `nations`.
    fn new(
        counts: &Counts,
        concepts: &[usize],
        nations: Vec<Nation>,
        cell: impl Fn(usize, Nation) -> T,
    ) -> Grid<T> {
        Grid {
            concepts: concepts
                .iter()
                .filter_map(|&c| counts.concepts.get(c).cloned())
                .collect(),
            cells: concepts
                .iter()
                .map(|&c| nations.iter().map(|&n| cell(c, n)).collect())
                .collect(),
            nations,
        }
    }

    /// Every cell with its concept and nation, concept by concept.
    pub fn each(&self) -> impl Iterator<Item = (&ConceptRef, Nation, &T)> {
        self.concepts
            .iter()
            .zip(&self.cells)
            .flat_map(move |(c, row)| self.nations.iter().zip(row).map(move |(&n, x)| (c, n, x)))
    }
}

/// Chart 2: each concept of a group (the harms) by nation.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub title: String,
    pub metric: Metric,
    pub grid: Grid<Cell>,
}

impl Profile {
    pub fn new(counts: &Counts, concepts: &[usize], metric: Metric) -> Profile {
        let by_nation = counts.cells(&[Field::Nation], |_| true);
        Profile {
            title: format!("Harms profile: {} by nation", metric.short()),
            metric,
            grid: Grid::new(counts, concepts, counts.nations(), |c, n| {
                cell_at(&by_nation, vec![Value::Nation(n)], c)
            }),
        }
    }

    pub fn max_value(&self) -> f64 {
        self.grid
            .cells
            .iter()
            .flatten()
            .filter_map(|c| c.value(self.metric))
            .fold(0.0, f64::max)
    }

    /// The one-line reading: the highest cell, and the concept mentioned in most documents.
    pub fn reading(&self) -> String {
        let mut best: Option<(f64, usize, usize)> = None;
        for (i, row) in self.grid.cells.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                if let Some(v) = c.value(self.metric) {
                    if v > 0.0 && best.is_none_or(|b| v > b.0) {
                        best = Some((v, i, j));
                    }
                }
            }
        }
        let widest = self
            .grid
            .cells
            .iter()
            .enumerate()
            .map(|(i, row)| (row.iter().map(|c| c.mentioning).sum::<u64>(), i))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let total_docs: u64 = self
            .grid
            .cells
            .first()
            .map(|row| row.iter().map(|c| c.documents).sum())
            .unwrap_or(0);
        match (best, widest) {
            (Some((v, i, j)), Some((k, w))) => format!(
                "Highest: {} in {} ({} {}); mentioned in the most documents: {} ({} of {}).",
                self.grid.concepts[i].label,
                self.grid.nations[j].label(),
                format_value(self.metric, v),
                self.metric.short(),
                self.grid.concepts[w].label,
                k,
                total_docs
            ),
            _ if self.grid.concepts.is_empty() => "No concepts in this group.".to_string(),
            _ => format!("None of these concepts is mentioned in the {total_docs} documents."),
        }
    }
}

/// When a concept first appears in a nation's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum First {
    /// The nation has no documents at all.
    NoDocuments,
    /// The nation has documents, none of which mention the concept.
    NotFound { documents: u64 },
    /// The earliest year of publication of a document that mentions it; `doc` indexes
    /// [`Counts::docs`] (the earliest such document, ties broken by title then id).
    Year { year: u16, doc: usize },
}

/// Chart 3: first appearance of each approach in each nation.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstSeen {
    /// Nations in [`Nation::ALL`] order (all five, so an absent nation is visible as "no
    /// documents").
    pub grid: Grid<First>,
    pub years: Vec<u16>,
}

impl FirstSeen {
    pub fn new(counts: &Counts, concepts: &[usize]) -> FirstSeen {
        let grid = Grid::new(counts, concepts, Nation::ALL.to_vec(), |c, n| {
            let docs: Vec<usize> = (0..counts.docs.len())
                .filter(|&i| counts.docs[i].nation() == n)
                .collect();
            if docs.is_empty() {
                return First::NoDocuments;
            }
            let first = docs
                .iter()
                .copied()
                .filter(|&i| counts.docs[i].count(c) > 0)
                .min_by(|&a, &b| {
                    let (da, db) = (&counts.docs[a], &counts.docs[b]);
                    (da.year(), da.title(), &da.doc.id).cmp(&(db.year(), db.title(), &db.doc.id))
                });
            match first {
                Some(i) => First::Year {
                    year: counts.docs[i].year().get(),
                    doc: i,
                },
                None => First::NotFound {
                    documents: docs.len() as u64,
                },
            }
        });
        FirstSeen {
            grid,
            years: counts.years(),
        }
    }

    /// The earliest appearance of concept `i` over all nations: (year, nation).
    pub fn earliest(&self, i: usize) -> Option<(u16, Nation)> {
        self.grid.cells.get(i).and_then(|row| {
            row.iter()
                .zip(&self.grid.nations)
                .filter_map(|(f, n)| match f {
                    First::Year { year, .. } => Some((*year, *n)),
                    _ => None,
                })
                .min()
        })
    }

    /// The one-line reading: where and when each concept first appears.
    pub fn reading(&self) -> String {
        if self.grid.concepts.is_empty() {
            return "No concepts in this group.".to_string();
        }
        let parts: Vec<String> = self
            .grid
            .concepts
            .iter()
            .enumerate()
            .map(|(i, c)| match self.earliest(i) {
                Some((y, n)) => format!("{} first appears in {} in {}", c.label, n.label(), y),
                None => format!("{} does not appear", c.label),
            })
            .collect();
        format!("{}.", parts.join("; "))
    }
}

/// Chart 4 for one concept and nation: the baseline analysis, what the update added, and the
/// cumulative corpus of the update.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaveCell {
    /// Documents with wave ≤ baseline.
    pub baseline: Cell,
    /// Documents with baseline < wave ≤ update.
    pub added: Cell,
    /// Documents with wave ≤ update (`baseline` + `added`).
    pub cumulative: Cell,
}

/// Chart 4: the first analysis against the update.
#[derive(Debug, Clone, PartialEq)]
pub struct WaveCompare {
    pub baseline: Wave,
    pub update: Wave,
    pub grid: Grid<WaveCell>,
    /// Documents without a wave: excluded from this comparison.
    pub unwaved: u64,
    /// Documents in a wave later than `update`: excluded.
    pub later: u64,
}

impl WaveCompare {
    /// Compare the earliest wave in the corpus (the first analysis) with the cumulative corpus
    /// up to the latest wave (the update). `None` when no document has a wave.
    pub fn new(counts: &Counts, concepts: &[usize]) -> Option<WaveCompare> {
        let waves = counts.waves();
        let (baseline, update) = (*waves.first()?, *waves.last()?);
        Some(WaveCompare::between(counts, concepts, baseline, update))
    }

    /// Compare wave ≤ `baseline` with wave ≤ `update`.
    pub fn between(
        counts: &Counts,
        concepts: &[usize],
        baseline: Wave,
        update: Wave,
    ) -> WaveCompare {
        let nations: Vec<Nation> = Nation::ALL
            .into_iter()
            .filter(|n| {
                counts
                    .docs
                    .iter()
                    .any(|d| d.nation() == *n && d.wave().is_some_and(|w| w <= update))
            })
            .collect();
        let by_nation = |keep: &dyn Fn(Wave) -> bool| {
            counts.cells(&[Field::Nation], |d| d.wave().is_some_and(keep))
        };
        let base = by_nation(&|w| w <= baseline);
        let added = by_nation(&|w| w > baseline && w <= update);
        let cumulative = by_nation(&|w| w <= update);
        let grid = Grid::new(counts, concepts, nations, |c, n| WaveCell {
            baseline: cell_at(&base, vec![Value::Nation(n)], c),
            added: cell_at(&added, vec![Value::Nation(n)], c),
            cumulative: cell_at(&cumulative, vec![Value::Nation(n)], c),
        });
        WaveCompare {
            baseline,
            update,
            grid,
            unwaved: counts.docs.iter().filter(|d| d.wave().is_none()).count() as u64,
            later: counts
                .docs
                .iter()
                .filter(|d| d.wave().is_some_and(|w| w > update))
                .count() as u64,
        }
    }

    /// Totals over nations for concept `i`.
    pub fn total(&self, i: usize) -> WaveCell {
        let mut t = WaveCell::default();
        for c in self.grid.cells.get(i).into_iter().flatten() {
            for (acc, x) in [
                (&mut t.baseline, &c.baseline),
                (&mut t.added, &c.added),
                (&mut t.cumulative, &c.cumulative),
            ] {
                *acc = acc.plus(x);
            }
        }
        t
    }

    /// The one-line reading: per concept, k of N at the baseline and cumulatively.
    pub fn reading(&self) -> String {
        if self.grid.concepts.is_empty() {
            return "No concepts in this group.".to_string();
        }
        let added = self.total(0).added.documents;
        if self.baseline == self.update {
            let parts: Vec<String> = (0..self.grid.concepts.len())
                .map(|i| {
                    let t = self.total(i);
                    format!("{}: {}", self.grid.concepts[i].label, t.baseline.k_of_n())
                })
                .collect();
            return format!(
                "Only one wave ({}) in the corpus, so there is no update to compare. Documents mentioning each approach: {}.",
                self.baseline,
                parts.join("; ")
            );
        }
        let parts: Vec<String> = (0..self.grid.concepts.len())
            .map(|i| {
                let t = self.total(i);
                format!(
                    "{}: {} → {}",
                    self.grid.concepts[i].label,
                    t.baseline.k_of_n(),
                    t.cumulative.k_of_n()
                )
            })
            .collect();
        format!(
            "The {} update added {} documents. Documents mentioning each approach, {} analysis → cumulative {} corpus: {}.",
            self.update,
            added,
            self.baseline,
            self.update,
            parts.join("; ")
        )
    }
}

/// The corpus at a glance: documents by nation × wave × year.
#[derive(Debug, Clone, PartialEq)]
pub struct Glance {
    pub years: Vec<u16>,
    /// Every wave present, then `None` for documents without a wave (if any).
    pub waves: Vec<Option<Wave>>,
    /// One row per nation with documents and per wave it has documents in.
    pub rows: Vec<GlanceRow>,
    /// Column totals per year.
    pub year_totals: Vec<u64>,
    pub documents: u64,
    pub pages: u64,
    pub words: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GlanceRow {
    pub nation: Nation,
    pub wave: Option<Wave>,
    pub by_year: Vec<u64>,
    pub total: u64,
}

impl Glance {
    pub fn new(counts: &Counts) -> Glance {
        let years = counts.years();
        let mut waves: Vec<Option<Wave>> = counts.waves().into_iter().map(Some).collect();
        if counts.docs.iter().any(|d| d.wave().is_none()) {
            waves.push(None);
        }
        let mut rows = Vec::new();
        for n in counts.nations() {
            for &w in &waves {
                let docs: Vec<&DocCounts> = counts
                    .docs
                    .iter()
                    .filter(|d| d.nation() == n && d.wave() == w)
                    .collect();
                if docs.is_empty() {
                    continue;
                }
                let by_year: Vec<u64> = years
                    .iter()
                    .map(|&y| docs.iter().filter(|d| d.year().get() == y).count() as u64)
                    .collect();
                rows.push(GlanceRow {
                    nation: n,
                    wave: w,
                    total: docs.len() as u64,
                    by_year,
                });
            }
        }
        let year_totals = years
            .iter()
            .map(|&y| counts.docs.iter().filter(|d| d.year().get() == y).count() as u64)
            .collect();
        Glance {
            years,
            waves,
            rows,
            year_totals,
            documents: counts.docs.len() as u64,
            pages: counts.docs.iter().map(|d| u64::from(d.doc.pages)).sum(),
            words: counts.docs.iter().map(|d| d.doc.words).sum(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn year(y: u16) -> Year {
        Year::new(y).unwrap()
    }

    fn wave(w: u16) -> Option<Wave> {
        Some(Wave::try_from(w).unwrap())
    }

    /// A small corpus with hand-checkable numbers. Concepts: 0 = cs (approach),
    /// 1 = tip (approach), 2 = cse (harm), 3 = gangs (harm).
    pub(crate) fn sample() -> Counts {
        let concept = |id: &str, label: &str, group: &str| ConceptRef {
            id: id.into(),
            label: label.into(),
            group: group.into(),
        };
        let doc = |n: u8, title: &str, nation, y, w, words, counts: [u64; 4]| DocCounts {
            doc: Document {
                id: crate::model::DocId::from_bytes(&[n]),
                meta: crate::model::DocMeta {
                    title: title.into(),
                    nation,
                    year: year(y),
                    publisher: None,
                    kind: None,
                    url: None,
                    level: Default::default(),
                    authority: None,
                    series: None,
                    date: None,
                    vars: Default::default(),
                    wave: w,
                    retrieved: None,
                },
                file: format!("{n}.pdf"),
                bytes: 1,
                pages: 2,
                words,
                words_by_language: Default::default(),
                text_sha256: String::new(),
                extractor: 1,
                quality: crate::model::Quality::default(),
            },
            counts: counts.to_vec(),
        };
        use Nation::*;
        Counts {
            concepts: vec![
                concept("cs", "Contextual Safeguarding", "approach"),
                concept("tip", "Trauma-informed Practice", "approach"),
                concept("cse", "Child sexual exploitation", "harm"),
                concept("gangs", "Gangs", "harm"),
            ],
            docs: vec![
                doc(1, "E2017a", England, 2017, wave(2020), 10_000, [2, 0, 5, 0]),
                doc(2, "E2017b", England, 2017, wave(2020), 5_000, [0, 0, 1, 1]),
                doc(3, "E2019", England, 2019, wave(2022), 20_000, [4, 1, 0, 0]),
                doc(4, "S2018", Scotland, 2018, wave(2020), 8_000, [0, 3, 2, 0]),
                doc(5, "S2021", Scotland, 2021, wave(2022), 2_000, [1, 2, 0, 0]),
                doc(6, "W2019", Wales, 2019, None, 5_000, [3, 0, 0, 2]),
            ],
        }
    }

    #[test]
    fn metric_parses() {
        assert_eq!("per-10k".parse::<Metric>(), Ok(Metric::Per10k));
        assert_eq!("Documents".parse::<Metric>(), Ok(Metric::Documents));
        assert!("percent".parse::<Metric>().is_err());
    }

    #[test]
    fn uptake_by_nation_counts_and_gaps() {
        let c = sample();
        let t = Trend::by_nation(&c, 0, Metric::Documents);
        assert_eq!(t.years, vec![2017, 2018, 2019, 2020, 2021]);
        let labels: Vec<&str> = t.series.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["England", "Scotland", "Wales"]);
        let eng = &t.series[0];
        // 2017: 2 English documents, 1 mentions CS → 50 %.
        assert_eq!(eng.cells[0].k_of_n(), "1 of 2");
        assert_eq!(eng.cells[0].value(Metric::Documents), Some(50.0));
        // 2018: no English document → a gap, not zero.
        assert_eq!(eng.cells[1].value(Metric::Documents), None);
        assert_eq!(eng.cells[2].value(Metric::Documents), Some(100.0));
        // Scotland 2018: one document, no mention → a real zero.
        assert_eq!(t.series[1].cells[1].value(Metric::Documents), Some(0.0));
        assert_eq!(t.series[1].cells[0].value(Metric::Documents), None);
        // per 10k: England 2017: 2 mentions / 15,000 words.
        let p = Trend::by_nation(&c, 0, Metric::Per10k);
        let v = p.series[0].cells[0].value(Metric::Per10k).unwrap();
        // Rounded to 3 decimals, as in every `count` row.
        assert_eq!(v, 1.333);
        // Scotland 2021: 1 mention in 2,000 words = 5 per 10k; Wales 2019: 3 in 5,000 = 6,
        // the peak.
        assert_eq!(p.series[1].cells[4].value(Metric::Per10k), Some(5.0));
        assert_eq!(p.max_value(), 6.0);
        assert!(
            p.reading().contains("Wales in 2019 (6.00"),
            "{}",
            p.reading()
        );
        // Overall: 4 of 6 documents mention CS.
        assert!(t.reading().contains("4 of 6"), "{}", t.reading());
        // First in England 2017; the latest year, 2021, has one document (Scottish), which
        // mentions it.
        assert_eq!(
            t.reading(),
            "Mentioned in 4 of 6 documents overall; first in England in 2017; \
             in 2021, 1 of 1 documents mention it."
        );
    }

    #[test]
    fn uptake_by_concept_sums_nations() {
        let c = sample();
        let t = Trend::by_concept(&c, &[0, 1], Metric::Mentions);
        assert_eq!(t.series.len(), 2);
        // 2019: England 4 + Wales 3 mentions of CS.
        assert_eq!(t.series[0].cells[2].value(Metric::Mentions), Some(7.0));
        assert_eq!(t.series[1].cells[2].value(Metric::Mentions), Some(1.0));
        // 2020: no documents at all → gap.
        assert_eq!(t.series[0].cells[3].value(Metric::Mentions), None);
    }

    #[test]
    fn harms_profile_per_10k() {
        let c = sample();
        let p = Profile::new(&c, &c.group("harm"), Metric::Per10k);
        assert_eq!(
            p.grid.nations,
            vec![Nation::England, Nation::Scotland, Nation::Wales]
        );
        // CSE in England: 6 mentions / 35,000 words = 1.7142…, rounded to 3 decimals as in
        // every `count` row.
        assert_eq!(p.grid.cells[0][0].value(Metric::Per10k), Some(1.714));
        // Gangs in Wales: 2 / 5,000 words = 4 per 10k, the highest cell.
        assert_eq!(p.grid.cells[1][2].value(Metric::Per10k), Some(4.0));
        assert_eq!(p.max_value(), 4.0);
        let r = p.reading();
        assert!(r.contains("Gangs in Wales (4.00"), "{r}");
        // CSE is in 3 documents, gangs in 2.
        assert!(r.contains("Child sexual exploitation (3 of 6)"), "{r}");
    }

    #[test]
    fn first_appearance() {
        let c = sample();
        let f = FirstSeen::new(&c, &c.group("approach"));
        // CS: England 2017 (doc E2017a), Scotland 2021, Wales 2019, NI and UK: no documents.
        assert_eq!(f.grid.cells[0][0], First::Year { year: 2017, doc: 0 });
        assert_eq!(f.grid.cells[0][1], First::Year { year: 2021, doc: 4 });
        assert_eq!(f.grid.cells[0][2], First::Year { year: 2019, doc: 5 });
        assert_eq!(f.grid.cells[0][3], First::NoDocuments);
        assert_eq!(f.grid.cells[0][4], First::NoDocuments);
        // TIP: England 2019, Scotland 2018, Wales never (1 document).
        assert_eq!(f.grid.cells[1][0], First::Year { year: 2019, doc: 2 });
        assert_eq!(f.grid.cells[1][1], First::Year { year: 2018, doc: 3 });
        assert_eq!(f.grid.cells[1][2], First::NotFound { documents: 1 });
        assert_eq!(
            f.reading(),
            "Contextual Safeguarding first appears in England in 2017; \
             Trauma-informed Practice first appears in Scotland in 2018."
        );
    }

    #[test]
    fn waves_baseline_added_cumulative() {
        let c = sample();
        let w = WaveCompare::new(&c, &c.group("approach")).unwrap();
        assert_eq!((w.baseline.get(), w.update.get()), (2020, 2022));
        // Wales has only an unwaved document: not in the comparison.
        assert_eq!(w.grid.nations, vec![Nation::England, Nation::Scotland]);
        assert_eq!(w.unwaved, 1);
        assert_eq!(w.later, 0);
        // CS in England: 2020 wave 1 of 2; added 1 of 1; cumulative 2 of 3.
        let e = w.grid.cells[0][0];
        assert_eq!(e.baseline.k_of_n(), "1 of 2");
        assert_eq!(e.added.k_of_n(), "1 of 1");
        assert_eq!(e.cumulative.k_of_n(), "2 of 3");
        assert_eq!(e.cumulative.mentions, 6);
        // TIP in Scotland: 1 of 1 → 2 of 2.
        let s = w.grid.cells[1][1];
        assert_eq!(s.baseline.k_of_n(), "1 of 1");
        assert_eq!(s.cumulative.k_of_n(), "2 of 2");
        let t = w.total(0);
        assert_eq!(t.baseline.k_of_n(), "1 of 3");
        assert_eq!(t.cumulative.k_of_n(), "3 of 5");
        let r = w.reading();
        assert!(r.contains("added 2 documents"), "{r}");
        assert!(
            r.contains("Contextual Safeguarding: 1 of 3 → 3 of 5"),
            "{r}"
        );
    }

    #[test]
    fn one_wave_is_said_plainly() {
        let mut c = sample();
        for d in &mut c.docs {
            d.doc.meta.wave = wave(2020);
        }
        let w = WaveCompare::new(&c, &[0]).unwrap();
        assert_eq!(w.grid.cells[0][0].added.documents, 0);
        assert_eq!(
            w.reading(),
            "Only one wave (2020) in the corpus, so there is no update to compare. \
             Documents mentioning each approach: Contextual Safeguarding: 4 of 6."
        );
    }

    #[test]
    fn no_waves_no_comparison() {
        let mut c = sample();
        for d in &mut c.docs {
            d.doc.meta.wave = None;
        }
        assert!(WaveCompare::new(&c, &[0]).is_none());
    }

    #[test]
    fn glance_table() {
        let c = sample();
        let g = Glance::new(&c);
        assert_eq!(g.waves, vec![wave(2020), wave(2022), None]);
        assert_eq!(g.documents, 6);
        assert_eq!(g.words, 50_000);
        assert_eq!(g.year_totals, vec![2, 1, 2, 0, 1]);
        let row = |n, w| {
            g.rows
                .iter()
                .find(|r| r.nation == n && r.wave == w)
                .unwrap()
        };
        assert_eq!(
            row(Nation::England, wave(2020)).by_year,
            vec![2, 0, 0, 0, 0]
        );
        assert_eq!(row(Nation::England, wave(2022)).total, 1);
        assert_eq!(row(Nation::Wales, None).by_year, vec![0, 0, 1, 0, 0]);
        assert_eq!(g.rows.len(), 5);
    }

    #[test]
    fn empty_counts() {
        let c = Counts::default();
        let t = Trend::by_nation(&c, 0, Metric::Documents);
        assert!(t.series.is_empty() && t.years.is_empty());
        assert_eq!(t.reading(), "No documents in the corpus.");
        assert!(WaveCompare::new(&c, &[0]).is_none());
        assert_eq!(Glance::new(&c).documents, 0);
    }
}
