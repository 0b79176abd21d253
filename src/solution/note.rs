//! What a solve could not do, and why, as values: the solver decides with them (a week is
//! complete unless a note says otherwise, [`Note::leaves_week_incomplete`]) and renders them to
//! words only when they are written or printed ([`std::fmt::Display`]). `summary.json` holds
//! the words; a note read back from a file is [`Note::Written`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One note of a run. Names (course names, class and staff ids, slot names) are carried as
/// people read them so that a note renders without the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A core or lecture course needs more classes than its `max_classes` allows; the sets
    /// it has are larger than `max_size`.
    TooFewClasses {
        /// The course's name.
        course: String,
        /// Classes needed to keep within `max_size`.
        needed: usize,
        /// The course's `max_size`.
        max_size: u32,
        /// Pupils who take it.
        pupils: usize,
        /// The course's `max_classes`.
        max_classes: u32,
    },
    /// A tutorial has more pupils than `max_classes` groups of `max_size` hold; the pupils
    /// left over are unmet.
    TutorialFull {
        /// The course's name.
        course: String,
        /// Pupils who chose it.
        pupils: usize,
        /// The course's `max_classes`.
        max_classes: u32,
        /// The course's `max_size`.
        max_size: u32,
    },
    /// A class outside the option blocks found no teacher: the week is incomplete.
    NoTeacher {
        /// The class's id.
        class: String,
        /// Its course's name.
        course: String,
    },
    /// A meeting whose teacher is away in its slot found no qualified colleague free then: the
    /// week is incomplete (the meeting keeps a teacher who is unavailable).
    NoCover {
        /// The class's id.
        class: String,
        /// The slot, as `Mon:P1`.
        slot: String,
        /// The teacher who is away.
        staff: String,
    },
    /// An event of the week placed fewer meetings than it needs: the week is incomplete.
    Unplaced {
        /// The event (`block 2`, a band's name, a fixed class).
        event: String,
        /// Meetings placed.
        placed: usize,
        /// Meetings it needs.
        meetings: u32,
        /// The placement engine's explanation.
        why: String,
    },
    /// The placement engine's explanation of an event it left out, alone (imported ITC2007
    /// instances, where the event is the class).
    Unplaceable {
        /// The placement engine's explanation.
        why: String,
    },
    /// A split class found too few free qualified teachers for its parts: the week is
    /// incomplete (its meetings keep one teacher).
    SplitShort {
        /// The class's id.
        class: String,
        /// Its split, as `3+2`.
        split: String,
    },
    /// What an integer program of the placement engine proved about the meetings left out.
    Proven(String),
    /// The ITC2007 soft cost of an imported instance's week.
    Itc2007Soft {
        /// The total.
        total: u64,
        /// Pupils in a day's last period.
        last_period: u64,
        /// Runs of more than two lessons in a row.
        long_runs: u64,
        /// Pupil-days with a single lesson.
        single_days: u64,
    },
    /// A class of the old solution that a re-solve could not keep.
    Invalidated {
        /// The class's id.
        class: String,
        /// Why, in words.
        reason: String,
    },
    /// A limit of a re-solve that could not be met, and what meeting it would cost.
    LimitCost {
        /// The limit, as its flag reads (`--max-changes 10`).
        limit: String,
        /// What it costs, in words.
        cost: String,
    },
    /// A note in words, as read back from a `summary.json` (never made by the solver).
    Written(String),
}

impl Note {
    /// Whether the week this note belongs to misses something the checker requires (a
    /// teacher, a cover, a meeting).
    pub fn leaves_week_incomplete(&self) -> bool {
        matches!(
            self,
            Note::NoTeacher { .. }
                | Note::NoCover { .. }
                | Note::Unplaced { .. }
                | Note::Unplaceable { .. }
                | Note::SplitShort { .. }
        )
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::TooFewClasses {
                course,
                needed,
                max_size,
                pupils,
                max_classes,
            } => write!(
                f,
                "{course} needs {needed} classes of at most {max_size} for {pupils} pupils but max_classes is {max_classes}"
            ),
            Note::TutorialFull {
                course,
                pupils,
                max_classes,
                max_size,
            } => write!(
                f,
                "{course} has {pupils} pupils but only {max_classes} groups of {max_size} may run"
            ),
            Note::NoTeacher { class, course } => write!(
                f,
                "no teacher for {class} ({course}): every qualified teacher is fully loaded or unavailable"
            ),
            Note::NoCover { class, slot, staff } => write!(
                f,
                "no cover: {class} at {slot}: {staff} is unavailable and no qualified colleague is free"
            ),
            Note::Unplaced {
                event,
                placed,
                meetings,
                why,
            } => write!(f, "{event}: {placed} of {meetings} meetings placed: {why}"),
            Note::Unplaceable { why } => f.write_str(why),
            Note::SplitShort { class, split } => write!(
                f,
                "{class}: its split {split} needs a teacher per part, but too few qualified teachers are free"
            ),
            Note::Proven(text) | Note::Written(text) => f.write_str(text),
            Note::Invalidated { class, reason } => {
                write!(f, "old class {class} cannot be kept: {reason}")
            }
            Note::LimitCost { limit, cost } => write!(f, "{limit} cannot be met: {cost}"),
            Note::Itc2007Soft {
                total,
                last_period,
                long_runs,
                single_days,
            } => write!(
                f,
                "ITC2007 soft cost {total} (last period {last_period}, long runs {long_runs}, single days {single_days})"
            ),
        }
    }
}

impl From<&str> for Note {
    fn from(text: &str) -> Self {
        Note::Written(text.to_owned())
    }
}

impl Serialize for Note {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Note::Written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_render_as_words_and_read_back_as_written() {
        let n = Note::NoTeacher {
            class: "MA-3".into(),
            course: "Maths".into(),
        };
        assert!(n.leaves_week_incomplete());
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(
            json,
            "\"no teacher for MA-3 (Maths): every qualified teacher is fully loaded or unavailable\""
        );
        let back: Note = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_string(), n.to_string());
        assert!(!back.leaves_week_incomplete(), "words decide nothing");
    }
}
