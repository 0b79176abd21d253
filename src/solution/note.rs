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
    /// The bottleneck of an event left short, in the school's terms, and the smallest change
    /// found that would let its missing meetings in (a hint: the note that leaves the week
    /// incomplete is the event's [`Note::Unplaced`]).
    Bottleneck {
        /// The event (a band's first class, `block 2`).
        event: String,
        /// Its course's name.
        course: String,
        /// Meetings it is missing.
        missing: usize,
        /// The change.
        fix: Fix,
    },
    /// A person's week has more gaps than their `max_gaps`: the week is incomplete (it breaks
    /// the rule).
    GapsOver {
        /// Who (`staff T1`, `pupil P3`).
        who: String,
        /// Gaps in their week.
        gaps: u32,
        /// Their `max_gaps`.
        max: u32,
    },
    /// A person's `min_daily`, `max_run`, `max_gaps_daily` or `max_late_starts` is broken on
    /// some days: the week is incomplete.
    DailyOver {
        /// Who (`staff T1`, `pupil P3`).
        who: String,
        /// `min_daily`, `max_run`, `max_gaps_daily` or `max_late_starts`.
        rule: &'static str,
        /// Its value.
        limit: u32,
        /// Days it is broken on.
        days: u32,
    },
    /// What an integer program of the placement engine proved about the meetings left out.
    Proven(String),
    /// The week's integer program, over every class that touches those left out, proved that
    /// no week of these sets, teachers and rooms holds them all: the change is upstream.
    WeekProven {
        /// At least this many pupil-periods must be left out (meetings times their pupils).
        periods: u64,
    },
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
    /// A class given to another teacher than staffing chose, so that the week could place
    /// what it left out (the repair, docs/model.md).
    Restaffed {
        /// The class.
        class: String,
        /// The teacher staffing chose.
        from: String,
        /// The teacher it has now.
        to: String,
    },
}

/// A change to the school that would let the missing meetings of an event in, with the other
/// meetings kept where they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fix {
    /// More rooms of a type, free in the slots named: there the event's pupils and teachers are
    /// free but every suitable room is taken.
    Rooms {
        /// The room type.
        room_type: String,
        /// How many more rooms.
        more: usize,
        /// The slots, as `Mon:P1`.
        slots: Vec<String>,
    },
    /// A class of the event taught by another teacher: its teacher teaches elsewhere in the
    /// slots named, where the pupils and rooms are free.
    Teacher {
        /// The class.
        class: String,
        /// Its teacher now.
        from: String,
        /// A qualified colleague free in all the event's slots with periods to spare, if any.
        to: Option<String>,
        /// The slots, as `Mon:P1`.
        slots: Vec<String>,
    },
    /// The event's pupils are in other teaching in all but `free` of the slots it may use.
    Pupils {
        /// Pupils of the event who are busy (the most of any slot).
        pupils: u64,
        /// Slots of the event in which none of its pupils has other teaching.
        free: usize,
    },
}

impl fmt::Display for Fix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fix::Rooms {
                room_type,
                more,
                slots,
            } => {
                let rooms = if *more == 1 { "room" } else { "rooms" };
                write!(
                    f,
                    "{more} more {room_type} {rooms} free in {} would let them in (its pupils and teachers are free then, but every suitable room is taken)",
                    slots.join(", ")
                )
            }
            Fix::Teacher {
                class,
                from,
                to: Some(to),
                slots,
            } => write!(
                f,
                "moving {class} from {from} to {to} would let them in ({from} teaches another class in {}, when its pupils and rooms are free)",
                slots.join(", ")
            ),
            Fix::Teacher {
                class,
                from,
                to: None,
                slots,
            } => write!(
                f,
                "{from} (teaching {class}) is busy in {}, when its pupils and rooms are free, and no qualified colleague with periods to spare is free in all its slots: one more teacher of its course, or {from} free then, would let them in",
                slots.join(", ")
            ),
            Fix::Pupils { pupils, free } => write!(
                f,
                "its pupils have other teaching in all but {free} of its slots (up to {pupils} of them in each): fewer periods of their other courses, or of this one, or its sets in fewer bands (a higher max_classes or more rooms and teachers at once), would let them in"
            ),
        }
    }
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
                | Note::GapsOver { .. }
                | Note::DailyOver { .. }
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
            Note::WeekProven { periods } => write!(
                f,
                "no week holds every meeting of these classes as they are set, staffed and roomed: an integer program over all the classes they touch proves at least {periods} pupil-periods must be left out, so the fix is a change to the sets, teachers or rooms (the notes above), not more search"
            ),
            Note::GapsOver { who, gaps, max } => write!(
                f,
                "{who} has {gaps} gaps in the week, more than max_gaps {max}"
            ),
            Note::DailyOver {
                who,
                rule,
                limit,
                days,
            } => write!(f, "{who} breaks {rule} {limit} on {days} days"),
            Note::SplitShort { class, split } => write!(
                f,
                "{class}: its split {split} needs a teacher per part, but too few qualified teachers are free"
            ),
            Note::Bottleneck {
                event,
                course,
                missing,
                fix,
            } => {
                let meetings = if *missing == 1 { "meeting" } else { "meetings" };
                write!(f, "{event} ({course}), {missing} {meetings} short: {fix}")
            }
            Note::Proven(text) | Note::Written(text) => f.write_str(text),
            Note::Invalidated { class, reason } => {
                write!(f, "old class {class} cannot be kept: {reason}")
            }
            Note::LimitCost { limit, cost } => write!(f, "{limit} cannot be met: {cost}"),
            Note::Restaffed { class, from, to } => write!(
                f,
                "{class} is taught by {to}, not {from}, so that the week could place what it left out"
            ),
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
