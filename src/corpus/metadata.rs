//! Metadata as an analyst states it ([`MetaSpec`]: a manifest row, or the flags of
//! `efrh add FILE`) and how it becomes, or corrects, a catalogue record.
//!
//! What is stated replaces what the catalogue holds — that is how a wrong title or year is
//! fixed. What is not stated is kept ([`Field::Keep`]): a manifest without a `publisher` column
//! keeps every publisher; a flag not given keeps its field; a `var:NAME` column or `--var`
//! touches only that variable. The wave records the analysis round that first included a
//! document, so the run's `--wave` only applies to documents new in this run (or without one);
//! a manifest's `wave` cell, being a statement about that one document, replaces it.

use super::ingest::Outcome;
use crate::model::{
    Authority, DocMeta, Document, Level, Nation, PubDate, SeriesId, VarName, Wave, Year,
};
use std::collections::BTreeMap;
use std::fmt::Display;
use std::path::Path;

/// A metadata field an analyst may or may not have stated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Field<T> {
    /// Not stated: keep what the catalogue holds (new documents get nothing).
    #[default]
    Keep,
    /// Stated: set it (`None` clears it).
    Set(Option<T>),
}

impl<T: Clone> Field<T> {
    /// The value a new document gets.
    fn for_new(&self) -> Option<T> {
        match self {
            Field::Set(v) => v.clone(),
            Field::Keep => None,
        }
    }
}

impl<T: Display> Field<T> {
    /// How the statement reads in a message.
    fn describe(&self) -> String {
        match self {
            Field::Keep => "(not stated)".into(),
            Field::Set(v) => show(v.as_ref()),
        }
    }
}

/// The metadata supplied with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaSpec {
    /// `None`: keep the stored title; a new document is titled after its file name.
    pub title: Option<String>,
    pub nation: Nation,
    pub year: Year,
    pub publisher: Field<String>,
    pub kind: Field<String>,
    pub url: Field<String>,
    /// A wave stated for this document (manifest `wave` cell): replaces the stored one.
    pub wave: Option<Wave>,
    /// The wave of this run (`--wave`): given to the document only if it is new (or has none).
    pub run_wave: Option<Wave>,
    /// `Set(None)` (an empty cell) means national.
    pub level: Field<Level>,
    pub authority: Field<Authority>,
    pub series: Field<SeriesId>,
    /// Checked to lie inside `year` by whoever builds the spec.
    pub date: Field<PubDate>,
    /// Stated variables only: `Some` sets, `None` (an empty cell or `--var NAME=`) removes.
    pub vars: BTreeMap<VarName, Option<String>>,
    /// The date it was downloaded (`add --fetch`): given to the document only if it is new
    /// (or has none), so fetching it again changes nothing.
    pub retrieved: Option<String>,
}

impl MetaSpec {
    /// Nation and year stated, everything else kept.
    pub fn new(nation: Nation, year: Year) -> MetaSpec {
        MetaSpec {
            title: None,
            nation,
            year,
            publisher: Field::Keep,
            kind: Field::Keep,
            url: Field::Keep,
            wave: None,
            run_wave: None,
            level: Field::Keep,
            authority: Field::Keep,
            series: Field::Keep,
            date: Field::Keep,
            vars: BTreeMap::new(),
            retrieved: None,
        }
    }

    /// Every statement, as (field, how it reads): two specs for one document disagree where
    /// these differ. The run's wave is the same for every input and is left out.
    fn statements(&self) -> Vec<(String, String)> {
        let mut out = vec![
            (
                "title".to_string(),
                self.title
                    .as_ref()
                    .map_or("(from the file name)".into(), |t| format!("{t:?}")),
            ),
            ("nation".into(), self.nation.to_string()),
            ("year".into(), self.year.to_string()),
            ("publisher".into(), self.publisher.describe()),
            ("kind".into(), self.kind.describe()),
            ("url".into(), self.url.describe()),
            ("wave".into(), show(self.wave.as_ref())),
            ("level".into(), self.level.describe()),
            ("authority".into(), self.authority.describe()),
            ("series".into(), self.series.describe()),
            ("date".into(), self.date.describe()),
        ];
        out.extend(
            self.vars
                .iter()
                .map(|(k, v)| (format!("var:{k}"), show(v.as_ref()))),
        );
        out
    }

    /// Where two specs for one document disagree, e.g. `year 2017 vs 2018`; empty if they
    /// say the same.
    pub fn disagreements(&self, other: &MetaSpec) -> Vec<String> {
        let a = self.statements();
        let b: BTreeMap<String, String> = other.statements().into_iter().collect();
        let mut out = Vec::new();
        for (name, va) in &a {
            let vb = b.get(name).map_or("(not stated)", String::as_str);
            if va != vb {
                out.push(format!("{name} {va} vs {vb}"));
            }
        }
        for (name, vb) in &b {
            if !a.iter().any(|(n, _)| n == name) {
                out.push(format!("{name} (not stated) vs {vb}"));
            }
        }
        out
    }
}

/// The metadata of a new document from what was stated.
pub(crate) fn new_meta(spec: &MetaSpec, path: &Path) -> DocMeta {
    let title = spec.title.clone().unwrap_or_else(|| title_from_file(path));
    DocMeta {
        title,
        nation: spec.nation,
        year: spec.year,
        publisher: spec.publisher.for_new(),
        kind: spec.kind.for_new(),
        url: spec.url.for_new(),
        wave: spec.wave.or(spec.run_wave),
        level: spec.level.for_new().unwrap_or_default(),
        authority: spec.authority.for_new(),
        series: spec.series.for_new(),
        date: spec.date.for_new(),
        vars: spec
            .vars
            .iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v)))
            .collect(),
        retrieved: spec.retrieved.clone(),
    }
}

/// `Serious_Violence-strategy.pdf` → `Serious Violence-strategy`.
pub(crate) fn title_from_file(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().replace('_', " ").trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "untitled".into())
}

/// Replace `slot` by a stated value; note the change.
fn apply<T: Clone + PartialEq + Display>(
    name: &str,
    field: &Field<T>,
    slot: &mut Option<T>,
    changes: &mut Vec<String>,
) {
    if let Field::Set(v) = field {
        if slot != v {
            changes.push(format!(
                "{name} {} → {}",
                show(slot.as_ref()),
                show(v.as_ref())
            ));
            slot.clone_from(v);
        }
    }
}

/// Apply stated metadata to a stored document; say what changed. `input_file`: the name of
/// the file the statement came with — when the document is stored under another name, the
/// outcome says which stored document was updated.
pub(crate) fn update_existing(
    doc: &mut Document,
    spec: &MetaSpec,
    input_file: &str,
    changed: &mut bool,
) -> Outcome {
    let mut changes = Vec::new();
    let mut m = doc.meta.clone();
    if let Some(t) = &spec.title {
        if &m.title != t {
            changes.push(format!("title {:?} → {:?}", m.title, t));
            m.title = t.clone();
        }
    }
    if m.nation != spec.nation {
        changes.push(format!("nation {} → {}", m.nation, spec.nation));
        m.nation = spec.nation;
    }
    if m.year != spec.year {
        changes.push(format!("year {} → {}", m.year, spec.year));
        m.year = spec.year;
    }
    apply("publisher", &spec.publisher, &mut m.publisher, &mut changes);
    apply("kind", &spec.kind, &mut m.kind, &mut changes);
    apply("url", &spec.url, &mut m.url, &mut changes);
    let wave = spec.wave.or(if m.wave.is_none() {
        spec.run_wave
    } else {
        None
    });
    if let Some(w) = wave {
        if m.wave != Some(w) {
            changes.push(format!(
                "wave {} → {w}",
                m.wave.map_or("(none)".to_string(), |x| x.to_string())
            ));
            m.wave = Some(w);
        }
    }
    if let (None, Some(r)) = (&m.retrieved, &spec.retrieved) {
        changes.push(format!("retrieved (none) → {r}"));
        m.retrieved = Some(r.clone());
    }
    if let Field::Set(l) = &spec.level {
        let l = l.unwrap_or_default();
        if m.level != l {
            changes.push(format!("level {} → {l}", m.level));
            m.level = l;
        }
    }
    apply("authority", &spec.authority, &mut m.authority, &mut changes);
    apply("series", &spec.series, &mut m.series, &mut changes);
    apply("date", &spec.date, &mut m.date, &mut changes);
    for (name, value) in &spec.vars {
        let mut slot = m.vars.get(name).cloned();
        apply(
            &format!("var:{name}"),
            &Field::Set(value.clone()),
            &mut slot,
            &mut changes,
        );
        match slot {
            Some(v) => m.vars.insert(name.clone(), v),
            None => m.vars.remove(name),
        };
    }
    if let Some(d) = m.date {
        if let Err(e) = d.check_year(m.year) {
            return Outcome::Failed(format!(
                "the stored {e}; state the date as well (a date cell, or --date)"
            ));
        }
    }
    let id = doc.id.clone();
    if changes.is_empty() {
        return Outcome::AlreadyPresent { id };
    }
    doc.meta = m;
    *changed = true;
    Outcome::Updated {
        id,
        stored_as: (doc.file != input_file).then(|| doc.file.clone()),
        changes,
    }
}

fn show<T: Display>(v: Option<&T>) -> String {
    v.map_or("(none)".to_string(), |s| format!("{:?}", s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocId;

    fn spec() -> MetaSpec {
        MetaSpec {
            title: Some("Old".into()),
            publisher: Field::Set(Some("WG".into())),
            run_wave: "2020".parse().ok(),
            ..MetaSpec::new(Nation::Wales, Year::new(2019).expect("year"))
        }
    }

    fn stored(meta: &MetaSpec) -> Document {
        Document::stub(DocId::from_bytes(b"x"), new_meta(meta, Path::new("x.pdf")))
    }

    /// `update_existing`, which must update: the changes and the stored file name it reports.
    fn updated(
        doc: &mut Document,
        meta: &MetaSpec,
        file: &str,
        changed: &mut bool,
    ) -> (Vec<String>, Option<String>) {
        match update_existing(doc, meta, file, changed) {
            Outcome::Updated {
                changes, stored_as, ..
            } => (changes, stored_as),
            out => panic!("expected an update, got {out:?}"),
        }
    }

    #[test]
    fn update_replaces_stated_fields_and_keeps_the_first_wave() {
        let meta = spec();
        let mut doc = stored(&meta);
        doc.meta.kind = Some("guidance".into());
        let mut changed = false;
        let same = update_existing(&mut doc, &meta, "x.pdf", &mut changed);
        assert!(matches!(same, Outcome::AlreadyPresent { .. }));
        assert!(!changed);

        let fix = MetaSpec {
            title: Some("New".into()),
            year: Year::new(2020).expect("year"),
            run_wave: "2022".parse().ok(),
            ..meta.clone()
        };
        let (changes, stored_as) = updated(&mut doc, &fix, "x.pdf", &mut changed);
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert_eq!(stored_as, None, "same file name");
        assert!(changed);
        assert_eq!(doc.meta.title, "New");
        assert_eq!(doc.meta.wave.map(Wave::get), Some(2020), "first wave kept");
        assert_eq!(doc.meta.kind.as_deref(), Some("guidance"), "unstated kept");

        let rewave = MetaSpec {
            wave: "2022".parse().ok(),
            ..fix
        };
        update_existing(&mut doc, &rewave, "x.pdf", &mut changed);
        assert_eq!(
            doc.meta.wave.map(Wave::get),
            Some(2022),
            "stated wave replaces"
        );
    }

    #[test]
    fn new_fields_set_clear_and_keep() {
        let mut meta = spec();
        meta.level = Field::Set(Some(Level::Local));
        meta.authority = Field::Set("Devon".parse().ok());
        meta.series = Field::Set("kcsie".parse().ok());
        meta.date = Field::Set("2019-09".parse().ok());
        let audience: VarName = "audience".parse().expect("name");
        let region: VarName = "region".parse().expect("name");
        meta.vars.insert(audience.clone(), Some("schools".into()));
        meta.vars.insert(region.clone(), Some("south west".into()));
        let mut doc = stored(&meta);
        assert_eq!(doc.meta.level, Level::Local);
        assert_eq!(doc.meta.vars.len(), 2);

        // Another name, one variable cleared, level unstated (kept), series cleared.
        let mut fix = MetaSpec::new(Nation::Wales, Year::new(2019).expect("year"));
        fix.series = Field::Set(None);
        fix.vars.insert(region.clone(), None);
        let mut changed = false;
        let (changes, stored_as) = updated(&mut doc, &fix, "copy.pdf", &mut changed);
        assert_eq!(stored_as.as_deref(), Some("x.pdf"));
        assert_eq!(
            changes,
            [
                "series \"kcsie\" → (none)",
                "var:region \"south west\" → (none)"
            ]
        );
        assert_eq!(doc.meta.level, Level::Local, "unstated level kept");
        assert_eq!(
            doc.meta.authority.as_ref().map(Authority::as_str),
            Some("Devon")
        );
        assert_eq!(
            doc.meta.vars.get(&audience).map(String::as_str),
            Some("schools")
        );
        assert!(!doc.meta.vars.contains_key(&region));

        // An empty level cell means national.
        fix.level = Field::Set(None);
        update_existing(&mut doc, &fix, "x.pdf", &mut changed);
        assert_eq!(doc.meta.level, Level::National);

        // A new year that leaves the stored date outside it is refused, record untouched.
        let before = doc.clone();
        fix.year = Year::new(2020).expect("year");
        let out = update_existing(&mut doc, &fix, "x.pdf", &mut changed);
        assert!(
            matches!(&out, Outcome::Failed(m) if m.contains("outside the year 2020")),
            "{out:?}"
        );
        assert_eq!(doc, before);
    }

    #[test]
    fn disagreements_name_each_field() {
        let a = spec();
        assert!(a.disagreements(&a.clone()).is_empty());
        let mut b = a.clone();
        b.year = Year::new(2018).expect("year");
        b.vars
            .insert("audience".parse().expect("name"), Some("police".into()));
        assert_eq!(
            a.disagreements(&b),
            [
                "year 2019 vs 2018",
                "var:audience (not stated) vs \"police\""
            ]
        );
    }
}
