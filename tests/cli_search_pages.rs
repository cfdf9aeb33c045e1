//! `efrh search` on phrases that run over a page break (spec: search, rule 5) and inside
//! table cells that wrap: the real binary, on PDFs added with `efrh add`.

mod common;

use common::{CorpusBuilder, Doc, Scratch};
use std::path::PathBuf;

/// `efrh search QUERY --format csv` rows as (title, page, snippet).
fn search(s: &Scratch, query: &str) -> Vec<(String, u32, String)> {
    let csv = s.ok(["search", query, "--format", "csv", "--limit", "50"]);
    let mut rows: Vec<(String, u32, String)> = csv::Reader::from_reader(csv.as_bytes())
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|r| {
            let r = r.expect("csv row");
            (
                r["title"].clone(),
                r["page"].parse().expect("page number"),
                r["snippet"].clone(),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// The page of every hit of `query` (in the order of [`search`]).
fn pages(s: &Scratch, query: &str) -> Vec<u32> {
    search(s, query).iter().map(|r| r.1).collect()
}

/// A corpus of documents (England, 2020), each titled by its name and given by its pages.
fn corpus(docs: &[(&str, &[&str])]) -> Scratch {
    let docs = docs
        .iter()
        .map(|(name, pages)| Doc::new(name, "england", 2020).pages(pages));
    CorpusBuilder::new().docs(docs).build()
}

#[test]
fn phrase_over_a_page_break_is_found_on_the_page_where_it_starts() {
    let s = corpus(&[(
        "a.pdf",
        &[
            "Partners review the risks of county",
            "lines activity every month.",
            "Nothing here.",
        ],
    )]);
    let rows = search(&s, "\"county lines\"");
    assert_eq!(rows.len(), 1, "{rows:?}");
    let (title, page, snippet) = &rows[0];
    assert_eq!((title.as_str(), *page), ("a.pdf", 1));
    // the snippet shows the whole phrase, across the break
    assert!(snippet.contains("**county lines**"), "{snippet}");
}

#[test]
fn line_end_hyphen_over_a_page_break_and_longer_phrases() {
    let text = [
        "Services commit to trauma-",
        "informed practice. Concerns about child sexual",
        "exploitation are shared.",
    ];
    let s = corpus(&[("a.pdf", &text)]);
    assert_eq!(pages(&s, "trauma-informed"), [1]);
    assert_eq!(pages(&s, "\"child sexual exploitation\""), [2]);
}

#[test]
fn a_phrase_wholly_on_the_next_page_is_not_reported_on_this_one() {
    let text = [
        "The first page ends here.",
        "County lines begin the second page.",
    ];
    let s = corpus(&[("a.pdf", &text)]);
    assert_eq!(pages(&s, "\"county lines\""), [2]);
}

#[test]
fn no_phrase_spans_two_documents() {
    let s = corpus(&[
        ("a.pdf", &["This document ends with county"]),
        ("b.pdf", &["lines begin this other document."]),
    ]);
    assert!(search(&s, "\"county lines\"").is_empty());
}

#[test]
fn phrase_in_a_wrapped_table_cell_is_found() {
    // Chromium print-to-PDF of a table whose first cell wraps: "Responding to child" /
    // "criminal exploitation in the local area" (benches/producers/generate.py).
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/producers/chromium.pdf"
    ));
    let pdf = std::fs::read(path).expect("producer PDF");
    let s = CorpusBuilder::new()
        .doc(Doc::new("chromium.pdf", "england", 2020).bytes(pdf))
        .build();
    let rows = search(&s, "\"child criminal exploitation\"");
    let found: Vec<u32> = rows.iter().map(|r| r.1).collect();
    assert_eq!(found, vec![1, 5], "{rows:?}");
    assert_eq!(pages(&s, "\"Contextual Safeguarding lead\""), [5]);
}
