//! `efrh search` end to end: the real binary on a corpus built in a temp dir.
//!
//! The corpus is built one document at a time through `efrh add` (tests/common's
//! `CorpusBuilder`), so each test controls the page texts.

mod common;

use assert_cmd::Command;
use common::{CorpusBuilder, Doc, Scratch};
use efrh::model::DocId;
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
    fn add(&mut self, doc: Doc, pages: &[&str]) -> String {
        let doc = doc.pages(pages).file(&format!("d{}.pdf", self.docs.len()));
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
        self.s.write("retitled.pdf", doc.pdf());
        let (nation, year) = (doc.nation(), doc.year());
        self.ok(&[
            "add",
            "retitled.pdf",
            "--title",
            title,
            "--nation",
            nation,
            "--year",
            year,
        ]);
    }

    fn remove(&mut self, id: &str) {
        self.ok(&["remove", id]);
        self.docs.retain(|(d, _)| d != id);
    }

    fn cmd(&self) -> Command {
        let mut c = self.s.efrh();
        c.env("NO_COLOR", "1");
        c
    }

    /// Run a search with `--format json`; the rows.
    fn search(&self, args: &[&str]) -> Vec<Row> {
        serde_json::from_str(&self.ok(&[&["search"][..], args, &["--format", "json"]].concat()))
            .expect("json rows")
    }

    /// `efrh ARGS`, which must exit 0: its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run");
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            common::stderr(&out)
        );
        common::stdout(&out)
    }

    /// `efrh ARGS`, which must exit with `code`: its stderr.
    fn fail(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd().args(args).output().expect("run");
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            common::stderr(&out)
        );
        common::stderr(&out)
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

/// The (title, page) of every hit of `query`, sorted.
fn sorted_hits(c: &TestCorpus, query: &str) -> Vec<(String, u32)> {
    let mut hits = c.hits(query);
    hits.sort();
    hits
}

/// The sample's pages that say "county lines", sorted.
fn county_lines_pages() -> Vec<(String, u32)> {
    vec![
        ("England guidance".to_string(), 1),
        ("Wales strategy".to_string(), 1),
        ("Wales strategy".to_string(), 2),
    ]
}

/// Each query finds exactly the documents titled (sorted).
fn titles_are(c: &TestCorpus, cases: &[(&str, &[&str])]) {
    for (query, want) in cases {
        assert_eq!(c.titles(query), strs(want), "{query}");
    }
}

/// The sample's documents: title, nation, year, kind, wave, publisher (empty: not set).
const SAMPLE: &str = "\
England guidance,england,2018,Statutory Guidance,2020,Department for Education
Wales strategy,wales,2021,strategy,2022,Welsh Government
Scotland policy,scotland,2023,policy,2022,
NI framework,northern-ireland,2016,,,";

/// A small corpus used by many tests.
fn sample() -> TestCorpus {
    let pages: [&[&str]; 4] = [
        &[
            "Working together to safeguard children.\nCounty lines exploitation is a harm.",
            "Contextual safeguarding looks at places where harm happens.",
            "Nothing relevant on this page.",
        ],
        &[
            "A trauma-informed approach to county lines and gangs.",
            "Lines about county boundaries, not county lines.",
        ],
        &["Trauma informed practice.\nGang violence and knife crime."],
        &["The framework is trauma-\ninformed and child centred. Keep safe-\nguarding first."],
    ];
    let mut c = TestCorpus::new();
    for (meta, pages) in SAMPLE.lines().zip(pages) {
        let fields: Vec<&str> = meta.split(',').collect();
        let [title, nation, year, kind, wave, publisher] = fields[..] else {
            panic!("six fields: {meta}");
        };
        let mut doc = Doc::new(title, nation, year.parse().expect("a year"));
        for (column, value) in [("kind", kind), ("wave", wave), ("publisher", publisher)] {
            if !value.is_empty() {
                doc = doc.set(column, value);
            }
        }
        c.add(doc, pages);
    }
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
    assert_eq!(sorted_hits(&c, "\"county lines\""), county_lines_pages());
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
    titles_are(
        &c,
        &[("safeguarding", &["England guidance", "NI framework"])],
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
    titles_are(
        &c,
        &[
            ("gangs OR gang", &["Scotland policy", "Wales strategy"]),
            ("trauma AND gangs", &["Wales strategy"]),
            ("trauma gangs", &["Wales strategy"]),
            (
                "trauma-informed NOT gangs",
                &["NI framework", "Scotland policy"],
            ),
            (
                "trauma-informed -gangs",
                &["NI framework", "Scotland policy"],
            ),
            // AND binds tighter than OR.
            (
                "knife crime OR boundaries",
                &["Scotland policy", "Wales strategy"],
            ),
            (
                "(gangs OR knife) trauma",
                &["Scotland policy", "Wales strategy"],
            ),
        ],
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
    titles_are(
        &c,
        &[
            ("trauma nation:wales", &["Wales strategy"]),
            ("trauma nation:NI", &["NI framework"]),
            ("trauma nation:\"Northern Ireland\"", &["NI framework"]),
            ("nation:scotland", &["Scotland policy"]),
            ("kind:statutory-guidance", &["England guidance"]),
            ("kind:\"Statutory Guidance\"", &["England guidance"]),
            ("wave:2022", &["Scotland policy", "Wales strategy"]),
            ("publisher:welsh", &["Wales strategy"]),
            (
                "publisher:\"department for education\"",
                &["England guidance"],
            ),
            ("title:framework", &["NI framework"]),
            ("county NOT nation:england", &["Wales strategy"]),
        ],
    );
    let id = c.search(&["nation:wales"])[0].id.clone();
    assert_eq!(c.titles(&format!("id:{id}")), strs(&["Wales strategy"]));
    // A filter alone lists every page of the matching documents.
    assert_eq!(c.hits("nation:england").len(), 3);
}

#[test]
fn year_filters_and_ranges() {
    let c = sample();
    // Years: NI 2016, England 2018, Wales 2021, Scotland 2023.
    titles_are(
        &c,
        &[
            ("year:2021", &["Wales strategy"]),
            (
                "year:[2018 TO 2021]",
                &["England guidance", "Wales strategy"],
            ),
            ("year:{2018 TO 2021]", &["Wales strategy"]),
            ("year:[2021 TO *]", &["Scotland policy", "Wales strategy"]),
            ("year:[* TO 2018]", &["England guidance", "NI framework"]),
            (
                "trauma year:[2017 TO 2023]",
                &["Scotland policy", "Wales strategy"],
            ),
        ],
    );
    assert!(c.hits("year:2019").is_empty());
}

#[test]
fn three_mentions_outrank_one() {
    let mut c = TestCorpus::new();
    let filler = "The local authority publishes its plan every year for families.";
    c.add(
        Doc::new("One mention", "england", 2020),
        &[&format!("{filler} County lines is a concern. {filler}")],
    );
    c.add(
        Doc::new("Three mentions", "england", 2020),
        &[&format!(
            "{filler} County lines is a concern. County lines again. And county lines. {filler}"
        )],
    );
    c.add(Doc::new("None", "england", 2020), &[filler]);
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

    let csv = c.ok(&["search", "\"county lines\"", "--format", "csv"]);
    assert!(
        csv.starts_with("id,title,nation,year,page,page_label,score,snippet\n"),
        "{csv}"
    );
    assert!(csv.contains("**County lines**"), "{csv}");

    let table = c.ok(&["search", "\"county lines\""]);
    assert!(table.starts_with("id "), "{table}");
    assert!(table.contains("**county lines**"), "{table}");
    for line in table.lines() {
        // The snippet fits the table's 60-character cell without being cut.
        let snippet = line.split("  ").last().unwrap_or("");
        assert!(snippet.chars().count() <= 60, "{line}");
    }

    c.fail(&["search", "gangs", "--limit", "0"], 2);
}

#[test]
fn json_numbers_and_snippet_marks() {
    let c = sample();
    let v: serde_json::Value =
        serde_json::from_str(&c.ok(&["search", "gangs", "--format", "json"])).expect("json");
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
    assert_eq!(c.ok(&["search", "unicorns", "--format", "json"]), "[]\n");
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
        Doc::new("First", "england", 2020),
        &["Contextual safeguarding."],
    );
    assert_eq!(c.titles("contextual"), strs(&["First"]));

    // The index already exists: this sync adds one document, deleting nothing.
    let segment_files_before = files(&c.root().join("index"));
    let second = c.add(
        Doc::new("Second", "wales", 2021),
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
    let out = c.cmd().args(["search", "wales"]).output().expect("run");
    assert!(out.status.success());
    assert!(common::stderr(&out).contains("no matches"));
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
    let id = c.add(Doc::new("Broken", "uk", 2020), &["gangs everywhere"]);
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
        let stderr = common::stderr(&out);
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
    let out = c.cmd().args(["search", "gangs"]).output().expect("run");
    assert!(out.status.success());
    assert!(common::stderr(&out).contains("no matches"));
}

#[test]
fn add_remove_reindex_check_keep_search_in_step() {
    let mut c = TestCorpus::new();
    c.add(
        Doc::new("First PDF", "wales", 2021),
        &[
            "Introduction to the strategy.",
            "Young people at risk of county lines\nexploitation need trauma-\ninformed support.",
        ],
    );
    // `add` built the index: the first search opens it as it is.
    assert!(c.root().join("index").join("meta.json").is_file());
    let rows = c.search(&["trauma-informed"]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].title.as_str(), rows[0].page), ("First PDF", 2));
    assert_eq!(rows[0].nation, "wales");
    assert_eq!(rows[0].year, 2021);

    c.add(
        Doc::new("Second PDF", "scotland", 2019),
        &["County lines and contextual safeguarding."],
    );
    c.ok(&["check"]);
    assert_eq!(
        c.titles("\"county lines\""),
        strs(&["First PDF", "Second PDF"])
    );
    assert_eq!(
        c.titles("\"county lines\" year:[2015 TO 2020]"),
        strs(&["Second PDF"])
    );

    let id = c.search(&["nation:scotland"])[0].id.clone();
    c.remove(&id);
    c.ok(&["check"]);
    assert_eq!(c.titles("\"county lines\""), strs(&["First PDF"]));

    // `reindex` builds a deleted index again.
    std::fs::remove_dir_all(c.root().join("index")).expect("delete index");
    c.ok(&["reindex"]);
    assert!(c.root().join("index").join("meta.json").is_file());
    assert_eq!(c.titles("\"county lines\""), strs(&["First PDF"]));
}

#[test]
fn trailing_wildcard_matches_word_beginnings() {
    let c = sample();
    // "gangs" (Wales) and "Gang" (Scotland); not "safeguard" or "guarding".
    titles_are(&c, &[("gang*", &["Scotland policy", "Wales strategy"])]);
    // A phrase whose last word is a prefix: "county lines" but not "county boundaries".
    assert_eq!(sorted_hits(&c, "county-lin*"), county_lines_pages());
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
    c.fail(&["search", "ga*"], 2);
}

#[test]
fn wildcard_standing_for_too_many_words_is_refused_not_cut_short() {
    let mut c = TestCorpus::new();
    let many: Vec<String> = (0..=2000).map(|i| format!("abc{i}")).collect();
    let body = many.join(" ");
    c.add(Doc::new("Many", "uk", 2020), &[&body]);
    let err = c.fail(&["search", "abc*"], 2);
    assert!(err.contains("more than 2000 different words"), "{err}");
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
        let text = c.ok(&["text", id]);
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
        Doc::new("Hyphenated page", "england", 2020),
        &["Gangs are one concern among many for the safe-\nguarding partners here."],
    );
    c.add(
        Doc::new("Three mentions", "england", 2020),
        &["Gangs are one concern, gangs another, and gangs a third for partners here."],
    );
    for i in 0..5 {
        c.add(
            Doc::new(
                ["Filler a", "Filler b", "Filler c", "Filler d", "Filler e"][i],
                "england",
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
    c.add(Doc::new("Late", "uk", 2022), &["gangs late"]);
    let catalogue = c.root().join("catalogue.toml");
    let text = std::fs::read_to_string(&catalogue).expect("catalogue");
    std::fs::write(&catalogue, text.replacen("Late", "Later", 1)).expect("edit catalogue");
    let children: Vec<std::process::Child> = (0..4)
        .map(|_| {
            c.s.efrh_std()
                .current_dir(c.root())
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

/// The per-document state file the index's last commit names (`index/efrh-state-*.json`).
fn state_file(c: &TestCorpus) -> PathBuf {
    let found: Vec<String> = files(&c.root().join("index"))
        .into_iter()
        .filter(|f| f.starts_with("efrh-state-") && f.ends_with(".json"))
        .collect();
    assert_eq!(found.len(), 1, "one state file: {found:?}");
    c.root().join("index").join(&found[0])
}

/// Rewrite the commit payload in `index/meta.json` with `edit`.
fn edit_payload(
    c: &TestCorpus,
    edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
) {
    let meta = c.root().join("index").join("meta.json");
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&meta).expect("meta.json")).expect("json");
    let payload = json["payload"].as_str().expect("a payload");
    let mut state: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(payload).expect("payload json");
    edit(&mut state);
    json["payload"] = serde_json::Value::String(serde_json::to_string(&state).expect("json"));
    std::fs::write(&meta, serde_json::to_vec(&json).expect("json")).expect("write meta.json");
}

#[test]
fn check_repairs_a_missing_or_damaged_index_state_file() {
    let c = sample();
    type Damage = fn(&Path);
    let damages: [(&str, Damage); 3] = [
        ("deleted", |p| std::fs::remove_file(p).expect("rm")),
        ("one byte more", |p| {
            let mut bytes = std::fs::read(p).expect("read");
            bytes.push(b' ');
            std::fs::write(p, bytes).expect("write");
        }),
        ("garbage", |p| std::fs::write(p, b"garbage").expect("write")),
    ];
    for (what, damage) in damages {
        damage(&state_file(&c));
        let out = c.cmd().arg("check").output().expect("run");
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{what}: {err}");
        assert!(err.contains("search index rebuilt"), "{what}: {err}");
        // Repaired for good: the next check has nothing to say about the index.
        let out = c.cmd().arg("check").output().expect("run");
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{what}: second check: {err}");
        assert!(!err.contains("search index"), "{what}: second check: {err}");
        assert_eq!(sorted_hits(&c, "\"county lines\""), county_lines_pages());
    }
    // Segment files damaged behind a valid commit: check rebuilds them too.
    let index = c.root().join("index");
    for f in files(&index) {
        if f.ends_with(".idx") || f.ends_with(".term") {
            std::fs::write(index.join(f), b"garbage").expect("overwrite");
        }
    }
    let err = c.fail(&["check"], 0);
    assert!(err.contains("search index rebuilt"), "{err}");
    c.ok(&["check"]);
    assert_eq!(sorted_hits(&c, "\"county lines\""), county_lines_pages());
}

#[test]
fn a_payload_without_its_state_file_is_rebuilt_not_indexed_twice() {
    let c = sample();
    // As if the commit were written without naming its state file (or by a writer that
    // lost it): the index must not be read as holding no document and filled again.
    edit_payload(&c, |state| {
        state.remove("docs_file");
        state.remove("docs");
    });
    assert_eq!(sorted_hits(&c, "\"county lines\""), county_lines_pages());
    c.ok(&["check"]);
    assert_eq!(sorted_hits(&c, "\"county lines\""), county_lines_pages());
}

#[test]
fn a_payload_naming_a_file_outside_the_index_is_not_followed() {
    let c = sample();
    let outside = c.s.write("outside.json", b"{}");
    // A name of the right form that is a link out of the index folder.
    let link = "efrh-state-0123456789abcdef.json";
    for name in [
        outside.display().to_string(),
        "../outside.json".to_string(),
        "../../outside.json".to_string(),
        link.to_string(),
    ] {
        if name == link {
            #[cfg(unix)]
            std::os::unix::fs::symlink(&outside, c.root().join("index").join(link))
                .expect("symlink");
        }
        edit_payload(&c, |state| {
            state.insert("docs_file".into(), serde_json::Value::String(name.clone()));
        });
        // Not believed: the first search rebuilds the index; check finds it whole.
        assert_eq!(
            sorted_hits(&c, "\"county lines\""),
            county_lines_pages(),
            "{name}"
        );
        c.ok(&["check"]);
        assert!(outside.is_file(), "{name}: the file outside is left alone");
    }
}

#[test]
fn check_updates_an_index_after_a_hand_edited_catalogue_instead_of_rebuilding_it() {
    let c = sample();
    assert_eq!(sorted_hits(&c, "\"county lines\""), county_lines_pages());
    let index = c.root().join("index");
    let segments = |names: Vec<String>| -> Vec<String> {
        names.into_iter().filter(|f| f.ends_with(".idx")).collect()
    };
    let before = segments(files(&index));
    assert!(!before.is_empty(), "an index with segments");
    // One title changed by hand: one document's record differs from what was indexed.
    let catalogue = c.root().join("catalogue.toml");
    let text = std::fs::read_to_string(&catalogue).expect("catalogue");
    let at = text.find("title = \"").expect("a title") + "title = \"".len();
    std::fs::write(&catalogue, format!("{}Edited {}", &text[..at], &text[at..])).expect("edit");
    let err = c.fail(&["check"], 0);
    assert!(err.contains("search index updated"), "{err}");
    // An update: segments written before are still there (tantivy may drop or merge the one
    // that held the edited document); a rebuild writes all of them anew.
    let after = segments(files(&index));
    let kept = before.iter().filter(|s| after.contains(s)).count();
    assert!(kept > 0, "{before:?} → {after:?}");
    c.ok(&["check"]);
    // The hits show the title as edited: the index holds the document's new record.
    let title = text[at..].split('"').next().expect("a closed title");
    let mut edited: Vec<(String, u32)> = county_lines_pages()
        .into_iter()
        .map(|(t, p)| (if t == title { format!("Edited {t}") } else { t }, p))
        .collect();
    edited.sort();
    assert_eq!(sorted_hits(&c, "\"county lines\""), edited);
}
