//! The old solution read against the new scenario: its classes, pupils and meetings with ids
//! matched by name. A class whose course is gone (or changed kind), or whose block no longer
//! exists, is invalidated; a teacher who is gone or may no longer teach the course, a room that
//! is gone or no longer suits, and pupils who left are dropped from what is kept.

use std::collections::HashMap;

use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};
use crate::solution::changes::Named;
use crate::solution::Note;

/// One class of the old solution that still exists in the new scenario.
#[derive(Clone, Debug)]
pub(crate) struct OldClass {
    /// Its id.
    pub id: String,
    /// Its course.
    pub course: CourseId,
    /// Its block, for a class in a block.
    pub block: Option<BlockId>,
    /// Its usual teacher, when still here and qualified.
    pub staff: Option<StaffId>,
    /// Its pupils still here (sorted).
    pub pupils: Vec<PupilId>,
    /// Its meetings whose slot still exists: slot, teacher (when still valid), room (when it
    /// still suits).
    pub meetings: Vec<(SlotId, Option<StaffId>, Option<RoomId>)>,
}

/// The old solution, as far as it holds in the new scenario.
#[derive(Clone, Debug, Default)]
pub(crate) struct Old {
    /// Classes still valid.
    pub classes: Vec<OldClass>,
    /// Index of each by id.
    pub by_id: HashMap<String, usize>,
    /// Old classes of each pupil (indices into `classes`).
    pub of_pupil: KeyedVec<PupilId, Vec<usize>>,
    /// Classes invalidated, with why.
    pub notes: Vec<Note>,
}

/// Maps the old solution `named` onto `scenario`.
pub(crate) fn map(scenario: &Scenario, named: &Named) -> Old {
    let s = scenario;
    let mut out = Old {
        of_pupil: KeyedVec::filled(s.pupils.len(), Vec::new()),
        ..Old::default()
    };
    for (id, course_name) in &named.course {
        let block_name = named.block.get(id);
        let block = block_name.and_then(|b| s.block_ids.get(b));
        let Some(course) = s.course_ids.get(course_name) else {
            out.notes.push(Note::Invalidated {
                class: id.clone(),
                reason: format!("its course {course_name} is gone"),
            });
            continue;
        };
        let c = &s.courses[course];
        if (c.kind == CourseKind::Option) != block_name.is_some() && c.kind != CourseKind::Fixed {
            out.notes.push(Note::Invalidated {
                class: id.clone(),
                reason: format!("{course_name} is now a {} course", c.kind.as_str()),
            });
            continue;
        }
        if let Some(name) = block_name {
            let allowed =
                block.is_some_and(|b| c.kind != CourseKind::Option || c.blocks.contains(&b));
            if !allowed {
                out.notes.push(Note::Invalidated {
                    class: id.clone(),
                    reason: format!("its block {name} is gone, or {course_name} may not run there"),
                });
                continue;
            }
        }
        let teacher = |name: &str| {
            s.staff_ids
                .get(name)
                .filter(|&t| s.staff[t].can_teach(course))
        };
        let staff = named.staff.get(id).and_then(|t| teacher(t));
        let meetings = named.meetings[id]
            .iter()
            .filter_map(|m| {
                let slot = s.week.parse_slot(&m.slot)?;
                let room = s
                    .room_ids
                    .get(&m.room)
                    .filter(|&r| s.rooms[r].suits(c) && !s.rooms[r].unavailable.contains(slot));
                let staff = teacher(&m.staff).filter(|&t| !s.staff[t].unavailable.contains(slot));
                Some((slot, staff, room))
            })
            .collect();
        let k = out.classes.len();
        out.by_id.insert(id.clone(), k);
        out.classes.push(OldClass {
            id: id.clone(),
            course,
            block,
            staff,
            pupils: Vec::new(),
            meetings,
        });
    }
    for (p, classes) in &named.pupils {
        let Some(pid) = s.pupil_ids.get(p) else {
            continue;
        };
        for k in classes {
            if let Some(&i) = out.by_id.get(k) {
                out.classes[i].pupils.push(pid);
                out.of_pupil[pid].push(i);
            }
        }
    }
    for c in &mut out.classes {
        c.pupils.sort();
    }
    out
}
