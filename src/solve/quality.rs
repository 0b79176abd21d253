//! Measures the soft qualities of a week: single-lesson days and gaps for pupils, repeated days
//! for classes, gaps for teachers.

use crate::ids::*;
use crate::scenario::CourseKind;
use crate::scenario::Scenario;
use crate::solution::{SizeSpread, SoftFigures, Solution};

/// Single-lesson days and free periods between first and last lesson, for one person's week
/// given as a set of slots.
fn days_and_gaps(scenario: &Scenario, slots: &SlotSet) -> (u64, u64) {
    let p = scenario.week.periods.len();
    let (mut single, mut gaps) = (0, 0);
    for d in 0..scenario.week.days.len() {
        let busy: Vec<usize> = (0..p)
            .filter(|&i| slots.contains(scenario.week.slot(d, i)))
            .collect();
        if busy.len() == 1 {
            single += 1;
        }
        if let (Some(first), Some(last)) = (busy.first(), busy.last()) {
            gaps += (last - first + 1 - busy.len()) as u64;
        }
    }
    (single, gaps)
}

/// The soft figures of a solution with meetings.
pub(crate) fn figures(scenario: &Scenario, solution: &Solution) -> SoftFigures {
    let meetings = solution.class_meetings();
    let mut pupil: KeyedVec<PupilId, SlotSet> =
        KeyedVec::filled(scenario.pupils.len(), SlotSet::EMPTY);
    for e in &solution.enrolments {
        for m in &meetings[e.class] {
            pupil[e.pupil].insert(m.slot);
        }
    }
    let mut staff: KeyedVec<StaffId, SlotSet> =
        KeyedVec::filled(scenario.staff.len(), SlotSet::EMPTY);
    for m in &solution.meetings {
        if let Some(s) = m.staff {
            staff[s].insert(m.slot);
        }
    }
    let mut out = SoftFigures::default();
    for (pid, slots) in pupil.iter_enumerated() {
        let (single, gaps) = days_and_gaps(scenario, slots);
        out.pupil_single_lesson_days += single;
        out.pupil_gaps += gaps;
        let stage = scenario.stages.name(scenario.pupils[pid].stage).to_owned();
        *out.pupil_gaps_by_stage.entry(stage).or_default() += gaps;
    }
    for slots in staff.iter() {
        out.staff_gaps += days_and_gaps(scenario, slots).1;
    }
    let sizes = solution.class_pupils();
    let mut by_course: std::collections::BTreeMap<CourseId, (usize, usize, usize)> =
        Default::default();
    for (k, c) in solution.classes.iter_enumerated() {
        let n = sizes[k].len();
        let e = by_course.entry(c.course).or_insert((0, usize::MAX, 0));
        *e = (e.0 + 1, e.1.min(n), e.2.max(n));
    }
    for (c, (count, lo, hi)) in by_course {
        if count > 1 {
            out.class_size_spread
                .insert(scenario.courses[c].id.clone(), (hi - lo) as u64);
        }
    }
    for (k, ms) in meetings.iter_enumerated() {
        let pattern = scenario.pattern_of(solution.classes[k].course, solution.classes[k].block);
        if !pattern.is_empty() {
            // A class with a pattern meets in runs: a run is one lesson, however long.
            let runs = runs_of(scenario, ms.iter().map(|m| m.slot));
            out.doubles_wanted += pattern.iter().filter(|&&p| p > 1).count() as u64;
            out.doubles_kept += runs.iter().filter(|r| r.1 > 1).count() as u64;
            let mut days: Vec<usize> = runs.iter().map(|r| r.0).collect();
            let n = days.len();
            days.dedup();
            out.class_same_day_repeats += (n - days.len()) as u64;
            continue;
        }
        let mut days: Vec<usize> = ms.iter().map(|m| scenario.week.day_of(m.slot)).collect();
        let n = days.len();
        days.sort_unstable();
        days.dedup();
        out.class_same_day_repeats += (n - days.len()) as u64;
    }
    out
}

/// The spread of class sizes of the option courses in blocks: per course with two or more such
/// classes, its largest minus its smallest; `None` when no course has two.
pub(crate) fn size_spread(scenario: &Scenario, solution: &Solution) -> Option<SizeSpread> {
    let sizes = solution.class_pupils();
    let mut by_course: std::collections::BTreeMap<&str, (u64, u64, u64)> = Default::default();
    for (k, c) in solution.classes.iter_enumerated() {
        let course = &scenario.courses[c.course];
        if c.block.is_none() || course.kind != CourseKind::Option {
            continue;
        }
        let n = sizes[k].len() as u64;
        let e = by_course.entry(&course.id).or_insert((0, u64::MAX, 0));
        *e = (e.0 + 1, e.1.min(n), e.2.max(n));
    }
    let spreads: std::collections::BTreeMap<String, u64> = by_course
        .into_iter()
        .filter(|(_, (count, _, _))| *count > 1)
        .map(|(c, (_, lo, hi))| (c.to_owned(), hi - lo))
        .collect();
    let (course, largest) = spreads
        .iter()
        .max_by_key(|&(c, &n)| (n, std::cmp::Reverse(c)))?;
    let sum: u64 = spreads.values().sum();
    Some(SizeSpread {
        largest: *largest,
        course: course.clone(),
        sum,
        mean: sum as f64 / spreads.len() as f64,
        courses: spreads.len() as u64,
        by_course: spreads.clone(),
    })
}

/// The runs of a class's meetings: (day, length) of every maximal stretch of consecutive
/// periods of one day, by day.
fn runs_of(scenario: &Scenario, slots: impl Iterator<Item = SlotId>) -> Vec<(usize, usize)> {
    let week = &scenario.week;
    let mut slots: Vec<SlotId> = slots.collect();
    slots.sort_unstable();
    slots.dedup();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut last: Option<SlotId> = None;
    for s in slots {
        let joins = last.is_some_and(|l| {
            week.day_of(l) == week.day_of(s) && week.period_of(l) + 1 == week.period_of(s)
        });
        match out.last_mut() {
            Some(r) if joins => r.1 += 1,
            _ => out.push((week.day_of(s), 1)),
        }
        last = Some(s);
    }
    out
}
