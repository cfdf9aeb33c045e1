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
    /// A bilingual document: the Welsh text, printed beside the English in a second column.
    #[serde(default)]
    welsh: Option<Welsh>,
    /// A scanned document: its pages are images of the text (no text layer), read by OCR.
    #[serde(default)]
    scan: bool,
}

/// The Welsh half of a bilingual document (literal paragraphs only: the bank is English).
#[derive(Deserialize)]
struct Welsh {
    title: String,
    publisher: String,
    marker: String,
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
        let opts = Options {
            title: Some(doc.title.clone()),
            header: Some(format!(
                "{} — illustrative, not real policy",
                doc.publisher.replace(" (illustrative demo)", "")
            )),
            footer: Some("efrh demonstration corpus · page {page} of {pages}".into()),
            ..Options::default()
        };
        let (pages, pdf) = if let Some(cy) = &doc.welsh {
            let pages = render_columns(doc, cy, &bank)?;
            let pdf = pdfwrite::two_column_pdf(&pages, &opts);
            (pages.len(), pdf)
        } else if doc.scan {
            // One image per page: what a scanner makes of the printed document.
            let pages = render(doc, &bank)?;
            let images: Vec<_> = pages
                .iter()
                .map(|p| pdfwrite::render_page_image(p, SCAN_DPI))
                .collect();
            (pages.len(), pdfwrite::image_pdf(&images, &opts))
        } else {
            let pages = render(doc, &bank)?;
            (pages.len(), pdfwrite::text_pdf(&pages, &opts))
        };
        let min_pages = if doc.scan { 1 } else { 2 };
        if !(min_pages..=6).contains(&pages) {
            return Err(format!("{}: {pages} pages (want 2 to 6)", doc.slug).into());
        }
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

/// Resolution of the scanned demo document's page images.
const SCAN_DPI: u32 = 200;

/// Column width in characters of a bilingual document (two columns side by side).
const COLUMN_WIDTH: usize = 40;

/// One page of a bilingual document: the lines of its English and of its Welsh column.
type ColumnPage = (Vec<String>, Vec<String>);

/// A bilingual document as pages of (English column, Welsh column): each column carries its
/// own title block, marker, summary and sections, the Welsh beside the English.
fn render_columns(doc: &Doc, cy: &Welsh, bank: &Bank) -> Result<Vec<ColumnPage>, String> {
    let w = COLUMN_WIDTH;
    let column =
        |title: &str, publisher: &str, marker: &str, summary: &str, sections: &[Section]| {
            let mut lines = pdfwrite::wrap(title, w);
            lines.push(String::new());
            lines.extend(pdfwrite::wrap(publisher, w));
            lines.push(format!("{} · {}", nation_name(&doc.nation), doc.year));
            lines.push(String::new());
            lines.extend(pdfwrite::wrap(marker, w));
            lines.push(String::new());
            lines.extend(pdfwrite::wrap(summary, w));
            lines.push(String::new());
            let mut paras = Vec::new();
            for s in sections {
                lines.extend(pdfwrite::wrap(&s.heading, w));
                lines.push(String::new());
                for p in &s.paras {
                    paras.push((lines.len(), p.clone()));
                    lines.push(String::new());
                }
            }
            (lines, paras)
        };
    let marker = expand(&bank.para["marker"], doc)?;
    let fill = |(mut lines, paras): (Vec<String>, Vec<(usize, String)>)| {
        // Paragraphs are placed at their markers, last first so the indices stay right.
        for (at, p) in paras.into_iter().rev() {
            let text = match bank.para.get(&p) {
                Some(t) => expand(t, doc)?,
                None if p.contains(' ') => p,
                None => return Err(format!("{}: no paragraph named '{p}'", doc.slug)),
            };
            lines.splice(at..at, pdfwrite::wrap(&text, w));
        }
        Ok::<_, String>(lines)
    };
    let en = fill(column(
        &doc.title,
        &doc.publisher,
        &marker,
        &doc.summary,
        &doc.sections,
    ))?;
    let cy = fill(column(
        &cy.title,
        &cy.publisher,
        &cy.marker,
        &cy.summary,
        &cy.sections,
    ))?;
    let per_page = pdfwrite::lines_per_page(Options::default().font_size);
    let en = pdfwrite::paginate(&en, per_page);
    let cy = pdfwrite::paginate(&cy, per_page);
    let n = en.len().max(cy.len());
    Ok((0..n)
        .map(|i| {
            (
                en.get(i).cloned().unwrap_or_default(),
                cy.get(i).cloned().unwrap_or_default(),
            )
        })
        .collect())
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
    // The scanned demo document is stored as it is, without OCR, so the demo builds the same on
    // any machine (tesseract or not): it is listed as needing OCR, with the hint to run
    // `efrh reindex --ocr`.
    let report = ingest::add(
        &mut corpus,
        &inputs,
        &ingest::AddOptions {
            allow_no_text: true,
            ..ingest::AddOptions::default()
        },
        &efrh::corpus::NoDerived,
        &|| {},
    )?;
    if let Some(p) = report.index_problem {
        return Err(format!("index: {p}").into());
    }
    for r in &report.files {
        // Clean, apart from the scanned demo document (no text layer: needs OCR).
        let clean = match &r.outcome {
            ingest::Outcome::Added { quality, .. } => quality.is_clean(),
            ingest::Outcome::AddedNeedsOcr { .. } => r.label.contains("scanned"),
            _ => false,
        };
        if !clean {
            return Err(format!("{}: {:?}", r.label, r.outcome).into());
        }
    }
    Ok(())
}
