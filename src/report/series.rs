//! The report's section "Series" (issue 12): for each series in the selection with two or
//! more editions, a timeline of its editions (by year, then date) with each approach's count
//! and rate per 10,000 words, the first edition to name an approach marked; under it the
//! passages each edition added that mention an approach — the `added` rows of `efrh diff
//! --passages` between it and the edition before ([`crate::diff::passages`]) — as lines in
//! context with the page and the printed page label to cite.

use super::data::Counts;
use super::html::esc;
use crate::aggregate::per_10k;
use crate::analysis::Quote;
use crate::corpus::Corpus;
use crate::diff::{self, Edition, PassageChange};
use crate::editions;
use crate::lexicon::Lexicon;
use crate::matcher::Matcher;
use crate::model::Document;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Added passages shown per edition (the rest are counted).
pub const PASSAGES_SHOWN: usize = 15;
/// Characters of the sentence shown each side of the match.
const SIDE: usize = 220;

/// A passage an edition added: a sentence mentioning an approach that the edition before
/// lacks, split around the approach's first occurrence in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub concept: usize,
    pub quote: Quote,
}

/// One series of the selection.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub id: String,
    /// Indices into [`Counts::docs`], oldest edition first.
    pub editions: Vec<usize>,
    /// `added[i]`: what edition `i` added to edition `i - 1` (empty for the first).
    pub added: Vec<Vec<Passage>>,
    /// `added_total[i]`: all of edition `i`'s added rows (before the cut to
    /// [`PASSAGES_SHOWN`]).
    pub added_total: Vec<usize>,
    /// A text that could not be read for the passages.
    pub unreadable: Option<String>,
}

/// One edition's text prepared for [`diff::passages`], read from the corpus.
fn load(corpus: &Corpus, d: &Document, matcher: &Matcher) -> crate::Result<Edition> {
    Ok(Edition::new(matcher, &corpus.load_pages(&d.id)?))
}

/// The row of `edition` as a line in context: the sentence on `page` whose shown text is
/// `sentence`, split at the first occurrence of `concept` in it.
fn passage(edition: &Edition, concept: usize, page: u32, sentence: &str) -> Option<Passage> {
    let text = edition.text.text();
    let s = edition.sentences.iter().find(|s| {
        s.page == page
            && text
                .get(s.start..s.end)
                .is_some_and(|t| squash(t) == sentence)
    })?;
    let &(_, start, end) = edition
        .occurrences
        .iter()
        .find(|&&(c, st, _)| c == concept && st >= s.start && st < s.end)?;
    Some(Passage {
        concept,
        quote: Quote {
            page,
            page_label: edition.text.page_label(page).map(str::to_string),
            left: tail(&squash(text.get(s.start..start)?), SIDE),
            matched: squash(text.get(start..end)?),
            right: head(&squash(text.get(end..s.end).unwrap_or("")), SIDE),
        },
    })
}

/// White space shown as single spaces (as `diff --passages` shows sentences).
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        return s.to_string();
    }
    let cut: String = s.chars().skip(count - n).collect();
    format!("…{cut}")
}

fn head(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    format!("{cut}…")
}

/// The timelines of every series among the analysed documents (series ids in byte order),
/// with the passages each edition added. Editions' texts are read again here, two at a time.
pub fn build(
    corpus: &Corpus,
    counts: &Counts,
    lexicon: &Lexicon,
    matcher: &Matcher,
    approaches: &[usize],
) -> Vec<Timeline> {
    let mut by_series: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in counts.docs.iter().enumerate() {
        if let Some(s) = &d.doc.meta.series {
            by_series.entry(s.as_str().to_string()).or_default().push(i);
        }
    }
    let mut out = Vec::with_capacity(by_series.len());
    for (id, mut editions) in by_series {
        editions.sort_by(|&a, &b| {
            let key = |i: usize| {
                counts
                    .docs
                    .get(i)
                    .map(|d| (d.doc.meta.year, d.doc.meta.date, d.doc.id.as_str()))
            };
            key(a).cmp(&key(b))
        });
        let mut t = Timeline {
            id,
            added: vec![Vec::new(); editions.len()],
            added_total: vec![0; editions.len()],
            editions,
            unreadable: None,
        };
        if t.editions.len() >= 2 {
            added(corpus, counts, lexicon, matcher, approaches, &mut t);
        }
        out.push(t);
    }
    out
}

fn added(
    corpus: &Corpus,
    counts: &Counts,
    lexicon: &Lexicon,
    matcher: &Matcher,
    approaches: &[usize],
    t: &mut Timeline,
) {
    let mut prev: Option<Edition> = None;
    for (k, &i) in t.editions.iter().enumerate() {
        let Some(d) = counts.docs.get(i) else { return };
        let cur = match load(corpus, &d.doc, matcher) {
            Ok(p) => p,
            Err(e) => {
                t.unreadable = Some(format!("{}: {e}", d.doc.id));
                return;
            }
        };
        if let Some(p) = &prev {
            let rows = diff::passages(lexicon, &p.side(), &cur.side());
            let mine: Vec<(usize, diff::PassageRow)> =
                rows.into_iter()
                    .filter(|r| r.change == PassageChange::Added)
                    .filter_map(|r| {
                        let c = approaches.iter().copied().find(|&c| {
                            lexicon.concepts().get(c).is_some_and(|x| x.id == r.concept)
                        })?;
                        Some((c, r))
                    })
                    .collect();
            if let Some(n) = t.added_total.get_mut(k) {
                *n = mine.len();
            }
            if let Some(slot) = t.added.get_mut(k) {
                *slot = mine
                    .iter()
                    .take(PASSAGES_SHOWN)
                    .filter_map(|(c, r)| passage(&cur, *c, r.page, &r.sentence))
                    .collect();
            }
        }
        prev = Some(cur);
    }
}

/// Write the section into the page.
pub fn section(
    h: &mut String,
    number: u32,
    series: &[Timeline],
    counts: &Counts,
    approaches: &[usize],
) {
    let _ = writeln!(
        h,
        "<section>\n<h2 id=\"series\">{number}. Series: editions of one guidance</h2>"
    );
    if series.is_empty() {
        h.push_str(
            "<p>No document of the selection belongs to a series (set <code>series</code> in \
             the manifest for the editions of one guidance).</p>\n</section>\n",
        );
        return;
    }
    h.push_str(
        "<p class=\"note\">For each series, its editions by date: each approach's mentions and \
         rate per 10,000 words; ★ marks the first edition to name the approach. Under it, the \
         sentences mentioning an approach that each edition added to the one before (the \
         <code>added</code> rows of <code>efrh diff --passages</code>), with the page to \
         cite.</p>\n",
    );
    let concept = |c: usize| counts.concepts.get(c);
    for t in series {
        let _ = writeln!(h, "<h3 id=\"series-{}\">{}</h3>", esc(&t.id), esc(&t.id));
        if t.editions.len() < 2 {
            let d = t.editions.first().and_then(|&i| counts.docs.get(i));
            let _ = writeln!(
                h,
                "<p class=\"series-single\">Series <code>{}</code> has one edition in the \
                 selection{}: nothing to compare it with.</p>",
                esc(&t.id),
                d.map_or(String::new(), |d| format!(
                    " ({}, {})",
                    esc(&d.doc.meta.title),
                    esc(&editions::label(&d.doc))
                ))
            );
            continue;
        }
        let _ = write!(
            h,
            "<div class=\"scroll\"><table class=\"series\" data-series=\"{}\">\n<caption>{}: \
             mentions (per 10,000 words) in each edition</caption>\n<thead><tr><th>Edition</th>\
             <th>Title</th><th>Words</th>",
            esc(&t.id),
            esc(&t.id)
        );
        for &c in approaches {
            let _ = write!(
                h,
                "<th>{}</th>",
                esc(concept(c).map_or("", |x| x.label.as_str()))
            );
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        let mut named = vec![false; approaches.len()];
        for &i in &t.editions {
            let Some(d) = counts.docs.get(i) else {
                continue;
            };
            let _ = write!(
                h,
                "<tr data-id=\"{}\"><th>{}</th><td>{}</td><td class=\"num\">{}</td>",
                esc(d.doc.id.as_str()),
                esc(&editions::label(&d.doc)),
                esc(&d.doc.meta.title),
                d.doc.words
            );
            for (k, &c) in approaches.iter().enumerate() {
                let n = d.counts.get(c).copied().unwrap_or(0);
                let first = n > 0 && named.get(k).is_some_and(|x| !x);
                if let Some(x) = named.get_mut(k) {
                    *x |= n > 0;
                }
                let rate = per_10k(n, d.doc.words).map_or("–".to_string(), |r| format!("{r:.2}"));
                let _ = write!(
                    h,
                    "<td class=\"num{}\"{}>{}{n} ({})</td>",
                    if first { " first" } else { "" },
                    if first {
                        " title=\"first edition to name it\""
                    } else {
                        ""
                    },
                    if first { "★ " } else { "" },
                    esc(&rate)
                );
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table></div>\n");
        if let Some(why) = &t.unreadable {
            let _ = writeln!(
                h,
                "<p class=\"warning\">The passages could not be compared: {}.</p>",
                esc(why)
            );
        }
        for (k, &i) in t.editions.iter().enumerate().skip(1) {
            let Some(d) = counts.docs.get(i) else {
                continue;
            };
            let prev = t
                .editions
                .get(k - 1)
                .and_then(|&j| counts.docs.get(j))
                .map_or(String::new(), |p| editions::label(&p.doc));
            let passages = t.added.get(k).map_or(&[][..], Vec::as_slice);
            let total = t.added_total.get(k).copied().unwrap_or(0);
            let _ = writeln!(
                h,
                "<h4>Added in the {} edition (against {}): {} passage{}</h4>",
                esc(&editions::label(&d.doc)),
                esc(&prev),
                total,
                if total == 1 { "" } else { "s" }
            );
            if passages.is_empty() {
                continue;
            }
            let _ = write!(
                h,
                "<div class=\"scroll\"><table class=\"passages\" data-id=\"{}\">\n<thead><tr>\
                 <th>Approach</th><th>Page</th><th></th><th>Match</th><th></th></tr></thead>\n<tbody>\n",
                esc(d.doc.id.as_str())
            );
            for Passage {
                concept: c,
                quote: p,
            } in passages
            {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"kwic-left\">{}</td>\
                     <td class=\"kwic-match\">{}</td><td class=\"kwic-right\">{}</td></tr>",
                    esc(concept(*c).map_or("", |x| x.label.as_str())),
                    super::html::cite_page(p.page, p.page_label.as_deref()),
                    esc(&p.left),
                    esc(&p.matched),
                    esc(&p.right)
                );
            }
            h.push_str("</tbody></table></div>\n");
            if total > passages.len() {
                let _ = writeln!(
                    h,
                    "<p class=\"note\">{} more: <code>efrh diff --passages {} {}</code>.</p>",
                    total - passages.len(),
                    esc(t
                        .editions
                        .get(k - 1)
                        .and_then(|&j| counts.docs.get(j))
                        .map_or("", |p| p.doc.id.as_str())),
                    esc(d.doc.id.as_str())
                );
            }
        }
    }
    h.push_str("</section>\n");
}
