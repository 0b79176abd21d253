//! FET (the free timetabling program, <https://lalescu.ro/liviu/fet/>) files as tailor
//! scenarios and back. [`parse`] reads a `.fet` file (FET 5 and 6) into a typed [`Fet`];
//! [`import::import`] maps it to a [`crate::scenario::RawScenario`] and an account of every
//! constraint carried, approximated or not carried ([`import::Account`]); [`export`] writes a
//! solved week back as FET activities with locked times and rooms, and as FET's CSV timetable.
//!
//! The XML is read with `roxmltree` (a small, dependency-free, read-only DOM that keeps every
//! node's position, so errors name the line and column).

pub mod export;
pub mod import;
pub mod rules;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::io::Read;

use crate::error::{InputError, InputErrors, Place};

/// A day and an hour by their FET names.
pub type Time = (String, String);

/// A FET file, typed: the basic data and every constraint.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fet {
    /// The `version` attribute of `<fet>`.
    pub version: String,
    /// `Institution_Name`.
    pub institution: String,
    /// Day names, in order.
    pub days: Vec<String>,
    /// Hour names of every day, in order.
    pub hours: Vec<String>,
    /// Subject names.
    pub subjects: Vec<String>,
    /// Activity tag names.
    pub tags: Vec<String>,
    /// Teacher names.
    pub teachers: Vec<String>,
    /// Students years, with their groups and subgroups.
    pub years: Vec<Year>,
    /// Rooms.
    pub rooms: Vec<FetRoom>,
    /// Activities (sub-activities of a split are activities with one group id).
    pub activities: Vec<Activity>,
    /// Time constraints, in file order.
    pub time: Vec<Constraint>,
    /// Space constraints, in file order.
    pub space: Vec<Constraint>,
}

/// A students set with its number of students.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StudentsSet {
    /// Name.
    pub name: String,
    /// `Number_of_Students` (0 when not given).
    pub students: u32,
}

/// A year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Year {
    /// The year itself.
    pub set: StudentsSet,
    /// Its groups.
    pub groups: Vec<Group>,
}

/// A group of a year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    /// The group itself.
    pub set: StudentsSet,
    /// Its subgroups (a subgroup may belong to several groups: the same name).
    pub subgroups: Vec<StudentsSet>,
}

/// A room.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FetRoom {
    /// Name.
    pub name: String,
    /// Building (may be empty).
    pub building: String,
    /// Capacity.
    pub capacity: u32,
    /// FET 6 virtual room (a set of real rooms).
    pub virtual_room: bool,
}

/// An activity (a sub-activity when its group has several).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    /// Line of `<Activity>`.
    pub line: u64,
    /// `Id`.
    pub id: u32,
    /// `Activity_Group_Id` (0: not split; else the id of the group's first activity).
    pub group: u32,
    /// Teachers (all attend at once).
    pub teachers: Vec<String>,
    /// Subject.
    pub subject: String,
    /// Activity tags.
    pub tags: Vec<String>,
    /// Students sets (years, groups or subgroups).
    pub students: Vec<String>,
    /// Duration in hours.
    pub duration: u32,
    /// Whether FET timetables it.
    pub active: bool,
    /// FET's component number: the place (from 1) of this sub-activity in its split, in file
    /// order; 1 for an activity not split.
    pub component: u32,
}

/// Which activities a constraint of the `Activities…` kind selects: every non-empty field must
/// match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// A teacher of the activity.
    pub teacher: String,
    /// A students set sharing students with the activity's.
    pub students: String,
    /// The activity's subject.
    pub subject: String,
    /// A tag of the activity.
    pub tag: String,
    /// FET 6: the activity's duration.
    pub duration: Option<u32>,
    /// `ConstraintSubactivities…`: the sub-activity's component number.
    pub component: Option<u32>,
}

/// What a constraint says, for the kinds tailor reads; every other kind is [`Rule::Other`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// `ConstraintBasicCompulsoryTime` / `Space`: what every timetable keeps.
    Basic,
    /// `ConstraintTeacherNotAvailableTimes`.
    TeacherNotAvailable(String, Vec<Time>),
    /// `ConstraintStudentsSetNotAvailableTimes`.
    StudentsNotAvailable(String, Vec<Time>),
    /// `ConstraintRoomNotAvailableTimes`.
    RoomNotAvailable(String, Vec<Time>),
    /// `ConstraintBreakTimes`.
    Breaks(Vec<Time>),
    /// `ConstraintMinDaysBetweenActivities`: activities, min days.
    MinDays(Vec<u32>, u32),
    /// `ConstraintActivitiesSameStartingTime`.
    SameStart(Vec<u32>),
    /// `ConstraintActivityPreferredStartingTime(s)`: the activity's allowed starts.
    ActivityStarts(u32, Vec<Time>),
    /// `ConstraintActivityPreferredTimeSlots`: slots every hour of the activity must be in.
    ActivitySlots(u32, Vec<Time>),
    /// `ConstraintActivitiesPreferredStartingTimes`.
    ActivitiesStarts(Filter, Vec<Time>),
    /// `ConstraintActivitiesPreferredTimeSlots`.
    ActivitiesSlots(Filter, Vec<Time>),
    /// `ConstraintActivityPreferredRoom(s)`.
    ActivityRooms(u32, Vec<String>),
    /// `ConstraintSubjectPreferredRoom(s)`.
    SubjectRooms(String, Vec<String>),
    /// `ConstraintActivityTagPreferredRoom(s)`.
    TagRooms(String, Vec<String>),
    /// `ConstraintSubjectActivityTagPreferredRoom(s)`.
    SubjectTagRooms(String, String, Vec<String>),
    /// `ConstraintTeacher(s)MaxDaysPerWeek`: most days of a week.
    MaxDays(Whom, u32),
    /// `Constraint{Teacher(s),Students(Set)}MaxGapsPerWeek`: most gaps in a week.
    MaxGaps(Whom, u32),
    /// `Constraint{Teacher(s),Students(Set)}MaxHoursDaily`: most hours of a day.
    MaxDaily(Whom, u32),
    /// `Constraint{Teacher(s),Students(Set)}MinHoursDaily`: fewest hours of a day, and whether
    /// a day without any is allowed (`Allow_Empty_Days`; absent: true).
    MinDaily(Whom, u32, bool),
    /// `Constraint{Teacher(s),Students(Set)}MaxHoursContinuously`: most hours in a row.
    MaxRun(Whom, u32),
    /// `Constraint{Teacher(s),Students(Set)}MaxGapsPerDay`: most gaps on one day.
    MaxGapsDaily(Whom, u32),
    /// `ConstraintStudents(Set)EarlyMaxBeginningsAtSecondHour`: on a day with hours the first
    /// is the first hour that is neither a break nor not available, or the second on at most
    /// this many days; never later.
    EarlyStarts(Whom, u32),
    /// `ConstraintActivitiesNotOverlapping`: no two of these activities share an hour.
    NotOverlapping(Vec<u32>),
    /// `ConstraintTwoActivitiesConsecutive`: the second starts where the first ends, on its
    /// day.
    Consecutive(u32, u32),
    /// `ConstraintTwoActivitiesOrdered`: the second begins after the first ends, in the week.
    Ordered(u32, u32),
    /// `ConstraintTwoActivitiesGrouped`, `ConstraintThreeActivitiesGrouped`: on one day, in
    /// hours one after the other, in any order.
    Grouped(Vec<u32>),
    /// `ConstraintTeacherHomeRoom(s)`, `ConstraintStudentsSetHomeRoom(s)`: the rooms of every
    /// activity with this and only this teacher (or students set) and no preferred room.
    HomeRooms(Home, Vec<String>),
    /// A kind tailor does not read.
    Other,
}

impl Filter {
    /// Whether the filter selects `a`: every non-empty field matches; `shares(set, sets)` says
    /// whether the students set `set` shares students with `sets` (the activity's).
    pub fn matches(&self, a: &Activity, shares: impl Fn(&str, &[String]) -> bool) -> bool {
        (self.teacher.is_empty() || a.teachers.contains(&self.teacher))
            && (self.subject.is_empty() || a.subject == self.subject)
            && (self.tag.is_empty() || a.tags.contains(&self.tag))
            && self.duration.is_none_or(|d| d == a.duration)
            && self.component.is_none_or(|k| k == a.component)
            && (self.students.is_empty() || shares(&self.students, &a.students))
    }
}

impl Rule {
    /// The activities a consecutive or grouped rule joins into one run, and whether their order
    /// is given (consecutive: the first, then the second); `None` for any other rule.
    pub fn joined(&self) -> Option<(Vec<u32>, bool)> {
        match self {
            Rule::Consecutive(a, b) => Some((vec![*a, *b], true)),
            Rule::Grouped(ids) => Some((ids.clone(), false)),
            _ => None,
        }
    }

    /// The rooms a preferred-room rule (by activity, subject, tag, subject and tag) gives `a`;
    /// `None` when it is no such rule or is not on `a`.
    pub fn preferred_rooms(&self, a: &Activity) -> Option<&Vec<String>> {
        let (applies, rooms) = match self {
            Rule::ActivityRooms(id, r) => (a.id == *id, r),
            Rule::SubjectRooms(s, r) => (a.subject == *s, r),
            Rule::TagRooms(t, r) => (a.tags.contains(t), r),
            Rule::SubjectTagRooms(s, t, r) => (a.subject == *s && a.tags.contains(t), r),
            _ => return None,
        };
        applies.then_some(rooms)
    }
}

/// Whose home rooms: activities with exactly this one teacher, or this one students set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Home {
    /// `Teacher`.
    Teacher(String),
    /// `Students`.
    Students(String),
}

impl Home {
    /// Whether the home rooms are `a`'s (FET: its only teacher, or its only students set).
    pub fn of(&self, a: &Activity) -> bool {
        match self {
            Home::Teacher(t) => a.teachers.len() == 1 && a.teachers[0] == *t,
            Home::Students(s) => a.students.len() == 1 && a.students[0] == *s,
        }
    }
}

/// Whom a limit of FET is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Whom {
    /// Every teacher.
    Teachers,
    /// One teacher, by name.
    Teacher(String),
    /// Every students set.
    Students,
    /// One students set (each of its subgroups), by name.
    Set(String),
}

/// One constraint of the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    /// The element name (`ConstraintTeacherNotAvailableTimes`).
    pub kind: String,
    /// `Weight_Percentage` (100: hard).
    pub weight: f64,
    /// `Active` (absent: true).
    pub active: bool,
    /// Line of the element.
    pub line: u64,
    /// What it says.
    pub rule: Rule,
}

impl Constraint {
    /// Whether FET treats it as hard (weight 100%).
    pub fn is_hard(&self) -> bool {
        self.weight >= 100.0
    }
}

/// Reads a `.fet` file named `file` (for messages) from `reader`.
pub fn parse(file: &str, mut reader: impl Read) -> Result<Fet, InputErrors> {
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return Err(InputErrors(vec![InputError::new(
            Place::new(file, None, None),
            format!("cannot read: {e}"),
        )]));
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.to_owned(),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64
                + 1;
            return Err(InputErrors(vec![InputError::new(
                Place::new(file, Some(line), None),
                "expected UTF-8 text (FET writes UTF-8), found invalid bytes",
            )]));
        }
    };
    parse_str(file, text.strip_prefix('\u{feff}').unwrap_or(&text))
}

/// Reads a `.fet` file's text.
pub fn parse_str(file: &str, text: &str) -> Result<Fet, InputErrors> {
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        InputErrors(vec![InputError::new(
            Place::new(
                file,
                Some(u64::from(pos.row)),
                Some(&format!("column {}", pos.col)),
            ),
            format!("malformed XML: {e}"),
        )])
    })?;
    let mut p = Parser {
        file,
        doc: &doc,
        errors: Vec::new(),
    };
    let fet = p.fet();
    if p.errors.is_empty() {
        Ok(fet)
    } else {
        Err(InputErrors(p.errors))
    }
}

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

struct Parser<'a, 'i> {
    file: &'a str,
    doc: &'a roxmltree::Document<'i>,
    errors: Vec<InputError>,
}

fn elements<'a, 'i>(n: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(|c| c.is_element())
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    elements(n).find(|c| c.tag_name().name() == name)
}

/// The text of an element as written (FET compares names exactly, spaces included).
fn text_of(n: Node) -> String {
    n.text().unwrap_or("").to_owned()
}

fn texts(n: Node, name: &str) -> Vec<String> {
    elements(n)
        .filter(|c| c.tag_name().name() == name)
        .map(text_of)
        .collect()
}

fn field(n: Node, name: &str) -> String {
    child(n, name).map(text_of).unwrap_or_default()
}

impl Parser<'_, '_> {
    fn line(&self, n: Node) -> u64 {
        u64::from(self.doc.text_pos_at(n.range().start).row)
    }

    fn error(&mut self, n: Node, field: &str, message: String) {
        let pos = self.doc.text_pos_at(n.range().start);
        self.errors.push(InputError::new(
            Place::new(
                self.file,
                Some(u64::from(pos.row)),
                Some(&format!("column {}: {field}", pos.col)),
            ),
            message,
        ));
    }

    fn number(&mut self, n: Node, name: &str, default: Option<u32>) -> u32 {
        match child(n, name) {
            Some(c) => {
                let t = text_of(c).trim().to_owned();
                match t.parse::<u32>() {
                    Ok(v) => v,
                    Err(_) => {
                        self.error(c, name, format!("expected a whole number, found {t:?}"));
                        0
                    }
                }
            }
            None => match default {
                Some(d) => d,
                None => {
                    self.error(n, name, format!("expected a <{name}> element"));
                    0
                }
            },
        }
    }

    fn flag(&mut self, n: Node, name: &str) -> bool {
        match child(n, name) {
            Some(c) => match text_of(c).trim() {
                "true" | "1" => true,
                "false" | "0" => false,
                t => {
                    self.error(c, name, format!("expected true or false, found {t:?}"));
                    true
                }
            },
            None => true,
        }
    }

    fn fet(&mut self) -> Fet {
        let root = self.doc.root_element();
        if root.tag_name().name() != "fet" {
            self.error(
                root,
                "root",
                format!(
                    "expected a <fet> document, found <{}>",
                    root.tag_name().name()
                ),
            );
            return Fet::default();
        }
        let mut fet = Fet {
            version: root.attribute("version").unwrap_or("").to_owned(),
            institution: field(root, "Institution_Name"),
            ..Fet::default()
        };
        for n in elements(root) {
            match n.tag_name().name() {
                "Days_List" => fet.days = self.names(n, "Day"),
                "Hours_List" => fet.hours = self.names(n, "Hour"),
                "Subjects_List" => fet.subjects = self.names(n, "Subject"),
                "Activity_Tags_List" => fet.tags = self.names(n, "Activity_Tag"),
                "Teachers_List" => fet.teachers = self.names(n, "Teacher"),
                "Students_List" => fet.years = self.years(n),
                "Rooms_List" => {
                    fet.rooms = elements(n)
                        .filter(|r| r.tag_name().name() == "Room")
                        .map(|r| FetRoom {
                            name: field(r, "Name"),
                            building: field(r, "Building"),
                            capacity: self.number(r, "Capacity", Some(0)),
                            virtual_room: child(r, "Virtual")
                                .is_some_and(|v| text_of(v).trim() == "true"),
                        })
                        .collect()
                }
                "Activities_List" => {
                    fet.activities = elements(n)
                        .filter(|a| a.tag_name().name() == "Activity")
                        .map(|a| self.activity(a))
                        .collect();
                    let mut seen: HashMap<u32, u32> = HashMap::new();
                    for a in fet.activities.iter_mut().filter(|a| a.group != 0) {
                        let k = seen.entry(a.group).or_default();
                        *k += 1;
                        a.component = *k;
                    }
                }
                "Time_Constraints_List" => {
                    fet.time = elements(n).map(|c| self.constraint(c)).collect()
                }
                "Space_Constraints_List" => {
                    fet.space = elements(n).map(|c| self.constraint(c)).collect()
                }
                _ => {}
            }
        }
        if fet.days.is_empty() || fet.hours.is_empty() {
            self.error(
                root,
                "Days_List/Hours_List",
                "expected at least one day and one hour".into(),
            );
        }
        fet
    }

    /// Names of the `item` children of a list; a FET 5 `<Day>` may hold its name as text or in
    /// `<Name>`.
    fn names(&mut self, list: Node, item: &str) -> Vec<String> {
        elements(list)
            .filter(|c| c.tag_name().name() == item)
            .map(|c| match child(c, "Name") {
                Some(n) => text_of(n),
                None => text_of(c),
            })
            .collect()
    }

    fn set(&mut self, n: Node) -> StudentsSet {
        StudentsSet {
            name: field(n, "Name"),
            students: self.number(n, "Number_of_Students", Some(0)),
        }
    }

    fn years(&mut self, list: Node) -> Vec<Year> {
        let mut years = Vec::new();
        for y in elements(list).filter(|c| c.tag_name().name() == "Year") {
            let set = self.set(y);
            let mut groups = Vec::new();
            for g in elements(y).filter(|c| c.tag_name().name() == "Group") {
                let gset = self.set(g);
                let subgroups = elements(g)
                    .filter(|c| c.tag_name().name() == "Subgroup")
                    .map(|s| self.set(s))
                    .collect();
                groups.push(Group {
                    set: gset,
                    subgroups,
                });
            }
            years.push(Year { set, groups });
        }
        years
    }

    fn activity(&mut self, a: Node) -> Activity {
        Activity {
            line: self.line(a),
            id: self.number(a, "Id", None),
            group: self.number(a, "Activity_Group_Id", Some(0)),
            teachers: texts(a, "Teacher"),
            subject: field(a, "Subject"),
            tags: texts(a, "Activity_Tag"),
            students: texts(a, "Students"),
            duration: self.number(a, "Duration", None).max(1),
            active: self.flag(a, "Active"),
            component: 1,
        }
    }

    /// The (day, hour) pairs of the `item` children of `n`: each holds a day element then an
    /// hour element, whatever their names (`Day`/`Hour`, `Preferred_Day`/`Preferred_Hour`, …).
    fn times(&mut self, n: Node, item: &str) -> Vec<Time> {
        elements(n)
            .filter(|c| c.tag_name().name() == item)
            .map(|t| {
                let v: Vec<String> = elements(t).map(text_of).collect();
                (
                    v.first().cloned().unwrap_or_default(),
                    v.get(1).cloned().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn ids(&mut self, n: Node) -> Vec<u32> {
        let mut ids = Vec::new();
        for c in elements(n).filter(|c| c.tag_name().name() == "Activity_Id") {
            let t = text_of(c).trim().to_owned();
            match t.parse() {
                Ok(v) => ids.push(v),
                Err(_) => self.error(
                    c,
                    "Activity_Id",
                    format!("expected an activity id, found {t:?}"),
                ),
            }
        }
        ids
    }

    fn filter(&mut self, n: Node) -> Filter {
        Filter {
            teacher: field(n, "Teacher_Name"),
            students: field(n, "Students_Name"),
            subject: field(n, "Subject_Name"),
            tag: field(n, "Activity_Tag_Name"),
            duration: field(n, "Duration").trim().parse().ok(),
            component: None,
        }
    }

    fn rooms(n: Node) -> Vec<String> {
        let mut rooms = texts(n, "Room");
        rooms.extend(texts(n, "Preferred_Room"));
        rooms
    }

    /// Whom a constraint of kind `Constraint{Teacher,Teachers,Students,StudentsSet}…` is on.
    fn whom(c: Node, kind: &str) -> Whom {
        let rest = kind.trim_start_matches("Constraint");
        if rest.starts_with("Teachers") {
            Whom::Teachers
        } else if rest.starts_with("Teacher") {
            Whom::Teacher(field(c, "Teacher_Name"))
        } else if rest.starts_with("StudentsSet") {
            Whom::Set(field(c, "Students"))
        } else {
            Whom::Students
        }
    }

    fn constraint(&mut self, c: Node) -> Constraint {
        let kind = c.tag_name().name().to_owned();
        let weight = match child(c, "Weight_Percentage") {
            Some(w) => {
                let t = text_of(w).trim().to_owned();
                match t.parse::<f64>() {
                    Ok(v) if (0.0..=100.0).contains(&v) => v,
                    _ => {
                        self.error(
                            w,
                            "Weight_Percentage",
                            format!("expected a percentage from 0 to 100, found {t:?}"),
                        );
                        100.0
                    }
                }
            }
            None => 100.0,
        };
        let active = self.flag(c, "Active");
        let id = |p: &mut Self| p.number(c, "Activity_Id", None);
        let rule = match kind.as_str() {
            "ConstraintBasicCompulsoryTime" | "ConstraintBasicCompulsorySpace" => Rule::Basic,
            "ConstraintTeacherNotAvailableTimes" => {
                Rule::TeacherNotAvailable(field(c, "Teacher"), self.times(c, "Not_Available_Time"))
            }
            "ConstraintStudentsSetNotAvailableTimes" => Rule::StudentsNotAvailable(
                field(c, "Students"),
                self.times(c, "Not_Available_Time"),
            ),
            "ConstraintRoomNotAvailableTimes" => {
                Rule::RoomNotAvailable(field(c, "Room"), self.times(c, "Not_Available_Time"))
            }
            "ConstraintBreakTimes" => Rule::Breaks(self.times(c, "Break_Time")),
            "ConstraintMinDaysBetweenActivities" => {
                Rule::MinDays(self.ids(c), self.number(c, "MinDays", None))
            }
            "ConstraintActivitiesSameStartingTime" => Rule::SameStart(self.ids(c)),
            "ConstraintActivityPreferredStartingTime" => {
                let a = id(self);
                Rule::ActivityStarts(
                    a,
                    vec![(field(c, "Preferred_Day"), field(c, "Preferred_Hour"))],
                )
            }
            "ConstraintActivityPreferredStartingTimes" => {
                let a = id(self);
                Rule::ActivityStarts(a, self.times(c, "Preferred_Starting_Time"))
            }
            "ConstraintActivityPreferredTimeSlots" => {
                let a = id(self);
                Rule::ActivitySlots(a, self.times(c, "Preferred_Time_Slot"))
            }
            "ConstraintActivitiesPreferredStartingTimes" => {
                Rule::ActivitiesStarts(self.filter(c), self.times(c, "Preferred_Starting_Time"))
            }
            "ConstraintActivitiesPreferredTimeSlots" => {
                Rule::ActivitiesSlots(self.filter(c), self.times(c, "Preferred_Time_Slot"))
            }
            // The same rules on one component of every split selected (FET: an activity not
            // split is component 1).
            "ConstraintSubactivitiesPreferredStartingTimes" => Rule::ActivitiesStarts(
                Filter {
                    component: Some(self.number(c, "Component_Number", None)),
                    ..self.filter(c)
                },
                self.times(c, "Preferred_Starting_Time"),
            ),
            "ConstraintSubactivitiesPreferredTimeSlots" => Rule::ActivitiesSlots(
                Filter {
                    component: Some(self.number(c, "Component_Number", None)),
                    ..self.filter(c)
                },
                self.times(c, "Preferred_Time_Slot"),
            ),
            "ConstraintActivityPreferredRoom" | "ConstraintActivityPreferredRooms" => {
                let a = id(self);
                Rule::ActivityRooms(a, Self::rooms(c))
            }
            "ConstraintSubjectPreferredRoom" | "ConstraintSubjectPreferredRooms" => {
                Rule::SubjectRooms(field(c, "Subject"), Self::rooms(c))
            }
            "ConstraintActivityTagPreferredRoom" | "ConstraintActivityTagPreferredRooms" => {
                Rule::TagRooms(field(c, "Activity_Tag"), Self::rooms(c))
            }
            "ConstraintSubjectActivityTagPreferredRoom"
            | "ConstraintSubjectActivityTagPreferredRooms" => Rule::SubjectTagRooms(
                field(c, "Subject"),
                field(c, "Activity_Tag"),
                Self::rooms(c),
            ),
            "ConstraintTeacherMaxDaysPerWeek" => Rule::MaxDays(
                Whom::Teacher(field(c, "Teacher_Name")),
                self.number(c, "Max_Days_Per_Week", None),
            ),
            "ConstraintTeachersMaxDaysPerWeek" => {
                Rule::MaxDays(Whom::Teachers, self.number(c, "Max_Days_Per_Week", None))
            }
            "ConstraintTeacherMaxGapsPerWeek" => Rule::MaxGaps(
                Whom::Teacher(field(c, "Teacher_Name")),
                self.number(c, "Max_Gaps", None),
            ),
            "ConstraintTeachersMaxGapsPerWeek" => {
                Rule::MaxGaps(Whom::Teachers, self.number(c, "Max_Gaps", None))
            }
            "ConstraintStudentsMaxGapsPerWeek" => {
                Rule::MaxGaps(Whom::Students, self.number(c, "Max_Gaps", None))
            }
            "ConstraintStudentsSetMaxGapsPerWeek" => Rule::MaxGaps(
                Whom::Set(field(c, "Students")),
                self.number(c, "Max_Gaps", None),
            ),
            "ConstraintTeacherMaxHoursDaily" => Rule::MaxDaily(
                Whom::Teacher(field(c, "Teacher_Name")),
                self.number(c, "Maximum_Hours_Daily", None),
            ),
            "ConstraintTeachersMaxHoursDaily" => {
                Rule::MaxDaily(Whom::Teachers, self.number(c, "Maximum_Hours_Daily", None))
            }
            "ConstraintStudentsMaxHoursDaily" => {
                Rule::MaxDaily(Whom::Students, self.number(c, "Maximum_Hours_Daily", None))
            }
            "ConstraintStudentsSetMaxHoursDaily" => Rule::MaxDaily(
                Whom::Set(field(c, "Students")),
                self.number(c, "Maximum_Hours_Daily", None),
            ),
            "ConstraintTeacherMinHoursDaily"
            | "ConstraintTeachersMinHoursDaily"
            | "ConstraintStudentsMinHoursDaily"
            | "ConstraintStudentsSetMinHoursDaily" => Rule::MinDaily(
                Self::whom(c, &kind),
                self.number(c, "Minimum_Hours_Daily", None),
                self.flag(c, "Allow_Empty_Days"),
            ),
            "ConstraintTeacherMaxHoursContinuously"
            | "ConstraintTeachersMaxHoursContinuously"
            | "ConstraintStudentsMaxHoursContinuously"
            | "ConstraintStudentsSetMaxHoursContinuously" => Rule::MaxRun(
                Self::whom(c, &kind),
                self.number(c, "Maximum_Hours_Continuously", None),
            ),
            "ConstraintTeacherMaxGapsPerDay"
            | "ConstraintTeachersMaxGapsPerDay"
            | "ConstraintStudentsMaxGapsPerDay"
            | "ConstraintStudentsSetMaxGapsPerDay" => {
                Rule::MaxGapsDaily(Self::whom(c, &kind), self.number(c, "Max_Gaps", None))
            }
            "ConstraintStudentsEarlyMaxBeginningsAtSecondHour"
            | "ConstraintStudentsSetEarlyMaxBeginningsAtSecondHour" => Rule::EarlyStarts(
                Self::whom(c, &kind),
                self.number(c, "Max_Beginnings_At_Second_Hour", None),
            ),
            "ConstraintActivitiesNotOverlapping" => Rule::NotOverlapping(self.ids(c)),
            "ConstraintTwoActivitiesConsecutive" => Rule::Consecutive(
                self.number(c, "First_Activity_Id", None),
                self.number(c, "Second_Activity_Id", None),
            ),
            "ConstraintTwoActivitiesOrdered" => Rule::Ordered(
                self.number(c, "First_Activity_Id", None),
                self.number(c, "Second_Activity_Id", None),
            ),
            "ConstraintTwoActivitiesGrouped" => Rule::Grouped(vec![
                self.number(c, "First_Activity_Id", None),
                self.number(c, "Second_Activity_Id", None),
            ]),
            "ConstraintThreeActivitiesGrouped" => Rule::Grouped(vec![
                self.number(c, "First_Activity_Id", None),
                self.number(c, "Second_Activity_Id", None),
                self.number(c, "Third_Activity_Id", None),
            ]),
            "ConstraintTeacherHomeRoom" | "ConstraintTeacherHomeRooms" => {
                Rule::HomeRooms(Home::Teacher(field(c, "Teacher")), Self::rooms(c))
            }
            "ConstraintStudentsSetHomeRoom" | "ConstraintStudentsSetHomeRooms" => {
                Rule::HomeRooms(Home::Students(field(c, "Students")), Self::rooms(c))
            }
            _ => Rule::Other,
        };
        Constraint {
            line: self.line(c),
            kind,
            weight,
            active,
            rule,
        }
    }
}
