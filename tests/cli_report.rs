//! `efrh report` and `efrh chart` end to end: the real binary on a small corpus written into a
//! scratch folder, its numbers checked against values computed by hand, the HTML checked for
//! structure and escaping, and (when Chromium is installed) opened in a real browser.

mod common;

use common::html::{assert_balanced, row, table};
use common::{argv, CorpusBuilder, Doc, Scratch};
use predicates::prelude::PredicateBooleanExt;
use std::path::Path;

/// The lexicon the tests use (so the numbers do not depend on the default lexicon).
const LEXICON: &str = include_str!("data/lexicons/cli_report.toml");

pub const XSS_TITLE: &str = "<script>alert(1)</script>";

/// Five documents. Hand counts (approach concepts: CS, TIP, TS; harms: county lines, CSE):
///
/// | doc | nation, year, wave | words | CS | TIP | TS | county | CSE |
/// |-----|--------------------|-------|----|-----|----|--------|-----|
/// | A   | England 2017, 2020 | 20    | 2  | 0   | 0  | 1      | 2   |
/// | B   | England 2019, 2022 | 10    | 0  | 1   | 1  | 0      | 0   |
/// | C   | Scotland 2018, 2020| 10    | 0  | 2   | 0  | 0      | 0   |
/// | D   | Scotland 2021, 2022| 5     | 0  | 0   | 0  | 0      | 0   |
/// | E   | Wales 2019, none   | 8     | 1  | 0   | 0  | 2      | 0   |
fn docs() -> Vec<Doc> {
    // 10 + 10 words.
    let a = [
        "Contextual safeguarding looks at places where harm happens: county lines.",
        "Child sexual exploitation and CSE work need contextual safeguarding today.",
    ];
    let b = "A trauma-informed practice with transitional safeguarding for young adults today.";
    let c = "A trauma-informed approach and a trauma-\ninformed service for all children.";
    let e = "County lines, a county line, and contextual safeguarding.";
    vec![
        Doc::new(XSS_TITLE, "england", 2017).wave(2020).pages(&a),
        Doc::new("Working Together & \"friends\"", "england", 2019)
            .wave(2022)
            .page(b),
        Doc::new("Scottish guidance", "scotland", 2018)
            .wave(2020)
            .page(c),
        Doc::new("Scottish update", "scotland", 2021)
            .wave(2022)
            .page("Nothing relevant is said here."),
        Doc::new("Welsh procedures", "wales", 2019).page(e),
    ]
}

/// The documents of [`docs`] as PDFs, stored by `efrh add`, with the test lexicon.
fn fixture() -> Scratch {
    CorpusBuilder::new().lexicon(LEXICON).docs(docs()).build()
}

/// `efrh --corpus corpus report --lexicon lexicon.toml --out out` (the corpus named as a
/// reader would, since the report prints the command that reproduces it), which must
/// succeed: the report's HTML.
fn report(f: &Scratch) -> String {
    f.efrh_at(Path::new("corpus"))
        .args(argv("report --lexicon lexicon.toml --out out"))
        .assert()
        .success();
    f.read("out/report.html")
}

/// `efrh --quiet count --by BY --concept CONCEPTS --format csv` and any more arguments.
fn count_csv(f: &Scratch, by: &str, concepts: &str, more: &str) -> String {
    f.lex_ok(&format!(
        "--quiet count --by {by} --concept {concepts} --format csv {more}"
    ))
}

#[test]
fn report_numbers_match_hand_counts() {
    let f = fixture();
    let html = report(&f);
    assert_balanced(&html);

    // Corpus at a glance: nation × wave × year.
    let glance = table(&html, "table-corpus");
    assert_eq!(
        glance[0],
        ["Nation", "Wave", "2017", "2018", "2019", "2020", "2021", "Total"]
    );
    let eng: Vec<&[String]> = glance
        .iter()
        .filter(|r| r[0] == "England")
        .map(Vec::as_slice)
        .collect();
    assert_eq!(eng[0], ["England", "2020", "1", "·", "·", "·", "·", "1"]);
    assert_eq!(eng[1], ["England", "2022", "·", "·", "1", "·", "·", "1"]);
    assert_eq!(
        row(&glance, "Wales"),
        ["Wales", "none", "·", "·", "1", "·", "·", "1"]
    );
    assert_eq!(row(&glance, "All"), ["All", "1", "1", "2", "0", "1", "5"]);

    // Chart 1: Contextual Safeguarding, share of documents by nation and year.
    let trends: Vec<&str> = html.split("<table class=\"trend\">").skip(1).collect();
    // Per approach: share table then per-10k table; CS first.
    let cs_share = table(&format!("<table id=\"t\">{}", trends[0]), "t");
    assert_eq!(cs_share[0], ["Year", "England", "Scotland", "Wales"]);
    assert_eq!(row(&cs_share, "2017"), ["2017", "1 of 1 (100%)", "–", "–"]);
    assert_eq!(row(&cs_share, "2018"), ["2018", "–", "0 of 1 (0%)", "–"]);
    assert_eq!(
        row(&cs_share, "2019"),
        ["2019", "0 of 1 (0%)", "–", "1 of 1 (100%)"]
    );
    // No document at all in 2020: gaps, not zeros.
    assert_eq!(row(&cs_share, "2020"), ["2020", "–", "–", "–"]);
    assert_eq!(row(&cs_share, "2021"), ["2021", "–", "0 of 1 (0%)", "–"]);
    // Per 10,000 words: England 2017 2 mentions / 20 words = 1000; Wales 1 / 8 = 1250.
    let cs_rate = table(&format!("<table id=\"t\">{}", trends[1]), "t");
    assert_eq!(row(&cs_rate, "2017")[1], "1000.00");
    assert_eq!(row(&cs_rate, "2019")[3], "1250.00");
    // Trauma-informed: Scotland 2018 one document (the hyphen at the line end joins).
    let tip_share = table(&format!("<table id=\"t\">{}", trends[2]), "t");
    assert_eq!(row(&tip_share, "2018")[2], "1 of 1 (100%)");
    let tip_rate = table(&format!("<table id=\"t\">{}", trends[3]), "t");
    assert_eq!(row(&tip_rate, "2018")[2], "2000.00");
    assert!(html.contains(
        "Mentioned in 2 of 5 documents overall; first in England in 2017; in 2021, 0 of 1 \
         documents mention it."
    ));

    // Chart 2: harms per 10,000 words by nation. County lines: England 1 / 30 words,
    // Scotland 0 / 15, Wales 2 / 8.
    let harms = table(&html, "table-harms");
    assert_eq!(harms[0], ["Harm", "England", "Scotland", "Wales"]);
    assert_eq!(
        row(&harms, "County lines"),
        [
            "County lines",
            "333.33 (1; 1 of 2)",
            "0.00 (0; 0 of 2)",
            "2500.00 (2; 1 of 1)"
        ]
    );
    assert_eq!(
        row(&harms, "Child sexual exploitation")[1],
        "666.67 (2; 1 of 2)"
    );

    // Chart 3: first appearance.
    let first = table(&html, "table-first");
    assert_eq!(
        first[0],
        [
            "Approach",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
            "UK-wide"
        ]
    );
    let cs = row(&first, "Contextual Safeguarding");
    assert_eq!(cs[1], format!("2017{XSS_TITLE}"));
    assert_eq!(cs[2], "not mentioned in its 2 documents");
    assert_eq!(cs[3], "2019Welsh procedures");
    assert_eq!(cs[4], "no documents");
    let tip = row(&first, "Trauma-informed Practice");
    assert_eq!(tip[1], "2019Working Together & \"friends\"");
    assert_eq!(tip[2], "2018Scottish guidance");
    assert!(html.contains("Contextual Safeguarding first appears in England in 2017"));

    // Chart 4: waves. Wales has no wave → not in the comparison; 1 document excluded.
    let waves = table(&html, "table-waves");
    let england = |concept: &str| {
        let r = waves
            .iter()
            .find(|r| r[0] == concept && r[1] == "England")
            .unwrap();
        r[2..].to_vec()
    };
    assert_eq!(
        england("Contextual Safeguarding"),
        ["1 of 1 (2)", "0 of 1 (0)", "1 of 2 (2)", "-50 points"]
    );
    assert_eq!(
        england("Transitional Safeguarding"),
        ["0 of 1 (0)", "1 of 1 (1)", "1 of 2 (1)", "+50 points"]
    );
    assert!(!waves.iter().any(|r| r[1] == "Wales"));
    assert!(html.contains("Documents without a wave (1) are left out"));

    // KWIC lines cite document and page: CS in document A is first on page 1.
    let kwic = table(&html, "kwic-contextual-safeguarding");
    assert_eq!(kwic.len(), 3, "{kwic:?}"); // header + England + Wales
    assert_eq!(kwic[1][0], format!("{XSS_TITLE} (England, 2017)"));
    assert_eq!(kwic[1][1], "p. 1");
    assert_eq!(kwic[1][3], "Contextual safeguarding");

    // Methods: every concept and term, the hashes, version, date.
    let lex = table(&html, "table-lexicon");
    assert_eq!(lex.len(), 6);
    assert_eq!(
        row(&lex, "trauma-informed")[3],
        "trauma informed practice; trauma informed approach; trauma informed"
    );
    assert_eq!(row(&lex, "cse")[4], "CSE");
    let prov = table(&html, "table-provenance");
    assert_eq!(row(&prov, "Generated")[1], "2023-11-14 22:13 UTC");
    assert_eq!(
        row(&prov, "Tool")[1],
        format!("efrh {}", env!("CARGO_PKG_VERSION"))
    );
    use sha2::Digest;
    let cat = std::fs::read(f.path().join("corpus/catalogue.toml")).unwrap();
    let cat_sha: String = sha2::Sha256::digest(&cat)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(row(&prov, "Catalogue SHA-256")[1], cat_sha);
    let lex_sha = efrh::lexicon::Lexicon::load(&f.path().join("lexicon.toml"))
        .unwrap()
        .sha256()
        .to_string();
    assert_eq!(row(&prov, "Lexicon SHA-256")[1], lex_sha);
    assert_eq!(
        row(&prov, "Reproduce")[1],
        "efrh --corpus corpus report --lexicon lexicon.toml"
    );
}

#[test]
fn report_escapes_document_text_and_is_self_contained() {
    let f = fixture();
    let html = report(&f);
    assert!(!html.contains("<script"), "raw script tag in the report");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Working Together &amp; &quot;friends&quot;"));
    // No external resources: nothing loaded over the network or from other files.
    for needle in ["src=\"http", "href=\"http", "url(http", "<link", "@import"] {
        assert!(!html.contains(needle), "external asset: {needle}");
    }
    // Charts inline and on disk.
    assert!(html.matches("<svg").count() >= 8);
    for stem in [
        "uptake-contextual-safeguarding-share",
        "uptake-trauma-informed-per10k",
        "harms-per10k",
        "first-appearance",
        "waves",
    ] {
        for ext in ["svg", "png"] {
            let p = f.path().join(format!("out/charts/{stem}.{ext}"));
            assert!(p.is_file(), "{}", p.display());
        }
    }
    // Readable by others (a report is shared), not left private like a temporary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for p in ["out/report.html", "out/charts/waves.png"] {
            let mode = std::fs::metadata(f.path().join(p))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o044, 0o044, "{p}: mode {mode:o}");
        }
    }
    // Same inputs and date → the same bytes (reproducible).
    let again = report(&f);
    assert_eq!(html, again);
}

#[test]
fn report_escapes_lexicon_labels_in_html_and_svg() {
    let f = fixture();
    let hostile = LEXICON.replacen(
        "label = \"Contextual Safeguarding\"",
        "label = \"<img src=x onerror=alert(1)> & CS\"",
        1,
    );
    f.write("hostile.toml", hostile);
    f.ok(argv("report --lexicon hostile.toml --out out"));
    let html = f.read("out/report.html");
    assert!(
        !html.contains("<img"),
        "raw markup from the lexicon in the report"
    );
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; CS"));
    let svg = f.read("out/charts/uptake-contextual-safeguarding-share.svg");
    assert!(!svg.contains("<img"));
    assert!(svg.contains("&lt;img"));
    assert_balanced(&html);
}

#[test]
fn report_marks_an_illustrative_corpus() {
    let f = fixture();
    let plain = report(&f);
    assert!(!plain.contains("Illustrative corpus"));
    let svg = std::fs::read_to_string(f.path().join("out/charts/waves.svg")).unwrap();
    assert!(!svg.contains("illustrative"));
    let cat = f.path().join("corpus/catalogue.toml");
    let text = std::fs::read_to_string(&cat).unwrap();
    std::fs::write(
        &cat,
        text.replacen("Scottish update", "Scottish update (illustrative)", 1),
    )
    .unwrap();
    let html = report(&f);
    assert!(html.contains("Illustrative corpus: 1 of the 5 documents"));
    // Every chart carries the warning too (a chart copied into slides keeps it).
    let svg = std::fs::read_to_string(f.path().join("out/charts/waves.svg")).unwrap();
    assert!(svg.contains("1 of 5 documents are illustrative"));
    f.lex_ok("chart --out c.svg");
    assert!(f
        .read("c.svg")
        .contains("1 of 5 documents are illustrative"));
}

#[test]
fn report_on_empty_corpus_and_unreadable_text() {
    // An empty corpus: a catalogue without records (an empty folder is no corpus).
    let empty = CorpusBuilder::new().build();
    empty.ok(argv("report --out out"));
    let html = empty.read("out/report.html");
    assert!(html.contains("The corpus has no documents yet"));
    assert_balanced(&html);

    // A damaged stored text: named on stderr, exit 1, the rest still reported.
    let f = fixture();
    f.damage_a_text();
    let stderr = f.fail(argv("report --lexicon lexicon.toml --out out"), 1);
    assert!(
        stderr.contains("error: ") && stderr.contains("damaged"),
        "{stderr}"
    );
    assert!(f.read("out/report.html").contains("could not be read"));
}

#[test]
fn chart_command_writes_svg_and_png() {
    let f = fixture();
    f.lex_ok("chart --concept contextual-safeguarding --metric per-10k --out cs.svg");
    let svg = f.read("cs.svg");
    assert!(svg.starts_with("<svg") && svg.contains("Mentions per 10,000 words"));
    assert!(svg.contains("Contextual Safeguarding"));

    for (args, file) in [
        (vec!["--by", "group"], "group.png"),
        (vec!["--chart", "harms"], "harms.png"),
        (vec!["--chart", "first"], "first.png"),
        (vec!["--chart", "waves"], "waves.png"),
    ] {
        f.ok([
            &argv("chart --lexicon lexicon.toml --out")[..],
            &[file],
            &args,
        ]
        .concat());
        let bytes = std::fs::read(f.path().join(file)).unwrap();
        let (w, h, colours) = png_stats(&bytes);
        assert!(w >= 1000 && h >= 500, "{file}: {w}x{h}");
        assert!(colours > 20, "{file}: looks blank ({colours} colours)");
    }

    // Bad input: unknown concept, unknown extension, unknown metric → exit 2, no file.
    for (line, says) in [
        (
            "chart --lexicon lexicon.toml --concept nope --out x.svg",
            "no concept 'nope'",
        ),
        ("chart --lexicon lexicon.toml --out x.jpg", ".svg or .png"),
        ("chart --metric percent --out x.svg", ""),
    ] {
        let err = f.fail(argv(line), 2);
        assert!(err.contains(says), "{line}: {err}");
    }
    assert!(!f.path().join("x.svg").exists());
}

/// `--metric` and `--by` are refused where the chart cannot honour them, so a chart never
/// shows another measure than the one asked for (`--chart waves --metric per-10k` used to
/// draw document counts and exit 0).
#[test]
fn chart_refuses_options_it_cannot_honour() {
    let f = fixture();
    for args in [
        vec!["--chart", "waves", "--metric", "per-10k"],
        vec!["--chart", "first", "--metric", "mentions"],
        vec!["--chart", "harms", "--by", "group"],
        vec!["--chart", "waves", "--by", "nation"],
    ] {
        f.efrh()
            .args(argv("chart --lexicon lexicon.toml --out refused.png"))
            .args(&args)
            .assert()
            .code(2)
            .stderr(
                predicates::str::contains("does not apply")
                    .or(predicates::str::contains("uptake charts only")),
            );
        assert!(!f.path().join("refused.png").exists(), "{args:?}");
    }
    for args in [
        vec!["--chart", "harms", "--metric", "mentions"],
        vec!["--chart", "uptake", "--by", "group", "--metric", "per-10k"],
        vec!["--chart", "waves"],
    ] {
        f.ok([
            &argv("chart --lexicon lexicon.toml --out ok.png")[..],
            &args,
        ]
        .concat());
    }
}

/// A chart or report that cannot be written names the folder once, in the OS's words, and
/// neither repeats the reason nor names the hidden temporary file (it used to print
/// "…: No such file or directory (os error 2) at path \"…/.efrh-tmpXXXX\": No such file …").
#[test]
fn unwritable_output_is_one_plain_line() {
    let f = fixture();
    std::fs::write(f.path().join("plain-file"), "not a folder").unwrap();
    for args in ["chart --out missing/x.svg", "report --out plain-file/out"] {
        let out = f.lex_run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: {err}");
        let line = lines[0];
        assert!(line.starts_with("error: "), "{line}");
        assert_eq!(line.matches("os error").count(), 1, "{line}");
        assert!(
            !line.contains("efrh-tmp") && !line.contains("at path"),
            "{line}"
        );
        assert!(
            line.contains("missing") || line.contains("plain-file"),
            "names the folder: {line}"
        );
    }
}

/// A PNG chart does not depend on the machine's fonts: drawn again with every system font
/// hidden (an empty tmpfs over the font folders, in a private mount namespace), the bytes are
/// identical. Skips when mount namespaces are not available (not root, no `unshare`).
#[test]
fn png_charts_need_no_system_fonts() {
    let f = fixture();
    let bin = env!("CARGO_BIN_EXE_efrh");
    let args = "chart --lexicon lexicon.toml --chart first --out";
    common::efrh(f.path())
        .args(["--corpus", "corpus"])
        .args(args.split(' '))
        .arg("with-fonts.png")
        .assert()
        .success();
    let script = format!(
        "set -e; for d in /usr/share/fonts /usr/local/share/fonts /etc/fonts; do \
         [ -d $d ] && mount -t tmpfs none $d; done; \
         test -z \"$(ls -A /usr/share/fonts 2>/dev/null)\"; \
         {bin} --corpus corpus {args} no-fonts.png"
    );
    let out = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .current_dir(f.path())
        .output();
    let hidden = match out {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!(
            "a way to hide system fonts here (`unshare -m` failed: {})",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Err(e) => Err(format!("the program `unshare` ({e})")),
    };
    if let Err(what) = hidden {
        // Mount namespaces are a property of the machine (a container may forbid them), not a
        // package CI can install: this one skips everywhere.
        println!("skipped: {what} is missing");
        return;
    }
    let a = std::fs::read(f.path().join("with-fonts.png")).unwrap();
    let b = std::fs::read(f.path().join("no-fonts.png")).unwrap();
    assert!(
        png_stats(&b).2 > 20,
        "the chart drawn without system fonts is blank"
    );
    assert!(a == b, "PNG differs when system fonts are hidden");
}

/// Width, height and number of distinct colours of a PNG.
fn png_stats(bytes: &[u8]) -> (u32, u32, usize) {
    let dec = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bpp = info.color_type.samples();
    let mut set = std::collections::HashSet::new();
    for px in buf[..info.buffer_size()].chunks_exact(bpp) {
        set.insert(px[..3.min(bpp)].to_vec());
    }
    (info.width, info.height, set.len())
}

/// Open the report in headless Chromium: no console errors, the DOM has the tables, and a
/// screenshot is not blank. Skips (with a message) when Chromium is not installed.
#[test]
fn report_renders_in_headless_chromium() {
    let Some(browser) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        common::require(None::<()>, "chromium (apt-get install -y chromium)");
        return;
    };
    let f = fixture();
    report(&f);
    let html = f.path().join("out/report.html");
    let url = format!("file://{}", html.canonicalize().unwrap().display());
    let profile = tempfile::tempdir().unwrap();
    let shot = f.path().join("shot.png");
    let run = |extra: &[String], url: &str| {
        let out = std::process::Command::new("timeout")
            .arg("120")
            .arg(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg(url)
            .output()
            .expect("run chromium");
        (
            out.status,
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let console = |log: &str| -> Vec<String> {
        log.lines()
            .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Refused to"))
            .map(str::to_string)
            .collect()
    };
    // Control: a page with a script error and a blocked load is caught by this check.
    let bad = f.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html><body><p>x</p><script>undefinedFn();</script></body></html>",
    )
    .unwrap();
    let (_, _, bad_log) = run(
        &["--dump-dom".to_string()],
        &format!("file://{}", bad.display()),
    );
    assert!(
        !console(&bad_log).is_empty(),
        "the console check sees nothing: {bad_log}"
    );

    let (status, dom, log) = run(&["--dump-dom".to_string()], &url);
    assert!(status.success(), "chromium failed: {log}");
    let messages = console(&log);
    assert!(messages.is_empty(), "console messages: {messages:#?}");
    // The browser parsed what we wrote: the tables are in its DOM, the title is text.
    for id in [
        "table-corpus",
        "table-harms",
        "table-first",
        "table-waves",
        "table-lexicon",
    ] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "DOM lacks {id}");
    }
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!dom.contains("<script>alert(1)"));

    let (status, _, log) = run(
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400".to_string(),
        ],
        &url,
    );
    assert!(status.success(), "chromium screenshot failed: {log}");
    let bytes = std::fs::read(&shot).unwrap();
    let (w, h, colours) = png_stats(&bytes);
    assert!(w >= 1000 && h >= 1000, "{w}x{h}");
    assert!(colours > 50, "screenshot looks blank: {colours} colours");
    if let Some(dir) = std::env::var_os("EFRH_SCREENSHOT_DIR") {
        std::fs::copy(
            &shot,
            std::path::Path::new(&dir).join("report-screenshot.png"),
        )
        .unwrap();
    }
}

/// Through the real pipeline: PDFs written by `efrh::pdfwrite`, added with `efrh add`, then
/// `efrh report`. The report agrees with `efrh count` on every number it shares with it, and
/// its lines in context cite the page a reader of the PDF would turn to.
#[test]
fn report_agrees_with_count_on_added_pdfs() {
    use efrh::pdfwrite::{text_pdf, wrap, Options};
    let filler = "Local partners review their arrangements for children and families every year.";
    let pdfs = [
        // (file, nation, year, wave, pages)
        (
            "a.pdf",
            "england",
            2018,
            2020,
            vec![vec![filler.to_string(); 3], {
                let mut p = wrap(
                    "Partners adopt contextual safeguarding to address county lines and CSE.",
                    60,
                );
                p.push(filler.to_string());
                p
            }],
        ),
        (
            "b.pdf",
            "scotland",
            2018,
            2020,
            vec![wrap("A trauma-informed approach to county lines.", 60)],
        ),
        (
            "c.pdf",
            "scotland",
            2021,
            2022,
            vec![
                vec![filler.to_string()],
                vec![filler.to_string()],
                wrap(
                    "Transitional safeguarding and contextual safeguarding together.",
                    60,
                ),
            ],
        ),
    ];
    // The pages' lines exactly as written (not re-wrapped), so each PDF is given as it is.
    let docs = pdfs.into_iter().map(|(file, nation, year, wave, pages)| {
        Doc::new(&format!("Document {file}"), nation, year)
            .wave(wave)
            .bytes(text_pdf(&pages, &Options::default()))
    });
    let s = CorpusBuilder::new().lexicon(LEXICON).docs(docs).build();
    let html = report(&s);

    // Every (nation, year, approach) share in the report equals `count --by nation,year`.
    let rows: Vec<serde_json::Value> =
        s.json(argv("count --lexicon lexicon.toml --by nation,year"));
    let trends: Vec<&str> = html.split("<table class=\"trend\">").skip(1).collect();
    let approaches = [
        "contextual-safeguarding",
        "trauma-informed",
        "transitional-safeguarding",
    ];
    let mut checked = 0;
    for (i, concept) in approaches.iter().enumerate() {
        let share = table(&format!("<table id=\"t\">{}", trends[2 * i]), "t");
        let rate = table(&format!("<table id=\"t\">{}", trends[2 * i + 1]), "t");
        let header = share[0].clone();
        for r in rows.iter().filter(|r| r["concept"] == *concept) {
            let nation = match r["nation"].as_str().unwrap() {
                "england" => "England",
                "scotland" => "Scotland",
                other => panic!("{other}"),
            };
            let col = header.iter().position(|h| h == nation).unwrap();
            let year = r["year"].to_string();
            let k = r["documents_mentioning"].as_u64().unwrap();
            let n = r["documents"].as_u64().unwrap();
            let cell = &row(&share, &year)[col];
            assert!(
                cell.starts_with(&format!("{k} of {n} (")),
                "{concept} {nation} {year}: {cell}"
            );
            let per_10k: f64 = row(&rate, &year)[col].parse().unwrap();
            let expected = r["per_10k_words"].as_f64().unwrap();
            assert!(
                (per_10k - expected).abs() < 0.006,
                "{per_10k} vs {expected}"
            );
            checked += 1;
        }
    }
    // 3 (nation, year) groups × 3 approaches.
    assert_eq!(checked, 9);
    // Contextual safeguarding is mentioned in England 2018 and Scotland 2021.
    assert!(html.contains("Mentioned in 2 of 3 documents overall; first in England in 2018"));

    // Lines in context: contextual safeguarding is on page 2 of a.pdf and page 3 of c.pdf.
    let kwic = table(&html, "kwic-contextual-safeguarding");
    assert_eq!(kwic.len(), 3, "{kwic:?}");
    assert!(kwic[1][0].starts_with("Document a.pdf"), "{kwic:?}");
    assert_eq!(kwic[1][1], "p. 2");
    assert!(kwic[2][0].starts_with("Document c.pdf"), "{kwic:?}");
    assert_eq!(kwic[2][1], "p. 3");
}

/// Every chart of the report writes the numbers it draws beside it (`charts/NAME.csv`), in the
/// shape of `count --by`; each agrees with `count` over the same grouping, byte for byte.
#[test]
fn chart_csvs_agree_with_count() {
    let f = fixture();
    report(&f);
    let count = |by: &str, concepts: &str| count_csv(&f, by, concepts, "");
    let csv = |name: &str| f.read(&format!("out/charts/{name}"));
    for id in [
        "contextual-safeguarding",
        "trauma-informed",
        "transitional-safeguarding",
    ] {
        let expected = count("nation,year", id);
        assert_eq!(csv(&format!("uptake-{id}-share.csv")), expected, "{id}");
        assert_eq!(csv(&format!("uptake-{id}-per10k.csv")), expected, "{id}");
    }
    assert_eq!(csv("harms-per10k.csv"), count("nation", "county-lines,cse"));
    assert_eq!(
        csv("harms-over-time.csv"),
        count("year", "county-lines,cse")
    );
    assert_eq!(
        csv("first-appearance.csv"),
        count(
            "nation,year",
            "contextual-safeguarding,trauma-informed,transitional-safeguarding"
        )
    );
    // The waves chart: the first wave's cumulative corpus is `count --wave 2020`; the update's
    // is every document with a wave up to 2022.
    let waves = csv("waves.csv");
    let lines: Vec<&str> = waves.lines().collect();
    assert!(lines[0].starts_with("up_to_wave,nation,concept,documents,"));
    let approaches = "contextual-safeguarding,trauma-informed,transitional-safeguarding";
    let first_wave = count_csv(&f, "wave,nation", approaches, "--wave 2020");
    let mut expected_2020: Vec<&str> = first_wave.lines().skip(1).collect();
    expected_2020.sort();
    let mut got_2020: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("2020,"))
        .copied()
        .collect();
    got_2020.sort();
    assert_eq!(got_2020, expected_2020);
}

/// `chart` writes its numbers beside the image, and `--kind` selects documents (the chart is
/// chosen with `--chart`); the old `--kind waves` gets a hint instead of an empty chart.
#[test]
fn chart_writes_its_numbers_and_kind_selects_documents() {
    let f = fixture();
    f.lex_ok("chart --out c.svg");
    let csv = f.read("c.csv");
    assert!(csv.starts_with(
        "nation,year,concept,documents,documents_mentioning,count,words,per_10k_words,share,share_low,share_high\n"
    ));
    let err = f.fail(
        argv("chart --lexicon lexicon.toml --kind waves --out w.svg"),
        2,
    );
    assert!(err.contains("--chart waves"), "{err}");
    f.lex_ok("chart --chart waves --out w.svg");
}
