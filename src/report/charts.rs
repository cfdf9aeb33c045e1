//! Drawing the datasets of [`super::data`] with plotters, as SVG or PNG.
//!
//! Every chart is drawn by one function generic over the plotters backend, at a scale factor:
//! SVG at 1× (a 960-pixel-wide figure, browsers scale it), PNG at 2× (1920 pixels wide, sharp
//! on slides). Text uses the embedded font ([`super::font`]); colours are the Okabe–Ito
//! palette, safe for colour-blind readers, with a distinct marker shape per nation so lines
//! can also be told apart in greyscale. Legends sit outside the plot so they never cover data.

use super::data::{format_value, Cell, First, FirstSeen, Metric, Profile, Trend, WaveCompare};
use super::font;
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// A chart ready to draw.
#[derive(Debug, Clone, Copy)]
pub enum Chart<'a> {
    /// One panel per trend (chart 1), stacked vertically, one shared legend.
    Trends(&'a [Trend]),
    /// Chart 2: a heatmap of concepts × nations.
    Profile(&'a Profile),
    /// Chart 3: first appearance, one panel per concept.
    First(&'a FirstSeen),
    /// Chart 4: the first analysis against the update.
    Waves(&'a WaveCompare),
}

/// The output format, from a file name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    pub fn from_path(path: &Path) -> Result<ImageFormat> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => Ok(ImageFormat::Svg),
            Some("png") => Ok(ImageFormat::Png),
            _ => Err(Error::Usage(format!(
                "{}: the chart file must end in .svg or .png",
                path.display()
            ))),
        }
    }
}

/// The Okabe–Ito palette (without yellow, too pale on white): blue, orange, bluish green,
/// reddish purple, black, vermillion, sky blue.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
];

const GREY: RGBColor = RGBColor(0x66, 0x66, 0x66);
const LIGHT_GREY: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

fn colour(style: usize) -> RGBColor {
    PALETTE[style % PALETTE.len()]
}

/// Sizes in logical pixels, multiplied by the scale factor.
#[derive(Clone, Copy)]
struct Theme {
    s: f64,
}

impl Theme {
    fn px(self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }
    fn upx(self, v: f64) -> u32 {
        (v * self.s).round().max(1.0) as u32
    }
    fn font(self, size: f64, bold: bool) -> FontDesc<'static> {
        font::ensure_registered();
        let style = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(FontFamily::Name(font::FAMILY), size * self.s, style)
    }
    fn text(self, size: f64, bold: bool, colour: &RGBColor) -> TextStyle<'static> {
        self.font(size, bold).color(colour)
    }
    /// Width of `text` in pixels at `size`.
    fn width(self, text: &str, size: f64, bold: bool) -> i32 {
        self.font(size, bold)
            .box_size(text)
            .map(|(w, _)| w as i32)
            .unwrap_or((text.chars().count() as f64 * size * 0.6 * self.s) as i32)
    }
}

type DrawResult<T> = std::result::Result<T, String>;

fn fail<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// The logical size (at scale 1) of a chart.
fn logical_size(chart: Chart<'_>) -> (u32, u32) {
    match chart {
        Chart::Trends(t) => (960, 130 + 400 * t.len().max(1) as u32),
        Chart::Profile(p) => {
            let t = Theme { s: 1.0 };
            let left = p
                .concepts
                .iter()
                .map(|c| t.width(&c.label, 17.0, false))
                .max()
                .unwrap_or(100)
                + 40;
            let cols = p.nations.len().max(1) as i32;
            let w = (left + cols * 160 + 170).max(720);
            (w as u32, (200 + 44 * p.concepts.len().max(3)) as u32)
        }
        Chart::First(f) => (960, 120 + 240 * f.concepts.len().max(1) as u32),
        Chart::Waves(w) => (960, 150 + 330 * w.concepts.len().max(1) as u32),
    }
}

/// Height (logical pixels) of the strip under a chart that holds its footnote.
const FOOTNOTE_H: u32 = 28;

/// Draw `chart` as an SVG document.
pub fn svg(chart: Chart<'_>) -> Result<String> {
    svg_with(chart, None)
}

/// Draw `chart` as an SVG document, with a footnote line under it (e.g. "illustrative data").
pub fn svg_with(chart: Chart<'_>, footnote: Option<&str>) -> Result<String> {
    let (w, h) = logical_size(chart);
    let h = h + footnote.map_or(0, |_| FOOTNOTE_H);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        draw_with_footnote(&root, chart, Theme { s: 1.0 }, footnote).map_err(chart_error)?;
        root.present().map_err(|e| chart_error(e.to_string()))?;
    }
    Ok(out)
}

/// Draw `chart` as PNG pixels (RGB, row-major) at twice the logical size.
pub fn png_pixels(chart: Chart<'_>) -> Result<(u32, u32, Vec<u8>)> {
    png_pixels_with(chart, None)
}

fn png_pixels_with(chart: Chart<'_>, footnote: Option<&str>) -> Result<(u32, u32, Vec<u8>)> {
    let (w, h) = logical_size(chart);
    let h = h + footnote.map_or(0, |_| FOOTNOTE_H);
    let (w, h) = (w * 2, h * 2);
    let mut buf = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        draw_with_footnote(&root, chart, Theme { s: 2.0 }, footnote).map_err(chart_error)?;
        root.present().map_err(|e| chart_error(e.to_string()))?;
    }
    Ok((w, h, buf))
}

fn draw_with_footnote<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: Chart<'_>,
    t: Theme,
    footnote: Option<&str>,
) -> DrawResult<()> {
    let Some(note) = footnote else {
        return draw(root, chart, t);
    };
    root.fill(&WHITE).map_err(fail)?;
    let (_, h) = root.dim_in_pixel();
    let (main, foot) = root.split_vertically(h as i32 - t.px(f64::from(FOOTNOTE_H)));
    draw(&main, chart, t)?;
    draw_text(
        &foot,
        note,
        (t.px(24.0), t.px(4.0)),
        &t.text(14.0, true, &RGBColor(0xA0, 0x40, 0x00)),
    )
}

fn chart_error(e: String) -> Error {
    Error::Usage(format!("could not draw the chart: {e}"))
}

/// Write `chart` to `path` (SVG or PNG by extension), atomically: a temporary file in the same
/// folder, flushed, then renamed over the target.
pub fn write(chart: Chart<'_>, path: &Path) -> Result<()> {
    write_with(chart, path, None)
}

/// [`write`] with a footnote line under the chart.
pub fn write_with(chart: Chart<'_>, path: &Path, footnote: Option<&str>) -> Result<()> {
    let format = ImageFormat::from_path(path)?;
    let bytes = match format {
        ImageFormat::Svg => svg_with(chart, footnote)?.into_bytes(),
        ImageFormat::Png => png_with(chart, footnote)?,
    };
    super::atomic_write(path, &bytes)
}

/// Encode RGB pixels as a PNG.
pub fn encode_png<W: std::io::Write>(out: W, w: u32, h: u32, rgb: &[u8]) -> std::io::Result<()> {
    let mut enc = png::Encoder::new(out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Default);
    let mut writer = enc.write_header().map_err(std::io::Error::other)?;
    writer
        .write_image_data(rgb)
        .map_err(std::io::Error::other)?;
    writer.finish().map_err(std::io::Error::other)
}

/// Draw `chart` as PNG file bytes.
pub fn png(chart: Chart<'_>) -> Result<Vec<u8>> {
    png_with(chart, None)
}

/// [`png`] with a footnote line under the chart.
pub fn png_with(chart: Chart<'_>, footnote: Option<&str>) -> Result<Vec<u8>> {
    let (w, h, pixels) = png_pixels_with(chart, footnote)?;
    let mut out = Vec::new();
    encode_png(&mut out, w, h, &pixels).map_err(|e| chart_error(e.to_string()))?;
    Ok(out)
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: Chart<'_>,
    t: Theme,
) -> DrawResult<()> {
    root.fill(&WHITE).map_err(fail)?;
    match chart {
        Chart::Trends(trends) => draw_trends(root, trends, t),
        Chart::Profile(p) => draw_profile(root, p, t),
        Chart::First(f) => draw_first(root, f, t),
        Chart::Waves(w) => draw_waves(root, w, t),
    }
}

fn draw_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
    style: &TextStyle<'_>,
) -> DrawResult<()> {
    area.draw(&Text::new(text.to_string(), at, style.clone()))
        .map_err(fail)
}

/// The figure title (bold) and an optional note line under it.
fn title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    text: &str,
    note: &str,
) -> DrawResult<()> {
    let style = t.text(22.0, true, &BLACK);
    draw_text(root, text, (t.px(24.0), t.px(18.0)), &style)?;
    if !note.is_empty() {
        draw_text(
            root,
            note,
            (t.px(24.0), t.px(50.0)),
            &t.text(14.0, false, &GREY),
        )?;
    }
    Ok(())
}

/// Draw a nation's marker (shape by style index) centred at a pixel position.
fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: usize,
    at: (i32, i32),
    t: Theme,
) -> DrawResult<()> {
    let c = colour(style);
    let r = t.px(6.0);
    let (x, y) = at;
    let fill = c.filled();
    let res = match style % 5 {
        0 => area.draw(&Circle::new(at, r, fill)),
        1 => area.draw(&Polygon::new(
            vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
            fill,
        )),
        2 => area.draw(&Rectangle::new(
            [(x - r + 1, y - r + 1), (x + r - 1, y + r - 1)],
            fill,
        )),
        3 => area.draw(&Polygon::new(
            vec![
                (x, y - r - 1),
                (x + r + 1, y),
                (x, y + r + 1),
                (x - r - 1, y),
            ],
            fill,
        )),
        _ => {
            let s = c.stroke_width(t.upx(3.0));
            area.draw(&PathElement::new(vec![(x - r, y - r), (x + r, y + r)], s))
                .and_then(|_| area.draw(&PathElement::new(vec![(x - r, y + r), (x + r, y - r)], s)))
        }
    };
    res.map_err(fail)
}

/// A legend in a column: marker, short line and label per entry. Returns nothing; entries
/// are spaced so labels never overlap.
fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    at: (i32, i32),
    heading: &str,
    entries: &[(String, usize)],
    with_line: bool,
) -> DrawResult<()> {
    let (x, mut y) = at;
    draw_text(root, heading, (x, y), &t.text(15.0, true, &BLACK))?;
    y += t.px(30.0);
    for (label, style) in entries {
        let cy = y + t.px(8.0);
        if with_line {
            root.draw(&PathElement::new(
                vec![(x, cy), (x + t.px(30.0), cy)],
                colour(*style).stroke_width(t.upx(2.5)),
            ))
            .map_err(fail)?;
        }
        marker(root, *style, (x + t.px(15.0), cy), t)?;
        draw_text(
            root,
            label,
            (x + t.px(40.0), cy),
            &t.text(15.0, false, &BLACK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        )?;
        y += t.px(26.0);
    }
    Ok(())
}

/// Chart 1: one panel per trend, years on x, one line per series, gaps where a series has no
/// documents in a year.
fn draw_trends<DB: DrawingBackend>(
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

/// Label every k-th year so that labels `label_w` wide fit in `spacing` pixels per year.
fn label_every(spacing: f64, label_w: f64) -> i32 {
    if spacing <= 0.0 {
        return 1;
    }
    ((label_w / spacing).ceil() as i32).max(1)
}

/// "1 document", "3 documents".
fn docs_words(n: u64) -> String {
    if n == 1 {
        "1 document".to_string()
    } else {
        format!("{n} documents")
    }
}

/// "1 doc", "3 docs".
fn docs(n: u64) -> String {
    if n == 1 {
        "1 doc".to_string()
    } else {
        format!("{n} docs")
    }
}

/// A round upper bound for an axis.
fn nice_max(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    for m in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if m * mag >= v {
            return m * mag;
        }
    }
    10.0 * mag
}

fn empty<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, t: Theme, msg: &str) -> DrawResult<()> {
    let (w, h) = area.dim_in_pixel();
    draw_text(
        area,
        msg,
        (w as i32 / 2, h as i32 / 2),
        &t.text(18.0, false, &GREY)
            .pos(Pos::new(HPos::Center, VPos::Center)),
    )
}

/// A sequential colour scale (ColorBrewer YlGnBu, colour-blind safe) for `x` in 0..=1.
pub fn heat_colour(x: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 5] = [
        (255, 255, 217),
        (199, 233, 180),
        (65, 182, 196),
        (34, 94, 168),
        (8, 29, 88),
    ];
    let x = if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = x * (STOPS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(STOPS.len() - 2);
    let f = pos - i as f64;
    let lerp = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(lerp(a.0, b.0), lerp(a.1, b.1), lerp(a.2, b.2))
}

/// Chart 2: a heatmap, concepts in rows, nations in columns, the value printed in each cell.
fn draw_profile<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Profile,
    t: Theme,
) -> DrawResult<()> {
    title(
        root,
        t,
        &p.title,
        "Darker = more. Each cell: all that nation's documents in the corpus.",
    )?;
    if p.concepts.is_empty() || p.nations.is_empty() {
        return empty(root, t, "No documents or no concepts in this group");
    }
    let left = p
        .concepts
        .iter()
        .map(|c| t.width(&c.label, 17.0, false))
        .max()
        .unwrap_or(0)
        + t.px(40.0);
    let (top, colw, rowh) = (t.px(125.0), t.px(160.0), t.px(44.0));
    let max = p.max_value();
    for (j, n) in p.nations.iter().enumerate() {
        let ndocs = p.cells.first().and_then(|r| r.get(j)).map(|c| c.documents);
        let x = left + colw * j as i32 + colw / 2;
        draw_text(
            root,
            n.label(),
            (x, top - t.px(32.0)),
            &t.text(17.0, true, &BLACK)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        )?;
        draw_text(
            root,
            &self::docs(ndocs.unwrap_or(0)),
            (x, top - t.px(12.0)),
            &t.text(14.0, false, &GREY)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        )?;
    }
    for (i, c) in p.concepts.iter().enumerate() {
        let y = top + rowh * i as i32;
        draw_text(
            root,
            &c.label,
            (left - t.px(12.0), y + rowh / 2),
            &t.text(17.0, false, &BLACK)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        )?;
        for (j, cell) in p.cells[i].iter().enumerate() {
            let x = left + colw * j as i32;
            let value = cell.value(p.metric);
            let fill = match value {
                Some(v) if max > 0.0 => heat_colour(v / max),
                Some(_) => heat_colour(0.0),
                None => LIGHT_GREY,
            };
            root.draw(&Rectangle::new(
                [(x + 1, y + 1), (x + colw - 1, y + rowh - 1)],
                fill.filled(),
            ))
            .map_err(fail)?;
            let (label, ink) = match value {
                Some(v) => {
                    let dark = luminance(fill) < 0.45;
                    (format_value(p.metric, v), if dark { WHITE } else { BLACK })
                }
                None => ("no words".to_string(), GREY),
            };
            draw_text(
                root,
                &label,
                (x + colw / 2, y + rowh / 2),
                &t.text(16.0, false, &ink)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            )?;
        }
    }
    // Colour bar.
    let bx = left + colw * p.nations.len() as i32 + t.px(30.0);
    let bh = (rowh * p.concepts.len() as i32).max(t.px(120.0));
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

fn luminance(c: RGBColor) -> f64 {
    (0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)) / 255.0
}

/// Chart 3: for each concept a panel, one row per nation, a marker at the year of first
/// appearance with the year written beside it.
fn draw_first<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    f: &FirstSeen,
    t: Theme,
) -> DrawResult<()> {
    title(
        root,
        t,
        "First appearance: the year each approach is first mentioned in a nation's documents",
        "Marker: year of publication of the earliest document that mentions it.",
    )?;
    if f.concepts.is_empty() || f.years.is_empty() {
        return empty(root, t, "No documents or no concepts in this group");
    }
    let body = root.margin(t.px(75.0), t.px(10.0), t.px(10.0), t.px(30.0));
    let panels = body.split_evenly((f.concepts.len(), 1));
    let (y0, y1) = (
        i32::from(*f.years.first().unwrap_or(&2000)),
        i32::from(*f.years.last().unwrap_or(&2000)),
    );
    let label_w = t.px(170.0);
    let n = f.nations.len() as i32;
    for (i, panel) in panels.iter().enumerate() {
        let mut chart = ChartBuilder::on(panel)
            .margin(t.px(6.0))
            .caption(&f.concepts[i].label, t.font(17.0, true))
            .x_label_area_size(t.px(34.0))
            .y_label_area_size(label_w)
            .build_cartesian_2d((y0 - 1)..(y1 + 1), -0.5f64..(f64::from(n) - 0.5))
            .map_err(fail)?;
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
        chart
            .configure_mesh()
            .x_labels(((y1 - y0 + 3) as usize).min(14))
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
        for (j, nation) in f.nations.iter().enumerate() {
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
            let style = super::data::nation_style(*nation);
            match f.cells[i][j] {
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

/// Chart 4: per concept a panel; per nation a stacked bar of the documents that mention the
/// concept: those of the first analysis, and those the update added. "k of N" above each bar
/// is the cumulative corpus.
fn draw_waves<DB: DrawingBackend>(
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
    if w.concepts.is_empty() || w.nations.is_empty() {
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
    let panels = body.split_evenly((w.concepts.len(), 1));
    let ymax = w
        .cells
        .iter()
        .flatten()
        .map(|c| c.cumulative.mentioning)
        .max()
        .unwrap_or(0);
    let ytop = (ymax as f64 * 1.25).max(ymax as f64 + 1.0).ceil();
    let n = w.nations.len() as f64;
    for (i, panel) in panels.iter().enumerate() {
        let mut chart = ChartBuilder::on(panel)
            .margin(t.px(6.0))
            .caption(&w.concepts[i].label, t.font(17.0, true))
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
        for (j, nation) in w.nations.iter().enumerate() {
            let c = &w.cells[i][j];
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

fn legend_boxes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    at: (i32, i32),
    entries: &[(String, usize)],
) -> DrawResult<()> {
    let (x, mut y) = at;
    for (label, style) in entries {
        root.draw(&Rectangle::new(
            [(x, y), (x + t.px(18.0), y + t.px(18.0))],
            colour(*style).filled(),
        ))
        .map_err(fail)?;
        draw_text(
            root,
            label,
            (x + t.px(26.0), y + t.px(9.0)),
            &t.text(14.0, false, &BLACK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        )?;
        y += t.px(28.0);
    }
    Ok(())
}

/// The cell shown in a table for a trend point.
pub fn describe(cell: &Cell, metric: Metric) -> String {
    match cell.value(metric) {
        None => "–".to_string(),
        Some(v) => format!("{} ({})", format_value(metric, v), cell.k_of_n()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::data::tests::sample;
    use crate::report::data::{Counts, FirstSeen, Metric, Profile, Trend, WaveCompare};

    struct Owned {
        trends: Vec<Trend>,
        per10k: Vec<Trend>,
        profile: Profile,
        first: FirstSeen,
        waves: WaveCompare,
    }

    fn charts(c: &Counts) -> Owned {
        let approaches = c.group("approach");
        Owned {
            trends: vec![Trend::by_nation(c, 0, Metric::Documents)],
            per10k: approaches
                .iter()
                .map(|&a| Trend::by_nation(c, a, Metric::Per10k))
                .collect(),
            profile: Profile::new(c, &c.group("harm"), Metric::Per10k),
            first: FirstSeen::new(c, &approaches),
            waves: WaveCompare::new(c, &approaches).unwrap(),
        }
    }

    /// Distinct colours in a PNG: a blank image has one.
    fn distinct_colours(rgb: &[u8]) -> usize {
        let mut set = std::collections::HashSet::new();
        for px in rgb.chunks_exact(3) {
            set.insert((px[0], px[1], px[2]));
        }
        set.len()
    }

    #[test]
    fn every_chart_draws_as_svg_and_png() {
        let c = sample();
        let o = charts(&c);
        let all = [
            ("trend", Chart::Trends(&o.trends)),
            ("per10k", Chart::Trends(&o.per10k)),
            ("profile", Chart::Profile(&o.profile)),
            ("first", Chart::First(&o.first)),
            ("waves", Chart::Waves(&o.waves)),
        ];
        let dump = std::env::var_os("EFRH_CHART_DUMP").map(std::path::PathBuf::from);
        for (name, chart) in all {
            let s = svg(chart).unwrap();
            assert!(s.starts_with("<svg"), "{name}");
            assert!(s.contains("England"), "{name}: nation label");
            let (w, h, px) = png_pixels(chart).unwrap();
            assert_eq!(px.len(), (w * h * 3) as usize);
            assert!(distinct_colours(&px) > 20, "{name}: PNG looks blank");
            if let Some(dir) = &dump {
                write(chart, &dir.join(format!("{name}.png"))).unwrap();
                write(chart, &dir.join(format!("{name}.svg"))).unwrap();
            }
        }
        // Chart-specific text: the heatmap prints its values, the wave chart k of N.
        assert!(svg(Chart::Profile(&o.profile)).unwrap().contains("4.00"));
        assert!(svg(Chart::Waves(&o.waves)).unwrap().contains("2 of 3"));
        assert!(svg(Chart::First(&o.first))
            .unwrap()
            .contains("no documents in the corpus"));
    }

    #[test]
    fn footnote_is_drawn_under_the_chart() {
        let c = sample();
        let f = FirstSeen::new(&c, &[0, 1]);
        let plain = svg(Chart::First(&f)).unwrap();
        let noted = svg_with(Chart::First(&f), Some("Illustrative data")).unwrap();
        assert!(!plain.contains("Illustrative data"));
        assert!(noted.contains("Illustrative data"));
        let (_, h0, _) = png_pixels(Chart::First(&f)).unwrap();
        let (_, h1, _) = png_pixels_with(Chart::First(&f), Some("x")).unwrap();
        assert_eq!(h1, h0 + 2 * FOOTNOTE_H);
    }

    #[test]
    fn empty_corpus_draws_an_empty_state() {
        let c = Counts::default();
        let t = [Trend::by_nation(&c, 0, Metric::Documents)];
        let s = svg(Chart::Trends(&t)).unwrap();
        assert!(s.contains("No documents in the corpus"));
        let p = Profile::new(&c, &[], Metric::Per10k);
        assert!(svg(Chart::Profile(&p)).unwrap().contains("No documents"));
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(
            ImageFormat::from_path(Path::new("a/b.SVG")).unwrap(),
            ImageFormat::Svg
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("x.png")).unwrap(),
            ImageFormat::Png
        );
        assert!(ImageFormat::from_path(Path::new("x.jpg")).is_err());
        assert!(ImageFormat::from_path(Path::new("x")).is_err());
    }

    #[test]
    fn heat_scale_is_monotone_light_to_dark() {
        let mut last = f64::INFINITY;
        for k in 0..=10 {
            let l = luminance(heat_colour(f64::from(k) / 10.0));
            assert!(l < last, "step {k}");
            last = l;
        }
    }

    #[test]
    fn year_labels_thin_out_when_crowded() {
        assert_eq!(label_every(100.0, 60.0), 1);
        assert_eq!(label_every(50.0, 60.0), 2);
        assert_eq!(label_every(20.0, 60.0), 3);
        assert_eq!(label_every(0.0, 60.0), 1);
    }

    #[test]
    fn concept_lines_have_a_concept_legend() {
        let c = sample();
        let t = [Trend::by_concept(&c, &[0, 1], Metric::Documents)];
        let s = svg(Chart::Trends(&t)).unwrap();
        assert!(s.contains("\nConcept\n"), "legend heading");
        // CS: 4 of the 6 documents mention it.
        assert!(s.contains("Contextual Safeguarding (4 of 6 docs)"));
    }

    #[test]
    fn nice_max_rounds_up() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(4.3), 5.0);
        assert_eq!(nice_max(11.0), 12.0);
        assert!(nice_max(0.37) >= 0.37);
    }
}
