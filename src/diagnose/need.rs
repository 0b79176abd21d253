//! What the school asks for, counted once for every check: pupils per course, the largest class
//! each course can have, the main option choices of each pupil, and pupils grouped by their
//! compulsory courses.

use std::collections::HashMap;

use crate::ids::*;
use crate::scenario::*;

/// Pupils with the same stage and the same compulsory courses.
#[derive(Clone, Debug)]
pub struct Profile {
    /// Their stage.
    pub stage: StageId,
    /// Their compulsory courses: core and lectures of the stage, the courses of their fixed
    /// classes (sorted).
    pub courses: Vec<CourseId>,
    /// The pupils (sorted).
    pub pupils: Vec<PupilId>,
}

/// What the school asks for (see the module documentation).
#[derive(Clone, Debug)]
pub struct Need {
    /// Pupils of each course: all of its stages for core and lectures, main choices for options
    /// and tutorials, the pupils of its classes for fixed courses.
    pub pupils: KeyedVec<CourseId, u32>,
    /// The largest class of each course: `max_size`, or the seats of its largest suitable room
    /// when fewer, with that room.
    pub largest: KeyedVec<CourseId, (u32, Option<RoomId>)>,
    /// The seats of each course's largest suitable room (`u32::MAX` when it needs none).
    pub largest_room: KeyedVec<CourseId, (u32, Option<RoomId>)>,
    /// Main option choices of each pupil.
    pub main_options: KeyedVec<PupilId, u32>,
    /// Pupils grouped by their compulsory courses.
    pub profiles: Vec<Profile>,
}

impl Need {
    /// Counts what `scenario` asks for.
    pub fn of(scenario: &Scenario) -> Self {
        let courses = &scenario.courses;
        let mut per_stage: KeyedVec<StageId, u32> = KeyedVec::filled(scenario.stages.len(), 0);
        for p in scenario.pupils.iter() {
            if let Some(n) = per_stage.get(p.stage).copied() {
                per_stage[p.stage] = n + 1;
            }
        }
        let mut pupils: KeyedVec<CourseId, u32> = KeyedVec::filled(courses.len(), 0);
        let mut main_options: KeyedVec<PupilId, u32> = KeyedVec::filled(scenario.pupils.len(), 0);
        for (pid, p) in scenario.pupils.iter_enumerated() {
            for ch in p.main_choices() {
                pupils[ch.course] += 1;
                if courses[ch.course].kind == CourseKind::Option {
                    main_options[pid] += 1;
                }
            }
        }
        for (cid, c) in courses.iter_enumerated() {
            if matches!(c.kind, CourseKind::Core | CourseKind::Lecture) {
                pupils[cid] = c
                    .stages
                    .iter()
                    .map(|&s| per_stage.get(s).copied().unwrap_or(0))
                    .sum();
            }
        }
        for class in &scenario.fixed {
            pupils[class.course] += class.pupils.len() as u32;
        }
        let mut largest_room = KeyedVec::filled(courses.len(), (u32::MAX, None));
        let mut largest = KeyedVec::filled(courses.len(), (0, None));
        for (cid, c) in courses.iter_enumerated() {
            if c.room_type.is_some() {
                largest_room[cid] = scenario
                    .rooms
                    .iter_enumerated()
                    .filter(|(_, r)| r.suits(c))
                    .map(|(id, r)| (r.capacity, Some(id)))
                    .max_by_key(|&(cap, id)| (cap, std::cmp::Reverse(id)))
                    .unwrap_or((0, None));
            }
            let (seats, room) = largest_room[cid];
            largest[cid] = if seats < c.max_size {
                (seats, room)
            } else {
                (c.max_size, None)
            };
        }
        let mut fixed_of: HashMap<PupilId, Vec<CourseId>> = HashMap::new();
        for class in &scenario.fixed {
            for &p in &class.pupils {
                fixed_of.entry(p).or_default().push(class.course);
            }
        }
        let mut groups: HashMap<(StageId, Vec<CourseId>), Vec<PupilId>> = HashMap::new();
        let mut stage_courses: HashMap<StageId, Vec<CourseId>> = HashMap::new();
        for (pid, p) in scenario.pupils.iter_enumerated() {
            let mut cs = stage_courses
                .entry(p.stage)
                .or_insert_with(|| {
                    courses
                        .iter_enumerated()
                        .filter(|(_, c)| {
                            matches!(c.kind, CourseKind::Core | CourseKind::Lecture)
                                && c.open_to(p.stage)
                        })
                        .map(|(id, _)| id)
                        .collect()
                })
                .clone();
            if let Some(f) = fixed_of.get(&pid) {
                cs.extend(f);
            }
            cs.sort();
            cs.dedup();
            groups.entry((p.stage, cs)).or_default().push(pid);
        }
        let mut profiles: Vec<Profile> = groups
            .into_iter()
            .map(|((stage, courses), pupils)| Profile {
                stage,
                courses,
                pupils,
            })
            .collect();
        profiles.sort_by_key(|p| p.pupils[0]);
        Need {
            pupils,
            largest,
            largest_room,
            main_options,
            profiles,
        }
    }

    /// The fewest classes of `course` that any complete timetable has (`with_options`: and the
    /// classes an option's or tutorial's demand asks for, at most `max_classes`).
    pub fn classes(&self, scenario: &Scenario, course: CourseId, with_options: bool) -> u64 {
        let c = &scenario.courses[course];
        let n = self.pupils[course];
        let largest = self.largest[course].0;
        match c.kind {
            CourseKind::Fixed => {
                scenario.fixed.iter().filter(|x| x.course == course).count() as u64
            }
            _ if n == 0 || largest == 0 => 0,
            CourseKind::Core | CourseKind::Lecture => {
                u64::from(n.div_ceil(largest).min(c.max_classes))
            }
            CourseKind::Option | CourseKind::Tutorial if with_options => {
                u64::from(n.div_ceil(largest).min(c.max_classes))
            }
            CourseKind::Option | CourseKind::Tutorial => 0,
        }
    }

    /// The meetings a week of those classes.
    pub fn meetings(&self, scenario: &Scenario, course: CourseId, with_options: bool) -> u64 {
        self.classes(scenario, course, with_options) * u64::from(scenario.courses[course].periods)
    }

    /// The fewest pupils a class of `course` can have: `min_size` (at least 1), or the smallest
    /// given class of a fixed course.
    pub fn smallest_class(&self, scenario: &Scenario, course: CourseId) -> u32 {
        let c = &scenario.courses[course];
        match c.kind {
            CourseKind::Fixed => scenario
                .fixed
                .iter()
                .filter(|x| x.course == course)
                .map(|x| x.pupils.len() as u32)
                .min()
                .unwrap_or(0),
            _ => c.min_size.max(1),
        }
    }
}

/// The seats of the largest room that suits `course` (`u32::MAX` when it needs none).
pub fn largest_seats(scenario: &Scenario, course: &Course) -> u32 {
    if course.room_type.is_none() {
        return u32::MAX;
    }
    scenario
        .rooms
        .iter()
        .filter(|r| r.suits(course))
        .map(|r| r.capacity)
        .max()
        .unwrap_or(0)
}
