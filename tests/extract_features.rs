//! The extractor, feature by feature, on small PDFs built here with hand-written content
//! streams. Every test asserts the exact text.

mod common;

use common::RawPage as Page;
use efrh::extract::{extract, ExtractError, Extraction, Limits};
use lopdf::{dictionary, Dictionary, Document, Object, Stream};
use std::time::Duration;

fn page(content: &str, resources: Dictionary) -> Page {
    Page::new(content, resources)
}

/// Build a PDF; `f` may add objects (fonts, streams) and returns the pages.
fn build(f: impl FnOnce(&mut Document) -> Vec<Page>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let pages = f(&mut doc);
    common::raw_pdf(doc, pages_id, pages)
}

fn helvetica() -> Dictionary {
    dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    }
}

fn fonts(list: Vec<(&str, Object)>) -> Dictionary {
    let mut f = Dictionary::new();
    for (n, o) in list {
        f.set(n, o);
    }
    dictionary! { "Font" => f }
}

fn helv_res() -> Dictionary {
    fonts(vec![("F1", Object::Dictionary(helvetica()))])
}

fn run(pdf: &[u8]) -> Extraction {
    extract(pdf, &Limits::default()).expect("extracts")
}

fn body(pdf: &[u8]) -> String {
    let x = run(pdf);
    x.pages
        .iter()
        .map(|p| p.body.as_str())
        .collect::<Vec<_>>()
        .join("\n\u{c}\n")
}

fn one(content: &str) -> String {
    body(&build(|_| vec![page(content, helv_res())]))
}

#[test]
fn simple_text_with_spaces() {
    assert_eq!(
        one("BT /F1 12 Tf 72 700 Td (Hello world) Tj ET"),
        "Hello world"
    );
}

#[test]
fn tj_kerning_small_is_not_a_space_large_is() {
    let t =
        one("BT /F1 12 Tf 72 700 Td [(Con) 20 (tex) 15 (tual) -300 (safe) 10 (guarding)] TJ ET");
    assert_eq!(t, "Contextual safeguarding");
}

#[test]
fn words_positioned_without_space_characters() {
    // Each word placed with Td, no space glyphs: gaps make the spaces.
    let t = one(
        "BT /F1 10 Tf 72 700 Td (Contextual) Tj 52 0 Td (safeguarding) Tj 64 0 Td (works) Tj ET",
    );
    assert_eq!(t, "Contextual safeguarding works");
}

#[test]
fn letter_spaced_justified_text_stays_whole() {
    // Tc = 2 pt at 10 pt (0.2 em between letters); words separated by 6 pt extra.
    let t = one("BT /F1 10 Tf 2 Tc 72 700 Td [(Contextual) -600 (safeguarding)] TJ ET");
    assert_eq!(t, "Contextual safeguarding");
}

#[test]
fn word_spacing_tw_and_quote_operators() {
    let t = one("BT /F1 10 Tf 14 TL 5 Tw 72 700 Td (child criminal) Tj (exploitation) ' 1 0 (county lines) \" ET");
    assert_eq!(t, "child criminal\nexploitation\ncounty lines");
}

#[test]
fn line_end_hyphens_are_kept() {
    let t = one("BT /F1 10 Tf 14 TL 72 700 Td (contextual safe-) Tj T* (guarding and trauma-) Tj T* (informed practice) Tj ET");
    assert_eq!(
        t,
        "contextual safe-\nguarding and trauma-\ninformed practice"
    );
}

#[test]
fn differences_glyph_names_and_ligatures() {
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
        "Encoding" => dictionary! {
            "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![1.into(), Object::Name(b"fi".to_vec()), Object::Name(b"uni2019".to_vec()),
                Object::Name(b"f_f".to_vec()), Object::Name(b"g77".to_vec())],
        },
    };
    let pdf = build(|_| {
        vec![page(
            "BT /F1 12 Tf 72 700 Td (\\001nd the child\\002s e\\003ort\\004) Tj ET",
            fonts(vec![("F1", Object::Dictionary(font))]),
        )]
    });
    let x = run(&pdf);
    assert_eq!(x.pages[0].body, "find the child's effort");
    assert_eq!(
        x.quality.unmapped_glyphs, 1,
        "g77 has no Unicode and is dropped"
    );
}

fn tounicode_cmap() -> &'static str {
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap
     1 begincodespacerange <0000> <FFFF> endcodespacerange
     3 beginbfchar <0001> <0053> <0002> <00660069> <0003> <D835DC9C> endbfchar
     2 beginbfrange <0010> <0019> <0061> <0020> <0022> [<0020> <0058> <0059>] endbfrange
     endcmap CMapName currentdict /CMap defineresource pop end end"
}

fn type0(doc: &mut Document, with_tounicode: bool) -> Object {
    let cid = dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+Calibri",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "DW" => 500,
        "W" => vec![1.into(), vec![600.into(), 700.into()].into(), 16.into(), 25.into(), 480.into()],
    };
    let mut f = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Calibri",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![Object::Dictionary(cid)],
    };
    if with_tounicode {
        let tu = doc.add_object(Stream::new(
            Dictionary::new(),
            tounicode_cmap().as_bytes().to_vec(),
        ));
        f.set("ToUnicode", tu);
    }
    Object::Dictionary(f)
}

#[test]
fn type0_identity_h_with_tounicode() {
    // codes: 0001 S, 0010.. a.., 0002 "fi", 0003 surrogate pair, 0020-0022 array
    let pdf = build(|doc| {
        let f = type0(doc, true);
        vec![page(
            "BT /F1 12 Tf 72 700 Td <0001001200100013> Tj ( ) Tj <00020021> Tj <0020> Tj <0003> Tj ET",
            fonts(vec![("F1", f)]),
        )]
    });
    // S c a d | fi X | space | math script A (NFKC → A)
    assert_eq!(body(&pdf), "Scad fiX A");
}

#[test]
fn unmapped_glyphs_are_dropped_and_counted_never_replacement_chars() {
    let pdf = build(|doc| {
        let f = type0(doc, false);
        vec![page(
            "BT /F2 12 Tf 72 700 Td (Known) Tj ET BT /F1 12 Tf 72 680 Td <00010002> Tj ET",
            fonts(vec![("F1", f), ("F2", Object::Dictionary(helvetica()))]),
        )]
    });
    let x = run(&pdf);
    assert_eq!(x.pages[0].body, "Known");
    assert_eq!(x.quality.unmapped_glyphs, 2);
    assert!(!x.pages[0].body.contains('\u{FFFD}'));
}

#[test]
fn standard_14_widths_without_widths_array() {
    // Helvetica "WWW" is 3 × 0.944 em wide: a word placed right after it is joined,
    // a word 3 pt further is separate.
    let t = one("BT /F1 10 Tf 72 700 Td (WWW) Tj 28.32 0 Td (x) Tj ET BT /F1 10 Tf 72 680 Td (WWW) Tj 31.5 0 Td (y) Tj ET");
    assert_eq!(t, "WWWx\nWWW y");
}

#[test]
fn form_xobjects_nested_and_cyclic_forms_terminate() {
    let pdf = build(|doc| {
        let inner_id = doc.new_object_id();
        let outer = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => helvetica() }, "XObject" => dictionary! { "Inner" => inner_id } } },
            b"BT /F1 12 Tf 72 700 Td (outer form) Tj ET /Inner Do".to_vec(),
        );
        let outer_id = doc.add_object(outer);
        // the inner form draws text and calls the outer form again: a cycle
        let inner = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), (-20).into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => helvetica() }, "XObject" => dictionary! { "Outer" => outer_id } } },
            b"BT /F1 12 Tf 72 700 Td (inner form) Tj ET /Outer Do".to_vec(),
        );
        doc.objects.insert(inner_id, Object::Stream(inner));
        let mut res = helv_res();
        res.set("XObject", dictionary! { "Fm1" => outer_id });
        vec![page("/Fm1 Do", res)]
    });
    let t = body(&pdf);
    assert!(t.starts_with("outer form\ninner form"), "{t}");
    assert!(t.lines().count() < 40, "cycle bounded: {t}");
}

#[test]
fn two_columns_read_one_after_the_other() {
    let mut c = String::from("BT /F1 10 Tf 14 TL 72 700 Td");
    let left = [
        "left column line one with text",
        "left column line two with text",
        "left column line three with text",
    ];
    let right = [
        "right column line one with text",
        "right column line two with text",
        "right column line three text",
    ];
    for l in left {
        c.push_str(&format!(" ({l}) Tj T*"));
    }
    c.push_str(" ET BT /F1 10 Tf 14 TL 320 700 Td");
    for r in right {
        c.push_str(&format!(" ({r}) Tj T*"));
    }
    c.push_str(" ET");
    let t = one(&c);
    let expected: Vec<&str> = left.iter().chain(right.iter()).copied().collect();
    assert_eq!(t, expected.join("\n"));
}

#[test]
fn content_order_does_not_matter_lines_read_top_down() {
    let t =
        one("BT /F1 10 Tf 72 600 Td (second line) Tj ET BT /F1 10 Tf 72 700 Td (first line) Tj ET");
    assert_eq!(t, "first line\nsecond line");
}

#[test]
fn rotated_page_reads_upright() {
    let pdf = build(|_| {
        let mut p = page(
            // text drawn rotated 90° counter-clockwise, so that on a /Rotate 90 page it is upright
            "BT /F1 12 Tf 0 1 -1 0 180 72 Tm (first line of rotated page) Tj 0 1 -1 0 200 72 Tm (second line) Tj ET",
            helv_res(),
        );
        p.extra.set("Rotate", 90);
        vec![p]
    });
    assert_eq!(body(&pdf), "first line of rotated page\nsecond line");
}

#[test]
fn rotated_text_on_upright_page_is_kept() {
    let t = one("BT /F1 10 Tf 72 700 Td (Main body text here on the page) Tj ET BT /F1 8 Tf 0 1 -1 0 30 300 Tm (Sideways margin note) Tj ET");
    assert_eq!(t, "Main body text here on the page\nSideways margin note");
}

#[test]
fn fake_bold_overdraw_is_removed() {
    let t = one(
        "BT /F1 12 Tf 72 700 Td (Bold heading) Tj ET BT /F1 12 Tf 72.4 700 Td (Bold heading) Tj ET",
    );
    assert_eq!(t, "Bold heading");
}

#[test]
fn invisible_ocr_text_is_kept() {
    assert_eq!(
        one("BT 3 Tr /F1 12 Tf 72 700 Td (scanned page words) Tj ET"),
        "scanned page words"
    );
}

#[test]
fn actual_text_replaces_glyphs() {
    let t = one("BT /F1 12 Tf 72 700 Td (The ) Tj /Span << /ActualText (safeguarding) >> BDC (sa\\255fe) Tj EMC ( lead) Tj ET");
    assert_eq!(t, "The safeguarding lead");
}

#[test]
fn actual_text_utf16_from_properties_resource() {
    let pdf = build(|_| {
        let mut res = helv_res();
        res.set(
            "Properties",
            dictionary! { "P1" => dictionary! { "ActualText" => Object::String(vec![0xfe, 0xff, 0, b'f', 0, b'i'], lopdf::StringFormat::Hexadecimal) } },
        );
        vec![page(
            "BT /F1 12 Tf 72 700 Td (de) Tj /Span /P1 BDC (X) Tj EMC (nd) Tj ET",
            res,
        )]
    });
    assert_eq!(body(&pdf), "defind");
}

#[test]
fn superscripts_ordinals_join_footnote_markers_split() {
    let t = one("BT /F1 10 Tf 72 700 Td (their 21) Tj 4 Ts /F1 6 Tf (st) Tj 0 Ts /F1 10 Tf ( birthday and exploitation) Tj 4 Ts /F1 6 Tf (3) Tj 0 Ts /F1 10 Tf ( more) Tj ET");
    assert_eq!(t, "their 21st birthday and exploitation 3 more");
}

#[test]
fn running_headers_and_footers_are_kept_apart() {
    let pdf = build(|_| {
        (1..=4)
            .map(|n| {
                page(
                    &format!(
                        "BT /F1 9 Tf 72 800 Td (Keeping children safe in education 2025) Tj ET \
                         BT /F1 11 Tf 72 700 Td (Body text of page {n} about child criminal) Tj 0 -14 Td (exploitation and more) Tj ET \
                         BT /F1 9 Tf 290 40 Td ({n}) Tj ET"
                    ),
                    helv_res(),
                )
            })
            .collect()
    });
    let x = run(&pdf);
    assert_eq!(x.pages.len(), 4);
    for (i, p) in x.pages.iter().enumerate() {
        assert_eq!(p.header, "Keeping children safe in education 2025");
        assert_eq!(p.footer, format!("{}", i + 1));
        assert_eq!(
            p.body,
            format!(
                "Body text of page {} about child criminal\nexploitation and more",
                i + 1
            )
        );
    }
}

#[test]
fn pages_in_reader_order_through_nested_page_tree() {
    let mut doc = Document::with_version("1.5");
    let root_pages = doc.new_object_id();
    let mid = doc.new_object_id();
    let mk = |doc: &mut Document, parent, text: &str| {
        let c = doc.add_object(Stream::new(
            Dictionary::new(),
            format!("BT /F1 12 Tf 72 700 Td ({text}) Tj ET").into_bytes(),
        ));
        doc.add_object(dictionary! { "Type" => "Page", "Parent" => parent, "Contents" => c })
    };
    let p1 = mk(&mut doc, root_pages, "page one");
    let p2 = mk(&mut doc, mid, "page two");
    let p3 = mk(&mut doc, mid, "page three");
    let p4 = mk(&mut doc, root_pages, "page four");
    doc.objects.insert(mid, Object::Dictionary(dictionary! { "Type" => "Pages", "Parent" => root_pages, "Kids" => vec![p2.into(), p3.into()], "Count" => 2 }));
    doc.objects.insert(
        root_pages,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![p1.into(), mid.into(), p4.into()], "Count" => 4,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()], "Resources" => helv_res() }),
    );
    let cat = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => root_pages });
    doc.trailer.set("Root", cat);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    let x = run(&out);
    let texts: Vec<&str> = x.pages.iter().map(|p| p.body.as_str()).collect();
    assert_eq!(texts, ["page one", "page two", "page three", "page four"]);
}

fn encrypted(version: u8) -> Vec<u8> {
    use lopdf::encryption::crypt_filters::{Aes128CryptFilter, Aes256CryptFilter, CryptFilter};
    use lopdf::{EncryptionState, EncryptionVersion, Permissions};
    use std::collections::BTreeMap;
    use std::sync::Arc;
    let plain = build(|_| {
        vec![page(
            "BT /F1 12 Tf 72 700 Td (secret safeguarding text) Tj ET",
            helv_res(),
        )]
    });
    let mut doc = Document::load_mem(&plain).expect("reload");
    doc.trailer.set(
        "ID",
        vec![
            Object::String(vec![7; 16], lopdf::StringFormat::Hexadecimal),
            Object::String(vec![7; 16], lopdf::StringFormat::Hexadecimal),
        ],
    );
    let state = match version {
        2 => EncryptionState::try_from(EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password: "",
            key_length: 128,
            permissions: Permissions::all(),
        }),
        4 => {
            let f: Arc<dyn CryptFilter> = Arc::new(Aes128CryptFilter);
            EncryptionState::try_from(EncryptionVersion::V4 {
                document: &doc,
                encrypt_metadata: true,
                crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), f)]),
                stream_filter: b"StdCF".to_vec(),
                string_filter: b"StdCF".to_vec(),
                owner_password: "owner",
                user_password: "",
                permissions: Permissions::all(),
            })
        }
        _ => {
            let f: Arc<dyn CryptFilter> = Arc::new(Aes256CryptFilter);
            EncryptionState::try_from(EncryptionVersion::V5 {
                encrypt_metadata: true,
                crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), f)]),
                file_encryption_key: &[9; 32],
                stream_filter: b"StdCF".to_vec(),
                string_filter: b"StdCF".to_vec(),
                owner_password: "owner",
                user_password: "",
                permissions: Permissions::all(),
            })
        }
    }
    .expect("encryption state");
    doc.encrypt(&state).expect("encrypt");
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

#[test]
fn encrypted_with_empty_user_password_rc4_aes128_aes256() {
    for v in [2u8, 4, 5] {
        let pdf = encrypted(v);
        assert!(
            pdf.windows(8).any(|w| w == b"/Encrypt"),
            "V{v} is encrypted"
        );
        assert_eq!(body(&pdf), "secret safeguarding text", "V{v}");
    }
}

#[test]
fn broken_xref_offsets_are_recovered() {
    let pdf = build(|_| {
        vec![page(
            "BT /F1 12 Tf 72 700 Td (recovered text) Tj ET",
            helv_res(),
        )]
    });
    // shift every object by inserting junk after the header: all xref offsets are now wrong
    let mut broken = pdf[..9].to_vec();
    broken.extend_from_slice(b"%junk junk junk junk junk\n");
    broken.extend_from_slice(&pdf[9..]);
    assert_eq!(body(&broken), "recovered text");
}

#[test]
fn hostile_input_fails_with_plain_errors() {
    assert_eq!(
        extract(b"", &Limits::default()).unwrap_err(),
        ExtractError::Empty
    );
    assert_eq!(
        extract(b"hello", &Limits::default()).unwrap_err(),
        ExtractError::NotPdf
    );
    let small = Limits {
        max_file_bytes: 10,
        ..Limits::default()
    };
    assert!(matches!(
        extract(b"%PDF-1.4 xxxxxxxxxxxx", &small),
        Err(ExtractError::TooLarge(_))
    ));
    assert!(matches!(
        extract(b"%PDF-1.4\n garbage", &Limits::default()),
        Err(ExtractError::Damaged(_))
    ));
}

#[test]
fn operator_limit_and_timeout() {
    let many = "0 0 m ".repeat(2000);
    let pdf = build(|_| {
        vec![page(
            &format!("{many} BT /F1 12 Tf 72 700 Td (x) Tj ET"),
            helv_res(),
        )]
    });
    let tight = Limits {
        max_ops_per_page: 1000,
        ..Limits::default()
    };
    assert!(matches!(
        extract(&pdf, &tight),
        Err(ExtractError::TooLarge(_))
    ));
    let no_time = Limits {
        timeout: Duration::ZERO,
        ..Limits::default()
    };
    assert!(matches!(
        extract(&pdf, &no_time),
        Err(ExtractError::Timeout(_))
    ));
    assert_eq!(body(&pdf), "x");
}

#[test]
fn damaged_operators_cost_one_operator_not_the_page() {
    let t = one(
        "BT /F1 12 Tf 72 700 Td (good) Tj ) ] >> 1 2 3 4 5 6 7 Tm9 <zz> Tj 0 -14 Td (text) Tj ET",
    );
    assert_eq!(t, "good\ntext");
}

#[test]
fn empty_page_is_reported_for_ocr() {
    let pdf = build(|_| {
        vec![
            page("0 0 m 100 100 l S", helv_res()),
            page("BT /F1 12 Tf 72 700 Td (words) Tj ET", helv_res()),
        ]
    });
    let x = run(&pdf);
    assert_eq!(x.quality.empty_pages, vec![1]);
    assert_eq!(x.pages[1].body, "words");
}

#[test]
fn inline_images_are_skipped() {
    let t = one("BT /F1 12 Tf 72 700 Td (before) Tj ET BI /W 2 /H 2 /BPC 8 /CS /G ID \x01\x02EI\x03\x04 EI BT /F1 12 Tf 72 680 Td (after) Tj ET");
    assert_eq!(t, "before\nafter");
}

#[test]
fn type3_font_with_its_own_font_matrix() {
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type3",
        "FontMatrix" => vec![10.into(), 0.into(), 0.into(), 10.into(), 0.into(), 0.into()],
        "FontBBox" => vec![0.into(), 0.into(), 1.into(), 1.into()],
        "CharProcs" => Dictionary::new(),
        "Resources" => Dictionary::new(),
        "Encoding" => dictionary! { "Type" => "Encoding", "Differences" => vec![97.into(), Object::Name(b"a".to_vec()), Object::Name(b"b".to_vec()), Object::Name(b"c".to_vec())] },
        "FirstChar" => 97, "LastChar" => 99,
        "Widths" => vec![0.5.into(), 0.5.into(), 0.5.into()],
    };
    // Tf size 1, but the em is 10 pt (FontBBox 1 × FontMatrix 10): glyphs 5 pt wide, letters
    // 0.15 pt apart (0.015 em: one word), the next word 4.7 pt (0.47 em) after it
    let pdf = build(|_| {
        vec![page(
            "BT /T3 1 Tf 72 700 Td [(a) -150 (b) -150 (c)] TJ 20 0 Td (cab) Tj ET",
            fonts(vec![("T3", Object::Dictionary(font))]),
        )]
    });
    assert_eq!(body(&pdf), "abc cab");
}

#[test]
fn predefined_cjk_cmap_splits_one_and_two_byte_codes() {
    // 90ms-RKSJ-H mixes one-byte (ASCII) and two-byte (Shift-JIS) codes; the ToUnicode map
    // here has no codespace ranges, so only the predefined CMap's code lengths split them.
    let pdf = build(|doc| {
        let tu = doc.add_object(Stream::new(
            Dictionary::new(),
            b"1 beginbfchar <41> <0041> endbfchar 1 beginbfchar <8260> <FF21> endbfchar".to_vec(),
        ));
        let cid = dictionary! { "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "MS-Mincho", "DW" => 500 };
        let f = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "MS-Mincho",
            "Encoding" => "90ms-RKSJ-H", "DescendantFonts" => vec![Object::Dictionary(cid)], "ToUnicode" => tu,
        };
        vec![page(
            "BT /F1 12 Tf 72 700 Td <41826041> Tj ET",
            fonts(vec![("F1", Object::Dictionary(f))]),
        )]
    });
    assert_eq!(body(&pdf), "AAA");
}

#[test]
fn tagged_pagination_artifacts_are_furniture_even_when_they_do_not_repeat() {
    let pdf = build(|_| {
        ["Chapter one: risks", "Chapter two: responses"]
            .iter()
            .enumerate()
            .map(|(i, chapter)| {
                page(
                    &format!(
                        "/Artifact <</Type /Pagination /Subtype /Header>> BDC BT /F1 9 Tf 72 800 Td ({chapter}) Tj ET EMC \
                         /P <</MCID 0>> BDC BT /F1 11 Tf 72 700 Td (Body of page {}) Tj ET EMC \
                         /Artifact <</Type /Pagination /Subtype /Footer>> BDC BT /F1 9 Tf 72 40 Td (Printed on recycled paper {}) Tj ET EMC",
                        i + 1,
                        i + 10
                    ),
                    helv_res(),
                )
            })
            .collect()
    });
    let x = run(&pdf);
    assert_eq!(x.pages[0].header, "Chapter one: risks");
    assert_eq!(x.pages[1].header, "Chapter two: responses");
    assert_eq!(x.pages[0].body, "Body of page 1");
    assert_eq!(x.pages[1].footer, "Printed on recycled paper 11");
}

#[test]
fn soft_hyphen_at_line_end_is_a_printed_hyphen_mid_line_it_vanishes() {
    // ToUnicode maps code 1 to U+00AD (as Word does for optional hyphens)
    let pdf = build(|doc| {
        let tu = doc.add_object(Stream::new(
            Dictionary::new(),
            b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <01> <00AD> endbfchar".to_vec(),
        ));
        let mut f = helvetica();
        f.set("ToUnicode", tu);
        vec![page(
            "BT /F1 10 Tf 14 TL 72 700 Td (safe\\001) Tj T* (guarding and well\\001being) Tj ET",
            fonts(vec![("F1", Object::Dictionary(f))]),
        )]
    });
    assert_eq!(body(&pdf), "safe-\nguarding and wellbeing");
}

#[test]
fn letter_by_letter_spacing_is_reported_as_suspicious() {
    // a producer that writes a space between every letter: no word survives
    let mut c = String::from("BT /F1 10 Tf 14 TL 40 700 Td");
    for _ in 0..4 {
        c.push_str(" (s a f e g u a r d i n g c h i l d r e n) Tj T*");
    }
    c.push_str(" ET");
    let x = run(&build(|_| vec![page(&c, helv_res())]));
    assert!(
        x.pages[0].body.starts_with("s a f e"),
        "{}",
        x.pages[0].body
    );
    assert_eq!(x.quality.suspicious_pages, vec![1]);
    // ordinary text is not suspicious
    let y = run(&build(|_| {
        vec![page(
            "BT /F1 10 Tf 72 700 Td (ordinary words in a line) Tj ET",
            helv_res(),
        )]
    }));
    assert!(y.quality.suspicious_pages.is_empty());
}

#[test]
fn tounicode_entry_mapping_to_nothing_falls_back_to_the_encoding() {
    // Distiller-style ZapfDingbats bullet: /Differences [1 /a71], ToUnicode maps it to U+0000
    let pdf = build(|doc| {
        let tu = doc.add_object(Stream::new(
            Dictionary::new(),
            b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <01> <0000> endbfchar".to_vec(),
        ));
        let f = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "ZapfDingbats",
            "Encoding" => dictionary! { "Type" => "Encoding", "Differences" => vec![1.into(), Object::Name(b"a71".to_vec())] },
            "ToUnicode" => tu,
        };
        let mut res = fonts(vec![
            ("F1", Object::Dictionary(f)),
            ("F2", Object::Dictionary(helvetica())),
        ]);
        res.set("ExtGState", Dictionary::new());
        vec![page(
            "BT /F1 10 Tf 72 700 Td (\\001) Tj /F2 10 Tf 20 0 Td (first item) Tj ET",
            res,
        )]
    });
    let x = run(&pdf);
    assert_eq!(x.pages[0].body, "\u{25CF} first item");
    assert_eq!(x.quality.unmapped_glyphs, 0);
}
