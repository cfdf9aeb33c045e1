//! What a new user hit (issue 17), each as a regression test on the real binary: a folder
//! that is not a corpus, the environment, "Great Britain", search's `-word`, `--` and
//! `--documents`, filter-only ordering, lexicon warnings, `show`, `report --out` errors, and
//! `add --fetch` against a local HTTP server started by the test.

mod common;

use common::{stderr, stdout, Scratch};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Every file and folder under `dir`, relative, sorted: to show nothing was written.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            out.push(
                p.strip_prefix(dir)
                    .map(|r| r.display().to_string())
                    .unwrap_or_default(),
            );
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `efrh --corpus DIR`, run in the scratch folder with a clean environment.
fn efrh_at(s: &Scratch, dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_efrh"));
    cmd.current_dir(s.path())
        .env_remove("EFRH_CORPUS")
        .env_remove("EFRH_LOCK_WAIT_SECS")
        .arg("--corpus")
        .arg(dir);
    cmd
}

fn json(out: &std::process::Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "failed: {}{}",
        stdout(out),
        stderr(out)
    );
    serde_json::from_slice(&out.stdout).expect("JSON rows")
}

// ---------------------------------------------------------------------------------------
// Any folder is not a corpus

#[test]
fn a_folder_without_a_catalogue_is_refused_by_every_reader_and_nothing_is_written() {
    let s = Scratch::new();
    let downloads = s.path().join("Downloads");
    std::fs::create_dir_all(&downloads).expect("mkdir");
    std::fs::write(downloads.join("holiday.jpg"), b"not a corpus").expect("write");
    let before = tree(s.path());
    for args in [
        vec!["list"],
        vec!["check"],
        vec!["check", "--clean"],
        vec!["report"],
        vec!["search", "gangs"],
        vec!["count"],
        vec!["kwic", "gangs"],
        vec!["chart", "--out", "c.svg"],
        vec!["text", "abcd1234"],
        vec!["show", "abcd1234"],
        vec!["remove", "abcd1234abcd1234"],
        vec!["reindex"],
    ] {
        let out = efrh_at(&s, &downloads).args(&args).output().expect("run");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!(
                "not an efrh corpus: {} (no catalogue.toml); `efrh add` creates one",
                downloads.display()
            )),
            "{args:?}: {err}"
        );
        assert_eq!(tree(s.path()), before, "{args:?} wrote something");
    }
    // A missing folder likewise (and is not created).
    let out = s.efrh().arg("list").output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not an efrh corpus") && stderr(&out).contains("no such folder"),
        "{}",
        stderr(&out)
    );
    assert!(!s.corpus().exists());
}

#[test]
fn add_creates_a_corpus_only_in_a_missing_or_empty_folder() {
    let s = Scratch::new();
    let pdf = s.write("a.pdf", common::pdf(&["County lines exploitation."]));
    // A folder holding other things is refused, nothing written (also for a dry run).
    let busy = s.path().join("busy");
    std::fs::create_dir_all(&busy).expect("mkdir");
    std::fs::write(busy.join("notes.txt"), b"mine").expect("write");
    for dry in [false, true] {
        let mut cmd = efrh_at(&s, &busy);
        cmd.arg("add")
            .arg(&pdf)
            .args(["--nation", "wales", "--year", "2020"]);
        if dry {
            cmd.arg("--dry-run");
        }
        let out = cmd.output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("not an efrh corpus")
                && stderr(&out).contains("notes.txt")
                && stderr(&out).contains("new or empty folder"),
            "{}",
            stderr(&out)
        );
        assert_eq!(tree(&busy), ["notes.txt"]);
    }
    // An empty folder becomes a corpus.
    let empty = s.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    efrh_at(&s, &empty)
        .arg("add")
        .arg(&pdf)
        .args(["--nation", "wales", "--year", "2020"])
        .assert()
        .success();
    assert!(empty.join("catalogue.toml").is_file());
    // A missing folder too, even when every file fails: the corpus exists, empty.
    let out = s
        .efrh()
        .arg("add")
        .arg(s.path().join("missing.pdf"))
        .args(["--nation", "wales", "--year", "2020"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(s.catalogue().is_some(), "the new corpus has a catalogue");
    let out = s
        .efrh()
        .args(["list", "--format", "json"])
        .output()
        .expect("list");
    assert!(json(&out).is_empty());
    s.efrh().arg("check").assert().success();
}

// ---------------------------------------------------------------------------------------
// The environment and nations

#[test]
fn an_empty_efrh_corpus_is_refused_with_what_to_do() {
    let s = Scratch::new();
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_efrh"));
    let out = cmd
        .current_dir(s.path())
        .env("EFRH_CORPUS", "")
        .env_remove("EFRH_LOCK_WAIT_SECS")
        .arg("list")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("EFRH_CORPUS is set but empty")
            && stderr(&out).contains("unset EFRH_CORPUS"),
        "{}",
        stderr(&out)
    );
    // Set to a corpus, it is used.
    let corpus = s.path().join("c");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    std::fs::write(corpus.join("catalogue.toml"), "").expect("write");
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_efrh"));
    cmd.current_dir(s.path())
        .env("EFRH_CORPUS", &corpus)
        .env_remove("EFRH_LOCK_WAIT_SECS")
        .arg("list")
        .assert()
        .success();
}

#[test]
fn a_lock_wait_that_is_not_a_number_is_named() {
    let s = Scratch::new();
    let pdf = s.write("a.pdf", common::pdf(&["Gangs."]));
    let out = s
        .efrh()
        .env("EFRH_LOCK_WAIT_SECS", "abc")
        .arg("add")
        .arg(&pdf)
        .args(["--nation", "wales", "--year", "2020"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("EFRH_LOCK_WAIT_SECS='abc' is not a number of seconds"),
        "{}",
        stderr(&out)
    );
    assert!(!s.corpus().exists(), "nothing written");
    s.efrh()
        .env("EFRH_LOCK_WAIT_SECS", "5")
        .arg("add")
        .arg(&pdf)
        .args(["--nation", "wales", "--year", "2020"])
        .assert()
        .success();
}

#[test]
fn great_britain_is_refused_with_a_hint() {
    let s = Scratch::new();
    let pdf = s.write("a.pdf", common::pdf(&["Gangs."]));
    for gb in ["gb", "Great Britain"] {
        let out = s
            .efrh()
            .arg("add")
            .arg(&pdf)
            .args(["--nation", gb, "--year", "2020"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(
            err.contains("Great Britain excludes Northern Ireland") && err.contains("uk"),
            "{err}"
        );
    }
    s.write("m.csv", "path,title,nation,year\na.pdf,A,GB,2020\n");
    let out = s
        .efrh()
        .args(["add", "--manifest", "m.csv"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("line 2") && stderr(&out).contains("excludes Northern Ireland"),
        "{}",
        stderr(&out)
    );
    assert!(!s.corpus().exists());
}

// ---------------------------------------------------------------------------------------
// search

/// Three documents: England 2018 (pages: gangs and knives; gangs; nothing), Wales 2021
/// (knives; gangs), Scotland 2019 (nothing relevant).
fn search_corpus() -> Scratch {
    let s = Scratch::new();
    for (name, nation, year, pages) in [
        (
            "eng.pdf",
            "england",
            "2018",
            vec![
                "Gangs and knives on the estate.",
                "Gangs gangs gangs everywhere.",
                "A page about parks.",
            ],
        ),
        (
            "wal.pdf",
            "wales",
            "2021",
            vec!["Knives in schools.", "Gangs recruit online."],
        ),
        (
            "sco.pdf",
            "scotland",
            "2019",
            vec!["Nothing relevant at all."],
        ),
    ] {
        let pdf = s.write(name, common::pdf(&pages));
        s.efrh()
            .arg("add")
            .arg(&pdf)
            .args(["--nation", nation, "--year", year, "--title", name])
            .assert()
            .success();
    }
    s
}

fn pages_of(rows: &[Value]) -> Vec<(String, u64)> {
    rows.iter()
        .map(|r| {
            (
                r["title"].as_str().unwrap_or_default().to_string(),
                r["page"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn search(s: &Scratch, args: &[&str]) -> Vec<Value> {
    json(&s.efrh().arg("search").args(args).output().expect("run"))
}

#[test]
fn search_accepts_a_leading_minus_word_as_not() {
    let s = search_corpus();
    // `gangs -knives`: help suggests it; clap used to take -knives for an unknown flag.
    let rows = search(&s, &["gangs", "-knives", "--format", "json"]);
    let mut got = pages_of(&rows);
    got.sort();
    assert_eq!(
        got,
        [("eng.pdf".to_string(), 2), ("wal.pdf".to_string(), 2)]
    );
    // A query that starts with -word (no `--` needed); options before or after it.
    let rows = search(&s, &["--format", "json", "-gangs"]);
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| !r["snippet"].as_str().unwrap_or("").contains("Gangs")));
    // Options before `--` apply; an option after `--` would be query text: refused.
    let rows = search(&s, &["--format", "json", "--", "-gangs"]);
    assert_eq!(rows.len(), 3);
    let out = s
        .efrh()
        .args(["search", "--", "-gangs", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("'--format' is in the query"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn filter_and_negation_only_queries_are_in_document_then_page_order() {
    let s = search_corpus();
    // Catalogue order: nation (england, scotland, wales), year, title.
    let all_pages = [
        ("eng.pdf", 1),
        ("eng.pdf", 2),
        ("eng.pdf", 3),
        ("sco.pdf", 1),
        ("wal.pdf", 1),
        ("wal.pdf", 2),
    ];
    let want = |keep: &dyn Fn(&(&str, u64)) -> bool| -> Vec<(String, u64)> {
        all_pages
            .iter()
            .filter(|p| keep(p))
            .map(|(t, p)| (t.to_string(), *p))
            .collect()
    };
    let rows = search(&s, &["year:[2000 TO *]", "--format", "json"]);
    assert_eq!(pages_of(&rows), want(&|_| true));
    let rows = search(&s, &["NOT", "gangs", "--format", "json"]);
    assert_eq!(
        pages_of(&rows),
        want(&|(t, p)| !matches!((*t, *p), ("eng.pdf", 1 | 2) | ("wal.pdf", 2)))
    );
    let rows = search(&s, &["nation:wales", "--format", "json"]);
    assert_eq!(pages_of(&rows), want(&|(t, _)| *t == "wal.pdf"));
    // The limit keeps the first in that order, not any N.
    let rows = search(
        &s,
        &["year:[2000 TO *]", "--limit", "2", "--format", "json"],
    );
    assert_eq!(pages_of(&rows), want(&|(t, _)| *t == "eng.pdf")[..2]);
}

#[test]
fn search_documents_gives_one_row_per_document_with_its_best_page() {
    let s = search_corpus();
    let rows = search(&s, &["gangs", "--documents", "--format", "json"]);
    // England's best page is 2 (three mentions); Wales has one page with gangs.
    assert_eq!(
        pages_of(&rows),
        [("eng.pdf".to_string(), 2), ("wal.pdf".to_string(), 2)]
    );
    let rows = search(&s, &["NOT", "gangs", "--documents", "--format", "json"]);
    assert_eq!(
        pages_of(&rows),
        [
            ("eng.pdf".to_string(), 3),
            ("sco.pdf".to_string(), 1),
            ("wal.pdf".to_string(), 1)
        ]
    );
    let rows = search(
        &s,
        &[
            "nation:wales OR nation:england",
            "--documents",
            "--limit",
            "1",
            "--format",
            "json",
        ],
    );
    assert_eq!(pages_of(&rows), [("eng.pdf".to_string(), 1)]);
}

// ---------------------------------------------------------------------------------------
// lexicon check

#[test]
fn lexicon_check_shows_terms_as_written_and_warns_on_patterns_and_lowercase_acronyms() {
    let s = Scratch::new();
    s.write(
        "lex.toml",
        "[[concept]]\nid = \"ti\"\nterms = [\"Trauma-informed\"]\n\n\
         [[concept]]\nid = \"cse\"\nterms = [\"exploit*\", \"child (sexual) exploitation\"]\n\
         acronyms = [\"cse\"]\n",
    );
    let out = s
        .efrh()
        .args(["lexicon", "check", "lex.toml"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.contains("terms:    Trauma-informed\n"), "{table}");
    assert!(
        table.contains("exploit*; child (sexual) exploitation"),
        "{table}"
    );
    let err = stderr(&out);
    assert!(
        err.contains("warning: lex.toml: line 7: \"exploit*\" (cse) contains '*'"),
        "{err}"
    );
    assert!(
        err.contains("\"child (sexual) exploitation\" (cse) contains '(' ')'"),
        "{err}"
    );
    assert!(
        err.contains("warning: lex.toml: line 8: acronym \"cse\" (cse) is not upper case"),
        "{err}"
    );
    assert!(err.contains("3 term warning(s)"), "{err}");
    let out = s
        .efrh()
        .args(["lexicon", "check", "lex.toml", "--format", "json"])
        .output()
        .expect("run");
    let rows = json(&out);
    assert_eq!(rows[0]["terms"], "Trauma-informed");
}

#[test]
fn the_builtin_lexicon_is_named_as_built_in_outside_the_repository() {
    let s = Scratch::new();
    let out = s.efrh().args(["lexicon", "check"]).output().expect("run");
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "(the built-in lexicon of efrh {}): valid",
            env!("CARGO_PKG_VERSION")
        )),
        "{err}"
    );
    assert!(!err.contains("lexicons/efrh.toml"), "{err}");
}

// ---------------------------------------------------------------------------------------
// show

#[test]
fn show_prints_the_whole_record() {
    let s = Scratch::new();
    let pdf = s.write("wt.pdf", common::pdf(&["County lines.", "Gangs."]));
    s.efrh()
        .arg("add")
        .arg(&pdf)
        .args([
            "--nation",
            "ni",
            "--year",
            "2017",
            "--title",
            "Co-operating",
        ])
        .args([
            "--publisher",
            "DoH",
            "--kind",
            "policy",
            "--url",
            "https://example.org/wt.pdf",
        ])
        .args(["--wave", "2020"])
        .assert()
        .success();
    let list = json(
        &s.efrh()
            .args(["list", "--format", "json"])
            .output()
            .expect("list"),
    );
    let id = list[0]["id"].as_str().expect("id").to_string();
    let rows = json(
        &s.efrh()
            .args(["show", &id[..6], "--format", "json"])
            .output()
            .expect("show"),
    );
    let r = &rows[0];
    assert_eq!(r["id"], id.as_str());
    assert_eq!(r["title"], "Co-operating");
    assert_eq!(r["nation"], "northern-ireland");
    assert_eq!(r["year"], 2017);
    assert_eq!(r["publisher"], "DoH");
    assert_eq!(r["kind"], "policy");
    assert_eq!(r["url"], "https://example.org/wt.pdf");
    assert_eq!(r["wave"], 2020);
    assert_eq!(r["file"], "wt.pdf");
    assert_eq!(r["pages"], 2);
    assert_eq!(r["words"], 3);
    assert!(r["bytes"].as_u64().is_some_and(|b| b > 100));
    assert!(r["extractor"].as_u64().is_some());
    assert_eq!(r["extractor"], r["extractor_current"]);
    let stored = PathBuf::from(r["stored_pdf"].as_str().expect("stored_pdf"));
    assert!(stored.is_file(), "{}", stored.display());
    assert!(r["stored_text"]
        .as_str()
        .is_some_and(|p| Path::new(p).is_file()));
    // The table: one field per line, in the record's order.
    let table = stdout(&s.efrh().args(["show", &id]).output().expect("show"));
    let keys: Vec<&str> = table
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(keys.first(), Some(&"id"));
    assert!(
        keys.contains(&"url") && keys.contains(&"quality_summary"),
        "{table}"
    );
    // CSV: a header and one row.
    let csv = stdout(
        &s.efrh()
            .args(["show", &id, "--format", "csv"])
            .output()
            .expect("show"),
    );
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.starts_with("id,title,nation,year"), "{csv}");
    // An unknown id is a usage error.
    s.efrh().args(["show", "ffff"]).assert().code(2);
}

// ---------------------------------------------------------------------------------------
// report --out

#[test]
fn report_out_that_cannot_be_created_is_named_with_the_reason() {
    let s = Scratch::new();
    let pdf = s.write("a.pdf", common::pdf(&["Gangs."]));
    s.efrh()
        .arg("add")
        .arg(&pdf)
        .args(["--nation", "wales", "--year", "2020"])
        .assert()
        .success();
    if Path::new("/proc/self").is_dir() {
        let out = s
            .efrh()
            .args(["report", "--out", "/proc/nope"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(
            err.contains(
                "cannot write the report to /proc/nope: could not create the folder /proc/nope: \
                 /proc does not allow new folders"
            ) && err.contains("--out DIR"),
            "{err}"
        );
    }
    // A file where a folder should be.
    s.write("taken", b"a file");
    let out = s
        .efrh()
        .args(["report", "--out", "taken/out"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("taken is a file, not a folder"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------
// add --fetch, against a local server

/// What the test server does for one path.
#[derive(Clone)]
enum Reply {
    Ok(&'static str, Vec<u8>),
    Redirect(String),
    Status(u16),
    /// Accept, then say nothing for this long.
    Silent(Duration),
}

/// An HTTP server on 127.0.0.1 answering from `routes` (path → reply). It stops by itself
/// after `max` connections or 60 seconds.
fn server(routes: Vec<(&'static str, Reply)>, max: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut served = 0;
        while served < max && Instant::now() < deadline {
            match listener.accept() {
                Ok((stream, _)) => {
                    served += 1;
                    let routes = routes.clone();
                    std::thread::spawn(move || answer(stream, &routes));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    });
    format!("http://{addr}")
}

fn answer(mut stream: TcpStream, routes: &[(&'static str, Reply)]) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 65536 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let request = String::from_utf8_lossy(&buf);
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let reply = routes
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(Reply::Status(404), |(_, r)| r.clone());
    let head = |status: &str, extra: &str, len: usize| {
        format!("HTTP/1.1 {status}\r\nContent-Length: {len}\r\nConnection: close\r\n{extra}\r\n")
    };
    let _ = match reply {
        Reply::Ok(kind, body) => stream
            .write_all(head("200 OK", &format!("Content-Type: {kind}\r\n"), body.len()).as_bytes())
            .and_then(|()| stream.write_all(&body)),
        Reply::Redirect(to) => {
            stream.write_all(head("302 Found", &format!("Location: {to}\r\n"), 0).as_bytes())
        }
        Reply::Status(code) => stream.write_all(head(&format!("{code} Nope"), "", 0).as_bytes()),
        Reply::Silent(d) => {
            std::thread::sleep(d);
            Ok(())
        }
    };
}

fn fetch(s: &Scratch, urls: &[String], extra: &[&str]) -> std::process::Output {
    s.efrh()
        .arg("add")
        .arg("--fetch")
        .args(urls)
        .args(["--nation", "england", "--year", "2023"])
        .args(extra)
        .output()
        .expect("run add --fetch")
}

#[test]
fn fetch_follows_redirects_and_records_url_and_retrieval_date() {
    let s = Scratch::new();
    let pdf = common::pdf(&["Keeping children safe in education: county lines."]);
    // Two redirects, then the file.
    let real = server(
        vec![
            ("/old/kcsie.pdf", Reply::Redirect("/r1".into())),
            ("/r1", Reply::Redirect("/files/KCSIE%202023.pdf".into())),
            ("/files/KCSIE%202023.pdf", Reply::Ok("application/pdf", pdf)),
        ],
        10,
    );
    let url = format!("{real}/old/kcsie.pdf");
    let out = fetch(&s, std::slice::from_ref(&url), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("added 1"), "{}", stderr(&out));
    let list = json(
        &s.efrh()
            .args(["list", "--format", "json"])
            .output()
            .expect("list"),
    );
    let id = list[0]["id"].as_str().expect("id").to_string();
    let show = json(
        &s.efrh()
            .args(["show", &id, "--format", "json"])
            .output()
            .expect("show"),
    );
    assert_eq!(show[0]["url"], url.as_str());
    assert_eq!(show[0]["file"], "KCSIE_2023.pdf");
    let retrieved = show[0]["retrieved"]
        .as_str()
        .expect("retrieved")
        .to_string();
    assert!(
        retrieved.len() == 10 && retrieved.starts_with("20") && &retrieved[4..5] == "-",
        "{retrieved}"
    );
    let catalogue = s.catalogue().expect("catalogue");
    assert!(
        catalogue.contains(&format!("retrieved = \"{retrieved}\"")),
        "{catalogue}"
    );
}

#[test]
fn failed_downloads_are_named_with_their_status_and_the_rest_are_added() {
    let s = Scratch::new();
    let good = common::pdf(&["Serious violence duty guidance."]);
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(1024 * 1024 + 10, b' ');
    let mut chain = Vec::new();
    for i in 0..7 {
        let path: &'static str = Box::leak(format!("/loop{i}").into_boxed_str());
        chain.push((path, Reply::Redirect(format!("/loop{}", i + 1))));
    }
    let mut routes = vec![
        ("/good.pdf", Reply::Ok("application/pdf", good)),
        (
            "/page.pdf",
            Reply::Ok("text/html", b"<!DOCTYPE html><html>Cookies</html>".to_vec()),
        ),
        ("/big.pdf", Reply::Ok("application/pdf", big)),
        ("/slow.pdf", Reply::Silent(Duration::from_secs(4))),
        ("/gone.pdf", Reply::Status(410)),
    ];
    routes.extend(chain);
    let base = server(routes, 30);
    let url = |p: &str| format!("{base}{p}");
    let urls = [
        url("/missing.pdf"),
        url("/good.pdf"),
        url("/page.pdf"),
        url("/big.pdf"),
        url("/slow.pdf"),
        url("/loop0"),
    ];
    let started = Instant::now();
    let out = fetch(
        &s,
        &urls,
        &["--fetch-timeout", "1", "--max-download-mb", "1"],
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "bounded in time"
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (u, what) in [
        (&urls[0], "the server answered HTTP 404"),
        (&urls[2], "a web page (HTML), not a PDF"),
        (&urls[3], "larger than the 1 MB download limit"),
        (&urls[4], "did not answer in time"),
        (&urls[5], "more than 5 redirects"),
    ] {
        let line = format!("error: {u}: download failed: ");
        let found = err.lines().find(|l| l.starts_with(&line));
        assert!(
            found.is_some_and(|l| l.contains(what)),
            "{u}: {what}\n{err}"
        );
    }
    assert!(
        err.contains("added 1, already present 0, updated 0, failed 5"),
        "{err}"
    );
    let list = json(
        &s.efrh()
            .args(["list", "--format", "json"])
            .output()
            .expect("list"),
    );
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["title"], "good");
    assert!(
        !s.path().join("corpus").join(".staging").exists()
            || tree(&s.corpus().join(".staging")).is_empty()
    );
}

#[test]
fn fetch_refuses_what_is_not_a_web_address() {
    let s = Scratch::new();
    let out = fetch(&s, &["ftp://example.org/a.pdf".to_string()], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: ftp://example.org/a.pdf: download failed: not a web address"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn manifest_rows_with_a_url_and_no_path_are_downloaded() {
    let s = Scratch::new();
    let base = server(
        vec![(
            "/ni/cop.pdf",
            Reply::Ok(
                "application/pdf",
                common::pdf(&["Co-operating to safeguard children."]),
            ),
        )],
        10,
    );
    s.write("local.pdf", common::pdf(&["A local file about gangs."]));
    s.write(
        "m.csv",
        format!(
            "path,title,nation,year,url\n\
             local.pdf,Local,wales,2020,\n\
             ,Co-operating,NI,2017,{base}/ni/cop.pdf\n\
             ,Gone,england,2019,{base}/gone.pdf\n"
        ),
    );
    let out = s
        .efrh()
        .args(["add", "--manifest", "m.csv"])
        .output()
        .expect("run");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "error: {base}/gone.pdf: download failed: the server answered HTTP 404"
        )),
        "{err}"
    );
    assert!(
        err.contains("added 2, already present 0, updated 0, failed 1"),
        "{err}"
    );
    let list = json(
        &s.efrh()
            .args(["list", "--format", "json"])
            .output()
            .expect("list"),
    );
    let titles: Vec<&str> = list.iter().filter_map(|r| r["title"].as_str()).collect();
    assert_eq!(titles, ["Local", "Co-operating"]);
    let catalogue = s.catalogue().expect("catalogue");
    assert!(
        catalogue.contains(&format!("url = \"{base}/ni/cop.pdf\""))
            && catalogue.contains("retrieved = "),
        "{catalogue}"
    );
    // A row with neither a path nor a url is a manifest error (exit 2).
    s.write("bad.csv", "path,title,nation,year,url\n,X,wales,2020,\n");
    let out = s
        .efrh()
        .args(["add", "--manifest", "bad.csv"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("line 2: the path is empty (give the file's path, or a url"),
        "{}",
        stderr(&out)
    );
}
