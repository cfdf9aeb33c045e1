//! OCR of pages without a text layer (`add --ocr`, `reindex --ocr`; issue 16).
//!
//! Each page the extractor found empty is rendered to a greyscale image by `pdftoppm`
//! (Debian package `poppler-utils`) and read by `tesseract` (`tesseract-ocr`, with the
//! English model `tesseract-ocr-eng` and, where installed, the Welsh one `tesseract-ocr-cym`).
//! The images live in a work folder the caller gives (the corpus's staging area) and are
//! deleted with it; the original PDF is never changed. Every program run is bounded in time
//! ([`Ocr::page_timeout`] per page) and killed past it. Pages read this way are marked
//! (`PageText::ocr`, `Quality::ocr_pages`) so every count from them can say so.

use crate::model::{PageText, Quality};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The Debian packages that provide the programs, for error messages.
pub const PACKAGES: &str = "tesseract-ocr tesseract-ocr-eng tesseract-ocr-cym poppler-utils";

/// Default wall time for rendering and reading one page.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(120);

/// Resolution pages are rendered at (tesseract reads 300 dpi best).
pub const DPI: u32 = 300;

/// The OCR programs, found and checked.
#[derive(Debug, Clone)]
pub struct Ocr {
    tesseract: PathBuf,
    pdftoppm: PathBuf,
    /// Tesseract's `-l` argument: `eng+cym`, or `eng` without the Welsh model.
    languages: String,
    /// Wall time for rendering and reading one page.
    pub page_timeout: Duration,
}

impl Ocr {
    /// Find `tesseract` and `pdftoppm` on `PATH` and check that tesseract has its English
    /// model. The error says which Debian packages to install.
    pub fn find() -> Result<Ocr, String> {
        let missing = |what: &str| {
            format!(
                "--ocr needs {what}, which is not installed; install the Debian packages \
                 {PACKAGES} (`apt-get install {PACKAGES}`) and run the command again"
            )
        };
        let tesseract = on_path("tesseract").ok_or_else(|| missing("the program tesseract"))?;
        let pdftoppm = on_path("pdftoppm").ok_or_else(|| missing("the program pdftoppm"))?;
        let mut cmd = Command::new(&tesseract);
        cmd.arg("--list-langs");
        let out = run_bounded(cmd, Duration::from_secs(30))
            .map_err(|e| format!("--ocr: could not run tesseract: {e}"))?;
        // Older tesseracts print the list on stderr.
        let listing = format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let has = |code: &str| listing.lines().any(|l| l.trim() == code);
        if !has("eng") {
            return Err(missing("tesseract's English model (eng)"));
        }
        let languages = if has("cym") { "eng+cym" } else { "eng" }.to_string();
        Ok(Ocr {
            tesseract,
            pdftoppm,
            languages,
            page_timeout: PAGE_TIMEOUT,
        })
    }

    /// Tesseract's language models in use (`eng+cym` or `eng`).
    pub fn languages(&self) -> &str {
        &self.languages
    }

    /// Render page `page` (1-based) of the PDF at `pdf` into `work` and read it. Returns the
    /// normalised text (possibly empty).
    pub fn read_page(&self, pdf: &Path, page: u32, work: &Path) -> Result<String, String> {
        let started = Instant::now();
        let prefix = work.join(format!("page-{page}"));
        let image = prefix.with_extension("png");
        let mut render = Command::new(&self.pdftoppm);
        render
            .arg("-f")
            .arg(page.to_string())
            .arg("-l")
            .arg(page.to_string())
            .arg("-r")
            .arg(DPI.to_string())
            .arg("-gray")
            .arg("-png")
            .arg("-singlefile")
            .arg(pdf)
            .arg(&prefix);
        let out = run_bounded(render, self.page_timeout)
            .map_err(|e| format!("page {page}: pdftoppm: {e}"))?;
        if !out.status.success() || !image.is_file() {
            return Err(format!(
                "page {page}: pdftoppm could not render it: {}",
                first_line(&out.stderr)
            ));
        }
        let left = self.page_timeout.saturating_sub(started.elapsed());
        let mut read = Command::new(&self.tesseract);
        read.arg(&image)
            .arg("stdout")
            .arg("-l")
            .arg(&self.languages)
            // One thread per tesseract: pages are already read in parallel.
            .env("OMP_THREAD_LIMIT", "1");
        let out = run_bounded(read, left).map_err(|e| format!("page {page}: tesseract: {e}"));
        let _ = std::fs::remove_file(&image);
        let out = out?;
        if !out.status.success() {
            return Err(format!(
                "page {page}: tesseract could not read it: {}",
                first_line(&out.stderr)
            ));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        Ok(clean(&text))
    }
}

/// Tesseract's output as stored text: rule-1 normalised, no form feeds, no trailing space on
/// lines, no leading or trailing blank lines.
fn clean(text: &str) -> String {
    let text = crate::normalize::normalize(&text.replace('\u{000C}', "\n"));
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

fn first_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("(no message)")
        .trim()
        .to_string()
}

/// The full path of `program` in one of `PATH`'s folders.
fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Run `cmd` (no stdin), killing it after `timeout`. Output is collected by reader threads
/// so a chatty program cannot block on a full pipe.
pub fn run_bounded(mut cmd: Command, timeout: Duration) -> Result<std::process::Output, String> {
    use std::io::Read;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| e.to_string())?;
    let collect = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                // At most 64 MiB of output kept.
                let _ = p.by_ref().take(64 << 20).read_to_end(&mut buf);
                let _ = std::io::copy(&mut p, &mut std::io::sink());
            }
            buf
        })
    };
    let out_reader = collect(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err_reader = collect(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "gave up after {} s (the time limit for one page)",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Ok(std::process::Output {
        status,
        stdout,
        stderr,
    })
}

/// OCR every page listed in `quality.empty_pages` of the PDF `pdf_bytes`, working in `work`
/// (created, and removed at the end). A page that yields text gets it as its body, is marked
/// `ocr` and moves from `empty_pages` to `ocr_pages`. Returns the problems, one per page that
/// could not be read (those stay empty; page 0: the work folder could not be prepared).
pub fn fill_empty_pages(
    ocr: &Ocr,
    pdf_bytes: &[u8],
    pages: &mut [PageText],
    quality: &mut Quality,
    work: &Path,
) -> Vec<(u32, String)> {
    if quality.empty_pages.is_empty() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    if let Err(e) = std::fs::create_dir_all(work) {
        return vec![(0, format!("could not create the OCR work folder: {e}"))];
    }
    let pdf = work.join("document.pdf");
    if let Err(e) = std::fs::write(&pdf, pdf_bytes) {
        let _ = std::fs::remove_dir_all(work);
        return vec![(0, format!("could not write the OCR work copy: {e}"))];
    }
    let mut still_empty = Vec::new();
    for &n in &quality.empty_pages {
        let Some(page) = n.checked_sub(1).and_then(|i| pages.get_mut(i as usize)) else {
            continue;
        };
        match ocr.read_page(&pdf, n, work) {
            Ok(text) if !text.trim().is_empty() => {
                page.body = text;
                page.ocr = true;
                quality.ocr_pages.push(n);
            }
            Ok(_) => still_empty.push(n),
            Err(e) => {
                problems.push((n, e));
                still_empty.push(n);
            }
        }
    }
    quality.empty_pages = still_empty;
    let _ = std::fs::remove_dir_all(work);
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_that_runs_too_long_is_killed() {
        let mut cmd = Command::new("sleep");
        cmd.arg("20");
        let started = Instant::now();
        let r = run_bounded(cmd, Duration::from_millis(300));
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(r.unwrap_err().contains("gave up after"));
    }

    #[test]
    fn output_is_collected() {
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg("echo out; echo err >&2");
        let out = run_bounded(cmd, Duration::from_secs(10)).unwrap();
        assert_eq!(out.stdout, b"out\n");
        assert_eq!(out.stderr, b"err\n");
        assert!(out.status.success());
    }

    #[test]
    fn tesseract_output_is_cleaned() {
        assert_eq!(
            clean("\n\u{fb01}rst line  \n\nsecond\u{2014}part\n\u{000C}"),
            "first line\n\nsecond-part"
        );
    }

    #[test]
    fn no_empty_pages_needs_no_programs() {
        let ocr = Ocr {
            tesseract: "/nonexistent/tesseract".into(),
            pdftoppm: "/nonexistent/pdftoppm".into(),
            languages: "eng".into(),
            page_timeout: PAGE_TIMEOUT,
        };
        let mut q = Quality::default();
        let dir = tempfile::tempdir().unwrap();
        let problems = fill_empty_pages(&ocr, b"%PDF", &mut [], &mut q, dir.path());
        assert!(problems.is_empty());
    }
}
