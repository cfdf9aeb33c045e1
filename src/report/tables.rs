//! The numbers behind each chart, as rows in the tidy long shape of `count --by …`
//! ([`GroupRow`]: `<group columns>,concept,documents,documents_mentioning,count,words,
//! per_10k_words`), written beside every chart image as `NAME.csv` so that a reader can check
//! any point, reuse it in R or a spreadsheet, and a test can hold it against `count`.
//!
//! Every row is made by [`crate::aggregate`] over the same per-document counts the chart is
//! drawn from, so a chart, its CSV and `count` cannot disagree.

use super::data::{Counts, DocCounts};
use crate::aggregate::{Field, GroupBy, GroupRow, Value, WaveKey};
use crate::model::Wave;
use crate::output::{write_rows, Format};

/// Which numbers a chart draws.
#[derive(Debug, Clone, Copy)]
pub enum Numbers<'a> {
    /// Uptake by year: per nation and year (`nation,year`), or all nations together per year
    /// (`year`).
    Uptake {
        concepts: &'a [usize],
        by_nation: bool,
    },
    /// A concept-by-nation profile (`nation`).
    Profile { concepts: &'a [usize] },
    /// First appearance: the year rows it is read from (`nation,year`).
    First { concepts: &'a [usize] },
    /// The first analysis against the update: for each of the two cumulative corpora
    /// (documents first included up to `baseline`, and up to `update`), by nation:
    /// `up_to_wave,nation`.
    Waves {
        concepts: &'a [usize],
        baseline: Wave,
        update: Wave,
    },
}

/// The columns and rows of a chart's numbers.
pub fn rows(counts: &Counts, numbers: Numbers<'_>) -> (Vec<&'static str>, Vec<GroupRow>) {
    let all = |_: &DocCounts| true;
    match numbers {
        Numbers::Uptake {
            concepts,
            by_nation: true,
        }
        | Numbers::First { concepts } => {
            grouped(counts, &[Field::Nation, Field::Year], concepts, all)
        }
        Numbers::Uptake {
            concepts,
            by_nation: false,
        } => grouped(counts, &[Field::Year], concepts, all),
        Numbers::Profile { concepts } => grouped(counts, &[Field::Nation], concepts, all),
        Numbers::Waves {
            concepts,
            baseline,
            update,
        } => {
            let mut out = Vec::new();
            let mut columns = Vec::new();
            for w in if baseline == update {
                vec![baseline]
            } else {
                vec![baseline, update]
            } {
                let (cols, rows) = grouped(counts, &[Field::Nation], concepts, |d| {
                    d.wave().is_some_and(|x| x <= w)
                });
                columns = std::iter::once("up_to_wave").chain(cols).collect();
                out.extend(rows.into_iter().map(|mut r| {
                    r.group
                        .insert(0, ("up_to_wave", Value::Wave(WaveKey::Wave(w))));
                    r
                }));
            }
            if columns.is_empty() {
                columns = std::iter::once("up_to_wave")
                    .chain(GroupRow::columns(&GroupBy::fields(&[Field::Nation])))
                    .collect();
            }
            (columns, out)
        }
    }
}

/// `rows` as CSV bytes (header row included, even without rows).
pub fn csv(counts: &Counts, numbers: Numbers<'_>) -> std::io::Result<Vec<u8>> {
    let (columns, rows) = rows(counts, numbers);
    let mut out = Vec::new();
    write_rows(&mut out, Format::Csv, &columns, &rows)?;
    Ok(out)
}

fn grouped(
    counts: &Counts,
    fields: &[Field],
    concepts: &[usize],
    keep: impl Fn(&DocCounts) -> bool,
) -> (Vec<&'static str>, Vec<GroupRow>) {
    let by = GroupBy::fields(fields);
    let rows = counts
        .grouped(fields, keep)
        .iter()
        .filter(|g| concepts.contains(&g.concept))
        .filter_map(|g| {
            let id = counts.concepts.get(g.concept)?.id.clone();
            GroupRow::new(g, &by, id)
        })
        .collect();
    (GroupRow::columns(&by), rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::data::tests::sample;

    fn text(counts: &Counts, n: Numbers<'_>) -> String {
        String::from_utf8(csv(counts, n).unwrap()).unwrap()
    }

    #[test]
    fn uptake_rows_are_count_rows_by_nation_and_year() {
        let c = sample();
        let t = text(
            &c,
            Numbers::Uptake {
                concepts: &[0],
                by_nation: true,
            },
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[0],
            "nation,year,concept,documents,documents_mentioning,count,words,per_10k_words,share,share_low,share_high"
        );
        // England 2017: two documents (10,000 + 5,000 words), one mentions cs twice.
        assert!(
            lines[1].starts_with("england,2017,cs,2,1,2,15000,1.333,"),
            "{}",
            lines[1]
        );
        // Only groups that hold documents: 2 English years, 2 Scottish, 1 Welsh.
        assert_eq!(lines.len(), 1 + 5);
    }

    #[test]
    fn waves_rows_are_cumulative_corpora() {
        let c = sample();
        let t = text(
            &c,
            Numbers::Waves {
                concepts: &[0],
                baseline: Wave::try_from(2020).unwrap(),
                update: Wave::try_from(2022).unwrap(),
            },
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[0],
            "up_to_wave,nation,concept,documents,documents_mentioning,count,words,per_10k_words,share,share_low,share_high"
        );
        // Wave ≤ 2020: E2017a, E2017b (England), S2018 (Scotland); Wales has no wave.
        assert!(
            lines[1].starts_with("2020,england,cs,2,1,2,15000,1.333,"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].starts_with("2020,scotland,cs,1,0,0,8000,0.000,"),
            "{}",
            lines[2]
        );
        // Wave ≤ 2022 adds E2019 and S2021.
        assert!(
            lines[3].starts_with("2022,england,cs,3,2,6,35000,1.714,"),
            "{}",
            lines[3]
        );
        assert!(
            lines[4].starts_with("2022,scotland,cs,2,1,1,10000,1.000,"),
            "{}",
            lines[4]
        );
        assert_eq!(lines.len(), 5);
    }
}
