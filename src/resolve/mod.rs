//! Re-solving a published timetable with the fewest changes (`tailor resolve`). The stages,
//! in order, are the solver's own with the old solution as the starting point:
//!
//! 1. [`old`]: the old solution read against the new scenario, ids matched by name; classes
//!    that no longer hold are invalidated (notes);
//! 2. the old classes outside the blocks kept with their bands, pupils new to a course put
//!    into a template pupil's classes ([`bands`]), then staffing with the old teachers kept
//!    where it can (a bonus per kept teacher in its objective);
//! 3. [`section`]: the option classes of the kept blocks (plus a fresh design's with
//!    `--free-blocks`), pupils put in by one integer program whose levels are the limits, the
//!    choices met, then the fewest changes;
//! 4. teachers for the option classes, the old ones first;
//! 5. [`week`]: the placement engine held to the old meetings, freeing only what cannot stay;
//! 6. the solution, and its difference from the old one ([`crate::solution::changes`]).

mod bands;
pub(crate) mod old;
pub mod perturb;
mod section;
mod staffable;
mod week;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use crate::error::Result;
use crate::ids::*;
use crate::scenario::{CourseKind, Scenario};
use crate::solution::changes::{self, Change, Limits, Locks, Named};
use crate::solution::{Class, Enrolment, Note, Solution, Summary, Unmet};
use crate::solve::{options, Budget, Choices, Options, Taught};

/// What a re-solve is asked to do.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The solver's settings (time, threads, seed).
    pub solve: Options,
    /// `--free-blocks`: classes of a fresh block design may open too.
    pub free_blocks: bool,
    /// `--max-changes`, `--max-changes-per-pupil`.
    pub limits: Limits,
    /// The scenario's `locks.csv`.
    pub locks: Locks,
    /// The old solution folder, as the summary records it.
    pub from: String,
}

/// A re-solved solution and its difference from the old one.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The new solution (its summary has the `changes` figures).
    pub solution: Solution,
    /// Every change, as `changes.csv` lists it.
    pub changes: Vec<Change>,
}

/// Re-solves `scenario` from the old solution `named`, changing as little as it can.
pub fn resolve(scenario: &Scenario, named: &Named, settings: &Settings) -> Result<Resolved> {
    let s = scenario;
    let opts = &settings.solve;
    let budget = Budget::new(opts.time_limit_s);
    let mut seconds = BTreeMap::new();
    let t = Instant::now();
    let old = old::map(s, named);
    let locked_pupils: BTreeSet<PupilId> = settings
        .locks
        .pupils
        .iter()
        .filter_map(|p| s.pupil_ids.get(p))
        .collect();
    let mut notes: Vec<Note> = old.notes.clone();

    // The old classes outside the blocks kept (the fresh bands where they cannot be), then
    // staffed keeping their old teachers where it can.
    let (fresh, teach_notes) = crate::solve::teaching::run(s);
    notes.extend(teach_notes);
    let kept = bands::keep(s, &fresh, &old, &locked_pupils);
    opts.progress.say(&format!(
        "bands: {} kept or made, {} classes opened, banded afresh: {:?}",
        kept.bands.len(),
        kept.opened,
        kept.afresh
    ));
    let (kept_staff, staff_notes) = crate::solve::staffing::run_keeping(
        s,
        &kept.bands,
        &crate::solve::highs::Limits {
            time_limit_s: budget.share(crate::solve::STAFFING_SHARE).left(),
            mip_gap: 0.0,
            threads: opts.threads,
            seed: opts.seed,
            verbose: opts.verbose,
        },
        Some(&kept.prefer),
    )?;
    notes.extend(staff_notes);
    let reserved = crate::solve::teaching::load(s, &kept.bands, &kept_staff);
    seconds.insert(
        "resolve: old solution and bands".to_owned(),
        t.elapsed().as_secs_f64(),
    );

    // The option classes that may run.
    let mut used: BTreeSet<String> = kept
        .bands
        .iter()
        .flat_map(|b| b.classes.iter().map(|c| c.id.clone()))
        .collect();
    let mut candidates: Vec<section::Candidate> = Vec::new();
    for o in &old.classes {
        let Some(block) = o.block else { continue };
        if s.courses[o.course].kind != CourseKind::Option {
            continue;
        }
        let pupils: Vec<PupilId> = o
            .pupils
            .iter()
            .copied()
            .filter(|&p| s.pupils[p].choice_of(o.course).is_some())
            .collect();
        used.insert(o.id.clone());
        candidates.push(section::Candidate {
            id: o.id.clone(),
            course: o.course,
            block,
            old: pupils,
            locked: settings.locks.classes.contains(&o.id),
            kept: true,
        });
    }
    if settings.free_blocks {
        let t = Instant::now();
        let (_, fresh) = options::design_all(s, opts, &budget.share(0.3), &reserved)?;
        for c in fresh.taught.classes.iter() {
            let Some(block) = c.block else { continue };
            let id = unique(&c.id, &mut used);
            candidates.push(section::Candidate {
                id,
                course: c.course,
                block,
                old: Vec::new(),
                locked: false,
                kept: false,
            });
        }
        seconds.insert(
            "resolve: fresh block design".to_owned(),
            t.elapsed().as_secs_f64(),
        );
    }

    // Changes the program does not decide: band classes, and old classes that cannot stay.
    let mut forced: KeyedVec<PupilId, (u32, u32)> = KeyedVec::filled(s.pupils.len(), (0, 0));
    let mut band_ids: KeyedVec<PupilId, BTreeSet<&str>> =
        KeyedVec::filled(s.pupils.len(), BTreeSet::new());
    for b in &kept.bands {
        for c in &b.classes {
            for &p in &c.pupils {
                band_ids[p].insert(c.id.as_str());
            }
        }
    }
    for (pid, p) in s.pupils.iter_enumerated() {
        let none = BTreeSet::new();
        let was = named.pupils.get(&p.id).unwrap_or(&none);
        let dropped = was
            .iter()
            .filter(|k| {
                !band_ids[pid].contains(k.as_str())
                    && !candidates
                        .iter()
                        .any(|c| &c.id == *k && c.old.binary_search(&pid).is_ok())
            })
            .count() as u32;
        let added = band_ids[pid].iter().filter(|k| !was.contains(**k)).count() as u32;
        forced[pid] = (dropped, added);
    }

    let old_unmet: BTreeSet<(PupilId, CourseId)> = named
        .unmet
        .iter()
        .filter_map(|(p, c)| Some((s.pupil_ids.get(p)?, s.course_ids.get(c)?)))
        .collect();
    let known: KeyedVec<PupilId, bool> = s
        .pupils
        .iter()
        .map(|p| named.pupils.contains_key(&p.id))
        .collect();
    // The teachers free where each block met, and what they can take.
    let free = staffable::free(s, &old, &kept.bands, &kept_staff);
    let staffable = staffable::rows(s, &old, &candidates, &free, &reserved);
    let t = Instant::now();
    let left = budget.left();
    let sectioned = section::run(&section::Input {
        scenario: s,
        candidates: &candidates,
        locked: &locked_pupils,
        forced: &forced,
        old_unmet: &old_unmet,
        known: &known,
        staffable: &staffable,
        limits: settings.limits,
        highs: crate::solve::highs::Limits {
            time_limit_s: (left * 0.4).max(2.0),
            mip_gap: opts.mip_gap,
            threads: opts.threads,
            seed: opts.seed,
            verbose: opts.verbose,
        },
    })?;
    for (name, sec) in &sectioned.seconds {
        seconds.insert(name.clone(), *sec);
    }
    notes.extend(sectioned.notes.iter().cloned());
    seconds.insert("resolve: sectioning".to_owned(), t.elapsed().as_secs_f64());

    // The taught classes: option classes that run, with teachers, then the bands.
    let mut taught = Taught::default();
    let mut load = reserved.clone();
    let mut busy: BTreeSet<(BlockId, StaffId)> = BTreeSet::new();
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&i| sectioned.open[i])
        .collect();
    // Old teachers first, so that a new class takes who is left.
    order.sort_by_key(|&i| {
        (
            old.by_id
                .get(&candidates[i].id)
                .and_then(|&o| old.classes[o].staff)
                .is_none(),
            i,
        )
    });
    let mut staff_of: BTreeMap<usize, Option<StaffId>> = BTreeMap::new();
    for &i in &order {
        let c = &candidates[i];
        let course = &s.courses[c.course];
        let ppb = s.periods_of(c.course, Some(c.block));
        let fits =
            |t: StaffId, load: &KeyedVec<StaffId, u32>, busy: &BTreeSet<(BlockId, StaffId)>| {
                s.staff[t].can_teach(c.course)
                    && !busy.contains(&(c.block, t))
                    && load[t] + ppb <= s.staff[t].max_periods
            };
        let was = old.by_id.get(&c.id).and_then(|&o| old.classes[o].staff);
        // The old teacher, else the least loaded free where the block met (so that the block
        // keeps its slots), else any who fits (the week moves the block).
        let pick = if !course.staffed {
            None
        } else {
            s.staff
                .iter_enumerated()
                .filter(|(t, _)| fits(*t, &load, &busy))
                .min_by_key(|(t, st)| {
                    (
                        !free[c.block][t.index()],
                        Some(*t) != was,
                        load[*t] * 100 / st.max_periods.max(1),
                        *t,
                    )
                })
                .map(|(t, _)| t)
        };
        if let Some(t) = pick {
            load[t] += ppb;
            busy.insert((c.block, t));
        } else if course.staffed {
            notes.push(Note::NoTeacher {
                class: c.id.clone(),
                course: course.name.clone(),
            });
        }
        staff_of.insert(i, pick);
    }
    let mut taken: KeyedVec<PupilId, Vec<CourseId>> = KeyedVec::filled(s.pupils.len(), Vec::new());
    for (i, c) in candidates.iter().enumerate() {
        if !sectioned.open[i] {
            continue;
        }
        let id = taught.classes.push(Class {
            id: c.id.clone(),
            course: c.course,
            block: Some(c.block),
            staff: staff_of[&i],
            room: None,
        });
        for &pupil in &sectioned.pupils[i] {
            taught.enrolments.push(Enrolment { pupil, class: id });
            taken[pupil].push(c.course);
        }
    }
    let band_classes = crate::solve::push_bands(s, &mut taught, &kept.bands, &kept_staff);
    taught.enrolments.sort();

    // Missed option choices, explained; then tutorials.
    let mut unmet = Vec::new();
    let mut choices = Choices::default();
    for (pid, p) in s.pupils.iter_enumerated() {
        for ch in p
            .choices
            .iter()
            .filter(|ch| s.courses[ch.course].kind == CourseKind::Option)
        {
            let has = taken[pid].contains(&ch.course);
            if ch.reserve {
                choices.reserves_used += u64::from(has);
                continue;
            }
            choices.main_choices += 1;
            if has {
                choices.main_choices_met += 1;
                continue;
            }
            let course = &s.courses[ch.course];
            let runs: Vec<String> = candidates
                .iter()
                .enumerate()
                .filter(|(i, c)| c.course == ch.course && sectioned.open[*i])
                .map(|(_, c)| format!("{} (block {})", c.id, s.blocks[c.block].name))
                .collect();
            let reason = if runs.is_empty() {
                format!("{} runs in no class of the kept blocks", course.name)
            } else {
                format!(
                    "{}'s classes {} are full or clash with the pupil's other classes (the blocks are kept)",
                    course.name,
                    runs.join(", ")
                )
            };
            unmet.push(Unmet {
                pupil: pid,
                course: ch.course,
                rank: ch.rank,
                reason,
            });
        }
    }
    options::tutorial_unmet(s, &taught, &mut unmet, &mut choices);

    // The week, warm.
    let t = Instant::now();
    let locked_classes: BTreeSet<ClassId> = taught
        .classes
        .iter_enumerated()
        .filter(|(_, c)| settings.locks.classes.contains(&c.id))
        .map(|(k, _)| k)
        .chain(
            taught
                .enrolments
                .iter()
                .filter(|e| locked_pupils.contains(&e.pupil))
                .map(|e| e.class),
        )
        .collect();
    let placed = week::run(
        s,
        opts,
        &budget,
        &taught,
        &band_classes,
        &old,
        &locked_classes,
    );
    seconds.insert("week".to_owned(), t.elapsed().as_secs_f64());
    opts.progress.say(&format!(
        "the week: {} of {} events placed afresh",
        placed.freed, placed.events
    ));
    notes.extend(placed.week.notes.iter().cloned());
    let complete = !notes.iter().any(Note::leaves_week_incomplete);
    let mut classes = taught.classes;
    for (class, room) in classes.iter_mut().zip(placed.week.rooms.iter()) {
        class.room = *room;
    }
    let mut solution = Solution {
        classes,
        meetings: placed.week.meetings,
        enrolments: taught.enrolments,
        unmet,
        summary: Summary {
            scenario: s.name.clone(),
            tailor_version: env!("CARGO_PKG_VERSION").into(),
            stage: "resolve".into(),
            pupils: s.pupils.len() as u64,
            pupils_fully_met: choices.pupils_fully_met,
            main_choices: choices.main_choices,
            main_choices_met: choices.main_choices_met,
            reserves_used: choices.reserves_used,
            status: if settings.free_blocks {
                "re-solved, blocks free".into()
            } else {
                "re-solved, blocks kept".into()
            },
            complete,
            notes,
            seconds,
            ..Summary::default()
        },
    };
    solution.summary.classes = solution.classes.len() as u64;
    solution.summary.meetings = solution.meetings.len() as u64;
    solution.summary.soft = Some(crate::solve::quality::figures(s, &solution));
    solution.summary.size_spread = crate::solve::quality::size_spread(s, &solution);
    let new = Named::of(s, &solution);
    let rows = changes::diff(named, &new);
    let mut figures = changes::figures(named, &new, &rows);
    figures.limits = settings.limits;
    figures.from = settings.from.clone();
    solution.summary.changes = Some(figures);
    Ok(Resolved {
        solution,
        changes: rows,
    })
}

/// `id`, or `id.2`, `id.3`, … when taken; recorded as taken.
pub(crate) fn unique(id: &str, used: &mut BTreeSet<String>) -> String {
    let mut out = id.to_owned();
    let mut n = 2;
    while used.contains(&out) {
        out = format!("{id}.{n}");
        n += 1;
    }
    used.insert(out.clone());
    out
}
