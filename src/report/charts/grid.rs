//! Small multiples: one small trend panel per concept, in a grid, one line each (all nations
//! together). The report's "harms over time": the share of documents naming each harm, by year.

use super::theme::{empty, point_key, point_key_width, title, DrawResult, Theme};
use super::trends::{trend_panel, PanelStyle};
use crate::report::data::{Metric, Trend};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Panels per row.
pub(super) fn columns(n: usize) -> usize {
    n.clamp(1, 3)
}

/// Rows of panels.
pub(super) fn rows(n: usize) -> usize {
    n.max(1).div_ceil(columns(n))
}

/// Draw `trends` (each with one series) as a grid of panels, each captioned with its series.
pub(super) fn draw_grid<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    heading: &str,
    trends: &[Trend],
    t: Theme,
) -> DrawResult<()> {
    let Some(first) = trends.first() else {
        title(root, t, heading, "")?;
        return empty(root, t, "No concepts in this group");
    };
    let shares = first.metric == Metric::Documents;
    let note = format!(
        "Each point: all documents published that year, every nation together ({}). No point: no documents that year.",
        first.metric.short()
    );
    title(root, t, heading, &note)?;
    let (w, _) = root.dim_in_pixel();
    let key_w = point_key_width(t) + t.px(20.0);
    point_key(root, t, (w as i32 - key_w, t.px(100.0)), shares)?;
    let body = root.margin(t.px(80.0), t.px(10.0), t.px(10.0), key_w);
    let n = trends.len();
    let cells = body.split_evenly((rows(n), columns(n)));
    for (cell, tr) in cells.iter().zip(trends) {
        let caption = tr.series.first().map(|s| s.label.as_str());
        trend_panel(
            cell,
            tr,
            t,
            PanelStyle {
                caption,
                axis_titles: false,
            },
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_is_at_most_three_wide() {
        assert_eq!((columns(1), rows(1)), (1, 1));
        assert_eq!((columns(2), rows(2)), (2, 1));
        assert_eq!((columns(3), rows(3)), (3, 1));
        assert_eq!((columns(13), rows(13)), (3, 5));
        assert_eq!((columns(0), rows(0)), (1, 1));
    }
}
