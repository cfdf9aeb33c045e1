//! Sentences and paragraphs of a document's stored text, as byte spans of the same joined text
//! the matcher runs on ([`crate::matcher::DocText`]: page bodies joined with `\n`), so an
//! [`crate::matcher::Occurrence`] (`doc_start..doc_end`) is assigned to its sentence or
//! paragraph by offset. One implementation, used by `cooccur`, `kwic --sentence` and
//! `diff --passages`.
//!
//! # Why heuristics on lines
//!
//! Stored page text keeps the PDF's lines but no blank lines and no indentation, so a paragraph
//! has to be read from the layout cues that survive extraction:
//!
//! - a line starting with a bullet (`•`, `●`, `▪`, a private-use Wingdings glyph, …) or a
//!   numbered-paragraph marker (`3.`, `3.2`, `A4.2`, `(a)`, `(iv)`, a footnote's `1`) starts a
//!   paragraph — unless the line before runs to the full width of the text and ends without
//!   punctuation (then the number is part of a wrapped sentence: "sections / 10 and 11 of");
//! - a line shorter than the text's width (a paragraph's last line, a heading, a table or
//!   contents row) ends its paragraph when the next line does not start in lowercase;
//! - a short line without final punctuation after a line that ends a sentence is a heading;
//! - across a page break, a paragraph continues unless the last line of the page ends a
//!   sentence (`.`, `?`, `!`, `:`) or one of the rules above breaks it: the running header and
//!   footer are not body text, so "…to priority" / "access to council housing…" is one
//!   sentence, and it belongs to the page where it starts.
//!
//! Sentences never cross a paragraph boundary. Within a paragraph a sentence ends at `.`, `?`
//! or `!` (and any closing quotes or brackets) followed by white space and then an uppercase
//! letter, a digit or an opening quote or bracket. A full stop does not end a sentence after an
//! abbreviation ("e.g.", "i.e.", "para.", "No. 3", "s. 47", "cf."), an initial, a dotted token
//! ("U.K."), or inside a number or citation ("3.2", "s.47", no space after the stop). A
//! sentence span leaves out the bullet or paragraph number in front of it, so the same
//! sentence renumbered in a later edition is still the same sentence.
//!
//! Everything here is linear in the text's length and allocates only the spans.

use crate::model::PageText;
use crate::normalize::collapse;

/// A sentence or paragraph: byte offsets `start..end` in the joined document text (no
/// leading or trailing white space), and the 1-based page on which it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub page: u32,
}

/// The sentences and paragraphs of one document, each in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments {
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Span>,
    /// For each sentence, the index of its paragraph.
    sentence_paragraph: Vec<usize>,
}

/// The joined text of `pages` as [`crate::matcher::DocText`] builds it, and each page's start.
pub fn joined(pages: &[PageText]) -> (String, Vec<usize>) {
    let total: usize = pages.iter().map(|p| p.body.len() + 1).sum();
    let mut text = String::with_capacity(total);
    let mut starts = Vec::with_capacity(pages.len());
    for (i, p) in pages.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        starts.push(text.len());
        text.push_str(&p.body);
    }
    (text, starts)
}

impl Segments {
    /// Segment a document's stored pages.
    pub fn new(pages: &[PageText]) -> Segments {
        let (text, starts) = joined(pages);
        Segments::of_text(&text, &starts)
    }

    /// Segment the joined text the matcher ran on.
    pub fn of_doc(doc: &crate::matcher::DocText) -> Segments {
        Segments::of_text(doc.text(), doc.page_starts())
    }

    /// Segment `text` (pages joined with `\n`, page `i` starting at byte `page_starts[i]`).
    pub fn of_text(text: &str, page_starts: &[usize]) -> Segments {
        let lines = lines(text, page_starts);
        let width = typical_width(&lines);
        let paragraphs = paragraphs(&lines, width);
        let mut sentences = Vec::new();
        let mut sentence_paragraph = Vec::new();
        for (pi, p) in paragraphs.iter().enumerate() {
            split_sentences(text, p, page_starts, &mut sentences);
            sentence_paragraph.resize(sentences.len(), pi);
        }
        Segments {
            paragraphs: paragraphs.into_iter().map(|p| p.span).collect(),
            sentences,
            sentence_paragraph,
        }
    }

    /// Index of the sentence holding byte `offset` (an occurrence's `doc_start`). An offset in
    /// a gap (white space, a bullet) goes to the sentence before it, or the first one; `None`
    /// only for a document without sentences.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        span_at(&self.sentences, offset)
    }

    /// Index of the paragraph holding byte `offset`, as [`Segments::sentence_at`].
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        span_at(&self.paragraphs, offset)
    }

    /// The rest of the sentence around `start..end` (an occurrence's `doc_start..doc_end`) in
    /// `text`: (left, right), white space runs shown as one space. Empty where the occurrence
    /// runs past its sentence.
    pub fn sentence_context(&self, text: &str, start: usize, end: usize) -> (String, String) {
        let Some(s) = self.sentence_at(start).and_then(|i| self.sentences.get(i)) else {
            return (String::new(), String::new());
        };
        let left = if s.start <= start {
            text.get(s.start..start).map(collapse).unwrap_or_default()
        } else {
            String::new()
        };
        let right = if end <= s.end {
            text.get(end..s.end).map(collapse).unwrap_or_default()
        } else {
            String::new()
        };
        (left, right)
    }

    /// Index of the paragraph of sentence `i`.
    pub fn paragraph_of_sentence(&self, i: usize) -> Option<usize> {
        self.sentence_paragraph.get(i).copied()
    }
}

fn span_at(spans: &[Span], offset: usize) -> Option<usize> {
    if spans.is_empty() {
        return None;
    }
    Some(
        spans
            .partition_point(|s| s.start <= offset)
            .saturating_sub(1),
    )
}

/// Text of `span` in `text` with every run of white space (line breaks included) shown as one
/// space.
pub fn span_text(text: &str, span: &Span) -> String {
    collapse(text.get(span.start..span.end).unwrap_or(""))
}

/// What a line starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    None,
    /// A bullet glyph that is never prose.
    Bullet,
    /// `-`, `*`, `o`, a number or a letter in brackets: a marker unless the line continues a
    /// wrapped sentence.
    Weak,
}

#[derive(Debug, Clone)]
struct Line {
    /// Trimmed line: `start..end` in the text.
    start: usize,
    end: usize,
    page: u32,
    first_on_page: bool,
    chars: usize,
    marker: Marker,
    /// Bytes of the marker and the white space after it.
    marker_len: usize,
    /// Ends (before closing quotes and brackets) with `.`, `?`, `!` or `:`.
    ends_sentence: bool,
    /// Ends with any punctuation that a heading would not have (`.,;:?!`).
    ends_punct: bool,
    /// First character (after opening quotes and brackets) is a lowercase letter.
    starts_lower: bool,
}

impl Line {
    fn blank(&self) -> bool {
        self.start == self.end
    }
}

fn lines(text: &str, page_starts: &[usize]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    for raw in text.split('\n') {
        let raw_start = pos;
        pos += raw.len() + 1;
        let lead = raw.len() - raw.trim_start().len();
        let t = raw.trim();
        let start = raw_start + lead;
        let end = start + t.len();
        let page_index = page_starts
            .partition_point(|&s| s <= raw_start)
            .saturating_sub(1);
        let first_on_page = page_starts.get(page_index) == Some(&raw_start);
        let (marker, marker_len) = marker(t);
        let core = t.trim_end_matches(CLOSING);
        let last = core.chars().next_back();
        let after_marker = t.get(marker_len..).unwrap_or("");
        let first = after_marker.trim_start_matches(OPENING).chars().next();
        out.push(Line {
            start,
            end,
            page: page_index as u32 + 1,
            first_on_page,
            chars: t.chars().count(),
            marker,
            marker_len,
            ends_sentence: matches!(last, Some('.' | '?' | '!' | ':')),
            ends_punct: matches!(last, Some('.' | '?' | '!' | ':' | ';' | ',')),
            starts_lower: first.is_some_and(char::is_lowercase),
        });
    }
    out
}

const CLOSING: &[char] = &[')', ']', '}', '"', '\'', '’', '”', '»'];
const OPENING: &[char] = &['(', '[', '{', '"', '\'', '‘', '“', '«'];

/// The bullet or paragraph number at the start of a trimmed line, and its length with the
/// white space after it.
fn marker(t: &str) -> (Marker, usize) {
    let mut chars = t.char_indices();
    let Some((_, c)) = chars.next() else {
        return (Marker::None, 0);
    };
    let with_space = |len: usize| -> Option<usize> {
        let rest = t.get(len..)?;
        let trimmed = rest.trim_start();
        (trimmed.len() < rest.len() && !trimmed.is_empty()).then(|| t.len() - trimmed.len())
    };
    let strong = matches!(
        c,
        '•' | '●'
            | '▪'
            | '■'
            | '◦'
            | '○'
            | '‣'
            | '⁃'
            | '∙'
            | '·'
            | '►'
            | '➢'
            | '✓'
            | '✔'
            | '–'
            | '—'
    ) || ('\u{e000}'..='\u{f8ff}').contains(&c);
    if strong {
        return match with_space(c.len_utf8()) {
            Some(n) => (Marker::Bullet, n),
            None => (Marker::None, 0),
        };
    }
    if matches!(c, '-' | '*' | 'o') {
        return match with_space(1) {
            Some(n) => (Marker::Weak, n),
            None => (Marker::None, 0),
        };
    }
    // (a) (iv) (1) a) iv) 1)
    if let Some(close) = t.find(')') {
        if close <= 6 {
            let inner = t.get(..close).unwrap_or("");
            let inner = inner.strip_prefix('(').unwrap_or(inner);
            let ok = !inner.is_empty()
                && (inner.chars().all(|c| c.is_ascii_digit())
                    || (inner.len() <= 4 && inner.chars().all(|c| c.is_ascii_lowercase()))
                    || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_uppercase())));
            if ok {
                if let Some(n) = with_space(close + 1) {
                    return (Marker::Weak, n);
                }
            }
        }
    }
    // 3  3.  3.2  3.2.1.  A4.2  B1.
    let b = t.as_bytes();
    let mut i = 0;
    if b.first().is_some_and(u8::is_ascii_uppercase) && b.get(1).is_some_and(u8::is_ascii_digit) {
        i = 1;
    }
    let mut groups = 0;
    loop {
        let digits = b
            .get(i..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
        if digits == 0 || digits > 3 {
            break;
        }
        i += digits;
        groups += 1;
        if b.get(i) == Some(&b'.') {
            i += 1;
            if groups < 4 && b.get(i).is_some_and(u8::is_ascii_digit) {
                continue;
            }
        }
        break;
    }
    if groups > 0 {
        if let Some(n) = with_space(i) {
            return (Marker::Weak, n);
        }
    }
    (Marker::None, 0)
}

/// The width (in characters) of a full line of running text: the 80th percentile of the
/// lengths of lines of 20 characters or more (80 when there are none).
fn typical_width(lines: &[Line]) -> usize {
    let mut lens: Vec<usize> = lines.iter().map(|l| l.chars).filter(|&n| n >= 20).collect();
    if lens.is_empty() {
        return 80;
    }
    lens.sort_unstable();
    let i = (lens.len() * 4 / 5).min(lens.len() - 1);
    lens.get(i).copied().unwrap_or(80)
}

fn full(line: &Line, width: usize) -> bool {
    line.chars * 4 >= width * 3
}

/// Does a paragraph break fall between `prev` and `next` (both not blank)? `after` is the line
/// after `next`, if any.
fn breaks(prev: &Line, next: &Line, after: Option<&Line>, width: usize) -> bool {
    let continuing = full(prev, width) && !prev.ends_punct;
    match next.marker {
        Marker::Bullet => return true,
        Marker::Weak if !continuing => return true,
        _ => {}
    }
    if next.starts_lower {
        return false;
    }
    if !full(prev, width) {
        return true;
    }
    if next.first_on_page && prev.ends_sentence {
        return true;
    }
    let heading = !full(next, width)
        && !next.ends_punct
        && after.is_none_or(|a| a.blank() || !a.starts_lower);
    heading && prev.ends_sentence
}

struct Paragraph {
    span: Span,
    /// Where its first sentence starts (after the bullet or number).
    content_start: usize,
}

fn paragraphs(lines: &[Line], width: usize) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None; // (first line, last line)
    let mut prev: Option<usize> = None;
    let close = |out: &mut Vec<Paragraph>, first: usize, last: usize| {
        let (Some(f), Some(l)) = (lines.get(first), lines.get(last)) else {
            return;
        };
        out.push(Paragraph {
            span: Span {
                start: f.start,
                end: l.end,
                page: f.page,
            },
            content_start: f.start + f.marker_len,
        });
    };
    for (i, line) in lines.iter().enumerate() {
        if line.blank() {
            if let Some((f, l)) = current.take() {
                close(&mut out, f, l);
            }
            prev = None;
            continue;
        }
        let after = lines.get(i + 1);
        let brk = match prev.and_then(|p| lines.get(p)) {
            Some(p) => breaks(p, line, after, width),
            None => true,
        };
        if brk {
            if let Some((f, l)) = current.take() {
                close(&mut out, f, l);
            }
            current = Some((i, i));
        } else if let Some((_, l)) = current.as_mut() {
            *l = i;
        }
        prev = Some(i);
    }
    if let Some((f, l)) = current {
        close(&mut out, f, l);
    }
    out
}

/// Words that a full stop follows without ending a sentence (compared lowercase).
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "art", "arts", "c", "ca", "cf", "ch", "chap", "cllr", "co", "dept", "dr", "ed",
    "eds", "eg", "esp", "fig", "figs", "govt", "ie", "inc", "incl", "jr", "ltd", "mr", "mrs", "ms",
    "mt", "op", "para", "paras", "pp", "prof", "pt", "ref", "reg", "regs", "rev", "sch", "sec",
    "sect", "sr", "ss", "st", "viz", "vol", "vols", "vs",
];

/// Abbreviations that precede a number ("No. 3", "p. 12").
const NUMBER_ABBREVIATIONS: &[&str] = &["no", "nos", "p", "s"];

/// Append the sentences of `para` to `out`.
fn split_sentences(text: &str, para: &Paragraph, page_starts: &[usize], out: &mut Vec<Span>) {
    let end = para.span.end;
    let mut start = para.content_start.min(end);
    let Some(body) = text.get(start..end) else {
        return;
    };
    let page_of = |offset: usize| -> u32 {
        page_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1) as u32
            + 1
    };
    let push = |s: usize, e: usize, out: &mut Vec<Span>| {
        let Some(t) = text.get(s..e) else { return };
        let lead = t.len() - t.trim_start().len();
        let trimmed = t.trim();
        if trimmed.is_empty() {
            return;
        }
        let s = s + lead;
        out.push(Span {
            start: s,
            end: s + trimmed.len(),
            page: page_of(s),
        });
    };
    let base = start;
    let mut iter = body.char_indices().peekable();
    let mut prev_char: Option<char> = None;
    while let Some((i, c)) = iter.next() {
        let here = prev_char;
        prev_char = Some(c);
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        if c == '.' && here == Some('.') {
            continue; // an ellipsis or dot leaders
        }
        // Closing quotes and brackets belong to the sentence.
        let mut stop = i + c.len_utf8();
        let rest = body.get(stop..).unwrap_or("");
        let closing = rest.len() - rest.trim_start_matches(CLOSING).len();
        stop += closing;
        let rest = body.get(stop..).unwrap_or("");
        let after_space = rest.trim_start();
        if after_space.len() == rest.len() || after_space.is_empty() {
            continue; // no white space after the stop, or the paragraph's end
        }
        let Some(next) = after_space.chars().next() else {
            continue;
        };
        let starts_sentence = next.is_uppercase()
            || next.is_ascii_digit()
            || OPENING.contains(&next)
            || marker(after_space).0 == Marker::Bullet;
        if !starts_sentence {
            continue;
        }
        if c == '.' && abbreviation(body.get(..i).unwrap_or(""), next) {
            continue;
        }
        let abs_stop = base + stop;
        push(start, abs_stop, out);
        start = base + (body.len() - after_space.len());
        // Skip the characters consumed as closing punctuation.
        while iter.peek().is_some_and(|&(j, _)| j < stop) {
            if let Some((_, ch)) = iter.next() {
                prev_char = Some(ch);
            }
        }
    }
    push(start, end, out);
}

/// Is the word that ends `before` (just before a full stop) an abbreviation, given the first
/// character `next` of what follows the stop?
fn abbreviation(before: &str, next: char) -> bool {
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || OPENING.contains(&c) || c == '/')
        .map_or(0, |i| {
            i + before
                .get(i..)
                .and_then(|r| r.chars().next())
                .map_or(1, char::len_utf8)
        });
    let word = before.get(word_start..).unwrap_or("");
    if word.is_empty() || word.ends_with(CLOSING) {
        return false; // "(see para. 3.38). As …": the bracket closed, the sentence ends
    }
    let lower = word.to_lowercase();
    if lower.contains('.') {
        return true; // e.g  i.e  u.k  a.m
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_alphabetic() {
            return true; // an initial, "s. 47"
        }
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    NUMBER_ABBREVIATIONS.contains(&lower.as_str()) && next.is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(pages: &[&str]) -> Vec<PageText> {
        pages.iter().map(|b| PageText::from_body(*b)).collect()
    }

    /// The segments of `pages`, their joined text and each page's start in it.
    fn segmented(pages: &[&str]) -> (Segments, String, Vec<usize>) {
        let pages = bodies(pages);
        let (text, starts) = joined(&pages);
        (Segments::new(&pages), text, starts)
    }

    /// The text of the spans `pick` takes from the segments of `pages`.
    fn texts(pages: &[&str], pick: fn(&Segments) -> &[Span]) -> Vec<String> {
        let pages = bodies(pages);
        let (text, _) = joined(&pages);
        pick(&Segments::new(&pages))
            .iter()
            .map(|s| span_text(&text, s))
            .collect()
    }

    fn sentences(pages: &[&str]) -> Vec<String> {
        texts(pages, |s| &s.sentences)
    }

    fn paragraphs(pages: &[&str]) -> Vec<String> {
        texts(pages, |s| &s.paragraphs)
    }

    #[test]
    fn joined_text_is_the_matchers_text() {
        let pages = vec![
            PageText::from_body("one\ntwo"),
            PageText::from_body(""),
            PageText::from_body("three"),
        ];
        let (text, starts) = joined(&pages);
        assert_eq!(text, crate::matcher::DocText::new(&pages).text());
        assert_eq!(starts, vec![0, 8, 9]);
    }

    /// Passages from `../shared/real-pdfs` (page text as stored by `efrh add`), with the
    /// sentences a reader finds in them.
    const REAL: &[(&str, &[&str], &[&str])] = &[
        (
            // Keeping_children_safe_in_education_2025.pdf, page 5: a heading without a full
            // stop, quoted terms before a full stop, a paragraph's short last line.
            "KCSIE 2025 p5",
            &["Victims and alleged perpetrator(s)\n\
For the purposes of this guidance, we, in places, use the term 'victim'. It is a widely\n\
recognised and understood term. It is important that schools and colleges recognise that\n\
not everyone who has been subjected to abuse considers themselves a victim or would\n\
want to be described in this way. Ultimately, schools and colleges should be conscious of\n\
this when managing any incident and be prepared to use any term with which the child is\n\
most comfortable.\n\
For the purpose of this guidance, we, in places, use the term 'alleged perpetrator(s)'\n\
and where appropriate 'perpetrator(s)'. These are widely used and recognised terms\n\
and the most appropriate to aid effective drafting of guidance."],
            &[
                "Victims and alleged perpetrator(s)",
                "For the purposes of this guidance, we, in places, use the term 'victim'.",
                "It is a widely recognised and understood term.",
                "It is important that schools and colleges recognise that not everyone who has been subjected to abuse considers themselves a victim or would want to be described in this way.",
                "Ultimately, schools and colleges should be conscious of this when managing any incident and be prepared to use any term with which the child is most comfortable.",
                "For the purpose of this guidance, we, in places, use the term 'alleged perpetrator(s)' and where appropriate 'perpetrator(s)'.",
                "These are widely used and recognised terms and the most appropriate to aid effective drafting of guidance.",
            ],
        ),
        (
            // CA1989_Transitions_Guidance.pdf, page 5: headings, a list introduced by a
            // colon, bullets with and without final punctuation.
            "CA1989 transitions p5",
            &["Preface\n\
Status\n\
Volume 3 of the Children Act 1989 Guidance and Regulations provides guidance,\n\
primarily addressed to local authorities and their staff in England, about their functions\n\
under Part 3 of the Children Act 1989. It is issued as guidance under section 7 of the\n\
Local Authority Social Services Act 1970 which requires local authorities in exercising\n\
their social services functions, to act under the general guidance of the Secretary of\n\
State. This guidance should be complied with by local authorities when exercising these\n\
functions, unless local circumstances indicate exceptional reasons that justify a\n\
variation.\n\
The guidance is addressed to:\n\
• personal advisers\n\
• children's services social workers;\n\
• frontline managers who have particular responsibilities in relation to care leavers\n\
and looked after children;\n\
• lead members in local authorities;"],
            &[
                "Preface",
                "Status",
                "Volume 3 of the Children Act 1989 Guidance and Regulations provides guidance, primarily addressed to local authorities and their staff in England, about their functions under Part 3 of the Children Act 1989.",
                "It is issued as guidance under section 7 of the Local Authority Social Services Act 1970 which requires local authorities in exercising their social services functions, to act under the general guidance of the Secretary of State.",
                "This guidance should be complied with by local authorities when exercising these functions, unless local circumstances indicate exceptional reasons that justify a variation.",
                "The guidance is addressed to:",
                "personal advisers",
                "children's services social workers;",
                "frontline managers who have particular responsibilities in relation to care leavers and looked after children;",
                "lead members in local authorities;",
            ],
        ),
        (
            // adoption_statutory_guidance_2013.pdf, page 24: numbered paragraphs "1.42.",
            // "i.e." before a word, a citation "3.1.a" closed by a bracket before the stop.
            "adoption 2013 p24",
            &["1.42. The panel's business can only be conducted if at least five members (six for joint\n\
panels) are present, including the chair or vice chair and a social worker with at\n\
least three years' relevant post-qualifying experience (see AAR 3.1.a). Where the\n\
vice-chair has to chair the meeting, and is not an independent member, at least\n\
one independent member will need to be present for the panel to be quorum.\n\
1.43. The panel chair should make it clear that every member's view is as valid as\n\
others' and encourage them to participate and contribute to the panel's\n\
recommendations."],
            &[
                "The panel's business can only be conducted if at least five members (six for joint panels) are present, including the chair or vice chair and a social worker with at least three years' relevant post-qualifying experience (see AAR 3.1.a).",
                "Where the vice-chair has to chair the meeting, and is not an independent member, at least one independent member will need to be present for the panel to be quorum.",
                "The panel chair should make it clear that every member's view is as valid as others' and encourage them to participate and contribute to the panel's recommendations.",
            ],
        ),
        (
            // adoption_statutory_guidance_2013.pdf, page 24: "i.e." followed by a word.
            "adoption 2013 p24 casting vote",
            &["minutes and are attached to the panel's recommendation. If the panel cannot\n\
reach a consensus on its recommendation after the chair and other members of\n\
the panel have voted, the panel chair has a second vote, i.e. the casting vote. The\n\
panel's minutes should clearly set out the reasons why the panel chair had to use\n\
the casting vote."],
            &[
                "minutes and are attached to the panel's recommendation.",
                "If the panel cannot reach a consensus on its recommendation after the chair and other members of the panel have voted, the panel chair has a second vote, i.e. the casting vote.",
                "The panel's minutes should clearly set out the reasons why the panel chair had to use the casting vote.",
            ],
        ),
        (
            // CA1989_Transitions_Guidance.pdf, page 41: a heading, "para. 3.38" inside a
            // sentence, a full first line ending a sentence inside a numbered paragraph.
            "CA1989 transitions p41, p107",
            &[
                "Keeping in touch\n\
4.38. The responsible authority must continue to keep in touch with the young person.\n\
This contact should take place as specified in the pathway plan and at least\n\
within the specified intervals (see para. 3.38). As with relevant young people, it\n\
is good practice.",
                // Page 107 (the Care Leavers (England) Regulations 2010): "No. 2571", a
                // contents list of numbered lines; no line is long, so the width of a full
                // line comes from the document's prose on the other page.
                "Care Leavers (England) Regulations 2010\n\
2010 No. 2571\n\
CHILDREN AND YOUNG PERSONS, ENGLAND\n\
CONTENTS\n\
1. Citation, commencement and application\n\
2. Interpretation",
            ],
            &[
                "Keeping in touch",
                "The responsible authority must continue to keep in touch with the young person.",
                "This contact should take place as specified in the pathway plan and at least within the specified intervals (see para. 3.38).",
                "As with relevant young people, it is good practice.",
                "Care Leavers (England) Regulations 2010",
                "2010 No. 2571",
                "CHILDREN AND YOUNG PERSONS, ENGLAND",
                "CONTENTS",
                "Citation, commencement and application",
                "Interpretation",
            ],
        ),
        (
            // Keeping_children_safe_in_education_2025.pdf, page 69: numbered paragraphs
            // "243." after a heading; "(e.g. contractors)"; a word broken at a line end.
            "KCSIE 2025 p69",
            &["Considering which type of check is required\n\
243. Most staff in a school and those in colleges working with children will be\n\
engaging in regulated activity relating to children, in which case an enhanced DBS\n\
check which includes children's barred list information, will be required.\n\
244. For all other staff (e.g. contractors) who have an opportunity for regular\n\
contact with children who are not engaging in regulated activity, an enhanced DBS\n\
certificate, which does not include a barred list check, will be appropriate.\n\
245. Barred list information must not be requested on any person who is not\n\
engaging in or seeking to engage in regulated activity.\n\
246. The flowchart below (page 71) provides more information on the decision-\n\
making process."],
            &[
                "Considering which type of check is required",
                "Most staff in a school and those in colleges working with children will be engaging in regulated activity relating to children, in which case an enhanced DBS check which includes children's barred list information, will be required.",
                "For all other staff (e.g. contractors) who have an opportunity for regular contact with children who are not engaging in regulated activity, an enhanced DBS certificate, which does not include a barred list check, will be appropriate.",
                "Barred list information must not be requested on any person who is not engaging in or seeking to engage in regulated activity.",
                "The flowchart below (page 71) provides more information on the decision- making process.",
            ],
        ),
        (
            // Keeping_children_safe_in_education_2025.pdf, page 50: a footnote "46" whose
            // "e.g." is followed by a capital ("e.g. Year 6").
            "KCSIE 2025 p50 footnote",
            &["defined to fit in with other relevant roles and responsibilities.\n\
46 This requirement does not apply where a pupil's name is deleted after they have completed the final year\n\
at the school (e.g. Year 6 at a typical primary school) unless the local authority have asked to be informed\n\
about such deletions."],
            &[
                "defined to fit in with other relevant roles and responsibilities.",
                "This requirement does not apply where a pupil's name is deleted after they have completed the final year at the school (e.g. Year 6 at a typical primary school) unless the local authority have asked to be informed about such deletions.",
            ],
        ),
        (
            // adoption_statutory_guidance_2013.pdf, pages 5-6: a sentence running over the
            // page break ("to priority" / "access to council housing").
            "adoption 2013 p5-6",
            &[
                "We have also published an Adoption Passport for adopters that sets out in one place the\n\
help and support that is available to them. Adoptive parents have a wide range of rights\n\
from being able to choose the school that best suits the needs of their child, to priority",
                "access to council housing, to adoption pay and leave that from 2015 will be equal to that\n\
offered to birth parents. In addition, from September 2014 adopters will be able to take\n\
advantage of free early education for their child from the age of two years old.\n\
The key challenge remains finding enough prospective adopters for those children still in\n\
care for whom adoption is the best outcome.",
            ],
            &[
                "We have also published an Adoption Passport for adopters that sets out in one place the help and support that is available to them.",
                "Adoptive parents have a wide range of rights from being able to choose the school that best suits the needs of their child, to priority access to council housing, to adoption pay and leave that from 2015 will be equal to that offered to birth parents.",
                "In addition, from September 2014 adopters will be able to take advantage of free early education for their child from the age of two years old.",
                "The key challenge remains finding enough prospective adopters for those children still in care for whom adoption is the best outcome.",
            ],
        ),
        (
            // Children_missing_education_guidance_-_August_2024.pdf, pages 5-6: the page ends
            // with a colon; the next page starts with a bullet list.
            "CME 2024 p5-6",
            &[
                "Local authorities have other duties, powers and expectations to support their work on\n\
CME. These include:",
                "• Arranging suitable full-time education for permanently excluded pupils from the\n\
sixth school day of exclusion",
            ],
            &[
                "Local authorities have other duties, powers and expectations to support their work on CME.",
                "These include:",
                "Arranging suitable full-time education for permanently excluded pupils from the sixth school day of exclusion",
            ],
        ),
        (
            // Not from a PDF: the abbreviations the issue names that the real files above do
            // not happen to contain in a testable position.
            "abbreviations",
            &["A strategy discussion under s.47 of the Act, as in Circular No. 3 and s. 47 of the\n\
same Act, e.g. Contextual Safeguarding, i.e. Working Together, cf. para. 2.1 of\n\
chapter 3, and Dr. Firmin's work. Then a new sentence? Yes! And the last one."],
            &[
                "A strategy discussion under s.47 of the Act, as in Circular No. 3 and s. 47 of the same Act, e.g. Contextual Safeguarding, i.e. Working Together, cf. para. 2.1 of chapter 3, and Dr. Firmin's work.",
                "Then a new sentence?",
                "Yes!",
                "And the last one.",
            ],
        ),
    ];

    #[test]
    fn real_policy_sentences() {
        for (name, pages, expected) in REAL {
            let got = sentences(pages);
            let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn paragraphs_follow_the_layout() {
        let got = paragraphs(REAL[0].1);
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got[1].starts_with("For the purposes") && got[1].ends_with("most comfortable."));
        let got = paragraphs(REAL[2].1);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].starts_with("1.42. The panel's"));
        let got = paragraphs(REAL[1].1);
        assert_eq!(
            got[3..],
            [
                "The guidance is addressed to:",
                "• personal advisers",
                "• children's services social workers;",
                "• frontline managers who have particular responsibilities in relation to care leavers and looked after children;",
                "• lead members in local authorities;",
            ]
        );
    }

    #[test]
    fn a_sentence_over_a_page_break_belongs_to_the_page_where_it_starts() {
        let (seg, text, starts) = segmented(REAL[7].1);
        let s = seg.sentences[1];
        assert_eq!(s.page, 1);
        assert!(s.start < starts[1] && s.end > starts[1]);
        assert_eq!(seg.sentences[2].page, 2);
        // An occurrence on page 2 inside that sentence is assigned to it.
        let at = text.find("council housing").unwrap();
        assert_eq!(seg.sentence_at(at), Some(1));
        assert_eq!(seg.paragraph_at(at), Some(0));
        assert_eq!(seg.paragraph_of_sentence(1), Some(0));
        // "The key challenge" starts a paragraph in the PDF, but the line before it runs to
        // the full width and the stored text keeps no vertical space: one paragraph.
        assert_eq!(seg.paragraph_of_sentence(3), Some(0));
    }

    #[test]
    fn the_rest_of_the_sentence_around_an_occurrence() {
        let (seg, text, _) = segmented(REAL[7].1);
        let at = text.find("priority\naccess").unwrap();
        let (left, right) = seg.sentence_context(&text, at, at + "priority".len());
        assert_eq!(
            left,
            "Adoptive parents have a wide range of rights from being able to choose the school that best suits the needs of their child, to "
        );
        assert_eq!(
            right,
            " access to council housing, to adoption pay and leave that from 2015 will be equal to that offered to birth parents."
        );
        assert_eq!(
            Segments::default().sentence_context("x", 0, 1),
            (String::new(), String::new())
        );
    }

    #[test]
    fn a_finished_page_starts_a_new_paragraph() {
        let got = paragraphs(&[
            "This guidance seeks to have these principles at the centre of decision making for care\nleavers and their families in every local authority in the whole of the country.",
            "Changes in the current version follow the consultation that was held in the spring of\nthe year before.",
        ]);
        assert_eq!(got.len(), 2, "{got:#?}");
    }

    #[test]
    fn spans_are_trimmed_and_inside_the_text() {
        let pages = vec![
            PageText::from_body("  • Indented bullet text.  \n\n  Next para.  "),
            PageText::from_body(""),
        ];
        let seg = Segments::new(&pages);
        let (text, _) = joined(&pages);
        for s in seg.sentences.iter().chain(&seg.paragraphs) {
            let t = &text[s.start..s.end];
            assert_eq!(t, t.trim());
            assert!(!t.is_empty());
        }
        assert_eq!(
            seg.sentences
                .iter()
                .map(|s| span_text(&text, s))
                .collect::<Vec<_>>(),
            ["Indented bullet text.", "Next para."]
        );
        assert_eq!(seg.paragraphs.len(), 2);
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(Segments::new(&[]), Segments::default());
        assert_eq!(
            Segments::new(&[PageText::from_body("")]).sentence_at(0),
            None
        );
        for body in [
            "•", "1.", "(a)", "...", ". . .", "\u{f0a7}", "é.É. ", "o", "a.\nB",
        ] {
            let seg = Segments::new(&[PageText::from_body(body)]);
            let text = body;
            for s in &seg.sentences {
                assert!(text.get(s.start..s.end).is_some(), "{body:?}");
            }
        }
    }
}
