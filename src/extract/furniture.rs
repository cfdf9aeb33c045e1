//! Running headers and footers: lines tagged as pagination artifacts (tagged PDF), lines at
//! the top or bottom of a page that repeat across pages (digits ignored, so "Page 3" and
//! "Page 4" repeat), and lone page numbers. They are kept apart from the body so a term that
//! crosses a page break joins in the matcher.

use super::layout::Line;
use std::collections::HashMap;

/// Where a line belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Header,
    Body,
    Footer,
}

/// Lines considered at each end of a page.
const EDGE_LINES: usize = 3;
/// Fraction of the page height, from the top or bottom, where furniture may sit.
const ZONE: f32 = 0.15;

/// A page as the furniture detector sees it.
pub struct PageLines<'a> {
    pub lines: &'a [Line],
    pub height: f32,
}

fn key(text: &str) -> String {
    let mut k = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !k.ends_with('#') {
                k.push('#');
            }
            last_space = false;
        } else if c.is_whitespace() {
            if !last_space {
                k.push(' ');
            }
            last_space = true;
        } else {
            k.extend(c.to_lowercase());
            last_space = false;
        }
    }
    k.trim().to_string()
}

fn is_roman(s: &str) -> bool {
    // i … xxxix: front-matter page numbers
    let tens = s.chars().take_while(|&c| c == 'x').count();
    let rest = s.get(tens..).unwrap_or("");
    !s.is_empty()
        && tens <= 3
        && matches!(
            rest,
            "" | "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix"
        )
}

/// "12", "- 12 -", "Page 12", "Page 12 of 40", "12 / 40", "iv".
pub fn is_page_number(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    let t = t.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let t = t.strip_prefix("page").map_or(t, str::trim);
    if is_roman(t) {
        return true;
    }
    let parts: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [n] => n.len() <= 4 && n.chars().all(|c| c.is_ascii_digit()),
        [a, b] => {
            a.chars().all(|c| c.is_ascii_digit())
                && b.chars().all(|c| c.is_ascii_digit())
                && a.len() <= 4
                && b.len() <= 4
        }
        [a, "of", b] => {
            a.chars().all(|c| c.is_ascii_digit()) && b.chars().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// Indices of the candidate lines at the top and bottom of a page.
fn edges(p: &PageLines<'_>) -> (Vec<usize>, Vec<usize>) {
    let mut idx: Vec<usize> = (0..p.lines.len())
        .filter(|&i| {
            p.lines
                .get(i)
                .is_some_and(|l| l.upright && !l.text.trim().is_empty())
        })
        .collect();
    sort_from(p, &mut idx, Place::Header);
    let h = p.height.max(1.0);
    let top: Vec<usize> = idx
        .iter()
        .take(EDGE_LINES)
        .copied()
        .filter(|&i| p.lines.get(i).is_some_and(|l| l.bottom >= h * (1.0 - ZONE)))
        .collect();
    let bottom: Vec<usize> = idx
        .iter()
        .rev()
        .take(EDGE_LINES)
        .copied()
        .filter(|&i| p.lines.get(i).is_some_and(|l| l.top <= h * ZONE) && !top.contains(&i))
        .collect();
    (top, bottom)
}

/// Sort line indices from the edge of `place`: highest on the page first for the header,
/// lowest first otherwise.
fn sort_from(p: &PageLines<'_>, idx: &mut [usize], place: Place) {
    idx.sort_by(|&a, &b| {
        let ta = p.lines.get(a).map_or(0.0, |l| l.top);
        let tb = p.lines.get(b).map_or(0.0, |l| l.top);
        if place == Place::Header {
            tb.total_cmp(&ta)
        } else {
            ta.total_cmp(&tb)
        }
    });
}

/// Count each distinct text among the lines `idx` of `p` once.
fn count_keys(p: &PageLines<'_>, idx: &[usize], counts: &mut HashMap<String, usize>) {
    let mut seen = std::collections::HashSet::new();
    for &i in idx {
        if let Some(l) = p.lines.get(i) {
            let k = key(&l.text);
            if seen.insert(k.clone()) {
                *counts.entry(k).or_default() += 1;
            }
        }
    }
}

/// Mark as `place` the edge lines `idx` of `p` from the page's edge inwards while each is
/// repeated (its text on `needed` pages or more, by `counts`) or a page number, stopping at
/// the first body line that is neither.
fn mark_edge(
    p: &PageLines<'_>,
    places: &mut [Place],
    mut idx: Vec<usize>,
    counts: &HashMap<String, usize>,
    needed: usize,
    place: Place,
) {
    sort_from(p, &mut idx, place);
    for i in idx {
        let Some(l) = p.lines.get(i) else { continue };
        if places.get(i) != Some(&Place::Body) {
            continue;
        }
        let repeated = counts.get(&key(&l.text)).copied().unwrap_or(0) >= needed;
        if repeated || is_page_number(&l.text) {
            if let Some(pl) = places.get_mut(i) {
                *pl = place;
            }
        } else {
            break;
        }
    }
}

/// For every page, the place of every line.
pub fn classify(pages: &[PageLines<'_>]) -> Vec<Vec<Place>> {
    let n = pages.len();
    let mut edge_sets = Vec::with_capacity(n);
    let mut top_count: HashMap<String, usize> = HashMap::new();
    let mut bottom_count: HashMap<String, usize> = HashMap::new();
    for p in pages {
        let (top, bottom) = edges(p);
        count_keys(p, &top, &mut top_count);
        count_keys(p, &bottom, &mut bottom_count);
        edge_sets.push((top, bottom));
    }
    // A line is repeated furniture when its text stands on a quarter of the pages (two at
    // least); a one-page document has none.
    let needed = if n >= 2 {
        ((n as f32 * 0.25).ceil() as usize).max(2)
    } else {
        usize::MAX
    };
    let mut out = Vec::with_capacity(n);
    for (p, (top, bottom)) in pages.iter().zip(edge_sets) {
        let mut places = vec![Place::Body; p.lines.len()];
        // Tagged pagination artifacts: furniture by the producer's own word.
        let h = p.height.max(1.0);
        for (l, pl) in p.lines.iter().zip(places.iter_mut()) {
            if l.artifact && l.upright {
                *pl = if l.bottom >= h * 0.5 {
                    Place::Header
                } else {
                    Place::Footer
                };
            }
        }
        mark_edge(p, &mut places, top, &top_count, needed, Place::Header);
        mark_edge(p, &mut places, bottom, &bottom_count, needed, Place::Footer);
        flow_page_numbers(p, &mut places);
        out.push(places);
    }
    out
}

/// Page numbers in the text flow: a page's lowest (or highest) body line that is only a page
/// number ("Page 2", "2", "- 2 -", "2 of 14") and is set apart from the body — smaller,
/// centred under the body, or after a gap of a blank line — is furniture wherever it sits on
/// the page. HTML printed to PDF and word-processor documents with a typed "Page 2" paragraph
/// put it right after the last body line, far from the page's bottom edge.
fn flow_page_numbers(p: &PageLines<'_>, places: &mut [Place]) {
    let mut body: Vec<usize> = (0..p.lines.len())
        .filter(|&i| {
            places.get(i) == Some(&Place::Body)
                && p.lines
                    .get(i)
                    .is_some_and(|l| l.upright && !l.text.trim().is_empty())
        })
        .collect();
    if body.len() < 3 {
        return;
    }
    body.sort_by(|&a, &b| {
        let ta = p.lines.get(a).map_or(0.0, |l| l.top);
        let tb = p.lines.get(b).map_or(0.0, |l| l.top);
        tb.total_cmp(&ta)
    });
    let (Some(&first), Some(&last)) = (body.first(), body.last()) else {
        return;
    };
    let rest = |skip: usize| body.iter().copied().filter(move |&i| i != skip);
    if set_apart(p, last, rest(last), false) {
        if let Some(pl) = places.get_mut(last) {
            *pl = Place::Footer;
        }
    }
    if first != last && set_apart(p, first, rest(first), true) {
        if let Some(pl) = places.get_mut(first) {
            *pl = Place::Header;
        }
    }
}

/// Whether line `i` is a page number set apart from the other body lines `others`
/// (`above`: it is the page's highest body line, else its lowest).
fn set_apart(
    p: &PageLines<'_>,
    i: usize,
    others: impl Iterator<Item = usize>,
    above: bool,
) -> bool {
    let Some(l) = p.lines.get(i) else {
        return false;
    };
    if !is_page_number(&l.text) {
        return false;
    }
    let others: Vec<&Line> = others.filter_map(|k| p.lines.get(k)).collect();
    let mut sizes: Vec<f32> = others.iter().map(|o| o.size).collect();
    sizes.sort_by(f32::total_cmp);
    let Some(&size) = sizes.get(sizes.len() / 2) else {
        return false;
    };
    let smaller = l.size < 0.9 * size;
    let (bx0, bx1) = others
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), o| {
            (a.min(o.x0), b.max(o.x1))
        });
    let width = bx1 - bx0;
    let centred = width > 0.0
        && l.x1 - l.x0 < 0.5 * width
        && ((l.x0 + l.x1) / 2.0 - (bx0 + bx1) / 2.0).abs() < 0.1 * width;
    // the nearest other line in the direction of the body
    let gap = others
        .iter()
        .map(|o| {
            if above {
                l.bottom - o.top
            } else {
                o.bottom - l.top
            }
        })
        .filter(|g| *g > -0.5 * size)
        .fold(f32::INFINITY, f32::min);
    let apart = gap.is_finite() && gap > 0.9 * size;
    smaller || centred || apart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for t in ["12", "- 12 -", "Page 3", "Page 3 of 40", "3 / 40", "iv"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["12 children", "Section 3", "2025 guidance", "civil"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn key_ignores_digits_and_case() {
        assert_eq!(
            key("Keeping Children  Safe 12"),
            key("keeping children safe 13")
        );
    }
}
