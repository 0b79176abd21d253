//! Decides the option blocks: how many classes of each option course run in each block, and how
//! many pupils of each choice group take each of their courses in each block.
//!
//! The formulation (stated in full in `docs/model.md`) counts pupils per choice group instead of
//! a binary per pupil, splits each group into its fully satisfied part (flows `z`, every main
//! course in a distinct block) and the rest (flows `w`, main courses and reserves, at most as
//! many courses as main choices), and staffs each block with an exact assignment of teacher
//! types. Both parts decompose back into individual timetables by bipartite edge colouring
//! (König), so the counts lose nothing. The objective levels are solved in turn, each fixing the
//! optimum of the levels before it and starting from their solution.

use std::collections::HashMap;
use std::time::Instant;

use super::budget::Budget;
use crate::matching::Matching;

use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

use super::groups::Group;
use super::highs::{self, Limits, MipResult, MipStatus, Sense};
use crate::error::{Error, Result, SolverError};
use crate::ids::*;
use crate::scenario::Scenario;

/// An option course as the block model sees it.
#[derive(Clone, Debug)]
pub(crate) struct OptCourse {
    /// The course.
    pub id: CourseId,
    /// Smallest class.
    pub min: u32,
    /// Largest class, also limited by the largest suitable room.
    pub max: u32,
    /// Most classes over all blocks.
    pub max_classes: u32,
    /// Suitable rooms (type, features); `None` for room type `none`.
    pub rooms: Option<u32>,
    /// Index of its room type in [`Input::room_types`].
    pub room_type: Option<usize>,
    /// Teachers of each class: the parts of its split, or 1. A teacher of a part holds it for
    /// the whole block, so a teacher takes at most one class or part per block.
    pub teachers: u32,
    /// `allowed[b]`: its classes may run in block `b` (its `blocks` in `courses.csv`).
    pub allowed: Vec<bool>,
}

/// Teachers who teach the same option courses and can take the same number of block classes.
#[derive(Clone, Debug)]
pub(crate) struct TeacherType {
    /// The teachers.
    pub staff: Vec<StaffId>,
    /// Option courses (indices) they teach.
    pub courses: Vec<usize>,
    /// Block classes each can take: `min(blocks, max_periods / periods_per_block)`.
    pub capacity: u32,
    /// The slot classes ([`Input::slot_classes`]) in which these teachers are away.
    pub away: Vec<usize>,
    /// `banned[b]`: these teachers are away in some fixed slot of block `b`, so cannot teach
    /// there.
    pub banned: Vec<bool>,
}

/// Everything the block model reads, prepared once from the scenario.
#[derive(Clone, Debug)]
pub(crate) struct Input {
    /// Number of blocks.
    pub blocks: usize,
    /// The scenario's block of each of the model's blocks (those of one scheme).
    pub block_ids: Vec<BlockId>,
    /// Option courses anybody chose.
    pub courses: Vec<OptCourse>,
    /// Choice groups.
    pub groups: Vec<Group>,
    /// Teacher types.
    pub teachers: Vec<TeacherType>,
    /// Rooms of each room type (count).
    pub room_types: Vec<u32>,
    /// Pins: (course, block, exact classes or at least one).
    pub pins: Vec<(usize, usize, Option<u32>)>,
    /// Periods each block meets in the week.
    pub periods_per_block: u32,
    /// Sizes of the classes of slots in which the same teacher types are away; empty when
    /// every option teacher is there all week (then blocks need no place in the week yet).
    pub slot_classes: Vec<u32>,
    /// With a block pattern: the day of each slot class (classes are then cut by day) and the
    /// block's runs, longest first; both empty without.
    pub class_days: (Vec<usize>, Vec<u32>),
    /// `open[t][b]`: type `t` may teach in block `b` in the heuristic start, whose blocks take
    /// the slot classes in which the least teaching capacity is away, each block as few classes
    /// as it can (so days off fall outside whole blocks). The integer program is not bound by it.
    pub open: Vec<Vec<bool>>,
}

impl Input {
    /// Prepares the model input; `reserved` are weekly periods each teacher keeps for other
    /// teaching.
    pub fn new(
        scenario: &Scenario,
        scheme: Option<SchemeId>,
        options: &[CourseId],
        groups: Vec<Group>,
        reserved: &KeyedVec<StaffId, u32>,
        pins: Vec<(usize, usize, Option<u32>)>,
    ) -> Self {
        let block_ids: Vec<BlockId> =
            scheme.map_or(Vec::new(), |s| scenario.schemes[s].blocks.clone());
        let blocks = block_ids.len();
        // A teacher's capacity counts blocks of the longest (a safe bound when they differ).
        let ppb = block_ids
            .iter()
            .map(|&b| scenario.blocks[b].periods)
            .max()
            .unwrap_or(1)
            .max(1);
        let first = block_ids.first().map(|&b| &scenario.blocks[b]);
        // Slot classes model blocks that are alike and free to go anywhere in the week.
        let uniform = block_ids.iter().all(|&b| {
            let x = &scenario.blocks[b];
            x.slots.is_none()
                && first.is_some_and(|f| f.periods == x.periods && f.pattern == x.pattern)
        });
        let courses = options
            .iter()
            .map(|&id| {
                let c = &scenario.courses[id];
                let suitable: Vec<u32> = scenario
                    .rooms
                    .iter()
                    .filter(|r| r.suits(c))
                    .map(|r| r.capacity)
                    .collect();
                let (rooms, max) = match c.room_type {
                    None => (None, c.max_size),
                    Some(_) => (
                        Some(suitable.len() as u32),
                        c.max_size.min(suitable.iter().copied().max().unwrap_or(0)),
                    ),
                };
                OptCourse {
                    id,
                    min: c.min_size,
                    max,
                    max_classes: c.max_classes,
                    rooms,
                    room_type: c.room_type.map(|t| t.index()),
                    teachers: (c.split.len() as u32).max(1),
                    allowed: block_ids.iter().map(|b| c.blocks.contains(b)).collect(),
                }
            })
            .collect::<Vec<_>>();
        let mut types: HashMap<(Vec<usize>, u32, SlotSet), usize> = HashMap::new();
        let week = scenario.week.all();
        let mut teachers: Vec<TeacherType> = Vec::new();
        for (sid, s) in scenario.staff.iter_enumerated() {
            let taught: Vec<usize> = courses
                .iter()
                .enumerate()
                .filter(|(_, c)| s.can_teach(c.id))
                .map(|(i, _)| i)
                .collect();
            let free = s
                .max_periods
                .min((scenario.week.slots() - s.unavailable.len()) as u32);
            let capacity = ((free.saturating_sub(reserved[sid])) / ppb).min(blocks as u32);
            if taught.is_empty() || capacity == 0 {
                continue;
            }
            let away = s.unavailable.intersection(&week);
            let banned = block_ids
                .iter()
                .map(|&b| {
                    scenario.blocks[b]
                        .slots
                        .is_some_and(|slots| !slots.intersection(&away).is_empty())
                })
                .collect();
            let t = *types
                .entry((taught.clone(), capacity, away))
                .or_insert_with(|| {
                    teachers.push(TeacherType {
                        staff: Vec::new(),
                        courses: taught,
                        capacity,
                        away: Vec::new(),
                        banned,
                    });
                    teachers.len() - 1
                });
            teachers[t].staff.push(sid);
        }
        let mut room_types = vec![0; scenario.room_types.len()];
        for r in scenario.rooms.iter() {
            room_types[r.room_type.index()] += 1;
        }
        // Slots in which the same types are away form one class; blocks take whole periods
        // from these classes, and a type away in a class cannot teach in a block placed there.
        let mut slot_classes = Vec::new();
        let runs = first.map_or(Vec::new(), |f| f.pattern.clone());
        let mut class_days = Vec::new();
        // The slots each type is away (the third part of its key).
        let mut away_slots = vec![SlotSet::EMPTY; teachers.len()];
        for ((_, _, away), &t) in &types {
            away_slots[t] = *away;
        }
        let away_at = |k: SlotId| -> Vec<usize> {
            (0..teachers.len())
                .filter(|&t| away_slots[t].contains(k))
                .collect()
        };
        let fits = uniform && blocks * ppb as usize <= week.len();
        if fits && away_slots.iter().any(|a| !a.is_empty()) {
            let mut class_of: HashMap<(Vec<usize>, usize), usize> = HashMap::new();
            let mut away: Vec<Vec<usize>> = vec![Vec::new(); teachers.len()];
            for k in week.iter() {
                let sig = away_at(k);
                let next = class_of.len();
                // With runs on distinct days, a class lies within one day.
                let day = if runs.is_empty() {
                    0
                } else {
                    scenario.week.day_of(k)
                };
                let c = *class_of.entry((sig.clone(), day)).or_insert_with(|| {
                    if !runs.is_empty() {
                        class_days.push(day);
                    }
                    slot_classes.push(0);
                    for &t in &sig {
                        away[t].push(next);
                    }
                    next
                });
                slot_classes[c] += 1;
            }
            for (tt, a) in teachers.iter_mut().zip(away) {
                tt.away = a;
            }
        }
        let mut open = if class_days.is_empty() {
            start_template(&teachers, &slot_classes, blocks, ppb)
        } else {
            runs_template(&teachers, &slot_classes, &class_days, &runs, blocks)
        };
        for (row, tt) in open.iter_mut().zip(&teachers) {
            for (o, &banned) in row.iter_mut().zip(&tt.banned) {
                *o &= !banned;
            }
        }
        Input {
            blocks,
            block_ids,
            courses,
            groups,
            teachers,
            room_types,
            pins,
            periods_per_block: ppb,
            class_days: if class_days.is_empty() {
                (Vec::new(), Vec::new())
            } else {
                (class_days, runs)
            },
            slot_classes,
            open,
        }
    }
}

/// Which blocks each teacher type may teach in the heuristic start: slot classes are taken
/// cheapest first (the least block-teaching capacity away), block by block, and a type is open
/// in a block that takes no period of a class it is away in.
fn start_template(
    teachers: &[TeacherType],
    slot_classes: &[u32],
    blocks: usize,
    ppb: u32,
) -> Vec<Vec<bool>> {
    let mut open = vec![vec![true; blocks]; teachers.len()];
    if slot_classes.is_empty() {
        return open;
    }
    let lost = |c: usize| capacity_away(teachers, c);
    let mut order: Vec<usize> = (0..slot_classes.len()).collect();
    order.sort_by_key(|&c| (lost(c), std::cmp::Reverse(slot_classes[c]), c));
    let periods: Vec<usize> = order
        .iter()
        .flat_map(|&c| std::iter::repeat_n(c, slot_classes[c] as usize))
        .collect();
    for b in 0..blocks {
        let lo = b * ppb as usize;
        let hi = (lo + ppb as usize).min(periods.len());
        for &c in &periods[lo.min(hi)..hi] {
            close_away(teachers, c, b, &mut open);
        }
    }
    open
}

/// The block-teaching capacity of the teachers away in slot class `c`.
fn capacity_away(teachers: &[TeacherType], c: usize) -> u32 {
    teachers
        .iter()
        .filter(|t| t.away.contains(&c))
        .map(|t| t.capacity * t.staff.len() as u32)
        .sum()
}

/// Block `b` takes a period of slot class `c`: the teacher types away in `c` may not teach it.
fn close_away(teachers: &[TeacherType], c: usize, b: usize, open: &mut [Vec<bool>]) {
    for (t, tt) in teachers.iter().enumerate() {
        if tt.away.contains(&c) {
            open[t][b] = false;
        }
    }
}

/// [`start_template`] with a block pattern: each block takes one slot class (within one day)
/// per run on distinct days, the classes where the least capacity is away first.
fn runs_template(
    teachers: &[TeacherType],
    slot_classes: &[u32],
    days: &[usize],
    runs: &[u32],
    blocks: usize,
) -> Vec<Vec<bool>> {
    let mut open = vec![vec![true; blocks]; teachers.len()];
    let lost = |c: usize| capacity_away(teachers, c);
    let mut left = slot_classes.to_vec();
    for b in 0..blocks {
        let mut used: Vec<usize> = Vec::new();
        for &r in runs {
            let pick = (0..left.len())
                .filter(|&c| left[c] >= r && !used.contains(&days[c]))
                .min_by_key(|&c| (lost(c), std::cmp::Reverse(left[c]), c));
            let Some(c) = pick else { break };
            left[c] -= r;
            used.push(days[c]);
            close_away(teachers, c, b, &mut open);
        }
    }
    open
}

/// A block design with its pupil counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Design {
    /// Classes of each course in each block: `classes[c][b]`.
    pub classes: Vec<Vec<u32>>,
    /// Fully satisfied pupils of each group.
    pub full: Vec<u32>,
    /// `sat[g][i][b]`: satisfied pupils of group g taking its i-th main course in block b.
    pub sat: Vec<Vec<Vec<u32>>>,
    /// `rest[g][i][b]`: other pupils of g taking its i-th course (mains, then reserves) in b.
    pub rest: Vec<Vec<Vec<u32>>>,
    /// `teach[t][c][b]`: classes of course c in block b taught by teachers of type t.
    pub teach: Vec<Vec<Vec<u32>>>,
}

/// The figures of the first level, reported to the user.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FirstLevel {
    /// Pupils with every main choice met.
    pub objective: f64,
    /// Proven upper bound.
    pub bound: f64,
    /// Relative gap.
    pub gap: f64,
    /// Proven optimal.
    pub proven: bool,
    /// Seconds in HiGHS.
    pub seconds: f64,
}

/// The variables and constraints of the block model, owned together (good_lp style).
struct Model {
    vars: ProblemVariables,
    constraints: Vec<Constraint>,
    h: Handles,
}

/// The model's variables, kept to read a solution back after the model is handed to HiGHS.
struct Handles {
    index: std::collections::HashMap<Variable, usize>,
    y: Vec<Vec<Variable>>,
    f: Vec<Variable>,
    z: Vec<Vec<Vec<Variable>>>,
    w: Vec<Vec<Vec<Variable>>>,
    t: Vec<Vec<Option<Vec<Variable>>>>,
    /// `p[b][c]`: periods of block `b` in slot class `c` (empty without slot classes).
    p: Vec<Vec<Variable>>,
    /// `u[t][b]`: some teacher of type `t`, away somewhere in the week, teaches in block `b`.
    u: Vec<Option<Vec<Variable>>>,
    /// `dv[b][d]`: block `b` meets on day `d` (with a block pattern and slot classes).
    dv: Vec<Vec<Variable>>,
    /// `y_max[c][b]`: the upper bound of `y[c][b]`.
    y_max: Vec<Vec<u32>>,
    /// Whether `y` is fixed (to `y_max`).
    fixed: bool,
    /// The balance variables, from the balance level on ([`Model::add_balance`]).
    balance: Option<Balance>,
}

/// The variables of the balance level: for every course that may have two or more classes,
/// its largest and smallest class size over all blocks, and how many classes it has in each
/// block where it may have two or more there.
struct Balance {
    /// The courses balanced (indices).
    courses: Vec<usize>,
    /// `hi[j]`: no class of `courses[j]` has more pupils.
    hi: Vec<Variable>,
    /// `lo[j]`: no class of `courses[j]` has fewer pupils.
    lo: Vec<Variable>,
    /// `x[j][b][k - 1]`: `courses[j]` has exactly `k` classes in block `b`; empty where
    /// `y_max` is below 2 (`y` itself is then the indicator of one class).
    x: Vec<Vec<Vec<Variable>>>,
}

impl std::ops::Deref for Model {
    type Target = Handles;
    fn deref(&self) -> &Handles {
        &self.h
    }
}

/// What the levels solved so far reached: each is held as a row by the levels after it.
#[derive(Clone, Debug, Default)]
struct Floors(Vec<(Level, f64)>);

impl Floors {
    fn has(&self, level: Level) -> bool {
        self.0.iter().any(|&(l, _)| l == level)
    }
}

impl Model {
    /// Builds the model; with `fixed` the classes per course and block are fixed.
    fn build(input: &Input, fixed: Option<&[Vec<u32>]>) -> Self {
        let nb = input.blocks;
        let mut vars = ProblemVariables::new();
        let mut y_max = vec![vec![0u32; nb]; input.courses.len()];
        let y: Vec<Vec<Variable>> = input
            .courses
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                (0..nb)
                    .map(|b| {
                        let hi = c.max_classes.min(c.rooms.unwrap_or(u32::MAX));
                        match fixed {
                            Some(d) => {
                                y_max[ci][b] = d[ci][b];
                                vars.add(variable().integer().min(d[ci][b]).max(d[ci][b]))
                            }
                            None => {
                                let lo = input
                                    .pins
                                    .iter()
                                    .filter(|p| p.0 == ci && p.1 == b)
                                    .map(|p| p.2.unwrap_or(1))
                                    .max()
                                    .unwrap_or(0);
                                let hi = if c.allowed[b] { hi } else { 0 };
                                let hi_pin = input
                                    .pins
                                    .iter()
                                    .filter(|p| p.0 == ci && p.1 == b)
                                    .find_map(|p| p.2)
                                    .unwrap_or(hi)
                                    .min(hi);
                                y_max[ci][b] = hi_pin;
                                vars.add(variable().integer().min(lo.min(hi_pin)).max(hi_pin))
                            }
                        }
                    })
                    .collect()
            })
            .collect();
        let f: Vec<Variable> = input
            .groups
            .iter()
            .map(|g| vars.add(variable().integer().min(0).max(g.size())))
            .collect();
        let z: Vec<Vec<Vec<Variable>>> = input
            .groups
            .iter()
            .map(|g| {
                g.main
                    .iter()
                    .map(|_| vars.add_vector(variable().integer().min(0).max(g.size()), nb))
                    .collect()
            })
            .collect();
        let w: Vec<Vec<Vec<Variable>>> = input
            .groups
            .iter()
            .map(|g| {
                g.courses()
                    .map(|_| vars.add_vector(variable().integer().min(0).max(g.size()), nb))
                    .collect()
            })
            .collect();
        let t: Vec<Vec<Option<Vec<Variable>>>> = input
            .teachers
            .iter()
            .map(|tt| {
                (0..input.courses.len())
                    .map(|ci| {
                        tt.courses.contains(&ci).then(|| {
                            (0..nb)
                                .map(|b| {
                                    let most = if tt.banned.get(b).copied().unwrap_or(false) {
                                        0
                                    } else {
                                        tt.staff.len() as u32
                                    };
                                    vars.add(variable().integer().min(0).max(most))
                                })
                                .collect()
                        })
                    })
                    .collect()
            })
            .collect();
        let ppb = input.periods_per_block;
        let p: Vec<Vec<Variable>> = if input.slot_classes.is_empty() {
            Vec::new()
        } else {
            (0..nb)
                .map(|_| {
                    input
                        .slot_classes
                        .iter()
                        .map(|&n| vars.add(variable().integer().min(0).max(n.min(ppb))))
                        .collect()
                })
                .collect()
        };
        let u: Vec<Option<Vec<Variable>>> = input
            .teachers
            .iter()
            .map(|tt| (!tt.away.is_empty()).then(|| vars.add_vector(variable().binary(), nb)))
            .collect();
        let n_days = input.class_days.0.iter().max().map_or(0, |d| d + 1);
        let dv: Vec<Vec<Variable>> = if p.is_empty() || n_days == 0 {
            Vec::new()
        } else {
            (0..nb)
                .map(|_| vars.add_vector(variable().binary(), n_days))
                .collect()
        };
        let index = highs::columns(&vars);
        let mut m = Model {
            vars,
            constraints: Vec::new(),
            h: Handles {
                index,
                y,
                f,
                z,
                w,
                t,
                p,
                u,
                dv,
                y_max,
                fixed: fixed.is_some(),
                balance: None,
            },
        };
        m.pupil_rows(input);
        m.class_rows(input);
        m.staff_rows(input);
        m.room_rows(input);
        m.week_rows(input);
        m
    }

    /// Blocks must fit in the week around teachers' time away: each block takes
    /// `periods_per_block` periods from the slot classes, no class gives more periods than it has,
    /// and a block with a teacher of a type away in a slot class takes no period there.
    fn week_rows(&mut self, input: &Input) {
        if self.h.p.is_empty() {
            return;
        }
        let ppb = f64::from(input.periods_per_block);
        for pb in &self.h.p {
            let all: Expression = pb.iter().copied().sum();
            self.constraints.push(constraint!(all == ppb));
        }
        for (c, &n) in input.slot_classes.iter().enumerate() {
            let all: Expression = self.h.p.iter().map(|pb| pb[c]).sum();
            self.constraints.push(constraint!(all <= f64::from(n)));
        }
        self.run_rows(input);
        for ((tt, tc), u) in input.teachers.iter().zip(&self.h.t).zip(&self.h.u) {
            let Some(u) = u else { continue };
            let count = tt.staff.len() as f64;
            for b in 0..input.blocks {
                let in_block: Expression = tc.iter().flatten().map(|v| v[b]).sum();
                self.constraints.push(constraint!(in_block <= count * u[b]));
                for &c in &tt.away {
                    let periods = self.h.p[b][c];
                    self.constraints
                        .push(constraint!(periods + ppb * u[b] <= ppb));
                }
            }
        }
    }

    /// With a block pattern, a block's runs go on distinct days: a day gives a block at most
    /// its longest run, and a block meets on at least as many days as it has runs.
    fn run_rows(&mut self, input: &Input) {
        let (days, runs) = &input.class_days;
        let Some(&longest) = runs.first() else {
            return;
        };
        for (pb, dv) in self.h.p.iter().zip(&self.h.dv) {
            let mut used = Expression::default();
            for (d, &v) in dv.iter().enumerate() {
                let on_day: Expression = days
                    .iter()
                    .enumerate()
                    .filter(|&(_, &x)| x == d)
                    .map(|(c, _)| pb[c])
                    .sum();
                self.constraints
                    .push(constraint!(on_day.clone() <= f64::from(longest) * v));
                self.constraints.push(constraint!(on_day >= v));
                used += v;
            }
            self.constraints
                .push(constraint!(used >= runs.len() as f64));
        }
    }

    /// A group's satisfied pupils take every main course once, in distinct blocks; the others
    /// take each course at most once, one course per block, no more courses than main choices.
    fn pupil_rows(&mut self, input: &Input) {
        for (g, grp) in input.groups.iter().enumerate() {
            let (f, n) = (self.h.f[g], grp.size() as f64);
            for zi in &self.h.z[g] {
                self.constraints
                    .push(constraint!(zi.iter().copied().sum::<Expression>() == f));
            }
            for b in 0..input.blocks {
                let in_block: Expression = self.h.z[g].iter().map(|zi| zi[b]).sum();
                self.constraints.push(constraint!(in_block <= f));
                let rest: Expression = self.h.w[g].iter().map(|wi| wi[b]).sum();
                self.constraints.push(constraint!(rest <= n - f));
            }
            for wi in &self.h.w[g] {
                self.constraints
                    .push(constraint!(wi.iter().copied().sum::<Expression>() <= n - f));
            }
            let all: Expression = self.h.w[g].iter().flatten().copied().sum();
            let mains = grp.main.len() as f64;
            self.constraints
                .push(constraint!(all <= mains * n - mains * f));
        }
    }

    /// Class sizes: `min * classes <= pupils <= max * classes` in every block; a group can only
    /// use a course in a block where it runs (the disaggregated bound that tightens the LP);
    /// at most `max_classes` classes.
    fn class_rows(&mut self, input: &Input) {
        let load = self.h.load(input);
        for (g, grp) in input.groups.iter().enumerate() {
            let n = grp.size();
            for (i, c) in grp.courses().enumerate() {
                for b in 0..input.blocks {
                    let (y, max) = (self.h.y[c][b], input.courses[c].max);
                    let zi = grp
                        .main
                        .iter()
                        .position(|&m| m == c)
                        .map(|j| self.h.z[g][j][b]);
                    let both: Expression = match zi {
                        Some(z) => self.h.w[g][i][b] + z,
                        None => self.h.w[g][i][b].into(),
                    };
                    if n < max {
                        self.constraints.push(constraint!(both <= f64::from(n) * y));
                    }
                }
            }
        }
        for (c, course) in input.courses.iter().enumerate() {
            for b in 0..input.blocks {
                let (y, pupils) = (self.h.y[c][b], load[c][b].clone());
                self.constraints
                    .push(constraint!(pupils.clone() <= f64::from(course.max) * y));
                self.constraints
                    .push(constraint!(pupils >= f64::from(course.min) * y));
            }
            let total: Expression = self.h.y[c].iter().copied().sum();
            self.constraints
                .push(constraint!(total <= f64::from(course.max_classes)));
        }
    }

    /// Every class of a block has its own qualified teacher; a teacher takes at most one class
    /// per block and no more block classes than their weekly periods allow.
    fn staff_rows(&mut self, input: &Input) {
        for (c, yc) in self.h.y.iter().enumerate() {
            for (b, &y) in yc.iter().enumerate() {
                let taught: Expression = self
                    .h
                    .t
                    .iter()
                    .filter_map(|tc| tc[c].as_ref().map(|v| v[b]))
                    .sum();
                let k = f64::from(input.courses[c].teachers);
                self.constraints.push(constraint!(taught == k * y));
            }
        }
        for (tt, tc) in input.teachers.iter().zip(&self.h.t) {
            let count = tt.staff.len() as f64;
            for b in 0..input.blocks {
                let in_block: Expression = tc.iter().flatten().map(|v| v[b]).sum();
                self.constraints.push(constraint!(in_block <= count));
            }
            let all: Expression = tc.iter().flatten().flatten().copied().sum();
            self.constraints
                .push(constraint!(all <= count * tt.capacity as f64));
        }
    }

    /// In every block the classes of a room type fit the rooms of that type.
    fn room_rows(&mut self, input: &Input) {
        for b in 0..input.blocks {
            for (rt, &count) in input.room_types.iter().enumerate() {
                let classes: Expression = input
                    .courses
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.room_type == Some(rt))
                    .map(|(ci, _)| self.h.y[ci][b])
                    .sum();
                self.constraints
                    .push(constraint!(classes <= f64::from(count)));
            }
        }
    }

    /// Hands the model to HiGHS and reads the design back.
    fn solve(
        self,
        sense: Sense,
        objective: Expression,
        start: Option<&[f64]>,
        limits: &Limits,
        watch: Option<highs::Watch>,
    ) -> Result<(Design, MipResult)> {
        let Model {
            vars,
            constraints,
            h,
        } = self;
        let r = highs::solve(vars, sense, objective, constraints, start, limits, watch)?;
        Ok((h.design(&r), r))
    }
}

impl Handles {
    fn full(&self) -> Expression {
        self.f.iter().copied().sum()
    }

    fn ranked(&self, input: &Input) -> Expression {
        let mut e = Expression::from(0);
        for (g, grp) in input.groups.iter().enumerate() {
            for (i, wt) in grp.weight.iter().enumerate() {
                for b in 0..input.blocks {
                    e += *wt * self.z[g][i][b] + *wt * self.w[g][i][b];
                }
            }
        }
        e
    }

    fn reserves(&self, input: &Input) -> Expression {
        let mut e = Expression::from(0);
        for (g, grp) in input.groups.iter().enumerate() {
            for wi in &self.w[g][grp.main.len()..] {
                e += wi.iter().copied().sum::<Expression>();
            }
        }
        e
    }

    fn classes(&self) -> Expression {
        self.y.iter().flatten().copied().sum()
    }

    /// `load[c][b]`: the pupils of course `c` in block `b`, fully met or not.
    fn load(&self, input: &Input) -> Vec<Vec<Expression>> {
        let mut load: Vec<Vec<Expression>> =
            vec![vec![Expression::from(0); input.blocks]; input.courses.len()];
        for (g, grp) in input.groups.iter().enumerate() {
            for (i, c) in grp.main.iter().enumerate() {
                for b in 0..input.blocks {
                    load[*c][b] += self.z[g][i][b];
                }
            }
            for (i, c) in grp.courses().enumerate() {
                for b in 0..input.blocks {
                    load[c][b] += self.w[g][i][b];
                }
            }
        }
        load
    }

    /// The sum over balanced courses of the largest class minus the smallest (`None` before
    /// the balance variables are added).
    fn spread(&self) -> Option<Expression> {
        let bal = self.balance.as_ref()?;
        Some(bal.hi.iter().zip(&bal.lo).map(|(&h, &l)| h - l).sum())
    }

    /// The values of the balance variables for design `d`, in column order (appended to a
    /// start of the model without them).
    fn balance_values(&self, input: &Input, d: &Design) -> Vec<f64> {
        let Some(bal) = &self.balance else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let loads = design_loads(input, d);
        for (j, &c) in bal.courses.iter().enumerate() {
            let (hi, lo) = spread_of(&loads[c], &d.classes[c]).unwrap_or((0, 0));
            out.push(f64::from(hi));
            out.push(f64::from(lo));
            for (b, xs) in bal.x[j].iter().enumerate() {
                for k in 1..=xs.len() {
                    out.push(f64::from(u8::from(d.classes[c][b] as usize == k)));
                }
            }
        }
        out
    }
}

/// `loads[c][b]`: the pupils of course `c` in block `b` in design `d`.
fn design_loads(input: &Input, d: &Design) -> Vec<Vec<u32>> {
    let mut load = vec![vec![0u32; input.blocks]; input.courses.len()];
    for (g, grp) in input.groups.iter().enumerate() {
        for (i, &c) in grp.main.iter().enumerate() {
            for b in 0..input.blocks {
                load[c][b] += d.sat[g][i][b];
            }
        }
        for (i, c) in grp.courses().enumerate() {
            for b in 0..input.blocks {
                load[c][b] += d.rest[g][i][b];
            }
        }
    }
    load
}

/// The largest and smallest class of a course whose blocks hold `load[b]` pupils in
/// `classes[b]` classes, the pupils of a block dealt evenly round its classes; `None` without
/// classes.
fn spread_of(load: &[u32], classes: &[u32]) -> Option<(u32, u32)> {
    let sizes = load
        .iter()
        .zip(classes)
        .filter(|&(_, &k)| k > 0)
        .map(|(&n, &k)| (n.div_ceil(k), n / k));
    sizes.fold(None, |acc, (h, l)| match acc {
        None => Some((h, l)),
        Some((a, b)) => Some((a.max(h), b.min(l))),
    })
}

/// The sum over courses of two or more classes of their largest class minus their smallest,
/// for design `d` (the balance level's objective).
pub(crate) fn design_spread(input: &Input, d: &Design) -> u32 {
    let loads = design_loads(input, d);
    (0..input.courses.len())
        .filter_map(|c| spread_of(&loads[c], &d.classes[c]))
        .map(|(h, l)| h - l)
        .sum()
}

impl Model {
    /// Holds every level solved so far at what it reached: a maximised level at least its
    /// value, a minimised one at most (levels that count pupils or classes are integral and
    /// held at their rounded value, the rank-weighted level within a relative 1e-6).
    fn floor_rows(&mut self, input: &Input, floors: &Floors) {
        for &(level, v) in &floors.0 {
            let Some(e) = level.objective(&self.h, input) else {
                continue;
            };
            let slack = if level.integral() {
                1e-6
            } else {
                1e-6 * (1.0 + v.abs())
            };
            let v = if level.integral() { v.round() } else { v };
            self.constraints.push(match level.sense() {
                Sense::Max => constraint!(e >= v - slack),
                Sense::Min => constraint!(e <= v + slack),
            });
        }
    }

    /// Adds the balance variables and their rows, after every other variable (so a solution
    /// of the model without them is a prefix of a start for the model with them). For course
    /// `c` balanced, block `b` and each class count `k` the block may have (`x[c,b,k]`, or `y`
    /// when at most one class fits there):
    /// `load[c,b] <= k hi[c] + M (1 - x[c,b,k])` and `load[c,b] >= k lo[c] - k max_c (1 - x[c,b,k])`,
    /// with `M = y_max[c,b] max_c`; with `hi`, `lo` integral these say that every one of the
    /// `k` classes (the pupils dealt round evenly) has between `lo` and `hi` pupils.
    fn add_balance(&mut self, input: &Input) {
        if self.h.balance.is_some() {
            return;
        }
        let nb = input.blocks;
        let courses: Vec<usize> = (0..input.courses.len())
            .filter(|&c| {
                input.courses[c].max_classes >= 2 && self.h.y_max[c].iter().sum::<u32>() >= 2
            })
            .collect();
        let (mut hi, mut lo, mut x) = (Vec::new(), Vec::new(), Vec::new());
        for &c in &courses {
            let max = input.courses[c].max;
            hi.push(self.vars.add(variable().integer().min(0).max(max)));
            lo.push(self.vars.add(variable().integer().min(0).max(max)));
            let row: Vec<Vec<Variable>> = (0..nb)
                .map(|b| {
                    let m = self.h.y_max[c][b];
                    if m >= 2 && !self.h.fixed {
                        self.vars.add_vector(variable().binary(), m as usize)
                    } else {
                        Vec::new()
                    }
                })
                .collect();
            x.push(row);
        }
        self.h.index = highs::columns(&self.vars);
        let load = self.h.load(input);
        for (&h, &l) in hi.iter().zip(&lo) {
            // No spread is negative (it keeps the relaxation's bound at 0 or more).
            self.constraints.push(constraint!(h >= l));
        }
        for (j, &c) in courses.iter().enumerate() {
            let max = f64::from(input.courses[c].max);
            for b in 0..nb {
                let m = self.h.y_max[c][b];
                if m == 0 {
                    continue;
                }
                if self.h.fixed {
                    // With the classes fixed the rows are exact without an indicator.
                    let k = f64::from(m);
                    let pupils = load[c][b].clone();
                    let (h, l) = (hi[j], lo[j]);
                    self.constraints.push(constraint!(pupils.clone() <= k * h));
                    self.constraints.push(constraint!(pupils >= k * l));
                    continue;
                }
                let y = self.h.y[c][b];
                let counts: Vec<(f64, Expression)> = if m == 1 {
                    vec![(1.0, y.into())]
                } else {
                    let xs = &x[j][b];
                    let one: Expression = xs.iter().copied().sum();
                    self.constraints.push(constraint!(one <= 1));
                    let count: Expression = xs
                        .iter()
                        .enumerate()
                        .map(|(i, &v)| (i + 1) as f64 * v)
                        .sum();
                    self.constraints.push(constraint!(count == y));
                    xs.iter()
                        .enumerate()
                        .map(|(i, &v)| ((i + 1) as f64, v.into()))
                        .collect()
                };
                let big = f64::from(m) * max;
                for (k, on) in counts {
                    let pupils = load[c][b].clone();
                    let (h, l) = (hi[j], lo[j]);
                    self.constraints.push(constraint!(
                        pupils.clone() + big * on.clone() <= k * h + big
                    ));
                    self.constraints
                        .push(constraint!(pupils + k * max >= k * l + k * max * on));
                }
            }
        }
        self.h.balance = Some(Balance { courses, hi, lo, x });
    }
}

impl Handles {
    fn design(&self, r: &MipResult) -> Design {
        let get = |v: &Variable| r.int(*v).max(0) as u32;
        Design {
            classes: self
                .y
                .iter()
                .map(|yc| yc.iter().map(get).collect())
                .collect(),
            full: self.f.iter().map(get).collect(),
            sat: self
                .z
                .iter()
                .map(|g| g.iter().map(|v| v.iter().map(get).collect()).collect())
                .collect(),
            rest: self
                .w
                .iter()
                .map(|g| g.iter().map(|v| v.iter().map(get).collect()).collect())
                .collect(),
            teach: self
                .t
                .iter()
                .map(|tc| {
                    tc.iter()
                        .map(|v| {
                            v.as_ref()
                                .map_or(Vec::new(), |v| v.iter().map(get).collect())
                        })
                        .collect()
                })
                .collect(),
        }
    }

    /// The column values of a design, in variable order (a warm start).
    fn values_of(&self, input: &Input, d: &Design) -> Vec<f64> {
        let mut v = vec![0.0; self.index.len()];
        let mut set = |var: Variable, x: u32| v[self.index[&var]] = f64::from(x);
        for (c, yc) in self.y.iter().enumerate() {
            for (b, &y) in yc.iter().enumerate() {
                set(y, d.classes[c][b]);
            }
        }
        for (g, &f) in self.f.iter().enumerate() {
            set(f, d.full[g]);
        }
        for (g, zg) in self.z.iter().enumerate() {
            for (i, zi) in zg.iter().enumerate() {
                for (b, &z) in zi.iter().enumerate() {
                    set(z, d.sat[g][i][b]);
                }
            }
        }
        for (g, wg) in self.w.iter().enumerate() {
            for (i, wi) in wg.iter().enumerate() {
                for (b, &w) in wi.iter().enumerate() {
                    set(w, d.rest[g][i][b]);
                }
            }
        }
        for (t, tc) in self.t.iter().enumerate() {
            for (c, v) in tc.iter().enumerate() {
                if let Some(v) = v {
                    for (b, &x) in v.iter().enumerate() {
                        set(x, d.teach[t][c].get(b).copied().unwrap_or(0));
                    }
                }
            }
        }
        let used = used_blocks(d);
        for (t, u) in self.u.iter().enumerate() {
            if let Some(u) = u {
                for (b, &x) in u.iter().enumerate() {
                    set(x, u32::from(used[t][b]));
                }
            }
        }
        if let Some(periods) = place_blocks(input, d) {
            for (b, (pb, row)) in self.p.iter().zip(periods).enumerate() {
                for (c, (&x, n)) in pb.iter().zip(row).enumerate() {
                    set(x, n);
                    if let (Some(dv), Some(&day)) = (self.dv.get(b), input.class_days.0.get(c)) {
                        if n > 0 {
                            set(dv[day], 1);
                        }
                    }
                }
            }
        }
        v
    }
}

/// `used[t][b]`: teachers of type `t` teach in block `b` in design `d`.
fn used_blocks(d: &Design) -> Vec<Vec<bool>> {
    d.teach
        .iter()
        .map(|tc| {
            let nb = tc.iter().map(Vec::len).max().unwrap_or(0);
            (0..nb)
                .map(|b| tc.iter().any(|v| v.get(b).copied().unwrap_or(0) > 0))
                .collect()
        })
        .collect()
}

/// Periods of each block in each slot class for design `d`, its teachers there all week; `None`
/// when the blocks cannot all be placed (by augmenting paths, one period at a time). Always
/// `Some` (and empty) without slot classes.
pub(crate) fn place_blocks(input: &Input, d: &Design) -> Option<Vec<Vec<u32>>> {
    let classes = input.slot_classes.len();
    if classes == 0 {
        return Some(Vec::new());
    }
    let used = used_blocks(d);
    let nb = input.blocks;
    // open[b][c]: no teacher of block b is away in class c.
    let mut open = vec![vec![true; classes]; nb];
    for (tt, u) in input.teachers.iter().zip(&used) {
        for (b, &on) in u.iter().enumerate() {
            if on {
                for &c in &tt.away {
                    open[b][c] = false;
                }
            }
        }
    }
    let (days, runs) = &input.class_days;
    if !runs.is_empty() {
        return place_runs(&open, input.slot_classes.clone(), days, runs);
    }
    // Each period of each block to a slot class where its teachers are in and periods are left.
    let mut periods = Matching::new(input.slot_classes.clone());
    let open = &open;
    let allowed = |b: usize| (0..classes).filter(move |&c| open[b][c]);
    for b in 0..nb {
        for _ in 0..input.periods_per_block {
            if !periods.insert(b, &allowed) {
                return None;
            }
        }
    }
    let mut take = vec![vec![0u32; classes]; nb];
    for c in 0..classes {
        for &b in periods.held(c) {
            take[b][c] += 1;
        }
    }
    Some(take)
}

/// [`place_blocks`] with a block pattern: each block's runs, longest first, go to slot classes
/// (each within one day) on distinct days where its teachers are all in, the block with the
/// fewest open days first, each run where most periods are left; `None` when one finds no room.
fn place_runs(
    open: &[Vec<bool>],
    mut left: Vec<u32>,
    days: &[usize],
    runs: &[u32],
) -> Option<Vec<Vec<u32>>> {
    let nb = open.len();
    let classes = left.len();
    let mut take = vec![vec![0u32; classes]; nb];
    let open_days = |b: usize| {
        let mut d: Vec<usize> = (0..classes)
            .filter(|&c| open[b][c])
            .map(|c| days[c])
            .collect();
        d.sort_unstable();
        d.dedup();
        d.len()
    };
    let mut order: Vec<usize> = (0..nb).collect();
    order.sort_by_key(|&b| (open_days(b), b));
    for b in order {
        let mut used: Vec<usize> = Vec::new();
        for &r in runs {
            let c = (0..classes)
                .filter(|&c| open[b][c] && left[c] >= r && !used.contains(&days[c]))
                .max_by_key(|&c| (left[c], std::cmp::Reverse(c)))?;
            left[c] -= r;
            take[b][c] += r;
            used.push(days[c]);
        }
    }
    Some(take)
}

/// The courses that can run in fewer blocks than there are (capped by `max_classes`, rooms,
/// teachers and demand over the minimum class size), scarcest first, at most `limit`.
fn scarce_courses(input: &Input, limit: usize) -> Vec<usize> {
    let nb = input.blocks as u32;
    let mut demand = vec![0u32; input.courses.len()];
    for g in &input.groups {
        for &c in &g.main {
            demand[c] += g.size();
        }
    }
    let most = |c: usize| -> u32 {
        let course = &input.courses[c];
        let teachers: u32 = input
            .teachers
            .iter()
            .filter(|t| t.courses.contains(&c))
            .map(|t| t.capacity * t.staff.len() as u32)
            .sum();
        let by_demand = demand[c].checked_div(course.min).unwrap_or(u32::MAX);
        let by_rooms = course.rooms.map_or(u32::MAX, |r| r.saturating_mul(nb));
        course
            .max_classes
            .min(teachers)
            .min(by_demand)
            .min(by_rooms)
    };
    let mut scarce: Vec<usize> = (0..input.courses.len())
        .filter(|&c| demand[c] > 0 && most(c) < nb)
        .collect();
    scarce.sort_by_key(|&c| (most(c), std::cmp::Reverse(demand[c]), c));
    scarce.truncate(limit);
    scarce
}

/// An upper bound on the pupils fully met, from the model projected onto the scarce courses with
/// class minimums dropped. A design of the full model restricts to a design of the projection
/// in which every pupil fully met before is still met (any subset of a pupil's courses sits in
/// distinct blocks, within sizes, staff and rooms), so the projection's proven bound, plus the
/// pupils who chose no scarce course, bounds the full first level. The projection is small and
/// its clashes are concentrated, so HiGHS closes it where it cannot close the full model.
/// Projections onto the 8, 12, 16, ... scarcest courses are tried in turn while each is proven
/// in its share of the time; the least bound is kept.
pub(crate) fn projection_bound(input: &Input, limits: &Limits) -> Option<f64> {
    let began = Instant::now();
    let mut best: Option<f64> = None;
    for size in [8, 12, 16, 20, 24, 32, 40] {
        let left = limits.time_limit_s - began.elapsed().as_secs_f64();
        if left < 0.2 {
            break;
        }
        let scarce = scarce_courses(input, size);
        let Some((bound, proven)) = project(
            input,
            &scarce,
            &Limits {
                time_limit_s: left / 2.0,
                ..*limits
            },
        ) else {
            break;
        };
        best = Some(best.map_or(bound, |b: f64| b.min(bound)));
        if !proven || scarce.len() < size {
            break;
        }
    }
    best
}

/// The bound of one projection onto `scarce`, and whether HiGHS proved it optimal.
fn project(input: &Input, scarce: &[usize], limits: &Limits) -> Option<(f64, bool)> {
    if scarce.is_empty() {
        return None;
    }
    let new_index = |c: usize| scarce.iter().position(|&s| s == c);
    let courses: Vec<OptCourse> = scarce
        .iter()
        .map(|&c| OptCourse {
            min: 0,
            ..input.courses[c].clone()
        })
        .collect();
    let mut free = 0u32;
    let mut merged: HashMap<Vec<usize>, Group> = HashMap::new();
    for g in &input.groups {
        let mut main: Vec<usize> = g.main.iter().filter_map(|&c| new_index(c)).collect();
        main.sort_unstable();
        if main.is_empty() {
            free += g.size();
            continue;
        }
        let weight = vec![1.0; main.len()];
        merged
            .entry(main.clone())
            .or_insert_with(|| Group {
                main,
                reserves: Vec::new(),
                pupils: Vec::new(),
                weight,
            })
            .pupils
            .extend(&g.pupils);
    }
    let mut groups: Vec<Group> = merged.into_values().collect();
    groups.sort_by(|a, b| a.main.cmp(&b.main));
    let teachers: Vec<TeacherType> = input
        .teachers
        .iter()
        .filter_map(|t| {
            let courses: Vec<usize> = t.courses.iter().filter_map(|&c| new_index(c)).collect();
            (!courses.is_empty()).then(|| TeacherType {
                courses,
                ..t.clone()
            })
        })
        .collect();
    let projected = Input {
        blocks: input.blocks,
        block_ids: input.block_ids.clone(),
        courses,
        groups,
        open: vec![vec![true; input.blocks]; teachers.len()],
        teachers,
        room_types: input.room_types.clone(),
        pins: input
            .pins
            .iter()
            .filter_map(|&(c, b, k)| new_index(c).map(|c| (c, b, k)))
            .collect(),
        periods_per_block: input.periods_per_block,
        slot_classes: input.slot_classes.clone(),
        class_days: input.class_days.clone(),
    };
    let m = Model::build(&projected, None);
    let obj = m.full();
    let (_, r) = m.solve(Sense::Max, obj, None, limits, None).ok()?;
    Some((
        (r.bound.max(r.objective) + 1e-6).floor() + f64::from(free),
        r.status == MipStatus::Optimal,
    ))
}

/// The levels of the block model, solved in this order, each keeping the ones before at what
/// they reached (their optimum, or the best HiGHS found in their time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    /// Pupils with every main choice met.
    Full,
    /// Main choices met, weighted by rank.
    Ranked,
    /// Reserves used in place of missed choices.
    Reserves,
    /// Fewer classes.
    Classes,
    /// Class sizes balanced across blocks: the sum over courses of their largest class minus
    /// their smallest, whatever the blocks of the classes, with the number of classes held.
    Balance,
}

impl Level {
    /// The levels after the first, in order.
    const AFTER_FIRST: [Level; 4] = [
        Level::Ranked,
        Level::Reserves,
        Level::Classes,
        Level::Balance,
    ];
    fn name(self) -> &'static str {
        match self {
            Level::Full => "pupils fully met",
            Level::Ranked => "main choices by rank",
            Level::Reserves => "reserves",
            Level::Balance => "class sizes balanced",
            Level::Classes => "classes",
        }
    }
    fn sense(self) -> Sense {
        match self {
            Level::Balance | Level::Classes => Sense::Min,
            Level::Full | Level::Ranked | Level::Reserves => Sense::Max,
        }
    }
    /// Whether the level's objective takes whole values (held at its rounded value).
    fn integral(self) -> bool {
        !matches!(self, Level::Ranked)
    }
    /// The share of the time left that the level may take.
    fn share(self) -> f64 {
        match self {
            Level::Full => 0.5,
            Level::Ranked | Level::Reserves | Level::Balance => 0.4,
            Level::Classes => 0.35,
        }
    }
    /// Whether the level can change anything only while some pupil misses a main choice.
    fn only_for_unmet(self) -> bool {
        matches!(self, Level::Ranked | Level::Reserves)
    }
    /// The level's objective over the model's variables (`None` for the balance level in a
    /// model without its variables).
    fn objective(self, h: &Handles, input: &Input) -> Option<Expression> {
        match self {
            Level::Full => Some(h.full()),
            Level::Ranked => Some(h.ranked(input)),
            Level::Reserves => Some(h.reserves(input)),
            Level::Balance => h.spread(),
            Level::Classes => Some(h.classes()),
        }
    }
}

/// The balance level with the classes of `best` kept where they are (model `m`, built with
/// them fixed): pupils move between a course's classes in different blocks. Returns the design,
/// HiGHS's result and its column values; `None` when HiGHS finds nothing.
fn balance_in_place(
    mut m: Model,
    input: &Input,
    best: &Design,
    values: &[f64],
    floors: &Floors,
    limits: &Limits,
) -> Option<(Design, MipResult, Vec<f64>)> {
    let base = m.index.len();
    m.add_balance(input);
    m.floor_rows(input, floors);
    let mut start = values.to_vec();
    start.truncate(base);
    start.extend(m.balance_values(input, best));
    let obj = m.spread()?;
    let (design, r) = m.solve(Sense::Min, obj, Some(&start), limits, None).ok()?;
    let v = r.values().to_vec();
    Some((design, r, v))
}

/// The least time HiGHS is given for a level: less rarely brings a feasible design or an
/// improvement on the level before.
const MIN_MIP_S: f64 = 0.5;

/// Settings of the block stage.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    /// Relative gap tolerance.
    pub mip_gap: f64,
    /// HiGHS threads.
    pub threads: u32,
    /// Seed.
    pub seed: u64,
    /// HiGHS log on the terminal.
    pub verbose: bool,
    /// Solve the balance level (off: sizes balanced only within blocks).
    pub balance_sizes: bool,
}

/// The chosen design and the honest figures of its first level.
#[derive(Clone, Debug)]
pub(crate) struct Outcome {
    /// The design.
    pub design: Design,
    /// First-level figures.
    pub first: FirstLevel,
    /// Seconds per level.
    pub level_seconds: Vec<(String, f64)>,
}

/// The size of the first level's model: (variables, rows), built but not solved.
pub(crate) fn size(input: &Input) -> (usize, usize) {
    let m = Model::build(input, None);
    (m.h.index.len(), m.constraints.len())
}

/// Completes a heuristic class layout into a full design (the best pupil fit for those classes),
/// or `None` when it cannot be staffed or filled.
pub(crate) fn complete(
    input: &Input,
    classes: &[Vec<u32>],
    start: Option<&Design>,
    settings: &Settings,
    budget: &Budget,
) -> Option<(Design, f64)> {
    let m = Model::build(input, Some(classes));
    let start = start.map(|d| m.values_of(input, d));
    let obj = m.full();
    let limits = Limits {
        time_limit_s: budget.left().max(MIN_MIP_S),
        mip_gap: settings.mip_gap,
        threads: settings.threads,
        seed: settings.seed,
        verbose: settings.verbose,
    };
    let (design, r) = m
        .solve(Sense::Max, obj, start.as_deref(), &limits, None)
        .ok()?;
    Some((design, r.objective))
}

/// Solves the levels in turn from the start `start` (a complete design, or none).
pub(crate) fn run(
    input: &Input,
    start: Option<&Design>,
    settings: &Settings,
    budget: &Budget,
    say: &(dyn Fn(&str) + Sync),
) -> Result<Outcome> {
    // Each level gets its share of what is left, and at least MIN_MIP_S (the week, after the
    // levels, has whatever the whole budget has left).
    let left = |share: f64| budget.share(share).left().max(MIN_MIP_S);
    let limits = |secs: f64| Limits {
        time_limit_s: secs,
        mip_gap: settings.mip_gap,
        threads: settings.threads,
        seed: settings.seed,
        verbose: settings.verbose,
    };
    let mut level_seconds = Vec::new();
    let mut floors = Floors::default();

    // Level 1: pupils with every main choice met. A start that meets every pupil is optimal
    // by the trivial bound, and HiGHS is not asked to prove it.
    let m = Model::build(input, None);
    // A start whose blocks cannot all be placed around teachers' time away is no start.
    let start = start.filter(|d| place_blocks(input, d).is_some());
    let start_values = start.map(|d| m.values_of(input, d));
    let everyone: f64 = input.groups.iter().map(|g| f64::from(g.size())).sum();
    let start_full = start.map(|d| d.full.iter().map(|&x| f64::from(x)).sum::<f64>());
    let (mut best, r1) = match (start, start_full) {
        (Some(d), Some(full)) if full >= everyone - 0.5 => (d.clone(), MipResult::proven(full)),
        _ => {
            let obj = m.full();
            let watch = |line: &str| say(&format!("pupils fully met: {line}"));
            let solved = m.solve(
                Sense::Max,
                obj,
                start_values.as_deref(),
                &limits(left(Level::Full.share())),
                Some(&watch),
            );
            match (solved, start, start_full) {
                (Ok((_, r)), Some(d), Some(full)) if r.objective + 0.5 < full => {
                    // HiGHS did not take the start: keep it, with HiGHS's bound.
                    (d.clone(), MipResult::with_objective(&r, full))
                }
                (Ok(x), _, _) => x,
                (Err(_), Some(d), Some(full)) => (
                    d.clone(),
                    MipResult::with_objective(&MipResult::proven(everyone), full),
                ),
                (Err(e), _, _) => {
                    return Err(match e {
                        Error::Solver(s) => Error::Solver(SolverError::Blocks(Box::new(s))),
                        e => e,
                    })
                }
            }
        }
    };
    let mut first = FirstLevel {
        objective: r1.objective,
        bound: r1.bound.max(r1.objective),
        gap: r1.gap,
        proven: r1.status == MipStatus::Optimal,
        seconds: r1.seconds,
    };
    if !first.proven {
        // HiGHS's bound is weak when blocks are interchangeable; a projection may prove more.
        let t = Instant::now();
        if let Some(b) = projection_bound(input, &limits(left(0.2).min(30.0))) {
            say(&format!(
                "bound by projection onto the scarce courses: {b:.0}"
            ));
            if b < first.bound {
                first.bound = b.max(first.objective);
                first.gap = (first.bound - first.objective) / first.bound.max(1e-9);
                first.proven = first.gap < 1e-9;
            }
        }
        level_seconds.push(("bound by projection".to_owned(), t.elapsed().as_secs_f64()));
    }
    level_seconds.push((Level::Full.name().to_owned(), r1.seconds));
    say(&format!(
        "pupils fully met: {:.0}, bound {:.1}, gap {:.2}%{}",
        first.objective,
        first.bound,
        first.gap * 100.0,
        if first.proven { " (proven)" } else { "" }
    ));
    floors.0.push((Level::Full, r1.objective));
    let mut values = if r1.values().is_empty() {
        start_values.unwrap_or_default()
    } else {
        r1.values().to_vec()
    };

    // The levels after the first: rank-weighted main choices, reserves, fewer classes, balanced
    // class sizes (with the number of classes held, as SVWS balances a given number of
    // courses: a class more only to even sizes would cost a teacher).
    for level in Level::AFTER_FIRST {
        let (name, sense, share) = (level.name(), level.sense(), level.share());
        // With every pupil fully met, every main choice is met and no reserve is needed.
        if level.only_for_unmet() && first.objective >= everyone - 0.5 {
            continue;
        }
        if level == Level::Balance && !settings.balance_sizes {
            continue;
        }
        if level == Level::Balance {
            // Balance is never below 0: a design already even needs no HiGHS run. Else the
            // pupils are first moved between the classes where they are (exact linear rows,
            // solved fast), then the classes may move too.
            let mut spread = design_spread(input, &best);
            if spread > 0 {
                let m = Model::build(input, Some(&best.classes));
                let base = m.index.len();
                if let Some((design, r, v)) =
                    balance_in_place(m, input, &best, &values, &floors, &limits(left(0.25)))
                {
                    level_seconds.push((format!("{name}, classes kept"), r.seconds));
                    say(&format!("{name}, classes kept: {:.0}", r.objective));
                    if design_spread(input, &design) < spread {
                        spread = design_spread(input, &design);
                        best = design;
                        values = v;
                        values.truncate(base);
                    }
                }
            }
            if spread == 0 {
                floors.0.push((level, 0.0));
                level_seconds.push((name.to_owned(), 0.0));
                continue;
            }
        }
        let mut m = Model::build(input, None);
        if level == Level::Balance || floors.has(Level::Balance) {
            m.add_balance(input);
        }
        m.floor_rows(input, &floors);
        // A start of the model without the balance variables is a prefix of one with them.
        if values.len() < m.index.len() {
            values.extend(m.balance_values(input, &best));
        }
        if level == Level::Balance && m.balance.as_ref().is_none_or(|b| b.courses.is_empty()) {
            floors
                .0
                .push((level, f64::from(design_spread(input, &best))));
            continue;
        }
        let Some(obj) = level.objective(&m.h, input) else {
            continue;
        };
        let watch = |line: &str| say(&format!("{name}: {line}"));
        match m.solve(
            sense,
            obj,
            Some(&values),
            &limits(left(share)),
            Some(&watch),
        ) {
            Ok((design, r)) => {
                level_seconds.push((name.to_owned(), r.seconds));
                say(&format!(
                    "{name}: {:.1} (bound {:.1}, gap {:.2}%)",
                    r.objective,
                    r.bound,
                    r.gap * 100.0
                ));
                floors.0.push((level, r.objective));
                best = design;
                values = r.values().to_vec();
            }
            Err(_) => {
                // Keep the previous level's solution: it is feasible for every level.
                level_seconds.push((format!("{name} (kept previous)"), 0.0));
                break;
            }
        }
    }
    Ok(Outcome {
        design: best,
        first,
        level_seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::planted_school;
    use crate::solve::groups;

    /// Two blocks of one period. A needs the one lab (so at most one class of A a block) and
    /// takes at most 30 a class; B runs once. `ab` pupils choose A and B, `a_only` A alone.
    fn two_blocks(ab: u32, a_only: u32) -> (Scenario, Input) {
        let school = "name = \"balance\"\n[week]\ndays = [\"Mon\", \"Tue\"]\nperiods = [\"P1\", \"P2\"]\n[options]\nblocks = 2\nperiods_per_block = 1\n";
        let courses = "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages\n\
                       A,A,option,1,1,30,2,lab,10\nB,B,option,1,1,40,1,none,10\n";
        let mut pupils = "pupil,name,stage,tutor_group\n".to_owned();
        let mut choices = "pupil,course,rank,reserve\n".to_owned();
        for i in 0..ab + a_only {
            pupils += &format!("P{i},P{i},10,T1\n");
            choices += &format!("P{i},A,1,0\n");
            if i < ab {
                choices += &format!("P{i},B,2,0\n");
            }
        }
        let mut staff = "staff,name,max_periods,teaches,unavailable\n".to_owned();
        for i in 0..4 {
            staff += &format!("S{i},S{i},20,A;B,\n");
        }
        let rooms = "room,capacity,type,unavailable\nL1,30,lab,\nR1,30,classroom,\n";
        let scenario = planted_school([school, courses, &pupils, &choices, &staff, rooms]);
        let scheme = scenario.schemes.keys().next();
        let options = groups::chosen_options(&scenario);
        let groups = groups::group_pupils(&scenario, &options);
        let reserved = KeyedVec::filled(scenario.staff.len(), 0);
        let input = Input::new(&scenario, scheme, &options, groups, &reserved, Vec::new());
        (scenario, input)
    }

    /// The design with A in both blocks and B in the first: the A-and-B pupils take A in the
    /// second block, and `first` of the A-alone pupils take A in the first, the rest in the
    /// second. Every pupil is fully met.
    fn planted(scenario: &Scenario, input: &Input, first: u32) -> Design {
        let c = |id: &str| {
            input
                .courses
                .iter()
                .position(|x| scenario.courses[x.id].id == id)
                .expect("chosen")
        };
        let (a, b) = (c("A"), c("B"));
        let nb = input.blocks;
        let mut classes = vec![vec![0u32; nb]; input.courses.len()];
        classes[a] = vec![1, 1];
        classes[b] = vec![1, 0];
        let mut sat = Vec::new();
        let mut rest = Vec::new();
        for g in &input.groups {
            let n = g.size();
            sat.push(
                g.main
                    .iter()
                    .map(|&m| match (m == a, g.main.len()) {
                        (true, 1) => vec![first, n - first],
                        (true, _) => vec![0, n],
                        (false, _) => vec![n, 0],
                    })
                    .collect(),
            );
            rest.push(g.courses().map(|_| vec![0; nb]).collect());
        }
        assert_eq!(input.teachers.len(), 1, "one teacher type");
        let teach = vec![(0..input.courses.len())
            .map(|ci| classes[ci].clone())
            .collect()];
        Design {
            classes,
            full: input.groups.iter().map(Group::size).collect(),
            sat,
            rest,
            teach,
        }
    }

    fn settings() -> Settings {
        Settings {
            mip_gap: 0.0,
            threads: 1,
            seed: 1,
            verbose: false,
            balance_sizes: true,
        }
    }

    /// The sizes of A's classes, by block.
    fn sizes_of_a(scenario: &Scenario, input: &Input, d: &Design) -> Vec<u32> {
        let a = input
            .courses
            .iter()
            .position(|x| scenario.courses[x.id].id == "A")
            .expect("chosen");
        design_loads(input, d)[a].clone()
    }

    /// Runs the block model from a planted design, with 20 s.
    fn run_from(input: &Input, start: &Design) -> Outcome {
        run(input, Some(start), &settings(), &Budget::new(20.0), &|_| {}).expect("solved")
    }

    #[test]
    fn a_planted_design_of_10_and_30_is_balanced_to_20_and_20() {
        let (scenario, input) = two_blocks(10, 30);
        let start = planted(&scenario, &input, 30);
        assert_eq!(sizes_of_a(&scenario, &input, &start), vec![30, 10]);
        assert_eq!(design_spread(&input, &start), 20);
        let out = run_from(&input, &start);
        let d = &out.design;
        assert_eq!(sizes_of_a(&scenario, &input, d), vec![20, 20]);
        assert_eq!(design_spread(&input, d), 0);
        // The pupils' level and the classes are as good as the start's.
        assert_eq!(d.full.iter().sum::<u32>(), 40);
        assert_eq!(d.classes.iter().flatten().sum::<u32>(), 3);
        assert!(out
            .level_seconds
            .iter()
            .any(|(name, _)| name == Level::Balance.name()));
    }

    #[test]
    fn balance_never_costs_a_pupil_a_choice() {
        // 25 pupils must take A in the block without B; the 10 others in the other block give
        // 10 and 25 at best. Leaving some of the 25 without A or B would balance better, but
        // the pupils' level comes first.
        let (scenario, input) = two_blocks(25, 10);
        let start = planted(&scenario, &input, 5);
        assert_eq!(design_spread(&input, &start), 25);
        let out = run_from(&input, &start);
        let d = &out.design;
        assert_eq!(d.full.iter().sum::<u32>(), 35);
        assert_eq!(out.first.objective, 35.0);
        let mut sizes = sizes_of_a(&scenario, &input, d);
        sizes.sort_unstable();
        assert_eq!(sizes, vec![10, 25]);
        assert_eq!(design_spread(&input, d), 15);
    }

    #[test]
    fn spread_deals_a_block_evenly_round_its_classes() {
        // 41 pupils in two classes of one block are 21 and 20; 20 in one class elsewhere.
        assert_eq!(spread_of(&[41, 20], &[2, 1]), Some((21, 20)));
        assert_eq!(spread_of(&[41, 0], &[2, 0]), Some((21, 20)));
        assert_eq!(spread_of(&[0, 0], &[0, 0]), None);
    }
}
