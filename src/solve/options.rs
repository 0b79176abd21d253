//! The option stages: the option design (blocks, classes per block, each group's courses) as
//! the block model decides it, and sectioning (pupils into those classes, teachers and rooms,
//! missed choices explained).

use std::collections::BTreeMap;
use std::time::Instant;

use super::budget::Budget;
use super::{assign, blocks, explain, fill, groups, layout, section, Options, Taught};
use crate::error::{Error, Result, SolverError};
use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};
use crate::solution::{Class, Enrolment, Unmet};

/// The share of the option stage's time the layout heuristic may take before the levels.
const LAYOUT_SHARE: f64 = 0.25;

/// The option design: the block model's input, the design it chose and the figures of its
/// first level.
pub(crate) struct OptionDesign {
    /// The scheme designed.
    pub scheme: SchemeId,
    /// Pupils of the scheme's stages fully met, once sectioned.
    pub fully_met: u64,
    /// Pupils of the scheme's stages.
    pub pupils: u64,
    /// The block model's input (chosen courses, groups, teacher types, pins).
    pub input: blocks::Input,
    /// The option courses somebody chose, in model order.
    pub courses: Vec<CourseId>,
    /// Classes per course and block, and each group's courses per block.
    pub design: blocks::Design,
    /// Figures of the first level, when the model was solved (not for given blocks).
    pub first: Option<blocks::FirstLevel>,
    /// The first level's status, in words.
    pub status: String,
    /// Seconds per step.
    pub seconds: BTreeMap<String, f64>,
}

/// How pupils' main choices fared.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Choices {
    /// Pupils with every main choice met.
    pub pupils_fully_met: u64,
    /// Main choices.
    pub main_choices: u64,
    /// Main choices met.
    pub main_choices_met: u64,
    /// Reserves used.
    pub reserves_used: u64,
}

/// The sectioned option classes.
#[derive(Default)]
pub(crate) struct Sections {
    /// Option classes with their teachers, rooms and pupils.
    pub taught: Taught,
    /// Missed main choices, explained.
    pub unmet: Vec<Unmet>,
    /// How the choices fared.
    pub choices: Choices,
}

/// The option design of every scheme with chosen courses, each sectioned before the next is
/// designed (its teachers' periods are then kept for it), and the sectioned classes of all.
/// Schemes whose classes are all given (`fixed.csv` blocks) are data, not designed.
pub(crate) fn design_all(
    scenario: &Scenario,
    options: &Options,
    budget: &Budget,
    reserved: &KeyedVec<StaffId, u32>,
) -> Result<(Vec<OptionDesign>, Sections)> {
    let chosen = groups::chosen_options(scenario);
    for p in &options.pins {
        if !chosen.contains(&p.course) {
            return Err(Error::Usage(format!(
                "cannot pin {}: nobody chose it",
                scenario.courses[p.course].id
            )));
        }
    }
    let schemes: Vec<SchemeId> = scenario
        .schemes
        .keys()
        .filter(|&s| {
            chosen
                .iter()
                .any(|&c| scenario.courses[c].scheme == Some(s))
        })
        .collect();
    let mut reserved = reserved.clone();
    let mut designs = Vec::new();
    let mut sections = Sections::default();
    for (i, &scheme) in schemes.iter().enumerate() {
        let share = budget.share(1.0 / (schemes.len() - i) as f64);
        let mut od = design(scenario, scheme, options, &share, &reserved)?;
        let t = Instant::now();
        let before = sections.taught.classes.len();
        od.fully_met = section(scenario, &od, &mut sections);
        od.seconds
            .insert("section".to_owned(), t.elapsed().as_secs_f64());
        for c in sections.taught.classes.iter().skip(before) {
            if let Some(t) = c.staff {
                reserved[t] += scenario.periods_of(c.course, c.block);
            }
        }
        designs.push(od);
    }
    sections.taught.enrolments.sort();
    sections.unmet.sort();
    let mut short: KeyedVec<PupilId, bool> = KeyedVec::filled(scenario.pupils.len(), false);
    for u in &sections.unmet {
        short[u.pupil] = true;
    }
    sections.choices.pupils_fully_met = short.iter().filter(|&&s| !s).count() as u64;
    Ok((designs, sections))
}

/// The option design of one scheme: its blocks and how many classes of each of its courses run
/// in each, with `reserved` weekly periods kept free for each teacher.
fn design(
    scenario: &Scenario,
    scheme: SchemeId,
    options: &Options,
    budget: &Budget,
    reserved: &KeyedVec<StaffId, u32>,
) -> Result<OptionDesign> {
    let began = Instant::now();
    let courses: Vec<CourseId> = groups::chosen_options(scenario)
        .into_iter()
        .filter(|&c| scenario.courses[c].scheme == Some(scheme))
        .collect();
    let pupils = scenario
        .pupils
        .iter()
        .filter(|p| scenario.schemes[scheme].stages.contains(&p.stage))
        .count() as u64;
    let index = |c: CourseId| courses.iter().position(|&x| x == c);
    let mut pins = Vec::new();
    for p in &options.pins {
        let Some(ci) = index(p.course) else {
            return Err(Error::Usage(format!(
                "cannot pin {}: nobody chose it",
                scenario.courses[p.course].id
            )));
        };
        let blocks = &scenario.schemes[scheme].blocks;
        let Some(b) = blocks.iter().position(|&b| b == p.block) else {
            return Err(Error::Usage(format!(
                "cannot pin {} to block {}: it is a block of scheme {}, the course is of scheme {}",
                scenario.courses[p.course].id,
                scenario.blocks[p.block].name,
                scenario.schemes[scenario.blocks[p.block].scheme].name,
                scenario.schemes[scheme].name
            )));
        };
        if !scenario.courses[p.course].blocks.contains(&p.block) {
            return Err(Error::Usage(format!(
                "cannot pin {} to block {}: its classes may not run there (courses.csv blocks, periods)",
                scenario.courses[p.course].id,
                scenario.blocks[p.block].name
            )));
        }
        pins.push((ci, b, p.classes));
    }
    let input = blocks::Input::new(
        scenario,
        Some(scheme),
        &courses,
        groups::group_pupils(scenario, &courses),
        reserved,
        pins,
    );
    let settings = blocks::Settings {
        mip_gap: options.mip_gap,
        threads: options.threads,
        seed: options.seed,
        verbose: options.verbose,
        balance_sizes: options.balance_sizes,
    };
    let mut seconds = BTreeMap::new();
    seconds.insert("prepare".to_owned(), began.elapsed().as_secs_f64());

    let (design, first, status) = match &options.layout {
        Some(rows) => {
            let mut classes = vec![vec![0u32; input.blocks]; courses.len()];
            for r in rows {
                let b = input.block_ids.iter().position(|&b| b == r.block);
                if let (Some(ci), Some(b)) = (index(r.course), b) {
                    classes[ci][b] += r.classes;
                }
            }
            let t = Instant::now();
            let start = fill::fill(&input, &classes);
            let (design, objective) =
                blocks::complete(&input, &classes, Some(&start), &settings, budget)
                    .ok_or(Error::Solver(SolverError::GivenBlocks))?;
            seconds.insert("section given blocks".to_owned(), t.elapsed().as_secs_f64());
            (
                design,
                None,
                format!("given blocks: {objective:.0} pupils fully met"),
            )
        }
        None => {
            let t = Instant::now();
            let layout = layout::layout(&input, options.seed);
            let deadline = budget.share(LAYOUT_SHARE).deadline();
            let layout = layout::improve(&input, layout, options.seed, 20_000, deadline);
            let start = Some(fill::fill(&input, &layout));
            seconds.insert("layout heuristic".to_owned(), t.elapsed().as_secs_f64());
            let out = blocks::run(&input, start.as_ref(), &settings, budget, &|t: &str| {
                options.progress.say(t)
            })?;
            for (name, s) in &out.level_seconds {
                seconds.insert(format!("level: {name}"), *s);
            }
            let status = if out.first.proven {
                "optimal".to_owned()
            } else {
                format!("time limit, gap {:.2}%", out.first.gap * 100.0)
            };
            (out.design, Some(out.first), status)
        }
    };
    Ok(OptionDesign {
        scheme,
        fully_met: 0,
        pupils,
        input,
        courses,
        design,
        first,
        status,
        seconds,
    })
}

/// Sectioning of one scheme: pupils into the design's classes, a teacher and a room for each
/// class, and every missed main choice explained, added to `solution`; returns the pupils of the
/// scheme fully met.
pub(crate) fn section(scenario: &Scenario, od: &OptionDesign, solution: &mut Sections) -> u64 {
    let (input, courses, design) = (&od.input, od.courses.as_slice(), &od.design);
    let k = groups::max_main_rank(scenario);
    let weight = |p: PupilId, ci: usize| {
        scenario.pupils[p]
            .choice_of(courses[ci])
            .map_or(0.0, |ch| f64::from(k + 1 - ch.rank.min(k)))
    };
    let patterns = section::pupil_patterns(input, design, weight);
    let nb = input.blocks;
    // Pupils per (course, block), split evenly into that block's classes.
    let mut members: Vec<Vec<Vec<PupilId>>> = vec![vec![Vec::new(); nb]; courses.len()];
    for (p, pat) in &patterns {
        for &(c, b) in pat {
            members[c][b].push(*p);
        }
    }
    let mut sizes: Vec<Vec<Vec<u32>>> = vec![vec![Vec::new(); nb]; courses.len()];
    let mut class_of: Vec<Vec<Vec<ClassId>>> = vec![vec![Vec::new(); nb]; courses.len()];
    for (ci, &course) in courses.iter().enumerate() {
        let mut number = 0;
        for b in 0..nb {
            let k = design.classes[ci][b] as usize;
            let pupils = &mut members[ci][b];
            pupils.sort();
            for j in 0..k {
                number += 1;
                let id = solution.taught.classes.push(Class {
                    id: format!("{}-{}", scenario.courses[course].id, number),
                    course,
                    block: Some(input.block_ids[b]),
                    staff: None,
                    room: None,
                });
                class_of[ci][b].push(id);
                let mine: Vec<PupilId> = pupils.iter().skip(j).step_by(k).copied().collect();
                sizes[ci][b].push(mine.len() as u32);
                solution
                    .taught
                    .enrolments
                    .extend(mine.into_iter().map(|pupil| Enrolment { pupil, class: id }));
            }
        }
    }
    assign::run(input, design, &class_of, &mut solution.taught.classes);
    assign_rooms(
        scenario,
        nb,
        &class_of,
        &sizes,
        &mut solution.taught.classes,
    );

    // Unmet main choices, explained.
    let mut demand = vec![0u32; courses.len()];
    for g in &input.groups {
        for &c in &g.main {
            demand[c] += g.size();
        }
    }
    let teacher_left: Vec<bool> = (0..courses.len())
        .map(|ci| {
            input.teachers.iter().enumerate().any(|(t, tt)| {
                tt.courses.contains(&ci) && {
                    let used: u32 = design.teach[t].iter().flatten().sum();
                    used < tt.capacity * tt.staff.len() as u32
                        && (0..nb).any(|b| {
                            design.teach[t]
                                .iter()
                                .map(|v| v.get(b).copied().unwrap_or(0))
                                .sum::<u32>()
                                < tt.staff.len() as u32
                        })
                }
            })
        })
        .collect();
    let offer = explain::Offer {
        scenario,
        blocks: nb,
        sizes: &sizes,
        courses,
        demand: &demand,
        teacher_left: &teacher_left,
    };
    let mut by_pupil: KeyedVec<PupilId, Vec<(usize, usize)>> =
        KeyedVec::filled(scenario.pupils.len(), Vec::new());
    for (p, pat) in patterns {
        by_pupil[p] = pat;
    }
    let (mut main_choices, mut met, mut reserves, mut fully) = (0u64, 0u64, 0u64, 0u64);
    let stages = &scenario.schemes[od.scheme].stages;
    for (pid, p) in scenario.pupils.iter_enumerated() {
        if !stages.contains(&p.stage) {
            continue;
        }
        let taken = &by_pupil[pid];
        let mut all = true;
        for ch in p.choices.iter().filter(|ch| {
            let c = &scenario.courses[ch.course];
            c.kind == CourseKind::Option && c.scheme == Some(od.scheme)
        }) {
            let ci = courses.iter().position(|&c| c == ch.course);
            let has = ci.is_some_and(|ci| taken.iter().any(|t| t.0 == ci));
            if ch.reserve {
                reserves += u64::from(has);
                continue;
            }
            main_choices += 1;
            if has {
                met += 1;
            } else {
                all = false;
                let reason = match ci {
                    Some(ci) => offer.reason(ci, taken),
                    None => format!("{} is not offered", scenario.courses[ch.course].name),
                };
                solution.unmet.push(Unmet {
                    pupil: pid,
                    course: ch.course,
                    rank: ch.rank,
                    reason,
                });
            }
        }
        fully += u64::from(all);
    }
    solution.choices.main_choices += main_choices;
    solution.choices.main_choices_met += met;
    solution.choices.reserves_used += reserves;
    fully
}

/// Gives each option class a room per block: largest classes first, each the smallest free
/// suitable room that holds it.
fn assign_rooms(
    scenario: &Scenario,
    nb: usize,
    class_of: &[Vec<Vec<ClassId>>],
    sizes: &[Vec<Vec<u32>>],
    classes: &mut KeyedVec<ClassId, Class>,
) {
    for b in 0..nb {
        let mut by_size: Vec<(u32, ClassId)> = Vec::new();
        for (ci, row) in class_of.iter().enumerate() {
            for (j, &class) in row[b].iter().enumerate() {
                by_size.push((sizes[ci][b][j], class));
            }
        }
        by_size.sort_by_key(|&(size, class)| (std::cmp::Reverse(size), class));
        let mut used = vec![false; scenario.rooms.len()];
        for (size, class) in by_size {
            let course = &scenario.courses[classes[class].course];
            if course.room_type.is_none() {
                continue;
            }
            let best = scenario
                .rooms
                .iter_enumerated()
                .filter(|(r, room)| !used[r.index()] && room.suits(course) && room.capacity >= size)
                .min_by_key(|(r, room)| (room.capacity, *r))
                .map(|(r, _)| r);
            if let Some(r) = best {
                used[r.index()] = true;
                classes[class].room = Some(r);
            }
        }
    }
}

/// Tutorial choices that got no class are unmet too; pupils fully met counts them.
pub(crate) fn tutorial_unmet(
    scenario: &Scenario,
    taught: &Taught,
    unmet: &mut Vec<Unmet>,
    choices: &mut Choices,
) {
    let mut has: std::collections::HashSet<(PupilId, CourseId)> = std::collections::HashSet::new();
    for e in &taught.enrolments {
        has.insert((e.pupil, taught.classes[e.class].course));
    }
    let mut short: KeyedVec<PupilId, bool> = KeyedVec::filled(scenario.pupils.len(), false);
    for u in unmet.iter() {
        short[u.pupil] = true;
    }
    for (pid, p) in scenario.pupils.iter_enumerated() {
        for ch in p.main_choices() {
            let c = &scenario.courses[ch.course];
            if c.kind == CourseKind::Tutorial {
                choices.main_choices += 1;
                if has.contains(&(pid, ch.course)) {
                    choices.main_choices_met += 1;
                } else {
                    short[pid] = true;
                    unmet.push(Unmet {
                        pupil: pid,
                        course: ch.course,
                        rank: ch.rank,
                        reason: format!(
                            "{} has no group left: max_classes {} reached",
                            c.name, c.max_classes
                        ),
                    });
                }
            }
        }
    }
    unmet.sort();
    choices.pupils_fully_met = short.iter().filter(|&&s| !s).count() as u64;
}
