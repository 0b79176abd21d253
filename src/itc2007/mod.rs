//! ITC2007 track 2 (post-enrolment course timetabling): reading `.tim` instances with precise
//! errors, reading and writing `.sln` solutions, our own evaluator of the competition rules,
//! the instance as a placement [`Problem`](crate::place::Problem), conversion to and from
//! tailor scenarios, and the commands around them.

mod scenario;

use std::collections::HashMap;

use crate::error::{InputError, InputErrors, Place};
use crate::ids::{SlotId, SlotSet};
use crate::place::{Attendance, Event, Group, Placement, Problem, Room};

pub use scenario::{from_scenario, import, sln_from_solution, solve_fixed, to_problem};

/// Days of the competition week.
pub const DAYS: usize = 5;
/// Periods of each day.
pub const PERIODS: usize = 9;
/// Timeslots of the week.
pub const SLOTS: usize = DAYS * PERIODS;

/// Best published soft costs of instances 1-16 (all with distance to feasibility 0), from the
/// README of the data folder (Müller 2009; Goh, Kendall and Sabar 2019).
pub const BEST_KNOWN: [u64; 16] = [0, 0, 110, 18, 0, 0, 0, 0, 0, 0, 48, 0, 0, 0, 0, 0];

/// An ITC2007 track-2 instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    /// Number of events.
    pub events: usize,
    /// Capacity of each room.
    pub rooms: Vec<u32>,
    /// Number of features.
    pub features: usize,
    /// Per student, the events they attend (sorted).
    pub attends: Vec<Vec<usize>>,
    /// Per room, the features it has (sorted).
    pub room_features: Vec<Vec<usize>>,
    /// Per event, the features it needs (sorted).
    pub event_features: Vec<Vec<usize>>,
    /// Per event, the timeslots it may use.
    pub allowed: Vec<SlotSet>,
    /// `(i, j)`: event `i` must be in an earlier timeslot than event `j` (sorted, distinct).
    pub before: Vec<(usize, usize)>,
}

impl Instance {
    /// Per event, its students (sorted).
    pub fn event_students(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.events];
        for (s, evs) in self.attends.iter().enumerate() {
            for &e in evs {
                out[e].push(s);
            }
        }
        out
    }

    /// The rooms that hold event `e` (enough seats, every feature), smallest first.
    pub fn suitable_rooms(&self, e: usize, size: usize) -> Vec<usize> {
        let mut rooms: Vec<usize> = (0..self.rooms.len())
            .filter(|&r| {
                self.rooms[r] as usize >= size
                    && self.event_features[e]
                        .iter()
                        .all(|f| self.room_features[r].binary_search(f).is_ok())
            })
            .collect();
        rooms.sort_by_key(|&r| (self.rooms[r], r));
        rooms
    }

    /// The instance as a placement problem: one event of one meeting and one group per event,
    /// students with the same events merged into one attendance set.
    pub fn problem(&self) -> Problem {
        let students = self.event_students();
        let events = (0..self.events)
            .map(|e| Event {
                name: format!("event {e}"),
                meetings: 1,
                allowed: self.allowed[e],
                groups: vec![Group {
                    rooms: self.suitable_rooms(e, students[e].len()),
                    needs_room: true,
                }],
                weight: students[e].len() as u64,
                spread: false,
                runs: Vec::new(),
            })
            .collect();
        Problem {
            limits: Vec::new(),
            closed: SlotSet::EMPTY,
            displaced: Vec::new(),
            days: DAYS,
            periods_per_day: PERIODS,
            events,
            rooms: vec![
                Room {
                    unavailable: SlotSet::EMPTY
                };
                self.rooms.len()
            ],
            attendance: merge_attendance(self.attends.iter().cloned()),
            cliques: Vec::new(),
            precedence: self.before.clone(),
            apart: Vec::new(),
            breaks: Vec::new(),
        }
    }
}

/// Attendance sets from each person's events: equal sets merged with their count, empty ones
/// dropped, in order of first appearance.
pub(crate) fn merge_attendance(sets: impl Iterator<Item = Vec<usize>>) -> Vec<Attendance> {
    let mut index: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut out: Vec<Attendance> = Vec::new();
    for mut evs in sets {
        evs.sort_unstable();
        evs.dedup();
        if evs.is_empty() {
            continue;
        }
        match index.get(&evs) {
            Some(&k) => out[k].count += 1,
            None => {
                index.insert(evs.clone(), out.len());
                out.push(Attendance {
                    events: evs,
                    count: 1,
                });
            }
        }
    }
    out
}

/// Reads a `.tim` instance; errors name `instance.tim` (see [`parse_named`]).
pub fn parse(text: &str) -> Result<Instance, InputErrors> {
    parse_named("instance.tim", text)
}

/// Reads a `.tim` instance whose file is called `file` in messages. Every malformed value is
/// reported with its line (up to 50), and a file too short or too long is reported once.
pub fn parse_named(file: &str, text: &str) -> Result<Instance, InputErrors> {
    let tokens: Vec<(u64, &str)> = text
        .lines()
        .enumerate()
        .flat_map(|(l, line)| line.split_whitespace().map(move |t| (l as u64 + 1, t)))
        .collect();
    let mut errors: Vec<InputError> = Vec::new();
    let at = |line: u64| Place::new(file, Some(line), None);
    let last_line = text.lines().count().max(1) as u64;
    if tokens.len() < 4 {
        return Err(InputErrors(vec![InputError::new(
            at(tokens.last().map_or(1, |t| t.0)),
            format!(
                "expected a first line of 4 numbers (events rooms features students), found {} values in the file",
                tokens.len()
            ),
        )]));
    }
    let mut header = [0usize; 4];
    for (k, name) in ["events", "rooms", "features", "students"]
        .iter()
        .enumerate()
    {
        let (line, t) = tokens[k];
        match t.parse::<usize>() {
            Ok(v) if v > 0 || k >= 2 => header[k] = v,
            _ => errors.push(InputError::expected(
                Place::new(file, Some(line), Some(name)),
                if k < 2 {
                    "a positive integer"
                } else {
                    "a non-negative integer"
                },
                t,
            )),
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    let [e, r, f, s] = header;
    let sections: [(&str, usize, i64); 6] = [
        ("room capacity", r, i64::from(u32::MAX)),
        ("attendance (student x event)", s * e, 1),
        ("room feature (room x feature)", r * f, 1),
        ("event feature (event x feature)", e * f, 1),
        ("allowed timeslot (event x 45)", e * SLOTS, 1),
        ("ordering (event x event)", e * e, 1),
    ];
    let expected: usize = 4 + sections.iter().map(|x| x.1).sum::<usize>();
    if tokens.len() < expected {
        // Name the section where the file ends.
        let mut start = 4;
        let mut section = sections[0].0;
        for (name, len, _) in sections {
            section = name;
            if tokens.len() < start + len {
                break;
            }
            start += len;
        }
        return Err(InputErrors(vec![InputError::new(
            at(last_line),
            format!(
                "file ends after {} values, in the {section} values; expected {expected} values for {e} events, {r} rooms, {f} features, {s} students",
                tokens.len()
            ),
        )]));
    }
    if tokens.len() > expected {
        errors.push(InputError::new(
            at(tokens[expected].0),
            format!(
                "expected the end of the file after {expected} values ({e} events, {r} rooms, {f} features, {s} students), found {:?} and {} more values",
                tokens[expected].1,
                tokens.len() - expected - 1
            ),
        ));
    }
    let mut values: Vec<Vec<i64>> = Vec::new();
    let mut pos = 4;
    let mut shown = 0;
    for (name, len, max) in sections {
        let min = if name.starts_with("ordering") { -1 } else { 0 };
        let mut v = Vec::with_capacity(len);
        for &(line, t) in &tokens[pos..pos + len] {
            match t.parse::<i64>() {
                Ok(x) if (min..=max).contains(&x) => v.push(x),
                _ => {
                    v.push(0);
                    shown += 1;
                    if shown <= 50 {
                        errors.push(InputError::expected(
                            Place::new(file, Some(line), Some(name)),
                            format!("an integer from {min} to {max}"),
                            t,
                        ));
                    }
                }
            }
        }
        values.push(v);
        pos += len;
    }
    if shown > 50 {
        errors.push(InputError::new(
            at(last_line),
            format!("{} more malformed values not listed", shown - 50),
        ));
    }
    if !errors.is_empty() {
        errors.sort();
        return Err(InputErrors(errors));
    }
    let rooms: Vec<u32> = values[0].iter().map(|&c| c as u32).collect();
    let attends = (0..s)
        .map(|st| (0..e).filter(|&ev| values[1][st * e + ev] == 1).collect())
        .collect();
    let room_features = (0..r)
        .map(|x| (0..f).filter(|&k| values[2][x * f + k] == 1).collect())
        .collect();
    let event_features = (0..e)
        .map(|x| (0..f).filter(|&k| values[3][x * f + k] == 1).collect())
        .collect();
    let allowed = (0..e)
        .map(|x| {
            (0..SLOTS)
                .filter(|&t| values[4][x * SLOTS + t] == 1)
                .map(|t| SlotId(t as u32))
                .collect()
        })
        .collect();
    let mut before = Vec::new();
    for i in 0..e {
        for j in 0..e {
            match values[5][i * e + j] {
                1 if i != j => before.push((i, j)),
                -1 if i != j => before.push((j, i)),
                _ => {}
            }
        }
    }
    before.sort_unstable();
    before.dedup();
    Ok(Instance {
        events: e,
        rooms,
        features: f,
        attends,
        room_features,
        event_features,
        allowed,
        before,
    })
}

/// A solution: per event, its timeslot and room, or `None` when unplaced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sln(pub Vec<Option<(usize, usize)>>);

impl Sln {
    /// The `.sln` text: one line per event, `timeslot room`, `-1 -1` when unplaced.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|x| match x {
                Some((t, r)) => format!("{t} {r}\n"),
                None => "-1 -1\n".to_owned(),
            })
            .collect()
    }

    /// Reads a `.sln` text for `events` events; errors name `file`.
    pub fn parse(file: &str, text: &str, events: usize) -> Result<Sln, InputErrors> {
        let mut errors = Vec::new();
        let mut out = Vec::new();
        let lines: Vec<(u64, &str)> = text
            .lines()
            .enumerate()
            .map(|(l, t)| (l as u64 + 1, t.trim()))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        if lines.len() != events {
            errors.push(InputError::new(
                Place::new(file, Some(lines.last().map_or(1, |l| l.0)), None),
                format!(
                    "expected {events} lines (one per event), found {}",
                    lines.len()
                ),
            ));
        }
        for &(line, t) in &lines {
            let parts: Vec<&str> = t.split_whitespace().collect();
            let nums: Vec<Option<i64>> = parts.iter().map(|p| p.parse().ok()).collect();
            match nums.as_slice() {
                [Some(-1), Some(-1)] => out.push(None),
                [Some(a), Some(b)] if *a >= 0 && *b >= 0 => {
                    out.push(Some((*a as usize, *b as usize)));
                }
                _ => errors.push(InputError::expected(
                    Place::new(file, Some(line), None),
                    "`timeslot room` (two non-negative integers) or `-1 -1`",
                    t,
                )),
            }
        }
        if errors.is_empty() {
            Ok(Sln(out))
        } else {
            Err(InputErrors(errors))
        }
    }

    /// The solution of a placement of [`Instance::problem`].
    pub fn from_placement(placement: &Placement) -> Sln {
        Sln(placement
            .slots
            .iter()
            .zip(&placement.rooms)
            .map(|(slots, rooms)| match (slots.first(), rooms.first()) {
                (Some(s), Some(r)) => r.first().copied().flatten().map(|r| (s.0 as usize, r)),
                _ => None,
            })
            .collect())
    }
}

/// The competition's figures for a solution.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Score {
    /// Every broken hard rule, in words (empty when valid).
    pub violations: Vec<String>,
    /// Events left unplaced.
    pub unplaced: usize,
    /// Distance to feasibility: students attending unplaced events (summed over events).
    pub distance: u64,
    /// Events in the last slot of a day, summed over students.
    pub last_period: u64,
    /// Events third or later in an unbroken run within a day, summed over students.
    pub long_runs: u64,
    /// Days with exactly one event, summed over students.
    pub single_days: u64,
    /// The soft cost: the sum of the three.
    pub soft: u64,
}

impl Score {
    /// Valid (no hard rule broken) and every event placed.
    pub fn feasible(&self) -> bool {
        self.violations.is_empty() && self.unplaced == 0
    }
}

/// Evaluates `sln` on `inst` by the competition rules, independently of the solver.
pub fn evaluate(inst: &Instance, sln: &Sln) -> Score {
    let mut score = Score::default();
    let students = inst.event_students();
    let slot_of: Vec<Option<usize>> = (0..inst.events)
        .map(|e| sln.0.get(e).copied().flatten().map(|x| x.0))
        .collect();
    if sln.0.len() != inst.events {
        score
            .violations
            .push(format!("{} lines for {} events", sln.0.len(), inst.events));
    }
    let mut room_use: HashMap<(usize, usize), usize> = HashMap::new();
    for (e, studs) in students.iter().enumerate() {
        let Some((t, r)) = sln.0.get(e).copied().flatten() else {
            score.unplaced += 1;
            score.distance += studs.len() as u64;
            continue;
        };
        if t >= SLOTS {
            score
                .violations
                .push(format!("event {e}: timeslot {t} out of range"));
            continue;
        }
        if r >= inst.rooms.len() {
            score
                .violations
                .push(format!("event {e}: room {r} out of range"));
            continue;
        }
        if !inst.allowed[e].contains(SlotId(t as u32)) {
            score
                .violations
                .push(format!("event {e}: timeslot {t} not allowed"));
        }
        if (inst.rooms[r] as usize) < studs.len() {
            score.violations.push(format!(
                "event {e}: room {r} seats {} for {} students",
                inst.rooms[r],
                studs.len()
            ));
        }
        if let Some(f) = inst.event_features[e]
            .iter()
            .find(|f| inst.room_features[r].binary_search(f).is_err())
        {
            score
                .violations
                .push(format!("event {e}: room {r} lacks feature {f}"));
        }
        if let Some(other) = room_use.insert((t, r), e) {
            score.violations.push(format!(
                "events {other} and {e} both in room {r} at timeslot {t}"
            ));
        }
    }
    for (st, evs) in inst.attends.iter().enumerate() {
        let mut seen: HashMap<usize, usize> = HashMap::new();
        let mut days = [0u64; DAYS];
        for &e in evs {
            let Some(t) = slot_of[e].filter(|&t| t < SLOTS) else {
                continue;
            };
            if let Some(other) = seen.insert(t, e) {
                score.violations.push(format!(
                    "student {st} attends events {other} and {e} both at timeslot {t}"
                ));
            }
            days[t / PERIODS] |= 1 << (t % PERIODS);
        }
        for m in days {
            // Written apart from the engine's cost so that the two check each other.
            score.last_period += m >> (PERIODS - 1) & 1;
            let mut run = 0;
            for p in 0..PERIODS {
                run = if m >> p & 1 == 1 { run + 1 } else { 0 };
                score.long_runs += u64::from(run >= 3);
            }
            score.single_days += u64::from(m.count_ones() == 1);
        }
    }
    for &(i, j) in &inst.before {
        if let (Some(a), Some(b)) = (slot_of[i], slot_of[j]) {
            if a >= b {
                score.violations.push(format!(
                    "event {i} (timeslot {a}) must come before event {j} (timeslot {b})"
                ));
            }
        }
    }
    score.soft = score.last_period + score.long_runs + score.single_days;
    score
}

#[cfg(test)]
pub(crate) mod tests;
