//! Domain values, parsed once at the edge: [`Nation`], [`Year`], [`DocId`], [`Wave`],
//! [`Level`], [`Authority`], [`SeriesId`], [`PubDate`], [`VarName`], [`DocMeta`] and the
//! catalogue record [`Document`].
//!
//! Every value that arrives as a string (a CLI flag, a manifest cell, a catalogue field) is
//! turned into one of these types by `FromStr`, so a misspelt nation never travels further.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// `Display` as the type's `as_str`.
macro_rules! display_as_str {
    ($($t:ty),+) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )+};
}

/// Serialised as its `Display` text and read back through `FromStr`: the conversions behind
/// `#[serde(into = "String", try_from = "String")]`.
macro_rules! serde_as_string {
    ($($t:ty),+) => {$(
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.to_string()
            }
        }

        impl TryFrom<String> for $t {
            type Error = String;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
    )+};
}

/// A validated string (`struct T(String)`): `as_str`, `Display`, and serde as that string.
macro_rules! string_newtype {
    ($($t:ident),+) => {$(
        impl $t {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    )+
    display_as_str!($($t),+);
    serde_as_string!($($t),+);
    };
}

/// A year-like number (`struct T(u16)`) from [`Year::MIN`] to [`Year::max`]: `get`,
/// `Display`, parsed from text (`what`, the value's name in errors, and `not_number`, what an
/// error says of text that is no number) and serde as the number.
macro_rules! year_newtype {
    ($($t:ident: $what:literal, $not_number:literal);+ $(;)?) => {$(
        impl $t {
            pub fn get(self) -> u16 {
                self.0
            }
        }

        impl TryFrom<u16> for $t {
            type Error = String;
            fn try_from(n: u16) -> Result<Self, Self::Error> {
                let max = Year::max();
                if (Year::MIN..=max).contains(&n) {
                    Ok($t(n))
                } else {
                    Err(format!("{} {n} is out of range ({} to {max})", $what, Year::MIN))
                }
            }
        }

        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim();
                let n: u16 = t
                    .parse()
                    .map_err(|_| format!("{} '{t}' {}", $what, $not_number))?;
                $t::try_from(n)
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl From<$t> for u16 {
            fn from(v: $t) -> u16 {
                v.0
            }
        }
    )+};
}

// The conversions the value types below share.
display_as_str!(Nation, Level);
serde_as_string!(Nation, Level, PubDate);
string_newtype!(DocId, Authority, SeriesId, VarName);
year_newtype!(
    Year: "year", "is not a number (expected e.g. 2020)";
    Wave: "wave", "is not a year (expected e.g. 2020 or 2022)";
);

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
        Year::try_from(y)
    }
}

/// The analysis round that first included a document (e.g. 2020, 2022).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u16", try_from = "u16")]
pub struct Wave(u16);

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

/// The value among `all` whose `name` is `s` (trimmed, in any case): the parse of a keyword
/// option such as a level or an output format.
pub fn keyword<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str, s: &str) -> Option<T> {
    let s = s.trim();
    all.iter()
        .copied()
        .find(|&v| name(v).eq_ignore_ascii_case(s))
}

/// The civil date `(year, month, day)` of a day number counted from 1970-01-01 (Howard
/// Hinnant's algorithm), for dates and times written without a time-zone library.
pub fn civil_date(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
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
    /// The language of each stretch of `body` (`crate::language`); empty for text stored
    /// before languages were detected (read as all English).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub langs: Vec<crate::language::LangSpan>,
    /// The body was read by OCR from an image of the page (`add --ocr`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
}

impl PageText {
    /// A page of body text alone: no running header or footer, label or languages.
    pub fn from_body(body: impl Into<String>) -> PageText {
        PageText {
            body: body.into(),
            ..PageText::default()
        }
    }
}

/// Where a document sits: national guidance (the default), a region's, or a local
/// authority's or safeguarding partnership's.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(into = "String", try_from = "String")]
pub enum Level {
    #[default]
    National,
    Regional,
    Local,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::National, Level::Regional, Level::Local];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Regional => "regional",
            Level::Local => "local",
        }
    }

    /// A label for charts and reports.
    pub fn label(self) -> &'static str {
        match self {
            Level::National => "National",
            Level::Regional => "Regional",
            Level::Local => "Local",
        }
    }

    /// The catalogue omits the default level (so corpora written before levels existed
    /// read the same).
    pub fn is_national(&self) -> bool {
        *self == Level::National
    }
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        keyword(&Level::ALL, Level::as_str, s).ok_or_else(|| {
            format!(
                "unknown level '{}' (expected national, regional or local)",
                s.trim()
            )
        })
    }
}

/// The body issuing a regional or local document (a local authority, health board or
/// safeguarding partnership), e.g. `Devon`. Free text, trimmed, never empty.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Authority(String);

impl FromStr for Authority {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.is_empty() {
            Err("the authority is empty (e.g. Devon)".into())
        } else {
            Ok(Authority(t))
        }
    }
}

/// True for a non-empty run of `[a-z0-9]` and the extra characters `extra`.
fn is_id(s: &str, extra: &[u8]) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || extra.contains(&b))
}

/// The id shared by the editions of one document, `[a-z0-9-]+` (`kcsie`, `working-together`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct SeriesId(String);

impl FromStr for SeriesId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if is_id(t, b"-") {
            Ok(SeriesId(t.to_string()))
        } else {
            Err(format!(
                "series '{t}' is not a series id (lower-case letters, digits and hyphens, e.g.                  kcsie or working-together)"
            ))
        }
    }
}

/// A publication date finer than the year, `YYYY-MM` or `YYYY-MM-DD`: orders two editions of
/// a series published in one year. A month alone sorts before any day of that month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct PubDate {
    year: u16,
    month: u8,
    day: Option<u8>,
}

impl PubDate {
    pub fn year(self) -> u16 {
        self.year
    }

    /// The date must fall inside the document's year of publication.
    pub fn check_year(self, year: Year) -> Result<(), String> {
        if self.year == year.get() {
            Ok(())
        } else {
            Err(format!(
                "date {self} is outside the year {year} (the date must fall in the year of                  publication)"
            ))
        }
    }
}

impl fmt::Display for PubDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PubDate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad =
            || format!("date '{t}' is not a date (expected YYYY-MM or YYYY-MM-DD, e.g. 2021-09)");
        let parts: Vec<&str> = t.split('-').collect();
        let num = |p: &str, len: usize| -> Result<u16, String> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (year, month, day) = match parts.as_slice() {
            [y, m] => (num(y, 4)?, num(m, 2)?, None),
            [y, m, d] => (num(y, 4)?, num(m, 2)?, Some(num(d, 2)?)),
            _ => return Err(bad()),
        };
        let year = Year::new(year)?.get();
        if !(1..=12).contains(&month) {
            return Err(format!("date '{t}': month {month} does not exist"));
        }
        if let Some(d) = day {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            let last = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if !(1..=last).contains(&d) {
                return Err(format!("date '{t}': day {d} does not exist in that month"));
            }
        }
        Ok(PubDate {
            year,
            month: month as u8,
            day: day.map(|d| d as u8),
        })
    }
}

/// The name of a researcher's own document variable, `[a-z0-9_-]+` (manifest column
/// `var:NAME`, flag `--var NAME=VALUE`). Upper-case letters are read as lower case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct VarName(String);

impl FromStr for VarName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        if is_id(&t, b"_-") {
            Ok(VarName(t))
        } else if t.is_empty() {
            Err("a variable needs a name (var:NAME, e.g. var:audience)".into())
        } else {
            Err(format!(
                "'{}' is not a variable name (letters a-z, digits, '_' and '-', e.g. audience)",
                s.trim()
            ))
        }
    }
}

/// `NAME=VALUE` as typed after `--var`: a variable and its value (trimmed; may be empty, which
/// clears the variable when adding, and matches documents without it when selecting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarAssign {
    pub name: VarName,
    pub value: String,
}

impl FromStr for VarAssign {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let Some((name, value)) = s.split_once('=') else {
            return Err(format!(
                "'{}' is not NAME=VALUE (e.g. --var audience=schools)",
                s.trim()
            ));
        };
        Ok(VarAssign {
            name: name.parse()?,
            value: value.trim().to_string(),
        })
    }
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
    /// National (the default: catalogues written before levels existed), regional or local.
    #[serde(default, skip_serializing_if = "Level::is_national")]
    pub level: Level,
    /// The issuing body of a regional or local document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<Authority>,
    /// The series this document is one edition of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<SeriesId>,
    /// Publication date inside `year` (orders editions of one year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PubDate>,
    /// The researcher's own variables (`var:NAME`); a variable a document lacks is absent.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vars: BTreeMap<VarName, String>,
}

impl DocMeta {
    /// A national document with only the required fields.
    pub fn new(title: impl Into<String>, nation: Nation, year: Year) -> DocMeta {
        DocMeta {
            title: title.into(),
            nation,
            year,
            publisher: None,
            kind: None,
            url: None,
            wave: None,
            level: Level::National,
            authority: None,
            series: None,
            date: None,
            vars: BTreeMap::new(),
            retrieved: None,
        }
    }

    /// The order of editions within a series: year, then date (an edition without a date
    /// sorts before dated ones of its year).
    pub fn edition_key(&self) -> (Year, Option<PubDate>) {
        (self.year, self.date)
    }
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
    /// 1-based numbers of pages without a text layer whose text was read by OCR
    /// (`add --ocr`): their counts depend on the OCR's accuracy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ocr_pages: Vec<u32>,
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
        if !self.ocr_pages.is_empty() {
            parts.push(format!("{} page(s) read by OCR", self.ocr_pages.len()));
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
    /// Words in English (the default lexicon language), the denominator of every rate; see
    /// [`Document::words_in`] for the other languages.
    pub words: u64,
    /// Words per detected language (`crate::language`); empty in catalogues written before
    /// languages were detected, whose `words` count every word.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub words_by_language: std::collections::BTreeMap<crate::language::Lang, u64>,
    /// SHA-256 (hex) of the stored page-text file, checked by `efrh check`.
    pub text_sha256: String,
    /// Version of the extractor that produced the stored text.
    pub extractor: u32,
    #[serde(default, skip_serializing_if = "Quality::is_clean")]
    pub quality: Quality,
}

impl Document {
    /// The words of this document in `lang`: the denominator of rates for a lexicon in that
    /// language. A record without per-language counts (an older catalogue) has all its words
    /// in the default language.
    pub fn words_in(&self, lang: crate::language::Lang) -> u64 {
        if lang == crate::language::Lang::DEFAULT {
            self.words
        } else {
            self.words_by_language.get(&lang).copied().unwrap_or(0)
        }
    }
}

#[cfg(test)]
impl Document {
    /// A record for unit tests: `meta` with neutral store fields (one page, one word, no
    /// text hash, extractor 1, clean quality); tests override what they need with `..`.
    pub(crate) fn stub(id: DocId, meta: DocMeta) -> Document {
        Document {
            id,
            meta,
            file: "x.pdf".into(),
            bytes: 1,
            pages: 1,
            words: 1,
            words_by_language: Default::default(),
            text_sha256: String::new(),
            extractor: 1,
            quality: Quality::default(),
        }
    }
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
    fn levels_series_dates_and_var_names_parse_or_say_why() {
        assert_eq!("Local".parse::<Level>(), Ok(Level::Local));
        assert_eq!(" regional ".parse::<Level>(), Ok(Level::Regional));
        let e = "county".parse::<Level>().expect_err("bad level");
        assert!(e.contains("national, regional or local"), "{e}");

        assert_eq!(
            "kcsie".parse::<SeriesId>().map(String::from),
            Ok("kcsie".into())
        );
        assert!("working-together-2".parse::<SeriesId>().is_ok());
        for bad in ["KCSIE", "working together", "", "kcsie_2"] {
            assert!(bad.parse::<SeriesId>().is_err(), "{bad}");
        }

        let d: PubDate = "2021-09".parse().expect("month");
        assert_eq!(d.to_string(), "2021-09");
        let dd: PubDate = "2021-09-01".parse().expect("day");
        assert!(d < dd, "a month alone sorts before its days");
        assert!(dd < "2021-10".parse::<PubDate>().expect("next month"));
        assert!(d.check_year(Year::new(2021).expect("y")).is_ok());
        let e = d
            .check_year(Year::new(2020).expect("y"))
            .expect_err("outside");
        assert!(e.contains("outside the year 2020"), "{e}");
        for bad in [
            "2021",
            "2021-13",
            "2021-02-30",
            "2020-02-30",
            "21-09",
            "2021/09",
            "x",
        ] {
            assert!(bad.parse::<PubDate>().is_err(), "{bad}");
        }
        assert!("2020-02-29".parse::<PubDate>().is_ok(), "leap day");

        assert_eq!(
            "Audience".parse::<VarName>().map(String::from),
            Ok("audience".into())
        );
        assert!("la_region-2".parse::<VarName>().is_ok());
        for bad in ["", "two words", "é", "a:b"] {
            assert!(bad.parse::<VarName>().is_err(), "{bad}");
        }
        let a: VarAssign = "audience = schools".parse().expect("assign");
        assert_eq!((a.name.as_str(), a.value.as_str()), ("audience", "schools"));
        assert!("audience".parse::<VarAssign>().is_err());
        assert!("=x".parse::<VarAssign>().is_err());
        assert_eq!(
            "  Devon   County ".parse::<Authority>().map(String::from),
            Ok("Devon County".into())
        );
        assert!(" ".parse::<Authority>().is_err());
    }

    #[test]
    fn civil_dates() {
        // Reference dates from `date -u -d @$((N*86400)) +%F`.
        for (days, date) in [
            (0, (1970, 1, 1)),
            (11_016, (2000, 2, 29)),
            (-1, (1969, 12, 31)),
            (19_417, (2023, 3, 1)),
            (47_540, (2100, 2, 28)),
        ] {
            assert_eq!(civil_date(days), date, "{days}");
        }
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
