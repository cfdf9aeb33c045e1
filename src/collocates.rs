//! Collocates: the words around a concept, ranked by log-likelihood (`efrh collocates`, and
//! the report's top collocates per approach and wave).
//!
//! Words are lowercase runs of letters and digits of the stored (rule-1 normalised) text.
//! For each occurrence of the concept, the `span` words before its first word and after its
//! last word, within its document, are *near* it; the occurrence's own words are not counted
//! anywhere. A word position near two occurrences counts once. Each word `w` then has a 2×2
//! table over the selected text (every word position except the occurrences' own):
//!
//! |            | `w`     | other words |
//! |------------|---------|-------------|
//! | near       | `a`     | `b`         |
//! | elsewhere  | `c`     | `d`         |
//!
//! `near` = a, `total` = a + c. `ll` is Dunning's (1993) log-likelihood
//! G² = 2 Σ O·ln(O/E) over the four cells, E = row total × column total / N (a cell with
//! O = 0 adds 0). `mi` is pointwise mutual information log2(a / E₁₁), E₁₁ = (a+b)(a+c)/N.
//! Only words found near the concept more often than expected (a > E₁₁) are collocates;
//! ranked by `ll`, then `near`, then the word.
//!
//! [`Counter`] does the counting per document (pure); counters merge, so documents are
//! counted in parallel; [`Counter::collocates`] computes the statistics.

use std::collections::{HashMap, HashSet};

/// A word: lowercase, its byte offsets in the document text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

/// The words of `text`: maximal runs of letters and digits, as byte spans.
pub fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII without decoding (most policy text); other characters decoded.
        let (word_char, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            match text.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => (c.is_alphanumeric(), c.len_utf8()),
                None => (false, 1),
            }
        };
        if word_char {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Token { start: s, end: i });
        }
        i += len;
    }
    if let Some(s) = start {
        out.push(Token {
            start: s,
            end: text.len(),
        });
    }
    out
}

/// A stop-word list: words never reported as collocates (they are still counted in `N`).
#[derive(Debug, Clone, Default)]
pub struct StopWords(HashSet<String>);

impl StopWords {
    /// The list shipped with efrh (`lexicons/stopwords-en.txt`).
    pub fn english() -> StopWords {
        StopWords::parse(include_str!("../lexicons/stopwords-en.txt"))
    }

    /// One word a line; `#` starts a comment; blank lines ignored; compared lowercase.
    pub fn parse(text: &str) -> StopWords {
        StopWords(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect(),
        )
    }

    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Word frequencies near a concept and in all the selected text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counter {
    /// word → (near, total). Hashed with foldhash (seeded per process): every word of the
    /// selected text is looked up here, and SipHash made that half of `collocates`' time.
    words: HashMap<String, (u64, u64), foldhash::fast::RandomState>,
    /// Word positions near an occurrence.
    near_positions: u64,
    /// Word positions counted (all but the occurrences' own).
    positions: u64,
}

/// Mark each token's role for one occurrence (`start..end`, bytes): 2 for the words overlapping
/// it, 1 for the `span` words each side that are not already an occurrence's own words.
/// `role` is one entry per token of `toks`; 0 means elsewhere.
pub(crate) fn mark_roles(role: &mut [u8], toks: &[Token], (s, e): (usize, usize), span: usize) {
    let first = toks.partition_point(|t| t.end <= s);
    let last = toks.partition_point(|t| t.start < e); // exclusive
    if first >= last {
        return;
    }
    let lo = first.saturating_sub(span);
    let hi = last.saturating_add(span).min(toks.len());
    for r in role.get_mut(lo..first).into_iter().flatten() {
        if *r == 0 {
            *r = 1;
        }
    }
    for r in role.get_mut(last..hi).into_iter().flatten() {
        if *r == 0 {
            *r = 1;
        }
    }
    for r in role.get_mut(first..last).into_iter().flatten() {
        *r = 2;
    }
}

/// Lowercase `word` into `buf` (a fast path for ASCII).
pub fn lower_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
}

impl Counter {
    pub fn new() -> Counter {
        Counter::default()
    }

    /// Count one document: `text` is its joined text, `occurrences` the byte spans
    /// (`doc_start..doc_end`) of the concept's occurrences in it, `span` the words each side.
    pub fn add_document(&mut self, text: &str, occurrences: &[(usize, usize)], span: usize) {
        let toks = tokens(text);
        // 0: elsewhere, 1: near, 2: the occurrence's own words.
        let mut role = vec![0u8; toks.len()];
        for &occurrence in occurrences {
            mark_roles(&mut role, &toks, occurrence, span);
        }
        let mut buf = String::new();
        for (t, &r) in toks.iter().zip(&role) {
            if r == 2 {
                continue;
            }
            let Some(word) = text.get(t.start..t.end) else {
                continue;
            };
            lower_into(word, &mut buf);
            let near = u64::from(r == 1);
            self.positions += 1;
            self.near_positions += near;
            if let Some(x) = self.words.get_mut(buf.as_str()) {
                x.0 += near;
                x.1 += 1;
            } else {
                self.words.insert(buf.clone(), (near, 1));
            }
        }
    }

    /// Add another counter (other documents).
    pub fn merge(mut self, other: Counter) -> Counter {
        if self.words.len() < other.words.len() {
            return other.merge(self);
        }
        self.near_positions += other.near_positions;
        self.positions += other.positions;
        for (w, (n, t)) in other.words {
            let x = self.words.entry(w).or_insert((0, 0));
            x.0 += n;
            x.1 += t;
        }
        self
    }

    /// Word positions near an occurrence.
    pub fn near_positions(&self) -> u64 {
        self.near_positions
    }

    /// The collocates: words near the concept at least `min_freq` times, more often than
    /// expected, not stop words; ranked by `ll` (then `near`, then the word); at most `limit`.
    pub fn collocates(&self, min_freq: u64, stop: &StopWords, limit: usize) -> Vec<Collocate> {
        let n = self.positions as f64;
        let near_total = self.near_positions as f64;
        let out: Vec<Collocate> = self
            .words
            .iter()
            .filter(|(w, &(near, _))| near >= min_freq.max(1) && !stop.contains(w))
            .filter_map(|(w, &(near, total))| Collocate::scored(w, near, total, near_total, n))
            .collect();
        ranked(out, limit)
    }
}

/// (G², MI) for a word seen `a` times near the concept and `total` times in all, with
/// `near_total` word positions near the concept and `n` in all; `None` unless the word is
/// near the concept more often than expected.
pub fn scores(a: f64, total: f64, near_total: f64, n: f64) -> Option<(f64, f64)> {
    if n <= 0.0 || a <= 0.0 || total < a || near_total < a || n < total + near_total - a {
        return None;
    }
    let b = near_total - a;
    let c = total - a;
    let d = n - near_total - c;
    let e11 = near_total * total / n;
    if a <= e11 {
        return None;
    }
    let cell = |o: f64, e: f64| {
        if o > 0.0 && e > 0.0 {
            o * (o / e).ln()
        } else {
            0.0
        }
    };
    let e12 = near_total * (n - total) / n;
    let e21 = (n - near_total) * total / n;
    let e22 = (n - near_total) * (n - total) / n;
    let g2 = 2.0 * (cell(a, e11) + cell(b, e12) + cell(c, e21) + cell(d, e22));
    let mi = (a / e11).log2();
    Some((g2, mi))
}

/// One row of `efrh collocates`.
#[derive(Debug, Clone, PartialEq)]
pub struct Collocate {
    pub word: String,
    pub near: u64,
    pub total: u64,
    pub ll: f64,
    pub mi: f64,
}

impl Collocate {
    /// `word`, seen `near` times near the concept and `total` times in all, with its
    /// [`scores`] (`near_total` word positions near the concept, `n` in all); `None` unless
    /// it is near the concept more often than expected.
    pub fn scored(word: &str, near: u64, total: u64, near_total: f64, n: f64) -> Option<Collocate> {
        let (ll, mi) = scores(near as f64, total as f64, near_total, n)?;
        Some(Collocate {
            word: word.to_string(),
            near,
            total,
            ll,
            mi,
        })
    }
}

/// `collocates` ranked by `ll`, then `near`, then the word; the first `limit`.
pub fn ranked(mut collocates: Vec<Collocate>, limit: usize) -> Vec<Collocate> {
    collocates.sort_by(|x, y| {
        y.ll.total_cmp(&x.ll)
            .then(y.near.cmp(&x.near))
            .then(x.word.cmp(&y.word))
    });
    collocates.truncate(limit);
    collocates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text).iter().map(|t| &text[t.start..t.end]).collect()
    }

    proptest::proptest! {
        /// The ASCII fast path of `tokens` splits exactly as the definition does (runs of
        /// `char::is_alphanumeric`), whatever the mix of scripts.
        #[test]
        fn tokens_follow_the_definition(text in "[a-zA-Z0-9 .,'\\-\n]{0,40}(é|ß|İ|٣|中|\u{00A0}|—|[a-z ]){0,20}[a-z0-9 ]{0,20}") {
            let mut expected = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices() {
                match (c.is_alphanumeric(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        expected.push((s, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = start {
                expected.push((s, text.len()));
            }
            let got: Vec<(usize, usize)> = tokens(&text).iter().map(|t| (t.start, t.end)).collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(
            words("Trauma-informed practice (TiP), s.47 — children's 2022é!"),
            ["Trauma", "informed", "practice", "TiP", "s", "47", "children", "s", "2022é"]
        );
        assert!(tokens("").is_empty());
        assert!(tokens(" -- ").is_empty());
    }

    /// A tiny corpus counted by hand. Text (one document), the concept "cs" at word 4:
    ///
    /// `w0 w1 x y cs x z x w2 w3` with span 2: near = {x(2), y(3), x(5), z(6)};
    /// the occurrence's own word `cs` is left out, so N = 9 positions:
    /// w0 w1 x y | x z | x w2 w3 → x: total 3, near 2; y: 1/1; z: 1/1; w0..w3: 1 each, near 0.
    /// near positions = 4.
    ///
    /// For x: a = 2, b = 4 - 2 = 2, c = 3 - 2 = 1, d = 9 - 4 - 1 = 4.
    ///   E11 = 4·3/9 = 4/3, E12 = 4·6/9 = 8/3, E21 = 5·3/9 = 5/3, E22 = 5·6/9 = 10/3.
    ///   G² = 2[2 ln(2/(4/3)) + 2 ln(2/(8/3)) + 1 ln(1/(5/3)) + 4 ln(4/(10/3))]
    ///      = 2[2 ln 1.5 + 2 ln 0.75 + ln 0.6 + 4 ln 1.2]
    ///      = 2[0.810930 − 0.575364 − 0.510826 + 0.729286] = 2 · 0.454027 = 0.908053
    ///   MI = log2(2 / (4/3)) = log2 1.5 = 0.584963
    /// For y (and z): a = 1, b = 3, c = 0, d = 5.
    ///   E11 = 4·1/9 = 4/9, E12 = 4·8/9 = 32/9, E21 = 5/9, E22 = 40/9.
    ///   G² = 2[1 ln(9/4) + 3 ln(27/32) + 0 + 5 ln(45/40)]
    ///      = 2[0.810930 − 0.509697 + 0.588915] = 2 · 0.890148 = 1.780297
    ///   MI = log2(9/4) = 1.169925
    /// The same figures from scipy (`scipy.stats.contingency.chi2_contingency(table,
    /// correction=False, lambda_="log-likelihood")[0]` on [[2,2],[1,4]] → 0.9080533,
    /// on [[1,3],[0,5]] → 1.7802966; scipy 1.17).
    #[test]
    fn g2_and_mi_on_a_tiny_corpus_by_hand() {
        let text = "w0 w1 x y cs x z x w2 w3";
        let cs = text.find("cs").unwrap();
        let mut c = Counter::new();
        c.add_document(text, &[(cs, cs + 2)], 2);
        assert_eq!(c.near_positions(), 4);
        assert_eq!(c.positions, 9);
        let got = c.collocates(1, &StopWords::default(), 10);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-5;
        assert_eq!(
            got.iter().map(|c| c.word.as_str()).collect::<Vec<_>>(),
            ["y", "z", "x"],
            "{got:?}"
        );
        let y = &got[0];
        assert_eq!((y.near, y.total), (1, 1));
        assert!(close(y.ll, 1.780297) && close(y.mi, 1.169925), "{y:?}");
        let x = &got[2];
        assert_eq!((x.near, x.total), (2, 3));
        assert!(close(x.ll, 0.908053) && close(x.mi, 0.584963), "{x:?}");
        // min-freq 2 leaves x only; a stop word hides it.
        assert_eq!(c.collocates(2, &StopWords::default(), 10).len(), 1);
        assert!(c
            .collocates(2, &StopWords::parse("# c\nX\n"), 10)
            .is_empty());
        // limit
        assert_eq!(c.collocates(1, &StopWords::default(), 1).len(), 1);
    }

    #[test]
    fn overlapping_windows_count_a_position_once_and_skip_occurrence_words() {
        // Two occurrences of a two-word concept "a b", one word apart, span 3.
        let text = "p q a b r a b s t u v";
        let occ = [(4, 7), (10, 13)];
        assert_eq!(&text[4..7], "a b");
        assert_eq!(&text[10..13], "a b");
        let mut c = Counter::new();
        c.add_document(text, &occ, 3);
        // Positions (without the occurrence words): p q r s t u v = 7; near: p q r s t u = 6.
        assert_eq!(c.positions, 7);
        assert_eq!(c.near_positions(), 6);
        assert_eq!(c.words.get("r"), Some(&(1, 1)));
        assert_eq!(c.words.get("v"), Some(&(0, 1)));
        assert_eq!(c.words.get("a"), None);
    }

    #[test]
    fn counters_merge_like_one_document() {
        let mut one = Counter::new();
        one.add_document("a b c", &[(2, 3)], 1);
        one.add_document("c d a", &[(4, 5)], 1);
        let mut x = Counter::new();
        x.add_document("a b c", &[(2, 3)], 1);
        let mut y = Counter::new();
        y.add_document("c d a", &[(4, 5)], 1);
        assert_eq!(x.merge(y), one);
    }

    #[test]
    fn words_are_lowercased_and_the_shipped_stop_words_load() {
        let mut c = Counter::new();
        c.add_document("THE Éducation the", &[], 5);
        assert_eq!(c.words.get("the"), Some(&(0, 2)));
        assert_eq!(c.words.get("éducation"), Some(&(0, 1)));
        let stop = StopWords::english();
        assert!(stop.contains("the") && stop.contains("and") && stop.contains("of"));
        assert!(!stop.contains("safeguarding") && !stop.contains("exploitation"));
    }

    #[test]
    fn scores_refuse_impossible_or_repelled_tables() {
        assert_eq!(scores(0.0, 1.0, 1.0, 10.0), None);
        assert_eq!(scores(2.0, 1.0, 3.0, 10.0), None); // near more than total
        assert_eq!(scores(1.0, 5.0, 5.0, 10.0), None); // as expected: 5·5/10 = 2.5 > 1
        assert_eq!(scores(1.0, 1.0, 1.0, 0.0), None);
    }
}
