//! The search query language, parsed once into an [`Expr`] and then turned into a tantivy
//! query.
//!
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary (["AND"] unary)*        two terms side by side must both match
//! unary   := ("NOT" | "-") unary | primary
//! primary := "(" or ")" | field ":" value | "\"" phrase "\"" | word
//! value   := word | "\"" phrase "\"" | "[" from "TO" to "]"   (ranges: year and wave; "*" = open)
//! ```
//!
//! A word ending in `*` (`exploit*`, at least three letters) matches every word that starts
//! so, in the unstemmed text; `child exploit*` inside a bare word sequence is two terms,
//! `county-lin*` is a phrase whose last word is a prefix.
//!
//! `AND`, `OR` and `NOT` are operators only in capitals (`and` is a word). `AND` binds more
//! tightly than `OR`: `a b OR c` is `(a AND b) OR c`. Words and phrases are searched in the
//! page text; a word with a hyphen (`trauma-informed`) is the phrase of its parts.

use super::schema::{normalize_kind, Fields};
use super::tokenize::{self, Reading};
use crate::model::{DocId, Nation, Year};
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery,
    Query as TantivyQuery, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

/// Field names a query may use, in the order error messages list them.
pub const FIELDS: &[&str] = &[
    "nation",
    "year",
    "wave",
    "kind",
    "publisher",
    "title",
    "id",
    "level",
    "series",
    "authority",
    "lang",
];

/// Deepest nesting of parentheses and NOTs accepted (the parser recurses).
const MAX_DEPTH: usize = 64;

/// Shortest prefix before a `*`.
const MIN_PREFIX: usize = 3;

/// Most distinct words one prefix may stand for (beyond that the query is refused rather
/// than silently cut short).
pub const MAX_EXPANSIONS: usize = 2000;

/// A parsed query.
#[derive(Debug, Clone)]
pub struct Query {
    pub(crate) expr: Expr,
    pub(crate) stem: bool,
}

/// One node of a parsed query. Text is kept as typed; it is analysed when the tantivy query
/// and the snippets are built, with the analyzers the index uses.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Words or a phrase searched in the page text.
    Text(String),
    /// Words searched in the page text, the last one a prefix (typed with a trailing `*`;
    /// kept here without it).
    Prefix(String),
    Title(String),
    Publisher(String),
    Nation(Nation),
    /// Normalised kind (see [`normalize_kind`]).
    Kind(String),
    /// `level:local`
    Level(crate::model::Level),
    /// `series:kcsie`
    Series(crate::model::SeriesId),
    /// `authority:devon`, normalised (see [`super::schema::normalize_name`]).
    Authority(String),
    /// `lang:cy`: pages with text in that language (issue 16).
    Lang(crate::language::Lang),
    Id(DocId),
    Year(Bound<u64>, Bound<u64>),
    Wave(Bound<u64>, Bound<u64>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
}

/// A query that cannot be read: what is wrong and where (a byte offset into the query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub at: usize,
    pub len: usize,
}

impl QueryError {
    fn new(message: impl Into<String>, at: usize, len: usize) -> QueryError {
        QueryError {
            message: message.into(),
            at,
            len: len.max(1),
        }
    }

    /// The error as the user sees it: the message, the query with a marker under the wrong
    /// part, and the fields that exist.
    pub fn render(&self, query: &str) -> String {
        let one_line: String = query
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let col = query.get(..self.at).map_or(0, |s| s.chars().count());
        let width = query
            .get(self.at..(self.at + self.len).min(query.len()))
            .map_or(1, |s| s.chars().count().max(1));
        format!(
            "bad query: {} (at character {})\n  {}\n  {}{}\n\
             fields: {} (e.g. nation:wales, year:[2018 TO 2022], kind:guidance); \
             operators: AND, OR, NOT, \"exact phrase\", ( )",
            self.message,
            col + 1,
            one_line,
            " ".repeat(col),
            "^".repeat(width),
            FIELDS.join(", ")
        )
    }
}

impl Query {
    /// Parse `text`. `stem`: match English word forms ("gangs" finds "gang").
    pub fn parse(text: &str, stem: bool) -> Result<Query, QueryError> {
        let lexemes = lex(text)?;
        let mut p = Parser {
            lexemes,
            pos: 0,
            end: text.len(),
            analyzer: tokenize::analyzer(Reading::Split, false),
        };
        if p.lexemes.is_empty() {
            return Err(QueryError::new(
                "the query is empty: give words, \"a phrase\" or a field such as nation:wales",
                0,
                1,
            ));
        }
        let expr = p.or(0)?;
        if let Some(l) = p.peek() {
            let msg = match l.tok {
                Tok::RParen => "this ')' has no matching '('",
                _ => "unexpected text here",
            };
            return Err(QueryError::new(msg, l.at, l.len));
        }
        Ok(Query { expr, stem })
    }

    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// The tantivy query over the index's fields.
    /// Fails (with a message for the user) when a prefix matches too many words.
    pub(crate) fn to_tantivy(
        &self,
        fields: &Fields,
        searcher: &Searcher,
    ) -> Result<Box<dyn TantivyQuery>, String> {
        let mut b = Builder {
            fields,
            searcher,
            stem: self.stem,
            split: tokenize::analyzer(Reading::Split, self.stem),
            joined: tokenize::analyzer(Reading::Joined, self.stem),
        };
        b.build(&self.expr)
    }

    /// True when the query searches words or phrases in the page text (not only under NOT),
    /// so matching pages get a relevance score. A query of filters and NOTs only
    /// (`nation:wales`, `NOT gangs`) scores every page alike.
    pub fn is_scored(&self) -> bool {
        !self.positive_texts().is_empty()
    }

    /// The texts whose matches a snippet should mark: every word or phrase searched in the
    /// page text that is not under a NOT, with whether its last word is a prefix.
    pub(crate) fn positive_texts(&self) -> Vec<(&str, bool)> {
        fn walk<'a>(e: &'a Expr, negated: bool, out: &mut Vec<(&'a str, bool)>) {
            match e {
                Expr::Text(t) if !negated => out.push((t, false)),
                Expr::Prefix(t) if !negated => out.push((t, true)),
                Expr::And(v) | Expr::Or(v) => v.iter().for_each(|c| walk(c, negated, out)),
                Expr::Not(c) => walk(c, !negated, out),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&self.expr, false, &mut out);
        out
    }
}

// ---------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Word(String),
    /// A word typed with a trailing `*` (without it).
    Prefix(String),
    Phrase(String),
    Field {
        name: String,
        value: Value,
        /// Byte offset and length of the value.
        value_at: usize,
        value_len: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Word(String),
    Phrase(String),
    Range {
        from: String,
        to: String,
        from_inclusive: bool,
        to_inclusive: bool,
    },
}

#[derive(Debug, Clone)]
struct Lexeme {
    tok: Tok,
    at: usize,
    len: usize,
}

fn is_word_end(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || c == '"'
}

/// Find the closing quote of a phrase opened at byte `open`.
fn read_phrase(text: &str, open: usize) -> Result<(String, usize), QueryError> {
    let body_start = open + 1;
    match text.get(body_start..).and_then(|r| r.find('"')) {
        Some(rel) => {
            let content = &text[body_start..body_start + rel];
            if content.trim().is_empty() {
                return Err(QueryError::new("this phrase is empty", open, rel + 2));
            }
            Ok((content.to_string(), body_start + rel + 1))
        }
        None => Err(QueryError::new(
            "this quote is never closed (add a closing \")",
            open,
            1,
        )),
    }
}

fn lex(text: &str) -> Result<Vec<Lexeme>, QueryError> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = text.get(i..).and_then(|r| r.chars().next()) {
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        match c {
            '(' => {
                out.push(Lexeme {
                    tok: Tok::LParen,
                    at: i,
                    len: 1,
                });
                i += 1;
            }
            ')' => {
                out.push(Lexeme {
                    tok: Tok::RParen,
                    at: i,
                    len: 1,
                });
                i += 1;
            }
            '"' => {
                let (phrase, end) = read_phrase(text, i)?;
                out.push(Lexeme {
                    tok: Tok::Phrase(phrase),
                    at: i,
                    len: end - i,
                });
                i = end;
            }
            '-' if text
                .get(i + 1..)
                .and_then(|r| r.chars().next())
                .is_some_and(|n| n.is_alphanumeric() || n == '"' || n == '(') =>
            {
                out.push(Lexeme {
                    tok: Tok::Not,
                    at: i,
                    len: 1,
                });
                i += 1;
            }
            _ => {
                let (lexeme, end) = lex_word(text, i)?;
                out.push(lexeme);
                i = end;
            }
        }
    }
    Ok(out)
}

/// A bare word, an operator, or `field:value`, starting at byte `start`.
fn lex_word(text: &str, start: usize) -> Result<(Lexeme, usize), QueryError> {
    let rest = &text[start..];
    let word_len = rest.find(is_word_end).unwrap_or(rest.len());
    let word = &rest[..word_len];
    // `name:` where name is letters: a field.
    if let Some(colon) = word.find(':') {
        let name = &word[..colon];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic()) {
            return lex_field(text, start, name);
        }
    }
    if let Some(stem) = word.strip_suffix('*').filter(|w| !w.contains('*')) {
        let tok = Tok::Prefix(stem.to_string());
        return Ok((
            Lexeme {
                tok,
                at: start,
                len: word_len,
            },
            start + word_len,
        ));
    }
    if word.contains('*') {
        return Err(QueryError::new(
            "a wildcard (*) can only end a word, as in exploit*",
            start,
            word_len,
        ));
    }
    let tok = match word {
        "AND" => Tok::And,
        "OR" => Tok::Or,
        "NOT" => Tok::Not,
        _ => Tok::Word(word.to_string()),
    };
    Ok((
        Lexeme {
            tok,
            at: start,
            len: word_len,
        },
        start + word_len,
    ))
}

fn lex_field(text: &str, start: usize, name: &str) -> Result<(Lexeme, usize), QueryError> {
    let value_at = start + name.len() + 1;
    let rest = text.get(value_at..).unwrap_or("");
    let (value, end) = match rest.chars().next() {
        Some('"') => {
            let (phrase, end) = read_phrase(text, value_at)?;
            (Value::Phrase(phrase), end)
        }
        Some(open @ ('[' | '{')) => {
            let close = rest.find([']', '}']).ok_or_else(|| {
                QueryError::new(
                    "this range is never closed (write it like [2018 TO 2022])",
                    value_at,
                    1,
                )
            })?;
            let inner = &rest[1..close];
            let parts: Vec<&str> = inner.split_whitespace().collect();
            let (from, to) = match parts.as_slice() {
                [from, to_kw, to] if to_kw.eq_ignore_ascii_case("to") => (*from, *to),
                _ => {
                    return Err(QueryError::new(
                        "a range is written [FROM TO TO], e.g. year:[2018 TO 2022] \
                         (* for an open end)",
                        value_at,
                        close + 1,
                    ))
                }
            };
            let closing = rest[close..].chars().next();
            (
                Value::Range {
                    from: from.to_string(),
                    to: to.to_string(),
                    from_inclusive: open == '[',
                    to_inclusive: closing == Some(']'),
                },
                value_at + close + 1,
            )
        }
        _ => {
            let len = rest.find(is_word_end).unwrap_or(rest.len());
            if len == 0 {
                return Err(QueryError::new(
                    format!("'{name}:' needs a value right after the colon, e.g. nation:wales"),
                    start,
                    name.len() + 1,
                ));
            }
            (Value::Word(rest[..len].to_string()), value_at + len)
        }
    };
    Ok((
        Lexeme {
            tok: Tok::Field {
                name: name.to_string(),
                value,
                value_at,
                value_len: end - value_at,
            },
            at: start,
            len: end - start,
        },
        end,
    ))
}

// ---------------------------------------------------------------------------------------
// Parser

struct Parser {
    lexemes: Vec<Lexeme>,
    pos: usize,
    /// Length of the query, for errors at its end.
    end: usize,
    analyzer: TextAnalyzer,
}

impl Parser {
    fn peek(&self) -> Option<&Lexeme> {
        self.lexemes.get(self.pos)
    }

    fn next(&mut self) -> Option<Lexeme> {
        let l = self.lexemes.get(self.pos).cloned();
        self.pos += 1;
        l
    }

    fn depth_check(&self, depth: usize, at: usize) -> Result<(), QueryError> {
        if depth > MAX_DEPTH {
            Err(QueryError::new("the query is nested too deeply", at, 1))
        } else {
            Ok(())
        }
    }

    fn or(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut items = vec![self.and(depth)?];
        while let Some(l) = self.peek() {
            if l.tok != Tok::Or {
                break;
            }
            self.binary_operator("OR")?;
            items.push(self.and(depth)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    /// Take the operator `name` (`AND`, `OR`) at the position, which a term must follow.
    fn binary_operator(&mut self, name: &str) -> Result<(), QueryError> {
        let op = self
            .next()
            .ok_or_else(|| QueryError::new("internal", 0, 1))?;
        if self.starts_term() {
            Ok(())
        } else {
            Err(QueryError::new(
                format!("{name} needs a term after it"),
                op.at,
                op.len,
            ))
        }
    }

    fn starts_term(&self) -> bool {
        matches!(
            self.peek().map(|l| &l.tok),
            Some(
                Tok::LParen
                    | Tok::Not
                    | Tok::Word(_)
                    | Tok::Prefix(_)
                    | Tok::Phrase(_)
                    | Tok::Field { .. }
            )
        )
    }

    fn and(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut items = vec![self.unary(depth)?];
        loop {
            match self.peek().map(|l| &l.tok) {
                Some(Tok::And) => {
                    self.binary_operator("AND")?;
                    items.push(self.unary(depth)?);
                }
                _ if self.starts_term() => items.push(self.unary(depth)?),
                _ => break,
            }
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, QueryError> {
        if let Some(l) = self.peek() {
            if l.tok == Tok::Not {
                let op = self
                    .next()
                    .ok_or_else(|| QueryError::new("internal", 0, 1))?;
                self.depth_check(depth + 1, op.at)?;
                if !self.starts_term() {
                    return Err(QueryError::new("NOT needs a term after it", op.at, op.len));
                }
                return Ok(Expr::Not(Box::new(self.unary(depth + 1)?)));
            }
        }
        self.primary(depth)
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let Some(l) = self.next() else {
            return Err(QueryError::new("the query ends too early", self.end, 1));
        };
        match l.tok {
            Tok::LParen => {
                self.depth_check(depth + 1, l.at)?;
                if self.peek().is_some_and(|n| n.tok == Tok::RParen) {
                    return Err(QueryError::new("these parentheses are empty", l.at, 2));
                }
                let inner = self.or(depth + 1)?;
                match self.next() {
                    Some(Lexeme {
                        tok: Tok::RParen, ..
                    }) => Ok(inner),
                    _ => Err(QueryError::new(
                        "this '(' is never closed (add a ')')",
                        l.at,
                        1,
                    )),
                }
            }
            Tok::RParen => Err(QueryError::new("this ')' has no matching '('", l.at, 1)),
            Tok::And => Err(QueryError::new("AND needs a term before it", l.at, l.len)),
            Tok::Or => Err(QueryError::new("OR needs a term before it", l.at, l.len)),
            Tok::Not => Err(QueryError::new("NOT needs a term after it", l.at, l.len)),
            Tok::Word(w) | Tok::Phrase(w) => {
                self.searchable(&w, l.at, l.len)?;
                Ok(Expr::Text(w))
            }
            Tok::Prefix(w) => {
                let last = tokenize::tokens(&mut self.analyzer, &w)
                    .pop()
                    .filter(|t| t.offset_to == w.len());
                match last {
                    Some(t) if t.text.chars().count() >= MIN_PREFIX => Ok(Expr::Prefix(w)),
                    _ => Err(QueryError::new(
                        format!(
                            "a wildcard needs at least {MIN_PREFIX} letters or digits right \
                             before the *, as in exploit*"
                        ),
                        l.at,
                        l.len,
                    )),
                }
            }
            Tok::Field {
                name,
                value,
                value_at,
                value_len,
            } => self.field(&name, value, l.at, value_at, value_len),
        }
    }

    /// Words must have a letter or digit to search for.
    fn searchable(&mut self, text: &str, at: usize, len: usize) -> Result<(), QueryError> {
        if tokenize::tokens(&mut self.analyzer, text).is_empty() {
            Err(QueryError::new(
                format!("'{text}' has no letters or digits to search for"),
                at,
                len,
            ))
        } else {
            Ok(())
        }
    }

    fn field(
        &mut self,
        name: &str,
        value: Value,
        at: usize,
        value_at: usize,
        value_len: usize,
    ) -> Result<Expr, QueryError> {
        let field = name.to_ascii_lowercase();
        let err = |msg: String| QueryError::new(msg, value_at, value_len);
        let single = |value: Value| -> Result<String, QueryError> {
            match value {
                Value::Word(w) | Value::Phrase(w) => Ok(w),
                Value::Range { .. } => Err(QueryError::new(
                    format!(
                        "{field}: takes one value, not a range (ranges work for year and wave)"
                    ),
                    value_at,
                    value_len,
                )),
            }
        };
        match field.as_str() {
            "nation" => {
                let v = single(value)?;
                v.parse::<Nation>().map(Expr::Nation).map_err(err)
            }
            "kind" => {
                let v = normalize_kind(&single(value)?);
                if v.is_empty() {
                    return Err(err("kind: needs a value, e.g. kind:guidance".into()));
                }
                Ok(Expr::Kind(v))
            }
            "id" => single(value)?.parse::<DocId>().map(Expr::Id).map_err(err),
            "level" => single(value)?.parse().map(Expr::Level).map_err(err),
            "lang" | "language" => single(value)?.parse().map(Expr::Lang).map_err(err),
            "series" => single(value)?.parse().map(Expr::Series).map_err(err),
            "authority" => {
                let v = super::schema::normalize_name(&single(value)?);
                if v.is_empty() {
                    return Err(err("authority: needs a value, e.g. authority:devon".into()));
                }
                Ok(Expr::Authority(v))
            }
            "title" => {
                let v = single(value)?;
                self.searchable(&v, value_at, value_len)?;
                Ok(Expr::Title(v))
            }
            "publisher" => {
                let v = single(value)?;
                self.searchable(&v, value_at, value_len)?;
                Ok(Expr::Publisher(v))
            }
            "year" | "wave" => {
                let (lo, hi) = year_bounds(&field, value).map_err(err)?;
                Ok(if field == "year" {
                    Expr::Year(lo, hi)
                } else {
                    Expr::Wave(lo, hi)
                })
            }
            _ => Err(QueryError::new(
                format!("unknown field '{name}'"),
                at,
                name.len(),
            )),
        }
    }
}

/// The bounds of `year:2020`, `year:[2018 TO 2022]`, `year:{2018 TO *]`, …
fn year_bounds(field: &str, value: Value) -> Result<(Bound<u64>, Bound<u64>), String> {
    let number = |s: &str| -> Result<u64, String> {
        let t = s.trim();
        if !(t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())) {
            return Err(format!("{field}: '{t}' is not a year (expected e.g. 2020)"));
        }
        t.parse::<u64>()
            .map_err(|_| format!("{field}: '{t}' is not a year (expected e.g. 2020)"))
    };
    match value {
        Value::Word(w) | Value::Phrase(w) => {
            let y = number(&w)?;
            if field == "year" {
                // Same check as the catalogue, so an impossible year is said, not silently empty.
                w.parse::<Year>().map_err(|e| format!("{field}: {e}"))?;
            }
            Ok((Bound::Included(y), Bound::Included(y)))
        }
        Value::Range {
            from,
            to,
            from_inclusive,
            to_inclusive,
        } => {
            let bound = |s: &str, inclusive: bool| -> Result<Bound<u64>, String> {
                if s == "*" {
                    Ok(Bound::Unbounded)
                } else if inclusive {
                    number(s).map(Bound::Included)
                } else {
                    number(s).map(Bound::Excluded)
                }
            };
            let lo = bound(&from, from_inclusive)?;
            let hi = bound(&to, to_inclusive)?;
            let (Bound::Included(a) | Bound::Excluded(a)) = lo else {
                return Ok((lo, hi));
            };
            let (Bound::Included(b) | Bound::Excluded(b)) = hi else {
                return Ok((lo, hi));
            };
            if a > b {
                return Err(format!(
                    "{field}: the range runs backwards ({a} is after {b}); write [{b} TO {a}]"
                ));
            }
            Ok((lo, hi))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Tantivy query

struct Builder<'a> {
    fields: &'a Fields,
    searcher: &'a Searcher,
    stem: bool,
    split: TextAnalyzer,
    joined: TextAnalyzer,
}

/// A filter matches without adding to the relevance score.
fn filter(q: Box<dyn TantivyQuery>) -> Box<dyn TantivyQuery> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

/// Pages whose keyword `field` is exactly `value`, as a filter.
fn keyword(field: Field, value: &str) -> Box<dyn TantivyQuery> {
    filter(Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    )))
}

fn terms_query(field: Field, words: &[String]) -> Box<dyn TantivyQuery> {
    let terms: Vec<Term> = words
        .iter()
        .map(|w| Term::from_field_text(field, w))
        .collect();
    match terms.as_slice() {
        [one] => Box::new(TermQuery::new(
            one.clone(),
            IndexRecordOption::WithFreqsAndPositions,
        )),
        // `searchable` guarantees at least one token; two or more are a phrase.
        _ => Box::new(PhraseQuery::new(terms)),
    }
}

impl Builder<'_> {
    fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        tokenize::tokens(analyzer, text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    /// The body fields searched (split and joined readings), stemmed or not.
    fn body_fields(&self, stem: bool) -> [Field; 2] {
        let f = self.fields;
        if stem {
            [f.body_stem, f.body_joined_stem]
        } else {
            [f.body, f.body_joined]
        }
    }

    /// Every indexed word of `field` that starts with `prefix`, over all segments.
    fn expand(&self, field: Field, prefix: &str) -> Result<Vec<String>, String> {
        let mut words = std::collections::BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field).map_err(|e| e.to_string())?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(|e| e.to_string())?;
            while stream.advance() {
                let Ok(word) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !word.starts_with(prefix) {
                    break;
                }
                words.insert(word.to_string());
                if words.len() > MAX_EXPANSIONS {
                    return Err(format!(
                        "'{prefix}*' stands for more than {MAX_EXPANSIONS} different words; \
                         give more letters before the *"
                    ));
                }
            }
        }
        Ok(words.into_iter().collect())
    }

    fn build(&mut self, e: &Expr) -> Result<Box<dyn TantivyQuery>, String> {
        let f = self.fields;
        Ok(match e {
            Expr::Text(t) => {
                let [split_field, joined_field] = self.body_fields(self.stem);
                let split = Self::words(&mut self.split, t);
                let joined = Self::words(&mut self.joined, t);
                if split.is_empty() {
                    return Ok(Box::new(tantivy::query::EmptyQuery));
                }
                // Either reading of the page may match; the better match scores. A phrase
                // may also run over the page break into the next page (see
                // `schema::Fields::cross`): it is found on the page where it starts.
                let mut readings = vec![
                    terms_query(split_field, &split),
                    terms_query(joined_field, &joined),
                ];
                let stem = usize::from(self.stem) * 2;
                for (words, reading) in [(&split, stem), (&joined, stem + 1)] {
                    let cross = words
                        .len()
                        .checked_sub(2)
                        .and_then(|k| f.cross.get(k))
                        .and_then(|fields| fields.get(reading));
                    if let Some(&field) = cross {
                        readings.push(terms_query(field, words));
                    }
                }
                Box::new(DisjunctionMaxQuery::new(readings))
            }
            Expr::Prefix(t) => {
                // Prefixes are matched against the words as written, never stems.
                let mut plain = tokenize::analyzer(Reading::Split, false);
                let mut words = Self::words(&mut plain, t);
                let Some(last) = words.pop() else {
                    return Ok(Box::new(tantivy::query::EmptyQuery));
                };
                let mut readings: Vec<Box<dyn TantivyQuery>> = Vec::new();
                for field in self.body_fields(false) {
                    let alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = self
                        .expand(field, &last)?
                        .into_iter()
                        .map(|w| {
                            let mut phrase = words.clone();
                            phrase.push(w);
                            (Occur::Should, terms_query(field, &phrase))
                        })
                        .collect();
                    readings.push(Box::new(BooleanQuery::new(alternatives)));
                }
                Box::new(DisjunctionMaxQuery::new(readings))
            }
            Expr::Title(t) | Expr::Publisher(t) => {
                let field = if matches!(e, Expr::Title(_)) {
                    f.title
                } else {
                    f.publisher
                };
                let mut plain = tokenize::analyzer(Reading::Split, false);
                let words = Self::words(&mut plain, t);
                if words.is_empty() {
                    return Ok(Box::new(tantivy::query::EmptyQuery));
                }
                filter(terms_query(field, &words))
            }
            Expr::Nation(n) => keyword(f.nation, n.as_str()),
            Expr::Kind(k) => keyword(f.kind, k),
            Expr::Level(l) => keyword(f.level, l.as_str()),
            Expr::Series(s) => keyword(f.series, s.as_str()),
            Expr::Authority(a) => keyword(f.authority, a),
            Expr::Lang(l) => keyword(f.lang, l.as_str()),
            Expr::Id(id) => keyword(f.id, id.as_str()),
            Expr::Year(lo, hi) => filter(range(f.year, *lo, *hi)),
            Expr::Wave(lo, hi) => filter(range(f.wave, *lo, *hi)),
            Expr::And(items) => {
                let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
                for item in items {
                    match item {
                        Expr::Not(inner) => clauses.push((Occur::MustNot, self.build(inner)?)),
                        other => clauses.push((Occur::Must, self.build(other)?)),
                    }
                }
                if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
                    clauses.push((Occur::Must, filter(Box::new(AllQuery))));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Or(items) => {
                let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
                for item in items {
                    clauses.push((Occur::Should, self.build(item)?));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, filter(Box::new(AllQuery))),
                (Occur::MustNot, self.build(inner)?),
            ])),
        })
    }
}

fn range(field: Field, lo: Bound<u64>, hi: Bound<u64>) -> Box<dyn TantivyQuery> {
    let term = |b: Bound<u64>| match b {
        Bound::Included(v) => Bound::Included(Term::from_field_u64(field, v)),
        Bound::Excluded(v) => Bound::Excluded(Term::from_field_u64(field, v)),
        Bound::Unbounded => Bound::Unbounded,
    };
    match (lo, hi) {
        (Bound::Included(a), Bound::Included(b)) if a == b => Box::new(TermQuery::new(
            Term::from_field_u64(field, a),
            IndexRecordOption::Basic,
        )),
        _ => Box::new(RangeQuery::new(term(lo), term(hi))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Expr {
        match Query::parse(s, false) {
            Ok(q) => q.expr,
            Err(e) => panic!("{s:?}: {}", e.render(s)),
        }
    }

    fn text(s: &str) -> Expr {
        Expr::Text(s.into())
    }

    #[test]
    fn parses() {
        let cases: Vec<(&str, Expr)> = vec![
            ("gangs", text("gangs")),
            ("\"county lines\"", text("county lines")),
            ("trauma-informed", text("trauma-informed")),
            ("a b", Expr::And(vec![text("a"), text("b")])),
            ("a AND b", Expr::And(vec![text("a"), text("b")])),
            (
                "a and b",
                Expr::And(vec![text("a"), text("and"), text("b")]),
            ),
            (
                "a b OR c",
                Expr::Or(vec![Expr::And(vec![text("a"), text("b")]), text("c")]),
            ),
            (
                "a (b OR c)",
                Expr::And(vec![text("a"), Expr::Or(vec![text("b"), text("c")])]),
            ),
            ("NOT a", Expr::Not(Box::new(text("a")))),
            (
                "a -b",
                Expr::And(vec![text("a"), Expr::Not(Box::new(text("b")))]),
            ),
            ("nation:NI", Expr::Nation(Nation::NorthernIreland)),
            (
                "nation:\"Northern Ireland\"",
                Expr::Nation(Nation::NorthernIreland),
            ),
            ("NATION:Wales", Expr::Nation(Nation::Wales)),
            (
                "kind:Statutory_Guidance",
                Expr::Kind("statutory-guidance".into()),
            ),
            (
                "year:2020",
                Expr::Year(Bound::Included(2020), Bound::Included(2020)),
            ),
            (
                "year:[2018 TO 2022]",
                Expr::Year(Bound::Included(2018), Bound::Included(2022)),
            ),
            (
                "year:{2018 to *]",
                Expr::Year(Bound::Excluded(2018), Bound::Unbounded),
            ),
            (
                "wave:2022",
                Expr::Wave(Bound::Included(2022), Bound::Included(2022)),
            ),
            (
                "title:\"keeping children\"",
                Expr::Title("keeping children".into()),
            ),
            (
                "section 17:30",
                Expr::And(vec![text("section"), text("17:30")]),
            ),
        ];
        for (q, want) in cases {
            assert_eq!(parse(q), want, "{q}");
        }
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            ("\"county lines", 0, "never closed"),
            ("gangs \"county", 6, "never closed"),
            ("natoin:wales", 0, "unknown field 'natoin'"),
            ("nation:france", 7, "unknown nation"),
            ("year:[2022 TO 2018]", 5, "backwards"),
            ("year:[2018 2022]", 5, "a range is written"),
            ("year:[2018 TO 2022", 5, "never closed"),
            ("year:20x0", 5, "not a year"),
            ("year:1850", 5, "out of range"),
            ("nation:[a TO b]", 7, "not a range"),
            ("(gangs", 0, "never closed"),
            ("gangs)", 5, "no matching"),
            ("gangs AND", 6, "AND needs a term after"),
            ("OR gangs", 0, "OR needs a term before"),
            ("gangs NOT", 6, "NOT needs a term after"),
            ("", 0, "empty"),
            ("   ", 0, "empty"),
            ("& gangs", 0, "no letters or digits"),
            ("nation:", 0, "needs a value"),
            ("ex*", 0, "at least 3"),
            ("*", 0, "at least 3"),
            ("exp*oit", 0, "can only end a word"),
            ("exploit-*", 0, "at least 3"),
            ("()", 0, "empty"),
            ("\"\"", 0, "empty"),
            ("id:xyz", 3, "not a document id"),
        ];
        for (q, at, msg) in cases {
            match Query::parse(q, false) {
                Ok(e) => panic!("{q:?} parsed as {e:?}"),
                Err(e) => {
                    assert_eq!(e.at, at, "{q:?}: {e:?}");
                    assert!(e.message.contains(msg), "{q:?}: {e:?}");
                    let shown = e.render(q);
                    assert!(shown.contains("fields: nation, year"), "{shown}");
                }
            }
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let q = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(Query::parse(&q, false).is_err());
        let q = format!("{}a", "NOT ".repeat(10_000));
        assert!(Query::parse(&q, false).is_err());
    }

    #[test]
    fn render_marks_the_spot() {
        let q = "gangs natoin:wales";
        let e = Query::parse(q, false).unwrap_err();
        let shown = e.render(q);
        assert!(
            shown.contains("\n  gangs natoin:wales\n        ^^^^^^\n"),
            "{shown}"
        );
    }

    #[test]
    fn scored_only_with_words_outside_not() {
        for (q, scored) in [
            ("gangs", true),
            ("gangs -knives", true),
            ("nation:wales exploit*", true),
            ("nation:wales", false),
            ("NOT gangs", false),
            ("-gangs -knives year:2020", false),
            ("nation:wales OR NOT gangs", false),
        ] {
            assert_eq!(Query::parse(q, false).unwrap().is_scored(), scored, "{q}");
        }
    }

    #[test]
    fn snippet_texts_skip_negated() {
        let q = Query::parse("a (b OR NOT c) nation:wales", false).unwrap();
        assert_eq!(q.positive_texts(), [("a", false), ("b", false)]);
        let q = Query::parse("exploit* NOT gangs", false).unwrap();
        assert_eq!(q.positive_texts(), [("exploit", true)]);
    }
}
