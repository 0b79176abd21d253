//! Rules about classes, courses and blocks, and about references to things that do not exist.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::ids::*;
use crate::scenario::CourseKind;

use super::{Index, Rule, Violation};

/// [`Rule::UnknownId`]: every meeting, enrolment and unmet choice refers to a class, pupil,
/// course, member of staff, room and slot that exist. (A solution read from files always keeps
/// this rule; one built in memory may not.)
pub fn unknown_ids(ix: &Index<'_>) -> Vec<Violation> {
    let s = ix.scenario;
    let sol = ix.solution;
    let mut out = Vec::new();
    let bad =
        |what: &str, i: usize| Violation::new(Rule::UnknownId, vec![format!("{what} #{i}")], "");
    for (i, c) in sol.classes.iter().enumerate() {
        if c.course.index() >= s.courses.len()
            || c.staff.is_some_and(|x| x.index() >= s.staff.len())
            || c.room.is_some_and(|x| x.index() >= s.rooms.len())
        {
            out.push(Violation {
                message: format!(
                    "class {} refers to a course, staff or room that does not exist",
                    c.id
                ),
                ..bad("class", i)
            });
        }
    }
    if ix.full() {
        for (i, m) in sol.meetings.iter().enumerate() {
            if m.class.index() >= sol.classes.len()
                || m.slot.index() >= s.week.slots()
                || m.staff.is_some_and(|x| x.index() >= s.staff.len())
                || m.room.is_some_and(|x| x.index() >= s.rooms.len())
            {
                out.push(Violation {
                    message: format!(
                        "meeting {i} refers to a class, slot, staff or room that does not exist"
                    ),
                    ..bad("meeting", i)
                });
            }
        }
    }
    for (i, e) in sol.enrolments.iter().enumerate() {
        if e.class.index() >= sol.classes.len() || e.pupil.index() >= s.pupils.len() {
            out.push(Violation {
                message: format!("enrolment {i} refers to a pupil or class that does not exist"),
                ..bad("enrolment", i)
            });
        }
    }
    for (i, u) in sol.unmet.iter().enumerate() {
        if u.course.index() >= s.courses.len() || u.pupil.index() >= s.pupils.len() {
            out.push(Violation {
                message: format!("unmet row {i} refers to a pupil or course that does not exist"),
                ..bad("unmet", i)
            });
        }
    }
    out
}

/// Classes whose course exists (the others are [`Rule::UnknownId`]).
fn known_classes<'a>(ix: &'a Index<'_>) -> impl ParallelIterator<Item = ClassId> + 'a {
    (0..ix.solution.classes.len())
        .into_par_iter()
        .map(ClassId::from_index)
        .filter(|&c| ix.solution.classes[c].course.index() < ix.scenario.courses.len())
}

/// [`Rule::ClassSize`]: a class has from min_size to max_size pupils.
pub fn size(ix: &Index<'_>) -> Vec<Violation> {
    known_classes(ix)
        .filter_map(|c| {
            let course = ix.course_of(c);
            let n = ix.size(c) as u32;
            (n < course.min_size || n > course.max_size).then(|| {
                Violation::new(
                    Rule::ClassSize,
                    vec![ix.class(c)],
                    format!(
                        "{} has {n} pupils; {} takes {} to {}",
                        ix.class(c),
                        course.id,
                        course.min_size,
                        course.max_size
                    ),
                )
            })
        })
        .collect()
}

/// [`Rule::ClassMeetings`]: a class meets exactly its course's periods times a week, in distinct
/// slots of the week.
pub fn meetings(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    known_classes(ix)
        .filter_map(|c| {
            let course = ix.course_of(c);
            let n = ix.class_meetings.of(c).len();
            let distinct = ix.class_slots[c].len();
            (n != course.periods as usize || distinct != n).then(|| {
                let twice = if distinct != n {
                    format!(", {} of them in a slot already used", n - distinct)
                } else {
                    String::new()
                };
                Violation::new(
                    Rule::ClassMeetings,
                    vec![ix.class(c)],
                    format!(
                        "{} meets {n} times{twice}; {} meets {} times a week",
                        ix.class(c),
                        course.id,
                        course.periods
                    ),
                )
            })
        })
        .collect()
}

/// [`Rule::ClassAllowed`]: a class meets only in its course's allowed slots.
pub fn allowed(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    known_classes(ix)
        .flat_map_iter(|c| {
            let course = ix.course_of(c);
            ix.class_slots[c]
                .difference(&course.allowed)
                .iter()
                .map(|slot| {
                    Violation::new(
                        Rule::ClassAllowed,
                        vec![ix.class(c), ix.slot(slot)],
                        format!("{} may not meet at {}", course.id, ix.slot(slot)),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// [`Rule::CourseOrder`]: every meeting of a course comes after every meeting of each course in
/// its after list.
pub fn order(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let s = ix.scenario;
    let mut first: KeyedVec<CourseId, Option<SlotId>> = KeyedVec::filled(s.courses.len(), None);
    let mut last: KeyedVec<CourseId, Option<SlotId>> = KeyedVec::filled(s.courses.len(), None);
    for m in &ix.meetings {
        let course = ix.solution.classes[m.class].course;
        if course.index() >= s.courses.len() {
            continue;
        }
        first[course] = Some(first[course].map_or(m.slot, |f| f.min(m.slot)));
        last[course] = Some(last[course].map_or(m.slot, |l| l.max(m.slot)));
    }
    let mut out = Vec::new();
    for (id, c) in s.courses.iter_enumerated() {
        for &before in &c.after {
            if let (Some(f), Some(l)) = (first[id], last[before]) {
                if f <= l {
                    out.push(Violation::new(
                        Rule::CourseOrder,
                        vec![c.id.clone(), ix.course(before)],
                        format!(
                            "{} meets at {} but {} must come after {}, which meets at {}",
                            c.id,
                            ix.slot(f),
                            c.id,
                            ix.course(before),
                            ix.slot(l)
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// [`Rule::CourseMaxClasses`]: a course has at most max_classes classes.
pub fn max_classes(ix: &Index<'_>) -> Vec<Violation> {
    let s = ix.scenario;
    let mut count: KeyedVec<CourseId, u32> = KeyedVec::filled(s.courses.len(), 0);
    for c in ix.solution.classes.iter() {
        if c.course.index() < s.courses.len() {
            count[c.course] += 1;
        }
    }
    s.courses
        .iter_enumerated()
        .filter(|(id, c)| count[*id] > c.max_classes)
        .map(|(id, c)| {
            Violation::new(
                Rule::CourseMaxClasses,
                vec![c.id.clone()],
                format!(
                    "{} has {} classes; at most {}",
                    c.id, count[id], c.max_classes
                ),
            )
        })
        .collect()
}

/// [`Rule::ClassBlock`]: an option class carries a block and a class of any other kind does
/// not.
pub fn block_tag(ix: &Index<'_>) -> Vec<Violation> {
    known_classes(ix)
        .filter_map(|c| {
            let class = &ix.solution.classes[c];
            let option = ix.course_of(c).kind == CourseKind::Option;
            (option != class.block.is_some()).then(|| {
                let message = if option {
                    format!("option class {} has no block", class.id)
                } else {
                    format!(
                        "{} is in block {} but is not an option class",
                        class.id,
                        ix.block(class.block.unwrap_or(0))
                    )
                };
                Violation::new(Rule::ClassBlock, vec![ix.class(c)], message)
            })
        })
        .collect()
}

/// The classes of each block, in class order.
fn blocks(ix: &Index<'_>) -> BTreeMap<u32, Vec<ClassId>> {
    let mut out: BTreeMap<u32, Vec<ClassId>> = BTreeMap::new();
    for (id, c) in ix.solution.classes.iter_enumerated() {
        if let Some(b) = c.block {
            out.entry(b).or_default().push(id);
        }
    }
    out
}

/// [`Rule::BlockCount`]: every block is numbered from 1 to the blocks of school.toml.
pub fn block_count(ix: &Index<'_>) -> Vec<Violation> {
    blocks(ix)
        .into_iter()
        .filter(|(b, _)| *b >= ix.scenario.options.blocks)
        .map(|(b, classes)| {
            Violation::new(
                Rule::BlockCount,
                vec![ix.block(b)],
                format!(
                    "block {} ({} classes) is beyond the {} blocks of school.toml",
                    ix.block(b),
                    classes.len(),
                    ix.scenario.options.blocks
                ),
            )
        })
        .collect()
}

/// The slots of a block: those most of its classes meet in (the first class's on a tie).
fn common_slots(ix: &Index<'_>, classes: &[ClassId]) -> SlotSet {
    let mut count: std::collections::HashMap<SlotSet, usize> = std::collections::HashMap::new();
    for &c in classes {
        *count.entry(ix.class_slots[c]).or_default() += 1;
    }
    let mut best = (0, SlotSet::EMPTY);
    for &c in classes {
        let n = count[&ix.class_slots[c]];
        if n > best.0 {
            best = (n, ix.class_slots[c]);
        }
    }
    best.1
}

/// [`Rule::BlockSlots`]: all classes of one block meet in the same slots.
pub fn block_slots(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (b, classes) in blocks(ix) {
        let slots = common_slots(ix, &classes);
        for c in classes {
            if ix.class_slots[c] != slots {
                let names =
                    |set: SlotSet| set.iter().map(|s| ix.slot(s)).collect::<Vec<_>>().join(";");
                out.push(Violation::new(
                    Rule::BlockSlots,
                    vec![ix.class(c), ix.block(b)],
                    format!(
                        "{} meets at {} but block {} meets at {}",
                        ix.class(c),
                        names(ix.class_slots[c]),
                        ix.block(b),
                        names(slots)
                    ),
                ));
            }
        }
    }
    out
}

/// [`Rule::BlockPeriods`]: each block meets in exactly periods_per_block slots.
pub fn block_periods(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let want = ix.scenario.options.periods_per_block as usize;
    blocks(ix)
        .into_iter()
        .filter_map(|(b, classes)| {
            let n = common_slots(ix, &classes).len();
            (n != want).then(|| {
                Violation::new(
                    Rule::BlockPeriods,
                    vec![ix.block(b)],
                    format!(
                        "block {} meets in {n} slots; periods_per_block is {want}",
                        ix.block(b)
                    ),
                )
            })
        })
        .collect()
}
