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
    fn html_escapes_markup() {
        assert_eq!(
            html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            html("a \"b\" 'c' & d"),
            "a &quot;b&quot; &#39;c&#39; &amp; d"
        );
        assert_eq!(html("x\u{0}y\u{7F}z\r"), "x\u{FFFD}y\u{FFFD}z\u{FFFD}");
        assert_eq!(html("l1\nl2\tt"), "l1\nl2\tt");
        assert_eq!(html("Safeguarding — ok"), "Safeguarding — ok");
    }

    #[test]
    fn xml_escapes_markup_and_characters_xml_forbids() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(xml("x\u{0}y\u{C}z\u{FFFF}"), "x\u{FFFD}y\u{FFFD}z\u{FFFD}");
        assert_eq!(xml("l1\nl2\tt\r"), "l1&#10;l2&#9;t&#13;");
        // DEL is allowed in XML 1.0 and kept.
        assert_eq!(xml("a\u{7F}b"), "a\u{7F}b");
        assert_eq!(xml("gŵyl tŷ"), "gŵyl tŷ");
    }
}
