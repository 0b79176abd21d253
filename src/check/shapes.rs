//! Rules about lesson shapes: the runs of a class of a course with a pattern (maximal stretches
//! of its meetings in consecutive periods of one day), breaks, and split teaching.

use std::collections::BTreeMap;

use crate::ids::*;
use crate::solution::Meeting;

use super::{Index, Rule, Violation};

/// The meetings of `class` (one per slot, by slot) cut into runs: maximal stretches of
/// consecutive periods of one day.
fn runs<'a>(ix: &'a Index<'_>, class: ClassId) -> Vec<Vec<&'a Meeting>> {
    let week = &ix.scenario.week;
    let mut out: Vec<Vec<&Meeting>> = Vec::new();
    for &i in ix.class_meetings.of(class) {
        let m = &ix.meetings[i as usize];
        match out.last_mut() {
            Some(run) if run.last().is_some_and(|l| l.slot == m.slot) => {}
            Some(run)
                if run.last().is_some_and(|l| {
                    week.day_of(l.slot) == week.day_of(m.slot)
                        && week.period_of(l.slot) + 1 == week.period_of(m.slot)
                }) =>
            {
                run.push(m)
            }
            _ => out.push(vec![m]),
        }
    }
    out
}

/// Classes whose course has a pattern (its own, or its block's for an option course).
fn patterned<'a>(ix: &'a Index<'_>) -> impl Iterator<Item = ClassId> + 'a {
    ix.solution
        .classes
        .iter_enumerated()
        .filter(|(_, c)| c.course.index() < ix.scenario.courses.len())
        .filter(|(_, c)| !ix.scenario.pattern_of(c.course, c.block).is_empty())
        .map(|(k, _)| k)
}

fn lengths(parts: &[usize]) -> String {
    parts
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("+")
}

/// [`Rule::RunLengths`]: a class of a course with a pattern meets in runs whose lengths, as a
/// multiset, are the pattern.
pub fn run_lengths(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for k in patterned(ix) {
        let course = ix.solution.classes[k].course;
        let want: Vec<usize> = ix
            .scenario
            .pattern_of(course, ix.solution.classes[k].block)
            .iter()
            .map(|&p| p as usize)
            .collect();
        let mut got: Vec<usize> = runs(ix, k).iter().map(Vec::len).collect();
        got.sort_unstable_by(|a, b| b.cmp(a));
        if got != want {
            out.push(Violation::new(
                Rule::RunLengths,
                vec![ix.course(course), ix.class(k)],
                format!(
                    "meets in runs {} but its pattern is {}",
                    lengths(&got),
                    lengths(&want)
                ),
            ));
        }
    }
    out
}

/// [`Rule::RunDays`]: the runs of a class of a course with a pattern fall on distinct days.
pub fn run_days(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let week = &ix.scenario.week;
    let mut out = Vec::new();
    for k in patterned(ix) {
        let mut days: BTreeMap<usize, usize> = BTreeMap::new();
        for run in runs(ix, k) {
            *days.entry(week.day_of(run[0].slot)).or_default() += 1;
        }
        for (d, n) in days.into_iter().filter(|&(_, n)| n > 1) {
            out.push(Violation::new(
                Rule::RunDays,
                vec![ix.class(k), week.days[d].clone()],
                format!("meets in {n} separate runs on one day"),
            ));
        }
    }
    out
}

/// [`Rule::Apart`]: two meetings (runs) of the courses of one `[[rules.apart]]`, two of one
/// class or one each of classes of two of its courses, fall at least its `days` days apart.
/// Two classes of one course are not bound to each other.
pub fn apart(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() || ix.scenario.apart.is_empty() {
        return Vec::new();
    }
    let week = &ix.scenario.week;
    let mut of_course: BTreeMap<CourseId, Vec<(ClassId, Vec<usize>)>> = BTreeMap::new();
    for (k, c) in ix.solution.classes.iter_enumerated() {
        let days = runs(ix, k).iter().map(|r| week.day_of(r[0].slot)).collect();
        of_course.entry(c.course).or_default().push((k, days));
    }
    let mut out = Vec::new();
    let mut report = |a: ClassId, b: Option<ClassId>, da: usize, db: usize, n: u32| {
        let mut places = vec![ix.class(a)];
        places.extend(b.map(|b| ix.class(b)));
        out.push(Violation::new(
            Rule::Apart,
            places,
            format!(
                "meets on {} and {}, fewer than {n} days apart",
                week.days[da.min(db)],
                week.days[da.max(db)]
            ),
        ));
    };
    for rule in &ix.scenario.apart {
        let n = rule.days as usize;
        let classes: Vec<&[(ClassId, Vec<usize>)]> = rule
            .courses
            .iter()
            .map(|c| of_course.get(c).map_or(&[][..], Vec::as_slice))
            .collect();
        for (i, mine) in classes.iter().enumerate() {
            for (k, days) in mine.iter() {
                let mut sorted = days.clone();
                sorted.sort_unstable();
                if let Some(w) = sorted.windows(2).find(|w| w[1] - w[0] < n) {
                    report(*k, None, w[0], w[1], rule.days);
                }
            }
            for theirs in &classes[i + 1..] {
                for (a, da) in mine.iter() {
                    for (b, db) in theirs.iter() {
                        let close = da.iter().find_map(|x| {
                            db.iter().find(|y| x.abs_diff(**y) < n).map(|y| (*x, *y))
                        });
                        if let Some((x, y)) = close {
                            report(*a, Some(*b), x, y, rule.days);
                        }
                    }
                }
            }
        }
    }
    out
}

/// [`Rule::RunBreak`]: no run of a class of a course with a pattern crosses a break of
/// `[week] breaks` (two of its meetings on either side of a break are one run across it).
pub fn run_break(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let week = &ix.scenario.week;
    let mut out = Vec::new();
    for k in patterned(ix) {
        for run in runs(ix, k) {
            for m in &run[..run.len() - 1] {
                if week.break_after(week.period_of(m.slot)) {
                    out.push(Violation::new(
                        Rule::RunBreak,
                        vec![ix.class(k), ix.slot(m.slot)],
                        format!(
                            "a run goes on across the break after {}",
                            week.period_name(m.slot)
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// [`Rule::RunStaffRoom`]: along a run of a class of a course with a pattern, every meeting has
/// the same teacher and the same room.
pub fn run_staff_room(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for k in patterned(ix) {
        for run in runs(ix, k) {
            for pair in run.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                if a.staff != b.staff || a.room != b.room {
                    out.push(Violation::new(
                        Rule::RunStaffRoom,
                        vec![ix.class(k), ix.slot(b.slot)],
                        format!(
                            "changes {} within a run",
                            if a.staff != b.staff {
                                "teacher"
                            } else {
                                "room"
                            }
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// [`Rule::SplitStaff`]: a class of a course with a `split` has exactly as many different
/// teachers as the split has parts, with those meeting counts (in any order).
pub fn split_staff(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (k, c) in ix.solution.classes.iter_enumerated() {
        let Some(course) = ix.scenario.courses.get(c.course) else {
            continue;
        };
        if course.split.is_empty() {
            continue;
        }
        let mut count: BTreeMap<Option<StaffId>, usize> = BTreeMap::new();
        for &i in ix.class_meetings.of(k) {
            *count.entry(ix.meetings[i as usize].staff).or_default() += 1;
        }
        let mut got: Vec<usize> = count.values().copied().collect();
        got.sort_unstable_by(|a, b| b.cmp(a));
        let want: Vec<usize> = course.split.iter().map(|&p| p as usize).collect();
        if got != want || count.contains_key(&None) {
            out.push(Violation::new(
                Rule::SplitStaff,
                vec![ix.course(c.course), ix.class(k)],
                format!(
                    "is taught {} by {} teachers; its split is {}",
                    lengths(&got),
                    count.len(),
                    lengths(&want)
                ),
            ));
        }
    }
    out
}

/// [`Rule::StaffBlockParts`]: a teacher teaches meetings of at most one class of each option
/// block (with split teaching a teacher holds a part of one class of a block, never parts of
/// two, even in different runs).
pub fn block_parts(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let mut taught: BTreeMap<(StaffId, BlockId), std::collections::BTreeSet<ClassId>> =
        BTreeMap::new();
    for m in &ix.meetings {
        if let (Some(t), Some(b)) = (m.staff, ix.solution.classes[m.class].block) {
            taught.entry((t, b)).or_default().insert(m.class);
        }
    }
    taught
        .into_iter()
        .filter(|(_, classes)| classes.len() > 1)
        .map(|((t, b), classes)| {
            let mut ids = vec![ix.staff(t)];
            ids.extend(classes.iter().map(|&k| ix.class(k)));
            ids.push(ix.block(b));
            Violation::new(
                Rule::StaffBlockParts,
                ids,
                format!("teaches meetings of {} classes of one block", classes.len()),
            )
        })
        .collect()
}
