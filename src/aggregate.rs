//! Occurrence counts + document metadata → counts by any grouping. Pure: no I/O, no printing.
//!
//! # API
//!
//! - [`GroupBy`]: `document`, or a comma list of [`Field`]s (`nation`, `year`, `nation,year`,
//!   `wave`, `kind`, `publisher`, `level`, `authority`, `series`, `var:NAME`;
//!   `FromStr`/`Display`), with [`GroupBy::columns`], the group's leading output columns.
//! - [`aggregate`]`(documents, counts, concepts, by) -> Vec<GroupCount>`: `counts[d][c]` is the
//!   number of occurrences of concept `c` in `documents[d]` (as from
//!   [`crate::analysis::count`]). One row per (group, concept), zeros included; groups are
//!   those that hold at least one document, in key order (nations in [`Nation::ALL`] order,
//!   years ascending, text values in byte order, documents in the order given, missing values
//!   last); concepts in lexicon order within each group.
//! - [`per_10k`]: the rate used in every row, every table and every chart.
//! - [`GroupRow`]: a grouped row as `count` prints it and the report's chart CSVs write it
//!   (`<group columns>,concept,documents,documents_mentioning,count,words,per_10k_words`).
//!
//! Measures of a [`GroupCount`]: `documents` in the group, `documents_mentioning` the concept
//! at least once, `count` of occurrences, `words` in the group's documents (the catalogue's
//! word counts, [`crate::normalize::word_count`]), and `per_10k_words` = count × 10,000 / words
//! rounded to 3 decimals (`None` when there are no words: a rate of nothing is not 0).

use crate::model::{Document, Level, Nation, VarName, Wave, Year};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// A metadata field documents can be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Nation,
    Year,
    Wave,
    Kind,
    Publisher,
    Level,
    Authority,
    Series,
    /// A document variable; holds its output column `var:NAME` (see [`var_column`]).
    Var(&'static str),
}

/// The output column `var:NAME` of a variable, as a `&'static str` like every other column
/// (serde's struct fields are static). Each distinct name is allocated once per process and
/// kept: bounded by the names typed after `--by`.
pub fn var_column(name: &VarName) -> &'static str {
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<BTreeMap<String, &'static str>>> = OnceLock::new();
    let column = format!("var:{name}");
    let names = NAMES.get_or_init(|| Mutex::new(BTreeMap::new()));
    let mut names = match names.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(c) = names.get(&column) {
        return c;
    }
    let c: &'static str = Box::leak(column.clone().into_boxed_str());
    names.insert(column, c);
    c
}

impl Field {
    /// Every field but `var:NAME` (one per variable name).
    pub const ALL: [Field; 8] = [
        Field::Nation,
        Field::Year,
        Field::Wave,
        Field::Kind,
        Field::Publisher,
        Field::Level,
        Field::Authority,
        Field::Series,
    ];

    /// The output column (and the name on the command line).
    pub fn column(self) -> &'static str {
        match self {
            Field::Nation => "nation",
            Field::Year => "year",
            Field::Wave => "wave",
            Field::Kind => "kind",
            Field::Publisher => "publisher",
            Field::Level => "level",
            Field::Authority => "authority",
            Field::Series => "series",
            Field::Var(column) => column,
        }
    }

    /// This field's value for a document.
    pub fn value(self, d: &Document) -> Value {
        match self {
            Field::Nation => Value::Nation(d.meta.nation),
            Field::Year => Value::Year(d.meta.year),
            Field::Wave => Value::Wave(d.meta.wave.map_or(WaveKey::None, WaveKey::Wave)),
            Field::Kind => Value::Text(TextKey::of(d.meta.kind.as_deref())),
            Field::Publisher => Value::Text(TextKey::of(d.meta.publisher.as_deref())),
            Field::Level => Value::Level(d.meta.level),
            Field::Authority => {
                Value::Text(TextKey::of(d.meta.authority.as_ref().map(|a| a.as_str())))
            }
            Field::Series => Value::Text(TextKey::of(d.meta.series.as_ref().map(|s| s.as_str()))),
            Field::Var(column) => {
                let name = column.strip_prefix("var:").unwrap_or(column);
                Value::Text(TextKey::of(
                    d.meta
                        .vars
                        .iter()
                        .find(|(k, _)| k.as_str() == name)
                        .map(|(_, v)| v.as_str()),
                ))
            }
        }
    }
}

/// How `count` groups documents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum GroupBy {
    #[default]
    Document,
    /// One group per distinct combination of these fields' values (no field twice).
    Fields(Vec<Field>),
}

impl GroupBy {
    /// The columns that identify a group in output, before `concept`.
    pub fn columns(&self) -> Vec<&'static str> {
        match self {
            GroupBy::Document => vec!["id", "title", "nation", "year", "wave"],
            GroupBy::Fields(fields) => fields.iter().map(|f| f.column()).collect(),
        }
    }

    /// `nation`, `nation,year`, … as a grouping of fields.
    pub fn fields(fields: &[Field]) -> GroupBy {
        GroupBy::Fields(fields.to_vec())
    }
}

impl FromStr for GroupBy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase();
        if matches!(key.as_str(), "document" | "doc" | "documents") {
            return Ok(GroupBy::Document);
        }
        let names: Vec<String> = Field::ALL.iter().map(|f| f.column().to_string()).collect();
        let mut fields = Vec::new();
        for part in key.split([',', '+']).map(str::trim) {
            let part = if part == "nation-year" {
                "nation,year"
            } else {
                part
            };
            for name in part.split(',') {
                let var = match name.strip_prefix("var:") {
                    Some(v) => Some(Field::Var(var_column(&v.parse::<VarName>()?))),
                    None => None,
                };
                let Some(f) = var
                    .as_ref()
                    .or_else(|| Field::ALL.iter().find(|f| f.column() == name))
                else {
                    return Err(format!(
                        "unknown grouping '{}' (expected document, or a comma list of {}, \
                         var:NAME)",
                        name,
                        names.join(", ")
                    ));
                };
                if fields.contains(f) {
                    return Err(format!("'{name}' is given twice in --by"));
                }
                fields.push(*f);
            }
        }
        if fields.is_empty() {
            return Err("an empty grouping (expected document, nation, year, …)".into());
        }
        Ok(GroupBy::Fields(fields))
    }
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupBy::Document => f.write_str("document"),
            GroupBy::Fields(fields) => {
                let names: Vec<&str> = fields.iter().map(|x| x.column()).collect();
                f.write_str(&names.join(","))
            }
        }
    }
}

/// One field's value in a group key. Missing values sort after every present one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    Nation(Nation),
    Year(Year),
    Wave(WaveKey),
    Text(TextKey),
    Level(Level),
}

impl Value {
    /// The value as output shows it (`None`: empty in CSV, null in JSON).
    fn serialize_into<S: SerializeStruct>(
        &self,
        st: &mut S,
        col: &'static str,
    ) -> Result<(), S::Error> {
        match self {
            Value::Nation(n) => st.serialize_field(col, n.as_str()),
            Value::Year(y) => st.serialize_field(col, &y.get()),
            Value::Wave(w) => st.serialize_field(col, &w.wave().map(|w| w.get())),
            Value::Text(t) => st.serialize_field(col, &t.as_str()),
            Value::Level(l) => st.serialize_field(col, l.as_str()),
        }
    }
}

/// What identifies a group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupKey {
    /// Index into the documents slice.
    Document(usize),
    /// The grouping fields' values, in the order of [`GroupBy::Fields`].
    Fields(Vec<Value>),
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

/// A free-text value (kind, publisher), with documents that have none sorted last.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextKey {
    Some(String),
    None,
}

impl TextKey {
    fn of(s: Option<&str>) -> TextKey {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => TextKey::Some(s.to_string()),
            None => TextKey::None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            TextKey::Some(s) => Some(s),
            TextKey::None => None,
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
    /// `None` when the group has no words.
    pub per_10k_words: Option<f64>,
}

impl GroupCount {
    /// `documents_mentioning / documents`; `None` for an empty group.
    pub fn share(&self) -> Option<f64> {
        (self.documents > 0).then(|| self.documents_mentioning as f64 / self.documents as f64)
    }
}

/// Occurrences per 10,000 words, rounded to 3 decimals; `None` when there are no words.
pub fn per_10k(count: u64, words: u64) -> Option<f64> {
    if words == 0 {
        return None;
    }
    let r = count as f64 * 10_000.0 / words as f64;
    Some((r * 1000.0).round() / 1000.0)
}

fn key_of(i: usize, d: &Document, by: &GroupBy) -> GroupKey {
    match by {
        GroupBy::Document => GroupKey::Document(i),
        GroupBy::Fields(fields) => GroupKey::Fields(fields.iter().map(|f| f.value(d)).collect()),
    }
}

/// Counts by group (see the module documentation). `counts[d]` shorter than `concepts` is
/// read as zeros; `counts` shorter than `documents` likewise.
pub fn aggregate(
    documents: &[Document],
    counts: &[Vec<u64>],
    concepts: usize,
    by: &GroupBy,
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
                key: key.clone(),
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

/// A rate as output shows it: always 3 decimals in CSV and tables (`0.000`, `3.380`,
/// `0.647`), a number rounded to 3 decimals in JSON.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate(pub f64);

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.0.is_finite() {
            return serializer.serialize_none();
        }
        // JSON keeps numbers numbers (the spec); the text formats (CSV, and tables, which are
        // made through the CSV writer) get the fixed 3 decimals, which a number cannot carry.
        if std::any::type_name::<S>().starts_with("&mut serde_json::")
            || std::any::type_name::<S>().starts_with("serde_json::")
        {
            serializer.serialize_f64((self.0 * 1000.0).round() / 1000.0)
        } else {
            serializer.serialize_str(&format!("{:.3}", self.0))
        }
    }
}

/// A grouped output row: the group's columns (exactly those of the grouping), then
/// `concept,documents,documents_mentioning,count,words,per_10k_words`. Written by `count
/// --by …` and beside every chart of the report, so the two can be held against each other.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// (column, value) of each grouping field.
    pub group: Vec<(&'static str, Value)>,
    pub concept: String,
    pub documents: u64,
    pub documents_mentioning: u64,
    pub count: u64,
    pub words: u64,
    pub per_10k_words: Option<f64>,
}

impl GroupRow {
    /// The measures after the group columns.
    pub const MEASURES: [&'static str; 9] = [
        "concept",
        "documents",
        "documents_mentioning",
        "count",
        "words",
        "per_10k_words",
        "share",
        "share_low",
        "share_high",
    ];

    /// The row of `g` under a grouping by `fields` (`None` for a document key).
    pub fn new(g: &GroupCount, by: &GroupBy, concept: String) -> Option<GroupRow> {
        let (GroupBy::Fields(fields), GroupKey::Fields(values)) = (by, &g.key) else {
            return None;
        };
        Some(GroupRow {
            group: fields
                .iter()
                .map(|f| f.column())
                .zip(values.iter().cloned())
                .collect(),
            concept,
            documents: g.documents,
            documents_mentioning: g.documents_mentioning,
            count: g.count,
            words: g.words,
            per_10k_words: g.per_10k_words,
        })
    }

    /// Every column of a grouping's rows, in order.
    pub fn columns(by: &GroupBy) -> Vec<&'static str> {
        let mut cols = by.columns();
        cols.extend(GroupRow::MEASURES);
        cols
    }
}

impl Serialize for GroupRow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut st = serializer.serialize_struct("GroupRow", self.group.len() + 9)?;
        for (col, v) in &self.group {
            v.serialize_into(&mut st, col)?;
        }
        st.serialize_field("concept", &self.concept)?;
        st.serialize_field("documents", &self.documents)?;
        st.serialize_field("documents_mentioning", &self.documents_mentioning)?;
        st.serialize_field("count", &self.count)?;
        st.serialize_field("words", &self.words)?;
        st.serialize_field("per_10k_words", &self.per_10k_words.map(Rate))?;
        // documents_mentioning / documents with its 95% Wilson interval (empty for no documents).
        let share =
            (self.documents > 0).then(|| self.documents_mentioning as f64 / self.documents as f64);
        let interval = crate::stats::wilson(self.documents_mentioning, self.documents);
        let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
        st.serialize_field("share", &share.map(round))?;
        st.serialize_field("share_low", &interval.map(|i| round(i.0)))?;
        st.serialize_field("share_high", &interval.map(|i| round(i.1)))?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, DocMeta};

    fn doc(n: u8, nation: &str, year: &str, wave: Option<&str>, words: u64) -> Document {
        let meta = DocMeta {
            wave: wave.map(|w| w.parse().unwrap()),
            ..DocMeta::new(
                format!("doc {n}"),
                nation.parse().unwrap(),
                year.parse().unwrap(),
            )
        };
        Document {
            words,
            ..Document::stub(DocId::from_bytes(&[n]), meta)
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
        let rows = aggregate(&docs, &counts, 2, &GroupBy::fields(&[Field::Nation]));
        assert_eq!(rows.len(), 4);
        let eng = &rows[0];
        assert_eq!(
            eng.key,
            GroupKey::Fields(vec![Value::Nation(Nation::England)])
        );
        assert_eq!(
            (
                eng.documents,
                eng.documents_mentioning,
                eng.count,
                eng.words
            ),
            (2, 1, 3, 8000)
        );
        assert_eq!(eng.per_10k_words, Some(3.75));
        let wal1 = &rows[3];
        assert_eq!(
            wal1.key,
            GroupKey::Fields(vec![Value::Nation(Nation::Wales)])
        );
        assert_eq!(
            (wal1.concept, wal1.documents_mentioning, wal1.count),
            (1, 0, 0)
        );
        let wal0 = &rows[2];
        assert_eq!(
            (wal0.documents, wal0.documents_mentioning, wal0.count),
            (2, 2, 3)
        );
        assert_eq!(wal0.per_10k_words, Some(30.0));
    }

    #[test]
    fn by_document_keeps_catalogue_order_and_zero_rows() {
        let (docs, counts) = corpus();
        let rows = aggregate(&docs, &counts, 2, &GroupBy::Document);
        assert_eq!(rows.len(), 8);
        let keys: Vec<GroupKey> = rows.iter().step_by(2).map(|r| r.key.clone()).collect();
        assert_eq!(keys, (0..4).map(GroupKey::Document).collect::<Vec<_>>());
        assert_eq!(rows[3].count, 0);
        assert_eq!(rows[7].per_10k_words, None);
    }

    #[test]
    fn by_wave_puts_missing_wave_last_and_by_nation_year_sorts() {
        let (docs, counts) = corpus();
        let rows = aggregate(&docs, &counts, 1, &GroupBy::fields(&[Field::Wave]));
        let keys: Vec<Option<u16>> = rows
            .iter()
            .map(|r| match &r.key {
                GroupKey::Fields(v) => match v.as_slice() {
                    [Value::Wave(w)] => w.wave().map(|w| w.get()),
                    _ => panic!(),
                },
                _ => panic!(),
            })
            .collect();
        assert_eq!(keys, vec![Some(2020), Some(2022), None]);
        let rows = aggregate(
            &docs,
            &counts,
            1,
            &GroupBy::fields(&[Field::Nation, Field::Year]),
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0].key,
            GroupKey::Fields(vec![
                Value::Nation(Nation::England),
                Value::Year(Year::new(2018).unwrap())
            ])
        );
    }

    #[test]
    fn group_by_parses() {
        use Field::*;
        for (s, g) in [
            ("document", GroupBy::Document),
            ("nation", GroupBy::fields(&[Nation])),
            ("year", GroupBy::fields(&[Year])),
            ("nation,year", GroupBy::fields(&[Nation, Year])),
            ("Nation, Year", GroupBy::fields(&[Nation, Year])),
            ("year,nation", GroupBy::fields(&[Year, Nation])),
            ("wave", GroupBy::fields(&[Wave])),
            ("kind,publisher", GroupBy::fields(&[Kind, Publisher])),
        ] {
            assert_eq!(s.parse::<GroupBy>(), Ok(g.clone()));
            assert_eq!(g.to_string().parse::<GroupBy>(), Ok(g));
        }
        for bad in ["colour", "nation,nation", "", "nation,"] {
            assert!(bad.parse::<GroupBy>().is_err(), "{bad}");
        }
    }

    #[test]
    fn rates_print_with_three_decimals_and_stay_numbers_in_json() {
        let (docs, counts) = corpus();
        let by = GroupBy::fields(&[Field::Nation]);
        let rows: Vec<GroupRow> = aggregate(&docs, &counts, 2, &by)
            .iter()
            .filter_map(|g| GroupRow::new(g, &by, format!("c{}", g.concept)))
            .collect();
        let write = |format| {
            let mut out = Vec::new();
            crate::output::write_rows(&mut out, format, &GroupRow::columns(&by), &rows).unwrap();
            out
        };
        let csv = String::from_utf8(write(crate::output::Format::Csv)).unwrap();
        // England: 3 in 8,000 words = 3.75; Wales: 3 in 1,000 = 30; none of concept 1 = 0.
        // Share 1 of 2 with its Wilson interval: statsmodels proportion_confint(1, 2,
        // method="wilson") = (0.0945, 0.9055).
        assert!(
            csv.contains("england,c0,2,1,3,8000,3.750,0.5,0.0945,0.9055\n"),
            "{csv}"
        );
        assert!(csv.contains("wales,c0,2,2,3,1000,30.000,1.0,"), "{csv}");
        assert!(csv.contains("wales,c1,2,0,0,1000,0.000,0.0,0.0,"), "{csv}");
        let json = write(crate::output::Format::Json);
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v[0]["per_10k_words"], serde_json::json!(3.75));
        assert_eq!(v[0]["nation"], serde_json::json!("england"));
        // A group without words has no rate: empty, not 0.
        let no_words = GroupRow {
            per_10k_words: None,
            ..rows[0].clone()
        };
        let mut csv = Vec::new();
        crate::output::write_rows(
            &mut csv,
            crate::output::Format::Csv,
            &GroupRow::columns(&by),
            &[no_words],
        )
        .unwrap();
        assert!(String::from_utf8(csv).unwrap().contains(",3,8000,,0.5,"));
    }
}
