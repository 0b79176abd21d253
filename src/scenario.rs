//! The scenario: a school as tailor sees it. [`RawScenario`] is the files as read (strings,
//! with their line numbers; what what-if edits change); [`Scenario`] is the same school with
//! every reference resolved to a typed id (what solve and check read).

use serde::{Deserialize, Serialize};

use crate::ids::*;

/// `school.toml`: the school's name, week, option blocks and solver settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolFile {
    /// The school's or scenario's name.
    pub name: String,
    /// The stages courses may be open to; when absent, every stage some course lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stages: Option<Vec<String>>,
    /// The teaching week.
    pub week: WeekFile,
    /// The option blocks to design, as one scheme over every stage (legacy; or `[[scheme]]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<OptionsSettings>,
    /// `[[scheme]]`: option schemes, each over its own stages with named blocks.
    #[serde(default, rename = "scheme", skip_serializing_if = "Vec::is_empty")]
    pub schemes: Vec<SchemeFile>,
    /// Solver settings.
    #[serde(default)]
    pub solve: SolveSettings,
    /// `[rules]`: general time rules of every member of staff and every pupil.
    #[serde(default, skip_serializing_if = "RulesFile::is_empty")]
    pub rules: RulesFile,
}

impl SchoolFile {
    /// A school of given classes only (an imported ITC2007 or FET file): no option blocks to
    /// design, default solver settings.
    pub fn without_options(name: &str, stages: Option<Vec<String>>, week: WeekFile) -> Self {
        SchoolFile {
            name: name.to_owned(),
            stages,
            week,
            options: Some(OptionsSettings {
                blocks: 0,
                periods_per_block: 1,
                pattern: None,
            }),
            schemes: Vec::new(),
            solve: SolveSettings::default(),
            rules: RulesFile::default(),
        }
    }
}

/// Limits on one person's week (a member of staff or a pupil): `staff.csv` and `pupils.csv`
/// columns `max_days`, `max_gaps`, `max_daily`, `min_daily`, `max_run`, `max_gaps_daily`,
/// `max_late_starts`, and the defaults of `[rules]`. `None`: no limit.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Limits {
    /// Most days of the week with any meeting.
    pub max_days: Option<u32>,
    /// Most gaps in the week: empty periods between two meetings of the same day (a slot of
    /// `[rules] closed` is no gap).
    pub max_gaps: Option<u32>,
    /// Most meetings (periods) in one day.
    pub max_daily: Option<u32>,
    /// Fewest meetings (periods) on a day with any meeting (a day without any is free).
    pub min_daily: Option<u32>,
    /// Most meetings in a row: periods of one day, each the one after the other, none closed.
    pub max_run: Option<u32>,
    /// Most gaps on any one day (gaps as for `max_gaps`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_gaps_daily: Option<u32>,
    /// Early starts: on a day with any meeting the first one is in the first open period of
    /// the day (a closed slot, or a member of staff's unavailable one, is not open), or on at
    /// most this many days of the week in the second; never later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_late_starts: Option<u32>,
}

impl Limits {
    /// Whether no limit is set.
    pub fn is_none(&self) -> bool {
        *self == Limits::default()
    }
    /// The stricter of two limits, rule by rule.
    pub fn stricter(self, other: Limits) -> Limits {
        let m = |a: Option<u32>, b: Option<u32>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Limits {
            max_days: m(self.max_days, other.max_days),
            max_gaps: m(self.max_gaps, other.max_gaps),
            max_daily: m(self.max_daily, other.max_daily),
            // A minimum is stricter the larger it is.
            min_daily: self.min_daily.max(other.min_daily),
            max_run: m(self.max_run, other.max_run),
            max_gaps_daily: m(self.max_gaps_daily, other.max_gaps_daily),
            max_late_starts: m(self.max_late_starts, other.max_late_starts),
        }
    }
}

/// `[rules]` of `school.toml`: limits of every member of staff and every pupil (a row's own
/// column is kept when stricter), and slots in which nothing is taught.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    /// Most days a week any member of staff teaches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_max_days: Option<u32>,
    /// Most gaps a week of any member of staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_max_gaps: Option<u32>,
    /// Most periods any member of staff teaches in one day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_max_daily: Option<u32>,
    /// Most days a week any pupil is taught.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pupil_max_days: Option<u32>,
    /// Most gaps a week of any pupil.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pupil_max_gaps: Option<u32>,
    /// Most periods any pupil is taught in one day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pupil_max_daily: Option<u32>,
    /// Fewest periods any member of staff teaches on a day they teach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_min_daily: Option<u32>,
    /// Most periods any member of staff teaches in a row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_max_run: Option<u32>,
    /// Fewest periods any pupil is taught on a day they are taught.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pupil_min_daily: Option<u32>,
    /// Most periods any pupil is taught in a row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pupil_max_run: Option<u32>,
    /// Most gaps any member of staff has on one day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_max_gaps_daily: Option<u32>,
    /// Most gaps any pupil has on one day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pupil_max_gaps_daily: Option<u32>,
    /// Most days any member of staff starts at the second open period (never later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_max_late_starts: Option<u32>,
    /// Most days any pupil starts at the second open period (never later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pupil_max_late_starts: Option<u32>,
    /// `Day:Period` slots in which nothing is taught (a lunch hour kept as a period): no
    /// meeting is placed in them and they are never gaps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<String>,
    /// `[[rules.apart]]`: courses whose meetings keep whole days apart.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apart: Vec<ApartFile>,
}

/// One `[[rules.apart]]` of `school.toml`: any two meetings of these courses (two of one class,
/// or one each of classes of two of them) fall at least `days` days apart.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApartFile {
    /// Course ids of `courses.csv`.
    pub courses: Vec<String>,
    /// The fewest days between two of their meetings: 1, other days; 2, not the next day either.
    pub days: u32,
}

impl RulesFile {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == RulesFile::default()
    }
    /// The limits every member of staff has.
    pub fn staff(&self) -> Limits {
        Limits {
            max_days: self.staff_max_days,
            max_gaps: self.staff_max_gaps,
            max_daily: self.staff_max_daily,
            min_daily: self.staff_min_daily,
            max_run: self.staff_max_run,
            max_gaps_daily: self.staff_max_gaps_daily,
            max_late_starts: self.staff_max_late_starts,
        }
    }
    /// The limits every pupil has.
    pub fn pupils(&self) -> Limits {
        Limits {
            max_days: self.pupil_max_days,
            max_gaps: self.pupil_max_gaps,
            max_daily: self.pupil_max_daily,
            min_daily: self.pupil_min_daily,
            max_run: self.pupil_max_run,
            max_gaps_daily: self.pupil_max_gaps_daily,
            max_late_starts: self.pupil_max_late_starts,
        }
    }
}

/// `[week]`: day and period names; a slot is `Day:Period`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekFile {
    /// Day names, in order (a fortnight is ten days).
    pub days: Vec<String>,
    /// Period names of every day, in order (evening periods are just more names).
    pub periods: Vec<String>,
    /// Periods followed by a break (lunch, morning break): no multi-period meeting runs across
    /// one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<String>,
}

/// `[options]`: how many option blocks, and how many weekly slots each occupies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionsSettings {
    /// Number of option blocks to design.
    pub blocks: u32,
    /// Weekly slots each block occupies (= `periods` of every option course).
    pub periods_per_block: u32,
    /// The lengths of each block's weekly meetings in consecutive periods, `+`-joined
    /// (`2+1+1`); absent: every meeting one period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

/// One value for every block, or one per block (in the order of `blocks`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PerBlock<T> {
    /// The same for every block.
    One(T),
    /// One per block.
    Each(Vec<T>),
}

impl<T: Clone> PerBlock<T> {
    /// The value of block `i` (`None` past the end of a list).
    pub fn get(&self, i: usize) -> Option<T> {
        match self {
            PerBlock::One(v) => Some(v.clone()),
            PerBlock::Each(list) => list.get(i).cloned(),
        }
    }
    /// How many values a list gives (`None` for one value).
    pub fn count(&self) -> Option<usize> {
        match self {
            PerBlock::One(_) => None,
            PerBlock::Each(list) => Some(list.len()),
        }
    }
}

/// `[[scheme]]`: an option scheme of some stages, with its named blocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemeFile {
    /// Its name (unique).
    pub name: String,
    /// The stages whose option courses it holds (a stage is in at most one scheme).
    pub stages: Vec<String>,
    /// Block names, unique across the whole school.
    pub blocks: Vec<String>,
    /// Weekly periods of every block, or one number per block.
    pub periods: PerBlock<u32>,
    /// The runs of every block's meetings (`2+1+1`), or one per block (`""`: single periods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<PerBlock<String>>,
    /// Fixed `Day:Period` slots of some blocks, by block name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub slots: std::collections::BTreeMap<String, Vec<String>>,
    /// Whether its blocks never share a slot (`true`, the default). `false` only for a scheme
    /// whose blocks hold given classes only: blocks may then share a slot where no pupil,
    /// teacher or room is in both.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub apart: bool,
}

/// `true`, the default of [`SchemeFile::apart`].
fn yes() -> bool {
    true
}

/// Whether `b` is `true` (the default, not written).
fn is_yes(b: &bool) -> bool {
    *b
}

/// `[solve]`: optional solver settings; command-line flags override them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolveSettings {
    /// Wall-clock limit of the whole solve, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap at which HiGHS may stop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mip_gap: Option<f64>,
    /// Threads for HiGHS and the parallel stages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<u32>,
    /// Seed of the heuristics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// What kind of teaching a course is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CourseKind {
    /// Pupils choose it; taught in the option blocks.
    Option,
    /// Every pupil of a listed stage takes it, in sets.
    Core,
    /// One-to-one or tiny-group mentoring for the pupils who have it in `choices.csv`.
    Tutorial,
    /// One large group of every pupil of the listed stages.
    Lecture,
    /// Classes and their pupils are given in `fixed.csv`; tailor only timetables them.
    Fixed,
}

impl CourseKind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [CourseKind; 5] = [
        CourseKind::Option,
        CourseKind::Core,
        CourseKind::Tutorial,
        CourseKind::Lecture,
        CourseKind::Fixed,
    ];
    /// The name used in `courses.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            CourseKind::Option => "option",
            CourseKind::Core => "core",
            CourseKind::Tutorial => "tutorial",
            CourseKind::Lecture => "lecture",
            CourseKind::Fixed => "fixed",
        }
    }
    /// Parses a `courses.csv` kind.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// Whether pupils choose it in `choices.csv`.
    pub fn is_chosen(self) -> bool {
        matches!(self, CourseKind::Option | CourseKind::Tutorial)
    }
}

/// A row of `courses.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawCourse {
    /// Line in the file.
    pub line: u64,
    /// Course id.
    pub course: String,
    /// Display name.
    pub name: String,
    /// `option`, `core`, `tutorial` or `lecture`.
    pub kind: String,
    /// Weekly meetings of each class.
    pub periods: u32,
    /// Smallest class.
    pub min_size: u32,
    /// Largest class.
    pub max_size: u32,
    /// Most classes that may run.
    pub max_classes: u32,
    /// Room type every meeting needs, or `none`.
    pub room_type: String,
    /// Stages that may take it.
    pub stages: Vec<String>,
    /// Optional column: room features every meeting needs besides the type.
    pub features: Vec<String>,
    /// Optional column: the only `Day:Period` slots its meetings may use (empty: any).
    pub allowed: Vec<String>,
    /// Optional column: courses whose every meeting must come before every meeting of this one.
    pub after: Vec<String>,
    /// Optional column: whether each meeting needs a teacher (default yes).
    pub staffed: bool,
    /// Optional column: lengths of a class's weekly meetings in consecutive periods
    /// (`2+1+1`); empty: every meeting one period.
    pub pattern: String,
    /// Optional column: meeting counts per teacher of every class (`3+2`); empty: no split.
    pub split: String,
    /// Optional column: the blocks of its scheme an option course may run in (empty: any with
    /// matching periods).
    pub blocks: Vec<String>,
}

impl Default for RawCourse {
    /// An empty row with every optional column at its default: staffed, no pattern, split,
    /// blocks, features, allowed slots or order.
    fn default() -> Self {
        RawCourse {
            line: 0,
            course: String::new(),
            name: String::new(),
            kind: String::new(),
            periods: 0,
            min_size: 0,
            max_size: 0,
            max_classes: 0,
            room_type: String::new(),
            stages: Vec::new(),
            features: Vec::new(),
            allowed: Vec::new(),
            after: Vec::new(),
            staffed: true,
            pattern: String::new(),
            split: String::new(),
            blocks: Vec::new(),
        }
    }
}

impl RawCourse {
    /// A row with the required columns only, named by its id, classes of 1 to 30 pupils, at
    /// most one class, and every optional column at its default. Set the rest with `..`.
    pub fn new(course: &str, kind: &str, periods: u32, room_type: &str, stages: &[&str]) -> Self {
        RawCourse {
            course: course.to_owned(),
            name: course.to_owned(),
            kind: kind.to_owned(),
            periods,
            min_size: 1,
            max_size: 30,
            max_classes: 1,
            room_type: room_type.to_owned(),
            stages: stages.iter().map(|s| (*s).to_owned()).collect(),
            ..RawCourse::default()
        }
    }
}

/// A row of `fixed.csv`: a pupil of a given class of a `fixed` course.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFixed {
    /// Line in the file.
    pub line: u64,
    /// Class id.
    pub class: String,
    /// Course id (kind `fixed`).
    pub course: String,
    /// Pupil id.
    pub pupil: String,
    /// Optional column: the block the class runs in (empty: none).
    pub block: String,
    /// Optional column: the teacher it keeps (empty: tailor chooses).
    pub staff: String,
}

/// A row of `pupils.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawPupil {
    /// Line in the file.
    pub line: u64,
    /// Pupil id.
    pub pupil: String,
    /// Name.
    pub name: String,
    /// Stage.
    pub stage: String,
    /// Tutor group.
    pub tutor_group: String,
    /// Optional columns `max_days`, `max_gaps`, `max_daily`, `min_daily`, `max_run`,
    /// `max_gaps_daily`, `max_late_starts`.
    pub limits: Limits,
}

/// A row of `choices.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawChoice {
    /// Line in the file.
    pub line: u64,
    /// Pupil id.
    pub pupil: String,
    /// Course id.
    pub course: String,
    /// Rank, 1 most wanted.
    pub rank: u32,
    /// Whether it is a reserve.
    pub reserve: bool,
}

/// A row of `staff.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawStaff {
    /// Line in the file.
    pub line: u64,
    /// Staff id.
    pub staff: String,
    /// Name.
    pub name: String,
    /// Most weekly meetings.
    pub max_periods: u32,
    /// Courses they may teach.
    pub teaches: Vec<String>,
    /// `Day:Period` slots they cannot teach.
    pub unavailable: Vec<String>,
    /// Optional columns `max_days`, `max_gaps`, `max_daily`, `min_daily`, `max_run`,
    /// `max_gaps_daily`, `max_late_starts`.
    pub limits: Limits,
}

/// A row of `rooms.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRoom {
    /// Line in the file.
    pub line: u64,
    /// Room id.
    pub room: String,
    /// Seats.
    pub capacity: u32,
    /// Room type.
    pub room_type: String,
    /// `Day:Period` slots it cannot be used.
    pub unavailable: Vec<String>,
    /// Optional column: features the room has.
    pub features: Vec<String>,
}

/// A scenario folder as read: typed cells, unresolved references.
#[derive(Clone, Debug, PartialEq)]
pub struct RawScenario {
    /// `school.toml`.
    pub school: SchoolFile,
    /// `courses.csv`.
    pub courses: Vec<RawCourse>,
    /// `pupils.csv`.
    pub pupils: Vec<RawPupil>,
    /// `choices.csv`.
    pub choices: Vec<RawChoice>,
    /// `staff.csv`.
    pub staff: Vec<RawStaff>,
    /// `rooms.csv`.
    pub rooms: Vec<RawRoom>,
    /// Optional `fixed.csv`: given class lists.
    pub fixed: Vec<RawFixed>,
}

/// The teaching week.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    /// Day names.
    pub days: Vec<String>,
    /// Period names of each day.
    pub periods: Vec<String>,
    /// Per period of a day: whether a break follows it.
    pub breaks: Vec<bool>,
    /// Slots in which nothing is taught (`[rules] closed`): never a gap.
    pub closed: SlotSet,
}

impl Week {
    /// Whether a break follows period index `period` of each day.
    pub fn break_after(&self, period: usize) -> bool {
        self.breaks.get(period).copied().unwrap_or(false)
    }
    /// Whether a meeting of `len` consecutive periods may start at `start`: it stays within
    /// the day and crosses no break.
    pub fn run_fits(&self, start: SlotId, len: usize) -> bool {
        let p = self.period_of(start);
        len >= 1 && p + len <= self.periods.len() && (p..p + len - 1).all(|q| !self.break_after(q))
    }
    /// Number of slots.
    pub fn slots(&self) -> usize {
        self.days.len() * self.periods.len()
    }
    /// Every slot.
    pub fn all(&self) -> SlotSet {
        SlotSet::first(self.slots())
    }
    /// The slot of a day and period index.
    pub fn slot(&self, day: usize, period: usize) -> SlotId {
        SlotId((day * self.periods.len() + period) as u32)
    }
    /// The day index of a slot.
    pub fn day_of(&self, slot: SlotId) -> usize {
        slot.index() / self.periods.len()
    }
    /// The period index of a slot.
    pub fn period_of(&self, slot: SlotId) -> usize {
        slot.index() % self.periods.len()
    }
    /// The slot named by a day and a period name.
    pub fn find(&self, day: &str, period: &str) -> Option<SlotId> {
        let d = self.days.iter().position(|x| x == day)?;
        let p = self.periods.iter().position(|x| x == period)?;
        Some(self.slot(d, p))
    }
    /// Parses `Day:Period`.
    pub fn parse_slot(&self, s: &str) -> Option<SlotId> {
        let (d, p) = s.split_once(':')?;
        self.find(d.trim(), p.trim())
    }
    /// `Day:Period` of a slot.
    pub fn slot_name(&self, slot: SlotId) -> String {
        format!("{}:{}", self.day_name(slot), self.period_name(slot))
    }
    /// The day name of a slot.
    pub fn day_name(&self, slot: SlotId) -> &str {
        &self.days[self.day_of(slot)]
    }
    /// The period name of a slot.
    pub fn period_name(&self, slot: SlotId) -> &str {
        &self.periods[self.period_of(slot)]
    }
}

/// A course, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    /// External id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind of teaching.
    pub kind: CourseKind,
    /// Weekly meetings of each class.
    pub periods: u32,
    /// Smallest class.
    pub min_size: u32,
    /// Largest class.
    pub max_size: u32,
    /// Most classes.
    pub max_classes: u32,
    /// Room type needed, `None` for off-site or home study.
    pub room_type: Option<RoomTypeId>,
    /// Stages that may take it (sorted).
    pub stages: Vec<StageId>,
    /// Room features every meeting needs (sorted).
    pub features: Vec<FeatureId>,
    /// Slots its meetings may use.
    pub allowed: SlotSet,
    /// Courses whose every meeting comes before every meeting of this one.
    pub after: Vec<CourseId>,
    /// Whether each meeting needs a teacher.
    pub staffed: bool,
    /// Lengths of a class's weekly meetings in consecutive periods, longest first; empty: every
    /// meeting one period and no rule on days (an option course's runs are its block's:
    /// [`Scenario::pattern_of`]).
    pub pattern: Vec<u32>,
    /// Meeting counts of the different teachers of every class, largest first; empty: no split.
    pub split: Vec<u32>,
    /// The scheme of an option course (the one of its stages); `None` for other kinds.
    pub scheme: Option<SchemeId>,
    /// The blocks an option course may run in (sorted): its `blocks` column, or every block of
    /// its scheme with its periods; empty for other kinds.
    pub blocks: Vec<BlockId>,
}

impl Course {
    /// Whether pupils of `stage` may take it.
    pub fn open_to(&self, stage: StageId) -> bool {
        self.stages.contains(&stage)
    }
}

/// One of a pupil's choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Choice {
    /// The course chosen.
    pub course: CourseId,
    /// Rank, 1 most wanted.
    pub rank: u32,
    /// Only in place of a missed main choice.
    pub reserve: bool,
}

/// A pupil, resolved, with their choices sorted by (reserve, rank).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pupil {
    /// External id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Stage.
    pub stage: StageId,
    /// Tutor group.
    pub tutor_group: TutorGroupId,
    /// Choices: main ones first by rank, then reserves by rank.
    pub choices: Vec<Choice>,
    /// Limits on their week (their columns and `[rules]`, the stricter of each).
    pub limits: Limits,
}

impl Pupil {
    /// Main (non-reserve) choices, by rank.
    pub fn main_choices(&self) -> impl Iterator<Item = &Choice> + '_ {
        self.choices.iter().filter(|c| !c.reserve)
    }
    /// Reserve choices, by rank.
    pub fn reserves(&self) -> impl Iterator<Item = &Choice> + '_ {
        self.choices.iter().filter(|c| c.reserve)
    }
    /// The choice of `course`, if any.
    pub fn choice_of(&self, course: CourseId) -> Option<&Choice> {
        self.choices.iter().find(|c| c.course == course)
    }
}

/// A member of staff, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    /// External id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Most weekly meetings.
    pub max_periods: u32,
    /// Courses they may teach (sorted).
    pub teaches: Vec<CourseId>,
    /// Slots they cannot teach.
    pub unavailable: SlotSet,
    /// Limits on their week (their columns and `[rules]`, the stricter of each).
    pub limits: Limits,
}

impl Staff {
    /// Whether they may teach `course`.
    pub fn can_teach(&self, course: CourseId) -> bool {
        self.teaches.binary_search(&course).is_ok()
    }
}

/// A room, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Room {
    /// External id.
    pub id: String,
    /// Seats.
    pub capacity: u32,
    /// Type.
    pub room_type: RoomTypeId,
    /// Slots it cannot be used.
    pub unavailable: SlotSet,
    /// Features it has (sorted).
    pub features: Vec<FeatureId>,
}

impl Room {
    /// Whether it suits a meeting of `course`: type and features (capacity is checked apart).
    pub fn suits(&self, course: &Course) -> bool {
        course.room_type == Some(self.room_type)
            && course
                .features
                .iter()
                .all(|f| self.features.binary_search(f).is_ok())
    }
}

/// A class whose pupils are given in `fixed.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixedClass {
    /// Class id.
    pub id: String,
    /// Its course (kind `fixed`).
    pub course: CourseId,
    /// Its pupils (sorted).
    pub pupils: Vec<PupilId>,
    /// The block it runs in (last year's design, kept), if given.
    pub block: Option<BlockId>,
    /// The teacher it keeps for every meeting, if given.
    pub staff: Option<StaffId>,
}

/// An option scheme, resolved: some stages and their blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scheme {
    /// Its name (`options` for `[options]`).
    pub name: String,
    /// Its stages (sorted).
    pub stages: Vec<StageId>,
    /// Its blocks, in the order `school.toml` lists them.
    pub blocks: Vec<BlockId>,
    /// Whether its blocks never share a slot (`[[scheme]] apart`, default true).
    pub apart: bool,
}

/// An option block, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Its name (`1`..`N` for `[options]`).
    pub name: String,
    /// Its scheme.
    pub scheme: SchemeId,
    /// Weekly periods it meets.
    pub periods: u32,
    /// The runs of its meetings, longest first; empty: single periods.
    pub pattern: Vec<u32>,
    /// The slots it meets in, when `school.toml` fixes them.
    pub slots: Option<SlotSet>,
}

/// A validated school: every reference is a typed id.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Name.
    pub name: String,
    /// The week.
    pub week: Week,
    /// Option schemes.
    pub schemes: KeyedVec<SchemeId, Scheme>,
    /// Option blocks of every scheme.
    pub blocks: KeyedVec<BlockId, Block>,
    /// Block ids by name.
    pub block_ids: Names<BlockId>,
    /// Solver settings from `school.toml`.
    pub solve: SolveSettings,
    /// Stage names.
    pub stages: Names<StageId>,
    /// Room type names.
    pub room_types: Names<RoomTypeId>,
    /// Room feature names.
    pub features: Names<FeatureId>,
    /// Tutor group names.
    pub tutor_groups: Names<TutorGroupId>,
    /// Courses.
    pub courses: KeyedVec<CourseId, Course>,
    /// Pupils.
    pub pupils: KeyedVec<PupilId, Pupil>,
    /// Staff.
    pub staff: KeyedVec<StaffId, Staff>,
    /// Rooms.
    pub rooms: KeyedVec<RoomId, Room>,
    /// Given classes of `fixed` courses.
    pub fixed: Vec<FixedClass>,
    /// Course ids by name.
    pub course_ids: Names<CourseId>,
    /// Pupil ids by name.
    pub pupil_ids: Names<PupilId>,
    /// Staff ids by name.
    pub staff_ids: Names<StaffId>,
    /// Room ids by name.
    pub room_ids: Names<RoomId>,
    /// `[[rules.apart]]`: courses whose meetings keep days apart.
    pub apart: Vec<Apart>,
}

/// Courses whose meetings keep days apart: any two meetings (runs) of them, two of one class or
/// one each of classes of two different courses of the list, fall at least `days` days apart.
/// Two classes of one course are not bound to each other (parallel sets teach other pupils).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Apart {
    /// The courses, sorted and distinct.
    pub courses: Vec<CourseId>,
    /// The fewest days between two of their meetings (at least 1).
    pub days: u32,
}

impl Scenario {
    /// Every `[[rules.apart]]` as pairs of classes, given the classes of each course (keys of
    /// the caller's choosing): `(k, k, days)` for each class of a listed course (its own
    /// meetings), and `(a, b, days)` for each class `a` and `b` of two different listed courses.
    pub fn apart_pairs<K: Copy>(
        &self,
        classes_of: impl Fn(CourseId) -> Vec<K>,
    ) -> Vec<(K, K, u32)> {
        let mut out = Vec::new();
        for rule in &self.apart {
            let classes: Vec<Vec<K>> = rule.courses.iter().map(|&c| classes_of(c)).collect();
            for (i, mine) in classes.iter().enumerate() {
                out.extend(mine.iter().map(|&k| (k, k, rule.days)));
                for theirs in &classes[i + 1..] {
                    for &a in mine {
                        out.extend(theirs.iter().map(|&b| (a, b, rule.days)));
                    }
                }
            }
        }
        out
    }
    /// The runs a class of `course` in `block` meets in, longest first: its block's for a
    /// class in a block, its course's for any other; empty when its meetings are free singles.
    pub fn pattern_of(&self, course: CourseId, block: Option<BlockId>) -> &[u32] {
        match block.and_then(|b| self.blocks.get(b)) {
            Some(b) => &b.pattern,
            None => &self.courses[course].pattern,
        }
    }
    /// Weekly meetings of a class of `course` in `block`: its block's periods, or its course's.
    pub fn periods_of(&self, course: CourseId, block: Option<BlockId>) -> u32 {
        match block.and_then(|b| self.blocks.get(b)) {
            Some(b) => b.periods,
            None => self.courses[course].periods,
        }
    }
    /// The position of `block` among its scheme's blocks.
    pub fn block_position(&self, block: BlockId) -> usize {
        self.schemes[self.blocks[block].scheme]
            .blocks
            .iter()
            .position(|&b| b == block)
            .unwrap_or(0)
    }
    /// The fewest weekly periods of a block of the scheme of `stage` (0 without one): what
    /// each main option choice of its pupils takes at least.
    pub fn stage_block_periods(&self, stage: StageId) -> u32 {
        self.scheme_of_stage(stage).map_or(0, |s| {
            self.schemes[s]
                .blocks
                .iter()
                .map(|&b| self.blocks[b].periods)
                .min()
                .unwrap_or(0)
        })
    }
    /// The scheme of the pupils of `stage`, if any.
    pub fn scheme_of_stage(&self, stage: StageId) -> Option<SchemeId> {
        self.schemes
            .iter_enumerated()
            .find(|(_, s)| s.stages.contains(&stage))
            .map(|(id, _)| id)
    }
    /// The given classes' blocks: the schemes whose every block holds only given classes
    /// and no option course may use are not designed.
    pub fn is_given_scheme(&self, scheme: SchemeId) -> bool {
        !self
            .courses
            .iter()
            .any(|c| c.kind == CourseKind::Option && c.scheme == Some(scheme))
    }
    /// Whether the scenario only lists given classes (every course `fixed`) and no staff, as an
    /// imported ITC2007 instance does: its week is weighed and scored by the competition's soft cost.
    pub fn is_itc2007_style(&self) -> bool {
        // A school's given classes with teachers (an imported FET file) are not weighed so.
        !self.courses.is_empty()
            && self.staff.is_empty()
            && self.courses.iter().all(|c| c.kind == CourseKind::Fixed)
    }
    /// Courses of one kind.
    pub fn courses_of(&self, kind: CourseKind) -> impl Iterator<Item = CourseId> + '_ {
        self.courses
            .iter_enumerated()
            .filter(move |(_, c)| c.kind == kind)
            .map(|(id, _)| id)
    }
    /// Pupils of a stage.
    pub fn pupils_of(&self, stage: StageId) -> impl Iterator<Item = PupilId> + '_ {
        self.pupils
            .iter_enumerated()
            .filter(move |(_, p)| p.stage == stage)
            .map(|(id, _)| id)
    }
    /// Whether `pupil` must take `course` without choosing it (core and lecture of their stage).
    pub fn is_compulsory(&self, pupil: PupilId, course: CourseId) -> bool {
        let c = &self.courses[course];
        matches!(c.kind, CourseKind::Core | CourseKind::Lecture)
            && c.open_to(self.pupils[pupil].stage)
    }
}
