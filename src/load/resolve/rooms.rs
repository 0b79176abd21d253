//! `rooms.csv`: room ids, their types and features, seats and time away.

use std::collections::HashSet;

use super::{intern_ids, slots, Ctx};
use crate::ids::*;
use crate::scenario::*;

/// The rooms, resolved: what courses may ask for is known from here.
pub(crate) struct Rooms {
    /// Room ids.
    pub ids: Names<RoomId>,
    /// Room types, in the order rooms first name them.
    pub types: Names<RoomTypeId>,
    /// Room features, in the order rooms first name them.
    pub features: Names<FeatureId>,
    /// The rooms (the first row of a duplicated id).
    pub rooms: KeyedVec<RoomId, Room>,
}

/// Resolves the rows of `rooms.csv`.
pub(crate) fn rooms(ctx: &mut Ctx, week: &Week, raw: &[RawRoom]) -> Rooms {
    let f = "rooms.csv";
    let ids: Names<RoomId> =
        intern_ids(ctx, f, "room", raw.iter().map(|r| (r.line, r.room.clone())));
    let mut types: Names<RoomTypeId> = Names::default();
    let mut features: Names<FeatureId> = Names::default();
    let mut rooms: KeyedVec<RoomId, Room> = KeyedVec::new();
    let mut seen = HashSet::new();
    for r in raw {
        if !seen.insert(&r.room) {
            continue;
        }
        if r.room_type.is_empty() || r.room_type == "none" {
            ctx.expected(
                f,
                r.line,
                "type",
                "a room type (not empty or \"none\")",
                &r.room_type,
            );
        }
        if r.capacity == 0 {
            ctx.expected(f, r.line, "capacity", "at least 1 seat", "0");
        }
        let unavailable = slots(ctx, week, f, r.line, "unavailable", &r.unavailable);
        let mut fs: Vec<FeatureId> = r.features.iter().map(|x| features.intern(x)).collect();
        fs.sort();
        fs.dedup();
        rooms.push(Room {
            id: r.room.clone(),
            capacity: r.capacity,
            room_type: types.intern(&r.room_type),
            unavailable,
            features: fs,
        });
    }
    Rooms {
        ids,
        types,
        features,
        rooms,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn room(line: u64, id: &str, capacity: u32, t: &str, features: &[&str]) -> RawRoom {
        RawRoom {
            line,
            room: id.into(),
            capacity,
            room_type: t.into(),
            unavailable: Vec::new(),
            features: features.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn types_and_features_are_interned_and_bad_rows_reported() {
        let mut ctx = Ctx::default();
        let week = super::super::tests::week();
        let mut bad = room(4, "R3", 0, "none", &[]);
        bad.unavailable = vec!["Sun:1".into()];
        let raw = [
            room(2, "R1", 30, "class", &["ict"]),
            room(3, "L1", 26, "lab", &["ict", "fume"]),
            bad,
            room(5, "R1", 30, "class", &[]),
        ];
        let r = rooms(&mut ctx, &week, &raw);
        assert_eq!(r.rooms.len(), 3);
        assert_eq!(r.types.iter().collect::<Vec<_>>(), ["class", "lab", "none"]);
        assert_eq!(r.features.iter().collect::<Vec<_>>(), ["ict", "fume"]);
        let errors: Vec<String> = ctx.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "rooms.csv:5: room: duplicate id \"R1\" (first on line 2)",
                "rooms.csv:4: type: expected a room type (not empty or \"none\"), found \"none\"",
                "rooms.csv:4: capacity: expected at least 1 seat, found \"0\"",
                "rooms.csv:4: unavailable: expected Day:Period with a day of Mon;Tue and a period of 1;2, found \"Sun:1\"",
            ]
        );
    }
}
