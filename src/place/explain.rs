//! Why a meeting was left out: the bottleneck named in words (an over-full clique or attendance
//! set, the rooms, an ordering, or the slots that clash).

use std::collections::BTreeMap;

use super::state::{Prep, State};

/// What blocks one slot for an event.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Block {
    Clique(usize),
    Attendance(usize),
    Ordering(usize),
    Rooms,
    Own,
}

/// The reason event `e` is not fully placed in `st`.
pub(crate) fn reason(prep: &Prep, st: &State, e: usize) -> String {
    let p = prep.p;
    let ev = &p.events[e];
    let placed: usize = prep.ev_items[e]
        .iter()
        .filter(|&&i| st.slot_of[i].is_some())
        .map(|&i| prep.item_len[i])
        .sum();
    let missing = ev.meetings as usize - placed.min(ev.meetings as usize);
    let head = format!(
        "{} of {} meetings of {:?} left out",
        missing, ev.meetings, ev.name
    );
    if prep.allowed[e].len() < ev.meetings as usize {
        return format!(
            "{head}: only {} allowed slots for {} meetings",
            prep.allowed[e].len(),
            ev.meetings
        );
    }
    if let Some(g) = prep.groups[e]
        .iter()
        .position(|g| g.as_ref().is_some_and(Vec::is_empty))
    {
        return format!("{head}: group {} has no suitable room", g + 1);
    }
    // An over-full clique or attendance set.
    let sets = p
        .cliques
        .iter()
        .enumerate()
        .map(|(k, c)| (format!("clique {}", k + 1), c))
        .chain(p.attendance.iter().enumerate().map(|(k, a)| {
            (
                format!("attendance set {} ({} people)", k + 1, a.count),
                &a.events,
            )
        }));
    for (name, set) in sets {
        if !set.contains(&e) {
            continue;
        }
        let demand: u32 = set
            .iter()
            .filter_map(|&f| p.events.get(f))
            .map(|f| f.meetings)
            .sum();
        let mut slots = crate::ids::SlotSet::EMPTY;
        for &f in set {
            if let Some(f) = p.events.get(f) {
                slots = slots.union(&f.allowed);
            }
        }
        if demand as usize > slots.len() {
            return format!(
                "{head}: {name} needs {demand} meetings in only {} slots",
                slots.len()
            );
        }
    }
    // Slot by slot: what blocks it.
    let mut blocks: BTreeMap<Block, usize> = BTreeMap::new();
    for &s in &prep.allowed[e] {
        let b = block_of(prep, st, e, s);
        *blocks.entry(b).or_default() += 1;
    }
    let mut parts: Vec<(usize, String)> = blocks
        .into_iter()
        .map(|(b, k)| {
            let what = match b {
                Block::Clique(c) => format!("clique {}", c + 1),
                Block::Attendance(a) => format!(
                    "attendance set {} ({} people)",
                    a + 1,
                    p.attendance[a].count
                ),
                Block::Ordering(f) => format!("the ordering with {:?}", p.events[f].name),
                Block::Rooms => {
                    let mut rooms: Vec<usize> =
                        prep.groups[e].iter().flatten().flatten().copied().collect();
                    rooms.sort_unstable();
                    rooms.dedup();
                    format!("its suitable rooms {rooms:?} all taken")
                }
                Block::Own => "its own meetings".to_owned(),
            };
            (k, what)
        })
        .collect();
    parts.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let list: Vec<String> = parts
        .iter()
        .take(4)
        .map(|(k, w)| format!("{k} by {w}"))
        .collect();
    format!(
        "{head}: its {} allowed slots are blocked, {}",
        prep.allowed[e].len(),
        list.join(", ")
    )
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
                return Block::Clique(c);
            }
            if let Some(&a) = prep.ev_att[e]
                .iter()
                .find(|&&a| p.attendance[a].events.contains(&f))
            {
                return Block::Attendance(a);
            }
        }
    }
    let mut v = Vec::new();
    st.prec_violators(prep, e, s, &mut v);
    if let Some(&j) = v.first() {
        return Block::Ordering(prep.item_event[j]);
    }
    Block::Rooms
}
