//! A forgiving tokenizer for content streams and CMaps.
//!
//! lopdf's content parser fails a whole stream on one bad token; this one skips what it cannot
//! read and goes on, so a damaged operator costs one operator, not one page. It never panics
//! on any input: every byte access is bounds-checked, and nesting of arrays/dictionaries is
//! depth-limited.

/// One operand (or a whole array/dictionary) in a content stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Num(f64),
    Str(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Operand>),
    Dict(Vec<(Vec<u8>, Operand)>),
    Bool(bool),
    Null,
}

impl Operand {
    pub fn num(&self) -> Option<f64> {
        match self {
            Operand::Num(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
    pub fn name(&self) -> Option<&[u8]> {
        match self {
            Operand::Name(n) => Some(n),
            _ => None,
        }
    }
    pub fn dict_get(&self, key: &[u8]) -> Option<&Operand> {
        match self {
            Operand::Dict(d) => d.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// A token: an operand or an operator keyword.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Operand(Operand),
    Op(&'a [u8]),
}

const MAX_NESTING: usize = 64;

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the data.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_ws();
            let b = self.peek()?;
            match b {
                b')' | b'>' | b']' | b'}' | b'{' => {
                    // Stray closing delimiter or PostScript brace: skip it.
                    self.pos += 1;
                    continue;
                }
                b'/' | b'(' | b'<' | b'[' | b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    return self.operand(0).map(Token::Operand).or_else(|| {
                        // unreadable operand: skip one byte and keep going
                        self.pos += 1;
                        Some(Token::Operand(Operand::Null))
                    });
                }
                _ => {
                    let word = self.regular_run();
                    if word.is_empty() {
                        self.pos += 1;
                        continue;
                    }
                    return Some(match word {
                        b"true" => Token::Operand(Operand::Bool(true)),
                        b"false" => Token::Operand(Operand::Bool(false)),
                        b"null" => Token::Operand(Operand::Null),
                        _ => Token::Op(word),
                    });
                }
            }
        }
    }

    fn operand(&mut self, depth: usize) -> Option<Operand> {
        self.skip_ws();
        let b = self.peek()?;
        match b {
            b'/' => {
                self.pos += 1;
                Some(Operand::Name(self.name()))
            }
            b'(' => {
                self.pos += 1;
                Some(Operand::Str(self.literal_string()))
            }
            b'<' => {
                if self.data.get(self.pos + 1) == Some(&b'<') {
                    self.pos += 2;
                    self.dict(depth)
                } else {
                    self.pos += 1;
                    Some(Operand::Str(self.hex_string()))
                }
            }
            b'[' => {
                self.pos += 1;
                self.array(depth)
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number(),
            _ => {
                // keyword inside an array/dict: true/false/null or junk
                match self.regular_run() {
                    b"true" => Some(Operand::Bool(true)),
                    b"false" => Some(Operand::Bool(false)),
                    b"" => {
                        self.pos += 1;
                        Some(Operand::Null)
                    }
                    _ => Some(Operand::Null),
                }
            }
        }
    }

    /// The run of regular characters (neither white space nor a delimiter) at the position,
    /// which moves past it; empty when the position is at white space, a delimiter or the end.
    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if is_white(c) || is_delim(c) {
                break;
            }
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or(&[])
    }

    /// An operand nested one level below `depth`, always moving at least one byte on (so a
    /// byte that starts nothing readable cannot stall the array or dictionary around it).
    fn nested(&mut self, depth: usize) -> Option<Operand> {
        let before = self.pos;
        let o = self.operand(depth + 1);
        if self.pos == before {
            self.pos += 1;
        }
        o
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if is_white(c) || is_delim(c) {
                break;
            }
            self.pos += 1;
            if c == b'#' {
                let h = self.data.get(self.pos).and_then(|&x| hex_val(x));
                let l = self.data.get(self.pos + 1).and_then(|&x| hex_val(x));
                if let (Some(h), Some(l)) = (h, l) {
                    out.push(h * 16 + l);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(c);
        }
        out
    }

    fn number(&mut self) -> Option<Operand> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if matches!(c, b'+' | b'-' | b'.' | b'0'..=b'9') {
                self.pos += 1;
            } else {
                break;
            }
        }
        let s = self.data.get(start..self.pos)?;
        Some(Operand::Num(parse_number(s)))
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return out;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if let Some(v) = hex_val(c) {
                match hi.take() {
                    Some(h) => out.push(h * 16 + v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            out.push(h * 16);
        }
        out
    }

    /// Skip white space; true at the end of the data or at `close` (moved past: `]`, or `>`
    /// with the `>` after it when there is one), which ends an array or a dictionary.
    fn closed(&mut self, close: u8) -> bool {
        self.skip_ws();
        match self.peek() {
            None => true,
            Some(b) if b == close => {
                self.pos += 1;
                if close == b'>' && self.peek() == Some(b'>') {
                    self.pos += 1;
                }
                true
            }
            Some(_) => false,
        }
    }

    fn array(&mut self, depth: usize) -> Option<Operand> {
        let mut items = Vec::new();
        while !self.closed(b']') {
            if depth >= MAX_NESTING {
                self.pos += 1;
                continue;
            }
            if let Some(o) = self.nested(depth) {
                items.push(o);
            }
        }
        Some(Operand::Array(items))
    }

    fn dict(&mut self, depth: usize) -> Option<Operand> {
        let mut items = Vec::new();
        while !self.closed(b'>') {
            if self.peek() != Some(b'/') {
                let _ = self.nested(depth);
                continue;
            }
            self.pos += 1;
            let key = self.name();
            if depth >= MAX_NESTING {
                continue;
            }
            self.skip_ws();
            if matches!(self.peek(), Some(b'>') | None) {
                items.push((key, Operand::Null));
                continue;
            }
            let v = self.nested(depth).unwrap_or(Operand::Null);
            items.push((key, v));
        }
        Some(Operand::Dict(items))
    }

    /// After a `BI … ID` inline image header: skip the binary data up to `EI`.
    pub fn skip_inline_image(&mut self) {
        // Data starts after one whitespace byte following ID.
        if self.peek().is_some_and(is_white) {
            self.pos += 1;
        }
        let d = self.data;
        let mut i = self.pos;
        while i + 2 <= d.len() {
            if d.get(i) == Some(&b'E')
                && d.get(i + 1) == Some(&b'I')
                && i > 0
                && d.get(i - 1).is_some_and(|&b| is_white(b))
                && d.get(i + 2).is_none_or(|&b| is_white(b) || is_delim(b))
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = d.len();
    }
}

/// Parse a PDF number leniently ("--5", "5.", ".5", "1.2.3" all give something).
pub fn parse_number(s: &[u8]) -> f64 {
    let mut neg = false;
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        match c {
            b'-' => neg = !neg,
            b'+' => {}
            _ => break,
        }
        i += 1;
    }
    let mut v = 0f64;
    let mut frac = 0f64;
    let mut scale = 1f64;
    let mut seen_dot = false;
    while let Some(&c) = s.get(i) {
        match c {
            b'0'..=b'9' => {
                if seen_dot {
                    scale *= 0.1;
                    frac += f64::from(c - b'0') * scale;
                } else {
                    v = v * 10.0 + f64::from(c - b'0');
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => break,
        }
        i += 1;
    }
    let r = v + frac;
    let r = if neg { -r } else { r };
    if r.is_finite() {
        r
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token<'_>> {
        let mut l = Lexer::new(s.as_bytes());
        let mut v = Vec::new();
        while let Some(t) = l.next_token() {
            v.push(t);
        }
        v
    }

    #[test]
    fn reads_operands_and_operators() {
        let t = toks("BT /F1 12 Tf (a\\(b\\)c) Tj [(x) -250 <4142>] TJ ET");
        assert_eq!(t[0], Token::Op(b"BT"));
        assert_eq!(t[1], Token::Operand(Operand::Name(b"F1".to_vec())));
        assert_eq!(t[2], Token::Operand(Operand::Num(12.0)));
        assert_eq!(t[4], Token::Operand(Operand::Str(b"a(b)c".to_vec())));
        assert_eq!(
            t[6],
            Token::Operand(Operand::Array(vec![
                Operand::Str(b"x".to_vec()),
                Operand::Num(-250.0),
                Operand::Str(b"AB".to_vec())
            ]))
        );
    }

    #[test]
    fn octal_escapes_and_numbers() {
        let t = toks("(\\101\\1) -.5 --3 4.");
        assert_eq!(t[0], Token::Operand(Operand::Str(vec![65, 1])));
        assert_eq!(t[1], Token::Operand(Operand::Num(-0.5)));
        assert_eq!(t[2], Token::Operand(Operand::Num(3.0)));
        assert_eq!(t[3], Token::Operand(Operand::Num(4.0)));
    }

    #[test]
    fn garbage_never_panics() {
        for s in [
            "<<<<[[[[(((",
            ")>]}<</A",
            "[",
            "<",
            "(\\",
            "/#4",
            "<< /A [1 2",
        ] {
            let _ = toks(s);
        }
    }
}
