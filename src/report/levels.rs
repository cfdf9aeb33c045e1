//! The report's section "National and local" (issue 12): each approach's uptake by level
//! (national, regional, local) and nation, with k of N documents and the 95% Wilson interval
//! ([`crate::aggregate`]'s `GroupRow`, the rows of `efrh count --by level,nation`), and the
//! authorities that use each approach, with k of N of their documents (`count --by
//! nation,authority` over the documents that name an authority).
//!
//! The numbers are also written as `charts/level-nation.csv` and `charts/authorities.csv`, in
//! the columns of `efrh count --by …`, for the approaches.

use super::data::Counts;
use super::html::esc;
use crate::aggregate::{Field, GroupBy, GroupRow, Value};
use crate::output::{write_rows, Format};
use std::fmt::Write;

/// The fields of the uptake table.
pub const LEVEL_NATION: [Field; 2] = [Field::Level, Field::Nation];
/// The fields of the authorities table.
pub const NATION_AUTHORITY: [Field; 2] = [Field::Nation, Field::Authority];

/// `count --by FIELDS` rows of the approaches (all documents, or those naming an authority).
pub fn rows(counts: &Counts, fields: &[Field], approaches: &[usize]) -> Vec<GroupRow> {
    let by = GroupBy::fields(fields);
    let authority_only = fields.contains(&Field::Authority);
    counts
        .grouped(fields, |d| {
            !authority_only || d.doc.meta.authority.is_some()
        })
        .iter()
        .filter(|g| approaches.contains(&g.concept))
        .filter_map(|g| GroupRow::new(g, &by, counts.concepts.get(g.concept)?.id.clone()))
        .collect()
}

/// The rows as `count --by FIELDS --format csv` prints them.
pub fn csv(counts: &Counts, fields: &[Field], approaches: &[usize]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    write_rows(
        &mut out,
        Format::Csv,
        &GroupRow::columns(&GroupBy::fields(fields)),
        &rows(counts, fields, approaches),
    )?;
    Ok(out)
}

/// The CSV files of the section: (file stem, contents).
pub fn csvs(counts: &Counts, approaches: &[usize]) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut out = vec![(
        "level-nation".to_string(),
        csv(counts, &LEVEL_NATION, approaches)?,
    )];
    if counts.docs.iter().any(|d| d.doc.meta.authority.is_some()) {
        out.push((
            "authorities".to_string(),
            csv(counts, &NATION_AUTHORITY, approaches)?,
        ));
    }
    Ok(out)
}

fn show(v: &Value) -> String {
    match v {
        Value::Nation(n) => n.label().to_string(),
        Value::Year(y) => y.to_string(),
        Value::Wave(w) => w.wave().map_or("none".into(), |w| w.to_string()),
        Value::Text(t) => t.as_str().unwrap_or("(none)").to_string(),
        Value::Level(l) => l.label().to_string(),
    }
}

/// "k of N (s%, 95% CI lo–hi%)".
fn k_of_n(r: &GroupRow) -> String {
    let ci = crate::stats::wilson(r.documents_mentioning, r.documents);
    match ci {
        Some((lo, hi)) => format!(
            "{} of {} ({:.0}%, 95% CI {:.0}–{:.0}%)",
            r.documents_mentioning,
            r.documents,
            r.documents_mentioning as f64 * 100.0 / r.documents.max(1) as f64,
            lo * 100.0,
            hi * 100.0
        ),
        None => format!("{} of {}", r.documents_mentioning, r.documents),
    }
}

/// A table: one row per group, one column per approach.
fn table(h: &mut String, id: &str, caption: &str, heads: &[&str], rows: &[GroupRow], n: usize) {
    let _ = write!(
        h,
        "<div class=\"scroll\"><table id=\"{id}\">\n<caption>{}</caption>\n<thead><tr>",
        esc(caption)
    );
    for head in heads {
        let _ = write!(h, "<th>{}</th>", esc(head));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    // Rows come group by group, the approaches of one group together.
    for group in rows.chunks(n.max(1)) {
        let Some(first) = group.first() else { continue };
        h.push_str("<tr>");
        for (_, v) in &first.group {
            let _ = write!(h, "<th>{}</th>", esc(&show(v)));
        }
        let _ = write!(h, "<td class=\"num\">{}</td>", first.documents);
        for r in group {
            let per = r
                .per_10k_words
                .map_or("–".to_string(), |p| format!("{p:.2}"));
            let _ = write!(
                h,
                "<td class=\"num\" data-concept=\"{}\" title=\"{} mentions, {} per 10,000 words\">{}</td>",
                esc(&r.concept),
                r.count,
                esc(&per),
                esc(&k_of_n(r))
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div>\n");
}

/// Write the section into the page.
pub fn section(h: &mut String, number: u32, counts: &Counts, approaches: &[usize]) {
    let _ = writeln!(
        h,
        "<section>\n<h2 id=\"levels\">{number}. National and local</h2>"
    );
    if counts.docs.is_empty() {
        h.push_str("<p>No documents.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<p class=\"note\">Documents mentioning each approach at least once, k of N, with the \
         share and its 95% Wilson interval, by level (national guidance, a region's, a local \
         authority's or safeguarding partnership's) and nation. Hover a cell for mentions and \
         the rate per 10,000 words. The same rows as <code>efrh count --by level,nation</code> \
         (<code>charts/level-nation.csv</code>).</p>\n",
    );
    let labels: Vec<String> = approaches
        .iter()
        .filter_map(|&c| counts.concepts.get(c).map(|x| x.label.clone()))
        .collect();
    let mut heads = vec!["Level", "Nation", "Documents"];
    heads.extend(labels.iter().map(String::as_str));
    let n = approaches.len();
    table(
        h,
        "table-levels",
        "Uptake of each approach by level and nation: documents mentioning it, k of N",
        &heads,
        &rows(counts, &LEVEL_NATION, approaches),
        n,
    );
    h.push_str("<h3>Authorities</h3>\n");
    if !counts.docs.iter().any(|d| d.doc.meta.authority.is_some()) {
        h.push_str(
            "<p>No document of the selection names an authority (set <code>authority</code> \
             in the manifest for regional and local documents).</p>\n</section>\n",
        );
        return;
    }
    let auth_rows = rows(counts, &NATION_AUTHORITY, approaches);
    for (&c, label) in approaches.iter().zip(&labels) {
        let Some(id) = counts.concepts.get(c).map(|x| x.id.as_str()) else {
            continue;
        };
        let users: Vec<String> = auth_rows
            .iter()
            .filter(|r| r.concept == id && r.documents_mentioning > 0)
            .map(|r| {
                let name = r.group.get(1).map(|(_, v)| show(v)).unwrap_or_default();
                format!("{} ({} of {})", name, r.documents_mentioning, r.documents)
            })
            .collect();
        let list = if users.is_empty() {
            "no authority's documents mention it".to_string()
        } else {
            users.join("; ")
        };
        let _ = writeln!(
            h,
            "<p class=\"authorities\" data-concept=\"{}\"><b>{}</b>: {}.</p>",
            esc(id),
            esc(label),
            esc(&list)
        );
    }
    let mut heads = vec!["Nation", "Authority", "Documents"];
    heads.extend(labels.iter().map(String::as_str));
    table(
        h,
        "table-authorities",
        "Each authority's documents mentioning each approach, k of N (charts/authorities.csv)",
        &heads,
        &auth_rows,
        n,
    );
    h.push_str("</section>\n");
}
