//! CFF fonts without ToUnicode (issue 9, item 5) and printed page labels (issue 17, "Pages
//! to cite"): the extractor on PDFs built here, and `text --page` / `search` on the binary.

mod common;

use common::{real_pdfs, stdout, CorpusBuilder, Doc, Scratch};
use efrh::extract::{extract, Extraction, Limits};
use lopdf::{dictionary, Dictionary, Document, Object, Stream};

// ---------------------------------------------------------------- building PDFs

/// Build a PDF: one page per (content, resources); `catalog` entries are added to the
/// catalogue (e.g. `/PageLabels`).
fn build(pages: Vec<(Vec<u8>, Dictionary)>, catalog: Dictionary) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    common::raw_pdf_with(doc, pages_id, raw_pages(pages), catalog)
}

fn raw_pages(pages: Vec<(Vec<u8>, Dictionary)>) -> Vec<common::RawPage> {
    pages
        .into_iter()
        .map(|(content, resources)| common::RawPage::new(content, resources))
        .collect()
}

fn run(pdf: &[u8]) -> Extraction {
    extract(pdf, &Limits::default()).expect("extracts")
}

fn helv() -> Dictionary {
    let f = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    };
    dictionary! { "Font" => dictionary! { "F1" => f } }
}

/// A page of body lines near the top and `footer` alone at the bottom.
fn page_with_footer(body: &[&str], footer: &str) -> (Vec<u8>, Dictionary) {
    let mut c = String::from("BT /F1 11 Tf 72 760 Td 14 TL\n");
    for l in body {
        c.push_str(&format!("({l}) Tj T*\n"));
    }
    c.push_str(&format!("ET BT /F1 9 Tf 290 40 Td ({footer}) Tj ET\n"));
    (c.into_bytes(), helv())
}

// ------------------------------------------------------------ hand-assembled CFF

/// An INDEX with 2-byte offsets.
fn index(items: &[&[u8]]) -> Vec<u8> {
    let mut out = (items.len() as u16).to_be_bytes().to_vec();
    if items.is_empty() {
        return out;
    }
    out.push(2);
    let mut off = 1u16;
    out.extend_from_slice(&off.to_be_bytes());
    for it in items {
        off += it.len() as u16;
        out.extend_from_slice(&off.to_be_bytes());
    }
    for it in items {
        out.extend_from_slice(it);
    }
    out
}

/// A name-keyed CFF font whose glyphs 1.. are the given standard-string ids (format 0
/// charset), with a format 0 built-in encoding giving glyph k the code `codes[k-1]` (no
/// encoding entry at all, i.e. Standard, when `codes` is None). Each glyph is `endchar`.
fn cff(sids: &[u16], codes: Option<&[u8]>) -> Vec<u8> {
    let n = sids.len() + 1;
    let glyphs: Vec<&[u8]> = vec![&[14u8][..]; n];
    let char_strings = index(&glyphs);
    let int = |v: usize| {
        let mut b = vec![29u8];
        b.extend_from_slice(&(v as i32).to_be_bytes());
        b
    };
    let top = |cs: usize, charset: usize, enc: usize| {
        let mut d = int(charset);
        d.push(15);
        if codes.is_some() {
            d.extend(int(enc));
            d.push(16);
        }
        d.extend(int(cs));
        d.push(17);
        d
    };
    let head = 4 + index(&[b"T"]).len() + index(&[&top(0, 0, 0)]).len() + 2 + 2;
    let charset_at = head + char_strings.len();
    let enc_at = charset_at + 1 + 2 * sids.len();
    let mut out = vec![1u8, 0, 4, 2];
    out.extend(index(&[b"T"]));
    out.extend(index(&[&top(head, charset_at, enc_at)]));
    out.extend(index(&[]));
    out.extend(index(&[]));
    out.extend(char_strings);
    out.push(0);
    for s in sids {
        out.extend_from_slice(&s.to_be_bytes());
    }
    if let Some(codes) = codes {
        out.push(0);
        out.push(codes.len() as u8);
        out.extend_from_slice(codes);
    }
    out
}

/// Standard string ids of some lower-case letters and the space (CFF spec Appendix A:
/// "space" is 1, "a".."z" are 66..91).
fn sid(c: char) -> u16 {
    match c {
        ' ' => 1,
        'a'..='z' => 66 + (c as u16 - 'a' as u16),
        _ => 0,
    }
}

fn font_file3(doc: &mut Document, data: Vec<u8>, subtype: &str) -> Object {
    let s = Stream::new(dictionary! { "Subtype" => subtype }, data);
    Object::Reference(doc.add_object(s))
}

// ------------------------------------------------------------------ CFF tests

/// A subset Type1C font with private codes 0x80… for its letters, no /Encoding and no
/// ToUnicode (as some producers write them): only the CFF built-in encoding says what the
/// codes are. Before CFF encodings were read, every glyph was unmapped.
#[test]
fn type1c_without_tounicode_reads_through_its_builtin_encoding() {
    let word = "county lines";
    let mut letters: Vec<char> = word.chars().collect();
    letters.sort_unstable();
    letters.dedup();
    let sids: Vec<u16> = letters.iter().map(|&c| sid(c)).collect();
    let codes: Vec<u8> = (0..letters.len() as u8).map(|k| 0x80 + k).collect();
    let program = cff(&sids, Some(&codes));
    let shown: Vec<u8> = word
        .chars()
        .map(|c| 0x80 + letters.iter().position(|&l| l == c).unwrap_or(0) as u8)
        .collect();
    let mut doc = Document::with_version("1.5");
    let ff = font_file3(&mut doc, program, "Type1C");
    let fd = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "ABCDEF+Sub", "Flags" => 4,
        "FontFile3" => ff,
    });
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "ABCDEF+Sub",
        "FirstChar" => 128, "Widths" => vec![Object::Integer(500); letters.len()],
        "FontDescriptor" => fd,
    };
    let fid = doc.add_object(font);
    let mut content = b"BT /F1 12 Tf 72 700 Td <".to_vec();
    for b in &shown {
        content.extend(format!("{b:02x}").bytes());
    }
    content.extend_from_slice(b"> Tj ET");
    let x = run_font(doc, content, fid);
    assert_eq!(x.pages[0].body, "county lines");
    assert_eq!(x.quality.unmapped_glyphs, 0);
}

/// A Type0 font over a CIDFontType0 whose program is a name-keyed CFF (CID = glyph id),
/// Identity-H, no ToUnicode: the glyph names give the text.
#[test]
fn cid_font_type0c_name_keyed_without_tounicode() {
    let word = "gangs";
    let sids: Vec<u16> = word.chars().map(sid).collect();
    let program = cff(&sids, None);
    let mut doc = Document::with_version("1.5");
    let ff = font_file3(&mut doc, program, "CIDFontType0C");
    let fd = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "ABCDEF+Cid", "Flags" => 4,
        "FontFile3" => ff,
    });
    let cid = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "ABCDEF+Cid",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"), "Supplement" => 0,
        },
        "FontDescriptor" => fd, "DW" => 500,
    });
    let fid = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Cid",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()],
    });
    let content = b"BT /F1 12 Tf 72 700 Td <00010002000300040005> Tj ET".to_vec();
    let x = run_font(doc, content, fid);
    assert_eq!(x.pages[0].body, "gangs");
    assert_eq!(x.quality.unmapped_glyphs, 0);
}

/// One page of `content` showing font `fid` of `doc` as `/F1`, extracted.
fn run_font(doc: Document, content: Vec<u8>, fid: lopdf::ObjectId) -> Extraction {
    let fonts = dictionary! { "Font" => dictionary! { "F1" => fid } };
    run(&build_with(doc, vec![(content, fonts)]))
}

/// `build` for a document that already holds objects.
fn build_with(mut doc: Document, pages: Vec<(Vec<u8>, Dictionary)>) -> Vec<u8> {
    let pages_id = doc.new_object_id();
    common::raw_pdf(doc, pages_id, raw_pages(pages))
}

/// The bytes of the real 2004 advocacy guidance, when the real PDFs are here (a skip as
/// [`common::require`] makes one otherwise: a failure when env `CI` is set).
fn advocacy() -> Option<Vec<u8>> {
    let path = real_pdfs()?.join("providing_effective_advocacy.pdf");
    common::require(std::fs::read(&path).ok(), &path.display().to_string())
}

/// The real 2004 advocacy PDF (Distiller, Type1C subset fonts) with its fonts' /ToUnicode
/// and /Encoding removed, `keep_encoding` aside.
fn advocacy_stripped(bytes: &[u8], keep_encoding: bool) -> Vec<u8> {
    let mut doc = Document::load_mem(bytes).expect("loads");
    let mut stripped = 0;
    for obj in doc.objects.values_mut() {
        if let Object::Dictionary(d) = obj {
            let is_font = matches!(d.get(b"Type"), Ok(Object::Name(n)) if n == b"Font");
            let embedded = !matches!(d.get(b"BaseFont"),
                Ok(Object::Name(n)) if n == b"Helvetica" || n == b"ZapfDingbats");
            if is_font && embedded {
                d.remove(b"ToUnicode");
                if !keep_encoding {
                    d.remove(b"Encoding");
                }
                stripped += 1;
            }
        }
    }
    assert!(stripped >= 9, "only {stripped} fonts stripped");
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    out
}

/// The words (ASCII alphanumeric runs, other characters dropped) of every page.
fn words(x: &Extraction) -> Vec<Vec<String>> {
    x.pages
        .iter()
        .map(|p| {
            p.body
                .chars()
                .filter(|c| c.is_ascii())
                .collect::<String>()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect()
        })
        .collect()
}

/// Without ToUnicode, the advocacy PDF's fonts decode through /Differences over the CFF
/// programs' built-in encodings: the same text as with ToUnicode. Without /Encoding as well,
/// the built-in encodings alone give every ASCII letter and digit (the quotes, dashes and
/// accented letters the PDF placed at other codes through /Differences are then, rightly,
/// not drawn and not read).
#[test]
fn advocacy_pdf_without_tounicode_reads_through_cff_encodings() {
    let Some(bytes) = advocacy() else { return };
    let full = run(&bytes);
    let no_tu = run(&advocacy_stripped(&bytes, true));
    assert_eq!(no_tu.pages.len(), full.pages.len());
    for (i, (a, b)) in full.pages.iter().zip(&no_tu.pages).enumerate() {
        assert_eq!(a.body, b.body, "page {}", i + 1);
    }
    assert_eq!(no_tu.quality.unmapped_glyphs, full.quality.unmapped_glyphs);
    let bare = run(&advocacy_stripped(&bytes, false));
    for (i, (a, b)) in words(&full).iter().zip(words(&bare)).enumerate() {
        let first = a.iter().zip(&b).position(|(x, y)| x != y);
        assert!(
            first.is_none() && a.len() == b.len(),
            "page {}: {:?} read as {:?}",
            i + 1,
            first.map(|k| &a[k..a.len().min(k + 5)]),
            first.map(|k| &b[k..b.len().min(k + 5)]),
        );
    }
}

// ---------------------------------------------------------------- page labels

fn labels(x: &Extraction) -> Vec<Option<&str>> {
    x.pages.iter().map(|p| p.label.as_deref()).collect()
}

/// /PageLabels: roman front matter (i–iii), decimal from 1, then an appendix "A-1", "A-2"
/// and a range with a /St start; the labels win over the footers.
#[test]
fn page_labels_roman_then_decimal_with_prefix_and_start() {
    let pages: Vec<_> = (0..9)
        .map(|i| page_with_footer(&["Some text on this page."], &format!("{}", i + 1)))
        .collect();
    let nums = vec![
        0.into(),
        dictionary! { "S" => "r" }.into(),
        3.into(),
        dictionary! { "S" => "D" }.into(),
        5.into(),
        dictionary! { "S" => "D", "P" => Object::string_literal("A-") }.into(),
        7.into(),
        dictionary! { "S" => "A", "St" => 27 }.into(),
    ];
    let catalog = dictionary! { "PageLabels" => dictionary! { "Nums" => nums } };
    let x = run(&build(pages, catalog));
    assert_eq!(
        labels(&x),
        [
            Some("i"),
            Some("ii"),
            Some("iii"),
            Some("1"),
            Some("2"),
            Some("A-1"),
            Some("A-2"),
            Some("AA"),
            Some("BB"),
        ]
    );
}

/// A number tree with /Kids (and a cycle back to the root) is walked, and bounded.
#[test]
fn page_labels_through_kids_and_a_cycle_terminates() {
    let pages: Vec<_> = (0..3).map(|_| page_with_footer(&["Text."], "x")).collect();
    let mut doc = Document::with_version("1.5");
    let root_id = doc.new_object_id();
    let leaf = doc.add_object(dictionary! {
        "Nums" => vec![0.into(), dictionary! { "S" => "D", "St" => 10 }.into()],
        "Kids" => vec![Object::Reference(root_id)],
    });
    doc.objects.insert(
        root_id,
        Object::Dictionary(dictionary! { "Kids" => vec![Object::Reference(leaf)] }),
    );
    let mut catalog_doc = doc;
    // build the pages into the same document
    let pages_id = catalog_doc.new_object_id();
    let mut kids = Vec::new();
    for (content, resources) in pages {
        let c = catalog_doc.add_object(Stream::new(Dictionary::new(), content));
        kids.push(Object::Reference(catalog_doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => c, "Resources" => resources,
        })));
    }
    catalog_doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 3 }),
    );
    let cat = catalog_doc.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id, "PageLabels" => Object::Reference(root_id),
    });
    catalog_doc.trailer.set("Root", cat);
    let mut out = Vec::new();
    catalog_doc.save_to(&mut out).expect("saves");
    let x = run(&out);
    assert_eq!(labels(&x), [Some("10"), Some("11"), Some("12")]);
}

/// No /PageLabels: footer numbers that run one per page, offset from the index (a cover
/// without a number, then 2, 3, …), are the labels; the cover has none.
#[test]
fn footer_numbers_offset_from_the_index_become_labels() {
    let mut pages = vec![page_with_footer(&["Cover"], "")];
    for i in 1..6 {
        pages.push(page_with_footer(
            &["Body text of the page.", "More text."],
            &format!("{}", i + 2),
        ));
    }
    let x = run(&build(pages, Dictionary::new()));
    assert_eq!(
        labels(&x),
        [None, Some("3"), Some("4"), Some("5"), Some("6"), Some("7")]
    );
}

/// Real PDF: in the 2004 advocacy guidance page 15 of the PDF is printed as 16.
#[test]
fn advocacy_pdf_page_15_is_printed_16() {
    let Some(bytes) = advocacy() else { return };
    let x = run(&bytes);
    assert_eq!(x.pages[14].label.as_deref(), Some("16"));
    assert_eq!(x.pages[15].label.as_deref(), Some("17"));
    assert_eq!(x.pages[0].label, None);
}

// ------------------------------------------------------------------ the binary

const NAMES: [&str; 7] = [
    "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf",
];

fn labelled_corpus() -> (Scratch, String) {
    let mut pages = vec![page_with_footer(&["Cover page"], "")];
    for i in 1..6 {
        // bodies that differ in more than their numbers (else they are a running header)
        let body = format!("{} printed page {} about county lines.", NAMES[i], i + 2);
        pages.push(page_with_footer(
            &[&body, NAMES[i + 1]],
            &format!("{}", i + 2),
        ));
    }
    let s = CorpusBuilder::new()
        .doc(Doc::new("Doc", "england", 2020).bytes(build(pages, Dictionary::new())))
        .build();
    let id = s.id_of("Doc");
    (s, id)
}

/// `text --page` takes the printed label first, `#N` for the N-th page, and says so when
/// the number is both.
#[test]
fn text_page_accepts_printed_label_or_hash_index() {
    let (s, id) = labelled_corpus();
    let page = |p: &str| ["text", &id, "--page", p].map(str::to_string);
    let out = s.succeeds(page("4"));
    assert!(stdout(&out).contains("printed page 4 "), "{}", stdout(&out));
    assert!(common::stderr(&out).contains("--page '#4'"));
    let text = s.ok(page("#4"));
    assert!(text.contains("printed page 5 "), "{text}");
    // the cover has no label: 1 is the first page
    assert!(s.ok(page("1")).contains("Cover page"));
    s.fail(page("#9"), 2);
    assert!(s.fail(page("xiv"), 2).contains("#N"));
}

/// `search` rows carry the printed label after the page number.
#[test]
fn search_rows_have_page_label() {
    let (s, _) = labelled_corpus();
    let text = s.ok(["search", "\"printed page 4\"", "--format", "csv"]);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("id,title,nation,year,page,page_label,score,snippet")
    );
    let row = lines.next().expect("a row");
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells.get(4), Some(&"3"));
    assert_eq!(cells.get(5), Some(&"4"));
}
