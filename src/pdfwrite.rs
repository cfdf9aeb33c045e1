//! A small, deterministic PDF writer for text documents: the demo-corpus generator, tests and
//! benches use it to build real PDFs whose text is known.
//!
//! Pages are laid out top to bottom in the standard Helvetica font (no embedding) with
//! `WinAnsiEncoding`, so every PDF reader (and our extractor) can map the glyphs back to
//! Unicode. Characters outside WinAnsi are written as `?`.
//!
//! ```
//! use efrh::pdfwrite::{text_pdf, wrap, Options};
//! let mut lines = wrap("Contextual safeguarding looks at the places where harm happens.", 40);
//! lines.push(String::new()); // an empty line is a blank line
//! let pdf = text_pdf(&[lines], &Options { title: Some("Demo".into()), ..Options::default() });
//! assert!(pdf.starts_with(b"%PDF-"));
//! ```
//!
//! The same input always yields the same bytes (no dates, fixed document id), so the demo
//! corpus is reproducible and its document ids are stable.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use sha2::Digest;

/// Layout and metadata choices for [`text_pdf`].
#[derive(Debug, Clone)]
pub struct Options {
    /// `/Title` in the document information dictionary.
    pub title: Option<String>,
    /// A running header line printed at the top of every page.
    pub header: Option<String>,
    /// A running footer line printed at the bottom of every page; `{page}` and `{pages}` are
    /// replaced by the page number (from 1) and the page count.
    pub footer: Option<String>,
    /// Body font size in points (the leading is 1.3 times it).
    pub font_size: f32,
    /// Compress content streams with Flate (as most real PDFs do).
    pub compress: bool,
    /// Encrypt (RC4, 128-bit) with this user password; `Some("")` makes a PDF that opens
    /// without a password but is still encrypted, as many government PDFs are.
    pub user_password: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            title: None,
            header: None,
            footer: None,
            font_size: 11.0,
            compress: true,
            user_password: None,
        }
    }
}

/// A4 in points.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 72.0;

/// How many body lines fit on one page at `font_size` (so callers can paginate).
pub fn lines_per_page(font_size: f32) -> usize {
    let leading = font_size * 1.3;
    (((PAGE_H - 2.0 * MARGIN) / leading).floor() as usize).max(1)
}

/// Wrap `text` into lines of at most `width` characters, breaking at spaces (a word longer
/// than `width` gets a line of its own). Existing line breaks are kept; an empty input line
/// stays an empty line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut any = false;
        for word in para.split_whitespace() {
            any = true;
            let needed = if line.is_empty() {
                word.chars().count()
            } else {
                line.chars().count() + 1 + word.chars().count()
            };
            if needed > width && !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if any {
            out.push(line);
        } else {
            out.push(String::new());
        }
    }
    out
}

/// Split `lines` into pages of at most `per_page` lines.
pub fn paginate(lines: &[String], per_page: usize) -> Vec<Vec<String>> {
    lines
        .chunks(per_page.max(1))
        .map(<[String]>::to_vec)
        .collect()
}

/// Encode text as WinAnsi (Windows-1252) bytes; anything outside it becomes `?`.
pub fn encode_winansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‚' => 0x82,
            'ƒ' => 0x83,
            '„' => 0x84,
            '…' => 0x85,
            '†' => 0x86,
            '‡' => 0x87,
            'ˆ' => 0x88,
            '‰' => 0x89,
            'Š' => 0x8a,
            '‹' => 0x8b,
            'Œ' => 0x8c,
            'Ž' => 0x8e,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201c}' => 0x93,
            '\u{201d}' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '˜' => 0x98,
            '™' => 0x99,
            'š' => 0x9a,
            '›' => 0x9b,
            'œ' => 0x9c,
            'ž' => 0x9e,
            'Ÿ' => 0x9f,
            '\t' => b' ',
            _ => b'?',
        })
        .collect()
}

/// A PDF literal string `( … )` with `(`, `)` and `\` escaped.
fn literal(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 2);
    out.push(b'(');
    for &b in bytes {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
    out
}

fn text_line(out: &mut Vec<u8>, size: f32, x: f32, y: f32, text: &str) {
    out.extend_from_slice(format!("BT /F1 {size} Tf {x} {y} Td ").as_bytes());
    out.extend_from_slice(&literal(&encode_winansi(text)));
    out.extend_from_slice(b" Tj ET\n");
}

/// The content stream of one page.
fn page_content(lines: &[String], opts: &Options, page_no: usize, pages: usize) -> Vec<u8> {
    let size = opts.font_size;
    let leading = size * 1.3;
    let mut out = Vec::new();
    if let Some(h) = &opts.header {
        text_line(&mut out, size * 0.8, MARGIN, PAGE_H - 40.0, h);
    }
    out.extend_from_slice(
        format!(
            "BT /F1 {size} Tf {leading} TL {MARGIN} {} Td\n",
            PAGE_H - MARGIN - size
        )
        .as_bytes(),
    );
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b"T*\n");
        }
        if !line.is_empty() {
            out.extend_from_slice(&literal(&encode_winansi(line)));
            out.extend_from_slice(b" Tj\n");
        }
    }
    out.extend_from_slice(b"ET\n");
    if let Some(f) = &opts.footer {
        let f = f
            .replace("{page}", &page_no.to_string())
            .replace("{pages}", &pages.to_string());
        text_line(&mut out, size * 0.8, MARGIN, 36.0, &f);
    }
    out
}

/// Build a PDF with one page per entry of `pages`, each the given lines of body text (no
/// wrapping: use [`wrap`] and [`paginate`] first). An empty `pages` yields one blank page.
pub fn text_pdf(pages: &[Vec<String>], opts: &Options) -> Vec<u8> {
    let empty = [Vec::new()];
    let pages = if pages.is_empty() { &empty[..] } else { pages };
    let contents: Vec<Vec<u8>> = pages
        .iter()
        .enumerate()
        .map(|(i, lines)| page_content(lines, opts, i + 1, pages.len()))
        .collect();
    build(contents, opts, true)
}

/// Build a PDF whose pages carry only drawing (grey boxes standing in for a scanned image)
/// and no text at all: what a scan without OCR looks like to a text extractor.
pub fn no_text_pdf(page_count: usize, opts: &Options) -> Vec<u8> {
    let contents = (0..page_count.max(1))
        .map(|i| {
            format!(
                "0.8 g {MARGIN} {} 450 {} re f\n0.5 g {MARGIN} 200 300 {} re f\n",
                300 + i * 7,
                400,
                50 + i
            )
            .into_bytes()
        })
        .collect();
    build(contents, opts, false)
}

fn build(contents: Vec<Vec<u8>>, opts: &Options, with_font: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut resources = Dictionary::new();
    if with_font {
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        resources.set("Font", dictionary! { "F1" => font_id });
    }
    let resources_id = doc.add_object(resources);
    let mut kids = Vec::new();
    let mut digest = sha2::Sha256::new();
    for content in contents {
        digest.update(&content);
        let mut stream = Stream::new(Dictionary::new(), content);
        if opts.compress {
            // Compression failing leaves the stream uncompressed, which is still valid.
            let _ = stream.compress();
        }
        let content_id = doc.add_object(stream);
        kids.push(add_page(
            &mut doc,
            pages_id,
            content_id,
            resources_id.into(),
        ));
    }
    let info = opts.title.as_ref().map(|title| {
        digest.update(title.as_bytes());
        dictionary! {
            "Title" => lopdf::text_string(title),
            "Producer" => Object::string_literal("efrh pdfwrite"),
        }
    });
    finish(&mut doc, pages_id, kids, info, digest);
    if let Some(user) = &opts.user_password {
        let version = lopdf::EncryptionVersion::V2 {
            document: &doc,
            owner_password: "efrh-owner",
            user_password: user,
            key_length: 128,
            permissions: lopdf::Permissions::all(),
        };
        if let Ok(state) = lopdf::EncryptionState::try_from(version) {
            let _ = doc.encrypt(&state);
        }
    }
    save(doc)
}

/// Add a page drawing `content_id` with `resources` under `pages_id`; its reference, for the
/// page tree's `Kids`.
fn add_page(
    doc: &mut Document,
    pages_id: ObjectId,
    content_id: ObjectId,
    resources: Object,
) -> Object {
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
        "Contents" => content_id,
        "Resources" => resources,
    });
    Object::Reference(page_id)
}

/// Close the document: the page tree `pages_id` with `kids`, the catalogue, the information
/// dictionary `info` and a fixed document id from `digest` (derived from the content, it keeps
/// output deterministic; encryption keys depend on it too).
fn finish(
    doc: &mut Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
    info: Option<Dictionary>,
    digest: sha2::Sha256,
) {
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    if let Some(info) = info {
        let info_id = doc.add_object(info);
        doc.trailer.set("Info", info_id);
    }
    let id: Vec<u8> = digest.finalize()[..16].to_vec();
    doc.trailer.set(
        "ID",
        vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ],
    );
}

/// The bytes of `doc`.
fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to memory cannot fail with an I/O error; an empty result would be rejected by
    // any reader, which is the most a caller could do with an error here anyway.
    if doc.save_to(&mut out).is_err() {
        out.clear();
    }
    out
}

/// Build a PDF whose pages each hold two columns side by side, `(left, right)` lines (as a
/// bilingual Welsh Government document prints English and Welsh).
pub fn two_column_pdf(pages: &[(Vec<String>, Vec<String>)], opts: &Options) -> Vec<u8> {
    let size = opts.font_size;
    let leading = size * 1.3;
    let contents = pages
        .iter()
        .map(|(left, right)| {
            let mut out = Vec::new();
            for (x, lines) in [(MARGIN, left), (PAGE_W / 2.0 + 12.0, right)] {
                for (i, line) in lines.iter().enumerate() {
                    let y = PAGE_H - MARGIN - size - leading * i as f32;
                    if !line.is_empty() {
                        text_line(&mut out, size, x, y, line);
                    }
                }
            }
            out
        })
        .collect();
    build(contents, opts, true)
}

/// Render lines of text to an 8-bit greyscale image (0 black, 255 white) of A4 at `dpi`, in
/// the embedded chart font at 10 points: what a scanner makes of a printed page.
pub fn render_page_image(lines: &[String], dpi: u32) -> (u32, u32, Vec<u8>) {
    use plotters::prelude::*;
    use plotters::style::FontStyle;
    crate::report::font::ensure_registered();
    let w = (PAGE_W / 72.0 * dpi as f32).round() as u32;
    let h = (PAGE_H / 72.0 * dpi as f32).round() as u32;
    let mut rgb = vec![255u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        let px = 10.0 / 72.0 * dpi as f64;
        let font = FontDesc::new(
            FontFamily::Name(crate::report::font::FAMILY),
            px,
            FontStyle::Normal,
        );
        let style = TextStyle::from(font).color(&BLACK);
        let margin = (MARGIN / 72.0 * dpi as f32) as i32;
        for (i, line) in lines.iter().enumerate() {
            let y = margin + (i as f64 * px * 1.4) as i32;
            // Drawing only fails for a missing font, which is compiled in.
            let _ = root.draw_text(line, &style, (margin, y));
        }
        let _ = root.present();
    }
    let grey = rgb.chunks(3).map(|p| p[0]).collect();
    (w, h, grey)
}

/// Build an image-only PDF (no text layer, as a scan is): one page per greyscale image
/// `(width, height, pixels)`, each filling an A4 page.
pub fn image_pdf(images: &[(u32, u32, Vec<u8>)], opts: &Options) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    let mut digest = sha2::Sha256::new();
    for (w, h, pixels) in images {
        digest.update(pixels);
        let mut image = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => i64::from(*w),
                "Height" => i64::from(*h),
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
            },
            pixels.clone(),
        );
        let _ = image.compress();
        let image_id = doc.add_object(image);
        let content = format!("q {PAGE_W} 0 0 {PAGE_H} 0 0 cm /Im1 Do Q\n").into_bytes();
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content));
        let resources = dictionary! { "XObject" => dictionary! { "Im1" => image_id } };
        kids.push(add_page(&mut doc, pages_id, content_id, resources.into()));
    }
    let info = opts
        .title
        .as_ref()
        .map(|title| dictionary! { "Title" => lopdf::text_string(title) });
    finish(&mut doc, pages_id, kids, info, digest);
    save(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_pdf_has_pages_and_no_text() {
        let img = render_page_image(&["Contextual safeguarding".to_string()], 50);
        assert!(img.2.iter().any(|&p| p < 128), "some ink");
        assert!(img.2.iter().filter(|&&p| p > 200).count() > img.2.len() / 2);
        let pdf = image_pdf(&[img], &Options::default());
        assert_eq!(
            pdf,
            image_pdf(
                &[render_page_image(
                    &["Contextual safeguarding".to_string()],
                    50
                )],
                &Options::default()
            )
        );
        let doc = Document::load_mem(&pdf).expect("loads");
        assert_eq!(doc.get_pages().len(), 1);
        let text = doc.extract_text(&[1]).unwrap_or_default();
        assert!(text.trim().is_empty(), "{text:?}");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_blank_lines() {
        assert_eq!(
            wrap("one two three four\n\nfive", 9),
            vec!["one two", "three", "four", "", "five"]
        );
        assert_eq!(
            wrap("extraordinarily long", 5),
            vec!["extraordinarily", "long"]
        );
    }

    #[test]
    fn winansi_maps_typographic_characters() {
        assert_eq!(
            encode_winansi("a–b ‘c’ é ☃"),
            b"a\x96b \x91c\x92 \xe9 ?".to_vec()
        );
    }

    #[test]
    fn output_is_deterministic_and_readable_by_lopdf() {
        let pages = vec![
            vec!["First page (with parens) \\ back".to_string()],
            vec!["Second".to_string()],
        ];
        let opts = Options {
            title: Some("T".into()),
            footer: Some("Page {page} of {pages}".into()),
            ..Options::default()
        };
        let a = text_pdf(&pages, &opts);
        assert_eq!(a, text_pdf(&pages, &opts));
        let doc = Document::load_mem(&a).expect("lopdf reads what we write");
        assert_eq!(doc.get_pages().len(), 2);
        let text = doc.extract_text(&[1]).expect("page 1 text");
        assert!(text.contains("First page (with parens)"), "{text}");
    }

    #[test]
    fn encrypted_with_empty_password_opens() {
        let opts = Options {
            user_password: Some(String::new()),
            ..Options::default()
        };
        let pdf = text_pdf(&[vec!["secret text".to_string()]], &opts);
        assert!(pdf.windows(8).any(|w| w == b"/Encrypt"));
        let mut doc = Document::load_mem(&pdf).expect("loads");
        // lopdf decrypts empty-password files on load or via decrypt("").
        if doc.is_encrypted() {
            doc.decrypt("").expect("empty password opens it");
        }
        let text = doc.extract_text(&[1]).expect("text");
        assert!(text.contains("secret text"), "{text}");
    }

    #[test]
    fn encrypted_with_a_password_does_not_open_without_it() {
        let opts = Options {
            user_password: Some("letmein".into()),
            ..Options::default()
        };
        let pdf = text_pdf(&[vec!["secret text".to_string()]], &opts);
        let opened = Document::load_mem(&pdf).and_then(|mut d| {
            if d.is_encrypted() {
                d.decrypt("")?;
            }
            d.extract_text(&[1])
        });
        assert!(!matches!(opened, Ok(t) if t.contains("secret")));
    }

    #[test]
    fn no_text_pdf_has_pages_but_no_text() {
        let pdf = no_text_pdf(3, &Options::default());
        let doc = Document::load_mem(&pdf).expect("loads");
        assert_eq!(doc.get_pages().len(), 3);
        let text = doc.extract_text(&[1]).unwrap_or_default();
        assert!(text.trim().is_empty(), "{text:?}");
    }
}
