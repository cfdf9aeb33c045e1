//! The language of each paragraph of stored text (issue 16): Welsh Government guidance is often
//! one bilingual PDF, English and Welsh side by side or one half after the other. Counted as
//! one text, such a document has twice the words and halves Wales's rates; so every paragraph
//! is given a language, stored with the page text as [`LangSpan`]s, and `words` (and so every
//! rate) counts only the words in the lexicon's language.
//!
//! - Paragraphs: the stored body has no paragraph marks, so a paragraph is a run of lines
//!   ended by a blank line or by a line ending a sentence (`.`, `?`, `!`, `:`), at most
//!   [`MAX_PARAGRAPH_LINES`] lines.
//! - A fast path first: a paragraph with at least [`QUICK_MIN`] common English function words
//!   ("the", "of", "should", …) and none of Welsh's ("yn", "mae", "gyda", …) is English
//!   without asking the model. On English-only PDFs this is nearly every paragraph, and it
//!   keeps detection within its time budget (see `benches/language.rs`).
//! - Detection: `lingua` with only its English and Welsh models compiled in, in its low
//!   accuracy mode (trigrams only: three times faster, and with two languages as unlike as
//!   these it still judges 3-word headings right; see `tests/language_accuracy.rs`). A paragraph with
//!   fewer than [`MIN_WORDS`] words (a heading, a page number, a name) is too short to judge:
//!   it takes the language of the paragraph before it on the page (else after it, else the
//!   document's most common language, else English). Only the first [`SAMPLE_BYTES`] of a
//!   long paragraph are read: plenty to tell two languages apart, and it bounds the time.
//! - Pages stored before languages were detected have no spans: all their text counts as
//!   English ([`Lang::DEFAULT`]), so old catalogues and their figures stay as they were.

use crate::model::PageText;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// A language efrh can detect (ISO 639-1 code in files and on the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Lang {
    En,
    Cy,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Cy];
    /// The language of a lexicon that does not say, and of text stored without languages.
    pub const DEFAULT: Lang = Lang::En;

    /// The ISO 639-1 code.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }

    /// The English name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Cy => "Welsh",
        }
    }

    fn lingua(self) -> lingua::Language {
        match self {
            Lang::En => lingua::Language::English,
            Lang::Cy => lingua::Language::Welsh,
        }
    }

    fn from_lingua(l: lingua::Language) -> Option<Lang> {
        Lang::ALL.into_iter().find(|x| x.lingua() == l)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Ok(Lang::En),
            "cy" | "cym" | "wel" | "welsh" | "cymraeg" => Ok(Lang::Cy),
            other => Err(format!(
                "unknown language '{other}': efrh detects en (English) and cy (Welsh)"
            )),
        }
    }
}

impl From<Lang> for String {
    fn from(l: Lang) -> String {
        l.as_str().to_string()
    }
}

impl TryFrom<String> for Lang {
    type Error = String;
    fn try_from(s: String) -> Result<Lang, String> {
        s.parse()
    }
}

/// One stretch of a page's body in one language: bytes `start..end` of `PageText::body`.
/// A page's spans are in order, cover its whole body and never touch another of the same
/// language (neighbours in one language are merged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangSpan {
    pub lang: Lang,
    pub start: u32,
    pub end: u32,
}

/// Fewer words (with letters) than this and a paragraph's language is not judged (it is
/// inherited).
pub const MIN_WORDS: u64 = 3;
/// A paragraph is cut after this many lines even without a sentence end.
pub const MAX_PARAGRAPH_LINES: usize = 40;
/// Only this many bytes of a paragraph are read to detect its language.
pub const SAMPLE_BYTES: usize = 400;

fn detector() -> &'static lingua::LanguageDetector {
    static DETECTOR: OnceLock<lingua::LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        let langs: Vec<lingua::Language> = Lang::ALL.iter().map(|l| l.lingua()).collect();
        lingua::LanguageDetectorBuilder::from_languages(&langs)
            .with_low_accuracy_mode()
            .build()
    })
}

/// A function word of one language only (`word` in lower case): English words that are not
/// also common Welsh words (so not "a", "i", "at"), and Welsh words English text does not use
/// (place names aside).
fn marker(word: &str) -> Option<Lang> {
    match word {
        "the" | "of" | "and" | "to" | "is" | "that" | "for" | "with" | "are" | "be" | "this"
        | "from" | "by" | "which" | "should" | "will" | "have" | "has" | "it" | "their"
        | "they" | "not" | "or" | "as" | "on" | "was" | "were" | "been" | "who" | "must"
        | "can" | "may" | "these" | "there" | "what" | "when" => Some(Lang::En),
        "yn" | "y" | "yr" | "mae" | "ac" | "gan" | "neu" | "wedi" | "hyn" | "nid" | "bod"
        | "ei" | "eu" | "gyda" | "ond" | "fydd" | "fod" | "oedd" | "hefyd" | "rhaid" | "dylai"
        | "mewn" | "rhwng" | "drwy" | "trwy" | "pob" | "ar" | "sy'n" | "a'r" | "i'r" | "o'r"
        | "ddim" | "ni" | "cael" | "gael" | "yng" | "ym" | "hynny" | "dros" | "fel" | "ydy"
        | "ydynt" | "iddynt" | "nhw" | "chi" | "ein" | "eich" => Some(Lang::Cy),
        _ => None,
    }
}

/// At least this many English function words, and no Welsh one, make a paragraph English
/// without running the model.
pub const QUICK_MIN: usize = 3;

/// The fast path: `true` when `sample` is plainly English (see the module doc).
fn plainly_english(sample: &str) -> bool {
    let mut english = 0usize;
    let mut lower = [0u8; 8];
    for word in sample.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        let word = word.trim_matches('\'');
        let n = word.len();
        if n == 0 || n > lower.len() || !word.is_ascii() {
            continue;
        }
        // An acronym in capitals (NI, EU, AR) is no Welsh word.
        let acronym = n >= 2 && word.bytes().all(|b| b.is_ascii_uppercase());
        let Some(buf) = lower.get_mut(..n) else {
            continue;
        };
        buf.copy_from_slice(word.as_bytes());
        buf.make_ascii_lowercase();
        match std::str::from_utf8(buf).ok().and_then(marker) {
            Some(Lang::Cy) if !acronym => return false,
            Some(Lang::En) => english += 1,
            _ => {}
        }
    }
    english >= QUICK_MIN
}

/// The language of `text`, or `None` when it has fewer than [`MIN_WORDS`] words with letters
/// in them to judge (numbers and symbols are no evidence: `• 1 = yes • 0 = no`).
pub fn detect(text: &str) -> Option<Lang> {
    let sample = prefix(text, SAMPLE_BYTES);
    let lettered = sample
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .take(MIN_WORDS as usize)
        .count();
    if (lettered as u64) < MIN_WORDS {
        return None;
    }
    if plainly_english(sample) {
        return Some(Lang::En);
    }
    detector()
        .detect_language_of(sample)
        .and_then(Lang::from_lingua)
}

/// At most `max` bytes of `text`, cut at a char boundary (and after a whole word when it can).
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text.get(..end).unwrap_or("");
    match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => cut.get(..i).unwrap_or(cut),
        _ => cut,
    }
}

/// The paragraphs of a page body as byte ranges that cover it in order (see the module doc).
pub fn paragraphs(body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut lines = 0usize;
    let mut pos = 0usize;
    for line in body.split_inclusive('\n') {
        let end = pos + line.len();
        lines += 1;
        let text = line.trim_end();
        let blank = text.is_empty();
        let ends_sentence = text
            .trim_end_matches(['"', '\'', ')', ']', '*'])
            .ends_with(['.', '?', '!', ':', ';']);
        if blank || ends_sentence || lines >= MAX_PARAGRAPH_LINES {
            out.push((start, end));
            start = end;
            lines = 0;
        }
        pos = end;
    }
    if start < body.len() {
        out.push((start, body.len()));
    }
    out
}

/// A paragraph (byte range of its page's body) and its detected language (`None`: too short).
type Judged = ((usize, usize), Option<Lang>);

/// Detect the language of every paragraph of every page and store it in `PageText::langs`.
/// Paragraphs too short to judge take a neighbour's language (see the module doc).
pub fn annotate(pages: &mut [PageText]) {
    // Per page: paragraphs and their detected language (None: too short).
    let detected: Vec<Vec<Judged>> = pages
        .iter()
        .map(|p| {
            paragraphs(&p.body)
                .into_iter()
                .map(|(s, e)| ((s, e), p.body.get(s..e).and_then(detect)))
                .collect()
        })
        .collect();
    // The document's most common language (by words) fills pages with nothing to judge.
    let mut tally: BTreeMap<Lang, u64> = BTreeMap::new();
    let mut seen = detected.iter().flatten().filter_map(|(_, l)| *l);
    let first = seen.next();
    let one_language = seen.all(|l| Some(l) == first);
    for (page, paras) in pages.iter().zip(&detected) {
        if one_language {
            // Nothing to weigh: the one language seen (if any) is the fallback.
            if let Some(l) = first {
                tally.insert(l, 1);
            }
            break;
        }
        for ((s, e), lang) in paras {
            if let Some(l) = lang {
                let words = page
                    .body
                    .get(*s..*e)
                    .map_or(0, crate::normalize::word_count);
                *tally.entry(*l).or_default() += words;
            }
        }
    }
    let fallback = tally
        .iter()
        .max_by_key(|(l, n)| (**n, std::cmp::Reverse(**l)))
        .map_or(Lang::DEFAULT, |(l, _)| *l);
    for (page, paras) in pages.iter_mut().zip(detected) {
        page.langs = fill_and_merge(&paras, fallback);
    }
}

/// Give every paragraph a language (inherit from the one before, else after, else
/// `fallback`) and merge neighbours of one language into spans.
fn fill_and_merge(paras: &[Judged], fallback: Lang) -> Vec<LangSpan> {
    let first_known = paras.iter().find_map(|(_, l)| *l).unwrap_or(fallback);
    let mut current = first_known;
    let mut spans: Vec<LangSpan> = Vec::new();
    for ((s, e), lang) in paras {
        if let Some(l) = lang {
            current = *l;
        }
        let (s, e) = (to_u32(*s), to_u32(*e));
        match spans.last_mut() {
            Some(last) if last.lang == current => last.end = e,
            _ => spans.push(LangSpan {
                lang: current,
                start: s,
                end: e,
            }),
        }
    }
    spans
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The spans of `page`, or one span of [`Lang::DEFAULT`] over the whole body for a page
/// stored without languages.
pub fn spans(page: &PageText) -> Cow<'_, [LangSpan]> {
    if page.langs.is_empty() {
        Cow::Owned(vec![LangSpan {
            lang: Lang::DEFAULT,
            start: 0,
            end: to_u32(page.body.len()),
        }])
    } else {
        Cow::Borrowed(&page.langs)
    }
}

/// The text of `page` in language `lang`: its spans in that language, in order.
pub fn text_in(page: &PageText, lang: Lang) -> String {
    let mut out = String::new();
    for span in spans(page).iter().filter(|s| s.lang == lang) {
        if let Some(t) = page.body.get(span.start as usize..span.end as usize) {
            out.push_str(t);
        }
    }
    out
}

/// Words per language in `pages` (the word of `normalize::word_count`, counted span by span).
pub fn word_counts(pages: &[PageText]) -> BTreeMap<Lang, u64> {
    let mut out = BTreeMap::new();
    for page in pages {
        for span in spans(page).iter() {
            let words = page
                .body
                .get(span.start as usize..span.end as usize)
                .map_or(0, crate::normalize::word_count);
            if words > 0 {
                *out.entry(span.lang).or_default() += words;
            }
        }
    }
    out
}

/// `pages` with the text of every other language blanked out (each character replaced by as
/// many spaces as it has bytes, line breaks kept), so a matcher finds only `keep`'s text and
/// every byte offset still points where it did. Borrowed when nothing needs blanking.
pub fn masked(pages: &[PageText], keep: Lang) -> Cow<'_, [PageText]> {
    let foreign = |p: &PageText| spans(p).iter().any(|s| s.lang != keep);
    if !pages.iter().any(foreign) {
        return Cow::Borrowed(pages);
    }
    Cow::Owned(
        pages
            .iter()
            .map(|p| {
                if !foreign(p) {
                    return p.clone();
                }
                let mut body = String::with_capacity(p.body.len());
                for span in spans(p).iter() {
                    let Some(t) = p.body.get(span.start as usize..span.end as usize) else {
                        continue;
                    };
                    if span.lang == keep {
                        body.push_str(t);
                    } else {
                        for c in t.chars() {
                            if c == '\n' {
                                body.push('\n');
                            } else {
                                body.extend(std::iter::repeat_n(' ', c.len_utf8()));
                            }
                        }
                    }
                }
                PageText { body, ..p.clone() }
            })
            .collect(),
    )
}

/// `words_by_language` as a short human line: `en 52%, cy 48%` (largest first).
pub fn shares(words: &BTreeMap<Lang, u64>) -> String {
    let total: u64 = words.values().sum();
    if total == 0 {
        return String::new();
    }
    let mut v: Vec<(Lang, u64)> = words.iter().map(|(l, n)| (*l, *n)).collect();
    v.sort_by_key(|(l, n)| (std::cmp::Reverse(*n), *l));
    v.iter()
        .map(|(l, n)| format!("{l} {}%", (n * 100 + total / 2) / total))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_takes_only_plain_english() {
        assert!(plainly_english("The guidance is for all of the agencies"));
        // A Welsh function word sends it to the model, whatever else it holds.
        assert!(!plainly_english(
            "The guidance is for all of the agencies yn y gymuned"
        ));
        assert!(!plainly_english("Mae'r canllawiau hyn yn nodi sut y dylai"));
        // Too few English function words: the model decides.
        assert!(!plainly_english("Cwm Taf Morgannwg Regional Board"));
        // Acronyms in capitals are not the Welsh words they spell ("ni", "eu", "ar").
        assert!(plainly_english(
            "The NI and EU guidance for the AR team is in the annex"
        ));
        assert!(!plainly_english("The guidance is for the agencies, ni"));
    }

    #[test]
    fn numbers_and_symbols_are_no_evidence() {
        assert_eq!(detect("• '1' = yes\n• '0' = no"), None);
        assert_eq!(detect("Table 3: 12 14 16 18"), None);
        assert_eq!(detect("Rhan 2: rolau a chyfrifoldebau"), Some(Lang::Cy));
    }

    #[test]
    fn codes_parse_and_print() {
        assert_eq!("cy".parse::<Lang>(), Ok(Lang::Cy));
        assert_eq!("Welsh".parse::<Lang>(), Ok(Lang::Cy));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        let e = "fr".parse::<Lang>().unwrap_err();
        assert!(e.contains("en (English) and cy (Welsh)"), "{e}");
        assert_eq!(Lang::Cy.to_string(), "cy");
    }

    #[test]
    fn paragraphs_cover_the_body_and_end_at_sentences() {
        let body = "Heading\nOne sentence runs\nover two lines.\n\nAnother: \nlast line";
        let ps = paragraphs(body);
        assert_eq!(ps.first().map(|p| p.0), Some(0));
        assert_eq!(ps.last().map(|p| p.1), Some(body.len()));
        for w in ps.windows(2) {
            assert_eq!(w[0].1, w[1].0);
        }
        let texts: Vec<&str> = ps.iter().map(|&(s, e)| &body[s..e]).collect();
        assert_eq!(
            texts,
            vec![
                "Heading\nOne sentence runs\nover two lines.\n",
                "\n",
                "Another: \n",
                "last line"
            ]
        );
    }

    #[test]
    fn short_paragraphs_inherit_and_neighbours_merge() {
        let en =
            "This guidance sets out how agencies should work together to keep children safe.\n";
        let cy = "Mae'r canllawiau hyn yn nodi sut y dylai asiantaethau weithio gyda'i gilydd i gadw plant yn ddiogel.\n";
        let body = format!("Contents\n\n{en}{en}Rhan 2\n\n{cy}{cy}");
        let mut pages = vec![PageText::from_body(&body)];
        annotate(&mut pages);
        let spans = &pages[0].langs;
        assert_eq!(spans.len(), 2, "{spans:?}");
        assert_eq!(spans[0].lang, Lang::En);
        assert_eq!(spans[0].start, 0);
        assert_eq!(spans[1].lang, Lang::Cy);
        // "Rhan 2" (two words, not judged) goes with the English before it.
        assert_eq!(
            &body[spans[1].start as usize..spans[1].end as usize],
            format!("{cy}{cy}")
        );
        let words = word_counts(&pages);
        assert_eq!(words.get(&Lang::Cy).copied(), Some(2 * 17));
        assert_eq!(
            words.values().sum::<u64>(),
            crate::normalize::word_count(&body)
        );
    }

    #[test]
    fn pages_without_spans_count_as_english() {
        let pages = vec![PageText::from_body("old stored text with five words")];
        let words = word_counts(&pages);
        assert_eq!(words.get(&Lang::En).copied(), Some(6));
        assert!(matches!(masked(&pages, Lang::En), Cow::Borrowed(_)));
        assert_eq!(masked(&pages, Lang::Cy)[0].body.trim(), "");
    }

    #[test]
    fn masking_keeps_offsets() {
        let mut p = PageText::from_body("ŵyr bach\nchild abuse\n");
        p.langs = vec![
            LangSpan {
                lang: Lang::Cy,
                start: 0,
                end: 10,
            },
            LangSpan {
                lang: Lang::En,
                start: 10,
                end: 22,
            },
        ];
        let pages = [p];
        let m = masked(&pages, Lang::En);
        assert_eq!(m[0].body.len(), pages[0].body.len());
        assert_eq!(m[0].body, "         \nchild abuse\n");
        assert_eq!(text_in(&pages[0], Lang::Cy), "ŵyr bach\n");
    }

    #[test]
    fn shares_round_and_sort() {
        let mut w = BTreeMap::new();
        w.insert(Lang::En, 48);
        w.insert(Lang::Cy, 52);
        assert_eq!(shares(&w), "cy 52%, en 48%");
        assert_eq!(shares(&BTreeMap::new()), "");
    }
}
