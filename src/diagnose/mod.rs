//! Knowing before solving: necessary conditions a school must meet for a complete timetable to
//! exist, each checked exactly and explained with its numbers and the smallest fix.
//!
//! A finding is an [`Severity::Error`] only when it proves that no complete timetable exists (one
//! that passes `tailor check` with every class's meetings placed): it counts only what every
//! such timetable must hold, core and lecture sets, fixed classes, every pupil's compulsory
//! week. Option and tutorial classes may be left unmet, so what they need gives
//! [`Severity::Warning`]s: likely trouble, not proof. Findings are typed ([`Finding`]) and put
//! into words only by [`Finding::render`].

mod flow;
mod need;
mod render;

use serde::Serialize;

use crate::ids::*;
use crate::scenario::*;

pub use render::Rendered;

/// How sure a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// No complete timetable exists while this holds.
    Error,
    /// A complete timetable may exist, but some choices cannot be met or it is unlikely.
    Warning,
}

/// One necessary condition a school breaks, with the numbers that show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// A core or lecture course whose pupils cannot be split into at most `max_classes` sets
    /// that fit `max_size` and its largest suitable room.
    TooFewSets {
        /// The course.
        course: CourseId,
        /// Pupils who take it.
        pupils: u32,
        /// The largest set: `max_size`, or the seats of the largest suitable room if fewer.
        largest: u32,
        /// The largest suitable room, when it is what limits the sets.
        room: Option<RoomId>,
        /// Sets needed.
        sets: u32,
    },
    /// A core or lecture course whose fewest sets cannot all reach `min_size`.
    SetsBelowMinSize {
        /// The course.
        course: CourseId,
        /// Pupils who take it.
        pupils: u32,
        /// The fewest sets it can have.
        sets: u32,
    },
    /// A class of `fixed.csv` whose pupils are fewer than its course's `min_size` or more than
    /// its `max_size`.
    FixedClassSize {
        /// Index into [`Scenario::fixed`].
        class: usize,
        /// Its pupils.
        pupils: u32,
    },
    /// A class of `fixed.csv` that no suitable room seats.
    FixedClassTooBig {
        /// Index into [`Scenario::fixed`].
        class: usize,
        /// Its pupils.
        pupils: u32,
        /// The largest suitable room, if any.
        room: Option<RoomId>,
    },
    /// Courses whose meetings their rooms cannot hold in the slots they are available.
    RoomsShort {
        /// The courses, each with the classes counted.
        courses: Vec<(CourseId, u64)>,
        /// Every room any of them may use.
        rooms: Vec<RoomId>,
        /// Meetings a week they need.
        meetings: u64,
        /// Slots a week those rooms are available to them.
        slots: u64,
        /// Whether option classes are counted (then a warning).
        with_options: bool,
    },
    /// Courses whose periods only some teachers may teach, more than those teachers can give.
    StaffShort {
        /// The courses, each with the classes counted.
        courses: Vec<(CourseId, u64)>,
        /// Every teacher who may teach any of them.
        staff: Vec<StaffId>,
        /// Periods a week the courses need.
        periods: u64,
        /// Periods a week those teachers can give them (`max_periods`, and slots available).
        capacity: u64,
        /// Whether option classes are counted (then a warning).
        with_options: bool,
    },
    /// Pupils whose compulsory periods (core, lectures, fixed classes) do not fit their week.
    WeekShort {
        /// The pupils' stage.
        stage: StageId,
        /// How many pupils.
        pupils: u32,
        /// The first of them.
        example: PupilId,
        /// The courses that do not fit together.
        courses: Vec<CourseId>,
        /// Their periods a week.
        periods: u64,
        /// The slots they may use.
        slots: u64,
    },
    /// Pupils whose main option choices, in their blocks, do not fit beside their compulsory
    /// periods.
    OptionsCrowdWeek {
        /// The pupils' stage.
        stage: StageId,
        /// How many pupils.
        pupils: u32,
        /// The first of them.
        example: PupilId,
        /// The most main option choices among them.
        choices: u32,
        /// Compulsory periods of the example pupil.
        compulsory: u64,
    },
    /// A tutorial that has no slot where it is allowed and one of its teachers (and rooms) is
    /// available: every pupil who chose it goes unmet.
    TutorialNoSlot {
        /// The tutorial course.
        course: CourseId,
        /// Pupils who chose it.
        pupils: u32,
        /// Slots where it could meet.
        slots: u32,
    },
    /// Option classes that need rooms of one type, more than the blocks can hold: the classes
    /// of one block meet at once, each in its own room.
    BlockPeak {
        /// The room type.
        room_type: RoomTypeId,
        /// The option courses that need it, each with the classes their choices ask for.
        courses: Vec<(CourseId, u64)>,
        /// Rooms of the type.
        rooms: u32,
    },
    /// More pupils want an option than `max_classes` classes of its largest size hold.
    OptionDemand {
        /// The course.
        course: CourseId,
        /// Pupils whose main choice it is.
        demand: u32,
        /// The largest class (`max_size`, or the largest suitable room if fewer).
        largest: u32,
        /// The largest suitable room, when it is what limits the classes.
        room: Option<RoomId>,
    },
}

impl Finding {
    /// Whether it proves no complete timetable exists.
    pub fn severity(&self) -> Severity {
        match self {
            Finding::TooFewSets { .. }
            | Finding::SetsBelowMinSize { .. }
            | Finding::FixedClassSize { .. }
            | Finding::FixedClassTooBig { .. }
            | Finding::WeekShort { .. } => Severity::Error,
            Finding::RoomsShort { with_options, .. } | Finding::StaffShort { with_options, .. } => {
                if *with_options {
                    Severity::Warning
                } else {
                    Severity::Error
                }
            }
            Finding::OptionsCrowdWeek { .. }
            | Finding::BlockPeak { .. }
            | Finding::TutorialNoSlot { .. }
            | Finding::OptionDemand { .. } => Severity::Warning,
        }
    }
    /// Its stable kebab-case name (for scripts).
    pub fn name(&self) -> &'static str {
        match self {
            Finding::TooFewSets { .. } => "too-few-sets",
            Finding::SetsBelowMinSize { .. } => "sets-below-min-size",
            Finding::FixedClassSize { .. } => "fixed-class-size",
            Finding::FixedClassTooBig { .. } => "fixed-class-too-big",
            Finding::RoomsShort { .. } => "rooms-short",
            Finding::StaffShort { .. } => "staff-short",
            Finding::WeekShort { .. } => "week-short",
            Finding::OptionsCrowdWeek { .. } => "options-crowd-week",
            Finding::TutorialNoSlot { .. } => "tutorial-no-slot",
            Finding::BlockPeak { .. } => "block-peak",
            Finding::OptionDemand { .. } => "option-demand",
        }
    }
}

/// Everything diagnose found, errors first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnosis {
    /// The findings, errors first.
    pub findings: Vec<Finding>,
}

impl Diagnosis {
    /// The findings that prove no complete timetable exists.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> + '_ {
        self.findings
            .iter()
            .filter(|f| f.severity() == Severity::Error)
    }
    /// The findings that only make one unlikely or leave choices unmet.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> + '_ {
        self.findings
            .iter()
            .filter(|f| f.severity() == Severity::Warning)
    }
    /// Whether some finding proves no complete timetable exists.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

/// Checks every necessary condition of `scenario` (see the module documentation).
pub fn diagnose(scenario: &Scenario) -> Diagnosis {
    let need = need::Need::of(scenario);
    let mut findings = Vec::new();
    findings.extend(sets(scenario, &need));
    findings.extend(fixed_rooms(scenario, &need));
    findings.extend(rooms(scenario, &need));
    findings.extend(staff(scenario, &need));
    findings.extend(weeks(scenario, &need));
    findings.extend(block_peaks(scenario, &need));
    findings.extend(tutorials(scenario, &need));
    findings.extend(option_demand(scenario, &need));
    findings.sort_by_key(|f| f.severity());
    Diagnosis { findings }
}

/// Core and lecture courses: their pupils in at most `max_classes` sets of at most the largest
/// set (`max_size`, or the largest suitable room), each of at least `min_size`.
pub fn sets(scenario: &Scenario, need: &need::Need) -> Vec<Finding> {
    let mut out = Vec::new();
    for (cid, c) in scenario.courses.iter_enumerated() {
        if !matches!(c.kind, CourseKind::Core | CourseKind::Lecture) {
            continue;
        }
        let n = need.pupils[cid];
        if n == 0 {
            continue;
        }
        let (largest, room) = need.largest[cid];
        if largest == 0 {
            continue;
        }
        let sets = n.div_ceil(largest);
        if sets > c.max_classes {
            out.push(Finding::TooFewSets {
                course: cid,
                pupils: n,
                largest,
                room: room.filter(|_| largest < c.max_size),
                sets,
            });
        } else if u64::from(sets) * u64::from(c.min_size) > u64::from(n) {
            out.push(Finding::SetsBelowMinSize {
                course: cid,
                pupils: n,
                sets,
            });
        }
    }
    out
}

/// Fixed classes: each has from `min_size` to `max_size` pupils and fits some room of its
/// course's type and features.
pub fn fixed_rooms(scenario: &Scenario, need: &need::Need) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, class) in scenario.fixed.iter().enumerate() {
        let c = &scenario.courses[class.course];
        let pupils = class.pupils.len() as u32;
        if pupils < c.min_size || pupils > c.max_size {
            out.push(Finding::FixedClassSize { class: i, pupils });
        }
        if c.room_type.is_none() {
            continue;
        }
        let (seats, room) = need.largest_room[class.course];
        let n = class.pupils.len() as u32;
        if n > seats {
            out.push(Finding::FixedClassTooBig {
                class: i,
                pupils: n,
                room,
            });
        }
    }
    out
}

/// Rooms: Hall's condition between the meetings of courses and the available slots of the
/// rooms that suit them. An error counting compulsory meetings; a warning adding the option
/// and tutorial classes their demand asks for.
pub fn rooms(scenario: &Scenario, need: &need::Need) -> Vec<Finding> {
    let compulsory = rooms_hall(scenario, need, false);
    if !compulsory.is_empty() {
        return compulsory;
    }
    rooms_hall(scenario, need, true)
}

fn rooms_hall(scenario: &Scenario, need: &need::Need, with_options: bool) -> Vec<Finding> {
    let mut demands = Vec::new();
    let mut of = Vec::new();
    for (cid, c) in scenario.courses.iter_enumerated() {
        if c.room_type.is_none() {
            continue;
        }
        let meetings = need.meetings(scenario, cid, with_options);
        if meetings == 0 || no_slot(scenario, cid) {
            continue;
        }
        let min_seats = need.smallest_class(scenario, cid);
        let uses: Vec<usize> = scenario
            .rooms
            .iter_enumerated()
            .filter(|(_, r)| r.suits(c) && r.capacity >= min_seats)
            .map(|(r, _)| r.index())
            .collect();
        // A course no room seats is the finding of its sets or its fixed classes.
        if uses.is_empty() {
            continue;
        }
        demands.push((meetings, uses));
        of.push(cid);
    }
    let supplies: Vec<u64> = scenario
        .rooms
        .iter_enumerated()
        .map(|(r, room)| {
            let mut allowed = SlotSet::EMPTY;
            for (i, (_, uses)) in demands.iter().enumerate() {
                if uses.contains(&r.index()) {
                    allowed = allowed.union(&scenario.courses[of[i]].allowed);
                }
            }
            allowed.difference(&room.unavailable).len() as u64
        })
        .collect();
    flow::shortfalls(&demands, &supplies)
        .into_iter()
        .map(|s| Finding::RoomsShort {
            courses: s
                .demands
                .iter()
                .map(|&d| (of[d], need.classes(scenario, of[d], with_options)))
                .collect(),
            rooms: s.supplies.iter().map(|&r| RoomId(r as u32)).collect(),
            meetings: s.need,
            slots: s.have,
            with_options,
        })
        .collect()
}

/// Staff: Hall's condition between the periods of courses and the teachers who may teach them
/// (each at most `max_periods`, and only in slots they are available). An error counting
/// compulsory meetings; a warning adding the option and tutorial classes demand asks for.
pub fn staff(scenario: &Scenario, need: &need::Need) -> Vec<Finding> {
    let compulsory = staff_hall(scenario, need, false);
    if !compulsory.is_empty() {
        return compulsory;
    }
    staff_hall(scenario, need, true)
}

fn staff_hall(scenario: &Scenario, need: &need::Need, with_options: bool) -> Vec<Finding> {
    let mut demands = Vec::new();
    let mut of = Vec::new();
    for (cid, c) in scenario.courses.iter_enumerated() {
        if !c.staffed {
            continue;
        }
        let periods = need.meetings(scenario, cid, with_options);
        if periods == 0 || no_slot(scenario, cid) {
            continue;
        }
        let uses: Vec<usize> = scenario
            .staff
            .iter_enumerated()
            .filter(|(_, s)| s.can_teach(cid))
            .map(|(s, _)| s.index())
            .collect();
        demands.push((periods, uses));
        of.push(cid);
    }
    let supplies: Vec<u64> = scenario
        .staff
        .iter()
        .map(|s| teacher_capacity(scenario, s))
        .collect();
    flow::shortfalls(&demands, &supplies)
        .into_iter()
        .map(|s| Finding::StaffShort {
            courses: s
                .demands
                .iter()
                .map(|&d| (of[d], need.classes(scenario, of[d], with_options)))
                .collect(),
            staff: s.supplies.iter().map(|&t| StaffId(t as u32)).collect(),
            periods: s.need,
            capacity: s.have,
            with_options,
        })
        .collect()
}

/// The periods a week a teacher can give: at most `max_periods`, and one in each slot they are
/// available where some course they teach is allowed.
pub fn teacher_capacity(scenario: &Scenario, s: &Staff) -> u64 {
    let allowed = s.teaches.iter().fold(SlotSet::EMPTY, |a, &c| {
        a.union(&scenario.courses[c].allowed)
    });
    u64::from(s.max_periods).min(allowed.difference(&s.unavailable).len() as u64)
}

/// Every pupil's week: their compulsory courses (core and lectures of their stage, their fixed
/// classes), each meeting its periods in distinct allowed slots, fit the week (Hall's condition
/// between courses and slots). Pupils with the same compulsory courses are checked once.
pub fn weeks(scenario: &Scenario, need: &need::Need) -> Vec<Finding> {
    let mut out = Vec::new();
    for profile in &need.profiles {
        let demands: Vec<(u64, Vec<usize>)> = profile
            .courses
            .iter()
            .map(|&c| {
                let course = &scenario.courses[c];
                (
                    u64::from(course.periods),
                    course.allowed.iter().map(|s| s.index()).collect(),
                )
            })
            .collect();
        let supplies = vec![1; scenario.week.slots()];
        for s in flow::shortfalls(&demands, &supplies) {
            out.push(Finding::WeekShort {
                stage: profile.stage,
                pupils: profile.pupils.len() as u32,
                example: profile.pupils[0],
                courses: s.demands.iter().map(|&d| profile.courses[d]).collect(),
                periods: s.need,
                slots: s.have,
            });
        }
    }
    if out.is_empty() {
        out.extend(options_crowd(scenario, need));
    }
    out
}

/// Pupils whose main option choices, each taking `periods_per_block` slots of its own block,
/// do not fit beside their compulsory periods: some of their choices go unmet.
fn options_crowd(scenario: &Scenario, need: &need::Need) -> Vec<Finding> {
    let slots = scenario.week.slots() as u64;
    let mut out = Vec::new();
    for profile in &need.profiles {
        let ppb = u64::from(scenario.stage_block_periods(profile.stage));
        let compulsory: u64 = profile
            .courses
            .iter()
            .map(|&c| u64::from(scenario.courses[c].periods))
            .sum();
        let crowded: Vec<(PupilId, u32)> = profile
            .pupils
            .iter()
            .map(|&p| (p, need.main_options[p]))
            .filter(|&(_, m)| compulsory + u64::from(m) * ppb > slots)
            .collect();
        if let Some(&(example, _)) = crowded.first() {
            out.push(Finding::OptionsCrowdWeek {
                stage: profile.stage,
                pupils: crowded.len() as u32,
                example,
                choices: crowded.iter().map(|c| c.1).max().unwrap_or(0),
                compulsory,
            });
        }
    }
    out
}

/// The peak of each block: its option classes meet at once, each in a room of its type, so no
/// block holds more classes of a room type than there are rooms of it, and all blocks together
/// at most `blocks` times as many.
pub fn block_peaks(scenario: &Scenario, need: &need::Need) -> Vec<Finding> {
    let blocks = scenario.blocks.len() as u64;
    let mut out = Vec::new();
    for t in scenario.room_types.keys() {
        let rooms = scenario.rooms.iter().filter(|r| r.room_type == t).count() as u32;
        let courses: Vec<(CourseId, u64)> = scenario
            .courses
            .iter_enumerated()
            .filter(|(_, c)| c.kind == CourseKind::Option && c.room_type == Some(t))
            .map(|(cid, _)| (cid, need.classes(scenario, cid, true)))
            .filter(|&(_, n)| n > 0)
            .collect();
        let classes: u64 = courses.iter().map(|c| c.1).sum();
        if classes > blocks * u64::from(rooms) {
            out.push(Finding::BlockPeak {
                room_type: t,
                courses,
                rooms,
            });
        }
    }
    out
}

/// Tutorials chosen by someone: they need `periods` slots where they are allowed, one of their
/// teachers is in (when staffed) and one of their rooms is free (when they need one).
pub fn tutorials(scenario: &Scenario, need: &need::Need) -> Vec<Finding> {
    let mut out = Vec::new();
    for (cid, c) in scenario.courses.iter_enumerated() {
        if c.kind == CourseKind::Tutorial && need.pupils[cid] > 0 && no_slot(scenario, cid) {
            out.push(Finding::TutorialNoSlot {
                course: cid,
                pupils: need.pupils[cid],
                slots: tutorial_slots(scenario, cid).len() as u32,
            });
        }
    }
    out
}

/// Whether `course` is a tutorial with fewer slots than its periods where it may meet (see
/// [`tutorial_slots`]): none of its classes can be held, which [`Finding::TutorialNoSlot`] says.
fn no_slot(scenario: &Scenario, course: CourseId) -> bool {
    let c = &scenario.courses[course];
    c.kind == CourseKind::Tutorial && (tutorial_slots(scenario, course).len() as u32) < c.periods
}

/// The slots where a meeting of `course` may be: allowed, with one of its teachers in (when
/// staffed) and one of its rooms free (when it needs one).
pub fn tutorial_slots(scenario: &Scenario, course: CourseId) -> SlotSet {
    let c = &scenario.courses[course];
    let all = scenario.week.all();
    let mut slots = c.allowed;
    if c.staffed {
        let free = scenario
            .staff
            .iter()
            .filter(|s| s.can_teach(course))
            .fold(SlotSet::EMPTY, |a, s| {
                a.union(&all.difference(&s.unavailable))
            });
        slots = slots.intersection(&free);
    }
    if c.room_type.is_some() {
        let free = scenario
            .rooms
            .iter()
            .filter(|r| r.suits(c))
            .fold(SlotSet::EMPTY, |a, r| {
                a.union(&all.difference(&r.unavailable))
            });
        slots = slots.intersection(&free);
    }
    slots
}

/// Options more pupils want as a main choice than `max_classes` classes of the largest class
/// (`max_size`, or its largest suitable room) hold.
pub fn option_demand(scenario: &Scenario, need: &need::Need) -> Vec<Finding> {
    let mut out = Vec::new();
    for (cid, c) in scenario.courses.iter_enumerated() {
        if c.kind != CourseKind::Option {
            continue;
        }
        let (largest, room) = need.largest[cid];
        let demand = need.pupils[cid];
        if u64::from(demand) > u64::from(c.max_classes) * u64::from(largest) {
            out.push(Finding::OptionDemand {
                course: cid,
                demand,
                largest,
                room: room.filter(|_| largest < c.max_size),
            });
        }
    }
    out
}

/// The findings in words, errors first, one per line as `error: ...` or `warning: ...`.
pub fn lines(scenario: &Scenario, findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let r = f.render(scenario);
            let word = match r.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!("{word}: {r}")
        })
        .collect()
}

#[cfg(test)]
mod tests;
