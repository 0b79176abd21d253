//! `fixed.csv`: the given class lists of `fixed` courses.

use std::collections::{HashMap, HashSet};

use super::courses::Courses;
use super::Ctx;
use crate::ids::*;
use crate::scenario::*;

/// Resolves the rows of `fixed.csv` into classes, and reports a fixed course given more classes
/// than its `max_classes` (at its line of `courses.csv`).
pub(crate) fn fixed(
    ctx: &mut Ctx,
    courses: &Courses,
    pupil_ids: &Names<PupilId>,
    raw: &[RawFixed],
) -> Vec<FixedClass> {
    let f = "fixed.csv";
    let mut fixed: Vec<FixedClass> = Vec::new();
    let mut class_index: HashMap<&str, usize> = HashMap::new();
    let mut seen: HashSet<(&str, PupilId)> = HashSet::new();
    for r in raw {
        let course = courses.ids.get(&r.course);
        match course {
            None if ctx.broken.courses.contains(&r.course) => {}
            None => ctx.expected(
                f,
                r.line,
                "course",
                "a course id from courses.csv",
                &r.course,
            ),
            Some(c) if courses.courses[c].kind != CourseKind::Fixed => {
                ctx.expected(f, r.line, "course", "a course of kind fixed", &r.course);
            }
            _ => {}
        }
        let pupil = pupil_ids.get(&r.pupil);
        if pupil.is_none() && !ctx.broken.pupils.contains(&r.pupil) {
            ctx.expected(f, r.line, "pupil", "a pupil id from pupils.csv", &r.pupil);
        }
        let (Some(course), Some(pupil)) = (course, pupil) else {
            continue;
        };
        let i = *class_index.entry(r.class.as_str()).or_insert_with(|| {
            fixed.push(FixedClass {
                id: r.class.clone(),
                course,
                pupils: Vec::new(),
            });
            fixed.len() - 1
        });
        if fixed[i].course != course {
            ctx.expected(
                f,
                r.line,
                "course",
                format!(
                    "{} (the course of class {})",
                    courses.courses[fixed[i].course].id, r.class
                ),
                &r.course,
            );
        } else if !seen.insert((r.class.as_str(), pupil)) {
            ctx.error(
                f,
                r.line,
                "pupil",
                format!("pupil {:?} listed twice in class {:?}", r.pupil, r.class),
            );
        } else {
            fixed[i].pupils.push(pupil);
        }
    }
    for c in &mut fixed {
        c.pupils.sort();
    }
    for (cid, c) in courses.courses.iter_enumerated() {
        let classes = fixed.iter().filter(|x| x.course == cid).count();
        if c.kind == CourseKind::Fixed && classes as u32 > c.max_classes {
            ctx.expected(
                "courses.csv",
                courses.lines[cid],
                "max_classes",
                format!("at least {classes} (the classes fixed.csv gives it)"),
                &c.max_classes.to_string(),
            );
        }
    }
    fixed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u64, class: &str, course: &str, pupil: &str) -> RawFixed {
        RawFixed {
            line,
            class: class.into(),
            course: course.into(),
            pupil: pupil.into(),
        }
    }

    #[test]
    fn classes_are_gathered_and_checked() {
        let mut ctx = Ctx::default();
        let mut courses = super::super::tests::two_courses(&mut ctx);
        ctx.errors.clear();
        courses.courses[CourseId(1)].kind = CourseKind::Fixed;
        courses.courses[CourseId(1)].max_classes = 1;
        let mut pupil_ids: Names<PupilId> = Names::default();
        pupil_ids.intern("P1");
        pupil_ids.intern("P2");
        let raw = [
            row(2, "A1", "ART", "P2"),
            row(3, "A1", "ART", "P1"),
            row(4, "A1", "ART", "P1"),
            row(5, "A2", "ART", "P1"),
            row(6, "A2", "MA", "P2"),
            row(7, "A3", "ART", "P7"),
        ];
        let classes = fixed(&mut ctx, &courses, &pupil_ids, &raw);
        assert_eq!(classes.len(), 2);
        assert_eq!(classes[0].pupils, [PupilId(0), PupilId(1)]);
        let errors: Vec<String> = ctx.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "fixed.csv:4: pupil: pupil \"P1\" listed twice in class \"A1\"",
                "fixed.csv:6: course: expected a course of kind fixed, found \"MA\"",
                "fixed.csv:6: course: expected ART (the course of class A2), found \"MA\"",
                "fixed.csv:7: pupil: expected a pupil id from pupils.csv, found \"P7\"",
                "courses.csv:3: max_classes: expected at least 2 (the classes fixed.csv gives it), found \"1\"",
            ]
        );
    }
}
