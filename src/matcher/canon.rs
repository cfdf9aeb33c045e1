//! The canonical text matching runs on (rules 2 and 3 of the spec): lowercased, every run of
//! separators (spaces, hyphens, line breaks) as one space, every letter-hyphen-line
//! break-letter deleted so the halves join into one word (each such join recorded), and a
//! sparse map from canonical offsets back to the original text. Built with a fast path for
//! plain ASCII blocks.

/// The last char of a UTF-8 buffer.
fn last_char(out: &[u8]) -> Option<char> {
    let from = out.len().saturating_sub(4);
    let tail = out.get(from..)?;
    (0..tail.len())
        .find_map(|k| {
            std::str::from_utf8(&tail[k..])
                .ok()
                .filter(|s| !s.is_empty())
        })
        .and_then(|s| s.chars().next_back())
}

/// ASCII bytes copied as they are (lowercased): letters, digits, punctuation but '-'.
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || (c.is_ascii_punctuation() && c != b'-');
        b += 1;
    }
    t
};

/// One-byte separators that become one space when alone between plain bytes.
static SEP1: [bool; 256] = {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'-' as usize] = true;
    t
};

/// Block size of the fastest path in [`Canon::build_with`].
const BLOCK: usize = 64;

/// True when every byte of `w[..BLOCK]` is plain, or a one-byte separator followed by a plain
/// byte (`w` holds one byte of lookahead): the block maps one to one.
fn block_is_plain(w: &[u8]) -> bool {
    let (Some(a), Some(b)) = (w.get(..BLOCK), w.get(1..BLOCK + 1)) else {
        return false;
    };
    let plain = |x: u8| (0x21..=0x7E).contains(&x) & (x != b'-');
    let sep = |x: u8| (x == b' ') | (x == b'\n') | (x == b'\t') | (x == b'\r') | (x == b'-');
    a.iter().zip(b).fold(true, |ok, (&x, &next)| {
        ok & (plain(x) | (sep(x) & plain(next)))
    })
}

/// Append `bytes` (a plain block) lowercased (if `lower`) with separators as spaces.
fn push_mapped(out: &mut Vec<u8>, bytes: &[u8], lower: bool) {
    if lower {
        out.extend(bytes.iter().map(|&x| {
            let x = x | (((x.wrapping_sub(b'A') < 26) as u8) << 5);
            if (x == b'\n') | (x == b'\t') | (x == b'\r') | (x == b'-') {
                b' '
            } else {
                x
            }
        }));
    } else {
        out.extend(bytes.iter().map(|&x| {
            if (x == b'\n') | (x == b'\t') | (x == b'\r') | (x == b'-') {
                b' '
            } else {
                x
            }
        }));
    }
}

/// Byte maps for the fast path: lowercase (or keep) plain bytes, separators to a space.
static MAP_LOWER: [u8; 256] = byte_map(true);
static MAP_KEEP: [u8; 256] = byte_map(false);

const fn byte_map(lower: bool) -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c == b'\n' || c == b'\t' || c == b'\r' || c == b'-' {
            b' '
        } else if lower {
            c.to_ascii_lowercase()
        } else {
            c
        };
        b += 1;
    }
    t
}

/// A segment boundary of the canonical → original offset map.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    canon: usize,
    orig: usize,
    /// Bytes after the anchor map one to one (else all map to `orig`).
    exact: bool,
}

/// The canonical text of rule 2 and 3 (see the module documentation).
pub(super) struct Canon {
    pub(super) text: String,
    /// Canonical offsets where a line-end hyphen joined two parts of a word.
    pub(super) joins: Vec<usize>,
    /// Sorted by `canon`; before the first anchor offsets map one to one.
    anchors: Vec<Anchor>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// Part of a word or punctuation: copied (lowercased).
    Keep,
    /// Space, tab, line break, hyphen: part of a separator run.
    Sep,
    /// Line break (also a separator).
    Newline,
    /// Hyphen (also a separator).
    Hyphen,
    /// Soft hyphen, zero-width characters: ignored.
    Ignore,
}

pub(super) fn class(c: char) -> Class {
    match c {
        '\n' | '\r' | '\u{000C}' | '\u{000B}' | '\u{2028}' | '\u{2029}' | '\u{0085}' => {
            Class::Newline
        }
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Class::Hyphen,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
            Class::Ignore
        }
        c if c.is_whitespace() => Class::Sep,
        _ => Class::Keep,
    }
}

impl Canon {
    #[cfg(test)]
    #[cfg(test)]
    pub(super) fn build(text: &str) -> Canon {
        Canon::build_with(text, true)
    }

    pub(super) fn build_with(text: &str, lower: bool) -> Canon {
        Canon::build_inner(text, lower, true, Vec::new())
    }

    /// `blocks: false` turns the block fast path off (tests compare both paths).
    pub(super) fn build_inner(text: &str, lower: bool, blocks: bool, mut out: Vec<u8>) -> Canon {
        let bytes = text.as_bytes();
        out.clear();
        out.reserve(text.len());
        let mut joins = Vec::new();
        let mut anchors = Vec::new();
        let mut i = 0;
        let map = if lower { &MAP_LOWER } else { &MAP_KEEP };
        while i < bytes.len() {
            // Fastest path: whole 64-byte blocks that map one to one (checked and mapped with
            // branch-free loops the compiler vectorises).
            let block_start = i;
            while let Some(w) = bytes.get(i..i + BLOCK + 1).filter(|_| blocks) {
                if !block_is_plain(w) {
                    break;
                }
                i += BLOCK;
            }
            if i > block_start {
                push_mapped(&mut out, &bytes[block_start..i], lower);
            }
            let stop = (i + BLOCK).min(bytes.len());
            while i < stop {
                // Fast path: a stretch of ASCII word characters and punctuation, with single
                // separators (space, line break, tab, hyphen) between them, maps one to one.
                let start = i;
                while let Some(&b) = bytes.get(i).filter(|_| i < stop) {
                    if PLAIN[b as usize] {
                        i += 1;
                    } else if SEP1[b as usize]
                        && bytes.get(i + 1).is_some_and(|&n| PLAIN[n as usize])
                    {
                        i += 2;
                    } else {
                        break;
                    }
                }
                if i > start {
                    out.extend(bytes[start..i].iter().map(|&b| map[b as usize]));
                    continue;
                }
                let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                    // Not a char boundary: cannot happen for a &str; skip defensively.
                    i += 1;
                    continue;
                };
                let cl = class(c);
                if cl == Class::Keep {
                    let len = c.len_utf8();
                    if !lower || c.is_ascii() {
                        out.extend_from_slice(&bytes[i..i + len]);
                    } else {
                        let mut buf = [0u8; 4];
                        let mut lowered = String::new();
                        for l in c.to_lowercase() {
                            lowered.push_str(l.encode_utf8(&mut buf));
                        }
                        if lowered.len() == len {
                            out.extend_from_slice(lowered.as_bytes());
                        } else {
                            anchors.push(Anchor {
                                canon: out.len(),
                                orig: i,
                                exact: false,
                            });
                            out.extend_from_slice(lowered.as_bytes());
                            anchors.push(Anchor {
                                canon: out.len(),
                                orig: i + len,
                                exact: true,
                            });
                        }
                    }
                    i += len;
                    continue;
                }
                // A run of separators and ignorable characters.
                let run_start = i;
                let mut first_sep: Option<Class> = None;
                let mut hyphens = 0usize;
                let mut newline_after_hyphen = false;
                let mut j = i;
                while let Some(c) = text.get(j..).and_then(|t| t.chars().next()) {
                    let cl = class(c);
                    match cl {
                        Class::Keep => break,
                        Class::Ignore => {}
                        Class::Hyphen => {
                            hyphens += 1;
                            first_sep.get_or_insert(cl);
                        }
                        Class::Newline => {
                            if hyphens > 0 {
                                newline_after_hyphen = true;
                            }
                            first_sep.get_or_insert(cl);
                        }
                        Class::Sep => {
                            first_sep.get_or_insert(cl);
                        }
                    }
                    j += c.len_utf8();
                }
                let run_end = j;
                let joinable =
                    first_sep == Some(Class::Hyphen) && hyphens == 1 && newline_after_hyphen;
                let prev_letter = joinable && last_char(&out).is_some_and(char::is_alphabetic);
                let next_letter = joinable
                    && text
                        .get(run_end..)
                        .and_then(|t| t.chars().next())
                        .is_some_and(char::is_alphabetic);
                match first_sep {
                    None => {
                        // Only ignorable characters (a soft hyphen inside a word): drop them.
                        anchors.push(Anchor {
                            canon: out.len(),
                            orig: run_end,
                            exact: true,
                        });
                    }
                    Some(_) if prev_letter && next_letter => {
                        // "safe-\nguarding": one word; remember where the join is.
                        joins.push(out.len());
                        anchors.push(Anchor {
                            canon: out.len(),
                            orig: run_end,
                            exact: true,
                        });
                    }
                    Some(_) => {
                        if run_end - run_start == 1 {
                            out.push(b' ');
                        } else {
                            anchors.push(Anchor {
                                canon: out.len(),
                                orig: run_start,
                                exact: false,
                            });
                            out.push(b' ');
                            anchors.push(Anchor {
                                canon: out.len(),
                                orig: run_end,
                                exact: true,
                            });
                        }
                    }
                }
                i = run_end;
            }
        }
        // Only whole UTF-8 sequences (and ASCII) were pushed, so this cannot fail.
        let text = String::from_utf8(out).unwrap_or_default();
        Canon {
            text,
            joins,
            anchors,
        }
    }

    /// The original byte offset of canonical offset `c`.
    pub(super) fn map(&self, c: usize) -> usize {
        let k = self.anchors.partition_point(|a| a.canon <= c);
        match k.checked_sub(1).and_then(|k| self.anchors.get(k)) {
            None => c,
            Some(a) if a.exact => a.orig + (c - a.canon),
            Some(a) => a.orig,
        }
    }

    /// The original span of canonical span `s..e` (`e > s`), on char boundaries of `orig`.
    pub(super) fn to_original(&self, orig: &str, s: usize, e: usize) -> (usize, usize) {
        let os = self.map(s).min(orig.len());
        let mut oe = (self.map(e.saturating_sub(1)) + 1).min(orig.len());
        while oe < orig.len() && !orig.is_char_boundary(oe) {
            oe += 1;
        }
        (os, oe.max(os))
    }
}
