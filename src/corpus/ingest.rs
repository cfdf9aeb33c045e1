//! Adding documents: read each file, identify it by content, extract its text (in parallel,
//! outside the lock, each file bounded in time), stage the results, then — under the corpus
//! lock — move the staged files into place and write the catalogue once.
//!
//! Crash safety: staged files live in `.staging/<run>/` until the lock is held; they are moved
//! into `pdf/` and `text/` by rename, and only then is the catalogue replaced (atomically). A
//! crash before the catalogue write leaves at most files that no catalogue record names, which
//! every reader ignores and a re-run simply replaces.
//!
//! Reading manifests lives in [`super::manifest`]; how stated metadata becomes or corrects a
//! record (what is kept, what replaced, the wave rule) in [`super::metadata`]. Two inputs of
//! one run that turn out to be the same document (same bytes) must say the same about it,
//! else the run is refused before anything changes.

pub use super::manifest::{read_manifest, Manifest, ManifestError};
pub use super::metadata::{Field, MetaSpec};

use super::atomic::{sync_dir, write_synced};
use super::metadata::{new_meta, update_existing};
use super::{Corpus, StoredText};
use crate::error::{Error, Result};
use crate::extract::{self, ExtractError, Extraction, Limits};
use crate::model::{DocId, Document};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Duration;

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

    /// The file name the catalogue records for it.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
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
    /// The manifest the inputs came from (named in messages about its lines).
    pub manifest: Option<PathBuf>,
    /// Read pages without a text layer by OCR (`add --ocr`).
    pub ocr: Option<crate::ocr::Ocr>,
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
    /// `stored_as`: the file name the document was stored under, when it differs from this
    /// input's (the same file under another name updates that record).
    Updated {
        id: DocId,
        stored_as: Option<String>,
        changes: Vec<String>,
    },
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

    refuse_disagreeing_duplicates(inputs, &prepared, opts)?;

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
                Some(&i) => {
                    update_existing(&mut docs[i], &input.meta, &input.file_name(), &mut changed)
                }
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
                    update_existing(&mut docs[i], &input.meta, &input.file_name(), &mut changed)
                } else if opts.dry_run {
                    catalogue(&mut docs, &mut by_id, *staged)
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
                            catalogue(&mut docs, &mut by_id, *staged)
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

/// Two inputs that are one document (same bytes) and say different things about it: refuse
/// the run, naming both (the last would silently win otherwise). Inputs that agree are fine:
/// the first adds, the others find it present.
fn refuse_disagreeing_duplicates(
    inputs: &[Input],
    prepared: &[Prepared],
    opts: &AddOptions,
) -> Result<()> {
    let mut first: HashMap<&DocId, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (i, prep) in prepared.iter().enumerate() {
        let id = match prep {
            Prepared::New(s) => &s.doc.id,
            Prepared::Known(id) => id,
            Prepared::NoText | Prepared::Failed(_) => continue,
        };
        let Some(&j) = first.get(id) else {
            first.insert(id, i);
            continue;
        };
        let (Some(a), Some(b)) = (inputs.get(j), inputs.get(i)) else {
            continue;
        };
        let diff = a.meta.disagreements(&b.meta);
        if diff.is_empty() {
            continue;
        }
        let name = |x: &Input| match x.line {
            Some(l) => format!("line {l} ({})", x.label()),
            None => x.label(),
        };
        problems.push(format!(
            "{} and {} are the same document (the same bytes, id {id}) but disagree: {}; \
             list it once, or make the rows agree",
            name(a),
            name(b),
            diff.join("; ")
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    let message = problems.join("\n");
    Err(match &opts.manifest {
        Some(path) => Error::Config {
            path: path.clone(),
            message,
        },
        None => Error::Usage(message),
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
pub(crate) enum CrashPoint {
    /// A new corpus's catalogue is written in its preparation folder, not yet renamed into place.
    Creating,
    /// Just after moving the n-th new document's files into place (1-based).
    Placed(usize),
    /// Just after writing the catalogue, before updating the index.
    Catalogue,
}

/// Without the `fault-injection` feature (every real build) there is no crash point.
#[cfg(not(feature = "fault-injection"))]
pub(crate) fn crash_point(_: CrashPoint) {}

/// Test hook: `EFRH_TEST_CRASH_AT=placed:N`, `=catalogue` or `=creating` aborts the process at that point
/// (no destructors, no cleanup: what a `kill -9` or power cut leaves), so the crash tests can
/// hit the exact moments between the locked steps.
#[cfg(feature = "fault-injection")]
pub(crate) fn crash_point(here: CrashPoint) {
    let Ok(want) = std::env::var("EFRH_TEST_CRASH_AT") else {
        return;
    };
    let hit = match want.trim().split_once(':') {
        Some(("placed", n)) => n.parse().ok().map(CrashPoint::Placed) == Some(here),
        _ => match want.trim() {
            "catalogue" => here == CrashPoint::Catalogue,
            "creating" => here == CrashPoint::Creating,
            _ => false,
        },
    };
    if hit {
        std::process::abort();
    }
}

/// Enter a new document's record into the catalogue being built (`docs`, indexed by
/// `by_id`): what the summary says of it.
fn catalogue(
    docs: &mut Vec<Document>,
    by_id: &mut HashMap<DocId, usize>,
    staged: Staged,
) -> Outcome {
    let id = staged.doc.id.clone();
    by_id.insert(id.clone(), docs.len());
    let quality = staged.doc.quality.clone();
    docs.push(staged.doc);
    if staged.needs_ocr {
        Outcome::AddedNeedsOcr { id }
    } else {
        Outcome::Added { id, quality }
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
    let mut extraction = match extract_bounded(bytes.clone(), &opts.limits) {
        Ok(x) => x,
        Err(e) => return Prepared::Failed(e.to_string()),
    };
    if let Some(ocr) = &opts.ocr {
        ocr_empty_pages(
            ocr,
            &bytes,
            &mut extraction,
            &staging.join(format!("{i}-ocr")),
        );
    }
    let pages = extraction.pages.len() as u32;
    let needs_ocr = extraction.quality.needs_ocr(pages);
    if needs_ocr && !opts.allow_no_text {
        return Prepared::NoText;
    }
    let (text_bytes, (words, words_by_language)) = match stored_text(&extraction) {
        Ok(x) => x,
        Err(e) => return Prepared::Failed(e.to_string()),
    };
    let pdf = staging.join(format!("{i}.pdf"));
    let text = staging.join(format!("{i}.json"));
    if let Err(e) = write_synced(&pdf, &bytes).and_then(|()| write_synced(&text, &text_bytes)) {
        return Prepared::Failed(format!("could not stage it in the corpus: {e}"));
    }
    let file = input.file_name();
    let doc = Document {
        id,
        meta: new_meta(&input.meta, &input.path),
        file,
        bytes: size,
        pages,
        words,
        words_by_language,
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

/// Read the pages of `extraction` that have no text layer by OCR (in `work`, removed after).
/// A page OCR could not read stays empty and is listed as failed.
pub(crate) fn ocr_empty_pages(
    ocr: &crate::ocr::Ocr,
    pdf: &[u8],
    extraction: &mut Extraction,
    work: &Path,
) {
    let q = &mut extraction.quality;
    let problems = crate::ocr::fill_empty_pages(ocr, pdf, &mut extraction.pages, q, work);
    if !problems.is_empty() {
        let failed = problems.iter().map(|(n, _)| *n).filter(|n| *n > 0);
        q.failed_pages.extend(failed);
        q.failed_pages.sort_unstable();
        q.failed_pages.dedup();
    }
}

/// Words in the default language, and per language (see `Document::words_by_language`).
pub(crate) type WordCounts = (u64, std::collections::BTreeMap<crate::language::Lang, u64>);

/// The stored form of an extraction (`text/<id>.json`), each paragraph's language detected,
/// and its word counts.
pub(crate) fn stored_text(extraction: &Extraction) -> Result<(Vec<u8>, WordCounts)> {
    let mut pages = extraction.pages.clone();
    crate::language::annotate(&mut pages);
    let stored = StoredText {
        extractor: extract::VERSION,
        pages,
    };
    let mut bytes = serde_json::to_vec_pretty(&stored)
        .map_err(|e| Error::Corpus(format!("could not serialise extracted text: {e}")))?;
    bytes.push(b'\n');
    let by_language = crate::language::word_counts(&stored.pages);
    let words = by_language
        .get(&crate::language::Lang::DEFAULT)
        .copied()
        .unwrap_or(0);
    Ok((bytes, (words, by_language)))
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

pub(crate) fn io_words(e: &std::io::Error) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
