//! Cost of language detection on `add` (issue 16). Target: at most 20% on top of extraction.
//!
//! usage: cargo bench --bench language [-- DIR]     (default DIR: ../shared/real-pdfs; env RUNS=3)
//!
//! For every PDF in DIR: extract it (what `add` does first) and then detect the language of
//! every paragraph (`efrh::language::annotate`, what `add` adds), each timed on one thread,
//! best of RUNS. Reported: total extraction seconds, total detection seconds, the overhead as a
//! share of extraction, detection throughput in MB of page text per second, and the words
//! found per language.

use efrh::extract::{extract, Limits};
use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/real-pdfs").into());
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
            .collect(),
        Err(e) => {
            eprintln!("cannot read {dir}: {e}");
            std::process::exit(2);
        }
    };
    files.sort();
    // Load the models once before timing (as a long `add` run pays it once).
    let warm = Instant::now();
    let _ = efrh::language::detect("the first call loads the language models once");
    println!("model load: {:.3} s", warm.elapsed().as_secs_f64());
    let limits = Limits::default();
    let (mut t_extract, mut t_detect, mut bytes, mut pages_n) = (0.0, 0.0, 0usize, 0usize);
    let mut words = std::collections::BTreeMap::new();
    for f in &files {
        let Ok(pdf) = std::fs::read(f) else { continue };
        let mut best_x = f64::MAX;
        let mut best_d = f64::MAX;
        let mut pages = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let Ok(x) = extract(&pdf, &limits) else { break };
            best_x = best_x.min(t.elapsed().as_secs_f64());
            pages = x.pages;
            let t = Instant::now();
            efrh::language::annotate(&mut pages);
            best_d = best_d.min(t.elapsed().as_secs_f64());
        }
        if best_x == f64::MAX {
            println!("{}: could not extract", f.display());
            continue;
        }
        t_extract += best_x;
        t_detect += best_d;
        bytes += pages.iter().map(|p| p.body.len()).sum::<usize>();
        pages_n += pages.len();
        for (l, n) in efrh::language::word_counts(&pages) {
            *words.entry(l).or_insert(0u64) += n;
        }
        println!(
            "{:<70} extract {best_x:7.3} s  detect {best_d:7.3} s  (+{:.0}%)",
            f.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            100.0 * best_d / best_x.max(1e-9)
        );
    }
    println!(
        "total: {} files, {pages_n} pages, {:.1} MB of text; extract {t_extract:.3} s, detect \
         {t_detect:.3} s: detection adds {:.1}% to extraction; {:.1} MB/s detected",
        files.len(),
        bytes as f64 / 1e6,
        100.0 * t_detect / t_extract.max(1e-9),
        bytes as f64 / 1e6 / t_detect.max(1e-9)
    );
    println!("words per language: {words:?}");
}
