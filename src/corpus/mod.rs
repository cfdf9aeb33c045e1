//! The on-disk corpus: what has been added, the original PDFs, their extracted page texts.
//!
//! Layout of a corpus directory:
//!
//! ```text
//! catalogue.toml      one [[document]] per stored PDF: metadata, pages, words, hashes (reviewable in git)
//! pdf/<id>.pdf        the original bytes, kept so text can be re-extracted (`reindex`)
//! text/<id>.json      extracted page texts (body, running header, running footer)
//! index/              tantivy index (derived, rebuildable, not committed)
//! .lock               taken by every command that writes
//! .staging/           files being added by a running `add` (removed when it ends)
//! ```
//!
//! The catalogue is the truth: a file in `pdf/` or `text/` that no catalogue record names is a
//! leftover of an interrupted command and is ignored (`efrh check --clean` deletes them).
//! Writers take the lock ([`lock::CorpusLock`]) and replace files atomically
//! ([`atomic::write_atomic`]); readers take no lock and always see a whole catalogue.
//!
//! Submodules: [`ingest`] (adding files), [`manifest`] (reading manifests), [`metadata`]
//! (stated metadata → records), [`check`] (consistency), [`lock`], [`atomic`].

pub mod atomic;
mod catalogue;
pub mod check;
pub mod ingest;
pub mod lock;
mod lookup;
pub mod manifest;
pub mod metadata;

use crate::error::{Error, Result};
use crate::extract::Limits;
use crate::model::PageText;
use crate::model::{DocId, Document};
use lock::CorpusLock;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use lookup::Lookup;

pub(crate) const STAGING: &str = ".staging";

/// Data derived from the store and kept in step with it (the search index, `crate::index`).
/// Every write of the store calls it under the corpus lock once the catalogue is saved; the
/// store knows nothing else about it, so the dependency points one way (index → corpus).
pub trait Derived {
    /// The catalogue changed: bring the derived data up to date.
    fn sync(&self, corpus: &Corpus) -> Result<()>;
    /// Every stored text was rewritten: build the derived data again.
    fn rebuild(&self, corpus: &Corpus) -> Result<()>;
}

/// No derived data: for tools that only build a store (the demo-corpus generator, tests).
pub struct NoDerived;

impl Derived for NoDerived {
    fn sync(&self, _: &Corpus) -> Result<()> {
        Ok(())
    }
    fn rebuild(&self, _: &Corpus) -> Result<()> {
        Ok(())
    }
}

/// The stored text of one document (`text/<id>.json`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoredText {
    /// Version of the extractor that produced it.
    pub extractor: u32,
    pub pages: Vec<PageText>,
}

/// What [`Corpus::remove`] did.
#[derive(Debug, Clone)]
pub struct Removal {
    /// The records removed.
    pub removed: Vec<Document>,
    /// Ids that were not in the catalogue.
    pub unknown: Vec<DocId>,
    /// The catalogue was written but the search index could not be updated (derived data:
    /// `efrh check` rebuilds it).
    pub index_problem: Option<String>,
}

/// An opened corpus: its catalogue in memory, page texts read on demand.
#[derive(Debug)]
pub struct Corpus {
    root: PathBuf,
    documents: Vec<Document>,
    /// SHA-256 of `catalogue.toml` as read (empty for a corpus not yet created).
    catalogue_hash: String,
    /// Position of each document in `documents`, built on first use by [`Corpus::get`].
    positions: std::sync::OnceLock<std::collections::HashMap<DocId, usize>>,
}

impl Corpus {
    /// Open the corpus at `root` for reading. Only a folder holding a `catalogue.toml` is a
    /// corpus: any other folder (a user's Downloads, a typo in `--corpus`) is refused, so that
    /// nothing reports an empty result for it or writes into it.
    pub fn open(root: &Path) -> Result<Corpus> {
        match catalogue::load(root)? {
            Some(loaded) => Ok(Corpus::from_loaded(root, loaded)),
            None => Err(not_a_corpus(root)),
        }
    }

    fn from_loaded(root: &Path, loaded: catalogue::Loaded) -> Corpus {
        Corpus {
            root: root.to_path_buf(),
            documents: loaded.documents,
            catalogue_hash: loaded.hash,
            positions: Default::default(),
        }
    }

    /// Open the corpus at `root`, creating an empty one (with an empty catalogue) if the
    /// folder is missing or empty. Only `efrh add` creates a corpus; a folder that holds
    /// other things but no catalogue is refused, nothing written.
    pub fn open_or_create(root: &Path) -> Result<Corpus> {
        if !root.join(catalogue::FILE).exists() {
            refuse_if_occupied(root)?;
            if !root.exists() {
                create_whole(root)?;
            }
            std::fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
            // Under the lock: two adds creating one corpus at once write one catalogue.
            let _lock = CorpusLock::acquire(root)?;
            if !root.join(catalogue::FILE).exists() {
                refuse_if_occupied(root)?;
                catalogue::save(root, &mut [])?;
            }
        }
        let corpus = Corpus::open(root)?;
        corpus.ensure_layout()?;
        Ok(corpus)
    }

    /// Open the corpus at `root` if it exists, else an empty corpus that has not been created
    /// (for a dry run). Refuses a folder that `open_or_create` would refuse.
    pub fn open_or_empty(root: &Path) -> Result<Corpus> {
        if root.join(catalogue::FILE).exists() {
            return Corpus::open(root);
        }
        refuse_if_occupied(root)?;
        Ok(Corpus {
            root: root.to_path_buf(),
            documents: Vec::new(),
            catalogue_hash: String::new(),
            positions: Default::default(),
        })
    }

    /// Create `pdf/` and `text/` if missing.
    pub(crate) fn ensure_layout(&self) -> Result<()> {
        for sub in ["pdf", "text"] {
            let dir = self.root.join(sub);
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        Ok(())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every document, in catalogue order (nation, year, title, id).
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// SHA-256 of `catalogue.toml` as this corpus read it: the same hash means the same
    /// catalogue (the search index records it to know in O(1) that it is up to date).
    pub fn catalogue_hash(&self) -> &str {
        &self.catalogue_hash
    }

    /// The document with this id (a hash lookup, built on first use).
    pub fn get(&self, id: &DocId) -> Option<&Document> {
        self.position(id).and_then(|i| self.documents.get(i))
    }

    /// The document's place in [`Corpus::documents`] (a hash lookup, built on first use).
    pub fn position(&self, id: &DocId) -> Option<usize> {
        let positions = self.positions.get_or_init(|| {
            self.documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.clone(), i))
                .collect()
        });
        positions.get(id).copied()
    }

    /// Find a document by its id or by an unambiguous prefix of it (at least 4 characters),
    /// as an analyst types it from `efrh list`.
    pub fn resolve(&self, id: &str) -> Result<&Document> {
        let want = id_prefix(id)?;
        let mut hits = self
            .documents
            .iter()
            .filter(|d| d.id.as_str().starts_with(&want));
        resolved(&self.root, &want, hits.next(), hits.next().is_some())
    }

    pub fn text_path(&self, id: &DocId) -> PathBuf {
        text_path(&self.root, id)
    }

    pub fn pdf_path(&self, id: &DocId) -> PathBuf {
        pdf_path(&self.root, id)
    }

    /// The stored page texts of one document.
    pub fn load_pages(&self, id: &DocId) -> Result<Vec<PageText>> {
        Ok(self.load_stored(id)?.pages)
    }

    /// The stored text file of one document.
    pub fn load_stored(&self, id: &DocId) -> Result<StoredText> {
        load_stored(&self.root, id)
    }

    /// For `efrh check`: compare the catalogue cache (`.catalogue.cache`, derived data that
    /// spares every command a TOML parse) with a full parse of `catalogue.toml`. When it is
    /// missing, out of date or different it is written again, and `Some` says what was wrong.
    pub fn verify_catalogue_cache(&self) -> Result<Option<String>> {
        catalogue::verify_cache(&self.root)
    }

    /// Take the write lock (waiting briefly for another writer).
    pub fn lock(&self) -> Result<CorpusLock> {
        CorpusLock::acquire(&self.root)
    }

    /// Read the catalogue again (after taking the lock: another process may have written it).
    pub fn reload(&mut self) -> Result<()> {
        let loaded = catalogue::load(&self.root)?.unwrap_or_default();
        self.documents = loaded.documents;
        self.catalogue_hash = loaded.hash;
        self.positions = Default::default();
        Ok(())
    }

    /// Replace the catalogue (sorted, atomically). Call with the lock held.
    pub(crate) fn save_catalogue(&mut self, mut documents: Vec<Document>) -> Result<()> {
        self.catalogue_hash = catalogue::save(&self.root, &mut documents)?;
        self.documents = documents;
        self.positions = Default::default();
        Ok(())
    }

    /// Files in `pdf/` and `text/` that no catalogue record owns, and staging folders of runs
    /// that died: leftovers of interrupted commands.
    pub fn leftovers(&self) -> Vec<PathBuf> {
        let ids: std::collections::HashSet<&str> =
            self.documents.iter().map(|d| d.id.as_str()).collect();
        let mut out = Vec::new();
        for (sub, ext) in [("pdf", "pdf"), ("text", "json")] {
            let Ok(entries) = std::fs::read_dir(self.root.join(sub)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                let owned = name
                    .strip_suffix(&format!(".{ext}"))
                    .is_some_and(|stem| ids.contains(stem));
                if !owned {
                    out.push(path);
                }
            }
        }
        if let Ok(entries) = std::fs::read_dir(self.root.join(STAGING)) {
            out.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| ingest::staging_is_stale(p)),
            );
        }
        // A temporary catalogue from an interrupted atomic write.
        if let Ok(entries) = std::fs::read_dir(&self.root) {
            out.extend(
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().contains(atomic::TMP_MARK))
                    .map(|e| e.path()),
            );
        }
        out.sort();
        out
    }

    /// Delete leftovers (see [`Corpus::leftovers`]). Needs the lock. Returns how many were
    /// removed.
    pub fn clean_leftovers(&self, _lock: &CorpusLock) -> usize {
        let staged = ingest::clean_stale_staging(&self.root);
        let mut removed = staged;
        for path in self.leftovers() {
            if path.starts_with(self.root.join(STAGING)) {
                continue;
            }
            let gone = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            if gone.is_ok() {
                removed += 1;
            }
        }
        removed
    }

    /// Remove documents by id. The catalogue is written first, so a crash leaves only
    /// unowned files behind.
    pub fn remove(&mut self, ids: &[DocId], derived: &dyn Derived) -> Result<Removal> {
        let _lock = self.lock()?;
        self.reload()?;
        let wanted: std::collections::HashSet<&DocId> = ids.iter().collect();
        let mut keep = Vec::new();
        let mut removed = Vec::new();
        for d in std::mem::take(&mut self.documents) {
            if wanted.contains(&d.id) {
                removed.push(d);
            } else {
                keep.push(d);
            }
        }
        self.positions = Default::default();
        let found: std::collections::HashSet<&DocId> = removed.iter().map(|d| &d.id).collect();
        let unknown: Vec<DocId> = ids
            .iter()
            .filter(|id| !found.contains(id))
            .cloned()
            .collect();
        let mut index_problem = None;
        if !removed.is_empty() {
            self.save_catalogue(keep)?;
            for d in &removed {
                let _ = std::fs::remove_file(self.pdf_path(&d.id));
                let _ = std::fs::remove_file(self.text_path(&d.id));
            }
            index_problem = derived.sync(self).err().map(|e| e.to_string());
        } else {
            self.documents = keep;
        }
        Ok(Removal {
            removed,
            unknown,
            index_problem,
        })
    }

    /// Re-extract every stored PDF with the current extractor, rewrite the page texts and the
    /// catalogue's pages/words/quality, then rebuild the index. Holds the lock throughout.
    /// Documents whose PDF cannot be read keep their old text; they are returned with the
    /// reason.
    pub fn reindex(
        &mut self,
        limits: &Limits,
        derived: &dyn Derived,
        on_progress: &(dyn Fn() + Sync),
    ) -> Result<Vec<(Document, String)>> {
        self.reindex_with_ocr(limits, None, derived, on_progress)
    }

    /// [`Corpus::reindex`], reading pages without a text layer by OCR when `ocr` is given.
    /// Without it, a page read by OCR before keeps its OCR text.
    pub fn reindex_with_ocr(
        &mut self,
        limits: &Limits,
        ocr: Option<&crate::ocr::Ocr>,
        derived: &dyn Derived,
        on_progress: &(dyn Fn() + Sync),
    ) -> Result<Vec<(Document, String)>> {
        use rayon::prelude::*;
        let lock = self.lock()?;
        self.reload()?;
        self.ensure_layout()?;
        ingest::clean_stale_staging(&self.root);
        // Each document comes back updated, or unchanged with the reason it could not be.
        let results: Vec<(Document, Option<String>)> = self
            .documents
            .par_iter()
            .map(|doc| {
                let r = self.reextract(doc, limits, ocr);
                on_progress();
                match r {
                    Ok(d) => (d, None),
                    Err(e) => (doc.clone(), Some(e)),
                }
            })
            .collect();
        let mut docs = Vec::with_capacity(results.len());
        let mut failed = Vec::new();
        for (d, err) in results {
            if let Some(e) = err {
                failed.push((d.clone(), e));
            }
            docs.push(d);
        }
        self.save_catalogue(docs)?;
        derived.rebuild(self)?;
        drop(lock);
        Ok(failed)
    }

    /// Pages still without a text layer that were read by OCR before keep that text.
    fn keep_ocr_pages(&self, doc: &Document, x: &mut crate::extract::Extraction) {
        if doc.quality.ocr_pages.is_empty() {
            return;
        }
        let Ok(old) = self.load_pages(&doc.id) else {
            return;
        };
        let q = &mut x.quality;
        q.empty_pages.retain(|&n| {
            let i = n.saturating_sub(1) as usize;
            match (old.get(i), x.pages.get_mut(i)) {
                (Some(before), Some(now)) if before.ocr => {
                    now.body = before.body.clone();
                    now.ocr = true;
                    q.ocr_pages.push(n);
                    false
                }
                _ => true,
            }
        });
    }

    fn reextract(
        &self,
        doc: &Document,
        limits: &Limits,
        ocr: Option<&crate::ocr::Ocr>,
    ) -> std::result::Result<Document, String> {
        let path = self.pdf_path(&doc.id);
        let bytes = ingest::read_bounded(&path, limits.max_file_bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if DocId::from_bytes(&bytes) != doc.id {
            return Err(format!(
                "{}: the stored PDF is not the file that was added (changed on disk)",
                path.display()
            ));
        }
        let bytes = std::sync::Arc::new(bytes);
        let mut x = ingest::extract_bounded(bytes.clone(), limits).map_err(|e| e.to_string())?;
        match ocr {
            Some(ocr) => {
                let work = self.root.join(STAGING).join(format!("ocr-{}", doc.id));
                ingest::ocr_empty_pages(ocr, &bytes, &mut x, &work);
            }
            None => self.keep_ocr_pages(doc, &mut x),
        }
        let (text, (words, words_by_language)) =
            ingest::stored_text(&x).map_err(|e| e.to_string())?;
        atomic::write_atomic(&self.text_path(&doc.id), &text).map_err(|e| e.to_string())?;
        let mut d = doc.clone();
        d.pages = x.pages.len() as u32;
        d.words = words;
        d.words_by_language = words_by_language;
        d.quality = x.quality;
        d.text_sha256 = ingest::sha256_hex(&text);
        d.extractor = crate::extract::VERSION;
        Ok(d)
    }
}

fn text_path(root: &Path, id: &DocId) -> PathBuf {
    root.join("text").join(format!("{id}.json"))
}

fn pdf_path(root: &Path, id: &DocId) -> PathBuf {
    root.join("pdf").join(format!("{id}.pdf"))
}

/// The stored text file of one document of the corpus at `root`.
fn load_stored(root: &Path, id: &DocId) -> Result<StoredText> {
    let path = text_path(root, id);
    let bytes = std::fs::read(&path).map_err(|e| {
        Error::Corpus(format!(
            "{}: the stored text of document {id} cannot be read ({e}); run `efrh check`",
            path.display()
        ))
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::Corpus(format!(
            "{}: stored text is damaged ({e}); run `efrh reindex`",
            path.display()
        ))
    })
}

/// An id as typed (a whole id or a prefix of at least 4 hex digits), lowercased.
fn id_prefix(id: &str) -> Result<String> {
    let want = id.trim().to_ascii_lowercase();
    if want.len() < 4 || !want.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Usage(format!(
            "'{}' is not a document id (the {}-character ids shown by `efrh list`; a \
             prefix of at least 4 characters will do)",
            id.trim(),
            DocId::LEN
        )));
    }
    Ok(want)
}

/// The one document an id prefix names: `first` found, `more` than one found.
fn resolved<T>(root: &Path, want: &str, first: Option<T>, more: bool) -> Result<T> {
    match (first, more) {
        (Some(d), false) => Ok(d),
        (None, _) => Err(Error::Usage(format!(
            "no document {want} in the corpus at {} (see `efrh list`)",
            root.display()
        ))),
        (Some(_), true) => Err(Error::Usage(format!(
            "'{want}' matches more than one document; type more of the id"
        ))),
    }
}

/// The error for a folder that is not an efrh corpus (exit 2).
fn not_a_corpus(root: &Path) -> Error {
    let why = if root.is_dir() {
        "no catalogue.toml"
    } else if root.exists() {
        "not a folder"
    } else {
        "no such folder"
    };
    Error::Corpus(format!(
        "not an efrh corpus: {} ({why}); `efrh add` creates one (or pass --corpus DIR, or set \
         EFRH_CORPUS, to name an existing corpus)",
        root.display()
    ))
}

/// What `efrh add` itself leaves in a corpus folder before its first catalogue exists (an
/// add interrupted in an older version): such a folder still counts as empty.
const OWN_ENTRIES: [&str; 6] = [
    "pdf",
    "text",
    "index",
    ".lock",
    STAGING,
    catalogue::cache::FILE,
];

/// Marks the hidden sibling folder in which [`create_whole`] prepares a new corpus.
const NEW_MARK: &str = ".efrh-new-";

/// Create a corpus folder that does not exist yet whole: its empty catalogue is written in a
/// hidden sibling folder that is then renamed into place, so a process killed at any moment
/// leaves no corpus folder or one with its catalogue (which `efrh check` accepts), never a
/// folder without one. When the rename loses a race (another efrh created the folder first),
/// the caller goes on under the lock as for an existing empty folder.
fn create_whole(root: &Path) -> Result<()> {
    let Some(name) = root.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Ok(()); // `..` or `/`: no sibling to prepare in; the caller creates it in place
    };
    let parent = match root.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    remove_stale_preparations(&parent, &name);
    let staging = parent.join(format!(".{name}{NEW_MARK}{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging); // left by a killed process that had our pid
    std::fs::create_dir(&staging).map_err(|e| Error::io(&staging, e))?;
    let made = catalogue::save(&staging, &mut []).and_then(|_| {
        ingest::crash_point(ingest::CrashPoint::Creating);
        std::fs::rename(&staging, root).map_err(|e| Error::io(root, e))?;
        atomic::sync_dir(&parent)
    });
    if made.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    Ok(())
}

/// Remove the preparation folders of `create_whole` that a killed process left beside `name`:
/// those of a process that no longer runs (where `/proc` says so), or older than ten minutes
/// (a live one is renamed within milliseconds).
fn remove_stale_preparations(parent: &Path, name: &str) {
    let prefix = format!(".{name}{NEW_MARK}");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let proc = Path::new("/proc/self").exists();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        // Only our own preparations: the prefix, then a process id and nothing else.
        let Some(pid) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.parse::<u32>().ok())
        else {
            continue;
        };
        let dead = proc && !Path::new("/proc").join(pid.to_string()).exists();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(600));
        if dead || old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// `Ok` when `root` is missing or an empty folder (a new corpus may be created there);
/// otherwise the reason it may not.
fn refuse_if_occupied(root: &Path) -> Result<()> {
    if !root.exists() {
        return Ok(());
    }
    if !root.is_dir() {
        return Err(not_a_corpus(root));
    }
    let entries = std::fs::read_dir(root).map_err(|e| Error::io(root, e))?;
    let mut others = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(root, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // A catalogue being written (or left half-written) by another efrh is its own too.
        let catalogue_tmp = [catalogue::FILE, catalogue::cache::FILE]
            .iter()
            .any(|f| name.starts_with(&format!(".{f}{}", atomic::TMP_MARK)));
        if !OWN_ENTRIES.contains(&name.as_str()) && !catalogue_tmp {
            others.push(name);
        }
    }
    if others.is_empty() {
        return Ok(());
    }
    others.sort();
    let shown: Vec<&str> = others.iter().take(3).map(String::as_str).collect();
    let more = if others.len() > shown.len() {
        ", …"
    } else {
        ""
    };
    Err(Error::Corpus(format!(
        "not an efrh corpus: {} (no catalogue.toml, and it already holds other files: {}{more}); \
         `efrh add` creates a corpus only in a new or empty folder: choose one with --corpus DIR",
        root.display(),
        shown.join(", ")
    )))
}
