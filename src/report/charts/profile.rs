//! Chart 2: the heatmap of concepts by nation.

use super::theme::{
    docs, draw_text, empty, fail, heat_cell, heat_colour, ink_on, title, DrawResult, Theme, GREY,
    LIGHT_GREY, SMALL_N, WARN,
};
use super::trends::share_interval;
use crate::report::data::{format_value, Cell, Metric, Profile};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Chart 2: a heatmap, concepts in rows, nations in columns, the value printed in each cell.
pub(super) fn draw_profile<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Profile,
    t: Theme,
) -> DrawResult<()> {
    let note = if p.metric == Metric::Documents {
        "Darker = more. Each cell: the share of that nation's documents (its 95% Wilson interval)."
    } else {
        "Darker = more. Each cell: all that nation's documents in the corpus."
    };
    title(root, t, &p.title, note)?;
    if p.grid.concepts.is_empty() || p.grid.nations.is_empty() {
        return empty(root, t, "No documents or no concepts in this group");
    }
    let left = labels_width(p, t).unwrap_or(0) + t.px(40.0);
    let (top, colw, rowh) = (t.px(125.0), t.px(160.0), t.px(44.0));
    let max = p.max_value();
    for (j, n) in p.grid.nations.iter().enumerate() {
        let ndocs = p
            .grid
            .cells
            .first()
            .and_then(|r| r.get(j))
            .map(|c| c.documents);
        let x = left + colw * j as i32 + colw / 2;
        draw_text(
            root,
            n.label(),
            (x, top - t.px(32.0)),
            &t.centred(17.0, true, &BLACK),
        )?;
        // A nation with few documents says so under its name: its cells are weak evidence.
        let n = ndocs.unwrap_or(0);
        let (text, size, ink) = if n < SMALL_N {
            (format!("{}: fewer than {SMALL_N}", docs(n)), 12.0, WARN)
        } else {
            (docs(n), 14.0, GREY)
        };
        draw_text(
            root,
            &text,
            (x, top - t.px(12.0)),
            &t.centred(size, false, &ink),
        )?;
    }
    for (i, c) in p.grid.concepts.iter().enumerate() {
        let y = top + rowh * i as i32;
        draw_text(
            root,
            &c.label,
            (left - t.px(12.0), y + rowh / 2),
            &t.text(17.0, false, &BLACK)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        )?;
        for (j, cell) in p.grid.cells[i].iter().enumerate() {
            let x = left + colw * j as i32;
            let value = cell.value(p.metric);
            let fill = match value {
                Some(v) if max > 0.0 => heat_colour(v / max),
                Some(_) => heat_colour(0.0),
                None => LIGHT_GREY,
            };
            let (label, ink) = match value {
                Some(v) => (cell_label(cell, p.metric, v), ink_on(fill)),
                None => ("no words".to_string(), GREY),
            };
            let style = t.centred(16.0, false, &ink);
            heat_cell(root, ((x, y), (colw, rowh)), fill, &label, &style)?;
        }
    }
    // Colour bar.
    let bx = left + colw * p.grid.nations.len() as i32 + t.px(30.0);
    if max <= 0.0 {
        // Nothing is mentioned: a scale from 0 to 0 says nothing; say so in words.
        return no_mentions(root, t, (bx, top));
    }
    let bh = (rowh * p.grid.concepts.len() as i32).max(t.px(120.0));
    let steps = 50;
    for k in 0..steps {
        let y = top + bh - bh * (k + 1) / steps;
        root.draw(&Rectangle::new(
            [(bx, y), (bx + t.px(20.0), top + bh - bh * k / steps)],
            heat_colour(f64::from(k) / f64::from(steps - 1)).filled(),
        ))
        .map_err(fail)?;
    }
    let small = t
        .text(13.0, false, &BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    draw_text(
        root,
        &format_value(p.metric, max),
        (bx + t.px(26.0), top),
        &small,
    )?;
    draw_text(
        root,
        &format_value(p.metric, 0.0),
        (bx + t.px(26.0), top + bh),
        &small,
    )?;
    let unit = match p.metric {
        Metric::Per10k => "per 10,000 words",
        Metric::Documents => "% of documents",
        Metric::Mentions => "mentions",
    };
    draw_text(
        root,
        unit,
        (bx, top + bh + t.px(22.0)),
        &t.text(13.0, false, &GREY),
    )?;
    Ok(())
}

/// The key of a heatmap in which every cell is zero (or empty).
pub(super) const NO_MENTIONS: &str = "no mentions";

fn no_mentions<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    (x, y): (i32, i32),
) -> DrawResult<()> {
    draw_text(
        root,
        NO_MENTIONS,
        (x, y),
        &t.text(15.0, true, &BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center)),
    )?;
    draw_text(
        root,
        "in these documents",
        (x, y + t.px(20.0)),
        &t.text(13.0, false, &GREY)
            .pos(Pos::new(HPos::Left, VPos::Center)),
    )
}

/// A cell's printed value; a share with its 95% Wilson interval: "50% (9–91)".
pub(super) fn cell_label(cell: &Cell, metric: Metric, v: f64) -> String {
    match (metric, share_interval(cell)) {
        (Metric::Documents, Some((lo, hi))) => {
            format!("{} ({lo:.0}–{hi:.0})", format_value(metric, v))
        }
        _ => format_value(metric, v),
    }
}

/// The width of the widest concept label (the rows' labels), if there is a concept.
pub(super) fn labels_width(p: &Profile, t: Theme) -> Option<i32> {
    p.grid
        .concepts
        .iter()
        .map(|c| t.width(&c.label, 17.0, false))
        .max()
}
