//! `efrh check`: does every catalogue record have its PDF (with the bytes it was added with)
//! and its page-text file (with the hash the catalogue recorded), and do pages and words agree?
//! Derived data (the index) is compared by [`crate::index::verify`] in the command.

use super::{ingest, Corpus};
use crate::extract;
use crate::model::DocId;

/// What `check` found.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Damage: the corpus cannot be trusted until these are fixed (exit 2).
    pub problems: Vec<String>,
    /// Worth knowing, nothing wrong with the findings (leftover files, old extractor).
    pub notes: Vec<String>,
}

/// Check the catalogue against the stored PDFs and texts. Read-only.
pub fn check(corpus: &Corpus) -> Report {
    use rayon::prelude::*;
    let mut report = Report::default();
    // Each document's PDF and text are read and hashed in parallel; problems are reported
    // in catalogue order.
    let per_doc: Vec<(Vec<String>, bool)> = corpus
        .documents()
        .par_iter()
        .map(|doc| check_document(corpus, doc))
        .collect();
    let mut stale = 0usize;
    for (problems, old) in per_doc {
        report.problems.extend(problems);
        stale += usize::from(old);
    }
    if stale > 0 {
        report.notes.push(format!(
            "{stale} document(s) were extracted by an older version of the extractor (now \
             version {}); `efrh reindex` extracts them again",
            extract::VERSION
        ));
    }
    let leftovers = corpus.leftovers();
    if !leftovers.is_empty() {
        report.notes.push(format!(
            "{} file(s) that no catalogue record owns (left by an interrupted command, e.g. {}); \
             they are ignored, and `efrh check --clean` deletes them",
            leftovers.len(),
            leftovers[0].display()
        ));
    }
    report
}

/// The problems of one document's stored files, and whether an older extractor made them.
fn check_document(corpus: &Corpus, doc: &crate::model::Document) -> (Vec<String>, bool) {
    let mut problems = Vec::new();
    let name = format!("document {} ({})", doc.id, doc.meta.title);
    let pdf = corpus.pdf_path(&doc.id);
    match std::fs::read(&pdf) {
        Err(e) => problems.push(format!(
            "{name}: its PDF {} cannot be read ({}); restore it, or remove the document \
                 with `efrh remove {}` and add the file again",
            pdf.display(),
            e.kind(),
            doc.id
        )),
        Ok(bytes) => {
            if DocId::from_bytes(&bytes) != doc.id || bytes.len() as u64 != doc.bytes {
                problems.push(format!(
                    "{name}: {} is not the file that was added (it changed on disk); \
                         restore it from version control",
                    pdf.display()
                ));
            }
        }
    }
    let text = corpus.text_path(&doc.id);
    let bytes = match std::fs::read(&text) {
        Ok(b) => b,
        Err(e) => {
            problems.push(format!(
                "{name}: its text {} cannot be read ({}); run `efrh reindex` to extract \
                     it again",
                text.display(),
                e.kind()
            ));
            return (problems, false);
        }
    };
    if ingest::sha256_hex(&bytes) != doc.text_sha256 {
        problems.push(format!(
            "{name}: {} does not match the catalogue (changed, or an interrupted \
                 reindex); run `efrh reindex`",
            text.display()
        ));
        return (problems, false);
    }
    let stored: super::StoredText = match serde_json::from_slice(&bytes) {
        Ok(s) => s,
        Err(e) => {
            problems.push(format!(
                "{name}: {} is damaged ({e}); run `efrh reindex`",
                text.display()
            ));
            return (problems, false);
        }
    };
    if stored.pages.len() as u32 != doc.pages {
        problems.push(format!(
            "{name}: the catalogue says {} pages but the stored text has {}; run `efrh \
                 reindex`",
            doc.pages,
            stored.pages.len()
        ));
    }
    let by_language = crate::language::word_counts(&stored.pages);
    let words = by_language
        .get(&crate::language::Lang::DEFAULT)
        .copied()
        .unwrap_or(0);
    // Per-language words, where the catalogue records them (older ones do not).
    if !doc.words_by_language.is_empty() && by_language != doc.words_by_language {
        let show = |m: &std::collections::BTreeMap<crate::language::Lang, u64>| {
            let parts: Vec<String> = m.iter().map(|(l, n)| format!("{l} {n}")).collect();
            parts.join(", ")
        };
        problems.push(format!(
            "{name}: the catalogue's words per language ({}) differ from the stored \
             text's ({}); run `efrh reindex`",
            show(&doc.words_by_language),
            show(&by_language)
        ));
    }
    if words != doc.words {
        problems.push(format!(
            "{name}: the catalogue says {} words but the stored text has {words} (the \
                 word count changed?); run `efrh reindex`",
            doc.words
        ));
    }
    let old = stored.extractor != extract::VERSION || doc.extractor != extract::VERSION;
    (problems, old)
}
