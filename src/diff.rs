//! What changed between two documents (typically two editions of one series): concept counts
//! side by side, each classified as `new`, `dropped`, `up`, `down` or `same` (by count); and
//! the passages — sentences that mention a concept and are in one edition only. Two sentences
//! are the same when equal after rule-1 normalisation with every run of spaces, hyphens and
//! line breaks read as one space (so a sentence re-wrapped, re-hyphenated at a line end or
//! moved to another page is not reported). Pure: counts, texts and spans in, rows out
//! ([`Edition`] prepares a document's text and spans from its pages).

use crate::aggregate::per_10k;
use crate::lexicon::Lexicon;
use crate::matcher::{DocText, Matcher};
use crate::model::PageText;
use crate::segment::Segments;
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};
use std::fmt;

/// How a concept's count moved from A to B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Absent from A, present in B.
    New,
    /// Present in A, absent from B.
    Dropped,
    Up,
    Down,
    Same,
}

impl Change {
    pub fn of(a: u64, b: u64) -> Change {
        match (a, b) {
            (0, b) if b > 0 => Change::New,
            (a, 0) if a > 0 => Change::Dropped,
            (a, b) if b > a => Change::Up,
            (a, b) if b < a => Change::Down,
            _ => Change::Same,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Dropped => "dropped",
            Change::Up => "up",
            Change::Down => "down",
            Change::Same => "same",
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One concept's counts in A and B (`../shared/spec/cli.md`, `diff`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountRow {
    pub concept: String,
    pub count_a: u64,
    pub count_b: u64,
    /// Empty (None) for a document without words: no rate can be given.
    pub per_10k_a: Option<f64>,
    pub per_10k_b: Option<f64>,
    pub change: Change,
}

impl CountRow {
    pub const COLUMNS: &'static [&'static str] = &[
        "concept",
        "count_a",
        "count_b",
        "per_10k_a",
        "per_10k_b",
        "change",
    ];
}

/// One row per concept of `lexicon`, in lexicon order. `counts_x[i]` is concept `i`'s count
/// (missing entries read as 0); `words_x` the document's words.
pub fn counts(
    lexicon: &Lexicon,
    counts_a: &[u64],
    words_a: u64,
    counts_b: &[u64],
    words_b: u64,
) -> Vec<CountRow> {
    lexicon
        .concepts()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let a = counts_a.get(i).copied().unwrap_or(0);
            let b = counts_b.get(i).copied().unwrap_or(0);
            CountRow {
                concept: c.id.clone(),
                count_a: a,
                count_b: b,
                per_10k_a: per_10k(a, words_a),
                per_10k_b: per_10k(b, words_b),
                change: Change::of(a, b),
            }
        })
        .collect()
}

/// A sentence of a document: byte offsets in its joined text and the page it starts on (the
/// sentences of [`Segments`]).
pub use crate::segment::Span as Sentence;

/// One side of a passage diff: a document's joined text, its sentences in text order, and the
/// concepts found in it as (concept index, byte offset where the occurrence starts).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    pub occurrences: &'a [(usize, usize)],
}

/// One edition's text prepared for [`passages`]: its joined text, its sentences and the
/// concepts found in it.
pub struct Edition {
    pub text: DocText,
    pub sentences: Vec<Sentence>,
    /// (concept index, start, end) of each occurrence, byte offsets in text order.
    pub occurrences: Vec<(usize, usize, usize)>,
    /// (concept index, start): what [`Side::occurrences`] holds.
    starts: Vec<(usize, usize)>,
}

impl Edition {
    pub fn new(matcher: &Matcher, pages: &[PageText]) -> Edition {
        let text = DocText::new(pages);
        let found = matcher.find_in_text(&text);
        Edition {
            occurrences: found
                .iter()
                .map(|o| (o.concept, o.doc_start, o.doc_end))
                .collect(),
            starts: found.iter().map(|o| (o.concept, o.doc_start)).collect(),
            sentences: Segments::new(pages).sentences,
            text,
        }
    }

    /// This edition as one side of [`passages`].
    pub fn side(&self) -> Side<'_> {
        Side {
            text: self.text.text(),
            sentences: &self.sentences,
            occurrences: &self.starts,
        }
    }
}

/// `added`: in B only; `removed`: in A only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PassageChange {
    Added,
    Removed,
}

/// One sentence mentioning a concept that one edition has and the other lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassageRow {
    pub change: PassageChange,
    pub concept: String,
    /// The page of the edition that has it (B for `added`, A for `removed`).
    pub page: u32,
    /// White space shown as single spaces.
    pub sentence: String,
}

impl PassageRow {
    pub const COLUMNS: &'static [&'static str] = &["change", "concept", "page", "sentence"];
}

/// The key two sentences are compared by: rule-1 normalisation, then every run of spaces,
/// hyphens and line breaks as one space, trimmed.
pub fn sentence_key(s: &str) -> String {
    let n = crate::normalize::normalize(s);
    let mut out = String::with_capacity(n.len());
    let mut gap = false;
    for c in n.chars() {
        if c.is_whitespace() || c == '-' {
            gap = true;
        } else {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        }
    }
    out
}

/// Index of the sentence holding byte `offset` (the one before a gap); `None` if there is
/// no sentence at or before it.
fn sentence_at(sentences: &[Sentence], offset: usize) -> Option<usize> {
    sentences
        .partition_point(|s| s.start <= offset)
        .checked_sub(1)
}

/// For each sentence of `side` that mentions a concept: its index and the concepts (lexicon
/// order).
fn mentioning(side: &Side<'_>) -> Vec<(usize, BTreeSet<usize>)> {
    let mut per: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); side.sentences.len()];
    for &(concept, at) in side.occurrences {
        if let Some(set) = sentence_at(side.sentences, at).and_then(|i| per.get_mut(i)) {
            set.insert(concept);
        }
    }
    per.into_iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .collect()
}

fn text_of<'a>(side: &Side<'a>, s: &Sentence) -> &'a str {
    side.text.get(s.start..s.end).unwrap_or("")
}

/// The sentences mentioning a concept in one side only: `removed` rows (A's text order) then
/// `added` rows (B's), one row per (sentence, concept).
pub fn passages(lexicon: &Lexicon, a: &Side<'_>, b: &Side<'_>) -> Vec<PassageRow> {
    let keys = |side: &Side<'_>| -> HashSet<String> {
        side.sentences
            .iter()
            .map(|s| sentence_key(text_of(side, s)))
            .collect()
    };
    let (keys_a, keys_b) = (keys(a), keys(b));
    let mut rows = Vec::new();
    for (side, other, change) in [
        (a, &keys_b, PassageChange::Removed),
        (b, &keys_a, PassageChange::Added),
    ] {
        for (i, concepts) in mentioning(side) {
            let Some(s) = side.sentences.get(i) else {
                continue;
            };
            let text = text_of(side, s);
            if other.contains(&sentence_key(text)) {
                continue;
            }
            let shown = text.split_whitespace().collect::<Vec<_>>().join(" ");
            for c in concepts {
                if let Some(concept) = lexicon.concepts().get(c) {
                    rows.push(PassageRow {
                        change,
                        concept: concept.id.clone(),
                        page: s.page,
                        sentence: shown.clone(),
                    });
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_classified_by_count() {
        for (a, b, want) in [
            (0, 3, Change::New),
            (2, 0, Change::Dropped),
            (2, 5, Change::Up),
            (5, 2, Change::Down),
            (4, 4, Change::Same),
            (0, 0, Change::Same),
        ] {
            assert_eq!(Change::of(a, b), want, "{a} → {b}");
        }
    }

    fn lexicon() -> Lexicon {
        Lexicon::parse(
            "[[concept]]\nid = \"a\"\nlabel = \"A\"\ngroup = \"g\"\nterms = [\"alpha\"]\n\
             [[concept]]\nid = \"b\"\nlabel = \"B\"\ngroup = \"g\"\nterms = [\"beta\"]\n",
            "test",
        )
        .expect("lexicon")
    }

    #[test]
    fn sentences_compare_after_normalisation_of_spaces_hyphens_and_breaks() {
        assert_eq!(
            sentence_key("Trauma-\ninformed  practice  matters."),
            sentence_key("Trauma informed practice matters.")
        );
        assert_eq!(sentence_key("ﬁrst – step"), sentence_key("first - step"));
        assert_ne!(
            sentence_key("Alpha."),
            sentence_key("alpha."),
            "case counts"
        );
    }

    /// Sentences found by hand: A has "Alpha here." (p1), "Beta and alpha." (p1),
    /// "Same beta." (p2); B has "Alpha here." re-wrapped (p1), "Same beta." (p3), "New
    /// alpha-beta talk." mentioning both (p3).
    #[test]
    fn passages_are_the_mentioning_sentences_of_one_side_only() {
        let sent = |text: &str, page: u32, s: &str| {
            let start = text.find(s).expect("in text");
            Sentence {
                start,
                end: start + s.len(),
                page,
            }
        };
        let ta = "Alpha here. Beta and alpha.\nSame beta.";
        let sa = [
            sent(ta, 1, "Alpha here."),
            sent(ta, 1, "Beta and alpha."),
            sent(ta, 2, "Same beta."),
        ];
        let oa = [(0, 0), (1, 12), (0, 21), (1, 33)];
        let tb = "Alpha\nhere.\nSame beta. New alpha beta talk.";
        let sb = [
            sent(tb, 1, "Alpha\nhere."),
            sent(tb, 3, "Same beta."),
            sent(tb, 3, "New alpha beta talk."),
        ];
        let ob = [(0, 0), (1, 17), (0, 27), (1, 33)];
        let a = Side {
            text: ta,
            sentences: &sa,
            occurrences: &oa,
        };
        let b = Side {
            text: tb,
            sentences: &sb,
            occurrences: &ob,
        };
        let rows = passages(&lexicon(), &a, &b);
        let got: Vec<(PassageChange, &str, u32, &str)> = rows
            .iter()
            .map(|r| (r.change, r.concept.as_str(), r.page, r.sentence.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (PassageChange::Removed, "a", 1, "Beta and alpha."),
                (PassageChange::Removed, "b", 1, "Beta and alpha."),
                (PassageChange::Added, "a", 3, "New alpha beta talk."),
                (PassageChange::Added, "b", 3, "New alpha beta talk."),
            ]
        );
    }

    #[test]
    fn rows_follow_the_lexicon_and_rates_need_words() {
        let lexicon = lexicon();
        let rows = counts(&lexicon, &[0, 2], 20_000, &[3], 0);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].concept.as_str(), rows[0].count_a, rows[0].count_b),
            ("a", 0, 3)
        );
        assert_eq!(rows[0].change, Change::New);
        assert_eq!(rows[0].per_10k_a, Some(0.0));
        assert_eq!(rows[0].per_10k_b, None, "no words, no rate");
        assert_eq!(rows[1].change, Change::Dropped, "missing count reads as 0");
        assert_eq!(rows[1].per_10k_a, Some(1.0));
    }
}
