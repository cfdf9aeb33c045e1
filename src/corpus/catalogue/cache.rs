//! `.catalogue.cache`: the catalogue's records in a form that reads in milliseconds at
//! 20,000 documents (no TOML parse), and from which one record can be read without reading
//! the others, so that a command's start-up does not grow with the corpus as a TOML parse
//! would (~0.5 s at 20,000 documents), and `text ID` or `search` read only the records they
//! show.
//!
//! Derived data, like the search index: `catalogue.toml` stays the truth. The cache is used
//! only when it was made from the catalogue file as it is now, which is checked cheaply:
//! the file's size, modification and change times, inode and device (every catalogue write
//! is an atomic rename, so a new inode) and a hash of its first and last 32 KiB (all of a
//! small file). Every part carries a checksum: the header its own, the id table one in the
//! header, each record one in its table entry. Anything else (missing, stale, truncated,
//! damaged, another version) and the TOML is parsed and the cache rewritten atomically.
//! `efrh check` compares it with a full parse.
//!
//! Layout (integers little-endian):
//!
//! ```text
//! magic line         "efrh-catalogue-cache 3\n"
//! header length      u32
//! header checksum    u64, of the header bytes
//! header             JSON (`Header`): catalogue stamp and hash, documents, table checksum,
//!                    records length
//! id table           one 40-byte entry per document, sorted by id: id (16 ASCII bytes),
//!                    catalogue position u32, record offset u64, record length u32,
//!                    record checksum u64
//! records            one compact JSON array per document (fields by position), in
//!                    catalogue order
//! ```

use super::Loaded;
use crate::corpus::atomic::write_atomic;
use crate::model::{DocId, DocMeta, Document, Quality};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// The cache file's name, in the corpus folder.
pub(crate) const FILE: &str = ".catalogue.cache";

/// First line of every cache file; the number changes with the layout.
const MAGIC: &[u8] = b"efrh-catalogue-cache 3\n";

/// Bytes before the header: magic, header length, header checksum.
const PREFIX: usize = MAGIC.len() + 4 + 8;

/// Bytes of one id-table entry.
const ENTRY: usize = DocId::LEN + 4 + 8 + 4 + 8;

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
        for (offset, n) in edge_spans(len) {
            read_at(file, offset, n, &mut edges)?;
        }
        Ok(Stamp {
            len,
            mtime_ns,
            ctime_ns,
            ino,
            dev,
            edges: crate::corpus::ingest::sha256_hex(&edges),
        })
    }

    /// Whether this stamp was taken of a file holding exactly `bytes` as far as a stamp can
    /// tell (length and both edges): a writer checks that the file it stamps after the rename
    /// is the one it wrote, not a copy put there by hand in between.
    pub(crate) fn describes(&self, bytes: &[u8]) -> bool {
        let len = bytes.len() as u64;
        let mut edges = Vec::new();
        for (offset, n) in edge_spans(len) {
            let span = usize::try_from(offset).ok().zip(usize::try_from(n).ok());
            if let Some(part) = span.and_then(|(o, n)| bytes.get(o..o + n)) {
                edges.extend_from_slice(part);
            }
        }
        self.len == len && self.edges == crate::corpus::ingest::sha256_hex(&edges)
    }
}

/// The (offset, length) spans of a file of `len` bytes that its stamp hashes: all of a small
/// file, the first and last [`EDGE`] bytes of a larger one.
fn edge_spans(len: u64) -> Vec<(u64, u64)> {
    if len <= 2 * EDGE {
        vec![(0, len)]
    } else {
        vec![(0, EDGE), (len - EDGE, EDGE)]
    }
}

/// Append `n` bytes of `file` from `offset` to `out`, leaving the read position where it was.
fn read_at(file: &mut File, offset: u64, n: u64, out: &mut Vec<u8>) -> std::io::Result<()> {
    let here = file.stream_position()?;
    file.seek(SeekFrom::Start(offset))?;
    let got = file.by_ref().take(n).read_to_end(out);
    file.seek(SeekFrom::Start(here))?;
    got.map(|_| ())
}

/// Exactly `n` bytes of `file` from `offset`, or `None` (a short file is a damaged cache).
fn read_exact_at(file: &mut File, offset: u64, n: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    read_at(file, offset, n as u64, &mut out).ok()?;
    (out.len() == n).then_some(out)
}

/// A fast 64-bit checksum (not cryptographic: it finds damaged bytes, not forgeries; the
/// catalogue's truth is the TOML). Any change confined to one 8-byte word changes it.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let step = |h: u64, word: u64| (h ^ word).wrapping_mul(K).rotate_left(29);
    let mut h = (bytes.len() as u64).wrapping_mul(K) ^ 0x243F_6A88_85A3_08D3;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = step(h, u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    let mut w = [0u8; 8];
    if let Some(dst) = w.get_mut(..rest.len()) {
        dst.copy_from_slice(rest);
    }
    h = step(h, u64::from_le_bytes(w));
    h ^ (h >> 32)
}

/// The cache's header.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    /// The catalogue file this was made from.
    stamp: Stamp,
    /// SHA-256 of the whole catalogue file.
    catalogue: String,
    documents: usize,
    /// [`checksum`] of the id table.
    table: u64,
    /// Bytes of records after the table.
    records: u64,
}

/// Words per language (issue 16).
type Langs = std::collections::BTreeMap<crate::language::Lang, u64>;

/// One record, by position (the catalogue's `Document` flattens its metadata, which is slow
/// to read back).
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

fn row_ref(d: &Document) -> RowRef<'_> {
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
}

fn from_row(row: Row) -> Document {
    let (id, meta, file, bytes, pages, words, words_by_language, text_sha256, extractor, quality) =
        row;
    Document {
        id,
        meta,
        file,
        bytes,
        pages,
        words,
        words_by_language,
        text_sha256,
        extractor,
        quality,
    }
}

/// One entry of the id table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry<'a> {
    id: &'a [u8],
    position: u32,
    offset: u64,
    len: u32,
    sum: u64,
}

fn le<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    out.copy_from_slice(bytes.get(at..at + N)?);
    Some(out)
}

impl<'a> Entry<'a> {
    fn parse(bytes: &'a [u8]) -> Option<Entry<'a>> {
        let n = DocId::LEN;
        Some(Entry {
            id: bytes.get(..n)?,
            position: u32::from_le_bytes(le(bytes, n)?),
            offset: u64::from_le_bytes(le(bytes, n + 4)?),
            len: u32::from_le_bytes(le(bytes, n + 12)?),
            sum: u64::from_le_bytes(le(bytes, n + 16)?),
        })
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.id);
        out.extend_from_slice(&self.position.to_le_bytes());
        out.extend_from_slice(&self.offset.to_le_bytes());
        out.extend_from_slice(&self.len.to_le_bytes());
        out.extend_from_slice(&self.sum.to_le_bytes());
    }

    /// The record this entry describes, from the records section `records`, checked.
    fn record(&self, records: &[u8]) -> Option<Document> {
        let start = usize::try_from(self.offset).ok()?;
        let bytes = records.get(start..start.checked_add(self.len as usize)?)?;
        self.decode(bytes)
    }

    /// Check and parse this entry's record bytes; `None` when damaged.
    fn decode(&self, bytes: &[u8]) -> Option<Document> {
        if bytes.len() != self.len as usize || checksum(bytes) != self.sum {
            return None;
        }
        let doc = from_row(serde_json::from_slice(bytes).ok()?);
        (doc.id.as_str().as_bytes() == self.id).then_some(doc)
    }
}

/// The header and id table of a cache, read and checked, with the file open for reading
/// single records: what [`super::Lookup`] needs, whatever the corpus size (40 bytes per
/// document of table, one record per document shown).
#[derive(Debug)]
pub(crate) struct Table {
    file: std::sync::Mutex<File>,
    header: Header,
    table: Vec<u8>,
    /// Where the records start in the file.
    records_at: u64,
}

/// Read and check the prefix and header of a cache file whose first bytes are `start` (at
/// least [`PREFIX`] of them, more is fine); the header and where it ends.
fn header(
    start: &[u8],
    mut more: impl FnMut(usize, usize) -> Option<Vec<u8>>,
) -> Option<(Header, usize)> {
    if start.get(..MAGIC.len())? != MAGIC {
        return None;
    }
    let len = u32::from_le_bytes(le(start, MAGIC.len())?) as usize;
    let sum = u64::from_le_bytes(le(start, MAGIC.len() + 4)?);
    let end = PREFIX.checked_add(len)?;
    let bytes = match start.get(PREFIX..end) {
        Some(b) => b.to_vec(),
        None => more(PREFIX, len)?,
    };
    if checksum(&bytes) != sum {
        return None;
    }
    Some((serde_json::from_slice(&bytes).ok()?, end))
}

impl Table {
    /// The table of the cache made from the catalogue file stamped `stamp`; `None` when
    /// there is no such cache or it is damaged.
    pub(crate) fn open(root: &Path, stamp: &Stamp) -> Option<Table> {
        let mut file = File::open(root.join(FILE)).ok()?;
        let size = file.metadata().ok()?.len();
        let mut start = Vec::new();
        read_at(&mut file, 0, 4096, &mut start).ok()?;
        let (header, end) = header(&start, |at, n| read_exact_at(&mut file, at as u64, n))?;
        if &header.stamp != stamp {
            return None;
        }
        let table_len = header.documents.checked_mul(ENTRY)?;
        let records_at = (end as u64).checked_add(table_len as u64)?;
        if records_at.checked_add(header.records)? != size {
            return None;
        }
        let table = match end.checked_add(table_len).and_then(|e| start.get(end..e)) {
            Some(t) => t.to_vec(),
            None => read_exact_at(&mut file, end as u64, table_len)?,
        };
        if checksum(&table) != header.table {
            return None;
        }
        Some(Table {
            file: std::sync::Mutex::new(file),
            header,
            table,
            records_at,
        })
    }

    /// SHA-256 of the catalogue file the cache was made from.
    pub(crate) fn catalogue_hash(&self) -> &str {
        &self.header.catalogue
    }

    pub(crate) fn len(&self) -> usize {
        self.header.documents
    }

    fn entry(&self, i: usize) -> Option<Entry<'_>> {
        Entry::parse(self.table.get(i.checked_mul(ENTRY)?..)?)
    }

    /// The table positions of the ids starting with `prefix` (lowercase hex), at most two
    /// (enough to tell a unique prefix from an ambiguous one).
    pub(crate) fn find_prefix(&self, prefix: &str) -> Vec<usize> {
        let p = prefix.as_bytes();
        // The first entry whose id is not below the prefix.
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.entry(mid) {
                Some(e) if e.id < p => lo = mid + 1,
                _ => hi = mid,
            }
        }
        (lo..self.len().min(lo + 2))
            .filter(|&i| self.entry(i).is_some_and(|e| e.id.starts_with(p)))
            .collect()
    }

    /// The table position of exactly this id.
    pub(crate) fn find(&self, id: &DocId) -> Option<usize> {
        self.find_prefix(id.as_str()).into_iter().find(|&i| {
            self.entry(i)
                .is_some_and(|e| e.id == id.as_str().as_bytes())
        })
    }

    /// The id at table position `i`.
    pub(crate) fn id(&self, i: usize) -> Option<Vec<u8>> {
        self.entry(i).map(|e| e.id.to_vec())
    }

    /// The catalogue position (order) of the document at table position `i`.
    pub(crate) fn position(&self, i: usize) -> Option<usize> {
        self.entry(i).map(|e| e.position as usize)
    }

    /// The record at table position `i`, read from the file and checked; `None` when damaged.
    pub(crate) fn record(&self, i: usize) -> Option<Document> {
        let e = self.entry(i)?;
        let mut file = self.file.lock().ok()?;
        let bytes = read_exact_at(
            &mut file,
            self.records_at.checked_add(e.offset)?,
            e.len as usize,
        )?;
        e.decode(&bytes)
    }
}

/// The cached catalogue, when the cache exists, is whole and was made from the catalogue
/// file whose stamp is `stamp`; `None` otherwise (the caller parses the TOML). Records are
/// checked and parsed on all cores.
pub(crate) fn read(root: &Path, stamp: &Stamp) -> Option<Loaded> {
    use rayon::prelude::*;
    let bytes = std::fs::read(root.join(FILE)).ok()?;
    let (header, end) = header(&bytes, |_, _| None)?;
    if &header.stamp != stamp {
        return None;
    }
    let n = header.documents;
    let table = bytes.get(end..end.checked_add(n.checked_mul(ENTRY)?)?)?;
    let records = bytes.get(end + table.len()..)?;
    if checksum(table) != header.table || records.len() as u64 != header.records {
        return None;
    }
    // The entries in catalogue order (each position once), then each record checked and
    // parsed into its place, on all cores.
    let mut entries: Vec<Entry> = table
        .chunks_exact(ENTRY)
        .map(Entry::parse)
        .collect::<Option<_>>()?;
    entries.sort_unstable_by_key(|e| e.position);
    if entries
        .iter()
        .enumerate()
        .any(|(i, e)| e.position as usize != i)
    {
        return None;
    }
    let documents: Vec<Option<Document>> = entries.par_iter().map(|e| e.record(records)).collect();
    let documents = documents.into_iter().collect::<Option<Vec<_>>>()?;
    Some(Loaded {
        documents,
        hash: header.catalogue,
    })
}

/// Write the cache for the catalogue file stamped `stamp` holding `loaded` (atomically).
pub(crate) fn write(root: &Path, stamp: &Stamp, loaded: &Loaded) -> crate::Result<()> {
    let fail = |e: &dyn std::fmt::Display| {
        crate::Error::Corpus(format!("could not write the catalogue cache: {e}"))
    };
    let mut records = Vec::new();
    let mut entries = Vec::with_capacity(loaded.documents.len());
    for (position, d) in loaded.documents.iter().enumerate() {
        let offset = records.len() as u64;
        serde_json::to_writer(&mut records, &row_ref(d)).map_err(|e| fail(&e))?;
        let bytes = records.get(offset as usize..).unwrap_or_default();
        let id = d.id.as_str().as_bytes();
        if id.len() != DocId::LEN {
            return Err(fail(&format!("document id {} has the wrong length", d.id)));
        }
        entries.push(Entry {
            id,
            position: u32::try_from(position).map_err(|e| fail(&e))?,
            offset,
            len: u32::try_from(bytes.len()).map_err(|e| fail(&e))?,
            sum: checksum(bytes),
        });
    }
    entries.sort_by(|a, b| a.id.cmp(b.id));
    let mut table = Vec::with_capacity(entries.len() * ENTRY);
    for e in &entries {
        e.write(&mut table);
    }
    let header = Header {
        stamp: stamp.clone(),
        catalogue: loaded.hash.clone(),
        documents: loaded.documents.len(),
        table: checksum(&table),
        records: records.len() as u64,
    };
    let head = serde_json::to_vec(&header).map_err(|e| fail(&e))?;
    let mut out = Vec::with_capacity(PREFIX + head.len() + table.len() + records.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(
        &u32::try_from(head.len())
            .map_err(|e| fail(&e))?
            .to_le_bytes(),
    );
    out.extend_from_slice(&checksum(&head).to_le_bytes());
    out.extend_from_slice(&head);
    out.extend_from_slice(&table);
    out.extend_from_slice(&records);
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
    fn a_stamp_describes_the_bytes_it_was_taken_of_and_no_others() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Small (hashed whole) and large (first and last EDGE bytes hashed).
        for n in [100usize, 3 * EDGE as usize + 5] {
            let bytes: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
            let path = dir.path().join(format!("f{n}"));
            std::fs::write(&path, &bytes).expect("write");
            let stamp = Stamp::of(&mut File::open(&path).expect("open")).expect("stamp");
            assert!(stamp.describes(&bytes), "{n} bytes");
            let mut tail = bytes.clone();
            *tail.last_mut().expect("bytes") ^= 1;
            assert!(!stamp.describes(&tail), "{n} bytes, last changed");
            let mut head = bytes.clone();
            head[0] ^= 1;
            assert!(!stamp.describes(&head), "{n} bytes, first changed");
            assert!(!stamp.describes(&bytes[1..]), "{n} bytes, one shorter");
        }
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

    fn table(dir: &Path) -> Option<Table> {
        let mut f = File::open(dir.join(CATALOGUE)).expect("open");
        Table::open(dir, &Stamp::of(&mut f).expect("stamp"))
    }

    #[test]
    fn the_table_finds_each_record_by_id_and_prefix() {
        let (dir, _) = saved(60);
        let loaded = load(dir.path()).expect("load").expect("present");
        let table = table(dir.path()).expect("table");
        assert_eq!(table.len(), 60);
        assert_eq!(table.catalogue_hash(), loaded.hash);
        for (at, d) in loaded.documents.iter().enumerate() {
            let i = table.find(&d.id).expect("found");
            assert_eq!(table.position(i), Some(at), "catalogue order");
            assert_eq!(table.record(i).as_ref(), Some(d));
            // Prefixes of every length: the table gives the first two ids that start with
            // it, as a scan of every record does.
            for n in 1..=DocId::LEN {
                let prefix = &d.id.as_str()[..n];
                let found: Vec<String> = table
                    .find_prefix(prefix)
                    .into_iter()
                    .map(|i| String::from_utf8(table.id(i).expect("id")).expect("ascii"))
                    .collect();
                let mut scan: Vec<String> = loaded
                    .documents
                    .iter()
                    .map(|x| x.id.to_string())
                    .filter(|x| x.starts_with(prefix))
                    .collect();
                scan.sort();
                scan.truncate(2);
                assert_eq!(found, scan, "{prefix}");
            }
        }
        assert_eq!(table.find(&DocId::from_bytes(b"not stored")), None);
        assert!(table.find_prefix("ffffffffffffffff0").is_empty());
    }

    #[test]
    fn any_one_byte_changed_in_the_cache_is_noticed() {
        let (dir, docs) = saved(3);
        let cache = dir.path().join(FILE);
        let good = std::fs::read(&cache).expect("cache");
        let mut f = File::open(dir.path().join(CATALOGUE)).expect("open");
        let stamp = Stamp::of(&mut f).expect("stamp");
        for at in 0..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            std::fs::write(&cache, &bad).expect("damage");
            assert!(read(dir.path(), &stamp).is_none(), "byte {at}: whole read");
            // The table opens only when the change is in a record, and then that record
            // is refused; the others read as they were.
            if let Some(t) = Table::open(dir.path(), &stamp) {
                let records: Vec<Option<Document>> = (0..t.len()).map(|i| t.record(i)).collect();
                assert_eq!(
                    records.iter().filter(|r| r.is_none()).count(),
                    1,
                    "byte {at}"
                );
                for r in records.into_iter().flatten() {
                    assert!(docs.contains(&r), "byte {at}");
                }
            }
        }
        std::fs::write(&cache, &good).expect("restore");
        assert!(Table::open(dir.path(), &stamp).is_some());
    }

    #[test]
    fn checksum_sees_every_one_bit_change() {
        let data: Vec<u8> = (0..37u8).collect();
        let sum = checksum(&data);
        for at in 0..data.len() {
            for bit in 0..8 {
                let mut d = data.clone();
                d[at] ^= 1 << bit;
                assert_ne!(checksum(&d), sum, "byte {at} bit {bit}");
            }
        }
        assert_ne!(checksum(&data[..36]), checksum(&data[..35]));
        assert_ne!(checksum(b""), checksum(b"\0"));
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
