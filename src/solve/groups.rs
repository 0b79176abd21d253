//! Pupils with the same option choices are interchangeable: they are grouped and counted, so the
//! block model has integer counts per group instead of a binary per pupil.

use std::collections::HashMap;

use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};

/// Pupils who chose the same main and reserve option courses.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Group {
    /// Main option courses, as indices into the option-course list (sorted).
    pub main: Vec<usize>,
    /// Reserve option courses (sorted).
    pub reserves: Vec<usize>,
    /// The pupils.
    pub pupils: Vec<PupilId>,
    /// Per main course, the group's mean rank weight (`K + 1 - rank`, K the largest main rank).
    pub weight: Vec<f64>,
}

impl Group {
    /// Every course of the group: main ones, then reserves.
    pub fn courses(&self) -> impl Iterator<Item = usize> + '_ {
        self.main.iter().chain(&self.reserves).copied()
    }
    /// Number of pupils.
    pub fn size(&self) -> u32 {
        self.pupils.len() as u32
    }
}

/// The option courses anybody chose, in course order.
pub(crate) fn chosen_options(scenario: &Scenario) -> Vec<CourseId> {
    let mut chosen = vec![false; scenario.courses.len()];
    for p in scenario.pupils.iter() {
        for ch in &p.choices {
            chosen[ch.course.index()] = true;
        }
    }
    scenario
        .courses_of(CourseKind::Option)
        .filter(|c| chosen[c.index()])
        .collect()
}

/// The largest rank of a main option choice (the scale of rank weights).
pub(crate) fn max_main_rank(scenario: &Scenario) -> u32 {
    scenario
        .pupils
        .iter()
        .flat_map(|p| p.main_choices())
        .filter(|c| scenario.courses[c.course].kind == CourseKind::Option)
        .map(|c| c.rank)
        .max()
        .unwrap_or(1)
}

/// Groups the pupils with option choices by (main set, reserve set).
pub(crate) fn group_pupils(scenario: &Scenario, options: &[CourseId]) -> Vec<Group> {
    let index: HashMap<CourseId, usize> =
        options.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let k = max_main_rank(scenario);
    let mut by_key: HashMap<(Vec<usize>, Vec<usize>), usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut weight_sums: Vec<Vec<f64>> = Vec::new();
    for (pid, p) in scenario.pupils.iter_enumerated() {
        let mut main: Vec<(usize, u32)> = Vec::new();
        let mut reserves = Vec::new();
        for ch in &p.choices {
            let Some(&i) = index.get(&ch.course) else {
                continue;
            };
            if ch.reserve {
                reserves.push(i);
            } else {
                main.push((i, ch.rank));
            }
        }
        if main.is_empty() {
            continue;
        }
        main.sort();
        reserves.sort();
        let key = (main.iter().map(|m| m.0).collect::<Vec<_>>(), reserves);
        let g = *by_key.entry(key.clone()).or_insert_with(|| {
            groups.push(Group {
                main: key.0.clone(),
                reserves: key.1.clone(),
                pupils: Vec::new(),
                weight: Vec::new(),
            });
            weight_sums.push(vec![0.0; key.0.len()]);
            groups.len() - 1
        });
        groups[g].pupils.push(pid);
        for (j, (_, rank)) in main.iter().enumerate() {
            weight_sums[g][j] += f64::from(k + 1 - (*rank).min(k));
        }
    }
    for (g, sums) in groups.iter_mut().zip(weight_sums) {
        let n = g.pupils.len() as f64;
        g.weight = sums.into_iter().map(|s| s / n).collect();
    }
    groups
}
