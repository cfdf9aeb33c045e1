//! What a new user hit (issue 17), each as a regression test on the real binary: a folder
//! that is not a corpus, the environment, "Great Britain", search's `-word`, `--` and
//! `--documents`, filter-only ordering, lexicon warnings, `show`, `report --out` errors, and
//! `add --fetch` against a local HTTP server started by the test.

mod common;

use common::{argv, stderr, CorpusBuilder, Doc, Scratch};
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

/// `efrh --corpus DIR ARGS`: its exit code, which must be 2, and its stderr.
fn refused_at(s: &Scratch, dir: &Path, args: &[&str]) -> String {
    let out = s.efrh_at(dir).args(args).output().expect("run");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    err
}

/// The one document of `s` (its `show` record), which must be the only one listed.
fn show_only(s: &Scratch) -> Value {
    let list = s.list();
    assert_eq!(list.len(), 1, "{list:?}");
    let id = list[0]["id"].as_str().expect("id");
    let rows: Vec<Value> = s.json(["show", id]);
    rows[0].clone()
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
        let err = refused_at(&s, &downloads, &args);
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
    let err = s.fail(["list"], 2);
    assert!(
        err.contains("not an efrh corpus") && err.contains("no such folder"),
        "{err}"
    );
    assert!(!s.corpus().exists());
}

#[test]
fn add_creates_a_corpus_only_in_a_missing_or_empty_folder() {
    let s = Scratch::new();
    s.write("a.pdf", common::pdf(&["County lines exploitation."]));
    let add = ["add", "a.pdf", "--nation", "wales", "--year", "2020"];
    // A folder holding other things is refused, nothing written (also for a dry run).
    s.write("busy/notes.txt", b"mine");
    let busy = s.path().join("busy");
    for dry in [&[][..], &["--dry-run"]] {
        let err = refused_at(&s, &busy, &[&add[..], dry].concat());
        assert!(
            err.contains("not an efrh corpus")
                && err.contains("notes.txt")
                && err.contains("new or empty folder"),
            "{err}"
        );
        assert_eq!(tree(&busy), ["notes.txt"]);
    }
    // An empty folder becomes a corpus.
    let empty = s.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    s.efrh_at(&empty).args(add).assert().success();
    assert!(empty.join("catalogue.toml").is_file());
    // A missing folder too, even when every file fails: the corpus exists, empty.
    let missing = s.path().join("missing.pdf");
    let missing = missing.to_str().expect("a UTF-8 path");
    s.fail(["add", missing, "--nation", "wales", "--year", "2020"], 1);
    assert!(s.catalogue().is_some(), "the new corpus has a catalogue");
    assert!(s.list().is_empty());
    s.ok(["check"]);
}

// ---------------------------------------------------------------------------------------
// The environment and nations

#[test]
fn an_empty_efrh_corpus_is_refused_with_what_to_do() {
    let s = Scratch::new();
    let out = common::efrh(s.path())
        .env("EFRH_CORPUS", "")
        .arg("list")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("EFRH_CORPUS is set but empty") && err.contains("unset EFRH_CORPUS"),
        "{err}"
    );
    // Set to a corpus, it is used.
    let corpus = s.write("c/catalogue.toml", "");
    common::efrh(s.path())
        .env("EFRH_CORPUS", corpus.parent().expect("c"))
        .arg("list")
        .assert()
        .success();
}

/// A scratch folder with `a.pdf` ("Gangs."), not added.
fn gangs_pdf() -> Scratch {
    let s = Scratch::new();
    s.write("a.pdf", common::pdf(&["Gangs."]));
    s
}

#[test]
fn a_lock_wait_that_is_not_a_number_is_named() {
    let s = gangs_pdf();
    let add = ["add", "a.pdf", "--nation", "wales", "--year", "2020"];
    let refused = s.efrh_env("EFRH_LOCK_WAIT_SECS", "abc").args(add).assert();
    let err = stderr(refused.code(2).get_output());
    assert!(
        err.contains("EFRH_LOCK_WAIT_SECS='abc' is not a number of seconds"),
        "{err}"
    );
    assert!(!s.corpus().exists(), "nothing written");
    s.efrh_env("EFRH_LOCK_WAIT_SECS", "5")
        .args(add)
        .assert()
        .success();
}

#[test]
fn great_britain_is_refused_with_a_hint() {
    let s = gangs_pdf();
    for gb in ["gb", "Great Britain"] {
        let err = s.fail(["add", "a.pdf", "--nation", gb, "--year", "2020"], 2);
        assert!(
            err.contains("Great Britain excludes Northern Ireland") && err.contains("uk"),
            "{err}"
        );
    }
    s.write("m.csv", "path,title,nation,year\na.pdf,A,GB,2020\n");
    let err = s.fail(["add", "--manifest", "m.csv"], 2);
    assert!(
        err.contains("line 2") && err.contains("excludes Northern Ireland"),
        "{err}"
    );
    assert!(!s.corpus().exists());
}

// ---------------------------------------------------------------------------------------
// search

/// Three documents: England 2018 (pages: gangs and knives; gangs; nothing), Wales 2021
/// (knives; gangs), Scotland 2019 (nothing relevant).
fn search_corpus() -> Scratch {
    let eng = [
        "Gangs and knives on the estate.",
        "Gangs gangs gangs everywhere.",
        "A page about parks.",
    ];
    CorpusBuilder::new()
        .doc(
            Doc::new("eng.pdf", "england", 2018)
                .file("eng.pdf")
                .pages(&eng),
        )
        .doc(
            Doc::new("wal.pdf", "wales", 2021)
                .file("wal.pdf")
                .pages(&["Knives in schools.", "Gangs recruit online."]),
        )
        .doc(
            Doc::new("sco.pdf", "scotland", 2019)
                .file("sco.pdf")
                .page("Nothing relevant at all."),
        )
        .build()
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

/// `search ARGS` (which choose the JSON format), its rows.
fn search(s: &Scratch, args: &[&str]) -> Vec<Value> {
    serde_json::from_str(&s.ok([&["search"][..], args].concat())).expect("JSON rows")
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
    let out = s.run(["search", "--", "-gangs", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("'--format' is in the query"), "{err}");
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
    let out = s.run(["lexicon", "check", "lex.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = common::stdout(&out);
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
    let rows: Vec<Value> = s.json(["lexicon", "check", "lex.toml"]);
    assert_eq!(rows[0]["terms"], "Trauma-informed");
}

#[test]
fn the_builtin_lexicon_is_named_as_built_in_outside_the_repository() {
    let s = Scratch::new();
    let err = s.ok_stderr(["lexicon", "check"]);
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
    s.write("wt.pdf", common::pdf(&["County lines.", "Gangs."]));
    s.ok(argv("add wt.pdf --nation ni --year 2017 --title Co-operating --publisher DoH --kind policy --url https://example.org/wt.pdf --wave 2020"));
    let id = s.list()[0]["id"].as_str().expect("id").to_string();
    let rows: Vec<Value> = s.json(["show", &id[..6]]);
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
    let table = s.ok(["show", &id]);
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
    let csv = s.ok(["show", &id, "--format", "csv"]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.starts_with("id,title,nation,year"), "{csv}");
    // An unknown id is a usage error.
    s.fail(["show", "ffff"], 2);
}

// ---------------------------------------------------------------------------------------
// report --out

#[test]
fn report_out_that_cannot_be_created_is_named_with_the_reason() {
    let s = CorpusBuilder::new()
        .doc(Doc::new("A", "wales", 2020).page("Gangs."))
        .build();
    if Path::new("/proc/self").is_dir() {
        let err = s.fail(["report", "--out", "/proc/nope"], 2);
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
    let err = s.fail(["report", "--out", "taken/out"], 2);
    assert!(err.contains("taken is a file, not a folder"), "{err}");
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
    let show = show_only(&s);
    assert_eq!(show["url"], url.as_str());
    assert_eq!(show["file"], "KCSIE_2023.pdf");
    let retrieved = show["retrieved"].as_str().expect("retrieved").to_string();
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
    assert_eq!(show_only(&s)["title"], "good");
    assert!(
        !s.path().join("corpus").join(".staging").exists()
            || tree(&s.corpus().join(".staging")).is_empty()
    );
}

#[test]
fn fetch_refuses_what_is_not_a_web_address() {
    let s = Scratch::new();
    let out = fetch(&s, &["ftp://example.org/a.pdf".to_string()], &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: ftp://example.org/a.pdf: download failed: not a web address"),
        "{err}"
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
    let err = s.fail(["add", "--manifest", "m.csv"], 1);
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
    let list = s.list();
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
    let err = s.fail(["add", "--manifest", "bad.csv"], 2);
    assert!(
        err.contains("line 2: the path is empty (give the file's path, or a url"),
        "{err}"
    );
}
