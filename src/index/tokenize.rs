//! How page text becomes index terms, and how query text becomes the same terms.
//!
//! A token is a maximal run of letters and digits (`char::is_alphanumeric`), lower-cased, so
//! hyphens, apostrophes and line breaks all separate tokens: "trauma-informed",
//! "trauma informed" and "trauma-" / "informed" across a line break are the same two tokens,
//! and a query `trauma-informed` is the phrase of those two tokens.
//!
//! A word broken by a hyphen at a line end ("safe-" / "guarding") must also be findable as one
//! word ("safeguarding"), but one token stream cannot hold both readings with usable
//! positions. So there are two readings of a page, each indexed in its own field:
//!
//! - the *split* reading ([`Reading::Split`]): every hyphen separates;
//! - the *joined* reading ([`Reading::Joined`]): a letter, a hyphen, a line break, then a
//!   letter or digit is read as one word ("safeguarding"). Every page gets this field, even
//!   where it equals the split reading, so that the two fields' BM25 statistics agree.
//!
//! A query matches a page when it matches either reading (see `query.rs`). With stemming on,
//! each reading has a stemmed twin (English Snowball stemmer). No accent folding: the
//! counter (`matcher`) does not fold accents either.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Longest token indexed, in bytes; longer runs (e.g. garbage from a broken PDF) are dropped.
const MAX_TOKEN_BYTES: usize = 64;

/// Which reading of line-end hyphens a tokenizer produces (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Split,
    Joined,
}

/// The four analyzers, by the names they are registered under in the index.
pub const SPLIT: &str = "efrh_split";
pub const JOINED: &str = "efrh_joined";
pub const SPLIT_STEM: &str = "efrh_split_stem";
pub const JOINED_STEM: &str = "efrh_joined_stem";

/// The analyzer for one reading, with or without stemming.
pub fn analyzer(reading: Reading, stem: bool) -> TextAnalyzer {
    let base = TextAnalyzer::builder(PageTokenizer { reading })
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser);
    if stem {
        base.filter(Stemmer::new(Language::English)).build()
    } else {
        base.build()
    }
}

/// Every analyzer the index uses, with its registered name.
pub fn all_analyzers() -> [(&'static str, TextAnalyzer); 4] {
    [
        (SPLIT, analyzer(Reading::Split, false)),
        (JOINED, analyzer(Reading::Joined, false)),
        (SPLIT_STEM, analyzer(Reading::Split, true)),
        (JOINED_STEM, analyzer(Reading::Joined, true)),
    ]
}

/// The tokens of `text` under `analyzer` (terms with byte offsets into `text`).
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// True when `text` has a word broken by a hyphen at a line end, i.e. when its joined
/// reading differs from its split reading.
pub fn has_line_end_hyphen(text: &str) -> bool {
    text.match_indices('-')
        .any(|(at, _)| line_break_join(text, at).is_some())
}

/// If a hyphen at byte `hyphen` ends a line and joins two word parts, the byte offset where
/// the second part starts. The character before the hyphen must be a letter; after it may
/// come spaces, one line break, spaces, then a letter or digit.
fn line_break_join(text: &str, hyphen: usize) -> Option<usize> {
    let before = text.get(..hyphen)?.chars().next_back()?;
    if !before.is_alphabetic() {
        return None;
    }
    let rest = text.get(hyphen + 1..)?;
    let mut seen_newline = false;
    for (i, c) in rest.char_indices() {
        match c {
            '\n' if !seen_newline => seen_newline = true,
            ' ' | '\t' | '\r' => {}
            c if c.is_alphanumeric() && seen_newline => return Some(hyphen + 1 + i),
            _ => return None,
        }
    }
    None
}

/// Splits on every non-alphanumeric character; in the joined reading, merges words broken
/// by a hyphen at a line end.
#[derive(Debug, Clone, Copy)]
pub struct PageTokenizer {
    reading: Reading,
}

pub struct PageTokenStream {
    tokens: Vec<Token>,
    next: usize,
    /// Returned by `token()` before the first `advance()` (never indexed).
    none: Token,
}

impl Tokenizer for PageTokenizer {
    type TokenStream<'a> = PageTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PageTokenStream {
        PageTokenStream {
            tokens: split(text, self.reading),
            next: 0,
            none: Token::default(),
        }
    }
}

impl TokenStream for PageTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        match self.next.checked_sub(1) {
            Some(i) => self.tokens.get(i).unwrap_or(&self.none),
            None => &self.none,
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.next.checked_sub(1) {
            Some(i) => self.tokens.get_mut(i).unwrap_or(&mut self.none),
            None => &mut self.none,
        }
    }
}

/// Runs of alphanumerics in `text`, numbered from 0.
fn split(text: &str, reading: Reading) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut start: Option<usize> = None;
    // In the joined reading, the token a line-end hyphen continues, and where its second
    // part starts.
    let mut continue_at: Option<usize> = None;
    let push = |from: usize, to: usize, out: &mut Vec<Token>, cont: &mut Option<usize>| {
        let word = &text[from..to];
        if *cont == Some(from) {
            if let Some(last) = out.last_mut() {
                last.text.push_str(word);
                last.offset_to = to;
                *cont = None;
                return;
            }
        }
        *cont = None;
        out.push(Token {
            offset_from: from,
            offset_to: to,
            position: out.len(),
            text: word.to_string(),
            position_length: 1,
        });
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            push(s, i, &mut out, &mut continue_at);
        }
        if c == '-' && reading == Reading::Joined {
            if let Some(next) = line_break_join(text, i) {
                // Only a hyphen directly after a word continues it.
                if out.last().is_some_and(|t| t.offset_to == i) {
                    continue_at = Some(next);
                }
            }
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut out, &mut continue_at);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(reading: Reading, stem: bool, text: &str) -> Vec<String> {
        tokens(&mut analyzer(reading, stem), text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn split_reading_cases() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Trauma-Informed practice",
                &["trauma", "informed", "practice"],
            ),
            ("trauma informed", &["trauma", "informed"]),
            ("trauma-\ninformed", &["trauma", "informed"]),
            ("safe-\nguarding", &["safe", "guarding"]),
            ("children's services", &["children", "s", "services"]),
            ("COVID-19 (2020)", &["covid", "19", "2020"]),
            ("Ysgol Gymraeg – café", &["ysgol", "gymraeg", "café"]),
            ("", &[]),
            (" -- ", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(terms(Reading::Split, false, text), *want, "{text:?}");
        }
    }

    #[test]
    fn joined_reading_cases() {
        let cases: &[(&str, &[&str])] = &[
            (
                "keep safe-\nguarding here",
                &["keep", "safeguarding", "here"],
            ),
            ("safe-  \n  guarding", &["safeguarding"]),
            ("trauma-\ninformed", &["traumainformed"]),
            // A hyphen inside a line is not a line-end break.
            ("trauma-informed", &["trauma", "informed"]),
            // A dash after a space, or a digit before the hyphen, does not join.
            ("word -\nnext", &["word", "next"]),
            ("2020-\n2022", &["2020", "2022"]),
            // Two line breaks are a paragraph break, not a hyphenated word.
            ("safe-\n\nguarding", &["safe", "guarding"]),
            ("a-\nb-\nc", &["abc"]),
        ];
        for (text, want) in cases {
            assert_eq!(terms(Reading::Joined, false, text), *want, "{text:?}");
        }
    }

    #[test]
    fn joined_offsets_cover_both_parts() {
        let text = "keep safe-\nguarding";
        let toks = tokens(&mut analyzer(Reading::Joined, false), text);
        assert_eq!(
            &text[toks[1].offset_from..toks[1].offset_to],
            "safe-\nguarding"
        );
        assert_eq!(toks[1].position, 1);
    }

    #[test]
    fn line_end_hyphen_detection() {
        assert!(has_line_end_hyphen("safe-\nguarding"));
        assert!(!has_line_end_hyphen("trauma-informed\nnext"));
        assert!(!has_line_end_hyphen("ends with-"));
        assert!(!has_line_end_hyphen("-\nx"));
    }

    #[test]
    fn stemming_is_opt_in() {
        assert_eq!(terms(Reading::Split, false, "gangs"), ["gangs"]);
        assert_eq!(terms(Reading::Split, true, "gangs"), ["gang"]);
        assert_eq!(terms(Reading::Split, true, "Gang"), ["gang"]);
    }

    #[test]
    fn long_garbage_is_dropped() {
        let long = "x".repeat(200);
        assert_eq!(
            terms(Reading::Split, false, &format!("a {long} b")),
            ["a", "b"]
        );
    }
}
