//! Just enough of TrueType/OpenType to map glyph ids back to Unicode: the `cmap` table
//! (formats 0, 4, 6, 12), inverted. Used for CID fonts with Identity encoding and no
//! ToUnicode map. Every read is bounds-checked; sizes are capped.

use std::collections::HashMap;

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(o)?, *d.get(o + 1)?]))
}
fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(o)?,
        *d.get(o + 1)?,
        *d.get(o + 2)?,
        *d.get(o + 3)?,
    ]))
}

const MAX_MAPPINGS: usize = 200_000;

/// Glyph id → Unicode character, from the font's best Unicode cmap subtable, with gaps
/// filled from the `post` table's glyph names.
pub fn gid_to_unicode(font: &[u8]) -> HashMap<u16, char> {
    let mut out = HashMap::new();
    let _ = parse(font, &mut out);
    let _ = post_names(font, &mut out);
    out
}

/// The bytes of one table of an OpenType/TrueType font (its offset and length checked).
pub fn table_bytes<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let num_tables = u16_at(font, 4)?;
    for i in 0..usize::from(num_tables.min(512)) {
        let rec = 12 + 16 * i;
        if font.get(rec..rec + 4)? == tag {
            let at = u32_at(font, rec + 8)? as usize;
            let len = u32_at(font, rec + 12)? as usize;
            return font.get(at..at.checked_add(len)?);
        }
    }
    None
}

fn table(font: &[u8], tag: &[u8; 4]) -> Option<usize> {
    let num_tables = u16_at(font, 4)?;
    for i in 0..usize::from(num_tables.min(512)) {
        let rec = 12 + 16 * i;
        if font.get(rec..rec + 4)? == tag {
            return Some(u32_at(font, rec + 8)? as usize);
        }
    }
    None
}

/// Glyph names of a version 2.0 `post` table: indices below 258 are the standard Macintosh
/// glyph order (ASCII, then the Mac Roman upper half), others name strings.
fn post_names(font: &[u8], out: &mut HashMap<u16, char>) -> Option<()> {
    let base = table(font, b"post")?;
    if u32_at(font, base)? != 0x0002_0000 {
        return None;
    }
    let n = usize::from(u16_at(font, base + 32)?);
    let idx_base = base + 34;
    // the name strings follow the index array
    let mut names: Vec<&[u8]> = Vec::new();
    let mut p = idx_base + 2 * n;
    while let Some(&len) = font.get(p) {
        let Some(name) = font.get(p + 1..p + 1 + usize::from(len)) else {
            break;
        };
        names.push(name);
        p += 1 + usize::from(len);
        if names.len() > 65_536 {
            break;
        }
    }
    for gid in 0..n.min(65_536) {
        let Ok(g) = u16::try_from(gid) else { break };
        if out.contains_key(&g) {
            continue;
        }
        let idx = usize::from(u16_at(font, idx_base + 2 * gid)?);
        let c = match idx {
            3..=97 => char::from_u32(idx as u32 - 3 + 0x20),
            98..=225 => u8::try_from(idx - 98 + 0x80)
                .ok()
                .and_then(|b| super::encoding::Base::MacRoman.decode(b)),
            258.. => names
                .get(idx - 258)
                .and_then(|n| std::str::from_utf8(n).ok())
                .and_then(super::encoding::glyph_to_unicode)
                .and_then(|s| {
                    let mut cs = s.chars();
                    let c = cs.next();
                    if cs.next().is_none() {
                        c
                    } else {
                        None
                    }
                }),
            _ => None,
        };
        if let Some(c) = c.filter(|c| !c.is_control() && *c != '\u{FFFD}') {
            out.insert(g, c);
        }
    }
    Some(())
}

fn parse(font: &[u8], out: &mut HashMap<u16, char>) -> Option<()> {
    let base = table(font, b"cmap")?;
    let n = u16_at(font, base + 2)?;
    // Pick subtables: (3,10) > (3,1) > (0,*) > (1,0) ; (3,0) symbol last.
    let mut best: Option<(u8, usize, bool)> = None;
    for i in 0..usize::from(n.min(64)) {
        let rec = base + 4 + 8 * i;
        let pid = u16_at(font, rec)?;
        let eid = u16_at(font, rec + 2)?;
        let off = base + u32_at(font, rec + 4)? as usize;
        let (rank, symbol) = match (pid, eid) {
            (3, 10) => (5, false),
            (3, 1) => (4, false),
            (0, _) => (3, false),
            (1, 0) => (2, false),
            (3, 0) => (1, true),
            _ => continue,
        };
        if best.is_none_or(|(r, _, _)| rank > r) {
            best = Some((rank, off, symbol));
        }
    }
    let (rank, off, symbol) = best?;
    let mac = rank == 2;
    let mut add = |code: u32, gid: u16| {
        if gid == 0 || out.len() >= MAX_MAPPINGS {
            return;
        }
        let code = if symbol && (0xf000..=0xf0ff).contains(&code) {
            code - 0xf000
        } else {
            code
        };
        let c = if mac && code >= 0x80 {
            u8::try_from(code)
                .ok()
                .and_then(|b| super::encoding::Base::MacRoman.decode(b))
        } else {
            char::from_u32(code)
        };
        if let Some(c) = c {
            if c == '\u{FFFD}' || c.is_control() {
                return;
            }
            let e = out.entry(gid).or_insert(c);
            // prefer a non-private-use, lower code point
            if (('\u{E000}'..='\u{F8FF}').contains(e) && !('\u{E000}'..='\u{F8FF}').contains(&c))
                || (c < *e && !('\u{E000}'..='\u{F8FF}').contains(&c))
            {
                *e = c;
            }
        }
    };
    let format = u16_at(font, off)?;
    match format {
        0 => {
            for code in 0..256usize {
                let gid = u16::from(*font.get(off + 6 + code)?);
                add(code as u32, gid);
            }
        }
        4 => {
            let segx2 = usize::from(u16_at(font, off + 6)?);
            let ends = off + 14;
            let starts = ends + segx2 + 2;
            let deltas = starts + segx2;
            let ranges = deltas + segx2;
            let mut budget = 1_000_000usize;
            for s in 0..segx2 / 2 {
                let end = u16_at(font, ends + 2 * s)?;
                let start = u16_at(font, starts + 2 * s)?;
                let delta = u16_at(font, deltas + 2 * s)?;
                let ro = usize::from(u16_at(font, ranges + 2 * s)?);
                if start > end {
                    continue;
                }
                for c in start..=end {
                    if c == 0xffff || budget == 0 {
                        break;
                    }
                    budget -= 1;
                    let gid = if ro == 0 {
                        c.wrapping_add(delta)
                    } else {
                        let addr = ranges + 2 * s + ro + 2 * usize::from(c - start);
                        match u16_at(font, addr) {
                            Some(0) | None => 0,
                            Some(g) => g.wrapping_add(delta),
                        }
                    };
                    add(u32::from(c), gid);
                }
            }
        }
        6 => {
            let first = u16_at(font, off + 6)?;
            let count = u16_at(font, off + 8)?;
            for i in 0..count {
                let gid = u16_at(font, off + 10 + 2 * usize::from(i))?;
                add(u32::from(first) + u32::from(i), gid);
            }
        }
        12 => {
            let groups = u32_at(font, off + 12)? as usize;
            for g in 0..groups.min(65_536) {
                let rec = off + 16 + 12 * g;
                let start = u32_at(font, rec)?;
                let end = u32_at(font, rec + 4)?;
                let gid0 = u32_at(font, rec + 8)?;
                if end < start || end - start > 0x10000 {
                    continue;
                }
                for c in start..=end {
                    let gid = gid0.saturating_add(c - start);
                    if let Ok(g) = u16::try_from(gid) {
                        add(c, g);
                    }
                }
            }
        }
        _ => {}
    }
    Some(())
}

#[cfg(test)]
mod tests {
    /// A font with only a `post` table (no `cmap`), as some subset fonts are.
    #[test]
    fn post_table_names_without_cmap() {
        let mut post = vec![0u8, 2, 0, 0];
        post.extend_from_slice(&[0u8; 28]);
        post.extend_from_slice(&4u16.to_be_bytes());
        for idx in [0u16, 36, 112, 258] {
            post.extend_from_slice(&idx.to_be_bytes());
        }
        post.push(4);
        post.extend_from_slice(b"Euro");
        let mut font = vec![0u8, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        font.extend_from_slice(b"post");
        font.extend_from_slice(&0u32.to_be_bytes());
        font.extend_from_slice(&28u32.to_be_bytes());
        font.extend_from_slice(&(post.len() as u32).to_be_bytes());
        font.extend_from_slice(&post);
        let m = super::gid_to_unicode(&font);
        assert_eq!(m.get(&1), Some(&'A'));
        assert_eq!(m.get(&2), Some(&'é'));
        assert_eq!(m.get(&3), Some(&'€'));
        assert_eq!(m.get(&0), None);
    }

    #[test]
    fn junk_is_harmless() {
        assert!(super::gid_to_unicode(b"").is_empty());
        assert!(super::gid_to_unicode(&[0u8; 64]).is_empty());
        let mut d = vec![0u8; 12];
        d[5] = 200;
        assert!(super::gid_to_unicode(&d).is_empty());
    }
}
