//! `choices.csv`: which pupil chose which option or tutorial, main or reserve, by rank.

use std::collections::HashMap;

use super::courses::Courses;
use super::pupils::Pupils;
use super::schemes::Schemes;
use super::Ctx;
use crate::ids::*;
use crate::scenario::*;

/// Resolves the rows of `choices.csv` and adds each pupil's choices, sorted main first by rank.
pub(crate) fn choices(
    ctx: &mut Ctx,
    schemes: &Schemes,
    stages: &Names<StageId>,
    courses: &Courses,
    pupils: &mut Pupils,
    raw: &[RawChoice],
) {
    let f = "choices.csv";
    let mut first_choice: HashMap<(PupilId, CourseId), u64> = HashMap::new();
    let mut main_options: KeyedVec<PupilId, u32> = KeyedVec::filled(pupils.pupils.len(), 0);
    for ch in raw {
        let pupil = pupils.ids.get(&ch.pupil);
        if pupil.is_none() && !ctx.broken.pupils.contains(&ch.pupil) {
            ctx.expected(f, ch.line, "pupil", "a pupil id from pupils.csv", &ch.pupil);
        }
        let course = courses.ids.get(&ch.course);
        if course.is_none() && !ctx.broken.courses.contains(&ch.course) {
            ctx.expected(
                f,
                ch.line,
                "course",
                "a course id from courses.csv",
                &ch.course,
            );
        }
        let (Some(pupil), Some(course)) = (pupil, course) else {
            continue;
        };
        let c = &courses.courses[course];
        if !c.kind.is_chosen() {
            let what = if c.kind == CourseKind::Fixed {
                "whose class lists are given in fixed.csv"
            } else {
                "that every pupil of its stages takes"
            };
            ctx.error(
                f,
                ch.line,
                "course",
                format!(
                    "{:?} is a {} course {what}; expected an option or tutorial course",
                    c.id,
                    c.kind.as_str()
                ),
            );
            continue;
        }
        let p = &pupils.pupils[pupil];
        if !c.open_to(p.stage) {
            let open = c
                .stages
                .iter()
                .map(|&s| stages.name(s))
                .collect::<Vec<_>>()
                .join(";");
            ctx.error(
                f,
                ch.line,
                "course",
                format!(
                    "{:?} is open to stages {open}, but pupil {:?} is in stage {}",
                    c.id,
                    p.id,
                    stages.name(p.stage)
                ),
            );
            continue;
        }
        if let Some(l) = first_choice.get(&(pupil, course)) {
            ctx.error(
                f,
                ch.line,
                "course",
                format!(
                    "duplicate choice of {:?} by {:?} (first on line {l})",
                    c.id, ch.pupil
                ),
            );
            continue;
        }
        first_choice.insert((pupil, course), ch.line);
        if c.kind == CourseKind::Option && !ch.reserve {
            main_options[pupil] += 1;
            let blocks =
                schemes.of_stage[p.stage].map_or(0, |s| schemes.schemes[s].blocks.len() as u32);
            if main_options[pupil] == blocks + 1 {
                ctx.error(
                    f,
                    ch.line,
                    "reserve",
                    format!(
                        "pupil {:?} has more main option choices than the {} blocks; expected this one to be a reserve",
                        ch.pupil, blocks
                    ),
                );
            }
        }
        pupils.pupils[pupil].choices.push(Choice {
            course,
            rank: ch.rank,
            reserve: ch.reserve,
        });
    }
    for p in pupils.pupils.iter_mut() {
        p.choices.sort_by_key(|c| (c.reserve, c.rank, c.course));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(line: u64, pupil: &str, course: &str, rank: u32, reserve: bool) -> RawChoice {
        RawChoice {
            line,
            pupil: pupil.into(),
            course: course.into(),
            rank,
            reserve,
        }
    }

    #[test]
    fn choices_are_checked_and_sorted() {
        let mut ctx = Ctx::default();
        let courses = super::super::tests::two_courses(&mut ctx);
        ctx.errors.clear();
        let mut stages = Names::default();
        stages.intern("10");
        let mut pupils = super::super::pupils::pupils(
            &mut ctx,
            &super::super::tests::week(),
            &stages,
            &[super::super::pupils::tests::pupil(2, "P1", "10")],
            Limits::default(),
        );
        ctx.broken.pupils.insert("P9".into());
        let options = super::super::schemes::one_block_of_two(&stages);
        let raw = [
            choice(2, "P1", "ART", 2, true),
            choice(3, "P1", "MA", 1, false),
            choice(4, "P1", "ART", 1, false),
            choice(5, "P2", "ART", 1, false),
            choice(6, "P9", "ART", 1, false),
            choice(7, "P1", "XX", 1, false),
        ];
        choices(&mut ctx, &options, &stages, &courses, &mut pupils, &raw);
        let p = &pupils.pupils[PupilId(0)];
        assert_eq!(p.choices.len(), 1);
        assert!(p.choices[0].reserve);
        let errors: Vec<String> = ctx.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "choices.csv:3: course: \"MA\" is a core course that every pupil of its stages takes; expected an option or tutorial course",
                "choices.csv:4: course: duplicate choice of \"ART\" by \"P1\" (first on line 2)",
                "choices.csv:5: pupil: expected a pupil id from pupils.csv, found \"P2\"",
                "choices.csv:7: course: expected a course id from courses.csv, found \"XX\"",
            ]
        );
    }
}
