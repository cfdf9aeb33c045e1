//! CMaps: ToUnicode (`bfchar`, `bfrange` with strings or arrays) and CID encodings
//! (`cidchar`, `cidrange`), with codespace ranges for multi-byte codes.
//!
//! Destinations are UTF-16BE (surrogate pairs joined); one code may map to several characters
//! (ligatures). U+FFFD and unpaired surrogates are never stored. Range sizes and the total
//! number of entries are bounded, so a hostile CMap cannot exhaust memory.

use super::lexer::{Lexer, Operand, Token};
use std::collections::HashMap;

/// Entries kept per CMap at most.
const MAX_ENTRIES: usize = 1 << 20;
/// Codes per `bfrange`/`cidrange` line at most.
const MAX_RANGE: u32 = 1 << 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeSpace {
    pub len: u8,
    pub lo: u32,
    pub hi: u32,
}

#[derive(Debug, Default, Clone)]
pub struct CMap {
    pub codespaces: Vec<CodeSpace>,
    /// (code length, code) → text.
    pub unicode: HashMap<(u8, u32), String>,
    /// (code length, code) → CID.
    pub cids: HashMap<(u8, u32), u32>,
    /// CID ranges kept unexpanded: (len, lo, hi, first cid).
    pub cid_ranges: Vec<(u8, u32, u32, u32)>,
}

fn code_of(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let v = bytes.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b));
    Some((bytes.len() as u8, v))
}

/// UTF-16BE bytes to a String without U+FFFD; odd trailing byte ignored.
pub fn utf16be(bytes: &[u8]) -> String {
    if bytes.len() == 1 {
        return bytes
            .first()
            .and_then(|&b| char::from_u32(u32::from(b)))
            .filter(|c| !c.is_control())
            .map(String::from)
            .unwrap_or_default();
    }
    let units = bytes.chunks_exact(2).map(|c| {
        u16::from_be_bytes([
            c.first().copied().unwrap_or(0),
            c.get(1).copied().unwrap_or(0),
        ])
    });
    char::decode_utf16(units)
        .filter_map(Result::ok)
        .filter(|&c| c != '\u{FFFD}' && c != '\0')
        .collect()
}

/// Add `delta` to the last UTF-16 unit of `bytes` (bfrange destination increment).
fn increment(bytes: &[u8], delta: u32) -> Vec<u8> {
    let mut v = bytes.to_vec();
    let n = v.len();
    if n >= 2 {
        let last = u32::from(u16::from_be_bytes([v[n - 2], v[n - 1]]));
        let nl = last.wrapping_add(delta);
        // Carry into the previous unit is what some producers expect; keep it simple:
        // if the sum overflows 16 bits, use the full value as a code point.
        if nl <= 0xffff {
            v[n - 2] = (nl >> 8) as u8;
            v[n - 1] = (nl & 0xff) as u8;
        } else if let Some(c) = char::from_u32(nl) {
            v.truncate(n - 2);
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                v.extend_from_slice(&u.to_be_bytes());
            }
        }
    } else if n == 1 {
        v[0] = v[0].wrapping_add(delta as u8);
    }
    v
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut cm = CMap::default();
        let mut lx = Lexer::new(data);
        let mut stack: Vec<Operand> = Vec::new();
        let mut mode: &[u8] = b"";
        let mut total = 0usize;
        while let Some(tok) = lx.next_token() {
            match tok {
                Token::Operand(o) => {
                    if mode.is_empty() {
                        stack.clear();
                        continue;
                    }
                    stack.push(o);
                    total += 1;
                    if total > MAX_ENTRIES * 3 {
                        break;
                    }
                    cm.consume(mode, &mut stack);
                }
                Token::Op(op) => {
                    match op {
                        b"begincodespacerange"
                        | b"beginbfchar"
                        | b"beginbfrange"
                        | b"begincidchar"
                        | b"begincidrange"
                        | b"beginnotdefrange" => {
                            mode = match op {
                                b"begincodespacerange" => b"cs",
                                b"beginbfchar" => b"bfc",
                                b"beginbfrange" => b"bfr",
                                b"begincidchar" => b"cidc",
                                b"begincidrange" => b"cidr",
                                _ => b"skip",
                            };
                        }
                        _ if op.starts_with(b"end") => mode = b"",
                        _ => {}
                    }
                    stack.clear();
                }
            }
            if cm.unicode.len() + cm.cids.len() > MAX_ENTRIES {
                break;
            }
        }
        cm
    }

    fn consume(&mut self, mode: &[u8], st: &mut Vec<Operand>) {
        match mode {
            b"cs" if st.len() == 2 => {
                if let (Some(Operand::Str(a)), Some(Operand::Str(b))) = (st.first(), st.get(1)) {
                    if let (Some((la, lo)), Some((_, hi))) = (code_of(a), code_of(b)) {
                        self.codespaces.push(CodeSpace { len: la, lo, hi });
                    }
                }
                st.clear();
            }
            b"bfc" if st.len() == 2 => {
                if let Some(Operand::Str(src)) = st.first() {
                    if let Some(key) = code_of(src) {
                        let text = match st.get(1) {
                            Some(Operand::Str(d)) => utf16be(d),
                            Some(Operand::Name(n)) => {
                                super::encoding::glyph_to_unicode(&String::from_utf8_lossy(n))
                                    .unwrap_or_default()
                            }
                            _ => String::new(),
                        };
                        self.unicode.insert(key, text);
                    }
                }
                st.clear();
            }
            b"bfr" if st.len() == 3 => {
                if let (Some(Operand::Str(a)), Some(Operand::Str(b))) = (st.first(), st.get(1)) {
                    if let (Some((len, lo)), Some((_, hi))) = (code_of(a), code_of(b)) {
                        if hi >= lo && hi - lo < MAX_RANGE {
                            match st.get(2) {
                                Some(Operand::Str(d)) => {
                                    for (i, code) in (lo..=hi).enumerate() {
                                        let t = utf16be(&increment(d, i as u32));
                                        self.unicode.insert((len, code), t);
                                    }
                                }
                                Some(Operand::Array(items)) => {
                                    for (code, item) in (lo..=hi).zip(items.iter()) {
                                        if let Operand::Str(d) = item {
                                            self.unicode.insert((len, code), utf16be(d));
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
                st.clear();
            }
            b"cidc" if st.len() == 2 => {
                if let (Some(Operand::Str(src)), Some(cid)) =
                    (st.first(), st.get(1).and_then(Operand::num))
                {
                    if let Some(key) = code_of(src) {
                        self.cids.insert(key, cid.max(0.0) as u32);
                    }
                }
                st.clear();
            }
            b"cidr" if st.len() == 3 => {
                if let (Some(Operand::Str(a)), Some(Operand::Str(b)), Some(cid)) =
                    (st.first(), st.get(1), st.get(2).and_then(Operand::num))
                {
                    if let (Some((len, lo)), Some((_, hi))) = (code_of(a), code_of(b)) {
                        if hi >= lo {
                            self.cid_ranges.push((len, lo, hi, cid.max(0.0) as u32));
                        }
                    }
                }
                st.clear();
            }
            b"skip" if st.len() >= 3 => st.clear(),
            _ if st.len() > 3 => st.clear(),
            _ => {}
        }
    }

    /// The CID for a code, via cidchar/cidrange.
    pub fn cid(&self, len: u8, code: u32) -> Option<u32> {
        if let Some(&c) = self.cids.get(&(len, code)) {
            return Some(c);
        }
        self.cid_ranges
            .iter()
            .find(|&&(l, lo, hi, _)| l == len && code >= lo && code <= hi)
            .map(|&(_, lo, _, first)| first.saturating_add(code - lo))
    }

    /// Split the next code off `bytes` by the codespace ranges: (length, code).
    /// Without codespaces, `default_len` bytes are taken.
    pub fn next_code(&self, bytes: &[u8], default_len: u8) -> (u8, u32) {
        if !self.codespaces.is_empty() {
            for n in 1..=4u8 {
                let Some(chunk) = bytes.get(..usize::from(n)) else {
                    break;
                };
                let Some((_, v)) = code_of(chunk) else { break };
                if self
                    .codespaces
                    .iter()
                    .any(|cs| cs.len == n && in_range(chunk, cs))
                {
                    return (n, v);
                }
            }
            // No range matched: take the shortest length whose first byte fits, else 1 byte.
            let n = self
                .codespaces
                .iter()
                .map(|c| c.len)
                .min()
                .unwrap_or(default_len);
            let n = usize::from(n).min(bytes.len()).max(1);
            let chunk = bytes.get(..n).unwrap_or(bytes);
            return code_of(chunk).unwrap_or((1, 0));
        }
        let n = usize::from(default_len).min(bytes.len()).max(1);
        let chunk = bytes.get(..n).unwrap_or(bytes);
        code_of(chunk).unwrap_or((1, 0))
    }
}

/// A code is in a codespace range when each byte lies within the range's byte bounds.
fn in_range(chunk: &[u8], cs: &CodeSpace) -> bool {
    let n = chunk.len();
    chunk.iter().enumerate().all(|(i, &b)| {
        let shift = 8 * (n - 1 - i);
        let lo = ((cs.lo >> shift) & 0xff) as u8;
        let hi = ((cs.hi >> shift) & 0xff) as u8;
        b >= lo && b <= hi
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_bfrange_arrays_surrogates() {
        let src = b"/CIDInit /ProcSet findresource begin
            1 begincodespacerange <0000> <FFFF> endcodespacerange
            3 beginbfchar <0001> <0041> <0002> <00660069> <0003> <D83DDE00> endbfchar
            2 beginbfrange <0010> <0012> <0061> <0020> <0021> [<0058> <0059>] endbfrange
            endcmap";
        let cm = CMap::parse(src);
        assert_eq!(cm.unicode.get(&(2, 1)).map(String::as_str), Some("A"));
        assert_eq!(cm.unicode.get(&(2, 2)).map(String::as_str), Some("fi"));
        assert_eq!(cm.unicode.get(&(2, 3)).map(String::as_str), Some("😀"));
        assert_eq!(cm.unicode.get(&(2, 0x12)).map(String::as_str), Some("c"));
        assert_eq!(cm.unicode.get(&(2, 0x21)).map(String::as_str), Some("Y"));
        assert_eq!(cm.next_code(&[0, 1, 0, 2], 1), (2, 1));
    }

    #[test]
    fn mixed_codespaces() {
        let src = b"2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange
            1 begincidrange <8140> <817E> 633 endcidrange";
        let cm = CMap::parse(src);
        assert_eq!(cm.next_code(b"A", 2), (1, 0x41));
        assert_eq!(cm.next_code(&[0x81, 0x41], 2), (2, 0x8141));
        assert_eq!(cm.cid(2, 0x8141), Some(634));
    }
}
