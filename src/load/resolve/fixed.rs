//! `fixed.csv`: the given class lists of `fixed` courses.

use std::collections::{HashMap, HashSet};

use super::courses::Courses;
use super::pupils::Pupils;
use super::schemes::Schemes;
use super::Ctx;
use crate::ids::*;
use crate::scenario::*;

/// Resolves the rows of `fixed.csv` into classes, and reports a fixed course given more classes
/// than its `max_classes` (at its line of `courses.csv`), and given blocks and teachers that
/// cannot hold (a block of another scheme or other periods, a teacher or a pupil twice in one
/// block).
pub(crate) fn fixed(
    ctx: &mut Ctx,
    courses: &Courses,
    schemes: &Schemes,
    stages: &Names<StageId>,
    pupils: &Pupils,
    staff_ids: &Names<StaffId>,
    raw: &[RawFixed],
) -> Vec<FixedClass> {
    let pupil_ids = &pupils.ids;
    let f = "fixed.csv";
    // The first line of each class: its block and teacher are read there, and every other row
    // of the class must agree.
    let mut first_line: HashMap<&str, (u64, &str, &str)> = HashMap::new();
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
        let (first, block_text, staff_text) = *first_line.entry(r.class.as_str()).or_insert((
            r.line,
            r.block.as_str(),
            r.staff.as_str(),
        ));
        let mut new_class = false;
        let i = *class_index.entry(r.class.as_str()).or_insert_with(|| {
            new_class = true;
            fixed.push(FixedClass {
                id: r.class.clone(),
                course,
                pupils: Vec::new(),
                block: None,
                staff: None,
            });
            fixed.len() - 1
        });
        if new_class {
            let c = &courses.courses[course];
            if !r.block.is_empty() {
                match schemes.ids.get(&r.block) {
                    None => ctx.expected(
                        f,
                        r.line,
                        "block",
                        "a block name of a scheme in school.toml",
                        &r.block,
                    ),
                    Some(b) => {
                        let block = &schemes.blocks[b];
                        let scheme = &schemes.schemes[block.scheme];
                        if let Some(&s) = c.stages.iter().find(|s| !scheme.stages.contains(s)) {
                            ctx.expected(
                                f,
                                r.line,
                                "block",
                                format!(
                                    "a block of the scheme of its course's stages; {} is a block of scheme {:?}, which stage {} is not in",
                                    block.name,
                                    scheme.name,
                                    stages.name(s)
                                ),
                                &r.block,
                            );
                        } else if block.periods != c.periods {
                            ctx.expected(
                                f,
                                r.line,
                                "block",
                                format!(
                                    "a block of its course's periods ({}); block {} meets {}",
                                    c.periods, block.name, block.periods
                                ),
                                &r.block,
                            );
                        } else {
                            fixed[i].block = Some(b);
                        }
                    }
                }
            }
            if !r.staff.is_empty() {
                match staff_ids.get(&r.staff) {
                    Some(t) => fixed[i].staff = Some(t),
                    None if ctx.broken.staff.contains(&r.staff) => {}
                    None => ctx.expected(f, r.line, "staff", "a staff id from staff.csv", &r.staff),
                }
            }
        } else {
            if r.block != block_text {
                ctx.expected(
                    f,
                    r.line,
                    "block",
                    format!(
                        "{block_text:?} (the block of class {} on line {first})",
                        r.class
                    ),
                    &r.block,
                );
            }
            if r.staff != staff_text {
                ctx.expected(
                    f,
                    r.line,
                    "staff",
                    format!(
                        "{staff_text:?} (the teacher of class {} on line {first})",
                        r.class
                    ),
                    &r.staff,
                );
            }
        }
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
    // Within one block a teacher takes one given class and a pupil one.
    let line_of = |class: &str| first_line.get(class).map_or(0, |l| l.0);
    let mut teacher_in: HashMap<(BlockId, StaffId), &str> = HashMap::new();
    let mut pupil_in: HashMap<(BlockId, PupilId), &str> = HashMap::new();
    for c in &fixed {
        let Some(b) = c.block else { continue };
        if let Some(t) = c.staff {
            if let Some(other) = teacher_in.insert((b, t), &c.id) {
                ctx.error(
                    f,
                    line_of(&c.id),
                    "staff",
                    format!(
                        "teacher {:?} has two given classes in block {}: {other} and {}",
                        staff_ids.name(t),
                        schemes.blocks[b].name,
                        c.id
                    ),
                );
            }
        }
        for &p in &c.pupils {
            if let Some(other) = pupil_in.insert((b, p), &c.id) {
                let line = raw
                    .iter()
                    .find(|r| r.class == c.id && pupil_ids.get(&r.pupil) == Some(p))
                    .map_or(line_of(&c.id), |r| r.line);
                ctx.error(
                    f,
                    line,
                    "pupil",
                    format!(
                        "pupil {:?} is in two given classes of block {}: {other} and {}",
                        pupils.pupils[p].id, schemes.blocks[b].name, c.id
                    ),
                );
            }
        }
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
            block: String::new(),
            staff: String::new(),
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
        let mut stages = Names::default();
        stages.intern("10");
        let schemes = super::super::schemes::one_block_of_two(&stages);
        let pupils = Pupils {
            ids: pupil_ids,
            tutor_groups: Names::default(),
            pupils: KeyedVec::new(),
        };
        let classes = fixed(
            &mut ctx,
            &courses,
            &schemes,
            &stages,
            &pupils,
            &Names::default(),
            &raw,
        );
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
