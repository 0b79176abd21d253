//! The working state of a placement: which slot each meeting is in, which room each group has
//! (a bipartite matching per slot, kept by augmenting paths), and the soft cost, all updated
//! incrementally as meetings move.

use super::cost::DayCost;
use super::{Options, Problem};
use crate::ids::{Idx, SlotId};
use crate::matching;

/// What the search needs to know about a problem, precomputed once. An *item* is one meeting of
/// an event.
pub(crate) struct Prep<'a> {
    /// The problem.
    pub p: &'a Problem,
    /// Slots in the week.
    pub n_slots: usize,
    /// Days in the week.
    pub days: usize,
    /// Periods in a day.
    pub ppd: usize,
    /// Rooms.
    pub n_rooms: usize,
    /// The event of each item.
    pub item_event: Vec<usize>,
    /// The items of each event.
    pub ev_items: Vec<Vec<usize>>,
    /// What leaving an item out costs: its event's weight first, then one per item.
    pub item_w: Vec<u64>,
    /// Per event, per group: the valid suitable rooms, or `None` when it needs no room.
    pub groups: Vec<Vec<Option<Vec<usize>>>>,
    /// Per event: its allowed slots in the week.
    pub allowed: Vec<Vec<usize>>,
    words: usize,
    adj: Vec<u64>,
    /// Per event: how many events it clashes with.
    pub degree: Vec<usize>,
    /// Per event: events that must come before it.
    pub before: Vec<Vec<usize>>,
    /// Per event: events that must come after it.
    pub after: Vec<Vec<usize>>,
    /// Per event: the attendance sets it is in.
    pub ev_att: Vec<Vec<usize>>,
    /// Per attendance set: how many people.
    pub att_count: Vec<u64>,
    /// Per event: the cost of each meeting beyond one on a day (0 when spread is not wanted).
    pub spread_w: Vec<u64>,
    /// What a day of an attendee costs.
    pub day_cost: DayCost,
    /// Per room: whether it is free in each slot (room * n_slots + slot).
    room_free: Vec<bool>,
    /// Per item: how many consecutive periods it occupies (1 unless its event has runs).
    pub item_len: Vec<usize>,
    /// Per event: the fewest days between two of its items (0: any; 1: distinct days, as the
    /// runs of an event with runs always are).
    pub own_days: Vec<usize>,
    /// Per event: the other events whose items keep days apart from its own, with the fewest
    /// days between (the largest asked for each pair).
    pub apart: Vec<Vec<(usize, usize)>>,
    /// Whether any event has runs, or keeps days apart (the search then uses its run-aware
    /// moves, which check every rule of a move; without either it is exactly the single-period
    /// engine).
    pub shaped: bool,
    /// Per item: index into `start_lists` of the slots it may start in.
    item_starts: Vec<usize>,
    /// Start slots, per event and run length.
    start_lists: Vec<Vec<usize>>,
    /// Per event: the limits (indices into `p.limits`) of the people attending it.
    pub ev_lim: Vec<Vec<usize>>,
    /// Per limit and day: the periods that are never the person's gaps (closed slots, their
    /// slots away).
    closed_day: Vec<u64>,
    /// Per event: what a meeting costs in each slot for being away from the old week (empty:
    /// nothing; see [`Problem::displaced`]).
    displaced: Vec<Vec<u64>>,
    /// Per event: the events it may not share a slot with, itself first.
    pub nbrs: Vec<Vec<usize>>,
    /// Per event: whether a move of one of its meetings can be priced before it is made
    /// ([`Delta`]): single periods, no limits of people on it, days of at most 64 periods.
    pub fast: Vec<bool>,
}

impl<'a> Prep<'a> {
    /// Precomputes `p`, ignoring indices out of range.
    pub(crate) fn new(p: &'a Problem, options: &Options) -> Self {
        let n_slots = (p.days * p.periods_per_day).min(crate::ids::SlotSet::CAPACITY);
        let n = p.events.len();
        let n_rooms = p.rooms.len();
        let mut item_event = Vec::new();
        let mut item_len = Vec::new();
        let mut ev_items = vec![Vec::new(); n];
        for (e, ev) in p.events.iter().enumerate() {
            let lens: Vec<usize> = if ev.runs.is_empty() {
                vec![1; ev.meetings.min(n_slots as u32) as usize]
            } else {
                let mut r: Vec<usize> = ev.runs.iter().map(|&l| l.max(1) as usize).collect();
                r.sort_unstable_by(|a, b| b.cmp(a));
                r.truncate(p.days.max(1));
                r
            };
            for len in lens {
                ev_items[e].push(item_event.len());
                item_event.push(e);
                item_len.push(len);
            }
        }
        let mut own_days: Vec<usize> = p
            .events
            .iter()
            .map(|ev| usize::from(!ev.runs.is_empty()))
            .collect();
        let mut apart: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        for &(a, b, days) in p.apart.iter().filter(|x| x.0 < n && x.1 < n) {
            let days = days as usize;
            if a == b {
                own_days[a] = own_days[a].max(days);
                continue;
            }
            for (x, y) in [(a, b), (b, a)] {
                match apart[x].iter_mut().find(|z| z.0 == y) {
                    Some(z) => z.1 = z.1.max(days),
                    None => apart[x].push((y, days)),
                }
            }
        }
        let shaped = p.events.iter().any(|ev| !ev.runs.is_empty())
            || own_days.iter().any(|&d| d > 0)
            || apart.iter().any(|a| !a.is_empty());
        let n_items = item_event.len() as u64;
        let item_w = item_event
            .iter()
            .zip(&item_len)
            .map(|(&e, &len)| {
                p.events[e]
                    .weight
                    .saturating_mul(n_items + 1)
                    .saturating_add(1)
                    .saturating_mul(len as u64)
            })
            .collect();
        let groups = p
            .events
            .iter()
            .map(|ev| {
                ev.groups
                    .iter()
                    .map(|g| {
                        g.needs_room.then(|| {
                            let mut r: Vec<usize> =
                                g.rooms.iter().copied().filter(|&r| r < n_rooms).collect();
                            let mut seen = vec![false; n_rooms];
                            r.retain(|&x| !std::mem::replace(&mut seen[x], true));
                            r
                        })
                    })
                    .collect()
            })
            .collect();
        let allowed: Vec<Vec<usize>> = p
            .events
            .iter()
            .map(|ev| {
                ev.allowed
                    .iter()
                    .map(|s| s.index())
                    .filter(|&s| s < n_slots)
                    .collect()
            })
            .collect();
        // Where a run of each length may start: all its periods allowed, within one day, no
        // break inside.
        let ppd = p.periods_per_day.max(1);
        let mut start_lists: Vec<Vec<usize>> = Vec::new();
        let mut list_of: std::collections::HashMap<(usize, usize), usize> = Default::default();
        let item_starts = item_event
            .iter()
            .zip(&item_len)
            .map(|(&e, &len)| {
                *list_of.entry((e, len)).or_insert_with(|| {
                    let ok = |s: usize| {
                        let q = s % ppd;
                        q + len <= ppd
                            && (s..s + len).all(|t| {
                                t < n_slots && p.events[e].allowed.contains(SlotId(t as u32))
                            })
                            && (q..q + len - 1).all(|b| !p.breaks.get(b).copied().unwrap_or(false))
                    };
                    start_lists.push(allowed[e].iter().copied().filter(|&s| ok(s)).collect());
                    start_lists.len() - 1
                })
            })
            .collect();
        let words = n.div_ceil(64).max(1);
        let mut adj = vec![0u64; n * words];
        let mut ev_att = vec![Vec::new(); n];
        let mut link = |set: &[usize]| {
            let set: Vec<usize> = set.iter().copied().filter(|&e| e < n).collect();
            for (k, &a) in set.iter().enumerate() {
                for &b in &set[k + 1..] {
                    if a != b {
                        adj[a * words + b / 64] |= 1 << (b % 64);
                        adj[b * words + a / 64] |= 1 << (a % 64);
                    }
                }
            }
        };
        for (i, a) in p.attendance.iter().enumerate() {
            link(&a.events);
            for &e in &a.events {
                if e < n && ev_att[e].last() != Some(&i) {
                    ev_att[e].push(i);
                }
            }
        }
        for c in &p.cliques {
            link(c);
        }
        // A person with limits is in one place at a time (their events form a clique); days
        // longer than 64 periods are beyond the limits' day masks.
        let limited = p.periods_per_day <= 64;
        let mut ev_lim = vec![Vec::new(); n];
        for (l, lim) in p.limits.iter().enumerate() {
            if !limited {
                break;
            }
            link(&lim.events);
            for &e in &lim.events {
                if e < n && !ev_lim[e].contains(&l) {
                    ev_lim[e].push(l);
                }
            }
        }
        let closed_day = p
            .limits
            .iter()
            .flat_map(|lim| {
                (0..p.days).map(move |d| {
                    (0..p.periods_per_day.min(64))
                        .filter(|&q| {
                            let s = SlotId((d * p.periods_per_day + q) as u32);
                            p.closed.contains(s) || lim.away.contains(s)
                        })
                        .fold(0u64, |m, q| m | 1 << q)
                })
            })
            .collect();
        let degree = (0..n)
            .map(|e| {
                adj[e * words..(e + 1) * words]
                    .iter()
                    .map(|w| w.count_ones() as usize)
                    .sum()
            })
            .collect();
        let mut before = vec![Vec::new(); n];
        let mut after = vec![Vec::new(); n];
        for &(a, b) in &p.precedence {
            if a < n && b < n && a != b && !after[a].contains(&b) {
                after[a].push(b);
                before[b].push(a);
            }
        }
        let mut room_free = vec![true; n_rooms * n_slots];
        for (r, room) in p.rooms.iter().enumerate() {
            for s in room.unavailable.iter() {
                if s.index() < n_slots {
                    room_free[r * n_slots + s.index()] = false;
                }
            }
        }
        let displaced = (0..n)
            .map(|e| match p.displaced.get(e) {
                Some(row) if row.iter().any(|&c| c > 0) => {
                    let mut row = row.clone();
                    row.resize(n_slots, 0);
                    row
                }
                _ => Vec::new(),
            })
            .collect::<Vec<Vec<u64>>>();
        let fast = (0..n)
            .map(|e| {
                !shaped
                    && ev_lim[e].is_empty()
                    && displaced[e].is_empty()
                    && p.days > 0
                    && (1..=64).contains(&p.periods_per_day)
            })
            .collect();
        let nbrs = (0..n)
            .map(|e| {
                std::iter::once(e)
                    .chain(
                        (0..n).filter(|&f| f != e && adj[e * words + f / 64] >> (f % 64) & 1 == 1),
                    )
                    .collect()
            })
            .collect();
        Self {
            fast,
            nbrs,
            p,
            n_slots,
            days: p.days,
            ppd: p.periods_per_day,
            n_rooms,
            item_event,
            ev_items,
            item_w,
            groups,
            allowed,
            words,
            adj,
            degree,
            before,
            after,
            ev_att,
            att_count: p.attendance.iter().map(|a| a.count).collect(),
            spread_w: p
                .events
                .iter()
                .map(|e| if e.spread { e.weight.max(1) } else { 0 })
                .collect(),
            // With runs (a school with lesson shapes), pupils' gaps count too.
            day_cost: DayCost::with_gaps(p.periods_per_day, options.itc_soft, shaped),
            room_free,
            item_len,
            own_days,
            apart,
            shaped,
            item_starts,
            start_lists,
            ev_lim,
            closed_day,
            displaced,
        }
    }

    /// What event `e` costs in slots `s..s + len` for being away from the old week.
    #[inline]
    pub(crate) fn displacement(&self, e: usize, s: usize, len: usize) -> u64 {
        match self.displaced[e].get(s..s + len) {
            Some(row) => row.iter().sum(),
            None => 0,
        }
    }

    /// Whether the problem has an old week to stay close to.
    pub(crate) fn has_old_week(&self) -> bool {
        self.displaced.iter().any(|row| !row.is_empty())
    }

    /// Whether event `e` has an old week (a row of costs).
    pub(crate) fn has_home(&self, e: usize) -> bool {
        !self.displaced[e].is_empty()
    }

    /// The gaps of day `d` of the person of limit `l` whose busy periods are `mask`: free
    /// periods between the first and the last busy one that are neither closed nor away.
    pub(crate) fn gaps(&self, l: usize, d: usize, mask: u64) -> u32 {
        if mask == 0 {
            return 0;
        }
        let hi = 63 - mask.leading_zeros();
        let span = (u64::MAX >> (63 - hi)) & !((1u64 << mask.trailing_zeros()) - 1);
        let closed = self.closed_day.get(l * self.days + d).copied().unwrap_or(0);
        (span & !mask & !closed).count_ones()
    }

    /// The open periods of day `d` before the first busy one of the person of limit `l`
    /// (`mask` their busy periods; 0 for a free day): periods neither closed nor away.
    pub(crate) fn late(&self, l: usize, d: usize, mask: u64) -> u32 {
        if mask == 0 {
            return 0;
        }
        let before = (1u64 << mask.trailing_zeros()) - 1;
        let closed = self.closed_day.get(l * self.days + d).copied().unwrap_or(0);
        (before & !closed).count_ones()
    }

    /// The slots item `i` may start in.
    #[inline]
    pub(crate) fn starts(&self, i: usize) -> &[usize] {
        &self.start_lists[self.item_starts[i]]
    }

    /// Whether events `a` and `b` may not share a slot (a common attendee or clique).
    #[inline]
    pub(crate) fn adjacent(&self, a: usize, b: usize) -> bool {
        self.adj[a * self.words + b / 64] >> (b % 64) & 1 == 1
    }

    /// Whether room `r` may be used in slot `s`.
    #[inline]
    pub(crate) fn room_free(&self, r: usize, s: usize) -> bool {
        self.room_free[r * self.n_slots + s]
    }

    /// Items in all.
    pub(crate) fn n_items(&self) -> usize {
        self.item_event.len()
    }

    /// Whether an item needs any room.
    pub(crate) fn needs_rooms(&self, i: usize) -> bool {
        self.groups[self.item_event[i]].iter().any(Option::is_some)
    }
}

/// A partial placement with its matchings and costs.
#[derive(Clone, Debug)]
pub(crate) struct State {
    /// The slot of each item, if placed.
    pub slot_of: Vec<Option<usize>>,
    /// Per item, per group: its room in its slot.
    pub item_rooms: Vec<Vec<Option<usize>>>,
    /// Per slot: the items in it.
    pub slot_items: Vec<Vec<usize>>,
    /// Per slot and room (slot * rooms + room): the (item, group) using it.
    owner: Vec<Option<(u32, u32)>>,
    /// Per attendance set and day: the busy periods.
    pub(crate) att_mask: Vec<u64>,
    /// Per event and day: its meetings that day.
    pub(crate) ev_day: Vec<u16>,
    /// Per event and slot (event * slots + slot): the placed items there that it may not meet
    /// with (its own and its neighbours'), so that a clash-free slot is found by a look-up.
    pub(crate) busy: Vec<u16>,
    /// Per limit and day: the person's busy periods.
    lim_mask: Vec<u64>,
    /// Per limit: days with any meeting.
    lim_days: Vec<u32>,
    /// Per limit: gaps in the week.
    lim_gaps: Vec<u32>,
    /// Per limit: days whose first meeting is after the first open period.
    lim_late: Vec<u32>,
    /// Gaps over the limits, weighed (0 when every `max_gaps` holds).
    pub over: u64,
    /// Sum of `item_w` over items left out.
    pub unplaced_w: u64,
    /// Soft cost (attendance days times counts, plus spread, plus the displacement from an
    /// old week).
    pub soft: i64,
}

impl State {
    /// Nothing placed.
    pub(crate) fn new(prep: &Prep) -> Self {
        Self {
            slot_of: vec![None; prep.n_items()],
            item_rooms: prep
                .item_event
                .iter()
                .map(|&e| vec![None; prep.groups[e].len()])
                .collect(),
            slot_items: vec![Vec::new(); prep.n_slots],
            owner: vec![None; prep.n_slots * prep.n_rooms],
            att_mask: vec![0; prep.p.attendance.len() * prep.days],
            ev_day: vec![0; prep.p.events.len() * prep.days],
            busy: vec![0; prep.p.events.len() * prep.n_slots],
            lim_mask: vec![0; prep.p.limits.len() * prep.days],
            lim_days: vec![0; prep.p.limits.len()],
            lim_gaps: vec![0; prep.p.limits.len()],
            lim_late: vec![0; prep.p.limits.len()],
            over: 0,
            unplaced_w: prep.item_w.iter().sum(),
            soft: 0,
        }
    }

    /// What the search lowers, in order: weight left out, gaps over the limits, soft cost.
    pub(crate) fn key(&self) -> (u64, u64, i64) {
        (self.unplaced_w, self.over, self.soft)
    }

    /// Whether item `i` from slot `s` keeps the hard limits (days, periods a day) of every
    /// person attending it, not counting items in `ignore` or `i` itself where placed.
    pub(crate) fn limits_fit(&self, prep: &Prep, i: usize, s: usize, ignore: &[usize]) -> bool {
        let e = prep.item_event[i];
        if prep.ev_lim[e].is_empty() || prep.ppd == 0 {
            return true;
        }
        let (d, q) = (s / prep.ppd, s % prep.ppd);
        let bits = run_bits(prep.item_len[i]) << q;
        // The days and periods of the items not counted.
        let mut out: Vec<(usize, usize, u64)> = Vec::new();
        for &j in ignore.iter().chain(std::iter::once(&i)) {
            if let Some(t) = self.slot_of[j] {
                let f = prep.item_event[j];
                let b = run_bits(prep.item_len[j]) << (t % prep.ppd);
                out.push((f, t / prep.ppd, b));
            }
        }
        for &l in &prep.ev_lim[e] {
            let lim = &prep.p.limits[l];
            if lim.max_days.is_none() && lim.max_daily.is_none() {
                continue;
            }
            let base = l * prep.days;
            let mut mask_d = self.lim_mask[base + d];
            let mut days = self.lim_days[l];
            let mut gone: Vec<(usize, u64)> = Vec::new();
            for &(f, dd, b) in &out {
                if !prep.ev_lim[f].contains(&l) {
                    continue;
                }
                match gone.iter_mut().find(|g| g.0 == dd) {
                    Some(g) => g.1 |= b,
                    None => gone.push((dd, b)),
                }
            }
            for &(dd, rm) in &gone {
                let m = self.lim_mask[base + dd];
                if m != 0 && m & !rm == 0 {
                    days -= 1;
                }
                if dd == d {
                    mask_d &= !rm;
                }
            }
            if lim
                .max_days
                .is_some_and(|max| mask_d == 0 && days + 1 > max)
            {
                return false;
            }
            if lim
                .max_daily
                .is_some_and(|max| (mask_d | bits).count_ones() > max)
            {
                return false;
            }
        }
        true
    }

    /// The limits whose `min_daily`, `max_run`, `max_gaps_daily` or `max_late_starts` are
    /// broken: limit, rule, its value, and the days it is broken on (for `max_late_starts`,
    /// the days starting late, or after the second open period where there are more).
    pub(crate) fn limits_day_over(&self, prep: &Prep) -> Vec<(usize, &'static str, u32, u32)> {
        let mut out = Vec::new();
        for (l, lim) in prep.p.limits.iter().enumerate() {
            let days = &self.lim_mask[l * prep.days..(l + 1) * prep.days];
            if let Some(min) = lim.min_daily {
                let n = days.iter().filter(|&&m| short_of(m, min) > 0).count() as u32;
                if n > 0 {
                    out.push((l, "min_daily", min, n));
                }
            }
            if let Some(max) = lim.max_run {
                let n = days.iter().filter(|&&m| run_excess(m, max) > 0).count() as u32;
                if n > 0 {
                    out.push((l, "max_run", max, n));
                }
            }
            let on = |f: &dyn Fn(usize, u64) -> bool| {
                days.iter().enumerate().filter(|&(d, &m)| f(d, m)).count() as u32
            };
            if let Some(max) = lim.max_gaps_daily {
                let n = on(&|d, m| prep.gaps(l, d, m) > max);
                if n > 0 {
                    out.push((l, "max_gaps_daily", max, n));
                }
            }
            if let Some(max) = lim.max_late_starts {
                let later = on(&|d, m| prep.late(l, d, m) > 1);
                if later > 0 || self.lim_late[l] > max {
                    out.push((l, "max_late_starts", max, later.max(self.lim_late[l])));
                }
            }
        }
        out
    }

    /// The limits whose gaps are over their `max_gaps`, with the gaps.
    pub(crate) fn limits_over(&self, prep: &Prep) -> Vec<(usize, u32)> {
        prep.p
            .limits
            .iter()
            .enumerate()
            .filter(|(l, lim)| lim.max_gaps.is_some_and(|m| self.lim_gaps[*l] > m))
            .map(|(l, _)| (l, self.lim_gaps[l]))
            .collect()
    }

    /// Whether event `e` in slot `s` would clash with an item there (its own or a neighbour's),
    /// not counting the items in `ignore`.
    pub(crate) fn clashes(&self, prep: &Prep, e: usize, s: usize, ignore: &[usize]) -> bool {
        self.slot_items[s].iter().any(|&j| {
            let f = prep.item_event[j];
            (f == e || prep.adjacent(e, f)) && !ignore.contains(&j)
        })
    }

    /// Whether event `e` in slot `s` keeps every ordering with placed items not in `ignore`.
    pub(crate) fn prec_ok(&self, prep: &Prep, e: usize, s: usize, ignore: &[usize]) -> bool {
        self.prec_ok_run(prep, e, s, 1, ignore)
    }

    /// Whether event `e` in slots `s..s + len` keeps every ordering with placed items not in
    /// `ignore` (a run of another event counts with all its periods).
    pub(crate) fn prec_ok_run(
        &self,
        prep: &Prep,
        e: usize,
        s: usize,
        len: usize,
        ignore: &[usize],
    ) -> bool {
        let placed = |f: usize| {
            prep.ev_items[f]
                .iter()
                .filter(|j| !ignore.contains(j))
                .filter_map(|&j| self.slot_of[j].map(|t| (t, prep.item_len[j])))
        };
        prep.before[e]
            .iter()
            .all(|&b| placed(b).all(|(t, l)| t + l - 1 < s))
            && prep.after[e]
                .iter()
                .all(|&a| placed(a).all(|(t, _)| t > s + len - 1))
    }

    /// Items (not in `ignore`) whose ordering with event `e` would break with `e` in slot `s`.
    pub(crate) fn prec_violators(&self, prep: &Prep, e: usize, s: usize, out: &mut Vec<usize>) {
        self.prec_violators_run(prep, e, s, 1, out);
    }

    /// Items whose ordering with event `e` would break with `e` in slots `s..s + len`.
    pub(crate) fn prec_violators_run(
        &self,
        prep: &Prep,
        e: usize,
        s: usize,
        len: usize,
        out: &mut Vec<usize>,
    ) {
        for &b in &prep.before[e] {
            for &j in &prep.ev_items[b] {
                if self.slot_of[j].is_some_and(|t| t + prep.item_len[j] > s) && !out.contains(&j) {
                    out.push(j);
                }
            }
        }
        for &a in &prep.after[e] {
            for &j in &prep.ev_items[a] {
                if self.slot_of[j].is_some_and(|t| t < s + len) && !out.contains(&j) {
                    out.push(j);
                }
            }
        }
    }

    /// Whether item `i` may start in slot `s` (one of its starts): no item of its own event or
    /// of an adjacent one in any of its periods, no item too few days away ([`State::too_close`]),
    /// and every ordering kept; items in `ignore` (and `i`) do not count.
    pub(crate) fn fits(&self, prep: &Prep, i: usize, s: usize, ignore: &[usize]) -> bool {
        let e = prep.item_event[i];
        let len = prep.item_len[i];
        for t in s..s + len {
            for &j in &self.slot_items[t] {
                if j == i || ignore.contains(&j) {
                    continue;
                }
                let f = prep.item_event[j];
                if f == e || prep.adjacent(e, f) {
                    return false;
                }
            }
        }
        let mut close = false;
        self.too_close(prep, i, s, |j| close |= !ignore.contains(&j));
        if close {
            return false;
        }
        let mut ign = ignore.to_vec();
        ign.push(i);
        self.prec_ok_run(prep, e, s, len, &ign) && self.limits_fit(prep, i, s, ignore)
    }

    /// Calls `f` with every placed item (not `i`) whose day is too close to slot `s` for item
    /// `i` there: another item of its event fewer than its `own_days` days away, or an item of
    /// an event kept apart from it fewer than their days away.
    pub(crate) fn too_close(&self, prep: &Prep, i: usize, s: usize, mut f: impl FnMut(usize)) {
        if prep.ppd == 0 {
            return;
        }
        let e = prep.item_event[i];
        let d = s / prep.ppd;
        let near = |f_ev: usize, days: usize, f: &mut dyn FnMut(usize)| {
            for &j in &prep.ev_items[f_ev] {
                if j != i && self.slot_of[j].is_some_and(|t| (t / prep.ppd).abs_diff(d) < days) {
                    f(j);
                }
            }
        };
        if prep.own_days[e] > 0 {
            near(e, prep.own_days[e], &mut f);
        }
        for &(other, days) in &prep.apart[e] {
            near(other, days, &mut f);
        }
    }

    /// Gives group `g` of item `i` a room in slot `s` (one of the group's rooms, in order),
    /// moving single meetings of the slot along an augmenting path; `visited` marks rooms tried.
    fn augment(&mut self, prep: &Prep, s: usize, i: usize, g: usize, visited: &mut [bool]) -> bool {
        let allowed = |(i, g): (u32, u32)| {
            prep.groups[prep.item_event[i as usize]][g as usize]
                .iter()
                .flatten()
                .copied()
        };
        let mut rooms = SlotRooms {
            state: self,
            prep,
            s,
        };
        matching::augment(&mut rooms, (i as u32, g as u32), &allowed, visited)
    }

    /// Gives every group of item `i` a room in slot `s`, moving other groups of the slot along
    /// augmenting paths; on failure the slot's rooms are as before and false is returned.
    pub(crate) fn rooms_insert(&mut self, prep: &Prep, i: usize, s: usize) -> bool {
        let e = prep.item_event[i];
        if prep.groups[e].iter().all(Option::is_none) {
            return true;
        }
        if prep.item_len[i] > 1 {
            return self.rooms_insert_run(prep, i, s, &[]);
        }
        let range = s * prep.n_rooms..(s + 1) * prep.n_rooms;
        let snapshot: Vec<Option<(u32, u32)>> = self.owner[range.clone()].to_vec();
        let mut visited = vec![false; prep.n_rooms];
        for g in 0..prep.groups[e].len() {
            if prep.groups[e][g].is_none() {
                continue;
            }
            visited.iter_mut().for_each(|v| *v = false);
            if !self.augment(prep, s, i, g, &mut visited) {
                self.owner[range.clone()].copy_from_slice(&snapshot);
                self.item_rooms[i].iter_mut().for_each(|r| *r = None);
                for (r, o) in snapshot.iter().enumerate() {
                    if let Some((i2, g2)) = *o {
                        self.item_rooms[i2 as usize][g2 as usize] = Some(r);
                    }
                }
                return false;
            }
        }
        true
    }

    /// Gives every group of run `i` one room for all its periods `s..`, trying the room in
    /// `prefer` (per group) first; single meetings in the way move along augmenting paths, runs
    /// never. On failure the rooms of those slots are as before and false is returned.
    fn rooms_insert_run(
        &mut self,
        prep: &Prep,
        i: usize,
        s: usize,
        prefer: &[Option<usize>],
    ) -> bool {
        let e = prep.item_event[i];
        let n_rooms = prep.n_rooms;
        let span = s..s + prep.item_len[i];
        let snapshot: Vec<Option<(u32, u32)>> =
            self.owner[span.start * n_rooms..span.end * n_rooms].to_vec();
        let mut visited = vec![false; n_rooms];
        for g in 0..prep.groups[e].len() {
            let Some(rooms) = &prep.groups[e][g] else {
                continue;
            };
            let first = prefer.get(g).copied().flatten();
            let order = first
                .into_iter()
                .chain(rooms.iter().copied().filter(|&r| Some(r) != first));
            let mut got = None;
            'room: for r in order {
                if !span.clone().all(|t| prep.room_free(r, t)) {
                    continue;
                }
                if span.clone().any(|t| {
                    self.owner[t * n_rooms + r].is_some_and(|(j, _)| prep.item_len[j as usize] > 1)
                }) {
                    continue;
                }
                for t in span.clone() {
                    if let Some((j, h)) = self.owner[t * n_rooms + r] {
                        visited.iter_mut().for_each(|v| *v = false);
                        visited[r] = true;
                        self.owner[t * n_rooms + r] = None;
                        if !self.augment(prep, t, j as usize, h as usize, &mut visited) {
                            self.owner[t * n_rooms + r] = Some((j, h));
                            continue 'room;
                        }
                    }
                }
                got = Some(r);
                break;
            }
            match got {
                Some(r) => {
                    for t in span.clone() {
                        self.owner[t * n_rooms + r] = Some((i as u32, g as u32));
                    }
                    self.item_rooms[i][g] = Some(r);
                }
                None => {
                    self.owner[span.start * n_rooms..span.end * n_rooms].copy_from_slice(&snapshot);
                    self.item_rooms[i].iter_mut().for_each(|r| *r = None);
                    for (k, o) in snapshot.iter().enumerate() {
                        if let Some((i2, g2)) = *o {
                            self.item_rooms[i2 as usize][g2 as usize] = Some(k % n_rooms);
                        }
                    }
                    return false;
                }
            }
        }
        true
    }

    /// Whether room `r` is held by a placed item in slot `s`.
    #[inline]
    pub(crate) fn room_taken(&self, prep: &Prep, s: usize, r: usize) -> bool {
        self.owner[s * prep.n_rooms + r].is_some()
    }

    /// The busy periods of limit `l`'s person on day `d`.
    #[inline]
    pub(crate) fn limit_mask(&self, prep: &Prep, l: usize, d: usize) -> u64 {
        self.lim_mask[l * prep.days + d]
    }

    /// Frees the rooms of item `i`, placed from slot `s`.
    pub(crate) fn rooms_remove(&mut self, prep: &Prep, i: usize, s: usize) {
        let len = prep.item_len[i];
        for g in 0..self.item_rooms[i].len() {
            if let Some(r) = self.item_rooms[i][g].take() {
                for t in s..s + len {
                    self.owner[t * prep.n_rooms + r] = None;
                }
            }
        }
    }

    /// Counts an item of event `e` in slots `s..s + len` in (or out of) its neighbours' `busy`.
    fn busy_update(&mut self, prep: &Prep, e: usize, s: usize, len: usize, add: bool) {
        for &f in &prep.nbrs[e] {
            for t in s..(s + len).min(prep.n_slots) {
                let k = f * prep.n_slots + t;
                if add {
                    self.busy[k] += 1;
                } else {
                    self.busy[k] -= 1;
                }
            }
        }
    }

    /// How many placed items in slot `s` event `e` may not meet with.
    #[inline]
    pub(crate) fn busy(&self, prep: &Prep, e: usize, s: usize) -> u16 {
        self.busy[e * prep.n_slots + s]
    }

    fn day_update(&mut self, prep: &Prep, e: usize, s: usize, len: usize, add: bool) {
        let moved = prep.displacement(e, s, len) as i64;
        self.soft += if add { moved } else { -moved };
        if prep.days == 0 || prep.ppd == 0 {
            return;
        }
        let (d, p) = (s / prep.ppd, s % prep.ppd);
        if p + len <= 64 {
            let bits = run_bits(len);
            for &l in &prep.ev_lim[e] {
                let k = l * prep.days + d;
                let old = self.lim_mask[k];
                let new = if add {
                    old | bits << p
                } else {
                    old & !(bits << p)
                };
                self.lim_mask[k] = new;
                match (old == 0, new == 0) {
                    (true, false) => self.lim_days[l] += 1,
                    (false, true) => self.lim_days[l] -= 1,
                    _ => {}
                }
                let lim = &prep.p.limits[l];
                if let Some(max) = lim.max_gaps {
                    let was = self.lim_gaps[l];
                    let now = was + prep.gaps(l, d, new) - prep.gaps(l, d, old);
                    self.lim_gaps[l] = now;
                    let excess = |g: u32| u64::from(g.saturating_sub(max)) * lim.weight.max(1);
                    self.over = self.over + excess(now) - excess(was);
                }
                if lim.min_daily.is_some()
                    || lim.max_run.is_some()
                    || lim.max_gaps_daily.is_some()
                    || lim.max_late_starts.is_some()
                {
                    let day = |m: u64| {
                        let short = lim.min_daily.map_or(0, |min| short_of(m, min));
                        let long = lim.max_run.map_or(0, |max| run_excess(m, max));
                        let gaps = lim
                            .max_gaps_daily
                            .map_or(0, |max| prep.gaps(l, d, m).saturating_sub(max));
                        let late = lim
                            .max_late_starts
                            .map_or(0, |_| prep.late(l, d, m).saturating_sub(1));
                        u64::from(short + long + gaps + late) * lim.weight.max(1)
                    };
                    self.over = self.over + day(new) - day(old);
                }
                if let Some(max) = lim.max_late_starts {
                    let was = self.lim_late[l];
                    let now = was + u32::from(prep.late(l, d, new) > 0)
                        - u32::from(prep.late(l, d, old) > 0);
                    self.lim_late[l] = now;
                    let excess = |n: u32| u64::from(n.saturating_sub(max)) * lim.weight.max(1);
                    self.over = self.over + excess(now) - excess(was);
                }
            }
            for &a in &prep.ev_att[e] {
                let k = a * prep.days + d;
                let old = self.att_mask[k];
                let new = if add {
                    old | bits << p
                } else {
                    old & !(bits << p)
                };
                self.att_mask[k] = new;
                let delta = i64::from(prep.day_cost.cost(new)) - i64::from(prep.day_cost.cost(old));
                self.soft += delta * prep.att_count[a] as i64;
            }
        }
        let k = e * prep.days + d;
        let w = prep.spread_w[e] as i64;
        if add {
            if self.ev_day[k] >= 1 {
                self.soft += w;
            }
            self.ev_day[k] += 1;
        } else {
            self.ev_day[k] -= 1;
            if self.ev_day[k] >= 1 {
                self.soft -= w;
            }
        }
    }

    /// Places item `i` in slot `s` if its groups can all get rooms (clashes and ordering are the
    /// caller's to check); returns whether it did.
    pub(crate) fn insert(&mut self, prep: &Prep, i: usize, s: usize) -> bool {
        self.insert_in(prep, i, s, None)
    }

    /// Places item `i` back in slot `s`, trying the rooms `rooms` (per group) it had there
    /// first; returns whether it did.
    pub(crate) fn insert_prefer(
        &mut self,
        prep: &Prep,
        i: usize,
        s: usize,
        rooms: &[Option<usize>],
    ) -> bool {
        if prep.item_len[i] == 1 || prep.groups[prep.item_event[i]].iter().all(Option::is_none) {
            return self.insert(prep, i, s);
        }
        self.insert_in(prep, i, s, Some(rooms))
    }

    /// [`State::insert`], the rooms of a run chosen as `rooms` (per group) first when given.
    fn insert_in(
        &mut self,
        prep: &Prep,
        i: usize,
        s: usize,
        rooms: Option<&[Option<usize>]>,
    ) -> bool {
        debug_assert!(self.slot_of[i].is_none());
        if !self.limits_fit(prep, i, s, &[]) {
            return false;
        }
        let roomed = match rooms {
            None => self.rooms_insert(prep, i, s),
            Some(rooms) => self.rooms_insert_run(prep, i, s, rooms),
        };
        if !roomed {
            return false;
        }
        let len = prep.item_len[i];
        self.slot_of[i] = Some(s);
        for t in s..s + len {
            self.slot_items[t].push(i);
        }
        self.unplaced_w -= prep.item_w[i];
        self.day_update(prep, prep.item_event[i], s, len, true);
        self.busy_update(prep, prep.item_event[i], s, len, true);
        true
    }

    /// Puts every meeting of an event with an old week in a slot where it costs nothing (where
    /// its classes met) when it fits there, events in order: the start of a re-solve, which the
    /// construction then completes.
    pub(crate) fn place_home(&mut self, prep: &Prep) {
        for e in 0..prep.p.events.len() {
            if !prep.has_home(e) {
                continue;
            }
            for &i in &prep.ev_items[e] {
                let len = prep.item_len[i];
                for &s in prep.starts(i) {
                    if self.slot_of[i].is_some() {
                        break;
                    }
                    if prep.displacement(e, s, len) > 0 {
                        continue;
                    }
                    let legal = if prep.shaped {
                        self.fits(prep, i, s, &[])
                    } else {
                        !self.clashes(prep, e, s, &[]) && self.prec_ok(prep, e, s, &[])
                    };
                    if legal {
                        self.insert(prep, i, s);
                    }
                }
            }
        }
    }

    /// Takes item `i` out of its slot.
    pub(crate) fn remove(&mut self, prep: &Prep, i: usize) {
        let Some(s) = self.slot_of[i].take() else {
            return;
        };
        self.rooms_remove(prep, i, s);
        let len = prep.item_len[i];
        for t in s..s + len {
            if let Some(k) = self.slot_items[t].iter().position(|&j| j == i) {
                self.slot_items[t].swap_remove(k);
            }
        }
        self.unplaced_w += prep.item_w[i];
        self.day_update(prep, prep.item_event[i], s, len, false);
        self.busy_update(prep, prep.item_event[i], s, len, false);
    }

    /// The unplaced items.
    pub(crate) fn unplaced(&self) -> Vec<usize> {
        (0..self.slot_of.len())
            .filter(|&i| self.slot_of[i].is_none())
            .collect()
    }

    /// The slots of event `e`'s placed items with the room of each group, sorted by slot.
    pub(crate) fn event_slots(&self, prep: &Prep, e: usize) -> Vec<(SlotId, Vec<Option<usize>>)> {
        let mut v: Vec<(SlotId, Vec<Option<usize>>)> = prep.ev_items[e]
            .iter()
            .filter_map(|&i| self.slot_of[i].map(|s| (i, s)))
            .flat_map(|(i, s)| {
                (s..s + prep.item_len[i])
                    .map(move |t| (SlotId(t as u32), self.item_rooms[i].clone()))
            })
            .collect();
        v.sort_by_key(|x| x.0);
        v
    }
}

/// Prices a set of single-period moves before any is made: the change of the soft cost (the
/// attendees' days and the events' spread) if each `(event, from, to)` moved its meeting from
/// slot `from` to slot `to`, every other meeting staying. Only for events that are
/// [`Prep::fast`]; rooms are not looked at (the move may still fail for want of a room). The
/// masks touched are copied into a scratch table stamped per call, so a call costs only what
/// the moving events' attendees touch.
pub(crate) struct Delta {
    stamp: Vec<u32>,
    mask: Vec<u64>,
    ev_stamp: Vec<u32>,
    count: Vec<u16>,
    touched: Vec<usize>,
    ev_touched: Vec<usize>,
    generation: u32,
}

impl Delta {
    /// A scratch table for `prep`.
    pub(crate) fn new(prep: &Prep) -> Self {
        let att = prep.p.attendance.len() * prep.days;
        let ev = prep.p.events.len() * prep.days;
        Self {
            stamp: vec![0; att],
            mask: vec![0; att],
            ev_stamp: vec![0; ev],
            count: vec![0; ev],
            touched: Vec::new(),
            ev_touched: Vec::new(),
            generation: 0,
        }
    }

    /// The change of `st.soft` if every `(event, from, to)` of `moves` moved its meeting from
    /// `from` to `to` (all the leaving first, then all the arriving, so that two events trading
    /// slots in one attendee's week cost what the result costs).
    pub(crate) fn eval(&mut self, prep: &Prep, st: &State, moves: &[(usize, usize, usize)]) -> i64 {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|x| *x = 0);
            self.ev_stamp.iter_mut().for_each(|x| *x = 0);
            self.generation = 1;
        }
        let g = self.generation;
        self.touched.clear();
        self.ev_touched.clear();
        let ppd = prep.ppd.max(1);
        for arriving in [false, true] {
            for &(e, from, to) in moves {
                let s = if arriving { to } else { from };
                let (d, bit) = (s / ppd, 1u64 << (s % ppd));
                for &a in &prep.ev_att[e] {
                    let k = a * prep.days + d;
                    if self.stamp[k] != g {
                        self.stamp[k] = g;
                        self.mask[k] = st.att_mask[k];
                        self.touched.push(k);
                    }
                    if arriving {
                        self.mask[k] |= bit;
                    } else {
                        self.mask[k] &= !bit;
                    }
                }
                if prep.spread_w[e] > 0 {
                    let k = e * prep.days + d;
                    if self.ev_stamp[k] != g {
                        self.ev_stamp[k] = g;
                        self.count[k] = st.ev_day[k];
                        self.ev_touched.push(k);
                    }
                    if arriving {
                        self.count[k] += 1;
                    } else {
                        self.count[k] -= 1;
                    }
                }
            }
        }
        let mut delta = 0i64;
        for &k in &self.touched {
            let (old, new) = (st.att_mask[k], self.mask[k]);
            if old != new {
                let c = i64::from(prep.day_cost.cost(new)) - i64::from(prep.day_cost.cost(old));
                delta += c * prep.att_count[k / prep.days] as i64;
            }
        }
        for &k in &self.ev_touched {
            let w = prep.spread_w[k / prep.days] as i64;
            let extra = |c: u16| i64::from(c.saturating_sub(1));
            delta += w * (extra(self.count[k]) - extra(st.ev_day[k]));
        }
        delta
    }
}

/// The rooms of one slot as places of capacity one for [`matching::augment`]: a room is free
/// when no group holds it and it is open; a run keeps its room along its periods, so only
/// single meetings move.
struct SlotRooms<'a> {
    state: &'a mut State,
    prep: &'a Prep<'a>,
    s: usize,
}

impl matching::Places for SlotRooms<'_> {
    type Item = (u32, u32);

    fn take_free(&mut self, r: usize, item: (u32, u32)) -> bool {
        let k = self.s * self.prep.n_rooms + r;
        if self.state.owner[k].is_some() || !self.prep.room_free(r, self.s) {
            return false;
        }
        self.replace(r, 0, item);
        true
    }

    fn held_len(&self, r: usize) -> usize {
        let k = self.s * self.prep.n_rooms + r;
        usize::from(self.state.owner[k].is_some() && self.prep.room_free(r, self.s))
    }

    fn movable(&self, r: usize, _: usize) -> Option<(u32, u32)> {
        let k = self.s * self.prep.n_rooms + r;
        self.state.owner[k].filter(|&(i2, _)| self.prep.item_len[i2 as usize] == 1)
    }

    fn replace(&mut self, r: usize, _: usize, (i, g): (u32, u32)) {
        let k = self.s * self.prep.n_rooms + r;
        self.state.owner[k] = Some((i, g));
        self.state.item_rooms[i as usize][g as usize] = Some(r);
    }
}

/// The bits of `len` consecutive periods from period 0.
#[inline]
fn run_bits(len: usize) -> u64 {
    ((1u128 << len.min(64)) - 1) as u64
}

/// The periods a day of busy periods `mask` is short of `min` (0 on a free day).
pub(crate) fn short_of(mask: u64, min: u32) -> u32 {
    if mask == 0 {
        0
    } else {
        min.saturating_sub(mask.count_ones())
    }
}

/// The periods beyond `max` of every run (busy periods one after the other) of `mask`.
pub(crate) fn run_excess(mut mask: u64, max: u32) -> u32 {
    let mut excess = 0;
    while mask != 0 {
        mask >>= mask.trailing_zeros();
        let len = (!mask).trailing_zeros();
        excess += len.saturating_sub(max);
        if len >= 64 {
            break;
        }
        mask >>= len;
    }
    excess
}
