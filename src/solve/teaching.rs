//! Decides the classes of all teaching outside the option blocks: core courses in parallel sets,
//! lectures as one large group (or a few, in parallel), tutorials for the pupils who chose them,
//! and the given classes of `fixed` courses. Each becomes an *event*: classes that meet together.

use crate::ids::*;
use crate::scenario::{Course, CourseKind, Scenario};
use crate::solution::Note;

/// A class to be, with its pupils.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NewClass {
    /// External id.
    pub id: String,
    /// Course.
    pub course: CourseId,
    /// Pupils (sorted).
    pub pupils: Vec<PupilId>,
    /// The given class of `fixed.csv` it is (index into `Scenario::fixed`), if any.
    pub given: Option<usize>,
}

/// Classes that meet at the same times (the sets of a core course, the groups of a lecture), or
/// a single class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Band {
    /// Display name.
    pub name: String,
    /// Its classes.
    pub classes: Vec<NewClass>,
}

/// Splits `pupils` into `k` classes whose sizes differ by at most one.
fn deal(pupils: &[PupilId], k: usize) -> Vec<Vec<PupilId>> {
    (0..k)
        .map(|j| pupils.iter().skip(j).step_by(k).copied().collect())
        .collect()
}

/// Splits `pupils` into `bands` contiguous shares holding `sets` classes in all: each share
/// gets `sets / bands` classes or one more, and pupils in proportion, so no class of any share
/// is bigger than the largest class of an even split into `sets`.
fn shares(pupils: &[PupilId], sets: usize, bands: usize) -> Vec<(&[PupilId], usize)> {
    let bands = bands.clamp(1, sets.max(1));
    let sets = sets.max(1);
    let mut out = Vec::new();
    let (mut at, mut dealt) = (0, 0);
    for h in 0..bands {
        let mine = sets / bands + usize::from(h < sets % bands);
        dealt += mine;
        let end = pupils.len() * dealt / sets;
        out.push((&pupils[at..end], mine));
        at = end;
    }
    out
}

/// How many qualified teachers of `course` can meet together: all-week teachers first, then
/// those away least, while the slots they share are still at least half the course's slots and
/// twice its periods (a band whose teachers share little free time can hardly be placed, so such
/// a course runs in more, smaller bands).
fn together(scenario: &Scenario, course: CourseId) -> usize {
    let c = &scenario.courses[course];
    let mut qualified: Vec<&crate::scenario::Staff> = scenario
        .staff
        .iter()
        .filter(|s| s.can_teach(course) && s.max_periods >= c.periods)
        .collect();
    qualified.sort_by_key(|s| s.unavailable.len());
    let need = (2 * c.periods as usize)
        .max(c.allowed.len() / 2)
        .min(c.allowed.len());
    let mut shared = c.allowed;
    let mut count = 0;
    for s in qualified {
        let next = shared.difference(&s.unavailable);
        if next.len() >= need {
            shared = next;
            count += 1;
        }
    }
    count
}

/// The seats of each room that suits `course` (type and features) and is free for at least its
/// periods of the slots it may use; `None` when its meetings need no room.
fn seats(scenario: &Scenario, course: &Course) -> Option<Vec<u32>> {
    course.room_type?;
    Some(
        scenario
            .rooms
            .iter()
            .filter(|r| {
                r.suits(course)
                    && course.allowed.difference(&r.unavailable).len() >= course.periods as usize
            })
            .map(|r| r.capacity)
            .collect(),
    )
}

/// How a core or lecture course's pupils are split: sets in all, and bands of sets that meet
/// at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Split {
    sets: usize,
    bands: usize,
}

/// The sets and bands of `pupils` pupils of `course`, with `teachers` qualified teachers able
/// to meet together and the rooms of `seats` (`None`: no room needed).
///
/// Each set is at most `max_size` and at most the seats of the largest suitable room; among
/// the numbers of sets within `max_classes` (and no set below `min_size` where that can be)
/// for which every set fits, the one needing the fewest bands, then the fewest sets, where a
/// band holds as many sets as there are teachers together and suitable rooms big enough for
/// its sets. Where no number within `max_classes` fits, `max_classes` sets (the smallest),
/// left for the week and the diagnosis to report.
fn split(pupils: usize, course: &Course, seats: Option<&[u32]>, teachers: usize) -> Split {
    let max_classes = course.max_classes.max(1) as usize;
    // No suitable room at all: nothing to size the sets to (the week reports it).
    let largest = seats.and_then(|s| s.iter().copied().max());
    let cap = largest.map_or(course.max_size, |r| course.max_size.min(r));
    let bands = |sets: usize| {
        let size = pupils.div_ceil(sets) as u32;
        let rooms = seats.map_or(usize::MAX, |s| s.iter().filter(|&&r| r >= size).count());
        sets.div_ceil(teachers.min(rooms).max(1))
    };
    let least = pupils.div_ceil(cap.max(1) as usize).max(1);
    if least > max_classes {
        return Split {
            sets: max_classes,
            bands: bands(max_classes),
        };
    }
    let most = max_classes
        .min(pupils / course.min_size.max(1) as usize)
        .max(least);
    (least..=most)
        .map(|sets| Split {
            sets,
            bands: bands(sets),
        })
        .min_by_key(|s| (s.bands, s.sets))
        .expect("least <= most")
}

/// What a core course asks of its bands, for `pupils` pupils: its split, the size of its sets,
/// how many of them can meet at once (teachers together, rooms that seat a set), its periods
/// and `max_classes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Need {
    split: Split,
    size: u32,
    at_once: usize,
    periods: u32,
    max_classes: usize,
}

impl Need {
    fn of(scenario: &Scenario, course: CourseId, pupils: usize) -> Need {
        let c = &scenario.courses[course];
        let teachers = if c.staffed {
            together(scenario, course)
        } else {
            usize::MAX
        };
        let seats = seats(scenario, c);
        let split = split(pupils, c, seats.as_deref(), teachers);
        let size = pupils.div_ceil(split.sets.max(1)).max(1) as u32;
        let rooms = seats
            .as_deref()
            .map_or(usize::MAX, |s| s.iter().filter(|&&r| r >= size).count());
        Need {
            split,
            size,
            at_once: teachers.min(rooms).max(1),
            periods: c.periods,
            max_classes: c.max_classes.max(1) as usize,
        }
    }

    /// The most pupils one band can hold.
    fn capacity(&self) -> usize {
        self.at_once.saturating_mul(self.size as usize)
    }

    /// Sets for a band of `pupils`.
    fn sets(&self, pupils: usize) -> usize {
        pupils.div_ceil(self.size as usize).max(1)
    }
}

/// A course's bands in a nested banding: each band's contiguous share of the population (a
/// range of its pupils in tutor-group order) and its number of sets.
type Plan = Vec<(std::ops::Range<usize>, usize)>;

/// `range` cut into `k` contiguous parts of sizes that differ by at most one.
fn cut(range: std::ops::Range<usize>, k: usize) -> Vec<std::ops::Range<usize>> {
    let n = range.len();
    let k = k.clamp(1, n.max(1));
    (0..k)
        .map(|j| range.start + n * j / k..range.start + n * (j + 1) / k)
        .collect()
}

/// Nested banding of the core courses that one population of `pupils` pupils takes (see
/// docs/model.md, "Core sets banded with the week in view"): where some course needs more
/// than one band, the course whose bands need the most slots (bands times periods, as its
/// bands cannot share its rooms or teachers) is banded into *cohorts* as large as its bands
/// hold, and every other course into *parts* of the cohorts, as large as the smallest of their
/// bands hold. A pupil's core week is then that of their cohort: bands of different cohorts
/// share no pupil and may meet at once, and the parts of a cohort can take turns with each
/// other. Two ways of cutting the cohorts are tried (filled in turn, or even), the cohorts cut
/// into equal parts, or, when no such nesting fits, into parts in proportion to one course's
/// sets ([`proportional`]); the one with the fewest sets in all that keeps every course within
/// `max_classes` wins. `None`: one band each is enough, a course alone, or no nesting fits
/// `max_classes`.
fn nested(pupils: usize, needs: &[Need]) -> Option<Vec<Plan>> {
    if needs.len() < 2 || needs.iter().all(|n| n.split.bands <= 1) || pupils == 0 {
        return None;
    }
    let b = (0..needs.len())
        .max_by_key(|&i| {
            let n = &needs[i];
            (
                n.split.bands * n.periods as usize,
                std::cmp::Reverse(n.capacity()),
                std::cmp::Reverse(i),
            )
        })
        .expect("two needs");
    let cohort = needs[b].capacity().clamp(1, pupils);
    let part = (0..needs.len())
        .filter(|&i| i != b)
        .map(|i| needs[i].capacity())
        .min()
        .unwrap_or(cohort)
        .clamp(1, cohort);
    let count = pupils.div_ceil(cohort);
    let filled: Vec<std::ops::Range<usize>> = (0..count)
        .map(|h| h * cohort..((h + 1) * cohort).min(pupils))
        .collect();
    let even = cut(0..pupils, count);
    let mut best: Option<(usize, Vec<Plan>)> = None;
    let consider = |best: &mut Option<(usize, Vec<Plan>)>,
                    cohorts: &[std::ops::Range<usize>],
                    parts: &[std::ops::Range<usize>]| {
        let plans: Vec<Plan> = needs
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let bands = if i == b { cohorts } else { parts };
                bands.iter().map(|r| (r.clone(), n.sets(r.len()))).collect()
            })
            .collect();
        let within = plans.iter().zip(needs).all(|(plan, n)| {
            plan.iter().map(|p| p.1).sum::<usize>() <= n.max_classes
                && plan.iter().all(|p| p.1 <= n.at_once)
        });
        let total: usize = plans.iter().flatten().map(|p| p.1).sum();
        if within && best.as_ref().is_none_or(|(t, _)| total < *t) {
            *best = Some((total, plans));
        }
    };
    for cohorts in [&filled, &even] {
        let parts: Vec<std::ops::Range<usize>> = cohorts
            .iter()
            .flat_map(|r| cut(r.clone(), r.len().div_ceil(part)))
            .collect();
        consider(&mut best, cohorts, &parts);
    }
    // Parts of equal size can cost a set in every part (two parts of 192 need 7 sets of 30
    // each, where the cohort of 384 needs 13): when no such nesting keeps within `max_classes`,
    // each cohort is cut in proportion to one course's sets instead (7 and 6 sets: 206 and 178
    // pupils), so that course needs no more sets than its cohorts would alone.
    if best.is_none() {
        for cohorts in [&filled, &even] {
            let others = needs.iter().enumerate().filter(|&(i, _)| i != b);
            for (_, n) in others {
                let parts: Vec<std::ops::Range<usize>> = cohorts
                    .iter()
                    .flat_map(|r| proportional(r.clone(), r.len().div_ceil(part), n.sets(r.len())))
                    .collect();
                consider(&mut best, cohorts, &parts);
            }
        }
    }
    best.map(|(_, plans)| plans)
}

/// `range` cut into `k` contiguous parts in proportion to `sets` sets shared among them as
/// evenly as possible (the first parts one more where they do not divide); plain [`cut`] when
/// there are fewer sets than parts.
fn proportional(
    range: std::ops::Range<usize>,
    k: usize,
    sets: usize,
) -> Vec<std::ops::Range<usize>> {
    let k = k.max(1);
    if sets < k {
        return cut(range, k);
    }
    let n = range.len();
    let mut done = 0;
    let mut out = Vec::with_capacity(k);
    for j in 0..k {
        let start = range.start + n * done / sets;
        done += sets / k + usize::from(j < sets % k);
        out.push(start..range.start + n * done / sets);
    }
    out
}

/// The pupils of each course open to some stage, in tutor-group order (so that a band split
/// keeps tutor groups together).
fn course_pupils(scenario: &Scenario, c: &Course) -> Vec<PupilId> {
    let mut pupils: Vec<PupilId> = scenario
        .pupils
        .iter_enumerated()
        .filter(|(_, p)| c.open_to(p.stage))
        .map(|(id, _)| id)
        .collect();
    pupils.sort_by_key(|&p| (scenario.pupils[p].tutor_group, p));
    pupils
}

/// The nested plans of every core course that shares its pupils with other core courses (see
/// [`nested`]).
fn nested_plans(scenario: &Scenario) -> std::collections::BTreeMap<CourseId, Plan> {
    let mut by_pupils: std::collections::BTreeMap<Vec<PupilId>, Vec<CourseId>> =
        std::collections::BTreeMap::new();
    for (cid, c) in scenario.courses.iter_enumerated() {
        if c.kind == CourseKind::Core {
            let pupils = course_pupils(scenario, c);
            if !pupils.is_empty() {
                by_pupils.entry(pupils).or_default().push(cid);
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    for (pupils, courses) in by_pupils {
        let needs: Vec<Need> = courses
            .iter()
            .map(|&c| Need::of(scenario, c, pupils.len()))
            .collect();
        if let Some(plans) = nested(pupils.len(), &needs) {
            out.extend(courses.into_iter().zip(plans));
        }
    }
    out
}

/// The bands of core, lecture, tutorial and fixed teaching, and notes on what does not fit.
pub(crate) fn run(scenario: &Scenario) -> (Vec<Band>, Vec<Note>) {
    let mut bands = Vec::new();
    let mut notes = Vec::new();
    let plans = nested_plans(scenario);
    for (cid, c) in scenario.courses.iter_enumerated() {
        match c.kind {
            CourseKind::Option => {}
            CourseKind::Core | CourseKind::Lecture => {
                let pupils = course_pupils(scenario, c);
                if pupils.is_empty() {
                    continue;
                }
                let needed = pupils.len().div_ceil(c.max_size.max(1) as usize);
                if needed > c.max_classes as usize {
                    notes.push(Note::TooFewClasses {
                        course: c.name.clone(),
                        needed,
                        max_size: c.max_size,
                        pupils: pupils.len(),
                        max_classes: c.max_classes,
                    });
                }
                // As many sets at once as the qualified teachers and the suitable rooms allow;
                // more sets make more bands, each a share of the pupils (tutor groups kept).
                let teachers = if c.staffed {
                    together(scenario, cid)
                } else {
                    usize::MAX
                };
                let seats = seats(scenario, c);
                let Split {
                    sets: k,
                    bands: bands_needed,
                } = split(pupils.len(), c, seats.as_deref(), teachers);
                let what = if c.kind == CourseKind::Core {
                    "sets"
                } else {
                    "lecture"
                };
                let cut: Vec<(&[PupilId], usize)> = match plans.get(&cid) {
                    Some(plan) => plan.iter().map(|(r, k)| (&pupils[r.clone()], *k)).collect(),
                    None => shares(&pupils, k, bands_needed),
                };
                let bands_needed = cut.len();
                let mut number = 0;
                for (h, (share, sets)) in cut.into_iter().enumerate() {
                    let classes = deal(share, sets)
                        .into_iter()
                        .map(|pupils| {
                            number += 1;
                            NewClass {
                                id: format!("{}-{}", c.id, number),
                                course: cid,
                                pupils,
                                given: None,
                            }
                        })
                        .collect();
                    let name = if bands_needed > 1 {
                        format!("{} {what} band {}", c.name, h + 1)
                    } else {
                        format!("{} {what}", c.name)
                    };
                    bands.push(Band { name, classes });
                }
            }
            CourseKind::Tutorial => {
                let pupils: Vec<PupilId> = scenario
                    .pupils
                    .iter_enumerated()
                    .filter(|(_, p)| p.choice_of(cid).is_some_and(|ch| !ch.reserve))
                    .map(|(id, _)| id)
                    .collect();
                // Groups as big as the largest suitable room holds, where that many groups
                // may run; otherwise of `max_size`, as asked (and reported if unroomable).
                let size = match seats(scenario, c).and_then(|s| s.iter().copied().max()) {
                    Some(room)
                        if pupils.len().div_ceil(c.max_size.min(room).max(1) as usize)
                            <= c.max_classes as usize =>
                    {
                        c.max_size.min(room).max(1) as usize
                    }
                    _ => c.max_size.max(1) as usize,
                };
                let k = pupils.len().div_ceil(size);
                let allowed = (c.max_classes as usize).min(k);
                if k > allowed {
                    notes.push(Note::TutorialFull {
                        course: c.name.clone(),
                        pupils: pupils.len(),
                        max_classes: c.max_classes,
                        max_size: c.max_size,
                    });
                }
                for (j, chunk) in pupils.chunks(size).take(allowed).enumerate() {
                    let id = if size == 1 {
                        format!("{}-{}", c.id, scenario.pupils[chunk[0]].id)
                    } else {
                        format!("{}-{}", c.id, j + 1)
                    };
                    bands.push(Band {
                        name: format!("{} {}", c.name, id),
                        classes: vec![NewClass {
                            id,
                            course: cid,
                            pupils: chunk.to_vec(),
                            given: None,
                        }],
                    });
                }
            }
            CourseKind::Fixed => {
                for (i, f) in scenario
                    .fixed
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.course == cid)
                {
                    bands.push(Band {
                        name: f.id.clone(),
                        classes: vec![NewClass {
                            id: f.id.clone(),
                            course: cid,
                            pupils: f.pupils.clone(),
                            given: Some(i),
                        }],
                    });
                }
            }
        }
    }
    (bands, notes)
}

/// Weekly periods each teacher must keep for `bands` if taught by the teachers `staff` chose.
pub(crate) fn load(
    scenario: &Scenario,
    bands: &[Band],
    staff: &[Vec<Option<StaffId>>],
) -> KeyedVec<StaffId, u32> {
    let mut load = KeyedVec::filled(scenario.staff.len(), 0);
    for (band, teachers) in bands.iter().zip(staff) {
        for (class, t) in band.classes.iter().zip(teachers) {
            if let Some(t) = t {
                load[*t] += scenario.courses[class.course].periods;
            }
        }
    }
    load
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_hold_exactly_the_sets_and_no_class_grows() {
        // 27 sets of at most 30 for 800 pupils, 13 at once: three bands of 9 sets.
        let pupils: Vec<PupilId> = (0..800).map(PupilId).collect();
        let out = shares(&pupils, 27, 3);
        assert_eq!(out.iter().map(|s| s.1).sum::<usize>(), 27);
        assert_eq!(out.iter().map(|s| s.0.len()).sum::<usize>(), 800);
        for (share, sets) in &out {
            assert!(*sets <= 13);
            assert!(deal(share, *sets).iter().all(|c| c.len() <= 30));
        }
        // Uneven: 10 sets in 3 bands of at most 4.
        let out = shares(&pupils[..97], 10, 3);
        assert_eq!(out.iter().map(|s| s.1).collect::<Vec<_>>(), [4, 3, 3]);
        for (share, sets) in &out {
            assert!(deal(share, *sets).iter().all(|c| c.len() <= 10));
        }
    }
}

#[cfg(test)]
mod nesting {
    use super::*;

    fn need(size: u32, at_once: usize, periods: u32, bands: usize, max_classes: usize) -> Need {
        Need {
            split: Split { sets: 0, bands },
            size,
            at_once,
            periods,
            max_classes,
        }
    }

    #[test]
    fn every_course_is_banded_inside_the_cohorts_of_the_tightest() {
        // 300 pupils: Science in sets of 24, five labs (three bands), PE in sets of 30, three
        // gyms (four bands), English in sets of 30, ten teachers at once (one band).
        let needs = [
            need(30, 10, 3, 1, 12),
            need(24, 5, 4, 3, 16),
            need(30, 3, 2, 4, 12),
        ];
        let plans = nested(300, &needs).expect("nested");
        let sci = &plans[1];
        assert_eq!(sci.len(), 3, "{sci:?}");
        assert_eq!(sci.iter().map(|p| p.1).sum::<usize>(), 13);
        for plan in [&plans[0], &plans[2]] {
            // Each band lies inside one cohort, the bands cover the pupils once.
            for (r, _) in plan {
                assert!(sci
                    .iter()
                    .any(|(c, _)| c.start <= r.start && r.end <= c.end));
            }
            assert_eq!(plan.iter().map(|p| p.0.len()).sum::<usize>(), 300);
        }
        // PE: no band more sets than gyms, ten sets in all; English ten sets.
        assert!(plans[2].iter().all(|p| p.1 <= 3), "{:?}", plans[2]);
        assert_eq!(plans[2].iter().map(|p| p.1).sum::<usize>(), 10);
        assert_eq!(plans[0].iter().map(|p| p.1).sum::<usize>(), 10);
    }

    #[test]
    fn one_band_each_or_one_course_needs_no_nesting() {
        assert_eq!(
            nested(100, &[need(30, 10, 3, 1, 8), need(24, 5, 4, 1, 8)]),
            None
        );
        assert_eq!(nested(300, &[need(24, 5, 4, 3, 16)]), None);
        // Nesting that breaks max_classes is not taken.
        assert_eq!(
            nested(300, &[need(30, 10, 3, 1, 10), need(24, 5, 4, 3, 13)]).map(|p| p.len()),
            Some(2)
        );
        assert_eq!(
            nested(290, &[need(30, 3, 3, 4, 10), need(24, 5, 4, 3, 12)]),
            None
        );
    }

    #[test]
    fn parts_in_proportion_to_the_sets_where_even_parts_break_max_classes() {
        // 1,000 pupils: Science in sets of 24, 16 labs (three bands: cohorts of at most 384);
        // PE in sets of 30, seven gyms, at most 35 sets. Even parts (192 or 167 pupils) need 36
        // PE sets; parts in proportion to the cohort's 13 sets (206 and 178) need 34.
        let needs = [need(24, 16, 4, 3, 43), need(30, 7, 2, 5, 35)];
        let plans = nested(1000, &needs).expect("nested");
        let (sci, pe) = (&plans[0], &plans[1]);
        assert_eq!(sci.len(), 3, "{sci:?}");
        assert!(pe.iter().map(|p| p.1).sum::<usize>() <= 35, "{pe:?}");
        assert!(
            pe.iter().all(|p| p.1 <= 7 && p.0.len() <= 30 * p.1),
            "{pe:?}"
        );
        for (r, _) in pe {
            assert!(sci
                .iter()
                .any(|(c, _)| c.start <= r.start && r.end <= c.end));
        }
        assert_eq!(pe.iter().map(|p| p.0.len()).sum::<usize>(), 1000);
    }

    #[test]
    fn proportional_parts_cover_the_range_and_follow_the_sets() {
        assert_eq!(proportional(0..384, 2, 13), vec![0..206, 206..384]);
        assert_eq!(proportional(10..20, 3, 2), cut(10..20, 3));
        assert_eq!(proportional(0..232, 2, 8), vec![0..116, 116..232]);
    }
}

#[cfg(test)]
mod sizing {
    use super::*;
    use crate::load::{planted_school, NO_CHOICES};

    /// A GCSE cohort of `pupils` in one stage taking core Combined Science (4 periods,
    /// `max_size` 30, `max_classes` 8) in labs of the given seats and unavailable slots, with
    /// eight science teachers, on a week of 5 days of 5 periods.
    fn cohort(pupils: usize, labs: &[(u32, &str)]) -> Scenario {
        let school = "name = \"gcse\"\n[week]\ndays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\"]\nperiods = [\"1\", \"2\", \"3\", \"4\", \"5\"]\n[options]\nblocks = 0\nperiods_per_block = 1\n";
        let courses = "course,name,kind,periods,min_size,max_size,max_classes,room_type,stages\nSCI,Combined Science,core,4,1,30,8,lab,10\n";
        let mut p = "pupil,name,stage,tutor_group\n".to_owned();
        for i in 0..pupils {
            p += &format!("P{i},Pupil {i},10,10{}\n", i % 8);
        }
        let mut staff = "staff,name,max_periods,teaches,unavailable\n".to_owned();
        for i in 0..8 {
            staff += &format!("S{i},Teacher {i},20,SCI,\n");
        }
        let mut rooms = "room,capacity,type,unavailable\n".to_owned();
        for (i, (seats, away)) in labs.iter().enumerate() {
            rooms += &format!("L{i},{seats},lab,{away}\n");
        }
        planted_school([school, courses, &p, NO_CHOICES, &staff, &rooms])
    }

    fn sizes(bands: &[Band]) -> Vec<Vec<usize>> {
        bands
            .iter()
            .map(|b| b.classes.iter().map(|c| c.pupils.len()).collect())
            .collect()
    }

    #[test]
    fn sets_fit_the_largest_lab_within_max_classes() {
        // 200 pupils, max_size 30, 26-seat labs: not 7 sets of 28-29 but 8 of 25; five labs
        // hold five sets at once, so two bands.
        let s = cohort(200, &[(26, ""); 5]);
        let (bands, notes) = run(&s);
        assert!(notes.is_empty(), "{notes:?}");
        let sizes = sizes(&bands);
        assert_eq!(sizes.iter().map(Vec::len).sum::<usize>(), 8, "{sizes:?}");
        assert_eq!(sizes.iter().flatten().sum::<usize>(), 200);
        assert!(sizes.iter().flatten().all(|&n| n <= 26), "{sizes:?}");
        assert!(sizes.iter().all(|b| b.len() <= 5), "{sizes:?}");
        assert_eq!(bands.len(), 2);
    }

    #[test]
    fn a_lab_that_is_never_free_does_not_size_the_sets() {
        // The 30-seat lab is away all but three slots (fewer than the course's 4 periods):
        // the sets are sized to the 26-seat labs.
        let away: Vec<String> = ["Mon", "Tue", "Wed", "Thu", "Fri"]
            .iter()
            .flat_map(|d| (1..=5).map(move |p| format!("{d}:{p}")))
            .skip(3)
            .collect();
        let away = away.join(";");
        let labs = [(30, away.as_str()), (26, ""), (26, ""), (26, ""), (26, "")];
        let (bands, _) = run(&cohort(200, &labs));
        let sizes = sizes(&bands);
        assert!(sizes.iter().flatten().all(|&n| n <= 26), "{sizes:?}");
        assert!(sizes.iter().all(|b| b.len() <= 4), "{sizes:?}");
    }

    #[test]
    fn more_sets_where_they_need_fewer_bands() {
        // Two 30-seat labs and four of 25: 7 sets of 29 fit only the two big labs (4 bands);
        // 8 sets of 25 fit all six (2 bands).
        let s = cohort(
            200,
            &[(30, ""), (30, ""), (25, ""), (25, ""), (25, ""), (25, "")],
        );
        let c = &s.courses[CourseId(0)];
        let seats = seats(&s, c).unwrap();
        assert_eq!(split(200, c, Some(&seats), 8), Split { sets: 8, bands: 2 });
        // Without rooms to fit, the fewest sets of max_size.
        assert_eq!(split(200, c, None, 8), Split { sets: 7, bands: 1 });
        // Labs too small for any split within max_classes: the most, smallest sets.
        assert_eq!(split(200, c, Some(&[20, 20]), 8).sets, 8);
    }
}
