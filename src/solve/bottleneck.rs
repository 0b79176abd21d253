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
/// What meets in each of the week's `slots` (events of `p`) and which rooms are taken there, in
/// `placement`.
pub(super) fn occupancy(
    p: &crate::place::Problem,
    slots: usize,
    placement: &Placement,
) -> (Vec<Vec<usize>>, Vec<Vec<bool>>) {
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
    (at, taken)
}

/// bottleneck one of the [`Fix`]es names.
pub(crate) fn notes(
    scenario: &Scenario,
    taught: &Taught,
    events: &Events,
    placement: &Placement,
) -> Vec<Note> {
    let p = &events.problem;
    let slots = scenario.week.slots();
    let (at, taken) = occupancy(p, slots, placement);
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
        // The course, or how many courses an option block holds.
        let courses: std::collections::BTreeSet<CourseId> =
            (0..ev.groups.len()).map(course_of).collect();
        let course = match courses.len() {
            1 => scenario.courses[course_of(0)].name.clone(),
            n => format!("{n} courses"),
        };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{planted_school, NO_CHOICES};
    use crate::place::Why;
    use crate::solution::{Class, Enrolment};

    /// One day of three periods; core A (Year 10) and B (Year 11) of two lab periods each, one
    /// pupil each; teachers T1 and T2 teach both; `labs` labs.
    fn school(labs: usize) -> Scenario {
        let school = "name = \"labs\"\n[week]\ndays = [\"Mon\"]\nperiods = [\"1\", \"2\", \"3\"]\n[options]\nblocks = 0\nperiods_per_block = 1\n";
        let courses = "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages\nA,Science A,core,2,1,30,1,lab,10\nB,Science B,core,2,1,30,1,lab,11\n";
        let pupils = "pupil,name,stage,tutor_group\nP1,Pupil 1,10,T\nP2,Pupil 2,11,T\n";
        let staff = "staff,name,max_periods,teaches,unavailable\nT1,One,20,A;B,\nT2,Two,20,A;B,\n";
        let mut rooms = "room,capacity,type,unavailable\n".to_owned();
        for i in 1..=labs {
            rooms += &format!("L{i},30,lab,\n");
        }
        planted_school([school, courses, pupils, NO_CHOICES, staff, &rooms])
    }

    /// A-1 and B-1 taught by the given teachers (indices), one pupil each.
    fn taught(teachers: [u32; 2]) -> Taught {
        let mut classes = KeyedVec::new();
        for (i, (id, t)) in ["A-1", "B-1"].iter().zip(teachers).enumerate() {
            classes.push(Class {
                id: (*id).to_owned(),
                course: CourseId(i as u32),
                block: None,
                staff: Some(StaffId(t)),
                room: None,
            });
        }
        Taught {
            classes,
            enrolments: vec![
                Enrolment {
                    pupil: PupilId(0),
                    class: ClassId(0),
                },
                Enrolment {
                    pupil: PupilId(1),
                    class: ClassId(1),
                },
            ],
        }
    }

    /// A meets in periods 1 and 2 in L1, B only in period 3 in L1.
    fn placement() -> Placement {
        Placement {
            slots: vec![vec![SlotId(0), SlotId(1)], vec![SlotId(2)]],
            rooms: vec![vec![vec![Some(0)], vec![Some(0)]], vec![vec![Some(0)]]],
            unplaced: vec![(1, Why::FewAllowed { allowed: 0 })],
            ..Placement::default()
        }
    }

    fn bands() -> Vec<Vec<ClassId>> {
        vec![vec![ClassId(0)], vec![ClassId(1)]]
    }

    #[test]
    fn a_full_lab_asks_for_one_more_lab_in_a_named_slot() {
        let s = school(1);
        let t = taught([0, 1]);
        let events = super::super::week::events(&s, &t, &bands(), false);
        let notes = notes(&s, &t, &events, &placement());
        assert_eq!(
            notes,
            [Note::Bottleneck {
                event: "B-1".into(),
                course: "Science B".into(),
                missing: 1,
                fix: Fix::Rooms {
                    room_type: "lab".into(),
                    more: 1,
                    slots: vec![s.week.slot_name(SlotId(0))],
                },
            }]
        );
        let words = notes[0].to_string();
        assert!(words.contains("1 more lab room free in"), "{words}");
    }

    #[test]
    fn a_busy_teacher_asks_for_a_free_colleague() {
        // Two labs: only T1, who teaches both, keeps B out of periods 1 and 2; T2 is free.
        let s = school(2);
        let t = taught([0, 0]);
        let events = super::super::week::events(&s, &t, &bands(), false);
        let notes = notes(&s, &t, &events, &placement());
        let [Note::Bottleneck { fix, missing, .. }] = notes.as_slice() else {
            panic!("{notes:?}");
        };
        assert_eq!(*missing, 1);
        let Fix::Teacher {
            class, from, to, ..
        } = fix
        else {
            panic!("{fix:?}");
        };
        assert_eq!(
            (class.as_str(), from.as_str(), to.as_deref()),
            ("B-1", "T1", Some("T2"))
        );
        assert!(notes[0].to_string().contains("moving B-1 from T1 to T2"));
    }

    #[test]
    fn pupils_with_no_free_slot_point_to_their_week() {
        // The same pupil in both: B can only go where A is.
        let s = school(2);
        let mut t = taught([0, 1]);
        t.enrolments[1].pupil = PupilId(0);
        t.enrolments.sort();
        let events = super::super::week::events(&s, &t, &bands(), false);
        let notes = notes(&s, &t, &events, &placement());
        assert!(
            matches!(
                notes.as_slice(),
                [Note::Bottleneck {
                    fix: Fix::Pupils { free: 0, pupils: 1 },
                    ..
                }]
            ),
            "{notes:?}"
        );
    }
}
