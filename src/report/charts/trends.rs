//! Chart 1: uptake over time, one panel per trend, one line per nation or concept.

use super::theme::{
    colour, docs, empty, fail, interval_bar, legend, marker_as, nice_max, point_key,
    point_key_width, title, year_axis, DrawResult, Mark, Theme, LIGHT_GREY,
};
use crate::report::data::{Cell, Metric, Trend};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Chart 1: one panel per trend, years on x, one line per series, gaps where a series has no
/// documents in a year.
pub(super) fn draw_trends<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    trends: &[Trend],
    t: Theme,
) -> DrawResult<()> {
    let Some(first) = trends.first() else {
        return empty(root, t, "No concepts selected");
    };
    let heading = if trends.len() == 1 {
        first.title.clone()
    } else {
        format!("Uptake over time: {}", first.metric.short())
    };
    let note = if first.legend == "Nation" {
        "Each point: that nation's documents published that year. No point: no documents from that nation that year."
    } else {
        "Each point: all documents published that year. No point: no documents that year."
    };
    title(root, t, &heading, note)?;
    let (w, _) = root.dim_in_pixel();
    // A shared legend of every series in any panel, as wide as its widest label.
    let mut entries: Vec<(String, usize)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for tr in trends {
        for s in &tr.series {
            if !seen.contains(&s.label.as_str()) {
                seen.push(&s.label);
                let n = if tr.legend == "Nation" {
                    docs(s.documents())
                } else {
                    let k: u64 = s.cells.iter().map(|c| c.mentioning).sum();
                    format!("{k} of {}", docs(s.documents()))
                };
                entries.push((format!("{} ({n})", s.label), s.style));
            }
        }
    }
    entries.sort_by_key(|e| e.1);
    let legend_w = entries
        .iter()
        .map(|(l, _)| t.width(l, 15.0, false))
        .max()
        .unwrap_or(0)
        .max(t.width(&first.legend, 15.0, true))
        .max(point_key_width(t) - t.px(40.0))
        + t.px(70.0);
    let body = root.margin(t.px(80.0), t.px(20.0), t.px(10.0), legend_w);
    let panels = body.split_evenly((trends.len(), 1));
    legend(
        root,
        t,
        (w as i32 - legend_w + t.px(10.0), t.px(100.0)),
        &first.legend,
        &entries,
        true,
    )?;
    point_key(
        root,
        t,
        (
            w as i32 - legend_w + t.px(10.0),
            t.px(100.0 + 30.0 + 26.0 * entries.len() as f64 + 16.0),
        ),
        first.metric == Metric::Documents,
    )?;
    for (panel, tr) in panels.iter().zip(trends) {
        // Several panels: each captioned with its trend's title before the colon.
        let caption = (trends.len() > 1).then(|| tr.title.split(':').next().unwrap_or(&tr.title));
        let style = PanelStyle {
            caption,
            axis_titles: true,
        };
        trend_panel(panel, tr, t, style)?;
    }
    Ok(())
}

/// How a trend panel is drawn.
#[derive(Debug, Clone, Copy)]
pub(super) struct PanelStyle<'a> {
    /// The panel's caption, if any.
    pub(super) caption: Option<&'a str>,
    /// Axis titles ("Year of publication", the measure): off in small multiples, where the
    /// figure's title and note say them once.
    pub(super) axis_titles: bool,
}

pub(super) fn trend_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    tr: &Trend,
    t: Theme,
    style: PanelStyle<'_>,
) -> DrawResult<()> {
    if tr.years.is_empty() || tr.series.is_empty() {
        return empty(area, t, "No documents in the corpus");
    }
    let (y0, y1) = (
        i32::from(*tr.years.first().unwrap_or(&2000)),
        i32::from(*tr.years.last().unwrap_or(&2000)),
    );
    let ymax = match tr.metric {
        Metric::Documents => 100.0,
        _ => nice_max(tr.max_value()),
    };
    let shares = tr.metric == Metric::Documents;
    let (margin, x_area, y_area) = if style.axis_titles {
        (8.0, 50.0, 70.0)
    } else {
        (6.0, 30.0, 48.0)
    };
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(t.px(margin))
        .x_label_area_size(t.px(x_area))
        .y_label_area_size(t.px(y_area));
    if let Some(label) = style.caption {
        builder.caption(label, t.font(17.0, true));
    }
    let (w, _) = area.dim_in_pixel();
    let plot_width = w as i32 - 2 * t.px(margin) - t.px(y_area);
    let mut chart = builder
        // A little room below zero so markers at 0 sit clear of the year labels.
        .build_cartesian_2d(year_axis(y0, y1, plot_width, t), -ymax * 0.04..ymax * 1.05)
        .map_err(fail)?;
    // Pixels between two years.
    let spacing =
        f64::from(chart.backend_coord(&(y0 + 1, 0.0)).0 - chart.backend_coord(&(y0, 0.0)).0);
    let value_fmt = |v: &f64| match tr.metric {
        _ if *v < 0.0 => String::new(),
        Metric::Documents => format!("{v:.0}%"),
        Metric::Mentions => format!("{v:.0}"),
        Metric::Per10k => {
            if ymax >= 10.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        }
    };
    let year_fmt = |y: &i32| y.to_string();
    let mut mesh = chart.configure_mesh();
    mesh.x_label_formatter(&year_fmt)
        .y_labels(6)
        .y_label_formatter(&value_fmt)
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(LIGHT_GREY)
        .label_style(t.text(14.0, false, &BLACK))
        .axis_desc_style(t.text(15.0, false, &BLACK));
    if style.axis_titles {
        mesh.x_desc("Year of publication")
            .y_desc(tr.metric.axis_label());
    }
    mesh.draw().map_err(fail)?;
    // Series that share a point would hide each other: dodge each a few pixels sideways
    // (further apart when each carries an interval bar).
    let base = area.get_base_pixel();
    let nseries = tr.series.len() as f64;
    // At most 4 px apart (7 with bars), and all within 40% of the space between two years.
    let most = if shares { 7.0 } else { 4.0 };
    let step = (most * t.s).min(0.4 * spacing / nseries.max(1.0));
    let local = |p: (i32, i32)| (p.0 - base.0, p.1 - base.1);
    for (rank, s) in tr.series.iter().enumerate() {
        let c = colour(s.style);
        let dx = ((rank as f64 - (nseries - 1.0) / 2.0) * step).round() as i32;
        let points: Vec<Option<(i32, i32, &Cell)>> = tr
            .years
            .iter()
            .zip(&s.cells)
            .map(|(&y, cell)| {
                cell.value(tr.metric).map(|v| {
                    let at = local(chart.backend_coord(&(i32::from(y), v)));
                    (at.0 + dx, at.1, cell)
                })
            })
            .collect();
        // Lines only between consecutive years that both have documents: a gap stays a gap.
        for run in points.split(|p| p.is_none()) {
            let run: Vec<(i32, i32)> = run.iter().flatten().map(|p| (p.0, p.1)).collect();
            if run.len() > 1 {
                area.draw(&PathElement::new(run, c.stroke_width(t.upx(2.5))))
                    .map_err(fail)?;
            }
        }
        // The 95% interval of each share, under the markers.
        if shares {
            for (&y, cell) in tr.years.iter().zip(&s.cells) {
                let Some((lo, hi)) = share_interval(cell) else {
                    continue;
                };
                let top = local(chart.backend_coord(&(i32::from(y), hi)));
                let bottom = local(chart.backend_coord(&(i32::from(y), lo)));
                interval_bar(area, s.style, top.0 + dx, (top.1, bottom.1), t)?;
            }
        }
        for (x, y, cell) in points.iter().flatten() {
            marker_as(
                area,
                s.style,
                (*x, *y),
                t,
                Mark::for_documents(cell.documents),
            )?;
        }
    }
    Ok(())
}

/// The 95% Wilson interval of a cell's share, in percent (the `share_low`, `share_high` of
/// `count --by`); `None` for an empty cell.
pub(super) fn share_interval(cell: &Cell) -> Option<(f64, f64)> {
    crate::stats::wilson(cell.mentioning, cell.documents).map(|(l, h)| (l * 100.0, h * 100.0))
}
