//! A CSV table reader that checks the header, parses cells and collects every problem with its
//! file, line and column instead of stopping at the first.

use std::collections::HashMap;
use std::io::Read;

use crate::error::{InputError, Place};

/// Reads a CSV table whose columns are exactly `columns` (in any order) plus any of
/// `optional`; calls `row` for every record and collects what it returns. Problems go to
/// `errors`; a broken record is skipped, a broken cell is reported and read as empty or zero.
pub(crate) fn read_table<R: Read, T>(
    file: &str,
    reader: R,
    columns: &[&'static str],
    optional: &[&'static str],
    errors: &mut Vec<InputError>,
    mut row: impl FnMut(&mut Cells<'_>) -> Option<T>,
) -> Vec<T> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(reader);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errors.push(csv_error(file, &e));
            return Vec::new();
        }
    };
    if headers.is_empty() || (headers.len() == 1 && headers[0].is_empty()) {
        errors.push(InputError::expected(
            Place::new(file, Some(1), None),
            format!("a header row with columns {}", columns.join(",")),
            "",
        ));
        return Vec::new();
    }
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    let mut header_ok = true;
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim_start_matches('\u{feff}');
        match columns.iter().chain(optional).find(|c| **c == h) {
            Some(c) if index.contains_key(c) => {
                errors.push(InputError::new(
                    Place::new(file, Some(1), Some(h)),
                    "column given twice",
                ));
                header_ok = false;
            }
            Some(c) => {
                index.insert(c, i);
            }
            None => {
                errors.push(InputError::expected(
                    Place::new(file, Some(1), None),
                    format!(
                        "columns {}",
                        columns
                            .iter()
                            .chain(optional)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(",")
                    ),
                    h,
                ));
                header_ok = false;
            }
        }
    }
    for c in columns {
        if !index.contains_key(c) {
            errors.push(InputError::new(
                Place::new(file, Some(1), Some(c)),
                "missing column",
            ));
            header_ok = false;
        }
    }
    if !header_ok {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                let mut cells = Cells {
                    file,
                    line,
                    record: &record,
                    index: &index,
                    errors,
                    ok: true,
                };
                if let Some(t) = row(&mut cells) {
                    out.push(t);
                }
            }
            Err(e) => {
                let stop = matches!(e.kind(), csv::ErrorKind::Io(_));
                errors.push(csv_error(file, &e));
                if stop {
                    break;
                }
            }
        }
    }
    out
}

fn csv_error(file: &str, e: &csv::Error) -> InputError {
    let line = e.position().map(|p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("expected {expected_len} fields, found {len}")
        }
        csv::ErrorKind::Utf8 { .. } => "expected UTF-8 text, found invalid bytes".to_owned(),
        csv::ErrorKind::Io(err) => format!("cannot read: {err}"),
        other => format!("malformed CSV: {other:?}"),
    };
    InputError::new(Place::new(file, line, None), message)
}

/// The cells of one record, read by column name; every problem is recorded with its place.
pub(crate) struct Cells<'a> {
    file: &'a str,
    /// Line of the record.
    pub line: u64,
    record: &'a csv::StringRecord,
    index: &'a HashMap<&'static str, usize>,
    errors: &'a mut Vec<InputError>,
    /// False once a cell of this record was wrong.
    pub ok: bool,
}

impl Cells<'_> {
    /// The place of `column` in this record.
    pub fn place(&self, column: &str) -> Place {
        Place::new(self.file, Some(self.line), Some(column))
    }
    /// Records "expected X, found Y" in `column`.
    pub fn expected(&mut self, column: &str, expected: impl std::fmt::Display, found: &str) {
        self.ok = false;
        self.errors
            .push(InputError::expected(self.place(column), expected, found));
    }
    /// The text of `column` (empty for an absent optional column).
    pub fn text(&self, column: &str) -> &str {
        self.index
            .get(column)
            .and_then(|&i| self.record.get(i))
            .unwrap_or("")
    }
    /// Whether the table has `column`.
    pub fn has(&self, column: &str) -> bool {
        self.index.contains_key(column)
    }
    /// A non-empty id.
    pub fn id(&mut self, column: &str) -> Option<String> {
        let t = self.text(column);
        if t.is_empty() {
            self.expected(column, "a non-empty id", "");
            None
        } else {
            Some(t.to_owned())
        }
    }
    /// An owned string (may be empty).
    pub fn string(&self, column: &str) -> String {
        self.text(column).to_owned()
    }
    /// A non-negative whole number (0 when wrong, with an error).
    pub fn number(&mut self, column: &str) -> u32 {
        let t = self.text(column);
        match t.parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                let t = t.to_owned();
                self.expected(column, "a whole number", &t);
                0
            }
        }
    }
    /// A number in `lo..=hi`.
    pub fn number_in(&mut self, column: &str, lo: u32, hi: u32) -> u32 {
        let t = self.text(column).to_owned();
        match t.parse::<u32>() {
            Ok(n) if (lo..=hi).contains(&n) => n,
            _ => {
                self.expected(column, format!("a whole number from {lo} to {hi}"), &t);
                lo
            }
        }
    }
    /// A flag: `0`/`1` (also `yes`/`no`, `true`/`false`; empty is 0).
    pub fn flag(&mut self, column: &str) -> bool {
        match self.text(column).to_ascii_lowercase().as_str() {
            "" | "0" | "no" | "false" => false,
            "1" | "yes" | "true" => true,
            other => {
                let other = other.to_owned();
                self.expected(column, "0 or 1", &other);
                false
            }
        }
    }
    /// A `;`-separated list of non-empty items (empty cell: empty list).
    pub fn list(&mut self, column: &str) -> Vec<String> {
        let t = self.text(column).to_owned();
        if t.is_empty() {
            return Vec::new();
        }
        let items: Vec<String> = t.split(';').map(|s| s.trim().to_owned()).collect();
        if items.iter().any(String::is_empty) {
            self.expected(column, "a ;-separated list without empty items", &t);
            return items.into_iter().filter(|s| !s.is_empty()).collect();
        }
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<(String, u32)>, Vec<String>) {
        let mut errors = Vec::new();
        let rows = read_table(
            "t.csv",
            text.as_bytes(),
            &["id", "n"],
            &["opt"],
            &mut errors,
            |c| {
                let id = c.id("id")?;
                let n = c.number("n");
                Some((id, n))
            },
        );
        (rows, errors.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn columns_in_any_order() {
        let (rows, errors) = read("n,id\n3,a\n4,b\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows, vec![("a".into(), 3), ("b".into(), 4)]);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let (rows, errors) = read("id,n\na,x\n,2\nc,3,4\nd,5\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            errors,
            vec![
                r#"t.csv:2: n: expected a whole number, found "x""#,
                r#"t.csv:3: id: expected a non-empty id, found """#,
                "t.csv:4: expected 2 fields, found 3",
            ]
        );
    }

    #[test]
    fn header_problems() {
        let (_, errors) = read("id,m\n");
        assert_eq!(
            errors,
            vec![
                r#"t.csv:1: expected columns id,n,opt, found "m""#,
                "t.csv:1: n: missing column"
            ]
        );
        let (_, errors) = read("");
        assert_eq!(errors.len(), 1);
    }
}
