//! Which documents a command reads: the filters of `../shared/spec/cli.md` (*Selecting
//! documents*), parsed once into a [`Selection`] and applied to the catalogue.
//!
//! Filters combine with AND; the values of one filter (a comma list, or the flag repeated)
//! combine with OR. The same type is built from command-line flags (`--nation wales,scotland
//! --year 2018-2022`) and from `compare`'s `field:value` lists ([`Selection::from_filters`]).

use crate::error::{Error, Result};
use crate::model::{Document, Level, Nation, SeriesId, VarAssign, Wave, Year};
use std::fmt;
use std::str::FromStr;

/// An inclusive range of years: `2019` or `2018-2022`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRange {
    pub from: Year,
    pub to: Year,
}

impl YearRange {
    pub fn contains(&self, y: Year) -> bool {
        self.from <= y && y <= self.to
    }
}

impl FromStr for YearRange {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let s = s.trim();
        let parse = |t: &str| t.trim().trim_start_matches('.').parse::<Year>();
        match s.split_once(['-', ':']).or_else(|| s.split_once("..")) {
            Some((a, b)) => {
                let (from, to) = (parse(a)?, parse(b)?);
                if from > to {
                    return Err(format!(
                        "the range {from}-{to} is empty (write it low-high)"
                    ));
                }
                Ok(YearRange { from, to })
            }
            None => parse(s).map(|y| YearRange { from: y, to: y }),
        }
    }
}

impl fmt::Display for YearRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

/// The documents a command reads. The default selects every document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub nations: Vec<Nation>,
    pub years: Vec<YearRange>,
    pub waves: Vec<Wave>,
    /// Compared case-insensitively.
    pub kinds: Vec<String>,
    /// Compared case-insensitively.
    pub publishers: Vec<String>,
    pub levels: Vec<Level>,
    pub series: Vec<SeriesId>,
    /// `NAME=VALUE`: values of one name are OR, names are AND; values compared
    /// case-insensitively; an empty value selects the documents without that variable.
    pub vars: Vec<VarAssign>,
    /// For each series only the edition in force in this year (the latest published in or
    /// before it, by year then date), plus every document outside a series published in or
    /// before it (`crate::editions::as_of`).
    pub as_of: Option<Year>,
}

/// The field names `field:value` filters accept, for error messages.
pub const FIELDS: &str = "nation, year, wave, kind, publisher, level, series, var, as-of";

impl Selection {
    /// True when no filter is set (every document is selected).
    pub fn is_all(&self) -> bool {
        *self == Selection::default()
    }

    /// Does `d` pass every filter?
    pub fn matches(&self, d: &Document) -> bool {
        let any_text = |wanted: &[String], have: Option<&str>| {
            wanted.is_empty()
                || have.is_some_and(|h| wanted.iter().any(|w| w.eq_ignore_ascii_case(h.trim())))
        };
        (self.nations.is_empty() || self.nations.contains(&d.meta.nation))
            && (self.years.is_empty() || self.years.iter().any(|r| r.contains(d.meta.year)))
            && (self.waves.is_empty() || d.meta.wave.is_some_and(|w| self.waves.contains(&w)))
            && any_text(&self.kinds, d.meta.kind.as_deref())
            && any_text(&self.publishers, d.meta.publisher.as_deref())
            && (self.levels.is_empty() || self.levels.contains(&d.meta.level))
            && (self.series.is_empty()
                || d.meta
                    .series
                    .as_ref()
                    .is_some_and(|s| self.series.contains(s)))
            && self.vars_match(d)
    }

    /// Every variable named in the filters has one of the values asked for.
    fn vars_match(&self, d: &Document) -> bool {
        self.vars.iter().all(|want| {
            self.vars.iter().filter(|v| v.name == want.name).any(|v| {
                let have = d.meta.vars.get(&v.name).map_or("", |h| h.trim());
                have.eq_ignore_ascii_case(v.value.trim())
            })
        })
    }

    /// The selected documents, in the order given.
    pub fn apply<'a>(&self, docs: &'a [Document]) -> Vec<&'a Document> {
        let in_force = self.as_of.map(|y| crate::editions::as_of(docs, y.get()));
        docs.iter()
            .enumerate()
            .filter(|(i, d)| {
                in_force
                    .as_ref()
                    .is_none_or(|keep| keep.get(*i).copied().unwrap_or(false))
                    && self.matches(d)
            })
            .map(|(_, d)| d)
            .collect()
    }

    /// Parse `field:value` filters separated by commas (`wave:2020,year:2010-2019`), as
    /// `compare --a/--b` takes them. A field given twice is an OR of its values.
    pub fn from_filters(s: &str) -> Result<Selection> {
        let mut sel = Selection::default();
        let mut any = false;
        for item in s.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let Some((field, value)) = item.split_once([':', '=']) else {
                return Err(Error::Usage(format!(
                    "'{item}' is not a filter: write field:value, e.g. wave:2020 (fields: {FIELDS})"
                )));
            };
            sel.add(field, value)?;
            any = true;
        }
        if !any {
            return Err(Error::Usage(format!(
                "no filter given: write field:value pairs separated by commas, e.g. \
                 wave:2020,nation:wales (fields: {FIELDS})"
            )));
        }
        Ok(sel)
    }

    /// Add one value of one field (`nation`, `wales`).
    pub fn add(&mut self, field: &str, value: &str) -> Result<()> {
        let value = value.trim();
        let bad = |e: String| Error::Usage(format!("{field}:{value}: {e}"));
        match field.trim().to_ascii_lowercase().as_str() {
            "nation" => self.nations.push(value.parse().map_err(bad)?),
            "year" => self.years.push(value.parse().map_err(bad)?),
            "wave" => self.waves.push(value.parse().map_err(bad)?),
            "kind" => self.kinds.push(value.to_string()),
            "publisher" => self.publishers.push(value.to_string()),
            "level" => self.levels.push(value.parse().map_err(bad)?),
            "series" => self.series.push(value.parse().map_err(bad)?),
            "var" => self.vars.push(value.parse().map_err(bad)?),
            "as-of" | "as_of" | "asof" => {
                let y: Year = value.parse().map_err(bad)?;
                if self.as_of.is_some_and(|a| a != y) {
                    return Err(Error::Usage(format!(
                        "as-of is given twice ({} and {y}): one year only",
                        self.as_of.map_or(String::new(), |a| a.to_string())
                    )));
                }
                self.as_of = Some(y);
            }
            other => {
                return Err(Error::Usage(format!(
                    "unknown field '{other}' in a filter (fields: {FIELDS})"
                )))
            }
        }
        Ok(())
    }

    /// The filters in `field:value` form (`nation:wales,year:2018-2022`), for messages.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.nations.iter().map(|n| format!("nation:{n}")));
        parts.extend(self.years.iter().map(|y| format!("year:{y}")));
        parts.extend(self.waves.iter().map(|w| format!("wave:{w}")));
        parts.extend(self.kinds.iter().map(|k| format!("kind:{k}")));
        parts.extend(self.publishers.iter().map(|p| format!("publisher:{p}")));
        parts.extend(self.levels.iter().map(|l| format!("level:{l}")));
        parts.extend(self.series.iter().map(|s| format!("series:{s}")));
        parts.extend(
            self.vars
                .iter()
                .map(|v| format!("var:{}={}", v.name, v.value)),
        );
        parts.extend(self.as_of.iter().map(|y| format!("as-of:{y}")));
        if parts.is_empty() {
            "every document".to_string()
        } else {
            parts.join(",")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, DocMeta, Quality};

    fn doc(n: u8, nation: &str, year: u16, wave: Option<u16>, kind: Option<&str>) -> Document {
        Document {
            id: DocId::from_bytes(&[n]),
            meta: DocMeta {
                title: format!("doc {n}"),
                nation: nation.parse().unwrap(),
                year: Year::new(year).unwrap(),
                publisher: Some("Welsh Government".into()),
                kind: kind.map(String::from),
                url: None,
                wave: wave.map(|w| Wave::try_from(w).unwrap()),
                retrieved: None,
                level: Default::default(),
                authority: None,
                series: None,
                date: None,
                vars: Default::default(),
            },
            file: format!("{n}.pdf"),
            bytes: 1,
            pages: 1,
            words: 10,
            words_by_language: Default::default(),
            text_sha256: String::new(),
            extractor: 1,
            quality: Quality::default(),
        }
    }

    fn docs() -> Vec<Document> {
        vec![
            doc(1, "wales", 2017, Some(2020), Some("guidance")),
            doc(2, "wales", 2019, Some(2020), None),
            doc(3, "england", 2021, Some(2022), Some("Statutory-Guidance")),
            doc(4, "scotland", 2021, None, Some("guidance")),
        ]
    }

    fn ids(sel: &Selection, docs: &[Document]) -> Vec<String> {
        sel.apply(docs)
            .iter()
            .map(|d| d.meta.title.clone())
            .collect()
    }

    #[test]
    fn filters_and_across_fields_or_within_one() {
        let d = docs();
        assert_eq!(ids(&Selection::default(), &d).len(), 4);
        let s = Selection::from_filters("nation:wales,nation:scotland,year:2018-2022").unwrap();
        assert_eq!(ids(&s, &d), ["doc 2", "doc 4"]);
        let s = Selection::from_filters("wave:2020").unwrap();
        assert_eq!(ids(&s, &d), ["doc 1", "doc 2"]);
        // Case-insensitive kind; a document without a kind never matches a kind filter.
        let s = Selection::from_filters("kind:statutory-guidance").unwrap();
        assert_eq!(ids(&s, &d), ["doc 3"]);
        let s = Selection::from_filters("kind:guidance, publisher:welsh government").unwrap();
        assert_eq!(ids(&s, &d), ["doc 1", "doc 4"]);
        // A document without a wave is never in a wave.
        let s = Selection::from_filters("wave:2022,wave:2020,nation:scotland").unwrap();
        assert!(ids(&s, &d).is_empty());
    }

    #[test]
    fn bad_filters_are_usage_errors() {
        for bad in [
            "",
            " , ",
            "wales",
            "nation:atlantis",
            "year:2022-2018",
            "colour:red",
            "year:1066",
        ] {
            let e = Selection::from_filters(bad).unwrap_err();
            assert!(matches!(e, Error::Usage(_)), "{bad}: {e}");
        }
    }

    #[test]
    fn describe_round_trips() {
        let s =
            Selection::from_filters("nation:wales,year:2018-2022,wave:2020,kind:guidance").unwrap();
        assert_eq!(Selection::from_filters(&s.describe()).unwrap(), s);
        assert_eq!(Selection::default().describe(), "every document");
    }
}
