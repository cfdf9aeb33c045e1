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
//! Run: `cargo bench --bench extract_quality -- [FOLDER] [--naive] [--dump DIR] [--reps N]`
//! `--naive` also scores the old lopdf `extract_text` extractor; `--dump` writes both texts.

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
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--naive" => naive = true,
            "--dump" => dump = args.next().map(PathBuf::from),
            "--reps" => reps = args.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            "--bench" => {}
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
        let t0 = Instant::now();
        let out = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(f)
            .arg("-")
            .output();
        let dt_ref = t0.elapsed();
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
    let _ = Path::new(".");
}
