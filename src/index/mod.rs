//! The full-text index of pages, kept in `<corpus>/index/` (derived data, rebuildable). The
//! only module that knows tantivy.
//!
//! - [`tokenize`]: how text becomes terms (case-insensitive, hyphens split, line-end
//!   hyphenation read both ways, optional English stemming).
//! - [`schema`]: one tantivy document per page, with the document's metadata.
//! - [`query`]: the query language (`efrh search`), parsed into [`Expr`] and then into a
//!   tantivy query.
//! - [`snippet`]: the marked window of text shown with each hit.
//! - `readonly`: the lock-free, write-free view of the index folder used for searching.
//!
//! **Agreement with the catalogue.** Every commit stores, atomically with the index (the
//! tantivy commit payload), the state it was built from: the index format, the catalogue's
//! hash (so a reader knows in O(1), with [`open_sealed`], that the index agrees) and, in a
//! file beside it that the payload names, for each document id a hash of its catalogue
//! record (metadata, text hash, extractor version) and its page count. [`sync`] compares that state with the catalogue and indexes or deletes
//! only the documents that differ, so adding one document to a corpus of thousands costs
//! one document. A missing, damaged or outdated index is rebuilt by [`sync`] rather than
//! being an error. [`open`] tells a reader whether the index is fresh. Page headers and
//! footers (page furniture) are not indexed.

mod query;
mod readonly;
mod schema;
mod snippet;
mod tokenize;

pub use query::{Expr, Query, QueryError, FIELDS};
pub use snippet::{snippet, snippet_with_next, Marks};

use crate::corpus::Corpus;
use crate::error::Error;
use crate::model::{DocId, Document};
use crate::Result;
use rayon::prelude::*;
use schema::Fields;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::schema::Value;
use tantivy::{IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Name of the index folder inside the corpus.
pub const DIR: &str = "index";

/// Indexing memory per writer thread (tantivy needs at least 15 MB).
const WRITER_MEMORY_PER_THREAD: usize = 48 * 1024 * 1024;

/// What the index was built from (stored as the payload of every commit).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct State {
    format: u32,
    /// [`Corpus::catalogue_hash`] of the catalogue this state was built from (empty in
    /// indexes written before it was recorded): the same hash now means the index agrees,
    /// known without hashing every record.
    #[serde(default)]
    catalogue: String,
    /// The documents whose `error` is set (a copy, so a reader need not read `docs`).
    #[serde(default)]
    unsearchable: Vec<(DocId, String)>,
    /// The file of the index folder holding `docs` (see [`DOCS_FILE`]); `None` in indexes
    /// written before, whose payload holds `docs` itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    docs_file: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    docs: BTreeMap<DocId, DocState>,
}

/// The per-document part of each commit's [`State`] is kept beside the index in a file
/// named `efrh-state-<hash of its bytes>.json`, written before the commit that names it and
/// removed after the next one, not in the commit payload: tantivy parses `meta.json`, payload
/// and all, several times whenever the index is opened (1.3 MB at 20,000 documents), and a
/// search of an up-to-date index needs only the head.
const DOCS_FILE: &str = "efrh-state-";

/// The largest state file that is read (far above the ~100 bytes a document takes): a
/// payload naming anything bigger is damaged, and reading it could exhaust memory.
const MAX_DOCS_FILE: u64 = 256 * 1024 * 1024;

/// True when `name` is a state file name as [`docs_file_name`] makes them:
/// `efrh-state-` and 16 lowercase hexadecimal digits, `.json` (so a file of the index folder).
fn is_docs_file_name(name: &str) -> bool {
    name.strip_prefix(DOCS_FILE)
        .and_then(|rest| rest.strip_suffix(".json"))
        .is_some_and(|hex| {
            hex.len() == 16 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
}

/// The state file `name` of the index folder `dir`, when it is one: a name efrh writes, a
/// regular file (not a link, device or folder), not larger than [`MAX_DOCS_FILE`]. Its bytes,
/// or why it cannot be used.
fn read_docs_file(dir: &Path, name: &str) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    if !is_docs_file_name(name) {
        return Err("its commit names no valid state file".into());
    }
    let path = dir.join(name);
    let meta = std::fs::symlink_metadata(&path)
        .map_err(|_| format!("it was not completely written (its state file {name} is missing)"))?;
    if !meta.is_file() {
        return Err(format!("its state file {name} is not a regular file"));
    }
    if meta.len() > MAX_DOCS_FILE {
        return Err(format!("its state file {name} is damaged (too large)"));
    }
    let unreadable = |e: std::io::Error| format!("its state file {name} cannot be read ({e})");
    let file = std::fs::File::open(&path).map_err(unreadable)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_DOCS_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_DOCS_FILE {
        return Err(format!("its state file {name} is damaged (too large)"));
    }
    Ok(bytes)
}

/// The part of a [`State`] a reader needs when the catalogue has not changed: read without
/// building the per-document map (serde skips it), so opening a fresh index costs the same at
/// 20 and at 20,000 documents.
#[derive(Debug, Deserialize)]
struct StateHead {
    format: u32,
    #[serde(default)]
    catalogue: String,
    #[serde(default)]
    unsearchable: Vec<(DocId, String)>,
    #[serde(default)]
    docs_file: Option<String>,
}

impl StateHead {
    /// True when this head says the index was committed for the catalogue whose hash is
    /// `catalogue`. A payload that still holds the per-document states itself (written by
    /// an older efrh) never does: [`update`] then commits it again in the current form, once.
    fn sealed_for(&self, catalogue: &str) -> bool {
        self.docs_file.as_deref().is_some_and(is_docs_file_name)
            && !self.catalogue.is_empty()
            && self.catalogue == catalogue
    }
}

impl State {
    /// Record the catalogue this state now agrees with, and the unsearchable documents.
    fn seal(&mut self, corpus: &Corpus) {
        self.catalogue = corpus.catalogue_hash().to_string();
        self.unsearchable = self
            .docs
            .iter()
            .filter_map(|(id, s)| s.error.clone().map(|e| (id.clone(), e)))
            .collect();
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct DocState {
    /// [`record_hash`] of the catalogue record that was indexed.
    hash: String,
    /// Pages indexed.
    pages: u32,
    /// Why the document's text could not be indexed (then `pages` is 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// A hash of everything in a catalogue record that the index depends on (all of it).
fn record_hash(doc: &Document) -> String {
    use sha2::Digest;
    let json = serde_json::to_vec(doc).unwrap_or_default();
    let digest = sha2::Sha256::digest(&json);
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Run `f`, turning a panic inside tantivy (it can panic on damaged index files, e.g. a
/// truncated segment) into an error, without printing a panic message.
fn guarded<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    result.map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unreadable data".into());
        format!("damaged files: {what}")
    })
}

fn index_dir(corpus: &Corpus) -> PathBuf {
    corpus.root().join(DIR)
}

fn damaged(e: impl std::fmt::Display) -> Error {
    Error::Corpus(format!(
        "the search index is damaged ({e}); run `efrh reindex` to rebuild it"
    ))
}

/// An index folder that opened and carries a state of this format.
struct Existing {
    index: tantivy::Index,
    /// The index folder.
    dir: PathBuf,
    fields: Fields,
    head: StateHead,
    /// The commit payload (the whole [`State`]), parsed by [`Existing::state`] when needed.
    payload: String,
}

impl Existing {
    /// True when the index was committed for exactly this catalogue (an O(1) check).
    fn agrees_with(&self, corpus: &Corpus) -> bool {
        self.head.sealed_for(corpus.catalogue_hash())
    }

    /// True when the state file the commit names is there (a regular file of a size that
    /// can be read; an O(1) look that does not read it): without it the commit's seal is not
    /// believed, and [`update`] reads the state, finds it missing and rebuilds.
    fn has_docs_file(&self) -> bool {
        self.head.docs_file.as_deref().is_some_and(|name| {
            is_docs_file_name(name)
                && std::fs::symlink_metadata(self.dir.join(name))
                    .is_ok_and(|m| m.is_file() && m.len() <= MAX_DOCS_FILE)
        })
    }

    /// The whole state (per-document hashes): read only when the catalogue changed.
    fn state(&self) -> std::result::Result<State, String> {
        let unwritten = || "it was not completely written".to_string();
        let mut state: State = serde_json::from_str(&self.payload).map_err(|_| unwritten())?;
        match &state.docs_file {
            Some(name) => {
                let bytes = read_docs_file(&self.dir, name)?;
                if docs_file_name(&bytes) != *name {
                    return Err(format!("its state file {name} is damaged"));
                }
                state.docs = serde_json::from_slice(&bytes).map_err(|_| unwritten())?;
            }
            None => {
                // A payload from before the states moved out holds them itself, always
                // (`docs`, perhaps empty); one with neither is not a whole commit, and
                // reading it as "no document indexed" would index every page again.
                #[derive(Deserialize)]
                struct Inline {
                    docs: Option<BTreeMap<DocId, DocState>>,
                }
                let inline: Inline =
                    serde_json::from_str(&self.payload).map_err(|_| unwritten())?;
                state.docs = inline.docs.ok_or_else(unwritten)?;
            }
        }
        Ok(state)
    }
}

/// How an existing index is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// For searching and checking: no lock file, no writes (see `readonly`).
    Read,
    /// For updating.
    Write,
}

/// Open the index in `dir`, or say in words why it cannot be used as it is.
fn open_existing(dir: &Path, access: Access) -> std::result::Result<Existing, String> {
    guarded(|| open_existing_unguarded(dir, access)).and_then(|r| r)
}

fn open_existing_unguarded(dir: &Path, access: Access) -> std::result::Result<Existing, String> {
    if !dir.join("meta.json").is_file() {
        return Err("there is no search index yet".into());
    }
    let opened = match access {
        Access::Read => tantivy::Index::open(readonly::ReadOnlyDirectory::open(dir)?),
        Access::Write => tantivy::Index::open_in_dir(dir),
    };
    let mut index = opened.map_err(|e| format!("it cannot be opened: {e}"))?;
    if access == Access::Read {
        // Segments are searched on every core (a large corpus has several); a pool that
        // cannot be made leaves the single-threaded search.
        let _ = index.set_default_multithread_executor();
    }
    let (schema, fields) = schema::build();
    if index.schema() != schema {
        return Err("it was built by another version of efrh".into());
    }
    for (name, analyzer) in tokenize::all_analyzers() {
        index.tokenizers().register(name, analyzer);
    }
    let metas = index
        .load_metas()
        .map_err(|e| format!("its metadata cannot be read: {e}"))?;
    let payload = metas.payload.ok_or("it was not completely written")?;
    let head: StateHead =
        serde_json::from_str(&payload).map_err(|_| "it was not completely written")?;
    if head.format != schema::FORMAT {
        return Err("it was built by another version of efrh".into());
    }
    Ok(Existing {
        index,
        dir: dir.to_path_buf(),
        fields,
        head,
        payload,
    })
}

/// What differs between an index state and the catalogue.
struct Diff<'a> {
    add: Vec<&'a Document>,
    remove: Vec<DocId>,
}

fn diff<'a>(state: &State, corpus: &'a Corpus) -> Diff<'a> {
    let mut add = Vec::new();
    let mut wanted = std::collections::HashSet::new();
    for doc in corpus.documents() {
        wanted.insert(&doc.id);
        match state.docs.get(&doc.id) {
            Some(s) if s.hash == record_hash(doc) => {}
            _ => add.push(doc),
        }
    }
    // A changed record is deleted and indexed again.
    let mut remove: Vec<DocId> = state
        .docs
        .keys()
        .filter(|id| !wanted.contains(id))
        .cloned()
        .collect();
    remove.extend(
        add.iter()
            .filter(|d| state.docs.contains_key(&d.id))
            .map(|d| d.id.clone()),
    );
    Diff { add, remove }
}

impl Diff<'_> {
    fn is_empty(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty()
    }

    fn describe(&self) -> String {
        let docs = |n: usize| {
            if n == 1 {
                "1 document".to_string()
            } else {
                format!("{n} documents")
            }
        };
        let removed: std::collections::HashSet<&DocId> = self.remove.iter().collect();
        let changed = self.add.iter().filter(|d| removed.contains(&d.id)).count();
        let mut parts = Vec::new();
        if self.add.len() > changed {
            parts.push(format!("{} not indexed", docs(self.add.len() - changed)));
        }
        if changed > 0 {
            parts.push(format!("{} changed since indexing", docs(changed)));
        }
        if self.remove.len() > changed {
            parts.push(format!(
                "{} removed but still indexed",
                docs(self.remove.len() - changed)
            ));
        }
        parts.join(", ")
    }
}

/// What [`update`] did.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// The index was (re)built from scratch.
    pub rebuilt: bool,
    /// Why it was rebuilt, when it was.
    pub rebuild_reason: Option<String>,
    pub added: usize,
    pub removed: usize,
    /// Documents whose stored text could not be read, with the reason; not searchable.
    pub failed: Vec<(DocId, String)>,
}

impl SyncReport {
    fn into_result(self) -> Result<()> {
        if self.failed.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = self
            .failed
            .iter()
            .map(|(id, why)| format!("{id}: {why}"))
            .collect();
        Err(Error::Corpus(format!(
            "{} documents could not be indexed for search: {}",
            self.failed.len(),
            list.join("; ")
        )))
    }
}

/// The index as the store's derived data: pass `&KeepInStep` to the store's writers
/// (`ingest::add`, `Corpus::remove`, `Corpus::reindex`), which call it under the lock.
pub struct KeepInStep;

impl crate::corpus::Derived for KeepInStep {
    fn sync(&self, corpus: &Corpus) -> Result<()> {
        sync(corpus)
    }
    fn rebuild(&self, corpus: &Corpus) -> Result<()> {
        rebuild(corpus)
    }
}

/// Make the index agree with the catalogue: index documents it lacks, delete ones the
/// catalogue no longer has, re-index ones whose catalogue record changed. Rebuilds from
/// scratch when the index is missing or damaged. Call with the corpus lock held.
/// Documents whose text cannot be read are left out and make this an error (after the
/// others are indexed).
pub fn sync(corpus: &Corpus) -> Result<()> {
    update(corpus)?.into_result()
}

/// Throw the index away and build it again from the stored page texts.
/// Call with the corpus lock held.
pub fn rebuild(corpus: &Corpus) -> Result<()> {
    rebuild_report(corpus, None)?.into_result()
}

/// [`sync`], reporting what was done (unreadable texts are in the report, not an error).
pub fn update(corpus: &Corpus) -> Result<SyncReport> {
    let existing = match open_existing(&index_dir(corpus), Access::Write) {
        Ok(e) => e,
        Err(why) => return rebuild_report(corpus, Some(why)),
    };
    // The seal is believed only with the state file it names beside it (else the state is
    // read below, found missing, and the index rebuilt).
    if existing.agrees_with(corpus) && existing.has_docs_file() {
        return Ok(SyncReport::default());
    }
    let state = match existing.state() {
        Ok(s) => s,
        Err(why) => return rebuild_report(corpus, Some(why)),
    };
    let d = diff(&state, corpus);
    if d.is_empty() {
        // Agrees record by record (e.g. an index written before the catalogue's hash was
        // recorded): record the hash so the next reader knows in O(1).
        let attempt = guarded(|| reseal(&existing, state, corpus))
            .unwrap_or_else(|why| Err(IncrementalError::Damaged(why)));
        return match attempt {
            Ok(()) => Ok(SyncReport::default()),
            Err(IncrementalError::Other(e)) => Err(e),
            Err(IncrementalError::Damaged(why)) => rebuild_report(corpus, Some(why)),
            Err(IncrementalError::Index(e)) => rebuild_report(corpus, Some(e.to_string())),
        };
    }
    let attempt = guarded(|| incremental(corpus, &existing, state, &d))
        .unwrap_or_else(|why| Err(IncrementalError::Damaged(why)));
    match attempt {
        Ok(report) => Ok(report),
        Err(IncrementalError::Damaged(why)) => rebuild_report(corpus, Some(why)),
        // A writer that cannot work with the files it finds: start again.
        Err(IncrementalError::Index(e)) => rebuild_report(corpus, Some(e.to_string())),
        Err(IncrementalError::Other(e)) => Err(e),
    }
}

enum IncrementalError {
    Index(tantivy::TantivyError),
    Damaged(String),
    Other(Error),
}

impl From<tantivy::TantivyError> for IncrementalError {
    fn from(e: tantivy::TantivyError) -> Self {
        match e {
            tantivy::TantivyError::LockFailure(..) => IncrementalError::Other(Error::Corpus(
                "the search index is being updated by another efrh process; try again when it \
                 has finished"
                    .into(),
            )),
            e => IncrementalError::Index(e),
        }
    }
}

/// Commit the same index again with a state that records the catalogue's hash.
fn reseal(
    existing: &Existing,
    mut state: State,
    corpus: &Corpus,
) -> std::result::Result<(), IncrementalError> {
    let mut writer: IndexWriter<TantivyDocument> = existing
        .index
        .writer_with_num_threads(1, WRITER_MEMORY_PER_THREAD)?;
    state.seal(corpus);
    commit(&mut writer, &state, &existing.dir)?;
    writer.wait_merging_threads()?;
    Ok(())
}

fn incremental(
    corpus: &Corpus,
    existing: &Existing,
    mut state: State,
    d: &Diff,
) -> std::result::Result<SyncReport, IncrementalError> {
    let fields = &existing.fields;
    // One writer thread for a few documents (the usual `add`); more for a large batch.
    let threads = if d.add.len() > 8 { writer_threads() } else { 1 };
    let mut writer: IndexWriter<TantivyDocument> = existing
        .index
        .writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)?;
    writer.set_merge_policy(Box::new(incremental_merge_policy()));
    let mut report = SyncReport::default();
    for id in &d.remove {
        writer.delete_term(Term::from_field_text(fields.id, id.as_str()));
        state.docs.remove(id);
        report.removed += 1;
    }
    // Whatever the state says, no page of a document indexed now is left in the index from
    // before (a state that lost a document must not make its pages appear twice). A delete
    // applies only to pages added before it, so not to those added below.
    for doc in &d.add {
        if !state.docs.contains_key(&doc.id) {
            writer.delete_term(Term::from_field_text(fields.id, doc.id.as_str()));
        }
    }
    for (id, entry) in add_documents(&writer, fields, corpus, &d.add, &mut report)? {
        state.docs.insert(id, entry);
    }
    state.seal(corpus);
    commit(&mut writer, &state, &existing.dir)?;
    writer.wait_merging_threads()?;
    Ok(report)
}

/// Each incremental update adds a small segment. tantivy's default policy treats every
/// segment under 10,000 pages as one size, so an `add` could end up merging the big
/// segments of the last rebuild (seconds). Here segments are merged only with others of
/// similar size from 100 pages up: a merge after an `add` involves small segments only.
fn incremental_merge_policy() -> tantivy::indexer::LogMergePolicy {
    let mut policy = tantivy::indexer::LogMergePolicy::default();
    policy.set_min_layer_size(100);
    policy
}

fn writer_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
}

/// Add every page of `docs` to the writer (texts read in parallel); the state entries to
/// record for them.
fn add_documents(
    writer: &IndexWriter<TantivyDocument>,
    fields: &Fields,
    corpus: &Corpus,
    docs: &[&Document],
    report: &mut SyncReport,
) -> tantivy::Result<Vec<(DocId, DocState)>> {
    let results: Vec<(DocId, tantivy::Result<DocState>, SyncReport)> = docs
        .par_iter()
        .map(|doc| {
            let mut r = SyncReport::default();
            let s = index_document(writer, fields, corpus, doc, &mut r);
            (doc.id.clone(), s, r)
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for (id, s, r) in results {
        out.push((id, s?));
        report.added += r.added;
        report.failed.extend(r.failed);
    }
    Ok(out)
}

/// Add every page of `doc` to the writer; the state entry to record for it.
fn index_document(
    writer: &IndexWriter<TantivyDocument>,
    fields: &Fields,
    corpus: &Corpus,
    doc: &Document,
    report: &mut SyncReport,
) -> tantivy::Result<DocState> {
    let hash = record_hash(doc);
    match corpus.load_pages(&doc.id) {
        Ok(pages) => {
            for page in schema::page_docs(fields, doc, &pages) {
                writer.add_document(page)?;
            }
            report.added += 1;
            Ok(DocState {
                hash,
                pages: pages.len() as u32,
                error: None,
            })
        }
        Err(e) => {
            let why = e.to_string();
            report.failed.push((doc.id.clone(), why.clone()));
            Ok(DocState {
                hash,
                pages: 0,
                error: Some(why),
            })
        }
    }
}

/// The name of the file holding per-document states `bytes` (see [`DOCS_FILE`]).
fn docs_file_name(bytes: &[u8]) -> String {
    let hash = crate::corpus::ingest::sha256_hex(bytes);
    format!("{DOCS_FILE}{}.json", hash.get(..16).unwrap_or(&hash))
}

/// Commit with `state` as payload: its per-document part is written to its own file first
/// (durably), the payload names it, and the files of earlier commits are removed after.
fn commit(
    writer: &mut IndexWriter<TantivyDocument>,
    state: &State,
    dir: &Path,
) -> tantivy::Result<()> {
    let internal = |e: &dyn std::fmt::Display| tantivy::TantivyError::InternalError(e.to_string());
    let docs = serde_json::to_vec(&state.docs).map_err(|e| internal(&e))?;
    let name = docs_file_name(&docs);
    crate::corpus::atomic::write_atomic(&dir.join(&name), &docs).map_err(|e| internal(&e))?;
    let head = State {
        format: state.format,
        catalogue: state.catalogue.clone(),
        unsearchable: state.unsearchable.clone(),
        docs_file: Some(name.clone()),
        docs: BTreeMap::new(),
    };
    let payload = serde_json::to_string(&head).map_err(|e| internal(&e))?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    // The state files of earlier commits, and temporary ones left by a writer that was
    // interrupted (no other can be writing: this one holds the index's writer lock). Best
    // effort: a leftover is only disk space.
    let tmp = format!(".{DOCS_FILE}");
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let other = entry.file_name().to_string_lossy().into_owned();
            let old = other.starts_with(DOCS_FILE) && other != name;
            let leftover =
                other.starts_with(&tmp) && other.contains(crate::corpus::atomic::TMP_MARK);
            if old || leftover {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

fn rebuild_report(corpus: &Corpus, reason: Option<String>) -> Result<SyncReport> {
    let dir = index_dir(corpus);
    match std::fs::symlink_metadata(&dir) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?,
        Ok(_) => std::fs::remove_file(&dir).map_err(|e| Error::io(&dir, e))?,
        Err(_) => {}
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let (schema, fields) = schema::build();
    let index = tantivy::Index::create_in_dir(&dir, schema).map_err(damaged)?;
    for (name, analyzer) in tokenize::all_analyzers() {
        index.tokenizers().register(name, analyzer);
    }
    let threads = writer_threads();
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)
        .map_err(damaged)?;
    let mut report = SyncReport {
        rebuilt: true,
        rebuild_reason: reason,
        ..Default::default()
    };
    let all: Vec<&Document> = corpus.documents().iter().collect();
    let mut state = State {
        format: schema::FORMAT,
        docs: add_documents(&writer, &fields, corpus, &all, &mut report)
            .map_err(damaged)?
            .into_iter()
            .collect(),
        ..State::default()
    };
    state.seal(corpus);
    commit(&mut writer, &state, &dir).map_err(damaged)?;
    writer.wait_merging_threads().map_err(damaged)?;
    Ok(report)
}

/// Compare the index with the catalogue without changing anything; `Ok(None)` when they
/// agree, `Ok(Some(problem))` describing the disagreement otherwise. Reads every index file
/// to check its checksum.
pub fn verify(corpus: &Corpus) -> Result<Option<String>> {
    let fix = "`efrh reindex` rebuilds it";
    let existing = match open_existing(&index_dir(corpus), Access::Read) {
        Ok(e) => e,
        Err(why) => return Ok(Some(format!("search index: {why}; {fix}"))),
    };
    let state = match existing.state() {
        Ok(s) => s,
        Err(why) => return Ok(Some(format!("search index: {why}; {fix}"))),
    };
    let d = diff(&state, corpus);
    if !d.is_empty() {
        return Ok(Some(format!(
            "search index is out of date: {}; `efrh search` or `efrh reindex` updates it",
            d.describe()
        )));
    }
    let failed: Vec<String> = state
        .docs
        .iter()
        .filter_map(|(id, s)| s.error.as_ref().map(|e| format!("{id} ({e})")))
        .collect();
    if !failed.is_empty() {
        return Ok(Some(format!(
            "search index: documents not searchable because their text could not be read: {}",
            failed.join("; ")
        )));
    }
    match guarded(|| existing.index.validate_checksum())
        .unwrap_or_else(|why| Err(tantivy::TantivyError::InternalError(why)))
    {
        Ok(bad) if bad.is_empty() => {}
        Ok(bad) => {
            let names: Vec<String> = bad.iter().map(|p| p.display().to_string()).collect();
            return Ok(Some(format!(
                "search index: damaged files ({}); {fix}",
                names.join(", ")
            )));
        }
        Err(e) => return Ok(Some(format!("search index: cannot be read ({e}); {fix}"))),
    }
    let want: u64 = state.docs.values().map(|s| u64::from(s.pages)).sum();
    let reader: std::result::Result<IndexReader, String> = guarded(|| {
        existing
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| e.to_string())
    })
    .and_then(|r| r);
    match reader {
        Ok(r) => {
            let have = r.searcher().num_docs();
            if have != want {
                return Ok(Some(format!(
                    "search index: holds {have} pages but the catalogue's documents have \
                     {want}; {fix}"
                )));
            }
        }
        Err(e) => return Ok(Some(format!("search index: cannot be read ({e}); {fix}"))),
    }
    Ok(None)
}

/// The index as [`open`] found it.
pub enum Status {
    /// Agrees with the catalogue: ready to search.
    Fresh(SearchIndex),
    /// Opened, but the catalogue has changed since it was written: [`sync`] updates it.
    Stale(String),
    /// Missing, damaged or from another version: [`sync`] rebuilds it.
    Unusable(String),
}

/// Open the index for reading when it was committed for the catalogue whose hash is
/// `catalogue_hash` (an O(1) check, without the catalogue's records); `None` otherwise
/// (missing, damaged, stale, or from before the hash was kept: [`open`] tells which).
pub fn open_sealed(root: &Path, catalogue_hash: &str) -> Option<SearchIndex> {
    let existing = open_existing(&root.join(DIR), Access::Read).ok()?;
    if !existing.head.sealed_for(catalogue_hash) {
        return None;
    }
    let unsearchable = existing.head.unsearchable.clone();
    match reader(existing, unsearchable, true) {
        Status::Fresh(index) => Some(index),
        _ => None,
    }
}

/// Open the index for reading, without changing anything.
pub fn open(corpus: &Corpus) -> Status {
    let existing = match open_existing(&index_dir(corpus), Access::Read) {
        Ok(e) => e,
        Err(why) => return Status::Unusable(why),
    };
    // O(1) when the index was committed for this very catalogue; otherwise compare record
    // by record (an index from before the hash was kept that still agrees is fresh).
    let sealed = existing.agrees_with(corpus);
    let unsearchable = if sealed {
        existing.head.unsearchable.clone()
    } else {
        let state = match existing.state() {
            Ok(s) => s,
            Err(why) => return Status::Unusable(why),
        };
        let d = diff(&state, corpus);
        if !d.is_empty() {
            return Status::Stale(d.describe());
        }
        state
            .docs
            .iter()
            .filter_map(|(id, s)| s.error.clone().map(|e| (id.clone(), e)))
            .collect()
    };
    reader(existing, unsearchable, sealed)
}

/// A reader for an index found fresh.
fn reader(existing: Existing, unsearchable: Vec<(DocId, String)>, sealed: bool) -> Status {
    let reader = guarded(|| {
        existing
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
    });
    match reader {
        Err(why) => Status::Unusable(why),
        Ok(Ok(reader)) => Status::Fresh(SearchIndex {
            reader,
            fields: existing.fields,
            unsearchable,
            sealed,
        }),
        Ok(Err(e)) => Status::Unusable(format!("it cannot be read: {e}")),
    }
}

/// An index that agrees with the catalogue, open for searching.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    unsearchable: Vec<(DocId, String)>,
    /// The index records this catalogue's hash (else it was found fresh by comparing every
    /// record, as for an index written before the hash was kept; [`update`] records it).
    sealed: bool,
}

/// One matching page.
#[derive(Debug, Clone)]
pub struct Hit {
    pub id: DocId,
    /// 1-based page number.
    pub page: u32,
    pub score: f32,
    /// The page's body text as stored.
    pub body: String,
    /// The beginning of the next page's body (empty on a document's last page): a phrase
    /// found on this page may end there.
    pub next: String,
}

impl Hit {
    /// The snippet for this page: its matches marked, a phrase that runs over the page
    /// break shown whole.
    pub fn snippet(&self, query: &Query, max_chars: usize, marks: Marks) -> String {
        snippet_with_next(&self.body, &self.next, query, max_chars, marks)
    }
}

impl SearchIndex {
    /// Documents in the catalogue whose text could not be indexed (so are never found).
    pub fn unsearchable(&self) -> &[(DocId, String)] {
        &self.unsearchable
    }

    /// True when the index was known to be fresh from the catalogue's hash alone (O(1));
    /// false when every record had to be compared ([`update`] then records the hash).
    pub fn knows_catalogue(&self) -> bool {
        self.sealed
    }

    /// Pages in the index.
    pub fn pages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The best `limit` pages for `query`, best first (ties by document id, then page).
    pub fn search(&self, query: &Query, limit: usize) -> Result<Vec<Hit>> {
        guarded(|| self.search_unguarded(query, limit)).map_err(damaged)?
    }

    /// [`search`](Self::search) errors: `Error::Usage` is a query the user must change
    /// (e.g. a prefix that stands for too many words); anything else is a damaged index.
    pub fn is_query_error(e: &Error) -> bool {
        matches!(e, Error::Usage(_))
    }

    fn search_unguarded(&self, query: &Query, limit: usize) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let limit = limit.clamp(1, (searcher.num_docs() as usize).max(1));
        let q = query
            .to_tantivy(&self.fields, &searcher)
            .map_err(Error::Usage)?;
        let top = searcher
            .search(&*q, &TopDocs::with_limit(limit))
            .map_err(damaged)?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr).map_err(damaged)?;
            let id = doc
                .get_first(self.fields.id)
                .and_then(|v| v.as_str())
                .and_then(|s| s.parse::<DocId>().ok())
                .ok_or_else(|| damaged("a page without a document id"))?;
            let page = doc
                .get_first(self.fields.page)
                .and_then(|v| v.as_u64())
                .and_then(|p| u32::try_from(p).ok())
                .ok_or_else(|| damaged("a page without a page number"))?;
            let body = doc
                .get_first(self.fields.body)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            let next = doc
                .get_first(self.fields.next)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            hits.push(Hit {
                id,
                page,
                score,
                body,
                next,
            });
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.id.cmp(&b.id))
                .then_with(|| a.page.cmp(&b.page))
        });
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    //! Search against an independent oracle: for random pages built from a small vocabulary
    //! with random separators (space, hyphen, line break, line-end hyphen, punctuation) and
    //! capitals, the pages found for a word or a two-word phrase are exactly those the oracle
    //! finds by scanning the text.

    use super::*;
    use crate::model::PageText;
    use crate::model::{DocMeta, Nation, Year};
    use proptest::prelude::*;

    const VOCAB: &[&str] = &[
        "county",
        "lines",
        "safe",
        "guarding",
        "safeguarding",
        "trauma",
        "gang",
    ];
    const SEPS: &[&str] = &[" ", "-", "\n", "-\n", ", ", " -\n", "-\n\n"];

    fn page(words: &[(usize, usize, bool)]) -> String {
        let mut s = String::new();
        for (i, (w, sep, cap)) in words.iter().enumerate() {
            if i > 0 {
                s.push_str(SEPS[sep % SEPS.len()]);
            }
            let w = VOCAB[w % VOCAB.len()];
            if *cap {
                s.push_str(&w.to_uppercase());
            } else {
                s.push_str(w);
            }
        }
        s
    }

    /// The words of a page in one reading, by a method independent of `tokenize`.
    fn oracle_words(text: &str, joined: bool) -> Vec<String> {
        let lower = text.to_lowercase();
        let text = if joined {
            let re = regex::Regex::new(r"([[:alpha:]])-[ \t]*\n[ \t]*([[:alnum:]])").unwrap();
            // Applied twice so that overlapping joins ("a-\nb-\nc") all happen.
            let once = re.replace_all(&lower, "$1$2").into_owned();
            re.replace_all(&once, "$1$2").into_owned()
        } else {
            lower
        };
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    }

    fn oracle_matches(text: &str, phrase: &[&str]) -> bool {
        [false, true].into_iter().any(|joined| {
            oracle_words(text, joined)
                .windows(phrase.len())
                .any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
        })
    }

    fn corpus_with(pages: &[String]) -> (tempfile::TempDir, Corpus) {
        #[derive(Serialize)]
        struct Cat<'a> {
            document: &'a [Document],
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("text")).unwrap();
        let mut docs = Vec::new();
        for (i, body) in pages.iter().enumerate() {
            let id = DocId::from_bytes(format!("doc {i}").as_bytes());
            let stored = crate::corpus::StoredText {
                extractor: 1,
                pages: vec![PageText::from_body(body)],
            };
            let path = dir.path().join("text").join(format!("{id}.json"));
            std::fs::write(path, serde_json::to_vec(&stored).unwrap()).unwrap();
            let meta = DocMeta::new(
                format!("doc {i}"),
                Nation::England,
                Year::new(2020).unwrap(),
            );
            docs.push(Document::stub(id, meta));
        }
        let toml = toml::to_string(&Cat { document: &docs }).unwrap();
        std::fs::write(dir.path().join("catalogue.toml"), toml).unwrap();
        let corpus = Corpus::open(dir.path()).unwrap();
        (dir, corpus)
    }

    fn found(index: &SearchIndex, corpus: &Corpus, query: &str) -> Vec<usize> {
        let q = Query::parse(query, false).unwrap();
        let mut v: Vec<usize> = index
            .search(&q, 1000)
            .unwrap()
            .iter()
            .map(|h| {
                corpus
                    .documents()
                    .iter()
                    .position(|d| d.id == h.id)
                    .unwrap()
            })
            .collect();
        v.sort_unstable();
        v
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn search_agrees_with_oracle(
            pages in proptest::collection::vec(
                proptest::collection::vec((0usize..7, 0usize..7, proptest::bool::weighted(0.2)), 1..12),
                1..8,
            )
        ) {
            let texts: Vec<String> = pages.iter().map(|p| page(p)).collect();
            let (_dir, corpus) = corpus_with(&texts);
            sync(&corpus).unwrap();
            let Status::Fresh(index) = open(&corpus) else { panic!("index not fresh") };
            let mut queries: Vec<Vec<&str>> = VOCAB.iter().map(|w| vec![*w]).collect();
            queries.push(vec!["county", "lines"]);
            queries.push(vec!["safe", "guarding"]);
            queries.push(vec!["trauma", "gang"]);
            queries.push(vec!["lines", "safeguarding"]);
            for phrase in queries {
                let want: Vec<usize> = texts
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| oracle_matches(t, &phrase))
                    .map(|(i, _)| i)
                    .collect();
                let query = format!("\"{}\"", phrase.join(" "));
                prop_assert_eq!(found(&index, &corpus, &query), want, "{} in {:?}", query, texts);
            }
        }
    }

    #[test]
    fn a_fresh_index_is_known_by_the_catalogue_hash_alone() {
        let (dir, corpus) = corpus_with(&["county lines".into(), "gangs".into()]);
        update(&corpus).unwrap();
        let existing = open_existing(&index_dir(&corpus), Access::Write).unwrap();
        assert_eq!(existing.head.catalogue, corpus.catalogue_hash());
        assert_eq!(existing.head.catalogue.len(), 64);
        // Commit a state whose per-document map is empty: with the catalogue's hash the
        // reader trusts it without comparing records (O(1)); without it, it compares them
        // and finds the index stale; `update` then records the hash again (no re-indexing
        // when the records agree).
        let recommit = |state: &State| {
            let mut w: IndexWriter<TantivyDocument> = existing
                .index
                .writer_with_num_threads(1, WRITER_MEMORY_PER_THREAD)
                .unwrap();
            commit(&mut w, state, &existing.dir).unwrap();
            w.wait_merging_threads().unwrap();
        };
        let full = existing.state().unwrap();
        let hollow = State {
            format: schema::FORMAT,
            catalogue: corpus.catalogue_hash().to_string(),
            ..State::default()
        };
        recommit(&hollow);
        assert!(
            matches!(open(&corpus), Status::Fresh(_)),
            "trusted the hash"
        );
        recommit(&State {
            catalogue: String::new(),
            ..hollow
        });
        assert!(
            matches!(open(&corpus), Status::Stale(_)),
            "compared records"
        );
        // An index from before the hash was kept, agreeing record by record: fresh, and
        // `update` records the hash without indexing anything.
        recommit(&State {
            catalogue: String::new(),
            ..full.clone()
        });
        assert!(matches!(open(&corpus), Status::Fresh(i) if !i.knows_catalogue()));
        let report = update(&corpus).unwrap();
        assert!(!report.rebuilt);
        assert_eq!((report.added, report.removed), (0, 0));
        let again = open_existing(&index_dir(&corpus), Access::Read).unwrap();
        assert_eq!(again.head.catalogue, corpus.catalogue_hash());
        assert!(matches!(open(&corpus), Status::Fresh(i) if i.knows_catalogue()));
        // Another catalogue (one title changed): another hash, and the index is stale.
        let cat = dir.path().join("catalogue.toml");
        let text = std::fs::read_to_string(&cat).unwrap();
        std::fs::write(&cat, text.replace("doc 1", "doc one")).unwrap();
        let changed = Corpus::open(dir.path()).unwrap();
        assert_ne!(changed.catalogue_hash(), corpus.catalogue_hash());
        match open(&changed) {
            Status::Stale(why) => assert!(why.contains("1 document changed"), "{why}"),
            _ => panic!("a changed catalogue must make the index stale"),
        }
    }

    #[test]
    fn per_document_states_are_kept_beside_the_payload_and_old_payloads_still_read() {
        let (_dir, corpus) = corpus_with(&["county lines".into(), "gangs".into()]);
        update(&corpus).unwrap();
        let existing = open_existing(&index_dir(&corpus), Access::Write).unwrap();
        assert!(
            !existing.payload.contains("\"pages\""),
            "{}",
            existing.payload
        );
        let state = existing.state().unwrap();
        assert_eq!(state.docs.len(), 2);
        let name = state.docs_file.clone().unwrap();
        let files: Vec<String> = std::fs::read_dir(&existing.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(DOCS_FILE))
            .collect();
        assert_eq!(files, std::slice::from_ref(&name));
        // A payload written before the states moved out (inline): read as it was.
        let inline = serde_json::to_string(&State {
            docs_file: None,
            ..state.clone()
        })
        .unwrap();
        let old = Existing {
            payload: inline,
            ..existing
        };
        assert_eq!(old.state().unwrap().docs, state.docs);
        assert!(old.agrees_with(&corpus), "the current form is sealed");
        let old = Existing {
            head: serde_json::from_str(&old.payload).unwrap(),
            ..old
        };
        assert!(
            !old.agrees_with(&corpus),
            "an inline payload is committed again"
        );
        // The state file changed or gone: not believed, and `update` rebuilds.
        let path = old.dir.join(&name);
        let bytes = std::fs::read(&path).unwrap();
        let new = Existing {
            payload: serde_json::to_string(&State {
                docs: BTreeMap::new(),
                ..state.clone()
            })
            .unwrap(),
            ..old
        };
        assert_eq!(new.state().unwrap().docs, state.docs);
        std::fs::write(&path, [bytes.as_slice(), b" "].concat()).unwrap();
        assert!(new.state().is_err(), "a changed state file");
        std::fs::remove_file(&path).unwrap();
        assert!(new.state().is_err(), "a missing state file");
        drop(new);
        let problem = verify(&corpus).unwrap().expect("a problem");
        assert!(problem.contains("not completely written"), "{problem}");
        // An index committed by an older efrh (states inline) is committed again in the
        // current form by `update`, without indexing anything.
        let existing = open_existing(&index_dir(&corpus), Access::Write).unwrap();
        let mut w: IndexWriter<TantivyDocument> = existing
            .index
            .writer_with_num_threads(1, WRITER_MEMORY_PER_THREAD)
            .unwrap();
        let mut prepared = w.prepare_commit().unwrap();
        prepared.set_payload(
            &serde_json::to_string(&State {
                docs_file: None,
                ..state.clone()
            })
            .unwrap(),
        );
        prepared.commit().unwrap();
        w.wait_merging_threads().unwrap();
        drop(existing);
        assert!(matches!(open(&corpus), Status::Fresh(i) if !i.knows_catalogue()));
        let report = update(&corpus).unwrap();
        assert_eq!((report.rebuilt, report.added), (false, 0));
        assert!(matches!(open(&corpus), Status::Fresh(i) if i.knows_catalogue()));
        assert_eq!(verify(&corpus).unwrap(), None);
    }

    #[test]
    fn sync_is_incremental_and_verify_notices_disagreement() {
        let (dir, corpus) = corpus_with(&["county lines".into(), "gangs".into()]);
        assert!(verify(&corpus).unwrap().is_some(), "no index yet");
        let report = update(&corpus).unwrap();
        assert!(report.rebuilt);
        assert_eq!(verify(&corpus).unwrap(), None);
        assert_eq!(update(&corpus).unwrap().added, 0, "nothing to do");

        // One more document: only it is indexed.
        let (_dir2, bigger) =
            corpus_with(&["county lines".into(), "gangs".into(), "trauma".into()]);
        for entry in std::fs::read_dir(_dir2.path().join("text")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(
                entry.path(),
                dir.path().join("text").join(entry.file_name()),
            )
            .unwrap();
        }
        std::fs::copy(
            _dir2.path().join("catalogue.toml"),
            dir.path().join("catalogue.toml"),
        )
        .unwrap();
        let corpus = Corpus::open(dir.path()).unwrap();
        drop(bigger);
        let problem = verify(&corpus).unwrap().expect("stale");
        assert!(problem.contains("1 document not indexed"), "{problem}");
        let report = update(&corpus).unwrap();
        assert!(!report.rebuilt);
        assert_eq!((report.added, report.removed), (1, 0));
        assert_eq!(verify(&corpus).unwrap(), None);
    }

    /// Commit the index of `corpus` again with `payload` as it is (no state file written).
    fn commit_payload(corpus: &Corpus, payload: &str) {
        let existing = open_existing(&index_dir(corpus), Access::Write).unwrap();
        let mut w: IndexWriter<TantivyDocument> = existing
            .index
            .writer_with_num_threads(1, WRITER_MEMORY_PER_THREAD)
            .unwrap();
        let mut prepared = w.prepare_commit().unwrap();
        prepared.set_payload(payload);
        prepared.commit().unwrap();
        w.wait_merging_threads().unwrap();
    }

    /// Pages in the index of `corpus`, which must be fresh.
    fn indexed_pages(corpus: &Corpus) -> u64 {
        match open(corpus) {
            Status::Fresh(index) => index.pages(),
            Status::Stale(why) | Status::Unusable(why) => panic!("not fresh: {why}"),
        }
    }

    #[test]
    fn the_state_file_a_payload_names_must_be_one_efrh_writes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.json"), b"{}").unwrap();
        let good = "efrh-state-0123456789abcdef.json";
        for bad in [
            "",
            "/dev/zero",
            "../x.json",
            "../../x.json",
            "x.json",
            "sub/efrh-state-0123456789abcdef.json",
            "efrh-state-0123456789abcde.json",
            "efrh-state-0123456789ABCDEF.json",
            "efrh-state-0123456789abcdef.json.tmp-1-0",
            "efrh-state-../../../../x.json",
        ] {
            assert!(!is_docs_file_name(bad), "{bad}");
            let err = read_docs_file(dir.path(), bad).unwrap_err();
            assert!(err.contains("no valid state file"), "{bad}: {err}");
        }
        assert!(is_docs_file_name(good));
        let path = dir.path().join(good);
        let err = read_docs_file(dir.path(), good).unwrap_err();
        assert!(err.contains("missing"), "{err}");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
            let err = read_docs_file(dir.path(), good).unwrap_err();
            assert!(err.contains("not a regular file"), "{err}");
            std::fs::remove_file(&path).unwrap();
        }
        std::fs::create_dir(&path).unwrap();
        let err = read_docs_file(dir.path(), good).unwrap_err();
        assert!(err.contains("not a regular file"), "{err}");
        std::fs::remove_dir(&path).unwrap();
        // Too large to be a state: refused without reading it (a sparse file).
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_DOCS_FILE + 1).unwrap();
        drop(file);
        let err = read_docs_file(dir.path(), good).unwrap_err();
        assert!(err.contains("too large"), "{err}");
        std::fs::write(&path, b"{}").unwrap();
        assert_eq!(read_docs_file(dir.path(), good).unwrap(), b"{}");
    }

    #[test]
    fn a_commit_without_a_usable_state_is_rebuilt_never_indexed_twice() {
        let (_dir, corpus) = corpus_with(&["county lines".into(), "gangs".into()]);
        update(&corpus).unwrap();
        assert_eq!(indexed_pages(&corpus), 2);

        // A payload naming no state file and holding no states: not read as "nothing
        // indexed" (which would add every page again) but as a commit not completely written.
        commit_payload(
            &corpus,
            &format!(r#"{{"format":{},"unsearchable":[]}}"#, schema::FORMAT),
        );
        let problem = verify(&corpus).unwrap().expect("a problem");
        assert!(problem.contains("not completely written"), "{problem}");
        let report = update(&corpus).unwrap();
        assert!(report.rebuilt, "rebuilt");
        assert_eq!(indexed_pages(&corpus), 2);
        assert_eq!(verify(&corpus).unwrap(), None);

        // A payload sealed for this catalogue naming a device or a file outside the index:
        // never read, and `update` rebuilds.
        let outside = _dir.path().join("catalogue.toml");
        for name in [
            "/dev/zero",
            "../catalogue.toml",
            &outside.display().to_string(),
        ] {
            commit_payload(
                &corpus,
                &serde_json::json!({
                    "format": schema::FORMAT,
                    "catalogue": corpus.catalogue_hash(),
                    "unsearchable": [],
                    "docs_file": name,
                })
                .to_string(),
            );
            let problem = verify(&corpus).unwrap().expect("a problem");
            assert!(problem.contains("no valid state file"), "{name}: {problem}");
            assert!(update(&corpus).unwrap().rebuilt, "{name}");
            assert_eq!(verify(&corpus).unwrap(), None, "{name}");
        }

        // A commit sealed for this catalogue whose state file is gone: `update` does not
        // trust the seal (as `check` relies on) but rebuilds.
        let existing = open_existing(&index_dir(&corpus), Access::Read).unwrap();
        let name = existing.head.docs_file.clone().unwrap();
        assert!(existing.agrees_with(&corpus) && existing.has_docs_file());
        drop(existing);
        std::fs::remove_file(index_dir(&corpus).join(&name)).unwrap();
        let report = update(&corpus).unwrap();
        assert!(report.rebuilt);
        assert!(report.rebuild_reason.unwrap().contains("missing"));
        assert_eq!(verify(&corpus).unwrap(), None);
        assert_eq!(indexed_pages(&corpus), 2);
    }

    #[test]
    fn an_incremental_update_deletes_a_document_before_indexing_it() {
        let (_dir, corpus) = corpus_with(&["county lines".into(), "gangs".into()]);
        update(&corpus).unwrap();
        // A state that lost a document the index holds (compared record by record, as
        // without the catalogue's hash): the document is indexed again, and only once.
        let existing = open_existing(&index_dir(&corpus), Access::Write).unwrap();
        let mut state = existing.state().unwrap();
        state.docs.remove(&corpus.documents()[0].id);
        state.catalogue = String::new();
        let mut w: IndexWriter<TantivyDocument> = existing
            .index
            .writer_with_num_threads(1, WRITER_MEMORY_PER_THREAD)
            .unwrap();
        commit(&mut w, &state, &existing.dir).unwrap();
        w.wait_merging_threads().unwrap();
        drop(existing);
        let report = update(&corpus).unwrap();
        assert_eq!(
            (report.rebuilt, report.added, report.removed),
            (false, 1, 0)
        );
        assert_eq!(indexed_pages(&corpus), 2);
        let Status::Fresh(index) = open(&corpus) else {
            panic!("not fresh")
        };
        assert_eq!(found(&index, &corpus, "county"), [0]);
        assert_eq!(verify(&corpus).unwrap(), None);
    }

    #[test]
    fn leftover_temporary_state_files_are_removed_by_the_next_commit() {
        let (dir, corpus) = corpus_with(&["county lines".into(), "gangs".into()]);
        update(&corpus).unwrap();
        let index = index_dir(&corpus);
        let leftover = index.join(".efrh-state-0123456789abcdef.json.tmp-4242-0");
        std::fs::write(&leftover, b"{\"half").unwrap();
        let other = index.join(".other.tmp-1-0");
        std::fs::write(&other, b"not ours").unwrap();
        // The next write (the catalogue changed) commits, and clears what it owns.
        let cat = dir.path().join("catalogue.toml");
        let text = std::fs::read_to_string(&cat).unwrap();
        std::fs::write(&cat, text.replace("doc 1", "doc one")).unwrap();
        let changed = Corpus::open(dir.path()).unwrap();
        assert_eq!(update(&changed).unwrap().added, 1);
        assert!(!leftover.exists(), "the leftover is removed");
        assert!(other.exists(), "a file of another kind is left alone");
        let states: Vec<String> = std::fs::read_dir(&index)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(DOCS_FILE))
            .collect();
        assert_eq!(states.len(), 1, "{states:?}");
        assert_eq!(verify(&changed).unwrap(), None);
    }

    #[test]
    fn verify_notices_damaged_segment_files() {
        let (dir, corpus) = corpus_with(&["county lines".into(), "gangs".into()]);
        sync(&corpus).unwrap();
        assert_eq!(verify(&corpus).unwrap(), None);
        // Same length, different bytes: only the checksums can tell.
        let index = dir.path().join(DIR);
        let mut damaged_any = false;
        for entry in std::fs::read_dir(&index).unwrap() {
            let path = entry.unwrap().path();
            if path
                .extension()
                .is_some_and(|e| e == "store" || e == "term")
            {
                let mut bytes = std::fs::read(&path).unwrap();
                for b in bytes.iter_mut() {
                    *b ^= 0x5a;
                }
                std::fs::write(&path, bytes).unwrap();
                damaged_any = true;
            }
        }
        assert!(damaged_any, "no segment files found to damage");
        let problem = verify(&corpus).unwrap();
        assert!(
            problem
                .as_deref()
                .is_some_and(|p| p.contains("search index")),
            "{problem:?}"
        );
    }
}
