//! The charts of "How the approaches are talked about" ([`super::talk`]): the approach × harm
//! heatmap and each approach's collocates by wave (horizontal bars of G², MI written beside).
//! Same conventions as [`super::charts`]: SVG at 1×, PNG at 2×, the embedded font, the
//! YlGnBu heat scale and the Okabe–Ito palette, a footnote strip for illustrative data.

use super::charts::{encode_png, heat_colour, PALETTE};
use super::font;
use super::talk::{ApproachCollocates, Heat};
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

type DrawResult<T> = std::result::Result<T, String>;

const GREY: RGBColor = RGBColor(0x66, 0x66, 0x66);
const LIGHT_GREY: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
const FOOTNOTE_H: f64 = 28.0;

#[derive(Clone, Copy)]
struct Scale(f64);

impl Scale {
    fn px(self, v: f64) -> i32 {
        (v * self.0).round() as i32
    }
    fn text(self, size: f64, bold: bool, colour: &RGBColor) -> TextStyle<'static> {
        font::ensure_registered();
        let style = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(FontFamily::Name(font::FAMILY), size * self.0, style).color(colour)
    }
    fn width(self, text: &str, size: f64) -> i32 {
        font::ensure_registered();
        FontDesc::new(
            FontFamily::Name(font::FAMILY),
            size * self.0,
            FontStyle::Normal,
        )
        .box_size(text)
        .map(|(w, _)| w as i32)
        .unwrap_or((text.chars().count() as f64 * size * 0.6 * self.0) as i32)
    }
}

fn fail<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

fn chart_error(e: String) -> Error {
    Error::Usage(format!("could not draw the chart: {e}"))
}

fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    at: (i32, i32),
    style: &TextStyle<'_>,
) -> DrawResult<()> {
    area.draw(&Text::new(s.to_string(), at, style.clone()))
        .map_err(fail)
}

/// A chart's logical size and drawing function, rendered as SVG or PNG with the footnote.
fn svg<F>(size: (u32, u32), footnote: Option<&str>, draw: F) -> Result<String>
where
    F: Fn(&DrawingArea<SVGBackend<'_>, Shift>, Scale) -> DrawResult<()>,
{
    let h = size.1 + footnote.map_or(0, |_| FOOTNOTE_H as u32);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (size.0, h)).into_drawing_area();
        with_footnote(&root, Scale(1.0), footnote, &draw).map_err(chart_error)?;
        root.present().map_err(|e| chart_error(e.to_string()))?;
    }
    Ok(out)
}

fn png<F>(size: (u32, u32), footnote: Option<&str>, draw: F) -> Result<Vec<u8>>
where
    F: Fn(&DrawingArea<BitMapBackend<'_>, Shift>, Scale) -> DrawResult<()>,
{
    let (w, h) = (
        size.0 * 2,
        (size.1 + footnote.map_or(0, |_| FOOTNOTE_H as u32)) * 2,
    );
    let mut buf = vec![0u8; (w as usize) * (h as usize) * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        with_footnote(&root, Scale(2.0), footnote, &draw).map_err(chart_error)?;
        root.present().map_err(|e| chart_error(e.to_string()))?;
    }
    let mut out = Vec::new();
    encode_png(&mut out, w, h, &buf).map_err(|e| chart_error(e.to_string()))?;
    Ok(out)
}

fn with_footnote<DB: DrawingBackend, F>(
    root: &DrawingArea<DB, Shift>,
    s: Scale,
    footnote: Option<&str>,
    draw: &F,
) -> DrawResult<()>
where
    F: Fn(&DrawingArea<DB, Shift>, Scale) -> DrawResult<()>,
{
    root.fill(&WHITE).map_err(fail)?;
    let Some(note) = footnote else {
        return draw(root, s);
    };
    let (_, h) = root.dim_in_pixel();
    let (main, foot) = root.split_vertically(h as i32 - s.px(FOOTNOTE_H));
    draw(&main, s)?;
    text(
        &foot,
        note,
        (s.px(24.0), s.px(4.0)),
        &s.text(14.0, true, &RGBColor(0xA0, 0x40, 0x00)),
    )
}

fn title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: Scale,
    heading: &str,
    note: &str,
) -> DrawResult<()> {
    text(
        root,
        heading,
        (s.px(24.0), s.px(18.0)),
        &s.text(22.0, true, &BLACK),
    )?;
    text(
        root,
        note,
        (s.px(24.0), s.px(50.0)),
        &s.text(14.0, false, &GREY),
    )
}

/// Break `label` into lines of at most `max` logical pixels at `size` (at most 3 lines, the
/// last cut with an ellipsis).
fn wrap(label: &str, max: i32, size: f64) -> Vec<String> {
    let s = Scale(1.0);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in label.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if s.width(&candidate, size) > max && !cur.is_empty() {
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
    let s = Scale(1.0);
    f64::from(
        heat.rows
            .iter()
            .map(|(_, l)| s.width(l, 16.0))
            .max()
            .unwrap_or(100),
    ) + 36.0
}

fn heat_size(heat: &Heat) -> (u32, u32) {
    let w = heat_left(heat) + HEAT_COL * heat.columns.len().max(1) as f64 + 120.0;
    let h = HEAT_TOP + HEAT_ROW * heat.rows.len().max(1) as f64 + 60.0;
    (w.max(720.0) as u32, h as u32)
}

fn draw_heat<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: Scale,
    heat: &Heat,
) -> DrawResult<()> {
    title(
        root,
        s,
        "Approaches and harms named in the same paragraph",
        "Each cell: the share of the approach's paragraphs that also name the harm. Darker = more.",
    )?;
    let left = s.px(heat_left(heat));
    let (top, colw, rowh) = (s.px(HEAT_TOP), s.px(HEAT_COL), s.px(HEAT_ROW));
    for (j, (_, label)) in heat.columns.iter().enumerate() {
        let x = left + colw * j as i32 + colw / 2;
        let lines = wrap(label, (HEAT_COL - 6.0) as i32, 12.0);
        let n = lines.len() as i32;
        for (k, line) in lines.iter().enumerate() {
            text(
                root,
                line,
                (x, top - s.px(10.0) - s.px(15.0) * (n - 1 - k as i32)),
                &s.text(12.0, false, &BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )?;
        }
    }
    for (i, ((_, label), row)) in heat.rows.iter().zip(&heat.cells).enumerate() {
        let y = top + rowh * i as i32;
        let n = row.first().map_or(0, |c| c.windows);
        text(
            root,
            label,
            (left - s.px(12.0), y + rowh / 2 - s.px(8.0)),
            &s.text(16.0, false, &BLACK)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        )?;
        text(
            root,
            &format!("{n} paragraphs"),
            (left - s.px(12.0), y + rowh / 2 + s.px(11.0)),
            &s.text(12.0, false, &GREY)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        )?;
        for (j, cell) in row.iter().enumerate() {
            let x = left + colw * j as i32;
            let share = cell.share();
            let fill = share.map_or(LIGHT_GREY, heat_colour);
            root.draw(&Rectangle::new(
                [(x + 1, y + 1), (x + colw - 1, y + rowh - 1)],
                fill.filled(),
            ))
            .map_err(fail)?;
            let lum = (0.2126 * f64::from(fill.0)
                + 0.7152 * f64::from(fill.1)
                + 0.0722 * f64::from(fill.2))
                / 255.0;
            let ink = if lum < 0.45 { WHITE } else { BLACK };
            let label = share.map_or("–".to_string(), |v| format!("{:.0}%", v * 100.0));
            text(
                root,
                &label,
                (x + colw / 2, y + rowh / 2),
                &s.text(15.0, false, &ink)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            )?;
        }
    }
    // Colour bar: 0% to 100%.
    let bx = left + colw * heat.columns.len() as i32 + s.px(28.0);
    let bh = (rowh * heat.rows.len() as i32).max(s.px(100.0));
    let steps = 40;
    for k in 0..steps {
        let y0 = top + bh - bh * (k + 1) / steps;
        let y1 = top + bh - bh * k / steps;
        root.draw(&Rectangle::new(
            [(bx, y0), (bx + s.px(18.0), y1)],
            heat_colour(f64::from(k) / f64::from(steps - 1)).filled(),
        ))
        .map_err(fail)?;
    }
    let small = s
        .text(13.0, false, &BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    text(root, "100%", (bx + s.px(24.0), top), &small)?;
    text(root, "0%", (bx + s.px(24.0), top + bh), &small)?;
    Ok(())
}

/// The heatmap as SVG.
pub fn heat_svg(heat: &Heat, footnote: Option<&str>) -> Result<String> {
    svg(heat_size(heat), footnote, |r, s| draw_heat(r, s, heat))
}

/// The heatmap as PNG bytes (2×).
pub fn heat_png(heat: &Heat, footnote: Option<&str>) -> Result<Vec<u8>> {
    png(heat_size(heat), footnote, |r, s| draw_heat(r, s, heat))
}

const BAR_ROW: f64 = 26.0;
const PANEL_W: f64 = 440.0;
const BARS_TOP: f64 = 110.0;

fn bars_size(a: &ApproachCollocates) -> (u32, u32) {
    let rows = a.waves.iter().map(|w| w.2.len()).max().unwrap_or(0).max(3);
    let panels = a.waves.len().max(1);
    let w = 40.0 + PANEL_W * panels as f64;
    let h = BARS_TOP + BAR_ROW * rows as f64 + 50.0;
    (w.max(720.0) as u32, h as u32)
}

fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: Scale,
    label: &str,
    a: &ApproachCollocates,
) -> DrawResult<()> {
    title(
        root,
        s,
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
        let x0 = s.px(24.0 + PANEL_W * p as f64);
        let colour = PALETTE[p % PALETTE.len()];
        text(
            root,
            &format!("Wave {wave} ({near} words near)"),
            (x0, s.px(BARS_TOP - 30.0)),
            &s.text(16.0, true, &BLACK),
        )?;
        if list.is_empty() {
            text(
                root,
                "no word near it often enough",
                (x0, s.px(BARS_TOP + 4.0)),
                &s.text(14.0, false, &GREY),
            )?;
            continue;
        }
        let bar_x = x0 + s.px(word_w);
        let bar_max = PANEL_W - word_w - 110.0;
        for (i, c) in list.iter().enumerate() {
            let y = s.px(BARS_TOP + BAR_ROW * i as f64);
            text(
                root,
                &c.word,
                (bar_x - s.px(8.0), y + s.px(BAR_ROW / 2.0)),
                &s.text(14.0, false, &BLACK)
                    .pos(Pos::new(HPos::Right, VPos::Center)),
            )?;
            let len = if max > 0.0 { c.ll / max * bar_max } else { 0.0 };
            let x1 = bar_x + s.px(len.max(1.0));
            root.draw(&Rectangle::new(
                [(bar_x, y + s.px(4.0)), (x1, y + s.px(BAR_ROW - 4.0))],
                colour.filled(),
            ))
            .map_err(fail)?;
            text(
                root,
                &format!("{:.1}  MI {:.2}", c.ll, c.mi),
                (x1 + s.px(6.0), y + s.px(BAR_ROW / 2.0)),
                &s.text(12.0, false, &GREY)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            )?;
        }
    }
    Ok(())
}

/// An approach's collocates chart as SVG.
pub fn bars_svg(label: &str, a: &ApproachCollocates, footnote: Option<&str>) -> Result<String> {
    svg(bars_size(a), footnote, |r, s| draw_bars(r, s, label, a))
}

/// An approach's collocates chart as PNG bytes (2×).
pub fn bars_png(label: &str, a: &ApproachCollocates, footnote: Option<&str>) -> Result<Vec<u8>> {
    png(bars_size(a), footnote, |r, s| draw_bars(r, s, label, a))
}
