//! The JSON rows of `efrh`'s commands as tests read them back. Each struct holds the column
//! contract of `../shared/spec/cli.md` (`deny_unknown_fields`: a changed, added or missing
//! column fails the test that reads it).

use serde::Deserialize;

/// A row of `efrh kwic --format json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KwicRow {
    pub id: String,
    pub title: String,
    pub nation: String,
    pub year: u16,
    pub page: u32,
    pub page_label: Option<String>,
    pub concept: String,
    pub left: String,
    #[serde(rename = "match")]
    pub matched: String,
    pub right: String,
    /// The page was read by OCR.
    pub ocr: bool,
}

/// A row of `efrh compare --format json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareRow {
    pub concept: String,
    pub a_documents: u64,
    pub a_mentioning: u64,
    pub a_share: Option<f64>,
    pub b_documents: u64,
    pub b_mentioning: u64,
    pub b_share: Option<f64>,
    pub share_diff: Option<f64>,
    pub p_value: Option<f64>,
    pub a_per_10k: Option<f64>,
    pub b_per_10k: Option<f64>,
    pub rate_ratio: Option<f64>,
    pub rate_ratio_low: Option<f64>,
    pub rate_ratio_high: Option<f64>,
}

/// A row of `efrh audit score --format json` (`agreement` and `kappa` with two analysts).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreRow {
    pub concept: String,
    pub judged: u64,
    pub yes: u64,
    pub no: u64,
    pub unsure: u64,
    pub precision: Option<f64>,
    pub precision_low: Option<f64>,
    pub precision_high: Option<f64>,
    #[serde(default)]
    pub agreement: Option<f64>,
    #[serde(default)]
    pub kappa: Option<f64>,
}
