//! The solver, as a table of contents. [`solve`] runs the stages in this order, each returning
//! its own typed result, and assembles them into a [`Solution`] once at the end (loading comes
//! before, in [`crate::load`]; checking and writing after, in [`crate::pipeline`]):
//!
//! 1. option design ([`options::design`]): [`groups`] counts pupils with the same option
//!    choices, [`layout`] and [`fill`] make a fast first layout, [`blocks`] solves the block
//!    model level by level with HiGHS → [`options::OptionDesign`];
//! 2. sectioning ([`options::section`]): [`section`] puts pupils into classes, [`assign`]
//!    names a teacher for each option class, [`explain`] says why a missed choice was missed →
//!    [`options::Sections`];
//! 3. teaching and staffing: [`teaching`] makes the classes of core sets, lectures, tutorials
//!    and fixed classes, [`staffing`] gives them teachers → [`Staffing`]. Staffing runs before
//!    the option design, because the teachers it keeps are no longer free for option classes;
//! 4. the week ([`week`]): when and where every class meets, with the placement engine →
//!    [`repair::Placed`] (a [`week::Week`] with its problem and placement); [`quality`] gives
//!    its soft figures;
//! 5. the repair ([`repair`]): when the week leaves meetings out where a teacher is the
//!    bottleneck, another qualified teacher for the class (or a swap), and the week placed
//!    again from where it was, while that leaves fewer out and time is left →
//!    [`repair::Repaired`].
//!
//! Time: one [`Budget`] for the whole solve; staffing takes [`STAFFING_SHARE`] of it, the
//! option design [`OPTION_SHARE`] of what is left, the week and its repair the rest.

mod assign;
mod blocks;
mod bottleneck;
mod budget;
mod explain;
mod fill;
mod groups;
pub(crate) mod highs;
mod layout;
pub(crate) mod options;
pub(crate) mod quality;
mod repair;
mod section;
pub(crate) mod staffing;
pub(crate) mod teaching;
pub(crate) mod week;

use std::time::Instant;

use crate::error::Result;
use crate::ids::*;
use crate::scenario::Scenario;
use crate::solution::{Class, Enrolment, Note, SchemeFigures, Solution, Summary, Unmet};
pub(crate) use options::{Choices, OptionDesign, Sections};

pub use budget::Budget;

/// The share of the time the staffing integer program may take.
pub const STAFFING_SHARE: f64 = 0.05;
/// The share of the time left after staffing that the option blocks take; the week has the
/// rest.
pub const OPTION_SHARE: f64 = 0.5;

/// A course pinned to a block by the timetabler (`--fix`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pin {
    /// The course.
    pub course: CourseId,
    /// The block.
    pub block: BlockId,
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
    /// A hand-made layout to evaluate and section instead of designing one.
    pub layout: Option<Vec<crate::given::BlockRow>>,
    /// Where the solver says how it is doing (incumbent, bound and gap after each HiGHS run).
    pub progress: Reporter,
    /// Balance class sizes across blocks (the block model's balance level); off, sizes are
    /// balanced only within each block, as before the level (for measuring what it brings).
    pub balance_sizes: bool,
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
            balance_sizes: true,
        }
    }
}

#[cfg(test)]
impl Options {
    /// The tests' settings: 20 s, an exact gap, one thread, seed 1.
    pub(crate) fn for_tests() -> Self {
        Options {
            time_limit_s: 20.0,
            mip_gap: 0.0,
            threads: 1,
            seed: 1,
            verbose: false,
            pins: Vec::new(),
            layout: None,
            progress: Reporter::default(),
            balance_sizes: true,
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
    let chosen = groups::chosen_options(scenario);
    let reserved = KeyedVec::filled(scenario.staff.len(), 0);
    let mut size = ModelSize {
        groups: 0,
        variables: 0,
        rows: 0,
    };
    for scheme in scenario.schemes.keys() {
        let courses: Vec<CourseId> = chosen
            .iter()
            .copied()
            .filter(|&c| scenario.courses[c].scheme == Some(scheme))
            .collect();
        if courses.is_empty() {
            continue;
        }
        let groups = groups::group_pupils(scenario, &courses);
        size.groups += groups.len();
        let input = blocks::Input::new(
            scenario,
            Some(scheme),
            &courses,
            groups,
            &reserved,
            Vec::new(),
        );
        let (variables, rows) = blocks::size(&input);
        size.variables += variables;
        size.rows += rows;
    }
    size
}

/// Classes with their teachers and pupils: what the week places.
#[derive(Clone, Debug, Default)]
pub(crate) struct Taught {
    /// Classes.
    pub classes: KeyedVec<ClassId, Class>,
    /// Pupils in classes, sorted.
    pub enrolments: Vec<Enrolment>,
}

impl Taught {
    /// Pupils of each class.
    pub fn class_pupils(&self) -> KeyedVec<ClassId, Vec<PupilId>> {
        let mut out: KeyedVec<ClassId, Vec<PupilId>> =
            KeyedVec::filled(self.classes.len(), Vec::new());
        for e in &self.enrolments {
            out[e.class].push(e.pupil);
        }
        out
    }
}

/// Teaching and staffing: the bands of classes outside the option blocks (a band's classes
/// meet at once) and a teacher for each.
pub(crate) struct Staffing {
    /// The bands.
    pub bands: Vec<teaching::Band>,
    /// A teacher (or none) for each class of each band.
    pub staff: staffing::BandStaff,
    /// Courses that do not fit their limits; classes with no teacher.
    pub notes: Vec<Note>,
    /// Seconds the staffing took.
    pub seconds: f64,
}

/// The option blocks alone: designs blocks, sections pupils and staffs each block
/// (`tailor blocks`). The result has classes, enrolments and unmet choices but no meetings.
pub fn blocks(scenario: &Scenario, options: &Options) -> Result<Solution> {
    let budget = Budget::new(options.time_limit_s);
    let reserved = KeyedVec::filled(scenario.staff.len(), 0);
    let (designs, sections) = options::design_all(scenario, options, &budget, &reserved)?;
    let seconds = design_seconds(scenario, &designs);
    let summary = summary(scenario, "blocks", &designs, sections.choices, seconds);
    let mut solution = Solution {
        classes: sections.taught.classes,
        meetings: Vec::new(),
        enrolments: sections.taught.enrolments,
        unmet: sections.unmet,
        summary: Summary {
            complete: true,
            ..summary
        },
    }
    .counted();
    solution.summary.size_spread = quality::size_spread(scenario, &solution);
    Ok(solution)
}

/// Sets the summary's counts of classes and meetings.
trait Counted {
    fn counted(self) -> Self;
}

impl Counted for Solution {
    fn counted(mut self) -> Self {
        self.summary.classes = self.classes.len() as u64;
        self.summary.meetings = self.meetings.len() as u64;
        self
    }
}

/// The whole week (`tailor solve`): option blocks, the other teaching, staff, rooms and slots
/// for every meeting. A week that cannot be completed is returned as the best partial result,
/// with `summary.complete` false and notes that say what is missing and why.
pub fn solve(scenario: &Scenario, options: &Options) -> Result<Solution> {
    let budget = Budget::new(options.time_limit_s);
    let staffing = teach_and_staff(scenario, options, &budget)?;
    let reserved = teaching::load(scenario, &staffing.bands, &staffing.staff);
    let (designs, sections) =
        options::design_all(scenario, options, &budget.share(OPTION_SHARE), &reserved)?;
    let (taught, bands, unmet, choices) = join(scenario, sections, &staffing);
    let t = Instant::now();
    let placed = week(scenario, options, &budget, &taught, &bands);
    let week_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let repaired = repair::run(scenario, options, &budget, taught, &bands, placed);
    let restaffed = repaired.notes(scenario);
    let taught = repaired.taught;
    let week = repaired.placed.week;
    let mut seconds = design_seconds(scenario, &designs);
    seconds.insert("staffing".to_owned(), staffing.seconds);
    seconds.insert("week".to_owned(), week_s);
    if repaired.rounds > 0 {
        seconds.insert("repair".to_owned(), t.elapsed().as_secs_f64());
    }

    // The solution, assembled once.
    let mut notes = staffing.notes;
    notes.extend(restaffed);
    notes.extend(week.notes);
    let complete = !notes.iter().any(Note::leaves_week_incomplete);
    let mut classes = taught.classes;
    for (class, room) in classes.iter_mut().zip(week.rooms.iter()) {
        class.room = *room;
    }
    let mut solution = Solution {
        classes,
        meetings: week.meetings,
        enrolments: taught.enrolments,
        unmet,
        summary: Summary {
            complete,
            notes,
            ..summary(scenario, "solve", &designs, choices, seconds)
        },
    }
    .counted();
    solution.summary.soft = Some(quality::figures(scenario, &solution));
    solution.summary.size_spread = quality::size_spread(scenario, &solution);
    Ok(solution)
}

/// Teaching and staffing: the bands of core sets, lectures, tutorials and fixed classes, and a
/// teacher for each class, within [`STAFFING_SHARE`] of the budget.
pub(crate) fn teach_and_staff(
    scenario: &Scenario,
    options: &Options,
    budget: &Budget,
) -> Result<Staffing> {
    let (bands, mut notes) = teaching::run(scenario);
    let t = Instant::now();
    let limits = highs::Limits {
        time_limit_s: budget.share(STAFFING_SHARE).left(),
        mip_gap: 0.0,
        threads: options.threads,
        seed: options.seed,
        verbose: options.verbose,
    };
    let (staff, staff_notes) = staffing::run(scenario, &bands, &limits)?;
    notes.extend(staff_notes);
    Ok(Staffing {
        bands,
        staff,
        notes,
        seconds: t.elapsed().as_secs_f64(),
    })
}

/// The option classes and the bands' classes together, with the tutorial choices that got no
/// class counted as unmet; and each band's class ids.
fn join(
    scenario: &Scenario,
    sections: Sections,
    staffing: &Staffing,
) -> (Taught, Vec<Vec<ClassId>>, Vec<Unmet>, Choices) {
    let Sections {
        mut taught,
        mut unmet,
        mut choices,
    } = sections;
    let band_classes = push_bands(scenario, &mut taught, &staffing.bands, &staffing.staff);
    taught.enrolments.sort();
    options::tutorial_unmet(scenario, &taught, &mut unmet, &mut choices);
    (taught, band_classes, unmet, choices)
}

/// Adds the classes of `bands` with their teachers to `taught`; returns each band's class ids,
/// leaving out bands of given classes in a block (they meet with their block, not as a band).
pub(crate) fn push_bands(
    scenario: &Scenario,
    taught: &mut Taught,
    bands: &[teaching::Band],
    staff: &staffing::BandStaff,
) -> Vec<Vec<ClassId>> {
    let mut band_classes = Vec::new();
    for (band, teachers) in bands.iter().zip(staff) {
        let mut ids = Vec::new();
        let mut in_block = false;
        for (class, &staff) in band.classes.iter().zip(teachers) {
            // A given class in a block meets with its block, not as a band of its own.
            let block = class.given.and_then(|i| scenario.fixed[i].block);
            in_block |= block.is_some();
            let id = taught.classes.push(Class {
                id: class.id.clone(),
                course: class.course,
                block,
                staff,
                room: None,
            });
            taught.enrolments.extend(
                class
                    .pupils
                    .iter()
                    .map(|&pupil| Enrolment { pupil, class: id }),
            );
            ids.push(id);
        }
        if !in_block {
            band_classes.push(ids);
        }
    }
    band_classes
}

/// The week: first with every teacher of a band free at once; if that leaves meetings out and
/// time is left, again with the option blocks pinned to the slots a placement of the blocks
/// alone gives them (so the rest fills their complement, which a school whose pupils are
/// taught every slot needs: see docs/model.md), then with colleagues covering where a teacher's
/// days off leave a big band too few slots. The independent checker judges which attempt is
/// better. The first attempt has an even share of the time left; once one has failed, the rest
/// share what is left with the repair (stage 5) where a teacher may be changed; without another
/// attempt to run or a repair (every ITC2007 instance) the first has all the time, to improve
/// the soft cost.
fn week(
    scenario: &Scenario,
    options: &Options,
    budget: &Budget,
    taught: &Taught,
    bands: &[Vec<ClassId>],
) -> repair::Placed {
    let strict = week::events(scenario, taught, bands, false);
    let relaxed = week::events(scenario, taught, bands, true);
    let second = relaxed.problem != strict.problem;
    let blocks = leading_blocks(taught, &strict);
    let pinned = blocks > 0 && blocks < strict.problem.events.len();
    // Given class lists only (an imported benchmark): weigh the competition's soft cost.
    let itc_soft = scenario.is_itc2007_style();
    let repairs = usize::from(!itc_soft && taught.classes.iter().any(|c| c.staff.is_some()));
    let mut best: Option<repair::Placed> = None;
    // The attempts in turn: the events as they are (strict, then relaxed) or the blocks first.
    enum Attempt {
        AsThey(Box<week::Events>, bool),
        BlocksFirst,
    }
    let mut plan = vec![Attempt::AsThey(Box::new(strict), false)];
    if pinned {
        plan.push(Attempt::BlocksFirst);
    }
    if second {
        plan.push(Attempt::AsThey(Box::new(relaxed), true));
    }
    let attempts = plan.len();
    for (attempt, next) in plan.into_iter().enumerate() {
        if attempt > 0 && budget.below(week::MIN_ATTEMPT_S) {
            break;
        }
        let after = if attempt > 0 { repairs } else { 0 };
        let share = budget.share(1.0 / (attempts - attempt + after) as f64);
        let (events, mode) = match next {
            Attempt::AsThey(e, relax) => (
                *e,
                repair::Mode {
                    relax,
                    pins: Vec::new(),
                },
            ),
            Attempt::BlocksFirst => {
                match blocks_first(scenario, taught, bands, options, &share, blocks) {
                    Some(e) => {
                        let pins = (0..blocks)
                            .map(|b| (b, e.problem.events[b].allowed))
                            .collect();
                        (e, repair::Mode { relax: false, pins })
                    }
                    None => continue,
                }
            }
        };
        options.progress.say(&format!(
            "the week: placing {} events{}",
            events.problem.events.len(),
            if mode.relax {
                ", with cover for big bands"
            } else if attempt > 0 {
                ", the option blocks first"
            } else {
                ""
            }
        ));
        let placement = week::place(&events, options, &share, itc_soft);
        let mut candidate = week::apply(scenario, taught, &events, &placement);
        let done = candidate.notes.is_empty();
        candidate
            .notes
            .extend(bottleneck::notes(scenario, taught, &events, &placement));
        let broken = judge(scenario, taught, &candidate);
        if best.as_ref().is_none_or(|b| broken < b.broken) {
            best = Some(repair::Placed {
                week: candidate,
                events,
                placement,
                mode,
                broken,
            });
        }
        if done {
            break;
        }
    }
    best.expect("placed at least once")
}

/// How many events at the start of `events` are option blocks ([`week::events`] puts them
/// first).
fn leading_blocks(taught: &Taught, events: &week::Events) -> usize {
    events
        .classes
        .iter()
        .take_while(|ids| {
            ids.first()
                .is_some_and(|&k| taught.classes[k].block.is_some())
        })
        .count()
}

/// The week's problem with the first `blocks` events (the option blocks) pinned to the slots
/// that a placement of the blocks alone gives them, within a tenth of `budget`; `None` when no
/// block could be placed whole.
fn blocks_first(
    scenario: &Scenario,
    taught: &Taught,
    bands: &[Vec<ClassId>],
    options: &Options,
    budget: &Budget,
    blocks: usize,
) -> Option<week::Events> {
    use crate::place;
    let mut events = week::events(scenario, taught, bands, false);
    let p = &events.problem;
    let keep =
        |set: &[usize]| -> Vec<usize> { set.iter().copied().filter(|&e| e < blocks).collect() };
    let sub = place::Problem {
        days: p.days,
        periods_per_day: p.periods_per_day,
        events: p.events[..blocks].to_vec(),
        rooms: p.rooms.clone(),
        attendance: p
            .attendance
            .iter()
            .filter_map(|a| {
                let events = keep(&a.events);
                (events.len() > 1).then_some(place::Attendance {
                    events,
                    count: a.count,
                })
            })
            .collect(),
        cliques: p
            .cliques
            .iter()
            .map(|c| keep(c))
            .filter(|c| c.len() > 1)
            .collect(),
        precedence: p
            .precedence
            .iter()
            .copied()
            .filter(|&(a, b)| a < blocks && b < blocks)
            .collect(),
        apart: p
            .apart
            .iter()
            .copied()
            .filter(|&(a, b, _)| a < blocks && b < blocks)
            .collect(),
        breaks: p.breaks.clone(),
        // The hard limits hold for the blocks alone too; gaps, daily minimums and runs are the
        // whole week's.
        limits: p
            .limits
            .iter()
            .map(|l| place::Limit {
                events: keep(&l.events),
                max_gaps: None,
                min_daily: None,
                max_run: None,
                max_gaps_daily: None,
                max_late_starts: None,
                ..l.clone()
            })
            .filter(|l| !l.events.is_empty())
            .collect(),
        closed: p.closed,
        displaced: Vec::new(),
    };
    let placed = place::place(
        &sub,
        &place::Options {
            time_limit_s: (budget.left() * 0.1).max(0.5),
            seed: options.seed,
            threads: options.threads,
            itc_soft: false,
        },
    );
    let mut any = false;
    for (e, slots) in placed.slots.iter().enumerate() {
        if slots.len() == events.problem.events[e].meetings as usize {
            let mut pinned = SlotSet::EMPTY;
            for &s in slots {
                pinned.insert(s);
            }
            events.problem.events[e].allowed = pinned;
            any = true;
        }
    }
    any.then_some(events)
}

/// The checker's count of violations of a week.
pub(crate) fn judge(scenario: &Scenario, taught: &Taught, week: &week::Week) -> usize {
    let view = Solution {
        classes: taught.classes.clone(),
        meetings: week.meetings.clone(),
        enrolments: taught.enrolments.clone(),
        ..Solution::default()
    };
    crate::check::check(scenario, &view, crate::check::Mode::Full).len()
}

/// The seconds of each scheme's steps (named by scheme when there are several).
fn design_seconds(
    scenario: &Scenario,
    designs: &[OptionDesign],
) -> std::collections::BTreeMap<String, f64> {
    let mut seconds = std::collections::BTreeMap::new();
    for d in designs {
        for (step, s) in &d.seconds {
            let key = if scenario.schemes.len() > 1 {
                format!("{}: {step}", scenario.schemes[d.scheme].name)
            } else {
                step.clone()
            };
            seconds.insert(key, *s);
        }
    }
    seconds
}

/// The summary of a run, from the option designs' figures and how the choices fared: the first
/// level's objective and bound are summed over the schemes designed, and each scheme has its
/// own figures.
fn summary(
    scenario: &Scenario,
    stage: &str,
    designs: &[OptionDesign],
    choices: Choices,
    seconds: std::collections::BTreeMap<String, f64>,
) -> Summary {
    let firsts: Vec<&blocks::FirstLevel> =
        designs.iter().filter_map(|d| d.first.as_ref()).collect();
    let (objective, bound) = if firsts.is_empty() {
        (None, None)
    } else {
        (
            Some(firsts.iter().map(|f| f.objective).sum::<f64>()),
            Some(firsts.iter().map(|f| f.bound).sum::<f64>()),
        )
    };
    let gap = match (objective, bound) {
        (Some(o), Some(b)) if firsts.len() > 1 => Some(if b > 0.0 { (b - o) / b } else { 0.0 }),
        _ => firsts.first().map(|f| f.gap),
    };
    let status = match designs {
        [] => "no option courses".to_owned(),
        [one] => one.status.clone(),
        many => many
            .iter()
            .map(|d| format!("{}: {}", scenario.schemes[d.scheme].name, d.status))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let legacy = scenario.schemes.len() == 1
        && scenario
            .schemes
            .iter()
            .all(|s| s.name == crate::load::OPTIONS_SCHEME);
    let schemes = designs
        .iter()
        .filter(|_| !legacy)
        .map(|d| SchemeFigures {
            scheme: scenario.schemes[d.scheme].name.clone(),
            pupils: d.pupils,
            pupils_fully_met: d.fully_met,
            objective: d.first.as_ref().map(|f| f.objective),
            bound: d.first.as_ref().map(|f| f.bound),
            gap: d.first.as_ref().map(|f| f.gap),
            status: d.status.clone(),
        })
        .collect();
    Summary {
        scenario: scenario.name.clone(),
        tailor_version: env!("CARGO_PKG_VERSION").into(),
        stage: stage.into(),
        pupils: scenario.pupils.len() as u64,
        pupils_fully_met: choices.pupils_fully_met,
        main_choices: choices.main_choices,
        main_choices_met: choices.main_choices_met,
        reserves_used: choices.reserves_used,
        objective,
        bound,
        gap,
        status,
        schemes,
        seconds,
        ..Summary::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::planted_school;

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
        planted_school([&school, &c, &p, &ch, &staff, rooms])
    }

    /// Three pupils, each choosing a different two of A, B and C.
    const PAIRS_OF_THREE: &[(&str, &str, u32, u32)] = &[
        ("P1", "A", 1, 0),
        ("P1", "B", 2, 0),
        ("P2", "B", 1, 0),
        ("P2", "C", 2, 0),
        ("P3", "A", 1, 0),
        ("P3", "C", 2, 0),
    ];

    fn quick() -> Options {
        Options::for_tests()
    }

    #[test]
    fn three_single_classes_in_two_blocks_leave_one_pupil_short() {
        // A, B and C run once each in two blocks: two of them share a block, so exactly one of
        // the three pairs cannot be taken together.
        let s = tiny(
            2,
            &[("A", 1, 10), ("B", 1, 10), ("C", 1, 10)],
            PAIRS_OF_THREE,
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
    fn the_summary_gives_the_class_size_spread_across_blocks() {
        // 40 pupils take A (two classes of at most 30), 10 of them B too: A's classes are
        // balanced to 20 and 20 whichever blocks they are in.
        let mut choices = Vec::new();
        let names: Vec<String> = (0..40).map(|i| format!("P{i:02}")).collect();
        for (i, p) in names.iter().enumerate() {
            choices.push((p.as_str(), "A", 1, 0));
            if i < 10 {
                choices.push((p.as_str(), "B", 2, 0));
            }
        }
        let s = tiny(2, &[("A", 2, 30), ("B", 1, 40)], &choices);
        let sol = blocks(&s, &quick()).unwrap();
        assert_eq!(sol.summary.pupils_fully_met, 40);
        let spread = sol.summary.size_spread.expect("A has two classes");
        assert_eq!(spread.courses, 1);
        assert_eq!(spread.course, "A");
        assert_eq!(spread.largest, 0);
        assert_eq!(spread.by_course.get("A"), Some(&0));
    }

    #[test]
    fn everyone_fits_when_blocks_allow() {
        let s = tiny(
            3,
            &[("A", 1, 10), ("B", 1, 10), ("C", 1, 10)],
            PAIRS_OF_THREE,
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
