//! `efrh chart` (and the report's charts) at their edges: the real binary on a corpus built the
//! real way (PDFs from `efrh::pdfwrite`, stored with `efrh add --manifest`), in a fresh temp dir
//! per test. Each test names the defect it guards against (issues 14 and 17).
//!
//! SVG is read as text: plotters writes each mark as one element (`<circle …/>`,
//! `<polyline …/>`) and each label as `<text …>\nLABEL\n</text>`.

mod common;

use common::{argv, CorpusBuilder, Doc, Scratch};

const LEXICON: &str = include_str!("data/lexicons/cli_chart.toml");

/// The corpus spans 2004–2025; 2025 holds six documents (England 1, Scotland 5), every one
/// naming Contextual Safeguarding; 2004 holds one. County lines: the 2004 document and one
/// Scottish 2025 document. Gangs: never.
fn corpus() -> Scratch {
    let early = "Contextual safeguarding and county lines in an early guidance.";
    let late = "Contextual safeguarding in schools, a trauma-informed service.";
    let scottish = ["one", "two", "three", "four", "five"]
        .into_iter()
        .zip(["first", "second", "third", "fourth", "fifth"])
        .map(|(n, nth)| {
            let cl = if n == "two" { ", county lines" } else { "" };
            Doc::new(&format!("S {n}"), "scotland", 2025)
                .wave(2022)
                .page(&format!(
                    "Contextual safeguarding for Scotland, {nth} document{cl}."
                ))
        });
    CorpusBuilder::new()
        .lexicon(LEXICON)
        .doc(Doc::new("E 2004", "england", 2004).wave(2020).page(early))
        .doc(Doc::new("E 2025", "england", 2025).wave(2022).page(late))
        .docs(scottish)
        .build()
}

/// `efrh chart --lexicon lexicon.toml ARGS --out FILE`; the SVG written.
fn chart(s: &Scratch, args: &[&str], file: &str) -> String {
    s.ok([
        &argv("--quiet chart --lexicon lexicon.toml --out")[..],
        &[file],
        args,
    ]
    .concat());
    s.read(file)
}

fn count_csv(s: &Scratch, by: &str, concepts: &str) -> String {
    s.lex_ok(&format!(
        "--quiet count --by {by} --concept {concepts} --format csv"
    ))
}

/// The SVG elements of a kind (`circle`, `polyline`) that carry every attribute given.
fn elements(svg: &str, kind: &str, attrs: &[&str]) -> usize {
    svg.split(&format!("<{kind} "))
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .filter(|el| attrs.iter().all(|a| el.contains(a)))
        .count()
}

/// How many times `label` is written as a text element.
fn labels(svg: &str, label: &str) -> usize {
    svg.matches(&format!(">\n{label}\n</text>")).count()
}

/// Issue 17: the x axis ended before the last data year (2025 after the 2024 tick). The last
/// year of the data is labelled, on the uptake and the first-appearance charts.
#[test]
fn last_data_year_is_labelled_on_the_x_axis() {
    let s = corpus();
    // One axis per panel: uptake by nation has a panel per approach (2), by group one, harms
    // over time a panel per harm (2).
    for (args, file, panels) in [
        (vec![], "uptake.svg", 2),
        (vec!["--by", "group"], "group.svg", 1),
        (vec!["--chart", "harms-over-time"], "over-time.svg", 2),
    ] {
        let svg = chart(&s, &args, file);
        assert_eq!(
            labels(&svg, "2025"),
            panels,
            "{file}: 2025 is an axis label"
        );
    }
    // The first-appearance chart: both panels (two approaches) label 2025 on the axis, and
    // 2025 is written beside two markers (cs first in Scotland, tip first in England).
    let svg = chart(&s, &["--chart", "first"], "first.svg");
    assert_eq!(labels(&svg, "2025"), 2 + 2, "{svg}");
}

/// Issue 14: charts of shares draw the Wilson 95% interval and mark groups of fewer than 5
/// documents hollow, with a key that says so; per-10k charts have no interval bars.
#[test]
fn share_charts_draw_intervals_and_hollow_small_groups() {
    let s = corpus();
    let hollow = |svg: &str| elements(svg, "circle", &["fill=\"none\"", "stroke=\"#0072B2\""]);
    let bars = |svg: &str| elements(svg, "polyline", &["opacity=\"0.75\""]);
    // One series (all nations), one point: 2004 (1 document) or 2025 (6 documents).
    let small = chart(
        &s,
        &["--concept", "cs", "--by", "group", "--year", "2004"],
        "small.svg",
    );
    let large = chart(
        &s,
        &["--concept", "cs", "--by", "group", "--year", "2025"],
        "large.svg",
    );
    for svg in [&small, &large] {
        assert!(svg.contains("hollow: fewer than 5 documents"), "{svg}");
        assert!(svg.contains("bar: 95% interval (Wilson)"), "{svg}");
    }
    // The 1-document point is hollow, the 6-document point is not; the key is the same.
    assert_eq!(hollow(&small), hollow(&large) + 1);
    // Each point with documents has its bar (a stem and two caps), as has the key.
    assert_eq!(bars(&large), 3 + 3);
    assert_eq!(bars(&small), 3 + 3);
    // Its bounds are the share_low, share_high of `count --by year`: 6 of 6 is 61.0%–100%.
    let csv = count_csv(&s, "year", "cs");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("2025,cs,6,6,") && l.ends_with(",1.0,0.6097,1.0")),
        "{csv}"
    );
    // Per 10,000 words: no interval bars, still the hollow key.
    let rate = chart(
        &s,
        &["--concept", "cs", "--by", "group", "--metric", "per-10k"],
        "rate.svg",
    );
    assert_eq!(bars(&rate), 0);
    assert!(!rate.contains("95% interval"));
    assert!(rate.contains("hollow: fewer than 5 documents"));
}

/// Issue 17: a heatmap with no mention at all read "0.00–0.00" on its colour scale; it says
/// "no mentions" instead.
#[test]
fn all_zero_heatmap_says_no_mentions() {
    let s = corpus();
    let svg = chart(&s, &["--chart", "harms", "--concept", "gangs"], "g.svg");
    assert_eq!(labels(&svg, "no mentions"), 1, "{svg}");
    // Two cells (England, Scotland) print 0.00; the scale prints nothing.
    assert_eq!(labels(&svg, "0.00"), 2, "{svg}");
    // With a mention the scale is a scale.
    let svg = chart(&s, &["--chart", "harms"], "h.svg");
    assert_eq!(labels(&svg, "no mentions"), 0);
}

/// Issue 17: `chart --chart first --group harm` was titled "each approach".
#[test]
fn first_appearance_is_titled_by_its_group() {
    let s = corpus();
    let harms = chart(&s, &["--chart", "first", "--group", "harm"], "h.svg");
    assert!(
        harms.contains("the year each harm is first mentioned"),
        "{harms}"
    );
    assert!(!harms.contains("each approach"));
    let approaches = chart(&s, &["--chart", "first"], "a.svg");
    assert!(approaches.contains("the year each approach is first mentioned"));
    let mixed = chart(
        &s,
        &["--chart", "first", "--concept", "cs,county-lines"],
        "m.svg",
    );
    assert!(mixed.contains("the year each concept is first mentioned"));
}

/// Issue 17: harms over time (the share of documents naming each harm, by year), with its
/// numbers beside it in `count --by year`'s columns; options it cannot honour are refused.
#[test]
fn harms_over_time_chart_writes_count_numbers() {
    let s = corpus();
    let svg = chart(&s, &["--chart", "harms-over-time"], "over.svg");
    assert!(svg.contains("Harms over time"), "{svg}");
    assert_eq!(labels(&svg, "County lines"), 1);
    assert_eq!(labels(&svg, "Gangs"), 1);
    assert!(!svg.contains("Contextual Safeguarding"));
    assert_eq!(
        s.read("over.csv"),
        count_csv(&s, "year", "county-lines,gangs")
    );
    // PNG too.
    s.lex_ok("chart --chart harms-over-time --out over.png");
    assert!(std::fs::read(s.path().join("over.png"))
        .unwrap()
        .starts_with(b"\x89PNG"));
    // --by is for uptake charts; --kind selects documents and hints at --chart.
    s.lex_fail("chart --chart harms-over-time --by nation --out x.svg", 2);
    let err = s.lex_fail("chart --kind harms-over-time --out x.svg", 2);
    assert!(err.contains("--chart harms-over-time"), "{err}");
    assert!(!s.path().join("x.svg").exists());
}

/// The report shows harms over time too (`charts/harms-over-time.svg|png|csv`), its CSV the
/// same as `count --by year` over the harms.
#[test]
fn report_has_harms_over_time() {
    let s = corpus();
    s.lex_ok("--quiet report --out out");
    let dir = s.path().join("out/charts");
    for ext in ["svg", "png"] {
        assert!(dir.join(format!("harms-over-time.{ext}")).exists(), "{ext}");
    }
    let csv = s.read("out/charts/harms-over-time.csv");
    assert_eq!(csv, count_csv(&s, "year", "county-lines,gangs"));
    let html = s.read("out/report.html");
    assert!(html.contains("id=\"fig-harms-over-time\""));
    assert!(html.contains("Harms over time"));
    // The share charts carry their key in the report too.
    let svg = s.read("out/charts/uptake-cs-share.svg");
    assert!(svg.contains("hollow: fewer than 5 documents"));
    assert!(labels(&svg, "2025") == 1, "last year labelled");
}

/// Issue 14: a heatmap of shares prints each share with its 95% Wilson interval, and a nation
/// with fewer than 5 documents says so under its name.
///
/// Reference intervals from scipy 1.17.1,
/// `binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")`: 1 of 2 →
/// (0.0945, 0.9055); 1 of 5 → (0.0362, 0.6245).
#[test]
fn share_heatmap_prints_intervals_and_flags_small_nations() {
    let s = corpus();
    let svg = chart(
        &s,
        &["--chart", "harms", "--metric", "documents"],
        "share.svg",
    );
    // County lines: England 1 of 2 documents, Scotland 1 of 5.
    assert_eq!(labels(&svg, "50% (9–91)"), 1, "{svg}");
    assert_eq!(labels(&svg, "20% (4–62)"), 1, "{svg}");
    assert_eq!(labels(&svg, "2 docs: fewer than 5"), 1, "{svg}");
    assert_eq!(labels(&svg, "5 docs"), 1, "{svg}");
    // Rates carry no interval.
    let rate = chart(&s, &["--chart", "harms"], "rate.svg");
    assert!(!rate.contains("% ("), "{rate}");
}

/// Every `chart` writes the numbers it draws beside it, byte for byte what `count --by` gives
/// for the same grouping and concepts.
#[test]
fn every_chart_csv_agrees_with_count() {
    let s = corpus();
    for (args, stem, by, concepts) in [
        (vec![], "uptake", "nation,year", "cs,tip"),
        (vec!["--by", "group"], "group", "year", "cs,tip"),
        (
            vec!["--chart", "harms"],
            "harms",
            "nation",
            "county-lines,gangs",
        ),
        (vec!["--chart", "first"], "first", "nation,year", "cs,tip"),
        (
            vec!["--chart", "harms-over-time", "--group", "approach"],
            "over",
            "year",
            "cs,tip",
        ),
    ] {
        chart(&s, &args, &format!("{stem}.svg"));
        let csv = s.read(&format!("{stem}.csv"));
        assert_eq!(csv, count_csv(&s, by, concepts), "{stem}");
    }
}
