//! The changes a published timetable meets during a year, applied to a scenario as read
//! ([`RawScenario`]), seeded: pupils change a choice, pupils join, a full-time teacher leaves, a
//! lab closes. For the fixture tests and the measures of `tailor bench resolve`.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::scenario::{RawChoice, RawPupil, RawScenario};

/// One change of a school.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Perturbation {
    /// This percentage of the pupils with option choices swap one main option choice for an
    /// option course open to their stage that they did not choose.
    Choices(u32),
    /// This many pupils join, each with the stage, tutor group and choices of a pupil already
    /// there.
    Join(u32),
    /// A full-time teacher (no unavailable slots, the most periods) of an option course leaves,
    /// one whose every course keeps another qualified teacher.
    TeacherGone,
    /// A room of type `lab` (else of the type with the most rooms but one) is closed all week.
    LabGone,
}

impl Perturbation {
    /// The four of the issue: 5 % change a choice, 20 join, a teacher leaves, a lab closes.
    pub const ISSUE: [Perturbation; 4] = [
        Perturbation::Choices(5),
        Perturbation::Join(20),
        Perturbation::TeacherGone,
        Perturbation::LabGone,
    ];
    /// A short name.
    pub fn name(self) -> String {
        match self {
            Perturbation::Choices(p) => format!("{p}% change a choice"),
            Perturbation::Join(n) => format!("{n} pupils join"),
            Perturbation::TeacherGone => "a teacher leaves".into(),
            Perturbation::LabGone => "a lab closes".into(),
        }
    }
}

fn is_option(raw: &RawScenario, course: &str) -> bool {
    raw.courses
        .iter()
        .any(|c| c.course == course && c.kind == "option")
}

/// Applies `p` to `raw`; returns what it did, in words (`None`: nothing it could do).
pub fn perturb(raw: &mut RawScenario, p: Perturbation, seed: u64) -> Option<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    match p {
        Perturbation::Choices(percent) => {
            let mut pupils: Vec<(String, String)> = raw
                .pupils
                .iter()
                .filter(|p| {
                    raw.choices
                        .iter()
                        .any(|c| c.pupil == p.pupil && !c.reserve && is_option(raw, &c.course))
                })
                .map(|p| (p.pupil.clone(), p.stage.clone()))
                .collect();
            pupils.shuffle(&mut rng);
            let n = (pupils.len() * percent as usize).div_ceil(100);
            let mut done = Vec::new();
            for (pupil, stage) in pupils.into_iter().take(n) {
                let mine: Vec<String> = raw
                    .choices
                    .iter()
                    .filter(|c| c.pupil == pupil)
                    .map(|c| c.course.clone())
                    .collect();
                let open: Vec<String> = raw
                    .courses
                    .iter()
                    .filter(|c| {
                        c.kind == "option"
                            && c.max_classes > 0
                            && c.stages.contains(&stage)
                            && !mine.contains(&c.course)
                    })
                    .map(|c| c.course.clone())
                    .collect();
                let Some(to) = open.choose(&mut rng).cloned() else {
                    continue;
                };
                let idx: Vec<usize> = (0..raw.choices.len())
                    .filter(|&i| {
                        raw.choices[i].pupil == pupil
                            && !raw.choices[i].reserve
                            && is_option(raw, &raw.choices[i].course)
                    })
                    .collect();
                let Some(&i) = idx.choose(&mut rng) else {
                    continue;
                };
                raw.choices[i].course = to;
                done.push(pupil);
            }
            Some(format!("{} pupils changed one choice", done.len()))
        }
        Perturbation::Join(n) => {
            if raw.pupils.is_empty() {
                return None;
            }
            let line0 = raw.pupils.iter().map(|p| p.line).max().unwrap_or(1);
            let mut cline = raw.choices.iter().map(|c| c.line).max().unwrap_or(1);
            for j in 1..=n {
                let like = raw.pupils.choose(&mut rng).expect("pupils").clone();
                let id = format!("J{j:03}");
                raw.pupils.push(RawPupil {
                    line: line0 + u64::from(j),
                    pupil: id.clone(),
                    name: format!("New pupil {j}"),
                    ..like.clone()
                });
                let theirs: Vec<RawChoice> = raw
                    .choices
                    .iter()
                    .filter(|c| c.pupil == like.pupil)
                    .cloned()
                    .collect();
                for c in theirs {
                    cline += 1;
                    raw.choices.push(RawChoice {
                        line: cline,
                        pupil: id.clone(),
                        ..c
                    });
                }
            }
            Some(format!("{n} pupils joined"))
        }
        Perturbation::TeacherGone => {
            let qualified = |raw: &RawScenario, course: &str, but: &str| {
                raw.staff
                    .iter()
                    .filter(|s| s.staff != but && s.teaches.iter().any(|t| t == course))
                    .count()
            };
            let mut candidates: Vec<usize> = (0..raw.staff.len())
                .filter(|&i| {
                    let s = &raw.staff[i];
                    s.unavailable.is_empty()
                        && s.teaches.iter().any(|c| is_option(raw, c))
                        && s.teaches.iter().all(|c| qualified(raw, c, &s.staff) > 0)
                })
                .collect();
            candidates.sort_by_key(|&i| (std::cmp::Reverse(raw.staff[i].max_periods), i));
            let most = candidates.first().map(|&i| raw.staff[i].max_periods)?;
            candidates.retain(|&i| raw.staff[i].max_periods == most);
            let &i = candidates.choose(&mut rng)?;
            let gone = raw.staff.remove(i);
            Some(format!("{} left", gone.staff))
        }
        Perturbation::LabGone => {
            let mut labs: Vec<usize> = (0..raw.rooms.len())
                .filter(|&i| raw.rooms[i].room_type == "lab")
                .collect();
            if labs.is_empty() {
                return None;
            }
            labs.sort();
            let &i = labs.choose(&mut rng)?;
            let slots: Vec<String> = raw
                .school
                .week
                .days
                .iter()
                .flat_map(|d| {
                    raw.school
                        .week
                        .periods
                        .iter()
                        .map(move |p| format!("{d}:{p}"))
                })
                .collect();
            raw.rooms[i].unavailable = slots;
            Some(format!("lab {} closed", raw.rooms[i].room))
        }
    }
}
