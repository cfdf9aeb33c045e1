//! `keyword_enum!`: an option whose values are a few keywords (`--format table|csv|json`).

/// Gives an enum of unit variants `as_str` (its keyword), `Display` as that keyword, and
/// `FromStr` that reads the keyword or one of its aliases in any case, trimmed, and otherwise
/// says what was expected: `unknown format 'xml' (expected table, csv or json)`.
///
/// ```ignore
/// keyword_enum!(Format, "format", { Table => "table", Csv => "csv" | "comma" });
/// ```
macro_rules! keyword_enum {
    ($t:ident, $what:literal, { $($v:ident => $name:literal $(| $alias:literal)*),+ $(,)? }) => {
        impl $t {
            /// The keyword that names this value (in output, and first in `FromStr`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($t::$v => $name,)+
                }
            }
        }

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($name $(| $alias)* => Ok($t::$v),)+
                    other => Err(format!(
                        "unknown {} '{other}' (expected {})",
                        $what,
                        $crate::keyword::one_of(&[$($name),+])
                    )),
                }
            }
        }
    };
}

/// `a, b or c`: the keywords an error names as expected.
pub(crate) fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Shape {
        Round,
        Square,
        Flat,
    }

    keyword_enum!(Shape, "shape", { Round => "round" | "circle", Square => "square", Flat => "flat" });

    #[test]
    fn keywords_and_aliases_parse_in_any_case_and_display_as_the_keyword() {
        assert_eq!(" Circle ".parse::<Shape>(), Ok(Shape::Round));
        assert_eq!("SQUARE".parse::<Shape>(), Ok(Shape::Square));
        assert_eq!(Shape::Round.to_string(), "round");
        assert_eq!(Shape::Flat.as_str(), "flat");
    }

    #[test]
    fn an_unknown_keyword_names_the_expected_ones() {
        assert_eq!(
            " Oval".parse::<Shape>(),
            Err("unknown shape 'oval' (expected round, square or flat)".to_string())
        );
        assert_eq!(super::one_of(&["a"]), "a");
        assert_eq!(super::one_of(&["a", "b"]), "a or b");
    }
}
