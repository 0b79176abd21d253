//! ITC2007 instances as tailor scenarios and back: a `.tim` becomes a scenario of `fixed`
//! courses, any all-fixed scenario becomes a placement problem and then a solution, and a
//! solution of an imported instance becomes a `.sln`.

use std::collections::BTreeMap;
use std::time::Instant;

use super::{merge_attendance, Instance, Sln, DAYS, PERIODS, SLOTS};
use crate::error::{Error, Result};
use crate::ids::{CourseId, Idx};
use crate::place::{self, Event, Group, Options, Placement, Problem, Room};
use crate::scenario::*;
use crate::solution::{Class, Enrolment, Meeting, Note, SoftFigures, Solution, Summary};

/// Day names of the imported week.
const DAY_NAMES: [&str; DAYS] = ["Mon", "Tue", "Wed", "Thu", "Fri"];

/// The scenario of an instance called `name`: a week of Mon..Fri x 9 periods; each event a
/// course `eN` of kind `fixed` (no teacher, one meeting, room type `room`, its features, its
/// allowed slots when not all, the events that must come before it in `after`) with one class
/// `eN` listing its students; students are pupils `sN` of stage `S`; rooms `rN` keep capacity and
/// features (`fN`). Events nobody attends have no class (there is nobody to timetable).
pub fn import(inst: &Instance, name: &str) -> RawScenario {
    let week = WeekFile {
        days: DAY_NAMES.iter().map(|d| (*d).to_owned()).collect(),
        periods: (1..=PERIODS).map(|p| p.to_string()).collect(),
        breaks: Vec::new(),
    };
    let slot_name = |t: usize| format!("{}:{}", DAY_NAMES[t / PERIODS], t % PERIODS + 1);
    let students = inst.event_students();
    let mut after: Vec<Vec<String>> = vec![Vec::new(); inst.events];
    for &(i, j) in &inst.before {
        after[j].push(format!("e{i}"));
    }
    let courses = (0..inst.events)
        .map(|e| {
            let allowed = if inst.allowed[e].len() == SLOTS {
                Vec::new()
            } else {
                inst.allowed[e]
                    .iter()
                    .map(|t| slot_name(t.index()))
                    .collect()
            };
            RawCourse {
                line: e as u64 + 2,
                course: format!("e{e}"),
                name: format!("event {e}"),
                kind: "fixed".into(),
                periods: 1,
                min_size: 0,
                max_size: students[e].len().max(1) as u32,
                max_classes: 1,
                room_type: "room".into(),
                stages: vec!["S".into()],
                features: inst.event_features[e]
                    .iter()
                    .map(|f| format!("f{f}"))
                    .collect(),
                allowed,
                after: std::mem::take(&mut after[e]),
                staffed: false,
                pattern: String::new(),
                split: String::new(),
                blocks: Vec::new(),
            }
        })
        .collect();
    let pupils = (0..inst.attends.len())
        .map(|s| RawPupil {
            limits: Default::default(),
            line: s as u64 + 2,
            pupil: format!("s{s}"),
            name: format!("student {s}"),
            stage: "S".into(),
            tutor_group: "T".into(),
        })
        .collect();
    let rooms = (0..inst.rooms.len())
        .map(|r| RawRoom {
            line: r as u64 + 2,
            room: format!("r{r}"),
            capacity: inst.rooms[r],
            room_type: "room".into(),
            unavailable: Vec::new(),
            features: inst.room_features[r]
                .iter()
                .map(|f| format!("f{f}"))
                .collect(),
        })
        .collect();
    let mut fixed = Vec::new();
    for (e, st) in students.iter().enumerate() {
        for &s in st {
            fixed.push(RawFixed {
                line: fixed.len() as u64 + 2,
                class: format!("e{e}"),
                course: format!("e{e}"),
                pupil: format!("s{s}"),
                block: String::new(),
                staff: String::new(),
            });
        }
    }
    RawScenario {
        school: SchoolFile::without_options(name, None, week),
        courses,
        pupils,
        choices: Vec::new(),
        staff: Vec::new(),
        rooms,
        fixed,
    }
}

/// The instance of a scenario imported by [`import`] (or shaped like one: a week of 5 x 9, every
/// course `fixed` with at most one class of one meeting). Events are courses in order, rooms
/// and features keep their order.
pub fn from_scenario(s: &Scenario) -> Result<Instance> {
    if s.week.days.len() != DAYS || s.week.periods.len() != PERIODS {
        return Err(Error::Usage(format!(
            "an ITC2007 scenario has a week of {DAYS} days x {PERIODS} periods; {:?} has {} x {}",
            s.name,
            s.week.days.len(),
            s.week.periods.len()
        )));
    }
    let mut class_of: Vec<Option<usize>> = vec![None; s.courses.len()];
    for (k, c) in s.fixed.iter().enumerate() {
        if class_of[c.course.index()].replace(k).is_some() {
            return Err(Error::Usage(format!(
                "course {:?} has more than one class, so it is not an ITC2007 event",
                s.courses[c.course].id
            )));
        }
    }
    if let Some(c) = s
        .courses
        .iter()
        .find(|c| c.kind != CourseKind::Fixed || c.periods != 1)
    {
        return Err(Error::Usage(format!(
            "course {:?} is not a fixed course of one meeting, so it is not an ITC2007 event",
            c.id
        )));
    }
    if !s.apart.is_empty() {
        return Err(Error::Usage(format!(
            "{:?} keeps courses days apart ([[rules.apart]]), which ITC2007 has no rule for",
            s.name
        )));
    }
    let mut attends = vec![Vec::new(); s.pupils.len()];
    for c in &s.fixed {
        for p in &c.pupils {
            attends[p.index()].push(c.course.index());
        }
    }
    for a in &mut attends {
        a.sort_unstable();
    }
    let mut before: Vec<(usize, usize)> = s
        .courses
        .iter_enumerated()
        .flat_map(|(b, c)| c.after.iter().map(move |a| (a.index(), b.index())))
        .collect();
    before.sort_unstable();
    Ok(Instance {
        events: s.courses.len(),
        rooms: s.rooms.iter().map(|r| r.capacity).collect(),
        features: s.features.len(),
        attends,
        room_features: s
            .rooms
            .iter()
            .map(|r| r.features.iter().map(|f| f.index()).collect())
            .collect(),
        event_features: s
            .courses
            .iter()
            .map(|c| c.features.iter().map(|f| f.index()).collect())
            .collect(),
        allowed: s.courses.iter().map(|c| c.allowed).collect(),
        before,
    })
}

/// The placement problem of the `fixed` classes of a scenario: event `k` is `scenario.fixed[k]`
/// (meetings = its course's periods, spread over days when more than one; suitable rooms by type,
/// features and seats, smallest first), pupils with the same classes form one attendance set,
/// and each course's `after` orders all its classes after all classes of those courses.
/// Courses of other kinds are not part of it.
pub fn to_problem(s: &Scenario) -> Problem {
    let events = s
        .fixed
        .iter()
        .map(|class| {
            let c = &s.courses[class.course];
            let group = match c.room_type {
                Some(_) => {
                    let mut rooms: Vec<usize> = s
                        .rooms
                        .iter_enumerated()
                        .filter(|(_, r)| r.suits(c) && r.capacity as usize >= class.pupils.len())
                        .map(|(id, _)| id.index())
                        .collect();
                    rooms.sort_by_key(|&r| (s.rooms.as_slice()[r].capacity, r));
                    Group {
                        rooms,
                        needs_room: true,
                    }
                }
                None => Group {
                    rooms: Vec::new(),
                    needs_room: false,
                },
            };
            Event {
                name: class.id.clone(),
                meetings: c.periods,
                allowed: c.allowed,
                groups: vec![group],
                weight: class.pupils.len() as u64,
                spread: c.periods > 1,
                runs: Vec::new(),
            }
        })
        .collect();
    let mut classes_of: Vec<Vec<usize>> = vec![Vec::new(); s.pupils.len()];
    let mut of_course: BTreeMap<CourseId, Vec<usize>> = BTreeMap::new();
    for (k, class) in s.fixed.iter().enumerate() {
        of_course.entry(class.course).or_default().push(k);
        for p in &class.pupils {
            classes_of[p.index()].push(k);
        }
    }
    let mut precedence = Vec::new();
    for (b, c) in s.courses.iter_enumerated() {
        for a in &c.after {
            for &ka in of_course.get(a).into_iter().flatten() {
                for &kb in of_course.get(&b).into_iter().flatten() {
                    precedence.push((ka, kb));
                }
            }
        }
    }
    let apart = s.apart_pairs(|c| of_course.get(&c).cloned().unwrap_or_default());
    Problem {
        apart,
        limits: Vec::new(),
        closed: crate::ids::SlotSet::EMPTY,
        displaced: Vec::new(),
        days: s.week.days.len(),
        periods_per_day: s.week.periods.len(),
        events,
        rooms: s
            .rooms
            .iter()
            .map(|r| Room {
                unavailable: r.unavailable,
            })
            .collect(),
        attendance: merge_attendance(classes_of.into_iter()),
        cliques: Vec::new(),
        precedence,
        breaks: Vec::new(),
    }
}

/// Timetables a scenario whose courses are all `fixed` and need no teacher: one class per
/// `fixed.csv` class, its meetings and rooms from [`place::place`], its pupils enrolled. What
/// could not be placed is in `summary.notes`; `summary.complete` says whether all was.
pub fn solve_fixed(s: &Scenario, options: &Options) -> Result<Solution> {
    if let Some(c) = s.courses.iter().find(|c| c.kind != CourseKind::Fixed) {
        return Err(Error::Usage(format!(
            "solve_fixed timetables scenarios of fixed courses only; {:?} is a {} course",
            c.id,
            c.kind.as_str()
        )));
    }
    if let Some(c) = s.courses.iter().find(|c| c.staffed) {
        return Err(Error::Usage(format!(
            "solve_fixed places fixed courses that need no teacher; {:?} has staffed 1",
            c.id
        )));
    }
    let started = Instant::now();
    let problem = to_problem(s);
    let placement = place::place(&problem, options);
    let seconds = started.elapsed().as_secs_f64();
    let mut sol = Solution::default();
    for (k, class) in s.fixed.iter().enumerate() {
        let id = sol.classes.push(Class {
            id: class.id.clone(),
            course: class.course,
            block: None,
            staff: None,
            room: placement.rooms[k]
                .first()
                .and_then(|g| g.first().copied().flatten())
                .map(crate::ids::RoomId::from_index),
        });
        for (slot, rooms) in placement.slots[k].iter().zip(&placement.rooms[k]) {
            sol.meetings.push(Meeting {
                class: id,
                slot: *slot,
                staff: None,
                room: rooms
                    .first()
                    .copied()
                    .flatten()
                    .map(crate::ids::RoomId::from_index),
            });
        }
        for &pupil in &class.pupils {
            sol.enrolments.push(Enrolment { pupil, class: id });
        }
    }
    sol.meetings.sort();
    sol.enrolments.sort();
    sol.summary = summary(s, &problem, &placement, seconds, &sol);
    Ok(sol)
}

fn summary(
    s: &Scenario,
    problem: &Problem,
    placement: &Placement,
    seconds: f64,
    sol: &Solution,
) -> Summary {
    let ppd = problem.periods_per_day.max(1);
    let mut gaps = 0;
    for a in &problem.attendance {
        let mut days: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &e in &a.events {
            for t in &placement.slots[e] {
                days.entry(t.index() / ppd)
                    .or_default()
                    .push(t.index() % ppd);
            }
        }
        for periods in days.values() {
            let (lo, hi) = (periods.iter().min(), periods.iter().max());
            if let (Some(lo), Some(hi)) = (lo, hi) {
                gaps += (hi - lo + 1).saturating_sub(periods.len()) as u64 * a.count;
            }
        }
    }
    let repeats = placement
        .slots
        .iter()
        .map(|slots| {
            let mut d: Vec<usize> = slots.iter().map(|t| t.index() / ppd).collect();
            let n = d.len();
            d.dedup();
            (n - d.len()) as u64
        })
        .sum();
    let mut notes: Vec<Note> = placement
        .unplaced
        .iter()
        .map(|(e, why)| Note::Unplaceable {
            why: placement.explain(problem, *e, why, &crate::place::Indices(problem)),
        })
        .collect();
    notes.push(Note::Itc2007Soft {
        total: placement.soft.total(),
        last_period: placement.soft.last_period,
        long_runs: placement.soft.long_runs,
        single_days: placement.soft.single_days,
    });
    notes.extend(placement.bound_note.clone().map(Note::Proven));
    Summary {
        scenario: s.name.clone(),
        scenario_dir: None,
        tailor_version: env!("CARGO_PKG_VERSION").to_owned(),
        stage: "solve".into(),
        pupils: s.pupils.len() as u64,
        pupils_fully_met: 0,
        main_choices: 0,
        main_choices_met: 0,
        reserves_used: 0,
        classes: sol.classes.len() as u64,
        meetings: sol.meetings.len() as u64,
        objective: None,
        bound: None,
        gap: None,
        status: if placement.unplaced.is_empty() {
            "placed".into()
        } else {
            format!("{} classes not fully placed", placement.unplaced.len())
        },
        schemes: Vec::new(),
        complete: placement.unplaced.is_empty(),
        seconds: [("place".to_owned(), seconds)].into_iter().collect(),
        soft: Some(SoftFigures {
            pupil_single_lesson_days: placement.soft.single_days,
            pupil_gaps: gaps,
            class_same_day_repeats: repeats,
            staff_gaps: 0,
            ..SoftFigures::default()
        }),
        notes,
        changes: None,
        size_spread: None,
    }
}

/// The `.sln` of a solution of an imported instance: event `e` is course `e` (in courses.csv
/// order); its class's first meeting gives the timeslot and room (rooms.csv order). Events with
/// no class or no meeting are unplaced.
pub fn sln_from_solution(s: &Scenario, sol: &Solution) -> Sln {
    let mut out: Vec<Option<(usize, usize)>> = vec![None; s.courses.len()];
    let meetings = sol.class_meetings();
    for (id, class) in sol.classes.iter_enumerated() {
        let first: Option<&Meeting> = meetings.get(id).and_then(|m| m.first());
        if let Some(Meeting {
            slot,
            room: Some(room),
            ..
        }) = first
        {
            out[class.course.index()] = Some((slot.index(), room.index()));
        }
    }
    Sln(out)
}
