//! Handing the findings on to other tools.
//!
//! - [`qdpx`]: a REFI-QDA project (`.qdpx`) for NVivo, ATLAS.ti, MAXQDA and QualCoder: the
//!   documents' texts and PDFs, the lexicon as a code book, every occurrence as a coded
//!   selection, the metadata as variables.
//!
//! (`export pages`, one row per page, is a table printed by the command itself through
//! [`crate::output`].)

pub mod qdpx;
