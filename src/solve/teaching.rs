//! Decides the classes of all teaching outside the option blocks: core courses in parallel sets,
//! lectures as one large group (or a few, in parallel), tutorials for the pupils who chose them,
//! and the given classes of `fixed` courses. Each becomes an *event*: classes that meet together.

use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};
use crate::solution::Note;

/// A class to be, with its pupils.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NewClass {
    /// External id.
    pub id: String,
    /// Course.
    pub course: CourseId,
    /// Pupils (sorted).
    pub pupils: Vec<PupilId>,
}

/// Classes that meet at the same times (the sets of a core course, the groups of a lecture), or
/// a single class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Band {
    /// Display name.
    pub name: String,
    /// Its classes.
    pub classes: Vec<NewClass>,
}

/// Splits `pupils` into `k` classes whose sizes differ by at most one.
fn deal(pupils: &[PupilId], k: usize) -> Vec<Vec<PupilId>> {
    (0..k)
        .map(|j| pupils.iter().skip(j).step_by(k).copied().collect())
        .collect()
}

/// Splits `pupils` into `bands` contiguous shares holding `sets` classes in all: each share
/// gets `sets / bands` classes or one more, and pupils in proportion, so no class of any share
/// is bigger than the largest class of an even split into `sets`.
fn shares(pupils: &[PupilId], sets: usize, bands: usize) -> Vec<(&[PupilId], usize)> {
    let bands = bands.clamp(1, sets.max(1));
    let sets = sets.max(1);
    let mut out = Vec::new();
    let (mut at, mut dealt) = (0, 0);
    for h in 0..bands {
        let mine = sets / bands + usize::from(h < sets % bands);
        dealt += mine;
        let end = pupils.len() * dealt / sets;
        out.push((&pupils[at..end], mine));
        at = end;
    }
    out
}

/// How many qualified teachers of `course` can meet together: all-week teachers first, then
/// those away least, while the slots they share are still at least half the course's slots and
/// twice its periods (a band whose teachers share little free time can hardly be placed, so such
/// a course runs in more, smaller bands).
fn together(scenario: &Scenario, course: CourseId) -> usize {
    let c = &scenario.courses[course];
    let mut qualified: Vec<&crate::scenario::Staff> = scenario
        .staff
        .iter()
        .filter(|s| s.can_teach(course) && s.max_periods >= c.periods)
        .collect();
    qualified.sort_by_key(|s| s.unavailable.len());
    let need = (2 * c.periods as usize)
        .max(c.allowed.len() / 2)
        .min(c.allowed.len());
    let mut shared = c.allowed;
    let mut count = 0;
    for s in qualified {
        let next = shared.difference(&s.unavailable);
        if next.len() >= need {
            shared = next;
            count += 1;
        }
    }
    count
}

/// The bands of core, lecture, tutorial and fixed teaching, and notes on what does not fit.
pub(crate) fn run(scenario: &Scenario) -> (Vec<Band>, Vec<Note>) {
    let mut bands = Vec::new();
    let mut notes = Vec::new();
    for (cid, c) in scenario.courses.iter_enumerated() {
        match c.kind {
            CourseKind::Option => {}
            CourseKind::Core | CourseKind::Lecture => {
                // Pupils in tutor-group order, so that a band split keeps tutor groups together.
                let mut pupils: Vec<PupilId> = scenario
                    .pupils
                    .iter_enumerated()
                    .filter(|(_, p)| c.open_to(p.stage))
                    .map(|(id, _)| id)
                    .collect();
                if pupils.is_empty() {
                    continue;
                }
                pupils.sort_by_key(|&p| (scenario.pupils[p].tutor_group, p));
                let needed = pupils.len().div_ceil(c.max_size.max(1) as usize);
                let k = needed.min(c.max_classes.max(1) as usize).max(1);
                if needed > c.max_classes as usize {
                    notes.push(Note::TooFewClasses {
                        course: c.name.clone(),
                        needed,
                        max_size: c.max_size,
                        pupils: pupils.len(),
                        max_classes: c.max_classes,
                    });
                }
                // As many sets at once as the qualified teachers and the suitable rooms allow;
                // more sets make more bands, each a share of the pupils (tutor groups kept).
                let size = pupils.len().div_ceil(k) as u32;
                let teachers = if c.staffed {
                    together(scenario, cid)
                } else {
                    usize::MAX
                };
                let rooms = if c.room_type.is_some() {
                    scenario
                        .rooms
                        .iter()
                        .filter(|r| r.suits(c) && r.capacity >= size)
                        .count()
                } else {
                    usize::MAX
                };
                let at_once = teachers.min(rooms).max(1);
                let bands_needed = k.div_ceil(at_once);
                let what = if c.kind == CourseKind::Core {
                    "sets"
                } else {
                    "lecture"
                };
                let mut number = 0;
                for (h, (share, sets)) in shares(&pupils, k, bands_needed).into_iter().enumerate() {
                    let classes = deal(share, sets)
                        .into_iter()
                        .map(|pupils| {
                            number += 1;
                            NewClass {
                                id: format!("{}-{}", c.id, number),
                                course: cid,
                                pupils,
                            }
                        })
                        .collect();
                    let name = if bands_needed > 1 {
                        format!("{} {what} band {}", c.name, h + 1)
                    } else {
                        format!("{} {what}", c.name)
                    };
                    bands.push(Band { name, classes });
                }
            }
            CourseKind::Tutorial => {
                let pupils: Vec<PupilId> = scenario
                    .pupils
                    .iter_enumerated()
                    .filter(|(_, p)| p.choice_of(cid).is_some_and(|ch| !ch.reserve))
                    .map(|(id, _)| id)
                    .collect();
                let size = c.max_size.max(1) as usize;
                let k = pupils.len().div_ceil(size);
                let allowed = (c.max_classes as usize).min(k);
                if k > allowed {
                    notes.push(Note::TutorialFull {
                        course: c.name.clone(),
                        pupils: pupils.len(),
                        max_classes: c.max_classes,
                        max_size: c.max_size,
                    });
                }
                for (j, chunk) in pupils.chunks(size).take(allowed).enumerate() {
                    let id = if size == 1 {
                        format!("{}-{}", c.id, scenario.pupils[chunk[0]].id)
                    } else {
                        format!("{}-{}", c.id, j + 1)
                    };
                    bands.push(Band {
                        name: format!("{} {}", c.name, id),
                        classes: vec![NewClass {
                            id,
                            course: cid,
                            pupils: chunk.to_vec(),
                        }],
                    });
                }
            }
            CourseKind::Fixed => {
                for f in scenario.fixed.iter().filter(|f| f.course == cid) {
                    bands.push(Band {
                        name: f.id.clone(),
                        classes: vec![NewClass {
                            id: f.id.clone(),
                            course: cid,
                            pupils: f.pupils.clone(),
                        }],
                    });
                }
            }
        }
    }
    (bands, notes)
}

/// Weekly periods each teacher must keep for `bands` if taught by the teachers `staff` chose.
pub(crate) fn load(
    scenario: &Scenario,
    bands: &[Band],
    staff: &[Vec<Option<StaffId>>],
) -> KeyedVec<StaffId, u32> {
    let mut load = KeyedVec::filled(scenario.staff.len(), 0);
    for (band, teachers) in bands.iter().zip(staff) {
        for (class, t) in band.classes.iter().zip(teachers) {
            if let Some(t) = t {
                load[*t] += scenario.courses[class.course].periods;
            }
        }
    }
    load
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_hold_exactly_the_sets_and_no_class_grows() {
        // 27 sets of at most 30 for 800 pupils, 13 at once: three bands of 9 sets.
        let pupils: Vec<PupilId> = (0..800).map(PupilId).collect();
        let out = shares(&pupils, 27, 3);
        assert_eq!(out.iter().map(|s| s.1).sum::<usize>(), 27);
        assert_eq!(out.iter().map(|s| s.0.len()).sum::<usize>(), 800);
        for (share, sets) in &out {
            assert!(*sets <= 13);
            assert!(deal(share, *sets).iter().all(|c| c.len() <= 30));
        }
        // Uneven: 10 sets in 3 bands of at most 4.
        let out = shares(&pupils[..97], 10, 3);
        assert_eq!(out.iter().map(|s| s.1).collect::<Vec<_>>(), [4, 3, 3]);
        for (share, sets) in &out {
            assert!(deal(share, *sets).iter().all(|c| c.len() <= 10));
        }
    }
}
