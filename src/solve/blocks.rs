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

use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

use super::groups::Group;
use super::highs::{self, Limits, MipResult, MipStatus, Sense};
use crate::error::{Error, Result};
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
}

/// Everything the block model reads, prepared once from the scenario.
#[derive(Clone, Debug)]
pub(crate) struct Input {
    /// Number of blocks.
    pub blocks: usize,
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
}

impl Input {
    /// Prepares the model input; `reserved` are weekly periods each teacher keeps for other
    /// teaching.
    pub fn new(
        scenario: &Scenario,
        options: &[CourseId],
        groups: Vec<Group>,
        reserved: &KeyedVec<StaffId, u32>,
        pins: Vec<(usize, usize, Option<u32>)>,
    ) -> Self {
        let blocks = scenario.options.blocks as usize;
        let ppb = scenario.options.periods_per_block.max(1);
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
                }
            })
            .collect::<Vec<_>>();
        let mut types: HashMap<(Vec<usize>, u32), usize> = HashMap::new();
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
            let t = *types.entry((taught.clone(), capacity)).or_insert_with(|| {
                teachers.push(TeacherType {
                    staff: Vec::new(),
                    courses: taught,
                    capacity,
                });
                teachers.len() - 1
            });
            teachers[t].staff.push(sid);
        }
        let mut room_types = vec![0; scenario.room_types.len()];
        for r in scenario.rooms.iter() {
            room_types[r.room_type.index()] += 1;
        }
        Input {
            blocks,
            courses,
            groups,
            teachers,
            room_types,
            pins,
        }
    }
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
}

impl std::ops::Deref for Model {
    type Target = Handles;
    fn deref(&self) -> &Handles {
        &self.h
    }
}

/// What the levels before this one fixed.
#[derive(Clone, Copy, Debug, Default)]
struct Floors {
    full: Option<f64>,
    ranked: Option<f64>,
    reserves: Option<f64>,
    classes: Option<f64>,
}

impl Model {
    /// Builds the model; with `fixed` the classes per course and block are fixed.
    fn build(input: &Input, fixed: Option<&[Vec<u32>]>) -> Self {
        let nb = input.blocks;
        let mut vars = ProblemVariables::new();
        let y: Vec<Vec<Variable>> = input
            .courses
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                (0..nb)
                    .map(|b| {
                        let hi = c.max_classes.min(c.rooms.unwrap_or(u32::MAX));
                        match fixed {
                            Some(d) => vars.add(variable().integer().min(d[ci][b]).max(d[ci][b])),
                            None => {
                                let lo = input
                                    .pins
                                    .iter()
                                    .filter(|p| p.0 == ci && p.1 == b)
                                    .map(|p| p.2.unwrap_or(1))
                                    .max()
                                    .unwrap_or(0);
                                let hi_pin = input
                                    .pins
                                    .iter()
                                    .filter(|p| p.0 == ci && p.1 == b)
                                    .find_map(|p| p.2)
                                    .unwrap_or(hi);
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
                            vars.add_vector(
                                variable().integer().min(0).max(tt.staff.len() as u32),
                                nb,
                            )
                        })
                    })
                    .collect()
            })
            .collect();
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
            },
        };
        m.pupil_rows(input);
        m.class_rows(input);
        m.staff_rows(input);
        m.room_rows(input);
        m
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
        let mut load: Vec<Vec<Expression>> =
            vec![vec![Expression::from(0); input.blocks]; input.courses.len()];
        for (g, grp) in input.groups.iter().enumerate() {
            let n = grp.size();
            for (i, c) in grp.main.iter().enumerate() {
                for b in 0..input.blocks {
                    load[*c][b] += self.h.z[g][i][b];
                }
            }
            for (i, c) in grp.courses().enumerate() {
                for b in 0..input.blocks {
                    load[c][b] += self.h.w[g][i][b];
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
                self.constraints.push(constraint!(taught == y));
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
    ) -> Result<(Design, MipResult)> {
        let Model {
            vars,
            constraints,
            h,
        } = self;
        let r = highs::solve(vars, sense, objective, constraints, start, limits)?;
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
}

impl Model {
    fn floor_rows(&mut self, input: &Input, floors: &Floors) {
        let tol = |v: f64| v - 1e-6 * (1.0 + v.abs());
        if let Some(v) = floors.full {
            let e = self.full();
            self.constraints.push(constraint!(e >= v.round() - 1e-6));
        }
        if let Some(v) = floors.ranked {
            let e = self.ranked(input);
            self.constraints.push(constraint!(e >= tol(v)));
        }
        if let Some(v) = floors.reserves {
            let e = self.reserves(input);
            self.constraints.push(constraint!(e >= v.round() - 1e-6));
        }
        if let Some(v) = floors.classes {
            let e = self.classes();
            self.constraints.push(constraint!(e <= v.round() + 1e-6));
        }
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
    fn values_of(&self, d: &Design) -> Vec<f64> {
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
        v
    }
}

/// Settings of the block stage.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    /// Total wall-clock seconds for all levels.
    pub time_limit_s: f64,
    /// Relative gap tolerance.
    pub mip_gap: f64,
    /// HiGHS threads.
    pub threads: u32,
    /// Seed.
    pub seed: u64,
    /// HiGHS log on the terminal.
    pub verbose: bool,
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
) -> Option<(Design, f64)> {
    let m = Model::build(input, Some(classes));
    let start = start.map(|d| m.values_of(d));
    let obj = m.full();
    let limits = Limits {
        time_limit_s: settings.time_limit_s,
        mip_gap: settings.mip_gap,
        threads: settings.threads,
        seed: settings.seed,
        verbose: settings.verbose,
    };
    let (design, r) = m.solve(Sense::Max, obj, start.as_deref(), &limits).ok()?;
    Some((design, r.objective))
}

/// Solves the levels in turn from the start `start` (a complete design, or none).
pub(crate) fn run(
    input: &Input,
    start: Option<&Design>,
    settings: &Settings,
    say: &dyn Fn(&str),
) -> Result<Outcome> {
    let began = Instant::now();
    let left =
        |share: f64| ((settings.time_limit_s - began.elapsed().as_secs_f64()) * share).max(0.5);
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
    let start_values = start.map(|d| m.values_of(d));
    let everyone: f64 = input.groups.iter().map(|g| f64::from(g.size())).sum();
    let start_full = start.map(|d| d.full.iter().map(|&x| f64::from(x)).sum::<f64>());
    let (mut best, r1) = match (start, start_full) {
        (Some(d), Some(full)) if full >= everyone - 0.5 => (d.clone(), MipResult::proven(full)),
        _ => {
            let obj = m.full();
            let solved = m.solve(Sense::Max, obj, start_values.as_deref(), &limits(left(0.5)));
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
                        Error::Solver(s) => {
                            Error::Solver(format!("designing the option blocks: {s}"))
                        }
                        e => e,
                    })
                }
            }
        }
    };
    let first = FirstLevel {
        objective: r1.objective,
        bound: r1.bound.max(r1.objective),
        gap: r1.gap,
        proven: r1.status == MipStatus::Optimal,
        seconds: r1.seconds,
    };
    level_seconds.push(("pupils fully met".to_owned(), r1.seconds));
    say(&format!(
        "pupils fully met: {:.0}, bound {:.1}, gap {:.2}%{}",
        first.objective,
        first.bound,
        first.gap * 100.0,
        if first.proven { " (proven)" } else { "" }
    ));
    floors.full = Some(r1.objective);
    let mut values = if r1.values().is_empty() {
        start_values.unwrap_or_default()
    } else {
        r1.values().to_vec()
    };

    // Levels 2-4: rank-weighted main choices, reserves, fewer classes.
    type Objective = fn(&Model, &Input) -> Expression;
    let levels: [(&str, Sense, Objective, f64); 3] = [
        ("main choices by rank", Sense::Max, |m, i| m.ranked(i), 0.4),
        ("reserves", Sense::Max, |m, i| m.reserves(i), 0.4),
        ("classes", Sense::Min, |m, _| m.classes(), 0.35),
    ];
    for (i, (name, sense, objective, share)) in levels.into_iter().enumerate() {
        // With every pupil fully met, every main choice is met and no reserve is needed.
        if i < 2 && first.objective >= everyone - 0.5 {
            continue;
        }
        let mut m = Model::build(input, None);
        m.floor_rows(input, &floors);
        let obj = objective(&m, input);
        match m.solve(sense, obj, Some(&values), &limits(left(share))) {
            Ok((design, r)) => {
                level_seconds.push((name.to_owned(), r.seconds));
                say(&format!(
                    "{name}: {:.1} (bound {:.1}, gap {:.2}%)",
                    r.objective,
                    r.bound,
                    r.gap * 100.0
                ));
                match i {
                    0 => floors.ranked = Some(r.objective),
                    1 => floors.reserves = Some(r.objective),
                    _ => floors.classes = Some(r.objective),
                }
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
