//! The report's collocates chart: for one approach, a panel per wave with its top words as
//! horizontal bars of G², MI written after each bar.

use super::theme::{colour, draw_text, fail, title, DrawResult, Theme, GREY};
use crate::report::talk::ApproachCollocates;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const BAR_ROW: f64 = 26.0;
const PANEL_W: f64 = 440.0;
const BARS_TOP: f64 = 110.0;

pub(super) fn collocates_size(a: &ApproachCollocates) -> (u32, u32) {
    let rows = a.waves.iter().map(|w| w.2.len()).max().unwrap_or(0).max(3);
    let panels = a.waves.len().max(1);
    let w = 40.0 + PANEL_W * panels as f64;
    let h = BARS_TOP + BAR_ROW * rows as f64 + 50.0;
    (w.max(720.0) as u32, h as u32)
}

pub(super) fn draw_collocates<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    label: &str,
    a: &ApproachCollocates,
) -> DrawResult<()> {
    title(
        root,
        t,
        &format!("{label}: the words around it, by wave"),
        "Bar length: log-likelihood G² (higher = more strongly tied to the approach); MI written after it.",
    )?;
    let max = a
        .waves
        .iter()
        .flat_map(|w| w.2.iter().map(|c| c.ll))
        .fold(0.0f64, f64::max);
    let word_w = 130.0;
    for (p, (wave, near, list)) in a.waves.iter().enumerate() {
        let x0 = t.px(24.0 + PANEL_W * p as f64);
        let colour = colour(p);
        draw_text(
            root,
            &format!("Wave {wave} ({near} words near)"),
            (x0, t.px(BARS_TOP - 30.0)),
            &t.text(16.0, true, &BLACK),
        )?;
        if list.is_empty() {
            draw_text(
                root,
                "no word near it often enough",
                (x0, t.px(BARS_TOP + 4.0)),
                &t.text(14.0, false, &GREY),
            )?;
            continue;
        }
        let bar_x = x0 + t.px(word_w);
        let bar_max = PANEL_W - word_w - 110.0;
        for (i, c) in list.iter().enumerate() {
            let y = t.px(BARS_TOP + BAR_ROW * i as f64);
            draw_text(
                root,
                &c.word,
                (bar_x - t.px(8.0), y + t.px(BAR_ROW / 2.0)),
                &t.text(14.0, false, &BLACK)
                    .pos(Pos::new(HPos::Right, VPos::Center)),
            )?;
            let len = if max > 0.0 { c.ll / max * bar_max } else { 0.0 };
            let x1 = bar_x + t.px(len.max(1.0));
            root.draw(&Rectangle::new(
                [(bar_x, y + t.px(4.0)), (x1, y + t.px(BAR_ROW - 4.0))],
                colour.filled(),
            ))
            .map_err(fail)?;
            draw_text(
                root,
                &format!("{:.1}  MI {:.2}", c.ll, c.mi),
                (x1 + t.px(6.0), y + t.px(BAR_ROW / 2.0)),
                &t.text(12.0, false, &GREY)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            )?;
        }
    }
    Ok(())
}
