//! The independent checker: reads only a [`Scenario`] and a [`Solution`] and lists every broken
//! rule. It shares nothing with the solver but the model, so a solver bug cannot hide itself.
//!
//! Each rule is one function, in [`pupils`], [`classes`], [`staff`] and [`rooms`]; per-person
//! rules run in parallel (rayon) over pupils, staff and rooms, over lists built once.

pub mod against;
pub mod classes;
pub mod fixture;
pub mod limits;
pub mod pupils;
pub mod rooms;
pub mod shapes;
pub mod staff;

use rayon::prelude::*;
use serde::Serialize;

use crate::ids::*;
use crate::scenario::Scenario;
use crate::solution::{Meeting, Solution};

macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $text:literal;)*) => {
        /// A rule a solution must keep. Each has a stable kebab-case [`Rule::name`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(#[doc = $text] $variant,)*
        }

        impl Rule {
            /// Every rule, in the order violations are listed.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];
            /// Its stable name, as `tailor check` prints it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)*
                }
            }
            /// The rule, in words.
            pub fn text(self) -> &'static str {
                match self {
                    $(Rule::$variant => $text,)*
                }
            }
            /// The rule of a name.
            pub fn parse(name: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|r| r.name() == name)
            }
        }
    };
}

rules! {
    UnknownId = "unknown-id",
        "Every meeting, enrolment and unmet choice refers to a class, pupil, course, member of staff, room and slot that exist.";
    PupilClash = "pupil-clash",
        "A pupil never has two meetings in one slot.";
    PupilStage = "pupil-stage",
        "A pupil is only in classes of courses open to their stage (fixed classes excepted: their lists are given).";
    PupilCourseTwice = "pupil-course-twice",
        "A pupil is in at most one class of each course.";
    PupilUnchosen = "pupil-unchosen",
        "A pupil is in option and tutorial classes only of courses they chose (reserves count as chosen).";
    PupilMissingCompulsory = "pupil-missing-compulsory",
        "A pupil is in a class of every core and lecture course of their stage.";
    PupilTooManyOptions = "pupil-too-many-options",
        "A pupil takes no more option courses than they made main option choices.";
    PupilBlockClash = "pupil-block-clash",
        "A pupil's option classes are in distinct blocks.";
    ReserveUnearned = "reserve-unearned",
        "A pupil takes a reserve only in place of a missed main choice: reserves taken are at most main choices (option and tutorial) missed.";
    UnmetMissing = "unmet-missing",
        "Every main choice (option or tutorial) a pupil did not get is listed in unmet.csv.";
    UnmetWrong = "unmet-wrong",
        "unmet.csv lists only main choices the pupil made and did not get, each once.";
    FixedClass = "fixed-class",
        "A class of a fixed course is one fixed.csv gives, and its pupils are exactly those fixed.csv lists for it.";
    ClassSize = "class-size",
        "A class has from min_size to max_size pupils of its course.";
    ClassMeetings = "class-meetings",
        "A class meets exactly its course's periods times a week, in distinct slots of the week.";
    ClassAllowed = "class-allowed",
        "A class meets only in its course's allowed slots.";
    CourseOrder = "course-order",
        "Every meeting of a course comes after every meeting of each course in its after list.";
    CourseMaxClasses = "course-max-classes",
        "A course has at most max_classes classes.";
    ClassBlock = "class-block",
        "An option class carries a block, a given class one only when fixed.csv gives it one, and a class of any other kind none.";
    BlockScheme = "block-scheme",
        "An option class's block is a block of its course's scheme.";
    BlockAllowed = "block-allowed",
        "An option class runs only in a block its course may run in (courses.csv blocks, of its periods).";
    GivenKept = "given-kept",
        "A given class keeps the block and the teacher fixed.csv gives it, the teacher at every meeting.";
    BlockCount = "block-count",
        "Every block is a block of school.toml.";
    BlockSlots = "block-slots",
        "All classes of one block meet in the same slots.";
    BlockPeriods = "block-periods",
        "Each block meets in exactly as many slots as its periods.";
    BlockFixedSlots = "block-fixed-slots",
        "Every class of a block whose slots school.toml fixes meets in exactly those slots.";
    SchemeBlocksApart = "scheme-blocks-apart",
        "The blocks of one scheme never share a slot (a scheme with apart = false excepted).";
    StaffTeaches = "staff-teaches",
        "A teacher teaches only courses they may teach (staff.csv teaches); in blocks-only mode, a class's teacher.";
    StaffUnavailable = "staff-unavailable",
        "A teacher teaches only in slots they are available.";
    StaffClash = "staff-clash",
        "A teacher never has two meetings in one slot.";
    StaffMaxPeriods = "staff-max-periods",
        "A teacher has at most max_periods meetings a week.";
    MeetingUnstaffed = "meeting-unstaffed",
        "Every meeting of a course that needs a teacher (staffed) has one.";
    StaffBlockClash = "staff-block-clash",
        "Blocks-only mode: a teacher has at most one class in each block.";
    StaffBlockLoad = "staff-block-load",
        "Blocks-only mode: the periods of a teacher's classes are at most their max_periods.";
    RoomSuits = "room-suits",
        "A meeting of a course with a room type is in a room of that type with every feature the course needs; a meeting of a course with room type none has no room.";
    RoomCapacity = "room-capacity",
        "A room holds every pupil of each class that meets in it.";
    RoomUnavailable = "room-unavailable",
        "A room is used only in slots it is available.";
    RoomClash = "room-clash",
        "A room never holds two meetings in one slot.";
    RunLengths = "run-lengths",
        "A class of a course with a pattern meets in runs (maximal stretches of consecutive periods of one day) whose lengths are the pattern.";
    RunDays = "run-days",
        "The runs of a class of a course with a pattern fall on distinct days.";
    Apart = "apart",
        "Two meetings (runs) of the courses of one [[rules.apart]], two of one class or one each of classes of two of its courses, fall at least its days apart.";
    RunBreak = "run-break",
        "No run of a class of a course with a pattern crosses a break of [week] breaks.";
    RunStaffRoom = "run-staff-room",
        "Along a run of a class of a course with a pattern, every meeting has the same teacher and the same room.";
    StaffBlockParts = "staff-block-parts",
        "A teacher teaches meetings of at most one class of each option block (a part of a split class counts as the class).";
    SplitStaff = "split-staff",
        "A class of a course with a split has exactly as many different teachers as the split has parts, with those meeting counts.";
    MaxDays = "max-days",
        "A member of staff or a pupil with max_days has meetings on at most that many days.";
    MaxGaps = "max-gaps",
        "A member of staff or a pupil with max_gaps has at most that many gaps in the week: free periods between two of their meetings of one day, closed slots and a teacher's unavailable slots not counted.";
    MaxDaily = "max-daily",
        "A member of staff or a pupil with max_daily has at most that many periods of meetings on any day.";
    MinDaily = "min-daily",
        "A member of staff or a pupil with min_daily has at least that many periods of meetings on every day with any.";
    MaxRun = "max-run",
        "A member of staff or a pupil with max_run never has more than that many periods of meetings in a row (consecutive periods of one day).";
    MaxGapsDaily = "max-gaps-daily",
        "A member of staff or a pupil with max_gaps_daily has at most that many gaps on any day (gaps as for max_gaps).";
    LateStarts = "late-starts",
        "A member of staff or a pupil with max_late_starts has, on every day with a meeting, the first in the day's first open period (closed slots and a teacher's unavailable slots are not open), or in its second on at most that many days of the week; never later.";
    ChangesListed = "changes-listed",
        "With --against OLD: changes.csv lists exactly the difference between the old and the new solution.";
    ChangeLimit = "change-limit",
        "With --against OLD: at most max_changes pupils' classes changed, and at most max_changes_per_pupil classes of any pupil (the limits summary.json records).";
    LockKept = "lock-kept",
        "With --against OLD: a class of locks.csv keeps its pupils and meetings; a pupil of locks.csv keeps their classes and meetings.";
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One broken rule, with the external ids involved.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Violation {
    /// The rule broken.
    pub rule: Rule,
    /// The external ids involved, in the order the rule names them: pupil, course, class,
    /// staff, room, block, slot as `Day:Period`.
    pub ids: Vec<String>,
    /// What is wrong, in words.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.rule.name(),
            self.ids.join(" "),
            self.message
        )
    }
}

impl Violation {
    /// A violation of `rule`.
    pub fn new(rule: Rule, ids: Vec<String>, message: impl Into<String>) -> Self {
        Self {
            rule,
            ids,
            message: message.into(),
        }
    }
}

/// What a solution is checked as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A whole week: every rule.
    Full,
    /// The output of `tailor blocks` (no meetings): the block, class-size, enrolment and
    /// staffing-per-block rules, no meeting rule; compulsory courses, tutorials missed and
    /// fixed classes not yet made are left to the week.
    BlocksOnly,
}

/// Lists of ids grouped by a key, built once in one pass (compressed rows).
#[derive(Clone, Debug)]
pub struct Groups<K, T> {
    starts: Vec<u32>,
    items: Vec<T>,
    _key: std::marker::PhantomData<fn(K) -> K>,
}

impl<K: Idx, T: Copy> Groups<K, T> {
    /// Groups `pairs` into `len` keys; pairs whose key is out of range are left out. Items keep
    /// their order within a key.
    pub fn new(len: usize, pairs: impl Iterator<Item = (K, T)> + Clone) -> Self {
        let mut starts = vec![0u32; len + 1];
        for (k, _) in pairs.clone() {
            if k.index() < len {
                starts[k.index() + 1] += 1;
            }
        }
        for i in 0..len {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut items: Vec<Option<T>> = vec![None; starts[len] as usize];
        for (k, t) in pairs {
            if k.index() < len {
                items[fill[k.index()] as usize] = Some(t);
                fill[k.index()] += 1;
            }
        }
        Self {
            starts,
            items: items.into_iter().flatten().collect(),
            _key: std::marker::PhantomData,
        }
    }
    /// The items of `key`.
    #[inline]
    pub fn of(&self, key: K) -> &[T] {
        let i = key.index();
        &self.items[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
    /// Number of keys.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }
    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What every rule reads, built once: the valid meetings and enrolments grouped by class,
/// pupil, staff and room.
pub struct Index<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The solution.
    pub solution: &'a Solution,
    /// The mode.
    pub mode: Mode,
    /// Meetings whose class, slot, staff and room exist (the rest are [`Rule::UnknownId`]).
    pub meetings: Vec<Meeting>,
    /// Indices into `meetings` of each class, by slot.
    pub class_meetings: Groups<ClassId, u32>,
    /// Pupils of each class (from enrolments whose pupil and class exist).
    pub class_pupils: Groups<ClassId, PupilId>,
    /// Classes of each pupil.
    pub pupil_classes: Groups<PupilId, ClassId>,
    /// Indices into `meetings` of each teacher.
    pub staff_meetings: Groups<StaffId, u32>,
    /// Indices into `meetings` of each room.
    pub room_meetings: Groups<RoomId, u32>,
    /// Slots of each class.
    pub class_slots: KeyedVec<ClassId, SlotSet>,
}

impl<'a> Index<'a> {
    /// The clashes in a person's or room's meetings (`list`, sorted by slot): every run of two or
    /// more meetings in one slot, with that slot and the ids of the classes.
    pub fn clashes<'b>(
        &'b self,
        list: &'b [u32],
    ) -> impl Iterator<Item = (SlotId, Vec<String>)> + 'b {
        list.chunk_by(|&a, &b| self.meetings[a as usize].slot == self.meetings[b as usize].slot)
            .filter(|run| run.len() > 1)
            .map(|run| {
                let slot = self.meetings[run[0] as usize].slot;
                (
                    slot,
                    run.iter()
                        .map(|&i| self.class(self.meetings[i as usize].class))
                        .collect(),
                )
            })
    }

    /// Builds the lists every rule reads.
    pub fn new(scenario: &'a Scenario, solution: &'a Solution, mode: Mode) -> Self {
        let n_slots = scenario.week.slots();
        let n_classes = solution.classes.len();
        let mut meetings: Vec<Meeting> = solution
            .meetings
            .iter()
            .filter(|m| {
                m.class.index() < n_classes
                    && solution.classes[m.class].course.index() < scenario.courses.len()
                    && m.slot.index() < n_slots
                    && m.staff.is_none_or(|s| s.index() < scenario.staff.len())
                    && m.room.is_none_or(|r| r.index() < scenario.rooms.len())
            })
            .copied()
            .collect();
        meetings.sort();
        let idx = |m: &Meeting, i: usize| (m.class, i as u32);
        let class_meetings = Groups::new(
            n_classes,
            meetings.iter().enumerate().map(|(i, m)| idx(m, i)),
        );
        let mut enrolments: Vec<(PupilId, ClassId)> = solution
            .enrolments
            .iter()
            .filter(|e| {
                e.class.index() < n_classes
                    && e.pupil.index() < scenario.pupils.len()
                    && solution.classes[e.class].course.index() < scenario.courses.len()
            })
            .map(|e| (e.pupil, e.class))
            .collect();
        enrolments.sort();
        let class_pupils = Groups::new(n_classes, enrolments.iter().map(|&(p, c)| (c, p)));
        let pupil_classes = Groups::new(scenario.pupils.len(), enrolments.iter().copied());
        let mut by_slot: Vec<u32> = (0..meetings.len() as u32).collect();
        by_slot.sort_by_key(|&i| (meetings[i as usize].slot, meetings[i as usize].class));
        let staff_meetings = Groups::new(
            scenario.staff.len(),
            by_slot
                .iter()
                .filter_map(|&i| meetings[i as usize].staff.map(|s| (s, i))),
        );
        let room_meetings = Groups::new(
            scenario.rooms.len(),
            by_slot
                .iter()
                .filter_map(|&i| meetings[i as usize].room.map(|r| (r, i))),
        );
        let class_slots = solution
            .classes
            .keys()
            .map(|c| {
                class_meetings
                    .of(c)
                    .iter()
                    .map(|&i| meetings[i as usize].slot)
                    .collect()
            })
            .collect();
        Self {
            scenario,
            solution,
            mode,
            meetings,
            class_meetings,
            class_pupils,
            pupil_classes,
            staff_meetings,
            room_meetings,
            class_slots,
        }
    }

    /// Whether meeting rules apply.
    pub fn full(&self) -> bool {
        self.mode == Mode::Full
    }
    /// Number of pupils in a class.
    pub fn size(&self, class: ClassId) -> usize {
        self.class_pupils.of(class).len()
    }
    /// The external id of a class.
    pub fn class(&self, class: ClassId) -> String {
        self.solution.classes[class].id.clone()
    }
    /// The external id of a pupil.
    pub fn pupil(&self, pupil: PupilId) -> String {
        self.scenario.pupils[pupil].id.clone()
    }
    /// The external id of a course.
    pub fn course(&self, course: CourseId) -> String {
        self.scenario.courses[course].id.clone()
    }
    /// The external id of a member of staff.
    pub fn staff(&self, staff: StaffId) -> String {
        self.scenario.staff[staff].id.clone()
    }
    /// The external id of a room.
    pub fn room(&self, room: RoomId) -> String {
        self.scenario.rooms[room].id.clone()
    }
    /// `Day:Period` of a slot.
    pub fn slot(&self, slot: SlotId) -> String {
        self.scenario.week.slot_name(slot)
    }
    /// The name of a block, as written.
    pub fn block(&self, block: BlockId) -> String {
        self.scenario
            .blocks
            .get(block)
            .map_or_else(|| (block.0 + 1).to_string(), |b| b.name.clone())
    }
    /// The course of a class.
    pub fn course_of(&self, class: ClassId) -> &crate::scenario::Course {
        &self.scenario.courses[self.solution.classes[class].course]
    }
}

/// Checks `solution` against `scenario` and returns every violation, sorted by rule and ids.
pub fn check(scenario: &Scenario, solution: &Solution, mode: Mode) -> Vec<Violation> {
    let ix = Index::new(scenario, solution, mode);
    let rules: Vec<fn(&Index<'_>) -> Vec<Violation>> = vec![
        classes::unknown_ids,
        pupils::clash,
        pupils::stage,
        pupils::course_twice,
        pupils::unchosen,
        pupils::missing_compulsory,
        pupils::too_many_options,
        pupils::block_clash,
        pupils::reserve_unearned,
        pupils::unmet_missing,
        pupils::unmet_wrong,
        pupils::fixed_class,
        classes::size,
        classes::meetings,
        classes::allowed,
        classes::order,
        classes::max_classes,
        classes::block_tag,
        classes::block_scheme,
        classes::block_allowed,
        classes::given_kept,
        classes::block_count,
        classes::block_slots,
        classes::block_periods,
        classes::block_fixed_slots,
        classes::scheme_blocks_apart,
        staff::teaches,
        staff::unavailable,
        staff::clash,
        staff::max_periods,
        staff::unstaffed,
        staff::block_clash,
        staff::block_load,
        rooms::suits,
        rooms::capacity,
        rooms::unavailable,
        rooms::clash,
        shapes::run_lengths,
        shapes::run_days,
        shapes::run_break,
        shapes::apart,
        shapes::run_staff_room,
        shapes::split_staff,
        shapes::block_parts,
        limits::max_days,
        limits::max_gaps,
        limits::max_daily,
        limits::min_daily,
        limits::max_run,
        limits::max_gaps_daily,
        limits::late_starts,
    ];
    let mut out: Vec<Violation> = rules.par_iter().flat_map_iter(|rule| rule(&ix)).collect();
    out.par_sort();
    out
}

/// Runs `f` for every key of `n` in parallel, each with a reused buffer, and gathers what
/// it pushes.
pub(crate) fn par_each<K: Idx + Send, B: Default + Send>(
    n: usize,
    f: impl Fn(K, &mut B, &mut Vec<Violation>) + Sync + Send,
) -> Vec<Violation> {
    (0..n)
        .into_par_iter()
        .fold(
            || (B::default(), Vec::new()),
            |(mut buf, mut out), i| {
                f(K::from_index(i), &mut buf, &mut out);
                (buf, out)
            },
        )
        .map(|(_, out)| out)
        .reduce(Vec::new, |mut a, mut b| {
            a.append(&mut b);
            a
        })
}
