//! Document metadata beyond nation and year (issue 12): level, authority, series, date and the
//! researcher's own `var:NAME` variables, through `add` (flags and manifests) and `list`; and
//! one file under two names (issue 17, item 1). Every test runs the real binary.

mod common;

use common::{argv, pdf, CorpusBuilder, Doc, Scratch};
use serde_json::Value;

fn list_json(s: &Scratch) -> Vec<Value> {
    s.list()
}

#[test]
fn add_flags_store_level_authority_series_date_and_variables() {
    let s = Scratch::new();
    s.write(
        "devon.pdf",
        pdf(&["Devon exploitation strategy, illustrative."]),
    );
    s.ok([
        "add",
        "devon.pdf",
        "--nation",
        "england",
        "--year",
        "2021",
        "--level",
        "Local",
        "--authority",
        "Devon",
        "--series",
        "devon-cs",
        "--date",
        "2021-09",
        "--var",
        "audience=schools",
        "--var",
        "Region=South West",
    ]);
    let rows = list_json(&s);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r["level"], "local");
    assert_eq!(r["authority"], "Devon");
    assert_eq!(r["series"], "devon-cs");
    assert_eq!(r["date"], "2021-09");
    assert_eq!(r["var:audience"], "schools");
    assert_eq!(r["var:region"], "South West");

    let text = s.ok(["list", "--format", "csv"]);
    assert_eq!(
        text.lines().next(),
        Some(
            "id,title,nation,year,wave,pages,words,publisher,kind,quality,level,authority,\
             series,date,languages,ocr_pages,var:audience,var:region"
        ),
        "{text}"
    );

    // Re-adding with --var NAME= clears that variable only; unstated fields are kept.
    let err = s.ok_stderr(argv(
        "add devon.pdf --nation england --year 2021 --var region=",
    ));
    assert!(err.contains("var:region \"South West\" → (none)"), "{err}");
    let r = &list_json(&s)[0];
    assert_eq!(r["level"], "local");
    assert_eq!(r["var:audience"], "schools");
    assert!(r.get("var:region").is_none(), "{r}");
}

#[test]
fn bad_metadata_flags_are_usage_errors_that_change_nothing() {
    let s = Scratch::new();
    s.write("a.pdf", pdf(&["Some text for a document."]));
    for (flags, says) in [
        (&["--level", "county"][..], "unknown level 'county'"),
        (
            &["--series", "KCSIE"][..],
            "series 'KCSIE' is not a series id",
        ),
        (&["--series", "working together"][..], "is not a series id"),
        (
            &["--date", "2020-05"][..],
            "date 2020-05 is outside the year 2021",
        ),
        (&["--date", "2021-13"][..], "month 13 does not exist"),
        (&["--var", "two words=x"][..], "is not a variable name"),
        (&["--var", "=x"][..], "a variable needs a name"),
        (&["--var", "audience"][..], "is not NAME=VALUE"),
    ] {
        let add = ["add", "a.pdf", "--nation", "england", "--year", "2021"];
        let err = s.fail([&add[..], flags].concat(), 2);
        assert!(err.contains(says), "{flags:?}: {err}");
        assert!(!s.corpus().exists(), "{flags:?}: nothing created");
    }
}

#[test]
fn manifest_columns_unknown_column_warns_and_bad_rows_name_lines() {
    let s = Scratch::new();
    s.write("a.pdf", pdf(&["Keeping learners safe, edition one."]));
    s.write("b.pdf", pdf(&["Keeping learners safe, edition two."]));
    s.write(
        "m.csv",
        "path,title,nation,year,level,authority,series,date,var:audience,notes,levle\n\
         a.pdf,Edition one,england,2021,national,,kls,2021-09,schools,check,\n\
         b.pdf,Local plan,england,2022,local,Devon,,,,,\n",
    );
    let err = s.ok_stderr(["add", "--manifest", "m.csv"]);
    assert!(
        err.contains("line 1: unknown column 'notes' is ignored"),
        "{err}"
    );
    assert!(
        err.contains("line 1: unknown column 'levle' is ignored"),
        "{err}"
    );
    let rows = list_json(&s);
    let a = rows
        .iter()
        .find(|r| r["title"] == "Edition one")
        .expect("a");
    assert_eq!(a["series"], "kls");
    assert_eq!(a["date"], "2021-09");
    assert_eq!(a["var:audience"], "schools");
    assert!(
        a.get("var:notes").is_none() && a.get("notes").is_none(),
        "{a}"
    );
    let b = rows.iter().find(|r| r["title"] == "Local plan").expect("b");
    assert_eq!(b["level"], "local");
    assert_eq!(b["authority"], "Devon");
    assert_eq!(b["var:audience"], "");

    let catalogue = s.catalogue().expect("catalogue");
    s.write(
        "bad.csv",
        "path,title,nation,year,level,series,date,var:x\n\
         a.pdf,A,england,2021,county,,,\n\
         b.pdf,B,england,2022,,Keeping Learners,,\n\
         a.pdf,C,england,2022,,,2021-03,\n",
    );
    let err = s.fail(["add", "--manifest", "bad.csv"], 2);
    assert!(err.contains("line 2: unknown level 'county'"), "{err}");
    assert!(err.contains("line 3: series 'Keeping Learners'"), "{err}");
    assert!(
        err.contains("line 4: date 2021-03 is outside the year 2022"),
        "{err}"
    );
    assert_eq!(
        s.catalogue().as_deref(),
        Some(catalogue.as_str()),
        "unchanged"
    );
}

/// A scratch folder with one PDF of `text` under each of `names` (the same bytes).
fn same_bytes(names: &[&str], text: &str) -> Scratch {
    let s = Scratch::new();
    let bytes = pdf(&[text]);
    for name in names {
        s.write(name, &bytes);
    }
    s
}

/// Issue 17, item 1: the same PDF bytes under two names in one manifest, with different
/// metadata, used to apply both rows (the last won, exit 0).
#[test]
fn regression_two_names_one_file_in_a_manifest_is_refused_naming_both_lines() {
    let s = same_bytes(
        &["census.pdf", "census (1).pdf"],
        "Workforce census specification, illustrative.",
    );
    s.write("other.pdf", pdf(&["Another document entirely."]));
    s.write(
        "m.csv",
        "path,title,nation,year\n\
         other.pdf,Other,england,2020\n\
         census.pdf,Census,england,2024\n\
         census (1).pdf,Census,england,2025\n",
    );
    let err = s.fail(["add", "--manifest", "m.csv"], 2);
    assert!(err.contains("m.csv"), "{err}");
    assert!(
        err.contains("line 3 (") && err.contains("line 4 ("),
        "{err}"
    );
    assert!(err.contains("same document"), "{err}");
    assert!(err.contains("year 2024 vs 2025"), "{err}");
    assert!(
        s.catalogue().is_none(),
        "nothing added: {:?}",
        s.catalogue()
    );

    // Rows that agree are fine: one document, stored once.
    s.write(
        "ok.csv",
        "path,title,nation,year\n\
         census.pdf,Census,england,2024\n\
         census (1).pdf,Census,england,2024\n",
    );
    let err = s.ok_stderr(["add", "--manifest", "ok.csv"]);
    assert!(
        err.contains("added 1, already present 1, updated 0"),
        "{err}"
    );
}

/// Issue 17, item 1: `add copy.pdf --nation wales …` quietly rewrote the record stored as
/// another file.
#[test]
fn regression_readding_under_another_name_says_which_document_it_updates() {
    let s = same_bytes(
        &["protocol.pdf", "copy.pdf"],
        "Missing children protocol, illustrative.",
    );
    s.ok(argv("add protocol.pdf --nation england --year 2016"));
    let err = s.ok_stderr(["add", "copy.pdf", "--nation", "wales", "--year", "2016"]);
    assert!(
        err.contains("warning: copy.pdf has the same bytes"),
        "{err}"
    );
    assert!(err.contains("\"protocol.pdf\""), "{err}");
    assert!(err.contains("nation england → wales"), "{err}");
    // The same name with the same metadata says nothing of the sort.
    let out = s.run(["add", "protocol.pdf", "--nation", "wales", "--year", "2016"]);
    let err = common::stderr(&out);
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn a_catalogue_written_before_levels_existed_lists_as_national() {
    let s = CorpusBuilder::new()
        .doc(Doc::new("Old", "scotland", 2014).page("Old corpus document."))
        .build();
    let catalogue = s.catalogue().expect("catalogue");
    assert!(!catalogue.contains("level"), "{catalogue}");
    assert!(!catalogue.contains("vars"), "{catalogue}");
    let r = &list_json(&s)[0];
    assert_eq!(r["level"], "national");
    assert_eq!(r["series"], "");
}

#[test]
fn search_filters_on_level_series_and_authority() {
    let s = CorpusBuilder::new()
        .doc(
            Doc::new("Local", "england", 2021)
                .set("level", "local")
                .set("authority", "North  Lanarkshire")
                .set("series", "plan")
                .page("Exploitation in our parks: a local plan."),
        )
        .doc(
            Doc::new("National", "england", 2021)
                .page("Exploitation guidance for the whole nation."),
        )
        .build();
    for (query, want) in [
        ("exploitation level:local", "Local"),
        ("exploitation series:plan", "Local"),
        ("exploitation authority:\"north lanarkshire\"", "Local"),
        ("exploitation level:national", "National"),
    ] {
        let rows: Vec<Value> = s.json(["search", query]);
        let titles: Vec<&str> = rows.iter().filter_map(|r| r["title"].as_str()).collect();
        assert_eq!(titles, [want], "{query}");
    }
    let err = s.fail(["search", "level:county"], 2);
    assert!(err.contains("unknown level 'county'"), "{err}");
}

/// Series `kls`: 2019; two 2021 editions told apart by date (January, September); 2023.
/// Outside a series: one document of 2018, one of 2022.
fn editions_corpus() -> Scratch {
    let kls = |title: &str, year: u16, date: &str, text: &str| {
        Doc::new(title, "england", year)
            .set("series", "kls")
            .set("date", date)
            .set("var:audience", "schools")
            .page(text)
    };
    CorpusBuilder::new()
        .doc(kls(
            "KLS 2019",
            2019,
            "",
            "Keeping learners safe 2019. Gangs are a risk.",
        ))
        .doc(kls(
            "KLS 2021 September",
            2021,
            "2021-09",
            "Keeping learners safe September 2021. Contextual safeguarding.",
        ))
        .doc(kls(
            "KLS 2021 January",
            2021,
            "2021-01",
            "Keeping learners safe January 2021. Gangs again.",
        ))
        .doc(kls(
            "KLS 2023",
            2023,
            "2023-09",
            "Keeping learners safe 2023. Contextual safeguarding again.",
        ))
        .doc(
            Doc::new("Old strategy", "wales", 2018)
                .set("var:audience", "police")
                .page("An old strategy from 2018 on county lines."),
        )
        .doc(
            Doc::new("New local plan", "wales", 2022)
                .set("level", "local")
                .set("authority", "Cardiff")
                .set("var:audience", "Police")
                .page("A new local plan from 2022 on gangs."),
        )
        .build()
}

fn titles(s: &Scratch, args: &[&str]) -> Vec<String> {
    let rows: Vec<Value> = s.json([&["list"][..], args].concat());
    let mut t: Vec<String> = rows
        .iter()
        .filter_map(|r| r["title"].as_str().map(String::from))
        .collect();
    t.sort();
    t
}

#[test]
fn as_of_picks_the_edition_in_force_the_later_date_when_two_share_a_year() {
    let s = editions_corpus();
    assert_eq!(
        titles(&s, &["--as-of", "2021"]),
        ["KLS 2021 September", "Old strategy"]
    );
    assert_eq!(
        titles(&s, &["--as-of", "2020"]),
        ["KLS 2019", "Old strategy"]
    );
    assert_eq!(
        titles(&s, &["--as-of", "2023"]),
        ["KLS 2023", "New local plan", "Old strategy"]
    );
    // Combined with other filters (AND).
    assert_eq!(
        titles(&s, &["--as-of", "2022", "--series", "kls"]),
        ["KLS 2021 September"]
    );
    // Before any document: empty, exit 0, and stderr says why.
    let out = s.run(["list", "--as-of", "2015", "--format", "csv"]);
    let err = common::stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(common::stdout(&out).lines().count(), 1, "header only");
    assert!(
        err.contains("before every document (the earliest is from 2018)"),
        "{err}"
    );
}

#[test]
fn selection_by_level_series_and_variables() {
    let s = editions_corpus();
    assert_eq!(titles(&s, &["--level", "local"]), ["New local plan"]);
    assert_eq!(
        titles(&s, &["--level", "national", "--nation", "wales"]),
        ["Old strategy"]
    );
    assert_eq!(titles(&s, &["--series", "kls"]).len(), 4);
    // Values compared case-insensitively; one name OR, names AND.
    assert_eq!(
        titles(&s, &["--var", "audience=police"]),
        ["New local plan", "Old strategy"]
    );
    assert_eq!(
        titles(&s, &["--var", "audience=police", "--level", "local"]),
        ["New local plan"]
    );
    assert_eq!(
        titles(
            &s,
            &["--var", "audience=police", "--var", "audience=schools"]
        )
        .len(),
        6
    );
    let err = s.fail(["list", "--level", "county"], 2);
    assert!(err.contains("unknown level 'county'"), "{err}");
}

fn json(s: &Scratch, args: &[&str]) -> Vec<Value> {
    s.json(args)
}

/// Grouping totals equal the document rows they group, for each new grouping field (and
/// with --as-of, which leaves out the editions not in force).
#[test]
fn count_by_level_authority_series_and_variables_totals_equal_document_rows() {
    let s = editions_corpus();
    let meta: std::collections::HashMap<String, serde_json::Value> = json(&s, &["list"])
        .into_iter()
        .filter_map(|r| Some((r["id"].as_str()?.to_string(), r)))
        .collect();
    for (by, selection) in [
        ("level,nation", &[][..]),
        ("authority", &[][..]),
        ("series", &[][..]),
        ("var:audience", &[][..]),
        ("level,var:audience", &["--as-of", "2021"][..]),
    ] {
        let docs = json(&s, &[&["count"][..], selection].concat());
        let groups = json(&s, &[&["count", "--by", by][..], selection].concat());
        assert!(!groups.is_empty(), "{by}");
        let fields: Vec<&str> = by.split(',').collect();
        for g in &groups {
            let members: Vec<&serde_json::Value> = docs
                .iter()
                .filter(|d| d["concept"] == g["concept"])
                .filter(|d| {
                    let m = &meta[d["id"].as_str().expect("id")];
                    fields.iter().all(|f| {
                        let have = m.get(*f).and_then(|v| v.as_str()).unwrap_or("");
                        let want = g[*f].as_str().unwrap_or("");
                        have == want
                    })
                })
                .collect();
            let count: u64 = members.iter().filter_map(|d| d["count"].as_u64()).sum();
            let mentioning = members
                .iter()
                .filter(|d| d["count"].as_u64() > Some(0))
                .count() as u64;
            assert_eq!(
                g["documents"].as_u64(),
                Some(members.len() as u64),
                "{by}: {g}"
            );
            assert_eq!(g["count"].as_u64(), Some(count), "{by}: {g}");
            assert_eq!(
                g["documents_mentioning"].as_u64(),
                Some(mentioning),
                "{by}: {g}"
            );
        }
        let total: u64 = groups
            .iter()
            .filter(|g| g["concept"] == groups[0]["concept"])
            .filter_map(|g| g["documents"].as_u64())
            .sum();
        let want = if selection.is_empty() { 6 } else { 2 };
        assert_eq!(total, want, "{by}: every selected document in one group");
    }
    let groups = json(&s, &["count", "--by", "level"]);
    let levels: std::collections::BTreeSet<&str> =
        groups.iter().filter_map(|g| g["level"].as_str()).collect();
    assert_eq!(levels, ["local", "national"].into_iter().collect());
    let err = s.fail(["count", "--by", "var:two words"], 2);
    assert!(err.contains("is not a variable name"), "{err}");
}
