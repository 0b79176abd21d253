//! Applying a variant's edits to the base scenario as read ([`RawScenario`]), before it is
//! resolved like any scenario folder. An edit that names what the base does not have is an
//! error at the edit's place in the sweep file.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::sweep::{Change, Edit, FieldValue, NewStaff};
use crate::error::InputError;
use crate::scenario::{CourseKind, RawChoice, RawCourse, RawScenario, RawStaff};

/// The reason given for a choice of a course a variant dropped.
pub const NOT_OFFERED: &str = "course not offered";

/// A choice that went with a dropped course.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    /// Pupil id.
    pub pupil: String,
    /// Course id.
    pub course: String,
    /// Its rank.
    pub rank: u32,
    /// Whether it was a reserve.
    pub reserve: bool,
    /// Whether it counts as a main choice (a main choice of an option or tutorial course).
    pub main: bool,
}

/// Applies `edits` in order; returns the choices that dropped courses took with them. Problems
/// go to `errors`, at the place of the edit.
pub fn apply(raw: &mut RawScenario, edits: &[Edit], errors: &mut Vec<InputError>) -> Vec<Dropped> {
    let mut dropped = Vec::new();
    for edit in edits {
        if let Err(message) = apply_one(raw, &edit.change, &mut dropped) {
            errors.push(InputError::new(edit.place.clone(), message));
        }
    }
    dropped
}

fn course_index(raw: &RawScenario, id: &str) -> Result<usize, String> {
    raw.courses
        .iter()
        .position(|c| c.course == id)
        .ok_or_else(|| format!("expected a course id from courses.csv, found {id:?}"))
}

fn next_line<T>(rows: &[T], line: impl Fn(&T) -> u64) -> u64 {
    rows.iter().map(line).max().unwrap_or(1) + 1
}

fn set_field(course: &mut RawCourse, field: &str, value: &FieldValue) {
    match (field, value) {
        ("periods", FieldValue::Number(n)) => course.periods = *n,
        ("min_size", FieldValue::Number(n)) => course.min_size = *n,
        ("max_size", FieldValue::Number(n)) => course.max_size = *n,
        ("max_classes", FieldValue::Number(n)) => course.max_classes = *n,
        ("name", FieldValue::Text(t)) => course.name = t.clone(),
        ("kind", FieldValue::Text(t)) => course.kind = t.clone(),
        ("room_type", FieldValue::Text(t)) => course.room_type = t.clone(),
        ("stages", FieldValue::List(l)) => course.stages = l.clone(),
        ("features", FieldValue::List(l)) => course.features = l.clone(),
        ("allowed", FieldValue::List(l)) => course.allowed = l.clone(),
        ("after", FieldValue::List(l)) => course.after = l.clone(),
        ("staffed", FieldValue::Flag(b)) => course.staffed = *b,
        // The parser pairs every field with its kind of value.
        _ => {}
    }
}

fn apply_one(
    raw: &mut RawScenario,
    change: &Change,
    dropped: &mut Vec<Dropped>,
) -> Result<(), String> {
    let is_option = |c: &RawCourse| c.kind == CourseKind::Option.as_str();
    match change {
        Change::Blocks(n) => legacy_options(raw)?.blocks = *n,
        Change::PeriodsPerBlock(n) => {
            legacy_options(raw)?.periods_per_block = *n;
            for c in raw.courses.iter_mut().filter(|c| is_option(c)) {
                c.periods = *n;
            }
        }
        Change::OptionCourses { field, value } => {
            for c in raw.courses.iter_mut().filter(|c| is_option(c)) {
                set_field(c, field, &FieldValue::Number(*value));
            }
        }
        Change::Course {
            course,
            field,
            value,
        } => {
            let i = course_index(raw, course)?;
            set_field(&mut raw.courses[i], field, value);
        }
        Change::DropCourse(id) => {
            let i = course_index(raw, id)?;
            let kind = CourseKind::parse(&raw.courses[i].kind);
            raw.courses.remove(i);
            raw.choices.retain(|ch| {
                if ch.course != *id {
                    return true;
                }
                dropped.push(Dropped {
                    pupil: ch.pupil.clone(),
                    course: ch.course.clone(),
                    rank: ch.rank,
                    reserve: ch.reserve,
                    main: !ch.reserve && kind.is_some_and(CourseKind::is_chosen),
                });
                false
            });
            for s in &mut raw.staff {
                s.teaches.retain(|c| c != id);
            }
            for c in &mut raw.courses {
                c.after.retain(|c| c != id);
            }
            raw.fixed.retain(|f| f.course != *id);
        }
        Change::DropStaff(id) => {
            let before = raw.staff.len();
            raw.staff.retain(|s| s.staff != *id);
            if raw.staff.len() == before {
                return Err(format!("expected a staff id from staff.csv, found {id:?}"));
            }
        }
        Change::AddStaff(NewStaff {
            id,
            name,
            max_periods,
            teaches,
            unavailable,
        }) => {
            if raw.staff.iter().any(|s| s.staff == *id) {
                return Err(format!(
                    "expected a new staff id, found {id:?} (already in staff.csv)"
                ));
            }
            for c in teaches {
                course_index(raw, c)?;
            }
            raw.staff.push(RawStaff {
                limits: Default::default(),
                line: next_line(&raw.staff, |s| s.line),
                staff: id.clone(),
                name: name.clone(),
                max_periods: *max_periods,
                teaches: teaches.clone(),
                unavailable: unavailable.clone(),
            });
        }
        Change::ScaleDemand {
            course,
            pupils,
            seed,
        } => scale_demand(raw, course, *pupils, *seed)?,
    }
    Ok(())
}

/// `pupils` more pupils choose `course` as a main choice: pupils of a stage it is open to who
/// did not choose it as a main choice, in a seeded order; each takes it in place of their
/// lowest-ranked main option choice, or as one more main choice when they have a block free.
/// A reserve choice of it becomes a main choice.
/// The `[options]` table a blocks edit changes (a scenario of `[[scheme]]` tables has none).
fn legacy_options(raw: &mut RawScenario) -> Result<&mut crate::scenario::OptionsSettings, String> {
    raw.school
        .options
        .as_mut()
        .ok_or_else(|| "expected a scenario with [options]; this one has [[scheme]] tables, edit them in school.toml".to_owned())
}

fn scale_demand(raw: &mut RawScenario, course: &str, pupils: u32, seed: u64) -> Result<(), String> {
    let i = course_index(raw, course)?;
    let c = &raw.courses[i];
    if c.kind != CourseKind::Option.as_str() {
        return Err(format!(
            "expected an option course, found {course:?} of kind {}",
            c.kind
        ));
    }
    let stages = c.stages.clone();
    let blocks = match &raw.school.options {
        Some(o) => o.blocks as usize,
        None => raw
            .school
            .schemes
            .iter()
            .find(|s| stages.iter().any(|st| s.stages.contains(st)))
            .map_or(0, |s| s.blocks.len()),
    };
    let options: std::collections::HashSet<&str> = raw
        .courses
        .iter()
        .filter(|c| c.kind == CourseKind::Option.as_str())
        .map(|c| c.course.as_str())
        .collect();
    let is_main_option = |ch: &RawChoice| !ch.reserve && options.contains(ch.course.as_str());
    let mut candidates: Vec<usize> = (0..raw.pupils.len())
        .filter(|&p| {
            let id = &raw.pupils[p].pupil;
            stages.contains(&raw.pupils[p].stage)
                && !raw
                    .choices
                    .iter()
                    .any(|ch| ch.pupil == *id && ch.course == course && !ch.reserve)
        })
        .collect();
    candidates.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let mut line = next_line(&raw.choices, |c| c.line);
    let mut added = 0;
    let mut new_rows = Vec::new();
    for p in candidates {
        if added == pupils {
            break;
        }
        let id = raw.pupils[p].pupil.clone();
        let mine: Vec<usize> = (0..raw.choices.len())
            .filter(|&k| raw.choices[k].pupil == id)
            .collect();
        let main: Vec<usize> = mine
            .iter()
            .copied()
            .filter(|&k| is_main_option(&raw.choices[k]))
            .collect();
        let reserve_of_it = mine
            .iter()
            .copied()
            .find(|&k| raw.choices[k].course == course && raw.choices[k].reserve);
        if main.len() < blocks {
            let rank = mine.iter().map(|&k| raw.choices[k].rank).max().unwrap_or(0) + 1;
            match reserve_of_it {
                Some(k) => raw.choices[k].reserve = false,
                None if rank <= 99 => {
                    new_rows.push(RawChoice {
                        line,
                        pupil: id,
                        course: course.to_owned(),
                        rank,
                        reserve: false,
                    });
                    line += 1;
                }
                None => continue,
            }
        } else {
            let Some(&lowest) = main
                .iter()
                .max_by_key(|&&k| (raw.choices[k].rank, raw.choices[k].line))
            else {
                continue;
            };
            if let Some(k) = reserve_of_it {
                raw.choices[k].course = raw.choices[lowest].course.clone();
            }
            raw.choices[lowest].course = course.to_owned();
        }
        added += 1;
    }
    raw.choices.extend(new_rows);
    if added < pupils {
        return Err(format!(
            "only {added} more pupils can choose {course:?} (those of its stages who did not), \
             expected {pupils}"
        ));
    }
    Ok(())
}
