//! Domain values, parsed once at the edge: [`Nation`], [`Year`], [`DocId`], [`Wave`],
//! [`DocMeta`] and the catalogue record [`Document`].
//!
//! Every value that arrives as a string (a CLI flag, a manifest cell, a catalogue field) is
//! turned into one of these types by `FromStr`, so a misspelt nation never travels further.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The devolved nations of the UK, plus UK-wide documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Nation {
    England,
    Scotland,
    Wales,
    NorthernIreland,
    Uk,
}

impl Nation {
    pub const ALL: [Nation; 5] = [
        Nation::England,
        Nation::Scotland,
        Nation::Wales,
        Nation::NorthernIreland,
        Nation::Uk,
    ];

    /// The canonical machine name used in the catalogue, CSV and queries.
    pub fn as_str(self) -> &'static str {
        match self {
            Nation::England => "england",
            Nation::Scotland => "scotland",
            Nation::Wales => "wales",
            Nation::NorthernIreland => "northern-ireland",
            Nation::Uk => "uk",
        }
    }

    /// A label for charts and reports.
    pub fn label(self) -> &'static str {
        match self {
            Nation::England => "England",
            Nation::Scotland => "Scotland",
            Nation::Wales => "Wales",
            Nation::NorthernIreland => "Northern Ireland",
            Nation::Uk => "UK-wide",
        }
    }
}

impl fmt::Display for Nation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Nation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s
            .trim()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Ok(match key.as_str() {
            "england" | "eng" | "en" => Nation::England,
            "scotland" | "sco" | "scot" => Nation::Scotland,
            "wales" | "wal" | "cymru" => Nation::Wales,
            "northernireland" | "ni" | "nireland" => Nation::NorthernIreland,
            "uk" | "ukwide" | "unitedkingdom" => Nation::Uk,
            // Great Britain is England, Scotland and Wales: reading it as UK-wide would file
            // a document as covering Northern Ireland too.
            "gb" | "greatbritain" | "britain" => {
                return Err(format!(
                    "'{}' is not a nation efrh records: Great Britain excludes Northern \
                     Ireland. Use uk for a UK-wide document, or the nation it covers \
                     (england, scotland or wales)",
                    s.trim()
                ))
            }
            _ => {
                return Err(format!(
                    "unknown nation '{}' (expected one of: england, scotland, wales, northern-ireland, uk)",
                    s.trim()
                ))
            }
        })
    }
}

impl From<Nation> for String {
    fn from(n: Nation) -> String {
        n.as_str().to_string()
    }
}

impl TryFrom<String> for Nation {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// A year of publication: 1990 up to next year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u16", try_from = "u16")]
pub struct Year(u16);

impl Year {
    pub const MIN: u16 = 1990;

    /// The latest accepted year: next calendar year (by the system clock).
    pub fn max() -> u16 {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        // 365.2425 days a year is exact enough to find the calendar year.
        let this_year = 1970 + (secs as f64 / (365.2425 * 86400.0)) as u64;
        (this_year + 1).min(u16::MAX as u64) as u16
    }

    pub fn new(y: u16) -> Result<Year, String> {
        let max = Year::max();
        if (Year::MIN..=max).contains(&y) {
            Ok(Year(y))
        } else {
            Err(format!("year {y} is out of range ({} to {max})", Year::MIN))
        }
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Year {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let y: u16 = t
            .parse()
            .map_err(|_| format!("year '{t}' is not a number (expected e.g. 2020)"))?;
        Year::new(y)
    }
}

impl From<Year> for u16 {
    fn from(y: Year) -> u16 {
        y.0
    }
}

impl TryFrom<u16> for Year {
    type Error = String;
    fn try_from(y: u16) -> Result<Self, Self::Error> {
        Year::new(y)
    }
}

/// The analysis round that first included a document (e.g. 2020, 2022).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u16", try_from = "u16")]
pub struct Wave(u16);

impl Wave {
    pub fn get(self) -> u16 {
        self.0
    }
}

impl fmt::Display for Wave {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Wave {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let w: u16 = t
            .parse()
            .map_err(|_| format!("wave '{t}' is not a year (expected e.g. 2020 or 2022)"))?;
        Wave::try_from(w)
    }
}

impl From<Wave> for u16 {
    fn from(w: Wave) -> u16 {
        w.0
    }
}

impl TryFrom<u16> for Wave {
    type Error = String;
    fn try_from(w: u16) -> Result<Self, Self::Error> {
        if (Year::MIN..=Year::max()).contains(&w) {
            Ok(Wave(w))
        } else {
            Err(format!(
                "wave {w} is out of range ({} to {})",
                Year::MIN,
                Year::max()
            ))
        }
    }
}

/// A document id: the first 16 hex digits of the SHA-256 of the PDF's bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct DocId(String);

impl DocId {
    pub const LEN: usize = 16;

    /// The id of a PDF, from its bytes.
    pub fn from_bytes(bytes: &[u8]) -> DocId {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        DocId(hex[..DocId::LEN].to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for DocId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        if t.len() == DocId::LEN && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(DocId(t))
        } else {
            Err(format!(
                "'{}' is not a document id ({} hex digits, as shown by `efrh list`)",
                s.trim(),
                DocId::LEN
            ))
        }
    }
}

impl From<DocId> for String {
    fn from(d: DocId) -> String {
        d.0
    }
}

impl TryFrom<String> for DocId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// The stored text of one page (what extraction yields and every reader of the corpus uses).
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
    /// The page number printed on the page, the one a reader cites ("16", "iv", "A-3"): from
    /// the PDF's page labels, else from its running header or footer. `None` where unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Metadata an analyst supplies for a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    pub title: String,
    pub nation: Nation,
    pub year: Year,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wave: Option<Wave>,
    /// When it was downloaded from `url` (`YYYY-MM-DD`, by `add --fetch`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
}

/// What the extractor found wrong with a document: shown by `list` so an analyst knows
/// which counts to distrust.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quality {
    /// 1-based numbers of pages that yielded no text (scanned: need OCR).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub empty_pages: Vec<u32>,
    /// Glyphs that could not be mapped to Unicode and were dropped.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unmapped_glyphs: u64,
    /// 1-based numbers of pages whose content could not be fully read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_pages: Vec<u32>,
    /// Pages with suspicious spacing (e.g. many one-letter words).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suspicious_pages: Vec<u32>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Quality {
    /// Nothing to report (the catalogue then omits the quality table).
    pub fn is_clean(&self) -> bool {
        self == &Quality::default()
    }

    /// True when no page has any text: the document needs OCR.
    pub fn needs_ocr(&self, pages: u32) -> bool {
        pages > 0 && self.empty_pages.len() as u32 >= pages
    }

    /// A short human summary for `list`, empty when all is well.
    pub fn summary(&self, pages: u32) -> String {
        let mut parts = Vec::new();
        if self.needs_ocr(pages) {
            parts.push("no text layer: needs OCR".to_string());
        } else if !self.empty_pages.is_empty() {
            parts.push(format!("{} page(s) without text", self.empty_pages.len()));
        }
        if !self.failed_pages.is_empty() {
            parts.push(format!("{} page(s) unreadable", self.failed_pages.len()));
        }
        if self.unmapped_glyphs > 0 {
            parts.push(format!("{} unmapped glyph(s)", self.unmapped_glyphs));
        }
        if !self.suspicious_pages.is_empty() {
            parts.push(format!(
                "{} page(s) with suspicious spacing",
                self.suspicious_pages.len()
            ));
        }
        parts.join("; ")
    }
}

/// One catalogue record: a stored document and its metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    #[serde(flatten)]
    pub meta: DocMeta,
    /// The file name the PDF had when it was added.
    pub file: String,
    /// Size of the PDF in bytes.
    pub bytes: u64,
    pub pages: u32,
    pub words: u64,
    /// SHA-256 (hex) of the stored page-text file, checked by `efrh check`.
    pub text_sha256: String,
    /// Version of the extractor that produced the stored text.
    pub extractor: u32,
    #[serde(default, skip_serializing_if = "Quality::is_clean")]
    pub quality: Quality,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nation_aliases() {
        for (s, n) in [
            ("England", Nation::England),
            ("Northern Ireland", Nation::NorthernIreland),
            ("NI", Nation::NorthernIreland),
            ("northern-ireland", Nation::NorthernIreland),
            ("UK-wide", Nation::Uk),
            ("uk", Nation::Uk),
            ("WALES", Nation::Wales),
            ("Scotland", Nation::Scotland),
        ] {
            assert_eq!(s.parse::<Nation>(), Ok(n), "{s}");
        }
        assert!("France".parse::<Nation>().is_err());
        for gb in ["gb", "GB", "Great Britain", "great-britain"] {
            let err = gb.parse::<Nation>().expect_err(gb);
            assert!(err.contains("excludes Northern Ireland"), "{err}");
        }
    }

    #[test]
    fn year_range() {
        assert!("1989".parse::<Year>().is_err());
        assert_eq!("1990".parse::<Year>().map(Year::get), Ok(1990));
        assert!(Year::new(Year::max()).is_ok());
        assert!(Year::new(Year::max() + 1).is_err());
        assert!("20x0".parse::<Year>().is_err());
    }

    #[test]
    fn doc_id_is_content_derived() {
        let a = DocId::from_bytes(b"%PDF-1.4 a");
        assert_eq!(a, DocId::from_bytes(b"%PDF-1.4 a"));
        assert_ne!(a, DocId::from_bytes(b"%PDF-1.4 b"));
        assert_eq!(a.as_str().len(), DocId::LEN);
        assert_eq!(a.as_str().parse::<DocId>(), Ok(a.clone()));
    }
}
