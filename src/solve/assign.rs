//! Decides which teacher of each chosen type teaches each option class: the design fixed how
//! many classes each type teaches in each block (types share their courses, capacity and time
//! away, so the block model already placed days off), and this stage names the teachers,
//! spreading each type's classes over the teachers with the most capacity left.

use super::blocks::{Design, Input};
use crate::ids::*;
use crate::solution::Class;

/// `picks[t][b]`: the staff (indices into the type's list) of type `t` teaching in block `b`.
type Picks = Vec<Vec<Vec<usize>>>;

/// Gives each option class a teacher of the type the design chose, at most one class per
/// teacher per block.
pub(crate) fn run(
    input: &Input,
    design: &Design,
    class_of: &[Vec<Vec<ClassId>>],
    classes: &mut KeyedVec<ClassId, Class>,
) {
    let need: Vec<Vec<u32>> = design
        .teach
        .iter()
        .map(|per_course| {
            (0..input.blocks)
                .map(|b| {
                    per_course
                        .iter()
                        .map(|row| row.get(b).copied().unwrap_or(0))
                        .sum()
                })
                .collect()
        })
        .collect();
    let picks = greedy(input, &need);
    // Hand each block's chosen teachers of a type to that type's classes there.
    let mut next: Vec<Vec<usize>> = class_of.iter().map(|row| vec![0; row.len()]).collect();
    for (t, tt) in input.teachers.iter().enumerate() {
        for b in 0..input.blocks {
            let mut chosen = picks[t][b].iter();
            for (ci, row) in design.teach[t].iter().enumerate() {
                // A split class takes `teachers` units of the design: the first names its
                // teacher; the teachers of its other parts are named with the week.
                let k = input.courses[ci].teachers.max(1) as usize;
                for _ in 0..row.get(b).copied().unwrap_or(0) {
                    let Some(&s) = chosen.next() else { break };
                    let unit = next[ci][b];
                    next[ci][b] += 1;
                    if unit.is_multiple_of(k) {
                        if let Some(&class) = class_of[ci][b].get(unit / k) {
                            classes[class].staff = Some(tt.staff[s]);
                        }
                    }
                }
            }
        }
    }
}

/// Spreads each type's classes over the teachers with the most capacity left.
fn greedy(input: &Input, need: &[Vec<u32>]) -> Picks {
    input
        .teachers
        .iter()
        .zip(need)
        .map(|(tt, per_block)| {
            let mut left: Vec<u32> = vec![tt.capacity; tt.staff.len()];
            per_block
                .iter()
                .map(|&n| {
                    let mut order: Vec<usize> =
                        (0..tt.staff.len()).filter(|&s| left[s] > 0).collect();
                    order.sort_by_key(|&s| (std::cmp::Reverse(left[s]), s));
                    order.truncate(n as usize);
                    for &s in &order {
                        left[s] -= 1;
                    }
                    order
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_spreads_classes_over_the_least_used_teachers() {
        let input = Input {
            blocks: 3,
            block_ids: Vec::new(),
            courses: Vec::new(),
            groups: Vec::new(),
            teachers: vec![super::super::blocks::TeacherType {
                staff: vec![StaffId(0), StaffId(1), StaffId(2)],
                courses: vec![0],
                capacity: 2,
                away: Vec::new(),
                banned: vec![false; 3],
            }],
            room_types: Vec::new(),
            pins: Vec::new(),
            periods_per_block: 1,
            slot_classes: Vec::new(),
            class_days: (Vec::new(), Vec::new()),
            open: vec![vec![true; 3]],
        };
        let picks = greedy(&input, &[vec![2, 2, 2]]);
        let mut uses = [0; 3];
        for block in &picks[0] {
            assert_eq!(block.len(), 2);
            for &s in block {
                uses[s] += 1;
            }
        }
        assert_eq!(uses, [2, 2, 2]);
    }
}
