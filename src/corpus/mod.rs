//! The on-disk corpus (in progress: issue 2).
//!
//! Layout of a corpus directory:
//!
//! ```text
//! catalogue.toml      one [[document]] per stored PDF: metadata, pages, words, hashes (reviewable in git)
//! pdf/<id>.pdf        the original bytes, kept so text can be re-extracted (`reindex`)
//! text/<id>.json      extracted page texts (body, running header, running footer)
//! index/              tantivy index (derived, rebuildable, not committed)
//! .lock               taken by every command that writes
//! ```

use crate::error::{Error, Result};
use crate::extract::PageText;
use crate::model::{DocId, Document};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The stored text of one document (`text/<id>.json`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoredText {
    /// Version of the extractor that produced it.
    pub extractor: u32,
    pub pages: Vec<PageText>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Catalogue {
    #[serde(default, rename = "document")]
    documents: Vec<Document>,
}

/// An opened corpus: its catalogue in memory, page texts read on demand.
#[derive(Debug)]
pub struct Corpus {
    root: PathBuf,
    documents: Vec<Document>,
}

impl Corpus {
    /// Open the corpus at `root` for reading.
    pub fn open(root: &Path) -> Result<Corpus> {
        let path = root.join("catalogue.toml");
        let documents = match std::fs::read_to_string(&path) {
            Ok(s) => {
                let cat: Catalogue = toml::from_str(&s).map_err(|e| {
                    Error::Corpus(format!(
                        "{}: the catalogue is damaged ({}); restore it from version control",
                        path.display(),
                        e.message()
                    ))
                })?;
                cat.documents
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if root.is_dir() {
                    Vec::new()
                } else {
                    return Err(Error::Corpus(format!(
                        "no corpus at {} (add documents with `efrh add`, or pass --corpus DIR)",
                        root.display()
                    )));
                }
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        Ok(Corpus {
            root: root.to_path_buf(),
            documents,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every document, in catalogue order.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    pub fn get(&self, id: &DocId) -> Option<&Document> {
        self.documents.iter().find(|d| &d.id == id)
    }

    pub fn text_path(&self, id: &DocId) -> PathBuf {
        self.root.join("text").join(format!("{id}.json"))
    }

    pub fn pdf_path(&self, id: &DocId) -> PathBuf {
        self.root.join("pdf").join(format!("{id}.pdf"))
    }

    /// The stored page texts of one document.
    pub fn load_pages(&self, id: &DocId) -> Result<Vec<PageText>> {
        let path = self.text_path(id);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let stored: StoredText = serde_json::from_slice(&bytes).map_err(|e| {
            Error::Corpus(format!(
                "{}: stored text is damaged ({e}); run `efrh reindex`",
                path.display()
            ))
        })?;
        Ok(stored.pages)
    }
}
