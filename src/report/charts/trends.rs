//! Chart 1: uptake over time, one panel per trend, one line per nation or concept.

use super::theme::{
    colour, docs, empty, fail, label_every, legend, marker, nice_max, title, DrawResult, Theme,
    LIGHT_GREY,
};
use crate::report::data::{Metric, Trend};
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
    for (panel, tr) in panels.iter().zip(trends) {
        trend_panel(panel, tr, t, trends.len() > 1)?;
    }
    Ok(())
}

fn trend_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    tr: &Trend,
    t: Theme,
    caption: bool,
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
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(t.px(8.0))
        .x_label_area_size(t.px(50.0))
        .y_label_area_size(t.px(70.0));
    if caption {
        let label = tr.title.split(':').next().unwrap_or(&tr.title).to_string();
        builder.caption(label, t.font(17.0, true));
    }
    let mut chart = builder
        // A little room below zero so markers at 0 sit clear of the year labels.
        .build_cartesian_2d((y0 - 1)..(y1 + 1), -ymax * 0.04..ymax * 1.05)
        .map_err(fail)?;
    // Pixels between two years; label every k-th year so labels never touch.
    let spacing =
        f64::from(chart.backend_coord(&(y0 + 1, 0.0)).0 - chart.backend_coord(&(y0, 0.0)).0);
    let every = label_every(
        spacing,
        f64::from(t.width("2020", 14.0, false) + t.px(10.0)),
    );
    let year_fmt = move |y: &i32| {
        if *y < y0 || *y > y1 || (*y - y0) % every != 0 {
            String::new()
        } else {
            y.to_string()
        }
    };
    let nyears = (y1 - y0 + 3) as usize;
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
    chart
        .configure_mesh()
        .x_labels(nyears.min(14))
        .x_label_formatter(&year_fmt)
        .y_labels(6)
        .y_label_formatter(&value_fmt)
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(LIGHT_GREY)
        .label_style(t.text(14.0, false, &BLACK))
        .axis_desc_style(t.text(15.0, false, &BLACK))
        .x_desc("Year of publication")
        .y_desc(tr.metric.axis_label())
        .draw()
        .map_err(fail)?;
    // Series that share a point would hide each other: dodge each a few pixels sideways.
    let base = area.get_base_pixel();
    let nseries = tr.series.len() as f64;
    // At most 4 px apart, and all of them within 40% of the space between two years.
    let step = (4.0 * t.s).min(0.4 * spacing / nseries.max(1.0));
    for (rank, s) in tr.series.iter().enumerate() {
        let c = colour(s.style);
        let dx = ((rank as f64 - (nseries - 1.0) / 2.0) * step).round() as i32;
        let points: Vec<Option<(i32, i32)>> = tr
            .years
            .iter()
            .zip(&s.cells)
            .map(|(&y, cell)| {
                cell.value(tr.metric).map(|v| {
                    let at = chart.backend_coord(&(i32::from(y), v));
                    (at.0 - base.0 + dx, at.1 - base.1)
                })
            })
            .collect();
        // Lines only between consecutive years that both have documents: a gap stays a gap.
        for run in points.split(|p| p.is_none()) {
            let run: Vec<(i32, i32)> = run.iter().flatten().copied().collect();
            if run.len() > 1 {
                area.draw(&PathElement::new(run, c.stroke_width(t.upx(2.5))))
                    .map_err(fail)?;
            }
        }
        for p in points.iter().flatten() {
            marker(area, s.style, *p, t)?;
        }
    }
    Ok(())
}
