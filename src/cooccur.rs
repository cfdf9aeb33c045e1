//! Co-occurrence of concepts: which concepts appear together in one sentence, paragraph or
//! page (`efrh cooccur`, and the report's approach × harm heatmap).
//!
//! A *window* is one sentence, paragraph or page of one document ([`crate::segment`] finds
//! sentences and paragraphs; a page window is one page, an occurrence belonging to the page
//! on which it starts, so a page window holds exactly the concepts that `kwic` shows on that
//! page). Per document, each occurrence is put in its window ([`window_of`]); the windows'
//! concept sets are tallied ([`Tally::add_document`], pure, no I/O), and documents' tallies
//! merge ([`Tally::merge`]) so the pass runs in parallel.

use crate::matcher::Occurrence;
use crate::segment::Segments;

/// The unit within which two concepts count as appearing together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    Sentence,
    #[default]
    Paragraph,
    Page,
}

keyword_enum!(Window, "window", {
    Sentence => "sentence",
    Paragraph => "paragraph",
    Page => "page",
});

/// The window (an index, unique within the document) that `occ` belongs to. `segments` is
/// only read for sentence and paragraph windows.
pub fn window_of(window: Window, segments: &Segments, occ: &Occurrence) -> usize {
    match window {
        Window::Page => occ.page as usize,
        Window::Sentence => segments.sentence_at(occ.doc_start).unwrap_or(0),
        Window::Paragraph => segments.paragraph_at(occ.doc_start).unwrap_or(0),
    }
}

/// Counts over the windows of a selection of documents, for `n` concepts (indices into the
/// lexicon).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    n: usize,
    /// Windows holding concept `i`.
    windows: Vec<u64>,
    /// `both[i * n + j]` (i < j): windows holding both.
    both: Vec<u64>,
    /// `documents[i * n + j]` (i < j): documents with at least one window holding both.
    documents: Vec<u64>,
}

impl Tally {
    pub fn new(n: usize) -> Tally {
        Tally {
            n,
            windows: vec![0; n],
            both: vec![0; n.saturating_mul(n)],
            documents: vec![0; n.saturating_mul(n)],
        }
    }

    /// Add one document: `placed` holds `(window, concept)` for each occurrence, in any order
    /// and with repeats. Concepts `>= n` are ignored.
    pub fn add_document(&mut self, placed: &mut Vec<(usize, usize)>) {
        let n = self.n;
        placed.retain(|&(_, c)| c < n);
        placed.sort_unstable();
        placed.dedup();
        let mut doc_pairs: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < placed.len() {
            let w = placed.get(i).map_or(0, |p| p.0);
            let mut j = i;
            while placed.get(j).is_some_and(|p| p.0 == w) {
                j += 1;
            }
            let concepts = placed.get(i..j).unwrap_or(&[]);
            for (k, &(_, a)) in concepts.iter().enumerate() {
                if let Some(x) = self.windows.get_mut(a) {
                    *x += 1;
                }
                for &(_, b) in concepts.get(k + 1..).unwrap_or(&[]) {
                    let cell = a * n + b; // a < b: sorted and deduplicated
                    if let Some(x) = self.both.get_mut(cell) {
                        *x += 1;
                    }
                    doc_pairs.push(cell);
                }
            }
            i = j;
        }
        doc_pairs.sort_unstable();
        doc_pairs.dedup();
        for cell in doc_pairs {
            if let Some(x) = self.documents.get_mut(cell) {
                *x += 1;
            }
        }
    }

    /// Add another tally of the same concepts (a tally of other documents).
    pub fn merge(mut self, other: Tally) -> Tally {
        if other.n != self.n {
            return self;
        }
        for (a, b) in self.windows.iter_mut().zip(other.windows) {
            *a += b;
        }
        for (a, b) in self.both.iter_mut().zip(other.both) {
            *a += b;
        }
        for (a, b) in self.documents.iter_mut().zip(other.documents) {
            *a += b;
        }
        self
    }

    /// Windows holding concept `i`.
    pub fn windows(&self, i: usize) -> u64 {
        self.windows.get(i).copied().unwrap_or(0)
    }

    /// Windows holding both `i` and `j` (in either order; 0 for `i == j`).
    pub fn both(&self, i: usize, j: usize) -> u64 {
        let (a, b) = (i.min(j), i.max(j));
        if a == b {
            return 0;
        }
        self.both.get(a * self.n + b).copied().unwrap_or(0)
    }

    /// Documents in which `i` and `j` share at least one window.
    pub fn documents_both(&self, i: usize, j: usize) -> u64 {
        let (a, b) = (i.min(j), i.max(j));
        if a == b {
            return 0;
        }
        self.documents.get(a * self.n + b).copied().unwrap_or(0)
    }

    /// Every pair found together at least once, `concept_a` before `concept_b` in the order
    /// `key` gives (the spec orders by concept id), rows sorted by that order.
    pub fn pairs<K: Ord>(&self, key: impl Fn(usize) -> K) -> Vec<Pair> {
        let mut out = Vec::new();
        for a in 0..self.n {
            for b in a + 1..self.n {
                let both = self.both(a, b);
                if both == 0 {
                    continue;
                }
                let (a, b) = if key(a) <= key(b) { (a, b) } else { (b, a) };
                let (wa, wb) = (self.windows(a), self.windows(b));
                let union = (wa + wb).saturating_sub(both);
                out.push(Pair {
                    concept_a: a,
                    concept_b: b,
                    windows_a: wa,
                    windows_b: wb,
                    windows_both: both,
                    documents_both: self.documents_both(a, b),
                    jaccard: if union == 0 {
                        0.0
                    } else {
                        both as f64 / union as f64
                    },
                });
            }
        }
        out.sort_by(|x, y| {
            (key(x.concept_a), key(x.concept_b)).cmp(&(key(y.concept_a), key(y.concept_b)))
        });
        out
    }
}

/// One row of `efrh cooccur` (concepts as lexicon indices).
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub concept_a: usize,
    pub concept_b: usize,
    pub windows_a: u64,
    pub windows_b: u64,
    pub windows_both: u64,
    pub documents_both: u64,
    pub jaccard: f64,
}

/// Place every occurrence of a document in its window: `(window, concept)` pairs for
/// [`Tally::add_document`].
pub fn place(
    window: Window,
    segments: &Segments,
    occurrences: &[Occurrence],
) -> Vec<(usize, usize)> {
    occurrences
        .iter()
        .map(|o| (window_of(window, segments, o), o.concept))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PageText;

    fn occ(concept: usize, page: u32, doc_start: usize) -> Occurrence {
        Occurrence {
            concept,
            term: 0,
            page,
            start: 0,
            end: 0,
            doc_start,
            doc_end: doc_start + 1,
        }
    }

    #[test]
    fn windows_parse_and_print() {
        for w in [Window::Sentence, Window::Paragraph, Window::Page] {
            assert_eq!(w.to_string().parse::<Window>(), Ok(w));
        }
        assert_eq!(" Page ".parse::<Window>(), Ok(Window::Page));
        assert!("line".parse::<Window>().unwrap_err().contains("sentence"));
        assert_eq!(Window::default(), Window::Paragraph);
    }

    /// Two documents, three concepts; counted by hand:
    /// doc 1 windows {0,1}, {0}, {1,2} ; doc 2 windows {0,1}, {2}.
    /// windows: c0 = 3, c1 = 3, c2 = 2. both(0,1) = 2 windows in 2 documents; both(1,2) = 1
    /// in 1 document; both(0,2) = 0 (not listed). jaccard(0,1) = 2 / (3 + 3 - 2) = 0.5;
    /// jaccard(1,2) = 1 / (3 + 2 - 1) = 0.25.
    #[test]
    fn tally_by_hand() {
        let mut doc1 = vec![(7, 0), (7, 1), (7, 0), (9, 0), (11, 2), (11, 1), (11, 1)];
        let mut doc2 = vec![(0, 1), (0, 0), (3, 2)];
        let mut t1 = Tally::new(3);
        t1.add_document(&mut doc1);
        let mut t2 = Tally::new(3);
        t2.add_document(&mut doc2);
        let t = t1.merge(t2);
        assert_eq!((t.windows(0), t.windows(1), t.windows(2)), (3, 3, 2));
        let pairs = t.pairs(|i| i);
        assert_eq!(
            pairs,
            vec![
                Pair {
                    concept_a: 0,
                    concept_b: 1,
                    windows_a: 3,
                    windows_b: 3,
                    windows_both: 2,
                    documents_both: 2,
                    jaccard: 0.5,
                },
                Pair {
                    concept_a: 1,
                    concept_b: 2,
                    windows_a: 3,
                    windows_b: 2,
                    windows_both: 1,
                    documents_both: 1,
                    jaccard: 0.25,
                },
            ]
        );
        // Ordered by another key (ids "z", "a", "m"): pairs (a=1, z=0) and (a=1, m=2).
        let ids = ["z", "a", "m"];
        let pairs = t.pairs(|i| ids[i]);
        assert_eq!(
            pairs
                .iter()
                .map(|p| (p.concept_a, p.concept_b))
                .collect::<Vec<_>>(),
            vec![(1, 2), (1, 0)]
        );
        assert_eq!(t.both(1, 0), 2);
        assert_eq!(t.both(1, 1), 0);
        // Out-of-range concepts are ignored, not a panic.
        let mut t = Tally::new(2);
        t.add_document(&mut vec![(0, 5), (0, 1)]);
        assert_eq!(t.windows(1), 1);
        assert_eq!(t.windows(5), 0);
    }

    #[test]
    fn occurrences_go_to_their_sentence_paragraph_or_page() {
        let pages = vec![
            PageText {
                body: "Contextual safeguarding is one approach. County lines is a harm.\n\
                       • Trauma-informed practice is another."
                    .into(),
                ..PageText::default()
            },
            PageText {
                body: "County lines again.".into(),
                ..PageText::default()
            },
        ];
        let seg = Segments::new(&pages);
        let (text, _) = crate::segment::joined(&pages);
        let at = |s: &str| text.find(s).unwrap();
        let occs = [
            occ(0, 1, at("Contextual")),
            occ(1, 1, at("County lines is")),
            occ(2, 1, at("Trauma")),
            occ(1, 2, at("County lines again")),
        ];
        let windows = |w| place(w, &seg, &occs);
        assert_eq!(
            windows(Window::Sentence),
            vec![(0, 0), (1, 1), (2, 2), (3, 1)]
        );
        assert_eq!(
            windows(Window::Paragraph),
            vec![(0, 0), (0, 1), (1, 2), (2, 1)]
        );
        assert_eq!(windows(Window::Page), vec![(1, 0), (1, 1), (1, 2), (2, 1)]);
    }
}
