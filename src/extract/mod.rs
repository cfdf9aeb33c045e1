//! PDF bytes → pages of text. The only module that knows lopdf.
//!
//! `extract` returns, for every page in reading order, the body text (normalised, see
//! [`crate::normalize`]) with running headers and footers kept apart, plus a quality report.
//! Every limit on hostile input (size, decompression, recursion, time) is in [`Limits`].
//!
//! The pipeline, in the order data flows:
//! - lopdf parses the file (xref streams, object streams, incremental updates, a broken xref
//!   rebuilt by scanning) and removes an empty user password (RC4, AES-128, AES-256).
//! - `lexer` tokenises content streams forgivingly; `interp` runs them (graphics and text
//!   state, TJ kerning, Form XObjects with depth and cycle limits, ActualText, pagination
//!   artifacts) and emits positioned glyphs in upright page space (`/Rotate` applied).
//! - `fonts` decodes strings: `encoding` (standard encodings, glyph names), `cmap`
//!   (ToUnicode and CID CMaps), `truetype` (embedded `cmap` for Identity-H without
//!   ToUnicode), `cff` (built-in encodings and charsets of CFF programs without
//!   ToUnicode), `std14` (widths when a font has none). Unmapped glyphs are dropped and
//!   counted, never written as U+FFFD.
//! - `layout` turns glyphs into lines in reading order (baselines, superscripts, word
//!   spacing relative to the line's own letter spacing, XY-cut for columns).
//! - `furniture` moves running headers/footers and page numbers out of the body.
//! - `labels` gives each page its printed label (`/PageLabels`, else the page numbers in
//!   its running header or footer when they run with the page index).
//!
//! Each page runs under `catch_unwind`: a bug on one page costs that page (reported in
//! `quality.failed_pages`), not the file. The old lopdf `extract_text` path is kept as
//! [`extract_naive`] for the benchmark (`benches/extract_quality.rs`).

mod cff;
mod cmap;
mod encoding;
mod fonts;
mod furniture;
mod interp;
mod labels;
mod layout;
mod lexer;
mod naive;
mod std14;
mod table;
mod truetype;

pub use naive::extract_naive;

use crate::model::{PageText, Quality};
use std::time::Duration;

/// Bumped whenever extraction output changes, so `reindex` knows what is stale.
pub const VERSION: u32 = 8;

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

/// Reject what is not worth parsing: empty, too large, not a PDF.
pub(super) fn precheck(bytes: &[u8], limits: &Limits) -> Result<(), ExtractError> {
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
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ExtractError::NotPdf);
    }
    Ok(())
}

/// Open a PDF with lopdf (lenient: a broken xref table is rebuilt by scanning) and remove
/// an empty user password.
fn open(bytes: &[u8], limits: &Limits) -> Result<lopdf::Document, ExtractError> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        ..Default::default()
    };
    let loaded =
        std::panic::catch_unwind(|| lopdf::Document::load_mem_with_options(bytes, options));
    let mut doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(lopdf::Error::Decryption(_))) | Ok(Err(lopdf::Error::InvalidPassword)) => {
            return Err(ExtractError::Encrypted)
        }
        Ok(Err(e)) => return Err(ExtractError::Damaged(e.to_string())),
        Err(_) => {
            return Err(ExtractError::Damaged(
                "the PDF parser failed on this file".into(),
            ))
        }
    };
    if doc.is_encrypted() {
        doc.decrypt("").map_err(|_| ExtractError::Encrypted)?;
    }
    Ok(doc)
}

/// Page attributes that may be inherited from the page tree.
fn inherited<'a>(
    doc: &'a lopdf::Document,
    page: &'a lopdf::Dictionary,
    key: &[u8],
    max_depth: usize,
) -> Option<&'a lopdf::Object> {
    let mut node = page;
    for _ in 0..max_depth.max(1) {
        if let Some(v) = fonts::dict_get(doc, node, key) {
            return Some(v);
        }
        match fonts::dict_get(doc, node, b"Parent") {
            Some(lopdf::Object::Dictionary(parent)) => node = parent,
            _ => return None,
        }
    }
    None
}

fn rect(doc: &lopdf::Document, o: Option<&lopdf::Object>) -> Option<[f64; 4]> {
    let lopdf::Object::Array(a) = o? else {
        return None;
    };
    let v: Vec<f64> = a
        .iter()
        .filter_map(|x| fonts::num(fonts::deref(doc, x)))
        .collect();
    match v.as_slice() {
        [a, b, c, d] if (c - a).abs() > 1.0 && (d - b).abs() > 1.0 => {
            Some([a.min(*c), b.min(*d), a.max(*c), b.max(*d)])
        }
        _ => None,
    }
}

/// The text of one page: glyphs from the interpreter, laid out into lines. Also returns the
/// upright page height and the unmapped glyph count.
fn page_lines(
    doc: &lopdf::Document,
    page_id: lopdf::ObjectId,
    cache: &mut interp::FontCache,
    limits: &Limits,
    deadline: std::time::Instant,
) -> Result<(Vec<layout::Line>, f32, u64, bool), ExtractError> {
    let Ok(page) = doc.get_dictionary(page_id) else {
        return Ok((Vec::new(), 792.0, 0, false));
    };
    let depth = limits.max_depth;
    let media =
        rect(doc, inherited(doc, page, b"MediaBox", depth)).unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = rect(doc, inherited(doc, page, b"CropBox", depth)).unwrap_or(media);
    let rotate = inherited(doc, page, b"Rotate", depth)
        .and_then(fonts::num)
        .map_or(0, |r| (r as i64).rem_euclid(360));
    let (w, h) = (crop[2] - crop[0], crop[3] - crop[1]);
    let rotm: interp::Matrix = match rotate {
        90 => [0.0, -1.0, 1.0, 0.0, 0.0, w],
        180 => [-1.0, 0.0, 0.0, -1.0, w, h],
        270 => [0.0, 1.0, -1.0, 0.0, h, 0.0],
        _ => interp::IDENTITY,
    };
    let height = if rotate == 90 || rotate == 270 { w } else { h };
    let ctm = interp::mul(&[1.0, 0.0, 0.0, 1.0, -crop[0], -crop[1]], &rotm);
    let resources = match inherited(doc, page, b"Resources", depth) {
        Some(lopdf::Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let mut failed = false;
    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        match doc.get_object(id) {
            Ok(lopdf::Object::Stream(s)) => {
                match s.decompressed_content_with_limit(limits.max_stream_bytes) {
                    Ok(data) => {
                        content.extend_from_slice(&data);
                        content.push(b'\n');
                    }
                    Err(_) => failed = true,
                }
            }
            _ => failed = true,
        }
        if content.len() > limits.max_stream_bytes {
            return Err(ExtractError::TooLarge(format!(
                "a page's content is larger than {} bytes",
                limits.max_stream_bytes
            )));
        }
    }
    let mut it = interp::Interp::new(doc, cache, limits, deadline, ctm);
    it.run(&content, resources)?;
    let glyphs = it.out;
    let lines = layout::layout(&glyphs);
    Ok((
        lines,
        height as f32,
        glyphs.unmapped,
        failed || glyphs.truncated,
    ))
}

/// Extract the text of every page of a PDF.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    precheck(bytes, limits)?;
    let start = std::time::Instant::now();
    let deadline = start + limits.timeout;
    let doc = open(bytes, limits)?;
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    if page_ids.is_empty() {
        return Err(ExtractError::NoPages);
    }
    let mut cache = interp::FontCache::default();
    let mut quality = Quality::default();
    let mut pages: Vec<(Vec<layout::Line>, f32)> = Vec::with_capacity(page_ids.len());
    for (i, id) in page_ids.iter().enumerate() {
        let page_no = i as u32 + 1;
        if std::time::Instant::now() > deadline {
            return Err(ExtractError::Timeout(limits.timeout.as_secs()));
        }
        // Per-page isolation: a panic on one page (a bug, or in lopdf) costs that page only.
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            page_lines(&doc, *id, &mut cache, limits, deadline)
        }));
        match r {
            Ok(Ok((lines, height, unmapped, failed))) => {
                quality.unmapped_glyphs += unmapped;
                if failed {
                    quality.failed_pages.push(page_no);
                }
                pages.push((lines, height));
            }
            Ok(Err(e)) => return Err(e),
            Err(_) => {
                cache = interp::FontCache::default();
                quality.failed_pages.push(page_no);
                pages.push((Vec::new(), 792.0));
            }
        }
    }
    let views: Vec<furniture::PageLines<'_>> = pages
        .iter()
        .map(|(lines, height)| furniture::PageLines {
            lines,
            height: *height,
        })
        .collect();
    let places = furniture::classify(&views);
    let mut out = Extraction {
        pages: Vec::with_capacity(pages.len()),
        quality,
    };
    for (i, ((lines, _), place)) in pages.iter().zip(places).enumerate() {
        let page_no = i as u32 + 1;
        let mut body = String::new();
        let mut header = String::new();
        let mut footer = String::new();
        let attach = detached_hyphens(lines, &place);
        for (k, (line, p)) in lines.iter().zip(place).enumerate() {
            let dst = match p {
                furniture::Place::Header => &mut header,
                furniture::Place::Body => &mut body,
                furniture::Place::Footer => &mut footer,
            };
            let t = line.text.trim();
            if t.is_empty() {
                continue;
            }
            if !dst.is_empty() {
                dst.push('\n');
            }
            // A soft hyphen that ends a line is printed as a hyphen: keep it as one, so
            // "safe-" / "guarding" reaches the matcher (normalisation drops soft hyphens).
            match t.strip_suffix('\u{AD}') {
                Some(rest) => {
                    dst.push_str(rest);
                    dst.push('-');
                }
                None if attach.contains(&k) => {
                    // "Contex -" / "tual": the hyphen belongs to the word it follows
                    dst.push_str(t.strip_suffix('-').unwrap_or(t).trim_end());
                    dst.push('-');
                }
                None => dst.push_str(t),
            }
        }
        let page = PageText {
            body: clean(&body),
            header: clean(&header),
            footer: clean(&footer),
            label: None,
            ..PageText::default()
        };
        if page.body.trim().is_empty()
            && page.header.trim().is_empty()
            && page.footer.trim().is_empty()
        {
            out.quality.empty_pages.push(page_no);
        } else if suspicious(&page.body) {
            out.quality.suspicious_pages.push(page_no);
        }
        out.pages.push(page);
    }
    let labels = labels::labels(&doc, &out.pages, limits.max_depth);
    for (page, label) in out.pages.iter_mut().zip(labels) {
        page.label = label;
    }
    Ok(out)
}

/// Body lines ending in a hyphen set apart from its word by justification ("Contex -",
/// LibreOffice's automatic hyphenation in justified text) that is a line-end hyphenation: the
/// hyphen follows a letter, the next line continues in lower case, and the line ends at the
/// right margin of a justified paragraph — at least [`JUSTIFIED_LINES`] of the neighbouring
/// body lines end at the same x. A spaced dash mid-line, at a line end before a capital, on a
/// short line, or ending a line of ragged (unjustified) text ("where the criteria are met -" /
/// "see paragraph 354") is left as it is.
fn detached_hyphens(lines: &[layout::Line], place: &[furniture::Place]) -> Vec<usize> {
    let body: Vec<usize> = (0..lines.len())
        .filter(|&k| {
            place.get(k) == Some(&furniture::Place::Body)
                && lines.get(k).is_some_and(|l| !l.text.trim().is_empty())
        })
        .collect();
    let mut out = Vec::new();
    for (n, &k) in body.iter().enumerate() {
        let Some(line) = lines.get(k) else { continue };
        let t = line.text.trim_end();
        let Some(before) = t.strip_suffix('-') else {
            continue;
        };
        let spaced = before.ends_with(char::is_whitespace)
            && before
                .trim_end()
                .chars()
                .last()
                .is_some_and(char::is_alphabetic);
        let next = body.get(n + 1).and_then(|&j| lines.get(j));
        let lower_next = next.is_some_and(|l| {
            l.text
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        });
        if !spaced || !lower_next {
            continue;
        }
        let tolerance = 0.15 * line.size.max(1.0);
        let lo = n.saturating_sub(JUSTIFY_WINDOW);
        let same_end = body
            .iter()
            .enumerate()
            .skip(lo)
            .take(2 * JUSTIFY_WINDOW + 1)
            .filter(|&(m, _)| m != n)
            .filter_map(|(_, &j)| lines.get(j))
            .filter(|l| (l.x1 - line.x1).abs() <= tolerance)
            .count();
        if same_end >= JUSTIFIED_LINES {
            out.push(k);
        }
    }
    out
}

/// Body lines before and after a line that [`detached_hyphens`] compares it with.
const JUSTIFY_WINDOW: usize = 4;
/// Of those, how many must end at the line's x for its paragraph to count as justified.
const JUSTIFIED_LINES: usize = 2;

/// Normalise, and make sure no replacement character survives.
fn clean(s: &str) -> String {
    let n = crate::normalize::normalize(s);
    let n = if n.contains('\u{FFFD}') {
        n.replace('\u{FFFD}', "")
    } else {
        n
    };
    n.trim_end().to_string()
}

/// Many one-letter words: letters spaced apart, the spacing was not understood.
fn suspicious(body: &str) -> bool {
    let mut words = 0usize;
    let mut single = 0usize;
    for w in body.split_whitespace() {
        if w.chars().any(char::is_alphanumeric) {
            words += 1;
            let mut cs = w.chars().filter(|c| c.is_alphabetic());
            if cs.next().is_some() && cs.next().is_none() && w.chars().count() == 1 {
                single += 1;
            }
        }
    }
    words >= 30 && single * 4 > words
}

/// Debugging aid for the benchmark and tests: the laid-out lines of one page (1-based) with
/// their top and bottom, before header/footer detection and normalisation.
#[doc(hidden)]
pub fn debug_page_lines(bytes: &[u8], page: usize) -> Vec<(String, f32, f32)> {
    let limits = Limits::default();
    let Ok(doc) = open(bytes, &limits) else {
        return Vec::new();
    };
    let Some(id) = doc.get_pages().into_values().nth(page.saturating_sub(1)) else {
        return Vec::new();
    };
    let mut cache = interp::FontCache::default();
    let deadline = std::time::Instant::now() + limits.timeout;
    match page_lines(&doc, id, &mut cache, &limits, deadline) {
        Ok((lines, ..)) => lines
            .into_iter()
            .map(|l| (l.text, l.top, l.bottom))
            .collect(),
        Err(_) => Vec::new(),
    }
}
