//! Fonts: from a font dictionary to a decoder of string bytes into (text, width) per glyph.
//!
//! Simple fonts (Type1, TrueType, Type3, MMType1): one byte per code; Unicode from ToUnicode,
//! else `/Encoding` (base encoding + `/Differences`), else the embedded Type1 or CFF program's
//! built-in encoding, else a default by font kind. Composite fonts (Type0): codes split by the
//! encoding CMap's codespaces (Identity-H/V: two bytes); Unicode from ToUnicode, else a UCS-2
//! predefined CMap, else the embedded TrueType `cmap` inverted through CIDToGIDMap, else the
//! glyph names of an embedded CFF program (its CID-keyed charset gives CID → glyph). Widths
//! from `/Widths` `/FirstChar` `/MissingWidth`, `/W` `/DW`, or standard-14 metrics.

use super::cmap::CMap;
use super::encoding::{glyph_to_unicode, Base};
use super::std14;
use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;

/// One decoded glyph.
pub struct Decoded<'a> {
    /// Unicode text ("" when unmapped).
    pub text: &'a str,
    /// Advance width in text-space units per unit of font size (1/1000 of glyph space).
    pub width: f64,
    /// Single-byte code 32: word spacing (Tw) applies.
    pub word_space: bool,
}

#[derive(Debug, Default)]
pub struct Font {
    composite: bool,
    /// Simple fonts: text for each code.
    simple_text: Vec<String>,
    /// Simple fonts: width of each code (em).
    simple_width: Vec<f64>,
    /// Composite fonts.
    enc: Option<CMap>,
    identity: bool,
    ucs2: bool,
    to_unicode: Option<CMap>,
    cid_widths: Vec<(u32, u32, f64)>,
    dw: f64,
    gid_unicode: HashMap<u16, char>,
    cid_to_gid: Option<Vec<u16>>,
    /// Composite fonts with a name-keyed CFF program: text of each glyph id from its name.
    gid_names: Vec<String>,
    /// Vertical writing (Identity-V etc.).
    pub vertical: bool,
    /// Type3: height of the font's em in text space (FontBBox height × FontMatrix d), else 1.
    pub vscale: f64,
}

/// Follow references (bounded).
pub fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    let mut cur = o;
    for _ in 0..16 {
        match cur {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(next) => cur = next,
                Err(_) => return &Object::Null,
            },
            _ => return cur,
        }
    }
    &Object::Null
}

pub fn dict_get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key)
        .ok()
        .map(|o| deref(doc, o))
        .filter(|o| !matches!(o, Object::Null))
}

pub fn get_dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match dict_get(doc, d, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

pub fn get_num(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<f64> {
    dict_get(doc, d, key).and_then(num)
}

pub fn get_name<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match dict_get(doc, d, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

pub fn stream_data(doc: &Document, o: &Object, max: usize) -> Option<Vec<u8>> {
    match deref(doc, o) {
        Object::Stream(s) => s.decompressed_content_with_limit(max).ok(),
        _ => None,
    }
}

impl Font {
    /// Build a font from its dictionary. Never fails: what cannot be read is left unmapped.
    pub fn load(doc: &Document, d: &Dictionary, max_stream: usize) -> Font {
        let subtype = get_name(doc, d, b"Subtype").unwrap_or(b"Type1");
        let to_unicode = dict_get(doc, d, b"ToUnicode")
            .and_then(|o| stream_data(doc, o, max_stream))
            .map(|data| CMap::parse(&data));
        if subtype == b"Type0" {
            Self::load_composite(doc, d, to_unicode, max_stream)
        } else {
            Self::load_simple(doc, d, subtype, to_unicode, max_stream)
        }
    }

    fn load_simple(
        doc: &Document,
        d: &Dictionary,
        subtype: &[u8],
        to_unicode: Option<CMap>,
        max_stream: usize,
    ) -> Font {
        let base_font = get_name(doc, d, b"BaseFont").unwrap_or(b"");
        let family = std14::family(base_font);
        let descriptor = get_dict(doc, d, b"FontDescriptor");
        let flags = descriptor
            .and_then(|fd| get_num(doc, fd, b"Flags"))
            .unwrap_or(0.0) as u32;
        let symbolic = flags & 4 != 0 && flags & 32 == 0;
        let lname = String::from_utf8_lossy(base_font).to_ascii_lowercase();
        // Base encoding.
        let (enc_name, differences) = match dict_get(doc, d, b"Encoding") {
            Some(Object::Name(n)) => (Some(n.as_slice()), None),
            Some(Object::Dictionary(ed)) => (
                get_name(doc, ed, b"BaseEncoding"),
                dict_get(doc, ed, b"Differences"),
            ),
            _ => (None, None),
        };
        let mut table: Vec<Option<String>> = vec![None; 256];
        let base = enc_name.and_then(Base::from_name);
        let builtin = match (base, descriptor) {
            (None, Some(fd)) => builtin_encoding(doc, fd, max_stream),
            _ => None,
        };
        let default_base = if lname.contains("symbol") {
            Some(Base::Symbol)
        } else if lname.contains("dingbats") {
            Some(Base::ZapfDingbats)
        } else if subtype == b"TrueType" || (symbolic && subtype != b"Type3") {
            Some(Base::WinAnsi)
        } else {
            Some(Base::Standard)
        };
        match (base, builtin) {
            (Some(b), _) => fill_base(&mut table, b),
            (None, Some(bi)) if bi.iter().any(Option::is_some) => {
                if bi.len() == 1 {
                    fill_base(&mut table, Base::Standard);
                } else {
                    for (slot, name) in table.iter_mut().zip(bi.iter()) {
                        *slot = name.as_deref().and_then(glyph_to_unicode);
                    }
                }
            }
            _ => {
                if let Some(b) = default_base {
                    fill_base(&mut table, b);
                }
            }
        }
        if let Some(Object::Array(diffs)) = differences {
            let mut named: Vec<(u8, String)> = Vec::new();
            let mut code: i64 = 0;
            for item in diffs.iter().take(4096) {
                match deref(doc, item) {
                    Object::Integer(i) => code = *i,
                    Object::Name(n) => {
                        if let Ok(c) = u8::try_from(code) {
                            named.push((c, String::from_utf8_lossy(n).into_owned()));
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
            // pdfTeX's bitmap (Type3) fonts name each glyph after its code: /a97 at 97
            let numbered = !lname.contains("dingbats") && tex_numbered(&named);
            for (c, name) in &named {
                if let Some(slot) = table.get_mut(usize::from(*c)) {
                    *slot = if numbered && name != ".notdef" {
                        super::encoding::tex_numbered_glyph(*c)
                    } else {
                        glyph_to_unicode(name)
                    };
                }
            }
        }
        let mut simple_text: Vec<String> = Vec::with_capacity(256);
        for (code, slot) in table.into_iter().enumerate() {
            let from_tu = to_unicode
                .as_ref()
                .and_then(|cm| cm.unicode.get(&(1, code as u32)))
                .map(|s| clean(s.clone()))
                .filter(|s| !s.is_empty());
            // a ToUnicode entry that maps to nothing usable falls back to the encoding
            let t = from_tu.or_else(|| slot.map(clean)).unwrap_or_default();
            simple_text.push(t);
        }
        // Widths.
        let scale = if subtype == b"Type3" {
            match dict_get(doc, d, b"FontMatrix") {
                Some(Object::Array(a)) => a
                    .first()
                    .and_then(|o| num(deref(doc, o)))
                    .filter(|v| v.abs() > 1e-9 && v.abs() < 1e3)
                    .unwrap_or(0.001),
                _ => 0.001,
            }
        } else {
            0.001
        };
        // Type3: the em is the FontBBox height in glyph space times FontMatrix d.
        let vscale = if subtype == b"Type3" {
            let d_scale = match dict_get(doc, d, b"FontMatrix") {
                Some(Object::Array(a)) => a.get(3).and_then(|o| num(deref(doc, o))),
                _ => None,
            };
            let bbox_h = match dict_get(doc, d, b"FontBBox") {
                Some(Object::Array(a)) => {
                    let y0 = a.get(1).and_then(|o| num(deref(doc, o)));
                    let y1 = a.get(3).and_then(|o| num(deref(doc, o)));
                    y0.zip(y1).map(|(a, b)| (b - a).abs())
                }
                _ => None,
            };
            d_scale
                .zip(bbox_h)
                .map(|(m, h)| (m * h).abs())
                .filter(|v| (0.001..=1000.0).contains(v))
                .unwrap_or(1.0)
        } else {
            1.0
        };
        let first = get_num(doc, d, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
        let missing = descriptor
            .and_then(|fd| get_num(doc, fd, b"MissingWidth"))
            .unwrap_or(0.0);
        let widths = match dict_get(doc, d, b"Widths") {
            Some(Object::Array(a)) => Some(a),
            _ => None,
        };
        let mut simple_width = vec![0.0; 256];
        for (code, w) in simple_width.iter_mut().enumerate() {
            let from_array = widths.and_then(|a| {
                code.checked_sub(first)
                    .and_then(|i| a.get(i))
                    .and_then(|o| num(deref(doc, o)))
            });
            *w = match from_array {
                Some(v) => v * scale,
                None if widths.is_some() && missing > 0.0 => missing * scale,
                None => {
                    let c = simple_text.get(code).and_then(|s| s.chars().next());
                    std14::width(family, c) * 0.001
                }
            };
        }
        Font {
            composite: false,
            simple_text,
            simple_width,
            vscale,
            ..Default::default()
        }
    }

    fn load_composite(
        doc: &Document,
        d: &Dictionary,
        to_unicode: Option<CMap>,
        max_stream: usize,
    ) -> Font {
        let mut f = Font {
            composite: true,
            to_unicode,
            dw: 1.0,
            vscale: 1.0,
            ..Default::default()
        };
        match dict_get(doc, d, b"Encoding") {
            Some(Object::Name(n)) => {
                let n = n.as_slice();
                f.identity = n.starts_with(b"Identity");
                f.vertical = n.ends_with(b"-V");
                f.ucs2 = n.windows(4).any(|w| w == b"UCS2") || n.windows(5).any(|w| w == b"UTF16");
                if !f.identity && !f.ucs2 {
                    f.enc = predefined_codespaces(n);
                }
            }
            Some(o @ Object::Stream(s)) => {
                if let Some(data) = stream_data(doc, o, max_stream) {
                    f.enc = Some(CMap::parse(&data));
                }
                f.vertical = get_num(doc, &s.dict, b"WMode").unwrap_or(0.0) == 1.0;
            }
            _ => f.identity = true,
        }
        let desc = match dict_get(doc, d, b"DescendantFonts") {
            Some(Object::Array(a)) => a.first().map(|o| deref(doc, o)),
            _ => None,
        };
        let Some(Object::Dictionary(cid)) = desc else {
            return f;
        };
        f.dw = get_num(doc, cid, b"DW").unwrap_or(1000.0) * 0.001;
        if let Some(Object::Array(w)) = dict_get(doc, cid, b"W") {
            let mut i = 0;
            while i < w.len() && f.cid_widths.len() < 1 << 20 {
                let a = w.get(i).map(|o| deref(doc, o));
                let b = w.get(i + 1).map(|o| deref(doc, o));
                match (a.and_then(num), b) {
                    (Some(c0), Some(Object::Array(ws))) => {
                        let c0 = c0.max(0.0) as u32;
                        for (k, wo) in ws.iter().enumerate() {
                            if let Some(v) = num(deref(doc, wo)) {
                                let c = c0.saturating_add(k as u32);
                                f.cid_widths.push((c, c, v * 0.001));
                            }
                        }
                        i += 2;
                    }
                    (Some(c0), Some(bo)) => {
                        let c1 = num(bo);
                        let v = w.get(i + 2).map(|o| deref(doc, o)).and_then(num);
                        if let (Some(c1), Some(v)) = (c1, v) {
                            f.cid_widths
                                .push((c0.max(0.0) as u32, c1.max(0.0) as u32, v * 0.001));
                        }
                        i += 3;
                    }
                    _ => i += 1,
                }
            }
            f.cid_widths.sort_by_key(|&(lo, _, _)| lo);
        }
        let needs_gid_map = f.to_unicode.as_ref().is_none_or(|t| t.unicode.is_empty()) && !f.ucs2;
        if needs_gid_map {
            let mut cff = None;
            if let Some(fd) = get_dict(doc, cid, b"FontDescriptor") {
                let ff =
                    dict_get(doc, fd, b"FontFile2").or_else(|| dict_get(doc, fd, b"FontFile3"));
                if let Some(data) = ff.and_then(|o| stream_data(doc, o, max_stream)) {
                    f.gid_unicode = super::truetype::gid_to_unicode(&data);
                    cff = super::cff::parse_font_file(&data);
                }
            }
            // A CFF program: a CID-keyed one says which glyph each CID draws (its charset);
            // a name-keyed one is indexed by CID directly and names its glyphs.
            match cff {
                Some(c) if c.cid_keyed() => f.cid_to_gid = Some(c.cid_to_gid()),
                Some(c) => {
                    f.gid_names = c
                        .glyph_names
                        .iter()
                        .map(|n| {
                            n.as_deref()
                                .and_then(glyph_to_unicode)
                                .map(clean)
                                .unwrap_or_default()
                        })
                        .collect();
                }
                None => {}
            }
            if let Some(o @ Object::Stream(_)) = dict_get(doc, cid, b"CIDToGIDMap") {
                if let Some(data) = stream_data(doc, o, max_stream) {
                    f.cid_to_gid = Some(
                        data.chunks_exact(2)
                            .map(|c| u16::from_be_bytes([c[0], c[1]]))
                            .collect(),
                    );
                }
            }
        }
        f
    }

    fn cid_width(&self, cid: u32) -> f64 {
        let idx = self.cid_widths.partition_point(|&(lo, _, _)| lo <= cid);
        // search backwards for a covering range (ranges may overlap)
        for &(lo, hi, w) in self.cid_widths[..idx].iter().rev().take(8) {
            if cid >= lo && cid <= hi {
                return w;
            }
        }
        self.dw
    }

    /// Decode a string operand, calling `f` for every glyph. Returns the number of glyphs
    /// that had no Unicode mapping.
    pub fn decode(&self, bytes: &[u8], mut f: impl FnMut(Decoded<'_>)) {
        if !self.composite {
            for &b in bytes {
                let text = self
                    .simple_text
                    .get(usize::from(b))
                    .map_or("", String::as_str);
                let width = self
                    .simple_width
                    .get(usize::from(b))
                    .copied()
                    .unwrap_or(0.0);
                f(Decoded {
                    text,
                    width,
                    word_space: b == 32,
                });
            }
            return;
        }
        let mut rest = bytes;
        let mut buf = [0u8; 4];
        let empty = CMap::default();
        while !rest.is_empty() {
            let (len, code) = match (&self.enc, &self.to_unicode) {
                (Some(e), _) if !e.codespaces.is_empty() => e.next_code(rest, 2),
                (_, Some(t)) if !self.identity && !t.codespaces.is_empty() => t.next_code(rest, 2),
                _ => empty.next_code(rest, 2),
            };
            rest = rest.get(usize::from(len).max(1)..).unwrap_or(&[]);
            let cid = match &self.enc {
                Some(e) => e.cid(len, code).unwrap_or(code),
                None => code,
            };
            let mut text: &str = self
                .to_unicode
                .as_ref()
                .and_then(|t| t.unicode.get(&(len, code)))
                .map_or("", String::as_str);
            if text.is_empty() {
                let c = if self.ucs2 {
                    char::from_u32(code)
                } else {
                    let gid = match &self.cid_to_gid {
                        Some(m) => usize::try_from(cid).ok().and_then(|i| m.get(i)).copied(),
                        None => u16::try_from(cid).ok(),
                    };
                    gid.and_then(|g| self.gid_unicode.get(&g)).copied()
                };
                if let Some(c) = c.filter(|c| !c.is_control() && *c != '\u{FFFD}') {
                    text = c.encode_utf8(&mut buf);
                } else if !self.ucs2 {
                    let gid = match &self.cid_to_gid {
                        Some(m) => usize::try_from(cid).ok().and_then(|i| m.get(i)).copied(),
                        None => u16::try_from(cid).ok(),
                    };
                    if let Some(t) = gid.and_then(|g| self.gid_names.get(usize::from(g))) {
                        text = t;
                    }
                }
            }
            let text: &str = text;
            f(Decoded {
                text,
                width: self.cid_width(cid),
                word_space: len == 1 && code == 32,
            });
        }
    }
}

/// Whether a font's `/Differences` name its glyphs after their codes, as pdfTeX does for
/// bitmap fonts (`/a44` at 44, `/a97` at 97, `/.notdef` between): then a name says nothing
/// about the glyph's letter and the code (in TeX's text encodings) does. Every name but
/// `.notdef` must be a letter or two followed by its own code, and there must be several.
fn tex_numbered(named: &[(u8, String)]) -> bool {
    let mut n = 0usize;
    for (code, name) in named {
        if name == ".notdef" {
            continue;
        }
        let digits = name.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let prefix = name.len() - digits.len();
        let canonical = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'));
        if !(canonical && (1..=2).contains(&prefix) && digits.parse::<u8>().ok() == Some(*code)) {
            return false;
        }
        n += 1;
    }
    n >= 3
}

/// Drop characters that must never reach the text (U+FFFD, NUL, controls other than space).
fn clean(t: String) -> String {
    if t.chars().all(|c| c != '\u{FFFD}' && !c.is_control()) {
        t
    } else {
        t.chars()
            .filter(|&c| c != '\u{FFFD}' && !c.is_control())
            .collect()
    }
}

fn fill_base(table: &mut [Option<String>], base: Base) {
    for (code, slot) in table.iter_mut().enumerate() {
        if let Ok(b) = u8::try_from(code) {
            *slot = base.text(b);
        }
    }
}

/// The built-in encoding of an embedded font program: Type1 (`FontFile`) or CFF
/// (`FontFile3`). One entry (Standard) when a Type1 program says `StandardEncoding`.
fn builtin_encoding(
    doc: &Document,
    fd: &Dictionary,
    max_stream: usize,
) -> Option<Vec<Option<String>>> {
    if let Some(data) = dict_get(doc, fd, b"FontFile").and_then(|o| stream_data(doc, o, max_stream))
    {
        return Some(type1_builtin_encoding(&data));
    }
    let data = dict_get(doc, fd, b"FontFile3").and_then(|o| stream_data(doc, o, max_stream))?;
    super::cff::parse_font_file(&data).map(|c| c.encoding)
}

/// The built-in encoding of a Type1 font program: `dup <code> /<name> put` lines in the
/// cleartext part; one entry (Standard) when the program says `StandardEncoding`.
fn type1_builtin_encoding(data: &[u8]) -> Vec<Option<String>> {
    let Some(pos) = data.windows(9).position(|w| w == b"/Encoding") else {
        return Vec::new();
    };
    let rest = data.get(pos + 9..).unwrap_or(&[]);
    let head = rest.get(..rest.len().min(40)).unwrap_or(&[]);
    if head.windows(16).any(|w| w == b"StandardEncoding") {
        return vec![Some(String::new())];
    }
    let mut out: Vec<Option<String>> = vec![None; 256];
    let end = rest
        .windows(8)
        .position(|w| {
            w == b"readonly" || w == b"currentf" || w == b"eexec\r\n" || w.starts_with(b" def")
        })
        .unwrap_or(rest.len().min(65536));
    let text = String::from_utf8_lossy(rest.get(..end).unwrap_or(&[]));
    let mut it = text.split_whitespace().peekable();
    while let Some(tok) = it.next() {
        if tok == "dup" {
            let code = it.next().and_then(|c| c.parse::<usize>().ok());
            let name = it.next().and_then(|n| n.strip_prefix('/'));
            if let (Some(code), Some(name)) = (code, name) {
                if let Some(slot) = out.get_mut(code) {
                    *slot = Some(name.to_string());
                }
            }
        }
    }
    out
}

/// Code lengths of the common predefined CJK CMaps (mixed one- and two-byte encodings), so
/// codes split right even though their CIDs are unknown (Unicode then comes from ToUnicode).
fn predefined_codespaces(name: &[u8]) -> Option<CMap> {
    use super::cmap::CodeSpace;
    let has = |s: &[u8]| name.windows(s.len()).any(|w| w == s);
    let ranges: &[(u8, u32, u32)] = if has(b"RKSJ") {
        &[
            (1, 0x00, 0x80),
            (1, 0xa0, 0xdf),
            (2, 0x8140, 0x9ffc),
            (2, 0xe040, 0xfcfc),
        ]
    } else if has(b"EUC")
        || has(b"GBK")
        || has(b"GBpc")
        || has(b"B5")
        || has(b"KSC")
        || has(b"UHC")
        || has(b"HKscs")
    {
        &[(1, 0x00, 0x80), (2, 0x8140, 0xfefe)]
    } else {
        return None;
    };
    Some(CMap {
        codespaces: ranges
            .iter()
            .map(|&(len, lo, hi)| CodeSpace { len, lo, hi })
            .collect(),
        ..CMap::default()
    })
}
