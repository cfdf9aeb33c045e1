//! Charts and the HTML report: the only module that knows plotters.
//!
//! - [`data`]: the numbers behind every chart and table, from per-document counts (pure).
//! - [`charts`]: drawing those datasets as SVG and PNG with plotters.
//! - [`font`]: the embedded font the charts are drawn with.
//! - [`html`]: the self-contained HTML report, everything from a document escaped.

pub mod charts;
pub mod data;
pub mod font;
pub mod html;
