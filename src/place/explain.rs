//! Why a meeting was left out: the bottleneck named in words (an over-full clique or attendance
//! set, the rooms, an ordering, or the slots that clash).

use std::collections::BTreeMap;

use super::state::{Prep, State};

/// A set of events that must be in distinct slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Set {
    /// [`super::Problem::cliques`]`[k]` (a teacher's events).
    Clique(usize),
    /// [`super::Problem::attendance`]`[k]` (pupils who attend the same events).
    Attendance(usize),
}

/// What blocks one slot for an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Block {
    /// An event of the same set meets then.
    Set(Set),
    /// An event it must come after (or before) would be out of order.
    Ordering(usize),
    /// Its suitable rooms are all taken or unavailable.
    Rooms,
    /// One of its own meetings is there, or too few days away.
    Own,
    /// A meeting of an event it keeps days apart from is too few days away.
    Apart(usize),
}

/// Why an event is not fully placed: the bottleneck, by index into the problem; put into words
/// by [`Why::render`] with the names a [`Namer`] gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// Fewer allowed slots than meetings.
    FewAllowed {
        /// Slots it may use.
        allowed: usize,
    },
    /// One of its groups has no room that suits it.
    NoRoom {
        /// The group.
        group: usize,
    },
    /// A set it belongs to needs more meetings than its slots.
    Overfull {
        /// The set.
        set: Set,
        /// Meetings the set needs.
        demand: u32,
        /// Slots its events may use.
        slots: crate::ids::SlotSet,
    },
    /// Each allowed slot is blocked; the commonest blockers with how many slots each blocks.
    Blocked {
        /// Slots it may use.
        allowed: usize,
        /// Blockers, most slots first (at most four).
        by: Vec<(usize, Block)>,
    },
}

/// The rooms any group of event `e` may use, sorted and distinct.
fn suitable_rooms(p: &super::Problem, e: usize) -> Vec<usize> {
    let mut rooms: Vec<usize> = p.events[e]
        .groups
        .iter()
        .flat_map(|g| g.rooms.iter().copied())
        .collect();
    rooms.sort_unstable();
    rooms.dedup();
    rooms
}

/// Names of what a problem's indices stand for, in the words of its user.
pub trait Namer {
    /// Group `g` of event `e` (a class) and what room it needs.
    fn group(&self, e: usize, g: usize) -> String;
    /// A set of events that must be in distinct slots (a teacher, some pupils).
    fn set(&self, set: Set) -> String;
    /// Rooms (sorted, distinct indices) that an event may use.
    fn rooms(&self, rooms: &[usize]) -> String;
    /// The names of some slots, when the problem has names for them.
    fn slots(&self, _slots: &crate::ids::SlotSet) -> Option<String> {
        None
    }
}

/// Names by index, for problems that have no other (tests, the ITC2007 instances).
pub struct Indices<'a>(pub &'a super::Problem);

impl Namer for Indices<'_> {
    fn group(&self, _: usize, g: usize) -> String {
        format!("group {}", g + 1)
    }
    fn set(&self, set: Set) -> String {
        match set {
            Set::Clique(k) => format!("clique {}", k + 1),
            Set::Attendance(k) => format!(
                "attendance set {} ({} people)",
                k + 1,
                self.0.attendance[k].count
            ),
        }
    }
    fn rooms(&self, rooms: &[usize]) -> String {
        format!("its suitable rooms {rooms:?}")
    }
}

impl Why {
    /// The bottleneck in words, as `names` name it.
    pub fn render(&self, p: &super::Problem, e: usize, names: &dyn Namer) -> String {
        let ev = &p.events[e];
        match self {
            Why::FewAllowed { allowed } => {
                format!("only {allowed} allowed slots for {} meetings", ev.meetings)
            }
            Why::NoRoom { group } => format!("{} has no suitable room", names.group(e, *group)),
            Why::Overfull { set, demand, slots } => {
                let named = names
                    .slots(slots)
                    .map_or(String::new(), |n| format!(" ({n})"));
                format!(
                    "{}: {demand} meetings in only {} slots{named}",
                    names.set(*set),
                    slots.len()
                )
            }
            Why::Blocked { allowed, by } => {
                let list: Vec<String> = by
                    .iter()
                    .map(|(k, b)| {
                        let what = match b {
                            Block::Set(s) => names.set(*s),
                            Block::Ordering(f) => {
                                format!("the ordering with {:?}", p.events[*f].name)
                            }
                            Block::Rooms => {
                                format!("{} all taken", names.rooms(&suitable_rooms(p, e)))
                            }
                            Block::Own => "its own meetings".to_owned(),
                            Block::Apart(f) => {
                                format!("the days kept apart from {:?}", p.events[*f].name)
                            }
                        };
                        format!("{k} by {what}")
                    })
                    .collect();
                format!(
                    "its {allowed} allowed slots are blocked, {}",
                    list.join(", ")
                )
            }
        }
    }
}

/// The reason event `e` is not fully placed in `st`.
pub(crate) fn reason(prep: &Prep, st: &State, e: usize) -> Why {
    let p = prep.p;
    let ev = &p.events[e];
    if prep.allowed[e].len() < ev.meetings as usize {
        return Why::FewAllowed {
            allowed: prep.allowed[e].len(),
        };
    }
    if let Some(g) = prep.groups[e]
        .iter()
        .position(|g| g.as_ref().is_some_and(Vec::is_empty))
    {
        return Why::NoRoom { group: g };
    }
    // An over-full clique or attendance set.
    let sets = p
        .cliques
        .iter()
        .enumerate()
        .map(|(k, c)| (Set::Clique(k), c))
        .chain(
            p.attendance
                .iter()
                .enumerate()
                .map(|(k, a)| (Set::Attendance(k), &a.events)),
        );
    for (set, events) in sets {
        if !events.contains(&e) {
            continue;
        }
        let demand: u32 = events
            .iter()
            .filter_map(|&f| p.events.get(f))
            .map(|f| f.meetings)
            .sum();
        let mut slots = crate::ids::SlotSet::EMPTY;
        for &f in events {
            if let Some(f) = p.events.get(f) {
                slots = slots.union(&f.allowed);
            }
        }
        if demand as usize > slots.len() {
            return Why::Overfull { set, demand, slots };
        }
    }
    // Slot by slot: what blocks it.
    let mut blocks: BTreeMap<Block, usize> = BTreeMap::new();
    for &s in &prep.allowed[e] {
        let b = block_of(prep, st, e, s);
        *blocks.entry(b).or_default() += 1;
    }
    let mut by: Vec<(usize, Block)> = blocks.into_iter().map(|(b, k)| (k, b)).collect();
    by.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    by.truncate(4);
    Why::Blocked {
        allowed: prep.allowed[e].len(),
        by,
    }
}

/// The first thing found that keeps event `e` out of slot `s`.
fn block_of(prep: &Prep, st: &State, e: usize, s: usize) -> Block {
    let p = prep.p;
    for &j in &st.slot_items[s] {
        let f = prep.item_event[j];
        if f == e {
            return Block::Own;
        }
        if prep.adjacent(e, f) {
            if let Some(c) = p
                .cliques
                .iter()
                .position(|c| c.contains(&e) && c.contains(&f))
            {
                return Block::Set(Set::Clique(c));
            }
            if let Some(&a) = prep.ev_att[e]
                .iter()
                .find(|&&a| p.attendance[a].events.contains(&f))
            {
                return Block::Set(Set::Attendance(a));
            }
        }
    }
    let mut v = Vec::new();
    st.prec_violators(prep, e, s, &mut v);
    if let Some(&j) = v.first() {
        return Block::Ordering(prep.item_event[j]);
    }
    // Days apart, for a meeting of it not placed (the first, when all are).
    let items = &prep.ev_items[e];
    if let Some(&i) = items
        .iter()
        .find(|&&i| st.slot_of[i].is_none())
        .or(items.first())
    {
        let mut near = None;
        st.too_close(prep, i, s, |j| {
            near.get_or_insert(prep.item_event[j]);
        });
        match near {
            Some(f) if f == e => return Block::Own,
            Some(f) => return Block::Apart(f),
            None => {}
        }
    }
    Block::Rooms
}
