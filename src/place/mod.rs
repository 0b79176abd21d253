//! Placing events in the week: a general engine that decides, for every event, the slots of its
//! meetings and a room for each of its parallel classes in each meeting, so that no attendee,
//! teacher or room is in two places at once. The school's week (`solve`) and the ITC2007
//! benchmark (`itc2007`) both reduce to it.
//!
//! An *event* is something that meets `meetings` times a week in distinct slots: an option block
//! (all its classes meet together), the sets of a core course, a lecture, a tutorial, an ITC2007
//! event. Each event has one or more parallel *groups* (classes), each needing a room from its
//! own list of suitable rooms (already filtered by type, features and capacity), or no room.

mod cost;
mod explain;
pub use explain::{Block, Indices, Namer, Set, Why};
mod lns;
mod model;
mod search;
mod state;

use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::ids::{SlotId, SlotSet};
pub use cost::soft_cost;
use state::{Prep, State};

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
    /// Its runs: the lengths of its meetings in consecutive periods of one day, summing to
    /// `meetings`, each run on a day of its own and never across a break; its groups keep one
    /// room along a run. Empty: `meetings` single periods, any number a day (as before).
    pub runs: Vec<u32>,
}

/// A person whose week has limits (a teacher, a pupil): the events they attend never share a
/// slot, fall on at most `max_days` days and at most `max_daily` periods a day (hard, kept by
/// every move), and leave at most `max_gaps` gaps in the week (empty periods between two of
/// their meetings of one day, slots of [`Problem::closed`] excepted): the search drives the
/// excess to zero and never lets it grow once placed, and [`Placement::over`] lists what is
/// left. `min_daily`, `max_run` and `max_gaps_daily` are judged day by day the same way (the
/// periods short of the minimum on a day with meetings, the periods of a run beyond the
/// maximum, the gaps of a day beyond the maximum), and so is `max_late_starts` (the open
/// periods before a day's first meeting beyond one, plus the days starting late beyond the
/// maximum); [`Placement::day_over`] lists what is left.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limit {
    /// A name for messages (`staff T1`).
    pub name: String,
    /// Indices into [`Problem::events`].
    pub events: Vec<usize>,
    /// Most days with any of them.
    pub max_days: Option<u32>,
    /// Most periods in one day.
    pub max_daily: Option<u32>,
    /// Most gaps in the week.
    pub max_gaps: Option<u32>,
    /// Fewest periods on a day with any of them (like gaps, a search level: driven to zero).
    pub min_daily: Option<u32>,
    /// Most periods of them in a row (like gaps, a search level: driven to zero).
    pub max_run: Option<u32>,
    /// Most gaps on one day (a search level).
    pub max_gaps_daily: Option<u32>,
    /// Most days whose first meeting is in the second open period, none later (a search
    /// level; a slot of [`Problem::closed`] or of `away` is not open).
    pub max_late_starts: Option<u32>,
    /// How much a gap over the limit weighs (people sharing the limit).
    pub weight: u64,
    /// Slots that are never gaps of this person (besides [`Problem::closed`]): when they are
    /// away.
    pub away: SlotSet,
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
    /// `(a, b, n)`: every meeting of event `a` and every meeting of event `b` fall at least `n`
    /// days apart; with `a == b`, any two meetings (runs) of `a` do (an event with runs keeps
    /// them on distinct days in any case).
    pub apart: Vec<(usize, usize, u32)>,
    /// Per period of a day: whether a break follows it (no run crosses it); empty: no breaks.
    pub breaks: Vec<bool>,
    /// People's limits on days, periods a day and gaps.
    pub limits: Vec<Limit>,
    /// Slots that are never gaps (nothing is taught in them).
    pub closed: SlotSet,
    /// An old week to stay close to (a re-solve): per event, per slot (index), what one
    /// meeting of it in that slot costs for being away from where its classes met (0 in their
    /// old slots; the people who see it move, weighed). Added to the soft cost, so every phase
    /// of the search lowers it; the construction starts from the slots that cost nothing.
    /// Empty (or an event's row empty): no old week.
    pub displaced: Vec<Vec<u64>>,
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
    pub unplaced: Vec<(usize, Why)>,
    /// Soft cost of the result.
    pub soft: SoftCost,
    /// Whether an integer program proved something (for reporting): lower bound of unplaced
    /// weight, when known.
    pub bound_note: Option<String>,
    /// A proven lower bound on the weight (sum of event weight times periods) any placement
    /// leaves out, when an integer program proved one above zero.
    pub left_out_bound: Option<u64>,
    /// The limits whose gaps are over `max_gaps`: (limit index, gaps in the week).
    pub over: Vec<(usize, u32)>,
    /// The limits whose `min_daily`, `max_run`, `max_gaps_daily` or `max_late_starts` are
    /// broken: (limit index, rule, the limit, days it is broken on; for `max_late_starts`,
    /// the days starting late, or starting after the second open period).
    pub day_over: Vec<(usize, &'static str, u32, u32)>,
}

impl Placement {
    /// What of event `e` was left out and `why`, in words: `1 of 4 meetings of "SCI-1" left
    /// out: ...`, the bottleneck named by `names`.
    pub fn explain(&self, p: &Problem, e: usize, why: &Why, names: &dyn Namer) -> String {
        let ev = &p.events[e];
        let placed = self.slots.get(e).map_or(0, Vec::len);
        let missing = (ev.meetings as usize).saturating_sub(placed);
        format!(
            "{missing} of {} meetings of {:?} left out: {}",
            ev.meetings,
            ev.name,
            why.render(p, e, names)
        )
    }
}

/// The largest integer program (in non-zeros, roughly) that [`place`] builds; beyond it the
/// heuristics work alone.
pub const IP_MAX_NONZEROS: usize = 400_000;

/// Places the events of `problem` within `options.time_limit_s` seconds of wall-clock time.
///
/// A greedy construction (hardest meetings first) is followed by a tabu search that puts
/// left-out meetings in by ejecting cheaper ones. When meetings are still left out and the model
/// is small enough, the integer program (slots per event, clique, room and ordering rows) is
/// solved by HiGHS from that start, and its answer repaired the same way when better. Simulated
/// annealing then lowers the soft cost without breaking a rule. Every returned placement keeps
/// every hard rule; meetings that could not be placed are listed in `unplaced` with the
/// bottleneck. The result depends only on `options.seed` unless the time limit cuts a phase
/// short. With an old week ([`Problem::displaced`]) the construction starts from the old slots,
/// every phase weighs the displacement, and the search ends once rounds stop gaining.
pub fn place(problem: &Problem, options: &Options) -> Placement {
    let start = Instant::now();
    let limit = if options.time_limit_s.is_finite() {
        options.time_limit_s.clamp(0.0, 1e7)
    } else {
        1e7
    };
    let total = Duration::from_secs_f64(limit);
    let deadline = start + total;
    let at = |f: f64| start + total.mul_f64(f);
    let prep = Prep::new(problem, options);
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut st = State::new(&prep);
    if prep.has_old_week() {
        st.place_home(&prep);
    }
    let n = prep.n_items() as u64;
    search::construct(&prep, &mut st, &mut rng, deadline);
    search::repair(&prep, &mut st, &mut rng, at(0.3), 500 * n + 5_000);
    // A proven lower bound on the weight left out, when an integer program proved one.
    let mut bound: Option<u64> = None;
    if st.unplaced_w > 0 && !prep.shaped && model::size(&prep) <= IP_MAX_NONZEROS {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        if let Some(ip) = model::solve(&prep, &st, left * 0.5, options.threads) {
            let mut alt = State::new(&prep);
            for (e, slots) in ip.slots.iter().enumerate() {
                for (&i, &s) in prep.ev_items[e].iter().zip(slots) {
                    if !alt.clashes(&prep, e, s, &[]) && alt.prec_ok(&prep, e, s, &[]) {
                        alt.insert(&prep, i, s);
                    }
                }
            }
            search::construct(&prep, &mut alt, &mut rng, deadline);
            search::repair(&prep, &mut alt, &mut rng, at(0.6), 500 * n + 5_000);
            if ip.optimal {
                bound = Some((ip.objective.round().max(0.0) as u64) / (n + 1));
            }
            if alt.unplaced_w < st.unplaced_w {
                st = alt;
            }
        }
    }
    // Large neighbourhoods solved exactly while meetings are left out.
    // Built when first needed (its clique tables cost time on large complete weeks).
    let mut lns: Option<lns::Lns> = None;
    let per_step = (limit * 0.05).clamp(1.0, 20.0);
    if st.unplaced_w > 0 {
        let lns = lns.get_or_insert_with(|| lns::Lns::new(&prep));
        lns.run(&prep, &mut st, &mut rng, at(0.9), per_step, options.threads);
        if lns.bound > 0 {
            bound = bound.max(Some(lns.bound / (n + 1)));
        }
    }
    // Annealing rounds from the best so far (docs/model.md, "The annealing schedule"). A long
    // round cools from the measured heat over its iterations (or the time left, when that comes
    // first); short rounds after it start at half the heat of the one before. After a few short
    // rounds without gain the search reheats: a new long round from the best state, twice as
    // long as the last (a slower cooling, Lewis 2012's restarts), so a large problem uses its
    // whole time limit. The search ends when time is up or rounds bring nothing several times
    // over (a few times for small problems, so that their results repeat; hundreds of times for
    // large ones, which run to the limit); meetings still left out get another repair between
    // rounds. With an old week (a re-solve) the start is already good: short rounds, and a few
    // without gain end the search before the limit.
    let old_week = prep.has_old_week();
    let mut stalls = 0;
    let patience = if old_week { 3 } else { 3 + n * n / 500 };
    let heat = {
        let mut dx = state::Delta::new(&prep);
        search::heat(&prep, &mut st, &mut rng, &mut dx)
    };
    let long = 20_000 * n.max(1) * (1 + n / 64);
    let short = if old_week { 2_000 } else { 20_000 } * n.max(1);
    let mut reheats = 0u32;
    let mut short_stalls = 0;
    let mut hi = heat.hi;
    let mut iters = if old_week { short } else { long };
    for round in 0..100_000 {
        let before = st.key();
        if st.unplaced_w > 0 && round > 0 {
            let until = (Instant::now() + total.mul_f64(0.15)).min(deadline);
            search::repair(&prep, &mut st, &mut rng, until, 500 * n + 5_000);
            let until = (Instant::now() + total.mul_f64(0.1)).min(deadline);
            let lns = lns.get_or_insert_with(|| lns::Lns::new(&prep));
            lns.run(&prep, &mut st, &mut rng, until, per_step, options.threads);
        }
        search::anneal(&prep, &mut st, &mut rng, deadline, iters, (hi, heat.lo));
        let done = st.soft == 0 && st.unplaced_w == 0 && st.over == 0;
        if st.key() >= before {
            stalls += 1;
            short_stalls += 1;
        } else {
            stalls = 0;
            short_stalls = 0;
        }
        if done || Instant::now() >= deadline || stalls >= patience {
            break;
        }
        if !old_week && short_stalls >= 3 {
            reheats = (reheats + 1).min(16);
            short_stalls = 0;
            hi = heat.hi;
            iters = long << reheats;
        } else {
            hi = (hi * 0.5).max(heat.lo * 8.0);
            iters = short;
        }
    }
    finish(&prep, &st, bound)
}

/// Places the events of `problem` starting from `start` (per event, the slots of its meetings
/// in an earlier placement of a problem with the same events, groups and rooms, whose teachers
/// may differ): every meeting of `start` that still keeps every rule is put back first (a run
/// by its day), the rest are placed as [`place`] places them, and the tabu search puts left-out
/// meetings in by ejecting others, then large neighbourhoods are solved exactly (the
/// integer-program step of [`place`]) while meetings are left out, all within
/// `options.time_limit_s`. The soft cost is annealed
/// only once nothing is left out (a warm start is for repairing a week, docs/model.md, "The
/// repair"). Every returned placement keeps every hard rule.
pub fn place_from(problem: &Problem, options: &Options, start: &[Vec<SlotId>]) -> Placement {
    let begin = Instant::now();
    let limit = if options.time_limit_s.is_finite() {
        options.time_limit_s.clamp(0.0, 1e7)
    } else {
        1e7
    };
    let deadline = begin + Duration::from_secs_f64(limit);
    let prep = Prep::new(problem, options);
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut st = State::new(&prep);
    seed(&prep, &mut st, start);
    let n = prep.n_items() as u64;
    search::construct(&prep, &mut st, &mut rng, deadline);
    let half = begin + Duration::from_secs_f64(limit * 0.5);
    search::repair(&prep, &mut st, &mut rng, half, 2_000 * n + 20_000);
    if st.unplaced_w > 0 {
        let mut lns = lns::Lns::new(&prep);
        let per_step = (limit * 0.05).clamp(1.0, 20.0);
        lns.run(
            &prep,
            &mut st,
            &mut rng,
            deadline,
            per_step,
            options.threads,
        );
        search::repair(&prep, &mut st, &mut rng, deadline, 2_000 * n + 20_000);
    }
    if st.unplaced_w == 0 {
        let heat = {
            let mut dx = state::Delta::new(&prep);
            search::heat(&prep, &mut st, &mut rng, &mut dx)
        };
        let mut hi = heat.hi;
        for _ in 0..1000 {
            let before = st.key();
            search::anneal(
                &prep,
                &mut st,
                &mut rng,
                deadline,
                20_000 * n.max(1),
                (hi, heat.lo),
            );
            hi = (hi * 0.5).max(heat.lo * 8.0);
            if st.key() >= before || Instant::now() >= deadline {
                break;
            }
        }
    }
    finish(&prep, &st, None)
}

/// Puts back the meetings of `start` that keep every rule, event by event: a single meeting in
/// its slot, a run (an event with runs meets at most once a day) by the length of its day's
/// meetings.
fn seed(prep: &Prep, st: &mut State, start: &[Vec<SlotId>]) {
    let p = prep.p;
    for (e, slots) in start.iter().enumerate().take(p.events.len()) {
        let mut todo: Vec<usize> = prep.ev_items[e].clone();
        let mut put = |st: &mut State, s: usize, len: usize| {
            let Some(k) = todo.iter().position(|&i| prep.item_len[i] == len) else {
                return;
            };
            let i = todo[k];
            if !prep.starts(i).contains(&s) {
                return;
            }
            let legal = if prep.shaped {
                st.fits(prep, i, s, &[])
            } else {
                !st.clashes(prep, e, s, &[]) && st.prec_ok(prep, e, s, &[])
            };
            if legal && st.insert(prep, i, s) {
                todo.swap_remove(k);
            }
        };
        if p.events[e].runs.is_empty() {
            for s in slots {
                put(st, s.0 as usize, 1);
            }
        } else {
            // The meetings of one day are one run.
            let ppd = p.periods_per_day.max(1);
            let mut runs: Vec<(usize, usize)> = Vec::new();
            for s in slots {
                let s = s.0 as usize;
                match runs.last_mut() {
                    Some((first, len)) if *first / ppd == s / ppd => *len += 1,
                    _ => runs.push((s, 1)),
                }
            }
            for (first, len) in runs {
                put(st, first, len);
            }
        }
    }
}

/// The placement of a state.
fn finish(prep: &Prep, st: &State, bound: Option<u64>) -> Placement {
    let p = prep.p;
    let mut out = Placement {
        bound_note: bound.map(|w| {
            format!("the integer program proves that at least weight {w} must be left out")
        }),
        left_out_bound: bound.filter(|&w| w > 0),
        ..Placement::default()
    };
    for e in 0..p.events.len() {
        let (slots, rooms): (Vec<SlotId>, Vec<Vec<Option<usize>>>) =
            st.event_slots(prep, e).into_iter().unzip();
        if slots.len() < p.events[e].meetings as usize {
            out.unplaced.push((e, explain::reason(prep, st, e)));
        }
        out.slots.push(slots);
        out.rooms.push(rooms);
    }
    out.soft = soft_cost(p, &out);
    out.over = st.limits_over(prep);
    out.day_over = st.limits_day_over(prep);
    out
}

#[cfg(test)]
mod tests;
