//! Decides when every class meets and in which room: each option block, core band, lecture,
//! tutorial and fixed class becomes an event of the placement engine ([`crate::place`]), with
//! pupils as attendance sets and teachers as cliques; the placement becomes meetings.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::budget::Budget;
use super::Taught;
use crate::ids::*;
use crate::place::{self, Attendance, Event, Group, Problem};
use crate::scenario::Scenario;
use crate::solution::{Meeting, Note};

/// The least time worth a restart of the placement engine (a new seed, or a second attempt
/// with cover): less rarely places what the last one could not.
pub(crate) const MIN_ATTEMPT_S: f64 = 2.0;

/// The time the placement engine always has to build a week, even when the stages before it
/// used up the budget.
const MIN_PLACE_S: f64 = 1.0;

/// The classes of each event, in event order.
pub(crate) struct Events {
    /// The engine's problem.
    pub problem: Problem,
    /// Classes of each event, aligned with its groups.
    pub classes: Vec<Vec<ClassId>>,
    /// The teacher of each clique of the problem (the first cliques).
    pub clique_staff: Vec<StaffId>,
    /// The scheme of each clique after the teachers': its blocks never share a slot.
    pub clique_schemes: Vec<SchemeId>,
    /// The pupils of each attendance set of the problem (the first, and how many).
    pub attendance_pupils: Vec<PupilId>,
    /// The teachers of the other parts of each split class, in the order of its split's parts
    /// after the first (which its usual teacher takes).
    pub split: BTreeMap<ClassId, Vec<StaffId>>,
    /// Split classes for which too few teachers were free.
    pub unsplit: Vec<Note>,
}

/// Names the teachers of the other parts of every split class (its course has `split`): a
/// qualified teacher with the periods to spare who teaches no other class or part of the same
/// event (a teacher holds at most one class or part of a block: see docs/model.md), free in
/// most of the event's slots; classes with the fewest candidates first. Returns the choice and
/// the classes left short.
fn split_teachers(
    scenario: &Scenario,
    solution: &Taught,
    classes: &[Vec<ClassId>],
) -> (BTreeMap<ClassId, Vec<StaffId>>, Vec<Note>) {
    let periods = |k: ClassId| {
        let c = &solution.classes[k];
        scenario.periods_of(c.course, c.block)
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
                short.push(Note::SplitShort {
                    class: solution.classes[k].id.clone(),
                    split: crate::load::parts_text(&course.split),
                });
            }
        }
    }
    (out, short)
}

/// Shares the meetings of each split class among its teachers: whole runs (stretches of
/// consecutive periods of one day) to each part, the first part to its usual teacher.
fn share_split(
    scenario: &Scenario,
    taught: &Taught,
    split: &BTreeMap<ClassId, Vec<StaffId>>,
    meetings: &mut [Meeting],
) {
    let week = &scenario.week;
    for (&k, extra) in split {
        let course = &scenario.courses[taught.classes[k].course];
        let Some(main) = taught.classes[k].staff else {
            continue;
        };
        let shaped = !scenario
            .pattern_of(taught.classes[k].course, taught.classes[k].block)
            .is_empty();
        let mut idx: Vec<usize> = (0..meetings.len())
            .filter(|&i| meetings[i].class == k)
            .collect();
        idx.sort_by_key(|&i| meetings[i].slot);
        let mut runs: Vec<Vec<usize>> = Vec::new();
        for i in idx {
            let s = meetings[i].slot;
            match runs.last_mut() {
                Some(r)
                    if shaped
                        && r.last().is_some_and(|&j| {
                            let t = meetings[j].slot;
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
                    meetings[i].staff = Some(teachers[b]);
                }
            }
        }
    }
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

/// The week: every meeting with its slot, teacher and room, each class's usual room, and what
/// could not be placed or covered.
#[derive(Clone, Debug)]
pub(crate) struct Week {
    /// Meetings, sorted.
    pub meetings: Vec<Meeting>,
    /// The room each class meets in most.
    pub rooms: KeyedVec<ClassId, Option<RoomId>>,
    /// Meetings left out, and meetings whose teacher is away with no cover.
    pub notes: Vec<Note>,
}

/// Builds the placement problem of classes whose teachers and enrolments are set.
pub(crate) fn events(
    scenario: &Scenario,
    solution: &Taught,
    bands: &[Vec<ClassId>],
    relax: bool,
) -> Events {
    let pupils = solution.class_pupils();
    let mut classes: Vec<Vec<ClassId>> = Vec::new();
    let mut names = Vec::new();
    // Option blocks first (of every scheme, given or designed), then the other bands.
    let mut by_block: KeyedVec<BlockId, Vec<ClassId>> =
        KeyedVec::filled(scenario.blocks.len(), Vec::new());
    for (id, c) in solution.classes.iter_enumerated() {
        if let Some(b) = c.block {
            by_block[b].push(id);
        }
    }
    let mut block_events: Vec<(BlockId, usize)> = Vec::new();
    for (b, ids) in by_block.iter_enumerated() {
        if !ids.is_empty() {
            block_events.push((b, classes.len()));
            classes.push(ids.clone());
            names.push(format!("block {}", scenario.blocks[b].name));
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
            runs = scenario.pattern_of(class.course, class.block).to_vec();
            meetings = meetings.max(scenario.periods_of(class.course, class.block));
            allowed = allowed.intersection(&course.allowed);
            // A block with fixed slots meets exactly there.
            if let Some(slots) = class.block.and_then(|b| scenario.blocks[b].slots) {
                allowed = allowed.intersection(&slots);
            }
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
    let mut counts: HashMap<Vec<usize>, (u64, PupilId)> = HashMap::new();
    for (p, set) in attends.iter_enumerated() {
        if set.len() > 1 {
            counts
                .entry(set.iter().copied().collect())
                .or_insert((0, p))
                .0 += 1;
        }
    }
    let mut attendance: Vec<(Attendance, PupilId)> = counts
        .into_iter()
        .map(|(events, (count, first))| (Attendance { events, count }, first))
        .collect();
    attendance.sort_by(|a, b| a.0.events.cmp(&b.0.events));
    let (attendance, attendance_pupils): (Vec<Attendance>, Vec<PupilId>) =
        attendance.into_iter().unzip();
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
    let (mut cliques, clique_staff): (Vec<Vec<usize>>, Vec<StaffId>) = teaches
        .iter_enumerated()
        .filter(|(_, s)| s.len() > 1)
        .map(|(t, s)| (s.iter().copied().collect(), t))
        .unzip();
    // The blocks of one scheme never share a slot (a pupil may take a class in each); blocks of
    // different schemes, or of a scheme with `apart = false`, may, where no teacher, room or
    // pupil is in both.
    let mut clique_schemes = Vec::new();
    for scheme in scenario
        .schemes
        .keys()
        .filter(|&s| scenario.schemes[s].apart)
    {
        let events: Vec<usize> = block_events
            .iter()
            .filter(|(b, _)| scenario.blocks[*b].scheme == scheme)
            .map(|&(_, e)| e)
            .collect();
        if events.len() > 1 {
            cliques.push(events);
            clique_schemes.push(scheme);
        }
    }
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
    // Days apart: between the events of the classes (two classes of one event meet together,
    // so no event can keep them apart: the checker reports them).
    let mut of_course: BTreeMap<CourseId, Vec<ClassId>> = BTreeMap::new();
    if !scenario.apart.is_empty() {
        for (k, c) in solution.classes.iter_enumerated() {
            of_course.entry(c.course).or_default().push(k);
        }
    }
    let apart = scenario
        .apart_pairs(|c| of_course.get(&c).cloned().unwrap_or_default())
        .into_iter()
        .filter(|&(a, b, _)| a == b || event_of[a] != event_of[b])
        .map(|(a, b, n)| (event_of[a], event_of[b], n))
        .collect();
    // People with limits on their week: each teacher, and pupils grouped by their events.
    let limit = |name, events, l: crate::scenario::Limits, weight, away| place::Limit {
        name,
        away,
        events,
        max_days: l.max_days,
        max_daily: l.max_daily,
        max_gaps: l.max_gaps,
        min_daily: l.min_daily,
        max_run: l.max_run,
        max_gaps_daily: l.max_gaps_daily,
        max_late_starts: l.max_late_starts,
        weight,
    };
    let mut limits = Vec::new();
    for (t, set) in teaches.iter_enumerated() {
        let l = scenario.staff[t].limits;
        if !l.is_none() && !set.is_empty() {
            let name = format!("staff {}", scenario.staff[t].id);
            let away = scenario.staff[t].unavailable;
            limits.push(limit(name, set.iter().copied().collect(), l, 1, away));
        }
    }
    let mut pupil_limits: BTreeMap<(Vec<usize>, crate::scenario::Limits), (u64, PupilId)> =
        BTreeMap::new();
    for (p, set) in attends.iter_enumerated() {
        let l = scenario.pupils[p].limits;
        if !l.is_none() && !set.is_empty() {
            pupil_limits
                .entry((set.iter().copied().collect(), l))
                .or_insert((0, p))
                .0 += 1;
        }
    }
    for ((events, l), (count, first)) in pupil_limits {
        let id = &scenario.pupils[first].id;
        let name = match count {
            1 => format!("pupil {id}"),
            n => format!("pupil {id} (and {} more with the same classes)", n - 1),
        };
        limits.push(limit(name, events, l, count, SlotSet::EMPTY));
    }
    let problem = Problem {
        limits,
        closed: scenario.week.closed,
        displaced: Vec::new(),
        days: scenario.week.days.len(),
        periods_per_day: scenario.week.periods.len(),
        events,
        rooms,
        attendance,
        cliques,
        precedence: precedence.into_iter().collect(),
        apart,
        breaks: scenario.week.breaks.clone(),
    };
    Events {
        problem,
        classes,
        clique_staff,
        clique_schemes,
        attendance_pupils,
        split,
        unsplit,
    }
}

/// The problem's indices named as the school knows them: classes with their course and room
/// type, teachers, pupils, rooms.
struct WeekNames<'a> {
    scenario: &'a Scenario,
    taught: &'a Taught,
    events: &'a Events,
}

impl place::Namer for WeekNames<'_> {
    fn group(&self, e: usize, g: usize) -> String {
        let Some(&k) = self.events.classes.get(e).and_then(|c| c.get(g)) else {
            return format!("class {} of the event", g + 1);
        };
        let class = &self.taught.classes[k];
        let course = &self.scenario.courses[class.course];
        let size = self
            .taught
            .enrolments
            .iter()
            .filter(|en| en.class == k)
            .count();
        let room = course
            .room_type
            .map_or("no", |t| self.scenario.room_types.name(t));
        format!(
            "class {} of {} ({size} pupils, a {room} room)",
            class.id, course.id
        )
    }
    fn set(&self, set: place::Set) -> String {
        match set {
            place::Set::Clique(k) => match self.events.clique_staff.get(k) {
                Some(&t) => format!("teacher {}", self.scenario.staff[t].id),
                None => match self
                    .events
                    .clique_schemes
                    .get(k - self.events.clique_staff.len())
                {
                    Some(&s) => format!("the blocks of scheme {}", self.scenario.schemes[s].name),
                    None => format!("teacher {}", k + 1),
                },
            },
            place::Set::Attendance(k) => {
                let count = self.events.problem.attendance[k].count;
                match self.events.attendance_pupils.get(k) {
                    Some(&p) if count > 1 => format!(
                        "the {count} pupils with {}'s classes",
                        self.scenario.pupils[p].id
                    ),
                    Some(&p) => format!("pupil {}", self.scenario.pupils[p].id),
                    None => format!("{count} pupils"),
                }
            }
        }
    }
    fn rooms(&self, rooms: &[usize]) -> String {
        let names: Vec<&str> = rooms
            .iter()
            .map(|&r| self.scenario.rooms[RoomId::from_index(r)].id.as_str())
            .collect();
        format!("its suitable rooms ({})", names.join(", "))
    }
    fn slots(&self, slots: &SlotSet) -> Option<String> {
        let names: Vec<String> = slots
            .iter()
            .map(|s| self.scenario.week.slot_name(s))
            .collect();
        Some(names.join(", "))
    }
}

/// Places the events (weighing the ITC2007 soft cost when `itc_soft`), restarting with new seeds while meetings are left out and time remains;
/// keeps the placement that leaves the fewest meetings out.
pub(crate) fn place(
    events: &Events,
    options: &super::Options,
    budget: &Budget,
    itc_soft: bool,
) -> place::Placement {
    let left_out = |p: &place::Placement| -> u64 {
        p.slots
            .iter()
            .zip(&events.problem.events)
            .map(|(s, e)| u64::from(e.meetings) - s.len() as u64)
            .sum()
    };
    let mut best: Option<place::Placement> = None;
    for round in 0..8u64 {
        if round > 0 && budget.below(MIN_ATTEMPT_S) {
            break;
        }
        let p = place::place(
            &events.problem,
            &place::Options {
                time_limit_s: budget.left().max(MIN_PLACE_S),
                seed: options.seed.wrapping_add(round),
                threads: options.threads,
                itc_soft,
            },
        );
        let key = |p: &place::Placement| (left_out(p), p.over.len());
        if best.as_ref().is_none_or(|b| key(&p) < key(b)) {
            best = Some(p);
        }
        if best
            .as_ref()
            .is_some_and(|p| p.unplaced.is_empty() && p.over.is_empty())
        {
            break;
        }
    }
    best.expect("placed at least once")
}

/// The week of a placement: its meetings, with cover for teachers who are away and each class
/// in its usual room where it can be.
pub(crate) fn apply(
    scenario: &Scenario,
    taught: &Taught,
    events: &Events,
    placement: &place::Placement,
) -> Week {
    let mut meetings = Vec::new();
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
                meetings.push(Meeting {
                    class,
                    slot,
                    staff: taught.classes[class].staff,
                    room: room.map(|r| RoomId(r as u32)),
                });
            }
        }
    }
    meetings.sort();
    share_split(scenario, taught, &events.split, &mut meetings);
    same_rooms(scenario, taught, &mut meetings);
    let mut notes = cover(scenario, taught, &mut meetings);
    notes.extend(events.unsplit.iter().cloned());
    // The usual room of a class: the one it meets in most.
    let mut count: KeyedVec<ClassId, HashMap<RoomId, usize>> =
        KeyedVec::filled(taught.classes.len(), HashMap::new());
    for m in &meetings {
        if let Some(r) = m.room {
            *count[m.class].entry(r).or_default() += 1;
        }
    }
    let rooms = count
        .iter()
        .map(|c| {
            c.iter()
                .max_by_key(|&(&r, &n)| (n, std::cmp::Reverse(r)))
                .map(|(&r, _)| r)
        })
        .collect();
    let names = WeekNames {
        scenario,
        taught,
        events,
    };
    notes.extend(placement.unplaced.iter().map(|(e, why)| {
        let event = &events.problem.events[*e];
        Note::Unplaced {
            event: event.name.clone(),
            placed: placement.slots[*e].len(),
            meetings: event.meetings,
            why: placement.explain(&events.problem, *e, why, &names),
        }
    }));
    notes.extend(
        placement
            .left_out_bound
            .map(|periods| Note::WeekProven { periods }),
    );
    notes.extend(placement.over.iter().map(|&(l, gaps)| Note::GapsOver {
        who: events.problem.limits[l].name.clone(),
        gaps,
        max: events.problem.limits[l].max_gaps.unwrap_or(0),
    }));
    notes.extend(
        placement
            .day_over
            .iter()
            .map(|&(l, rule, limit, days)| Note::DailyOver {
                who: events.problem.limits[l].name.clone(),
                rule,
                limit,
                days,
            }),
    );
    Week {
        meetings,
        rooms,
        notes,
    }
}

/// Finds cover for every meeting whose teacher is unavailable in its slot: a qualified colleague
/// who is free then and has periods left, the least loaded first. Returns what found no cover.
fn cover(scenario: &Scenario, taught: &Taught, meetings: &mut [Meeting]) -> Vec<Note> {
    let mut busy: KeyedVec<StaffId, SlotSet> =
        KeyedVec::filled(scenario.staff.len(), SlotSet::EMPTY);
    let mut load: KeyedVec<StaffId, u32> = KeyedVec::filled(scenario.staff.len(), 0);
    for m in meetings.iter() {
        if let Some(t) = m.staff {
            busy[t].insert(m.slot);
            load[t] += 1;
        }
    }
    let mut notes = Vec::new();
    for i in 0..meetings.len() {
        let m = meetings[i];
        let Some(t) = m.staff else { continue };
        if !scenario.staff[t].unavailable.contains(m.slot) {
            continue;
        }
        let course = taught.classes[m.class].course;
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
                meetings[i].staff = Some(s);
            }
            None => notes.push(Note::NoCover {
                class: taught.classes[m.class].id.clone(),
                slot: scenario.week.slot_name(m.slot),
                staff: scenario.staff[t].id.clone(),
            }),
        }
    }
    notes
}

/// Moves meetings into their class's usual room where that room is free, suitable and big
/// enough, so a class keeps one room all week wherever the rules allow.
fn same_rooms(scenario: &Scenario, taught: &Taught, meetings: &mut [Meeting]) {
    let sizes: Vec<u32> = taught
        .class_pupils()
        .iter()
        .map(|p| p.len() as u32)
        .collect();
    for _ in 0..3 {
        let mut used: HashMap<(SlotId, RoomId), usize> = HashMap::new();
        for (i, m) in meetings.iter().enumerate() {
            if let Some(r) = m.room {
                used.insert((m.slot, r), i);
            }
        }
        let mut count: HashMap<(ClassId, RoomId), usize> = HashMap::new();
        for m in meetings.iter() {
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
        for i in 0..meetings.len() {
            let m = meetings[i];
            let (Some(current), Some(&(_, want))) = (m.room, usual.get(&m.class)) else {
                continue;
            };
            // A run keeps the room the engine gave it throughout.
            if current == want
                || !scenario
                    .pattern_of(
                        taught.classes[m.class].course,
                        taught.classes[m.class].block,
                    )
                    .is_empty()
            {
                continue;
            }
            let room = &scenario.rooms[want];
            let course = &scenario.courses[taught.classes[m.class].course];
            let fits = room.suits(course)
                && room.capacity >= sizes[m.class.index()]
                && !room.unavailable.contains(m.slot);
            match used.get(&(m.slot, want)).copied() {
                None if fits => {
                    used.remove(&(m.slot, current));
                    used.insert((m.slot, want), i);
                    meetings[i].room = Some(want);
                    moved = true;
                }
                Some(j) if fits => {
                    // Swap with the meeting in the wanted room if it may use ours.
                    let other = meetings[j];
                    let oc = &scenario.courses[taught.classes[other.class].course];
                    let ours = &scenario.rooms[current];
                    let other_usual = usual.get(&other.class).map(|u| u.1);
                    // The other meeting may be part of a run, which keeps its room too.
                    let other_runs = !scenario
                        .pattern_of(
                            taught.classes[other.class].course,
                            taught.classes[other.class].block,
                        )
                        .is_empty();
                    if other_usual != Some(want)
                        && !other_runs
                        && ours.suits(oc)
                        && ours.capacity >= sizes[other.class.index()]
                    {
                        meetings[i].room = Some(want);
                        meetings[j].room = Some(current);
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
