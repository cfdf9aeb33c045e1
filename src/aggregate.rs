//! Occurrence counts + document metadata → counts by any grouping. Pure: no I/O, no printing.
//!
//! # API
//!
//! - [`GroupBy`]: `document | nation | year | nation,year | wave` (`FromStr`/`Display`), with
//!   [`GroupBy::columns`], the group's leading output columns.
//! - [`aggregate`]`(documents, counts, concepts, by) -> Vec<GroupCount>`: `counts[d][c]` is the
//!   number of occurrences of concept `c` in `documents[d]` (as from
//!   [`crate::matcher::Matcher::count_in_document`]). One row per (group, concept), zeros
//!   included; groups are those that hold at least one document, in key order (nations in
//!   [`Nation::ALL`] order, years ascending, documents in catalogue order, documents without a
//!   wave last); concepts in lexicon order within each group.
//! - [`per_10k`]: the rate used in every row.
//!
//! Measures of a [`GroupCount`]: `documents` in the group, `documents_mentioning` the concept
//! at least once, `count` of occurrences, `words` in the group's documents (the catalogue's
//! word counts, [`crate::normalize::word_count`]), and `per_10k_words` = count × 10,000 / words
//! (0 when there are no words), rounded to 3 decimals.

use crate::model::{Document, Nation, Wave, Year};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// How `count` groups documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    #[default]
    Document,
    Nation,
    Year,
    NationYear,
    Wave,
}

impl GroupBy {
    /// The columns that identify a group in output, before `concept`.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            GroupBy::Document => &["id", "title", "nation", "year", "wave"],
            GroupBy::Nation => &["nation"],
            GroupBy::Year => &["year"],
            GroupBy::NationYear => &["nation", "year"],
            GroupBy::Wave => &["wave"],
        }
    }
}

impl FromStr for GroupBy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        Ok(match key.as_str() {
            "document" | "doc" | "documents" => GroupBy::Document,
            "nation" => GroupBy::Nation,
            "year" => GroupBy::Year,
            "nation,year" | "nation-year" | "year,nation" => GroupBy::NationYear,
            "wave" => GroupBy::Wave,
            _ => {
                return Err(format!(
                    "unknown grouping '{}' (expected document, nation, year, nation,year or wave)",
                    s.trim()
                ))
            }
        })
    }
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GroupBy::Document => "document",
            GroupBy::Nation => "nation",
            GroupBy::Year => "year",
            GroupBy::NationYear => "nation,year",
            GroupBy::Wave => "wave",
        })
    }
}

/// What identifies a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupKey {
    /// Index into the documents slice.
    Document(usize),
    Nation(Nation),
    Year(Year),
    NationYear(Nation, Year),
    /// `None` for documents without a wave (sorted last).
    Wave(WaveKey),
}

/// A wave, with documents that have none sorted after every wave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WaveKey {
    Wave(Wave),
    None,
}

impl WaveKey {
    pub fn wave(self) -> Option<Wave> {
        match self {
            WaveKey::Wave(w) => Some(w),
            WaveKey::None => None,
        }
    }
}

/// One (group, concept) row.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupCount {
    pub key: GroupKey,
    /// Index into the lexicon's concepts.
    pub concept: usize,
    pub documents: u64,
    pub documents_mentioning: u64,
    pub count: u64,
    pub words: u64,
    pub per_10k_words: f64,
}

/// Occurrences per 10,000 words, rounded to 3 decimals; 0 when there are no words.
pub fn per_10k(count: u64, words: u64) -> f64 {
    if words == 0 {
        return 0.0;
    }
    let r = count as f64 * 10_000.0 / words as f64;
    (r * 1000.0).round() / 1000.0
}

fn key_of(i: usize, d: &Document, by: GroupBy) -> GroupKey {
    match by {
        GroupBy::Document => GroupKey::Document(i),
        GroupBy::Nation => GroupKey::Nation(d.meta.nation),
        GroupBy::Year => GroupKey::Year(d.meta.year),
        GroupBy::NationYear => GroupKey::NationYear(d.meta.nation, d.meta.year),
        GroupBy::Wave => GroupKey::Wave(d.meta.wave.map_or(WaveKey::None, WaveKey::Wave)),
    }
}

/// Counts by group (see the module documentation). `counts[d]` shorter than `concepts` is
/// read as zeros; `counts` shorter than `documents` likewise.
pub fn aggregate(
    documents: &[Document],
    counts: &[Vec<u64>],
    concepts: usize,
    by: GroupBy,
) -> Vec<GroupCount> {
    #[derive(Default)]
    struct Acc {
        documents: u64,
        words: u64,
        count: Vec<u64>,
        mentioning: Vec<u64>,
    }
    let mut groups: BTreeMap<GroupKey, Acc> = BTreeMap::new();
    for (i, d) in documents.iter().enumerate() {
        let acc = groups.entry(key_of(i, d, by)).or_insert_with(|| Acc {
            count: vec![0; concepts],
            mentioning: vec![0; concepts],
            ..Acc::default()
        });
        acc.documents += 1;
        acc.words += d.words;
        let row = counts.get(i).map(Vec::as_slice).unwrap_or(&[]);
        for c in 0..concepts {
            let n = row.get(c).copied().unwrap_or(0);
            acc.count[c] += n;
            if n > 0 {
                acc.mentioning[c] += 1;
            }
        }
    }
    let mut out = Vec::with_capacity(groups.len() * concepts);
    for (key, acc) in groups {
        for c in 0..concepts {
            out.push(GroupCount {
                key,
                concept: c,
                documents: acc.documents,
                documents_mentioning: acc.mentioning[c],
                count: acc.count[c],
                words: acc.words,
                per_10k_words: per_10k(acc.count[c], acc.words),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, DocMeta, Quality};

    fn doc(n: u8, nation: &str, year: &str, wave: Option<&str>, words: u64) -> Document {
        Document {
            id: DocId::from_bytes(&[n]),
            meta: DocMeta {
                title: format!("doc {n}"),
                nation: nation.parse().unwrap(),
                year: year.parse().unwrap(),
                publisher: None,
                kind: None,
                url: None,
                wave: wave.map(|w| w.parse().unwrap()),
            },
            file: format!("{n}.pdf"),
            bytes: 1,
            pages: 1,
            words,
            text_sha256: String::new(),
            extractor: 1,
            quality: Quality::default(),
        }
    }

    fn corpus() -> (Vec<Document>, Vec<Vec<u64>>) {
        (
            vec![
                doc(1, "wales", "2020", Some("2020"), 1000),
                doc(2, "england", "2018", None, 3000),
                doc(3, "england", "2020", Some("2022"), 5000),
                doc(4, "wales", "2020", Some("2020"), 0),
            ],
            vec![vec![2, 0], vec![0, 0], vec![3, 1], vec![1]],
        )
    }

    #[test]
    fn by_nation_sums_and_counts_mentioning_documents() {
        let (docs, counts) = corpus();
        let rows = aggregate(&docs, &counts, 2, GroupBy::Nation);
        assert_eq!(rows.len(), 4);
        let eng = &rows[0];
        assert_eq!(eng.key, GroupKey::Nation(Nation::England));
        assert_eq!(
            (
                eng.documents,
                eng.documents_mentioning,
                eng.count,
                eng.words
            ),
            (2, 1, 3, 8000)
        );
        assert_eq!(eng.per_10k_words, 3.75);
        let wal1 = &rows[3];
        assert_eq!(wal1.key, GroupKey::Nation(Nation::Wales));
        assert_eq!(
            (wal1.concept, wal1.documents_mentioning, wal1.count),
            (1, 0, 0)
        );
        let wal0 = &rows[2];
        assert_eq!(
            (wal0.documents, wal0.documents_mentioning, wal0.count),
            (2, 2, 3)
        );
        assert_eq!(wal0.per_10k_words, 30.0);
    }

    #[test]
    fn by_document_keeps_catalogue_order_and_zero_rows() {
        let (docs, counts) = corpus();
        let rows = aggregate(&docs, &counts, 2, GroupBy::Document);
        assert_eq!(rows.len(), 8);
        let keys: Vec<GroupKey> = rows.iter().step_by(2).map(|r| r.key).collect();
        assert_eq!(keys, (0..4).map(GroupKey::Document).collect::<Vec<_>>());
        assert_eq!(rows[3].count, 0);
        assert_eq!(rows[7].per_10k_words, 0.0);
    }

    #[test]
    fn by_wave_puts_missing_wave_last_and_by_nation_year_sorts() {
        let (docs, counts) = corpus();
        let rows = aggregate(&docs, &counts, 1, GroupBy::Wave);
        let keys: Vec<Option<u16>> = rows
            .iter()
            .map(|r| match r.key {
                GroupKey::Wave(w) => w.wave().map(|w| w.get()),
                _ => panic!(),
            })
            .collect();
        assert_eq!(keys, vec![Some(2020), Some(2022), None]);
        let rows = aggregate(&docs, &counts, 1, GroupBy::NationYear);
        assert_eq!(rows.len(), 3);
        assert!(matches!(rows[0].key, GroupKey::NationYear(Nation::England, y) if y.get() == 2018));
    }

    #[test]
    fn group_by_parses() {
        for (s, g) in [
            ("document", GroupBy::Document),
            ("nation", GroupBy::Nation),
            ("year", GroupBy::Year),
            ("nation,year", GroupBy::NationYear),
            ("Nation, Year", GroupBy::NationYear),
            ("wave", GroupBy::Wave),
        ] {
            assert_eq!(s.parse::<GroupBy>(), Ok(g));
            assert_eq!(g.to_string().parse::<GroupBy>(), Ok(g));
        }
        assert!("publisher".parse::<GroupBy>().is_err());
    }
}
