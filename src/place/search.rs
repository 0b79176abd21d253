//! Heuristics on the working state: a greedy construction (hardest meetings first), a tabu
//! search that places left-out meetings by ejecting cheaper ones, and simulated annealing on the
//! soft cost that keeps every rule.

use std::time::Instant;

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::state::{Delta, Prep, State};

/// Places every item, hardest first, in the clash-free slot where it costs least; an item with
/// no such slot goes in by recursive swapping ([`swap_insert`]) when it can, else stays out.
pub(crate) fn construct(prep: &Prep, st: &mut State, rng: &mut ChaCha8Rng, deadline: Instant) {
    let mut order: Vec<(usize, usize, u64, u32, usize)> = (0..prep.n_items())
        .filter(|&i| st.slot_of[i].is_none())
        .map(|i| {
            let e = prep.item_event[i];
            let rooms = prep.groups[e]
                .iter()
                .flatten()
                .map(Vec::len)
                .min()
                .unwrap_or(usize::MAX);
            let starts = if prep.shaped {
                prep.starts(i).len()
            } else {
                prep.allowed[e].len()
            };
            (
                starts.min(rooms.saturating_mul(4)),
                usize::MAX - prep.degree[e] * prep.ev_items[e].len(),
                u64::MAX - prep.item_w[i],
                rng.gen::<u32>(),
                i,
            )
        })
        .collect();
    order.sort_unstable();
    for (n, &(.., i)) in order.iter().enumerate() {
        if n % 16 == 0 && Instant::now() >= deadline {
            return;
        }
        if !best_insert(prep, st, i, rng) {
            swap_insert(prep, st, i, rng, &mut 400);
        }
    }
}

/// What [`swap_insert`] did, to undo: an item taken out (its slot and rooms), or put in.
enum Step {
    Out(usize, usize, Vec<Option<usize>>),
    In(usize),
}

/// Undoes `journal` back to its first `mark` steps, last first.
fn undo(prep: &Prep, st: &mut State, journal: &mut Vec<Step>, mark: usize) {
    while journal.len() > mark {
        match journal.pop().expect("longer than mark") {
            Step::In(i) => st.remove(prep, i),
            Step::Out(j, t, rooms) => {
                let back = st.insert_prefer(prep, j, t, &rooms);
                debug_assert!(back, "an item goes back where it was");
            }
        }
    }
}

/// Puts item `i` in by recursive swapping, as FET does: in the start where the fewest meetings
/// are in its way (random among equals), those go out and `i` goes in, and each of them is put
/// in again the same way, never by ejecting a meeting of the chain above it, to depth `DEPTH`
/// with at most `WIDTH` starts tried at each depth below the first; when one cannot be,
/// everything is as before and the next start is tried. `budget` caps the starts tried in all.
/// Returns whether `i` and every meeting it ejected are in (the state is as before when not).
pub(crate) fn swap_insert(
    prep: &Prep,
    st: &mut State,
    i: usize,
    rng: &mut ChaCha8Rng,
    budget: &mut u32,
) -> bool {
    let mut journal = Vec::new();
    let mut chain = Vec::new();
    let ok = swap_in(prep, st, i, rng, budget, &mut chain, &mut journal);
    if !ok {
        undo(prep, st, &mut journal, 0);
    }
    ok
}

fn swap_in(
    prep: &Prep,
    st: &mut State,
    i: usize,
    rng: &mut ChaCha8Rng,
    budget: &mut u32,
    chain: &mut Vec<usize>,
    journal: &mut Vec<Step>,
) -> bool {
    const DEPTH: usize = 10;
    const WIDTH: usize = 4;
    let mut options: Vec<(usize, u32, usize, Vec<usize>)> = Vec::new();
    for &s in prep.starts(i) {
        if let Some(ej) = ejections(prep, st, i, s, u64::MAX) {
            if !ej.iter().any(|j| chain.contains(j)) && (ej.is_empty() || chain.len() < DEPTH) {
                options.push((ej.len(), rng.gen(), s, ej));
            }
        }
    }
    options.sort_unstable();
    let width = if chain.is_empty() {
        options.len()
    } else {
        WIDTH
    };
    for (_, _, s, ej) in options.into_iter().take(width) {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let mark = journal.len();
        for &j in &ej {
            if let Some(t) = st.slot_of[j] {
                journal.push(Step::Out(j, t, st.item_rooms[j].clone()));
                st.remove(prep, j);
            }
        }
        if !st.insert(prep, i, s) {
            undo(prep, st, journal, mark);
            continue;
        }
        journal.push(Step::In(i));
        chain.push(i);
        let ok = ej
            .iter()
            .all(|&j| swap_in(prep, st, j, rng, budget, chain, journal));
        chain.pop();
        if ok {
            return true;
        }
        undo(prep, st, journal, mark);
    }
    false
}

/// Inserts item `i` in the clash-free slot of least soft cost (random among equals); returns
/// whether it found one.
pub(crate) fn best_insert(prep: &Prep, st: &mut State, i: usize, rng: &mut ChaCha8Rng) -> bool {
    let e = prep.item_event[i];
    let mut best: Option<((u64, i64), usize)> = None;
    let mut ties = 0u32;
    for &s in prep.starts(i) {
        let legal = if prep.shaped {
            st.fits(prep, i, s, &[])
        } else {
            !st.clashes(prep, e, s, &[]) && st.prec_ok(prep, e, s, &[])
        };
        if !legal {
            continue;
        }
        let before = st.soft;
        if !st.insert(prep, i, s) {
            continue;
        }
        // Gaps over a limit first (the state has none more than before when it is 0).
        let delta = (st.over, st.soft - before);
        st.remove(prep, i);
        match best {
            Some((d, _)) if delta > d => {}
            Some((d, _)) if delta == d => {
                ties += 1;
                if rng.gen_range(0..=ties) == 0 {
                    best = Some((delta, s));
                }
            }
            _ => {
                ties = 0;
                best = Some((delta, s));
            }
        }
    }
    match best {
        Some((_, s)) => st.insert(prep, i, s),
        None => false,
    }
}

/// The items to take out of slot `s` so that item `i` fits there, and what they weigh: clashing
/// items, items whose ordering breaks, and as few as possible to free rooms. `None` when no
/// ejection makes room.
fn ejections(prep: &Prep, st: &mut State, i: usize, s: usize, bound: u64) -> Option<Vec<usize>> {
    if prep.shaped {
        return ejections_shaped(prep, st, i, s, bound);
    }
    let e = prep.item_event[i];
    let mut out: Vec<usize> = st.slot_items[s]
        .iter()
        .copied()
        .filter(|&j| prep.adjacent(e, prep.item_event[j]))
        .collect();
    if st.slot_items[s]
        .iter()
        .any(|&j| prep.item_event[j] == e && j != i)
    {
        return None;
    }
    st.prec_violators(prep, e, s, &mut out);
    let mut cost = ejection_weight(prep, st, (i, s), &mut out, bound)?;
    if !prep.needs_rooms(i) {
        return Some(out);
    }
    // Try the rooms with the clashing items out; free more rooms while needed.
    let in_slot: Vec<usize> = out
        .iter()
        .copied()
        .filter(|&j| st.slot_of[j] == Some(s))
        .collect();
    for &j in &in_slot {
        st.rooms_remove(prep, j, s);
    }
    let mut wanted = vec![false; prep.n_rooms];
    for r in prep.groups[e].iter().flatten().flatten() {
        wanted[*r] = true;
    }
    let mut extra: Vec<usize> = Vec::new();
    let ok = loop {
        if st.rooms_insert(prep, i, s) {
            st.rooms_remove(prep, i, s);
            break true;
        }
        let victim = st.slot_items[s]
            .iter()
            .copied()
            .filter(|j| !in_slot.contains(j) && !extra.contains(j))
            .filter(|&j| st.item_rooms[j].iter().flatten().any(|&r| wanted[r]))
            .min_by_key(|&j| prep.item_w[j]);
        match victim {
            Some(j) if cost + prep.item_w[j] <= bound => {
                cost += prep.item_w[j];
                st.rooms_remove(prep, j, s);
                extra.push(j);
            }
            _ => break false,
        }
    };
    for &j in in_slot.iter().chain(&extra) {
        let back = st.rooms_insert(prep, j, s);
        debug_assert!(back, "a set that was matched matches again");
    }
    ok.then(|| {
        out.extend(extra);
        out
    })
}

/// Adds to the items `out` that item `i` in slot `s` ejects those the limits eject too
/// ([`limit_ejections`]); returns their weight, or `None` when the limits cannot be kept or the
/// weight is over `bound`.
fn ejection_weight(
    prep: &Prep,
    st: &State,
    (i, s): (usize, usize),
    out: &mut Vec<usize>,
    bound: u64,
) -> Option<u64> {
    if !limit_ejections(prep, st, i, s, out) {
        return None;
    }
    let cost: u64 = out.iter().map(|&j| prep.item_w[j]).sum();
    (cost <= bound).then_some(cost)
}

/// Adds to `out` what must also go for item `i` from slot `s` to keep the hard limits of the
/// people attending it: on a day over `max_daily`, their other items of that day, lightest
/// first; beyond `max_days`, every item of theirs on their lightest other day. False when that
/// does not make room.
fn limit_ejections(prep: &Prep, st: &State, i: usize, s: usize, out: &mut Vec<usize>) -> bool {
    let e = prep.item_event[i];
    if st.limits_fit(prep, i, s, out) {
        return true;
    }
    let ppd = prep.ppd.max(1);
    let d = s / ppd;
    for &l in &prep.ev_lim[e] {
        // The person's placed items not yet going, by day.
        let theirs: Vec<(usize, usize)> = prep.p.limits[l]
            .events
            .iter()
            .flat_map(|&f| prep.ev_items.get(f).into_iter().flatten())
            .filter(|&&j| j != i && !out.contains(&j))
            .filter_map(|&j| st.slot_of[j].map(|t| (j, t / ppd)))
            .collect();
        let mut same: Vec<usize> = theirs.iter().filter(|x| x.1 == d).map(|x| x.0).collect();
        same.sort_by_key(|&j| (prep.item_w[j], j));
        for j in same {
            if st.limits_fit(prep, i, s, out) {
                break;
            }
            out.push(j);
        }
        if !st.limits_fit(prep, i, s, out) {
            let mut days: Vec<(u64, usize)> = Vec::new();
            for &(j, dd) in theirs.iter().filter(|x| x.1 != d) {
                match days.iter_mut().find(|x| x.1 == dd) {
                    Some(x) => x.0 += prep.item_w[j],
                    None => days.push((prep.item_w[j], dd)),
                }
            }
            if let Some(&(_, dd)) = days.iter().min() {
                out.extend(theirs.iter().filter(|x| x.1 == dd).map(|x| x.0));
            }
        }
    }
    st.limits_fit(prep, i, s, out)
}

/// [`ejections`] for problems with runs: the items in any period of run `i` from `s` that clash
/// with it (another run of its own event overlapping or, with distinct days, on that day too),
/// those whose ordering breaks, and as few more as possible to free rooms; `None` when nothing
/// weighing at most `bound` makes room. Leaves the state as it found it.
fn ejections_shaped(
    prep: &Prep,
    st: &mut State,
    i: usize,
    s: usize,
    bound: u64,
) -> Option<Vec<usize>> {
    let e = prep.item_event[i];
    let len = prep.item_len[i];
    // Another run of its own event in the way (overlapping, or that day) goes out too, so
    // that a run can take another's day.
    let mut out: Vec<usize> = Vec::new();
    for &j in &prep.ev_items[e] {
        if j == i {
            continue;
        }
        if let Some(t) = st.slot_of[j] {
            if t < s + len && s < t + prep.item_len[j] {
                out.push(j);
            }
        }
    }
    st.too_close(prep, i, s, |j| {
        if !out.contains(&j) {
            out.push(j)
        }
    });
    for t in s..s + len {
        for &j in &st.slot_items[t] {
            if j != i && prep.adjacent(e, prep.item_event[j]) && !out.contains(&j) {
                out.push(j);
            }
        }
    }
    st.prec_violators_run(prep, e, s, len, &mut out);
    out.retain(|&j| j != i);
    let mut cost = ejection_weight(prep, st, (i, s), &mut out, bound)?;
    if !prep.needs_rooms(i) {
        return Some(out);
    }
    // Take the clashing items out and try the rooms; take more out while needed; put every
    // item back where it was, in the rooms it had first.
    let was_placed = st.slot_of[i];
    let mut taken: Vec<(usize, usize, Vec<Option<usize>>)> = Vec::new();
    if let Some(t) = was_placed {
        taken.push((i, t, st.item_rooms[i].clone()));
        st.remove(prep, i);
    }
    for &j in &out {
        if let Some(t) = st.slot_of[j] {
            taken.push((j, t, st.item_rooms[j].clone()));
            st.remove(prep, j);
        }
    }
    let mut wanted = vec![false; prep.n_rooms];
    for r in prep.groups[e].iter().flatten().flatten() {
        wanted[*r] = true;
    }
    let mut extra: Vec<usize> = Vec::new();
    let ok = loop {
        if st.insert(prep, i, s) {
            st.remove(prep, i);
            break true;
        }
        let victim = (s..s + len)
            .flat_map(|t| st.slot_items[t].iter().copied())
            .filter(|&j| j != i)
            .filter(|&j| st.item_rooms[j].iter().flatten().any(|&r| wanted[r]))
            .min_by_key(|&j| (prep.item_w[j], j));
        match victim {
            Some(j) if cost + prep.item_w[j] <= bound => {
                cost += prep.item_w[j];
                let t = st.slot_of[j].expect("an item in a slot is placed");
                taken.push((j, t, st.item_rooms[j].clone()));
                st.remove(prep, j);
                extra.push(j);
            }
            _ => break false,
        }
    };
    for (j, t, rooms) in &taken {
        let back = st.insert_prefer(prep, *j, *t, rooms);
        debug_assert!(back, "an item goes back where it was");
    }
    ok.then(|| {
        out.extend(extra);
        out
    })
}

/// What a repair step weighs: items ejected, their weight, the displacement of the slot.
type Ejection = (usize, u64, u64);

/// Tabu search over partial placements: repeatedly puts a left-out item in the slot where the
/// items it ejects weigh least, forbidding ejected items to return to that slot for a while.
/// Keeps the best state (least weight left out).
pub(crate) fn repair(
    prep: &Prep,
    st: &mut State,
    rng: &mut ChaCha8Rng,
    deadline: Instant,
    max_iters: u64,
) {
    if st.unplaced_w == 0 {
        return;
    }
    let n_slots = prep.n_slots;
    let mut best = st.clone();
    let mut tabu = vec![0u64; prep.n_items() * n_slots];
    for iter in 1..=max_iters {
        if iter % 32 == 0 && Instant::now() >= deadline {
            break;
        }
        let unplaced = st.unplaced();
        let Some(&i) = unplaced.choose(rng) else {
            break;
        };
        // Fewest ejected items first, then least weight: reaching a full placement matters
        // most; then the least displacement from an old week.
        let mut choice: Option<(Ejection, usize, Vec<usize>)> = None;
        let mut ties = 0u32;
        for &s in prep.starts(i) {
            let Some(ej) = ejections(prep, st, i, s, u64::MAX) else {
                continue;
            };
            let weight: u64 = ej.iter().map(|&j| prep.item_w[j]).sum();
            let moved = prep.displacement(prep.item_event[i], s, prep.item_len[i]);
            let cost = (ej.len(), weight, moved);
            if choice.as_ref().is_some_and(|c| cost > c.0) {
                continue;
            }
            let improves_best = st.unplaced_w + weight < best.unplaced_w + prep.item_w[i];
            if tabu[i * n_slots + s] > iter && !improves_best {
                continue;
            }
            match &choice {
                Some((c, ..)) if cost > *c => {}
                Some((c, ..)) if cost == *c => {
                    ties += 1;
                    if rng.gen_range(0..=ties) == 0 {
                        choice = Some((cost, s, ej));
                    }
                }
                _ => {
                    ties = 0;
                    choice = Some((cost, s, ej));
                }
            }
        }
        let Some((_, s, ej)) = choice else {
            continue;
        };
        let was: Vec<(usize, Option<usize>, Vec<Option<usize>>)> = ej
            .iter()
            .map(|&j| (j, st.slot_of[j], st.item_rooms[j].clone()))
            .collect();
        for &j in &ej {
            st.remove(prep, j);
        }
        if !st.insert(prep, i, s) {
            // Rare (a run's rooms are found greedily): put things back.
            for (j, t, rooms) in was {
                match t {
                    Some(t) if prep.shaped => {
                        st.insert_prefer(prep, j, t, &rooms);
                    }
                    _ => {
                        best_insert(prep, st, j, rng);
                    }
                }
            }
            continue;
        }
        let tenure = (unplaced.len() as u64 * 6 / 10) + rng.gen_range(0..10);
        for &j in &ej {
            if let Some(t) = tabu.get_mut(j * n_slots + s) {
                *t = iter + tenure;
            }
        }
        if st.unplaced_w < best.unplaced_w {
            best = st.clone();
            if best.unplaced_w == 0 {
                break;
            }
        }
    }
    *st = best;
}

/// The temperatures of the annealing: it cools geometrically from `hi` to `lo` over a round.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Heat {
    /// Where the first round starts: the mean rise of a random legal move of the start.
    pub hi: f64,
    /// Where every round ends: a tenth of the least rise met, so that the end is a descent.
    pub lo: f64,
}

/// Measures the temperatures of `st` from 300 legal moves priced and not made.
pub(crate) fn heat(prep: &Prep, st: &mut State, rng: &mut ChaCha8Rng, dx: &mut Delta) -> Heat {
    let mut sum = 0.0;
    let mut uphill = 0u32;
    let mut least = i64::MAX;
    for _ in 0..300 {
        let mut judge = Judge {
            dx: &mut *dx,
            accept: &mut |_, _| false,
        };
        if let Some(d) = try_move(prep, st, rng, &mut judge) {
            if d > 0 {
                sum += d as f64;
                uphill += 1;
                least = least.min(d);
            }
        }
    }
    let hi = if uphill > 0 {
        (sum / f64::from(uphill)).max(0.5)
    } else {
        1.0
    };
    let lo = if least < i64::MAX {
        least as f64 * 0.1
    } else {
        0.02
    };
    Heat {
        hi,
        lo: lo.min(hi * 0.05).max(1e-3),
    }
}

/// Simulated annealing on the soft cost over moves of one meeting to another slot, swaps of two
/// meetings and Kempe-chain interchanges of two slots, each keeping every hard rule (rooms
/// re-matched in the slots it touches); left-out items are tried again now and then. The
/// temperature falls geometrically from `hi` to `lo` as time runs to `deadline` or the
/// iterations to `max_iters`, whichever is further on. Ends in the best state met.
pub(crate) fn anneal(
    prep: &Prep,
    st: &mut State,
    rng: &mut ChaCha8Rng,
    deadline: Instant,
    max_iters: u64,
    (hi, lo): (f64, f64),
) {
    let start = Instant::now();
    let span = deadline.saturating_duration_since(start).as_secs_f64();
    let placed = (0..prep.n_items()).any(|i| st.slot_of[i].is_some());
    if !placed || span <= 0.0 || max_iters == 0 {
        return;
    }
    let mut dx = Delta::new(prep);
    let mut best = st.clone();
    let mut best_since = 0u64;
    let lo = lo.min(hi);
    let mut temp = hi;
    for iter in 0..max_iters {
        if iter % 256 == 0 {
            let now = Instant::now();
            if now >= deadline || (st.soft == 0 && st.unplaced_w == 0 && st.over == 0) {
                break;
            }
            let progress = (now - start).as_secs_f64() / span;
            let progress = progress.max(iter as f64 / max_iters as f64).min(1.0);
            temp = hi * (lo / hi).powf(progress);
            if st.unplaced_w > 0 && iter % 4096 == 0 {
                for i in st.unplaced() {
                    if !best_insert(prep, st, i, rng) {
                        swap_insert(prep, st, i, rng, &mut 100);
                    }
                }
            }
        }
        // Gaps over a limit never grow; within them, the soft cost anneals.
        let mut accept = |(over, d): (i64, i64), u: f64| {
            over < 0 || (over == 0 && (d <= 0 || (-(d as f64) / temp).exp() > u))
        };
        let mut judge = Judge {
            dx: &mut dx,
            accept: &mut accept,
        };
        let _ = match rng.gen_range(0..10) {
            0..=3 => try_move(prep, st, rng, &mut judge),
            4..=6 => try_swap(prep, st, rng, &mut judge),
            _ => try_kempe(prep, st, rng, &mut judge),
        };
        if st.key() < best.key()
            && (iter - best_since > 500 || st.unplaced_w < best.unplaced_w || st.over < best.over)
        {
            best = st.clone();
            best_since = iter;
        }
    }
    if st.key() > best.key() {
        *st = best;
    }
}

/// A random item, when it is placed: the item, its slot and its event.
fn draw(prep: &Prep, st: &State, rng: &mut ChaCha8Rng) -> Option<(usize, usize, usize)> {
    let i = rng.gen_range(0..prep.n_items());
    Some((i, st.slot_of[i]?, prep.item_event[i]))
}

/// Moves one random placed item to another random allowed slot where it breaks no rule; keeps
/// the move when `judge` accepts it. Returns the delta of a legal move.
fn try_move(prep: &Prep, st: &mut State, rng: &mut ChaCha8Rng, judge: &mut Judge) -> Option<i64> {
    if prep.shaped {
        return try_move_shaped(prep, st, rng, judge);
    }
    let (i, from, e) = draw(prep, st, rng)?;
    // A random clash-free slot (Lewis 2012's move to a free timeslot), found from the counts.
    let mut to = None;
    let mut seen = 0u32;
    for &s in &prep.allowed[e] {
        if s != from && st.busy(prep, e, s) == 0 {
            seen += 1;
            if rng.gen_range(0..seen) == 0 {
                to = Some(s);
            }
        }
    }
    let to = to?;
    debug_assert!(!st.clashes(prep, e, to, &[i]));
    if !st.prec_ok(prep, e, to, &[i]) {
        return None;
    }
    let priced = [(e, from, to)];
    let priced = prep.fast[e].then_some(&priced[..]);
    judge.judge(prep, st, rng, priced, &[(i, from, to)], false)
}

/// [`try_move`] for problems with runs: a random placed item (a run) to another of its starts.
fn try_move_shaped(
    prep: &Prep,
    st: &mut State,
    rng: &mut ChaCha8Rng,
    judge: &mut Judge,
) -> Option<i64> {
    let (i, from, _) = draw(prep, st, rng)?;
    let &to = prep.starts(i).choose(rng)?;
    if to == from || !st.fits(prep, i, to, &[]) {
        return None;
    }
    judge.judge(prep, st, rng, None, &[(i, from, to)], false)
}

/// [`try_swap`] for problems with runs: two placed items of different events trade start
/// slots when each fits the other's.
fn try_swap_shaped(
    prep: &Prep,
    st: &mut State,
    rng: &mut ChaCha8Rng,
    judge: &mut Judge,
) -> Option<i64> {
    let (i, s1, e) = draw(prep, st, rng)?;
    let &s2 = prep.starts(i).choose(rng)?;
    if s2 == s1 {
        return None;
    }
    let &j = st.slot_items[s2].choose(rng)?;
    let t2 = st.slot_of[j]?;
    if prep.item_event[j] == e || !prep.starts(i).contains(&t2) || !prep.starts(j).contains(&s1) {
        return None;
    }
    judge.judge(prep, st, rng, None, &[(i, s1, t2), (j, t2, s1)], true)
}

/// Swaps the slots of two random placed items of different events when no rule breaks; keeps
/// the swap when `judge` accepts it. Returns the delta of a legal swap.
fn try_swap(prep: &Prep, st: &mut State, rng: &mut ChaCha8Rng, judge: &mut Judge) -> Option<i64> {
    if prep.shaped {
        return try_swap_shaped(prep, st, rng, judge);
    }
    let (i, s1, e) = draw(prep, st, rng)?;
    let &s2 = prep.allowed[e].choose(rng)?;
    if s2 == s1 {
        return None;
    }
    // The partner: the one item of s2 in e's way when there is exactly one, else any item of
    // s2 (a swap of two meetings that clash with nothing else).
    let j = match st.busy(prep, e, s2) {
        0 => *st.slot_items[s2].choose(rng)?,
        1 => st.slot_items[s2].iter().copied().find(|&j| {
            let f = prep.item_event[j];
            f == e || prep.adjacent(e, f)
        })?,
        _ => return None,
    };
    let f = prep.item_event[j];
    if f == e || !prep.allowed[f].contains(&s1) {
        return None;
    }
    let both = u16::from(prep.adjacent(e, f));
    if st.busy(prep, f, s1) > both {
        return None;
    }
    let ign = [i, j];
    if st.clashes(prep, e, s2, &ign)
        || st.clashes(prep, f, s1, &ign)
        || !st.prec_ok(prep, e, s2, &ign)
        || !st.prec_ok(prep, f, s1, &ign)
        || (prep.before[e].contains(&f) && s1 >= s2)
        || (prep.after[e].contains(&f) && s1 <= s2)
    {
        return None;
    }
    let priced = [(e, s1, s2), (f, s2, s1)];
    let priced = (prep.fast[e] && prep.fast[f]).then_some(&priced[..]);
    judge.judge(prep, st, rng, priced, &[(i, s1, s2), (j, s2, s1)], false)
}

/// Moves a Kempe chain: the items of two slots connected by clashes, starting from a random
/// placed item, trade slots (clashes stay impossible; allowed slots, ordering and rooms are
/// checked). Keeps it when `judge` accepts it. Returns the delta of a legal
/// chain move.
fn try_kempe(prep: &Prep, st: &mut State, rng: &mut ChaCha8Rng, judge: &mut Judge) -> Option<i64> {
    let (i, s1, e) = draw(prep, st, rng)?;
    let &s2 = prep.allowed[e].choose(rng)?;
    if s2 == s1 {
        return None;
    }
    // Grow the chain.
    let mut chain = vec![i];
    let mut k = 0;
    while k < chain.len() {
        let j = chain[k];
        k += 1;
        let there = if st.slot_of[j] == Some(s1) { s2 } else { s1 };
        let f = prep.item_event[j];
        if !prep.allowed[f].contains(&there) {
            return None;
        }
        for &o in &st.slot_items[there] {
            let g = prep.item_event[o];
            if (g == f || prep.adjacent(f, g)) && !chain.contains(&o) {
                chain.push(o);
                if chain.len() > 24 {
                    return None;
                }
            }
        }
    }
    // With runs, a chain moves single meetings only.
    if prep.shaped && chain.iter().any(|&j| prep.item_len[j] > 1) {
        return None;
    }
    let from: Vec<usize> = chain.iter().map(|&j| st.slot_of[j].unwrap_or(s1)).collect();
    let to = |s: usize| if s == s1 { s2 } else { s1 };
    // Ordering with items outside the chain, and inside it.
    for (n, &j) in chain.iter().enumerate() {
        let f = prep.item_event[j];
        if !st.prec_ok(prep, f, to(from[n]), &chain) {
            return None;
        }
        for (m, &o) in chain.iter().enumerate() {
            let g = prep.item_event[o];
            if prep.after[f].contains(&g) && to(from[n]) >= to(from[m]) {
                return None;
            }
        }
    }
    let moves: Vec<(usize, usize, usize)> = chain
        .iter()
        .zip(&from)
        .map(|(&j, &s)| (j, s, to(s)))
        .collect();
    let priced: Vec<(usize, usize, usize)> = moves
        .iter()
        .map(|&(j, s, t)| (prep.item_event[j], s, t))
        .collect();
    let priced = priced
        .iter()
        .all(|&(f, ..)| prep.fast[f])
        .then_some(&priced[..]);
    judge.judge(prep, st, rng, priced, &moves, prep.shaped)
}

/// The rooms the items of a move had, per item.
type Taken = Vec<Vec<Option<usize>>>;

/// Takes the placed items of `moves` (item, from, to) out and puts each in its `to` slot, in
/// order (first checking that its run fits there, when `fit`); when one does not go in, every
/// item goes back to its old slot and rooms and nothing has changed. Returns the old rooms and
/// the (over, soft) change of the move made.
fn shift(
    prep: &Prep,
    st: &mut State,
    moves: &[(usize, usize, usize)],
    fit: bool,
) -> Option<(Taken, (i64, i64))> {
    let before = (st.over, st.soft);
    let rooms: Taken = moves
        .iter()
        .map(|&(i, ..)| st.item_rooms[i].clone())
        .collect();
    for &(i, ..) in moves {
        st.remove(prep, i);
    }
    for (k, &(i, _, to)) in moves.iter().enumerate() {
        if (fit && !st.fits(prep, i, to, &[])) || !st.insert(prep, i, to) {
            for &(j, ..) in &moves[..k] {
                st.remove(prep, j);
            }
            put_back(prep, st, moves, &rooms);
            return None;
        }
    }
    Some((
        rooms,
        (st.over as i64 - before.0 as i64, st.soft - before.1),
    ))
}

/// Puts the items of `moves`, taken out, back in their old slots, in their old rooms first.
fn put_back(prep: &Prep, st: &mut State, moves: &[(usize, usize, usize)], rooms: &Taken) {
    for (&(i, from, _), r) in moves.iter().zip(rooms) {
        let back = st.insert_prefer(prep, i, from, r);
        debug_assert!(back);
    }
}

/// How a move is judged: the soft cost of events priced before anything moves, and the
/// acceptance test (the temperature's) of a move's (over, soft) change and a uniform draw.
struct Judge<'a> {
    dx: &'a mut Delta,
    accept: &'a mut dyn FnMut((i64, i64), f64) -> bool,
}

impl Judge<'_> {
    /// Makes `moves` (item, from, to) when accepted. With `priced` (event, from, to: every
    /// event of the move can be priced), the move is priced first and a refused one moves
    /// nothing, so it costs no room matching; otherwise it is made ([`shift`]), judged, and
    /// undone when refused. Returns the soft change of a legal move.
    fn judge(
        &mut self,
        prep: &Prep,
        st: &mut State,
        rng: &mut ChaCha8Rng,
        priced: Option<&[(usize, usize, usize)]>,
        moves: &[(usize, usize, usize)],
        fit: bool,
    ) -> Option<i64> {
        if let Some(events) = priced {
            let d = self.dx.eval(prep, st, events);
            if !(self.accept)((0, d), rng.gen()) {
                return Some(d);
            }
            let (_, delta) = shift(prep, st, moves, fit)?;
            debug_assert_eq!(delta.1, d, "a priced move costs what it was priced");
            return Some(d);
        }
        let (rooms, delta) = shift(prep, st, moves, fit)?;
        if !(self.accept)(delta, rng.gen()) {
            for &(i, ..) in moves {
                st.remove(prep, i);
            }
            put_back(prep, st, moves, &rooms);
        }
        Some(delta.1)
    }
}
