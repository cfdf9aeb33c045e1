//! The font every chart is drawn with, embedded in the binary (DejaVu Sans, licence in
//! `assets/fonts/LICENSE-DejaVu.txt`), so a PNG renders the same on a machine with no system
//! fonts. Registered once with plotters' `ab_glyph` font table under the family name
//! [`FAMILY`]; SVG output names the same generic family so browsers use their own sans-serif.

use std::sync::Once;

/// The family name charts ask plotters for.
pub const FAMILY: &str = "sans-serif";

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

static REGISTER: Once = Once::new();

/// Register the embedded font with plotters (idempotent, cheap after the first call).
pub fn ensure_registered() {
    REGISTER.call_once(|| {
        use plotters::style::{register_font, FontStyle};
        // The bytes are compiled in and known to parse; a failure here would be a build defect,
        // and charts would then fail with a clear "font unavailable" error rather than panic.
        let _ = register_font(FAMILY, FontStyle::Normal, REGULAR);
        let _ = register_font(FAMILY, FontStyle::Bold, BOLD);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::style::{FontDesc, FontFamily, FontStyle};

    #[test]
    fn embedded_font_measures_text() {
        ensure_registered();
        let font = FontDesc::new(FontFamily::Name(FAMILY), 20.0, FontStyle::Normal);
        let (w, h) = font
            .box_size("Contextual Safeguarding")
            .expect("font registered");
        assert!(w > 150 && h > 10, "{w}x{h}");
        let bold = FontDesc::new(FontFamily::Name(FAMILY), 20.0, FontStyle::Bold);
        let (wb, _) = bold
            .box_size("Contextual Safeguarding")
            .expect("bold registered");
        assert!(wb > w, "bold text is wider: {wb} vs {w}");
    }
}
