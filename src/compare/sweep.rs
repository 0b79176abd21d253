//! Sweep files: a base scenario and the variants to compare with it, as TOML. Every key of a
//! variant is one edit; `[grid]` expands to every combination of its values. Every problem of a
//! file is reported together, with its line.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, InputError, InputErrors, Place, Result};
use crate::load::line_of;

/// The numeric fields of `courses.csv`.
pub const NUMBER_FIELDS: [&str; 4] = ["periods", "min_size", "max_size", "max_classes"];
/// The text fields of `courses.csv`.
pub const TEXT_FIELDS: [&str; 3] = ["name", "kind", "room_type"];
/// The list fields of `courses.csv` (`a;b` or an array of strings).
pub const LIST_FIELDS: [&str; 4] = ["stages", "features", "allowed", "after"];
/// The yes/no fields of `courses.csv`.
pub const FLAG_FIELDS: [&str; 1] = ["staffed"];
/// The fields every option course shares when set at the top of a variant or grid.
pub const OPTION_FIELDS: [&str; 3] = ["min_size", "max_size", "max_classes"];

/// A new value of a field of `courses.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    /// A whole number (`periods`, `min_size`, `max_size`, `max_classes`).
    Number(u32),
    /// A text (`name`, `kind`, `room_type`).
    Text(String),
    /// A list (`stages`, `features`, `allowed`, `after`).
    List(Vec<String>),
    /// Yes or no (`staffed`).
    Flag(bool),
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Number(n) => write!(f, "{n}"),
            FieldValue::Text(t) => write!(f, "{t}"),
            FieldValue::List(l) => write!(f, "{}", l.join(";")),
            FieldValue::Flag(b) => write!(f, "{b}"),
        }
    }
}

/// A member of staff a variant adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    /// Staff id (must be new).
    pub id: String,
    /// Name (the id when not given).
    pub name: String,
    /// Most weekly meetings.
    pub max_periods: u32,
    /// Courses they may teach.
    pub teaches: Vec<String>,
    /// `Day:Period` slots they cannot teach.
    pub unavailable: Vec<String>,
}

/// One change a variant makes to the base scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// `blocks = N`: the number of option blocks.
    Blocks(u32),
    /// `periods_per_block = N`: weekly slots of a block (every option course's `periods` too).
    PeriodsPerBlock(u32),
    /// `max_size = N` (or `min_size`, `max_classes`): that field of every option course.
    OptionCourses {
        /// The field.
        field: &'static str,
        /// Its new value.
        value: u32,
    },
    /// `"courses.ID.FIELD" = V`: one field of one course.
    Course {
        /// Course id.
        course: String,
        /// Field of `courses.csv`.
        field: &'static str,
        /// Its new value.
        value: FieldValue,
    },
    /// `drop_course = "ID"`: the course, its choices, and its mentions elsewhere go.
    DropCourse(String),
    /// `drop_staff = "ID"`: the member of staff goes.
    DropStaff(String),
    /// `add_staff = { id, teaches, max_periods, name?, unavailable? }`.
    AddStaff(NewStaff),
    /// `scale_demand = { course, pupils, seed? }`: that many more pupils choose the course.
    ScaleDemand {
        /// The option course.
        course: String,
        /// How many more pupils choose it.
        pupils: u32,
        /// Seed of the order in which pupils are picked.
        seed: u64,
    },
}

/// A change with the place in the sweep file that asked for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Where it was asked for.
    pub place: Place,
    /// What it changes.
    pub change: Change,
}

/// A named set of edits of the base scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// Name, unique in the sweep.
    pub name: String,
    /// The line of the sweep file where it starts.
    pub line: u64,
    /// Its edits, in the order of the file.
    pub edits: Vec<Edit>,
}

/// A parsed sweep file.
#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    /// The sweep file's name, as used in messages.
    pub file: String,
    /// The base scenario folder (relative paths are taken from the sweep file's folder).
    pub base: PathBuf,
    /// Seconds each solve may take.
    pub time_limit_s: Option<f64>,
    /// Threads of the whole comparison.
    pub threads: Option<u32>,
    /// The variants: `[[variant]]` tables in order, then the `[grid]` combinations.
    pub variants: Vec<Variant>,
}

impl Sweep {
    /// The names of every row of a comparison: `base`, then each variant.
    pub fn names(&self) -> Vec<String> {
        std::iter::once(super::BASE.to_owned())
            .chain(self.variants.iter().map(|v| v.name.clone()))
            .collect()
    }
}

type Table = toml::Table;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepFile {
    base: Spanned<String>,
    #[serde(default)]
    time_limit_s: Option<Spanned<f64>>,
    #[serde(default)]
    threads: Option<Spanned<i64>>,
    #[serde(default)]
    variant: Vec<Spanned<Table>>,
    #[serde(default)]
    grid: Option<Spanned<Table>>,
}

/// The line where `key` is set between byte `from` and the next table header (or the end),
/// written bare, quoted or as dotted keys; `None` when it cannot be told.
fn key_line(text: &str, from: usize, key: &str) -> Option<u64> {
    let from = text[..from.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    for (line, (i, l)) in (line_of(text, from)..).zip(text[from..].lines().enumerate()) {
        let t = l.trim_start();
        if i > 0 && t.starts_with('[') {
            return None;
        }
        let rest = t
            .strip_prefix(&format!("\"{key}\""))
            .or_else(|| t.strip_prefix(&format!("'{key}'")))
            .or_else(|| t.strip_prefix(key));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return Some(line);
        }
    }
    None
}

/// Reads and parses the sweep file at `path`.
pub fn read_sweep(path: &Path) -> Result<Sweep> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(parse_sweep(&text, &path.display().to_string(), &dir)?)
}

/// Parses the text of a sweep file named `file` that lies in the folder `dir`.
pub fn parse_sweep(text: &str, file: &str, dir: &Path) -> Result<Sweep, InputErrors> {
    let parsed: SweepFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        InputErrors(vec![InputError::new(
            Place::new(file, line, None),
            e.message().trim().to_owned(),
        )])
    })?;
    let mut p = Parser {
        text,
        from: 0,
        file,
        errors: Vec::new(),
    };
    let mut time_limit_s = None;
    if let Some(t) = &parsed.time_limit_s {
        if t.get_ref().is_finite() && *t.get_ref() > 0.0 {
            time_limit_s = Some(*t.get_ref());
        } else {
            p.expected(
                line_of(text, t.span().start),
                "time_limit_s",
                "a positive number of seconds",
                &t.get_ref().to_string(),
            );
        }
    }
    let mut threads = None;
    if let Some(t) = &parsed.threads {
        match u32::try_from(*t.get_ref()) {
            Ok(n) if n > 0 => threads = Some(n),
            _ => p.expected(
                line_of(text, t.span().start),
                "threads",
                "at least 1",
                &t.get_ref().to_string(),
            ),
        }
    }
    let mut variants = Vec::new();
    for (i, table) in parsed.variant.iter().enumerate() {
        let line = line_of(text, table.span().start);
        let mut name = format!("variant {}", i + 1);
        let mut edits = Vec::new();
        p.from = table.span().start;
        for (at, key, value) in sorted(text, table.span().start, table.get_ref()) {
            if key == "name" {
                match value {
                    toml::Value::String(s) if !s.trim().is_empty() => name = s.trim().to_owned(),
                    v => p.expected(at, "name", "a non-empty text", &show(v)),
                }
                continue;
            }
            edits.extend(p.edits(key, at, value));
        }
        variants.push(Variant { name, line, edits });
    }
    if let Some(grid) = &parsed.grid {
        p.from = grid.span().start;
        variants.extend(p.grid(grid));
    }
    let mut first: BTreeMap<&str, u64> = BTreeMap::new();
    first.insert(super::BASE, 0);
    for v in &variants {
        if let Some(&l) = first.get(v.name.as_str()) {
            let was = if l == 0 {
                "the base row's name".to_owned()
            } else {
                format!("first on line {l}")
            };
            p.errors.push(InputError::new(
                Place::new(file, Some(v.line), Some("name")),
                format!("duplicate variant name {:?} ({was})", v.name),
            ));
        } else {
            first.insert(&v.name, v.line);
        }
    }
    if !p.errors.is_empty() {
        p.errors.sort();
        p.errors.dedup();
        return Err(InputErrors(p.errors));
    }
    Ok(Sweep {
        file: file.to_owned(),
        base: dir.join(parsed.base.get_ref()),
        time_limit_s,
        threads,
        variants,
    })
}

/// The entries of a table that starts at byte `from`, with their lines, in the order of the
/// file (a key whose line cannot be told gets the table's line).
fn sorted<'t>(
    text: &str,
    from: usize,
    table: &'t Table,
) -> Vec<(u64, &'t String, &'t toml::Value)> {
    let own = line_of(text, from);
    let mut v: Vec<_> = table
        .iter()
        .map(|(k, value)| {
            let line = key_line(text, from, k)
                .or_else(|| {
                    // Dotted keys: `courses.PHY.max_size = 25` sets the table `courses`.
                    let toml::Value::Table(t) = value else {
                        return None;
                    };
                    t.iter()
                        .flat_map(|(k2, v2)| match v2 {
                            toml::Value::Table(t2) => t2
                                .keys()
                                .filter_map(|k3| key_line(text, from, &format!("{k}.{k2}.{k3}")))
                                .min(),
                            _ => key_line(text, from, &format!("{k}.{k2}")),
                        })
                        .min()
                })
                .unwrap_or(own);
            (line, k, value)
        })
        .collect();
    v.sort_by_key(|(line, k, _)| (*line, (*k).clone()));
    v
}

/// A value as the messages show it.
fn show(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

struct Parser<'a> {
    text: &'a str,
    /// Where the table being read starts.
    from: usize,
    file: &'a str,
    errors: Vec<InputError>,
}

impl Parser<'_> {
    /// The place of `key` at line `at`.
    fn place(&self, at: u64, key: &str) -> Place {
        Place::new(self.file, Some(at), Some(key))
    }

    fn expected(&mut self, at: u64, key: &str, expected: impl fmt::Display, found: &str) {
        let place = self.place(at, key);
        self.errors
            .push(InputError::expected(place, expected, found));
    }

    /// The edits of one key of a variant (a `courses` table holds several).
    fn edits(&mut self, key: &str, at: u64, value: &toml::Value) -> Vec<Edit> {
        let k = key;
        if k == "courses" {
            // `courses.PHY.max_size = 25` written as dotted keys: a table of tables.
            let toml::Value::Table(courses) = value else {
                self.expected(at, k, "a table of courses", &show(value));
                return Vec::new();
            };
            let mut out = Vec::new();
            for (course, fields) in courses {
                let toml::Value::Table(fields) = fields else {
                    self.expected(
                        at,
                        &format!("courses.{course}"),
                        "a table of fields",
                        &show(fields),
                    );
                    continue;
                };
                for (field, v) in fields {
                    let name = format!("courses.{course}.{field}");
                    let line = key_line(self.text, self.from, &name).unwrap_or(at);
                    out.extend(self.edit(&name, line, v));
                }
            }
            return out;
        }
        self.edit(k, at, value).into_iter().collect()
    }

    /// The edit of one key and value; `None` (with an error) when either is wrong.
    fn edit(&mut self, key: &str, at: u64, value: &toml::Value) -> Option<Edit> {
        let change = self.change(key, at, value)?;
        Some(Edit {
            place: self.place(at, key),
            change,
        })
    }

    fn number(&mut self, at: u64, key: &str, value: &toml::Value) -> Option<u32> {
        match value {
            toml::Value::Integer(n) if u32::try_from(*n).is_ok() => Some(*n as u32),
            v => {
                self.expected(at, key, "a whole number", &show(v));
                None
            }
        }
    }

    fn text_of(&mut self, at: u64, key: &str, value: &toml::Value) -> Option<String> {
        match value {
            toml::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            v => {
                self.expected(at, key, "a non-empty text", &show(v));
                None
            }
        }
    }

    fn list(&mut self, at: u64, key: &str, value: &toml::Value) -> Option<Vec<String>> {
        match value {
            toml::Value::String(s) => Some(
                s.split(';')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
            toml::Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    out.push(self.text_of(at, key, item)?);
                }
                Some(out)
            }
            v => {
                self.expected(at, key, "a ;-list or an array of texts", &show(v));
                None
            }
        }
    }

    fn change(&mut self, key: &str, at: u64, value: &toml::Value) -> Option<Change> {
        match key {
            "blocks" => Some(Change::Blocks(self.number(at, key, value)?)),
            "periods_per_block" => Some(Change::PeriodsPerBlock(self.number(at, key, value)?)),
            k if OPTION_FIELDS.contains(&k) => {
                let field = OPTION_FIELDS.into_iter().find(|f| *f == k)?;
                Some(Change::OptionCourses {
                    field,
                    value: self.number(at, key, value)?,
                })
            }
            "drop_course" => Some(Change::DropCourse(self.text_of(at, key, value)?)),
            "drop_staff" => Some(Change::DropStaff(self.text_of(at, key, value)?)),
            "add_staff" => self.add_staff(at, value),
            "scale_demand" => self.scale_demand(at, value),
            k if k.starts_with("courses.") => {
                let rest = &k["courses.".len()..];
                let Some((course, field)) = rest.rsplit_once('.').filter(|(c, _)| !c.is_empty())
                else {
                    self.expected(at, k, "courses.ID.FIELD", k);
                    return None;
                };
                let value = if let Some(f) = NUMBER_FIELDS.iter().find(|f| **f == field) {
                    (*f, FieldValue::Number(self.number(at, key, value)?))
                } else if let Some(f) = TEXT_FIELDS.iter().find(|f| **f == field) {
                    (*f, FieldValue::Text(self.text_of(at, key, value)?))
                } else if let Some(f) = LIST_FIELDS.iter().find(|f| **f == field) {
                    (*f, FieldValue::List(self.list(at, key, value)?))
                } else if let Some(f) = FLAG_FIELDS.iter().find(|f| **f == field) {
                    match value {
                        toml::Value::Boolean(b) => (*f, FieldValue::Flag(*b)),
                        v => {
                            self.expected(at, key, "true or false", &show(v));
                            return None;
                        }
                    }
                } else {
                    let all: Vec<&str> = NUMBER_FIELDS
                        .iter()
                        .chain(&TEXT_FIELDS)
                        .chain(&LIST_FIELDS)
                        .chain(&FLAG_FIELDS)
                        .copied()
                        .collect();
                    self.expected(
                        at,
                        key,
                        format!("a field of courses.csv ({})", all.join(", ")),
                        field,
                    );
                    return None;
                };
                Some(Change::Course {
                    course: course.to_owned(),
                    field: value.0,
                    value: value.1,
                })
            }
            k => {
                self.expected(
                    at,
                    k,
                    "an edit: blocks, periods_per_block, min_size, max_size, max_classes, \
                     \"courses.ID.FIELD\", drop_course, drop_staff, add_staff or scale_demand",
                    k,
                );
                None
            }
        }
    }

    /// Checks that an inline table has only `allowed` keys and all `required` ones.
    fn table<'v>(
        &mut self,
        at: u64,
        key: &str,
        value: &'v toml::Value,
        required: &[&str],
        optional: &[&str],
    ) -> Option<&'v toml::Table> {
        let toml::Value::Table(t) = value else {
            self.expected(
                at,
                key,
                format!("a table {{ {} }}", required.join(", ")),
                &show(value),
            );
            return None;
        };
        let mut ok = true;
        for k in t.keys() {
            if !required.contains(&k.as_str()) && !optional.contains(&k.as_str()) {
                let all: Vec<&str> = required.iter().chain(optional).copied().collect();
                self.expected(
                    at,
                    &format!("{key}.{k}"),
                    format!("keys {}", all.join(", ")),
                    k,
                );
                ok = false;
            }
        }
        for r in required {
            if !t.contains_key(*r) {
                let place = self.place(at, &format!("{key}.{r}"));
                self.errors.push(InputError::new(place, "missing"));
                ok = false;
            }
        }
        ok.then_some(t)
    }

    fn add_staff(&mut self, at: u64, value: &toml::Value) -> Option<Change> {
        let key = "add_staff";
        let t = self.table(
            at,
            key,
            value,
            &["id", "teaches", "max_periods"],
            &["name", "unavailable"],
        )?;
        let id = self.text_of(at, "add_staff.id", &t["id"]);
        let teaches = self.list(at, "add_staff.teaches", &t["teaches"]);
        let max_periods = self.number(at, "add_staff.max_periods", &t["max_periods"]);
        let name = match t.get("name") {
            Some(v) => Some(self.text_of(at, "add_staff.name", v)?),
            None => None,
        };
        let unavailable = match t.get("unavailable") {
            Some(v) => self.list(at, "add_staff.unavailable", v)?,
            None => Vec::new(),
        };
        let id = id?;
        Some(Change::AddStaff(NewStaff {
            name: name.unwrap_or_else(|| id.clone()),
            id,
            max_periods: max_periods?,
            teaches: teaches?,
            unavailable,
        }))
    }

    fn scale_demand(&mut self, at: u64, value: &toml::Value) -> Option<Change> {
        let t = self.table(at, "scale_demand", value, &["course", "pupils"], &["seed"])?;
        let course = self.text_of(at, "scale_demand.course", &t["course"]);
        let pupils = self.number(at, "scale_demand.pupils", &t["pupils"]);
        let seed = match t.get("seed") {
            Some(v) => u64::from(self.number(at, "scale_demand.seed", v)?),
            None => 1,
        };
        Some(Change::ScaleDemand {
            course: course?,
            pupils: pupils?,
            seed,
        })
    }

    /// Every combination of the grid's values, the first key varying slowest.
    fn grid(&mut self, grid: &Spanned<Table>) -> Vec<Variant> {
        let line = line_of(self.text, grid.span().start);
        // Per key: its (label, edit) per value.
        let mut axes: Vec<Vec<(String, Edit)>> = Vec::new();
        for (at, k, value) in sorted(self.text, grid.span().start, grid.get_ref()) {
            let toml::Value::Array(items) = value else {
                self.expected(at, k, "an array of values", &show(value));
                continue;
            };
            if items.is_empty() {
                self.expected(at, k, "a non-empty array of values", "[]");
                continue;
            }
            let label = k.rsplit('.').next().unwrap_or(k);
            let label = if k.starts_with("courses.") {
                k.as_str()
            } else {
                label
            };
            let mut axis = Vec::new();
            for item in items {
                if let Some(edit) = self.edit(k, at, item) {
                    axis.push((format!("{label}={}", show(item)), edit));
                }
            }
            if axis.len() == items.len() {
                axes.push(axis);
            }
        }
        if axes.is_empty() {
            return Vec::new();
        }
        let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
        for axis in &axes {
            combos = combos
                .into_iter()
                .flat_map(|c| {
                    (0..axis.len()).map(move |i| {
                        let mut c = c.clone();
                        c.push(i);
                        c
                    })
                })
                .collect();
        }
        combos
            .into_iter()
            .map(|c| {
                let parts: Vec<&(String, Edit)> =
                    c.iter().enumerate().map(|(a, &i)| &axes[a][i]).collect();
                Variant {
                    name: parts
                        .iter()
                        .map(|p| p.0.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    line,
                    edits: parts.iter().map(|p| p.1.clone()).collect(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Sweep, InputErrors> {
        parse_sweep(text, "sweep.toml", Path::new("runs"))
    }

    #[test]
    fn the_example_parses_in_file_order() {
        let s = parse(
            r#"base = "../data/legacy-options"
time_limit_s = 30
threads = 4

[[variant]]
name = "five blocks"
blocks = 5

[[variant]]
name = "cap physics"
"courses.PHY.max_size" = 25
courses.CHE.stages = "12;13"

[[variant]]
name = "no latin"
drop_course = "LAT"
drop_staff = "T9"

[[variant]]
name = "new physics teacher"
add_staff = { id = "NEW1", teaches = "PHY;CHE", max_periods = 12 }

[[variant]]
name = "psychology boom"
scale_demand = { course = "PSY", pupils = 20 }

[grid]
blocks = [4, 5, 6]
max_size = [25, 30]
"#,
        )
        .unwrap();
        assert_eq!(s.base, Path::new("runs/../data/legacy-options"));
        assert_eq!(s.time_limit_s, Some(30.0));
        assert_eq!(s.threads, Some(4));
        let names: Vec<&str> = s.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "five blocks",
                "cap physics",
                "no latin",
                "new physics teacher",
                "psychology boom",
                "blocks=4 max_size=25",
                "blocks=4 max_size=30",
                "blocks=5 max_size=25",
                "blocks=5 max_size=30",
                "blocks=6 max_size=25",
                "blocks=6 max_size=30",
            ]
        );
        assert_eq!(s.variants[0].edits[0].change, Change::Blocks(5));
        assert_eq!(s.variants[0].edits[0].place.line, Some(7));
        let cap: Vec<&Change> = s.variants[1].edits.iter().map(|e| &e.change).collect();
        assert_eq!(
            cap,
            [
                &Change::Course {
                    course: "PHY".into(),
                    field: "max_size",
                    value: FieldValue::Number(25)
                },
                &Change::Course {
                    course: "CHE".into(),
                    field: "stages",
                    value: FieldValue::List(vec!["12".into(), "13".into()])
                },
            ]
        );
        assert_eq!(s.variants[1].edits[1].place.line, Some(12));
        assert_eq!(
            s.variants[2].edits[1].change,
            Change::DropStaff("T9".into())
        );
        assert_eq!(
            s.variants[3].edits[0].change,
            Change::AddStaff(NewStaff {
                id: "NEW1".into(),
                name: "NEW1".into(),
                max_periods: 12,
                teaches: vec!["PHY".into(), "CHE".into()],
                unavailable: vec![],
            })
        );
        assert_eq!(
            s.variants[4].edits[0].change,
            Change::ScaleDemand {
                course: "PSY".into(),
                pupils: 20,
                seed: 1
            }
        );
        let last = &s.variants[10];
        assert_eq!(
            last.edits.iter().map(|e| &e.change).collect::<Vec<_>>(),
            [
                &Change::Blocks(6),
                &Change::OptionCourses {
                    field: "max_size",
                    value: 30
                }
            ]
        );
        assert_eq!(last.line, 27, "the line of [grid]");
    }

    #[test]
    fn every_bad_edit_is_reported_with_its_line() {
        let e = parse(
            r#"base = "demo"
[[variant]]
name = "a"
blocks = "five"
"courses.PHY.colour" = "red"
[[variant]]
name = "b"
"courses.PHY.max_size" = -3
add_staff = { id = "N", max_periods = 3 }
shrink = 2
[[variant]]
name = "a"
[grid]
blocks = 4
"#,
        )
        .unwrap_err();
        let lines: Vec<String> = e.0.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                r#"sweep.toml:4: blocks: expected a whole number, found "five""#,
                r#"sweep.toml:5: courses.PHY.colour: expected a field of courses.csv (periods, min_size, max_size, max_classes, name, kind, room_type, stages, features, allowed, after, staffed), found "colour""#,
                r#"sweep.toml:8: courses.PHY.max_size: expected a whole number, found "-3""#,
                "sweep.toml:9: add_staff.teaches: missing",
                r#"sweep.toml:10: shrink: expected an edit: blocks, periods_per_block, min_size, max_size, max_classes, "courses.ID.FIELD", drop_course, drop_staff, add_staff or scale_demand, found "shrink""#,
                r#"sweep.toml:11: name: duplicate variant name "a" (first on line 2)"#,
                r#"sweep.toml:14: blocks: expected an array of values, found "4""#,
            ]
        );
    }

    #[test]
    fn syntax_errors_and_unknown_top_level_keys_have_lines() {
        let e = parse("base = \"demo\"\n[[variant]\nname = 1\n").unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].place.line, Some(2), "{e}");
        let e = parse("base = \"demo\"\nthreds = 2\n").unwrap_err();
        assert_eq!(e.0[0].place.line, Some(2), "{e}");
        assert!(e.0[0].message.contains("threds"), "{e}");
        let e = parse("threads = 2\n").unwrap_err();
        assert!(e.0[0].message.contains("base"), "{e}");
        let e = parse("base = \"demo\"\nthreads = 0\ntime_limit_s = -1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "sweep.toml:2: threads: expected at least 1, found \"0\"\n\
             sweep.toml:3: time_limit_s: expected a positive number of seconds, found \"-1\""
        );
    }

    #[test]
    fn a_sweep_may_have_no_variants_and_unnamed_ones_are_numbered() {
        let s = parse("base = \"demo\"\n").unwrap();
        assert!(s.variants.is_empty());
        let s = parse("base = \"demo\"\n[[variant]]\nblocks = 3\n").unwrap();
        assert_eq!(s.variants[0].name, "variant 1");
        assert_eq!(s.names(), ["base", "variant 1"]);
    }
}
