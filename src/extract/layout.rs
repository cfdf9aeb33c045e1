//! Layout: positioned glyphs → lines of text in reading order.
//!
//! 1. Glyphs are grouped by writing direction (0°, 90°, 180°, 270°); each group is rotated
//!    upright and laid out on its own, the dominant direction first.
//! 2. Baselines: glyphs sorted by baseline are clustered into line fragments; within a line,
//!    sorted by x, duplicates drawn on top of each other (fake bold) are dropped.
//! 3. Segments: a line is cut where the gap exceeds one em, so columns and table cells
//!    sharing a baseline stay apart.
//! 4. Words: a space goes where the PDF has a space glyph, or where the gap between glyphs
//!    exceeds the line's own typical letter gap by more than a tenth of an em. Letter-spaced
//!    or justified text therefore does not fall apart ("Contex tual").
//! 5. Reading order: recursive XY-cut over segments. A vertical gutter with real text columns
//!    on both sides is cut first (columns are read one after the other), otherwise the widest
//!    horizontal gap; what remains are lines, read top to bottom, left to right.

use super::interp::PageGlyphs;

/// One output line, in the page's upright coordinate system (y up).
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub top: f32,
    pub bottom: f32,
    /// Left and right edges.
    pub x0: f32,
    pub x1: f32,
    /// Largest font size on the line.
    pub size: f32,
    /// False for text in a minority writing direction: its geometry is not page geometry.
    pub upright: bool,
    /// Most of its glyphs were tagged as pagination artifacts (running header/footer).
    pub artifact: bool,
}

#[derive(Clone, Copy)]
struct G {
    x0: f32,
    x1: f32,
    y: f32,
    h: f32,
    idx: u32,
    space: bool,
    artifact: bool,
}

pub(super) struct Segment {
    pub(super) text: String,
    pub(super) x0: f32,
    pub(super) x1: f32,
    pub(super) y: f32,
    pub(super) h: f32,
    pub(super) chars: usize,
    pub(super) artifact_chars: usize,
}

impl Segment {
    pub(super) fn top(&self) -> f32 {
        self.y + 0.7 * self.h
    }
    pub(super) fn bottom(&self) -> f32 {
        self.y - 0.2 * self.h
    }
}

/// Most segments a page may have for the XY-cut; above it, plain top-to-bottom order.
const MAX_XY_SEGMENTS: usize = 4000;
/// Gap (in em) that cuts a line into segments.
const SEGMENT_GAP: f32 = 1.0;
/// Extra gap over the line's typical letter gap (in em) that makes a word break.
const WORD_GAP: f32 = 0.1;

pub fn layout(page: &PageGlyphs) -> Vec<Line> {
    // 1. writing direction classes
    let mut classes: [Vec<G>; 4] = Default::default();
    let mut last_class = 0usize;
    for (i, g) in page.glyphs.iter().enumerate() {
        let (dx, dy) = (g.x1 - g.x0, g.y1 - g.y0);
        let class = if dx.abs() < 1e-3 && dy.abs() < 1e-3 {
            last_class
        } else if dx.abs() >= dy.abs() {
            if dx > 0.0 {
                0
            } else {
                2
            }
        } else if dy > 0.0 {
            1
        } else {
            3
        };
        last_class = class;
        let (x0, y0) = rot(class, g.x0, g.y0);
        let (x1, _) = rot(class, g.x1, g.y1);
        let text = page.text_of(g);
        let h = if g.size.is_finite() {
            g.size.clamp(0.5, 500.0)
        } else {
            10.0
        };
        if let Some(v) = classes.get_mut(class) {
            v.push(G {
                x0: x0.min(x1),
                x1: x0.max(x1),
                y: y0,
                h,
                idx: i as u32,
                space: text.chars().all(char::is_whitespace),
                artifact: g.artifact,
            });
        }
    }
    let mut order: Vec<usize> = (0..4).collect();
    order.sort_by_key(|&c| std::cmp::Reverse(classes.get(c).map_or(0, Vec::len)));
    let mut out = Vec::new();
    for (rank, c) in order.into_iter().enumerate() {
        let Some(gs) = classes.get_mut(c) else {
            continue;
        };
        if gs.is_empty() {
            continue;
        }
        let segs = super::table::read_tables(segments(page, gs));
        let upright = rank == 0 && c == 0;
        for mut l in order_segments(segs) {
            l.upright = upright;
            out.push(l);
        }
    }
    out
}

fn rot(class: usize, x: f32, y: f32) -> (f32, f32) {
    match class {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    }
}

fn segments(page: &PageGlyphs, gs: &mut [G]) -> Vec<Segment> {
    gs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    // baseline clusters
    let mut clusters: Vec<Vec<G>> = Vec::new();
    let mut start = 0;
    while start < gs.len() {
        let Some(first) = gs.get(start) else { break };
        let (y0, h0) = (first.y, first.h);
        let mut end = start + 1;
        while let Some(g) = gs.get(end) {
            let tol = 0.3 * g.h.min(h0);
            if (y0 - g.y).abs() > tol {
                break;
            }
            end += 1;
        }
        if let Some(line) = gs.get(start..end) {
            clusters.push(line.to_vec());
        }
        start = end;
    }
    // superscripts and subscripts: a cluster in a smaller font, next to a line it overlaps
    // vertically and horizontally, belongs to that line
    let stats: Vec<(f32, f32, f32, f32)> = clusters.iter().map(|c| cluster_stats(c)).collect();
    let mut target: Vec<Option<usize>> = vec![None; clusters.len()];
    for i in 0..clusters.len() {
        let Some(&(y, h, x0, x1)) = stats.get(i) else {
            continue;
        };
        let mut best: Option<(f32, usize)> = None;
        for j in [i.wrapping_sub(2), i.wrapping_sub(1), i + 1, i + 2] {
            let Some(&(yj, hj, x0j, x1j)) = stats.get(j) else {
                continue;
            };
            if h < 0.9 * hj && (y - yj).abs() < 0.6 * hj && x0 >= x0j - hj && x1 <= x1j + 2.0 * hj {
                let d = (y - yj).abs();
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, j));
                }
            }
        }
        if let (Some((_, j)), Some(t)) = (best, target.get_mut(i)) {
            *t = Some(j);
        }
    }
    for i in 0..clusters.len() {
        let Some(mut j) = target.get(i).copied().flatten() else {
            continue;
        };
        // follow chains (a subscript of a superscript) a few steps
        for _ in 0..4 {
            match target.get(j).copied().flatten() {
                Some(k) if k != i => j = k,
                _ => break,
            }
        }
        if j == i {
            continue;
        }
        let moved = clusters.get_mut(i).map(std::mem::take).unwrap_or_default();
        if let Some(c) = clusters.get_mut(j) {
            c.extend(moved);
        }
    }
    for line in clusters.iter_mut() {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.idx.cmp(&b.idx)));
    }
    let cuts = gap_decisions(&clusters);
    let mut out = Vec::new();
    for (line, cuts) in clusters.iter().zip(cuts) {
        if line.is_empty() {
            continue;
        }
        line_segments(page, line, &cuts, &mut out);
    }
    out
}

/// (median baseline, median size, left, right) of a baseline cluster.
fn cluster_stats(c: &[G]) -> (f32, f32, f32, f32) {
    let mut hs: Vec<f32> = c.iter().map(|g| g.h).collect();
    hs.sort_by(f32::total_cmp);
    let h = hs.get(hs.len() / 2).copied().unwrap_or(1.0);
    let mut ys: Vec<f32> = c.iter().map(|g| g.y).collect();
    ys.sort_by(f32::total_cmp);
    let y = ys.get(ys.len() / 2).copied().unwrap_or(0.0);
    let x0 = c.iter().map(|g| g.x0).fold(f32::INFINITY, f32::min);
    let x1 = c.iter().map(|g| g.x1).fold(f32::NEG_INFINITY, f32::max);
    (y, h, x0, x1)
}

/// Narrowest gutter (in em) that [`gap_decisions`] looks for.
const GUTTER_MIN: f32 = 0.4;
/// Neighbouring lines, above and below, that [`gap_decisions`] looks at.
const GUTTER_WINDOW: usize = 4;
/// Neighbouring lines that must agree for a gap's default to be overturned.
const GUTTER_AGREE: usize = 3;

/// Ink runs of a line: glyph boxes merged, sorted by x.
fn ink_runs(line: &[G]) -> Vec<(f32, f32)> {
    let mut runs: Vec<(f32, f32)> = Vec::new();
    for g in line.iter().filter(|g| !g.space) {
        match runs.last_mut() {
            Some(last) if g.x0 <= last.1 + 0.05 * g.h => last.1 = last.1.max(g.x1),
            _ => runs.push((g.x0, g.x1)),
        }
    }
    runs
}

/// Gaps whose reading the neighbouring lines decide, per line: (x in the gap, cut it).
///
/// A line is cut into segments where a gap exceeds [`SEGMENT_GAP`] — unless the neighbouring
/// lines have ink there (at most one does not): then the gap is a word space stretched by
/// justification inside one column or table cell ("Partners      map"), and cutting it would
/// tear the column apart. A narrower gap is a cut when the neighbouring lines with text
/// beside it are empty there too (at most one is not): the gutter of two columns set close
/// together (pdfLaTeX `twocolumn`) or the gap between table cells, so each column (each
/// cell) is read whole. The word spaces of justified text do not line up over several
/// lines, so they are never cut.
fn gap_decisions(clusters: &[Vec<G>]) -> Vec<Vec<(f32, bool)>> {
    let runs: Vec<Vec<(f32, f32)>> = clusters.iter().map(|c| ink_runs(c)).collect();
    let base: Vec<Option<f32>> = clusters
        .iter()
        .map(|c| c.iter().find(|g| !g.space).map(|g| g.y))
        .collect();
    let mut out = vec![Vec::new(); clusters.len()];
    for (i, line_runs) in runs.iter().enumerate() {
        let (Some(Some(y)), Some(c)) = (base.get(i).copied(), clusters.get(i)) else {
            continue;
        };
        let mut hs: Vec<f32> = c.iter().map(|g| g.h).collect();
        hs.sort_by(f32::total_cmp);
        let em = hs.get(hs.len() / 2).copied().unwrap_or(10.0).max(0.5);
        for w in line_runs.windows(2) {
            let [(_, p1), (g0, _)] = w else { continue };
            let gap = g0 - p1;
            if gap <= GUTTER_MIN * em {
                continue;
            }
            let wide = gap > SEGMENT_GAP * em;
            let (a, b) = (p1 + 0.05 * em, g0 - 0.05 * em);
            let (mut agree, mut disagree) = (0, 0);
            // neighbours' ink inside the gap, as +1/-1 events for a sweep
            let mut events: Vec<(f32, i32)> = Vec::new();
            let lo = i.saturating_sub(GUTTER_WINDOW);
            for j in (lo..=i + GUTTER_WINDOW).filter(|&j| j != i) {
                let (Some(other), Some(Some(yj))) = (runs.get(j), base.get(j)) else {
                    continue;
                };
                if (yj - y).abs() > 2.0 * (GUTTER_WINDOW as f32) * em {
                    continue;
                }
                let k = other.partition_point(|r| r.1 <= a);
                let mut inside = false;
                for r in other.iter().skip(k).take_while(|r| r.0 < b) {
                    inside = true;
                    events.push((r.0.max(a), 1));
                    events.push((r.1.min(b), -1));
                }
                let left = k > 0 && other.get(k - 1).is_some_and(|r| r.1 >= a - 3.0 * em);
                let k2 = other.partition_point(|r| r.0 < b);
                let right = other.get(k2).is_some_and(|r| r.0 <= b + 3.0 * em);
                if inside {
                    disagree += 1;
                } else if left || right {
                    agree += 1;
                }
            }
            // the widest stretch of the gap that at most one neighbour has ink in
            events.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            let (mut depth, mut from, mut hole) = (0i32, a, 0f32);
            for (x, d) in events {
                let before = depth;
                if before <= 1 {
                    hole = hole.max(x - from);
                }
                depth += d;
                if before > 1 && depth <= 1 {
                    from = x;
                }
            }
            if depth <= 1 {
                hole = hole.max(b - from);
            }
            let gutter = hole >= GUTTER_MIN * em;
            let decision = if wide {
                (!gutter && disagree >= GUTTER_AGREE).then_some(false)
            } else {
                (gutter && agree + disagree >= GUTTER_AGREE).then_some(true)
            };
            if let (Some(cut), Some(v)) = (decision, out.get_mut(i)) {
                v.push(((p1 + g0) / 2.0, cut));
            }
        }
    }
    out
}

fn line_segments(page: &PageGlyphs, line: &[G], decisions: &[(f32, bool)], out: &mut Vec<Segment>) {
    // drop duplicates drawn over each other (fake bold, shadows)
    let mut kept: Vec<G> = Vec::with_capacity(line.len());
    for g in line {
        let t = page
            .glyphs
            .get(g.idx as usize)
            .map_or("", |x| page.text_of(x));
        let dup = !g.space
            && kept
                .iter()
                .rev()
                .take_while(|k| g.x0 - k.x0 < 0.2 * g.h)
                .take(6)
                .any(|k| {
                    (k.y - g.y).abs() < 0.2 * g.h
                        && page
                            .glyphs
                            .get(k.idx as usize)
                            .map_or("", |x| page.text_of(x))
                            == t
                });
        if !dup {
            kept.push(*g);
        }
    }
    // cut into segments at large gaps
    let mut seg_start = 0;
    let mut right = f32::NEG_INFINITY;
    for (i, g) in kept.iter().enumerate() {
        if g.space {
            continue;
        }
        let decided = decisions
            .iter()
            .find(|&&(x, _)| right <= x && g.x0 >= x)
            .map(|&(_, cut)| cut);
        let cut = decided.unwrap_or(g.x0 - right > SEGMENT_GAP * g.h);
        if right.is_finite() && cut {
            if let Some(seg) = kept.get(seg_start..i).and_then(|s| words(page, s)) {
                out.push(seg);
            }
            seg_start = i;
            right = g.x1;
        } else {
            right = right.max(g.x1);
        }
    }
    if let Some(seg) = kept.get(seg_start..).and_then(|s| words(page, s)) {
        out.push(seg);
    }
}

fn words(page: &PageGlyphs, gs: &[G]) -> Option<Segment> {
    // typical letter gap of this line (em), from adjacent non-space glyphs
    let mut gaps: Vec<f32> = Vec::new();
    let mut prev: Option<&G> = None;
    for g in gs {
        if g.space {
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            gaps.push((g.x0 - p.x1) / g.h.max(p.h));
        }
        prev = Some(g);
    }
    let typical = if gaps.len() >= 3 {
        gaps.sort_by(f32::total_cmp);
        gaps.get(gaps.len() / 2)
            .copied()
            .unwrap_or(0.0)
            .clamp(0.0, 0.5)
    } else {
        0.0
    };
    let threshold = typical + WORD_GAP;
    let mut text = String::new();
    let mut chars = 0;
    let mut artifact_chars = 0;
    let mut pending_space = false;
    let mut prev: Option<&G> = None;
    let (mut x0, mut x1) = (f32::INFINITY, f32::NEG_INFINITY);
    let mut ys: Vec<f32> = Vec::new();
    let mut h = 0f32;
    for g in gs {
        if g.space {
            pending_space = true;
            continue;
        }
        let t = page
            .glyphs
            .get(g.idx as usize)
            .map_or("", |x| page.text_of(x));
        if let Some(p) = prev {
            let gap = (g.x0 - p.x1) / g.h.max(p.h);
            // A change of baseline (superscript, subscript) is a word break, so a footnote
            // marker never glues to the word it follows ("framework1"); ordinals stay whole.
            let shifted = (g.y - p.y).abs() > 0.15 * g.h.max(p.h);
            let ordinal = g.y > p.y
                && text.chars().last().is_some_and(|c| c.is_ascii_digit())
                && t.chars().next().is_some_and(char::is_alphabetic);
            if pending_space || gap > threshold || (shifted && !ordinal) {
                text.push(' ');
            }
        }
        pending_space = false;
        text.push_str(t);
        chars += 1;
        artifact_chars += usize::from(g.artifact);
        x0 = x0.min(g.x0);
        x1 = x1.max(g.x1);
        ys.push(g.y);
        h = h.max(g.h);
        prev = Some(g);
    }
    if text.is_empty() {
        return None;
    }
    ys.sort_by(f32::total_cmp);
    let y = ys.get(ys.len() / 2).copied().unwrap_or(0.0);
    Some(Segment {
        text,
        x0,
        x1,
        y,
        h,
        chars,
        artifact_chars,
    })
}

fn order_segments(segs: Vec<Segment>) -> Vec<Line> {
    let mut out = Vec::new();
    if segs.len() > MAX_XY_SEGMENTS {
        let all: Vec<usize> = (0..segs.len()).collect();
        leaf(&segs, all, &mut out);
        return out;
    }
    let mut hs: Vec<f32> = segs.iter().map(|s| s.h).collect();
    hs.sort_by(f32::total_cmp);
    let em = hs.get(hs.len() / 2).copied().unwrap_or(10.0).max(1.0);
    let mut stack: Vec<Vec<usize>> = vec![(0..segs.len()).collect()];
    while let Some(mut region) = stack.pop() {
        if region.len() <= 1 {
            leaf(&segs, region, &mut out);
            continue;
        }
        // vertical candidates
        region.sort_by(|&a, &b| seg_x0(&segs, a).total_cmp(&seg_x0(&segs, b)));
        let mut best_v: Option<(f32, usize)> = None;
        let mut right = f32::NEG_INFINITY;
        for (k, &i) in region.iter().enumerate() {
            let Some(s) = segs.get(i) else { continue };
            if k > 0 {
                let gap = s.x0 - right;
                if gap > 0.0 && best_v.is_none_or(|(g, _)| gap > g) {
                    best_v = Some((gap, k));
                }
            }
            right = right.max(s.x1);
        }
        let top = region
            .iter()
            .map(|&i| seg_top(&segs, i))
            .fold(f32::NEG_INFINITY, f32::max);
        let substantial = best_v.is_some_and(|(gap, k)| {
            gap >= 0.5 * em && {
                let (l, r) = region.split_at(k);
                (columnish(&segs, l, em) && textish(&segs, r, top, em))
                    || (textish(&segs, l, top, em) && columnish(&segs, r, em))
                    || (gap >= em && columnish(&segs, l, em) && beside_top(&segs, r, l))
            }
        });
        if substantial {
            if let Some((_, k)) = best_v {
                let right_part = region.split_off(k);
                stack.push(right_part);
                stack.push(region);
                continue;
            }
        }
        // horizontal candidates
        region.sort_by(|&a, &b| seg_top(&segs, b).total_cmp(&seg_top(&segs, a)));
        let mut gaps: Vec<(f32, usize)> = Vec::new();
        let mut low = f32::INFINITY;
        for (k, &i) in region.iter().enumerate() {
            let Some(s) = segs.get(i) else { continue };
            if k > 0 {
                let gap = low - s.top();
                if gap > 0.0 {
                    gaps.push((gap, k));
                }
            }
            low = low.min(s.bottom());
        }
        let widest = gaps.iter().map(|&(g, _)| g).fold(0.0f32, f32::max);
        if widest > 0.0 {
            // Cut at every gap as wide as the widest (uniform line spacing cuts all lines at
            // once: linear, not quadratic, in the number of lines).
            let cuts: Vec<usize> = gaps
                .iter()
                .filter(|&&(g, _)| g >= widest * 0.95)
                .map(|&(_, k)| k)
                .collect();
            let mut bands: Vec<Vec<usize>> = Vec::with_capacity(cuts.len() + 1);
            for &k in cuts.iter().rev() {
                if k < region.len() {
                    bands.push(region.split_off(k));
                }
            }
            bands.push(region);
            // bands are bottom-up; the stack pops the top band first
            stack.extend(bands);
            continue;
        }
        leaf(&segs, region, &mut out);
    }
    out
}

fn seg_x0(segs: &[Segment], i: usize) -> f32 {
    segs.get(i).map_or(0.0, |s| s.x0)
}
fn seg_top(segs: &[Segment], i: usize) -> f32 {
    segs.get(i).map_or(0.0, Segment::top)
}

/// Whether a set of segments looks like a column of running text (not a list of bullets or
/// paragraph numbers).
fn columnish(segs: &[Segment], part: &[usize], em: f32) -> bool {
    let n = part.len();
    if n < 2 {
        return false;
    }
    let chars: usize = part
        .iter()
        .filter_map(|&i| segs.get(i))
        .map(|s| s.chars)
        .sum();
    let width: f32 = part
        .iter()
        .filter_map(|&i| segs.get(i))
        .map(|s| s.x1 - s.x0)
        .sum();
    chars >= 40 && width / n as f32 >= 4.0 * em
}

/// Whether a set of segments is text, however short (a column's last line at the top of the
/// next column), rather than bullets or paragraph numbers beside a column: a dozen
/// characters, or, at the top of the region (`top`), where a column's text goes on from the
/// previous column ("to online"), a word of three letters or more. Lower down, so short a
/// fragment is the end of a line of the column beside it.
fn textish(segs: &[Segment], part: &[usize], top: f32, em: f32) -> bool {
    let chars: usize = part
        .iter()
        .filter_map(|&i| segs.get(i))
        .map(|s| s.chars)
        .sum();
    let word = || {
        part.iter().filter_map(|&i| segs.get(i)).any(|s| {
            s.top() >= top - 0.5 * em
                && s.text
                    .split(|c: char| !c.is_alphabetic())
                    .any(|w| w.chars().count() >= 3)
        })
    };
    !part.is_empty() && chars >= 8 * part.len() && (chars >= 12 || word())
}

/// Whether `part`, right of the column `column`, is a small block of words beside the
/// column's first lines — a logo or strapline beside a title ("Get it" / "Sorted" beside
/// "Providing Effective" / "Advocacy Services for" / …), read after the column rather than
/// line by line into it: a third as many segments as the column or fewer, each with a word of
/// three letters or more, all in the upper half of the two together.
fn beside_top(segs: &[Segment], part: &[usize], column: &[usize]) -> bool {
    let all = || part.iter().chain(column).filter_map(|&i| segs.get(i));
    let top = all().map(Segment::top).fold(f32::NEG_INFINITY, f32::max);
    let bottom = all().map(Segment::bottom).fold(f32::INFINITY, f32::min);
    let middle = (top + bottom) / 2.0;
    !part.is_empty()
        && part.len() * 3 <= column.len()
        && part.iter().all(|&i| {
            segs.get(i).is_some_and(|s| {
                s.bottom() >= middle
                    && s.text
                        .split(|c: char| !c.is_alphabetic())
                        .any(|w| w.chars().count() >= 3)
            })
        })
}

/// Segments with no cut between them: group into lines by vertical overlap, read each line
/// left to right.
fn leaf(segs: &[Segment], mut region: Vec<usize>, out: &mut Vec<Line>) {
    region.sort_by(|&a, &b| seg_top(segs, b).total_cmp(&seg_top(segs, a)));
    let mut lines: Vec<(f32, f32, Vec<usize>)> = Vec::new();
    for i in region {
        let Some(s) = segs.get(i) else { continue };
        let (t, b) = (s.top(), s.bottom());
        if let Some((lt, lb, members)) = lines.last_mut() {
            let overlap = lt.min(t) - lb.max(b);
            let minh = (*lt - *lb).min(t - b).max(0.01);
            if overlap >= 0.5 * minh {
                *lt = lt.max(t);
                *lb = lb.min(b);
                members.push(i);
                continue;
            }
        }
        lines.push((t, b, vec![i]));
    }
    for (t, b, mut members) in lines {
        members.sort_by(|&a, &b| seg_x0(segs, a).total_cmp(&seg_x0(segs, b)));
        let mut text = String::new();
        let (mut chars, mut artifact_chars) = (0, 0);
        let (mut x0, mut x1, mut size) = (f32::INFINITY, f32::NEG_INFINITY, 0f32);
        for i in members {
            if let Some(s) = segs.get(i) {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&s.text);
                chars += s.chars;
                artifact_chars += s.artifact_chars;
                x0 = x0.min(s.x0);
                x1 = x1.max(s.x1);
                size = size.max(s.h);
            }
        }
        out.push(Line {
            text,
            top: t,
            bottom: b,
            x0,
            x1,
            size,
            upright: true,
            artifact: artifact_chars * 2 > chars,
        });
    }
}
