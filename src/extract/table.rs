//! Tables: read a cell whole when a row's cells wrap.
//!
//! The XY-cut of [`super::layout`] reads a table row by row across its columns, line by line:
//! a cell that wraps ("Responding to child" / "criminal exploitation in the local area") is
//! split by the next cells' text on its first line, and a term that runs over the cell's line
//! break is lost (and a phrase made of the end of one cell and the start of the next may be
//! invented). Here, over the positioned segments of a page, a table is found from its
//! geometry and each row whose cells wrap is rewritten as one segment that holds the row's
//! cells one after the other, left to right, each cell's lines together (a line of text each).
//!
//! A table is a run of lines whose segments fall into two or more column intervals that no
//! line crosses (the vertical white space between columns runs through the run); a row starts
//! at a line with text in the first column, and lines with no text there, close below, go on
//! the row's cells. Only rows whose reading changes are rewritten: a row whose cells are one
//! line each, or whose only wrapping cell is its last one (a bulleted or numbered list: the
//! marker, then the item's lines), reads the same either way and is left as it was. Not taken
//! for tables: columns of running text (two columns or more wide with long lines, however
//! many columns there are: the XY-cut reads them column by column), tables of contents (a
//! last column of page numbers), running headers and footers (tagged artifacts are left
//! out), and single rows.
//!
//! The work is bounded: a candidate has [`MAX_COLUMNS`] column intervals at most, and a page
//! that costs more than [`WORK_BUDGET`] steps is read without the table reader.

use super::layout::Segment;

/// Most segments a page may have for table detection (as for the XY-cut).
const MAX_SEGMENTS: usize = 4000;
/// Vertical gap (in em) between two lines that ends a table.
const TABLE_GAP: f32 = 2.5;
/// Vertical gap (in em) above a line with no text in the first column up to which it still
/// goes on the row above (a cell's own line spacing is far tighter).
const CONTINUATION_GAP: f32 = 0.8;
/// Horizontal gap (in em) under which two column intervals are one.
const COLUMN_GAP: f32 = 0.3;
/// Most column intervals a candidate table may have: a line that would take the candidate
/// past them ends it (no table has that many columns; a staircase of lines, each a little to
/// the right of the one above, would otherwise make every candidate as long as the page).
const MAX_COLUMNS: usize = 64;
/// Work (column intervals visited, see [`Work`]) the table reader may spend on one page;
/// past it the page is read without the table reader (its segments as they came).
/// Far above what a page of real tables costs (3,542 steps at most on the pages of
/// `../shared/real-pdfs`; a grid of 80 rows by 50 columns, 400,000), and spent in some
/// tens of milliseconds.
const WORK_BUDGET: usize = 10_000_000;

/// The work spent on a page: every column interval visited (cloned, compared, inserted) is a
/// step, so a page costs the same however fast the machine is.
struct Work {
    spent: usize,
}

impl Work {
    /// Spends `n` steps; false once the page is over its budget.
    fn spend(&mut self, n: usize) -> bool {
        self.spent = self.spent.saturating_add(n);
        self.spent <= WORK_BUDGET
    }
}

/// One visual line: indices of its segments (left to right), its top and bottom.
struct VLine {
    segs: Vec<usize>,
    top: f32,
    bottom: f32,
}

/// The page's segments with every table row whose cells wrap rewritten as one segment.
pub(super) fn read_tables(segs: Vec<Segment>) -> Vec<Segment> {
    read_tables_counted(segs).0
}

/// [`read_tables`], and the work it spent.
fn read_tables_counted(segs: Vec<Segment>) -> (Vec<Segment>, usize) {
    let mut work = Work { spent: 0 };
    let out = read_tables_within(segs, &mut work);
    (out, work.spent)
}

fn read_tables_within(segs: Vec<Segment>, work: &mut Work) -> Vec<Segment> {
    if segs.len() < 4 || segs.len() > MAX_SEGMENTS {
        return segs;
    }
    let mut hs: Vec<f32> = segs.iter().map(|s| s.h).collect();
    hs.sort_by(f32::total_cmp);
    let em = hs.get(hs.len() / 2).copied().unwrap_or(10.0).max(1.0);
    let lines = visual_lines(&segs);
    let mut rewrites: Rows = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(mut end) = region_end(&segs, &lines, i, em, work) else {
            // over the budget: the page is read as if it had no table
            return segs;
        };
        // a single line is never a table
        if let Some(region) = lines.get(i..end).filter(|r| r.len() >= 2) {
            let (rows, used) = table_rows(&segs, region, em);
            rewrites.extend(rows.into_iter().flatten());
            end = i + used;
        }
        i = end.max(i + 1);
    }
    if rewrites.is_empty() {
        return segs;
    }
    // each rewritten row takes the place of its first segment; the rest keep their order
    let mut slots: Vec<Option<Segment>> = segs.into_iter().map(Some).collect();
    let mut rows: Vec<(usize, Segment)> = Vec::with_capacity(rewrites.len());
    for row in rewrites {
        let at = row.iter().flatten().copied().min();
        let cells: Vec<Vec<Segment>> = row
            .into_iter()
            .map(|cell| {
                cell.into_iter()
                    .filter_map(|k| slots.get_mut(k).and_then(Option::take))
                    .collect()
            })
            .collect();
        if let (Some(at), Some(s)) = (at, row_segment(cells)) {
            rows.push((at, s));
        }
    }
    rows.sort_by_key(|&(at, _)| std::cmp::Reverse(at));
    let mut out: Vec<Segment> = Vec::with_capacity(slots.len());
    for (k, slot) in slots.into_iter().enumerate() {
        while rows.last().is_some_and(|&(at, _)| at == k) {
            if let Some((_, s)) = rows.pop() {
                out.push(s);
            }
        }
        out.extend(slot);
    }
    out.extend(rows.into_iter().rev().map(|(_, s)| s));
    out
}

fn is_artifact(s: &Segment) -> bool {
    s.artifact_chars * 2 > s.chars
}

/// Segments (tagged artifacts left out) grouped by baseline, top to bottom.
fn visual_lines(segs: &[Segment]) -> Vec<VLine> {
    let mut order: Vec<usize> = (0..segs.len())
        .filter(|&k| segs.get(k).is_some_and(|s| !is_artifact(s)))
        .collect();
    order.sort_by(|&a, &b| {
        let (ya, yb) = (seg_y(segs, a), seg_y(segs, b));
        yb.total_cmp(&ya)
    });
    let mut lines: Vec<VLine> = Vec::new();
    let mut first: Option<(f32, f32)> = None;
    for k in order {
        let Some(s) = segs.get(k) else { continue };
        let same = first.is_some_and(|(y, h)| (y - s.y).abs() <= 0.3 * h.min(s.h));
        match lines.last_mut() {
            Some(l) if same => {
                l.segs.push(k);
                l.top = l.top.max(s.top());
                l.bottom = l.bottom.min(s.bottom());
            }
            _ => {
                first = Some((s.y, s.h));
                lines.push(VLine {
                    segs: vec![k],
                    top: s.top(),
                    bottom: s.bottom(),
                });
            }
        }
    }
    for l in &mut lines {
        l.segs
            .sort_by(|&a, &b| seg_x0(segs, a).total_cmp(&seg_x0(segs, b)));
    }
    lines
}

fn seg_y(segs: &[Segment], k: usize) -> f32 {
    segs.get(k).map_or(0.0, |s| s.y)
}
fn seg_x0(segs: &[Segment], k: usize) -> f32 {
    segs.get(k).map_or(0.0, |s| s.x0)
}

/// Adds `[x0, x1]` to sorted, disjoint column intervals, merging what it touches.
fn add_interval(cols: &mut Vec<(f32, f32)>, x0: f32, x1: f32, tol: f32) {
    let (mut a, mut b) = (x0, x1);
    cols.retain(|&(c0, c1)| {
        let touches = c0 <= b + tol && a <= c1 + tol;
        if touches {
            a = a.min(c0);
            b = b.max(c1);
        }
        !touches
    });
    let at = cols.partition_point(|&(c0, _)| c0 < a);
    cols.insert(at, (a, b));
}

fn columns_of(segs: &[Segment], lines: &[VLine], em: f32) -> Vec<(f32, f32)> {
    let mut cols = Vec::new();
    for l in lines {
        for s in l.segs.iter().filter_map(|&k| segs.get(k)) {
            add_interval(&mut cols, s.x0, s.x1, COLUMN_GAP * em);
        }
    }
    cols
}

/// End (exclusive) of the candidate table that starts at line `i`: the lines below it, close
/// together, whose segments keep two or more column intervals apart, [`MAX_COLUMNS`] at most.
/// `i + 1` when line `i` cannot start a table (it has one segment); None when the page's
/// work is over its budget. Each line's work is spent twice over: once here, once for
/// [`table_rows`], which goes through the candidate's lines again.
fn region_end(
    segs: &[Segment],
    lines: &[VLine],
    i: usize,
    em: f32,
    work: &mut Work,
) -> Option<usize> {
    let Some(first) = lines.get(i) else {
        return Some(i + 1);
    };
    if first.segs.len() < 2 {
        return Some(i + 1);
    }
    let mut cols = Vec::new();
    for s in first.segs.iter().filter_map(|&k| segs.get(k)) {
        if !work.spend(2 * (cols.len() + 1)) {
            return None;
        }
        add_interval(&mut cols, s.x0, s.x1, COLUMN_GAP * em);
    }
    if cols.len() > MAX_COLUMNS {
        return Some(i + 1);
    }
    let mut j = i + 1;
    while let (Some(l), Some(prev)) = (lines.get(j), lines.get(j - 1)) {
        if prev.bottom - l.top > TABLE_GAP * em {
            break;
        }
        if !work.spend(2 * (l.segs.len() + 1) * (cols.len() + 1)) {
            return None;
        }
        let mut next = cols.clone();
        for s in l.segs.iter().filter_map(|&k| segs.get(k)) {
            add_interval(&mut next, s.x0, s.x1, COLUMN_GAP * em);
        }
        if next.len() < cols.len().max(2) || next.len() > MAX_COLUMNS {
            break;
        }
        cols = next;
        j += 1;
    }
    Some(j)
}

/// A table's rows, each its cells, each cell the indices of its segments (top to bottom).
type Rows = Vec<Vec<Vec<usize>>>;

/// The rows of a candidate table that must be rewritten (None when the lines are not a
/// table), and how many of the lines the table holds (the rest go back to the page).
fn table_rows(segs: &[Segment], lines: &[VLine], em: f32) -> (Option<Rows>, usize) {
    let all = lines.len();
    let cols = columns_of(segs, lines, em);
    let Some(&first_col) = cols.first() else {
        return (None, all);
    };
    if lines.len() < 2 || cols.len() < 2 {
        return (None, all);
    }
    let col_of = |k: usize| -> usize {
        let x0 = seg_x0(segs, k);
        cols.iter()
            .rposition(|&(c0, _)| c0 <= x0 + 0.01)
            .unwrap_or(0)
    };
    // per line: text in the first column, gap above. A line with no text in the first column
    // after a gap is a cell's next paragraph when a row follows, else text below the table:
    // the table ends there.
    let mut starts: Vec<(bool, f32)> = Vec::with_capacity(lines.len());
    let mut prev_bottom = f32::NAN;
    let mut below: Option<usize> = None;
    for (n, l) in lines.iter().enumerate() {
        let first = l
            .segs
            .iter()
            .any(|&k| segs.get(k).is_some_and(|s| s.x0 <= first_col.1));
        let gap = prev_bottom - l.top;
        if first {
            below = None;
        } else if n > 0 && gap > CONTINUATION_GAP * em && below.is_none() {
            below = Some(n);
        }
        starts.push((first, gap));
        prev_bottom = l.bottom;
    }
    let tail = below.unwrap_or(starts.len());
    starts.truncate(tail);
    // a first column of codes or numbers does not wrap
    let (mut codes, mut firsts) = (0, 0);
    for l in lines.iter().take(tail) {
        if let Some(s) = l.segs.first().and_then(|&k| segs.get(k)) {
            if s.x0 <= first_col.1 {
                firsts += 1;
                codes += usize::from(s.text.chars().any(|c| c.is_ascii_digit()));
            }
        }
    }
    let gapped = if 2 * codes > firsts {
        None
    } else {
        gapped_rows(&starts, em)
    };
    // the right edge of the first column's widest line: a cell is at least that wide
    let limit = first_col.1;
    let first_seg = |l: &VLine| {
        l.segs
            .first()
            .and_then(|&k| segs.get(k))
            .filter(|s| s.x0 <= first_col.1)
    };
    // rows: per column, per line of the row, the line's segments
    let mut rows: Vec<Vec<Vec<Vec<usize>>>> = Vec::new();
    let mut prev: Option<&VLine> = None;
    for (l, &(first, gap)) in lines.iter().zip(&starts) {
        let new_row = match gapped {
            _ if rows.is_empty() => true,
            Some(tight) if first && gap <= tight => {
                // close below: the first column's cell goes on if its text wrapped there,
                // and no cell of the row that has ended would start again
                let above = prev.and_then(first_seg);
                let wrapped =
                    matches!((above, first_seg(l)), (Some(a), Some(b)) if wraps(a, b, limit));
                !wrapped || rows.last().is_some_and(|row| resumes(row, l, &col_of))
            }
            _ => first,
        };
        prev = Some(l);
        if new_row {
            rows.push(vec![Vec::new(); cols.len()]);
        }
        let Some(row) = rows.last_mut() else {
            return (None, all);
        };
        for col in row.iter_mut() {
            col.push(Vec::new());
        }
        for &k in &l.segs {
            if let Some(cell_line) = row.get_mut(col_of(k)).and_then(|c| c.last_mut()) {
                cell_line.push(k);
            }
        }
    }
    if !is_table(segs, &cols, &rows) {
        return (None, tail);
    }
    let out: Rows = rows
        .into_iter()
        .filter(|row| reading_changes(row))
        .map(|row| {
            row.into_iter()
                .map(|cell| cell.into_iter().flatten().collect())
                .collect()
        })
        .collect();
    ((!out.is_empty()).then_some(out), tail)
}

/// When rows are set apart by a gap (a blank line between rows, as in a table of terms and
/// their definitions), the widest gap above a line at a cell's own line spacing: a line with
/// text in the first column that close below the line above may be that cell's next line
/// ("Data" / "Protection" / "Impact" / "Assessment"). `starts`: per line, whether it has
/// text in the first column, and the gap above it.
///
/// A cell's line spacing is the tightest gap above a line with no text in the first column
/// (the lines of a wrapped cell in another column), else the tightest gap of all. Rows are
/// set apart by gaps when a line with text in the first column sits half an em or more lower
/// than that; else (rows follow each other at the line spacing) each line with text in the
/// first column starts a row.
fn gapped_rows(starts: &[(bool, f32)], em: f32) -> Option<f32> {
    let gaps = || starts.iter().skip(1).filter(|(_, g)| g.is_finite());
    let cell = gaps()
        .filter(|(first, _)| !first)
        .map(|&(_, g)| g)
        .fold(f32::INFINITY, f32::min);
    let cell = if cell.is_finite() {
        cell
    } else {
        gaps().map(|&(_, g)| g).fold(f32::INFINITY, f32::min)
    };
    if !cell.is_finite() {
        return None;
    }
    gaps()
        .any(|&(first, g)| first && g >= cell + 0.5 * em)
        .then_some(cell + 0.1 * em)
}

/// Whether line `l`, added to `row`, would put text in a cell whose text has ended (it has
/// text on an earlier line of the row, none on the last): cells are read top-aligned and
/// whole, so such a line starts a new row (a header row, then the first row close below).
fn resumes(row: &[Vec<Vec<usize>>], l: &VLine, col_of: &impl Fn(usize) -> usize) -> bool {
    l.segs.iter().any(|&k| {
        row.get(col_of(k)).is_some_and(|cell| {
            cell.last().is_some_and(Vec::is_empty) && cell.iter().any(|line| !line.is_empty())
        })
    })
}

/// Whether the text of `below` may have wrapped from `above`: its first word would not have
/// fitted after `above`'s last, before `limit` (the right edge of the column's widest line;
/// a line that did not wrap never fits there). A short line followed by a short word starts
/// a new row, and so does a line without a word (a bullet, a number).
fn wraps(above: &Segment, below: &Segment, limit: f32) -> bool {
    // bullets, dashes and numbers of a list never wrap into each other
    let wordy = |s: &Segment| s.text.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    if !wordy(above) || !wordy(below) {
        return false;
    }
    let n = below.text.chars().count().max(1) as f32;
    let word = below
        .text
        .split_whitespace()
        .next()
        .map_or(0, |w| w.chars().count()) as f32;
    let word_width = (below.x1 - below.x0) * word / n;
    let space = 0.2 * below.h;
    above.x1 + space + word_width > limit
}

/// Whether reading a row cell by cell differs from reading it line by line: a cell has text
/// on a line below one where a cell to its right has text.
fn reading_changes(row: &[Vec<Vec<usize>>]) -> bool {
    // the last line each cell has text on, and the first, left to right
    let mut deepest_left: Option<usize> = None;
    for cell in row {
        let first = cell.iter().position(|l| !l.is_empty());
        let last = cell.iter().rposition(|l| !l.is_empty());
        if let (Some(f), Some(d)) = (first, deepest_left) {
            if f < d {
                return true;
            }
        }
        if let Some(l) = last {
            deepest_left = Some(deepest_left.map_or(l, |d| d.max(l)));
        }
    }
    false
}

/// The guards: what has columns but is not a table.
fn is_table(segs: &[Segment], cols: &[(f32, f32)], rows: &[Vec<Vec<Vec<usize>>>]) -> bool {
    // two rows or more with text in two cells or more
    let full_rows = rows
        .iter()
        .filter(|row| {
            row.iter()
                .filter(|cell| cell.iter().any(|l| !l.is_empty()))
                .count()
                >= 2
        })
        .count();
    if full_rows < 2 {
        return false;
    }
    let col_texts = |c: usize| -> Vec<&Segment> {
        rows.iter()
            .filter_map(|row| row.get(c))
            .flatten()
            .flatten()
            .filter_map(|&k| segs.get(k))
            .collect()
    };
    // a table of contents: the last column holds page numbers
    let last = col_texts(cols.len() - 1);
    if !last.is_empty() && last.iter().all(|s| is_page_ref(&s.text)) {
        return false;
    }
    // cells set in the middle of their row (a form's header, "Yes - in place" / "No - not
    // being" over several lines beside a row label): text in two cells or more before the
    // first column has any; rows read from the top would cut the cells apart
    if let Some(head) = rows.first() {
        let no_label = head.first().is_some_and(|c| c.iter().all(Vec::is_empty));
        let lines = head.first().map_or(0, Vec::len);
        let full_lines = (0..lines)
            .filter(|&n| {
                head.iter()
                    .filter(|c| c.get(n).is_some_and(|l| !l.is_empty()))
                    .count()
                    >= 2
            })
            .count();
        if no_label && full_lines >= 2 {
            return false;
        }
    }
    // columns of running text: two columns or more that are wide (for two columns, 0.3 of
    // the width across them; for more, as much of their share) with long lines
    if let (Some(&(x0, _)), Some(&(_, x1))) = (cols.first(), cols.last()) {
        let share = 0.6 * (x1 - x0) / cols.len() as f32;
        let prose = |c: usize, &(c0, c1): &(f32, f32)| {
            let mut n: Vec<usize> = col_texts(c)
                .iter()
                .map(|s| s.text.chars().count())
                .collect();
            n.sort_unstable();
            c1 - c0 >= share && n.get(n.len() / 2).is_some_and(|&m| m >= 25)
        };
        let running = cols
            .iter()
            .enumerate()
            .filter(|&(c, col)| prose(c, col))
            .count();
        if running >= 2 {
            return false;
        }
    }
    true
}

/// A page reference of a table of contents: digits or roman numerals, maybe with dots.
fn is_page_ref(t: &str) -> bool {
    let t = t.trim().trim_start_matches(['.', ' ', '\u{2026}']);
    !t.is_empty()
        && t.len() <= 8
        && (t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '\u{2013}')
            || t.chars().all(|c| "ivxlcdmIVXLCDM".contains(c)))
}

/// One segment for a rewritten row: its cells left to right, each cell's lines top to
/// bottom, a line of text each. Its geometry is the row's first line (its top, its font size)
/// across the whole row, so the reading order places it where the row starts.
fn row_segment(cells: Vec<Vec<Segment>>) -> Option<Segment> {
    let all: Vec<&Segment> = cells.iter().flatten().collect();
    let top = all
        .iter()
        .map(|s| s.top())
        .fold(f32::NEG_INFINITY, f32::max);
    let x0 = all.iter().map(|s| s.x0).fold(f32::INFINITY, f32::min);
    let x1 = all.iter().map(|s| s.x1).fold(f32::NEG_INFINITY, f32::max);
    let mut hs: Vec<f32> = all.iter().map(|s| s.h).collect();
    hs.sort_by(f32::total_cmp);
    let h = hs.get(hs.len() / 2).copied()?;
    let mut text = String::new();
    let (mut chars, mut artifact_chars) = (0, 0);
    for cell in &cells {
        let mut prev_y = f32::NAN;
        for s in cell {
            if !text.is_empty() {
                // segments of one cell on one baseline stay on one line
                let same_line = (prev_y - s.y).abs() <= 0.3 * s.h;
                text.push(if same_line { ' ' } else { '\n' });
            }
            text.push_str(&s.text);
            chars += s.chars;
            artifact_chars += s.artifact_chars;
            prev_y = s.y;
        }
    }
    if text.is_empty() || !top.is_finite() {
        return None;
    }
    Some(Segment {
        text,
        x0,
        x1,
        y: top - 0.7 * h,
        h,
        chars,
        artifact_chars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A segment in Helvetica-like 10 pt: half an em per character.
    fn seg(text: &str, x0: f32, y: f32) -> Segment {
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        Segment {
            text: text.to_string(),
            x0,
            x1: x0 + 5.0 * text.chars().count() as f32,
            y,
            h: 10.0,
            chars,
            artifact_chars: 0,
        }
    }

    /// A page of segments from (baseline, [(x, text)]).
    fn page(lines: &[(f32, &[(f32, &str)])]) -> Vec<Segment> {
        lines
            .iter()
            .flat_map(|(y, cells)| cells.iter().map(move |(x, t)| seg(t, *x, *y)))
            .collect()
    }

    fn texts(segs: &[Segment]) -> Vec<String> {
        segs.iter().map(|s| s.text.clone()).collect()
    }

    /// The texts after `read_tables`, and whether nothing changed.
    fn read(segs: Vec<Segment>) -> (Vec<String>, bool) {
        let before = texts(&segs);
        let after = texts(&read_tables(segs));
        let same = after == before;
        (after, same)
    }

    /// Laid out like the primary need codes of the CIN census guide (p.38): code, category,
    /// description; the category and the description wrap.
    fn cin_table() -> Vec<Segment> {
        page(&[
            (
                700.0,
                &[(
                    72.0,
                    "Enter the primary need code, selecting from the table below:",
                )],
            ),
            (
                680.0,
                &[(72.0, "Code"), (110.0, "Category"), (250.0, "Description")],
            ),
            (
                664.0,
                &[
                    (72.0, "N1"),
                    (110.0, "Responding to child"),
                    (250.0, "Local partners review"),
                ],
            ),
            (
                652.0,
                &[
                    (110.0, "criminal exploitation in"),
                    (250.0, "the places where young"),
                ],
            ),
            (
                640.0,
                &[(110.0, "the local area"), (250.0, "people spend time.")],
            ),
            (
                624.0,
                &[
                    (72.0, "N2"),
                    (110.0, "Missing"),
                    (250.0, "Children who go missing"),
                ],
            ),
            (612.0, &[(250.0, "from home or care.")]),
            (
                592.0,
                &[(
                    72.0,
                    "4.6 Closure date of the case, entered in the format of the notes",
                )],
            ),
        ])
    }

    #[test]
    fn a_wrapped_cell_is_read_whole_row_by_row() {
        let (after, same) = read(cin_table());
        assert!(!same);
        assert!(after.contains(
            &"N1\nResponding to child\ncriminal exploitation in\nthe local area\n\
              Local partners review\nthe places where young\npeople spend time."
                .to_string()
        ));
        // the header row, whose cells are one line each, a row whose only wrapping cell is its
        // last, and the text around are left alone
        for t in [
            "Code",
            "Category",
            "Description",
            "N2",
            "Missing",
            "from home or care.",
        ] {
            assert!(after.contains(&t.to_string()), "{t}");
        }
        assert!(after.iter().any(|t| t.starts_with("Enter the primary")));
        assert!(after.iter().any(|t| t.starts_with("4.6 Closure")));
    }

    #[test]
    fn the_rewritten_row_sits_where_the_row_starts_across_the_table() {
        let out = read_tables(cin_table());
        let row = out
            .iter()
            .find(|s| s.text.starts_with("N1\n"))
            .expect("the N1 row");
        let n1 = seg("N1", 72.0, 664.0);
        assert!((row.top() - n1.top()).abs() < 1e-3);
        assert!((row.h - 10.0).abs() < 1e-3);
        assert_eq!(row.x0, 72.0);
        assert_eq!(row.x1, 250.0 + 5.0 * 22.0);
        let chars: usize = [
            "N1",
            "Respondingtochild",
            "criminalexploitationin",
            "thelocalarea",
        ]
        .iter()
        .chain(&[
            "Localpartnersreview",
            "theplaceswhereyoung",
            "peoplespendtime.",
        ])
        .map(|t| t.len())
        .sum();
        assert_eq!(row.chars, chars);
    }

    #[test]
    fn cells_of_one_line_each_are_left_as_they_are() {
        let segs = page(&[
            (
                680.0,
                &[
                    (72.0, "Code"),
                    (110.0, "Name"),
                    (250.0, "Code"),
                    (300.0, "Name"),
                ],
            ),
            (
                664.0,
                &[
                    (72.0, "201"),
                    (110.0, "City of London"),
                    (250.0, "356"),
                    (300.0, "Stockport"),
                ],
            ),
            (
                652.0,
                &[
                    (72.0, "202"),
                    (110.0, "Camden"),
                    (250.0, "357"),
                    (300.0, "Tameside"),
                ],
            ),
        ]);
        assert!(read(segs).1);
    }

    #[test]
    fn a_phrase_is_not_made_of_two_cells_of_one_row() {
        // read across, "county" and "lines of" make "county lines"
        let segs = page(&[
            (
                680.0,
                &[
                    (72.0, "A"),
                    (110.0, "Work in the county"),
                    (250.0, "lines of enquiry"),
                ],
            ),
            (668.0, &[(110.0, "of Kent"), (250.0, "are kept")]),
            (
                652.0,
                &[(72.0, "B"), (110.0, "Other work"), (250.0, "none")],
            ),
        ]);
        let (after, same) = read(segs);
        assert!(!same);
        assert!(after.iter().all(|t| !t.contains("county lines")));
        assert!(
            after.contains(&"A\nWork in the county\nof Kent\nlines of enquiry\nare kept".into())
        );
    }

    #[test]
    fn a_list_whose_items_wrap_reads_the_same_and_is_left_alone() {
        let segs = page(&[
            (
                680.0,
                &[
                    (72.0, "\u{2022}"),
                    (90.0, "peer groups and the places where"),
                ],
            ),
            (668.0, &[(90.0, "young people spend their time")]),
            (
                656.0,
                &[(72.0, "\u{2022}"), (90.0, "schools and transport hubs")],
            ),
            (
                644.0,
                &[(72.0, "2."), (90.0, "the return interview after a child")],
            ),
            (632.0, &[(90.0, "goes missing")]),
        ]);
        assert!(read(segs).1);
    }

    #[test]
    fn a_table_of_contents_is_left_alone() {
        let segs = page(&[
            (
                680.0,
                &[
                    (72.0, "1."),
                    (90.0, "Introduction to the guidance for"),
                    (400.0, "4"),
                ],
            ),
            (668.0, &[(90.0, "local authorities")]),
            (
                656.0,
                &[(72.0, "2."), (90.0, "Primary need codes"), (400.0, "12")],
            ),
            (
                644.0,
                &[
                    (72.0, "3."),
                    (90.0, "Appendix: local authority codes"),
                    (400.0, "72"),
                ],
            ),
            (632.0, &[(90.0, "and names")]),
        ]);
        assert!(read(segs).1);
    }

    #[test]
    fn two_columns_of_running_text_are_left_alone() {
        // the left column has a blank line (a paragraph break) the right one does not
        let l = "practitioners assess the peer groups of a";
        let r = "young people spend time, and they record";
        let segs = page(&[
            (700.0, &[(72.0, l), (300.0, r)]),
            (688.0, &[(72.0, l), (300.0, r)]),
            (676.0, &[(300.0, r)]),
            (664.0, &[(72.0, l), (300.0, r)]),
            (652.0, &[(72.0, l), (300.0, r)]),
        ]);
        assert!(read(segs).1);
    }

    #[test]
    fn a_single_row_is_not_a_table() {
        let segs = page(&[
            (
                680.0,
                &[(72.0, "Department for"), (250.0, "Children in need census")],
            ),
            (668.0, &[(72.0, "Education"), (250.0, "2023 to 2024")]),
            (656.0, &[(250.0, "guide")]),
        ]);
        assert!(read(segs).1);
    }

    #[test]
    fn running_headers_and_footers_are_left_out() {
        let header = || {
            page(&[
                (
                    780.0,
                    &[
                        (72.0, "Department"),
                        (200.0, "Children in need"),
                        (400.0, "Page 5"),
                    ],
                ),
                (768.0, &[(200.0, "census guide")]),
                (
                    756.0,
                    &[(72.0, "2023"), (200.0, "version 1.0"), (400.0, "draft")],
                ),
            ])
        };
        // the same lines in the body would be a table
        assert!(!read(header()).1);
        let mut segs = header();
        for s in &mut segs {
            s.artifact_chars = s.chars;
        }
        assert!(read(segs).1);
    }

    #[test]
    fn text_below_a_table_after_a_gap_is_not_a_cell() {
        let mut segs = cin_table();
        segs.retain(|s| !s.text.starts_with("4.6"));
        segs.push(seg("Source: the census guide", 250.0, 590.0));
        let (after, _) = read(segs);
        assert!(after.contains(&"Source: the census guide".to_string()));
        assert!(after.iter().all(|t| !t.contains("\nSource")));
    }

    #[test]
    fn a_line_across_the_columns_ends_the_table_and_another_may_follow() {
        let segs = page(&[
            (
                680.0,
                &[
                    (72.0, "A"),
                    (110.0, "Work in the county"),
                    (250.0, "lines of enquiry"),
                ],
            ),
            (668.0, &[(110.0, "of Kent"), (250.0, "are kept")]),
            (
                656.0,
                &[(72.0, "B"), (110.0, "Other work"), (250.0, "none")],
            ),
            (
                644.0,
                &[(
                    72.0,
                    "A line of running text that runs across all the columns",
                )],
            ),
            (
                632.0,
                &[
                    (72.0, "C"),
                    (110.0, "Work in the county"),
                    (250.0, "lines of enquiry"),
                ],
            ),
            (620.0, &[(110.0, "of Devon"), (250.0, "are kept")]),
            (
                608.0,
                &[(72.0, "D"), (110.0, "Other work"), (250.0, "none")],
            ),
        ]);
        let (after, _) = read(segs);
        assert!(
            after.contains(&"A\nWork in the county\nof Kent\nlines of enquiry\nare kept".into())
        );
        assert!(
            after.contains(&"C\nWork in the county\nof Devon\nlines of enquiry\nare kept".into())
        );
        assert!(after
            .iter()
            .any(|t| t.starts_with("A line of running text")));
    }

    #[test]
    fn right_aligned_numbers_stay_in_their_column() {
        let segs = page(&[
            (
                680.0,
                &[(72.0, "Area"), (110.0, "Notes"), (250.0, "Children")],
            ),
            (
                664.0,
                &[
                    (72.0, "Merton"),
                    (110.0, "counted twice in the"),
                    (265.0, "1,204"),
                ],
            ),
            (652.0, &[(110.0, "first wave")]),
            (640.0, &[(72.0, "Sutton"), (110.0, "none"), (275.0, "987")]),
        ]);
        let (after, _) = read(segs);
        assert!(after.contains(&"Merton\ncounted twice in the\nfirst wave\n1,204".into()));
    }

    #[test]
    fn a_first_column_cell_that_wraps_stays_whole_when_rows_are_set_apart() {
        // laid out like the data protection definitions of Info_sharing (pp.23-24)
        let segs = page(&[
            (
                700.0,
                &[
                    (72.0, "Consent"),
                    (160.0, "Consent is one of the lawful bases"),
                ],
            ),
            (688.0, &[(160.0, "under Article 6 of the UK GDPR.")]),
            (
                664.0,
                &[(72.0, "Data"), (160.0, "A DPIA is a risk assessment")],
            ),
            (
                652.0,
                &[
                    (72.0, "Protection"),
                    (160.0, "process designed to help you"),
                ],
            ),
            (
                640.0,
                &[(72.0, "Impact"), (160.0, "identify and minimise data")],
            ),
            (
                628.0,
                &[
                    (72.0, "Assessment"),
                    (160.0, "protection risks of a project."),
                ],
            ),
            (
                604.0,
                &[
                    (72.0, "Lawful"),
                    (160.0, "You must have a valid lawful basis"),
                ],
            ),
            (592.0, &[(72.0, "basis")]),
        ]);
        let (after, _) = read(segs);
        assert!(after.contains(
            &"Data\nProtection\nImpact\nAssessment\nA DPIA is a risk assessment\n\
              process designed to help you\nidentify and minimise data\n\
              protection risks of a project."
                .into()
        ));
        assert!(after.contains(&"Lawful\nbasis\nYou must have a valid lawful basis".into()));
    }

    #[test]
    fn a_first_column_of_codes_keeps_a_row_per_line_despite_a_blank_line() {
        let segs = page(&[
            (
                700.0,
                &[
                    (72.0, "201"),
                    (110.0, "Hammersmith and"),
                    (250.0, "356"),
                    (300.0, "Stockport"),
                ],
            ),
            (688.0, &[(110.0, "Fulham")]),
            (
                676.0,
                &[
                    (72.0, "202"),
                    (110.0, "Camden"),
                    (250.0, "357"),
                    (300.0, "Tameside"),
                ],
            ),
            (
                664.0,
                &[
                    (72.0, "203"),
                    (110.0, "Greenwich"),
                    (250.0, "358"),
                    (300.0, "Trafford"),
                ],
            ),
            (
                652.0,
                &[
                    (72.0, "204"),
                    (110.0, "Hackney"),
                    (250.0, "359"),
                    (300.0, "Wigan"),
                ],
            ),
            (
                628.0,
                &[
                    (72.0, "205"),
                    (110.0, "Lambeth"),
                    (250.0, "370"),
                    (300.0, "Barnsley"),
                ],
            ),
        ]);
        let (after, _) = read(segs);
        assert!(after.contains(&"201\nHammersmith and\nFulham\n356\nStockport".into()));
        for t in ["202", "Camden", "Greenwich", "Hackney", "Lambeth"] {
            assert!(after.contains(&t.to_string()), "{t}");
        }
    }

    #[test]
    fn bullets_close_below_each_other_are_rows_of_their_own() {
        // after a gap, as a list after a paragraph: rows set apart, bullets at the line spacing
        let segs = page(&[
            (700.0, &[(72.0, "\u{2022}"), (90.0, "Behaviour in schools")]),
            (
                688.0,
                &[(72.0, "\u{2022}"), (90.0, "Child sexual exploitation")],
            ),
            (664.0, &[(72.0, "\u{2022}"), (90.0, "Child abuse")]),
            (652.0, &[(72.0, "\u{2022}"), (90.0, "Online safety")]),
        ]);
        assert!(read(segs).1);
    }

    #[test]
    fn a_first_row_close_below_a_header_row_is_a_row_of_its_own() {
        // as the year on year checks of the census guide (p.22): the header's first cell
        // wraps, the first row follows at the line spacing, later rows a blank line apart
        let segs = page(&[
            (
                700.0,
                &[
                    (72.0, "Year on"),
                    (130.0, "Description"),
                    (250.0, "Definition"),
                ],
            ),
            (688.0, &[(72.0, "Year")]),
            (676.0, &[(72.0, "check")]),
            (
                664.0,
                &[
                    (72.0, "YonY 01"),
                    (130.0, "Number of children:"),
                    (250.0, "Count of all"),
                ],
            ),
            (652.0, &[(130.0, "checks the number"), (250.0, "year.")]),
            (
                628.0,
                &[
                    (72.0, "YonY 02"),
                    (130.0, "Number of referrals:"),
                    (250.0, "Count of all"),
                ],
            ),
            (616.0, &[(130.0, "checks the number")]),
        ]);
        let (after, _) = read(segs);
        assert!(after.contains(
            &"YonY 01\nNumber of children:\nchecks the number\nCount of all\nyear.".into()
        ));
    }

    #[test]
    fn a_cells_next_paragraph_keeps_the_table_going_when_a_row_follows() {
        let segs = page(&[
            (
                700.0,
                &[
                    (72.0, "A"),
                    (110.0, "First work item"),
                    (250.0, "Count of records"),
                ],
            ),
            (688.0, &[(110.0, "of the year")]),
            (664.0, &[(250.0, "The check will appear")]),
            (
                640.0,
                &[
                    (72.0, "B"),
                    (110.0, "Second work"),
                    (250.0, "Count of referrals"),
                ],
            ),
            (628.0, &[(110.0, "item")]),
        ]);
        let (after, _) = read(segs);
        assert!(after.contains(&"B\nSecond work\nitem\nCount of referrals".into()));
        assert!(after.contains(
            &"A\nFirst work item\nof the year\nCount of records\nThe check will appear".into()
        ));
    }

    #[test]
    fn cells_set_in_the_middle_of_their_row_are_left_alone() {
        // a survey form: answer headers over several lines, the row label in their middle
        let segs = page(&[
            (
                700.0,
                &[
                    (210.0, "Yes - in"),
                    (260.0, "No - not"),
                    (320.0, "(e.g. reasons for"),
                ],
            ),
            (
                688.0,
                &[
                    (210.0, "place"),
                    (260.0, "being"),
                    (320.0, "not implementing,"),
                ],
            ),
            (
                676.0,
                &[
                    (72.0, "Front door thresholds and"),
                    (210.0, "(LIVE)"),
                    (260.0, "used"),
                ],
            ),
            (
                664.0,
                &[
                    (72.0, "assessment"),
                    (210.0, "delivered"),
                    (320.0, "delays"),
                ],
            ),
            (
                640.0,
                &[(72.0, "Family Help"), (210.0, "Yes"), (260.0, "No")],
            ),
            (628.0, &[(72.0, "Lead Practitioner")]),
        ]);
        let r = read(segs);
        assert!(r.1, "{:?}", r.0);
    }

    /// `n` lines 1.9 em apart, each a short segment a little to the right of the one above and
    /// one far to the right: every line starts a candidate that runs down the page, each line
    /// a new column interval, and none is a table (as /tmp/revgen/gen.py's `stairup`).
    fn staircase(n: usize) -> Vec<Segment> {
        let right = 100.0 + 20.0 * n as f32 + 1000.0;
        (0..n)
            .flat_map(|k| {
                let y = 10.0 + 19.0 * (n - k) as f32;
                [seg("ab", 100.0 + 20.0 * k as f32, y), seg("cd", right, y)]
            })
            .collect()
    }

    #[test]
    fn a_candidate_has_at_most_max_columns_column_intervals() {
        let segs = staircase(300);
        let lines = visual_lines(&segs);
        let mut work = Work { spent: 0 };
        let end = region_end(&segs, &lines, 0, 10.0, &mut work);
        // the first line has two intervals, each line below adds one
        assert_eq!(end, Some(MAX_COLUMNS - 1));
    }

    #[test]
    fn the_work_on_a_staircase_grows_with_its_lines_not_their_cube() {
        // without the cap on column intervals every line rescanned the page down to its foot
        // (600 lines: some 200 million steps, 300 lines 8 times fewer); with it, twice the
        // lines cost about twice the work, within the budget
        let (out, small) = read_tables_counted(staircase(300));
        assert_eq!(texts(&out), texts(&staircase(300)));
        let (_, large) = read_tables_counted(staircase(600));
        assert!(large <= WORK_BUDGET, "{large}");
        assert!(
            large * 10 <= small * 25,
            "300 lines: {small}, 600 lines: {large}"
        );
    }

    #[test]
    fn a_page_over_the_work_budget_is_read_without_the_table_reader() {
        // a table, then a staircase of 1,990 lines (3,980 segments) below it, far apart
        let mut segs = cin_table();
        let n = (MAX_SEGMENTS - segs.len()) / 2;
        segs.extend(staircase(n).into_iter().map(|mut s| {
            s.y -= 19.0 * (n as f32 + 40.0);
            s
        }));
        assert!(segs.len() <= MAX_SEGMENTS);
        let before = texts(&segs);
        let (out, spent) = read_tables_counted(segs);
        // the budget is checked line by line: it is passed by one line's work at most
        assert!(spent > WORK_BUDGET);
        assert!(spent <= WORK_BUDGET + 2 * 3 * (MAX_COLUMNS + 2), "{spent}");
        assert_eq!(texts(&out), before);
        // the table alone is read
        assert!(!read(cin_table()).1);
    }

    #[test]
    fn three_columns_of_running_text_are_left_alone() {
        // the left column misses a line (a paragraph break) the others have: that line would
        // go on the row above as its cells' next lines
        let (a, b, c) = (
            "the council will work with partners to",
            "keep young people safe from harm and",
            "outside the home and in the community",
        );
        let mut lines: Vec<(f32, Vec<(f32, &str)>)> = Vec::new();
        for n in 0..12 {
            let y = 700.0 - 12.0 * n as f32;
            let mut l = vec![(220.0, b), (400.0, c)];
            if n != 5 {
                l.insert(0, (40.0, a));
            }
            lines.push((y, l));
        }
        let lines: Vec<(f32, &[(f32, &str)])> =
            lines.iter().map(|(y, l)| (*y, l.as_slice())).collect();
        assert!(read(page(&lines)).1);
    }

    #[test]
    fn a_table_with_one_column_of_long_lines_is_still_a_table() {
        // a code, a short category and a description whose lines are long: one column of
        // long lines is not running text
        let d = "a description that runs over two lines";
        let segs = page(&[
            (700.0, &[(72.0, "A1"), (110.0, "Missing"), (200.0, d)]),
            (688.0, &[(110.0, "children"), (200.0, d)]),
            (676.0, &[(200.0, d)]),
            (660.0, &[(72.0, "A2"), (110.0, "Abuse"), (200.0, d)]),
            (648.0, &[(110.0, "or neglect"), (200.0, d)]),
        ]);
        let (after, same) = read(segs);
        assert!(!same, "{after:?}");
    }
}
