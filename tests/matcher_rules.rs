//! Table-driven tests of matching rules 1–5 (`../shared/spec/cli.md`) and the traps a naive
//! matcher falls into. Each case: a lexicon (concept id, terms, acronyms), the pages of a
//! document, and every expected occurrence as (concept id, page, matched text as it appears
//! in the document). Offsets are checked against the page bodies too.

use efrh::lexicon::Lexicon;
use efrh::matcher::{DocText, Matcher};
use efrh::model::PageText;

type Concepts<'a> = &'a [(&'a str, &'a [&'a str], &'a [&'a str])];

struct Case<'a> {
    name: &'a str,
    concepts: Concepts<'a>,
    /// (body, header, footer) per page.
    pages: &'a [(&'a str, &'a str, &'a str)],
    want: &'a [(&'a str, u32, &'a str)],
}

fn lexicon(concepts: Concepts) -> Lexicon {
    let mut toml = String::new();
    for (id, terms, acronyms) in concepts {
        toml.push_str(&format!(
            "[[concept]]\nid = {id:?}\nterms = {terms:?}\nacronyms = {acronyms:?}\n"
        ));
    }
    Lexicon::parse(&toml, "test.toml").unwrap_or_else(|e| panic!("{e}\n{toml}"))
}

fn body(text: &str) -> (&str, &str, &str) {
    (text, "", "")
}

fn run(cases: &[Case]) {
    let mut failures = Vec::new();
    for case in cases {
        let lex = lexicon(case.concepts);
        let matcher = Matcher::new(&lex);
        let pages: Vec<PageText> = case
            .pages
            .iter()
            .map(|(b, h, f)| PageText {
                body: b.to_string(),
                header: h.to_string(),
                footer: f.to_string(),
                label: None,
                ..PageText::default()
            })
            .collect();
        let doc = DocText::new(&pages);
        let occs = matcher.find_in_text(&doc);
        assert_eq!(occs, matcher.find_in_document(&pages), "{}", case.name);
        let got: Vec<(String, u32, String)> = occs
            .iter()
            .map(|o| {
                (
                    lex.concepts()[o.concept].id.clone(),
                    o.page,
                    doc.text()[o.doc_start..o.doc_end].to_string(),
                )
            })
            .collect();
        let want: Vec<(String, u32, String)> = case
            .want
            .iter()
            .map(|(c, p, m)| (c.to_string(), *p, m.to_string()))
            .collect();
        if got != want {
            failures.push(format!("{}:\n  got  {got:?}\n  want {want:?}", case.name));
            continue;
        }
        // Page offsets point at the start of the match in that page's body.
        for o in &occs {
            let page = &pages[o.page as usize - 1].body;
            let whole = &doc.text()[o.doc_start..o.doc_end];
            let on_page = &page[o.start..o.end];
            assert!(whole.starts_with(on_page), "{}: {on_page:?}", case.name);
            assert!(o.end <= page.len(), "{}", case.name);
        }
        // Counts agree with occurrences.
        let counts = matcher.count_in_document(&pages);
        for (i, c) in counts.iter().enumerate() {
            let n = occs.iter().filter(|o| o.concept == i).count() as u64;
            assert_eq!(*c, n, "{}: count of concept {i}", case.name);
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const GANG: Concepts = &[("gangs", &["gang", "gangs", "gang-associated"], &[])];
const CSE: Concepts = &[("cse", &["child sexual exploitation"], &["CSE"])];
const TI: Concepts = &[("ti", &["trauma-informed", "trauma-informed practice"], &[])];
const SAFE: Concepts = &[("safeguarding", &["safeguarding"], &[])];

#[test]
fn rule_1_normalisation() {
    run(&[
        Case {
            name: "non-breaking space between words",
            concepts: TI,
            pages: &[body("a trauma\u{00A0}informed service")],
            want: &[("ti", 1, "trauma\u{00A0}informed")],
        },
        Case {
            name: "narrow no-break space and en space",
            concepts: TI,
            pages: &[body("trauma\u{202F}informed and trauma\u{2002}informed")],
            want: &[
                ("ti", 1, "trauma\u{202F}informed"),
                ("ti", 1, "trauma\u{2002}informed"),
            ],
        },
        Case {
            name: "soft hyphen inside a word",
            concepts: SAFE,
            pages: &[body("contextual safe\u{00AD}guarding")],
            want: &[("safeguarding", 1, "safe\u{00AD}guarding")],
        },
        Case {
            name: "non-breaking hyphen and en dash in the text",
            concepts: TI,
            pages: &[body("trauma\u{2011}informed, trauma\u{2013}informed")],
            want: &[
                ("ti", 1, "trauma\u{2011}informed"),
                ("ti", 1, "trauma\u{2013}informed"),
            ],
        },
        Case {
            name: "term written with a ligature and a non-breaking hyphen in the lexicon",
            concepts: &[("x", &["con\u{FB01}dential trauma\u{2011}informed"], &[])],
            pages: &[body("Confidential trauma-informed work")],
            want: &[("x", 1, "Confidential trauma-informed")],
        },
        Case {
            name: "stored text normalised by normalize(): ligature and curly apostrophe",
            concepts: &[("x", &["children's sexual exploitation", "efficient"], &[])],
            pages: &[body(leak(efrh::normalize::normalize(
                "children\u{2019}s sexual exploitation, e\u{FB03}cient",
            )))],
            want: &[
                ("x", 1, "children's sexual exploitation"),
                ("x", 1, "efficient"),
            ],
        },
    ]);
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[test]
fn rule_2_whole_words_and_traps() {
    run(&[
        Case {
            name: "gangway and gangster are not gangs",
            concepts: GANG,
            pages: &[body(
                "the gangway; gangster films; gangsters; gangmaster; a gang; gangs.",
            )],
            want: &[("gangs", 1, "gang"), ("gangs", 1, "gangs")],
        },
        Case {
            name: "CSEC is not CSE; CSE in brackets, possessive and hyphenated is",
            concepts: CSE,
            pages: &[body("CSEC (CSE) CSE's CSE-related CSE2 xCSE CSE")],
            want: &[
                ("cse", 1, "CSE"),
                ("cse", 1, "CSE"),
                ("cse", 1, "CSE"),
                ("cse", 1, "CSE"),
            ],
        },
        Case {
            name: "deradicalisation is not radicalisation",
            concepts: &[("rad", &["radicalisation", "radicalization"], &[])],
            pages: &[body(
                "deradicalisation programmes; radicalisation; RADICALIZATION",
            )],
            want: &[("rad", 1, "radicalisation"), ("rad", 1, "RADICALIZATION")],
        },
        Case {
            name: "county line (singular term) does not match inside county lines",
            concepts: &[("cl", &["county line"], &[])],
            pages: &[body("county lines and a county line, county-line")],
            want: &[("cl", 1, "county line"), ("cl", 1, "county-line")],
        },
        Case {
            name: "county line singular counted by a concept listing both",
            concepts: &[("cl", &["county lines", "county line"], &[])],
            pages: &[body("county lines and a county line")],
            want: &[("cl", 1, "county lines"), ("cl", 1, "county line")],
        },
        Case {
            name: "non-ASCII letters and digits are word characters",
            concepts: &[("x", &["gang"], &[])],
            pages: &[body("égang gangé gang1 1gang gang")],
            want: &[("x", 1, "gang")],
        },
        Case {
            name: "punctuation and quotes are boundaries",
            concepts: GANG,
            pages: &[body("\"gang\" (gang) gang's gang/gangs gang.")],
            want: &[
                ("gangs", 1, "gang"),
                ("gangs", 1, "gang"),
                ("gangs", 1, "gang"),
                ("gangs", 1, "gang"),
                ("gangs", 1, "gangs"),
                ("gangs", 1, "gang"),
            ],
        },
    ]);
}

#[test]
fn rule_3_separators_line_breaks_and_hyphenation() {
    run(&[
        Case {
            name: "space, hyphen, runs of both and line breaks are equivalent",
            concepts: TI,
            pages: &[body(
                "trauma informed; trauma-informed; trauma - informed; trauma\ninformed; trauma  \n  informed",
            )],
            want: &[
                ("ti", 1, "trauma informed"),
                ("ti", 1, "trauma-informed"),
                ("ti", 1, "trauma - informed"),
                ("ti", 1, "trauma\ninformed"),
                ("ti", 1, "trauma  \n  informed"),
            ],
        },
        Case {
            name: "a term across a line break",
            concepts: CSE,
            pages: &[body("risk of child sexual\nexploitation in")],
            want: &[("cse", 1, "child sexual\nexploitation")],
        },
        Case {
            name: "a term split by a hyphen at a line end",
            concepts: TI,
            pages: &[body("a trauma-\ninformed service; trauma-  \n  informed")],
            want: &[("ti", 1, "trauma-\ninformed"), ("ti", 1, "trauma-  \n  informed")],
        },
        Case {
            name: "a word broken by a line-end hyphen is one word (safe- / guarding)",
            concepts: SAFE,
            pages: &[body("contextual safe-\nguarding; Safe-\n guarding")],
            want: &[
                ("safeguarding", 1, "safe-\nguarding"),
                ("safeguarding", 1, "Safe-\n guarding"),
            ],
        },
        Case {
            name: "a hyphen that is not at a line end does not join",
            concepts: SAFE,
            pages: &[body("safe- guarding, safe-guarding, safe -\nguarding")],
            want: &[],
        },
        Case {
            name: "the halves of a broken word are not words themselves",
            concepts: &[("x", &["safe", "guarding"], &[])],
            pages: &[body("safe-\nguarding but safe guarding")],
            want: &[("x", 1, "safe"), ("x", 1, "guarding")],
        },
        Case {
            name: "a word written closed does not match an open term",
            concepts: TI,
            pages: &[body("traumainformed")],
            want: &[],
        },
        Case {
            name: "compound broken after its first part: only the compound term matches",
            concepts: &[("g", &["gang"], &[]), ("ga", &["gang-associated"], &[])],
            pages: &[body("gang-\nassociated")],
            want: &[("ga", 1, "gang-\nassociated")],
        },
        Case {
            name: "several line-end hyphens inside one term",
            concepts: &[("coc", &["child-on-child abuse"], &[])],
            pages: &[body("child-on-\nchild abuse; child-\non-\nchild abuse; child on child abuse")],
            want: &[
                ("coc", 1, "child-on-\nchild abuse"),
                ("coc", 1, "child-\non-\nchild abuse"),
                ("coc", 1, "child on child abuse"),
            ],
        },
        Case {
            name: "closed and open spellings of one word",
            concepts: &[("efh", &["extra-familial", "extrafamilial"], &[])],
            pages: &[body("extra-\nfamilial; extrafamilial; extra familial; extra-familial")],
            want: &[
                ("efh", 1, "extra-\nfamilial"),
                ("efh", 1, "extrafamilial"),
                ("efh", 1, "extra familial"),
                ("efh", 1, "extra-familial"),
            ],
        },
        Case {
            name: "a hyphen before a digit at a line end does not join",
            concepts: &[("x", &["covid 19"], &[])],
            pages: &[body("covid-\n19")],
            want: &[("x", 1, "covid-\n19")],
        },
    ]);
}

#[test]
fn rule_3_case_terms_insensitive_acronyms_sensitive() {
    run(&[
        Case {
            name: "ALL-CAPS headings match terms",
            concepts: &[("cs", &["contextual safeguarding"], &[])],
            pages: &[body(
                "CONTEXTUAL SAFEGUARDING\nContextual Safeguarding\ncontextual safeguarding",
            )],
            want: &[
                ("cs", 1, "CONTEXTUAL SAFEGUARDING"),
                ("cs", 1, "Contextual Safeguarding"),
                ("cs", 1, "contextual safeguarding"),
            ],
        },
        Case {
            name: "acronyms are case-sensitive",
            concepts: &[("cse", &[], &["CSE"]), ("aces", &[], &["ACEs"])],
            pages: &[body("cse Cse CSE ACES aces ACEs")],
            want: &[("cse", 1, "CSE"), ("aces", 1, "ACEs")],
        },
        Case {
            name: "non-ASCII case folding",
            concepts: &[("x", &["été"], &[])],
            pages: &[body("ÉTÉ Été été")],
            want: &[("x", 1, "ÉTÉ"), ("x", 1, "Été"), ("x", 1, "été")],
        },
        Case {
            name: "a letter whose lowercase is longer (İ) keeps offsets right",
            concepts: &[("x", &["gang"], &[])],
            pages: &[body("İİ gang İ")],
            want: &[("x", 1, "gang")],
        },
    ]);
}

#[test]
fn rule_4_leftmost_longest_per_concept() {
    run(&[
        Case {
            name: "overlapping variants within a concept count once",
            concepts: TI,
            pages: &[body("trauma-informed practice and trauma-informed care")],
            want: &[
                ("ti", 1, "trauma-informed practice"),
                ("ti", 1, "trauma-informed"),
            ],
        },
        Case {
            name: "different concepts are counted independently",
            concepts: &[
                ("ti", &["trauma-informed practice"], &[]),
                ("p", &["practice"], &[]),
            ],
            pages: &[body("trauma-informed practice")],
            want: &[("ti", 1, "trauma-informed practice"), ("p", 1, "practice")],
        },
        Case {
            name: "overlapping phrases (go missing / missing from home) count once",
            concepts: &[("m", &["go missing", "missing from home"], &[])],
            pages: &[body("children who go missing from home")],
            want: &[("m", 1, "go missing")],
        },
        Case {
            name: "a term and an acronym of one concept",
            concepts: CSE,
            pages: &[body("child sexual exploitation (CSE)")],
            want: &[("cse", 1, "child sexual exploitation"), ("cse", 1, "CSE")],
        },
        Case {
            name: "repeated adjacent terms each count",
            concepts: GANG,
            pages: &[body("gang gang-gang")],
            want: &[
                ("gangs", 1, "gang"),
                ("gangs", 1, "gang"),
                ("gangs", 1, "gang"),
            ],
        },
        Case {
            name: "the same term in two concepts",
            concepts: &[("a", &["county lines"], &[]), ("b", &["county lines"], &[])],
            pages: &[body("county lines")],
            want: &[("a", 1, "county lines"), ("b", 1, "county lines")],
        },
    ]);
}

#[test]
fn rule_5_pages() {
    run(&[
        Case {
            name: "an occurrence belongs to the page it is on",
            concepts: GANG,
            pages: &[body("no"), body(""), body("a gang here")],
            want: &[("gangs", 3, "gang")],
        },
        Case {
            name: "a term across a page break with running footer and header in between",
            concepts: CSE,
            pages: &[
                (
                    "risk of child sexual",
                    "Working Together 2018",
                    "Page 1 of 2",
                ),
                (
                    "exploitation and more",
                    "Working Together 2018",
                    "Page 2 of 2",
                ),
            ],
            want: &[("cse", 1, "child sexual\nexploitation")],
        },
        Case {
            name: "a word hyphenated across a page break",
            concepts: TI,
            pages: &[
                ("a trauma-", "Header", "Footer 1"),
                ("informed approach", "Header", "Footer 2"),
            ],
            want: &[("ti", 1, "trauma-\ninformed")],
        },
        Case {
            name: "running headers and footers are not body text",
            concepts: &[("cs", &["contextual safeguarding"], &[])],
            pages: &[
                (
                    "nothing here",
                    "Contextual Safeguarding",
                    "contextual safeguarding",
                ),
                ("Contextual Safeguarding", "Contextual Safeguarding", ""),
            ],
            want: &[("cs", 2, "Contextual Safeguarding")],
        },
        Case {
            name: "words at the end of one page and the start of the next are separate",
            concepts: SAFE,
            pages: &[body("safe"), body("guarding")],
            want: &[],
        },
    ]);
}

#[test]
fn default_lexicon_traps() {
    let lex = Lexicon::builtin().unwrap();
    let m = Matcher::new(&lex);
    let count = |text: &str, id: &str| -> u64 {
        let i = lex.index_of(id).unwrap();
        m.count_in_document(&[PageText {
            body: text.into(),
            ..Default::default()
        }])[i]
    };
    assert_eq!(count("the gangway and a gangster film", "gangs"), 0);
    assert_eq!(count("gang-associated young people in gangs", "gangs"), 2);
    assert_eq!(count("gang-\nassociated", "gangs"), 1);
    assert_eq!(count("CSEC and cse.pdf", "child-sexual-exploitation"), 0);
    assert_eq!(
        count(
            "child sexual exploitation (CSE)",
            "child-sexual-exploitation"
        ),
        2
    );
    assert_eq!(count("deradicalisation", "radicalisation"), 0);
    assert_eq!(
        count("radicalization and radicalisation", "radicalisation"),
        2
    );
    assert_eq!(count("a county line and county lines", "county-lines"), 2);
    assert_eq!(
        count(
            "peer-on-peer abuse, child-on-child abuse",
            "peer-on-peer-abuse"
        ),
        2
    );
    assert_eq!(count("Trauma-Informed Practice", "trauma-informed"), 1);
    assert_eq!(count("trauma-\ninformed care", "trauma-informed"), 1);
    assert_eq!(count("extra-\nfamilial harm", "extra-familial-harm"), 1);
    assert_eq!(
        count("CONTEXTUAL SAFEGUARDING", "contextual-safeguarding"),
        1
    );
    assert_eq!(
        count("child criminal exploitation", "child-criminal-exploitation"),
        1
    );
}
