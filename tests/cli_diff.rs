//! `efrh diff` (issue 12): two documents, or two editions of a series, concept by concept.
//! The expected figures are counted by hand from the texts below.

mod common;

use common::{argv, stderr, CorpusBuilder, Doc, Scratch};

const LEXICON: &str = include_str!("data/lexicons/cli_diff.toml");

/// Three editions of series `kls` (2019; 2021 in January; 2021 in September) and one
/// document of another series.
fn corpus() -> Scratch {
    let september = [
        "Peer-on-peer abuse is serious. Contextual safeguarding looks at places.",
        "Peer-on-peer abuse happens online too. Contextual safeguarding again.",
    ];
    let editions = [
        (
            "KLS 2019",
            2019,
            "",
            "Peer-on-peer abuse is serious. Gangs exploit children in parks.",
        ),
        ("KLS 2021 September", 2021, "2021-09", ""),
        (
            "KLS 2021 January",
            2021,
            "2021-01",
            "Peer-on-peer abuse is serious. Gangs and more gangs. January edition.",
        ),
    ];
    let kls = editions.map(|(title, year, date, text)| {
        let doc = Doc::new(title, "england", year)
            .set("series", "kls")
            .set("date", date);
        if text.is_empty() {
            doc.pages(&september)
        } else {
            doc.page(text)
        }
    });
    CorpusBuilder::new()
        .lexicon(LEXICON)
        .docs(kls)
        .doc(
            Doc::new("Solo", "wales", 2020)
                .set("series", "solo")
                .page("A single edition about gangs."),
        )
        .build()
}

/// `diff ARGS --lexicon lexicon.toml --format json`, its rows.
fn diff_json(s: &Scratch, args: &[&str]) -> Vec<serde_json::Value> {
    s.json([&["diff"][..], args, &["--lexicon", "lexicon.toml"]].concat())
}

fn row<'a>(rows: &'a [serde_json::Value], concept: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["concept"] == concept)
        .unwrap_or_else(|| panic!("no row {concept} in {rows:?}"))
}

fn id_of(s: &Scratch, title: &str) -> String {
    s.id_of(title)
}

#[test]
fn series_diff_takes_the_editions_in_force_the_later_date_winning_a_shared_year() {
    let s = corpus();
    let rows = diff_json(&s, &["--series", "kls", "--from", "2020", "--to", "2021"]);
    assert_eq!(rows.len(), 3, "{rows:?}");
    // A = 2019 edition (in force in 2020); B = the September 2021 edition, not January's.
    let cs = row(&rows, "contextual-safeguarding");
    assert_eq!(
        (cs["count_a"].as_u64(), cs["count_b"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(cs["change"], "new");
    let peer = row(&rows, "peer-abuse");
    assert_eq!(
        (peer["count_a"].as_u64(), peer["count_b"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(peer["change"], "up");
    let gangs = row(&rows, "gangs");
    assert_eq!(
        (gangs["count_a"].as_u64(), gangs["count_b"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(gangs["change"], "dropped");
    let keys: Vec<&String> = rows[0].as_object().expect("object").keys().collect();
    let mut want = [
        "concept",
        "count_a",
        "count_b",
        "per_10k_a",
        "per_10k_b",
        "change",
    ];
    want.sort_unstable();
    assert_eq!(keys, want);
    assert!(cs["per_10k_b"].as_f64().is_some_and(|r| r > 0.0), "{cs}");
}

#[test]
fn diff_of_two_ids_and_the_csv_columns() {
    let s = corpus();
    let a = id_of(&s, "KLS 2021 January");
    let b = id_of(&s, "KLS 2021 September");
    let rows = diff_json(&s, &[&a[..6], &b]);
    let gangs = row(&rows, "gangs");
    assert_eq!(
        (gangs["count_a"].as_u64(), gangs["count_b"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(row(&rows, "peer-abuse")["change"], "up");
    let csv = s.lex_ok(&format!("diff {a} {b} --format csv"));
    assert_eq!(
        csv.lines().next(),
        Some("concept,count_a,count_b,per_10k_a,per_10k_b,change")
    );
}

#[test]
fn diff_refuses_what_it_cannot_compare() {
    let s = corpus();
    let a = id_of(&s, "KLS 2019");
    let same = format!("{a} {a}");
    let unknown = format!("{a} ffffffffffffffff");
    for (args, says) in [
        ("--series solo --from 2020 --to 2022", "has one edition"),
        (
            "--series none --from 2020 --to 2022",
            "no document of series 'none'",
        ),
        (
            "--series kls --from 2015 --to 2021",
            "no edition in or before 2015",
        ),
        ("--series kls --from 2019 --to 2020", "the same edition"),
        ("--series KLS --from 2019 --to 2021", "not a series id"),
        (&unknown, "no document ffffffffffffffff"),
        (&same, "the same document"),
    ] {
        let out = s.lex_run(&format!("diff {args}"));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// Passages found by hand on a small two-edition pair: A drops the sentence on gangs from
/// page 1; B adds a trauma-informed sentence (page 1) and a contextual safeguarding one (page
/// 2). The sentence on recording concerns is the same in both ("e.g." does not end it; B's
/// paragraph number "2.3" is not part of it), as is the re-wrapped first sentence.
#[test]
fn passages_are_the_mentioning_sentences_in_one_edition_only() {
    let lexicon = format!("{LEXICON}\n[[concept]]\nid = \"trauma\"\nlabel = \"Trauma\"\ngroup = \"approach\"\nterms = [\"trauma-informed\"]\n");
    let a = [
        "Schools should consider contextual safeguarding where harm occurs in parks. \
         Gangs are a concern for staff.",
        "Staff must record concerns, e.g. about gangs, in writing.",
    ];
    let b = [
        "Schools should consider contextual safeguarding where harm occurs in parks. \
         Staff should use a trauma-informed approach.",
        "2.3 Staff must record concerns, e.g. about gangs, in writing. Contextual \
         safeguarding applies online too.",
    ];
    let s = CorpusBuilder::new()
        .lexicon(&lexicon)
        .doc(
            Doc::new("A", "england", 2019)
                .set("series", "pair")
                .pages(&a),
        )
        .doc(
            Doc::new("B", "england", 2021)
                .set("series", "pair")
                .pages(&b),
        )
        .build();
    let pair = "--series pair --from 2019 --to 2021 --passages";
    let rows = diff_json(&s, &argv(pair));
    let got: Vec<(String, String, u64, String)> = rows
        .iter()
        .map(|r| {
            (
                r["change"].as_str().unwrap_or("").to_string(),
                r["concept"].as_str().unwrap_or("").to_string(),
                r["page"].as_u64().unwrap_or(0),
                r["sentence"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String, u64, String)> = [
        ("removed", "gangs", 1, "Gangs are a concern for staff."),
        (
            "added",
            "trauma",
            1,
            "Staff should use a trauma-informed approach.",
        ),
        (
            "added",
            "contextual-safeguarding",
            2,
            "Contextual safeguarding applies online too.",
        ),
    ]
    .iter()
    .map(|(c, k, p, t)| (c.to_string(), k.to_string(), *p, t.to_string()))
    .collect();
    assert_eq!(got, want);
    let csv = s.lex_ok(&format!("diff {pair} --format csv"));
    assert_eq!(csv.lines().next(), Some("change,concept,page,sentence"));
}
