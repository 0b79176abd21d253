//! The week, warm-started from the old meetings: every event whose classes all met in the same
//! still-valid slots is held to them (and each class to its old rooms where they still suit);
//! only new, changed or invalidated events are placed. When that leaves meetings out, the
//! events left out and their neighbours (events sharing pupils or a teacher with them) are
//! freed, a ring at a time, and finally every unlocked event; the first week that places every
//! meeting wins, so moves are made only where the old week cannot hold. The same placement
//! engine ([`crate::place`]) does all of it.

use std::collections::BTreeSet;

use super::old::Old;
use crate::ids::*;
use crate::place;
use crate::scenario::Scenario;
use crate::solve::week::{self, Events, Week};
use crate::solve::{Budget, Options, Taught};

/// What each event may keep of the old week.
struct Warm {
    /// Old slots of each event, when valid.
    slots: Vec<Option<SlotSet>>,
    /// Old rooms of each event's groups, when they still suit.
    rooms: Vec<Vec<Option<Vec<usize>>>>,
}

fn warm(taught: &Taught, events: &Events, old: &Old) -> Warm {
    let mut slots = Vec::new();
    let mut rooms = Vec::new();
    for (e, ev) in events.problem.events.iter().enumerate() {
        let mut set: Option<SlotSet> = None;
        let mut ok = true;
        let mut rs = Vec::new();
        for (g, &k) in events.classes[e].iter().enumerate() {
            let class = &taught.classes[k];
            let Some(o) = old.by_id.get(&class.id).map(|&i| &old.classes[i]) else {
                rs.push(None);
                continue;
            };
            if o.course != class.course {
                rs.push(None);
                ok = false;
                continue;
            }
            let mine: SlotSet = o.meetings.iter().map(|m| m.0).collect();
            if set.is_some_and(|s| s != mine) {
                ok = false;
            }
            set = Some(mine);
            let mut r: Vec<usize> = o
                .meetings
                .iter()
                .filter_map(|m| m.2)
                .map(|r| r.index())
                .collect();
            r.sort();
            r.dedup();
            let group = &ev.groups[g];
            // A meeting whose room is gone (closed, or no longer suits) frees the class's
            // rooms: held to the others, it could not take another room in that slot.
            let lost = o.meetings.iter().any(|m| m.2.is_none());
            let fits = !lost && !r.is_empty() && r.iter().all(|x| group.rooms.contains(x));
            rs.push(fits.then_some(r));
        }
        let valid = set
            .filter(|s| ok && s.len() == ev.meetings as usize && s.intersection(&ev.allowed) == *s);
        slots.push(valid);
        rooms.push(rs);
    }
    Warm { slots, rooms }
}

/// The events that share pupils or a teacher with any of `set`.
fn neighbours(p: &place::Problem, set: &BTreeSet<usize>) -> BTreeSet<usize> {
    let mut out = set.clone();
    for a in &p.attendance {
        if a.events.iter().any(|e| set.contains(e)) {
            out.extend(a.events.iter().copied());
        }
    }
    for c in &p.cliques {
        if c.iter().any(|e| set.contains(e)) {
            out.extend(c.iter().copied());
        }
    }
    out
}

/// Puts each meeting back in the room its class had in that slot in the old week: per slot, a
/// matching of the slot's meetings to rooms (each a suitable room that seats its class and is
/// open then) that first gives every meeting its old room, then the others the room they have
/// (else any), moving old-room meetings only where no other way exists; then each class's
/// usual room is the one it meets in most.
fn restore_rooms(scenario: &Scenario, taught: &Taught, old: &Old, mut week: Week) -> Week {
    let size = taught.class_pupils();
    let want = |m: &crate::solution::Meeting| -> Option<RoomId> {
        let o = &old.classes[*old.by_id.get(&taught.classes[m.class].id)?];
        if o.course != taught.classes[m.class].course {
            return None;
        }
        let r = o.meetings.iter().find(|x| x.0 == m.slot)?.2?;
        (scenario.rooms[r].capacity as usize >= size[m.class].len()).then_some(r)
    };
    let mut by_slot: std::collections::BTreeMap<SlotId, Vec<usize>> = Default::default();
    for (i, m) in week.meetings.iter().enumerate() {
        if m.room.is_some() {
            by_slot.entry(m.slot).or_default().push(i);
        }
    }
    let rooms = scenario.rooms.len();
    for (slot, ms) in by_slot {
        let wants: Vec<Option<usize>> = ms
            .iter()
            .map(|&i| want(&week.meetings[i]).map(RoomId::index))
            .collect();
        let suitable: Vec<Vec<usize>> = ms
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let m = &week.meetings[i];
                let course = &scenario.courses[taught.classes[m.class].course];
                let n = size[m.class].len();
                let mut out: Vec<usize> = wants[k].into_iter().collect();
                out.extend(m.room.map(RoomId::index));
                out.extend(
                    scenario
                        .rooms
                        .iter_enumerated()
                        .filter(|(_, r)| {
                            r.suits(course)
                                && r.capacity as usize >= n
                                && !r.unavailable.contains(slot)
                        })
                        .map(|(r, _)| r.index()),
                );
                let mut seen = vec![false; rooms];
                out.retain(|&r| !std::mem::replace(&mut seen[r], true));
                out
            })
            .collect();
        let mut matching = crate::matching::Matching::new(vec![1; rooms]);
        let first = |k: usize| wants[k].into_iter().collect::<Vec<usize>>();
        for k in 0..ms.len() {
            if wants[k].is_some() {
                matching.insert(k, &first);
            }
        }
        let placed: BTreeSet<usize> = (0..rooms).flat_map(|r| matching.held(r).to_vec()).collect();
        let any = |k: usize| suitable[k].clone();
        let whole = (0..ms.len())
            .filter(|k| !placed.contains(k))
            .all(|k| matching.insert(k, &any));
        if !whole {
            continue;
        }
        for r in 0..rooms {
            for &k in matching.held(r) {
                week.meetings[ms[k]].room = Some(RoomId::from_index(r));
            }
        }
    }
    let mut count: KeyedVec<ClassId, std::collections::BTreeMap<RoomId, usize>> =
        KeyedVec::filled(taught.classes.len(), Default::default());
    for m in &week.meetings {
        if let Some(r) = m.room {
            *count[m.class].entry(r).or_default() += 1;
        }
    }
    for (k, c) in count.iter_enumerated() {
        week.rooms[k] = c
            .iter()
            .max_by_key(|(r, n)| (**n, std::cmp::Reverse(**r)))
            .map(|(r, _)| *r);
    }
    week
}

/// How far a week is from the old one: events that kept their slots.
pub(crate) struct Outcome {
    /// The week.
    pub week: Week,
    /// Events placed afresh (slots free).
    pub freed: usize,
    /// Events in all.
    pub events: usize,
}

/// The week of `taught`, as close to the old one as it can be. `locked` events never move.
pub(crate) fn run(
    scenario: &Scenario,
    options: &Options,
    budget: &Budget,
    taught: &Taught,
    bands: &[Vec<ClassId>],
    old: &Old,
    locked: &BTreeSet<ClassId>,
) -> Outcome {
    let events = week::events(scenario, taught, bands, false);
    // The last try, as a solve's second attempt: colleagues cover where a teacher's days off
    // leave a big band too few slots.
    let relaxed = week::events(scenario, taught, bands, true);
    let w = warm(taught, &events, old);
    let n = events.problem.events.len();
    let pinned: BTreeSet<usize> = (0..n)
        .filter(|&e| events.classes[e].iter().any(|k| locked.contains(k)))
        .collect();
    // Free at first: events with nothing valid to keep.
    let mut free: BTreeSet<usize> = (0..n).filter(|&e| w.slots[e].is_none()).collect();
    let mut keep_rooms = true;
    let mut best: Option<(Week, usize, usize)> = None;
    const TRIES: usize = 6;
    for attempt in 0..TRIES {
        let last = attempt == TRIES - 1 || budget.below(1.0);
        let base = if last { &relaxed } else { &events };
        let mut p = base.problem.clone();
        for (e, ev) in p.events.iter_mut().enumerate() {
            if let (false, Some(s)) = (free.contains(&e), w.slots[e]) {
                ev.allowed = s;
                if keep_rooms || pinned.contains(&e) {
                    for (g, r) in w.rooms[e].iter().enumerate() {
                        if let Some(r) = r {
                            ev.groups[g].rooms = r.clone();
                        }
                    }
                }
            }
        }
        // Held events barely move: a short run while most are held, the rest when all are free.
        let share = if last {
            budget.left()
        } else {
            (budget.left() / (TRIES - attempt) as f64).min(1.0 + 0.05 * free.len() as f64)
        };
        let placement = place::place(
            &p,
            &place::Options {
                time_limit_s: share.max(0.5),
                seed: options.seed.wrapping_add(attempt as u64),
                threads: options.threads,
                itc_soft: false,
            },
        );
        let shifted = Events {
            problem: p,
            classes: base.classes.clone(),
            clique_staff: base.clique_staff.clone(),
            clique_schemes: base.clique_schemes.clone(),
            attendance_pupils: base.attendance_pupils.clone(),
            split: base.split.clone(),
            unsplit: base.unsplit.clone(),
        };
        let week = week::apply(scenario, taught, &shifted, &placement);
        let mut broken = crate::solve::judge(scenario, taught, &week);
        // Back to the old room of each meeting where the engine chose another of its rooms.
        let restored = restore_rooms(scenario, taught, old, week.clone());
        let after = crate::solve::judge(scenario, taught, &restored);
        let week = if after <= broken {
            broken = after;
            restored
        } else {
            week
        };
        let done = placement.unplaced.is_empty() && week.notes.is_empty();
        options.progress.say(&format!(
            "the week, try {}: {} of {n} events free{}, {} left out, {broken} broken",
            attempt + 1,
            free.len(),
            if keep_rooms { ", rooms kept" } else { "" },
            placement.unplaced.len()
        ));
        if best.as_ref().is_none_or(|b| broken < b.1) {
            best = Some((week, broken, free.len()));
        }
        if done || last {
            break;
        }
        // Free the events left out alone (the held ones keep their rooms), then every room
        // too; then their neighbours, a ring at a time; then everything unlocked.
        let out: BTreeSet<usize> = placement.unplaced.iter().map(|u| u.0).collect();
        let left_out: BTreeSet<usize> = free.union(&out).copied().collect();
        if attempt == 1 {
            keep_rooms = false;
        }
        free = match attempt {
            0 | 1 => left_out,
            2 => neighbours(&events.problem, &left_out),
            3 => neighbours(&events.problem, &neighbours(&events.problem, &left_out)),
            _ => (0..n).collect(),
        }
        .difference(&pinned)
        .copied()
        .collect();
    }
    let (week, _, freed) = best.expect("placed at least once");
    Outcome {
        week,
        freed,
        events: n,
    }
}
