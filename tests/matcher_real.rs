//! `count` and `kwic` on the real PDFs in `../shared/real-pdfs` (skipped with a message when
//! the folder is absent), checked against an independent reference: a deliberately simple
//! regex implementation of rules 1–5 over the text `efrh text` prints.

mod common;

use common::{real_pdfs, Scratch};
use efrh::lexicon::Lexicon;
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;

/// `efrh --quiet ARGS` on the scratch corpus, which must succeed: its stdout.
fn out(s: &Scratch, args: &[&str]) -> String {
    s.ok([&["--quiet"][..], args].concat())
}

/// Marks where a line-end hyphen joined two parts of a word.
const JOIN: &str = "\u{1}";

/// Rules 2–3 the slow, obvious way: a hyphen at a line end between letters becomes a join
/// mark, then every run of whitespace and hyphens becomes one space.
fn canonical(text: &str) -> String {
    let join = Regex::new(r"(\p{Alphabetic})-[^\S\n]*\n\s*(\p{Alphabetic})").unwrap();
    let mut t = text.to_string();
    loop {
        let next = join
            .replace_all(&t, format!("${{1}}{JOIN}${{2}}").as_str())
            .into_owned();
        if next == t {
            break;
        }
        t = next;
    }
    Regex::new(r"[\s\-\u{AD}]+")
        .unwrap()
        .replace_all(&t, " ")
        .into_owned()
}

/// Whole-word, leftmost-longest, non-overlapping matches of any of `terms` (already
/// canonical) in `text`: at each word start, the longest term that ends at a word end.
fn reference_count(text: &str, terms: &[String], case_insensitive: bool) -> u64 {
    if terms.is_empty() {
        return 0;
    }
    let mut sorted: Vec<&String> = terms.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let alts: Vec<String> = sorted.iter().map(|t| term_regex(t)).collect();
    let re = Regex::new(&format!(
        r"^{}(?:{})(?:[^\p{{Alphabetic}}\p{{N}}\x01]|$)",
        if case_insensitive { "(?i)" } else { "" },
        alts.join("|")
    ))
    .unwrap();
    let mut n = 0;
    let mut next_free = 0;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let word_start =
            c.is_alphanumeric() && !prev.is_some_and(|p| p.is_alphanumeric() || p == '\u{1}');
        prev = Some(c);
        if !word_start || i < next_free {
            continue;
        }
        if let Some(m) = re.find(&text[i..]) {
            n += 1;
            next_free = i + m.end();
        }
    }
    n
}

/// A term as a regex over the canonical text: a join mark may split a word between any two
/// letters, and may stand for the space between two words.
fn term_regex(term: &str) -> String {
    let chars: Vec<char> = term.chars().collect();
    let mut re = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev_letter = i > 0 && chars[i - 1].is_alphabetic();
        let next_letter = chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        if c == ' ' && prev_letter && next_letter {
            re.push_str(r"(?: |\x01)");
            continue;
        }
        re.push_str(&regex::escape(&c.to_string()));
        if c.is_alphabetic() && next_letter {
            re.push_str(r"\x01?");
        }
    }
    re
}

#[test]
fn counts_on_real_pdfs_match_an_independent_reference_and_kwic_pages_are_right() {
    let Some(pdfs) = real_pdfs() else { return };
    let dir = &Scratch::new();
    let manifest = pdfs.join("manifest.csv");
    dir.ok([
        Path::new("--quiet"),
        Path::new("add"),
        Path::new("--manifest"),
        &manifest,
    ]);
    let lexicon = Lexicon::builtin().unwrap();
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&out(dir, &["count", "--format", "json"])).unwrap();
    let docs: Vec<serde_json::Value> =
        serde_json::from_str(&out(dir, &["list", "--format", "json"])).unwrap();
    assert!(docs.len() >= 5);
    let mut total: HashMap<String, u64> = HashMap::new();
    for d in &docs {
        let id = d["id"].as_str().unwrap();
        let text = canonical(&out(dir, &["text", id]));
        for c in lexicon.concepts() {
            let want =
                reference_count(&text, &c.terms, true) + reference_count(&text, &c.acronyms, false);
            let got = rows
                .iter()
                .find(|r| r["id"] == id && r["concept"] == c.id.as_str())
                .and_then(|r| r["count"].as_u64())
                .unwrap();
            assert_eq!(got, want, "{id} {}", c.id);
            *total.entry(c.id.clone()).or_default() += got;
        }
    }
    // The fixture holds real mentions, so this is not vacuous.
    assert!(total.values().sum::<u64>() > 50, "{total:?}");

    // kwic: one row per counted occurrence, and each on the page that holds it.
    for concept in [
        "county-lines",
        "child-sexual-exploitation",
        "harmful-sexual-behaviour",
    ] {
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out(
            dir,
            &["kwic", concept, "--width", "0", "--format", "json"],
        ))
        .unwrap();
        assert_eq!(rows.len() as u64, total[concept], "{concept}");
        for r in &rows {
            let id = r["id"].as_str().unwrap();
            let page = r["page"].as_u64().unwrap().to_string();
            let text = canonical(&out(dir, &["text", id, "--page", &page])).to_lowercase();
            let matched = canonical(r["match"].as_str().unwrap()).to_lowercase();
            let first_word = matched.split(' ').next().unwrap_or("");
            assert!(
                text.contains(&matched) || text.trim_end().ends_with(first_word),
                "{id} page {page}: {matched:?} not on that page"
            );
        }
    }
}
