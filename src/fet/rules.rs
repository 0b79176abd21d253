//! FET's own constraints judged on a placed timetable: per constraint kind, how many, how many
//! broken, and the soft cost (the sum of the weights of the broken ones below 100%). Read from
//! the FET file itself, not from the scenario, so it also shows where an approximation
//! (`carried, looser`) or a kind tailor does not carry lets a timetable break FET's rule.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::export::Placed;
use super::{Activity, Fet, Filter, Rule, Time, Whom};

/// One row of the table.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Row {
    /// Active constraints of weight above 0.
    pub count: usize,
    /// Of them broken; `None` for a kind this module does not judge.
    pub broken: Option<usize>,
    /// Broken hard (100%) ones.
    pub broken_hard: usize,
    /// The sum of the weights (%) of the broken soft ones.
    pub soft_cost: f64,
}

/// The atomic students sets (by name) under each students set name.
pub(crate) fn atoms(fet: &Fet) -> HashMap<&str, BTreeSet<&str>> {
    let mut m: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for y in &fet.years {
        let mut of_year = BTreeSet::new();
        if y.groups.is_empty() {
            of_year.insert(y.set.name.as_str());
        }
        for g in &y.groups {
            let mut of_group = BTreeSet::new();
            if g.subgroups.is_empty() {
                of_group.insert(g.set.name.as_str());
            }
            for s in &g.subgroups {
                of_group.insert(s.name.as_str());
                m.entry(&s.name).or_default().insert(&s.name);
            }
            of_year.extend(of_group.iter().copied());
            m.entry(&g.set.name).or_default().extend(of_group);
        }
        m.entry(&y.set.name).or_default().extend(of_year);
    }
    m
}

/// The table for `fet` with activities placed at `placed`, by constraint kind.
pub fn judge(fet: &Fet, placed: &[Placed]) -> BTreeMap<String, Row> {
    let atoms = atoms(fet);
    let of = |sets: &[String]| -> BTreeSet<&str> {
        sets.iter()
            .flat_map(|s| atoms.get(s.as_str()).into_iter().flatten().copied())
            .collect()
    };
    let acts: HashMap<u32, &Activity> = fet.activities.iter().map(|a| (a.id, a)).collect();
    let at: HashMap<u32, &Placed> = placed.iter().map(|p| (p.activity, p)).collect();
    // Activities with a preferred room of any weight: their home rooms do not apply.
    let preferred: BTreeSet<u32> = fet
        .activities
        .iter()
        .filter(|a| {
            fet.space
                .iter()
                .any(|c| c.active && c.weight > 0.0 && c.rule.preferred_rooms(a).is_some())
        })
        .map(|a| a.id)
        .collect();
    let time = |t: &Time| -> Option<(usize, usize)> {
        Some((
            fet.days.iter().position(|d| *d == t.0)?,
            fet.hours.iter().position(|h| *h == t.1)?,
        ))
    };
    let set = |ts: &[Time]| -> BTreeSet<(usize, usize)> { ts.iter().filter_map(time).collect() };
    let hours = |p: &Placed| -> Vec<(usize, usize)> {
        let d = acts.get(&p.activity).map_or(1, |a| a.duration as usize);
        (p.hour..p.hour + d).map(|h| (p.day, h)).collect()
    };
    let matches = |f: &Filter, a: &Activity| {
        f.matches(a, |set, sets| {
            !of(std::slice::from_ref(&set.to_owned())).is_disjoint(&of(sets))
        })
    };
    // Whether any placed activity chosen by `pick` meets in a slot of `bad`.
    let meets_in = |bad: &BTreeSet<(usize, usize)>, pick: &dyn Fn(&Activity, &Placed) -> bool| {
        placed.iter().any(|p| {
            acts.get(&p.activity)
                .is_some_and(|a| pick(a, p) && hours(p).iter().any(|s| bad.contains(s)))
        })
    };
    // People's weeks: the hours each teacher and each atomic students set is busy, and the
    // hours that are never their gaps (breaks; their own not-available times), as FET counts.
    let all: Vec<&super::Constraint> = fet
        .time
        .iter()
        .filter(|c| c.active && c.is_hard())
        .collect();
    let breaks: BTreeSet<(usize, usize)> = all
        .iter()
        .filter_map(|c| match &c.rule {
            Rule::Breaks(ts) => Some(set(ts)),
            _ => None,
        })
        .flatten()
        .collect();
    let mut atom_names: BTreeSet<&str> = atoms.values().flatten().copied().collect();
    atom_names.extend(atoms.keys().filter(|k| atoms[*k].contains(*k)).copied());
    let teacher_busy = |t: &str| -> BTreeSet<(usize, usize)> {
        placed
            .iter()
            .filter(|p| {
                acts.get(&p.activity)
                    .is_some_and(|a| a.teachers.iter().any(|x| x == t))
            })
            .flat_map(hours)
            .collect()
    };
    let atom_busy = |s: &str| -> BTreeSet<(usize, usize)> {
        placed
            .iter()
            .filter(|p| {
                acts.get(&p.activity)
                    .is_some_and(|a| of(&a.students).contains(s))
            })
            .flat_map(hours)
            .collect()
    };
    let away = |teacher: Option<&str>, atom: Option<&str>| -> BTreeSet<(usize, usize)> {
        let mut v = breaks.clone();
        for c in &all {
            match &c.rule {
                Rule::TeacherNotAvailable(t, ts) if Some(t.as_str()) == teacher => {
                    v.extend(set(ts))
                }
                Rule::StudentsNotAvailable(s, ts)
                    if atom.is_some_and(|a| of(std::slice::from_ref(s)).contains(a)) =>
                {
                    v.extend(set(ts))
                }
                _ => {}
            }
        }
        v
    };
    // Whether one person's busy hours break a limit of `rule`.
    let days = fet.days.len();
    let over = |rule: &Rule, busy: &BTreeSet<(usize, usize)>, away: &BTreeSet<(usize, usize)>| {
        let mut by_day: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &(d, h) in busy {
            by_day.entry(d).or_default().push(h);
        }
        match rule {
            Rule::MaxDays(_, n) => by_day.len() > *n as usize,
            Rule::MaxDaily(_, n) => by_day.values().any(|h| h.len() > *n as usize),
            // A day without hours breaks it only where FET does not allow empty days.
            Rule::MinDaily(_, n, empty) => {
                by_day.values().any(|h| h.len() < *n as usize)
                    || (!empty && by_day.len() < days && *n > 0)
            }
            Rule::MaxRun(_, n) => by_day.values().any(|hs| {
                let mut run = 0;
                let mut last = None;
                for &h in hs {
                    run = if last == Some(h.wrapping_sub(1)) {
                        run + 1
                    } else {
                        1
                    };
                    last = Some(h);
                    if run > *n as usize {
                        return true;
                    }
                }
                false
            }),
            Rule::MaxGapsDaily(_, n) => by_day.iter().any(|(d, hs)| {
                let (lo, hi) = (hs[0], hs[hs.len() - 1]);
                let gaps = (lo..=hi)
                    .filter(|h| !hs.contains(h) && !away.contains(&(*d, *h)))
                    .count();
                gaps > *n as usize
            }),
            // Hours neither a break nor not available before a day's first: at most one, and
            // one on at most `n` days.
            Rule::EarlyStarts(_, n) => {
                let open_before = |d: usize, first: usize| {
                    (0..first).filter(|h| !away.contains(&(d, *h))).count()
                };
                let late: Vec<usize> = by_day
                    .iter()
                    .map(|(d, hs)| open_before(*d, hs[0]))
                    .collect();
                late.iter().any(|&k| k > 1) || late.iter().filter(|&&k| k > 0).count() > *n as usize
            }
            Rule::MaxGaps(_, n) => {
                let gaps: usize = by_day
                    .iter()
                    .map(|(d, hs)| {
                        let (lo, hi) = (hs[0], hs[hs.len() - 1]);
                        (lo..=hi)
                            .filter(|h| !hs.contains(h) && !away.contains(&(*d, *h)))
                            .count()
                    })
                    .sum();
                gaps > *n as usize
            }
            _ => false,
        }
    };
    let teachers: Vec<&str> = fet.teachers.iter().map(String::as_str).collect();
    let mut table: BTreeMap<String, Row> = BTreeMap::new();
    for c in fet.time.iter().chain(&fet.space) {
        if !c.active || c.weight == 0.0 {
            continue;
        }
        let broken: Option<bool> = match &c.rule {
            Rule::Basic => None,
            Rule::TeacherNotAvailable(t, ts) => {
                Some(meets_in(&set(ts), &|a, _| a.teachers.contains(t)))
            }
            Rule::StudentsNotAvailable(s, ts) => {
                let who = of(std::slice::from_ref(s));
                Some(meets_in(&set(ts), &|a, _| {
                    !of(&a.students).is_disjoint(&who)
                }))
            }
            Rule::RoomNotAvailable(r, ts) => Some(meets_in(&set(ts), &|_, p| {
                p.room.as_deref() == Some(r.as_str())
            })),
            Rule::Breaks(ts) => Some(meets_in(&set(ts), &|_, _| true)),
            Rule::ActivityStarts(id, ts) => at.get(id).map(|p| !set(ts).contains(&(p.day, p.hour))),
            Rule::ActivitySlots(id, ts) => {
                let ok = set(ts);
                at.get(id).map(|p| hours(p).iter().any(|s| !ok.contains(s)))
            }
            Rule::ActivitiesStarts(f, ts) => {
                let ok = set(ts);
                Some(placed.iter().any(|p| {
                    acts.get(&p.activity)
                        .is_some_and(|a| matches(f, a) && !ok.contains(&(p.day, p.hour)))
                }))
            }
            Rule::ActivitiesSlots(f, ts) => {
                let ok = set(ts);
                Some(placed.iter().any(|p| {
                    acts.get(&p.activity)
                        .is_some_and(|a| matches(f, a) && hours(p).iter().any(|s| !ok.contains(s)))
                }))
            }
            Rule::MinDays(ids, n) => {
                let days: Vec<usize> = ids
                    .iter()
                    .filter_map(|i| at.get(i))
                    .map(|p| p.day)
                    .collect();
                Some(
                    days.iter()
                        .enumerate()
                        .any(|(k, x)| days[k + 1..].iter().any(|y| x.abs_diff(*y) < *n as usize)),
                )
            }
            Rule::Consecutive(a, b) => match (at.get(a), at.get(b)) {
                (Some(x), Some(y)) => Some(x.day != y.day || x.hour + hours(x).len() != y.hour),
                _ => None,
            },
            Rule::Ordered(a, b) => match (at.get(a), at.get(b)) {
                (Some(x), Some(y)) => {
                    Some(y.day < x.day || (y.day == x.day && y.hour < x.hour + hours(x).len()))
                }
                _ => None,
            },
            Rule::Grouped(ids) => {
                let ps: Vec<&&Placed> = ids.iter().filter_map(|i| at.get(i)).collect();
                (ps.len() == ids.len()).then(|| {
                    let mut hs: Vec<(usize, usize)> = ps.iter().flat_map(|p| hours(p)).collect();
                    hs.sort_unstable();
                    hs.windows(2)
                        .any(|w| w[0].0 != w[1].0 || w[0].1 + 1 != w[1].1)
                })
            }
            Rule::NotOverlapping(ids) => {
                let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
                let mut clash = false;
                for p in ids.iter().filter_map(|i| at.get(i)) {
                    for h in hours(p) {
                        clash |= !seen.insert(h);
                    }
                }
                Some(clash)
            }
            Rule::SameStart(ids) => {
                let starts: BTreeSet<(usize, usize)> = ids
                    .iter()
                    .filter_map(|i| at.get(i))
                    .map(|p| (p.day, p.hour))
                    .collect();
                Some(starts.len() > 1)
            }
            Rule::ActivityRooms(id, rooms) => at
                .get(id)
                .map(|p| !p.room.as_ref().is_some_and(|r| rooms.contains(r))),
            Rule::SubjectRooms(..) | Rule::TagRooms(..) | Rule::SubjectTagRooms(..) => {
                Some(placed.iter().any(|p| {
                    acts.get(&p.activity)
                        .and_then(|a| c.rule.preferred_rooms(a))
                        .is_some_and(|rooms| !p.room.as_ref().is_some_and(|r| rooms.contains(r)))
                }))
            }
            Rule::HomeRooms(home, rooms) => Some(placed.iter().any(|p| {
                acts.get(&p.activity).is_some_and(|a| {
                    home.of(a)
                        && !preferred.contains(&a.id)
                        && !p.room.as_ref().is_some_and(|r| rooms.contains(r))
                })
            })),
            Rule::MaxDays(whom, _)
            | Rule::MaxGaps(whom, _)
            | Rule::MaxDaily(whom, _)
            | Rule::MinDaily(whom, ..)
            | Rule::MaxRun(whom, _)
            | Rule::MaxGapsDaily(whom, _)
            | Rule::EarlyStarts(whom, _) => {
                let teacher = |t: &str| over(&c.rule, &teacher_busy(t), &away(Some(t), None));
                let atom = |s: &str| over(&c.rule, &atom_busy(s), &away(None, Some(s)));
                Some(match whom {
                    Whom::Teachers => teachers.iter().any(|t| teacher(t)),
                    Whom::Teacher(t) => teacher(t),
                    Whom::Students => atom_names.iter().any(|s| atom(s)),
                    Whom::Set(s) => of(std::slice::from_ref(s)).iter().any(|a| atom(a)),
                })
            }
            Rule::Other => None,
        };
        let row = table.entry(c.kind.clone()).or_default();
        row.count += 1;
        match broken {
            None if !matches!(c.rule, Rule::Basic) => {}
            None => {
                row.broken.get_or_insert(0);
            }
            Some(b) => {
                let n = row.broken.get_or_insert(0);
                if b {
                    *n += 1;
                    if c.is_hard() {
                        row.broken_hard += 1;
                    } else {
                        row.soft_cost += c.weight;
                    }
                }
            }
        }
    }
    table
}

/// The table as text: `constraint, count, broken (hard), soft cost`, `-` where not judged.
pub fn table_text(table: &BTreeMap<String, Row>) -> String {
    let w = table.keys().map(String::len).max().unwrap_or(10).max(10);
    let mut t = format!(
        "FET constraints:\n  {:w$}  count  broken  (hard)  soft cost\n",
        "type"
    );
    for (kind, r) in table {
        match r.broken {
            Some(b) => {
                t += &format!(
                    "  {kind:w$}  {:5}  {b:6}  {:6}  {:.0}\n",
                    r.count, r.broken_hard, r.soft_cost
                )
            }
            None => t += &format!("  {kind:w$}  {:5}       -       -  -\n", r.count),
        }
    }
    t
}
