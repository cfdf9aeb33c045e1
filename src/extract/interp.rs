//! The content-stream interpreter: graphics and text state, text-showing operators, Form
//! XObjects, marked content (`ActualText`). Produces positioned glyphs in device space.
//!
//! Bounded everywhere: operators per page, Form XObject depth and cycles, the `q` stack,
//! decompressed size (via [`Limits`]), and wall time (checked every few hundred operators).

use super::fonts::{deref, dict_get, get_dict, get_name, num, Font};
use super::lexer::{Lexer, Operand, Token};
use super::{ExtractError, Limits};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Instant;

/// An affine matrix [a b c d e f] (PDF row-vector convention).
pub type Matrix = [f64; 6];
pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// m1 × m2: apply m1 first, then m2.
pub fn mul(m1: &Matrix, m2: &Matrix) -> Matrix {
    [
        m1[0] * m2[0] + m1[1] * m2[2],
        m1[0] * m2[1] + m1[1] * m2[3],
        m1[2] * m2[0] + m1[3] * m2[2],
        m1[2] * m2[1] + m1[3] * m2[3],
        m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
        m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
    ]
}

pub fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// One glyph: its baseline from start to end in device space, its size, and its text
/// (a range of [`PageGlyphs::text`]).
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Font size in device space.
    pub size: f32,
    pub start: u32,
    pub len: u16,
    /// Drawn inside a pagination artifact (tagged running header, footer, page number).
    pub artifact: bool,
}

#[derive(Debug, Default)]
pub struct PageGlyphs {
    pub glyphs: Vec<Glyph>,
    pub text: String,
    pub unmapped: u64,
    /// More glyphs than [`MAX_GLYPHS`] were drawn; the rest were ignored.
    pub truncated: bool,
}

/// Glyphs kept per page at most (bounds memory on hostile content streams).
pub const MAX_GLYPHS: usize = 2_000_000;

impl PageGlyphs {
    pub fn text_of(&self, g: &Glyph) -> &str {
        let s = g.start as usize;
        self.text.get(s..s + usize::from(g.len)).unwrap_or("")
    }
}

/// Fonts already loaded, shared by all pages of a document.
#[derive(Default)]
pub struct FontCache {
    by_id: HashMap<ObjectId, Rc<Font>>,
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    tc: f64,
    tw: f64,
    th: f64,
    tl: f64,
    rise: f64,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
        }
    }
}

const MAX_Q_DEPTH: usize = 256;
const MAX_OPERANDS: usize = 4096;
const MAX_MC_DEPTH: usize = 1024;

/// Everything the interpreter needs while running one page.
pub struct Interp<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    limits: &'a Limits,
    deadline: Instant,
    ops: usize,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    forms: Vec<ObjectId>,
    /// Marked-content stack: (opened an ActualText span, is a pagination artifact).
    mc: Vec<(bool, bool)>,
    /// Marked-content levels beyond the stack bound, still to be closed.
    mc_overflow: usize,
    /// Open pagination artifacts.
    pagination: usize,
    /// Active ActualText: the text, and the glyph that carries it once emitted.
    actual: Option<(String, Option<usize>)>,
    pub out: PageGlyphs,
}

impl<'a> Interp<'a> {
    pub fn new(
        doc: &'a Document,
        fonts: &'a mut FontCache,
        limits: &'a Limits,
        deadline: Instant,
        ctm: Matrix,
    ) -> Self {
        Interp {
            doc,
            fonts,
            limits,
            deadline,
            ops: 0,
            gs: GState {
                ctm,
                ..GState::default()
            },
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            forms: Vec::new(),
            mc: Vec::new(),
            mc_overflow: 0,
            pagination: 0,
            actual: None,
            out: PageGlyphs::default(),
        }
    }

    /// Run a content stream with the given resources.
    pub fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        let mut lx = Lexer::new(content);
        let mut operands: Vec<Operand> = Vec::new();
        while let Some(tok) = lx.next_token() {
            match tok {
                Token::Operand(o) => {
                    if operands.len() < MAX_OPERANDS {
                        operands.push(o);
                    }
                }
                Token::Op(op) => {
                    self.ops += 1;
                    if self.ops > self.limits.max_ops_per_page {
                        return Err(ExtractError::TooLarge(format!(
                            "a page has more than {} drawing operators",
                            self.limits.max_ops_per_page
                        )));
                    }
                    if self.ops.is_multiple_of(512) && Instant::now() > self.deadline {
                        return Err(ExtractError::Timeout(self.limits.timeout.as_secs()));
                    }
                    if op == b"ID" {
                        lx.skip_inline_image();
                    } else {
                        self.op(op, &operands, resources)?;
                    }
                    operands.clear();
                }
            }
        }
        Ok(())
    }

    fn op(
        &mut self,
        op: &[u8],
        a: &[Operand],
        res: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        let n = |i: usize| a.get(i).and_then(Operand::num);
        // Operands are taken from the end: extra leading junk is ignored.
        let last = |k: usize| -> Option<Vec<f64>> {
            let s = a.get(a.len().checked_sub(k)?..)?;
            s.iter().map(Operand::num).collect()
        };
        match op {
            b"q" if self.stack.len() < MAX_Q_DEPTH => self.stack.push(self.gs.clone()),
            b"Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            b"cm" => {
                if let Some(v) = last(6) {
                    let m = [v[0], v[1], v[2], v[3], v[4], v[5]];
                    self.gs.ctm = mul(&m, &self.gs.ctm);
                }
            }
            b"BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            b"ET" => {}
            b"Tc" => self.gs.tc = n(0).unwrap_or(0.0),
            b"Tw" => self.gs.tw = n(0).unwrap_or(0.0),
            b"Tz" => self.gs.th = n(0).unwrap_or(100.0) / 100.0,
            b"TL" => self.gs.tl = n(0).unwrap_or(0.0),
            b"Ts" => self.gs.rise = n(0).unwrap_or(0.0),
            b"Tf" => {
                if let Some(sz) = a.last().and_then(Operand::num) {
                    self.gs.size = sz;
                }
                let name = a.iter().find_map(Operand::name);
                self.gs.font = name.and_then(|nm| self.load_font(res, nm));
            }
            b"Td" => {
                if let Some(v) = last(2) {
                    self.td(v[0], v[1]);
                }
            }
            b"TD" => {
                if let Some(v) = last(2) {
                    self.gs.tl = -v[1];
                    self.td(v[0], v[1]);
                }
            }
            b"Tm" => {
                if let Some(v) = last(6) {
                    self.tm = [v[0], v[1], v[2], v[3], v[4], v[5]];
                    self.tlm = self.tm;
                }
            }
            b"T*" => self.td(0.0, -self.gs.tl),
            b"Tj" => {
                if let Some(Operand::Str(s)) = a.last() {
                    self.show(s);
                }
            }
            b"'" => {
                self.td(0.0, -self.gs.tl);
                if let Some(Operand::Str(s)) = a.last() {
                    self.show(s);
                }
            }
            b"\"" => {
                if let (Some(w), Some(c)) = (n(0), n(1)) {
                    self.gs.tw = w;
                    self.gs.tc = c;
                }
                self.td(0.0, -self.gs.tl);
                if let Some(Operand::Str(s)) = a.last() {
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = a.last() {
                    for it in items {
                        match it {
                            Operand::Str(s) => self.show(s),
                            Operand::Num(k) if k.is_finite() => {
                                let tx = -k / 1000.0 * self.gs.size * self.gs.th;
                                self.advance(tx);
                            }
                            _ => {}
                        }
                    }
                }
            }
            b"Do" => {
                if let Some(name) = a.last().and_then(Operand::name) {
                    self.do_xobject(res, name)?;
                }
            }
            b"BMC" | b"BDC" if self.mc.len() >= MAX_MC_DEPTH => self.mc_overflow += 1,
            b"BMC" => self.mc.push((false, false)),
            b"BDC" => {
                let props = match a.last() {
                    Some(d @ Operand::Dict(_)) => Some(d.clone()),
                    Some(Operand::Name(pn)) => self.properties(res, pn),
                    _ => None,
                };
                let actual = props.as_ref().and_then(actual_from_inline);
                let pagination = a.first().and_then(Operand::name) == Some(b"Artifact")
                    && props
                        .as_ref()
                        .and_then(|p| p.dict_get(b"Type"))
                        .and_then(Operand::name)
                        == Some(b"Pagination");
                let opened = match actual {
                    Some(t) if self.actual.is_none() => {
                        self.actual = Some((t, None));
                        true
                    }
                    _ => false,
                };
                if pagination {
                    self.pagination += 1;
                }
                self.mc.push((opened, pagination));
            }
            b"EMC" => {
                if self.mc_overflow > 0 {
                    self.mc_overflow -= 1;
                } else if let Some((opened, pagination)) = self.mc.pop() {
                    if opened {
                        self.actual = None;
                    }
                    if pagination {
                        self.pagination = self.pagination.saturating_sub(1);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn td(&mut self, tx: f64, ty: f64) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn advance(&mut self, tx: f64) {
        self.tm[4] += tx * self.tm[0];
        self.tm[5] += tx * self.tm[1];
    }

    fn load_font(&mut self, res: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let fonts = get_dict(self.doc, res?, b"Font")?;
        let entry = fonts.get(name).ok()?;
        let max = self.limits.max_stream_bytes;
        if let Object::Reference(id) = entry {
            if let Some(f) = self.fonts.by_id.get(id) {
                return Some(f.clone());
            }
            let d = match deref(self.doc, entry) {
                Object::Dictionary(d) => d,
                _ => return None,
            };
            let f = Rc::new(Font::load(self.doc, d, max));
            self.fonts.by_id.insert(*id, f.clone());
            Some(f)
        } else {
            match entry {
                Object::Dictionary(d) => Some(Rc::new(Font::load(self.doc, d, max))),
                _ => None,
            }
        }
    }

    /// A named property list from the resources, as an operand dictionary (only the keys
    /// the interpreter uses: ActualText, Type).
    fn properties(&self, res: Option<&'a Dictionary>, name: &[u8]) -> Option<Operand> {
        let props = get_dict(self.doc, res?, b"Properties")?;
        let d = match deref(self.doc, props.get(name).ok()?) {
            Object::Dictionary(d) => d,
            _ => return None,
        };
        let mut items = Vec::new();
        if let Some(Object::String(s, _)) = dict_get(self.doc, d, b"ActualText") {
            items.push((b"ActualText".to_vec(), Operand::Str(s.clone())));
        }
        if let Some(t) = get_name(self.doc, d, b"Type") {
            items.push((b"Type".to_vec(), Operand::Name(t.to_vec())));
        }
        Some(Operand::Dict(items))
    }

    fn do_xobject(&mut self, res: Option<&'a Dictionary>, name: &[u8]) -> Result<(), ExtractError> {
        let Some(xobjs) = res.and_then(|r| get_dict(self.doc, r, b"XObject")) else {
            return Ok(());
        };
        let Ok(Object::Reference(id)) = xobjs.get(name) else {
            return Ok(());
        };
        if self.forms.contains(id) || self.forms.len() >= self.limits.max_depth {
            return Ok(());
        }
        let Ok(Object::Stream(stream)) = self.doc.get_object(*id) else {
            return Ok(());
        };
        if get_name(self.doc, &stream.dict, b"Subtype") != Some(b"Form") {
            return Ok(());
        }
        let Ok(content) = stream.decompressed_content_with_limit(self.limits.max_stream_bytes)
        else {
            return Ok(());
        };
        let matrix = match dict_get(self.doc, &stream.dict, b"Matrix") {
            Some(Object::Array(m)) if m.len() == 6 => {
                let v: Vec<f64> = m.iter().filter_map(|o| num(deref(self.doc, o))).collect();
                if v.len() == 6 {
                    [v[0], v[1], v[2], v[3], v[4], v[5]]
                } else {
                    IDENTITY
                }
            }
            _ => IDENTITY,
        };
        let form_res = get_dict(self.doc, &stream.dict, b"Resources").or(res);
        let saved_gs = self.gs.clone();
        let saved_depth = self.stack.len();
        let (saved_tm, saved_tlm) = (self.tm, self.tlm);
        self.gs.ctm = mul(&matrix, &self.gs.ctm);
        self.forms.push(*id);
        let r = self.run(&content, form_res);
        self.forms.pop();
        self.gs = saved_gs;
        self.stack.truncate(saved_depth);
        self.tm = saved_tm;
        self.tlm = saved_tlm;
        r
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let gs = &self.gs;
        let (size, th, rise, tc, tw) = (gs.size, gs.th, gs.rise, gs.tc, gs.tw);
        let ctm = gs.ctm;
        let vertical = font.vertical;
        let vscale = font.vscale;
        // text matrix × CTM, kept in step with the text matrix as glyphs advance
        let mut m = mul(&self.tm, &ctm);
        font.decode(bytes, |d| {
            let trm = mul(&[size * th, 0.0, 0.0, size, 0.0, rise], &m);
            let (x0, y0) = (trm[4], trm[5]);
            let adv = if vertical { 0.0 } else { d.width };
            let (x1, y1) = apply(&trm, adv.max(0.0), 0.0);
            let h = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt() * vscale;
            let is_space = !d.text.is_empty() && d.text.chars().all(char::is_whitespace);
            if d.text.is_empty() {
                self.out.unmapped += 1;
            } else if x0.is_finite()
                && y0.is_finite()
                && x1.is_finite()
                && y1.is_finite()
                && h.is_finite()
            {
                self.emit(d.text, is_space, x0, y0, x1, y1, h);
            }
            let tx = if vertical {
                0.0
            } else {
                (d.width * size + tc + if d.word_space { tw } else { 0.0 }) * th
            };
            if vertical {
                // Vertical writing: move down by one em (approximation without /W2).
                let ty = -(size + tc);
                self.tm[4] += ty * self.tm[2];
                self.tm[5] += ty * self.tm[3];
                m[4] += ty * m[2];
                m[5] += ty * m[3];
            } else {
                self.tm[4] += tx * self.tm[0];
                self.tm[5] += tx * self.tm[1];
                m[4] += tx * m[0];
                m[5] += tx * m[1];
            }
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(&mut self, text: &str, is_space: bool, x0: f64, y0: f64, x1: f64, y1: f64, h: f64) {
        if let Some((t, carrier)) = &mut self.actual {
            match carrier {
                Some(i) => {
                    if let Some(g) = self.out.glyphs.get_mut(*i) {
                        g.x1 = x1 as f32;
                        g.y1 = y1 as f32;
                    }
                    return;
                }
                None => {
                    let text = std::mem::take(t);
                    *carrier = Some(self.out.glyphs.len());
                    self.push_glyph(&text, x0, y0, x1, y1, h);
                    return;
                }
            }
        }
        if is_space {
            // Spaces are kept as glyphs: the layout uses them as word breaks.
            self.push_glyph(" ", x0, y0, x1, y1, h);
        } else {
            self.push_glyph(text, x0, y0, x1, y1, h);
        }
    }

    fn push_glyph(&mut self, text: &str, x0: f64, y0: f64, x1: f64, y1: f64, h: f64) {
        if self.out.glyphs.len() >= MAX_GLYPHS {
            self.out.truncated = true;
            return;
        }
        if text.is_empty()
            || text.len() > u16::MAX as usize
            || self.out.text.len() > u32::MAX as usize / 2
        {
            return;
        }
        let start = self.out.text.len() as u32;
        self.out.text.push_str(text);
        self.out.glyphs.push(Glyph {
            x0: x0 as f32,
            y0: y0 as f32,
            x1: x1 as f32,
            y1: y1 as f32,
            size: h as f32,
            start,
            len: text.len() as u16,
            artifact: self.pagination > 0,
        });
    }
}

/// `ActualText` from an inline property dictionary.
fn actual_from_inline(d: &Operand) -> Option<String> {
    match d.dict_get(b"ActualText")? {
        Operand::Str(s) => Some(text_string(s)),
        _ => None,
    }
}

/// A PDF text string: UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding (≈ Latin-1).
pub fn text_string(s: &[u8]) -> String {
    let t: String = if let Some(rest) = s.strip_prefix(&[0xfe, 0xff]) {
        super::cmap::utf16be(rest)
    } else if let Some(rest) = s.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        s.iter().map(|&b| char::from(b)).collect()
    };
    t.chars()
        .filter(|&c| c != '\u{FFFD}' && (!c.is_control() || c == '\n'))
        .collect()
}
