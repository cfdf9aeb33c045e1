//! `efrh compare` and `efrh audit sample|score`, run as the real binary on a corpus built the
//! real way (PDFs from `efrh::pdfwrite`, stored with `efrh add --manifest`), in a fresh temp
//! dir per test.
//!
//! Reference figures were computed with scipy 1.17.1 / statsmodels 0.15.0 (each test says
//! how); the expected counts follow from the texts written into the PDFs below. CSV headers are
//! compared exactly and JSON rows deserialised with `deny_unknown_fields`: the columns are a
//! contract (`../shared/spec/cli.md`).

mod common;

use common::rows::{CompareRow, ScoreRow};
use common::{argv, stderr, stdout, CorpusBuilder, Doc, Scratch};

const LEXICON: &str = include_str!("data/lexicons/cli_rigour.toml");

const E1: &str = "Contextual safeguarding starts here. Services respond to CSE in the community.";
const E2: &str = "Child sexual exploitation is a harm outside the home. The CSE team meets weekly.";
const W1: &str = "Nothing about these matters appears in this document at all.";
const F1: &str = "Contextual safeguarding twice: contextual safeguarding again.";
const S1: &str = "Contextual safeguarding and CSE in Scotland.";
const W2: &str = "Contextual Safeguarding for Wales. CSE, then CSE, and CSE once more.";

/// Counts: cs — wave 2020: 1 of 3 documents (1 occurrence), wave 2022: 3 of 3 (4); cse — wave
/// 2020: 2 of 3 (3), wave 2022: 2 of 3 (4).
fn corpus() -> Scratch {
    let docs = [
        ("E1 guidance", "england", 2018, 2020, E1),
        ("E2 strategy", "england", 2019, 2020, E2),
        ("W1 procedures", "wales", 2019, 2020, W1),
        ("F1 guidance", "england", 2022, 2022, F1),
        ("S1 framework", "scotland", 2022, 2022, S1),
        ("W2 guidance", "wales", 2022, 2022, W2),
    ];
    CorpusBuilder::new()
        .lexicon(LEXICON)
        .docs(docs.map(|(title, nation, year, wave, text)| {
            Doc::new(title, nation, year).wave(wave).page(text)
        }))
        .build()
}

// ---------------------------------------------------------------------------------------------
// compare

const COMPARE_HEADER: &str = "concept,a_documents,a_mentioning,a_share,b_documents,b_mentioning,b_share,share_diff,p_value,a_per_10k,b_per_10k,rate_ratio,rate_ratio_low,rate_ratio_high";

fn compare_json(s: &Scratch, a: &str, b: &str) -> Vec<CompareRow> {
    serde_json::from_str(&s.lex_ok(&format!("compare --a {a} --b {b} --format json")))
        .expect("compare JSON")
}

/// Words per wave, from `efrh list` (the catalogue's own word counts).
fn words_of_wave(s: &Scratch, wave: u64) -> u64 {
    s.list()
        .iter()
        .filter(|d| d["wave"].as_u64() == Some(wave))
        .map(|d| d["words"].as_u64().unwrap_or(0))
        .sum()
}

#[test]
fn compare_two_waves() {
    let s = corpus();
    let csv = s.lex_ok("compare --a wave:2020 --b wave:2022 --format csv");
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
    let o = s.lex_run("compare --a nation:england --b wave:2022");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("share 1 document"), "{err}");
    assert!(err.contains("F1 guidance"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn compare_never_prints_a_p_value_for_an_empty_set() {
    let s = corpus();
    let o = s.lex_run("compare --a wave:2019 --b wave:2022 --format csv");
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
    let o = s.run(argv("compare --a colour:blue --b wave:2022"));
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
    let o = s.lex_run("audit sample cse --n 4 --seed 7");
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
    s.lex_ok("audit sample cse --n 4 --seed 7");
    let files = audit_files(&s);
    assert_eq!(files.len(), 2, "{files:?}");
    assert_eq!(std::fs::read_to_string(&files[1]).expect("read"), first);
}

#[test]
fn sample_never_overwrites_a_file() {
    let s = corpus();
    s.write("mine.csv", "judged already\n");
    let o = s.lex_run("audit sample cse --n 2 --seed 1 --out mine.csv");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(s.path().join("mine.csv")).expect("read"),
        "judged already\n"
    );
}

/// Draw every cse occurrence to `name`, fill the judgements in row order, return the rows.
fn judged_sample(s: &Scratch, name: &str, judgements: &[&str]) -> Vec<csv::StringRecord> {
    s.lex_ok(&format!("audit sample cse --n 7 --seed 3 --out {name}"));
    common::judge(&s.path().join(name), judgements)
}

fn score(s: &Scratch, files: &[&str]) -> (Option<i32>, Vec<ScoreRow>, String) {
    let o = s.lex_run(&format!("audit score {} --format json", files.join(" ")));
    let rows = serde_json::from_str(&stdout(&o)).unwrap_or_default();
    (o.status.code(), rows, stderr(&o))
}

#[test]
fn score_one_analyst_precision_with_wilson() {
    let s = corpus();
    judged_sample(&s, "a.csv", &["yes", "yes", "Yes", "y", "yes", "no", "no"]);
    let csv = s.lex_ok("audit score a.csv --format csv");
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
    let csv = s.lex_ok("audit score a.csv b.csv --format csv");
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
    s.ok(["remove", &w2]);
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
