//! Chart 4: the first analysis against the cumulative corpus of the update.

use super::theme::{
    docs_words, draw_text, empty, fail, legend_boxes, title, DrawResult, Theme, LIGHT_GREY, PALETTE,
};
use crate::report::data::WaveCompare;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Chart 4: per concept a panel; per nation a stacked bar of the documents that mention the
/// concept: those of the first analysis, and those the update added. "k of N" above each bar
/// is the cumulative corpus.
pub(super) fn draw_waves<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    w: &WaveCompare,
    t: Theme,
) -> DrawResult<()> {
    let mut note = format!(
        "Bar: documents mentioning it in the cumulative {} corpus (wave ≤ {}); label: k of N documents.",
        w.update, w.update
    );
    if w.unwaved > 0 {
        note.push_str(&format!(
            " Not included: {} without a wave.",
            docs_words(w.unwaved)
        ));
    }
    title(
        root,
        t,
        &if w.baseline == w.update {
            format!("The {} analysis (the only wave in the corpus)", w.baseline)
        } else {
            format!("The {} analysis and the {} update", w.baseline, w.update)
        },
        &note,
    )?;
    if w.grid.concepts.is_empty() || w.grid.nations.is_empty() {
        return empty(root, t, "No documents with a wave");
    }
    let (width, _) = root.dim_in_pixel();
    let legend_w = t.px(220.0);
    let mut entries = vec![(format!("In the {} analysis", w.baseline), 0)];
    if w.update != w.baseline {
        entries.push((format!("Added in the {} update", w.update), 1));
    }
    legend_boxes(
        root,
        t,
        (width as i32 - legend_w + t.px(10.0), t.px(100.0)),
        &entries,
    )?;
    let body = root.margin(t.px(80.0), t.px(10.0), t.px(10.0), legend_w);
    let panels = body.split_evenly((w.grid.concepts.len(), 1));
    let ymax = w
        .grid
        .cells
        .iter()
        .flatten()
        .map(|c| c.cumulative.mentioning)
        .max()
        .unwrap_or(0);
    let ytop = (ymax as f64 * 1.25).max(ymax as f64 + 1.0).ceil();
    let n = w.grid.nations.len() as f64;
    for (i, panel) in panels.iter().enumerate() {
        let mut chart = ChartBuilder::on(panel)
            .margin(t.px(6.0))
            .caption(&w.grid.concepts[i].label, t.font(17.0, true))
            .x_label_area_size(t.px(36.0))
            .y_label_area_size(t.px(70.0))
            .build_cartesian_2d(-0.5f64..(n - 0.5), 0f64..ytop)
            .map_err(fail)?;
        let int_fmt = |v: &f64| {
            if (v - v.round()).abs() < 1e-9 {
                format!("{v:.0}")
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .x_labels(0)
            .disable_x_mesh()
            .y_labels((ytop as usize + 1).min(6))
            .y_label_formatter(&int_fmt)
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(LIGHT_GREY)
            .label_style(t.text(14.0, false, &BLACK))
            .axis_desc_style(t.text(14.0, false, &BLACK))
            .y_desc("Documents mentioning it")
            .draw()
            .map_err(fail)?;
        let base = panel.get_base_pixel();
        let local = |p: (i32, i32)| (p.0 - base.0, p.1 - base.1);
        for (j, nation) in w.grid.nations.iter().enumerate() {
            let c = &w.grid.cells[i][j];
            let x = j as f64;
            let (b, a) = (c.baseline.mentioning as f64, c.added.mentioning as f64);
            chart
                .draw_series([
                    Rectangle::new([(x - 0.3, 0.0), (x + 0.3, b)], PALETTE[0].filled()),
                    Rectangle::new([(x - 0.3, b), (x + 0.3, b + a)], PALETTE[1].filled()),
                ])
                .map_err(fail)?;
            let top = local(chart.backend_coord(&(x, b + a)));
            draw_text(
                panel,
                &c.cumulative.k_of_n(),
                (top.0, top.1 - t.px(10.0)),
                &t.text(13.0, false, &BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )?;
            let bottom = local(chart.backend_coord(&(x, 0.0)));
            draw_text(
                panel,
                nation.label(),
                (bottom.0, bottom.1 + t.px(10.0)),
                &t.text(14.0, false, &BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Top)),
            )?;
        }
    }
    Ok(())
}
