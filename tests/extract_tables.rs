//! Table cells that wrap (issue 9, layout 4): a cell's lines are read together, row by row,
//! so a term that wraps inside one cell ("Responding to child" / "criminal exploitation in
//! the local area") is counted, shown by `kwic` and found by `search`, and no phrase is made
//! of the end of one cell and the start of the next ("county" | "lines of").
//!
//! Two PDFs: one written here, word by word, laid out like the primary need codes of the
//! children in need census guide (`../shared/real-pdfs`, pp.38-39: a narrow code column, a
//! category and a description that wrap, a gap between rows), and one from pdfLaTeX
//! (`tests/data/producers/pdflatex-table.tex`: a `tabular` with `p{}` columns, hyphenated
//! inside the cells).

mod common;

use common::{placed, stdout, Scratch};
use efrh::extract::{extract, Limits};
use efrh::lexicon::Lexicon;
use efrh::matcher::Matcher;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One page of Helvetica 10 pt; each line is (baseline y, [(x, text)]).
fn page_pdf(lines: &[(f32, &[(f32, &str)])]) -> Vec<u8> {
    placed::lines_pdf(595.0, 842.0, lines)
}

/// Code, category and description, placed as in the census guide (p.38: the code column
/// narrow, the gap after it wider than the one between category and description, cells at
/// the line spacing, rows a blank line apart). Row N1's category holds "child" / "criminal
/// exploitation" over a line break; row N2 puts "county" at the end of a category's first
/// line and "lines of" at the start of the description beside it (read across, "county
/// lines": a trap).
fn census_table() -> Vec<u8> {
    page_pdf(&[
        (
            760.0,
            &[(
                62.0,
                "Enter the primary need code, selecting from the table below:",
            )],
        ),
        (
            736.0,
            &[(62.0, "Code"), (112.0, "Category"), (230.0, "Description")],
        ),
        (
            712.0,
            &[
                (62.0, "N1"),
                (112.0, "Responding to child"),
                (230.0, "Children whose needs arise from"),
            ],
        ),
        (
            700.0,
            &[
                (112.0, "criminal exploitation"),
                (230.0, "harm outside the home, in the"),
            ],
        ),
        (
            688.0,
            &[
                (112.0, "in the local area"),
                (230.0, "places where they spend time."),
            ],
        ),
        (
            664.0,
            &[
                (62.0, "N2"),
                (112.0, "Work in the county"),
                (230.0, "lines of enquiry are kept"),
            ],
        ),
        (
            652.0,
            &[(112.0, "of Kent"), (230.0, "for each school and each")],
        ),
        (640.0, &[(230.0, "transport hub in the area.")]),
        (
            616.0,
            &[
                (62.0, "N3"),
                (112.0, "Not stated"),
                (230.0, "Children whose need code is"),
            ],
        ),
        (604.0, &[(230.0, "yet to be determined.")]),
        (580.0, &[(62.0, "4.6 Closure date of the case")]),
    ])
}

/// Per-concept counts on page 1 of a PDF, by extraction and the default lexicon.
fn page_one_counts(bytes: &[u8]) -> BTreeMap<String, usize> {
    let x = extract(bytes, &Limits::default()).expect("extracts");
    let lexicon = Lexicon::builtin().expect("default lexicon");
    let matcher = Matcher::new(&lexicon);
    let mut out = BTreeMap::new();
    for occ in matcher.find_in_document(&x.pages) {
        if occ.page == 1 {
            *out.entry(lexicon.concepts()[occ.concept].id.clone())
                .or_default() += 1;
        }
    }
    out
}

fn add(s: &Scratch, name: &str, bytes: &[u8]) {
    let path = s.write(name, bytes);
    s.efrh()
        .arg("add")
        .arg(&path)
        .args(["--nation", "england", "--year", "2023", "--title", name])
        .assert()
        .success();
}

/// CSV rows of an efrh command, as maps from column to value.
fn csv_rows(s: &Scratch, args: &[&str]) -> Vec<BTreeMap<String, String>> {
    let out = s
        .efrh()
        .args(args)
        .args(["--format", "csv"])
        .output()
        .expect("run efrh");
    assert!(out.status.success(), "{}", common::stderr(&out));
    csv::Reader::from_reader(stdout(&out).as_bytes())
        .deserialize::<BTreeMap<String, String>>()
        .map(|r| r.expect("csv row"))
        .collect()
}

#[test]
fn wrapped_cell_is_read_whole_and_cells_are_not_joined() {
    let bytes = census_table();
    let x = extract(&bytes, &Limits::default()).expect("extracts");
    let body = &x.pages[0].body;
    assert!(
        body.contains("Responding to child\ncriminal exploitation\nin the local area"),
        "{body}"
    );
    assert!(!body.contains("county lines"), "{body}");
    let counts = page_one_counts(&bytes);
    assert_eq!(
        counts.get("child-criminal-exploitation"),
        Some(&1),
        "{counts:?}"
    );
    assert_eq!(counts.get("county-lines"), None, "{counts:?}");
}

#[test]
fn count_kwic_and_search_find_the_term_in_a_wrapped_cell() {
    let s = Scratch::new();
    add(&s, "census.pdf", &census_table());
    let count = |concept: &str| -> String {
        let rows = csv_rows(&s, &["count", "--concept", concept]);
        assert_eq!(rows.len(), 1, "{rows:?}");
        rows[0]["count"].clone()
    };
    assert_eq!(count("child-criminal-exploitation"), "1");
    assert_eq!(count("county-lines"), "0");

    let kwic = csv_rows(&s, &["kwic", "child-criminal-exploitation"]);
    assert_eq!(kwic.len(), 1, "{kwic:?}");
    assert_eq!(kwic[0]["page"], "1");
    assert!(
        kwic[0]["left"].trim_end().ends_with("N1 Responding to"),
        "{kwic:?}"
    );
    assert!(
        kwic[0]["right"]
            .trim_start()
            .starts_with("in the local area Children"),
        "{kwic:?}"
    );
    assert!(csv_rows(&s, &["kwic", "county-lines"]).is_empty());

    let pages = |query: &str| -> Vec<String> {
        csv_rows(&s, &["search", query])
            .into_iter()
            .map(|r| r["page"].clone())
            .collect()
    };
    assert_eq!(pages("\"child criminal exploitation\""), vec!["1"]);
    assert!(pages("\"county lines of\"").is_empty());
}

#[test]
fn pdflatex_tabular_with_paragraph_columns_is_read_row_by_row() {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/producers/pdflatex-table.pdf"
    ));
    let bytes = std::fs::read(path).expect("producer PDF");
    let counts = page_one_counts(&bytes);
    // "criminal exploita-" / "tion" and "Transi-" / "tional" are hyphenated inside cells
    assert_eq!(
        counts.get("child-criminal-exploitation"),
        Some(&1),
        "{counts:?}"
    );
    assert_eq!(
        counts.get("transitional-safeguarding"),
        Some(&1),
        "{counts:?}"
    );
    assert_eq!(counts.get("county-lines"), None, "{counts:?}");
    // row by row: each row's cells after the one above's
    let x = extract(&bytes, &Limits::default()).expect("extracts");
    let body = &x.pages[0].body;
    let at = |t: &str| body.find(t).unwrap_or_else(|| panic!("{t:?} in {body}"));
    assert!(at("N1") < at("Responding to child"));
    assert!(at("the local") < at("Partners map"));
    assert!(at("every") < at("N2"));
    assert!(at("of Kent") < at("lines of enquiry"));
    assert!(at("each transport hub") < at("N3"));
}

/// Three columns of running text, the first missing a line (a paragraph break) that the
/// others have: not a table. Read column by column, each column's lines in order; as a table
/// the line without text in the first column went on the row above, and the row's cells were
/// joined across the columns.
#[test]
fn three_columns_of_running_text_are_read_column_by_column() {
    let prose = [
        "the council works with",
        "partners to keep people",
        "safe from harm outside",
        "the home, in the places",
    ];
    let cols = [(40.0, "A"), (230.0, "B"), (420.0, "C")];
    // per column, its lines (line number, text): the first column misses line 5
    let columns: Vec<Vec<(usize, String)>> = cols
        .iter()
        .map(|&(_, col)| {
            (0..20)
                .filter(|&n| !(col == "A" && n == 5))
                .map(|n| (n, format!("{col}{n} {}", prose[n % prose.len()])))
                .collect()
        })
        .collect();
    let mut lines: Vec<(f32, Vec<(f32, &str)>)> = (0..20)
        .map(|n| (760.0 - 12.0 * n as f32, Vec::new()))
        .collect();
    for (&(x, _), col) in cols.iter().zip(&columns) {
        for (n, t) in col {
            if let Some((_, line)) = lines.get_mut(*n) {
                line.push((x, t.as_str()));
            }
        }
    }
    let lines: Vec<(f32, &[(f32, &str)])> = lines.iter().map(|(y, l)| (*y, l.as_slice())).collect();
    let x = extract(&page_pdf(&lines), &Limits::default()).expect("extracts");
    let body = &x.pages[0].body;
    // column by column, each column's lines in order
    let read: Vec<&str> = columns.iter().flatten().map(|(_, t)| t.as_str()).collect();
    let at = |t: &str| body.find(t).unwrap_or_else(|| panic!("{t:?} in {body}"));
    for pair in read.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{pair:?} in {body}");
    }
}
