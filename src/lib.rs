//! efrh: a corpus analyser for UK policy documents on extra-familial risks and harms (EFRH).
//!
//! Data flows one way:
//!
//! ```text
//! PDF ──extract──▶ corpus (catalogue, PDFs, page texts) ──matcher──▶ occurrences
//!                     │                                      │
//!                     └──index (tantivy, per page)          aggregate ──▶ output / report
//! ```
//!
//! - [`model`]: domain values (`Nation`, `Year`, `DocId`, …), parsed once at the edge.
//! - [`extract`]: PDF bytes → pages of text (the only module that knows lopdf).
//! - [`normalize`]: the text normalisation shared by extraction and matching.
//! - [`corpus`]: the on-disk store: catalogue, original PDFs, page texts, lock, atomic writes.
//! - [`lexicon`]: TOML lexicon → validated concepts.
//! - [`matcher`]: concepts → one automaton; text → occurrences (rules 1–5 of the spec).
//! - [`aggregate`]: occurrences + metadata → counts by any grouping (pure, no I/O).
//! - [`editions`]: the editions of a series and what was in force in a year (`--as-of`).
//! - [`diff`]: two documents' concept counts side by side (pure).
//! - [`index`]: the tantivy full-text index of pages (the only module that knows tantivy).
//! - [`report`]: charts (the only module that knows plotters) and the HTML report.
//! - [`audit`]: precision audits: stratified samples of occurrences, scores, agreement.
//! - [`export`]: projects for other tools (REFI-QDA `.qdpx` for NVivo, ATLAS.ti, MAXQDA).
//! - [`output`]: table / CSV / JSON printing.
//! - [`stats`]: Wilson intervals, Fisher's exact test, rate ratios, Cohen's kappa (pure).
//! - [`segment`]: sentences and paragraphs of a document's text, as spans of the matched text.
//! - [`cooccur`]: concepts found together in a sentence, paragraph or page (pure).
//! - [`collocates`]: the words around a concept, ranked by log-likelihood (pure).
//! - `pdfwrite` (feature `pdfwrite`): a small deterministic text-PDF writer (demo corpus,
//!   tests, benches).

#[macro_use]
mod keyword;

pub mod aggregate;
pub mod analysis;
pub mod audit;
pub mod collocates;
pub mod config;
pub mod cooccur;
pub mod corpus;
pub mod diff;
pub mod editions;
pub mod error;
pub mod export;
pub mod extract;
pub mod fetch;
pub mod index;
pub mod language;
pub mod lexicon;
pub mod markup;
pub mod matcher;
pub mod model;
pub mod normalize;
pub mod ocr;
pub mod output;
#[cfg(any(test, feature = "pdfwrite"))]
pub mod pdfwrite;
pub mod report;
pub mod segment;
pub mod stats;

pub use config::Config;
pub use error::{Error, Result};
