//! Approximate metrics of the standard 14 fonts (widths of printable ASCII, in 1/1000 em),
//! used when a font has no `/Widths`. Bold and italic faces use the regular widths: close
//! enough for spacing decisions, which work relative to the font size.

const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

const TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
    556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
    722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
    278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Helvetica,
    Times,
    Courier,
    Symbolic,
}

/// The family of a base font name ("ABCDEF+Arial-BoldMT" → Helvetica).
pub fn family(base_font: &[u8]) -> Family {
    let name = String::from_utf8_lossy(base_font).to_ascii_lowercase();
    let name = name.split_once('+').map_or(name.as_str(), |(_, n)| n);
    if name.contains("courier") || name.contains("mono") {
        Family::Courier
    } else if name.contains("times")
        || name.contains("serif") && !name.contains("sans")
        || name.contains("georgia")
        || name.contains("garamond")
        || name.contains("cambria")
    {
        Family::Times
    } else if name.contains("symbol") || name.contains("dingbat") || name.contains("wingding") {
        Family::Symbolic
    } else {
        Family::Helvetica
    }
}

/// Width of a character in 1/1000 em for a family.
pub fn width(fam: Family, c: Option<char>) -> f64 {
    let Some(c) = c else { return 500.0 };
    let idx = (c as u32).checked_sub(0x20).map(|i| i as usize);
    let table = match fam {
        Family::Courier => return 600.0,
        Family::Times => &TIMES,
        Family::Helvetica | Family::Symbolic => &HELVETICA,
    };
    match idx.and_then(|i| table.get(i)) {
        Some(&w) => f64::from(w),
        None if c == '\u{a0}' => f64::from(table.first().copied().unwrap_or(278)),
        None if c.is_alphabetic() => 556.0,
        None => 500.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn families_and_widths() {
        assert_eq!(family(b"ABCDEF+Arial-BoldMT"), Family::Helvetica);
        assert_eq!(family(b"Times-Roman"), Family::Times);
        assert_eq!(family(b"Courier-Oblique"), Family::Courier);
        assert_eq!(width(Family::Helvetica, Some('a')), 556.0);
        assert_eq!(width(Family::Times, Some(' ')), 250.0);
        assert_eq!(width(Family::Courier, Some('W')), 600.0);
    }
}
