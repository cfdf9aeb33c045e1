//! Counts on PDFs written by real producers (`benches/producers/generate.py`: LibreOffice
//! justified and hyphenated with a typed "Page N" paragraph, Chromium print-to-PDF with page
//! numbers in the flow and a table whose cells wrap, groff, pdfLaTeX twocolumn with a narrow
//! gutter) against the truth the generator wrote beside them (`truth.json`: per page, per
//! concept, computed by an independent Python reading of the matching rules over the text the
//! generator put on each page). Every page ends in the middle of a term that continues on
//! the next page, and the text holds traps that must not count (gangway, gangster, CSEC,
//! deradicalisation, the page numbers). `pdflatex-t1.pdf` is the pdflatex document in T1
//! font encoding: bitmap Type3 fonts with numbered glyph names and no ToUnicode.

use efrh::extract::{extract, Limits};
use efrh::lexicon::Lexicon;
use efrh::matcher::Matcher;
use std::collections::BTreeMap;
use std::path::PathBuf;

type PageCounts = Vec<BTreeMap<String, u64>>;

fn data() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/producers"))
}

fn truth() -> BTreeMap<String, PageCounts> {
    #[derive(serde::Deserialize)]
    struct Entry {
        counts: PageCounts,
    }
    let text = std::fs::read_to_string(data().join("truth.json")).expect("truth.json");
    let all: BTreeMap<String, Entry> = serde_json::from_str(&text).expect("truth.json parses");
    all.into_iter().map(|(k, v)| (k, v.counts)).collect()
}

/// efrh's per-page counts for one PDF.
fn counts(file: &str) -> PageCounts {
    let bytes = std::fs::read(data().join(file)).expect("read producer PDF");
    let x = extract(&bytes, &Limits::default()).expect("extracts");
    let lexicon = Lexicon::builtin().expect("default lexicon");
    let matcher = Matcher::new(&lexicon);
    let mut out: PageCounts = vec![BTreeMap::new(); x.pages.len()];
    for occ in matcher.find_in_document(&x.pages) {
        let id = lexicon.concepts()[occ.concept].id.clone();
        *out[occ.page as usize - 1].entry(id).or_default() += 1;
    }
    out
}

fn check(file: &str) {
    let want = truth().remove(file).expect("file in truth.json");
    let got = counts(file);
    assert_eq!(got.len(), want.len(), "{file}: pages");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{file}: page {}", i + 1);
    }
}

#[test]
fn libreoffice_typed_page_number_paragraph_does_not_split_terms() {
    check("libreoffice.pdf");
}

#[test]
fn chromium_page_numbers_in_the_flow_and_wrapped_table_cells() {
    check("chromium.pdf");
}

#[test]
fn groff_ms_justified_hyphenated() {
    check("groff.pdf");
}

#[test]
fn pdflatex_twocolumn_narrow_gutter_and_table() {
    check("pdflatex.pdf");
}

/// pdfTeX's bitmap fonts (T1 encoding without cm-super): Type3 fonts whose glyphs are named
/// after their codes (`/a97`), no ToUnicode. Before, every glyph was unmapped (or, for
/// `/a71`, read as a ZapfDingbats bullet) and the document had no countable text.
#[test]
fn pdflatex_t1_type3_bitmap_fonts_with_numbered_glyphs() {
    check("pdflatex-t1.pdf");
    let bytes = std::fs::read(data().join("pdflatex-t1.pdf")).expect("read producer PDF");
    let x = extract(&bytes, &Limits::default()).expect("extracts");
    assert_eq!(x.quality.unmapped_glyphs, 0);
    let words = |i: usize| {
        let body = x.pages.get(i).map(|p| p.body.as_str()).unwrap_or_default();
        body.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let first = words(0);
    assert!(
        first.starts_with("Local partners should understand how Contex- tual Safeguarding"),
        "{first}"
    );
    // the fi ligature of "identified" (T1 slot 28) reads as the two letters
    assert!(
        words(3).contains("exploitation was iden- tified."),
        "{}",
        words(3)
    );
}
