//! The week, warm-started from the old meetings: every event whose classes all met in the same
//! still-valid slots is held to them (and each class to its old rooms where they still suit);
//! only new, changed or invalidated events are placed. When that leaves meetings out, every
//! unlocked event is freed and the placement engine ([`crate::place`]) places the week with
//! the old one as its start and, in its objective, a cost for each meeting away from its old
//! slot weighed by the pupils and teacher who see it move ([`displaced`]), so that its own
//! search moves as little as it must.

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

/// What one person seeing one of their meetings moved costs in the engine's objective, against
/// its soft cost (a pupil's day with a single lesson weighs 1, a gap 1): moving dominates.
pub(crate) const MOVE_W: u64 = 20;

/// The engine's displacement costs ([`place::Problem::displaced`]): per event and slot, for
/// each class of the event that met in the old week (same course), its pupils and its teacher
/// times [`MOVE_W`] where it did not meet in that slot. A class new to the week costs nothing
/// anywhere (its pupils' change is a class change, counted before the week).
fn displaced(taught: &Taught, events: &Events, old: &Old) -> Vec<Vec<u64>> {
    let p = &events.problem;
    let n_slots = (p.days * p.periods_per_day).min(SlotSet::CAPACITY);
    let pupils = taught.class_pupils();
    events
        .classes
        .iter()
        .map(|ks| {
            let mut row = vec![0u64; n_slots];
            for &k in ks {
                let class = &taught.classes[k];
                let Some(o) = old.by_id.get(&class.id).map(|&i| &old.classes[i]) else {
                    continue;
                };
                if o.course != class.course {
                    continue;
                }
                let met: SlotSet = o.meetings.iter().map(|m| m.0).collect();
                let people = pupils[k].len() as u64 + u64::from(class.staff.is_some());
                for (t, c) in row.iter_mut().enumerate() {
                    if !met.contains(SlotId(t as u32)) {
                        *c += people * MOVE_W;
                    }
                }
            }
            if row.iter().all(|&c| c == 0) {
                row.clear();
            }
            row
        })
        .collect()
}

/// The displacement of a placement: the sum of its meetings' costs.
fn displacement(table: &[Vec<u64>], placement: &place::Placement) -> u64 {
    placement
        .slots
        .iter()
        .zip(table)
        .map(|(slots, row)| {
            slots
                .iter()
                .map(|s| row.get(s.index()).copied().unwrap_or(0))
                .sum::<u64>()
        })
        .sum()
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
        // The others: a room nobody holds first (the biggest classes first), and only where
        // none is left one that moves a meeting from its old room.
        let mut rest: Vec<usize> = (0..ms.len()).filter(|k| !placed.contains(k)).collect();
        rest.sort_by_key(|&k| std::cmp::Reverse(size[week.meetings[ms[k]].class].len()));
        let any = |k: usize| suitable[k].clone();
        let whole = rest.into_iter().all(|k| {
            let open: Vec<usize> = suitable[k]
                .iter()
                .copied()
                .filter(|&r| matching.held(r).is_empty())
                .collect();
            matching.insert(k, &|_| open.clone()) || matching.insert(k, &any)
        });
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

/// More seeds of the free week once one is complete.
const POLISH: usize = 3;

/// The week of `taught`, as close to the old one as it can be. `locked` events never move.
///
/// First every event with valid old slots is held to them (and its rooms); the others are
/// placed. If that leaves meetings out, every unlocked event is freed, with the old week as
/// the engine's start and displacement in its objective, twice at most (another seed, the
/// rest of the time); the last try is a solve's second attempt (colleagues cover a teacher's
/// days off). A complete held week wins; a complete free week is followed by up to
/// [`POLISH`] more seeds; the least broken, then least displaced week is kept.
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
    let table = displaced(taught, &events, old);
    let relaxed_table = displaced(taught, &relaxed, old);
    // Free at first: events with nothing valid to keep.
    let mut free: BTreeSet<usize> = (0..n).filter(|&e| w.slots[e].is_none()).collect();
    let mut best: Option<(Week, (usize, u64), usize)> = None;
    // Tries until a week is complete; then more seeds of the free week, the least displaced
    // kept (each ends soon after it stops gaining).
    const TRIES: usize = 4;
    let mut polished = 0;
    for attempt in 0..TRIES + POLISH {
        let complete = best.as_ref().is_some_and(|b| b.1 .0 == 0);
        let last = (!complete && attempt >= TRIES - 1) || budget.below(1.0);
        let (base, table) = if last {
            (&relaxed, &relaxed_table)
        } else {
            (&events, &table)
        };
        let mut p = base.problem.clone();
        p.displaced = table.clone();
        for (e, ev) in p.events.iter_mut().enumerate() {
            if let (false, Some(s)) = (free.contains(&e), w.slots[e]) {
                ev.allowed = s;
                for (g, r) in w.rooms[e].iter().enumerate() {
                    if let Some(r) = r {
                        ev.groups[g].rooms = r.clone();
                    }
                }
            } else {
                // Free: its old rooms first (the matching of a slot tries rooms in order).
                for (g, r) in w.rooms[e].iter().enumerate() {
                    if let Some(r) = r {
                        let rooms = &mut ev.groups[g].rooms;
                        rooms.sort_by_key(|x| !r.contains(x));
                    }
                }
            }
        }
        // Held events barely move: a short run while most are held; the free week the rest,
        // half of it at a time.
        let share = if last {
            budget.left()
        } else if attempt == 0 {
            (budget.left() / TRIES as f64).min(1.0 + 0.05 * free.len() as f64)
        } else {
            budget.left() / (TRIES + POLISH - attempt) as f64
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
        let moved = displacement(table, &placement);
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
            "the week, try {}: {} of {n} events free, {} left out, {broken} broken, \
             displacement {moved}",
            attempt + 1,
            free.len(),
            placement.unplaced.len()
        ));
        if best.as_ref().is_none_or(|b| (broken, moved) < b.1) {
            best = Some((week, (broken, moved), free.len()));
        }
        // The held week (try 1) moves only what had to; a free week may move more than it
        // must, so another seed is tried while one gains.
        if last || (done && (attempt == 0 || moved == 0)) {
            break;
        }
        if best.as_ref().is_some_and(|b| b.1 .0 == 0) {
            polished += 1;
            if polished > POLISH {
                break;
            }
        }
        free = (0..n).filter(|e| !pinned.contains(e)).collect();
    }
    let (week, _, freed) = best.expect("placed at least once");
    Outcome {
        week,
        freed,
        events: n,
    }
}
