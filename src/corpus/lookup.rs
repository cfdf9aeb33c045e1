//! [`Lookup`]: the catalogue opened to read a few records, for commands that show one
//! document (`text`, `show`) or a page of hits (`search`). It reads the catalogue cache's
//! header and id table (40 bytes a document) and then only the records asked for, so its cost
//! hardly grows with the corpus; [`Corpus::open`] reads every record.
//!
//! The cache is derived data: when it is missing or stale, opening parses `catalogue.toml`
//! (and rewrites the cache) and records are served from that; when one record turns out to
//! be damaged, the whole catalogue is read the same way and the record served from it.

use super::catalogue::{self, cache::Table, Opened};
use super::{id_prefix, resolved, Corpus, StoredText};
use crate::error::Result;
use crate::model::{DocId, Document, PageText};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The catalogue opened for looking up single records (see the module documentation).
#[derive(Debug)]
pub struct Lookup {
    root: PathBuf,
    source: Source,
}

#[derive(Debug)]
enum Source {
    /// The cache's id table; the whole catalogue is read only if a record is damaged.
    Table {
        table: Table,
        whole: OnceLock<Corpus>,
    },
    /// The whole catalogue (the cache was unusable, or the caller had it already).
    Whole(Corpus),
}

impl From<Corpus> for Lookup {
    fn from(corpus: Corpus) -> Lookup {
        Lookup {
            root: corpus.root().to_path_buf(),
            source: Source::Whole(corpus),
        }
    }
}

impl Lookup {
    /// Open the corpus at `root` for looking up records; refused, like [`Corpus::open`], when
    /// the folder is not a corpus.
    pub fn open(root: &Path) -> Result<Lookup> {
        let source = match catalogue::open_table(root)? {
            Some(Opened::Table(table)) => Source::Table {
                table,
                whole: OnceLock::new(),
            },
            Some(Opened::Loaded(loaded)) => Source::Whole(Corpus::from_loaded(root, loaded)),
            None => return Err(super::not_a_corpus(root)),
        };
        Ok(Lookup {
            root: root.to_path_buf(),
            source,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// SHA-256 of `catalogue.toml` as read (see [`Corpus::catalogue_hash`]).
    pub fn catalogue_hash(&self) -> &str {
        match &self.source {
            Source::Table { table, .. } => table.catalogue_hash(),
            Source::Whole(c) => c.catalogue_hash(),
        }
    }

    /// Read every record after all (a record of the cache was damaged): the catalogue is
    /// parsed and the cache rewritten.
    fn whole<'a>(&self, whole: &'a OnceLock<Corpus>) -> Result<&'a Corpus> {
        if let Some(c) = whole.get() {
            return Ok(c);
        }
        let corpus = Corpus::open(&self.root)?;
        Ok(whole.get_or_init(|| corpus))
    }

    /// The record at table position `i`, falling back to the whole catalogue when the cache's
    /// record is damaged.
    fn record(
        &self,
        table: &Table,
        whole: &OnceLock<Corpus>,
        i: usize,
        id: &[u8],
    ) -> Result<Option<Document>> {
        if let Some(d) = table.record(i) {
            return Ok(Some(d));
        }
        let corpus = self.whole(whole)?;
        Ok(corpus
            .documents()
            .iter()
            .find(|d| d.id.as_str().as_bytes() == id)
            .cloned())
    }

    /// Find a document by its id or an unambiguous prefix of it (as [`Corpus::resolve`]).
    pub fn resolve(&self, id: &str) -> Result<Document> {
        match &self.source {
            Source::Whole(c) => c.resolve(id).cloned(),
            Source::Table { table, whole } => {
                let want = id_prefix(id)?;
                let found = table.find_prefix(&want);
                let first = match found.first() {
                    Some(&i) => table.id(i).map(|id| (i, id)),
                    None => None,
                };
                let (i, full) = resolved(&self.root, &want, first, found.len() > 1)?;
                self.record(table, whole, i, &full)?.ok_or_else(|| {
                    crate::Error::Corpus(format!(
                        "document {want} is in the catalogue cache but not in catalogue.toml; \
                         run `efrh check`"
                    ))
                })
            }
        }
    }

    /// The document with this id.
    pub fn get(&self, id: &DocId) -> Result<Option<Document>> {
        match &self.source {
            Source::Whole(c) => Ok(c.get(id).cloned()),
            Source::Table { table, whole } => match table.find(id) {
                Some(i) => self.record(table, whole, i, id.as_str().as_bytes()),
                None => Ok(None),
            },
        }
    }

    /// The document's place in catalogue order (nation, year, title, id).
    pub fn position(&self, id: &DocId) -> Option<usize> {
        match &self.source {
            Source::Whole(c) => c.position(id),
            Source::Table { table, .. } => table.find(id).and_then(|i| table.position(i)),
        }
    }

    pub fn text_path(&self, id: &DocId) -> PathBuf {
        super::text_path(&self.root, id)
    }

    pub fn pdf_path(&self, id: &DocId) -> PathBuf {
        super::pdf_path(&self.root, id)
    }

    /// The stored page texts of one document.
    pub fn load_pages(&self, id: &DocId) -> Result<Vec<PageText>> {
        Ok(self.load_stored(id)?.pages)
    }

    /// The stored text file of one document.
    pub fn load_stored(&self, id: &DocId) -> Result<StoredText> {
        super::load_stored(&self.root, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocMeta, Nation, Year};

    fn doc(i: usize) -> Document {
        Document {
            file: format!("f{i}.pdf"),
            ..Document::stub(
                DocId::from_bytes(format!("pdf {i}").as_bytes()),
                DocMeta::new(
                    format!("Title {i}"),
                    Nation::Wales,
                    Year::new(2020).expect("year"),
                ),
            )
        }
    }

    fn saved(n: usize) -> (tempfile::TempDir, Vec<Document>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut docs: Vec<Document> = (0..n).map(doc).collect();
        catalogue::save(dir.path(), &mut docs).expect("save");
        (dir, docs)
    }

    #[test]
    fn records_are_found_through_the_table_as_through_the_whole_catalogue() {
        let (dir, docs) = saved(40);
        let lookup = Lookup::open(dir.path()).expect("open");
        assert!(matches!(lookup.source, Source::Table { .. }), "{lookup:?}");
        let whole = Lookup::from(Corpus::open(dir.path()).expect("corpus"));
        assert_eq!(lookup.catalogue_hash(), whole.catalogue_hash());
        for d in &docs {
            for l in [&lookup, &whole] {
                assert_eq!(l.get(&d.id).expect("get").as_ref(), Some(d));
                assert_eq!(&l.resolve(&d.id.as_str()[..8]).expect("resolve"), d);
            }
            assert_eq!(lookup.position(&d.id), whole.position(&d.id));
            assert!(lookup.position(&d.id).is_some());
        }
        // The same refusals as `Corpus::resolve`.
        for bad in ["ab", "zzzz", "0000000000000000"] {
            let a = lookup.resolve(bad).expect_err(bad).to_string();
            let b = whole.resolve(bad).expect_err(bad).to_string();
            assert_eq!(a, b);
        }
        let missing = DocId::from_bytes(b"missing");
        assert_eq!(lookup.get(&missing).expect("get"), None);
        assert_eq!(lookup.position(&missing), None);
    }

    #[test]
    fn a_damaged_record_is_served_from_the_catalogue_and_the_cache_repaired() {
        let (dir, docs) = saved(5);
        let cache = dir.path().join(catalogue::cache::FILE);
        let good = std::fs::read(&cache).expect("cache");
        let mut bad = good.clone();
        let at = bad
            .windows(7)
            .rposition(|w| w == b"Title 3")
            .expect("title in a record");
        bad[at + 6] = b'9';
        std::fs::write(&cache, &bad).expect("damage");
        let lookup = Lookup::open(dir.path()).expect("open");
        assert!(
            matches!(lookup.source, Source::Table { .. }),
            "the table is whole"
        );
        let three = docs
            .iter()
            .find(|d| d.meta.title == "Title 3")
            .expect("doc");
        assert_eq!(lookup.get(&three.id).expect("get").as_ref(), Some(three));
        assert_eq!(std::fs::read(&cache).expect("cache"), good, "rewritten");
    }

    #[test]
    fn a_folder_without_a_catalogue_is_not_a_corpus() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = Lookup::open(dir.path()).expect_err("no corpus").to_string();
        assert!(err.contains("not an efrh corpus"), "{err}");
    }
}
