//! Findings in words: the files, the ids, the numbers and the smallest fix.

use serde::Serialize;

use super::{Finding, Severity};
use crate::scenario::*;

/// A finding put into words, for people and for scripts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rendered {
    /// Error or warning.
    pub severity: Severity,
    /// Its stable name.
    pub finding: &'static str,
    /// The files whose rows are involved.
    pub files: Vec<&'static str>,
    /// The ids involved (courses, rooms, staff, pupils, classes).
    pub ids: Vec<String>,
    /// What is wrong, with the numbers, and the smallest fix.
    pub message: String,
}

impl std::fmt::Display for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.files.join(", "), self.message)
    }
}

fn kind_name(c: &Course) -> &'static str {
    c.kind.as_str()
}

fn type_name(s: &Scenario, c: &Course) -> String {
    let t = c
        .room_type
        .map_or("none", |t| s.room_types.name(t))
        .to_owned();
    if c.features.is_empty() {
        t
    } else {
        let f: Vec<&str> = c.features.iter().map(|&x| s.features.name(x)).collect();
        format!("{t} (with {})", f.join(", "))
    }
}

fn stages_of(s: &Scenario, c: &Course) -> String {
    let names: Vec<&str> = c.stages.iter().map(|&x| s.stages.name(x)).collect();
    format!(
        "stage{} {}",
        if names.len() > 1 { "s" } else { "" },
        names.join(", ")
    )
}

/// `n` and the noun, plural unless one.
fn count(n: u64, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Each course with its count of classes and weekly periods: `SCI (12 x 4)`.
fn meetings_of(s: &Scenario, courses: &[(crate::ids::CourseId, u64)]) -> Vec<String> {
    courses
        .iter()
        .map(|&(c, n)| {
            let c = &s.courses[c];
            format!("{} ({n} x {})", c.id, c.periods)
        })
        .collect()
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl Finding {
    /// The finding in words.
    pub fn render(&self, s: &Scenario) -> Rendered {
        let (files, ids, message) = self.words(s);
        Rendered {
            severity: self.severity(),
            finding: self.name(),
            files,
            ids,
            message,
        }
    }

    fn words(&self, s: &Scenario) -> (Vec<&'static str>, Vec<String>, String) {
        match self {
            Finding::TooFewSets {
                course,
                pupils,
                largest,
                room,
                sets,
            } => {
                let c = &s.courses[*course];
                let per_set = pupils.div_ceil(c.max_classes.max(1));
                let t = type_name(s, c);
                let why = match room {
                    Some(r) => format!(
                        "{} seats {largest}, the largest {t} room; max_size is {}",
                        s.rooms[*r].id, c.max_size
                    ),
                    None => "max_size".to_owned(),
                };
                let mut fix = format!("raise max_classes of {} to {sets}", c.id);
                if c.max_classes > 0 {
                    let mut alt = Vec::new();
                    let room_seats = super::need::largest_seats(s, c);
                    if per_set > room_seats {
                        alt.push(format!("seat {per_set} in a {t} room"));
                    }
                    if per_set > c.max_size {
                        alt.push(format!("raise max_size to {per_set}"));
                    }
                    if !alt.is_empty() {
                        fix += &format!(", or {}", alt.join(" and "));
                    }
                }
                let mut files = vec!["courses.csv", "pupils.csv"];
                let mut ids = vec![c.id.clone()];
                if let Some(r) = room {
                    files.push("rooms.csv");
                    ids.push(s.rooms[*r].id.clone());
                }
                (
                    files,
                    ids,
                    format!(
                        "{}: {pupils} pupils of {} take {} {} in sets of at most {largest} ({why}), \
                         so it needs {sets} sets, but max_classes is {}; {fix}",
                        c.id,
                        stages_of(s, c),
                        kind_name(c),
                        c.id,
                        c.max_classes
                    ),
                )
            }
            Finding::SetsBelowMinSize {
                course,
                pupils,
                sets,
            } => {
                let c = &s.courses[*course];
                (
                    vec!["courses.csv", "pupils.csv"],
                    vec![c.id.clone()],
                    format!(
                        "{}: {pupils} pupils of {} take {} {} in at least {sets} sets, but {sets} sets \
                         of min_size {} need {} pupils; lower min_size of {} to {}",
                        c.id,
                        stages_of(s, c),
                        kind_name(c),
                        c.id,
                        c.min_size,
                        u64::from(*sets) * u64::from(c.min_size),
                        c.id,
                        pupils / sets.max(&1)
                    ),
                )
            }
            Finding::FixedClassSize { class, pupils } => {
                let x = &s.fixed[*class];
                let c = &s.courses[x.course];
                let fix = if *pupils > c.max_size {
                    format!("raise max_size of {} to {pupils}, or split the class", c.id)
                } else {
                    format!("lower min_size of {} to {pupils}", c.id)
                };
                (
                    vec!["fixed.csv", "courses.csv"],
                    vec![x.id.clone(), c.id.clone()],
                    format!(
                        "{}: class {} of {} has {} but {} takes {} to {}; {fix}",
                        x.id,
                        x.id,
                        c.id,
                        count(u64::from(*pupils), "pupil"),
                        c.id,
                        c.min_size,
                        c.max_size
                    ),
                )
            }
            Finding::FixedClassTooBig {
                class,
                pupils,
                room,
            } => {
                let x = &s.fixed[*class];
                let c = &s.courses[x.course];
                let t = type_name(s, c);
                let seats = match room {
                    Some(r) => format!(
                        "the largest {t} room, {}, seats {}",
                        s.rooms[*r].id, s.rooms[*r].capacity
                    ),
                    None => format!("no {t} room suits it"),
                };
                let mut ids = vec![x.id.clone(), c.id.clone()];
                ids.extend(room.map(|r| s.rooms[r].id.clone()));
                (
                    vec!["fixed.csv", "rooms.csv"],
                    ids,
                    format!(
                        "{}: class {} of {} has {pupils} pupils but {seats}; seat {pupils} in a {t} room, \
                         or split the class",
                        x.id, x.id, c.id
                    ),
                )
            }
            Finding::RoomsShort {
                courses,
                rooms,
                meetings,
                slots,
                with_options,
            } => {
                let short = meetings - slots;
                let each = meetings_of(s, courses);
                let mut types: Vec<String> = courses
                    .iter()
                    .filter_map(|&(c, _)| s.courses[c].room_type)
                    .map(|t| s.room_types.name(t).to_owned())
                    .collect();
                types.sort();
                types.dedup();
                let room_ids: Vec<String> = rooms.iter().map(|&r| s.rooms[r].id.clone()).collect();
                let rooms_words = if room_ids.is_empty() {
                    "no room seats them".to_owned()
                } else {
                    format!(
                        "their rooms {} are available to them {} a week",
                        list(&room_ids),
                        count(*slots, "slot")
                    )
                };
                let counted = if *with_options {
                    " (counting the option and tutorial classes their choices ask for)"
                } else {
                    ""
                };
                let mut ids: Vec<String> = courses
                    .iter()
                    .map(|&(c, _)| s.courses[c].id.clone())
                    .collect();
                ids.extend(room_ids.iter().cloned());
                (
                    vec!["courses.csv", "rooms.csv"],
                    ids,
                    format!(
                        "{}: classes x periods need {} a week in {} rooms{counted}, \
                         but {rooms_words}: {short} short; free {} of these rooms or add a {} room, \
                         or cut {} a week",
                        list(&each),
                        count(*meetings, "meeting"),
                        list(&types),
                        count(short, "more slot"),
                        types[0],
                        count(short, "meeting"),
                    ),
                )
            }
            Finding::StaffShort {
                courses,
                staff,
                periods,
                capacity,
                with_options,
            } => {
                let short = periods - capacity;
                let each = meetings_of(s, courses);
                let who: Vec<String> = staff
                    .iter()
                    .map(|&t| {
                        let m = &s.staff[t];
                        format!("{} ({})", m.id, super::teacher_capacity(s, m))
                    })
                    .collect();
                let counted = if *with_options {
                    " (counting the option and tutorial classes their choices ask for)"
                } else {
                    ""
                };
                let course_ids: Vec<String> = courses
                    .iter()
                    .map(|&(c, _)| s.courses[c].id.clone())
                    .collect();
                let mut ids = course_ids.clone();
                ids.extend(staff.iter().map(|&t| s.staff[t].id.clone()));
                let whom = if who.is_empty() {
                    "no one may teach them".to_owned()
                } else {
                    format!(
                        "only {} may teach them, {capacity} periods in all (max_periods, or the \
                         slots they are available if fewer)",
                        list(&who)
                    )
                };
                (
                    vec!["courses.csv", "staff.csv"],
                    ids,
                    format!(
                        "{}: classes x periods need {} a week{counted}, but {whom}: \
                         {short} short; raise their max_periods or free their time by {} \
                         in all, or let another teacher teach {}",
                        list(&each),
                        count(*periods, "period"),
                        count(short, "period"),
                        list(&course_ids)
                    ),
                )
            }
            Finding::WeekShort {
                stage,
                pupils,
                example,
                courses,
                periods,
                slots,
            } => {
                let short = periods - slots;
                let each: Vec<String> = courses
                    .iter()
                    .map(|&c| format!("{} {}", s.courses[c].id, s.courses[c].periods))
                    .collect();
                let mut files = vec!["courses.csv", "pupils.csv"];
                if courses
                    .iter()
                    .any(|&c| s.courses[c].kind == CourseKind::Fixed)
                {
                    files.push("fixed.csv");
                }
                let mut ids = vec![s.pupils[*example].id.clone()];
                ids.extend(courses.iter().map(|&c| s.courses[c].id.clone()));
                (
                    files,
                    ids,
                    format!(
                        "{} of stage {} (such as {}) must attend {} = {} a week, but those \
                         courses may meet in only {} of the week: {short} short; cut {} of these \
                         courses, or allow them more slots",
                        count(u64::from(*pupils), "pupil"),
                        s.stages.name(*stage),
                        s.pupils[*example].id,
                        list(&each),
                        count(*periods, "period"),
                        count(*slots, "slot"),
                        count(short, "period"),
                    ),
                )
            }
            Finding::OptionsCrowdWeek {
                stage,
                pupils,
                example,
                choices,
                compulsory,
            } => {
                let ppb = u64::from(s.stage_block_periods(*stage));
                let slots = s.week.slots() as u64;
                let fit = slots.saturating_sub(*compulsory) / ppb.max(1);
                (
                    vec!["choices.csv", "courses.csv", "school.toml"],
                    vec![s.pupils[*example].id.clone()],
                    format!(
                        "{} of stage {} (such as {}) have up to {choices} main option choices of \
                         {} each beside {} of core, lectures and fixed classes, more than the {} of \
                         the week hold: at most {fit} of their choices can be met; cut {} of \
                         compulsory courses, or lower periods_per_block",
                        count(u64::from(*pupils), "pupil"),
                        s.stages.name(*stage),
                        s.pupils[*example].id,
                        count(ppb, "period"),
                        count(*compulsory, "period"),
                        count(slots, "slot"),
                        count((compulsory + u64::from(*choices) * ppb).saturating_sub(slots), "period"),
                    ),
                )
            }
            Finding::TutorialNoSlot {
                course,
                pupils,
                slots,
            } => {
                let c = &s.courses[*course];
                let who: Vec<String> = s
                    .staff
                    .iter()
                    .filter(|m| m.can_teach(*course))
                    .map(|m| m.id.clone())
                    .collect();
                let mut ids = vec![c.id.clone()];
                ids.extend(who.iter().cloned());
                let mut with = Vec::new();
                if c.staffed {
                    with.push(format!("one of its teachers ({}) is in", list(&who)));
                }
                if c.room_type.is_some() {
                    with.push(format!("a {} room is free", type_name(s, c)));
                }
                let with = if with.is_empty() {
                    String::new()
                } else {
                    format!(" where {}", with.join(" and "))
                };
                (
                    vec!["courses.csv", "staff.csv", "choices.csv"],
                    ids,
                    format!(
                        "{}: {} chose tutorial {}, which meets {} a week, but it has {} allowed{with}: \
                         every one of these choices goes unmet; free its teachers or rooms in {} of \
                         its allowed slots, or allow it more",
                        c.id,
                        count(u64::from(*pupils), "pupil"),
                        c.id,
                        count(u64::from(c.periods), "time"),
                        count(u64::from(*slots), "slot"),
                        c.periods - slots
                    ),
                )
            }
            Finding::BlockPeak {
                room_type,
                courses,
                rooms,
            } => {
                let t = s.room_types.name(*room_type);
                let blocks = s.blocks.len() as u64;
                let classes: u64 = courses.iter().map(|c| c.1).sum();
                let each: Vec<String> = courses
                    .iter()
                    .map(|&(c, n)| format!("{} {n}", s.courses[c].id))
                    .collect();
                let room_ids: Vec<String> = s
                    .rooms
                    .iter()
                    .filter(|r| r.room_type == *room_type)
                    .map(|r| r.id.clone())
                    .collect();
                let mut ids: Vec<String> = courses
                    .iter()
                    .map(|&(c, _)| s.courses[c].id.clone())
                    .collect();
                ids.extend(room_ids.iter().cloned());
                let short = classes - blocks * u64::from(*rooms);
                (
                    vec!["courses.csv", "rooms.csv", "choices.csv", "school.toml"],
                    ids,
                    format!(
                        "{}: choices ask for {classes} option class{} in {t} rooms, but the classes \
                         of a block meet at once and the school has {} {t} room{}{}, so {} hold at \
                         most {}: {short} cannot run; add {} {t} room{}, or another block",
                        list(&each),
                        if classes == 1 { "" } else { "es" },
                        rooms,
                        if *rooms == 1 { "" } else { "s" },
                        if room_ids.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", list(&room_ids))
                        },
                        count(blocks, "block"),
                        blocks * u64::from(*rooms),
                        short.div_ceil(blocks.max(1)),
                        if short.div_ceil(blocks.max(1)) == 1 { "" } else { "s" },
                    ),
                )
            }
            Finding::OptionDemand {
                course,
                demand,
                largest,
                room,
            } => {
                let c = &s.courses[*course];
                let mut ids = vec![c.id.clone()];
                let message = match room {
                    None => format!(
                        "{}: {demand} pupils want {:?} but max_classes x max_size holds only {} x {} = {}",
                        c.id,
                        c.id,
                        c.max_classes,
                        c.max_size,
                        u64::from(c.max_classes) * u64::from(c.max_size)
                    ),
                    Some(r) => {
                        ids.push(s.rooms[*r].id.clone());
                        format!(
                            "{}: {demand} pupils want {:?} but max_classes x the largest {} room ({}) \
                             holds only {} x {largest} = {}",
                            c.id,
                            c.id,
                            type_name(s, c),
                            s.rooms[*r].id,
                            c.max_classes,
                            u64::from(c.max_classes) * u64::from(*largest)
                        )
                    }
                };
                (vec!["courses.csv", "choices.csv"], ids, message)
            }
        }
    }
}
