//! Adding documents: read each file, identify it by content, extract its text (in parallel,
//! outside the lock, each file bounded in time), stage the results, then — under the corpus
//! lock — move the staged files into place and write the catalogue once.
//!
//! Crash safety: staged files live in `.staging/<run>/` until the lock is held; they are moved
//! into `pdf/` and `text/` by rename, and only then is the catalogue replaced (atomically). A
//! crash before the catalogue write leaves at most files that no catalogue record names, which
//! every reader ignores and a re-run simply replaces.
//!
//! Metadata of documents already present: the metadata an analyst states (a manifest row, or
//! the flags of `efrh add FILE`) replaces what the catalogue holds — that is how a wrong title
//! or year is fixed. What is not stated is kept: a manifest without a `publisher` column keeps
//! every publisher; a flag not given keeps its field. The wave records the analysis round that
//! first included a document, so `--wave` only applies to documents added by this run; a
//! manifest's `wave` cell, being a statement about that one document, replaces it.

use super::atomic::{sync_dir, write_synced};
use super::{Corpus, StoredText};
use crate::error::{Error, Result};
use crate::extract::{self, ExtractError, Extraction, Limits};
use crate::model::{DocId, DocMeta, Document, Nation, Wave, Year};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A metadata field an analyst may or may not have stated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Field<T> {
    /// Not stated: keep what the catalogue holds (new documents get nothing).
    #[default]
    Keep,
    /// Stated: set it (`None` clears it).
    Set(Option<T>),
}

/// The metadata supplied with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaSpec {
    /// `None`: keep the stored title; a new document is titled after its file name.
    pub title: Option<String>,
    pub nation: Nation,
    pub year: Year,
    pub publisher: Field<String>,
    pub kind: Field<String>,
    pub url: Field<String>,
    /// A wave stated for this document (manifest `wave` cell): replaces the stored one.
    pub wave: Option<Wave>,
    /// The wave of this run (`--wave`): given to the document only if it is new (or has none).
    pub run_wave: Option<Wave>,
    /// The date it was downloaded (`add --fetch`): given to the document only if it is new
    /// (or has none), so fetching it again changes nothing.
    pub retrieved: Option<String>,
}

/// One file to add.
#[derive(Debug, Clone)]
pub struct Input {
    /// Where to read it (relative to the current directory, or absolute).
    pub path: PathBuf,
    pub meta: MetaSpec,
    /// Line of the manifest it came from.
    pub line: Option<u64>,
}

impl Input {
    /// How this input is named in messages: its path as the user can find it.
    pub fn label(&self) -> String {
        self.path.display().to_string()
    }
}

/// Choices for one `add` run.
#[derive(Debug, Clone, Default)]
pub struct AddOptions {
    pub limits: Limits,
    /// Add documents with no extractable text at all (flagged as needing OCR) instead of
    /// refusing them.
    pub allow_no_text: bool,
    /// Work out and report every outcome, but change nothing.
    pub dry_run: bool,
}

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stored as a new document. `quality`: what the extractor found wrong (empty when all
    /// is well), e.g. pages without text in a partial scan, glyphs it could not map.
    Added {
        id: DocId,
        quality: crate::model::Quality,
    },
    /// Added although it has no text at all (`allow_no_text`): flagged as needing OCR.
    AddedNeedsOcr { id: DocId },
    /// Same bytes already stored; metadata unchanged.
    AlreadyPresent { id: DocId },
    /// Same bytes already stored; the stated metadata replaced the stored metadata.
    Updated { id: DocId, changes: Vec<String> },
    /// Refused: no page has any text (a scan without a text layer).
    NoText,
    /// Could not be added; the reason in plain words.
    Failed(String),
}

/// The outcome for one input, in input order.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub label: String,
    pub outcome: Outcome,
}

/// What an `add` did.
#[derive(Debug, Clone)]
pub struct AddReport {
    /// One result per input, in input order.
    pub files: Vec<FileResult>,
    /// The catalogue was written but the search index could not be brought up to date (it is
    /// derived: `efrh check` or `efrh reindex` rebuilds it).
    pub index_problem: Option<String>,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub already_present: usize,
    pub updated: usize,
    pub failed: usize,
    pub no_text: usize,
}

impl Summary {
    pub fn of(results: &[FileResult]) -> Summary {
        let mut s = Summary::default();
        for r in results {
            match r.outcome {
                Outcome::Added { .. } => s.added += 1,
                Outcome::AddedNeedsOcr { .. } => {
                    s.added += 1;
                    s.no_text += 1;
                }
                Outcome::AlreadyPresent { .. } => s.already_present += 1,
                Outcome::Updated { .. } => s.updated += 1,
                Outcome::NoText => s.no_text += 1,
                Outcome::Failed(_) => s.failed += 1,
            }
        }
        s
    }
}

/// A file extracted and staged, waiting for the lock.
#[derive(Debug)]
struct Staged {
    doc: Document,
    pdf: PathBuf,
    text: PathBuf,
    needs_ocr: bool,
}

#[derive(Debug)]
enum Prepared {
    New(Box<Staged>),
    /// Its id was in the catalogue when we looked: nothing extracted.
    Known(DocId),
    NoText,
    Failed(String),
}

/// A staging directory for one run, owned (locked) by this process while it lives, removed
/// when dropped. A directory whose owner died is removed by the next writer.
struct Staging {
    dir: PathBuf,
    _owner: File,
    /// For a dry run: staged outside the corpus, in a temporary folder.
    _outside: Option<tempfile::TempDir>,
}

const OWNER: &str = ".owner";

impl Staging {
    fn create(root: &Path) -> Result<Staging> {
        let base = root.join(super::STAGING);
        fs::create_dir_all(&base).map_err(|e| Error::io(&base, e))?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = base.join(format!("{}-{nanos}", std::process::id()));
        if let Err(e) = fs::create_dir(&dir) {
            // Another run may have removed an empty `.staging/` just now: once more.
            fs::create_dir_all(&base).map_err(|e| Error::io(&base, e))?;
            fs::create_dir(&dir).map_err(|_| Error::io(&dir, e))?;
        }
        let owner_path = dir.join(OWNER);
        let owner = File::create(&owner_path).map_err(|e| Error::io(&owner_path, e))?;
        owner.lock().map_err(|e| Error::io(&owner_path, e))?;
        Ok(Staging {
            dir,
            _owner: owner,
            _outside: None,
        })
    }

    /// Staging in a temporary folder outside the corpus (dry runs change nothing in it).
    fn outside() -> Result<Staging> {
        let tmp = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        let mut staging = Staging::create(tmp.path())?;
        staging._outside = Some(tmp);
        Ok(staging)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
        // Remove `.staging/` itself when no other run uses it (fails harmlessly otherwise).
        if let Some(base) = self.dir.parent() {
            let _ = fs::remove_dir(base);
        }
        // `_outside`, if any, is removed after this by its own Drop.
    }
}

/// True when a staging directory's run has died (its owner lock is free).
pub(crate) fn staging_is_stale(dir: &Path) -> bool {
    match File::open(dir.join(OWNER)) {
        Ok(f) => f.try_lock().is_ok(),
        // No owner file: died between creating the directory and its owner file, or not
        // ours at all; only call it stale once it is clearly old.
        Err(_) => fs::metadata(dir)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(600)),
    }
}

/// Remove staging directories left by runs that died. Call with the corpus lock held.
pub(crate) fn clean_stale_staging(root: &Path) -> usize {
    let base = root.join(super::STAGING);
    let Ok(entries) = fs::read_dir(&base) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let dir = entry.path();
        if staging_is_stale(&dir) && fs::remove_dir_all(&dir).is_ok() {
            removed += 1;
        }
    }
    let _ = fs::remove_dir(&base);
    removed
}

/// Add `inputs` to the corpus. Extraction runs in parallel without the lock; `on_progress`
/// is called once per input as it finishes. Returns one result per input, in input order.
/// `Err` only for problems with the corpus itself (locked, unwritable, damaged catalogue), in
/// which case nothing was changed.
pub fn add(
    corpus: &mut Corpus,
    inputs: &[Input],
    opts: &AddOptions,
    derived: &dyn super::Derived,
    on_progress: &(dyn Fn() + Sync),
) -> Result<AddReport> {
    let staging = if opts.dry_run {
        Staging::outside()?
    } else {
        corpus.ensure_layout()?;
        Staging::create(corpus.root())?
    };
    let known: std::collections::HashSet<DocId> =
        corpus.documents().iter().map(|d| d.id.clone()).collect();

    let prepared: Vec<Prepared> = inputs
        .par_iter()
        .enumerate()
        .map(|(i, input)| {
            let p = prepare(i, input, &known, &staging.dir, opts);
            on_progress();
            p
        })
        .collect();

    let _lock = if opts.dry_run {
        None
    } else {
        let lock = corpus.lock()?;
        corpus.reload()?;
        clean_stale_staging(corpus.root());
        Some(lock)
    };
    let mut docs = corpus.documents().to_vec();
    let mut by_id: HashMap<DocId, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    let mut changed = false;
    let mut moved = false;
    let mut results = Vec::with_capacity(inputs.len());
    let pause = commit_pause();
    let mut placed_count = 0usize;
    for (input, prep) in inputs.iter().zip(prepared) {
        let outcome = match prep {
            Prepared::Failed(msg) => Outcome::Failed(msg),
            Prepared::NoText => Outcome::NoText,
            Prepared::Known(id) => match by_id.get(&id) {
                Some(&i) => update_existing(&mut docs[i], &input.meta, &mut changed),
                None => Outcome::Failed(
                    "it was removed by another efrh command while this one ran; run the same \
                     add again"
                        .into(),
                ),
            },
            Prepared::New(staged) => {
                let id = staged.doc.id.clone();
                if let Some(&i) = by_id.get(&id) {
                    // Added meanwhile, by another process or by an earlier input of this run.
                    update_existing(&mut docs[i], &input.meta, &mut changed)
                } else if opts.dry_run {
                    by_id.insert(id.clone(), docs.len());
                    let quality = staged.doc.quality.clone();
                    docs.push(staged.doc);
                    if staged.needs_ocr {
                        Outcome::AddedNeedsOcr { id }
                    } else {
                        Outcome::Added { id, quality }
                    }
                } else {
                    let placed = place(corpus, &staged);
                    placed_count += 1;
                    crash_point(CrashPoint::Placed(placed_count));
                    if let Some(p) = pause {
                        std::thread::sleep(p);
                    }
                    match placed {
                        Ok(()) => {
                            moved = true;
                            changed = true;
                            by_id.insert(id.clone(), docs.len());
                            let quality = staged.doc.quality.clone();
                            docs.push(staged.doc);
                            if staged.needs_ocr {
                                Outcome::AddedNeedsOcr { id }
                            } else {
                                Outcome::Added { id, quality }
                            }
                        }
                        Err(e) => Outcome::Failed(format!("could not store it: {e}")),
                    }
                }
            }
        };
        results.push(FileResult {
            label: input.label(),
            outcome,
        });
    }
    if moved {
        sync_dir(&corpus.root().join("pdf"))?;
        sync_dir(&corpus.root().join("text"))?;
    }
    let mut index_problem = None;
    if changed && !opts.dry_run {
        corpus.save_catalogue(docs)?;
        crash_point(CrashPoint::Catalogue);
        index_problem = derived.sync(corpus).err().map(|e| e.to_string());
    }
    drop(staging);
    Ok(AddReport {
        files: results,
        index_problem,
    })
}

/// Without the `fault-injection` feature (every real build) there is no pause.
#[cfg(not(feature = "fault-injection"))]
fn commit_pause() -> Option<Duration> {
    None
}

/// Test hook: `EFRH_TEST_COMMIT_PAUSE_MS` sleeps after placing each file under the lock, so
/// that the crash tests can land a `kill -9` between the moves and the catalogue write.
#[cfg(feature = "fault-injection")]
fn commit_pause() -> Option<Duration> {
    std::env::var("EFRH_TEST_COMMIT_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_millis)
}

#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "fault-injection"), allow(dead_code))]
enum CrashPoint {
    /// Just after moving the n-th new document's files into place (1-based).
    Placed(usize),
    /// Just after writing the catalogue, before updating the index.
    Catalogue,
}

/// Without the `fault-injection` feature (every real build) there is no crash point.
#[cfg(not(feature = "fault-injection"))]
fn crash_point(_: CrashPoint) {}

/// Test hook: `EFRH_TEST_CRASH_AT=placed:N` or `=catalogue` aborts the process at that point
/// (no destructors, no cleanup: what a `kill -9` or power cut leaves), so the crash tests can
/// hit the exact moments between the locked steps.
#[cfg(feature = "fault-injection")]
fn crash_point(here: CrashPoint) {
    let Ok(want) = std::env::var("EFRH_TEST_CRASH_AT") else {
        return;
    };
    let hit = match want.trim().split_once(':') {
        Some(("placed", n)) => n.parse().ok().map(CrashPoint::Placed) == Some(here),
        _ => want.trim() == "catalogue" && here == CrashPoint::Catalogue,
    };
    if hit {
        std::process::abort();
    }
}

/// Move a staged document's files into `pdf/` and `text/`.
fn place(corpus: &Corpus, staged: &Staged) -> Result<()> {
    let pdf = corpus.pdf_path(&staged.doc.id);
    let text = corpus.text_path(&staged.doc.id);
    fs::rename(&staged.pdf, &pdf).map_err(|e| Error::io(&pdf, e))?;
    fs::rename(&staged.text, &text).map_err(|e| Error::io(&text, e))?;
    Ok(())
}

/// Read, identify, extract and stage one input.
fn prepare(
    i: usize,
    input: &Input,
    known: &std::collections::HashSet<DocId>,
    staging: &Path,
    opts: &AddOptions,
) -> Prepared {
    let bytes = match read_bounded(&input.path, opts.limits.max_file_bytes) {
        Ok(b) => b,
        Err(msg) => return Prepared::Failed(msg),
    };
    let id = DocId::from_bytes(&bytes);
    if known.contains(&id) {
        return Prepared::Known(id);
    }
    let size = bytes.len() as u64;
    let bytes = std::sync::Arc::new(bytes);
    let extraction = match extract_bounded(bytes.clone(), &opts.limits) {
        Ok(x) => x,
        Err(e) => return Prepared::Failed(e.to_string()),
    };
    let pages = extraction.pages.len() as u32;
    let needs_ocr = extraction.quality.needs_ocr(pages);
    if needs_ocr && !opts.allow_no_text {
        return Prepared::NoText;
    }
    let (text_bytes, words) = match stored_text(&extraction) {
        Ok(x) => x,
        Err(e) => return Prepared::Failed(e.to_string()),
    };
    let pdf = staging.join(format!("{i}.pdf"));
    let text = staging.join(format!("{i}.json"));
    if let Err(e) = write_synced(&pdf, &bytes).and_then(|()| write_synced(&text, &text_bytes)) {
        return Prepared::Failed(format!("could not stage it in the corpus: {e}"));
    }
    let file = input
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc = Document {
        id,
        meta: new_meta(&input.meta, &input.path),
        file,
        bytes: size,
        pages,
        words,
        text_sha256: sha256_hex(&text_bytes),
        extractor: extract::VERSION,
        quality: extraction.quality,
    };
    Prepared::New(Box::new(Staged {
        doc,
        pdf,
        text,
        needs_ocr,
    }))
}

/// The stored form of an extraction (`text/<id>.json`) and its word count.
pub(crate) fn stored_text(extraction: &Extraction) -> Result<(Vec<u8>, u64)> {
    let stored = StoredText {
        extractor: extract::VERSION,
        pages: extraction.pages.clone(),
    };
    let mut bytes = serde_json::to_vec_pretty(&stored)
        .map_err(|e| Error::Corpus(format!("could not serialise extracted text: {e}")))?;
    bytes.push(b'\n');
    let words = extraction
        .pages
        .iter()
        .map(|p| crate::normalize::word_count(&p.body))
        .sum();
    Ok((bytes, words))
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Read a file, refusing ones larger than `max` before reading them.
pub(crate) fn read_bounded(path: &Path, max: u64) -> std::result::Result<Vec<u8>, String> {
    let meta = fs::metadata(path).map_err(|e| io_words(&e))?;
    if meta.is_dir() {
        return Err("is a folder, not a PDF file".into());
    }
    if meta.len() > max {
        return Err(ExtractError::TooLarge(format!(
            "{} bytes is more than the {max} byte limit",
            meta.len()
        ))
        .to_string());
    }
    fs::read(path).map_err(|e| io_words(&e))
}

fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied (cannot read it)".into(),
        _ => format!("could not read it: {e}"),
    }
}

/// Run the extractor on a worker thread and give up after `limits.timeout`: a file that makes
/// the PDF parser loop cannot stall the whole run. A panic inside the parser is reported as a
/// damaged file. (An abandoned worker keeps its CPU until the process exits.)
pub(crate) fn extract_bounded(
    bytes: std::sync::Arc<Vec<u8>>,
    limits: &Limits,
) -> std::result::Result<Extraction, ExtractError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let worker_limits = limits.clone();
    let spawned = std::thread::Builder::new()
        .name(EXTRACT_THREAD.into())
        .stack_size(64 << 20)
        .spawn(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                extract::extract(&bytes, &worker_limits)
            }));
            let _ = tx.send(r);
        });
    if spawned.is_err() {
        return Err(ExtractError::Damaged(
            "could not start a worker thread to read it".into(),
        ));
    }
    match rx.recv_timeout(limits.timeout) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(
            ExtractError::Damaged("its structure made the PDF reader fail".into()),
        ),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err(ExtractError::Timeout(limits.timeout.as_secs()))
        }
    }
}

/// Name of extraction worker threads (so a panic hook can keep their panics quiet: they are
/// reported as one `error:` line instead).
pub const EXTRACT_THREAD: &str = "efrh-extract";

/// The metadata of a new document from what was stated.
fn new_meta(spec: &MetaSpec, path: &Path) -> DocMeta {
    let title = spec.title.clone().unwrap_or_else(|| title_from_file(path));
    let take = |f: &Field<String>| match f {
        Field::Set(v) => v.clone(),
        Field::Keep => None,
    };
    DocMeta {
        title,
        nation: spec.nation,
        year: spec.year,
        publisher: take(&spec.publisher),
        kind: take(&spec.kind),
        url: take(&spec.url),
        wave: spec.wave.or(spec.run_wave),
        retrieved: spec.retrieved.clone(),
    }
}

/// `Serious_Violence-strategy.pdf` → `Serious Violence-strategy`.
fn title_from_file(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().replace('_', " ").trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "untitled".into())
}

/// Apply stated metadata to a stored document; say what changed.
fn update_existing(doc: &mut Document, spec: &MetaSpec, changed: &mut bool) -> Outcome {
    let mut changes = Vec::new();
    let m = &mut doc.meta;
    if let Some(t) = &spec.title {
        if &m.title != t {
            changes.push(format!("title {:?} → {:?}", m.title, t));
            m.title = t.clone();
        }
    }
    if m.nation != spec.nation {
        changes.push(format!("nation {} → {}", m.nation, spec.nation));
        m.nation = spec.nation;
    }
    if m.year != spec.year {
        changes.push(format!("year {} → {}", m.year, spec.year));
        m.year = spec.year;
    }
    for (name, field, slot) in [
        ("publisher", &spec.publisher, &mut m.publisher),
        ("kind", &spec.kind, &mut m.kind),
        ("url", &spec.url, &mut m.url),
    ] {
        if let Field::Set(v) = field {
            if slot != v {
                changes.push(format!(
                    "{name} {} → {}",
                    show(slot.as_deref()),
                    show(v.as_deref())
                ));
                *slot = v.clone();
            }
        }
    }
    let wave = spec.wave.or(if m.wave.is_none() {
        spec.run_wave
    } else {
        None
    });
    if let Some(w) = wave {
        if m.wave != Some(w) {
            changes.push(format!(
                "wave {} → {w}",
                m.wave.map_or("(none)".to_string(), |x| x.to_string())
            ));
            m.wave = Some(w);
        }
    }
    if let (None, Some(r)) = (&m.retrieved, &spec.retrieved) {
        changes.push(format!("retrieved (none) → {r}"));
        m.retrieved = Some(r.clone());
    }
    let id = doc.id.clone();
    if changes.is_empty() {
        Outcome::AlreadyPresent { id }
    } else {
        *changed = true;
        Outcome::Updated { id, changes }
    }
}

fn show(v: Option<&str>) -> String {
    v.map_or("(none)".to_string(), |s| format!("{s:?}"))
}

// ---------------------------------------------------------------------------------------------
// Manifests

/// Everything wrong with a manifest: each problem with its line (1 = the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    pub path: PathBuf,
    pub problems: Vec<(Option<u64>, String)>,
}

impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (line, msg)) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match line {
                Some(l) => write!(f, "{}: line {l}: {msg}", self.path.display())?,
                None => write!(f, "{}: {msg}", self.path.display())?,
            }
        }
        Ok(())
    }
}

const REQUIRED: [&str; 4] = ["path", "title", "nation", "year"];
const OPTIONAL: [&str; 4] = ["publisher", "kind", "url", "wave"];

/// Read and validate a whole manifest (CSV with a header: `path,title,nation,year` required,
/// `publisher,kind,url,wave` optional; `path` relative to the manifest's folder). Every bad row
/// is reported; nothing is returned unless every row is good.
pub fn read_manifest(
    path: &Path,
    run_wave: Option<Wave>,
) -> std::result::Result<Vec<Input>, ManifestError> {
    let fail = |line: Option<u64>, msg: String| ManifestError {
        path: path.to_path_buf(),
        problems: vec![(line, msg)],
    };
    let bytes = fs::read(path).map_err(|e| fail(None, io_words(&e)))?;
    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| fail(Some(1), csv_words(&e)))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
        .collect();
    let mut problems = Vec::new();
    let mut col = HashMap::new();
    if names.len() == 1 && (names[0].contains(';') || names[0].contains('\t')) {
        return Err(fail(
            Some(1),
            "the manifest must be comma-separated (this one uses semicolons or tabs); save it \
             as \"CSV UTF-8 (comma delimited)\""
                .into(),
        ));
    }
    for (i, n) in names.iter().enumerate() {
        if !REQUIRED.contains(&n.as_str()) && !OPTIONAL.contains(&n.as_str()) {
            problems.push((
                Some(1),
                format!(
                    "unknown column '{n}' (columns are path, title, nation, year and optionally \
                     publisher, kind, url, wave)"
                ),
            ));
        } else if col.insert(n.clone(), i).is_some() {
            problems.push((Some(1), format!("column '{n}' appears twice")));
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|r| !col.contains_key(*r))
        .collect();
    if !missing.is_empty() {
        problems.push((
            Some(1),
            format!(
                "the header lacks the required column(s) {} (the first line must name the \
                 columns, e.g. path,title,nation,year)",
                missing.join(", ")
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(ManifestError {
            path: path.to_path_buf(),
            problems,
        });
    }
    let optional = |name: &str, rec: &csv::StringRecord| -> Field<String> {
        match col.get(name) {
            None => Field::Keep,
            Some(&i) => Field::Set(rec.get(i).map(str::to_string).filter(|s| !s.is_empty())),
        }
    };
    let mut inputs = Vec::new();
    let mut seen: HashMap<PathBuf, u64> = HashMap::new();
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| line_at(&bytes, p.byte()));
                problems.push((line, csv_words(&e)));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| line_at(&bytes, p.byte()));
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let cell = |name: &str| col.get(name).and_then(|&i| rec.get(i)).unwrap_or("");
        let mut row_problems = Vec::new();
        let rel = cell("path");
        let file = base.join(rel);
        let download = rel.is_empty() && !cell("url").is_empty();
        if rel.is_empty() && !download {
            row_problems.push(
                "the path is empty (give the file's path, or a url to download it from)"
                    .to_string(),
            );
        } else if download {
            // No file: `add` downloads it from the url (an empty path marks that).
        } else if !file.is_file() {
            row_problems.push(format!(
                "file '{rel}' not found (looked for {}; paths are relative to the manifest's \
                 folder)",
                file.display()
            ));
        } else if let Some(prev) = seen.insert(file.clone(), line) {
            row_problems.push(format!("file '{rel}' is already listed on line {prev}"));
        }
        let title = cell("title");
        if title.is_empty() {
            row_problems.push("the title is empty".to_string());
        }
        let nation = cell("nation").parse::<Nation>();
        if let Err(e) = &nation {
            row_problems.push(e.clone());
        }
        let year = cell("year").parse::<Year>();
        if let Err(e) = &year {
            row_problems.push(e.clone());
        }
        let wave = match cell("wave") {
            "" => Ok(None),
            w => w.parse::<Wave>().map(Some),
        };
        if let Err(e) = &wave {
            row_problems.push(e.clone());
        }
        match (nation, year, wave) {
            (Ok(nation), Ok(year), Ok(wave)) if row_problems.is_empty() => {
                inputs.push(Input {
                    path: if download { PathBuf::new() } else { file },
                    meta: MetaSpec {
                        title: Some(title.to_string()),
                        nation,
                        year,
                        publisher: optional("publisher", &rec),
                        kind: optional("kind", &rec),
                        url: optional("url", &rec),
                        wave,
                        run_wave,
                        retrieved: None,
                    },
                    line: Some(line),
                });
            }
            _ => problems.extend(row_problems.into_iter().map(|p| (Some(line), p))),
        }
    }
    if inputs.is_empty() && problems.is_empty() {
        problems.push((None, "the manifest lists no documents".into()));
    }
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(ManifestError {
            path: path.to_path_buf(),
            problems,
        })
    }
}

/// The 1-based line of the record starting at byte `pos`. (The csv crate's own line count is
/// one short for files with CRLF line ends, as spreadsheets on Windows save them; its byte
/// offset may point at the end of the previous line.)
fn line_at(bytes: &[u8], pos: u64) -> u64 {
    let mut at = usize::try_from(pos).unwrap_or(usize::MAX).min(bytes.len());
    while bytes.get(at).is_some_and(|b| *b == b'\r' || *b == b'\n') {
        at += 1;
    }
    1 + bytes
        .get(..at)
        .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) as u64
}

fn csv_words(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} field(s) but the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => {
            "this row is not valid UTF-8 text (save the manifest as UTF-8 CSV)".into()
        }
        _ => format!("cannot read this row: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join("m.csv");
        fs::write(&p, text).expect("write manifest");
        fs::write(dir.join("a.pdf"), b"%PDF-1.4").expect("write a");
        fs::write(dir.join("b.pdf"), b"%PDF-1.4 b").expect("write b");
        p
    }

    #[test]
    fn manifest_good_rows_resolve_paths_and_fields() {
        let dir = tempfile::tempdir().expect("tempdir");
        let m = manifest(
            dir.path(),
            "\u{feff}path,title,nation,year,publisher,wave\r\n\
             a.pdf,A title,Northern Ireland,2017,DoH,\r\n\
             b.pdf,\"B, with comma\",uk,2021,,2022\r\n",
        );
        let inputs = read_manifest(&m, "2020".parse().ok()).expect("valid");
        assert_eq!(inputs.len(), 2);
        assert_eq!(inputs[0].path, dir.path().join("a.pdf"));
        assert_eq!(inputs[0].meta.nation, Nation::NorthernIreland);
        assert_eq!(inputs[0].meta.publisher, Field::Set(Some("DoH".into())));
        assert_eq!(inputs[0].meta.kind, Field::Keep);
        assert_eq!(inputs[0].meta.wave, None);
        assert_eq!(inputs[1].meta.title.as_deref(), Some("B, with comma"));
        assert_eq!(inputs[1].meta.publisher, Field::Set(None));
        assert_eq!(inputs[1].meta.wave.map(Wave::get), Some(2022));
        assert_eq!(inputs[1].line, Some(3));
    }

    #[test]
    fn manifest_problems_name_their_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = "path,title,nation,year\n\
             a.pdf,A,France,2017\n\
             missing.pdf,B,wales,2019\n\
             b.pdf,C,wales,1850\n\
             b.pdf,D,wales,2019,extra\n";
        // Spreadsheets on Windows end lines with CRLF: the same lines must be named.
        let m = manifest(dir.path(), &text.replace('\n', "\r\n"));
        let err = read_manifest(&m, None).expect_err("bad");
        let lines: Vec<Option<u64>> = err.problems.iter().map(|p| p.0).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4), Some(5)], "{err}");
        let m = manifest(dir.path(), text);
        let err = read_manifest(&m, None).expect_err("bad");
        let lines: Vec<Option<u64>> = err.problems.iter().map(|p| p.0).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4), Some(5)], "{err}");
        let text = err.to_string();
        assert!(text.contains("line 2: unknown nation 'France'"), "{text}");
        assert!(
            text.contains("line 3: file 'missing.pdf' not found"),
            "{text}"
        );
        assert!(text.contains("line 4: year 1850 is out of range"), "{text}");
        assert!(text.contains("line 5: this row has 5 field(s)"), "{text}");
    }

    #[test]
    fn manifest_header_is_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let m = manifest(dir.path(), "path,title,yeer\na.pdf,A,2019\n");
        let err = read_manifest(&m, None).expect_err("bad header");
        let text = err.to_string();
        assert!(text.contains("line 1: unknown column 'yeer'"), "{text}");
        assert!(text.contains("nation, year"), "{text}");
        let m = manifest(dir.path(), "path;title;nation;year\na.pdf;A;wales;2019\n");
        let err = read_manifest(&m, None).expect_err("semicolons");
        assert!(err.to_string().contains("comma-separated"), "{err}");
        let m = manifest(dir.path(), "path,title,nation,year\n");
        let err = read_manifest(&m, None).expect_err("empty");
        assert!(err.to_string().contains("lists no documents"), "{err}");
    }

    #[test]
    fn update_replaces_stated_fields_and_keeps_the_first_wave() {
        let meta = MetaSpec {
            title: Some("Old".into()),
            nation: Nation::Wales,
            year: Year::new(2019).expect("year"),
            publisher: Field::Set(Some("WG".into())),
            kind: Field::Keep,
            url: Field::Keep,
            wave: None,
            run_wave: "2020".parse().ok(),
            retrieved: None,
        };
        let mut doc = Document {
            id: DocId::from_bytes(b"x"),
            meta: new_meta(&meta, Path::new("x.pdf")),
            file: "x.pdf".into(),
            bytes: 1,
            pages: 1,
            words: 1,
            text_sha256: String::new(),
            extractor: 1,
            quality: Default::default(),
        };
        doc.meta.kind = Some("guidance".into());
        let mut changed = false;
        let same = update_existing(&mut doc, &meta, &mut changed);
        assert!(matches!(same, Outcome::AlreadyPresent { .. }));
        assert!(!changed);

        let fix = MetaSpec {
            title: Some("New".into()),
            year: Year::new(2020).expect("year"),
            run_wave: "2022".parse().ok(),
            ..meta.clone()
        };
        let out = update_existing(&mut doc, &fix, &mut changed);
        let Outcome::Updated { changes, .. } = out else {
            panic!("expected an update, got {out:?}");
        };
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert!(changed);
        assert_eq!(doc.meta.title, "New");
        assert_eq!(doc.meta.wave.map(Wave::get), Some(2020), "first wave kept");
        assert_eq!(doc.meta.kind.as_deref(), Some("guidance"), "unstated kept");

        let rewave = MetaSpec {
            wave: "2022".parse().ok(),
            ..fix
        };
        update_existing(&mut doc, &rewave, &mut changed);
        assert_eq!(
            doc.meta.wave.map(Wave::get),
            Some(2022),
            "stated wave replaces"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Any bytes, with or without a valid header in front: an answer, never a panic, and
        /// every problem names a line within the file.
        #[test]
        fn any_manifest_bytes_are_answered_without_panic(
            header in proptest::bool::ANY,
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        ) {
            let dir = tempfile::tempdir().expect("tempdir");
            let mut text = if header { b"path,title,nation,year,wave\n".to_vec() } else { Vec::new() };
            text.extend_from_slice(&body);
            let lines = text.iter().filter(|b| **b == b'\n').count() as u64 + 1;
            let p = dir.path().join("m.csv");
            fs::write(&p, &text).expect("write");
            if let Err(e) = read_manifest(&p, None) {
                for (line, _) in &e.problems {
                    proptest::prop_assert!(line.is_none_or(|l| (1..=lines).contains(&l)), "{e}");
                }
            }
        }
    }

    #[test]
    fn extraction_is_abandoned_after_the_time_limit() {
        let pages: Vec<Vec<String>> = (0..400)
            .map(|i| crate::pdfwrite::wrap(&format!("page {i} ").repeat(200), 80))
            .collect();
        let pdf = crate::pdfwrite::text_pdf(&pages, &crate::pdfwrite::Options::default());
        let limits = Limits {
            timeout: Duration::from_millis(1),
            ..Limits::default()
        };
        let start = std::time::Instant::now();
        let r = extract_bounded(pdf.into(), &limits);
        assert!(
            matches!(r, Err(ExtractError::Timeout(_))),
            "{:?}",
            r.map(|_| ())
        );
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn bounded_extraction_reports_bad_files_in_words() {
        let limits = Limits::default();
        assert_eq!(
            extract_bounded(Vec::new().into(), &limits).map(|_| ()),
            Err(ExtractError::Empty)
        );
        assert_eq!(
            extract_bounded(b"hello, not a pdf".to_vec().into(), &limits).map(|_| ()),
            Err(ExtractError::NotPdf)
        );
    }
}
