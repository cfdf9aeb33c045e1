//! The tantivy full-text index of pages, kept in `<corpus>/index/` (derived data).
//! The only module that knows tantivy. (In progress: issue 5.)

use crate::corpus::Corpus;
use crate::Result;

/// Make the index agree with the catalogue: index documents it lacks, delete ones the
/// catalogue no longer has. Rebuilds from scratch when the index is missing or damaged.
/// Call with the corpus lock held.
pub fn sync(_corpus: &Corpus) -> Result<()> {
    Ok(())
}

/// Throw the index away and build it again from the stored page texts.
/// Call with the corpus lock held.
pub fn rebuild(_corpus: &Corpus) -> Result<()> {
    Ok(())
}

/// Compare the index with the catalogue without changing anything; `Ok(None)` when they
/// agree, `Ok(Some(problem))` describing the disagreement otherwise.
pub fn verify(_corpus: &Corpus) -> Result<Option<String>> {
    Ok(None)
}
