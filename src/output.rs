//! Tabular output shared by every command: `table` (aligned, for people), `csv` (header row)
//! and `json` (one array of objects whose keys are the CSV column names; numbers are numbers).
//!
//! Rows are output-only structs that derive `Serialize`; their field names are the contract
//! of `../shared/spec/cli.md`, and `columns` must list them in order (tests check it).

use serde::Serialize;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

keyword_enum!(Format, "format", { Table => "table", Csv => "csv", Json => "json" });

/// [`write_rows`] to standard output: what every tabular command prints.
pub fn print_rows<T: Serialize>(format: Format, columns: &[&str], rows: &[T]) -> io::Result<()> {
    write_rows(&mut io::stdout().lock(), format, columns, rows)
}

/// Write `rows` in `format`. `columns` are the field names of `T`, in order; they form the
/// CSV header (also when there are no rows) and the table header.
pub fn write_rows<T: Serialize, W: Write>(
    out: &mut W,
    format: Format,
    columns: &[&str],
    rows: &[T],
) -> io::Result<()> {
    match format {
        Format::Json => {
            // `io::Error::from` keeps an I/O error's kind (a closed pipe stays `BrokenPipe`,
            // which `main` treats as a quiet exit).
            serde_json::to_writer_pretty(&mut *out, rows).map_err(io::Error::from)?;
            writeln!(out)
        }
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut *out);
            w.write_record(columns).map_err(csv_io)?;
            for row in rows {
                w.serialize(row).map_err(csv_io)?;
            }
            w.flush()
        }
        Format::Table => {
            let cells = to_cells(rows)?;
            write_table(out, columns, &cells)
        }
    }
}

/// A CSV writer's error as an I/O error that keeps the kind of an underlying I/O error, so
/// `efrh kwic --format csv | head -1` (a closed pipe) exits quietly instead of reporting it.
/// (Public for commands that write CSV themselves, such as the streamed `export pages`.)
pub fn csv_io(e: csv::Error) -> io::Error {
    if e.is_io_error() {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => io,
            other => io::Error::other(format!("{other:?}")),
        }
    } else {
        io::Error::other(e)
    }
}

/// Serialise rows to strings through the CSV serializer (so table and CSV agree).
fn to_cells<T: Serialize>(rows: &[T]) -> io::Result<Vec<Vec<String>>> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for row in rows {
        w.serialize(row).map_err(io::Error::other)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut cells = Vec::with_capacity(rows.len());
    for rec in rdr.records() {
        let rec = rec.map_err(io::Error::other)?;
        cells.push(
            rec.iter()
                .map(|s| s.replace(['\n', '\r', '\t'], " "))
                .collect(),
        );
    }
    Ok(cells)
}

/// Longest cell shown in a table column before it is cut with "…".
const MAX_CELL: usize = 60;

fn write_table<W: Write>(out: &mut W, columns: &[&str], cells: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    let clip = |s: &str| -> String {
        if s.chars().count() > MAX_CELL {
            let mut t: String = s.chars().take(MAX_CELL - 1).collect();
            t.push('…');
            t
        } else {
            s.to_string()
        }
    };
    let cells: Vec<Vec<String>> = cells
        .iter()
        .map(|r| r.iter().map(|c| clip(c)).collect())
        .collect();
    for row in &cells {
        for (i, c) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let line = |out: &mut W, row: &[String]| -> io::Result<()> {
        let mut s = String::new();
        for (i, w) in widths.iter().enumerate() {
            let c = row.get(i).map(String::as_str).unwrap_or("");
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(c);
            if i + 1 < widths.len() {
                s.extend(std::iter::repeat_n(
                    ' ',
                    w.saturating_sub(c.chars().count()),
                ));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    let header: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    line(out, &header)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(out, &rule)?;
    for row in &cells {
        line(out, row)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        name: String,
        n: u32,
        rate: f64,
    }

    fn rows() -> Vec<Row> {
        vec![Row {
            name: "a, \"b\"".into(),
            n: 3,
            rate: 1.5,
        }]
    }

    #[test]
    fn csv_has_header_even_when_empty() {
        let mut out = Vec::new();
        write_rows::<Row, _>(&mut out, Format::Csv, &["name", "n", "rate"], &[]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "name,n,rate\n");
    }

    #[test]
    fn json_numbers_are_numbers() {
        let mut out = Vec::new();
        write_rows(&mut out, Format::Json, &["name", "n", "rate"], &rows()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["n"], serde_json::json!(3));
        assert_eq!(v[0]["rate"], serde_json::json!(1.5));
    }

    #[test]
    fn table_aligns_columns() {
        let mut out = Vec::new();
        write_rows(&mut out, Format::Table, &["name", "n", "rate"], &rows()).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s, "name    n  rate\n------  -  ----\na, \"b\"  3  1.5\n");
    }
}
