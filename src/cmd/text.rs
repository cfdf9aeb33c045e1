//! `efrh text`: what the extractor read from a document, as stored in the corpus.

use efrh::corpus::Corpus;
use std::io::Write;
use std::process::ExitCode;

/// Print the text extracted from a document (pages separated by a form feed).
///
/// All pages separated by a form feed (\f), or one page with --page. Running headers and
/// footers detected by the extractor are left out unless --furniture is given.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Document id (as shown by `efrh list`; a prefix of at least 4 characters will do).
    id: String,
    /// Only this page (numbered from 1, as a reader of the PDF counts them).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    page: Option<u32>,
    /// Also print each page's running header and footer lines.
    #[arg(long)]
    furniture: bool,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::open(&config.corpus)?;
    let doc = corpus.resolve(&args.id)?;
    let pages = corpus.load_pages(&doc.id)?;
    let selected: Vec<_> = match args.page {
        None => pages.iter().collect(),
        Some(n) => match pages.get(n as usize - 1) {
            Some(p) => vec![p],
            None => {
                return Err(efrh::Error::Usage(format!(
                    "document {} has {} page(s); there is no page {n}",
                    doc.id,
                    pages.len()
                ))
                .into())
            }
        },
    };
    let mut out = std::io::stdout().lock();
    for (i, page) in selected.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\x0c")?;
        }
        let mut parts = Vec::new();
        if args.furniture && !page.header.is_empty() {
            parts.push(page.header.as_str());
        }
        parts.push(page.body.as_str());
        if args.furniture && !page.footer.is_empty() {
            parts.push(page.footer.as_str());
        }
        let text = parts.join("\n");
        out.write_all(text.as_bytes())?;
        if !text.is_empty() && !text.ends_with('\n') {
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
