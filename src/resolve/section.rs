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
    /// Classes the teachers free where each block met can take; more costs the move of the
    /// block.
    pub staffable: &'a [super::staffable::Row],
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

fn build(inp: &Input<'_>, fixed: &BTreeSet<PupilId>) -> Model {
    let s = inp.scenario;
    let cands = inp.candidates;
    let mut vars = ProblemVariables::new();
    let mut rows = Vec::new();
    let mut x = Vec::new();
    let weight = choice_weight(s);
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
        let locked = inp.locked.contains(&pid) || fixed.contains(&pid);
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
                choices += weight(ch.rank) * v;
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
        // A pupil new to the school changes nothing (changes.csv and the limits count pupils
        // in both solutions only).
        if !inp.known[pid] {
            continue;
        }
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
    // More classes in a block than the teachers free where it met can take: the block moves,
    // and every pupil in it sees their week change.
    let mut moves: std::collections::BTreeMap<BlockId, Variable> = Default::default();
    for row in inp.staffable {
        let m = *moves.entry(row.block).or_insert_with(|| {
            let m = vars.add(variable().binary());
            changes += courses_max * f64::from(row.pupils.max(1)) * m;
            m
        });
        let n: Expression = row.classes.iter().map(|&i| open[i]).sum();
        let over = (row.classes.len() as u32 - row.teachers) as f64;
        rows.push(constraint!(n <= f64::from(row.teachers) + over * m));
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

/// One level's answer with the model's variables.
type Answer = (
    highs::MipResult,
    Vec<(PupilId, usize, Variable)>,
    Vec<Variable>,
    Vec<(PupilId, Variable)>,
    Option<Variable>,
);

/// The levels in turn, each bounded by the one before and started from its answer (the first
/// from `start`), pupils of `fixed` kept in their old classes, within `time` seconds. Returns
/// the last answer and the choices met (the choices level's objective).
fn levels(
    inp: &Input<'_>,
    fixed: &BTreeSet<PupilId>,
    mut start: Option<Vec<f64>>,
    time: f64,
    seconds: &mut Vec<(String, f64)>,
    stage: &str,
) -> Result<(Answer, f64)> {
    let count = if inp.limits.max_changes.is_some() || inp.limits.max_changes_per_pupil.is_some() {
        3
    } else {
        2
    };
    let began = std::time::Instant::now();
    let mut excess_bound: Option<f64> = None;
    let mut choices_bound: Option<f64> = None;
    let mut result: Option<Answer> = None;
    for level in (3 - count)..3 {
        let mut m = build(inp, fixed);
        if let Some(b) = excess_bound {
            m.rows.push(constraint!(m.excess.clone() <= b + 1e-6));
        }
        if let Some(b) = choices_bound {
            m.rows.push(constraint!(m.choices.clone() >= b - 0.5));
        }
        let (sense, objective, name) = match level {
            0 => (Sense::Min, m.excess, "limits"),
            1 => (Sense::Max, m.choices, "choices met"),
            _ => (Sense::Min, m.changes, "fewest changes"),
        };
        let left = (time - began.elapsed().as_secs_f64()).max(1.0);
        let limits = highs::Limits {
            time_limit_s: left / (3 - level) as f64,
            ..inp.highs
        };
        let t = std::time::Instant::now();
        // Each level starts from the one before (its answer meets the bound it sets); a level
        // that finds nothing in its time keeps that answer.
        if let Some((r, ..)) = &result {
            start = Some(r.values().to_vec());
        }
        let r = match highs::solve(
            m.vars,
            sense,
            objective,
            m.rows,
            start.as_deref(),
            &limits,
            None,
        ) {
            Ok(r) => r,
            Err(_) if result.is_some() => {
                seconds.push((
                    format!("resolve level: {name}{stage} (kept the level before)"),
                    t.elapsed().as_secs_f64(),
                ));
                break;
            }
            Err(e) => return Err(e),
        };
        seconds.push((
            format!("resolve level: {name}{stage}"),
            t.elapsed().as_secs_f64(),
        ));
        match level {
            0 => excess_bound = Some(r.objective),
            1 => choices_bound = Some(r.objective),
            _ => {}
        }
        result = Some((r, m.x, m.open, m.pupil_excess, m.total_excess));
    }
    Ok((
        result.expect("at least one level"),
        choices_bound.unwrap_or(0.0),
    ))
}

/// Pupils whose option classes need not change: in the old solution, no change decided outside
/// the program, every main option choice met by an old class (or missed by the old solution
/// too), every old option class still chosen, and none in a block with more classes than its
/// free teachers can take (their class may have to close).
fn untouched(inp: &Input<'_>) -> BTreeSet<PupilId> {
    let s = inp.scenario;
    let crowded: BTreeSet<PupilId> = inp
        .staffable
        .iter()
        .flat_map(|r| r.classes.iter())
        .flat_map(|&i| inp.candidates[i].old.iter().copied())
        .collect();
    s.pupils
        .iter_enumerated()
        .filter(|(pid, p)| {
            inp.known[*pid]
                && !crowded.contains(pid)
                && inp.forced[*pid] == (0, 0)
                && p.main_choices()
                    .filter(|ch| s.courses[ch.course].kind == CourseKind::Option)
                    .all(|ch| {
                        inp.old_unmet.contains(&(*pid, ch.course))
                            || inp
                                .candidates
                                .iter()
                                .any(|c| c.course == ch.course && c.old.binary_search(pid).is_ok())
                    })
        })
        .map(|(pid, _)| pid)
        .collect()
}

/// The weight of meeting a main choice of a given rank: ten times the number of ranks for the
/// choice met, and one more for each rank it is above the last, so meeting any choice outweighs
/// every preference between ranks.
fn choice_weight(s: &Scenario) -> impl Fn(u32) -> f64 {
    let last = s
        .pupils
        .iter()
        .flat_map(|p| p.main_choices().map(|c| c.rank))
        .max()
        .unwrap_or(1);
    move |rank| 10.0 * f64::from(last + 1) + f64::from(last + 1 - rank.min(last))
}

/// The most the choices level can reach: every main option choice counted by it met.
fn ideal(inp: &Input<'_>) -> f64 {
    let s = inp.scenario;
    let weight = choice_weight(s);
    let offered: BTreeSet<CourseId> = inp.candidates.iter().map(|c| c.course).collect();
    s.pupils
        .iter_enumerated()
        .flat_map(|(pid, p)| p.main_choices().map(move |ch| (pid, ch)))
        .filter(|(pid, ch)| {
            s.courses[ch.course].kind == CourseKind::Option
                && offered.contains(&ch.course)
                && !inp.old_unmet.contains(&(*pid, ch.course))
        })
        .map(|(_, ch)| weight(ch.rank))
        .sum()
}

/// Sections the pupils. First with every untouched pupil kept in their old classes (a small
/// program: only the pupils with new demands move); when that meets every new demand it is the
/// answer (no other pupil need change). Otherwise the whole program, started from it.
pub(crate) fn run(inp: &Input<'_>) -> Result<Sectioned> {
    let began = std::time::Instant::now();
    let mut seconds = Vec::new();
    let keep = untouched(inp);
    let time = inp.highs.time_limit_s;
    let first = if keep.is_empty() {
        None
    } else {
        levels(inp, &keep, None, time * 0.5, &mut seconds, " (others kept)").ok()
    };
    let result = match first {
        Some((answer, met)) if met >= ideal(inp) - 0.5 => answer,
        first => {
            let start = first.as_ref().map(|(a, _)| a.0.values().to_vec());
            let left = (time - began.elapsed().as_secs_f64()).max(1.0);
            let none = BTreeSet::new();
            match levels(inp, &none, start, left, &mut seconds, "") {
                Ok((answer, _)) => answer,
                Err(_) if first.is_some() => first.expect("checked").0,
                Err(e) => return Err(e),
            }
        }
    };
    let (r, x, open_vars, pupil_excess, total_excess) = result;
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
