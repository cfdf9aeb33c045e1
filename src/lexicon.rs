//! Lexicons: TOML files of concepts → a validated [`Lexicon`].
//!
//! A lexicon is an *input*: the researcher edits it or passes their own with `--lexicon`, and
//! counts reflect it at once — nothing about it is stored in the corpus.
//!
//! # API
//!
//! - [`Lexicon::resolve`]`(Option<&Path>)`: the lexicon a command uses — the `--lexicon FILE`
//!   if given, else `./lexicons/efrh.toml` if it exists, else the default lexicon embedded in
//!   the binary ([`Lexicon::builtin`]).
//! - [`Lexicon::load`]`(path)` reads and validates a file; [`Lexicon::parse`]`(text, origin)`
//!   validates text (`origin` names it in error messages).
//! - [`Lexicon::concepts`] in file order; [`Lexicon::concept`]`(id)` looks one up;
//!   [`Lexicon::sha256`] is the hex SHA-256 of the lexicon's bytes, to cite with a result;
//!   [`Lexicon::origin`] says where it came from.
//! - [`Lexicon::adhoc`]`(phrase)`: a one-concept lexicon for an ad-hoc phrase (`kwic`).
//! - [`Lexicon::overlaps`]: pairs of terms of different concepts where one contains the other
//!   as whole words (shown as warnings by `efrh lexicon check`).
//!
//! # Format
//!
//! ```toml
//! language = "en"                      # optional, default "en": the language of its terms
//!
//! [[concept]]
//! id = "contextual-safeguarding"       # [a-z0-9-]+, unique in the file
//! label = "Contextual Safeguarding"    # shown in tables and charts (default: the id)
//! group = "approach"                   # free label (default: empty)
//! terms = ["contextual safeguarding"]  # phrases, matched case-insensitively
//! acronyms = []                        # matched case-sensitively, e.g. ["CSE"]
//! ```
//!
//! Validation (each failure is an [`Error::Config`] naming the file and line, exit 2): unknown
//! keys, a bad or duplicate id, a concept with no terms and no acronyms, an empty term, a term
//! with no letter or digit, a term of more than [`MAX_WORDS`] words. Terms and acronyms are
//! stored normalised (rule 1, [`crate::normalize`]) with their separators collapsed to one
//! space, which is the form the matcher compiles.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The default lexicon, embedded in the binary.
pub const BUILTIN: &str = include_str!("../lexicons/efrh.toml");

/// How the built-in lexicon is named in messages and reports: in parentheses, as it is no
/// file the user has (the report leaves `--lexicon` out of its reproduce line for it).
pub const BUILTIN_ORIGIN: &str = concat!(
    "(the built-in lexicon of efrh ",
    env!("CARGO_PKG_VERSION"),
    ")"
);

/// Where `resolve` looks when no `--lexicon` is given.
pub const LOCAL_PATH: &str = "lexicons/efrh.toml";

/// The most words a term may have (the matcher compiles a variant for each possible
/// line-end hyphenation between words).
pub const MAX_WORDS: usize = 8;

/// One concept: a named idea and the words that express it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    /// `[a-z0-9-]+`, unique in its lexicon.
    pub id: String,
    pub label: String,
    pub group: String,
    /// Phrases, normalised, words separated by one space; matched case-insensitively.
    pub terms: Vec<String>,
    /// Normalised like terms; matched case-sensitively.
    pub acronyms: Vec<String>,
    /// 1-based line of the concept's `id` in its file (0 for an ad-hoc concept).
    pub line: usize,
}

impl Concept {
    /// Variant `i` of the concept: its terms, then its acronyms (the numbering of
    /// [`Occurrence::term`](crate::matcher::Occurrence::term)).
    pub fn variant(&self, i: usize) -> Option<&str> {
        match self.terms.get(i) {
            Some(t) => Some(t),
            None => self
                .acronyms
                .get(i.checked_sub(self.terms.len())?)
                .map(String::as_str),
        }
    }

    /// Number of variants (terms and acronyms).
    pub fn variants(&self) -> usize {
        self.terms.len() + self.acronyms.len()
    }
}

/// A validated lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    concepts: Vec<Concept>,
    /// The language its terms are in (`None`: an ad-hoc phrase, matched in any language).
    language: Option<crate::language::Lang>,
    sha256: String,
    origin: String,
    /// Each concept's terms and acronyms as written in the file (before normalisation), for
    /// showing back to the person who wrote them and for [`Lexicon::warnings`].
    written: Vec<Written>,
}

/// One concept's terms and acronyms as the file spells them, each with its 1-based line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub id: String,
    pub terms: Vec<(String, usize)>,
    pub acronyms: Vec<(String, usize)>,
}

/// Characters that look like a wildcard or regular-expression syntax. Terms are matched
/// literally (rules 1–3), so `exploit*` never finds "exploitation".
const PATTERN_CHARS: &[char] = &['*', '?', '(', ')', '[', ']', '{', '}', '|', '\\', '^', '$'];

/// Two terms of different concepts where one contains the other as whole words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    pub concept_a: String,
    pub term_a: String,
    pub concept_b: String,
    pub term_b: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    concept: Vec<RawConcept>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    id: Spanned<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    terms: Vec<Spanned<String>>,
    #[serde(default)]
    acronyms: Vec<Spanned<String>>,
}

impl Lexicon {
    /// The lexicon a command uses: `explicit` (from `--lexicon`) if given, else
    /// `./lexicons/efrh.toml` if present, else the built-in default.
    pub fn resolve(explicit: Option<&Path>) -> Result<Lexicon> {
        if let Some(path) = explicit {
            return Lexicon::load(path);
        }
        let local = Path::new(LOCAL_PATH);
        if local.is_file() {
            return Lexicon::load(local);
        }
        Lexicon::builtin()
    }

    /// The default lexicon embedded in the binary.
    pub fn builtin() -> Result<Lexicon> {
        Lexicon::parse(BUILTIN, BUILTIN_ORIGIN)
    }

    /// Read and validate a lexicon file.
    pub fn load(path: &Path) -> Result<Lexicon> {
        let bytes = std::fs::read(path).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: format!("cannot read the lexicon: {e}"),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Config {
            path: path.to_path_buf(),
            message: "the lexicon is not UTF-8 text; save it as UTF-8".into(),
        })?;
        Lexicon::parse(&text, &path.display().to_string())
    }

    /// Validate lexicon `text`; `origin` (a path or a description) names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Lexicon> {
        let fail = |offset: Option<usize>, message: String| Error::Config {
            path: PathBuf::from(origin),
            message: match offset {
                Some(o) => format!("line {}: {message}", line_of(text, o)),
                None => message,
            },
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            fail(
                e.span().map(|s| s.start),
                e.message().trim().replace('\n', " "),
            )
        })?;
        let language = match &raw.language {
            None => crate::language::Lang::DEFAULT,
            Some(l) => l
                .get_ref()
                .parse::<crate::language::Lang>()
                .map_err(|m| fail(Some(l.span().start), m))?,
        };
        if raw.concept.is_empty() {
            return Err(fail(
                None,
                "the lexicon has no concepts (add [[concept]] tables with id and terms)".into(),
            ));
        }
        let mut concepts: Vec<Concept> = Vec::with_capacity(raw.concept.len());
        let mut written = Vec::with_capacity(raw.concept.len());
        for rc in raw.concept {
            let id_at = rc.id.span().start;
            let id = rc.id.into_inner();
            if !valid_id(&id) {
                return Err(fail(
                    Some(id_at),
                    format!(
                        "concept id '{id}' is not valid (use lowercase letters, digits and '-', e.g. \"county-lines\")"
                    ),
                ));
            }
            if let Some(first) = concepts.iter().find(|c| c.id == id) {
                return Err(fail(
                    Some(id_at),
                    format!(
                        "concept id '{id}' is defined twice (first on line {})",
                        first.line
                    ),
                ));
            }
            let as_written = |v: &[Spanned<String>]| -> Vec<(String, usize)> {
                v.iter()
                    .map(|t| (t.get_ref().clone(), line_of(text, t.span().start)))
                    .collect()
            };
            written.push(Written {
                id: id.clone(),
                terms: as_written(&rc.terms),
                acronyms: as_written(&rc.acronyms),
            });
            let mut terms = Vec::new();
            for t in rc.terms {
                let at = t.span().start;
                terms.push(clean_term(t.get_ref()).map_err(|m| fail(Some(at), m))?);
            }
            let mut acronyms = Vec::new();
            for t in rc.acronyms {
                let at = t.span().start;
                acronyms.push(clean_term(t.get_ref()).map_err(|m| fail(Some(at), m))?);
            }
            if terms.is_empty() && acronyms.is_empty() {
                return Err(fail(
                    Some(id_at),
                    format!("concept '{id}' has no terms and no acronyms"),
                ));
            }
            dedup_keep_order(&mut terms);
            dedup_keep_order(&mut acronyms);
            concepts.push(Concept {
                label: rc
                    .label
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| id.clone()),
                group: rc.group.map(|g| g.trim().to_string()).unwrap_or_default(),
                id,
                terms,
                acronyms,
                line: line_of(text, id_at),
            });
        }
        Ok(Lexicon {
            concepts,
            language: Some(language),
            sha256: sha256_hex(text.as_bytes()),
            origin: origin.to_string(),
            written,
        })
    }

    /// A lexicon of one concept whose only term is `phrase` (its id and label are the phrase).
    pub fn adhoc(phrase: &str) -> Result<Lexicon> {
        let term = clean_term(phrase).map_err(Error::Usage)?;
        Ok(Lexicon {
            concepts: vec![Concept {
                id: term.clone(),
                label: term.clone(),
                group: String::new(),
                terms: vec![term.clone()],
                acronyms: Vec::new(),
                line: 0,
            }],
            language: None,
            sha256: sha256_hex(term.as_bytes()),
            origin: "(ad-hoc phrase)".into(),
            written: vec![Written {
                id: term.clone(),
                terms: vec![(phrase.to_string(), 0)],
                acronyms: Vec::new(),
            }],
        })
    }

    /// The concepts, in file order. An occurrence's `concept` is an index into this slice.
    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// The concept with this id.
    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }

    /// Index of the concept with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.concepts.iter().position(|c| c.id == id)
    }

    /// Hex SHA-256 of the lexicon's bytes (cite it with the counts it produced).
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The language its terms are in (the file's `language`, default English): the matcher
    /// reads only paragraphs in it. `None` for an ad-hoc phrase, which is found in any language.
    pub fn language(&self) -> Option<crate::language::Lang> {
        self.language
    }

    /// The language whose words are the denominator of this lexicon's rates
    /// (`Document::words_in`).
    pub fn words_language(&self) -> crate::language::Lang {
        self.language.unwrap_or(crate::language::Lang::DEFAULT)
    }

    /// The file the lexicon came from, or a description of it.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Keep only the concepts with these ids, in the order given. An unknown id is a usage
    /// error listing the known ones.
    /// Ids are trimmed and empty ones skipped, so `--concept "county-lines, gangs"` and a
    /// trailing comma work as a reader expects.
    pub fn select(&self, ids: &[String]) -> Result<Lexicon> {
        let mut concepts = Vec::with_capacity(ids.len());
        for id in ids.iter().map(|id| id.trim()).filter(|id| !id.is_empty()) {
            match self.concept(id) {
                Some(c) if !concepts.iter().any(|k: &Concept| k.id == c.id) => {
                    concepts.push(c.clone())
                }
                Some(_) => {}
                None => {
                    let known: Vec<&str> = self.concepts.iter().map(|c| c.id.as_str()).collect();
                    return Err(Error::Usage(format!(
                        "no concept '{id}' in {} (known: {})",
                        self.origin,
                        known.join(", ")
                    )));
                }
            }
        }
        if concepts.is_empty() {
            let known: Vec<&str> = self.concepts.iter().map(|c| c.id.as_str()).collect();
            return Err(Error::Usage(format!(
                "no concept id given (name one or more of {}: {})",
                self.origin,
                known.join(", ")
            )));
        }
        Ok(Lexicon {
            concepts,
            language: self.language,
            sha256: self.sha256.clone(),
            origin: self.origin.clone(),
            written: self.written.clone(),
        })
    }

    /// A concept's terms and acronyms as written in the file (not normalised).
    pub fn written(&self, id: &str) -> Option<&Written> {
        self.written.iter().find(|w| w.id == id)
    }

    /// Terms that will not match what their author probably meant, as messages naming the
    /// line: characters that look like a wildcard or regular expression (`exploit*`,
    /// `child (sexual) exploitation`: matched literally), and acronyms that are not upper
    /// case (acronyms match case-sensitively, so `cse` finds only "cse").
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let at = |line: usize| {
            if line > 0 {
                format!("{}: line {line}: ", self.origin)
            } else {
                format!("{}: ", self.origin)
            }
        };
        for w in &self.written {
            for (t, line) in w.terms.iter().chain(&w.acronyms) {
                let found: Vec<String> = PATTERN_CHARS
                    .iter()
                    .filter(|c| t.contains(**c))
                    .map(|c| format!("'{c}'"))
                    .collect();
                if !found.is_empty() {
                    out.push(format!(
                        "{}{:?} ({}) contains {}: terms are matched as written, not as \
                         wildcards or patterns, so this matches only text with those \
                         characters; list each form instead (e.g. \"exploitation\", \
                         \"exploited\"; \"child exploitation\", \"child sexual exploitation\")",
                        at(*line),
                        t,
                        w.id,
                        found.join(" ")
                    ));
                }
            }
            for (a, line) in &w.acronyms {
                // A plural of capitals ("ACEs", "CYPs") is written as documents print it.
                let singular = a
                    .strip_suffix('s')
                    .filter(|r| r.chars().filter(|c| c.is_uppercase()).count() >= 2)
                    .unwrap_or(a);
                if singular.chars().any(char::is_lowercase) {
                    out.push(format!(
                        "{}acronym {:?} ({}) is not upper case: acronyms match case-sensitively, \
                         so it finds only {:?} exactly; write it as documents print it (e.g. \
                         {:?}), or list it under terms to match any case",
                        at(*line),
                        a,
                        w.id,
                        a,
                        a.to_uppercase()
                    ));
                }
            }
        }
        out
    }

    /// Terms (and acronyms) of different concepts where one contains the other as whole
    /// words, case-insensitively: text matching the longer one also counts for the shorter
    /// one's concept. Often intended (a broad and a narrow concept), worth a look.
    pub fn overlaps(&self) -> Vec<Overlap> {
        let mut out = Vec::new();
        let all: Vec<(usize, String, String)> = self
            .concepts
            .iter()
            .enumerate()
            .flat_map(|(i, c)| {
                c.terms
                    .iter()
                    .chain(&c.acronyms)
                    .map(move |t| (i, t.clone(), t.to_lowercase()))
            })
            .collect();
        for (i, ta, la) in &all {
            for (j, tb, lb) in &all {
                if i == j {
                    continue;
                }
                let contained = la.len() >= lb.len() && contains_words(la, lb);
                if contained && !(la == lb && i > j) {
                    out.push(Overlap {
                        concept_a: self.concepts[*i].id.clone(),
                        term_a: ta.clone(),
                        concept_b: self.concepts[*j].id.clone(),
                        term_b: tb.clone(),
                    });
                }
            }
        }
        out
    }
}

/// True when `needle` occurs in `hay` with no letter or digit on either side.
fn contains_words(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = hay.get(from..).and_then(|h| h.find(needle)) {
        let start = from + pos;
        let end = start + needle.len();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Normalise a term (rule 1), collapse separator runs (rule 3) to one space, and check it.
pub(crate) fn clean_term(raw: &str) -> std::result::Result<String, String> {
    let norm = crate::normalize::normalize(raw);
    let words: Vec<&str> = norm
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Err(format!(
            "empty term {raw:?} (remove it, or write the phrase to match)"
        ));
    }
    if !words.iter().any(|w| w.chars().any(char::is_alphanumeric)) {
        return Err(format!(
            "term {raw:?} has no letter or digit and cannot be matched as a word"
        ));
    }
    if words.len() > MAX_WORDS {
        return Err(format!(
            "term {raw:?} has {} words; at most {MAX_WORDS} are allowed",
            words.len()
        ));
    }
    Ok(words.join(" "))
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn dedup_keep_order(v: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|t| seen.insert(t.clone()));
}

/// 1-based line number of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        match Lexicon::parse(text, "x.toml") {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => {
                assert_eq!(e.exit_code(), 2);
                e.to_string()
            }
        }
    }

    #[test]
    fn builtin_is_valid() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.concepts().len() >= 15);
        assert_eq!(lex.sha256().len(), 64);
    }

    #[test]
    fn language_key_defaults_to_english_and_is_validated() {
        use crate::language::Lang;
        let c = "[[concept]]\nid = \"a\"\nterms = [\"x\"]\n";
        assert_eq!(Lexicon::parse(c, "x").unwrap().language(), Some(Lang::En));
        let cy = Lexicon::parse(&format!("language = \"cy\"\n{c}"), "x").unwrap();
        assert_eq!(cy.language(), Some(Lang::Cy));
        assert_eq!(cy.words_language(), Lang::Cy);
        let sel = cy.select(&["a".to_string()]).unwrap();
        assert_eq!(sel.language(), Some(Lang::Cy));
        let e = err(&format!("language = \"fr\"\n{c}"));
        assert!(e.contains("line 1") && e.contains("cy (Welsh)"), "{e}");
        assert_eq!(Lexicon::adhoc("gangs").unwrap().language(), None);
    }

    #[test]
    fn parses_and_normalises_terms() {
        let lex = Lexicon::parse(
            "[[concept]]\nid = \"ti\"\nterms = [\" Trauma-\u{2011}informed  practice \"]\nacronyms = [\"TIP\"]\n",
            "x.toml",
        )
        .unwrap();
        let c = &lex.concepts()[0];
        assert_eq!(c.terms, vec!["Trauma informed practice"]);
        assert_eq!(c.acronyms, vec!["TIP"]);
        assert_eq!(c.label, "ti");
        assert_eq!(c.line, 2);
    }

    #[test]
    fn validation_errors_name_file_and_line() {
        let dup = "[[concept]]\nid = \"a\"\nterms = [\"x\"]\n\n[[concept]]\nid = \"a\"\nterms = [\"y\"]\n";
        let concept = |rest: &str| format!("[[concept]]\nid = \"a\"\n{rest}");
        // (lexicon, the line its error names, what it says)
        let cases = [
            (dup.to_string(), Some(6), "defined twice (first on line 2)"),
            (concept("terms = [\"x\", \"  \"]\n"), Some(3), "empty term"),
            (
                concept("terms = [\"x\"]\nterm = [\"y\"]\n"),
                Some(4),
                "unknown field",
            ),
            (concept("terms = [\"--\"]\n"), Some(3), "empty term"),
            (
                concept("terms = [\"(*)\"]\n"),
                Some(3),
                "no letter or digit",
            ),
            (concept(""), Some(2), "no terms"),
            (
                "[[concept]]\nid = \"Bad Id\"\nterms = [\"x\"]\n".into(),
                Some(2),
                "not valid",
            ),
            (String::new(), None, "no concepts"),
        ];
        for (toml, line, says) in cases {
            let e = err(&toml);
            let at = line.map_or(String::new(), |n| format!("x.toml: line {n}:"));
            assert!(e.starts_with(&at) && e.contains(says), "{toml:?}: {e}");
        }
        let e = err(&concept("terms = [\"x\"\n"));
        assert!(e.starts_with("x.toml: line "), "{e}");
    }

    #[test]
    fn overlaps_are_whole_words() {
        let lex = Lexicon::parse(
            "[[concept]]\nid = \"a\"\nterms = [\"serious youth violence\"]\n[[concept]]\nid = \"b\"\nterms = [\"serious violence\", \"youth violence\", \"violen\"]\n",
            "x.toml",
        )
        .unwrap();
        let o = lex.overlaps();
        assert_eq!(o.len(), 1, "{o:?}");
        assert_eq!(o[0].term_a, "serious youth violence");
        assert_eq!(o[0].term_b, "youth violence");
    }

    #[test]
    fn warns_on_patterns_and_lowercase_acronyms_keeps_terms_as_written() {
        let lex = Lexicon::parse(
            "[[concept]]\nid = \"cse\"\nterms = [\"child (sexual) exploitation\",\n  \"exploit*\", \"Trauma-informed\"]\nacronyms = [\"cse\", \"CSE\", \"ACEs\", \"Cse\"]\n",
            "x.toml",
        )
        .unwrap();
        let w = lex.written("cse").unwrap();
        let terms: Vec<&str> = w.terms.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            terms,
            ["child (sexual) exploitation", "exploit*", "Trauma-informed"]
        );
        assert_eq!(w.terms[1].1, 4);
        let warnings = lex.warnings();
        assert_eq!(warnings.len(), 4, "{warnings:#?}");
        assert!(warnings[3].contains("acronym \"Cse\""), "{}", warnings[3]);
        assert!(
            warnings[0].starts_with("x.toml: line 3: \"child (sexual) exploitation\"")
                && warnings[0].contains("'(' ')'"),
            "{}",
            warnings[0]
        );
        assert!(
            warnings[1].starts_with("x.toml: line 4: \"exploit*\"") && warnings[1].contains("'*'"),
            "{}",
            warnings[1]
        );
        assert!(
            warnings[2].contains("acronym \"cse\"") && warnings[2].contains("\"CSE\""),
            "{}",
            warnings[2]
        );
        assert!(Lexicon::builtin().unwrap().warnings().is_empty());
    }

    #[test]
    fn select_keeps_order_and_rejects_unknown() {
        let lex = Lexicon::parse(
            "[[concept]]\nid = \"a\"\nterms = [\"x\"]\n[[concept]]\nid = \"b\"\nterms = [\"y\"]\n",
            "x.toml",
        )
        .unwrap();
        let s = lex.select(&["b".into(), "a".into()]).unwrap();
        assert_eq!(s.concepts()[0].id, "b");
        assert!(lex.select(&["zz".into()]).is_err());
    }
}
