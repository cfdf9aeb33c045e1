//! `catalogue.toml`: one `[[document]]` table per stored PDF, the single source of truth for
//! what the corpus holds. Written whole and atomically, sorted by nation, year, title and id so
//! that a git diff shows an analyst exactly which records were added, removed or corrected.

use super::atomic::write_atomic;
use crate::error::{Error, Result};
use crate::model::Document;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub(crate) mod cache;

pub(crate) const FILE: &str = "catalogue.toml";

const HEADER: &str = "\
# efrh corpus catalogue: one [[document]] per stored PDF (pdf/<id>.pdf, text/<id>.json).
# Written by efrh; edit metadata by re-adding with a manifest (see README), not by hand.
";

#[derive(Debug, Default, Serialize, Deserialize)]
struct CatalogueFile {
    #[serde(default, rename = "document")]
    documents: Vec<Document>,
}

/// A catalogue as read: its records and the SHA-256 of its bytes (which the search index
/// records to know in O(1) that it agrees with this catalogue).
#[derive(Debug, Clone, Default)]
pub(crate) struct Loaded {
    pub documents: Vec<Document>,
    pub hash: String,
}

/// Read the catalogue; `None` when there is none. A fresh cache (see [`cache`]) is read
/// instead of parsing the TOML; a missing, stale or damaged one is rebuilt from the TOML
/// (best effort: a corpus on a read-only disk is still read).
pub(crate) fn load(root: &Path) -> Result<Option<Loaded>> {
    let path = root.join(FILE);
    let mut file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    let before = cache::Stamp::of(&mut file).map_err(|e| Error::io(&path, e))?;
    if let Some(loaded) = cache::read(root, &before) {
        return Ok(Some(loaded));
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut file, &mut text).map_err(|e| Error::io(&path, e))?;
    let loaded = parse(&path, &text)?;
    // Cache what was parsed only when the file did not change while it was read.
    if cache::Stamp::of(&mut file).is_ok_and(|after| after == before) {
        let _ = cache::write(root, &before, &loaded);
    }
    Ok(Some(loaded))
}

/// The catalogue opened to read single records: the cache's id table when the cache is
/// usable (nothing proportional to the corpus is read but 40 bytes a document), else the
/// whole parsed catalogue (the cache is rewritten on the way). `None` when there is none.
pub(crate) fn open_table(root: &Path) -> Result<Option<Opened>> {
    let path = root.join(FILE);
    let mut file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    let stamp = cache::Stamp::of(&mut file).map_err(|e| Error::io(&path, e))?;
    if let Some(table) = cache::Table::open(root, &stamp) {
        return Ok(Some(Opened::Table(table)));
    }
    Ok(load(root)?.map(Opened::Loaded))
}

/// What [`open_table`] found.
#[derive(Debug)]
pub(crate) enum Opened {
    Table(cache::Table),
    Loaded(Loaded),
}

/// Parse catalogue text (no cache): the records, checked for duplicate ids, and its hash.
pub(crate) fn parse(path: &Path, text: &str) -> Result<Loaded> {
    let cat: CatalogueFile = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .and_then(|s| text.get(..s.start))
            .map(|before| format!("near line {}: ", before.matches('\n').count() + 1))
            .unwrap_or_default();
        Error::Corpus(format!(
            "{}: the catalogue is damaged ({line}{}); restore it from version control",
            path.display(),
            e.message().trim()
        ))
    })?;
    let mut seen = std::collections::HashSet::new();
    for d in &cat.documents {
        if !seen.insert(d.id.clone()) {
            return Err(Error::Corpus(format!(
                "{}: the catalogue lists document {} twice; restore it from version control",
                path.display(),
                d.id
            )));
        }
    }
    Ok(Loaded {
        documents: cat.documents,
        hash: super::ingest::sha256_hex(text.as_bytes()),
    })
}

/// Compare the cache with a full parse of the catalogue (for `efrh check`, under the lock);
/// when it is missing, stale or disagrees, write it again and say what was wrong.
pub(crate) fn verify_cache(root: &Path) -> Result<Option<String>> {
    let path = root.join(FILE);
    let mut file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
    let stamp = cache::Stamp::of(&mut file).map_err(|e| Error::io(&path, e))?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut file, &mut text).map_err(|e| Error::io(&path, e))?;
    let truth = parse(&path, &text)?;
    let problem = match cache::read(root, &stamp) {
        None => "missing or out of date",
        Some(c) if c.hash != truth.hash || c.documents != truth.documents => {
            "different from catalogue.toml"
        }
        Some(_) => return Ok(None),
    };
    cache::write(root, &stamp, &truth)?;
    Ok(Some(problem.to_string()))
}

/// The order documents are kept in: nation, year, title, id.
pub(crate) fn sort(documents: &mut [Document]) {
    documents.sort_by(|a, b| {
        (a.meta.nation, a.meta.year, &a.meta.title, &a.id).cmp(&(
            b.meta.nation,
            b.meta.year,
            &b.meta.title,
            &b.id,
        ))
    });
}

/// Serialise (sorted) and replace the catalogue atomically, then its cache; the catalogue's
/// new hash. A crash between the two leaves a stale cache, which the next reader notices and
/// rebuilds.
pub(crate) fn save(root: &Path, documents: &mut [Document]) -> Result<String> {
    sort(documents);
    let text = to_toml(documents)?;
    let path = root.join(FILE);
    write_atomic(&path, text.as_bytes())?;
    let hash = super::ingest::sha256_hex(text.as_bytes());
    let stamp = std::fs::File::open(&path).and_then(|mut f| cache::Stamp::of(&mut f));
    if let Some(stamp) = stamp.ok().filter(|s| s.describes(text.as_bytes())) {
        let loaded = Loaded {
            documents: documents.to_vec(),
            hash: hash.clone(),
        };
        let _ = cache::write(root, &stamp, &loaded);
    }
    Ok(hash)
}

pub(crate) fn to_toml(documents: &[Document]) -> Result<String> {
    let file = CatalogueFile {
        documents: documents.to_vec(),
    };
    let body = toml::to_string(&file)
        .map_err(|e| Error::Corpus(format!("could not write the catalogue: {e}")))?;
    Ok(format!("{HEADER}\n{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, DocMeta, Quality};

    fn doc(bytes: &[u8], title: &str, nation: &str, year: u16) -> Document {
        let meta = DocMeta {
            publisher: Some("Demo \"quoted\" publisher".into()),
            wave: Some("2020".parse().expect("wave")),
            ..DocMeta::new(
                title,
                nation.parse().expect("nation"),
                crate::model::Year::new(year).expect("year"),
            )
        };
        Document {
            id: DocId::from_bytes(bytes),
            meta,
            file: "a.pdf".into(),
            bytes: 10,
            pages: 2,
            words: 100,
            words_by_language: Default::default(),
            text_sha256: "ab".repeat(32),
            extractor: 1,
            quality: Quality {
                empty_pages: vec![2],
                ..Quality::default()
            },
        }
    }

    #[test]
    fn round_trips_and_sorts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut docs = vec![
            doc(b"b", "Zeta", "wales", 2019),
            doc(b"a", "Alpha", "england", 2021),
            doc(b"c", "Beta", "england", 2018),
        ];
        save(dir.path(), &mut docs).expect("save");
        let loaded = load(dir.path()).expect("load").expect("present").documents;
        let titles: Vec<_> = loaded.iter().map(|d| d.meta.title.as_str()).collect();
        assert_eq!(titles, ["Beta", "Alpha", "Zeta"]);
        assert_eq!(loaded, docs);
        let text = std::fs::read_to_string(dir.path().join(FILE)).expect("read");
        assert!(text.contains("nation = \"england\""), "{text}");
        assert!(text.contains("year = 2018"), "{text}");
    }

    #[test]
    fn new_fields_round_trip_and_old_records_read_as_national() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut local = doc(b"l", "Local", "england", 2021);
        local.meta.level = crate::model::Level::Local;
        local.meta.authority = "Devon".parse().ok();
        local.meta.series = "devon-exploitation".parse().ok();
        local.meta.date = "2021-09-01".parse().ok();
        local
            .meta
            .vars
            .insert("audience".parse().expect("name"), "schools \"all\"".into());
        local
            .meta
            .vars
            .insert("region".parse().expect("name"), "south west".into());
        let national = doc(b"n", "National", "england", 2020);
        let mut docs = vec![local, national];
        save(dir.path(), &mut docs).expect("save");
        let text = std::fs::read_to_string(dir.path().join(FILE)).expect("read");
        assert!(text.contains("level = \"local\""), "{text}");
        assert_eq!(
            text.matches("level =").count(),
            1,
            "national is not written: {text}"
        );
        assert!(text.contains("date = \"2021-09-01\""), "{text}");
        let loaded = load(dir.path()).expect("load").expect("present").documents;
        assert_eq!(loaded, docs);
        // A record written before levels existed (no level, no vars) reads as national.
        assert_eq!(loaded[0].meta.level, crate::model::Level::National);
        assert!(loaded[0].meta.vars.is_empty());
    }

    #[test]
    fn a_bad_value_is_named_with_its_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = to_toml(&[doc(b"a", "A", "england", 2020)])
            .expect("toml")
            .replace("nation = \"england\"", "nation = \"france\"");
        let line = text
            .lines()
            .position(|l| l.contains("france"))
            .expect("edited")
            + 1;
        std::fs::write(dir.path().join(FILE), text).expect("write");
        let err = load(dir.path()).expect_err("damaged").to_string();
        assert!(err.contains("catalogue is damaged"), "{err}");
        assert!(err.contains("unknown nation 'france'"), "{err}");
        // The record holding the bad value (its `[[document]]` line, or the value's own).
        let near: usize = err
            .split("near line ")
            .nth(1)
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no line in: {err}"));
        assert!((line - 3..=line).contains(&near), "{near} vs {line}: {err}");
    }

    #[test]
    fn duplicate_ids_are_damage() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = doc(b"a", "A", "england", 2020);
        let text = to_toml(&[d.clone(), d]).expect("toml");
        std::fs::write(dir.path().join(FILE), text).expect("write");
        let err = load(dir.path()).expect_err("damaged");
        assert!(err.to_string().contains("twice"), "{err}");
    }
}
