//! Just enough of CFF (Compact Font Format, Adobe TN 5176) to turn glyphs into text when a
//! font has no ToUnicode map: the built-in encoding (code → glyph) and the charset (glyph →
//! name, or glyph → CID in a CID-keyed font). Embedded as `FontFile3` with `/Subtype
//! /Type1C` (simple fonts), `/CIDFontType0C` (CIDFontType0) or `/OpenType` (a `CFF ` table
//! inside an OpenType wrapper).
//!
//! Glyph names go through [`super::encoding::glyph_to_unicode`]; a CID-keyed font has no
//! names, so its charset only says which glyph a CID draws (Unicode then comes from an
//! OpenType `cmap`, when there is one). Every read is bounds-checked, every count capped:
//! hostile bytes give an empty or partial map, never a panic. The predefined Expert encoding
//! (code → glyph of old small-caps expert fonts) maps to glyph names that read as the letters
//! and figures they stand for.

/// What a CFF font program says about its glyphs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CffFont {
    /// Name-keyed fonts: glyph name for each single-byte code through the built-in encoding
    /// (256 entries; `None` where the code draws nothing). Empty for CID-keyed fonts.
    pub encoding: Vec<Option<String>>,
    /// Name-keyed fonts: glyph name of each glyph id (`None` for `.notdef` and unknown).
    pub glyph_names: Vec<Option<String>>,
    /// CID-keyed fonts: the CID of each glyph id. Empty for name-keyed fonts.
    pub gid_cids: Vec<u16>,
}

impl CffFont {
    /// True when the font is CID-keyed (its Top DICT has `ROS`).
    pub fn cid_keyed(&self) -> bool {
        !self.gid_cids.is_empty()
    }

    /// CID → glyph id (for a CID-keyed font), indexed by CID; glyph 0 where no glyph.
    pub fn cid_to_gid(&self) -> Vec<u16> {
        let max = self.gid_cids.iter().copied().max().unwrap_or(0);
        let mut out = vec![0u16; usize::from(max) + 1];
        for (gid, &cid) in self.gid_cids.iter().enumerate() {
            if let (Some(slot), Ok(g)) = (out.get_mut(usize::from(cid)), u16::try_from(gid)) {
                if *slot == 0 {
                    *slot = g;
                }
            }
        }
        out
    }
}

/// Parse an embedded `FontFile3` program: bare CFF, or OpenType (`OTTO`) with a `CFF `
/// table. None when it is neither or is damaged beyond use.
pub fn parse_font_file(data: &[u8]) -> Option<CffFont> {
    if data.starts_with(b"OTTO") {
        return parse(super::truetype::table_bytes(data, b"CFF ")?);
    }
    parse(data)
}

/// Most glyphs a CFF font may declare (the CharStrings INDEX count is 16-bit anyway).
const MAX_GLYPHS: usize = 65_535;
/// Longest glyph name kept.
const MAX_NAME: usize = 128;

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(o)?, *d.get(o.checked_add(1)?)?]))
}

/// An INDEX: a count, an offset size, offsets (1-based) and the data they point into.
struct Index<'a> {
    data: &'a [u8],
    count: usize,
    off_size: usize,
    offsets_at: usize,
    /// Position of the byte before the first element (offsets are 1-based).
    base: usize,
    /// First byte after the INDEX.
    end: usize,
}

impl<'a> Index<'a> {
    fn parse(data: &'a [u8], at: usize) -> Option<Index<'a>> {
        let count = usize::from(u16_at(data, at)?);
        if count == 0 {
            return Some(Index {
                data,
                count: 0,
                off_size: 1,
                offsets_at: at + 2,
                base: at + 2,
                end: at + 2,
            });
        }
        let off_size = usize::from(*data.get(at + 2)?);
        if !(1..=4).contains(&off_size) {
            return None;
        }
        let offsets_at = at + 3;
        let base = offsets_at.checked_add((count + 1).checked_mul(off_size)?)? - 1;
        let mut idx = Index {
            data,
            count,
            off_size,
            offsets_at,
            base,
            end: 0,
        };
        let last = idx.offset(count)?;
        idx.end = base.checked_add(last)?;
        (idx.end <= data.len()).then_some(idx)
    }

    fn offset(&self, i: usize) -> Option<usize> {
        let at = self.offsets_at.checked_add(i.checked_mul(self.off_size)?)?;
        let bytes = self.data.get(at..at.checked_add(self.off_size)?)?;
        Some(bytes.iter().fold(0usize, |a, &b| (a << 8) | usize::from(b)))
    }

    fn get(&self, i: usize) -> Option<&'a [u8]> {
        if i >= self.count {
            return None;
        }
        let (a, b) = (self.offset(i)?, self.offset(i + 1)?);
        if a == 0 || b < a {
            return None;
        }
        self.data.get(self.base + a..self.base + b)
    }
}

/// The Top DICT entries we use: operator → its operands (integers only; reals read as 0).
fn parse_dict(d: &[u8]) -> Vec<(u16, Vec<i64>)> {
    let mut out = Vec::new();
    let mut operands: Vec<i64> = Vec::new();
    let mut i = 0usize;
    while let Some(&b) = d.get(i) {
        i += 1;
        match b {
            0..=11 | 13..=21 => {
                out.push((u16::from(b), std::mem::take(&mut operands)));
            }
            12 => {
                let Some(&b1) = d.get(i) else { break };
                i += 1;
                out.push((1200 + u16::from(b1), std::mem::take(&mut operands)));
            }
            28 => {
                let Some(v) = u16_at(d, i) else { break };
                operands.push(i64::from(v as i16));
                i += 2;
            }
            29 => {
                let Some(bytes) = d.get(i..i + 4).and_then(|b| <[u8; 4]>::try_from(b).ok()) else {
                    break;
                };
                operands.push(i64::from(i32::from_be_bytes(bytes)));
                i += 4;
            }
            30 => {
                // a real: nibbles up to one that is 0xf
                while let Some(&n) = d.get(i) {
                    i += 1;
                    if n & 0x0f == 0x0f || n >> 4 == 0x0f {
                        break;
                    }
                }
                operands.push(0);
            }
            32..=246 => operands.push(i64::from(b) - 139),
            247..=250 => {
                let Some(&b1) = d.get(i) else { break };
                i += 1;
                operands.push((i64::from(b) - 247) * 256 + i64::from(b1) + 108);
            }
            251..=254 => {
                let Some(&b1) = d.get(i) else { break };
                i += 1;
                operands.push(-(i64::from(b) - 251) * 256 - i64::from(b1) - 108);
            }
            _ => {} // reserved
        }
        if operands.len() > 48 || out.len() > 256 {
            break;
        }
    }
    out
}

fn dict_int(dict: &[(u16, Vec<i64>)], op: u16) -> Option<i64> {
    dict.iter()
        .find(|(o, _)| *o == op)
        .and_then(|(_, v)| v.last().copied())
}

/// Parse a bare CFF font program (the first font of its FontSet).
pub fn parse(data: &[u8]) -> Option<CffFont> {
    if *data.first()? != 1 {
        return None;
    }
    let header_size = usize::from(*data.get(2)?);
    let names = Index::parse(data, header_size)?;
    let top = Index::parse(data, names.end)?;
    let strings = Index::parse(data, top.end)?;
    let dict = parse_dict(top.get(0)?);
    let offset = |op: u16| dict_int(&dict, op).and_then(|v| usize::try_from(v).ok());
    let char_strings = Index::parse(data, offset(17)?)?;
    let n_glyphs = char_strings.count.min(MAX_GLYPHS);
    if n_glyphs == 0 {
        return None;
    }
    let sids = charset(data, offset(15).unwrap_or(0), n_glyphs);
    let cid_keyed = dict.iter().any(|(op, _)| *op == 1230);
    if cid_keyed {
        return Some(CffFont {
            gid_cids: sids,
            ..CffFont::default()
        });
    }
    let name = |sid: u16| -> Option<String> {
        let s = usize::from(sid);
        let raw: &[u8] = match STANDARD_STRINGS.get(s) {
            Some(n) => n.as_bytes(),
            None => strings.get(s - STANDARD_STRINGS.len())?,
        };
        let raw = raw.get(..raw.len().min(MAX_NAME))?;
        std::str::from_utf8(raw)
            .ok()
            .filter(|n| !n.is_empty() && *n != ".notdef")
            .map(String::from)
    };
    let glyph_names: Vec<Option<String>> = sids.iter().map(|&s| name(s)).collect();
    let mut encoding: Vec<Option<String>> = vec![None; 256];
    match offset(16).unwrap_or(0) {
        at @ (0 | 1) => {
            // A predefined encoding: the code's glyph, when the font has it.
            let runs = if at == 0 {
                STANDARD_ENCODING
            } else {
                EXPERT_ENCODING
            };
            for (code, slot) in (0..=u8::MAX).zip(encoding.iter_mut()) {
                let sid = encoded_sid(runs, code);
                if sid != 0 && sids.contains(&sid) {
                    *slot = name(sid);
                }
            }
        }
        at => custom_encoding(data, at, &sids, &name, &mut encoding),
    }
    Some(CffFont {
        encoding,
        glyph_names,
        gid_cids: Vec::new(),
    })
}

/// GID → SID (name-keyed) or GID → CID (CID-keyed); glyph 0 is `.notdef` (0).
fn charset(data: &[u8], at: usize, n_glyphs: usize) -> Vec<u16> {
    let predefined: Option<&[(u16, u16)]> = match at {
        0 => None, // ISOAdobe: SID = GID for GIDs 0..=228
        1 => Some(EXPERT_CHARSET),
        2 => Some(EXPERT_SUBSET_CHARSET),
        _ => Some(&[]),
    };
    let mut out = Vec::with_capacity(n_glyphs);
    out.push(0u16);
    match (at, predefined) {
        (0, _) => out.extend((1..n_glyphs.min(229)).filter_map(|g| u16::try_from(g).ok())),
        (1 | 2, Some(ranges)) => out.extend(
            ranges
                .iter()
                .flat_map(|&(first, last)| first..=last)
                .skip(1)
                .take(n_glyphs - 1),
        ),
        _ => {
            let Some(&format) = data.get(at) else {
                return out;
            };
            let mut p = at + 1;
            while out.len() < n_glyphs {
                match format {
                    0 => {
                        let Some(sid) = u16_at(data, p) else { break };
                        out.push(sid);
                        p += 2;
                    }
                    1 | 2 => {
                        let Some(first) = u16_at(data, p) else { break };
                        let left = if format == 1 {
                            data.get(p + 2).map(|&b| usize::from(b))
                        } else {
                            u16_at(data, p + 2).map(usize::from)
                        };
                        let Some(left) = left else { break };
                        p += if format == 1 { 3 } else { 4 };
                        for k in 0..=left {
                            if out.len() >= n_glyphs {
                                break;
                            }
                            out.push(first.saturating_add(u16::try_from(k).unwrap_or(u16::MAX)));
                        }
                    }
                    _ => break,
                }
            }
        }
    }
    out
}

/// A custom encoding (formats 0 and 1, with supplements): code → GID → name.
fn custom_encoding(
    data: &[u8],
    at: usize,
    sids: &[u16],
    name: &dyn Fn(u16) -> Option<String>,
    out: &mut [Option<String>],
) {
    let Some(&format) = data.get(at) else { return };
    let Some(&n) = data.get(at + 1) else { return };
    let n = usize::from(n);
    let mut p = at + 2;
    let mut gid = 1usize;
    let set = |code: u8, gid: usize, out: &mut [Option<String>]| {
        if let (Some(slot), Some(&sid)) = (out.get_mut(usize::from(code)), sids.get(gid)) {
            *slot = name(sid);
        }
    };
    match format & 0x7f {
        0 => {
            for _ in 0..n {
                let Some(&code) = data.get(p) else { return };
                set(code, gid, out);
                gid += 1;
                p += 1;
            }
        }
        1 => {
            for _ in 0..n {
                let (Some(&first), Some(&left)) = (data.get(p), data.get(p + 1)) else {
                    return;
                };
                for k in 0..=left {
                    if let Some(code) = first.checked_add(k) {
                        set(code, gid, out);
                    }
                    gid += 1;
                }
                p += 2;
            }
        }
        _ => return,
    }
    if format & 0x80 != 0 {
        let Some(&n_sups) = data.get(p) else { return };
        p += 1;
        for _ in 0..n_sups {
            let (Some(&code), Some(sid)) = (data.get(p), u16_at(data, p + 1)) else {
                return;
            };
            if let Some(slot) = out.get_mut(usize::from(code)) {
                *slot = name(sid);
            }
            p += 3;
        }
    }
}

/// The 391 standard strings (SIDs 0–390), CFF specification (Adobe TN 5176) Appendix A.
#[rustfmt::skip]
const STANDARD_STRINGS: [&str; 391] = [
    ".notdef", "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand",
    "quoteright", "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period",
    "slash", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "colon", "semicolon", "less", "equal", "greater", "question", "at", "A", "B", "C", "D", "E",
    "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X",
    "Y", "Z", "bracketleft", "backslash", "bracketright", "asciicircum", "underscore",
    "quoteleft", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p",
    "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "braceleft", "bar", "braceright",
    "asciitilde", "exclamdown", "cent", "sterling", "fraction", "yen", "florin", "section",
    "currency", "quotesingle", "quotedblleft", "guillemotleft", "guilsinglleft", "guilsinglright",
    "fi", "fl", "endash", "dagger", "daggerdbl", "periodcentered", "paragraph", "bullet",
    "quotesinglbase", "quotedblbase", "quotedblright", "guillemotright", "ellipsis",
    "perthousand", "questiondown", "grave", "acute", "circumflex", "tilde", "macron", "breve",
    "dotaccent", "dieresis", "ring", "cedilla", "hungarumlaut", "ogonek", "caron", "emdash", "AE",
    "ordfeminine", "Lslash", "Oslash", "OE", "ordmasculine", "ae", "dotlessi", "lslash", "oslash",
    "oe", "germandbls", "onesuperior", "logicalnot", "mu", "trademark", "Eth", "onehalf",
    "plusminus", "Thorn", "onequarter", "divide", "brokenbar", "degree", "thorn", "threequarters",
    "twosuperior", "registered", "minus", "eth", "multiply", "threesuperior", "copyright",
    "Aacute", "Acircumflex", "Adieresis", "Agrave", "Aring", "Atilde", "Ccedilla", "Eacute",
    "Ecircumflex", "Edieresis", "Egrave", "Iacute", "Icircumflex", "Idieresis", "Igrave",
    "Ntilde", "Oacute", "Ocircumflex", "Odieresis", "Ograve", "Otilde", "Scaron", "Uacute",
    "Ucircumflex", "Udieresis", "Ugrave", "Yacute", "Ydieresis", "Zcaron", "aacute",
    "acircumflex", "adieresis", "agrave", "aring", "atilde", "ccedilla", "eacute", "ecircumflex",
    "edieresis", "egrave", "iacute", "icircumflex", "idieresis", "igrave", "ntilde", "oacute",
    "ocircumflex", "odieresis", "ograve", "otilde", "scaron", "uacute", "ucircumflex",
    "udieresis", "ugrave", "yacute", "ydieresis", "zcaron", "exclamsmall", "Hungarumlautsmall",
    "dollaroldstyle", "dollarsuperior", "ampersandsmall", "Acutesmall", "parenleftsuperior",
    "parenrightsuperior", "twodotenleader", "onedotenleader", "zerooldstyle", "oneoldstyle",
    "twooldstyle", "threeoldstyle", "fouroldstyle", "fiveoldstyle", "sixoldstyle",
    "sevenoldstyle", "eightoldstyle", "nineoldstyle", "commasuperior", "threequartersemdash",
    "periodsuperior", "questionsmall", "asuperior", "bsuperior", "centsuperior", "dsuperior",
    "esuperior", "isuperior", "lsuperior", "msuperior", "nsuperior", "osuperior", "rsuperior",
    "ssuperior", "tsuperior", "ff", "ffi", "ffl", "parenleftinferior", "parenrightinferior",
    "Circumflexsmall", "hyphensuperior", "Gravesmall", "Asmall", "Bsmall", "Csmall", "Dsmall",
    "Esmall", "Fsmall", "Gsmall", "Hsmall", "Ismall", "Jsmall", "Ksmall", "Lsmall", "Msmall",
    "Nsmall", "Osmall", "Psmall", "Qsmall", "Rsmall", "Ssmall", "Tsmall", "Usmall", "Vsmall",
    "Wsmall", "Xsmall", "Ysmall", "Zsmall", "colonmonetary", "onefitted", "rupiah", "Tildesmall",
    "exclamdownsmall", "centoldstyle", "Lslashsmall", "Scaronsmall", "Zcaronsmall",
    "Dieresissmall", "Brevesmall", "Caronsmall", "Dotaccentsmall", "Macronsmall", "figuredash",
    "hypheninferior", "Ogoneksmall", "Ringsmall", "Cedillasmall", "questiondownsmall",
    "oneeighth", "threeeighths", "fiveeighths", "seveneighths", "onethird", "twothirds",
    "zerosuperior", "foursuperior", "fivesuperior", "sixsuperior", "sevensuperior",
    "eightsuperior", "ninesuperior", "zeroinferior", "oneinferior", "twoinferior",
    "threeinferior", "fourinferior", "fiveinferior", "sixinferior", "seveninferior",
    "eightinferior", "nineinferior", "centinferior", "dollarinferior", "periodinferior",
    "commainferior", "Agravesmall", "Aacutesmall", "Acircumflexsmall", "Atildesmall",
    "Adieresissmall", "Aringsmall", "AEsmall", "Ccedillasmall", "Egravesmall", "Eacutesmall",
    "Ecircumflexsmall", "Edieresissmall", "Igravesmall", "Iacutesmall", "Icircumflexsmall",
    "Idieresissmall", "Ethsmall", "Ntildesmall", "Ogravesmall", "Oacutesmall", "Ocircumflexsmall",
    "Otildesmall", "Odieresissmall", "OEsmall", "Oslashsmall", "Ugravesmall", "Uacutesmall",
    "Ucircumflexsmall", "Udieresissmall", "Yacutesmall", "Thornsmall", "Ydieresissmall",
    "001.000", "001.001", "001.002", "001.003", "Black", "Bold", "Book", "Light", "Medium",
    "Regular", "Roman", "Semibold",
];

/// A run of a predefined encoding: codes `code..code + len` draw SIDs `sid..sid + len`.
type EncodingRun = (u8, u16, u8);

/// Standard Encoding (code → SID; codes not listed are not encoded), TN 5176 Appendix B, as
/// runs of consecutive codes and SIDs.
#[rustfmt::skip]
const STANDARD_ENCODING: &[EncodingRun] = &[
    (32, 1, 95), (161, 96, 15), (177, 111, 4), (182, 115, 8), (191, 123, 1), (193, 124, 8),
    (202, 132, 2), (205, 134, 4), (225, 138, 1), (227, 139, 1), (232, 140, 4), (241, 144, 1),
    (245, 145, 1), (248, 146, 4),
];

/// Expert Encoding (code → SID), TN 5176 Appendix B, as runs like [`STANDARD_ENCODING`].
#[rustfmt::skip]
const EXPERT_ENCODING: &[EncodingRun] = &[
    (32, 1, 1), (33, 229, 2), (36, 231, 8), (44, 13, 3), (47, 99, 1), (48, 239, 10),
    (58, 27, 2), (60, 249, 4), (65, 253, 5), (73, 258, 1), (76, 259, 4), (82, 263, 3),
    (86, 266, 1), (87, 109, 2), (89, 267, 3), (93, 270, 34), (161, 304, 3), (166, 307, 5),
    (172, 312, 1), (175, 313, 1), (178, 314, 2), (182, 316, 3), (188, 158, 1), (189, 155, 1),
    (190, 163, 1), (191, 319, 7), (200, 326, 1), (201, 150, 1), (202, 164, 1), (203, 169, 1),
    (204, 327, 52),
];

/// The SID that `code` draws in a predefined encoding (0: not encoded).
fn encoded_sid(runs: &[EncodingRun], code: u8) -> u16 {
    runs.iter()
        .find_map(|&(first, sid, len)| {
            let k = code.checked_sub(first)?;
            (k < len).then(|| sid + u16::from(k))
        })
        .unwrap_or(0)
}

/// The predefined Expert charset (GID → SID), TN 5176 Appendix C, as inclusive ranges of SIDs
/// in glyph order.
#[rustfmt::skip]
const EXPERT_CHARSET: &[(u16, u16)] = &[
    (0, 1), (229, 238), (13, 15), (99, 99), (239, 248), (27, 28), (249, 266), (109, 110),
    (267, 318), (158, 158), (155, 155), (163, 163), (319, 326), (150, 150), (164, 164),
    (169, 169), (327, 378),
];

/// The predefined ExpertSubset charset (GID → SID), TN 5176 Appendix C, as ranges like
/// [`EXPERT_CHARSET`].
#[rustfmt::skip]
const EXPERT_SUBSET_CHARSET: &[(u16, u16)] = &[
    (0, 1), (231, 232), (235, 238), (13, 15), (99, 99), (239, 248), (27, 28), (249, 251),
    (253, 266), (109, 110), (267, 270), (272, 272), (300, 302), (305, 305), (314, 315),
    (158, 158), (155, 155), (163, 163), (320, 326), (150, 150), (164, 164), (169, 169),
    (327, 346),
];

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A DICT entry: five-byte integer operands (fixed size), then the operator.
    fn entry(out: &mut Vec<u8>, operands: &[i32], op: &[u8]) {
        for v in operands {
            out.push(29);
            out.extend_from_slice(&v.to_be_bytes());
        }
        out.extend_from_slice(op);
    }

    /// A hand-assembled CFF font: `n_glyphs` glyphs (each an `endchar`), the given custom
    /// strings, a charset (`Ok(offset 0/1/2)` predefined or `Err(bytes)` custom) and an
    /// encoding likewise; `ros` makes it CID-keyed.
    fn font(
        n_glyphs: usize,
        strings: &[&[u8]],
        charset: Result<i32, Vec<u8>>,
        encoding: Option<Result<i32, Vec<u8>>>,
        ros: bool,
    ) -> Vec<u8> {
        let glyphs: Vec<&[u8]> = vec![&[14u8][..]; n_glyphs];
        let char_strings = index(&glyphs);
        let top = |cs: i32, charset_at: i32, enc_at: Option<i32>| {
            let mut d = Vec::new();
            if ros {
                entry(&mut d, &[391, 392, 0], &[12, 30]);
            }
            entry(&mut d, &[charset_at], &[15]);
            if let Some(e) = enc_at {
                entry(&mut d, &[e], &[16]);
            }
            entry(&mut d, &[cs], &[17]);
            d
        };
        let head_len =
            |d: &[u8]| 4 + index(&[b"Test"]).len() + index(&[d]).len() + index(strings).len() + 2;
        // sizes do not depend on the values (five-byte integers)
        let probe = top(0, 0, encoding.as_ref().map(|_| 0));
        let cs_at = head_len(&probe);
        let charset_at = cs_at + char_strings.len();
        let charset_len = charset.as_ref().err().map_or(0, Vec::len);
        let enc_at = charset_at + charset_len;
        let d = top(
            cs_at as i32,
            match &charset {
                Ok(v) => *v,
                Err(_) => charset_at as i32,
            },
            encoding.as_ref().map(|e| match e {
                Ok(v) => *v,
                Err(_) => enc_at as i32,
            }),
        );
        let mut out = vec![1u8, 0, 4, 2];
        out.extend(index(&[b"Test"]));
        out.extend(index(&[&d]));
        out.extend(index(strings));
        out.extend(index(&[]));
        assert_eq!(out.len(), cs_at);
        out.extend(char_strings);
        if let Err(c) = &charset {
            out.extend_from_slice(c);
        }
        if let Some(Err(e)) = &encoding {
            out.extend_from_slice(e);
        }
        out
    }

    fn sids(list: &[u16]) -> Vec<u8> {
        list.iter().flat_map(|s| s.to_be_bytes()).collect()
    }

    /// Glyphs A, quoteright and a custom-named f_f_i; encoding format 0 puts them at 0x41,
    /// 0x90, 0x91 (a subset font's private codes).
    fn custom_font() -> Vec<u8> {
        let mut charset = vec![0u8];
        charset.extend(sids(&[34, 8, 391]));
        font(
            4,
            &[b"f_f_i"],
            Err(charset),
            Some(Err(vec![0, 3, 0x41, 0x90, 0x91])),
            false,
        )
    }

    #[test]
    fn custom_encoding_and_charset_with_custom_strings() {
        let f = parse(&custom_font()).expect("parses");
        assert!(!f.cid_keyed());
        assert_eq!(f.encoding.len(), 256);
        assert_eq!(f.encoding[0x41].as_deref(), Some("A"));
        assert_eq!(f.encoding[0x90].as_deref(), Some("quoteright"));
        assert_eq!(f.encoding[0x91].as_deref(), Some("f_f_i"));
        assert_eq!(f.encoding.iter().flatten().count(), 3);
        assert_eq!(f.glyph_names[0], None);
        assert_eq!(f.glyph_names[3].as_deref(), Some("f_f_i"));
    }

    #[test]
    fn standard_encoding_and_isoadobe_charset_only_for_glyphs_present() {
        // 40 glyphs in ISOAdobe order: .notdef, space … (SID = GID), so 'A' (SID 34) is
        // there and 'a' (SID 66) is not.
        let f = parse(&font(40, &[], Ok(0), None, false)).expect("parses");
        assert_eq!(f.encoding[0x20].as_deref(), Some("space"));
        assert_eq!(f.encoding[0x41].as_deref(), Some("A"));
        assert_eq!(f.encoding[0x27].as_deref(), Some("quoteright"));
        assert_eq!(f.encoding[0x61], None);
        assert_eq!(f.glyph_names[39].as_deref(), Some("F"));
    }

    #[test]
    fn encoding_format1_ranges_with_supplements_charset_format1() {
        // charset format 1: SIDs 66..=68 (a b c) then 34 (A)
        let charset = vec![1u8, 0, 66, 2, 0, 34, 0];
        // encoding format 1 + supplement: codes 0x61..=0x63, then 0x41; supplement 0xC0 → A
        let enc = vec![0x81u8, 2, 0x61, 2, 0x41, 0, 1, 0xC0, 0, 34];
        let f = parse(&font(5, &[], Err(charset), Some(Err(enc)), false)).expect("parses");
        assert_eq!(f.encoding[0x61].as_deref(), Some("a"));
        assert_eq!(f.encoding[0x63].as_deref(), Some("c"));
        assert_eq!(f.encoding[0x41].as_deref(), Some("A"));
        assert_eq!(f.encoding[0xC0].as_deref(), Some("A"));
        assert_eq!(f.encoding[0x64], None);
    }

    #[test]
    fn cid_keyed_charset_gives_cid_to_glyph() {
        // format 2: CIDs 100..=102 for glyphs 1..=3
        let charset = vec![2u8, 0, 100, 0, 2];
        let f =
            parse(&font(4, &[b"Adobe", b"Identity"], Err(charset), None, true)).expect("parses");
        assert!(f.cid_keyed());
        assert_eq!(f.gid_cids, vec![0, 100, 101, 102]);
        let m = f.cid_to_gid();
        assert_eq!(m.get(101), Some(&2));
        assert_eq!(m.get(50), Some(&0));
        assert!(f.encoding.is_empty());
    }

    #[test]
    fn predefined_expert_charsets() {
        let f = parse(&font(3, &[], Ok(2), None, false)).expect("parses");
        // ExpertSubset: GID 1 = space (SID 1), GID 2 = dollaroldstyle (SID 231)
        assert_eq!(f.glyph_names[1].as_deref(), Some("space"));
        assert_eq!(f.glyph_names[2].as_deref(), Some("dollaroldstyle"));
    }

    #[test]
    fn predefined_expert_encoding_maps_small_caps_and_old_style_figures() {
        // the full Expert charset (166 glyphs) with the predefined Expert encoding (1):
        // 0x61 draws Asmall, 0x30 zerooldstyle, 0x56 ff; 0x41 (asuperior) is a glyph of the
        // Expert charset too; codes the encoding leaves empty stay unmapped
        let f = parse(&font(166, &[], Ok(1), Some(Ok(1)), false)).expect("parses");
        assert_eq!(f.encoding[0x61].as_deref(), Some("Asmall"));
        assert_eq!(f.encoding[0x7a].as_deref(), Some("Zsmall"));
        assert_eq!(f.encoding[0x30].as_deref(), Some("zerooldstyle"));
        assert_eq!(f.encoding[0x56].as_deref(), Some("ff"));
        assert_eq!(f.encoding[0xff].as_deref(), Some("Ydieresissmall"));
        assert_eq!(f.encoding[0x23], None);
        assert_eq!(f.encoding[0x10], None);
        // every glyph the Expert encoding names reads as text
        for name in f.encoding.iter().flatten() {
            let text = super::super::encoding::glyph_to_unicode(name);
            assert!(text.is_some(), "{name}");
        }
        assert_eq!(f.encoding.iter().flatten().count(), 165);
        // ExpertSubset has no small capitals: those codes draw nothing
        let f = parse(&font(87, &[], Ok(2), Some(Ok(1)), false)).expect("parses");
        assert_eq!(f.encoding[0x61], None);
        assert_eq!(f.encoding[0x30].as_deref(), Some("zerooldstyle"));
    }

    #[test]
    fn opentype_wrapper_finds_the_cff_table() {
        let cff = custom_font();
        let mut otf = b"OTTO".to_vec();
        otf.extend_from_slice(&[0, 1, 0, 0, 0, 0, 0, 0]);
        otf.extend_from_slice(b"CFF ");
        otf.extend_from_slice(&0u32.to_be_bytes());
        otf.extend_from_slice(&28u32.to_be_bytes());
        otf.extend_from_slice(&(cff.len() as u32).to_be_bytes());
        otf.extend_from_slice(&cff);
        assert_eq!(parse_font_file(&otf), parse(&cff));
        assert!(parse_font_file(&otf).is_some());
    }

    #[test]
    fn hostile_bytes_never_panic() {
        let good = custom_font();
        for len in 0..good.len() {
            let _ = parse(&good[..len]);
        }
        for i in 0..good.len() {
            for v in [0u8, 0x7f, 0xff] {
                let mut bad = good.clone();
                bad[i] = v;
                let _ = parse(&bad);
            }
        }
        assert_eq!(parse(b""), None);
        assert_eq!(parse(&[1, 0, 4, 4, 0xff, 0xff, 4, 0xff]), None);
        // a charset that claims 65,535 glyphs in a tiny file stays bounded
        let huge = font(2, &[], Err(vec![2, 0, 1, 0xff, 0xff]), None, false);
        let f = parse(&huge).expect("parses");
        assert_eq!(f.glyph_names.len(), 2);
    }
}
