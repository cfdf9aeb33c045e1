//! Build the bundled demonstration corpus from its sources.
//!
//! ```text
//! cargo run --example make_demo_corpus            # rewrites ./corpus
//! cargo run --example make_demo_corpus -- DIR     # builds a copy in DIR (sources read from ./corpus/source)
//! ```
//!
//! Reads `corpus/source/documents.toml` and `corpus/source/paragraphs.toml` (prose written for
//! efrh: illustrative, not real policy), writes one PDF per document to `DIR/source/`, the
//! manifest `DIR/manifest.csv`, and then builds the store (`DIR/catalogue.toml`, `pdf/`,
//! `text/`) from scratch with the same code path as `efrh add --manifest`. Output is
//! deterministic: running it twice gives the same bytes and the same document ids.

use efrh::corpus::{ingest, Corpus};
use efrh::pdfwrite::{self, Options};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const MARKER: &str =
    "Illustrative document written for the efrh demonstration corpus — not real policy";

#[derive(Deserialize)]
struct Docs {
    doc: Vec<Doc>,
}

#[derive(Deserialize)]
struct Doc {
    slug: String,
    title: String,
    nation: String,
    year: u16,
    wave: u16,
    publisher: String,
    kind: String,
    /// national (default), regional or local.
    #[serde(default)]
    level: Option<String>,
    /// The issuing body of a local document.
    #[serde(default)]
    authority: Option<String>,
    /// The series this document is an edition of.
    #[serde(default)]
    series: Option<String>,
    /// YYYY-MM: orders editions.
    #[serde(default)]
    date: Option<String>,
    summary: String,
    sections: Vec<Section>,
}

#[derive(Deserialize)]
struct Section {
    heading: String,
    paras: Vec<String>,
}

#[derive(Deserialize)]
struct Bank {
    para: BTreeMap<String, String>,
}

/// Body text width in characters (11 pt Helvetica on A4 with 1-inch margins).
const WIDTH: usize = 88;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sources = repo.join("corpus/source");
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("corpus"));
    let docs: Docs = toml::from_str(&std::fs::read_to_string(sources.join("documents.toml"))?)?;
    let bank: Bank = toml::from_str(&std::fs::read_to_string(sources.join("paragraphs.toml"))?)?;

    std::fs::create_dir_all(out.join("source"))?;
    let mut manifest = csv::Writer::from_path(out.join("manifest.csv"))?;
    manifest.write_record([
        "path",
        "title",
        "nation",
        "year",
        "publisher",
        "kind",
        "wave",
        "level",
        "authority",
        "series",
        "date",
    ])?;
    for doc in &docs.doc {
        if !doc.title.contains("illustrative") || !doc.publisher.contains("illustrative") {
            return Err(
                format!("{}: title and publisher must say 'illustrative'", doc.slug).into(),
            );
        }
        let pages = render(doc, &bank)?;
        if !(2..=6).contains(&pages.len()) {
            return Err(format!("{}: {} pages (want 2 to 6)", doc.slug, pages.len()).into());
        }
        let pdf = pdfwrite::text_pdf(
            &pages,
            &Options {
                title: Some(doc.title.clone()),
                header: Some(format!(
                    "{} — illustrative, not real policy",
                    doc.publisher.replace(" (illustrative demo)", "")
                )),
                footer: Some("efrh demonstration corpus · page {page} of {pages}".into()),
                ..Options::default()
            },
        );
        let rel = format!("source/{}.pdf", doc.slug);
        std::fs::write(out.join(&rel), &pdf)?;
        manifest.write_record([
            rel.as_str(),
            &doc.title,
            &doc.nation,
            &doc.year.to_string(),
            &doc.publisher,
            &doc.kind,
            &doc.wave.to_string(),
            doc.level.as_deref().unwrap_or("national"),
            doc.authority.as_deref().unwrap_or(""),
            doc.series.as_deref().unwrap_or(""),
            doc.date.as_deref().unwrap_or(""),
        ])?;
    }
    manifest.flush()?;
    drop(manifest);
    build_store(&out)?;
    println!("wrote {} documents to {}", docs.doc.len(), out.display());
    Ok(())
}

/// Lay a document out as pages of lines: page 1 carries the title block and the illustrative
/// marker; each section starts a new page (documents of two sections start on page 1).
fn render(doc: &Doc, bank: &Bank) -> Result<Vec<Vec<String>>, String> {
    let mut first = Vec::new();
    first.extend(pdfwrite::wrap(&doc.title, 70));
    first.push(String::new());
    first.push(doc.publisher.clone());
    first.push(format!("{} · {}", nation_name(&doc.nation), doc.year));
    first.push(String::new());
    let marker = expand(&bank.para["marker"], doc)?;
    if !marker.starts_with(MARKER) {
        return Err("the bank's marker paragraph must start with the marker sentence".into());
    }
    first.extend(pdfwrite::wrap(&marker, WIDTH));
    first.push(String::new());
    first.extend(pdfwrite::wrap(&doc.summary, WIDTH));
    first.push(String::new());
    let cover = doc.sections.len() > 2;
    let mut pages = Vec::new();
    let mut carry = None;
    if cover {
        first.push("Contents".into());
        first.extend(doc.sections.iter().map(|s| format!("    {}", s.heading)));
        pages.push(first);
    } else {
        carry = Some(first);
    }
    let per_page = pdfwrite::lines_per_page(Options::default().font_size);
    for s in &doc.sections {
        let mut lines = carry.take().unwrap_or_default();
        lines.push(s.heading.clone());
        lines.push(String::new());
        for p in &s.paras {
            let text = match bank.para.get(p) {
                Some(t) => expand(t, doc)?,
                None if p.contains(' ') => p.clone(),
                None => return Err(format!("{}: no paragraph named '{p}'", doc.slug)),
            };
            lines.extend(pdfwrite::wrap(&text, WIDTH));
            lines.push(String::new());
        }
        pages.extend(pdfwrite::paginate(&lines, per_page));
    }
    Ok(pages)
}

fn nation_name(n: &str) -> &'static str {
    match n {
        "england" => "England",
        "scotland" => "Scotland",
        "wales" => "Wales",
        "northern-ireland" => "Northern Ireland",
        _ => "United Kingdom",
    }
}

/// Fill the placeholders of a bank paragraph for this document's nation.
fn expand(text: &str, doc: &Doc) -> Result<String, String> {
    let (partners, services) = match doc.nation.as_str() {
        "england" => ("Local safeguarding partners", "children's social care"),
        "scotland" => ("Child Protection Committees", "social work services"),
        "wales" => (
            "Regional Safeguarding Boards",
            "local authority social services",
        ),
        "northern-ireland" => (
            "The Safeguarding Board for Northern Ireland and its member agencies",
            "health and social care trusts",
        ),
        _ => (
            "Safeguarding partnerships across the UK",
            "children's services",
        ),
    };
    let nation = match doc.nation.as_str() {
        "uk" => "the UK",
        n => nation_name(n),
    };
    let s = text
        .replace("{nation}", nation)
        .replace("{services}", services)
        .replace("{Partners}", partners)
        .replace("{partners}", &partners_mid(partners))
        .replace("{year}", &doc.year.to_string())
        .replace("{publisher}", &doc.publisher);
    if s.contains('{') {
        return Err(format!("{}: unknown placeholder in: {s}", doc.slug));
    }
    Ok(s)
}

/// "Local safeguarding partners" → "local safeguarding partners" inside a sentence.
fn partners_mid(s: &str) -> String {
    match s.split_once(' ') {
        Some((first, rest)) if first != "Child" && first != "Regional" => {
            format!("{} {rest}", first.to_lowercase())
        }
        _ => s.to_string(),
    }
}

/// Build the store from the manifest, from scratch (the same path as `efrh add --manifest`).
///
/// `efrh add` creates a corpus only in a new or empty folder, and `root` already holds the
/// manifest and its sources: the store is built in an empty folder beside it and moved in
/// once complete, so a failed build leaves the previous store in place.
fn build_store(root: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let parent = root.parent().unwrap_or(Path::new("."));
    let scratch = tempfile::Builder::new()
        .prefix(".demo-store-")
        .tempdir_in(parent)?;
    let store = scratch.path().join("corpus");
    fill_store(root, &store)?;
    for sub in ["pdf", "text", "index"] {
        let _ = std::fs::remove_dir_all(root.join(sub));
    }
    let _ = std::fs::remove_file(root.join(".catalogue.cache"));
    for name in ["pdf", "text", "catalogue.toml"] {
        std::fs::rename(store.join(name), root.join(name))?;
    }
    Ok(())
}

fn fill_store(root: &Path, store: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut corpus = Corpus::open_or_create(store)?;
    let inputs = ingest::read_manifest(&root.join("manifest.csv"), None)
        .map_err(|e| e.to_string())?
        .inputs;
    let report = ingest::add(
        &mut corpus,
        &inputs,
        &ingest::AddOptions::default(),
        &efrh::corpus::NoDerived,
        &|| {},
    )?;
    if let Some(p) = report.index_problem {
        return Err(format!("index: {p}").into());
    }
    for r in &report.files {
        if !matches!(r.outcome, ingest::Outcome::Added { ref quality, .. } if quality.is_clean()) {
            return Err(format!("{}: {:?}", r.label, r.outcome).into());
        }
    }
    Ok(())
}
