//! Decides a good first layout of classes in blocks, fast: how many classes each course runs
//! and in which blocks, by local search on how many pupils' main choices fit in distinct
//! blocks, then on how many pupils the greedy fill ([`super::fill`]) fully meets, which also
//! sees class sizes, teachers and rooms. It only seeds the integer program, which proves or
//! improves it.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::blocks::Input;

/// Whether a group's main courses can sit in distinct blocks, given each course's block mask
/// (Hall's condition, [`crate::matching::distinct`]).
pub(crate) fn fits(main: &[usize], masks: &[u64]) -> bool {
    let mine: Vec<u64> = main.iter().map(|&c| masks[c]).collect();
    crate::matching::distinct(&mine)
}

struct State<'a> {
    input: &'a Input,
    classes: Vec<Vec<u32>>,
    masks: Vec<u64>,
    fit: Vec<bool>,
    score: u64,
    groups_of: Vec<Vec<usize>>,
}

impl<'a> State<'a> {
    fn new(input: &'a Input, classes: Vec<Vec<u32>>) -> Self {
        let mut groups_of = vec![Vec::new(); input.courses.len()];
        for (g, grp) in input.groups.iter().enumerate() {
            for &c in &grp.main {
                groups_of[c].push(g);
            }
        }
        let masks = classes.iter().map(|row| mask(row)).collect::<Vec<_>>();
        let fit: Vec<bool> = input.groups.iter().map(|g| fits(&g.main, &masks)).collect();
        let score = input
            .groups
            .iter()
            .zip(&fit)
            .filter(|(_, &f)| f)
            .map(|(g, _)| u64::from(g.size()))
            .sum();
        State {
            input,
            classes,
            masks,
            fit,
            score,
            groups_of,
        }
    }

    /// Score change if the masks of `courses` became `new_masks` (without applying it).
    fn delta(&mut self, courses: &[usize], new_masks: &[u64]) -> i64 {
        let old: Vec<u64> = courses.iter().map(|&c| self.masks[c]).collect();
        for (&c, &m) in courses.iter().zip(new_masks) {
            self.masks[c] = m;
        }
        let mut d = 0i64;
        let mut seen: Vec<usize> = courses
            .iter()
            .flat_map(|&c| self.groups_of[c].iter().copied())
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for g in seen {
            let grp = &self.input.groups[g];
            let now = fits(&grp.main, &self.masks);
            if now != self.fit[g] {
                d += if now { 1 } else { -1 } * i64::from(grp.size());
            }
        }
        for (&c, &m) in courses.iter().zip(&old) {
            self.masks[c] = m;
        }
        d
    }

    fn apply(&mut self, courses: &[usize]) {
        for &c in courses {
            self.masks[c] = mask(&self.classes[c]);
            for &g in &self.groups_of[c] {
                let now = fits(&self.input.groups[g].main, &self.masks);
                if now != self.fit[g] {
                    let n = u64::from(self.input.groups[g].size());
                    if now {
                        self.score += n;
                    } else {
                        self.score -= n;
                    }
                    self.fit[g] = now;
                }
            }
        }
    }

    /// Whether block `b` can still take one more class of `c` (rooms and qualified teachers).
    fn room_for(&self, c: usize, b: usize) -> bool {
        let input = self.input;
        let course = &input.courses[c];
        if !course.allowed[b] {
            return false;
        }
        if let Some(rooms) = course.rooms {
            if self.classes[c][b] + 1 > rooms {
                return false;
            }
        }
        if let Some(rt) = course.room_type {
            let used: u32 = input
                .courses
                .iter()
                .enumerate()
                .filter(|(_, x)| x.room_type == Some(rt))
                .map(|(ci, _)| self.classes[ci][b])
                .sum();
            if used + 1 > input.room_types[rt] {
                return false;
            }
        }
        // Qualified teachers: a greedy bound per block (the integer program is exact).
        let qualified: u32 = input
            .teachers
            .iter()
            .filter(|t| t.courses.contains(&c))
            .map(|t| t.staff.len() as u32)
            .sum();
        (self.classes[c][b] + 1) * course.teachers <= qualified && {
            let in_block: u32 = self.classes.iter().map(|row| row[b]).sum();
            let teachers: u32 = input.teachers.iter().map(|t| t.staff.len() as u32).sum();
            in_block < teachers
        }
    }
}

fn mask(row: &[u32]) -> u64 {
    row.iter()
        .enumerate()
        .filter(|(_, &k)| k > 0)
        .fold(0, |m, (b, _)| m | 1 << b)
}

/// A layout `classes[c][b]` for the block model to start from.
pub(crate) fn layout(input: &Input, seed: u64) -> Vec<Vec<u32>> {
    let nb = input.blocks;
    let nc = input.courses.len();
    let mut demand = vec![0u32; nc];
    let mut clash = vec![vec![0u32; nc]; nc];
    for g in &input.groups {
        for &a in &g.main {
            demand[a] += g.size();
            for &b in &g.main {
                if a != b {
                    clash[a][b] += g.size();
                }
            }
        }
    }
    let wanted: Vec<u32> = input
        .courses
        .iter()
        .zip(&demand)
        .map(|(c, &d)| {
            if d < c.min.max(1) || c.max == 0 {
                0
            } else {
                d.div_ceil(c.max).min(c.max_classes)
            }
        })
        .collect();
    let mut state = State::new(input, vec![vec![0; nb]; nc]);
    for &(c, b, k) in &input.pins {
        state.classes[c][b] = k.unwrap_or(1);
    }
    // Greedy: most demanded courses first, each class where it clashes least.
    let mut order: Vec<usize> = (0..nc).collect();
    order.sort_by_key(|&c| (std::cmp::Reverse(demand[c] / wanted[c].max(1)), c));
    for &c in &order {
        let placed: u32 = state.classes[c].iter().sum();
        for _ in placed..wanted[c] {
            let best = (0..nb).filter(|&b| state.room_for(c, b)).min_by_key(|&b| {
                let cost: u64 = (0..nc)
                    .filter(|&o| o != c && state.classes[o][b] > 0)
                    .map(|o| {
                        u64::from(clash[c][o]) * 64
                            / u64::from(state.classes[o].iter().sum::<u32>().max(1))
                    })
                    .sum();
                let same = u64::from(state.classes[c][b]) * u64::from(demand[c]) * 32;
                (cost + same, b)
            });
            if let Some(b) = best {
                state.classes[c][b] += 1;
            }
        }
    }
    let all: Vec<usize> = (0..nc).collect();
    state.apply(&all);

    // Local search: move or swap classes while the fit does not get worse.
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let pinned = |c: usize, b: usize| input.pins.iter().any(|p| p.0 == c && p.1 == b);
    let iterations = 4000 + 40 * input.groups.len().min(5000);
    let mut best = (state.score, state.classes.clone());
    let mut since_best = 0;
    for _ in 0..iterations {
        if nc == 0
            || nb < 2
            || best.0
                == input
                    .groups
                    .iter()
                    .map(|g| u64::from(g.size()))
                    .sum::<u64>()
        {
            break;
        }
        let c = rng.gen_range(0..nc);
        let from: Vec<usize> = (0..nb)
            .filter(|&b| state.classes[c][b] > 0 && !pinned(c, b))
            .collect();
        if from.is_empty() {
            continue;
        }
        let b1 = from[rng.gen_range(0..from.len())];
        let b2 = rng.gen_range(0..nb);
        if b1 == b2 {
            continue;
        }
        if rng.gen_bool(0.5) {
            // Move one class of c from b1 to b2.
            state.classes[c][b1] -= 1;
            let ok = state.room_for(c, b2);
            state.classes[c][b1] += 1;
            if !ok {
                continue;
            }
            let mut row = state.classes[c].clone();
            row[b1] -= 1;
            row[b2] += 1;
            if state.delta(&[c], &[mask(&row)]) >= 0 {
                state.classes[c] = row;
                state.apply(&[c]);
            }
        } else {
            // Swap a class of c in b1 with a class of another course in b2.
            let others: Vec<usize> = (0..nc)
                .filter(|&o| o != c && state.classes[o][b2] > 0 && !pinned(o, b2))
                .collect();
            if others.is_empty() {
                continue;
            }
            let o = others[rng.gen_range(0..others.len())];
            if !input.courses[c].allowed[b2] || !input.courses[o].allowed[b1] {
                continue;
            }
            let (mut rc, mut ro) = (state.classes[c].clone(), state.classes[o].clone());
            rc[b1] -= 1;
            rc[b2] += 1;
            ro[b2] -= 1;
            ro[b1] += 1;
            let (keep_c, keep_o) = (state.classes[c].clone(), state.classes[o].clone());
            state.classes[c] = rc.clone();
            state.classes[o] = ro.clone();
            let fits_rooms = (0..nb).all(|b| room_types_fit(state.input, &state.classes, b));
            state.classes[c] = keep_c;
            state.classes[o] = keep_o;
            if fits_rooms && state.delta(&[c, o], &[mask(&rc), mask(&ro)]) >= 0 {
                state.classes[c] = rc;
                state.classes[o] = ro;
                state.apply(&[c, o]);
            }
        }
        if state.score > best.0 {
            best = (state.score, state.classes.clone());
            since_best = 0;
        } else {
            since_best += 1;
            if since_best > iterations / 4 {
                break;
            }
        }
    }
    best.1
}

/// The number of pupils the greedy fill fully meets with `classes`, then main choices met.
fn filled(input: &Input, classes: &[Vec<u32>]) -> (u32, u32) {
    let d = super::fill::fill(input, classes);
    let full = d.full.iter().sum();
    let met = d.sat.iter().flatten().flatten().sum::<u32>()
        + d.rest
            .iter()
            .zip(&input.groups)
            .map(|(r, g)| r[..g.main.len()].iter().flatten().sum::<u32>())
            .sum::<u32>();
    (full, met)
}

/// Improves a layout by moves, swaps, opened and closed classes, scored by the greedy fill,
/// within `budget` evaluations and `deadline`.
pub(crate) fn improve(
    input: &Input,
    start: Vec<Vec<u32>>,
    seed: u64,
    budget: usize,
    deadline: std::time::Instant,
) -> Vec<Vec<u32>> {
    let nb = input.blocks;
    let nc = input.courses.len();
    let everyone: u32 = input.groups.iter().map(|g| g.size()).sum();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let mut classes = start;
    let mut score = filled(input, &classes);
    if nc == 0 || nb < 2 {
        return classes;
    }
    let pinned = |c: usize, b: usize| input.pins.iter().any(|p| p.0 == c && p.1 == b);
    let rooms_ok = |classes: &[Vec<u32>], b: usize| {
        room_types_fit(input, classes, b)
            && input.courses.iter().enumerate().all(|(ci, c)| {
                c.rooms.is_none_or(|r| classes[ci][b] <= r) && (c.allowed[b] || classes[ci][b] == 0)
            })
    };
    for _ in 0..budget {
        if score.0 >= everyone || std::time::Instant::now() >= deadline {
            break;
        }
        let mut next = classes.clone();
        let c = rng.gen_range(0..nc);
        let b1 = rng.gen_range(0..nb);
        let b2 = rng.gen_range(0..nb);
        let total: u32 = next[c].iter().sum();
        match rng.gen_range(0..4) {
            0 if next[c][b1] > 0 && b1 != b2 && !pinned(c, b1) => {
                next[c][b1] -= 1;
                next[c][b2] += 1;
            }
            1 if next[c][b1] > 0 && b1 != b2 && !pinned(c, b1) => {
                let others: Vec<usize> = (0..nc)
                    .filter(|&o| o != c && next[o][b2] > 0 && !pinned(o, b2))
                    .collect();
                if others.is_empty() {
                    continue;
                }
                let o = others[rng.gen_range(0..others.len())];
                next[c][b1] -= 1;
                next[c][b2] += 1;
                next[o][b2] -= 1;
                next[o][b1] += 1;
            }
            2 if total < input.courses[c].max_classes => next[c][b1] += 1,
            3 if next[c][b1] > 0 && !pinned(c, b1) => next[c][b1] -= 1,
            _ => continue,
        }
        if !rooms_ok(&next, b1) || !rooms_ok(&next, b2) {
            continue;
        }
        let s = filled(input, &next);
        if s >= score {
            score = s;
            classes = next;
        }
    }
    classes
}

/// Whether block `b`'s classes (per course, `classes[course][b]`) need no more rooms of any type
/// than there are.
fn room_types_fit(input: &Input, classes: &[Vec<u32>], b: usize) -> bool {
    input.room_types.iter().enumerate().all(|(rt, &count)| {
        input
            .courses
            .iter()
            .enumerate()
            .filter(|(_, x)| x.room_type == Some(rt))
            .map(|(ci, _)| classes[ci][b])
            .sum::<u32>()
            <= count
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hall_condition_decides_fit() {
        // Courses 0 and 1 only in block 0: they cannot both be taken.
        assert!(!fits(&[0, 1], &[0b01, 0b01]));
        assert!(fits(&[0, 1], &[0b01, 0b11]));
        assert!(!fits(&[0, 1, 2], &[0b011, 0b011, 0b011]));
        assert!(fits(&[0, 1, 2], &[0b011, 0b011, 0b100]));
    }
}
