//! Reading a manifest: a CSV file (UTF-8, a header row) listing files and their metadata.
//!
//! Required columns `path,title,nation,year`; optional `publisher,kind,url,wave,level,
//! authority,series,date` and any number of `var:NAME` (a variable of the researcher's own).
//! `path` is relative to the manifest's folder. The whole file is checked before anything is
//! added: every bad row is reported with its line, and nothing is returned unless every row is
//! good. A column efrh does not know (a spreadsheet's `notes`, a misspelt `levle`) is named in
//! a warning and ignored — it neither becomes a variable nor passes silently.

use super::ingest::{io_words, Input};
use super::metadata::{Field, MetaSpec};
use crate::model::{Authority, Level, Nation, PubDate, SeriesId, VarName, Wave, Year};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Everything wrong with a manifest: each problem with its line (1 = the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    pub path: PathBuf,
    pub problems: Vec<(Option<u64>, String)>,
}

impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (line, msg)) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match line {
                Some(l) => write!(f, "{}: line {l}: {msg}", self.path.display())?,
                None => write!(f, "{}: {msg}", self.path.display())?,
            }
        }
        Ok(())
    }
}

/// A manifest whose every row is good.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// One input per row, in file order.
    pub inputs: Vec<Input>,
    /// Things the analyst should know that do not stop the run (unknown columns), each a
    /// whole message naming the manifest and the line.
    pub warnings: Vec<String>,
}

const REQUIRED: [&str; 4] = ["path", "title", "nation", "year"];
const OPTIONAL: [&str; 8] = [
    "publisher",
    "kind",
    "url",
    "wave",
    "level",
    "authority",
    "series",
    "date",
];
const VAR: &str = "var:";

/// A column of the header, as efrh reads it.
enum Column {
    Known(&'static str),
    Var(VarName),
    Unknown,
}

fn column(name: &str) -> Result<Column, String> {
    if let Some(v) = name.strip_prefix(VAR) {
        return v
            .parse()
            .map(Column::Var)
            .map_err(|e| format!("column '{name}': {e}"));
    }
    Ok(REQUIRED
        .iter()
        .chain(OPTIONAL.iter())
        .find(|k| **k == name)
        .map_or(Column::Unknown, |k| Column::Known(k)))
}

/// Read and validate a whole manifest. `run_wave`: the run's `--wave`.
pub fn read_manifest(
    path: &Path,
    run_wave: Option<Wave>,
) -> std::result::Result<Manifest, ManifestError> {
    let fail = |line: Option<u64>, msg: String| ManifestError {
        path: path.to_path_buf(),
        problems: vec![(line, msg)],
    };
    let bytes = fs::read(path).map_err(|e| fail(None, io_words(&e)))?;
    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| fail(Some(1), csv_words(&e)))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
        .collect();
    if names.len() == 1 && (names[0].contains(';') || names[0].contains('\t')) {
        return Err(fail(
            Some(1),
            "the manifest must be comma-separated (this one uses semicolons or tabs); save it \
             as \"CSV UTF-8 (comma delimited)\""
                .into(),
        ));
    }
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    let mut col: HashMap<&'static str, usize> = HashMap::new();
    let mut vars: BTreeMap<VarName, usize> = BTreeMap::new();
    for (i, n) in names.iter().enumerate() {
        let twice = match column(n) {
            Err(e) => {
                problems.push((Some(1), e));
                false
            }
            Ok(Column::Known(k)) => col.insert(k, i).is_some(),
            Ok(Column::Var(v)) => vars.insert(v, i).is_some(),
            Ok(Column::Unknown) => {
                unknown.push(format!(
                    "{}: line 1: unknown column '{n}' is ignored (efrh reads path, title, nation, \
                     year, {}, and var:NAME for a variable of your own)",
                    path.display(),
                    OPTIONAL.join(", ")
                ));
                false
            }
        };
        if twice {
            problems.push((Some(1), format!("column '{n}' appears twice")));
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|r| !col.contains_key(*r))
        .collect();
    if !missing.is_empty() {
        problems.push((
            Some(1),
            format!(
                "the header lacks the required column(s) {} (the first line must name the \
                 columns, e.g. path,title,nation,year)",
                missing.join(", ")
            ),
        ));
    }
    let errors = |mut problems: Vec<(Option<u64>, String)>, unknown: Vec<String>| {
        // An unknown column often explains a missing one (`yeer`): keep it in view.
        let prefix = format!("{}: line 1: ", path.display());
        problems.extend(
            unknown
                .into_iter()
                .map(|u| (Some(1), u.trim_start_matches(&prefix).to_string())),
        );
        ManifestError {
            path: path.to_path_buf(),
            problems,
        }
    };
    if !problems.is_empty() {
        return Err(errors(problems, unknown));
    }
    let stated = |name: &str, rec: &csv::StringRecord| -> Field<String> {
        match col.get(name) {
            None => Field::Keep,
            Some(&i) => Field::Set(rec.get(i).map(str::to_string).filter(|s| !s.is_empty())),
        }
    };
    let mut inputs = Vec::new();
    let mut seen: HashMap<PathBuf, u64> = HashMap::new();
    let mut lines = LineCounter::new(&bytes);
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| lines.line_at(p.byte()));
                problems.push((line, csv_words(&e)));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| lines.line_at(p.byte()));
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let cell = |name: &str| col.get(name).and_then(|&i| rec.get(i)).unwrap_or("");
        // A column's cell, `None` where the manifest has no such column.
        let column = |name: &str| col.contains_key(name).then(|| cell(name));
        let mut row_problems = Vec::new();
        let rel = cell("path");
        let file = base.join(rel);
        let download = rel.is_empty() && !cell("url").is_empty();
        if rel.is_empty() && !download {
            row_problems.push(
                "the path is empty (give the file's path, or a url to download it from)"
                    .to_string(),
            );
        } else if download {
            // No file: `add` downloads it from the url (an empty path marks that).
        } else if !file.is_file() {
            row_problems.push(format!(
                "file '{rel}' not found (looked for {}; paths are relative to the manifest's \
                 folder)",
                file.display()
            ));
        } else if let Some(prev) = seen.insert(file.clone(), line) {
            row_problems.push(format!("file '{rel}' is already listed on line {prev}"));
        }
        let title = cell("title");
        if title.is_empty() {
            row_problems.push("the title is empty".to_string());
        }
        let nation = ok(&mut row_problems, cell("nation").parse::<Nation>());
        let year = ok(&mut row_problems, cell("year").parse::<Year>());
        let wave = ok(&mut row_problems, optional::<Wave>(cell("wave")));
        let level = ok(&mut row_problems, stated_typed::<Level>(column("level")));
        let authority = ok(
            &mut row_problems,
            stated_typed::<Authority>(column("authority")),
        );
        let series = ok(
            &mut row_problems,
            stated_typed::<SeriesId>(column("series")),
        );
        let date = ok(&mut row_problems, stated_typed::<PubDate>(column("date")));
        if let (Some(Field::Set(Some(d))), Some(y)) = (&date, year) {
            if let Err(e) = d.check_year(y) {
                row_problems.push(e);
            }
        }
        let row_vars: BTreeMap<VarName, Option<String>> = vars
            .iter()
            .map(|(name, &i)| {
                let v = rec.get(i).unwrap_or("").trim();
                (name.clone(), (!v.is_empty()).then(|| v.to_string()))
            })
            .collect();
        match (nation, year, wave, level, authority, series, date) {
            (
                Some(nation),
                Some(year),
                Some(wave),
                Some(level),
                Some(authority),
                Some(series),
                Some(date),
            ) if row_problems.is_empty() => {
                inputs.push(Input {
                    path: if download { PathBuf::new() } else { file },
                    meta: MetaSpec {
                        title: Some(title.to_string()),
                        publisher: stated("publisher", &rec),
                        kind: stated("kind", &rec),
                        url: stated("url", &rec),
                        wave,
                        run_wave,
                        level,
                        authority,
                        series,
                        date,
                        vars: row_vars,
                        ..MetaSpec::new(nation, year)
                    },
                    line: Some(line),
                });
            }
            _ => problems.extend(row_problems.into_iter().map(|p| (Some(line), p))),
        }
    }
    if inputs.is_empty() && problems.is_empty() {
        problems.push((None, "the manifest lists no documents".into()));
    }
    if problems.is_empty() {
        Ok(Manifest {
            inputs,
            warnings: unknown,
        })
    } else {
        Err(errors(problems, unknown))
    }
}

/// The value, or `None` with its problem noted.
fn ok<T>(problems: &mut Vec<String>, r: Result<T, String>) -> Option<T> {
    r.map_err(|e| problems.push(e)).ok()
}

/// An optional cell: empty is `None`.
fn optional<T: FromStr<Err = String>>(cell: &str) -> Result<Option<T>, String> {
    match cell {
        "" => Ok(None),
        v => v.parse().map(Some),
    }
}

/// A cell of an optional column: `Keep` when the column is absent, `Set(None)` when empty.
fn stated_typed<T: FromStr<Err = String>>(cell: Option<&str>) -> Result<Field<T>, String> {
    match cell {
        Some(cell) => optional(cell).map(Field::Set),
        None => Ok(Field::Keep),
    }
}

/// Line numbers of byte offsets, asked in increasing order (as the csv reader yields records):
/// each byte is looked at once, so a manifest of n lines costs O(n), not O(n²).
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Bytes before `at` have been counted.
    at: usize,
    /// Newlines before `at`.
    newlines: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> LineCounter<'a> {
        LineCounter {
            bytes,
            at: 0,
            newlines: 0,
        }
    }

    /// The 1-based line of the record starting at byte `pos`. (The csv crate's own line count
    /// is one short for files with CRLF line ends, as spreadsheets on Windows save them; its
    /// byte offset may point at the end of the previous line.) An offset before one already
    /// asked is counted again from the start.
    fn line_at(&mut self, pos: u64) -> u64 {
        let mut target = usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while self
            .bytes
            .get(target)
            .is_some_and(|b| *b == b'\r' || *b == b'\n')
        {
            target += 1;
        }
        if target < self.at {
            self.at = 0;
            self.newlines = 0;
        }
        self.newlines +=
            self.bytes
                .get(self.at..target)
                .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) as u64;
        self.at = target;
        1 + self.newlines
    }
}

fn csv_words(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} field(s) but the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => {
            "this row is not valid UTF-8 text (save the manifest as UTF-8 CSV)".into()
        }
        _ => format!("cannot read this row: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join("m.csv");
        fs::write(&p, text).expect("write manifest");
        fs::write(dir.join("a.pdf"), b"%PDF-1.4").expect("write a");
        fs::write(dir.join("b.pdf"), b"%PDF-1.4 b").expect("write b");
        p
    }

    #[test]
    fn manifest_good_rows_resolve_paths_and_fields() {
        let dir = tempfile::tempdir().expect("tempdir");
        let m = manifest(
            dir.path(),
            "\u{feff}path,title,nation,year,publisher,wave\r\n\
             a.pdf,A title,Northern Ireland,2017,DoH,\r\n\
             b.pdf,\"B, with comma\",uk,2021,,2022\r\n",
        );
        let inputs = read_manifest(&m, "2020".parse().ok())
            .expect("valid")
            .inputs;
        assert_eq!(inputs.len(), 2);
        assert_eq!(inputs[0].path, dir.path().join("a.pdf"));
        assert_eq!(inputs[0].meta.nation, Nation::NorthernIreland);
        assert_eq!(inputs[0].meta.publisher, Field::Set(Some("DoH".into())));
        assert_eq!(inputs[0].meta.kind, Field::Keep);
        assert_eq!(inputs[0].meta.level, Field::Keep);
        assert_eq!(inputs[0].meta.wave, None);
        assert_eq!(inputs[1].meta.title.as_deref(), Some("B, with comma"));
        assert_eq!(inputs[1].meta.publisher, Field::Set(None));
        assert_eq!(inputs[1].meta.wave.map(Wave::get), Some(2022));
        assert_eq!(inputs[1].line, Some(3));
    }

    #[test]
    fn manifest_reads_level_authority_series_date_and_variables() {
        let dir = tempfile::tempdir().expect("tempdir");
        let m = manifest(
            dir.path(),
            "path,title,nation,year,level,authority,series,date,var:Audience,notes\n\
             a.pdf,A,england,2021,Local,Devon,kcsie,2021-09,schools,check later\n\
             b.pdf,B,england,2022,,,,,,\n",
        );
        let got = read_manifest(&m, None).expect("valid");
        assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
        assert!(
            got.warnings[0].contains("line 1: unknown column 'notes' is ignored"),
            "{:?}",
            got.warnings
        );
        let a = &got.inputs[0].meta;
        assert_eq!(a.level, Field::Set(Some(Level::Local)));
        assert_eq!(a.authority, Field::Set("Devon".parse().ok()));
        assert_eq!(a.series, Field::Set("kcsie".parse().ok()));
        assert_eq!(a.date, Field::Set("2021-09".parse().ok()));
        let audience: VarName = "audience".parse().expect("name");
        assert_eq!(a.vars.get(&audience), Some(&Some("schools".to_string())));
        assert_eq!(a.vars.len(), 1, "notes is not a variable");
        let b = &got.inputs[1].meta;
        assert_eq!(b.level, Field::Set(None));
        assert_eq!(b.series, Field::Set(None));
        assert_eq!(b.vars.get(&audience), Some(&None), "an empty cell clears");
    }

    #[test]
    fn bad_new_fields_name_their_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        let refused = |text: &str| {
            read_manifest(&manifest(dir.path(), text), None)
                .expect_err(text)
                .to_string()
        };
        let err = refused(
            "path,title,nation,year,level,series,date\n\
             a.pdf,A,england,2021,county,,\n\
             b.pdf,B,england,2021,,Working Together,\n\
             a.pdf,C,wales,2021,,,2020-05\n",
        );
        for want in [
            "line 2: unknown level 'county'",
            "line 3: series 'Working Together' is not a series id",
            "line 4: date 2020-05 is outside the year 2021",
        ] {
            assert!(err.contains(want), "{err}");
        }
        for (header, want) in [
            ("var:", "line 1: column 'var:': a variable needs a name"),
            ("var:two words", "line 1: column 'var:two words'"),
        ] {
            let err = refused(&format!(
                "path,title,nation,year,{header}\na.pdf,A,wales,2019,x\n"
            ));
            assert!(err.contains(want), "{err}");
        }
    }

    #[test]
    fn manifest_problems_name_their_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = "path,title,nation,year\n\
             a.pdf,A,France,2017\n\
             missing.pdf,B,wales,2019\n\
             b.pdf,C,wales,1850\n\
             b.pdf,D,wales,2019,extra\n";
        // Spreadsheets on Windows end lines with CRLF: the same lines must be named.
        let m = manifest(dir.path(), &text.replace('\n', "\r\n"));
        let err = read_manifest(&m, None).expect_err("bad");
        let lines: Vec<Option<u64>> = err.problems.iter().map(|p| p.0).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4), Some(5)], "{err}");
        let m = manifest(dir.path(), text);
        let err = read_manifest(&m, None).expect_err("bad");
        let lines: Vec<Option<u64>> = err.problems.iter().map(|p| p.0).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4), Some(5)], "{err}");
        let text = err.to_string();
        assert!(text.contains("line 2: unknown nation 'France'"), "{text}");
        assert!(
            text.contains("line 3: file 'missing.pdf' not found"),
            "{text}"
        );
        assert!(text.contains("line 4: year 1850 is out of range"), "{text}");
        assert!(text.contains("line 5: this row has 5 field(s)"), "{text}");
    }

    #[test]
    fn manifest_header_is_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let m = manifest(dir.path(), "path,title,yeer\na.pdf,A,2019\n");
        let err = read_manifest(&m, None).expect_err("bad header");
        let text = err.to_string();
        assert!(text.contains("line 1: unknown column 'yeer'"), "{text}");
        assert!(text.contains("nation, year"), "{text}");
        let m = manifest(dir.path(), "path;title;nation;year\na.pdf;A;wales;2019\n");
        let err = read_manifest(&m, None).expect_err("semicolons");
        assert!(err.to_string().contains("comma-separated"), "{err}");
        let m = manifest(dir.path(), "path,title,nation,year\n");
        let err = read_manifest(&m, None).expect_err("empty");
        assert!(err.to_string().contains("lists no documents"), "{err}");
        let m = manifest(
            dir.path(),
            "path,title,nation,year,level,Level\na.pdf,A,wales,2019,,\n",
        );
        let err = read_manifest(&m, None).expect_err("twice");
        assert!(
            err.to_string().contains("column 'level' appears twice"),
            "{err}"
        );
    }

    #[test]
    fn line_counter_agrees_with_counting_from_the_start() {
        let text = b"h\r\na\r\n\r\nb\nc\n";
        let slow = |pos: usize| {
            let mut at = pos.min(text.len());
            while text.get(at).is_some_and(|b| *b == b'\r' || *b == b'\n') {
                at += 1;
            }
            1 + text[..at].iter().filter(|c| **c == b'\n').count() as u64
        };
        let mut lines = LineCounter::new(text);
        for pos in 0..=text.len() + 2 {
            assert_eq!(lines.line_at(pos as u64), slow(pos), "at {pos}");
        }
        assert_eq!(lines.line_at(0), 1, "asking again from the start");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Any bytes, with or without a valid header in front: an answer, never a panic, and
        /// every problem names a line within the file.
        #[test]
        fn any_manifest_bytes_are_answered_without_panic(
            header in proptest::bool::ANY,
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        ) {
            let dir = tempfile::tempdir().expect("tempdir");
            let mut text = if header { b"path,title,nation,year,wave,level,date,var:x\n".to_vec() } else { Vec::new() };
            text.extend_from_slice(&body);
            let lines = text.iter().filter(|b| **b == b'\n').count() as u64 + 1;
            let p = dir.path().join("m.csv");
            fs::write(&p, &text).expect("write");
            if let Err(e) = read_manifest(&p, None) {
                for (line, _) in &e.problems {
                    proptest::prop_assert!(line.is_none_or(|l| (1..=lines).contains(&l)), "{e}");
                }
            }
        }
    }
}
