//! The index schema: one tantivy document per page of a stored document.

use super::tokenize;
use crate::model::Document;
use crate::model::PageText;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::TantivyDocument;

/// Bumped whenever the schema or the analyzers change: an index written with another
/// version is rebuilt.
pub const FORMAT: u32 = 5;

/// Typed handles to every field (built once from the schema).
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Document id (raw, exact).
    pub id: Field,
    pub title: Field,
    /// Canonical nation name (raw, exact).
    pub nation: Field,
    pub year: Field,
    /// Absent when the document has no wave.
    pub wave: Field,
    /// Kind normalised by [`normalize_kind`] (raw, exact).
    pub kind: Field,
    pub publisher: Field,
    /// `national`, `regional` or `local` (raw, exact).
    pub level: Field,
    /// Authority normalised by [`normalize_name`] (raw, exact); absent when none.
    pub authority: Field,
    /// Series id (raw, exact); absent when none.
    pub series: Field,
    /// Each language with text on the page (`en`, `cy`; raw, exact): `lang:cy`.
    pub lang: Field,
    /// One `name=value` per document variable, the value normalised by [`normalize_name`].
    pub var: Field,
    /// 1-based page number.
    pub page: Field,
    /// Page body, split reading; the stored copy is the original body text.
    pub body: Field,
    /// Page body, joined reading (see `tokenize`).
    pub body_joined: Field,
    pub body_stem: Field,
    pub body_joined_stem: Field,
    /// The beginning of the next page's body (stored only), for snippets of a phrase that
    /// runs over the page break.
    pub next: Field,
    /// Page breaks, for phrases of `n` words (`cross[n - 2]`): the last `n - 1` words of the
    /// page and the first `n - 1` of the next, in the four readings of [`Fields::readings`]
    /// order (split, joined, split stemmed, joined stemmed). A phrase of `n` words cannot fit
    /// on one side, so a match there always starts on this page and ends on the next.
    pub cross: [[Field; 4]; CROSS_MAX - 1],
}

/// Longest phrase (in words) found across a page break.
pub const CROSS_MAX: usize = 6;

/// The analyzers of the four readings of a cross field, in `Fields::cross` order.
const CROSS_ANALYZERS: [&str; 4] = [
    tokenize::SPLIT,
    tokenize::JOINED,
    tokenize::SPLIT_STEM,
    tokenize::JOINED_STEM,
];

fn text(analyzer: &str, stored: bool) -> TextOptions {
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored {
        opts.set_stored()
    } else {
        opts
    }
}

/// The schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text(tokenize::SPLIT, false)),
        nation: b.add_text_field("nation", STRING),
        year: b.add_u64_field("year", INDEXED | FAST),
        wave: b.add_u64_field("wave", INDEXED | FAST),
        kind: b.add_text_field("kind", STRING),
        publisher: b.add_text_field("publisher", text(tokenize::SPLIT, false)),
        level: b.add_text_field("level", STRING),
        authority: b.add_text_field("authority", STRING),
        series: b.add_text_field("series", STRING),
        var: b.add_text_field("var", STRING),
        lang: b.add_text_field("lang", STRING),
        page: b.add_u64_field("page", STORED),
        body: b.add_text_field("body", text(tokenize::SPLIT, true)),
        body_joined: b.add_text_field("body_joined", text(tokenize::JOINED, false)),
        body_stem: b.add_text_field("body_stem", text(tokenize::SPLIT_STEM, false)),
        body_joined_stem: b.add_text_field("body_joined_stem", text(tokenize::JOINED_STEM, false)),
        next: b.add_text_field("next", STORED),
        cross: std::array::from_fn(|k| {
            std::array::from_fn(|r| {
                let analyzer = CROSS_ANALYZERS.get(r).copied().unwrap_or(tokenize::SPLIT);
                b.add_text_field(&format!("cross{}_{analyzer}", k + 2), text(analyzer, false))
            })
        }),
    };
    (b.build(), fields)
}

/// A document kind as stored and queried: lower case, runs of spaces and underscores as one
/// hyphen ("Statutory Guidance" and `statutory-guidance` are the same kind).
pub fn normalize_kind(kind: &str) -> String {
    let mut out = String::new();
    for word in kind
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// A free-text name as stored and queried exactly: lower case, whitespace runs as one space
/// ("North  Lanarkshire" and "north lanarkshire" are the same authority).
pub fn normalize_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Byte offsets of the split-reading tokens of `text`.
fn token_spans(text: &str) -> Vec<(usize, usize)> {
    let mut analyzer = tokenize::analyzer(tokenize::Reading::Split, false);
    tokenize::tokens(&mut analyzer, text)
        .into_iter()
        .map(|t| (t.offset_from, t.offset_to))
        .collect()
}

/// The text of a page break for phrases of `n` words: the last `n - 1` words of `tail`'s
/// page, a line break, the first `n - 1` words of the next page.
fn cross_text(
    body: &str,
    spans: &[(usize, usize)],
    next: &str,
    nspans: &[(usize, usize)],
    n: usize,
) -> String {
    let keep = n - 1;
    let from = spans
        .len()
        .checked_sub(keep)
        .and_then(|k| spans.get(k))
        .map_or(0, |s| s.0);
    let to = nspans
        .get(keep.min(nspans.len()).saturating_sub(1))
        .map_or(0, |s| s.1);
    let mut t = String::new();
    t.push_str(body.get(from..).unwrap_or(""));
    t.push('\n');
    t.push_str(next.get(..to).unwrap_or(""));
    t
}

/// The tantivy documents for every page of `doc`. A page's cross fields and stored `next`
/// come from the next page of the same document only: no phrase spans two documents.
pub fn page_docs(fields: &Fields, doc: &Document, pages: &[PageText]) -> Vec<TantivyDocument> {
    let spans: Vec<Vec<(usize, usize)>> = pages.iter().map(|p| token_spans(&p.body)).collect();
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut d = TantivyDocument::default();
            d.add_text(fields.id, doc.id.as_str());
            d.add_text(fields.title, &doc.meta.title);
            d.add_text(fields.nation, doc.meta.nation.as_str());
            d.add_u64(fields.year, u64::from(doc.meta.year.get()));
            if let Some(w) = doc.meta.wave {
                d.add_u64(fields.wave, u64::from(w.get()));
            }
            if let Some(k) = &doc.meta.kind {
                d.add_text(fields.kind, normalize_kind(k));
            }
            if let Some(p) = &doc.meta.publisher {
                d.add_text(fields.publisher, p);
            }
            d.add_text(fields.level, doc.meta.level.as_str());
            if let Some(a) = &doc.meta.authority {
                d.add_text(fields.authority, normalize_name(a.as_str()));
            }
            if let Some(s) = &doc.meta.series {
                d.add_text(fields.series, s.as_str());
            }
            for (name, value) in &doc.meta.vars {
                d.add_text(fields.var, format!("{name}={}", normalize_name(value)));
            }
            let mut langs: Vec<crate::language::Lang> = crate::language::spans(page)
                .iter()
                .filter(|s| s.end > s.start)
                .map(|s| s.lang)
                .collect();
            langs.sort();
            langs.dedup();
            for l in langs {
                d.add_text(fields.lang, l.as_str());
            }
            d.add_u64(fields.page, i as u64 + 1);
            d.add_text(fields.body, &page.body);
            d.add_text(fields.body_stem, &page.body);
            // Every page gets the joined reading, even where it equals the split one, so
            // both fields have the same statistics and a page's score does not depend on
            // whether it happens to contain a line-end hyphen.
            d.add_text(fields.body_joined, &page.body);
            d.add_text(fields.body_joined_stem, &page.body);
            if let (Some(next), Some(sp), Some(nsp)) =
                (pages.get(i + 1), spans.get(i), spans.get(i + 1))
            {
                if !sp.is_empty() && !nsp.is_empty() {
                    let head = cross_text("", &[], &next.body, nsp, CROSS_MAX);
                    d.add_text(fields.next, head.trim_start());
                    for (k, readings) in fields.cross.iter().enumerate() {
                        let text = cross_text(&page.body, sp, &next.body, nsp, k + 2);
                        for field in readings {
                            d.add_text(*field, &text);
                        }
                    }
                }
            }
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{normalize_kind, normalize_name};

    #[test]
    fn kinds_normalise() {
        for (kind, want) in [
            ("Statutory Guidance", "statutory-guidance"),
            (" statutory_guidance ", "statutory-guidance"),
            ("statutory-guidance", "statutory-guidance"),
            ("Policy", "policy"),
        ] {
            assert_eq!(normalize_kind(kind), want, "{kind:?}");
        }
    }

    #[test]
    fn names_normalise() {
        assert_eq!(normalize_name(" North  Lanarkshire "), "north lanarkshire");
    }
}
