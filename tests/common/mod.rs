//! Shared helpers for integration tests: a scratch folder per test, the real `efrh` binary
//! with a fixed environment, and builders for good and hostile PDFs.
#![allow(dead_code)]

pub mod html;
pub mod placed;
pub mod rows;

use assert_cmd::Command;
use efrh::pdfwrite::{self, Options};
use lopdf::{dictionary, Dictionary, Document, Object, Stream};
use serde::de::DeserializeOwned;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The fixed date every launched `efrh` sees (`SOURCE_DATE_EPOCH`), so dated output repeats.
pub const SOURCE_DATE_EPOCH: &str = "1700000000";

/// The one way integration tests launch the binary: the real `efrh`, run in `dir`, with a fixed
/// environment (no `EFRH_CORPUS`, no `EFRH_LOCK_WAIT_SECS`, `SOURCE_DATE_EPOCH` set). Callers add
/// `--corpus` and the subcommand.
pub fn efrh(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_efrh"));
    fix_env(cmd.current_dir(dir));
    cmd
}

/// [`efrh`] as a `std::process::Command`, for tests that spawn and kill the process.
pub fn efrh_std(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_efrh"));
    cmd.current_dir(dir)
        .env_remove("EFRH_CORPUS")
        .env_remove("EFRH_LOCK_WAIT_SECS")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH);
    cmd
}

fn fix_env(cmd: &mut Command) -> &mut Command {
    cmd.env_remove("EFRH_CORPUS")
        .env_remove("EFRH_LOCK_WAIT_SECS")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
}

/// Whether tests run in CI (env `CI` set), where a missing tool or file is a failure.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// `Some(thing)` when present; when absent (`None`), print why the test is skipped and return
/// `None` — but panic instead when env `CI` is set, since CI installs everything tests need.
pub fn require<T>(thing: Option<T>, what: &str) -> Option<T> {
    if thing.is_none() {
        assert!(
            !in_ci(),
            "{what} is required when CI is set, but is missing"
        );
        println!("skipped: {what} is missing");
    }
    thing
}

/// Whether the program `tool` runs (`tool --version`); when it does not, skip as [`require`] does
/// (panic when env `CI` is set). Use as `if !require_tool("xmllint") { return; }`.
pub fn require_tool(tool: &str) -> bool {
    let runs = std::process::Command::new(tool)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    require(runs.then_some(()), &format!("the program `{tool}`")).is_some()
}

/// A fresh temporary folder with a corpus path inside it.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("create a temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    /// Write a file into the scratch folder and return its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&p, bytes).expect("write scratch file");
        p
    }

    /// `efrh --corpus <scratch>/corpus …`, run in the scratch folder, with a clean environment.
    pub fn efrh(&self) -> Command {
        let mut cmd = efrh(self.dir.path());
        cmd.arg("--corpus").arg(self.corpus());
        cmd
    }

    pub fn catalogue(&self) -> Option<String> {
        std::fs::read_to_string(self.corpus().join("catalogue.toml")).ok()
    }

    /// [`Scratch::efrh`] with one more environment variable (`EFRH_LOCK_WAIT_SECS`, `PATH`…).
    pub fn efrh_env(&self, key: &str, value: impl AsRef<OsStr>) -> Command {
        let mut cmd = self.efrh();
        cmd.env(key, value);
        cmd
    }

    /// `efrh --corpus CORPUS …`, run in the scratch folder with the fixed environment: for a
    /// corpus elsewhere than `<scratch>/corpus`.
    pub fn efrh_at(&self, corpus: &Path) -> Command {
        let mut cmd = efrh(self.dir.path());
        cmd.arg("--corpus").arg(corpus);
        cmd
    }

    /// [`Scratch::efrh`] as a `std::process::Command`, for tests that spawn and kill the process.
    pub fn efrh_std(&self) -> std::process::Command {
        let mut cmd = efrh_std(self.dir.path());
        cmd.arg("--corpus").arg(self.corpus());
        cmd
    }

    /// Run `efrh --corpus <scratch>/corpus ARGS` and return what it did, whatever its exit code.
    pub fn run<A: AsRef<OsStr>>(&self, args: impl IntoIterator<Item = A>) -> Output {
        self.efrh().args(args).output().expect("run efrh")
    }

    /// What `efrh … ARGS` did, which must exit 0 (else panic with its stderr).
    pub fn succeeds<A: AsRef<OsStr>>(&self, args: impl IntoIterator<Item = A>) -> Output {
        let args: Vec<A> = args.into_iter().collect();
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "efrh {:?} failed ({:?}): {}",
            shown(&args),
            out.status.code(),
            stderr(&out)
        );
        out
    }

    /// The stdout of `efrh … ARGS`, which must exit 0 (else panic with its stderr).
    pub fn ok<A: AsRef<OsStr>>(&self, args: impl IntoIterator<Item = A>) -> String {
        stdout(&self.succeeds(args))
    }

    /// The stderr of `efrh … ARGS`, which must exit 0 (else panic with its stderr).
    pub fn ok_stderr<A: AsRef<OsStr>>(&self, args: impl IntoIterator<Item = A>) -> String {
        stderr(&self.succeeds(args))
    }

    /// The stderr of `efrh … ARGS`, which must exit with `code` (else panic with its output).
    pub fn fail<A: AsRef<OsStr>>(&self, args: impl IntoIterator<Item = A>, code: i32) -> String {
        let args: Vec<A> = args.into_iter().collect();
        let out = self.run(&args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "efrh {:?}: stdout {} stderr {}",
            shown(&args),
            stdout(&out),
            stderr(&out)
        );
        stderr(&out)
    }

    /// `efrh … ARGS --format json`, which must exit 0, read as `T`.
    pub fn json<T: DeserializeOwned, A: AsRef<OsStr>>(
        &self,
        args: impl IntoIterator<Item = A>,
    ) -> T {
        let mut args: Vec<std::ffi::OsString> =
            args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        args.extend(["--format".into(), "json".into()]);
        let text = self.ok(&args);
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("efrh {:?}: not the JSON expected ({e}): {text}", args))
    }

    /// `efrh LINE --lexicon lexicon.toml` (LINE split at spaces, see [`argv`]): what it did.
    pub fn lex_run(&self, line: &str) -> Output {
        self.run([&argv(line)[..], &["--lexicon", "lexicon.toml"]].concat())
    }

    /// [`Scratch::lex_run`], which must exit 0: its stdout.
    pub fn lex_ok(&self, line: &str) -> String {
        self.ok([&argv(line)[..], &["--lexicon", "lexicon.toml"]].concat())
    }

    /// [`Scratch::lex_run`], which must exit with `code`: its stderr.
    pub fn lex_fail(&self, line: &str, code: i32) -> String {
        self.fail(
            [&argv(line)[..], &["--lexicon", "lexicon.toml"]].concat(),
            code,
        )
    }

    /// Overwrite the first stored text of the corpus (in file-name order) with bytes that are
    /// not JSON; its path.
    pub fn damage_a_text(&self) -> PathBuf {
        let mut texts: Vec<PathBuf> = std::fs::read_dir(self.corpus().join("text"))
            .expect("the corpus's text folder")
            .map(|e| e.expect("an entry").path())
            .collect();
        texts.sort();
        let first = texts.first().expect("a stored text").clone();
        std::fs::write(&first, b"{ not json").expect("damage a stored text");
        first
    }

    /// `efrh kwic ARGS --format json`, its rows.
    pub fn kwic(&self, args: &[&str]) -> Vec<rows::KwicRow> {
        self.json([&["kwic"][..], args].concat())
    }

    /// `efrh list --format json`: one object per document.
    pub fn list(&self) -> Vec<serde_json::Value> {
        self.json(["list"])
    }

    /// The id of the one document titled `title` (panics unless exactly one is).
    pub fn id_of(&self, title: &str) -> String {
        let ids: Vec<String> = self
            .list()
            .iter()
            .filter(|d| d["title"] == title)
            .filter_map(|d| d["id"].as_str().map(str::to_string))
            .collect();
        assert_eq!(ids.len(), 1, "one document titled {title:?}: {ids:?}");
        ids.concat()
    }

    /// The text of a file in the scratch folder (`rel` from its root).
    pub fn read(&self, rel: &str) -> String {
        let p = self.dir.path().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
    }
}

fn shown<A: AsRef<OsStr>>(args: &[A]) -> Vec<String> {
    args.iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect()
}

/// One document for [`CorpusBuilder`]: its manifest columns (title, nation, year, and any of
/// `wave`, `kind`, `publisher`, `level`, `authority`, `series`, `date`, `var:NAME`, …) and the
/// text of each page. A page's text is wrapped at 80 characters; a `\n` in it ends a line there
/// (so "trauma-\ninformed" puts a line-end hyphen in the PDF).
#[derive(Debug, Clone)]
pub struct Doc {
    file: Option<String>,
    columns: Vec<(String, String)>,
    pages: Vec<String>,
    header: Option<String>,
    footer: Option<String>,
    width: usize,
    bytes: Option<Vec<u8>>,
}

impl Doc {
    pub fn new(title: &str, nation: &str, year: u16) -> Doc {
        Doc {
            file: None,
            columns: vec![
                ("title".into(), title.into()),
                ("nation".into(), nation.into()),
                ("year".into(), year.to_string()),
            ],
            pages: Vec::new(),
            header: None,
            footer: None,
            width: 80,
            bytes: None,
        }
    }

    /// Wrap each page's text at `width` characters instead of 80.
    pub fn width(mut self, width: usize) -> Doc {
        self.width = width;
        self
    }

    /// Store these PDF bytes (a scan, a hostile or hand-made file) instead of writing the pages.
    pub fn bytes(mut self, pdf: Vec<u8>) -> Doc {
        self.bytes = Some(pdf);
        self
    }

    /// A manifest column (a later value for the same column replaces the earlier).
    pub fn set(mut self, column: &str, value: &str) -> Doc {
        self.columns.retain(|(c, _)| c != column);
        self.columns.push((column.into(), value.into()));
        self
    }

    pub fn wave(self, wave: u16) -> Doc {
        self.set("wave", &wave.to_string())
    }

    /// Add a page with this text.
    pub fn page(mut self, text: &str) -> Doc {
        self.pages.push(text.into());
        self
    }

    /// Add one page per entry.
    pub fn pages(mut self, texts: &[&str]) -> Doc {
        self.pages.extend(texts.iter().map(|t| t.to_string()));
        self
    }

    /// The PDF's file name (default `doc<N>.pdf`, N its place in the builder).
    pub fn file(mut self, name: &str) -> Doc {
        self.file = Some(name.into());
        self
    }

    /// A running header and footer on every page (not body text).
    pub fn running(mut self, header: &str, footer: &str) -> Doc {
        self.header = Some(header.into());
        self.footer = Some(footer.into());
        self
    }

    fn column(&self, name: &str) -> &str {
        self.columns
            .iter()
            .find(|(c, _)| c == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The value of a manifest column, when set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(c, _)| c == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn title(&self) -> &str {
        self.column("title")
    }

    pub fn nation(&self) -> &str {
        self.column("nation")
    }

    pub fn year(&self) -> &str {
        self.column("year")
    }

    /// The PDF: each page's text wrapped at 80 characters, the title in its metadata.
    pub fn pdf(&self) -> Vec<u8> {
        if let Some(bytes) = &self.bytes {
            return bytes.clone();
        }
        let pages: Vec<Vec<String>> = self
            .pages
            .iter()
            .map(|p| pdfwrite::wrap(p, self.width))
            .collect();
        pdfwrite::text_pdf(
            &pages,
            &Options {
                title: Some(self.title().to_string()),
                header: self.header.clone(),
                footer: self.footer.clone(),
                ..Options::default()
            },
        )
    }
}

/// The one way integration tests build a corpus: PDFs written by `efrh::pdfwrite` and stored
/// by the real `efrh add --manifest` (so the catalogue and the stored texts are the library's
/// own), in a fresh [`Scratch`] folder. A lexicon, when given, is written to `lexicon.toml`
/// there.
///
/// ```ignore
/// let s = CorpusBuilder::new()
///     .lexicon(LEXICON)
///     .doc(Doc::new("Guidance", "england", 2019).wave(2020).page("Contextual safeguarding."))
///     .build();
/// s.efrh().args(["count", "--lexicon", "lexicon.toml"]).assert().success();
/// ```
#[derive(Default)]
pub struct CorpusBuilder {
    docs: Vec<Doc>,
    lexicon: Option<String>,
    add_args: Vec<String>,
}

impl CorpusBuilder {
    pub fn new() -> CorpusBuilder {
        CorpusBuilder::default()
    }

    /// Write `toml` to `lexicon.toml` in the scratch folder.
    pub fn lexicon(mut self, toml: &str) -> CorpusBuilder {
        self.lexicon = Some(toml.into());
        self
    }

    pub fn doc(mut self, doc: Doc) -> CorpusBuilder {
        self.docs.push(doc);
        self
    }

    pub fn docs(mut self, docs: impl IntoIterator<Item = Doc>) -> CorpusBuilder {
        self.docs.extend(docs);
        self
    }

    /// More arguments for `efrh add --manifest` (e.g. `--allow-no-text`, `--wave 2020`).
    pub fn add_args(mut self, args: &[&str]) -> CorpusBuilder {
        self.add_args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// Write the PDFs and the manifest (`manifest.csv`) and add them; panics (with efrh's
    /// stderr) if the add fails. With no documents, the corpus is an empty one.
    pub fn build(self) -> Scratch {
        let s = Scratch::new();
        self.build_in(&s);
        s
    }

    /// [`CorpusBuilder::build`] into an existing scratch folder (its corpus).
    pub fn build_in(self, s: &Scratch) {
        if let Some(lex) = &self.lexicon {
            s.write("lexicon.toml", lex);
        }
        if self.docs.is_empty() {
            let catalogue = s.corpus().join("catalogue.toml");
            if !catalogue.exists() {
                std::fs::create_dir_all(s.corpus()).expect("create the corpus folder");
                std::fs::write(catalogue, "").expect("write catalogue");
            }
            return;
        }
        let mut header: Vec<String> = vec!["path".into()];
        for d in &self.docs {
            for (c, _) in &d.columns {
                if !header.contains(c) {
                    header.push(c.clone());
                }
            }
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&header).expect("manifest header");
        for (i, d) in self.docs.iter().enumerate() {
            let file = d.file.clone().unwrap_or_else(|| format!("doc{i}.pdf"));
            s.write(&file, d.pdf());
            let row: Vec<String> = header
                .iter()
                .map(|c| {
                    if c == "path" {
                        return file.clone();
                    }
                    d.columns
                        .iter()
                        .find(|(k, _)| k == c)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect();
            w.write_record(&row).expect("manifest row");
        }
        s.write("manifest.csv", w.into_inner().expect("manifest bytes"));
        let out = s
            .efrh()
            .args(["add", "--manifest", "manifest.csv"])
            .args(&self.add_args)
            .output()
            .expect("run efrh add");
        assert!(
            out.status.success(),
            "efrh add --manifest failed: {}",
            stderr(&out)
        );
    }
}

/// One concept of [`lexicon`]: `(id, label, group, terms, acronyms)`.
pub type ConceptSpec<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], &'a [&'a str]);

/// A lexicon file's text from its concepts.
pub fn lexicon(concepts: &[ConceptSpec<'_>]) -> String {
    concepts
        .iter()
        .map(|(id, label, group, terms, acronyms)| {
            format!(
                "[[concept]]\nid = {id:?}\nlabel = {label:?}\ngroup = {group:?}\n\
                 terms = {terms:?}\nacronyms = {acronyms:?}\n"
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fill the `judgement` column of the audit file at `path` (from `efrh audit sample`) with
/// `judgements`, one per row in order (there must be as many as rows); the rows as judged.
pub fn judge(path: &Path, judgements: &[&str]) -> Vec<csv::StringRecord> {
    let text = std::fs::read_to_string(path).expect("read the audit file");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().expect("header row").clone();
    let at = headers
        .iter()
        .position(|h| h == "judgement")
        .expect("a judgement column");
    let mut rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), judgements.len(), "one judgement per row");
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers).expect("header");
    for (row, j) in rows.iter_mut().zip(judgements) {
        let mut cells: Vec<String> = row.iter().map(str::to_string).collect();
        if let Some(c) = cells.get_mut(at) {
            *c = j.to_string();
        }
        w.write_record(&cells).expect("row");
        *row = csv::StringRecord::from(cells);
    }
    std::fs::write(path, w.into_inner().expect("csv")).expect("write the judged file");
    rows
}

/// A PDF with one page per entry, each entry's text wrapped at 80 characters.
pub fn pdf(pages: &[&str]) -> Vec<u8> {
    let pages: Vec<Vec<String>> = pages.iter().map(|p| pdfwrite::wrap(p, 80)).collect();
    pdfwrite::text_pdf(&pages, &Options::default())
}

/// A PDF encrypted with `password` as its user password (`""`: opens without one).
pub fn encrypted_pdf(text: &str, password: &str) -> Vec<u8> {
    pdfwrite::text_pdf(
        &[pdfwrite::wrap(text, 80)],
        &Options {
            user_password: Some(password.into()),
            ..Options::default()
        },
    )
}

/// A scan: pages with drawing but no text layer.
pub fn scanned_pdf(pages: usize) -> Vec<u8> {
    pdfwrite::no_text_pdf(pages, &Options::default())
}

/// The first `fraction` of a good PDF's bytes.
pub fn truncated_pdf(fraction: f64) -> Vec<u8> {
    let full = pdf(&["This document was cut short in transit and its end is missing."]);
    let keep = ((full.len() as f64) * fraction) as usize;
    full[..keep.min(full.len())].to_vec()
}

/// One page of [`raw_pdf`]: its content stream, its `/Resources`, and any more page entries.
pub struct RawPage {
    pub content: Vec<u8>,
    pub resources: Dictionary,
    pub extra: Dictionary,
}

impl RawPage {
    pub fn new(content: impl Into<Vec<u8>>, resources: Dictionary) -> RawPage {
        RawPage {
            content: content.into(),
            resources,
            extra: Dictionary::new(),
        }
    }
}

/// A PDF of hand-written content streams, for what `efrh::pdfwrite` does not write (odd
/// operators, encodings, embedded font programs): `doc` may already hold objects (fonts) and
/// the id `pages_id` for the page tree; each page (A4) is added in order, then the page tree
/// and the catalogue.
pub fn raw_pdf(doc: Document, pages_id: lopdf::ObjectId, pages: Vec<RawPage>) -> Vec<u8> {
    raw_pdf_with(doc, pages_id, pages, Dictionary::new())
}

/// [`raw_pdf`] with more entries in the catalogue (e.g. `/PageLabels`).
pub fn raw_pdf_with(
    mut doc: Document,
    pages_id: lopdf::ObjectId,
    pages: Vec<RawPage>,
    catalog: Dictionary,
) -> Vec<u8> {
    let mut kids = Vec::new();
    for p in pages {
        let content_id = doc.add_object(Stream::new(Dictionary::new(), p.content));
        let mut d = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content_id,
            "Resources" => p.resources,
        };
        for (k, v) in p.extra.iter() {
            d.set(k.clone(), v.clone());
        }
        kids.push(Object::Reference(doc.add_object(d)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let mut cat = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    for (k, v) in catalog.iter() {
        cat.set(k.clone(), v.clone());
    }
    let catalog = doc.add_object(cat);
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("in-memory save");
    out
}

/// A PDF whose page tree contains itself (`/Kids` of the root pages node lists that node).
pub fn page_tree_loop_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 700 Td (loop) Tj ET".to_vec(),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![Object::Reference(pages_id), Object::Reference(page_id)],
            "Count" => 2,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("write loop pdf");
    out
}

/// `../shared/real-pdfs` (with its manifest) when present on this machine.
/// Skips (prints why) when absent, and panics then when env `CI` is set.
pub fn real_pdfs() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/real-pdfs"));
    let what = format!("the real PDFs ({}/manifest.csv)", dir.display());
    require(dir.join("manifest.csv").is_file().then_some(dir), &what)
}

/// The words of `line`, as arguments: `s.ok(argv("count --by nation --format csv"))` (for
/// arguments without spaces in them).
pub fn argv(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// JSON rows each of which has exactly the keys `columns` (comma-separated, in any order), read
/// as `T`: the column contract of `../shared/spec/cli.md` for rows whose shape varies with a flag.
pub fn rows_with<T: DeserializeOwned>(json: &str, columns: &str) -> Vec<T> {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("JSON rows ({e}): {json}"));
    let mut want: Vec<&str> = columns.split(',').collect();
    want.sort_unstable();
    for row in &rows {
        let mut keys: Vec<&str> = row.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, want, "the columns of {row:?}");
    }
    serde_json::from_str(json).unwrap_or_else(|e| panic!("JSON rows ({e}): {json}"))
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
