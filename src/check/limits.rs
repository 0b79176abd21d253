//! Limits on a person's week (`max_days`, `max_gaps`, `max_daily`, `min_daily`, `max_run`,
//! `max_gaps_daily`, `max_late_starts` of `staff.csv` and
//! `pupils.csv`, and `[rules]`): checked in parallel over staff and over pupils, on the slots
//! each of them is busy in (a teacher: the meetings they teach; a pupil: the meetings of their
//! classes).

use crate::ids::*;
use crate::scenario::{Limits, Scenario};

use super::{par_each, Index, Rule, Violation};

/// The busy periods of each day of a set of slots (bit `p` = period `p`; periods past the 64th
/// are not counted).
fn day_masks(s: &Scenario, busy: &SlotSet) -> Vec<u64> {
    let mut days = vec![0u64; s.week.days.len()];
    for slot in busy.iter() {
        let (d, p) = (s.week.day_of(slot), s.week.period_of(slot));
        if d < days.len() && p < 64 {
            days[d] |= 1 << p;
        }
    }
    days
}

/// A member of staff: their ids for a violation, their limits, the slots they teach in.
fn teacher(ix: &Index<'_>, staff: StaffId) -> (Vec<String>, Limits, SlotSet) {
    let mut busy = SlotSet::EMPTY;
    for &i in ix.staff_meetings.of(staff) {
        busy.insert(ix.meetings[i as usize].slot);
    }
    (vec![ix.staff(staff)], ix.scenario.staff[staff].limits, busy)
}

/// A pupil: their ids for a violation, their limits, the slots of their classes.
fn pupil(ix: &Index<'_>, p: PupilId) -> (Vec<String>, Limits, SlotSet) {
    let mut busy = SlotSet::EMPTY;
    for &c in ix.pupil_classes.of(p) {
        busy = busy.union(&ix.class_slots[c]);
    }
    (vec![ix.pupil(p)], ix.scenario.pupils[p].limits, busy)
}

/// Runs `judge(ids, limits, busy periods per day, slots away)` on every member of staff and
/// every pupil who has a limit (`has`).
fn each_person(
    ix: &Index<'_>,
    has: fn(&Limits) -> bool,
    judge: impl Fn(&[String], &Limits, &[u64], SlotSet, &mut Vec<Violation>) + Sync + Send,
) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    let s = ix.scenario;
    let mut out = par_each(s.staff.len(), |t: StaffId, _: &mut (), out| {
        if has(&s.staff[t].limits) {
            let (ids, limits, busy) = teacher(ix, t);
            let away = s.staff[t].unavailable;
            judge(&ids, &limits, &day_masks(s, &busy), away, out);
        }
    });
    out.extend(par_each(s.pupils.len(), |p: PupilId, _: &mut (), out| {
        if has(&s.pupils[p].limits) {
            let (ids, limits, busy) = pupil(ix, p);
            judge(&ids, &limits, &day_masks(s, &busy), SlotSet::EMPTY, out);
        }
    }));
    out
}

/// [`Rule::MaxDays`]: a member of staff or a pupil with `max_days` has meetings on at most
/// that many days of the week.
pub fn max_days(ix: &Index<'_>) -> Vec<Violation> {
    each_person(
        ix,
        |l| l.max_days.is_some(),
        |ids, limits, days, _, out| {
            let max = limits.max_days.unwrap_or(u32::MAX);
            let n = days.iter().filter(|&&m| m != 0).count() as u32;
            if n > max {
                out.push(Violation::new(
                    Rule::MaxDays,
                    ids.to_vec(),
                    format!(
                        "{} has meetings on {n} days, more than max_days {max}",
                        ids[0]
                    ),
                ));
            }
        },
    )
}

/// The gaps of day `d` with busy periods `m`: free periods after the first busy one and
/// before the last that are neither closed nor `away`.
fn day_gaps(week: &crate::scenario::Week, d: usize, m: u64, away: &SlotSet) -> u32 {
    if m == 0 {
        return 0;
    }
    let (first, last) = (m.trailing_zeros(), 63 - m.leading_zeros());
    (first..=last)
        .filter(|&p| m >> p & 1 == 0)
        .filter(|&p| {
            let slot = week.slot(d, p as usize);
            !week.closed.contains(slot) && !away.contains(slot)
        })
        .count() as u32
}

/// [`Rule::MaxGaps`]: a member of staff or a pupil with `max_gaps` has at most that many gaps
/// in the week; a gap is a period of a day, after their first meeting of the day and before
/// their last, in which they have none, unless the slot is closed (`[rules] closed`) or, for a
/// member of staff, one of their `unavailable` slots.
pub fn max_gaps(ix: &Index<'_>) -> Vec<Violation> {
    let week = &ix.scenario.week;
    each_person(
        ix,
        |l| l.max_gaps.is_some(),
        |ids, limits, days, away, out| {
            let max = limits.max_gaps.unwrap_or(u32::MAX);
            let gaps: u32 = days
                .iter()
                .enumerate()
                .map(|(d, &m)| day_gaps(week, d, m, &away))
                .sum();
            if gaps > max {
                out.push(Violation::new(
                    Rule::MaxGaps,
                    ids.to_vec(),
                    format!(
                        "{} has {gaps} gaps in the week, more than max_gaps {max}",
                        ids[0]
                    ),
                ));
            }
        },
    )
}

/// [`Rule::MaxDaily`]: a member of staff or a pupil with `max_daily` has at most that many
/// meetings (periods) on any one day.
pub fn max_daily(ix: &Index<'_>) -> Vec<Violation> {
    let week = &ix.scenario.week;
    each_person(
        ix,
        |l| l.max_daily.is_some(),
        |ids, limits, days, _, out| {
            let max = limits.max_daily.unwrap_or(u32::MAX);
            for (d, &m) in days.iter().enumerate() {
                let n = m.count_ones();
                if n > max {
                    out.push(Violation::new(
                        Rule::MaxDaily,
                        ids.to_vec(),
                        format!(
                            "{} has {n} periods on {}, more than max_daily {max}",
                            ids[0], week.days[d]
                        ),
                    ));
                }
            }
        },
    )
}

/// [`Rule::MinDaily`]: a member of staff or a pupil with `min_daily` has, on every day with
/// any meeting, at least that many meetings (periods); a day without any is free.
pub fn min_daily(ix: &Index<'_>) -> Vec<Violation> {
    let week = &ix.scenario.week;
    each_person(
        ix,
        |l| l.min_daily.is_some(),
        |ids, limits, days, _, out| {
            let min = limits.min_daily.unwrap_or(0);
            for (d, &m) in days.iter().enumerate() {
                let n = m.count_ones();
                if n > 0 && n < min {
                    out.push(Violation::new(
                        Rule::MinDaily,
                        ids.to_vec(),
                        format!(
                            "{} has {n} periods on {}, fewer than min_daily {min}",
                            ids[0], week.days[d]
                        ),
                    ));
                }
            }
        },
    )
}

/// [`Rule::MaxRun`]: a member of staff or a pupil with `max_run` never has more than that many
/// meetings in a row: periods of one day, each the one after the other, all with a meeting.
pub fn max_run(ix: &Index<'_>) -> Vec<Violation> {
    let week = &ix.scenario.week;
    each_person(
        ix,
        |l| l.max_run.is_some(),
        |ids, limits, days, _, out| {
            let max = limits.max_run.unwrap_or(u32::MAX);
            for (d, &m) in days.iter().enumerate() {
                let mut run = 0u32;
                for p in 0..64 {
                    if m >> p & 1 == 1 {
                        run += 1;
                        // One violation per run, at the period it goes over.
                        if run == max.saturating_add(1) {
                            out.push(Violation::new(
                                Rule::MaxRun,
                                ids.to_vec(),
                                format!(
                                    "{} has more than max_run {max} periods in a row on {} (from {})",
                                    ids[0],
                                    week.days[d],
                                    week.periods[(p + 1 - run) as usize]
                                ),
                            ));
                        }
                    } else {
                        run = 0;
                    }
                }
            }
        },
    )
}

/// [`Rule::MaxGapsDaily`]: a member of staff or a pupil with `max_gaps_daily` has at most that
/// many gaps on any one day (gaps as for [`Rule::MaxGaps`]).
pub fn max_gaps_daily(ix: &Index<'_>) -> Vec<Violation> {
    let week = &ix.scenario.week;
    each_person(
        ix,
        |l| l.max_gaps_daily.is_some(),
        |ids, limits, days, away, out| {
            let max = limits.max_gaps_daily.unwrap_or(u32::MAX);
            for (d, &m) in days.iter().enumerate() {
                let n = day_gaps(week, d, m, &away);
                if n > max {
                    out.push(Violation::new(
                        Rule::MaxGapsDaily,
                        ids.to_vec(),
                        format!(
                            "{} has {n} gaps on {}, more than max_gaps_daily {max}",
                            ids[0], week.days[d]
                        ),
                    ));
                }
            }
        },
    )
}

/// [`Rule::LateStarts`]: a member of staff or a pupil with `max_late_starts` has, on every
/// day with a meeting, the first in the first open period of the day (a period whose slot is
/// neither closed nor, for a member of staff, unavailable), or in the second open period on at
/// most that many days of the week; never after the second.
pub fn late_starts(ix: &Index<'_>) -> Vec<Violation> {
    let week = &ix.scenario.week;
    each_person(
        ix,
        |l| l.max_late_starts.is_some(),
        |ids, limits, days, away, out| {
            let max = limits.max_late_starts.unwrap_or(u32::MAX);
            let mut late = Vec::new();
            for (d, &m) in days.iter().enumerate() {
                if m == 0 {
                    continue;
                }
                let open_before = (0..m.trailing_zeros())
                    .filter(|&p| {
                        let slot = week.slot(d, p as usize);
                        !week.closed.contains(slot) && !away.contains(slot)
                    })
                    .count();
                if open_before > 1 {
                    out.push(Violation::new(
                        Rule::LateStarts,
                        ids.to_vec(),
                        format!(
                            "{} starts on {} after {open_before} open periods, more than the one max_late_starts allows",
                            ids[0], week.days[d]
                        ),
                    ));
                }
                if open_before > 0 {
                    late.push(week.days[d].as_str());
                }
            }
            if late.len() > max as usize {
                out.push(Violation::new(
                    Rule::LateStarts,
                    ids.to_vec(),
                    format!(
                        "{} starts late on {} days ({}), more than max_late_starts {max}",
                        ids[0],
                        late.len(),
                        late.join(", ")
                    ),
                ));
            }
        },
    )
}
