//! `efrh export qdpx`, run as the real binary on a corpus built the real way: the REFI-QDA
//! project validates against the schema (`xmllint`), reads back (zip + XML), and every coded
//! selection encloses, in its text source, exactly the match `kwic` shows, also where the
//! text holds characters of more than one byte (Welsh ŵ/ŷ, and curly quotes and ligatures
//! in the PDF).

mod common;

use common::rows::KwicRow;
use common::{require_tool, CorpusBuilder, Doc, RawPage, Scratch};
use lopdf::{dictionary, Document, Object};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

const SCHEMA: &str = "../shared/refi-qda/Project-mrt2019.xsd";

/// A lexicon with a Welsh term (ŷ: two bytes, one character) and names that need escaping.
const LEXICON: &str = include_str!("data/lexicons/cli_export_qdpx.toml");

/// Characters outside WinAnsi, drawn through a `/Differences` encoding (codes 128…).
const SPECIAL: [(char, &str); 8] = [
    ('ŵ', "wcircumflex"),
    ('ŷ', "ycircumflex"),
    ('\u{201C}', "quotedblleft"),
    ('\u{201D}', "quotedblright"),
    ('\u{2019}', "quoteright"),
    ('\u{FB01}', "fi"),
    ('\u{FB02}', "fl"),
    ('Ŵ', "Wcircumflex"),
];

/// A PDF in Helvetica whose lines may hold the [`SPECIAL`] characters: one page per entry,
/// one line per string.
fn welsh_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let mut differences: Vec<Object> = vec![128.into()];
    differences.extend(
        SPECIAL
            .iter()
            .map(|(_, name)| Object::Name(name.as_bytes().to_vec())),
    );
    let mut doc = Document::with_version("1.5");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => dictionary! {
            "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding", "Differences" => differences,
        },
    });
    let pages_id = doc.new_object_id();
    let mut raw = Vec::new();
    for lines in pages {
        let mut content = String::new();
        for (i, line) in lines.iter().enumerate() {
            let hex: String = line
                .chars()
                .map(|c| {
                    let code = SPECIAL
                        .iter()
                        .position(|(s, _)| *s == c)
                        .map(|i| 128 + i as u32)
                        .unwrap_or(c as u32);
                    assert!(code < 256, "{c:?} has no code");
                    format!("{code:02X}")
                })
                .collect();
            let y = 770 - 16 * i as i32;
            content.push_str(&format!("BT /F1 11 Tf 72 {y} Td <{hex}> Tj ET\n"));
        }
        let fonts = dictionary! { "Font" => dictionary! { "F1" => font } };
        raw.push(RawPage::new(content, fonts));
    }
    common::raw_pdf(doc, pages_id, raw)
}

const TITLE_A: &str = "Guidance <on> \"harm\" & 'risk'";
const TITLE_B: &str = "Strategaeth “tŷ” & dŵr";

/// Three documents: an English one (terms over line and page breaks), a Welsh one with
/// multi-byte characters before and inside matches, and a Scottish one with no match.
fn corpus() -> Scratch {
    let a = [
        "Contextual safeguarding responds to harm outside the home. Partners working in a \
         contextual safeguarding system look at county lines and CL networks, and at the \
         places where young people spend their time, such as parks and shopping centres, \
         where the approach to contextual",
        "safeguarding meets trauma-informed practice. County lines exploitation is a \
         harm; trauma informed work with families matters.",
    ];
    let b = welsh_pdf(&[
        &[
            "Mae\u{2019}r \u{201C}tŷ\u{201D} a\u{2019}r dŵr yn bwysig: Ŵyr, ŵyn ac ŷd.",
            "The \u{FB01}rst step is contextual safeguarding in the tŷ, \u{FB02}ats and trauma-",
            "informed practice with \u{201C}county lines\u{201D} work. Tŷ dŵr tŷ.",
        ],
        &["Page two (English, so the English lexicon reads it): dŵr, tŷ, and then the \u{FB01}rst of the county lines."],
    ]);
    let s = CorpusBuilder::new().lexicon(LEXICON).build();
    // One add each, so that no document has a column another one sets ("absent, not empty").
    for doc in [
        Doc::new(TITLE_A, "england", 2019)
            .wave(2020)
            .set("var:region", "north <east>")
            .pages(&a)
            .file("a.pdf"),
        Doc::new(TITLE_B, "wales", 2021)
            .set("level", "local")
            .set("authority", "Gwynedd")
            .bytes(b)
            .file("b.pdf"),
        Doc::new("Scottish plan", "scotland", 2022)
            .page("Nothing about the concepts here at all.")
            .file("c.pdf"),
    ] {
        CorpusBuilder::new().doc(doc).build_in(&s);
    }
    s
}

fn export(s: &Scratch, out: &str, extra: &[&str]) -> PathBuf {
    s.ok([
        &["export", "qdpx", "--out", out, "--lexicon", "lexicon.toml"][..],
        extra,
    ]
    .concat());
    s.path().join(out)
}

/// The archive's entries by name.
fn entries(path: &Path) -> HashMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = HashMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        out.insert(f.name().unwrap().to_string(), bytes);
    }
    out
}

/// How `kwic` shows the enclosed text if `variant` (a term or acronym of `concept`) matched
/// it ([`efrh::matcher::as_read`]: whitespace runs as one space, a line-end hyphen joined):
/// the forms for each variant of the concept.
fn as_read(concept: &str, enclosed: &str) -> Vec<String> {
    let lexicon = efrh::lexicon::Lexicon::parse(LEXICON, "test lexicon").unwrap();
    let c = lexicon.concept(concept).unwrap();
    (0..c.variants())
        .map(|i| efrh::matcher::as_read(enclosed, c.variant(i)))
        .collect()
}

fn kwic(s: &Scratch, concept: &str) -> Vec<KwicRow> {
    s.kwic(&[concept, "--lexicon", "lexicon.toml"])
}

/// One coded selection read back: document id, concept id, page, the text it encloses.
#[derive(Debug, PartialEq, Eq, Clone)]
struct Coded {
    id: String,
    concept: String,
    page: u32,
    text: String,
}

const NS: &str = "urn:QDA-XML:project:1.0";

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children()
        .find(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(NS))
}

fn descendants<'a, 'i>(
    n: roxmltree::Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    n.descendants()
        .filter(move |c| c.tag_name().name() == name && c.tag_name().namespace() == Some(NS))
}

fn description(n: roxmltree::Node) -> String {
    child(n, "Description")
        .and_then(|d| d.text())
        .unwrap_or("")
        .to_string()
}

/// Every coded selection of the project, in the order written, with the text its positions
/// enclose in its text source (cut by characters, as the standard counts them).
fn codings(files: &HashMap<String, Vec<u8>>) -> Vec<Coded> {
    let qde = std::str::from_utf8(&files["project.qde"]).unwrap();
    let doc = roxmltree::Document::parse(qde).unwrap();
    // Code GUID → concept id (from the description "… efrh concept id: ID.").
    let mut concept_of = HashMap::new();
    for code in descendants(doc.root(), "Code") {
        let d = description(code);
        if let Some(id) = d.split("efrh concept id: ").nth(1) {
            concept_of.insert(
                code.attribute("guid").unwrap().to_string(),
                id.trim_end_matches('.').to_string(),
            );
        }
    }
    let mut out = Vec::new();
    for src in descendants(doc.root(), "TextSource") {
        let path = src.attribute("plainTextPath").unwrap();
        let file = path.strip_prefix("internal://").unwrap();
        let text = std::str::from_utf8(&files[&format!("sources/{file}")]).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let desc = description(src);
        let id = desc
            .strip_prefix("efrh document ")
            .and_then(|d| d.split(':').next())
            .unwrap()
            .to_string();
        for sel in descendants(src, "PlainTextSelection") {
            let start: usize = sel.attribute("startPosition").unwrap().parse().unwrap();
            let end: usize = sel.attribute("endPosition").unwrap().parse().unwrap();
            assert!(start < end && end <= chars.len(), "{start}..{end} in {id}");
            let enclosed: String = chars[start..end].iter().collect();
            // The page: the form feeds before the start, plus one.
            let page = chars[..start].iter().filter(|&&c| c == '\u{C}').count() as u32 + 1;
            let code = descendants(sel, "CodeRef")
                .next()
                .unwrap()
                .attribute("targetGUID")
                .unwrap();
            let concept = concept_of[code].clone();
            assert_eq!(
                sel.attribute("name"),
                Some(format!("{concept} p. {page}").as_str())
            );
            out.push(Coded {
                id: id.clone(),
                concept,
                page,
                text: enclosed,
            });
        }
    }
    out
}

#[test]
fn every_coding_encloses_the_kwic_match_in_characters() {
    let s = corpus();
    let out = export(&s, "project.qdpx", &[]);
    let files = entries(&out);
    let coded = codings(&files);
    let mut total = 0;
    for concept in [
        "contextual-safeguarding",
        "trauma-informed",
        "county-lines",
        "ty",
        "first",
    ] {
        let rows = kwic(&s, concept);
        assert!(!rows.is_empty(), "{concept}: the fixture should match");
        total += rows.len();
        let mine: Vec<&Coded> = coded.iter().filter(|c| c.concept == concept).collect();
        assert_eq!(mine.len(), rows.len(), "{concept}: codings vs kwic rows");
        for (c, r) in mine.iter().zip(&rows) {
            assert_eq!(
                (c.id.as_str(), c.page),
                (r.id.as_str(), r.page),
                "{concept}"
            );
            assert_eq!(r.concept, concept);
            // Exactly the matched words: no space or punctuation either side.
            assert_eq!(c.text.trim(), c.text, "{concept}: {:?}", c.text);
            let read = as_read(concept, &c.text);
            assert!(
                read.contains(&r.matched),
                "{concept}: {read:?} vs {:?}",
                r.matched
            );
        }
    }
    assert_eq!(coded.len(), total, "one coding per kwic row");
    // The fixture does what it is for: a match over a page break (form feed inside it),
    // over a line break, with a multi-byte character inside, and after multi-byte ones.
    assert!(coded.iter().any(|c| c.text.contains('\u{C}')), "{coded:?}");
    assert!(coded.iter().any(|c| c.text.contains('\n')), "{coded:?}");
    assert!(coded.iter().any(|c| c.text == "trauma-\ninformed practice"));
    assert!(coded.iter().any(|c| c.text == "tŷ" || c.text == "Tŷ"));
    assert!(coded.iter().any(|c| c.text == "dŵr"));
    assert!(coded.iter().any(|c| c.text == "first" && c.page == 2));
}

#[test]
fn project_validates_against_the_refi_qda_schema() {
    if !require_tool("xmllint") {
        return;
    }
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA);
    if common::require(schema.exists().then_some(()), SCHEMA).is_none() {
        return;
    }
    let s = corpus();
    let out = export(&s, "project.qdpx", &[]);
    let files = entries(&out);
    let qde = s.write("project.qde", &files["project.qde"]);
    let o = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&qde)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "xmllint: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn sources_are_the_texts_and_the_original_pdfs_with_metadata() {
    let s = corpus();
    let out = export(&s, "project.qdpx", &[]);
    let files = entries(&out);
    let qde = std::str::from_utf8(&files["project.qde"]).unwrap();
    let doc = roxmltree::Document::parse(qde).unwrap();
    let root = doc.root_element();

    // Titles with markup characters come back exactly (they were escaped).
    let texts: Vec<_> = descendants(root, "TextSource").collect();
    assert_eq!(texts.len(), 3);
    let a = texts
        .iter()
        .find(|t| t.attribute("name").unwrap().starts_with(TITLE_A))
        .expect("title A");
    assert!(texts
        .iter()
        .any(|t| t.attribute("name").unwrap().starts_with(TITLE_B)));
    assert!(description(*a).contains(TITLE_A));

    // The text file: the page bodies of `export pages`, joined by a form feed.
    #[derive(Deserialize)]
    struct Page {
        text: String,
    }
    let pages: Vec<Page> = s.json(["export", "pages", "--nation", "england"]);
    let want: Vec<&str> = pages.iter().map(|p| p.text.as_str()).collect();
    let file = a.attribute("plainTextPath").unwrap();
    let file = format!("sources/{}", file.strip_prefix("internal://").unwrap());
    assert_eq!(
        std::str::from_utf8(&files[&file]).unwrap(),
        want.join("\u{C}")
    );

    // The PDFs, byte for byte.
    let pdfs: Vec<_> = descendants(root, "PDFSource").collect();
    assert_eq!(pdfs.len(), 3);
    let originals: Vec<Vec<u8>> = ["a.pdf", "b.pdf", "c.pdf"]
        .iter()
        .map(|f| std::fs::read(s.path().join(f)).unwrap())
        .collect();
    for p in &pdfs {
        let path = p
            .attribute("path")
            .unwrap()
            .strip_prefix("internal://")
            .unwrap();
        assert!(originals.contains(&files[&format!("sources/{path}")]));
    }

    // Variables, and the case of document A with its values and both its sources.
    let vars: HashMap<String, String> = descendants(root, "Variable")
        .map(|v| {
            (
                v.attribute("guid").unwrap().to_string(),
                v.attribute("name").unwrap().to_string(),
            )
        })
        .collect();
    let mut names: Vec<&str> = vars.values().map(String::as_str).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "authority",
            "kind",
            "level",
            "nation",
            "publisher",
            "series",
            "var:region",
            "wave",
            "year"
        ]
    );
    let case = descendants(root, "Case")
        .find(|c| c.attribute("name").unwrap().starts_with(TITLE_A))
        .expect("case A");
    let values: HashMap<String, String> = descendants(case, "VariableValue")
        .map(|v| {
            let r = child(v, "VariableRef")
                .unwrap()
                .attribute("targetGUID")
                .unwrap();
            let value = v
                .children()
                .find(|c| c.is_element() && c.tag_name().name() != "VariableRef")
                .unwrap();
            (vars[r].clone(), value.text().unwrap_or("").to_string())
        })
        .collect();
    assert_eq!(values["nation"], "england");
    assert_eq!(values["year"], "2019");
    assert_eq!(values["wave"], "2020");
    assert_eq!(values["level"], "national");
    assert_eq!(values["var:region"], "north <east>");
    assert!(!values.contains_key("authority"), "absent, not empty");
    let refs: Vec<&str> = descendants(case, "SourceRef")
        .map(|r| r.attribute("targetGUID").unwrap())
        .collect();
    assert_eq!(refs.len(), 2);
    assert!(refs.contains(&a.attribute("guid").unwrap()));

    // Codes: one per group, the concepts inside, terms in the description.
    let codebook = child(root, "CodeBook").unwrap();
    let groups: Vec<_> = child(codebook, "Codes")
        .unwrap()
        .children()
        .filter(|c| c.is_element())
        .collect();
    let group_names: Vec<&str> = groups
        .iter()
        .map(|g| g.attribute("name").unwrap())
        .collect();
    assert_eq!(group_names, ["approach", "harm <&> 'risk'", "welsh"]);
    let cl = descendants(groups[1], "Code").nth(1).unwrap();
    assert_eq!(cl.attribute("name"), Some("County lines & \"gangs\" <CL>"));
    assert!(description(cl).contains("county lines"));
    assert!(description(cl).contains("CL"));

    // The project's description: efrh's version and the lexicon's hash.
    use sha2::Digest;
    let hash: String = sha2::Sha256::digest(LEXICON.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let d = description(root);
    assert!(d.contains(&hash), "{d}");
    assert!(
        d.contains(&format!("efrh {}", env!("CARGO_PKG_VERSION"))),
        "{d}"
    );
}

#[test]
fn a_re_export_is_byte_identical() {
    let s = corpus();
    let one = std::fs::read(export(&s, "one.qdpx", &[])).unwrap();
    let two = std::fs::read(export(&s, "two.qdpx", &[])).unwrap();
    assert!(one == two, "two exports of one corpus differ");
    // Replacing an existing file gives the same bytes too.
    let again = std::fs::read(export(&s, "one.qdpx", &[])).unwrap();
    assert!(one == again);
}

#[test]
fn the_selection_applies() {
    let s = corpus();
    let out = export(&s, "wales.qdpx", &["--nation", "wales"]);
    let files = entries(&out);
    let qde = std::str::from_utf8(&files["project.qde"]).unwrap();
    let doc = roxmltree::Document::parse(qde).unwrap();
    let names: Vec<&str> = descendants(doc.root(), "TextSource")
        .map(|t| t.attribute("name").unwrap())
        .collect();
    assert_eq!(names.len(), 1);
    assert!(names[0].starts_with(TITLE_B));
    // Its text, its PDF and project.qde.
    assert_eq!(files.len(), 3);
    let coded = codings(&files);
    assert!(!coded.is_empty());
    assert!(description(doc.root_element()).contains("nation:wales"));
}

#[test]
fn an_out_file_that_is_not_qdpx_is_a_usage_error_and_writes_nothing() {
    let s = corpus();
    let err = s.fail(["export", "qdpx", "--out", "project.zip"], 2);
    assert!(err.contains(".qdpx"), "{err}");
    assert!(!s.path().join("project.zip").exists());
}
