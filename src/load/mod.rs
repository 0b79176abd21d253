//! Loading a scenario folder: read every file ([`read_raw`]), then resolve references and check
//! the school makes sense ([`resolve`]). Every problem of every file is reported together.

mod columns;
mod folder;
mod resolve;
mod shapes;
mod table;
mod write;

use std::io::Read;
use std::path::Path;

use columns::Columns;
pub(crate) use folder::Folder;
pub use resolve::schemes::OPTIONS_SCHEME;
pub use resolve::{resolve, resolve_with, Broken, Loaded};
pub use shapes::{parse_parts, parts_text};
pub(crate) use table::{read_table, Cells};
use table::{read_table_noting, read_text, Table};
pub use write::{write_dir, write_raw};

use crate::error::{InputError, InputErrors, Place, Result};
use crate::scenario::*;

/// The files of a scenario folder.
pub const FILES: [&str; 6] = [
    "school.toml",
    "courses.csv",
    "pupils.csv",
    "choices.csv",
    "staff.csv",
    "rooms.csv",
];
/// The optional file of given class lists.
pub const FIXED: &str = columns::FIXED.file;

/// Loads and validates the scenario folder `dir`: every problem of every file, together.
pub fn load_dir(dir: &Path) -> Result<Loaded> {
    Ok(load_readers(Readers::open(dir)?)?)
}

/// Reads and validates a scenario from one reader per file (see [`FILES`]). Problems found while
/// reading and while resolving are reported together, one per place.
pub fn load_readers(files: Readers) -> Result<Loaded, InputErrors> {
    let Lenient {
        raw,
        mut errors,
        warnings,
        broken,
    } = read_lenient(files);
    let Some(raw) = raw else {
        return Err(InputErrors(errors));
    };
    // A table whose header is wrong was not read at all: what resolving would say about the
    // rows that refer to it would only be noise.
    if errors
        .iter()
        .any(|e| e.place.line == Some(1) && e.place.file.ends_with(".csv"))
    {
        return Err(InputErrors(errors));
    }
    match resolve_with(&raw, broken) {
        Ok(mut loaded) if errors.is_empty() => {
            // How the files were read comes first, then what they hold.
            loaded.warnings.splice(0..0, warnings);
            Ok(loaded)
        }
        Ok(_) => Err(InputErrors(errors)),
        Err(InputErrors(more)) => {
            // A cell already reported as unreadable is not reported again as wrong.
            let known: std::collections::HashSet<Place> =
                errors.iter().map(|e| e.place.clone()).collect();
            errors.extend(more.into_iter().filter(|e| !known.contains(&e.place)));
            errors.sort();
            errors.dedup();
            Err(InputErrors(errors))
        }
    }
}

/// Reads the files of the scenario folder `dir` without resolving references.
pub fn read_dir(dir: &Path) -> Result<RawScenario> {
    Ok(read_raw(Readers::open(dir)?)?)
}

/// One reader per file of a scenario (`fixed.csv` is optional).
pub struct Readers {
    /// `school.toml`.
    pub school: Box<dyn Read>,
    /// `courses.csv`.
    pub courses: Box<dyn Read>,
    /// `pupils.csv`.
    pub pupils: Box<dyn Read>,
    /// `choices.csv`.
    pub choices: Box<dyn Read>,
    /// `staff.csv`.
    pub staff: Box<dyn Read>,
    /// `rooms.csv`.
    pub rooms: Box<dyn Read>,
    /// `fixed.csv`, when the scenario has given class lists.
    pub fixed: Option<Box<dyn Read>>,
}

impl Readers {
    /// Readers over in-memory texts (for tests and what-if variants).
    pub fn from_texts(files: [&str; 6], fixed: Option<&str>) -> Self {
        let r = |t: &str| -> Box<dyn Read> {
            Box::new(std::io::Cursor::new(t.to_owned().into_bytes()))
        };
        Readers {
            school: r(files[0]),
            courses: r(files[1]),
            pupils: r(files[2]),
            choices: r(files[3]),
            staff: r(files[4]),
            rooms: r(files[5]),
            fixed: fixed.map(r),
        }
    }

    /// Opens the files of the folder `dir`; every missing file is reported.
    pub fn open(dir: &Path) -> Result<Self> {
        let mut folder = Folder::new(dir, "scenario")?;
        let [school, courses, pupils, choices, staff, rooms] =
            FILES.map(|name| folder.required(name));
        let fixed = folder.optional(FIXED)?;
        folder.check()?;
        Ok(Readers {
            school,
            courses,
            pupils,
            choices,
            staff,
            rooms,
            fixed,
        })
    }
}

/// The header of an empty `choices.csv` (planted schools without options).
#[cfg(test)]
pub(crate) const NO_CHOICES: &str = "pupil,course,rank,reserve\n";

/// The scenario of six texts (school.toml, courses, pupils, choices, staff, rooms), for tests'
/// planted schools; panics with every load error when they do not load.
#[cfg(test)]
pub(crate) fn planted_school(files: [&str; 6]) -> Scenario {
    match load_readers(Readers::from_texts(files, None)) {
        Ok(loaded) => loaded.scenario,
        Err(errors) => panic!("the planted school does not load:\n{errors}"),
    }
}

/// `raw` written as its files and loaded back (tests of generated schools); panics with every
/// load error when it does not load.
#[cfg(test)]
pub(crate) fn reload(raw: &RawScenario) -> Loaded {
    let files = write_raw(raw);
    let text = |name: &str| {
        files
            .iter()
            .find(|f| f.0 == name)
            .map(|f| String::from_utf8(f.1.clone()).expect("UTF-8"))
    };
    let texts = FILES.map(|name| text(name).expect("every file is written"));
    let fixed = text(FIXED);
    match load_readers(Readers::from_texts(
        texts.each_ref().map(|t| t.as_str()),
        fixed.as_deref(),
    )) {
        Ok(loaded) => loaded,
        Err(errors) => panic!("the school does not load:\n{errors}"),
    }
}

/// Reads a scenario from one reader per file, without resolving references.
pub fn read_raw(files: Readers) -> Result<RawScenario, InputErrors> {
    match read_lenient(files) {
        Lenient {
            raw: Some(raw),
            errors,
            ..
        } if errors.is_empty() => Ok(raw),
        Lenient { errors, .. } => Err(InputErrors(errors)),
    }
}

/// What reading found: the scenario (when `school.toml` parsed), every problem, the warnings of
/// reading (files not in UTF-8), and the ids of rows that could not be read.
struct Lenient {
    raw: Option<RawScenario>,
    errors: Vec<InputError>,
    warnings: Vec<InputError>,
    broken: Broken,
}

/// The errors and warnings of reading a folder's files.
#[derive(Default)]
struct Notes {
    errors: Vec<InputError>,
    warnings: Vec<InputError>,
}

impl Notes {
    /// Reads the table `columns` from `reader`, noting its problems.
    fn table<R: Read, T>(
        &mut self,
        columns: &Columns,
        reader: R,
        row: impl FnMut(&mut Cells<'_>) -> Option<T>,
    ) -> Table<T> {
        read_table_noting(
            columns.file,
            reader,
            columns.required,
            columns.optional,
            &mut self.errors,
            &mut self.warnings,
            row,
        )
    }
}

/// Reads what can be read (see [`Lenient`]).
fn read_lenient(files: Readers) -> Lenient {
    let mut notes = Notes::default();
    let school = read_text(
        "school.toml",
        files.school,
        &mut notes.errors,
        &mut notes.warnings,
    )
    .and_then(|text| parse_school(&text, &mut notes.errors));
    let courses = notes.table(&columns::COURSES, files.courses, |c| {
        Some(RawCourse {
            line: c.line,
            course: c.id("course")?,
            name: c.string("name"),
            kind: c.string("kind"),
            periods: c.number("periods"),
            min_size: c.number("min_size"),
            max_size: c.number("max_size"),
            max_classes: c.number("max_classes"),
            room_type: c.string("room_type"),
            stages: c.list("stages"),
            features: c.list("features"),
            allowed: c.list("allowed"),
            after: c.list("after"),
            staffed: !c.has("staffed") || c.text("staffed").is_empty() || c.flag("staffed"),
            pattern: c.string("pattern"),
            split: c.string("split"),
            blocks: c.list("blocks"),
        })
    });
    let pupils = notes.table(&columns::PUPILS, files.pupils, |c| {
        Some(RawPupil {
            line: c.line,
            pupil: c.id("pupil")?,
            name: c.string("name"),
            stage: c.string("stage"),
            tutor_group: c.string("tutor_group"),
            limits: c.limits(),
        })
    });
    let choices = notes.table(&columns::CHOICES, files.choices, |c| {
        let pupil = c.id("pupil");
        let course = c.id("course");
        let rank = c.number_in("rank", 1, 99);
        let reserve = c.flag("reserve");
        Some(RawChoice {
            line: c.line,
            pupil: pupil?,
            course: course?,
            rank,
            reserve,
        })
    });
    let staff = notes.table(&columns::STAFF, files.staff, |c| {
        Some(RawStaff {
            line: c.line,
            staff: c.id("staff")?,
            name: c.string("name"),
            max_periods: c.number("max_periods"),
            teaches: c.list("teaches"),
            unavailable: c.list("unavailable"),
            limits: c.limits(),
        })
    });
    let rooms = notes.table(&columns::ROOMS, files.rooms, |c| {
        Some(RawRoom {
            line: c.line,
            room: c.id("room")?,
            capacity: c.number("capacity"),
            room_type: c.string("type"),
            unavailable: c.list("unavailable"),
            features: c.list("features"),
        })
    });
    let fixed = match files.fixed {
        Some(r) => {
            notes
                .table(&columns::FIXED, r, |c| {
                    let class = c.id("class");
                    let course = c.id("course");
                    let pupil = c.id("pupil");
                    Some(RawFixed {
                        line: c.line,
                        class: class?,
                        course: course?,
                        pupil: pupil?,
                        block: c.string("block"),
                        staff: c.string("staff"),
                    })
                })
                .rows
        }
        None => Vec::new(),
    };
    let Notes {
        mut errors,
        warnings,
    } = notes;
    errors.sort();
    let broken = Broken {
        pupils: pupils.broken.into_iter().collect(),
        courses: courses.broken.into_iter().collect(),
        staff: staff.broken.into_iter().collect(),
    };
    Lenient {
        raw: school.map(|school| RawScenario {
            school,
            courses: courses.rows,
            pupils: pupils.rows,
            choices: choices.rows,
            staff: staff.rows,
            rooms: rooms.rows,
            fixed,
        }),
        errors,
        warnings,
        broken,
    }
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> u64 {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

/// The line where `key = ...` is set in a TOML text, if any.
pub(crate) fn toml_key_line(text: &str, key: &str) -> Option<u64> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i as u64 + 1)
}

/// Checks `[rules]` of `school.toml`: day counts within the week's days, daily counts within
/// its periods, closed slots in the week; `bad(key, expected, found)` reports.
fn check_rules(school: &SchoolFile, bad: &mut dyn FnMut(&str, &str, String)) {
    let r = &school.rules;
    let (days, periods) = (school.week.days.len(), school.week.periods.len());
    for (key, value, most, what) in [
        ("staff_max_days", r.staff_max_days, days, "days"),
        ("pupil_max_days", r.pupil_max_days, days, "days"),
        (
            "staff_max_daily",
            r.staff_max_daily,
            periods,
            "periods of a day",
        ),
        (
            "pupil_max_daily",
            r.pupil_max_daily,
            periods,
            "periods of a day",
        ),
        (
            "staff_min_daily",
            r.staff_min_daily,
            periods,
            "periods of a day",
        ),
        (
            "pupil_min_daily",
            r.pupil_min_daily,
            periods,
            "periods of a day",
        ),
        (
            "staff_max_run",
            r.staff_max_run,
            periods,
            "periods of a day",
        ),
        (
            "pupil_max_run",
            r.pupil_max_run,
            periods,
            "periods of a day",
        ),
        (
            "staff_max_gaps_daily",
            r.staff_max_gaps_daily,
            periods,
            "periods of a day",
        ),
        (
            "pupil_max_gaps_daily",
            r.pupil_max_gaps_daily,
            periods,
            "periods of a day",
        ),
        (
            "staff_max_late_starts",
            r.staff_max_late_starts,
            days,
            "days",
        ),
        (
            "pupil_max_late_starts",
            r.pupil_max_late_starts,
            days,
            "days",
        ),
    ] {
        if let Some(v) = value.filter(|&v| v as usize > most) {
            bad(
                key,
                &format!("a whole number from 0 to {most} (the {what} of the week)"),
                v.to_string(),
            );
        }
    }
    let week = crate::scenario::Week {
        days: school.week.days.clone(),
        periods: school.week.periods.clone(),
        breaks: Vec::new(),
        closed: crate::ids::SlotSet::EMPTY,
    };
    for slot in &r.closed {
        if week.parse_slot(slot).is_none() {
            bad(
                "closed",
                &format!(
                    "Day:Period with a day of {} and a period of {}",
                    week.days.join(";"),
                    week.periods.join(";")
                ),
                slot.clone(),
            );
        }
    }
}

fn parse_school(text: &str, errors: &mut Vec<InputError>) -> Option<SchoolFile> {
    let school: SchoolFile = match toml::from_str(text) {
        Ok(s) => s,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start));
            // One line per error: the parser's message, then the line it could not read.
            let mut message = e
                .message()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            if let Some(found) = line
                .and_then(|l| text.lines().nth(l as usize - 1))
                .map(str::trim)
                .filter(|l| !l.is_empty())
            {
                message += &format!(", found {found:?}");
            }
            errors.push(InputError::new(
                Place::new("school.toml", line, None),
                message,
            ));
            return None;
        }
    };
    let mut bad = |key: &str, expected: &str, found: String| {
        errors.push(InputError::expected(
            Place::new("school.toml", toml_key_line(text, key), Some(key)),
            expected,
            &found,
        ));
    };
    if school.name.trim().is_empty() {
        bad("name", "a non-empty name", school.name.clone());
    }
    for (key, names) in [
        ("days", &school.week.days),
        ("periods", &school.week.periods),
    ] {
        if names.is_empty() {
            bad(key, "at least one name", "[]".into());
        }
        for (i, n) in names.iter().enumerate() {
            if n.trim().is_empty() || n.contains(':') || n.contains(';') || n.contains(',') {
                bad(key, "names without ':', ';' or ','", n.clone());
            } else if names[..i].contains(n) {
                bad(key, "distinct names", n.clone());
            }
        }
    }
    let slots = school.week.days.len() * school.week.periods.len();
    if slots > crate::ids::SlotSet::CAPACITY {
        bad(
            "periods",
            &format!(
                "at most {} slots in the week",
                crate::ids::SlotSet::CAPACITY
            ),
            slots.to_string(),
        );
    }
    if let Some(options) = &school.options {
        if options.periods_per_block == 0 || options.periods_per_block as usize > slots.max(1) {
            bad(
                "periods_per_block",
                &format!("1 to {slots} (the slots of the week)"),
                options.periods_per_block.to_string(),
            );
        }
        if options.blocks as usize > 64 {
            bad("blocks", "at most 64 blocks", options.blocks.to_string());
        }
        if !school.schemes.is_empty() {
            bad(
                "blocks",
                "either [options] or [[scheme]] tables, not both",
                "[options]".into(),
            );
        }
    }
    shapes::check_school(&school, &mut |k, e, f| bad(k, e, f));
    if let Some(t) = school.solve.time_limit_s {
        if !(t > 0.0 && t.is_finite()) {
            bad(
                "time_limit_s",
                "a positive number of seconds",
                t.to_string(),
            );
        }
    }
    if let Some(g) = school.solve.mip_gap {
        if !(0.0..1.0).contains(&g) {
            bad("mip_gap", "a gap from 0 to 1", g.to_string());
        }
    }
    check_rules(&school, &mut |k, e, f| bad(k, e, f));
    if school.solve.threads == Some(0) {
        bad("threads", "at least 1", "0".into());
    }
    if let Some(stages) = &school.stages {
        for (i, s) in stages.iter().enumerate() {
            if s.trim().is_empty() || s.contains(';') || stages[..i].contains(s) {
                bad("stages", "distinct non-empty stage names", s.clone());
            }
        }
    }
    Some(school)
}
