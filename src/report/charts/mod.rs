//! Drawing the datasets of [`super::data`] with plotters, as SVG or PNG.
//!
//! Every chart is drawn by one function generic over the plotters backend, at a scale factor:
//! SVG at 1× (a 960-pixel-wide figure, browsers scale it), PNG at 2× (1920 pixels wide, sharp
//! on slides). Text uses the embedded font ([`super::font`]); colours are the Okabe–Ito
//! palette, safe for colour-blind readers, with a distinct marker shape per nation so lines
//! can also be told apart in greyscale. Legends sit outside the plot so they never cover data.

//!
//! This module is the output plumbing (sizes, SVG and PNG writing, footnotes); [`theme`] holds
//! the look every chart shares; each chart kind has its own file.

mod collocates;
mod cooccur;
mod first;
mod grid;
mod profile;
mod theme;
mod trends;
mod waves;

pub use theme::{heat_colour, PALETTE};

use super::data::{format_value, Cell, FirstSeen, Metric, Profile, Trend, WaveCompare};
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;
use theme::{draw_text, fail, DrawResult, Theme};

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
    /// Small multiples: one panel per trend (one series each) in a grid, under a title (the
    /// report's harms over time).
    Grid { title: &'a str, trends: &'a [Trend] },
    /// Approaches × harms in one paragraph ("How the approaches are talked about").
    Cooccur(&'a crate::report::talk::Heat),
    /// One approach's top collocates, a panel per wave.
    Collocates {
        label: &'a str,
        data: &'a crate::report::talk::ApproachCollocates,
    },
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

/// The logical size (at scale 1) of a chart.
fn logical_size(chart: Chart<'_>) -> (u32, u32) {
    match chart {
        Chart::Trends(t) => (960, 130 + 400 * t.len().max(1) as u32),
        Chart::Profile(p) => {
            let t = Theme { s: 1.0 };
            let left = profile::labels_width(p, t).unwrap_or(100) + 40;
            let cols = p.grid.nations.len().max(1) as i32;
            let w = (left + cols * 160 + 170).max(720);
            (w as u32, (200 + 44 * p.grid.concepts.len().max(3)) as u32)
        }
        Chart::First(f) => (960, 120 + 240 * f.grid.concepts.len().max(1) as u32),
        Chart::Waves(w) => (960, 150 + 330 * w.grid.concepts.len().max(1) as u32),
        Chart::Grid { trends, .. } => (1200, 130 + 250 * grid::rows(trends.len()) as u32),
        Chart::Cooccur(h) => cooccur::cooccur_size(h),
        Chart::Collocates { data, .. } => collocates::collocates_size(data),
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
        Chart::Trends(trends) => trends::draw_trends(root, trends, t),
        Chart::Profile(p) => profile::draw_profile(root, p, t),
        Chart::First(f) => first::draw_first(root, f, t),
        Chart::Waves(w) => waves::draw_waves(root, w, t),
        Chart::Grid { title, trends } => grid::draw_grid(root, title, trends, t),
        Chart::Cooccur(h) => cooccur::draw_cooccur(root, t, h),
        Chart::Collocates { label, data } => collocates::draw_collocates(root, t, label, data),
    }
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
        grid: Vec<Trend>,
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
            grid: Trend::each_concept(c, &approaches, Metric::Documents),
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
            (
                "grid",
                Chart::Grid {
                    title: "Harms over time",
                    trends: &o.grid,
                },
            ),
        ];
        let dump = std::env::var_os("EFRH_CHART_DUMP").map(std::path::PathBuf::from);
        for (name, chart) in all {
            let s = svg(chart).unwrap();
            assert!(s.starts_with("<svg"), "{name}");
            if name == "grid" {
                assert!(
                    s.contains("Contextual Safeguarding"),
                    "{name}: panel caption"
                );
            } else {
                assert!(s.contains("England"), "{name}: nation label");
            }
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
    fn concept_lines_have_a_concept_legend() {
        let c = sample();
        let t = [Trend::by_concept(&c, &[0, 1], Metric::Documents)];
        let s = svg(Chart::Trends(&t)).unwrap();
        assert!(s.contains("\nConcept\n"), "legend heading");
        // CS: 4 of the 6 documents mention it.
        assert!(s.contains("Contextual Safeguarding (4 of 6 docs)"));
    }
}
