//! Snippets: a short window of a page's text around the best cluster of matches, with each
//! match wrapped in marks (`**…**` by default).
//!
//! Matches are found again in the stored page text with the analyzers the index uses, in
//! both readings (so "safe-\nguarding" is marked for a query `safeguarding`). Whitespace
//! and line breaks are shown as one space; a line-end hyphen is shown joined ("trauma-informed").

use super::query::Query;
use super::tokenize::{self, Reading};

/// How a match is marked in a snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    pub open: &'static str,
    pub close: &'static str,
}

impl Marks {
    /// `**match**`: plain text, readable in CSV, JSON and Markdown.
    pub const STARS: Marks = Marks {
        open: "**",
        close: "**",
    };
    /// Bold on an ANSI terminal.
    pub const ANSI_BOLD: Marks = Marks {
        open: "\x1b[1m",
        close: "\x1b[0m",
    };
}

/// Byte ranges of `body` matched by the query's words and phrases (not those under NOT),
/// sorted and merged.
pub fn match_ranges(body: &str, query: &Query) -> Vec<(usize, usize)> {
    let mut query_analyzer = tokenize::analyzer(Reading::Split, query.stem);
    let mut plain_analyzer = tokenize::analyzer(Reading::Split, false);
    // (words, last word is a prefix); prefixes are matched on unstemmed words.
    let phrases: Vec<(Vec<String>, bool)> = query
        .positive_texts()
        .into_iter()
        .map(|(t, prefix)| {
            let analyzer = if prefix {
                &mut plain_analyzer
            } else {
                &mut query_analyzer
            };
            let words = tokenize::tokens(analyzer, t)
                .into_iter()
                .map(|t| t.text)
                .collect::<Vec<_>>();
            (words, prefix)
        })
        .filter(|(p, _)| !p.is_empty())
        .collect();
    if phrases.is_empty() {
        return Vec::new();
    }
    let mut ranges = Vec::new();
    for reading in [Reading::Split, Reading::Joined] {
        if reading == Reading::Joined && !tokenize::has_line_end_hyphen(body) {
            continue;
        }
        let stemmed = tokenize::tokens(&mut tokenize::analyzer(reading, query.stem), body);
        let plain = if query.stem {
            tokenize::tokens(&mut tokenize::analyzer(reading, false), body)
        } else {
            Vec::new()
        };
        for (phrase, prefix) in &phrases {
            let toks = if *prefix && query.stem {
                &plain
            } else {
                &stemmed
            };
            let n = phrase.len();
            for window in toks.windows(n) {
                let first = &window[0];
                let consecutive = window.iter().enumerate().all(|(k, t)| {
                    t.position == first.position + k
                        && if *prefix && k + 1 == n {
                            t.text.starts_with(phrase[k].as_str())
                        } else {
                            t.text == phrase[k]
                        }
                });
                if consecutive {
                    ranges.push((first.offset_from, window[n - 1].offset_to));
                }
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// A window of about `width` characters of `body` around the densest cluster of `ranges`,
/// with every range fully inside the window marked. "…" shows where text was cut.
pub fn render(body: &str, ranges: &[(usize, usize)], width: usize, marks: Marks) -> String {
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let n = chars.len();
    let char_at = |byte: usize| chars.partition_point(|(b, _)| *b < byte);
    let is_word = |ci: usize| chars.get(ci).is_some_and(|(_, c)| c.is_alphanumeric());
    let width = width.max(8);

    // The range whose following `width` characters hold the most ranges.
    let anchor = ranges
        .iter()
        .enumerate()
        .max_by_key(|(i, (s, _))| {
            let limit = char_at(*s) + width / 2;
            let count = ranges[*i..]
                .iter()
                .take_while(|(s2, _)| char_at(*s2) < limit)
                .count();
            (count, std::cmp::Reverse(*i))
        })
        .map(|(_, r)| *r);

    let (mut start, anchor_end) = match anchor {
        Some((s, e)) => (char_at(s).saturating_sub(width / 4), char_at(e)),
        None => (0, 0),
    };
    let anchor_start = anchor.map_or(0, |(s, _)| char_at(s));
    // Do not start in the middle of a word.
    while start > 0 && start < anchor_start && is_word(start - 1) && is_word(start) {
        start += 1;
    }
    // Nor with the punctuation or space left over from the cut ("…, work" → "…work").
    while start > 0 && start < anchor_start && !is_word(start) {
        start += 1;
    }
    let mut end = (start + width).max(anchor_end).min(n);
    while end < n && end > anchor_end && is_word(end - 1) && is_word(end) {
        end -= 1;
    }

    let start_byte = chars.get(start).map_or(body.len(), |(b, _)| *b);
    let end_byte = chars.get(end).map_or(body.len(), |(b, _)| *b);
    let inside: Vec<(usize, usize)> = ranges
        .iter()
        .copied()
        .filter(|(s, e)| *s >= start_byte && *e <= end_byte)
        .collect();

    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut pending_space = false;
    let mut next_range = 0;
    let mut open_until: Option<usize> = None;
    for &(byte, c) in chars.get(start..end).unwrap_or(&[]) {
        if let Some(e) = open_until {
            if byte >= e {
                out.push_str(marks.close);
                open_until = None;
            }
        }
        if c.is_whitespace() {
            // A line-end hyphen after a letter joins the word parts: "trauma-informed".
            let joins = c == '\n' && out.ends_with('-') && {
                let mut back = out.chars().rev();
                back.next();
                back.next().is_some_and(char::is_alphabetic)
            };
            if !joins && !out.is_empty() && !out.ends_with('…') {
                pending_space = true;
            }
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if let Some(&(s, e)) = inside.get(next_range) {
            if byte == s {
                out.push_str(marks.open);
                open_until = Some(e);
                next_range += 1;
            }
        }
        out.push(c);
    }
    if open_until.is_some() {
        out.push_str(marks.close);
    }
    if end < n {
        out.push('…');
    }
    out
}

/// The snippet of `body` for `query`, at most `max_chars` characters including marks.
pub fn snippet(body: &str, query: &Query, max_chars: usize, marks: Marks) -> String {
    let ranges = match_ranges(body, query);
    let mut width = max_chars;
    loop {
        let s = render(body, &ranges, width, marks);
        if s.chars().count() <= max_chars || width <= 8 {
            return s;
        }
        width = width.saturating_sub((s.chars().count() - max_chars).max(2));
    }
}

/// The snippet of a page whose matches may run on into the next page: `next` is the
/// beginning of the next page's body. When no match lies wholly on the page, the snippet
/// shows the page's end and the next page's beginning, with the phrase that starts on the page
/// marked whole.
pub fn snippet_with_next(
    body: &str,
    next: &str,
    query: &Query,
    max_chars: usize,
    marks: Marks,
) -> String {
    if next.is_empty() || !match_ranges(body, query).is_empty() {
        return snippet(body, query, max_chars, marks);
    }
    let text = format!("{body}\n{next}");
    let ranges: Vec<(usize, usize)> = match_ranges(&text, query)
        .into_iter()
        .filter(|&(s, _)| s < body.len())
        .collect();
    if ranges.is_empty() {
        return snippet(body, query, max_chars, marks);
    }
    let mut width = max_chars;
    loop {
        let s = render(&text, &ranges, width, marks);
        if s.chars().count() <= max_chars || width <= 8 {
            return s;
        }
        width = width.saturating_sub((s.chars().count() - max_chars).max(2));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snip(body: &str, q: &str, width: usize) -> String {
        let query = Query::parse(q, false).unwrap();
        snippet(body, &query, width, Marks::STARS)
    }

    #[test]
    fn marks_words_phrases_and_line_breaks() {
        let cases = [
            ("we met gangs here", "gangs", "we met **gangs** here"),
            (
                "the county\nlines model",
                "\"county lines\"",
                "the **county lines** model",
            ),
            (
                "be trauma-\ninformed now",
                "trauma-informed",
                "be **trauma-informed** now",
            ),
            (
                "keep safe-\nguarding",
                "safeguarding",
                "keep **safe-guarding**",
            ),
            ("Gangs and GANGS", "gangs", "**Gangs** and **GANGS**"),
            ("no match here", "nation:wales", "no match here"),
            (
                "gangs but not knives",
                "gangs NOT knives",
                "**gangs** but not knives",
            ),
        ];
        for (body, q, want) in cases {
            assert_eq!(snip(body, q, 100), want, "{q:?} in {body:?}");
        }
    }

    #[test]
    fn stemming_marks_word_forms() {
        let query = Query::parse("gang", true).unwrap();
        assert_eq!(
            snippet("two gangs met", &query, 100, Marks::STARS),
            "two **gangs** met"
        );
    }

    #[test]
    fn long_pages_are_cut_around_the_match_on_word_boundaries() {
        let body = format!(
            "{} county lines {}",
            "alpha ".repeat(50),
            "omega ".repeat(50)
        );
        let s = snip(&body, "\"county lines\"", 40);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("**county lines**"), "{s}");
        assert!(s.chars().count() <= 40, "{s}");
        for w in s.trim_matches('…').split(' ') {
            let w = w.trim_matches('*');
            assert!(
                ["alpha", "omega", "county", "lines"].contains(&w),
                "{w:?} in {s}"
            );
        }
    }

    #[test]
    fn budget_includes_marks() {
        let body = "gangs gangs gangs gangs gangs gangs gangs gangs gangs gangs";
        for max in [20, 30, 60] {
            let s = snip(body, "gangs", max);
            assert!(s.chars().count() <= max, "{max}: {s}");
            assert!(s.contains("**gangs**"), "{s}");
        }
    }

    #[test]
    fn unicode_is_cut_safely() {
        let body = "café ".repeat(40) + "gangs" + &" ŵyr".repeat(40);
        let s = snip(&body, "gangs", 30);
        assert!(s.contains("**gangs**"), "{s}");
    }
}
