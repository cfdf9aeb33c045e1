//! One-page PDFs of hand-placed words (Helvetica, no `/Widths`, so the extractor measures
//! them with the standard metrics that [`width`] repeats), for layout regression tests.

use lopdf::{dictionary, Document, Object, Stream};

/// Helvetica advance widths of printable ASCII, in 1/1000 em (the AFM metrics).
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Width of `text` in Helvetica at `size` points.
pub fn width(text: &str, size: f32) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| {
            (c as u32)
                .checked_sub(0x20)
                .and_then(|i| HELVETICA.get(i as usize))
                .map_or(556, |&w| u32::from(w))
        })
        .sum();
    units as f32 * size / 1000.0
}

/// A run of text drawn at baseline `y` from `x`, in Helvetica at `size` points.
#[derive(Debug, Clone)]
pub struct Word {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub text: String,
}

/// `text` at (`x`, `y`) in `size` points.
pub fn at(x: f32, y: f32, size: f32, text: &str) -> Word {
    Word {
        x,
        y,
        size,
        text: text.to_string(),
    }
}

/// `text` at baseline `y` in `size` points, ending exactly at `right`.
pub fn ending_at(right: f32, y: f32, size: f32, text: &str) -> Word {
    at(right - width(text, size), y, size, text)
}

/// The words of a line spread from `left` to `right` (justified: the spare width is shared
/// among the gaps), at baseline `y` in `size` points.
pub fn justified(left: f32, right: f32, y: f32, size: f32, text: &str) -> Vec<Word> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let ink: f32 = words.iter().map(|w| width(w, size)).sum();
    let gaps = words.len().saturating_sub(1).max(1) as f32;
    let gap = (right - left - ink) / gaps;
    let mut x = left;
    let mut out = Vec::new();
    for w in words {
        out.push(at(x, y, size, w));
        x += width(w, size) + gap;
    }
    out
}

/// The words of a line set from `left` with ordinary word spaces (ragged right).
pub fn ragged(left: f32, y: f32, size: f32, text: &str) -> Vec<Word> {
    justified(left, left + width(text, size), y, size, text)
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

/// A PDF of one page (`w` × `h` points) with `words` drawn on it, in the order given.
pub fn page_pdf(w: f32, h: f32, words: &[Word]) -> Vec<u8> {
    let mut content = String::new();
    for word in words {
        content.push_str(&format!(
            "BT /F1 {} Tf 1 0 0 1 {} {} Tm ({}) Tj ET\n",
            word.size,
            word.x,
            word.y,
            escape(&word.text)
        ));
    }
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)],
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![Object::Reference(page)], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("in-memory save");
    out
}

/// A PDF of one page (`w` × `h` points) of Helvetica 10 pt lines, each line (baseline y,
/// [(x, text)]).
pub fn lines_pdf(w: f32, h: f32, lines: &[(f32, &[(f32, &str)])]) -> Vec<u8> {
    let words: Vec<Word> = lines
        .iter()
        .flat_map(|(y, words)| words.iter().map(|(x, t)| at(*x, *y, 10.0, t)))
        .collect();
    page_pdf(w, h, &words)
}
