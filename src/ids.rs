//! Typed ids and typed tables: strings become ids once, at load, and every later stage indexes
//! plain vectors with them.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// A dense id that indexes a [`KeyedVec`].
pub trait Idx: Copy + Eq + Ord + std::hash::Hash + fmt::Debug {
    /// The id of position `index`.
    fn from_index(index: usize) -> Self;
    /// The position this id stands for.
    fn index(self) -> usize;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl Idx for $name {
            #[inline]
            fn from_index(index: usize) -> Self {
                Self(u32::try_from(index).expect("fewer than 2^32 entries"))
            }
            #[inline]
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// A pupil, in the order of `pupils.csv`.
    PupilId;
    /// A course, in the order of `courses.csv`.
    CourseId;
    /// A member of staff, in the order of `staff.csv`.
    StaffId;
    /// A room, in the order of `rooms.csv`.
    RoomId;
    /// A stage (the year group or level a course is open to).
    StageId;
    /// A room type (lab, studio, hall, ...).
    RoomTypeId;
    /// A room feature (projector, sink, ...).
    FeatureId;
    /// A tutor group (may mix stages).
    TutorGroupId;
    /// A class (teaching group) of a solution.
    ClassId;
    /// A slot of the week: `day * periods_per_day + period`.
    SlotId;
    /// An option scheme (`[[scheme]]` of `school.toml`, or the one of `[options]`).
    SchemeId;
    /// An option block of some scheme, in the order the schemes list them.
    BlockId;
}

/// A vector indexed by a typed id, so that a `PupilId` can never index the staff table.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyedVec<K, V> {
    data: Vec<V>,
    _key: PhantomData<fn(K) -> K>,
}

impl<K: Idx, V: fmt::Debug> fmt::Debug for KeyedVec<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.data.iter()).finish()
    }
}

impl<K, V> Default for KeyedVec<K, V> {
    fn default() -> Self {
        Self {
            data: Vec::new(),
            _key: PhantomData,
        }
    }
}

impl<K: Idx, V> KeyedVec<K, V> {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }
    /// A table of `len` copies of `value`.
    pub fn filled(len: usize, value: V) -> Self
    where
        V: Clone,
    {
        Self {
            data: vec![value; len],
            _key: PhantomData,
        }
    }
    /// Appends `value` and returns its id.
    pub fn push(&mut self, value: V) -> K {
        let key = K::from_index(self.data.len());
        self.data.push(value);
        key
    }
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.data.len()
    }
    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    /// Every id, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = K> + ExactSizeIterator + Clone {
        (0..self.data.len()).map(K::from_index)
    }
    /// Every value, in id order.
    pub fn iter(&self) -> std::slice::Iter<'_, V> {
        self.data.iter()
    }
    /// Every value, mutably.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, V> {
        self.data.iter_mut()
    }
    /// Every (id, value) pair, in order.
    pub fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (K, &V)> + ExactSizeIterator {
        self.data
            .iter()
            .enumerate()
            .map(|(i, v)| (K::from_index(i), v))
    }
    /// The values as a slice (for rayon's `par_iter`).
    pub fn as_slice(&self) -> &[V] {
        &self.data
    }
    /// The value of `key`, if it exists.
    pub fn get(&self, key: K) -> Option<&V> {
        self.data.get(key.index())
    }
}

impl<K: Idx, V> FromIterator<V> for KeyedVec<K, V> {
    fn from_iter<I: IntoIterator<Item = V>>(iter: I) -> Self {
        Self {
            data: iter.into_iter().collect(),
            _key: PhantomData,
        }
    }
}

impl<K: Idx, V> Index<K> for KeyedVec<K, V> {
    type Output = V;
    #[inline]
    fn index(&self, key: K) -> &V {
        &self.data[key.index()]
    }
}

impl<K: Idx, V> IndexMut<K> for KeyedVec<K, V> {
    #[inline]
    fn index_mut(&mut self, key: K) -> &mut V {
        &mut self.data[key.index()]
    }
}

/// External names interned to dense ids: the one place strings meet ids.
#[derive(Clone)]
pub struct Names<K> {
    names: KeyedVec<K, String>,
    lookup: HashMap<String, K>,
}

impl<K: Idx> fmt::Debug for Names<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.names.iter()).finish()
    }
}

impl<K> Default for Names<K> {
    fn default() -> Self {
        Self {
            names: KeyedVec::default(),
            lookup: HashMap::new(),
        }
    }
}

impl<K: Idx> Names<K> {
    /// The id of `name`, adding it when new.
    pub fn intern(&mut self, name: &str) -> K {
        if let Some(&k) = self.lookup.get(name) {
            return k;
        }
        let k = self.names.push(name.to_owned());
        self.lookup.insert(name.to_owned(), k);
        k
    }
    /// The id of `name`, if known.
    pub fn get(&self, name: &str) -> Option<K> {
        self.lookup.get(name).copied()
    }
    /// The name of `id`.
    pub fn name(&self, id: K) -> &str {
        &self.names[id]
    }
    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
    /// Every id.
    pub fn keys(&self) -> impl Iterator<Item = K> + '_ {
        self.names.keys()
    }
    /// Every name, in id order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.names.iter().map(String::as_str)
    }
}

/// A set of slots of the week, as a fixed bitset (at most [`SlotSet::CAPACITY`] slots).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SlotSet([u64; 4]);

impl SlotSet {
    /// The most slots a week may have.
    pub const CAPACITY: usize = 256;
    /// The empty set.
    pub const EMPTY: SlotSet = SlotSet([0; 4]);
    /// Every slot below `n`.
    pub fn first(n: usize) -> Self {
        let mut s = Self::EMPTY;
        for i in 0..n.min(Self::CAPACITY) {
            s.insert(SlotId(i as u32));
        }
        s
    }
    /// Adds `slot`; returns whether it was absent.
    #[inline]
    pub fn insert(&mut self, slot: SlotId) -> bool {
        let (w, b) = (slot.index() / 64, slot.index() % 64);
        let was = self.0[w] >> b & 1 == 1;
        self.0[w] |= 1 << b;
        !was
    }
    /// Removes `slot`.
    #[inline]
    pub fn remove(&mut self, slot: SlotId) {
        let (w, b) = (slot.index() / 64, slot.index() % 64);
        self.0[w] &= !(1 << b);
    }
    /// Whether `slot` is in the set.
    #[inline]
    pub fn contains(&self, slot: SlotId) -> bool {
        let (w, b) = (slot.index() / 64, slot.index() % 64);
        self.0[w] >> b & 1 == 1
    }
    /// Number of slots in the set.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == [0; 4]
    }
    /// The slots in both sets.
    pub fn intersection(&self, other: &SlotSet) -> SlotSet {
        let mut out = *self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a &= b;
        }
        out
    }
    /// The slots in either set.
    pub fn union(&self, other: &SlotSet) -> SlotSet {
        let mut out = *self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        out
    }
    /// The slots of `self` not in `other`.
    pub fn difference(&self, other: &SlotSet) -> SlotSet {
        let mut out = *self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a &= !b;
        }
        out
    }
    /// The slots, in order.
    pub fn iter(&self) -> impl Iterator<Item = SlotId> + '_ {
        (0..Self::CAPACITY)
            .filter(|&i| self.0[i / 64] >> (i % 64) & 1 == 1)
            .map(|i| SlotId(i as u32))
    }
}

impl fmt::Debug for SlotSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter().map(|s| s.0)).finish()
    }
}

impl FromIterator<SlotId> for SlotSet {
    fn from_iter<I: IntoIterator<Item = SlotId>>(iter: I) -> Self {
        let mut s = SlotSet::EMPTY;
        for slot in iter {
            s.insert(slot);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_vec_indexes_by_its_own_id() {
        let mut v: KeyedVec<PupilId, &str> = KeyedVec::new();
        let a = v.push("a");
        let b = v.push("b");
        assert_eq!((v[a], v[b]), ("a", "b"));
        assert_eq!(v.keys().collect::<Vec<_>>(), vec![PupilId(0), PupilId(1)]);
    }

    #[test]
    fn names_intern_once() {
        let mut n: Names<StageId> = Names::default();
        assert_eq!(n.intern("10"), StageId(0));
        assert_eq!(n.intern("11"), StageId(1));
        assert_eq!(n.intern("10"), StageId(0));
        assert_eq!(n.get("12"), None);
        assert_eq!(n.name(StageId(1)), "11");
    }

    #[test]
    fn slot_sets_do_set_algebra() {
        let a: SlotSet = [1, 70, 200].into_iter().map(SlotId).collect();
        let b: SlotSet = [70, 5].into_iter().map(SlotId).collect();
        assert_eq!(a.len(), 3);
        assert!(a.contains(SlotId(200)) && !a.contains(SlotId(2)));
        assert_eq!(
            a.intersection(&b).iter().collect::<Vec<_>>(),
            vec![SlotId(70)]
        );
        assert_eq!(a.union(&b).len(), 4);
        assert_eq!(a.difference(&b).len(), 2);
        assert_eq!(SlotSet::first(65).len(), 65);
    }
}
