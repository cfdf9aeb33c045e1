//! The analysis layer: one parallel, streaming pass of a compiled lexicon over a selection of
//! documents. Every command that reads occurrences (`count`, `kwic`, `report`, `chart`, and
//! the commands built on them) goes through here, so they all read the same documents, leave
//! out the same ones and report failures the same way.
//!
//! # API
//!
//! - [`Selection`] ([`select`]): which documents (`--nation`, `--year`, `--wave`, …), parsed
//!   once at the edge and applied to the catalogue.
//! - [`count`]`(corpus, docs, matcher, progress) -> Pass<Vec<u64>>`: occurrences per concept
//!   for each document (the fast path: no occurrence list is built).
//! - [`each_document`]`(corpus, docs, matcher, progress, f) -> Pass<T>`: `f` sees each
//!   document's joined text ([`DocText`]) and its [`Occurrence`]s and returns what the caller
//!   keeps (kwic rows, the first line per concept, …). Only `f`'s result outlives the
//!   document, so memory is bounded by what the caller keeps, not by the corpus.
//! - [`Quote`]: an occurrence as a reader cites it (page, printed page label, the matched
//!   words in context), the shape of a `kwic` line, a report's example line and a series'
//!   added passage.
//!
//! Documents are matched in parallel (rayon, both cores) and returned in the order given.
//!
//! # What is left out, and said
//!
//! - A document whose stored text cannot be read is in [`Pass::failed`] with the reason; the
//!   caller names it on stderr and exits 1.
//! - A document with no text layer (a scan that needs OCR: no words) is in
//!   [`Pass::no_text`], never in [`Pass::documents`]: a document without words cannot be
//!   evidence that a concept is absent, so it is left out of every count, share and rate.
//! - A document with text, but none in the lexicon's language (a document all in Welsh read
//!   with the English lexicon) is in [`Pass::other_language`]: it has no words to be the
//!   denominator of a rate, so it too is left out, and said so apart from the scans.
//!
//! Grouping is [`crate::aggregate`]'s alone: callers pass [`Pass::documents`] and the
//! per-document counts to it.

pub mod select;

pub use select::Selection;

use crate::corpus::Corpus;
use crate::lexicon::Lexicon;
use crate::matcher::{DocText, Matcher, Occurrence};
use crate::model::{DocId, Document};
use rayon::prelude::*;

/// What a pass over a selection yields.
#[derive(Debug, Clone)]
pub struct Pass<T> {
    /// The documents read, in the order given (scans without text and failures left out).
    pub documents: Vec<Document>,
    /// `results[i]` belongs to `documents[i]`.
    pub results: Vec<T>,
    /// Selected documents without a text layer (no words): left out of every figure.
    pub no_text: Vec<Document>,
    /// Documents whose stored text could not be read, with the reason.
    pub failed: Vec<(DocId, String)>,
    /// Selected documents with text, but no words in the lexicon's language (issue 16):
    /// left out of every figure, like the scans, for another reason.
    pub other_language: Vec<Document>,
}

impl<T> Pass<T> {
    /// Documents and their results together.
    pub fn iter(&self) -> impl Iterator<Item = (&Document, &T)> {
        self.documents.iter().zip(&self.results)
    }

    /// The standard notes on stderr: each failure named (`error: …`), and how many scans
    /// without text were left out (unless `quiet`).
    pub fn report_left_out(&self, quiet: bool) {
        for (id, why) in &self.failed {
            eprintln!("error: {id}: {why}");
        }
        if !self.no_text.is_empty() && !quiet {
            eprintln!(
                "note: {} document(s) have no text layer (scans that need OCR) and are left out \
                 of every count, share and rate; `efrh list` names them",
                self.no_text.len()
            );
        }
        if !self.other_language.is_empty() && !quiet {
            eprintln!(
                "note: {} document(s) have text but none in the lexicon's language ({}) and are \
                 left out of every count, share and rate; `efrh list` shows their languages",
                self.other_language.len(),
                self.other_language_names()
            );
        }
    }

    /// The languages the [`Pass::other_language`] documents are in: `cy 100%; cy 90%, fr …`.
    fn other_language_names(&self) -> String {
        self.other_language
            .iter()
            .map(|d| crate::language::shares(&d.words_by_language))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// True when a document has no words at all, in any language (a scan without a text layer).
/// A document all in Welsh has no English words but is no scan (see [`Pass::other_language`]).
pub fn has_no_text(d: &Document) -> bool {
    d.words == 0 && d.words_by_language.values().all(|n| *n == 0)
}

/// Occurrences per concept (`matcher.concepts()` long) for each document of `docs`.
pub fn count(
    corpus: &Corpus,
    docs: &[&Document],
    matcher: &Matcher,
    progress: &(dyn Fn() + Sync),
) -> Pass<Vec<u64>> {
    let pass = run(corpus, docs, progress, |_, pages| {
        matcher.count_in_document(pages)
    });
    in_words_of(pass, matcher)
}

/// Rates use the words in the lexicon's language (issue 16): English words (`words`) for an
/// English lexicon, `words_by_language` for another, every word for an ad-hoc phrase (read in
/// every language). A document without any words in it is
/// moved to [`Pass::other_language`].
fn in_words_of<T>(pass: Pass<T>, matcher: &Matcher) -> Pass<T> {
    let Pass {
        documents,
        results,
        no_text,
        failed,
        mut other_language,
    } = pass;
    let mut kept = Pass {
        documents: Vec::with_capacity(documents.len()),
        results: Vec::with_capacity(results.len()),
        no_text,
        failed,
        other_language: Vec::new(),
    };
    for (mut d, r) in documents.into_iter().zip(results) {
        d.words = match matcher.language() {
            Some(lang) => d.words_in(lang),
            // An ad-hoc phrase is found in every language: all the words are its denominator.
            None => d.words_by_language.values().sum::<u64>().max(d.words),
        };
        if d.words == 0 {
            other_language.push(d);
        } else {
            kept.documents.push(d);
            kept.results.push(r);
        }
    }
    kept.other_language = other_language;
    kept
}

/// Hand each document of `docs`, its joined text and its occurrences (text order) to `f`;
/// keep what `f` returns.
pub fn each_document<T, F>(
    corpus: &Corpus,
    docs: &[&Document],
    matcher: &Matcher,
    progress: &(dyn Fn() + Sync),
    f: F,
) -> Pass<T>
where
    T: Send,
    F: Fn(&Document, &DocText, Vec<Occurrence>) -> T + Sync,
{
    let pass = run(corpus, docs, progress, |d, pages| {
        // Only the paragraphs in the lexicon's language (offsets unchanged).
        let pages = matcher.in_language(pages);
        let text = DocText::new(&pages);
        let occurrences = matcher.find_in_text(&text);
        f(d, &text, occurrences)
    });
    in_words_of(pass, matcher)
}

/// The one loop over documents: load each stored text, apply `f`, in parallel, keeping order.
fn run<T, F>(corpus: &Corpus, docs: &[&Document], progress: &(dyn Fn() + Sync), f: F) -> Pass<T>
where
    T: Send,
    F: Fn(&Document, &[crate::model::PageText]) -> T + Sync,
{
    enum Slot<T> {
        Done(T),
        NoText,
        Failed(String),
    }
    let slots: Vec<Slot<T>> = docs
        .par_iter()
        .map(|d| {
            let slot = if has_no_text(d) {
                Slot::NoText
            } else {
                match corpus.load_pages(&d.id) {
                    Ok(pages) => Slot::Done(f(d, &pages)),
                    Err(e) => Slot::Failed(e.to_string()),
                }
            };
            progress();
            slot
        })
        .collect();
    let mut pass = Pass {
        documents: Vec::with_capacity(slots.len()),
        results: Vec::with_capacity(slots.len()),
        no_text: Vec::new(),
        failed: Vec::new(),
        other_language: Vec::new(),
    };
    for (d, slot) in docs.iter().zip(slots) {
        match slot {
            Slot::Done(t) => {
                pass.documents.push((*d).clone());
                pass.results.push(t);
            }
            Slot::NoText => pass.no_text.push((*d).clone()),
            Slot::Failed(why) => pass.failed.push((d.id.clone(), why)),
        }
    }
    pass
}

/// An occurrence as a reader cites it: the page where it starts, the page number printed on
/// that page (where known), and the matched words with their context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub page: u32,
    pub page_label: Option<String>,
    pub left: String,
    pub matched: String,
    pub right: String,
}

impl Quote {
    /// Occurrence `o` of `text` with `width` characters of context each side, the matched
    /// words as a reader sees them (a line broken inside them joined again, as the `lexicon`
    /// term that matched reads).
    pub fn new(text: &DocText, o: &Occurrence, lexicon: &Lexicon, width: usize) -> Quote {
        let k = text.context(o, width);
        let variant = lexicon
            .concepts()
            .get(o.concept)
            .and_then(|c| c.variant(o.term));
        Quote {
            page: o.page,
            page_label: text.page_label(o.page).map(str::to_string),
            left: k.left,
            matched: text.matched_as_read(o, variant),
            right: k.right,
        }
    }
}
