//! Sectioning with change counting: pupils into the option classes of the kept blocks (and,
//! with `--free-blocks`, the classes of a fresh design too), as one integer program over
//! pupils and classes solved level by level (lexicographically) with HiGHS:
//!
//! 1. the change limits, as far as they can be met (the excess over each limit, least);
//! 2. main choices met, by rank, as many as can be (reserves in place of missed ones next);
//! 3. the fewest pupils whose classes change, then the fewest classes changed.
//!
//! See docs/model.md, "Re-solving".

use std::collections::BTreeSet;

use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

use crate::error::Result;
use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};
use crate::solution::changes::Limits;
use crate::solution::Note;
use crate::solve::highs::{self, Sense};

/// A class pupils may be put in.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    /// Its id.
    pub id: String,
    /// Its course (an option course).
    pub course: CourseId,
    /// Its block.
    pub block: BlockId,
    /// Pupils it had in the old solution who still chose its course.
    pub old: Vec<PupilId>,
    /// Locked: keeps exactly its old pupils.
    pub locked: bool,
    /// Whether it is an old class (opening a new one changes the blocks).
    pub kept: bool,
}

/// What the program is given besides the classes.
pub(crate) struct Input<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The classes.
    pub candidates: &'a [Candidate],
    /// Pupils whose option classes must stay as they were.
    pub locked: &'a BTreeSet<PupilId>,
    /// Class changes of each pupil that the program does not decide (old classes dropped,
    /// new classes added outside the option blocks, old option classes that cannot be kept).
    pub forced: &'a KeyedVec<PupilId, (u32, u32)>,
    /// Main choices the old solution did not meet: not a new demand, so met only where that
    /// changes nothing else.
    pub old_unmet: &'a BTreeSet<(PupilId, CourseId)>,
    /// Pupils who had classes in the old solution.
    pub known: &'a KeyedVec<PupilId, bool>,
    /// The limits.
    pub limits: Limits,
    /// HiGHS settings; the time is shared between the levels.
    pub highs: highs::Limits,
}

/// The program's answer.
pub(crate) struct Sectioned {
    /// Pupils of each candidate (empty: the class does not run).
    pub pupils: Vec<Vec<PupilId>>,
    /// Whether each candidate runs.
    pub open: Vec<bool>,
    /// Limits that could not be met.
    pub notes: Vec<Note>,
    /// Seconds per level.
    pub seconds: Vec<(String, f64)>,
}

struct Model {
    vars: ProblemVariables,
    rows: Vec<Constraint>,
    x: Vec<(PupilId, usize, Variable)>,
    open: Vec<Variable>,
    excess: Expression,
    choices: Expression,
    changes: Expression,
    pupil_excess: Vec<(PupilId, Variable)>,
    total_excess: Option<Variable>,
}

/// The largest class a candidate may hold: its course's `max_size`, and the seats of the
/// largest suitable room when it needs one.
fn capacity(s: &Scenario, course: CourseId) -> u32 {
    let c = &s.courses[course];
    if c.room_type.is_none() {
        return c.max_size;
    }
    let seats = s
        .rooms
        .iter()
        .filter(|r| r.suits(c))
        .map(|r| r.capacity)
        .max()
        .unwrap_or(0);
    c.max_size.min(seats)
}

fn build(inp: &Input<'_>) -> Model {
    let s = inp.scenario;
    let cands = inp.candidates;
    let mut vars = ProblemVariables::new();
    let mut rows = Vec::new();
    let mut x = Vec::new();
    let k_rank = s
        .pupils
        .iter()
        .flat_map(|p| p.main_choices().map(|c| c.rank))
        .max()
        .unwrap_or(1);
    let open: Vec<Variable> = cands
        .iter()
        .map(|c| {
            if c.locked {
                vars.add(variable().binary().min(1))
            } else {
                vars.add(variable().binary())
            }
        })
        .collect();
    let mut by_course: std::collections::HashMap<CourseId, Vec<usize>> = Default::default();
    for (i, c) in cands.iter().enumerate() {
        by_course.entry(c.course).or_default().push(i);
    }
    let old_of = |p: PupilId, i: usize| cands[i].old.binary_search(&p).is_ok();
    let mut size: Vec<Expression> = vec![Expression::from(0); cands.len()];
    let mut choices = Expression::from(0);
    let mut changes = Expression::from(0);
    let mut pupil_excess = Vec::new();
    let mut changed_all = Expression::from(0);
    let mut excess = Expression::from(0);
    let courses_max = s.courses.len() as f64 + 1.0;
    for (pid, p) in s.pupils.iter_enumerated() {
        let mine: Vec<(crate::scenario::Choice, usize)> = p
            .choices
            .iter()
            .filter(|ch| s.courses[ch.course].kind == CourseKind::Option)
            .flat_map(|ch| {
                by_course
                    .get(&ch.course)
                    .into_iter()
                    .flatten()
                    .map(move |&i| (*ch, i))
            })
            .collect();
        let (forced_drop, forced_add) = inp.forced[pid];
        let had: Vec<usize> = (0..cands.len()).filter(|&i| old_of(pid, i)).collect();
        if mine.is_empty() && had.is_empty() && forced_drop == 0 && forced_add == 0 {
            continue;
        }
        let mains = p
            .main_choices()
            .filter(|ch| s.courses[ch.course].kind == CourseKind::Option)
            .count() as f64;
        let mut per_block: Vec<Expression> = vec![Expression::from(0); s.blocks.len()];
        let mut taken = Expression::from(0);
        let mut dropped = Expression::from(f64::from(forced_drop));
        let mut added = Expression::from(f64::from(forced_add));
        let changed = vars.add(variable().binary());
        if forced_drop + forced_add > 0 {
            rows.push(constraint!(changed >= 1));
        }
        let locked = inp.locked.contains(&pid);
        let mut per_course: std::collections::HashMap<CourseId, Expression> = Default::default();
        for &(ch, i) in &mine {
            let was = old_of(pid, i);
            let fixed = locked || cands[i].locked;
            let v = if fixed {
                let b = if was { 1.0 } else { 0.0 };
                vars.add(variable().binary().min(b).max(b))
            } else {
                vars.add(variable().binary())
            };
            x.push((pid, i, v));
            size[i] += v;
            per_block[cands[i].block.index()] += v;
            *per_course
                .entry(ch.course)
                .or_insert_with(|| Expression::from(0)) += v;
            taken += v;
            // The new demands: every main choice but those the old solution missed too, and
            // reserves of pupils new to the school.
            if ch.reserve {
                if !inp.known[pid] {
                    choices += 1.0 * v;
                }
            } else if !inp.old_unmet.contains(&(pid, ch.course)) {
                let w = 10.0 * f64::from(k_rank + 1) + f64::from(k_rank + 1 - ch.rank.min(k_rank));
                choices += w * v;
            }
            if was {
                dropped += 1.0 - v;
                rows.push(constraint!(changed >= 1.0 - v));
            } else {
                added += v;
                rows.push(constraint!(changed >= v));
            }
        }
        // Old classes the pupil no longer may take here (course no longer chosen): dropped.
        for &i in &had {
            if !mine.iter().any(|&(_, j)| j == i) {
                dropped += 1.0;
                rows.push(constraint!(changed >= 1));
            }
        }
        for e in per_block.into_iter().chain(per_course.into_values()) {
            rows.push(constraint!(e <= 1));
        }
        rows.push(constraint!(taken <= mains));
        // Classes changed: max(dropped, added), as changes.csv pairs them.
        let r = vars.add(variable().min(0));
        rows.push(constraint!(r >= dropped));
        rows.push(constraint!(r >= added));
        changes += courses_max * changed + r;
        changed_all += changed;
        if let Some(k) = inp.limits.max_changes_per_pupil {
            let e = vars.add(variable().min(0));
            rows.push(constraint!(r <= f64::from(k) + e));
            excess += e;
            pupil_excess.push((pid, e));
        }
    }
    let mut total_excess = None;
    if let Some(n) = inp.limits.max_changes {
        let e = vars.add(variable().min(0));
        rows.push(constraint!(changed_all <= f64::from(n) + e));
        excess += e;
        total_excess = Some(e);
    }
    for (i, c) in cands.iter().enumerate() {
        let course = &s.courses[c.course];
        let cap =
            f64::from(capacity(s, c.course).max(if c.locked { c.old.len() as u32 } else { 0 }));
        let min = if c.locked {
            course.min_size.min(c.old.len() as u32)
        } else {
            course.min_size
        };
        let (o, n) = (open[i], size[i].clone());
        rows.push(constraint!(n.clone() <= cap * o));
        rows.push(constraint!(n >= f64::from(min) * o));
    }
    for (&course, ids) in &by_course {
        let n: Expression = ids.iter().map(|&i| open[i]).sum();
        rows.push(constraint!(n <= f64::from(s.courses[course].max_classes)));
    }
    // A new class costs a change of the blocks: open it only when it serves a choice.
    for (i, c) in cands.iter().enumerate() {
        if !c.kept {
            changes += 0.5 * open[i];
        }
    }
    Model {
        vars,
        rows,
        x,
        open,
        excess,
        choices,
        changes,
        pupil_excess,
        total_excess,
    }
}

/// Sections the pupils: the three levels, each bounded by the one before.
pub(crate) fn run(inp: &Input<'_>) -> Result<Sectioned> {
    let levels = if inp.limits.max_changes.is_some() || inp.limits.max_changes_per_pupil.is_some() {
        3
    } else {
        2
    };
    let began = std::time::Instant::now();
    let mut seconds = Vec::new();
    let mut excess_bound: Option<f64> = None;
    let mut choices_bound: Option<f64> = None;
    let mut result = None;
    for level in (3 - levels)..3 {
        let Model {
            vars,
            mut rows,
            x,
            open,
            excess,
            choices,
            changes,
            pupil_excess,
            total_excess,
        } = build(inp);
        if let Some(b) = excess_bound {
            rows.push(constraint!(excess.clone() <= b + 1e-6));
        }
        if let Some(b) = choices_bound {
            rows.push(constraint!(choices.clone() >= b - 0.5));
        }
        let (sense, objective, name) = match level {
            0 => (Sense::Min, excess, "limits"),
            1 => (Sense::Max, choices, "choices met"),
            _ => (Sense::Min, changes, "fewest changes"),
        };
        let left = (inp.highs.time_limit_s - began.elapsed().as_secs_f64()).max(1.0);
        let limits = highs::Limits {
            time_limit_s: left / (3 - level) as f64,
            ..inp.highs
        };
        let t = std::time::Instant::now();
        let r = highs::solve(vars, sense, objective, rows, None, &limits)?;
        seconds.push((format!("resolve level: {name}"), t.elapsed().as_secs_f64()));
        match level {
            0 => excess_bound = Some(r.objective),
            1 => choices_bound = Some(r.objective),
            _ => {}
        }
        result = Some((r, x, open, pupil_excess, total_excess));
    }
    let (r, x, open_vars, pupil_excess, total_excess) = result.expect("at least one level");
    let mut pupils = vec![Vec::new(); inp.candidates.len()];
    for &(p, i, v) in &x {
        if r.value(v) > 0.5 {
            pupils[i].push(p);
        }
    }
    let open: Vec<bool> = open_vars
        .iter()
        .zip(&pupils)
        .map(|(&o, ps)| r.value(o) > 0.5 && !ps.is_empty())
        .collect();
    let mut notes = Vec::new();
    if let (Some(n), Some(e)) = (inp.limits.max_changes, total_excess) {
        let over = r.value(e).round() as u64;
        if over > 0 {
            notes.push(Note::LimitCost {
                limit: format!("--max-changes {n}"),
                cost: format!("{over} more pupils' classes must change to meet the new choices and keep the rest"),
            });
        }
    }
    if let Some(k) = inp.limits.max_changes_per_pupil {
        let over: Vec<String> = pupil_excess
            .iter()
            .filter(|(_, e)| r.value(*e) > 0.5)
            .map(|(p, e)| format!("{} (+{})", inp.scenario.pupils[*p].id, r.value(*e).round()))
            .collect();
        if !over.is_empty() {
            notes.push(Note::LimitCost {
                limit: format!("--max-changes-per-pupil {k}"),
                cost: format!(
                    "{} pupils need more class changes: {}",
                    over.len(),
                    over.join(", ")
                ),
            });
        }
    }
    Ok(Sectioned {
        pupils,
        open,
        notes,
        seconds,
    })
}
