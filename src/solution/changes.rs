//! The difference between two solutions, person by person (`changes.csv`), and the figures of
//! it (`summary.json` `changes`). Both solutions are compared by their external names, so an old
//! solution whose pupils, staff or rooms are gone from the scenario still compares: it is read
//! as [`Named`] without resolving an id.
//!
//! A row is one change of one person: a pupil (`pupil` is their id) or a member of staff
//! (`pupil` is `staff:ID`). Kinds:
//! - `class`: a class of a course swapped, added or dropped (`before`/`after` are class ids,
//!   empty when none); classes of one course pair up, in id order;
//! - `moved`: a meeting of a class the person keeps moved to another slot;
//! - `teacher`, `room`: a meeting in the same slot got another teacher or room.
//!
//! Meeting cells read `CLASS Day:Period STAFF ROOM` (`-` for no teacher or room).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use crate::error::{Error, InputError, InputErrors, Place, Result};
use crate::scenario::Scenario;

use super::Solution;

/// `changes.csv`.
pub const CHANGES: &str = "changes.csv";
/// `locks.csv`, optional in a scenario folder.
pub const LOCKS: &str = "locks.csv";

/// A meeting by names: slot `Day:Period`, teacher and room ids (empty when none).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NamedMeeting {
    /// `Day:Period`.
    pub slot: String,
    /// Teacher id, or empty.
    pub staff: String,
    /// Room id, or empty.
    pub room: String,
}

/// A solution by external names only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Named {
    /// Course of each class.
    pub course: BTreeMap<String, String>,
    /// Block name of each class in a block, absent for other classes.
    pub block: BTreeMap<String, String>,
    /// Usual teacher of each class, or empty.
    pub staff: BTreeMap<String, String>,
    /// Classes of each pupil.
    pub pupils: BTreeMap<String, BTreeSet<String>>,
    /// Meetings of each class, sorted.
    pub meetings: BTreeMap<String, Vec<NamedMeeting>>,
    /// Main choices not met (`unmet.csv`): pupil and course.
    pub unmet: BTreeSet<(String, String)>,
}

impl Named {
    /// The names of a solution of `scenario`.
    pub fn of(scenario: &Scenario, solution: &Solution) -> Self {
        let s = scenario;
        let mut out = Named::default();
        for c in solution.classes.iter() {
            out.course
                .insert(c.id.clone(), s.courses[c.course].id.clone());
            if let Some(b) = c.block {
                out.block.insert(c.id.clone(), s.blocks[b].name.clone());
            }
            let staff = c.staff.map_or(String::new(), |t| s.staff[t].id.clone());
            out.staff.insert(c.id.clone(), staff);
            out.meetings.insert(c.id.clone(), Vec::new());
        }
        for e in &solution.enrolments {
            out.pupils
                .entry(s.pupils[e.pupil].id.clone())
                .or_default()
                .insert(solution.classes[e.class].id.clone());
        }
        for m in &solution.meetings {
            out.meetings
                .entry(solution.classes[m.class].id.clone())
                .or_default()
                .push(NamedMeeting {
                    slot: s.week.slot_name(m.slot),
                    staff: m.staff.map_or(String::new(), |t| s.staff[t].id.clone()),
                    room: m.room.map_or(String::new(), |r| s.rooms[r].id.clone()),
                });
        }
        for v in out.meetings.values_mut() {
            v.sort();
        }
        for u in &solution.unmet {
            out.unmet
                .insert((s.pupils[u.pupil].id.clone(), s.courses[u.course].id.clone()));
        }
        out
    }

    /// Reads `classes.csv`, `enrolments.csv` and (when given) `meetings.csv` of a solution
    /// folder without resolving any id, so it reads against any scenario. Every malformed row
    /// of every file is reported.
    pub fn read(
        classes: impl Read,
        enrolments: impl Read,
        meetings: Option<Box<dyn Read>>,
        unmet: Option<Box<dyn Read>>,
    ) -> std::result::Result<Self, InputErrors> {
        let mut errors = Vec::new();
        let mut out = Named::default();
        for row in rows(
            super::io::CLASSES,
            classes,
            &["class", "course", "block", "staff"],
            &mut errors,
        ) {
            let (_, cells) = row;
            let id = cells[0].clone();
            if !cells[2].is_empty() {
                out.block.insert(id.clone(), cells[2].clone());
            }
            out.course.insert(id.clone(), cells[1].clone());
            out.staff.insert(id.clone(), cells[3].clone());
            out.meetings.insert(id, Vec::new());
        }
        for (_, cells) in rows(
            super::io::ENROLMENTS,
            enrolments,
            &["pupil", "class"],
            &mut errors,
        ) {
            out.pupils
                .entry(cells[0].clone())
                .or_default()
                .insert(cells[1].clone());
        }
        if let Some(m) = meetings {
            for (line, cells) in rows(
                super::io::MEETINGS,
                m,
                &["class", "day", "period", "staff", "room"],
                &mut errors,
            ) {
                if !out.course.contains_key(&cells[0]) {
                    errors.push(InputError {
                        place: Place::new(super::io::MEETINGS, Some(line), Some("class")),
                        message: format!(
                            "expected a class id from classes.csv, found {:?}",
                            cells[0]
                        ),
                    });
                    continue;
                }
                out.meetings
                    .entry(cells[0].clone())
                    .or_default()
                    .push(NamedMeeting {
                        slot: format!("{}:{}", cells[1], cells[2]),
                        staff: cells[3].clone(),
                        room: cells[4].clone(),
                    });
            }
        }
        if let Some(u) = unmet {
            for (_, cells) in rows(super::io::UNMET, u, &["pupil", "course"], &mut errors) {
                out.unmet.insert((cells[0].clone(), cells[1].clone()));
            }
        }
        for v in out.meetings.values_mut() {
            v.sort();
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(InputErrors(errors))
        }
    }

    /// Reads the solution folder `dir` by names.
    pub fn read_dir(dir: &std::path::Path) -> Result<Self> {
        let open = |name: &str| -> Result<std::fs::File> {
            let path = dir.join(name);
            std::fs::File::open(&path).map_err(|e| Error::io(&path, e))
        };
        let classes = open(super::io::CLASSES)?;
        let enrolments = open(super::io::ENROLMENTS)?;
        let optional = |name: &str| match open(name) {
            Ok(f) => Some(Box::new(f) as Box<dyn Read>),
            Err(_) => None,
        };
        let (meetings, unmet) = (optional(super::io::MEETINGS), optional(super::io::UNMET));
        Ok(Self::read(classes, enrolments, meetings, unmet)?)
    }

    /// Every member of staff who teaches a meeting (or is a class's usual teacher), with the
    /// classes they teach.
    fn staff_classes(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (class, t) in &self.staff {
            if !t.is_empty() {
                out.entry(t.clone()).or_default().insert(class.clone());
            }
        }
        for (class, ms) in &self.meetings {
            for m in ms {
                if !m.staff.is_empty() {
                    out.entry(m.staff.clone())
                        .or_default()
                        .insert(class.clone());
                }
            }
        }
        out
    }
}

/// The records of a CSV table as trimmed strings of `columns`, in that order, with their line;
/// a missing column is one error for the file, a short row one for the row.
fn rows(
    file: &str,
    reader: impl Read,
    columns: &[&str],
    errors: &mut Vec<InputError>,
) -> Vec<(u64, Vec<String>)> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let header: Vec<String> = match r.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => {
            errors.push(InputError {
                place: Place::new(file, None, None),
                message: format!("cannot read the header: {e}"),
            });
            return Vec::new();
        }
    };
    let mut at = Vec::new();
    for c in columns {
        match header.iter().position(|h| h == c) {
            Some(i) => at.push(i),
            None => {
                errors.push(InputError {
                    place: Place::new(file, None, None),
                    message: format!("expected a column {c:?}, found {}", header.join(",")),
                });
                return Vec::new();
            }
        }
    }
    let mut out = Vec::new();
    for (n, rec) in r.records().enumerate() {
        let line = n as u64 + 2;
        match rec {
            Ok(rec) => {
                let cells: Option<Vec<String>> =
                    at.iter().map(|&i| rec.get(i).map(str::to_owned)).collect();
                match cells {
                    Some(c) => out.push((rec.position().map_or(line, |p| p.line()), c)),
                    None => errors.push(InputError {
                        place: Place::new(file, Some(line), None),
                        message: format!("expected {} cells, found {}", header.len(), rec.len()),
                    }),
                }
            }
            Err(e) => errors.push(InputError {
                place: Place::new(file, Some(line), None),
                message: format!("cannot read the row: {e}"),
            }),
        }
    }
    out
}

/// What changed in one row of `changes.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A class of a course swapped, added or dropped.
    Class,
    /// A meeting of a kept class moved to another slot.
    Moved,
    /// A meeting in the same slot has another teacher.
    Teacher,
    /// A meeting in the same slot is in another room.
    Room,
}

impl Kind {
    /// The word in `changes.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Class => "class",
            Kind::Moved => "moved",
            Kind::Teacher => "teacher",
            Kind::Room => "room",
        }
    }
    /// Parses the word of `changes.csv`.
    pub fn parse(s: &str) -> Option<Self> {
        [Kind::Class, Kind::Moved, Kind::Teacher, Kind::Room]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One row of `changes.csv`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// A pupil id, or `staff:ID` for a member of staff.
    pub person: String,
    /// What changed.
    pub kind: Kind,
    /// Before (empty: nothing before).
    pub before: String,
    /// After (empty: nothing after).
    pub after: String,
}

impl Change {
    /// Whether the person is a member of staff.
    pub fn is_staff(&self) -> bool {
        self.person.starts_with(STAFF_PREFIX)
    }
}

/// How a member of staff is named in the `pupil` column.
pub const STAFF_PREFIX: &str = "staff:";

fn meeting_text(class: &str, m: &NamedMeeting) -> String {
    let dash = |s: &str| {
        if s.is_empty() {
            "-".to_owned()
        } else {
            s.to_owned()
        }
    };
    format!("{class} {} {} {}", m.slot, dash(&m.staff), dash(&m.room))
}

/// The meeting changes of one class kept by a person: same slot with another teacher or room,
/// then the other meetings paired in slot order as moved.
fn meeting_changes(
    person: &str,
    class: &str,
    old: &[NamedMeeting],
    new: &[NamedMeeting],
    teachers: bool,
    out: &mut Vec<Change>,
) {
    let mut gone: Vec<&NamedMeeting> = Vec::new();
    let mut came: Vec<&NamedMeeting> = new
        .iter()
        .filter(|n| !old.iter().any(|o| o.slot == n.slot))
        .collect();
    for o in old {
        match new.iter().find(|n| n.slot == o.slot) {
            Some(n) => {
                let row = |kind| Change {
                    person: person.to_owned(),
                    kind,
                    before: meeting_text(class, o),
                    after: meeting_text(class, n),
                };
                if teachers && n.staff != o.staff {
                    out.push(row(Kind::Teacher));
                }
                if n.room != o.room {
                    out.push(row(Kind::Room));
                }
            }
            None => gone.push(o),
        }
    }
    let n = gone.len().max(came.len());
    came.sort();
    for i in 0..n {
        out.push(Change {
            person: person.to_owned(),
            kind: Kind::Moved,
            before: gone
                .get(i)
                .map_or(String::new(), |m| meeting_text(class, m)),
            after: came
                .get(i)
                .map_or(String::new(), |m| meeting_text(class, m)),
        });
    }
}

/// The class changes of a person: classes of one course pair up as swaps, in id order.
fn class_changes(
    person: &str,
    old: &BTreeSet<String>,
    new: &BTreeSet<String>,
    course_old: &BTreeMap<String, String>,
    course_new: &BTreeMap<String, String>,
    out: &mut Vec<Change>,
) {
    let mut gone: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    let mut came: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for k in old.difference(new) {
        gone.entry(course_old.get(k).map_or("", String::as_str))
            .or_default()
            .push(k);
    }
    for k in new.difference(old) {
        came.entry(course_new.get(k).map_or("", String::as_str))
            .or_default()
            .push(k);
    }
    let courses: BTreeSet<&str> = gone.keys().chain(came.keys()).copied().collect();
    let row = |before: Option<&&String>, after: Option<&&String>| Change {
        person: person.to_owned(),
        kind: Kind::Class,
        before: before.map_or(String::new(), |s| (*s).clone()),
        after: after.map_or(String::new(), |s| (*s).clone()),
    };
    let (mut left_gone, mut left_came) = (Vec::new(), Vec::new());
    for c in courses {
        let (g, a) = (
            gone.get(c).cloned().unwrap_or_default(),
            came.get(c).cloned().unwrap_or_default(),
        );
        let n = g.len().min(a.len());
        for i in 0..n {
            out.push(row(g.get(i), a.get(i)));
        }
        left_gone.extend_from_slice(&g[n..]);
        left_came.extend_from_slice(&a[n..]);
    }
    // What is left swaps across courses (a changed choice), in id order.
    left_gone.sort();
    left_came.sort();
    for i in 0..left_gone.len().max(left_came.len()) {
        out.push(row(left_gone.get(i), left_came.get(i)));
    }
}

/// Every change from `old` to `new`, pupils then staff, sorted.
pub fn diff(old: &Named, new: &Named) -> Vec<Change> {
    let mut out = Vec::new();
    let none = BTreeSet::new();
    let people: BTreeSet<&String> = old.pupils.keys().chain(new.pupils.keys()).collect();
    for p in people {
        let (a, b) = (
            old.pupils.get(p).unwrap_or(&none),
            new.pupils.get(p).unwrap_or(&none),
        );
        class_changes(p, a, b, &old.course, &new.course, &mut out);
        for k in a.intersection(b) {
            let (om, nm) = (&old.meetings[k], &new.meetings[k]);
            meeting_changes(p, k, om, nm, true, &mut out);
        }
    }
    let (so, sn) = (old.staff_classes(), new.staff_classes());
    let staff: BTreeSet<&String> = so.keys().chain(sn.keys()).collect();
    for t in staff {
        let person = format!("{STAFF_PREFIX}{t}");
        let (a, b) = (so.get(t).unwrap_or(&none), sn.get(t).unwrap_or(&none));
        class_changes(&person, a, b, &old.course, &new.course, &mut out);
        for k in a.intersection(b) {
            let mine = |ms: &[NamedMeeting]| -> Vec<NamedMeeting> {
                ms.iter().filter(|m| &m.staff == t).cloned().collect()
            };
            let (om, nm) = (mine(&old.meetings[k]), mine(&new.meetings[k]));
            meeting_changes(&person, k, &om, &nm, false, &mut out);
        }
    }
    out.sort();
    out
}

/// The limits a re-solve was asked to keep, as `summary.json` records them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// `--max-changes`: pupils whose classes change, in all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_changes: Option<u32>,
    /// `--max-changes-per-pupil`: classes changed per pupil.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_changes_per_pupil: Option<u32>,
}

/// The `changes` figures of `summary.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Figures {
    /// The old solution folder.
    pub from: String,
    /// Pupils in both solutions whose week changed (any row).
    pub pupils_changed: u64,
    /// Pupils in both solutions whose classes changed (a `class` row).
    pub pupils_class_changed: u64,
    /// The most classes changed for one pupil (`class` rows).
    pub most_classes_changed: u64,
    /// Pupils only in the new solution.
    pub pupils_joined: u64,
    /// Pupils only in the old solution.
    pub pupils_left: u64,
    /// Members of staff whose week changed.
    pub staff_changed: u64,
    /// Classes only in the new solution.
    pub classes_opened: u64,
    /// Classes only in the old solution.
    pub classes_closed: u64,
    /// Meetings of classes in both that moved to another slot (or were added or dropped).
    pub meetings_moved: u64,
    /// Meetings of classes in both, in the same slot, with another teacher or room.
    pub meetings_restaffed: u64,
    /// Rows of `changes.csv`.
    pub rows: u64,
    /// The limits asked for.
    pub limits: Limits,
}

/// The figures of `changes` between `old` and `new`.
pub fn figures(old: &Named, new: &Named, changes: &[Change]) -> Figures {
    let mut f = Figures {
        rows: changes.len() as u64,
        ..Figures::default()
    };
    let both = |p: &str| old.pupils.contains_key(p) && new.pupils.contains_key(p);
    let mut changed = BTreeSet::new();
    let mut classed: BTreeMap<&str, u64> = BTreeMap::new();
    let mut staff = BTreeSet::new();
    for c in changes {
        if c.is_staff() {
            staff.insert(c.person.as_str());
        } else if both(&c.person) {
            changed.insert(c.person.as_str());
            if c.kind == Kind::Class {
                *classed.entry(c.person.as_str()).or_default() += 1;
            }
        }
    }
    f.pupils_changed = changed.len() as u64;
    f.pupils_class_changed = classed.len() as u64;
    f.most_classes_changed = classed.values().copied().max().unwrap_or(0);
    f.staff_changed = staff.len() as u64;
    f.pupils_joined = new
        .pupils
        .keys()
        .filter(|p| !old.pupils.contains_key(*p))
        .count() as u64;
    f.pupils_left = old
        .pupils
        .keys()
        .filter(|p| !new.pupils.contains_key(*p))
        .count() as u64;
    f.classes_opened = new
        .course
        .keys()
        .filter(|k| !old.course.contains_key(*k))
        .count() as u64;
    f.classes_closed = old
        .course
        .keys()
        .filter(|k| !new.course.contains_key(*k))
        .count() as u64;
    for (k, om) in &old.meetings {
        if let Some(nm) = new.meetings.get(k) {
            let mut rows = Vec::new();
            meeting_changes("", k, om, nm, true, &mut rows);
            for r in rows {
                if r.kind == Kind::Moved {
                    f.meetings_moved += 1;
                } else {
                    f.meetings_restaffed += 1;
                }
            }
        }
    }
    f
}

/// Writes `changes.csv`.
pub fn write_changes(changes: &[Change], out: impl Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| Error::Usage(format!("writing {CHANGES}: {e}"));
    w.write_record(["pupil", "change", "before", "after"])
        .map_err(err)?;
    for c in changes {
        w.write_record([c.person.as_str(), c.kind.as_str(), &c.before, &c.after])
            .map_err(err)?;
    }
    w.flush()
        .map_err(|e| Error::Usage(format!("writing {CHANGES}: {e}")))?;
    Ok(())
}

/// The bytes of `changes.csv`.
pub fn changes_bytes(changes: &[Change]) -> Vec<u8> {
    let mut out = Vec::new();
    write_changes(changes, &mut out).expect("writing to memory");
    out
}

/// Reads `changes.csv`; every bad row is reported.
pub fn read_changes(reader: impl Read) -> std::result::Result<Vec<Change>, InputErrors> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (line, c) in rows(
        CHANGES,
        reader,
        &["pupil", "change", "before", "after"],
        &mut errors,
    ) {
        match Kind::parse(&c[1]) {
            Some(kind) => out.push(Change {
                person: c[0].clone(),
                kind,
                before: c[2].clone(),
                after: c[3].clone(),
            }),
            None => errors.push(InputError {
                place: Place::new(CHANGES, Some(line), Some("change")),
                message: format!("expected class, moved, teacher or room, found {:?}", c[1]),
            }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(InputErrors(errors))
    }
}

/// What `locks.csv` keeps: classes whose pupils and meetings must not change, pupils whose
/// classes and meetings must not change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Locks {
    /// Locked class ids.
    pub classes: BTreeSet<String>,
    /// Locked pupil ids.
    pub pupils: BTreeSet<String>,
}

impl Locks {
    /// Reads `locks.csv` (`kind,id`; kind `class` or `pupil`); every bad row is reported.
    pub fn read(reader: impl Read) -> std::result::Result<Self, InputErrors> {
        let mut errors = Vec::new();
        let mut out = Locks::default();
        for (line, c) in rows(LOCKS, reader, &["kind", "id"], &mut errors) {
            match c[0].as_str() {
                "class" => {
                    out.classes.insert(c[1].clone());
                }
                "pupil" => {
                    out.pupils.insert(c[1].clone());
                }
                other => errors.push(InputError {
                    place: Place::new(LOCKS, Some(line), Some("kind")),
                    message: format!("expected class or pupil, found {other:?}"),
                }),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(InputErrors(errors))
        }
    }
    /// Reads `locks.csv` of the scenario folder `dir`; none when the file is absent.
    pub fn read_dir(dir: &std::path::Path) -> Result<Self> {
        let path = dir.join(LOCKS);
        match std::fs::File::open(&path) {
            Ok(f) => Ok(Self::read(f)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Locks::default()),
            Err(e) => Err(Error::io(&path, e)),
        }
    }
    /// Whether nothing is locked.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty() && self.pupils.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(
        classes: &[(&str, &str)],
        pupils: &[(&str, &str)],
        meetings: &[(&str, &str, &str, &str)],
    ) -> Named {
        let mut n = Named::default();
        for (k, c) in classes {
            n.course.insert((*k).into(), (*c).into());
            n.staff.insert((*k).into(), String::new());
            n.meetings.insert((*k).into(), Vec::new());
        }
        for (p, k) in pupils {
            n.pupils.entry((*p).into()).or_default().insert((*k).into());
        }
        for (k, slot, t, r) in meetings {
            n.meetings
                .entry((*k).into())
                .or_default()
                .push(NamedMeeting {
                    slot: (*slot).into(),
                    staff: (*t).into(),
                    room: (*r).into(),
                });
        }
        n
    }

    #[test]
    fn a_swap_a_move_and_a_new_room_are_one_row_each() {
        let old = named(
            &[("GEO-1", "GEO"), ("MA-1", "MA")],
            &[("P1", "GEO-1"), ("P1", "MA-1")],
            &[
                ("GEO-1", "Mon:P1", "T1", "R1"),
                ("MA-1", "Mon:P2", "T2", "R1"),
                ("MA-1", "Tue:P1", "T2", "R1"),
            ],
        );
        let new = named(
            &[("HIS-1", "HIS"), ("GEO-1", "GEO"), ("MA-1", "MA")],
            &[("P1", "HIS-1"), ("P1", "MA-1")],
            &[
                ("MA-1", "Mon:P3", "T2", "R1"),
                ("MA-1", "Tue:P1", "T2", "R2"),
            ],
        );
        let rows = diff(&old, &new);
        let pupil: Vec<&Change> = rows.iter().filter(|c| c.person == "P1").collect();
        assert_eq!(pupil.len(), 3, "{pupil:?}");
        // Geography for History: one swap across courses.
        assert!(pupil
            .iter()
            .any(|c| c.kind == Kind::Class && c.before == "GEO-1" && c.after == "HIS-1"));
        assert!(pupil.iter().any(|c| c.kind == Kind::Moved
            && c.before == "MA-1 Mon:P2 T2 R1"
            && c.after == "MA-1 Mon:P3 T2 R1"));
        assert!(pupil
            .iter()
            .any(|c| c.kind == Kind::Room && c.after == "MA-1 Tue:P1 T2 R2"));
        // Staff rows: T1 lost GEO-1's meeting, T2 saw a move and a room change.
        assert!(rows
            .iter()
            .any(|c| c.person == "staff:T1" && c.kind == Kind::Class));
        assert_eq!(rows.iter().filter(|c| c.person == "staff:T2").count(), 2);
        let f = figures(&old, &new, &rows);
        assert_eq!(
            (
                f.pupils_changed,
                f.pupils_class_changed,
                f.classes_opened,
                f.meetings_moved
            ),
            // MA-1's move, and GEO-1's meeting dropped (the class is in both, now without it).
            (1, 1, 1, 2)
        );
        assert_eq!(f.meetings_restaffed, 1);
    }

    #[test]
    fn classes_of_one_course_pair_as_a_swap() {
        let old = named(&[("PH-1", "PH"), ("PH-2", "PH")], &[("P1", "PH-1")], &[]);
        let new = named(&[("PH-1", "PH"), ("PH-2", "PH")], &[("P1", "PH-2")], &[]);
        let rows = diff(&old, &new);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].before.as_str(), rows[0].after.as_str()),
            ("PH-1", "PH-2")
        );
        assert!(diff(&new, &new).is_empty());
    }

    #[test]
    fn changes_csv_reads_back_and_bad_kinds_are_reported() {
        let old = named(&[("PH-1", "PH"), ("PH-2", "PH")], &[("P1", "PH-1")], &[]);
        let new = named(&[("PH-1", "PH"), ("PH-2", "PH")], &[("P1", "PH-2")], &[]);
        let rows = diff(&old, &new);
        assert_eq!(read_changes(&changes_bytes(&rows)[..]).unwrap(), rows);
        let err = read_changes("pupil,change,before,after\nP1,swap,a,b\n".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("changes.csv:2"), "{err}");
    }

    #[test]
    fn locks_read_classes_and_pupils() {
        let l = Locks::read("kind,id\nclass,PH-1\npupil,P7\n".as_bytes()).unwrap();
        assert!(l.classes.contains("PH-1") && l.pupils.contains("P7"));
        assert!(Locks::read("kind,id\nroom,R1\n".as_bytes()).is_err());
    }
}
