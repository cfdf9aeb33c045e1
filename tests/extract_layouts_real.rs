//! Reading-order and joining mistakes first seen on the real DfE PDFs (`../shared/real-pdfs`,
//! found with `cargo bench --bench extract_quality -- --pages N`), each rebuilt here as a small
//! PDF of hand-placed Helvetica words so the test needs no real file.

mod common;

use common::placed::{at, ending_at, justified, page_pdf, ragged, width, Word};
use efrh::extract::{extract, Limits};

fn body(words: &[Word]) -> String {
    let pdf = page_pdf(595.0, 842.0, words);
    let x = extract(&pdf, &Limits::default()).expect("extracts");
    x.pages.first().map(|p| p.body.clone()).unwrap_or_default()
}

/// KCSIE 2025 p.105, CA1989 transitions guidance p.90: ragged (unjustified) text whose line
/// ends in a spaced dash before a lower-case word is a dash, not a hyphenated word, even when
/// that line is the longest around ("are met -" / "see paragraph 354" became "met-see").
#[test]
fn ragged_line_ending_in_a_spaced_dash_is_not_a_hyphenation() {
    let size = 11.0;
    let mut words = Vec::new();
    words.extend(ragged(
        72.0,
        700.0,
        size,
        "providing a reference to potential employers when",
    ));
    words.extend(ragged(
        72.0,
        686.0,
        size,
        "requested, or considering whether to make a",
    ));
    words.extend(ragged(
        72.0,
        672.0,
        size,
        "referral to the Teaching Regulation Agency where the criteria are met -",
    ));
    words.extend(ragged(
        72.0,
        658.0,
        size,
        "see paragraph 354 on what to send.",
    ));
    words.extend(ragged(
        72.0,
        644.0,
        size,
        "Staff who resign are referred too.",
    ));
    let text = body(&words);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.get(2..4),
        Some(
            &[
                "referral to the Teaching Regulation Agency where the criteria are met -",
                "see paragraph 354 on what to send."
            ][..]
        ),
        "{text}"
    );
}

/// The same dash at the right margin of a justified paragraph (two or more other lines end at
/// the same x) is LibreOffice's detached hyphenation and joins its word.
#[test]
fn justified_line_ending_in_a_detached_hyphen_joins_its_word() {
    let size = 11.0;
    let (left, right) = (72.0, 400.0);
    let mut words = Vec::new();
    words.extend(justified(
        left,
        right,
        700.0,
        size,
        "Local safeguarding partners agree the",
    ));
    words.extend(justified(
        left,
        right,
        686.0,
        size,
        "arrangements for the area and use the",
    ));
    words.extend(justified(
        left,
        right - 4.0,
        672.0,
        size,
        "shared model of the Contex",
    ));
    words.push(ending_at(right, 672.0, size, "-"));
    words.extend(justified(
        left,
        right,
        658.0,
        size,
        "tual Safeguarding approach to harm outside",
    ));
    words.extend(ragged(left, 644.0, size, "the home."));
    let text = body(&words);
    assert!(text.contains("Contex-\ntual"), "{text}");
}

/// Advocacy guidance (2004) p.1: a two-line logo ("Get it" / "Sorted") beside the first lines
/// of a seven-line title is read after the title, not woven into its lines ("Providing
/// Effective Get it" / "Advocacy Services for Sorted").
#[test]
fn logo_beside_the_first_lines_of_a_title_is_read_after_it() {
    let size = 32.0;
    let title = [
        "Guidance",
        "Providing Effective",
        "Advocacy Services for",
        "Children and Young",
        "People Making a",
        "Complaint under the",
        "Children Act 1989",
    ];
    let mut words = Vec::new();
    for (k, line) in title.iter().enumerate() {
        let y = 770.0 - 41.0 * k as f32;
        words.extend(ragged(76.0, y, size, line));
    }
    // 45 pt right of the title's widest line, as on the page
    let logo = 76.0 + title.iter().map(|t| width(t, size)).fold(0.0, f32::max) + 45.0;
    words.push(at(logo, 770.0 - 41.0, size, "Get it"));
    words.push(at(logo, 770.0 - 82.0, size, "Sorted"));
    let text = body(&words);
    let mut expected: Vec<&str> = title.to_vec();
    expected.extend(["Get it", "Sorted"]);
    assert_eq!(text.lines().collect::<Vec<_>>(), expected, "{text}");
}
