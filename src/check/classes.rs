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

/// The given class of `fixed.csv` with the id of class `c`, if any.
fn given<'a>(ix: &'a Index<'_>, c: ClassId) -> Option<&'a crate::scenario::FixedClass> {
    let class = &ix.solution.classes[c];
    ix.scenario
        .fixed
        .iter()
        .find(|f| f.id == class.id && f.course == class.course)
}

/// [`Rule::ClassBlock`]: an option class carries a block, a given class carries one only when
/// fixed.csv gives it one, and a class of any other kind carries none.
pub fn block_tag(ix: &Index<'_>) -> Vec<Violation> {
    known_classes(ix)
        .filter_map(|c| {
            let class = &ix.solution.classes[c];
            let option = ix.course_of(c).kind == CourseKind::Option;
            let given_block = given(ix, c).is_some_and(|f| f.block.is_some());
            let may = option || given_block;
            (may != class.block.is_some() && (option || !given_block)).then(|| {
                let message = match class.block {
                    None => format!("option class {} has no block", class.id),
                    Some(b) => format!(
                        "{} is in block {} but is neither an option class nor given a block in fixed.csv",
                        class.id,
                        ix.block(b)
                    ),
                };
                Violation::new(Rule::ClassBlock, vec![ix.class(c)], message)
            })
        })
        .collect()
}

/// [`Rule::BlockScheme`]: an option class's block belongs to its course's scheme.
pub fn block_scheme(ix: &Index<'_>) -> Vec<Violation> {
    known_classes(ix)
        .filter_map(|c| {
            let class = &ix.solution.classes[c];
            let course = ix.course_of(c);
            let b = class.block?;
            let block = ix.scenario.blocks.get(b)?;
            (course.kind == CourseKind::Option && course.scheme != Some(block.scheme)).then(|| {
                Violation::new(
                    Rule::BlockScheme,
                    vec![ix.class(c), ix.block(b)],
                    format!(
                        "{} is in block {} of scheme {}, but {} is a course of scheme {}",
                        class.id,
                        ix.block(b),
                        ix.scenario.schemes[block.scheme].name,
                        course.id,
                        course
                            .scheme
                            .map_or("none", |s| ix.scenario.schemes[s].name.as_str())
                    ),
                )
            })
        })
        .collect()
}

/// [`Rule::BlockAllowed`]: an option class runs only in a block its course may run in (its
/// `blocks` in courses.csv, of its periods).
pub fn block_allowed(ix: &Index<'_>) -> Vec<Violation> {
    known_classes(ix)
        .filter_map(|c| {
            let class = &ix.solution.classes[c];
            let course = ix.course_of(c);
            let b = class.block?;
            ix.scenario.blocks.get(b)?;
            (course.kind == CourseKind::Option && !course.blocks.contains(&b)).then(|| {
                Violation::new(
                    Rule::BlockAllowed,
                    vec![ix.class(c), ix.block(b)],
                    format!(
                        "{} is in block {}, which {} may not run in",
                        class.id,
                        ix.block(b),
                        course.id
                    ),
                )
            })
        })
        .collect()
}

/// [`Rule::GivenKept`]: a given class keeps the block fixed.csv gives it, and the teacher
/// fixed.csv gives it for every meeting.
pub fn given_kept(ix: &Index<'_>) -> Vec<Violation> {
    let mut out = Vec::new();
    let all: Vec<ClassId> = known_classes(ix).collect();
    for c in all {
        let Some(f) = given(ix, c) else { continue };
        let class = &ix.solution.classes[c];
        if let Some(b) = f.block {
            if class.block != Some(b) {
                out.push(Violation::new(
                    Rule::GivenKept,
                    vec![ix.class(c), ix.block(b)],
                    format!(
                        "{} is given block {} in fixed.csv but is in {}",
                        class.id,
                        ix.block(b),
                        class
                            .block
                            .map_or("no block".to_owned(), |x| format!("block {}", ix.block(x)))
                    ),
                ));
            }
        }
        if let Some(t) = f.staff {
            if class.staff != Some(t) {
                out.push(Violation::new(
                    Rule::GivenKept,
                    vec![ix.class(c), ix.staff(t)],
                    format!(
                        "{} is given teacher {} in fixed.csv but its teacher is {}",
                        class.id,
                        ix.staff(t),
                        class.staff.map_or("nobody".to_owned(), |x| ix.staff(x))
                    ),
                ));
            }
            if ix.full() {
                let wrong = ix
                    .meetings
                    .iter()
                    .filter(|m| m.class == c && m.staff != Some(t))
                    .count();
                if wrong > 0 {
                    out.push(Violation::new(
                        Rule::GivenKept,
                        vec![ix.class(c), ix.staff(t)],
                        format!(
                            "{wrong} meetings of {} are not taught by {}, the teacher fixed.csv gives it",
                            class.id,
                            ix.staff(t)
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// The classes of each block, in class order.
fn blocks(ix: &Index<'_>) -> BTreeMap<BlockId, Vec<ClassId>> {
    let mut out: BTreeMap<BlockId, Vec<ClassId>> = BTreeMap::new();
    for (id, c) in ix.solution.classes.iter_enumerated() {
        if let Some(b) = c.block {
            out.entry(b).or_default().push(id);
        }
    }
    out
}

/// [`Rule::BlockCount`]: every block is one of school.toml.
pub fn block_count(ix: &Index<'_>) -> Vec<Violation> {
    blocks(ix)
        .into_iter()
        .filter(|(b, _)| b.index() >= ix.scenario.blocks.len())
        .map(|(b, classes)| {
            Violation::new(
                Rule::BlockCount,
                vec![ix.block(b)],
                format!(
                    "block {} ({} classes) is beyond the {} blocks of school.toml",
                    ix.block(b),
                    classes.len(),
                    ix.scenario.blocks.len()
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

/// [`Rule::BlockPeriods`]: each block meets in exactly its periods' slots.
pub fn block_periods(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    blocks(ix)
        .into_iter()
        .filter_map(|(b, classes)| {
            let want = ix.scenario.blocks.get(b)?.periods as usize;
            let n = common_slots(ix, &classes).len();
            (n != want).then(|| {
                Violation::new(
                    Rule::BlockPeriods,
                    vec![ix.block(b)],
                    format!(
                        "block {} meets in {n} slots; its periods are {want}",
                        ix.block(b)
                    ),
                )
            })
        })
        .collect()
}

/// [`Rule::BlockFixedSlots`]: every class of a block whose slots school.toml fixes meets in
/// exactly those slots.
pub fn block_fixed_slots(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let names = |set: SlotSet| set.iter().map(|s| ix.slot(s)).collect::<Vec<_>>().join(";");
    let mut out = Vec::new();
    for (b, classes) in blocks(ix) {
        let Some(fixed) = ix.scenario.blocks.get(b).and_then(|x| x.slots) else {
            continue;
        };
        for c in classes {
            if ix.class_slots[c] != fixed {
                out.push(Violation::new(
                    Rule::BlockFixedSlots,
                    vec![ix.class(c), ix.block(b)],
                    format!(
                        "{} meets at {} but block {} is fixed at {}",
                        ix.class(c),
                        names(ix.class_slots[c]),
                        ix.block(b),
                        names(fixed)
                    ),
                ));
            }
        }
    }
    out
}

/// [`Rule::SchemeBlocksApart`]: the blocks of one scheme never share a slot, unless the scheme
/// has `apart = false` (given classes only; their people's clashes are judged as any clash).
pub fn scheme_blocks_apart(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let by_block: Vec<(BlockId, SlotSet)> = blocks(ix)
        .into_iter()
        .filter(|(b, _)| b.index() < ix.scenario.blocks.len())
        .map(|(b, classes)| {
            let all = classes
                .iter()
                .fold(SlotSet::EMPTY, |acc, &c| acc.union(&ix.class_slots[c]));
            (b, all)
        })
        .collect();
    for (i, &(a, sa)) in by_block.iter().enumerate() {
        for &(b, sb) in &by_block[i + 1..] {
            let scheme = ix.scenario.blocks[a].scheme;
            if scheme != ix.scenario.blocks[b].scheme || !ix.scenario.schemes[scheme].apart {
                continue;
            }
            let shared = sa.intersection(&sb);
            if !shared.is_empty() {
                out.push(Violation::new(
                    Rule::SchemeBlocksApart,
                    vec![ix.block(a), ix.block(b)],
                    format!(
                        "blocks {} and {} of scheme {} both meet at {}",
                        ix.block(a),
                        ix.block(b),
                        ix.scenario.schemes[scheme].name,
                        shared
                            .iter()
                            .map(|s| ix.slot(s))
                            .collect::<Vec<_>>()
                            .join(";")
                    ),
                ));
            }
        }
    }
    out
}
