//! `efrh count`, `efrh kwic` and `efrh lexicon check`, run as the real binary on a corpus built
//! the real way: PDFs generated with `efrh::pdfwrite`, stored with `efrh add`, in a fresh temp
//! dir per test. Expected counts follow from the text written into the PDFs.
//!
//! Output columns are a contract (`../shared/spec/cli.md`): the CSV headers are compared
//! exactly and JSON rows are deserialised with `deny_unknown_fields`, so a changed, added or
//! missing column fails here.

mod common;

use assert_cmd::Command;
use efrh::pdfwrite::{text_pdf, wrap, Options};
use serde::Deserialize;
use std::path::PathBuf;

/// A lexicon no corpus has seen: counts must follow it directly.
const LEXICON: &str = r#"
[[concept]]
id = "cs"
label = "Contextual Safeguarding"
group = "approach"
terms = ["contextual safeguarding"]

[[concept]]
id = "cl"
label = "County lines"
group = "harm"
terms = ["county lines", "county line"]

[[concept]]
id = "ti"
label = "Trauma-informed"
group = "approach"
terms = ["trauma-informed", "trauma-informed practice"]

[[concept]]
id = "none"
label = "Never mentioned"
group = "harm"
terms = ["transitional safeguarding"]
"#;

struct Doc {
    file: &'static str,
    title: &'static str,
    nation: &'static str,
    year: &'static str,
    wave: Option<&'static str>,
    pages: &'static [&'static str],
    header: Option<&'static str>,
    footer: Option<&'static str>,
}

const DOCS: &[Doc] = &[
    Doc {
        file: "alpha.pdf",
        title: "Alpha guidance",
        nation: "england",
        year: "2018",
        wave: Some("2020"),
        pages: &[
            "Contextual safeguarding responds to harm in the places where it happens. Young people at risk from county lines need support.",
            "Trauma-informed practice is discussed here. A county line was found.",
            "Nothing else on this page but the gangway.",
        ],
        header: None,
        footer: None,
    },
    Doc {
        file: "beta.pdf",
        title: "Beta strategy",
        nation: "england",
        year: "2022",
        wave: Some("2022"),
        pages: &["Child-on-child abuse and county lines."],
        header: None,
        footer: None,
    },
    Doc {
        file: "gamma.pdf",
        title: "Gamma procedures",
        nation: "wales",
        year: "2020",
        wave: Some("2020"),
        pages: &["Contextual safeguarding in Wales. CONTEXTUAL SAFEGUARDING again."],
        header: None,
        footer: None,
    },
    Doc {
        file: "delta.pdf",
        title: "Delta framework",
        nation: "scotland",
        year: "2021",
        wave: None,
        pages: &["Getting it right for every child."],
        header: None,
        footer: None,
    },
];

/// Expected counts per (document title, concept id), from the texts above.
fn expected(title: &str, concept: &str) -> u64 {
    match (title, concept) {
        ("Alpha guidance", "cs") => 1,
        ("Alpha guidance", "cl") => 2,
        ("Alpha guidance", "ti") => 1,
        ("Beta strategy", "cl") => 1,
        ("Gamma procedures", "cs") => 2,
        _ => 0,
    }
}

const CONCEPTS: [&str; 4] = ["cs", "cl", "ti", "none"];

struct Work {
    scratch: common::Scratch,
    dir: PathBuf,
}

impl Work {
    fn new() -> Work {
        let scratch = common::Scratch::new();
        let dir = scratch.path().to_path_buf();
        std::fs::write(dir.join("lex.toml"), LEXICON).unwrap();
        Work { scratch, dir }
    }

    fn efrh(&self) -> Command {
        let mut cmd = common::efrh(&self.dir);
        cmd.arg("--corpus").arg(self.dir.join("corpus"));
        cmd
    }

    fn add(&self, doc: &Doc) {
        let pages: Vec<Vec<String>> = doc.pages.iter().map(|p| wrap(p, 70)).collect();
        let pdf = text_pdf(
            &pages,
            &Options {
                title: Some(doc.title.into()),
                header: doc.header.map(String::from),
                footer: doc.footer.map(String::from),
                ..Options::default()
            },
        );
        let path = self.dir.join(doc.file);
        std::fs::write(&path, pdf).unwrap();
        let mut cmd = self.efrh();
        cmd.arg("add").arg(&path).args([
            "--nation", doc.nation, "--year", doc.year, "--title", doc.title,
        ]);
        if let Some(w) = doc.wave {
            cmd.args(["--wave", w]);
        }
        cmd.assert().success();
    }

    fn corpus(&self) -> &Self {
        for d in DOCS {
            self.add(d);
        }
        self
    }

    /// stdout of a successful run.
    fn out(&self, args: &[&str]) -> String {
        let o = self.efrh().args(args).output().unwrap();
        assert!(
            o.status.success(),
            "efrh {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    /// Words per document title, from `efrh list` (the catalogue's own count).
    fn words(&self) -> std::collections::HashMap<String, u64> {
        let v: serde_json::Value =
            serde_json::from_str(&self.out(&["list", "--format", "json"])).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["title"].as_str().unwrap().to_string(),
                    d["words"].as_u64().unwrap(),
                )
            })
            .collect()
    }
}

fn header_line(csv: &str) -> &str {
    csv.lines().next().unwrap_or("")
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocRow {
    id: String,
    title: String,
    nation: String,
    year: u16,
    wave: Option<u16>,
    concept: String,
    count: u64,
    words: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Measures {
    concept: String,
    documents: u64,
    documents_mentioning: u64,
    count: u64,
    words: u64,
    per_10k_words: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NationRow {
    nation: String,
    concept: String,
    documents: u64,
    documents_mentioning: u64,
    count: u64,
    words: u64,
    per_10k_words: f64,
    share: f64,
    share_low: f64,
    share_high: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearRow {
    year: u16,
    concept: String,
    documents: u64,
    documents_mentioning: u64,
    count: u64,
    words: u64,
    per_10k_words: f64,
    // Read only to hold the column contract (`deny_unknown_fields`).
    #[allow(dead_code)]
    share: f64,
    #[allow(dead_code)]
    share_low: f64,
    #[allow(dead_code)]
    share_high: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NationYearRow {
    nation: String,
    year: u16,
    concept: String,
    documents: u64,
    documents_mentioning: u64,
    count: u64,
    words: u64,
    per_10k_words: f64,
    // Read only to hold the column contract (`deny_unknown_fields`).
    #[allow(dead_code)]
    share: f64,
    #[allow(dead_code)]
    share_low: f64,
    #[allow(dead_code)]
    share_high: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WaveRow {
    wave: Option<u16>,
    concept: String,
    documents: u64,
    documents_mentioning: u64,
    count: u64,
    words: u64,
    per_10k_words: f64,
    // Read only to hold the column contract (`deny_unknown_fields`).
    #[allow(dead_code)]
    share: f64,
    #[allow(dead_code)]
    share_low: f64,
    #[allow(dead_code)]
    share_high: f64,
}

fn rate(count: u64, words: u64) -> f64 {
    if words == 0 {
        0.0
    } else {
        (count as f64 * 10_000.0 / words as f64 * 1000.0).round() / 1000.0
    }
}

/// Check grouped measures against the documents in the group (by title) and the expected
/// per-document counts.
fn check_group(m: &Measures, titles: &[&str], words: &std::collections::HashMap<String, u64>) {
    let counts: Vec<u64> = titles.iter().map(|t| expected(t, &m.concept)).collect();
    let w: u64 = titles.iter().map(|t| words[*t]).sum();
    assert_eq!(m.documents, titles.len() as u64, "{m:?}");
    assert_eq!(
        m.documents_mentioning,
        counts.iter().filter(|&&c| c > 0).count() as u64,
        "{m:?}"
    );
    assert_eq!(m.count, counts.iter().sum::<u64>(), "{m:?}");
    assert_eq!(m.words, w, "{m:?}");
    assert_eq!(m.per_10k_words, rate(m.count, w), "{m:?}");
}

#[test]
fn count_by_document_has_every_document_and_concept_with_zeros() {
    let w = Work::new();
    w.corpus();
    let words = w.words();
    let csv = w.out(&["count", "--lexicon", "lex.toml", "--format", "csv"]);
    assert_eq!(
        header_line(&csv),
        "id,title,nation,year,wave,concept,count,words"
    );
    let json = w.out(&["count", "--lexicon", "lex.toml", "--format", "json"]);
    let rows: Vec<DocRow> = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.len(), DOCS.len() * CONCEPTS.len());
    assert_eq!(csv.lines().count(), rows.len() + 1);
    for d in DOCS {
        let mine: Vec<&DocRow> = rows.iter().filter(|r| r.title == d.title).collect();
        let concepts: Vec<&str> = mine.iter().map(|r| r.concept.as_str()).collect();
        assert_eq!(concepts, CONCEPTS, "{}", d.title);
        for r in mine {
            assert_eq!(r.count, expected(d.title, &r.concept), "{r:?}");
            assert_eq!(r.nation, d.nation);
            assert_eq!(r.year.to_string(), d.year);
            assert_eq!(r.wave.map(|w| w.to_string()).as_deref(), d.wave);
            assert_eq!(r.words, words[d.title]);
            assert_eq!(r.id.len(), 16);
        }
    }
    // The table has the same columns.
    let table = w.out(&["count", "--lexicon", "lex.toml"]);
    let head: Vec<&str> = header_line(&table).split_whitespace().collect();
    assert_eq!(
        head,
        ["id", "title", "nation", "year", "wave", "concept", "count", "words"]
    );
}

#[test]
fn count_grouped_every_by() {
    let w = Work::new();
    w.corpus();
    let words = w.words();
    let get = |by: &str, format: &str| {
        w.out(&[
            "count",
            "--lexicon",
            "lex.toml",
            "--by",
            by,
            "--format",
            format,
        ])
    };
    let measures =
        "concept,documents,documents_mentioning,count,words,per_10k_words,share,share_low,share_high";

    // nation: England (alpha, beta), Scotland (delta), Wales (gamma), in that order.
    assert_eq!(
        header_line(&get("nation", "csv")),
        format!("nation,{measures}")
    );
    let rows: Vec<NationRow> = serde_json::from_str(&get("nation", "json")).unwrap();
    assert_eq!(rows.len(), 3 * CONCEPTS.len());
    let nations: Vec<&str> = rows.iter().step_by(4).map(|r| r.nation.as_str()).collect();
    assert_eq!(nations, ["england", "scotland", "wales"]);
    for r in &rows {
        let titles: Vec<&str> = DOCS
            .iter()
            .filter(|d| d.nation == r.nation)
            .map(|d| d.title)
            .collect();
        check_group(
            &measures_of(
                r.concept.clone(),
                r.documents,
                r.documents_mentioning,
                r.count,
                r.words,
                r.per_10k_words,
            ),
            &titles,
            &words,
        );
    }
    let cl_england = rows
        .iter()
        .find(|r| r.nation == "england" && r.concept == "cl")
        .unwrap();
    assert_eq!((cl_england.documents_mentioning, cl_england.count), (2, 3));

    // year
    assert_eq!(header_line(&get("year", "csv")), format!("year,{measures}"));
    let rows: Vec<YearRow> = serde_json::from_str(&get("year", "json")).unwrap();
    let years: Vec<u16> = rows.iter().step_by(4).map(|r| r.year).collect();
    assert_eq!(years, [2018, 2020, 2021, 2022]);
    for r in &rows {
        let titles: Vec<&str> = DOCS
            .iter()
            .filter(|d| d.year == r.year.to_string())
            .map(|d| d.title)
            .collect();
        check_group(
            &measures_of(
                r.concept.clone(),
                r.documents,
                r.documents_mentioning,
                r.count,
                r.words,
                r.per_10k_words,
            ),
            &titles,
            &words,
        );
    }

    // nation,year
    assert_eq!(
        header_line(&get("nation,year", "csv")),
        format!("nation,year,{measures}")
    );
    let rows: Vec<NationYearRow> = serde_json::from_str(&get("nation,year", "json")).unwrap();
    let keys: Vec<(String, u16)> = rows
        .iter()
        .step_by(4)
        .map(|r| (r.nation.clone(), r.year))
        .collect();
    assert_eq!(
        keys,
        [
            ("england".to_string(), 2018),
            ("england".to_string(), 2022),
            ("scotland".to_string(), 2021),
            ("wales".to_string(), 2020)
        ]
    );
    for r in &rows {
        let titles: Vec<&str> = DOCS
            .iter()
            .filter(|d| d.nation == r.nation && d.year == r.year.to_string())
            .map(|d| d.title)
            .collect();
        check_group(
            &measures_of(
                r.concept.clone(),
                r.documents,
                r.documents_mentioning,
                r.count,
                r.words,
                r.per_10k_words,
            ),
            &titles,
            &words,
        );
    }

    // wave: 2020 (alpha, gamma), 2022 (beta), none (delta) last.
    assert_eq!(header_line(&get("wave", "csv")), format!("wave,{measures}"));
    let rows: Vec<WaveRow> = serde_json::from_str(&get("wave", "json")).unwrap();
    let waves: Vec<Option<u16>> = rows.iter().step_by(4).map(|r| r.wave).collect();
    assert_eq!(waves, [Some(2020), Some(2022), None]);
    for r in &rows {
        let titles: Vec<&str> = DOCS
            .iter()
            .filter(|d| d.wave.map(|w| w.parse::<u16>().unwrap()) == r.wave)
            .map(|d| d.title)
            .collect();
        check_group(
            &measures_of(
                r.concept.clone(),
                r.documents,
                r.documents_mentioning,
                r.count,
                r.words,
                r.per_10k_words,
            ),
            &titles,
            &words,
        );
    }
    let csv = get("wave", "csv");
    assert!(csv.lines().any(|l| l.starts_with(",cs,1,")), "{csv}");

    // document (explicit) equals the default.
    assert_eq!(
        get("document", "csv"),
        w.out(&["count", "--lexicon", "lex.toml", "--format", "csv"])
    );
}

fn measures_of(
    concept: String,
    documents: u64,
    documents_mentioning: u64,
    count: u64,
    words: u64,
    per_10k_words: f64,
) -> Measures {
    Measures {
        concept,
        documents,
        documents_mentioning,
        count,
        words,
        per_10k_words,
    }
}

#[test]
fn count_concept_filter_and_lexicon_errors() {
    let w = Work::new();
    w.corpus();
    let csv = w.out(&[
        "count",
        "--lexicon",
        "lex.toml",
        "--concept",
        "cl",
        "--by",
        "nation",
        "--format",
        "csv",
    ]);
    let concepts: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(concepts, ["cl", "cl", "cl"]);

    w.efrh()
        .args(["count", "--lexicon", "lex.toml", "--concept", "nope"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no concept 'nope'"));

    std::fs::write(
        w.dir.join("bad.toml"),
        "[[concept]]\nid = \"a\"\nterms = [\"x\"]\n\n[[concept]]\nid = \"a\"\nterms = [\"y\"]\n",
    )
    .unwrap();
    w.efrh()
        .args(["count", "--lexicon", "bad.toml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "bad.toml: line 6: concept id 'a' is defined twice",
        ));

    w.efrh()
        .args(["count", "--lexicon", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing.toml"));

    w.efrh()
        .args(["count", "--by", "colour"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown grouping 'colour'"));
    w.efrh()
        .args(["count", "--by", "nation,nation"])
        .assert()
        .code(2);
}

#[test]
fn count_default_lexicon_local_file_wins_over_builtin() {
    let w = Work::new();
    w.corpus();
    // Built-in lexicon: every default concept, for every document.
    let rows: Vec<DocRow> = serde_json::from_str(&w.out(&["count", "--format", "json"])).unwrap();
    let builtin = efrh::lexicon::Lexicon::builtin().unwrap();
    assert_eq!(rows.len(), DOCS.len() * builtin.concepts().len());
    let cs = rows
        .iter()
        .find(|r| r.title == "Gamma procedures" && r.concept == "contextual-safeguarding")
        .unwrap();
    assert_eq!(cs.count, 2);
    // ./lexicons/efrh.toml, when present, replaces the built-in one.
    std::fs::create_dir_all(w.dir.join("lexicons")).unwrap();
    std::fs::write(w.dir.join("lexicons/efrh.toml"), LEXICON).unwrap();
    let rows: Vec<DocRow> = serde_json::from_str(&w.out(&["count", "--format", "json"])).unwrap();
    assert_eq!(rows.len(), DOCS.len() * CONCEPTS.len());
}

#[test]
fn count_empty_corpus_prints_header_only() {
    let w = Work::new();
    // An empty corpus: a catalogue without records (an empty folder is no corpus).
    common::CorpusBuilder::new().build_in(&w.scratch);
    let csv = w.out(&["count", "--lexicon", "lex.toml", "--format", "csv"]);
    assert_eq!(csv, "id,title,nation,year,wave,concept,count,words\n");
    let json = w.out(&[
        "count",
        "--lexicon",
        "lex.toml",
        "--by",
        "nation",
        "--format",
        "json",
    ]);
    let rows: Vec<NationRow> = serde_json::from_str(&json).unwrap();
    assert!(rows.is_empty());
    let csv = w.out(&[
        "count",
        "--lexicon",
        "lex.toml",
        "--by",
        "nation,year",
        "--format",
        "csv",
    ]);
    assert_eq!(
        csv,
        "nation,year,concept,documents,documents_mentioning,count,words,per_10k_words,share,share_low,share_high\n"
    );
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KwicRow {
    id: String,
    title: String,
    nation: String,
    year: u16,
    page: u32,
    // Read only to hold the column contract (`deny_unknown_fields`).
    #[allow(dead_code)]
    page_label: Option<String>,
    concept: String,
    left: String,
    #[serde(rename = "match")]
    matched: String,
    right: String,
    /// The page was read by OCR (never here: these corpora have text layers).
    ocr: bool,
}

fn kwic(w: &Work, args: &[&str]) -> Vec<KwicRow> {
    let mut all = vec!["kwic"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let rows: Vec<KwicRow> = serde_json::from_str(&w.out(&all)).unwrap();
    assert!(rows.iter().all(|r| !r.ocr), "no page here was read by OCR");
    rows
}

#[test]
fn kwic_concept_rows_have_the_right_pages() {
    let w = Work::new();
    w.corpus();
    let csv = w.out(&["kwic", "cl", "--lexicon", "lex.toml", "--format", "csv"]);
    assert_eq!(
        header_line(&csv),
        "id,title,nation,year,page,page_label,concept,left,match,right,ocr"
    );
    let rows = kwic(&w, &["cl", "--lexicon", "lex.toml"]);
    let got: Vec<(&str, u32, &str)> = rows
        .iter()
        .map(|r| (r.title.as_str(), r.page, r.matched.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("Alpha guidance", 1, "county lines"),
            ("Alpha guidance", 2, "county line"),
            ("Beta strategy", 1, "county lines"),
        ]
    );
    let r = &rows[0];
    assert_eq!(
        (r.nation.as_str(), r.year, r.concept.as_str()),
        ("england", 2018, "cl")
    );
    assert!(
        r.left.ends_with("Young people at risk from "),
        "{:?}",
        r.left
    );
    assert!(r.right.starts_with(" need support"), "{:?}", r.right);
    assert_eq!(r.id.len(), 16);

    // --width bounds the context.
    let rows = kwic(&w, &["cl", "--lexicon", "lex.toml", "--width", "5"]);
    assert!(rows
        .iter()
        .all(|r| r.left.chars().count() <= 5 && r.right.chars().count() <= 5));
    assert_eq!(rows[0].left, "from ");
}

#[test]
fn kwic_ad_hoc_phrase_uses_the_same_rules() {
    let w = Work::new();
    w.corpus();
    let rows = kwic(&w, &["GANGWAY"]);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].page, rows[0].concept.as_str()), (3, "GANGWAY"));
    assert_eq!(rows[0].matched, "gangway");
    let rows = kwic(&w, &["child on child abuse"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].matched, "Child-on-child abuse");
    assert!(kwic(&w, &["gang"]).is_empty(), "gangway is not a gang");
    // A concept id of the default lexicon is a concept, not a phrase.
    let rows = kwic(&w, &["contextual-safeguarding"]);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.concept == "contextual-safeguarding"));
    w.efrh().args(["kwic", "--"]).assert().code(2);
    w.efrh().args(["kwic", "  -- "]).assert().code(2);
}

#[test]
fn kwic_term_across_a_page_break_with_running_header_and_footer() {
    let w = Work::new();
    w.add(&Doc {
        file: "epsilon.pdf",
        title: "Epsilon toolkit",
        nation: "uk",
        year: "2019",
        wave: None,
        pages: &[
            "Opening remarks on safeguarding young people at risk of child sexual",
            "exploitation and other harms outside the home.",
            "A closing page about nothing in particular.",
            "An annex about nothing in particular either.",
        ],
        header: Some("Epsilon toolkit: child sexual exploitation"),
        footer: Some("Page {page} of {pages}"),
    });
    let rows = kwic(&w, &["child sexual exploitation"]);
    let got: Vec<(u32, &str)> = rows.iter().map(|r| (r.page, r.matched.as_str())).collect();
    assert_eq!(got, [(1, "child sexual exploitation")], "{rows:?}");
    let rows: Vec<DocRow> = serde_json::from_str(&w.out(&[
        "count",
        "--concept",
        "child-sexual-exploitation",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].count, 1);
}

#[test]
fn lexicon_check_lists_terms_warns_on_overlap_and_rejects_bad_files() {
    let w = Work::new();
    let out = w
        .efrh()
        .args(["lexicon", "check", "lex.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("cl  County lines  [harm]"), "{stdout}");
    assert!(
        stdout.contains("  terms:    county lines; county line"),
        "{stdout}"
    );

    std::fs::write(
        w.dir.join("overlap.toml"),
        "[[concept]]\nid = \"syv\"\nterms = [\"serious youth violence\"]\n[[concept]]\nid = \"yv\"\nterms = [\"youth violence\"]\n",
    )
    .unwrap();
    w.efrh()
        .args(["lexicon", "check", "overlap.toml"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "warning: \"serious youth violence\" (syv) also counts as \"youth violence\" (yv)",
        ));

    let csv = w.out(&["lexicon", "check", "lex.toml", "--format", "csv"]);
    assert_eq!(header_line(&csv), "id,label,group,terms,acronyms");

    // The built-in lexicon is valid.
    w.efrh().args(["lexicon", "check"]).assert().success();

    for (text, line, what) in [
        ("[[concept]]\nid = \"a\"\nterms = [\"\"]\n", 3, "empty term"),
        (
            "[[concept]]\nid = \"a\"\nterms = [\"x\"]\nlable = \"A\"\n",
            4,
            "unknown field",
        ),
        (
            "[[concept]]\nid = \"A b\"\nterms = [\"x\"]\n",
            2,
            "not valid",
        ),
    ] {
        std::fs::write(w.dir.join("bad.toml"), text).unwrap();
        w.efrh()
            .args(["lexicon", "check", "bad.toml"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!(
                "bad.toml: line {line}: "
            )))
            .stderr(predicates::str::contains(what));
    }
}

#[test]
/// A scan without text is no evidence that a concept is absent: it is left out of every
/// group's documents, share and rate (it used to add a document that mentions nothing).
fn count_leaves_scans_without_text_out_of_every_share() {
    let w = Work::new();
    w.add(&DOCS[2]);
    let scan = efrh::pdfwrite::no_text_pdf(2, &Options::default());
    std::fs::write(w.dir.join("scan.pdf"), scan).unwrap();
    w.efrh()
        .args(["add", "scan.pdf", "--nation", "wales", "--year", "2020"])
        .args(["--title", "Scanned", "--allow-no-text"])
        .assert()
        .success();
    let o = w
        .efrh()
        .args([
            "count",
            "--lexicon",
            "lex.toml",
            "--by",
            "nation",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("1 document(s) have no text layer") && stderr.contains("left out"),
        "{stderr}"
    );
    let rows: Vec<NationRow> = serde_json::from_slice(&o.stdout).unwrap();
    let cs = rows.iter().find(|r| r.concept == "cs").unwrap();
    // Only the document with text: 1 of 1 mentions it.
    assert_eq!((cs.documents, cs.documents_mentioning, cs.count), (1, 1, 2));
}

/// `efrh kwic … | head -1`: the reader closes the pipe early. Every format exits 0 quietly
/// (csv and json used to print "error: Broken pipe" and exit 2).
#[test]
fn kwic_into_a_closed_pipe_exits_quietly_in_every_format() {
    use std::io::Read;
    let w = Work::new();
    // Far more rows than a pipe buffer holds, so the writer must meet the closed pipe.
    let page = "Young people at risk from county lines need support. ".repeat(60);
    let pages: Vec<&str> = std::iter::repeat_n(page.as_str(), 40).collect();
    let pdf = efrh::pdfwrite::text_pdf(
        &pages.iter().map(|p| wrap(p, 70)).collect::<Vec<_>>(),
        &Options::default(),
    );
    std::fs::write(w.dir.join("many.pdf"), pdf).unwrap();
    w.efrh()
        .args([
            "add", "many.pdf", "--nation", "wales", "--year", "2020", "--title", "Many",
        ])
        .assert()
        .success();
    for format in ["table", "csv", "json"] {
        let mut child = common::efrh_std(&w.dir)
            .arg("--corpus")
            .arg(w.dir.join("corpus"))
            .args(["kwic", "county lines", "--format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe's read end is dropped here, as `head` does.
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{format}: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}

/// `--concept` takes ids separated by commas with spaces around them (as people type lists),
/// for `count` and `chart` alike; a list with no id at all is a usage error, not an empty table.
#[test]
fn concept_lists_with_spaces_and_commas() {
    let w = Work::new();
    w.corpus();
    let csv = w.out(&[
        "count",
        "--lexicon",
        "lex.toml",
        "--concept",
        "cl, ti,",
        "--by",
        "nation",
        "--format",
        "csv",
    ]);
    let concepts: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    assert!(!concepts.is_empty());
    assert!(concepts.iter().all(|c| *c == "cl" || *c == "ti"), "{csv}");
    assert!(
        concepts.contains(&"cl") && concepts.contains(&"ti"),
        "{csv}"
    );
    w.efrh()
        .args(["count", "--lexicon", "lex.toml", "--concept", " , "])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no concept id given"));
    w.efrh()
        .args([
            "chart",
            "--lexicon",
            "lex.toml",
            "--concept",
            "cl,ti",
            "--out",
            "c.svg",
        ])
        .assert()
        .success();
    let svg = std::fs::read_to_string(w.dir.join("c.svg")).unwrap();
    assert!(svg.contains("County lines") && svg.contains("Trauma-informed"));
}

/// The selection flags (`--nation`, `--year`, `--wave`) apply to count, kwic and list alike:
/// AND across flags, OR within a comma list; an empty selection is an empty result with a note.
#[test]
fn selection_flags_choose_the_documents_every_command_reads() {
    let w = Work::new();
    w.corpus();
    let lex = ["--lexicon", "lex.toml"];
    // count: Wales and Scotland only.
    let csv = w.out(
        &[
            &[
                "count",
                "--by",
                "nation",
                "--concept",
                "cs",
                "--format",
                "csv",
            ][..],
            &lex[..],
            &["--nation", "wales,scotland"][..],
        ]
        .concat(),
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].starts_with("scotland,cs,1,0,0,"), "{csv}");
    assert!(lines[2].starts_with("wales,cs,1,1,2,"), "{csv}");
    // kwic: England, 2020-2022 → only Beta (2022) is English in that range; it has no CS.
    let rows = kwic(
        &w,
        &[
            "cs",
            "--lexicon",
            "lex.toml",
            "--nation",
            "england",
            "--year",
            "2020-2022",
        ],
    );
    assert!(rows.is_empty(), "{rows:?}");
    let rows = kwic(
        &w,
        &[
            "cl",
            "--lexicon",
            "lex.toml",
            "--nation",
            "england",
            "--year",
            "2020-2022",
        ],
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].title, "Beta strategy");
    // list: wave 2020 (Alpha, Gamma).
    let list = w.out(&["list", "--wave", "2020", "--format", "csv"]);
    assert_eq!(list.lines().count(), 3, "{list}");
    // An empty selection: exit 0, empty output, a note on stderr.
    let o = w
        .efrh()
        .args([
            "count",
            "--lexicon",
            "lex.toml",
            "--year",
            "1990",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no document matches the selection"));
    // A bad value is a usage error.
    w.efrh()
        .args(["count", "--nation", "atlantis"])
        .assert()
        .code(2);
}

/// `count --by term`: which variant carries each concept's count (zeros included).
#[test]
fn count_by_term_shows_which_variants_carry_the_count() {
    let w = Work::new();
    w.corpus();
    let csv = w.out(&[
        "count",
        "--lexicon",
        "lex.toml",
        "--by",
        "term",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "concept,term,count,documents_mentioning");
    // "county lines" ×3 (Alpha, Beta) and "county line" ×1 (Alpha) in the texts above.
    assert!(lines.contains(&"cl,county lines,2,2"), "{csv}");
    assert!(lines.contains(&"cl,county line,1,1"), "{csv}");
}

/// Grouped rows carry the share of documents mentioning a concept with its 95% Wilson
/// interval. Reference values from statsmodels 0.15 `proportion_confint(k, n,
/// method="wilson")`: 1 of 2 → (0.0945, 0.9055); 2 of 2 → (0.3424, 1.0); 0 of 1 → (0.0, 0.7935).
#[test]
fn grouped_rows_carry_the_share_with_its_wilson_interval() {
    let w = Work::new();
    w.corpus();
    let json = w.out(&[
        "count",
        "--lexicon",
        "lex.toml",
        "--by",
        "nation",
        "--format",
        "json",
    ]);
    let rows: Vec<NationRow> = serde_json::from_str(&json).unwrap();
    let row = |n: &str, c: &str| {
        rows.iter()
            .find(|r| r.nation == n && r.concept == c)
            .unwrap()
    };
    // England: Alpha mentions contextual safeguarding, Beta does not (1 of 2).
    let e = row("england", "cs");
    assert_eq!((e.share, e.share_low, e.share_high), (0.5, 0.0945, 0.9055));
    // England: both mention county lines (2 of 2).
    let e = row("england", "cl");
    assert_eq!((e.share, e.share_low, e.share_high), (1.0, 0.3424, 1.0));
    // Scotland: one document, no mention (0 of 1).
    let s = row("scotland", "cs");
    assert_eq!((s.share, s.share_low, s.share_high), (0.0, 0.0, 0.7935));
}
