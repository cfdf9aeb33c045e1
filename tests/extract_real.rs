//! The extractor on the real DfE PDFs in `../shared/real-pdfs` (skipped, with a message, when
//! the folder is absent): known phrases on known pages (page numbers as a reader sees them,
//! checked against pdftotext), page counts, running headers/footers apart from the body.

mod common;

use efrh::extract::{extract, Extraction, Limits};
use std::path::PathBuf;

/// The PDFs a test below reads on its own.
const KCSIE: &str = "Keeping_children_safe_in_education_2025.pdf";
const CIN_CENSUS: &str = "Children_in_need_census_2023_to_2024_guide_v1.0.pdf";
const INFO_SHARING: &str = "Info_sharing_advice_content_May_2024.pdf";
const NATIONAL_FRAMEWORK: &str = "Childrens_Social_Care_National_Framework__Dec_2023.pdf";
const LOOKED_AFTER: &str =
    "Promoting_the_health_and_well-being_of_looked-after_children_August_2022_update.pdf";
const ADVOCACY: &str = "providing_effective_advocacy.pdf";

fn folder() -> Option<PathBuf> {
    common::real_pdfs()
}

fn load(name: &str) -> Option<Extraction> {
    let dir = folder()?;
    let path = dir.join(name);
    let bytes = common::require(std::fs::read(&path).ok(), &path.display().to_string())?;
    Some(extract(&bytes, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// Page text joined into one line per page (a phrase may wrap).
fn flat(x: &Extraction, page: usize) -> String {
    let p = &x.pages[page - 1];
    p.body.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every page's body, one after the other.
fn bodies(x: &Extraction) -> String {
    x.pages
        .iter()
        .map(|p| p.body.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_real_pdf_extracts_with_the_right_page_count() {
    let expected = [
        ("CA1989_Transitions_Guidance.pdf", 122),
        ("Children_in_need_census_2023_to_2024_guide_v1.0.pdf", 74),
        ("Children_missing_education_guidance_-_August_2024.pdf", 32),
        ("Children_s_social_work_workforce_census_2024_to_2025_-_business_and_technical_specification_v1.pdf", 24),
        ("Childrens_Social_Care_National_Framework__Dec_2023.pdf", 66),
        ("Childrens_social_care_dashboard_supporting_information_Oct_2024.pdf", 19),
        ("Families_first_for_children_pathfinder_implementation_and_process_evaluation_report.pdf", 101),
        ("Info_sharing_advice_content_May_2024.pdf", 28),
        ("Keeping_children_safe_in_education_2025.pdf", 187),
        ("Local_offer_guidance.pdf", 17),
        ("Promoting_the_health_and_well-being_of_looked-after_children_August_2022_update.pdf", 43),
        ("The_designated_teacher_for_looked-after_and_previously_looked-after_children.pdf", 50),
        ("adoption_statutory_guidance_2013.pdf", 244),
        ("providing_effective_advocacy.pdf", 31),
    ];
    for (name, pages) in expected {
        let Some(x) = load(name) else { return };
        assert_eq!(x.pages.len(), pages, "{name}");
        let all: String = x
            .pages
            .iter()
            .map(|p| format!("{}{}{}", p.header, p.body, p.footer))
            .collect();
        assert!(!all.contains('\u{FFFD}'), "{name}: replacement character");
        assert!(
            all.split_whitespace().count() > pages * 50,
            "{name}: too little text"
        );
        assert!(
            x.quality.failed_pages.is_empty(),
            "{name}: failed pages {:?}",
            x.quality.failed_pages
        );
        assert!(
            x.quality.empty_pages.len() * 10 <= pages,
            "{name}: empty pages {:?}",
            x.quality.empty_pages
        );
    }
}

#[test]
fn kcsie_known_phrases_and_page_numbers_in_the_footer() {
    let Some(x) = load(KCSIE) else { return };
    assert!(flat(&x, 12).contains("the persistent emotional maltreatment of a child"));
    // "ill-" ends a line and "treatment" starts the next: the hyphen is kept as printed
    assert!(
        x.pages[11].body.contains("ill-\ntreatment of another"),
        "{}",
        x.pages[11].body
    );
    assert!(flat(&x, 1).contains("Keeping children safe in education"));
    // page numbers are furniture, never body text
    for n in [5usize, 10, 50, 100] {
        let p = &x.pages[n - 1];
        assert!(
            p.footer.split_whitespace().any(|w| w == n.to_string()),
            "page {n} footer {:?}",
            p.footer
        );
        let last = p.body.lines().last().unwrap_or("");
        assert_ne!(
            last.trim(),
            n.to_string(),
            "page {n} body ends with its number"
        );
    }
}

#[test]
fn children_in_need_superscript_ordinals() {
    let Some(x) = load(CIN_CENSUS) else { return };
    let t = flat(&x, 13);
    assert!(t.contains("until the young person's 21st birthday"), "{t}");
    assert!(t.contains("until their 25th birthday"), "{t}");
}

#[test]
fn info_sharing_footnote_markers_do_not_glue_to_words() {
    let Some(x) = load(INFO_SHARING) else { return };
    let t = flat(&x, 4);
    assert!(t.contains("Caldicott Guardian"), "{t}");
    assert!(!t.contains("Officer5"), "{t}");
}

#[test]
fn national_framework_mentions_criminal_exploitation_on_page_19() {
    let Some(x) = load(NATIONAL_FRAMEWORK) else {
        return;
    };
    assert!(flat(&x, 19)
        .to_lowercase()
        .contains("criminal exploitation"));
}

#[test]
fn identity_h_fonts_without_tounicode_are_decoded_from_the_embedded_font() {
    // Word output: CID TrueType fonts with Identity-H and no ToUnicode map.
    let Some(x) = load(LOOKED_AFTER) else { return };
    let all = bodies(&x);
    assert!(all.contains("looked-after children"));
    assert!(
        x.quality.unmapped_glyphs < 100,
        "unmapped {}",
        x.quality.unmapped_glyphs
    );
}

#[test]
fn advocacy_paragraph_numbers_stay_with_their_paragraph() {
    // pdftotext puts "1.1" after the paragraph's text; the number belongs before it.
    let Some(x) = load(ADVOCACY) else { return };
    let all = bodies(&x);
    let flat: String = all.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("1.1 This guidance is"),
        "paragraph number order"
    );
}
