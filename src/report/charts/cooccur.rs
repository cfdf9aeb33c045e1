//! The report's approach × harm heatmap ("How the approaches are talked about"): the share of
//! each approach's paragraphs that also name each harm, on a 0–100% heat scale, harms'
//! labels wrapped over up to three lines.

use super::theme::{
    draw_text, fail, heat_cell, heat_colour, ink_on, title, DrawResult, Theme, GREY, LIGHT_GREY,
};
use crate::report::talk::Heat;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Break `label` into lines of at most `max` logical pixels at `size` (at most 3 lines, the
/// last cut with an ellipsis).
fn wrap(label: &str, max: i32, size: f64) -> Vec<String> {
    let t = Theme { s: 1.0 };
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in label.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if t.width(&candidate, size, false) > max && !cur.is_empty() {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > 3 {
        lines.truncate(3);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

const HEAT_COL: f64 = 92.0;
const HEAT_ROW: f64 = 48.0;
const HEAT_TOP: f64 = 150.0;

fn heat_left(heat: &Heat) -> f64 {
    let t = Theme { s: 1.0 };
    f64::from(
        heat.rows
            .iter()
            .map(|(_, l)| t.width(l, 16.0, false))
            .max()
            .unwrap_or(100),
    ) + 36.0
}

pub(super) fn cooccur_size(heat: &Heat) -> (u32, u32) {
    let w = heat_left(heat) + HEAT_COL * heat.columns.len().max(1) as f64 + 120.0;
    let h = HEAT_TOP + HEAT_ROW * heat.rows.len().max(1) as f64 + 60.0;
    (w.max(720.0) as u32, h as u32)
}

pub(super) fn draw_cooccur<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    heat: &Heat,
) -> DrawResult<()> {
    title(
        root,
        t,
        "Approaches and harms named in the same paragraph",
        "Each cell: the share of the approach's paragraphs that also name the harm. Darker = more.",
    )?;
    let left = t.px(heat_left(heat));
    let (top, colw, rowh) = (t.px(HEAT_TOP), t.px(HEAT_COL), t.px(HEAT_ROW));
    for (j, (_, label)) in heat.columns.iter().enumerate() {
        let x = left + colw * j as i32 + colw / 2;
        let lines = wrap(label, (HEAT_COL - 6.0) as i32, 12.0);
        let n = lines.len() as i32;
        for (k, line) in lines.iter().enumerate() {
            draw_text(
                root,
                line,
                (x, top - t.px(10.0) - t.px(15.0) * (n - 1 - k as i32)),
                &t.text(12.0, false, &BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )?;
        }
    }
    for (i, ((_, label), row)) in heat.rows.iter().zip(&heat.cells).enumerate() {
        let y = top + rowh * i as i32;
        let n = row.first().map_or(0, |c| c.windows);
        draw_text(
            root,
            label,
            (left - t.px(12.0), y + rowh / 2 - t.px(8.0)),
            &t.text(16.0, false, &BLACK)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        )?;
        draw_text(
            root,
            &format!("{n} paragraphs"),
            (left - t.px(12.0), y + rowh / 2 + t.px(11.0)),
            &t.text(12.0, false, &GREY)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        )?;
        for (j, cell) in row.iter().enumerate() {
            let x = left + colw * j as i32;
            let share = cell.share();
            let fill = share.map_or(LIGHT_GREY, heat_colour);
            let label = share.map_or("–".to_string(), |v| format!("{:.0}%", v * 100.0));
            let style = t.centred(15.0, false, &ink_on(fill));
            heat_cell(root, ((x, y), (colw, rowh)), fill, &label, &style)?;
        }
    }
    // Colour bar: 0% to 100%.
    let bx = left + colw * heat.columns.len() as i32 + t.px(28.0);
    let bh = (rowh * heat.rows.len() as i32).max(t.px(100.0));
    let steps = 40;
    for k in 0..steps {
        let y0 = top + bh - bh * (k + 1) / steps;
        let y1 = top + bh - bh * k / steps;
        root.draw(&Rectangle::new(
            [(bx, y0), (bx + t.px(18.0), y1)],
            heat_colour(f64::from(k) / f64::from(steps - 1)).filled(),
        ))
        .map_err(fail)?;
    }
    let small = t
        .text(13.0, false, &BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    draw_text(root, "100%", (bx + t.px(24.0), top), &small)?;
    draw_text(root, "0%", (bx + t.px(24.0), top + bh), &small)?;
    Ok(())
}
