//! Rules about rooms; checked in parallel over rooms (and over classes for what each meeting
//! needs).

use rayon::prelude::*;

use crate::ids::*;

use super::{par_each, Index, Rule, Violation};

/// [`Rule::RoomSuits`]: a meeting of a course with a room type is in a room of that type with
/// every feature the course needs; a meeting of a course with room type none has no room.
pub fn suits(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    ix.meetings
        .par_iter()
        .filter_map(|m| {
            let course = ix.course_of(m.class);
            let wrong = match (course.room_type, m.room) {
                (None, None) => None,
                (None, Some(r)) => Some((
                    vec![ix.class(m.class), ix.room(r), ix.slot(m.slot)],
                    format!("{} needs no room but meets in {}", course.id, ix.room(r)),
                )),
                (Some(t), None) => Some((
                    vec![ix.class(m.class), ix.slot(m.slot)],
                    format!(
                        "{} has no room at {}; {} needs a {}",
                        ix.class(m.class),
                        ix.slot(m.slot),
                        course.id,
                        ix.scenario.room_types.name(t)
                    ),
                )),
                (Some(t), Some(r)) if !ix.scenario.rooms[r].suits(course) => Some((
                    vec![ix.class(m.class), ix.room(r), ix.slot(m.slot)],
                    format!(
                        "{} needs a {}{} but {} is not one",
                        course.id,
                        ix.scenario.room_types.name(t),
                        if course.features.is_empty() {
                            String::new()
                        } else {
                            format!(
                                " with {}",
                                course
                                    .features
                                    .iter()
                                    .map(|&f| ix.scenario.features.name(f))
                                    .collect::<Vec<_>>()
                                    .join(";")
                            )
                        },
                        ix.room(r)
                    ),
                )),
                (Some(_), Some(_)) => None,
            };
            wrong.map(|(ids, message)| Violation::new(Rule::RoomSuits, ids, message))
        })
        .collect()
}

/// [`Rule::RoomCapacity`]: a room holds every pupil of each class that meets in it (once per
/// room and class).
pub fn capacity(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    par_each(
        ix.scenario.rooms.len(),
        |r: RoomId, seen: &mut Vec<ClassId>, out| {
            seen.clear();
            let room = &ix.scenario.rooms[r];
            for &i in ix.room_meetings.of(r) {
                let c = ix.meetings[i as usize].class;
                let n = ix.size(c);
                if n > room.capacity as usize && !seen.contains(&c) {
                    seen.push(c);
                    out.push(Violation::new(
                        Rule::RoomCapacity,
                        vec![ix.class(c), ix.room(r)],
                        format!(
                            "{} has {n} pupils but {} seats {}",
                            ix.class(c),
                            room.id,
                            room.capacity
                        ),
                    ));
                }
            }
        },
    )
}

/// [`Rule::RoomUnavailable`]: a room is used only in slots it is available.
pub fn unavailable(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    par_each(ix.scenario.rooms.len(), |r: RoomId, _: &mut (), out| {
        let room = &ix.scenario.rooms[r];
        for &i in ix.room_meetings.of(r) {
            let m = &ix.meetings[i as usize];
            if room.unavailable.contains(m.slot) {
                out.push(Violation::new(
                    Rule::RoomUnavailable,
                    vec![ix.class(m.class), ix.room(r), ix.slot(m.slot)],
                    format!("{} cannot be used at {}", room.id, ix.slot(m.slot)),
                ));
            }
        }
    })
}

/// [`Rule::RoomClash`]: a room never holds two meetings in one slot.
pub fn clash(ix: &Index<'_>) -> Vec<Violation> {
    if !ix.full() {
        return Vec::new();
    }
    par_each(ix.scenario.rooms.len(), |r: RoomId, _: &mut (), out| {
        for (slot, mut ids) in ix.clashes(ix.room_meetings.of(r)) {
            let what = ids.join(", ");
            ids.push(ix.room(r));
            ids.push(ix.slot(slot));
            out.push(Violation::new(
                Rule::RoomClash,
                ids,
                format!("{} holds {what} at once", ix.room(r)),
            ));
        }
    })
}
