//! Which teachers a kept option block can have where it met: a block keeps its old slots only
//! if every class it runs has a teacher free in all of them. A teacher who left, one newly
//! unavailable in the block's slots, or one now teaching a kept class outside the blocks there
//! cannot take a class of the block unless the whole block moves, and a block that moves
//! changes the week of every pupil in it. So the sectioning program is told, per block, how
//! many classes (of each course, and in all) the teachers free there can take; running more
//! costs the move of the block ([`Row`], docs/model.md "Re-solving").

use std::collections::BTreeSet;

use super::old::Old;
use super::section::Candidate;
use crate::ids::*;
use crate::scenario::Scenario;
use crate::solve::staffing::BandStaff;
use crate::solve::teaching::Band;

/// At most `teachers` of the candidate classes `classes` (all in `block`) run where the block
/// met, or the block moves, changing the week of its `pupils`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row {
    /// The block.
    pub block: BlockId,
    /// Candidates (indices) the row counts.
    pub classes: Vec<usize>,
    /// Teachers free for them in all the block's old slots.
    pub teachers: u32,
    /// Pupils in the block's old classes (those a move of the block changes).
    pub pupils: u32,
}

/// Teachers free in all of each block's old slots: here, available then, and teaching no kept
/// class outside the blocks then (as the kept bands are staffed).
pub(crate) fn free(
    s: &Scenario,
    old: &Old,
    bands: &[Band],
    band_staff: &BandStaff,
) -> KeyedVec<BlockId, Vec<bool>> {
    let mut slots: KeyedVec<BlockId, SlotSet> = KeyedVec::filled(s.blocks.len(), SlotSet::EMPTY);
    for c in &old.classes {
        if let Some(b) = c.block {
            for m in &c.meetings {
                slots[b].insert(m.0);
            }
        }
    }
    // Where each teacher teaches a kept band class (at its old slots).
    let mut busy: KeyedVec<StaffId, SlotSet> = KeyedVec::filled(s.staff.len(), SlotSet::EMPTY);
    for (band, staff) in bands.iter().zip(band_staff) {
        for (class, t) in band.classes.iter().zip(staff) {
            let (Some(t), Some(&o)) = (t, old.by_id.get(&class.id)) else {
                continue;
            };
            for m in &old.classes[o].meetings {
                busy[*t].insert(m.0);
            }
        }
    }
    slots
        .iter()
        .map(|set| {
            s.staff
                .iter_enumerated()
                .map(|(t, st)| {
                    st.unavailable.intersection(set).is_empty()
                        && busy[t].intersection(set).is_empty()
                })
                .collect()
        })
        .collect()
}

/// The rows for the sectioning program: per block, each course's classes and all its classes
/// against the teachers free there (qualified, with the periods left after the kept bands'
/// `load`). Only rows the candidates could break are returned.
pub(crate) fn rows(
    s: &Scenario,
    old: &Old,
    candidates: &[Candidate],
    free: &KeyedVec<BlockId, Vec<bool>>,
    load: &KeyedVec<StaffId, u32>,
) -> Vec<Row> {
    let mut out = Vec::new();
    for (b, _) in s.blocks.iter_enumerated() {
        let mine: Vec<usize> = (0..candidates.len())
            .filter(|&i| candidates[i].block == b && s.courses[candidates[i].course].staffed)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let pupils: BTreeSet<PupilId> = old
            .classes
            .iter()
            .filter(|c| c.block == Some(b))
            .flat_map(|c| c.pupils.iter().copied())
            .collect();
        let pupils = pupils.len() as u32;
        let able = |t: StaffId, course: CourseId| {
            let st = &s.staff[t];
            free[b][t.index()]
                && st.can_teach(course)
                && load[t] + s.periods_of(course, Some(b)) <= st.max_periods
        };
        let courses: BTreeSet<CourseId> = mine.iter().map(|&i| candidates[i].course).collect();
        let mut push = |classes: Vec<usize>, teachers: usize| {
            if classes.len() > teachers {
                out.push(Row {
                    block: b,
                    classes,
                    teachers: teachers as u32,
                    pupils,
                });
            }
        };
        for &c in &courses {
            let classes: Vec<usize> = mine
                .iter()
                .copied()
                .filter(|&i| candidates[i].course == c)
                .collect();
            let teachers = s.staff.keys().filter(|&t| able(t, c)).count();
            push(classes, teachers);
        }
        let teachers = s
            .staff
            .keys()
            .filter(|&t| courses.iter().any(|&c| able(t, c)))
            .count();
        push(mine, teachers);
    }
    out
}
