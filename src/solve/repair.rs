//! The repair: when the week leaves meetings out because a teacher is busy or away when the
//! pupils and rooms are free, the teachers staffing chose are revisited with the week in view,
//! and the week is placed again from where it was (docs/model.md, "The repair").
//!
//! Each round looks at every event left short: the slots it may use but does not in which its
//! pupils are free and enough suitable rooms are free, and which class's teacher alone keeps it
//! out of them (teaching another event then, or away). That class is given to a qualified
//! colleague free in all of the event's placed slots and in most of those slots, with the
//! periods to spare; where no colleague has them, its teacher swaps with the teacher of another
//! class they can both teach, each free where the other's class meets; failing both, a slot that
//! two or three teachers keep it out of is freed by moving each of their classes. A class whose
//! teacher `fixed.csv` gives keeps it; a class keeps one teacher for all its meetings (a block
//! class too), and the teachers of a split class's other parts are chosen again with the week. The
//! placement engine then starts from the week so far ([`crate::place::place_from`]): every
//! meeting that still keeps every rule stays, the rest and the missing ones are placed by its
//! search. A round is kept when it leaves fewer meetings out, and rounds go on while they do
//! and time is left.

use std::collections::BTreeSet;

use super::budget::Budget;
use super::week::{self, Events};
use super::{bottleneck, judge, Options, Taught};
use crate::ids::*;
use crate::place::{self, Placement};
use crate::scenario::Scenario;
use crate::solution::Note;

/// How a week's problem was built from the classes, to build it again with other teachers.
#[derive(Clone, Debug, Default)]
pub(crate) struct Mode {
    /// With cover for big bands ([`week::events`]'s `relax`).
    pub relax: bool,
    /// Events pinned to slots (the option blocks placed first), with their slots.
    pub pins: Vec<(usize, SlotSet)>,
}

/// A week with what it was placed from.
pub(crate) struct Placed {
    /// The week.
    pub week: week::Week,
    /// Its problem.
    pub events: Events,
    /// Its placement.
    pub placement: Placement,
    /// How its problem was built.
    pub mode: Mode,
    /// The checker's count of its violations.
    pub broken: usize,
}

/// A change of teachers: `class` to `to`, and where it is a swap, `with` to `class`'s teacher.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Move {
    /// The class that changes teacher.
    pub class: ClassId,
    /// Its teacher before.
    pub from: StaffId,
    /// Its new teacher.
    pub to: StaffId,
    /// The class that takes `class`'s teacher in exchange, if any.
    pub with: Option<ClassId>,
}

/// The repair's result: the classes with their teachers and the best week found.
pub(crate) struct Repaired {
    /// The classes (teachers changed by the moves kept).
    pub taught: Taught,
    /// The best week.
    pub placed: Placed,
    /// The moves kept, in order.
    pub moves: Vec<Move>,
    /// Rounds tried.
    pub rounds: usize,
}

impl Repaired {
    /// A [`Note::Restaffed`] for each class whose teacher the moves kept changed, from the
    /// teacher staffing chose to the one it has now.
    pub(crate) fn notes(&self, scenario: &Scenario) -> Vec<Note> {
        let mut first: std::collections::BTreeMap<ClassId, StaffId> = Default::default();
        for m in &self.moves {
            first.entry(m.class).or_insert(m.from);
            if let Some(j) = m.with {
                first.entry(j).or_insert(m.to);
            }
        }
        first
            .into_iter()
            .filter_map(|(k, from)| {
                let class = &self.taught.classes[k];
                let to = class.staff?;
                (to != from).then(|| Note::Restaffed {
                    class: class.id.clone(),
                    from: scenario.staff[from].id.clone(),
                    to: scenario.staff[to].id.clone(),
                })
            })
            .collect()
    }
}

/// The most rounds of a repair.
const MAX_ROUNDS: usize = 50;

/// Meetings left out by a placement.
fn left_out(events: &Events, placement: &Placement) -> u64 {
    placement
        .slots
        .iter()
        .zip(&events.problem.events)
        .map(|(s, e)| u64::from(e.meetings).saturating_sub(s.len() as u64))
        .sum()
}

/// The week's problem for `taught` built as `mode` says.
pub(crate) fn build(
    scenario: &Scenario,
    taught: &Taught,
    bands: &[Vec<ClassId>],
    mode: &Mode,
) -> Events {
    let mut events = week::events(scenario, taught, bands, mode.relax);
    for &(e, slots) in &mode.pins {
        if let Some(ev) = events.problem.events.get_mut(e) {
            ev.allowed = ev.allowed.intersection(&slots);
        }
    }
    events
}

/// Repairs `first` while rounds leave fewer meetings out and `budget` has time, each round
/// within a third of the time left; returns the classes and the best week.
pub(crate) fn run(
    scenario: &Scenario,
    options: &Options,
    budget: &Budget,
    taught: Taught,
    bands: &[Vec<ClassId>],
    first: Placed,
) -> Repaired {
    let mut out = Repaired {
        taught,
        placed: first,
        moves: Vec::new(),
        rounds: 0,
    };
    let mut tried: BTreeSet<(ClassId, StaffId)> = BTreeSet::new();
    while out.rounds < MAX_ROUNDS
        && !out.placed.placement.unplaced.is_empty()
        && !budget.below(week::MIN_ATTEMPT_S)
    {
        let moves = moves(
            scenario,
            &out.taught,
            &out.placed.events,
            &out.placed.placement,
            &out.placed.mode,
            &tried,
        );
        if moves.is_empty() {
            break;
        }
        out.rounds += 1;
        let mut next = out.taught.clone();
        for m in &moves {
            tried.insert((m.class, m.to));
            apply(&mut next, m);
        }
        let events = build(scenario, &next, bands, &out.placed.mode);
        let share = budget
            .share(1.0 / 3.0)
            .max(budget.at_most(week::MIN_ATTEMPT_S));
        let placement = place::place_from(
            &events.problem,
            &place::Options {
                time_limit_s: share.left(),
                seed: options.seed.wrapping_add(out.rounds as u64),
                threads: options.threads,
                itc_soft: false,
            },
            &out.placed.placement.slots,
        );
        let before = (
            left_out(&out.placed.events, &out.placed.placement),
            out.placed.placement.over.len(),
        );
        let after = (left_out(&events, &placement), placement.over.len());
        options.progress.say(&format!(
            "the week: repair round {}: {} teacher changes, meetings left out {} -> {}",
            out.rounds,
            moves.len(),
            before.0,
            after.0
        ));
        if after < before {
            let mut week = week::apply(scenario, &next, &events, &placement);
            week.notes
                .extend(bottleneck::notes(scenario, &next, &events, &placement));
            let broken = judge(scenario, &next, &week);
            out.placed = Placed {
                week,
                events,
                placement,
                mode: out.placed.mode.clone(),
                broken,
            };
            out.taught = next;
            out.moves.extend(moves);
        }
    }
    go_on(scenario, options, budget, &mut out);
    out
}

/// When meetings are still left out and no teacher change is left to try, the week engine
/// goes on from the best week with the time that is left (the whole budget is used); the
/// result is kept when it leaves fewer meetings out.
fn go_on(scenario: &Scenario, options: &Options, budget: &Budget, out: &mut Repaired) {
    if out.placed.placement.unplaced.is_empty() || budget.below(week::MIN_ATTEMPT_S) {
        return;
    }
    let events = &out.placed.events;
    let placement = place::place_from(
        &events.problem,
        &place::Options {
            time_limit_s: budget.left(),
            seed: options.seed.wrapping_add(MAX_ROUNDS as u64 + 1),
            threads: options.threads,
            itc_soft: false,
        },
        &out.placed.placement.slots,
    );
    let before = (
        left_out(events, &out.placed.placement),
        out.placed.placement.over.len(),
    );
    let after = (left_out(events, &placement), placement.over.len());
    options.progress.say(&format!(
        "the week: the search goes on with the time left, meetings left out {} -> {}",
        before.0, after.0
    ));
    if after < before {
        let mut week = week::apply(scenario, &out.taught, events, &placement);
        week.notes
            .extend(bottleneck::notes(scenario, &out.taught, events, &placement));
        out.placed.broken = judge(scenario, &out.taught, &week);
        out.placed.week = week;
        out.placed.placement = placement;
    }
}

/// Applies a move to the classes.
fn apply(taught: &mut Taught, m: &Move) {
    let from = taught.classes[m.class].staff;
    taught.classes[m.class].staff = Some(m.to);
    if let Some(w) = m.with {
        taught.classes[w].staff = from;
    }
}

/// What the week so far says about the teachers: who teaches when, how much, and in which
/// events.
struct Staffed {
    /// Slots each teacher teaches (placed meetings of their classes and split parts).
    busy: KeyedVec<StaffId, SlotSet>,
    /// Periods each teacher's classes and split parts have a week.
    load: KeyedVec<StaffId, u32>,
    /// The teachers of each event (its classes' and their split parts').
    in_event: Vec<BTreeSet<StaffId>>,
    /// The event of each class (`usize::MAX`: none).
    event_of: KeyedVec<ClassId, usize>,
    /// The slots of each event's placed meetings.
    placed: Vec<SlotSet>,
}

impl Staffed {
    fn new(scenario: &Scenario, taught: &Taught, events: &Events, placement: &Placement) -> Self {
        let n = scenario.staff.len();
        let mut out = Staffed {
            busy: KeyedVec::filled(n, SlotSet::EMPTY),
            load: KeyedVec::filled(n, 0),
            in_event: vec![BTreeSet::new(); events.classes.len()],
            event_of: KeyedVec::filled(taught.classes.len(), usize::MAX),
            placed: placement
                .slots
                .iter()
                .map(|slots| {
                    let mut set = SlotSet::EMPTY;
                    for &s in slots {
                        set.insert(s);
                    }
                    set
                })
                .collect(),
        };
        for c in taught.classes.iter() {
            if let Some(t) = c.staff {
                out.load[t] += scenario.periods_of(c.course, c.block);
            }
        }
        for (&k, extra) in &events.split {
            let course = &scenario.courses[taught.classes[k].course];
            for (&t, &part) in extra.iter().zip(course.split.iter().skip(1)) {
                out.load[t] += part;
            }
        }
        for (e, ids) in events.classes.iter().enumerate() {
            for &k in ids {
                out.event_of[k] = e;
                let teachers = taught.classes[k]
                    .staff
                    .into_iter()
                    .chain(events.split.get(&k).into_iter().flatten().copied());
                for t in teachers {
                    out.in_event[e].insert(t);
                    if let Some(p) = out.placed.get(e) {
                        out.busy[t] = out.busy[t].union(p);
                    }
                }
            }
        }
        out
    }

    /// Whether teacher `t` could take on `periods` more a week.
    fn spare(&self, scenario: &Scenario, t: StaffId, periods: u32) -> bool {
        let st = &scenario.staff[t];
        let cap = st
            .max_periods
            .min(scenario.week.slots() as u32 - st.unavailable.len() as u32);
        self.load[t] + periods <= cap
    }

    /// Whether teacher `t` is free in every slot of `slots` (not away, not teaching), besides
    /// the meetings of event `except` (a teacher's events never share a slot, so those are
    /// exactly the event's slots).
    fn free_in(&self, scenario: &Scenario, t: StaffId, slots: &SlotSet, except: usize) -> bool {
        let mut busy = self.busy[t];
        if let (Some(p), Some(set)) = (self.placed.get(except), self.in_event.get(except)) {
            if set.contains(&t) {
                busy = busy.difference(p);
            }
        }
        busy.union(&scenario.staff[t].unavailable)
            .intersection(slots)
            .is_empty()
    }
}

/// The moves of one round: for each event left short whose missing meetings one class's
/// teacher keeps out, a colleague for that class or a swap, each teacher and class in at most
/// one move, none in `tried`.
pub(crate) fn moves(
    scenario: &Scenario,
    taught: &Taught,
    events: &Events,
    placement: &Placement,
    mode: &Mode,
    tried: &BTreeSet<(ClassId, StaffId)>,
) -> Vec<Move> {
    let p = &events.problem;
    let slots = scenario.week.slots();
    let staffed = Staffed::new(scenario, taught, events, placement);
    let (at, taken) = super::bottleneck::occupancy(p, slots, placement);
    let kept: BTreeSet<&str> = scenario
        .fixed
        .iter()
        .filter(|f| f.staff.is_some())
        .map(|f| f.id.as_str())
        .collect();
    let movable = |k: ClassId| {
        let c = &taught.classes[k];
        c.staff.is_some() && scenario.courses[c.course].staffed && !kept.contains(c.id.as_str())
    };
    let mut touched_staff: BTreeSet<StaffId> = BTreeSet::new();
    let mut touched_class: BTreeSet<ClassId> = BTreeSet::new();
    let mut out = Vec::new();
    // The events most short first.
    let mut short: Vec<(u64, usize)> = placement
        .unplaced
        .iter()
        .map(|&(e, _)| {
            let missing =
                u64::from(p.events[e].meetings).saturating_sub(placement.slots[e].len() as u64);
            (missing, e)
        })
        .filter(|&(m, _)| m > 0)
        .collect();
    short.sort_by(|a, b| b.cmp(a));
    for (missing, e) in short {
        let ev = &p.events[e];
        let ids = &events.classes[e];
        // The slots the event may use whoever teaches it.
        let mut base = scenario.week.all();
        for &k in ids {
            let c = &taught.classes[k];
            base = base.intersection(&scenario.courses[c.course].allowed);
            if let Some(s) = c.block.and_then(|b| scenario.blocks[b].slots) {
                base = base.intersection(&s);
            }
        }
        for &(f, s) in &mode.pins {
            if f == e {
                base = base.intersection(&s);
            }
        }
        let attendance: Vec<usize> = (0..p.attendance.len())
            .filter(|&a| p.attendance[a].events.binary_search(&e).is_ok())
            .collect();
        let needs = ev.groups.iter().filter(|g| g.needs_room).count();
        let placed = staffed.placed[e];
        // Per class of the event: the slots that only its teacher keeps the event out of.
        let mut alone: Vec<SlotSet> = vec![SlotSet::EMPTY; ids.len()];
        let mut open = 0usize;
        let mut several: Vec<(SlotId, Vec<usize>)> = Vec::new();
        for s in base.difference(&placed).iter() {
            let here = &at[s.index()];
            let pupils_busy = attendance
                .iter()
                .any(|&a| p.attendance[a].events.iter().any(|f| here.contains(f)));
            if pupils_busy {
                continue;
            }
            let mut free = vec![false; p.rooms.len()];
            for g in &ev.groups {
                for &r in &g.rooms {
                    free[r] = !taken[s.index()][r] && !p.rooms[r].unavailable.contains(s);
                }
            }
            if needs > free.iter().filter(|&&f| f).count() {
                continue;
            }
            let one = {
                let mut set = SlotSet::EMPTY;
                set.insert(s);
                set
            };
            let blockers: Vec<usize> = (0..ids.len())
                .filter(|&g| {
                    let k = ids[g];
                    let teachers = taught.classes[k]
                        .staff
                        .into_iter()
                        .chain(events.split.get(&k).into_iter().flatten().copied());
                    let mut blocked = false;
                    for t in teachers {
                        blocked |= !staffed.free_in(scenario, t, &one, usize::MAX);
                    }
                    blocked
                })
                .collect();
            match blockers.as_slice() {
                [] => open += 1,
                [g] => {
                    alone[*g].insert(s);
                }
                many if many.len() <= 3 => several.push((s, many.to_vec())),
                _ => {}
            }
        }
        let need = (missing as usize).saturating_sub(open).max(1);
        several.sort_by_key(|(s, gs)| (gs.len(), *s));
        // The classes whose teacher alone blocks the most slots first.
        let mut order: Vec<usize> = (0..ids.len())
            .filter(|&g| !alone[g].is_empty() && movable(ids[g]))
            .collect();
        order.sort_by_key(|&g| (std::cmp::Reverse(alone[g].len()), g));
        // A move for class `g` that frees `targets` (at least `need` of them) for the event.
        let find = |g: usize,
                    targets: SlotSet,
                    need: usize,
                    touched_staff: &BTreeSet<StaffId>,
                    touched_class: &BTreeSet<ClassId>|
         -> Option<Move> {
            let k = ids[g];
            let class = &taught.classes[k];
            let from = class.staff?;
            if touched_staff.contains(&from) || touched_class.contains(&k) {
                return None;
            }
            let course = class.course;
            let periods = scenario.periods_of(course, class.block);
            // How many of the target slots teacher `t` is free in.
            let gain = |t: StaffId, except: usize| {
                targets
                    .iter()
                    .filter(|&s| {
                        let mut one = SlotSet::EMPTY;
                        one.insert(s);
                        staffed.free_in(scenario, t, &one, except)
                    })
                    .count()
            };
            let fits = |t: StaffId| {
                t != from
                    && !touched_staff.contains(&t)
                    && scenario.staff[t].can_teach(course)
                    && !staffed.in_event[e].contains(&t)
                    && !tried.contains(&(k, t))
            };
            // A colleague with periods to spare.
            let give = scenario
                .staff
                .keys()
                .filter(|&t| {
                    fits(t)
                        && staffed.spare(scenario, t, periods)
                        && staffed.free_in(scenario, t, &placed, usize::MAX)
                })
                .map(|t| (gain(t, usize::MAX), t))
                .filter(|&(n, _)| n >= need.min(targets.len()))
                .max_by_key(|&(n, t)| {
                    (n, std::cmp::Reverse(staffed.load[t]), std::cmp::Reverse(t))
                });
            let chosen = give.map(|(_, t)| Move {
                class: k,
                from,
                to: t,
                with: None,
            });
            // Else a swap with a class of another event that `from` can teach.
            chosen.or_else(|| {
                taught
                    .classes
                    .iter_enumerated()
                    .filter_map(|(j, other)| {
                        let t = other.staff?;
                        let f = staffed.event_of[j];
                        if j == k
                            || f == e
                            || f == usize::MAX
                            || !movable(j)
                            || touched_class.contains(&j)
                            || !fits(t)
                            || !scenario.staff[from].can_teach(other.course)
                            || staffed.in_event[f].contains(&from)
                            || events.split.contains_key(&j)
                            || tried.contains(&(j, from))
                        {
                            return None;
                        }
                        let theirs = scenario.periods_of(other.course, other.block);
                        let load_ok = |s: StaffId, minus: u32, plus: u32| {
                            staffed.load[s].saturating_sub(minus) + plus
                                <= scenario.staff[s]
                                    .max_periods
                                    .min(slots as u32 - scenario.staff[s].unavailable.len() as u32)
                        };
                        if !load_ok(t, theirs, periods) || !load_ok(from, periods, theirs) {
                            return None;
                        }
                        // `from` takes `j` where it meets, `t` takes `k` in its slots.
                        if !staffed.free_in(scenario, from, &staffed.placed[f], e)
                            || !staffed.free_in(scenario, t, &placed, f)
                        {
                            return None;
                        }
                        let n = gain(t, f);
                        (n >= need.min(targets.len())).then_some((n, other.course == course, j, t))
                    })
                    .max_by_key(|&(n, same, j, _)| (n, same, std::cmp::Reverse(j)))
                    .map(|(_, _, j, t)| Move {
                        class: k,
                        from,
                        to: t,
                        with: Some(j),
                    })
            })
        };
        let record = |m: Move, staff: &mut BTreeSet<StaffId>, cls: &mut BTreeSet<ClassId>| {
            staff.insert(m.from);
            staff.insert(m.to);
            cls.insert(m.class);
            if let Some(j) = m.with {
                cls.insert(j);
            }
            m
        };
        let mut found = false;
        for g in order {
            if let Some(m) = find(g, alone[g], need, &touched_staff, &touched_class) {
                out.push(record(m, &mut touched_staff, &mut touched_class));
                found = true;
                break;
            }
        }
        if found {
            continue;
        }
        // Else a slot that two or three teachers keep the event out of: each of their classes
        // to a colleague free then.
        for (s, gs) in &several {
            if !gs.iter().all(|&g| movable(ids[g])) {
                continue;
            }
            let mut one = SlotSet::EMPTY;
            one.insert(*s);
            let (mut staff, mut cls) = (touched_staff.clone(), touched_class.clone());
            let mut all = Vec::new();
            for &g in gs {
                match find(g, one, 1, &staff, &cls) {
                    Some(m) => all.push(record(m, &mut staff, &mut cls)),
                    None => break,
                }
            }
            if all.len() == gs.len() {
                touched_staff = staff;
                touched_class = cls;
                out.extend(all);
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{planted_school, NO_CHOICES};
    use crate::solve::teach_and_staff;

    /// One day of four periods. Year 10 takes A and C, Year 11 B and D, two periods each. C's
    /// only teacher T3 and D's only teacher T4 are away in periods 3 and 4, so C and D meet in
    /// periods 1 and 2, and A and B must both meet in 3 and 4. T1 and T2 teach A and B; T2 is
    /// away in period 1, so staffing, which keeps part-timers off where it can, gives T1 both:
    /// a week that cannot be placed, until one of them goes to T2.
    fn planted() -> Scenario {
        let school = "name = \"planted\"\n[week]\ndays = [\"Mon\"]\nperiods = [\"P1\", \"P2\", \"P3\", \"P4\"]\n[options]\nblocks = 0\nperiods_per_block = 1\n";
        let courses = "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages\nA,Course A,core,2,1,30,1,classroom,10\nB,Course B,core,2,1,30,1,classroom,11\nC,Course C,core,2,1,30,1,classroom,10\nD,Course D,core,2,1,30,1,classroom,11\n";
        let pupils = "pupil,name,stage,tutor_group\nP1,Pupil 1,10,T10\nP2,Pupil 2,11,T11\n";
        let staff = "staff,name,max_periods,teaches,unavailable\nT1,One,20,A;B,\nT2,Two,20,A;B,Mon:P1\nT3,Three,20,C,Mon:P3;Mon:P4\nT4,Four,20,D,Mon:P3;Mon:P4\n";
        let rooms = "room,capacity,type,unavailable\nR1,30,classroom,\nR2,30,classroom,\n";
        planted_school([school, courses, pupils, NO_CHOICES, staff, rooms])
    }

    fn options() -> Options {
        Options::for_tests()
    }

    /// The first staffing of `s` and the week placed from it, before any repair.
    fn first_week(s: &Scenario) -> (Taught, Placed) {
        let o = options();
        let budget = Budget::new(10.0);
        let staffing = teach_and_staff(s, &o, &budget).unwrap();
        let mut taught = Taught::default();
        let bands = super::super::push_bands(s, &mut taught, &staffing.bands, &staffing.staff);
        let placed = super::super::week(s, &o, &budget, &taught, &bands);
        (taught, placed)
    }

    fn staff(s: &Scenario, id: &str) -> StaffId {
        s.staff
            .iter_enumerated()
            .find(|(_, t)| t.id == id)
            .unwrap()
            .0
    }

    #[test]
    fn the_first_staffing_of_the_planted_school_cannot_be_placed() {
        // The premise of the next test: staffing gives T1 both A and B, and the week alone
        // leaves a meeting out.
        let s = planted();
        let (taught, placed) = first_week(&s);
        let t1 = staff(&s, "T1");
        for c in taught.classes.iter() {
            let course = &s.courses[c.course].id;
            if course == "A" || course == "B" {
                assert_eq!(c.staff, Some(t1), "{}", c.id);
            }
        }
        assert!(!placed.placement.unplaced.is_empty());
        assert!(placed.broken > 0);
        // The repair names a move for A or B to T2.
        let moves = moves(
            &s,
            &taught,
            &placed.events,
            &placed.placement,
            &placed.mode,
            &BTreeSet::new(),
        );
        let t2 = staff(&s, "T2");
        assert_eq!(moves.len(), 1, "{moves:?}");
        assert_eq!(moves[0].to, t2);
        assert_eq!(moves[0].with, None);
    }

    #[test]
    fn the_repair_completes_the_planted_school() {
        let s = planted();
        let sol = crate::solve::solve(&s, &options()).unwrap();
        assert!(sol.summary.complete, "{:?}", sol.summary.notes);
        assert_eq!(sol.meetings.len(), 8);
        let broken = crate::check::check(&s, &sol, crate::check::Mode::Full);
        assert!(broken.is_empty(), "{broken:?}");
        // A and B have different teachers now, each qualified.
        let teacher = |course: &str| {
            sol.classes
                .iter()
                .find(|c| s.courses[c.course].id == course)
                .and_then(|c| c.staff)
                .expect("staffed")
        };
        assert_ne!(teacher("A"), teacher("B"));
        assert!(sol.summary.seconds.contains_key("repair"));
        let said: Vec<String> = sol
            .summary
            .notes
            .iter()
            .filter(|n| matches!(n, Note::Restaffed { .. }))
            .map(ToString::to_string)
            .collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("is taught by T2, not T1"), "{}", said[0]);
    }

    #[test]
    fn a_teacher_fixed_csv_gives_is_kept() {
        // The same school with A and B given in fixed.csv with T1 for both: no move is
        // allowed, so the week stays incomplete and T1 keeps both.
        let s = planted();
        let (taught, placed) = first_week(&s);
        let mut kept = s.clone();
        let t1 = staff(&s, "T1");
        for c in taught.classes.iter() {
            if c.staff == Some(t1) {
                kept.fixed.push(crate::scenario::FixedClass {
                    id: c.id.clone(),
                    course: c.course,
                    pupils: Vec::new(),
                    block: None,
                    staff: Some(t1),
                });
            }
        }
        let moves = moves(
            &kept,
            &taught,
            &placed.events,
            &placed.placement,
            &placed.mode,
            &BTreeSet::new(),
        );
        assert!(moves.is_empty(), "{moves:?}");
    }
}
