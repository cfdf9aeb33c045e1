//! Text normalisation, matching rule 1 of `../shared/spec/cli.md`: Unicode NFKC (ligatures
//! such as "ﬁ" become "fi"), soft hyphens removed, non-breaking and other spaces become a
//! plain space, typographic quotes and dashes unified. Line breaks (`\n`) and form feeds are
//! kept: they carry layout that the matcher needs (line-end hyphens).
//!
//! The extractor applies this to every page it stores, and the matcher to every term, so a
//! lexicon and a text always meet in the same form.

use unicode_normalization::UnicodeNormalization;

/// Normalise `text` (see the module documentation).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let fast = text.is_ascii();
    let push = |c: char, out: &mut String| match c {
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        '\n' | '\u{000C}' => out.push(c),
        '\r' => out.push('\n'),
        '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push('\n'),
        '\t' | '\u{000B}' => out.push(' '),
        c if c.is_whitespace() => out.push(' '),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{0060}' | '\u{00B4}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => out.push('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => out.push('-'),
        c if c.is_control() => {}
        c => out.push(c),
    };
    // "\r\n" is one line break.
    let cleaned;
    let text = if text.contains("\r\n") {
        cleaned = text.replace("\r\n", "\n");
        cleaned.as_str()
    } else {
        text
    };
    if fast {
        for c in text.chars() {
            push(c, &mut out);
        }
    } else {
        for c in text.nfkc() {
            push(c, &mut out);
        }
    }
    out
}

/// The number of words in `text`: whitespace-separated tokens holding at least one letter or
/// digit. A word hyphenated at a line end ("safe-" / "guarding") counts once. This is the
/// denominator of every per-10,000-words rate, so it is defined here, once.
pub fn word_count(text: &str) -> u64 {
    let mut n = 0u64;
    let mut joined = false;
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        for (i, tok) in tokens.iter().enumerate() {
            if !tok.chars().any(char::is_alphanumeric) {
                continue;
            }
            if i == 0 && joined {
                joined = false;
                continue;
            }
            n += 1;
        }
        // A line ending in letter + "-" continues its last word on the next line.
        joined = tokens.last().is_some_and(|t| {
            let mut cs = t.chars().rev();
            cs.next() == Some('-') && cs.next().is_some_and(char::is_alphabetic)
        });
    }
    n
}

/// `s` with every run of white space (line breaks included) replaced by one space: how a
/// matched phrase or a passage is shown on one line.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{collapse, normalize, word_count};

    #[test]
    fn word_count_cases() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("one two  three"), 3);
        assert_eq!(word_count("a - b"), 2);
        assert_eq!(word_count("keep safe-\nguarding here"), 3);
        assert_eq!(word_count("line one\nline two"), 4);
        assert_eq!(word_count("2020 figures: 12%"), 3);
    }

    #[test]
    fn rule_1_cases() {
        let cases = [
            ("e\u{FB03}cient", "efficient"),
            ("safe\u{00AD}guarding", "safeguarding"),
            ("trauma\u{00A0}informed", "trauma informed"),
            ("child\u{2011}on\u{2011}child", "child-on-child"),
            ("\u{201C}county lines\u{201D}", "\"county lines\""),
            ("children\u{2019}s", "children's"),
            ("a\u{2003}b\tc", "a b c"),
            ("line\r\nbreak", "line\nbreak"),
            ("plain ascii", "plain ascii"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "{input:?}");
        }
    }

    #[test]
    fn collapse_shows_runs_of_white_space_as_one_space() {
        assert_eq!(collapse("county\n  lines\t\tmodel "), "county lines model ");
        assert_eq!(collapse(""), "");
    }
}
