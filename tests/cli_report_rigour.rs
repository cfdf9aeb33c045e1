//! The report's rigour, end to end on the real binary: the wave section's test of each approach
//! equals `efrh compare`'s figures, one wave says there is nothing to compare, audited precision
//! equals `efrh audit score`'s, the acronym flag follows `efrh count --by term`, and `kwic`
//! shows matched words joined as a reader reads them where a line broke inside them.

mod common;

use common::html::{row, table};
use common::rows::{CompareRow, KwicRow, ScoreRow};
use common::{CorpusBuilder, Doc, Scratch};
use serde::Deserialize;

const LEXICON: &str = include_str!("data/lexicons/cli_report_rigour.toml");

/// Counts: cs — wave 2020: 1 of 3 documents, wave 2022: 3 of 3 (plus one document without a
/// wave); ti — 2020: 1 of 3, 2022: 1 of 3; cse — 5 of its 6 mentions are the acronym "CSE".
/// Lines break inside "trauma-\ninformed", "Child-on-\nchild abuse" and "safe-\nguarding".
fn docs(update: bool) -> CorpusBuilder {
    let first = [
        (
            "A1 guidance",
            "england",
            2018,
            "Contextual safeguarding in parks. CSE and CSE again.",
        ),
        (
            "A2 strategy",
            "england",
            2019,
            "Trauma-informed practice for staff. Child sexual exploitation is named.",
        ),
        (
            "A3 procedures",
            "wales",
            2019,
            "Nothing relevant here at all for this test.",
        ),
    ];
    let second = [
        ("B1 guidance", "england", 2021, "Contextual safeguarding twice: contextual safeguarding. CSE teams."),
        ("B2 framework", "scotland", 2022, "Contextual safeguarding and a trauma-\ninformed service. Child-on-\nchild abuse happens."),
        ("B3 guidance", "wales", 2022, "Contextual safeguarding for Wales. CSE, CSE."),
    ];
    let in_wave = |wave: u16| {
        move |(title, nation, year, text): (&str, &str, u16, &str)| {
            Doc::new(title, nation, year).wave(wave).page(text)
        }
    };
    let unwaved =
        Doc::new("N1 unwaved", "england", 2020).page("Contextual safe-\nguarding without a wave.");
    let mut b = CorpusBuilder::new()
        .lexicon(LEXICON)
        .docs(first.map(in_wave(2020)))
        .doc(unwaved);
    if update {
        b = b.docs(second.map(in_wave(2022)));
    }
    b
}

fn report(s: &Scratch) -> String {
    s.lex_ok("report --out out");
    s.read("out/report.html")
}

#[test]
fn wave_section_shows_compare_figures_in_words() {
    let s = docs(true).build();
    let html = report(&s);
    let rows = table(&html, "table-wave-change");
    let compare: Vec<CompareRow> =
        serde_json::from_str(&s.lex_ok("compare --a wave:2020 --b wave:2022 --format json"))
            .expect("compare json");
    let mut checked = 0;
    for (id, label) in [
        ("cs", "Contextual Safeguarding"),
        ("ti", "Trauma-informed Practice"),
    ] {
        let c = compare
            .iter()
            .find(|c| c.concept == id)
            .expect("compare row");
        let r = row(&rows, label);
        assert_eq!(r[1], format!("{} of {}", c.a_mentioning, c.a_documents));
        assert_eq!(r[2], format!("{} of {}", c.b_mentioning, c.b_documents));
        let rate = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{v:.3}"));
        assert_eq!(r[3], rate(c.a_per_10k), "{label}");
        assert_eq!(r[4], rate(c.b_per_10k), "{label}");
        match (c.rate_ratio, c.rate_ratio_low, c.rate_ratio_high) {
            (Some(x), Some(lo), Some(hi)) => {
                assert_eq!(r[5], format!("{x:.2} ({lo:.2}–{hi:.2})"), "{label}")
            }
            _ => assert!(r[5].starts_with('–'), "{label}: {}", r[5]),
        }
        let p = c.p_value.expect("both sets have documents");
        assert_eq!(r[6], efrh::stats::format_p(p), "{label}");
        let set = |documents, mentioning| efrh::stats::SetCounts {
            documents,
            mentioning,
            ..Default::default()
        };
        assert_eq!(
            r[7],
            efrh::stats::describe(
                &set(c.a_documents, c.a_mentioning),
                &set(c.b_documents, c.b_mentioning)
            ),
            "{label}"
        );
        checked += 1;
    }
    assert_eq!(checked, 2);
    // cs: 1 of 3 vs 3 of 3; Fisher [[1, 2], [3, 0]] two-sided p = 0.4 (scipy 1.17.1:
    // scipy.stats.fisher_exact([[1, 2], [3, 0]])[1] = 0.39999999999999997).
    let cs = row(&rows, "Contextual Safeguarding");
    assert_eq!(
        cs[7],
        "1 of 3 vs 3 of 3; p = 0.40: too few documents to call this a change"
    );
    // Two approaches tested: the multiple-comparison caveat.
    assert!(html.contains("id=\"wave-multiple\""), "caveat missing");
    assert!(html.contains("2 concepts were tested"));
}

#[test]
fn one_wave_says_there_is_nothing_to_compare() {
    let s = docs(false).build();
    let html = report(&s);
    let start = html.find("<h2 id=\"waves\"").expect("waves section");
    let section = &html[start..start + html[start..].find("</section>").expect("end")];
    assert!(
        section.contains("The corpus has one wave (2020)"),
        "{section}"
    );
    assert!(!section.contains("update added"), "{section}");
    assert!(!section.contains("after 2020 up to 2020"), "{section}");
    assert!(
        !section.contains("table-wave-change"),
        "no test with one wave"
    );
    assert!(!section.contains("p = "), "no p-value without two sets");
}

#[derive(Debug, Deserialize)]
struct TermRow {
    concept: String,
    term: String,
    count: u64,
}

#[test]
fn report_shows_audited_precision_and_flags_an_acronym() {
    let s = docs(true).build();
    // Before any audit: not audited, and the rule is stated.
    let html = report(&s);
    let trust = table(&html, "table-trust");
    assert!(row(&trust, "Child sexual exploitation")[3].contains("not audited"));
    assert!(html.contains("more than half of its mentions come from one acronym"));

    // The acronym flag follows count --by term: CSE carries 5 of cse's 6 mentions.
    let terms: Vec<TermRow> =
        serde_json::from_str(&s.lex_ok("count --by term --format json")).expect("terms json");
    let of = |concept: &str, term: &str| {
        terms
            .iter()
            .find(|t| t.concept == concept && t.term == term)
            .map_or(0, |t| t.count)
    };
    let (acronym, total) = (
        of("cse", "CSE"),
        of("cse", "CSE") + of("cse", "child sexual exploitation"),
    );
    assert_eq!((acronym, total), (5, 6));
    let cse = row(&trust, "Child sexual exploitation");
    assert_eq!(cse[2], total.to_string());
    assert_eq!(cse[4], format!("83% from \"CSE\" ({acronym} of {total})"));
    assert_eq!(cse[5], "rests mostly on an acronym");
    assert_eq!(row(&trust, "Contextual Safeguarding")[5], "");

    // An audit: all 6 cse occurrences drawn, judged yes, yes, yes, yes, no, unsure.
    s.lex_ok("audit sample cse --n 10 --seed 7");
    let dir = s.corpus().join("audits");
    let file = std::fs::read_dir(&dir)
        .expect("audits folder")
        .next()
        .expect("an audit file")
        .expect("entry")
        .path();
    common::judge(&file, &["yes", "yes", "yes", "yes", "no", "unsure"]);

    let file_arg = file.to_string_lossy().into_owned();
    let scores: Vec<ScoreRow> = s.json(["audit", "score", &file_arg, "--lexicon", "lexicon.toml"]);
    let sc = scores
        .iter()
        .find(|r| r.concept == "cse")
        .expect("cse score");
    assert_eq!((sc.yes, sc.no), (4, 1));
    let pct = |x: Option<f64>| format!("{:.0}%", x.expect("defined") * 100.0);
    // Wilson 4 of 5: 0.3755–0.9638 (statsmodels proportion_confint(4, 5, method="wilson")).
    let want = format!(
        "4 of 5 judged true ({}; 95% interval {}–{}); 1 unsure left out",
        pct(sc.precision),
        pct(sc.precision_low),
        pct(sc.precision_high)
    );
    assert_eq!(
        want,
        "4 of 5 judged true (80%; 95% interval 38%–96%); 1 unsure left out"
    );

    let html = report(&s);
    let trust = table(&html, "table-trust");
    let name = file
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        row(&trust, "Child sexual exploitation")[3],
        format!("{want} — audits/{name}")
    );
    assert!(row(&trust, "Contextual Safeguarding")[3].contains("not audited"));
    let files = table(&html, "table-audits");
    assert_eq!(
        row(&files, &format!("audits/{name}"))[2],
        want,
        "every audit file is listed"
    );
}

#[test]
fn a_broken_audit_file_is_named_not_fatal() {
    let s = docs(false).build();
    s.write("corpus/audits/notes.csv", "just,some,notes\n1,2,3\n");
    let err = s.ok_stderr(["report", "--lexicon", "lexicon.toml", "--out", "out"]);
    assert!(err.contains("audits/notes.csv could not be scored"));
    let html = s.read("out/report.html");
    assert!(html.contains("audits/notes.csv could not be scored"));
}

/// `kwic QUERY --lexicon lexicon.toml --format FORMAT`, which must succeed: its stdout.
fn kwic(s: &Scratch, query: &str, format: &str) -> String {
    s.ok([
        "kwic",
        query,
        "--lexicon",
        "lexicon.toml",
        "--format",
        format,
    ])
}

#[test]
fn kwic_joins_a_match_where_the_line_broke() {
    let s = docs(true).build();
    for (query, want) in [
        // A printed hyphen at the line end stays, the break goes.
        ("coc", "Child-on-child abuse"),
        ("ti", "trauma-informed"),
        // The typesetter's hyphenation inside a word goes.
        ("cs", "Contextual safeguarding"),
        // An ad-hoc phrase is read the same way.
        ("child on child abuse", "Child-on-child abuse"),
    ] {
        let rows: Vec<KwicRow> = serde_json::from_str(&kwic(&s, query, "json")).expect("kwic json");
        let broke = rows
            .iter()
            .find(|r| r.title == "B2 framework" || r.title == "N1 unwaved")
            .filter(|r| r.matched.to_lowercase() == want.to_lowercase())
            .unwrap_or_else(|| panic!("{query}: no joined match in {rows:?}"));
        assert_eq!(broke.matched, want, "{query}");
        assert!(
            rows.iter().all(|r| !r.matched.contains("- ")),
            "{query}: a match shown broken: {rows:?}"
        );
        for format in ["csv", "table"] {
            let out = kwic(&s, query, format);
            assert!(out.contains(want), "{query} {format}: {out}");
        }
    }
    let rows: Vec<KwicRow> = serde_json::from_str(&kwic(&s, "cs", "json")).expect("json");
    assert!(
        rows.iter()
            .any(|r| r.title == "N1 unwaved" && r.matched == "Contextual safeguarding"),
        "{rows:?}"
    );
}

#[test]
fn kwic_without_hits_says_so_on_stderr() {
    let s = docs(false).build();
    let err = s.ok_stderr(["kwic", "no such phrase", "--lexicon", "lexicon.toml"]);
    assert!(err.contains("no occurrence of 'no such phrase'"), "{err}");
}
