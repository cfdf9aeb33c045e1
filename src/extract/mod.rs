//! PDF bytes → pages of text. The only module that knows lopdf.
//!
//! `extract` returns, for every page in reading order, the body text (normalised, see
//! [`crate::normalize`]) with running headers and footers kept apart, plus a quality report.
//! Every limit on hostile input (size, decompression, recursion, time) is in [`Limits`].

use crate::model::Quality;
use std::time::Duration;

/// Bumped whenever extraction output changes, so `reindex` knows what is stale.
pub const VERSION: u32 = 1;

/// Bounds on the work one file may cause.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest PDF accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest decompressed stream, in bytes.
    pub max_stream_bytes: usize,
    /// Deepest nesting of Form XObjects / page tree / object references followed.
    pub max_depth: usize,
    /// Content-stream operators interpreted per page.
    pub max_ops_per_page: usize,
    /// Wall time for one file.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * 1024 * 1024,
            max_stream_bytes: 256 * 1024 * 1024,
            max_depth: 32,
            max_ops_per_page: 5_000_000,
            timeout: Duration::from_secs(120),
        }
    }
}

/// The text of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageText {
    /// Body text: lines separated by `\n`, normalised.
    pub body: String,
    /// Running header lines (page furniture repeated across pages), if detected.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub header: String,
    /// Running footer lines (page numbers, repeated footers), if detected.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub footer: String,
}

/// Everything extracted from one PDF.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub pages: Vec<PageText>,
    pub quality: Quality,
}

/// Why a file could not be read, in words an analyst understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("the file is empty")]
    Empty,
    #[error("not a PDF file (it does not start with %PDF)")]
    NotPdf,
    #[error("the PDF is damaged and could not be read: {0}")]
    Damaged(String),
    #[error("the PDF is password-protected; save an unprotected copy and add that")]
    Encrypted,
    #[error("the PDF has no pages")]
    NoPages,
    #[error("the file exceeds a safety limit: {0}")]
    TooLarge(String),
    #[error("extraction took longer than {0} s and was stopped")]
    Timeout(u64),
}

/// Extract the text of every page of a PDF.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ExtractError::TooLarge(format!(
            "{} bytes is more than the {} byte limit",
            bytes.len(),
            limits.max_file_bytes
        )));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ExtractError::NotPdf);
    }
    // First version: lopdf's own extract_text, page by page. Replaced by our own
    // content-stream interpreter (issue 3).
    let mut doc =
        lopdf::Document::load_mem(bytes).map_err(|e| ExtractError::Damaged(e.to_string()))?;
    if doc.is_encrypted() {
        doc.decrypt("").map_err(|_| ExtractError::Encrypted)?;
    }
    let page_numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    if page_numbers.is_empty() {
        return Err(ExtractError::NoPages);
    }
    let mut out = Extraction::default();
    for (i, n) in page_numbers.iter().enumerate() {
        let page_no = i as u32 + 1;
        let text = match doc.extract_text(&[*n]) {
            Ok(t) => crate::normalize::normalize(&t),
            Err(_) => {
                out.quality.failed_pages.push(page_no);
                String::new()
            }
        };
        if text.trim().is_empty() {
            out.quality.empty_pages.push(page_no);
        }
        out.pages.push(PageText {
            body: text.trim_end().to_string(),
            ..Default::default()
        });
    }
    Ok(out)
}
