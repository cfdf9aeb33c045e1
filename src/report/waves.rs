//! The report's "first analysis and the update" section: each approach in the first wave's
//! documents against the documents the update added, with the same statistics as
//! `efrh compare` ([`crate::stats::compare`] on [`SetCounts`]): shares, Fisher's exact p-value
//! and the ratio of rates per 10,000 words with its 95% interval, in words a reader
//! understands ([`crate::stats::describe`]).
//!
//! The two sets are disjoint, as `compare` requires: set a is every document of the first wave
//! (the first analysis), set b every document with a later wave up to the last (what the update
//! added), so `efrh compare --a wave:2020 --b wave:2022` prints the same figures. With one wave
//! in the corpus there is nothing to compare, and the section says so.

use super::data::{Cell, ConceptRef, Counts, WaveCompare};
use super::html::{esc, figure, reading, Input};
use crate::model::Nation;
use crate::model::Wave;
use crate::stats::{self, Comparison, SetCounts};
use std::fmt::Write;

/// One approach, first analysis against the update.
#[derive(Debug, Clone, PartialEq)]
pub struct WaveTest {
    pub label: String,
    /// The first wave's documents.
    pub a: SetCounts,
    /// The documents the update added (a later wave, up to the last).
    pub b: SetCounts,
    pub comparison: Comparison,
}

/// The documents of wave `baseline` (set a) against those with a wave after it up to `update`
/// (set b), for each of `concepts` (indices into `counts.concepts`). Documents without a wave
/// are in neither set.
pub fn tests(counts: &Counts, concepts: &[usize], baseline: Wave, update: Wave) -> Vec<WaveTest> {
    concepts
        .iter()
        .filter_map(|&c| {
            let label = counts.concepts.get(c)?.label.clone();
            let set = |keep: &dyn Fn(Wave) -> bool| {
                SetCounts::of(
                    counts
                        .docs
                        .iter()
                        .filter(|d| d.wave().is_some_and(keep))
                        .map(|d| (d.doc.words, d.counts.get(c).copied().unwrap_or(0))),
                )
            };
            let a = set(&|w| w <= baseline);
            let b = set(&|w| w > baseline && w <= update);
            Some(WaveTest {
                label,
                a,
                b,
                comparison: stats::compare(&a, &b),
            })
        })
        .collect()
}

/// Rounded to 4 decimals, as `efrh compare` prints it.
fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The rate ratio with its interval as the report shows it ("2.40 (0.95–6.10)"), from the
/// figures `efrh compare` prints (4 decimals) shown to 2; `None` where it is undefined.
pub fn rate_ratio_text(c: &Comparison) -> Option<String> {
    c.rate_ratio
        .map(|(r, lo, hi)| format!("{:.2} ({:.2}–{:.2})", r4(r), r4(lo), r4(hi)))
}

/// Why a figure of a comparison is empty, in a few words.
fn rate_ratio_cell(t: &WaveTest) -> String {
    match rate_ratio_text(&t.comparison) {
        Some(s) => s,
        None if t.a.documents == 0 || t.b.documents == 0 => "– (an empty set)".to_string(),
        None if t.a.count == 0 && t.b.count == 0 => "– (no mentions)".to_string(),
        None => "– (no mentions in one set)".to_string(),
    }
}

fn per_10k_text(s: &SetCounts) -> String {
    s.per_10k().map_or("–".to_string(), |r| format!("{r:.3}"))
}

/// The `wave:` filter selecting waves after `baseline` up to `update` among `waves`, for the
/// equivalent `efrh compare` command.
fn later_filter(waves: &[Wave], baseline: Wave, update: Wave) -> String {
    let later: Vec<String> = waves
        .iter()
        .filter(|&&w| w > baseline && w <= update)
        .map(|w| format!("wave:{w}"))
        .collect();
    later.join(",")
}

/// Write the section.
pub fn section(h: &mut String, input: &Input<'_>) {
    h.push_str("<section>\n<h2 id=\"waves\">5. The first analysis and the update</h2>\n");
    let (Some(w), Some(d)) = (&input.figures.waves, &input.drawn.waves) else {
        h.push_str(
            "<p>No document has a wave, so the analyses cannot be compared. Give documents a \
             wave with <code>efrh add --wave</code>.</p>\n</section>\n",
        );
        return;
    };
    let left_out = left_out_note(w);
    if w.baseline == w.update {
        one_wave(h, w, &left_out);
    } else {
        let _ = writeln!(
            h,
            "<p class=\"note\">The {b} analysis is every document with wave {b}; the cumulative \
             {u} corpus adds every document with a wave after {b} up to {u} (the update). \
             {left_out}</p>",
            b = w.baseline,
            u = w.update,
        );
    }
    reading(h, &w.reading());
    let caption = if w.baseline == w.update {
        format!(
            "The {} analysis (one wave: no update to compare).",
            w.baseline
        )
    } else {
        format!("The {} analysis and the {} update.", w.baseline, w.update)
    };
    figure(h, d, &caption);
    if w.baseline == w.update {
        one_wave_table(h, w);
    } else {
        change_table(h, input, w);
        cumulative_table(h, w);
    }
    h.push_str("</section>\n");
}

fn left_out_note(w: &WaveCompare) -> String {
    let mut s = if w.unwaved > 0 {
        format!(
            "Documents without a wave ({}) are left out of this comparison (they appear \
             everywhere else).",
            w.unwaved
        )
    } else {
        "Every document has a wave.".to_string()
    };
    if w.later > 0 {
        let _ = write!(
            s,
            " {} documents with a later wave are left out too.",
            w.later
        );
    }
    s
}

fn one_wave(h: &mut String, w: &WaveCompare, left_out: &str) {
    let _ = writeln!(
        h,
        "<p class=\"note\">The corpus has one wave ({b}): there is no update, so nothing is \
         compared and no change is tested. Add the update's documents with \
         <code>efrh add --wave YEAR</code> to compare the two. {left_out}</p>",
        b = w.baseline,
    );
}

/// Each approach, first analysis against the documents the update added: the test.
fn change_table(h: &mut String, input: &Input<'_>, w: &WaveCompare) {
    let counts = &input.analysis.counts;
    let rows = tests(counts, &input.figures.approaches, w.baseline, w.update);
    let later = later_filter(&counts.waves(), w.baseline, w.update);
    let _ = writeln!(
        h,
        "<p class=\"note\">Did the documents the update added mention each approach more often \
         than the first analysis's documents? Shares are documents mentioning it, k of N; \
         <b>p</b> is two-sided Fisher's exact test on those counts (a small p means a difference \
         this large is unlikely if nothing had changed); the <b>rate ratio</b> is the update's \
         mentions per 10,000 words over the first analysis's, with its 95% interval (Poisson, \
         log method: an interval that contains 1 is no clear change). No p-value is given for \
         an empty set, and no rate ratio where a set has no mentions. The same figures: \
         <code>efrh compare --a wave:{b} --b {later}</code>.</p>",
        b = w.baseline,
        later = esc(&later),
    );
    let _ = writeln!(
        h,
        "<div class=\"scroll\"><table id=\"table-wave-change\">\n<caption>The {b} analysis \
         against the documents added in the update (to {u})</caption>\n<thead><tr>\
         <th>Approach</th><th>{b} analysis, k of N</th><th>Added, k of N</th>\
         <th>Per 10,000 words, {b}</th><th>Per 10,000 words, added</th>\
         <th>Rate ratio (95% interval)</th><th>p</th><th>Reading</th></tr></thead>\n<tbody>",
        b = w.baseline,
        u = w.update
    );
    for t in &rows {
        let p = t
            .comparison
            .p_value
            .map_or("–".to_string(), stats::format_p);
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td class=\"num\">{} of {}</td><td class=\"num\">{} of {}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&t.label),
            t.a.mentioning,
            t.a.documents,
            t.b.mentioning,
            t.b.documents,
            per_10k_text(&t.a),
            per_10k_text(&t.b),
            esc(&rate_ratio_cell(t)),
            esc(&p),
            esc(&stats::describe(&t.a, &t.b)),
        );
    }
    h.push_str("</tbody></table></div>\n");
    let tested = rows
        .iter()
        .filter(|t| t.comparison.p_value.is_some())
        .count();
    if tested > 1 {
        let _ = writeln!(
            h,
            "<p class=\"note\" id=\"wave-multiple\">{}</p>",
            esc(&stats::multiple_comparison_note(tested))
        );
    }
}

/// The cumulative view by nation: first analysis, added, cumulative.
fn cumulative_table(h: &mut String, w: &WaveCompare) {
    let _ = writeln!(
        h,
        "<div class=\"scroll\"><table id=\"table-waves\">\n<caption>Documents mentioning each approach, k of N (mentions)</caption>\n<thead><tr><th>Approach</th><th>Nation</th><th>{b} analysis</th><th>Added in {u}</th><th>Cumulative {u}</th><th>Change in share</th></tr></thead>\n<tbody>",
        b = w.baseline,
        u = w.update
    );
    for (c, n, cell) in w.grid.each() {
        let change = match (cell.baseline.share(), cell.cumulative.share()) {
            (Some(a), Some(b)) => format!("{:+.0} points", (b - a) * 100.0),
            _ => "–".to_string(),
        };
        let _ = writeln!(
            h,
            "{}{}{}{}<td class=\"num\">{}</td></tr>",
            row_head(c, n),
            k_of_n_cell(&cell.baseline),
            k_of_n_cell(&cell.added),
            k_of_n_cell(&cell.cumulative),
            change
        );
    }
    h.push_str("</tbody></table></div>\n");
}

/// The start of a table row of the long tables: the concept, then the nation.
fn row_head(c: &ConceptRef, n: Nation) -> String {
    format!("<tr><th>{}</th><td>{}</td>", esc(&c.label), n.label())
}

/// A cell of the long tables: documents mentioning it, k of N (mentions).
fn k_of_n_cell(cell: &Cell) -> String {
    format!(
        "<td class=\"num\">{} ({})</td>",
        cell.k_of_n(),
        cell.mentions
    )
}

/// One wave: its documents by nation, nothing compared.
fn one_wave_table(h: &mut String, w: &WaveCompare) {
    let _ = writeln!(
        h,
        "<div class=\"scroll\"><table id=\"table-waves\">\n<caption>Documents mentioning each approach in the {b} analysis, k of N (mentions)</caption>\n<thead><tr><th>Approach</th><th>Nation</th><th>{b} analysis</th></tr></thead>\n<tbody>",
        b = w.baseline,
    );
    for (c, n, cell) in w.grid.each() {
        let _ = writeln!(h, "{}{}</tr>", row_head(c, n), k_of_n_cell(&cell.baseline));
    }
    h.push_str("</tbody></table></div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::data::tests::sample;

    #[test]
    fn sets_are_the_first_wave_and_what_the_update_added() {
        let c = sample();
        let waves = c.waves();
        let (Some(&b), Some(&u)) = (waves.first(), waves.last()) else {
            panic!("the sample has waves");
        };
        let t = tests(&c, &[0], b, u);
        let first: Vec<&crate::report::data::DocCounts> =
            c.docs.iter().filter(|d| d.wave() == Some(b)).collect();
        let added: Vec<&crate::report::data::DocCounts> = c
            .docs
            .iter()
            .filter(|d| d.wave().is_some_and(|w| w > b && w <= u))
            .collect();
        assert_eq!(t[0].a.documents, first.len() as u64);
        assert_eq!(t[0].b.documents, added.len() as u64);
        assert_eq!(
            t[0].a.mentioning,
            first.iter().filter(|d| d.counts[0] > 0).count() as u64
        );
        assert_eq!(t[0].comparison, stats::compare(&t[0].a, &t[0].b));
    }

    #[test]
    fn rate_ratio_is_shown_as_compare_rounds_it() {
        let a = SetCounts {
            documents: 3,
            mentioning: 1,
            count: 1,
            words: 1000,
        };
        let b = SetCounts {
            documents: 3,
            mentioning: 3,
            count: 4,
            words: 1000,
        };
        let c = stats::compare(&a, &b);
        // ratio 4; se = sqrt(1 + 1/4); exp(ln 4 ± 1.96 se) = 0.4470…, 35.79…
        assert_eq!(rate_ratio_text(&c).as_deref(), Some("4.00 (0.45–35.79)"));
        let none = stats::compare(&SetCounts::default(), &b);
        assert_eq!(rate_ratio_text(&none), None);
    }
}
