//! Resolving a [`RawScenario`]: every id becomes a typed id, every reference is checked, and
//! the school is checked for sense (sizes, periods, staffing, rooms, choices).

use std::collections::{HashMap, HashSet};

use crate::error::{InputError, InputErrors, Place};
use crate::ids::*;
use crate::scenario::*;

mod apart;
mod choices;
pub(crate) mod courses;
mod fixed;
pub(crate) mod pupils;
pub(crate) mod rooms;
pub(crate) mod schemes;
mod staff;

/// A validated scenario and the warnings about it (legal but suspicious).
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The school.
    pub scenario: Scenario,
    /// What is legal but probably not meant.
    pub warnings: Vec<InputError>,
}

/// Ids of rows that could not be read: a reference to one of them is not reported again.
#[derive(Clone, Debug, Default)]
pub struct Broken {
    /// Pupil ids of unreadable rows of `pupils.csv`.
    pub pupils: HashSet<String>,
    /// Course ids of unreadable rows of `courses.csv`.
    pub courses: HashSet<String>,
    /// Staff ids of unreadable rows of `staff.csv` (any of them may teach any course).
    pub staff: HashSet<String>,
}

/// What resolving collects: the errors, and which ids are known to be broken.
#[derive(Default)]
pub(crate) struct Ctx {
    errors: Vec<InputError>,
    broken: Broken,
}

impl Ctx {
    fn expected(
        &mut self,
        file: &str,
        line: u64,
        column: &str,
        expected: impl std::fmt::Display,
        found: &str,
    ) {
        self.errors.push(InputError::expected(
            Place::new(file, Some(line), Some(column)),
            expected,
            found,
        ));
    }
    fn error(&mut self, file: &str, line: u64, column: &str, message: impl Into<String>) {
        self.errors.push(InputError::new(
            Place::new(file, Some(line), Some(column)),
            message,
        ));
    }
}

/// Interns the ids of one file, reporting duplicates.
fn intern_ids<K: Idx>(
    ctx: &mut Ctx,
    file: &str,
    column: &str,
    rows: impl Iterator<Item = (u64, String)>,
) -> Names<K> {
    let mut names = Names::default();
    let mut first: HashMap<String, u64> = HashMap::new();
    for (line, id) in rows {
        if let Some(l) = first.get(&id) {
            ctx.error(
                file,
                line,
                column,
                format!("duplicate id {id:?} (first on line {l})"),
            );
        } else {
            first.insert(id.clone(), line);
            names.intern(&id);
        }
    }
    names
}

/// A row's `limits` checked against the week (days at most its days, daily periods at most
/// its periods), the stricter of them and the school's `rules` kept.
fn limits(ctx: &mut Ctx, week: &Week, file: &str, line: u64, own: Limits, rules: Limits) -> Limits {
    let (days, periods) = (week.days.len(), week.periods.len());
    for (column, value, most, what) in [
        ("max_days", own.max_days, days, "days"),
        ("max_daily", own.max_daily, periods, "periods of a day"),
        ("min_daily", own.min_daily, periods, "periods of a day"),
        ("max_run", own.max_run, periods, "periods of a day"),
        (
            "max_gaps_daily",
            own.max_gaps_daily,
            periods,
            "periods of a day",
        ),
        ("max_late_starts", own.max_late_starts, days, "days"),
    ] {
        if let Some(v) = value.filter(|&v| v as usize > most) {
            ctx.expected(
                file,
                line,
                column,
                format!("a whole number from 0 to {most} (the {what} of the week)"),
                &v.to_string(),
            );
        }
    }
    own.stricter(rules)
}

fn slots(
    ctx: &mut Ctx,
    week: &Week,
    file: &str,
    line: u64,
    column: &str,
    items: &[String],
) -> SlotSet {
    let mut set = SlotSet::EMPTY;
    for item in items {
        match week.parse_slot(item) {
            Some(s) => {
                set.insert(s);
            }
            None => ctx.expected(
                file,
                line,
                column,
                format!(
                    "Day:Period with a day of {} and a period of {}",
                    week.days.join(";"),
                    week.periods.join(";")
                ),
                item,
            ),
        }
    }
    set
}

/// Resolves and validates a raw scenario.
pub fn resolve(raw: &RawScenario) -> Result<Loaded, InputErrors> {
    resolve_with(raw, Broken::default())
}

/// Resolves and validates a raw scenario whose `broken` rows could not be read: references to
/// them are not reported again.
pub fn resolve_with(raw: &RawScenario, broken: Broken) -> Result<Loaded, InputErrors> {
    let mut ctx = Ctx {
        errors: Vec::new(),
        broken,
    };
    let school = &raw.school;
    let mut week = Week {
        days: school.week.days.clone(),
        periods: school.week.periods.clone(),
        breaks: super::shapes::breaks(school),
        closed: SlotSet::EMPTY,
    };
    // (`parse_school` reported closed slots that are not in the week.)
    week.closed = school
        .rules
        .closed
        .iter()
        .filter_map(|s| week.parse_slot(s))
        .collect();
    let stages = stages(school, &raw.courses);
    // Rooms first: their types are what courses may ask for.
    let rooms = rooms::rooms(&mut ctx, &week, &raw.rooms);
    let schemes = schemes::schemes(&mut ctx, school, &week, &stages);
    let mut courses = courses::courses(&mut ctx, &schemes, &week, &stages, &rooms, &raw.courses);
    let staff = staff::staff(&mut ctx, &week, &courses, &raw.staff, school.rules.staff());
    super::shapes::courses(
        raw,
        &week,
        &courses.lines,
        &mut courses.courses,
        &schemes.blocks,
        &staff.staff,
        &mut ctx.errors,
    );
    let mut pupils = pupils::pupils(&mut ctx, &week, &stages, &raw.pupils, school.rules.pupils());
    choices::choices(
        &mut ctx,
        &schemes,
        &stages,
        &courses,
        &mut pupils,
        &raw.choices,
    );
    let fixed = fixed::fixed(
        &mut ctx, &courses, &schemes, &stages, &pupils, &staff.ids, &raw.fixed,
    );
    let apart = apart::apart(&mut ctx, &school.rules.apart, &week, &courses);
    let warnings = demand_warnings(&courses, &pupils.pupils);

    if !ctx.errors.is_empty() {
        ctx.errors.sort();
        ctx.errors.dedup();
        return Err(InputErrors(ctx.errors));
    }
    Ok(Loaded {
        scenario: Scenario {
            name: school.name.clone(),
            week,
            schemes: schemes.schemes,
            blocks: schemes.blocks,
            block_ids: schemes.ids,
            solve: school.solve,
            stages,
            room_types: rooms.types,
            features: rooms.features,
            tutor_groups: pupils.tutor_groups,
            courses: courses.courses,
            pupils: pupils.pupils,
            staff: staff.staff,
            rooms: rooms.rooms,
            fixed,
            course_ids: courses.ids,
            pupil_ids: pupils.ids,
            staff_ids: staff.ids,
            room_ids: rooms.ids,
            apart,
        },
        warnings,
    })
}

/// The stages: those `school.toml` declares, or else every stage a course lists, in natural
/// order.
fn stages(school: &SchoolFile, courses: &[RawCourse]) -> Names<StageId> {
    let mut stages: Names<StageId> = Names::default();
    match &school.stages {
        Some(list) => list.iter().for_each(|s| {
            stages.intern(s);
        }),
        None => {
            let mut all: Vec<&str> = courses
                .iter()
                .flat_map(|c| c.stages.iter().map(String::as_str))
                .collect();
            all.sort_by_key(|a| natural(a));
            all.dedup();
            all.into_iter().for_each(|s| {
                stages.intern(s);
            });
        }
    }
    stages
}

/// Warnings, legal but suspicious: a chosen course nobody chose. (What demand a course cannot
/// hold is for `diagnose`.)
fn demand_warnings(
    courses: &courses::Courses,
    pupils: &KeyedVec<PupilId, Pupil>,
) -> Vec<InputError> {
    let mut warnings = Vec::new();
    let mut demand: KeyedVec<CourseId, u32> = KeyedVec::filled(courses.courses.len(), 0);
    for p in pupils.iter() {
        for (cid, c) in courses.courses.iter_enumerated() {
            let takes = match c.kind {
                CourseKind::Core | CourseKind::Lecture => c.open_to(p.stage),
                CourseKind::Fixed => false,
                _ => p.choice_of(cid).is_some_and(|ch| !ch.reserve),
            };
            demand[cid] += u32::from(takes);
        }
    }
    for (cid, c) in courses.courses.iter_enumerated() {
        let place = Place::new("courses.csv", Some(courses.lines[cid]), Some("course"));
        if c.kind.is_chosen()
            && demand[cid] == 0
            && !pupils.iter().any(|p| p.choice_of(cid).is_some())
        {
            warnings.push(InputError::new(place, format!("nobody chose {:?}", c.id)));
        }
    }
    warnings.sort();
    warnings
}

/// A sort key that orders "9" before "10" and "Y9" before "Y10".
pub(crate) fn natural(s: &str) -> (String, u64, String) {
    let digits_at = s.find(|c: char| c.is_ascii_digit()).unwrap_or(s.len());
    let (head, rest) = s.split_at(digits_at);
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let number = rest[..end].parse().unwrap_or(0);
    (head.to_owned(), number, rest[end..].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A week of two days of two periods.
    pub(crate) fn week() -> Week {
        Week {
            days: vec!["Mon".into(), "Tue".into()],
            periods: vec!["1".into(), "2".into()],
            breaks: vec![false, false],
            closed: SlotSet::EMPTY,
        }
    }

    /// Courses MA (core, line 2) and ART (option, line 3), in classrooms, for stage 10.
    pub(crate) fn two_courses(ctx: &mut Ctx) -> courses::Courses {
        let mut stages = Names::default();
        stages.intern("10");
        let rooms = rooms::rooms(
            ctx,
            &week(),
            &[rooms::tests::room(2, "R1", 30, "class", &[])],
        );
        let options = schemes::one_block_of_two(&stages);
        let raw = [
            courses::tests::course(2, "MA", "core", "class"),
            courses::tests::course(3, "ART", "option", "class"),
        ];
        let c = courses::courses(ctx, &options, &week(), &stages, &rooms, &raw);
        staff::staff(
            ctx,
            &week(),
            &c,
            &[RawStaff {
                line: 2,
                staff: "T1".into(),
                name: "T".into(),
                max_periods: 10,
                teaches: vec!["MA".into()],
                unavailable: Vec::new(),
                limits: Limits::default(),
            }],
            Limits::default(),
        );
        c
    }

    #[test]
    fn stages_are_declared_or_gathered_in_natural_order() {
        let school = SchoolFile {
            rules: RulesFile::default(),
            name: "s".into(),
            stages: None,
            week: WeekFile {
                days: vec!["Mon".into()],
                periods: vec!["1".into()],
                breaks: Vec::new(),
            },
            options: Some(OptionsSettings {
                blocks: 1,
                periods_per_block: 1,
                pattern: None,
            }),
            schemes: Vec::new(),
            solve: SolveSettings::default(),
        };
        let mut a = courses::tests::course(2, "A", "core", "none");
        a.stages = vec!["Y10".into(), "Y9".into()];
        let s = stages(&school, &[a]);
        assert_eq!(s.iter().collect::<Vec<_>>(), ["Y9", "Y10"]);
    }
}
