//! Rules about teachers; checked in parallel over staff.

use std::collections::BTreeMap;

use crate::ids::*;

use super::{par_each, Index, Rule, Violation};

/// [`Rule::StaffTeaches`]: a teacher teaches only courses they may teach; in blocks-only mode
/// it is the class's teacher (classes.csv staff) that is checked, once per class.
pub fn teaches(ix: &Index<'_>) -> Vec<Violation> {
    let s = ix.scenario;
    if !ix.full() {
        let mut out = Vec::new();
        for (c, class) in ix.solution.classes.iter_enumerated() {
            let Some(t) = class.staff.filter(|t| t.index() < s.staff.len()) else {
                continue;
            };
            if class.course.index() < s.courses.len() && !s.staff[t].can_teach(class.course) {
                out.push(Violation::new(
                    Rule::StaffTeaches,
                    vec![ix.class(c), ix.staff(t)],
                    format!("{} does not teach {}", ix.staff(t), ix.course(class.course)),
                ));
            }
        }
        return out;
    }
    par_each(s.staff.len(), |t: StaffId, seen: &mut Vec<ClassId>, out| {
        seen.clear();
        let staff = &s.staff[t];
        for &i in ix.staff_meetings.of(t) {
            let m = &ix.meetings[i as usize];
            let course = ix.solution.classes[m.class].course;
            if course.index() < s.courses.len()
                && !staff.can_teach(course)
                && !seen.contains(&m.class)
            {
                seen.push(m.class);
                out.push(Violation::new(
                    Rule::StaffTeaches,
                    vec![ix.class(m.class), ix.staff(t)],
                    format!("{} does not teach {}", staff.id, ix.course(course)),
                ));
            }
        }
    })
}

/// [`Rule::StaffUnavailable`]: a teacher teaches only in slots they are available.
pub fn unavailable(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    par_each(ix.scenario.staff.len(), |t: StaffId, _: &mut (), out| {
        let staff = &ix.scenario.staff[t];
        for &i in ix.staff_meetings.of(t) {
            let m = &ix.meetings[i as usize];
            if staff.unavailable.contains(m.slot) {
                out.push(Violation::new(
                    Rule::StaffUnavailable,
                    vec![ix.class(m.class), ix.staff(t), ix.slot(m.slot)],
                    format!("{} is not available at {}", staff.id, ix.slot(m.slot)),
                ));
            }
        }
    })
}

/// The violation of teacher `t` teaching the classes `ids` together, `at` a slot or block
/// (named by `place`).
fn teaches_together(
    ix: &Index<'_>,
    rule: Rule,
    mut ids: Vec<String>,
    t: StaffId,
    place: String,
    at: &str,
) -> Violation {
    let what = ids.join(", ");
    ids.push(ix.staff(t));
    ids.push(place);
    Violation::new(rule, ids, format!("{} teaches {what} {at}", ix.staff(t)))
}

/// [`Rule::StaffClash`]: a teacher never has two meetings in one slot.
pub fn clash(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    par_each(ix.scenario.staff.len(), |t: StaffId, _: &mut (), out| {
        for (slot, ids) in ix.clashes(ix.staff_meetings.of(t)) {
            out.push(teaches_together(
                ix,
                Rule::StaffClash,
                ids,
                t,
                ix.slot(slot),
                "at once",
            ));
        }
    })
}

/// [`Rule::StaffMaxPeriods`]: a teacher has at most max_periods meetings a week.
pub fn max_periods(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    par_each(ix.scenario.staff.len(), |t: StaffId, _: &mut (), out| {
        let staff = &ix.scenario.staff[t];
        let n = ix.staff_meetings.of(t).len();
        if n > staff.max_periods as usize {
            out.push(Violation::new(
                Rule::StaffMaxPeriods,
                vec![ix.staff(t)],
                format!(
                    "{} teaches {n} meetings a week; at most {}",
                    staff.id, staff.max_periods
                ),
            ));
        }
    })
}

/// [`Rule::MeetingUnstaffed`]: every meeting of a course that needs a teacher has one.
pub fn unstaffed(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    ix.meetings
        .iter()
        .filter(|m| m.staff.is_none())
        .filter(|m| {
            let course = ix.solution.classes[m.class].course;
            course.index() < ix.scenario.courses.len() && ix.scenario.courses[course].staffed
        })
        .map(|m| {
            Violation::new(
                Rule::MeetingUnstaffed,
                vec![ix.class(m.class), ix.slot(m.slot)],
                format!(
                    "{} has no teacher at {}",
                    ix.class(m.class),
                    ix.slot(m.slot)
                ),
            )
        })
        .collect()
}

/// The classes of each teacher (classes.csv staff), for the blocks-only rules.
fn classes_by_staff(ix: &Index<'_>) -> BTreeMap<StaffId, Vec<ClassId>> {
    let mut out: BTreeMap<StaffId, Vec<ClassId>> = BTreeMap::new();
    for (c, class) in ix.solution.classes.iter_enumerated() {
        if let Some(t) = class.staff.filter(|t| t.index() < ix.scenario.staff.len()) {
            if class.course.index() < ix.scenario.courses.len() {
                out.entry(t).or_default().push(c);
            }
        }
    }
    out
}

/// [`Rule::StaffBlockClash`]: in blocks-only mode, a teacher has at most one class in each
/// block.
pub fn block_clash(ix: &Index<'_>) -> Vec<Violation> {
    if ix.full() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (t, classes) in classes_by_staff(ix) {
        let mut by_block: BTreeMap<BlockId, Vec<ClassId>> = BTreeMap::new();
        for c in classes {
            if let Some(b) = ix.solution.classes[c].block {
                by_block.entry(b).or_default().push(c);
            }
        }
        for (b, list) in by_block.into_iter().filter(|(_, l)| l.len() > 1) {
            let ids: Vec<String> = list.iter().map(|&c| ix.class(c)).collect();
            let at = format!("in block {}", ix.block(b));
            out.push(teaches_together(
                ix,
                Rule::StaffBlockClash,
                ids,
                t,
                ix.block(b),
                &at,
            ));
        }
    }
    out
}

/// [`Rule::StaffBlockLoad`]: in blocks-only mode, the periods of a teacher's classes (each
/// class its course's periods) are at most their max_periods.
pub fn block_load(ix: &Index<'_>) -> Vec<Violation> {
    if ix.full() {
        return Vec::new();
    }
    classes_by_staff(ix)
        .into_iter()
        .filter_map(|(t, classes)| {
            let load: u64 = classes
                .iter()
                .map(|&c| u64::from(ix.course_of(c).periods))
                .sum();
            let max = ix.scenario.staff[t].max_periods;
            (load > u64::from(max)).then(|| {
                Violation::new(
                    Rule::StaffBlockLoad,
                    vec![ix.staff(t)],
                    format!(
                        "{}'s {} classes need {load} periods a week; at most {max}",
                        ix.staff(t),
                        classes.len()
                    ),
                )
            })
        })
        .collect()
}
