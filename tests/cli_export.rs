//! `efrh export pages`, `efrh completions` and the hidden `efrh man`, run as the real binary on
//! a corpus built the real way (PDFs from `efrh::pdfwrite`, stored with `efrh add`).

mod common;

use common::{argv, CorpusBuilder, Doc, Scratch};
use serde::Deserialize;

fn corpus() -> Scratch {
    let a = [
        "Contextual safeguarding responds to harm outside the home.",
        "County lines exploitation is a harm.",
    ];
    CorpusBuilder::new()
        .doc(
            Doc::new("Guidance <on> \"harm\" & risk", "england", 2019)
                .wave(2020)
                .pages(&a),
        )
        .doc(Doc::new("Welsh framework", "wales", 2021).page("Trauma-informed practice in Wales."))
        .build()
}

/// `export pages ARGS` (split at spaces), which must succeed: its stdout.
fn export(s: &Scratch, args: &str) -> String {
    s.ok(argv(&format!("export pages {args}")))
}

/// `export pages ARGS --format json`, its rows.
fn export_json<T: serde::de::DeserializeOwned>(s: &Scratch, args: &str) -> Vec<T> {
    serde_json::from_str(&export(s, &format!("--format json {args}"))).unwrap()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageRow {
    id: String,
    title: String,
    nation: String,
    year: u16,
    wave: Option<u16>,
    level: String,
    authority: Option<String>,
    series: Option<String>,
    kind: Option<String>,
    publisher: Option<String>,
    page: u32,
    page_label: Option<String>,
    text: String,
}

#[test]
fn export_pages_csv_has_one_row_per_page_with_metadata() {
    let s = corpus();
    let text = export(&s, "--format csv");
    assert_eq!(
        text.lines().next().unwrap(),
        "id,title,nation,year,wave,level,authority,series,kind,publisher,page,page_label,text"
    );
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<PageRow> = r.deserialize().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 3);
    let a: Vec<&PageRow> = rows.iter().filter(|r| r.nation == "england").collect();
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].title, "Guidance <on> \"harm\" & risk");
    assert_eq!((a[0].page, a[1].page), (1, 2));
    assert_eq!(a[0].year, 2019);
    assert_eq!(a[0].wave, Some(2020));
    assert_eq!(a[0].level, "national");
    assert!(a[0].text.contains("Contextual safeguarding"));
    assert!(a[1].text.contains("County lines"));
    assert!(a[0].authority.is_none() && a[0].series.is_none());
    assert!(a[0].kind.is_none() && a[0].publisher.is_none());
    assert_ne!(a[0].id, "");
    // Unknown labels are empty cells, never a placeholder.
    assert!(rows.iter().all(|r| r.page_label.as_deref() != Some("")));
}

#[test]
fn export_pages_json_applies_the_selection() {
    let s = corpus();
    let rows: Vec<PageRow> = export_json(&s, "--nation wales");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].title, "Welsh framework");
    assert_eq!(rows[0].wave, None);
    assert!(rows[0].text.contains("Trauma-informed practice"));
}

#[test]
fn export_pages_rejects_table_format() {
    let s = corpus();
    s.fail(["export", "pages", "--format", "table"], 2);
}

#[test]
fn completions_for_every_shell() {
    let s = Scratch::new();
    for (shell, marker) in [
        ("bash", "_efrh()"),
        ("zsh", "#compdef efrh"),
        ("fish", "complete -c efrh"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = s.ok(["completions", shell]);
        assert!(script.contains(marker), "{shell} script lacks {marker}");
        assert!(
            script.contains("export"),
            "{shell} script lacks the export command"
        );
    }
    s.fail(["completions", "tcsh"], 2);
}

#[test]
fn man_page_is_roff_with_every_command() {
    let s = Scratch::new();
    let page = s.ok(["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH efrh"),
        "{page}"
    );
    for cmd in ["add", "count", "kwic", "export", "completions"] {
        assert!(page.contains(cmd), "man page lacks {cmd}");
    }
    // Hidden from help.
    let help = s.ok(["--help"]);
    assert!(!help.contains("\n  man "), "{help}");
}

#[test]
fn export_pages_carries_level_authority_and_series() {
    let local = Doc::new("Local plan", "england", 2022)
        .set("level", "local")
        .set("authority", "Hackney")
        .set("series", "hackney-plan");
    let s = CorpusBuilder::new()
        .doc(local.page("Contextual safeguarding in one borough."))
        .build();
    let rows: Vec<PageRow> = export_json(&s, "");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].level, "local");
    assert_eq!(rows[0].authority.as_deref(), Some("Hackney"));
    assert_eq!(rows[0].series.as_deref(), Some("hackney-plan"));
}

#[test]
fn export_pages_has_one_column_per_document_variable() {
    // Two adds, so that B has no `statutory` variable at all (not an empty one).
    let a = Doc::new("A", "england", 2022)
        .set("var:audience", "schools")
        .set("var:statutory", "yes");
    let s = CorpusBuilder::new()
        .doc(a.pages(&["Contextual safeguarding.", "Second page."]))
        .build();
    let b = Doc::new("B", "wales", 2021).set("var:audience", "police");
    CorpusBuilder::new()
        .doc(b.page("Trauma-informed practice.").file("b.pdf"))
        .build_in(&s);

    let csv = export(&s, "--format csv");
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[header.len() - 3..],
        ["text", "var:audience", "var:statutory"]
    );
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().unwrap();
    let cells = |title: &str| -> Vec<(String, String, String)> {
        rows.iter()
            .filter(|x| &x[1] == title)
            .map(|x| (x[10].to_string(), x[13].to_string(), x[14].to_string()))
            .collect()
    };
    assert_eq!(
        cells("A"),
        [
            ("1".into(), "schools".into(), "yes".into()),
            ("2".into(), "schools".into(), "yes".into())
        ]
    );
    assert_eq!(cells("B"), [("1".into(), "police".into(), String::new())]);

    let text = export(&s, "--format json --nation wales");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["var:audience"], "police");
    // Keys in column order, as in the CSV (not sorted).
    let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap();
    assert!(at("id") < at("title") && at("title") < at("text") && at("text") < at("var:audience"));
    assert_eq!(rows[0]["year"], 2021);
    // Only the selected documents' variables are columns.
    assert!(rows[0].get("var:statutory").is_none());

    // An empty selection is an empty array, still valid JSON.
    let rows: Vec<serde_json::Value> = export_json(&s, "--nation scotland");
    assert!(rows.is_empty());
}
