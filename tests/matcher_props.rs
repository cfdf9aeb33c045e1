//! Property tests of the matcher: counts scale with the text, and how a text is cut into pages
//! only matters at the page boundary.

use efrh::lexicon::Lexicon;
use efrh::matcher::{DocText, Matcher};
use efrh::model::PageText;
use proptest::prelude::*;

const LEXICON: &str = include_str!("data/lexicons/matcher_props.toml");

const WORDS: &[&str] = &[
    "trauma",
    "Trauma",
    "informed",
    "INFORMED",
    "practice",
    "safe",
    "guarding",
    "safeguarding",
    "contextual",
    "county",
    "line",
    "lines",
    "gang",
    "gangway",
    "associated",
    "CSE",
    "cse",
    "CSEC",
    "child",
    "on",
    "abuse",
    "sexual",
    "exploitation",
    "x",
    "été",
    "İ",
    "1",
    "(",
    ")",
];
const SEPS: &[&str] = &[
    " ", " ", " ", "-", "\n", "-\n", "  ", "\u{00A0}", ". ", ",", "\u{00AD}", " - ", "-\n  ",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((0..WORDS.len(), 0..SEPS.len()), 0..60).prop_map(|parts| {
        let mut s = String::new();
        for (w, sep) in parts {
            s.push_str(WORDS[w]);
            s.push_str(SEPS[sep]);
        }
        s
    })
}

fn page(body: &str) -> PageText {
    PageText {
        body: body.to_string(),
        ..Default::default()
    }
}

fn setup() -> Matcher {
    Matcher::new(&Lexicon::parse(LEXICON, "props.toml").unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Counting a document that holds its text twice (with a non-separator between the copies)
    /// doubles every count.
    #[test]
    fn doubling_text_doubles_counts(t in text()) {
        let m = setup();
        let once = m.count_in_document(&[page(&t)]);
        let twice = m.count_in_document(&[page(&format!("{t}\n.\n{t}"))]);
        let doubled: Vec<u64> = once.iter().map(|n| n * 2).collect();
        prop_assert_eq!(twice, doubled);
    }

    /// Cutting a text into two pages at a line break (which the page break replaces) changes
    /// nothing but the page numbers: same occurrences at the same document offsets, each on
    /// the page where it starts.
    #[test]
    fn page_split_at_a_line_break_changes_only_pages(t in text(), at in any::<prop::sample::Index>()) {
        let breaks: Vec<usize> = t.match_indices('\n').map(|(i, _)| i).collect();
        prop_assume!(!breaks.is_empty());
        let cut = breaks[at.index(breaks.len())];
        let m = setup();
        let whole = m.find_in_document(&[page(&t)]);
        let pages = [page(&t[..cut]), page(&t[cut + 1..])];
        let split = m.find_in_document(&pages);
        prop_assert_eq!(whole.len(), split.len());
        for (a, b) in whole.iter().zip(&split) {
            prop_assert_eq!((a.concept, a.doc_start, a.doc_end), (b.concept, b.doc_start, b.doc_end));
            let want_page = if a.doc_start < cut { 1 } else { 2 };
            prop_assert_eq!(b.page, want_page);
            let start = if want_page == 1 { a.doc_start } else { a.doc_start - cut - 1 };
            prop_assert_eq!(b.start, start);
        }
    }

    /// Replacing a space by a page break changes no count, unless the space follows a hyphen
    /// (then "safe-" / "guarding" across the break is one word, as the rules say).
    #[test]
    fn page_split_at_a_space_keeps_counts(t in text(), at in any::<prop::sample::Index>()) {
        let spaces: Vec<usize> = t
            .match_indices(' ')
            .map(|(i, _)| i)
            .filter(|&i| !t[..i].ends_with('-') && !t[..i].trim_end().ends_with('-'))
            .collect();
        prop_assume!(!spaces.is_empty());
        let cut = spaces[at.index(spaces.len())];
        let m = setup();
        let whole = m.count_in_document(&[page(&t)]);
        let split = m.count_in_document(&[page(&t[..cut]), page(&t[cut + 1..])]);
        prop_assert_eq!(whole, split);
    }

    /// Occurrences of one concept never overlap, lie on char boundaries, are in text order,
    /// and never start on a separator.
    #[test]
    fn occurrences_are_well_formed(t in text()) {
        let m = setup();
        let doc = DocText::new(&[page(&t)]);
        let occs = m.find_in_text(&doc);
        for w in occs.windows(2) {
            prop_assert!(w[0].doc_start <= w[1].doc_start);
        }
        for c in 0..m.concepts() {
            let mine: Vec<_> = occs.iter().filter(|o| o.concept == c).collect();
            for w in mine.windows(2) {
                prop_assert!(w[0].doc_end <= w[1].doc_start, "{:?}", w);
            }
        }
        for o in &occs {
            let s = doc.text().get(o.doc_start..o.doc_end);
            prop_assert!(s.is_some_and(|s| !s.is_empty()));
            let first = s.and_then(|s| s.chars().next()).unwrap_or(' ');
            prop_assert!(!first.is_whitespace() && first != '-');
        }
    }

    /// Any text at all (arbitrary Unicode, controls, lone combining marks): no panic, and
    /// every occurrence is a non-empty slice on char boundaries of its page.
    #[test]
    fn arbitrary_text_never_panics(pages in prop::collection::vec(
        prop::collection::vec(
            prop_oneof![
                any::<char>().prop_map(String::from),
                prop::sample::select(WORDS).prop_map(String::from),
                prop::sample::select(SEPS).prop_map(String::from),
            ],
            0..80,
        ),
        0..4,
    )) {
        let m = setup();
        let pages: Vec<PageText> = pages.iter().map(|p| page(&p.concat())).collect();
        let doc = DocText::new(&pages);
        for o in m.find_in_text(&doc) {
            prop_assert!(doc.text().get(o.doc_start..o.doc_end).is_some_and(|s| !s.is_empty()));
            let body = &pages[o.page as usize - 1].body;
            prop_assert!(body.get(o.start..o.end).is_some());
            let k = doc.context(&o, 10);
            prop_assert!(k.left.chars().count() <= 10 && k.right.chars().count() <= 10);
        }
        let _ = m.count_in_document(&pages);
    }
}
