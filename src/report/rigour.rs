//! How far to trust each count, in the report: the audited precision of each concept (from the
//! audit files kept in `<corpus>/audits/`, scored as `efrh audit score FILE` scores them) and
//! whether a concept's count rests mostly on one ambiguous acronym (the variants' counts are
//! `efrh count --by term`'s).
//!
//! [`audits`] reads and scores the audit files (the command calls it: it needs the corpus);
//! [`reliance`] and [`AMBIGUITY_RULE`] are pure; [`table`] and [`note`] write the HTML.

use super::html::{esc, Input};
use crate::audit::{self, Score};
use crate::corpus::Corpus;
use crate::lexicon::{Concept, Lexicon};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// An acronym is "short" up to this many letters and digits.
pub const SHORT_ACRONYM: usize = 5;

/// The rule behind the ambiguous-acronym flag, as the report states it.
pub const AMBIGUITY_RULE: &str = "A concept is flagged when more than half of its mentions come \
     from one acronym: a variant listed under the lexicon's acronyms, or written in capitals \
     with at most 5 letters and digits (such as \"CSE\"). An acronym can stand for other things \
     (\"CSE\" is also a school qualification), so such a count is only as good as the audited \
     precision of the acronym: audit it with `efrh audit sample`.";

/// One audit file's scores.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditFile {
    /// The file's name in `<corpus>/audits/`.
    pub name: String,
    pub scores: Vec<Score>,
    /// Judged rows whose occurrence no longer exists (left out).
    pub missing: usize,
}

/// The audits of a corpus, scored against it as it is now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Audits {
    /// Every audit file with judgements, oldest first (by modification time, then name).
    pub files: Vec<AuditFile>,
    /// Per concept id: the index into `files` of the latest file that judged it (yes or no).
    pub latest: BTreeMap<String, usize>,
    /// Files that could not be scored: (name, why). The report names them.
    pub problems: Vec<(String, String)>,
}

impl Audits {
    /// The latest score of `concept` with its file's name.
    pub fn latest(&self, concept: &str) -> Option<(&str, &Score)> {
        let f = self.files.get(*self.latest.get(concept)?)?;
        let s = f.scores.iter().find(|s| s.concept == concept)?;
        Some((f.name.as_str(), s))
    }
}

/// Score every audit file in `<corpus>/audits/` on its own, as `efrh audit score FILE` does. A
/// file that cannot be read or scored is named in [`Audits::problems`], never fatal: the
/// report's counts do not depend on it.
pub fn audits(corpus: &Corpus, lexicon: &Lexicon) -> Audits {
    let mut files: Vec<(std::time::SystemTime, String, std::path::PathBuf)> =
        audit::audit_files(corpus.root())
            .into_iter()
            .map(|p| {
                let modified = std::fs::metadata(&p)
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                (modified, file_name(&p), p)
            })
            .collect();
    files.sort();
    let mut out = Audits::default();
    for (_, name, path) in files {
        match audit::score_files(corpus, lexicon, std::slice::from_ref(&path)) {
            Err(e) => out.problems.push((name, e.to_string())),
            Ok(o) => {
                let judged: Vec<Score> =
                    o.scores.into_iter().filter(|s| s.yes + s.no > 0).collect();
                if judged.is_empty() {
                    continue;
                }
                let at = out.files.len();
                for s in &judged {
                    out.latest.insert(s.concept.clone(), at);
                }
                out.files.push(AuditFile {
                    name,
                    scores: judged,
                    missing: o.missing.len(),
                });
            }
        }
    }
    out
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether variant `i` of `concept` is an acronym that may be ambiguous: listed under the
/// concept's acronyms, or written in capitals with at most [`SHORT_ACRONYM`] letters and digits
/// and no space.
pub fn is_ambiguous_acronym(concept: &Concept, i: usize) -> bool {
    if i >= concept.terms.len() {
        return i < concept.variants();
    }
    let Some(v) = concept.variant(i) else {
        return false;
    };
    let alnum = v.chars().filter(|c| c.is_alphanumeric()).count();
    !v.contains(' ')
        && alnum <= SHORT_ACRONYM
        && v.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && v.chars().all(|c| !c.is_lowercase())
}

/// Which variant carries most of a concept's count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reliance {
    /// The variant as the lexicon lists it.
    pub variant: String,
    /// Its occurrences, and the concept's.
    pub count: u64,
    pub total: u64,
    /// The variant is an ambiguous acronym ([`is_ambiguous_acronym`]).
    pub acronym: bool,
}

impl Reliance {
    /// More than half of the count from one ambiguous acronym.
    pub fn flagged(&self) -> bool {
        self.acronym && self.count * 2 > self.total
    }
}

/// The variant with the largest count (the first listed on a tie); `None` without mentions.
pub fn reliance(concept: &Concept, variant_counts: &[u64]) -> Option<Reliance> {
    let total: u64 = variant_counts.iter().sum();
    if total == 0 {
        return None;
    }
    let (i, &count) = variant_counts
        .iter()
        .enumerate()
        .rev()
        .max_by_key(|(_, &n)| n)?;
    Some(Reliance {
        variant: concept.variant(i).unwrap_or_default().to_string(),
        count,
        total,
        acronym: is_ambiguous_acronym(concept, i),
    })
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A score in words: "18 of 20 judged true (90%; 95% interval 70%–97%)".
pub fn precision_text(s: &Score) -> String {
    let judged = s.yes + s.no;
    let mut t = format!("{} of {judged} judged true", s.yes);
    if let (Some(p), Some(lo), Some(hi)) = (s.precision, s.precision_low, s.precision_high) {
        let _ = write!(
            t,
            " ({}; 95% interval {}–{})",
            percent(p),
            percent(lo),
            percent(hi)
        );
    }
    if s.unsure > 0 {
        let _ = write!(t, "; {} unsure left out", s.unsure);
    }
    t
}

fn reliance_text(r: &Reliance) -> String {
    format!(
        "{:.0}% from \"{}\" ({} of {})",
        r.count as f64 * 100.0 / r.total as f64,
        r.variant,
        r.count,
        r.total
    )
}

/// The one-line note under a concept's heading: its audited precision and the acronym flag,
/// empty when there is neither.
pub fn note(h: &mut String, input: &Input<'_>, concept: usize) {
    let Some(c) = input.lexicon.concepts().get(concept) else {
        return;
    };
    let mut parts = Vec::new();
    if let Some((file, s)) = input.analysis.audits.latest(&c.id) {
        parts.push(format!(
            "Audited precision: {} (audits/{file}).",
            precision_text(s)
        ));
    }
    if let Some(r) = variants_of(input, concept).and_then(|v| reliance(c, v)) {
        if r.flagged() {
            parts.push(format!(
                "Rests mostly on an acronym: {}; see “How far to trust the counts”.",
                reliance_text(&r)
            ));
        }
    }
    if !parts.is_empty() {
        let _ = writeln!(h, "<p class=\"note trust\">{}</p>", esc(&parts.join(" ")));
    }
}

fn variants_of<'a>(input: &'a Input<'_>, concept: usize) -> Option<&'a [u64]> {
    input.analysis.variants.get(concept).map(Vec::as_slice)
}

/// The table of every concept: documents mentioning it, mentions, audited precision, the
/// variant carrying most of the count and the flag; then every audit file's scores.
pub fn table(h: &mut String, input: &Input<'_>) {
    let a = input.analysis;
    let n = a.counts.docs.len();
    h.push_str("<h3 id=\"trust\">How far to trust the counts</h3>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">A count is only as good as the lexicon's matches. <b>Audited \
         precision</b> is the share of sampled occurrences that analysts judged true uses of the \
         concept (yes / (yes + no), Wilson 95% interval), from the latest audit file in \
         <code>&lt;corpus&gt;/audits/</code> that judged the concept, scored as <code>efrh audit \
         score FILE</code> scores it. <b>Largest variant</b> is the term or acronym that \
         carries most of the count (<code>efrh count --by term</code>). {}</p>",
        esc(AMBIGUITY_RULE)
    );
    h.push_str(
        "<div class=\"scroll\"><table id=\"table-trust\">\n<thead><tr><th>Concept</th>\
         <th>Documents mentioning it</th><th>Mentions</th><th>Audited precision</th>\
         <th>Largest variant</th><th>Flag</th></tr></thead>\n<tbody>\n",
    );
    for (i, c) in input.lexicon.concepts().iter().enumerate() {
        let variants = variants_of(input, i).unwrap_or(&[]);
        let mentions: u64 = variants.iter().sum();
        let mentioning = a
            .counts
            .docs
            .iter()
            .filter(|d| d.counts.get(i).is_some_and(|&k| k > 0))
            .count();
        let precision = match a.audits.latest(&c.id) {
            Some((file, s)) => format!("{} — audits/{file}", precision_text(s)),
            None => "not audited".to_string(),
        };
        let r = reliance(c, variants);
        let (largest, flag) = match &r {
            Some(r) => (
                reliance_text(r),
                if r.flagged() {
                    "rests mostly on an acronym"
                } else {
                    ""
                },
            ),
            None => ("–".to_string(), ""),
        };
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td class=\"num\">{mentioning} of {n}</td><td class=\"num\">{mentions}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.label),
            esc(&precision),
            esc(&largest),
            flag
        );
    }
    h.push_str("</tbody></table></div>\n");
    audit_files(h, &a.audits);
}

fn audit_files(h: &mut String, audits: &Audits) {
    for (name, why) in &audits.problems {
        let _ = writeln!(
            h,
            "<p class=\"warning\">The audit file audits/{} could not be scored and is left out: \
             {} (check it with <code>efrh audit score</code>).</p>",
            esc(name),
            esc(why)
        );
    }
    if audits.files.is_empty() {
        h.push_str(
            "<p class=\"note\">No judged audit file in <code>&lt;corpus&gt;/audits/</code>: \
             precision is not known. Draw one with <code>efrh audit sample CONCEPT --n 50</code> \
             and fill in its judgement column.</p>\n",
        );
        return;
    }
    h.push_str(
        "<div class=\"scroll\"><table id=\"table-audits\">\n<caption>Every judged audit file, \
         oldest first</caption>\n<thead><tr><th>File</th><th>Concept</th><th>Precision</th>\
         </tr></thead>\n<tbody>\n",
    );
    for f in &audits.files {
        for s in &f.scores {
            let _ = writeln!(
                h,
                "<tr><td><code>audits/{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&f.name),
                esc(&s.concept),
                esc(&precision_text(s))
            );
        }
        if f.missing > 0 {
            let _ = writeln!(
                h,
                "<tr><td><code>audits/{}</code></td><td colspan=\"2\">{} judged row(s) whose \
                 occurrence no longer exists are left out</td></tr>",
                esc(&f.name),
                f.missing
            );
        }
    }
    h.push_str("</tbody></table></div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concept(terms: &[&str], acronyms: &[&str]) -> Concept {
        let toml = format!(
            "[[concept]]\nid = \"x\"\nlabel = \"X\"\ngroup = \"harm\"\nterms = {terms:?}\nacronyms = {acronyms:?}\n"
        );
        let lex = Lexicon::parse(&toml, "test").expect("lexicon");
        lex.concepts()[0].clone()
    }

    #[test]
    fn acronyms_listed_or_short_capitals_are_ambiguous() {
        let c = concept(
            &["child sexual exploitation", "CSA", "county lines"],
            &["CSE"],
        );
        assert!(!is_ambiguous_acronym(&c, 0));
        assert!(is_ambiguous_acronym(&c, 1), "short, in capitals");
        assert!(!is_ambiguous_acronym(&c, 2));
        assert!(is_ambiguous_acronym(&c, 3), "listed as an acronym");
        assert!(!is_ambiguous_acronym(&c, 4), "no such variant");
    }

    #[test]
    fn flag_needs_more_than_half_from_one_acronym() {
        let c = concept(&["child sexual exploitation"], &["CSE"]);
        let r = reliance(&c, &[4, 6]).unwrap();
        assert_eq!((r.variant.as_str(), r.count, r.total), ("CSE", 6, 10));
        assert!(r.flagged());
        // exactly half is not "mostly"
        assert!(!reliance(&c, &[5, 5]).unwrap().flagged());
        // the term carries it
        assert!(!reliance(&c, &[7, 3]).unwrap().flagged());
        assert_eq!(reliance(&c, &[0, 0]), None);
    }

    #[test]
    fn precision_in_words() {
        let s = Score {
            concept: "cse".into(),
            judged: 4,
            yes: 2,
            no: 1,
            unsure: 1,
            precision: Some(2.0 / 3.0),
            precision_low: crate::stats::wilson(2, 3).map(|x| x.0),
            precision_high: crate::stats::wilson(2, 3).map(|x| x.1),
            agreement: None,
            kappa: None,
        };
        // Wilson 2 of 3: 0.2077–0.9385 (statsmodels proportion_confint(2, 3, method="wilson")).
        assert_eq!(
            precision_text(&s),
            "2 of 3 judged true (67%; 95% interval 21%–94%); 1 unsure left out"
        );
    }
}
