//! `efrh count`, `efrh kwic` and `efrh lexicon check`, run as the real binary on a corpus built
//! the real way: PDFs generated with `efrh::pdfwrite`, stored with `efrh add`, in a fresh temp
//! dir per test. Expected counts follow from the text written into the PDFs.
//!
//! Output columns are a contract (`../shared/spec/cli.md`): the CSV headers are compared
//! exactly and JSON rows are deserialised with `deny_unknown_fields`, so a changed, added or
//! missing column fails here.

mod common;

use common::rows::KwicRow;
use common::{argv, CorpusBuilder, Doc, Scratch};
use efrh::pdfwrite::Options;
use serde::Deserialize;
use std::collections::HashMap;

/// A lexicon no corpus has seen: counts must follow it directly.
const LEXICON: &str = include_str!("data/lexicons/cli_count.toml");

/// Alpha, Beta, Gamma and Delta: four documents, three nations, two waves and one without.
fn docs() -> Vec<Doc> {
    vec![
        Doc::new("Alpha guidance", "england", 2018).wave(2020).width(70).pages(&[
            "Contextual safeguarding responds to harm in the places where it happens. Young people at risk from county lines need support.",
            "Trauma-informed practice is discussed here. A county line was found.",
            "Nothing else on this page but the gangway.",
        ]),
        Doc::new("Beta strategy", "england", 2022)
            .wave(2022)
            .width(70)
            .page("Child-on-child abuse and county lines."),
        Doc::new("Gamma procedures", "wales", 2020)
            .wave(2020)
            .width(70)
            .page("Contextual safeguarding in Wales. CONTEXTUAL SAFEGUARDING again."),
        Doc::new("Delta framework", "scotland", 2021)
            .width(70)
            .page("Getting it right for every child."),
    ]
}

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

/// The lexicon alone (`lexicon.toml`), in an empty scratch folder with no corpus yet.
fn lexicon_only() -> Scratch {
    let s = Scratch::new();
    s.write("lexicon.toml", LEXICON);
    s
}

/// The four documents, added, and the lexicon.
fn corpus() -> Scratch {
    CorpusBuilder::new().lexicon(LEXICON).docs(docs()).build()
}

/// Words per document title, from `efrh list` (the catalogue's own count).
fn words(s: &Scratch) -> HashMap<String, u64> {
    s.list()
        .iter()
        .map(|d| {
            (
                d["title"].as_str().unwrap().to_string(),
                d["words"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The second cell of every row of a CSV (header left out).
fn second_column(csv: &str) -> Vec<&str> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect()
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

/// A row of `count --by` any grouping: its key columns (those of the grouping, checked by
/// [`common::rows_with`]), then the measures.
#[derive(Debug, Deserialize)]
struct GroupRow {
    nation: Option<String>,
    year: Option<u16>,
    wave: Option<u16>,
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

const MEASURES: &str =
    "concept,documents,documents_mentioning,count,words,per_10k_words,share,share_low,share_high";

/// `count --lexicon lexicon.toml ARGS`, which must succeed: its stdout.
fn count(s: &Scratch, args: &[&str]) -> String {
    s.ok([&["count", "--lexicon", "lexicon.toml"][..], args].concat())
}

/// `count --by BY --format json` (and any more arguments), its columns those of `BY`.
fn grouped(s: &Scratch, by: &str, more: &[&str]) -> Vec<GroupRow> {
    let args = [&["count", "--by", by, "--format", "json"][..], more].concat();
    common::rows_with(&s.ok(args), &format!("{by},{MEASURES}"))
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
fn check_group(m: &GroupRow, titles: &[&str], words: &HashMap<String, u64>) {
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
    let w = corpus();
    let words = words(&w);
    let csv = w.ok(["count", "--lexicon", "lexicon.toml", "--format", "csv"]);
    assert_eq!(
        header_line(&csv),
        "id,title,nation,year,wave,concept,count,words"
    );
    let rows: Vec<DocRow> = w.json(["count", "--lexicon", "lexicon.toml"]);
    let docs = docs();
    assert_eq!(rows.len(), docs.len() * CONCEPTS.len());
    assert_eq!(csv.lines().count(), rows.len() + 1);
    for d in &docs {
        let mine: Vec<&DocRow> = rows.iter().filter(|r| r.title == d.title()).collect();
        let concepts: Vec<&str> = mine.iter().map(|r| r.concept.as_str()).collect();
        assert_eq!(concepts, CONCEPTS, "{}", d.title());
        for r in mine {
            assert_eq!(r.count, expected(d.title(), &r.concept), "{r:?}");
            assert_eq!(r.nation, d.nation());
            assert_eq!(r.year.to_string(), d.year());
            assert_eq!(r.wave.map(|w| w.to_string()).as_deref(), d.get("wave"));
            assert_eq!(r.words, words[d.title()]);
            assert_eq!(r.id.len(), 16);
        }
    }
    // The table has the same columns.
    let table = w.ok(["count", "--lexicon", "lexicon.toml"]);
    let head: Vec<&str> = header_line(&table).split_whitespace().collect();
    assert_eq!(
        head,
        ["id", "title", "nation", "year", "wave", "concept", "count", "words"]
    );
}

/// Whether a document belongs to a grouped row's group.
type InGroup = fn(&Doc, &GroupRow) -> bool;

fn same_nation(d: &Doc, r: &GroupRow) -> bool {
    r.nation.as_deref() == Some(d.nation())
}

fn same_year(d: &Doc, r: &GroupRow) -> bool {
    r.year.map(|y| y.to_string()).as_deref() == Some(d.year())
}

#[test]
fn count_grouped_every_by() {
    let w = corpus();
    let words = words(&w);
    let docs = docs();
    let get = |by: &str, format: &str| {
        w.ok([
            "count",
            "--lexicon",
            "lexicon.toml",
            "--by",
            by,
            "--format",
            format,
        ])
    };
    // Each grouping, its groups in order, and who is in a group. nation: England (alpha,
    // beta), Scotland (delta), Wales (gamma); wave: 2020 (alpha, gamma), 2022 (beta), none
    // (delta) last.
    let groupings: [(&str, &[&str], InGroup); 4] = [
        ("nation", &["england", "scotland", "wales"], same_nation),
        ("year", &["2018", "2020", "2021", "2022"], same_year),
        (
            "nation,year",
            &[
                "england,2018",
                "england,2022",
                "scotland,2021",
                "wales,2020",
            ],
            |d, r| same_nation(d, r) && same_year(d, r),
        ),
        ("wave", &["2020", "2022", ""], |d, r| {
            d.get("wave").map(|w| w.parse::<u16>().unwrap()) == r.wave
        }),
    ];
    for (by, groups, in_group) in groupings {
        assert_eq!(header_line(&get(by, "csv")), format!("{by},{MEASURES}"));
        let rows = grouped(&w, by, &["--lexicon", "lexicon.toml"]);
        assert_eq!(rows.len(), groups.len() * CONCEPTS.len(), "{by}");
        let keys: Vec<String> = rows
            .iter()
            .step_by(CONCEPTS.len())
            .map(|r| {
                let key = [
                    r.nation.clone(),
                    r.year.map(|y| y.to_string()),
                    r.wave.map(|w| w.to_string()),
                ];
                let key: Vec<String> = key.into_iter().flatten().collect();
                key.join(",")
            })
            .collect();
        assert_eq!(keys, groups, "{by}");
        for r in &rows {
            let titles: Vec<&str> = docs
                .iter()
                .filter(|d| in_group(d, r))
                .map(Doc::title)
                .collect();
            check_group(r, &titles, &words);
        }
    }
    let rows = grouped(&w, "nation", &["--lexicon", "lexicon.toml"]);
    let cl_england = rows
        .iter()
        .find(|r| r.nation.as_deref() == Some("england") && r.concept == "cl")
        .unwrap();
    assert_eq!((cl_england.documents_mentioning, cl_england.count), (2, 3));
    let csv = get("wave", "csv");
    assert!(csv.lines().any(|l| l.starts_with(",cs,1,")), "{csv}");

    // document (explicit) equals the default.
    assert_eq!(
        get("document", "csv"),
        w.ok(["count", "--lexicon", "lexicon.toml", "--format", "csv"])
    );
}

#[test]
fn count_concept_filter_and_lexicon_errors() {
    let w = corpus();
    let csv = count(&w, &argv("--concept cl --by nation --format csv"));
    let concepts = second_column(&csv);
    assert_eq!(concepts, ["cl", "cl", "cl"]);

    w.write(
        "bad.toml",
        "[[concept]]\nid = \"a\"\nterms = [\"x\"]\n\n[[concept]]\nid = \"a\"\nterms = [\"y\"]\n",
    );
    w.efrh()
        .args(["count", "--lexicon", "bad.toml"])
        .assert()
        .code(2)
        .stdout("");
    // Each usage error and what its message names.
    for (args, says) in [
        (
            &["--lexicon", "lexicon.toml", "--concept", "nope"][..],
            "no concept 'nope'",
        ),
        (
            &["--lexicon", "bad.toml"],
            "bad.toml: line 6: concept id 'a' is defined twice",
        ),
        (&["--lexicon", "missing.toml"], "missing.toml"),
        (&["--by", "colour"], "unknown grouping 'colour'"),
        (&["--by", "nation,nation"], ""),
    ] {
        let err = w.fail([&["count"][..], args].concat(), 2);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn count_default_lexicon_local_file_wins_over_builtin() {
    let w = corpus();
    // Built-in lexicon: every default concept, for every document.
    let rows: Vec<DocRow> = w.json(["count"]);
    let builtin = efrh::lexicon::Lexicon::builtin().unwrap();
    assert_eq!(rows.len(), docs().len() * builtin.concepts().len());
    let cs = rows
        .iter()
        .find(|r| r.title == "Gamma procedures" && r.concept == "contextual-safeguarding")
        .unwrap();
    assert_eq!(cs.count, 2);
    // ./lexicons/efrh.toml, when present, replaces the built-in one.
    w.write("lexicons/efrh.toml", LEXICON);
    let rows: Vec<DocRow> = w.json(["count"]);
    assert_eq!(rows.len(), docs().len() * CONCEPTS.len());
}

#[test]
fn count_empty_corpus_prints_header_only() {
    // An empty corpus: a catalogue without records (an empty folder is no corpus).
    let w = CorpusBuilder::new().lexicon(LEXICON).build();
    let csv = w.ok(["count", "--lexicon", "lexicon.toml", "--format", "csv"]);
    assert_eq!(csv, "id,title,nation,year,wave,concept,count,words\n");
    assert!(grouped(&w, "nation", &["--lexicon", "lexicon.toml"]).is_empty());
    let csv = count(&w, &["--by", "nation,year", "--format", "csv"]);
    assert_eq!(
        csv,
        "nation,year,concept,documents,documents_mentioning,count,words,per_10k_words,share,share_low,share_high\n"
    );
}

/// `kwic ARGS`, whose rows were none read by OCR (these corpora have text layers).
fn kwic(w: &Scratch, args: &[&str]) -> Vec<KwicRow> {
    let rows = w.kwic(args);
    assert!(rows.iter().all(|r| !r.ocr), "no page here was read by OCR");
    rows
}

#[test]
fn kwic_concept_rows_have_the_right_pages() {
    let w = corpus();
    let csv = w.ok(["kwic", "cl", "--lexicon", "lexicon.toml", "--format", "csv"]);
    assert_eq!(
        header_line(&csv),
        "id,title,nation,year,page,page_label,concept,left,match,right,ocr"
    );
    let rows = kwic(&w, &["cl", "--lexicon", "lexicon.toml"]);
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
    let rows = kwic(&w, &["cl", "--lexicon", "lexicon.toml", "--width", "5"]);
    assert!(rows
        .iter()
        .all(|r| r.left.chars().count() <= 5 && r.right.chars().count() <= 5));
    assert_eq!(rows[0].left, "from ");
}

#[test]
fn kwic_ad_hoc_phrase_uses_the_same_rules() {
    let w = corpus();
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
    w.fail(["kwic", "--"], 2);
    w.fail(["kwic", "  -- "], 2);
}

#[test]
fn kwic_term_across_a_page_break_with_running_header_and_footer() {
    let w = CorpusBuilder::new()
        .doc(
            Doc::new("Epsilon toolkit", "uk", 2019)
                .width(70)
                .pages(&[
                    "Opening remarks on safeguarding young people at risk of child sexual",
                    "exploitation and other harms outside the home.",
                    "A closing page about nothing in particular.",
                    "An annex about nothing in particular either.",
                ])
                .running(
                    "Epsilon toolkit: child sexual exploitation",
                    "Page {page} of {pages}",
                ),
        )
        .build();
    let rows = kwic(&w, &["child sexual exploitation"]);
    let got: Vec<(u32, &str)> = rows.iter().map(|r| (r.page, r.matched.as_str())).collect();
    assert_eq!(got, [(1, "child sexual exploitation")], "{rows:?}");
    let rows: Vec<DocRow> = w.json(["count", "--concept", "child-sexual-exploitation"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].count, 1);
}

#[test]
fn lexicon_check_lists_terms_warns_on_overlap_and_rejects_bad_files() {
    let w = lexicon_only();
    let stdout = w.ok(["lexicon", "check", "lexicon.toml"]);
    assert!(stdout.contains("cl  County lines  [harm]"), "{stdout}");
    assert!(
        stdout.contains("  terms:    county lines; county line"),
        "{stdout}"
    );

    w.write(
        "overlap.toml",
        "[[concept]]\nid = \"syv\"\nterms = [\"serious youth violence\"]\n[[concept]]\nid = \"yv\"\nterms = [\"youth violence\"]\n",
    );
    let err = w.ok_stderr(["lexicon", "check", "overlap.toml"]);
    assert!(
        err.contains(
            "warning: \"serious youth violence\" (syv) also counts as \"youth violence\" (yv)"
        ),
        "{err}"
    );

    let csv = w.ok(["lexicon", "check", "lexicon.toml", "--format", "csv"]);
    assert_eq!(header_line(&csv), "id,label,group,terms,acronyms");

    // The built-in lexicon is valid.
    w.ok(["lexicon", "check"]);

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
        w.write("bad.toml", text);
        let err = w.fail(["lexicon", "check", "bad.toml"], 2);
        assert!(err.contains(&format!("bad.toml: line {line}: ")), "{err}");
        assert!(err.contains(what), "{err}");
    }
}

#[test]
/// A scan without text is no evidence that a concept is absent: it is left out of every
/// group's documents, share and rate (it used to add a document that mentions nothing).
fn count_leaves_scans_without_text_out_of_every_share() {
    let gamma = docs().swap_remove(2);
    let scan = efrh::pdfwrite::no_text_pdf(2, &Options::default());
    let w = CorpusBuilder::new()
        .lexicon(LEXICON)
        .doc(gamma)
        .doc(Doc::new("Scanned", "wales", 2020).bytes(scan))
        .add_args(&["--allow-no-text"])
        .build();
    let args = [
        "--lexicon",
        "lexicon.toml",
        "--by",
        "nation",
        "--format",
        "json",
    ];
    let stderr = w.ok_stderr([&["count"][..], &args].concat());
    assert!(
        stderr.contains("1 document(s) have no text layer") && stderr.contains("left out"),
        "{stderr}"
    );
    let rows = grouped(&w, "nation", &["--lexicon", "lexicon.toml"]);
    let cs = rows.iter().find(|r| r.concept == "cs").unwrap();
    // Only the document with text: 1 of 1 mentions it.
    assert_eq!((cs.documents, cs.documents_mentioning, cs.count), (1, 1, 2));
}

/// `efrh kwic … | head -1`: the reader closes the pipe early. Every format exits 0 quietly
/// (csv and json used to print "error: Broken pipe" and exit 2).
#[test]
fn kwic_into_a_closed_pipe_exits_quietly_in_every_format() {
    use std::io::Read;
    // Far more rows than a pipe buffer holds, so the writer must meet the closed pipe.
    let page = "Young people at risk from county lines need support. ".repeat(60);
    let pages: Vec<&str> = std::iter::repeat_n(page.as_str(), 40).collect();
    let w = CorpusBuilder::new()
        .doc(Doc::new("Many", "wales", 2020).width(70).pages(&pages))
        .build();
    for format in ["table", "csv", "json"] {
        let mut child = w
            .efrh_std()
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
    let w = corpus();
    let csv = count(
        &w,
        &["--concept", "cl, ti,", "--by", "nation", "--format", "csv"],
    );
    let concepts = second_column(&csv);
    assert!(!concepts.is_empty());
    assert!(concepts.iter().all(|c| *c == "cl" || *c == "ti"), "{csv}");
    assert!(
        concepts.contains(&"cl") && concepts.contains(&"ti"),
        "{csv}"
    );
    let err = w.fail(
        ["count", "--lexicon", "lexicon.toml", "--concept", " , "],
        2,
    );
    assert!(err.contains("no concept id given"), "{err}");
    w.ok(argv(
        "chart --lexicon lexicon.toml --concept cl,ti --out c.svg",
    ));
    let svg = w.read("c.svg");
    assert!(svg.contains("County lines") && svg.contains("Trauma-informed"));
}

/// The selection flags (`--nation`, `--year`, `--wave`) apply to count, kwic and list alike:
/// AND across flags, OR within a comma list; an empty selection is an empty result with a note.
#[test]
fn selection_flags_choose_the_documents_every_command_reads() {
    let w = corpus();
    let lex = ["--lexicon", "lexicon.toml"];
    // count: Wales and Scotland only.
    let csv = w.ok([
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
    .concat());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].starts_with("scotland,cs,1,0,0,"), "{csv}");
    assert!(lines[2].starts_with("wales,cs,1,1,2,"), "{csv}");
    // kwic: England, 2020-2022 → only Beta (2022) is English in that range; it has no CS.
    let english_2020s = ["--nation", "england", "--year", "2020-2022"];
    let rows = kwic(&w, &[&["cs"][..], &lex, &english_2020s].concat());
    assert!(rows.is_empty(), "{rows:?}");
    let rows = kwic(&w, &[&["cl"][..], &lex, &english_2020s].concat());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].title, "Beta strategy");
    // list: wave 2020 (Alpha, Gamma).
    let list = w.ok(["list", "--wave", "2020", "--format", "csv"]);
    assert_eq!(list.lines().count(), 3, "{list}");
    // An empty selection: exit 0, empty output, a note on stderr.
    let o = w.run(argv(
        "count --lexicon lexicon.toml --year 1990 --format csv",
    ));
    assert!(o.status.success());
    assert_eq!(common::stdout(&o).lines().count(), 1);
    assert!(common::stderr(&o).contains("no document matches the selection"));
    // A bad value is a usage error.
    w.fail(["count", "--nation", "atlantis"], 2);
}

/// `count --by term`: which variant carries each concept's count (zeros included).
#[test]
fn count_by_term_shows_which_variants_carry_the_count() {
    let w = corpus();
    let csv = count(&w, &["--by", "term", "--format", "csv"]);
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
    let w = corpus();
    let rows = grouped(&w, "nation", &["--lexicon", "lexicon.toml"]);
    let row = |n: &str, c: &str| {
        rows.iter()
            .find(|r| r.nation.as_deref() == Some(n) && r.concept == c)
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
