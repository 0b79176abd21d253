//! The solution folder: writing a [`Solution`] as CSV files plus `summary.json`, and reading
//! one back against its scenario, with every problem reported at its `file:line: column`.
//!
//! `classes.csv`, `meetings.csv`, `enrolments.csv` and `unmet.csv` are what is read back; the
//! timetables, `blocks.csv` and `summary.json` are derived for people (the summary is read
//! when present, for its figures).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::atomic_dir::FolderWriter;
use crate::error::{Error, InputError, InputErrors, Place, Result};
use crate::ids::*;
use crate::load::read_table;
use crate::scenario::Scenario;

use super::*;

/// `classes.csv`.
pub const CLASSES: &str = "classes.csv";
/// `meetings.csv` (absent after `tailor blocks`).
pub const MEETINGS: &str = "meetings.csv";
/// `enrolments.csv`.
pub const ENROLMENTS: &str = "enrolments.csv";
/// `unmet.csv`.
pub const UNMET: &str = "unmet.csv";
/// `summary.json`.
pub const SUMMARY: &str = "summary.json";

/// A CSV table written to memory.
struct Table {
    w: csv::Writer<Vec<u8>>,
}

impl Table {
    fn new(header: &[&str]) -> Self {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(header).expect("writing to memory");
        Self { w }
    }
    fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        self.w.write_record(cells).expect("writing to memory");
    }
    fn finish(self) -> Vec<u8> {
        self.w.into_inner().expect("writing to memory")
    }
}

/// The external id of an optional member of staff (empty when none).
fn staff_name(s: &Scenario, id: Option<StaffId>) -> &str {
    id.and_then(|i| s.staff.get(i))
        .map_or("", |x| x.id.as_str())
}

/// The external id of an optional room (empty when none).
fn room_name(s: &Scenario, id: Option<RoomId>) -> &str {
    id.and_then(|i| s.rooms.get(i))
        .map_or("", |x| x.id.as_str())
}

/// The bytes of every file of a solution folder, in a fixed order. Rows are in a deterministic
/// order: classes by class, meetings by class and slot, enrolments by pupil (in `pupils.csv`
/// order) and class, timetables by person and slot.
pub fn write_files(scenario: &Scenario, solution: &Solution) -> Vec<(&'static str, Vec<u8>)> {
    let s = scenario;
    let week = &s.week;
    let mut sorted = solution.clone();
    sorted.normalise();
    let sol = &sorted;
    let pupils_of = sol.class_pupils();
    let size = |c: ClassId| pupils_of.get(c).map_or(0, Vec::len).to_string();
    let course_name = |c: ClassId| s.courses[sol.classes[c].course].id.as_str();
    let mut files = Vec::new();

    let mut t = Table::new(&["class", "course", "block", "staff", "room", "size"]);
    for (id, c) in sol.classes.iter_enumerated() {
        let block = c.block.map_or(String::new(), |b| s.blocks[b].name.clone());
        let n = size(id);
        t.row([
            c.id.as_str(),
            s.courses[c.course].id.as_str(),
            &block,
            staff_name(s, c.staff),
            room_name(s, c.room),
            &n,
        ]);
    }
    files.push((CLASSES, t.finish()));

    if !sol.meetings.is_empty() {
        let mut t = Table::new(&["class", "day", "period", "staff", "room"]);
        for m in &sol.meetings {
            t.row([
                sol.classes[m.class].id.as_str(),
                week.day_name(m.slot),
                week.period_name(m.slot),
                staff_name(s, m.staff),
                room_name(s, m.room),
            ]);
        }
        files.push((MEETINGS, t.finish()));
    }

    let mut t = Table::new(&["pupil", "class"]);
    for e in &sol.enrolments {
        t.row([
            s.pupils[e.pupil].id.as_str(),
            sol.classes[e.class].id.as_str(),
        ]);
    }
    files.push((ENROLMENTS, t.finish()));

    let mut t = Table::new(&["pupil", "course", "rank", "reason"]);
    for u in &sol.unmet {
        let rank = u.rank.to_string();
        t.row([
            s.pupils[u.pupil].id.as_str(),
            s.courses[u.course].id.as_str(),
            &rank,
            &u.reason,
        ]);
    }
    files.push((UNMET, t.finish()));

    if !sol.meetings.is_empty() {
        let meetings = sol.class_meetings();
        // Pupils: their classes' meetings, by slot.
        let mut t = Table::new(&["pupil", "day", "period", "class", "course", "staff", "room"]);
        let mut mine: Vec<Meeting> = Vec::new();
        let mut e = 0;
        while e < sol.enrolments.len() {
            let pupil = sol.enrolments[e].pupil;
            mine.clear();
            while e < sol.enrolments.len() && sol.enrolments[e].pupil == pupil {
                mine.extend_from_slice(&meetings[sol.enrolments[e].class]);
                e += 1;
            }
            mine.sort_by_key(|m| (m.slot, m.class));
            for m in &mine {
                t.row([
                    s.pupils[pupil].id.as_str(),
                    week.day_name(m.slot),
                    week.period_name(m.slot),
                    sol.classes[m.class].id.as_str(),
                    course_name(m.class),
                    staff_name(s, m.staff),
                    room_name(s, m.room),
                ]);
            }
        }
        files.push(("pupil_timetables.csv", t.finish()));

        let mut by_staff: Vec<&Meeting> =
            sol.meetings.iter().filter(|m| m.staff.is_some()).collect();
        by_staff.sort_by_key(|m| (m.staff, m.slot, m.class));
        let mut t = Table::new(&["staff", "day", "period", "class", "course", "room"]);
        for m in by_staff {
            t.row([
                staff_name(s, m.staff),
                week.day_name(m.slot),
                week.period_name(m.slot),
                sol.classes[m.class].id.as_str(),
                course_name(m.class),
                room_name(s, m.room),
            ]);
        }
        files.push(("staff_timetables.csv", t.finish()));

        let mut by_room: Vec<&Meeting> = sol.meetings.iter().filter(|m| m.room.is_some()).collect();
        by_room.sort_by_key(|m| (m.room, m.slot, m.class));
        let mut t = Table::new(&["room", "day", "period", "class", "course", "staff"]);
        for m in by_room {
            t.row([
                room_name(s, m.room),
                week.day_name(m.slot),
                week.period_name(m.slot),
                sol.classes[m.class].id.as_str(),
                course_name(m.class),
                staff_name(s, m.staff),
            ]);
        }
        files.push(("room_timetables.csv", t.finish()));
    }

    let mut blocks: Vec<(BlockId, ClassId)> = sol
        .classes
        .iter_enumerated()
        .filter_map(|(id, c)| c.block.map(|b| (b, id)))
        .collect();
    blocks.sort();
    let mut t = Table::new(&["block", "class", "course", "size", "staff", "room"]);
    for (b, id) in blocks {
        let c = &sol.classes[id];
        let n = size(id);
        t.row([
            s.blocks[b].name.as_str(),
            c.id.as_str(),
            course_name(id),
            &n,
            staff_name(s, c.staff),
            room_name(s, c.room),
        ]);
    }
    files.push(("blocks.csv", t.finish()));

    let summary = serde_json::to_string_pretty(&sol.summary).expect("figures serialise") + "\n";
    files.push((SUMMARY, summary.into_bytes()));
    files
}

/// Writes the solution folder `dir`, all or nothing.
pub fn write_dir(scenario: &Scenario, solution: &Solution, dir: &Path) -> Result<()> {
    let w = FolderWriter::new(dir)?;
    for (name, bytes) in write_files(scenario, solution) {
        w.file(name, &bytes)?;
    }
    w.commit()?;
    Ok(())
}

/// One reader per file of a solution folder that is read back.
pub struct SolutionReaders {
    /// `classes.csv`.
    pub classes: Box<dyn Read>,
    /// `meetings.csv`; `None` for a blocks-only solution.
    pub meetings: Option<Box<dyn Read>>,
    /// `enrolments.csv`.
    pub enrolments: Box<dyn Read>,
    /// `unmet.csv`; `None` reads as no unmet choices.
    pub unmet: Option<Box<dyn Read>>,
    /// `summary.json`; `None` reads as an empty summary.
    pub summary: Option<Box<dyn Read>>,
}

impl SolutionReaders {
    /// Readers over in-memory files, as [`write_files`] makes them (files it does not name are
    /// absent; `classes.csv` and `enrolments.csv` read as empty when absent).
    pub fn from_files(files: &[(&str, Vec<u8>)]) -> Self {
        let get = |name: &str| -> Option<Box<dyn Read>> {
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, b)| Box::new(std::io::Cursor::new(b.clone())) as Box<dyn Read>)
        };
        let empty = || Box::new(std::io::empty()) as Box<dyn Read>;
        Self {
            classes: get(CLASSES).unwrap_or_else(empty),
            meetings: get(MEETINGS),
            enrolments: get(ENROLMENTS).unwrap_or_else(empty),
            unmet: get(UNMET),
            summary: get(SUMMARY),
        }
    }

    /// Opens the files of the folder `dir`; a missing `classes.csv` or `enrolments.csv` is an
    /// input error, the other files are optional.
    pub fn open(dir: &Path) -> Result<Self> {
        let mut folder = crate::load::Folder::new(dir, "solution")?;
        let classes = folder.required(CLASSES);
        let enrolments = folder.required(ENROLMENTS);
        folder.check()?;
        let optional = |name: &str| folder.optional(name);
        Ok(Self {
            classes,
            meetings: optional(MEETINGS)?,
            enrolments,
            unmet: optional(UNMET)?,
            summary: optional(SUMMARY)?,
        })
    }
}

/// Reads the solution folder `dir` of `scenario`.
pub fn read_dir(scenario: &Scenario, dir: &Path) -> Result<Solution> {
    Ok(read_readers(scenario, SolutionReaders::open(dir)?)?)
}

/// Looks an external id up, recording "expected ..., found ..." when it is unknown.
fn lookup<K: Idx>(
    names: &Names<K>,
    cells: &mut crate::load::Cells<'_>,
    column: &str,
    what: &str,
) -> Option<K> {
    let t = cells.text(column).to_owned();
    match names.get(&t) {
        Some(id) => Some(id),
        None => {
            cells.expected(column, what, &t);
            None
        }
    }
}

/// Like [`lookup`], but an empty cell is `Some(None)`.
fn lookup_optional<K: Idx>(
    names: &Names<K>,
    cells: &mut crate::load::Cells<'_>,
    column: &str,
    what: &str,
) -> Option<Option<K>> {
    if cells.text(column).is_empty() {
        Some(None)
    } else {
        lookup(names, cells, column, what).map(Some)
    }
}

/// Reads a solution from one reader per file, resolving every id against `scenario`. Every
/// problem of every file is reported: unknown classes, pupils, courses, staff and rooms, days and
/// periods not in the week, numbers that are not numbers.
pub fn read_readers(scenario: &Scenario, files: SolutionReaders) -> Result<Solution, InputErrors> {
    let s = scenario;
    let week = &s.week;
    let mut errors = Vec::new();

    let mut class_ids: Names<ClassId> = Names::default();
    let mut class_lines: HashMap<String, u64> = HashMap::new();
    let mut classes: KeyedVec<ClassId, Class> = KeyedVec::new();
    let rows = read_table(
        CLASSES,
        files.classes,
        &["class", "course", "block", "staff", "room"],
        &["size"],
        &mut errors,
        |c| {
            let id = c.id("class");
            let course = lookup(&s.course_ids, c, "course", "a course id from courses.csv");
            let block = match c.text("block") {
                "" => Some(None),
                t => match s.block_ids.get(t) {
                    Some(b) => Some(Some(b)),
                    None => {
                        let t = t.to_owned();
                        c.expected("block", "a block name of school.toml (or empty)", &t);
                        None
                    }
                },
            };
            let staff = lookup_optional(&s.staff_ids, c, "staff", "a staff id from staff.csv");
            let room = lookup_optional(&s.room_ids, c, "room", "a room id from rooms.csv");
            if c.has("size") && !c.text("size").is_empty() {
                c.number("size");
            }
            let line = c.line;
            let id = id?;
            if let Some(first) = class_lines.get(&id) {
                c.expected(
                    "class",
                    format!("a class id not already on line {first}"),
                    &id,
                );
                return None;
            }
            class_lines.insert(id.clone(), line);
            Some((id, course?, block?, staff?, room?))
        },
    );
    // A class whose other cells are wrong is still known, so that its meetings and enrolments
    // are not reported as unknown too.
    let mut broken: std::collections::HashSet<String> = class_lines.keys().cloned().collect();
    for (id, course, block, staff, room) in rows {
        broken.remove(&id);
        class_ids.intern(&id);
        classes.push(Class {
            id,
            course,
            block,
            staff,
            room,
        });
    }
    let class_list = || "a class id from classes.csv".to_owned();
    let class_cell = |c: &mut crate::load::Cells<'_>| -> Option<Option<ClassId>> {
        let t = c.text("class");
        if let Some(id) = class_ids.get(t) {
            Some(Some(id))
        } else if broken.contains(t) {
            c.ok = false;
            Some(None)
        } else {
            let t = t.to_owned();
            c.expected("class", class_list(), &t);
            None
        }
    };

    let mut meetings = Vec::new();
    if let Some(r) = files.meetings {
        let days = week.days.join(";");
        let periods = week.periods.join(";");
        meetings = read_table(
            MEETINGS,
            r,
            &["class", "day", "period", "staff", "room"],
            &[],
            &mut errors,
            |c| {
                let class = class_cell(c);
                let day = week.days.iter().position(|d| d == c.text("day"));
                if day.is_none() {
                    let t = c.text("day").to_owned();
                    c.expected("day", format!("a day of the week ({days})"), &t);
                }
                let period = week.periods.iter().position(|p| p == c.text("period"));
                if period.is_none() {
                    let t = c.text("period").to_owned();
                    c.expected("period", format!("a period of the day ({periods})"), &t);
                }
                let staff = lookup_optional(&s.staff_ids, c, "staff", "a staff id from staff.csv");
                let room = lookup_optional(&s.room_ids, c, "room", "a room id from rooms.csv");
                Some(Meeting {
                    class: class??,
                    slot: week.slot(day?, period?),
                    staff: staff?,
                    room: room?,
                })
            },
        );
    }

    let enrolments = read_table(
        ENROLMENTS,
        files.enrolments,
        &["pupil", "class"],
        &[],
        &mut errors,
        |c| {
            let pupil = lookup(&s.pupil_ids, c, "pupil", "a pupil id from pupils.csv");
            let class = class_cell(c);
            Some(Enrolment {
                pupil: pupil?,
                class: class??,
            })
        },
    );

    let unmet = match files.unmet {
        Some(r) => read_table(
            UNMET,
            r,
            &["pupil", "course", "rank", "reason"],
            &[],
            &mut errors,
            |c| {
                let pupil = lookup(&s.pupil_ids, c, "pupil", "a pupil id from pupils.csv");
                let course = lookup(&s.course_ids, c, "course", "a course id from courses.csv");
                let rank = c.number("rank");
                let reason = c.string("reason");
                let ok = c.ok;
                let u = Unmet {
                    pupil: pupil?,
                    course: course?,
                    rank,
                    reason,
                };
                ok.then_some(u)
            },
        ),
        None => Vec::new(),
    };

    let summary = match files.summary {
        Some(r) => match serde_json::from_reader::<_, Summary>(std::io::BufReader::new(r)) {
            Ok(summary) => summary,
            Err(e) => {
                let line = (e.line() > 0).then_some(e.line() as u64);
                errors.push(InputError::new(
                    Place::new(SUMMARY, line, None),
                    format!("expected the figures of a run: {e}"),
                ));
                Summary::default()
            }
        },
        None => Summary::default(),
    };

    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(InputErrors(errors));
    }
    Ok(Solution {
        classes,
        meetings,
        enrolments,
        unmet,
        summary,
    })
}

/// The scenario folder of a solution: `given` when the user named one, else the one its
/// `summary.json` names.
pub fn scenario_dir_for(solution_dir: &Path, given: Option<&Path>) -> Result<PathBuf> {
    match given {
        Some(d) => Ok(d.to_path_buf()),
        None => scenario_dir_of(solution_dir),
    }
}

/// The scenario folder a solution folder was solved from, as its `summary.json` records it.
pub fn scenario_dir_of(solution_dir: &Path) -> Result<PathBuf> {
    let path = solution_dir.join("summary.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let summary: Summary = serde_json::from_str(&text)
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    summary.scenario_dir.map(PathBuf::from).ok_or_else(|| {
        Error::Usage(format!(
            "{} does not say which scenario it solved; give --scenario",
            path.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> (Scenario, Solution) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        let scenario = crate::load::load_dir(&dir.join("scenario"))
            .unwrap()
            .scenario;
        let solution = read_dir(&scenario, &dir.join("solution")).unwrap();
        (scenario, solution)
    }

    fn read_back(s: &Scenario, files: &[(&str, Vec<u8>)]) -> Result<Solution, InputErrors> {
        read_readers(s, SolutionReaders::from_files(files))
    }

    #[test]
    fn write_then_read_gives_the_same_solution() {
        let (s, mut sol) = tiny();
        sol.summary.pupils = 5;
        sol.summary.notes = vec!["a note".into()];
        let files = write_files(&s, &sol);
        let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "classes.csv",
                "meetings.csv",
                "enrolments.csv",
                "unmet.csv",
                "pupil_timetables.csv",
                "staff_timetables.csv",
                "room_timetables.csv",
                "blocks.csv",
                "summary.json"
            ]
        );
        let back = read_back(&s, &files).unwrap();
        sol.normalise();
        assert_eq!(back.classes, sol.classes);
        assert_eq!(back.meetings, sol.meetings);
        assert_eq!(back.enrolments, sol.enrolments);
        assert_eq!(back.unmet, sol.unmet);
        assert_eq!(back.summary, sol.summary);
        assert_eq!(write_files(&s, &back), files, "writing is deterministic");
    }

    #[test]
    fn derived_files_list_each_person_by_slot() {
        let (s, sol) = tiny();
        let files = write_files(&s, &sol);
        let text = |n: &str| {
            String::from_utf8(files.iter().find(|(f, _)| *f == n).unwrap().1.clone()).unwrap()
        };
        let pupils = text("pupil_timetables.csv");
        let p5: Vec<&str> = pupils.lines().filter(|l| l.starts_with("P5,")).collect();
        assert_eq!(
            p5,
            [
                "P5,Mon,3,GE-1,GE,S5,R2",
                "P5,Mon,4,TU-2,TU,S5,",
                "P5,Tue,1,AS-1,AS,,H1",
                "P5,Tue,2,FX-A,FX,S3,R2",
                "P5,Tue,3,HI-2,HI,S4,R1",
            ]
        );
        assert!(text("classes.csv").contains("\nHI-2,HI,2,S4,R1,3\n"));
        assert!(text("classes.csv").contains("\nAS-1,AS,,,H1,5\n"));
        assert!(text("blocks.csv")
            .starts_with("block,class,course,size,staff,room\n1,HI-1,HI,2,S2,R1\n"));
        assert!(text("staff_timetables.csv").contains("\nS4,Mon,4,TU-1,TU,\n"));
        assert!(text("room_timetables.csv").contains("\nH1,Tue,1,AS-1,AS,\n"));
    }

    #[test]
    fn a_blocks_only_solution_has_no_meetings_file() {
        let (s, mut sol) = tiny();
        sol.meetings.clear();
        let files = write_files(&s, &sol);
        assert!(files
            .iter()
            .all(|(n, _)| *n != MEETINGS && !n.contains("timetables")));
        assert!(read_back(&s, &files).unwrap().meetings.is_empty());
    }

    #[test]
    fn every_problem_is_reported_at_its_place() {
        let (s, _) = tiny();
        let files = vec![
            (
                CLASSES,
                b"class,course,block,staff,room,size\nA,EN,,S1,R1,2\nB,XX,0,S9,,x\nA,EN,,,,\n"
                    .to_vec(),
            ),
            (
                MEETINGS,
                b"class,day,period,staff,room\nA,Sat,1,S1,R1\nC,Mon,9,,\nB,Mon,1,,\n".to_vec(),
            ),
            (ENROLMENTS, b"pupil,class\nP1,A\nP9,A\nP2,Z\n".to_vec()),
            (UNMET, b"pupil,course,rank,reason\nP1,HI,one,x\n".to_vec()),
            (SUMMARY, b"{\n  \"pupils\": \"many\"\n}".to_vec()),
        ];
        let errors: Vec<String> = read_back(&s, &files)
            .unwrap_err()
            .0
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                r#"classes.csv:3: block: expected a block name of school.toml (or empty), found "0""#,
                r#"classes.csv:3: course: expected a course id from courses.csv, found "XX""#,
                r#"classes.csv:3: size: expected a whole number, found "x""#,
                r#"classes.csv:3: staff: expected a staff id from staff.csv, found "S9""#,
                r#"classes.csv:4: class: expected a class id not already on line 2, found "A""#,
                r#"enrolments.csv:3: pupil: expected a pupil id from pupils.csv, found "P9""#,
                r#"enrolments.csv:4: class: expected a class id from classes.csv, found "Z""#,
                r#"meetings.csv:2: day: expected a day of the week (Mon;Tue), found "Sat""#,
                r#"meetings.csv:3: class: expected a class id from classes.csv, found "C""#,
                r#"meetings.csv:3: period: expected a period of the day (1;2;3;4), found "9""#,
                r#"summary.json:2: expected the figures of a run: invalid type: string "many", expected u64 at line 2 column 18"#,
                r#"unmet.csv:2: rank: expected a whole number, found "one""#,
            ]
        );
    }
}
