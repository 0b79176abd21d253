//! Decides when every class meets and in which room: each option block, core band, lecture,
//! tutorial and fixed class becomes an event of the placement engine ([`crate::place`]), with
//! pupils as attendance sets and teachers as cliques; the placement becomes meetings.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ids::*;
use crate::place::{self, Attendance, Event, Group, Problem};
use crate::scenario::Scenario;
use crate::solution::{Meeting, Solution};

/// The classes of each event, in event order.
pub(crate) struct Events {
    /// The engine's problem.
    pub problem: Problem,
    /// Classes of each event, aligned with its groups.
    pub classes: Vec<Vec<ClassId>>,
    /// The teachers of the other parts of each split class, in the order of its split's parts
    /// after the first (which its usual teacher takes).
    pub split: BTreeMap<ClassId, Vec<StaffId>>,
    /// Split classes for which too few teachers were free.
    pub unsplit: Vec<String>,
}

/// Names the teachers of the other parts of every split class (its course has `split`): a
/// qualified teacher with the periods to spare who teaches no other class or part of the same
/// event (a teacher holds at most one class or part of a block: see docs/model.md), free in
/// most of the event's slots; classes with the fewest candidates first. Returns the choice and
/// the classes left short.
fn split_teachers(
    scenario: &Scenario,
    solution: &Solution,
    classes: &[Vec<ClassId>],
) -> (BTreeMap<ClassId, Vec<StaffId>>, Vec<String>) {
    let periods = |k: ClassId| {
        let c = &solution.classes[k];
        if c.block.is_some() {
            scenario.options.periods_per_block
        } else {
            scenario.courses[c.course].periods
        }
    };
    let mut load: KeyedVec<StaffId, u32> = KeyedVec::filled(scenario.staff.len(), 0);
    for (k, c) in solution.classes.iter_enumerated() {
        if let Some(t) = c.staff {
            load[t] += periods(k);
        }
    }
    let mut out = BTreeMap::new();
    let mut short = Vec::new();
    for ids in classes {
        let mut busy: BTreeSet<StaffId> = ids
            .iter()
            .filter_map(|&k| solution.classes[k].staff)
            .collect();
        let mut todo: Vec<ClassId> = ids
            .iter()
            .copied()
            .filter(|&k| {
                !scenario.courses[solution.classes[k].course]
                    .split
                    .is_empty()
            })
            .collect();
        let candidates = |k: ClassId, busy: &BTreeSet<StaffId>, load: &KeyedVec<StaffId, u32>| {
            let course = solution.classes[k].course;
            scenario
                .staff
                .iter_enumerated()
                .filter(|(t, st)| {
                    st.can_teach(course) && !busy.contains(t) && load[*t] < st.max_periods
                })
                .map(|(t, _)| t)
                .collect::<Vec<_>>()
        };
        todo.sort_by_key(|&k| (candidates(k, &busy, &load).len(), k));
        for k in todo {
            let course = &scenario.courses[solution.classes[k].course];
            let mut mine = Vec::new();
            for &part in &course.split[1..] {
                let pick = candidates(k, &busy, &load)
                    .into_iter()
                    .filter(|&t| load[t] + part <= scenario.staff[t].max_periods)
                    .min_by_key(|&t| (scenario.staff[t].unavailable.len(), load[t], t));
                match pick {
                    Some(t) => {
                        busy.insert(t);
                        load[t] += part;
                        mine.push(t);
                    }
                    None => break,
                }
            }
            if mine.len() + 1 == course.split.len() && solution.classes[k].staff.is_some() {
                out.insert(k, mine);
            } else {
                short.push(format!(
                    "{}: split {} needs {} teachers, but too few qualified teachers are free",
                    solution.classes[k].id,
                    crate::load::parts_text(&course.split),
                    course.split.len()
                ));
            }
        }
    }
    (out, short)
}

/// Shares the meetings of each split class among its teachers: whole runs (stretches of
/// consecutive periods of one day) to each part, the first part to its usual teacher.
fn share_split(
    scenario: &Scenario,
    solution: &mut Solution,
    split: &BTreeMap<ClassId, Vec<StaffId>>,
) {
    let week = &scenario.week;
    for (&k, extra) in split {
        let course = &scenario.courses[solution.classes[k].course];
        let Some(main) = solution.classes[k].staff else {
            continue;
        };
        let mut idx: Vec<usize> = (0..solution.meetings.len())
            .filter(|&i| solution.meetings[i].class == k)
            .collect();
        idx.sort_by_key(|&i| solution.meetings[i].slot);
        let mut runs: Vec<Vec<usize>> = Vec::new();
        for i in idx {
            let s = solution.meetings[i].slot;
            match runs.last_mut() {
                Some(r)
                    if !scenario.pattern_of(course_id(solution, k)).is_empty()
                        && r.last().is_some_and(|&j| {
                            let t = solution.meetings[j].slot;
                            week.day_of(t) == week.day_of(s)
                                && week.period_of(t) + 1 == week.period_of(s)
                        }) =>
                {
                    r.push(i)
                }
                _ => runs.push(vec![i]),
            }
        }
        runs.sort_by_key(|r| std::cmp::Reverse(r.len()));
        let teachers: Vec<StaffId> = std::iter::once(main).chain(extra.iter().copied()).collect();
        let mut bins: Vec<u32> = course.split.clone();
        let mut owner = vec![0usize; runs.len()];
        if fill_bins(&runs, 0, &mut bins, &mut owner) {
            for (r, &b) in runs.iter().zip(&owner) {
                for &i in r {
                    solution.meetings[i].staff = Some(teachers[b]);
                }
            }
        }
    }
}

fn course_id(solution: &Solution, k: ClassId) -> CourseId {
    solution.classes[k].course
}

/// Puts runs `at..` into bins of the given sizes exactly (each run whole in one bin).
fn fill_bins(runs: &[Vec<usize>], at: usize, bins: &mut [u32], owner: &mut [usize]) -> bool {
    let Some(run) = runs.get(at) else {
        return bins.iter().all(|&b| b == 0);
    };
    let len = run.len() as u32;
    for b in 0..bins.len() {
        if bins[b] >= len {
            bins[b] -= len;
            owner[at] = b;
            let ok = fill_bins(runs, at + 1, bins, owner);
            bins[b] += len;
            if ok {
                return true;
            }
        }
    }
    false
}

/// Builds the placement problem of a solution whose classes, teachers and enrolments are set.
pub(crate) fn events(
    scenario: &Scenario,
    solution: &Solution,
    bands: &[Vec<ClassId>],
    relax: bool,
) -> Events {
    let pupils = solution.class_pupils();
    let mut classes: Vec<Vec<ClassId>> = Vec::new();
    let mut names = Vec::new();
    // Option blocks first, then the other bands.
    let blocks = scenario.options.blocks as usize;
    let mut by_block: Vec<Vec<ClassId>> = vec![Vec::new(); blocks];
    for (id, c) in solution.classes.iter_enumerated() {
        if let Some(b) = c.block {
            by_block[b as usize].push(id);
        }
    }
    for (b, ids) in by_block.into_iter().enumerate() {
        if !ids.is_empty() {
            classes.push(ids);
            names.push(format!("block {}", b + 1));
        }
    }
    for band in bands {
        if let Some(&first) = band.first() {
            classes.push(band.clone());
            names.push(solution.classes[first].id.clone());
        }
    }
    let (split, unsplit) = split_teachers(scenario, solution, &classes);
    let rooms: Vec<place::Room> = scenario
        .rooms
        .iter()
        .map(|r| place::Room {
            unavailable: r.unavailable,
        })
        .collect();
    let mut events = Vec::new();
    for (ids, name) in classes.iter().zip(names) {
        let mut allowed = scenario.week.all();
        let mut staffed = scenario.week.all();
        let mut groups = Vec::new();
        let mut weight = 0u64;
        let mut meetings = 0;
        let mut runs = Vec::new();
        for &k in ids {
            let class = &solution.classes[k];
            let course = &scenario.courses[class.course];
            runs = scenario.pattern_of(class.course).to_vec();
            meetings = meetings.max(if class.block.is_some() {
                scenario.options.periods_per_block
            } else {
                course.periods
            });
            allowed = allowed.intersection(&course.allowed);
            if let Some(t) = class.staff {
                staffed = staffed.difference(&scenario.staff[t].unavailable);
            }
            for &t in split.get(&k).into_iter().flatten() {
                staffed = staffed.difference(&scenario.staff[t].unavailable);
            }
            let size = pupils[k].len() as u32;
            weight += u64::from(size);
            let suitable: Vec<usize> = scenario
                .rooms
                .iter_enumerated()
                .filter(|(_, r)| r.suits(course) && r.capacity >= size)
                .map(|(r, _)| r.index())
                .collect();
            groups.push(Group {
                rooms: suitable,
                needs_room: course.room_type.is_some(),
            });
        }
        // Every teacher of the event free at once; when relaxing, a big band whose teachers'
        // days off leave it too few slots ignores them and a free colleague covers (`cover`).
        let with_staff = allowed.intersection(&staffed);
        // (A run keeps one teacher, so an event with runs never relies on cover.)
        if !relax || ids.len() == 1 || !runs.is_empty() || with_staff.len() as u32 >= meetings + 2 {
            allowed = with_staff;
        }
        events.push(Event {
            name,
            meetings,
            allowed,
            groups,
            weight,
            spread: meetings > 1,
            runs,
        });
    }
    let mut event_of: KeyedVec<ClassId, usize> =
        KeyedVec::filled(solution.classes.len(), usize::MAX);
    for (e, ids) in classes.iter().enumerate() {
        for &k in ids {
            event_of[k] = e;
        }
    }
    // Pupils: the set of events each attends, counted.
    let mut attends: KeyedVec<PupilId, BTreeSet<usize>> =
        KeyedVec::filled(scenario.pupils.len(), BTreeSet::new());
    for en in &solution.enrolments {
        if event_of[en.class] != usize::MAX {
            attends[en.pupil].insert(event_of[en.class]);
        }
    }
    let mut counts: HashMap<Vec<usize>, u64> = HashMap::new();
    for set in attends.iter() {
        if set.len() > 1 {
            *counts.entry(set.iter().copied().collect()).or_default() += 1;
        }
    }
    let mut attendance: Vec<Attendance> = counts
        .into_iter()
        .map(|(events, count)| Attendance { events, count })
        .collect();
    attendance.sort_by(|a, b| a.events.cmp(&b.events));
    // Teachers: the events each teaches.
    let mut teaches: KeyedVec<StaffId, BTreeSet<usize>> =
        KeyedVec::filled(scenario.staff.len(), BTreeSet::new());
    for (k, c) in solution.classes.iter_enumerated() {
        if let (Some(t), e) = (c.staff, event_of[k]) {
            if e != usize::MAX {
                teaches[t].insert(e);
            }
        }
        // The teachers of a split class's other parts are kept free for all its meetings.
        for &t in split.get(&k).into_iter().flatten() {
            if event_of[k] != usize::MAX {
                teaches[t].insert(event_of[k]);
            }
        }
    }
    let cliques: Vec<Vec<usize>> = teaches
        .iter()
        .filter(|s| s.len() > 1)
        .map(|s| s.iter().copied().collect())
        .collect();
    // Ordering between courses.
    let mut precedence = BTreeSet::new();
    for (k, c) in solution.classes.iter_enumerated() {
        for &before in &scenario.courses[c.course].after {
            for (j, d) in solution.classes.iter_enumerated() {
                if d.course == before && event_of[j] != event_of[k] {
                    precedence.insert((event_of[j], event_of[k]));
                }
            }
        }
    }
    let problem = Problem {
        days: scenario.week.days.len(),
        periods_per_day: scenario.week.periods.len(),
        events,
        rooms,
        attendance,
        cliques,
        precedence: precedence.into_iter().collect(),
        breaks: scenario.week.breaks.clone(),
    };
    Events {
        problem,
        classes,
        split,
        unsplit,
    }
}

/// Places the events (weighing the ITC2007 soft cost when `itc_soft`), restarting with new seeds while meetings are left out and time remains;
/// keeps the placement that leaves the fewest meetings out.
pub(crate) fn place(
    events: &Events,
    options: &super::Options,
    seconds: f64,
    itc_soft: bool,
) -> place::Placement {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(seconds.max(1.0));
    let left_out = |p: &place::Placement| -> u64 {
        p.slots
            .iter()
            .zip(&events.problem.events)
            .map(|(s, e)| u64::from(e.meetings) - s.len() as u64)
            .sum()
    };
    let mut best: Option<place::Placement> = None;
    for round in 0..8u64 {
        let remaining = deadline
            .saturating_duration_since(std::time::Instant::now())
            .as_secs_f64();
        if round > 0 && remaining < 2.0 {
            break;
        }
        let p = place::place(
            &events.problem,
            &place::Options {
                time_limit_s: remaining.max(1.0),
                seed: options.seed.wrapping_add(round),
                threads: options.threads,
                itc_soft,
            },
        );
        if best.as_ref().is_none_or(|b| left_out(&p) < left_out(b)) {
            best = Some(p);
        }
        if best.as_ref().is_some_and(|p| p.unplaced.is_empty()) {
            break;
        }
    }
    best.expect("placed at least once")
}

/// Writes a placement into the solution as meetings; returns what could not be placed.
pub(crate) fn apply(
    scenario: &Scenario,
    solution: &mut Solution,
    events: &Events,
    placement: &place::Placement,
) -> Vec<String> {
    for (e, slots) in placement.slots.iter().enumerate() {
        for (m, &slot) in slots.iter().enumerate() {
            for (g, &class) in events.classes[e].iter().enumerate() {
                let room = placement
                    .rooms
                    .get(e)
                    .and_then(|r| r.get(m))
                    .and_then(|r| r.get(g))
                    .copied()
                    .flatten();
                solution.meetings.push(Meeting {
                    class,
                    slot,
                    staff: solution.classes[class].staff,
                    room: room.map(|r| RoomId(r as u32)),
                });
            }
        }
    }
    solution.meetings.sort();
    share_split(scenario, solution, &events.split);
    same_rooms(scenario, solution);
    let mut notes = cover(scenario, solution);
    notes.extend(events.unsplit.iter().cloned());
    // The usual room of a class: the one it meets in most.
    let by_class = solution.class_meetings();
    for (k, ms) in by_class.iter_enumerated() {
        let mut count: HashMap<RoomId, usize> = HashMap::new();
        for m in ms {
            if let Some(r) = m.room {
                *count.entry(r).or_default() += 1;
            }
        }
        solution.classes[k].room = count
            .into_iter()
            .max_by_key(|&(r, n)| (n, std::cmp::Reverse(r)))
            .map(|(r, _)| r);
    }
    notes.extend(placement.unplaced.iter().map(|(e, why)| {
        let event = &events.problem.events[*e];
        format!(
            "{}: {} of {} meetings placed: {why}",
            event.name,
            placement.slots[*e].len(),
            event.meetings
        )
    }));
    notes
}

/// Finds cover for every meeting whose teacher is unavailable in its slot: a qualified colleague
/// who is free then and has periods left, the least loaded first. Returns what found no cover.
fn cover(scenario: &Scenario, solution: &mut Solution) -> Vec<String> {
    let mut busy: KeyedVec<StaffId, SlotSet> =
        KeyedVec::filled(scenario.staff.len(), SlotSet::EMPTY);
    let mut load: KeyedVec<StaffId, u32> = KeyedVec::filled(scenario.staff.len(), 0);
    for m in &solution.meetings {
        if let Some(t) = m.staff {
            busy[t].insert(m.slot);
            load[t] += 1;
        }
    }
    let mut notes = Vec::new();
    for i in 0..solution.meetings.len() {
        let m = solution.meetings[i];
        let Some(t) = m.staff else { continue };
        if !scenario.staff[t].unavailable.contains(m.slot) {
            continue;
        }
        let course = solution.classes[m.class].course;
        let sub = scenario
            .staff
            .iter_enumerated()
            .filter(|(s, st)| {
                *s != t
                    && st.can_teach(course)
                    && !st.unavailable.contains(m.slot)
                    && !busy[*s].contains(m.slot)
                    && load[*s] < st.max_periods
            })
            .min_by_key(|(s, st)| (load[*s] * 1000 / st.max_periods.max(1), *s))
            .map(|(s, _)| s);
        match sub {
            Some(s) => {
                busy[t].remove(m.slot);
                load[t] -= 1;
                busy[s].insert(m.slot);
                load[s] += 1;
                solution.meetings[i].staff = Some(s);
            }
            None => notes.push(format!(
                "no cover: {} at {}: {} is unavailable and no qualified colleague is free",
                solution.classes[m.class].id,
                scenario.week.slot_name(m.slot),
                scenario.staff[t].id
            )),
        }
    }
    notes
}

/// Moves meetings into their class's usual room where that room is free, suitable and big
/// enough, so a class keeps one room all week wherever the rules allow.
fn same_rooms(scenario: &Scenario, solution: &mut Solution) {
    let sizes: Vec<u32> = solution
        .class_pupils()
        .iter()
        .map(|p| p.len() as u32)
        .collect();
    for _ in 0..3 {
        let mut used: HashMap<(SlotId, RoomId), usize> = HashMap::new();
        for (i, m) in solution.meetings.iter().enumerate() {
            if let Some(r) = m.room {
                used.insert((m.slot, r), i);
            }
        }
        let mut count: HashMap<(ClassId, RoomId), usize> = HashMap::new();
        for m in &solution.meetings {
            if let Some(r) = m.room {
                *count.entry((m.class, r)).or_default() += 1;
            }
        }
        let mut usual: HashMap<ClassId, (usize, RoomId)> = HashMap::new();
        for (&(c, r), &n) in &count {
            let e = usual.entry(c).or_insert((n, r));
            if (n, std::cmp::Reverse(r)) > (e.0, std::cmp::Reverse(e.1)) {
                *e = (n, r);
            }
        }
        let mut moved = false;
        for i in 0..solution.meetings.len() {
            let m = solution.meetings[i];
            let (Some(current), Some(&(_, want))) = (m.room, usual.get(&m.class)) else {
                continue;
            };
            // A run keeps the room the engine gave it throughout.
            if current == want
                || !scenario
                    .pattern_of(solution.classes[m.class].course)
                    .is_empty()
            {
                continue;
            }
            let room = &scenario.rooms[want];
            let course = &scenario.courses[solution.classes[m.class].course];
            let fits = room.suits(course)
                && room.capacity >= sizes[m.class.index()]
                && !room.unavailable.contains(m.slot);
            match used.get(&(m.slot, want)).copied() {
                None if fits => {
                    used.remove(&(m.slot, current));
                    used.insert((m.slot, want), i);
                    solution.meetings[i].room = Some(want);
                    moved = true;
                }
                Some(j) if fits => {
                    // Swap with the meeting in the wanted room if it may use ours.
                    let other = solution.meetings[j];
                    let oc = &scenario.courses[solution.classes[other.class].course];
                    let ours = &scenario.rooms[current];
                    let other_usual = usual.get(&other.class).map(|u| u.1);
                    if other_usual != Some(want)
                        && ours.suits(oc)
                        && ours.capacity >= sizes[other.class.index()]
                    {
                        solution.meetings[i].room = Some(want);
                        solution.meetings[j].room = Some(current);
                        used.insert((m.slot, want), i);
                        used.insert((m.slot, current), j);
                        moved = true;
                    }
                }
                _ => {}
            }
        }
        if !moved {
            break;
        }
    }
}
