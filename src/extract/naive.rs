//! The first extractor: lopdf's own `extract_text`. Kept only so the benchmark can compare.

use super::{ExtractError, Extraction, Limits};
use crate::model::PageText;

/// The first extractor: lopdf's own `extract_text`, kept for comparison in benchmarks.
pub fn extract_naive(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    super::precheck(bytes, limits)?;
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
        out.pages.push(PageText::from_body(text.trim_end()));
    }
    Ok(out)
}
