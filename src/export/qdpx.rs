//! A REFI-QDA project (`.qdpx`, QDA-XML 1.0: `../shared/refi-qda/Project-mrt2019.xsd`), the
//! exchange format NVivo, ATLAS.ti, MAXQDA and QualCoder import.
//!
//! # What the project holds
//!
//! - A zip of `project.qde` (the XML) and `sources/`: per document its extracted text
//!   (`sources/GUID.txt`, UTF-8, the page bodies separated by a form feed U+000C) as a
//!   `TextSource`, and its stored original PDF (`sources/GUID.pdf`) as a `PDFSource`.
//! - A code book: one code per lexicon group, under it one code per concept, named by its
//!   label, its terms and acronyms in the description.
//! - One `PlainTextSelection` per occurrence (concept × place, as `kwic` lists them) on the
//!   text source, coded with the concept. `startPosition` and `endPosition` count Unicode
//!   characters (code points) of the text file from 0, the end exclusive, so the selection
//!   encloses the matched words exactly (a match that runs over a line or page break holds
//!   the break).
//! - The metadata as variables (`nation`, `year`, `wave`, `level`, `authority`, `series`,
//!   `kind`, `publisher` and each `var:NAME`), with one case per document holding its values
//!   and referring to its two sources (the sources carry the values too, which is where
//!   MAXQDA looks for them).
//! - The lexicon's origin and SHA-256 and efrh's version in the project's description.
//!
//! # Stable and streamed
//!
//! Every GUID is derived from a stable key (a document's id, a concept's id, an occurrence's
//! place) by SHA-256, and nothing depends on the clock, so exporting the same corpus twice
//! gives the same bytes. Documents are matched a chunk at a time (in parallel) and written
//! out before the next chunk is read: memory holds a chunk's texts, never the corpus. The
//! sources section of the XML goes to a temporary file meanwhile and `project.qde` is written
//! last. The archive is built in a temporary file beside `out` and renamed over it at the
//! end, so a failed export leaves no half-written file.

use crate::analysis;
use crate::corpus::Corpus;
use crate::lexicon::Lexicon;
use crate::markup::xml as esc;
use crate::matcher::{DocText, Matcher, Occurrence};
use crate::model::{DocId, Document};
use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Documents matched and written per step (bounds memory; each step runs in parallel).
const CHUNK: usize = 32;

/// What goes into the project besides the documents.
#[derive(Debug, Clone)]
pub struct Project<'a> {
    /// The lexicon whose concepts become the codes and whose occurrences the codings.
    pub lexicon: &'a Lexicon,
    /// efrh's version, for the description.
    pub version: &'a str,
    /// The project's name (shown by the QDA tool).
    pub name: String,
    /// What was selected, in words (for the description).
    pub selection: String,
}

/// What an export wrote and left out.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Documents written (text and PDF).
    pub documents: usize,
    /// Coded selections (occurrences) written.
    pub codings: u64,
    /// Selected documents without a text layer (scans): left out, as from every count.
    pub no_text: Vec<Document>,
    /// Documents that could not be read (stored text or PDF), with the reason: left out.
    pub failed: Vec<(DocId, String)>,
}

/// Write the REFI-QDA project of `docs` to `out` (replacing it). `progress` is called once
/// per document read.
pub fn write(
    corpus: &Corpus,
    docs: &[&Document],
    project: &Project,
    out: &Path,
    progress: &(dyn Fn() + Sync),
) -> Result<Summary> {
    let matcher = Matcher::try_new(project.lexicon)?;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut archive = tempfile::Builder::new()
        .prefix(".efrh-export-")
        .suffix(".qdpx.tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    let tmp_path = archive.path().to_path_buf();
    let io = |e: std::io::Error| Error::io(&tmp_path, e);
    let zerr = |e: zip::result::ZipError| Error::io(&tmp_path, std::io::Error::other(e));

    let sources = tempfile::tempfile().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let mut sources = BufWriter::new(sources);
    let mut cases = String::new();
    let mut summary = Summary::default();
    {
        let mut zip = ZipWriter::new(BufWriter::new(archive.as_file_mut()));
        for chunk in docs.chunks(CHUNK) {
            let pass =
                analysis::each_document(corpus, chunk, &matcher, progress, |d, text, occ| {
                    document_part(d, text, &occ, project.lexicon)
                });
            summary.no_text.extend(pass.no_text);
            summary.failed.extend(pass.failed);
            for (d, part) in pass.documents.iter().zip(pass.results) {
                let pdf_path = corpus.pdf_path(&d.id);
                let mut pdf = match std::fs::File::open(&pdf_path) {
                    Ok(f) => f,
                    Err(e) => {
                        summary.failed.push((
                            d.id.clone(),
                            format!("stored PDF {}: {e}", pdf_path.display()),
                        ));
                        continue;
                    }
                };
                zip.start_file(format!("sources/{}.txt", part.text_guid), deflated())
                    .map_err(zerr)?;
                zip.write_all(part.text.as_bytes()).map_err(io)?;
                // PDFs are compressed already: stored as they are.
                zip.start_file(
                    format!("sources/{}.pdf", part.pdf_guid),
                    deflated().compression_method(CompressionMethod::Stored),
                )
                .map_err(zerr)?;
                std::io::copy(&mut pdf, &mut zip).map_err(|e| Error::io(&pdf_path, e))?;
                sources.write_all(part.sources.as_bytes()).map_err(io)?;
                cases.push_str(&part.case);
                summary.documents += 1;
                summary.codings += part.codings;
            }
        }
        zip.start_file("project.qde", deflated()).map_err(zerr)?;
        let (head, tail) = project_xml(docs, project, &cases);
        zip.write_all(head.as_bytes()).map_err(io)?;
        if summary.documents > 0 {
            zip.write_all(b"<Sources>\n").map_err(io)?;
            let mut sources = sources.into_inner().map_err(|e| io(e.into_error()))?;
            sources.seek(SeekFrom::Start(0)).map_err(io)?;
            std::io::copy(&mut sources, &mut zip).map_err(io)?;
            zip.write_all(b"</Sources>\n").map_err(io)?;
        }
        zip.write_all(tail.as_bytes()).map_err(io)?;
        let mut w = zip.finish().map_err(zerr)?;
        w.flush().map_err(io)?;
    }
    archive.as_file().sync_all().map_err(io)?;
    archive.persist(out).map_err(|e| Error::io(out, e.error))?;
    Ok(summary)
}

/// Entry options: deflated, fixed timestamp (1980-01-01) so the archive is reproducible.
fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
}

/// One document's share of the project, built in parallel.
struct Part {
    text_guid: String,
    pdf_guid: String,
    /// The text source's content: pages joined by a form feed.
    text: String,
    /// `<TextSource>…</TextSource><PDFSource>…</PDFSource>`.
    sources: String,
    /// `<Case>…</Case>`.
    case: String,
    codings: u64,
}

fn document_part(d: &Document, text: &DocText, occ: &[Occurrence], lexicon: &Lexicon) -> Part {
    let id = d.id.as_str();
    let text_guid = guid(&format!("text:{id}"));
    let pdf_guid = guid(&format!("pdf:{id}"));
    let joined = form_feed_joined(text);
    let values = variable_values(d);
    let title = &d.meta.title;
    let short: String = id.chars().take(8).collect();
    let description = format!(
        "efrh document {id}: {title} ({}, {})",
        d.meta.nation.as_str(),
        d.meta.year.get()
    );

    // Character positions of every byte offset the occurrences use, in one walk.
    let mut offsets: Vec<usize> = occ.iter().flat_map(|o| [o.doc_start, o.doc_end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let chars = char_positions(&joined, &offsets);
    let char_at = |b: usize| -> usize {
        offsets
            .binary_search(&b)
            .ok()
            .and_then(|i| chars.get(i).copied())
            .unwrap_or(0)
    };

    let mut s = String::with_capacity(512 + occ.len() * 300);
    let _ = write!(
        s,
        "<TextSource guid=\"{text_guid}\" name=\"{} [{short}]\" plainTextPath=\"internal://{text_guid}.txt\">\n\
         <Description>{}</Description>\n",
        esc(title),
        esc(&description)
    );
    for o in occ {
        let Some(c) = lexicon.concepts().get(o.concept) else {
            continue;
        };
        let key = format!("{id}:{}:{}:{}", c.id, o.doc_start, o.doc_end);
        let _ = writeln!(
            s,
            "<PlainTextSelection guid=\"{}\" name=\"{} p. {}\" startPosition=\"{}\" endPosition=\"{}\">\
             <Coding guid=\"{}\"><CodeRef targetGUID=\"{}\"/></Coding></PlainTextSelection>",
            guid(&format!("selection:{key}")),
            esc(&c.id),
            o.page,
            char_at(o.doc_start),
            char_at(o.doc_end),
            guid(&format!("coding:{key}")),
            concept_guid(&c.id),
        );
    }
    s.push_str(&values);
    s.push_str("</TextSource>\n");
    let _ = write!(
        s,
        "<PDFSource guid=\"{pdf_guid}\" name=\"{} [{short}] (PDF)\" path=\"internal://{pdf_guid}.pdf\">\n\
         <Description>{}</Description>\n{values}</PDFSource>\n",
        esc(title),
        esc(&description)
    );

    let mut case = String::new();
    let _ = write!(
        case,
        "<Case guid=\"{}\" name=\"{} [{short}]\">\n<Description>{}</Description>\n{values}\
         <SourceRef targetGUID=\"{text_guid}\"/>\n<SourceRef targetGUID=\"{pdf_guid}\"/>\n</Case>\n",
        guid(&format!("case:{id}")),
        esc(title),
        esc(&description)
    );
    Part {
        text_guid,
        pdf_guid,
        text: joined,
        sources: s,
        case,
        codings: occ.len() as u64,
    }
}

/// The document's text with its page bodies separated by a form feed instead of the
/// matcher's line break: one byte for one, so every byte offset of the matcher holds.
fn form_feed_joined(text: &DocText) -> String {
    let mut bytes = text.text().as_bytes().to_vec();
    for &start in text.page_starts().iter().skip(1) {
        if let Some(b) = start.checked_sub(1).and_then(|i| bytes.get_mut(i)) {
            if *b == b'\n' {
                *b = 0x0C;
            }
        }
    }
    // Only ASCII line breaks were replaced by an ASCII form feed: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// For each byte offset of `sorted` (ascending), the number of characters before it.
fn char_positions(text: &str, sorted: &[usize]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(sorted.len());
    let (mut pos, mut chars) = (0usize, 0usize);
    for &b in sorted {
        let b = b.min(bytes.len());
        if b > pos {
            // A character starts at every byte that is not a UTF-8 continuation byte.
            chars += bytes
                .get(pos..b)
                .unwrap_or(&[])
                .iter()
                .filter(|&&c| c & 0xC0 != 0x80)
                .count();
            pos = b;
        }
        out.push(chars);
    }
    out
}

/// The variables every export defines, in this order, then `var:NAME` for each document
/// variable of the selection.
const VARIABLES: [(&str, &str, &str); 8] = [
    (
        "nation",
        "Text",
        "england, scotland, wales or northern-ireland",
    ),
    ("year", "Integer", "year of publication"),
    (
        "wave",
        "Integer",
        "the survey wave the document belongs to, where given",
    ),
    ("level", "Text", "national, regional or local"),
    (
        "authority",
        "Text",
        "the issuing body of a regional or local document",
    ),
    (
        "series",
        "Text",
        "the series this document is an edition of",
    ),
    (
        "kind",
        "Text",
        "the kind of document (guidance, strategy, …)",
    ),
    ("publisher", "Text", "the publisher"),
];

fn variable_guid(name: &str) -> String {
    guid(&format!("variable:{name}"))
}

fn concept_guid(id: &str) -> String {
    guid(&format!("concept:{id}"))
}

/// The document's `<VariableValue>`s (only the variables it has a value for).
fn variable_values(d: &Document) -> String {
    let m = &d.meta;
    let mut s = String::new();
    let mut text = |name: &str, value: &str| {
        let _ = writeln!(
            s,
            "<VariableValue><VariableRef targetGUID=\"{}\"/><TextValue>{}</TextValue></VariableValue>",
            variable_guid(name),
            esc(value)
        );
    };
    text("nation", m.nation.as_str());
    text("level", m.level.as_str());
    if let Some(a) = &m.authority {
        text("authority", a.as_str());
    }
    if let Some(x) = &m.series {
        text("series", x.as_str());
    }
    if let Some(x) = &m.kind {
        text("kind", x);
    }
    if let Some(x) = &m.publisher {
        text("publisher", x);
    }
    for (k, v) in &m.vars {
        text(&format!("var:{}", k.as_str()), v);
    }
    let mut int = |name: &str, value: u16| {
        let _ = writeln!(
            s,
            "<VariableValue><VariableRef targetGUID=\"{}\"/><IntegerValue>{value}</IntegerValue></VariableValue>",
            variable_guid(name),
        );
    };
    int("year", m.year.get());
    if let Some(w) = m.wave {
        int("wave", w.get());
    }
    s
}

/// `project.qde` around the sources: everything before `<Sources>` and everything after.
fn project_xml(docs: &[&Document], project: &Project, cases: &str) -> (String, String) {
    let lexicon = project.lexicon;
    let mut h = String::new();
    h.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let user = guid("user:efrh");
    let _ = write!(
        h,
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"{}\" origin=\"efrh {}\" creatingUserGUID=\"{user}\">\n\
         <Users>\n<User guid=\"{user}\" name=\"efrh\" id=\"efrh\"/>\n</Users>\n",
        esc(&project.name),
        esc(project.version),
    );

    // Code book: one code per group (in the lexicon's order), its concepts inside.
    let mut groups: Vec<&str> = Vec::new();
    for c in lexicon.concepts() {
        if !groups.contains(&c.group.as_str()) {
            groups.push(&c.group);
        }
    }
    if !groups.is_empty() {
        h.push_str("<CodeBook>\n<Codes>\n");
        for g in &groups {
            let _ = write!(
                h,
                "<Code guid=\"{}\" name=\"{}\" isCodable=\"true\">\n<Description>{}</Description>\n",
                guid(&format!("group:{g}")),
                esc(g),
                esc(&format!("The lexicon's group \"{g}\"."))
            );
            for c in lexicon.concepts().iter().filter(|c| c.group == *g) {
                let mut d = format!("{}. Terms: {}.", c.label, c.terms.join("; "));
                if !c.acronyms.is_empty() {
                    let _ = write!(d, " Acronyms (case-sensitive): {}.", c.acronyms.join("; "));
                }
                let _ = write!(d, " efrh concept id: {}.", c.id);
                let _ = write!(
                    h,
                    "<Code guid=\"{}\" name=\"{}\" isCodable=\"true\">\n<Description>{}</Description>\n</Code>\n",
                    concept_guid(&c.id),
                    esc(&c.label),
                    esc(&d)
                );
            }
            h.push_str("</Code>\n");
        }
        h.push_str("</Codes>\n</CodeBook>\n");
    }

    // Variables: the fixed ones, then each var:NAME some selected document has.
    let vars: BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| d.meta.vars.keys().map(|k| k.as_str()))
        .collect();
    h.push_str("<Variables>\n");
    for (name, kind, what) in VARIABLES {
        let _ = write!(
            h,
            "<Variable guid=\"{}\" name=\"{name}\" typeOfVariable=\"{kind}\">\n<Description>{}</Description>\n</Variable>\n",
            variable_guid(name),
            esc(what)
        );
    }
    for v in vars {
        let name = format!("var:{v}");
        let _ = write!(
            h,
            "<Variable guid=\"{}\" name=\"{}\" typeOfVariable=\"Text\">\n<Description>the researcher's own variable {}</Description>\n</Variable>\n",
            variable_guid(&name),
            esc(&name),
            esc(v)
        );
    }
    h.push_str("</Variables>\n");
    if !cases.is_empty() {
        h.push_str("<Cases>\n");
        h.push_str(cases);
        h.push_str("</Cases>\n");
    }

    let description = format!(
        "Exported by efrh {version}. Lexicon: {origin} (SHA-256 {sha}). Documents: {selection}. \
         Each document is a text source (its extracted text, pages separated by a form feed) \
         and a PDF source (the original). Each occurrence of a concept that efrh found is one \
         coded selection (positions in Unicode characters from 0, end exclusive), the same \
         occurrences `efrh kwic` lists.",
        version = project.version,
        origin = lexicon.origin(),
        sha = lexicon.sha256(),
        selection = project.selection,
    );
    let tail = format!(
        "<Description>{}</Description>\n</Project>\n",
        esc(&description)
    );
    (h, tail)
}

/// A GUID from a stable key: the first 128 bits of SHA-256("efrh-qdpx:" + key), marked as
/// an RFC 9562 version 8 (custom) UUID.
pub fn guid(key: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"efrh-qdpx:")
        .chain_update(key.as_bytes())
        .finalize();
    let mut b = [0u8; 16];
    for (dst, src) in b.iter_mut().zip(digest.iter()) {
        *dst = *src;
    }
    b[6] = (b[6] & 0x0F) | 0x80;
    b[8] = (b[8] & 0x3F) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        let _ = write!(out, "{x:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_well_formed_and_distinct() {
        let a = guid("text:0123456789abcdef");
        assert_eq!(a, guid("text:0123456789abcdef"));
        assert_ne!(a, guid("pdf:0123456789abcdef"));
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert!(parts[2].starts_with('8'), "version 8: {a}");
    }

    #[test]
    fn char_positions_count_characters_not_bytes() {
        let t = "tŷ a ŵ b";
        // Byte offsets of "a" (4), "ŵ" (6), "b" (9) and the end (10).
        assert_eq!(t.find('a'), Some(4));
        assert_eq!(char_positions(t, &[0, 4, 6, 9, 10]), vec![0, 3, 5, 7, 8]);
        assert_eq!(char_positions(t, &[100]), vec![8]);
    }
}
