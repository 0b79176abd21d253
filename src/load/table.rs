//! A CSV table reader that checks the header, parses cells and collects every problem with its
//! file, line and column instead of stopping at the first.

use std::collections::HashMap;
use std::io::Read;

use crate::error::{InputError, Place};

/// The bytes of a file as text: UTF-8 (a byte-order mark dropped), UTF-16 with its mark, or
/// else Windows-1252 (Latin-1), the encoding Excel's plain "CSV" uses in Western locales. The
/// second value names the encoding when it was not UTF-8.
pub(crate) fn decode(bytes: Vec<u8>) -> (String, Option<&'static str>) {
    // Latin-1 and Windows-1252 agree but on 0x80 to 0x9F (control codes in Latin-1, letters
    // and signs in Windows-1252), and schools' files hold letters there, not control codes.
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        if encoding == encoding_rs::UTF_8 {
            if let Ok(text) = std::str::from_utf8(&bytes[bom..]) {
                return (text.to_owned(), None);
            }
        } else {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
            return (text.into_owned(), Some(encoding.name()));
        }
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
            (text.into_owned(), Some("Windows-1252 (Latin-1)"))
        }
    }
}

/// Reads all of `reader` as text (see [`decode`]); a file not in UTF-8 gets one warning naming
/// the encoding used.
pub(crate) fn read_text(
    file: &str,
    mut reader: impl Read,
    errors: &mut Vec<InputError>,
    warnings: &mut Vec<InputError>,
) -> Option<String> {
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        errors.push(InputError::new(
            Place::new(file, None, None),
            format!("cannot read: {e}"),
        ));
        return None;
    }
    let (text, encoding) = decode(bytes);
    if let Some(name) = encoding {
        warnings.push(InputError::new(
            Place::new(file, None, None),
            format!("not UTF-8: read as {name}; tailor writes UTF-8"),
        ));
    }
    Some(text)
}

/// The rows of a table, and the key (first column) of every row that could not be read.
pub(crate) struct Table<T> {
    /// The rows read.
    pub rows: Vec<T>,
    /// The first column's text of each row that could not be read (when not empty).
    pub broken: Vec<String>,
}

/// Reads a CSV table whose columns are exactly `columns` (in any order) plus any of
/// `optional`; calls `row` for every record and collects what it returns. Problems go to
/// `errors`; a broken record is skipped, a broken cell is reported and read as empty or zero.
pub(crate) fn read_table<R: Read, T>(
    file: &str,
    reader: R,
    columns: &[&'static str],
    optional: &[&'static str],
    errors: &mut Vec<InputError>,
    row: impl FnMut(&mut Cells<'_>) -> Option<T>,
) -> Vec<T> {
    read_table_noting(
        file,
        reader,
        columns,
        optional,
        errors,
        &mut Vec::new(),
        row,
    )
    .rows
}

/// [`read_table`], with the warnings of reading (an encoding other than UTF-8) and the keys of
/// rows that could not be read.
pub(crate) fn read_table_noting<R: Read, T>(
    file: &str,
    reader: R,
    columns: &[&'static str],
    optional: &[&'static str],
    errors: &mut Vec<InputError>,
    warnings: &mut Vec<InputError>,
    mut row: impl FnMut(&mut Cells<'_>) -> Option<T>,
) -> Table<T> {
    let mut table = Table {
        rows: Vec::new(),
        broken: Vec::new(),
    };
    let Some(text) = read_text(file, reader, errors, warnings) else {
        return table;
    };
    // Lines are counted from byte offsets: the CSV reader's own count is one short after a
    // CRLF line ending.
    // (After a CRLF the reader places the next record at its `\n`: line breaks at the offset
    // belong before the record.)
    let newlines: Vec<usize> = newlines_of(&text);
    let line_at = |byte: u64| -> u64 {
        let start = text.as_bytes()[(byte as usize).min(text.len())..]
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .map_or(text.len(), |i| i + byte as usize);
        newlines.partition_point(|&n| n < start) as u64 + 1
    };
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errors.push(csv_error(file, &e, line_at));
            return table;
        }
    };
    if headers.is_empty() || (headers.len() == 1 && headers[0].is_empty()) {
        errors.push(InputError::expected(
            Place::new(file, Some(1), None),
            format!("a header row with columns {}", columns.join(",")),
            "",
        ));
        return table;
    }
    let known = |h: &str| columns.iter().chain(optional).any(|c| *c == h);
    if !headers.iter().any(known)
        && headers
            .iter()
            .any(|h| h.split(';').any(|x| known(x.trim())))
    {
        errors.push(InputError::new(
            Place::new(file, Some(1), None),
            "the columns are separated by \";\" (as Excel saves CSV in many European locales); \
             expected \",\": save it as \"CSV UTF-8 (comma delimited)\"",
        ));
        return table;
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
        return table;
    }
    let key = columns.first().and_then(|c| index.get(c)).copied();
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| line_at(p.byte()));
                let key_text = key.and_then(|k| record.get(k)).unwrap_or("").to_owned();
                if record.len() != headers.len() {
                    errors.push(InputError::new(
                        Place::new(file, Some(line), None),
                        format!("expected {} fields, found {}", headers.len(), record.len()),
                    ));
                    if !key_text.is_empty() {
                        table.broken.push(key_text);
                    }
                    continue;
                }
                let mut cells = Cells {
                    file,
                    line,
                    record: &record,
                    index: &index,
                    errors,
                    ok: true,
                };
                match row(&mut cells) {
                    Some(t) => table.rows.push(t),
                    None if !key_text.is_empty() => table.broken.push(key_text),
                    None => {}
                }
            }
            Err(e) => {
                let stop = matches!(e.kind(), csv::ErrorKind::Io(_));
                errors.push(csv_error(file, &e, line_at));
                if stop {
                    break;
                }
            }
        }
    }
    table
}

/// The byte offsets of the `\n` of `text`.
fn newlines_of(text: &str) -> Vec<usize> {
    text.bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect()
}

fn csv_error(file: &str, e: &csv::Error, line_at: impl Fn(u64) -> u64) -> InputError {
    let line = e.position().map(|p| line_at(p.byte()));
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
    /// An optional whole number: `None` for an empty cell or an absent column.
    pub fn optional_number(&mut self, column: &str) -> Option<u32> {
        if self.text(column).is_empty() {
            None
        } else {
            Some(self.number(column))
        }
    }
    /// The optional limit columns `max_days`, `max_gaps`, `max_daily`, `min_daily`, `max_run`,
    /// `max_gaps_daily`, `max_late_starts` (ranges are checked
    /// against the week when resolved).
    pub fn limits(&mut self) -> crate::scenario::Limits {
        crate::scenario::Limits {
            max_days: self.optional_number("max_days"),
            max_gaps: self.optional_number("max_gaps"),
            max_daily: self.optional_number("max_daily"),
            min_daily: self.optional_number("min_daily"),
            max_run: self.optional_number("max_run"),
            max_gaps_daily: self.optional_number("max_gaps_daily"),
            max_late_starts: self.optional_number("max_late_starts"),
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
    fn lf_and_crlf_give_the_same_lines() {
        let lf = "id,n\na,x\n\n,2\n\"c\nd\",3,4\nd,5\ne,y\n";
        let (rows, errors) = read(lf);
        let (rows_crlf, errors_crlf) = read(&lf.replace('\n', "\r\n"));
        assert_eq!(
            errors,
            vec![
                r#"t.csv:2: n: expected a whole number, found "x""#,
                r#"t.csv:4: id: expected a non-empty id, found """#,
                "t.csv:5: expected 2 fields, found 3",
                r#"t.csv:8: n: expected a whole number, found "y""#,
            ]
        );
        assert_eq!(errors_crlf, errors);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows_crlf.len(), 3);
    }

    #[test]
    fn text_is_utf8_with_or_without_a_mark_or_else_windows_1252() {
        assert_eq!(decode(b"Zo\xc3\xab".to_vec()), ("Zo\u{eb}".into(), None));
        assert_eq!(
            decode(b"\xef\xbb\xbfZo\xc3\xab".to_vec()),
            ("Zo\u{eb}".into(), None)
        );
        let (text, encoding) = decode(b"Zo\xeb \x96 caf\xe9".to_vec());
        assert_eq!(text, "Zo\u{eb} \u{2013} caf\u{e9}");
        assert_eq!(encoding, Some("Windows-1252 (Latin-1)"));
        let (text, encoding) = decode(b"\xff\xfeZ\x00\xeb\x00".to_vec());
        assert_eq!((text.as_str(), encoding), ("Z\u{eb}", Some("UTF-16LE")));
    }

    #[test]
    fn a_file_separated_by_semicolons_is_one_error() {
        let (rows, errors) = read("id;n\na;1\n");
        assert!(rows.is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("t.csv:1: the columns are separated by \";\""));
    }

    #[test]
    fn the_key_of_an_unreadable_row_is_kept() {
        let mut errors = Vec::new();
        let t = read_table_noting(
            "t.csv",
            "id,n\na,1,2\nb,2\n".as_bytes(),
            &["id", "n"],
            &[],
            &mut errors,
            &mut Vec::new(),
            |c| c.id("id"),
        );
        assert_eq!(t.rows, ["b"]);
        assert_eq!(t.broken, ["a"]);
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
