//! `efrh lexicon check [FILE]`: validate a lexicon, show each concept's terms, and warn where
//! terms of two concepts overlap (text matching one also counts for the other).
//!
//! Exit 0 when the lexicon is valid (warnings included), 2 when it is not (file and line named).

use efrh::lexicon::Lexicon;
use efrh::output::{write_rows, Format};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Work with lexicons (the concept and term lists that `count`, `kwic` and `report` use).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Validate a lexicon, list its concepts and terms (as written), warn about overlapping
    /// terms, wildcard- or pattern-looking characters (terms match literally) and acronyms that
    /// are not upper case (acronyms match case-sensitively).
    ///
    /// Without FILE: the lexicon `count` would use (./lexicons/efrh.toml if present, else the
    /// built-in one).
    Check {
        /// The lexicon file (TOML).
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Output format: table, csv or json.
        #[arg(long, default_value = "table")]
        format: Format,
    },
}

/// One concept, as listed by `lexicon check --format csv|json`.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    label: String,
    group: String,
    terms: String,
    acronyms: String,
}

const COLUMNS: &[&str] = &["id", "label", "group", "terms", "acronyms"];

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let Sub::Check { file, format } = args.command;
    let lexicon = Lexicon::resolve(file.as_deref())?;
    let out = &mut std::io::stdout().lock();
    match format {
        Format::Table => {
            for c in lexicon.concepts() {
                let (terms, acronyms) = as_written(&lexicon, c);
                writeln!(out, "{}  {}  [{}]", c.id, c.label, c.group)?;
                writeln!(out, "  terms:    {}", list(&terms))?;
                writeln!(out, "  acronyms: {}", list(&acronyms))?;
            }
        }
        f => {
            let rows: Vec<Row> = lexicon
                .concepts()
                .iter()
                .map(|c| {
                    let (terms, acronyms) = as_written(&lexicon, c);
                    Row {
                        id: c.id.clone(),
                        label: c.label.clone(),
                        group: c.group.clone(),
                        terms: terms.join("; "),
                        acronyms: acronyms.join("; "),
                    }
                })
                .collect();
            write_rows(out, f, COLUMNS, &rows)?;
        }
    }
    let warnings = lexicon.warnings();
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let overlaps = lexicon.overlaps();
    for o in &overlaps {
        eprintln!(
            "warning: \"{}\" ({}) also counts as \"{}\" ({})",
            o.term_a, o.concept_a, o.term_b, o.concept_b
        );
    }
    if !config.quiet {
        let terms: usize = lexicon
            .concepts()
            .iter()
            .map(|c| c.terms.len() + c.acronyms.len())
            .sum();
        eprintln!(
            "{}: valid, {} concepts, {} terms and acronyms, {} term warning(s), {} overlap \
             warning(s); sha256 {}",
            lexicon.origin(),
            lexicon.concepts().len(),
            terms,
            warnings.len(),
            overlaps.len(),
            lexicon.sha256()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A concept's terms and acronyms as its file spells them ("trauma-informed", not the
/// normalised "trauma informed" the matcher compiles).
fn as_written(lexicon: &Lexicon, c: &efrh::lexicon::Concept) -> (Vec<String>, Vec<String>) {
    match lexicon.written(&c.id) {
        Some(w) => (
            w.terms.iter().map(|(t, _)| t.trim().to_string()).collect(),
            w.acronyms
                .iter()
                .map(|(t, _)| t.trim().to_string())
                .collect(),
        ),
        None => (c.terms.clone(), c.acronyms.clone()),
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items.join("; ")
    }
}
