//! The classes outside the option blocks, kept (see docs/model.md, "Re-solving"). For each core,
//! lecture and tutorial course with classes in the old solution:
//!
//! 1. every pupil still taking it stays in their old class (while it seats them), and the old
//!    classes keep their bands: classes of a course that met in the same slots form one band,
//!    as they did; a band with more classes than rooms left that suit them (a lab closed) gives
//!    up the classes that lost their room, each to a band of its own, which the week places;
//! 2. a pupil new to the course (a joiner) takes the classes of a *template*: a pupil of the
//!    same stage (the same tutor group first) whose classes of those courses have seats left,
//!    in the old rooms first; their week is then the template's, so nothing else moves;
//! 3. a course whose classes are all full opens a class in the band of the template's class
//!    (it meets when the band meets), filled up to `min_size` from that band's classes;
//! 4. a course that still cannot seat its pupils (no class may open) is banded afresh, and its
//!    fresh classes are matched to old ones, most shared pupils first.
//!
//! The old teacher of each kept class is what staffing is asked to keep ([`Kept::prefer`]).

use std::collections::{BTreeMap, BTreeSet};

use super::old::Old;
use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};
use crate::solve::staffing::BandStaff;
use crate::solve::teaching::{Band, NewClass};

/// The bands with old ids, pupils and bands kept.
pub(crate) struct Kept {
    /// The bands.
    pub bands: Vec<Band>,
    /// The old teacher of each class of each band, where it had one still here and qualified.
    pub prefer: BandStaff,
    /// Courses banded afresh (their pupils did not fit their old classes).
    pub afresh: Vec<String>,
    /// Classes opened beside old ones.
    pub opened: usize,
}

/// The most pupils a class of `course` may hold: its `max_size` and the seats of the largest
/// suitable room that is not closed all week.
fn seats(s: &Scenario, course: CourseId) -> usize {
    let c = &s.courses[course];
    if c.room_type.is_none() {
        return c.max_size as usize;
    }
    let all = s.week.all();
    s.rooms
        .iter()
        .filter(|r| r.suits(c) && r.unavailable.intersection(&all) != all)
        .map(|r| r.capacity)
        .max()
        .map_or(c.max_size, |r| r.min(c.max_size)) as usize
}

/// One course's old classes as they are kept.
struct Course {
    course: CourseId,
    /// Old classes (indices into `old.classes`).
    olds: Vec<usize>,
    /// Pupils of each.
    pupils: Vec<Vec<PupilId>>,
    /// The most each may hold and keep its old room (the smallest room it met in).
    strict: Vec<usize>,
    /// The most each may hold.
    cap: usize,
    /// The slots each met in.
    slots: Vec<SlotSet>,
    /// Pupils new to the course.
    new: Vec<PupilId>,
    /// Classes opened: (index of the old class whose band it joins, pupils).
    opened: Vec<(usize, Vec<PupilId>)>,
    /// Banded afresh.
    fresh: bool,
}

pub(crate) fn keep(s: &Scenario, fresh: &[Band], old: &Old, locked: &BTreeSet<PupilId>) -> Kept {
    let mut used_ids: BTreeSet<String> = old.classes.iter().map(|c| c.id.clone()).collect();
    // The fresh bands of each course, in their order.
    let mut order: Vec<CourseId> = Vec::new();
    let mut of_course: BTreeMap<CourseId, Vec<usize>> = BTreeMap::new();
    for (i, b) in fresh.iter().enumerate() {
        let c = b.classes[0].course;
        if !of_course.contains_key(&c) {
            order.push(c);
        }
        of_course.entry(c).or_default().push(i);
    }
    let mut courses: Vec<Course> = Vec::new();
    for &c in &order {
        let kind = s.courses[c].kind;
        if kind == CourseKind::Fixed || kind == CourseKind::Option {
            continue;
        }
        let olds: Vec<usize> = (0..old.classes.len())
            .filter(|&o| old.classes[o].course == c && old.classes[o].block.is_none())
            .collect();
        if olds.is_empty() {
            continue;
        }
        let mut now: Vec<PupilId> = of_course[&c]
            .iter()
            .flat_map(|&b| {
                fresh[b]
                    .classes
                    .iter()
                    .flat_map(|k| k.pupils.iter().copied())
            })
            .collect();
        now.sort();
        now.dedup();
        let cap = seats(s, c);
        let mut pupils = Vec::new();
        let mut strict = Vec::new();
        let mut stayed: BTreeSet<PupilId> = BTreeSet::new();
        for &o in &olds {
            let oc = &old.classes[o];
            let (mut first, second): (Vec<PupilId>, Vec<PupilId>) = oc
                .pupils
                .iter()
                .copied()
                .filter(|p| now.binary_search(p).is_ok())
                .partition(|p| locked.contains(p));
            first.extend(second.into_iter().take(cap.saturating_sub(first.len())));
            first.sort();
            stayed.extend(first.iter().copied());
            let room = oc
                .meetings
                .iter()
                .filter_map(|m| m.2)
                .map(|r| s.rooms[r].capacity as usize)
                .min()
                .map_or(cap, |r| r.min(cap));
            strict.push(room.max(first.len()));
            pupils.push(first);
        }
        let new = now.into_iter().filter(|p| !stayed.contains(p)).collect();
        let slots = olds
            .iter()
            .map(|&o| old.classes[o].meetings.iter().map(|m| m.0).collect())
            .collect();
        courses.push(Course {
            course: c,
            olds,
            pupils,
            strict,
            cap,
            slots,
            new,
            opened: Vec::new(),
            fresh: false,
        });
    }
    place_new(s, &mut courses);
    for c in &mut courses {
        open_classes(s, c, locked);
    }

    // The bands: kept courses from their old classes, the rest as made afresh.
    let mut bands = Vec::new();
    let mut prefer: BandStaff = Vec::new();
    let kept: BTreeMap<CourseId, &Course> = courses
        .iter()
        .filter(|c| !c.fresh)
        .map(|c| (c.course, c))
        .collect();
    let mut used_old = vec![false; old.classes.len()];
    for &c in &order {
        if let Some(k) = kept.get(&c) {
            for (band, staff) in kept_bands(s, k, old, &mut used_ids) {
                bands.push(band);
                prefer.push(staff);
            }
            continue;
        }
        for &b in &of_course[&c] {
            let mut band = fresh[b].clone();
            let staff = if s.courses[c].kind == CourseKind::Fixed
                || band.classes.iter().any(|k| k.given.is_some())
            {
                band.classes
                    .iter()
                    .map(|k| old.by_id.get(&k.id).and_then(|&o| old.classes[o].staff))
                    .collect()
            } else {
                rematch(s, &mut band, old, locked, &mut used_old, &mut used_ids)
            };
            bands.push(band);
            prefer.push(staff);
        }
    }
    let afresh = courses
        .iter()
        .filter(|c| c.fresh)
        .map(|c| s.courses[c.course].name.clone())
        .collect();
    let opened = courses.iter().map(|c| c.opened.len()).sum();
    Kept {
        bands,
        prefer,
        afresh,
        opened,
    }
}

/// Puts each pupil new to some kept courses into classes: a template's where one has seats
/// (in the old rooms first), else the emptiest class with seats, else a class to open in the
/// band of the template's class.
fn place_new(s: &Scenario, courses: &mut [Course]) {
    // Where each pupil is: (course index, class index).
    let mut at: BTreeMap<(usize, PupilId), usize> = BTreeMap::new();
    for (i, c) in courses.iter().enumerate() {
        for (j, ps) in c.pupils.iter().enumerate() {
            for &p in ps {
                at.insert((i, p), j);
            }
        }
    }
    let mut missing: BTreeMap<PupilId, Vec<usize>> = BTreeMap::new();
    for (i, c) in courses.iter().enumerate() {
        for &p in &c.new {
            missing.entry(p).or_default().push(i);
        }
    }
    let mut sizes: Vec<Vec<usize>> = courses
        .iter()
        .map(|c| c.pupils.iter().map(Vec::len).collect())
        .collect();
    let caps: Vec<(Vec<usize>, usize)> =
        courses.iter().map(|c| (c.strict.clone(), c.cap)).collect();
    for (p, mine) in missing {
        let me = &s.pupils[p];
        let room = |sizes: &Vec<Vec<usize>>, i: usize, j: usize, strict: bool| {
            let (tight, cap) = &caps[i];
            sizes[i][j] < if strict { tight[j] } else { *cap }
        };
        // Courses with no seat left in any class.
        let full: Vec<usize> = mine
            .iter()
            .copied()
            .filter(|&i| (0..sizes[i].len()).all(|j| !room(&sizes, i, j, false)))
            .collect();
        let mut template: Option<(usize, PupilId)> = None;
        for pass in 0..3 {
            for (q, other) in s.pupils.iter_enumerated() {
                if q == p || other.stage != me.stage {
                    continue;
                }
                let fits = mine.iter().all(|&i| match at.get(&(i, q)) {
                    Some(&j) => match pass {
                        0 => room(&sizes, i, j, true),
                        1 => room(&sizes, i, j, false),
                        _ => full.contains(&i) || room(&sizes, i, j, false),
                    },
                    None => false,
                });
                if !fits {
                    continue;
                }
                // A full course's class opens beside a class that has one opening already
                // where it can (joiners together), then the same tutor group.
                let apart =
                    full.iter()
                        .filter(|&&i| {
                            let c = &courses[i];
                            let j = at[&(i, q)];
                            !c.opened.is_empty()
                                && !c.opened.iter().any(|o| {
                                    o.0 == j || (o.0 != ALONE && c.slots[o.0] == c.slots[j])
                                })
                        })
                        .count();
                let rank = 2 * apart + usize::from(other.tutor_group != me.tutor_group);
                if template.is_none_or(|(r, _)| rank < r) {
                    template = Some((rank, q));
                }
                if rank == 0 {
                    break;
                }
            }
            if template.is_some() {
                break;
            }
        }
        for &i in &mine {
            let j = match template.and_then(|(_, q)| at.get(&(i, q)).copied()) {
                Some(j) if room(&sizes, i, j, false) => Some(j),
                Some(j) => {
                    // Full: a class to open beside the template's.
                    match courses[i].opened.iter_mut().find(|o| o.0 == j) {
                        Some(o) => o.1.push(p),
                        None => courses[i].opened.push((j, vec![p])),
                    }
                    continue;
                }
                None => (0..sizes[i].len())
                    .filter(|&j| room(&sizes, i, j, false))
                    .min_by_key(|&j| (sizes[i][j], j)),
            };
            match j {
                Some(j) => {
                    sizes[i][j] += 1;
                    courses[i].pupils[j].push(p);
                    at.insert((i, p), j);
                }
                None => match courses[i].opened.iter_mut().find(|o| o.0 == ALONE) {
                    Some(o) => o.1.push(p),
                    None => courses[i].opened.push((ALONE, vec![p])),
                },
            }
        }
    }
    for c in courses.iter_mut() {
        for ps in &mut c.pupils {
            ps.sort();
        }
    }
}

/// The classes a course opens for pupils its classes cannot seat: in the band of the class
/// they stand beside (as many as they need, filled up to `min_size` from that band, the last
/// pupils of its largest classes, never a locked one); where that takes more classes than
/// `max_classes` allows, as few as can be, meeting on their own (filled from any class). A
/// course that still cannot open them is banded afresh.
fn open_classes(s: &Scenario, c: &mut Course, locked: &BTreeSet<PupilId>) {
    if c.opened.is_empty() {
        return;
    }
    let course = &s.courses[c.course];
    let min = course.min_size as usize;
    let cap = c.cap.max(1);
    let tutorial = course.kind == CourseKind::Tutorial;
    let band_of = |j: usize| -> Vec<usize> {
        if j == ALONE {
            return (0..c.olds.len()).collect();
        }
        (0..c.olds.len())
            .filter(|&i| {
                i == j || (!tutorial && !c.slots[j].is_empty() && c.slots[i] == c.slots[j])
            })
            .collect()
    };
    // Pool the pupils of each band (its first class stands for it).
    let mut pools: Vec<(usize, Vec<PupilId>)> = Vec::new();
    for (j, ps) in std::mem::take(&mut c.opened) {
        let lead = band_of(j)[0];
        match pools.iter_mut().find(|p| p.0 == lead) {
            Some(p) => p.1.extend(ps),
            None => pools.push((lead, ps)),
        }
    }
    let need = |pools: &[(usize, Vec<PupilId>)]| -> usize {
        pools.iter().map(|p| p.1.len().div_ceil(cap)).sum()
    };
    let most = course.max_classes as usize;
    if c.olds.len() + need(&pools) > most {
        let all = pools.into_iter().flat_map(|p| p.1).collect();
        pools = vec![(ALONE, all)];
    }
    if c.olds.len() + need(&pools) > most {
        c.fresh = true;
        return;
    }
    let mut opened = Vec::new();
    for (lead, mut ps) in pools {
        let k = ps.len().div_ceil(cap);
        let band = band_of(lead);
        while ps.len() < min * k {
            let Some(big) = band
                .iter()
                .copied()
                .filter(|&i| c.pupils[i].len() > min)
                .max_by_key(|&i| c.pupils[i].len())
            else {
                break;
            };
            let Some(at) = c.pupils[big].iter().rposition(|p| !locked.contains(p)) else {
                break;
            };
            ps.push(c.pupils[big].remove(at));
        }
        if ps.len() < min * k {
            c.fresh = true;
            return;
        }
        ps.sort();
        for n in 0..k {
            opened.push((lead, ps.iter().skip(n).step_by(k).copied().collect()));
        }
    }
    c.opened = opened;
}

/// A class of a kept band: its id, pupils and old class (none for one opened).
type Member = (String, Vec<PupilId>, Option<usize>);

/// Where an opened class stands beside no class: it meets on its own.
const ALONE: usize = usize::MAX;

/// The bands of a kept course: its old classes (those with pupils) grouped by the slots they
/// met in, opened classes in the band of the class they stand beside; a band with more classes
/// than suitable rooms open in its slots gives up those that lost their room.
fn kept_bands(
    s: &Scenario,
    c: &Course,
    old: &Old,
    used_ids: &mut BTreeSet<String>,
) -> Vec<(Band, Vec<Option<StaffId>>)> {
    let course = &s.courses[c.course];
    let tutorial = course.kind == CourseKind::Tutorial;
    // (slots, members: (class, pupils, old index)).
    let mut groups: Vec<(SlotSet, Vec<Member>)> = Vec::new();
    for (j, &o) in c.olds.iter().enumerate() {
        let mut members = Vec::new();
        if !c.pupils[j].is_empty() {
            members.push((old.classes[o].id.clone(), c.pupils[j].clone(), Some(o)));
        }
        for (_, ps) in c.opened.iter().filter(|x| x.0 == j) {
            let id = super::unique(&format!("{}-{}", course.id, c.olds.len() + 1), used_ids);
            members.push((id, ps.clone(), None));
        }
        if members.is_empty() {
            continue;
        }
        let set = c.slots[j];
        match groups
            .iter_mut()
            .find(|g| !tutorial && !set.is_empty() && g.0 == set)
        {
            Some(g) => g.1.extend(members),
            None => groups.push((set, members)),
        }
    }
    let alone: Vec<Member> = c
        .opened
        .iter()
        .filter(|x| x.0 == ALONE)
        .map(|(_, ps)| {
            let id = super::unique(&format!("{}-{}", course.id, c.olds.len() + 1), used_ids);
            (id, ps.clone(), None)
        })
        .collect();
    if !alone.is_empty() {
        groups.push((SlotSet::EMPTY, alone));
    }
    let mut out = Vec::new();
    let kind = if course.kind == CourseKind::Lecture {
        "lecture"
    } else {
        "sets"
    };
    let lost = |o: Option<usize>| {
        course.room_type.is_some()
            && o.is_some_and(|o| old.classes[o].meetings.iter().any(|m| m.2.is_none()))
    };
    let mut n = 0;
    for (set, mut members) in groups {
        // Rooms that suit the course and are open in all the band's slots.
        let open = s
            .rooms
            .iter()
            .filter(|r| r.suits(course) && r.unavailable.intersection(&set).is_empty())
            .count();
        let mut alone = Vec::new();
        if course.room_type.is_some() && !set.is_empty() {
            while members.len() > open.max(1) {
                let at = members
                    .iter()
                    .rposition(|m| lost(m.2))
                    .unwrap_or(members.len() - 1);
                alone.push(members.remove(at));
            }
        }
        for ms in std::iter::once(members).chain(alone.into_iter().map(|m| vec![m])) {
            n += 1;
            let name = if tutorial {
                format!("{} {}", course.name, ms[0].0)
            } else {
                format!("{} {kind} band {n} (kept)", course.name)
            };
            let staff = ms
                .iter()
                .map(|m| m.2.and_then(|o| old.classes[o].staff))
                .collect();
            let classes = ms
                .into_iter()
                .map(|(id, pupils, _)| NewClass {
                    id,
                    course: c.course,
                    pupils,
                    given: None,
                })
                .collect();
            out.push((Band { name, classes }, staff));
        }
    }
    out
}

/// A band made afresh, matched to old classes of its course: most shared pupils, then the same
/// id; each band pupil into the class matched to their old class while it has room (a locked
/// pupil always), the rest into the smallest. Returns the old teacher of each class.
fn rematch(
    s: &Scenario,
    band: &mut Band,
    old: &Old,
    locked: &BTreeSet<PupilId>,
    used_old: &mut [bool],
    used_ids: &mut BTreeSet<String>,
) -> Vec<Option<StaffId>> {
    let mut pairs = Vec::new();
    for (j, c) in band.classes.iter().enumerate() {
        for (o, oc) in old.classes.iter().enumerate() {
            if oc.course != c.course || oc.block.is_some() || used_old[o] {
                continue;
            }
            let shared = c
                .pupils
                .iter()
                .filter(|p| oc.pupils.binary_search(p).is_ok())
                .count();
            pairs.push((shared, oc.id == c.id, j, o));
        }
    }
    pairs.sort_by(|a, b| {
        (b.0, b.1)
            .cmp(&(a.0, a.1))
            .then((a.2, a.3).cmp(&(b.2, b.3)))
    });
    let mut matched: Vec<Option<usize>> = vec![None; band.classes.len()];
    for (_, _, j, o) in pairs {
        if matched[j].is_none() && !used_old[o] {
            matched[j] = Some(o);
            used_old[o] = true;
        }
    }
    // A class may keep up to its course's max_size (and its largest room's seats), more than
    // the fresh, even split gives: keeping a pupil beats balancing.
    let course = &s.courses[band.classes[0].course];
    let fresh = band
        .classes
        .iter()
        .map(|c| c.pupils.len())
        .max()
        .unwrap_or(0);
    let cap = fresh.max(seats(s, band.classes[0].course));
    let mut all: Vec<PupilId> = band
        .classes
        .iter()
        .flat_map(|c| c.pupils.iter().copied())
        .collect();
    all.sort();
    all.dedup();
    let home = |p: PupilId| -> Option<usize> {
        matched
            .iter()
            .position(|m| m.is_some_and(|o| old.classes[o].pupils.binary_search(&p).is_ok()))
    };
    let mut new: Vec<Vec<PupilId>> = vec![Vec::new(); band.classes.len()];
    let mut rest = Vec::new();
    let (first, second): (Vec<PupilId>, Vec<PupilId>) =
        all.iter().partition(|p| locked.contains(p));
    for p in first.into_iter().chain(second) {
        match home(p) {
            Some(j) if locked.contains(&p) || new[j].len() < cap => new[j].push(p),
            _ => rest.push(p),
        }
    }
    for p in rest {
        let j = (0..new.len())
            .min_by_key(|&j| (new[j].len(), j))
            .expect("a band has classes");
        new[j].push(p);
    }
    // Classes below min_size take pupils from the largest (the last ones put there).
    let min = course.min_size as usize;
    for _ in 0..all.len() {
        let Some(small) = (0..new.len()).find(|&j| new[j].len() < min) else {
            break;
        };
        let big = (0..new.len())
            .max_by_key(|&j| (new[j].len(), j))
            .expect("classes");
        if new[big].len() <= min {
            break;
        }
        let at = new[big].iter().rposition(|p| !locked.contains(p));
        let Some(at) = at else { break };
        let p = new[big].remove(at);
        new[small].push(p);
    }
    for (j, c) in band.classes.iter_mut().enumerate() {
        new[j].sort();
        c.pupils = std::mem::take(&mut new[j]);
        c.id = match matched[j] {
            Some(o) => old.classes[o].id.clone(),
            None => super::unique(&c.id, used_ids),
        };
    }
    matched
        .iter()
        .map(|m| m.and_then(|o| old.classes[o].staff))
        .collect()
}
