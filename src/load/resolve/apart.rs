//! `school.toml` `[[rules.apart]]`: courses whose meetings keep whole days apart.

use super::courses::Courses;
use super::Ctx;
use crate::error::{InputError, Place};
use crate::ids::*;
use crate::scenario::*;

/// Resolves every `[[rules.apart]]` against the courses and the week: known courses, each once,
/// at least one; `days` from 1 to one less than the days of the week; and every class of a
/// listed course able to keep its own meetings that far apart in the week.
pub(crate) fn apart(
    ctx: &mut Ctx,
    rules: &[ApartFile],
    week: &Week,
    courses: &Courses,
) -> Vec<Apart> {
    let n_days = week.days.len() as u32;
    let mut out = Vec::new();
    for (i, a) in rules.iter().enumerate() {
        let mut bad = |key: &str, expected: String, found: &str| {
            ctx.errors.push(InputError::expected(
                Place::new(
                    "school.toml",
                    None,
                    Some(&format!("[[rules.apart]] {} {key}", i + 1)),
                ),
                expected,
                found,
            ));
        };
        let days_ok = (1..n_days).contains(&a.days);
        if !days_ok {
            bad(
                "days",
                format!(
                    "a whole number from 1 to {} (one less than the days of the week)",
                    n_days.saturating_sub(1)
                ),
                &a.days.to_string(),
            );
        }
        if a.courses.is_empty() {
            bad("courses", "a list of at least one course id".into(), "[]");
        }
        let mut ids: Vec<CourseId> = Vec::new();
        for (k, c) in a.courses.iter().enumerate() {
            if a.courses[..k].contains(c) {
                bad("courses", "each course once".into(), c);
                continue;
            }
            let Some(id) = courses.ids.get(c) else {
                if !ctx.broken.courses.contains(c) {
                    bad("courses", "ids of courses from courses.csv".into(), c);
                }
                continue;
            };
            let course = &courses.courses[id];
            let meetings = if course.pattern.is_empty() {
                course.periods
            } else {
                course.pattern.len() as u32
            };
            if days_ok && meetings >= 2 && (meetings - 1) * a.days >= n_days {
                bad(
                    "courses",
                    format!(
                        "courses whose meetings fit {} days apart in a week of {n_days} days \
                         (course {c} meets {meetings} times)",
                        a.days
                    ),
                    c,
                );
                continue;
            }
            ids.push(id);
        }
        ids.sort();
        out.push(Apart {
            courses: ids,
            days: a.days,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::resolve::tests::{two_courses, week};

    #[test]
    fn every_fault_of_an_apart_rule_is_named() {
        let mut courses = two_courses(&mut Ctx::default());
        let mut ctx = Ctx::default();
        let ma = courses.ids.get("MA").unwrap();
        courses.courses[ma].periods = 3;
        let first = "MA".to_owned();
        let rules = vec![
            ApartFile {
                courses: vec![first.clone(), "XX".into(), first.clone()],
                days: 9,
            },
            ApartFile {
                courses: Vec::new(),
                days: 1,
            },
            ApartFile {
                courses: vec![first.clone(), "ART".into()],
                days: 1,
            },
        ];
        let got = apart(&mut ctx, &rules, &week(), &courses);
        let errors: Vec<String> = ctx.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "school.toml: [[rules.apart]] 1 days: expected a whole number from 1 to 1 (one \
                 less than the days of the week), found \"9\"",
                "school.toml: [[rules.apart]] 1 courses: expected ids of courses from \
                 courses.csv, found \"XX\"",
                "school.toml: [[rules.apart]] 1 courses: expected each course once, found \
                 \"MA\"",
                "school.toml: [[rules.apart]] 2 courses: expected a list of at least one \
                 course id, found \"[]\"",
                "school.toml: [[rules.apart]] 3 courses: expected courses whose meetings fit 1 \
                 days apart in a week of 2 days (course MA meets 3 times), found \"MA\"",
            ]
        );
        assert_eq!(got[2].courses, [courses.ids.get("ART").unwrap()]);
    }
}
