//! Decides a complete, feasible start for the block model from a class layout, fast and without
//! a solver: pupils are filled in greedily (each group's main courses matched to blocks with
//! room left), classes below their minimum are closed and the fill repeated, and teacher types
//! are matched to the classes of each block by augmenting paths.

use super::blocks::{Design, Input};
use crate::matching::Matching;

/// A match of `courses` (by position) to distinct blocks with capacity left, trying blocks with
/// the most room first; returns the block of each course, or `None` where none is free.
fn match_courses(
    courses: &[usize],
    left: &[Vec<i64>],
    nb: usize,
    need_all: bool,
) -> Vec<Option<usize>> {
    fn go(
        i: usize,
        courses: &[usize],
        left: &[Vec<i64>],
        order: &[Vec<usize>],
        used: u64,
        pick: &mut Vec<Option<usize>>,
    ) -> bool {
        if i == courses.len() {
            return true;
        }
        for &b in &order[i] {
            if used >> b & 1 == 0 && left[courses[i]][b] > 0 {
                pick[i] = Some(b);
                if go(i + 1, courses, left, order, used | 1 << b, pick) {
                    return true;
                }
            }
        }
        pick[i] = None;
        false
    }
    let order: Vec<Vec<usize>> = courses
        .iter()
        .map(|&c| {
            let mut bs: Vec<usize> = (0..nb).filter(|&b| left[c][b] > 0).collect();
            bs.sort_by_key(|&b| (std::cmp::Reverse(left[c][b]), b));
            bs
        })
        .collect();
    let mut pick = vec![None; courses.len()];
    if go(0, courses, left, &order, 0, &mut pick) {
        return pick;
    }
    if need_all {
        return vec![None; courses.len()];
    }
    // Greedy partial match, in the given order (main courses by priority first).
    let mut used = 0u64;
    let mut pick = vec![None; courses.len()];
    for (i, bs) in order.iter().enumerate() {
        if let Some(&b) = bs.iter().find(|&&b| used >> b & 1 == 0) {
            pick[i] = Some(b);
            used |= 1 << b;
        }
    }
    pick
}

/// Fills pupils into a fixed layout; `None` when a class cannot be staffed.
fn fill_once(input: &Input, classes: &[Vec<u32>]) -> Design {
    let nb = input.blocks;
    let mut left: Vec<Vec<i64>> = classes
        .iter()
        .zip(&input.courses)
        .map(|(row, c)| {
            row.iter()
                .map(|&k| i64::from(k) * i64::from(c.max))
                .collect()
        })
        .collect();
    let ng = input.groups.len();
    let mut design = Design {
        classes: classes.to_vec(),
        full: vec![0; ng],
        sat: input
            .groups
            .iter()
            .map(|g| vec![vec![0; nb]; g.main.len()])
            .collect(),
        rest: input
            .groups
            .iter()
            .map(|g| vec![vec![0; nb]; g.main.len() + g.reserves.len()])
            .collect(),
        teach: Vec::new(),
    };
    // The least flexible groups first: fewest blocks offering their scarcest course.
    let mut order: Vec<usize> = (0..ng).collect();
    let offered = |c: usize| classes[c].iter().filter(|&&k| k > 0).count();
    order.sort_by_key(|&g| {
        (
            input.groups[g]
                .main
                .iter()
                .map(|&c| offered(c))
                .min()
                .unwrap_or(0),
            g,
        )
    });
    for g in order {
        let grp = &input.groups[g];
        for _ in 0..grp.size() {
            let pick = match_courses(&grp.main, &left, nb, true);
            if pick.iter().all(Option::is_some) {
                for (i, b) in pick.into_iter().enumerate() {
                    let b = b.expect("all matched");
                    design.sat[g][i][b] += 1;
                    left[grp.main[i]][b] -= 1;
                }
                design.full[g] += 1;
                continue;
            }
            // Not all: as many main courses as possible, then reserves in free blocks.
            let all: Vec<usize> = grp.courses().collect();
            let pick = match_courses(&all, &left, nb, false);
            let mut taken = 0;
            for (i, b) in pick.into_iter().enumerate() {
                if let Some(b) = b {
                    if taken < grp.main.len() {
                        design.rest[g][i][b] += 1;
                        left[all[i]][b] -= 1;
                        taken += 1;
                    }
                }
            }
        }
    }
    design
}

/// Teacher types for the classes of each block (a b-matching by augmenting paths); `Err` with
/// the (course, block) that could not be staffed.
fn staff(input: &Input, classes: &[Vec<u32>]) -> Result<Vec<Vec<Vec<u32>>>, (usize, usize)> {
    let nt = input.teachers.len();
    let nc = input.courses.len();
    let mut teach = vec![vec![vec![0u32; input.blocks]; nc]; nt];
    let mut total_left: Vec<u32> = input
        .teachers
        .iter()
        .map(|t| t.capacity * t.staff.len() as u32)
        .collect();
    for b in 0..input.blocks {
        let free: Vec<u32> = input
            .teachers
            .iter()
            .enumerate()
            .map(|(t, tt)| {
                if input.open[t][b] {
                    (tt.staff.len() as u32).min(total_left[t])
                } else {
                    0
                }
            })
            .collect();
        // Each class of the block to a type that teaches its course and has a teacher free.
        let mut given = Matching::new(free);
        let allowed = |c: usize| {
            input
                .teachers
                .iter()
                .enumerate()
                .filter(move |(_, tt)| tt.courses.contains(&c))
                .map(|(t, _)| t)
        };
        for c in 0..nc {
            // A split class needs a teacher for each part.
            for _ in 0..classes[c][b] * input.courses[c].teachers.max(1) {
                if !given.insert(c, &allowed) {
                    return Err((c, b));
                }
            }
        }
        for t in 0..nt {
            let cs = given.held(t);
            for &c in cs {
                teach[t][c][b] += 1;
            }
            total_left[t] -= cs.len() as u32;
        }
    }
    Ok(teach)
}

/// A complete design for `layout`: classes below their minimum size or without a teacher are
/// closed until everything holds.
pub(crate) fn fill(input: &Input, layout: &[Vec<u32>]) -> Design {
    let mut classes = layout.to_vec();
    for _ in 0..(input.courses.len() * input.blocks + 2) {
        let mut changed = false;
        match staff(input, &classes) {
            Ok(_) => {}
            Err((c, b)) => {
                classes[c][b] -= 1;
                continue;
            }
        }
        let design = fill_once(input, &classes);
        for (c, course) in input.courses.iter().enumerate() {
            for b in 0..input.blocks {
                let pupils: u32 = input
                    .groups
                    .iter()
                    .enumerate()
                    .map(|(g, grp)| {
                        let z: u32 = grp
                            .main
                            .iter()
                            .position(|&m| m == c)
                            .map_or(0, |i| design.sat[g][i][b]);
                        let w: u32 = grp
                            .courses()
                            .position(|m| m == c)
                            .map_or(0, |i| design.rest[g][i][b]);
                        z + w
                    })
                    .sum();
                let k = classes[c][b];
                if k > 0 && pupils < course.min * k {
                    classes[c][b] = (1..k)
                        .rev()
                        .find(|&j| course.min * j <= pupils && pupils <= course.max * j)
                        .unwrap_or(0);
                    changed = true;
                }
            }
        }
        if !changed {
            let teach = staff(input, &classes).expect("staffed above");
            return Design { teach, ..design };
        }
    }
    let classes = vec![vec![0; input.blocks]; input.courses.len()];
    let teach = staff(input, &classes).expect("nothing to staff");
    Design {
        teach,
        ..fill_once(input, &classes)
    }
}
