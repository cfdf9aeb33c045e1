//! The term-matching engine: a [`Lexicon`] compiled into one automaton; a document's pages →
//! [`Occurrence`]s. Matching rules 1–5 of `../shared/spec/cli.md` are implemented here and
//! nowhere else.
//!
//! # API
//!
//! - [`Matcher::new`]`(&Lexicon)` compiles every term and acronym of every concept into one
//!   Aho-Corasick automaton (one pass over the text, whatever the number of concepts).
//! - [`Matcher::find_in_document`]`(&[PageText]) -> Vec<Occurrence>`: every occurrence, in
//!   text order. [`Matcher::count_in_document`] gives counts per concept only.
//! - [`DocText`]: a document's page bodies joined with a line break (the text matching runs
//!   on); [`Matcher::find_in_text`] matches one, [`DocText::context`] cuts the keyword-in-context
//!   [`Kwic`] for an occurrence.
//!
//! The matcher does no I/O: the pass over a corpus is [`crate::analysis`]'s.
//!
//! An [`Occurrence`] names its concept by index into [`Lexicon::concepts`], the 1-based page on
//! which it starts (rule 5), byte offsets `start..end` within that page's body (`end` is cut at
//! the end of the body when the occurrence runs onto the next page) and `doc_start..doc_end`
//! within the [`DocText`].
//!
//! # How the rules are implemented
//!
//! 1. Terms are normalised like stored pages ([`crate::normalize`], done by the lexicon); the
//!    matcher also treats non-breaking and other Unicode spaces and dashes as separators and
//!    ignores soft hyphens, so text that escaped normalisation still matches.
//! 2. The document is rewritten into a *canonical text*: lowercased (full Unicode lowercase),
//!    every run of separators (spaces, hyphens, line breaks) replaced by one space, and every
//!    letter-hyphen-line break-letter ("safe-\nguarding") deleted so the two halves join into
//!    one word; each such *join* is recorded. A sparse table maps canonical offsets back to the
//!    original text.
//! 3. Each term is compiled in its canonical form ("trauma informed") plus one variant for each
//!    set of gaps between words that a line-end hyphen could have joined ("traumainformed",
//!    accepted only where a join was recorded at that gap). So "trauma-\ninformed" matches the
//!    term, while "traumainformed" written as one word does not.
//! 4. All matches of all patterns are found (overlapping search), then filtered: no letter or
//!    digit directly before or after (rule 2, checked on the canonical text, so a word joined
//!    across a line-end hyphen is one word); required joins present; acronyms equal to the
//!    original text case-sensitively. Per concept, the survivors are reduced leftmost-longest
//!    without overlap (rule 4); concepts are independent.
//! 5. Page bodies are joined with a line break before matching, so a term running over a page
//!    break (with the running header and footer, which are not body text, left out) is one
//!    occurrence on the page where it starts.

use crate::lexicon::Lexicon;
use crate::model::PageText;
use crate::normalize::collapse;
mod canon;

use aho_corasick::automaton::Automaton;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, MatchKind};
use canon::Canon;
use std::collections::HashMap;

/// One occurrence of a concept in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occurrence {
    /// Index into [`Lexicon::concepts`].
    pub concept: usize,
    /// Which of the concept's variants matched: an index into its terms, then its acronyms
    /// ([`Concept::variant`](crate::lexicon::Concept::variant)). When two variants match the
    /// same words, the first listed.
    pub term: usize,
    /// 1-based page on which the occurrence starts.
    pub page: u32,
    /// Byte offset of the start within that page's body.
    pub start: usize,
    /// Byte offset of the end within that page's body (at most the body's length).
    pub end: usize,
    /// Byte offsets within the [`DocText`] (pages joined with `\n`).
    pub doc_start: usize,
    pub doc_end: usize,
}

/// A keyword-in-context line: whitespace runs shown as one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kwic {
    pub left: String,
    pub matched: String,
    pub right: String,
}

/// A document's page bodies joined with `\n`, the text matching runs on.
#[derive(Debug, Clone, Default)]
pub struct DocText {
    text: String,
    /// Byte offset of each page's body in `text`.
    page_starts: Vec<usize>,
    page_lens: Vec<usize>,
    /// The printed page number of each page, where known.
    labels: Vec<Option<String>>,
}

impl DocText {
    pub fn new(pages: &[PageText]) -> DocText {
        let total: usize = pages.iter().map(|p| p.body.len() + 1).sum();
        let mut text = String::with_capacity(total);
        let mut page_starts = Vec::with_capacity(pages.len());
        let mut page_lens = Vec::with_capacity(pages.len());
        for (i, p) in pages.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            page_starts.push(text.len());
            page_lens.push(p.body.len());
            text.push_str(&p.body);
        }
        DocText {
            text,
            page_starts,
            page_lens,
            labels: pages.iter().map(|p| p.label.clone()).collect(),
        }
    }

    /// The page number printed on 1-based page `page`, where known (the one to cite).
    pub fn page_label(&self, page: u32) -> Option<&str> {
        let i = (page as usize).checked_sub(1)?;
        self.labels.get(i)?.as_deref()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte offset of each page's body in [`DocText::text`].
    pub fn page_starts(&self) -> &[usize] {
        &self.page_starts
    }

    /// Number of pages.
    pub fn pages(&self) -> usize {
        self.page_starts.len()
    }

    /// 0-based index of the page holding byte `offset`.
    fn page_index(&self, offset: usize) -> usize {
        self.page_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The keyword in context for `occ`: up to `width` characters each side (within the
    /// document, across page breaks), whitespace runs shown as one space.
    pub fn context(&self, occ: &Occurrence, width: usize) -> Kwic {
        let t = &self.text;
        let (s, e) = (occ.doc_start.min(t.len()), occ.doc_end.min(t.len()));
        let matched = collapse(t.get(s..e).unwrap_or(""));
        let mut left_chars: Vec<char> = Vec::with_capacity(width);
        let mut last_space = false;
        for c in t.get(..s).unwrap_or("").chars().rev() {
            let c = if c.is_whitespace() { ' ' } else { c };
            if c == ' ' && last_space {
                continue;
            }
            if left_chars.len() >= width {
                break;
            }
            last_space = c == ' ';
            left_chars.push(c);
        }
        let left: String = left_chars.into_iter().rev().collect();
        let mut right = String::new();
        let mut n = 0;
        last_space = false;
        for c in t.get(e..).unwrap_or("").chars() {
            let c = if c.is_whitespace() { ' ' } else { c };
            if c == ' ' && last_space {
                continue;
            }
            if n >= width {
                break;
            }
            last_space = c == ' ';
            right.push(c);
            n += 1;
        }
        Kwic {
            left,
            matched,
            right,
        }
    }
}

impl DocText {
    /// The matched words of `occ` as a reader sees them joined: see [`as_read`]. `variant` is
    /// the lexicon term or acronym that matched
    /// ([`Concept::variant`](crate::lexicon::Concept::variant) of [`Occurrence::term`]).
    pub fn matched_as_read(&self, occ: &Occurrence, variant: Option<&str>) -> String {
        let t = &self.text;
        let (s, e) = (occ.doc_start.min(t.len()), occ.doc_end.min(t.len()));
        as_read(t.get(s..e).unwrap_or(""), variant)
    }
}

/// Matched text as a reader sees it: runs of whitespace shown as one space, and a line that
/// broke inside the match after a hyphen joined again. Whether the hyphen stays depends on the
/// term that matched: where the term has a gap (a space or hyphen) the hyphen is the printed
/// one ("child-on-\nchild abuse" for the term "child-on-child abuse" reads
/// "child-on-child abuse"); where the term runs on as one word it was the typesetter's
/// hyphenation ("safe-\nguarding" for "safeguarding" reads "safeguarding"). Without a term
/// (or one that does not fit) the hyphen is kept: that is what is printed.
pub fn as_read(raw: &str, variant: Option<&str>) -> String {
    use canon::{class, Class};
    let want = variant.map(|v| canonical_phrase(v, true));
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if class(c) == Class::Keep {
            out.push(c);
            continue;
        }
        // A run of separators (spaces, hyphens, line breaks, ignorable characters).
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if class(d) == Class::Keep {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        let run = raw.get(i..end).unwrap_or("");
        let seps: Vec<Class> = run
            .chars()
            .map(class)
            .filter(|k| *k != Class::Ignore)
            .collect();
        let hyphens = seps.iter().filter(|k| **k == Class::Hyphen).count();
        let line_end_hyphen = seps.first() == Some(&Class::Hyphen)
            && hyphens == 1
            && seps.contains(&Class::Newline)
            && out.chars().next_back().is_some_and(char::is_alphabetic)
            && chars.peek().is_some_and(|&(_, d)| d.is_alphabetic());
        if !line_end_hyphen {
            out.push_str(&collapse(run));
            continue;
        }
        let hyphen = run
            .chars()
            .find(|&d| class(d) == Class::Hyphen)
            .unwrap_or('-');
        let so_far = canonical_phrase(&out, true);
        let joined_in_term = want.as_deref().is_some_and(|w| {
            w.strip_prefix(so_far.as_str())
                .is_some_and(|rest| rest.chars().next().is_some_and(|d| d != ' '))
        });
        if !joined_in_term {
            out.push(hyphen);
        }
    }
    out
}

/// What one compiled pattern stands for (several entries when terms coincide).
#[derive(Debug, Clone)]
struct Entry {
    concept: usize,
    /// Index of the variant within the concept (terms, then acronyms).
    term: usize,
    /// Offsets within the pattern where a line-end-hyphen join must have been recorded.
    joins: Vec<usize>,
    /// For an acronym: its canonical form with case kept (compared to the original text).
    acronym: Option<String>,
}

/// The compiled automaton.
#[derive(Debug, Clone)]
enum Engine {
    /// A full DFA, searched by [`Engine::for_each_match`]'s own loop: the transition is
    /// inlined (through [`AhoCorasick`] it is a dynamic call per byte of text), which cut
    /// `count`'s CPU time by a quarter (benches/analysis.sh).
    Dfa(Box<aho_corasick::dfa::DFA>),
    /// What [`AhoCorasick`] builds when a DFA cannot be (an NFA for a large lexicon).
    Any(AhoCorasick),
}

impl Engine {
    /// Call `f(pattern, start, end)` for every match of every pattern in `hay`, overlapping
    /// ones included (the set `find_overlapping_iter` reports; the order may differ).
    fn for_each_match(&self, hay: &str, mut f: impl FnMut(usize, usize, usize)) {
        match self {
            Engine::Dfa(dfa) => {
                let Ok(mut sid) = dfa.start_state(Anchored::No) else {
                    return;
                };
                let bytes = hay.as_bytes();
                let mut at = 0;
                while at < bytes.len() {
                    (at, sid) = run_to_special(dfa, bytes, at, sid);
                    if !dfa.is_special(sid) {
                        return; // the end of the text
                    }
                    if dfa.is_dead(sid) {
                        return;
                    }
                    if dfa.is_match(sid) {
                        for k in 0..dfa.match_len(sid) {
                            let pid = dfa.match_pattern(sid, k);
                            let len = dfa.pattern_len(pid);
                            f(pid.as_usize(), at.saturating_sub(len), at);
                        }
                    }
                }
            }
            Engine::Any(ac) => {
                for m in ac.find_overlapping_iter(hay) {
                    f(m.pattern().as_usize(), m.start(), m.end());
                }
            }
        }
    }
}

/// Feed `bytes[at..]` to `dfa` from state `sid` until it enters a special (match or dead)
/// state or the text ends: (the offset just after the last byte fed, the state). Kept out of
/// line so that its few values live in registers (inlined beside the match handling, the
/// state went through the stack on every byte, and the scan was slower than aho-corasick's).
#[inline(never)]
fn run_to_special(
    dfa: &aho_corasick::dfa::DFA,
    bytes: &[u8],
    mut at: usize,
    mut sid: aho_corasick::automaton::StateID,
) -> (usize, aho_corasick::automaton::StateID) {
    for &b in bytes.get(at..).unwrap_or(&[]) {
        sid = dfa.next_state(Anchored::No, sid, b);
        at += 1;
        if dfa.is_special(sid) {
            break;
        }
    }
    (at, sid)
}

/// A lexicon compiled for matching.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: Option<Engine>,
    /// Entries of AC pattern `i`: `entries[ranges[i].0..ranges[i].1]`.
    entries: Vec<Entry>,
    ranges: Vec<(usize, usize)>,
    concepts: usize,
    /// The lexicon's language: `find_in_document`/`count_in_document` read only paragraphs
    /// in it (`crate::language`); `None` reads every language.
    language: Option<crate::language::Lang>,
}

impl Matcher {
    /// Compile every term and acronym of `lexicon` into one automaton.
    ///
    /// Infallible for any lexicon [`Lexicon::parse`] accepts short of millions of terms; if
    /// the automaton cannot be built at all, the matcher finds nothing — use
    /// [`Matcher::try_new`] (as the commands do) to get that as an error instead.
    pub fn new(lexicon: &Lexicon) -> Matcher {
        Matcher::compile(lexicon).0
    }

    /// [`Matcher::new`], with an error when the lexicon is too large to compile.
    pub fn try_new(lexicon: &Lexicon) -> crate::Result<Matcher> {
        match Matcher::compile(lexicon) {
            (m, None) => Ok(m),
            (_, Some(e)) => Err(crate::Error::Config {
                path: lexicon.origin().into(),
                message: format!("the lexicon is too large to compile ({e}); split it"),
            }),
        }
    }

    fn compile(lexicon: &Lexicon) -> (Matcher, Option<String>) {
        Matcher::compile_with(lexicon, true)
    }

    /// [`Matcher::compile`]; `own_dfa`: search a DFA with [`Engine::Dfa`] (false: always
    /// through [`AhoCorasick`], the reference the fast path is tested against).
    fn compile_with(lexicon: &Lexicon, own_dfa: bool) -> (Matcher, Option<String>) {
        let mut by_pattern: HashMap<String, Vec<Entry>> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut add = |pattern: String, entry: Entry| {
            let list = by_pattern.entry(pattern.clone()).or_insert_with(|| {
                order.push(pattern);
                Vec::new()
            });
            if !list.iter().any(|e| {
                e.concept == entry.concept && e.joins == entry.joins && e.acronym == entry.acronym
            }) {
                list.push(entry);
            }
        };
        for (ci, concept) in lexicon.concepts().iter().enumerate() {
            for (ti, term) in concept.terms.iter().enumerate() {
                let lower = canonical_phrase(term, true);
                for (pattern, joins) in variants(&lower) {
                    add(
                        pattern,
                        Entry {
                            concept: ci,
                            term: ti,
                            joins,
                            acronym: None,
                        },
                    );
                }
            }
            for (ai, acr) in concept.acronyms.iter().enumerate() {
                let kept = canonical_phrase(acr, false);
                let lower = canonical_phrase(acr, true);
                for ((pattern, joins), (exact, _)) in
                    variants(&lower).into_iter().zip(variants(&kept))
                {
                    add(
                        pattern,
                        Entry {
                            concept: ci,
                            term: concept.terms.len() + ai,
                            joins,
                            acronym: Some(exact),
                        },
                    );
                }
            }
        }
        let mut entries = Vec::new();
        let mut ranges = Vec::with_capacity(order.len());
        for p in &order {
            let list = by_pattern.remove(p).unwrap_or_default();
            let start = entries.len();
            entries.extend(list);
            ranges.push((start, entries.len()));
        }
        let mut error = None;
        let ac = if order.is_empty() {
            None
        } else {
            // A full DFA, and no prefilter: terms start with common letters, so a prefilter
            // only adds work (measured with benches/matcher.rs). A DFA too large for memory
            // falls back to an NFA (slower, same matches).
            let build = |kind| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .kind(kind)
                    .prefilter(false)
                    .build(&order)
            };
            // The DFA's memory grows with the patterns' total length (times the alphabet):
            // beyond this, an NFA keeps memory linear in the lexicon's size.
            const DFA_MAX_PATTERN_BYTES: usize = 200_000;
            let total: usize = order.iter().map(String::len).sum();
            let small = total <= DFA_MAX_PATTERN_BYTES;
            // Our own loop over the DFA needs a start state that is never a match (no empty
            // pattern) and never special (no prefilter).
            let own = (own_dfa && small && order.iter().all(|p| !p.is_empty()))
                .then(|| {
                    aho_corasick::dfa::DFA::builder()
                        .match_kind(MatchKind::Standard)
                        .prefilter(false)
                        .build(&order)
                        .ok()
                })
                .flatten();
            let engine = match own {
                Some(dfa) => Ok(Engine::Dfa(Box::new(dfa))),
                None => {
                    let first = if small {
                        build(Some(AhoCorasickKind::DFA))
                    } else {
                        build(Some(AhoCorasickKind::ContiguousNFA))
                    };
                    first.or_else(|_| build(None)).map(Engine::Any)
                }
            };
            match engine {
                Ok(engine) => Some(engine),
                Err(e) => {
                    error = Some(e.to_string());
                    None
                }
            }
        };
        let m = Matcher {
            ac,
            entries,
            ranges,
            concepts: lexicon.concepts().len(),
            language: lexicon.language(),
        };
        (m, error)
    }

    /// Number of concepts (the length of every count vector).
    pub fn concepts(&self) -> usize {
        self.concepts
    }

    /// Every occurrence in a document, in text order (ties by concept).
    /// Only paragraphs in the lexicon's language are read (offsets are unchanged).
    pub fn find_in_document(&self, pages: &[PageText]) -> Vec<Occurrence> {
        let pages = self.in_language(pages);
        self.find_in_text(&DocText::new(&pages))
    }

    /// Occurrences per concept in a document (index = concept index).
    /// Only paragraphs in the lexicon's language are read.
    pub fn count_in_document(&self, pages: &[PageText]) -> Vec<u64> {
        let pages = &*self.in_language(pages);
        thread_local! {
            /// Buffers reused from one document to the next: the joined text and the
            /// canonical text (saves an allocation, and page faults, per document).
            static SCRATCH: std::cell::RefCell<(String, Vec<u8>)> =
                const { std::cell::RefCell::new((String::new(), Vec::new())) };
        }
        let mut counts = vec![0u64; self.concepts];
        let mut tally = |spans: Vec<Span>| {
            for Span { concept, .. } in spans {
                if let Some(c) = counts.get_mut(concept) {
                    *c += 1;
                }
            }
        };
        let reused = SCRATCH.with(|cell| {
            let Ok(mut scratch) = cell.try_borrow_mut() else {
                return false;
            };
            let (joined, buf) = &mut *scratch;
            joined.clear();
            for (i, p) in pages.iter().enumerate() {
                if i > 0 {
                    joined.push('\n');
                }
                joined.push_str(&p.body);
            }
            tally(self.spans_with(joined, buf));
            true
        });
        if !reused {
            tally(self.spans(&DocText::new(pages).text));
        }
        counts
    }

    /// The lexicon's language (`None`: every language is read).
    pub fn language(&self) -> Option<crate::language::Lang> {
        self.language
    }

    /// `pages` with the text in other languages than the lexicon's blanked out (byte offsets
    /// unchanged), as `find_in_document` and `count_in_document` read them.
    pub fn in_language<'a>(&self, pages: &'a [PageText]) -> std::borrow::Cow<'a, [PageText]> {
        match self.language {
            Some(lang) => crate::language::masked(pages, lang),
            None => std::borrow::Cow::Borrowed(pages),
        }
    }

    /// Every occurrence in `doc`, in text order (ties by concept).
    pub fn find_in_text(&self, doc: &DocText) -> Vec<Occurrence> {
        let mut out: Vec<Occurrence> = self
            .spans(&doc.text)
            .into_iter()
            .map(|sp| {
                let (doc_start, doc_end) = (sp.start, sp.end);
                let pi = doc.page_index(doc_start);
                let ps = doc.page_starts.get(pi).copied().unwrap_or(0);
                let pl = doc.page_lens.get(pi).copied().unwrap_or(0);
                Occurrence {
                    concept: sp.concept,
                    term: sp.term,
                    page: pi as u32 + 1,
                    start: doc_start - ps,
                    end: (doc_end - ps).min(pl),
                    doc_start,
                    doc_end,
                }
            })
            .collect();
        out.sort_by_key(|o| (o.doc_start, o.concept, o.doc_end));
        out
    }

    /// Occurrences in `text` as (concept, start, end) byte offsets of the original text,
    /// leftmost-longest and non-overlapping per concept, unsorted across concepts.
    fn spans(&self, text: &str) -> Vec<Span> {
        thread_local! {
            /// The canonical-text buffer, reused from one document to the next.
            static CANON: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        CANON.with(|cell| match cell.try_borrow_mut() {
            Ok(mut buf) => self.spans_with(text, &mut buf),
            Err(_) => self.spans_with(text, &mut Vec::new()),
        })
    }

    /// [`Matcher::spans`], building the canonical text in `buf` (and leaving it there for
    /// reuse).
    fn spans_with(&self, text: &str, buf: &mut Vec<u8>) -> Vec<Span> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let canon = Canon::build_inner(text, true, true, std::mem::take(buf));
        let out = self.spans_in(ac, text, &canon);
        *buf = canon.text.into_bytes();
        out
    }

    fn spans_in(&self, engine: &Engine, text: &str, canon: &Canon) -> Vec<Span> {
        let ct = canon.text.as_str();
        // (concept, canonical start, canonical end, term)
        let mut cands: Vec<(usize, usize, usize, usize)> = Vec::new();
        engine.for_each_match(ct, |pattern, s, e| {
            if !is_boundary(ct, s, e) {
                return;
            }
            let Some(&(a, b)) = self.ranges.get(pattern) else {
                return;
            };
            for entry in self.entries.get(a..b).unwrap_or(&[]) {
                if !entry
                    .joins
                    .iter()
                    .all(|j| canon.joins.binary_search(&(s + j)).is_ok())
                {
                    continue;
                }
                if let Some(exact) = &entry.acronym {
                    let (os, oe) = canon.to_original(text, s, e);
                    if canonical_phrase(text.get(os..oe).unwrap_or(""), false) != *exact {
                        continue;
                    }
                }
                cands.push((entry.concept, s, e, entry.term));
            }
        });
        // Rule 4: per concept, leftmost-longest, non-overlapping.
        // Ties (the same words matched by two variants) go to the variant listed first.
        cands.sort_unstable_by(|x, y| {
            x.0.cmp(&y.0)
                .then(x.1.cmp(&y.1))
                .then(y.2.cmp(&x.2))
                .then(x.3.cmp(&y.3))
        });
        let mut out = Vec::with_capacity(cands.len());
        let mut last: Option<(usize, usize)> = None; // (concept, end)
        for (c, s, e, term) in cands {
            if let Some((lc, le)) = last {
                if lc == c && s < le {
                    continue;
                }
            }
            last = Some((c, e));
            let (os, oe) = canon.to_original(text, s, e);
            out.push(Span {
                concept: c,
                term,
                start: os,
                end: oe,
            });
        }
        out
    }
}

/// A match in the original text: concept, variant, byte offsets.
#[derive(Debug, Clone, Copy)]
struct Span {
    concept: usize,
    term: usize,
    start: usize,
    end: usize,
}

/// Rule 2 on the canonical text: no letter or digit directly before `s` or after `e`.
fn is_boundary(ct: &str, s: usize, e: usize) -> bool {
    let before = ct.get(..s).and_then(|t| t.chars().next_back());
    let after = ct.get(e..).and_then(|t| t.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// `phrase` in canonical form (see [`Canon`]), lowercased or with case kept.
fn canonical_phrase(phrase: &str, lower: bool) -> String {
    let c = Canon::build_with(phrase, lower);
    c.text.trim_matches(' ').to_string()
}

/// The pattern variants of a canonical term: the term itself, and the term with each
/// non-empty set of joinable gaps (a space between two letters) removed, with the offsets
/// where joins are then required.
fn variants(term: &str) -> Vec<(String, Vec<usize>)> {
    let gaps: Vec<usize> = term
        .char_indices()
        .filter(|&(i, c)| {
            c == ' '
                && term[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic)
                && term[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
        })
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::with_capacity(1 << gaps.len());
    for mask in 0u32..(1u32 << gaps.len()) {
        let mut pattern = String::with_capacity(term.len());
        let mut joins = Vec::new();
        let mut from = 0;
        for (k, &g) in gaps.iter().enumerate() {
            if mask & (1 << k) != 0 {
                pattern.push_str(&term[from..g]);
                joins.push(pattern.len());
                from = g + 1;
            }
        }
        pattern.push_str(&term[from..]);
        out.push((pattern, joins));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_text_and_joins() {
        let c = Canon::build("Safe-\nguarding  of  Trauma-\ninformed\u{00A0}work");
        assert_eq!(c.text, "safeguarding of traumainformed work");
        assert_eq!(c.joins, vec![4, 22]);
    }

    #[test]
    fn matched_words_as_a_reader_sees_them() {
        // A printed hyphen at a line end stays; the line break goes.
        assert_eq!(
            as_read("child-on-\nchild abuse", Some("child on child abuse")),
            "child-on-child abuse"
        );
        assert_eq!(
            as_read("Trauma-\n  informed", Some("trauma informed")),
            "Trauma-informed"
        );
        // The typesetter's hyphenation inside a word goes.
        assert_eq!(
            as_read("safe-\nguarding", Some("safeguarding")),
            "safeguarding"
        );
        assert_eq!(
            as_read(
                "Contextual safe-\nguarding",
                Some("contextual safeguarding")
            ),
            "Contextual safeguarding"
        );
        // Without a term, or a term that does not fit, the printed hyphen is kept.
        assert_eq!(as_read("safe-\nguarding", None), "safe-guarding");
        // Other runs are shown as before: whitespace collapsed, hyphens kept.
        assert_eq!(
            as_read("county\n  lines", Some("county lines")),
            "county lines"
        );
        assert_eq!(as_read("peer - on", None), "peer - on");
        assert_eq!(as_read("a-\n", None), "a- ");
    }

    #[test]
    fn offsets_map_back() {
        let orig = "A  Safe-\n  guarding\u{00A0}\u{00A0}ÉTÉ x";
        let c = Canon::build(orig);
        assert_eq!(c.text, "a safeguarding été x");
        let s = c.text.find("safeguarding").unwrap();
        let (os, oe) = c.to_original(orig, s, s + "safeguarding".len());
        assert_eq!(&orig[os..oe], "Safe-\n  guarding");
        let s = c.text.find("été").unwrap();
        let (os, oe) = c.to_original(orig, s, s + "été".len());
        assert_eq!(&orig[os..oe], "ÉTÉ");
    }

    proptest::proptest! {
        /// The block fast path gives exactly what the byte-by-byte path gives.
        #[test]
        fn block_path_equals_byte_path(
            parts in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "a", "Word", "CSE", "x", "1", "(word),", "abcdefghijklmnopqrstuvwxyz",
                    ]),
                    proptest::sample::select(vec![
                        " ", " ", " ", " ", " ", " ", " ", " ", "\n", "-", "  ", "-\n", "\t",
                        "\r\n", "é", "İ", "\u{00A0}", "\u{00AD}", "\u{2013}", "\u{000C}",
                        "\u{0001}", "-\n ",
                    ]),
                ),
                0..120,
            ),
            lower in proptest::bool::ANY,
        ) {
            let parts: Vec<&str> = parts.iter().flat_map(|(w, s)| [*w, *s]).collect();
            let text: String = parts.concat();
            let fast = Canon::build_inner(&text, lower, true, Vec::new());
            let slow = Canon::build_inner(&text, lower, false, Vec::new());
            proptest::prop_assert_eq!(&fast.text, &slow.text);
            proptest::prop_assert_eq!(&fast.joins, &slow.joins);
            for c in 0..fast.text.len() {
                proptest::prop_assert_eq!(fast.map(c), slow.map(c));
            }
        }
    }

    /// Words for random texts: every term and acronym of the built-in lexicon, halves of
    /// them, and filler that borders on them.
    fn vocabulary(lex: &Lexicon) -> Vec<String> {
        let mut v: Vec<String> = [
            "a", "the", "x1", "Safe", "guarding", "child", "-", "(", ").",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for c in lex.concepts() {
            for t in c.terms.iter().chain(&c.acronyms) {
                v.push(t.clone());
                v.push(t.to_uppercase());
                let mid = t.char_indices().map(|(i, _)| i).nth(t.chars().count() / 2);
                if let Some(m) = mid {
                    v.push(t[..m].to_string());
                    v.push(t[m..].to_string());
                }
            }
        }
        v
    }

    proptest::proptest! {
        /// Our own loop over the DFA finds exactly the occurrences found through
        /// aho-corasick's overlapping search (the reference), on texts dense in the built-in
        /// lexicon's terms, split, hyphenated and run together.
        #[test]
        fn own_dfa_loop_equals_aho_corasick(
            picks in proptest::collection::vec(
                (0usize..10_000, proptest::sample::select(vec![
                    " ", " ", " ", "", "\n", "-", "-\n", "  ", ", ", "\u{00A0}",
                ])),
                0..80,
            ),
        ) {
            let lex = Lexicon::builtin().unwrap();
            let vocab = vocabulary(&lex);
            let text: String = picks
                .iter()
                .map(|(i, sep)| format!("{}{sep}", vocab[i % vocab.len()]))
                .collect();
            let fast = Matcher::compile_with(&lex, true).0;
            let reference = Matcher::compile_with(&lex, false).0;
            proptest::prop_assert!(matches!(fast.ac, Some(Engine::Dfa(_))));
            proptest::prop_assert!(matches!(reference.ac, Some(Engine::Any(_))));
            let pages = [PageText::from_body(text)];
            proptest::prop_assert_eq!(
                fast.find_in_document(&pages),
                reference.find_in_document(&pages)
            );
            proptest::prop_assert_eq!(
                fast.count_in_document(&pages),
                reference.count_in_document(&pages)
            );
        }
    }

    #[test]
    fn a_lexicon_too_large_for_a_dfa_still_matches() {
        let mut toml = String::new();
        for i in 0..3000 {
            toml.push_str(&format!(
                "[[concept]]\nid = \"c{i}\"\nterms = [\"term{i} alpha beta gamma\"]\n"
            ));
        }
        let lex = Lexicon::parse(&toml, "big.toml").unwrap();
        let m = Matcher::try_new(&lex).unwrap();
        let pages = [PageText::from_body(
            "x term2999 alpha-\nbeta gamma and TERM7 ALPHA BETA GAMMA",
        )];
        let occ = m.find_in_document(&pages);
        let ids: Vec<&str> = occ
            .iter()
            .map(|o| lex.concepts()[o.concept].id.as_str())
            .collect();
        assert_eq!(ids, ["c2999", "c7"]);
    }

    #[test]
    fn variants_of_a_term() {
        let v = variants("child on child");
        let pats: Vec<&str> = v.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pats,
            vec![
                "child on child",
                "childon child",
                "child onchild",
                "childonchild"
            ]
        );
        assert_eq!(v[3].1, vec![5, 7]);
        assert_eq!(variants("covid 19").len(), 1);
    }
}
