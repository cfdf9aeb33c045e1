//! `efrh search` end to end: the real binary on a corpus built in a temp dir.
//!
//! The corpus is built one document at a time through `efrh add` (tests/common's
//! `CorpusBuilder`), so each test controls the page texts.

mod common;

use assert_cmd::Command;
use common::{CorpusBuilder, Doc, Scratch};
use efrh::model::{DocId, Nation};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A corpus in a scratch folder, built one document at a time through the real `efrh add`
/// (PDFs from `tests/common`'s [`Doc`]), so each test controls the page texts.
struct TestCorpus {
    s: Scratch,
    corpus: PathBuf,
    /// Each stored document's id and what it was made from.
    docs: Vec<(String, Doc)>,
}

/// Metadata for a test document.
#[derive(Clone)]
struct Meta {
    title: &'static str,
    nation: Nation,
    year: u16,
    kind: Option<&'static str>,
    wave: Option<u16>,
    publisher: Option<&'static str>,
}

fn meta(title: &'static str, nation: Nation, year: u16) -> Meta {
    Meta {
        title,
        nation,
        year,
        kind: None,
        wave: None,
        publisher: None,
    }
}

impl TestCorpus {
    fn new() -> TestCorpus {
        let s = Scratch::new();
        let corpus = s.corpus();
        TestCorpus {
            s,
            corpus,
            docs: Vec::new(),
        }
    }

    /// The corpus folder.
    fn root(&self) -> &Path {
        &self.corpus
    }

    /// An empty corpus (a catalogue without records).
    fn empty(&self) {
        CorpusBuilder::new().build_in(&self.s);
    }

    /// Store a document with these page bodies; its id.
    fn add(&mut self, m: Meta, pages: &[&str]) -> String {
        let mut doc = Doc::new(m.title, m.nation.as_str(), m.year)
            .pages(pages)
            .file(&format!("d{}.pdf", self.docs.len()));
        for (column, value) in [
            ("kind", m.kind.map(String::from)),
            ("wave", m.wave.map(|w| w.to_string())),
            ("publisher", m.publisher.map(String::from)),
        ] {
            if let Some(v) = value {
                doc = doc.set(column, &v);
            }
        }
        let id = DocId::from_bytes(&doc.pdf()).to_string();
        CorpusBuilder::new().doc(doc.clone()).build_in(&self.s);
        self.docs.push((id.clone(), doc));
        id
    }

    /// Give a stored document a new title (`efrh add` of the same file with the new title).
    fn retitle(&mut self, id: &str, title: &str) {
        let (_, doc) = self
            .docs
            .iter()
            .find(|(d, _)| d == id)
            .expect("a stored document");
        let path = self.s.write("retitled.pdf", doc.pdf());
        let out = self
            .cmd()
            .arg("add")
            .arg(path)
            .args(["--title", title])
            .args(["--nation", doc.nation(), "--year", doc.year()])
            .output()
            .expect("run add");
        assert!(out.status.success(), "{}", common::stderr(&out));
    }

    fn remove(&mut self, id: &str) {
        self.cmd().args(["remove", id]).assert().success();
        self.docs.retain(|(d, _)| d != id);
    }

    fn cmd(&self) -> Command {
        let mut c = self.s.efrh();
        c.env("NO_COLOR", "1");
        c
    }

    /// Run a search with `--format json`; the rows.
    fn search(&self, args: &[&str]) -> Vec<Row> {
        let out = self
            .cmd()
            .arg("search")
            .args(args)
            .args(["--format", "json"])
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "search {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json rows")
    }

    /// (document title, page) of every hit, in result order.
    fn hits(&self, query: &str) -> Vec<(String, u32)> {
        self.search(&[query])
            .into_iter()
            .map(|r| (r.title, r.page))
            .collect()
    }

    /// Titles of the documents with hits, sorted, deduplicated.
    fn titles(&self, query: &str) -> Vec<String> {
        let mut t: Vec<String> = self.hits(query).into_iter().map(|h| h.0).collect();
        t.sort();
        t.dedup();
        t
    }
}

/// The JSON row: exactly the spec's columns (unknown fields fail the test).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Row {
    id: String,
    title: String,
    nation: String,
    year: u16,
    page: u32,
    page_label: Option<String>,
    score: f64,
    snippet: String,
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// A small corpus used by many tests.
fn sample() -> TestCorpus {
    let mut c = TestCorpus::new();
    c.add(
        Meta {
            kind: Some("Statutory Guidance"),
            wave: Some(2020),
            publisher: Some("Department for Education"),
            ..meta("England guidance", Nation::England, 2018)
        },
        &[
            "Working together to safeguard children.\nCounty lines exploitation is a harm.",
            "Contextual safeguarding looks at places where harm happens.",
            "Nothing relevant on this page.",
        ],
    );
    c.add(
        Meta {
            kind: Some("strategy"),
            wave: Some(2022),
            publisher: Some("Welsh Government"),
            ..meta("Wales strategy", Nation::Wales, 2021)
        },
        &[
            "A trauma-informed approach to county lines and gangs.",
            "Lines about county boundaries, not county lines.",
        ],
    );
    c.add(
        Meta {
            kind: Some("policy"),
            wave: Some(2022),
            ..meta("Scotland policy", Nation::Scotland, 2023)
        },
        &["Trauma informed practice.\nGang violence and knife crime."],
    );
    c.add(
        meta("NI framework", Nation::NorthernIreland, 2016),
        &["The framework is trauma-\ninformed and child centred. Keep safe-\nguarding first."],
    );
    c
}

#[test]
fn single_word_is_case_insensitive_and_whole_word() {
    let c = sample();
    assert_eq!(c.titles("GANGS"), strs(&["Wales strategy"]));
    // No stemming by default: "gang" is not "gangs".
    assert_eq!(c.titles("gang"), strs(&["Scotland policy"]));
    assert_eq!(
        c.titles("harm"),
        strs(&["England guidance"]),
        "harm is on pages 1 and 2 of one document"
    );
    assert_eq!(
        c.hits("harm").len(),
        2,
        "one row per matching page: {:?}",
        c.hits("harm")
    );
}

/// The query is normalised like the stored text (rule 1): a word pasted from a PDF viewer
/// with a ligature, curly quotes from a word processor and full-width letters find what the
/// page holds (they used to find nothing).
#[test]
fn query_is_normalised_like_the_text() {
    let c = sample();
    // "ﬁrst" with the U+FB01 ligature; the NI framework's page says "first".
    assert_eq!(c.titles("\u{FB01}rst"), strs(&["NI framework"]));
    // Curly quotes make a phrase, as straight ones do: "county lines" in this order only.
    assert_eq!(
        c.hits("\u{201C}county lines\u{201D}"),
        c.hits("\"county lines\"")
    );
    assert!(!c.hits("\"county lines\"").is_empty());
    // A curly-quoted phrase needs its words in order, as a straight-quoted one does.
    assert_eq!(
        c.titles("\u{201C}lines about county\u{201D}"),
        strs(&["Wales strategy"])
    );
    assert!(c.hits("\u{201C}county about lines\u{201D}").is_empty());
    // Full-width letters (NFKC).
    assert_eq!(
        c.titles("\u{FF27}\u{FF21}\u{FF2E}\u{FF27}\u{FF33}"),
        strs(&["Wales strategy"])
    );
}

#[test]
fn stem_option_matches_word_forms() {
    let c = sample();
    let rows = c.search(&["gang", "--stem"]);
    let mut titles: Vec<String> = rows.into_iter().map(|r| r.title).collect();
    titles.sort();
    assert_eq!(titles, strs(&["Scotland policy", "Wales strategy"]));
}

#[test]
fn phrases_need_the_words_in_order() {
    let c = sample();
    // "Lines about county boundaries, not county lines." has "county lines" too.
    let mut hits = c.hits("\"county lines\"");
    hits.sort();
    assert_eq!(
        hits,
        vec![
            ("England guidance".to_string(), 1),
            ("Wales strategy".to_string(), 1),
            ("Wales strategy".to_string(), 2)
        ]
    );
    // Reversed order is another phrase.
    assert!(c.hits("\"lines county\"").is_empty());
    // Without quotes: both words anywhere on the page.
    let mut hits = c.hits("lines boundaries");
    hits.sort();
    assert_eq!(hits, vec![("Wales strategy".to_string(), 2)]);
}

#[test]
fn hyphenated_query_finds_spaced_hyphenated_and_line_broken_forms() {
    let c = sample();
    let want = strs(&["NI framework", "Scotland policy", "Wales strategy"]);
    // Wales: "trauma-informed"; Scotland: "Trauma informed"; NI: "trauma-\ninformed".
    assert_eq!(c.titles("trauma-informed"), want);
    assert_eq!(c.titles("\"trauma informed\""), want);
    assert_eq!(c.titles("\"trauma-informed\""), want);
}

#[test]
fn word_broken_at_line_end_is_one_word() {
    let c = sample();
    // NI: "Keep safe-\nguarding first."; England page 2: "Contextual safeguarding";
    // England page 1: "safeguard" is another word.
    assert_eq!(
        c.titles("safeguarding"),
        strs(&["England guidance", "NI framework"])
    );
    assert_eq!(
        c.hits("safeguarding").len(),
        2,
        "{:?}",
        c.hits("safeguarding")
    );
    assert_eq!(
        c.titles("\"keep safeguarding first\""),
        strs(&["NI framework"])
    );
    // The split reading still works too.
    assert_eq!(c.titles("\"safe guarding\""), strs(&["NI framework"]));
    let rows = c.search(&["safeguarding nation:ni"]);
    assert!(
        rows[0].snippet.contains("**safe-guarding**"),
        "{}",
        rows[0].snippet
    );
}

#[test]
fn boolean_operators() {
    let c = sample();
    assert_eq!(
        c.titles("gangs OR gang"),
        strs(&["Scotland policy", "Wales strategy"])
    );
    assert_eq!(c.titles("trauma AND gangs"), strs(&["Wales strategy"]));
    assert_eq!(c.titles("trauma gangs"), strs(&["Wales strategy"]));
    assert_eq!(
        c.titles("trauma-informed NOT gangs"),
        strs(&["NI framework", "Scotland policy"])
    );
    assert_eq!(
        c.titles("trauma-informed -gangs"),
        strs(&["NI framework", "Scotland policy"])
    );
    // AND binds tighter than OR.
    assert_eq!(
        c.titles("knife crime OR boundaries"),
        strs(&["Scotland policy", "Wales strategy"])
    );
    assert_eq!(
        c.titles("(gangs OR knife) trauma"),
        strs(&["Scotland policy", "Wales strategy"])
    );
    // Lower-case "or" is a word, so both must be present (none has "or").
    assert!(c.hits("gangs or gang").is_empty());
    // A query that is only a NOT lists every other page.
    let all_pages = 3 + 2 + 1 + 1;
    assert_eq!(c.hits("NOT county").len(), all_pages - 3);
}

#[test]
fn field_filters() {
    let c = sample();
    assert_eq!(c.titles("trauma nation:wales"), strs(&["Wales strategy"]));
    assert_eq!(c.titles("trauma nation:NI"), strs(&["NI framework"]));
    assert_eq!(
        c.titles("trauma nation:\"Northern Ireland\""),
        strs(&["NI framework"])
    );
    assert_eq!(c.titles("nation:scotland"), strs(&["Scotland policy"]));
    assert_eq!(
        c.titles("kind:statutory-guidance"),
        strs(&["England guidance"])
    );
    assert_eq!(
        c.titles("kind:\"Statutory Guidance\""),
        strs(&["England guidance"])
    );
    assert_eq!(
        c.titles("wave:2022"),
        strs(&["Scotland policy", "Wales strategy"])
    );
    assert_eq!(c.titles("publisher:welsh"), strs(&["Wales strategy"]));
    assert_eq!(
        c.titles("publisher:\"department for education\""),
        strs(&["England guidance"])
    );
    assert_eq!(c.titles("title:framework"), strs(&["NI framework"]));
    let id = c.search(&["nation:wales"])[0].id.clone();
    assert_eq!(c.titles(&format!("id:{id}")), strs(&["Wales strategy"]));
    assert_eq!(
        c.titles("county NOT nation:england"),
        strs(&["Wales strategy"])
    );
    // A filter alone lists every page of the matching documents.
    assert_eq!(c.hits("nation:england").len(), 3);
}

#[test]
fn year_filters_and_ranges() {
    let c = sample();
    // Years: NI 2016, England 2018, Wales 2021, Scotland 2023.
    assert_eq!(c.titles("year:2021"), strs(&["Wales strategy"]));
    assert_eq!(
        c.titles("year:[2018 TO 2021]"),
        strs(&["England guidance", "Wales strategy"])
    );
    assert_eq!(c.titles("year:{2018 TO 2021]"), strs(&["Wales strategy"]));
    assert_eq!(
        c.titles("year:[2021 TO *]"),
        strs(&["Scotland policy", "Wales strategy"])
    );
    assert_eq!(
        c.titles("year:[* TO 2018]"),
        strs(&["England guidance", "NI framework"])
    );
    assert_eq!(
        c.titles("trauma year:[2017 TO 2023]"),
        strs(&["Scotland policy", "Wales strategy"])
    );
    assert!(c.hits("year:2019").is_empty());
}

#[test]
fn three_mentions_outrank_one() {
    let mut c = TestCorpus::new();
    let filler = "The local authority publishes its plan every year for families.";
    c.add(
        meta("One mention", Nation::England, 2020),
        &[&format!("{filler} County lines is a concern. {filler}")],
    );
    c.add(
        meta("Three mentions", Nation::England, 2020),
        &[&format!(
            "{filler} County lines is a concern. County lines again. And county lines. {filler}"
        )],
    );
    c.add(meta("None", Nation::England, 2020), &[filler]);
    let rows = c.search(&["\"county lines\""]);
    let titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["Three mentions", "One mention"]);
    assert!(rows[0].score > rows[1].score, "{rows:?}");
    let rows = c.search(&["county"]);
    assert_eq!(rows[0].title, "Three mentions");
}

#[test]
fn limit_and_output_formats() {
    let c = sample();
    assert_eq!(c.search(&["county", "--limit", "1"]).len(), 1);
    assert_eq!(c.search(&["county"]).len(), 3);

    let out = c
        .cmd()
        .args(["search", "\"county lines\"", "--format", "csv"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).expect("utf8");
    assert!(
        csv.starts_with("id,title,nation,year,page,page_label,score,snippet\n"),
        "{csv}"
    );
    assert!(csv.contains("**County lines**"), "{csv}");

    let out = c
        .cmd()
        .args(["search", "\"county lines\""])
        .output()
        .expect("run");
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).expect("utf8");
    assert!(table.starts_with("id "), "{table}");
    assert!(table.contains("**county lines**"), "{table}");
    for line in table.lines() {
        // The snippet fits the table's 60-character cell without being cut.
        let snippet = line.split("  ").last().unwrap_or("");
        assert!(snippet.chars().count() <= 60, "{line}");
    }

    c.cmd()
        .args(["search", "gangs", "--limit", "0"])
        .assert()
        .code(2);
}

#[test]
fn json_numbers_and_snippet_marks() {
    let c = sample();
    let out = c
        .cmd()
        .args(["search", "gangs", "--format", "json"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v[0]["year"].is_u64(), "{v}");
    assert!(v[0]["page"].is_u64(), "{v}");
    assert!(v[0]["score"].is_f64(), "{v}");
    assert_eq!(
        v[0]["snippet"],
        "A trauma-informed approach to county lines and **gangs**."
    );
}

#[test]
fn no_matches_is_success_with_a_message() {
    let c = sample();
    c.cmd()
        .args(["search", "unicorns"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicates::str::contains("no matches"));
    c.cmd()
        .args(["search", "unicorns", "--format", "json"])
        .assert()
        .success()
        .stdout("[]\n");
}

#[test]
fn malformed_queries_exit_2_with_position_and_fields() {
    let c = sample();
    std::fs::remove_dir_all(c.root().join("index")).expect("delete the index `add` built");
    for (q, what) in [
        ("\"county lines", "never closed"),
        ("natoin:wales", "unknown field 'natoin'"),
        ("year:[2022 TO 2018]", "backwards"),
        ("year:[2018 2022]", "a range is written"),
        ("nation:atlantis", "unknown nation"),
        ("(gangs", "never closed"),
        ("gangs AND", "AND needs a term"),
    ] {
        c.cmd()
            .args(["search", q])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains(what))
            .stderr(predicates::str::contains("^"))
            .stderr(predicates::str::contains(
                "fields: nation, year, wave, kind, publisher, title, id",
            ));
    }
    // Nothing was built for a bad query.
    assert!(!c.root().join("index").exists());
}

#[test]
fn incremental_add_remove_and_metadata_change() {
    let mut c = TestCorpus::new();
    c.add(
        meta("First", Nation::England, 2020),
        &["Contextual safeguarding."],
    );
    assert_eq!(c.titles("contextual"), strs(&["First"]));

    // The index already exists: this sync adds one document, deleting nothing.
    let segment_files_before = files(&c.root().join("index"));
    let second = c.add(
        meta("Second", Nation::Wales, 2021),
        &["Contextual safeguarding in Wales."],
    );
    assert_eq!(c.titles("contextual"), strs(&["First", "Second"]));
    let after = files(&c.root().join("index"));
    assert!(
        segment_files_before
            .iter()
            .filter(|f| f.ends_with(".idx"))
            .all(|f| after.contains(f)),
        "incremental add kept the first segment: {segment_files_before:?} → {after:?}"
    );

    // New metadata for the same id is picked up.
    c.retitle(&second, "Second, retitled");
    assert_eq!(c.titles("contextual"), strs(&["First", "Second, retitled"]));
    assert_eq!(
        c.titles("contextual nation:wales"),
        strs(&["Second, retitled"])
    );

    c.remove(&second);
    assert_eq!(c.titles("contextual"), strs(&["First"]));
    c.cmd()
        .args(["search", "wales"])
        .assert()
        .success()
        .stderr(predicates::str::contains("no matches"));
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn missing_or_damaged_index_is_rebuilt() {
    let c = sample();
    assert_eq!(c.titles("gangs"), strs(&["Wales strategy"]));
    let index = c.root().join("index");

    std::fs::remove_dir_all(&index).expect("delete index");
    assert_eq!(c.titles("gangs"), strs(&["Wales strategy"]));

    // Garbage instead of every index file.
    for f in files(&index) {
        std::fs::write(index.join(f), b"garbage").expect("overwrite");
    }
    assert_eq!(c.titles("gangs"), strs(&["Wales strategy"]));

    // A file where the folder should be.
    std::fs::remove_dir_all(&index).expect("delete index");
    std::fs::write(&index, b"not a folder").expect("write file");
    assert_eq!(c.titles("gangs"), strs(&["Wales strategy"]));

    // Segment files damaged behind a valid commit.
    for f in files(&index) {
        if f.ends_with(".idx") || f.ends_with(".pos") || f.ends_with(".term") {
            std::fs::write(index.join(f), b"garbage").expect("overwrite");
        }
    }
    assert_eq!(c.titles("gangs"), strs(&["Wales strategy"]));
}

#[test]
fn unreadable_stored_text_is_reported_and_makes_the_result_partial() {
    let mut c = sample();
    let id = c.add(meta("Broken", Nation::Uk, 2020), &["gangs everywhere"]);
    std::fs::write(
        c.root().join("text").join(format!("{id}.json")),
        b"{not json",
    )
    .expect("w");
    // The index `add` built holds the text; built again, it cannot read it.
    std::fs::remove_dir_all(c.root().join("index")).expect("delete index");
    for _ in 0..2 {
        // Reported on every search (the index remembers it), not only the one that found it.
        let out = c
            .cmd()
            .args(["search", "gangs", "--format", "json"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("error: document {id} is not searchable")),
            "{stderr}"
        );
        let rows: Vec<Row> = serde_json::from_slice(&out.stdout).expect("json");
        let titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["Wales strategy"]);
    }
}

#[test]
fn empty_corpus_has_no_matches() {
    let c = TestCorpus::new();
    // An empty corpus has a catalogue with no records (a folder without one is no corpus).
    c.empty();
    c.cmd()
        .args(["search", "gangs"])
        .assert()
        .success()
        .stderr(predicates::str::contains("no matches"));
}

/// Write a text PDF with these pages (lines as given) into the test dir; its path.
fn write_pdf(dir: &Path, name: &str, pages: &[&[&str]]) -> std::path::PathBuf {
    use efrh::pdfwrite::{text_pdf, Options};
    let pages: Vec<Vec<String>> = pages
        .iter()
        .map(|p| p.iter().map(|l| l.to_string()).collect())
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, text_pdf(&pages, &Options::default())).expect("write pdf");
    path
}

#[test]
fn add_remove_reindex_check_keep_search_in_step() {
    let c = TestCorpus::new();
    let pdfs = tempfile::tempdir().expect("tempdir");
    let first = write_pdf(
        pdfs.path(),
        "first.pdf",
        &[
            &["Introduction to the strategy."],
            &[
                "Young people at risk of county lines",
                "exploitation need trauma-",
                "informed support.",
            ],
        ],
    );
    c.cmd()
        .args(["add"])
        .arg(&first)
        .args([
            "--nation",
            "wales",
            "--year",
            "2021",
            "--title",
            "First PDF",
        ])
        .assert()
        .success();
    // `add` built the index: the first search opens it as it is.
    assert!(c.root().join("index").join("meta.json").is_file());
    let rows = c.search(&["trauma-informed"]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].title.as_str(), rows[0].page), ("First PDF", 2));
    assert_eq!(rows[0].nation, "wales");
    assert_eq!(rows[0].year, 2021);

    let second = write_pdf(
        pdfs.path(),
        "second.pdf",
        &[&["County lines and contextual safeguarding."]],
    );
    c.cmd()
        .args(["add"])
        .arg(&second)
        .args([
            "--nation",
            "scotland",
            "--year",
            "2019",
            "--title",
            "Second PDF",
        ])
        .assert()
        .success();
    c.cmd().arg("check").assert().success();
    assert_eq!(
        c.titles("\"county lines\""),
        strs(&["First PDF", "Second PDF"])
    );
    assert_eq!(
        c.titles("\"county lines\" year:[2015 TO 2020]"),
        strs(&["Second PDF"])
    );

    let id = c.search(&["nation:scotland"])[0].id.clone();
    c.cmd().args(["remove", &id]).assert().success();
    c.cmd().arg("check").assert().success();
    assert_eq!(c.titles("\"county lines\""), strs(&["First PDF"]));

    // `reindex` builds a deleted index again.
    std::fs::remove_dir_all(c.root().join("index")).expect("delete index");
    c.cmd().arg("reindex").assert().success();
    assert!(c.root().join("index").join("meta.json").is_file());
    assert_eq!(c.titles("\"county lines\""), strs(&["First PDF"]));
}

#[test]
fn trailing_wildcard_matches_word_beginnings() {
    let c = sample();
    // "gangs" (Wales) and "Gang" (Scotland); not "safeguard" or "guarding".
    assert_eq!(
        c.titles("gang*"),
        strs(&["Scotland policy", "Wales strategy"])
    );
    // A phrase whose last word is a prefix: "county lines" but not "county boundaries".
    let mut hits = c.hits("county-lin*");
    hits.sort();
    assert_eq!(
        hits,
        vec![
            ("England guidance".to_string(), 1),
            ("Wales strategy".to_string(), 1),
            ("Wales strategy".to_string(), 2)
        ]
    );
    // Line-end hyphenation: "safe-" + "guarding" is found as safeg…
    assert_eq!(
        c.titles("safeg*"),
        strs(&["England guidance", "NI framework"])
    );
    let rows = c.search(&["gang*", "nation:wales"]);
    assert_eq!(
        rows[0].snippet,
        "A trauma-informed approach to county lines and **gangs**."
    );
    c.cmd().args(["search", "ga*"]).assert().code(2);
}

#[test]
fn wildcard_standing_for_too_many_words_is_refused_not_cut_short() {
    let mut c = TestCorpus::new();
    let many: Vec<String> = (0..=2000).map(|i| format!("abc{i}")).collect();
    let body = many.join(" ");
    c.add(meta("Many", Nation::Uk, 2020), &[&body]);
    c.cmd()
        .args(["search", "abc*"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("more than 2000 different words"));
    // A longer prefix (abc1, abc10…abc1999: 1,111 words) is fine.
    assert_eq!(c.hits("abc1*").len(), 1);
}

/// The words of a page in the split or joined reading, computed independently of the index
/// code: lower-case, runs of letters/digits; joined = "letter-\nletter" read as one word.
fn oracle_words(text: &str, joined: bool) -> Vec<String> {
    let lower = text.to_lowercase();
    let text = if joined {
        let re = regex::Regex::new(r"([[:alpha:]])-[ \t]*\n[ \t]*([[:alnum:]])").expect("re");
        let once = re.replace_all(&lower, "$1$2").into_owned();
        re.replace_all(&once, "$1$2").into_owned()
    } else {
        lower
    };
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn real_pdfs_search_agrees_with_their_stored_text() {
    let Some(dir) = common::real_pdfs() else {
        return;
    };
    let dir = dir.as_path();
    let files = [
        "Children_missing_education_guidance_-_August_2024.pdf",
        "Local_offer_guidance.pdf",
    ];
    let found = files.iter().all(|f| dir.join(f).is_file());
    if common::require(
        found.then_some(()),
        &format!("{files:?} in {}", dir.display()),
    )
    .is_none()
    {
        return;
    }
    let c = TestCorpus::new();
    let mut add = c.cmd();
    add.arg("add");
    for f in files {
        add.arg(dir.join(f));
    }
    add.args(["--nation", "england", "--year", "2024"])
        .assert()
        .success();

    // Every page of every document, from `efrh text` (pages separated by form feeds).
    let ids: Vec<String> = c
        .search(&["nation:england", "--limit", "100000"])
        .into_iter()
        .map(|r| r.id)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(ids.len(), 2);
    let mut pages: Vec<(String, u32, String)> = Vec::new();
    for id in &ids {
        let out = c.cmd().args(["text", id]).output().expect("text");
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).expect("utf8");
        for (i, p) in text.split('\u{c}').enumerate() {
            pages.push((id.clone(), i as u32 + 1, p.to_string()));
        }
    }

    for (query, phrase) in [
        ("safeguarding", vec!["safeguarding"]),
        ("\"missing education\"", vec!["missing", "education"]),
        ("local-authority", vec!["local", "authority"]),
        ("SEND", vec!["send"]),
    ] {
        let want: std::collections::BTreeSet<(String, u32)> = pages
            .iter()
            .filter(|(_, _, text)| {
                [false, true].into_iter().any(|joined| {
                    oracle_words(text, joined)
                        .windows(phrase.len())
                        .any(|w| w.iter().zip(&phrase).all(|(a, b)| a == b))
                })
            })
            .map(|(id, page, _)| (id.clone(), *page))
            .collect();
        let got: std::collections::BTreeSet<(String, u32)> = c
            .search(&[query, "--limit", "100000"])
            .into_iter()
            .map(|r| (r.id, r.page))
            .collect();
        assert!(
            !want.is_empty(),
            "{query}: the oracle found nothing; pick another query"
        );
        assert_eq!(got, want, "{query}");
    }
}

#[test]
fn a_line_end_hyphen_elsewhere_on_a_page_does_not_change_its_rank() {
    let mut c = TestCorpus::new();
    // One mention, plus an unrelated word hyphenated at a line end.
    c.add(
        meta("Hyphenated page", Nation::England, 2020),
        &["Gangs are one concern among many for the safe-\nguarding partners here."],
    );
    c.add(
        meta("Three mentions", Nation::England, 2020),
        &["Gangs are one concern, gangs another, and gangs a third for partners here."],
    );
    for i in 0..5 {
        c.add(
            meta(
                ["Filler a", "Filler b", "Filler c", "Filler d", "Filler e"][i],
                Nation::England,
                2020,
            ),
            &["Gangs are mentioned once on this page among other words."],
        );
    }
    let rows = c.search(&["gangs", "--limit", "2"]);
    assert_eq!(rows[0].title, "Three mentions", "{rows:?}");
}

#[test]
fn concurrent_searches_on_a_stale_index_all_succeed() {
    let mut c = sample();
    assert_eq!(c.titles("gangs"), strs(&["Wales strategy"]));
    // Make the index stale (`add` keeps it in step, so the catalogue changes behind efrh's
    // back, as an editor would change it), then search from several processes at once: one
    // updates it under the corpus lock, the others wait and then find it fresh.
    c.add(meta("Late", Nation::Uk, 2022), &["gangs late"]);
    let catalogue = c.root().join("catalogue.toml");
    let text = std::fs::read_to_string(&catalogue).expect("catalogue");
    std::fs::write(&catalogue, text.replacen("Late", "Later", 1)).expect("edit catalogue");
    let children: Vec<std::process::Child> = (0..4)
        .map(|_| {
            common::efrh_std(c.root())
                .arg("--corpus")
                .arg(c.root())
                .args(["search", "gangs", "--format", "csv"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let csv = String::from_utf8(out.stdout).expect("utf8");
        assert_eq!(csv.lines().count(), 3, "header + 2 rows: {csv}");
    }
}
