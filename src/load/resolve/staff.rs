//! `staff.csv`: who teaches what, how much, and when they are away; every staffed course needs
//! someone who teaches it.

use std::collections::HashSet;

use super::courses::Courses;
use super::{intern_ids, limits, slots, Ctx};
use crate::ids::*;
use crate::scenario::*;

/// The staff, resolved.
pub(crate) struct StaffRows {
    /// Staff ids.
    pub ids: Names<StaffId>,
    /// The staff (the first row of a duplicated id).
    pub staff: KeyedVec<StaffId, Staff>,
}

/// Resolves the rows of `staff.csv` against the courses, and reports every staffed course that
/// nobody teaches (at its line of `courses.csv`).
pub(crate) fn staff(
    ctx: &mut Ctx,
    week: &Week,
    courses: &Courses,
    raw: &[RawStaff],
    rules: Limits,
) -> StaffRows {
    let f = "staff.csv";
    let ids: Names<StaffId> = intern_ids(
        ctx,
        f,
        "staff",
        raw.iter().map(|s| (s.line, s.staff.clone())),
    );
    let mut staff: KeyedVec<StaffId, Staff> = KeyedVec::new();
    let mut seen = HashSet::new();
    for s in raw {
        if !seen.insert(&s.staff) {
            continue;
        }
        let mut teaches = Vec::new();
        for c in &s.teaches {
            match courses.ids.get(c) {
                Some(id) => teaches.push(id),
                None if ctx.broken.courses.contains(c) => {}
                None => ctx.expected(f, s.line, "teaches", "course ids from courses.csv", c),
            }
        }
        teaches.sort();
        teaches.dedup();
        let unavailable = slots(ctx, week, f, s.line, "unavailable", &s.unavailable);
        let limits = limits(ctx, week, f, s.line, s.limits, rules);
        staff.push(Staff {
            id: s.staff.clone(),
            name: s.name.clone(),
            max_periods: s.max_periods,
            teaches,
            unavailable,
            limits,
        });
    }
    for (cid, c) in courses.courses.iter_enumerated() {
        // A row of staff.csv that could not be read may be the one who teaches it.
        if c.staffed && ctx.broken.staff.is_empty() && !staff.iter().any(|s| s.can_teach(cid)) {
            ctx.error(
                "courses.csv",
                courses.lines[cid],
                "course",
                format!(
                    "no member of staff teaches {:?}; expected it in some teaches list of staff.csv",
                    c.id
                ),
            );
        }
    }
    StaffRows { ids, staff }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_courses_and_untaught_courses_are_reported() {
        let mut ctx = Ctx::default();
        let week = super::super::tests::week();
        let courses = super::super::tests::two_courses(&mut ctx);
        ctx.errors.clear();
        let raw = [RawStaff {
            line: 2,
            staff: "T1".into(),
            name: "Ann".into(),
            max_periods: 10,
            teaches: vec!["MA".into(), "XX".into()],
            unavailable: vec!["Mon:1".into()],
            limits: Limits::default(),
        }];
        let s = staff(&mut ctx, &week, &courses, &raw, Limits::default());
        assert_eq!(s.staff[StaffId(0)].teaches, [CourseId(0)]);
        assert_eq!(s.staff[StaffId(0)].unavailable.len(), 1);
        let errors: Vec<String> = ctx.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "staff.csv:2: teaches: expected course ids from courses.csv, found \"XX\"",
                "courses.csv:3: course: no member of staff teaches \"ART\"; expected it in some teaches list of staff.csv",
            ]
        );
    }
}
