//! The look shared by every chart: the colour-blind-safe palette, greys, the heat scale, sizes
//! at a scale factor ([`Theme`]), fonts, and the small pieces each chart is built from (title,
//! markers, legends, empty states, axis helpers).

use super::super::font;
use plotters::coord::combinators::{BindKeyPoints, WithKeyPoints};
use plotters::coord::types::RangedCoordi32;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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

pub(super) const GREY: RGBColor = RGBColor(0x66, 0x66, 0x66);
/// Ink for a caution (few documents; the illustrative-data footnote).
pub(super) const WARN: RGBColor = RGBColor(0xA0, 0x40, 0x00);
pub(super) const LIGHT_GREY: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

pub(super) fn colour(style: usize) -> RGBColor {
    PALETTE[style % PALETTE.len()]
}

/// Sizes in logical pixels, multiplied by the scale factor.
#[derive(Clone, Copy)]
pub(super) struct Theme {
    pub(super) s: f64,
}

impl Theme {
    pub(super) fn px(self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }
    pub(super) fn upx(self, v: f64) -> u32 {
        (v * self.s).round().max(1.0) as u32
    }
    pub(super) fn font(self, size: f64, bold: bool) -> FontDesc<'static> {
        font::ensure_registered();
        let style = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(FontFamily::Name(font::FAMILY), size * self.s, style)
    }
    pub(super) fn text(self, size: f64, bold: bool, colour: &RGBColor) -> TextStyle<'static> {
        self.font(size, bold).color(colour)
    }
    /// [`Theme::text`] centred on the point it is drawn at.
    pub(super) fn centred(self, size: f64, bold: bool, colour: &RGBColor) -> TextStyle<'static> {
        self.text(size, bold, colour)
            .pos(Pos::new(HPos::Center, VPos::Center))
    }
    /// Width of `text` in pixels at `size`.
    pub(super) fn width(self, text: &str, size: f64, bold: bool) -> i32 {
        self.font(size, bold)
            .box_size(text)
            .map(|(w, _)| w as i32)
            .unwrap_or((text.chars().count() as f64 * size * 0.6 * self.s) as i32)
    }
}

pub(super) type DrawResult<T> = std::result::Result<T, String>;

pub(super) fn fail<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

pub(super) fn draw_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
    style: &TextStyle<'_>,
) -> DrawResult<()> {
    area.draw(&Text::new(text.to_string(), at, style.clone()))
        .map_err(fail)
}

/// A heatmap cell: the box of `size` (width, height) with its top left at `at`, filled with
/// `fill` inside a one-pixel gap, and `label` centred in it.
pub(super) fn heat_cell<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (at, size): ((i32, i32), (i32, i32)),
    fill: RGBColor,
    label: &str,
    style: &TextStyle<'_>,
) -> DrawResult<()> {
    let ((x, y), (w, h)) = (at, size);
    root.draw(&Rectangle::new(
        [(x + 1, y + 1), (x + w - 1, y + h - 1)],
        fill.filled(),
    ))
    .map_err(fail)?;
    draw_text(root, label, (x + w / 2, y + h / 2), style)
}

/// The ink that reads on `fill`: white on dark, black on light.
pub(super) fn ink_on(fill: RGBColor) -> RGBColor {
    if luminance(fill) < 0.45 {
        WHITE
    } else {
        BLACK
    }
}

/// The figure title (bold) and an optional note line under it.
pub(super) fn title<DB: DrawingBackend>(
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
pub(super) fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: usize,
    at: (i32, i32),
    t: Theme,
) -> DrawResult<()> {
    marker_as(area, style, at, t, Mark::default())
}

/// Groups with fewer documents than this are drawn hollow: a share of 1 of 2 documents is not
/// the same evidence as 10 of 20.
pub(super) const SMALL_N: u64 = 5;

/// How a data point is marked: its radius (logical pixels) and whether it is hollow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Mark {
    pub(super) radius: f64,
    pub(super) hollow: bool,
}

impl Default for Mark {
    fn default() -> Mark {
        Mark {
            radius: 6.0,
            hollow: false,
        }
    }
}

impl Mark {
    /// The mark of a point over `n` documents: area grows with `n` (radius 4 for one document,
    /// 9 from 25 on), hollow below [`SMALL_N`].
    pub(super) fn for_documents(n: u64) -> Mark {
        Mark {
            radius: (3.0 + (n as f64).sqrt() * 1.2).clamp(4.0, 9.0),
            hollow: n < SMALL_N,
        }
    }
}

/// [`marker`] at a given size, filled or hollow (an outline on white).
pub(super) fn marker_as<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: usize,
    at: (i32, i32),
    t: Theme,
    mark: Mark,
) -> DrawResult<()> {
    let c = colour(style);
    let r = t.px(mark.radius);
    let (x, y) = at;
    let outline = c.stroke_width(t.upx(2.0));
    // A hollow marker: white inside, so a line through it does not show, then the outline.
    let shapes: [ShapeStyle; 2] = if mark.hollow {
        [WHITE.filled(), outline]
    } else {
        [c.filled(), c.filled()]
    };
    let one = |fill: ShapeStyle| match style % 5 {
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
        _ if mark.hollow => {
            // A cross has no inside: hollow is a ring around a thin cross.
            let thin = c.stroke_width(t.upx(1.5));
            let k = r * 2 / 3;
            area.draw(&Circle::new(at, r, fill)).and_then(|_| {
                area.draw(&PathElement::new(
                    vec![(x - k, y - k), (x + k, y + k)],
                    thin,
                ))
                .and_then(|_| {
                    area.draw(&PathElement::new(
                        vec![(x - k, y + k), (x + k, y - k)],
                        thin,
                    ))
                })
            })
        }
        _ => {
            let s = c.stroke_width(t.upx(3.0));
            area.draw(&PathElement::new(vec![(x - r, y - r), (x + r, y + r)], s))
                .and_then(|_| area.draw(&PathElement::new(vec![(x - r, y + r), (x + r, y - r)], s)))
        }
    };
    if mark.hollow {
        // Polygons and rectangles only fill: their outline is drawn as a closed path.
        one(shapes[0]).map_err(fail)?;
        match style % 5 {
            0 | 4 => one(shapes[1]).map_err(fail),
            _ => {
                let pts = match style % 5 {
                    1 => vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
                    2 => vec![
                        (x - r + 1, y - r + 1),
                        (x + r - 1, y - r + 1),
                        (x + r - 1, y + r - 1),
                        (x - r + 1, y + r - 1),
                    ],
                    _ => vec![
                        (x, y - r - 1),
                        (x + r + 1, y),
                        (x, y + r + 1),
                        (x - r - 1, y),
                    ],
                };
                let mut closed = pts.clone();
                closed.extend(pts.first().copied());
                area.draw(&PathElement::new(closed, outline)).map_err(fail)
            }
        }
    } else {
        one(shapes[0]).map_err(fail)
    }
}

/// A vertical interval (a 95% interval of a share) from pixel `top` to `bottom` at `x`, with
/// short caps, in the series' colour.
pub(super) fn interval_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: usize,
    x: i32,
    (top, bottom): (i32, i32),
    t: Theme,
) -> DrawResult<()> {
    let s = colour(style).mix(0.75).stroke_width(t.upx(1.5));
    let cap = t.px(4.0);
    for path in [
        vec![(x, top), (x, bottom)],
        vec![(x - cap, top), (x + cap, top)],
        vec![(x - cap, bottom), (x + cap, bottom)],
    ] {
        area.draw(&PathElement::new(path, s)).map_err(fail)?;
    }
    Ok(())
}

/// The key to how points are marked, under a legend (or anywhere): hollow markers, marker
/// size, and (for shares) the interval bars. Returns the height used.
pub(super) fn point_key<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    at: (i32, i32),
    intervals: bool,
) -> DrawResult<i32> {
    let (x, y0) = at;
    let mut y = y0;
    let text = t
        .text(13.0, false, &BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let grey = 4; // the palette's black: a neutral marker for the key
    let row = t.px(22.0);
    if intervals {
        interval_bar(root, grey, x + t.px(15.0), (y, y + t.px(16.0)), t)?;
        draw_text(root, KEY_INTERVAL, (x + t.px(40.0), y + t.px(8.0)), &text)?;
        y += row + t.px(4.0);
    }
    marker_as(
        root,
        0,
        (x + t.px(15.0), y + t.px(8.0)),
        t,
        Mark::for_documents(2),
    )?;
    draw_text(root, KEY_HOLLOW, (x + t.px(40.0), y + t.px(8.0)), &text)?;
    y += row;
    let mut cx = x + t.px(6.0);
    for n in [1u64, 5, 25] {
        let m = Mark::for_documents(n);
        marker_as(root, 0, (cx, y + t.px(10.0)), t, m)?;
        cx += t.px(2.0 * m.radius + 6.0);
    }
    draw_text(root, KEY_SIZE, (x + t.px(70.0), y + t.px(10.0)), &text)?;
    y += row;
    Ok(y - y0)
}

/// The key's words (also checked by tests).
pub(super) const KEY_INTERVAL: &str = "bar: 95% interval (Wilson)";
pub(super) const KEY_HOLLOW: &str = "hollow: fewer than 5 documents";
pub(super) const KEY_SIZE: &str = "size: 1, 5, 25+ documents";

/// Width of the point key's widest line.
pub(super) fn point_key_width(t: Theme) -> i32 {
    [KEY_INTERVAL, KEY_HOLLOW]
        .iter()
        .map(|s| t.width(s, 13.0, false) + t.px(40.0))
        .chain(std::iter::once(t.width(KEY_SIZE, 13.0, false) + t.px(70.0)))
        .max()
        .unwrap_or(0)
}

/// The x axis of years `y0..=y1`, with a year of room on either side, labelled every few
/// years (so labels never touch in `plot_width` pixels) counting back from the last year.
pub(super) fn year_axis(
    y0: i32,
    y1: i32,
    plot_width: i32,
    t: Theme,
) -> WithKeyPoints<RangedCoordi32> {
    let spacing = f64::from(plot_width) / f64::from((y1 - y0 + 2).max(1));
    let every = label_every(
        spacing,
        f64::from(t.width("2020", 14.0, false) + t.px(10.0)),
    );
    ((y0 - 1)..(y1 + 1)).with_key_points(year_ticks(y0, y1, every))
}

/// The years that carry a label on an axis from `y0` to `y1`: every `every`-th year counted
/// back from the last, so the last data year is always labelled.
pub(super) fn year_ticks(y0: i32, y1: i32, every: i32) -> Vec<i32> {
    let every = every.max(1);
    let mut ticks: Vec<i32> = std::iter::successors(Some(y1), |y| Some(y - every))
        .take_while(|y| *y >= y0)
        .collect();
    ticks.reverse();
    ticks
}

/// A legend in a column: marker, short line and label per entry. Returns nothing; entries
/// are spaced so labels never overlap.
pub(super) fn legend<DB: DrawingBackend>(
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

/// Label every k-th year so that labels `label_w` wide fit in `spacing` pixels per year.
pub(super) fn label_every(spacing: f64, label_w: f64) -> i32 {
    if spacing <= 0.0 {
        return 1;
    }
    ((label_w / spacing).ceil() as i32).max(1)
}

/// "1 document", "3 documents".
pub(super) fn docs_words(n: u64) -> String {
    if n == 1 {
        "1 document".to_string()
    } else {
        format!("{n} documents")
    }
}

/// "1 doc", "3 docs".
pub(super) fn docs(n: u64) -> String {
    if n == 1 {
        "1 doc".to_string()
    } else {
        format!("{n} docs")
    }
}

/// A round upper bound for an axis.
pub(super) fn nice_max(v: f64) -> f64 {
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

pub(super) fn empty<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: Theme,
    msg: &str,
) -> DrawResult<()> {
    let (w, h) = area.dim_in_pixel();
    draw_text(
        area,
        msg,
        (w as i32 / 2, h as i32 / 2),
        &t.centred(18.0, false, &GREY),
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

pub(super) fn luminance(c: RGBColor) -> f64 {
    (0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)) / 255.0
}

pub(super) fn legend_boxes<DB: DrawingBackend>(
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn year_ticks_end_on_the_last_year() {
        assert_eq!(
            year_ticks(2004, 2025, 2),
            (2005..=2025).step_by(2).collect::<Vec<_>>()
        );
        assert_eq!(year_ticks(2020, 2020, 3), vec![2020]);
        assert_eq!(year_ticks(2010, 2013, 1), vec![2010, 2011, 2012, 2013]);
        assert_eq!(year_ticks(2010, 2013, 0), vec![2010, 2011, 2012, 2013]);
    }

    #[test]
    fn small_groups_are_hollow_and_larger_groups_bigger() {
        assert!(Mark::for_documents(4).hollow);
        assert!(!Mark::for_documents(5).hollow);
        let r: Vec<f64> = [0, 1, 4, 9, 25, 1000]
            .iter()
            .map(|&n| Mark::for_documents(n).radius)
            .collect();
        assert!(r.windows(2).all(|w| w[0] <= w[1]), "{r:?}");
        assert_eq!(r[0], 4.0);
        assert_eq!(r[5], 9.0);
    }

    #[test]
    fn nice_max_rounds_up() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(4.3), 5.0);
        assert_eq!(nice_max(11.0), 12.0);
        assert!(nice_max(0.37) >= 0.37);
    }
}
