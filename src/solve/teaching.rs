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

/// The bands of core, lecture, tutorial and fixed teaching, and notes on what does not fit.
pub(crate) fn run(scenario: &Scenario) -> (Vec<Band>, Vec<String>) {
    let mut bands = Vec::new();
    let mut notes = Vec::new();
    for (cid, c) in scenario.courses.iter_enumerated() {
        match c.kind {
            CourseKind::Option => {}
            CourseKind::Core | CourseKind::Lecture => {
                let pupils: Vec<PupilId> = scenario
                    .pupils
                    .iter_enumerated()
                    .filter(|(_, p)| c.open_to(p.stage))
                    .map(|(id, _)| id)
                    .collect();
                if pupils.is_empty() {
                    continue;
                }
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
                let classes = deal(&pupils, k)
                    .into_iter()
                    .enumerate()
                    .map(|(j, pupils)| NewClass {
                        id: format!("{}-{}", c.id, j + 1),
                        course: cid,
                        pupils,
                    })
                    .collect();
                let what = if c.kind == CourseKind::Core {
                    "sets"
                } else {
                    "lecture"
                };
                bands.push(Band {
                    name: format!("{} {what}", c.name),
                    classes,
                });
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
