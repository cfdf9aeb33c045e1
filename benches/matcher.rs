//! Matching throughput on one core with the default lexicon (issue 4). Target: ≥ 300 MB/s.
//!
//! usage: cargo bench --bench matcher            (env: MB=50 RUNS=7)
//!
//! The text is synthetic policy-like prose, ~400 words a page in lines of ~11 words, with
//! capitalised sentence starts, punctuation, some line-end hyphenation, a little non-ASCII
//! text and double spaces, and a lexicon term in
//! about 1 word in 100. Reported: MB/s of page-body text (median of RUNS runs, one thread) for
//! `count_in_document` (what `count` does) and `find_in_document` (what `kwic` does), by wall
//! time and by this thread's CPU time (the per-core figure when other processes compete for
//! the cores).

use efrh::lexicon::Lexicon;
use efrh::matcher::Matcher;
use efrh::model::PageText;
use std::time::Instant;

const WORDS: &str = "the of and to in a for is that on with by as are be this from or at it which \
    local authority children young people families services support practice risk harm \
    safeguarding partners school police health education social care plan assessment community \
    place peer group online exploitation violence abuse neglect mental wellbeing transition adult \
    adolescent response multi agency review framework duty guidance evidence outcome early help \
    referral threshold team worker youth justice housing missing criminal sexual county knife \
    crime trauma informed contextual transitional relationship trust voice rights participation \
    should must will may their they have has been were within across between where when how \
    professionals practitioners settings parents carers communities partnership arrangements";

const PHRASES: &[&str] = &[
    "county lines",
    "contextual safeguarding",
    "trauma-informed practice",
    "transitional safeguarding",
    "child criminal exploitation",
    "serious youth violence",
    "CSE",
    "gangs",
    "radicalisation",
    "child-on-child abuse",
    "extra-familial harm",
    "modern slavery",
];

/// A tiny deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn page_text(rng: &mut Rng, words: usize) -> String {
    let vocab: Vec<&str> = WORDS.split_whitespace().collect();
    let mut out = String::with_capacity(words * 7);
    let mut sentence_start = true;
    for i in 0..words {
        let w = if rng.below(100) == 0 {
            PHRASES[rng.below(PHRASES.len())].to_string()
        } else if rng.below(300) == 0 {
            // Some non-ASCII, as real documents have (currency, accents, bullets).
            ["£2.5 million", "café", "•", "naïve", "Ysgol Gymraeg"][rng.below(5)].to_string()
        } else {
            vocab[rng.below(vocab.len())].to_string()
        };
        if sentence_start {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push_str(&w);
        }
        sentence_start = rng.below(14) == 0;
        if sentence_start {
            out.push('.');
        } else if rng.below(20) == 0 {
            out.push(',');
        }
        if i % 11 == 10 {
            if rng.below(25) == 0 {
                out.push_str(" safe-\nguarding");
            }
            out.push('\n');
        } else if rng.below(150) == 0 {
            out.push_str("  "); // layout gaps leave double spaces
        } else {
            out.push(' ');
        }
    }
    out
}

/// CPU time of this thread in ns (Linux `/proc/thread-self/schedstat`), if available.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn main() {
    let mb: usize = std::env::var("MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let lexicon = match Lexicon::builtin() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let t = Instant::now();
    let matcher = Matcher::new(&lexicon);
    let build_ms = t.elapsed().as_secs_f64() * 1000.0;

    // Documents of 40 pages until `mb` MB of body text.
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut docs: Vec<Vec<PageText>> = Vec::new();
    let mut bytes = 0usize;
    while bytes < mb * 1_000_000 {
        let pages: Vec<PageText> = (0..40)
            .map(|_| PageText {
                body: page_text(&mut rng, 400),
                ..Default::default()
            })
            .collect();
        bytes += pages.iter().map(|p| p.body.len()).sum::<usize>();
        docs.push(pages);
    }
    let pages: usize = docs.iter().map(Vec::len).sum();
    println!(
        "text: {:.1} MB in {} documents, {} pages (~400 words each); default lexicon: {} concepts, built in {:.1} ms",
        bytes as f64 / 1e6,
        docs.len(),
        pages,
        lexicon.concepts().len(),
        build_ms
    );

    let measure = |name: &str, f: &dyn Fn(&[PageText]) -> usize| {
        let mut times = Vec::with_capacity(runs);
        let mut cpu = Vec::with_capacity(runs);
        let mut found = 0;
        for _ in 0..runs {
            let c = thread_cpu_ns();
            let t = Instant::now();
            found = docs.iter().map(|d| f(d)).sum::<usize>();
            times.push(t.elapsed().as_secs_f64());
            if let (Some(a), Some(b)) = (c, thread_cpu_ns()) {
                cpu.push((b - a) as f64 / 1e9);
            }
        }
        times.sort_by(f64::total_cmp);
        cpu.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!(
            "{name:<18} wall: median {:>7.1} ms = {:>6.1} MB/s (min {:.1} ms, max {:.1} ms, {} runs; {} occurrences)",
            median * 1000.0,
            bytes as f64 / 1e6 / median,
            times[0] * 1000.0,
            times[times.len() - 1] * 1000.0,
            runs,
            found
        );
        if let Some(&c) = cpu.get(cpu.len() / 2) {
            println!(
                "{:<18} cpu:  median {:>7.1} ms = {:>6.1} MB/s (this thread's CPU time, unaffected by other load)",
                "",
                c * 1000.0,
                bytes as f64 / 1e6 / c
            );
        }
    };
    measure("count_in_document", &|d| {
        matcher.count_in_document(d).iter().sum::<u64>() as usize
    });
    measure("find_in_document", &|d| matcher.find_in_document(d).len());
}
