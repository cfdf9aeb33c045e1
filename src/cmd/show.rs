//! `efrh show ID`: one document's whole catalogue record, and where its files are.
//!
//! The record is serialised as the catalogue stores it (every field of `Document`, in its
//! order), so a field added to the catalogue appears here without a change to this file.

use efrh::corpus::Lookup;
use efrh::output::Format;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::io::Write;
use std::process::ExitCode;

/// Show one document's whole record: metadata (title, nation, year, publisher, kind, url,
/// wave, …), the stored PDF and text files, pages, words, extraction quality and the
/// extractor version.
///
/// `--format table` (the default) lists one field per line; `csv` is a header row and one
/// row; `json` is an array holding one object. Nested values are named with a dot
/// (`quality.empty_pages`); lists are joined with "; " in the table and CSV.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Document id (as shown by `efrh list`; a prefix of at least 4 characters will do).
    id: String,
    /// Output format: table, csv or json.
    #[arg(long, default_value = "table")]
    format: Format,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    // One record and its files: nothing else of the catalogue is read.
    let corpus = Lookup::open(&config.corpus)?;
    let doc = &corpus.resolve(&args.id)?;
    let mut fields = Vec::new();
    let record = serde_json::to_string(doc)?;
    let Ordered(top) = serde_json::from_str(&record)?;
    for (key, value) in top {
        flatten(&key, value, &mut fields);
    }
    fields.push((
        "stored_pdf".into(),
        Value::from(corpus.pdf_path(&doc.id).display().to_string()),
    ));
    fields.push((
        "stored_text".into(),
        Value::from(corpus.text_path(&doc.id).display().to_string()),
    ));
    fields.push((
        "quality_summary".into(),
        Value::from(doc.quality.summary(doc.pages)),
    ));
    fields.push((
        "extractor_current".into(),
        Value::from(efrh::extract::VERSION),
    ));
    let out = &mut std::io::stdout().lock();
    match args.format {
        Format::Table => {
            let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
            for (k, v) in &fields {
                writeln!(out, "{k:<width$}  {}", cell(v))?;
            }
            if doc.extractor < efrh::extract::VERSION && !config.quiet {
                eprintln!(
                    "note: extracted by extractor version {} (now {}); `efrh reindex` extracts \
                     it again",
                    doc.extractor,
                    efrh::extract::VERSION
                );
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(fields.iter().map(|(k, _)| k.as_str()))?;
            w.write_record(fields.iter().map(|(_, v)| cell(v)))?;
            w.flush()?;
        }
        Format::Json => {
            let object: serde_json::Map<String, Value> = fields.into_iter().collect();
            serde_json::to_writer_pretty(&mut *out, &[object]).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Objects become `parent.child` fields; everything else is kept as it is.
fn flatten(key: &str, value: Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&format!("{key}.{k}"), v, out);
            }
        }
        v => out.push((key.to_string(), v)),
    }
}

/// A value as one table or CSV cell.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// A JSON object's entries in the order they were written (serde_json's own map sorts
/// them), so fields show in the catalogue's order.
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    out.push(entry);
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V)
    }
}
