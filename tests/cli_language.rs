//! Bilingual documents and scans (issue 16), through the real binary: a generated English and
//! Welsh PDF, in halves and side by side, has `words` equal to its English words and no Welsh
//! paragraph counted; `text --lang` prints one language; a lexicon with `language = "cy"`
//! reads only the Welsh; a generated scan has its terms counted after `add --ocr`.

mod common;

use common::{argv, stderr, CorpusBuilder, Doc, Scratch};
use efrh::normalize::word_count;
use efrh::pdfwrite::{self, Options};
use std::path::Path;

/// English paragraphs; two of them mention "contextual safeguarding" once each.
const EN: &[&str] = &[
    "This guidance sets out how local authorities, the police and health services in Wales should work together to protect children and young people from harm outside the family.",
    "Practitioners should consider the places and peer groups where harm happens, such as parks, shopping centres, schools and online spaces, and contextual safeguarding gives them a way to do so.",
    "Young people can be sexually or criminally exploited by adults who draw them in with money, drugs or promises of friendship, and they often do not see themselves as victims.",
    "The needs of young people do not disappear when they reach eighteen, so children's and adult services must work together to make sure that transitions are safe.",
    "Contextual safeguarding was piloted in three local authorities between 2019 and 2021, and the evaluation suggests that the approach changed how meetings were held.",
];

/// Welsh paragraphs; two carry the English name "contextual safeguarding" in brackets, which
/// an English lexicon must not count (the English half already says it).
const CY: &[&str] = &[
    "Mae'r canllawiau hyn yn nodi sut y dylai awdurdodau lleol, yr heddlu a'r gwasanaethau iechyd yng Nghymru weithio gyda'i gilydd i ddiogelu plant a phobl ifanc rhag niwed y tu allan i'r teulu.",
    "Dylai ymarferwyr ystyried y lleoedd a'r grwpiau cyfoedion lle mae niwed yn digwydd, megis parciau, canolfannau siopa ac ysgolion, ac mae diogelu cyd-destunol (contextual safeguarding) yn cynnig ffordd o wneud hynny.",
    "Gall pobl ifanc gael eu camfanteisio'n rhywiol neu'n droseddol gan oedolion sy'n eu denu gydag arian, cyffuriau neu addewidion o gyfeillgarwch, ac yn aml nid ydynt yn gweld eu hunain fel dioddefwyr.",
    "Nid yw anghenion pobl ifanc yn diflannu pan fyddant yn cyrraedd deunaw oed, felly mae angen i wasanaethau plant ac oedolion gydweithio er mwyn sicrhau pontio diogel.",
    "Cafodd diogelu cyd-destunol (contextual safeguarding) ei dreialu mewn tri awdurdod lleol rhwng 2019 a 2021, ac mae'r gwerthusiad yn awgrymu bod y dull wedi newid sut y cynhelir cyfarfodydd.",
];

fn words(paragraphs: &[&str]) -> u64 {
    paragraphs.iter().map(|p| word_count(p)).sum()
}

/// Paragraphs wrapped at `width`, a blank line after each.
fn lines(paragraphs: &[&str], width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for p in paragraphs {
        out.extend(pdfwrite::wrap(p, width));
        out.push(String::new());
    }
    out
}

/// English on page 1, Welsh on page 2 (one language after the other).
fn halves_pdf() -> Vec<u8> {
    pdfwrite::text_pdf(&[lines(EN, 80), lines(CY, 80)], &Options::default())
}

/// English in the left column and Welsh in the right, on one page.
fn side_by_side_pdf() -> Vec<u8> {
    pdfwrite::two_column_pdf(&[(lines(EN, 38), lines(CY, 38))], &Options::default())
}

/// `efrh add NAME --nation wales --year 2021 EXTRA` of these bytes: what it did.
fn add(s: &Scratch, name: &str, bytes: &[u8], extra: &[&str]) -> std::process::Output {
    s.write(name, bytes);
    s.run(
        [
            &["add", name][..],
            &argv("--nation wales --year 2021"),
            extra,
        ]
        .concat(),
    )
}

/// A corpus of these PDFs (Wales, 2021), each added as it is.
fn corpus_of(pdfs: Vec<Vec<u8>>) -> Scratch {
    let docs = pdfs
        .into_iter()
        .enumerate()
        .map(|(i, pdf)| Doc::new(&format!("Document {i}"), "wales", 2021).bytes(pdf));
    CorpusBuilder::new().docs(docs).build()
}

fn list_json(s: &Scratch) -> Vec<serde_json::Value> {
    s.list()
}

/// `efrh report --out out`, which must succeed: the report's HTML.
fn report(s: &Scratch) -> String {
    s.ok(["report", "--out", "out"]);
    s.read("out/report.html")
}

/// The `count` of concept `concept` for the only document, and its `words` column.
fn count_one(s: &Scratch, lexicon: Option<&str>, concept: &str) -> (u64, u64) {
    let lexicon = lexicon.map_or(vec![], |l| vec!["--lexicon", l]);
    let rows: Vec<serde_json::Value> =
        s.json([&["count", "--concept", concept][..], &lexicon].concat());
    assert_eq!(rows.len(), 1, "{rows:?}");
    (
        rows[0]["count"].as_u64().expect("count"),
        rows[0]["words"].as_u64().expect("words"),
    )
}

fn check_bilingual(pdf: &[u8]) {
    let s = corpus_of(vec![pdf.to_vec()]);
    let docs = list_json(&s);
    assert_eq!(docs.len(), 1);
    // `words` is the English words, exactly; the languages column gives both shares.
    assert_eq!(docs[0]["words"].as_u64(), Some(words(EN)), "{docs:?}");
    let (en, cy) = (words(EN) as f64, words(CY) as f64);
    let share = |x: f64| (100.0 * x / (en + cy)).round() as u64;
    let langs = docs[0]["languages"].as_str().expect("languages column");
    assert!(
        langs.contains(&format!("en {}%", share(en)))
            && langs.contains(&format!("cy {}%", share(cy))),
        "{langs}"
    );
    // Two English mentions; the two in the Welsh paragraphs are not counted.
    let (count, words_col) = count_one(&s, None, "contextual-safeguarding");
    assert_eq!(count, 2);
    assert_eq!(words_col, words(EN));
    // `efrh check` agrees with the stored per-language words.
    s.ok(["check"]);
}

#[test]
fn bilingual_halves_count_only_the_english_half() {
    check_bilingual(&halves_pdf());
}

#[test]
fn bilingual_columns_side_by_side_count_only_the_english_column() {
    check_bilingual(&side_by_side_pdf());
}

#[test]
fn text_lang_prints_one_language() {
    let s = corpus_of(vec![side_by_side_pdf()]);
    let id = list_json(&s)[0]["id"].as_str().unwrap().to_string();
    let cy = s.ok(["text", &id, "--lang", "cy"]);
    assert_eq!(word_count(&cy), words(CY), "{cy}");
    assert!(
        cy.contains("canllawiau") && !cy.contains("guidance sets out"),
        "{cy}"
    );
    let en = s.ok(["text", &id, "--lang", "en"]);
    assert_eq!(word_count(&en), words(EN), "{en}");
    let err = s.fail(["text", &id, "--lang", "fr"], 2);
    assert!(err.contains("cy (Welsh)"), "{err}");
}

#[test]
fn a_welsh_lexicon_reads_only_welsh_paragraphs() {
    let s = corpus_of(vec![halves_pdf()]);
    let lex = s.write(
        "cy.toml",
        "language = \"cy\"\n\n[[concept]]\nid = \"cs\"\nterms = [\"diogelu cyd-destunol\", \"contextual safeguarding\"]\n",
    );
    let lex = lex.to_string_lossy().into_owned();
    // Both Welsh paragraphs name it in Welsh and in English: leftmost-longest within the
    // concept counts each name once; the two English paragraphs' mentions are not read.
    let (count, words_col) = count_one(&s, Some(&lex), "cs");
    assert_eq!(count, 4);
    // Its rates are per Welsh word.
    assert_eq!(words_col, words(CY));
    let bad = s.write(
        "fr.toml",
        "language = \"fr\"\n[[concept]]\nid = \"x\"\nterms = [\"x\"]\n",
    );
    let err = s.fail(
        [Path::new("count"), Path::new("--lexicon"), bad.as_path()],
        2,
    );
    assert!(err.contains("line 1"), "{err}");
}

/// Welsh only: one page of the Welsh paragraphs.
fn welsh_pdf() -> Vec<u8> {
    pdfwrite::text_pdf(&[lines(CY, 80)], &Options::default())
}

#[test]
fn a_document_all_in_welsh_is_no_scan_and_is_left_out_of_english_rates_with_its_reason() {
    // Added as text (not refused as a scan, not "needs OCR").
    let s = corpus_of(vec![welsh_pdf(), halves_pdf()]);
    let docs = list_json(&s);
    let welsh = docs
        .iter()
        .find(|d| d["words"].as_u64() == Some(0))
        .expect("the Welsh document, 0 English words");
    assert_eq!(welsh["languages"].as_str(), Some("cy 100%"), "{welsh:?}");
    assert_eq!(welsh["quality"].as_str(), Some(""), "{welsh:?}");
    // The English lexicon: only the bilingual document is counted; the Welsh one is left out
    // and said so, as a document without English words, not as a scan.
    let out = s.succeeds(argv(
        "count --format json --concept contextual-safeguarding",
    ));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["words"].as_u64(), Some(words(EN)));
    let err = stderr(&out);
    assert!(
        err.contains("1 document(s) have text but none in the lexicon's language (cy 100%)"),
        "{err}"
    );
    assert!(!err.contains("no text layer"), "{err}");
    // A Welsh lexicon reads it, its rates in Welsh words.
    let lex = s.write(
        "cy.toml",
        "language = \"cy\"\n[[concept]]\nid = \"cs\"\nterms = [\"diogelu cyd-destunol\"]\n",
    );
    let count = [Path::new("count"), Path::new("--format"), Path::new("json")];
    let out = s.succeeds([&count[..], &[Path::new("--lexicon"), lex.as_path()]].concat());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter().all(|r| r["words"].as_u64() == Some(words(CY))),
        "{rows:?}"
    );
    assert!(!stderr(&out).contains("note:"), "{}", stderr(&out));
    // The report says why it is left out, apart from the scans.
    let html = report(&s);
    assert!(
        html.contains("none in the lexicon's language"),
        "report says why"
    );
    assert!(!html.contains("no text layer (scans"), "not as a scan");
}

#[test]
fn search_filters_on_language() {
    let english = pdfwrite::text_pdf(&[lines(EN, 80)], &Options::default());
    let s = corpus_of(vec![welsh_pdf(), english]);
    let hits = |q: &str| -> Vec<serde_json::Value> { s.json(["search", q]) };
    // "contextual safeguarding" is in both (in brackets in the Welsh).
    assert_eq!(hits("\"contextual safeguarding\"").len(), 2);
    let cy = hits("\"contextual safeguarding\" lang:cy");
    assert_eq!(cy.len(), 1, "{cy:?}");
    assert!(
        cy[0]["snippet"].as_str().unwrap_or("").contains("diogelu"),
        "{cy:?}"
    );
    let en = hits("\"contextual safeguarding\" lang:en");
    assert_eq!(en.len(), 1, "{en:?}");
    assert_eq!(hits("\"contextual safeguarding\" NOT lang:cy").len(), 1);
    let err = s.fail(["search", "x lang:fr"], 2);
    assert!(err.contains("cy (Welsh)"), "{err}");
}

fn have_ocr_programs() -> bool {
    efrh::ocr::Ocr::find().is_ok()
}

/// A scan: the text rendered to an image by our own code, wrapped as an image-only PDF.
fn scan_pdf() -> Vec<u8> {
    let text = [
        "Safeguarding young people in the community",
        "",
        "Contextual safeguarding asks practitioners to look",
        "at the places where young people spend their time.",
        "Child criminal exploitation and county lines are",
        "discussed with partners in every locality.",
    ];
    let lines: Vec<String> = text.iter().map(|s| s.to_string()).collect();
    let image = pdfwrite::render_page_image(&lines, 200);
    pdfwrite::image_pdf(&[image], &Options::default())
}

#[test]
fn a_scan_is_read_by_ocr_and_its_terms_counted() {
    // Skips locally without the programs, fails under CI (.ci/run installs them).
    if common::require(
        have_ocr_programs().then_some(()),
        "tesseract and pdftoppm (packages tesseract-ocr, tesseract-ocr-eng, poppler-utils)",
    )
    .is_none()
    {
        return;
    }
    let s = Scratch::new();
    let pdf = scan_pdf();
    // Without --ocr it is refused, and the message says what to do.
    let out = add(&s, "scan.pdf", &pdf, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--ocr"), "{}", stderr(&out));
    let out = add(&s, "scan.pdf", &pdf, &["--ocr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = list_json(&s);
    assert_eq!(docs.len(), 1);
    let quality = docs[0]["quality"].as_str().unwrap_or("");
    assert!(quality.contains("1 page(s) read by OCR"), "{quality}");
    // The original PDF is stored unchanged.
    let id = docs[0]["id"].as_str().unwrap();
    let stored = std::fs::read(s.corpus().join("pdf").join(format!("{id}.pdf"))).unwrap();
    assert_eq!(stored, pdf);
    assert_eq!(docs[0]["ocr_pages"].as_u64(), Some(1), "{docs:?}");
    let (count, words) = count_one(&s, None, "contextual-safeguarding");
    assert_eq!(count, 1);
    assert!(words >= 30, "{words}");
    // kwic rows from the OCR page say so.
    let csv = s.ok(["kwic", "contextual-safeguarding", "--format", "csv"]);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap_or("").ends_with(",ocr"), "{csv}");
    let row = lines.next().unwrap_or("");
    assert!(row.ends_with(",true"), "{csv}");
    // The report counts the OCR pages and marks its lines from them.
    let html = report(&s);
    assert!(
        html.contains("1 page(s) of 1 document(s) were read by OCR"),
        "report counts OCR pages"
    );
    assert!(html.contains("<small>(OCR)</small>"), "kwic line marked");
    assert_eq!(count_one(&s, None, "county-lines").0, 1);
    // reindex without --ocr keeps the OCR text.
    s.ok(["reindex"]);
    assert_eq!(count_one(&s, None, "contextual-safeguarding").0, 1);
    s.ok(["check"]);
}

#[test]
fn ocr_without_the_programs_names_the_packages_and_changes_nothing() {
    let s = Scratch::new();
    s.write("scan.pdf", scan_pdf());
    let empty = s.path().join("no-programs");
    std::fs::create_dir_all(&empty).unwrap();
    let add = argv("add scan.pdf --nation wales --year 2021 --ocr");
    let out = s.efrh_env("PATH", &empty).args(add).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    for package in ["tesseract-ocr", "tesseract-ocr-eng", "poppler-utils"] {
        assert!(err.contains(package), "{err}");
    }
    assert!(!s.corpus().exists(), "nothing changed");
}

#[test]
fn check_compares_the_words_per_language() {
    let s = corpus_of(vec![halves_pdf()]);
    let cat = s.catalogue().expect("catalogue");
    let line = format!("cy = {}", words(CY));
    assert!(cat.contains(&line), "{cat}");
    let tampered = cat.replace(&line, &format!("cy = {}", words(CY) + 1));
    std::fs::write(s.corpus().join("catalogue.toml"), tampered).unwrap();
    let err = s.fail(["check"], 2);
    assert!(err.contains("words per language"), "{err}");
    // An older catalogue without per-language words loads and checks clean.
    let old: String = cat
        .lines()
        .filter(|l| {
            !l.starts_with("[document.words_by_language]")
                && !l.starts_with("cy = ")
                && !l.starts_with("en = ")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(s.corpus().join("catalogue.toml"), old).unwrap();
    s.ok(["check"]);
    let docs = list_json(&s);
    assert_eq!(docs[0]["words"].as_u64(), Some(words(EN)));
    assert_eq!(docs[0]["languages"].as_str(), Some(""));
}
