//! Tests of the placement engine: tiny problems with known answers, and every placement of
//! random problems checked against the hard rules by an independent verifier.

use proptest::prelude::*;

use super::*;

/// Every hard rule a placement breaks, in words (empty: none).
fn verify(p: &Problem, out: &Placement) -> Vec<String> {
    let mut bad = Vec::new();
    let n_slots = p.days * p.periods_per_day;
    if out.slots.len() != p.events.len() || out.rooms.len() != p.events.len() {
        return vec!["wrong number of events".into()];
    }
    let mut used = std::collections::HashSet::new();
    for (e, ev) in p.events.iter().enumerate() {
        let slots = &out.slots[e];
        if slots.len() > ev.meetings as usize {
            bad.push(format!("event {e}: too many meetings"));
        }
        if slots.windows(2).any(|w| w[0] >= w[1]) {
            bad.push(format!("event {e}: slots not sorted and distinct"));
        }
        if out.rooms[e].len() != slots.len() {
            bad.push(format!("event {e}: rooms and slots differ in length"));
            continue;
        }
        for (k, s) in slots.iter().enumerate() {
            if !ev.allowed.contains(*s) || s.0 as usize >= n_slots {
                bad.push(format!("event {e}: slot {} not allowed", s.0));
            }
            let rooms = &out.rooms[e][k];
            if rooms.len() != ev.groups.len() {
                bad.push(format!("event {e}: wrong number of groups"));
                continue;
            }
            for (g, r) in ev.groups.iter().zip(rooms) {
                match (g.needs_room, r) {
                    (true, Some(r)) => {
                        if !g.rooms.contains(r) {
                            bad.push(format!("event {e}: room {r} not suitable"));
                        }
                        if p.rooms[*r].unavailable.contains(*s) {
                            bad.push(format!("event {e}: room {r} unavailable"));
                        }
                        if !used.insert((s.0, *r)) {
                            bad.push(format!("room {r} twice in slot {}", s.0));
                        }
                    }
                    (true, None) => bad.push(format!("event {e}: a group has no room")),
                    (false, Some(_)) => bad.push(format!("event {e}: a room for no need")),
                    (false, None) => {}
                }
            }
        }
    }
    let sets = p
        .attendance
        .iter()
        .map(|a| &a.events)
        .chain(p.cliques.iter());
    for set in sets {
        for (k, &a) in set.iter().enumerate() {
            for &b in &set[k + 1..] {
                if a != b && out.slots[a].iter().any(|s| out.slots[b].contains(s)) {
                    bad.push(format!("events {a} and {b} share a slot"));
                }
            }
        }
    }
    for &(a, b) in &p.precedence {
        for sa in &out.slots[a] {
            if out.slots[b].iter().any(|sb| sb <= sa) {
                bad.push(format!("event {a} not before event {b}"));
            }
        }
    }
    let ppd = p.periods_per_day.max(1);
    for &(a, b, n) in &p.apart {
        let days = |e: usize| -> Vec<usize> {
            let mut d: Vec<usize> = out.slots[e].iter().map(|s| s.0 as usize / ppd).collect();
            if !p.events[e].runs.is_empty() {
                d.dedup();
            }
            d
        };
        let (da, db) = (days(a), days(b));
        let close = if a == b {
            da.windows(2).any(|w| w[1] - w[0] < n as usize)
        } else {
            da.iter()
                .any(|x| db.iter().any(|y| x.abs_diff(*y) < n as usize))
        };
        if close {
            bad.push(format!("events {a} and {b} fewer than {n} days apart"));
        }
    }
    bad.extend(verify_runs(p, out));
    let short: Vec<usize> = (0..p.events.len())
        .filter(|&e| out.slots[e].len() < p.events[e].meetings as usize)
        .collect();
    let listed: Vec<usize> = out.unplaced.iter().map(|u| u.0).collect();
    if short != listed {
        bad.push(format!("unplaced {listed:?}, short {short:?}"));
    }
    bad
}

fn event(name: &str, meetings: u32, allowed: SlotSet, rooms: &[&[usize]]) -> Event {
    Event {
        name: name.into(),
        meetings,
        allowed,
        groups: rooms
            .iter()
            .map(|r| Group {
                rooms: r.to_vec(),
                needs_room: !r.is_empty(),
            })
            .collect(),
        weight: 1,
        spread: false,
        runs: Vec::new(),
    }
}

fn problem(days: usize, periods: usize, events: Vec<Event>, rooms: usize) -> Problem {
    Problem {
        days,
        periods_per_day: periods,
        events,
        rooms: vec![
            Room {
                unavailable: SlotSet::EMPTY
            };
            rooms
        ],
        attendance: Vec::new(),
        cliques: Vec::new(),
        precedence: Vec::new(),
        apart: Vec::new(),
        breaks: Vec::new(),
        limits: Vec::new(),
        closed: SlotSet::EMPTY,
        displaced: Vec::new(),
    }
}

fn options(itc: bool) -> Options {
    Options {
        time_limit_s: 5.0,
        seed: 7,
        threads: 1,
        itc_soft: itc,
    }
}

#[test]
fn a_clique_of_three_in_two_slots_leaves_one_out() {
    let all = SlotSet::first(2);
    let mut p = problem(
        1,
        2,
        (0..3)
            .map(|k| event(&format!("e{k}"), 1, all, &[]))
            .collect(),
        0,
    );
    p.cliques = vec![vec![0, 1, 2]];
    let out = place(&p, &options(false));
    assert_eq!(verify(&p, &out), Vec::<String>::new());
    assert_eq!(out.unplaced.len(), 1);
    let (e, why) = &out.unplaced[0];
    assert!(
        matches!(why, Why::Overfull { set: Set::Clique(0), demand: 3, slots } if slots.len() == 2),
        "{why:?}"
    );
    let text = out.explain(&p, *e, why, &Indices(&p));
    assert!(
        text.contains("clique 1: 3 meetings in only 2 slots"),
        "{text}"
    );
    let note = out.bound_note.expect("the integer program ran");
    assert!(note.contains("at least weight 1"), "{note}");
}

#[test]
fn too_few_rooms_leave_one_out_and_say_so() {
    let one = SlotSet::first(1);
    let p = problem(
        1,
        1,
        (0..3)
            .map(|k| event(&format!("e{k}"), 1, one, &[&[0, 1]]))
            .collect(),
        2,
    );
    let out = place(&p, &options(false));
    assert_eq!(verify(&p, &out), Vec::<String>::new());
    assert_eq!(out.unplaced.len(), 1);
    let (e, why) = &out.unplaced[0];
    assert!(
        matches!(why, Why::Blocked { by, .. } if by.iter().any(|b| b.1 == Block::Rooms)),
        "{why:?}"
    );
    let text = out.explain(&p, *e, why, &Indices(&p));
    assert!(text.contains("rooms [0, 1] all taken"), "{text}");
}

#[test]
fn groups_are_matched_to_rooms() {
    // Group a may use room 0 or 1, group b only room 0: b gets 0, a gets 1.
    let p = problem(
        1,
        1,
        vec![event("block", 1, SlotSet::first(1), &[&[0, 1], &[0]])],
        2,
    );
    let out = place(&p, &options(false));
    assert_eq!(verify(&p, &out), Vec::<String>::new());
    assert_eq!(out.rooms[0], vec![vec![Some(1), Some(0)]]);
}

#[test]
fn precedence_is_respected() {
    let mut p = problem(
        1,
        3,
        vec![
            event("late", 1, SlotSet::first(3), &[]),
            event("early", 1, [1, 2].into_iter().map(SlotId).collect(), &[]),
        ],
        0,
    );
    p.precedence = vec![(1, 0)];
    let out = place(&p, &options(false));
    assert_eq!(verify(&p, &out), Vec::<String>::new());
    assert_eq!(out.slots, vec![vec![SlotId(2)], vec![SlotId(1)]]);
}

#[test]
fn events_kept_apart_take_days_far_enough_apart() {
    // Two events of two single meetings on a week of 4 days of 2 periods, each kept 2 days
    // apart within and 1 day from the other: a on days 0 and 2, b on 1 and 3 (or the mirror).
    let all = SlotSet::first(8);
    let mut p = problem(
        4,
        2,
        vec![event("a", 2, all, &[&[0]]), event("b", 2, all, &[&[0]])],
        1,
    );
    p.apart = vec![(0, 0, 2), (1, 1, 2), (0, 1, 1)];
    let out = place(&p, &options(false));
    assert_eq!(verify(&p, &out), Vec::<String>::new());
    assert!(out.unplaced.is_empty());
    let days = |e: usize| -> Vec<u32> { out.slots[e].iter().map(|s| s.0 / 2).collect() };
    let mut both = [days(0), days(1)];
    both.sort();
    assert_eq!(both, [vec![0, 2], vec![1, 3]]);
}

#[test]
fn spread_events_meet_on_different_days() {
    let mut e = event("maths", 3, SlotSet::first(6), &[&[0]]);
    e.spread = true;
    let p = problem(3, 2, vec![e], 1);
    let out = place(&p, &options(false));
    assert_eq!(verify(&p, &out), Vec::<String>::new());
    let days: Vec<u32> = out.slots[0].iter().map(|s| s.0 / 2).collect();
    assert_eq!(days, vec![0, 1, 2]);
}

#[test]
fn itc_soft_cost_is_minimised_on_a_tiny_case() {
    // One student with two events in a week of 1 day x 3 periods: the best is periods 0 and 1
    // (no last period, no single day, no run of three): cost 0.
    let all = SlotSet::first(3);
    let mut p = problem(
        1,
        3,
        vec![event("a", 1, all, &[&[0]]), event("b", 1, all, &[&[0]])],
        1,
    );
    p.attendance = vec![Attendance {
        events: vec![0, 1],
        count: 4,
    }];
    let out = place(&p, &options(true));
    assert_eq!(verify(&p, &out), Vec::<String>::new());
    assert_eq!(out.soft, SoftCost::default());
    let mut slots: Vec<u32> = out.slots.iter().flatten().map(|s| s.0).collect();
    slots.sort_unstable();
    assert_eq!(slots, vec![0, 1]);
}

/// The rules of runs a placement breaks: for an event with runs, its slots cut into stretches
/// of consecutive periods of one day are some of its runs, one a day, none across a break, each
/// group in one room along a stretch.
fn verify_runs(p: &Problem, out: &Placement) -> Vec<String> {
    let mut bad = Vec::new();
    let ppd = p.periods_per_day.max(1);
    for (e, ev) in p.events.iter().enumerate() {
        if ev.runs.is_empty() {
            continue;
        }
        let slots = &out.slots[e];
        let mut stretches: Vec<Vec<usize>> = Vec::new();
        for (k, s) in slots.iter().enumerate() {
            let s = s.0 as usize;
            match stretches.last_mut() {
                Some(run)
                    if slots[*run.last().unwrap()].0 as usize + 1 == s
                        && (s - 1) / ppd == s / ppd =>
                {
                    run.push(k)
                }
                _ => stretches.push(vec![k]),
            }
        }
        let mut left: Vec<u32> = ev.runs.clone();
        let mut days = std::collections::HashSet::new();
        for run in &stretches {
            let first = slots[run[0]].0 as usize;
            if !days.insert(first / ppd) {
                bad.push(format!("event {e}: two runs on day {}", first / ppd));
            }
            match left.iter().position(|&l| l as usize == run.len()) {
                Some(k) => {
                    left.swap_remove(k);
                }
                None => bad.push(format!(
                    "event {e}: a run of {} is not in its runs",
                    run.len()
                )),
            }
            for w in run.windows(2) {
                let q = slots[w[0]].0 as usize % ppd;
                if p.breaks.get(q).copied().unwrap_or(false) {
                    bad.push(format!(
                        "event {e}: a run crosses the break after period {q}"
                    ));
                }
                if out.rooms[e][w[0]] != out.rooms[e][w[1]] {
                    bad.push(format!("event {e}: rooms change along a run"));
                }
            }
        }
    }
    bad
}

#[test]
fn runs_are_placed_whole_on_distinct_days_without_crossing_breaks() {
    // Five days of six periods, breaks after the second and fourth: doubles fit only at
    // periods 0-1, 2-3 and 4-5.
    let all = SlotSet::first(30);
    let mut events = vec![
        event("science", 4, all, &[&[0, 1], &[0, 1]]),
        event("pe", 4, all, &[&[2]]),
        event("maths", 5, all, &[&[3, 4]]),
    ];
    events[0].runs = vec![1, 2, 1];
    events[1].runs = vec![2, 2];
    let mut p = problem(5, 6, events, 5);
    p.breaks = vec![false, true, false, true, false, false];
    p.attendance = vec![Attendance {
        events: vec![0, 1, 2],
        count: 20,
    }];
    let out = place(&p, &options(false));
    assert!(out.unplaced.is_empty(), "{:?}", out.unplaced);
    assert_eq!(verify(&p, &out), Vec::<String>::new());
    // The doubles start at periods 0, 2 or 4 only (an event has one run a day, so two of its
    // slots next to each other on one day are a double; the last period of one day and the
    // first of the next are not).
    for e in [0, 1] {
        let starts: Vec<usize> = out.slots[e]
            .windows(2)
            .filter(|w| w[0].0 + 1 == w[1].0 && w[0].0 / 6 == w[1].0 / 6)
            .map(|w| w[0].0 as usize % 6)
            .collect();
        assert!(starts.iter().all(|q| q % 2 == 0), "{starts:?}");
    }
}

#[test]
fn more_runs_than_days_leave_the_extra_out() {
    let all = SlotSet::first(6);
    let mut ev = event("a", 3, all, &[]);
    ev.runs = vec![1, 1, 1];
    let p = problem(2, 3, vec![ev], 0);
    let out = place(&p, &options(false));
    assert_eq!(out.slots[0].len(), 2);
    assert_eq!(out.unplaced.len(), 1);
    assert_eq!(verify(&p, &out), Vec::<String>::new());
}

#[test]
fn same_seed_same_placement() {
    let all = SlotSet::first(10);
    let mut p = problem(
        2,
        5,
        (0..12)
            .map(|k| event(&format!("e{k}"), 1 + k % 3, all, &[&[0, 1, 2]]))
            .collect(),
        3,
    );
    p.attendance = (0..6)
        .map(|k| Attendance {
            events: vec![k, (k + 3) % 12, (k + 7) % 12],
            count: 2,
        })
        .collect();
    // The result depends only on the seed when no time limit cuts a phase short (`place`'s
    // contract), so both runs get time enough: their work limits end them.
    let unlimited = Options {
        time_limit_s: f64::INFINITY,
        ..options(true)
    };
    let a = place(&p, &unlimited);
    let b = place(&p, &unlimited);
    assert_eq!(a, b);
    assert_eq!(verify(&p, &a), Vec::<String>::new());
}

fn arb_problem() -> impl Strategy<Value = Problem> {
    (1usize..4, 1usize..5, 1usize..5, 2usize..14).prop_flat_map(|(days, ppd, rooms, events)| {
        let n_slots = days * ppd;
        let ev = (
            1u32..4,
            prop::collection::vec(any::<bool>(), n_slots),
            prop::collection::vec(prop::collection::vec(0..rooms, 0..3), 0..3),
            0u64..5,
            any::<bool>(),
        )
            .prop_map(move |(meetings, allowed, groups, weight, spread)| Event {
                name: "e".into(),
                meetings,
                allowed: allowed
                    .iter()
                    .enumerate()
                    .filter(|(_, &a)| a)
                    .map(|(s, _)| SlotId(s as u32))
                    .collect(),
                groups: groups
                    .into_iter()
                    .map(|r| Group {
                        needs_room: !r.is_empty(),
                        rooms: r,
                    })
                    .collect(),
                weight,
                spread,
                runs: Vec::new(),
            });
        (
            prop::collection::vec(ev, events),
            prop::collection::vec(prop::collection::vec(0u8..4, n_slots), rooms),
            prop::collection::vec(
                (prop::collection::btree_set(0..events, 1..4), 1u64..4),
                0..5,
            ),
            prop::collection::vec(prop::collection::btree_set(0..events, 2..4), 0..3),
            prop::collection::vec((0..events, 0..events), 0..3),
            prop::collection::vec((0..events, 0..events, 1u32..3), 0..3),
        )
            .prop_map(move |(events, rooms, att, cliques, prec, apart)| Problem {
                limits: Vec::new(),
                closed: SlotSet::EMPTY,
                displaced: Vec::new(),
                days,
                periods_per_day: ppd,
                events,
                rooms: rooms
                    .into_iter()
                    .map(|u| Room {
                        unavailable: u
                            .iter()
                            .enumerate()
                            .filter(|(_, &x)| x == 0)
                            .map(|(s, _)| SlotId(s as u32))
                            .collect(),
                    })
                    .collect(),
                attendance: att
                    .into_iter()
                    .map(|(e, count)| Attendance {
                        events: e.into_iter().collect(),
                        count,
                    })
                    .collect(),
                cliques: cliques
                    .into_iter()
                    .map(|c| c.into_iter().collect())
                    .collect(),
                precedence: prec.into_iter().filter(|(a, b)| a != b).collect(),
                apart,
                breaks: Vec::new(),
            })
    })
}

/// A random problem whose events may have runs (a double and singles, or one long run) and
/// whose days may have breaks.
fn arb_shaped() -> impl Strategy<Value = Problem> {
    arb_problem().prop_flat_map(|p| {
        let n = p.events.len();
        let ppd = p.periods_per_day;
        (
            Just(p),
            prop::collection::vec(0u8..3, n),
            prop::collection::vec(any::<bool>(), ppd),
        )
            .prop_map(|(mut p, shapes, breaks)| {
                for (ev, shape) in p.events.iter_mut().zip(shapes) {
                    let m = ev.meetings;
                    ev.runs = match shape {
                        1 => vec![m],
                        2 if m >= 2 => std::iter::once(2)
                            .chain(std::iter::repeat_n(1, (m - 2) as usize))
                            .collect(),
                        _ => Vec::new(),
                    };
                }
                p.breaks = breaks;
                p
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn a_warm_start_keeps_the_hard_rules_and_never_loses_ground(p in arb_problem(), shaped in arb_shaped()) {
        for p in [p, shaped] {
            let o = Options { time_limit_s: 1.0, seed: 1, threads: 1, itc_soft: false };
            let first = place(&p, &o);
            // From its own placement: every kept meeting stays in, nothing more is left out.
            let again = place_from(&p, &o, &first.slots);
            prop_assert!(verify(&p, &again).is_empty(), "{:?}", verify(&p, &again));
            let placed = |out: &Placement| out.slots.iter().map(Vec::len).sum::<usize>();
            prop_assert!(placed(&again) >= placed(&first));
            // From a start that breaks the rules of a changed problem (every event in one clique
            // now): what breaks them is left for the search, the result keeps them.
            let mut q = p.clone();
            q.cliques.push((0..q.events.len()).collect());
            let other = place_from(&q, &o, &first.slots);
            prop_assert!(verify(&q, &other).is_empty(), "{:?}", verify(&q, &other));
        }
    }

    #[test]
    fn every_placement_with_runs_keeps_the_hard_rules(p in arb_shaped()) {
        let out = place(&p, &Options { time_limit_s: 2.0, seed: 1, threads: 1, itc_soft: false });
        let bad = verify(&p, &out);
        prop_assert!(bad.is_empty(), "{:?}", bad);
    }

    #[test]
    fn every_placement_keeps_the_hard_rules(p in arb_problem(), itc in any::<bool>()) {
        let out = place(&p, &Options { time_limit_s: 2.0, seed: 1, threads: 1, itc_soft: itc });
        let bad = verify(&p, &out);
        prop_assert!(bad.is_empty(), "{:?}", bad);
        prop_assert_eq!(out.soft, soft_cost(&p, &out));
    }
}

/// A person attending all of `events`, with limits.
fn limit(events: &[usize], days: Option<u32>, daily: Option<u32>, gaps: Option<u32>) -> Limit {
    Limit {
        name: "T".into(),
        events: events.to_vec(),
        max_days: days,
        max_daily: daily,
        max_gaps: gaps,
        min_daily: None,
        max_run: None,
        max_gaps_daily: None,
        max_late_starts: None,
        weight: 1,
        away: SlotSet::EMPTY,
    }
}

/// The busy periods of each day of the events `of`, in a placement.
fn busy(p: &Problem, out: &Placement, of: &[usize]) -> Vec<Vec<usize>> {
    let mut days = vec![Vec::new(); p.days];
    for &e in of {
        for s in &out.slots[e] {
            let s = s.0 as usize;
            days[s / p.periods_per_day].push(s % p.periods_per_day);
        }
    }
    days.iter_mut().for_each(|d| d.sort_unstable());
    days
}

/// `n` single meetings `e0`, `e1`, ... that may take any of `days` days of `periods` periods,
/// without rooms.
fn singles(days: usize, periods: usize, n: usize) -> Problem {
    let all = SlotSet::first(days * periods);
    let events = (0..n).map(|k| event(&format!("e{k}"), 1, all, &[]));
    problem(days, periods, events.collect(), 0)
}

/// The placements of `p` with seeds 0 to 4.
fn five_seeds(p: &Problem) -> impl Iterator<Item = Placement> + '_ {
    (0..5).map(move |seed| {
        place(
            p,
            &Options {
                seed,
                ..options(false)
            },
        )
    })
}

#[test]
fn a_limit_of_days_and_periods_a_day_is_kept() {
    // Four single meetings of one teacher over 3 days of 3 periods: at most 2 days, at most 2
    // a day, so exactly two days of two.
    let mut p = singles(3, 3, 4);
    p.limits = vec![limit(&[0, 1, 2, 3], Some(2), Some(2), None)];
    for out in five_seeds(&p) {
        assert_eq!(verify(&p, &out), Vec::<String>::new());
        assert!(out.unplaced.is_empty());
        let days = busy(&p, &out, &[0, 1, 2, 3]);
        assert_eq!(days.iter().filter(|d| !d.is_empty()).count(), 2, "{days:?}");
        assert!(days.iter().all(|d| d.len() <= 2), "{days:?}");
    }
    // Five meetings cannot fit two days of two: one is left out, never a third day.
    p.events.push(event("e4", 1, SlotSet::first(9), &[]));
    p.limits = vec![limit(&[0, 1, 2, 3, 4], Some(2), Some(2), None)];
    let out = place(&p, &options(false));
    assert_eq!(out.unplaced.len(), 1);
    let days = busy(&p, &out, &[0, 1, 2, 3, 4]);
    assert_eq!(days.iter().filter(|d| !d.is_empty()).count(), 2, "{days:?}");
}

#[test]
fn no_gaps_are_left_where_the_limit_allows_none() {
    // One day of 6 periods; the teacher's three meetings must be consecutive, e0 fixed at
    // period 0.
    let mut p = problem(
        1,
        6,
        vec![
            event("e0", 1, SlotSet::from_iter([SlotId(0)]), &[]),
            event("e1", 1, SlotSet::first(6), &[]),
            event("e2", 1, SlotSet::first(6), &[]),
        ],
        0,
    );
    p.limits = vec![limit(&[0, 1, 2], None, None, Some(0))];
    for out in five_seeds(&p) {
        assert!(out.unplaced.is_empty());
        assert!(out.over.is_empty());
        assert_eq!(busy(&p, &out, &[0, 1, 2])[0], [0, 1, 2]);
    }
    // A closed slot is no gap: with period 1 closed to everyone, 0, 2, 3 keeps the limit.
    p.closed = SlotSet::from_iter([SlotId(1)]);
    for e in 1..3 {
        p.events[e].allowed.remove(SlotId(1));
    }
    let out = place(&p, &options(false));
    assert!(out.over.is_empty());
    assert_eq!(busy(&p, &out, &[0, 1, 2])[0], [0, 2, 3]);
}

/// Ten slots, one room, eight events that met in slots 0..8 (event `k` in slot `k`), and a
/// new event that may only take slot 2 or 5: one old event must move. Event 2 is seen by 50
/// people, event 5 by one; `runs` gives every event a run of one (the engine's run-aware
/// search).
fn old_week(runs: bool) -> Problem {
    let all = SlotSet::first(10);
    let mut events: Vec<Event> = (0..8)
        .map(|k| event(&format!("old{k}"), 1, all, &[&[0]]))
        .collect();
    let mut new = event("new", 1, SlotSet::EMPTY, &[&[0]]);
    new.allowed.insert(SlotId(2));
    new.allowed.insert(SlotId(5));
    events.push(new);
    if runs {
        events.iter_mut().for_each(|e| e.runs = vec![1]);
    }
    let mut p = problem(1, 10, events, 1);
    p.displaced = (0..8)
        .map(|k| {
            let w = if k == 2 { 50 } else { 1 };
            (0..10).map(|s| if s == k { 0 } else { w }).collect()
        })
        .collect();
    p
}

/// An ITC2007-like problem of `n` events, 6 rooms and 90 students of 6 events each, a few
/// orderings, drawn from `seed`.
fn itc_like(n: usize, seed: u64) -> Problem {
    use rand::Rng;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let all = SlotSet::from_iter((0..45).map(SlotId));
    let events = (0..n)
        .map(|e| {
            let rooms: Vec<usize> = (0..6).filter(|_| rng.gen_bool(0.7)).collect();
            let rooms = if rooms.is_empty() { vec![e % 6] } else { rooms };
            event(&format!("event {e}"), 1, all, &[&rooms])
        })
        .collect();
    let mut p = problem(5, 9, events, 6);
    p.attendance = crate::itc2007::merge_attendance(
        (0..90).map(|_| (0..6).map(|_| rng.gen_range(0..n)).collect::<Vec<usize>>()),
    );
    p.precedence = vec![(0, 1), (2, 3)];
    p
}

#[test]
fn with_an_old_week_only_the_cheapest_meeting_moves() {
    for runs in [false, true] {
        let p = old_week(runs);
        let out = place(&p, &options(false));
        assert_eq!(verify(&p, &out), Vec::<String>::new());
        assert!(out.unplaced.is_empty(), "{runs}: {:?}", out.unplaced);
        let moved: Vec<usize> = (0..8)
            .filter(|&k| out.slots[k] != vec![SlotId(k as u32)])
            .collect();
        // The new event takes slot 5; event 5 (one person) moves to a free slot, nothing else.
        assert_eq!(moved, vec![5], "{runs}: {:?}", out.slots);
        assert_eq!(out.slots[8], vec![SlotId(5)]);
    }
}

#[test]
fn daily_minimums_and_runs_are_driven_to_zero() {
    // Four single meetings over 2 days of 4 periods: at least 2 a day where any, at most 2 in
    // a row. Without the limits nothing keeps a day of 1 or a run of 3 away.
    let mut p = singles(2, 4, 4);
    let mut l = limit(&[0, 1, 2, 3], None, None, None);
    l.min_daily = Some(2);
    l.max_run = Some(2);
    p.limits = vec![l];
    for out in five_seeds(&p) {
        assert!(out.unplaced.is_empty());
        assert!(out.day_over.is_empty(), "{:?}", out.day_over);
        for d in busy(&p, &out, &[0, 1, 2, 3]) {
            assert!(d.is_empty() || d.len() >= 2, "{d:?}");
            assert!(d.windows(3).all(|w| w[2] - w[0] > 2), "{d:?}");
        }
    }
    // Three meetings on one day of 3 periods at most 2 in a row: what is left is reported.
    let mut p = singles(1, 3, 3);
    let mut l = limit(&[0, 1, 2], None, None, None);
    l.max_run = Some(2);
    p.limits = vec![l];
    let out = place(&p, &options(false));
    assert_eq!(out.day_over, [(0, "max_run", 2, 1)]);
}

#[test]
fn annealing_keeps_a_feasible_week_feasible_and_never_raises_its_cost() {
    for seed in 0..4 {
        let p = itc_like(80, seed);
        let prep = Prep::new(&p, &options(true));
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut st = State::new(&prep);
        let far = Instant::now() + Duration::from_secs(600);
        search::construct(&prep, &mut st, &mut rng, far);
        search::repair(&prep, &mut st, &mut rng, far, 100_000);
        assert_eq!(st.unplaced_w, 0, "seed {seed}: the start is feasible");
        let start = finish(&prep, &st, None);
        assert!(verify(&p, &start).is_empty(), "{:?}", verify(&p, &start));
        let before = st.soft;
        assert_eq!(before as u64, start.soft.total());
        let heat = {
            let mut dx = state::Delta::new(&prep);
            search::heat(&prep, &mut st, &mut rng, &mut dx)
        };
        search::anneal(&prep, &mut st, &mut rng, far, 200_000, (heat.hi, heat.lo));
        let out = finish(&prep, &st, None);
        assert_eq!(
            st.unplaced_w, 0,
            "seed {seed}: annealing left a meeting out"
        );
        assert!(out.unplaced.is_empty());
        assert!(
            verify(&p, &out).is_empty(),
            "seed {seed}: {:?}",
            verify(&p, &out)
        );
        // The cost kept incrementally is the cost of the result, and it is no higher.
        assert_eq!(st.soft as u64, out.soft.total(), "seed {seed}");
        assert!(
            st.soft <= before,
            "seed {seed}: {} rose to {}",
            before,
            st.soft
        );
        assert!(st.soft < before, "seed {seed}: {before} not lowered at all");
    }
}

#[test]
fn recursive_swapping_moves_what_is_in_the_way_and_undoes_a_dead_end() {
    use rand::SeedableRng;
    // One day of three periods; a, b and c share pupils. a may meet only in period 0, b in 0
    // or 1, c in 1 or 2. With b in 0 and c in 1, a goes in only by moving b to 1 and c to 2.
    let at = |s: &[u32]| s.iter().map(|&x| SlotId(x)).collect::<SlotSet>();
    let mut p = problem(
        1,
        3,
        vec![
            event("a", 1, at(&[0]), &[]),
            event("b", 1, at(&[0, 1]), &[]),
            event("c", 1, at(&[1, 2]), &[]),
        ],
        0,
    );
    p.attendance = vec![Attendance {
        events: vec![0, 1, 2],
        count: 1,
    }];
    let prep = state::Prep::new(&p, &options(false));
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let mut st = state::State::new(&prep);
    assert!(st.insert(&prep, 1, 0) && st.insert(&prep, 2, 1));
    assert!(!search::best_insert(&prep, &mut st, 0, &mut rng));
    assert!(search::swap_insert(&prep, &mut st, 0, &mut rng, &mut 50));
    assert_eq!(st.slot_of, [Some(0), Some(1), Some(2)]);
    // With c allowed only in 1, no chain works: everything stays as it was.
    p.events[2].allowed = at(&[1]);
    let prep = state::Prep::new(&p, &options(false));
    let mut st = state::State::new(&prep);
    assert!(st.insert(&prep, 1, 0) && st.insert(&prep, 2, 1));
    assert!(!search::swap_insert(&prep, &mut st, 0, &mut rng, &mut 50));
    assert_eq!(st.slot_of, [None, Some(0), Some(1)]);
}

#[test]
fn the_large_neighbourhood_step_moves_singles_to_make_room_for_a_double() {
    use rand::SeedableRng;
    // Two days of three periods and one room. A double and four singles all need it. With the
    // singles in periods 1 of both days and 0 and 2 of day 1, the double has no two free periods
    // in a row; the step frees them and HiGHS puts the double in day 0.
    let all = SlotSet::first(6);
    let mut events = vec![event("double", 2, all, &[&[0]])];
    events[0].runs = vec![2];
    for k in 0..4 {
        events.push(event(&format!("single {k}"), 1, all, &[&[0]]));
    }
    let p = problem(2, 3, events, 1);
    let prep = state::Prep::new(&p, &options(false));
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    let mut st = state::State::new(&prep);
    for (i, s) in [(1, 1), (2, 4), (3, 3), (4, 5)] {
        assert!(st.fits(&prep, i, s, &[]) && st.insert(&prep, i, s));
    }
    let blocked = |st: &state::State, s: usize| (s..s + 2).any(|t| st.room_taken(&prep, t, 0));
    assert!(prep.starts(0).iter().all(|&s| blocked(&st, s)));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut lns = lns::Lns::new(&prep);
    assert!(lns.step(&prep, &mut st, &mut rng, deadline, 5.0, 1));
    assert_eq!(st.unplaced_w, 0);
    let day0: Vec<usize> = (0..5)
        .filter_map(|i| st.slot_of[i])
        .filter(|&s| s < 3)
        .collect();
    assert!(day0.contains(&st.slot_of[0].unwrap()) && st.slot_of[0] != Some(2));
    let mut held: Vec<usize> = (0..5)
        .flat_map(|i| {
            let s = st.slot_of[i].unwrap();
            s..s + prep.item_len[i]
        })
        .collect();
    held.sort_unstable();
    assert_eq!(
        held,
        [0, 1, 2, 3, 4, 5],
        "one room, six periods, each used once"
    );
    // Two more singles make eight periods for six: the double left out weighs what two singles
    // would, nothing better exists, and the week stays as it was.
    let mut events = p.events.clone();
    events.push(event("single 4", 1, all, &[&[0]]));
    events.push(event("single 5", 1, all, &[&[0]]));
    let p = problem(2, 3, events, 1);
    let prep = state::Prep::new(&p, &options(false));
    let mut st = state::State::new(&prep);
    for (i, s) in [(1, 1), (2, 4), (3, 3), (4, 5), (5, 0), (6, 2)] {
        assert!(st.insert(&prep, i, s));
    }
    let before = st.key();
    let mut lns = lns::Lns::new(&prep);
    assert!(!lns.step(&prep, &mut st, &mut rng, deadline, 5.0, 1));
    assert_eq!(st.key(), before);
    // The neighbourhood was the whole problem, so its optimum is a bound: whatever is left out
    // weighs at least two periods of one pupil, and `place` says so.
    let out = place(&p, &options(false));
    assert_eq!(verify(&p, &out), Vec::<String>::new());
    assert_eq!(out.left_out_bound, Some(2));
}

#[test]
fn daily_gaps_and_late_starts_are_driven_to_zero() {
    // Four singles over 2 days of 4 periods, with no gap on any day and no late start: every
    // day with meetings starts in period 0 and has them together.
    let mut p = singles(2, 4, 4);
    // Without the limits some placement starts late or leaves a gap.
    p.limits = vec![limit(&[0, 1, 2, 3], None, None, None)];
    let loose = |d: &Vec<usize>| {
        d.first()
            .is_some_and(|&f| f > 0 || d[d.len() - 1] + 1 - f > d.len())
    };
    assert!(five_seeds(&p).any(|out| busy(&p, &out, &[0, 1, 2, 3]).iter().any(loose)));
    p.limits[0].max_gaps_daily = Some(0);
    p.limits[0].max_late_starts = Some(0);
    for out in five_seeds(&p) {
        assert!(out.unplaced.is_empty());
        assert!(out.day_over.is_empty(), "{:?}", out.day_over);
        for d in busy(&p, &out, &[0, 1, 2, 3]) {
            if let (Some(&first), Some(&last)) = (d.first(), d.last()) {
                assert_eq!(first, 0, "{d:?}");
                assert_eq!(last + 1 - first, d.len(), "{d:?}");
            }
        }
    }
    // Period 0 of day 0 closed (no meeting there, as the solver's `allowed` says): the day's
    // first open period is 1.
    let mut p = singles(1, 4, 2);
    p.closed = SlotSet::from_iter([SlotId(0)]);
    for e in &mut p.events {
        e.allowed = SlotSet::from_iter((1..4).map(SlotId));
    }
    let mut l = limit(&[0, 1], None, None, None);
    l.max_late_starts = Some(0);
    p.limits = vec![l];
    for out in five_seeds(&p) {
        assert!(out.day_over.is_empty(), "{:?}", out.day_over);
        assert_eq!(busy(&p, &out, &[0, 1])[0][0], 1);
    }
    // One meeting allowed only in periods 2 and 3 of the one day: a start after two open
    // periods is left, and reported.
    let mut p = singles(1, 4, 1);
    p.events[0].allowed = SlotSet::from_iter([SlotId(2), SlotId(3)]);
    let mut l = limit(&[0], None, None, None);
    l.max_late_starts = Some(3);
    p.limits = vec![l];
    let out = place(&p, &options(false));
    assert_eq!(out.day_over, [(0, "max_late_starts", 3, 1)]);
}
