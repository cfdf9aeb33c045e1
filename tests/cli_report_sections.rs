//! The report's sections of issues 12 and 13, run as the real binary on a small corpus built
//! with `efrh add`: "National and local", "Series" and "How the approaches are talked about".
//! Each section's numbers are held against the command that computes them on its own
//! (`count --by level,nation`, `count --by nation,authority`, `diff --passages`,
//! `cooccur --window paragraph`, `collocates --wave`), so the report and the commands cannot
//! drift apart; a few figures are also checked against the texts written here.

mod common;

use common::{CorpusBuilder, Doc, Scratch};
use std::collections::BTreeSet;
use std::path::Path;

const LEXICON: &str = include_str!("data/lexicons/cli_report_sections.toml");

const OLD: &str = "Schools keep learners safe. County lines exploit children in parks and towns.";
/// The 2021 edition's second page: three sentences naming Contextual Safeguarding that the
/// 2019 edition lacks (all three "added"), one with markup-like text.
const NEW: &str = "Contextual safeguarding looks at peer groups and county lines. Contextual \
safeguarding names peer groups in parks. Staff use contextual safeguarding with peer groups \
<every day>.";

/// Six documents: a two-edition series `kls` (England, 2019 and 2021), a one-edition series
/// `solo`, two local documents (Devon; `Hackney & <City>`), one regional (North Wales).
fn corpus() -> Scratch {
    let devon = "Contextual safeguarding in Devon works with peer groups in parks. Child sexual \
               exploitation is named here too.";
    let hackney = "Transitional safeguarding helps young adults. County lines reach past eighteen.";
    let nwales = "Trauma-informed practice guides the regional response to child sexual \
               exploitation.";
    let solo = "Contextual safeguarding is named once in this solo guidance.";
    // (title, nation, year, wave, level, authority, series, date)
    let doc = |meta: [&str; 8]| {
        let [title, nation, year, wave, level, authority, series, date] = meta;
        Doc::new(title, nation, year.parse().expect("a year"))
            .set("wave", wave)
            .set("level", level)
            .set("authority", authority)
            .set("series", series)
            .set("date", date)
    };
    let kls = doc([
        "KLS <2019> & co",
        "england",
        "2019",
        "2020",
        "national",
        "",
        "kls",
        "2019-09",
    ]);
    let s = CorpusBuilder::new()
        .lexicon(LEXICON)
        .doc(kls.page(OLD))
        .doc(
            doc([
                "KLS 2021", "england", "2021", "2022", "national", "", "kls", "2021-09",
            ])
            .pages(&[OLD, NEW]),
        )
        .doc(
            doc([
                "Devon strategy",
                "england",
                "2021",
                "2022",
                "local",
                "Devon",
                "",
                "",
            ])
            .page(devon),
        )
        .doc(
            doc([
                "Hackney protocol",
                "england",
                "2022",
                "2022",
                "local",
                "Hackney & <City>",
                "",
                "",
            ])
            .page(hackney),
        )
        .doc(
            doc([
                "North Wales protocol",
                "wales",
                "2020",
                "2020",
                "regional",
                "North Wales",
                "",
                "",
            ])
            .page(nwales),
        )
        .doc(
            doc([
                "Solo guidance",
                "wales",
                "2021",
                "2022",
                "national",
                "",
                "solo",
                "",
            ])
            .page(solo),
        )
        .build();
    s.lex_ok("report --out out");
    s
}

/// `efrh ARGS --lexicon lexicon.toml`, which must succeed: its stdout.
fn run(s: &Scratch, args: &[&str]) -> String {
    s.ok([args, &["--lexicon", "lexicon.toml"]].concat())
}

fn json(s: &Scratch, args: &[&str]) -> Vec<serde_json::Value> {
    s.json([args, &["--lexicon", "lexicon.toml"]].concat())
}

fn read(s: &Scratch, rel: &str) -> String {
    s.read(&format!("out/{rel}"))
}

fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<h2 id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// The CSV lines of `count --by FIELDS` for the approaches (header kept).
fn count_lines(s: &Scratch, by: &str, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let text = run(s, &["count", "--by", by, "--format", "csv"]);
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    let concept = header
        .split(',')
        .position(|c| c == "concept")
        .expect("concept column");
    std::iter::once(header.to_string())
        .chain(
            lines
                .filter(|l| {
                    let cols = split_csv(l);
                    ["cs", "ti", "ts"].contains(&cols[concept].as_str()) && keep(l)
                })
                .map(str::to_string),
        )
        .collect()
}

fn split_csv(line: &str) -> Vec<String> {
    let mut r = csv_reader(line);
    r.records()
        .next()
        .expect("a record")
        .expect("csv")
        .iter()
        .map(str::to_string)
        .collect()
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
}

#[test]
fn national_and_local_equals_count_by_level_nation_and_by_authority() {
    let s = corpus();
    // The uptake table's numbers: the very rows of `count --by level,nation`.
    let report: Vec<String> = read(&s, "charts/level-nation.csv")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(report, count_lines(&s, "level,nation", |_| true));
    // Authorities: `count --by nation,authority` without the group of no authority.
    let report: Vec<String> = read(&s, "charts/authorities.csv")
        .lines()
        .map(str::to_string)
        .collect();
    let count = count_lines(&s, "nation,authority", |l| !split_csv(l)[1].is_empty());
    assert_eq!(report, count);
    assert_eq!(
        report.len(),
        1 + 3 * 3,
        "three authorities × three approaches"
    );

    let html = read(&s, "report.html");
    let sec = section(&html, "levels");
    // By hand: local England = Devon and Hackney; CS in Devon only: 1 of 2, Wilson 95% CI of
    // 1/2 = 0.0945–0.9055 (scipy 1.17 `binomtest(1, 2).proportion_ci(method="wilson")`).
    assert!(
        sec.contains("1 of 2 (50%, 95% CI 9–91%)"),
        "local England CS: {sec}"
    );
    // National England: the two KLS editions; CS in the 2021 one.
    assert!(sec.contains("<th>National</th><th>England</th><td class=\"num\">2</td>"));
    // The authorities that use each approach, k of N, escaped.
    assert!(
        sec.contains("<b>Contextual Safeguarding</b>: Devon (1 of 1).</p>"),
        "{sec}"
    );
    assert!(
        sec.contains("<b>Transitional Safeguarding</b>: Hackney &amp; &lt;City&gt; (1 of 1).</p>"),
        "{sec}"
    );
    assert!(sec.contains("<b>Trauma-informed Practice</b>: North Wales (1 of 1).</p>"));
    assert!(!html.contains("<City>"), "authority not escaped");
}

#[test]
fn series_timeline_marks_the_first_edition_and_lists_what_diff_passages_added() {
    let s = corpus();
    let html = read(&s, "report.html");
    let sec = section(&html, "series");
    // The one-edition series says so in one line.
    assert!(
        sec.contains("Series <code>solo</code> has one edition in the selection"),
        "{sec}"
    );
    // The timeline: 2019 then 2021; CS first named in 2021 (3 mentions), marked.
    let p19 = sec.find("<th>2019-09</th>").expect("2019 row");
    let p21 = sec.find("<th>2021-09</th>").expect("2021 row");
    assert!(p19 < p21);
    assert!(sec.contains("<td>KLS &lt;2019&gt; &amp; co</td>"));
    assert_eq!(
        sec.matches("★").count(),
        1 + 1,
        "the legend's star and one first edition"
    );
    let row21 = &sec[p21..sec[p21..].find("</tr>").map_or(sec.len(), |e| p21 + e)];
    assert!(row21.contains("★ 3 ("), "{row21}");

    // The added passages: the `added` rows of `diff --passages` for the approaches.
    let (a, b) = (s.id_of("KLS <2019> & co"), s.id_of("KLS 2021"));
    let rows = json(&s, &["diff", "--passages", &a, &b]);
    let added: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| {
            r["change"] == "added"
                && ["cs", "ti", "ts"].contains(&r["concept"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        added.len(),
        3,
        "found by hand: the three CS sentences of page 2"
    );
    assert!(sec.contains("Added in the 2021-09 edition (against 2019-09): 3 passages"));
    let table = &sec[sec
        .find("<table class=\"passages\"")
        .expect("passages table")..];
    assert_eq!(table.matches("<tr><td>").count(), 3);
    for r in &added {
        assert_eq!(r["page"], 2);
        assert!(table.contains("<td class=\"num\">p. 2</td>"));
        // Each sentence appears split around its match, escaped.
        let sentence = r["sentence"].as_str().expect("sentence");
        let lower = sentence.to_lowercase();
        let at = lower
            .find("contextual safeguarding")
            .expect("match in sentence");
        let esc = |t: &str| {
            t.trim()
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let end = at + "contextual safeguarding".len();
        let line = format!(
            "<td class=\"kwic-left\">{}</td><td class=\"kwic-match\">{}</td>\
             <td class=\"kwic-right\">{}</td>",
            esc(&sentence[..at]),
            esc(&sentence[at..end]),
            esc(&sentence[end..])
        );
        assert!(table.contains(&line), "{line} in {table}");
    }
    assert!(table.contains("&lt;every day&gt;"));
    assert!(!html.contains("<every day>"));
}

#[test]
fn heatmap_equals_cooccur_paragraph_windows() {
    let s = corpus();
    let pairs = json(&s, &["cooccur", "--window", "paragraph"]);
    let csv = read(&s, "charts/talk-heatmap.csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("approach,harm,paragraphs_approach,paragraphs_both,share")
    );
    let mut seen = BTreeSet::new();
    let mut nonzero = 0;
    for line in lines {
        let c = split_csv(line);
        let (approach, harm) = (c[0].as_str(), c[1].as_str());
        let (n, both): (u64, u64) = (c[2].parse().unwrap(), c[3].parse().unwrap());
        seen.insert((approach.to_string(), harm.to_string()));
        let pair = pairs.iter().find(|p| {
            (p["concept_a"] == approach && p["concept_b"] == harm)
                || (p["concept_a"] == harm && p["concept_b"] == approach)
        });
        match pair {
            Some(p) => {
                let windows_a = if p["concept_a"] == approach {
                    &p["windows_a"]
                } else {
                    &p["windows_b"]
                };
                assert_eq!(windows_a.as_u64(), Some(n), "{line}");
                assert_eq!(p["windows_both"].as_u64(), Some(both), "{line}");
                assert!(both > 0);
                nonzero += 1;
                let share: f64 = c[4].parse().unwrap();
                assert!((share - both as f64 / n as f64).abs() < 1e-4, "{line}");
            }
            None => assert_eq!(both, 0, "{line}: cooccur has no such pair"),
        }
    }
    assert_eq!(seen.len(), 3 * 2, "three approaches × two harms");
    // CS with county lines (KLS 2021), with CSE (Devon); TS with county lines; TI with CSE.
    assert!(nonzero >= 3, "{csv}");
    let html = read(&s, "report.html");
    let sec = section(&html, "talk");
    assert!(sec.contains("<svg role=\"img\""), "the heatmap is inlined");
    assert!(s.path().join("out/charts/talk-heatmap.png").is_file());
    assert!(s.path().join("out/charts/talk-heatmap.svg").is_file());
}

#[test]
fn collocates_per_wave_equal_the_collocates_command() {
    let s = corpus();
    let csv = read(&s, "charts/collocates-cs.csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("wave,rank,word,near,total,ll,mi"));
    let rows: Vec<Vec<String>> = lines.map(split_csv).collect();
    let waves: BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    // CS is in wave 2022 only (KLS 2021, Devon, Solo); wave 2020 has no CS: no collocates.
    for wave in ["2020", "2022"] {
        let cmd = json(&s, &["collocates", "cs", "--wave", wave, "--limit", "10"]);
        let mine: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == wave).collect();
        assert_eq!(mine.len(), cmd.len(), "wave {wave}");
        for (r, c) in mine.iter().zip(&cmd) {
            assert_eq!(r[2], c["word"].as_str().unwrap());
            assert_eq!(r[3].parse::<u64>().ok(), c["near"].as_u64());
            assert_eq!(r[4].parse::<u64>().ok(), c["total"].as_u64());
            let ll: f64 = r[5].parse().unwrap();
            let mi: f64 = r[6].parse().unwrap();
            assert!((ll - c["ll"].as_f64().unwrap()).abs() < 1e-9);
            assert!((mi - c["mi"].as_f64().unwrap()).abs() < 1e-9);
        }
    }
    assert!(waves.contains("2022"));
    // "peer" is near CS 4 times in wave 2022 (three in KLS 2021, one in Devon).
    let peer = rows
        .iter()
        .find(|r| r[0] == "2022" && r[2] == "peer")
        .expect("peer is a collocate");
    assert_eq!(peer[3], "4");
    let html = read(&s, "report.html");
    let sec = section(&html, "talk");
    assert!(sec.contains("<table class=\"collocates\" data-approach=\"cs\">"));
    assert!(
        sec.contains("<td>peer</td><td class=\"num\">4 / 4</td>"),
        "{sec}"
    );
    assert!(Path::new(&s.path().join("out/charts/collocates-cs.png")).is_file());
}

/// The README's main command on the bundled demonstration corpus shows the new sections.
#[test]
fn the_demo_corpus_report_shows_levels_series_and_talk() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = Scratch::new();
    out_dir
        .efrh_at(&root.join("corpus"))
        .arg("report")
        .arg("--out")
        .arg(out_dir.path())
        .assert()
        .success();
    let html = out_dir.read("report.html");
    let levels = section(&html, "levels");
    assert!(levels.contains("Devon ("), "{levels}");
    let series = section(&html, "series");
    assert!(series.contains("keeping-learners-safe"));
    assert!(series.contains("★"));
    let talk = section(&html, "talk");
    assert!(talk.contains("table-talk-heatmap"));
    for f in [
        "level-nation.csv",
        "authorities.csv",
        "talk-heatmap.csv",
        "talk-heatmap.png",
        "collocates-contextual-safeguarding.csv",
    ] {
        assert!(out_dir.path().join("charts").join(f).is_file(), "{f}");
    }
}
