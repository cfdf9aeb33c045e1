//! Printed page numbers, the ones a reader cites: from the PDF's `/PageLabels` number tree
//! when it has one, else from the page numbers found in the running headers and footers.
//!
//! `/PageLabels` ranges (PDF 32000-1 §12.4.2) start at a page index and number the pages from
//! `/St` (default 1) in a style: `/D` decimal, `/R` `/r` roman, `/A` `/a` letters (A…Z, AA…ZZ,
//! …), or none (the prefix alone), after an optional `/P` prefix. The tree walk is bounded in
//! depth and in entries.
//!
//! Without `/PageLabels`, a number in a page's header or footer is taken as its label only
//! when it is consistent with the page sequence: pages whose numbers run one per page at the
//! same offset from the index (at least three pages at that offset, one of them within two
//! pages). A lone number ("Act 1989", "Figure 3") is never taken.

use super::fonts::{deref, dict_get, num};
use crate::model::PageText;
use lopdf::{Dictionary, Document, Object};

/// Most number-tree entries (and nodes) read.
const MAX_ENTRIES: usize = 100_000;
/// Labels are numbers up to this value; larger ones are not page numbers.
const MAX_NUMBER: u32 = 100_000;

/// One label for each page: `/PageLabels` when the PDF has them, else the printed numbers
/// found in the running headers and footers; `None` where unknown.
pub fn labels(doc: &Document, pages: &[PageText], max_depth: usize) -> Vec<Option<String>> {
    match page_labels(doc, pages.len(), max_depth) {
        Some(l) => l,
        None => printed_numbers(pages),
    }
}

/// A labelling range from the number tree.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    start: usize,
    style: Option<u8>,
    prefix: String,
    first: u32,
}

/// The labels the PDF declares in `/Root /PageLabels`, or None when it declares none.
fn page_labels(doc: &Document, n_pages: usize, max_depth: usize) -> Option<Vec<Option<String>>> {
    let root = doc.catalog().ok()?;
    let tree = match dict_get(doc, root, b"PageLabels")? {
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let mut ranges = Vec::new();
    let mut budget = MAX_ENTRIES;
    walk(doc, tree, max_depth.min(32), &mut budget, &mut ranges);
    if ranges.is_empty() {
        return None;
    }
    ranges.sort_by_key(|r| r.start);
    ranges.dedup_by_key(|r| r.start);
    let mut out = Vec::with_capacity(n_pages);
    for i in 0..n_pages {
        let at = ranges.partition_point(|r| r.start <= i);
        let label = at.checked_sub(1).and_then(|k| ranges.get(k)).map(|r| {
            let n = u32::try_from(i - r.start)
                .ok()
                .and_then(|d| r.first.checked_add(d));
            format_label(r, n)
        });
        out.push(label.filter(|l| !l.is_empty()));
    }
    Some(out)
}

/// Read a number tree node: `/Nums [key value …]` and `/Kids [node …]`.
fn walk(doc: &Document, node: &Dictionary, depth: usize, budget: &mut usize, out: &mut Vec<Range>) {
    if depth == 0 || *budget == 0 {
        return;
    }
    *budget -= 1;
    if let Some(Object::Array(nums)) = dict_get(doc, node, b"Nums") {
        for pair in nums.chunks(2) {
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            let (Some(k), Some(v)) = (pair.first(), pair.get(1)) else {
                break;
            };
            let start = num(deref(doc, k)).filter(|k| *k >= 0.0 && *k < 1e9);
            if let (Some(start), Object::Dictionary(d)) = (start, deref(doc, v)) {
                out.push(range(doc, start as usize, d));
            }
        }
    }
    if let Some(Object::Array(kids)) = dict_get(doc, node, b"Kids") {
        for kid in kids {
            if *budget == 0 {
                return;
            }
            if let Object::Dictionary(d) = deref(doc, kid) {
                walk(doc, d, depth - 1, budget, out);
            }
        }
    }
}

fn range(doc: &Document, start: usize, d: &Dictionary) -> Range {
    let style = match dict_get(doc, d, b"S") {
        Some(Object::Name(n)) => n.first().copied().filter(|c| b"DRrAa".contains(c)),
        _ => None,
    };
    let prefix = match dict_get(doc, d, b"P") {
        Some(Object::String(s, _)) => text_string(s),
        _ => String::new(),
    };
    let first = dict_get(doc, d, b"St")
        .and_then(num)
        .filter(|v| *v >= 1.0 && *v <= f64::from(MAX_NUMBER))
        .map_or(1, |v| v as u32);
    Range {
        start,
        style,
        prefix,
        first,
    }
}

/// A PDF text string: UTF-16BE with a byte order mark, else PDFDocEncoding (read as
/// Latin-1, which it equals for the printable characters labels use).
fn text_string(s: &[u8]) -> String {
    let s = s.get(..s.len().min(256)).unwrap_or(s);
    let text = match s.strip_prefix(&[0xFE, 0xFF]) {
        Some(rest) => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => s.iter().map(|&b| char::from(b)).collect(),
    };
    text.chars()
        .filter(|c| !c.is_control() && *c != '\u{FFFD}')
        .collect()
}

fn format_label(r: &Range, n: Option<u32>) -> String {
    let mut out = r.prefix.clone();
    let Some(n) = n.filter(|n| *n <= MAX_NUMBER) else {
        return out;
    };
    match r.style {
        Some(b'D') => out.push_str(&n.to_string()),
        Some(b'R') => out.push_str(&roman(n).to_ascii_uppercase()),
        Some(b'r') => out.push_str(&roman(n)),
        Some(b'A') => out.push_str(&letters(n).to_ascii_uppercase()),
        Some(b'a') => out.push_str(&letters(n)),
        _ => {}
    }
    out
}

/// Lower-case roman numerals (thousands as repeated m).
fn roman(mut n: u32) -> String {
    const PARTS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in PARTS {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// PDF letter numbering: a…z, then aa…zz, aaa…: the letter repeated.
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    let times = ((n - 1) / 26 + 1).min(1000) as usize;
    std::iter::repeat_n(letter, times).collect()
}

/// The value of a roman numeral written canonically (as [`roman`] writes it), in one case.
fn parse_roman(s: &str) -> Option<(u32, bool)> {
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    let upper = s.bytes().all(|b| b.is_ascii_uppercase());
    let lower = s.bytes().all(|b| b.is_ascii_lowercase());
    if !(upper || lower) {
        return None;
    }
    let l = s.to_ascii_lowercase();
    let mut v = 0u32;
    let mut prev = 0u32;
    for c in l.chars().rev() {
        let d = match c {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            'l' => 50,
            'c' => 100,
            'd' => 500,
            'm' => 1000,
            _ => return None,
        };
        if d < prev {
            v = v.checked_sub(d)?;
        } else {
            v += d;
            prev = d;
        }
    }
    (v > 0 && roman(v) == l).then_some((v, upper))
}

/// How a printed number is written, so numbers in different styles are not mixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Style {
    Decimal,
    RomanLower,
    RomanUpper,
}

/// A number printed in a page's header or footer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    style: Style,
    value: u32,
    text: String,
}

/// Page numbers a header or footer line may hold: the whole line as a page number (`16`,
/// `- 16 -`, `Page 16`, `16 of 40`, `Page 16 of 40`, `p. 16`, `iv`), or a decimal number
/// at either end of a running line ("Guidance on … Young People 17").
fn candidates(line: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    let words: Vec<&str> = line.split_whitespace().collect();
    let decimal = |w: &str| -> Option<Candidate> {
        let w = w.trim_matches(|c: char| matches!(c, '-' | '–' | '—' | '|' | '.' | '(' | ')'));
        if w.is_empty() || w.len() > 6 || !w.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: u32 = w.parse().ok()?;
        (1..=MAX_NUMBER).contains(&value).then(|| Candidate {
            style: Style::Decimal,
            value,
            text: value.to_string(),
        })
    };
    // the whole line as a page number
    let core: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !matches!(*w, "-" | "–" | "—" | "|"))
        .collect();
    let core: &[&str] = match core.as_slice() {
        [p, rest @ ..] if matches!(p.to_ascii_lowercase().as_str(), "page" | "p." | "pg.") => rest,
        c => c,
    };
    let number = match core {
        [n] | [n, "of", _] | [n, "/", _] => Some(*n),
        _ => None,
    };
    if let Some(n) = number {
        if let Some(c) = decimal(n) {
            out.push(c);
        } else if let Some((value, upper)) = parse_roman(n.trim_matches(['-', '–', '—'])) {
            out.push(Candidate {
                style: if upper {
                    Style::RomanUpper
                } else {
                    Style::RomanLower
                },
                value,
                text: n.trim_matches(['-', '–', '—']).to_string(),
            });
        }
        return out;
    }
    // a number at either end of a longer running line
    if words.len() >= 2 {
        for w in [words.first(), words.last()].into_iter().flatten() {
            if let Some(c) = decimal(w) {
                out.push(c);
            }
        }
    }
    out
}

/// Printed page numbers from the headers and footers, where they run with the page index.
fn printed_numbers(pages: &[PageText]) -> Vec<Option<String>> {
    use std::collections::HashMap;
    let found: Vec<Vec<Candidate>> = pages
        .iter()
        .map(|p| {
            p.footer
                .lines()
                .chain(p.header.lines())
                .take(16)
                .flat_map(candidates)
                .collect()
        })
        .collect();
    // each candidate's offset from the page number counted from 1
    let key = |i: usize, c: &Candidate| (c.style, i64::from(c.value) - i as i64 - 1);
    let mut pages_at: HashMap<(Style, i64), Vec<usize>> = HashMap::new();
    for (i, cs) in found.iter().enumerate() {
        for c in cs {
            let at = pages_at.entry(key(i, c)).or_default();
            if at.last() != Some(&i) {
                at.push(i);
            }
        }
    }
    let min_support = if pages.len() <= 3 { 2 } else { 3 };
    found
        .iter()
        .enumerate()
        .map(|(i, cs)| {
            cs.iter()
                .filter_map(|c| {
                    let at = pages_at.get(&key(i, c))?;
                    let near = at.iter().any(|&j| j != i && j.abs_diff(i) <= 2);
                    (at.len() >= min_support && near).then_some((at.len(), c))
                })
                .max_by_key(|(support, _)| *support)
                .map(|(_, c)| c.text.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(footer: &str, header: &str) -> PageText {
        PageText {
            header: header.into(),
            footer: footer.into(),
            ..PageText::from_body("text")
        }
    }

    #[test]
    fn roman_and_letters() {
        for (n, r) in [(4, "iv"), (1994, "mcmxciv")] {
            assert_eq!(roman(n), r, "{n}");
        }
        for (n, l) in [(1, "a"), (26, "z"), (27, "aa"), (53, "aaa")] {
            assert_eq!(letters(n), l, "{n}");
        }
        for (text, want) in [
            ("xiv", Some((14, false))),
            ("XIV", Some((14, true))),
            ("iiii", None),
            ("Xiv", None),
            ("mix", Some((1009, false))),
            ("vx", None),
        ] {
            assert_eq!(parse_roman(text), want, "{text}");
        }
    }

    #[test]
    fn labels_from_ranges() {
        let r = Range {
            start: 4,
            style: Some(b'D'),
            prefix: "A-".into(),
            first: 3,
        };
        assert_eq!(format_label(&r, Some(3)), "A-3");
        let r = Range { style: None, ..r };
        assert_eq!(format_label(&r, Some(3)), "A-");
        assert_eq!(text_string(b"\xFE\xFF\x00A\x00-"), "A-");
    }

    #[test]
    fn line_forms_of_a_page_number() {
        let vals = |l: &str| -> Vec<String> { candidates(l).into_iter().map(|c| c.text).collect() };
        assert_eq!(vals("16"), ["16"]);
        assert_eq!(vals("- 16 -"), ["16"]);
        assert_eq!(vals("Page 16 of 40"), ["16"]);
        assert_eq!(vals("page 16"), ["16"]);
        assert_eq!(vals("16 of 40"), ["16"]);
        assert_eq!(vals("iv"), ["iv"]);
        assert_eq!(vals("Guidance for Young People 17"), ["17"]);
        assert_eq!(
            vals("Making a Complaint under the Children Act 1989"),
            ["1989"]
        );
        assert!(vals("Contents").is_empty());
        assert!(vals("0").is_empty());
        assert!(vals("I").len() == 1); // a lone "I" is a candidate; only a sequence counts
    }

    #[test]
    fn footer_numbers_offset_from_the_index_are_labels() {
        // cover, then pages printed 2.. with the title and a year in the running lines
        let mut pages = vec![page("", "Report title 2019")];
        for i in 1..8 {
            pages.push(page(
                &format!("{}\nMaking a Complaint under the Children Act 1989", i + 1),
                "Report title 2019",
            ));
        }
        let l = printed_numbers(&pages);
        assert_eq!(l[0], None);
        assert_eq!(l[1].as_deref(), Some("2"));
        assert_eq!(l[7].as_deref(), Some("8"));
        // offset: index 3 (page 4) printed as 5
        let pages: Vec<PageText> = (0..6)
            .map(|i| page(&format!("Guidance {}", i + 2), ""))
            .collect();
        assert_eq!(printed_numbers(&pages)[3].as_deref(), Some("5"));
    }

    #[test]
    fn roman_front_matter_then_decimal() {
        let mut pages: Vec<PageText> = ["i", "ii", "iii", "iv"]
            .iter()
            .map(|r| page(r, ""))
            .collect();
        pages.extend((1..=5).map(|n| page(&n.to_string(), "")));
        let l = printed_numbers(&pages);
        assert_eq!(l[3].as_deref(), Some("iv"));
        assert_eq!(l[4].as_deref(), Some("1"));
        assert_eq!(l[8].as_deref(), Some("5"));
    }

    #[test]
    fn a_lone_number_is_not_a_label() {
        let pages = vec![
            page("", ""),
            page("12", ""),
            page("", ""),
            page("Figure 3", ""),
            page("", ""),
        ];
        assert!(printed_numbers(&pages).iter().all(Option::is_none));
        // two agreeing pages in a long document are not enough either
        let mut pages: Vec<PageText> = (0..10).map(|_| page("", "")).collect();
        pages[4] = page("7", "");
        pages[5] = page("8", "");
        assert!(printed_numbers(&pages).iter().all(Option::is_none));
    }
}
