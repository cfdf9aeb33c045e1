//! How the approaches are talked about: `efrh cooccur` and `efrh collocates`, run as the real
//! binary on corpora built the real way (PDFs from `efrh::pdfwrite`, stored with `efrh add`)
//! and on the bundled demonstration corpus. Expected figures follow from the texts written
//! here; CSV headers are compared exactly and JSON rows are read with `deny_unknown_fields`.

mod common;

use common::rows::KwicRow;
use common::{argv, stderr, stdout, CorpusBuilder, Doc, Scratch};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LEXICON: &str = include_str!("data/lexicons/cli_talk.toml");

/// Document A, page 1: two paragraphs (the first ends on a short line); three sentences.
const A1: &str =
    "Contextual safeguarding is a response to harm beyond the family home and its walls. \
It looks at county lines and at the places where young people meet their peers.\n\
Trauma-informed practice is named in a separate paragraph of this page, well away from the others.";
/// Document A, page 2: one paragraph of two sentences.
const A2: &str =
    "County lines and contextual safeguarding are in one sentence on this second page. \
Transitional safeguarding stands alone here in the second sentence of the page.";
/// Document B: one sentence.
const B1: &str = "Transitional safeguarding and county lines appear together in this strategy.";

fn corpus() -> Scratch {
    CorpusBuilder::new()
        .lexicon(LEXICON)
        .doc(Doc::new("A", "england", 2020).wave(2020).pages(&[A1, A2]))
        .doc(Doc::new("B", "wales", 2022).wave(2022).page(B1))
        .build()
}

/// One document with this text (England 2020) and, when given, a lexicon.
fn one(text: &str, lexicon: Option<&str>) -> Scratch {
    let mut b = CorpusBuilder::new().doc(Doc::new("A", "england", 2020).page(text));
    if let Some(l) = lexicon {
        b = b.lexicon(l);
    }
    b.build()
}

fn run(s: &Scratch, args: &[&str]) -> String {
    s.ok(args)
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Pair {
    concept_a: String,
    concept_b: String,
    windows_a: u64,
    windows_b: u64,
    windows_both: u64,
    documents_both: u64,
    jaccard: f64,
}

fn pair(a: &str, b: &str, wa: u64, wb: u64, both: u64, docs: u64, jaccard: f64) -> Pair {
    Pair {
        concept_a: a.into(),
        concept_b: b.into(),
        windows_a: wa,
        windows_b: wb,
        windows_both: both,
        documents_both: docs,
        jaccard,
    }
}

fn cooccur(s: &Scratch, window: &str) -> Vec<Pair> {
    serde_json::from_str(&s.lex_ok(&format!("cooccur --window {window} --format json"))).unwrap()
}

/// Windows counted by hand from A1, A2 and B1:
/// sentences: A1 {cs} {cl} {ti}, A2 {cl,cs} {ts}, B1 {ts,cl};
/// paragraphs: A1 {cs,cl} {ti}, A2 {cl,cs,ts}, B1 {ts,cl};
/// pages: A1 {cs,cl,ti}, A2 {cl,cs,ts}, B1 {ts,cl}.
#[test]
fn cooccur_counts_sentence_paragraph_and_page_windows() {
    let s = corpus();
    // (window, concept a, concept b, windows a, windows b, windows both, documents, Jaccard)
    let want = [
        ("sentence", "cl", "cs", 3, 2, 1, 1, 0.25),
        ("sentence", "cl", "ts", 3, 2, 1, 1, 0.25),
        ("paragraph", "cl", "cs", 3, 2, 2, 1, 0.6667),
        ("paragraph", "cl", "ts", 3, 2, 2, 2, 0.6667),
        ("paragraph", "cs", "ts", 2, 2, 1, 1, 0.3333),
        ("page", "cl", "cs", 3, 2, 2, 1, 0.6667),
        ("page", "cl", "ti", 3, 1, 1, 1, 0.3333),
        ("page", "cl", "ts", 3, 2, 2, 2, 0.6667),
        ("page", "cs", "ti", 2, 1, 1, 1, 0.5),
        ("page", "cs", "ts", 2, 2, 1, 1, 0.3333),
    ];
    for window in ["sentence", "paragraph", "page"] {
        let pairs: Vec<Pair> = want
            .iter()
            .filter(|w| w.0 == window)
            .map(|&(_, a, b, wa, wb, both, docs, j)| pair(a, b, wa, wb, both, docs, j))
            .collect();
        assert_eq!(cooccur(&s, window), pairs, "{window}");
    }
    // The default window is the paragraph.
    let default: Vec<Pair> = serde_json::from_str(&s.lex_ok("cooccur --format json")).unwrap();
    assert_eq!(default, cooccur(&s, "paragraph"));
}

#[test]
fn cooccur_csv_columns_and_errors() {
    let s = corpus();
    let out = s.lex_ok("cooccur --format csv");
    assert_eq!(
        out.lines().next(),
        Some("concept_a,concept_b,windows_a,windows_b,windows_both,documents_both,jaccard")
    );
    let err = s.lex_fail("cooccur --window line", 2);
    assert!(err.contains("sentence, paragraph or page"), "{err}");
}

#[test]
fn cooccur_names_an_unreadable_text_and_exits_1() {
    let s = corpus();
    s.damage_a_text();
    let o = s.lex_run("cooccur --format csv");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("error:"), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("concept_a,"));
}

/// The bundled demonstration corpus and default lexicon.
fn demo() -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    (root.join("corpus"), root.join("lexicons/efrh.toml"))
}

/// `cooccur --window page` agrees exactly with `kwic`: a pair is in a page window when both
/// concepts have a kwic row on that page (issue 13).
#[test]
fn cooccur_page_windows_agree_with_kwic_on_the_demo_corpus() {
    let (corpus, lexicon) = demo();
    let efrh = |args: &[&str]| {
        let o = common::efrh(Path::new(env!("CARGO_MANIFEST_DIR")))
            .arg("--corpus")
            .arg(&corpus)
            .args(args)
            .arg("--lexicon")
            .arg(&lexicon)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    let concepts: Vec<String> = efrh::lexicon::Lexicon::load(&lexicon)
        .unwrap()
        .concepts()
        .iter()
        .map(|c| c.id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(concepts.len() >= 10, "{concepts:?}");
    // (document id, page) of every kwic row, per concept.
    let mut pages: BTreeMap<String, BTreeSet<(String, u32)>> = BTreeMap::new();
    for c in &concepts {
        let rows: Vec<KwicRow> = serde_json::from_str(&efrh(&["kwic", c])).unwrap();
        pages.insert(
            c.clone(),
            rows.into_iter().map(|r| (r.id, r.page)).collect(),
        );
    }
    let mut expected = Vec::new();
    for (i, a) in concepts.iter().enumerate() {
        for b in concepts.iter().skip(i + 1) {
            let (pa, pb) = (&pages[a], &pages[b]);
            let both: BTreeSet<_> = pa.intersection(pb).collect();
            if both.is_empty() {
                continue;
            }
            let docs: BTreeSet<_> = both.iter().map(|(id, _)| id).collect();
            let union = pa.len() + pb.len() - both.len();
            expected.push(pair(
                a,
                b,
                pa.len() as u64,
                pb.len() as u64,
                both.len() as u64,
                docs.len() as u64,
                (both.len() as f64 / union as f64 * 10_000.0).round() / 10_000.0,
            ));
        }
    }
    let got: Vec<Pair> = serde_json::from_str(&efrh(&["cooccur", "--window", "page"])).unwrap();
    assert!(
        expected.len() >= 10,
        "too few pairs to be a test: {expected:?}"
    );
    assert_eq!(got, expected);
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Collocate {
    word: String,
    near: u64,
    total: u64,
    ll: f64,
    mi: f64,
}

fn collocate(word: &str, near: u64, total: u64, ll: f64, mi: f64) -> Collocate {
    Collocate {
        word: word.into(),
        near,
        total,
        ll,
        mi,
    }
}

/// The tiny corpus of `efrh::collocates`' unit test, through the binary: the text
/// "w0 w1 x y cs x z x w2 w3", span 2. G² and MI computed by hand there (and with scipy):
/// y, z: near 1, total 1, G² 1.780297, MI 1.169925; x: near 2, total 3, G² 0.908053, MI
/// 0.584963 (shown to 4 decimals).
#[test]
fn collocates_by_hand_through_the_binary() {
    let s = one(
        "w0 w1 x y cs x z x w2 w3",
        Some("[[concept]]\nid = \"cs\"\nlabel = \"CS\"\ngroup = \"approach\"\nterms = [\"cs\"]\n"),
    );
    let got = |extra: &str| -> Vec<Collocate> {
        serde_json::from_str(&s.lex_ok(&format!("collocates cs --span 2 {extra} --format json")))
            .unwrap()
    };
    assert_eq!(
        got("--min-freq 1"),
        vec![
            collocate("y", 1, 1, 1.7803, 1.1699),
            collocate("z", 1, 1, 1.7803, 1.1699),
            collocate("x", 2, 3, 0.9081, 0.585),
        ]
    );
    assert_eq!(got("--min-freq 2").len(), 1);
    assert_eq!(got("--min-freq 1 --limit 2").len(), 2);
    // A stop-word list of the user's own.
    s.write("stop.txt", "# mine\nY\n");
    let words: Vec<String> = got("--min-freq 1 --stopwords stop.txt")
        .into_iter()
        .map(|c| c.word)
        .collect();
    assert_eq!(words, ["z", "x"]);
    // CSV header.
    let csv = s.lex_ok("collocates cs --format csv");
    assert_eq!(csv.lines().next(), Some("word,near,total,ll,mi"));
}

#[test]
fn collocates_stop_words_are_on_by_default_and_can_be_switched_off() {
    let s = one(
        "The contextual safeguarding approach and the contextual safeguarding team, \
               and the contextual safeguarding lead.",
        None,
    );
    let words = |extra: &[&str]| -> Vec<String> {
        let cs = ["collocates", "contextual safeguarding"];
        let args = [&cs[..], &argv("--min-freq 1 --span 1 --format json"), extra].concat();
        let rows: Vec<Collocate> = serde_json::from_str(&run(&s, &args)).unwrap();
        rows.into_iter().map(|c| c.word).collect()
    };
    let default = words(&[]);
    assert!(!default.contains(&"the".to_string()), "{default:?}");
    assert!(default.contains(&"team".to_string()), "{default:?}");
    // Span 1: "the" is near every time, "and" never.
    let all = words(&["--no-stopwords"]);
    assert!(all.contains(&"the".to_string()), "{all:?}");
    // A missing stop-word file is a usage error that says what to do.
    let err = s.fail(
        [
            "collocates",
            "contextual safeguarding",
            "--stopwords",
            "nope.txt",
        ],
        2,
    );
    assert!(err.contains("stop-word list"), "{err}");
    // A concept that never occurs: no rows, a note, exit 0.
    let o = s.run(["collocates", "county lines", "--format", "csv"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).trim(), "word,near,total,ll,mi");
    assert!(stderr(&o).contains("does not occur"), "{}", stderr(&o));
}

/// `kwic --sentence`: left and right are the rest of the sentence.
#[test]
fn kwic_sentence_context_is_the_rest_of_the_sentence() {
    let s = corpus();
    let rows = s.kwic(&argv("cl --lexicon lexicon.toml --sentence"));
    let got: Vec<(u32, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.page,
                r.left.as_str(),
                r.matched.as_str(),
                r.right.as_str(),
            )
        })
        .collect();
    let mut want = vec![
        (
            1,
            "It looks at ",
            "county lines",
            " and at the places where young people meet their peers.",
        ),
        (
            2,
            "",
            "County lines",
            " and contextual safeguarding are in one sentence on this second page.",
        ),
        (
            1,
            "Transitional safeguarding and ",
            "county lines",
            " appear together in this strategy.",
        ),
    ];
    // Rows come in catalogue order (England before Wales).
    assert_eq!(got.len(), 3, "{got:?}");
    want.sort();
    let mut got = got;
    got.sort();
    assert_eq!(got, want);
    // Without --sentence the context is cut by width as before.
    let rows = s.kwic(&argv("cl --lexicon lexicon.toml --width 5"));
    assert!(rows.iter().all(|r| r.left.chars().count() <= 5));
}

/// Every selection filter applies: only document B is in wave 2022; an empty selection is
/// an empty result with a note (exit 0).
#[test]
fn cooccur_and_collocates_take_the_selection() {
    let s = corpus();
    let out = s.lex_ok("cooccur --window sentence --wave 2022 --format json");
    let rows: Vec<Pair> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows, vec![pair("cl", "ts", 1, 1, 1, 1, 1.0)]);
    let out =
        s.lex_ok("collocates cl --nation wales --min-freq 1 --span 2 --no-stopwords --format json");
    let rows: Vec<Collocate> = serde_json::from_str(&out).unwrap();
    assert!(rows.iter().any(|c| c.word == "appear"), "{rows:?}");
    // "It looks at county lines" is in document A (England): not selected.
    assert!(!rows.iter().any(|c| c.word == "looks"), "{rows:?}");
    let all: Vec<Collocate> =
        serde_json::from_str(&s.lex_ok("collocates cl --min-freq 1 --span 2 --format json"))
            .unwrap();
    assert!(all.iter().any(|c| c.word == "looks"), "{all:?}");
    let o = s.lex_run("cooccur --nation scotland --format csv");
    assert!(o.status.success());
    assert_eq!(stdout(&o).lines().count(), 1);
    assert!(stderr(&o).contains("no document matches"), "{}", stderr(&o));
}
