//! Editions of one guidance (a *series*: the documents sharing a `series` id) and what was in
//! force in a year.
//!
//! `as_of(YEAR)` keeps, for each series, only its latest edition published in or before YEAR
//! (by year, then date; an undated edition sorts before dated ones of its year) and every
//! document outside a series published in or before YEAR. So a by-year analysis of "what was
//! in force in 2020" counts KCSIE once, not once per yearly edition. Pure: no I/O.

use crate::model::{Document, SeriesId, Year};
use std::collections::BTreeMap;

/// The order of editions: year, date, then id (so two editions that share a year and have no
/// dates still order the same way every run).
fn edition_order(d: &Document) -> (Year, Option<crate::model::PubDate>, &str) {
    (d.meta.year, d.meta.date, d.id.as_str())
}

/// "2021-09" or "2021": how an edition is told apart in messages and in the report (its
/// date, else its year).
pub fn label(d: &Document) -> String {
    d.meta
        .date
        .map_or_else(|| d.meta.year.to_string(), |x| x.to_string())
}

/// True for the documents in force in `year` (see the module documentation), in the order
/// of `docs`.
pub fn as_of(docs: &[Document], year: u16) -> Vec<bool> {
    let mut latest: BTreeMap<&SeriesId, usize> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let Some(s) = &d.meta.series else { continue };
        if d.meta.year.get() > year {
            continue;
        }
        let newer = latest
            .get(s)
            .and_then(|&j| docs.get(j))
            .is_none_or(|cur| edition_order(d) > edition_order(cur));
        if newer {
            latest.insert(s, i);
        }
    }
    docs.iter()
        .enumerate()
        .map(|(i, d)| match &d.meta.series {
            None => d.meta.year.get() <= year,
            Some(s) => latest.get(s) == Some(&i),
        })
        .collect()
}

/// The editions of `series`, oldest first.
pub fn editions<'a>(docs: &'a [Document], series: &SeriesId) -> Vec<&'a Document> {
    let mut out: Vec<&Document> = docs
        .iter()
        .filter(|d| d.meta.series.as_ref() == Some(series))
        .collect();
    out.sort_by(|a, b| edition_order(a).cmp(&edition_order(b)));
    out
}

/// The edition of `series` in force in `year`: its latest published in or before it.
pub fn in_force<'a>(docs: &'a [Document], series: &SeriesId, year: u16) -> Option<&'a Document> {
    editions(docs, series)
        .into_iter()
        .rfind(|d| d.meta.year.get() <= year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, DocMeta, Nation};

    fn doc(n: u8, year: u16, series: Option<&str>, date: Option<&str>) -> Document {
        let mut meta = DocMeta::new(
            format!("doc {n}"),
            Nation::England,
            Year::new(year).expect("year"),
        );
        meta.series = series.map(|s| s.parse().expect("series"));
        meta.date = date.map(|d| d.parse().expect("date"));
        Document::stub(DocId::from_bytes(&[n]), meta)
    }

    #[test]
    fn as_of_keeps_the_latest_edition_by_year_then_date() {
        let docs = vec![
            doc(0, 2019, Some("kcsie"), None),
            doc(1, 2021, Some("kcsie"), Some("2021-09")),
            doc(2, 2021, Some("kcsie"), Some("2021-01")),
            doc(3, 2022, Some("kcsie"), None),
            doc(4, 2018, None, None),
            doc(5, 2022, None, None),
            doc(6, 2020, Some("wt"), None),
        ];
        assert_eq!(
            as_of(&docs, 2021),
            [false, true, false, false, true, false, true]
        );
        assert_eq!(
            as_of(&docs, 2020),
            [true, false, false, false, true, false, true]
        );
        assert_eq!(
            as_of(&docs, 2022),
            [false, false, false, true, true, true, true]
        );
        assert!(as_of(&docs, 2017).iter().all(|k| !k), "before any document");
        let kcsie: SeriesId = "kcsie".parse().expect("series");
        let order: Vec<&str> = editions(&docs, &kcsie)
            .iter()
            .map(|d| d.meta.title.as_str())
            .collect();
        assert_eq!(order, ["doc 0", "doc 2", "doc 1", "doc 3"]);
        assert_eq!(
            in_force(&docs, &kcsie, 2021).map(|d| d.meta.title.as_str()),
            Some("doc 1")
        );
        assert!(in_force(&docs, &kcsie, 2018).is_none());
    }
}
