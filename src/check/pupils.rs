//! Rules about each pupil's classes, choices and unmet list; checked in parallel over pupils.

use std::collections::HashMap;

use crate::ids::*;
use crate::scenario::CourseKind;

use super::{par_each, Index, Mode, Rule, Violation};

/// [`Rule::PupilClash`]: a pupil never has two meetings in one slot.
pub fn clash(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    par_each(ix.scenario.pupils.len(), |p: PupilId, _: &mut (), out| {
        let classes = ix.pupil_classes.of(p);
        let mut seen = SlotSet::EMPTY;
        let mut twice = SlotSet::EMPTY;
        for &c in classes {
            let slots = ix.class_slots[c];
            twice = twice.union(&seen.intersection(&slots));
            seen = seen.union(&slots);
        }
        for slot in twice.iter() {
            let mut ids = vec![ix.pupil(p)];
            ids.extend(
                classes
                    .iter()
                    .filter(|&&c| ix.class_slots[c].contains(slot))
                    .map(|&c| ix.class(c)),
            );
            let what = ids[1..].join(", ");
            ids.push(ix.slot(slot));
            out.push(Violation::new(
                Rule::PupilClash,
                ids,
                format!("{} meets {what} at once", ix.pupil(p)),
            ));
        }
    })
}

/// [`Rule::PupilStage`]: a pupil is only in classes of courses open to their stage (classes of
/// fixed courses excepted: fixed.csv gives their pupils).
pub fn stage(ix: &Index<'_>) -> Vec<Violation> {
    par_each(ix.scenario.pupils.len(), |p: PupilId, _: &mut (), out| {
        let pupil = &ix.scenario.pupils[p];
        for &c in ix.pupil_classes.of(p) {
            let course = ix.course_of(c);
            if course.kind != CourseKind::Fixed && !course.open_to(pupil.stage) {
                out.push(Violation::new(
                    Rule::PupilStage,
                    vec![ix.pupil(p), ix.class(c)],
                    format!(
                        "{} is in stage {} but {} is open to {}",
                        pupil.id,
                        ix.scenario.stages.name(pupil.stage),
                        course.id,
                        course
                            .stages
                            .iter()
                            .map(|&s| ix.scenario.stages.name(s))
                            .collect::<Vec<_>>()
                            .join(";")
                    ),
                ));
            }
        }
    })
}

/// [`Rule::PupilCourseTwice`]: a pupil is in at most one class of each course.
pub fn course_twice(ix: &Index<'_>) -> Vec<Violation> {
    par_each(
        ix.scenario.pupils.len(),
        |p: PupilId, buf: &mut Vec<(CourseId, ClassId)>, out| {
            buf.clear();
            buf.extend(
                ix.pupil_classes
                    .of(p)
                    .iter()
                    .map(|&c| (ix.solution.classes[c].course, c)),
            );
            buf.sort_unstable();
            for group in buf.chunk_by(|a, b| a.0 == b.0) {
                if group.len() > 1 {
                    let mut ids = vec![ix.pupil(p)];
                    ids.extend(group.iter().map(|&(_, c)| ix.class(c)));
                    out.push(Violation::new(
                        Rule::PupilCourseTwice,
                        ids,
                        format!(
                            "{} is in {} classes of {}",
                            ix.pupil(p),
                            group.len(),
                            ix.course(group[0].0)
                        ),
                    ));
                }
            }
        },
    )
}

/// [`Rule::PupilUnchosen`]: a pupil is in option and tutorial classes only of courses they
/// chose (reserves count as chosen).
pub fn unchosen(ix: &Index<'_>) -> Vec<Violation> {
    par_each(ix.scenario.pupils.len(), |p: PupilId, _: &mut (), out| {
        let pupil = &ix.scenario.pupils[p];
        for &c in ix.pupil_classes.of(p) {
            let course = ix.solution.classes[c].course;
            if ix.scenario.courses[course].kind.is_chosen() && pupil.choice_of(course).is_none() {
                out.push(Violation::new(
                    Rule::PupilUnchosen,
                    vec![ix.pupil(p), ix.class(c)],
                    format!("{} did not choose {}", pupil.id, ix.course(course)),
                ));
            }
        }
    })
}

/// Whether pupil `p` is in some class of `course`.
fn takes(ix: &Index<'_>, p: PupilId, course: CourseId) -> bool {
    ix.pupil_classes
        .of(p)
        .iter()
        .any(|&c| ix.solution.classes[c].course == course)
}

/// [`Rule::PupilMissingCompulsory`]: a pupil is in a class of every core and lecture course of
/// their stage (full mode only: the blocks stage makes option classes).
pub fn missing_compulsory(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let s = ix.scenario;
    let compulsory: KeyedVec<StageId, Vec<CourseId>> = s
        .stages
        .keys()
        .map(|st| {
            s.courses
                .iter_enumerated()
                .filter(|(_, c)| {
                    matches!(c.kind, CourseKind::Core | CourseKind::Lecture) && c.open_to(st)
                })
                .map(|(id, _)| id)
                .collect()
        })
        .collect();
    par_each(s.pupils.len(), |p: PupilId, _: &mut (), out| {
        let Some(list) = compulsory.get(s.pupils[p].stage) else {
            return;
        };
        for &course in list {
            if !takes(ix, p, course) {
                out.push(Violation::new(
                    Rule::PupilMissingCompulsory,
                    vec![ix.pupil(p), ix.course(course)],
                    format!("{} has no class of {}", ix.pupil(p), ix.course(course)),
                ));
            }
        }
    })
}

/// [`Rule::PupilTooManyOptions`]: a pupil takes no more option courses than they made main
/// option choices.
pub fn too_many_options(ix: &Index<'_>) -> Vec<Violation> {
    par_each(
        ix.scenario.pupils.len(),
        |p: PupilId, buf: &mut Vec<CourseId>, out| {
            let pupil = &ix.scenario.pupils[p];
            buf.clear();
            buf.extend(
                ix.pupil_classes
                    .of(p)
                    .iter()
                    .map(|&c| ix.solution.classes[c].course)
                    .filter(|&c| ix.scenario.courses[c].kind == CourseKind::Option),
            );
            buf.sort_unstable();
            buf.dedup();
            let main = pupil
                .main_choices()
                .filter(|ch| ix.scenario.courses[ch.course].kind == CourseKind::Option)
                .count();
            if buf.len() > main {
                out.push(Violation::new(
                    Rule::PupilTooManyOptions,
                    vec![ix.pupil(p)],
                    format!(
                        "{} takes {} option courses but made {main} main option choices",
                        pupil.id,
                        buf.len()
                    ),
                ));
            }
        },
    )
}

/// [`Rule::PupilBlockClash`]: a pupil's option classes are in distinct blocks.
pub fn block_clash(ix: &Index<'_>) -> Vec<Violation> {
    par_each(
        ix.scenario.pupils.len(),
        |p: PupilId, buf: &mut Vec<(BlockId, ClassId)>, out| {
            buf.clear();
            buf.extend(
                ix.pupil_classes
                    .of(p)
                    .iter()
                    .filter_map(|&c| ix.solution.classes[c].block.map(|b| (b, c))),
            );
            buf.sort_unstable();
            for group in buf.chunk_by(|a, b| a.0 == b.0) {
                if group.len() > 1 {
                    let mut ids = vec![ix.pupil(p)];
                    ids.extend(group.iter().map(|&(_, c)| ix.class(c)));
                    ids.push(ix.block(group[0].0));
                    out.push(Violation::new(
                        Rule::PupilBlockClash,
                        ids,
                        format!(
                            "{} has {} classes in block {}",
                            ix.pupil(p),
                            group.len(),
                            ix.block(group[0].0)
                        ),
                    ));
                }
            }
        },
    )
}

/// Main choices a pupil missed (option and tutorial; in blocks-only mode options only).
fn missed<'a>(
    ix: &'a Index<'a>,
    p: PupilId,
) -> impl Iterator<Item = &'a crate::scenario::Choice> + 'a {
    ix.scenario.pupils[p].main_choices().filter(move |ch| {
        let kind = ix.scenario.courses[ch.course].kind;
        (kind == CourseKind::Option || (kind == CourseKind::Tutorial && ix.mode == Mode::Full))
            && !takes(ix, p, ch.course)
    })
}

/// [`Rule::ReserveUnearned`]: a pupil takes a reserve only in place of a missed main choice:
/// reserves taken are at most main choices (option and tutorial) missed.
pub fn reserve_unearned(ix: &Index<'_>) -> Vec<Violation> {
    par_each(ix.scenario.pupils.len(), |p: PupilId, _: &mut (), out| {
        let pupil = &ix.scenario.pupils[p];
        let taken = pupil
            .reserves()
            .filter(|ch| takes(ix, p, ch.course))
            .count();
        if taken == 0 {
            return;
        }
        let missed = pupil
            .main_choices()
            .filter(|ch| {
                ix.scenario.courses[ch.course].kind.is_chosen() && !takes(ix, p, ch.course)
            })
            .count();
        if taken > missed {
            out.push(Violation::new(
                Rule::ReserveUnearned,
                vec![ix.pupil(p)],
                format!(
                    "{} takes {taken} reserves but missed {missed} main choices",
                    pupil.id
                ),
            ));
        }
    })
}

/// Unmet rows of each pupil.
fn unmet_by_pupil(ix: &Index<'_>) -> super::Groups<PupilId, u32> {
    super::Groups::new(
        ix.scenario.pupils.len(),
        ix.solution
            .unmet
            .iter()
            .enumerate()
            .map(|(i, u)| (u.pupil, i as u32)),
    )
}

/// [`Rule::UnmetMissing`]: every main choice (option or tutorial) a pupil did not get is
/// listed in unmet.csv (in blocks-only mode, option choices only: tutorials come with the week).
pub fn unmet_missing(ix: &Index<'_>) -> Vec<Violation> {
    let unmet = unmet_by_pupil(ix);
    par_each(ix.scenario.pupils.len(), |p: PupilId, _: &mut (), out| {
        for ch in missed(ix, p) {
            let listed = unmet
                .of(p)
                .iter()
                .any(|&i| ix.solution.unmet[i as usize].course == ch.course);
            if !listed {
                out.push(Violation::new(
                    Rule::UnmetMissing,
                    vec![ix.pupil(p), ix.course(ch.course)],
                    format!(
                        "{} did not get {} (rank {}) but unmet.csv does not say so",
                        ix.pupil(p),
                        ix.course(ch.course),
                        ch.rank
                    ),
                ));
            }
        }
    })
}

/// [`Rule::UnmetWrong`]: unmet.csv lists only main choices the pupil made and did not get,
/// each once.
pub fn unmet_wrong(ix: &Index<'_>) -> Vec<Violation> {
    let unmet = unmet_by_pupil(ix);
    par_each(ix.scenario.pupils.len(), |p: PupilId, _: &mut (), out| {
        let rows = unmet.of(p);
        for (k, &i) in rows.iter().enumerate() {
            let u = &ix.solution.unmet[i as usize];
            if u.course.index() >= ix.scenario.courses.len() {
                continue;
            }
            let pupil = &ix.scenario.pupils[p];
            let why = match pupil.choice_of(u.course) {
                None => Some("is not a choice of theirs".to_owned()),
                Some(ch) if ch.reserve => Some("is a reserve, not a main choice".to_owned()),
                Some(_) if takes(ix, p, u.course) => Some("was met".to_owned()),
                Some(_)
                    if rows[..k]
                        .iter()
                        .any(|&j| ix.solution.unmet[j as usize].course == u.course) =>
                {
                    Some("is listed twice".to_owned())
                }
                Some(_) => None,
            };
            if let Some(why) = why {
                out.push(Violation::new(
                    Rule::UnmetWrong,
                    vec![ix.pupil(p), ix.course(u.course)],
                    format!(
                        "unmet.csv lists {} for {}, which {why}",
                        ix.course(u.course),
                        pupil.id
                    ),
                ));
            }
        }
    })
}

/// [`Rule::FixedClass`]: a class of a fixed course is one fixed.csv gives, and its pupils are
/// exactly those fixed.csv lists for it (in full mode every class fixed.csv gives exists).
pub fn fixed_class(ix: &Index<'_>) -> Vec<Violation> {
    let s = ix.scenario;
    let given: HashMap<&str, &crate::scenario::FixedClass> =
        s.fixed.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut out = Vec::new();
    let mut made = std::collections::HashSet::new();
    for (c, class) in ix.solution.classes.iter_enumerated() {
        if s.courses[class.course].kind != CourseKind::Fixed {
            continue;
        }
        let Some(f) = given
            .get(class.id.as_str())
            .filter(|f| f.course == class.course)
        else {
            out.push(Violation::new(
                Rule::FixedClass,
                vec![ix.class(c)],
                format!(
                    "{} is a class of fixed course {} that fixed.csv does not give",
                    class.id,
                    ix.course(class.course)
                ),
            ));
            continue;
        };
        made.insert(f.id.as_str());
        let mut pupils = ix.class_pupils.of(c).to_vec();
        pupils.dedup();
        for &p in &pupils {
            if f.pupils.binary_search(&p).is_err() {
                out.push(Violation::new(
                    Rule::FixedClass,
                    vec![ix.pupil(p), ix.class(c)],
                    format!(
                        "{} is in {} but fixed.csv does not list them",
                        ix.pupil(p),
                        class.id
                    ),
                ));
            }
        }
        for &p in &f.pupils {
            if pupils.binary_search(&p).is_err() {
                out.push(Violation::new(
                    Rule::FixedClass,
                    vec![ix.pupil(p), ix.class(c)],
                    format!(
                        "fixed.csv lists {} in {} but they are not in it",
                        ix.pupil(p),
                        class.id
                    ),
                ));
            }
        }
    }
    if ix.full() {
        for f in &s.fixed {
            if !made.contains(f.id.as_str()) {
                out.push(Violation::new(
                    Rule::FixedClass,
                    vec![f.id.clone()],
                    format!(
                        "fixed.csv gives class {} of {} but the solution has no such class",
                        f.id,
                        ix.course(f.course)
                    ),
                ));
            }
        }
    }
    out
}
