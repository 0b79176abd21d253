//! Decides who teaches the classes outside the option blocks (core sets, lectures, tutorials,
//! fixed classes), as an assignment integer program: qualified teachers, one class per teacher
//! in a band (its classes meet together), weekly load and availability respected, keeping
//! teachers that the option blocks need, and part-timers, off the big bands; a band's teachers
//! share as many free slots as they can (days off that coincide), never fewer than its periods
//! where any choice allows.

use good_lp::{constraint, variable, Expression, ProblemVariables, Variable};

use super::highs::{self, Limits, Sense};
use super::teaching::Band;
use crate::error::Result;
use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};
use crate::solution::Note;

/// A teacher (or none) for each class of each band.
pub(crate) type BandStaff = Vec<Vec<Option<StaffId>>>;

/// What keeping a class's teacher is worth, against the load costs (a few units a period):
/// below the cost of a band whose teachers share too few slots (1000 a slot short) and of a
/// class left without a teacher.
const KEEP: f64 = 500.0;

/// A teacher for each class of each band (`None`: none needed, or none could be found).
pub(crate) fn run(
    scenario: &Scenario,
    bands: &[Band],
    limits: &Limits,
) -> Result<(BandStaff, Vec<Note>)> {
    run_keeping(scenario, bands, limits, None)
}

/// As [`run`], keeping where it can the teacher `prefer` names for each class (a re-solve's
/// old teachers): each kept one takes [`KEEP`] off the objective.
pub(crate) fn run_keeping(
    scenario: &Scenario,
    bands: &[Band],
    limits: &Limits,
    prefer: Option<&BandStaff>,
) -> Result<(BandStaff, Vec<Note>)> {
    let slots = scenario.week.slots() as u32;
    let option_teacher: Vec<bool> = scenario
        .staff
        .iter()
        .map(|s| {
            s.teaches
                .iter()
                .any(|&c| scenario.courses[c].kind == CourseKind::Option)
        })
        .collect();
    let mut vars = ProblemVariables::new();
    let mut pick: Vec<Vec<Vec<(StaffId, Variable)>>> = Vec::new();
    let mut unstaffed: Vec<(usize, usize, Variable)> = Vec::new();
    let mut objective = Expression::from(0);
    for (e, band) in bands.iter().enumerate() {
        let mut per_class = Vec::new();
        for (k, class) in band.classes.iter().enumerate() {
            let course = &scenario.courses[class.course];
            if !course.staffed {
                per_class.push(Vec::new());
                continue;
            }
            let mut options = Vec::new();
            // A given class keeps the teacher fixed.csv names.
            let given = class.given.and_then(|i| scenario.fixed[i].staff);
            for (sid, s) in scenario.staff.iter_enumerated() {
                if given.is_some_and(|t| t != sid) {
                    continue;
                }
                if given.is_none() && (!s.can_teach(class.course) || s.max_periods < course.periods)
                {
                    continue;
                }
                let free = course.allowed.difference(&s.unavailable).len() as u32;
                if free < course.periods {
                    continue;
                }
                let v = vars.add(variable().binary());
                let periods = f64::from(course.periods);
                let part_time = s.unavailable.len() as f64 / f64::from(slots.max(1));
                let cost = periods
                    * (1.0
                        + 2.0 * f64::from(u8::from(option_teacher[sid.index()]))
                        + 4.0 * part_time * band.classes.len() as f64);
                let kept = prefer
                    .and_then(|p| p.get(e))
                    .and_then(|b| b.get(k).copied().flatten())
                    == Some(sid);
                objective += (cost - if kept { KEEP } else { 0.0 }) * v;
                options.push((sid, v));
            }
            let u = vars.add(variable().binary());
            objective += 10_000.0 * u;
            unstaffed.push((e, k, u));
            per_class.push(options);
        }
        pick.push(per_class);
    }
    let mut rows = Vec::new();
    for &(e, k, u) in &unstaffed {
        let chosen: Expression = pick[e][k].iter().map(|(_, v)| *v).sum();
        rows.push(constraint!(chosen + u == 1));
    }
    let mut load: KeyedVec<StaffId, Expression> =
        KeyedVec::filled(scenario.staff.len(), Expression::from(0));
    for (e, band) in bands.iter().enumerate() {
        let mut in_band: KeyedVec<StaffId, Expression> =
            KeyedVec::filled(scenario.staff.len(), Expression::from(0));
        let mut used = vec![false; scenario.staff.len()];
        for (k, class) in band.classes.iter().enumerate() {
            let periods = f64::from(scenario.courses[class.course].periods);
            for &(s, v) in &pick[e][k] {
                in_band[s] += v;
                load[s] += periods * v;
                used[s.index()] = true;
            }
        }
        if band.classes.len() < 2 {
            continue;
        }
        for (s, x) in in_band.iter_enumerated() {
            if used[s.index()] {
                rows.push(constraint!(x.clone() <= 1));
            }
        }
        // The slots in which every teacher of the band is free: as many as can be, and never
        // fewer than its periods unless no choice of teachers allows it.
        let course = &scenario.courses[band.classes[0].course];
        let mut free = Expression::from(0);
        for k in course.allowed.iter() {
            let z = vars.add(variable().min(0).max(1));
            free += z;
            for (s, x) in in_band.iter_enumerated() {
                if used[s.index()] && scenario.staff[s].unavailable.contains(k) {
                    rows.push(constraint!(z + x.clone() <= 1));
                }
            }
        }
        let short = vars.add(variable().min(0));
        objective += 1000.0 * short - 0.5 * free.clone();
        rows.push(constraint!(free + short >= f64::from(course.periods)));
    }
    for (s, x) in load.iter_enumerated() {
        let st = &scenario.staff[s];
        let cap = st.max_periods.min(slots - st.unavailable.len() as u32);
        rows.push(constraint!(x.clone() <= f64::from(cap)));
    }
    let mut notes = Vec::new();
    let mut out: Vec<Vec<Option<StaffId>>> =
        bands.iter().map(|b| vec![None; b.classes.len()]).collect();
    if unstaffed.is_empty() {
        return Ok((out, notes));
    }
    let r = highs::solve(vars, Sense::Min, objective, rows, None, limits, None)?;
    for (e, per_class) in pick.iter().enumerate() {
        for (k, options) in per_class.iter().enumerate() {
            out[e][k] = options
                .iter()
                .find(|(_, v)| r.value(*v) > 0.5)
                .map(|(s, _)| *s);
        }
    }
    for &(e, k, _) in &unstaffed {
        if out[e][k].is_none() {
            let class = &bands[e].classes[k];
            notes.push(Note::NoTeacher {
                class: class.id.clone(),
                course: scenario.courses[class.course].name.clone(),
            });
        }
    }
    Ok((out, notes))
}
