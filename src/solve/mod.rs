//! The solver, as a table of contents. Each stage is a module that decides one thing:
//!
//! 1. [`groups`]: pupils with the same option choices become one counted group;
//! 2. [`layout`]: a fast first layout of classes in blocks (a start for the integer program);
//! 3. [`blocks`]: the option blocks and each group's courses per block, as an integer program
//!    solved level by level with HiGHS;
//! 4. [`section`]: individual pupils into classes, [`assign`]: a teacher for each option class,
//!    and [`explain`]: why a missed choice was missed;
//! 5. [`teaching`]: classes of core sets, lectures, tutorials and fixed classes;
//! 6. [`staffing`]: teachers for those classes;
//! 7. [`week`]: when and where every class meets (the placement engine);
//! 8. [`quality`]: the soft figures of the week.

mod assign;
mod blocks;
mod budget;
mod explain;
mod fill;
mod groups;
mod highs;
mod layout;
mod quality;
mod section;
mod staffing;
mod teaching;
mod week;

use std::collections::BTreeMap;
use std::time::Instant;

use crate::error::{Error, Result, SolverError};
use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};
use crate::solution::{Class, Enrolment, Note, Solution, Summary, Unmet};

pub use budget::Budget;

/// The share of the time the staffing integer program may take.
const STAFFING_SHARE: f64 = 0.05;
/// The share of the time left after staffing that the option blocks take; the week has the
/// rest.
const OPTION_SHARE: f64 = 0.5;
/// The share of the option stage's time the layout heuristic may take before the levels.
const LAYOUT_SHARE: f64 = 0.25;

/// A course pinned to a block by the timetabler (`--fix`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pin {
    /// The course.
    pub course: CourseId,
    /// The block, 0-based.
    pub block: u32,
    /// Exactly this many classes there, or at least one.
    pub classes: Option<u32>,
}

/// Settings of a solve; `school.toml` `[solve]` gives defaults, flags override them.
#[derive(Clone, Debug)]
pub struct Options {
    /// Wall-clock seconds for the whole solve.
    pub time_limit_s: f64,
    /// Relative MIP gap at which HiGHS may stop.
    pub mip_gap: f64,
    /// Threads for HiGHS and the parallel stages.
    pub threads: u32,
    /// Seed of the heuristics.
    pub seed: u64,
    /// Show HiGHS's log.
    pub verbose: bool,
    /// Courses pinned to blocks.
    pub pins: Vec<Pin>,
    /// A hand-made layout to evaluate and section instead of designing one: (course, block,
    /// classes).
    pub layout: Option<Vec<(CourseId, u32, u32)>>,
    /// Where the solver says how it is doing (incumbent, bound and gap after each HiGHS run).
    pub progress: Reporter,
}

/// A sink for progress lines, shared between threads; silent by default.
#[derive(Clone, Default)]
pub struct Reporter(Option<std::sync::Arc<Say>>);

/// What a [`Reporter`] calls with each line.
type Say = dyn Fn(&str) + Send + Sync;

impl Reporter {
    /// A reporter that hands each line to `f`.
    pub fn new(f: impl Fn(&str) + Send + Sync + 'static) -> Self {
        Reporter(Some(std::sync::Arc::new(f)))
    }
    /// Reports one line.
    pub fn say(&self, text: &str) {
        if let Some(f) = &self.0 {
            f(text);
        }
    }
}

impl std::fmt::Debug for Reporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Reporter(on)"
        } else {
            "Reporter(off)"
        })
    }
}

impl Options {
    /// The scenario's `[solve]` settings, with tailor's defaults for what it leaves out.
    pub fn from_scenario(scenario: &Scenario) -> Self {
        let s = scenario.solve;
        Options {
            time_limit_s: s.time_limit_s.unwrap_or(60.0),
            mip_gap: s.mip_gap.unwrap_or(0.0),
            threads: s.threads.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
            }),
            seed: s.seed.unwrap_or(1),
            verbose: false,
            pins: Vec::new(),
            layout: None,
            progress: Reporter::default(),
        }
    }
}

/// How big the block model of a scenario is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelSize {
    /// Choice groups (pupils with the same option choices).
    pub groups: usize,
    /// Integer variables.
    pub variables: usize,
    /// Rows.
    pub rows: usize,
}

/// Builds the first level of the block model without solving it (for benchmarks and to see
/// what aggregation saves).
pub fn block_model_size(scenario: &Scenario) -> ModelSize {
    let courses = groups::chosen_options(scenario);
    let reserved = KeyedVec::filled(scenario.staff.len(), 0);
    let groups = groups::group_pupils(scenario, &courses);
    let n = groups.len();
    let input = blocks::Input::new(scenario, &courses, groups, &reserved, Vec::new());
    let (variables, rows) = blocks::size(&input);
    ModelSize {
        groups: n,
        variables,
        rows,
    }
}

/// The option blocks alone: designs blocks, sections pupils and staffs each block
/// (`tailor blocks`). The result has classes, enrolments and unmet choices but no meetings.
pub fn blocks(scenario: &Scenario, options: &Options) -> Result<Solution> {
    let reserved = KeyedVec::filled(scenario.staff.len(), 0);
    let budget = Budget::new(options.time_limit_s);
    let mut solution = option_stage(scenario, options, &budget, &reserved)?;
    solution.summary.stage = "blocks".into();
    Ok(solution)
}

/// The whole week (`tailor solve`): option blocks, the other teaching, staff, rooms and slots
/// for every meeting. A week that cannot be completed is returned as the best partial result,
/// with `summary.complete` false and notes that say what is missing and why.
pub fn solve(scenario: &Scenario, options: &Options) -> Result<Solution> {
    let budget = Budget::new(options.time_limit_s);
    let (bands, mut notes) = teaching::run(scenario);
    let t = Instant::now();
    let limits = highs::Limits {
        time_limit_s: budget.share(STAFFING_SHARE).left(),
        mip_gap: 0.0,
        threads: options.threads,
        seed: options.seed,
        verbose: options.verbose,
    };
    let (band_staff, staff_notes) = staffing::run(scenario, &bands, &limits)?;
    notes.extend(staff_notes);
    let staffing_seconds = t.elapsed().as_secs_f64();
    let reserved = teaching::load(scenario, &bands, &band_staff);
    let mut solution = option_stage(scenario, options, &budget.share(OPTION_SHARE), &reserved)?;
    solution
        .summary
        .seconds
        .insert("staffing".into(), staffing_seconds);

    // The other teaching joins the option classes.
    let mut band_classes = Vec::new();
    for (band, teachers) in bands.iter().zip(&band_staff) {
        let mut ids = Vec::new();
        for (class, &staff) in band.classes.iter().zip(teachers) {
            let id = solution.classes.push(Class {
                id: class.id.clone(),
                course: class.course,
                block: None,
                staff,
                room: None,
            });
            solution.enrolments.extend(
                class
                    .pupils
                    .iter()
                    .map(|&pupil| Enrolment { pupil, class: id }),
            );
            ids.push(id);
        }
        band_classes.push(ids);
    }
    solution.enrolments.sort();
    tutorial_unmet(scenario, &mut solution);

    // The week: first with every teacher of a band free at once; if that leaves meetings out,
    // again with colleagues covering where a teacher's days off leave a big band too few slots.
    let t = Instant::now();
    let mut best: Option<(Solution, Vec<Note>, usize)> = None;
    let strict = week::events(scenario, &solution, &band_classes, false);
    let relaxed = week::events(scenario, &solution, &band_classes, true);
    // Without a second attempt to run, the first has all the time, to improve the soft cost.
    let second = relaxed.problem != strict.problem;
    for (attempt, events) in [strict, relaxed].into_iter().enumerate() {
        let relax = attempt > 0;
        if relax && (!second || budget.below(week::MIN_ATTEMPT_S)) {
            break;
        }
        let share = if second && !relax {
            budget.share(0.5)
        } else {
            budget
        };
        options.progress.say(&format!(
            "the week: placing {} events{}",
            events.problem.events.len(),
            if relax {
                ", with cover for big bands"
            } else {
                ""
            }
        ));
        // Given class lists only (an imported benchmark): weigh the competition's soft cost.
        let itc_soft = scenario.is_itc2007_style();
        let placement = week::place(&events, options, &share, itc_soft);
        let mut candidate = solution.clone();
        let problems = week::apply(scenario, &mut candidate, &events, &placement);
        let done = problems.is_empty();
        // The independent checker judges which attempt is better.
        let broken = crate::check::check(scenario, &candidate, crate::check::Mode::Full).len();
        if best.as_ref().is_none_or(|b| broken < b.2) {
            best = Some((candidate, problems, broken));
        }
        if done {
            break;
        }
    }
    let (mut solution, problems, _) = best.expect("placed at least once");
    solution
        .summary
        .seconds
        .insert("week".into(), t.elapsed().as_secs_f64());
    let complete = problems.is_empty() && !notes.iter().any(Note::leaves_week_incomplete);
    notes.extend(problems);
    let s = &mut solution.summary;
    s.stage = "solve".into();
    s.classes = solution.classes.len() as u64;
    s.meetings = solution.meetings.len() as u64;
    s.complete = complete;
    s.notes.extend(notes);
    solution.summary.soft = Some(quality::figures(scenario, &solution));
    Ok(solution)
}

/// Tutorial choices that got no class are unmet too; pupils fully met counts them.
fn tutorial_unmet(scenario: &Scenario, solution: &mut Solution) {
    let mut has: std::collections::HashSet<(PupilId, CourseId)> = std::collections::HashSet::new();
    for e in &solution.enrolments {
        has.insert((e.pupil, solution.classes[e.class].course));
    }
    let mut short: KeyedVec<PupilId, bool> = KeyedVec::filled(scenario.pupils.len(), false);
    for u in &solution.unmet {
        short[u.pupil] = true;
    }
    for (pid, p) in scenario.pupils.iter_enumerated() {
        for ch in p.main_choices() {
            let c = &scenario.courses[ch.course];
            if c.kind == CourseKind::Tutorial {
                solution.summary.main_choices += 1;
                if has.contains(&(pid, ch.course)) {
                    solution.summary.main_choices_met += 1;
                } else {
                    short[pid] = true;
                    solution.unmet.push(Unmet {
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
    solution.unmet.sort();
    solution.summary.pupils_fully_met = short.iter().filter(|&&s| !s).count() as u64;
}

/// Runs the option stage with `reserved` weekly periods kept free for each teacher.
fn option_stage(
    scenario: &Scenario,
    options: &Options,
    budget: &Budget,
    reserved: &KeyedVec<StaffId, u32>,
) -> Result<Solution> {
    let began = Instant::now();
    let courses = groups::chosen_options(scenario);
    if courses.is_empty() {
        let mut solution = build(
            scenario,
            &blocks::Input::new(scenario, &[], Vec::new(), reserved, Vec::new()),
            &[],
            &empty_design(),
        );
        solution.summary.status = "no option courses".into();
        return Ok(solution);
    }
    let index = |c: CourseId| courses.iter().position(|&x| x == c);
    let mut pins = Vec::new();
    for p in &options.pins {
        let Some(ci) = index(p.course) else {
            return Err(Error::Usage(format!(
                "cannot pin {}: nobody chose it",
                scenario.courses[p.course].id
            )));
        };
        if p.block >= scenario.options.blocks {
            return Err(Error::Usage(format!(
                "cannot pin {} to block {}: there are {} blocks",
                scenario.courses[p.course].id,
                p.block + 1,
                scenario.options.blocks
            )));
        }
        pins.push((ci, p.block as usize, p.classes));
    }
    let input = blocks::Input::new(
        scenario,
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
    };
    let mut seconds = BTreeMap::new();
    seconds.insert("prepare".to_owned(), began.elapsed().as_secs_f64());

    let (design, first, status) = match &options.layout {
        Some(rows) => {
            let mut classes = vec![vec![0u32; input.blocks]; courses.len()];
            for &(c, b, k) in rows {
                if let Some(ci) = index(c) {
                    classes[ci][b as usize] += k;
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
    let t = Instant::now();
    let mut solution = build(scenario, &input, &courses, &design);
    seconds.insert("section".to_owned(), t.elapsed().as_secs_f64());
    let s = &mut solution.summary;
    if let Some(first) = first {
        s.objective = Some(first.objective);
        s.bound = Some(first.bound);
        s.gap = Some(first.gap);
    }
    s.status = status;
    s.seconds = seconds;
    Ok(solution)
}

fn empty_design() -> blocks::Design {
    blocks::Design {
        classes: Vec::new(),
        full: Vec::new(),
        sat: Vec::new(),
        rest: Vec::new(),
        teach: Vec::new(),
    }
}

/// Turns a design into classes, enrolments, unmet choices and the summary.
fn build(
    scenario: &Scenario,
    input: &blocks::Input,
    courses: &[CourseId],
    design: &blocks::Design,
) -> Solution {
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
    let mut solution = Solution::default();
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
                let id = solution.classes.push(Class {
                    id: format!("{}-{}", scenario.courses[course].id, number),
                    course,
                    block: Some(b as u32),
                    staff: None,
                    room: None,
                });
                class_of[ci][b].push(id);
                let mine: Vec<PupilId> = pupils.iter().skip(j).step_by(k).copied().collect();
                sizes[ci][b].push(mine.len() as u32);
                solution
                    .enrolments
                    .extend(mine.into_iter().map(|pupil| Enrolment { pupil, class: id }));
            }
        }
    }
    assign::run(input, design, &class_of, &mut solution);
    assign_rooms(scenario, nb, &class_of, &sizes, &mut solution);

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
    for (pid, p) in scenario.pupils.iter_enumerated() {
        let taken = &by_pupil[pid];
        let mut all = true;
        for ch in p
            .choices
            .iter()
            .filter(|ch| scenario.courses[ch.course].kind == CourseKind::Option)
        {
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
    solution.enrolments.sort();
    solution.unmet.sort();
    solution.summary = Summary {
        scenario: scenario.name.clone(),
        tailor_version: env!("CARGO_PKG_VERSION").into(),
        pupils: scenario.pupils.len() as u64,
        pupils_fully_met: fully,
        main_choices,
        main_choices_met: met,
        reserves_used: reserves,
        classes: solution.classes.len() as u64,
        complete: true,
        ..Summary::default()
    };
    solution
}

/// Gives each option class a room per block: largest classes first, each the smallest free
/// suitable room that holds it.
fn assign_rooms(
    scenario: &Scenario,
    nb: usize,
    class_of: &[Vec<Vec<ClassId>>],
    sizes: &[Vec<Vec<u32>>],
    solution: &mut Solution,
) {
    for b in 0..nb {
        let mut classes: Vec<(u32, ClassId)> = Vec::new();
        for (ci, row) in class_of.iter().enumerate() {
            for (j, &class) in row[b].iter().enumerate() {
                classes.push((sizes[ci][b][j], class));
            }
        }
        classes.sort_by_key(|&(size, class)| (std::cmp::Reverse(size), class));
        let mut used = vec![false; scenario.rooms.len()];
        for (size, class) in classes {
            let course = &scenario.courses[solution.classes[class].course];
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
                solution.classes[class].room = Some(r);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_readers, Readers};

    /// A scenario from short texts: `courses` rows `id,max_classes,max_size`, choices rows
    /// `pupil,course,rank,reserve`.
    pub(crate) fn tiny(
        blocks: u32,
        courses: &[(&str, u32, u32)],
        choices: &[(&str, &str, u32, u32)],
    ) -> Scenario {
        let school = format!(
            "name = \"tiny\"\n[week]\ndays = [\"Mon\", \"Tue\"]\nperiods = [\"P1\", \"P2\", \"P3\"]\n[options]\nblocks = {blocks}\nperiods_per_block = 1\n"
        );
        let mut c =
            "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages\n".to_owned();
        for (id, k, max) in courses {
            c += &format!("{id},{id},option,1,1,{max},{k},none,10\n");
        }
        let mut pupils: Vec<&str> = choices.iter().map(|c| c.0).collect();
        pupils.dedup();
        let mut p = "pupil,name,stage,tutor_group\n".to_owned();
        for id in &pupils {
            p += &format!("{id},{id},10,T1\n");
        }
        let mut ch = "pupil,course,rank,reserve\n".to_owned();
        for (pupil, course, rank, reserve) in choices {
            ch += &format!("{pupil},{course},{rank},{reserve}\n");
        }
        let all: Vec<&str> = courses.iter().map(|c| c.0).collect();
        let mut staff = "staff,name,max_periods,teaches,unavailable\n".to_owned();
        for i in 0..6 {
            staff += &format!("S{i},Teacher {i},20,{},\n", all.join(";"));
        }
        let rooms = "room,capacity,type,unavailable\nR1,30,classroom,\n";
        load_readers(Readers::from_texts(
            [&school, &c, &p, &ch, &staff, rooms],
            None,
        ))
        .expect("valid tiny scenario")
        .scenario
    }

    fn quick() -> Options {
        Options {
            time_limit_s: 20.0,
            mip_gap: 0.0,
            threads: 1,
            seed: 1,
            verbose: false,
            pins: Vec::new(),
            layout: None,
            progress: Reporter::default(),
        }
    }

    #[test]
    fn three_single_classes_in_two_blocks_leave_one_pupil_short() {
        // A, B and C run once each in two blocks: two of them share a block, so exactly one of
        // the three pairs cannot be taken together.
        let s = tiny(
            2,
            &[("A", 1, 10), ("B", 1, 10), ("C", 1, 10)],
            &[
                ("P1", "A", 1, 0),
                ("P1", "B", 2, 0),
                ("P2", "B", 1, 0),
                ("P2", "C", 2, 0),
                ("P3", "A", 1, 0),
                ("P3", "C", 2, 0),
            ],
        );
        let sol = blocks(&s, &quick()).unwrap();
        assert_eq!(sol.summary.pupils_fully_met, 2);
        assert_eq!(sol.summary.objective, Some(2.0));
        assert_eq!(sol.summary.bound, Some(2.0));
        assert_eq!(sol.summary.gap, Some(0.0));
        assert_eq!(sol.unmet.len(), 1);
        assert!(
            sol.unmet[0].reason.contains("clashes with"),
            "{}",
            sol.unmet[0].reason
        );
    }

    #[test]
    fn a_reserve_replaces_a_choice_that_cannot_run() {
        // X may not run at all (max_classes 0), so the reserve R takes its place.
        let s = tiny(
            2,
            &[("A", 1, 10), ("X", 0, 10), ("R", 1, 10)],
            &[("P1", "A", 1, 0), ("P1", "X", 2, 0), ("P1", "R", 3, 1)],
        );
        let sol = blocks(&s, &quick()).unwrap();
        assert_eq!(sol.summary.pupils_fully_met, 0);
        assert_eq!(sol.summary.reserves_used, 1);
        assert_eq!(sol.unmet.len(), 1);
        assert_eq!(s.courses[sol.unmet[0].course].id, "X");
    }

    #[test]
    fn everyone_fits_when_blocks_allow() {
        let s = tiny(
            3,
            &[("A", 1, 10), ("B", 1, 10), ("C", 1, 10)],
            &[
                ("P1", "A", 1, 0),
                ("P1", "B", 2, 0),
                ("P2", "B", 1, 0),
                ("P2", "C", 2, 0),
                ("P3", "A", 1, 0),
                ("P3", "C", 2, 0),
            ],
        );
        let sol = blocks(&s, &quick()).unwrap();
        assert_eq!(sol.summary.pupils_fully_met, 3);
        assert!(sol.unmet.is_empty());
        // Every option class has a qualified teacher, and no teacher two classes in a block.
        for c in sol.classes.iter() {
            let t = c.staff.expect("staffed");
            assert!(s.staff[t].can_teach(c.course));
        }
    }
}
