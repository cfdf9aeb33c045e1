//! `efrh text`: what the extractor read from a document, as stored in the corpus.

use efrh::corpus::Lookup;
use efrh::model::PageText;
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
    /// Only this page: its printed label ("16", "iv", as cited), else its number counted from
    /// 1 as a reader of the PDF counts them. A label takes precedence over a page number;
    /// '#N' always means the N-th page ('--page #15').
    #[arg(long, value_name = "LABEL|N|#N")]
    page: Option<String>,
    /// Also print each page's running header and footer lines.
    #[arg(long)]
    furniture: bool,
    /// Only the paragraphs in this language (en or cy), as detected when the document was
    /// added; a page with none keeps its place as an empty page.
    #[arg(long, value_name = "LANG")]
    lang: Option<efrh::language::Lang>,
}

pub fn run(config: &efrh::Config, args: Args) -> anyhow::Result<ExitCode> {
    // One record and its files: nothing else of the catalogue is read.
    let corpus = Lookup::open(&config.corpus)?;
    let doc = &corpus.resolve(&args.id)?;
    let pages = corpus.load_pages(&doc.id)?;
    let selected: Vec<&PageText> = match &args.page {
        None => pages.iter().collect(),
        Some(want) => {
            let i = select_page(&pages, want, &doc.id.to_string(), config.quiet)?;
            pages.get(i).into_iter().collect()
        }
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
        let body = match args.lang {
            Some(lang) => std::borrow::Cow::Owned(efrh::language::text_in(page, lang)),
            None => std::borrow::Cow::Borrowed(page.body.as_str()),
        };
        parts.push(&body);
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

/// The index of the page `want` names: `#N` the N-th page; else the first page whose printed
/// label is `want` (a note on stderr when `want` is also another page's number); else the
/// N-th page.
fn select_page(pages: &[PageText], want: &str, id: &str, quiet: bool) -> anyhow::Result<usize> {
    let want = want.trim();
    let nth = |n: &str| -> anyhow::Result<usize> {
        let n: usize = n.parse().map_err(|_| {
            efrh::Error::Usage(format!(
                "--page {want:?} is neither a page label of document {id} nor a page number; \
                 give a printed label (e.g. 16, iv) or #N for the N-th page"
            ))
        })?;
        if n == 0 || n > pages.len() {
            return Err(efrh::Error::Usage(format!(
                "document {id} has {} page(s); there is no page {n}",
                pages.len()
            ))
            .into());
        }
        Ok(n - 1)
    };
    if let Some(n) = want.strip_prefix('#') {
        return nth(n.trim());
    }
    let by_label = pages.iter().position(|p| {
        p.label
            .as_deref()
            .is_some_and(|l| l.eq_ignore_ascii_case(want))
    });
    match by_label {
        Some(i) => {
            if !quiet
                && want
                    .parse::<usize>()
                    .is_ok_and(|n| n != i + 1 && n <= pages.len())
            {
                eprintln!(
                    "note: the page printed as {want} is page #{} of the PDF; \
                     --page '#{want}' gives page #{want}",
                    i + 1
                );
            }
            Ok(i)
        }
        None => nth(want),
    }
}
