//! Placing events in the week: a general engine that decides, for every event, the slots of its
//! meetings and a room for each of its parallel classes in each meeting, so that no attendee,
//! teacher or room is in two places at once. The school's week (`solve`) and the ITC2007
//! benchmark (`itc2007`) both reduce to it.
//!
//! An *event* is something that meets `meetings` times a week in distinct slots: an option block
//! (all its classes meet together), the sets of a core course, a lecture, a tutorial, an ITC2007
//! event. Each event has one or more parallel *groups* (classes), each needing a room from its
//! own list of suitable rooms (already filtered by type, features and capacity), or no room.

use crate::ids::{SlotId, SlotSet};

/// One group (class) of an event: it needs one room from `rooms` at every meeting, or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Indices into [`Problem::rooms`] of the rooms it may use; empty when it needs no room.
    pub rooms: Vec<usize>,
    /// Whether it needs a room at all (false: off-site or home study).
    pub needs_room: bool,
}

/// Something to place: `meetings` distinct slots out of `allowed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// A name for messages (e.g. `block 2`, `EN-10 sets`, `event 17`).
    pub name: String,
    /// How many distinct slots it needs.
    pub meetings: u32,
    /// The slots it may use (teacher availability and course rules already folded in).
    pub allowed: SlotSet,
    /// Its parallel groups, each needing a room.
    pub groups: Vec<Group>,
    /// How many people are hurt if it is left unplaced (pupils attending; for the distance to
    /// feasibility and to decide what to drop first).
    pub weight: u64,
    /// Prefer its meetings on different days.
    pub spread: bool,
}

/// A room as the engine sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Room {
    /// Slots it cannot be used.
    pub unavailable: SlotSet,
}

/// People who attend the same set of events: their events must be in distinct slots, and their
/// days are what soft costs are measured on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendance {
    /// Indices into [`Problem::events`] (sorted, distinct).
    pub events: Vec<usize>,
    /// How many people share exactly this set (soft costs are multiplied by it).
    pub count: u64,
}

/// What a placement must satisfy and what it should make good.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Days in the week.
    pub days: usize,
    /// Periods in each day (slot = day * periods_per_day + period).
    pub periods_per_day: usize,
    /// Events to place.
    pub events: Vec<Event>,
    /// Rooms.
    pub rooms: Vec<Room>,
    /// Attendees (pupils, grouped): each set must meet in distinct slots.
    pub attendance: Vec<Attendance>,
    /// Further sets of events that must be in distinct slots (a teacher's events).
    pub cliques: Vec<Vec<usize>>,
    /// `(a, b)`: every meeting of event `a` comes before every meeting of event `b`.
    pub precedence: Vec<(usize, usize)>,
}

/// Soft costs, in the ITC2007 track-2 sense, summed over attendees (times their count).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SoftCost {
    /// Events in the last period of a day.
    pub last_period: u64,
    /// Events that are the third or later of an unbroken run within a day.
    pub long_runs: u64,
    /// Days with exactly one event.
    pub single_days: u64,
}

impl SoftCost {
    /// The sum of the three.
    pub fn total(&self) -> u64 {
        self.last_period + self.long_runs + self.single_days
    }
}

/// Settings of one placement run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Wall-clock limit in seconds.
    pub time_limit_s: f64,
    /// Seed of the heuristics.
    pub seed: u64,
    /// Threads for HiGHS.
    pub threads: u32,
    /// Weigh the ITC2007 soft cost (true) or only the school qualities: spread, few single-lesson
    /// days (false).
    pub itc_soft: bool,
}

/// A placement: for each event, its slots, and for each slot the room of each group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    /// Per event, the slots of its placed meetings (sorted; fewer than `meetings` when some
    /// could not be placed).
    pub slots: Vec<Vec<SlotId>>,
    /// Per event, per placed meeting (same order as `slots`), the room index of each group
    /// (`None` for a group that needs no room, or when no room could be found).
    pub rooms: Vec<Vec<Vec<Option<usize>>>>,
    /// Why each event that is not fully placed could not be (event index, reason).
    pub unplaced: Vec<(usize, String)>,
    /// Soft cost of the result.
    pub soft: SoftCost,
    /// Whether an integer program proved something (for reporting): lower bound of unplaced
    /// weight, when known.
    pub bound_note: Option<String>,
}
