//! Test and benchmark support: a synthetic school of any size ([`synthetic_school`]) and a
//! simple greedy builder of a valid timetable ([`simple_valid_solution`]), so the checker can be
//! timed and tested on large solutions without the solver.

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand::SeedableRng;

use crate::ids::*;
use crate::scenario::*;
use crate::solution::{Class, Enrolment, Meeting, Solution, Summary, Unmet};

/// A synthetic school of `pupils` pupils in stages 10 and 11: three core courses a stage, eight
/// option courses (each pupil makes four main choices and one reserve), a tutorial that one
/// pupil in twenty chooses, a study lecture without staff or room, and enough staff and rooms
/// for every class to meet at once. It is only meant to time and test the checker.
pub fn synthetic_school(pupils: usize, seed: u64) -> RawScenario {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let stages = ["10", "11"];
    let per_stage = pupils.div_ceil(2).max(1);
    let mut courses = Vec::new();
    let course =
        |id: &str, kind: &str, periods: u32, max: u32, classes: usize, room: &str| RawCourse {
            max_size: max,
            max_classes: classes as u32,
            ..RawCourse::new(id, kind, periods, room, &stages)
        };
    for st in stages {
        for (name, periods, room) in [("EN", 4, "class"), ("MA", 4, "class"), ("SC", 3, "lab")] {
            let mut c = course(
                &format!("{name}{st}"),
                "core",
                periods,
                30,
                per_stage.div_ceil(30),
                room,
            );
            c.stages = vec![st.to_owned()];
            if name == "SC" {
                c.features = vec!["gas".to_owned()];
            }
            courses.push(c);
        }
    }
    let options = ["HI", "GE", "FR", "AR", "MU", "CS", "DR", "EC"];
    for o in options {
        let room = if o == "AR" { "studio" } else { "class" };
        courses.push(course(o, "option", 3, 25, pupils.div_ceil(25) + 2, room));
    }
    let tutorials = pupils.div_ceil(20);
    courses.push(course(
        "MENT",
        "tutorial",
        1,
        4,
        tutorials.div_ceil(4) + 1,
        "none",
    ));
    let mut study = course("STUDY", "lecture", 1, pupils.max(1) as u32, 1, "none");
    study.staffed = false;
    courses.push(study);
    for (i, c) in courses.iter_mut().enumerate() {
        c.line = i as u64 + 2;
    }

    let mut raw_pupils = Vec::new();
    let mut choices = Vec::new();
    for i in 0..pupils {
        let stage = stages[i % 2];
        let id = format!("P{:06}", i + 1);
        raw_pupils.push(RawPupil {
            limits: Default::default(),
            line: i as u64 + 2,
            pupil: id.clone(),
            name: format!("Pupil {}", i + 1),
            stage: stage.to_owned(),
            tutor_group: format!("{stage}-{}", i / 50),
        });
        let mut picks = options.to_vec();
        picks.shuffle(&mut rng);
        for (rank, o) in picks.iter().take(5).enumerate() {
            choices.push(RawChoice {
                line: choices.len() as u64 + 2,
                pupil: id.clone(),
                course: (*o).to_owned(),
                rank: rank as u32 + 1,
                reserve: rank == 4,
            });
        }
        if i % 20 == 7 {
            choices.push(RawChoice {
                line: choices.len() as u64 + 2,
                pupil: id.clone(),
                course: "MENT".to_owned(),
                rank: 6,
                reserve: false,
            });
        }
    }

    let mut staff = Vec::new();
    let mut rooms_needed: HashMap<String, usize> = HashMap::new();
    for c in &courses {
        if c.staffed {
            let n = if c.kind == "tutorial" {
                c.max_classes as usize / 4 + 2
            } else {
                c.max_classes as usize
            };
            for k in 0..n {
                staff.push(RawStaff {
                    limits: Default::default(),
                    line: staff.len() as u64 + 2,
                    staff: format!("T-{}-{}", c.course, k + 1),
                    name: format!("Teacher {} {}", c.course, k + 1),
                    max_periods: 25,
                    teaches: vec![c.course.clone()],
                    unavailable: Vec::new(),
                });
            }
        }
        if c.room_type != "none" {
            *rooms_needed.entry(c.room_type.clone()).or_default() += c.max_classes as usize;
        }
    }
    let mut rooms = Vec::new();
    let mut types: Vec<_> = rooms_needed.into_iter().collect();
    types.sort();
    for (t, n) in types {
        for k in 0..n {
            rooms.push(RawRoom {
                line: rooms.len() as u64 + 2,
                room: format!("{t}-{}", k + 1),
                capacity: 30,
                room_type: t.clone(),
                unavailable: Vec::new(),
                features: if t == "lab" {
                    vec!["gas".to_owned()]
                } else {
                    Vec::new()
                },
            });
        }
    }
    RawScenario {
        school: SchoolFile {
            rules: Default::default(),
            name: format!("synthetic-{pupils}"),
            stages: Some(stages.iter().map(|s| (*s).to_owned()).collect()),
            week: WeekFile {
                days: ["Mon", "Tue", "Wed", "Thu", "Fri"]
                    .map(str::to_owned)
                    .to_vec(),
                periods: (1..=6).map(|p| p.to_string()).collect(),
                breaks: Vec::new(),
            },
            options: Some(OptionsSettings {
                blocks: 4,
                periods_per_block: 3,
                pattern: None,
            }),
            schemes: Vec::new(),
            solve: SolveSettings::default(),
        },
        courses,
        pupils: raw_pupils,
        choices,
        staff,
        rooms,
        fixed: Vec::new(),
    }
}

/// Where the builder stands: who and what is busy when.
struct Busy {
    pupils: KeyedVec<PupilId, SlotSet>,
    staff: KeyedVec<StaffId, SlotSet>,
    load: KeyedVec<StaffId, u32>,
    rooms: KeyedVec<RoomId, SlotSet>,
}

/// A class being built.
struct Draft {
    course: CourseId,
    id: String,
    block: Option<BlockId>,
    pupils: Vec<PupilId>,
}

/// Splits `pupils` into `k` classes of nearly equal size.
fn split(pupils: &[PupilId], k: usize) -> Vec<Vec<PupilId>> {
    let n = pupils.len();
    (0..k)
        .map(|i| pupils[i * n / k..(i + 1) * n / k].to_vec())
        .collect()
}

/// A simple valid timetable for `scenario`, built greedily: each option course goes to one
/// block (fewest shared choices first), a pupil keeps the better-ranked of two choices in one
/// block, every course is split into as few even classes as its sizes allow, and each meeting
/// takes the first slot free for its pupils with a free teacher and room. Choices that cannot
/// be met are listed as unmet; no reserve is used. `None` when the greedy gets stuck (too few
/// slots, staff or rooms, or a compulsory course too big for its classes).
pub fn simple_valid_solution(scenario: &Scenario) -> Option<Solution> {
    let s = scenario;
    // One scheme of alike blocks without fixed slots (as `[options]` makes), or none.
    let scheme_blocks: Vec<BlockId> = match s.schemes.as_slice() {
        [] => Vec::new(),
        [one] => one.blocks.clone(),
        _ => return None,
    };
    let blocks = scheme_blocks.len();
    let ppb = scheme_blocks
        .first()
        .map_or(1, |&b| s.blocks[b].periods as usize);
    if scheme_blocks
        .iter()
        .any(|&b| s.blocks[b].periods as usize != ppb || s.blocks[b].slots.is_some())
        || s.courses
            .iter()
            .any(|c| c.kind == CourseKind::Option && c.blocks.len() != blocks)
    {
        return None;
    }
    let n_slots = s.week.slots();
    if blocks * ppb > n_slots {
        return None;
    }

    // Option courses to blocks: most wanted first, each to the block it shares fewest
    // choices with.
    let options: Vec<CourseId> = s.courses_of(CourseKind::Option).collect();
    let mut demand: KeyedVec<CourseId, usize> = KeyedVec::filled(s.courses.len(), 0);
    let mut together: HashMap<(CourseId, CourseId), usize> = HashMap::new();
    for p in s.pupils.iter() {
        let mine: Vec<CourseId> = p
            .main_choices()
            .filter(|c| s.courses[c.course].kind == CourseKind::Option)
            .map(|c| c.course)
            .collect();
        for (i, &a) in mine.iter().enumerate() {
            demand[a] += 1;
            for &b in &mine[i + 1..] {
                *together.entry((a.min(b), a.max(b))).or_default() += 1;
            }
        }
    }
    let mut by_demand = options.clone();
    by_demand.sort_by_key(|&c| (std::cmp::Reverse(demand[c]), c));
    let mut block_of: KeyedVec<CourseId, Option<BlockId>> = KeyedVec::filled(s.courses.len(), None);
    let mut in_block: Vec<Vec<CourseId>> = vec![Vec::new(); blocks];
    for c in by_demand {
        let cost = |b: usize| -> (usize, usize) {
            let shared = in_block[b]
                .iter()
                .map(|&o| together.get(&(c.min(o), c.max(o))).copied().unwrap_or(0))
                .sum();
            (shared, in_block[b].len())
        };
        if let Some(b) = (0..blocks).min_by_key(|&b| (cost(b), b)) {
            in_block[b].push(c);
            block_of[c] = Some(scheme_blocks[b]);
        }
    }

    // Who takes what.
    let mut takers: KeyedVec<CourseId, Vec<PupilId>> =
        KeyedVec::filled(s.courses.len(), Vec::new());
    let mut unmet: Vec<Unmet> = Vec::new();
    for (pid, p) in s.pupils.iter_enumerated() {
        let mut used = vec![false; s.blocks.len()];
        for ch in p.main_choices() {
            let course = &s.courses[ch.course];
            match course.kind {
                CourseKind::Option => match block_of[ch.course] {
                    Some(b) if !used[b.index()] => {
                        used[b.index()] = true;
                        takers[ch.course].push(pid);
                    }
                    _ => unmet.push(Unmet {
                        pupil: pid,
                        course: ch.course,
                        rank: ch.rank,
                        reason: "its block holds a better-ranked choice".to_owned(),
                    }),
                },
                CourseKind::Tutorial => takers[ch.course].push(pid),
                _ => {}
            }
        }
        for (cid, c) in s.courses.iter_enumerated() {
            if matches!(c.kind, CourseKind::Core | CourseKind::Lecture) && c.open_to(p.stage) {
                takers[cid].push(pid);
            }
        }
    }

    // Classes.
    let mut drafts: Vec<Draft> = Vec::new();
    for (cid, c) in s.courses.iter_enumerated() {
        if c.kind == CourseKind::Fixed {
            for f in s.fixed.iter().filter(|f| f.course == cid) {
                drafts.push(Draft {
                    course: cid,
                    id: f.id.clone(),
                    block: None,
                    pupils: f.pupils.clone(),
                });
            }
            continue;
        }
        let mut list = std::mem::take(&mut takers[cid]);
        if list.is_empty() {
            continue;
        }
        let chosen = c.kind.is_chosen();
        let fits = (c.max_classes as usize) * (c.max_size as usize);
        if list.len() > fits || (list.len() as u32) < c.min_size {
            if !chosen {
                return None;
            }
            let keep = if (list.len() as u32) < c.min_size {
                0
            } else {
                fits
            };
            for &p in &list[keep..] {
                let rank = s.pupils[p].choice_of(cid).map_or(0, |ch| ch.rank);
                unmet.push(Unmet {
                    pupil: p,
                    course: cid,
                    rank,
                    reason: if keep == 0 {
                        "too few pupils chose it".to_owned()
                    } else {
                        "its classes are full".to_owned()
                    },
                });
            }
            list.truncate(keep);
            if list.is_empty() {
                continue;
            }
        }
        let k = list.len().div_ceil(c.max_size as usize);
        if list.len() / k < c.min_size as usize {
            return None;
        }
        for (i, pupils) in split(&list, k).into_iter().enumerate() {
            drafts.push(Draft {
                course: cid,
                id: format!("{}-{}", c.id, i + 1),
                block: block_of[cid],
                pupils,
            });
        }
    }

    // Courses in an order that puts every course after those it must follow.
    let mut order: Vec<CourseId> = Vec::new();
    let mut placed = vec![false; s.courses.len()];
    while order.len() < s.courses.len() {
        let next = s
            .courses
            .iter_enumerated()
            .find(|(id, c)| !placed[id.index()] && c.after.iter().all(|a| placed[a.index()]))
            .map(|(id, _)| id)?;
        placed[next.index()] = true;
        order.push(next);
    }
    let rank: KeyedVec<CourseId, usize> = {
        let mut r = KeyedVec::filled(s.courses.len(), 0);
        for (i, &c) in order.iter().enumerate() {
            r[c] = i;
        }
        r
    };
    // Options first (their slots are the blocks'), then the rest in that order.
    drafts.sort_by_key(|d| (d.block.is_none(), rank[d.course]));

    // Block slots, spread over the days: period by period, day by day.
    let spread: Vec<SlotId> = (0..s.week.periods.len())
        .flat_map(|p| (0..s.week.days.len()).map(move |d| (d, p)))
        .map(|(d, p)| s.week.slot(d, p))
        .collect();
    let block_slots = |b: BlockId| -> SlotSet {
        let b = scheme_blocks.iter().position(|&x| x == b).unwrap_or(0);
        spread[b * ppb..(b + 1) * ppb].iter().copied().collect()
    };

    let teachers: KeyedVec<CourseId, Vec<StaffId>> = s
        .courses
        .keys()
        .map(|c| {
            s.staff
                .keys()
                .filter(|&t| s.staff[t].can_teach(c))
                .collect()
        })
        .collect();
    let mut rooms_for: KeyedVec<CourseId, Vec<RoomId>> = s
        .courses
        .iter()
        .map(|c| s.rooms.keys().filter(|&r| s.rooms[r].suits(c)).collect())
        .collect();
    for list in rooms_for.iter_mut() {
        list.sort_by_key(|&r| (s.rooms[r].capacity, r));
    }
    let mut busy = Busy {
        pupils: KeyedVec::filled(s.pupils.len(), SlotSet::EMPTY),
        staff: KeyedVec::filled(s.staff.len(), SlotSet::EMPTY),
        load: KeyedVec::filled(s.staff.len(), 0),
        rooms: KeyedVec::filled(s.rooms.len(), SlotSet::EMPTY),
    };
    let mut last_slot: KeyedVec<CourseId, Option<SlotId>> = KeyedVec::filled(s.courses.len(), None);
    let mut classes: KeyedVec<ClassId, Class> = KeyedVec::new();
    let mut meetings = Vec::new();
    let mut enrolments = Vec::new();
    for d in drafts {
        let course = &s.courses[d.course];
        let size = d.pupils.len() as u32;
        let taken = d
            .pupils
            .iter()
            .fold(SlotSet::EMPTY, |acc, &p| acc.union(&busy.pupils[p]));
        let candidates: Vec<SlotId> = match d.block {
            Some(b) => block_slots(b).iter().collect(),
            None => {
                let after = course.after.iter().filter_map(|&a| last_slot[a]).max();
                course
                    .allowed
                    .difference(&taken)
                    .iter()
                    .filter(|&slot| after.is_none_or(|a| slot > a))
                    .collect()
            }
        };
        let class = ClassId::from_index(classes.len());
        let (mut staff0, mut room0) = (None, None);
        let mut got = 0;
        for slot in candidates {
            if got == course.periods {
                break;
            }
            let teacher = if course.staffed {
                let free = |t: &StaffId| {
                    let x = &s.staff[*t];
                    !x.unavailable.contains(slot)
                        && !busy.staff[*t].contains(slot)
                        && busy.load[*t] < x.max_periods
                };
                match staff0
                    .filter(free)
                    .or_else(|| teachers[d.course].iter().copied().find(free))
                {
                    Some(t) => Some(t),
                    None => continue,
                }
            } else {
                None
            };
            let room = if course.room_type.is_some() {
                let free = |r: &RoomId| {
                    let x = &s.rooms[*r];
                    x.capacity >= size
                        && !x.unavailable.contains(slot)
                        && !busy.rooms[*r].contains(slot)
                };
                match room0
                    .filter(free)
                    .or_else(|| rooms_for[d.course].iter().copied().find(free))
                {
                    Some(r) => Some(r),
                    None => continue,
                }
            } else {
                None
            };
            if let Some(t) = teacher {
                busy.staff[t].insert(slot);
                busy.load[t] += 1;
                staff0 = staff0.or(Some(t));
            }
            if let Some(r) = room {
                busy.rooms[r].insert(slot);
                room0 = room0.or(Some(r));
            }
            for &p in &d.pupils {
                busy.pupils[p].insert(slot);
            }
            last_slot[d.course] = Some(last_slot[d.course].map_or(slot, |l| l.max(slot)));
            meetings.push(Meeting {
                class,
                slot,
                staff: teacher,
                room,
            });
            got += 1;
        }
        if got < course.periods {
            return None;
        }
        enrolments.extend(d.pupils.iter().map(|&pupil| Enrolment { pupil, class }));
        classes.push(Class {
            id: d.id,
            course: d.course,
            block: d.block,
            staff: staff0,
            room: room0,
        });
    }

    let main_choices: u64 = s
        .pupils
        .iter()
        .map(|p| {
            p.main_choices()
                .filter(|c| s.courses[c.course].kind.is_chosen())
                .count() as u64
        })
        .sum();
    let mut missed = vec![false; s.pupils.len()];
    for u in &unmet {
        missed[u.pupil.index()] = true;
    }
    let mut solution = Solution {
        summary: Summary {
            scenario: s.name.clone(),
            tailor_version: env!("CARGO_PKG_VERSION").to_owned(),
            stage: "solve".to_owned(),
            pupils: s.pupils.len() as u64,
            pupils_fully_met: missed.iter().filter(|m| !**m).count() as u64,
            main_choices,
            main_choices_met: main_choices - unmet.len() as u64,
            reserves_used: 0,
            classes: classes.len() as u64,
            meetings: meetings.len() as u64,
            objective: None,
            bound: None,
            gap: None,
            status: "greedy".to_owned(),
            schemes: Vec::new(),
            complete: true,
            seconds: Default::default(),
            soft: None,
            notes: vec!["built by the simple greedy builder of tailor::check::fixture".into()],
            scenario_dir: None,
            changes: None,
            size_spread: None,
        },
        classes,
        meetings,
        enrolments,
        unmet,
    };
    solution.normalise();
    Some(solution)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, Mode};

    #[test]
    fn the_greedy_builder_makes_a_valid_week_for_a_synthetic_school() {
        let raw = synthetic_school(600, 1);
        let scenario = crate::load::resolve(&raw).expect("valid").scenario;
        let solution = simple_valid_solution(&scenario).expect("a week");
        assert!(solution.meetings.len() > 100);
        assert!(
            !solution.unmet.is_empty(),
            "some choices clash in the blocks"
        );
        let violations = check(&scenario, &solution, Mode::Full);
        assert!(
            violations.is_empty(),
            "{:#?}",
            &violations[..violations.len().min(10)]
        );
    }
}
