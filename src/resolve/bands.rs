//! The classes outside the option blocks, kept: the bands a fresh solve makes (core sets,
//! lectures, tutorials, fixed classes) are matched to the old classes of their course, most
//! shared pupils first; each matched class takes the old class's id, its old pupils (as far as
//! the band's largest fresh set allows) and its old teacher where the band's staffing has them.

use std::collections::BTreeSet;

use super::old::Old;
use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};
use crate::solve::staffing::BandStaff;
use crate::solve::teaching::Band;
use crate::solve::Staffing;

/// The bands with old ids, pupils and teachers kept.
pub(crate) struct Kept {
    /// The bands.
    pub bands: Vec<Band>,
    /// A teacher for each class of each band.
    pub staff: BandStaff,
}

pub(crate) fn keep(
    s: &Scenario,
    staffing: &Staffing,
    old: &Old,
    locked: &BTreeSet<PupilId>,
) -> Kept {
    let mut bands = staffing.bands.clone();
    let mut staff = staffing.staff.clone();
    let mut used_old = vec![false; old.classes.len()];
    let mut used_ids: BTreeSet<String> = old.classes.iter().map(|c| c.id.clone()).collect();
    // Fixed classes keep their given ids.
    for b in &bands {
        for c in &b.classes {
            if s.courses[c.course].kind == CourseKind::Fixed {
                if let Some(&o) = old.by_id.get(&c.id) {
                    used_old[o] = true;
                }
            }
        }
    }
    for (band, teachers) in bands.iter_mut().zip(staff.iter_mut()) {
        if band
            .classes
            .iter()
            .any(|c| s.courses[c.course].kind == CourseKind::Fixed)
        {
            continue;
        }
        // Match fresh classes to old ones of the same course: most shared pupils, then the
        // same id.
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
        // Repack the band's pupils: each into the class matched to their old class while it
        // has room (a locked pupil always), the rest into the smallest.
        // A class may keep up to its course's max_size (and its largest room's seats), more
        // than the fresh, even split gives: keeping a pupil beats balancing.
        let course = &s.courses[band.classes[0].course];
        let seats = s
            .rooms
            .iter()
            .filter(|r| r.suits(course))
            .map(|r| r.capacity)
            .max()
            .map_or(course.max_size, |r| r.min(course.max_size));
        let fresh = band
            .classes
            .iter()
            .map(|c| c.pupils.len())
            .max()
            .unwrap_or(0);
        let cap = fresh.max(seats as usize);
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
                None => super::unique(&c.id, &mut used_ids),
            };
        }
        // Old teachers back to their classes where the band has them.
        for j in 0..band.classes.len() {
            let Some(t) = matched[j].and_then(|o| old.classes[o].staff) else {
                continue;
            };
            if let Some(i) = teachers.iter().position(|&x| x == Some(t)) {
                let ok = |k: usize, who: Option<StaffId>| {
                    who.is_none_or(|w| s.staff[w].can_teach(band.classes[k].course))
                };
                if i != j && ok(j, teachers[i]) && ok(i, teachers[j]) {
                    teachers.swap(i, j);
                }
            }
        }
    }
    Kept { bands, staff }
}
