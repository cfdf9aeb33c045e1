//! `.catalogue.cache`: the catalogue's records in a form that reads in milliseconds at
//! 20,000 documents (compact JSON, no TOML parse), so that a command's start-up does not
//! grow with the corpus as a TOML parse would (~0.5 s at 20,000 documents).
//!
//! Derived data, like the search index: `catalogue.toml` stays the truth. The cache is used
//! only when it was made from the catalogue file as it is now, which is checked cheaply:
//! the file's size, modification and change times, inode and device (every catalogue write
//! is an atomic rename, so a new inode) and a hash of its first and last 32 KiB (all of a
//! small file); and its body must match the SHA-256 written in its header. Anything else
//! (missing, stale, truncated, damaged, another version) and the TOML is parsed and the cache
//! rewritten atomically. `efrh check` compares it with a full parse.
//!
//! Layout: a magic line, a JSON header line ([`Header`]), then the JSON body: one array per
//! document (fields by position, no field names).

use super::Loaded;
use crate::corpus::atomic::write_atomic;
use crate::corpus::ingest::sha256_hex;
use crate::model::{DocId, DocMeta, Document, Quality};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::Path;

/// The cache file's name, in the corpus folder.
pub(crate) const FILE: &str = ".catalogue.cache";

/// First line of every cache file; the number changes with the layout.
const MAGIC: &[u8] = b"efrh-catalogue-cache 2\n";

/// How much of each end of the catalogue is hashed into its [`Stamp`].
const EDGE: u64 = 32 * 1024;

/// What identifies one version of the catalogue file without reading it all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    len: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    ino: u64,
    dev: u64,
    /// SHA-256 of the first and last [`EDGE`] bytes (the whole file when small).
    edges: String,
}

impl Stamp {
    /// The stamp of an open catalogue file (its read position is not moved).
    pub(crate) fn of(file: &mut File) -> std::io::Result<Stamp> {
        let m = file.metadata()?;
        let len = m.len();
        let mtime_ns = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(-1, |d| d.as_nanos() as i128);
        #[cfg(unix)]
        let (ctime_ns, ino, dev) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
                m.ino(),
                m.dev(),
            )
        };
        #[cfg(not(unix))]
        let (ctime_ns, ino, dev) = (0, 0, 0);
        let mut edges = Vec::new();
        if len <= 2 * EDGE {
            read_at(file, 0, len, &mut edges)?;
        } else {
            read_at(file, 0, EDGE, &mut edges)?;
            read_at(file, len - EDGE, EDGE, &mut edges)?;
        }
        Ok(Stamp {
            len,
            mtime_ns,
            ctime_ns,
            ino,
            dev,
            edges: sha256_hex(&edges),
        })
    }
}

/// Append `n` bytes of `file` from `offset` to `out`, leaving the read position where it was.
fn read_at(file: &mut File, offset: u64, n: u64, out: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let here = file.stream_position()?;
    file.seek(SeekFrom::Start(offset))?;
    let got = file.by_ref().take(n).read_to_end(out);
    file.seek(SeekFrom::Start(here))?;
    got.map(|_| ())
}

/// The cache's second line.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    /// The catalogue file this was made from.
    stamp: Stamp,
    /// SHA-256 of the whole catalogue file.
    catalogue: String,
    documents: usize,
    /// SHA-256 of the body that follows.
    body: String,
}

/// One record, by position (the catalogue's `Document` flattens its metadata, which is slow
/// to read back).
/// Words per language (issue 16).
type Langs = std::collections::BTreeMap<crate::language::Lang, u64>;

type Row = (
    DocId,
    DocMeta,
    String,
    u64,
    u32,
    u64,
    Langs,
    String,
    u32,
    Quality,
);

type RowRef<'a> = (
    &'a DocId,
    &'a DocMeta,
    &'a str,
    u64,
    u32,
    u64,
    &'a Langs,
    &'a str,
    u32,
    &'a Quality,
);

/// The cached catalogue, when the cache exists, is whole and was made from the catalogue
/// file whose stamp is `stamp`; `None` otherwise (the caller parses the TOML).
pub(crate) fn read(root: &Path, stamp: &Stamp) -> Option<Loaded> {
    let bytes = std::fs::read(root.join(FILE)).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let newline = rest.iter().position(|&b| b == b'\n')?;
    let (head, body) = rest.split_at(newline);
    let body = body.get(1..)?;
    let header: Header = serde_json::from_slice(head).ok()?;
    if &header.stamp != stamp || sha256_hex(body) != header.body {
        return None;
    }
    let rows: Vec<Row> = serde_json::from_slice(body).ok()?;
    if rows.len() != header.documents {
        return None;
    }
    let documents = rows
        .into_iter()
        .map(|row| Document {
            id: row.0,
            meta: row.1,
            file: row.2,
            bytes: row.3,
            pages: row.4,
            words: row.5,
            words_by_language: row.6,
            text_sha256: row.7,
            extractor: row.8,
            quality: row.9,
        })
        .collect();
    Some(Loaded {
        documents,
        hash: header.catalogue,
    })
}

/// Write the cache for the catalogue file stamped `stamp` holding `loaded` (atomically).
pub(crate) fn write(root: &Path, stamp: &Stamp, loaded: &Loaded) -> crate::Result<()> {
    let rows: Vec<RowRef> = loaded
        .documents
        .iter()
        .map(|d| {
            (
                &d.id,
                &d.meta,
                d.file.as_str(),
                d.bytes,
                d.pages,
                d.words,
                &d.words_by_language,
                d.text_sha256.as_str(),
                d.extractor,
                &d.quality,
            )
        })
        .collect();
    let body = serde_json::to_vec(&rows)
        .map_err(|e| crate::Error::Corpus(format!("could not write the catalogue cache: {e}")))?;
    let header = Header {
        stamp: stamp.clone(),
        catalogue: loaded.hash.clone(),
        documents: loaded.documents.len(),
        body: sha256_hex(&body),
    };
    let head = serde_json::to_vec(&header)
        .map_err(|e| crate::Error::Corpus(format!("could not write the catalogue cache: {e}")))?;
    let mut out = Vec::with_capacity(MAGIC.len() + head.len() + 1 + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&head);
    out.push(b'\n');
    out.extend_from_slice(&body);
    write_atomic(&root.join(FILE), &out)
}

/// What the cache holds for the catalogue file as it is now, read without the TOML: `Ok(None)`
/// when there is no usable cache.
#[cfg(test)]
pub(crate) fn current(root: &Path) -> std::io::Result<Option<Loaded>> {
    let mut file = File::open(root.join(super::FILE))?;
    let stamp = Stamp::of(&mut file)?;
    Ok(read(root, &stamp))
}

#[cfg(test)]
mod tests {
    use super::super::{load, save, to_toml, verify_cache, FILE as CATALOGUE};
    use super::*;
    use crate::model::{Nation, Year};

    fn doc(i: usize) -> Document {
        Document {
            id: DocId::from_bytes(format!("pdf {i}").as_bytes()),
            meta: DocMeta::new(
                format!("Title {i}"),
                Nation::Wales,
                Year::new(2020).expect("year"),
            ),
            file: format!("f{i}.pdf"),
            bytes: 10 + i as u64,
            pages: 3,
            words: 100,
            words_by_language: [(crate::language::Lang::Cy, 7)].into_iter().collect(),
            text_sha256: "ab".repeat(32),
            extractor: 1,
            quality: Quality {
                empty_pages: vec![2],
                ..Quality::default()
            },
        }
    }

    fn saved(n: usize) -> (tempfile::TempDir, Vec<Document>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut docs: Vec<Document> = (0..n).map(doc).collect();
        save(dir.path(), &mut docs).expect("save");
        (dir, docs)
    }

    fn titles(docs: &[Document]) -> Vec<&str> {
        docs.iter().map(|d| d.meta.title.as_str()).collect()
    }

    #[test]
    fn save_writes_a_cache_that_load_reads_instead_of_the_toml() {
        let (dir, docs) = saved(3);
        let cached = current(dir.path())
            .expect("stat")
            .expect("cache written by save");
        assert_eq!(cached.documents, docs);
        let loaded = load(dir.path()).expect("load").expect("present");
        assert_eq!(loaded.documents, docs);
        assert_eq!(loaded.hash, cached.hash);
        // A cache made for this very file is believed: replace it with one that says
        // something else (for the same stamp) and that is what is read.
        let mut f = File::open(dir.path().join(CATALOGUE)).expect("open");
        let stamp = Stamp::of(&mut f).expect("stamp");
        let other = Loaded {
            documents: vec![doc(7)],
            hash: cached.hash.clone(),
        };
        write(dir.path(), &stamp, &other).expect("write");
        let loaded = load(dir.path()).expect("load").expect("present");
        assert_eq!(titles(&loaded.documents), ["Title 7"]);
    }

    #[test]
    fn a_changed_catalogue_makes_the_cache_stale_and_it_is_rebuilt() {
        let (dir, _) = saved(2);
        let path = dir.path().join(CATALOGUE);
        // Written in place (same inode), as an editor or `git checkout` might.
        std::fs::write(&path, to_toml(&[doc(5)]).expect("toml")).expect("write");
        let loaded = load(dir.path()).expect("load").expect("present");
        assert_eq!(titles(&loaded.documents), ["Title 5"]);
        let cached = current(dir.path()).expect("stat").expect("rebuilt");
        assert_eq!(titles(&cached.documents), ["Title 5"]);
        assert_eq!(cached.hash, loaded.hash);
    }

    #[test]
    fn an_edit_keeping_size_and_mtime_is_noticed_by_the_edge_hash() {
        let (dir, _) = saved(2);
        let path = dir.path().join(CATALOGUE);
        let mtime = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        let text = std::fs::read_to_string(&path).expect("read");
        let edited = text.replace("Title 1", "Title 9");
        assert_eq!(edited.len(), text.len());
        std::fs::write(&path, edited).expect("write");
        File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(mtime))
            .expect("set mtime");
        let mut f = File::open(&path).expect("open");
        let stamp = Stamp::of(&mut f).expect("stamp");
        assert_eq!(stamp.len, text.len() as u64);
        let loaded = load(dir.path()).expect("load").expect("present");
        assert!(titles(&loaded.documents).contains(&"Title 9"));
    }

    #[test]
    fn a_damaged_truncated_missing_or_foreign_cache_is_rebuilt() {
        let (dir, docs) = saved(3);
        let cache = dir.path().join(FILE);
        let good = std::fs::read(&cache).expect("cache");
        let flipped = {
            // One byte of a title changed: still JSON, but not the body that was hashed.
            let mut b = good.clone();
            let at = b
                .windows(7)
                .rposition(|w| w == b"Title 2")
                .expect("title in body");
            b[at + 6] = b'8';
            b
        };
        let damaged: Vec<(&str, Vec<u8>)> = vec![
            ("flipped", flipped),
            ("truncated", good[..good.len() / 2].to_vec()),
            ("header only", good[..MAGIC.len() + 10].to_vec()),
            ("empty", Vec::new()),
            (
                "another version",
                [b"efrh-catalogue-cache 0\n".as_slice(), &good[MAGIC.len()..]].concat(),
            ),
            ("garbage", b"\x00\xff not a cache".to_vec()),
        ];
        for (what, bytes) in damaged {
            std::fs::write(&cache, &bytes).expect("damage");
            let loaded = load(dir.path()).expect(what).expect("present");
            assert_eq!(loaded.documents, docs, "{what}");
            assert_eq!(
                std::fs::read(&cache).expect("cache"),
                good,
                "{what}: rewritten"
            );
        }
        std::fs::remove_file(&cache).expect("rm");
        let loaded = load(dir.path()).expect("load").expect("present");
        assert_eq!(loaded.documents, docs);
        assert_eq!(std::fs::read(&cache).expect("cache"), good, "recreated");
    }

    #[test]
    fn verify_cache_compares_with_a_full_parse_and_repairs() {
        let (dir, docs) = saved(2);
        assert_eq!(verify_cache(dir.path()).expect("verify"), None);
        // A cache for the right stamp with a self-consistent body but other records: only a
        // full comparison finds it.
        let mut f = File::open(dir.path().join(CATALOGUE)).expect("open");
        let stamp = Stamp::of(&mut f).expect("stamp");
        let hash = current(dir.path()).expect("stat").expect("cache").hash;
        write(
            dir.path(),
            &stamp,
            &Loaded {
                documents: vec![doc(4)],
                hash,
            },
        )
        .expect("write");
        let problem = verify_cache(dir.path()).expect("verify").expect("found");
        assert!(problem.contains("different"), "{problem}");
        assert_eq!(
            current(dir.path()).expect("stat").expect("cache").documents,
            docs
        );
        assert_eq!(verify_cache(dir.path()).expect("verify"), None);
        std::fs::remove_file(dir.path().join(FILE)).expect("rm");
        let problem = verify_cache(dir.path()).expect("verify").expect("found");
        assert!(problem.contains("missing"), "{problem}");
        assert!(current(dir.path()).expect("stat").is_some());
    }

    #[test]
    fn a_catalogue_that_cannot_be_cached_is_still_read() {
        let (dir, docs) = saved(2);
        // The cache's name taken by a folder: it cannot be written, reading still works.
        std::fs::remove_file(dir.path().join(FILE)).expect("rm");
        std::fs::create_dir(dir.path().join(FILE)).expect("mkdir");
        let loaded = load(dir.path()).expect("load").expect("present");
        assert_eq!(loaded.documents, docs);
    }
}
