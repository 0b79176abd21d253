//! `courses.csv`: kinds, periods, sizes, the room type and features, stages, allowed slots and
//! the order between courses.

use std::collections::HashSet;

use super::rooms::Rooms;
use super::schemes::Schemes;
use super::{intern_ids, slots, Ctx};
use crate::ids::*;
use crate::scenario::*;

/// The courses, resolved.
pub(crate) struct Courses {
    /// Course ids.
    pub ids: Names<CourseId>,
    /// The courses (the first row of a duplicated id).
    pub courses: KeyedVec<CourseId, Course>,
    /// The line of each course in `courses.csv`.
    pub lines: KeyedVec<CourseId, u64>,
}

/// Resolves the rows of `courses.csv` against the week, the stages and the rooms.
pub(crate) fn courses(
    ctx: &mut Ctx,
    schemes: &Schemes,
    week: &Week,
    stages: &Names<StageId>,
    rooms: &Rooms,
    raw: &[RawCourse],
) -> Courses {
    let f = "courses.csv";
    let n_slots = week.slots() as u32;
    let stage_list = stages.iter().collect::<Vec<_>>().join(";");
    let ids: Names<CourseId> = intern_ids(
        ctx,
        f,
        "course",
        raw.iter().map(|c| (c.line, c.course.clone())),
    );
    let mut courses: KeyedVec<CourseId, Course> = KeyedVec::new();
    let mut lines: KeyedVec<CourseId, u64> = KeyedVec::new();
    let mut seen = HashSet::new();
    for c in raw {
        if !seen.insert(&c.course) {
            continue;
        }
        let kind = CourseKind::parse(&c.kind).unwrap_or_else(|| {
            ctx.expected(
                f,
                c.line,
                "kind",
                "one of option;core;tutorial;lecture",
                &c.kind,
            );
            CourseKind::Option
        });
        if c.periods == 0 || c.periods > n_slots {
            ctx.expected(
                f,
                c.line,
                "periods",
                format!("1 to {n_slots} (the slots of the week)"),
                &c.periods.to_string(),
            );
        }
        if c.max_size == 0 {
            ctx.expected(f, c.line, "max_size", "at least 1", "0");
        }
        if c.min_size > c.max_size {
            ctx.expected(
                f,
                c.line,
                "min_size",
                format!("at most max_size ({})", c.max_size),
                &c.min_size.to_string(),
            );
        }
        let room_type = match c.room_type.as_str() {
            "none" => None,
            t => match rooms.types.get(t) {
                Some(id) => Some(id),
                None => {
                    let known = rooms.types.iter().collect::<Vec<_>>().join(";");
                    ctx.expected(
                        f,
                        c.line,
                        "room_type",
                        format!("none or a type some room has ({known})"),
                        t,
                    );
                    None
                }
            },
        };
        if c.stages.is_empty() {
            ctx.expected(
                f,
                c.line,
                "stages",
                format!("a ;-list of stages from {stage_list}"),
                "",
            );
        }
        let mut st = Vec::new();
        for s in &c.stages {
            match stages.get(s) {
                Some(id) => st.push(id),
                None => ctx.expected(f, c.line, "stages", format!("stages from {stage_list}"), s),
            }
        }
        st.sort();
        st.dedup();
        let (scheme, blocks) = if kind == CourseKind::Option {
            option_blocks(ctx, schemes, stages, c, &st)
        } else {
            if !c.blocks.is_empty() {
                ctx.expected(
                    f,
                    c.line,
                    "blocks",
                    "no blocks for a course that is not an option",
                    &c.blocks.join(";"),
                );
            }
            (None, Vec::new())
        };
        let mut fs = Vec::new();
        for x in &c.features {
            match rooms.features.get(x) {
                Some(id) => fs.push(id),
                None => ctx.expected(
                    f,
                    c.line,
                    "features",
                    "features some room has (rooms.csv features)",
                    x,
                ),
            }
        }
        fs.sort();
        fs.dedup();
        let allowed = if c.allowed.is_empty() {
            week.all()
        } else {
            slots(ctx, week, f, c.line, "allowed", &c.allowed)
        };
        // Nothing is taught in a closed slot of `[rules]`.
        let allowed = allowed.difference(&week.closed);
        if (allowed.len() as u32) < c.periods {
            let outside = if week.closed.is_empty() {
                ""
            } else {
                " outside [rules] closed"
            };
            ctx.expected(
                f,
                c.line,
                "allowed",
                format!(
                    "at least {} allowed slots{outside} (its periods)",
                    c.periods
                ),
                &c.allowed.join(";"),
            );
        }
        if room_type.is_none() && !fs.is_empty() {
            ctx.expected(
                f,
                c.line,
                "features",
                "no features for a course with room_type none",
                &c.features.join(";"),
            );
        }
        if let Some(t) = room_type {
            let fits = rooms.rooms.iter().any(|r| {
                r.room_type == t && fs.iter().all(|x| r.features.binary_search(x).is_ok())
            });
            if !fits && !fs.is_empty() {
                ctx.expected(
                    f,
                    c.line,
                    "features",
                    "features that some room of its type has together",
                    &c.features.join(";"),
                );
            }
        }
        courses.push(Course {
            id: c.course.clone(),
            name: c.name.clone(),
            kind,
            periods: c.periods,
            min_size: c.min_size,
            max_size: c.max_size,
            max_classes: c.max_classes,
            room_type,
            stages: st,
            features: fs,
            allowed,
            after: Vec::new(),
            staffed: c.staffed,
            pattern: Vec::new(),
            split: Vec::new(),
            scheme,
            blocks,
        });
        lines.push(c.line);
    }
    // Ordering refers to courses, so it is resolved once all are known.
    for c in raw {
        let Some(id) = ids.get(&c.course) else {
            continue;
        };
        if lines.get(id) != Some(&c.line) {
            continue;
        }
        let mut after = Vec::new();
        for x in &c.after {
            match ids.get(x) {
                Some(o) if o != id => after.push(o),
                None if ctx.broken.courses.contains(x) => {}
                _ => ctx.expected(
                    f,
                    c.line,
                    "after",
                    "ids of other courses from courses.csv",
                    x,
                ),
            }
        }
        after.sort();
        after.dedup();
        courses[id].after = after;
    }
    Courses {
        ids,
        courses,
        lines,
    }
}

/// The scheme of an option course (the one of its stages) and the blocks it may run in: its
/// `blocks` column, or every block of its scheme with its periods.
fn option_blocks(
    ctx: &mut Ctx,
    schemes: &Schemes,
    stages: &Names<StageId>,
    c: &RawCourse,
    st: &[StageId],
) -> (Option<SchemeId>, Vec<BlockId>) {
    let f = "courses.csv";
    let mut of: Vec<SchemeId> = st.iter().filter_map(|&s| schemes.of_stage[s]).collect();
    of.sort();
    of.dedup();
    if let Some(&s) = st.iter().find(|&&s| schemes.of_stage[s].is_none()) {
        ctx.expected(
            f,
            c.line,
            "stages",
            "stages of an option scheme ([[scheme]] stages in school.toml)",
            stages.name(s),
        );
        return (None, Vec::new());
    }
    let scheme = match of.as_slice() {
        // `[options]`' one scheme holds every stage, known or not.
        [] if schemes.legacy && schemes.schemes.len() == 1 => SchemeId(0),
        [] => return (None, Vec::new()),
        [one] => *one,
        many => {
            let names: Vec<&str> = many
                .iter()
                .map(|&s| schemes.schemes[s].name.as_str())
                .collect();
            ctx.expected(
                f,
                c.line,
                "stages",
                format!(
                    "stages of one option scheme (these span schemes {})",
                    names.join(";")
                ),
                &c.stages.join(";"),
            );
            return (None, Vec::new());
        }
    };
    // A designed block holds pupils of the whole scheme: its blocks must be apart.
    if !schemes.schemes[scheme].apart {
        ctx.expected(
            f,
            c.line,
            "stages",
            format!(
                "stages of an option scheme whose blocks are apart (scheme {:?} has apart = false: given classes only)",
                schemes.schemes[scheme].name
            ),
            &c.stages.join(";"),
        );
        return (None, Vec::new());
    }
    let own = &schemes.schemes[scheme].blocks;
    let mut blocks = Vec::new();
    if c.blocks.is_empty() {
        blocks = own
            .iter()
            .copied()
            .filter(|&b| schemes.blocks[b].periods == c.periods)
            .collect();
    } else {
        for name in &c.blocks {
            match schemes.ids.get(name) {
                Some(b) if own.contains(&b) => {
                    if schemes.blocks[b].periods == c.periods {
                        blocks.push(b);
                    } else {
                        ctx.expected(
                            f,
                            c.line,
                            "blocks",
                            format!(
                                "blocks of its periods ({}); block {name} meets {}",
                                c.periods, schemes.blocks[b].periods
                            ),
                            name,
                        );
                    }
                }
                Some(b) => ctx.expected(
                    f,
                    c.line,
                    "blocks",
                    format!(
                        "blocks of its scheme {:?}; {name} is a block of scheme {:?}",
                        schemes.schemes[scheme].name,
                        schemes.schemes[schemes.blocks[b].scheme].name
                    ),
                    name,
                ),
                None => ctx.expected(
                    f,
                    c.line,
                    "blocks",
                    format!(
                        "block names of its scheme {:?} ({})",
                        schemes.schemes[scheme].name,
                        own.iter()
                            .map(|&b| schemes.blocks[b].name.as_str())
                            .collect::<Vec<_>>()
                            .join(";")
                    ),
                    name,
                ),
            }
        }
        blocks.sort();
        blocks.dedup();
        return (Some(scheme), blocks);
    }
    if blocks.is_empty() && schemes.legacy {
        ctx.expected(
            f,
            c.line,
            "periods",
            format!(
                "{} for an option course (periods_per_block in school.toml)",
                schemes.blocks.iter().next().map_or(0, |b| b.periods)
            ),
            &c.periods.to_string(),
        );
    } else if blocks.is_empty() {
        let mut periods: Vec<u32> = own.iter().map(|&b| schemes.blocks[b].periods).collect();
        periods.sort();
        periods.dedup();
        ctx.expected(
            f,
            c.line,
            "periods",
            format!(
                "the periods of some block of its scheme {:?} ({})",
                schemes.schemes[scheme].name,
                periods
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(";")
            ),
            &c.periods.to_string(),
        );
    }
    blocks.sort();
    (Some(scheme), blocks)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn course(line: u64, id: &str, kind: &str, room_type: &str) -> RawCourse {
        RawCourse {
            line,
            max_classes: 2,
            ..RawCourse::new(id, kind, 2, room_type, &["10"])
        }
    }

    #[test]
    fn references_to_rooms_stages_and_other_courses_are_checked() {
        let mut ctx = Ctx::default();
        let week = super::super::tests::week();
        let mut stages = Names::default();
        stages.intern("10");
        let rooms = super::super::rooms::rooms(
            &mut ctx,
            &week,
            &[super::super::rooms::tests::room(
                2,
                "L1",
                26,
                "lab",
                &["fume"],
            )],
        );
        let options = super::super::schemes::from_options(
            &OptionsSettings {
                blocks: 2,
                periods_per_block: 2,
                pattern: None,
            },
            Vec::new(),
            &stages,
        );
        let mut sci = course(2, "SCI", "core", "lab");
        sci.features = vec!["fume".into()];
        sci.after = vec!["ART".into()];
        let mut art = course(3, "ART", "option", "studio");
        art.stages = vec!["11".into()];
        art.periods = 3;
        let mut drama = course(4, "DR", "play", "none");
        drama.after = vec!["DR".into(), "XX".into()];
        let c = courses(
            &mut ctx,
            &options,
            &week,
            &stages,
            &rooms,
            &[sci, art, drama],
        );
        assert_eq!(c.courses.len(), 3);
        assert_eq!(c.lines.iter().copied().collect::<Vec<_>>(), [2, 3, 4]);
        let sci = &c.courses[CourseId(0)];
        assert_eq!(sci.after, [CourseId(1)]);
        assert_eq!(sci.features.len(), 1);
        let errors: Vec<String> = ctx.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "courses.csv:3: room_type: expected none or a type some room has (lab), found \"studio\"",
                "courses.csv:3: stages: expected stages from 10, found \"11\"",
                "courses.csv:3: periods: expected 2 for an option course (periods_per_block in school.toml), found \"3\"",
                "courses.csv:4: kind: expected one of option;core;tutorial;lecture, found \"play\"",
                "courses.csv:4: after: expected ids of other courses from courses.csv, found \"DR\"",
                "courses.csv:4: after: expected ids of other courses from courses.csv, found \"XX\"",
            ]
        );
    }
}
