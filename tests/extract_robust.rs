//! Robustness: mutated PDFs (bytes flipped, truncated, slices duplicated, junk operators in
//! content streams) must give text or a plain error, never a panic, a hang or U+FFFD.
//! Deterministic (fixed-seed generator) and bounded in count and time. This complements the
//! cargo-fuzz target in `fuzz/` (which needs nightly); every crash found there is kept here
//! as a regression case.
//!
//! `EFRH_FUZZ_SEEDS=DIR cargo test --test extract_robust` also writes the seed PDFs to DIR
//! for `cargo +nightly fuzz run extract DIR`.

mod common;

use efrh::extract::{extract, Limits};
use efrh::pdfwrite::{text_pdf, wrap, Options};
use std::time::{Duration, Instant};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn limits() -> Limits {
    Limits {
        max_stream_bytes: 32 * 1024 * 1024,
        max_ops_per_page: 500_000,
        timeout: Duration::from_secs(20),
        ..Limits::default()
    }
}

fn check(bytes: &[u8], what: &str) {
    if let Ok(x) = extract(bytes, &limits()) {
        for p in &x.pages {
            assert!(
                !p.body.contains('\u{FFFD}')
                    && !p.header.contains('\u{FFFD}')
                    && !p.footer.contains('\u{FFFD}'),
                "{what}: replacement character"
            );
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let text = "Contextual safeguarding and child criminal exploitation: county lines, trauma-informed practice, \
                extra-familial harm and the places where young people spend their time.";
    let lines = wrap(&text.repeat(6), 60);
    let plain = Options {
        compress: false,
        ..Options::default()
    };
    let furniture = Options {
        compress: false,
        header: Some("Keeping children safe".into()),
        footer: Some("Page {page} of {pages}".into()),
        ..Options::default()
    };
    let encrypted = Options {
        user_password: Some(String::new()),
        ..Options::default()
    };
    let mut v = vec![
        text_pdf(std::slice::from_ref(&lines), &plain),
        text_pdf(&[lines.clone(), lines.clone()], &furniture),
        text_pdf(std::slice::from_ref(&lines), &encrypted),
        text_pdf(&[lines], &Options::default()),
    ];
    // hand-written content with TJ, Differences, forms and marked content
    v.push(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 600 800]/Resources<</Font<</F1 5 0 R>>/XObject<</X 6 0 R>>>>/Contents 4 0 R>>endobj\n\
4 0 obj<</Length 120>>stream\nBT /F1 12 Tf 72 700 Td [(Con)20(tex)-300(tual)] TJ /Span<</ActualText(x)>>BDC (y) Tj EMC ET /X Do q 1 0 0 1 5 5 cm /X Do Q\nendstream endobj\n\
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding<</Differences[1/fi/uni2019/g7]>>>>endobj\n\
6 0 obj<</Type/XObject/Subtype/Form/BBox[0 0 10 10]/Resources<</Font<</F1 5 0 R>>/XObject<</X 6 0 R>>>>/Length 30>>stream\nBT /F1 9 Tf (\\001\\002) Tj ET /X Do\nendstream endobj\n\
trailer<</Root 1 0 R>>\n%%EOF\n"
            .to_vec(),
    );
    v
}

fn mutate(rng: &mut Rng, src: &[u8]) -> Vec<u8> {
    let mut b = src.to_vec();
    if b.is_empty() {
        return b;
    }
    match rng.below(5) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
        }
        1 => {
            let cut = rng.below(b.len());
            b.truncate(cut.max(16));
        }
        2 => {
            let i = rng.below(b.len());
            let j = (i + rng.below(400)).min(b.len());
            let slice = b[i..j].to_vec();
            let at = rng.below(b.len());
            b.splice(at..at, slice);
        }
        3 => {
            const JUNK: [&[u8]; 10] = [
                b" q q q ",
                b" Q Q ",
                b" [ [ [ ",
                b" ) ",
                b" <<<< ",
                b" /F1 -1e99 Tf ",
                b" 1 0 0 0 0 0 cm ",
                b" BT ET ET ",
                b" BI ID \x00\x01 ",
                b" (\\",
            ];
            let at = rng.below(b.len());
            let junk = JUNK[rng.below(JUNK.len())];
            b.splice(at..at, junk.iter().copied());
        }
        _ => {
            // replace a number somewhere with an extreme one
            let at = rng.below(b.len());
            let extreme: &[u8] = [&b"99999999999"[..], b"-0", b"1e308", b"NaN"][rng.below(4)];
            b.splice(at..(at + 1).min(b.len()), extreme.iter().copied());
        }
    }
    b
}

#[test]
fn mutated_pdfs_never_panic_or_emit_replacement_characters() {
    let seeds = seeds();
    if let Ok(dir) = std::env::var("EFRH_FUZZ_SEEDS") {
        let _ = std::fs::create_dir_all(&dir);
        for (i, s) in seeds.iter().enumerate() {
            let _ = std::fs::write(format!("{dir}/seed{i}.pdf"), s);
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = Instant::now();
    let mut n = 0;
    for round in 0..3000 {
        if start.elapsed() > Duration::from_secs(30) {
            break;
        }
        let seed = &seeds[round % seeds.len()];
        let mut m = mutate(&mut rng, seed);
        if rng.below(3) == 0 {
            m = mutate(&mut rng, &m);
        }
        check(&m, &format!("round {round}"));
        n += 1;
    }
    assert!(n >= 100, "only {n} mutations ran");
}

#[test]
fn mutated_real_pdfs_never_panic() {
    let Some(dir) = common::real_pdfs() else {
        return;
    };
    let mut rng = Rng(42);
    let start = Instant::now();
    for name in [
        "Local_offer_guidance.pdf",
        "Childrens_social_care_dashboard_supporting_information_Oct_2024.pdf",
    ] {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            continue;
        };
        for round in 0..40 {
            if start.elapsed() > Duration::from_secs(40) {
                return;
            }
            let m = mutate(&mut rng, &bytes);
            check(&m, &format!("{name} round {round}"));
        }
    }
}

/// A one-page PDF written out by hand (no cross-reference table) around this content stream,
/// which may be far larger than any writer would make.
fn one_page_pdf(content: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 600 800]/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>/Contents 4 0 R>>endobj\n\
4 0 obj<</Length {}>>stream\n{content}\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        content.len() + 1
    )
    .into_bytes()
}

/// Deeply nested arrays and dictionaries in a content stream must not overflow the stack.
#[test]
fn deep_nesting_in_content_is_bounded() {
    let deep = format!("{}{}", "[".repeat(100_000), "<<".repeat(100_000));
    let content = format!("BT /F1 12 Tf 72 700 Td (ok) Tj ET {deep}");
    let x = extract(&one_page_pdf(&content), &limits()).expect("extracts");
    assert_eq!(x.pages[0].body, "ok");
}

/// A page drawing millions of glyphs is cut off at the glyph bound and reported as failed,
/// instead of exhausting memory.
#[test]
fn glyph_flood_is_bounded_and_reported() {
    let flood = "ab ".repeat(700_001);
    let content = format!("BT /F1 1 Tf 0 0 Td ({flood}) Tj ET");
    let x = extract(&one_page_pdf(&content), &limits()).expect("extracts");
    assert_eq!(x.quality.failed_pages, vec![1]);
    assert!(x.pages[0].body.starts_with("ab ab"));
}
