//! Document metadata beyond nation and year (issue 12): level, authority, series, date and the
//! researcher's own `var:NAME` variables, through `add` (flags and manifests) and `list`; and
//! one file under two names (issue 17, item 1). Every test runs the real binary.

mod common;

use common::{pdf, stderr, stdout, Scratch};

fn list_json(s: &Scratch) -> Vec<serde_json::Value> {
    let out = s
        .efrh()
        .args(["list", "--format", "json"])
        .output()
        .expect("list");
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn add_flags_store_level_authority_series_date_and_variables() {
    let s = Scratch::new();
    s.write(
        "devon.pdf",
        pdf(&["Devon exploitation strategy, illustrative."]),
    );
    let out = s
        .efrh()
        .args(["add", "devon.pdf", "--nation", "england", "--year", "2021"])
        .args([
            "--level",
            "Local",
            "--authority",
            "Devon",
            "--series",
            "devon-cs",
        ])
        .args([
            "--date",
            "2021-09",
            "--var",
            "audience=schools",
            "--var",
            "Region=South West",
        ])
        .output()
        .expect("add");
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = list_json(&s);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r["level"], "local");
    assert_eq!(r["authority"], "Devon");
    assert_eq!(r["series"], "devon-cs");
    assert_eq!(r["date"], "2021-09");
    assert_eq!(r["var:audience"], "schools");
    assert_eq!(r["var:region"], "South West");

    let out = s
        .efrh()
        .args(["list", "--format", "csv"])
        .output()
        .expect("list");
    let text = stdout(&out);
    assert_eq!(
        text.lines().next(),
        Some(
            "id,title,nation,year,wave,pages,words,publisher,kind,quality,level,authority,\
             series,date,languages,ocr_pages,var:audience,var:region"
        ),
        "{text}"
    );

    // Re-adding with --var NAME= clears that variable only; unstated fields are kept.
    let out = s
        .efrh()
        .args(["add", "devon.pdf", "--nation", "england", "--year", "2021"])
        .args(["--var", "region="])
        .output()
        .expect("add again");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("var:region \"South West\" → (none)"),
        "{}",
        stderr(&out)
    );
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
        let out = s
            .efrh()
            .args(["add", "a.pdf", "--nation", "england", "--year", "2021"])
            .args(flags)
            .output()
            .expect("add");
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{flags:?}: {}", stderr(&out));
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
    let out = s
        .efrh()
        .args(["add", "--manifest", "m.csv"])
        .output()
        .expect("add");
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
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
    let out = s
        .efrh()
        .args(["add", "--manifest", "bad.csv"])
        .output()
        .expect("add");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
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

/// Issue 17, item 1: the same PDF bytes under two names in one manifest, with different
/// metadata, used to apply both rows (the last won, exit 0).
#[test]
fn regression_two_names_one_file_in_a_manifest_is_refused_naming_both_lines() {
    let s = Scratch::new();
    let bytes = pdf(&["Workforce census specification, illustrative."]);
    s.write("census.pdf", &bytes);
    s.write("census (1).pdf", &bytes);
    s.write("other.pdf", pdf(&["Another document entirely."]));
    s.write(
        "m.csv",
        "path,title,nation,year\n\
         other.pdf,Other,england,2020\n\
         census.pdf,Census,england,2024\n\
         census (1).pdf,Census,england,2025\n",
    );
    let out = s
        .efrh()
        .args(["add", "--manifest", "m.csv"])
        .output()
        .expect("add");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
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
    let out = s
        .efrh()
        .args(["add", "--manifest", "ok.csv"])
        .output()
        .expect("add");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("added 1, already present 1, updated 0"),
        "{}",
        stderr(&out)
    );
}

/// Issue 17, item 1: `add copy.pdf --nation wales …` quietly rewrote the record stored as
/// another file.
#[test]
fn regression_readding_under_another_name_says_which_document_it_updates() {
    let s = Scratch::new();
    let bytes = pdf(&["Missing children protocol, illustrative."]);
    s.write("protocol.pdf", &bytes);
    s.write("copy.pdf", &bytes);
    let out = s
        .efrh()
        .args([
            "add",
            "protocol.pdf",
            "--nation",
            "england",
            "--year",
            "2016",
        ])
        .output()
        .expect("add");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = s
        .efrh()
        .args(["add", "copy.pdf", "--nation", "wales", "--year", "2016"])
        .output()
        .expect("add copy");
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: copy.pdf has the same bytes"),
        "{err}"
    );
    assert!(err.contains("\"protocol.pdf\""), "{err}");
    assert!(err.contains("nation england → wales"), "{err}");
    // The same name with the same metadata says nothing of the sort.
    let out = s
        .efrh()
        .args(["add", "protocol.pdf", "--nation", "wales", "--year", "2016"])
        .output()
        .expect("add again");
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn a_catalogue_written_before_levels_existed_lists_as_national() {
    let s = Scratch::new();
    s.write("a.pdf", pdf(&["Old corpus document."]));
    let out = s
        .efrh()
        .args(["add", "a.pdf", "--nation", "scotland", "--year", "2014"])
        .output()
        .expect("add");
    assert!(out.status.success(), "{}", stderr(&out));
    let catalogue = s.catalogue().expect("catalogue");
    assert!(!catalogue.contains("level"), "{catalogue}");
    assert!(!catalogue.contains("vars"), "{catalogue}");
    let r = &list_json(&s)[0];
    assert_eq!(r["level"], "national");
    assert_eq!(r["series"], "");
}

#[test]
fn search_filters_on_level_series_and_authority() {
    let s = Scratch::new();
    s.write(
        "local.pdf",
        pdf(&["Exploitation in our parks: a local plan."]),
    );
    s.write(
        "national.pdf",
        pdf(&["Exploitation guidance for the whole nation."]),
    );
    s.write(
        "m.csv",
        "path,title,nation,year,level,authority,series\n\
         local.pdf,Local,england,2021,local,North  Lanarkshire,plan\n\
         national.pdf,National,england,2021,,,\n",
    );
    let out = s
        .efrh()
        .args(["add", "--manifest", "m.csv"])
        .output()
        .expect("add");
    assert!(out.status.success(), "{}", stderr(&out));
    for query in [
        "exploitation level:local",
        "exploitation series:plan",
        "exploitation authority:\"north lanarkshire\"",
    ] {
        let out = s
            .efrh()
            .args(["search", query, "--format", "json"])
            .output()
            .expect("search");
        assert!(out.status.success(), "{query}: {}", stderr(&out));
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
        let titles: Vec<&str> = rows.iter().filter_map(|r| r["title"].as_str()).collect();
        assert_eq!(titles, ["Local"], "{query}");
    }
    let out = s
        .efrh()
        .args(["search", "exploitation level:national", "--format", "json"])
        .output()
        .expect("search");
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["title"], "National");
    let out = s
        .efrh()
        .args(["search", "level:county"])
        .output()
        .expect("search");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown level 'county'"),
        "{}",
        stderr(&out)
    );
}

/// Series `kls`: 2019; two 2021 editions told apart by date (January, September); 2023.
/// Outside a series: one document of 2018, one of 2022.
fn editions_corpus() -> Scratch {
    let s = Scratch::new();
    for (name, text) in [
        (
            "kls-2019.pdf",
            "Keeping learners safe 2019. Gangs are a risk.",
        ),
        (
            "kls-2021-01.pdf",
            "Keeping learners safe January 2021. Gangs again.",
        ),
        (
            "kls-2021-09.pdf",
            "Keeping learners safe September 2021. Contextual safeguarding.",
        ),
        (
            "kls-2023.pdf",
            "Keeping learners safe 2023. Contextual safeguarding again.",
        ),
        ("old.pdf", "An old strategy from 2018 on county lines."),
        ("new.pdf", "A new local plan from 2022 on gangs."),
    ] {
        s.write(name, pdf(&[text]));
    }
    s.write(
        "m.csv",
        "path,title,nation,year,series,date,level,authority,var:audience\n\
         kls-2019.pdf,KLS 2019,england,2019,kls,,,,schools\n\
         kls-2021-09.pdf,KLS 2021 September,england,2021,kls,2021-09,,,schools\n\
         kls-2021-01.pdf,KLS 2021 January,england,2021,kls,2021-01,,,schools\n\
         kls-2023.pdf,KLS 2023,england,2023,kls,2023-09,,,schools\n\
         old.pdf,Old strategy,wales,2018,,,,,police\n\
         new.pdf,New local plan,wales,2022,,,local,Cardiff,Police\n",
    );
    let out = s
        .efrh()
        .args(["add", "--manifest", "m.csv"])
        .output()
        .expect("add");
    assert!(out.status.success(), "{}", stderr(&out));
    s
}

fn titles(s: &Scratch, args: &[&str]) -> Vec<String> {
    let out = s
        .efrh()
        .arg("list")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("list");
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
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
    let out = s
        .efrh()
        .args(["list", "--as-of", "2015", "--format", "csv"])
        .output()
        .expect("list");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1, "header only");
    assert!(
        stderr(&out).contains("before every document (the earliest is from 2018)"),
        "{}",
        stderr(&out)
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
    let out = s
        .efrh()
        .args(["list", "--level", "county"])
        .output()
        .expect("list");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown level 'county'"),
        "{}",
        stderr(&out)
    );
}

fn json(s: &Scratch, args: &[&str]) -> Vec<serde_json::Value> {
    let out = s.efrh().args(args).output().expect("run");
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// Grouping totals equal the document rows they group, for each new grouping field (and
/// with --as-of, which leaves out the editions not in force).
#[test]
fn count_by_level_authority_series_and_variables_totals_equal_document_rows() {
    let s = editions_corpus();
    let meta: std::collections::HashMap<String, serde_json::Value> =
        json(&s, &["list", "--format", "json"])
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
        let mut args = vec!["count", "--format", "json"];
        args.extend_from_slice(selection);
        let docs = json(&s, &args);
        let mut args = vec!["count", "--by", by, "--format", "json"];
        args.extend_from_slice(selection);
        let groups = json(&s, &args);
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
    let groups = json(&s, &["count", "--by", "level", "--format", "json"]);
    let levels: std::collections::BTreeSet<&str> =
        groups.iter().filter_map(|g| g["level"].as_str()).collect();
    assert_eq!(levels, ["local", "national"].into_iter().collect());
    let out = s
        .efrh()
        .args(["count", "--by", "var:two words"])
        .output()
        .expect("count");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a variable name"),
        "{}",
        stderr(&out)
    );
}
