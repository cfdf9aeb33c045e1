//! Escaping text for the two markup languages efrh writes: the HTML report ([`html`]) and the
//! REFI-QDA project's XML ([`xml`]). One loop, two dialects: they agree on the five markup
//! characters but not on the apostrophe, on line breaks or on which characters are not allowed.

/// Which markup the text goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Html,
    Xml,
}

/// HTML-escape text for element content and attribute values. Control characters other than
/// tab and newline are not valid in HTML text and become U+FFFD.
pub fn html(s: &str) -> String {
    escape(s, Dialect::Html)
}

/// Escape text for XML content and attribute values. Characters XML 1.0 does not allow
/// (control characters other than tab and line breaks, U+FFFE, U+FFFF) become U+FFFD; tab and
/// line breaks are written as references so attribute values keep them.
pub fn xml(s: &str) -> String {
    escape(s, Dialect::Xml)
}

fn escape(s: &str, dialect: Dialect) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match (dialect, c) {
            (_, '&') => out.push_str("&amp;"),
            (_, '<') => out.push_str("&lt;"),
            (_, '>') => out.push_str("&gt;"),
            (_, '"') => out.push_str("&quot;"),
            (Dialect::Html, '\'') => out.push_str("&#39;"),
            (Dialect::Xml, '\'') => out.push_str("&apos;"),
            (Dialect::Xml, '\t') => out.push_str("&#9;"),
            (Dialect::Xml, '\n') => out.push_str("&#10;"),
            (Dialect::Xml, '\r') => out.push_str("&#13;"),
            (Dialect::Html, c) if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            (Dialect::Xml, c) if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push('\u{FFFD}')
            }
            (_, c) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_dialect_escapes_as_it_must() {
        // (text, as HTML, as XML)
        let cases = [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "a \"b\" 'c' & d",
                "a &quot;b&quot; &#39;c&#39; &amp; d",
                "a &quot;b&quot; &apos;c&apos; &amp; d",
            ),
            // Tab and newline: kept in HTML, references in XML (attribute values keep them).
            ("l1\nl2\tt\r", "l1\nl2\tt\u{FFFD}", "l1&#10;l2&#9;t&#13;"),
            // Control characters: DEL is allowed in XML 1.0, U+FFFE/U+FFFF are not.
            (
                "x\u{0}y\u{C}z",
                "x\u{FFFD}y\u{FFFD}z",
                "x\u{FFFD}y\u{FFFD}z",
            ),
            ("a\u{7F}b\u{FFFF}", "a\u{FFFD}b\u{FFFF}", "a\u{7F}b\u{FFFD}"),
            ("gŵyl tŷ — ok", "gŵyl tŷ — ok", "gŵyl tŷ — ok"),
        ];
        for (text, as_html, as_xml) in cases {
            assert_eq!(html(text), as_html, "html({text:?})");
            assert_eq!(xml(text), as_xml, "xml({text:?})");
        }
    }
}
