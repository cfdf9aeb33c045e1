//! Simple-font encodings (Standard, WinAnsi, MacRoman, Symbol, MacExpert, and CFF's Expert)
//! and glyph names → Unicode.
//!
//! The glyph list is a compact subset of the Adobe Glyph List: every name the standard
//! encodings use, common Latin-1/Latin Extended-A names, ligatures, plus the algorithmic
//! `uniXXXX`, `uXXXX[XX]`, `name.suffix` and `a_b` ligature forms, and the names of expert
//! fonts read as the letters they stand for (`Asmall` → a, `oneoldstyle` → 1, `twosuperior`
//! → 2). Names not found (for example `g123` from a subset font) are unmapped and the glyph
//! is dropped and counted; TeX's numbered Type3 glyphs are read in `fonts`
//! ([`tex_numbered_glyph`]).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Which base encoding a simple font uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    Standard,
    WinAnsi,
    MacRoman,
    Symbol,
    ZapfDingbats,
    /// MacExpertEncoding: small capitals, old-style figures, fractions, ligatures.
    MacExpert,
}

impl Base {
    pub fn from_name(name: &[u8]) -> Option<Base> {
        match name {
            b"WinAnsiEncoding" => Some(Base::WinAnsi),
            b"MacRomanEncoding" => Some(Base::MacRoman),
            b"StandardEncoding" => Some(Base::Standard),
            b"MacExpertEncoding" => Some(Base::MacExpert),
            _ => None,
        }
    }

    /// The text for `code` in this encoding (None: undefined code).
    pub fn text(self, code: u8) -> Option<String> {
        match self {
            Base::MacExpert => expert_text(&MAC_EXPERT_ENCODING, code),
            _ => self.decode(code).map(String::from),
        }
    }

    /// The character for `code` in this encoding (None: undefined code, or more than one
    /// character: use [`Base::text`]).
    pub fn decode(self, code: u8) -> Option<char> {
        match self {
            Base::MacExpert => {
                let t = self.text(code)?;
                let mut cs = t.chars();
                cs.next().filter(|_| cs.next().is_none())
            }
            Base::WinAnsi => winansi(code),
            Base::Standard => standard(code),
            Base::MacRoman => macroman(code),
            Base::Symbol => symbol(code),
            Base::ZapfDingbats => dingbats(code),
        }
    }
}

/// The text of `code` in an expert encoding table (codes 32..=255).
fn expert_text(table: &[&str; 224], code: u8) -> Option<String> {
    let name = table.get(usize::from(code).checked_sub(32)?)?;
    (!name.is_empty()).then(|| glyph_to_unicode(name)).flatten()
}

/// TeX's numbered Type3 glyphs (pdfTeX's bitmap fonts name the glyph of code 97 `/a97`):
/// the text of such a code, read as TeX's text encodings lay them out (ASCII where ASCII
/// is; T1's and OT1's ligature slots; T1's dashes and hyphen; T1's upper half where it is
/// Latin-1). None for codes whose letter depends on which TeX encoding the font has.
pub fn tex_numbered_glyph(code: u8) -> Option<String> {
    let s = match code {
        11 | 27 => "ff",
        12 | 28 => "fi",
        13 | 29 => "fl",
        14 | 30 => "ffi",
        15 | 31 => "ffl",
        21 => "\u{2013}",
        22 => "\u{2014}",
        0x27 => "\u{2019}",
        0x60 => "\u{2018}",
        127 => "-",
        0xd7 => "\u{152}",
        0xdf => "SS",
        0xf7 => "\u{153}",
        0xff => "\u{df}",
        0x20..=0x7e | 0xc0..=0xfe => return char::from_u32(u32::from(code)).map(String::from),
        _ => return None,
    };
    Some(s.to_string())
}

fn ascii(code: u8) -> Option<char> {
    (0x20..0x7f).contains(&code).then_some(code as char)
}

const WIN_80: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

fn winansi(code: u8) -> Option<char> {
    match code {
        0x80..=0x9f => WIN_80
            .get(usize::from(code - 0x80))
            .and_then(|&u| (u != 0).then(|| char::from_u32(u32::from(u))).flatten()),
        0xad => Some('-'),
        0xa0..=0xff => char::from_u32(u32::from(code)),
        _ => ascii(code),
    }
}

fn standard(code: u8) -> Option<char> {
    let u: u32 = match code {
        0x27 => 0x2019,
        0x60 => 0x2018,
        0x20..=0x7e => u32::from(code),
        0xa1 => 0xa1,
        0xa2 => 0xa2,
        0xa3 => 0xa3,
        0xa4 => 0x2044,
        0xa5 => 0xa5,
        0xa6 => 0x192,
        0xa7 => 0xa7,
        0xa8 => 0xa4,
        0xa9 => 0x27,
        0xaa => 0x201c,
        0xab => 0xab,
        0xac => 0x2039,
        0xad => 0x203a,
        0xae => 0xfb01,
        0xaf => 0xfb02,
        0xb1 => 0x2013,
        0xb2 => 0x2020,
        0xb3 => 0x2021,
        0xb4 => 0xb7,
        0xb6 => 0xb6,
        0xb7 => 0x2022,
        0xb8 => 0x201a,
        0xb9 => 0x201e,
        0xba => 0x201d,
        0xbb => 0xbb,
        0xbc => 0x2026,
        0xbd => 0x2030,
        0xbf => 0xbf,
        0xc1 => 0x60,
        0xc2 => 0xb4,
        0xc3 => 0x2c6,
        0xc4 => 0x2dc,
        0xc5 => 0xaf,
        0xc6 => 0x2d8,
        0xc7 => 0x2d9,
        0xc8 => 0xa8,
        0xca => 0x2da,
        0xcb => 0xb8,
        0xcd => 0x2dd,
        0xce => 0x2db,
        0xcf => 0x2c7,
        0xd0 => 0x2014,
        0xe1 => 0xc6,
        0xe3 => 0xaa,
        0xe8 => 0x141,
        0xe9 => 0xd8,
        0xea => 0x152,
        0xeb => 0xba,
        0xf1 => 0xe6,
        0xf5 => 0x131,
        0xf8 => 0x142,
        0xf9 => 0xf8,
        0xfa => 0x153,
        0xfb => 0xdf,
        _ => return None,
    };
    char::from_u32(u)
}

const MAC_80: [u16; 128] = [
    0xC4, 0xC5, 0xC7, 0xC9, 0xD1, 0xD6, 0xDC, 0xE1, 0xE0, 0xE2, 0xE4, 0xE3, 0xE5, 0xE7, 0xE9, 0xE8,
    0xEA, 0xEB, 0xED, 0xEC, 0xEE, 0xEF, 0xF1, 0xF3, 0xF2, 0xF4, 0xF6, 0xF5, 0xFA, 0xF9, 0xFB, 0xFC,
    0x2020, 0xB0, 0xA2, 0xA3, 0xA7, 0x2022, 0xB6, 0xDF, 0xAE, 0xA9, 0x2122, 0xB4, 0xA8, 0x2260,
    0xC6, 0xD8, 0x221E, 0xB1, 0x2264, 0x2265, 0xA5, 0xB5, 0x2202, 0x2211, 0x220F, 0x3C0, 0x222B,
    0xAA, 0xBA, 0x3A9, 0xE6, 0xF8, 0xBF, 0xA1, 0xAC, 0x221A, 0x192, 0x2248, 0x2206, 0xAB, 0xBB,
    0x2026, 0xA0, 0xC0, 0xC3, 0xD5, 0x152, 0x153, 0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019,
    0xF7, 0x25CA, 0xFF, 0x178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02, 0x2021, 0xB7,
    0x201A, 0x201E, 0x2030, 0xC2, 0xCA, 0xC1, 0xCB, 0xC8, 0xCD, 0xCE, 0xCF, 0xCC, 0xD3, 0xD4,
    0xF8FF, 0xD2, 0xDA, 0xDB, 0xD9, 0x131, 0x2C6, 0x2DC, 0xAF, 0x2D8, 0x2D9, 0x2DA, 0xB8, 0x2DD,
    0x2DB, 0x2C7,
];

fn macroman(code: u8) -> Option<char> {
    if code >= 0x80 {
        MAC_80
            .get(usize::from(code - 0x80))
            .and_then(|&u| char::from_u32(u32::from(u)))
    } else {
        ascii(code)
    }
}

fn symbol(code: u8) -> Option<char> {
    const GREEK_UPPER: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
    const GREEK_LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
    match code {
        b'A'..=b'Z' => GREEK_UPPER.chars().nth(usize::from(code - b'A')),
        b'a'..=b'z' => GREEK_LOWER.chars().nth(usize::from(code - b'a')),
        0x22 => Some('∀'),
        0x24 => Some('∃'),
        0x27 => Some('∋'),
        0x2a => Some('∗'),
        0x2d => Some('−'),
        0x40 => Some('≅'),
        0x5c => Some('∴'),
        0x5e => Some('⊥'),
        0x60 => Some('\u{F8E5}'),
        0x7e => Some('∼'),
        0x20..=0x7e => ascii(code),
        0xa3 => Some('≤'),
        0xa5 => Some('∞'),
        0xae => Some('→'),
        0xb0 => Some('°'),
        0xb1 => Some('±'),
        0xb3 => Some('≥'),
        0xb4 => Some('×'),
        0xb7 => Some('•'),
        0xb8 => Some('÷'),
        0xb9 => Some('≠'),
        0xbc => Some('…'),
        0xd2 | 0xe2 => Some('®'),
        0xd3 | 0xe3 => Some('©'),
        0xd4 | 0xe4 => Some('™'),
        0xd6 => Some('√'),
        0xd7 => Some('⋅'),
        _ => None,
    }
}

fn dingbats(code: u8) -> Option<char> {
    match code {
        0x20 => Some(' '),
        0x6c => Some('●'),
        0x6e => Some('■'),
        0x75 => Some('◆'),
        0x33 => Some('✓'),
        0x34 => Some('✔'),
        0xa8 => Some('♣'),
        0xaa => Some('♥'),
        0xab => Some('♠'),
        0x21..=0x7e => char::from_u32(0x2700 + u32::from(code) - 0x20),
        _ => None,
    }
}

const ASCII_NAMES: [&str; 95] = [
    "space",
    "exclam",
    "quotedbl",
    "numbersign",
    "dollar",
    "percent",
    "ampersand",
    "quotesingle",
    "parenleft",
    "parenright",
    "asterisk",
    "plus",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less",
    "equal",
    "greater",
    "question",
    "at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "bracketleft",
    "backslash",
    "bracketright",
    "asciicircum",
    "underscore",
    "grave",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "braceleft",
    "bar",
    "braceright",
    "asciitilde",
];

const LATIN1_NAMES: [&str; 95] = [
    "exclamdown",
    "cent",
    "sterling",
    "currency",
    "yen",
    "brokenbar",
    "section",
    "dieresis",
    "copyright",
    "ordfeminine",
    "guillemotleft",
    "logicalnot",
    "sfthyphen",
    "registered",
    "macron",
    "degree",
    "plusminus",
    "twosuperior",
    "threesuperior",
    "acute",
    "mu",
    "paragraph",
    "periodcentered",
    "cedilla",
    "onesuperior",
    "ordmasculine",
    "guillemotright",
    "onequarter",
    "onehalf",
    "threequarters",
    "questiondown",
    "Agrave",
    "Aacute",
    "Acircumflex",
    "Atilde",
    "Adieresis",
    "Aring",
    "AE",
    "Ccedilla",
    "Egrave",
    "Eacute",
    "Ecircumflex",
    "Edieresis",
    "Igrave",
    "Iacute",
    "Icircumflex",
    "Idieresis",
    "Eth",
    "Ntilde",
    "Ograve",
    "Oacute",
    "Ocircumflex",
    "Otilde",
    "Odieresis",
    "multiply",
    "Oslash",
    "Ugrave",
    "Uacute",
    "Ucircumflex",
    "Udieresis",
    "Yacute",
    "Thorn",
    "germandbls",
    "agrave",
    "aacute",
    "acircumflex",
    "atilde",
    "adieresis",
    "aring",
    "ae",
    "ccedilla",
    "egrave",
    "eacute",
    "ecircumflex",
    "edieresis",
    "igrave",
    "iacute",
    "icircumflex",
    "idieresis",
    "eth",
    "ntilde",
    "ograve",
    "oacute",
    "ocircumflex",
    "otilde",
    "odieresis",
    "divide",
    "oslash",
    "ugrave",
    "uacute",
    "ucircumflex",
    "udieresis",
    "yacute",
    "thorn",
    "ydieresis",
];

const OTHER_NAMES: &[(&str, &str)] = &[
    ("quoteleft", "\u{2018}"),
    ("quoteright", "\u{2019}"),
    ("quotedblleft", "\u{201C}"),
    ("quotedblright", "\u{201D}"),
    ("quotesinglbase", "\u{201A}"),
    ("quotedblbase", "\u{201E}"),
    ("guilsinglleft", "\u{2039}"),
    ("guilsinglright", "\u{203A}"),
    ("endash", "\u{2013}"),
    ("emdash", "\u{2014}"),
    ("bullet", "\u{2022}"),
    ("ellipsis", "\u{2026}"),
    ("dagger", "\u{2020}"),
    ("daggerdbl", "\u{2021}"),
    ("perthousand", "\u{2030}"),
    ("trademark", "\u{2122}"),
    ("fi", "fi"),
    ("fl", "fl"),
    ("ff", "ff"),
    ("ffi", "ffi"),
    ("ffl", "ffl"),
    ("st", "st"),
    ("OE", "\u{152}"),
    ("oe", "\u{153}"),
    ("Scaron", "\u{160}"),
    ("scaron", "\u{161}"),
    ("Zcaron", "\u{17D}"),
    ("zcaron", "\u{17E}"),
    ("Ydieresis", "\u{178}"),
    ("Lslash", "\u{141}"),
    ("lslash", "\u{142}"),
    ("dotlessi", "\u{131}"),
    ("florin", "\u{192}"),
    ("circumflex", "\u{2C6}"),
    ("tilde", "\u{2DC}"),
    ("caron", "\u{2C7}"),
    ("breve", "\u{2D8}"),
    ("dotaccent", "\u{2D9}"),
    ("ring", "\u{2DA}"),
    ("ogonek", "\u{2DB}"),
    ("hungarumlaut", "\u{2DD}"),
    ("fraction", "\u{2044}"),
    ("Euro", "\u{20AC}"),
    ("minus", "\u{2212}"),
    ("nbspace", "\u{A0}"),
    ("nonbreakingspace", "\u{A0}"),
    ("uni00A0", "\u{A0}"),
    ("figuredash", "\u{2012}"),
    ("hyphentwo", "-"),
    ("afii00208", "\u{2015}"),
    ("arrowright", "\u{2192}"),
    ("arrowleft", "\u{2190}"),
    ("lessequal", "\u{2264}"),
    ("greaterequal", "\u{2265}"),
    ("notequal", "\u{2260}"),
    ("infinity", "\u{221E}"),
    ("approxequal", "\u{2248}"),
    ("checkmark", "\u{2713}"),
    ("square", "\u{25A1}"),
    ("filledbox", "\u{25A0}"),
    ("circle", "\u{25CB}"),
    ("H22073", "\u{25A1}"),
    ("H18533", "\u{25CF}"),
    ("H18543", "\u{25AA}"),
    ("H18551", "\u{25AB}"),
    ("triagrt", "\u{25BA}"),
    ("lozenge", "\u{25CA}"),
    ("Gcommaaccent", "\u{122}"),
    ("Amacron", "\u{100}"),
    ("amacron", "\u{101}"),
    ("Cacute", "\u{106}"),
    ("cacute", "\u{107}"),
    ("Ccaron", "\u{10C}"),
    ("ccaron", "\u{10D}"),
    ("Ecaron", "\u{11A}"),
    ("ecaron", "\u{11B}"),
    ("Emacron", "\u{112}"),
    ("emacron", "\u{113}"),
    ("Eogonek", "\u{118}"),
    ("eogonek", "\u{119}"),
    ("Imacron", "\u{12A}"),
    ("imacron", "\u{12B}"),
    ("Nacute", "\u{143}"),
    ("nacute", "\u{144}"),
    ("Ncaron", "\u{147}"),
    ("ncaron", "\u{148}"),
    ("Ohungarumlaut", "\u{150}"),
    ("ohungarumlaut", "\u{151}"),
    ("Rcaron", "\u{158}"),
    ("rcaron", "\u{159}"),
    ("Sacute", "\u{15A}"),
    ("sacute", "\u{15B}"),
    ("Scedilla", "\u{15E}"),
    ("scedilla", "\u{15F}"),
    ("Tcaron", "\u{164}"),
    ("tcaron", "\u{165}"),
    ("Umacron", "\u{16A}"),
    ("umacron", "\u{16B}"),
    ("Uring", "\u{16E}"),
    ("uring", "\u{16F}"),
    ("Uhungarumlaut", "\u{170}"),
    ("uhungarumlaut", "\u{171}"),
    ("Zacute", "\u{179}"),
    ("zacute", "\u{17A}"),
    ("Zdotaccent", "\u{17B}"),
    ("zdotaccent", "\u{17C}"),
    ("Wcircumflex", "\u{174}"),
    ("wcircumflex", "\u{175}"),
    ("Ycircumflex", "\u{176}"),
    ("ycircumflex", "\u{177}"),
    ("Idotaccent", "\u{130}"),
    ("Dcroat", "\u{110}"),
    ("dcroat", "\u{111}"),
    ("Aogonek", "\u{104}"),
    ("aogonek", "\u{105}"),
    ("Abreve", "\u{102}"),
    ("abreve", "\u{103}"),
    ("Gbreve", "\u{11E}"),
    ("gbreve", "\u{11F}"),
    ("onethird", "\u{2153}"),
    ("twothirds", "\u{2154}"),
    ("oneeighth", "\u{215B}"),
    ("numero", "\u{2116}"),
    ("estimated", "\u{212E}"),
    ("commaaccent", "\u{326}"),
    ("space.alt", " "),
    // ZapfDingbats names most used for list bullets and ticks
    ("a71", "\u{25CF}"),
    ("a73", "\u{25A0}"),
    ("a76", "\u{25C6}"),
    ("a20", "\u{2713}"),
    ("a21", "\u{2714}"),
];

fn table() -> &'static HashMap<&'static str, &'static str> {
    static T: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    T.get_or_init(|| {
        static ASCII_STR: OnceLock<Vec<String>> = OnceLock::new();
        static LATIN_STR: OnceLock<Vec<String>> = OnceLock::new();
        let a = ASCII_STR.get_or_init(|| (0x20u8..0x7f).map(|b| (b as char).to_string()).collect());
        let l = LATIN_STR.get_or_init(|| {
            (0xa1u32..=0xff)
                .map(|u| char::from_u32(u).map(String::from).unwrap_or_default())
                .collect()
        });
        let mut m = HashMap::new();
        for (n, s) in ASCII_NAMES.iter().zip(a.iter()) {
            m.insert(*n, s.as_str());
        }
        for (n, s) in LATIN1_NAMES.iter().zip(l.iter()) {
            m.insert(*n, s.as_str());
        }
        for (n, s) in OTHER_NAMES {
            m.insert(*n, *s);
        }
        m
    })
}

fn hex_units(s: &str) -> Option<Vec<u32>> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut v = Vec::new();
    let b = s.as_bytes();
    for chunk in b.chunks(4) {
        if chunk.len() != 4 {
            return None;
        }
        let t = std::str::from_utf8(chunk).ok()?;
        v.push(u32::from_str_radix(t, 16).ok()?);
    }
    Some(v)
}

fn push_utf16(units: &[u32], out: &mut String) -> bool {
    let u16s: Vec<u16> = units
        .iter()
        .filter_map(|&u| u16::try_from(u).ok())
        .collect();
    let mut ok = false;
    for c in char::decode_utf16(u16s).flatten() {
        if c != '\u{FFFD}' {
            out.push(c);
            ok = true;
        }
    }
    ok
}

/// Unicode for a glyph name, or None when the name is not known.
pub fn glyph_to_unicode(name: &str) -> Option<String> {
    if let Some(s) = table().get(name) {
        return Some((*s).to_string());
    }
    // "a.sc", "one.oldstyle": drop the suffix.
    if let Some((base, _)) = name.split_once('.') {
        if !base.is_empty() {
            return glyph_to_unicode(base);
        }
        return None;
    }
    // "f_f_i", "T_h": a ligature of components.
    if name.contains('_') {
        let mut out = String::new();
        for part in name.split('_') {
            out.push_str(&glyph_to_unicode(part)?);
        }
        return (!out.is_empty()).then_some(out);
    }
    // Expert fonts: "Asmall" (a small capital), "oneoldstyle", "twosuperior", "onefitted".
    for suffix in ["small", "oldstyle", "superior", "inferior", "fitted"] {
        let Some(base) = name.strip_suffix(suffix).filter(|b| !b.is_empty()) else {
            continue;
        };
        let mut lower = base.to_string();
        if let Some(first) = lower.get_mut(..1) {
            first.make_ascii_lowercase();
        }
        let t = glyph_to_unicode(base).or_else(|| glyph_to_unicode(&lower))?;
        return Some(if suffix == "small" {
            t.to_lowercase()
        } else {
            t
        });
    }
    if let Some(t) = EXPERT_OTHER
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
    {
        return Some(t.to_string());
    }
    if let Some(h) = name.strip_prefix("uni") {
        let units = hex_units(h)?;
        let mut out = String::new();
        return push_utf16(&units, &mut out).then_some(out);
    }
    if let Some(h) = name.strip_prefix('u') {
        if (4..=6).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit()) {
            let v = u32::from_str_radix(h, 16).ok()?;
            return char::from_u32(v)
                .filter(|&c| c != '\u{FFFD}')
                .map(String::from);
        }
    }
    None
}

/// Expert-font names that are not a letter or figure with a suffix.
const EXPERT_OTHER: &[(&str, &str)] = &[
    ("twodotenleader", "\u{2025}"),
    ("onedotenleader", "\u{2024}"),
    ("threequartersemdash", "\u{2014}"),
    ("figuredash", "\u{2012}"),
    ("colonmonetary", "\u{20A1}"),
    ("rupiah", "Rp"),
    ("threeeighths", "\u{215C}"),
    ("fiveeighths", "\u{215D}"),
    ("seveneighths", "\u{215E}"),
];

/// Mac_Expert_Encoding: the glyph name of codes 32..=255 ("" where undefined).
#[rustfmt::skip]
pub const MAC_EXPERT_ENCODING: [&str; 224] = [
    "space", "exclamsmall", "Hungarumlautsmall", "centoldstyle", "dollaroldstyle",
    "dollarsuperior", "ampersandsmall", "Acutesmall", "parenleftsuperior", "parenrightsuperior",
    "twodotenleader", "onedotenleader", "comma", "hyphen", "period", "fraction", "zerooldstyle",
    "oneoldstyle", "twooldstyle", "threeoldstyle", "fouroldstyle", "fiveoldstyle",
    "sixoldstyle", "sevenoldstyle", "eightoldstyle", "nineoldstyle", "colon", "semicolon", "",
    "threequartersemdash", "", "questionsmall", "", "", "", "", "Ethsmall", "", "",
    "onequarter", "onehalf", "threequarters", "oneeighth", "threeeighths", "fiveeighths",
    "seveneighths", "onethird", "twothirds", "", "", "", "", "", "", "ff", "fi", "fl", "ffi",
    "ffl", "parenleftinferior", "", "parenrightinferior", "Circumflexsmall", "hypheninferior",
    "Gravesmall", "Asmall", "Bsmall", "Csmall", "Dsmall", "Esmall", "Fsmall", "Gsmall",
    "Hsmall", "Ismall", "Jsmall", "Ksmall", "Lsmall", "Msmall", "Nsmall", "Osmall", "Psmall",
    "Qsmall", "Rsmall", "Ssmall", "Tsmall", "Usmall", "Vsmall", "Wsmall", "Xsmall", "Ysmall",
    "Zsmall", "colonmonetary", "onefitted", "rupiah", "Tildesmall", "", "", "asuperior",
    "centsuperior", "", "", "", "", "Aacutesmall", "Agravesmall", "Acircumflexsmall",
    "Adieresissmall", "Atildesmall", "Aringsmall", "Ccedillasmall", "Eacutesmall",
    "Egravesmall", "Ecircumflexsmall", "Edieresissmall", "Iacutesmall", "Igravesmall",
    "Icircumflexsmall", "Idieresissmall", "Ntildesmall", "Oacutesmall", "Ogravesmall",
    "Ocircumflexsmall", "Odieresissmall", "Otildesmall", "Uacutesmall", "Ugravesmall",
    "Ucircumflexsmall", "Udieresissmall", "", "eightsuperior", "fourinferior", "threeinferior",
    "sixinferior", "eightinferior", "seveninferior", "Scaronsmall", "", "centinferior",
    "twoinferior", "", "Dieresissmall", "", "Caronsmall", "osuperior", "fiveinferior", "",
    "commainferior", "periodinferior", "Yacutesmall", "", "dollarinferior", "", "",
    "Thornsmall", "", "nineinferior", "zeroinferior", "Zcaronsmall", "AEsmall", "Oslashsmall",
    "questiondownsmall", "oneinferior", "Lslashsmall", "", "", "", "", "", "", "Cedillasmall",
    "", "", "", "", "", "OEsmall", "figuredash", "hyphensuperior", "", "", "", "",
    "exclamdownsmall", "", "Ydieresissmall", "", "onesuperior", "twosuperior", "threesuperior",
    "foursuperior", "fivesuperior", "sixsuperior", "sevensuperior", "ninesuperior",
    "zerosuperior", "", "esuperior", "rsuperior", "tsuperior", "", "", "isuperior", "ssuperior",
    "dsuperior", "", "", "", "", "", "lsuperior", "Ogoneksmall", "Brevesmall", "Macronsmall",
    "bsuperior", "nsuperior", "msuperior", "commasuperior", "periodsuperior", "Dotaccentsmall",
    "Ringsmall", "", "", "", "",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(glyph_to_unicode("A").as_deref(), Some("A"));
        assert_eq!(glyph_to_unicode("eacute").as_deref(), Some("é"));
        assert_eq!(glyph_to_unicode("fi").as_deref(), Some("fi"));
        assert_eq!(glyph_to_unicode("f_f_i").as_deref(), Some("ffi"));
        assert_eq!(glyph_to_unicode("uni0041").as_deref(), Some("A"));
        assert_eq!(glyph_to_unicode("uni00410042").as_deref(), Some("AB"));
        assert_eq!(glyph_to_unicode("u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_to_unicode("a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_to_unicode("quoteright").as_deref(), Some("\u{2019}"));
        assert_eq!(glyph_to_unicode("a71").as_deref(), Some("\u{25CF}"));
        assert_eq!(glyph_to_unicode("g123"), None);
        assert_eq!(glyph_to_unicode(".notdef"), None);
        assert_eq!(glyph_to_unicode("uniD800"), None);
    }

    #[test]
    fn encodings() {
        assert_eq!(Base::WinAnsi.decode(0x93), Some('\u{201C}'));
        assert_eq!(Base::WinAnsi.decode(0xe9), Some('é'));
        assert_eq!(Base::Standard.decode(0x27), Some('\u{2019}'));
        assert_eq!(Base::Standard.decode(0xae), Some('\u{FB01}'));
        assert_eq!(Base::MacRoman.decode(0x8e), Some('é'));
        assert_eq!(Base::MacRoman.decode(0xd5), Some('\u{2019}'));
        assert_eq!(Base::Symbol.decode(b'a'), Some('α'));
        assert_eq!(Base::Symbol.decode(0xb7), Some('•'));
        // MacExpert: small capitals, old-style figures, ligatures
        assert_eq!(Base::from_name(b"MacExpertEncoding"), Some(Base::MacExpert));
        assert_eq!(Base::MacExpert.text(0x61).as_deref(), Some("a"));
        assert_eq!(Base::MacExpert.text(0x35).as_deref(), Some("5"));
        assert_eq!(Base::MacExpert.text(0x57).as_deref(), Some("fi"));
        assert_eq!(Base::MacExpert.text(0x88).as_deref(), Some("à"));
        assert_eq!(Base::MacExpert.text(0x41), None);
        assert_eq!(Base::MacExpert.decode(0x56), None);
    }

    #[test]
    fn expert_names() {
        for (name, text) in [
            ("Asmall", "a"),
            ("Zsmall", "z"),
            ("AEsmall", "æ"),
            ("Lslashsmall", "ł"),
            ("Ydieresissmall", "ÿ"),
            ("exclamsmall", "!"),
            ("zerooldstyle", "0"),
            ("dollaroldstyle", "$"),
            ("asuperior", "a"),
            ("foursuperior", "4"),
            ("nineinferior", "9"),
            ("onefitted", "1"),
            ("twodotenleader", "\u{2025}"),
        ] {
            assert_eq!(glyph_to_unicode(name).as_deref(), Some(text), "{name}");
        }
        // every name of the MacExpert table maps to text (CFF's Expert encoding: in `cff`)
        for name in MAC_EXPERT_ENCODING.iter() {
            if !name.is_empty() {
                assert!(glyph_to_unicode(name).is_some(), "{name}");
            }
        }
    }

    #[test]
    fn tex_numbered_glyphs() {
        assert_eq!(tex_numbered_glyph(97).as_deref(), Some("a"));
        assert_eq!(tex_numbered_glyph(28).as_deref(), Some("fi"));
        assert_eq!(tex_numbered_glyph(12).as_deref(), Some("fi"));
        assert_eq!(tex_numbered_glyph(21).as_deref(), Some("\u{2013}"));
        assert_eq!(tex_numbered_glyph(0xe9).as_deref(), Some("é"));
        assert_eq!(tex_numbered_glyph(0xa1), None);
        assert_eq!(tex_numbered_glyph(3), None);
    }
}
