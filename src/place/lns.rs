//! Large-neighbourhood search with the integer program: the meetings left out, and the events
//! in their way (those they clash with or share rooms with, nearest first), are taken out of
//! the week; the rest stays fixed; HiGHS decides the freed events' starts exactly (clique,
//! room, ordering, days-apart and periods-a-day rows, every start checked against the fixed
//! week first), and the week engine puts them back, placing what the program could not with
//! its own moves. The new week is kept when it is better: less left out, then fewer gaps over
//! the limits, then a lower soft cost. The neighbourhood grows when HiGHS proves its optimum quickly and
//! shrinks when it runs out of time (docs/model.md, "The large-neighbourhood step").

// Rows are built by slot and event index over several parallel tables.
#![allow(clippy::needless_range_loop)]

use std::time::{Duration, Instant};

use good_lp::{constraint, variable, variables, Constraint, Expression, Solution, Variable};
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::model::{maximal_cliques, run_highs};
use super::search;
use super::state::{Prep, State};

/// The fewest and most start variables of one neighbourhood.
const CAP_MIN: usize = 150;
const CAP_MAX: usize = 60_000;

/// The tables the steps share, built once per placement.
pub(crate) struct Lns {
    /// The maximal cliques of the problem (attendance sets and given cliques).
    cliques: Vec<Vec<usize>>,
    /// Per event: the cliques it is in.
    ev_cliques: Vec<Vec<usize>>,
    /// Per room: the events with a group that may use it.
    room_events: Vec<Vec<usize>>,
    /// Most start variables of the next neighbourhood (adapts to how fast HiGHS is).
    cap: usize,
    /// Per event: whether it lies in a closed neighbourhood whose optimum HiGHS proved (no
    /// step can put more of it in; it seeds no more steps).
    proven: Vec<bool>,
    /// The weight (`item_w`) those proven neighbourhoods must leave out, summed: a lower bound
    /// on the weight any placement leaves out.
    pub bound: u64,
}

/// The starts of one event's items of one length that the program may choose.
struct Part {
    /// The event.
    e: usize,
    /// Its items (all unplaced in the trial week).
    items: Vec<usize>,
    /// The starts allowed by the fixed week, each with its variable.
    starts: Vec<(usize, Variable)>,
    /// How many of its items are left out.
    out: Variable,
}

impl Lns {
    /// The tables of `prep`.
    pub(crate) fn new(prep: &Prep) -> Self {
        let n = prep.p.events.len();
        let cliques = maximal_cliques(prep);
        let mut ev_cliques = vec![Vec::new(); n];
        for (k, c) in cliques.iter().enumerate() {
            for &e in c {
                ev_cliques[e].push(k);
            }
        }
        let mut room_events = vec![Vec::new(); prep.n_rooms];
        for e in 0..n {
            for r in prep.groups[e].iter().flatten().flatten() {
                if room_events[*r].last() != Some(&e) {
                    room_events[*r].push(e);
                }
            }
        }
        Self {
            cliques,
            ev_cliques,
            room_events,
            cap: 2_000,
            proven: vec![false; n],
            bound: 0,
        }
    }

    /// Runs steps until nothing is left out, every event left out is proven, or `until`
    /// passes; each program gets at most `per_step` seconds. After a few steps without gain a
    /// short tabu repair shakes the week (it keeps the best it meets, so nothing is lost).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn run(
        &mut self,
        prep: &Prep,
        st: &mut State,
        rng: &mut ChaCha8Rng,
        until: Instant,
        per_step: f64,
        threads: u32,
    ) {
        let mut idle = 0;
        let n = prep.n_items() as u64;
        while st.unplaced_w > 0 && Instant::now() < until && !self.exhausted(prep, st) {
            if idle >= 8 {
                let left = until.saturating_duration_since(Instant::now());
                let shake = Instant::now() + left.mul_f64(0.1).min(Duration::from_secs(2));
                search::repair(prep, st, rng, shake, 50 * n + 500);
                idle = 0;
            }
            let left = until
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            if left < 0.2 {
                break;
            }
            let before = st.unplaced_w;
            if !self.step(prep, st, rng, until, per_step.min(left * 0.8), threads) {
                idle += 1;
            } else if st.unplaced_w < before {
                idle = 0;
            } else {
                idle += 1;
            }
        }
    }

    /// One step; returns whether the week changed.
    pub(crate) fn step(
        &mut self,
        prep: &Prep,
        st: &mut State,
        rng: &mut ChaCha8Rng,
        deadline: Instant,
        time: f64,
        threads: u32,
    ) -> bool {
        if prep.days == 0 || prep.ppd == 0 || st.unplaced_w == 0 {
            return false;
        }
        let (freed, closed) = self.neighbourhood(prep, st, rng);
        if freed.is_empty() {
            return false;
        }
        let mut trial = st.clone();
        let mut was: Vec<(usize, usize)> = Vec::new();
        for &e in &freed {
            for &i in &prep.ev_items[e] {
                if let Some(s) = trial.slot_of[i] {
                    was.push((i, s));
                    trial.remove(prep, i);
                }
            }
        }
        let began = Instant::now();
        let Some((plan, optimal, left_out)) =
            self.program(prep, &trial, &freed, &was, time, threads)
        else {
            self.cap = (self.cap * 7 / 10).max(CAP_MIN);
            return false;
        };
        let took = began.elapsed().as_secs_f64();
        if optimal && took < time * 0.3 {
            self.cap = (self.cap * 13 / 10).min(CAP_MAX);
        } else if !optimal {
            self.cap = (self.cap * 7 / 10).max(CAP_MIN);
        }
        if closed && optimal {
            // Nothing outside touches these events: what the program leaves out, any week does.
            freed.iter().for_each(|&e| self.proven[e] = true);
            self.bound += left_out;
        }
        for (items, starts) in plan {
            for (&i, s) in items.iter().zip(starts) {
                if trial.fits(prep, i, s, &[]) {
                    trial.insert(prep, i, s);
                }
            }
        }
        if trial.unplaced_w > 0 {
            search::construct(prep, &mut trial, rng, deadline);
        }
        let better = trial.key() < st.key();
        if better {
            *st = trial;
        }
        better
    }

    /// Whether every event with meetings left out is proven (no step can gain).
    pub(crate) fn exhausted(&self, prep: &Prep, st: &State) -> bool {
        st.unplaced()
            .iter()
            .all(|&i| self.proven[prep.item_event[i]])
    }

    /// Events to free: those with meetings left out (up to a dozen not yet proven, at random),
    /// then ring by ring the events they clash, share rooms, are ordered or kept apart with,
    /// those placed in the slots the ring may use first, while the start variables stay within
    /// the cap. Also whether the set is closed (nothing outside it touches it).
    fn neighbourhood(&self, prep: &Prep, st: &State, rng: &mut ChaCha8Rng) -> (Vec<usize>, bool) {
        let n = prep.p.events.len();
        let vars = |e: usize| -> usize {
            let mut lens: Vec<(usize, usize)> = prep.ev_items[e]
                .iter()
                .map(|&i| (prep.item_len[i], prep.starts(i).len()))
                .collect();
            lens.dedup();
            lens.iter().map(|l| l.1).sum::<usize>().max(1)
        };
        let mut seeds: Vec<usize> = st
            .unplaced()
            .iter()
            .map(|&i| prep.item_event[i])
            .filter(|&e| !self.proven[e])
            .collect();
        seeds.sort_unstable();
        seeds.dedup();
        seeds.shuffle(rng);
        seeds.truncate(12);
        let mut seen = vec![false; n];
        let mut chosen: Vec<usize> = Vec::new();
        let mut used = 0;
        let mut closed = true;
        let mut ring = seeds;
        ring.iter().for_each(|&e| seen[e] = true);
        while !ring.is_empty() && used < self.cap {
            let mut added = Vec::new();
            for &e in &ring {
                let v = vars(e);
                if used + v > self.cap && !chosen.is_empty() {
                    closed = false;
                    continue;
                }
                used += v;
                chosen.push(e);
                added.push(e);
            }
            // The next ring: events adjacent to or sharing rooms with those just added.
            let mut wanted = vec![false; prep.n_slots];
            for &e in &added {
                for &i in &prep.ev_items[e] {
                    for &s in prep.starts(i) {
                        for t in s..(s + prep.item_len[i]).min(prep.n_slots) {
                            wanted[t] = true;
                        }
                    }
                }
            }
            let mut next: Vec<(bool, u32, usize)> = Vec::new();
            for &e in &added {
                let rooms = prep.groups[e].iter().flatten().flatten();
                let others = prep.nbrs[e]
                    .iter()
                    .chain(&prep.before[e])
                    .chain(&prep.after[e])
                    .copied()
                    .chain(prep.apart[e].iter().map(|x| x.0))
                    .chain(rooms.flat_map(|&r| self.room_events[r].iter().copied()));
                for f in others {
                    if seen[f] {
                        continue;
                    }
                    seen[f] = true;
                    let in_way = prep.ev_items[f]
                        .iter()
                        .any(|&j| st.slot_of[j].is_some_and(|s| wanted[s]));
                    next.push((!in_way, rand::Rng::gen(rng), f));
                }
            }
            next.sort_unstable();
            ring = next.into_iter().map(|x| x.2).collect();
        }
        closed &= ring.is_empty();
        chosen.sort_unstable();
        (chosen, closed)
    }

    /// Builds and solves the program over the `freed` events of `trial` (which holds the rest
    /// of the week), starting from where they were (`was`: item, slot). Returns, per part, its
    /// items and chosen starts, whether HiGHS proved the optimum, and the weight (`item_w`) it
    /// leaves out; `None` when it found nothing.
    #[allow(clippy::type_complexity)]
    fn program(
        &self,
        prep: &Prep,
        trial: &State,
        freed: &[usize],
        was: &[(usize, usize)],
        time: f64,
        threads: u32,
    ) -> Option<(Vec<(Vec<usize>, Vec<usize>)>, bool, u64)> {
        let p = prep.p;
        let n = p.events.len();
        let n_slots = prep.n_slots;
        let mut local = vec![usize::MAX; n];
        for (k, &e) in freed.iter().enumerate() {
            local[e] = k;
        }
        let n_items: usize = freed.iter().map(|&e| prep.ev_items[e].len()).sum();
        let eps = 0.4 / (n_items as f64 + 1.0);
        let mut vars = variables!();
        let mut objective = Expression::default();
        let mut parts: Vec<Part> = Vec::new();
        // Per freed event and slot: the variables whose run covers the slot.
        let mut occ: Vec<Vec<Vec<Variable>>> = vec![vec![Vec::new(); n_slots]; freed.len()];
        // Per freed event and day: the variables of starts on that day.
        let mut on_day: Vec<Vec<Vec<Variable>>> = vec![vec![Vec::new(); prep.days]; freed.len()];
        let mut initial: Vec<(Variable, f64)> = Vec::new();
        for &e in freed {
            let mut items: Vec<usize> = prep.ev_items[e].clone();
            items.sort_by_key(|&i| std::cmp::Reverse(prep.item_len[i]));
            for chunk in items.chunk_by(|&a, &b| prep.item_len[a] == prep.item_len[b]) {
                let len = prep.item_len[chunk[0]];
                let here: Vec<usize> = was
                    .iter()
                    .filter(|(i, _)| chunk.contains(i))
                    .map(|x| x.1)
                    .collect();
                let mut starts = Vec::new();
                for &s in prep.starts(chunk[0]) {
                    if !trial.fits(prep, chunk[0], s, &[]) {
                        continue;
                    }
                    let v = vars.add(variable().binary());
                    let home = here.contains(&s);
                    if !home {
                        objective += eps * v;
                    }
                    initial.push((v, f64::from(u8::from(home))));
                    for t in s..(s + len).min(n_slots) {
                        occ[local[e]][t].push(v);
                    }
                    on_day[local[e]][s / prep.ppd].push(v);
                    starts.push((s, v));
                }
                let count = chunk.len() as f64;
                let out = vars.add(variable().integer().min(0).max(count));
                objective += (prep.item_w[chunk[0]] as f64) * out;
                initial.push((out, count - here.len() as f64));
                parts.push(Part {
                    e,
                    items: chunk.to_vec(),
                    starts,
                    out,
                });
            }
        }
        let mut rows: Vec<Constraint> = Vec::new();
        for part in &parts {
            let sum: Expression = part.starts.iter().map(|x| x.1).sum();
            rows.push(constraint!(sum + part.out == part.items.len() as f64));
        }
        // One meeting at a time for every clique, and for each event itself.
        let mut cliques: Vec<usize> = freed
            .iter()
            .flat_map(|&e| self.ev_cliques[e].iter().copied())
            .collect();
        cliques.sort_unstable();
        cliques.dedup();
        for k in cliques {
            let members: Vec<usize> = self.cliques[k]
                .iter()
                .filter(|&&e| local[e] != usize::MAX)
                .map(|&e| local[e])
                .collect();
            if members.len() < 2 {
                continue;
            }
            for t in 0..n_slots {
                let terms: Vec<Variable> = members
                    .iter()
                    .flat_map(|&m| occ[m][t].iter().copied())
                    .collect();
                if terms.len() > 1 {
                    let sum: Expression = terms.into_iter().sum();
                    rows.push(constraint!(sum <= 1));
                }
            }
        }
        for m in 0..freed.len() {
            for t in 0..n_slots {
                if occ[m][t].len() > 1 {
                    let sum: Expression = occ[m][t].iter().copied().sum();
                    rows.push(constraint!(sum <= 1));
                }
            }
        }
        // Days apart: an event's own meetings, within any window of its days at most one.
        for (m, &e) in freed.iter().enumerate() {
            let d = prep.own_days[e];
            if d == 0 {
                continue;
            }
            for w in 0..prep.days.saturating_sub(d - 1) {
                let terms: Vec<Variable> = (w..w + d)
                    .flat_map(|day| on_day[m][day].iter().copied())
                    .collect();
                if terms.len() > 1 {
                    let sum: Expression = terms.into_iter().sum();
                    rows.push(constraint!(sum <= 1));
                }
            }
        }
        // Days apart between two freed events: day indicators, and no two too near.
        let mut meets: Vec<Vec<Option<Variable>>> = vec![vec![None; prep.days]; freed.len()];
        for (m, &a) in freed.iter().enumerate() {
            for &(b, days) in &prep.apart[a] {
                if local[b] == usize::MAX || b < a {
                    continue;
                }
                let mb = local[b];
                for x in [m, mb] {
                    for day in 0..prep.days {
                        if meets[x][day].is_none() && !on_day[x][day].is_empty() {
                            let v = vars.add(variable().binary());
                            let big = on_day[x][day].len() as f64;
                            let sum: Expression = on_day[x][day].iter().copied().sum();
                            rows.push(constraint!(sum <= big * v));
                            meets[x][day] = Some(v);
                        }
                    }
                }
                for da in 0..prep.days {
                    for db in 0..prep.days {
                        if da.abs_diff(db) >= days {
                            continue;
                        }
                        if let (Some(va), Some(vb)) = (meets[m][da], meets[mb][db]) {
                            rows.push(constraint!(va + vb <= 1));
                        }
                    }
                }
            }
        }
        // Ordering between two freed events: when b starts at t, a has nothing at t or later.
        for &(a, b) in &p.precedence {
            if a >= n || b >= n || a == b || local[a] == usize::MAX || local[b] == usize::MAX {
                continue;
            }
            let la = local[a];
            let ma: usize = prep.ev_items[a].iter().map(|&i| prep.item_len[i]).sum();
            let ma = ma as f64;
            for part in parts.iter().filter(|x| x.e == b) {
                for &(t, zb) in &part.starts {
                    let later: Vec<Variable> = (t..n_slots)
                        .flat_map(|u| occ[la][u].iter().copied())
                        .collect();
                    if !later.is_empty() {
                        let sum: Expression = later.into_iter().sum();
                        rows.push(constraint!(sum + ma * zb <= ma));
                    }
                }
            }
        }
        // Rooms: for every suitable set U of a freed group, the freed groups whose sets lie
        // inside U fit in U's rooms free in the slot.
        let mut sets: Vec<Vec<usize>> = freed
            .iter()
            .flat_map(|&e| prep.groups[e].iter().flatten())
            .map(|r| {
                let mut r = r.clone();
                r.sort_unstable();
                r
            })
            .collect();
        sets.sort();
        sets.dedup();
        let mut member = vec![false; prep.n_rooms];
        for u in &sets {
            member.iter_mut().for_each(|x| *x = false);
            u.iter().for_each(|&r| member[r] = true);
            let inside: Vec<(usize, f64)> = freed
                .iter()
                .enumerate()
                .filter_map(|(m, &e)| {
                    let k = prep.groups[e]
                        .iter()
                        .flatten()
                        .filter(|g| g.iter().all(|&r| member[r]))
                        .count();
                    (k > 0).then_some((m, k as f64))
                })
                .collect();
            for t in 0..n_slots {
                let cap = u
                    .iter()
                    .filter(|&&r| prep.room_free(r, t) && !trial.room_taken(prep, t, r))
                    .count() as f64;
                let terms: Vec<(Variable, f64)> = inside
                    .iter()
                    .flat_map(|&(m, k)| occ[m][t].iter().map(move |&v| (v, k)))
                    .collect();
                if terms.iter().map(|x| x.1).sum::<f64>() > cap {
                    let sum: Expression = terms.into_iter().map(|(v, k)| k * v).sum();
                    rows.push(constraint!(sum <= cap));
                }
            }
        }
        // Periods a day: what the fixed week leaves of each person's daily most.
        let mut limits: Vec<usize> = freed
            .iter()
            .flat_map(|&e| prep.ev_lim[e].iter().copied())
            .collect();
        limits.sort_unstable();
        limits.dedup();
        for l in limits {
            let Some(most) = p.limits[l].max_daily else {
                continue;
            };
            let mine: Vec<usize> = p.limits[l]
                .events
                .iter()
                .filter(|&&e| e < n && local[e] != usize::MAX)
                .map(|&e| local[e])
                .collect();
            for day in 0..prep.days {
                let fixed = trial.limit_mask(prep, l, day).count_ones();
                let room = f64::from(most.saturating_sub(fixed));
                let terms: Vec<Variable> = mine
                    .iter()
                    .flat_map(|&m| {
                        occ[m][day * prep.ppd..(day + 1) * prep.ppd]
                            .iter()
                            .flatten()
                            .copied()
                    })
                    .collect();
                if terms.len() as f64 > room {
                    let sum: Expression = terms.into_iter().sum();
                    rows.push(constraint!(sum <= room));
                }
            }
        }
        let (sol, optimal) = run_highs(
            vars,
            objective,
            rows,
            initial,
            (time.max(0.2), threads, 0.3),
        )?;
        let plan = parts
            .iter()
            .map(|part| {
                let chosen: Vec<usize> = part
                    .starts
                    .iter()
                    .filter(|x| sol.value(x.1) > 0.5)
                    .map(|x| x.0)
                    .collect();
                (part.items.clone(), chosen)
            })
            .collect();
        let left_out = parts
            .iter()
            .map(|part| (sol.value(part.out).round().max(0.0) as u64) * prep.item_w[part.items[0]])
            .sum();
        Some((plan, optimal, left_out))
    }
}
