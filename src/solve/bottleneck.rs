//! When the week leaves an event short: its bottleneck in the school's terms and the smallest
//! change found that would let its missing meetings in, with everything else kept where it is
//! (docs/model.md, "When the week is incomplete").
//!
//! Every slot the event may use but does not is looked at on its own: its pupils (some have
//! another event then), its teachers (one of them teaches another event then) and its rooms
//! (fewer suitable rooms free than its classes need). Slots that only the rooms block point to
//! more rooms of the type in those slots; slots that only one teacher blocks point to another
//! teacher for that teacher's class (a qualified colleague free in all the event's slots, with
//! periods to spare); fewer slots free of the pupils' other teaching than meetings missing
//! point to the pupils' week. A teacher move needs nothing new, so it is preferred, then rooms,
//! then a teacher without a colleague to take over, then the pupils.

use std::collections::BTreeMap;

use super::week::Events;
use super::Taught;
use crate::ids::*;
use crate::place::Placement;
use crate::scenario::Scenario;
use crate::solution::{Fix, Note};

/// What keeps an event out of one slot.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Obstacle {
    /// Pupils of the event in another event then.
    pupils: u64,
    /// The event's teachers (cliques) teaching another event then.
    teachers: Vec<usize>,
    /// Classes of the event that would find no free suitable room.
    rooms_short: usize,
}

/// A [`Note::Bottleneck`] for every event of `placement` that is short of meetings and whose
/// bottleneck one of the [`Fix`]es names.
pub(crate) fn notes(
    scenario: &Scenario,
    taught: &Taught,
    events: &Events,
    placement: &Placement,
) -> Vec<Note> {
    let p = &events.problem;
    let slots = scenario.week.slots();
    // What meets in each slot, and the rooms taken.
    let mut at: Vec<Vec<usize>> = vec![Vec::new(); slots];
    let mut taken: Vec<Vec<bool>> = vec![vec![false; p.rooms.len()]; slots];
    for (e, placed) in placement.slots.iter().enumerate() {
        for (m, &s) in placed.iter().enumerate() {
            at[s.index()].push(e);
            for r in placement.rooms[e][m].iter().flatten() {
                taken[s.index()][*r] = true;
            }
        }
    }
    let mut out = Vec::new();
    for &(e, _) in &placement.unplaced {
        let ev = &p.events[e];
        let placed: SlotSet = {
            let mut s = SlotSet::EMPTY;
            for &k in &placement.slots[e] {
                s.insert(k);
            }
            s
        };
        let missing = (ev.meetings as usize).saturating_sub(placed.len());
        if missing == 0 {
            continue;
        }
        let attendance: Vec<usize> = (0..p.attendance.len())
            .filter(|&a| p.attendance[a].events.binary_search(&e).is_ok())
            .collect();
        let cliques: Vec<usize> = (0..p.cliques.len())
            .filter(|&c| p.cliques[c].contains(&e))
            .collect();
        let needs = ev.groups.iter().filter(|g| g.needs_room).count();
        let mut open = Vec::new();
        let mut by_slot: Vec<(SlotId, Obstacle)> = Vec::new();
        for s in ev.allowed.difference(&placed).iter() {
            let here = &at[s.index()];
            let pupils: u64 = attendance
                .iter()
                .filter(|&&a| p.attendance[a].events.iter().any(|f| here.contains(f)))
                .map(|&a| p.attendance[a].count)
                .sum();
            let teachers: Vec<usize> = cliques
                .iter()
                .copied()
                .filter(|&c| p.cliques[c].iter().any(|f| *f != e && here.contains(f)))
                .collect();
            let mut free = vec![false; p.rooms.len()];
            for g in &ev.groups {
                for &r in &g.rooms {
                    free[r] = !taken[s.index()][r] && !p.rooms[r].unavailable.contains(s);
                }
            }
            let rooms_short = needs.saturating_sub(free.iter().filter(|&&f| f).count());
            let o = Obstacle {
                pupils,
                teachers,
                rooms_short,
            };
            if o.pupils == 0 && o.teachers.is_empty() && o.rooms_short == 0 {
                open.push(s);
            }
            by_slot.push((s, o));
        }
        let names = |slots: &[SlotId]| -> Vec<String> {
            slots.iter().map(|&s| scenario.week.slot_name(s)).collect()
        };
        let pupil_free: Vec<&(SlotId, Obstacle)> =
            by_slot.iter().filter(|(_, o)| o.pupils == 0).collect();
        let course_of = |g: usize| taught.classes[events.classes[e][g]].course;
        let course = scenario.courses[course_of(0)].name.clone();
        let need = missing.saturating_sub(open.len());
        let fix = if pupil_free.len() < missing {
            Some(Fix::Pupils {
                pupils: by_slot.iter().map(|(_, o)| o.pupils).max().unwrap_or(0),
                free: pupil_free.len(),
            })
        } else {
            let teacher = teacher_fix(
                scenario,
                taught,
                events,
                placement,
                e,
                &pupil_free,
                need,
                &at,
            );
            let rooms = (|| {
                // Slots blocked by the rooms alone, fewest rooms short first.
                let mut rooms: Vec<(usize, SlotId)> = pupil_free
                    .iter()
                    .filter(|(_, o)| o.teachers.is_empty() && o.rooms_short > 0)
                    .map(|(s, o)| (o.rooms_short, *s))
                    .collect();
                rooms.sort();
                if need == 0 || rooms.len() < need {
                    return None;
                }
                rooms.truncate(need);
                let room_type = scenario.courses[course_of(0)]
                    .room_type
                    .map_or("any", |t| scenario.room_types.name(t))
                    .to_owned();
                let mut slots: Vec<SlotId> = rooms.iter().map(|r| r.1).collect();
                slots.sort();
                Some(Fix::Rooms {
                    room_type,
                    more: rooms.iter().map(|r| r.0).max().unwrap_or(1),
                    slots: names(&slots),
                })
            })();
            match (teacher, rooms) {
                (Some(t @ Fix::Teacher { to: Some(_), .. }), _) => Some(t),
                (t, r) => r.or(t),
            }
        };
        if let Some(fix) = fix {
            out.push(Note::Bottleneck {
                event: ev.name.clone(),
                course,
                missing,
                fix,
            });
        }
    }
    out
}

/// Another teacher for one class of event `e`: the teacher who alone blocks the most of the
/// slots free of the pupils (with free rooms), when those slots and the open ones cover the
/// `need` meetings; with a qualified colleague free in all of `e`'s slots where one is.
#[allow(clippy::too_many_arguments)]
fn teacher_fix(
    scenario: &Scenario,
    taught: &Taught,
    events: &Events,
    placement: &Placement,
    e: usize,
    pupil_free: &[&(SlotId, Obstacle)],
    need: usize,
    at: &[Vec<usize>],
) -> Option<Fix> {
    if need == 0 {
        return None;
    }
    let mut alone: BTreeMap<usize, Vec<SlotId>> = BTreeMap::new();
    for (s, o) in pupil_free {
        if o.rooms_short == 0 && o.teachers.len() == 1 {
            alone.entry(o.teachers[0]).or_default().push(*s);
        }
    }
    let (clique, slots) = alone
        .into_iter()
        .filter(|(_, s)| s.len() >= need)
        .max_by_key(|(c, s)| (s.len(), std::cmp::Reverse(*c)))?;
    let slots: Vec<SlotId> = slots.into_iter().take(need).collect();
    let from = events.clique_staff[clique];
    let class = events.classes[e]
        .iter()
        .copied()
        .find(|&k| taught.classes[k].staff == Some(from))?;
    let course = taught.classes[class].course;
    let periods = scenario.courses[course].periods;
    // Every slot the class would meet in: those placed and the new ones.
    let mut mine: Vec<SlotId> = placement.slots[e].clone();
    mine.extend(&slots);
    // Each teacher's load and busy slots, from the placement.
    let mut busy: KeyedVec<StaffId, SlotSet> =
        KeyedVec::filled(scenario.staff.len(), SlotSet::EMPTY);
    let mut load: KeyedVec<StaffId, u32> = KeyedVec::filled(scenario.staff.len(), 0);
    for (s, here) in at.iter().enumerate() {
        for &f in here {
            for &k in &events.classes[f] {
                if let Some(t) = taught.classes[k].staff {
                    busy[t].insert(SlotId::from_index(s));
                }
            }
        }
    }
    for (f, placed) in placement.slots.iter().enumerate() {
        for &k in &events.classes[f] {
            if let Some(t) = taught.classes[k].staff {
                load[t] += placed.len() as u32;
            }
        }
    }
    let in_event: Vec<StaffId> = events.classes[e]
        .iter()
        .filter_map(|&k| taught.classes[k].staff)
        .collect();
    let to = scenario
        .staff
        .iter_enumerated()
        .filter(|(t, st)| {
            *t != from
                && !in_event.contains(t)
                && st.can_teach(course)
                && load[*t] + periods <= st.max_periods
                && mine
                    .iter()
                    .all(|&s| !st.unavailable.contains(s) && !busy[*t].contains(s))
        })
        .min_by_key(|(t, _)| (load[*t], *t))
        .map(|(_, st)| st.id.clone());
    let mut sorted = slots;
    sorted.sort();
    Some(Fix::Teacher {
        class: taught.classes[class].id.clone(),
        from: scenario.staff[from].id.clone(),
        to,
        slots: sorted.iter().map(|&s| scenario.week.slot_name(s)).collect(),
    })
}
