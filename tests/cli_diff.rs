//! `efrh diff` (issue 12): two documents, or two editions of a series, concept by concept.
//! The expected figures are counted by hand from the texts below.

mod common;

use common::{pdf, stderr, stdout, Scratch};

const LEXICON: &str = r#"
[[concept]]
id = "contextual-safeguarding"
label = "Contextual Safeguarding"
group = "approach"
terms = ["contextual safeguarding"]

[[concept]]
id = "peer-abuse"
label = "Peer-on-peer abuse"
group = "harm"
terms = ["peer-on-peer abuse"]

[[concept]]
id = "gangs"
label = "Gangs"
group = "harm"
terms = ["gangs"]
"#;

/// Three editions of series `kls` (2019; 2021 in January; 2021 in September) and one
/// document of another series.
fn corpus() -> Scratch {
    let s = Scratch::new();
    s.write("lexicon.toml", LEXICON);
    s.write(
        "kls-2019.pdf",
        pdf(&["Peer-on-peer abuse is serious. Gangs exploit children in parks."]),
    );
    s.write(
        "kls-2021-01.pdf",
        pdf(&["Peer-on-peer abuse is serious. Gangs and more gangs. January edition."]),
    );
    s.write(
        "kls-2021-09.pdf",
        pdf(&[
            "Peer-on-peer abuse is serious. Contextual safeguarding looks at places.",
            "Peer-on-peer abuse happens online too. Contextual safeguarding again.",
        ]),
    );
    s.write("solo.pdf", pdf(&["A single edition about gangs."]));
    s.write(
        "m.csv",
        "path,title,nation,year,series,date\n\
         kls-2019.pdf,KLS 2019,england,2019,kls,\n\
         kls-2021-09.pdf,KLS 2021 September,england,2021,kls,2021-09\n\
         kls-2021-01.pdf,KLS 2021 January,england,2021,kls,2021-01\n\
         solo.pdf,Solo,wales,2020,solo,\n",
    );
    let out = s
        .efrh()
        .args(["add", "--manifest", "m.csv"])
        .output()
        .expect("add");
    assert!(out.status.success(), "{}", stderr(&out));
    s
}

fn diff_json(s: &Scratch, args: &[&str]) -> Vec<serde_json::Value> {
    let out = s
        .efrh()
        .arg("diff")
        .args(args)
        .args(["--lexicon", "lexicon.toml", "--format", "json"])
        .output()
        .expect("diff");
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn row<'a>(rows: &'a [serde_json::Value], concept: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["concept"] == concept)
        .unwrap_or_else(|| panic!("no row {concept} in {rows:?}"))
}

fn id_of(s: &Scratch, title: &str) -> String {
    let out = s
        .efrh()
        .args(["list", "--format", "json"])
        .output()
        .expect("list");
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    rows.iter()
        .find(|r| r["title"] == title)
        .and_then(|r| r["id"].as_str())
        .unwrap_or_else(|| panic!("no {title}"))
        .to_string()
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
    let out = s
        .efrh()
        .args([
            "diff",
            &a,
            &b,
            "--lexicon",
            "lexicon.toml",
            "--format",
            "csv",
        ])
        .output()
        .expect("diff csv");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().next(),
        Some("concept,count_a,count_b,per_10k_a,per_10k_b,change")
    );
}

#[test]
fn diff_refuses_what_it_cannot_compare() {
    let s = corpus();
    let a = id_of(&s, "KLS 2019");
    for (args, says) in [
        (
            vec!["--series", "solo", "--from", "2020", "--to", "2022"],
            "has one edition",
        ),
        (
            vec!["--series", "none", "--from", "2020", "--to", "2022"],
            "no document of series 'none'",
        ),
        (
            vec!["--series", "kls", "--from", "2015", "--to", "2021"],
            "no edition in or before 2015",
        ),
        (
            vec!["--series", "kls", "--from", "2019", "--to", "2020"],
            "the same edition",
        ),
        (
            vec!["--series", "KLS", "--from", "2019", "--to", "2021"],
            "not a series id",
        ),
        (
            vec![a.as_str(), "ffffffffffffffff"],
            "no document ffffffffffffffff",
        ),
        (vec![a.as_str(), a.as_str()], "the same document"),
    ] {
        let out = s
            .efrh()
            .arg("diff")
            .args(&args)
            .args(["--lexicon", "lexicon.toml"])
            .output()
            .expect("diff");
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
    let s = Scratch::new();
    s.write("lexicon.toml", format!("{LEXICON}\n[[concept]]\nid = \"trauma\"\nlabel = \"Trauma\"\ngroup = \"approach\"\nterms = [\"trauma-informed\"]\n"));
    s.write(
        "a.pdf",
        pdf(&[
            "Schools should consider contextual safeguarding where harm occurs in parks. \
             Gangs are a concern for staff.",
            "Staff must record concerns, e.g. about gangs, in writing.",
        ]),
    );
    s.write(
        "b.pdf",
        pdf(&[
            "Schools should consider contextual safeguarding where harm occurs in parks. \
             Staff should use a trauma-informed approach.",
            "2.3 Staff must record concerns, e.g. about gangs, in writing. Contextual \
             safeguarding applies online too.",
        ]),
    );
    s.write(
        "m.csv",
        "path,title,nation,year,series\na.pdf,A,england,2019,pair\nb.pdf,B,england,2021,pair\n",
    );
    let out = s
        .efrh()
        .args(["add", "--manifest", "m.csv"])
        .output()
        .expect("add");
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = diff_json(
        &s,
        &[
            "--series",
            "pair",
            "--from",
            "2019",
            "--to",
            "2021",
            "--passages",
        ],
    );
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
    let out = s
        .efrh()
        .args([
            "diff",
            "--series",
            "pair",
            "--from",
            "2019",
            "--to",
            "2021",
            "--passages",
        ])
        .args(["--lexicon", "lexicon.toml", "--format", "csv"])
        .output()
        .expect("csv");
    assert_eq!(
        stdout(&out).lines().next(),
        Some("change,concept,page,sentence")
    );
}
