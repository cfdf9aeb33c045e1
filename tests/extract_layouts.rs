//! Layouts that used to break terms, on small PDFs built here with hand-placed words
//! (Helvetica 10 pt, text justified to a right margin at x = 300).

mod common;

use common::placed;
use efrh::extract::{extract, Limits};

/// One page; each line is (baseline y, [(x, word)]).
fn page_pdf(lines: &[(f32, &[(f32, &str)])]) -> Vec<u8> {
    placed::lines_pdf(400.0, 800.0, lines)
}

#[test]
fn justified_line_end_hyphen_set_apart_from_its_word_joins_it() {
    // "-" is 3.33 pt wide: at x = 296.67 it ends at the margin; "is" (7.22 pt) at 292.78.
    let pdf = page_pdf(&[
        (
            700.0,
            &[
                (72.0, "Local"),
                (110.0, "partners"),
                (160.0, "use"),
                (190.0, "the"),
                (215.0, "Contex"),
                (296.67, "-"),
            ],
        ),
        (
            688.0,
            &[
                (72.0, "tual"),
                (100.0, "Safeguarding"),
                (175.0, "model"),
                (210.0, "for"),
                (235.0, "county"),
                (292.78, "is"),
            ],
        ),
        (
            676.0,
            &[
                (72.0, "lines"),
                (102.0, "-"),
                (115.0, "not"),
                (140.0, "only"),
                (170.0, "used"),
                (200.0, "in"),
                (215.0, "county"),
                (260.0, "lines"),
                (296.67, "-"),
            ],
        ),
        (
            664.0,
            &[
                (72.0, "Safeguarding"),
                (145.0, "partners"),
                (195.0, "agree"),
                (230.0, "and"),
                (255.0, "wait"),
                (292.78, "is"),
            ],
        ),
        (652.0, &[(72.0, "short"), (102.0, "-")]),
        (640.0, &[(72.0, "end"), (95.0, "of"), (110.0, "text.")]),
    ]);
    let x = extract(&pdf, &Limits::default()).expect("extracts");
    let body = &x.pages[0].body;
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines,
        vec![
            // at the margin, before lower case: a line-end hyphenation
            "Local partners use the Contex-",
            "tual Safeguarding model for county is",
            // mid-line spaced dash, and a dash at the margin before a capital: kept
            "lines - not only used in county lines -",
            "Safeguarding partners agree and wait is",
            // a short line's spaced dash before lower case: kept
            "short -",
            "end of text.",
        ],
        "{body}"
    );
}
