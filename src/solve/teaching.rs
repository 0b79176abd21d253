//! Decides the classes of all teaching outside the option blocks: core courses in parallel sets,
//! lectures as one large group (or a few, in parallel), tutorials for the pupils who chose them,
//! and the given classes of `fixed` courses. Each becomes an *event*: classes that meet together.

use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};

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

/// Splits `pupils` into `n` contiguous shares whose sizes differ by at most one.
fn chunks(pupils: &[PupilId], n: usize) -> Vec<&[PupilId]> {
    let n = n.max(1);
    let (q, r) = (pupils.len() / n, pupils.len() % n);
    let mut out = Vec::new();
    let mut at = 0;
    for i in 0..n {
        let len = q + usize::from(i < r);
        out.push(&pupils[at..at + len]);
        at += len;
    }
    out
}

/// The bands of core, lecture, tutorial and fixed teaching, and notes on what does not fit.
pub(crate) fn run(scenario: &Scenario) -> (Vec<Band>, Vec<String>) {
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
                    notes.push(format!(
                        "{} needs {needed} classes of at most {} for {} pupils but max_classes is {}",
                        c.name,
                        c.max_size,
                        pupils.len(),
                        c.max_classes
                    ));
                }
                // As many sets at once as the qualified teachers and the suitable rooms allow;
                // more sets make more bands, each a share of the pupils (tutor groups kept).
                let size = pupils.len().div_ceil(k) as u32;
                let teachers = if c.staffed {
                    scenario.staff.iter().filter(|s| s.can_teach(cid)).count()
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
                for (h, share) in chunks(&pupils, bands_needed).into_iter().enumerate() {
                    let sets = k * share.len() / pupils.len().max(1);
                    let sets = sets
                        .max(share.len().div_ceil(c.max_size.max(1) as usize))
                        .max(1);
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
                    notes.push(format!(
                        "{} has {} pupils but only {} groups of {} may run",
                        c.name,
                        pupils.len(),
                        c.max_classes,
                        c.max_size
                    ));
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
