//! Extraction quality and speed against poppler's `pdftotext` (benchmark only; pdftotext is
//! never used at run time).
//!
//! For every PDF in a folder (default `../shared/real-pdfs`): word F1 and word-pair (bigram)
//! F1 of our text (header + body + footer per page, pages in order) against `pdftotext`'s,
//! both normalised with `efrh::normalize::normalize` and tokenised the same way (whitespace
//! split, punctuation trimmed from token ends, tokens without a letter or digit dropped, a
//! line-end hyphen joining its word with the next line's first word, hyphen dropped as
//! pdftotext does). Speed: pages per
//! second on one core for us and for pdftotext (wall time of the subprocess).
//!
//! Run: `cargo bench --bench extract_quality -- [FOLDER] [--naive] [--dump DIR] [--reps N]
//! [--generated N] [--parallel] [--pages N] [--only TEXT]`
//! `--naive` also scores the old lopdf `extract_text` extractor; `--dump` writes both texts;
//! `--pages N` prints each file's N worst pages (word-pair F1 per page) with the word runs
//! only one reading has, so a reader can decide, against the page, which tool is wrong;
//! `--only TEXT` measures only the files whose name contains TEXT (case-insensitive);
//! `--generated N` measures N generated PDFs (efrh::pdfwrite: plain, compressed, encrypted,
//! with running headers/footers) instead of a folder; `--parallel` also measures pages/s with
//! all cores (rayon, one file per task).

use efrh::extract::{extract, extract_naive, Extraction, Limits};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn tokens(text: &str) -> Vec<String> {
    let text = efrh::normalize::normalize(text);
    let mut out: Vec<String> = Vec::new();
    let mut carry: Option<String> = None;
    for line in text.lines() {
        let toks: Vec<&str> = line.split_whitespace().collect();
        let n = toks.len();
        for (i, t) in toks.iter().enumerate() {
            let mut t = t.to_string();
            if let Some(c) = carry.take() {
                // pdftotext drops a line-end hyphen when it joins the lines ("ill-" /
                // "treatment" → "illtreatment"); compare both sides in that form.
                t = format!("{}{t}", c.trim_end_matches('-'));
            }
            if i + 1 == n
                && t.ends_with('-')
                && t.chars().rev().nth(1).is_some_and(char::is_alphabetic)
            {
                carry = Some(t);
                continue;
            }
            let trimmed = t.trim_matches(|c: char| !c.is_alphanumeric());
            if trimmed.chars().any(char::is_alphanumeric) {
                out.push(trimmed.to_string());
            }
        }
    }
    if let Some(c) = carry {
        out.push(c.trim_matches(|c: char| !c.is_alphanumeric()).to_string());
    }
    out
}

fn f1<T: std::hash::Hash + Eq>(a: impl Iterator<Item = T>, b: impl Iterator<Item = T>) -> f64 {
    let mut m: HashMap<T, i64> = HashMap::new();
    let mut na = 0i64;
    for x in a {
        *m.entry(x).or_default() += 1;
        na += 1;
    }
    let mut nb = 0i64;
    let mut common = 0i64;
    for x in b {
        nb += 1;
        if let Some(c) = m.get_mut(&x) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    if na + nb == 0 {
        return 1.0;
    }
    2.0 * common as f64 / (na + nb) as f64
}

fn scores(ours: &str, reference: &str) -> (f64, f64) {
    let a = tokens(ours);
    let b = tokens(reference);
    let w = f1(a.iter(), b.iter());
    let p = f1(a.windows(2), b.windows(2));
    (w, p)
}

fn joined(x: &Extraction) -> String {
    let mut s = String::new();
    for p in &x.pages {
        for part in [&p.header, &p.body, &p.footer] {
            if !part.is_empty() {
                s.push_str(part);
                s.push('\n');
            }
        }
        s.push('\u{c}');
    }
    s
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    let mut folder = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/real-pdfs"));
    let mut naive = false;
    let mut dump: Option<PathBuf> = None;
    let mut reps = 1usize;
    let mut parallel = false;
    let mut worst_pages = 0usize;
    let mut only: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--naive" => naive = true,
            "--dump" => dump = args.next().map(PathBuf::from),
            "--reps" => reps = args.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            "--bench" => {}
            "--parallel" => parallel = true,
            "--pages" => worst_pages = args.next().and_then(|n| n.parse().ok()).unwrap_or(5),
            "--only" => only = args.next().map(|t| t.to_lowercase()),
            "--furniture" => {
                // debug: --furniture FILE prints the distinct headers and footers found
                let file = args.next().unwrap_or_default();
                let bytes = std::fs::read(&file).unwrap_or_default();
                if let Ok(x) = extract(&bytes, &Limits::default()) {
                    let mut seen: HashMap<String, usize> = HashMap::new();
                    for p in &x.pages {
                        *seen.entry(format!("H| {}", p.header)).or_default() += 1;
                        *seen
                            .entry(format!("F| {}", p.footer.replace(char::is_numeric, "#")))
                            .or_default() += 1;
                    }
                    let mut v: Vec<_> = seen.into_iter().collect();
                    v.sort_by_key(|e| std::cmp::Reverse(e.1));
                    for (k, n) in v.iter().take(12) {
                        println!("{n:4} {}", k.replace('\n', " / "));
                    }
                }
                return;
            }
            "--generated" => {
                let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(50);
                let dir =
                    std::env::temp_dir().join(format!("efrh-generated-{}", std::process::id()));
                generate(&dir, n);
                folder = dir;
            }
            "--page" => {
                // debug: --page FILE N prints the laid-out lines of one page
                let file = args.next().unwrap_or_default();
                let n = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
                let bytes = std::fs::read(&file).unwrap_or_default();
                for (t, top, bottom) in efrh::extract::debug_page_lines(&bytes, n) {
                    println!("{top:7.1} {bottom:7.1} {t}");
                }
                return;
            }
            _ => folder = PathBuf::from(a),
        }
    }
    if !folder.is_dir() {
        println!("no PDF folder at {}: nothing to measure", folder.display());
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")));
    files.sort();
    if let Some(only) = &only {
        files.retain(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().to_lowercase().contains(only.as_str()))
        });
    }
    if let Some(d) = &dump {
        let _ = std::fs::create_dir_all(d);
    }
    let limits = Limits::default();
    let (mut ws, mut ps, mut nws, mut nps) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut t_ours, mut t_ref, mut t_naive) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut pages_total = 0usize;
    println!(
        "{:<60} {:>5} {:>8} {:>7} {:>7} {:>8} {:>8}{}",
        "file",
        "pages",
        "unmapped",
        "wordF1",
        "pairF1",
        "ours_ms",
        "ptt_ms",
        if naive { "  naive_w naive_p" } else { "" }
    );
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                println!("{}: {e}", f.display());
                continue;
            }
        };
        // both tools: best of --reps runs
        let mut dt_ref = Duration::MAX;
        let mut out = None;
        for _ in 0..reps.max(1) {
            let t0 = Instant::now();
            let o = Command::new("pdftotext")
                .args(["-enc", "UTF-8"])
                .arg(f)
                .arg("-")
                .output();
            dt_ref = dt_ref.min(t0.elapsed());
            out = Some(o);
        }
        let Some(out) = out else { continue };
        let reference = match out {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
            _ => {
                println!(
                    "{}: pdftotext failed or is not installed (apt-get install poppler-utils)",
                    f.display()
                );
                continue;
            }
        };
        let mut dt = Duration::MAX;
        let mut result = None;
        for _ in 0..reps.max(1) {
            let t1 = Instant::now();
            let r = extract(&bytes, &limits);
            dt = dt.min(t1.elapsed());
            result = Some(r);
        }
        let ours = match result {
            Some(Ok(x)) => x,
            Some(Err(e)) => {
                println!("{}: error: {e}", f.display());
                continue;
            }
            None => continue,
        };
        let text = joined(&ours);
        let (w, p) = scores(&text, &reference);
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut line = format!(
            "{:<60} {:>5} {:>8} {:>7.4} {:>7.4} {:>8.1} {:>8.1}",
            name.chars().take(60).collect::<String>(),
            ours.pages.len(),
            ours.quality.unmapped_glyphs,
            w,
            p,
            dt.as_secs_f64() * 1e3,
            dt_ref.as_secs_f64() * 1e3
        );
        if naive {
            let t2 = Instant::now();
            if let Ok(n) = extract_naive(&bytes, &limits) {
                t_naive += t2.elapsed();
                let (nw, np) = scores(&joined(&n), &reference);
                nws.push(nw);
                nps.push(np);
                line.push_str(&format!("  {nw:>7.4} {np:>7.4}"));
            }
        }
        println!("{line}");
        if worst_pages > 0 {
            print_worst_pages(&text, &reference, worst_pages);
        }
        if let Some(d) = &dump {
            let _ = std::fs::write(d.join(format!("{name}.ours.txt")), &text);
            let _ = std::fs::write(d.join(format!("{name}.ptt.txt")), &reference);
        }
        ws.push(w);
        ps.push(p);
        t_ours += dt;
        t_ref += dt_ref;
        pages_total += ours.pages.len();
    }
    if ws.is_empty() {
        return;
    }
    let minw = ws.iter().copied().fold(f64::INFINITY, f64::min);
    let minp = ps.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "\n{} files, {} pages. word F1 median {:.4} (min {:.4}); word-pair F1 median {:.4} (min {:.4})",
        ws.len(),
        pages_total,
        median(&mut ws),
        minw,
        median(&mut ps),
        minp
    );
    let rate = |t: Duration| pages_total as f64 / t.as_secs_f64().max(1e-9);
    println!(
        "speed (one core): ours {:.0} pages/s, pdftotext {:.0} pages/s, ratio {:.1}x",
        rate(t_ours),
        rate(t_ref),
        rate(t_ref).recip() * rate(t_ours)
    );
    if naive && !nws.is_empty() {
        println!(
            "naive lopdf extract_text: word F1 median {:.4}, word-pair F1 median {:.4}, {:.0} pages/s",
            median(&mut nws),
            median(&mut nps),
            rate(t_naive)
        );
    }
    if parallel {
        use rayon::prelude::*;
        let datas: Vec<Vec<u8>> = files.iter().filter_map(|f| std::fs::read(f).ok()).collect();
        let t = Instant::now();
        let pages: usize = datas
            .par_iter()
            .map(|b| extract(b, &limits).map_or(0, |x| x.pages.len()))
            .sum();
        let dt = t.elapsed();
        println!(
            "parallel ({} threads): {:.0} pages/s ({} pages in {:.2} s)",
            rayon::current_num_threads(),
            pages as f64 / dt.as_secs_f64().max(1e-9),
            pages,
            dt.as_secs_f64()
        );
    }
    let _ = Path::new(".");
}

/// Most word runs printed per reading and page by `--pages`.
const MAX_RUNS: usize = 25;

/// The `n` pages of one file whose word-pair F1 is lowest, each with the word runs that only
/// our reading has and those that only pdftotext's has (pages split at form feeds; each page
/// tokenised alone).
fn print_worst_pages(ours: &str, reference: &str, n: usize) {
    let a: Vec<&str> = ours.split('\u{c}').collect();
    let b: Vec<&str> = reference.split('\u{c}').collect();
    let pages = a.len().max(b.len());
    let mut scored: Vec<(f64, usize, Vec<String>, Vec<String>)> = Vec::new();
    for k in 0..pages {
        let ta = tokens(a.get(k).copied().unwrap_or(""));
        let tb = tokens(b.get(k).copied().unwrap_or(""));
        if ta.is_empty() && tb.is_empty() {
            continue;
        }
        let p = f1(ta.windows(2), tb.windows(2));
        if p < 1.0 {
            scored.push((p, k + 1, ta, tb));
        }
    }
    scored.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    for (p, page, ta, tb) in scored.iter().take(n) {
        println!(
            "  p.{page:<4} pairF1 {p:.4}  ({} words ours, {} pdftotext)",
            ta.len(),
            tb.len()
        );
        for (who, x, y) in [("ours", ta, tb), ("ptt ", tb, ta)] {
            let runs = unmatched_runs(x, y);
            let shown: Vec<&str> = runs.iter().take(MAX_RUNS).map(String::as_str).collect();
            let more = runs.len().saturating_sub(MAX_RUNS);
            println!(
                "    only {who}: {}{}",
                shown.join(" | "),
                if more > 0 {
                    format!(" | … {more} more")
                } else {
                    String::new()
                }
            );
        }
    }
}

/// The word pairs of `x` that `y` lacks (as multisets), merged into runs of consecutive words
/// in `x`'s order.
fn unmatched_runs(x: &[String], y: &[String]) -> Vec<String> {
    let mut left: HashMap<&[String], i64> = HashMap::new();
    for w in y.windows(2) {
        *left.entry(w).or_default() += 1;
    }
    let mut runs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut last_end = usize::MAX;
    for (i, w) in x.windows(2).enumerate() {
        let matched = match left.get_mut(w) {
            Some(c) if *c > 0 => {
                *c -= 1;
                true
            }
            _ => false,
        };
        if matched {
            continue;
        }
        let (Some(first), Some(second)) = (w.first(), w.get(1)) else {
            continue;
        };
        if last_end == i && !current.is_empty() {
            current.push(second);
        } else {
            if !current.is_empty() {
                runs.push(current.join(" "));
            }
            current = vec![first, second];
        }
        last_end = i + 1;
    }
    if !current.is_empty() {
        runs.push(current.join(" "));
    }
    runs
}

/// Write `n` generated PDFs of known text into `dir`.
fn generate(dir: &Path, n: usize) {
    use efrh::pdfwrite::{text_pdf, wrap, Options};
    let _ = std::fs::create_dir_all(dir);
    let words = [
        "contextual",
        "safeguarding",
        "child",
        "criminal",
        "exploitation",
        "county",
        "lines",
        "peer",
        "on",
        "peer",
        "abuse",
        "trauma-informed",
        "practice",
        "the",
        "and",
        "of",
        "young",
        "people",
        "harm",
        "outside",
        "home",
        "serious",
        "violence",
        "online",
        "grooming",
        "partners",
        "local",
        "authority",
        "school",
        "college",
        "police",
        "health",
        "missing",
        "education",
        "adolescent",
    ];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for i in 0..n {
        let pages = 3 + i % 25;
        let mut text = String::new();
        for _ in 0..pages * 420 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(words[(state % words.len() as u64) as usize]);
            text.push(' ');
        }
        let lines = wrap(&text, 80);
        let per_page = efrh::pdfwrite::lines_per_page(11.0);
        let chunks = efrh::pdfwrite::paginate(&lines, per_page);
        let opts = Options {
            compress: i % 2 == 0,
            user_password: (i % 5 == 0).then(String::new),
            header: (i % 3 == 0).then(|| "Generated guidance document".to_string()),
            footer: (i % 3 != 1).then(|| "Page {page} of {pages}".to_string()),
            ..Options::default()
        };
        let _ = std::fs::write(dir.join(format!("gen{i:04}.pdf")), text_pdf(&chunks, &opts));
    }
}
