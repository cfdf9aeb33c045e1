//! `efrh compare` and `efrh audit sample|score`, run as the real binary on a corpus built the
//! real way (PDFs from `efrh::pdfwrite`, stored with `efrh add --manifest`), in a fresh temp
//! dir per test.
//!
//! Reference figures were computed with scipy 1.17.1 / statsmodels 0.15.0 (each test says
//! how); the expected counts follow from the texts written into the PDFs below. CSV headers are
//! compared exactly and JSON rows deserialised with `deny_unknown_fields`: the columns are a
//! contract (`../shared/spec/cli.md`).

mod common;

use common::{pdf, stderr, stdout, Scratch};
use serde::Deserialize;

const LEXICON: &str = r#"
[[concept]]
id = "cs"
label = "Contextual Safeguarding"
group = "approach"
terms = ["contextual safeguarding"]

[[concept]]
id = "cse"
label = "Child sexual exploitation"
group = "harm"
terms = ["child sexual exploitation"]
acronyms = ["CSE"]
"#;

/// (file, title, nation, year, wave, text). Counts: cs — wave 2020: 1 of 3 documents (1
/// occurrence), wave 2022: 3 of 3 (4); cse — wave 2020: 2 of 3 (3), wave 2022: 2 of 3 (4).
const DOCS: &[(&str, &str, &str, u16, u16, &str)] = &[
    (
        "e1.pdf",
        "E1 guidance",
        "england",
        2018,
        2020,
        "Contextual safeguarding starts here. Services respond to CSE in the community.",
    ),
    (
        "e2.pdf",
        "E2 strategy",
        "england",
        2019,
        2020,
        "Child sexual exploitation is a harm outside the home. The CSE team meets weekly.",
    ),
    (
        "w1.pdf",
        "W1 procedures",
        "wales",
        2019,
        2020,
        "Nothing about these matters appears in this document at all.",
    ),
    (
        "f1.pdf",
        "F1 guidance",
        "england",
        2022,
        2022,
        "Contextual safeguarding twice: contextual safeguarding again.",
    ),
    (
        "s1.pdf",
        "S1 framework",
        "scotland",
        2022,
        2022,
        "Contextual safeguarding and CSE in Scotland.",
    ),
    (
        "w2.pdf",
        "W2 guidance",
        "wales",
        2022,
        2022,
        "Contextual Safeguarding for Wales. CSE, then CSE, and CSE once more.",
    ),
];

fn corpus() -> Scratch {
    let s = Scratch::new();
    s.write("lex.toml", LEXICON);
    let mut manifest = String::from("path,title,nation,year,wave\n");
    for (file, title, nation, year, wave, text) in DOCS {
        s.write(file, pdf(&[text]));
        manifest.push_str(&format!("{file},{title},{nation},{year},{wave}\n"));
    }
    s.write("manifest.csv", manifest);
    s.efrh()
        .args(["add", "--manifest", "manifest.csv"])
        .assert()
        .success();
    s
}

fn run(s: &Scratch, args: &[&str]) -> std::process::Output {
    s.efrh().args(args).output().expect("run efrh")
}

fn ok(s: &Scratch, args: &[&str]) -> String {
    let o = run(s, args);
    assert!(o.status.success(), "efrh {args:?}: {}", stderr(&o));
    stdout(&o)
}

// ---------------------------------------------------------------------------------------------
// compare

const COMPARE_HEADER: &str = "concept,a_documents,a_mentioning,a_share,b_documents,b_mentioning,b_share,share_diff,p_value,a_per_10k,b_per_10k,rate_ratio,rate_ratio_low,rate_ratio_high";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompareRow {
    concept: String,
    a_documents: u64,
    a_mentioning: u64,
    a_share: Option<f64>,
    b_documents: u64,
    b_mentioning: u64,
    b_share: Option<f64>,
    share_diff: Option<f64>,
    p_value: Option<f64>,
    a_per_10k: Option<f64>,
    b_per_10k: Option<f64>,
    rate_ratio: Option<f64>,
    rate_ratio_low: Option<f64>,
    rate_ratio_high: Option<f64>,
}

fn compare_json(s: &Scratch, a: &str, b: &str) -> Vec<CompareRow> {
    let out = ok(
        s,
        &[
            "compare",
            "--a",
            a,
            "--b",
            b,
            "--lexicon",
            "lex.toml",
            "--format",
            "json",
        ],
    );
    serde_json::from_str(&out).expect("compare JSON")
}

/// Words per wave, from `efrh list` (the catalogue's own word counts).
fn words_of_wave(s: &Scratch, wave: u64) -> u64 {
    let v: serde_json::Value =
        serde_json::from_str(&ok(s, &["list", "--format", "json"])).expect("list JSON");
    v.as_array()
        .expect("array")
        .iter()
        .filter(|d| d["wave"].as_u64() == Some(wave))
        .map(|d| d["words"].as_u64().unwrap_or(0))
        .sum()
}

#[test]
fn compare_two_waves() {
    let s = corpus();
    let csv = ok(
        &s,
        &[
            "compare",
            "--a",
            "wave:2020",
            "--b",
            "wave:2022",
            "--lexicon",
            "lex.toml",
            "--format",
            "csv",
        ],
    );
    assert_eq!(csv.lines().next(), Some(COMPARE_HEADER));

    let rows = compare_json(&s, "wave:2020", "wave:2022");
    assert_eq!(rows.len(), 2);
    let cs = &rows[0];
    assert_eq!(cs.concept, "cs");
    assert_eq!((cs.a_documents, cs.a_mentioning), (3, 1));
    assert_eq!((cs.b_documents, cs.b_mentioning), (3, 3));
    assert_eq!(cs.a_share, Some(0.3333));
    assert_eq!(cs.b_share, Some(1.0));
    assert_eq!(cs.share_diff, Some(0.6667));
    // scipy.stats.fisher_exact([[1, 2], [3, 0]])[1] == 0.4000000000000001
    let p = cs.p_value.expect("p-value");
    assert!((p - 0.4).abs() < 1e-9, "{p}");
    // rate ratio: (4 / words_b) / (1 / words_a), log-method interval exp(ln r ± 1.96·sqrt(1/1 + 1/4))
    let (wa, wb) = (
        words_of_wave(&s, 2020) as f64,
        words_of_wave(&s, 2022) as f64,
    );
    let r = (4.0 / wb) / (1.0 / wa);
    let half = 1.959963984540054 * (1.0_f64 + 0.25).sqrt();
    let round4 = |x: f64| (x * 10_000.0).round() / 10_000.0;
    assert_eq!(cs.rate_ratio, Some(round4(r)));
    assert_eq!(cs.rate_ratio_low, Some(round4(r * (-half).exp())));
    assert_eq!(cs.rate_ratio_high, Some(round4(r * half.exp())));
    assert!(cs.a_per_10k.is_some() && cs.b_per_10k.is_some());

    let cse = &rows[1];
    assert_eq!((cse.a_mentioning, cse.b_mentioning), (2, 2));
    // scipy.stats.fisher_exact([[2, 1], [2, 1]])[1] == 1.0
    assert_eq!(cse.p_value, Some(1.0));
    assert_eq!(cse.share_diff, Some(0.0));
}

#[test]
fn compare_refuses_sets_that_share_documents() {
    let s = corpus();
    let o = run(
        &s,
        &[
            "compare",
            "--a",
            "nation:england",
            "--b",
            "wave:2022",
            "--lexicon",
            "lex.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("share 1 document"), "{err}");
    assert!(err.contains("F1 guidance"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn compare_never_prints_a_p_value_for_an_empty_set() {
    let s = corpus();
    let o = run(
        &s,
        &[
            "compare",
            "--a",
            "wave:2019",
            "--b",
            "wave:2022",
            "--lexicon",
            "lex.toml",
            "--format",
            "csv",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("set a (wave:2019) selects no document"),
        "{}",
        stderr(&o)
    );
    let csv = stdout(&o);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let cs = rdr.records().next().expect("cs row").expect("csv");
    assert_eq!(&cs[0], "cs");
    assert_eq!(
        (&cs[1], &cs[2], &cs[4], &cs[5], &cs[6]),
        ("0", "0", "3", "3", "1.0")
    );
    for (i, column) in [
        (3, "a_share"),
        (7, "share_diff"),
        (8, "p_value"),
        (9, "a_per_10k"),
        (11, "rate_ratio"),
        (12, "rate_ratio_low"),
        (13, "rate_ratio_high"),
    ] {
        assert_eq!(&cs[i], "", "{column} must be empty for an empty set");
    }
    let rows = compare_json(&s, "wave:2019", "wave:2022");
    assert_eq!(rows[0].p_value, None);
    assert_eq!(rows[1].p_value, None);
}

#[test]
fn compare_rejects_a_bad_filter() {
    let s = corpus();
    let o = run(&s, &["compare", "--a", "colour:blue", "--b", "wave:2022"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("colour"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------
// audit

const AUDIT_HEADER: &str =
    "occurrence,id,title,nation,year,page,concept,left,match,right,judgement";

fn audit_files(s: &Scratch) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(s.corpus().join("audits"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn sample_is_kept_in_the_corpus_spread_and_reproducible() {
    let s = corpus();
    let o = run(
        &s,
        &[
            "audit",
            "sample",
            "cse",
            "--n",
            "4",
            "--seed",
            "7",
            "--lexicon",
            "lex.toml",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("--seed 7"), "{}", stderr(&o));
    let files = audit_files(&s);
    assert_eq!(files.len(), 1, "{files:?}");
    let first = std::fs::read_to_string(&files[0]).expect("read sample");
    assert_eq!(first.lines().next(), Some(AUDIT_HEADER));
    // 7 occurrences of cse in 4 documents, each in its own nation-year: a sample of 4 takes
    // one from each document (W2 alone has 3).
    let mut rdr = csv::Reader::from_reader(first.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 4);
    let mut titles: Vec<&str> = rows.iter().map(|r| &r[2]).collect();
    titles.sort();
    assert_eq!(
        titles,
        ["E1 guidance", "E2 strategy", "S1 framework", "W2 guidance"]
    );
    assert!(rows.iter().all(|r| r[10].is_empty()), "judgement empty");

    // the same seed draws the same sample, into a new file (never over the first)
    ok(
        &s,
        &[
            "audit",
            "sample",
            "cse",
            "--n",
            "4",
            "--seed",
            "7",
            "--lexicon",
            "lex.toml",
        ],
    );
    let files = audit_files(&s);
    assert_eq!(files.len(), 2, "{files:?}");
    assert_eq!(std::fs::read_to_string(&files[1]).expect("read"), first);
}

#[test]
fn sample_never_overwrites_a_file() {
    let s = corpus();
    s.write("mine.csv", "judged already\n");
    let o = run(
        &s,
        &[
            "audit",
            "sample",
            "cse",
            "--n",
            "2",
            "--seed",
            "1",
            "--out",
            "mine.csv",
            "--lexicon",
            "lex.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(s.path().join("mine.csv")).expect("read"),
        "judged already\n"
    );
}

/// Draw every cse occurrence to `name`, fill the judgements in row order, return the rows.
fn judged_sample(s: &Scratch, name: &str, judgements: &[&str]) -> Vec<csv::StringRecord> {
    ok(
        s,
        &[
            "audit",
            "sample",
            "cse",
            "--n",
            "7",
            "--seed",
            "3",
            "--out",
            name,
            "--lexicon",
            "lex.toml",
        ],
    );
    common::judge(&s.path().join(name), judgements)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreRow {
    concept: String,
    judged: u64,
    yes: u64,
    no: u64,
    unsure: u64,
    precision: Option<f64>,
    precision_low: Option<f64>,
    precision_high: Option<f64>,
    #[serde(default)]
    agreement: Option<f64>,
    #[serde(default)]
    kappa: Option<f64>,
}

fn score(s: &Scratch, files: &[&str]) -> (Option<i32>, Vec<ScoreRow>, String) {
    let mut args = vec!["audit", "score"];
    args.extend(files);
    args.extend(["--lexicon", "lex.toml", "--format", "json"]);
    let o = run(s, &args);
    let rows = serde_json::from_str(&stdout(&o)).unwrap_or_default();
    (o.status.code(), rows, stderr(&o))
}

#[test]
fn score_one_analyst_precision_with_wilson() {
    let s = corpus();
    judged_sample(&s, "a.csv", &["yes", "yes", "Yes", "y", "yes", "no", "no"]);
    let csv = ok(
        &s,
        &[
            "audit",
            "score",
            "a.csv",
            "--lexicon",
            "lex.toml",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        csv.lines().next(),
        Some("concept,judged,yes,no,unsure,precision,precision_low,precision_high")
    );
    let (code, rows, err) = score(&s, &["a.csv"]);
    assert_eq!(code, Some(0), "{err}");
    let r = &rows[0];
    assert_eq!(r.concept, "cse");
    assert_eq!((r.judged, r.yes, r.no, r.unsure), (7, 5, 2, 0));
    assert!((r.precision.expect("precision") - 5.0 / 7.0).abs() < 1e-12);
    // statsmodels proportion_confint(5, 7, method="wilson") == (0.3589344518326191, 0.9177810759959432)
    assert!((r.precision_low.expect("low") - 0.3589344518326191).abs() < 1e-9);
    assert!((r.precision_high.expect("high") - 0.9177810759959432).abs() < 1e-9);
    assert_eq!((r.agreement, r.kappa), (None, None));
}

#[test]
fn score_two_analysts_agreement_and_kappa() {
    let s = corpus();
    judged_sample(
        &s,
        "a.csv",
        &["yes", "yes", "yes", "yes", "yes", "no", "no"],
    );
    judged_sample(
        &s,
        "b.csv",
        &["yes", "yes", "yes", "no", "yes", "no", "yes"],
    );
    let csv = ok(
        &s,
        &[
            "audit",
            "score",
            "a.csv",
            "b.csv",
            "--lexicon",
            "lex.toml",
            "--format",
            "csv",
        ],
    );
    assert!(
        csv.starts_with(
            "concept,judged,yes,no,unsure,precision,precision_low,precision_high,agreement,kappa\n"
        ),
        "{csv}"
    );
    let (code, rows, err) = score(&s, &["a.csv", "b.csv"]);
    assert_eq!(code, Some(0), "{err}");
    let r = &rows[0];
    // confusion table [[4, 1], [1, 1]]: statsmodels cohens_kappa == 0.30000000000000004
    assert!((r.kappa.expect("kappa") - 0.3).abs() < 1e-12);
    assert!((r.agreement.expect("agreement") - 5.0 / 7.0).abs() < 1e-12);
    // disagreements count as unsure: 4 yes, 1 no, 2 unsure;
    // statsmodels proportion_confint(4, 5, method="wilson") == (0.3755346297625252, 0.9637758913675698)
    assert_eq!((r.judged, r.yes, r.no, r.unsure), (7, 4, 1, 2));
    assert!((r.precision_low.expect("low") - 0.3755346297625252).abs() < 1e-9);
    assert!((r.precision_high.expect("high") - 0.9637758913675698).abs() < 1e-9);
}

#[test]
fn score_names_rows_whose_occurrence_is_gone() {
    let s = corpus();
    let rows = judged_sample(&s, "a.csv", &["yes", "yes", "yes", "yes", "no", "no", "no"]);
    // rows are ordered by nation, year: W2 guidance (wales 2022, three CSE) comes last
    let w2 = rows
        .iter()
        .find(|r| &r[2] == "W2 guidance")
        .expect("W2 row")[1]
        .to_string();
    ok(&s, &["remove", &w2]);
    let (code, rows, err) = score(&s, &["a.csv"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(err.matches("no longer exists").count(), 3, "{err}");
    assert!(err.contains("no longer in the corpus"), "{err}");
    assert!(err.contains("a.csv: line 6"), "{err}");
    let r = &rows[0];
    assert_eq!((r.judged, r.yes, r.no), (4, 4, 0));
}

#[test]
fn score_refuses_a_judgement_it_cannot_read() {
    let s = corpus();
    judged_sample(&s, "a.csv", &["yes", "maybe", "", "", "", "", ""]);
    let (code, _, err) = score(&s, &["a.csv"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("a.csv: line 3: judgement 'maybe'"), "{err}");
}

#[test]
fn score_refuses_a_file_that_is_not_an_audit() {
    let s = corpus();
    s.write("notes.csv", "a,b\n1,2\n");
    let (code, _, err) = score(&s, &["notes.csv"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("not an audit file"), "{err}");
}
