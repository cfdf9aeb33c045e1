//! Chart 3: the year each concept first appears in each nation's documents.

use super::theme::{
    colour, docs_words, draw_text, empty, fail, marker, title, year_axis, DrawResult, Theme, GREY,
    LIGHT_GREY,
};
use crate::report::data::{First, FirstSeen};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Chart 3: for each concept a panel, one row per nation, a marker at the year of first
/// appearance with the year written beside it.
pub(super) fn draw_first<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    f: &FirstSeen,
    t: Theme,
) -> DrawResult<()> {
    title(
        root,
        t,
        &first_title(f),
        "Marker: year of publication of the earliest document that mentions it.",
    )?;
    if f.grid.concepts.is_empty() || f.years.is_empty() {
        return empty(root, t, "No documents or no concepts in this group");
    }
    let body = root.margin(t.px(75.0), t.px(10.0), t.px(10.0), t.px(30.0));
    let panels = body.split_evenly((f.grid.concepts.len(), 1));
    let (y0, y1) = (
        i32::from(*f.years.first().unwrap_or(&2000)),
        i32::from(*f.years.last().unwrap_or(&2000)),
    );
    let label_w = t.px(170.0);
    let n = f.grid.nations.len() as i32;
    for (i, panel) in panels.iter().enumerate() {
        let (pw, _) = panel.dim_in_pixel();
        let plot_width = pw as i32 - 2 * t.px(6.0) - label_w;
        let mut chart = ChartBuilder::on(panel)
            .margin(t.px(6.0))
            .caption(&f.grid.concepts[i].label, t.font(17.0, true))
            .x_label_area_size(t.px(34.0))
            .y_label_area_size(label_w)
            .build_cartesian_2d(
                year_axis(y0, y1, plot_width, t),
                -0.5f64..(f64::from(n) - 0.5),
            )
            .map_err(fail)?;
        let year_fmt = |y: &i32| y.to_string();
        chart
            .configure_mesh()
            .x_label_formatter(&year_fmt)
            .y_labels(0)
            .disable_y_mesh()
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(LIGHT_GREY)
            .label_style(t.text(14.0, false, &BLACK))
            .draw()
            .map_err(fail)?;
        let base = panel.get_base_pixel();
        let local = |p: (i32, i32)| (p.0 - base.0, p.1 - base.1);
        for (j, nation) in f.grid.nations.iter().enumerate() {
            // Rows top to bottom in nation order.
            let row = f64::from(n - 1 - j as i32);
            let at_left = local(chart.backend_coord(&(y0 - 1, row)));
            draw_text(
                panel,
                nation.label(),
                (at_left.0 - t.px(10.0), at_left.1),
                &t.text(14.0, false, &BLACK)
                    .pos(Pos::new(HPos::Right, VPos::Center)),
            )?;
            let style = crate::report::data::nation_style(*nation);
            match f.grid.cells[i][j] {
                First::Year { year, .. } => {
                    let at = local(chart.backend_coord(&(i32::from(year), row)));
                    marker(panel, style, at, t)?;
                    draw_text(
                        panel,
                        &year.to_string(),
                        (at.0 + t.px(12.0), at.1),
                        &t.text(14.0, true, &colour(style))
                            .pos(Pos::new(HPos::Left, VPos::Center)),
                    )?;
                }
                First::NotFound { documents } => {
                    draw_text(
                        panel,
                        &format!("not mentioned in its {}", docs_words(documents)),
                        (at_left.0 + t.px(10.0), at_left.1),
                        &t.text(13.0, false, &GREY)
                            .pos(Pos::new(HPos::Left, VPos::Center)),
                    )?;
                }
                First::NoDocuments => {
                    draw_text(
                        panel,
                        "no documents in the corpus",
                        (at_left.0 + t.px(10.0), at_left.1),
                        &t.text(13.0, false, &GREY)
                            .pos(Pos::new(HPos::Left, VPos::Center)),
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// "First appearance: the year each harm is first mentioned …": named by the concepts' group
/// when they share one, else "each concept".
pub(super) fn first_title(f: &FirstSeen) -> String {
    let group = f.grid.concepts.first().map(|c| c.group.as_str());
    let noun = match group {
        Some(g) if !g.is_empty() && f.grid.concepts.iter().all(|c| c.group == g) => g,
        _ => "concept",
    };
    format!("First appearance: the year each {noun} is first mentioned in a nation's documents")
}
