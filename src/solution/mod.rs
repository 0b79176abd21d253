//! A solution: classes, their weekly meetings with staff and rooms, enrolments, unmet choices and
//! the figures of the run. With the scenario, `meetings` and `enrolments` are the whole truth the
//! checker reads; everything else in a solution folder is derived for people.

pub mod changes;
pub mod io;
mod note;

pub use note::{Fix, Note};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::*;

/// A class (teaching group) of a course.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    /// External id, e.g. `PHY-2`.
    pub id: String,
    /// Its course.
    pub course: CourseId,
    /// Its option block (written by name); `None` when not in a block.
    pub block: Option<BlockId>,
    /// Its usual teacher (meetings may differ).
    pub staff: Option<StaffId>,
    /// Its usual room (meetings may differ).
    pub room: Option<RoomId>,
}

/// One weekly meeting of a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Meeting {
    /// The class that meets.
    pub class: ClassId,
    /// When.
    pub slot: SlotId,
    /// Who teaches it (`None` for a course that needs no teacher).
    pub staff: Option<StaffId>,
    /// Where (`None` for room type `none`).
    pub room: Option<RoomId>,
}

/// A pupil in a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Enrolment {
    /// The pupil.
    pub pupil: PupilId,
    /// The class.
    pub class: ClassId,
}

/// A main choice that was not met, with a reason a person understands.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unmet {
    /// The pupil.
    pub pupil: PupilId,
    /// The course they chose.
    pub course: CourseId,
    /// Its rank.
    pub rank: u32,
    /// Why it was not met.
    pub reason: String,
}

/// Soft qualities of a week (lower is better), as reported in `summary.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SoftFigures {
    /// Pupil-days with exactly one lesson.
    pub pupil_single_lesson_days: u64,
    /// Free periods between a pupil's first and last lesson of a day, summed.
    pub pupil_gaps: u64,
    /// Pairs of meetings of one class on the same day, beyond one a day.
    pub class_same_day_repeats: u64,
    /// Free periods between a teacher's first and last lesson of a day, summed.
    pub staff_gaps: u64,
    /// Meetings longer than one period that classes' patterns ask for.
    #[serde(default)]
    pub doubles_wanted: u64,
    /// Of those, how many the week has (runs of two or more periods of a class with a pattern).
    #[serde(default)]
    pub doubles_kept: u64,
    /// Pupil gaps per stage (stage name to gaps).
    #[serde(default)]
    pub pupil_gaps_by_stage: BTreeMap<String, u64>,
    /// Per course with two or more classes: its largest class minus its smallest, over all its
    /// classes whatever their blocks (German timetablers judge a blocking by it).
    #[serde(default)]
    pub class_size_spread: BTreeMap<String, u64>,
}

/// How evenly the pupils of each option course are spread over its classes, whatever their
/// blocks (German timetablers judge a blocking by it first): per option course with two or more
/// classes in blocks, its largest class minus its smallest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SizeSpread {
    /// The largest spread of any course.
    pub largest: u64,
    /// The course with the largest spread (the first by id among equals).
    pub course: String,
    /// Spreads summed over the courses.
    pub sum: u64,
    /// Their mean over the courses.
    pub mean: f64,
    /// Option courses with two or more classes.
    pub courses: u64,
    /// Per course (id to spread).
    pub by_course: BTreeMap<String, u64>,
}

/// The figures of one option scheme.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchemeFigures {
    /// The scheme's name.
    pub scheme: String,
    /// Pupils of its stages.
    pub pupils: u64,
    /// Of them, those with every main option choice of the scheme met.
    pub pupils_fully_met: u64,
    /// Objective of its first level, if solved.
    pub objective: Option<f64>,
    /// Proven upper bound of its first level.
    pub bound: Option<f64>,
    /// Relative gap of its first level.
    pub gap: Option<f64>,
    /// Solver status of its first level, in words.
    pub status: String,
}

/// The figures of a run, written as `summary.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// The scenario folder it was solved from (so `tailor show` can find it).
    #[serde(default)]
    pub scenario_dir: Option<String>,
    /// tailor's version.
    pub tailor_version: String,
    /// Which command made it (`blocks` or `solve`).
    pub stage: String,
    /// Pupils.
    pub pupils: u64,
    /// Pupils with every main choice met.
    pub pupils_fully_met: u64,
    /// Main choices (option and tutorial).
    pub main_choices: u64,
    /// Main choices met.
    pub main_choices_met: u64,
    /// Reserves used in place of a missed main choice.
    pub reserves_used: u64,
    /// Classes.
    pub classes: u64,
    /// Weekly meetings.
    pub meetings: u64,
    /// Objective of the first level (pupils with every main choice met), if solved.
    pub objective: Option<f64>,
    /// Proven upper bound of the first level.
    pub bound: Option<f64>,
    /// Relative gap of the first level: (bound - objective) / bound.
    pub gap: Option<f64>,
    /// Solver status of the first level, in words.
    pub status: String,
    /// The figures of each option scheme designed (absent for `[options]`' one scheme, whose
    /// figures are the ones above).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub schemes: Vec<SchemeFigures>,
    /// Whether every class has all its meetings (false: a partial week).
    pub complete: bool,
    /// Seconds per stage.
    pub seconds: BTreeMap<String, f64>,
    /// Soft qualities of the week, when there is one.
    pub soft: Option<SoftFigures>,
    /// Class sizes of the option courses across blocks (absent when no option course has two
    /// or more classes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_spread: Option<SizeSpread>,
    /// What could not be done, and why.
    pub notes: Vec<Note>,
    /// What a re-solve (`tailor resolve`) changed from the old solution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<changes::Figures>,
}

/// A complete or partial result.
#[derive(Clone, Debug, Default)]
pub struct Solution {
    /// Classes.
    pub classes: KeyedVec<ClassId, Class>,
    /// Weekly meetings (empty after the blocks stage alone).
    pub meetings: Vec<Meeting>,
    /// Enrolments.
    pub enrolments: Vec<Enrolment>,
    /// Missed main choices.
    pub unmet: Vec<Unmet>,
    /// Figures of the run.
    pub summary: Summary,
}

impl Solution {
    /// Pupils of each class.
    pub fn class_pupils(&self) -> KeyedVec<ClassId, Vec<PupilId>> {
        let mut out: KeyedVec<ClassId, Vec<PupilId>> =
            KeyedVec::filled(self.classes.len(), Vec::new());
        for e in &self.enrolments {
            if e.class.index() < out.len() {
                out[e.class].push(e.pupil);
            }
        }
        out
    }
    /// Meetings of each class, sorted by slot.
    pub fn class_meetings(&self) -> KeyedVec<ClassId, Vec<Meeting>> {
        let mut out: KeyedVec<ClassId, Vec<Meeting>> =
            KeyedVec::filled(self.classes.len(), Vec::new());
        for m in &self.meetings {
            if m.class.index() < out.len() {
                out[m.class].push(*m);
            }
        }
        for v in out.iter_mut() {
            v.sort_by_key(|m| m.slot);
        }
        out
    }
    /// Sorts meetings, enrolments and unmet choices into their canonical order (by class and
    /// slot; by pupil and class; by pupil, rank and course), as a solution folder lists them.
    pub fn normalise(&mut self) {
        self.meetings.sort();
        self.enrolments.sort();
        self.unmet.sort_by_key(|u| (u.pupil, u.rank, u.course));
    }
}
