//! Bipartite matching by augmenting paths, and Hall's condition with it.
//!
//! One augmenting-path routine, [`augment`], serves every matching tailor keeps: it works on
//! anything that says what each place holds ([`Places`]). [`Matching`] hands items (the left
//! side: classes, block periods, a pupil's courses) to places with a capacity (the right side:
//! teacher types, slot classes, blocks); the week engine's rooms of one slot (`place/state.rs`)
//! are places of capacity one whose multi-period holders may not move. An item is placed
//! whenever any assignment of all the items so far allows it (Kuhn's algorithm, with
//! capacities). Written here rather than taken from a crate: the crates for matching
//! (`pathfinding`'s Kuhn–Munkres, `petgraph`'s `maximum_matching`) solve weighted or one-shot
//! problems on a built graph, whereas tailor adds units one by one to a matching it keeps, with
//! capacities and fixed holders, on graphs of a few dozen nodes.

/// What an augmenting path needs to know of a matching: per place, a free unit to take, and
/// the items it holds that may move.
pub trait Places {
    /// An item (the left side).
    type Item: Copy;
    /// Gives `item` a free unit of `place` if there is one (and the place may be used).
    fn take_free(&mut self, place: usize, item: Self::Item) -> bool;
    /// How many items `place` holds.
    fn held_len(&self, place: usize) -> usize;
    /// The `j`-th item `place` holds, if it may move.
    fn movable(&self, place: usize, j: usize) -> Option<Self::Item>;
    /// The `j`-th item of `place` has moved elsewhere: `item` takes its unit.
    fn replace(&mut self, place: usize, j: usize, item: Self::Item);
}

/// Places `item` in one of the places `allowed(item)`, in that order, moving items already
/// placed along an augmenting path when every allowed place is full. `seen` (one flag per
/// place, cleared by the caller) marks the places this search has tried. False, and nothing
/// changed, when no path exists.
pub fn augment<P, I>(
    places: &mut P,
    item: P::Item,
    allowed: &impl Fn(P::Item) -> I,
    seen: &mut [bool],
) -> bool
where
    P: Places,
    I: IntoIterator<Item = usize>,
{
    for r in allowed(item) {
        if seen[r] {
            continue;
        }
        seen[r] = true;
        if places.take_free(r, item) {
            return true;
        }
        // Move one of r's items elsewhere, freeing its unit here.
        for j in 0..places.held_len(r) {
            if let Some(other) = places.movable(r, j) {
                if augment(places, other, allowed, seen) {
                    places.replace(r, j, item);
                    return true;
                }
            }
        }
    }
    false
}

/// Items placed in capacitated places.
#[derive(Clone, Debug)]
pub struct Matching {
    free: Vec<u32>,
    held: Vec<Vec<usize>>,
}

impl Matching {
    /// No item placed; place `r` holds `capacity[r]` items.
    pub fn new(capacity: Vec<u32>) -> Self {
        let held = vec![Vec::new(); capacity.len()];
        Matching {
            free: capacity,
            held,
        }
    }

    /// The items in place `r` (an item placed twice is listed twice).
    pub fn held(&self, r: usize) -> &[usize] {
        &self.held[r]
    }

    /// Places one unit of `item`, which may go to the places `allowed(item)`, moving items
    /// already placed where that makes room. False (and nothing changed) when no assignment
    /// of all the units so far and this one exists.
    pub fn insert<I>(&mut self, item: usize, allowed: &impl Fn(usize) -> I) -> bool
    where
        I: IntoIterator<Item = usize>,
    {
        let mut seen = vec![false; self.free.len()];
        augment(self, item, allowed, &mut seen)
    }
}

impl Places for Matching {
    type Item = usize;

    fn take_free(&mut self, place: usize, item: usize) -> bool {
        if self.free[place] == 0 {
            return false;
        }
        self.free[place] -= 1;
        self.held[place].push(item);
        true
    }

    fn held_len(&self, place: usize) -> usize {
        self.held[place].len()
    }

    fn movable(&self, place: usize, j: usize) -> Option<usize> {
        Some(self.held[place][j])
    }

    fn replace(&mut self, place: usize, j: usize, item: usize) {
        self.held[place].swap_remove(j);
        self.held[place].push(item);
    }
}

/// Whether items can each have a distinct place, item `i` allowed the places of bit mask
/// `masks[i]` (Hall's condition: every set of items allows at least as many places as it has
/// items). Any number of items.
pub fn distinct(masks: &[u64]) -> bool {
    let n = masks.len();
    if n <= SMALLEST_UP_TO {
        // Few items (a pupil's courses): every subset, without allocating.
        return (1u32..(1 << n)).all(|s| {
            let union = (0..n)
                .filter(|i| s >> i & 1 == 1)
                .fold(0u64, |u, i| u | masks[i]);
            union.count_ones() >= s.count_ones()
        });
    }
    let mut m = Matching::new(vec![1; 64]);
    let allowed = |i: usize| (0..64).filter(move |&b| masks[i] >> b & 1 == 1);
    (0..masks.len()).all(|i| m.insert(i, &allowed))
}

/// A smallest set of items that breaks Hall's condition (fewer places allowed among them than
/// items), as indices into `masks`, or `None` when the items can have distinct places. Up to
/// [`SMALLEST_UP_TO`] items every subset is tried; beyond, the set is the one the matching
/// finds (items reachable by alternating paths from an item left out), which breaks the
/// condition but may not be the smallest.
pub fn violator(masks: &[u64]) -> Option<Vec<usize>> {
    if distinct(masks) {
        return None;
    }
    let n = masks.len();
    if n <= SMALLEST_UP_TO {
        let mut best: Option<u32> = None;
        for s in 1u32..(1 << n) {
            let union = (0..n)
                .filter(|i| s >> i & 1 == 1)
                .fold(0u64, |u, i| u | masks[i]);
            if union.count_ones() < s.count_ones()
                && best.is_none_or(|b| b.count_ones() > s.count_ones())
            {
                best = Some(s);
            }
        }
        return best.map(|s| (0..n).filter(|i| s >> i & 1 == 1).collect());
    }
    // Place items in turn; the first that cannot be placed, with every item reachable from it
    // by alternating paths, allows one place fewer than it has items.
    let mut m = Matching::new(vec![1; 64]);
    let allowed = |i: usize| (0..64).filter(move |&b| masks[i] >> b & 1 == 1);
    let stuck = (0..n).find(|&i| !m.insert(i, &allowed))?;
    let mut set = vec![stuck];
    let mut places = 0u64;
    let mut k = 0;
    while k < set.len() {
        let reach = masks[set[k]] & !places;
        places |= reach;
        for b in (0..64).filter(|b| reach >> b & 1 == 1) {
            for &other in m.held(b) {
                if !set.contains(&other) {
                    set.push(other);
                }
            }
        }
        k += 1;
    }
    set.sort_unstable();
    Some(set)
}

/// Items up to which [`violator`] tries every subset.
pub const SMALLEST_UP_TO: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hall_decides_distinct_places() {
        assert!(!distinct(&[0b01, 0b01]));
        assert!(distinct(&[0b01, 0b11]));
        assert!(!distinct(&[0b011, 0b011, 0b011]));
        assert!(distinct(&[0b011, 0b011, 0b100]));
        assert_eq!(
            violator(&[0b011, 0b011, 0b011, 0b1000]),
            Some(vec![0, 1, 2])
        );
        assert_eq!(violator(&[0b01, 0b11]), None);
    }

    #[test]
    fn beyond_sixteen_items_hall_is_still_decided() {
        // 20 items over 20 places in a chain: item i may go to place i or i+1 (mod 20) — fits.
        let chain: Vec<u64> = (0..20).map(|i| 1 << i | 1 << ((i + 1) % 20)).collect();
        assert!(distinct(&chain));
        assert_eq!(violator(&chain), None);
        // Add a 21st item in places 0 and 1 only: 21 items, 20 places: no fit, and the set
        // found allows fewer places than it has items.
        let mut over = chain.clone();
        over.push(0b11);
        assert!(!distinct(&over));
        let set = violator(&over).expect("a violating set");
        let union = set.iter().fold(0u64, |u, &i| u | over[i]);
        assert!((union.count_ones() as usize) < set.len(), "{set:?}");
        // 18 items of which two share one place only: the pair is found.
        let mut spread: Vec<u64> = (0..16).map(|i| 1 << (i + 2)).collect();
        spread.extend([0b1, 0b1]);
        assert!(!distinct(&spread));
        let set = violator(&spread).unwrap();
        assert_eq!(set, vec![16, 17]);
    }

    #[test]
    fn capacities_move_items_along_augmenting_paths() {
        // Item 0 may go to place 0 or 1; item 1 only to place 0. Placing 0 first takes place
        // 0; placing 1 then moves 0 to place 1.
        let allowed = |i: usize| if i == 0 { vec![0, 1] } else { vec![0] };
        let mut m = Matching::new(vec![1, 1]);
        assert!(m.insert(0, &allowed));
        assert!(m.insert(1, &allowed));
        assert_eq!((m.held(0), m.held(1)), (&[1][..], &[0][..]));
        assert!(!m.insert(1, &allowed), "place 0 is full for good");
        assert_eq!(
            (m.held(0), m.held(1)),
            (&[1][..], &[0][..]),
            "nothing changed"
        );
        // With capacity two, both units of item 1 fit in place 0.
        let mut m = Matching::new(vec![2, 0]);
        assert!(m.insert(1, &allowed) && m.insert(1, &allowed));
        assert!(!m.insert(0, &allowed));
    }
}
